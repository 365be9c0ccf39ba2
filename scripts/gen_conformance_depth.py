#!/usr/bin/env python3
"""Generate tests/data/conformance_depth.tsv: Send/Sync goals near rustc's recursion limit.

rustc overflows (E0275, "overflow evaluating the requirement") once an obligation is 128
levels below the goal.  kb/std/depths.yaml records how many levels each std type spends per
layer; this corpus checks traitlogic against rustc right at that limit.  Every goal is
labelled `yes` (compiles), `no` (E0277 Send/Sync failure) or `overflow` (E0275) by rustc.

Each goal is compiled in its OWN file (one `is_send::<T>()` per file): rustc caches trait
results across the lines of a file, so deep goals sharing a file would get labels that
depend on line order.  Goals that rustc rejects for any other reason are dropped and
reported on stderr.

Goals:
  1. single-constructor nestings `C<C<...<i32>>>` (every type of kb/std/depths.yaml, plus
     Option, Arc, Mutex, `(X,)`, `[X; 1]`, `&'static X`) at the last n that compiles and
     at n + 1, for each trait the type can have;
  2. mixed nestings (a cycle of constructors, e.g. Box of Vec of Option) at the last
     compiling number of layers and one more;
  3. multi-parameter types with one deep argument (`Result<i32, Option<...k...>>`,
     `HashMap<Option<...k...>, i32>`, tuples, ...) at the last compiling k and k + 1, and
     a goal proven on one path that another path reaches too deep;
  4. `Option<...k...<Vec<i32>>>` etc.: a std type whose private fields are first met deep
     (nothing above proved them), at the last compiling k and k + 1;
  5. chains ending in a failing leaf (`Rc<i32>` for Send, `Cell<i32>` for Sync): the last n
     rustc answers `no` at, and n + 1;
  6. a failing element next to an overflowing one, in both orders.
The boundaries are searched with rustc (starting from the depths.yaml prediction), so only
rustc decides them.

    python3 scripts/gen_conformance_depth.py           # regenerate the TSV
    python3 scripts/gen_conformance_depth.py --check   # exit 1 if rustc now says otherwise
Needs rustc ($TRAITLOGIC_RUSTC or `rustc` on PATH) and PyYAML.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import rustc_oracle
from fileio import write_atomic

REPO = os.path.dirname(HERE)
DEFAULT_OUT = os.path.join(REPO, "tests", "data", "conformance_depth.tsv")
DEPTHS = os.path.join(REPO, "kb", "std", "depths.yaml")
LIMIT = 128
MAX_OK = LIMIT - 1
MAX_LAYERS = 400        # give up searching a boundary beyond this many layers
PROBE_TIMEOUT = 120     # seconds per rustc run
LEAF = "i32"
OPTION = "std::option::Option"
RC = "std::rc::Rc<i32>"
CELL = "std::cell::Cell<i32>"
FAIL_LEAF = {"Send": RC, "Sync": CELL}
HELPER = {"Send": "is_send", "Sync": "is_sync"}
SEND_SYNC_MSG = re.compile(r"cannot be (sent|shared) between threads safely"
                           r"|: (Send|Sync)` is not satisfied|the trait `(Send|Sync)` is not implemented")


# --------------------------------------------------------------------------- constructors

@dataclass(frozen=True)
class Ctor:
    """One layer: `template` with `{}` where the nested type goes."""
    name: str            # short name, for messages
    template: str
    type: str | None     # std path in depths.yaml (None: not a synthesized impl there)
    param: str | None
    traits: tuple = ("Send", "Sync")   # traits the type can have

    def wrap(self, inner: str) -> str:
        return self.template.replace("{}", inner)


def C(name, template, type_=None, param=None, traits=("Send", "Sync")):
    return Ctor(name, template, type_, param, traits)


CTORS = [
    C("Box", "std::boxed::Box<{}>", "std::boxed::Box", "T"),
    C("Vec", "std::vec::Vec<{}>", "std::vec::Vec", "T"),
    C("VecDeque", "std::collections::VecDeque<{}>", "std::collections::VecDeque", "T"),
    C("BinaryHeap", "std::collections::BinaryHeap<{}>", "std::collections::BinaryHeap", "T"),
    C("BTreeSet", "std::collections::BTreeSet<{}>", "std::collections::BTreeSet", "T"),
    C("BTreeMap.K", "std::collections::BTreeMap<{}, i32>", "std::collections::BTreeMap", "K"),
    C("BTreeMap.V", "std::collections::BTreeMap<i32, {}>", "std::collections::BTreeMap", "V"),
    C("HashSet", "std::collections::HashSet<{}>", "std::collections::HashSet", "T"),
    C("HashMap.K", "std::collections::HashMap<{}, i32>", "std::collections::HashMap", "K"),
    C("HashMap.V", "std::collections::HashMap<i32, {}>", "std::collections::HashMap", "V"),
    C("Cow", "std::borrow::Cow<'static, {}>", "std::borrow::Cow", "B"),
    C("LazyCell.T", "std::cell::LazyCell<{}, i32>", "std::cell::LazyCell", "T", ("Send",)),
    C("LazyCell.F", "std::cell::LazyCell<i32, {}>", "std::cell::LazyCell", "F", ("Send",)),
    C("OnceCell", "std::cell::OnceCell<{}>", "std::cell::OnceCell", "T", ("Send",)),
    C("ManuallyDrop", "std::mem::ManuallyDrop<{}>", "std::mem::ManuallyDrop", "T"),
    C("MaybeUninit", "std::mem::MaybeUninit<{}>", "std::mem::MaybeUninit", "T"),
    C("LazyLock.T", "std::sync::LazyLock<{}, i32>", "std::sync::LazyLock", "T"),
    C("LazyLock.F", "std::sync::LazyLock<i32, {}>", "std::sync::LazyLock", "F"),
    C("SyncSender", "std::sync::mpsc::SyncSender<{}>", "std::sync::mpsc::SyncSender", "T"),
    C("ScopedJoinHandle", "std::thread::ScopedJoinHandle<'static, {}>", "std::thread::ScopedJoinHandle", "T"),
    C("Option", "std::option::Option<{}>"),
    C("Arc", "std::sync::Arc<{}>"),
    C("Mutex", "std::sync::Mutex<{}>"),
    C("Tuple1", "({},)"),
    C("Array1", "[{}; 1]"),
    C("Ref", "&'static {}"),
]
BY_NAME = {c.name: c for c in CTORS}

MIXED = [  # (cycle of constructors, outermost first; traits)
    (("Box", "Vec", "Option"), ("Send", "Sync")),
    (("Option", "Box"), ("Send", "Sync")),
    (("Vec", "HashMap.V", "Option"), ("Send", "Sync")),
    (("HashSet", "Box"), ("Send",)),
    (("Arc", "Mutex"), ("Send", "Sync")),
    (("Ref", "Tuple1", "Array1"), ("Send", "Sync")),
    (("Mutex", "Vec"), ("Sync",)),
    (("Cow", "ManuallyDrop", "VecDeque"), ("Send",)),
]

MULTI = [  # one deep argument `{}` = Option<...k...<i32>>, the others i32
    ("Result.E", "std::result::Result<i32, {}>"),
    ("Result.T", "std::result::Result<{}, i32>"),
    ("HashMap.V", "std::collections::HashMap<i32, {}>"),
    ("HashMap.K", "std::collections::HashMap<{}, i32>"),
    ("BTreeMap.V", "std::collections::BTreeMap<i32, {}>"),
    ("BTreeMap.K", "std::collections::BTreeMap<{}, i32>"),
    ("Tuple2.1", "(i32, {})"),
    ("Tuple2.0", "({}, i32)"),
]

FAIL_CHAINS = [  # (ctor, trait): chain ending in FAIL_LEAF[trait]
    ("Option", "Send"), ("Box", "Send"), ("Vec", "Send"), ("Tuple1", "Send"), ("Arc", "Send"),
    ("HashMap.V", "Send"),
    ("Option", "Sync"), ("Box", "Sync"), ("Vec", "Sync"), ("Ref", "Sync"), ("Array1", "Sync"),
    ("HashSet", "Sync"),
]
# Option<...k...<inner>> where the failing part sits below the Option chain.
FAIL_INNER = [
    ("Send", "std::vec::Vec<std::rc::Rc<i32>>"),
    ("Send", "(i32, std::rc::Rc<i32>)"),
    ("Send", "std::sync::MutexGuard<'static, i32>"),
    ("Sync", "std::boxed::Box<std::cell::Cell<i32>>"),
    ("Sync", "std::sync::mpsc::Receiver<i32>"),
]

# Option<...k...<inner>> with a std type first met deep: how many levels its private fields
# take when nothing above proved them already.
DEEP_INNER = [
    "std::vec::Vec<i32>",
    "std::boxed::Box<i32>",
    "std::collections::HashMap<i32, i32>",
    "std::collections::BTreeMap<i32, i32>",
    "std::collections::VecDeque<i32>",
]


def option_nest(k: int, leaf: str = LEAF) -> str:
    return f"{OPTION}<" * k + leaf + ">" * k


def nest(cycle: tuple, n: int, leaf: str = LEAF) -> str:
    """n layers cycling through `cycle` (outermost first) around `leaf`."""
    ty = leaf
    for i in reversed(range(n)):
        ty = BY_NAME[cycle[i % len(cycle)]].wrap(ty)
    return ty


def fixed_goals() -> list:
    """Category 3b and 5: fixed goals (trait, type)."""
    out = []
    deep = option_nest(200)
    at = option_nest(127)    # fine alone, one level too deep inside anything
    for trait in ("Send", "Sync"):
        bad = FAIL_LEAF[trait]
        out += [
            (trait, f"({bad}, {deep})"),
            (trait, f"({deep}, {bad})"),
            (trait, f"({bad}, {at})"),
            (trait, f"({at}, {bad})"),
            (trait, f"({bad}, {option_nest(128)})"),
            (trait, f"({option_nest(128)}, {bad})"),
            (trait, f"std::result::Result<{bad}, {at}>"),
            (trait, f"std::result::Result<{at}, {bad}>"),
            (trait, f"std::result::Result<{bad}, {deep}>"),
            (trait, f"std::result::Result<{deep}, {bad}>"),
            (trait, f"({option_nest(126, bad)}, {deep})"),
            (trait, f"({deep}, {option_nest(126, bad)})"),
            (trait, f"({bad}, i32, {deep}, {bad})"),
            (trait, f"std::vec::Vec<({deep}, {bad})>"),
        ]
    # A type proven (or about to be) at a shallow level, reached too deep on another path.
    a126 = option_nest(126)
    a125 = option_nest(125)
    out += [
        ("Send", at),
        ("Send", f"({a126}, {OPTION}<{a126}>)"),
        ("Send", f"({OPTION}<{a126}>, {a126})"),
        ("Sync", f"({a126}, {OPTION}<{a126}>)"),
        ("Send", f"({a125}, {OPTION}<{a125}>)"),
        ("Send", f"std::result::Result<{at}, {at}>"),
        ("Send", f"std::vec::Vec<{a126}>"),
        ("Send", f"({a126}, std::vec::Vec<{a126}>)"),
    ]
    return out


# --------------------------------------------------------------------------- rustc

class Probe:
    """Labels one goal per rustc run: 'yes' | 'no' | 'overflow' | 'error'."""

    def __init__(self, cmd, workdir):
        self.cmd = cmd
        self.workdir = workdir
        self.cache: dict = {}
        self.lock = threading.Lock()
        self.compiles = 0

    def __call__(self, trait: str, ty: str) -> str:
        key = (trait, ty)
        with self.lock:
            if key in self.cache:
                return self.cache[key][0]
        res = self._run(trait, ty)
        with self.lock:
            self.cache[key] = res
            self.compiles += 1
        return res[0]

    def _run(self, trait, ty):
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
                                               "--crate-name", "probe", "--error-format=json",
                                               "-o", os.path.join(d, "probe.rmeta"), path],
                                   check=False, capture_output=True, text=True, cwd=d, timeout=PROBE_TIMEOUT)
            except subprocess.TimeoutExpired:
                return "error", f"rustc took more than {PROBE_TIMEOUT} s"
        errors = []
        for raw in r.stderr.splitlines():
            try:
                diag = json.loads(raw)
            except ValueError:
                return "error", f"non-JSON rustc output: {raw[:200]}"
            if diag.get("level") != "error" or diag.get("message", "").startswith("aborting due to"):
                continue
            errors.append(diag)
        if r.returncode == 0 and not errors:
            return "yes", ""
        if not errors:
            return "error", f"rustc exit status {r.returncode} without diagnostics"
        codes = {(e.get("code") or {}).get("code") for e in errors}
        first = errors[0].get("message", "")
        if codes == {"E0275"}:
            return "overflow", first
        want = f"required by a bound in `{HELPER[trait]}`"
        if codes == {"E0277"} and all(
                SEND_SYNC_MSG.search(e.get("message", ""))
                and any(c.get("message") == want for c in e.get("children", [])) for e in errors):
            return "no", first
        return "error", "; ".join(f"{(e.get('code') or {}).get('code')}: {e.get('message', '')[:150]}"
                                  for e in errors[:3])


def load_costs() -> dict:
    with open(DEPTHS, encoding="utf-8") as f:
        data = yaml.safe_load(f) or {}
    return {(e["type"], e["trait"], e["param"]): e["depth"] for e in data.get("depths") or []}


def predict(costs, cycle, trait) -> int:
    """Largest n with the summed depths.yaml costs of n layers <= 127 (a starting point)."""
    total, n = 0, 0
    while n < MAX_LAYERS:
        c = BY_NAME[cycle[n % len(cycle)]]
        total += costs.get((c.type, trait, c.param), 1)
        if total > MAX_OK:
            return max(n, 1)
        n += 1
    return n


def boundary(probe, trait, make, start, below=("yes",)):
    """Largest n >= 1 with probe(make(n)) in `below` and probe(make(n + 1)) == 'overflow'.

    Assumes labels in `below` up to some n and 'overflow' from n + 1 on; gallops from
    `start` (a prediction, usually right) and bisects.  Returns (n, None) or (None, reason)."""
    def label(n):
        lab = probe(trait, make(n))
        if lab != "overflow" and lab not in below:
            raise LookupError(f"{lab} at {n}")
        return lab

    try:
        n = max(start, 1)
        if label(n) != "overflow":
            lo, step = n, 1            # lo is below the limit
            while True:
                hi = lo + step
                if hi > MAX_LAYERS:
                    return None, f"no overflow up to {MAX_LAYERS}"
                if label(hi) == "overflow":
                    break
                lo, step = hi, step * 2
        else:
            hi, step = n, 1            # hi overflows
            while True:
                lo = max(hi - step, 1)
                if label(lo) != "overflow":
                    break
                if lo == 1:
                    return None, "overflow already at 1"
                hi, step = lo, step * 2
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if label(mid) == "overflow":
                hi = mid
            else:
                lo = mid
        return lo, None
    except LookupError as exc:
        return None, str(exc)


# --------------------------------------------------------------------------- generation

def series(costs) -> list:
    """Boundary searches: (section, trait, make, start, below)."""
    out = []
    for c in CTORS:
        for trait in c.traits:
            out.append((f"single {c.name}", trait, (lambda n, c=c: nest((c.name,), n)),
                        predict(costs, (c.name,), trait), ("yes",)))
    for cycle, traits in MIXED:
        for trait in traits:
            out.append((f"mixed {'/'.join(cycle)}", trait, (lambda n, cy=cycle: nest(cy, n)),
                        predict(costs, cycle, trait), ("yes",)))
    for name, template in MULTI:
        for trait in ("Send", "Sync"):
            out.append((f"multi {name}", trait, (lambda k, t=template: t.replace("{}", option_nest(k))),
                        MAX_OK - 4, ("yes",)))
    for name, trait in FAIL_CHAINS:
        out.append((f"failing leaf {name}", trait,
                    (lambda n, nm=name, tr=trait: nest((nm,), n, FAIL_LEAF[tr])),
                    predict(costs, (name,), trait), ("no",)))
    for trait, inner in FAIL_INNER:
        out.append((f"failing inner {inner}", trait, (lambda k, i=inner: option_nest(k, i)),
                    MAX_OK - 4, ("no",)))
    for inner in DEEP_INNER:
        for trait in ("Send", "Sync"):
            out.append((f"deep inner {inner}", trait, (lambda k, i=inner: option_nest(k, i)),
                        MAX_OK - 6, ("yes",)))
    return out


def generate(jobs: int, verbose: bool):
    cmd = rustc_oracle.find_rustc()
    if cmd is None:
        raise SystemExit("gen_conformance_depth: rustc not found ($TRAITLOGIC_RUSTC or PATH)")
    version = rustc_oracle.rustc_version(cmd)
    costs = load_costs()
    todo = series(costs)
    fixed = fixed_goals()
    problems = []
    with tempfile.TemporaryDirectory(prefix="tl-depth-conf-") as work:
        probe = Probe(cmd, work)

        def run(s):
            section, trait, make, start, below = s
            n, why = boundary(probe, trait, make, start, below)
            if n is None:
                return section, trait, [], why
            return section, trait, [(trait, make(n)), (trait, make(n + 1))], f"boundary at {n}"

        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
            results = list(ex.map(run, todo))
            list(ex.map(lambda g: probe(*g), fixed))   # fills the probe's cache in parallel
        goals = []
        for section, trait, pair, why in results:
            if verbose:
                print(f"{section:50} {trait}: {why}", file=sys.stderr)
            if not pair:
                problems.append(f"{section} {trait}: dropped: {why}")
            goals += pair
        goals += fixed
        rows, seen = [], set()
        for trait, ty in goals:
            if (trait, ty) in seen:
                continue
            seen.add((trait, ty))
            label = probe(trait, ty)
            if label == "error":
                problems.append(f"dropped {trait}({ty[:120]}...): {probe.cache[(trait, ty)][1]}")
                continue
            rows.append((f"{trait}({ty})", label))
        compiles = probe.compiles
    lines = [f"# generated by scripts/gen_conformance_depth.py from {version}; do not edit",
             "goal\texpected"] + [f"{g}\t{e}" for g, e in rows]
    return "\n".join(lines) + "\n", rows, problems, compiles


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the checked-in TSV differs")
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    text, rows, problems, compiles = generate(args.jobs, args.verbose)
    for p in problems:
        print(f"gen_conformance_depth: {p}", file=sys.stderr)
    if args.check:
        try:
            with open(args.out, encoding="utf-8") as f:
                current = f.read()
        except FileNotFoundError:
            current = None
        if current != text:
            print(f"{os.path.relpath(args.out, REPO)} is out of date; rerun scripts/gen_conformance_depth.py",
                  file=sys.stderr)
            return 1
        print(f"{os.path.relpath(args.out, REPO)} is up to date ({len(rows)} goals, {compiles} compiles)")
        return 0
    write_atomic(args.out, text)
    counts = {k: sum(e == k for _, e in rows) for k in ("yes", "no", "overflow")}
    print(f"wrote {os.path.relpath(args.out, REPO)}: {len(rows)} goals {counts}, {compiles} compiles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
