"""`Sized` (Rust Reference, Dynamically sized types): what `core.sized` says, as clauses."""
from __future__ import annotations

from ..core.goal import Goal
from .clause import Clause, Premise, clause
from .context import Context


def sized(ctx: Context, goal: Goal) -> Clause:
    ty = goal.ty
    if ty.kind == "tuple" and ty.args:
        last = ty.args[-1]
        return clause(goal, "builtin-sized", "a tuple is Sized if its last element is",
                      (Premise(Goal(ctx.sized, last), "last element"),))
    if ctx.maybe_unsized(ty):
        return clause(goal, "unsized", f"`{ctx.show(ty)}` is dynamically sized")
    return clause(goal, "builtin-sized", "the type has a known size")
