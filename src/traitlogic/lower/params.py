"""Goals about a generic goal's parameters (`T: Send`, `<I as Iterator>::Item: Sync`): given by
the goal's `where` clause (or what its type needs to be well-formed), proven by a blanket impl
from those (`T: ToOwned` where `T: Clone`), or an assumption leaf — a condition of the answer.
Parameters and their associated types are `Sized` unless declared `?Sized`."""
from __future__ import annotations

from ..core.goal import Goal
from .clause import Clause, clause, is_placeholder, proj_root
from .context import Context
from .impls import by_impls

__all__ = ["blanket", "is_placeholder", "placeholder", "proj_root"]


def blanket(ctx: Context, goal: Goal) -> Clause | None:
    """A goal about a parameter that no bound gives but a blanket impl proves from them (`T:
    ToOwned` where `T: Clone`, by `impl<T: Clone> ToOwned for T`), as rustc selects it when its
    `where` clause has no candidate: that impl's clause (None: none does)."""
    trait = ctx.decls.trait_by_path[goal.trait]
    if goal in ctx.given or trait.is_auto or goal.trait == ctx.sized:
        return None
    found = ctx.blanket_impl(goal)
    if found is None:
        return None
    return by_impls(ctx, goal, [found[0]])


def placeholder(ctx: Context, goal: Goal) -> Clause:
    ty = goal.ty
    if goal.trait == ctx.sized and not (ty.kind == "param" and ty.name in ctx.assumptions.unsized):
        return clause(goal, "param-sized", f"`{ctx.show(ty)}` is not declared `?Sized`")
    given = ctx.given.get(goal)
    if given is not None:
        via = "" if given == goal else f" (implies `{ctx.trait_name(goal.trait)}`)"
        return clause(goal, "where-clause", f"assumed: `{ctx.show(given.ty)}: {ctx.trait_name(given.trait)}`{via}")
    return clause(goal, "assumption", f"holds only if `{ctx.show(ty)}: {ctx.trait_name(goal.trait)}`")
