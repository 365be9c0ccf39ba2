"""What reading a declaration shares between a build's stages, and what `Self` means in it."""
from __future__ import annotations

from collections.abc import Sequence

from tree_sitter import Node

from ..core import types as T
from ..core.model import TypeDecl, TypeParam
from .reader import Known, Scope


class ReadCache:
    """What the stages of one build share: each declaration's tree (a text is parsed once), and
    in the last stage the subtrees read so far per scope and parameter names (`TypeReader.read`:
    many fields are `Vec<u8>` or `Box<Node>`). Only for one build: its names do not change."""

    def __init__(self) -> None:
        self.parsed: dict[tuple[str, bool], tuple[Node, bytes]] = {}  # (text, private) -> item, bytes
        self._known: dict[tuple[int, frozenset[str]], tuple[Scope, Known]] = {}
        self.share = False  # set by the loader once the defaults are final (subtrees then shared)

    def known(self, scope: Scope, params: frozenset[str]) -> Known:
        """The subtrees read in `scope` by readers of declarations with these parameters."""
        key = (id(scope), params)
        entry = self._known.get(key)
        if entry is None or entry[0] is not scope:
            entry = self._known[key] = (scope, {})  # (the scope kept: its id stays its own)
        return entry[1]


def self_type(name: str, params: Sequence[TypeParam], scope: Scope) -> T.Ty | None:
    """`Self` in the fields: the declared type over its parameters (None: not one known type)."""
    found = [d for d in scope.lookup_type([name]) if isinstance(d, TypeDecl)]
    ok = len(found) == 1 and [p.name for p in found[0].params] == [p.name for p in params]
    return T.adt(found[0].path, [T.param(p.name) for p in params]) if ok else None
