"""Issue 10's wrong or missing answers, labelled by rustc (`scripts/gen_regressions.py`).

`invalid` means rustc rejects the type itself (an unsatisfied where-clause of the type, an
unknown allocator, ...): traitlogic must then refuse the goal with an error, never answer it.
Known disagreements are strict xfails with their reason: fixing one turns its xfail into a
failure, so the list below shrinks as the bugs are fixed.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from traitlogic import KnowledgeBase, TraitlogicError

TSV = Path(__file__).parent / "data" / "regressions" / "expected.tsv"
ROWS = [line.split("\t") for line in TSV.read_text(encoding="utf-8").splitlines()[2:] if line]

WRONG_YES = "rustc rejects the type (a declaration bound of the type fails); traitlogic answers it"
KNOWN = {
    "Send(Box<u8, u8>)": WRONG_YES,
    "Send(Vec<i32, i32>)": WRONG_YES,
    "Send(std::borrow::Cow<'static, Box<(bool, std::sync::atomic::AtomicU64)>>)": WRONG_YES,
    "Send(std::borrow::Cow<'static, std::num::Wrapping<std::sync::atomic::AtomicIsize>>)": WRONG_YES,
    "Unpin(std::borrow::Cow<'static, std::task::Poll<std::env::Vars>>)": WRONG_YES,
    "Send(<Vec<std::rc::Rc<u8>> as IntoIterator>::IntoIter)": "a projection as the goal's type is not normalized",
    "Send(<Vec<u8> as IntoIterator>::IntoIter)": "a projection as the goal's type is not normalized",
    "Send(<i32 as std::ops::Add>::Output)": "a projection as the goal's type is not normalized",
    "Send(<str as std::borrow::ToOwned>::Owned)": "a projection as the goal's type is not normalized",
    "Sync(<std::rc::Rc<std::cell::Cell<u8>> as std::ops::Deref>::Target)": "a projection as the goal's type is not normalized",
    "Sync(<std::sync::Arc<i32> as std::ops::Deref>::Target)": "a projection as the goal's type is not normalized",
    "Unpin(<[u8] as std::borrow::ToOwned>::Owned)": "a projection as the goal's type is not normalized",
}


@pytest.fixture(scope="module")
def std_kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def _outcome(kb: KnowledgeBase, goal: str) -> str:
    try:
        return kb.ask(goal).answer
    except TraitlogicError:
        return "invalid"


@pytest.mark.parametrize("goal,expected", [
    pytest.param(g, e, marks=pytest.mark.xfail(strict=True, reason=KNOWN[g])) if g in KNOWN else (g, e)
    for g, e in ROWS
])
def test_agrees_with_rustc(std_kb: KnowledgeBase, goal: str, expected: str) -> None:
    assert _outcome(std_kb, goal) == expected


def test_known_list_names_only_corpus_goals() -> None:
    assert set(KNOWN) <= {g for g, _ in ROWS}
