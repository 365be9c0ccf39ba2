"""`--crate` reading (kb/crate): module tree, cfg, name resolution, robust reading, cache.

The cargo layer (manifests, features, dependencies) is stood in for by `_Unit` below: these
tests are about what happens once the units are known. Expectations follow rustc's rules for
auto traits (a struct is Send/Sync iff its fields are); the cargo-labelled corpus is in
tests/test_crate_corpus.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from traitlogic.api import KnowledgeBase, _std_declarations
from traitlogic.core.errors import TraitlogicError
from traitlogic.kb.crate import load as crate_load
from traitlogic.kb.crate.attrs import split_top
from traitlogic.kb.crate.deps import MissingDependency
from traitlogic.kb.crate.read import read_units

BASIC = Path(__file__).parent / "data" / "crate_units" / "basic"


class _Cfg:
    """Features and `unix`; `all/any/not`."""

    def __init__(self, features: list[str]):
        self.features = set(features)

    def evaluate(self, p: str) -> bool:
        p = p.strip()
        m = re.match(r"(all|any|not)\s*\((.*)\)$", p, re.DOTALL)
        if m:
            parts = [self.evaluate(x) for x in split_top(m.group(2))]
            return {"all": all, "any": any, "not": lambda v: not v[0]}[m.group(1)](parts)
        m = re.match(r'feature\s*=\s*"(.*)"$', p)
        return m.group(1) in self.features if m else p == "unix"


@dataclass
class _Package:
    name: str
    crate_name: str
    lib_root: Path


@dataclass
class _Unit:
    package: _Package
    cfg: _Cfg
    deps: dict = field(default_factory=dict)


def _unit(root: Path, name: str = "basic", features: tuple[str, ...] = (), deps: dict | None = None) -> _Unit:
    return _Unit(_Package(name, name, root), _Cfg(list(features)), deps or {})


def _kb(*units: _Unit) -> KnowledgeBase:
    decls, _ = read_units(list(units), _std_declarations())
    return KnowledgeBase(decls)


def _crate(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path / "src" / "lib.rs"


def _holds(kb: KnowledgeBase, goal: str) -> bool | None:
    return kb.ask(goal).holds


@pytest.mark.parametrize("features, expected", [
    ((), {"Send(Flag)": True, "Send(Fields)": True, "Send(Variants)": True, "Send(Engine)": True}),
    (("rc", "fast"), {"Send(Flag)": False, "Send(Fields)": False, "Send(Variants)": False, "Send(Engine)": False}),
])
def test_cfg_on_items_fields_variants_and_path(features, expected):
    kb = _kb(_unit(BASIC / "src" / "lib.rs", features=features))
    for goal, want in expected.items():
        assert _holds(kb, goal) is want, goal


def test_modules_renames_consts_and_shorthand():
    kb = _kb(_unit(BASIC / "src" / "lib.rs"))
    assert _holds(kb, "Send(Holder)") is True and _holds(kb, "Sync(Holder)") is False  # core::cell::Cell
    assert _holds(kb, "Sync(basic::a::b::InB)") is False and _holds(kb, "Send(crate::a::b::InB)") is True
    assert _holds(kb, "Send(basic::InB)") is True  # `pub use a::b::*` re-export
    assert _holds(kb, "Send(Renamed)") is False and _holds(kb, "Send(crate::inline::deeper::Deep)") is False
    assert _holds(kb, "Send(Buckets<Rc<u8>>)") is False and _holds(kb, "Send(Buckets<u8>)") is True
    assert _holds(kb, "Send(Items<std::vec::IntoIter<Rc<u8>>>)") is False
    assert _holds(kb, "Send(Items<std::vec::IntoIter<u8>>)") is True
    assert _holds(kb, "Send(Wh<Vec<Rc<u8>>>)") is False and _holds(kb, "Send(Wh<Vec<u8>>)") is True


def test_missing_module_unknown_macro_and_bad_item_are_errors_only_where_needed():
    kb = _kb(_unit(BASIC / "src" / "lib.rs"))
    text = "\n".join(kb.warnings)
    assert "lib.rs:11: file not found for module `missing_one`" in text
    assert "lib.rs:29: skipped the macro call `unknown_macro!`" in text
    with pytest.raises(TraitlogicError, match="module `missing_one` is unknown"):
        kb.ask("Send(UsesMissing)")
    with pytest.raises(TraitlogicError, match=r"`Made` may come from the macro call `unknown_macro!` at .*lib.rs:29"):
        kb.ask("Send(Made)")
    with pytest.raises(TraitlogicError, match="could not be read"):
        kb.ask("Send(UsesBad)")
    assert _holds(kb, "Send(Holder)") is True


def test_unresolved_use_is_never_std(tmp_path):
    root = _crate(tmp_path, {"src/lib.rs": "use other::Mutex;\nuse gone::*;\npub struct A { m: Mutex<u8> }\n"
                                          "pub mod m { use gone::*; pub struct B { c: Cell<u8> } }\n"
                                          "pub struct C { v: Vec<u8> }\n"})
    kb = _kb(_unit(root, "t", deps={"other": MissingDependency("other", "other", "not in Cargo.lock")}))
    with pytest.raises(TraitlogicError, match="dependency `other` is unknown"):
        kb.ask("Send(A)")
    with pytest.raises(TraitlogicError, match=r"may come from the glob import `gone::\*`"):
        kb.ask("Send(m::B)")
    with pytest.raises(TraitlogicError, match="glob import"):
        kb.ask("Send(C)")  # `Vec` might come from `gone::*` (a glob shadows the prelude)
    assert any("dependency `other`" in w for w in kb.warnings)


def test_a_name_the_module_does_not_bind_is_never_another_modules_or_std(tmp_path):
    # rustc: E0425 for `Foo`, `Rc`, `Cell` in `a` (no `use`, not in the prelude): errors, never
    # `b::Foo` or std's `Rc`; derives still mean std's traits, whatever the module names them
    root = _crate(tmp_path, {"src/lib.rs":
                             "pub mod a { pub struct Uses { pub f: Foo } pub struct UsesRc { pub r: Rc<u8> }\n"
                             "    pub struct UsesCell { pub c: Cell<u8> } pub struct Fine { pub v: Vec<u8> }\n"
                             "    pub trait Debug {}\n"
                             "    #[derive(Debug, Hash, Clone)] pub struct Derived<T> { pub v: T }\n"
                             "    pub struct Needs<T: Hash>(pub T); }\n"
                             "pub mod b { pub struct Foo(pub u8); }\n"})
    kb = _kb(_unit(root, "t"))
    for goal, name in (("a::Uses", "Foo"), ("a::UsesRc", "Rc"), ("a::UsesCell", "Cell")):
        with pytest.raises(TraitlogicError, match=f"cannot find type `{name}` in this scope \\(rustc: E0425\\)"):
            kb.ask(f"Send({goal})")
    assert kb.ask("Send(a::Fine)").holds is True and kb.ask("Send(a::Derived<u8>)").holds is True
    derived = {i.trait for i in kb.decls.all_impls() if str(i.self_ty) == "Derived<T>"}
    assert derived == {"std::fmt::Debug", "std::hash::Hash", "std::clone::Clone"}  # not `a::Debug`
    with pytest.raises(TraitlogicError, match="`T: Hash`, a trait the knowledge base does not know"):
        kb.ask("Send(a::Needs<u8>)")  # a bound on a name `a` does not bind: never std's `Hash`
    for items_on_one_line in ("a::Uses", "a::UsesRc"):  # each item its own warning and error
        assert sum(f"cannot find type `{n}`" in w for w in kb.warnings for n in ("Foo", "Rc", "Cell")) == 3


def test_a_field_type_with_a_bound_on_an_unknown_trait_cannot_be_checked(tmp_path):
    # rustc rejects `G` (E0405: no `Unknowable`); a goal reaching `G<u8>` by a field is an error
    # naming the field, as a goal on `G<u8>` itself is, never a "yes" assuming the bound holds
    root = _crate(tmp_path, {"src/lib.rs": "pub struct G<T: Unknowable> { pub t: T }\n"
                             "pub struct UsesG { pub g: G<u8> }\npub struct Outer { pub u: Vec<UsesG> }\n"
                             "pub struct Fine(pub u8);\n"})
    kb = _kb(_unit(root, "t"))
    field = "its field `g` has a type where `G<T>` requires `T: Unknowable`, a trait the knowledge base does not know"
    for goal in ("Send(UsesG)", "Sync(Outer)"):
        with pytest.raises(TraitlogicError, match=re.escape(f"cannot check that `UsesG` is well-formed: {field}")):
            kb.ask(goal)
    with pytest.raises(TraitlogicError, match="cannot check that `G<u8>` is a well-formed type"):
        kb.ask("Send(G<u8>)")
    assert kb.ask("Send(Fine)").holds is True


CHAIN = ("pub struct X<T> { pub t: T, pub m: Missing }\npub struct Y { pub x: X<u8> }\n"
         "pub mod m { pub use crate::Y as Renamed; pub struct Z { pub r: Renamed } }\n"
         "pub type A = X<u16>;\npub struct W { pub a: A }\npub struct Bad2 { pub q: Nope<u8, u8> }\n"
         "pub struct Dep2 { pub b: Vec<Bad2> }\npub struct Fine(pub u8);\npub struct Arity { pub x: X<u8, u8> }\n"
         "unsafe impl Send for Bad2 {}\npub struct P { pub p: *const u8 }\n"
         "unsafe impl Send for P where Missing2: Send {}\npub struct UsesP { pub p: P }\n"
         + "".join(f"pub struct S{i} {{ pub f: Gone{i} }}\n" for i in range(250)))


def test_items_that_fail_are_dropped_together_as_one_by_one(tmp_path, monkeypatch):
    # `_build` drops every failure of a try whose text names nothing that failed before it;
    # the rest waits for the next try. The same warnings and answers as dropping one per try,
    # and a crate with more unreadable items than `RETRIES` still answers the rest.
    from traitlogic.kb.crate import read

    root = _crate(tmp_path, {"src/lib.rs": CHAIN})
    goals = ["Send(X<u8>)", "Send(Y)", "Send(m::Z)", "Send(W)", "Send(Bad2)", "Send(Dep2)", "Send(Fine)",
             "Send(Arity)", "Send(P)", "Send(UsesP)", "Sync(A)", "Send(S7)"]

    def answers(kb: KnowledgeBase) -> list[str]:
        out = []
        for goal in goals:
            try:
                out.append(f"{goal} {kb.ask(goal).holds}")
            except TraitlogicError as exc:
                out.append(f"{goal} error: {exc}")
        return out

    tries = []
    build = read.build
    monkeypatch.setattr(read, "build", lambda *a, **k: tries.append(1) or build(*a, **k))
    together = _kb(_unit(root, "t"))
    assert len(tries) <= 5  # (252 failures, the dependents a try or two later)
    monkeypatch.setattr(read, "RETRIES", 1000)
    monkeypatch.setattr(read, "build", lambda made, base, failed=None: build(made, base))  # one per try
    alone = _kb(_unit(root, "t"))
    assert sorted(together.warnings) == sorted(alone.warnings)
    assert answers(together) == answers(alone)
    assert answers(together)[6] == "Send(Fine) True"
    assert "`Renamed` (t::Y) could not be read: `X` (t::X) could not be read" in answers(together)[2]
    assert "`A` (t::A) could not be read" in answers(together)[3]


def test_shadowing_globs_cycles_and_extern_crate_renames(tmp_path):
    root = _crate(tmp_path, {"src/lib.rs": """
extern crate core as std;
extern crate alloc as heap;
pub mod a { pub use crate::b::*; pub struct Same(pub *const u8); }
pub mod b { pub use crate::a::*; pub struct Same(pub u8); pub struct OnlyB(pub heap::rc::Rc<u8>); }
pub mod c { pub use crate::a::*; pub use crate::b::*; pub use crate::b::Same; pub struct Cell2(pub std::cell::Cell<u8>); }
pub struct Local { x: Same }
use a::*;
pub struct Mutex(u8);
pub struct UsesLocal { m: Mutex }
pub mod d { pub struct Twice; }
pub mod e { pub struct Twice(*const u8); }
"""})
    kb = _kb(_unit(root, "t"))
    assert _holds(kb, "Send(t::c::Same)") is True  # explicit beats glob
    assert _holds(kb, "Send(a::Same)") is False and _holds(kb, "Send(a::OnlyB)") is False
    assert _holds(kb, "Send(Local)") is False  # glob from `a`: a's own item wins there
    assert _holds(kb, "Send(UsesLocal)") is True  # a local item beats std's names
    assert _holds(kb, "Sync(c::Cell2)") is False
    assert _holds(kb, "Send(Same)") is False  # the root's `use a::*`
    with pytest.raises(TraitlogicError, match=r"`Twice` is ambiguous: it could be `t::d::Twice`, `t::e::Twice`"):
        kb.ask("Send(Twice)")


def test_1500_nested_inline_modules(tmp_path):
    depth = 1500
    text = "".join(f"pub mod m{i} {{ " for i in range(depth)) + "pub struct Deep(*const u8);" + " }" * depth
    kb = _kb(_unit(_crate(tmp_path, {"src/lib.rs": text}), "t"))
    assert _holds(kb, "Send(Deep)") is False


def test_a_path_into_a_known_module_is_never_a_guess(tmp_path):
    root = _crate(tmp_path, {"src/lib.rs": "pub mod a { gen!{} }\npub mod x { pub mod a { pub struct Made; } }\n"
                                          "pub struct S { m: a::Made }\npub struct R { m: a::Other }\n"})
    kb = _kb(_unit(root, "t"))
    with pytest.raises(TraitlogicError, match=r"`a::Made` may come from the macro call `gen!`"):
        kb.ask("Send(S)")
    with pytest.raises(TraitlogicError, match="could not be read"):
        kb.ask("Send(R)")


def test_crate_paths_mean_the_root(tmp_path):
    root = _crate(tmp_path, {"src/lib.rs": "pub mod a { pub struct B(pub u8); }\n"
                                          "pub mod m { pub mod a { pub struct B(pub *const u8); }\n"
                                          "  pub struct UsesRoot(pub crate::a::B); pub struct UsesOwn(pub a::B); }\n"})
    kb = _kb(_unit(root, "t"))
    assert _holds(kb, "Send(m::UsesRoot)") is True and _holds(kb, "Send(m::UsesOwn)") is False


def test_a_goals_crate_path_names_the_root_only(tmp_path):
    """`crate::Pool` is not `crate::pool::Pool` (rustc: E0412), and without a crate `crate::Arc`
    is no std type: `crate::` is read as a path from the root, never dropped."""
    root = _crate(tmp_path, {"src/lib.rs": "pub mod pool { pub struct Pool(u8); }\npub struct Top(u8);\n"})
    kb = _kb(_unit(root, "t"))
    assert _holds(kb, "Send(crate::pool::Pool)") is True and _holds(kb, "Send(crate::Top)") is True
    with pytest.raises(TraitlogicError, match=r"`crate` has no item `Pool`"):
        kb.ask("Send(crate::Pool)")
    with pytest.raises(TraitlogicError, match=r"unknown type `crate::Arc`"):
        KnowledgeBase.load().ask("Send(crate::Arc<i32>)")


def test_nested_files_and_path_in_inline_module(tmp_path):
    root = _crate(tmp_path, {
        "src/lib.rs": "pub mod a;\npub mod inl { #[path = \"x.rs\"] pub mod p; pub mod q; }\n",
        "src/a.rs": "pub mod b;\n", "src/a/b.rs": "pub struct B(pub *const u8);\n",
        "src/inl/x.rs": "pub struct P(pub u8);\n", "src/inl/q.rs": "pub struct Q(pub std::rc::Rc<u8>);\n"})
    kb = _kb(_unit(root, "t"))
    assert _holds(kb, "Send(a::b::B)") is False
    assert _holds(kb, "Send(inl::p::P)") is True and _holds(kb, "Send(t::inl::q::Q)") is False


def test_dependency_paths(tmp_path):
    dep = _crate(tmp_path / "dep", {"src/lib.rs": "pub mod inner { pub struct D(pub *const u8); }\npub use inner::D;\n"})
    top = _crate(tmp_path / "top", {"src/lib.rs": "use dep_renamed::D;\npub struct T { d: D }\n"})
    d = _unit(dep, "dep")
    kb = _kb(_unit(top, "top", deps={"dep_renamed": d}))
    assert _holds(kb, "Send(T)") is False and _holds(kb, "Send(dep_renamed::inner::D)") is False
    with pytest.raises(TraitlogicError, match="`dep` is not a name in the crate"):
        kb.ask("Send(dep::inner::D)")  # renamed: as in rustc, only the extern name works


def test_second_load_is_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("TRAITLOGIC_CACHE_DIR", str(tmp_path / "cache"))
    root = _crate(tmp_path / "c", {"Cargo.toml": "[package]\nname = \"c\"\n", "src/lib.rs": "pub mod m;\n",
                                   "src/m.rs": "pub struct S(pub *const u8);\n"})
    calls = []
    monkeypatch.setattr(crate_load, "_load_units", lambda: lambda *a: calls.append(a) or [_unit(root, "c")])
    for _ in range(2):
        assert KnowledgeBase.load(crate=tmp_path / "c").ask("Send(m::S)").holds is False
    assert len(calls) == 1
    import traitlogic.kb.crate.read as reader  # a hit parses nothing: the reader is never called

    with monkeypatch.context() as m:
        m.setattr(reader, "read_tree", lambda *a: pytest.fail("the crate was parsed again"))
        assert KnowledgeBase.load(crate=tmp_path / "c").ask("Sync(m::S)").holds is False
    entry = next((tmp_path / "cache").glob("crate-*.pickle"))
    data = bytearray(entry.read_bytes())
    data[40] ^= 1  # altered: its MAC fails, it is never unpickled, the crate is read again
    entry.write_bytes(bytes(data))
    assert KnowledgeBase.load(crate=tmp_path / "c").ask("Send(m::S)").holds is False
    assert len(calls) == 2
    (tmp_path / "c" / "src" / "m.rs").write_text("pub struct S(pub u8);\n")  # a file found by reading
    assert KnowledgeBase.load(crate=tmp_path / "c").ask("Send(m::S)").holds is True
    assert len(calls) == 3


def test_cached_crate_reads_declarations_on_first_use(tmp_path, monkeypatch):
    """From the cache, a crate's types are unpickled when a goal reaches them; a KB built on
    top of it (add_rust, extra files) copies every one."""
    monkeypatch.setenv("TRAITLOGIC_CACHE_DIR", str(tmp_path / "cache"))
    root = _crate(tmp_path / "c", {"Cargo.toml": "[package]\nname = \"c\"\n",
                                   "src/lib.rs": "pub mod m;\npub struct Far(pub std::rc::Rc<u8>);\n",
                                   "src/m.rs": "pub struct S(pub *const u8);\npub struct T(pub u8);\n"})
    monkeypatch.setattr(crate_load, "_load_units", lambda: lambda *a: [_unit(root, "c")])
    KnowledgeBase.load(crate=root)
    kb = KnowledgeBase.load(crate=root)
    store = kb.decls.type_by_path._store
    assert kb.ask("Send(m::T)").holds is True and "c::m::T" in store.read and "c::Far" not in store.read
    assert kb.ask("Send(c::m::S)").holds is False and kb.ask("Sync(Far)").holds is False
    kb.add_rust("pub struct W(pub m::T, pub Far);")
    assert type(kb.decls.type_by_path) is dict and kb.ask("Send(W)").holds is False
    assert sorted(d.path for d in kb.user_types()) == ["c::Far", "c::m::S", "c::m::T"]


class _EchoMacros:
    """A stand-in for `syntax.macros`: every macro expands to its arguments (`$crate` replaced)."""

    class MacroError(Exception):
        pass

    @dataclass
    class MacroDef:
        name: str
        exported: bool

    @classmethod
    def read_macro_def(cls, node, data, file, exported=False):
        return cls.MacroDef(node.named_children[0].text.decode(), exported)

    @staticmethod
    def expand(mac, args, data, file, crate_path="crate"):
        return args.text.decode()[1:-1].replace("$crate", crate_path)


def test_macro_calls_expand_in_textual_order_with_depth_limit(tmp_path, monkeypatch):
    from traitlogic.kb.crate import expand

    monkeypatch.setattr(expand, "_M", _EchoMacros)
    dep = _crate(tmp_path / "dep", {"src/lib.rs": "#[macro_export] macro_rules! dm { () => {} }\n"
                                                 "pub struct Raw(pub *const u8);\n"})
    root = _crate(tmp_path / "top", {"src/lib.rs": """
early! { pub struct TooEarly; }
macro_rules! early { () => {} }
#[macro_use] mod defs;
mine! { pub struct Made(pub std::rc::Rc<u8>); }
dep::dm! { pub struct FromDep(pub $crate::Raw); }
#[macro_use] extern crate dep;
dm! { pub struct Plain(pub u8); }
forever! { forever! { forever! { pub struct Never; } } }
""", "src/defs.rs": "macro_rules! mine { () => {} }\nmacro_rules! forever { () => {} }\n"})
    kb = _kb(_unit(root, "top", deps={"dep": _unit(dep, "dep")}))
    assert _holds(kb, "Send(Made)") is False and _holds(kb, "Send(FromDep)") is False
    assert _holds(kb, "Send(Plain)") is True and _holds(kb, "Send(Never)") is True
    with pytest.raises(TraitlogicError, match=r"`TooEarly` may come from the macro call `early!` at .*lib.rs:2"):
        kb.ask("Send(TooEarly)")
    monkeypatch.setattr("traitlogic.kb.crate.modules.DEPTH_LIMIT", 2)
    kb = _kb(_unit(root, "top", deps={"dep": _unit(dep, "dep")}))
    assert any("more than 2 levels deep" in w for w in kb.warnings)
    with pytest.raises(TraitlogicError, match=r"`Never` may come from a macro call traitlogic does not expand: `early!` at .*, `forever!` at"):
        kb.ask("Send(Never)")


def test_cli_crate_options(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from traitlogic.cli import app

    monkeypatch.setenv("TRAITLOGIC_CACHE", "0")
    seen = []

    def units(manifest, features, default_features, all_features, package):
        seen.append((Path(manifest).name, features, default_features, all_features, package))
        return [_unit(BASIC / "src" / "lib.rs", features=tuple(features))]

    monkeypatch.setattr(crate_load, "_load_units", lambda: units)
    runner = CliRunner()
    out = runner.invoke(app, ["ask", "--crate", str(BASIC), "--features", "rc, fast", "--no-default-features",
                              "-p", "basic", "Send(Flag)"])
    assert out.exit_code == 1, out.output
    assert seen[-1] == ("Cargo.toml", ["rc", "fast"], False, False, "basic")
    out = runner.invoke(app, ["show", "--crate", str(BASIC), "--all-features", "Holder"])
    assert out.exit_code == 1 and seen[-1][3] is True  # `show` exits 1: `Holder` is not Sync
    goals = tmp_path / "goals.txt"
    goals.write_text("Send(Holder)\nSend(Made)\n")
    out = runner.invoke(app, ["check", "--crate", str(BASIC), str(goals)])
    assert out.exit_code == 2 and "lib.rs:29" in out.output and '"holds": true' in out.output


def test_aliases_and_shorthand_in_impls(tmp_path):
    root = _crate(tmp_path, {"src/lib.rs": """
use std::rc::Rc;
pub type Pair<T> = (T, Rc<T>);
pub struct UsesPair { p: Pair<u8> }
pub struct W<I: Iterator> { raw: *const u8, item: Option<I::Item> }
unsafe impl<I> Send for W<I> where I: Iterator, I::Item: Send {}
pub trait Tr { type Out; }
pub struct Own<T: Tr + Send> { o: T::Out }
"""})
    kb = _kb(_unit(root, "t"))
    assert _holds(kb, "Send(UsesPair)") is False and _holds(kb, "Send(Pair<u8>)") is False
    assert _holds(kb, "Send(W<std::vec::IntoIter<u8>>)") is True
    assert _holds(kb, "Send(W<std::vec::IntoIter<Rc<u8>>>)") is False


def test_real_macro_rules_from_a_dependency(tmp_path):
    pytest.importorskip("traitlogic.syntax.macros")
    dep = _crate(tmp_path / "cfgif", {"src/lib.rs": """
#[macro_export]
macro_rules! cfg_if {
    ($(if #[cfg($meta:meta)] { $($tokens:tt)* }) else * else { $($tokens2:tt)* }) => {
        $crate::cfg_if! { @__items () ; $( ( ($meta) ($($tokens)*) ), )* ( () ($($tokens2)*) ), }
    };
    (@__items ($($not:meta,)*) ; ) => {};
    (@__items ($($not:meta,)*) ; ( ($($m:meta),*) ($($tokens:tt)*) ), $($rest:tt)*) => {
        #[cfg(all($($m,)* not(any($($not),*))))] $crate::cfg_if! { @__identity $($tokens)* }
        $crate::cfg_if! { @__items ($($not,)* $($m,)*) ; $($rest)* }
    };
    (@__identity $($tokens:tt)*) => { $($tokens)* };
}
"""})
    root = _crate(tmp_path / "top", {"src/lib.rs": """
#[macro_use] extern crate cfgif;
macro_rules! make { ($($n:ident: $t:ty),+ $(,)?) => { $(pub struct $n(pub $t);)+ }; }
make!(A: u8, B: std::rc::Rc<u8>, C: *const u8,);
cfg_if! {
    if #[cfg(feature = "rc")] { pub struct Pick(pub std::rc::Rc<u8>); }
    else { pub struct Pick(pub u8); }
}
pub mod m {
    use cfgif::cfg_if;
    cfg_if! { if #[cfg(feature = "rc")] { pub struct Pick(pub u8); } else { pub struct Pick(pub *const u8); } }
}
"""})
    for features, pick in (((), True), (("rc",), False)):
        kb = _kb(_unit(root, "top", features=features, deps={"cfgif": _unit(dep, "cfgif")}))
        assert not kb.warnings, kb.warnings
        assert _holds(kb, "Send(A)") is True and _holds(kb, "Send(B)") is False and _holds(kb, "Send(C)") is False
        assert _holds(kb, "Send(Pick)") is pick, features
        assert _holds(kb, "Send(m::Pick)") is not pick, features  # `use cfgif::cfg_if;`


def test_bare_names_must_be_reachable_from_the_root(tmp_path):
    """A bare name of a crate's type (traitlogic's shorthand for its path) obeys the root's
    privacy too: only a type some path from the root can name answers."""
    root = _crate(tmp_path / "v", {"src/lib.rs": (
        "mod a {\n    pub struct Seen(pub std::rc::Rc<u8>);\n    mod b { pub struct Unseen(pub u8); }\n"
        "    pub(crate) mod c { pub(super) struct Near(pub u8); pub struct Far(pub u8); }\n"
        "    mod d { pub struct Out(pub u8); }\n    pub(crate) use self::d::Out;\n}\n")})
    kb = _kb(_unit(root, "v"))
    assert _holds(kb, "Send(Seen)") is False and _holds(kb, "Send(Far)") is True
    assert _holds(kb, "Send(Out)") is True  # its module is private, but a re-export reaches it
    with pytest.raises(TraitlogicError, match=r"`Unseen` \(`v::a::b::Unseen`\) cannot be named at the crate "
                                              r"root: module `b` is private to `crate::a`"):
        kb.ask("Send(Unseen)")
    with pytest.raises(TraitlogicError, match="item `Near` is visible only in `crate::a`"):
        kb.ask("Send(Near)")


def test_own_crate_name_paths_say_what_is_missing(tmp_path):
    root = _crate(tmp_path / "m", {"src/lib.rs": "pub mod pool;\nmod hid { pub(super) struct Pool2; }\n",
                                   "src/pool.rs": "pub struct Pool(pub u8);\n"})
    kb = _kb(_unit(root, "m"))
    with pytest.raises(TraitlogicError, match=r"`m::Pool`: `m` has no item `Pool` \(the crate has `m::pool::Pool`\)"):
        kb.ask("Send(m::Pool)")
    with pytest.raises(TraitlogicError, match=r"`m::pool::Nope`: `m::pool` has no item `Nope`$"):
        kb.ask("Send(m::pool::Nope)")
    assert _holds(kb, "Send(m::pool::Pool)") is True


def test_no_std_and_alloc_paths_are_never_std_by_default(tmp_path):
    """rustc's extern prelude: `core` always, `std` unless `#![no_std]`, `alloc` only after
    `extern crate alloc;`; a path into a crate not in scope makes its item unreadable (E0433)."""
    root = _crate(tmp_path / "n", {"src/lib.rs": (
        '#![cfg_attr(not(feature = "std"), no_std)]\n'
        "pub struct S(pub std::rc::Rc<u8>);\npub struct A(pub alloc::rc::Rc<u8>);\n"
        "pub struct C(pub core::cell::Cell<u8>);\n")})
    kb = _kb(_unit(root, "n", ("std",)))
    assert _holds(kb, "Send(S)") is False and _holds(kb, "Sync(C)") is False
    with pytest.raises(TraitlogicError, match=r"`alloc` is only in scope after `extern crate alloc;`"):
        kb.ask("Send(A)")
    kb = _kb(_unit(root, "n"))  # no_std
    with pytest.raises(TraitlogicError, match=r"a `#!\[no_std\]` crate has no `std`"):
        kb.ask("Send(S)")
    assert _holds(kb, "Send(C)") is True and _holds(kb, "Send(std::rc::Rc<u8>)") is False  # goals: std's
