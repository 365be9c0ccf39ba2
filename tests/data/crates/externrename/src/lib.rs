extern crate std as alloc;
extern crate core as kore;
pub struct ViaAlloc(pub alloc::rc::Rc<u8>);
pub struct ViaKore(pub kore::cell::Cell<u8>);
pub struct ViaKoreOk(pub kore::num::NonZeroU8);
pub mod inner {
    pub struct UsesRoot(pub crate::alloc::sync::Arc<u8>);
    pub struct UsesKore(pub ::kore::marker::PhantomData<*mut u8>);
}
