"""Which scope an entry's Rust text resolves names in, and std's own scope (`StdNames`)."""
from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache
from typing import Any

from ..core.model import AliasDecl
from ..core.resources import data_dir
from .declarations import Declarations
from .entry import Entry
from .names import NameTable
from .scope import ScopedNames

AliasReaders = dict[str, Callable[[AliasDecl], None]]


@cache
def is_std_file(file: str) -> bool:
    """Whether `file` is part of the shipped std KB."""
    folder, name = os.path.split(file)
    plain = name not in ("", ".", "..") and not os.path.islink(file)  # its folder's realpath, then it
    real = os.path.join(_real_dir(folder or "."), name) if plain else os.path.realpath(file)
    std = _std_dir()
    return real == std or real.startswith(std + os.sep)


@cache
def _real_dir(folder: str) -> str:
    """`os.path.realpath` of a folder, once per folder (a crate's files share a few)."""
    return os.path.realpath(folder)


@cache
def _std_dir() -> str:
    return os.path.realpath(data_dir("kb"))


class StdNames(ScopedNames):
    """Names as the std KB sees them: only what std itself declares."""

    def __init__(self, decls: Declarations, pending: AliasReaders | None = None, memo: bool = False):
        super().__init__(decls, [], pending, memo)

    def _lookup(self, table: NameTable[Any], segments: list[str]) -> list[Any]:
        return [c for c in table.candidates(segments) if is_std_file(c.origin.file)] or \
            [c for c in table.candidates_all(segments) if is_std_file(c.origin.file)]


def names_for(e: Entry, decls: Declarations, pending: AliasReaders | None = None,
              memo: bool = False) -> ScopedNames:
    """The scope an entry's Rust text resolves names in: its module's; std's own for the std KB
    (so a user's `Child` cannot make std's names ambiguous); else the KB-wide one. Aliases in
    `pending` are read the first time a text uses them; `memo`: see `ScopedNames`."""
    if e.scope is not None:
        return ScopedNames(decls, [e.scope], pending, memo)
    if is_std_file(e.file):
        return StdNames(decls, pending, memo)
    return ScopedNames(decls, [], pending, memo)
