"""Sealed blobs: what a cache entry keeps beside its pickle, each checked against its MAC
(keyed BLAKE2b-256) when first opened, and the pickler that writes them out of line. The
format of an entry, its key and its MAC are `cache`'s; this is the part a query reads lazily.
"""
from __future__ import annotations

import _operator
import copyreg
import io
import os
import pickle
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

MAC_SIZE = 32


def mac(secret: bytes, data: bytes | memoryview, person: bytes) -> bytes:
    """Keyed BLAKE2b-256: a MAC (RFC 7693 section 2.9)."""
    return _blake2b()(data, digest_size=MAC_SIZE, key=secret, person=person).digest()  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def _blake2b() -> Any:
    """`_blake2` is what `hashlib.blake2b` is; imported on its own, it spares a cold start
    loading OpenSSL (start-up time). Looked up once: an entry has thousands of blobs to check."""
    try:
        from _blake2 import blake2b
    except ImportError:  # an interpreter without the builtin module
        from hashlib import blake2b
    return blake2b


def same(a: bytes | memoryview, b: bytes | memoryview) -> bool:
    """Constant-time comparison: `hmac.compare_digest` is `_operator._compare_digest` (imported
    without hmac, which would load OpenSSL: start-up time)."""
    return bool(_operator._compare_digest(a, b))


class Blobs:
    """Byte strings under keys that a cache entry keeps beside its pickle; read from the cache,
    each one is checked against its MAC when it is first opened. Pickled any other way it is a
    plain mapping of bytes."""

    def __init__(self, items: dict[Any, bytes]):
        self._items = items

    def keys(self) -> Iterable[Any]:
        return self._items.keys()

    def __iter__(self) -> Iterator[Any]:
        return iter(self.keys())

    def open(self, key: Any) -> bytes | memoryview:
        return self._items[key]


class Region:
    """The blobs of an entry, read on demand (`os.pread` of the entry's file, kept open: the
    cache replaces entries, never rewrites one), or from bytes already in memory."""

    def __init__(self, fd: int | None, base: int, data: bytes | memoryview = b""):
        self.fd, self.base, self.data = fd, base, memoryview(data)

    def read(self, start: int, length: int) -> bytes | memoryview:
        if self.fd is None:
            return self.data[start:start + length]
        return os.pread(self.fd, length, self.base + start)

    def __del__(self) -> None:
        if self.fd is not None:
            try:
                os.close(self.fd)
            except OSError:
                pass


class _Sealed(Blobs):
    """`Blobs` as read from an entry: read from its file and verified when first opened."""

    def __init__(self, region: Region, keys: list[Any], offsets: bytes, macs: bytes, secret: bytes, path: Path):
        super().__init__({})
        self._keys, self._offsets = keys, memoryview(offsets).cast("Q")
        self._index: dict[Any, int] | None = None  # key -> position, made on the first open
        self._region, self._macs, self._secret, self._path = region, macs, secret, path

    def keys(self) -> Iterable[Any]:
        return self._keys

    def open(self, key: Any) -> bytes | memoryview:
        if self._index is None:
            self._index = dict(zip(self._keys, range(len(self._keys))))
        i = self._index[key]
        start = self._offsets[i]
        data = self._region.read(start, self._offsets[i + 1] - start)
        if not same(mac(self._secret, data, b"blob"), self._macs[i * MAC_SIZE:(i + 1) * MAC_SIZE]):
            from .errors import TraitlogicError  # only for a damaged entry (start-up time)

            try:
                self._path.unlink()
            except OSError:
                pass
            raise TraitlogicError(f"the cache entry `{self._path}` was altered after it was written; "
                                  f"it has been removed: run again")
        return data

    def __reduce__(self) -> tuple[type[Blobs], tuple[dict[Any, bytes]]]:
        return Blobs, ({key: bytes(self.open(key)) for key in self._keys},)


class Pickler(pickle.Pickler):
    """Writes `Blobs` out of line: their bytes go to `region`, their MACs to `macs`; the pickle
    keeps their keys and where each starts (machine-order 64-bit offsets, one more than keys).
    (Found by the dispatch table, by type: no Python call for each other object pickled.)"""

    def __init__(self, file: io.BytesIO, secret: bytes):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.secret = secret
        self.region: list[bytes] = []
        self.size = 0
        self.macs: list[bytes] = []
        table: dict[type, Any] = dict(copyreg.dispatch_table)
        table[Blobs] = table[_Sealed] = self._out_of_line
        self.dispatch_table = table

    def _out_of_line(self, obj: Blobs) -> tuple[Any, tuple[Any, ...]]:
        from array import array  # only on a miss (start-up time)

        first, keys, offsets = len(self.macs), [], array("Q", [self.size])
        for key in obj:
            data = bytes(obj.open(key))
            keys.append(key)
            self.region.append(data)
            self.macs.append(mac(self.secret, data, b"blob"))
            self.size += len(data)
            offsets.append(self.size)
        return _sealed, (keys, offsets.tobytes(), first)


def _sealed(*args: Any) -> Blobs:
    """What a pickle names for out-of-line blobs: `Unpickler` reads them (nothing else can)."""
    raise pickle.UnpicklingError("out-of-line blobs outside a cache entry")


class Unpickler(pickle.Unpickler):
    def __init__(self, head: memoryview, region: Region, macs: bytes, secret: bytes, path: Path):
        super().__init__(io.BytesIO(head))
        self.args = region, macs, secret, path

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name == "_sealed":
            return self._blobs
        return super().find_class(module, name)

    def _blobs(self, keys: list[Any], offsets: bytes, first: int) -> _Sealed:
        region, macs, secret, path = self.args
        return _Sealed(region, keys, offsets, macs[first * MAC_SIZE:(first + len(keys)) * MAC_SIZE], secret, path)
