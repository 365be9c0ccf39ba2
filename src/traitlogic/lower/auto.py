"""Auto traits without an explicit impl for the type constructor (Rust Reference, Special types
and traits: auto traits): primitives and fn pointers have them all, composites iff their parts
do (fields, elements, referents), trait objects iff their bounds say so."""
from __future__ import annotations

from ..core import types as T
from ..core.goal import Goal
from .clause import Clause, Normal, Premise, clause, dedup
from .context import Context


def auto_builtin(ctx: Context, goal: Goal) -> Clause:
    ty = goal.ty
    k = ty.kind
    if k == "prim":
        return clause(goal, "builtin-primitive", f"`{ty.name}` is a primitive type")
    if k == "fn":
        return clause(goal, "builtin-fn-pointer", "function pointers have every auto trait")
    if k == "tuple":
        return structural(goal, [(f"element {i}", a) for i, a in enumerate(ty.args)], "tuple elements")
    if k in ("array", "slice"):
        return structural(goal, [("element", ty.args[0])], f"{k} element")
    if k in ("ref", "ptr"):
        return structural(goal, [("referent" if k == "ref" else "pointee", ty.args[0])], ty.name)
    if k == "dyn":
        return _dyn(ctx, goal)
    if k == "adt":
        decl = ctx.decls.type_by_path[ty.name]
        if decl.fields is None:
            return clause(goal, "no-impl-applies",
                          f"`{decl.name}` has private fields and the KB lists no impl of this trait")
        bindings = {p.name: a for p, a in zip(decl.params, ty.args)}
        found = [ctx.normalized(f.ty, bindings) for f in decl.fields]
        fields = [(f"field `{f.label}`", ty) for f, (ty, _) in zip(decl.fields, found)]
        return structural(goal, fields, f"fields of `{decl.name}`", decl.source, normalized=[n for _, n in found])
    return clause(goal, "undecidable",
                  f"`{ctx.show(ty)}` cannot be normalized: the knowledge base has no impl of "
                  f"`{ctx.trait_name(ty.name) if k == 'proj' else '?'}` with that associated type for "
                  f"`{ctx.show(ty.args[0]) if ty.args else '?'}`")


def structural(goal: Goal, parts: list[tuple[str, T.Ty]], what: str, source: str | None = None,
               rule: str = "auto-structural", normalized: list[Normal] | None = None) -> Clause:
    """The goal holds iff it holds for every part (`why` says which part each premise is;
    `normalized`, the projections each part's type was normalized from)."""
    premises = [Premise(Goal(goal.trait, ty), why, 1, normalized[i] if normalized else ())
                for i, (why, ty) in enumerate(parts)]
    return clause(goal, rule, what, dedup(premises), source)


def _dyn(ctx: Context, goal: Goal) -> Clause:
    for bound in goal.ty.extra:
        trait = ctx.decls.trait_by_path.get(bound.path)
        for implied in (trait.closure() if trait else []):
            if implied.path == goal.trait:
                via = "" if implied is trait else f" (a supertrait of `{bound.args_text}`)"
                return clause(goal, "dyn-bound", f"the bound `{bound.args_text}`{via}")
    return clause(goal, "dyn-missing-bound", "no bound of the trait object is or implies the trait")
