"""Reading shared across modules (`syntax.stages`): a field type, or a whole declaration but
for its name, read in one module is not read again in another where the same text looks its
names up to the same declarations. Checked against reading every declaration and field on its
own: the same declarations, the same warnings (an item unreadable in one module only), the same
answers."""
from __future__ import annotations

from pathlib import Path

import pytest

from traitlogic import KnowledgeBase
from traitlogic.core.errors import TraitlogicError
from traitlogic.syntax import items, stages
from traitlogic.syntax.stages import ReadCache

# What `Rc`, `Cell` and `T` mean in each module (the same field texts follow in all of them).
SCOPES = [
    "use std::rc::Rc; use std::cell::Cell;",
    "pub struct Rc<X>(pub *const X); use std::cell::Cell; pub struct T;",  # a local `Rc`, a type `T`
    "use std::sync::Arc as Rc; use std::cell::Cell;",  # a rename
    "pub type Rc<X> = Box<X>; use std::cell::Cell;",  # an alias
    "use std::cell::Cell;",  # no `Rc`: the items naming it cannot be read
    "pub struct Rc<A, B>(A, B); use std::cell::Cell;",  # the wrong number of arguments
    "use std::rc::*; use std::cell::*;",  # globs
    "use std::rc::Rc; pub struct Cell<X>(X); pub struct T(*mut u8);",
    "use std::rc::Rc; use std::cell::Cell; use gone::*;",  # `Unknown` (and `Vec`) may come from a glob
    "use std::rc::Rc; use std::cell::Cell; pub trait Unknown {}",  # `G`'s bound is readable here
]
ITEMS = ("pub struct S<T> { pub a: Rc<u8>, pub b: Cell<T>, pub c: Vec<Rc<T>>, pub d: Option<Box<Rc<u8>>> }\n"
         "pub struct U { pub a: Rc<u8>, pub v: Vec<u8> }\n"
         "pub struct W<Y> { pub b: Cell<Y>, pub v: Vec<u8>, pub t: (u8, *const Y) }\n"
         "pub struct Q { pub b: Cell<T> }\n"
         "pub enum E<T> { A(Rc<T>), B { v: Vec<u8>, c: Cell<T> } }\n"
         "pub struct N(pub Rc<u8>);\npub struct K;\npub struct G<X: Copy + Unknown, Y = Rc<X>>(X, Y);\n")


def _crate(root: Path) -> Path:
    (root / "src").mkdir(parents=True)
    (root / "Cargo.toml").write_text('[package]\nname = "across"\nversion = "0.1.0"\nedition = "2021"\n')
    mods = [f"pub mod m{i} {{\n{scope}\n{ITEMS}}}\n" for i, scope in enumerate(SCOPES * 2)]
    (root / "src" / "lib.rs").write_text("".join(mods))
    return root


def _unshared(reader, node, cache):  # type: ignore[no-untyped-def]
    return reader.read(node), reader.written


def _load(root: Path) -> KnowledgeBase:
    return KnowledgeBase.load(crate=root)


def _fields(kb: KnowledgeBase) -> dict[str, object]:
    out: dict[str, object] = {}
    for i in range(2 * len(SCOPES)):
        for name in "SUWQENKG":
            decl = kb.decls.type_by_path.get(f"across::m{i}::{name}")
            out[f"m{i}::{name}"] = None if decl is None else \
                (decl.params, [(f.label, f.ty, f.written) for f in decl.fields or ()])
    return out


def _answers(kb: KnowledgeBase) -> list[str]:
    out = []
    for i in range(2 * len(SCOPES)):
        for goal in ("S<u8>", "U", "W<u8>", "Q", "E<u8>", "N", "K", "G<u8>"):
            for trait in ("Send", "Sync"):
                try:
                    out.append(f"{trait}(m{i}::{goal}) {kb.ask(f'{trait}(across::m{i}::{goal})').holds}")
                except TraitlogicError as exc:
                    out.append(f"{trait}(m{i}::{goal}) error: {exc}")
    return out


def test_fields_shared_across_modules_equal_fields_read_alone(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRAITLOGIC_CACHE", "0")
    root = _crate(tmp_path / "across")
    hits = []
    alike = stages._resolve_alike

    def counted(scope, lookups):  # type: ignore[no-untyped-def]
        hits.append(alike(scope, lookups))
        return hits[-1]

    monkeypatch.setattr(stages, "_resolve_alike", counted)
    shared = _load(root)
    assert hits.count(True) >= 60  # the second copy of every module, at least, reads nothing again
    assert hits.count(False) > 0  # and a text whose names mean other things here is read again
    monkeypatch.setattr(items, "read_field", _unshared)
    monkeypatch.setattr(ReadCache, "declaration", lambda self, item, data, private, scope: (None, None))
    alone = _load(root)
    assert _fields(shared) == _fields(alone)
    assert shared.warnings == alone.warnings
    skipped = [w for w in shared.warnings if "skipped an item traitlogic cannot read" in w]
    assert sum("wrong number of type arguments: `m5::Rc`" in w for w in skipped) == 5  # m5: S, U, E, N, G
    assert sum("cannot find type `Rc` in this scope" in w for w in skipped) == 10  # m4: S, U, E, N, G (twice): no `Rc`
    g = _fields(shared)["m0::G"]
    assert g is not None and shared.decls.type_by_path["across::m0::G"].unreadable_bounds == ("X: Unknown",)
    assert [b.trait for b in shared.decls.type_by_path["across::m9::G"].bounds][-1] == "across::m9::Unknown"
    assert _answers(shared) == _answers(alone)
    assert _fields(shared)["m1::Q"] is not None and _fields(shared)["m0::Q"] is None  # `T`: m1's own type
    assert shared.ask("Send(across::m1::U)").holds is False and shared.ask("Send(across::m2::U)").holds is True
