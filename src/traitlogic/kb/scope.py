"""Module scopes of imported Rust code: names resolve through the module's own items, its `use`
declarations and glob imports before the KB-wide table (std's usual short names).

    use std::rc::Weak;      // a bare `Weak` in this module now means `std::rc::Weak`
    mod inner { ... }       // items of `inner` live at `crate::inner::Name`
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..core import types as T
from ..core.errors import ParseError
from ..core.model import AliasDecl, TraitDecl, TypeDecl
from .names import NameTable


@dataclass
class ModuleScope:
    """One Rust module: its path and what its `use` declarations bring in."""

    module: tuple[str, ...]  # ("crate", "config")
    uses: dict[str, tuple[str, ...]] = field(default_factory=dict)  # `Weak` -> ("std", "rc", "Weak")
    globs: list[tuple[str, ...]] = field(default_factory=list)  # `use std::sync::*;` -> ("std", "sync")

    def absolute(self, segments: list[str]) -> tuple[str, ...] | None:
        """`self::x`, `super::x`, `crate::x` as absolute module paths (None for other paths)."""
        head = segments[0]
        if head == "crate":
            return ("crate",) + tuple(segments[1:])
        if head == "self":
            return self.module + tuple(segments[1:])
        if head == "super":
            module = self.module
            rest = list(segments)
            while rest and rest[0] == "super":
                module = module[:-1] if len(module) > 1 else module
                rest.pop(0)
            return module + tuple(rest)
        return None


def resolve_in_module(table: NameTable[Any], scope: ModuleScope, segments: list[str]) -> list[Any] | None:
    """What the module itself says a path means (its items, `use`s, globs); None: ask the KB."""
    own = getattr(scope, "resolve_here", None)  # a crate module (kb/crate/scope.py) resolves itself
    if own is not None:
        found: list[Any] | None = own(table, segments)
        return found
    absolute = scope.absolute(segments)
    if absolute is not None:
        return _imported(table, absolute)
    local = table.by_path.get("::".join(scope.module + tuple(segments)))
    if local is not None:
        return [local]
    if segments[0] in scope.uses:
        return _imported(table, scope.uses[segments[0]] + tuple(segments[1:]))
    for glob in scope.globs:
        found = table.by_path.get("::".join(glob + tuple(segments)))
        if found is not None:
            return [found]
    return None


def _imported(table: NameTable[Any], path: tuple[str, ...]) -> list[Any]:
    """A full path from a `use`: exact if the KB knows it, else its longest known suffix."""
    exact = table.by_path.get("::".join(path))
    if exact is not None:
        return [exact]
    for n in range(len(path) - 1, 0, -1):
        found = table.candidates(list(path[-n:]))
        if found:
            return found
    return []


class ScopedNames:
    """The `Scope` the syntax readers use inside one module: delegates all but lookups.

    With `memo`, each name's lookup is done once: for a holder that knows neither the name
    tables nor the module scopes change while it is used (a build's second phase, a loaded KB's
    goals). A lookup that raises is not kept (asked again, it raises again)."""

    def __init__(self, decls: Any, scopes: list[ModuleScope],
                 pending: dict[str, Callable[[AliasDecl], None]] | None = None, memo: bool = False):
        self.decls = decls
        self.scopes = scopes
        self.pending = pending  # while loading: aliases not read yet, path -> its reader
        self._memo: dict[tuple[bool, tuple[str, ...]], list[Any]] | None = {} if memo else None

    def lookup_type(self, segments: list[str]) -> list[Any]:
        return self._found(True, segments)

    def lookup_trait(self, segments: list[str]) -> list[Any]:
        return self._found(False, segments)

    def _found(self, types: bool, segments: list[str]) -> list[Any]:
        table = self.decls.types if types else self.decls.traits
        memo = self._memo
        if memo is None:
            return self._lookup(table, segments)
        key = (types, tuple(segments))
        found = memo.get(key)
        if found is None:
            found = memo[key] = self._lookup(table, segments)
        return list(found)  # a copy: callers may keep or change theirs

    def _lookup(self, table: NameTable[Any], segments: list[str]) -> list[Any]:
        """Each module's own answer first (merged across modules); else the KB-wide table."""
        found: list[Any] = []
        decided = False  # a crate module that binds the name: never fall back to std's names
        for scope in self.scopes:
            here = resolve_in_module(table, scope, segments)
            decided = decided or (here is not None and getattr(scope, "strict", False))
            for entity in here or ():
                for f in found:
                    if f is entity:
                        break
                else:
                    found.append(entity)
        return found if found or decided else table.candidates(segments)

    def similar_types(self, segments: list[str]) -> list[str]:
        return _visible(self.decls.similar_types(segments), self.lookup_type)

    def similar_traits(self, segments: list[str]) -> list[str]:
        return _visible(self.decls.similar_traits(segments), self.lookup_trait)

    def type_display(self, decl: TypeDecl | AliasDecl) -> str:
        return str(self.decls.type_display(decl))

    def trait_display(self, decl: TraitDecl) -> str:
        return str(self.decls.trait_display(decl))

    def type_decl(self, path: str) -> TypeDecl | None:
        found: TypeDecl | None = self.decls.type_decl(path)
        return found

    def alias_target(self, alias: AliasDecl) -> T.Ty | None:
        """The alias's target, reading it first if the loader has not yet (None: a cycle)."""
        read = self.pending.pop(alias.path, None) if self.pending is not None else None
        if read is not None:
            read(alias)
        target: T.Ty | None = self.decls.alias_target(alias)
        return target

    def normalize(self, ty: T.Ty) -> T.Ty:
        normal: T.Ty = self.decls.normalize(ty)
        return normal


def _visible(names: list[str], lookup: Callable[[list[str]], list[Any]]) -> list[str]:
    """The suggested names that resolve here too (a crate module's scope may not see them)."""
    out = []
    for name in names:
        try:
            if lookup(name.split("::")):
                out.append(name)
        except ParseError:
            continue
    return out
