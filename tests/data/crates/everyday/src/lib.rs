#![allow(dead_code)]
use std::cell::{Cell, RefCell};
use std::marker::PhantomData;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::fmt::Debug;
use std::any::Any;

pub mod shapes;
pub use shapes::*;

pub struct Wrap<T> { t: T }
pub struct Pair<A, B: Copy> where A: Debug { a: A, b: B }
pub struct Holder<I: Iterator> { it: I, cur: Option<I::Item> }
pub struct PhIn<T> { p: PhantomData<fn(T)> }
pub struct PhOut<T> { p: PhantomData<fn() -> T> }
pub struct PhMut<T> { p: PhantomData<*mut T> }
pub struct PhRef<T: 'static> { p: PhantomData<&'static mut T> }
pub struct PhCell<T> { p: PhantomData<Cell<T>> }
pub trait Job: Send { fn run(&self); }
pub trait SyncJob: Job + Sync {}
pub struct Jobs { jobs: Vec<Box<dyn Job>> }
pub struct SJobs { jobs: Vec<Arc<dyn SyncJob>> }
pub struct Errs { e: Box<dyn std::error::Error + Send + Sync>, f: Box<dyn Fn() + Send> }
pub struct AnyBox { a: Arc<dyn Any + Send + Sync> }
pub struct DbgRef { d: &'static (dyn Debug + Sync) }
pub enum Msg { Quit, Text(String), Shared(Rc<str>), Bytes { b: Vec<u8>, c: Cell<u8> } }
pub union Un { a: u8, b: std::mem::ManuallyDrop<Rc<u8>> }
pub struct Buf<const N: usize> { data: [Cell<u8>; N] }
pub struct Pinned<T> { t: T, _p: std::marker::PhantomPinned }
impl<T> Unpin for Pinned<T> {}
pub struct Shared<T> { t: *mut T }
unsafe impl<T: Send> Send for Shared<T> {}
unsafe impl<T: Send> Sync for Shared<T> {}
pub type Locked<T> = Arc<Mutex<T>>;
pub struct UsesAlias { l: Locked<Vec<u8>>, r: Locked<Rc<u8>> }
pub struct FnPtrs { f: fn(Rc<u8>) -> Cell<u8>, g: Option<&'static dyn Fn()> }
pub struct MutRef { m: &'static mut Cell<u8> }
pub struct Threads { h: std::thread::JoinHandle<Rc<u8>>, s: std::sync::mpsc::Sender<Cell<u8>> }
pub struct Once1 { o: std::sync::OnceLock<Cell<u8>> }
pub struct Once2 { o: std::sync::OnceLock<u8>, l: std::sync::LazyLock<u8, fn() -> u8> }
pub struct Fut { f: std::pin::Pin<Box<dyn std::future::Future<Output = u8> + Send>>, r: std::future::Ready<Rc<u8>> }
pub trait Backend { type Conn; }
pub struct MyB;
impl Backend for MyB { type Conn = Rc<u8>; }
pub struct OtherB;
impl Backend for OtherB { type Conn = Mutex<u8>; }
pub struct Pool<B: Backend> { c: B::Conn, b: B }
pub struct Def<T = Rc<u8>> { t: T }
pub struct View<'a> { s: &'a [Cell<u8>] }
pub struct Tup(pub u8, pub RefCell<u8>);
pub struct Unit;
macro_rules! many {
    ($($name:ident : $ty:ty),* $(,)?) => { $( pub struct $name { v: $ty } )* };
}
many!(M1: Rc<u8>, M2: Arc<u8>, M3: Cell<u8>, M4: std::sync::RwLock<Cell<u8>>,);
pub struct Weaks { a: std::rc::Weak<u8>, b: std::sync::Weak<Mutex<u8>> }
pub struct Guards<'a> { g: std::sync::MutexGuard<'a, u8> }
pub struct RwG<'a> { g: std::sync::RwLockReadGuard<'a, Cell<u8>> }
pub struct Iters { a: std::vec::IntoIter<Rc<u8>>, b: std::iter::Peekable<std::vec::IntoIter<u8>> }
pub struct Cows { c: std::borrow::Cow<'static, [u8]>, d: std::borrow::Cow<'static, str> }
pub struct Nz { n: std::num::NonZeroU32, p: std::ptr::NonNull<u8> }
pub struct Io { f: std::fs::File, b: std::io::BufReader<std::fs::File>, e: std::io::Error }
pub struct Unsafe { u: std::cell::UnsafeCell<u8> }
pub struct MU { m: std::mem::MaybeUninit<Rc<u8>> }
pub struct Nested { inner: Wrap<Pair<Rc<u8>, u8>> }
pub struct Rec { next: Option<Box<Rec>>, v: Cell<u8> }
pub struct RecA { b: Vec<RecB> }
pub struct RecB { a: Option<Arc<RecA>>, m: Mutex<u8> }
