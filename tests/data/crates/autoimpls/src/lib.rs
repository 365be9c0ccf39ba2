use std::cell::{Cell, RefCell};
use std::marker::PhantomData;
use std::rc::Rc;
use std::sync::{Arc, Mutex, RwLock};
pub struct Raw(pub *mut u8);
unsafe impl Send for Raw {}
pub struct RawSync(pub *const u8);
unsafe impl Sync for RawSync {}
pub struct GenSend<T>(pub *const T);
unsafe impl<T: Send> Send for GenSend<T> {}
pub struct Marker<T>(pub PhantomData<T>);
pub struct FnMarker<T>(pub PhantomData<fn() -> T>);
pub struct PtrMarker<T>(pub PhantomData<*const T>);
pub struct Fields {
    pub rc: Rc<u8>,
}
pub struct CellF(pub Cell<u8>);
pub struct RefCellF(pub RefCell<u8>);
pub struct MutexF(pub Mutex<Cell<u8>>);
pub struct ArcF<T>(pub Arc<T>);
pub struct RwF(pub RwLock<u8>);
pub struct Pinned(pub std::marker::PhantomPinned);
pub struct RefMut<'a>(pub &'a mut u8);
