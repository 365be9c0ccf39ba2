#!/usr/bin/env python3
"""Generate the std part of the traitlogic knowledge base from std's local HTML docs.

For every std type in TYPES this reads the type's rustdoc page and writes, into
kb/std/<module>.yaml, one `types` entry (decl without body, std path, other paths of
the same type, `fields: private`, `sized`) and the type's impls of the five auto
traits Send, Sync, Unpin, UnwindSafe, RefUnwindSafe: the explicit ones ("Trait
Implementations", positive and negative) and rustdoc's synthesized ones ("Auto
Trait Implementations", marked `synthesized: true`). It also writes each type's explicit
impls of the derivable traits (DERIVE_TRAITS: Clone, Copy, Default, Debug, PartialEq, Eq,
PartialOrd, Ord, Hash), generics and where-clauses as the docs show them; of
`PartialEq<Rhs>` / `PartialOrd<Rhs>` only the impls with `Rhs = Self` (cross-type ones are
counted and skipped), and the same traits (but Clone and Copy, which builtin.yaml has) for
the primitives whose pages list them (PRIMITIVE_DERIVE_PAGES), plus the implementors of the
traits those impls' where-clauses ask for (WHERE_CLAUSE_TRAITS: BuildHasher, Deref), and of
the operator traits with an `Output` (OUTPUT_TRAITS: Add, Sub, Mul, ...; `Rhs = Self` only).

Besides, it writes:
  * primitive.yaml: the auto-trait impls for references and raw pointers, read from
    the primitive pages and the auto traits' implementors lists, plus the ones that
    are built into rustc (`&mut T: Send`, `&T: Sync`, `&mut T: Sync`), which no page
    lists (HAND_IMPLS, verified against rustc 1.95, cited from core/src/marker.rs);
  * the `ToOwned` impls with their `Owned` associated type (borrow.yaml; `Cow` needs
    them), read from the ToOwned trait page's implementors;
  * `impl Allocator for Global` (alloc.yaml).

Usage:  .venv/bin/python scripts/gen_std_kb.py [--docs DIR] [--out DIR] [--check]
(the project's venv: headers and declarations are read with `traitlogic.syntax.parts`)

The type list is a table (TYPES) of public std paths; the page of each is found
from the path. `all_doc_items()` discovers every struct/enum/union of std, alloc
and core from the docs' all.html, which is used to find the other paths of a type
(re-exports: same declaration source) and could later supply the whole list.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fileio import write_atomic

from traitlogic.syntax.parts import generic_params, read_decl_text, read_impl_header, where_predicates

# --------------------------------------------------------------------------------------
# Configuration

AUTO_TRAITS = ("Send", "Sync", "Unpin", "UnwindSafe", "RefUnwindSafe")
UNSAFE_TRAITS = {"Send", "Sync", "Allocator"}

# Traits written by short name; they are declared in kb/std/traits.yaml.
KNOWN_TRAITS = {
    "Send", "Sync", "Unpin", "UnwindSafe", "RefUnwindSafe", "Sized", "Allocator",
    "ToOwned", "Clone", "Copy", "Any", "Error", "Debug", "Display", "Fn", "FnMut",
    "FnOnce", "Iterator", "Default", "PartialEq", "Eq", "PartialOrd", "Ord", "Hash",
}

# The derivable std traits: each type's explicit impls of them are emitted too (user impls
# bound their parameters by them: `unsafe impl<T: Copy + Send> Send for Engine<T>`).
# `PartialEq<Rhs = Self>` / `PartialOrd<Rhs = Self>`: only the impls with `Rhs = Self`.
DERIVE_TRAITS = ("Clone", "Copy", "Default", "Debug", "PartialEq", "Eq", "PartialOrd", "Ord",
                 "Hash")
DERIVE_TRAIT_MODULES = {"Clone": "clone", "Copy": "marker", "Default": "default",
                        "Debug": "fmt", "PartialEq": "cmp", "Eq": "cmp", "PartialOrd": "cmp",
                        "Ord": "cmp", "Hash": "hash"}
DERIVE_TRAIT_PATHS = {f"{crate}::{DERIVE_TRAIT_MODULES[t]}::{t}"
                      for t in DERIVE_TRAITS for crate in ("core", "alloc", "std")}
# Non-derivable traits that where-clauses of std's derivable-trait impls ask for
# (`impl<K, V, S, A> PartialEq for HashMap<K, V, S, A> where S: BuildHasher`, `Pin<Ptr>: Eq`
# where `<Ptr as Deref>::Target: Eq`): their implementors lists are emitted too.
WHERE_CLAUSE_TRAITS = ("std::hash::BuildHasher", "std::ops::Deref")
# Primitive types the KB does not declare (unstable: `#![feature(f16)]`); an impl naming one
# names an item the KB lacks.
UNSTABLE_PRIMITIVES = {"f16", "f128"}
# The operator traits, whose `Output` a goal or a declaration may name (`<i32 as Add>::Output`,
# `struct Out<T: Add>(Option<T::Output>)`): their implementors lists are emitted too, the impls
# with `Rhs = Self` only (a projection names no trait arguments; parse_impl skips `Add<&i32>`).
OUTPUT_TRAITS = tuple(f"std::ops::{t}" for t in ("Add", "Sub", "Mul", "Div", "Rem", "Neg", "Not",
                                                 "BitAnd", "BitOr", "BitXor", "Shl", "Shr"))
# Hand-written impls (kb/std/builtin.yaml): an emitted impl with the same text is left out.
BUILTIN_KB = Path(__file__).resolve().parent.parent / "kb" / "std" / "builtin.yaml"

ATOMICS = ["AtomicBool", "AtomicI8", "AtomicI16", "AtomicI32", "AtomicI64",
           "AtomicU8", "AtomicU16", "AtomicU32", "AtomicU64", "AtomicIsize",
           "AtomicUsize", "AtomicPtr"]

# The std types people put in structs: public std paths. The docs page is derived
# from the path (std/<mod>/{struct,enum,union}.<Name>.html).
TYPES = [
    "std::string::String",
    "std::boxed::Box",
    "std::vec::Vec",
    "std::collections::VecDeque",
    "std::collections::LinkedList",
    "std::collections::BinaryHeap",
    "std::collections::HashMap",
    "std::collections::BTreeMap",
    "std::collections::HashSet",
    "std::collections::BTreeSet",
    "std::option::Option",
    "std::result::Result",
    "std::borrow::Cow",
    "std::rc::Rc",
    "std::rc::Weak",
    "std::sync::Arc",
    "std::sync::Weak",
    "std::cell::Cell",
    "std::cell::RefCell",
    "std::cell::Ref",
    "std::cell::RefMut",
    "std::cell::UnsafeCell",
    "std::cell::OnceCell",
    "std::cell::LazyCell",
    "std::sync::Mutex",
    "std::sync::MutexGuard",
    "std::sync::RwLock",
    "std::sync::RwLockReadGuard",
    "std::sync::RwLockWriteGuard",
    "std::sync::Condvar",
    "std::sync::Barrier",
    "std::sync::Once",
    "std::sync::OnceLock",
    "std::sync::LazyLock",
    "std::sync::mpsc::Sender",
    "std::sync::mpsc::SyncSender",
    "std::sync::mpsc::Receiver",
    *[f"std::sync::atomic::{a}" for a in ATOMICS],
    "std::marker::PhantomData",
    "std::marker::PhantomPinned",
    "std::mem::ManuallyDrop",
    "std::mem::MaybeUninit",
    "std::ptr::NonNull",
    "std::pin::Pin",
    "std::thread::JoinHandle",
    "std::thread::Thread",
    "std::thread::ThreadId",
    "std::thread::ScopedJoinHandle",
    "std::path::PathBuf",
    "std::path::Path",
    "std::ffi::OsString",
    "std::ffi::OsStr",
    "std::ffi::CString",
    "std::ffi::CStr",
    "std::io::Error",
    "std::fmt::Arguments",
    "std::fmt::Error",
    "std::time::Duration",
    "std::time::Instant",
    "std::time::SystemTime",
    "std::any::TypeId",
    "std::hash::RandomState",
    "std::hash::DefaultHasher",
    "std::alloc::Global",
    "std::num::NonZero",
]

# Primitive pages whose auto-trait impls are emitted (references, raw pointers).
PRIMITIVE_PAGES = ["std/primitive.reference.html", "std/primitive.pointer.html"]
# Self types (as rustdoc prints them) whose auto-trait impls are emitted.
PRIMITIVE_SELF = {"&T", "&mut T", "*const T", "*mut T"}
# Trait pages whose implementors lists are searched for impls on PRIMITIVE_SELF.
AUTO_TRAIT_PAGES = {
    "Send": "std/marker/trait.Send.html",
    "Sync": "std/marker/trait.Sync.html",
    "Unpin": "std/marker/trait.Unpin.html",
    "UnwindSafe": "std/panic/trait.UnwindSafe.html",
    "RefUnwindSafe": "std/panic/trait.RefUnwindSafe.html",
}
# Auto-trait impls on references that no docs page lists because rustc builds them in
# (structural rules for `&T`/`&mut T`, documented in core/src/marker.rs's Sync docs).
# Each was checked against rustc 1.95 with `rustc --emit=metadata` on a check file:
# `&'static mut Cell<i32>` is Send, `&'static mut Rc<i32>` is not; `&'static i32` and
# `&'static mut i32` are Sync, `&'static Cell<i32>` and `&'static mut Cell<i32>` are not.
HAND_IMPLS = [
    ("Send", "&mut T", "unsafe impl<T: Send + ?Sized> Send for &mut T {}"),
    ("Sync", "&T", "unsafe impl<T: Sync + ?Sized> Sync for &T {}"),
    ("Sync", "&mut T", "unsafe impl<T: Sync + ?Sized> Sync for &mut T {}"),
]
HAND_SOURCE = "core/src/marker.rs (built into rustc; documented on `Sync`: \"`&mut T` is Send iff T: Send; `&T` and `&mut T` are Sync iff T: Sync\")"

TOOWNED_PAGE = "std/borrow/trait.ToOwned.html"
GLOBAL_PAGE = "std/alloc/struct.Global.html"
ALLOCATOR_PAGE = "std/alloc/trait.Allocator.html"


def default_docs() -> Path | None:
    try:
        root = subprocess.run(["rustc", "--print", "sysroot"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return Path(root) / "share" / "doc" / "rust" / "html"


def rustc_version() -> str:
    try:
        return subprocess.run(["rustc", "--version"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "rustc (unknown version)"


def docs_version(docs: Path) -> str:
    """The rustc version the docs are for, from the crates<version>.js file."""
    for f in sorted(docs.glob("crates*.js")):
        m = re.fullmatch(r"crates(\d+\.\d+\.\d+.*)\.js", f.name)
        if m:
            return "rustc " + m.group(1)
    return rustc_version()


WARNINGS: list[str] = []


def warn(msg: str) -> None:
    if msg not in WARNINGS:
        WARNINGS.append(msg)
        print(f"warning: {msg}", file=sys.stderr)


# --------------------------------------------------------------------------------------
# HTML -> Rust text

class CodeText(HTMLParser):
    """Turns a rustdoc code fragment (code-header, item-decl) into plain Rust text.

    Links are passed to `link(kind, title, text)`, which returns the text to use.
    A `<div class="where">` gets a leading space (rustdoc omits it sometimes)."""

    def __init__(self, link):
        super().__init__(convert_charrefs=True)
        self.link = link
        self.out: list[str] = []
        self.stack: list[tuple[str, str, list[str]] | None] = []  # for <a>
        self.links: list[tuple[str, str, str]] = []
        self.offsets: list[int] = []  # where each link starts in text()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a":
            self.stack.append((a.get("class") or "", a.get("title") or "", []))
        elif (tag == "div" and "where" in (a.get("class") or "").split()) or tag == "br":
            self._emit(" ")

    def handle_endtag(self, tag):
        if tag == "a" and self.stack:
            kind, title, parts = self.stack.pop()
            text = "".join(parts)
            if not self.stack:
                if kind in ("struct", "enum", "union", "trait", "traitalias", "type"):
                    # rustdoc writes the path of an item it cannot name shortly as plain text
                    # before the link (`&'a std::os::unix::net::<a>UnixListener</a>`): the
                    # link's replacement is the whole name
                    joined = "".join(self.out)
                    m = re.search(r"(?<![\w:>])(?:\w+::)+$", joined)
                    if m:
                        self.out = [joined[:m.start()]]
                self.offsets.append(sum(map(len, self.out)))
            self.links.append((kind, title, text))
            self._emit(self.link(kind, title, text))

    def handle_data(self, data):
        self._emit(data)

    def _emit(self, s):
        if self.stack:
            self.stack[-1][2].append(s)
        else:
            self.out.append(s)

    def text(self):
        return "".join(self.out)


def code_text(fragment: str, link) -> tuple[str, list[tuple[str, str, str]]]:
    p = CodeText(link)
    p.feed(fragment)
    p.close()
    return p.text(), p.links


# The KB's reader takes no generic arguments on a projection; lifetimes are ignored
# everywhere, so a GAT's lifetime arguments are dropped: `<P as Pattern>::Searcher<'a>` ->
# `<P as Pattern>::Searcher` (impls keep `type Searcher<'a> = ..`).
GAT_LIFETIMES = re.compile(r"(>::\w+)<'\w+(?:, ?'\w+)*>")
# rustdoc shows a const parameter's unevaluated default as a path to a placeholder, which is
# not Rust (`const ASSUME: mem::Assume = core::::mem::transmutability::TransmuteFrom::{constant#0}`):
# the reader gets `= _` instead (the KB keeps no const defaults of traits).
RUSTDOC_CONST = re.compile(r"= [\w:]*\{constant#\d+\}")


def tidy(text: str) -> str:
    """Collapse whitespace; drop the trailing comma rustdoc puts after where-predicates."""
    text = re.sub(r"\s+", " ", text).strip()
    text = GAT_LIFETIMES.sub(r"\1", text)
    text = re.sub(r"\s*,\s*$", "", text)
    text = re.sub(r"\s+,", ",", text)
    return text


def drop_body(decl: str) -> str:
    """`pub struct X<T>(/* private */) where T: Y;` -> `pub struct X<T> where T: Y`."""
    return tidy(read_decl_text(RUSTDOC_CONST.sub("= _", decl)).head)


# --------------------------------------------------------------------------------------
# Names

def title_path(title: str) -> str:
    """`struct std::sync::Arc` -> `std::sync::Arc`."""
    return title.split(" ", 1)[1] if " " in title else title


class Names:
    """Maps full paths of known types (and type aliases, which share their namespace) and
    traits to the name written in emitted Rust text: the short name when it names one item
    (or one prelude item among several, as the KB's name resolution does), else the full
    std path.

    With `strict`, a link to an unknown type or trait is recorded in `missing` (the caller
    skips the impl); otherwise it is warned about and written by full path."""

    def __init__(self, types: list[dict], traits: list[dict] | None = None,
                 prelude: set[str] = frozenset(), strict: bool = False,
                 usual: set[str] | None = None):
        self.by_path: dict[str, dict] = {}
        self.trait_by_path: dict[str, dict] | None = None
        self.strict = strict
        self.missing: list[str] = []
        self._assign(types, prelude, self.by_path, usual)
        if traits is not None:
            self.trait_by_path = {}
            self._assign(traits, prelude, self.trait_by_path, usual)

    @staticmethod
    def _assign(items, prelude, table, usual=None):
        """`usual`: when given, only these (and prelude items) are written by short name;
        the others by the shortest path suffix of two or more segments that names them
        alone (`process::Child`), so that a user's own `Child` next to the std KB does not
        make the std KB's snippets ambiguous."""
        shorts: dict[str, list[dict]] = {}
        suffixes: dict[str, int] = {}
        for t in items:
            shorts.setdefault(t["short"], []).append(t)
            mine = set()
            for p in {t["path"], *t["also"]}:
                segs = p.split("::")
                mine.update("::".join(segs[-n:]) for n in range(2, len(segs) + 1))
            for x in mine:
                suffixes[x] = suffixes.get(x, 0) + 1
        for t in items:
            same = shorts[t["short"]]
            in_prelude = [x for x in same if x["path"] in prelude]
            if len(in_prelude) == 1 and in_prelude[0] is t:
                t["name"] = t["short"]
            elif len(same) > 1:
                t["name"] = t["path"]
            elif usual is None or t["path"] in usual:
                t["name"] = t["short"]
            else:
                segs = t["path"].split("::")
                t["name"] = next(("::".join(segs[-n:]) for n in range(2, len(segs))
                                  if suffixes.get("::".join(segs[-n:])) == 1), t["path"])
            for p in [t["path"], *t["also"]]:
                table[p] = t

    def type_name(self, path: str, context: str) -> str:
        t = self.by_path.get(path)
        if t is not None:
            return t["name"]
        if self.strict:
            self.missing.append(path)
        else:
            warn(f"{context}: unknown type {path} written by full path")
        return path

    def trait_name(self, path: str, text: str, context: str,
                   unknown_traits: set[str] | None) -> str:
        if self.trait_by_path is None:  # no trait list: the short names of KNOWN_TRAITS
            if text not in KNOWN_TRAITS and unknown_traits is not None:
                unknown_traits.add(path)
            return text
        t = self.trait_by_path.get(path)
        if t is None:
            if unknown_traits is not None:
                unknown_traits.add(path)
            if self.strict:
                self.missing.append(path)
            return text
        return t["name"]

    def link(self, context: str, unknown_traits: set[str] | None = None):
        def f(kind: str, title: str, text: str) -> str:
            if kind in ("struct", "enum", "union"):
                return self.type_name(title_path(title), context)
            if kind in ("trait", "traitalias"):
                return self.trait_name(title_path(title), text, context, unknown_traits)
            if kind == "type":  # type aliases
                path = title_path(title)
                if path.count("::") >= 2 and path.rsplit("::", 1)[0] in self.trait_by_path_or_empty():
                    return text  # an associated type (`<I as Iterator>::Item`)
                if self.strict or path in self.by_path:
                    return self.type_name(path, context)
                warn(f"{context}: type alias {path}")
                return path
            if kind == "primitive" and text in UNSTABLE_PRIMITIVES and self.strict:
                self.missing.append(text)
            return text  # primitives, associated types, fns, macros...
        return f

    def trait_by_path_or_empty(self) -> dict:
        return self.trait_by_path or {}


# --------------------------------------------------------------------------------------
# Pages

SECTION_RE = re.compile(r'<section id="(impl-[^"]*)" class="impl">(.*?)</section>', re.DOTALL)
SRC_RE = re.compile(r'<a class="src[^"]*" href="([^"]*)">Source</a>')
H3_RE = re.compile(r'<h3 class="code-header">(.*?)</h3>', re.DOTALL)


def src_ref(href: str) -> str:
    """`../../src/alloc/sync.rs.html#274` -> `alloc/src/sync.rs:274`."""
    m = re.search(r"(?:^|/)src/([^/]+)/(.*?)\.html(?:#(.*))?$", href)
    if not m:
        return href
    crate, file, line = m.groups()
    return f"{crate}/src/{file}" + (f":{line}" if line else "")


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def page_decl_html(page: str) -> str | None:
    m = re.search(r'<pre class="rust item-decl"><code>(.*?)</code></pre>', page, re.DOTALL)
    return m.group(1) if m else None


def page_src(page: str) -> str | None:
    """The declaration's Source link (in the page heading's sub-heading)."""
    i = page.find('<span class="sub-heading">')
    j = page.find('class="rust item-decl"', i)
    if i < 0 or j < 0:
        return None
    links = SRC_RE.findall(page[i:j])
    return src_ref(links[0]) if links else None


def impl_sections(page: str):
    """Yields (list, anchor, section_html, end offset); list is explicit, synthesized,
    blanket or implementors (a trait page's list)."""
    marks = []
    for name, key in (("explicit", 'id="trait-implementations-list"'),
                      ("synthesized", 'id="synthetic-implementations-list"'),
                      ("blanket", 'id="blanket-implementations-list"'),
                      ("implementors", 'id="implementors-list"'),
                      ("synthesized", 'id="synthetic-implementors-list"')):
        i = page.find(key)
        if i >= 0:
            marks.append((i, name))
    marks.sort()
    for m in SECTION_RE.finditer(page):
        where = None
        for pos, name in marks:
            if pos < m.start():
                where = name
        if where is None:
            continue  # inherent impl blocks
        yield where, html.unescape(m.group(1)), m.group(2), m.end()


def split_header(text: str):
    """`impl<..> !Trait<..> for Self where ..` -> (generics, "!" or "", trait, self type,
    where-clause, trait arguments); None when it is no impl of a trait path."""
    try:
        h = read_impl_header(text)
    except ValueError:
        return None
    if h is None:
        return None
    return h.generics, "!" if h.negative else "", h.trait, h.self_ty, h.where, h.trait_args


def parse_impl(anchor: str, section: str, names: Names, context: str,
               traits=AUTO_TRAITS, page_rel: str = "", trait_paths: set[str] | None = None,
               trait_args: bool = False):
    """Parse one impl section; returns a dict or None if it is not for one of `traits`.
    `trait_paths`: the full paths the trait link may have (default: std's marker, panic,
    alloc, borrow modules). The result's `missing` lists linked items the KB lacks.
    `trait_args`: also read impls of the trait with generic arguments (`PartialEq<str>`);
    the arguments are in the result's `trait_args` (`"<str>"`, "" when there are none)."""
    args_re = r"(?:%3C.*%3E)?" if trait_args else ""
    if not re.match(rf"impl-({'|'.join(traits)}){args_re}-for-", anchor):
        return None
    h3 = H3_RE.search(section)
    if not h3:
        return None
    unknown: set[str] = set()
    names.missing = []
    p = CodeText(names.link(context, unknown))
    p.feed(h3.group(1))
    p.close()
    raw, links, offsets = p.text(), p.links, p.offsets
    text = tidy(raw)
    parts = split_header(text)
    if not parts:
        warn(f"{context}: cannot parse impl header {text!r}")
        return None
    gen, neg, trait, self_ty, where, targs = parts
    if trait.rsplit("::", 1)[-1] not in traits or (targs and not trait_args):
        return None
    # the impl's trait is the first link after the impl's own generics
    raw_header = read_impl_header(raw)
    assert raw_header is not None  # the tidied text has the same parts
    gen_end = raw_header.generics_end
    after = [i for i, off in enumerate(offsets) if off >= gen_end]
    trait_links = [links[i] for i in after[:1]
                   if links[i][0] == "trait" and links[i][2] == trait.rsplit("::", 1)[-1]]
    if not trait_links or not (
            title_path(trait_links[0][1]) in trait_paths if trait_paths is not None else
            re.search(r"::(marker|panic|alloc|borrow)::" + trait + "$", title_path(trait_links[0][1]))):
        warn(f"{context}: impl {anchor} names {trait} but links {trait_links[:1]}")
        return None
    src = SRC_RE.search(section)
    # The self type's head link (first link after the trait link and its arguments)
    self_link = links[after[1]] if len(after) > 1 else None
    if targs and after:
        for_at = raw_header.trait_end
        rest = [i for i in after[1:] if offsets[i] >= for_at]
        self_link = links[rest[0]] if rest else None
    trait_refs = {title_path(l[1]) for i, l in enumerate(links)
                  if l[0] in ("trait", "traitalias") and i not in after[:1]}
    return {
        "trait_refs": trait_refs,
        "generics": gen, "negative": bool(neg), "trait": trait, "trait_args": targs,
        "self": self_ty,
        "where": where, "text": text, "anchor": anchor,
        "src": src_ref(src.group(1)) if src else None,
        "self_link": self_link, "unknown_traits": unknown, "section": section,
        "missing": sorted(set(names.missing)),
    }


def impl_rust(imp: dict, explicit: bool, body: str = "{}") -> str:
    unsafe = explicit and not imp["negative"] and imp["trait"] in UNSAFE_TRAITS
    s = f"{'unsafe ' if unsafe else ''}impl{imp['generics']} {'!' if imp['negative'] else ''}" \
        f"{imp['trait']} for {imp['self']}"
    if imp["where"]:
        s += " " + imp["where"]
    return s + " " + body


def impl_source(imp: dict, page_rel: str) -> str:
    loc = f"{page_rel}#{imp['anchor']}"
    return f"{imp['src']} ({loc})" if imp["src"] else loc


# --------------------------------------------------------------------------------------
# Type discovery

TYPE_KINDS = ("struct", "enum", "union")


def all_doc_items(docs: Path, kinds=TYPE_KINDS, crates=("std", "alloc", "core")) -> dict[str, str]:
    """Every item of the given kinds of std, alloc and core: full path -> page (rel. to docs)."""
    items = {}
    pat = re.compile(rf"((?:[\w]+/)*)({'|'.join(kinds)})\.(\w+)\.html")
    for crate in crates:
        f = docs / crate / "all.html"
        if not f.exists():
            continue
        for href in re.findall(r'href="([^"]+)"', read(f)):
            m = pat.fullmatch(href)
            if m:
                mods = [x for x in m.group(1).split("/") if x]
                items["::".join([crate, *mods, m.group(3)])] = f"{crate}/{href}"
    return items


def find_page(docs: Path, path: str) -> str | None:
    segs = path.split("::")
    for kind in ("struct", "enum", "union"):
        rel = "/".join(segs[:-1]) + f"/{kind}.{segs[-1]}.html"
        if (docs / rel).exists():
            return rel
    return None


_SRC_CACHE: dict[str, str | None] = {}


def decl_src_of(docs: Path, rel: str) -> str | None:
    if rel not in _SRC_CACHE:
        with open(docs / rel, encoding="utf-8") as f:
            head = f.read(200000)
        _SRC_CACHE[rel] = page_src(head)
    return _SRC_CACHE[rel]


def same_item(docs: Path, rel: str, other: str) -> bool:
    """Two pages show the same item: same name and kind, same declaration source (file and
    first line: the line ranges differ between the crates' docs)."""
    if rel.rsplit("/", 1)[1] != other.rsplit("/", 1)[1]:
        return False
    src, osrc = decl_src_of(docs, rel), decl_src_of(docs, other)
    return src is not None and osrc is not None and osrc.split("-")[0] == src.split("-")[0]


def _also_key(p: str):
    return (p.split("::")[0] == "std", p.count("::"), p)


def aliases(docs: Path, path: str, rel: str, items: dict[str, str]) -> list[str]:
    """Other full paths of the same type: same name and kind, same declaration source."""
    out = [p for p, r in items.items() if p != path and same_item(docs, rel, r)]
    return sorted(out, key=_also_key)


def std_items(docs: Path, kinds) -> list[dict]:
    """The std items of `kinds` with a page, one per item: re-exports of the same item
    (std::sync::poison::Mutex, core::sync::Mutex...) are folded into `also`; the std path
    with the fewest segments is the item's `path`."""
    items = all_doc_items(docs, kinds)
    by_page: dict[str, list[str]] = {}
    for p, r in items.items():
        by_page.setdefault(r.rsplit("/", 1)[1], []).append(p)
    groups: list[dict] = []
    done: set[str] = set()
    for page_name, paths in sorted(by_page.items()):
        std = sorted((p for p in paths if p.startswith("std::")), key=lambda p: (p.count("::"), p))
        for p in std:
            if p in done:
                continue
            same = [q for q in paths if q != p and q not in done
                    and same_item(docs, items[p], items[q])]
            done.update([p, *same])
            groups.append({"path": p, "short": p.rsplit("::", 1)[1], "rel": items[p],
                           "also": sorted(same, key=_also_key)})
    return sorted(groups, key=lambda g: g["path"])


def item_info(page: str) -> list[str]:
    """Markers for an item's banner: `unstable (feature)`, `only on Windows`, `deprecated`."""
    i = page.find('<pre class="rust item-decl">')
    if i < 0:
        return []
    j = page.find("</pre>", i)
    ends = [k for k in (page.find('<details class="toggle top-doc"', j), page.find("<h2", j)) if k >= 0]
    info = page[j:min(ends)] if ends else ""
    out = []
    m = re.search(r'class="stab unstable">.*?(?:<code>([^<]*)</code>|</div>)', info, re.DOTALL)
    if m:
        out.append(f"unstable ({m.group(1)})" if m.group(1) else "unstable")
    m = re.search(r'class="stab portability"[^>]*>(.*?)</div>', info, re.DOTALL)
    if m:
        text = html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).strip()
        text = re.sub(r"^Available on (.*?) only\.?$", r"only on \1", text)
        out.append(text)
    if 'class="stab deprecated"' in info:
        out.append("deprecated")
    return out


def unstable_feature(markers: list[str]) -> str | None:
    """`ptr_metadata` for an item marked `unstable (ptr_metadata)` (`unstable` if unnamed)."""
    for m in markers:
        if m.startswith("unstable"):
            return m[len("unstable ("):-1] if m.startswith("unstable (") else "unstable"
    return None


def is_unstable(item: dict) -> bool:
    return any(m.startswith("unstable") for m in item.get("markers", []))


def stable_winners(items: list[dict]) -> set[str]:
    """Paths of the stable items whose short name is otherwise shared only with unstable
    ones (`std::sync::Mutex` vs the nightly `std::sync::nonpoison::Mutex`): the short name
    means the stable item, as it does for a user on stable Rust. The KB has no key for this
    but `prelude` (what a short name prefers), so they are marked `prelude: true`."""
    by_short: dict[str, list[dict]] = {}
    for x in items:
        by_short.setdefault(x["short"], []).append(x)
    out = set()
    for group in by_short.values():
        stable = [x for x in group if not is_unstable(x)]
        if len(group) > 1 and len(stable) == 1:
            out.add(stable[0]["path"])
    return out


def with_markers(source: str, markers: list[str]) -> str:
    return source + "".join(f" # {m}" for m in markers)


def prelude_paths(docs: Path) -> set[str]:
    """Paths of the types and traits std's 2021 prelude names (std::prelude::v1 plus
    core::prelude::rust_2021's additions)."""
    out: set[str] = set()
    for rel in ("std/prelude/v1/index.html", "core/prelude/rust_2021/index.html",
                "std/prelude/rust_2021/index.html"):
        f = docs / rel
        if f.exists():
            out.update(re.findall(r'title="(?:struct|enum|union|trait|type) ([\w:]+)"', read(f)))
    return out


# --------------------------------------------------------------------------------------
# Generation

def module_of(path: str) -> str:
    return path.split("::")[1]


def load_types(docs: Path, type_paths: list[str]) -> list[dict]:
    items = all_doc_items(docs)
    types = []
    for path in type_paths:
        rel = find_page(docs, path)
        if rel is None:
            warn(f"missing docs page for {path}")
            continue
        page = read(docs / rel)
        types.append({"path": path, "short": path.rsplit("::", 1)[1], "rel": rel,
                      "also": aliases(docs, path, rel, items), "page": page,
                      "markers": item_info(page)})
    return types


def decl_text(page: str, names: Names, ctx: str, unknown: set[str]) -> str:
    text, _ = code_text(page_decl_html(page), names.link(ctx, unknown))
    # attributes rustdoc prints before the item (#[repr(..)], #[non_exhaustive])
    return strip_attrs(text)


def strip_attrs(text: str) -> str:
    """Drop the attributes rustdoc prints before an item (`#[repr(..)]`, `#[non_exhaustive]`),
    on lines of their own or not."""
    text = "\n".join(l for l in text.splitlines() if not re.fullmatch(r"\s*#\[.*\]\s*", l))
    return re.sub(r"^\s*(#\[[^\]]*\]\s*)+", "", text)


def type_entry(t: dict, names: Names) -> dict | None:
    ctx = t["rel"]
    unknown: set[str] = set()
    names.missing = []
    decl = drop_body(decl_text(t["page"], names, ctx, unknown))
    if names.strict and names.missing:
        # the decl's bounds or defaults name an item without a page: keep the parameters
        warn(f"{ctx}: decl names items not in the KB ({', '.join(sorted(set(names.missing)))}); "
             f"bounds and defaults dropped: {decl}")
        decl = strip_generics(decl)
    else:
        for tr in sorted(unknown):
            warn(f"{ctx}: decl names trait {tr} (not declared in the KB): {decl}")
    # The own name is plain text in the decl; when the short name is ambiguous, the
    # decl keeps the short name (the decl declares it at `path`).
    entry = {"decl": decl, "path": t["path"]}
    if t["also"]:
        entry["also"] = t["also"]
    entry["fields"] = "private"
    # Unsized types lack the blanket `impl<T> From<T> for T` (T: Sized implicitly).
    if 'id="impl-From%3CT%3E-for-T"' not in t["page"]:
        entry["sized"] = False
    feature = unstable_feature(t.get("markers", []))
    if feature is not None:
        entry["unstable"] = feature
    entry["source"] = with_markers(t["rel"], t.get("markers", []))
    return entry


def strip_generics(decl: str) -> str:
    """`pub struct X<'a, T: B, const N: usize, A = D> where ..` -> `pub struct X<'a, T, const N: usize, A>`
    (keeping `?Sized`)."""
    d = read_decl_text(decl + " {}")
    if d.kind == "trait" or not d.generics:
        return decl
    unsized = unsized_params(decl)
    out = [p.text.split("=")[0].strip() if p.kind == "const" else
           p.name + (": ?Sized" if p.name in unsized else "") for p in d.params]
    return f"{decl[:decl.index(d.generics)]}<{', '.join(out)}>"


def param_texts(generics: str) -> list[str]:
    """`<T, F = fn() -> T>` -> ["T", "F = fn() -> T"]."""
    return [p.text for p in generic_params(generics)]


def unsized_params(decl: str) -> set[str]:
    """Type parameters a decl declares `?Sized` (inline or in its where-clause)."""
    d = read_decl_text(decl + " {}")
    if d.kind not in TYPE_KINDS:
        return set()
    marked = [(p.name, p.bounds) for p in d.params if p.kind == "type"]
    marked += [(w.lhs, w.bounds) for w in d.predicates if re.fullmatch(r"\w+", w.lhs)]
    return {name for name, bounds in marked if any(re.fullmatch(r"\?\s*Sized", b) for b in bounds)}


def fix_synthesized(imp: dict, decl: str, ctx: str) -> None:
    """rustdoc's synthesized impls copy the type's parameter defaults into the impl
    (`impl<T, F = fn() -> T> !Sync for LazyCell<T, F>`), which Rust rejects in impls:
    drop them. Its negative ones also drop `?Sized`: put back the decl's, since a
    negative impl is meant for every instantiation."""
    params = param_texts(imp["generics"])
    if any("=" in p for p in params):
        kept = [p.split("=")[0].strip() for p in params]
        warn(f"{ctx}: dropped parameter defaults from synthesized impl: {imp['text']}")
        imp["generics"] = "<" + ", ".join(kept) + ">"
        params = kept
    if imp["negative"]:
        unsized = unsized_params(decl)
        marked = [(q.name, q.bounds) for q in generic_params(imp["generics"])]
        marked += [(w.lhs, w.bounds) for w in where_predicates(imp["where"])]
        has = {name for name, bounds in marked if "?Sized" in bounds}
        add = [p for p in params if p in unsized and p not in has]
        if add:
            extra = ", ".join(f"{p}: ?Sized" for p in add)
            imp["where"] = (imp["where"] + ", " + extra) if imp["where"] else "where " + extra
            warn(f"{ctx}: added {extra} (from the decl) to synthesized impl: {imp['text']}")


def type_impls(t: dict, names: Names, decl: str = "") -> list[dict]:
    out = []
    ctx = t["rel"]
    own = {t["path"], *t["also"]}
    seen = set()
    parsed = []
    for where, anchor, section, _ in impl_sections(t["page"]):
        if where not in ("explicit", "synthesized"):
            continue
        imp = parse_impl(anchor, section, names, ctx)
        if imp is not None:
            parsed.append((where, imp))
    explicit_traits = {imp["trait"] for where, imp in parsed if where == "explicit"}
    for where, imp in parsed:
        if where == "synthesized" and imp["trait"] in explicit_traits:
            warn(f"{ctx}: dropped synthesized {imp['text']!r}: {t['path']} has an explicit "
                 f"{imp['trait']} impl, which alone decides")
            continue
        if where == "synthesized":
            fix_synthesized(imp, decl, ctx)
        sl = imp["self_link"]
        if sl is None or title_path(sl[1]) not in own:
            warn(f"{ctx}: skipped {imp['text']!r} (self type is not {t['path']})")
            continue
        if imp["missing"]:
            warn(f"{ctx}: skipped {imp['text']!r} (names items not in the KB: "
                 f"{', '.join(imp['missing'])})")
            continue
        for tr in sorted(imp["unknown_traits"]):
            warn(f"{ctx}: impl where-clause names unknown trait {tr}: {imp['text']}")
        if "as " in imp["where"] and "::" in imp["where"]:
            warn(f"{ctx}: projection kept as written: {imp['text']}")
        if "for<" in imp["text"]:
            warn(f"{ctx}: higher-ranked bound kept as written: {imp['text']}")
        key = (imp["trait"], imp["negative"], imp["self"], imp["where"])
        if key in seen:
            continue
        seen.add(key)
        entry = {"impl": impl_rust(imp, where == "explicit")}
        if where == "synthesized":
            entry["synthesized"] = True
        entry["source"] = impl_source(imp, t["rel"])
        out.append(entry)
    traits_done = {}
    for e in out:
        m = re.search(r" !?(\w+) for ", e["impl"])
        traits_done.setdefault(m.group(1), []).append(e)
    for tr in AUTO_TRAITS:
        if tr not in traits_done:
            warn(f"{ctx}: no {tr} impl listed for {t['path']}")
        elif len(traits_done[tr]) > 1:
            warn(f"{ctx}: {len(traits_done[tr])} {tr} impls for {t['path']}: "
                 + "; ".join(e["impl"] for e in traits_done[tr]))
    return out


# Counts of the derivable-trait impls left out by the last generate(): cross-type
# `PartialEq<Rhs>`/`PartialOrd<Rhs>` impls, and impls naming items the KB lacks.
DERIVE_SKIPPED: dict[str, int] = {}
# (trait, self type, impl text) of the skipped cross-type impls.
DERIVE_CROSS: list[tuple[str, str, str]] = []


def derive_impls(t: dict, names: Names) -> list[dict]:
    """The type's explicit impls of DERIVE_TRAITS ("Trait Implementations"), generics and
    where-clause as the docs show them. Impls of `PartialEq<Rhs>` / `PartialOrd<Rhs>` with
    `Rhs` other than the self type are skipped (counted in DERIVE_SKIPPED["cross-type"]):
    the KB's impls carry no trait arguments."""
    ctx = t["rel"]
    own = {t["path"], *t["also"]}
    out = []
    seen = set()
    for where, anchor, section, _ in impl_sections(t["page"]):
        if where != "explicit":
            continue
        imp = parse_impl(anchor, section, names, ctx, traits=DERIVE_TRAITS,
                         trait_paths=DERIVE_TRAIT_PATHS, trait_args=True)
        if imp is None:
            continue
        sl = imp["self_link"]
        if sl is None or title_path(sl[1]) not in own or not re.match(r"[\w:]", imp["self"]):
            continue  # listed on this page for another self type (`PartialEq<String> for &str`)
        if imp["trait_args"]:
            if imp["trait_args"][1:-1].strip() != imp["self"]:
                DERIVE_SKIPPED["cross-type"] = DERIVE_SKIPPED.get("cross-type", 0) + 1
                DERIVE_CROSS.append((imp["trait"], imp["self"], imp["text"]))
                continue
            imp["trait_args"] = ""  # `PartialEq<X> for X` is `PartialEq for X`
        if imp["negative"]:
            warn(f"{ctx}: skipped negative impl of a non-auto trait: {imp['text']}")
            continue
        if imp["missing"]:
            DERIVE_SKIPPED["names items not in the KB"] = \
                DERIVE_SKIPPED.get("names items not in the KB", 0) + 1
            warn(f"{ctx}: skipped {imp['text']!r} (names items not in the KB: "
                 f"{', '.join(imp['missing'])})")
            continue
        for tr in sorted(imp["unknown_traits"]):
            warn(f"{ctx}: impl where-clause names unknown trait {tr}: {imp['text']}")
        text = impl_rust(imp, True)
        if text in seen:
            continue
        seen.add(text)
        out.append({"impl": text, "source": impl_source(imp, t["rel"])})
    return out


# Primitive pages whose derivable-trait impls are emitted (Clone and Copy excepted: those are
# in builtin.yaml and the engine), with the self types (as rustdoc prints them) taken from each.
# Tuples, arrays and fn pointers are left out: rustdoc shows their impls as fake variadics.
PRIMITIVE_DERIVE_PAGES = {
    **{f"std/primitive.{p}.html": {p} for p in (
        "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize",
        "f32", "f64", "bool", "char", "str")},
    "std/primitive.unit.html": {"()"},
    "std/primitive.never.html": {"!"},
    "std/primitive.slice.html": {"[T]"},
    "std/primitive.reference.html": {"&T", "&mut T"},
    "std/primitive.pointer.html": {"*const T", "*mut T"},
}


def primitive_derive_impls(docs: Path, names: Names) -> list[dict]:
    """Default, Debug, PartialEq, Eq, PartialOrd, Ord and Hash impls of primitive types, from
    their pages (same rules as derive_impls: `Rhs = Self` only)."""
    traits = tuple(t for t in DERIVE_TRAITS if t not in ("Clone", "Copy"))
    out = []
    seen = set()
    for rel, selves in PRIMITIVE_DERIVE_PAGES.items():
        f = docs / rel
        if not f.exists():
            warn(f"missing docs page {rel}")
            continue
        for where, anchor, section, _ in impl_sections(read(f)):
            if where != "explicit":
                continue
            imp = parse_impl(anchor, section, names, rel, traits=traits,
                             trait_paths=DERIVE_TRAIT_PATHS, trait_args=True)
            if imp is None or imp["self"] not in selves or imp["negative"]:
                continue
            if imp["trait_args"]:
                if imp["trait_args"][1:-1].strip() != imp["self"]:
                    DERIVE_SKIPPED["cross-type"] = DERIVE_SKIPPED.get("cross-type", 0) + 1
                    DERIVE_CROSS.append((imp["trait"], imp["self"], imp["text"]))
                    continue
                imp["trait_args"] = ""
            if imp["missing"]:
                DERIVE_SKIPPED["names items not in the KB"] = \
                    DERIVE_SKIPPED.get("names items not in the KB", 0) + 1
                warn(f"{rel}: skipped {imp['text']!r} (names items not in the KB: "
                     f"{', '.join(imp['missing'])})")
                continue
            text = impl_rust(imp, True)
            if text in seen:
                continue
            seen.add(text)
            out.append({"impl": text, "source": impl_source(imp, rel)})
    return out


def builtin_impl_texts() -> set[str]:
    if not BUILTIN_KB.exists():
        return set()
    data = yaml.safe_load(read(BUILTIN_KB)) or {}
    return {e["impl"] for e in data.get("impls", [])}


def primitive_impls(docs: Path, names: Names) -> list[dict]:
    found: dict[tuple, dict] = {}
    pages = [p for p in PRIMITIVE_PAGES] + [AUTO_TRAIT_PAGES[t] for t in AUTO_TRAITS]
    for rel in pages:
        f = docs / rel
        if not f.exists():
            warn(f"missing docs page {rel}")
            continue
        page = read(f)
        for where, anchor, section, _ in impl_sections(page):
            if where not in ("explicit", "implementors", "synthesized"):
                continue
            if not re.match(r"impl-(Send|Sync|Unpin|UnwindSafe|RefUnwindSafe)-for-(%26|\*)",
                            anchor):
                continue
            imp = parse_impl(anchor, section, names, rel)
            if imp is None or imp["self"] not in PRIMITIVE_SELF:
                continue
            key = (imp["trait"], imp["self"])
            explicit = where != "synthesized"
            if key in found and (found[key].get("synthesized") is None or not explicit):
                continue  # keep the first explicit listing
            entry = {"impl": impl_rust(imp, explicit)}
            if not explicit:
                entry["synthesized"] = True
            entry["source"] = impl_source(imp, rel)
            found[key] = entry
    for trait, self_ty, text in HAND_IMPLS:
        if (trait, self_ty) in found:
            warn(f"hand-written impl {text} is now listed by the docs: "
                 f"{found[(trait, self_ty)]['impl']} (hand version dropped)")
            continue
        found[(trait, self_ty)] = {"impl": text, "source": HAND_SOURCE}
    for tr in AUTO_TRAITS:
        for s in sorted(PRIMITIVE_SELF):
            if (tr, s) not in found:
                warn(f"no {tr} impl for {s} in the docs (left to the built-in rules)")
    return [found[k] for k in sorted(found, key=lambda k: (AUTO_TRAITS.index(k[0]), k[1]))]


ASSOC_RE = re.compile(r'<h4 class="code-header">type <a[^>]*>(\w+)</a>(.*?)</h4>', re.DOTALL)
PROJ_RE = re.compile(r"<[^<>]*? as ([\w:]+)(?:<[^<>]*>)?>::(\w+)")
# (trait, self type, assoc type text) of impls whose associated types name impl parameters
# that the self type does not fix (closures: `impl<B, I, F> Iterator for Map<I, F> where
# F: FnMut(I::Item) -> B { type Item = B; }`): projections through them cannot be normalized
# by matching the impl header.
UNNORMALIZABLE: list[str] = []


def impl_param_names(generics: str) -> list[str]:
    return [p.name for p in generic_params(generics) if p.kind != "lifetime"]


def trait_impls(docs: Path, trait: dict, names: Names, seen: set[str] | None = None) -> list[dict]:
    """The impls in a trait page's implementors list, with their associated types
    (`impl<T, A> Iterator for IntoIter<T, A> where A: Allocator { type Item = T; }`).
    Skipped, with a warning: negative impls (only auto traits may have them in the KB),
    impls naming items the KB lacks, and impls whose associated types cannot be fixed by
    the impl header (UNNORMALIZABLE)."""
    rel = trait["rel"]
    f = docs / rel
    if not f.exists():
        warn(f"missing docs page {rel}")
        return []
    page = read(f)
    paths = {trait["path"], *trait["also"]}
    out = []
    seen = set() if seen is None else seen
    sections = list(impl_sections(page))
    for n, (where, anchor, section, end) in enumerate(sections):
        if where != "implementors":
            continue
        imp = parse_impl(anchor, section, names, rel, traits=(trait["short"],), trait_paths=paths)
        if imp is None or imp["negative"]:
            continue
        if imp["missing"]:
            warn(f"{rel}: skipped {imp['text']!r} (names items not in the KB: "
                 f"{', '.join(imp['missing'])})")
            continue
        stop = page.find('<section id="impl-', end)
        region = page[end:stop if stop >= 0 else len(page)]
        assoc = []
        names.missing = []
        for m in ASSOC_RE.finditer(region):
            rhs = m.group(2)
            eq = rhs.find(" = ")
            if eq < 0:
                continue
            ty, _ = code_text(rhs[eq + 3:], names.link(rel))
            gat = html.unescape(re.sub(r"<[^>]+>", "", rhs[:eq])).strip()  # `<'a>` of a GAT
            assoc.append((m.group(1) + gat, tidy(ty)))
        if names.missing:
            warn(f"{rel}: skipped {imp['text']!r} (associated type names items not in the KB: "
                 f"{', '.join(sorted(set(names.missing)))})")
            continue
        free = [p for p in impl_param_names(imp["generics"])
                if not re.search(rf"\b{re.escape(p)}\b", imp["self"])]
        bad = [(a, ty) for a, ty in assoc if any(re.search(rf"\b{re.escape(p)}\b", ty) for p in free)]
        if bad:
            UNNORMALIZABLE.append(f"{imp['text']} {{ {'; '.join(f'type {a} = {ty}' for a, ty in bad)}; }}")
            warn(f"{rel}: skipped {imp['text']!r}: associated type {bad[0][0]} = {bad[0][1]} "
                 f"names impl parameters the self type does not fix ({', '.join(free)})")
            continue
        body = "{ " + " ".join(f"type {a} = {ty};" for a, ty in assoc) + " }" if assoc else "{}"
        text = impl_rust(imp, True, body)
        if trait.get("unsafe") and not text.startswith("unsafe "):
            text = "unsafe " + text
        if text in seen:
            continue
        seen.add(text)
        out.append({"impl": text, "source": impl_source(imp, rel)})
    return out


def toowned_impls(docs: Path, names: Names) -> list[dict]:
    """`impl ToOwned for str { type Owned = String; }`... (Cow's impls project through them)."""
    q = _Quiet(names)
    trait = {"path": "std::borrow::ToOwned", "also": ["alloc::borrow::ToOwned"],
             "short": "ToOwned", "rel": TOOWNED_PAGE}
    return trait_impls(docs, trait, q)


class _Quiet(Names):
    """The same names, recording unknown types and traits in `missing` instead of warning."""

    def __init__(self, names: Names):
        self.by_path = names.by_path
        self.trait_by_path = names.trait_by_path
        self.strict = True
        self.missing = []


def global_impls(docs: Path, names: Names) -> list[dict]:
    """`unsafe impl Allocator for Global {}` and the other implementors of Allocator."""
    trait = {"path": "std::alloc::Allocator", "also": ["core::alloc::Allocator"],
             "short": "Allocator", "rel": ALLOCATOR_PAGE, "unsafe": True}
    out = []
    f = docs / GLOBAL_PAGE
    if f.exists():  # Global's impl, cited from Global's page
        for where, anchor, section, _ in impl_sections(read(f)):
            if where == "explicit":
                imp = parse_impl(anchor, section, names, GLOBAL_PAGE, traits=("Allocator",))
                if imp is not None:
                    out.append({"impl": impl_rust(imp, True),
                                "source": impl_source(imp, GLOBAL_PAGE)})
    if not out:
        warn(f"{GLOBAL_PAGE}: no Allocator impl found")
    seen = {e["impl"] for e in out}
    out += trait_impls(docs, trait, _Quiet(names), seen)
    return out


# Paths rustc itself prints for some traits (their defining private modules), kept from the
# hand-written traits file: no docs page names them.
EXTRA_ALSO = {
    "std::panic::UnwindSafe": ["core::panic::unwind_safe::UnwindSafe"],
    "std::panic::RefUnwindSafe": ["core::panic::unwind_safe::RefUnwindSafe"],
    "std::num::ZeroablePrimitive": ["core::num::nonzero::ZeroablePrimitive"],
}


# Traits whose impls for std's types this script lists in full (every impl on the types' pages):
# a std type with none of them listed does not implement the trait. Not PartialEq/PartialOrd,
# whose cross-type impls are skipped.
COMPLETE_TRAITS = {"Clone", "Copy", "Default", "Debug", "Eq", "Ord", "Hash"}
# Traits whose implementors page lists every impl, for built-in types too (`&A`): `impls: all`.
# The well-formedness of `Vec<T, A>` and the other allocator-generic types asks for `A: Allocator`.
ALL_IMPLS_TRAITS = {"Allocator"}


def trait_entry(t: dict, names: Names, prelude: set[str]) -> dict | None:
    """`pub trait Error: Debug + Display` from a trait page: the where-clause and the body
    left out, supertraits the KB does not declare dropped (with a warning)."""
    ctx = t["rel"]
    names.missing = []
    text = drop_body(decl_text(t["page"], names, ctx, set()))
    missing = set(names.missing)
    try:
        d = read_decl_text(text + " {}") if text.startswith("pub ") else None
    except ValueError:
        d = None
    if d is None or d.kind != "trait":
        warn(f"{ctx}: cannot read trait decl {text!r}")
        return None
    if d.is_auto and t["short"] not in AUTO_TRAITS:
        warn(f"{ctx}: auto trait {t['path']} left out (the KB covers the five auto traits "
             f"{', '.join(AUTO_TRAITS)})")
        return None
    gen = d.generics
    known = {x["name"] for x in names.trait_by_path.values()}
    supers = []
    for b in d.bounds:
        head = re.match(r"\??[\w:]+", b)
        if b.startswith(("'", "?")) or (head and head.group(0) in known):
            supers.append(b)
        else:
            warn(f"{ctx}: supertrait {b} of {t['path']} left out (not in the KB)")
    if gen and (missing or "const " in gen):
        # parameter names only (the KB reads no trait generics; const defaults are paths
        # to associated consts, which are not types)
        gen = "<" + ", ".join(p.text.split("=")[0].strip() if p.kind == "const" else
                              p.text if p.kind == "lifetime" else p.name
                              for p in d.params) + ">"
        if any(x in " ".join(supers) for x in ("<",)):
            supers = [s for s in supers if "<" not in s]
    decl = f"pub {'unsafe ' if d.is_unsafe else ''}{'auto ' if d.is_auto else ''}trait {d.name}{gen}"
    if supers:
        decl += ": " + " + ".join(supers)
    entry = {"decl": decl, "path": t["path"]}
    also = sorted({*t["also"], *EXTRA_ALSO.get(t["path"], [])}, key=_also_key)
    if also:
        entry["also"] = also
    if t["path"] in prelude or any(a in prelude for a in t["also"]):
        entry["prelude"] = True
    if d.name in COMPLETE_TRAITS:
        entry["impls"] = "complete"
    elif d.name in ALL_IMPLS_TRAITS:
        entry["impls"] = "all"
    src = decl_src_of_page(t["page"])
    entry["source"] = with_markers(f"{src} ({t['rel']})" if src else t["rel"], t.get("markers", []))
    return entry


def decl_src_of_page(page: str) -> str | None:
    return page_src(page[:200000])


def alias_entry(a: dict, names: Names) -> dict | None:
    """`pub type Result<T> = Result<T, std::io::Error>` from a type alias page."""
    ctx = a["rel"]
    names.missing = []
    base = names.link(ctx)

    def link(kind, title, text):
        out = base(kind, title, text)
        if out == a["short"] and title_path(title) != a["path"]:
            return title_path(title)  # `pub type Result<T> = std::result::Result<..>`
        return out

    text, _ = code_text(page_decl_html(a["page"]) or "", link)
    decl = tidy(strip_attrs(text)).rstrip(";").strip()
    if names.missing:
        warn(f"{ctx}: alias {a['path']} skipped (names items not in the KB: "
             f"{', '.join(sorted(set(names.missing)))}): {decl}")
        return None
    if not re.match(r"^pub type \w+", decl):
        warn(f"{ctx}: cannot read alias decl {decl!r}")
        return None
    entry = {"decl": decl, "path": a["path"]}
    if a["also"]:
        entry["also"] = a["also"]
    entry["source"] = with_markers(a["rel"], a.get("markers", []))
    return entry


def generate(docs: Path, type_paths: list[str] | None = None) -> dict[str, dict]:
    """Returns {file name: {"traits": [...], "types": [...], "aliases": [...],
    "impls": [...]}}; warnings go to WARNINGS. Without `type_paths`, every struct, enum,
    union, type alias and trait of std that has a page (and traits.yaml); with them, only
    those types (no traits, aliases or projection impls: for tests on a few pages)."""
    WARNINGS.clear()
    UNNORMALIZABLE.clear()
    DERIVE_SKIPPED.clear()
    DERIVE_CROSS.clear()
    builtin = builtin_impl_texts()
    full = type_paths is None
    prelude: set[str] = set()
    alias_items: list[dict] = []
    trait_items: list[dict] = []
    if full:
        types = std_items(docs, TYPE_KINDS)
        alias_items = std_items(docs, ("type",))
        trait_items = std_items(docs, ("trait",))
        prelude = prelude_paths(docs)
        for x in types + alias_items + trait_items:
            x["page"] = read(docs / x["rel"])
            x["markers"] = item_info(x["page"])
        prelude = {x["path"] for x in types + alias_items + trait_items
                   if x["path"] in prelude or any(a in prelude for a in x["also"])}
        prelude |= stable_winners(types + alias_items) | stable_winners(trait_items)
        usual = set(TYPES) | {p for x in trait_items for p in [x["path"]]
                              if x["short"] in KNOWN_TRAITS | set(AUTO_TRAITS)}
        names = Names(types + alias_items, trait_items, prelude, strict=True, usual=usual)
    else:
        types = load_types(docs, type_paths)
        names = Names(types)
    files: dict[str, dict] = {}

    def add(mod, key, entry):
        files.setdefault(f"{mod}.yaml", {"traits": [], "types": [], "aliases": [],
                                         "impls": []})[key].append(entry)

    auto_impls = []
    for t in sorted(types, key=lambda t: t["path"]):
        mod = module_of(t["path"])
        te = type_entry(t, names)
        if full and t["path"] in prelude:
            te = {**{k: v for k, v in te.items() if k != "source"}, "prelude": True,
                  "source": te["source"]}
        add(mod, "types", te)
        for e in type_impls(t, names, te["decl"]):
            add(mod, "impls", e)
            auto_impls.append(e)
        for e in derive_impls(t, names):
            if e["impl"] in builtin:
                warn(f"{t['rel']}: {e['impl']} is in {BUILTIN_KB.name} (left out here)")
                continue
            add(mod, "impls", e)
    for a in alias_items:
        e = alias_entry(a, names)
        if e is not None:
            add(module_of(a["path"]), "aliases", e)
    for t in trait_items:
        e = trait_entry(t, names, prelude)
        if e is not None:
            add("traits", "traits", e)
    for e in primitive_impls(docs, names):
        add("primitive", "impls", e)
    for e in primitive_derive_impls(docs, names):
        if e["impl"] in builtin:
            warn(f"{e['impl']} is in {BUILTIN_KB.name} (left out here)")
            continue
        add("primitive", "impls", e)
    if full:
        # impls with associated types for every trait a projection goes through
        by_name = {x["name"]: x for x in trait_items}
        texts = [e["impl"] for e in auto_impls]
        done: set[str] = set()
        seen: set[str] = set()
        while True:
            todo = sorted({m.group(1) for s in texts for m in PROJ_RE.finditer(s)} - done)
            if not todo:
                break
            texts = []
            for name in todo:
                done.add(name)
                tr = by_name.get(name)
                if tr is None:
                    warn(f"projection through unknown trait {name}")
                    continue
                for e in trait_impls(docs, tr, _Quiet(names), seen):
                    add(module_of(tr["path"]), "impls", e)
                    texts.append(e["impl"])
        PROJECTION_TRAITS[:] = sorted(done)
        # traits the derivable-trait impls' where-clauses ask for besides the ones above, and
        # the operator traits' `Output`s
        by_path = {x["path"]: x for x in trait_items}
        for path in WHERE_CLAUSE_TRAITS + OUTPUT_TRAITS:
            tr = by_path.get(path)
            if tr is None:
                warn(f"where-clause or operator trait {path} has no page")
                continue
            if tr["name"] in done:
                continue
            for e in trait_impls(docs, tr, _Quiet(names), seen):
                if e["impl"] not in builtin:
                    add(module_of(tr["path"]), "impls", e)
    else:
        for e in toowned_impls(docs, names):
            add("borrow", "impls", e)
    for e in global_impls(docs, names):
        add("alloc", "impls", e)
    for f in files.values():
        f["impls"].sort(key=impl_sort_key)
        f["traits"].sort(key=trait_sort_key)
        f["aliases"].sort(key=lambda e: e["path"])
    return files


PROJECTION_TRAITS: list[str] = []


def trait_sort_key(e: dict):
    """The five auto traits first, in their usual order (Send, Sync, Unpin, UnwindSafe,
    RefUnwindSafe: the order the KB lists them in), then by path."""
    short = e["path"].rsplit("::", 1)[1]
    if " auto trait " in f" {e['decl']} " and short in AUTO_TRAITS:
        return (0, AUTO_TRAITS.index(short), "")
    return (1, 0, e["path"])


def impl_sort_key(e: dict):
    m = re.search(r"impl(?:<.*?>)? !?(\w+) for (.*?)(?: where .*)? (?:\{.*\})$", e["impl"])
    self_ty, trait = (m.group(2), m.group(1)) if m else (e["impl"], "")
    self_head = re.sub(r"<.*", "", self_ty)
    if trait not in AUTO_TRAITS:  # ToOwned, Allocator: after the auto-trait impls
        return (1, trait, self_head, self_ty, 0, e["impl"])
    return (0, "", self_head, self_ty, AUTO_TRAITS.index(trait), e["impl"])


# --------------------------------------------------------------------------------------
# Output

class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper, s):
    return dumper.represent_scalar("tag:yaml.org,2002:str", s, style='"' if (
        " " in s or ":" in s or "<" in s) else None)


_Dumper.add_representer(str, _str)


def render(name: str, content: dict, version: str) -> str:
    head = (f"# GENERATED by scripts/gen_std_kb.py from the {version} std docs.\n"
            f"# Do not edit by hand: change the script and rerun it.\n")
    body = {k: v for k, v in content.items() if v}
    parts = []
    for key in ("traits", "types", "aliases", "impls"):
        if key in body:
            parts.append(yaml.dump({key: body[key]}, Dumper=_Dumper, sort_keys=False,
                                   width=1000, allow_unicode=True, default_flow_style=None))
    return head + "\n" + "\n".join(parts)




OWNED_ELSEWHERE = {"builtin.yaml", "depths.yaml"}  # hand-written, or from gen_rustc_depths.py


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=Path, default=None,
                    help="rustdoc html root (default: $(rustc --print sysroot)/share/doc/rust/html)")
    ap.add_argument("--out", type=Path,
                    default=Path(__file__).resolve().parent.parent / "kb" / "std")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 if the files in --out differ from what would be generated")
    args = ap.parse_args(argv)
    docs = args.docs or default_docs()
    if docs is None or not (docs / "std" / "index.html").exists():
        print(f"error: no std docs at {docs} (install with `rustup component add rust-docs`)",
              file=sys.stderr)
        return 2
    files = generate(docs, None)
    version = docs_version(docs)
    rendered = {name: render(name, c, version) for name, c in sorted(files.items())}
    if args.check:
        stale = []
        for name, text in rendered.items():
            p = args.out / name
            if not p.exists() or read(p) != text:
                stale.append(name)
        for p in sorted(args.out.glob("*.yaml")):
            if p.name not in rendered and p.name not in OWNED_ELSEWHERE:
                stale.append(p.name + " (not generated)")
        if stale:
            print("out of date: " + ", ".join(stale), file=sys.stderr)
            return 1
        print(f"{len(rendered)} files up to date")
        return 0
    for name, text in rendered.items():
        write_atomic(args.out / name, text)
    count = {k: sum(len(c[k]) for c in files.values()) for k in ("types", "aliases", "traits", "impls")}
    for name in sorted(p.name for p in args.out.glob("*.yaml")):
        if name not in rendered and name not in OWNED_ELSEWHERE:
            print(f"note: {name} is no longer generated (remove it)", file=sys.stderr)
    print(f"wrote {len(rendered)} files to {args.out}: {count['types']} types, "
          f"{count['aliases']} aliases, {count['traits']} traits, {count['impls']} impls, "
          f"{len(WARNINGS)} warnings")
    headers = [read_impl_header(e["impl"]) for c in files.values() for e in c["impls"]
               if e["impl"].startswith("impl")]
    derived = {tr: sum(1 for h in headers if h is not None and h.trait == tr and not h.negative
                       and not h.trait_args) for tr in DERIVE_TRAITS}
    print("derivable-trait impls: " + ", ".join(f"{tr} {n}" for tr, n in derived.items())
          + "; skipped: " + (", ".join(f"{n} {why}" for why, n in DERIVE_SKIPPED.items())
                             or "none"))
    if PROJECTION_TRAITS:
        print("projections normalized through the impls of: " + ", ".join(PROJECTION_TRAITS))
    for u in UNNORMALIZABLE:
        print(f"cannot normalize through: {u}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
