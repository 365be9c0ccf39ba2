pub mod b;
pub struct InA(pub core::cell::Cell<u8>);
