"""Clauses: what the lowering emits for each goal, and the program of one query.

A clause is data: a goal, the catalog rule that produced it, its source and detail, and its
premises. The rule's `kind` in rules/rules.yaml says what the clause is (`clause()` is the one
builder): `fails` a failure leaf, `overflow` the depth limit, `error` undecidable, `assumption`
a generic goal's condition, `holds` a proof from the premises.
"""
from __future__ import annotations

from collections.abc import Callable

from ..core import types as T
from ..core.goal import Goal
from ..core.record import Frozen, Record
from ..core.rules import rule

_KINDS: dict[str, str] = {}  # rule name -> its kind in the catalog (asked of every clause, often)
Normal = tuple[tuple[T.Ty, T.Ty], ...]  # projections normalized, each with its normal form (outer ones first)


Why = str | Callable[[], str]  # how a clause asks for a premise, or what writes it when first read


class Premise(Frozen):
    __slots__ = ("_why", "depth", "goal", "normalized")

    def __init__(self, goal: Goal, why: Why, depth: int = 1, normalized: Normal = ()):
        self.goal = goal
        # how the clause asks for it: "where `T: Sync`", "field `next`", "element" (a function
        # writing it is called when a proof first shows it: a batch without proofs never does)
        self._why = why
        self.depth = depth  # rustc's obligation levels from the head to this premise
        # the projections its type was normalized from, outer ones first: `(<[u8] as
        # ToOwned>::Owned, Vec<u8>)` for `Cow<[u8]>`'s `<B as ToOwned>::Owned: Send`
        self.normalized = normalized

    def _names(self) -> tuple[str, ...]:
        return ("depth", "goal", "normalized", "why")  # `==`, hash and repr by the text

    @property
    def why(self) -> str:
        why = self._why
        if not isinstance(why, str):
            why = self._why = why()
        return why


def proj_root(ty: T.Ty) -> T.Ty:
    """The type a chain of projections is about: `I` for `<<I as Iterator>::Item as Deref>::Target`."""
    while ty.kind == "proj":
        ty = ty.args[0]
    return ty


def is_placeholder(ty: T.Ty) -> bool:
    """A type parameter, or an associated type of one (`<I as Iterator>::Item`): rigid in a
    generic goal, where nothing is known of it but what is assumed."""
    return proj_root(ty).kind == "param"


def trait_ref(projection: T.Ty) -> Goal:
    """The goal a projection is a type under: `X: Tr` for `<X as Tr>::Name`."""
    return Goal(projection.name, projection.args[0])


Detail = str | Callable[[], str]  # a clause's detail, or what writes it when first read


class Clause(Frozen):
    """One goal's clause. Its rule's `kind` in the catalog (rules/rules.yaml) says what it is:
    `fails` a failure leaf, `overflow` the depth limit, `error` undecidable, `holds` a proof
    from its premises. Build clauses with `clause()`, which reads the source from the catalog."""

    __slots__ = ("_detail", "head", "premises", "rule", "source")

    def __init__(self, head: Goal, rule: str, source: str, detail: Detail, premises: tuple[Premise, ...] = ()):
        self.head = head
        self.rule = rule
        self.source = source
        # what fired: the impl header, the `dyn` bound, the field list; a function writing it is
        # called when a proof or message first shows it (a batch without proofs never does)
        self._detail = detail
        self.premises = premises

    def _names(self) -> tuple[str, ...]:
        return ("detail", "head", "premises", "rule", "source")  # `==`, hash and repr by the text

    @property
    def detail(self) -> str:
        detail = self._detail
        if not isinstance(detail, str):
            detail = self._detail = detail()
        return detail

    @property
    def kind(self) -> str:
        kind = _KINDS.get(self.rule)
        if kind is None:
            kind = _KINDS[self.rule] = rule(self.rule).kind
        return kind

    @property
    def fails(self) -> bool:
        return self.kind == "fails"

    @property
    def overflow(self) -> bool:
        return self.kind == "overflow"

    @property
    def assumption(self) -> bool:
        """A condition of a generic goal: about a parameter, neither given nor refuted."""
        return self.kind == "assumption"

    @property
    def undecidable(self) -> bool:
        """The KB cannot decide this goal (a projection it cannot normalize, ...)."""
        return self.kind == "error"


def clause(goal: Goal, name: str, detail: Detail, premises: tuple[Premise, ...] = (),
           source: str | None = None) -> Clause:
    """The clause of `goal` by the catalog's rule `name` (its source unless one is given)."""
    return Clause(goal, name, source or rule(name).source, detail, premises)


class Program(Record):
    """The clauses of every goal demanded by the roots, one per goal.

    `overflow` maps each root whose demand reaches rustc's recursion limit to the path of
    premises from it down to the goal at the limit (rustc stops there with E0275).
    """

    __slots__ = ("clauses", "overflow", "roots")

    def __init__(self, clauses: dict[Goal, Clause] | None = None, roots: list[Goal] | None = None,
                 overflow: dict[Goal, list[tuple[Goal, str]]] | None = None):
        self.clauses = {} if clauses is None else clauses
        self.roots = [] if roots is None else roots
        self.overflow = {} if overflow is None else overflow


def dedup(premises: list[Premise]) -> tuple[Premise, ...]:
    """Premises with each goal once (the reasons merged, the deeper obligation depth kept)."""
    seen: dict[Goal, int] = {}
    out: list[Premise] = []
    for p in premises:
        if p.goal in seen:
            i = seen[p.goal]
            normalized = out[i].normalized + tuple(n for n in p.normalized if n not in out[i].normalized)
            out[i] = Premise(p.goal, f"{out[i].why}, {p.why}", max(out[i].depth, p.depth), normalized)
        else:
            seen[p.goal] = len(out)
            out.append(p)
    return tuple(out)
