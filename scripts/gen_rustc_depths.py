#!/usr/bin/env python3
"""Measure how many obligation levels rustc spends per layer of std types (kb/std/depths.yaml).

rustc's recursion limit is 128: proving `T: Send` for a deeply nested type overflows
(E0275) once an obligation is 128 levels below the goal.  A layer of a type whose
Send/Sync impl rustc *synthesizes* from private fields costs as many levels as the
fields are deep (`Box<T>` -> `Unique<T>` -> `T` is 2; `Vec<T>` -> `RawVec<T>` ->
`PhantomData<T>` -> `T` is 3).  For every synthesized Send/Sync impl in kb/std and every
where-clause `P: Send` / `P: Sync` on a bare type parameter `P` of it, this script
measures that cost `c` with rustc and writes the ones that are not 1.

Model: the leaf's depth is the sum of the costs along the path; rustc overflows iff
that sum reaches 128.  Two measurements per (type, trait, param):

- nesting: `Ty<Ty<...<i32>>>` (n layers, nested in P, the other parameters `i32`, their
  defaults or `'static`); the largest n that compiles must be the largest n with
  c * (n - 1) + c_max <= 127, c_max the costliest parameter of the same impl (the other
  parameters' `i32` leaves of the innermost layer); floor(127 / c) when P is the costliest;
- filler:  `Ty<Option<...<i32>>>` (one layer, k `Option`s in P; `Option` costs 1 for
  both traits); the largest k that compiles must be 127 - c.

When the impl's trait and the clause's trait agree (`Vec<T>: Send` needs `T: Send`),
both must agree on c.  When they differ (`ScopedJoinHandle<T>: Sync` needs `T: Send`)
nesting measures the *other* impl from the second layer on, so only the filler counts.
Anything else (non-well-formed nesting, no overflow, a max n the model does not predict,
the two methods disagreeing) is skipped and listed in a comment of the output and on
stderr.

Usage:
    .venv/bin/python scripts/gen_rustc_depths.py           # regenerate kb/std/depths.yaml
    .venv/bin/python scripts/gen_rustc_depths.py --check   # exit 1 if the checked-in file differs
Needs rustc ($TRAITLOGIC_RUSTC or `rustc` on PATH) and the project's venv (PyYAML, traitlogic's reader).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import glob
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KB_DIR = os.path.join(REPO, "kb", "std")
OUT = os.path.join(KB_DIR, "depths.yaml")
sys.path.insert(0, os.path.join(REPO, "scripts"))
import rustc_oracle
from fileio import write_atomic

from traitlogic.syntax.parts import path_type, read_decl_text, read_impl_header

LIMIT = 128          # rustc's default recursion_limit
MAX_OK = LIMIT - 1   # deepest leaf that still compiles (Option^127<i32> does)
SEARCH_HI = 400      # nesting depths searched: 1..SEARCH_HI
LEAF = "i32"
FILLER = "std::option::Option"
PROBE_TIMEOUT = 60  # seconds per rustc run
HELPER = {"Send": "is_send", "Sync": "is_sync"}


@dataclass
class DeclParam:
    name: str
    lifetime: bool
    default: str | None


@dataclass
class TypeInfo:
    path: str
    also: list
    params: list  # [DeclParam]
    file: str


@dataclass(frozen=True)
class Target:
    type: str          # full std path of the self type
    trait: str         # trait of the synthesized impl
    param: str         # impl parameter P
    clause: str        # trait of the where-clause `P: clause`
    position: int      # index of P among the self type's arguments
    file: str


def parse_decl_params(decl: str) -> list:
    try:
        d = read_decl_text(decl + " {}")
    except ValueError:
        d = None
    if d is None or d.kind not in ("struct", "enum", "union") or not decl.lstrip().startswith("pub"):
        raise ValueError(f"cannot parse decl {decl!r}")
    return [DeclParam(p.name, p.kind == "lifetime", p.default) for p in d.params]


def load_kb():
    types, impls = [], []
    for f in sorted(glob.glob(os.path.join(KB_DIR, "*.yaml"))):
        if os.path.abspath(f) == os.path.abspath(OUT):
            continue
        with open(f, encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
        base = os.path.basename(f)
        for t in data.get("types") or []:
            types.append(TypeInfo(str(t["path"]), [str(a) for a in t.get("also") or []],
                                  parse_decl_params(str(t["decl"])), base))
        for i in data.get("impls") or []:
            impls.append((base, i))
    return types, impls


def resolve(name: str, file: str, types: list) -> TypeInfo:
    if "::" in name:
        hits = [t for t in types if name == t.path or name in t.also
                or t.path.endswith("::" + name) or any(a.endswith("::" + name) for a in t.also)]
    else:
        hits = [t for t in types if t.path.rsplit("::", 1)[-1] == name]
    if len(hits) > 1:
        same = [t for t in hits if t.file == file]
        hits = same if len(same) == 1 else hits
    if len(hits) != 1:
        raise ValueError(f"{file}: cannot resolve `{name}` ({[t.path for t in hits]})")
    return hits[0]


def targets(types, impls) -> list:
    """(type, trait, param) for every `P: Send|Sync` bound of a synthesized Send/Sync impl."""
    out = []
    for file, entry in impls:
        if not entry.get("synthesized"):
            continue
        try:
            h = read_impl_header(str(entry["impl"]))
        except ValueError:
            continue
        self_path = path_type(h.self_ty) if h is not None else None
        if h is None or h.negative or h.trait not in ("Send", "Sync") or h.trait_args or self_path is None:
            continue
        path, args = self_path
        if not args:
            continue
        impl_params = {p.name for p in h.params}
        clauses = [(p.name, p.bounds) for p in h.params if p.kind != "lifetime"]
        clauses += [(w.lhs, w.bounds) for w in h.predicates]
        info = resolve(path, file, types)
        if len(args) != len(info.params):
            raise ValueError(f"{file}: {entry['impl']!r}: {len(args)} args for {len(info.params)} params")
        for lhs, bounds in clauses:
            if lhs not in impl_params or lhs not in args:
                continue  # not a bare type parameter (e.g. `<B as ToOwned>::Owned`)
            for clause_trait in ("Send", "Sync"):
                if clause_trait in bounds:
                    out.append(Target(info.path, h.trait, lhs, clause_trait, args.index(lhs), file))
    return sorted(set(out), key=lambda t: (t.type, t.trait, t.param))


# --------------------------------------------------------------------------- type building

def short(path: str) -> str:
    return path.rsplit("::", 1)[-1]


NAMES: dict = {}  # short type name -> full std path, for spelling out defaults (`RandomState`)


def _mentions_param(text: str, info: TypeInfo) -> bool:
    names = {p.name for p in info.params if not p.lifetime}
    return any(w in names for w in re.findall(r"\b\w+\b", text))


def wrap(info: TypeInfo, position: int, inner: str) -> str:
    """`info.path<...>` with `inner` at `position`, other params `'static`, `i32` or default."""
    args: list = []
    for i, p in enumerate(info.params):
        if i == position:
            args.append(inner)
        elif p.lifetime:
            args.append("'static")
        elif p.default is not None and not _mentions_param(p.default, info):
            args.append(None)  # default, written only if a later argument is explicit
        elif p.default is not None:
            # `F = fn() -> T` would repeat the nested type once per layer: exponential
            # types that rustc takes minutes on.  `i32` keeps the nesting linear.
            args.append(LEAF)
        else:
            args.append(LEAF)
    while args and args[-1] is None:
        args.pop()
    subst = {p.name: a for p, a in zip(info.params, args) if a is not None}
    text = []
    for p, a in zip(info.params, args):
        if a is None:
            a = re.sub(r"\b\w+\b", lambda w: subst.get(w.group(0), NAMES.get(w.group(0), w.group(0))), p.default)
        text.append(a)
    return f"{info.path}<{', '.join(text)}>"


def nested(info: TypeInfo, position: int, n: int) -> str:
    ty = LEAF
    for _ in range(n):
        ty = wrap(info, position, ty)
    return ty


def filled(info: TypeInfo, position: int, k: int) -> str:
    ty = LEAF
    for _ in range(k):
        ty = f"{FILLER}<{ty}>"
    return wrap(info, position, ty)


def _shorten(text: str) -> str:
    return re.sub(r"\b(?:\w+::)+(\w+)", r"\1", text)


def display_nested(info, position, n):
    return _shorten(wrap(info, position, f"...{n} deep...<{LEAF}>"))


def display_filled(info, position, k):
    return _shorten(wrap(info, position, f"Option<...{k} deep...<{LEAF}>>"))


# --------------------------------------------------------------------------- rustc

class Probe:
    def __init__(self, rustc_cmd, workdir):
        self.cmd = rustc_cmd
        self.workdir = workdir
        self.count = 0

    def __call__(self, trait: str, ty: str) -> tuple:
        """('ok' | 'overflow' | 'error', message)."""
        self.count += 1
        src = ("#![allow(unused)]\n"
               "fn is_send<T: ?Sized + Send>() {}\n"
               "fn is_sync<T: ?Sized + Sync>() {}\n"
               f"fn main() {{ {HELPER[trait]}::<{ty}>(); }}\n")
        with tempfile.TemporaryDirectory(dir=self.workdir) as d:
            path = os.path.join(d, "probe.rs")
            with open(path, "w", encoding="utf-8") as f:
                f.write(src)
            try:
                r = subprocess.run(self.cmd + ["--edition", "2021", "--emit=metadata", "--crate-type", "bin",
                                               "--crate-name", "probe", "-o", os.path.join(d, "probe.rmeta"),
                                               path],
                                   check=False, capture_output=True, text=True, cwd=d, timeout=PROBE_TIMEOUT)
            except subprocess.TimeoutExpired:
                return "error", f"rustc took more than {PROBE_TIMEOUT} s"
        if r.returncode == 0:
            return "ok", ""
        codes = set(re.findall(r"error\[(E\d{4})\]", r.stderr))
        first = next((line for line in r.stderr.splitlines() if line.startswith("error")),
                     r.stderr.strip()[:200] or f"rustc exit status {r.returncode}")
        if codes == {"E0275"}:
            return "overflow", first
        return "error", first


def search(probe, trait, make, lo, hi):
    """Largest x in [lo, hi] with make(x) compiling, assuming ok...ok overflow...overflow.

    Returns (max_ok, None) or (None, reason)."""
    st, msg = probe(trait, make(lo))
    if st != "ok":
        return None, f"{st} already at {lo}: {msg}"
    st, msg = probe(trait, make(hi))
    if st == "ok":
        return None, f"no overflow up to {hi}"
    if st != "overflow":
        return None, f"{st} at {hi}: {msg}"
    while hi - lo > 1:     # invariant: lo compiles, hi overflows
        mid = (lo + hi) // 2
        st, msg = probe(trait, make(mid))
        if st == "ok":
            lo = mid
        elif st == "overflow":
            hi = mid
        else:
            return None, f"{st} at {mid}: {msg}"
    return lo, None


def measure(probe, t: Target, info: TypeInfo) -> dict:
    """Raw measurements: largest filler depth k and nesting depth n that compile."""
    k_max, why_k = search(probe, t.trait, lambda k: filled(info, t.position, k), 0, MAX_OK + 1)
    n_max, why_n = search(probe, t.trait, lambda n: nested(info, t.position, n), 1, SEARCH_HI)
    return {"target": t, "info": info, "k_max": k_max, "why_k": why_k, "n_max": n_max, "why_n": why_n}


def predicted_n_max(c: int, c_leaf: int) -> int:
    """Largest n with `c * (n - 1) + c_leaf <= 127`.

    n layers nested in P put the innermost layer at depth c * (n - 1); its leaves sit c_leaf
    deeper, where c_leaf is the largest cost of any parameter of that layer (the other
    parameters hold `i32` leaves too).  When P itself is the costliest, n = floor(127 / c)."""
    return (MAX_OK - c_leaf) // c + 1


def judge(results: list, version: str) -> None:
    """Turn raw measurements into {'depth', 'source'} or {'skip'} (in place)."""
    filler_cost = {}
    for r in results:
        t = r["target"]
        if r["k_max"] is not None:
            r["c"] = MAX_OK - r["k_max"]
            if t.trait == t.clause:
                key = (t.type, t.trait)
                filler_cost[key] = max(filler_cost.get(key, 0), r["c"])
    for r in results:
        t, info = r["target"], r["info"]
        if r["k_max"] is None:
            r["skip"] = f"filler: {r['why_k']}"
            continue
        c, k_max, n_max = r["c"], r["k_max"], r["n_max"]
        if c < 1:
            r["skip"] = f"filler: {k_max} Options still compile inside one layer (cost < 1)"
            continue
        filler_src = (f"{version}: {display_filled(info, t.position, k_max)}: {t.trait} compiles, "
                      f"{k_max + 1} deep is E0275")
        if t.trait != t.clause:
            # Nesting would check `P: {clause}` through the *other* impl below the first layer.
            r.update(depth=c, source=filler_src)
            continue
        if n_max is None:
            r["skip"] = f"filler says {c}, nesting: {r['why_n']}"
            continue
        c_leaf = max(c, filler_cost.get((t.type, t.trait), c))
        expect = predicted_n_max(c, c_leaf)
        if n_max != expect:
            r["skip"] = (f"filler says {c} ({k_max} Options compile), but nesting compiles up to {n_max} "
                         f"layers where the model predicts {expect}")
            continue
        src = f"{version}: {display_nested(info, t.position, n_max)}: {t.trait} compiles, {n_max + 1} deep is E0275"
        if c_leaf != c or len([x for x in range(1, MAX_OK + 1) if MAX_OK // x == n_max]) > 1:
            src += f"; {filler_src.split(': ', 1)[1]}"
        r.update(depth=c, source=src)


# --------------------------------------------------------------------------- output

def quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(results: list, version: str) -> str:
    lines = [
        f"# GENERATED by scripts/gen_rustc_depths.py from {version}; do not edit.",
        "# How many obligation levels rustc goes through from a type to its parameter when it",
        "# synthesizes an auto-trait impl from private fields (rustc overflows at 128 levels, E0275).",
        "# Parameters not listed cost 1 level.",
    ]
    skipped = [r for r in results if "skip" in r]
    if skipped:
        lines.append("# Not measured (see the script):")
        for r in skipped:
            t = r["target"]
            lines.append(f"#   {t.type} {t.trait} {t.param}: {r['skip']}")
    lines.append("depths:")
    for r in results:
        if "skip" in r or r["depth"] == 1:
            continue
        t = r["target"]
        lines += [f"  - type: {t.type}",
                  f"    trait: {t.trait}",
                  f"    param: {t.param}",
                  f"    depth: {r['depth']}",
                  f"    source: {quote(r['source'])}"]
    if lines[-1] == "depths:":
        lines[-1] = "depths: []"
    return "\n".join(lines) + "\n"


def generate(jobs: int, verbose: bool) -> tuple:
    cmd = rustc_oracle.find_rustc()
    if cmd is None:
        raise SystemExit("gen_rustc_depths: rustc not found ($TRAITLOGIC_RUSTC or PATH)")
    full = subprocess.run(cmd + ["--version"], capture_output=True, text=True, check=True).stdout.strip()
    version = " ".join(full.split()[:2])  # "rustc 1.95.0"
    types, impls = load_kb()
    infos = {t.path: t for t in types}
    for t in types:
        NAMES.setdefault(short(t.path), t.path)
    todo = targets(types, impls)
    with tempfile.TemporaryDirectory(prefix="tl-depths-") as work:
        def run(t):
            probe = Probe(cmd, work)
            r = measure(probe, t, infos[t.type])
            r["compiles"] = probe.count
            return r
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
            results = list(ex.map(run, todo))
    judge(results, version)
    if verbose:
        for r in results:
            t = r["target"]
            print(f"{t.type:40} {t.trait} {t.param:4} (clause {t.clause}) n_max={r['n_max']} "
                  f"k_max={r['k_max']} -> {r.get('depth', 'SKIP: ' + r.get('skip', ''))} "
                  f"[{r['compiles']} compiles]", file=sys.stderr)
    return render(results, version), results


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if kb/std/depths.yaml is out of date")
    ap.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 2))
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    text, results = generate(args.jobs, args.verbose)
    for r in results:
        if "skip" in r:
            t = r["target"]
            print(f"skipped {t.type} {t.trait} {t.param}: {r['skip']}", file=sys.stderr)
    if args.check:
        try:
            with open(OUT, encoding="utf-8") as f:
                current = f.read()
        except FileNotFoundError:
            current = None
        if current != text:
            print(f"{os.path.relpath(OUT, REPO)} is out of date; rerun scripts/gen_rustc_depths.py",
                  file=sys.stderr)
            return 1
        print(f"{os.path.relpath(OUT, REPO)} is up to date")
        return 0
    write_atomic(OUT, text)
    print(f"wrote {os.path.relpath(OUT, REPO)} ({sum('depth' in r and r['depth'] != 1 for r in results)} entries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
