"""The solver's Datalog program: read from `rules/program.dl` and shape-checked (for both engines).

pyDatalog livelocks on some recursive shapes (right recursion over cycles of length >= 3, groups
of mutually recursive predicates). `check_shape` refuses any program outside the safe shape:
no mutual recursion, at most one recursive literal per rule, placed first, with distinct variables
only, sharing a variable with the head only where it is carried through at the same position
(`conditional(G, A) :- conditional(H, A), requires(G, H).`).
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from ..core.errors import TraitlogicError
from ..core.record import Frozen
from ..core.resources import data_dir


class Atom(Frozen):
    __slots__ = ("args", "predicate")

    def __init__(self, predicate: str, args: tuple[str, ...]):
        self.predicate = predicate
        self.args = args

    @property
    def variables(self) -> list[str]:
        return [a for a in self.args if a[:1].isupper()]


class Rule(Frozen):
    __slots__ = ("body", "head", "line", "name")

    def __init__(self, head: Atom, body: tuple[Atom, ...], line: int, name: str = ""):
        self.head = head
        self.body = body
        self.line = line
        self.name = name  # the `% [name]` comment above the rule: its entry in rules/rules.yaml

    def __str__(self) -> str:
        body = ", ".join(f"{a.predicate}({', '.join(a.args)})" for a in self.body)
        return f"{self.head.predicate}({', '.join(self.head.args)}) :- {body}."


class ProgramError(TraitlogicError):
    """The Datalog program is malformed or has a shape pyDatalog may hang on."""


_ATOM = re.compile(r"\s*([a-z_][a-z0-9_]*)\s*\(([^()]*)\)\s*")
_TAG = re.compile(r"\s*\[([a-z][a-z0-9-]*)\]")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$|^[0-9]+$")


def parse_program(text: str, origin: str = "program.dl") -> list[Rule]:
    rules = []
    statement, start, name = "", 0, ""
    for lineno, line in enumerate(text.splitlines(), 1):
        code, _, comment = line.partition("%")
        code = code.strip()
        tag = _TAG.match(comment)
        if tag and not code and not statement:
            name = tag.group(1)
        if not code:
            continue
        if not statement:
            start = lineno
        statement += " " + code
        if statement.rstrip().endswith("."):
            rule = _parse_rule(statement.strip()[:-1], origin, start)
            rules.append(Rule(rule.head, rule.body, rule.line, name))
            statement, name = "", ""
    if statement.strip():
        raise ProgramError(f"{origin}:{start}: rule does not end with `.`")
    return rules


def _parse_rule(text: str, origin: str, line: int) -> Rule:
    if ":-" not in text:
        raise ProgramError(f"{origin}:{line}: expected `head :- body.`")
    head_text, body_text = text.split(":-", 1)
    head = _parse_atoms(head_text, origin, line)
    body = _parse_atoms(body_text, origin, line)
    if len(head) != 1 or not body:
        raise ProgramError(f"{origin}:{line}: a rule has one head atom and a non-empty body")
    return Rule(head[0], tuple(body), line)


def _parse_atoms(text: str, origin: str, line: int) -> list[Atom]:
    atoms, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = _ATOM.match(text, pos)
        if not m:
            raise ProgramError(f"{origin}:{line}: cannot read `{text[pos:]}`")
        args = tuple(a.strip() for a in m.group(2).split(",")) if m.group(2).strip() else ()
        if not all(_NAME.match(a) for a in args):
            raise ProgramError(f"{origin}:{line}: arguments must be variables or constants")
        atoms.append(Atom(m.group(1), args))
        pos = m.end()
        if pos < len(text):
            if text[pos] != ",":
                raise ProgramError(f"{origin}:{line}: expected `,` between atoms")
            pos += 1
    return atoms


def check_shape(rules: list[Rule], origin: str = "program.dl") -> None:
    """Refuse programs pyDatalog could livelock on."""
    heads = {r.head.predicate for r in rules}
    depends: dict[str, set[str]] = {h: set() for h in heads}
    for r in rules:
        depends[r.head.predicate] |= {a.predicate for a in r.body if a.predicate in heads}
    for p in heads:  # mutual recursion: p reaches q and q reaches p, p != q
        for q in _reach(depends, p):
            if q != p and p in _reach(depends, q):
                raise ProgramError(f"{origin}: `{p}` and `{q}` are mutually recursive; pyDatalog may hang")
    for r in rules:
        recursive = [i for i, a in enumerate(r.body) if a.predicate == r.head.predicate]
        if not recursive:
            continue
        where = f"{origin}:{r.line}"
        if len(recursive) > 1:
            raise ProgramError(f"{where}: more than one recursive literal in `{r}`")
        if recursive[0] != 0:
            raise ProgramError(f"{where}: the recursive literal must come first in `{r}`")
        lit = r.body[0]
        if len(set(lit.args)) != len(lit.args) or len(lit.variables) != len(lit.args):
            raise ProgramError(f"{where}: the recursive literal's arguments must be distinct free variables in `{r}`")
        carried = {a for i, a in enumerate(lit.args) if i < len(r.head.args) and r.head.args[i] == a}
        if carried >= set(r.head.args):
            raise ProgramError(f"{where}: the recursive literal is the head itself: `{r}` derives nothing")
        if (set(lit.args) & set(r.head.args)) - carried:
            raise ProgramError(f"{where}: the recursive literal may share a variable with the head only at the "
                               f"same position (carried through) in `{r}`")


def _reach(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, stack = set(), [start]
    while stack:
        for nxt in graph.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


@cache
def solver_program(path: str | None = None) -> tuple[Rule, ...]:
    """The checked program from `rules/program.dl` (read once per process)."""
    file = Path(path) if path else data_dir("rules") / "program.dl"
    rules = parse_program(file.read_text(encoding="utf-8"), file.name)
    check_shape(rules, file.name)
    return tuple(rules)
