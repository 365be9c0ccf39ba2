#[cfg(feature = "rc")]
pub struct Shared(pub std::rc::Rc<u8>);
#[cfg(not(feature = "rc"))]
pub struct Shared(pub std::sync::Arc<u8>);

#[cfg(feature = "std")]
pub struct Buf(pub Vec<u8>);
#[cfg(not(feature = "std"))]
pub struct Buf(pub *const u8);

#[cfg(all(feature = "sync", not(feature = "cell")))]
pub struct Guard(pub std::sync::Mutex<u8>);
#[cfg(any(not(feature = "sync"), feature = "cell"))]
pub struct Guard(pub std::cell::Cell<u8>);

#[cfg(feature = "cell")]
pub struct OnlyCell(pub std::cell::RefCell<u8>);

pub struct Both(pub Shared, pub Buf);
