"""The crate graph as cargo builds it: each package with its unified features and found dependencies.

Takes a crate path and the feature flags; gives `CrateUnit`s whose `deps` map extern names to units
(or `MissingDependency`). Sources are found as cargo finds them: path deps, `Cargo.lock` versions in
`$CARGO_HOME/registry/src/*/NAME-VERSION`, `.cargo/config.toml` directory source replacement
(`vendor/`), git checkouts. Normal dependencies only; target-specific ones filtered by the host cfg.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cfg import CfgSet, host_cfg, host_triple
from .features import feature_map, resolve_features, split_features
from .manifest import (
    Dependency,
    ManifestError,
    Package,
    find_packages,
    read_package,
    read_toml,
)


@dataclass
class MissingDependency:
    """A dependency whose source could not be found."""

    name: str
    package: str
    reason: str


@dataclass(eq=False)
class CrateUnit:
    """One package as compiled: its cfg (host + features) and its dependencies by extern name."""

    package: Package
    cfg: CfgSet
    deps: dict[str, CrateUnit | MissingDependency] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def features(self) -> frozenset[str]:
        return self.cfg.features


def cargo_home() -> Path:
    """`$CARGO_HOME`, else `~/.cargo`."""
    env = os.environ.get("CARGO_HOME")
    return Path(env) if env else Path.home() / ".cargo"


@dataclass
class _Lock:
    entries: list[dict[str, Any]]

    def pick(self, pkg: Package, dep: Dependency) -> dict[str, Any] | None:
        """The lock entry `pkg`'s dependency `dep` resolved to."""
        cands = [e for e in self.entries if e.get("name") == dep.package]
        if len(cands) <= 1:
            return cands[0] if cands else None
        me = [e for e in self.entries if e.get("name") == pkg.name and e.get("version") == pkg.version]
        for ref in (me[0].get("dependencies", []) if me else []):
            parts = str(ref).split(" ")
            if parts[0] == dep.package and len(parts) > 1:
                for e in cands:
                    if e.get("version") == parts[1]:
                        return e
        return None


def _lock_for(pkg: Package) -> _Lock | None:
    for d in [pkg.workspace_root or pkg.root, *(pkg.workspace_root or pkg.root).parents]:
        if (d / "Cargo.lock").is_file():
            return _Lock(list(read_toml(d / "Cargo.lock").get("package", [])))
    return None


def _vendor_dir(start: Path) -> Path | None:
    """The directory crates.io is replaced with by `.cargo/config.toml` (crate dir, ancestors, CARGO_HOME)."""
    configs = [d / ".cargo" / n for d in [start, *start.parents] for n in ("config.toml", "config")]
    configs += [cargo_home() / n for n in ("config.toml", "config")]
    sources: dict[str, Any] = {}
    bases: dict[str, Path] = {}
    for cfg in configs:
        if cfg.is_file():
            base = cfg.parent.parent if cfg.parent.name == ".cargo" else cfg.parent
            for name, table in read_toml(cfg).get("source", {}).items():
                if name not in sources:
                    sources[name], bases[name] = table, base
    name, seen = "crates-io", set()
    while name in sources and "replace-with" in sources[name] and name not in seen:
        seen.add(name)
        name = sources[name]["replace-with"]
    if name in sources and "directory" in sources[name]:
        return (bases[name] / str(sources[name]["directory"])).resolve()
    return None


def _match(manifest: Path, name: str, version: str | None) -> bool:
    try:
        pkg = read_toml(manifest).get("package", {})
    except ManifestError:
        return False
    return bool(pkg.get("name") == name and (version is None or pkg.get("version") == version))


def _in_vendor(vendor: Path, name: str, version: str | None) -> Path | None:
    for d in ([vendor / f"{name}-{version}"] if version else []) + [vendor / name]:
        if (d / "Cargo.toml").is_file() and _match(d / "Cargo.toml", name, version):
            return d
    for m in sorted(vendor.glob("*/Cargo.toml")):
        if _match(m, name, version):
            return m.parent
    return None


def _in_git(entry: dict[str, Any], name: str) -> Path | None:
    src = str(entry.get("source", ""))
    rev = src.rsplit("#", 1)[1] if "#" in src else ""
    repo = src.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    for checkout in sorted((cargo_home() / "git" / "checkouts").glob(f"{repo}-*")):
        for revdir in sorted(checkout.iterdir()) if checkout.is_dir() else []:
            if rev and not (rev.startswith(revdir.name) or revdir.name.startswith(rev[:7])):
                continue
            for m in [revdir / "Cargo.toml", *sorted(revdir.glob("**/Cargo.toml"))]:
                if m.is_file() and _match(m, name, str(entry.get("version")) or None):
                    return m.parent
    return None


def _locate(pkg: Package, dep: Dependency, lock: _Lock | None) -> Path | MissingDependency:
    """Where `dep`'s package sources are, as cargo would find them."""
    def missing(reason: str) -> MissingDependency:
        return MissingDependency(dep.name, dep.package, reason)

    if dep.path is not None:
        if (dep.path / "Cargo.toml").is_file():
            return dep.path
        return missing(f"path dependency `{dep.package}` has no `Cargo.toml` at {dep.path}")
    entry = lock.pick(pkg, dep) if lock else None
    if entry is None:
        why = "no `Cargo.lock`" if lock is None else "it is not in `Cargo.lock`"
        return missing(f"`{dep.package}` has no locked version ({why}; run `cargo generate-lockfile`)")
    version = str(entry.get("version", ""))
    if dep.source == "git" or str(entry.get("source", "")).startswith("git+"):
        found = _in_git(entry, dep.package)
        return found or missing(f"`{dep.package}` {version} (git) is not checked out under $CARGO_HOME/git/checkouts")
    vendor = _vendor_dir(pkg.root)
    if vendor is not None:
        found = _in_vendor(vendor, dep.package, version) if vendor.is_dir() else None
        return found or missing(f"`{dep.package}` {version} is not in the vendored sources at {vendor}")
    for d in sorted((cargo_home() / "registry" / "src").glob(f"*/{dep.package}-{version}")):
        if (d / "Cargo.toml").is_file():
            return d
    return missing(f"`{dep.package}` {version} is not in Cargo.lock's registry sources under $CARGO_HOME/registry/src")


def _applies(dep: Dependency, host: CfgSet, triple: str) -> bool:
    if dep.kind != "normal":
        return False
    if dep.target is None:
        return True
    t = dep.target.strip()
    if t.startswith("cfg(") and t.endswith(")"):
        return host.evaluate(t[4:-1], f"target.'{t}'", 0)
    return t == triple


@dataclass
class _Want:
    features: set[str] = field(default_factory=set)
    default: bool = False


def load_units(path: Path, features: Iterable[str] = (), default_features: bool = True,
               all_features: bool = False, package: str | None = None) -> list[CrateUnit]:
    """The crate(s) at `path` with their dependency graph, features unified across it (resolver 2)."""
    roots = find_packages(Path(path), package)
    host, triple = host_cfg(), host_triple()
    pkgs: dict[Path, Package] = {p.root: p for p in roots}
    wants: dict[Path, _Want] = {p.root: _Want(default=default_features) for p in roots}
    located: dict[tuple[Path, str], Path | MissingDependency] = {}
    lock = _lock_for(roots[0])  # one Cargo.lock for the whole graph: the workspace's
    per_root = _root_requests(roots, features)
    work = [p.root for p in roots]
    while work:
        key = work.pop()
        pkg = pkgs[key]
        want = wants[key]
        is_root = any(r.root == key for r in roots)
        res = resolve_features(pkg, per_root.get(key, []) + sorted(want.features), want.default,
                               all_features and is_root)
        for dep in pkg.dependencies:
            if dep.name not in res.active_deps or not _applies(dep, host, triple):
                continue
            where = located.get((key, dep.key))
            if where is None:
                where = located[(key, dep.key)] = _locate(pkg, dep, lock)
            if isinstance(where, MissingDependency):
                continue
            first = where not in pkgs
            if first:
                try:
                    pkgs[where] = read_package(where / "Cargo.toml")
                except ManifestError as exc:
                    located[(key, dep.key)] = MissingDependency(dep.name, dep.package, f"cannot read it: {exc}")
                    continue
                wants[where] = _Want()
            w = wants[where]
            new_feats = res.dep_features.get(dep.name, set()) | set(dep.features)
            new_default = res.dep_default.get(dep.name, dep.default_features)
            if not new_feats <= w.features or (new_default and not w.default) or first:
                w.features |= new_feats
                w.default = w.default or new_default
                if where not in work:
                    work.append(where)
    units: dict[Path, CrateUnit] = {}
    for key, pkg in pkgs.items():
        is_root = any(r.root == key for r in roots)
        res = resolve_features(pkg, per_root.get(key, []) + sorted(wants[key].features), wants[key].default,
                               all_features and is_root)
        units[key] = CrateUnit(pkg, host.with_features(res.enabled))
    for key, unit in units.items():
        for dep in unit.package.dependencies:
            where = located.get((key, dep.key))
            if where is None:
                continue
            if isinstance(where, MissingDependency):
                if dep.name in unit.deps:
                    continue
                unit.deps[dep.name] = where
                unit.warnings.append(f"{unit.package.manifest}: dependency `{dep.key}` not found: {where.reason}")
                continue
            target = units[where]
            unit.deps[dep.name if dep.renamed else target.package.crate_name] = target
    return [units[r.root] for r in roots]


def _root_requests(roots: list[Package], features: Iterable[str]) -> dict[Path, list[str]]:
    """`--features` split over the selected packages: `member/feat` to that member, a plain name to
    every selected package that has it (an error if none has it)."""
    out: dict[Path, list[str]] = {r.root: [] for r in roots}
    if len(roots) == 1:
        out[roots[0].root] = split_features(features)
        return out
    for f in split_features(features):
        head, _, tail = f.partition("/")
        member = [r for r in roots if r.name == head and tail]
        if member:
            out[member[0].root].append(tail)
            continue
        having = [r for r in roots if f in feature_map(r) or "/" in f and head in {d.key for d in r.dependencies}]
        if not having:
            raise ManifestError(f"none of the selected packages has the feature `{f}`", str(roots[0].manifest), 0)
        for r in having:
            out[r.root].append(f)
    return out


def all_units(units: Iterable[CrateUnit]) -> Iterator[CrateUnit]:
    """Every unit reachable from `units`, each once (dependencies after their dependents)."""
    seen: set[int] = set()
    stack = list(units)
    while stack:
        u = stack.pop(0)
        if id(u) in seen:
            continue
        seen.add(id(u))
        yield u
        stack.extend(d for d in u.deps.values() if isinstance(d, CrateUnit))
