mod gone; // BROKEN
pub struct Fine(pub u8);
pub struct NotFine(pub std::rc::Rc<u8>);
