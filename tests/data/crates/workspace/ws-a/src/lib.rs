pub struct Base(pub std::cell::RefCell<u8>);
pub struct BaseOk(pub u8);
