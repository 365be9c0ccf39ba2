#!/usr/bin/env python3
"""Generate the std part of the traitlogic knowledge base from std's local HTML docs.

For every std type in TYPES this reads the type's rustdoc page and writes, into
kb/std/<module>.yaml, one `types` entry (decl without body, std path, other paths of
the same type, `fields: private`, `sized`) and the type's impls of the five auto
traits Send, Sync, Unpin, UnwindSafe, RefUnwindSafe: the explicit ones ("Trait
Implementations", positive and negative) and rustdoc's synthesized ones ("Auto
Trait Implementations", marked `synthesized: true`).

Besides, it writes:
  * primitive.yaml: the auto-trait impls for references and raw pointers, read from
    the primitive pages and the auto traits' implementors lists, plus the ones that
    are built into rustc (`&mut T: Send`, `&T: Sync`, `&mut T: Sync`), which no page
    lists (HAND_IMPLS, verified against rustc 1.95, cited from core/src/marker.rs);
  * the `ToOwned` impls with their `Owned` associated type (borrow.yaml; `Cow` needs
    them), read from the ToOwned trait page's implementors;
  * `impl Allocator for Global` (alloc.yaml).

Usage:  gen_std_kb.py [--docs DIR] [--out DIR] [--check]

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
from fileio import write_atomic  # noqa: E402

# --------------------------------------------------------------------------------------
# Configuration

AUTO_TRAITS = ("Send", "Sync", "Unpin", "UnwindSafe", "RefUnwindSafe")
UNSAFE_TRAITS = {"Send", "Sync", "Allocator"}

# Traits written by short name; they are declared in kb/std/traits.yaml.
KNOWN_TRAITS = {
    "Send", "Sync", "Unpin", "UnwindSafe", "RefUnwindSafe", "Sized", "Allocator",
    "ToOwned", "Clone", "Copy", "Any", "Error", "Debug", "Display", "Fn", "FnMut",
    "FnOnce", "Iterator",
}

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
        elif tag == "div" and "where" in (a.get("class") or "").split():
            self._emit(" ")
        elif tag == "br":
            self._emit(" ")

    def handle_endtag(self, tag):
        if tag == "a" and self.stack:
            kind, title, parts = self.stack.pop()
            text = "".join(parts)
            if not self.stack:
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


def tidy(text: str) -> str:
    """Collapse whitespace; drop the trailing comma rustdoc puts after where-predicates."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s*,\s*$", "", text)
    text = re.sub(r"\s+,", ",", text)
    return text


def drop_body(decl: str) -> str:
    """`pub struct X<T>(/* private */) where T: Y;` -> `pub struct X<T> where T: Y`."""
    out = []
    depth = 0
    i = 0
    n = len(decl)
    while i < n:
        c = decl[i]
        if c == "-" and decl.startswith("->", i):
            out.append("->")
            i += 2
            continue
        if c == "<":
            depth += 1
        elif c == ">":
            depth -= 1
        elif depth == 0 and c in "{;":
            break
        elif depth == 0 and c == "(":
            # tuple body: skip to the matching ')'
            level = 0
            while i < n:
                if decl[i] == "(":
                    level += 1
                elif decl[i] == ")":
                    level -= 1
                    if level == 0:
                        break
                i += 1
            i += 1
            out.append(" ")
            continue
        out.append(c)
        i += 1
    return tidy("".join(out))


# --------------------------------------------------------------------------------------
# Names

def title_path(title: str) -> str:
    """`struct std::sync::Arc` -> `std::sync::Arc`."""
    return title.split(" ", 1)[1] if " " in title else title


class Names:
    """Maps full paths of known types to the name written in emitted Rust text."""

    def __init__(self, types: list[dict]):
        self.by_path: dict[str, dict] = {}
        short_count: dict[str, int] = {}
        for t in types:
            short_count[t["short"]] = short_count.get(t["short"], 0) + 1
        for t in types:
            t["name"] = t["short"] if short_count[t["short"]] == 1 else t["path"]
            for p in [t["path"], *t["also"]]:
                self.by_path[p] = t

    def type_name(self, path: str, context: str) -> str:
        t = self.by_path.get(path)
        if t is not None:
            return t["name"]
        warn(f"{context}: unknown type {path} written by full path")
        return path

    def link(self, context: str, unknown_traits: set[str] | None = None):
        def f(kind: str, title: str, text: str) -> str:
            if kind in ("struct", "enum", "union"):
                return self.type_name(title_path(title), context)
            if kind in ("trait", "traitalias"):
                if text not in KNOWN_TRAITS and unknown_traits is not None:
                    unknown_traits.add(title_path(title))
                return text
            if kind == "type":  # type aliases: keep the full path
                warn(f"{context}: type alias {title_path(title)}")
                return title_path(title)
            return text  # primitives, associated types, fns, macros...
        return f


# --------------------------------------------------------------------------------------
# Pages

SECTION_RE = re.compile(r'<section id="(impl-[^"]*)" class="impl">(.*?)</section>', re.S)
SRC_RE = re.compile(r'<a class="src[^"]*" href="([^"]*)">Source</a>')
H3_RE = re.compile(r'<h3 class="code-header">(.*?)</h3>', re.S)


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
    m = re.search(r'<pre class="rust item-decl"><code>(.*?)</code></pre>', page, re.S)
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


HEADER_RE = re.compile(
    r"^impl(?P<gen><.*?>)? (?P<neg>!?)(?P<trait>\w+) for (?P<self>.*?)(?P<where> where .*)?$")


def _generics_end(text: str) -> int:
    """Offset just after `impl<...>` (0 past `impl` when there are no generics)."""
    i = text.find("impl") + 4
    if not text.startswith("<", i):
        return i
    depth = 0
    for j in range(i, len(text)):
        c = text[j]
        if c == "<":
            depth += 1
        elif c == ">" and text[j - 1] != "-":
            depth -= 1
            if depth == 0:
                return j + 1
    return len(text)


def split_header(text: str):
    """Split `impl<..> !Trait for Self where ..` (generics may nest <>)."""
    # find generics end by balancing
    rest = text[len("impl"):]
    gen = ""
    if rest.startswith("<"):
        depth = 0
        for i, c in enumerate(rest):
            if c == "<":
                depth += 1
            elif c == ">" and rest[i - 1] != "-":
                depth -= 1
                if depth == 0:
                    gen, rest = rest[:i + 1], rest[i + 1:]
                    break
    m = re.match(r"^ (!?)([\w:]+) for (.*?)( where .*)?$", rest)
    if not m:
        return None
    return gen, m.group(1), m.group(2), m.group(3), (m.group(4) or "").strip()


def parse_impl(anchor: str, section: str, names: Names, context: str,
               traits=AUTO_TRAITS, page_rel: str = ""):
    """Parse one impl section; returns a dict or None if it is not for one of `traits`."""
    if not re.match(r"impl-(%s)-for-" % "|".join(traits), anchor):
        return None
    h3 = H3_RE.search(section)
    if not h3:
        return None
    unknown: set[str] = set()
    p = CodeText(names.link(context, unknown))
    p.feed(h3.group(1))
    p.close()
    raw, links, offsets = p.text(), p.links, p.offsets
    text = tidy(raw)
    parts = split_header(text)
    if not parts:
        warn(f"{context}: cannot parse impl header {text!r}")
        return None
    gen, neg, trait, self_ty, where = parts
    if trait not in traits:
        return None
    # the impl's trait is the first link after the impl's own generics
    gen_end = _generics_end(raw)
    after = [i for i, off in enumerate(offsets) if off >= gen_end]
    trait_links = [links[i] for i in after[:1] if links[i][0] == "trait" and links[i][2] == trait]
    if not trait_links or not re.search(r"::(marker|panic|alloc|borrow)::" + trait + "$",
                                        title_path(trait_links[0][1])):
        warn(f"{context}: impl {anchor} names {trait} but links {trait_links[:1]}")
        return None
    src = SRC_RE.search(section)
    # The self type's head link (first link after the trait link)
    self_link = links[after[1]] if len(after) > 1 else None
    return {
        "generics": gen, "negative": bool(neg), "trait": trait, "self": self_ty,
        "where": where, "text": text, "anchor": anchor,
        "src": src_ref(src.group(1)) if src else None,
        "self_link": self_link, "unknown_traits": unknown, "section": section,
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

def all_doc_items(docs: Path) -> dict[str, str]:
    """Every struct/enum/union of std, alloc and core: full path -> page (rel. to docs)."""
    items = {}
    for crate in ("std", "alloc", "core"):
        f = docs / crate / "all.html"
        if not f.exists():
            continue
        for href in re.findall(r'href="([^"]+)"', read(f)):
            m = re.fullmatch(r"((?:[\w]+/)*)(struct|enum|union)\.(\w+)\.html", href)
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


def aliases(docs: Path, path: str, rel: str, items: dict[str, str]) -> list[str]:
    """Other full paths of the same type: same name and kind, same declaration source."""
    src = decl_src_of(docs, rel)
    kind_name = rel.rsplit("/", 1)[1]
    out = []
    for p, r in items.items():
        if p == path or r.rsplit("/", 1)[1] != kind_name:
            continue
        # compare file and first line: the line ranges differ between the crates' docs
        other = decl_src_of(docs, r)
        if src is not None and other is not None and \
                other.split("-")[0] == src.split("-")[0]:
            out.append(p)
    return sorted(out, key=lambda p: (p.split("::")[0] == "std", p.count("::"), p))


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
        types.append({
            "path": path, "short": path.rsplit("::", 1)[1], "rel": rel, "page": page,
            "also": aliases(docs, path, rel, items),
        })
    return types


def type_entry(t: dict, names: Names) -> dict:
    decl_html = page_decl_html(t["page"])
    ctx = t["rel"]
    unknown: set[str] = set()
    text, _ = code_text(decl_html, names.link(ctx, unknown))
    # attributes rustdoc prints before the item (#[repr(..)], #[non_exhaustive])
    text = "\n".join(l for l in text.splitlines() if not l.strip().startswith("#["))
    decl = drop_body(text)
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
    entry["source"] = t["rel"]
    return entry


def split_params(gen: str) -> list[str]:
    """`<T, F = fn() -> T>` -> ["T", "F = fn() -> T"] (top-level commas only)."""
    inner = gen[1:-1] if gen.startswith("<") else gen
    out, depth, cur = [], 0, ""
    i = 0
    while i < len(inner):
        c = inner[i]
        if inner.startswith("->", i):
            cur += "->"
            i += 2
            continue
        if c in "<([":
            depth += 1
        elif c in ">)]":
            depth -= 1
        if c == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += c
        i += 1
    if cur.strip():
        out.append(cur.strip())
    return out


def unsized_params(decl: str) -> set[str]:
    """Type parameters a decl declares `?Sized` (inline or in its where-clause)."""
    m = re.match(r"^pub (?:struct|enum|union) \w+(<.*?>)?(?: where (.*))?$", decl)
    if not m:
        return set()
    out = set()
    for pred in split_params(m.group(1) or "") + split_params(m.group(2) or ""):
        pm = re.match(r"^(\w+)\s*:(.*)$", pred)
        if pm and re.search(r"\?\s*Sized", pm.group(2)):
            out.add(pm.group(1))
    return out


def fix_synthesized(imp: dict, decl: str, ctx: str) -> None:
    """rustdoc's synthesized impls copy the type's parameter defaults into the impl
    (`impl<T, F = fn() -> T> !Sync for LazyCell<T, F>`), which Rust rejects in impls:
    drop them. Its negative ones also drop `?Sized`: put back the decl's, since a
    negative impl is meant for every instantiation."""
    params = split_params(imp["generics"])
    if any("=" in p for p in params):
        kept = [p.split("=")[0].strip() for p in params]
        warn(f"{ctx}: dropped parameter defaults from synthesized impl: {imp['text']}")
        imp["generics"] = "<" + ", ".join(kept) + ">"
        params = kept
    if imp["negative"]:
        unsized = unsized_params(decl)
        add = [p for p in params if p in unsized
               and not re.search(r"(^|[ ,<])%s\s*:[^,]*\?Sized" % re.escape(p),
                                 imp["generics"] + " " + imp["where"])]
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


def toowned_impls(docs: Path, names: Names) -> list[dict]:
    f = docs / TOOWNED_PAGE
    if not f.exists():
        warn(f"missing docs page {TOOWNED_PAGE}")
        return []
    page = read(f)
    out = []
    for where, anchor, section, end in impl_sections(page):
        if where != "implementors":
            continue
        imp = parse_impl(anchor, section, _Quiet(names), TOOWNED_PAGE, traits=("ToOwned",))
        if imp is None:
            continue
        # `type Owned = ..;` in the impl-items after the section
        nxt = page.find("</details>", end)
        m = re.search(r'<h4 class="code-header">type <a[^>]*>Owned</a> = (.*?)</h4>',
                      page[end:nxt], re.S)
        if not m:
            warn(f"{TOOWNED_PAGE}: no Owned type for {imp['text']}")
            continue
        missing: list[str] = []
        owned, _ = code_text(m.group(1), _Quiet(names, missing).link(TOOWNED_PAGE))
        sl = imp["self_link"]
        if sl is not None and sl[0] in ("struct", "enum", "union") \
                and title_path(sl[1]) not in names.by_path:
            missing.append(title_path(sl[1]))
        if missing:
            warn(f"{TOOWNED_PAGE}: skipped {imp['text']} (type not in the KB: "
                 f"{', '.join(sorted(set(missing)))})")
            continue
        imp_text = impl_rust(imp, True, "{ type Owned = %s; }" % tidy(owned))
        out.append({"impl": imp_text, "source": impl_source(imp, TOOWNED_PAGE)})
    return out


class _Quiet(Names):
    """Names that records unknown types instead of warning."""

    def __init__(self, names: Names, missing: list[str] | None = None):
        self.by_path = names.by_path
        self.missing = missing if missing is not None else []

    def type_name(self, path, context):
        t = self.by_path.get(path)
        if t is None:
            self.missing.append(path)
            return path
        return t["name"]


def global_impls(docs: Path, names: Names) -> list[dict]:
    f = docs / GLOBAL_PAGE
    if not f.exists():
        warn(f"missing docs page {GLOBAL_PAGE}")
        return []
    out = []
    for where, anchor, section, _ in impl_sections(read(f)):
        if where == "explicit":
            imp = parse_impl(anchor, section, names, GLOBAL_PAGE, traits=("Allocator",))
            if imp is not None:
                out.append({"impl": impl_rust(imp, True),
                            "source": impl_source(imp, GLOBAL_PAGE)})
    if not out:
        warn(f"{GLOBAL_PAGE}: no Allocator impl found")
    return out


def generate(docs: Path, type_paths: list[str] = TYPES) -> dict[str, dict]:
    """Returns {file name: {"types": [...], "impls": [...]}}; warnings go to WARNINGS."""
    WARNINGS.clear()
    types = load_types(docs, type_paths)
    names = Names(types)
    files: dict[str, dict] = {}

    def add(mod, key, entry):
        files.setdefault(f"{mod}.yaml", {"types": [], "impls": []})[key].append(entry)

    for t in sorted(types, key=lambda t: t["path"]):
        mod = module_of(t["path"])
        te = type_entry(t, names)
        add(mod, "types", te)
        for e in type_impls(t, names, te["decl"]):
            add(mod, "impls", e)
    for e in primitive_impls(docs, names):
        add("primitive", "impls", e)
    for e in toowned_impls(docs, names):
        add("borrow", "impls", e)
    for e in global_impls(docs, names):
        add("alloc", "impls", e)
    for f in files.values():
        f["impls"].sort(key=impl_sort_key)
    return files


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
    for key in ("types", "impls"):
        if key in body:
            parts.append(yaml.dump({key: body[key]}, Dumper=_Dumper, sort_keys=False,
                                   width=1000, allow_unicode=True, default_flow_style=None))
    return head + "\n" + "\n".join(parts)




OWNED_ELSEWHERE = {"traits.yaml", "builtin.yaml", "depths.yaml"}  # hand-written, or from gen_rustc_depths.py


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
    files = generate(docs)
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
    nt = sum(len(c["types"]) for c in files.values())
    ni = sum(len(c["impls"]) for c in files.values())
    print(f"wrote {len(rendered)} files to {args.out}: {nt} types, {ni} impls, "
          f"{len(WARNINGS)} warnings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
