pub mod c;
pub struct A(pub std::cell::Cell<u8>);
