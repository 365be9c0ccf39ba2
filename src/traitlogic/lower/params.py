"""Goals about a generic goal's parameters (`T: Send`, `<I as Iterator>::Item: Sync`): given by
the goal's `where` clause (or what its type needs to be well-formed), or an assumption leaf —
a condition of the answer. Parameters and their associated types are `Sized` unless declared
`?Sized`."""
from __future__ import annotations

from ..core import types as T
from ..core.goal import Goal
from .clause import Clause, clause
from .context import Context


def proj_root(ty: T.Ty) -> T.Ty:
    """The type a chain of projections is about: `I` for `<<I as Iterator>::Item as Deref>::Target`."""
    while ty.kind == "proj":
        ty = ty.args[0]
    return ty


def is_placeholder(ty: T.Ty) -> bool:
    """A type parameter, or an associated type of one (`<I as Iterator>::Item`): rigid in a
    generic goal, where nothing is known of it but what is assumed."""
    return proj_root(ty).kind == "param"


def placeholder(ctx: Context, goal: Goal) -> Clause:
    ty = goal.ty
    if goal.trait == ctx.sized and not (ty.kind == "param" and ty.name in ctx.assumptions.unsized):
        return clause(goal, "param-sized", f"`{ctx.show(ty)}` is not declared `?Sized`")
    given = ctx.given.get(goal)
    if given is not None:
        via = "" if given == goal else f" (implies `{ctx.trait_name(goal.trait)}`)"
        return clause(goal, "where-clause", f"assumed: `{ctx.show(given.ty)}: {ctx.trait_name(given.trait)}`{via}")
    return clause(goal, "assumption", f"holds only if `{ctx.show(ty)}: {ctx.trait_name(goal.trait)}`")
