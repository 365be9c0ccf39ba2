"""The macro_rules! transcriber: a rule's right-hand side with the bindings substituted.

Takes the right-hand side token trees and the matcher's bindings; gives token trees. A
repetition `$( ... ) sep op` repeats as often as the metavariables inside it that still repeat
at this depth (all the same count, else an error, as rustc); `$crate` becomes the crate path.
"""
from __future__ import annotations

from .matcher import Match, parse_repetition
from .tokens import MacroError, Tok, lex


def _lookup(m: Match, stack: list[int]) -> Match:
    for k in stack:
        if not isinstance(m, list):
            break
        m = m[k]
    return m


def _repeats(toks: tuple[Tok, ...], binds: dict[str, Match], stack: list[int], out: dict[str, int]) -> None:
    """Counts of the metavariables in `toks` that repeat at the depth of `stack`."""
    for i, t in enumerate(toks):
        if t.kind == "group":
            _repeats(t.children, binds, stack, out)
        elif t.text == "$" and i + 1 < len(toks) and toks[i + 1].kind == "ident" and toks[i + 1].text in binds:
            m = _lookup(binds[toks[i + 1].text], stack)
            if isinstance(m, list):
                out[toks[i + 1].text] = len(m)


def _top_level_plus(toks: tuple[Tok, ...]) -> bool:
    depth = 0
    for t in toks:
        if t.kind == "punct":
            depth += {"<": 1, "<<": 2, ">": -1, ">>": -2}.get(t.text, 0)
            if t.text == "+" and depth == 0:
                return True
    return False


def _fragment_toks(kind: str, toks: tuple[Tok, ...]) -> tuple[Tok, ...]:
    """A fragment as tokens; expressions and bounded types keep their grouping with parentheses."""
    if len(toks) > 1 and (
        kind in ("expr", "expr_2021") or (kind == "ty" and _top_level_plus(toks))
    ):
        return (Tok("group", "(", toks, toks[0].line),)
    return toks


def transcribe(toks: tuple[Tok, ...], binds: dict[str, Match], crate: str, line: int,
               stack: list[int] | None = None) -> list[Tok]:
    stack = [] if stack is None else stack
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if t.kind == "punct" and t.text == "$" and nxt is not None:
            if nxt.kind == "ident" and nxt.text == "crate":
                out.extend(lex(crate))
                i += 2
                continue
            if nxt.kind == "ident" and nxt.text in binds:
                m = _lookup(binds[nxt.text], stack)
                if isinstance(m, list):
                    raise MacroError(f"variable `{nxt.text}` is still repeating at this depth", line + nxt.line)
                out.extend(_fragment_toks(m[0], m[1]))
                i += 2
                continue
            if nxt.kind == "group" and nxt.text == "(":
                sep, op, i = parse_repetition(toks, i + 2, line + nxt.line)
                out.extend(_repetition(nxt, sep, op, binds, crate, line, stack))
                continue
        if t.kind == "group":
            out.append(Tok("group", t.text, tuple(transcribe(t.children, binds, crate, line, stack)), t.line))
        else:
            out.append(t)
        i += 1
    return out


def _repetition(group: Tok, sep: Tok | None, op: str, binds: dict[str, Match], crate: str, line: int,
                stack: list[int]) -> list[Tok]:
    counts: dict[str, int] = {}
    _repeats(group.children, binds, stack, counts)
    if not counts:
        raise MacroError("attempted to repeat an expression containing no syntax variables matched as "
                         "repeating at this depth", line + group.line)
    (name, n), *rest = counts.items()
    for other, m in rest:
        if m != n:
            raise MacroError(f"meta-variable `{name}` repeats {n} times, but `{other}` repeats {m} times",
                             line + group.line)
    if op == "+" and n == 0:
        raise MacroError("this must repeat at least once", line + group.line)
    out: list[Tok] = []
    for k in range(n):
        if k and sep is not None:
            out.append(sep)
        out.extend(transcribe(group.children, binds, crate, line, stack + [k]))
    return out
