#[macro_use]
mod mac;
mod after;
pub use after::*;

macro_rules! make_structs {
    ($($name:ident($ty:ty)),* $(,)?) => {
        $(pub struct $name(pub $ty);)*
    };
}
make_structs!(MRc(std::rc::Rc<u8>), MU8(u8), MCell(std::cell::Cell<u8>),);

pub struct Arr<T, const N: usize>(pub [T; N]);
pub trait Tr { type Item; }
macro_rules! impl_array {
    ($($n:literal),*) => { $(impl<T> Tr for Arr<T, $n> { type Item = T; })* };
}
impl_array!(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32);

pub struct Pick<A: Tr>(pub Option<A::Item>);

macro_rules! unsafe_send {
    ($t:ident) => { unsafe impl Send for $t {} };
}
pub struct Raw(pub *mut u8);
unsafe_send!(Raw);

macro_rules! nested {
    ($($outer:ident { $($f:ident : $t:ty),* })*) => {
        $(pub struct $outer { $(pub $f: $t),* })*
    };
}
nested!(N1 { a: u8, b: std::rc::Rc<u8> } N2 { c: String });
