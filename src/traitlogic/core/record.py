"""`Record`: the base of small data classes written out by hand on the start-up path of `ask`.

Creating a dataclass costs about half a millisecond (its methods are compiled from source at
import), and a cold `ask` creates dozens: the classes read from the KB cache are written out
instead, with `==` and `repr` over their `__slots__` (in their sorted order) as a dataclass has them. `Frozen` ones
hash by their fields too (they are not guarded against assignment: nothing assigns to them).
"""
from __future__ import annotations


class Record:
    """`==` and `repr` over the fields named in `__slots__`; unhashable, like a dataclass."""

    __slots__ = ()

    def _names(self) -> tuple[str, ...]:
        names: tuple[str, ...] = getattr(type(self), "__slots__")  # noqa: B009 -- the subclass's own
        return names

    def _fields(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._names())

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Record)
        return self._fields() == other._fields()

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._names())
        return f"{type(self).__qualname__}({fields})"

    __hash__ = None  # type: ignore[assignment]  # mutable: as a dataclass with `eq`


class Frozen(Record):
    """A `Record` whose fields do not change: hashable by them."""

    __slots__ = ()

    def __hash__(self) -> int:  # type: ignore[override]  # Record says None: unhashable
        return hash(self._fields())
