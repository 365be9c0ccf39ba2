"""What every family of lowering rules reads: the declarations, `Sized`, and the assumptions of
the goal being answered (with what each given bound implies through its supertraits)."""
from __future__ import annotations

from ..core import types as T
from ..core.goal import NO_ASSUMPTIONS, Assumptions, Goal
from ..core.model import ImplDecl
from ..core.sized import is_unsized
from ..core.subst import Bindings, match_type, substitute
from ..kb.declarations import Declarations, normalize_by
from .clause import Detail, Normal, Why, is_placeholder, trait_ref
from .wellformed import blanket_proof


class Context:
    def __init__(self, decls: Declarations, sized_trait: str, assumptions: Assumptions = NO_ASSUMPTIONS):
        self.decls = decls
        self.sized = sized_trait
        self.assumptions = assumptions
        given: dict[Goal, Goal] = {}  # what each given bound implies (supertraits) -> the bound
        for g in sorted(assumptions.given, key=str):
            for implied in decls.trait_by_path[g.trait].closure():
                given.setdefault(Goal(implied.path, g.ty), g)
        self.given = given
        # id(impl) -> (impl, its detail, each bound's `why` and depth): lower/impls.py's `_texts`
        self.impl_texts: dict[int, tuple[ImplDecl, Detail, tuple[tuple[Why, int], ...]]] = {}
        # the goals under which the premises' projections were normalized (`X: ToOwned` for
        # `<X as ToOwned>::Owned`): demanded too, so that proofs show them proven
        self.trait_refs: dict[Goal, None] = {}
        self._record: list[tuple[T.Ty, T.Ty]] = []

    def blanket_impl(self, goal: Goal) -> tuple[ImplDecl, Bindings] | None:
        """The blanket impl that proves `goal`, about a parameter, from the given bounds."""
        return blanket_proof(goal, self.given, self.assumptions.unsized, self.decls, self.sized)

    def normalizing_impl(self, ty: T.Ty) -> tuple[ImplDecl, Bindings] | None:
        """The impl whose associated type normalizes the projection `ty`: over a ground type the
        most specific one whose header matches; over a parameter of a generic goal whose bounds
        give no `X: Tr` (rustc's `where`-clause candidate, which keeps it rigid) the blanket impl
        that proves `X: Tr` from them (`<T as ToOwned>::Owned` is `T` where `T: Clone`)."""
        if ty.kind != "proj":
            return None
        self_ty = ty.args[0]
        if self_ty.is_ground:
            return self.decls.normalizing_impl(ty)
        if not self.assumptions.params:
            return None
        if is_placeholder(self_ty):
            found = self.blanket_impl(trait_ref(ty)) if trait_ref(ty) not in self.given else None
        else:  # `<[T] as ToOwned>::Owned`: the one impl that could apply to any instantiation
            impls = self.decls.impls_for(ty.name, self_ty) + self.decls.blanket_impls(ty.name)
            overlapping = [i for i in impls if self._may_apply(i, self_ty)]
            bindings = match_type(overlapping[0].self_ty, self_ty) if len(overlapping) == 1 else None
            found = None if bindings is None or overlapping[0].negative else (overlapping[0], bindings)
        return found if found is not None and str(ty.extra) in found[0].assoc else None

    def _may_apply(self, impl: ImplDecl, ty: T.Ty) -> bool:
        """Whether `impl` might apply to some instantiation of `ty`: its header may match, and
        if it matches, no `Sized` bound falls on a type known to be unsized (`impl<T: Clone>
        ToOwned for T` never applies to `[T]`)."""
        if not _may_overlap(impl.self_ty, ty):
            return False
        bindings = match_type(impl.self_ty, ty)
        return bindings is None or not any(
            b.trait == self.sized and is_unsized(substitute(b.ty, bindings), self.decls.type_by_path.get)
            for b in impl.bounds)

    def normalize(self, ty: T.Ty) -> T.Ty:
        """A projection rebuilt by `substitute`, normalized (and recorded) when an impl does."""
        return normalize_by(self.normalizing_impl, ty, self._record)

    def normalized(self, template: T.Ty, bindings: Bindings) -> tuple[T.Ty, Normal]:
        """`template` instantiated, its projections normalized, with the normalizations made."""
        ty = substitute(template, bindings, self.normalize)
        if not self._record:
            return ty, ()
        found = tuple(self._record)
        self._record.clear()
        for projection, _ in found:
            self.trait_refs.setdefault(trait_ref(projection))
        return ty, found

    def maybe_unsized(self, ty: T.Ty) -> bool:
        return is_unsized(ty, self.decls.type_by_path.get, generic=True)

    def trait_name(self, path: str) -> str:
        return self.decls.trait_display(self.decls.trait_by_path[path])

    def show(self, ty: T.Ty) -> str:
        return self.decls.show(ty)


def _may_overlap(pattern: T.Ty, ty: T.Ty) -> bool:
    """Whether an impl header `pattern` might match some instantiation of `ty` (a parameter or
    projection on either side matches anything: an over-approximation)."""
    stack = [(pattern, ty)]
    while stack:
        p, t = stack.pop()
        if p.kind == "param" or t.kind in ("param", "proj"):
            continue
        if p.kind != t.kind or p.name != t.name or p.extra != t.extra or len(p.args) != len(t.args):
            return False
        stack.extend(zip(p.args, t.args))
    return True
