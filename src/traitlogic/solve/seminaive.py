"""A semi-naive evaluator of positive Datalog rules: the default engine for `rules/program.dl`.

It runs the rules it is given (parsed by `solve.program`), not a copy of them: each round
joins every rule once per recursive body atom against the facts derived in the round before
(the delta), looking the other atoms up in hash indexes on their bound arguments. A fact's
round is the length of its shortest derivation, so for `rules/program.dl` the round in which
`nimpl(G)` appears is the height of `G`'s shortest failure chain, which proofs read.

    nimpl(G) :- fails(G).               round 0: every failure fact
    nimpl(G) :- nimpl(H), requires(G, H).   round k: goals with a premise failing at round k-1

Cost: every fact enters the delta once, and each delta fact is joined through indexes, so a
round costs what it derives; the whole run is linear in the facts for rules like these.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .program import Atom, Rule

Fact = tuple[object, ...]
Relations = dict[str, set[Fact]]


class Index:
    """Facts of one relation grouped by the values at some argument positions."""

    def __init__(self, positions: tuple[int, ...]):
        self.positions = positions
        self.groups: dict[Fact, list[Fact]] = defaultdict(list)

    def add(self, fact: Fact) -> None:
        self.groups[tuple(fact[i] for i in self.positions)].append(fact)

    def lookup(self, key: Fact) -> list[Fact]:
        return self.groups.get(key, [])


class Evaluation:
    """The least model of `rules` over `facts`, with the round each derived fact appeared in."""

    def __init__(self, rules: Iterable[Rule], facts: Relations):
        self.rules = tuple(rules)
        self.relations: Relations = {name: set(rows) for name, rows in facts.items()}
        self.round: dict[str, dict[Fact, int]] = defaultdict(dict)
        self._indexes: dict[tuple[str, tuple[int, ...]], Index] = {}
        self.derived = {r.head.predicate for r in self.rules}
        self._run()

    # -- evaluation -----------------------------------------------------------------------
    def _run(self) -> None:
        delta: Relations = defaultdict(set)
        for rule in self.rules:  # round 0: the rules that read only the given facts
            if not any(atom.predicate in self.derived for atom in rule.body):
                for fact in self._join(rule, None):
                    self._derive(rule.head.predicate, fact, 0, delta)
        n = 0
        while any(delta.values()):
            n += 1
            new: Relations = defaultdict(set)
            for rule in self.rules:
                for i, atom in enumerate(rule.body):
                    rows = delta.get(atom.predicate)
                    if atom.predicate not in self.derived or not rows:
                        continue
                    for fact in self._join(rule, i, rows):
                        self._derive(rule.head.predicate, fact, n, new)
            delta = new

    def _derive(self, predicate: str, fact: Fact, n: int, delta: Relations) -> None:
        table = self.relations.setdefault(predicate, set())
        if fact in table:
            return
        table.add(fact)
        self.round[predicate][fact] = n
        delta[predicate].add(fact)
        for (name, _), index in self._indexes.items():
            if name == predicate:
                index.add(fact)

    def _join(self, rule: Rule, first: int | None, first_rows: Iterable[Fact] = ()) -> list[Fact]:
        """Head facts of `rule`; with `first`, the body atom at that position ranges over
        `first_rows` (the delta) and is joined first."""
        order = list(range(len(rule.body)))
        bindings: list[dict[str, object]] = [{}]
        if first is not None:
            order.remove(first)
            bindings = [b for b in (_unify(rule.body[first], row, {}) for row in first_rows) if b is not None]
        for i in order:
            atom = rule.body[i]
            bindings = [b2 for b in bindings for row in self._candidates(atom, b)
                        if (b2 := _unify(atom, row, b)) is not None]
            if not bindings:
                return []
        return [tuple(_value(a, b) for a in rule.head.args) for b in bindings]

    def _candidates(self, atom: Atom, binding: dict[str, object]) -> Iterable[Fact]:
        positions = tuple(i for i, a in enumerate(atom.args) if not _is_var(a) or a in binding)
        if not positions:
            return self.relations.get(atom.predicate, ())
        key = (atom.predicate, positions)
        index = self._indexes.get(key)
        if index is None:
            index = self._indexes[key] = Index(positions)
            for fact in self.relations.get(atom.predicate, ()):
                index.add(fact)
        return index.lookup(tuple(_value(atom.args[i], binding) for i in positions))


def _is_var(arg: str) -> bool:
    return arg[:1].isupper() or arg[:1] == "_"


def _value(arg: str, binding: dict[str, object]) -> object:
    if _is_var(arg):
        return binding[arg]
    return int(arg) if arg.lstrip("-").isdigit() else arg


def _unify(atom: Atom, fact: Fact, binding: dict[str, object]) -> dict[str, object] | None:
    """`binding` extended so that `atom` matches `fact`, or None."""
    if len(fact) != len(atom.args):
        return None
    out = binding
    for arg, value in zip(atom.args, fact):
        if _is_var(arg):
            bound = out.get(arg, _UNBOUND)
            if bound is _UNBOUND:
                if out is binding:
                    out = dict(binding)
                out[arg] = value
            elif bound != value:
                return None
        elif _value(arg, out) != value:
            return None
    return out


_UNBOUND = object()
