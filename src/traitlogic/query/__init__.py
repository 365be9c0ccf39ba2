"""A batch of goals through the pipeline: read, check well-formedness, lower, solve, prove.

A goal may be generic (`Send(Arc<T>) where T: Sync`): its parameters are rigid, its `where`
clause and its type's well-formedness are assumed, and what else its proof needs of the
parameters are assumption leaves, its conditions. Goals are grouped by their assumptions; each
group is lowered and solved once, by a lowering that knows them.

    yes       holds whatever the parameters are (or the goal has none)
    no        fails whatever they are: the failure chain mentions no assumption
    if        holds exactly when its conditions do (`T: Send`, `T: Sync`)
    overflow  rustc's recursion limit (E0275)
"""
from __future__ import annotations

from collections.abc import Sequence

from ..core import types as T
from ..core.errors import TraitlogicError
from ..core.goal import NO_ASSUMPTIONS, Assumptions, Goal
from ..core.record import Record
from ..kb.declarations import Declarations
from ..lower import Lowering, Program, is_placeholder, proj_root, trait_ref
from ..lower.context import Context
from ..lower.representable import Representation, infinite_size
from ..lower.wellformed import (
    FieldChecks,
    Obligation,
    WellFormedness,
    declared_template,
    field_obligations,
    obligations,
    unmet_bound,
)
from ..proof import Prover
from ..render import holds_of
from ..solve import Solution, solve
from .read import Query

AUTO_ORDER = ("Send", "Sync", "Unpin", "UnwindSafe", "RefUnwindSafe")  # how rustdoc lists them


class Outcome(Record):
    """A decided goal: its answer word, its conditions (for "if") and the prover of its group."""

    __slots__ = ("answer", "assumptions", "conditions", "notes", "prover")

    def __init__(self, answer: str, conditions: list[Goal], prover: Prover, notes: list[str] | None = None,
                 assumptions: Assumptions = NO_ASSUMPTIONS):
        self.answer = answer  # yes | no | if | overflow
        self.conditions = conditions
        self.prover = prover
        self.notes = [] if notes is None else notes  # what could not be checked (well-formedness)
        self.assumptions = assumptions  # those the goal was answered under (implied ones too)

    @property
    def holds(self) -> bool | None:
        return holds_of(self.answer)


class _Group(Record):
    __slots__ = ("assumptions", "queries")

    def __init__(self, assumptions: Assumptions):
        self.assumptions = assumptions
        self.queries: list[tuple[int, Query, list[Obligation]]] = []


def answer_batch(queries: Sequence[Query], decls: Declarations, sized: str,
                 engine: str) -> list[Outcome | TraitlogicError]:
    """Answer every query: grouped by assumptions, each group lowered and solved once."""
    groups: dict[Assumptions, _Group] = {}
    results: list[Outcome | TraitlogicError | None] = [None] * len(queries)
    well_formed: dict[T.Ty, WellFormedness] = {}  # by type: goals of a batch ask several traits of one
    unstable: dict[T.Ty, list[str]] = {}
    last: _Group | None = None  # the group of the query before (most have the same assumptions)
    for i, q in enumerate(queries):
        written = q.written or q.goal.ty
        wf = well_formed.get(written)
        if wf is None:
            wf = well_formed[written] = obligations(written, decls)
        assumptions = q.assumptions
        checked = wf.obligations
        if assumptions.params:
            # what the type needs of its parameters is assumed, unless a blanket impl proves it
            # from the `where` clause (`Cow<'static, T>` where `T: Clone`: `T: ToOwned` is proven,
            # and `<T as ToOwned>::Owned` is `T`, as rustc has it)
            implied = {o.goal for o in checked if is_placeholder(o.goal.ty)}
            if implied:
                ctx = Context(decls, sized, assumptions)
                implied = {g for g in implied if g in ctx.given or ctx.blanket_impl(g) is None}
            checked = [o for o in checked if o.goal not in implied]
            assumptions = Assumptions(assumptions.params, assumptions.unsized, assumptions.given | implied)
        elif wf.unknown:
            results[i] = TraitlogicError(f"cannot check that `{decls.show(q.goal.ty, q.lifetimes)}` is a well-formed type: "
                                         f"{wf.unknown[0]}, a trait the knowledge base does not know")
            continue
        group = last if last is not None and last.assumptions is assumptions else groups.get(assumptions)
        if group is None:
            group = groups[assumptions] = _Group(assumptions)
        group.queries.append((i, q, checked))
        last = group
    for group in groups.values():
        lowering = Lowering(decls, sized, group.assumptions)
        roots = [q.goal for _, q, _ in group.queries] + [o.goal for _, _, obl in group.queries for o in obl]
        program = lowering.expand(roots, Program())
        checks = field_obligations(program, decls)
        if checks.obligations:
            program = lowering.expand(list(dict.fromkeys(o.goal for _, _, o in checks.obligations)), program)
        _demand_trait_refs(lowering, program, [q for _, q, _ in group.queries])
        solution = solve(program, engine)
        prover = Prover(program, solution, decls.show)
        broken = _broken_fields(checks, program, solution, decls, sized)
        for i, q, obl in group.queries:
            if q.goal in broken:
                results[i] = broken[q.goal]
                continue
            outcome = _outcome(q, obl, solution, prover, decls, unstable)
            if isinstance(outcome, Outcome):
                outcome.assumptions = group.assumptions
            results[i] = outcome
    return [r for r in results if r is not None]


def _demand_trait_refs(lowering: Lowering, program: Program, queries: list[Query]) -> None:
    """Demand the goals the premises' projections (and the goals' own) were normalized under
    (`[u8]: ToOwned` for `<[u8] as ToOwned>::Owned`), and theirs in turn: no premise asks for
    them, but every proof shows them proven (`Prover` reads them from the solution)."""
    refs = lowering.ctx.trait_refs
    for q in queries:
        for projection, _ in q.normalized:
            refs.setdefault(trait_ref(projection))
    done = 0
    while len(refs) > done:  # lowering them may normalize more
        found = list(refs)[done:]
        done = len(found) + done
        missing = [g for g in found if g not in program.clauses]
        if missing:
            lowering.expand(missing, program)


def _broken_fields(checks: FieldChecks, program: Program, solution: Solution, decls: Declarations,
                   sized: str) -> dict[Goal, TraitlogicError]:
    """The goals that reach a type of yours whose declaration rustc rejects: one that holds itself
    by value (E0072), a field's type that is not well-formed, or (generic) needs a bound the
    declaration does not give (E0277); each with the error that names the field."""
    declared: dict[str, TraitlogicError] = {}
    representation = Representation(decls)
    for decl in {id(d): d for d in (decls.type_by_path[h.ty.name] for h in checks.heads)}.values():
        infinite = infinite_size(decl, decls, representation)
        if infinite is not None:
            declared[decl.path] = TraitlogicError(infinite)
            continue
        unmet = unmet_bound(decl, decls, sized)
        if unmet is not None:
            declared[decl.path] = TraitlogicError(
                f"`{decls.show(declared_template(decl))}` is not well-formed: its field `{unmet[0]}` has a type where "
                f"{unmet[1].why(decls)}, and `{decls.show_goal(unmet[1].goal)}` does not follow from the declaration's "
                f"bounds (rustc: E0277)")
    # every goal about such a type (whichever rule decides it)
    errors = {g: declared[g.ty.name] for g in program.clauses if g.ty.kind == "adt" and g.ty.name in declared}
    for head, why, text in checks.unknown:  # (rustc: the bound's trait is not found, E0405)
        if head not in errors:
            errors[head] = TraitlogicError(f"cannot check that `{decls.show(head.ty)}` is well-formed: its {why} has "
                                           f"a type where {text}, a trait the knowledge base does not know")
    for head, why, o in checks.obligations:
        if head not in errors and solution.answer(o.goal) is False:
            errors[head] = TraitlogicError(
                f"`{decls.show(head.ty)}` is not well-formed: its {why} has a type where {o.why(decls)}, and "
                f"`{decls.show_goal(o.goal)}` does not hold (rustc: E0277)")
    if errors:  # every goal whose clauses reach one of them: the error is theirs too
        parents: dict[Goal, list[Goal]] = {}
        for goal, clause in program.clauses.items():
            for premise in clause.premises:
                parents.setdefault(premise.goal, []).append(goal)
        todo = list(errors)
        while todo:
            goal = todo.pop()
            for parent in parents.get(goal, ()):
                if parent not in errors:
                    errors[parent] = errors[goal]
                    todo.append(parent)
    return errors


def _outcome(q: Query, wf: list[Obligation], solution: Solution, prover: Prover, decls: Declarations,
             unstable: dict[T.Ty, list[str]]) -> Outcome | TraitlogicError:
    implied: set[Goal] = set()
    written = q.written or q.goal.ty
    known = unstable.get(written)
    if known is None:
        known = unstable[written] = _unstable(written, decls)
    notes = list(known)  # (an answer's own: a note is added to an ambiguous goal's)
    for o in wf:
        answer = solution.answer(o.goal)
        cause = prover.undecidable_cause(o.goal)
        if cause is not None:
            # rustc checks the type itself; the KB cannot: the answer stands, and says so
            notes.append(f"`{decls.show(q.goal.ty, q.lifetimes)}` was not checked to be well-formed: {o.why(decls)}, and "
                         f"`{decls.show_goal(o.goal)}` cannot be decided ({cause.detail}); "
                         f"the answer assumes rustc accepts the type")
        elif answer is False:
            return TraitlogicError(f"`{decls.show(q.goal.ty, q.lifetimes)}` is not a well-formed type: {o.why(decls)}, and "
                                   f"`{decls.show_goal(o.goal)}` does not hold (rustc: E0277)")
        elif answer is None:
            return TraitlogicError(f"`{decls.show(q.goal.ty, q.lifetimes)}` cannot be checked to be well-formed: {o.why(decls)}, "
                                   f"and `{decls.show_goal(o.goal)}` overflows (rustc: E0275)")
        else:
            implied |= solution.conditions(o.goal)
    cause = prover.undecidable_cause(q.goal)
    if cause is not None:
        return TraitlogicError(f"cannot decide `{decls.show_goal(q.goal)}`: {cause.detail}")
    holds = solution.answer(q.goal)
    if holds is None:
        return Outcome("overflow", [], prover, notes)
    if holds is False:
        return Outcome("no", [], prover, notes)
    conditions = simplify(solution.conditions(q.goal) - implied, q.assumptions, decls)
    return Outcome("if" if conditions else "yes", conditions, prover, notes)


def _unstable(ty: T.Ty, decls: Declarations) -> list[str]:
    """Notes for the nightly-only std types a goal names: the answer holds on nightly only."""
    out: list[str] = []
    stack = [ty]
    by_path = decls.type_by_path
    while stack:  # the types as written: a default argument (`Global` in `Vec<T>`) is not
        sub = stack.pop()
        decl = by_path.get(sub.name) if sub.kind == "adt" else None
        if decl is None:
            stack.extend(sub.args)
            continue
        if decl.unstable:
            note = f"`{decls.type_display(decl)}` is unstable: it needs nightly rustc and `#![feature({decl.unstable})]`"
            if note not in out:
                out.append(note)
        stack.extend(decls.written_args(sub))
    return out


def simplify(atoms: frozenset[Goal], assumptions: Assumptions, decls: Declarations) -> list[Goal]:
    """Conditions as rustdoc writes them: an atom implied by another (`T: Clone` by `T: Copy`)
    left out; by parameter (in order of appearance), the parameter before its associated
    types, then auto traits in rustdoc's order and other traits by name."""
    kept = [a for a in atoms if not any(b != a and b.ty is a.ty and a.trait != b.trait and
                                        any(t.path == a.trait for t in decls.trait_by_path[b.trait].closure())
                                        for b in atoms)]

    def key(a: Goal) -> tuple[int, int, str, int, str]:
        root = proj_root(a.ty)
        order = assumptions.params.index(root.name) if root.name in assumptions.params else len(assumptions.params)
        name = decls.trait_by_path[a.trait].name
        rank = AUTO_ORDER.index(name) if name in AUTO_ORDER else len(AUTO_ORDER)
        return order, int(a.ty.kind == "proj"), decls.show(a.ty), rank, name

    return sorted(kept, key=key)
