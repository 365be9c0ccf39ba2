#[cfg(feature = "rc")]
pub struct Conn(pub std::rc::Rc<u8>);
#[cfg(not(feature = "rc"))]
pub struct Conn(pub std::sync::Arc<u8>);
pub struct Pool<T>(pub Vec<T>);
pub mod private_parts { pub struct Cellish(pub std::cell::Cell<u8>); }
