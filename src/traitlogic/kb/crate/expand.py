"""Which `macro_rules!` a call names (textual scope, `#[macro_use]`, `dep::m!`, `$crate::m!`),
and its expansion through the `syntax.macros` expander.

    macro_rules! m { ... }   m! { ... }        -> the items `m` makes, as text
    #[macro_use] extern crate dep;             -> dep's `#[macro_export]` macros in scope
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tree_sitter import Node

from ...syntax import macros as _M
from .uses import field_text


class MacroScope:
    """`macro_rules!` names visible at one point: a module's own, then its parents'."""

    def __init__(self, parent: MacroScope | None, deps: dict[str, Any]):
        self.parent = parent
        self.deps = deps
        self.defs: dict[str, tuple[Any, str]] = {}  # name -> (definition, what `$crate` means)

    def child(self) -> MacroScope:
        return MacroScope(self, self.deps)

    def define(self, mac: Any, crate_path: str = "crate") -> None:
        self.defs[mac.name] = (mac, crate_path)

    def absorb(self, other: MacroScope) -> None:
        """A `#[macro_use] mod`: what it defined stays visible after it."""
        self.defs.update(other.defs)

    def use_crate(self, crate: str) -> None:
        dep = self.deps.get(crate)
        for mac in getattr(dep, "exported", {}).values():
            self.define(mac, f"::{crate}")

    def find(self, path: list[str], own_exported: dict[str, Any]) -> tuple[Any, str] | None:
        if len(path) == 1:
            scope: MacroScope | None = self
            while scope is not None:
                if path[0] in scope.defs:
                    return scope.defs[path[0]]
                scope = scope.parent
            return None
        head = path[0].lstrip(":")
        if len(path) == 2 and head in ("crate", "$crate") and path[1] in own_exported:
            return own_exported[path[1]], "crate"
        dep = self.deps.get(head)
        if len(path) == 2 and path[1] in getattr(dep, "exported", {}):
            return dep.exported[path[1]], f"::{head}"  # type: ignore[union-attr]
        return None


def macro_def(node: Node, data: bytes, file: str, exported: bool) -> Any | None:
    try:
        return _M.read_macro_def(node, data, file, exported)
    except _M.MacroError:
        return None


def expand_call(call: Node, data: bytes, file: str, scope: MacroScope,
                own_exported: dict[str, Any], uses: Iterable[Any] = ()) -> tuple[str | None, str]:
    """The items a call makes as text, or (None, why not); `uses` may import the macro by
    path (`use cfg_if::cfg_if;`)."""
    name = "".join(field_text(call, "macro", data).split())
    path = [p for p in name.split("::") if p]
    found = scope.find(path, own_exported)
    if found is None and len(path) == 1:
        for use in uses:
            if use.name == path[0] and len(use.path) == 2:
                found = scope.find([p.lstrip(":") for p in use.path], own_exported)
    if found is None:
        return None, "no `macro_rules!` of that name is in scope (a proc macro?); traitlogic does not expand it"
    mac, crate_path = found
    args = next((c for c in call.named_children if c.type == "token_tree"), None)
    if args is None:
        return None, "the call has no arguments traitlogic can read"
    try:
        return _M.expand(mac, args, data, file, crate_path=crate_path), ""
    except _M.MacroError as exc:
        return None, str(getattr(exc, "message", exc))
    except RecursionError:
        return None, "the macro recurses too deeply"
