pub struct Peek<I: Iterator> {
    pub iter: I,
    pub peeked: Option<I::Item>,
}
pub struct Where<A>(pub Vec<A>) where A: IntoIterator, A::Item: Send;
pub struct Out<T: std::ops::Add>(pub Option<T::Output>);
pub trait Store { type Slot; }
pub struct RcStore;
impl Store for RcStore { type Slot = std::rc::Rc<u8>; }
pub struct ArcStore;
impl Store for ArcStore { type Slot = std::sync::Arc<u8>; }
pub struct Holder<S: Store>(pub S::Slot);
pub struct Qualified<S: Store>(pub <S as Store>::Slot);
