pub struct PubInPriv(pub std::rc::Rc<u8>);
struct Hidden(pub u8);
pub(crate) struct CrateVis(pub *const u8);
pub(super) struct SuperVis(pub u8);
pub(in crate::a) struct InA(pub u8);
pub(self) struct SelfVis(pub u8);
pub mod inner {
    pub struct Deep(pub u8);
    pub(super) struct SuperOfInner(pub u8);
    pub(crate) struct CrateOfInner(pub std::cell::Cell<u8>);
    pub(in crate::a) struct InAFromInner(pub u8);
    pub(in crate) struct InCrate(pub u8);
    struct PrivDeep(pub u8);
}
mod secret {
    pub struct Reexported(pub u8);
    pub struct NotReexported(pub u8);
    pub(crate) struct CrateSecret(pub std::rc::Rc<u8>);
}
pub use self::secret::Reexported;
pub use self::secret::Reexported as Renamed;
pub(crate) use self::secret::CrateSecret;
mod globbed {
    pub struct G1(pub u8);
    pub(crate) struct G2(pub u8);
    pub(super) struct G3(pub u8);
    struct G4(pub u8);
}
pub use self::globbed::*;
pub(super) use self::inner::Deep as DeepFromA;
use self::inner::Deep as PrivAlias;
pub(crate) mod cr {
    pub struct InCrateMod(pub u8);
    pub(super) struct SuperOfCr(pub u8);
}
