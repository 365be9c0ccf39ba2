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

A node whose goal was reached through projections (`Cow<[u8]>: Send` asks `<[u8] as
ToOwned>::Owned: Send`, normalized to `Vec<u8>: Send`) lists each `Normalization`: the
projection, its normal form, and the proof of the goal it is a type under (`[u8]: ToOwned`),
whose clause is the impl that normalized it and whose premises are that impl's bounds. Those
goals are demanded with the query but are no premises: a proof shows them, the answer does not
depend on them (their failure is the goal type's well-formedness error, rustc's E0277; an
undecided one a note).

The builder reads the solution and never recomputes it; a chain it cannot follow, or a holding
goal with a premise the solution says fails, is a bug, and raises.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import pairwise

from .core import types as T
from .core.goal import Goal
from .core.record import Record
from .lower import Clause, Normal, Program, overflow_clause, trait_ref
from .solve import Solution


class ProofNode(Record):
    __slots__ = ("children", "cycle", "detail", "goal", "holds", "normalized", "rule", "shared", "shown", "source",
                 "why")

    def __init__(self, goal: Goal, holds: bool | None, rule: str, source: str, detail: str, why: str = "",
                 children: list[ProofNode] | None = None, cycle: bool = False, shared: bool = False,
                 shown: str = "", normalized: list[Normalization] | None = None):
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
        self.normalized = [] if normalized is None else normalized  # how its type was normalized


class Normalization(Record):
    """`projection` is `normal` (`<[u8] as ToOwned>::Owned` is `Vec<u8>`) by the impl that
    decides `proof`'s goal (`[u8]: ToOwned`); `proof` shows that impl's bounds hold."""

    __slots__ = ("normal", "projection", "proof")

    def __init__(self, projection: T.Ty, normal: T.Ty, proof: ProofNode):
        self.projection = projection
        self.normal = normal
        self.proof = proof


class ProofError(AssertionError):
    """The proof builder and the solver disagree: a bug, never a user error."""


class Prover:
    """Builds proofs for the roots of one solved program, reading its solution."""

    def __init__(self, program: Program, solution: Solution, show: Callable[[T.Ty], str] = T.format_type):
        self.program = program
        self.solution = solution
        self.show = show  # a type as a normalization's `why` shows it
        self._building: set[Goal] = set()  # the normalizations' goals being proven (no loops)

    def prove(self, goal: Goal, normalized: Normal = ()) -> ProofNode:
        """The proof of a root; `normalized`: the projections its type was normalized from."""
        answer = self.solution.answer(goal)
        if answer is None:
            node = self._overflow_chain(goal)
        elif answer:
            node = self._tree(goal)
        else:
            node = self._chain(goal, self.solution.failing, False)
        node.normalized = self._normalizations(normalized)
        return node

    def _normalizations(self, normalized: Normal) -> list[Normalization]:
        """Each projection with its normal form and the proof of its trait's goal: a tree when
        it holds, else the chain down to the goal that fails, overflows or is undecided."""
        out: list[Normalization] = []
        for projection, normal in normalized:
            goal = trait_ref(projection)
            if goal in self._building:
                continue
            if goal not in self.program.clauses:
                raise ProofError(f"a normalization's goal was not demanded: {goal}")
            self._building.add(goal)
            try:
                if goal in self.solution.undecided:
                    proof = self._chain(goal, self.solution.undecided, None)
                else:
                    answer = self.solution.answer(goal)
                    proof = (self._tree(goal) if answer else self._overflow_chain(goal) if answer is None
                             else self._chain(goal, self.solution.failing, False))
            finally:
                self._building.discard(goal)
            proof.why = f"normalizes `{self.show(projection)}` to `{self.show(normal)}`"
            out.append(Normalization(projection, normal, proof))
        return out

    # -- "yes" --------------------------------------------------------------------------------
    def _tree(self, root: Goal) -> ProofNode:
        clauses = self.program.clauses
        on_path: set[Goal] = set()
        expanded: set[Goal] = set()
        top: list[ProofNode] = []
        stack: list[tuple[str, Goal, str, Normal, list[ProofNode]]] = [("enter", root, "", (), top)]
        while stack:
            event, goal, why, normalized, siblings = stack.pop()
            if event == "exit":
                on_path.discard(goal)
                continue
            clause = clauses[goal]
            # (another root of the batch overflowing as a goal of its own is no failure here: the
            # walk from this root, which did not overflow, reaches it at its own depth)
            if goal in self.solution.failing or clause.fails or clause.overflow:
                raise ProofError(f"a premise of a holding goal does not hold: {goal}")
            # a goal that holds only under its conditions is neither proven nor refuted: None
            holds = None if self.solution.conditional.get(goal) else True
            if goal in on_path:
                node = _node(clause, holds, why, rule="coinductive-cycle", cycle=True)
            elif goal in expanded:
                node = _node(clause, holds, why, rule="shared-subproof", shared=True)
            else:
                node = _node(clause, holds, why)
                on_path.add(goal)
                expanded.add(goal)
                stack.append(("exit", goal, "", (), siblings))
                for premise in reversed(clause.premises):
                    stack.append(("enter", premise.goal, premise.why, premise.normalized, node.children))
            node.normalized = self._normalizations(normalized)
            siblings.append(node)
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
            premise = next((p for p in self.program.clauses[upper.goal].premises if p.goal == lower.goal), None)
            lower.normalized = self._normalizations(premise.normalized) if premise is not None else []
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
            child.normalized = self._normalizations(premise.normalized)
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


def walk(node: ProofNode, normalizations: bool = False) -> Iterator[ProofNode]:
    """Every node of a proof tree (pre-order, iterative); with `normalizations`, the nodes of
    the normalizations' proofs too (each before the node's children)."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(n.children))
        if normalizations:
            stack.extend(reversed([m.proof for m in n.normalized]))
