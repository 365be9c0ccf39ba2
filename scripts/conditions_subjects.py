"""What the conditions corpus labels: generic std types and the user corpus's generic types.

A Subject is one goal type with parameters (`std::sync::Arc<T>`, `Pool<T, S>`): its text,
its parameters with their kind (`plain`; `iter` for an `I: Iterator` parameter, `owned` for a
`B: ToOwned` one, whose projections `<I as Iterator>::Item` / `<B as ToOwned>::Owned` are
slots of their own), the Rust items it needs (a user snippet) and the rustc to ask.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from traitlogic.syntax.parts import read_decls

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
USER_DIR = os.path.join(REPO, "tests", "data", "user_corpus")
NIGHTLY = os.environ.get("TRAITLOGIC_RUSTC_NIGHTLY") or "rustup run nightly rustc"
PROJECTION = {"iter": "<{} as Iterator>::Item", "owned": "<{} as ToOwned>::Owned"}

# Generic std types: (type text with parameters, parameters; `I:iter` = `I: Iterator`,
# `B:owned` = `B: ToOwned`, whose projections are slots of their own).
STD = [(t, p.split()) for t, p in [
    ("std::sync::Arc<T>", "T"), ("std::rc::Rc<T>", "T"), ("std::sync::Weak<T>", "T"),
    ("std::rc::Weak<T>", "T"), ("Box<T>", "T"), ("Vec<T>", "T"),
    ("std::collections::VecDeque<T>", "T"), ("std::collections::LinkedList<T>", "T"),
    ("std::collections::HashMap<K, V>", "K V"), ("std::collections::HashSet<T>", "T"),
    ("std::collections::BTreeMap<K, V>", "K V"), ("std::collections::BTreeSet<T>", "T"),
    ("std::collections::BinaryHeap<T>", "T"), ("Option<T>", "T"), ("Result<T, E>", "T E"),
    ("std::cell::Cell<T>", "T"), ("std::cell::RefCell<T>", "T"),
    ("std::cell::UnsafeCell<T>", "T"), ("std::sync::Mutex<T>", "T"),
    ("std::sync::RwLock<T>", "T"), ("std::sync::MutexGuard<'static, T>", "T"),
    ("std::sync::RwLockReadGuard<'static, T>", "T"),
    ("std::sync::RwLockWriteGuard<'static, T>", "T"), ("std::cell::OnceCell<T>", "T"),
    ("std::sync::OnceLock<T>", "T"), ("std::sync::LazyLock<T>", "T"),
    ("std::cell::LazyCell<T>", "T"), ("std::sync::mpsc::Sender<T>", "T"),
    ("std::sync::mpsc::Receiver<T>", "T"), ("std::sync::mpsc::SyncSender<T>", "T"),
    ("std::thread::JoinHandle<T>", "T"), ("std::pin::Pin<Box<T>>", "T"),
    ("std::ptr::NonNull<T>", "T"), ("std::marker::PhantomData<T>", "T"),
    ("std::mem::ManuallyDrop<T>", "T"), ("std::mem::MaybeUninit<T>", "T"),
    ("std::num::Wrapping<T>", "T"), ("std::cmp::Reverse<T>", "T"),
    ("std::num::Saturating<T>", "T"), ("std::borrow::Cow<'static, B>", "B:owned"),
    ("&'static T", "T"), ("&'static mut T", "T"), ("*const T", "T"), ("*mut T", "T"),
    ("[T; 3]", "T"), ("[T]", "T"), ("Box<[T]>", "T"), ("(T, U)", "T U"),
    ("fn(T) -> U", "T U"), ("std::iter::Peekable<I>", "I:iter"),
    ("std::iter::Enumerate<I>", "I"), ("std::iter::Rev<I>", "I"),
    ("std::iter::Chain<A, B>", "A B"), ("std::vec::IntoIter<T>", "T"),
    ("std::panic::AssertUnwindSafe<T>", "T"), ("std::sync::atomic::AtomicPtr<T>", "T"),
    ("std::sync::Arc<std::sync::Mutex<T>>", "T"), ("std::sync::Arc<std::sync::RwLock<T>>", "T"),
    ("std::sync::Arc<std::cell::RefCell<T>>", "T"), ("std::sync::Arc<std::cell::Cell<T>>", "T"),
    ("std::rc::Rc<std::cell::Cell<T>>", "T"), ("std::sync::Mutex<std::rc::Rc<T>>", "T"),
    ("std::sync::Mutex<std::cell::Cell<T>>", "T"), ("std::sync::RwLock<std::cell::Cell<T>>", "T"),
    ("std::cell::OnceCell<std::rc::Rc<T>>", "T"), ("std::sync::OnceLock<std::cell::Cell<T>>", "T"),
    ("std::marker::PhantomData<fn(T)>", "T"), ("std::marker::PhantomData<fn() -> T>", "T"),
    ("std::marker::PhantomData<*const T>", "T"), ("Vec<Box<T>>", "T"),
    ("Option<std::sync::Arc<T>>", "T"), ("std::collections::hash_map::IntoIter<K, V>", "K V"),
    ("std::collections::btree_map::Iter<'static, K, V>", "K V"),
    ("std::slice::Iter<'static, T>", "T"), ("std::vec::Drain<'static, T>", "T"),
    ("std::collections::vec_deque::Iter<'static, T>", "T"), ("std::iter::Once<T>", "T"),
    ("std::iter::Repeat<T>", "T"), ("std::iter::Empty<T>", "T"),
    ("std::sync::mpsc::IntoIter<T>", "T"), ("std::sync::mpsc::SendError<T>", "T"),
    ("std::sync::PoisonError<T>", "T"), ("std::cell::Ref<'static, T>", "T"),
    ("std::cell::RefMut<'static, T>", "T"), ("std::task::Poll<T>", "T"),
    ("std::ops::Range<T>", "T"), ("std::thread::LocalKey<T>", "T"),
]]


@dataclass
class Subject:
    """One generic type to label: its text, parameters (name, kind) and where it comes from."""
    source: str                     # "std" or "user_corpus/NNN_name.rs"
    text: str
    params: list[tuple[str, str]]
    preamble: str = ""
    rustc: str | None = None
    rich: bool = False
    slots: list[tuple[str, str, str]] = field(default_factory=list)   # (param, kind, atom lhs)

    def __post_init__(self) -> None:
        for name, kind in self.params:
            self.slots.append((name, kind, name))
            if kind != "plain":
                self.slots.append((name, kind, PROJECTION[kind].format(name)))


def subject(source: str, text: str, params: list[str], preamble: str = "",
            rustc: str | None = None) -> Subject:
    pairs = [(p.split(":")[0], p.split(":")[1] if ":" in p else "plain") for p in params]
    return Subject(source, text, pairs, preamble, rustc)


def user_subjects() -> list[Subject]:
    """Every top-level generic type of the user corpus snippets, all parameters generic."""
    out = []
    for name in sorted(os.listdir(USER_DIR)):
        if not name.endswith(".rs"):
            continue
        with open(os.path.join(USER_DIR, name), encoding="utf-8") as f:
            text = f.read()
        pre = "\n".join(l for l in text.split("\n") if l.strip() != "fn main() {}")
        rustc = NIGHTLY if "#![feature" in text else None
        for decl in read_decls(text):
            if decl.kind == "trait" or not decl.params:
                continue
            args = ["'static" if p.kind == "lifetime" else "2" if p.kind == "const" else p.name
                    for p in decl.params]
            params = [p.name for p in decl.params if p.kind == "type"]
            if params and decl.name not in params:
                out.append(subject(f"user_corpus/{name}", f"{decl.name}<{', '.join(args)}>",
                                   params, pre, rustc))
    return out
