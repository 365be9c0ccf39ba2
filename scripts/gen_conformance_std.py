#!/usr/bin/env python3
"""Generate tests/data/conformance_std.tsv: Send/Sync goals over std types, labelled by rustc.

Goals come from three sources:
  1. every type constructor below x both traits x a set of canonical argument
     types that separate the cases (Send+Sync, Send only, Sync only, neither),
     with the cross product for constructors of 2 or 3 type parameters;
  2. random nestings (fixed seed) up to depth 5 over all constructors,
     respecting `Sized` and the `Cow<'static, B: ToOwned>` rule;
  3. the examples of the two source articles in /work/shared/seeds/.

The constructor table only serves to build well-formed types.  The labels come
from rustc alone (scripts/rustc_oracle.py); goals rustc rejects for any other
reason than Send/Sync (Sized, ToOwned, ...) are dropped and reported.

    python3 scripts/gen_conformance_std.py           # regenerate the TSV
    python3 scripts/gen_conformance_std.py --check   # exit 1 if rustc now disagrees
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from collections import Counter
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import rustc_oracle
from fileio import compare_labels, read_labels, render_labels, write_atomic

REPO = os.path.dirname(HERE)
DEFAULT_OUT = os.path.join(REPO, "tests", "data", "conformance_std.tsv")
SEED = 20240601
N_RANDOM_TYPES = 1600      # each gives a Send and a Sync goal
MAX_DEPTH = 5              # constructor layers around a leaf
MAX_TYPE_LEN = 240         # keep goals readable


# --------------------------------------------------------------------------
# Types as generated: text plus what generation needs to stay well-formed.
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class Ty:
    text: str
    sized: bool = True
    clone: bool = False      # sized and Clone (so `T: ToOwned`)
    copy: bool = False
    to_owned: bool = False   # unsized and ToOwned (str, [T: Clone], Path, OsStr, CStr)

    @property
    def ok_for_cow(self):
        return self.clone if self.sized else self.to_owned


def _leaf(text, kind=""):
    """kind: 'copy', 'clone', '' (neither); 'u' = unsized, 'uo' = unsized + ToOwned."""
    if kind in ("u", "uo"):
        return Ty(text, sized=False, to_owned=(kind == "uo"))
    return Ty(text, clone=kind in ("copy", "clone"), copy=kind == "copy")


PRIMITIVES = ["i8", "i16", "i32", "i64", "i128", "u8", "u16", "u32", "u64", "u128",
              "isize", "usize", "f32", "f64", "bool", "char"]

DYN_FORMS = [
    "dyn std::any::Any",
    "dyn std::any::Any + Send",
    "dyn std::any::Any + Send + Sync",
    "dyn std::error::Error",
    "dyn std::error::Error + Send + Sync",
    "dyn Fn()",
    "dyn Fn() + Send",
    "dyn Fn(i32) -> i32 + Send + Sync",
    "dyn FnMut() + Send",
    "dyn std::fmt::Debug",
    "dyn std::fmt::Display + Sync",
]

LEAVES = (
    [_leaf(p, "copy") for p in PRIMITIVES]
    + [
        _leaf("()", "copy"),
        _leaf("String", "clone"),
        _leaf("std::sync::Condvar"),
        _leaf("std::sync::Barrier"),
        _leaf("std::sync::Once"),
        _leaf("std::sync::atomic::AtomicBool"),
        _leaf("std::sync::atomic::AtomicUsize"),
        _leaf("std::sync::atomic::AtomicI32"),
        _leaf("std::sync::atomic::AtomicU64"),
        _leaf("std::marker::PhantomPinned", "copy"),
        _leaf("std::thread::Thread", "clone"),
        _leaf("std::thread::ThreadId", "copy"),
        _leaf("std::path::PathBuf", "clone"),
        _leaf("std::ffi::OsString", "clone"),
        _leaf("std::ffi::CString", "clone"),
        _leaf("std::io::Error"),
        _leaf("std::fmt::Arguments<'static>", "copy"),
        _leaf("std::time::Duration", "copy"),
        _leaf("std::time::Instant", "copy"),
        _leaf("std::any::TypeId", "copy"),
        _leaf("fn(i32) -> i32", "copy"),
        _leaf("fn()", "copy"),
        _leaf("str", "uo"),
        _leaf("std::path::Path", "uo"),
        _leaf("std::ffi::OsStr", "uo"),
        _leaf("std::ffi::CStr", "uo"),
    ]
    + [_leaf(d, "u") for d in DYN_FORMS]
)


# --------------------------------------------------------------------------
# Constructor table.  Params: S = Sized type, U = ?Sized type,
# B = `B: ?Sized + ToOwned` (Cow).  Lifetime params are written 'static in the
# template.  clone/copy rules (for generation of Cow args only):
#   always | never | args (all args Clone resp. Copy) | copyargs (all args Copy)
#   | box (Box<T>: T Clone, or T = str / [T: Clone] / Path / OsStr / CStr)
# unsized=True: the constructed type is unsized (slices); inline=True: unsized
# when its ?Sized argument is (Mutex<dyn Any> cannot go in a Vec).
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class Ctor:
    name: str
    template: str
    params: str
    clone: str = "never"
    copy: str = "never"
    unsized: bool = False
    prefix: bool = False     # `&'static T` etc.: `dyn A + B` args need parentheses
    inline: bool = False     # stores a ?Sized T inline: unsized when T is (Mutex<dyn Any>)


CTORS = [
    # smart pointers
    Ctor("Box", "Box<{0}>", "U", clone="box"),
    Ctor("Rc", "std::rc::Rc<{0}>", "U", clone="always"),
    Ctor("Arc", "std::sync::Arc<{0}>", "U", clone="always"),
    Ctor("rc::Weak", "std::rc::Weak<{0}>", "U", clone="always"),
    Ctor("sync::Weak", "std::sync::Weak<{0}>", "U", clone="always"),
    Ctor("Cow", "std::borrow::Cow<'static, {0}>", "B", clone="always"),
    # collections (no WF bounds on the structs; elements Sized)
    Ctor("Vec", "Vec<{0}>", "S", clone="args"),
    Ctor("VecDeque", "std::collections::VecDeque<{0}>", "S", clone="args"),
    Ctor("LinkedList", "std::collections::LinkedList<{0}>", "S", clone="args"),
    Ctor("BinaryHeap", "std::collections::BinaryHeap<{0}>", "S", clone="args"),
    Ctor("HashSet", "std::collections::HashSet<{0}>", "S", clone="args"),
    Ctor("BTreeSet", "std::collections::BTreeSet<{0}>", "S", clone="args"),
    Ctor("HashMap", "std::collections::HashMap<{0}, {1}>", "SS", clone="args"),
    Ctor("BTreeMap", "std::collections::BTreeMap<{0}, {1}>", "SS", clone="args"),
    # enums
    Ctor("Option", "Option<{0}>", "S", clone="args", copy="args"),
    Ctor("Result", "Result<{0}, {1}>", "SS", clone="args", copy="args"),
    # cells
    Ctor("Cell", "std::cell::Cell<{0}>", "U", clone="copyargs", inline=True),
    Ctor("RefCell", "std::cell::RefCell<{0}>", "U", clone="args", inline=True),
    Ctor("Ref", "std::cell::Ref<'static, {0}>", "U"),
    Ctor("RefMut", "std::cell::RefMut<'static, {0}>", "U"),
    Ctor("UnsafeCell", "std::cell::UnsafeCell<{0}>", "U", inline=True),
    Ctor("OnceCell", "std::cell::OnceCell<{0}>", "S", clone="args"),
    Ctor("LazyCell", "std::cell::LazyCell<{0}>", "S"),
    # sync
    Ctor("Mutex", "std::sync::Mutex<{0}>", "U", inline=True),
    Ctor("MutexGuard", "std::sync::MutexGuard<'static, {0}>", "U"),
    Ctor("RwLock", "std::sync::RwLock<{0}>", "U", inline=True),
    Ctor("RwLockReadGuard", "std::sync::RwLockReadGuard<'static, {0}>", "U"),
    Ctor("RwLockWriteGuard", "std::sync::RwLockWriteGuard<'static, {0}>", "U"),
    Ctor("OnceLock", "std::sync::OnceLock<{0}>", "S", clone="args"),
    Ctor("LazyLock", "std::sync::LazyLock<{0}>", "S"),
    Ctor("Sender", "std::sync::mpsc::Sender<{0}>", "S", clone="always"),
    Ctor("SyncSender", "std::sync::mpsc::SyncSender<{0}>", "S", clone="always"),
    Ctor("Receiver", "std::sync::mpsc::Receiver<{0}>", "S"),
    Ctor("AtomicPtr", "std::sync::atomic::AtomicPtr<{0}>", "S"),
    Ctor("JoinHandle", "std::thread::JoinHandle<{0}>", "S"),
    # markers and wrappers
    Ctor("PhantomData", "std::marker::PhantomData<{0}>", "U", clone="always", copy="always"),
    Ctor("ManuallyDrop", "std::mem::ManuallyDrop<{0}>", "U", clone="args", copy="args", inline=True),
    Ctor("MaybeUninit", "std::mem::MaybeUninit<{0}>", "S", clone="copyargs", copy="args"),
    Ctor("NonNull", "std::ptr::NonNull<{0}>", "U", clone="always", copy="always"),
    Ctor("Pin<Box>", "std::pin::Pin<Box<{0}>>", "U", clone="box"),
    Ctor("Pin<&>", "std::pin::Pin<&'static {0}>", "U", clone="always", copy="always", prefix=True),
    Ctor("Pin<&mut>", "std::pin::Pin<&'static mut {0}>", "U", prefix=True),
    Ctor("Pin<Rc>", "std::pin::Pin<std::rc::Rc<{0}>>", "U", clone="always"),
    Ctor("Pin<Arc>", "std::pin::Pin<std::sync::Arc<{0}>>", "U", clone="always"),
    # built-in type constructors
    Ctor("&", "&'static {0}", "U", clone="always", copy="always", prefix=True),
    Ctor("&mut", "&'static mut {0}", "U", prefix=True),
    Ctor("*const", "*const {0}", "U", clone="always", copy="always", prefix=True),
    Ctor("*mut", "*mut {0}", "U", clone="always", copy="always", prefix=True),
    Ctor("array", "[{0}; 3]", "S", clone="args", copy="args"),
    Ctor("slice", "[{0}]", "S", unsized=True),
    Ctor("tuple2", "({0}, {1})", "SS", clone="args", copy="args"),
    Ctor("tuple3", "({0}, {1}, {2})", "SSS", clone="args", copy="args"),
    Ctor("fn->", "fn() -> {0}", "S", clone="always", copy="always"),
]


def _rule(rule, args, attr):
    if rule == "always":
        return True
    if rule == "never":
        return False
    if rule == "args":
        return all(a.sized and getattr(a, attr) for a in args)
    if rule == "copyargs":
        return all(a.sized and a.copy for a in args)
    if rule == "box":
        a = args[0]
        return a.clone if a.sized else a.to_owned
    raise ValueError(rule)


def arg_fits(kind, a):
    if kind == "S":
        return a.sized
    if kind == "U":
        return True
    if kind == "B":
        return a.ok_for_cow
    raise ValueError(kind)


def apply(c, args):
    assert len(args) == len(c.params)
    assert all(arg_fits(k, a) for k, a in zip(c.params, args)), (c.name, args)
    texts = []
    for a in args:
        t = a.text
        if c.prefix and t.startswith("dyn ") and "+" in t:
            t = f"({t})"
        texts.append(t)
    text = c.template.format(*texts)
    if c.unsized:
        return Ty(text, sized=False, to_owned=args[0].clone)
    if c.inline and not args[0].sized:
        return Ty(text, sized=False)
    return Ty(text, clone=_rule(c.clone, args, "clone"), copy=_rule(c.copy, args, "copy"))


CTOR = {c.name: c for c in CTORS}
I32 = LEAVES[PRIMITIVES.index("i32")]
STRING = next(l for l in LEAVES if l.text == "String")
STR = next(l for l in LEAVES if l.text == "str")

# Canonical arguments that separate the cases.
CELL_I32 = apply(CTOR["Cell"], [I32])                       # Send, !Sync
CANON_SIZED = [
    I32,                                                   # Send + Sync
    CELL_I32,                                              # Send, !Sync
    apply(CTOR["MutexGuard"], [I32]),                      # !Send, Sync
    apply(CTOR["Rc"], [I32]),                              # neither
    apply(CTOR["*const"], [I32]),                          # neither (raw pointer)
    apply(CTOR["&"], [CELL_I32]),                          # neither (via &)
    STRING,                                                # Send + Sync, owned
]
CANON_UNSIZED = [STR, apply(CTOR["slice"], [CELL_I32])] + [l for l in LEAVES if l.text in DYN_FORMS]
CANON_SMALL = CANON_SIZED[:4]   # for 3-parameter cross products


def canon_for(kind):
    if kind == "S":
        return CANON_SIZED
    if kind == "U":
        return CANON_SIZED + CANON_UNSIZED
    return [a for a in CANON_SIZED + CANON_UNSIZED if a.ok_for_cow]


def structured_types():
    out = list(LEAVES)
    for c in CTORS:
        if len(c.params) == 1:
            out.extend(apply(c, [a]) for a in canon_for(c.params[0]))
        elif len(c.params) == 2:
            out.extend(apply(c, [a, b]) for a in canon_for(c.params[0]) for b in canon_for(c.params[1]))
        else:
            out.extend(apply(c, [a, b, d]) for a in CANON_SMALL for b in CANON_SMALL for d in CANON_SMALL)
    return out


# --------------------------------------------------------------------------
# Random nestings.  Only rng.random() is used: stable across Python versions.
# --------------------------------------------------------------------------
def _pick(rng, seq):
    return seq[int(rng.random() * len(seq))]


def random_type(rng, kind, depth, top=False):
    """A random type fitting `kind` with at most `depth` constructor layers
    (at least one when `top`: bare leaves are covered by the structured part)."""
    for _ in range(200):
        t = _random_type_once(rng, kind, depth, top)
        if t is not None and arg_fits(kind, t) and len(t.text) <= MAX_TYPE_LEN:
            return t
    return I32 if kind != "U" else STR


def _random_type_once(rng, kind, depth, top):
    p_leaf = 0.15 + 0.1 * (MAX_DEPTH - depth)
    if depth == 0 or (not top and rng.random() < p_leaf):
        leaves = [l for l in LEAVES if arg_fits(kind, l)]
        return _pick(rng, leaves)
    ctors = [c for c in CTORS if not (kind == "S" and c.unsized)]
    c = _pick(rng, ctors)
    args = [random_type(rng, k, depth - 1) for k in c.params]
    return apply(c, args)


def random_types(n, seed=SEED):
    rng = random.Random(seed)
    return [random_type(rng, "U", 1 + int(rng.random() * MAX_DEPTH), top=True) for _ in range(n)]


# --------------------------------------------------------------------------
# Examples from the source articles (/work/shared/seeds/).
# --------------------------------------------------------------------------
SEED_TYPES = PRIMITIVES + [
    "()", "[i32; 3]", "(i32, String)", "(i32, std::rc::Rc<i32>)", "String", "&'static str",
    "std::cell::RefCell<i32>", "&'static std::cell::RefCell<i32>",
    "std::sync::Mutex<i32>", "&'static std::sync::Mutex<i32>",
    "std::sync::RwLock<i32>", "&'static std::sync::RwLock<i32>",
    "std::rc::Rc<std::sync::Mutex<i32>>", "&'static std::rc::Rc<std::sync::Mutex<i32>>",
    "std::sync::Arc<std::sync::Mutex<i32>>", "std::sync::Arc<std::cell::RefCell<i32>>",
    "std::sync::Arc<std::cell::Cell<i32>>", "std::rc::Rc<std::cell::RefCell<i32>>",
    "std::rc::Rc<i32>", "std::sync::Arc<i32>", "std::rc::Rc<String>", "std::sync::Arc<String>",
    "std::cell::UnsafeCell<i32>", "*const i32", "*mut i32", "*const String", "*mut String",
    "std::sync::MutexGuard<'static, i32>", "std::sync::MutexGuard<'static, std::cell::Cell<i32>>",
    "&'static std::sync::MutexGuard<'static, i32>",
    "std::cell::Cell<i32>", "&'static std::cell::Cell<i32>", "std::cell::Cell<std::rc::Rc<i32>>",
    "std::cell::RefCell<std::rc::Rc<i32>>",
    "std::borrow::Cow<'static, str>", "Vec<i32>", "Vec<std::rc::Rc<i32>>",
]


# --------------------------------------------------------------------------
def all_goals():
    types = structured_types() + random_types(N_RANDOM_TYPES) + [Ty(t) for t in SEED_TYPES]
    goals, seen = [], set()
    for t in types:
        for trait in rustc_oracle.TRAITS:
            g = (trait, t.text)
            if g not in seen:
                seen.add(g)
                goals.append(g)
    return goals


HEADER_PREFIX = "# generated by scripts/gen_conformance_std.py from "


def render(labels, version):
    return render_labels(((rustc_oracle.format_goal(g), "yes" if ok else "no") for g, ok in labels.items()), HEADER_PREFIX, version)


def read_tsv(path):
    """{goal text: label} and the rustc version named in the header."""
    return read_labels(path, HEADER_PREFIX)


def summarize(goals, res, file=sys.stdout):
    def p(*a: object) -> None:
        print(*a, file=file)

    p(f"rustc: {res.rustc_version}")
    p(f"goals generated: {len(goals)}")
    p(f"dropped (not a valid question for rustc): {len(res.invalid)}")
    reasons = Counter(msgs[0] for msgs in res.invalid.values())
    for reason, n in reasons.most_common():
        ex = next(g for g, m in res.invalid.items() if m[0] == reason)
        p(f"  {n:5d}  {reason}\n         e.g. {rustc_oracle.format_goal(ex)}")
    per = Counter((g[0], ok) for g, ok in res.labels.items())
    yes = sum(v for (t, ok), v in per.items() if ok)
    p(f"labelled: {len(res.labels)}  yes: {yes}  no: {len(res.labels) - yes}")
    for trait in rustc_oracle.TRAITS:
        p(f"  {trait}: yes {per[(trait, True)]}  no {per[(trait, False)]}")
    p(f"rustc wall time: {res.seconds:.2f}s over {res.compiles} compile(s)")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="regenerate in memory; exit 1 listing goals whose label differs")
    ap.add_argument("--out", default=DEFAULT_OUT, help="TSV path (default: %(default)s)")
    ap.add_argument("--rustc", help="rustc command (default: rustc on PATH)")
    args = ap.parse_args(argv)

    goals = all_goals()
    res = rustc_oracle.check_goals(goals, rustc=args.rustc)
    summarize(goals, res, file=sys.stderr if args.check else sys.stdout)

    if args.check:
        old, old_version = read_tsv(args.out)
        new = {rustc_oracle.format_goal(g): ("yes" if ok else "no") for g, ok in res.labels.items()}
        return compare_labels(old, old_version, new, res.rustc_version)

    text = render(res.labels, res.rustc_version)
    write_atomic(args.out, text)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
