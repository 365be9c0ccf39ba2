#!/usr/bin/env python3
"""Benchmark: does a query's cost grow with the size of the knowledge base? It should not: only
the goals a query demands are lowered and solved.

Answers the same goals (the std conformance corpus, or a sample) with the full std KB and with
a small KB cut down to just the types those goals demand, and prints both times and the ratio.

    .venv/bin/python benchmarks/bench_kb_size.py [--runs 5] [--goals 1000]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def corpus(limit: int | None) -> list[str]:
    rows = [line.split("\t")[0] for line in (REPO / "tests/data/conformance_std.tsv").read_text().splitlines()
            if line and not line.startswith("#")][1:]
    return rows[:limit] if limit else rows


def small_kb(full, goals: list[str]):
    """A KB of only the std types (and their impls) that `goals` demand, from the same YAML."""
    from traitlogic import KnowledgeBase
    from traitlogic.core import types as T
    from traitlogic.kb.load import build, read_file
    from traitlogic.lower import Program
    from traitlogic.core.resources import std_kb_files

    decls = full.decls
    program = full._lowering.expand([full.parse_goal(g) for g in goals], Program())
    needed = {t.name for goal in program.clauses for t in T.walk(goal.ty) if t.kind == "adt"}
    while True:  # close over what the kept types' impls and defaults mention
        kept = [i for i in decls.all_impls() if i.self_ty.kind != "adt" or i.self_ty.name in needed]
        terms = [i.self_ty for i in kept] + [b.ty for i in kept for b in i.bounds] + \
                [t for i in kept for t in i.assoc.values()] + \
                [p.default for path in needed for p in decls.type_by_path[path].params if p.default is not None]
        more = {t.name for term in terms for t in T.walk(term) if t.kind == "adt"} - needed
        if not more:
            break
        needed |= more
    kept_at = {(i.origin.file, i.origin.line) for i in kept}
    keep = []
    for file in std_kb_files():
        for e in read_file(file):
            if e.section == "types" and e.values["path"] not in needed:
                continue
            if e.section == "aliases" or (e.section == "depths" and e.values["type"] not in needed):
                continue
            if e.section == "impls" and (e.file, e.line) not in kept_at:
                continue
            keep.append(e)
    return KnowledgeBase(build(keep))


def timed(kb, goals: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        kb.ask_many(goals)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--goals", type=int, default=None, help="only the first N corpus goals")
    args = ap.parse_args(argv)
    from traitlogic import KnowledgeBase

    goals = corpus(args.goals)
    full = KnowledgeBase.load()
    small = small_kb(full, goals)
    a_small = [a.holds for a in small.ask_many(goals)]
    a_full = [a.holds for a in full.ask_many(goals)]
    assert a_small == a_full, "the cut-down KB must answer exactly as the full one"
    t_small, t_full = timed(small, goals, args.runs), timed(full, goals, args.runs)
    print(f"query cost vs KB size: {len(goals)} goals, median of {args.runs}")
    for name, kb, t in (("small KB", small, t_small), ("full KB", full, t_full)):
        d = kb.decls
        print(f"  {name:<9} {len(d.type_by_path):>5} types {len(d.all_impls()):>6} impls  {t * 1000:8.1f} ms"
              f"  ({t / len(goals) * 1e6:.0f} us/goal)")
    print(f"  ratio full / small: {t_full / t_small:.2f}x   (target: ~1.0x, no growth with the KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
