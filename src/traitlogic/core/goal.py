"""A goal: `Trait(Type)`, the unit every layer above syntax passes around, and the assumptions
a generic goal is asked under (`Send(Arc<T>) where T: Sync`)."""
from __future__ import annotations

from typing import NamedTuple

from .record import Frozen
from .types import Ty


class Goal(NamedTuple):
    trait: str  # canonical trait path
    ty: Ty


class Assumptions(Frozen):
    """What a generic goal may take for granted about its type parameters.

    `params` are the goal's parameters in order of first appearance (`T`, `U`); `unsized` those
    declared `?Sized` (every other parameter is `Sized`, as in Rust); `given` the bounds that
    hold by assumption: the goal's `where` clause and what the goal type's own declarations
    require of the parameters to be well-formed (`Peekable<I>` implies `I: Iterator`).
    """

    __slots__ = ("given", "params", "unsized")

    def __init__(self, params: tuple[str, ...] = (), unsized: frozenset[str] = frozenset(),
                 given: frozenset[Goal] = frozenset()):
        self.params = params
        self.unsized = unsized
        self.given = given


NO_ASSUMPTIONS = Assumptions()
