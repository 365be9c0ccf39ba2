"""What reading shares, and where it must not: names looked up once per scope (`ScopedNames`
memo), subtrees read once per scope and parameter names in a build's last stage (`ReadCache`),
one goal scope per knowledge base. Each sharing is checked against reading without it."""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import rust_kb

from traitlogic import KnowledgeBase
from traitlogic.core.errors import ParseError
from traitlogic.kb.build import build
from traitlogic.kb.rust_source import read_rust
from traitlogic.kb.scope import ModuleScope, ScopedNames
from traitlogic.kb.std_names import names_for
from traitlogic.syntax.items import read_type_decl

LEAVES = ["i32", "String", "Vec<u8>", "Cell<i32>", "Rc<i32>", "Arc<String>", "*const u8", "Box<str>"]
WRAPPERS = ["Box<{}>", "Option<Box<{}>>", "Vec<{}>", "Arc<{}>", "Rc<{}>", "Mutex<{}>", "(u8, {})", "[{}; 2]"]


def _crate(n: int, seed: int) -> str:
    """Structs whose fields repeat (shared subtrees), in two modules with the same names (scopes
    that must not share), some generic over `T` (parameters that must not leak), some `Self`."""
    rng = random.Random(seed)
    generic = [rng.random() < 0.3 for _ in range(n)]
    out = []
    for module in ("a", "b"):
        out.append(f"pub mod {module} {{ use std::cell::Cell; use std::rc::Rc; use std::sync::{{Arc, Mutex}};")
        out.append("pub struct Leaf(i32);" if module == "a" else "pub struct Leaf(*const u8);")
        out.append("pub struct H { f: Vec<Leaf> }")
        for i in range(n):
            fields = []
            for f in range(rng.randint(1, 3)):
                j = rng.randrange(n)
                other = f"S{j}<u8>" if generic[j] else f"S{j}"
                inner = rng.choice(["Leaf", other, "Self", "T" if generic[i] else "Leaf", *LEAVES])
                fields.append(f"f{f}: {rng.choice(WRAPPERS).format(inner)}")
            out.append(f"pub struct S{i}{'<T>' if generic[i] else ''} {{ {', '.join(fields)} }}")
        out.append("}")
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("seed", [1, 2])
def test_fields_read_with_sharing_equal_fields_read_alone(std_kb: KnowledgeBase, seed: int) -> None:
    entries, _ = read_rust(_crate(80, seed), "lib.rs")
    decls = build(entries, base=std_kb.decls)
    checked = 0
    for e in entries:
        if e.section != "types":
            continue
        decl = decls.type_by_path[str(e.values["path"])]
        alone = read_type_decl(str(e.values["decl"]), e.snippet("decl"), names_for(e, decls), private=False)
        assert alone.params == decl.params
        assert [(f.label, f.ty, f.written) for f in alone.fields or ()] == \
            [(f.label, f.ty, f.written) for f in decl.fields or ()], e.values["path"]
        checked += 1
    assert checked == 2 * 82
    # the same text in two modules: each module's own `Leaf`
    assert [decls.type_by_path[f"crate::{m}::H"].fields[0].ty.args[0].name for m in "ab"] == \
        ["crate::a::Leaf", "crate::b::Leaf"]


def test_self_is_never_shared_between_declarations(tmp_path: Path) -> None:
    kb = rust_kb(tmp_path, "lib.rs", "pub struct A { next: Option<Box<Self>>, n: i32 }\n"
                                     "pub struct B { next: Option<Box<Self>>, p: *const u8 }\n")
    for name in "AB":
        field = kb.decls.type_by_path[f"crate::{name}"].fields[0].ty  # Option<Box<Self>>
        assert field.args[0].args[0].name == f"crate::{name}"
    assert kb.ask("Send(A)").holds is True
    assert kb.ask("Send(B)").holds is False


def test_a_parameter_is_not_shared_with_a_declaration_without_it(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="unknown type `T`"):
        rust_kb(tmp_path, "lib.rs", "pub struct P<T> { f: Vec<T> }\npub struct Q { f: Vec<T> }\n")


def test_defaults_still_changing_are_read_without_sharing(std_kb: KnowledgeBase) -> None:
    # a chain of defaults, each naming the next declared (the loader's second defaults stage
    # still changes them): the last stage then reads every subtree afresh, so `U`, read after
    # every default is final, is not served what `V` read of `D3` before `D3`'s was
    text = ("pub struct V { g: D3 }\npub struct D4<E = D3>(E);\npub struct D3<C = D2>(C);\n"
            "pub struct D2<B = D1>(B);\npub struct D1<A = D0>(A);\npub struct D0(i32);\n"
            "pub struct U { f: D4, g: D3 }\n")
    entries, _ = read_rust(text, "lib.rs")
    decls = build(entries, base=std_kb.decls)
    e = entries[-1]
    alone = read_type_decl(str(e.values["decl"]), e.snippet("decl"), names_for(e, decls), private=False)
    assert [f.ty for f in alone.fields or ()] == [f.ty for f in decls.type_by_path["crate::U"].fields or ()]


def test_the_name_memo_keeps_no_error_and_no_other_scope(std_kb: KnowledgeBase) -> None:
    entries, top = read_rust("pub struct Leaf(i32);\npub mod m { pub struct Leaf(*const u8); }\n", "lib.rs")
    decls = build(entries, base=std_kb.decls)
    here = ScopedNames(decls, [top], memo=True)
    inner = ScopedNames(decls, [ModuleScope(("crate", "m"))], memo=True)
    assert [d.path for d in here.lookup_type(["Leaf"])] == ["crate::Leaf"]
    assert [d.path for d in inner.lookup_type(["Leaf"])] == ["crate::m::Leaf"]
    found = here.lookup_type(["Leaf"])
    found.clear()  # a caller's list is its own
    assert [d.path for d in here.lookup_type(["Leaf"])] == ["crate::Leaf"]
    assert here.lookup_type(["Nothing"]) == [] and here.lookup_trait(["Leaf"]) == []

    class Failing(ModuleScope):
        calls = 0

        def absolute(self, segments: list[str]) -> tuple[str, ...] | None:
            Failing.calls += 1
            raise ParseError("cannot say")

    failing = ScopedNames(decls, [Failing(("crate",))], memo=True)
    for _ in range(2):
        with pytest.raises(ParseError, match="cannot say"):
            failing.lookup_type(["Leaf"])
    assert Failing.calls == 2  # asked again: an error is never served from the memo


def test_one_goal_scope_per_knowledge_base(tmp_path: Path) -> None:
    kb = rust_kb(tmp_path, "lib.rs", "pub struct Leaf(i32);\n")
    names = kb._names()
    assert kb._names() is names
    assert kb.ask("Send(Leaf)").holds is True
    kb.add_rust("pub struct Other(*const u8);\n")
    assert kb._names() is not names  # new declarations: a new scope (nothing stale served)
    assert kb.ask("Send(Other)").holds is False
    assert kb.ask("Send(Leaf)").holds is True
