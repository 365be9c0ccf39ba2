"""kb.names.NameTable.add: each entity once in the bucket of each last name, found without
comparing it to the others there (a crate with `Error` in every module fills one bucket)."""
from __future__ import annotations

from traitlogic.kb.names import NameTable


class _Entity:
    compared = 0

    def __init__(self, path: str):
        self.path = path

    def __eq__(self, other: object) -> bool:  # counts what a search of a bucket would cost
        _Entity.compared += 1
        return isinstance(other, _Entity) and other.path == self.path

    __hash__ = None  # type: ignore[assignment]


def test_buckets_hold_each_entity_once_without_comparisons() -> None:
    table: NameTable[_Entity] = NameTable("type")
    _Entity.compared = 0
    errors = [_Entity(f"c::m{i}::Error") for i in range(2000)]
    for e in errors:
        assert table.add(e, [e.path]) is None
    assert _Entity.compared == 0
    assert len(table.by_last["Error"]) == 2000 and all(a is b for a, b in zip(table.by_last["Error"], errors))
    # two paths with one last name (a re-export), and the same entity added again: once each
    both = _Entity("c::inner::Both")
    assert table.add(both, ["c::inner::Both", "c::Both", "c::Other"]) is None
    assert table.add(both, ["c::inner::Both", "c::Both"]) is None
    assert [e for e in table.by_last["Both"] if e is both] == [both] and table.by_last["Other"] == [both]
    # a second entity for a path taken is the clash, and changes nothing
    other = _Entity("c::m0::Error")
    assert table.add(other, [other.path]) is errors[0]
    assert not any(e is other for e in table.by_last["Error"])
    assert table.candidates(["m7", "Error"]) == [errors[7]]
