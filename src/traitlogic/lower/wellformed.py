"""Well-formedness of a goal's type: what its declarations require of their arguments.

rustc rejects a type whose arguments break its declaration's bounds before it asks any trait
question (E0277): `Vec<i32, i32>` (`i32: Allocator`), `Cow<'static, Wrapping<AtomicIsize>>`
(`Wrapping<AtomicIsize>: ToOwned`, which needs `Clone`). The obligations below are solved with
the goal; one that fails makes the goal an error, never an answer. For a generic goal, the ones
about its parameters are implied instead (`Peekable<I>` is only a type if `I: Iterator`).
The fields of your own types must be well-formed too (rustc rejects `struct W { c:
Cow<'static, Wrapping<AtomicIsize>> }` at its declaration): `field_obligations` lists what
the ones a program reaches require.
"""
from __future__ import annotations

from collections.abc import Container

from ..core import types as T
from ..core.goal import Goal
from ..core.model import ImplDecl, TypeDecl
from ..core.record import Frozen, Record
from ..core.subst import Bindings, match_type, substitute
from ..kb.declarations import Declarations
from .clause import Program


class Obligation(Frozen):
    """`goal` must hold for the type to be well-formed, because `required_by` (a projection, or
    a declaration's template over its own parameters) requires `required` of it."""

    __slots__ = ("goal", "required", "required_by")

    def __init__(self, goal: Goal, required_by: T.Ty, required: Goal):
        self.goal = goal
        self.required_by = required_by  # `<X as Tr>::Name`, or `Cow<B>`
        self.required = required  # `X: Tr`, or `B: ToOwned` (over the declaration's parameters)

    def why(self, decls: Declarations) -> str:
        """"`Cow<B>` requires `B: ToOwned`": built only when a message says it."""
        trait = decls.trait_display(decls.trait_by_path[self.required.trait])
        ty = decls.show(self.required.ty) if self.required_by.kind == "proj" else T.format_type(self.required.ty)
        return f"`{decls.show(self.required_by)}` requires `{ty}: {trait}`"


class WellFormedness(Record):
    __slots__ = ("obligations", "unknown")

    def __init__(self, obligations: list[Obligation], unknown: list[str]):
        self.obligations = obligations
        self.unknown = unknown  # bounds on traits the KB does not know: the type cannot be checked


_TEMPLATES: dict[tuple[str, tuple[str, ...]], T.Ty] = {}


def declared_template(decl: TypeDecl) -> T.Ty:
    """`decl`'s type over its own parameters (`Cow<B>`), built once (its text is then shown from
    the display memo)."""
    key = (decl.path, tuple(p.name for p in decl.params))
    ty = _TEMPLATES.get(key)
    if ty is None:
        ty = _TEMPLATES[key] = decl.template()
    return ty


def obligations(ty: T.Ty, decls: Declarations) -> WellFormedness:
    """The bounds every type constructor in `ty` puts on its arguments, instantiated."""
    out = WellFormedness([], [])
    seen: set[Goal] = set()
    by_path = decls.type_by_path
    met: set[T.Ty] = set()
    stack = [ty]
    while stack:  # each subterm once, in pre-order (below one met before, all was met then)
        sub = stack.pop()
        if sub in met:
            continue
        met.add(sub)
        stack.extend(reversed(sub.args))
        if sub.kind == "proj" and sub.args[0].is_ground:  # `<X as Tr>::Name` is a type only if `X: Tr`
            goal = Goal(sub.name, sub.args[0])
            if goal not in seen:
                seen.add(goal)
                out.obligations.append(Obligation(goal, sub, goal))
            continue
        if sub.kind != "adt":
            continue
        decl = by_path.get(sub.name)
        if decl is None or not (decl.bounds or decl.unreadable_bounds):
            continue
        template = declared_template(decl)
        out.unknown.extend(f"`{decls.show(template)}` requires `{text}`" for text in decl.unreadable_bounds)
        bindings = {p.name: a for p, a in zip(decl.params, sub.args)}
        for bound in decl.bounds:
            goal = Goal(bound.trait, substitute(bound.ty, bindings, decls.normalize))
            if goal not in seen:
                seen.add(goal)
                out.obligations.append(Obligation(goal, template, Goal(bound.trait, bound.ty)))
    return out


FieldObligation = tuple[Goal, str, Obligation]  # the goal of your type, its field ("field `c`"), the obligation


class FieldChecks(Record):
    """The goals about your own types in a program (decided by their fields), the ground
    obligations of those fields' types, and the bounds on traits the KB does not know that
    those types have (`(goal, field, "`G<T>` requires `T: Frob`")`: they cannot be checked)."""

    __slots__ = ("heads", "obligations", "unknown")

    def __init__(self, heads: list[Goal], obligations: list[FieldObligation],
                 unknown: list[tuple[Goal, str, str]] | None = None):
        self.heads = heads
        self.obligations = obligations
        self.unknown = [] if unknown is None else unknown


def field_obligations(program: Program, decls: Declarations) -> FieldChecks:
    """What the field types of your own types in `program` require to be well-formed (the
    ground obligations: those about a generic goal's parameters are left to the goal)."""
    out = FieldChecks([], [])
    memo: dict[T.Ty, tuple[list[Obligation], list[str]]] = {}
    for head, clause in program.clauses.items():
        if clause.rule != "auto-structural" or head.ty.kind != "adt":
            continue
        decl = decls.type_by_path.get(head.ty.name)
        if decl is None or decl.from_std:
            continue
        out.heads.append(head)
        for premise in clause.premises:
            found = memo.get(premise.goal.ty)
            if found is None:
                wf = obligations(premise.goal.ty, decls)
                found = memo[premise.goal.ty] = [o for o in wf.obligations if o.goal.ty.is_ground], wf.unknown
            out.obligations.extend((head, premise.why, o) for o in found[0])
            out.unknown.extend((head, premise.why, text) for text in found[1])
    return out


def unmet_bound(decl: TypeDecl, decls: Declarations, sized: str) -> tuple[str, Obligation] | None:
    """A field of your generic declaration whose type needs a bound on a parameter that does not
    follow from the declaration's own bounds (rustc rejects the declaration, E0277: `struct G<T:
    'static> { c: Cow<'static, T> }` needs `T: ToOwned`, which `T: Clone` would give), with it."""
    if decl.fields is None or not decl.params:
        return None
    given = {Goal(t.path, b.ty) for b in decl.bounds for t in decls.trait_by_path[b.trait].closure()}
    unsized = {p.name for p in decl.params if not p.sized}
    for f in decl.fields:
        for o in obligations(f.ty, decls).obligations:
            if o.goal.ty.kind == "param" and not _follows(o.goal, given, unsized, decls, sized):
                return f.label, o
    return None


def _follows(goal: Goal, given: Container[Goal], unsized: Container[str], decls: Declarations, sized: str,
             depth: int = 0) -> bool:
    """Whether `goal`, about a parameter, holds wherever the declaration's bounds do (`given`,
    with their supertraits): one of them, `Sized` unless `?Sized`, or a blanket impl (`impl<T:
    Clone> ToOwned for T`) whose own bounds follow in turn (only the trait's crate may write one)."""
    if goal in given:
        return True
    if goal.trait == sized:
        return goal.ty.name not in unsized
    return blanket_proof(goal, given, unsized, decls, sized, depth) is not None


def blanket_proof(goal: Goal, given: Container[Goal], unsized: Container[str], decls: Declarations, sized: str,
                  depth: int = 0) -> tuple[ImplDecl, Bindings] | None:
    """The blanket impl (`impl<T: Clone> ToOwned for T`) whose bounds follow from `given` for
    `goal`, about a parameter, with its bindings (None: no such impl)."""
    if depth >= 4:
        return None
    for impl in decls.blanket_impls(goal.trait):
        binding = match_type(impl.self_ty, goal.ty)
        if not impl.negative and binding is not None and all(
                _follows(Goal(b.trait, substitute(b.ty, binding)), given, unsized, decls, sized, depth + 1)
                for b in impl.bounds):
            return impl, binding
    return None
