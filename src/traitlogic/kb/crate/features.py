"""Cargo's feature resolution for one package: which features, optional deps and dep features are on.

Takes a `Package` and the requested flags (`--features`, `--no-default-features`, `--all-features`);
gives a `FeatureResolution`. Rules as cargo's: `default` and its closure, `dep:name`, `name/feat`,
`name?/feat`, and the implicit feature of an optional dependency not named by `dep:`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .manifest import Dependency, ManifestError, Package


@dataclass
class FeatureResolution:
    """The outcome: enabled features, active dependencies (extern names), what each dependency gets."""

    enabled: frozenset[str]
    active_deps: set[str] = field(default_factory=set)
    dep_features: dict[str, set[str]] = field(default_factory=dict)
    dep_default: dict[str, bool] = field(default_factory=dict)


def split_features(requested: Iterable[str]) -> list[str]:
    """`--features "a b"`, `"a,b"` or a list of those, as single feature names."""
    return [f for item in requested for f in re.split(r"[\s,]+", item) if f]


def feature_map(pkg: Package) -> dict[str, list[str]]:
    """The package's features plus the implicit `name = ["dep:name"]` of optional dependencies."""
    fmap = {k: list(v) for k, v in pkg.features.items()}
    named_by_dep = {v[4:] for vs in pkg.features.values() for v in vs if v.startswith("dep:")}
    for dep in pkg.dependencies:
        if dep.optional and dep.key not in named_by_dep and dep.key not in fmap:
            fmap[dep.key] = [f"dep:{dep.key}"]
    return fmap


def _deps_by_key(pkg: Package) -> dict[str, list[Dependency]]:
    out: dict[str, list[Dependency]] = {}
    for dep in pkg.dependencies:
        out.setdefault(dep.key, []).append(dep)
    return out


def _validate(pkg: Package, fmap: dict[str, list[str]], deps: dict[str, list[Dependency]]) -> None:
    where = str(pkg.manifest)
    for feat, values in pkg.features.items():
        for v in values:
            if v.startswith("dep:"):
                if not any(d.optional for d in deps.get(v[4:], [])):
                    raise ManifestError(f"feature `{feat}` includes `{v}`, but `{v[4:]}` is not an optional dependency",
                                        where, 0)
            elif "/" in v:
                name = v.split("/", 1)[0].rstrip("?")
                if name not in deps:
                    raise ManifestError(f"feature `{feat}` includes `{v}`, but `{name}` is not a dependency", where, 0)
            elif v not in fmap:
                raise ManifestError(f"feature `{feat}` includes `{v}` which is neither a dependency nor another feature",
                                    where, 0)


def _unknown(pkg: Package, feat: str, deps: dict[str, list[Dependency]]) -> ManifestError:
    if any(d.optional for d in deps.get(feat, [])):
        return ManifestError(
            f"package `{pkg.name}` does not have feature `{feat}`; it has an optional dependency with that name, "
            f"but that dependency uses the `dep:` syntax in the features table, so it has no implicit feature",
            str(pkg.manifest), 0)
    return ManifestError(f"package `{pkg.name}` does not have the feature `{feat}`", str(pkg.manifest), 0)


def resolve_features(pkg: Package, requested: Iterable[str] = (), default_features: bool = True,
                     all_features: bool = False) -> FeatureResolution:
    """Resolve `pkg`'s features as cargo does for the given command-line flags."""
    fmap = feature_map(pkg)
    deps = _deps_by_key(pkg)
    _validate(pkg, fmap, deps)
    enabled: set[str] = set()
    active: set[str] = {k for k, ds in deps.items() if any(not d.optional for d in ds)}
    strong: dict[str, set[str]] = {}
    weak: dict[str, set[str]] = {}

    def enable(value: str, from_cli: bool) -> None:
        if value.startswith("dep:"):
            active.add(value[4:])
        elif "/" in value:
            name, feat = value.split("/", 1)
            if name.endswith("?"):
                weak.setdefault(name[:-1], set()).add(feat)
                return
            if name not in deps:
                if from_cli:
                    raise _unknown(pkg, value, deps)
                return
            active.add(name)
            strong.setdefault(name, set()).add(feat)
            if any(d.optional for d in deps[name]) and name in fmap:
                enable(name, False)
        elif value not in enabled:
            if value not in fmap:
                if from_cli and value == "default":
                    return  # cargo accepts `--features default` without a `default` feature
                raise _unknown(pkg, value, deps)
            enabled.add(value)
            for v in fmap[value]:
                enable(v, False)

    if all_features:
        for f in fmap:
            enable(f, False)
    if default_features and "default" in fmap:
        enable("default", False)
    for f in split_features(requested):
        enable(f, True)
    res = FeatureResolution(enabled=frozenset(enabled), active_deps=set())
    for key in sorted(active):
        ds = deps[key]
        name = ds[0].name
        res.active_deps.add(name)
        feats = set(strong.get(key, set())) | set(weak.get(key, set()))
        normal = [d for d in ds if d.kind == "normal"] or ds
        for d in normal:
            feats |= set(d.features)
        res.dep_features[name] = feats
        res.dep_default[name] = any(d.default_features for d in normal)
    return res
