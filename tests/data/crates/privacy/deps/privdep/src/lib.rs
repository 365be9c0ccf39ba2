#![allow(dead_code)]
pub struct DepPub(pub std::rc::Rc<u8>);
pub(crate) struct DepCrate(pub u8);
struct DepPriv(pub u8);
mod hidden {
    pub struct InHidden(pub u8);
}
pub mod open {
    pub struct DepOpen(pub std::cell::Cell<u8>);
    pub(crate) struct DepOpenCrate(pub u8);
    pub(super) struct DepOpenSuper(pub u8);
}
pub use self::hidden::InHidden as Surfaced;
