#![cfg_attr(not(feature = "std"), no_std)]
extern crate alloc;
use core::cell::Cell;
use alloc::rc::Rc;
pub mod a;
#[cfg_attr(feature = "fast", path = "alt/fast.rs")]
#[cfg_attr(not(feature = "fast"), path = "alt/slow.rs")]
mod imp;
pub use imp::Engine;
pub use a::b::*;
mod missing_one;
const BUCKETS: usize = 4 * 4;

pub struct Holder { c: Cell<u8> }
#[cfg(feature = "rc")]
pub struct Flag { x: Rc<u8> }
#[cfg(not(feature = "rc"))]
pub struct Flag { x: u8 }
pub struct Fields { #[cfg(feature = "rc")] r: Rc<u8>, n: u8 }
pub enum Variants { #[cfg(feature = "rc")] R(Rc<u8>), N(u8) }
pub struct Buckets<T> { b: [T; BUCKETS] }
pub struct Items<I: Iterator> { next: Option<I::Item> }
pub struct Wh<A> where A: IntoIterator { x: A::IntoIter }
pub struct UsesMissing { m: missing_one::Thing }
mod inline {
    pub mod deeper { pub struct Deep(pub *const u8); }
}
pub use inline::deeper::Deep as Renamed;
unknown_macro! { pub struct Made; }
pub struct Bad { x: NoSuchType }
pub struct UsesBad { b: Bad }
