"""Read a type (`Arc<Mutex<i32>>`) and split a goal (`Send(T)`, `T: Send`) into its parts."""
from __future__ import annotations

import re
import weakref
from typing import Any

from ..core import types as T
from ..core.errors import ParseError, Snippet
from ..core.record import Frozen
from .reader import Scope, TypeReader
from .tree import parse_item

_TYPE_PREFIX = "type __G = "


def read_type(text: str, scope: Scope, snippet: Snippet | None = None,
              params: frozenset[str] = frozenset(), check_wf: bool = True) -> T.Ty:
    """Parse and resolve one Rust type (`Arc<Mutex<i32>>`)."""
    snippet = snippet or Snippet(text)
    if not text.strip():
        raise ParseError("expected a type, found nothing", snippet, 0, 1)
    item, data = parse_item(text, snippet, _TYPE_PREFIX, ";")
    node = item.child_by_field_name("type")
    if item.type != "type_item" or node is None:
        raise ParseError("expected a type", snippet, 0, len(text))
    return TypeReader(scope, data, snippet, len(_TYPE_PREFIX), params, check_wf).read(node, _known(scope, params, check_wf))


# scope id -> (the scope, {(params, check_wf): {subtree text: term}}): goals of a batch share most
# of their subtrees, read once per scope (a scope is not changed once goals are read in it)
_KNOWN: dict[int, tuple[weakref.ref[Any], dict[tuple[frozenset[str], bool], dict[bytes, T.Ty]]]] = {}
_KNOWN_LIMIT = 200_000  # subtrees remembered per scope: past it, start afresh (memory stays bounded)


def _known(scope: Scope, params: frozenset[str], check_wf: bool) -> dict[bytes, T.Ty] | None:
    entry = _KNOWN.get(id(scope))
    if entry is None or entry[0]() is not scope:
        try:
            entry = _KNOWN[id(scope)] = (weakref.ref(scope), {})
        except TypeError:  # a scope without weak references: nothing shared
            return None
        for key in [k for k, (ref, _) in _KNOWN.items() if ref() is None]:
            del _KNOWN[key]
    known = entry[1].setdefault((params, check_wf), {})
    if len(known) > _KNOWN_LIMIT:
        known.clear()
    return known


class GoalText(Frozen):
    """A goal split into its trait part and type part, with their offsets in the text."""

    __slots__ = ("trait", "trait_start", "type_start", "type_text")

    def __init__(self, trait: str, trait_start: int, type_text: str, type_start: int):
        self.trait = trait
        self.trait_start = trait_start
        self.type_text = type_text
        self.type_start = type_start


_CALL = re.compile(r"^\s*((?:::)?[A-Za-z_][A-Za-z0-9_]*(?:\s*::\s*[A-Za-z_][A-Za-z0-9_]*)*)\s*\((.*)\)\s*$", re.DOTALL)


_OPEN_CALL = re.compile(r"^\s*(?:::)?[A-Za-z_][A-Za-z0-9_]*(?:\s*::\s*[A-Za-z_][A-Za-z0-9_]*)*\s*\(")


def split_goal(text: str) -> GoalText:
    """`Send(T)` or `T: Send` -> trait and type texts (raises ParseError otherwise)."""
    snippet = Snippet(text)
    m = _CALL.match(text)
    if m:
        return GoalText(m.group(1), m.start(1), m.group(2), m.start(2))
    opened = _OPEN_CALL.match(text)
    if opened and _top_level_colon(text) is None:
        end = len(text.rstrip())
        raise ParseError("unclosed goal: expected `)` at the end", snippet, end, end + 1)
    colon = _top_level_colon(text)
    if colon is None:
        raise ParseError("expected a goal like `Send(T)` or `T: Send`", snippet, 0, max(len(text), 1))
    trait = text[colon + 1:]
    stripped = trait.strip()
    if not stripped:
        raise ParseError("expected a trait after `:`", snippet, colon, colon + 1)
    return GoalText(stripped, colon + 1 + trait.index(stripped), text[:colon], 0)


def _top_level_colon(text: str) -> int | None:
    depth = 0
    found = None
    i = 0
    while i < len(text):
        c = text[i]
        if c in "<([":
            depth += 1
        elif c in ">)]":
            if not (c == ">" and i > 0 and text[i - 1] == "-"):
                depth -= 1
        elif c == ":" and depth == 0:
            if text[i:i + 2] == "::":
                i += 2
                continue
            found = i
        i += 1
    return found
