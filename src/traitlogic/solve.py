"""Solving: the lowered clauses -> which goals fail and which overflow, computed by pyDatalog.

The only module that imports pyDatalog. Each solve runs in a fresh pyDatalog logic (its state
is global per thread), so two knowledge bases in one process never see each other's facts.
Facts are asserted through `assert_fact` with plain integers; no KB or user text ever reaches
pyDatalog's code strings.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

from .datalog import compile_into_pydatalog, solver_program
from .lower import Goal, Program

_LOCK = threading.Lock()


@dataclass
class Solution:
    failing: set[Goal]
    overflowing: set[Goal]

    def answer(self, goal: Goal) -> bool | None:
        """True: holds; False: fails; None: overflow (rustc E0275)."""
        if goal in self.overflowing:
            return None
        return goal not in self.failing


def solve(program: Program) -> Solution:
    from pyDatalog import pyDatalog, pyParser

    ids: dict[Goal, int] = {}
    goals: list[Goal] = []
    for goal in program.clauses:
        ids[goal] = len(goals)
        goals.append(goal)
    with _LOCK:
        pyDatalog.Logic()  # a fresh, empty logic for this thread
        compile_into_pydatalog(solver_program())
        assert_fact = pyDatalog.assert_fact
        for goal, clause in program.clauses.items():
            gid = ids[goal]
            if clause.fails:
                assert_fact("fails", gid)
            elif clause.overflow:
                assert_fact("too_deep", gid)
            for premise in clause.premises:
                assert_fact("requires", gid, ids[premise.goal])
        # Predicates with no facts are undefined in pyDatalog: give each a harmless fact.
        assert_fact("fails", -1)
        assert_fact("too_deep", -2)
        assert_fact("requires", -3, -3)
        failing = _ask(pyParser, "nimpl")
        overflowing = _ask(pyParser, "overflows")
        pyDatalog.Logic()  # leave nothing behind
    return Solution({goals[i] for i in failing if i >= 0}, {goals[i] for i in overflowing if i >= 0})


def _ask(pyParser, predicate: str) -> set[int]:
    answer = pyParser.Term(predicate)(pyParser.Term("X")).ask()
    if not answer:
        return set()
    return {row[0] for row in answer}
