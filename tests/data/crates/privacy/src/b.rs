pub struct Open(pub u8);
pub(super) struct BSuper(pub std::rc::Rc<u8>);
struct BPriv(pub u8);
pub(in crate::b) struct InB(pub u8);
pub(crate) mod c {
    pub struct C1(pub u8);
    pub(super) struct C2(pub u8);
    pub(crate) struct C3(pub u8);
}
mod d {
    pub struct D1(pub u8);
    pub(crate) struct D2(pub u8);
}
pub use self::d::D1 as D1Pub;
pub mod e {
    pub(in crate::b) struct E1(pub u8);
    pub(in crate) struct E2(pub u8);
    pub mod f {
        pub(in crate::b::e) struct F1(pub u8);
        pub(super) struct F2(pub u8);
        pub(in crate::b) use super::E1 as E1Again;
    }
}
