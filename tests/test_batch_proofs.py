"""A proof in a batch is the proof the goal gets alone: another goal of the batch that overflows
as a root of its own (rustc's E0275 from there) is no failing premise of a goal that holds
(`Sync(LazyLock<..>)` needs `LazyLock<..>: Send`, which overflows asked on its own, not at the
depth the `Sync` goal reaches it; `check --proofs` of the depth corpus stopped there)."""
from __future__ import annotations

from pathlib import Path

from traitlogic import KnowledgeBase

DEPTH = Path(__file__).parent / "data" / "conformance_depth.tsv"


def _rows() -> list[tuple[str, str]]:
    lines = [line.split("\t") for line in DEPTH.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith(("#", "goal\t"))]
    return [(goal, label) for goal, label, *_ in lines]


def test_an_overflowing_root_is_no_failing_premise_of_another_goal() -> None:
    rows = _rows()
    (send, overflow), (sync, holds) = rows[59], rows[60]
    assert (overflow, holds) == ("overflow", "yes") and send.startswith("Send(") and sync.startswith("Sync(")
    batch = KnowledgeBase.load().ask_many([send, sync])
    assert [a.answer for a in batch] == ["overflow", "yes"]  # type: ignore[union-attr]
    for goal, answer in zip([send, sync], batch):
        alone = KnowledgeBase.load().ask_many([goal])[0]
        assert answer.to_dict(proofs=True) == alone.to_dict(proofs=True)  # type: ignore[union-attr]


def test_every_proof_of_the_depth_corpus_in_one_batch_is_its_own() -> None:
    goals = [goal for goal, _ in _rows()][40:80]
    batch = [a.to_dict(proofs=True) for a in KnowledgeBase.load().ask_many(goals)]  # type: ignore[union-attr]
    alone = [KnowledgeBase.load().ask_many([g])[0].to_dict(proofs=True) for g in goals]  # type: ignore[union-attr]
    assert batch == alone
