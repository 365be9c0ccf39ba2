pub struct Fd(pub i32);
pub struct Handle(pub std::rc::Rc<i32>);
