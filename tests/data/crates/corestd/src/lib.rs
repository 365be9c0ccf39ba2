#![no_std]
extern crate core as std;
pub struct C(pub std::cell::Cell<u8>);
pub struct P(pub std::ptr::NonNull<u8>);
pub struct Ok8(pub std::num::Wrapping<u8>);
pub struct Pin(pub std::marker::PhantomPinned);
pub struct Rf<'a>(pub &'a std::cell::UnsafeCell<u8>);
