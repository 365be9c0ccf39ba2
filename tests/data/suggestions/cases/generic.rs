// suggestion cases: field fixes in generic structs (the field's declared type is rewritten, and a
// generic goal gets the bound it then needs); the goals are in ../cases.tsv
use std::cell::{Cell, RefCell};
use std::rc::Rc;
pub struct Pool<T> { items: Rc<Vec<T>>, extra: T }
pub struct Slot<T> { value: RefCell<T>, hits: Cell<u32> }
pub struct Pair<A, B> { left: Rc<A>, right: Box<dyn Fn(B)> }
pub struct Wrap<T>(Rc<T>, RefCell<Vec<T>>);
pub enum Either<T> { Left(Rc<T>), Right(RefCell<T>) }
pub struct Holder<T> { inner: Slot<T>, n: u8 }
pub struct Borrowed<'a, T> { seen: &'a Cell<T>, count: Cell<usize> }
fn main() {}
