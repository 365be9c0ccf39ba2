pub struct HasSlot(pub regdep::Slot);
pub struct HasShared(pub regdep::Shared, pub std::rc::Rc<u8>);
