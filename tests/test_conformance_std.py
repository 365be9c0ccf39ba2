"""Every std goal of the rustc-labelled corpus: traitlogic answers as rustc does, with a sound proof."""
from __future__ import annotations

import pytest
from conftest import DATA, read_tsv
from proofcheck import check_proof, independent_heights

from traitlogic import GoalError
from traitlogic.lower import Program
from traitlogic.solve import ENGINES, solve

ROWS = read_tsv(DATA / "conformance_std.tsv")


@pytest.fixture(scope="module")
def answers(std_kb):
    return std_kb.ask_many([goal for goal, _ in ROWS])


def test_corpus_is_big_enough():
    assert len(ROWS) >= 2000
    assert {e for _, e in ROWS} == {"yes", "no"}


def test_every_answer_agrees_with_rustc(answers):
    wrong = [(goal, expected, getattr(a, "answer", a)) for (goal, expected), a in zip(ROWS, answers)
             if isinstance(a, GoalError) or a.answer != expected]
    assert not wrong, f"{len(wrong)} disagreements, e.g. {wrong[:5]}"


def test_every_proof_is_sound(std_kb, answers):
    bad = {}
    for (goal, _), a in zip(ROWS, answers):
        problems = check_proof(std_kb, a.proof, a.holds)
        if problems:
            bad[goal] = problems[:3]
    assert not bad, f"{len(bad)} unsound proofs, e.g. {list(bad.items())[:3]}"


@pytest.mark.parametrize("engine", ENGINES)
def test_engines_agree_with_an_independent_fixpoint(std_kb, engine):
    goals = [std_kb.parse_goal(goal) for goal, _ in ROWS]
    program = std_kb._lowering.expand(goals, Program())
    solution = solve(program, engine)
    assert solution.failing == independent_heights(program)
    assert not solution.overflowing and not program.overflow


def test_failing_chains_are_shortest(std_kb, answers):
    """A "no" chain's length equals the goal's failure height from an independent BFS."""
    goals = [std_kb.parse_goal(goal) for goal, _ in ROWS]
    program = std_kb._lowering.expand(goals, Program())
    height = independent_heights(program)
    for goal, a in zip(goals, answers):
        if a.holds is False:
            length, node = 0, a.proof
            while node.children:
                node, length = node.children[0], length + 1
            assert length == height[goal], a.goal
