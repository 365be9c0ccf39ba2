pub struct Inner(pub std::marker::PhantomData<*const u8>);
pub struct InnerOk(pub u64);
