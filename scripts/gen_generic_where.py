#!/usr/bin/env python3
"""Label the generic goals of `tests/data/generic_where/goals.txt` with rustc, inside generic
functions (as rustc decides a generic goal: its `where` clause is the param-env), written to
`expected.tsv` as `yes`, `no`, `if` with the weakest conjunction of atoms, or `complex`.

A goal `Send(Cow<'static, T>) where T: Clone` becomes functions
`fn q<T: 'static>() where T: Clone, ATOMS { tl_is_send::<Cow<'static, T>>(); }`, one a line,
whose ATOMS are drawn from the universe of auto-trait atoms over the SLOTS: each parameter, and
the projection `<P as ToOwned>::Owned` / `<P as Iterator>::Item` of a parameter the `where`
clause bounds by `ToOwned` / `Iterator` (a where-clause candidate keeps it rigid). A function
fails when rustc reports an auto-trait E0277 raised by the helper's bound on its line.
  all atoms fails  -> "no";  no atom holds -> "yes";
  else atom X is needed iff all atoms but X fails, and exactly the needed atoms must hold
  ("if"), else "complex". Any other error is a bad question (the script stops).

    python3 scripts/gen_generic_where.py            # regenerate
    python3 scripts/gen_generic_where.py --check    # regenerate in memory and compare
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fileio
import rustc_oracle

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FOLDER = os.path.join(ROOT, "tests", "data", "generic_where")
HEADER = "# labelled by scripts/gen_generic_where.py with "
PREAMBLE = """#![allow(unused)]
use std::borrow::Cow;
use std::iter::Peekable;
use std::num::Wrapping;
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::vec;
"""
TRAITS = rustc_oracle.AUTO_TRAITS
HELPER = rustc_oracle.HELPER  # (the oracle recognises its failures by these names)
GOAL = re.compile(r"^(\w+)\((.*)\)(?: where (.*))?$")
PARAM = re.compile(r"\b[A-Z][0-9]?\b")
PROJECTIONS = {"ToOwned": "Owned", "Iterator": "Item"}


def read_goals(path: str) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return [line.strip() for line in fh if line.strip() and not line.lstrip().startswith("#")]


def parse(goal: str) -> tuple[str, str, str, list[str], list[str]]:
    """(trait, type, where text, parameters, slots) of `Trait(Type) where ...`."""
    m = GOAL.match(goal)
    if m is None:
        raise SystemExit(f"cannot read goal {goal!r}")
    trait, ty, where = m.group(1), m.group(2), m.group(3) or ""
    params = list(dict.fromkeys(PARAM.findall(ty)))
    slots = list(params)
    for bound in filter(None, (b.strip() for b in re.split(r",(?![^<]*>)", where))):
        param, _, traits = bound.partition(":")
        for t in (x.strip() for x in traits.split("+")):
            if t in PROJECTIONS and param.strip() in params:
                slots.append(f"<{param.strip()} as {t}>::{PROJECTIONS[t]}")
    return trait, ty, where, params, slots


def function(name: str, goal: str, atoms: list[str]) -> str:
    trait, ty, where, params, _ = parse(goal)
    clauses = [c for c in [where, *atoms] if c]
    generics = ", ".join(f"{p}: 'static" for p in params)
    where_text = f" where {', '.join(clauses)}" if clauses else ""
    return f"fn {name}<{generics}>(){where_text} {{ {HELPER[trait]}::<{ty}>(); }}"


def failing(functions: list[str], workdir: str) -> set[int]:
    """The indexes of the functions whose goal fails (an auto-trait E0277 on its line)."""
    cmd = rustc_oracle.find_rustc()
    if cmd is None:
        raise SystemExit("rustc not found")
    head = PREAMBLE + "".join(f"fn {HELPER[t]}<T: ?Sized + {rustc_oracle.BOUND[t]}>() {{}}\n" for t in TRAITS)
    first = head.count("\n") + 1
    src = head + "\n".join(functions) + "\nfn main() {}\n"
    _, diags, path = rustc_oracle._compile(cmd, src, workdir, "tl_generic_where")
    out: set[int] = set()
    for d in diags:
        if d.get("level") not in ("error",) or d.get("message", "").startswith("aborting due to"):
            continue
        line = rustc_oracle._primary_line(d, path)
        index = None if line is None else line - first
        if index is None or not 0 <= index < len(functions):
            raise SystemExit(f"an error outside the goals: {d.get('message')}")
        trait = parse_trait(functions[index])
        if not rustc_oracle._is_goal_failure(d, trait):
            raise SystemExit(f"not a valid question: {functions[index]}: {d.get('message')}")
        out.add(index)
    return out


def parse_trait(function_text: str) -> str:
    return next(t for t in TRAITS if f" {HELPER[t]}::<" in function_text)


def label(goals: list[str]) -> dict[str, tuple[str, list[str]]]:
    """{goal: (answer, needed atoms)} from rustc (two compiles: the probes, then the conjunctions)."""
    universes = {g: [f"{s}: {t}" for s in parse(g)[4] for t in TRAITS] for g in goals}
    functions: list[str] = []
    index: dict[tuple[str, str], int] = {}
    for g, atoms in universes.items():
        for key, chosen in [("all", atoms), ("none", [])] + [(a, [b for b in atoms if b != a]) for a in atoms]:
            index[(g, key)] = len(functions)
            functions.append(function(f"q{len(functions)}", g, chosen))
    with tempfile.TemporaryDirectory() as workdir:
        fails = failing(functions, workdir)
        out: dict[str, tuple[str, list[str]]] = {}
        needed: dict[str, list[str]] = {}
        for g, atoms in universes.items():
            if index[(g, "all")] in fails:
                out[g] = ("no", [])
            elif index[(g, "none")] not in fails:
                out[g] = ("yes", [])
            else:
                needed[g] = [a for a in atoms if index[(g, a)] in fails]
        second = [function(f"r{i}", g, atoms) for i, (g, atoms) in enumerate(needed.items())]
        fails = failing(second, workdir) if second else set()
        for i, (g, atoms) in enumerate(needed.items()):
            out[g] = ("complex", atoms) if i in fails else ("if", atoms)
    return {g: out[g] for g in goals}


def render(labels: dict[str, tuple[str, list[str]]]) -> str:
    lines = [HEADER + rustc_oracle.rustc_version() + "; do not edit", "goal\tanswer\tconditions"]
    lines += [f"{g}\t{answer}\t{', '.join(atoms)}" for g, (answer, atoms) in labels.items()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with the checked-in labels")
    args = ap.parse_args(argv)
    text = render(label(read_goals(os.path.join(FOLDER, "goals.txt"))))
    path = os.path.join(FOLDER, "expected.tsv")
    return fileio.write_or_check(path, text, args.check, "expected.tsv agrees with rustc",
                                 "expected.tsv differs from rustc's labels")


if __name__ == "__main__":
    raise SystemExit(main())
