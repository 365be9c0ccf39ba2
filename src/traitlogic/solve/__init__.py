"""The solve layer: `rules/program.dl` over a lowered program's facts, by one of two engines.

    solve(program)                       the semi-naive evaluator (default)
    solve(program, engine="pydatalog")   pyDatalog, the same program text

Each clause becomes facts (`fails(G)`, `undecidable(G)`, `assumption(G, G)`, `requires(G, H)`) over integer goal
ids; the engine computes `nimpl` (failing goals), `undecided` and `conditional` (the assumptions
each goal depends on); the result is one `Solution`.
"""
from __future__ import annotations

from ..core.errors import UsageError
from ..core.goal import Goal
from ..lower import Program
from .program import solver_program
from .seminaive import Evaluation, Relations
from .solution import Solution

ENGINES = ("seminaive", "pydatalog")
DERIVED = ("nimpl", "undecided", "conditional")

__all__ = ["ENGINES", "Solution", "solve"]


def solve(program: Program, engine: str = "seminaive") -> Solution:
    """Failing goals (with their heights), undecided goals and overflowing roots of `program`.

    Premises that a root's walk left unlowered (below the recursion limit) have no clause; they
    are reachable only from overflowing roots, whose answer is overflow whatever they do.
    """
    if engine not in ENGINES:
        raise UsageError(f"unknown engine `{engine}` (expected one of: {', '.join(ENGINES)})")
    goals = list(program.clauses)
    facts = _facts(program, {g: i for i, g in enumerate(goals)})
    rules = solver_program()
    evaluation = Evaluation(rules, facts)
    if engine == "pydatalog":
        from .pydatalog_engine import evaluate  # pyDatalog only when asked for (start-up time)

        found = evaluate(rules, facts, DERIVED)
        for name in DERIVED:
            mine = evaluation.relations.get(name, set())
            theirs = {row for row in found[name] if all(isinstance(a, int) and a >= 0 for a in row)}
            if mine != theirs:
                raise AssertionError(f"pyDatalog and the semi-naive evaluator disagree on `{name}`")
    rounds = evaluation.round
    conditions: dict[Goal, set[Goal]] = {}
    for row in evaluation.relations.get("conditional", set()):
        gid, aid = row
        assert isinstance(gid, int) and isinstance(aid, int)
        conditions.setdefault(goals[gid], set()).add(goals[aid])
    return Solution(_by_goal(rounds["nimpl"], goals), set(program.overflow),
                    _by_goal(rounds["undecided"], goals), engine,
                    {g: frozenset(a) for g, a in conditions.items()})


def _by_goal(rounds: dict[tuple[object, ...], int], goals: list[Goal]) -> dict[Goal, int]:
    out: dict[Goal, int] = {}
    for (gid, *_), n in rounds.items():
        assert isinstance(gid, int)
        out[goals[gid]] = n
    return out


def _facts(program: Program, ids: dict[Goal, int]) -> Relations:
    fails: set[tuple[object, ...]] = set()
    undecidable: set[tuple[object, ...]] = set()
    requires: set[tuple[object, ...]] = set()
    assumption: set[tuple[object, ...]] = set()
    for goal, clause in program.clauses.items():
        gid = ids[goal]
        kind = clause.kind  # `fails`, `assumption` and `undecidable` read it: once here
        if kind == "fails":
            fails.add((gid,))
        elif kind == "assumption":
            assumption.add((gid, gid))
        elif kind == "error":
            undecidable.add((gid,))
        for premise in clause.premises:
            pid = ids.get(premise.goal)
            if pid is not None:
                requires.add((gid, pid))
    return {"fails": fails, "undecidable": undecidable, "requires": requires, "assumption": assumption}
