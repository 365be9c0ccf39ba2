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

`expand` walks the goals a query demands (the closure of its types) and stops with
`depth-limit` where the types keep growing, as rustc does with E0275.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .core import types as T
from .core.errors import TraitlogicError
from .core.goal import Goal
from .core.model import ImplDecl
from .core.rules import rule
from .core.sized import is_unsized
from .core.subst import substitute
from .kb.declarations import Declarations, select_impl


@dataclass(frozen=True)
class Premise:
    goal: Goal
    why: str  # how the clause asks for it: "where `T: Sync`", "field `next`", "element"
    depth: int = 1  # rustc's obligation levels from the head to this premise


@dataclass(frozen=True)
class Clause:
    """One goal's clause. Its rule's `kind` in the catalog (rules/rules.yaml) says what it is:
    `fails` a failure leaf, `overflow` the depth limit, `error` undecidable, `holds` a proof
    from its premises. Build clauses with `clause()`, which reads the source from the catalog."""

    head: Goal
    rule: str
    source: str
    detail: str  # what fired: the impl header, the `dyn` bound, the field list
    premises: tuple[Premise, ...] = ()

    @property
    def kind(self) -> str:
        return rule(self.rule).kind

    @property
    def fails(self) -> bool:
        return self.kind == "fails"

    @property
    def overflow(self) -> bool:
        return self.kind == "overflow"

    @property
    def undecidable(self) -> bool:
        """The KB cannot decide this goal (a projection it cannot normalize, ...)."""
        return self.kind == "error"


def clause(goal: Goal, name: str, detail: str, premises: tuple[Premise, ...] = (),
           source: str | None = None) -> Clause:
    """The clause of `goal` by the catalog's rule `name` (its source unless one is given)."""
    return Clause(goal, name, source or rule(name).source, detail, premises)


@dataclass
class Program:
    """The clauses of every goal demanded by the roots, one per goal.

    `overflow` maps each root whose demand reaches rustc's recursion limit to the path of
    premises from it down to the goal at the limit (rustc stops there with E0275).
    """

    clauses: dict[Goal, Clause] = field(default_factory=dict)
    roots: list[Goal] = field(default_factory=list)
    overflow: dict[Goal, list[tuple[Goal, str]]] = field(default_factory=dict)


# rustc's default recursion_limit: an obligation this many levels below the goal is E0275.
RECURSION_LIMIT = 128
MAX_GOALS = 500_000  # a resource cap, not rustc's: reaching it is an error, never an answer


class ResourceLimit(TraitlogicError):
    """The query demands more goals than traitlogic lowers (`MAX_GOALS`)."""


def _check_size(clauses: dict[Goal, Clause]) -> None:
    if len(clauses) >= MAX_GOALS:
        raise ResourceLimit(f"the query demands more than {MAX_GOALS:,} goals; ask fewer goals at once")


class Lowering:
    """Lowers goals against one set of declarations."""

    def __init__(self, decls: Declarations, sized_trait: str):
        self.decls = decls
        self.sized = sized_trait

    # -- the demanded closure ---------------------------------------------------------------
    def expand(self, roots: list[Goal], program: Program | None = None) -> Program:
        """Lower every goal the roots demand and find the roots that overflow.

        rustc walks a goal's obligations depth-first in premise order and stops with E0275 at
        `RECURSION_LIMIT` levels. To stay linear on big batches:
        1. goals are lowered in order of their shortest obligation depth from any root; one at
           the limit or beyond is left unlowered (no root's walk can reach it in time);
        2. an upper bound of each root's walk depth comes from the strongly connected
           components of the lowered graph; only a root whose bound reaches the limit is
           walked exactly, as rustc would (`_walk`).
        """
        program = program or Program()
        new_roots = [r for r in dict.fromkeys(roots) if r not in program.roots]
        program.roots.extend(new_roots)
        self._lower_by_distance(new_roots, program)
        bound = _walk_depth_bounds(program)
        for root in new_roots:
            if bound.get(root, RECURSION_LIMIT) >= RECURSION_LIMIT:
                self._walk(root, program)
        return program

    def _lower_by_distance(self, roots: list[Goal], program: Program) -> None:
        clauses = program.clauses
        distance: dict[Goal, int] = {r: 0 for r in roots}
        buckets: list[list[Goal]] = [[] for _ in range(RECURSION_LIMIT)]
        buckets[0].extend(roots)
        for depth in range(RECURSION_LIMIT):
            for goal in buckets[depth]:
                if distance[goal] != depth:
                    continue
                clause = clauses.get(goal)
                if clause is None:
                    _check_size(clauses)
                    clause = clauses[goal] = self.lower(goal)
                for p in clause.premises:
                    d = depth + p.depth
                    if d < distance.get(p.goal, RECURSION_LIMIT + 1):
                        distance[p.goal] = d
                        if d < RECURSION_LIMIT:
                            buckets[d].append(p.goal)

    def _walk(self, root: Goal, program: Program) -> None:
        clauses = program.clauses
        parent: dict[Goal, tuple[Goal | None, str]] = {}  # first visit: who asked, and how
        stack: list[tuple[Goal, int, Goal | None, str]] = [(root, 0, None, "")]
        while stack:
            goal, depth, up, why = stack.pop()
            # rustc checks the depth before its cache: a goal proven higher up still overflows
            # when another path reaches it at the limit. Only first visits go further down.
            if depth >= RECURSION_LIMIT:
                program.overflow[root] = _path(parent, up) + [(goal, why)]
                return
            if goal in parent:
                continue
            parent[goal] = (up, why)
            clause = clauses.get(goal)
            if clause is None:
                _check_size(clauses)
                clause = clauses[goal] = self.lower(goal)
            for p in reversed(clause.premises):
                if p.goal not in parent or depth + p.depth >= RECURSION_LIMIT:
                    stack.append((p.goal, depth + p.depth, goal, p.why))

    # -- one goal -------------------------------------------------------------------------
    def lower(self, goal: Goal) -> Clause:
        trait = self.decls.trait_by_path[goal.trait]
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
            if not impls and (decl is None or (decl.from_std and not trait.complete)):
                # The KB lists no impl of this trait for this std type: it cannot tell whether
                # rustc would find one (std's impls of non-auto traits are not all in it, except
                # for traits marked `impls: complete`). Your own types are different: their
                # impls are all in your files.
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
        return clause(goal, impl.rule, self._impl_detail(impl), _dedup(premises), impl.source)

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
        return clause(goal, "auto-structural", what, _dedup(premises), source)

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

    def _maybe_unsized(self, ty: T.Ty) -> bool:
        return is_unsized(ty, self.decls.type_by_path.get, generic=True)

    def _trait_name(self, path: str) -> str:
        return self.decls.trait_display(self.decls.trait_by_path[path])


def _walk_depth_bounds(program: Program) -> dict[Goal, int]:
    """An upper bound of the deepest obligation level a depth-first walk from each goal reaches.

    Strongly connected components (iterative Tarjan) are condensed; a walk inside a component
    can at most go along all of its edges; a premise left unlowered counts as the limit.
    """
    clauses = program.clauses
    index: dict[Goal, int] = {}
    low: dict[Goal, int] = {}
    on_stack: set[Goal] = set()
    stack: list[Goal] = []
    component: dict[Goal, int] = {}
    members: list[list[Goal]] = []
    for start in clauses:
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            goal, i = work.pop()
            if i == 0:
                index[goal] = low[goal] = len(index)
                stack.append(goal)
                on_stack.add(goal)
            premises = clauses[goal].premises
            if i < len(premises):
                work.append((goal, i + 1))
                nxt = premises[i].goal
                if nxt not in clauses:
                    continue
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[goal] = min(low[goal], index[nxt])
                continue
            for p in premises:
                if p.goal in clauses and component.get(p.goal) is None and p.goal in on_stack:
                    low[goal] = min(low[goal], low[p.goal])
            if low[goal] == index[goal]:
                group = []
                while True:
                    g = stack.pop()
                    on_stack.discard(g)
                    component[g] = len(members)
                    group.append(g)
                    if g is goal or g == goal:
                        break
                members.append(group)
    # Tarjan numbers components in reverse topological order: successors come first.
    bound_of: list[int] = []
    for group in members:
        me = len(bound_of)
        inside, out = 0, 0
        for g in group:
            for p in clauses[g].premises:
                if p.goal not in clauses:
                    out = RECURSION_LIMIT
                elif component[p.goal] == me:
                    inside += p.depth
                else:
                    out = max(out, p.depth + bound_of[component[p.goal]])
        bound_of.append(min(inside + out, RECURSION_LIMIT))
    return {g: bound_of[c] for g, c in component.items()}


def overflow_clause(goal: Goal) -> Clause:
    """The proof leaf for the goal at which a root's walk reached the recursion limit."""
    return clause(goal, "depth-limit",
                  f"rustc's recursion limit ({RECURSION_LIMIT} obligation levels) is reached here")


def _path(parent: dict[Goal, tuple[Goal | None, str]], goal: Goal | None) -> list[tuple[Goal, str]]:
    """Root-to-`goal` premises, each with how its parent asked for it."""
    out = []
    node: Goal | None = goal
    while node is not None:
        up, why = parent[node]
        out.append((node, why))
        node = up
    return out[::-1]


def _param_of(ty: T.Ty) -> str:
    """The parameter a bound is about: `T` for `T: Send` and for `<T as ToOwned>::Owned: Send`."""
    while ty.kind == "proj":
        ty = ty.args[0]
    return ty.name if ty.kind == "param" else ""


def _dedup(premises: list[Premise]) -> tuple[Premise, ...]:
    seen: dict[Goal, int] = {}
    out: list[Premise] = []
    for p in premises:
        if p.goal in seen:
            i = seen[p.goal]
            out[i] = Premise(p.goal, f"{out[i].why}, {p.why}", max(out[i].depth, p.depth))
        else:
            seen[p.goal] = len(out)
            out.append(p)
    return tuple(out)
