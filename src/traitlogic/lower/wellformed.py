"""Well-formedness of a goal's type: what its declarations require of their arguments.

rustc rejects a type whose arguments break its declaration's bounds before it asks any trait
question (E0277): `Vec<i32, i32>` (`i32: Allocator`), `Cow<'static, Wrapping<AtomicIsize>>`
(`Wrapping<AtomicIsize>: ToOwned`, which needs `Clone`). The obligations below are solved with
the goal; one that fails makes the goal an error, never an answer. For a generic goal, the ones
about its parameters are implied instead (`Peekable<I>` is only a type if `I: Iterator`).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..core import types as T
from ..core.goal import Goal
from ..core.subst import substitute
from ..kb.declarations import Declarations


@dataclass(frozen=True)
class Obligation:
    goal: Goal
    why: str  # "`Cow<'_, B>` requires `B: ToOwned`"


@dataclass
class WellFormedness:
    obligations: list[Obligation]
    unknown: list[str]  # bounds on traits the KB does not know: the type cannot be checked


def obligations(ty: T.Ty, decls: Declarations) -> WellFormedness:
    """The bounds every type constructor in `ty` puts on its arguments, instantiated."""
    out = WellFormedness([], [])
    seen: set[Goal] = set()
    for sub in dict.fromkeys(T.walk(ty)):
        if sub.kind == "proj" and sub.args[0].is_ground:  # `<X as Tr>::Name` is a type only if `X: Tr`
            goal = Goal(sub.name, sub.args[0])
            if goal not in seen:
                seen.add(goal)
                trait = decls.trait_display(decls.trait_by_path[sub.name])
                out.obligations.append(Obligation(goal, f"`{decls.show(sub)}` requires `{decls.show(sub.args[0])}: {trait}`"))
            continue
        if sub.kind != "adt":
            continue
        decl = decls.type_by_path.get(sub.name)
        if decl is None or not (decl.bounds or decl.unreadable_bounds):
            continue
        shown = decls.show(T.adt(decl.path, [T.param(p.name) for p in decl.params]))
        out.unknown.extend(f"`{shown}` requires `{text}`" for text in decl.unreadable_bounds)
        bindings = {p.name: a for p, a in zip(decl.params, sub.args)}
        for bound in decl.bounds:
            goal = Goal(bound.trait, substitute(bound.ty, bindings, decls.normalize))
            if goal not in seen:
                seen.add(goal)
                trait = decls.trait_display(decls.trait_by_path[bound.trait])
                out.obligations.append(Obligation(goal, f"`{shown}` requires `{T.format_type(bound.ty)}: {trait}`"))
    return out
