pub mod other {
    pub struct Mutex<T>(pub std::cell::Cell<T>);
    pub struct Arc<T>(pub T);
}
pub mod stdlike {
    pub use std::sync::*;
}
mod globs {
    pub struct Thing(pub std::rc::Rc<u8>);
    pub struct Mutex<T>(pub T);
}
pub struct Rc(pub u8);
use other::Mutex;
use stdlike::*;
use globs::*;
pub struct UsesMutex(pub Mutex<u8>);
pub struct UsesRc(pub Rc);
pub struct UsesArc(pub Arc<std::cell::Cell<u8>>);
pub struct UsesThing(pub Thing);
pub struct UsesOtherArc(pub other::Arc<std::cell::Cell<u8>>);
pub mod child {
    pub struct Box(pub *const u8);
    pub struct UsesBox(pub Box);
    pub struct UsesOption(pub Option<std::rc::Rc<u8>>);
}
