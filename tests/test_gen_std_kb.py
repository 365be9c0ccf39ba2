"""Tests for scripts/gen_std_kb.py.

The parser tests use trimmed copies of real rustc 1.95.0 doc pages saved under
tests/data/docs (no rustc needed). The KB tests check the checked-in kb/std/*.yaml.
"""

import importlib.util
import re
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "tests" / "data" / "docs"
KB = ROOT / "kb" / "std"

_spec = importlib.util.spec_from_file_location("gen_std_kb", ROOT / "scripts" / "gen_std_kb.py")
gen = importlib.util.module_from_spec(_spec)
sys.modules["gen_std_kb"] = gen
_spec.loader.exec_module(gen)

TEST_TYPES = ["std::sync::Arc", "std::vec::Vec", "std::borrow::Cow"]


@pytest.fixture(scope="module")
def files():
    return gen.generate(DOCS, TEST_TYPES)


def impls_of(files, name):
    return {e["impl"]: e for e in files[name]["impls"]}


def test_arc_type_entry(files):
    (arc,) = files["sync.yaml"]["types"]
    assert arc == {
        "decl": "pub struct Arc<T, A = std::alloc::Global> where A: Allocator, T: ?Sized",
        "path": "std::sync::Arc",
        "also": ["alloc::sync::Arc"],  # same declaration source in the alloc docs
        "fields": "private",
        "source": "std/sync/struct.Arc.html",
    }
    # Global is not among the test's known types, so it is written by full path
    assert any("unknown type std::alloc::Global" in w for w in gen.WARNINGS)


def test_arc_impls_explicit_and_synthesized(files):
    got = impls_of(files, "sync.yaml")
    send = got["unsafe impl<T, A> Send for Arc<T, A> where T: Sync + Send + ?Sized, "
               "A: Allocator + Send {}"]
    assert "synthesized" not in send
    assert send["source"] == ("alloc/src/sync.rs:274 "
                              "(std/sync/struct.Arc.html#impl-Send-for-Arc%3CT,+A%3E)")
    assert ("unsafe impl<T, A> Sync for Arc<T, A> where T: Sync + Send + ?Sized, "
            "A: Allocator + Sync {}") in got
    assert "impl<T, A> Unpin for Arc<T, A> where A: Allocator, T: ?Sized {}" in got
    assert ("impl<T, A> UnwindSafe for Arc<T, A> where T: RefUnwindSafe + ?Sized, "
            "A: Allocator + UnwindSafe {}") in got
    ref = got["impl<T, A> RefUnwindSafe for Arc<T, A> where A: RefUnwindSafe, "
              "T: RefUnwindSafe + ?Sized {}"]
    assert ref["synthesized"] is True
    assert ref["source"] == "std/sync/struct.Arc.html#impl-RefUnwindSafe-for-Arc%3CT,+A%3E"
    # the five auto traits and the derivable Clone; Freeze, UnsafeUnpin, CloneToUninit,
    # blanket impls are ignored
    assert len(got) == 6
    assert "impl<T, A> Clone for Arc<T, A> where A: Allocator + Clone, T: ?Sized {}" in got
    assert not any("Freeze" in i or "CloneToUninit" in i or "UnsafeUnpin" in i for i in got)


def test_vec_all_synthesized(files):
    (vec,) = files["vec.yaml"]["types"]
    assert vec["decl"] == "pub struct Vec<T, A = std::alloc::Global> where A: Allocator"
    assert vec["path"] == "std::vec::Vec"
    assert "sized" not in vec
    got = {i: e for i, e in impls_of(files, "vec.yaml").items() if auto_trait_impl(i)}
    assert list(got) == [
        "impl<T, A> Send for Vec<T, A> where A: Send, T: Send {}",
        "impl<T, A> Sync for Vec<T, A> where A: Sync, T: Sync {}",
        "impl<T, A> Unpin for Vec<T, A> where A: Unpin, T: Unpin {}",
        "impl<T, A> UnwindSafe for Vec<T, A> where A: UnwindSafe, T: UnwindSafe {}",
        "impl<T, A> RefUnwindSafe for Vec<T, A> where A: RefUnwindSafe, T: RefUnwindSafe {}",
    ]
    assert all(e["synthesized"] is True for e in got.values())


def auto_trait_impl(text):
    return re.search(rf" !?({'|'.join(gen.AUTO_TRAITS)}) for ", text) is not None


def test_cow_projection_kept(files):
    (cow,) = files["borrow.yaml"]["types"]
    assert cow["decl"] == "pub enum Cow<'a, B> where B: 'a + ToOwned + ?Sized"
    got = impls_of(files, "borrow.yaml")
    assert ("impl<'a, B> Send for Cow<'a, B> where <B as ToOwned>::Owned: Send, "
            "B: Sync + ?Sized {}") in got
    assert ("impl<'a, B> UnwindSafe for Cow<'a, B> where <B as ToOwned>::Owned: UnwindSafe, "
            "B: RefUnwindSafe + ?Sized {}") in got
    assert any("projection kept as written" in w for w in gen.WARNINGS)


def test_pointer_negative_impls(files):
    got = impls_of(files, "primitive.yaml")
    neg = got["impl<T> !Send for *const T where T: ?Sized {}"]
    assert "synthesized" not in neg
    assert neg["source"] == ("core/src/marker.rs:100 "
                             "(std/primitive.pointer.html#impl-Send-for-*const+T)")
    assert "impl<T> !Sync for *mut T where T: ?Sized {}" in got
    assert "impl<T> UnwindSafe for *mut T where T: RefUnwindSafe + ?Sized {}" in got
    syn = got["impl<T> RefUnwindSafe for *const T where T: RefUnwindSafe + ?Sized {}"]
    assert syn["synthesized"] is True
    # references: the built-in rules no page lists
    assert "unsafe impl<T: Send + ?Sized> Send for &mut T {}" in got
    assert "unsafe impl<T: Sync + ?Sized> Sync for &T {}" in got


def test_vec_derivable_trait_impls():
    """The saved Vec page has Clone (with a where-clause), Debug, Default, Eq, and three
    PartialEq impls: two cross-type ones for Vec (skipped, counted) and one for `[T]` (another
    self type: not Vec's)."""
    files = gen.generate(DOCS, ["std::vec::Vec"])
    got = {i: e for i, e in impls_of(files, "vec.yaml").items() if not auto_trait_impl(i)}
    clone = got["impl<T, A> Clone for Vec<T, A> where T: Clone, A: Allocator + Clone {}"]
    assert clone["source"] == ("alloc/src/vec/mod.rs:3746 "
                               "(std/vec/struct.Vec.html#impl-Clone-for-Vec%3CT,+A%3E)")
    assert "impl<T> Default for Vec<T> {}" in got
    assert "impl<T, A> Eq for Vec<T, A> where T: Eq, A: Allocator {}" in got
    assert "impl<T, A> Debug for Vec<T, A> where T: Debug, A: Allocator {}" in got
    assert len(got) == 4
    # `impl<T, U, A1, A2> PartialEq<Vec<U, A2>> for Vec<T, A1>`, `PartialEq<&[U]> for Vec<T, A>`
    assert not any("PartialEq" in i for i in got)
    assert gen.DERIVE_SKIPPED == {"cross-type": 2}
    assert [(tr, s) for tr, s, _ in gen.DERIVE_CROSS] == [("PartialEq", "Vec<T, A1>"),
                                                        ("PartialEq", "Vec<T, A>")]


def test_split_header_trait_arguments():
    assert gen.split_header("impl<T, U, A1, A2> PartialEq<Vec<U, A2>> for Vec<T, A1> "
                            "where T: PartialEq<U>") == \
        ("<T, U, A1, A2>", "", "PartialEq", "Vec<T, A1>", "where T: PartialEq<U>",
         "<Vec<U, A2>>")
    assert gen.split_header("impl Clone for String") == ("", "", "Clone", "String", "", "")


def test_peekable_projection_and_const_generics():
    files = gen.generate(DOCS, ["std::iter::Peekable", "std::array::IntoIter"])
    (peek,) = files["iter.yaml"]["types"]
    assert peek["decl"] == "pub struct Peekable<I> where I: Iterator"
    got = impls_of(files, "iter.yaml")
    assert "impl<I> Send for Peekable<I> where I: Send, <I as Iterator>::Item: Send {}" in got
    assert len([i for i in got if auto_trait_impl(i)]) == 5
    assert "impl<I> Clone for Peekable<I> where I: Clone + Iterator, " \
        "<I as Iterator>::Item: Clone {}" in got
    (arr,) = files["array.yaml"]["types"]
    assert arr["decl"] == "pub struct IntoIter<T, const N: usize>"
    got = {i: e for i, e in impls_of(files, "array.yaml").items() if auto_trait_impl(i)}
    assert list(got) == [
        f"impl<T, const N: usize> {tr} for IntoIter<T, N> where T: {tr} {{}}"
        for tr in gen.AUTO_TRAITS]
    assert all(e["synthesized"] is True for e in got.values())


def test_unstable_marker():
    files = gen.generate(DOCS, ["std::sync::mpmc::Sender"])
    (sender,) = files["sync.yaml"]["types"]
    assert sender["source"] == "std/sync/mpmc/struct.Sender.html # unstable (mpmc_channel)"
    got = impls_of(files, "sync.yaml")
    assert "unsafe impl<T: Send> Sync for Sender<T> {}" in got


def _names():
    types = [{"path": p, "short": p.rsplit("::", 1)[1], "also": []} for p in
             ("std::iter::Peekable", "std::iter::Map", "std::vec::Vec", "std::vec::IntoIter",
              "std::alloc::Global", "std::boxed::Box", "std::io::Error",
              "std::result::Result", "std::fmt::Error")]
    traits = [{"path": p, "short": p.rsplit("::", 1)[1], "also": []} for p in
              ("std::iter::Iterator", "std::alloc::Allocator", "std::ops::FnMut",
               "std::fmt::Debug", "std::fmt::Display", "std::error::Error",
               "std::marker::Sized")]
    return gen.Names(types, traits, {"std::result::Result", "std::vec::Vec"}, strict=True)


def test_trait_impls_with_associated_types():
    names = _names()
    trait = {"path": "std::iter::Iterator", "also": ["core::iter::Iterator"],
             "short": "Iterator", "rel": "std/iter/trait.Iterator.html"}
    gen.UNNORMALIZABLE.clear()
    got = {e["impl"]: e for e in gen.trait_impls(DOCS, trait, gen._Quiet(names))}
    assert "impl<I> Iterator for Peekable<I> where I: Iterator " \
        "{ type Item = <I as Iterator>::Item; }" in got
    assert "impl<T, A> Iterator for IntoIter<T, A> where A: Allocator { type Item = T; }" in got
    assert "impl<I> Iterator for &mut I where I: Iterator + ?Sized " \
        "{ type Item = <I as Iterator>::Item; }" in got
    assert not any("!Iterator" in i for i in got)  # negative impls of non-auto traits
    # `type Item = B` where `F: FnMut(..) -> B`: the header does not fix B
    assert not any(" for Map<" in i for i in got)
    assert any(" for Map<I, F> " in u for u in gen.UNNORMALIZABLE)


def test_trait_entry_and_alias_entry():
    names = _names()
    t = {"path": "std::error::Error", "also": ["core::error::Error"], "short": "Error",
         "rel": "std/error/trait.Error.html",
         "page": (DOCS / "std/error/trait.Error.html").read_text()}
    assert gen.trait_entry(t, names, set()) == {
        "decl": "pub trait Error: Debug + Display", "path": "std::error::Error",
        "also": ["core::error::Error"],
        "source": "core/src/error.rs:59 (std/error/trait.Error.html)"}
    a = {"path": "std::io::Result", "also": [], "short": "Result",
         "rel": "std/io/type.Result.html",
         "page": (DOCS / "std/io/type.Result.html").read_text()}
    assert gen.alias_entry(a, names) == {
        "decl": "pub type Result<T> = std::result::Result<T, std::io::Error>",
        "path": "std::io::Result", "source": "std/io/type.Result.html"}


def test_names_prelude_and_stable_preference():
    names = _names()
    assert names.type_name("std::vec::Vec", "t") == "Vec"
    assert names.type_name("std::io::Error", "t") == "std::io::Error"  # ambiguous
    items = [{"path": "std::sync::Mutex", "short": "Mutex", "markers": []},
             {"path": "std::sync::nonpoison::Mutex", "short": "Mutex",
              "markers": ["unstable (nonpoison_mutex)"]},
             {"path": "std::rc::Weak", "short": "Weak", "markers": []},
             {"path": "std::sync::Weak", "short": "Weak", "markers": []}]
    assert gen.stable_winners(items) == {"std::sync::Mutex"}


def test_strip_attrs_and_where_parens():
    assert gen.strip_attrs("#[non_exhaustive]pub struct LayoutError;") == "pub struct LayoutError;"
    assert gen.drop_body("pub struct RSplit<'a, T, P> where T: 'a, P: FnMut(&T) -> bool { }") \
        == "pub struct RSplit<'a, T, P> where T: 'a, P: FnMut(&T) -> bool"
    assert gen.tidy("<P as Pattern>::Searcher<'a>: Send") == "<P as Pattern>::Searcher: Send"


def test_missing_page_warns_and_continues():
    files = gen.generate(DOCS, ["std::sync::Arc", "std::rc::Rc"])
    assert "missing docs page for std::rc::Rc" in gen.WARNINGS
    assert [t["path"] for t in files["sync.yaml"]["types"]] == ["std::sync::Arc"]


def test_drop_body():
    assert gen.drop_body("pub struct NonZero<T>(/* private fields */)\nwhere\n    T: Z;") \
        == "pub struct NonZero<T> where T: Z"
    assert gen.drop_body("pub struct LazyCell<T, F = fn() -> T> { /* private fields */ }") \
        == "pub struct LazyCell<T, F = fn() -> T>"
    assert gen.drop_body("pub enum Option<T> {\n    None,\n    Some(T),\n}") \
        == "pub enum Option<T>"
    assert gen.drop_body("pub struct PhantomData<T>\nwhere\n    T: ?Sized;") \
        == "pub struct PhantomData<T> where T: ?Sized"
    assert gen.drop_body("pub struct Global;") == "pub struct Global"


def test_fix_synthesized_defaults_and_unsized():
    imp = {"generics": "<T, A = Global>", "negative": True, "where": "",
           "trait": "UnwindSafe", "self": "Weak<T, A>", "text": "x"}
    gen.fix_synthesized(imp, "pub struct Weak<T, A = Global> where A: Allocator, T: ?Sized",
                        "test")
    assert gen.impl_rust(imp, False) == "impl<T, A> !UnwindSafe for Weak<T, A> where T: ?Sized {}"
    assert gen.unsized_params("pub struct MutexGuard<'a, T: ?Sized + 'a>") == {"T"}


def test_src_ref():
    assert gen.src_ref("../../src/alloc/sync.rs.html#274") == "alloc/src/sync.rs:274"
    assert gen.src_ref("../src/core/marker.rs.html#1046-1051") == "core/src/marker.rs:1046-1051"


# --------------------------------------------------------------------------------------
# The checked-in KB

def kb_files():
    return sorted(p for p in KB.glob("*.yaml") if p.name not in gen.OWNED_ELSEWHERE)


def balanced(s):
    depth = 0
    i = 0
    while i < len(s):
        if s.startswith("->", i):
            i += 2
            continue
        if s[i] == "<":
            depth += 1
        elif s[i] == ">":
            depth -= 1
            if depth < 0:
                return False
        i += 1
    return depth == 0 and s.count("(") == s.count(")") and s.count("{") == s.count("}")


def test_kb_files_exist():
    names = {p.name for p in kb_files()}
    assert {"sync.yaml", "cell.yaml", "collections.yaml", "rc.yaml", "primitive.yaml",
            "borrow.yaml", "alloc.yaml", "traits.yaml", "iter.yaml", "os.yaml"} <= names


def test_kb_is_the_whole_std():
    data = {p.name: yaml.safe_load(p.read_text()) for p in kb_files()}
    types = {t["path"]: t for d in data.values() for t in d.get("types", [])}
    aliases = {a["path"]: a for d in data.values() for a in d.get("aliases", [])}
    traits = {t["path"]: t for d in data.values() for t in d.get("traits", [])}
    impls = {e["impl"] for d in data.values() for e in d.get("impls", [])}
    assert len(types) > 500 and len(aliases) > 150 and len(traits) > 200
    # the old hand-listed types keep their paths
    assert set(gen.TYPES) <= set(types)
    # iterators, guards, platform modules, unstable types (marked in `source`)
    for p in ("std::iter::Peekable", "std::array::IntoIter", "std::sync::RwLockReadGuard",
              "std::os::unix::net::UnixStream", "std::process::Child"):
        assert p in types, p
    assert types["std::sync::mpmc::Sender"]["source"].endswith("# unstable (mpmc_channel)")
    assert types["std::os::unix::net::UnixStream"]["source"].endswith("# only on Unix")
    # re-exports are folded into `also`, not declared twice
    assert "std::sync::poison::Mutex" in types["std::sync::Mutex"]["also"]
    assert "std::sync::poison::Mutex" not in types
    # prelude items and the stable one among same-named unstable ones
    assert types["std::vec::Vec"]["prelude"] is True
    assert traits["std::iter::Iterator"]["prelude"] is True
    assert types["std::sync::Mutex"]["prelude"] is True
    assert "prelude" not in types["std::sync::nonpoison::Mutex"]
    assert traits["std::marker::Send"]["decl"] == "pub unsafe auto trait Send"
    assert traits["std::error::Error"]["decl"] == "pub trait Error: Debug + Display"
    assert "std::marker::Freeze" not in traits  # auto traits beyond the five are left out
    assert aliases["std::io::Result"]["decl"] == \
        "pub type Result<T> = std::result::Result<T, std::io::Error>"
    assert "impl<T, const N: usize> Send for std::array::IntoIter<T, N> where T: Send {}" in impls
    assert "impl<T, A> Iterator for std::vec::IntoIter<T, A> where A: Allocator { type Item = T; }" \
        in impls


@pytest.mark.parametrize("path", kb_files(), ids=lambda p: p.name)
def test_kb_file_sane(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# GENERATED by scripts/gen_std_kb.py")
    data = yaml.safe_load(text)
    assert set(data) <= {"traits", "types", "aliases", "impls"}
    for t in data.get("types", []):
        assert re.match(r"^pub (struct|enum|union) \w+", t["decl"]), t
        assert balanced(t["decl"]), t["decl"]
        assert "{" not in t["decl"] and "(" not in t["decl"].split(" where ")[0].split("=")[0]
        assert t["path"].startswith("std::")
        assert t["fields"] == "private"
        assert t.get("sized", True) in (True, False)
        assert t.get("prelude", True) is True
        assert re.match(r"^\S+\.html( # .+)?$", t["source"]), t["source"]
    for a in data.get("aliases", []):
        assert re.match(r"^pub type \w+(<.*>)? = .+$", a["decl"]), a
        assert balanced(a["decl"]), a["decl"]
        assert a["path"].startswith("std::")
        assert re.match(r"^\S+\.html( # .+)?$", a["source"]), a["source"]
    for t in data.get("traits", []):
        assert re.match(r"^pub (unsafe )?(auto )?trait \w+", t["decl"]), t
        assert " where " not in t["decl"] and "{" not in t["decl"]
        assert t["path"].startswith("std::")
        assert t["source"]
    for e in data.get("impls", []):
        s = e["impl"]
        assert re.match(r"^(unsafe )?impl[< ]", s), s
        assert balanced(s), s
        assert s.endswith("{}") or re.search(r"\{ (type \w+(<'\w+>)? = .+?; )+\}$", s), s
        # no parameter defaults in impl generics
        m = re.match(r"^(?:unsafe )?impl(<[^{]*?>) ", s)
        if m:
            assert "=" not in m.group(1).replace("->", ""), s
        assert e["source"]
        assert e.get("synthesized", True) is True


def test_kb_expected_facts():
    data = {p.name: yaml.safe_load(p.read_text()) for p in kb_files()}
    impls = {e["impl"] for d in data.values() for e in d.get("impls", [])}
    assert "impl<T, A> !Send for Rc<T, A> where A: Allocator, T: ?Sized {}" in impls
    assert "unsafe impl<T: ?Sized + Send> Sync for Mutex<T> {}" in impls
    assert "impl ToOwned for str { type Owned = String; }" in impls
    assert "unsafe impl Allocator for Global {}" in impls
    types = {t["path"]: t for d in data.values() for t in d.get("types", [])}
    assert types["std::path::Path"]["sized"] is False
    assert "std::collections::hash_map::HashMap" in types["std::collections::HashMap"]["also"]
    # ambiguous short names are written as full paths
    assert any(" for std::rc::Weak<" in i for i in impls)
    assert any(" for std::io::Error " in i for i in impls)


def test_check_against_sysroot_docs():
    docs = gen.default_docs()
    if docs is None or not (docs / "std" / "index.html").exists():
        pytest.skip("no rustc std docs installed")
    if gen.docs_version(docs) not in KB.joinpath("sync.yaml").read_text().split("\n")[0]:
        pytest.skip("installed docs are another rustc version than the checked-in KB")
    assert gen.main(["--docs", str(docs), "--out", str(KB), "--check"]) == 0
