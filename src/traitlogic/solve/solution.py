"""The solution of a lowered program, computed once by an engine and read by everything above.

For each failing goal it keeps its height: the length of its shortest chain of failing
premises down to a failure fact (0 for the fact itself). A "no" proof follows that chain; no
other module computes which goals fail.
"""
from __future__ import annotations

from ..core.goal import Goal
from ..core.record import Record


class Solution(Record):
    __slots__ = ("conditional", "engine", "failing", "overflowing", "undecided")

    def __init__(self, failing: dict[Goal, int], overflowing: set[Goal], undecided: dict[Goal, int] | None = None,
                 engine: str = "seminaive", conditional: dict[Goal, frozenset[Goal]] | None = None):
        self.failing = failing  # failing goal -> height of its shortest failure chain
        self.overflowing = overflowing  # roots whose demand reached rustc's recursion limit
        self.undecided: dict[Goal, int] = {} if undecided is None else undecided  # goal -> distance to an undecidable leaf
        self.engine = engine
        # goal -> the assumptions (a generic goal's `assumption` leaves) it reaches: if it does not
        # fail, it holds exactly when they all do
        self.conditional: dict[Goal, frozenset[Goal]] = {} if conditional is None else conditional

    def answer(self, goal: Goal) -> bool | None:
        """True: holds; False: fails; None: overflow (rustc E0275)."""
        if goal in self.overflowing:
            return None
        return goal not in self.failing

    def conditions(self, goal: Goal) -> frozenset[Goal]:
        """The assumptions a goal that does not fail holds under (empty: it holds outright)."""
        if goal in self.failing or goal in self.overflowing:
            return frozenset()
        return self.conditional.get(goal, frozenset())
