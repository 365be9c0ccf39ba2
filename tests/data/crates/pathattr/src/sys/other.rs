pub struct Fd(pub *mut u8);
pub struct Handle(pub std::sync::Arc<i32>);
pub struct OnlyOther(pub u8);
