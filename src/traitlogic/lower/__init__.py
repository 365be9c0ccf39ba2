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
data and its one builder; each family of rules has its module (chalk-style).
"""
from __future__ import annotations

from ..core.goal import NO_ASSUMPTIONS, Assumptions, Goal
from ..kb.declarations import Declarations
from . import auto, clone_copy, demand, impls, params, sized
from .clause import Clause, Normal, Premise, Program, clause, trait_ref
from .context import Context
from .demand import MAX_GOALS, RECURSION_LIMIT, ResourceLimit, overflow_clause
from .params import is_placeholder, proj_root

__all__ = ["MAX_GOALS", "RECURSION_LIMIT", "Clause", "Lowering", "Normal", "Premise", "Program", "ResourceLimit",
           "clause", "is_placeholder", "overflow_clause", "proj_root", "trait_ref"]


class Lowering:
    """Lowers goals against one set of declarations (and a generic goal's assumptions), one
    module per family of rules: params.py, sized.py, clone_copy.py, impls.py, auto.py."""

    def __init__(self, decls: Declarations, sized_trait: str, assumptions: Assumptions = NO_ASSUMPTIONS):
        self.ctx = Context(decls, sized_trait, assumptions)
        self.decls = decls
        self.sized = sized_trait
        self.assumptions = assumptions

    def lower(self, goal: Goal) -> Clause:
        ctx = self.ctx
        trait = self.decls.trait_by_path[goal.trait]
        if self.assumptions.params and is_placeholder(goal.ty):
            return params.blanket(ctx, goal) or params.placeholder(ctx, goal)
        if goal.trait == self.sized:
            return sized.sized(ctx, goal)
        if not trait.is_auto:
            return clone_copy.builtin(goal) or impls.non_auto(ctx, goal, trait)
        found = self.decls.impls_for(goal.trait, goal.ty)
        if found:
            return impls.by_impls(ctx, goal, found)
        return auto.auto_builtin(ctx, goal)

    def expand(self, roots: list[Goal], program: Program | None = None) -> Program:
        """Lower every goal the roots demand and find the roots that overflow (lower/demand.py)."""
        return demand.expand(self.lower, roots, program)
