"""The recursion-limit walk (lower/demand.py) against rustc's depth-first walk written plainly.

`expand` walks a root only when its depth bound reaches the limit, and reuses an earlier root's
walk when it enters that root's goal; either way, each root's overflow answer and path must be
the ones a fresh depth-first walk from that root alone gives (premises in order, the depth
checked before "already visited"). Random graphs with a small limit make both common.
"""
from __future__ import annotations

import random

from traitlogic.core import types as T
from traitlogic.core.goal import Goal
from traitlogic.lower import demand
from traitlogic.lower.clause import Clause, Premise

LIMIT = 12


def _graph(rng: random.Random, n: int) -> dict[Goal, Clause]:
    goals = [Goal("T", T.adt(f"S{i}")) for i in range(n)]
    leaves = goals[: n // 4]  # a few shared goals below everything, some with premises
    clauses = {}
    for i, g in enumerate(goals):
        if i < n // 8:
            targets: list[Goal] = []
        elif i < n // 4:
            targets = rng.sample(goals[: n // 8], rng.randint(1, 2))
        else:
            targets = [rng.choice(leaves) if rng.random() < 0.4 else rng.choice(goals[n // 4:])
                       for _ in range(rng.randint(1, 4))]
        premises = tuple(Premise(t, f"p{k}", rng.choice((1, 1, 1, 2, 3)))
                         for k, t in enumerate(dict.fromkeys(targets)))
        clauses[g] = Clause(g, "auto-structural", "", "", premises)
    return clauses


def _rustc_walk(clauses: dict[Goal, Clause], root: Goal) -> list[tuple[Goal, str]] | None:
    """The path to the first obligation at the limit of a depth-first walk from `root`, if any."""
    visited: set[Goal] = set()

    def visit(goal: Goal, depth: int, path: list[tuple[Goal, str]]) -> list[tuple[Goal, str]] | None:
        visited.add(goal)
        for p in clauses[goal].premises:
            if depth + p.depth >= LIMIT:
                return [*path, (p.goal, p.why)]
            if p.goal not in visited:
                found = visit(p.goal, depth + p.depth, [*path, (p.goal, p.why)])
                if found:
                    return found
        return None

    return visit(root, 0, [(root, "")])


def test_each_root_overflows_as_its_own_walk_would(monkeypatch):
    monkeypatch.setattr(demand, "RECURSION_LIMIT", LIMIT)
    reused = []
    reuse = demand._reuse
    monkeypatch.setattr(demand, "_reuse", lambda *args: reused.append(r := reuse(*args)) or r)
    overflows = answers = 0
    for seed in range(80):
        rng = random.Random(seed)
        clauses = _graph(rng, rng.choice((20, 40, 80)))
        roots = rng.sample(list(clauses), len(clauses) // 2)
        program = demand.expand(clauses.__getitem__, roots)
        expected = {r: path for r in roots if (path := _rustc_walk(clauses, r))}
        assert program.overflow == expected, seed
        overflows, answers = overflows + len(expected), answers + len(roots)
    # both answers are common, and many roots take the rest of their path from another's walk
    assert 0.2 < overflows / answers < 0.8
    assert sum(r is not None for r in reused) > overflows / 4
    assert any(r is None for r in reused)


def test_roots_are_walked_after_the_roots_they_reach(monkeypatch):
    """Roots listed before the roots they reach (a cycle S0 -> S1 -> ... -> S0, all asked) are
    walked in Tarjan's finish order, S29 first: most then take their path from the walk of the
    root their premise is, one level down, instead of walking to the limit themselves."""
    monkeypatch.setattr(demand, "RECURSION_LIMIT", LIMIT)
    goals = [Goal("T", T.adt(f"S{i}")) for i in range(30)]
    clauses = {g: Clause(g, "auto-structural", "", "", (Premise(goals[(i + 1) % 30], "next", 1),))
               for i, g in enumerate(goals)}
    walked: list[Goal] = []
    reused: list[object] = []
    walk, reuse = demand._walk, demand._reuse
    monkeypatch.setattr(demand, "_walk", lambda lower, root, *rest: (walked.append(root), walk(lower, root, *rest)))
    monkeypatch.setattr(demand, "_reuse", lambda *args: reused.append(r := reuse(*args)) or r)
    program = demand.expand(clauses.__getitem__, goals)
    assert program.overflow == {r: _rustc_walk(clauses, r) for r in goals}
    assert walked == goals[::-1]
    assert sum(r is not None for r in reused) >= 20  # 27 of the 30 (walked in the listed order: 11)
