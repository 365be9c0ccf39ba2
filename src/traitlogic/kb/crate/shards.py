"""A big table of names, as the crate cache keeps it: its entries split by a stable hash of the
key into shards of about `PER` entries, each shard a blob (MAC-checked by the cache when
opened) unpickled the first time a key of that shard is asked for. A second ask that needs a
few names reads a few shards, not every name of a crate of 10,000 types.

    packed = pack({"c::a::S": "c::a::S", ...})     # what the cache stores (blobs out of line)
    names = Shards(packed, resolve=store.get)      # `names["c::a::S"]`: resolve(raw), kept
"""
from __future__ import annotations

import pickle
import zlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ...core.cache import Blobs

PER = 128  # entries per shard (about): a shard unpickles in tens of microseconds
Packed = tuple[Blobs, int, int]  # the shards' blobs, how many shards, how many entries


def _shard(key: str, count: int) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % count


def pack(items: Mapping[str, Any]) -> Packed:
    """`items` (str keys) in shards, each pickled on its own."""
    count = max(1, len(items) // PER)
    parts: list[dict[str, Any]] = [{} for _ in range(count)]
    for key, value in items.items():
        parts[_shard(key, count)][key] = value
    return Blobs({i: pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL) for i, part in enumerate(parts)}), \
        count, len(items)


class Shards(Mapping[str, Any]):
    """A mapping read a shard at a time; a value is `resolve(raw)` of what was stored, made once.
    Keys may be set (caches of display names); pickled, it is a plain `dict` of every value."""

    def __init__(self, packed: Packed, resolve: Callable[[Any], Any] | None = None):
        self._blobs, self._count, self._len = packed
        self._parts: dict[int, dict[str, Any]] = {}  # the shards read so far
        self._resolve = resolve
        self._done: dict[str, Any] = {}  # resolved values (and values set)

    def _part(self, i: int) -> dict[str, Any]:
        part = self._parts.get(i)
        if part is None:  # setdefault: two threads reading one shard keep the first one read
            part = self._parts.setdefault(i, pickle.loads(self._blobs.open(i)))
        return part

    def _part_of(self, key: object) -> dict[str, Any]:
        return self._part(_shard(key, self._count)) if isinstance(key, str) else {}

    def __contains__(self, key: object) -> bool:
        return key in self._done or key in self._part_of(key)

    def __getitem__(self, key: str) -> Any:
        hit = self._done.get(key, _NONE)
        if hit is _NONE:
            raw = self._part_of(key)[key]
            hit = self._done.setdefault(key, raw if self._resolve is None else self._resolve(raw))
        return hit

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def __setitem__(self, key: str, value: Any) -> None:
        part = self._part_of(key)
        if key not in part:
            self._len += 1
        part[key] = self._done[key] = value

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return self[key]

    def __iter__(self) -> Iterator[str]:
        for i in range(self._count):
            yield from list(self._part(i))

    def __len__(self) -> int:
        return self._len

    def __reduce__(self) -> tuple[type[dict], tuple[dict[str, Any]]]:  # type: ignore[type-arg]
        return dict, (dict(self.items()),)  # copied (a KB built on top): every value read


_NONE = object()
