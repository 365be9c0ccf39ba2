"""A batch reads each type text once (`query.ReadMemo`): every goal still gets the answer, proof,
lifetimes and error it gets asked on its own, in a knowledge base that has read nothing before."""
from __future__ import annotations

import pytest

from traitlogic import GoalError, KnowledgeBase

# the same type texts asked several times: other traits, other forms, other offsets
GOALS = [
    "Send(&'a std::cell::Cell<u8>)", "Sync(&'a std::cell::Cell<u8>)", "&'a std::cell::Cell<u8>: Unpin",
    "Send(std::borrow::Cow<'a, str>)", "Sync(std::borrow::Cow<'b, str>)", "Sync(std::borrow::Cow<'a, str>)",
    "Send(Arc<T>) where T: Sync", "Sync(Arc<T>) where T: Sync", "Arc<T>: Send + Sync where T: Sync",
    "Send(Arc<T>)", "for<T> Send(Arc<T>)", "for<C> Sync(Vec<C>)", "Sync(Vec<C>)",
    "Send(Box<i32)", "  Sync(Box<i32)", "Box<i32: Send", "Send(Box<i32)",
    "Send(Vec<T>) where T: Nope", "Sync(Vec<T>) where T: Send", "Send(Vec<T>) where T: Nope",
    "Send(Nope)", "Sync(Nope)", "Frob(i32)", "Sennd(i32)", "Send(i32)", "Clone(i32)",
    "Send(<str as ToOwned>::Owned)", "Sync(<str as ToOwned>::Owned)", "Send(Vec<str>)", "Sync(Vec<str>)",
    "Send(Box<dyn Write>)", "Sync(Box<dyn Write>)", "Send(Box<dyn Fn(&'a u8) + Send + 'a>)",
    "Sync(Box<dyn Fn(&'a u8) + Send + 'a>)", "Send(std::rc::Rc<i32>)", "Sync(std::rc::Rc<i32>)",
]


def _alone(goal: str) -> dict[str, object]:
    kb = KnowledgeBase.load()  # (from the cache: nothing read in it yet)
    return kb.ask_many([goal])[0].to_dict(proofs=True)


@pytest.fixture(scope="module")
def batch() -> list[dict[str, object]]:
    kb = KnowledgeBase.load()
    first = [a.to_dict(proofs=True) for a in kb.ask_many(GOALS)]
    again = [a.to_dict(proofs=True) for a in kb.ask_many(GOALS[::-1])][::-1]  # everything read before
    assert again == first
    return first


@pytest.mark.parametrize("i", range(len(GOALS)), ids=GOALS)
def test_a_goal_of_a_batch_reads_as_it_does_alone(batch: list[dict[str, object]], i: int) -> None:
    assert batch[i] == _alone(GOALS[i])


def test_errors_point_at_their_own_goal() -> None:
    kb = KnowledgeBase.load()
    results = kb.ask_many(["Send(Box<i32)", "  Sync(Box<i32)", "Unpin(Box<i32)", "Send(Box<i32)"])
    assert all(isinstance(r, GoalError) for r in results)
    where = [r.error.render().splitlines()[1] for r in results if isinstance(r, GoalError)]
    assert where == [" --> goal:1:13", " --> goal:1:15", " --> goal:1:14", " --> goal:1:13"]


def test_a_proof_adds_lifetimes_to_its_own_goal_only() -> None:
    kb = KnowledgeBase.load()
    first, second = kb.ask_many(["Send(&'a std::cell::Cell<u8>)", "Sync(&'a std::cell::Cell<u8>)"])
    assert first.to_dict(proofs=True) == _alone("Send(&'a std::cell::Cell<u8>)")
    assert second.to_dict(proofs=True) == _alone("Sync(&'a std::cell::Cell<u8>)")
    assert first._lifetimes is not second._lifetimes  # each goal its own
