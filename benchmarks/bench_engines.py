"""Solve time of the two engines on the same lowered programs: 2.5k / 10k / 50k std goals.

    python3 benchmarks/bench_engines.py
Goals are drawn (with repeats for 50k, made distinct by wrapping) from tests/data/conformance_all.tsv.
"""
from __future__ import annotations

import random
import time
from pathlib import Path

from traitlogic import KnowledgeBase
from traitlogic.core.errors import TraitlogicError
from traitlogic.lower import Program
from traitlogic.solve import solve

ROOT = Path(__file__).resolve().parents[1]


def goals(n: int) -> list[str]:
    rows = [line.split("\t")[0] for line in (ROOT / "tests/data/conformance_all.tsv").read_text().splitlines()[2:]]
    rng = random.Random(n)
    out, wrap = [], ["{}", "Vec<{}>", "Option<{}>", "(i32, {})", "[{}; 2]"]
    for i in range(n):
        goal = rng.choice(rows)
        trait, ty = goal.split("(", 1)
        out.append(f"{trait}({wrap[(i // len(rows)) % len(wrap)].format(ty[:-1])})")
    return out


def main() -> None:
    kb = KnowledgeBase.load()
    for n in (2_500, 10_000, 50_000):
        parsed = []
        for g in goals(n):
            try:
                parsed.append(kb.parse_goal(g))
            except TraitlogicError:  # a goal the KB cannot read: not part of the timing
                continue
        program = kb._lowering.expand(parsed, Program())
        times = {}
        for engine in ("seminaive", "pydatalog"):
            t = time.perf_counter()
            solve(program, engine)
            times[engine] = time.perf_counter() - t
        print(f"{n:>6} goals, {len(program.clauses):>6} clauses: seminaive {times['seminaive'] * 1000:8.1f} ms, "
              f"pydatalog {times['pydatalog'] * 1000:8.1f} ms ({times['pydatalog'] / times['seminaive']:.1f}x)")


if __name__ == "__main__":
    main()
