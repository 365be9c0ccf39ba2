"""Generic goals whose `where` clause selects a blanket impl (issue 10), against rustc's labels
from generic functions (`scripts/gen_generic_where.py`, tests/data/generic_where/)."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import read_tsv
from proofcheck import check_answer

ROWS = read_tsv(Path(__file__).parent / "data" / "generic_where" / "expected.tsv")


@pytest.mark.parametrize("goal, answer, conditions", ROWS, ids=[r[0] for r in ROWS])
def test_agrees_with_rustc(std_kb, goal: str, answer: str, conditions: str) -> None:
    a = std_kb.ask(goal)
    assert (a.answer, sorted(a.conditions)) == (answer, sorted(filter(None, conditions.split(", "))))
    assert check_answer(std_kb, a) == []


def test_the_corpus_is_rustcs() -> None:
    text = (Path(__file__).parent / "data" / "generic_where" / "expected.tsv").read_text(encoding="utf-8")
    assert text.startswith("# labelled by scripts/gen_generic_where.py with rustc ")
    assert len(ROWS) == 22
