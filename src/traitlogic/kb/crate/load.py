"""`--crate DIR`: the cargo units of a crate, read into declarations once and cached by the
modification times of every file read (known only after reading, so stored with the entry).

    decls = load_crate("path/to/crate", ["rc"], True, False, None, std_declarations)
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...core.cache import cached
from ..declarations import Declarations
from .stored import Stored

Stamp = tuple[tuple[str, int, int], ...]


def _load_units() -> Callable[..., list[Any]]:
    """The cargo layer's `load_units` (a seam for tests that stand in for cargo)."""
    from .deps import load_units  # manifests and TOML: only on a cache miss

    return load_units


def _stamp(files: list[str]) -> Stamp:
    out = []
    for f in files:
        st = os.stat(f)
        out.append((os.path.abspath(f), st.st_size, st.st_mtime_ns))
    return tuple(out)


def _fresh(stamp: Stamp) -> bool:
    try:
        for f, size, mtime in stamp:  # absolute paths already
            st = os.stat(f)
            if st.st_size != size or st.st_mtime_ns != mtime:
                return False
    except OSError:
        return False
    return True


def load_crate(path: str | Path, features: list[str], default_features: bool, all_features: bool,
               package: str | None, base: Callable[[], Declarations] | None) -> Declarations:
    """The crate at `path` (a folder with Cargo.toml, or the manifest) on top of `base()` (a new
    object each call, built on as it is: std as the cache gives it)."""
    p = Path(path)
    manifest = p / "Cargo.toml" if p.is_dir() else p
    keys = [f for f in (manifest, manifest.parent / "Cargo.lock") if f.is_file()]
    options = (tuple(features), default_features, all_features, package, base is not None)

    def build() -> tuple[tuple[Any, ...], Stamp, Stored]:
        from .read import (
            read_units,  # the readers (tree-sitter, YAML): only on a cache miss
        )

        units = _load_units()(manifest, features, default_features, all_features, package)
        decls, files = read_units(units, base)  # (std unpickled anew for each try: not copied)
        read = files + [str(getattr(u.package, "manifest", manifest)) for u in units]
        return options, _stamp(sorted(set(read))), Stored(decls)

    def valid(value: tuple[tuple[Any, ...], Stamp, Stored]) -> bool:
        return value[0] == options and _fresh(value[1])

    if not keys:
        return build()[2].decls  # no manifest: let the cargo layer say so
    return cached("crate", keys, build, valid)[2].decls
