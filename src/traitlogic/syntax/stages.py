"""What reading a declaration shares between a build's stages and across scopes, and what
`Self` means in it."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from tree_sitter import Node

from ..core import types as T
from ..core.errors import ParseError
from ..core.lifetimes import Written
from ..core.model import AliasDecl, TraitDecl, TypeDecl, TypeParam
from .reader import KNOWN_SIZE, Known, Scope, TypeReader

# A lookup a read made: (a type? else a trait, the path, the declarations it found; None: it
# raised a ParseError, which the read caught: a bound naming an unknown trait)
Lookup = tuple[bool, tuple[str, ...], tuple[TypeDecl | AliasDecl | TraitDecl, ...] | None]
# (parameter names, a field type's text) -> what reading it gave, with the lookups it made
Across = dict[tuple[frozenset[str], bytes], list[tuple[tuple[Lookup, ...], T.Ty, Written | None]]]
# (private, a declaration's text before its name, after it) -> its parts, with the lookups made
DeclKey = tuple[bool, bytes, bytes]
_Found = TypeVar("_Found", TypeDecl | AliasDecl, TraitDecl)  # what a lookup finds


class ReadCache:
    """What the stages of one build share: each declaration's tree (a text is parsed once), and
    in the last stage the subtrees read so far per scope and parameter names (`TypeReader.read`:
    many fields are `Vec<u8>` or `Box<Node>`). Only for one build: its names do not change."""

    def __init__(self) -> None:
        self.parsed: dict[tuple[str, bool], tuple[Node, bytes]] = {}  # (text, private) -> item, bytes
        self._known: dict[tuple[int, frozenset[str]], tuple[Scope, Known]] = {}
        self.across: Across = {}  # field types read in any scope (`read_field`)
        self.declarations: dict[DeclKey, list[tuple[tuple[Lookup, ...], Any]]] = {}  # (`declaration`)
        self.share = False  # set by the loader once the defaults are final (subtrees then shared)

    def known(self, scope: Scope, params: frozenset[str]) -> Known:
        """The subtrees read in `scope` by readers of declarations with these parameters."""
        key = (id(scope), params)
        entry = self._known.get(key)
        if entry is None or entry[0] is not scope:
            entry = self._known[key] = (scope, {})  # (the scope kept: its id stays its own)
        return entry[1]

    def declaration(self, item: Node, data: bytes, private: bool, scope: Scope) -> tuple[DeclKey | None, Any]:
        """A declaration's key, and its parts (read in another scope, without its name) if a
        declaration with the same text but for its name was read where every name it looked up
        resolves to the same declarations as here. (Unit structs, newtypes over the same type and
        the items of one macro are such; `Self` would mean each one itself: never shared.)"""
        name = item.child_by_field_name("name")
        if name is None or data.find(b"Self", item.start_byte, item.end_byte) >= 0:
            return None, None
        key = (private, data[item.start_byte:name.start_byte], data[name.end_byte:item.end_byte])
        for lookups, parts in self.declarations.get(key, ()):
            if _resolve_alike(scope, lookups):
                return key, parts
        return key, None


def read_field(reader: TypeReader, node: Node, cache: ReadCache | None) -> tuple[T.Ty, Written | None]:
    """A field's type and the lifetimes written in it. In a build's last stage (`cache.share`),
    a field type read before in any scope, with the same text and parameter names, is not read
    again where every name it looked up resolves to the same declarations here (what else a read
    depends on is the knowledge base's, the same for all scopes): many modules write `Vec<u8>`
    or `Arc<Mutex<T>>` with std's names. Only a declaration reader's settings are shared (no
    `Self`, no parameter bounds or implicit parameters, no `Sized` checks)."""
    data, start, end = reader.data, node.start_byte, node.end_byte
    if cache is None or not cache.share or end - start > KNOWN_SIZE or reader.check_wf or reader.param_traits \
            or reader.implicit_params or b"Self" in (text := data[start:end]):
        return reader.read(node), reader.written
    key = (reader.params, text)
    scope = reader.scope
    for lookups, ty, written in cache.across.get(key, ()):
        if _resolve_alike(scope, lookups):
            return ty, written
    recording = Recording(scope)
    known, reader.scope, reader.known = reader.known, recording, None  # (`known` would skip lookups)
    try:
        ty = reader.read(node)
    finally:
        reader.scope, reader.known = scope, known
    cache.across.setdefault(key, []).append((tuple(recording.log), ty, reader.written))
    return ty, reader.written


def _resolve_alike(scope: Scope, lookups: tuple[Lookup, ...]) -> bool:
    """Whether every lookup finds the same declarations in `scope` (or raises where it raised)."""
    for is_type, segments, found in lookups:
        try:
            now: Sequence[object] = scope.lookup_type(list(segments)) if is_type else \
                scope.lookup_trait(list(segments))
        except ParseError:
            if found is None:
                continue
            return False
        if found is None or len(now) != len(found) or any(a is not b for a, b in zip(now, found)):
            return False
    return True


class Recording:
    """A scope that notes the lookups made through it (what a read depends on in a scope: the
    rest of the knowledge base is the same for all); all else is the scope's."""

    def __init__(self, scope: Scope):
        self.scope = scope
        self.log: list[Lookup] = []

    def lookup_type(self, segments: list[str]) -> list[TypeDecl | AliasDecl]:
        return self._logged(True, self.scope.lookup_type, segments)

    def lookup_trait(self, segments: list[str]) -> list[TraitDecl]:
        return self._logged(False, self.scope.lookup_trait, segments)

    def _logged(self, is_type: bool, lookup: Callable[[list[str]], list[_Found]],
                segments: list[str]) -> list[_Found]:
        """`lookup(segments)`, noted with what it found (None: it raised)."""
        try:
            found = lookup(segments)
        except ParseError:
            self.log.append((is_type, tuple(segments), None))
            raise
        self.log.append((is_type, tuple(segments), tuple(found)))
        return found

    def similar_types(self, segments: list[str]) -> list[str]:
        return self.scope.similar_types(segments)

    def similar_traits(self, segments: list[str]) -> list[str]:
        return self.scope.similar_traits(segments)

    def type_display(self, decl: TypeDecl | AliasDecl) -> str:
        return self.scope.type_display(decl)

    def trait_display(self, decl: TraitDecl) -> str:
        return self.scope.trait_display(decl)

    def type_decl(self, path: str) -> TypeDecl | None:
        return self.scope.type_decl(path)

    def alias_target(self, alias: AliasDecl) -> T.Ty | None:
        return self.scope.alias_target(alias)

    def normalize(self, ty: T.Ty) -> T.Ty:
        return self.scope.normalize(ty)


def self_type(name: str, params: Sequence[TypeParam], scope: Scope) -> T.Ty | None:
    """`Self` in the fields: the declared type over its parameters (None: not one known type)."""
    found = [d for d in scope.lookup_type([name]) if isinstance(d, TypeDecl)]
    ok = len(found) == 1 and [p.name for p in found[0].params] == [p.name for p in params]
    return T.adt(found[0].path, [T.param(p.name) for p in params]) if ok else None
