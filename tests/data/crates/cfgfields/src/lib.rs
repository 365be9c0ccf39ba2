pub struct Fields {
    pub a: u8,
    #[cfg(feature = "cell")]
    pub b: std::cell::Cell<u8>,
    #[cfg(not(feature = "cell"))]
    pub c: std::sync::Mutex<u8>,
    #[cfg(test)]
    pub t: std::rc::Rc<u8>,
}
pub enum Variants {
    A(u8),
    #[cfg(feature = "cell")]
    B(std::rc::Rc<u8>),
    #[cfg(not(feature = "cell"))]
    C(String),
}
pub struct Tuple(pub u8, #[cfg(feature = "cell")] pub *const u8);
pub struct Gen<T> {
    #[cfg(feature = "cell")]
    pub t: T,
    pub n: std::marker::PhantomData<fn() -> T>,
}
