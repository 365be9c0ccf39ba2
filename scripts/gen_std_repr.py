#!/usr/bin/env python3
"""Label, with rustc, which type parameters of each generic std type are held by value (rustc's
`params_in_repr`): `rules/representation.json`, read by the E0072 check of your own types.

A type of yours that holds itself by value has infinite size (rustc: E0072, "recursive type has
infinite size"): `struct S { next: S }`, or through a std type that holds its parameter by value
(`Option<S>`, `Cell<S>`), but not through one that holds it behind a pointer (`Box<S>`, `Vec<S>`).
For each std type and each of its type parameters, a probe `struct P { f: Type<.., P, ..> }` (the
other arguments `u8`, `'static`, `1`, or left to their defaults) is compiled; the parameter is held
by value iff rustc reports E0072 on the probe's line. Only stable types are probed (rustc stable);
a type not listed is one the check cannot decide, and says so.

    python3 scripts/gen_std_repr.py            # rewrite rules/representation.json
    python3 scripts/gen_std_repr.py --check    # regenerate in memory and compare
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fileio
import rustc_oracle

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "rules", "representation.json")
sys.path.insert(0, os.path.join(ROOT, "src"))


def probes() -> list[tuple[str, str, list[str | None]]]:
    """(type path, parameter name, the arguments with None for the probed one) for every type
    parameter of a stable generic std type."""
    from traitlogic import KnowledgeBase
    decls = KnowledgeBase.load().decls
    out = []
    for decl in sorted(decls.type_by_path.values(), key=lambda d: d.path):
        if not decl.from_std or decl.unstable or decl.kind == "builtin":
            continue
        for i, p in enumerate(decl.params):
            if p.is_const:
                continue
            args: list[str | None] = ["'static" for _ in decl.lifetimes]
            last = max(i, max((j for j, q in enumerate(decl.params) if q.default is None), default=-1))
            for j, q in enumerate(decl.params[:last + 1]):
                args.append(None if j == i else "1" if q.is_const else "u8")
            out.append((decl.path, p.name, args))
    return out


def label(rustc: list[str]) -> dict[str, list[str]]:
    found = probes()
    lines = ["#![allow(dead_code, unused)]"]
    first = len(lines) + 1
    for k, (path, _, args) in enumerate(found):
        lines.append(f"struct P{k} {{ f: {path}<{', '.join(a or f'P{k}' for a in args)}> }}")
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "probe.rs")
        with open(src, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        run = subprocess.run([*rustc, "--edition", "2021", "--crate-type", "lib", "--emit", "metadata",
                              "--error-format", "json", "-o", os.path.join(tmp, "probe.rmeta"), src],
                             check=False, capture_output=True, text=True)
    by_value: set[int] = set()
    for line in run.stderr.splitlines():
        if not line.startswith("{"):
            continue
        diag = json.loads(line)
        if (diag.get("code") or {}).get("code") == "E0072":
            for span in diag["spans"]:
                if span["is_primary"]:
                    by_value.add(span["line_start"] - first)
    out: dict[str, list[str]] = {}
    for k, (path, param, _) in enumerate(found):
        out.setdefault(path, [])
        if k in by_value:
            out[path].append(param)
    return out


def render(labels: dict[str, list[str]], version: str) -> str:
    doc = {"generated": f"by scripts/gen_std_repr.py with {version}",
           "meaning": "the type parameters each stable generic std type holds by value (rustc's params_in_repr)",
           "by_value": dict(sorted(labels.items()))}
    return json.dumps(doc, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="compare with the checked-in file")
    args = ap.parse_args(argv)
    rustc = rustc_oracle.find_rustc()
    if rustc is None:
        raise SystemExit("rustc not found on PATH")
    text = render(label(rustc), rustc_oracle.rustc_version(rustc))
    return fileio.write_or_check(OUT, text, args.check, "same", "differs")


if __name__ == "__main__":
    sys.exit(main())
