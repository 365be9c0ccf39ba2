"""The macro_rules! matcher: a rule's pattern against an invocation's tokens, as rustc matches.

Takes a rule's left-hand side (token trees) and the input token trees; gives the bindings of the
metavariables (a fragment's tokens, or nested lists for repetitions). Like rustc's
`macro_parser.rs`, it advances a set of matcher positions token by token (no backtracking): a
fragment is read by its black-box parser only when exactly one position wants it and no position
wants a literal token ("local ambiguity" otherwise); two successful ends are an ambiguity too.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TypeAlias

from .fragments import FOLLOW, FRAGMENTS
from .tokens import MacroError, Tok


# Pattern elements: literal token, group, metavariable, repetition.
@dataclass(frozen=True)
class PTok:
    tok: Tok


@dataclass(frozen=True)
class PGroup:
    delim: str
    elems: tuple[Elem, ...]


@dataclass(frozen=True)
class PVar:
    name: str
    kind: str


@dataclass(frozen=True)
class PSeq:
    elems: tuple[Elem, ...]
    sep: Tok | None
    op: str


Elem: TypeAlias = "PTok | PGroup | PVar | PSeq"
Fragment = tuple[str, tuple[Tok, ...]]  # (fragment kind, its tokens)
Match: TypeAlias = "Fragment | list[Match]"


def parse_repetition(toks: tuple[Tok, ...], i: int, line: int) -> tuple[Tok | None, str, int]:
    """Separator and operator after `$( ... )` at `toks[i]`; gives (sep, op, next index)."""
    ops = ("*", "+", "?")
    if i < len(toks) and toks[i].kind == "punct" and toks[i].text in ops:
        return None, toks[i].text, i + 1
    if i + 1 < len(toks) and toks[i].kind != "group" and toks[i + 1].text in ops and toks[i + 1].kind == "punct":
        if toks[i + 1].text == "?":
            raise MacroError("the `?` macro repetition operator does not take a separator", line + toks[i].line)
        return toks[i], toks[i + 1].text, i + 2
    raise MacroError("expected one of: `*`, `+`, or `?` after a repetition", line)


def parse_pattern(toks: tuple[Tok, ...], line: int, seen: set[str] | None = None) -> tuple[Elem, ...]:
    """The pattern elements of a rule's left-hand side; errors for a malformed matcher."""
    seen = set() if seen is None else seen
    out: list[Elem] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        at = line + t.line
        if t.kind == "punct" and t.text == "$" and i + 1 < len(toks):
            nxt = toks[i + 1]
            if nxt.kind == "ident" and nxt.text != "crate":
                if not (i + 3 < len(toks) and toks[i + 2].text == ":" and toks[i + 3].kind == "ident"):
                    raise MacroError(f"missing fragment specifier for `${nxt.text}`", at)
                kind = toks[i + 3].text
                if kind not in FRAGMENTS:
                    raise MacroError(f"invalid fragment specifier `{kind}` for `${nxt.text}`", at)
                if nxt.text in seen:
                    raise MacroError(f"duplicate matcher binding `${nxt.text}`", at)
                seen.add(nxt.text)
                out.append(PVar(nxt.text, kind))
                i += 4
                continue
            if nxt.kind == "group" and nxt.text == "(":
                sep, op, i = parse_repetition(toks, i + 2, at)
                inner = parse_pattern(nxt.children, line, seen)
                if _matches_empty(inner):
                    raise MacroError("repetition matches empty token tree", at)
                out.append(PSeq(inner, sep, op))
                continue
        if t.kind == "group":
            out.append(PGroup(t.text, parse_pattern(t.children, line, seen)))
        else:
            out.append(PTok(t))
        i += 1
    _check_follow(out, line)
    return tuple(out)


def _matches_empty(elems: tuple[Elem, ...]) -> bool:
    return all(isinstance(e, PSeq) and (e.op != "+" or _matches_empty(e.elems)) for e in elems)


def _check_follow(elems: list[Elem], line: int) -> None:
    """rustc's FOLLOW-set rule, for a fragment directly followed by a literal token or group."""
    for e, nxt in itertools.pairwise(elems):
        if isinstance(e, PVar) and e.kind in FOLLOW and isinstance(nxt, (PTok, PGroup)):
            text = nxt.tok.text if isinstance(nxt, PTok) else nxt.delim
            if text not in FOLLOW[e.kind] or (isinstance(nxt, PGroup) and e.kind not in ("ty", "path")):
                raise MacroError(f"`${e.name}:{e.kind}` is followed by `{text}`, which is not allowed for "
                                 f"`{e.kind}` fragments", line)
    for e in elems:
        if isinstance(e, PSeq) and e.sep is not None and e.elems and isinstance(e.elems[-1], PVar):
            last = e.elems[-1]
            if last.kind in FOLLOW and e.sep.text not in FOLLOW[last.kind]:
                raise MacroError(f"`${last.name}:{last.kind}` is followed by `{e.sep.text}`, which is not "
                                 f"allowed for `{last.kind}` fragments", line)
