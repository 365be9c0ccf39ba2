"""Matching impl headers against ground types, and substituting parameters in templates.

`match_type(pattern, ground)` is one-way unification: the pattern's params (`T`) bind to
sub-terms of the other type, whose own params (a generic goal's `T`) are rigid: they match only
a pattern param, never a concrete pattern. `substitute(template, bindings)` fills a template back in.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

from .types import Ty, param, rebuild

Bindings = dict[str, Ty]


def match_type(pattern: Ty, ground: Ty, bindings: Bindings | None = None) -> Bindings | None:
    """Bindings that make `pattern` equal to `ground`, or None if it cannot."""
    out: Bindings = dict(bindings or {})
    stack = [(pattern, ground)]
    while stack:
        p, g = stack.pop()
        if p.kind == "param":  # before the identity test: a goal's own `T` may meet the pattern's `T`
            bound = out.get(p.name)
            if bound is None:
                out[p.name] = g
            elif bound is not g:
                return None
            continue
        if p is g and p.is_ground:
            continue
        if p.kind != g.kind or p.name != g.name or p.extra != g.extra or len(p.args) != len(g.args):
            return None
        stack.extend(zip(p.args, g.args))
    return out


def substitute(template: Ty, bindings: Mapping[str, Ty], normalize: Callable[[Ty], Ty] | None = None) -> Ty:
    """`template` with every param replaced by its binding (projections normalized if asked)."""
    if not bindings and normalize is None:
        return template
    if template.kind == "param":  # most where-clauses: `T: Send`
        return bindings.get(template.name, template)
    memo: dict[Ty, Ty] = {t: bindings.get(t.name, t) for t in _params_of(template)}
    return _rebuild(template, memo, normalize)


def specificity(pattern: Ty) -> int:
    """How many non-parameter nodes a pattern has (more = more specific)."""
    count = 0
    stack = [pattern]
    while stack:
        t = stack.pop()
        if t.kind != "param":
            count += 1
        stack.extend(t.args)
    return count


def unify(a: Ty, b: Ty) -> bool:
    """Whether two impl headers could describe the same type (params renamed apart)."""
    left = _rename(a, "l")
    right = _rename(b, "r")
    parent: dict[str, Ty] = {}

    def resolve(t: Ty) -> Ty:
        while t.kind == "param" and t.name in parent:
            t = parent[t.name]
        return t

    stack = [(left, right)]
    while stack:
        x, y = stack.pop()
        x, y = resolve(x), resolve(y)
        if x is y:
            continue
        if x.kind == "param":
            parent[x.name] = y
            continue
        if y.kind == "param":
            parent[y.name] = x
            continue
        if x.kind in ("proj",) or y.kind in ("proj",):
            continue  # cannot tell: assume they may overlap only if the rest does
        if x.kind != y.kind or x.name != y.name or x.extra != y.extra or len(x.args) != len(y.args):
            return False
        stack.extend(zip(x.args, y.args))
    return True


def _rename(t: Ty, tag: str) -> Ty:
    names: dict[str, Ty] = {}
    for sub in _params(t):
        names[sub] = param(f"{tag}:{sub}")
    return substitute(t, names)


def _params(t: Ty) -> set[str]:
    out = set()
    stack = [t]
    while stack:
        x = stack.pop()
        if x.kind == "param":
            out.add(x.name)
        stack.extend(x.args)
    return out


def replace_subterm(ty: Ty, old: Ty, new: Ty) -> Ty:
    """`ty` with every occurrence of the sub-term `old` replaced by `new`."""
    return _rebuild(ty, {old: new})


def _params_of(ty: Ty) -> list[Ty]:
    """The parameter terms in `ty` (each shared sub-term visited once)."""
    out: list[Ty] = []
    seen: set[Ty] = set()
    stack = [ty]
    while stack:
        t = stack.pop()
        if t in seen:
            continue
        seen.add(t)
        if t.kind == "param":
            out.append(t)
        stack.extend(t.args)
    return out


def _rebuild(root: Ty, memo: dict[Ty, Ty], normalize: Callable[[Ty], Ty] | None = None) -> Ty:
    """`root` rebuilt bottom-up (iteratively) with the sub-terms in `memo` replaced by their
    values; rebuilt projections normalized if asked. The one walk of `substitute` and
    `replace_subterm`."""
    stack: list[tuple[Ty, bool]] = [(root, False)]
    while stack:
        t, expanded = stack.pop()
        if t in memo:
            continue
        if not t.args:
            memo[t] = t
            continue
        if not expanded:
            stack.append((t, True))
            stack.extend((a, False) for a in t.args if a not in memo)
            continue
        new = rebuild(t, tuple(memo[a] for a in t.args))
        if new.kind == "proj" and normalize is not None:
            new = normalize(new)
        memo[t] = new
    return memo[root]
