"""The impl index as a cache entry keeps it: buckets of impls by (trait, type constructor),
stored in groups and unpickled when a query first asks for one of a group's buckets.

The buckets of the auto traits for one constructor (`Send`, `Sync`, ... of `Vec`) are one
group, as a goal's type is asked several of them: one blob read, checked and unpickled for
them all (names and templates they share pickled once). Every other bucket is a group of its
own. The grouping is a layout only: the index reads as the plain mapping it was.
"""
from __future__ import annotations

import pickle
from collections.abc import Iterable, Mapping
from typing import Any

from ..core.cache import Blobs
from ..core.model import ImplDecl

Key = tuple[str, tuple[str, str]]  # (trait path, head key); head ("param", "") holds blanket impls
Group = tuple[str, tuple[str, str]]  # ("", head) for the grouped traits' buckets, else the bucket's key


class Stored:
    """What a pickle keeps of an impl index: every bucket's key (in order), the traits whose
    buckets are grouped by constructor, and the groups' pickles."""

    def __init__(self, keys: list[Key], grouped: frozenset[str], blobs: Blobs):
        self.keys, self.grouped, self.blobs = keys, grouped, blobs


def group_of(key: Key, grouped: frozenset[str]) -> Group:
    return ("", key[1]) if key[0] in grouped else key


def store(index: Mapping[Key, list[ImplDecl]], grouped: frozenset[str]) -> Stored:
    """The index (a `LazyIndex` or a plain dict) as stored: groups not read since they were
    stored keep their bytes."""
    if isinstance(index, LazyIndex):
        return index.stored()
    return Stored(list(index), grouped, Blobs(_pickled(_groups(index, grouped), index.__getitem__)))


def _groups(keys: Iterable[Key], grouped: frozenset[str]) -> dict[Group, list[Key]]:
    out: dict[Group, list[Key]] = {}
    for key in keys:
        out.setdefault(group_of(key, grouped), []).append(key)
    return out


def _pickled(groups: dict[Group, list[Key]], bucket: Any) -> dict[Group, bytes]:
    return {group: pickle.dumps({key: bucket(key) for key in keys}, protocol=pickle.HIGHEST_PROTOCOL)
            for group, keys in groups.items()}


_UNREAD = object()  # a bucket still in its group's blob


class LazyIndex(dict[Key, Any]):
    """Impl buckets unpickled on first access, a group at a time (from `Blobs`: the cache
    checks each blob's MAC when it is opened)."""

    def __init__(self, stored: Stored):
        super().__init__(dict.fromkeys(stored.keys, _UNREAD))
        self._grouped, self._blobs = stored.grouped, stored.blobs

    def __getitem__(self, key: Key) -> list[ImplDecl]:
        value = super().__getitem__(key)
        if value is _UNREAD:
            read: dict[Key, list[ImplDecl]] = pickle.loads(self._blobs.open(group_of(key, self._grouped)))
            for bucket, impls in read.items():
                if super().get(bucket) is _UNREAD:
                    super().__setitem__(bucket, impls)
            value = super().__getitem__(key)
        found: list[ImplDecl] = value
        return found

    def get(self, key: Key, default: Any = None) -> Any:
        return self[key] if key in self else default  # noqa: SIM401 (dict.get skips __getitem__)

    def stored(self) -> Stored:
        """As stored again: a group still unread keeps its bytes (no bucket was added to it: an
        added bucket is read), the others are pickled afresh."""
        groups = _groups(dict.keys(self), self._grouped)
        out: dict[Group, bytes] = {}
        for group, keys in groups.items():
            if all(dict.__getitem__(self, key) is _UNREAD for key in keys):
                out[group] = bytes(self._blobs.open(group))
            else:
                out.update(_pickled({group: keys}, self.__getitem__))
        return Stored(list(dict.keys(self)), self._grouped, Blobs(out))

    def items(self) -> list[tuple[Key, list[ImplDecl]]]:  # type: ignore[override]
        return [(key, self[key]) for key in list(self.keys())]

    def values(self) -> list[list[ImplDecl]]:  # type: ignore[override]
        return [self[key] for key in list(self.keys())]
