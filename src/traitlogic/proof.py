"""Proof trees, rebuilt from the solved relations using the same clauses the solver ran on.

- "yes": the goal's clause and, below it, the clauses of its premises; a goal already being
  proven further up closes a coinductive cycle (`cycle`), a goal proven elsewhere in the tree
  is shown once and referenced after that (`shared`).
- "no": the shortest chain down to the cause. The solution gives every failing goal its
  height (the length of its shortest failure chain, as Soufflé's provenance does); the chain
  follows the first premise of height one less at every step.
- "overflow": the shortest chain down to the goal where the types grew past the limit.
- "if" (a generic goal): the "yes" tree, whose leaves include its conditions (`assumption`
  nodes); every node on the way to one holds only under it (`holds` None).

The builder reads the solution and never recomputes it; a chain it cannot follow, or a holding
goal with a premise the solution says fails, is a bug, and raises.
"""
from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from .core.goal import Goal
from .core.record import Record
from .lower import Clause, Program, overflow_clause
from .solve import Solution


class ProofNode(Record):
    __slots__ = ("children", "cycle", "detail", "goal", "holds", "rule", "shared", "shown", "source", "why")

    def __init__(self, goal: Goal, holds: bool | None, rule: str, source: str, detail: str, why: str = "",
                 children: list[ProofNode] | None = None, cycle: bool = False, shared: bool = False,
                 shown: str = ""):
        self.goal = goal
        self.holds = holds
        self.rule = rule
        self.source = source
        self.detail = detail
        self.why = why  # how the parent's clause asked for this goal
        self.children = [] if children is None else children
        self.cycle = cycle
        self.shared = shared
        self.shown = shown  # the goal as displayed (`Rc<i32>: Send`), filled in by the library face


class ProofError(AssertionError):
    """The proof builder and the solver disagree: a bug, never a user error."""


class Prover:
    """Builds proofs for the roots of one solved program, reading its solution."""

    def __init__(self, program: Program, solution: Solution):
        self.program = program
        self.solution = solution

    def prove(self, goal: Goal) -> ProofNode:
        answer = self.solution.answer(goal)
        if answer is None:
            return self._overflow_chain(goal)
        if answer:
            return self._tree(goal)
        return self._chain(goal, self.solution.failing, False)

    # -- "yes" --------------------------------------------------------------------------------
    def _tree(self, root: Goal) -> ProofNode:
        clauses = self.program.clauses
        on_path: set[Goal] = set()
        expanded: set[Goal] = set()
        top: list[ProofNode] = []
        stack: list[tuple[str, Goal, str, list[ProofNode]]] = [("enter", root, "", top)]
        while stack:
            event, goal, why, siblings = stack.pop()
            if event == "exit":
                on_path.discard(goal)
                continue
            clause = clauses[goal]
            if self.solution.answer(goal) is not True or clause.fails or clause.overflow:
                raise ProofError(f"a premise of a holding goal does not hold: {goal}")
            # a goal that holds only under its conditions is neither proven nor refuted: None
            holds = None if self.solution.conditions(goal) else True
            if goal in on_path:
                siblings.append(_node(clause, holds, why, rule="coinductive-cycle", cycle=True))
                continue
            if goal in expanded:
                siblings.append(_node(clause, holds, why, rule="shared-subproof", shared=True))
                continue
            node = _node(clause, holds, why)
            siblings.append(node)
            on_path.add(goal)
            expanded.add(goal)
            stack.append(("exit", goal, "", siblings))
            for premise in reversed(clause.premises):
                stack.append(("enter", premise.goal, premise.why, node.children))
        return top[0]

    # -- "no" and "overflow" ------------------------------------------------------------------
    def undecidable_cause(self, root: Goal) -> Clause | None:
        """The undecidable clause nearest below `root` (None when `root` is decided)."""
        distance = self.solution.undecided
        if root not in distance:
            return None
        goal = root
        while distance[goal] > 0:
            goal = next(p.goal for p in self.program.clauses[goal].premises
                        if distance.get(p.goal) == distance[goal] - 1)
        return self.program.clauses[goal]

    def _overflow_chain(self, root: Goal) -> ProofNode:
        """The walk's path from the root down to the goal at the recursion limit."""
        path = self.program.overflow[root]
        nodes = [_node(self.program.clauses[g], None, why) for g, why in path[:-1]]
        goal, why = path[-1]
        nodes.append(_node(overflow_clause(goal), None, why))
        for upper, lower in pairwise(nodes):
            upper.children.append(lower)
        return nodes[0]

    def _chain(self, root: Goal, height: dict[Goal, int], holds: bool | None) -> ProofNode:
        clauses = self.program.clauses
        top = node = _node(clauses[root], holds, "")
        goal = root
        while height[goal] > 0:
            clause = clauses[goal]
            below = [p for p in clause.premises if height.get(p.goal) == height[goal] - 1]
            if not below:
                raise ProofError(f"no premise of height {height[goal] - 1} under {goal}")
            premise = below[0]
            child = _node(clauses[premise.goal], holds, premise.why)
            node.children.append(child)
            node, goal = child, premise.goal
        return top


def _node(clause: Clause, holds: bool | None, why: str, rule: str | None = None,
          cycle: bool = False, shared: bool = False) -> ProofNode:
    if rule is not None:
        from .core.rules import rule as info  # the catalog (a YAML read) only for cycle/shared nodes
        return ProofNode(clause.head, holds, rule, info(rule).source, clause.detail, why, [], cycle, shared)
    return ProofNode(clause.head, holds, clause.rule, clause.source, clause.detail, why)


def first_children(node: ProofNode) -> list[ProofNode]:
    """A "no"'s failure chain: the node, then each first child, down to the cause."""
    chain = [node]
    while chain[-1].children:
        chain.append(chain[-1].children[0])
    return chain


def walk(node: ProofNode) -> Iterator[ProofNode]:
    """Every node of a proof tree (pre-order, iterative)."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(n.children))
