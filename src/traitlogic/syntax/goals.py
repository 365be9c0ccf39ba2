"""Read a type (`Arc<Mutex<i32>>`) and split a goal (`Send(T)`, `T: Send`, `for<C> Send(Pool<C>)`,
`Send(Arc<T>) where T: Send + Sync`) into its parts."""
from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Iterator
from typing import Any

from ..core import types as T
from ..core.errors import ParseError, Snippet
from ..core.record import Frozen, Record
from .quick import quick_read
from .reader import Known, Scope, TypeReader
from .tree import child_field, erase_turbofish, parse_item

_TYPE_PREFIX = "type __G = "


def read_type(text: str, scope: Scope, snippet: Snippet | None = None,
              params: frozenset[str] = frozenset(), check_wf: bool = True) -> T.Ty:
    """Parse and resolve one Rust type (`Arc<Mutex<i32>>`)."""
    return type_reader(text, scope, snippet, params, check_wf)[0]


def type_reader(text: str, scope: Scope, snippet: Snippet | None = None, params: frozenset[str] = frozenset(),
                check_wf: bool = True, implicit_params: bool = False,
                param_traits: dict[str, list[str]] | None = None) -> tuple[T.Ty, TypeReader]:
    """Read one type, and the reader that did (its `found` lists the parameters it met)."""
    snippet = snippet or Snippet(text)
    if not text.strip():
        raise ParseError("expected a type, found nothing", snippet, 0, 1)
    settings = (params, check_wf, implicit_params,
                tuple(sorted((p, tuple(ts)) for p, ts in param_traits.items())) if param_traits else ())
    known = _known(scope, settings)
    quick = quick_read(text, scope, snippet, params, check_wf, implicit_params, param_traits, known)
    if quick is not None:  # most goals' types: read without parsing, exactly as below
        return quick
    item, data = parse_item(erase_turbofish(text), snippet, _TYPE_PREFIX, ";")
    node = item.child_by_field_name("type")
    if item.type != "type_item" or node is None:
        raise ParseError("expected a type", snippet, 0, len(text))
    reader = TypeReader(scope, data, snippet, len(_TYPE_PREFIX), params, check_wf, implicit_params, param_traits)
    return reader.read(node, known), reader


# scope id -> (the scope, {reader settings: known subtrees}): goals of a batch share most of their
# subtrees, read once per scope and settings (a scope is not changed once goals are read in it)
_Settings = tuple[frozenset[str], bool, bool, tuple[tuple[str, tuple[str, ...]], ...]]
_KNOWN: dict[int, tuple[weakref.ref[Any], dict[_Settings, Known]]] = {}
_KNOWN_LIMIT = 200_000  # subtrees remembered per scope: past it, start afresh (memory stays bounded)


def _known(scope: Scope, settings: _Settings) -> Known | None:
    """What readers with these settings read in `scope` so far (see `TypeReader.read`)."""
    entry = _KNOWN.get(id(scope))
    if entry is None or entry[0]() is not scope:
        try:
            entry = _KNOWN[id(scope)] = (weakref.ref(scope), {})
        except TypeError:  # a scope without weak references: nothing shared
            return None
        for key in [k for k, (ref, _) in _KNOWN.items() if ref() is None]:
            del _KNOWN[key]
    known = entry[1].get(settings)
    if known is None:
        known = entry[1][settings] = {}
    elif len(known) > _KNOWN_LIMIT:
        known.clear()
    return known


class GoalText(Frozen):
    """A goal split into its parts, with their offsets in the text: the trait, the type, the
    parameters a `for<T, Conn>` prefix declares, and the predicates of a `where` suffix."""

    __slots__ = ("declared", "trait", "trait_start", "type_start", "type_text", "where_start", "where_text")

    def __init__(self, trait: str, trait_start: int, type_text: str, type_start: int,
                 declared: tuple[tuple[str, int], ...] = (), where_text: str = "", where_start: int = -1):
        self.trait = trait
        self.trait_start = trait_start
        self.type_text = type_text
        self.type_start = type_start
        self.declared = declared  # `for<Conn>`: each name and its offset
        self.where_text = where_text  # `T: Send + Sync, T::Item: Send` (after the `where` keyword)
        self.where_start = where_start


# A goal's own syntax around its types: a `for<T, U>` prefix, `Trait(Type)` or `Type: Traits`,
# a `where` suffix. tree-sitter-rust has no item a goal fits into as written (`T: Send where
# T: Sync` would be two where clauses, `for<C> Send(Pool<C>)` is no type), so one walk over the
# goal's tokens finds these landmarks; the types and bounds between them are read by tree-sitter.
_PATH = r"(?:::)?[A-Za-z_][A-Za-z0-9_]*(?:\s*::\s*[A-Za-z_][A-Za-z0-9_]*)*"
_OPEN_CALL = re.compile(rf"\s*({_PATH})\s*\(")  # `Send(`
_FOR = re.compile(r"\s*for\s*<([^<>]*)>")  # `for<T, U>`
_NAME = re.compile(r"\s*('?[A-Za-z_][A-Za-z0-9_]*)\s*(?:,|$)")  # one name of it
_TOKEN = re.compile(r"->|::|[<(\[>)\]:]|\bwhere\b")  # `->` and `::` are no bracket, no colon
_OPENS = frozenset("<([")
_CLOSES = frozenset(">)]")


def _landmarks(text: str, start: int) -> tuple[int, int, int | None]:
    """At bracket depth 0 in `text[start:]`: where the first `where` keyword begins and where
    its predicates begin ((len, -1) if none), and the last `:` before it (None if none)."""
    depth = 0
    colon = None
    for m in _TOKEN.finditer(text, start):
        token = m.group()
        if token in _OPENS:
            depth += 1
        elif token in _CLOSES:
            depth -= 1
        elif depth == 0 and token == ":":
            colon = m.start()
        elif depth == 0 and token == "where":
            return m.start(), m.end(), colon
    return len(text), -1, colon


def _call(body: str) -> tuple[int, int, int, int] | None:
    """`Send(...)`: where the trait begins and ends, and its type, up to the last `)`."""
    opened = _OPEN_CALL.match(body)
    close = len(body.rstrip()) - 1
    if opened is None or close < opened.end() or body[close] != ")":
        return None
    return opened.start(1), opened.end(1), opened.end(), close


def split_goal(text: str) -> GoalText:
    """`Send(T)` or `T: Send`, optionally `for<T, U> ...` before and `... where T: Sync` after,
    -> its parts (raises ParseError otherwise)."""
    return _split(text, Snippet(text), type_only=False)


def split_type(text: str) -> GoalText:
    """A type to show, optionally generic: `for<C> Pool<C>`, `Arc<T> where T: Sync` (no trait)."""
    return _split(text, Snippet(text, "type"), type_only=True)


def _split(text: str, snippet: Snippet, type_only: bool) -> GoalText:
    declared, start = _declared(text, snippet)
    rest = text[start:]
    call = None
    if "where" not in rest and (type_only or (call := _call(rest))):  # most goals: nothing to look for
        end, where_start, colon = len(text), -1, None
    else:
        end, where_start, colon = _landmarks(text, start)
        call = None if type_only else _call(text[start:end])
    if type_only:
        parts = GoalText("", 0, text[start:end], start)
    else:
        parts = _split_plain(text, start, end, call, colon, snippet)
    where_text = text[where_start:] if where_start >= 0 else ""
    if where_start >= 0 and not where_text.strip():
        raise ParseError("expected bounds after `where`", snippet, end, len(text))
    return GoalText(parts.trait, parts.trait_start, parts.type_text, parts.type_start, declared,
                    where_text, where_start)


def _declared(text: str, snippet: Snippet) -> tuple[tuple[tuple[str, int], ...], int]:
    """The names a `for<T, U>` prefix declares, with their offsets, and where the rest begins."""
    prefix = _FOR.match(text)
    if prefix is None:
        return (), 0
    declared = []
    pos = prefix.start(1)
    while pos < prefix.end(1):
        m = _NAME.match(text, pos, prefix.end(1))
        if m is None:
            raise ParseError("expected parameter names: `for<T, U>`", snippet, pos, prefix.end(1))
        if not m.group(1).startswith("'"):
            declared.append((m.group(1), m.start(1)))
        pos = m.end()
    if not prefix.group(1).strip():
        raise ParseError("expected parameter names in `for<...>`", snippet, prefix.start(), prefix.end())
    return tuple(declared), prefix.end()


def _split_plain(text: str, start: int, end: int, call: tuple[int, int, int, int] | None, colon: int | None,
                 snippet: Snippet) -> GoalText:
    """`Send(T)` (`call`, see `_call`) or `T: Send` in `text[start:end]`, its last top-level `:` at `colon`."""
    body = text[start:end]
    if call is not None:
        trait_start, trait_end, type_start, type_end = call
        return GoalText(body[trait_start:trait_end], start + trait_start, body[type_start:type_end], start + type_start)
    if _OPEN_CALL.match(body) and colon is None:
        stop = start + len(body.rstrip())
        raise ParseError("unclosed goal: expected `)` at the end", snippet, stop, stop + 1)
    if colon is None:
        raise ParseError("expected a goal like `Send(T)` or `T: Send`", snippet, start, max(end, start + 1))
    trait = text[colon + 1:end]
    stripped = trait.strip()
    if not stripped:
        raise ParseError("expected a trait after `:`", snippet, colon, colon + 1)
    return GoalText(stripped, colon + 1 + trait.index(stripped), text[start:colon], start)


def goal_traits(parts: GoalText, snippet: Snippet) -> Iterable[tuple[str, int]]:
    """The traits of a goal (`Send + Sync`), each with its offset, in order; an empty one is an
    error when it is reached."""
    if "+" not in parts.trait:  # most goals: one trait, which the split found not empty
        return ((parts.trait, parts.trait_start),)
    return _traits(parts, snippet)


def _traits(parts: GoalText, snippet: Snippet) -> Iterator[tuple[str, int]]:
    offset = parts.trait_start
    for piece in parts.trait.split("+"):
        name = piece.strip()
        start = offset + len(piece) - len(piece.lstrip())
        offset += len(piece) + 1
        if not name:
            raise ParseError("expected a trait", snippet, start, start + 1)
        yield name, start


class WhereClause(Record):
    """A goal's `where` predicates, read: the bounds assumed and the parameters said `?Sized`."""

    __slots__ = ("bounds", "unsized")

    def __init__(self, bounds: list[tuple[T.Ty, str, int, int]], unsized: set[str]):
        self.bounds = bounds  # (type, trait path, start, end) — offsets in the goal
        self.unsized = unsized


def read_where(parts: GoalText, snippet: Snippet, scope: Scope, params: frozenset[str],
               param_traits: dict[str, list[str]] | None = None, plain_only: bool = False) -> WhereClause:
    """Read the `where` predicates of a goal: with `plain_only`, just those whose left side is a
    plain name (`T: Iterator`, read first so that `T::Item` can be resolved through them), else
    the others. A name written like a type parameter that resolves to nothing is one."""
    out = WhereClause([], set())
    if parts.where_start < 0:
        return out
    prefix = "fn __g() where "
    try:
        item, data = parse_item(parts.where_text, snippet, prefix, " {}")
    except ParseError as exc:
        raise exc.moved(snippet, parts.where_start) from None
    shift = len(prefix) - parts.where_start
    reader = TypeReader(scope, data, snippet, shift, params, implicit_params=True, param_traits=param_traits)
    clause = next((c for c in item.named_children if c.type == "where_clause"), None)
    for pred in (clause.named_children if clause is not None else []):
        if pred.type != "where_predicate":
            continue
        left = pred.child_by_field_name("left")
        if left is None or left.type == "lifetime":
            continue
        if plain_only != (left.type == "type_identifier"):
            continue
        ty = reader.read(left)
        bounds = pred.child_by_field_name("bounds")
        for b in (bounds.named_children if bounds is not None else []):
            if b.type == "lifetime":
                continue
            if b.type == "removed_trait_bound":
                if ty.kind != "param":
                    raise reader.error("`?Sized` is for type parameters", b)
                out.unsized.add(ty.name)
                continue
            node = child_field(b, "type") if b.type == "higher_ranked_trait_bound" else b
            trait = reader._trait(node)
            out.bounds.append((ty, trait.path, *reader.span(b)))
    return out
