"""Matcher positions over a flat token stream (rustc's `macro_parser.rs`, linearised matcher).

Takes pattern elements and input token trees; gives the bindings, `None` when the rule does not
match (with the failing token), or raises `MacroError` on a local ambiguity.
"""
from __future__ import annotations

from dataclasses import dataclass

from .fragments import FOLLOW, Flat, may_begin, parses_as, tree_end, vis_end
from .matcher import Elem, Fragment, Match, PGroup, PTok, PVar
from .tokens import CLOSE, MacroError, Tok, render

MAX_POSITIONS = 20000


@dataclass(frozen=True)
class Loc:
    """One matcher location: tok / seq / sep / after_sep / kleene / var / eof."""

    what: str
    flat: Flat = ("", "")
    op: str = ""
    first: int = 0  # seq: index after the sequence; kleene/after_sep: first index inside
    vars: tuple[int, ...] = ()  # seq: metavariables inside; var: (its index,)
    depth: int = 0
    kind: str = ""


def compile_locs(elems: tuple[Elem, ...]) -> tuple[list[Loc], list[str]]:
    locs: list[Loc] = []
    names: list[str] = []

    def walk(es: tuple[Elem, ...], depth: int) -> None:
        for e in es:
            if isinstance(e, PTok):
                locs.append(Loc("tok", (e.tok.kind, e.tok.text)))
            elif isinstance(e, PGroup):
                locs.append(Loc("tok", ("open", e.delim)))
                walk(e.elems, depth)
                locs.append(Loc("tok", ("close", CLOSE[e.delim])))
            elif isinstance(e, PVar):
                locs.append(Loc("var", vars=(len(names),), depth=depth, kind=e.kind))
                names.append(e.name)
            else:
                at, first_var = len(locs), len(names)
                locs.append(Loc("seq"))
                walk(e.elems, depth + 1)
                if e.sep is not None:
                    locs.append(Loc("sep", (e.sep.kind, e.sep.text)))
                    locs.append(Loc("after_sep", first=at + 1))
                else:
                    locs.append(Loc("kleene", op=e.op, first=at + 1))
                locs[at] = Loc("seq", op=e.op, first=len(locs), vars=tuple(range(first_var, len(names))), depth=depth)

    walk(elems, 0)
    locs.append(Loc("eof"))
    return locs, names


class Input:
    """Input token trees flattened, with each open delimiter's close and each token's group end."""

    def __init__(self, toks: tuple[Tok, ...]):
        self.flat: list[Flat] = []
        self.trees: list[Tok] = []
        self.close: dict[int, int] = {}
        self.limit: list[int] = []
        self._add(toks, -1)
        self.flat.append(("eof", ""))
        self.trees.append(Tok("punct", ""))
        self.limit = [len(self.flat) - 1 if x == -1 else x for x in self.limit] + [len(self.flat) - 1]

    def _add(self, toks: tuple[Tok, ...], limit: int) -> None:
        for t in toks:
            if t.kind == "group":
                at = len(self.flat)
                self.flat.append(("open", t.text))
                self.trees.append(t)
                self.limit.append(limit)
                self._add(t.children, -2)
                self.close[at] = len(self.flat)
                self.limit[at + 1 :] = [self.close[at] if x == -2 else x for x in self.limit[at + 1 :]]
                self.flat.append(("close", CLOSE[t.text]))
                self.trees.append(t)
                self.limit.append(limit)
            else:
                self.flat.append((t.kind, t.text))
                self.trees.append(t)
                self.limit.append(limit)

    def slice(self, i: int, j: int) -> tuple[Tok, ...]:
        out = []
        while i < j:
            out.append(self.trees[i])
            i = tree_end(self.flat, i, self.close)
        return tuple(out)


def fragment_end(kind: str, inp: Input, i: int) -> int | None:
    """Where the `kind` fragment starting at `i` ends (rustc's black-box parser), None if it cannot."""
    flat, close = inp.flat, inp.close
    if kind == "tt":
        return tree_end(flat, i, close)
    if kind in ("ident", "lifetime"):
        return i + 1
    if kind == "literal":
        if flat[i][1] == "-":
            return i + 2 if flat[i + 1][0] == "literal" and flat[i + 1][1][:1].isdigit() else None
        return i + 1
    if kind == "vis":
        return vis_end(flat, i, close)
    if kind == "block":
        return tree_end(flat, i, close) if parses_as("block", render(inp.slice(i, tree_end(flat, i, close)))) else None
    limit = inp.limit[i]
    ends: list[int] = []
    j = i
    while j < limit:  # candidate ends in order; the first that parses (meta: the last), so a
        j = tree_end(flat, j, close)  # fragment costs its own length, not the rest of the input
        if j == limit or kind == "meta" or (kind == "item" and (flat[j - 1] == ("punct", ";") or flat[j - 1] == ("close", "}"))) \
                or (kind in FOLLOW and flat[j][1] in FOLLOW[kind]):
            if kind == "meta":
                ends.append(j)
            elif parses_as(kind, render(inp.slice(i, j))):
                return j
    for j in reversed(ends):
        if parses_as(kind, render(inp.slice(i, j))):
            return j
    if kind in FOLLOW:  # rustc's parser stops where the fragment cannot go on: the longest prefix that parses
        j, alls = i, list[int]()
        while j < limit and len(alls) < 64:
            j = tree_end(flat, j, close)
            alls.append(j)
        for j in reversed(alls):
            if parses_as(kind, render(inp.slice(i, j))):
                return j
    return None


Events = tuple[tuple[str, int, int, object], "Events"] | None  # ("seq"/"one", var, depth, value), parent


def _bindings(events: Events, names: list[str]) -> dict[str, Match]:
    """Replay match events as rustc's `push_match` builds its nested matches."""
    evs = []
    while events is not None:
        evs.append(events[0])
        events = events[1]
    top: dict[int, Match] = {}
    for what, var, depth, value in reversed(evs):
        m: Match = [] if what == "seq" else value  # type: ignore[assignment]
        if depth == 0:
            top[var] = m
            continue
        cur = top[var]
        for _ in range(depth - 1):
            assert isinstance(cur, list)
            cur = cur[-1]
        assert isinstance(cur, list)
        cur.append(m)
    return {names[k]: v for k, v in top.items()}


def run(locs: list[Loc], names: list[str], inp: Input, line: int) -> dict[str, Match] | int:
    """Bindings of a match, or the index of the input token where matching failed."""
    cur: list[tuple[int, Events]] = [(0, None)]
    i = 0
    flat = inp.flat
    while True:
        tok = flat[i]
        nxt: list[tuple[int, Events]] = []
        bb: list[tuple[int, Events]] = []
        eof: list[Events] = []
        while cur:
            if len(cur) + len(nxt) > MAX_POSITIONS:
                raise MacroError("macro matching needs too many matcher positions", line)
            idx, ev = cur.pop()
            loc = locs[idx]
            if loc.what == "tok":
                if loc.flat == tok:
                    nxt.append((idx + 1, ev))
            elif loc.what == "seq":
                for v in loc.vars:
                    ev = (("seq", v, loc.depth, None), ev)
                if loc.op in ("*", "?"):
                    cur.append((loc.first, ev))
                cur.append((idx + 1, ev))
            elif loc.what == "kleene":
                cur.append((idx + 1, ev))
                if loc.op != "?":
                    cur.append((loc.first, ev))
            elif loc.what == "sep":
                cur.append((idx + 2, ev))
                if loc.flat == tok:
                    nxt.append((idx + 1, ev))
            elif loc.what == "after_sep":
                cur.append((loc.first, ev))
            elif loc.what == "var":
                if may_begin(loc.kind, tok):
                    bb.append((idx, ev))
            elif tok[0] == "eof":
                eof.append(ev)
        if tok[0] == "eof":
            if len(eof) > 1:
                raise MacroError("local ambiguity: multiple successful parses", line)
            return _bindings(eof[0], names) if eof else i
        if not nxt and not bb:
            return i
        if not bb:
            cur, i = nxt, i + 1
            continue
        if nxt or len(bb) > 1:
            kinds = ", ".join(f"`{locs[b[0]].kind}`" for b in bb)
            raise MacroError(f"local ambiguity when calling macro: multiple parsing options: built-in "
                             f"fragments {kinds} or {len(nxt)} other options", line)
        idx, ev = bb[0]
        loc = locs[idx]
        end = fragment_end(loc.kind, inp, i)
        if end is None:
            return i
        frag: Fragment = (loc.kind, inp.slice(i, end))
        cur, i = [(idx + 1, (("one", loc.vars[0], loc.depth, frag), ev))], end
