"""Label the goals of `tests/data/regressions/goals.txt` (issue 10's wrong or missing answers)
with rustc: `yes`, `no`, `overflow`, or `invalid` (rustc rejects the type itself: an unsatisfied
where-clause of the type, an unknown allocator, ...), written to `expected.tsv`; and the impls
of `impls.txt`, each compiled alone after `impls_preamble.rs`, with rustc's error codes on the
impl's line (`E0321`, `E0117,E0751`) or `ok`, written to `impls_expected.tsv`. `nightly:` impls
(and preamble lines) are compiled by nightly rustc with `auto_traits` and `negative_impls`.

    python3 scripts/gen_regressions.py            # regenerate
    python3 scripts/gen_regressions.py --check    # regenerate in memory and compare
"""
from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fileio
import rustc_oracle

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FOLDER = os.path.join(ROOT, "tests", "data", "regressions")
HEADER = "# labelled by scripts/gen_regressions.py with "
NIGHTLY = os.environ.get("TRAITLOGIC_RUSTC_NIGHTLY") or "rustup run nightly rustc"
NIGHTLY_MARK = "nightly: "
NIGHTLY_FEATURES = "#![feature(auto_traits, negative_impls)]"


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


def preamble(path: str, nightly: bool) -> str:
    """The impls' preamble: its `// nightly: ` lines only for nightly (with the features on)."""
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    mark = "// " + NIGHTLY_MARK
    if not nightly:
        return "\n".join(line for line in lines if not line.startswith(mark))
    return "\n".join([NIGHTLY_FEATURES] + [line.removeprefix(mark) for line in lines])


def label_impls(impls: list[str]) -> tuple[dict[str, str], str]:
    """{impl line: rustc's error codes or `ok`}, and the rustc versions used."""
    out, versions = {}, {}
    for line in impls:
        nightly = line.startswith(NIGHTLY_MARK)
        rustc = NIGHTLY if nightly else None
        item = line.removeprefix(NIGHTLY_MARK)
        codes = rustc_oracle.item_errors(preamble(os.path.join(FOLDER, "impls_preamble.rs"), nightly), item, rustc)
        out[line] = ",".join(codes) or "ok"
        versions[nightly] = rustc_oracle.rustc_version(rustc)
    return out, " and ".join(versions[k] for k in (False, True) if k in versions)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with the checked-in labels")
    args = ap.parse_args(argv)
    status = 0
    for source, tsv_name, labeller in (("goals.txt", "expected.tsv", label),
                                       ("impls.txt", "impls_expected.tsv", label_impls)):
        labels, version = labeller(read_goals(os.path.join(FOLDER, source)))
        tsv = os.path.join(FOLDER, tsv_name)
        if args.check:
            old, old_version = fileio.read_labels(tsv, HEADER)
            status |= fileio.compare_labels(old, old_version, labels, version)
            continue
        fileio.write_atomic(tsv, fileio.render_labels(labels.items(), HEADER, version))
        print(f"wrote {tsv}: {len(labels)} rows")
    return status


if __name__ == "__main__":
    sys.exit(main())
