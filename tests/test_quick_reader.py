"""The type reader's fast path (syntax/quick.py) reads exactly what tree-sitter and
`TypeReader` read: over every goal of the corpora (and each inside wrappers, and texts built
to sit on the edges of its shape), the queries, the errors with their carets, and the shared
subtree memo come out the same with it on and off."""
from __future__ import annotations

import random

import pytest
from conftest import DATA, read_tsv

from traitlogic import KnowledgeBase
from traitlogic.core.errors import TraitlogicError
from traitlogic.syntax import goals, quick

WRAPS = ["{}", "Vec<{}>", "Option<{}>", "(i32, {})", "[{}; 2]", "Box<{}>", "&'static {}", "*const {}",
         "fn({}) -> bool", "std::collections::HashMap<'static, {}, 3>", "({})", "[{}]"]
# texts at the edges of the fast path's shape (it must read them as tree-sitter does, or leave them)
EDGES = [
    "Vec< i32 >", "Vec<i32,>", "Vec<>", "Vec <i32>", "Vec::<i32>", "std :: vec :: Vec<i32>", "::std::vec::Vec<u8>",
    "Vec<i32 u8>", "Vec<i32>>", "Vec<<i32>", "Vec<(i32)>", "Vec<(i32,)>", "Vec<()>", "Vec<!>", "Vec<f16>", "f128",
    "i32<u8>", "str", "Vec<str>", "Box<str>", "[str; 2]", "(str, u8)", "(u8, str)", "&&i32", "& i32", "&mutX",
    "&mut  i32", "&'a i32", "&'static mut Vec<u8>", "&'static'", "Vec<'a'>", "Vec<'static, i32>", "Vec<'_>",
    "Cell<'static>", "*i32", "*const*mut u8", "*mut *const u8", "*constX", "[u8; 3usize]", "[u8; N]", "[u8;]",
    "[u8; 2; 3]", "[u8, 2]", "[[u8; 2]; 3]", "[u8]", "fn()", "fn() -> !", "fn(u8,) -> u8", "fn(x: u8)", "fn(u8)->u8",
    "unsafe fn()", "extern \"C\" fn()", "for<'a> fn(&'a u8)", "Fn(u8)", "dyn Fn() + Send", "Box<dyn Send>",
    "Vec<Item = u8>", "Vec<Item=u8>", "Vec<true>", "Vec<3>", "[u8; 0x10]", "Vec</* c */ u8>", "Vec<u8> // c",
    "Vec<{ 3 }>", "Vec<T>", "T", "Vec<T, U>", "T::Item", "Vec<T::Item>", "Self", "Vec<Self>", "crate::X",
    "self::X", "Vec<union::X>", "r#Vec<u8>", "Vec<é>", "Vec<\tu8>", "Vec<u8>\n", " Vec<u8>", "Vec<u8> ",
    "std::rc::Weak<u8>", "Weak<u8>", "Write", "Vec<Write>", "NoSuchType", "Vec<NoSuchType>", "Vec<u8, u8, u8>",
    "Arc<[u8]>", "Vec<[u8]>", "Option<dyn Send>", "(dyn Send, u8)", "std::ffi::c_char", "Vec<std::ffi::c_char>",
    "&dyn Send + Sync", "&'static dyn Send + Sync", "*const dyn Send + Sync", "fn() -> dyn Send + Sync",
    "Box<dyn Fn() -> u8 + Send>", "[dyn Send + Sync; 2]", "(dyn Send + Sync)", "&(dyn Send + Sync)", "impl Send",
    "std::borrow::Cow<'static, str>", "<u8 as std::ops::Add>::Output", "Vec<<str as ToOwned>::Owned>",
]


def _corpus_goals() -> list[str]:
    out = [row[0] for name in ("conformance_all.tsv", "conformance_std.tsv", "conformance_depth.tsv")
           for row in read_tsv(DATA / name)]
    out += [f"{row[2]}({row[1]})" for row in read_tsv(DATA / "conditions" / "expected.tsv")]
    for name in ("generic_where", "regressions"):
        out += [line for line in (DATA / name / "goals.txt").read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")]
    return out


def _read_all(texts: list[str], enabled: bool) -> tuple[list[object], dict[object, object], float]:
    """Each goal's query (its fields) or error (rendered), the subtree memo afterwards, and the
    share of the types read that the fast path read, on a KB of its own."""
    kb = KnowledgeBase.load()
    quick.ENABLED = enabled
    taken = called = 0
    original = goals.quick_read

    def counting(*args: object, **kwargs: object) -> object:
        nonlocal taken, called
        found = original(*args, **kwargs)  # type: ignore[arg-type]
        taken += found is not None
        called += 1
        return found

    goals.quick_read = counting  # type: ignore[assignment]
    out: list[object] = []
    try:
        for text in texts:
            try:
                out.append([(q.goal, q.assumptions, q.written, q.normalized,
                             (q.lifetimes.ty, q.lifetimes.root) if q.lifetimes else None)
                            for q in kb.read_queries(text)])
            except TraitlogicError as exc:
                out.append(exc.render())
    finally:
        quick.ENABLED = True
        goals.quick_read = original  # type: ignore[assignment]
    memo = {settings: dict(known) for ref, by in goals._KNOWN.values() if ref() is kb.decls
            for settings, known in by.items()}
    return out, memo, taken / max(called, 1)


@pytest.mark.parametrize(("wrapped", "threshold"), [(False, 0.8), (True, 0.6)])
def test_fast_reading_equals_tree_sitter_reading(wrapped: bool, threshold: float) -> None:
    texts = _corpus_goals()
    if wrapped:  # every corpus type inside each wrapper, and the edge texts in each
        rng = random.Random(11)
        sample = rng.sample(texts, 3000)
        texts = [f"{g.split('(', 1)[0]}({rng.choice(WRAPS).format(g.split('(', 1)[1].rsplit(')', 1)[0])})"
                 for g in sample if "where" not in g and g.startswith(("Send(", "Sync(", "Unpin("))]
        texts += [f"Send({w.format(e)})" for e in EDGES for w in WRAPS]
    texts += [f"Send({e})" for e in EDGES] + [f"{e}: Sync" for e in EDGES]
    slow, slow_memo, none = _read_all(texts, enabled=False)
    fast, fast_memo, taken = _read_all(texts, enabled=True)
    assert none == 0
    print(f"fast path: {taken:.1%} of the types read")
    for text, a, b in zip(texts, slow, fast):
        assert a == b, text
    assert slow_memo == fast_memo
    assert taken > threshold  # the fast path is taken (most goals are of its shape)


def _types_read(texts: list[str], enabled: bool, **settings: object) -> list[object]:
    """`read_type` of each text with other reader settings (the fixes' search reads types over
    `T` without checking them), on a KB of its own."""
    kb = KnowledgeBase.load()
    quick.ENABLED = enabled
    out: list[object] = []
    try:
        for text in texts:
            try:
                out.append(goals.type_reader(text, kb.decls, **settings)[1].found)  # type: ignore[arg-type]
                out.append(goals.read_type(text, kb.decls, **settings))  # type: ignore[arg-type]
            except TraitlogicError as exc:
                out.append(exc.render())
    finally:
        quick.ENABLED = True
    return out


def test_fast_reading_equals_tree_sitter_reading_with_other_settings() -> None:
    rng = random.Random(5)
    texts = [g.split("(", 1)[1].rsplit(")", 1)[0] for g in rng.sample(_corpus_goals(), 4000) if "where" not in g]
    texts += EDGES + [w.format("T") for w in WRAPS] + ["Vec<str>", "Option<[u8]>", "Box<T>", "Vec<T, T>"]
    for settings in ({"params": frozenset({"T"}), "check_wf": False}, {"params": frozenset({"T", "N"})}):
        assert _types_read(texts, False, **settings) == _types_read(texts, True, **settings)
