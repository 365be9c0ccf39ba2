"""The demanded closure of a query, and rustc's recursion limit (E0275).

`expand` lowers every goal the roots demand (the closure of their types) and finds the roots
whose obligations nest past `RECURSION_LIMIT` levels, as rustc's depth-first walk would: those
answer "overflow", with the path down to the goal at the limit (`depth-limit`).
"""
from __future__ import annotations

from collections.abc import Callable

from ..core.errors import TraitlogicError
from ..core.goal import Goal
from .clause import Clause, Program, clause

LowerOne = Callable[[Goal], Clause]  # one goal -> its clause (`Lowering.lower`)

# rustc's default recursion_limit: an obligation this many levels below the goal is E0275.
RECURSION_LIMIT = 128
MAX_GOALS = 500_000  # a resource cap, not rustc's: reaching it is an error, never an answer


class ResourceLimit(TraitlogicError):
    """The query demands more goals than traitlogic lowers (`MAX_GOALS`)."""


def _check_size(clauses: dict[Goal, Clause]) -> None:
    if len(clauses) >= MAX_GOALS:
        raise ResourceLimit(f"the query demands more than {MAX_GOALS:,} goals; ask fewer goals at once")


def expand(lower: LowerOne, roots: list[Goal], program: Program | None = None) -> Program:
    """Lower every goal the roots demand and find the roots that overflow.

    rustc walks a goal's obligations depth-first in premise order and stops with E0275 at
    `RECURSION_LIMIT` levels. To stay linear on big batches:
    1. goals are lowered in order of their shortest obligation depth from any root; one at
       the limit or beyond is left unlowered (no root's walk can reach it in time);
    2. an upper bound of each root's walk depth comes from the strongly connected
       components of the lowered graph; only a root whose bound reaches the limit is
       walked exactly, as rustc would (`_walk`).
    """
    program = program or Program()
    new_roots = [r for r in dict.fromkeys(roots) if r not in program.roots]
    program.roots.extend(new_roots)
    _lower_by_distance(lower, new_roots, program)
    bound = _walk_depth_bounds(program)
    memos: dict[Goal, _Memo] = {}
    for root in new_roots:
        if bound.get(root, RECURSION_LIMIT) >= RECURSION_LIMIT:
            _walk(lower, root, program, memos)
    return program

def _lower_by_distance(lower: LowerOne, roots: list[Goal], program: Program) -> None:
    clauses = program.clauses
    distance: dict[Goal, int] = {r: 0 for r in roots}
    buckets: list[list[Goal]] = [[] for _ in range(RECURSION_LIMIT)]
    buckets[0].extend(roots)
    for depth in range(RECURSION_LIMIT):
        for goal in buckets[depth]:
            if distance[goal] != depth:
                continue
            clause = clauses.get(goal)
            if clause is None:
                _check_size(clauses)
                clause = clauses[goal] = lower(goal)
            for p in clause.premises:
                d = depth + p.depth
                if d < distance.get(p.goal, RECURSION_LIMIT + 1):
                    distance[p.goal] = d
                    if d < RECURSION_LIMIT:
                        buckets[d].append(p.goal)

# One root's walk, kept for the roots walked after it: every obligation checked (in rustc's
# order, each premise of a goal whether already proven or not) with its depth, as the running
# maxima `(goal, depth, parent, why)`, and the goals it visited (`parent`).
_Memo = tuple[list[tuple[Goal, int, Goal | None, str]], dict[Goal, tuple[Goal | None, str]]]


def _walk(lower: LowerOne, root: Goal, program: Program, memos: dict[Goal, _Memo]) -> None:
    clauses = program.clauses
    parent: dict[Goal, tuple[Goal | None, str]] = {}  # first visit: who asked, and how
    stack: list[tuple[Goal, int, Goal | None, str]] = [(root, 0, None, "")]
    maxima: list[tuple[Goal, int, Goal | None, str]] = []
    top = -1  # the deepest obligation checked so far
    while stack:
        entry = stack.pop()
        goal, depth, up, why = entry
        if depth > top:
            top = depth
            maxima.append(entry)
        # rustc checks the depth before its cache: a goal proven higher up still overflows
        # when another path reaches it at the limit. Only first visits go further down.
        if depth >= RECURSION_LIMIT:
            program.overflow[root] = _path(parent, up) + [(goal, why)]
            memos[root] = (maxima, parent)
            return
        if goal in parent:
            continue
        memo = memos.get(goal)
        if memo is not None:
            above = _path(parent, up)
            rest = _reuse(memo, depth, parent, above)
            if rest is not None:
                program.overflow[root] = above + [(goal, why)] + rest
                return
        parent[goal] = (up, why)
        clause = clauses.get(goal)
        if clause is None:
            _check_size(clauses)
            clause = clauses[goal] = lower(goal)
        # a premise visited already matters only as a check deeper than any before it
        for p in reversed(clause.premises):
            d = depth + p.depth
            if d > top or p.goal not in parent:
                stack.append((p.goal, d, goal, p.why))


def _reuse(memo: _Memo, depth: int, visited: dict[Goal, tuple[Goal | None, str]],
           above: list[tuple[Goal, str]]) -> list[tuple[Goal, str]] | None:
    """The rest of the path to the limit when a walk enters, `depth` levels down, the goal
    another root's walk `memo` started from; None when that walk may not go the same way.

    `above` is the walk's path down to here: the goals whose premises it is still checking.
    Every other goal it has visited is done: all it reaches is visited too, but through a
    goal of `above`. So if `memo` visited no goal of `above`, this walk checks the same
    obligations in the same order, `depth` levels deeper, leaving out those below goals it
    has visited already (a depth-first walk marks what is below a goal before leaving it).
    The first of `memo`'s deepest-so-far obligations at the limit from here is where this
    walk stops too, unless it lies below a goal already visited (then it may stop elsewhere).
    """
    maxima, seen = memo
    need = RECURSION_LIMIT - depth
    hit = next((m for m in maxima if m[1] >= need), None)
    if hit is None or hit[2] in visited or any(g in seen for g, _ in above):
        return None
    goal, _, up, why = hit
    return _path(seen, up)[1:] + [(goal, why)]


def _walk_depth_bounds(program: Program) -> dict[Goal, int]:
    """An upper bound of the deepest obligation level a depth-first walk from each goal reaches.

    Strongly connected components (iterative Tarjan) are condensed; a walk inside a component
    can at most go along all of its edges; a premise left unlowered counts as the limit.
    """
    clauses = program.clauses
    index: dict[Goal, int] = {}
    low: dict[Goal, int] = {}
    on_stack: set[Goal] = set()
    stack: list[Goal] = []
    component: dict[Goal, int] = {}
    members: list[list[Goal]] = []
    for start in clauses:
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            goal, i = work.pop()
            if i == 0:
                index[goal] = low[goal] = len(index)
                stack.append(goal)
                on_stack.add(goal)
            premises = clauses[goal].premises
            if i < len(premises):
                work.append((goal, i + 1))
                nxt = premises[i].goal
                if nxt not in clauses:
                    continue
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[goal] = min(low[goal], index[nxt])
                continue
            for p in premises:
                if p.goal in clauses and component.get(p.goal) is None and p.goal in on_stack:
                    low[goal] = min(low[goal], low[p.goal])
            if low[goal] == index[goal]:
                group = []
                while True:
                    g = stack.pop()
                    on_stack.discard(g)
                    component[g] = len(members)
                    group.append(g)
                    if g is goal or g == goal:
                        break
                members.append(group)
    # Tarjan numbers components in reverse topological order: successors come first.
    bound_of: list[int] = []
    for group in members:
        me = len(bound_of)
        inside, out = 0, 0
        for g in group:
            for p in clauses[g].premises:
                if p.goal not in clauses:
                    out = RECURSION_LIMIT
                elif component[p.goal] == me:
                    inside += p.depth
                else:
                    out = max(out, p.depth + bound_of[component[p.goal]])
        bound_of.append(min(inside + out, RECURSION_LIMIT))
    return {g: bound_of[c] for g, c in component.items()}


def overflow_clause(goal: Goal) -> Clause:
    """The proof leaf for the goal at which a root's walk reached the recursion limit."""
    return clause(goal, "depth-limit",
                  f"rustc's recursion limit ({RECURSION_LIMIT} obligation levels) is reached here")


def _path(parent: dict[Goal, tuple[Goal | None, str]], goal: Goal | None) -> list[tuple[Goal, str]]:
    """Root-to-`goal` premises, each with how its parent asked for it."""
    out = []
    node: Goal | None = goal
    while node is not None:
        up, why = parent[node]
        out.append((node, why))
        node = up
    return out[::-1]
