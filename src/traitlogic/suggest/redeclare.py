"""Fixes checked against changed declarations: each asked again on a scratch copy of the KB.

Some fixes only hold once your declarations are changed: a recursive field (`next: Rc<Session>`
in `Session` is Sync once it is `Arc<Session>`), a change of the goal's own type or arguments
and of a field together (`Rc<Payload>` -> `Arc<Payload>`, then `Payload.parent`), fields of two
structs of yours that reach each other, one field changed twice for two traits (`dyn Fn() -> u8`
-> `dyn Fn() -> u8 + Send + Sync`). Checked against the declarations as they are, such a change
still fails. Here every change goes into a scratch copy of the declarations (your structs
re-declared with the changed field types, the rest shared; the KB asked is left as it is), the
goal is asked again there, and the next change is taken from its new failure chain, deepest
first, until the goal holds (a suggestion, verified like the others) or no change is left (the
failure's end, for its remedy).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..core import types as T
from ..core.goal import Goal
from ..core.lifetimes import Lifetimes, Written
from ..core.model import Field, TypeDecl
from ..core.subst import replace_subterm
from ..kb.declarations import Declarations
from ..proof import ProofNode
from .fields import Change, field_part, suggestion
from .search import MAX_ASKS, Asked, Search, Site, Suggestion, bound_atoms, contains, paren, with_bounds

AskIn = Callable[[list[Goal], Declarations], Sequence[Asked]]  # goals asked over other declarations
MAX_CHANGES = 8  # changes made in one walk (each of a part of the goal's type or of one field)


@dataclass(frozen=True)
class _Edit:
    """The changes made to fields of one declaration of yours (those of one type: all of them)."""

    owner: str  # the declaration's path
    labels: tuple[str, ...]
    declared: T.Ty  # the fields' type as declared
    now: T.Ty  # ... after the changes
    steps: tuple[tuple[T.Ty, T.Ty], ...]
    at: str  # the field path shown: `Parent.children`


End = tuple[Goal, str, bool, Suggestion | None]  # as `Search.blocker`: leaf, rule, rejected, fix


_Edits = dict[tuple[str, tuple[str, ...]], _Edit]  # the field changes made so far, by declaration and fields


class Redeclare:
    """One walk over the changes of the goal's type and of your fields, from a failure chain."""

    def __init__(self, search: Search, ask: AskIn, root: Goal):
        self.search, self.decls, self.ask, self.root = search, search.decls, ask, root
        self.asks = 0
        self.leaf_tried: list[Asked | None] = []
        self.answers: dict[tuple[Goal, tuple[tuple[str, tuple[str, ...], T.Ty], ...]], Asked] = {}

    def walk(self, chain: list[ProofNode]) -> End | None:
        """Every change, deepest first, each asked again with the ones before it, until the goal
        holds or none is left (what then fails is the end); None when the budget ran out first."""
        ty, edits = self.root.ty, _Edits()
        made: list[tuple[T.Ty, T.Ty]] = []
        goal_steps: list[tuple[T.Ty, T.Ty]] = []
        while len(made) < MAX_CHANGES:
            step = self._change_one(chain, ty, edits, made)
            if step is None:
                if self.asks >= MAX_ASKS:
                    return None
                leaf = chain[-1]
                back = next((o for o, n in reversed(made) if n is leaf.goal.ty), leaf.goal.ty)
                rejected = bool(self.leaf_tried) and all(a is not None and a.answer == "error" for a in self.leaf_tried)
                return Goal(leaf.goal.trait, back), leaf.rule, rejected, None
            ty, new_edits, answer, change = step
            made.append(change)
            if new_edits is edits:
                goal_steps.append(change)
            edits = new_edits
            if answer.answer in ("yes", "if"):
                return self.root, "", False, self._suggestion(ty, goal_steps, edits, answer)
            chain = answer.chain()
        return None

    def _change_one(self, chain: list[ProofNode], ty: T.Ty, edits: _Edits,
                    made: list[tuple[T.Ty, T.Ty]]) -> tuple[T.Ty, _Edits, Asked, tuple[T.Ty, T.Ty]] | None:
        """The deepest change on `chain` whose goal is answered (not an error): in the field of
        yours the node's type comes from, else in the goal's type; a type is wrapped once only.
        The answers to the changes of the chain's end are kept (`leaf_tried`)."""
        self.leaf_tried = []
        for k in range(len(chain) - 1, -1, -1):
            node = chain[k]
            site = self._site(chain, k, edits)
            if site is None and not contains(ty, node.goal.ty):
                continue
            old = node.goal.ty if site is None else site[1]
            for new in self.search.candidates(node, old):
                answer = None
                if not (contains(new, old) and any(contains(n, old) for _, n in made)):
                    if site is None:
                        new_ty, new_edits = replace_subterm(ty, old, new), edits
                    else:
                        e = site[0]
                        new_ty, new_edits = ty, _Edits({**edits, (e.owner, e.labels): _Edit(
                            e.owner, e.labels, e.declared, replace_subterm(e.now, old, new), (*e.steps, (old, new)),
                            e.at)})
                    answer = self._ask(Goal(self.root.trait, new_ty), new_edits)
                    if answer is not None and answer.answer in ("yes", "if", "no"):
                        return new_ty, new_edits, answer, (old, new)
                if k == len(chain) - 1:
                    self.leaf_tried.append(answer)
        return None

    def _site(self, chain: list[ProofNode], k: int,
              edits: _Edits) -> tuple[_Edit, T.Ty] | None:
        """The field of yours that node `k`'s type is a part of (as declared there, not one of
        the declaration's parameters), the nearest struct above it first: its edit so far and
        the part."""
        for j in range(k - 1, -1, -1):
            owner = self._user(chain[j])
            if owner is None:
                continue
            labels = tuple(w.split("`")[1] for w in chain[j + 1].why.split(", ") if w.startswith("field `"))
            fields = {f.label: f for f in owner.fields or ()}
            if not labels or labels[0] not in fields:
                continue
            labels = tuple(x for x in labels if fields[x].ty is fields[labels[0]].ty)
            edit = edits.get((owner.path, labels))
            template = edit.now if edit is not None else fields[labels[0]].ty
            part = field_part(template, chain[j + 1].goal.ty, chain[k].goal.ty)
            if part is None:
                continue
            if edit is None:
                edit = _Edit(owner.path, labels, template, template, (), self._at(chain, j, labels[0]))
            return edit, part
        return None

    def _user(self, node: ProofNode) -> TypeDecl | None:
        """The declaration of your own struct whose fields decide `node`."""
        ty = node.goal.ty
        decl = self.decls.type_by_path.get(ty.name) if ty.kind == "adt" else None
        if decl is None or decl.from_std or decl.fields is None or node.rule != "auto-structural":
            return None
        return decl

    def _at(self, chain: list[ProofNode], j: int, label: str) -> str:
        """The field path shown: the goal's type, then the fields taken by each struct of yours
        on the chain down to the owner (`Parent.children.parent`)."""
        path = [self.decls.show(self.root.ty)]
        for i in range(j):
            if self._user(chain[i]) is not None:
                path.append(chain[i + 1].why.split("`")[1])
        return ".".join([*path, label])

    def _ask(self, goal: Goal, edits: _Edits) -> Asked | None:
        key = (goal, tuple(sorted((e.owner, e.labels, e.now) for e in edits.values())))
        if key in self.answers:
            return self.answers[key]
        if self.asks >= MAX_ASKS:
            return None
        self.asks += 1
        answer = self.answers[key] = self.ask([goal], self._scratch(edits))[0]
        return answer

    def _scratch(self, edits: _Edits) -> Declarations:
        """The declarations with your structs re-declared with the changed field types."""
        by_owner: dict[str, dict[str, tuple[T.Ty, Written | None]]] = {}
        for e in edits.values():
            written = self._written(e)
            for label in e.labels:
                by_owner.setdefault(e.owner, {})[label] = (e.now, written)
        changed = {}
        for path, fields in by_owner.items():
            decl = self.decls.type_by_path[path]
            changed[path] = redeclared(decl, tuple(
                Field(f.label, *fields[f.label]) if f.label in fields else f for f in decl.fields or ()))
        return self.decls.with_types(changed)

    def _written(self, e: _Edit) -> Written | None:
        """The lifetimes of the field's new type as its declaration would write them."""
        field = next(f for f in self.decls.type_by_path[e.owner].fields or () if f.label == e.labels[0])
        return Lifetimes(e.declared, field.written).rewritten(e.declared, e.now)

    def _suggestion(self, ty: T.Ty, goal_steps: list[tuple[T.Ty, T.Ty]],
                    edits: _Edits, answer: Asked) -> Suggestion:
        """The changes made, as a suggestion: the goal's type, then each field of yours."""
        search, decls = self.search, self.decls
        bounds = bound_atoms(answer.conditions)
        first = None
        if goal_steps:
            first = Suggestion(search.shown_type(self.root, ty), search.shown(goal_steps), None)
        changes = []
        for e in edits.values():
            site = Site(decls.type_by_path[e.owner].name, e.labels,
                        tuple((decls.show_path(o), paren(n, decls.show_path(n))) for o, n in e.steps))
            changes.append(Change(e.at, site, e.steps, e.now, self._written(e)))
        if not changes and first is not None:
            return Suggestion(first.type, with_bounds(first.change, bounds), None, bounds)
        return suggestion(search, changes, bounds, first)


def redeclared(decl: TypeDecl, fields: tuple[Field, ...]) -> TypeDecl:
    """`decl` with other fields (a scratch declaration: the KB's own is left as it is)."""
    new = object.__new__(TypeDecl)
    for name in TypeDecl.__slots__:
        setattr(new, name, getattr(decl, name))
    new.fields = fields
    return new
