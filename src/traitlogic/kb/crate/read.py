"""Read cargo units (a crate and its dependencies) into KB declarations, one item at a time:
an item traitlogic cannot read is a warning, and only goals that need it are errors.

    units = load_units("path/to/crate", ...)     # the cargo layer: packages, cfg, dependencies
    decls = read_units(units, base=std_decls)    # every crate's items; goals in the roots' scopes
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from ...core.errors import KBError
from ..build import build  # (not `..load`: it imports the YAML reader)
from ..declarations import Declarations
from ..entry import Entry
from .deps import MissingDependency
from .items import entries
from .model import Module, Tree, Unexpanded
from .modules import read_tree
from .resolve import Resolver
from .scope import CrateScope

RETRIES = 200  # tries of the build (each drops what failed) before giving up on a crate


def read_units(units: Iterable[Any], base: Declarations | Callable[[], Declarations] | None = None,
               ) -> tuple[Declarations, list[str]]:
    """Declarations for `units` (and everything they depend on) on top of `base` (a copy of it;
    or what `base()` returns, a new object for each try of the build: not copied), and the
    files read."""
    roots = list(units)
    order, keys = _order(roots)
    trees: dict[str, Tree] = {}
    externs: dict[str, dict[str, Any]] = {}
    warnings: list[str] = []
    for unit in order:
        key = keys[id(unit)]
        deps: dict[str, Any] = {}
        externs[key] = {}
        warnings += getattr(unit, "warnings", [])
        for name, dep in getattr(unit, "deps", {}).items():
            if id(dep) in keys:
                deps[name] = trees[keys[id(dep)]]
                externs[key][name] = keys[id(dep)]
            else:
                deps[name] = dep
                externs[key][name] = dep
                said = (f"dependency `{name}`", f"dependency `{name.replace('_', '-')}`")
                if not any(n in w for w in getattr(unit, "warnings", []) for n in said):
                    warnings.append(f"dependency `{name}` of `{unit.package.name}` not found: "
                                    f"{getattr(dep, 'reason', 'unknown')}")  # one warning per dependency
        tree = read_tree(key, unit.package.lib_root, unit.cfg, deps)
        trees[key] = tree
        warnings += tree.warnings
    resolver = Resolver(trees, externs)
    resolver.roots = [keys[id(u)] for u in roots]
    scopes: dict[tuple[str, tuple[str, ...]], CrateScope] = {}
    made: list[Entry] = []
    for unit in order:
        key = keys[id(unit)]
        tree = trees[key]
        for item in tree.items:
            scope = scopes.get((key, item.module)) or scopes.setdefault(
                (key, item.module), CrateScope(resolver, key, item.module))
            made += entries(item, key, unit.cfg, tree.modules[item.module].consts, scope)
        tree.items, tree.exported = [], {}  # parse trees are not kept (nor cached)
    decls = _build(made, base, resolver)
    for tree in trees.values():  # what goals still need of a module: its unexpanded macro calls
        tree.modules = Unexpanded({p: Module(p, m.origin, unexpanded=m.unexpanded)
                                   for p, m in tree.modules.items() if m.unexpanded})
    decls.warnings[:0] = warnings
    decls.goal_scopes.extend(CrateScope(resolver, k, (), goals=True)  # type: ignore[misc]
                             for k in resolver.roots)
    files = sorted({f for t in trees.values() for f in t.files})
    return decls, files


def _order(roots: list[Any]) -> tuple[list[Any], dict[int, str]]:
    """Units with dependencies first (iteratively), each with a unique crate key."""
    order: list[Any] = []
    keys: dict[int, str] = {}
    used: set[str] = set()
    seen: set[int] = set()
    stack: list[tuple[Any, bool]] = [(u, False) for u in reversed(roots)]
    while stack:
        unit, done = stack.pop()
        if done:
            if id(unit) not in keys:
                key, n = unit.package.crate_name, 1
                while key in used:
                    n += 1
                    key = f"{unit.package.crate_name}#{n}"
                used.add(key)
                keys[id(unit)] = key
                order.append(unit)
            continue
        if id(unit) in seen:
            continue
        seen.add(id(unit))
        stack.append((unit, True))
        for dep in getattr(unit, "deps", {}).values():
            if not isinstance(dep, MissingDependency) and id(dep) not in seen:
                stack.append((dep, False))
    return order, keys


def _build(made: list[Entry], base: Declarations | Callable[[], Declarations] | None,
           resolver: Resolver) -> Declarations:
    """`build`, dropping the entries that fail (each with a warning) and trying again.

    A try finds every entry that fails (`build(failed=...)`); it drops the first, and each
    other whose text names nothing that failed before it in the try, by any name a module binds
    it to (`_poisoned`): its failure is then its own, as it would be once those are dropped. The
    others are tried again, where what they name is gone ("`X` could not be read")."""
    dropped: list[str] = []
    for _ in range(RETRIES):
        failures: list[KBError] = []
        try:
            decls = build(made, base, failed=failures)
        except KBError as exc:  # one the build cannot go past (those before it go first)
            failures = failures or [exc]
        if not failures:
            decls.warnings[:0] = dropped
            return decls
        made = _drop(failures, made, resolver, dropped)
    raise KBError(f"too many items traitlogic cannot read (still failing after {RETRIES} tries)",
                  made[0].file if made else "", 0)


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _drop(failures: list[KBError], made: list[Entry], resolver: Resolver, dropped: list[str]) -> list[Entry]:
    """`made` without the failures `_build` drops from one try (each said in `dropped`)."""
    bound: dict[str, set[str]] = {}  # an item's path -> the names modules bind to it
    for space in resolver.spaces.values():
        for name, b in space.names.items():
            if b.kind == "def":
                bound.setdefault(b.target, set()).add(name)
    aliases = [e for e in made if e.section == "aliases"]
    names: set[str] = set()  # what may mean an item that failed in this try
    gone: set[int] = set()
    for n, err in enumerate(failures):
        bad = [err.item] if isinstance(err.item, Entry) else \
            [e for e in made if e.file == err.file and e.line == err.line]
        if not bad:
            if n == 0:
                raise err
            break  # (not one entry's: the others wait for the next try)
        bad += _self_types(bad, made)  # an auto-trait impl unread: its type is unknown, not guessed
        independent = n == 0 or not names & set(_WORD.findall(_text(bad[0])))
        names |= _poisoned(bad, bound, aliases, names)
        if not independent:
            continue
        for e in bad:
            gone.add(id(e))
            if "path" in e.values:
                resolver.failed[str(e.values["path"])] = f"{err.message} ({err.file}:{err.line})"
        dropped.append(f"{err.file}:{err.line}: skipped an item traitlogic cannot read: {err.message}")
    return [e for e in made if id(e) not in gone]


def _text(e: Entry) -> str:
    return str(e.values.get("decl") or e.values.get("impl") or "")


def _poisoned(bad: list[Entry], bound: dict[str, set[str]], aliases: list[Entry], known: set[str]) -> set[str]:
    """Every name that may mean one of `bad`'s items somewhere: their own names, the names a
    module binds to them (`use a::X as Y`), and the aliases whose text names any of these or
    of `known`."""
    paths = [str(e.values["path"]) for e in bad if "path" in e.values]
    names = {p.rsplit("::", 1)[-1] for p in paths}
    for p in paths:
        names |= bound.get(p, set())
    grown = True
    while grown:
        grown = False
        for e in aliases:
            name = str(e.values["path"]).rsplit("::", 1)[-1]
            if name not in names and (names | known) & set(_WORD.findall(_text(e))):
                names.add(name)
                grown = True
    return names


def _self_types(bad: list[Entry], made: list[Entry]) -> list[Entry]:
    """The type entries of the types a dropped impl is for (in the same crate)."""
    out: list[Entry] = []
    for e in bad:
        m = re.search(r"\bfor\s+([\w:]+)", str(e.values.get("impl", "")))
        scope = e.scope
        if m is None or not isinstance(scope, CrateScope):
            continue
        found = scope.resolver.path(scope.key, scope.path, [p for p in m.group(1).split("::") if p])
        if found is not None and found.kind == "def":
            out += [t for t in made if t.values.get("path") == found.target]
    return out
