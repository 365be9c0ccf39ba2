"""Load a knowledge base: YAML files and Rust files into one `Declarations` store.

Reading is `yaml_file` (YAML) and `rust_source` (Rust); building the store is `build`.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .build import Progress, build
from .declarations import Declarations
from .entry import Entry
from .rust_source import read_rust_file
from .scope import ModuleScope
from .yaml_file import read_file, read_text

__all__ = ["Entry", "build", "load", "read_file", "read_text"]


BIG_FILE = 5_000_000  # bytes: reading a bigger file says so (`progress`)
BIG_BUILD = 20_000  # entries: building more reports each tenth


def load(files: Iterable[str | Path], rust: Iterable[tuple[Path, Path | None]] = (),
         base: Declarations | None = None, progress: Progress | None = None) -> Declarations:
    """Read and validate every YAML file and Rust file (with its crate root), on top of a copy
    of `base` if given; names may refer across files. Goals are later read in the scope of the
    Rust files' top modules. `progress` hears of big files and big builds as they go."""
    entries: list[Entry] = []
    for f in files:
        size = _size(f)
        if progress is not None and size >= BIG_FILE:
            progress(f"reading {f} ({size / 1e6:.0f} MB)")
        entries.extend(read_file(f))
        if progress is not None and size >= BIG_FILE:
            progress(f"read {f}: {len(entries):,} entries")
    scopes: list[ModuleScope] = []
    for file, root in rust:
        found, scope = read_rust_file(file, root)
        entries.extend(found)
        scopes.append(scope)
    decls = build(entries, base, progress if progress is not None and len(entries) >= BIG_BUILD else None)
    decls.goal_scopes.extend(scopes)
    return decls


def _size(path: str | Path) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0  # `read_file` reports it
