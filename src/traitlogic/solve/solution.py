"""The solution of a lowered program, computed once by an engine and read by everything above.

For each failing goal it keeps its height: the length of its shortest chain of failing
premises down to a failure fact (0 for the fact itself). A "no" proof follows that chain; no
other module computes which goals fail.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..core.goal import Goal


@dataclass
class Solution:
    failing: dict[Goal, int]  # failing goal -> height of its shortest failure chain
    overflowing: set[Goal]  # roots whose demand reached rustc's recursion limit
    undecided: dict[Goal, int] = field(default_factory=dict)  # goal -> distance to an undecidable leaf
    engine: str = "seminaive"
    # goal -> the assumptions (a generic goal's `assumption` leaves) it reaches: if it does not
    # fail, it holds exactly when they all do
    conditional: dict[Goal, frozenset[Goal]] = field(default_factory=dict)

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
