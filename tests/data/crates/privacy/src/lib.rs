//! Visibility: which paths a goal at the crate root may name (rustc: E0603 when private).
#![allow(dead_code, unused_imports)]
mod a;
pub mod b;

use a::inner::Deep;
pub use b::Open as Opened;
pub use privdep::open as depopen;
struct RootPriv(pub u8);
pub(crate) struct RootCrate(pub std::rc::Rc<u8>);
pub(self) struct RootSelf(pub u8);
