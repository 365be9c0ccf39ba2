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


# pieces for random goals: types of the fast path's shape, and (rarer) spellings it leaves to
# tree-sitter or that are errors; wrappers to nest them in
_PLAIN = ["i32", "u8", "String", "str", "T", "Rc<u8>", "Cell<i32>", "0", "!", "()", "&'static str", "*const u8",
          "*mut T", "[u8]", "std::rc::Rc<u8>", "::std::vec::Vec<u8>", "Vec<u8>", "fn(u8) -> u8", "fn()", "(u8,)",
          "[u8; 4]", "std::collections::HashMap<u8, u8, RandomState>", "PhantomData<fn() -> Rc<u8>>", "Cow<'static, str>",
          "Box<[Rc<u8>]>", "&mut Cell<u8>", "Wrapping<i32>", "std::sync::Mutex<u8>", "Option<&'static u8>"]
_ODD = ["'static", "Self", "dyn Send", "dyn Fn() + Send", "impl Send", "Box<dyn Any>", "crate::X", "Vec",
        "<T as Iterator>::Item", "T::Item", "for<'a> fn(&'a u8)", "_", "Vec <u8>", "Vec<u8,>", "[u8; N]", "&&u8",
        "& 'static u8", "f16", "Vec<'static>", "Pin<Box<dyn Future<Output = u8> + Send>>", "&'a dyn Send + Sync",
        "Mutex<dyn Send>", "Vec<u8><u8>", "u8<u8>", "Vec<u8", "mod", "r#type", "a::b", "Vec::<u8>"]
_NESTS = ["Vec<{}>", "Option<{}>", "Box<{}>", "&{}", "&'static {}", "*const {}", "[{}; 2]", "({}, u8)", "({},)",
          "HashMap<{}, {}>", "Result<{}, {}>", "RefCell<{}>", "[{}]", "fn({}) -> {}", "Cow<'static, {}>",
          "std::sync::Arc<{}>"]


def test_random_goals_answer_alike_with_and_without_the_fast_path() -> None:
    """Whole answers (verdict, proof, error and caret) of random nestings of the pieces."""
    rng = random.Random(11)

    def one(depth: int = 0) -> str:
        if depth > 3 or rng.random() < 0.3:
            return rng.choice(_ODD if rng.random() < 0.08 else _PLAIN)
        nest = rng.choice(_NESTS)
        return nest.format(*(one(depth + 1) for _ in range(nest.count("{}"))))

    texts = [f"{rng.choice(['Send', 'Sync', 'Unpin', 'UnwindSafe', 'RefUnwindSafe'])}({one()})" for _ in range(800)]
    taken = 0
    original = goals.quick_read

    def counting(*args: object, **kwargs: object) -> object:
        nonlocal taken
        found = original(*args, **kwargs)  # type: ignore[arg-type]
        taken += found is not None
        return found

    def answers(enabled: bool) -> list[object]:
        quick.ENABLED = enabled
        goals.quick_read = counting  # type: ignore[assignment]
        try:
            return [a.to_dict(True, False) if hasattr(a, "to_dict") else repr(a)
                    for a in KnowledgeBase.load().ask_many(texts)]
        finally:
            quick.ENABLED = True
            goals.quick_read = original  # type: ignore[assignment]

    slow = answers(False)
    assert taken == 0
    fast = answers(True)
    assert [t for t, f, s in zip(texts, fast, slow) if f != s] == []
    assert taken > 300  # the fast path read these goals' types
    assert sum(isinstance(a, dict) and "error" not in a for a in fast) > 300  # answers, not only errors
