"""Solving: the lowered clauses -> which goals fail and which overflow, computed by pyDatalog.

The only module that imports pyDatalog. Each solve runs in a fresh pyDatalog logic (its state
is global per thread), so two knowledge bases in one process never see each other's facts.
Facts are asserted through `assert_fact` with plain integers; no KB or user text ever reaches
pyDatalog's code strings.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

from .program import compile_into_pydatalog, solver_program
from ..core.goal import Goal
from ..lower import Program

_LOCK = threading.Lock()


@dataclass
class Solution:
    failing: set[Goal]
    overflowing: set[Goal]  # roots whose demand reached rustc's recursion limit

    def answer(self, goal: Goal) -> bool | None:
        """True: holds; False: fails; None: overflow (rustc E0275)."""
        if goal in self.overflowing:
            return None
        return goal not in self.failing


def solve(program: Program) -> Solution:
    """Failing goals as pyDatalog's least fixpoint of `rules/program.dl` over the clauses.

    Premises that a root's walk left unlowered (below the recursion limit) have no clause; they
    are reachable only from overflowing roots, whose answer is overflow whatever they do.
    """
    from pyDatalog import pyDatalog, pyParser

    ids: dict[Goal, int] = {}
    goals: list[Goal] = []
    for goal in program.clauses:
        ids[goal] = len(goals)
        goals.append(goal)
    with _LOCK:
        pyDatalog.Logic()  # a fresh, empty logic for this thread
        compile_into_pydatalog(solver_program())
        assert_fact = _assert_fact
        for goal, clause in program.clauses.items():
            gid = ids[goal]
            if clause.fails:
                assert_fact("fails", gid)
            for premise in clause.premises:
                pid = ids.get(premise.goal)
                if pid is not None:
                    assert_fact("requires", gid, pid)
        # Predicates with no facts are undefined in pyDatalog: give each a harmless fact.
        assert_fact("fails", -1)
        assert_fact("requires", -2, -2)
        failing = _ask(pyParser, "nimpl")
        pyDatalog.Logic()  # leave nothing behind
    return Solution({goals[i] for i in failing if i >= 0}, set(program.overflow))


def _assert_fact(predicate: str, *args: int) -> None:
    """pyDatalog's own fact assertion, minus its parser (6x faster than `pyDatalog.assert_fact`)."""
    from pyDatalog import pyEngine

    pyEngine.assert_(pyEngine.Clause(pyEngine.Literal(predicate, [pyEngine.Const(a) for a in args]), []))


def _ask(pyParser, predicate: str) -> set[int]:
    answer = pyParser.Term(predicate)(pyParser.Term("X")).ask()
    if not answer:
        return set()
    return {row[0] for row in answer}
