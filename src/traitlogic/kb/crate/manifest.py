"""Cargo.toml reading: packages, their library roots, features and dependency declarations.

Takes a directory (or manifest path); gives `Package` records, reading a workspace's members.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...core.errors import KBError


class ManifestError(KBError):
    """A Cargo.toml that cannot be read or is not a valid manifest."""


@dataclass
class Dependency:
    """One entry of a `[dependencies]` table (or dev/build/target-specific)."""

    name: str  # extern name: the key (after `package =` rename), hyphens -> underscores
    package: str  # the real package name
    optional: bool = False
    default_features: bool = True
    features: list[str] = field(default_factory=list)
    path: Path | None = None
    version: str | None = None
    source: str = "registry"  # "path" | "registry" | "git"
    target: str | None = None  # 'cfg(unix)' or a target triple
    kind: str = "normal"  # "normal" | "dev" | "build"
    key: str = ""  # the key as written in the manifest (feature values refer to it)
    git: str | None = None
    registry: str | None = None

    @property
    def renamed(self) -> bool:
        return self.key != self.package


@dataclass
class Package:
    """One `[package]` of a manifest."""

    name: str
    crate_name: str
    manifest: Path
    root: Path
    lib_root: Path
    edition: str
    features: dict[str, list[str]]
    dependencies: list[Dependency]
    version: str = "0.0.0"
    workspace_root: Path | None = None


_AT_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; `ManifestError` with file:line for bad TOML or an unreadable file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ManifestError(f"cannot read manifest: {exc.strerror or exc}", str(path), 0) from None
    try:
        data: dict[str, Any] = tomllib.loads(text)
        return data
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _AT_LINE.search(msg)
        line = int(m.group(1)) if m else 0
        what = _AT_LINE.sub("", msg).strip()
        raise ManifestError(f"invalid TOML: {what[:1].lower()}{what[1:]}", str(path), line) from None


def _manifest_path(path: Path) -> Path:
    if path.is_dir():
        path = path / "Cargo.toml"
    if not path.is_file():
        raise ManifestError("no `Cargo.toml` here (expected a crate directory or its manifest)", str(path), 0)
    return path.resolve()


def _find_workspace(manifest: Path) -> tuple[Path, dict[str, Any]] | None:
    """The manifest of the workspace containing `manifest` (itself if it has `[workspace]`)."""
    for d in [manifest.parent, *manifest.parent.parents]:
        cand = d / "Cargo.toml"
        if cand.is_file():
            data = read_toml(cand)
            if "workspace" in data:
                return cand, data
    return None


def _str(value: Any, what: str, manifest: Path) -> str:
    if not isinstance(value, str):
        raise ManifestError(f"`{what}` must be a string, found `{value!r}`", str(manifest), 0)
    return value


def _inherit(value: Any, key: str, ws_pkg: dict[str, Any], manifest: Path) -> Any:
    if isinstance(value, dict) and value.get("workspace") is True:
        if key not in ws_pkg:
            raise ManifestError(f"`{key}.workspace = true` but the workspace has no `workspace.package.{key}`",
                                str(manifest), 0)
        return ws_pkg[key]
    return value


def _dependency(key: str, spec: Any, kind: str, target: str | None, base: Path,
                ws_deps: dict[str, Any], ws_base: Path, manifest: Path) -> Dependency:
    if isinstance(spec, str):
        spec = {"version": spec}
    if not isinstance(spec, dict):
        raise ManifestError(f"dependency `{key}` must be a version string or a table", str(manifest), 0)
    spec = dict(spec)
    if spec.pop("workspace", False) is True:
        if key not in ws_deps:
            raise ManifestError(f"dependency `{key}` is `workspace = true` but `workspace.dependencies` has no `{key}`",
                                str(manifest), 0)
        inherited = ws_deps[key]
        inherited = {"version": inherited} if isinstance(inherited, str) else dict(inherited)
        extra = list(spec.pop("features", []))
        inherited["features"] = list(inherited.get("features", [])) + extra
        if "optional" in spec:
            inherited["optional"] = spec.pop("optional")
        spec, base = inherited | spec, ws_base
    package = _str(spec.get("package", key), f"{key}.package", manifest)
    path = spec.get("path")
    git = spec.get("git")
    source = "path" if path is not None else ("git" if git is not None else "registry")
    default = spec.get("default-features", spec.get("default_features", True))
    return Dependency(
        name=key.replace("-", "_"), package=package, optional=bool(spec.get("optional", False)),
        default_features=bool(default), features=[str(f) for f in spec.get("features", [])],
        path=(base / _str(path, f"{key}.path", manifest)).resolve() if path is not None else None,
        version=spec.get("version"), source=source, target=target, kind=kind, key=key,
        git=git, registry=spec.get("registry"),
    )


_KINDS = (("dependencies", "normal"), ("dev-dependencies", "dev"), ("dev_dependencies", "dev"),
          ("build-dependencies", "build"), ("build_dependencies", "build"))


def _dependencies(data: dict[str, Any], manifest: Path, ws: dict[str, Any], ws_base: Path) -> list[Dependency]:
    ws_deps = ws.get("dependencies", {})
    tables: list[tuple[dict[str, Any], str | None]] = [(data, None)]
    tables += [(t, name) for name, t in data.get("target", {}).items() if isinstance(t, dict)]
    out: list[Dependency] = []
    for table, target in tables:
        for section, kind in _KINDS:
            for key, spec in table.get(section, {}).items():
                out.append(_dependency(key, spec, kind, target, manifest.parent, ws_deps, ws_base, manifest))
    return out


def read_package(manifest: Path, workspace: tuple[Path, dict[str, Any]] | None = None) -> Package:
    """Read the `[package]` of one manifest (inheriting `workspace = true` fields)."""
    data = read_toml(manifest)
    pkg = data.get("package", data.get("project"))
    if not isinstance(pkg, dict):
        raise ManifestError("manifest has no `[package]` section", str(manifest), 0)
    if workspace is None:
        workspace = _find_workspace(manifest)
    ws = workspace[1].get("workspace", {}) if workspace else {}
    ws_base = workspace[0].parent if workspace else manifest.parent
    ws_pkg = ws.get("package", {})
    name = _str(pkg.get("name"), "package.name", manifest)
    edition = str(_inherit(pkg.get("edition", "2015"), "edition", ws_pkg, manifest))
    version = str(_inherit(pkg.get("version", "0.0.0"), "version", ws_pkg, manifest))
    lib = data.get("lib", {})
    crate_name = _str(lib.get("name", name), "lib.name", manifest).replace("-", "_")
    root = manifest.parent
    if "path" in lib:
        lib_root = root / _str(lib["path"], "lib.path", manifest)
        if not lib_root.is_file():
            raise ManifestError(f"`[lib] path` `{lib['path']}` does not exist", str(manifest), 0)
    elif (root / "src" / "lib.rs").is_file():
        lib_root = root / "src" / "lib.rs"
    elif (root / "src" / "main.rs").is_file():
        lib_root = root / "src" / "main.rs"
    else:
        raise ManifestError(f"package `{name}` has no library root: no `[lib] path`, `src/lib.rs` or `src/main.rs`",
                            str(manifest), 0)
    features = {str(k): [str(v) for v in vs] for k, vs in data.get("features", {}).items()}
    return Package(name=name, crate_name=crate_name, manifest=manifest, root=root, lib_root=lib_root.resolve(),
                   edition=edition, features=features, dependencies=_dependencies(data, manifest, ws, ws_base),
                   version=version, workspace_root=workspace[0].parent if workspace else None)


def _members(ws_manifest: Path, data: dict[str, Any]) -> list[Path]:
    ws = data["workspace"]
    base = ws_manifest.parent
    exclude = {(base / e).resolve() for e in ws.get("exclude", [])}
    found: list[Path] = []
    if "package" in data:
        found.append(ws_manifest)
    for pattern in ws.get("members", []):
        for d in sorted(base.glob(pattern)) if any(c in pattern for c in "*?[") else [base / pattern]:
            d = d.resolve()
            if d in exclude or any(p in exclude for p in d.parents):
                continue
            m = d / "Cargo.toml"
            if not m.is_file():
                if "*" in pattern:
                    continue
                raise ManifestError(f"workspace member `{pattern}` has no `Cargo.toml`", str(ws_manifest), 0)
            if m not in found:
                found.append(m)
    return found


def find_packages(path: Path, package: str | None = None) -> list[Package]:
    """The packages `path` names: one package, or every member of a workspace root; `package` picks one."""
    manifest = _manifest_path(Path(path))
    data = read_toml(manifest)
    if "workspace" in data:
        ws = (manifest, data)
        pkgs = [read_package(m, ws) for m in _members(manifest, data)]
    else:
        pkgs = [read_package(manifest)]
    if package is None:
        return pkgs
    picked = [p for p in pkgs if p.name == package]
    if not picked:
        names = ", ".join(f"`{p.name}`" for p in pkgs)
        raise ManifestError(f"package `{package}` is not in this workspace; its members are {names}", str(manifest), 0)
    return picked
