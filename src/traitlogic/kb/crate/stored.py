"""A crate's declarations as the cache keeps them: the type and alias declarations of each
module pickled on their own (a `Blobs` entry, MAC-checked by the cache when opened) and read
back the first time a name or a path reaches one of them, and the tables of names (paths, last
names, display names) in `Shards`, so a second ask about a crate of 10,000 types reads the few
modules and names it needs.

    value = Stored(decls)       # what `load_crate` caches; `value.decls` before and after
"""
from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any

from ...core.cache import Blobs
from ..declarations import Declarations
from ..names import NameTable
from .shards import Packed, Shards, pack


def _module(path: str) -> str:
    return path.rsplit("::", 1)[0]


class _Store:
    """Declarations by canonical path, unpickled a module at a time on first use."""

    def __init__(self, blobs: Blobs):
        self.blobs = blobs
        self.read: dict[str, Any] = {}

    def get(self, path: str) -> Any:
        hit = self.read.get(path)
        if hit is None:  # setdefault: two threads reading one module share its objects
            for p, decl in pickle.loads(self.blobs.open(_module(path))).items():
                self.read.setdefault(p, decl)
            hit = self.read[path]
        return hit


class _LazyMap(Shards):
    """Names -> declarations (`many`: lists of them), from canonical paths, read on first use."""

    def __init__(self, packed: Packed, store: _Store, many: bool = False):
        super().__init__(packed, (lambda paths: [store.get(p) for p in paths]) if many else store.get)
        self._store = store


class Stored:
    """`decls` pickled with its types and aliases one by one (see the module docstring)."""

    def __init__(self, decls: Declarations):
        self.decls = decls

    def __reduce__(self) -> tuple[Callable[..., Stored], tuple[Any, ...]]:
        d = self.decls
        state = d.__getstate__()
        table: NameTable[Any] = state.pop("types")
        modules: dict[str, dict[str, Any]] = {}
        for e in table.by_path.values():
            modules.setdefault(_module(e.path), {})[e.path] = e
        blobs = Blobs({m: pickle.dumps(decls, protocol=pickle.HIGHEST_PROTOCOL) for m, decls in modules.items()})
        by_path = pack({p: e.path for p, e in table.by_path.items()})
        by_last = pack({name: [e.path for e in bucket] for name, bucket in table.by_last.items()})
        state["type_by_path"] = pack({p: p for p in d.type_by_path})
        state["alias_by_path"] = pack({p: p for p in d.alias_by_path})
        state["_display"] = pack(state["_display"])
        return _restore, (state, table.what, by_path, by_last, pack(table.paths_of), table.prelude, blobs)


def _restore(state: dict[str, Any], what: str, by_path: Packed, by_last: Packed, paths_of: Packed,
             prelude: set[str], blobs: Blobs) -> Stored:
    store = _Store(blobs)
    paths: Any = _LazyMap(by_path, store)  # mappings the table reads as its dicts
    lasts: Any = _LazyMap(by_last, store, many=True)
    of: Any = Shards(paths_of)
    state["types"] = NameTable(what, paths, lasts, of, prelude)
    state["type_by_path"] = _LazyMap(state["type_by_path"], store)
    state["alias_by_path"] = _LazyMap(state["alias_by_path"], store)
    state["_display"] = Shards(state["_display"])
    decls = Declarations.__new__(Declarations)
    decls.__setstate__(state)
    return Stored(decls)
