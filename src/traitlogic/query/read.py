"""A goal's text read into a query: its type, its parameters and their `where` bounds, its
projections normalized (each normalization kept for the proof), its written lifetimes.

A batch reads each type text once (`ReadMemo`): random goals ask several traits of one type.
"""
from __future__ import annotations

from functools import partial

from ..core import types as T
from ..core.errors import ParseError, Snippet
from ..core.goal import NO_ASSUMPTIONS, Assumptions, Goal
from ..core.lifetimes import Lifetimes, Written
from ..core.record import Frozen
from ..core.subst import substitute
from ..kb.declarations import Declarations
from ..lower import Normal, is_placeholder, proj_root
from ..syntax.goals import GoalText, WhereClause, read_where, type_reader
from ..syntax.scope import Scope


class Query(Frozen):
    """A goal as read, with what it may assume."""

    __slots__ = ("assumptions", "goal", "lifetimes", "normalized", "written")

    def __init__(self, goal: Goal, assumptions: Assumptions = NO_ASSUMPTIONS, written: T.Ty | None = None,
                 lifetimes: Lifetimes | None = None, normalized: Normal = ()):
        self.goal = goal
        self.assumptions = assumptions
        self.written = written  # the type before its projections were normalized (for well-formedness)
        self.lifetimes = lifetimes  # those the type was written with (display only)
        self.normalized = normalized  # those projections, each with its normal form (the proof shows them)


class ReadType(Frozen):
    """A goal's type and assumptions as read, for any trait: the same for every goal with the
    same type, `for<..>` names and `where` text (a batch reads each such text once)."""

    __slots__ = ("assumptions", "normalizations", "normalized", "ty", "written")

    def __init__(self, ty: T.Ty, normalized: T.Ty, assumptions: Assumptions, written: Written | None,
                 normalizations: Normal = ()):
        self.ty = ty  # as written (before its projections were normalized)
        self.normalized = normalized
        self.assumptions = assumptions
        self.written = written  # the lifetimes it was written with, if any
        self.normalizations = normalizations  # its projections, each with its normal form

    def query(self, trait: str) -> Query:
        """The goal `trait(type)`, with lifetimes of its own (a proof adds to them)."""
        ty, normalized = self.ty, self.normalized
        lifetimes = Lifetimes(normalized, self.written, ty) if self.written is not None else None
        return Query(Goal(trait, normalized), self.assumptions, ty if normalized is not ty else None, lifetimes,
                     self.normalizations)


class ReadMemo:
    """What goals read in one set of declarations and scopes: trait paths by name, and types by
    their text, `for<..>` names and `where` text (the same texts read the same; random goals
    ask several traits of one type). Errors are not kept: only they depend on where a part is."""

    LIMIT = 200_000  # entries of each: past it, start afresh (memory stays bounded)

    def __init__(self) -> None:
        self.traits: dict[str, str] = {}
        self.types: dict[tuple[str, tuple[str, ...], str], ReadType] = {}

    def found_trait(self, name: str, path: str) -> None:
        if len(self.traits) >= self.LIMIT:
            self.traits.clear()
        self.traits[name] = path

    def type_of(self, snippet: Snippet, parts: GoalText, names: Scope, decls: Declarations) -> ReadType:
        key = (parts.type_text, tuple(n for n, _ in parts.declared), parts.where_text)
        read = self.types.get(key)
        if read is None:
            read = read_type(snippet, parts, names, decls)
            if len(self.types) >= self.LIMIT:
                self.types.clear()
            self.types[key] = read
        return read


def read_query(snippet: Snippet, parts: GoalText, trait: str, names: Scope, decls: Declarations) -> Query:
    """The goal's type and assumptions, read from its parts (`trait` already resolved)."""
    return read_type(snippet, parts, names, decls).query(trait)


def read_type(snippet: Snippet, parts: GoalText, names: Scope, decls: Declarations) -> ReadType:
    """A goal's type and assumptions, read from its parts (whatever its trait); only an error
    depends on where the parts are in the goal."""
    text = snippet.text
    declared = frozenset(name for name, _ in parts.declared) if parts.declared else frozenset()
    plain = read_where(parts, snippet, names, declared, plain_only=True) if parts.where_start >= 0 else _NO_WHERE
    param_traits: dict[str, list[str]] = {}
    for bounded, path, _, _ in plain.bounds:
        if not decls.trait_by_path[path].is_auto and bounded.kind == "param":
            param_traits.setdefault(bounded.name, []).append(path)
    try:
        ty, reader = type_reader(parts.type_text, names, params=declared, implicit_params=True,
                                 param_traits=param_traits)
    except ParseError as exc:
        raise exc.moved(snippet, parts.type_start) from None
    if reader.found:  # in the order written; one only inside a trait object's bounds (text) goes last
        order = _first_use(ty)
        params = tuple(sorted(reader.found, key=lambda p: order.index(p) if p in order else len(order)))
    else:
        params = ()
    for name, offset in parts.declared:
        if name not in params:
            raise ParseError(f"`{name}` is declared but the goal's type does not use it", snippet,
                             offset, offset + len(name))
    rest = read_where(parts, snippet, names, frozenset(params), param_traits, plain_only=False) \
        if parts.where_start >= 0 else _NO_WHERE
    given: set[Goal] = set()
    for bounded, path, start, end in plain.bounds + rest.bounds:
        if not is_placeholder(bounded) or proj_root(bounded).name not in params:
            raise ParseError("a `where` bound must be about a parameter of the goal's type "
                             f"({', '.join(f'`{p}`' for p in params) or 'it has none'})", snippet, start, end)
        given.add(Goal(path, bounded))
    unknown = plain.unsized - set(params)
    if unknown:
        raise ParseError(f"`{min(unknown)}` is not a parameter of the goal's type", snippet,
                         parts.where_start, len(text))
    # `<str as ToOwned>::Owned` is `String` (a ground type has no projection to normalize)
    record: list[tuple[T.Ty, T.Ty]] = []
    normalized = ty if ty.is_ground else substitute(ty, {}, partial(decls.normalize, record=record))
    assumed = Assumptions(params, frozenset(plain.unsized), frozenset(given)) if params or plain.unsized or given \
        else NO_ASSUMPTIONS  # (one object: a batch groups its goals by them)
    return ReadType(ty, normalized, assumed, reader.written, tuple(record))


_NO_WHERE = WhereClause([], set())  # a goal without `where` (read_where's reading of it; never changed)


def _first_use(ty: T.Ty) -> list[str]:
    """The parameters of `ty` in the order they are written (left to right)."""
    out: list[str] = []
    stack = [ty]
    while stack:
        t = stack.pop()
        if t.kind == "param" and t.name not in out:
            out.append(t.name)
        stack.extend(reversed(t.args))
    return out
