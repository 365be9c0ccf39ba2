"""What every family of lowering rules reads: the declarations, `Sized`, and the assumptions of
the goal being answered (with what each given bound implies through its supertraits)."""
from __future__ import annotations

from ..core import types as T
from ..core.goal import NO_ASSUMPTIONS, Assumptions, Goal
from ..core.model import ImplDecl
from ..core.sized import is_unsized
from ..kb.declarations import Declarations


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
        self.impl_texts: dict[int, tuple[ImplDecl, str, tuple[tuple[str, int], ...]]] = {}

    def maybe_unsized(self, ty: T.Ty) -> bool:
        return is_unsized(ty, self.decls.type_by_path.get, generic=True)

    def trait_name(self, path: str) -> str:
        return self.decls.trait_display(self.decls.trait_by_path[path])

    def show(self, ty: T.Ty) -> str:
        return self.decls.show(ty)
