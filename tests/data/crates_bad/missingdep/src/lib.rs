pub struct Fine(pub u8);
pub struct NotFine(pub std::rc::Rc<u8>);
pub struct NeedsGhost(pub ghost::Thing); // BROKEN
