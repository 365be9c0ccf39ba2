"""Load a knowledge base: YAML files and Rust files into one `Declarations` store.

Reading is `yaml_file` (YAML) and `rust_source` (Rust); building the store is `build`.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .build import build
from .declarations import Declarations
from .entry import Entry
from .rust_source import read_rust_file
from .scope import ModuleScope
from .yaml_file import read_file, read_text

__all__ = ["Entry", "build", "load", "read_file", "read_text"]


def load(files: Iterable[str | Path], rust: Iterable[tuple[Path, Path | None]] = (),
         base: Declarations | None = None) -> Declarations:
    """Read and validate every YAML file and Rust file (with its crate root), on top of a copy
    of `base` if given; names may refer across files. Goals are later read in the scope of the
    Rust files' top modules."""
    entries: list[Entry] = []
    for f in files:
        entries.extend(read_file(f))
    scopes: list[ModuleScope] = []
    for file, root in rust:
        found, scope = read_rust_file(file, root)
        entries.extend(found)
        scopes.append(scope)
    decls = build(entries, base)
    decls.goal_scopes.extend(scopes)
    return decls
