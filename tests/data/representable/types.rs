// Types of infinite size (rustc: E0072) and their finite neighbours; tests/test_representable.py
// asks each and, when rustc is installed, checks the E0072 lines below against rustc's own.
pub struct Direct { next: Direct, v: u8 }
pub struct P { a: Q }
pub struct Q { b: Option<P> }
pub struct Boxed { next: Option<Box<Boxed>>, v: Vec<Boxed> }
pub struct W<T> { t: T }
pub struct ThroughParam { w: W<ThroughParam> }
pub struct InCell { c: std::cell::Cell<(u8, [InCell; 0])> }
pub struct Pinned { p: std::pin::Pin<Box<Pinned>> }
pub enum Tree { Leaf(u8), Node(Box<Tree>, Box<Tree>) }
pub enum Bad { A(Bad) }
pub struct Phantom { p: std::marker::PhantomData<Phantom> }
pub struct InMutex { m: std::sync::Mutex<Option<InMutex>> }
pub struct InArc { a: std::sync::Arc<std::sync::Mutex<InArc>> }
pub struct SelfList { next: Option<Box<Self>>, v: std::rc::Rc<u8> }
pub struct SelfInf { next: Self }
