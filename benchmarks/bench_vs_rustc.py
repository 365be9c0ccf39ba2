#!/usr/bin/env python3
"""Speed benchmark: traitlogic vs rustc on the same Send/Sync goals.

    .venv/bin/python benchmarks/bench_vs_rustc.py [--runs N] [--cold-runs M] [--quick]

Prints one report with three parts:

1. Batch: `traitlogic check FILE` (all goals of tests/data/conformance_std.tsv) as a fresh
   subprocess vs rustc type-checking the same goals in one file (`--emit=metadata`, the file
   layout of scripts/rustc_oracle.py: `fn tl_oracle_is_send<T: ?Sized + Send>() {}` and one
   `tl_oracle_is_send::<TYPE>();` per line, 100 lines per function).  Median wall time of N runs.
   Then the in-process split of the same work: KB load, parse, lowering (`kb._lowering.expand`),
   pyDatalog solve (`traitlogic.solve.solve`, with a sub-split re-implemented here), proofs,
   answers and the JSON output of `check` -- the sequence of `KnowledgeBase.ask_many`, timed
   from outside (the library is not modified).
2. Cold single query: `traitlogic ask GOAL` as a fresh process vs rustc on a one-goal file
   (median of M >= 10), plus a phase breakdown of the cold start and a `-X importtime` split of
   the imports by package.
3. Scaling: `kb.ask_many` on 500 / 1000 / 2000 / all goals (a fixed shuffle of the corpus).

It is a benchmark, not a test: it always exits 0.  Without rustc the rustc columns are skipped.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "conformance_std.tsv"
ORACLE = ROOT / "scripts" / "rustc_oracle.py"
COLD_GOAL = "Send(std::sync::Arc<std::sync::Mutex<i32>>)"
BATCH_TARGET = 1.0  # traitlogic / rustc, batch
COLD_TARGET = 4.0  # traitlogic / rustc, cold single query


def _venv_python() -> str:
    cand = ROOT / ".venv" / "bin" / "python"
    return str(cand) if cand.exists() else sys.executable


def _traitlogic_cmd(python: str) -> list[str]:
    exe = Path(python).parent / "traitlogic"
    return [str(exe)] if exe.exists() else [python, "-m", "traitlogic.cli"]


def _load_oracle():
    spec = importlib.util.spec_from_file_location("rustc_oracle", ORACLE)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look the module up while the class is built
    spec.loader.exec_module(mod)
    return mod


def read_corpus() -> list[str]:
    goals = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        goal = line.split("\t", 1)[0].strip()
        if goal == "goal":  # the column header
            continue
        goals.append(goal)
    return goals


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def interleaved(cmds: dict, runs, warmup=1):
    """Run each command of {name: (cmd, kwargs)} in turn, `runs` rounds, so that load from other
    processes hits all of them alike.  Returns {name: (median seconds, last proc)}."""
    times = {k: [] for k in cmds}
    procs = {k: [] for k in cmds}
    for r in range(warmup + runs):
        for name, (cmd, kw) in cmds.items():
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
            if r >= warmup:
                times[name].append(time.perf_counter() - t0)
                procs[name].append(proc)
    return {k: (median(v), procs[k][-1], procs[k]) for k, v in times.items()}


def ms(s: float) -> str:
    return f"{s * 1000:8.1f} ms" if s == s else "       n/a"


def ratio_line(name, tl, rc, target):
    if rc is None or rc != rc:
        return f"  {name:<34} n/a (rustc not run)"
    r = tl / rc
    ok = "MET" if r <= target else "MISSED"
    return f"  {name:<34} {r:6.2f}x   (target <= {target:.1f}x: {ok})"


# -- rustc -------------------------------------------------------------------------------------
class Rustc:
    def __init__(self, oracle, cmd):
        self.oracle = oracle
        self.cmd = cmd
        self.workdir = tempfile.mkdtemp(prefix="tl_bench_")

    def source(self, goal_texts, canaries=True):
        """The oracle's file layout for these goals; optionally without its two canary goals."""
        goals = [self.oracle.parse_goal(g) for g in goal_texts]
        src, line_goal, _, _ = self.oracle._build_file(goals, "", 100)
        if not canaries:  # same layout, only the asked goals (for the one-goal cold query)
            lines = src.split("\n")
            start = lines.index("fn tl_oracle_canaries() {")
            del lines[start:start + 4]
            src = "\n".join(lines)
            line_goal = {ln - 4 if ln > start else ln: i for ln, i in line_goal.items()}
        return src, line_goal, goals

    def command(self, name, src):
        path = os.path.join(self.workdir, name + ".rs")
        with open(path, "w", encoding="utf-8") as f:
            f.write(src)
        # exactly the oracle's compile command (scripts/rustc_oracle.py::_compile)
        return self.cmd + ["--edition", "2021", "--crate-type", "bin", "--crate-name", name,
                           "--emit=metadata", "--error-format=json",
                           "-o", os.path.join(self.workdir, name + ".rmeta"), path], path

    def failing_lines(self, stderr, path, goals, line_goal):
        failing = set()
        for raw in stderr.splitlines():
            try:
                d = json.loads(raw)
            except ValueError:
                continue
            if d.get("level") != "error":
                continue
            line = self.oracle._primary_line(d, path)
            if line in line_goal and self.oracle._is_goal_failure(d, goals[line_goal[line]][0]):
                failing.add(line_goal[line])
        return failing

    def close(self):
        shutil.rmtree(self.workdir, ignore_errors=True)


# -- in-process split --------------------------------------------------------------------------
def solve_split(program, t):
    """Run the real `traitlogic.solve.solve` with timers wrapped around the pyDatalog calls it makes
    (fact assertion, the rule compile, the queries); the rest of solve is bookkeeping.  Wrapping from
    outside keeps this split correct when solve.py changes."""
    from traitlogic.solve import pydatalog_engine as S  # noqa: F401 (internals timed below)

    acc = {"assert": 0.0, "compile": 0.0, "query": 0.0, "facts": 0}

    def timed(fn, key, count=False):
        def wrapper(*a, **kw):
            t0 = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                acc[key] += time.perf_counter() - t0
                if count:
                    acc["facts"] += 1
        return wrapper

    saved = (S._assert_fact, getattr(S, "compile_into_pydatalog", None), getattr(S, "_ask", None))
    S._assert_fact = timed(saved[0], "assert", count=True)
    if saved[1]:
        S.compile_into_pydatalog = timed(saved[1], "compile")
    if saved[2]:
        S._ask = timed(saved[2], "query")
    try:
        t0 = time.perf_counter()
        sol = S.solve(program)
        total = time.perf_counter() - t0
    finally:
        S._assert_fact = saved[0]
        if saved[1]:
            S.compile_into_pydatalog = saved[1]
        if saved[2]:
            S._ask = saved[2]
    t["  solve: compile rules (program.dl)"].append(acc["compile"])
    t["  solve: assert facts (pyEngine)"].append(acc["assert"])
    t["  solve: queries (the fixpoint)"].append(acc["query"])
    t["  solve: rest (ids, Logic(), mapping)"].append(total - acc["compile"] - acc["assert"] - acc["query"])
    return sol, acc["facts"]


def inprocess_split(goals, runs):
    from collections import defaultdict

    t = defaultdict(list)
    c0 = time.perf_counter()
    import traitlogic  # noqa: F401
    from traitlogic import KnowledgeBase
    from traitlogic.api import Answer, GoalError
    from traitlogic.core.errors import TraitlogicError
    from traitlogic.lower import Program
    from traitlogic.proof import Prover
    from traitlogic.render import dumps
    from traitlogic.solve import solve
    c1 = time.perf_counter()
    import pyDatalog.pyDatalog  # noqa: F401  (solve() imports it lazily on first call)
    c2 = time.perf_counter()
    once = {"import traitlogic (no typer)": c1 - c0, "import pyDatalog": c2 - c1}
    info = {}
    nocache = []
    for _ in range(runs):
        saved = os.environ.get("TRAITLOGIC_CACHE")
        os.environ["TRAITLOGIC_CACHE"] = "0"
        a = time.perf_counter()
        KnowledgeBase.load()
        nocache.append(time.perf_counter() - a)
        if saved is None:
            del os.environ["TRAITLOGIC_CACHE"]
        else:
            os.environ["TRAITLOGIC_CACHE"] = saved
        KnowledgeBase.load()  # make sure the cache holds an entry
        a = time.perf_counter()
        kb = KnowledgeBase.load()
        b = time.perf_counter()
        parsed = []
        for text in goals:
            try:
                parsed.append(kb.parse_goal(text))
            except TraitlogicError as exc:
                parsed.append(GoalError(text, exc))
        roots = [g for g in parsed if not isinstance(g, GoalError)]
        c = time.perf_counter()
        program = kb._lowering.expand(roots, Program())
        d = time.perf_counter()
        solution = solve(program)
        e = time.perf_counter()
        prover = Prover(program, solution)
        f = time.perf_counter()
        out = []
        for text, goal in zip(goals, parsed):
            if isinstance(goal, GoalError):
                out.append(goal)
                continue
            trait = kb.decls.trait_display(kb.decls.trait_by_path[goal.trait])
            out.append(Answer(text, trait, kb.decls.show(goal.ty), solution.answer(goal), kb, prover, goal))
        g = time.perf_counter()
        lines = [dumps(r.to_json(False)) for r in out]
        h = time.perf_counter()
        for r in out:  # what `check --proofs` adds (proofs are built lazily: not in the total)
            if not isinstance(r, GoalError):
                r.proof
        t["(proofs, built only for check --proofs)"].append(time.perf_counter() - h)
        t["KB load (cache hit)"].append(b - a)
        t["parse goals"].append(c - b)
        t["lowering: kb._lowering.expand"].append(d - c)
        t["pyDatalog solve: solve(program)"].append(e - d)
        t["prover setup"].append(f - e)
        t["answers (show types)"].append(g - f)
        t["JSON lines (check output)"].append(h - g)
        # the same solve again, step by step (not part of the total)
        sol2, n_facts = solve_split(program, t)
        assert sol2.failing == solution.failing and sol2.overflowing == solution.overflowing
        info = {
            "roots": len(roots), "errors": len(goals) - len(roots),
            "clauses": len(program.clauses), "facts": n_facts,
            "failing_roots": sum(1 for r in roots if r in solution.failing),
            "overflow_roots": sum(1 for r in roots if r in solution.overflowing),
            "failing_all": len(solution.failing), "overflowing_all": len(solution.overflowing),
            "holds": [None if isinstance(r, GoalError) else r.holds for r in out],
            "lines": len(lines),
        }
    info["kb_load_nocache"] = median(nocache)
    return once, {k: median(v) for k, v in t.items()}, info


# -- cold start ----------------------------------------------------------------------------------
COLD_DRIVER = r"""
import sys, time, json
t0 = time.perf_counter()
import traitlogic.cli
t1 = time.perf_counter()
from traitlogic.api import KnowledgeBase
kb = KnowledgeBase.load()
t2 = time.perf_counter()
from traitlogic.lower import Program
goal = kb.parse_goal(sys.argv[1])
program = kb._lowering.expand([goal], Program())
t3 = time.perf_counter()
import pyDatalog.pyDatalog
t4 = time.perf_counter()
from traitlogic.solve import solve
solution = solve(program)
t5 = time.perf_counter()
from traitlogic.proof import Prover
from traitlogic.render import text_report
proof = Prover(program, solution).prove(goal)
text = "\n".join(l for l, _ in text_report(kb.show_goal(goal), solution.answer(goal), proof, kb.show_goal))
t6 = time.perf_counter()
print(json.dumps({"import traitlogic.cli (typer, traitlogic)": t1 - t0,
                  "KB load (cache hit, or YAML on a miss)": t2 - t1, "parse + lowering": t3 - t2,
                  "import pyDatalog (lazy, in solve)": t4 - t3, "pyDatalog solve": t5 - t4,
                  "proof + text": t6 - t5}))
"""


def cached_env(prefix):
    """Environment where bytecode is cached (in a private PYTHONPYCACHEPREFIX, not in the tree)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = prefix
    return env


def phase_medians(procs):
    phases = []
    for d in procs:
        try:
            phases.append(json.loads(d.stdout.strip().splitlines()[-1]))
        except (ValueError, IndexError):
            pass
    return {k: median([ph[k] for ph in phases]) for k in (phases[0] if phases else {})}


def importtime_split(python, tl_cmd, runs):
    """Self import time grouped by top-level package (median over runs), from -X importtime."""
    stdlib = set(getattr(sys, "stdlib_module_names", ()))
    per_pkg, per_mod, per_root, totals = {}, {}, {}, []
    for _ in range(runs):
        cmd = [python, "-X", "importtime"] + (tl_cmd[-1:] if len(tl_cmd) == 1 else tl_cmd[1:])
        proc = subprocess.run(cmd + ["ask", COLD_GOAL], capture_output=True, text=True)
        pkg, total = {}, 0
        for line in proc.stderr.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            self_us, cum_us, raw_name = line.split(":", 1)[1].split("|", 2)
            self_us = int(self_us)
            name = raw_name.strip()
            if raw_name[1:2] != " ":  # depth 0: imported by the program itself, not by a module
                per_root.setdefault(name, []).append(int(cum_us))
            root = name.split(".")[0]
            group = "stdlib" if root in stdlib or root.startswith("_") else root
            pkg[group] = pkg.get(group, 0) + self_us
            per_mod.setdefault(name, []).append(self_us)
            total += self_us
        for k, v in pkg.items():
            per_pkg.setdefault(k, []).append(v)
        totals.append(total)
    pkg_med = {k: median(v) / 1e6 for k, v in per_pkg.items()}
    mod_med = {k: median(v) / 1e6 for k, v in per_mod.items()}
    root_med = {k: median(v) / 1e6 for k, v in per_root.items()}
    return median(totals) / 1e6, pkg_med, mod_med, root_med


# -- main ----------------------------------------------------------------------------------------
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="runs per batch / scaling figure (median), default 5")
    ap.add_argument("--cold-runs", type=int, default=None, help="runs per cold figure, default max(10, 2*runs)")
    ap.add_argument("--quick", action="store_true", help="2 runs, 5 cold runs, smaller scaling set")
    ap.add_argument("--rustc", default=None, help="rustc command (default $TRAITLOGIC_RUSTC or rustc)")
    ap.add_argument("--python", default=_venv_python(), help="python with traitlogic installed")
    args = ap.parse_args(argv)
    runs = 2 if args.quick else max(1, args.runs)
    cold_runs = args.cold_runs or (5 if args.quick else max(10, 2 * runs))
    python = args.python
    tl_cmd = _traitlogic_cmd(python)
    t_start = time.perf_counter()
    # A private, fresh KB cache (warmed by the first run of each figure) so results do not depend
    # on the user's ~/.cache; in-process and subprocess figures all see it.
    kb_cache_dir = None
    if "TRAITLOGIC_CACHE" not in os.environ and "TRAITLOGIC_CACHE_DIR" not in os.environ:
        kb_cache_dir = tempfile.mkdtemp(prefix="tl_bench_kbcache_")
        os.environ["TRAITLOGIC_CACHE_DIR"] = kb_cache_dir

    oracle = _load_oracle()
    rustc_cmd = oracle.find_rustc(args.rustc)
    rustc = Rustc(oracle, rustc_cmd) if rustc_cmd else None
    goals = read_corpus()

    out = []
    p = out.append
    p("traitlogic vs rustc: speed benchmark")
    p(f"  machine: {platform.machine()}, nproc {os.cpu_count()}, {platform.platform()}")
    p(f"  python:  {platform.python_version()} ({python})")
    p(f"  rustc:   {oracle.rustc_version(rustc_cmd) if rustc else 'NOT FOUND - rustc columns skipped'}")
    p(f"  corpus:  {len(goals)} goals from {CORPUS.relative_to(ROOT)}; runs={runs}, cold runs={cold_runs}")
    p("")

    # 1. batch ------------------------------------------------------------------------------
    tmp = tempfile.mkdtemp(prefix="tl_bench_goals_")
    goals_file = os.path.join(tmp, "goals.txt")
    Path(goals_file).write_text("\n".join(goals) + "\n", encoding="utf-8")
    cmds = {"tl": (tl_cmd + ["check", goals_file], {})}
    if rustc:
        src, line_goal, rgoals = rustc.source(goals)
        cmd, path = rustc.command("tl_bench_batch", src)
        cmds["rustc"] = (cmd, {"cwd": rustc.workdir})
    res = interleaved(cmds, runs)
    tl_batch, proc, _ = res["tl"]
    tl_lines = [json.loads(l) for l in proc.stdout.splitlines() if l.strip()]
    tl_no = sum(1 for r in tl_lines if r.get("holds") is False)
    rc_batch = None
    agree = None
    if rustc:
        rc_batch, rproc, _ = res["rustc"]
        rc_fail = rustc.failing_lines(rproc.stderr, path, rgoals, line_goal)
        agree = sum(1 for i, r in enumerate(tl_lines) if r.get("holds") == (i not in rc_fail))
    once, split, info = inprocess_split(goals, runs)

    p(f"1. BATCH: all {len(goals)} goals, fresh process, median of {runs}")
    p(f"  {'traitlogic check FILE':<34} {ms(tl_batch)}   ({tl_batch / len(goals) * 1e6:.0f} us/goal)")
    if rustc:
        p(f"  {'rustc --emit=metadata (same goals)':<34} {ms(rc_batch)}   ({rc_batch / len(goals) * 1e6:.0f} us/goal)")
        p(ratio_line("ratio traitlogic / rustc", tl_batch, rc_batch, BATCH_TARGET))
        p(f"  answers agree with rustc: {agree}/{len(goals)}; 'no' answers: traitlogic {tl_no}, rustc {len(rc_fail)}")
    else:
        p("  rustc: not found on PATH - skipped")
    p("")
    p(f"  in-process split (same sequence as KnowledgeBase.ask_many, median of {runs}):")
    for k, v in once.items():
        p(f"    {k:<40} {ms(v)}   (once per process)")
    total = 0.0
    for k, v in split.items():
        if k.startswith("  solve:"):
            continue
        if k.startswith("("):
            p(f"    {k:<40} {ms(v)}   (not in total)")
            continue
        total += v
        p(f"    {k:<40} {ms(v)}")
        if k.startswith("pyDatalog solve"):
            for k2, v2 in split.items():
                if k2.startswith("  solve:"):
                    p(f"      {k2.strip():<38} {ms(v2)}")
    p(f"    {'total (without imports)':<40} {ms(total)}")
    p(f"    {'(KB load with TRAITLOGIC_CACHE=0: YAML)':<40} {ms(info['kb_load_nocache'])}   (not in total)")
    p(f"    {'share of the solve':<40} {split['pyDatalog solve: solve(program)'] / total * 100:7.1f} %")
    p(f"  demanded program: {info['clauses']} goals (clauses) for {info['roots']} roots, "
      f"{info['facts']} Datalog facts; {info['errors']} unreadable goals")
    p(f"  failing goals: {info['failing_roots']} roots ({info['failing_all']} of all demanded goals); "
      f"overflow: {info['overflow_roots']} roots ({info['overflowing_all']} demanded)")
    p("")

    # 2. cold single query ------------------------------------------------------------------
    pyc_dir = tempfile.mkdtemp(prefix="tl_bench_pyc_")
    penv = cached_env(pyc_dir)
    nenv = dict(os.environ, TRAITLOGIC_CACHE="0")
    drv = [python, "-c", COLD_DRIVER, COLD_GOAL]
    ask = tl_cmd + ["ask", COLD_GOAL]
    cmds = {"tl": (ask, {}), "tl_pyc": (ask, {"env": penv}), "tl_nokb": (ask, {"env": nenv}),
            "py": ([python, "-c", "pass"], {}),
            "py_S": ([python, "-S", "-c", "pass"], {}),
            "drv": (drv, {}), "drv_pyc": (drv, {"env": penv}), "drv_nokb": (drv, {"env": nenv})}
    rc_cold = None
    if rustc:
        src1, _, _ = rustc.source([COLD_GOAL], canaries=False)
        cmd1, _ = rustc.command("tl_bench_one", src1)
        cmds["rustc"] = (cmd1, {"cwd": rustc.workdir})
    res = interleaved(cmds, cold_runs, warmup=2)
    tl_cold, cproc, _ = res["tl"]
    tl_cold_pyc = res["tl_pyc"][0]
    py_start, py_nosite = res["py"][0], res["py_S"][0]
    if rustc:
        rc_cold, r1, _ = res["rustc"]
    tl_cold_nokb = res["tl_nokb"][0]
    cols = [("as run", "drv", "tl"), ("+pyc cached", "drv_pyc", "tl_pyc"), ("KB cache off", "drv_nokb", "tl_nokb")]
    phases = {c: phase_medians(res[d][2]) for c, d, _ in cols}
    imp_total, imp_pkg, imp_mod, imp_root = importtime_split(python, tl_cmd, 3)
    shutil.rmtree(pyc_dir, ignore_errors=True)
    bytecode = "PYTHONDONTWRITEBYTECODE=1 in env" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "default env"
    have_pyc = any((ROOT / "src" / "traitlogic").glob("__pycache__/*.pyc"))

    p(f"2. COLD SINGLE QUERY: {COLD_GOAL}, fresh process, median of {cold_runs}")
    p(f"  {'traitlogic ask GOAL':<34} {ms(tl_cold)}   (exit {cproc.returncode})")
    if rustc:
        p(f"  {'rustc on a one-goal file':<34} {ms(rc_cold)}   (exit {r1.returncode})")
        p(ratio_line("ratio traitlogic / rustc", tl_cold, rc_cold, COLD_TARGET))
    else:
        p("  rustc: not found on PATH - skipped")
    p(f"  {'traitlogic ask, bytecode cached':<34} {ms(tl_cold_pyc)}   (PYTHONPYCACHEPREFIX=tmp)")
    p(f"  {'traitlogic ask, KB cache off':<34} {ms(tl_cold_nokb)}   (TRAITLOGIC_CACHE=0: YAML every start)")
    if rustc:
        p(ratio_line("ratio (bytecode cached) / rustc", tl_cold_pyc, rc_cold, COLD_TARGET))
        p(ratio_line("ratio (KB cache off) / rustc", tl_cold_nokb, rc_cold, COLD_TARGET))
    p(f"  note: {bytecode}; traitlogic's own modules have {'a' if have_pyc else 'NO'} .pyc in src/ "
      f"-> 'as run' recompiles them every start")
    p(f"  KB cache: {'TRAITLOGIC_CACHE_DIR=' + kb_cache_dir + ' (private, warmed)' if kb_cache_dir else 'n/a'}")
    p("  where the cold ask goes (a driver script doing the same steps as `ask` with timers, in a fresh")
    p(f"  process, median of {cold_runs}; 'typer dispatch' = ask wall - driver wall):")
    p(f"    {'phase':<46}" + "".join(f"{c:>13}" for c, _, _ in cols))
    p(f"    {'interpreter start (python -c pass; -S: ' + ms(py_nosite).strip() + ')':<46}"
      + "".join(f"{ms(py_start):>13}" for _ in cols))
    keys = next((list(ph) for ph in phases.values() if ph), [])
    for c, d, _ in cols:
        bad = [pr for pr in res[d][2] if pr.returncode != 0]
        if bad:
            tail = (bad[-1].stderr.strip().splitlines() or ["?"])[-1]
            p(f"    ({c}: {len(bad)}/{len(res[d][2])} driver runs failed: {tail[:100]})")
    for k in keys:
        p(f"    {k:<46}" + "".join(f"{ms(phases[c].get(k, float('nan'))):>13}" for c, _, _ in cols))
    rest = {c: res[d][0] - py_start - sum(phases[c].values()) for c, d, _ in cols}
    p(f"    {'exit + unaccounted':<46}" + "".join(f"{ms(rest[c]):>13}" for c, _, _ in cols))
    p(f"    {'= driver process wall':<46}" + "".join(f"{ms(res[d][0]):>13}" for _, d, _ in cols))
    p(f"    {'+ typer dispatch & CLI (imports pydantic)':<46}"
      + "".join(f"{ms(res[t][0] - res[d][0]):>13}" for _, d, t in cols))
    p(f"    {'= traitlogic ask wall':<46}" + "".join(f"{ms(res[t][0]):>13}" for _, _, t in cols))
    p("  -X importtime, self time by package (median of 3; importtime inflates, read as shares):")
    for k, v in sorted(imp_pkg.items(), key=lambda kv: -kv[1])[:7]:
        p(f"    {k:<24} {ms(v)}  {v / imp_total * 100:5.1f} %")
    p(f"    {'all imports':<24} {ms(imp_total)}")
    p("  top-level imports, cumulative (typer._adapters and pydantic.plugin._loader are imported when typer")
    p("  dispatches the command, i.e. after `import traitlogic.cli`):")
    for k, v in sorted(imp_root.items(), key=lambda kv: -kv[1])[:6]:
        p(f"    {k:<30} {ms(v)}")
    top = sorted(imp_mod.items(), key=lambda kv: -kv[1])[:6]
    p("  slowest single modules (self): " + ", ".join(f"{k} {v * 1000:.1f} ms" for k, v in top))
    p("")

    # 3. scaling -----------------------------------------------------------------------------
    from traitlogic import KnowledgeBase

    shuffled = list(goals)
    random.Random(0).shuffle(shuffled)
    sizes = [n for n in (500, 1000, 2000) if n < len(goals)] + [len(goals)]
    kb = KnowledgeBase.load()
    kb.ask_many(shuffled[:50])  # warm the process-wide lru caches
    p(f"3. SCALING: kb.ask_many on a fixed shuffle of the corpus (KB loaded once), median of {runs}")
    p(f"  {'goals':>6} {'demanded':>9} {'time':>11} {'us/goal':>8} {'vs 500':>7}")
    from traitlogic.lower import Program

    base = None
    for n in sizes:
        sub = shuffled[:n]
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            kb.ask_many(sub)
            times.append(time.perf_counter() - t0)
        m = median(times)
        demanded = len(kb._lowering.expand([kb.parse_goal(g) for g in sub], Program()).clauses)
        base = base or m
        p(f"  {n:>6} {demanded:>9} {ms(m)} {m / n * 1e6:>8.0f} {m / base:>6.2f}x")
    p("")

    # summary ---------------------------------------------------------------------------------
    p("SUMMARY")
    p(f"  batch  : traitlogic {ms(tl_batch).strip()} vs rustc {ms(rc_batch).strip() if rustc else 'n/a'}")
    p(ratio_line("batch ratio", tl_batch, rc_batch, BATCH_TARGET))
    p(f"  cold   : traitlogic {ms(tl_cold).strip()} (bytecode cached: {ms(tl_cold_pyc).strip()}) "
      f"vs rustc {ms(rc_cold).strip() if rustc else 'n/a'}")
    p(ratio_line("cold ratio", tl_cold, rc_cold, COLD_TARGET))
    p(ratio_line("cold ratio, bytecode cached", tl_cold_pyc, rc_cold, COLD_TARGET))
    p(f"  (benchmark wall time {time.perf_counter() - t_start:.1f} s)")

    print("\n".join(out))
    if rustc:
        rustc.close()
    shutil.rmtree(tmp, ignore_errors=True)
    if kb_cache_dir:
        shutil.rmtree(kb_cache_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    try:
        main()
    except Exception as exc:  # a benchmark never fails the build
        import traceback

        traceback.print_exc()
        print(f"benchmark aborted: {exc}", file=sys.stderr)
    sys.exit(0)
