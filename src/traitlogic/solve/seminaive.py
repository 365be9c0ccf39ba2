"""A semi-naive evaluator of positive Datalog rules: the default engine for `rules/program.dl`.

It runs the rules it is given (parsed by `solve.program`), not a copy of them: each round
joins every rule once per recursive body atom against the facts derived in the round before
(the delta), looking the other atoms up in hash indexes on their bound arguments. A fact's
round is the length of its shortest derivation, so for `rules/program.dl` the round in which
`nimpl(G)` appears is the height of `G`'s shortest failure chain, which proofs read.

    nimpl(G) :- fails(G).               round 0: every failure fact
    nimpl(G) :- nimpl(H), requires(G, H).   round k: goals with a premise failing at round k-1

Each (rule, delta atom) pair is compiled once into a `Plan`: the join order, and for every atom
which argument positions are bound (the index key) and into which variable slot each free
argument goes, so joining binds tuples by position instead of names through dicts.

Cost: every fact enters the delta once, and each delta fact is joined through indexes, so a
round costs what it derives; the whole run is linear in the facts for rules like these.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from operator import itemgetter

from .program import Atom, Rule

Fact = tuple[object, ...]
Relations = dict[str, set[Fact]]
# an argument as compiled: ("var", slot) or ("const", value)
_Arg = tuple[str, object]
Key = Callable[[Fact], Fact]  # a fact's (or binding's) values at some positions, as one tuple


def _getter(positions: Iterable[int]) -> Key:
    """The values at `positions` of a fact, as a tuple (`itemgetter`'s speed, always a tuple)."""
    at = tuple(positions)
    if len(at) == 1:
        i = at[0]
        return lambda row: (row[i],)
    if not at:
        return lambda row: ()
    return itemgetter(*at)  # a tuple for two or more positions


def _is_var(arg: str) -> bool:
    return arg[:1].isupper() or arg[:1] == "_"


def _const(arg: str) -> object:
    return int(arg) if arg.lstrip("-").isdigit() else arg


class _Step:
    """One body atom in a plan: its index key (bound positions) and what its facts bind."""

    __slots__ = ("arity", "binding_key", "binds", "checks", "fact_key", "key", "key_positions", "predicate", "take")

    def __init__(self, atom: Atom, slots: dict[str, int]):
        self.predicate = atom.predicate
        self.arity = len(atom.args)
        key_positions, key, binds, checks = [], [], [], []
        fresh: dict[str, int] = {}
        for i, arg in enumerate(atom.args):
            if not _is_var(arg):
                key_positions.append(i)
                key.append(("const", _const(arg)))
            elif arg in slots:
                key_positions.append(i)
                key.append(("var", slots[arg]))
            elif arg in fresh:  # the same new variable twice in one atom: equal values
                checks.append((fresh[arg], i))
            else:
                fresh[arg] = i
                binds.append((i, len(slots) + len(fresh) - 1))
        base = len(slots)
        slots.update({name: base + n for n, name in enumerate(fresh)})
        self.key_positions: tuple[int, ...] = tuple(key_positions)
        self.key: tuple[_Arg, ...] = tuple(key)
        self.binds: tuple[tuple[int, int], ...] = tuple(binds)  # (position in the fact, slot)
        self.checks: tuple[tuple[int, int], ...] = tuple(checks)  # positions that must be equal
        self.take = _getter(i for i, _ in binds)  # what a fact binds, in slot order
        self.fact_key = _getter(key_positions)  # a fact's index key
        # a binding's index key, when the key is all variables (else `_values`)
        self.binding_key = _getter(v for _, v in key) if all(k == "var" for k, _ in key) else None  # type: ignore[misc]

    def extend(self, binding: Fact, fact: Fact) -> Fact | None:
        """`binding` extended by `fact` (already matched on the key), or None."""
        if len(fact) != self.arity:
            return None
        for a, b in self.checks:
            if fact[a] != fact[b]:
                return None
        return binding + self.take(fact)


class Plan:
    """A rule compiled for one join order: `first` (the delta atom, or None) then the rest."""

    def __init__(self, rule: Rule, first: int | None):
        self.rule = rule
        self.first = first
        order = [i for i in range(len(rule.body)) if i != first]
        if first is not None:
            order.insert(0, first)
        slots: dict[str, int] = {}
        self.steps = [_Step(rule.body[i], slots) for i in order]
        self.head: tuple[_Arg, ...] = tuple(
            ("var", slots[a]) if _is_var(a) else ("const", _const(a)) for a in rule.head.args)


def _values(args: tuple[_Arg, ...], binding: Fact) -> Fact:
    return tuple(binding[v] if kind == "var" else v for kind, v in args)  # type: ignore[call-overload]  # a var's value is its slot


class Evaluation:
    """The least model of `rules` over `facts`, with the round each derived fact appeared in."""

    def __init__(self, rules: Iterable[Rule], facts: Relations):
        self.rules = tuple(rules)
        self.derived = {r.head.predicate for r in self.rules}
        # the given facts of a relation no rule derives are read, never added to: not copied
        self.relations: Relations = {name: set(rows) if name in self.derived else rows for name, rows in facts.items()}
        self.round: dict[str, dict[Fact, int]] = defaultdict(dict)
        self._indexes: dict[str, dict[tuple[int, ...], tuple[Key, dict[Fact, list[Fact]]]]] = defaultdict(dict)
        self._run()

    # -- evaluation -----------------------------------------------------------------------
    def _run(self) -> None:
        delta: Relations = defaultdict(set)
        for rule in self.rules:  # round 0: the rules that read only the given facts
            if not any(atom.predicate in self.derived for atom in rule.body):
                for fact in self._join(Plan(rule, None), None):
                    self._derive(rule.head.predicate, fact, 0, delta)
        plans = [Plan(rule, i) for rule in self.rules for i, atom in enumerate(rule.body)
                 if atom.predicate in self.derived]
        n = 0
        while any(delta.values()):
            n += 1
            new: Relations = defaultdict(set)
            for plan in plans:
                rows = delta.get(plan.steps[0].predicate)
                if rows:
                    for fact in self._join(plan, rows):
                        self._derive(plan.rule.head.predicate, fact, n, new)
            delta = new

    def _derive(self, predicate: str, fact: Fact, n: int, delta: Relations) -> None:
        table = self.relations.setdefault(predicate, set())
        if fact in table:
            return
        table.add(fact)
        self.round[predicate][fact] = n
        delta[predicate].add(fact)
        for key, index in self._indexes.get(predicate, {}).values():
            index.setdefault(key(fact), []).append(fact)

    def _join(self, plan: Plan, first_rows: Iterable[Fact] | None) -> list[Fact]:
        """Head facts of the plan's rule; with `first_rows`, its first atom ranges over them."""
        steps = plan.steps
        bindings: list[Fact] = [()]
        if first_rows is not None:
            step = steps[0]
            bindings = [b for row in first_rows if self._matches(step, row)
                        and (b := step.extend((), row)) is not None]
            steps = steps[1:]
        for step in steps:
            out: list[Fact] = []
            if step.key_positions:
                index = self._index(step)
                key = step.binding_key
                for binding in bindings:
                    for row in index.get(key(binding) if key is not None else _values(step.key, binding), ()):
                        extended = step.extend(binding, row)
                        if extended is not None:
                            out.append(extended)
            else:
                rows = self.relations.get(step.predicate, ())
                for binding in bindings:
                    for row in rows:
                        extended = step.extend(binding, row)
                        if extended is not None:
                            out.append(extended)
            bindings = out
            if not bindings:
                return []
        head = plan.head
        return [_values(head, b) for b in bindings]

    @staticmethod
    def _matches(step: _Step, row: Fact) -> bool:
        """A delta fact against the first atom's constants (its only key with nothing bound)."""
        return all(row[i] == v for i, (_, v) in zip(step.key_positions, step.key))

    def _index(self, step: _Step) -> dict[Fact, list[Fact]]:
        """The facts of the step's predicate by their values at its key's positions."""
        indexes = self._indexes[step.predicate]
        found = indexes.get(step.key_positions)
        if found is None:
            key = step.fact_key
            index: dict[Fact, list[Fact]] = {}
            for fact in self.relations.get(step.predicate, ()):
                index.setdefault(key(fact), []).append(fact)
            found = indexes[step.key_positions] = (key, index)
        return found[1]
