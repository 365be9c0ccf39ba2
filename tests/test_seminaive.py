"""The semi-naive evaluator is a generic evaluator of the rules it reads: checked against a naive
fixpoint on random facts, for the program of rules/program.dl and for rules of other shapes
(binary derived relations, constants, a variable twice in one atom)."""
from __future__ import annotations

import random

import pytest

from traitlogic.solve.program import parse_program, solver_program
from traitlogic.solve.seminaive import Evaluation, Fact, Relations

OTHER = """
reach(G, A) :- start(G, A).
reach(G, A) :- reach(H, A), edge(G, H).
marked(G) :- reach(G, 0).
loop(G) :- edge(G, G).
pair(G, H) :- pair(H, A), edge(G, H), tag(A, A).
pair(G, H) :- edge(G, H), tag(H, 1).
"""


def _naive(rules, facts: Relations) -> tuple[Relations, dict[str, dict[Fact, int]]]:
    """Every rule applied to everything known, round after round, until nothing is new."""
    known = {name: set(rows) for name, rows in facts.items()}
    rounds: dict[str, dict[Fact, int]] = {}
    n = 0
    while True:
        new: list[tuple[str, Fact]] = []
        for rule in rules:
            bindings = [{}]
            for atom in rule.body:
                bindings = [b2 for b in bindings for row in known.get(atom.predicate, ())
                            if (b2 := _unify(atom.args, row, b)) is not None]
            for b in bindings:
                fact = tuple(b[a] if a[:1].isupper() else int(a) for a in rule.head.args)
                if fact not in known.get(rule.head.predicate, set()):
                    new.append((rule.head.predicate, fact))
        if not new:
            return known, rounds
        for name, fact in new:
            if fact not in known.setdefault(name, set()):
                known[name].add(fact)
                rounds.setdefault(name, {})[fact] = n
        n += 1


def _unify(args, row, binding):
    if len(args) != len(row):
        return None
    out = dict(binding)
    for a, v in zip(args, row):
        if a[:1].isupper():
            if out.setdefault(a, v) != v:
                return None
        elif int(a) != v:
            return None
    return out


def _random_facts(rng: random.Random, names: dict[str, int], n: int) -> Relations:
    return {name: {tuple(rng.randrange(n) for _ in range(arity)) for _ in range(2 * n)}
            for name, arity in names.items()}


@pytest.mark.parametrize("seed", range(8))
def test_the_program_of_program_dl_equals_a_naive_fixpoint(seed: int) -> None:
    rng = random.Random(seed)
    rules = solver_program()
    facts = _random_facts(rng, {"fails": 1, "undecidable": 1, "requires": 2}, 30)
    known, rounds = _naive(rules, facts)
    ev = Evaluation(rules, facts)
    for name in ("nimpl", "undecided"):
        assert ev.relations.get(name, set()) == known.get(name, set())
        # a fact's round is its shortest derivation: the naive rounds count the same way
        assert dict(ev.round[name]) == rounds.get(name, {})


@pytest.mark.parametrize("seed", range(8))
def test_other_shapes_equal_a_naive_fixpoint(seed: int) -> None:
    rng = random.Random(seed)
    rules = parse_program(OTHER)
    facts = _random_facts(rng, {"start": 2, "edge": 2, "tag": 2}, 12)
    known, _ = _naive(rules, facts)
    ev = Evaluation(rules, facts)
    for name in ("reach", "marked", "loop", "pair"):
        assert ev.relations.get(name, set()) == known.get(name, set()), name
