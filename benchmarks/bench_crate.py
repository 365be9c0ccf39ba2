"""Benchmark `--crate`: a generated crate of 2,000 files in nested modules, with cfg'd items and
macro calls. Prints: time to the first answer (cold: the crate not in the cache), to Send/Sync
of every public type (cold), `cargo check --offline` of the same crate (fresh target dir), and
a second ask (the crate from the cache) against a plain std ask, each in a fresh process. The
machine may be shared: every figure is the median of `--rounds` rounds, each round running all
of them one after the other (paired), with the ratios' medians of the pairs.

    python benchmarks/bench_crate.py [--files 2000] [--rounds 5] [--keep DIR]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Run in a fresh process: load the crate (or only std, for "-"), ask the goals given.
_ASK = r"""
import sys, time
t0 = time.perf_counter()
from traitlogic.api import KnowledgeBase
crate = sys.argv[1]
kb = KnowledgeBase.load(crate=crate) if crate != "-" else KnowledgeBase.load()
kb.ask_many(sys.argv[2:])
print(time.perf_counter() - t0)
import os
sys.stdout.flush()
os._exit(0)  # as the CLI does: no tearing down of the KB
"""


def generate(root: Path, files: int) -> list[str]:
    """A crate of `files` .rs files; returns the paths of its public types."""
    (root / "src").mkdir(parents=True)
    (root / "Cargo.toml").write_text('[package]\nname = "bench"\nversion = "0.1.0"\nedition = "2021"\n\n'
                                     '[features]\ndefault = ["std"]\nstd = []\n\n[lib]\npath = "src/lib.rs"\n')
    modules: list[tuple[str, ...]] = [()]
    children: dict[tuple[str, ...], list[str]] = {(): []}
    i = 0
    while len(modules) < files:
        parent = modules[i // 8]
        name = f"m{i}"
        path = parent + (name,)
        children[parent].append(name)
        children[path] = []
        modules.append(path)
        i += 1
    types = []
    for path in modules:
        file = root / "src" / ("lib.rs" if not path else "/".join(path) + ("/mod.rs" if children[path] else ".rs"))
        file.parent.mkdir(parents=True, exist_ok=True)
        n = "_".join(path) or "root"
        lines = ["#![allow(dead_code)]"] if not path else []
        if not path:
            lines.append("#[macro_export]\nmacro_rules! make { ($n:ident, $t:ty) => { pub struct $n { pub x: $t } }; }")
        lines += [f"pub mod {c};" for c in children[path]]
        lines += ["use std::rc::Rc;", "use std::sync::{Arc, Mutex};", "use std::cell::Cell;",
                  f"pub struct A{n}<T> {{ pub a: Arc<Mutex<T>>, pub c: Cell<u8> }}",
                  f'#[cfg(feature = "std")]\npub struct B{n} {{ pub r: Rc<u8> }}',
                  f'#[cfg(not(feature = "std"))]\npub struct B{n} {{ pub r: u8 }}',
                  f'pub enum E{n} {{ One(u8), #[cfg(feature = "std")] Two(Box<A{n}<u8>>), Three {{ p: *const u8 }} }}',
                  f"pub struct P{n}(pub *mut u8);", f"unsafe impl Send for P{n} {{}}",
                  f"crate::make!(M{n}, Vec<u8>);"]
        file.write_text("\n".join(lines) + "\n")
        prefix = "bench::" + "::".join(path) + ("::" if path else "")
        types += [f"{prefix}A{n}<u8>", f"{prefix}B{n}", f"{prefix}E{n}", f"{prefix}P{n}"]
    return types


def _run(args: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    out = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        sys.exit(f"failed: {' '.join(args[:4])}: {out.stderr[-2000:]}")
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--keep", type=Path)
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-crate-"))
    crate = a.keep or work / "bench"
    if crate.exists():
        shutil.rmtree(crate)
    types = generate(crate, a.files)
    cache = work / "cache"
    env = dict(os.environ, TRAITLOGIC_CACHE_DIR=str(cache))
    py = [sys.executable, "-c", _ASK]
    first_goal = [str(crate), f"Send({types[0]})"]
    every = [f"{t}({ty})" for ty in types for t in ("Send", "Sync")]
    cargo_cmd = ["cargo", "check", "--offline", "-q", "--manifest-path", str(crate / "Cargo.toml"),
                 "--target-dir", str(work / "target")]
    has_cargo = shutil.which("cargo") is not None
    _run(py + ["-", "Send(u8)"], env)  # std from the cache, as after any earlier ask
    runs: dict[str, list[float]] = {k: [] for k in ("first", "every", "cargo", "second", "plain")}
    for _ in range(a.rounds):
        for old in cache.glob("crate-*.pickle"):
            old.unlink()  # the crate is read again (std stays cached)
        runs["first"].append(_run(py + first_goal, env))
        if has_cargo:
            shutil.rmtree(work / "target", ignore_errors=True)
            runs["cargo"].append(_run(cargo_cmd, dict(os.environ)))
        (crate / "src" / "lib.rs").touch()  # a file changed: read again
        runs["every"].append(_run(py + [str(crate)] + every, env))
        runs["second"].append(_run(py + first_goal, env))
        runs["plain"].append(_run(py + ["-", "Send(Arc<Mutex<u8>>)"], env))
    med = {k: statistics.median(v) for k, v in runs.items() if v}
    print(f"files: {a.files}, public types: {len(types)}, goals: {len(every)}; "
          f"medians of {a.rounds} paired rounds")
    print(f"first answer (crate not cached):           {med['first']:7.2f} s")
    print(f"Send/Sync, every public type (not cached): {med['every']:7.2f} s")
    if has_cargo:
        ratio = statistics.median(f / c for f, c in zip(runs["first"], runs["cargo"]))
        print(f"cargo check --offline (fresh):             {med['cargo']:7.2f} s   first/cargo {ratio:.2f}x")
    else:
        print("cargo: not installed")
    ratio = statistics.median(s / p for s, p in zip(runs["second"], runs["plain"]))
    print(f"second ask (crate from the cache):         {med['second']:7.2f} s")
    print(f"plain std ask (std from the cache):        {med['plain']:7.2f} s   second/plain {ratio:.2f}x")
    if a.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
