"""Lowering: each demanded goal `Trait(Type)` -> exactly one clause, with its rule name and source.

A clause is data. Either a failure fact (`fails`), or "the goal holds if all its premises
hold" (`holds_if`). Coherence lets one clause suffice: at most one impl header of a trait
matches a given type, so a goal never has two ways to hold.

    impl<T: ?Sized + Sync + Send, A: Allocator + Send> Send for Arc<T, A>
      gives  Send(Arc<Mutex<i32>>) :- Sync(Mutex<i32>), Send(Mutex<i32>), Send(Global), Allocator(Global)
    struct Node { next: Option<Box<Node>> }  (no explicit impl of Send)
      gives  Send(Node) :- Send(Option<Box<Node>>)                          [auto-structural]
    impl<T: ?Sized> !Send for Rc<T>
      gives  fails(Send(Rc<i32>))                                            [impl-negative]

`expand` walks the goals a query demands (lower/demand.py); lower/clause.py holds the clause
data and its one builder.
"""
from __future__ import annotations

from ..core import types as T
from ..core.goal import NO_ASSUMPTIONS, Assumptions, Goal
from ..core.model import ImplDecl
from ..core.sized import is_unsized
from ..core.subst import substitute
from ..kb.declarations import Declarations, select_impl
from . import demand
from .clause import Clause, Premise, Program, clause, dedup
from .demand import MAX_GOALS, RECURSION_LIMIT, ResourceLimit, overflow_clause

__all__ = ["MAX_GOALS", "RECURSION_LIMIT", "Clause", "Lowering", "Premise", "Program", "ResourceLimit",
           "clause", "is_placeholder", "overflow_clause"]


class Lowering:
    """Lowers goals against one set of declarations."""

    def __init__(self, decls: Declarations, sized_trait: str, assumptions: Assumptions = NO_ASSUMPTIONS):
        self.decls = decls
        self.sized = sized_trait
        self.assumptions = assumptions
        given: dict[Goal, Goal] = {}  # what each given bound implies (supertraits) -> the bound
        for g in sorted(assumptions.given, key=str):
            for implied in decls.trait_by_path[g.trait].closure():
                given.setdefault(Goal(implied.path, g.ty), g)
        self._given = given

    # -- one goal -------------------------------------------------------------------------
    def lower(self, goal: Goal) -> Clause:
        trait = self.decls.trait_by_path[goal.trait]
        if self.assumptions.params and is_placeholder(goal.ty):
            return self._placeholder(goal)
        if goal.trait == self.sized:
            return self._sized(goal)
        impls = self.decls.impls_for(goal.trait, goal.ty)
        if not trait.is_auto:
            if goal.ty.kind == "fn" and trait.name in ("Clone", "Copy"):
                return clause(goal, "builtin-fn-pointer", "function pointers are Clone and Copy")
            if goal.ty.kind in ("tuple", "array") and trait.name in ("Clone", "Copy"):
                return self._structural(goal, [(f"element {i}", a) for i, a in enumerate(goal.ty.args)
                                               if a.kind != "const"], "tuple and array elements")
            impls = impls + self.decls.blanket_impls(goal.trait)
            decl = self.decls.type_by_path.get(goal.ty.name) if goal.ty.kind == "adt" else None
            if not impls and ((decl is None and not trait.complete_everywhere)
                              or (decl is not None and decl.from_std and not trait.complete)):
                # The KB lists no impl of this trait for this std type: it cannot tell whether
                # rustc would find one (std's impls of non-auto traits are not all in it, except
                # for traits marked `impls: complete`, or `all` for built-in types too). Your own
                # types are different: their impls are all in your files.
                return clause(goal, "undecidable", f"the knowledge base lists no impl of `{trait.name}` "
                              f"for `{self.decls.show(goal.ty)}`")
            return self._by_impls(goal, impls)
        if impls:
            return self._by_impls(goal, impls)
        return self._auto_builtin(goal)

    def _by_impls(self, goal: Goal, impls: list[ImplDecl]) -> Clause:
        selected = select_impl(impls, goal.ty)
        if selected is None:
            shown = "; ".join(i.text for i in impls[:3]) or "none"
            return clause(goal, "no-impl-applies", f"impls of the trait for this constructor: {shown}")
        impl, bindings = selected
        if impl.negative:
            return clause(goal, impl.rule, impl.text, source=impl.source)
        premises = []
        for bound in impl.bounds:
            ty = substitute(bound.ty, bindings, self.decls.normalize)
            if bound.trait == self.sized and not self._maybe_unsized(ty):
                continue
            why = f"where `{T.format_type(bound.ty)}: {self._trait_name(bound.trait)}`"
            depth = impl.depths.get(_param_of(bound.ty), 1)
            premises.append(Premise(Goal(bound.trait, ty), why, depth))
        return clause(goal, impl.rule, self._impl_detail(impl), dedup(premises), impl.source)

    def _impl_detail(self, impl: ImplDecl) -> str:
        """What a proof shows for an impl: its text, or for rustc's synthesized impls what they
        require, at the level a user sees (never the private fields they come from)."""
        if not impl.synthesized:
            return impl.text
        head = f"`{T.format_type(impl.self_ty)}: {self._trait_name(impl.trait)}`"
        needs = [f"`{T.format_type(b.ty)}: {self._trait_name(b.trait)}`" for b in impl.bounds
                 if b.trait != self.sized]
        decl = self.decls.type_by_path.get(impl.self_ty.name) if impl.self_ty.kind == "adt" else None
        origin = "its variants" if decl is not None and decl.kind == "enum" else "private fields"
        if not needs:
            return f"{head} always holds (synthesized from {origin})"
        listed = needs[0] if len(needs) == 1 else ", ".join(needs[:-1]) + f" and {needs[-1]}"
        return f"{head} requires {listed} (synthesized from {origin})"

    def _auto_builtin(self, goal: Goal) -> Clause:
        ty = goal.ty
        k = ty.kind
        if k == "prim":
            return clause(goal, "builtin-primitive", f"`{ty.name}` is a primitive type")
        if k == "fn":
            return clause(goal, "builtin-fn-pointer", "function pointers have every auto trait")
        if k == "tuple":
            return self._structural(goal, [(f"element {i}", a) for i, a in enumerate(ty.args)], "tuple elements")
        if k in ("array", "slice"):
            return self._structural(goal, [("element", ty.args[0])], f"{k} element")
        if k in ("ref", "ptr"):
            return self._structural(goal, [("referent" if k == "ref" else "pointee", ty.args[0])], ty.name)
        if k == "dyn":
            return self._dyn(goal)
        if k == "adt":
            decl = self.decls.type_by_path[ty.name]
            if decl.fields is None:
                return clause(goal, "no-impl-applies",
                              f"`{decl.name}` has private fields and the KB lists no impl of this trait")
            bindings = {p.name: a for p, a in zip(decl.params, ty.args)}
            fields = [(f"field `{f.label}`", substitute(f.ty, bindings, self.decls.normalize)) for f in decl.fields]
            return self._structural(goal, fields, f"fields of `{decl.name}`", decl.source)
        return clause(goal, "undecidable",
                      f"`{self.decls.show(ty)}` cannot be normalized: the knowledge base has no impl of "
                      f"`{self._trait_name(ty.name) if k == 'proj' else '?'}` with that associated type for "
                      f"`{self.decls.show(ty.args[0]) if ty.args else '?'}`")

    def _structural(self, goal: Goal, parts: list[tuple[str, T.Ty]], what: str, source: str | None = None) -> Clause:
        premises = [Premise(Goal(goal.trait, ty), why) for why, ty in parts]
        return clause(goal, "auto-structural", what, dedup(premises), source)

    def _dyn(self, goal: Goal) -> Clause:
        for bound in goal.ty.extra:
            trait = self.decls.trait_by_path.get(bound.path)
            for implied in (trait.closure() if trait else []):
                if implied.path == goal.trait:
                    via = "" if implied is trait else f" (a supertrait of `{bound.args_text}`)"
                    return clause(goal, "dyn-bound", f"the bound `{bound.args_text}`{via}")
        return clause(goal, "dyn-missing-bound", "no bound of the trait object is or implies the trait")

    def _sized(self, goal: Goal) -> Clause:
        ty = goal.ty
        if ty.kind == "tuple" and ty.args:
            last = ty.args[-1]
            return clause(goal, "builtin-sized", "a tuple is Sized if its last element is",
                          (Premise(Goal(self.sized, last), "last element"),))
        if self._maybe_unsized(ty):
            return clause(goal, "unsized", f"`{self.decls.show(ty)}` is dynamically sized")
        return clause(goal, "builtin-sized", "the type has a known size")

    def _placeholder(self, goal: Goal) -> Clause:
        """A goal about a generic goal's parameter (`T: Send`, `<I as Iterator>::Item: Sync`):
        given by an assumption, or an assumption leaf: a condition of the answer."""
        ty = goal.ty
        if goal.trait == self.sized and not (ty.kind == "param" and ty.name in self.assumptions.unsized):
            return clause(goal, "param-sized", f"`{self.decls.show(ty)}` is not declared `?Sized`")
        given = self._given.get(goal)
        if given is not None:
            via = "" if given == goal else f" (implies `{self._trait_name(goal.trait)}`)"
            return clause(goal, "where-clause",
                          f"assumed: `{self.decls.show(given.ty)}: {self._trait_name(given.trait)}`{via}")
        return clause(goal, "assumption", f"holds only if `{self.decls.show(ty)}: {self._trait_name(goal.trait)}`")

    def _maybe_unsized(self, ty: T.Ty) -> bool:
        return is_unsized(ty, self.decls.type_by_path.get, generic=True)

    def _trait_name(self, path: str) -> str:
        return self.decls.trait_display(self.decls.trait_by_path[path])

    def expand(self, roots: list[Goal], program: Program | None = None) -> Program:
        """Lower every goal the roots demand and find the roots that overflow (lower/demand.py)."""
        return demand.expand(self.lower, roots, program)


def is_placeholder(ty: T.Ty) -> bool:
    """A type parameter, or an associated type of one (`<I as Iterator>::Item`): rigid in a
    generic goal, where nothing is known of it but what is assumed."""
    while ty.kind == "proj":
        ty = ty.args[0]
    return ty.kind == "param"


def _param_of(ty: T.Ty) -> str:
    """The parameter a bound is about: `T` for `T: Send` and for `<T as ToOwned>::Owned: Send`."""
    while ty.kind == "proj":
        ty = ty.args[0]
    return ty.name if ty.kind == "param" else ""
