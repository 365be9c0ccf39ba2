"""Label the goals of `tests/data/regressions/goals.txt` (issue 10's wrong or missing answers)
with rustc: `yes`, `no`, `overflow`, or `invalid` (rustc rejects the type itself: an unsatisfied
where-clause of the type, an unknown allocator, ...), written to `expected.tsv`.

    python3 scripts/gen_regressions.py            # regenerate
    python3 scripts/gen_regressions.py --check    # regenerate in memory and compare
"""
from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fileio  # noqa: E402
import rustc_oracle  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FOLDER = os.path.join(ROOT, "tests", "data", "regressions")
HEADER = "# labelled by scripts/gen_regressions.py with "


def read_goals(path: str) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return [line.strip() for line in fh if line.strip() and not line.lstrip().startswith("#")]


def label(goals: list[str]) -> tuple[dict[str, str], str]:
    """{goal: label} from rustc, and rustc's version."""
    parsed = {g: rustc_oracle.parse_goal(g) for g in goals}
    res = rustc_oracle.check_goals(list(parsed.values()))
    out = {}
    for text, goal in parsed.items():
        outcome = res.outcome(goal)
        out[text] = outcome if outcome is not None else "invalid"
    return out, res.rustc_version


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with the checked-in labels")
    args = ap.parse_args(argv)
    labels, version = label(read_goals(os.path.join(FOLDER, "goals.txt")))
    tsv = os.path.join(FOLDER, "expected.tsv")
    if args.check:
        old, old_version = fileio.read_labels(tsv, HEADER)
        return fileio.compare_labels(old, old_version, labels, version)
    fileio.write_atomic(tsv, fileio.render_labels(labels.items(), HEADER, version))
    print(f"wrote {tsv}: {len(labels)} goals")
    return 0


if __name__ == "__main__":
    sys.exit(main())
