#[cfg(unix)]
pub struct Os(pub u8);
#[cfg(windows)]
pub struct Os(pub *const u8);
#[cfg(target_pointer_width = "64")]
pub struct Width(pub std::sync::Arc<u8>);
#[cfg(not(target_pointer_width = "64"))]
pub struct Width(pub std::rc::Rc<u8>);
#[cfg(target_has_atomic = "64")]
pub struct Atomic(pub std::sync::atomic::AtomicU64);
#[cfg(not(target_has_atomic = "64"))]
pub struct Atomic(pub std::cell::Cell<u64>);
#[cfg(panic = "unwind")]
pub struct Unwind(pub std::cell::UnsafeCell<u8>);
#[cfg(debug_assertions)]
pub struct Debug(pub std::marker::PhantomPinned);
#[cfg(not(debug_assertions))]
pub struct Debug(pub u8);
#[cfg(test)]
pub struct OnlyTest(pub u8);
#[cfg(target_os = "linux")]
pub struct Linux(pub &'static mut u8);
#[cfg(all(unix, not(target_os = "macos"), target_arch = "x86_64"))]
pub struct X86(pub std::cell::RefCell<u8>);
#[cfg(all(unix, not(target_os = "macos"), not(target_arch = "x86_64")))]
pub struct X86(pub u8);
#[cfg(miri)]
pub struct Miri(pub u8);
