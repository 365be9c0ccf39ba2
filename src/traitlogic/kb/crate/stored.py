"""A crate's declarations as the cache keeps them: the type and alias declarations of each
module pickled on their own (a `Blobs` entry, MAC-checked by the cache when opened) and read
back the first time a name or a path reaches one of them, so a second ask about a crate of
10,000 types reads the few modules it needs.

    value = Stored(decls)       # what `load_crate` caches; `value.decls` before and after
"""
from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any

from ...core.cache import Blobs
from ..declarations import Declarations
from ..names import NameTable


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


class _LazyMap(dict):  # type: ignore[type-arg]
    """path -> declaration; a value still unread is its canonical path (a `str`)."""

    def __init__(self, items: dict[str, Any], store: _Store):
        super().__init__(items)
        self._store = store

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        if isinstance(value, str):
            value = self._store.get(value)
            super().__setitem__(key, value)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self else default  # noqa: SIM401 (dict.get skips __getitem__)

    def setdefault(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self else super().setdefault(key, default)

    def values(self) -> list[Any]:  # type: ignore[override]
        return [self[key] for key in list(self.keys())]

    def items(self) -> list[tuple[str, Any]]:  # type: ignore[override]
        return [(key, self[key]) for key in list(self.keys())]

    def __reduce__(self) -> tuple[type[dict], tuple[dict[str, Any]]]:  # type: ignore[type-arg]
        return dict, (dict(self.items()),)  # copied (a KB built on top): every value read


class _LazyBuckets(_LazyMap):
    """last name -> declarations; a bucket still unread is a list of canonical paths."""

    def __getitem__(self, key: str) -> Any:
        value = dict.__getitem__(self, key)
        if value and isinstance(value[0], str):
            value = [self._store.get(p) for p in value]
            dict.__setitem__(self, key, value)
        return value


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
        by_path = {p: e.path for p, e in table.by_path.items()}
        by_last = {name: [e.path for e in bucket] for name, bucket in table.by_last.items()}
        del state["type_by_path"], state["alias_by_path"]
        return _restore, (state, table.what, by_path, by_last, table.paths_of, table.prelude,
                          list(d.type_by_path), list(d.alias_by_path), blobs)


def _restore(state: dict[str, Any], what: str, by_path: dict[str, str], by_last: dict[str, list[str]],
             paths_of: dict[str, list[str]], prelude: set[str], types: list[str], aliases: list[str],
             blobs: Blobs) -> Stored:
    store = _Store(blobs)
    state["types"] = NameTable(what, _LazyMap(by_path, store), _LazyBuckets(by_last, store), paths_of, prelude)
    state["type_by_path"] = _LazyMap({p: p for p in types}, store)
    state["alias_by_path"] = _LazyMap({p: p for p in aliases}, store)
    decls = Declarations.__new__(Declarations)
    decls.__setstate__(state)
    return Stored(decls)
