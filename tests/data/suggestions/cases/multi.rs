// suggestion cases: several fields failing for different reasons (one suggestion changes them
// all, each with its field path); the goals are in ../cases.tsv
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
pub struct Both { a: Rc<u8>, b: RefCell<u8> }
pub struct Three { a: Rc<String>, b: Cell<bool>, c: Box<dyn Fn() -> u8>, d: u64 }
pub struct Shared { x: Rc<u8>, y: Rc<u8>, z: RefCell<u8> }
pub struct Outer { both: Both, weak: Weak<Cell<i32>>, name: String }
pub struct Deep { outer: Option<Outer>, list: Vec<Rc<u8>> }
pub struct Guarded<'a> { lock: std::sync::MutexGuard<'a, u8>, count: Rc<u8> }
fn main() {}
