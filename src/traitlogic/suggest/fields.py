"""Fixes inside your own types: changes of the fields' declared types.

A struct of your own holds an auto trait iff every field does, so a fix changes every field that
fails (`struct Both { a: Rc<u8>, b: RefCell<u8> }`: `a` and `b`), each verified by asking the
field's new type again; the other premises on the way up from the goal must already hold. A
field's declared type is a template over the struct's parameters (`items: Rc<Vec<T>>`): the
change is made there (`Arc<Vec<T>>`) and asked at the goal's arguments, and for a generic goal
the conditions of the fields are the bound to add (`T: Send + Sync`). A field whose failure goes
through another struct of yours is fixed inside that struct (`Config.inner.cache`).
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice, product

from ..core import types as T
from ..core.goal import Goal
from ..core.lifetimes import Lifetimes, Written
from ..core.model import TypeDecl
from ..core.subst import replace_subterm, substitute
from ..lower import Program
from ..proof import ProofNode, Prover, first_children
from ..solve import Solution
from .search import MAX_STEPS, MAX_SUGGESTIONS, Search, Site, Suggestion, bound_atoms, paren, with_bounds


@dataclass(frozen=True)
class Change:
    """One field's change: where (`at`), the template steps, and the field's new template."""

    at: str
    site: Site
    steps: tuple[tuple[T.Ty, T.Ty], ...]
    field_ty: T.Ty
    written: Written | None = None  # the lifetimes of the new type as the field declares them


Fix = tuple[tuple[Change, ...], tuple[str, ...]]  # the changes, and the condition atoms they need


class Fields:
    """The field fixes of one "no", from its program and solution (the fields' premises)."""

    def __init__(self, search: Search, program: Program, solution: Solution):
        self.search, self.decls = search, search.decls
        self.program, self.solution = program, solution
        self.prover = Prover(program, solution)
        self._on_path: set[Goal] = set()  # the struct goals being fixed: a cycle back holds once they do

    def suggestions(self, chain: list[ProofNode]) -> Iterator[Suggestion]:
        """Fixes in the first struct of yours on the failure `chain` (and those below it)."""
        s = next((k for k, node in enumerate(chain) if self._user(node.goal) is not None), None)
        if s is None:
            return
        conditions: list[str] = []
        others: list[Goal] = []  # other failing premises on the way up: structs of yours too
        for k in range(s):
            for p in self.program.clauses[chain[k].goal].premises:
                if p.goal == chain[k + 1].goal:
                    continue
                answer = self.solution.answer(p.goal)
                if answer is True:
                    conditions.extend(self._conditions(p.goal))
                elif answer is False and self._user(p.goal) is not None:
                    others.append(p.goal)
                else:
                    return
        path = self.decls.show(chain[0].goal.ty)
        for fix in self.hold(chain[s].goal, path):
            merged: Fix | None = fix
            for goal in others:
                merged = next((m for f in self.hold(goal, path) if merged and (m := _merge(merged, f))), None)
            if merged is not None:
                yield self._suggestion(merged[0], (*merged[1], *conditions))

    def hold(self, goal: Goal, path: str) -> Iterator[Fix]:
        """Changes in the fields of your struct `goal.ty` that make `goal` hold (up to three;
        a goal met again below itself needs no change of its own: the cycle holds once it does)."""
        decl = self._user(goal)
        if decl is None:
            return
        if goal in self._on_path:
            yield (), ()
            return
        self._on_path.add(goal)
        try:
            yield from self._hold(goal, decl, path)
        finally:
            self._on_path.discard(goal)

    def _hold(self, goal: Goal, decl: TypeDecl, path: str) -> Iterator[Fix]:
        conditions: list[str] = []
        options: list[list[Fix]] = []
        for p in self.program.clauses[goal].premises:
            answer = self.solution.answer(p.goal)
            if answer is True:
                conditions.extend(self._conditions(p.goal))
                continue
            if answer is None:
                return
            found = list(islice(self._field(goal, decl, p.goal, p.why, path), MAX_SUGGESTIONS))
            if not found:
                return
            options.append(found)
        for combo in islice(product(*options), MAX_SUGGESTIONS):
            yield (tuple(c for f in combo for c in f[0]),
                   (*conditions, *(a for f in combo for a in f[1])))

    def _field(self, goal: Goal, decl: TypeDecl, premise: Goal, why: str, path: str) -> Iterator[Fix]:
        """Fixes of one failing field premise (several fields of one type: all of them)."""
        labels = tuple(w.split("`")[1] for w in why.split(", ") if w.startswith("field `"))
        declared = {f.label: f.ty for f in decl.fields or ()}
        if not labels or any(declared[x] is not declared[labels[0]] for x in labels):
            return
        template = declared[labels[0]]
        bindings = {p.name: a for p, a in zip(decl.params, goal.ty.args)}
        at = ", ".join(f"{path}.{x}" for x in labels)
        chain = first_children(self.prover.prove(premise))
        # deeper first: a struct of yours inside the field, fixed in its own fields
        inner = next((k for k, node in enumerate(chain) if self._user(node.goal) is not None), None)
        beside = self._beside(chain, inner) if inner is not None else None
        if inner is not None and beside is not None:  # (the changes go in that struct: one path)
            for changes, conditions in self.hold(chain[inner].goal, f"{path}.{labels[0]}"):
                yield changes, (*conditions, *beside)
        as_declared = Lifetimes(template, self.decls.field_lifetimes(goal.ty, None, labels[0]))
        for steps, new, atoms in self._rewrite(premise.trait, template, bindings, (), chain):
            site = Site(decl.name, labels, tuple((self.decls.show_path(o), paren(n, self.decls.show_path(n)))
                                                 for o, n in steps))
            yield (Change(at, site, steps, new, as_declared.rewritten(template, new)),), tuple(atoms)

    def _rewrite(self, trait: str, template: T.Ty, bindings: dict[str, T.Ty], steps: tuple[tuple[T.Ty, T.Ty], ...],
                 chain: list[ProofNode]) -> Iterator[tuple[tuple[tuple[T.Ty, T.Ty], ...], T.Ty, list[str]]]:
        """Changes of a field's declared type along its failure chain, deepest first: one fix
        per first change (depth first, at most `MAX_STEPS` changes)."""
        normalize = self.decls.normalize
        ty = substitute(template, bindings, normalize)
        for node in reversed(chain):
            part = field_part(template, ty, node.goal.ty)
            if part is None:
                continue
            for new in self.search.candidates(node, part):
                changed = replace_subterm(template, part, new)
                answer = self.search.ask_one(Goal(trait, substitute(changed, bindings, normalize)))
                if answer is None:
                    continue
                done = (*steps, (part, new))
                if answer.answer in ("yes", "if"):
                    yield done, changed, list(answer.conditions)
                elif answer.answer == "no" and len(done) < MAX_STEPS:
                    found = next(self._rewrite(trait, changed, bindings, done, answer.chain()), None)
                    if found is not None:
                        yield found

    def _beside(self, chain: list[ProofNode], inner: int) -> list[str] | None:
        """The conditions of the other premises between a field and the struct of yours inside
        it (None when one of them fails)."""
        out: list[str] = []
        for k in range(inner):
            for p in self.program.clauses[chain[k].goal].premises:
                if p.goal != chain[k + 1].goal:
                    if self.solution.answer(p.goal) is not True:
                        return None
                    out.extend(self._conditions(p.goal))
        return out

    def _user(self, goal: Goal) -> TypeDecl | None:
        """The declaration of your own struct whose fields decide `goal`."""
        ty = goal.ty
        decl = self.decls.type_by_path.get(ty.name) if ty.kind == "adt" else None
        if decl is None or decl.from_std or decl.fields is None:
            return None
        clause = self.program.clauses.get(goal)
        return decl if clause is not None and clause.rule == "auto-structural" else None

    def _conditions(self, goal: Goal) -> list[str]:
        return [self.decls.show_goal(a) for a in self.solution.conditions(goal)]

    def _suggestion(self, changes: Sequence[Change], conditions: Sequence[str]) -> Suggestion:
        return suggestion(self.search, changes, conditions)


def suggestion(search: Search, changes: Sequence[Change], conditions: Sequence[str],
               first: Suggestion | None = None) -> Suggestion:
    """The changes of fields as one suggestion, with the bound the `conditions` make (`first`:
    a change of the goal's own type made with them, listed before them)."""
    decls = search.decls
    changes = list({c.site: c for c in reversed(changes)}.values())[::-1]  # a field met twice: once
    bounds = bound_atoms(conditions)
    singles = [Suggestion(decls.show_path(c.field_ty, c.written), search.shown(c.steps, parens=True, goal_type=False),
                          c.at, sites=(c.site,)) for c in changes]
    if first is not None:
        singles.insert(0, first)
    if len(singles) == 1:
        s = singles[0]
        return Suggestion(s.type, with_bounds(s.change, bounds), s.at, bounds, sites=s.sites)
    return Suggestion("; ".join(s.type for s in singles), with_bounds("; ".join(s.change for s in singles), bounds),
                      "; ".join(s.at or "" for s in singles), bounds, tuple(singles),
                      tuple(site for s in singles for site in s.sites))


def field_part(template: T.Ty, ty: T.Ty, target: T.Ty) -> T.Ty | None:
    """The part of a field's declared type that reads as `target` at the goal's arguments (None
    when `target` comes from an argument: that is a change of the goal's own type)."""
    stack = [(template, ty)]
    while stack:
        t, g = stack.pop()
        if t.kind in ("param", "proj"):
            continue
        if g is target:
            return t
        if t.kind == g.kind and len(t.args) == len(g.args):
            stack.extend(reversed(list(zip(t.args, g.args))))
    return None


def _merge(a: Fix, b: Fix) -> Fix | None:
    """Two fixes together, when they change each field alike (None when they differ)."""
    by_at = {c.at: c for c in a[0]}
    extra = []
    for c in b[0]:
        if c.at not in by_at:
            extra.append(c)
        elif by_at[c.at].steps != c.steps:
            return None
    return (*a[0], *extra), (*a[1], *b[1])
