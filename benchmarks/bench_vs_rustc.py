#!/usr/bin/env python3
"""Speed benchmark: traitlogic vs rustc on the same auto-trait goals (issue 11).

    .venv/bin/python benchmarks/bench_vs_rustc.py [--runs N] [--cold-runs M] [--sizes 2000,10000]
                                                  [--growth 10000,50000] [--quick]

1. Cold one-off `traitlogic ask GOAL` vs rustc type-checking the one goal in a file (the
   layout of scripts/rustc_oracle.py), as paired runs: each round runs every command once, in
   an order that alternates, so load from other processes falls on all of them alike. Medians.
   With bytecode cached (an ordinary install) and without (an editable install under
   PYTHONDONTWRITEBYTECODE, which recompiles traitlogic's modules on every start), plus
   `python -c pass`, and where the time goes: an in-process split and `-X importtime`.
2. Batch: `traitlogic check FILE` over N random std goals (tests/data/conformance_all.tsv, a
   fixed shuffle) vs rustc on the same N goals in one file; median wall time and peak RSS of
   each, the answers checked against the corpus's rustc labels, and an in-process split of
   the same work (`traitlogic.solve.solve` for both engines, the pyDatalog one not in total).
3. Growth: `traitlogic check` over 10k and 50k goals (the corpus, then wrapped in
   `Vec<..>`, `Option<..>`, ... to make more distinct goals): time and peak-RSS exponents
   log(t50/t10) / log(5), where 1.0 is linear.

A benchmark, not a test: it always exits 0. Without rustc the rustc columns are skipped.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import math
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
CORPUS = ROOT / "tests" / "data" / "conformance_all.tsv"
ORACLE = ROOT / "scripts" / "rustc_oracle.py"
COLD_GOAL = "Send(Arc<Mutex<i32>>)"
COLD_RUST = "std::sync::Arc<std::sync::Mutex<i32>>"
WRAPS = ["{}", "Vec<{}>", "Option<{}>", "(i32, {})", "[{}; 2]", "Box<{}>"]


def _python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def _oracle():  # scripts/rustc_oracle.py, loaded as a module
    spec = importlib.util.spec_from_file_location("rustc_oracle", ORACLE)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def corpus() -> list[tuple[str, bool]]:
    """(goal, rustc says it holds) of the corpus, in a fixed shuffle."""
    rows = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("goal\t") or not line.strip():
            continue
        goal, label = line.split("\t")[:2]
        rows.append((goal, label == "yes"))
    random.Random(0).shuffle(rows)
    return rows


def goals(n: int) -> list[str]:
    """n distinct std goals: the corpus, then the corpus again inside each of WRAPS in turn."""
    rows = [g for g, _ in corpus()]
    out = []
    for wrap in WRAPS:
        for goal in rows:
            trait, ty = goal.split("(", 1)
            out.append(f"{trait}({wrap.format(ty[:-1])})")
            if len(out) == n:
                return out
    raise SystemExit(f"at most {len(out)} distinct goals")


def run(cmd: list[str], env: dict[str, str] | None = None, cwd: str | None = None,
        stdout: int = subprocess.DEVNULL) -> tuple[float, int, int, bytes]:
    """(wall seconds, peak RSS in bytes, exit code, stdout) of one fresh process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=stdout, stderr=subprocess.DEVNULL)
    out = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss * 1024, proc.returncode, out


def paired(cmds: dict[str, tuple[list[str], dict]], rounds: int, warmup: int = 1) -> dict[str, list[tuple]]:
    """Each round runs every command once (order reversed every other round)."""
    results: dict[str, list[tuple]] = {name: [] for name in cmds}
    names = list(cmds)
    for r in range(warmup + rounds):
        for name in (names if r % 2 == 0 else names[::-1]):
            cmd, kw = cmds[name]
            res = run(cmd, **kw)
            if r >= warmup:
                results[name].append(res)
    return results


def med(results: list[tuple], i: int = 0) -> float:
    return statistics.median(r[i] for r in results)


def ms(s: float) -> str:
    return f"{s * 1000:8.1f} ms"


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


class Rustc:
    """rustc type-checking goals in one file, the layout of scripts/rustc_oracle.py."""

    def __init__(self, oracle, cmd: list[str]):
        self.oracle, self.cmd = oracle, cmd
        self.dir = tempfile.mkdtemp(prefix="tl_bench_rustc_")

    def command(self, name: str, goal_texts: list[str]) -> list[str]:
        parsed = [self.oracle.parse_goal(g) for g in goal_texts]
        src, _, _, _ = self.oracle._build_file(parsed, "", 100)
        path = os.path.join(self.dir, name + ".rs")
        Path(path).write_text(src, encoding="utf-8")
        return self.cmd + ["--edition", "2021", "--crate-type", "bin", "--crate-name", name, "--emit=metadata",
                           "--error-format=json", "-o", os.path.join(self.dir, name + ".rmeta"), path]


def no_bytecode_copy(tmp: str) -> str:
    """A copy of the package without bytecode (with kb/ and rules/ beside it), for PYTHONPATH."""
    shutil.copytree(ROOT / "src" / "traitlogic", Path(tmp, "src", "traitlogic"),
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("kb", "rules"):
        os.symlink(ROOT / name, Path(tmp, name))
    return str(Path(tmp, "src"))


SPLIT = r"""
import json, sys, time
t0 = time.perf_counter()
import traitlogic.cli
t1 = time.perf_counter()
from traitlogic.api import KnowledgeBase
kb = KnowledgeBase.load()
t2 = time.perf_counter()
answer = kb.ask(sys.argv[1])
t3 = time.perf_counter()
text = "\n".join(line for line, _ in answer.text_lines())
t4 = time.perf_counter()
print(json.dumps({"import traitlogic.cli": t1 - t0, "KB from the cache": t2 - t1,
                  "parse + lower + solve": t3 - t2, "proof + text": t4 - t3}))
"""


def cold(python: str, tl: list[str], rustc: Rustc | None, rounds: int, p) -> None:
    env = dict(os.environ)
    subprocess.run([python, "-m", "compileall", "-q", str(ROOT / "src" / "traitlogic")], check=False,
                   stdout=subprocess.DEVNULL)
    tmp = tempfile.mkdtemp(prefix="tl_bench_nopyc_")
    nopyc = dict(env, PYTHONPATH=no_bytecode_copy(tmp), PYTHONDONTWRITEBYTECODE="1")
    ask = tl + ["ask", COLD_GOAL]
    cmds = {"python -c pass": ([python, "-c", "pass"], {"env": env}),
            "traitlogic ask (bytecode cached)": (ask, {"env": env}),
            "traitlogic ask (no bytecode)": ([python, "-m", "traitlogic", "ask", COLD_GOAL], {"env": nopyc})}
    if rustc:
        cmds["rustc, one goal"] = (rustc.command("tl_one", [f"Send({COLD_RUST})"]), {"cwd": rustc.dir})
    res = paired(cmds, rounds, warmup=2)
    p(f"1. COLD ONE-OFF ASK: `traitlogic ask \"{COLD_GOAL}\"`, paired runs, median of {rounds}")
    for name, rs in res.items():
        p(f"  {name:<36} {ms(med(rs))}   peak RSS {med(rs, 1) / 2**20:6.1f} MB   (exit {rs[-1][2]})")
    if rustc:
        base = med(res["rustc, one goal"])
        for name in ("traitlogic ask (bytecode cached)", "traitlogic ask (no bytecode)"):
            p(f"  ratio {name[15:]:<30} {med(res[name]) / base:6.2f}x rustc   (target <= 2x)")
    shutil.rmtree(tmp, ignore_errors=True)
    splits = [json.loads(run([python, "-c", SPLIT, COLD_GOAL], env=env, stdout=subprocess.PIPE)[3])
              for _ in range(rounds)]
    p(f"  in-process split (median of {rounds}; the interpreter itself is `python -c pass`):")
    for key in splits[0]:
        p(f"    {key:<34} {ms(statistics.median(s[key] for s in splits))}")
    imports: dict[str, list[int]] = {}
    for _ in range(3):
        err = subprocess.run([python, "-X", "importtime", "-c", "import traitlogic.cli.fast, traitlogic.api"],
                             capture_output=True, text=True, env=env, check=False).stderr
        for line in err.splitlines():
            if line.startswith("import time:") and "self [us]" not in line:
                self_us, _, name = line[12:].split("|", 2)
                imports.setdefault(name.strip(), []).append(int(self_us))
    top = sorted(((statistics.median(v), k) for k, v in imports.items()), reverse=True)[:8]
    total = sum(statistics.median(v) for v in imports.values())
    p(f"  -X importtime (inflated; read as shares): all imports {total / 1000:.1f} ms; slowest (self): "
      + ", ".join(f"{k} {v / 1000:.1f}" for v, k in top))
    p("")


BATCH_SPLIT = r"""
import json, sys, time
from traitlogic import KnowledgeBase
from traitlogic.lower import Program
from traitlogic.solve import solve

batch = open(sys.argv[1], encoding="utf-8").read().splitlines()
kb = KnowledgeBase.load()
t = [time.perf_counter()]
parsed = [kb.parse_goal(g) for g in batch]
t.append(time.perf_counter())
program = kb._lowering.expand(parsed, Program())
t.append(time.perf_counter())
solve(program)
t.append(time.perf_counter())
lines = [a.to_json(proofs=False) for a in kb.ask_many(batch)]
t.append(time.perf_counter())
t0 = time.perf_counter()
solve(program, engine="pydatalog")
pyd = time.perf_counter() - t0
print(json.dumps({"clauses": len(program.clauses), "lines": len(lines), "parse goals": t[1] - t[0],
                  "lowering": t[2] - t[1], "solve (semi-naive)": t[3] - t[2],
                  "whole ask_many + JSON lines": t[4] - t[3], "(solve with pyDatalog, not in total)": pyd}))
"""


def split(python: str, path: str, rounds: int, p) -> None:
    """The in-process split of `check` over the goals of `path` (the steps of KnowledgeBase.ask_many),
    in a child process (a big benchmark process would inflate the peak RSS of the ones it starts)."""
    runs = [json.loads(run([python, "-c", BATCH_SPLIT, path], stdout=subprocess.PIPE)[3]) for _ in range(rounds)]
    p(f"  in-process split of {runs[0]['lines']} goals ({runs[0]['clauses']} clauses), median of {rounds}:")
    for key in list(runs[0])[2:]:
        p(f"    {key:<38} {ms(statistics.median(r[key] for r in runs))}")


def batch(python: str, tl: list[str], rustc: Rustc | None, sizes: list[int], rounds: int, tmp: str, p) -> None:
    labels = dict(corpus())
    p(f"2. BATCH: `traitlogic check FILE` vs rustc on the same goals in one file, paired, median of {rounds}")
    for n in sizes:
        chosen = [g for g, _ in corpus()[:n]]
        path = os.path.join(tmp, f"goals{n}.txt")
        Path(path).write_text("\n".join(chosen) + "\n", encoding="utf-8")
        cmds = {"traitlogic": (tl + ["check", path], {"stdout": subprocess.PIPE})}
        if rustc:
            cmds["rustc"] = (rustc.command(f"tl_batch{n}", chosen), {"cwd": rustc.dir})
        res = paired(cmds, rounds)
        out = [json.loads(line) for line in res["traitlogic"][-1][3].splitlines()]
        agree = sum(1 for r in out if r.get("holds") == labels[r["goal"]])
        line = f"  {n:>6} goals: traitlogic {ms(med(res['traitlogic']))} ({med(res['traitlogic'], 1) / 2**20:5.0f} MB)"
        if rustc:
            ratio = med(res["traitlogic"]) / med(res["rustc"])
            line += (f"  rustc {ms(med(res['rustc']))} ({med(res['rustc'], 1) / 2**20:5.0f} MB)  ratio {ratio:5.2f}x"
                     f" (target <= 0.5x)")
        p(line + f"  agree with rustc {agree}/{n}")
    split(python, path, rounds, p)
    p("")


def growth(tl: list[str], sizes: list[int], rounds: int, tmp: str, p) -> None:
    p(f"3. GROWTH: `traitlogic check` over {' and '.join(f'{n:,}' for n in sizes)} goals, paired, median of {rounds}")
    cmds = {}
    for n in sizes:
        path = os.path.join(tmp, f"growth{n}.txt")
        Path(path).write_text("\n".join(goals(n)) + "\n", encoding="utf-8")
        cmds[n] = (tl + ["check", path], {})
    res = paired(cmds, rounds)
    for n in sizes:
        p(f"  {n:>6} goals: {ms(med(res[n]))}  ({med(res[n]) / n * 1e6:5.0f} us/goal)  peak RSS "
          f"{med(res[n], 1) / 2**20:6.0f} MB")
    a, b = sizes[0], sizes[-1]
    for what, i in (("time", 0), ("peak RSS", 1)):
        k = math.log(med(res[b], i) / med(res[a], i)) / math.log(b / a)
        p(f"  exponent of {what:<9} {k:5.2f}   (target <= 1.05)")
    p("")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="paired rounds per batch figure (default 5)")
    ap.add_argument("--cold-runs", type=int, default=15, help="paired rounds per cold figure (default 15)")
    ap.add_argument("--sizes", default="2000,5000,10000", help="batch sizes (default 2000,5000,10000)")
    ap.add_argument("--growth", default="10000,50000", help="growth sizes, or '' to skip")
    ap.add_argument("--quick", action="store_true", help="3 rounds, 7 cold rounds")
    args = ap.parse_args(argv)
    runs, cold_runs = (3, 7) if args.quick else (args.runs, args.cold_runs)
    python = _python()
    exe = Path(python).parent / "traitlogic"
    tl = [str(exe)] if exe.exists() else [python, "-m", "traitlogic"]
    tmp = tempfile.mkdtemp(prefix="tl_bench_")
    if "TRAITLOGIC_CACHE_DIR" not in os.environ:
        os.environ["TRAITLOGIC_CACHE_DIR"] = os.path.join(tmp, "kbcache")  # private, warmed by the first run
    oracle = _oracle()
    rustc_cmd = oracle.find_rustc()
    rustc = Rustc(oracle, rustc_cmd) if rustc_cmd else None
    lines: list[str] = []

    def p(text: str) -> None:
        lines.append(text)
        print(text, flush=True)

    started = time.perf_counter()
    p("traitlogic vs rustc: speed benchmark (issue 11)")
    p(f"  machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
    p(f"  python {platform.python_version()}; {oracle.rustc_version(rustc_cmd) if rustc else 'rustc NOT FOUND'}")
    p(f"  load average at start: {load_average()} (other processes share the machine: paired runs)")
    p("")
    cold(python, tl, rustc, cold_runs, p)
    batch(python, tl, rustc, [int(n) for n in args.sizes.split(",")], runs, tmp, p)
    if args.growth:
        growth(tl, [int(n) for n in args.growth.split(",")], runs, tmp, p)
    p(f"load average at the end: {load_average()}; benchmark wall time {time.perf_counter() - started:.0f} s")
    shutil.rmtree(tmp, ignore_errors=True)
    if rustc:
        shutil.rmtree(rustc.dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    try:
        main()
    except Exception as exc:  # a benchmark never fails the build
        import traceback

        traceback.print_exc()
        print(f"benchmark aborted: {exc}", file=sys.stderr)
    sys.exit(0)
