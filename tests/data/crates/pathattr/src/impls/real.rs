pub struct Real(pub std::cell::RefCell<u8>);
