"""The recursion-limit walk (lower/demand.py) against rustc's depth-first walk written plainly.

`expand` walks a root only when its depth bound reaches the limit, reuses an earlier root's
walk when it enters that root's goal, and marks all a goal reaches visited at once where nothing
below it can reach the limit (a safe goal); either way, each root's overflow answer and path must
be the ones a fresh depth-first walk from that root alone gives (premises in order, the depth
checked before "already visited"). Random graphs with a small limit make all three common.
What a safe goal reaches and how deep (`_Safe.walk`) is checked against a plain walk. With and
without safe goals, a generated crate's answers and proofs and the depth corpus's
are the same.
"""
from __future__ import annotations

import os
import random
import sys

import pytest

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


def _count_safe(monkeypatch: pytest.MonkeyPatch) -> list[Goal]:
    """The goals walks took as safe (`_Safe.walk`), as they are."""
    safe: list[Goal] = []
    walk = demand._Safe.walk
    monkeypatch.setattr(demand._Safe, "walk", lambda self, goal: (safe.append(goal), walk(self, goal))[1])
    return safe


@pytest.mark.parametrize(("skip", "near"), [(False, 0), (True, 0), (True, 3)])
def test_each_root_overflows_as_its_own_walk_would(monkeypatch, skip, near):
    monkeypatch.setattr(demand, "RECURSION_LIMIT", LIMIT)
    monkeypatch.setattr(demand, "SKIP_SAFE_GOALS", skip)
    monkeypatch.setattr(demand, "NEAR_LIMIT", near)
    safe = _count_safe(monkeypatch)
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
    assert (len(safe) > answers / 4) is skip


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


REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _texts(answers: list) -> list[str]:
    """Each answer with its proof (JSON), or the error building it gave."""
    out = []
    for a in answers:
        try:
            out.append(a.to_json())
        except Exception as exc:  # noqa: BLE001 - the same error either way is what is compared
            out.append(f"{type(exc).__name__}: {exc}")
    return out


def _both_ways(kb, goals: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], int]:
    """The answers with safe goals (as set, and up to the limit), without; and the safe goals met."""
    safe = _count_safe(monkeypatch)
    on = _texts(kb.ask_many(goals))
    met = len(safe)
    with monkeypatch.context() as m:
        m.setattr(demand, "NEAR_LIMIT", 0)
        assert _texts(kb.ask_many(goals)) == on
        m.setattr(demand, "SKIP_SAFE_GOALS", False)
        assert _texts(kb.ask_many(goals)) == on
    return on, met


def test_a_generated_crate_answers_the_same_with_safe_goals(tmp_path, monkeypatch):
    from conftest import rust_kb

    sys.path.insert(0, os.path.join(REPO, "benchmarks"))
    from bench_user_crate import crate

    kb = rust_kb(tmp_path, "lib.rs", crate(1000, seed=3))
    goals = [f"{t}(S{i})" for i in range(1000) for t in ("Send", "Sync")]
    on, met = _both_ways(kb, goals, monkeypatch)
    assert sum('"answer": "overflow"' in t for t in on) >= 10 and met > 1000


def test_the_depth_corpus_answers_the_same_with_safe_goals(std_kb, monkeypatch):
    with open(os.path.join(REPO, "tests", "data", "conformance_depth.tsv"), encoding="utf-8") as f:
        goals = [line.split("\t")[0] for line in f.read().split("\n")[2:] if line]
    on, met = _both_ways(std_kb, goals, monkeypatch)
    assert sum('"answer": "overflow"' in t for t in on) >= 50 and met > 20


def _deepest(clauses: dict[Goal, Clause], root: Goal) -> int:
    """The deepest obligation a plain depth-first walk from `root` checks (no limit)."""
    visited: set[Goal] = set()
    deepest = 0

    def visit(goal: Goal, depth: int) -> None:
        nonlocal deepest
        visited.add(goal)
        for p in clauses[goal].premises:
            deepest = max(deepest, depth + p.depth)
            if p.goal not in visited:
                visit(p.goal, depth + p.depth)

    visit(root, 0)
    return deepest


def _reach(clauses: dict[Goal, Clause], root: Goal) -> set[Goal]:
    seen, todo = {root}, [root]
    while todo:
        for p in clauses[todo.pop()].premises:
            if p.goal not in seen:
                seen.add(p.goal)
                todo.append(p.goal)
    return seen


def test_a_safe_goals_set_and_depth_are_a_plain_walks_or_deeper(monkeypatch):
    """What `_Safe.walk` says of a goal, asked in any order (so that it takes what it found for
    goals below): the goals it reaches, exactly, and a depth no shallower than a plain walk's
    deepest obligation from it, and no deeper than its bound."""
    monkeypatch.setattr(demand, "RECURSION_LIMIT", 1000)  # every bound below it: all goals safe
    taken = 0
    for seed in range(40):
        rng = random.Random(seed)
        clauses = _graph(rng, rng.choice((20, 40, 80)))
        program = demand.Program(dict(clauses))
        number, bound, _, cyclic = demand._walk_depth_bounds(program, list(clauses))
        safe = demand._Safe(program.clauses, number, bound, cyclic)
        for goal in rng.sample(list(clauses), len(clauses)):
            reached, deepest = safe.walk(goal)
            assert reached == _reach(clauses, goal)
            assert _deepest(clauses, goal) <= deepest <= bound[number[goal]], (seed, goal)
        taken += len(safe.walks)
    assert taken > 1000
