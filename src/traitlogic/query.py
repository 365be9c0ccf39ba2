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
from functools import partial

from .core import types as T
from .core.errors import ParseError, Snippet, TraitlogicError
from .core.goal import NO_ASSUMPTIONS, Assumptions, Goal
from .core.lifetimes import Lifetimes, Written
from .core.record import Frozen, Record
from .core.subst import substitute
from .kb.declarations import Declarations
from .lower import Lowering, Normal, Program, is_placeholder, proj_root, trait_ref
from .lower.context import Context
from .lower.wellformed import (
    FieldChecks,
    Obligation,
    WellFormedness,
    declared_template,
    field_obligations,
    obligations,
    unmet_bound,
)
from .proof import Prover
from .render import holds_of
from .solve import Solution, solve
from .syntax.goals import GoalText, read_where, type_reader
from .syntax.scope import Scope

AUTO_ORDER = ("Send", "Sync", "Unpin", "UnwindSafe", "RefUnwindSafe")  # how rustdoc lists them


class Query(Frozen):
    """A goal as read, with what it may assume."""

    __slots__ = ("assumptions", "goal", "lifetimes", "normalized", "written")

    def __init__(self, goal: Goal, assumptions: Assumptions = NO_ASSUMPTIONS, written: T.Ty | None = None,
                 lifetimes: Lifetimes | None = None, normalized: Normal = ()):
        self.goal = goal
        self.assumptions = assumptions
        self.written = written  # the type before its projections were normalized (for well-formedness)
        self.lifetimes = lifetimes  # those the type was written with (display only)
        self.normalized = normalized  # those projections, each with its normal form (the proof shows them)


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


class ReadType(Frozen):
    """A goal's type and assumptions as read, for any trait: the same for every goal with the
    same type, `for<..>` names and `where` text (a batch reads each such text once)."""

    __slots__ = ("assumptions", "normalizations", "normalized", "ty", "written")

    def __init__(self, ty: T.Ty, normalized: T.Ty, assumptions: Assumptions, written: Written | None,
                 normalizations: Normal = ()):
        self.ty = ty  # as written (before its projections were normalized)
        self.normalized = normalized
        self.assumptions = assumptions
        self.written = written  # the lifetimes it was written with, if any
        self.normalizations = normalizations  # its projections, each with its normal form

    def query(self, trait: str) -> Query:
        """The goal `trait(type)`, with lifetimes of its own (a proof adds to them)."""
        ty, normalized = self.ty, self.normalized
        lifetimes = Lifetimes(normalized, self.written, ty) if self.written is not None else None
        return Query(Goal(trait, normalized), self.assumptions, ty if normalized is not ty else None, lifetimes,
                     self.normalizations)


class ReadMemo:
    """What goals read in one set of declarations and scopes: trait paths by name, and types by
    their text, `for<..>` names and `where` text (the same texts read the same; random goals
    ask several traits of one type). Errors are not kept: only they depend on where a part is."""

    LIMIT = 200_000  # entries of each: past it, start afresh (memory stays bounded)

    def __init__(self) -> None:
        self.traits: dict[str, str] = {}
        self.types: dict[tuple[str, tuple[str, ...], str], ReadType] = {}

    def found_trait(self, name: str, path: str) -> None:
        if len(self.traits) >= self.LIMIT:
            self.traits.clear()
        self.traits[name] = path

    def type_of(self, snippet: Snippet, parts: GoalText, names: Scope, decls: Declarations) -> ReadType:
        key = (parts.type_text, tuple(n for n, _ in parts.declared), parts.where_text)
        read = self.types.get(key)
        if read is None:
            read = read_type(snippet, parts, names, decls)
            if len(self.types) >= self.LIMIT:
                self.types.clear()
            self.types[key] = read
        return read


def read_query(snippet: Snippet, parts: GoalText, trait: str, names: Scope, decls: Declarations) -> Query:
    """The goal's type and assumptions, read from its parts (`trait` already resolved)."""
    return read_type(snippet, parts, names, decls).query(trait)


def read_type(snippet: Snippet, parts: GoalText, names: Scope, decls: Declarations) -> ReadType:
    """A goal's type and assumptions, read from its parts (whatever its trait); only an error
    depends on where the parts are in the goal."""
    text = snippet.text
    declared = frozenset(name for name, _ in parts.declared)
    plain = read_where(parts, snippet, names, declared, plain_only=True)
    param_traits: dict[str, list[str]] = {}
    for bounded, path, _, _ in plain.bounds:
        if not decls.trait_by_path[path].is_auto and bounded.kind == "param":
            param_traits.setdefault(bounded.name, []).append(path)
    try:
        ty, reader = type_reader(parts.type_text, names, params=declared, implicit_params=True,
                                 param_traits=param_traits)
    except ParseError as exc:
        raise exc.moved(snippet, parts.type_start) from None
    if reader.found:  # in the order written; one only inside a trait object's bounds (text) goes last
        order = _first_use(ty)
        params = tuple(sorted(reader.found, key=lambda p: order.index(p) if p in order else len(order)))
    else:
        params = ()
    for name, offset in parts.declared:
        if name not in params:
            raise ParseError(f"`{name}` is declared but the goal's type does not use it", snippet,
                             offset, offset + len(name))
    rest = read_where(parts, snippet, names, frozenset(params), param_traits, plain_only=False)
    given: set[Goal] = set()
    for bounded, path, start, end in plain.bounds + rest.bounds:
        if not is_placeholder(bounded) or proj_root(bounded).name not in params:
            raise ParseError("a `where` bound must be about a parameter of the goal's type "
                             f"({', '.join(f'`{p}`' for p in params) or 'it has none'})", snippet, start, end)
        given.add(Goal(path, bounded))
    unknown = plain.unsized - set(params)
    if unknown:
        raise ParseError(f"`{min(unknown)}` is not a parameter of the goal's type", snippet,
                         parts.where_start, len(text))
    # `<str as ToOwned>::Owned` is `String` (a ground type has no projection to normalize)
    record: list[tuple[T.Ty, T.Ty]] = []
    normalized = ty if ty.is_ground else substitute(ty, {}, partial(decls.normalize, record=record))
    assumed = Assumptions(params, frozenset(plain.unsized), frozenset(given)) if params or plain.unsized or given \
        else NO_ASSUMPTIONS  # (one object: a batch groups its goals by them)
    return ReadType(ty, normalized, assumed, reader.written, tuple(record))


def _first_use(ty: T.Ty) -> list[str]:
    """The parameters of `ty` in the order they are written (left to right)."""
    out: list[str] = []
    stack = [ty]
    while stack:
        t = stack.pop()
        if t.kind == "param" and t.name not in out:
            out.append(t.name)
        stack.extend(reversed(t.args))
    return out


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
    """The goals that reach a type of yours whose declaration rustc rejects (E0277): a field's type
    that is not well-formed, or (generic) needs a bound the declaration does not give; each with
    the error that names the field."""
    declared: dict[str, TraitlogicError] = {}
    for decl in {id(d): d for d in (decls.type_by_path[h.ty.name] for h in checks.heads)}.values():
        unmet = unmet_bound(decl, decls, sized)
        if unmet is not None:
            declared[decl.path] = TraitlogicError(
                f"`{decls.show(declared_template(decl))}` is not well-formed: its field `{unmet[0]}` has a type where "
                f"{unmet[1].why(decls)}, and `{decls.show_goal(unmet[1].goal)}` does not follow from the declaration's "
                f"bounds (rustc: E0277)")
    # every goal about such a type (whichever rule decides it)
    errors = {g: declared[g.ty.name] for g in program.clauses if g.ty.kind == "adt" and g.ty.name in declared}
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
