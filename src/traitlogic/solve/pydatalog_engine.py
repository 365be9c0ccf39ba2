"""The pyDatalog engine: `rules/program.dl` run by pyDatalog over a program's facts.

The only module that imports pyDatalog. Each run happens in a fresh pyDatalog logic (its state
is global per thread), so two knowledge bases in one process never see each other's facts.
Facts are asserted through pyDatalog's engine with plain integers; no KB or user text ever
reaches pyDatalog's code strings. pyDatalog gives no derivation depths, so a solution built
from it takes the heights of its failing goals from the semi-naive rounds over the same facts
(`solve.solve` checks that both engines find the same failing goals).
"""
from __future__ import annotations

import threading
from typing import Any

from .program import Atom, Rule
from .seminaive import Relations

_LOCK = threading.Lock()


def evaluate(rules: tuple[Rule, ...], facts: Relations, derived: tuple[str, ...]) -> Relations:
    """The `derived` relations of the least model, computed by pyDatalog."""
    from pyDatalog import pyDatalog, pyParser  # only when this engine is chosen (start-up time)

    with _LOCK:
        pyDatalog.Logic()  # a fresh, empty logic for this thread
        _compile(rules, pyParser)
        for predicate, rows in facts.items():
            for row in rows:
                _assert_fact(predicate, *row)
            # Predicates with no facts are undefined in pyDatalog: give each a harmless fact.
            _assert_fact(predicate, *([-1 - len(rows)] * _arity(rules, predicate)))
        out = {name: _ask(pyParser, name, _arity(rules, name)) for name in derived}
        pyDatalog.Logic()  # leave nothing behind
    return out


def _compile(rules: tuple[Rule, ...], parser: Any) -> None:
    """Add the rules to the current thread's pyDatalog logic, built from terms (no code strings)."""
    def literal(atom: Atom) -> Any:
        args = [parser.Term(a) if a[:1].isupper() else (int(a) if a.isdigit() else a) for a in atom.args]
        return parser.Term(atom.predicate)(*args)

    for r in rules:
        body = literal(r.body[0])
        for atom in r.body[1:]:
            body = body & literal(atom)
        literal(r.head) <= body  # noqa: B015 -- pyDatalog's rule definition, not a comparison


def _arity(rules: tuple[Rule, ...], predicate: str) -> int:
    for rule in rules:
        for atom in (rule.head, *rule.body):
            if atom.predicate == predicate:
                return len(atom.args)
    raise AssertionError(f"`{predicate}` is not used by the program")


def _assert_fact(predicate: str, *args: object) -> None:
    """pyDatalog's own fact assertion, minus its parser (6x faster than `pyDatalog.assert_fact`)."""
    from pyDatalog import pyEngine  # imported with pyDatalog above

    pyEngine.assert_(pyEngine.Clause(pyEngine.Literal(predicate, [pyEngine.Const(a) for a in args]), []))


def _ask(parser: Any, predicate: str, arity: int) -> set[tuple[object, ...]]:
    answer = parser.Term(predicate)(*(parser.Term(f"X{i}") for i in range(arity))).ask()
    return {tuple(row) for row in answer} if answer else set()
