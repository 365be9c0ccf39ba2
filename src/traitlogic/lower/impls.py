"""Goals decided by the trait's impls: explicit, synthesized (rustdoc's auto-trait impls) and
negative ones, the most specific matching header chosen (`kb.declarations.select_impl`); and
non-auto traits, where no listed impl of a std type means the KB cannot tell (unless the trait
says its impls are complete)."""
from __future__ import annotations

from functools import partial

from ..core import types as T
from ..core.goal import Goal
from ..core.model import Bound, ImplDecl, TraitDecl
from ..kb.declarations import select_impl
from .clause import Clause, Detail, Premise, Why, clause, dedup, proj_root
from .context import Context


def by_impls(ctx: Context, goal: Goal, impls: list[ImplDecl]) -> Clause:
    selected = select_impl(impls, goal.ty)
    if selected is None:
        shown = "; ".join(i.text for i in impls[:3]) or "none"
        return clause(goal, "no-impl-applies", f"impls of the trait for this constructor: {shown}")
    impl, bindings = selected
    if impl.negative:
        return clause(goal, impl.rule, impl.text, source=impl.source)
    detail, whys = _texts(ctx, impl)
    premises = []
    sized = ctx.sized
    for bound, (why, depth) in zip(impl.bounds, whys):
        ty, normalized = ctx.normalized(bound.ty, bindings)
        if bound.trait == sized and not ctx.maybe_unsized(ty):
            continue
        premises.append(Premise(Goal(bound.trait, ty), why, depth, normalized))
    return clause(goal, impl.rule, detail, dedup(premises), impl.source)


def _texts(ctx: Context, impl: ImplDecl) -> tuple[Detail, tuple[tuple[Why, int], ...]]:
    """The impl's detail and each bound's `why` (`where `T: Send``) and obligation depth: the
    same for every goal the impl decides, so found once per impl and lowering (the texts, a
    synthesized impl's detail and each `why`, written when first shown)."""
    texts = ctx.impl_texts.get(id(impl))
    if texts is None:  # (the impl kept with its texts: its id stays its own)
        whys = tuple((partial(_bound_why, ctx, b), impl.depths.get(_param_of(b.ty), 1)) for b in impl.bounds)
        # a synthesized impl's detail (what its private fields require): written when shown
        detail: Detail = partial(_impl_detail, ctx, impl) if impl.synthesized else impl.text
        texts = ctx.impl_texts[id(impl)] = (impl, detail, whys)
    return texts[1], texts[2]


def _bound_why(ctx: Context, bound: Bound) -> str:
    return f"where `{T.format_type(bound.ty)}: {ctx.trait_name(bound.trait)}`"


def non_auto(ctx: Context, goal: Goal, trait: TraitDecl) -> Clause:
    """A non-auto trait (a where-clause of an impl, a declaration bound): by its impls."""
    decls = ctx.decls
    impls = decls.impls_for(goal.trait, goal.ty) + decls.blanket_impls(goal.trait)
    decl = decls.type_by_path.get(goal.ty.name) if goal.ty.kind == "adt" else None
    if not impls and ((decl is None and not trait.complete_everywhere)
                      or (decl is not None and decl.from_std and not trait.complete)):
        # The KB lists no impl of this trait for this std type: it cannot tell whether rustc
        # would find one (std's impls of non-auto traits are not all in it, except for traits
        # marked `impls: complete`, or `all` for built-in types too). Your own types are
        # different: their impls are all in your files.
        return clause(goal, "undecidable", f"the knowledge base lists no impl of `{trait.name}` "
                      f"for `{ctx.show(goal.ty)}`")
    return by_impls(ctx, goal, impls)


def _impl_detail(ctx: Context, impl: ImplDecl) -> str:
    """What a proof shows for an impl: its text, or for rustc's synthesized impls what they
    require, at the level a user sees (never the private fields they come from)."""
    if not impl.synthesized:
        return impl.text
    head = f"`{T.format_type(impl.self_ty)}: {ctx.trait_name(impl.trait)}`"
    needs = [f"`{T.format_type(b.ty)}: {ctx.trait_name(b.trait)}`" for b in impl.bounds if b.trait != ctx.sized]
    decl = ctx.decls.type_by_path.get(impl.self_ty.name) if impl.self_ty.kind == "adt" else None
    origin = "its variants" if decl is not None and decl.kind == "enum" else "private fields"
    if not needs:
        return f"{head} always holds (synthesized from {origin})"
    listed = needs[0] if len(needs) == 1 else ", ".join(needs[:-1]) + f" and {needs[-1]}"
    return f"{head} requires {listed} (synthesized from {origin})"


def _param_of(ty: T.Ty) -> str:
    """The parameter a bound is about: `T` for `T: Send` and for `<T as ToOwned>::Owned: Send`."""
    root = proj_root(ty)
    return root.name if root.kind == "param" else ""
