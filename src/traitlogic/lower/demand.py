"""The demanded closure of a query, and rustc's recursion limit (E0275).

`expand` lowers every goal the roots demand (the closure of their types) and finds the roots
whose obligations nest past `RECURSION_LIMIT` levels, as rustc's depth-first walk would: those
answer "overflow", with the path down to the goal at the limit (`depth-limit`).
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from ..core import types as T
from ..core.errors import TraitlogicError
from ..core.goal import Goal
from .clause import Clause, Program, clause

LowerOne = Callable[[Goal], Clause]  # one goal -> its clause (`Lowering.lower`)

# rustc's default recursion_limit: an obligation this many levels below the goal is E0275.
RECURSION_LIMIT = 128
MAX_GOALS = 500_000  # a resource cap, not rustc's: reaching it is an error, never an answer
# whether a walk takes all a goal reaches as one set where nothing below it can reach the limit
# (`_Safe`): the same answers and paths either way (tests/test_demand_walk.py compares them)
SKIP_SAFE_GOALS = True
# ... but not within this many levels of the limit, where the walks of later roots that enter
# this root's goal a few levels down take the rest of their path from its deepest obligations
NEAR_LIMIT = 20


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
       walked exactly, as rustc would (`_walk`), in the order Tarjan's walk finished the
       roots: those a root reaches mostly come first, so its walk takes the rest of its path
       from theirs a level or two down (`_reuse`: the answers do not depend on the order);
       a goal whose bound cannot reach the limit from where a walk meets it is not walked
       below: all it reaches is marked visited at once (`_Safe`).
    """
    program = program or Program()
    new_roots = [r for r in dict.fromkeys(roots) if r not in program.roots]
    program.roots.extend(new_roots)
    _lower_by_distance(lower, new_roots, program)
    number, bound, finished, cyclic = _walk_depth_bounds(program, new_roots)
    safe = _Safe(program.clauses, number, bound, cyclic) if SKIP_SAFE_GOALS else None
    memos: dict[Goal, _Memo] = {}
    limit = RECURSION_LIMIT
    walked = [r for r in new_roots if r in number and bound[number[r]] >= limit or r not in number]
    for root in sorted(walked, key=lambda r: finished.get(number.get(r, -1), -1)):
        _walk(lower, root, program, memos, safe)
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
# maxima `(goal, depth, parent, why)` and their depths, and the goals it visited (`parent`).
# A safe goal's part of the walk is one entry `(goal, depth + the deepest a walk from it checks,
# _SAFE, why)`: some obligation below it may be that deep, or none; the goals below safe goals are
# `covered`, not in `parent`. Last, the rests of its path handed out, by entry.
_Memo = tuple[list[tuple[Goal, int, Goal | None, str]], list[int], dict[Goal, tuple[Goal | None, str]],
              set[Goal], dict[int, list[tuple[Goal, str]]]]
_SAFE = Goal("(below a safe goal)", T.UNIT)  # the parent of a safe goal's entry in the maxima


class _Safe:
    """The goals below which a walk cannot reach the limit, and, once asked, all each reaches.

    A goal with depth bound `b` (`_walk_depth_bounds`) met `d` levels down, `d + b` below the
    limit, is safe there: nothing below it can stop the walk. What a depth-first walk from it
    visits is then known without walking it: every goal it reaches that is not visited yet.
    (A goal still being checked is never among them: one it reaches would be in its component,
    met higher up with the same bound, so safe there already and never walked below.) Goals it
    reaches that a walk visited are done, and all they reach is visited too.
    """

    def __init__(self, clauses: dict[Goal, Clause], number: dict[Goal, int], bound: list[int],
                 cyclic: set[int]):
        self.clauses = clauses
        self.number = number
        self.bound = bound
        self.cyclic = cyclic  # the numbers of the goals in a cycle
        self.walks: dict[Goal, tuple[frozenset[Goal], int]] = {}

    def walk(self, goal: Goal) -> tuple[frozenset[Goal], int]:
        """Every goal `goal` reaches (itself included), and a bound of the deepest obligation a
        walk from it checks (the deepest of a walk from it alone, or above). Found by that walk
        once per goal, taking from a goal in no cycle the result found for it before: a walk
        enters such a goal with nothing it reaches still being checked."""
        found = self.walks.get(goal)
        if found is not None:
            return found
        clauses, number, walks, cyclic = self.clauses, self.number, self.walks, self.cyclic
        seen: set[Goal] = set()
        deepest = 0
        stack = [(goal, 0)]
        while stack:
            g, depth = stack.pop()
            deepest = max(deepest, depth)
            if g in seen:
                continue
            sub = walks.get(g)
            if sub is not None and number[g] not in cyclic:
                seen |= sub[0]
                deepest = max(deepest, depth + sub[1])
                continue
            seen.add(g)
            stack.extend((p.goal, depth + p.depth) for p in reversed(clauses[g].premises))
        found = walks[goal] = (frozenset(seen), deepest)
        return found


def _walk(lower: LowerOne, root: Goal, program: Program, memos: dict[Goal, _Memo], safe: _Safe | None) -> None:
    clauses = program.clauses
    limit = RECURSION_LIMIT
    parent: dict[Goal, tuple[Goal | None, str]] = {}  # first visit: who asked, and how
    covered: set[Goal] = set()  # and the goals visited below safe goals, marked at once
    # a goal is safe `depth` levels down when `depth + bound[number[goal]] < near` (`_Safe`)
    number, bound = (safe.number, safe.bound) if safe is not None else ({}, [])
    near = limit - NEAR_LIMIT
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
            if depth >= limit:
                program.overflow[root] = _path(parent, up) + [(goal, why)]
                memos[root] = (maxima, [m[1] for m in maxima], parent, covered, {})
                return
        if goal in parent or goal in covered:
            continue
        memo = memos.get(goal)
        if memo is not None:
            rest = _reuse(memo, depth, parent, covered, up)
            if rest is not None:
                program.overflow[root] = _path(parent, up) + [(goal, why)] + rest
                return
        n = number.get(goal)
        if n is not None and depth + bound[n] < near and safe is not None:
            reached, below = safe.walk(goal)
            covered |= reached
            deepest = depth + below
            if deepest > top:
                top = deepest
                maxima.append((goal, deepest, _SAFE, why))
            continue
        parent[goal] = (up, why)
        clause = clauses.get(goal)
        if clause is None:
            _check_size(clauses)
            clause = clauses[goal] = lower(goal)
        # a premise visited already matters only as a check deeper than any before it
        for p in reversed(clause.premises):
            d = depth + p.depth
            if d > top or p.goal not in parent and p.goal not in covered:
                stack.append((p.goal, d, goal, p.why))


def _reuse(memo: _Memo, depth: int, visited: dict[Goal, tuple[Goal | None, str]], covered: set[Goal],
           up: Goal | None) -> list[tuple[Goal, str]] | None:
    """The rest of the path to the limit when a walk enters, `depth` levels down below `up`, the
    goal another root's walk `memo` started from; None when that walk may not go the same way.

    The goals from `up` to the root (`visited` links them) are those whose premises the walk is
    still checking. Every other goal it has visited (`visited`, `covered`) is done: all it reaches is visited too, but
    through a goal still being checked. So if `memo` visited none of those, this walk checks the
    same obligations in the same order, `depth` levels deeper, leaving out those below goals it
    has visited already (a depth-first walk marks what is below a goal before leaving it).
    The first of `memo`'s deepest-so-far obligations at the limit from here is where this
    walk stops too, unless it lies below a goal already visited (then it may stop elsewhere),
    or `memo` has only a safe goal's bound there (the limit may be reached below it, or not).
    """
    maxima, depths, seen, seen_below_safe, rests = memo
    at = bisect_left(depths, RECURSION_LIMIT - depth)  # the depths increase
    below = maxima[at][2] if at < len(maxima) else _SAFE
    if below is _SAFE or below in visited or below in covered:
        return None
    node = up
    while node is not None:
        if node in seen or node in seen_below_safe:
            return None
        node = visited[node][0]
    rest = rests.get(at)
    if rest is None:
        goal, _, _, why = maxima[at]
        rest = rests[at] = _path(seen, below)[1:] + [(goal, why)]
    return rest


def _walk_depth_bounds(program: Program, roots: list[Goal]) -> tuple[dict[Goal, int], list[int], dict[int, int], set[int]]:
    """An upper bound of the deepest obligation level a depth-first walk from each goal the roots
    reach goes below it (the goals numbered: `bound[number[goal]]`), and the order in which
    Tarjan's depth-first walk finished them (`expand` walks the roots in that order: what a root
    reaches is mostly walked before it, so its walk is reused sooner).

    The strongly connected components of the lowered goals the roots reach (iterative Tarjan,
    goals numbered in visit order) are condensed; a walk inside a component can at most go
    along all of its edges, then out along the deepest way; an unlowered premise counts as
    the limit. Each goal sums its edges into its component (`inside`: those to a goal still
    on Tarjan's stack) and takes the deepest way out (`out`: those to a finished component).
    """
    clauses = program.clauses
    limit = RECURSION_LIMIT
    number: dict[Goal, int] = {}
    low: list[int] = []
    inside: list[int] = []
    out: list[int] = []
    bound: list[int] = []  # -1 while the goal is on Tarjan's stack, then its component's bound
    stack: list[int] = []
    finish: dict[int, int] = {}  # goal number -> when Tarjan's walk left it
    cyclic: set[int] = set()  # the goals in a cycle (a component of two or more, or a premise of itself)
    for root in roots:
        if root in number or root not in clauses:
            continue
        v = _enter(root, number, low, inside, out, bound, stack)
        work = [(v, iter(clauses[root].premises), 0)]
        while work:
            v, premises, _ = work[-1]
            for p in premises:
                w = number.get(p.goal)
                if w is None:
                    below = clauses.get(p.goal)
                    if below is None:
                        out[v] = limit
                        continue
                    w = _enter(p.goal, number, low, inside, out, bound, stack)
                    work.append((w, iter(below.premises), p.depth))
                    break
                if bound[w] >= 0:
                    out[v] = max(out[v], p.depth + bound[w])
                else:
                    inside[v] += p.depth
                    low[v] = min(low[v], w)
            else:
                _, _, depth = work.pop()
                finish[v] = len(finish)
                if low[v] == v:  # the component is the stack's top down to `v` (numbers increase)
                    at = len(stack) - 1
                    while stack[at] != v:
                        at -= 1
                    group = stack[at:]
                    del stack[at:]
                    b = min(sum(inside[g] for g in group) + max(out[g] for g in group), limit)
                    for g in group:
                        bound[g] = b
                    if len(group) > 1 or inside[v]:
                        cyclic.update(group)
                if work:
                    u = work[-1][0]
                    if bound[v] >= 0:
                        out[u] = max(out[u], depth + bound[v])
                    else:
                        inside[u] += depth
                        low[u] = min(low[u], low[v])
    return number, bound, finish, cyclic


def _enter(goal: Goal, number: dict[Goal, int], *columns: list[int]) -> int:
    """Number a goal Tarjan's walk reaches first: low link, inside, out, bound, on the stack."""
    n = number[goal] = len(columns[0])
    low, inside, out, bound, stack = columns
    low.append(n)
    inside.append(0)
    out.append(0)
    bound.append(-1)
    stack.append(n)
    return n


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
