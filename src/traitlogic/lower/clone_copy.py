"""rustc's built-in `Clone` and `Copy` impls for the types no library impl can name: function
pointers (always), tuples and arrays (iff their elements are). The traits are std's, found by
their paths, never by a short name a user's own trait might share."""
from __future__ import annotations

from ..core.goal import Goal
from .auto import structural
from .clause import Clause, clause

CLONE_COPY = ("std::clone::Clone", "std::marker::Copy")


def builtin(goal: Goal) -> Clause | None:
    """The built-in clause of a `Clone`/`Copy` goal, or None when the trait's impls decide it."""
    if goal.trait not in CLONE_COPY:
        return None
    ty = goal.ty
    if ty.kind == "fn":
        return clause(goal, "builtin-clone-copy", "function pointers are Clone and Copy")
    if ty.kind in ("tuple", "array"):
        return structural(goal, [(f"element {i}", a) for i, a in enumerate(ty.args) if a.kind != "const"],
                          "tuple and array elements", rule="builtin-clone-copy")
    return None
