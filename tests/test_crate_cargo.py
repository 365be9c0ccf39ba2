"""The cargo layer of `--crate`: cfg predicates, manifests, workspaces, features, dependency sources.

Labels for features come from `cargo metadata --offline` where cargo exists (those tests skip
without it); the host cfg is compared with `rustc --print cfg`.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from traitlogic.kb.crate.cfg import CfgError, CfgSet, host_cfg
from traitlogic.kb.crate.deps import CrateUnit, MissingDependency, all_units, load_units
from traitlogic.kb.crate.features import resolve_features
from traitlogic.kb.crate.manifest import ManifestError, find_packages

DATA = Path(__file__).parent / "data" / "cargo_units"
HOME = DATA / "home"

CFG = CfgSet(names=frozenset({"unix", "debug_assertions"}),
             pairs=frozenset({("target_os", "linux"), ("feature", "std"), ("target_has_atomic", "64")}))


@pytest.mark.parametrize(("pred", "expected"), [
    ("unix", True), ("windows", False), ("test", False), ("miri", False), ("loom", False), ("doc", False),
    ('target_os = "linux"', True), ('target_os="macos"', False), ('feature = "std"', True),
    ('feature = "alloc"', False), ('target_has_atomic = "64"', True),
    ("all()", True), ("any()", False), ("not(unix)", False), ("not(test)", True),
    ('all(unix, not(feature = "x"))', True), ('all(unix, feature = "x")', False),
    ('any(windows, all(unix, target_os = "linux"),)', True),
    ('not(any(test, miri, all(unix, not(debug_assertions))))', True),
    ("true", True), ("false", False),
])
def test_cfg_evaluate(pred: str, expected: bool) -> None:
    assert CFG.evaluate(pred) is expected


@pytest.mark.parametrize("pred", [
    "", "all(unix", "not(unix, windows)", "not()", 'feature =', "feature = std", "unix windows",
    "foo(unix)", "all(unix))", "1unix", 'all(unix,, windows)',
])
def test_cfg_bad_syntax(pred: str) -> None:
    with pytest.raises(CfgError) as err:
        CFG.evaluate(pred, "src/lib.rs", 12)
    assert str(err.value).startswith("src/lib.rs:12: ")


def test_cfg_with_features() -> None:
    c = CFG.with_features(["rc", "std"])
    assert c.evaluate('all(feature = "rc", feature = "std")') and c.features == {"rc", "std"}


@pytest.mark.skipif(shutil.which("rustc") is None, reason="needs rustc")
def test_host_cfg_matches_rustc() -> None:
    out = subprocess.run(["rustc", "--print", "cfg"], capture_output=True, text=True, check=True).stdout
    names, pairs = set(), set()
    for line in out.splitlines():
        if "=" in line:
            k, v = line.split("=", 1)
            pairs.add((k, v.strip('"')))
        elif line:
            names.add(line)
    host = host_cfg()
    assert host.names == names
    assert host.pairs == pairs


def _feat(requested: tuple[str, ...] = (), default: bool = True, all_: bool = False) -> tuple[set[str], set[str]]:
    (pkg,) = find_packages(DATA / "feat")
    res = resolve_features(pkg, requested, default, all_)
    return set(res.enabled), res.active_deps


def test_features_table() -> None:
    assert _feat() == ({"default", "std", "alloc"}, {"plain"})
    assert _feat(default=False) == (set(), {"plain"})
    assert _feat(("default",), default=False)[0] == {"default", "std", "alloc"}
    assert _feat(("opt-a",), default=False) == ({"opt-a"}, {"plain", "opt_a"})  # implicit feature
    assert _feat(("uses-b",), default=False) == ({"uses-b"}, {"plain", "opt_b"})
    assert _feat(("weak",), default=False) == ({"weak"}, {"plain"})  # `?/` does not switch opt-a on
    assert _feat(("strong",), default=False) == ({"strong", "opt-a"}, {"plain", "opt_a"})
    assert _feat(("alloc weak,std",), default=False)[0] == {"alloc", "weak", "std"}
    enabled, active = _feat(all_=True)
    assert enabled == {"default", "std", "alloc", "uses-b", "weak", "strong", "opt-a"}
    assert active == {"plain", "opt_a", "opt_b"}


def test_feature_dep_requests() -> None:
    (pkg,) = find_packages(DATA / "feat")
    res = resolve_features(pkg, ["uses-b", "weak", "opt-a"], default_features=False)
    assert res.dep_features == {"opt_b": {"fast"}, "opt_a": {"extra"}, "plain": {"x"}}
    assert res.dep_default == {"opt_b": False, "opt_a": True, "plain": True}


def test_unknown_feature() -> None:
    (pkg,) = find_packages(DATA / "feat")
    with pytest.raises(ManifestError, match="package `feat` does not have the feature `nope`"):
        resolve_features(pkg, ["nope"])
    with pytest.raises(ManifestError, match="optional dependency with that name"):
        resolve_features(pkg, ["opt_b"])  # named by `dep:`, so no implicit feature


@pytest.mark.skipif(shutil.which("cargo") is None, reason="needs cargo")
@pytest.mark.parametrize(("flags", "requested", "default"), [
    ([], (), True), (["--no-default-features"], (), False), (["--features", "uses-b,weak"], ("uses-b,weak",), True),
    (["--features", "strong alloc", "--no-default-features"], ("strong alloc",), False),
    (["--features", "opt-a"], ("opt-a",), True), (["--features", "weak,strong"], ("weak,strong",), True),
    (["--all-features"], (), True),
])
def test_features_match_cargo_metadata(tmp_path: Path, flags: list[str], requested: tuple[str, ...],
                                       default: bool) -> None:
    for name in ("feat", "opt_a", "opt_b", "plain"):
        shutil.copytree(DATA / name, tmp_path / name)
    done = subprocess.run(["cargo", "metadata", "--offline", "--format-version", "1", *flags],
                          cwd=tmp_path / "feat", capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr  # (seen failing while other cargo processes ran)
    out = done.stdout
    nodes = {n["id"].rsplit("/", 1)[-1].split("#")[0]: set(n["features"]) for n in json.loads(out)["resolve"]["nodes"]}
    (unit,) = load_units(tmp_path / "feat", requested, default, all_features="--all-features" in flags)
    assert set(unit.features) == nodes["feat"]
    plain = unit.deps["plainlib"]
    assert isinstance(plain, CrateUnit) and set(plain.features) == nodes["plain"]


def test_workspace_members_and_p() -> None:
    pkgs = find_packages(DATA / "ws")
    assert [p.name for p in pkgs] == ["ws-root", "one", "two"]  # `crates/skip` excluded
    assert pkgs[0].lib_root.name == "main.rs" and pkgs[1].edition == "2018"  # edition.workspace = true
    assert [p.name for p in find_packages(DATA / "ws" / "Cargo.toml", "two")] == ["two"]
    with pytest.raises(ManifestError, match="package `nope` is not in this workspace; its members are `ws-root`, `one`, `two`"):
        find_packages(DATA / "ws", "nope")
    (two,) = load_units(DATA / "ws", package="two")
    assert isinstance(two.deps["one"], CrateUnit) and two.deps["one"].package.name == "one"


def test_manifest_fields() -> None:
    (pkg,) = find_packages(DATA / "plain")
    assert (pkg.name, pkg.crate_name, pkg.edition) == ("plain", "plainlib", "2018")
    (lp,) = find_packages(DATA / "libpath")
    assert lp.lib_root == (DATA / "libpath" / "code" / "root.rs").resolve() and lp.edition == "2015"


def test_invalid_toml_points_at_line() -> None:
    with pytest.raises(ManifestError) as err:
        find_packages(DATA / "bad_toml")
    assert str(err.value).startswith(f"{(DATA / 'bad_toml' / 'Cargo.toml').resolve()}:4: invalid TOML")


def test_missing_lib_root() -> None:
    with pytest.raises(ManifestError, match="package `nolib` has no library root"):
        find_packages(DATA / "nolib")


def test_no_manifest(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="no `Cargo.toml` here"):
        find_packages(tmp_path)


def test_registry_layout_renames_and_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARGO_HOME", str(HOME))
    (app,) = load_units(DATA / "app")
    assert set(app.deps) == {"serde", "mylog", "gone", "libc"}  # no windows-only or dev deps
    serde, log, gone = app.deps["serde"], app.deps["mylog"], app.deps["gone"]
    assert isinstance(serde, CrateUnit) and serde.package.version == "1.0.200"  # picked by Cargo.lock
    assert isinstance(log, CrateUnit) and log.package.name == "log"  # renamed dependency
    assert log.deps["serde"] is serde  # one unit per package
    assert set(serde.features) == {"derive", "rc"}  # unified: app's derive + log's rc, no default
    assert isinstance(gone, MissingDependency) and "`gone` 1.2.3 is not in Cargo.lock's registry" in gone.reason
    assert [w for u in all_units([app]) for w in u.warnings] == [
        f"{app.package.manifest}: dependency `gone` not found: {gone.reason}"]


def test_vendored_sources(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CARGO_HOME", str(tmp_path))
    (vend,) = load_units(DATA / "vend")
    cfg_if = vend.deps["cfg_if"]
    assert isinstance(cfg_if, CrateUnit) and cfg_if.package.root == (DATA / "vend" / "vendor" / "cfg-if").resolve()


def test_missing_without_lock(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CARGO_HOME", str(tmp_path))
    (tmp_path / "c" / "src").mkdir(parents=True)
    (tmp_path / "c" / "src" / "lib.rs").write_text("")
    (tmp_path / "c" / "Cargo.toml").write_text('[package]\nname = "c"\nversion = "0.1.0"\n[dependencies]\nbytes = "1"\n')
    (unit,) = load_units(tmp_path / "c")
    dep = unit.deps["bytes"]
    assert isinstance(dep, MissingDependency) and "no `Cargo.lock`" in dep.reason


def test_git_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARGO_HOME", str(HOME))
    (unit,) = load_units(DATA / "gitdep")
    tiny = unit.deps["tiny"]
    assert isinstance(tiny, CrateUnit) and tiny.package.version == "0.3.0"
    assert tiny.package.root.parent.name == "abcdef1"  # $CARGO_HOME/git/checkouts/REPO-*/SHORTREV/...


def test_path_cycle_is_guarded() -> None:
    (a,) = load_units(DATA / "cyc_a")
    b = a.deps["cyc_b"]
    assert isinstance(b, CrateUnit) and b.deps["cyc_a"] is a
    assert [u.package.name for u in all_units([a])] == ["cyc_a", "cyc_b"]


def test_unreadable_dependency_is_missing() -> None:
    (unit,) = load_units(DATA / "brokendep")
    bad = unit.deps["bad"]
    assert isinstance(bad, MissingDependency) and "invalid TOML" in bad.reason and ":4:" in bad.reason
    assert len(unit.warnings) == 1


def test_target_triple_and_cfg_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARGO_HOME", str(tmp_path))
    (tmp_path / "c" / "src").mkdir(parents=True)
    (tmp_path / "c" / "src" / "lib.rs").write_text("")
    for name in ("u", "w"):
        (tmp_path / name / "src").mkdir(parents=True)
        (tmp_path / name / "src" / "lib.rs").write_text("")
        (tmp_path / name / "Cargo.toml").write_text(f'[package]\nname = "{name}"\nversion = "0.1.0"\n')
    (tmp_path / "c" / "Cargo.toml").write_text(
        '[package]\nname = "c"\nversion = "0.1.0"\n'
        "[target.'cfg(all(unix, not(miri)))'.dependencies]\nu = { path = \"../u\" }\n"
        "[target.'cfg(windows)'.dependencies]\nw = { path = \"../w\" }\n")
    (unit,) = load_units(tmp_path / "c")
    expected = {"u"} if host_cfg().evaluate("unix") else {"w"}
    assert set(unit.deps) == expected


def test_workspace_features_split_over_members(tmp_path: Path) -> None:
    shutil.copytree(DATA / "ws", tmp_path / "ws")
    (tmp_path / "ws" / "crates" / "one" / "Cargo.toml").write_text(
        '[package]\nname = "one"\nversion = "0.1.0"\n[features]\nfast = []\nsmall = []\n')
    units = load_units(tmp_path / "ws", ["fast", "one/small"])
    assert [sorted(u.features) for u in units] == [[], ["fast", "small"], []]
    assert units[2].deps["one"] is units[1]
    with pytest.raises(ManifestError, match="none of the selected packages has the feature `nope`"):
        load_units(tmp_path / "ws", ["nope"])


@pytest.mark.skipif(shutil.which("cargo") is None, reason="needs cargo")
def test_workspace_matches_cargo_metadata(tmp_path: Path) -> None:
    shutil.copytree(DATA / "ws", tmp_path / "ws")
    out = subprocess.run(["cargo", "metadata", "--offline", "--no-deps", "--format-version", "1"],
                         cwd=tmp_path / "ws", capture_output=True, text=True, check=True).stdout
    meta = json.loads(out)
    cargo = {p["name"]: (p["edition"], Path(p["targets"][0]["src_path"])) for p in meta["packages"]}
    ours = {p.name: (p.edition, p.lib_root) for p in find_packages(tmp_path / "ws")}
    assert ours == cargo


def test_member_features_unified_with_dependents(tmp_path: Path) -> None:
    shutil.copytree(DATA / "ws", tmp_path / "ws")
    (tmp_path / "ws" / "crates" / "one" / "Cargo.toml").write_text(
        '[package]\nname = "one"\nversion = "0.1.0"\n[features]\nfast = []\nsmall = []\n')
    (tmp_path / "ws" / "crates" / "two" / "Cargo.toml").write_text(
        '[package]\nname = "two"\nversion = "0.1.0"\n[dependencies]\none = { path = "../one", features = ["small"] }\n')
    units = load_units(tmp_path / "ws", ["fast"])
    assert sorted(units[1].features) == ["fast", "small"]  # `small` from `two`, as cargo unifies
