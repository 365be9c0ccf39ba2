"""A per-user cache of built knowledge bases, so a cold `traitlogic ask` skips YAML and parsing.

An entry's key covers its input files (path, size, modification time) and every source file
of traitlogic itself, so any change to either builds afresh. Entries are pickles, and a pickle
can run code, so each one is authenticated with a MAC (keyed BLAKE2b-256) under a per-user
random key (`key`, mode 0600, created atomically), checked before anything is unpickled; a
planted or altered entry is ignored. `Blobs` (the impl buckets of a KB) are kept beside an
entry's pickle, each with its own MAC (listed in the authenticated part), and are read from the
entry's file, checked and unpickled only when a query opens them: a cold start pays for what it
reads (`sealed`). The directory, the key file and every entry must belong to the user and not
be writable by group or others. When the cache cannot be used,
traitlogic says so once on stderr (a marker file, or the state itself, keeps it from repeating)
and builds normally. `TRAITLOGIC_CACHE=0` turns it off; `TRAITLOGIC_CACHE_DIR` moves it.
"""
from __future__ import annotations

import io
import os
import stat
import sys
import zlib
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from . import collector
from .sealed import MAC_SIZE, Blobs, Pickler, Region, Unpickler, mac, same

__all__ = ["Blobs", "Untrusted", "cache_dir", "cached"]

V = TypeVar("V")
_PACKAGE = Path(__file__).resolve().parents[1]
FORMAT = 6
KEEP = 8  # entries kept per kind (the most recently written); older ones are removed
_LENGTH = 8  # bytes of the pickle's length, after the MAC
_warned: set[str] = set()  # problems already reported by this process


class Untrusted(Exception):
    """The cache directory, key or an entry cannot be trusted (the message says why)."""


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
        secret = _secret(folder)
    except Untrusted as exc:
        _warn(folder, str(exc))
        return build()
    found = _read(path, secret, key)
    if found is not None and valid(found[0]):  # type: ignore[arg-type]
        return found[0]  # type: ignore[return-value]  # stored by `build` under this key
    with collector.paused():  # building and pickling make many objects that all live on
        value = build()
        _store(folder, path, secret, key, value)
    return value


def _check_owned(path: Path, st: os.stat_result, what: str) -> None:
    """Refuse what another user owns or what group/others may write."""
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        raise Untrusted(f"the cache {what} `{path}` belongs to another user")
    if st.st_mode & 0o022:
        raise Untrusted(f"the cache {what} `{path}` is writable by group or others "
                        f"(mode {stat.S_IMODE(st.st_mode):o})")


def _secret(folder: Path) -> bytes:
    """The per-user MAC key: read from `folder/key`, created (atomically, 0600) if missing."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        _check_owned(folder, folder.lstat(), "directory")
        path = folder / "key"
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            import secrets  # only when the key is created (start-up time)
            import tempfile  # with `secrets`: only when the key is created

            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".key-")
            try:
                os.write(fd, secrets.token_bytes(32))
                os.close(fd)
                os.link(tmp, path)  # atomic: a racing process's key wins, never a half-written one
            except FileExistsError:
                pass
            finally:
                os.unlink(tmp)
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with open(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            _check_owned(path, st, "key file")
            if st.st_mode & 0o077:
                raise Untrusted(f"the cache key file `{path}` is readable by others "
                                f"(mode {stat.S_IMODE(st.st_mode):o})")
            secret = fh.read()
    except OSError as exc:
        raise Untrusted(f"cannot use the cache directory `{folder}`: {exc.strerror or exc}") from None
    if len(secret) != 32:
        raise Untrusted(f"the cache key file `{folder / 'key'}` is damaged")
    return secret


def _read(path: Path, secret: bytes, key: str) -> tuple[object] | None:
    """The entry's value (in a 1-tuple) if its MAC and key match, else None. Nothing is
    unpickled before the MAC has been verified.

    An entry: MAC | length of what it signs (8 bytes) | length of the blobs' MACs (8 bytes) |
    the blobs' MACs | the pickle | the blobs. The MAC covers everything before the blobs; each
    blob is checked against its MAC when opened."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    region = None
    try:
        st = os.fstat(fd)
        _check_owned(path, st, "entry")
        lazy = hasattr(os, "pread")  # the blobs read when opened; else the whole entry now
        first = os.pread(fd, MAC_SIZE + _LENGTH, 0) if lazy else os.read(fd, st.st_size)
        length = int.from_bytes(first[MAC_SIZE:MAC_SIZE + _LENGTH], "little")
        end = MAC_SIZE + _LENGTH + length
        if len(first) < MAC_SIZE + _LENGTH or end > st.st_size:
            os.close(fd)
            return None  # damaged (or a length that would read past the end)
        blob = memoryview(os.pread(fd, end, 0) if lazy else first)
        region = Region(fd, end) if lazy else Region(None, 0, blob[end:])
        if not lazy:
            os.close(fd)
    except (OSError, Untrusted):
        if region is None:
            os.close(fd)
        return None
    written, signed = blob[:MAC_SIZE], blob[MAC_SIZE:end]
    if len(signed) != _LENGTH + length or not same(written, mac(secret, signed, b"entry")):
        return None  # planted, altered or damaged: never unpickled
    try:
        with collector.paused():  # unpickling many objects: the collector would only slow it down 4x
            macs_size = int.from_bytes(signed[_LENGTH:2 * _LENGTH], "little")
            macs, head = bytes(signed[2 * _LENGTH:][:macs_size]), signed[2 * _LENGTH + macs_size:]
            stored_key, value = Unpickler(head, region, macs, secret, path).load()
    except Exception:  # noqa: BLE001 -- written by this program: only a format change lands here
        return None
    return (value,) if stored_key == key else None


def _store(folder: Path, path: Path, secret: bytes, key: str, value: object) -> None:
    import tempfile  # only on a miss (start-up time)

    tmp = None
    try:
        out = io.BytesIO()
        pickler = Pickler(out, secret)
        pickler.dump((key, value))
        macs = b"".join(pickler.macs)
        body = out.getvalue()
        rest = len(macs).to_bytes(_LENGTH, "little") + macs + body
        signed = len(rest).to_bytes(_LENGTH, "little") + rest  # the blobs' MACs are signed too
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pickle")
        with open(fd, "wb") as fh:
            fh.write(mac(secret, signed, b"entry"))
            fh.write(signed)
            fh.writelines(pickler.region)
        os.replace(tmp, path)
        tmp = None
        _evict(folder, path.name.split("-", 1)[0])
    except Exception as exc:  # noqa: BLE001 -- a cache that cannot be written is only a warning
        _warn(folder, f"cannot write the cache directory `{folder}`: {getattr(exc, 'strerror', None) or exc}")
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _warn(folder: Path, message: str) -> None:
    """Say once that the cache cannot be used: once per process, and once per problem on disk
    (a marker next to the cache records what was said; an unwritable spot says it each run)."""
    if message in _warned:
        return
    _warned.add(message)
    marker = folder.parent / f".{folder.name}.warned"
    try:
        if marker.read_text(encoding="utf-8") == message:
            return
    except (OSError, UnicodeDecodeError):
        pass
    sys.stderr.write(f"warning: {message}; building the knowledge base without the cache "
                     f"(set TRAITLOGIC_CACHE=0 to turn it off)\n")
    try:
        marker.write_text(message, encoding="utf-8")
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
