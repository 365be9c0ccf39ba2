"""Benchmark `--crate`: a generated crate of 2,000 files in nested modules, with cfg'd items and
macro calls. Prints: time to the first answer (cold, no cache), to Send/Sync of every public
type, `cargo check --offline` of the same crate, and a second ask (from the cache) against a
plain std ask, each in a fresh process.

    python benchmarks/bench_crate.py [--files 2000] [--keep DIR]
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Run in a fresh process: load the crate (through the cargo layer when it is there, else a
# stand-in unit with the `std` feature on), then ask the goals given on the command line.
_ASK = r"""
import sys, time
t0 = time.perf_counter()
from pathlib import Path
from traitlogic.api import KnowledgeBase
from traitlogic.kb.crate import load as L
try:
    L._load_units()
except Exception:
    class Cfg:
        def evaluate(self, p): return p.strip() in ('feature = "std"', 'unix')
    class Pkg:
        name = crate_name = "bench"
        def __init__(self, root): self.lib_root = root
    class Unit:
        cfg, deps = Cfg(), {}
        def __init__(self, root): self.package = Pkg(root)
    L._load_units = lambda: (lambda manifest, *a: [Unit(Path(manifest).parent / "src" / "lib.rs")])
crate = sys.argv[1]
kb = KnowledgeBase.load(crate=crate) if crate != "-" else KnowledgeBase.load()
goals = [g for g in sys.argv[2:]]
kb.ask_many(goals)
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
    out = subprocess.run(args, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"failed: {' '.join(args[:4])}: {out.stderr[-2000:]}")
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=2000)
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
    _run(py + ["-", "Send(u8)"], env)  # std from the cache, as after any earlier ask
    first = _run(py + [str(crate), f"Send({types[0]})"], env)  # the crate read (and stored)
    every = [f"{t}({ty})" for ty in types for t in ("Send", "Sync")]
    (crate / "src" / "lib.rs").touch()  # the crate is read again
    all_cold = _run(py + [str(crate)] + every, env)
    second = min(_run(py + [str(crate), f"Send({types[0]})"], env) for _ in range(3))
    plain = min(_run(py + ["-", "Send(Arc<Mutex<u8>>)"], env) for _ in range(3))
    cargo = None
    if shutil.which("cargo"):
        cargo = _run(["cargo", "check", "--offline", "-q", "--manifest-path", str(crate / "Cargo.toml"),
                      "--target-dir", str(work / "target")], dict(os.environ))
    print(f"files: {a.files}, public types: {len(types)}, goals: {len(every)}")
    print(f"first answer (crate not cached):     {first:7.2f} s")
    print(f"Send/Sync, every public type (not cached): {all_cold:7.2f} s")
    print(f"cargo check --offline (fresh):      {cargo:7.2f} s" if cargo is not None else "cargo: not installed")
    print(f"second ask (crate from the cache):  {second:7.2f} s")
    print(f"plain std ask (std from the cache): {plain:7.2f} s   ratio {second / plain:.2f}x")
    if a.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
