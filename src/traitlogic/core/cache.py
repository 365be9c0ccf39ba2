"""A per-user cache of built knowledge bases, so a cold `traitlogic ask` skips YAML and parsing.

An entry's key covers its input files (path, size, modification time) and every source file
of traitlogic itself, so any change to either builds afresh. Entries are pickles written by
this program only, atomically (temp file + rename), in a directory only the user can write;
any problem reading or writing the cache falls back to building normally.
`TRAITLOGIC_CACHE=0` turns it off; `TRAITLOGIC_CACHE_DIR` moves it.
"""
from __future__ import annotations

import gc
import os
import pickle
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence, TypeVar

V = TypeVar("V")
_PACKAGE = Path(__file__).resolve().parents[1]
FORMAT = 2


def cache_dir() -> Path | None:
    if os.environ.get("TRAITLOGIC_CACHE", "1") == "0":
        return None
    base = os.environ.get("TRAITLOGIC_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "traitlogic")
    return Path(base)


@lru_cache(maxsize=1)
def _own_sources() -> tuple[str, ...]:
    """Size and mtime of traitlogic's own source files (stat'ed once per process)."""
    parts = []
    for folder, _, names in sorted(os.walk(_PACKAGE)):
        for name in sorted(names):
            if name.endswith(".py"):
                st = os.stat(os.path.join(folder, name))
                parts.append(f"{folder}/{name}:{st.st_size}:{st.st_mtime_ns}")
    return tuple(parts)


def _key(kind: str, files: Sequence[Path]) -> str:
    parts = [f"traitlogic-{kind}-{FORMAT}", *_own_sources()]
    for f in files:
        st = os.stat(f)
        parts.append(f"in:{os.path.abspath(f)}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(parts)


def cached(kind: str, files: Sequence[Path], build: Callable[[], V],
           valid: Callable[[V], bool] = lambda value: True) -> V:
    """`build()`, or its stored result when none of `files` (nor traitlogic) changed since
    and `valid(result)` holds (for inputs only known once built)."""
    folder = cache_dir()
    if folder is None:
        return build()
    try:
        key = _key(kind, files)
    except OSError:
        return build()  # a missing file: let the builder report it properly
    inputs = "\n".join(os.path.abspath(f) for f in files)
    path = folder / f"{kind}-{zlib.crc32(inputs.encode()):08x}.pickle"
    try:
        if _trusted(folder) and path.is_file():
            with open(path, "rb") as fh:
                gc.disable()  # unpickling many objects: the collector would only slow it down 4x
                try:
                    stored_key, value = pickle.load(fh)
                finally:
                    gc.enable()
            if stored_key == key and valid(value):
                return value
    except Exception:  # a stale, corrupt or foreign entry: ignore it
        pass
    value = build()
    _store(folder, path, key, value)
    return value


def _trusted(folder: Path) -> bool:
    """Only read a cache directory owned by this user and not writable by others."""
    st = folder.stat()
    return (not hasattr(os, "getuid") or st.st_uid == os.getuid()) and not st.st_mode & 0o022


KEEP = 8  # entries kept per kind (the most recently written); older ones are removed


def _store(folder: Path, path: Path, key: str, value: object) -> None:
    import tempfile

    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pickle")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((key, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        _evict(folder, path.name.split("-", 1)[0])
    except Exception:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _evict(folder: Path, kind: str) -> None:
    """Keep the cache small: only the `KEEP` newest entries of a kind stay."""
    entries = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        try:
            old.unlink()
        except OSError:
            pass
