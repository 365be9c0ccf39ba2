pub struct Token(pub std::rc::Rc<u8>);
pub struct Plain(pub u32);
pub mod sync {
    pub struct Mutex<T>(pub std::cell::RefCell<T>);
}
