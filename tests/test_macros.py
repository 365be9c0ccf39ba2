"""macro_rules! expansion (syntax/macros): matching, transcription, recursion, errors."""
from __future__ import annotations

from pathlib import Path

import pytest

from traitlogic.syntax.macros import (
    MacroDef,
    MacroError,
    expand,
    expand_text,
    read_macro_def,
)
from traitlogic.syntax.macros.items import expand_items
from traitlogic.syntax.macros.tokens import lex, render
from traitlogic.syntax.tree import parse

CFG_IF = (Path(__file__).parent / "data" / "macros" / "cfg_if.rs").read_text()


def defs(text: str) -> dict[str, MacroDef]:
    tree, data = parse(text)
    return {m.name: m for m in (read_macro_def(n, data, "lib.rs") for n in tree.root_node.named_children
                                if n.type == "macro_definition")}


def norm(text: str) -> list[str]:
    def flat(toks: tuple) -> list[str]:  # type: ignore[type-arg]
        out: list[str] = []
        for t in toks:
            out.extend([t.text, *flat(t.children), ")]}"["([{".index(t.text)]] if t.kind == "group" else [t.text])
        return out
    return flat(lex(text))


def items(text: str, **kw: object) -> str:
    return expand_items(text, lambda name: None, **kw)  # type: ignore[arg-type]


def test_struct_from_ident_and_ty() -> None:
    src = "macro_rules! mk { ($name:ident, $t:ty) => { pub struct $name { x: $t } }; }\nmk!(A, Vec<Option<u8>>);"
    assert norm(items(src).split("}\n", 1)[1]) == norm("pub struct A { x: Vec<Option<u8>> }")


def test_impl_array_repetition() -> None:
    src = """macro_rules! impl_array { ($($n:literal),*) => { $( impl<T> Array for [T; $n] { type Item = T; } )* }; }
impl_array!(0, 1, 2, 32);"""
    out = items(src).split("}\n", 1)[1]
    assert norm(out) == norm(" ".join(f"impl<T> Array for [T; {n}] {{ type Item = T; }}" for n in (0, 1, 2, 32)))


def test_nested_repetition() -> None:
    src = """macro_rules! structs { ($( $name:ident { $( $f:ident : $t:ty ),* } )*) => {
        $( struct $name { $( $f: $t, )* } )* }; }
structs! { A { x: u8, y: Box<dyn Fn() + Send> } B { } }"""
    out = items(src).split("}\n", 1)[1]
    assert norm(out) == norm("struct A { x: u8, y: Box<dyn Fn() + Send>, } struct B { }")


def test_optional_and_plus_with_separators() -> None:
    m = defs("macro_rules! m { ($($a:ident)+ ; $(=)? $($b:ident),+ $(,)?) => { $(struct $a;)+ $(enum $b {})+ }; }")["m"]
    assert norm(expand_text(m, "X Y ; = P, Q,")) == norm("struct X; struct Y; enum P {} enum Q {}")
    with pytest.raises(MacroError, match="no rule of `m!` matches"):
        expand_text(m, "; P")


def test_crate_path() -> None:
    m = defs("macro_rules! m { () => { struct S($crate::inner::T); }; }")["m"]
    assert expand_text(m, "", crate_path="cfg_if") == "struct S(cfg_if::inner::T);"
    assert expand_text(m, "") == "struct S(crate::inner::T);"


@pytest.mark.parametrize("vis", ["", "pub", "pub(crate)", "pub(in crate::a)"])
def test_vis_fragment(vis: str) -> None:
    m = defs("macro_rules! m { ($v:vis struct $n:ident) => { $v struct $n; }; }")["m"]
    assert norm(expand_text(m, f"{vis} struct S")) == norm(f"{vis} struct S;")


def test_tt_muncher_recursion() -> None:
    src = """macro_rules! munch { () => {}; ($n:ident $($rest:tt)*) => { struct $n; munch!($($rest)*); }; }
munch!(A B C);"""
    out = items(src).split("}\n", 1)[1]
    assert norm(out) == norm("struct A; struct B; struct C;")


def test_recursion_limit() -> None:
    src = "macro_rules! forever { () => { forever!(); }; }\n\nforever!();"
    with pytest.raises(MacroError, match="recursion limit reached while expanding `forever!`") as e:
        items(src, depth_limit=128)
    assert e.value.line == 3


def test_cfg_if_definition() -> None:
    out = items(CFG_IF + "cfg_if! { if #[cfg(unix)] { struct A; struct A2; } else { struct B; } }")
    out = out[len(CFG_IF):]
    assert norm(out) == norm("#[cfg(all(unix, not(any())))] struct A; #[cfg(all(unix, not(any())))] struct A2;"
                             " #[cfg(all(not(any(unix))))] struct B;")


def test_cfg_if_else_if_and_doc_comments() -> None:
    out = items(CFG_IF + 'cfg_if! { if #[cfg(feature = "x")] { /// doc\n struct X; }'
                ' else if #[cfg(windows)] { struct W; } }')[len(CFG_IF):]
    assert norm(out) == norm('#[cfg(all(feature = "x", not(any())))] #[doc = " doc"] struct X;'
                             ' #[cfg(all(windows, not(any(feature = "x"))))] struct W;')


def test_expand_from_node_and_no_match_line() -> None:
    src = "macro_rules! m { (a) => { struct A; }; }\n\nm!(b);\n"
    tree, data = parse(src)
    mac = read_macro_def(tree.root_node.named_children[0], data, "lib.rs")
    call = tree.root_node.named_children[1].named_children[0]
    with pytest.raises(MacroError, match="no rule of `m!` matches its arguments: no rule expected `b`") as e:
        expand(mac, call.named_children[-1], data, "lib.rs")
    assert (e.value.line, e.value.file) == (3, "lib.rs")


@pytest.mark.parametrize("body, message", [
    ("{ ($x) => {}; }", "missing fragment specifier"),
    ("{ ($x:foo) => {}; }", "invalid fragment specifier `foo`"),
    ("{ ($x:ident $x:ident) => {}; }", "duplicate matcher binding"),
    ("{ ($e:expr struct) => {}; }", "`\\$e:expr` is followed by `struct`"),
    ("{ ($()*) => {}; }", "repetition matches empty token tree"),
    ("{ (a) {} }", "expected `=>"),
    ("{ }", "no rules"),
])
def test_malformed_definition(body: str, message: str) -> None:
    src = f"\n\nmacro_rules! bad {body}"
    with pytest.raises(MacroError, match=message) as e:
        defs(src)
    assert e.value.line == 3


def test_ambiguity_is_an_error() -> None:
    m = defs("macro_rules! m { ($($t:tt)* ;) => {}; }")["m"]
    with pytest.raises(MacroError, match="local ambiguity"):
        expand_text(m, "a ;")


def test_repetition_depth_errors() -> None:
    m = defs("macro_rules! m { ($($a:ident)*) => { $a }; ($($a:ident)* ; $($b:ident)*) => { $($a $b)* }; }")["m"]
    with pytest.raises(MacroError, match="still repeating"):
        expand_text(m, "x y")
    with pytest.raises(MacroError, match="repeats 2 times, but `b` repeats 1 times"):
        expand_text(m, "x y ; z")


def test_expr_fragment_extent_and_rule_order() -> None:
    m = defs("macro_rules! m { ($e:expr) => { const A: u8 = $e; }; ($($t:tt)*) => { struct T; }; }")["m"]
    assert expand_text(m, "1 + 2") == "const A: u8 = (1 + 2);"
    assert expand_text(m, "a b") == "struct T;"


def test_long_repetition_is_linear() -> None:
    m = defs("macro_rules! m { ($($t:ty),*) => { $(impl X for $t {})* }; }")["m"]
    out = expand_text(m, ", ".join(f"T{i}<u8>" for i in range(400)))
    assert out.count("impl X for") == 400


@pytest.mark.parametrize("fragment,sep", [("item", ""), ("ty", ","), ("expr", ";")])
def test_each_fragment_is_scanned_over_its_own_length(fragment: str, sep: str, monkeypatch) -> None:
    """Finding where a fragment ends tries its candidate ends in order and stops at the first
    that parses: a repetition of n fragments costs O(n) steps (each one scanned to the end of
    the input first: 18 s for 4,000 items)."""
    from traitlogic.syntax.macros import nfa

    steps: list[int] = []
    real = nfa.tree_end
    monkeypatch.setattr(nfa, "tree_end", lambda flat, i, close: steps.append(i) or real(flat, i, close))
    m = defs(f"macro_rules! m {{ ($($x:{fragment}){sep}*) => {{ $(const _: () = {{ let _ = stringify!($x); }};)* }}; }}")["m"]
    one = {"item": "pub struct S(pub u8);", "ty": "Vec<(u8, u16)>", "expr": "f(1, 2) + 3"}[fragment]
    out = expand_text(m, f"{sep} ".join([one] * 600))
    assert out.count("stringify") == 600
    assert len(steps) <= 600 * 4 * len(lex(one))


def test_lexing_is_linear() -> None:
    """Token lines are counted as the lexer goes (it counted from the start for every token)."""
    import time

    def took(n: int) -> float:
        text = "{" + "\n".join(f"struct S{i}(u8);" for i in range(n)) + "}"
        start = time.perf_counter()
        assert len(lex(text)[0].children) == 4 * n
        return time.perf_counter() - start

    took(200)
    assert took(16000) < 40 * took(2000) + 0.5  # 8x the input: quadratic was ~64x


def test_lexer_round_trip() -> None:
    src = "r#\"raw\"# b'x' '\\n' 'a 1.0e-3f32 0x1F 1..2 x::<u8>() >>= ..= a<b>> c r#type /* c */ // c\n"
    assert norm(render(lex(src))) == norm(src)
