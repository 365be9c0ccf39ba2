"""Where the KB's readers look names up inside a crate: one module's namespace, strictly.

A name that resolves to something traitlogic could not read is an error saying why; a name the
module does not bind at all is std's prelude name, or an error as rustc's (E0425, E0405): never
another module's type or a std type of the same name. Goals alone go on to std's usual names.
"""
from __future__ import annotations

from typing import Any

from ...core.errors import ParseError
from ...syntax.derive import DERIVABLE
from .resolve import STD_CRATES, Binding, Resolver


class CrateScope:
    """A module of a crate read with `--crate`, as `kb.scope.ScopedNames` uses scopes."""

    strict = True

    def __init__(self, resolver: Resolver, key: str, module: tuple[str, ...], goals: bool = False):
        self.resolver = resolver
        self.key = key
        self.module = ("crate",) + module
        self.path = module
        self.goals = goals  # the goal scope: crate names and unique bare names too
        self.uses: dict[str, tuple[str, ...]] = {}
        self.globs: list[tuple[str, ...]] = []
        self.derived = False  # the scope of a `#[derive]`'s impls: its trait is std's (`for_derive`)
        self._for_derive: CrateScope | None = None

    def for_derive(self) -> CrateScope:
        """This module's scope for the impls a `#[derive(...)]` writes, whose trait is std's
        (the macro writes `::core::fmt::Debug`) whatever the module names `Debug`."""
        if self._for_derive is None:
            self._for_derive = CrateScope(self.resolver, self.key, self.path, self.goals)
            self._for_derive.derived = True
        return self._for_derive

    def public_paths(self) -> list[str]:
        """The root crates' own items that other crates can name (`traitlogic report`)."""
        return [p for key in self.resolver.roots for p in self.resolver.public_items(key)]

    def absolute(self, segments: list[str]) -> tuple[str, ...] | None:
        return None

    def resolve_here(self, table: Any, segments: list[str]) -> list[Any] | None:
        """Candidates for `segments` (the reader drops a leading `crate`); None: ask the KB."""
        r = self.resolver
        if self.derived and table.what == "trait" and len(segments) == 1 and segments[0] in DERIVABLE:
            return self._entities(table, Binding("std", DERIVABLE[segments[0]]), segments)
        found = r.path(self.key, self.path, segments)
        if found is not None and self.goals:
            self._reachable_at_root(self.key, segments, segments)
        if found is None and self.goals:
            if segments[0] in STD_CRATES and len(segments) > 1:
                return None  # goals name std's types as the KB does
            named = self._goal_name(table, segments)
            if isinstance(named, list):
                return named
            found = named
            if found is None:
                self._not_in_roots(segments)
        if found is None and len(segments) > 1 and r.path(self.key, self.path, segments[:1]) is not None:
            raise ParseError(self._missing_in(segments))
        if found is None and len(segments) > 1 and segments[0] in ("std", "alloc"):  # never std's by default
            why = "a `#![no_std]` crate has no `std`" if segments[0] == "std" else \
                "`alloc` is only in scope after `extern crate alloc;`"
            raise ParseError(f"`{'::'.join(segments)}` does not resolve here: {why} (rustc: E0433)")
        if found is None:
            return self._not_bound(table, segments)
        return self._entities(table, found, segments)

    def _missing_in(self, segments: list[str]) -> str:
        """`a::Made` where `a` is known but holds no `Made`: never a guess from elsewhere."""
        r, name = self.resolver, "::".join(segments)
        for n in range(len(segments) - 1, 0, -1):
            at = r.path(self.key, self.path, segments[:n])
            if at is not None and at.kind == "mod":
                calls = r.trees[at.target].modules[at.module].unexpanded
                if calls:
                    mac, where = calls[0]
                    return (f"`{name}` may come from the macro call `{mac}!` at {where}, "
                            "which traitlogic does not expand")
                break
        return f"unknown type `{name}`: `{segments[-2]}` has no item `{segments[-1]}`"

    def _missing_from_root(self, key: str, segments: list[str]) -> str:
        """`mycrate::a::Made` where the path stops resolving: what is missing where, and the
        paths the crate root can name that end in the same name."""
        r, rest = self.resolver, segments[1:]
        n = len(rest) - 1
        while n > 0 and (r.path(key, (), rest[:n]) or Binding("", "")).kind != "mod":
            n -= 1
        at = r.path(key, (), rest[:n])
        if at is not None and at.kind == "mod" and r.trees[at.target].modules[at.module].unexpanded:
            mac, where = r.trees[at.target].modules[at.module].unexpanded[0]
            return (f"`{'::'.join(segments)}` may come from the macro call `{mac}!` at {where}, "
                    "which traitlogic does not expand")
        named = [p for k, p in r.defined.get(segments[-1], []) if k == key and p in r.reachable(k)]
        hint = f" (the crate has {', '.join(f'`{p}`' for p in named[:3])})" if named else ""
        return f"unknown type `{'::'.join(segments)}`: `{'::'.join(segments[:n + 1])}` has no item `{rest[n]}`{hint}"

    def _entities(self, table: Any, b: Binding, segments: list[str]) -> list[Any]:
        name = "::".join(segments)
        if b.kind == "def":
            hit = table.by_path.get(b.target)
            if hit is not None:
                return [hit]
            why = self.resolver.failed.get(b.target)
            if why is not None:
                raise ParseError(f"`{name}` ({b.target}) could not be read: {why}")
            return []  # a type where a trait is wanted, or the other way round
        if b.kind == "std":
            head, _, rest = b.target.partition("::")
            for crate in (head,) + tuple(c for c in STD_CRATES if c != head):
                hit = table.by_path.get(f"{crate}::{rest}" if rest else crate)
                if hit is not None:
                    return [hit]
            return []
        if b.kind == "unknown":
            raise ParseError(f"`{name}` is unknown: {b.target}")
        return []

    def _not_bound(self, table: Any, segments: list[str]) -> list[Any] | None:
        """A name the module does not bind: maybe from an unreadable glob or macro call, else
        std's prelude, else (but in goals, which go on to std's usual names) not a name here."""
        if self.goals and (table.what == "trait" or self._prelude(table, segments)):
            return None  # a goal's trait and prelude names are std's, as the user means them
        space = self.resolver.spaces[(self.key, self.path)]
        for glob, origin in space.globs:
            if glob.kind == "std" and len(segments) == 1:
                hits = self._entities(table, Binding("std", f"{glob.target}::{segments[0]}"), segments)
                if hits:
                    return hits
        name = "::".join(segments)
        for glob, origin in space.globs:
            if glob.kind == "unknown":
                raise ParseError(f"`{name}` is unknown: it may come from {glob.target}")
        module = self.resolver.trees[self.key].modules[self.path]
        if self._prelude(table, segments):
            return None  # std's prelude
        if len(module.unexpanded) == 1:
            mac, where = module.unexpanded[0]
            raise ParseError(f"`{name}` may come from the macro call `{mac}!` at {where}, "
                             "which traitlogic does not expand")
        if module.unexpanded:
            calls = ", ".join(f"`{m}!` at {w}" for m, w in module.unexpanded[:5])
            more = f" and {len(module.unexpanded) - 5} more" if len(module.unexpanded) > 5 else ""
            raise ParseError(f"`{name}` may come from a macro call traitlogic does not expand: {calls}{more}")
        if self.goals:
            return None
        code = "E0405" if table.what == "trait" else "E0425"
        raise ParseError(f"cannot find {table.what} `{name}` in this scope (rustc: {code})")

    def _not_in_roots(self, segments: list[str]) -> None:
        """A goal naming a dependency's type by a name the crate itself does not have: an error."""
        r, name = self.resolver, "::".join(segments)
        if len(segments) > 1 and segments[0] in r.trees:
            raise ParseError(f"unknown type `{name}`: `{segments[0]}` is not a name in the crate "
                             "(dependencies are named as the crate names them)")
        if len(segments) == 1 and r.defined.get(name):
            paths = ", ".join(f"`{p}`" for _, p in r.defined[name][:5])
            raise ParseError(f"unknown type `{name}` in the crate (a dependency has {paths}; write its path)")

    def _reachable_at_root(self, key: str, segs: list[str], written: list[str], note: str = "") -> None:
        """A goal may only name what the crate root can: else an error saying why not."""
        why = self.resolver.hidden(key, segs)
        if why is None and note:
            why = "no path from the crate root reaches it"
        if why is not None:
            shown = list(written)
            if shown[0] in self.resolver.spaces[(key, ())].names and written == segs:
                shown.insert(0, "crate")  # a path from the root, as `crate::` spells it
            raise ParseError(f"`{'::'.join(shown)}`{note} cannot be named at the crate root: {why}")

    @staticmethod
    def _prelude(table: Any, segments: list[str]) -> bool:
        return len(segments) == 1 and any(e.path in table.prelude for e in table.candidates(segments))

    def _goal_name(self, table: Any, segments: list[str]) -> Binding | list[Any] | None:
        """`mycrate::a::B`, or a bare name of the crate's types when unique in the crate."""
        r = self.resolver
        for key in r.roots:
            if segments[0] == key and len(segments) > 1:
                found = r.path(key, (), segments[1:])
                if found is None:
                    raise ParseError(self._missing_from_root(key, segments))
                self._reachable_at_root(key, segments[1:], segments)
                return found
        if len(segments) != 1:
            return None
        named = [(k, p) for k, p in r.defined.get(segments[0], []) if k in r.roots and p in table.by_path]
        hits = [p for k, p in named if p in r.reachable(k)]
        if not hits and named:  # the crate has it, but no path from its root can name it
            key, path = named[0]
            self._reachable_at_root(key, path.split("::")[1:], segments, f" (`{path}`)")
        if len(hits) > 1:
            options = ", ".join(f"`{p}`" for p in sorted(hits))
            raise ParseError(f"`{segments[0]}` is ambiguous: it could be {options}; write the path")
        return [table.by_path[hits[0]]] if hits else None
