// the probe types of scripts/gen_conditions_corpus.py (every probe file starts with them)
// generated; do not edit
struct TlProbe<const M: u8>(*const (), std::marker::PhantomPinned, std::marker::PhantomData<std::cell::UnsafeCell<()>>, std::marker::PhantomData<&'static mut ()>);
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct TlRich<const M: u8>(*const (), std::marker::PhantomPinned, std::marker::PhantomData<std::cell::UnsafeCell<()>>, std::marker::PhantomData<&'static mut ()>);
impl<const M: u8> Default for TlRich<M> { fn default() -> Self { loop {} } }
struct TlIter<const M: u8, const N: u8>(TlProbe<M>);
impl<const M: u8, const N: u8> Iterator for TlIter<M, N> { type Item = TlProbe<N>; fn next(&mut self) -> Option<TlProbe<N>> { None } }
struct TlBorrowed<const M: u8, const N: u8>(TlProbe<M>);
impl<const M: u8, const N: u8> std::borrow::Borrow<TlBorrowed<M, N>> for TlProbe<N> { fn borrow(&self) -> &TlBorrowed<M, N> { loop {} } }
impl<const M: u8, const N: u8> ToOwned for TlBorrowed<M, N> { type Owned = TlProbe<N>; fn to_owned(&self) -> TlProbe<N> { loop {} } }
unsafe impl Send for TlProbe<1> {}
unsafe impl Sync for TlProbe<2> {}
unsafe impl Send for TlProbe<3> {}
unsafe impl Sync for TlProbe<3> {}
impl Unpin for TlProbe<4> {}
unsafe impl Send for TlProbe<5> {}
impl Unpin for TlProbe<5> {}
unsafe impl Sync for TlProbe<6> {}
impl Unpin for TlProbe<6> {}
unsafe impl Send for TlProbe<7> {}
unsafe impl Sync for TlProbe<7> {}
impl Unpin for TlProbe<7> {}
impl std::panic::UnwindSafe for TlProbe<8> {}
unsafe impl Send for TlProbe<9> {}
impl std::panic::UnwindSafe for TlProbe<9> {}
unsafe impl Sync for TlProbe<10> {}
impl std::panic::UnwindSafe for TlProbe<10> {}
unsafe impl Send for TlProbe<11> {}
unsafe impl Sync for TlProbe<11> {}
impl std::panic::UnwindSafe for TlProbe<11> {}
impl Unpin for TlProbe<12> {}
impl std::panic::UnwindSafe for TlProbe<12> {}
unsafe impl Send for TlProbe<13> {}
impl Unpin for TlProbe<13> {}
impl std::panic::UnwindSafe for TlProbe<13> {}
unsafe impl Sync for TlProbe<14> {}
impl Unpin for TlProbe<14> {}
impl std::panic::UnwindSafe for TlProbe<14> {}
unsafe impl Send for TlProbe<15> {}
unsafe impl Sync for TlProbe<15> {}
impl Unpin for TlProbe<15> {}
impl std::panic::UnwindSafe for TlProbe<15> {}
impl std::panic::RefUnwindSafe for TlProbe<16> {}
unsafe impl Send for TlProbe<17> {}
impl std::panic::RefUnwindSafe for TlProbe<17> {}
unsafe impl Sync for TlProbe<18> {}
impl std::panic::RefUnwindSafe for TlProbe<18> {}
unsafe impl Send for TlProbe<19> {}
unsafe impl Sync for TlProbe<19> {}
impl std::panic::RefUnwindSafe for TlProbe<19> {}
impl Unpin for TlProbe<20> {}
impl std::panic::RefUnwindSafe for TlProbe<20> {}
unsafe impl Send for TlProbe<21> {}
impl Unpin for TlProbe<21> {}
impl std::panic::RefUnwindSafe for TlProbe<21> {}
unsafe impl Sync for TlProbe<22> {}
impl Unpin for TlProbe<22> {}
impl std::panic::RefUnwindSafe for TlProbe<22> {}
unsafe impl Send for TlProbe<23> {}
unsafe impl Sync for TlProbe<23> {}
impl Unpin for TlProbe<23> {}
impl std::panic::RefUnwindSafe for TlProbe<23> {}
impl std::panic::UnwindSafe for TlProbe<24> {}
impl std::panic::RefUnwindSafe for TlProbe<24> {}
unsafe impl Send for TlProbe<25> {}
impl std::panic::UnwindSafe for TlProbe<25> {}
impl std::panic::RefUnwindSafe for TlProbe<25> {}
unsafe impl Sync for TlProbe<26> {}
impl std::panic::UnwindSafe for TlProbe<26> {}
impl std::panic::RefUnwindSafe for TlProbe<26> {}
unsafe impl Send for TlProbe<27> {}
unsafe impl Sync for TlProbe<27> {}
impl std::panic::UnwindSafe for TlProbe<27> {}
impl std::panic::RefUnwindSafe for TlProbe<27> {}
impl Unpin for TlProbe<28> {}
impl std::panic::UnwindSafe for TlProbe<28> {}
impl std::panic::RefUnwindSafe for TlProbe<28> {}
unsafe impl Send for TlProbe<29> {}
impl Unpin for TlProbe<29> {}
impl std::panic::UnwindSafe for TlProbe<29> {}
impl std::panic::RefUnwindSafe for TlProbe<29> {}
unsafe impl Sync for TlProbe<30> {}
impl Unpin for TlProbe<30> {}
impl std::panic::UnwindSafe for TlProbe<30> {}
impl std::panic::RefUnwindSafe for TlProbe<30> {}
unsafe impl Send for TlProbe<31> {}
unsafe impl Sync for TlProbe<31> {}
impl Unpin for TlProbe<31> {}
impl std::panic::UnwindSafe for TlProbe<31> {}
impl std::panic::RefUnwindSafe for TlProbe<31> {}
unsafe impl Send for TlRich<1> {}
unsafe impl Sync for TlRich<2> {}
unsafe impl Send for TlRich<3> {}
unsafe impl Sync for TlRich<3> {}
impl Unpin for TlRich<4> {}
unsafe impl Send for TlRich<5> {}
impl Unpin for TlRich<5> {}
unsafe impl Sync for TlRich<6> {}
impl Unpin for TlRich<6> {}
unsafe impl Send for TlRich<7> {}
unsafe impl Sync for TlRich<7> {}
impl Unpin for TlRich<7> {}
impl std::panic::UnwindSafe for TlRich<8> {}
unsafe impl Send for TlRich<9> {}
impl std::panic::UnwindSafe for TlRich<9> {}
unsafe impl Sync for TlRich<10> {}
impl std::panic::UnwindSafe for TlRich<10> {}
unsafe impl Send for TlRich<11> {}
unsafe impl Sync for TlRich<11> {}
impl std::panic::UnwindSafe for TlRich<11> {}
impl Unpin for TlRich<12> {}
impl std::panic::UnwindSafe for TlRich<12> {}
unsafe impl Send for TlRich<13> {}
impl Unpin for TlRich<13> {}
impl std::panic::UnwindSafe for TlRich<13> {}
unsafe impl Sync for TlRich<14> {}
impl Unpin for TlRich<14> {}
impl std::panic::UnwindSafe for TlRich<14> {}
unsafe impl Send for TlRich<15> {}
unsafe impl Sync for TlRich<15> {}
impl Unpin for TlRich<15> {}
impl std::panic::UnwindSafe for TlRich<15> {}
impl std::panic::RefUnwindSafe for TlRich<16> {}
unsafe impl Send for TlRich<17> {}
impl std::panic::RefUnwindSafe for TlRich<17> {}
unsafe impl Sync for TlRich<18> {}
impl std::panic::RefUnwindSafe for TlRich<18> {}
unsafe impl Send for TlRich<19> {}
unsafe impl Sync for TlRich<19> {}
impl std::panic::RefUnwindSafe for TlRich<19> {}
impl Unpin for TlRich<20> {}
impl std::panic::RefUnwindSafe for TlRich<20> {}
unsafe impl Send for TlRich<21> {}
impl Unpin for TlRich<21> {}
impl std::panic::RefUnwindSafe for TlRich<21> {}
unsafe impl Sync for TlRich<22> {}
impl Unpin for TlRich<22> {}
impl std::panic::RefUnwindSafe for TlRich<22> {}
unsafe impl Send for TlRich<23> {}
unsafe impl Sync for TlRich<23> {}
impl Unpin for TlRich<23> {}
impl std::panic::RefUnwindSafe for TlRich<23> {}
impl std::panic::UnwindSafe for TlRich<24> {}
impl std::panic::RefUnwindSafe for TlRich<24> {}
unsafe impl Send for TlRich<25> {}
impl std::panic::UnwindSafe for TlRich<25> {}
impl std::panic::RefUnwindSafe for TlRich<25> {}
unsafe impl Sync for TlRich<26> {}
impl std::panic::UnwindSafe for TlRich<26> {}
impl std::panic::RefUnwindSafe for TlRich<26> {}
unsafe impl Send for TlRich<27> {}
unsafe impl Sync for TlRich<27> {}
impl std::panic::UnwindSafe for TlRich<27> {}
impl std::panic::RefUnwindSafe for TlRich<27> {}
impl Unpin for TlRich<28> {}
impl std::panic::UnwindSafe for TlRich<28> {}
impl std::panic::RefUnwindSafe for TlRich<28> {}
unsafe impl Send for TlRich<29> {}
impl Unpin for TlRich<29> {}
impl std::panic::UnwindSafe for TlRich<29> {}
impl std::panic::RefUnwindSafe for TlRich<29> {}
unsafe impl Sync for TlRich<30> {}
impl Unpin for TlRich<30> {}
impl std::panic::UnwindSafe for TlRich<30> {}
impl std::panic::RefUnwindSafe for TlRich<30> {}
unsafe impl Send for TlRich<31> {}
unsafe impl Sync for TlRich<31> {}
impl Unpin for TlRich<31> {}
impl std::panic::UnwindSafe for TlRich<31> {}
impl std::panic::RefUnwindSafe for TlRich<31> {}
