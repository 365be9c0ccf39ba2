"""A fast path of the type reader for the commonest shapes of goal type: paths with generic
arguments (`std::sync::Arc<std::sync::Mutex<i32>>`, `Iter<'static, u8>`; arguments lifetimes,
integers or types), references, raw pointers, arrays, slices, tuples and plain `fn` pointers,
nested in each other, with subtrees read before taken from the memo (`Known`).

It reads exactly what tree-sitter-rust and `TypeReader.read` would (the same term, parameters
met, lifetimes written, and memo entries), without parsing: the text is split at its
top-level commas, and the path resolved by the reader's own `named`. Anything else (spaces in
a path, a keyword, a comment, a char or string, a turbofish, a trailing comma, a type
argument that is new and of another shape) and any error fall back to the tree-sitter reading,
so errors, with their carets, are its. tests/test_quick_reader.py checks the two readings
agree over the corpora.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..core import types as T
from ..core.errors import ParseError, Snippet
from ..core.lifetimes import Written, written
from .reader import KNOWN_SIZE, Known, Scope, TypeReader
from .tree import RESERVED_WORDS

ENABLED = True  # tests turn it off to compare with the tree-sitter reading

_NAME = re.compile(r"([A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)*)(<?)")  # a path, `<` if generic
_DIGITS = frozenset("0123456789")
_TOKEN = re.compile(r"->|[<>()\[\],;]")  # brackets and commas (`->` is neither)
_OTHER = re.compile(r"[^ -~]|[\"#/\\{}]")  # what sends the text back: controls, strings, comments, blocks
_LIFETIME = re.compile(r"'[A-Za-z_][A-Za-z0-9_]*")
_BAD_QUOTE = re.compile(r"'(?![A-Za-z_])|'[A-Za-z_][A-Za-z0-9_]*'")  # a char literal, not a lifetime
_INTEGER = re.compile(r"[0-9]+")
# words a path of the fast path may not contain (tree-sitter reads them otherwise, or not at all):
# Rust's keywords, the weak `union` and `macro_rules` (`_` is an error of `named`'s, read again)
_KEYWORDS = (RESERVED_WORDS - {"_"}) | {"union", "macro_rules"}
_PRIMITIVES = T.PRIMITIVES - {"f16", "f128", "!"}  # tree-sitter-rust's `primitive_type`s
_DEPTH = 40  # levels of nesting read here
_OPEN, _CLOSE = frozenset("<(["), frozenset(">)]")


class _Bail(Exception):
    """The text is not of the fast path's shape: read it with tree-sitter."""


class _Spot:
    """Where a piece of the text is, as the reader's error messages read a node (byte offsets)."""

    __slots__ = ("end_byte", "id", "start_byte")

    def __init__(self, start: int, end: int):
        self.start_byte, self.end_byte = start, end
        self.id = id(self)


def quick_read(text: str, scope: Scope, snippet: Snippet, params: frozenset[str], check_wf: bool,
               implicit_params: bool, param_traits: Mapping[str, Sequence[str]] | None,
               known: Known | None) -> tuple[T.Ty, TypeReader] | None:
    """The term of `text` and a reader whose `found` and `written` are the tree-sitter
    reading's, or None when the text is not of this path's shape or does not read."""
    if not ENABLED or known is None or text != text.strip(" ") or "Self" in text or _OTHER.search(text):
        return None
    reader = TypeReader(scope, text.encode(), snippet, 0, params, check_wf, implicit_params, param_traits)
    spots: list[_Spot] = []  # kept alive while reading: the reader tells nodes apart by id
    try:
        ty, written_here = _read(reader, text, 0, len(text), known, spots)
    except (_Bail, ParseError):
        return None
    reader.written = written_here
    return ty, reader


def _read(reader: TypeReader, text: str, start: int, end: int, known: Known,
          spots: list[_Spot], depth: int = 0) -> tuple[T.Ty, Written | None]:
    """The term of `text[start:end]` (a type, no spaces around it), read as `TypeReader.read`
    reads its node: from `known` if read before, else built from its parts."""
    key = text[start:end].encode()
    shared = len(key) <= KNOWN_SIZE
    if shared:
        seen = known.get(key)
        if seen is not None:
            for name in seen[1]:
                reader._meet(name)
            return seen[0], seen[2]
    if depth > _DEPTH:
        raise _Bail  # deep types: the reader's walk is iterative, this one is not
    begun = len(reader._met)
    first = text[start]
    if first == "&":
        ty, here = _reference(reader, text, start, end, known, spots, depth)
    elif first == "*":
        ty, here = _pointer(reader, text, start, end, known, spots, depth)
    elif first == "[":
        ty, here = _array(reader, text, start, end, known, spots, depth)
    elif first == "(":
        ty, here = _tuple(reader, text, start, end, known, spots, depth)
    elif text.startswith("fn(", start):
        ty, here = _fn(reader, text, start, end, known, spots, depth)
    elif first == "!" and end == start + 1:
        ty, here = T.prim("!"), None
    else:
        ty, here = _path(reader, text, start, end, known, spots, depth)
    if shared:
        known[key] = (ty, tuple(reader._met[begun:]), here)
    return ty, here


def _spot(spots: list[_Spot], start: int, end: int) -> Any:
    spot = _Spot(start, end)
    spots.append(spot)
    return spot


def _path(reader: TypeReader, text: str, start: int, end: int, known: Known,
          spots: list[_Spot], depth: int) -> tuple[T.Ty, Written | None]:
    """`Name`, `a::b::Name`, `i32`, or any of them with generic arguments."""
    head = _NAME.match(text, start, end)
    if head is None:
        raise _Bail
    generic = head.end(2) > head.start(2)
    if head.end() != end if not generic else text[end - 1] != ">":
        raise _Bail
    segments = head.group(1).split("::")
    if len(segments) == 1 and segments[0] in T.PRIMITIVES:
        if generic or segments[0] not in _PRIMITIVES:
            raise _Bail  # `f16` is a name to tree-sitter; `i32<u8>` is its to reject
        return T.prim(segments[0]), None
    if not _KEYWORDS.isdisjoint(segments):
        raise _Bail
    # (one spot for the node, its path and its arguments: they are told apart only in errors,
    # and an error is read again by tree-sitter)
    node = _Spot(start, end)
    spots.append(node)
    if not generic:
        return reader.named(node, node, segments, []), None  # type: ignore[arg-type]
    lifetimes: list[str] = []
    args: list[Any] = []
    below: list[Written | None] = []
    for a, b in reversed(_arguments(text, head.end(), end - 1)):  # the reader visits the last one first
        first = text[a]
        if first == "'":
            if _LIFETIME.fullmatch(text, a, b) is None:
                raise _Bail
            lifetimes.append(text[a:b])
        elif first in _DIGITS and _INTEGER.fullmatch(text, a, b) is not None:
            args.append((node, T.const(text[a:b])))
            below.append(None)
        else:
            ty, here = _read(reader, text, a, b, known, spots, depth + 1)
            args.append((node, ty))
            below.append(here)
    args.reverse()
    ty = reader.named(node, node, segments, args)  # type: ignore[arg-type]
    if node.id in reader._aliases or (not lifetimes and below.count(None) == len(below)):
        return ty, None
    return ty, written(tuple(reversed(lifetimes)), tuple(reversed(below)))


def _reference(reader: TypeReader, text: str, start: int, end: int, known: Known,
               spots: list[_Spot], depth: int) -> tuple[T.Ty, Written | None]:
    """`&T`, `&'a T`, `&mut T`, `&'a mut T`."""
    if text.startswith("&&", start):
        raise _Bail  # one token to tree-sitter
    at = _skip(text, start + 1, end)
    here: tuple[str, ...] = ()
    lifetime = _LIFETIME.match(text, at, end)
    if lifetime is not None:
        here = (lifetime.group(),)
        if lifetime.end() >= end or text[lifetime.end()] != " ":
            raise _Bail
        at = _skip(text, lifetime.end(), end)
    mutable = text.startswith("mut", at)
    if mutable:
        if not text.startswith("mut ", at):
            raise _Bail  # `&mutX`: tree-sitter's to read
        at = _skip(text, at + 4, end)
    if at >= end or text[at] == "'" or "+" in text[at:end]:
        raise _Bail  # `&dyn A + B` is `(&dyn A) + B` to tree-sitter
    inner, below = _read(reader, text, at, end, known, spots, depth + 1)
    return T.ref(inner, mutable), written(here, (below,))


def _pointer(reader: TypeReader, text: str, start: int, end: int, known: Known,
             spots: list[_Spot], depth: int) -> tuple[T.Ty, Written | None]:
    """`*const T`, `*mut T`."""
    for word, mutable in (("*const ", False), ("*mut ", True)):
        if text.startswith(word, start):
            at = _skip(text, start + len(word), end)
            if at >= end or text[at] == "'" or "+" in text[at:end]:
                raise _Bail
            inner, below = _read(reader, text, at, end, known, spots, depth + 1)
            return T.ptr(inner, mutable), written((), (below,))
    raise _Bail


def _array(reader: TypeReader, text: str, start: int, end: int, known: Known,
           spots: list[_Spot], depth: int) -> tuple[T.Ty, Written | None]:
    """`[T; 3]` and `[T]`."""
    if text[end - 1] != "]":
        raise _Bail
    pieces = _arguments(text, start + 1, end - 1, ";")
    if len(pieces) > 2 or (len(pieces) == 2 and not _INTEGER.fullmatch(text, *pieces[1])):
        raise _Bail
    a, b = pieces[0]
    elem, below = _read(reader, text, a, b, known, spots, depth + 1)
    reader._need_sized(elem, _spot(spots, a, b), "array and slice elements")
    ty = T.slice_(elem) if len(pieces) == 1 else T.array(elem, T.const(text[pieces[1][0]:pieces[1][1]]))
    return ty, written((), (below, None))


def _tuple(reader: TypeReader, text: str, start: int, end: int, known: Known,
           spots: list[_Spot], depth: int) -> tuple[T.Ty, Written | None]:
    """`()`, `(A, B)`, and `(A)` (a parenthesized type)."""
    if text[end - 1] != ")":
        raise _Bail
    if end == start + 2:
        return T.UNIT, None
    pieces = _arguments(text, start + 1, end - 1)
    read = [_read(reader, text, a, b, known, spots, depth + 1) for a, b in reversed(pieces)][::-1]
    if len(read) == 1:
        return read[0]
    for (a, b), (elem, _) in zip(pieces[:-1], read[:-1]):
        reader._need_sized(elem, _spot(spots, a, b), "tuple elements before the last")
    return T.tuple_([e for e, _ in read]), written((), tuple(w for _, w in read))


def _fn(reader: TypeReader, text: str, start: int, end: int, known: Known,
        spots: list[_Spot], depth: int) -> tuple[T.Ty, Written | None]:
    """`fn(A, B)` and `fn(A) -> R` (no qualifiers, no binder, no parameter names)."""
    level, close = 0, -1
    for m in _TOKEN.finditer(text, start + 2, end):
        token = m.group()
        level += 1 if token in _OPEN else -1 if token in _CLOSE else 0
        if level == 0:
            close = m.start()
            break
    if close < 0 or text[close] != ")":
        raise _Bail
    pieces = _arguments(text, start + 3, close) if close > start + 3 else []
    at = _skip(text, close + 1, end)
    if at < end:
        if not text.startswith("->", at):
            raise _Bail
        at = _skip(text, at + 2, end)
        if at >= end or "+" in text[at:end]:
            raise _Bail
        pieces.append((at, end))
    read = [_read(reader, text, a, b, known, spots, depth + 1) for a, b in reversed(pieces)][::-1]
    has_ret = len(pieces) > 0 and pieces[-1] == (at, end)
    params = [t for t, _ in (read[:-1] if has_ret else read)]
    return T.fn_ptr(params, read[-1][0] if has_ret else None, ""), written((), tuple(w for _, w in read))


def _skip(text: str, at: int, end: int) -> int:
    while at < end and text[at] == " ":
        at += 1
    return at


def _arguments(text: str, start: int, end: int, comma: str = ",") -> list[tuple[int, int]]:
    """Where each top-level piece of `text[start:end]` (inside `<...>`; `[...]` with `comma`
    `;`) is, spaces trimmed."""
    if text.find("'", start, end) >= 0 and _BAD_QUOTE.search(text, start, end):
        raise _Bail
    out = []
    depth = 0
    begin = start
    for m in _TOKEN.finditer(text, start, end):
        token = m.group()
        if token in _OPEN:
            depth += 1
        elif token in _CLOSE:
            depth -= 1
            if depth < 0:
                raise _Bail
        elif depth == 0 and token in ",;":
            if token != comma:
                raise _Bail
            out.append(_trimmed(text, begin, m.start()))
            begin = m.end()
    if depth != 0:
        raise _Bail
    out.append(_trimmed(text, begin, end))
    return out


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    if start == end:  # `A<>`, `A<B,>`: tree-sitter's to read
        raise _Bail
    return start, end
