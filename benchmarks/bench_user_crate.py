#!/usr/bin/env python3
"""Benchmark: a generated crate of N structs (random fields over std types and each other, with
cycles), imported as Rust source, then Send and Sync asked for every struct in one batch.

Prints, for each size, the import time, the answering time and the peak memory (RSS of a fresh
process per size), and how both grow from the smallest size to the largest.

    .venv/bin/python benchmarks/bench_user_crate.py            # 1,000 / 3,000 / 10,000 structs
    .venv/bin/python benchmarks/bench_user_crate.py --sizes 500 2000
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import textwrap

LEAVES = ["i32", "u8", "String", "bool", "Vec<u8>", "Cell<i32>", "Rc<i32>", "Arc<String>", "RefCell<Vec<u8>>",
          "Mutex<u64>", "*const u8", "Box<str>", "Option<String>", "AtomicUsize"]
WRAPPERS = ["Box<{}>", "Option<Box<{}>>", "Vec<{}>", "Arc<{}>", "Rc<{}>", "Mutex<{}>", "RefCell<{}>",
            "HashMap<String, {}>", "(u8, {})", "[{}; 2]"]


def crate(n: int, seed: int = 7) -> str:
    """N structs; about half of the fields point at other structs (so there are many cycles)."""
    rng = random.Random(seed)
    out = ["use std::cell::{Cell, RefCell};", "use std::collections::HashMap;", "use std::rc::Rc;",
           "use std::sync::{Arc, Mutex};", "use std::sync::atomic::AtomicUsize;", ""]
    for i in range(n):
        fields = []
        for f in range(rng.randint(1, 4)):
            if rng.random() < 0.5:
                inner = f"S{rng.randrange(n)}"
                ty = rng.choice(["Box<{}>", "Option<Box<{}>>", "Vec<{}>", "Arc<{}>", "Rc<{}>"]).format(inner)
            else:
                ty = rng.choice(LEAVES)
                if rng.random() < 0.4:
                    ty = rng.choice(WRAPPERS).format(ty)
            fields.append(f"f{f}: {ty}")
        out.append(f"pub struct S{i} {{ {', '.join(fields)} }}")
    return "\n".join(out) + "\n"


CHILD = textwrap.dedent("""
    import json, resource, sys, time
    t0 = time.perf_counter()
    from traitlogic import KnowledgeBase
    t1 = time.perf_counter()
    kb = KnowledgeBase.load(rust=[sys.argv[1]])
    t2 = time.perf_counter()
    n = int(sys.argv[2])
    goals = [f"{t}(S{i})" for i in range(n) for t in ("Send", "Sync")]
    answers = kb.ask_many(goals)
    t3 = time.perf_counter()
    yes = sum(1 for a in answers if getattr(a, "holds", None) is True)
    errors = sum(1 for a in answers if not hasattr(a, "holds"))
    print(json.dumps({"import": t1 - t0, "load": t2 - t1, "answer": t3 - t2, "yes": yes, "errors": errors,
                      "goals": len(goals), "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
""")


def run(n: int, workdir: str) -> dict:
    path = os.path.join(workdir, f"crate_{n}.rs")
    with open(path, "w") as fh:
        fh.write(crate(n))
    # the std KB from a private, warmed cache (as a user's second run has it); the crate itself
    # (`rust=`) is never cached, so `load` is its import
    env = dict(os.environ, TRAITLOGIC_CACHE_DIR=os.path.join(workdir, "kbcache"))
    subprocess.run([sys.executable, "-c", "from traitlogic import KnowledgeBase; KnowledgeBase.load()"], env=env,
                   check=True)
    out = subprocess.run([sys.executable, "-c", CHILD, path, str(n)], capture_output=True, text=True, env=env,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000])
    args = ap.parse_args(argv)
    print("traitlogic: a generated crate of N structs, imported from Rust source, Send + Sync for each")
    print(f"  {'structs':>8} {'goals':>7} {'load':>9} {'answer':>9} {'per goal':>9} {'peak RSS':>9}  yes/errors")
    rows = []
    with tempfile.TemporaryDirectory() as workdir:
        for n in args.sizes:
            r = run(n, workdir)
            rows.append((n, r))
            print(f"  {n:>8} {r['goals']:>7} {r['load']:>8.2f}s {r['answer']:>8.2f}s "
                  f"{r['answer'] / r['goals'] * 1e6:>7.0f}us {r['rss_mb']:>7.0f}MB  {r['yes']}/{r['errors']}")
    if len(rows) > 1:
        (n0, a), (n1, b) = rows[0], rows[-1]
        k = n1 / n0
        e = {key: math.log(b[key] / a[key]) / math.log(k) for key in ('load', 'answer', 'rss_mb')}
        print(f"  growth {n0} -> {n1} structs ({k:.0f}x): load {b['load'] / a['load']:.1f}x, "
              f"answer {b['answer'] / a['answer']:.1f}x, peak RSS {b['rss_mb'] / a['rss_mb']:.1f}x "
              f"(linear would be {k:.0f}x)")
        print(f"  exponents: load {e['load']:.2f}, answer {e['answer']:.2f}, peak RSS {e['rss_mb']:.2f} "
              f"(1.0 is linear; target <= 1.05)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
