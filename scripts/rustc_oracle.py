"""Ask rustc whether `Send` / `Sync` goals hold.

rustc is the ground truth for traitlogic.  This module turns a list of goals
``(trait, rust_type_text)`` into one check file::

    #![allow(unused)]
    <optional preamble of Rust items>
    fn tl_oracle_is_send<T: ?Sized + Send>() {}
    fn tl_oracle_is_sync<T: ?Sized + Sync>() {}
    fn tl_oracle_goals_0() {
        tl_oracle_is_send::<std::sync::Arc<std::sync::Mutex<i32>>>();   // one goal per line
        ...
    }
    fn main() {}

compiles it with ``rustc --emit=metadata --error-format=json`` and reads the
JSON diagnostics.  A goal does NOT hold when its line carries an E0277 error
about Send/Sync whose notes say "required by a bound in `tl_oracle_is_send`"
(resp. `_sync`); it holds when its line carries no error at all.

Any other error on a goal's line (unsized type where a Sized one is needed, a
missing `ToOwned`, an unknown path, a parse error, an unstable feature, a
well-formedness bound of the type itself, ...) means the goal is not a valid
question: it is reported in ``OracleResult.invalid`` and never labelled.
Because some errors (parse errors, resolution failures) can stop rustc before
type checking, the file is compiled again without the invalid goals until the
compile contains nothing but Send/Sync failures of goals.  Errors outside the
goal lines (e.g. in the preamble) raise ``OracleError``.

rustc neither caps nor merges E0277 errors on different lines (checked with
3,000 failing goals in one function on rustc 1.95); goals are still split into
functions of ``chunk`` lines because rustc type-checks many small bodies
faster than one huge one.  Two canary goals per file (``u8`` holds,
``*const u8`` does not) guard against silently lost diagnostics.

Usage::

    import rustc_oracle
    res = rustc_oracle.check_goals([("Send", "std::rc::Rc<i32>"), ("Sync", "i32")])
    res.labels   # {("Send", "std::rc::Rc<i32>"): False, ("Sync", "i32"): True}
    res.invalid  # {goal: [messages]} for goals rustc rejected for other reasons

Stdlib only; also usable as a CLI:
``python3 scripts/rustc_oracle.py 'Send(std::rc::Rc<i32>)' 'Sync(i32)'``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

TRAITS = ("Send", "Sync")
HELPER = {"Send": "tl_oracle_is_send", "Sync": "tl_oracle_is_sync"}

# What rustc 1.95 prints for a failing Send/Sync obligation.  The first two come
# from the `#[rustc_on_unimplemented]` messages of Send/Sync; the others are the
# generic E0277 wordings, kept in case a type overrides the message.
_SEND_SYNC_MESSAGE = re.compile(
    r"cannot be (sent|shared) between threads safely"
    r"|: (Send|Sync)` is not satisfied"
    r"|the trait `(Send|Sync)` is not implemented"
)

Goal = tuple  # (trait, rust_type_text)


class OracleError(RuntimeError):
    """rustc could not be run, or said something this module cannot attribute."""


@dataclass
class OracleResult:
    labels: dict = field(default_factory=dict)   # goal -> bool (True: holds)
    invalid: dict = field(default_factory=dict)  # goal -> [rustc messages]
    rustc_version: str = ""
    seconds: float = 0.0                          # wall time spent in rustc
    compiles: int = 0                             # number of rustc invocations


def find_rustc(rustc=None):
    """The rustc command as a list, or None when unavailable."""
    if rustc is None:
        rustc = os.environ.get("TRAITLOGIC_RUSTC") or "rustc"
    cmd = rustc.split() if isinstance(rustc, str) else list(rustc)
    if not cmd or shutil.which(cmd[0]) is None:
        return None
    return cmd


def rustc_version(rustc=None):
    cmd = find_rustc(rustc)
    if cmd is None:
        raise OracleError("rustc not found on PATH")
    out = subprocess.run(cmd + ["-V"], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def _build_file(goals, preamble, chunk):
    """Source text plus {line number: goal index} and the canary lines."""
    lines = ["#![allow(unused)]"]
    if preamble:
        lines.extend(preamble.rstrip("\n").split("\n"))
    lines.append(f"fn {HELPER['Send']}<T: ?Sized + Send>() {{}}")
    lines.append(f"fn {HELPER['Sync']}<T: ?Sized + Sync>() {{}}")
    line_goal = {}
    lines.append("fn tl_oracle_canaries() {")
    canary_yes = len(lines) + 1
    lines.append(f"    {HELPER['Send']}::<u8>();")
    canary_no = len(lines) + 1
    lines.append(f"    {HELPER['Send']}::<*const u8>();")
    lines.append("}")
    for start in range(0, len(goals), chunk):
        lines.append(f"fn tl_oracle_goals_{start // chunk}() {{")
        for i in range(start, min(start + chunk, len(goals))):
            trait, ty = goals[i]
            line_goal[len(lines) + 1] = i
            lines.append(f"    {HELPER[trait]}::<{ty}>();")
        lines.append("}")
    lines.append("fn main() {}")
    return "\n".join(lines) + "\n", line_goal, canary_yes, canary_no


def _is_goal_failure(diag, trait):
    """An E0277 Send/Sync error raised by the goal's own helper bound."""
    code = (diag.get("code") or {}).get("code")
    if code != "E0277" or not _SEND_SYNC_MESSAGE.search(diag.get("message", "")):
        return False
    want = f"required by a bound in `{HELPER[trait]}`"
    return any(c.get("message") == want for c in diag.get("children", []))


def _compile(cmd, src, workdir, name):
    path = os.path.join(workdir, name + ".rs")
    with open(path, "w", encoding="utf-8") as f:
        f.write(src)
    proc = subprocess.run(
        cmd + ["--edition", "2021", "--crate-type", "bin", "--crate-name", name,
               "--emit=metadata", "--error-format=json",
               "-o", os.path.join(workdir, name + ".rmeta"), path],
        capture_output=True, text=True, cwd=workdir)
    diags = []
    for raw in proc.stderr.splitlines():
        raw = raw.strip()
        if not raw:
            continue
        try:
            d = json.loads(raw)
        except ValueError:
            raise OracleError(f"rustc printed non-JSON output: {raw[:300]}")
        if d.get("$message_type", "diagnostic") == "diagnostic":
            diags.append(d)
    return proc.returncode, diags, path


def _primary_line(diag, path):
    for sp in diag.get("spans", []):
        if sp.get("is_primary") and os.path.basename(sp.get("file_name", "")) == os.path.basename(path):
            return sp["line_start"]
    return None


def check_goals(goals, preamble="", rustc=None, chunk=100, workdir=None):
    """Label each (trait, type_text) goal with rustc.

    goals     iterable of (trait, type_text), trait in {"Send", "Sync"}; type
              text on one line.  Duplicates are answered once.
    preamble  optional Rust items (structs, impls, uses, inner attributes at its
              start) placed before the checks; a goal may name them.
    rustc     command (string or list), default $TRAITLOGIC_RUSTC or `rustc`;
              e.g. "rustup run nightly rustc".
    """
    cmd = find_rustc(rustc)
    if cmd is None:
        raise OracleError("rustc not found on PATH")
    uniq = []
    seen = set()
    for g in goals:
        trait, ty = g
        if trait not in TRAITS:
            raise ValueError(f"unknown trait {trait!r} (want Send or Sync)")
        if "\n" in ty or "\r" in ty or not ty.strip():
            raise ValueError(f"type text must be one non-empty line: {ty!r}")
        g = (trait, ty)
        if g not in seen:
            seen.add(g)
            uniq.append(g)

    res = OracleResult(rustc_version=rustc_version(cmd))
    own_tmp = workdir is None
    workdir = workdir or tempfile.mkdtemp(prefix="tl_oracle_")
    try:
        pending = list(uniq)
        while True:
            src, line_goal, canary_yes, canary_no = _build_file(pending, preamble, chunk)
            t0 = time.perf_counter()
            rc, diags, path = _compile(cmd, src, workdir, f"tl_oracle_check{res.compiles}")
            res.seconds += time.perf_counter() - t0
            res.compiles += 1

            failing = set()          # goal indices with a proper Send/Sync failure
            bad = {}                 # goal index -> messages of other errors
            stray = []               # errors not on any goal line
            canary_failed = False
            n_errors = 0
            for d in diags:
                if d.get("level") not in ("error", "error: internal compiler error"):
                    continue
                msg = d.get("message", "")
                if not d.get("spans") and msg.startswith("aborting due to"):
                    continue
                n_errors += 1
                line = _primary_line(d, path)
                if line == canary_no and _is_goal_failure(d, "Send"):
                    canary_failed = True
                    continue
                if line not in line_goal:
                    stray.append(d.get("rendered") or msg)
                    continue
                i = line_goal[line]
                if _is_goal_failure(d, pending[i][0]):
                    failing.add(i)
                else:
                    code = (d.get("code") or {}).get("code")
                    bad.setdefault(i, []).append(f"{code + ': ' if code else ''}{msg}")
            if stray:
                raise OracleError("rustc errors outside the goal lines:\n" + "\n".join(stray[:5]))
            if rc != 0 and n_errors == 0:
                raise OracleError(f"rustc failed (exit {rc}) without diagnostics")
            if rc == 0 and n_errors:
                raise OracleError("rustc succeeded but reported errors")
            if bad:
                for i, msgs in bad.items():
                    res.invalid[pending[i]] = msgs
                pending = [g for i, g in enumerate(pending) if i not in bad]
                continue   # recompile without them: other errors may hide Send/Sync ones
            if not canary_failed:
                raise OracleError("canary goal Send(*const u8) was not reported as failing")
            for i, g in enumerate(pending):
                res.labels[g] = i not in failing
            return res
    finally:
        if own_tmp:
            shutil.rmtree(workdir, ignore_errors=True)


_GOAL_RE = re.compile(r"^\s*(Send|Sync)\s*\((.*)\)\s*$", re.S)


def parse_goal(text):
    """'Send(std::rc::Rc<i32>)' -> ('Send', 'std::rc::Rc<i32>')."""
    m = _GOAL_RE.match(text)
    if not m:
        raise ValueError(f"not a goal: {text!r} (want Send(TYPE) or Sync(TYPE))")
    return m.group(1), m.group(2).strip()


def format_goal(goal):
    return f"{goal[0]}({goal[1]})"


def main(argv=None):
    import argparse
    ap = argparse.ArgumentParser(description="Ask rustc whether Send/Sync goals hold.")
    ap.add_argument("goals", nargs="+", help="goals like 'Send(std::rc::Rc<i32>)'")
    ap.add_argument("--preamble", help="file with Rust items to put before the checks")
    ap.add_argument("--rustc", help="rustc command (default: rustc)")
    args = ap.parse_args(argv)
    preamble = ""
    if args.preamble:
        with open(args.preamble, encoding="utf-8") as f:
            preamble = f.read()
    goals = [parse_goal(g) for g in args.goals]
    res = check_goals(goals, preamble=preamble, rustc=args.rustc)
    for g in goals:
        if g in res.labels:
            print(f"{format_goal(g)}\t{'yes' if res.labels[g] else 'no'}")
        else:
            print(f"{format_goal(g)}\tinvalid: {'; '.join(res.invalid[g])}")
    print(f"# {res.rustc_version}, {res.seconds:.2f}s in rustc, {res.compiles} compile(s)",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
