"""Ask rustc whether auto-trait goals (`Send`, `Sync`, `Unpin`, `UnwindSafe`, `RefUnwindSafe`) hold.

rustc is the ground truth for traitlogic.  This module turns a list of goals
``(trait, rust_type_text)`` into one check file::

    #![allow(unused)]
    <optional preamble of Rust items>
    fn tl_oracle_is_send<T: ?Sized + Send>() {}
    fn tl_oracle_is_sync<T: ?Sized + Sync>() {}
    fn tl_oracle_is_unpin<T: ?Sized + Unpin>() {}
    fn tl_oracle_is_unwind_safe<T: ?Sized + std::panic::UnwindSafe>() {}
    fn tl_oracle_is_ref_unwind_safe<T: ?Sized + std::panic::RefUnwindSafe>() {}
    fn tl_oracle_goals_0() {
        tl_oracle_is_send::<std::sync::Arc<std::sync::Mutex<i32>>>();   // one goal per line
        ...
    }
    fn main() {}

compiles it with ``rustc --emit=metadata --error-format=json`` and reads the
JSON diagnostics.  A goal does NOT hold when its line carries an E0277 error
about one of the five auto traits whose notes say "required by a bound in
`tl_oracle_is_send`" (resp. `_sync`, `_unpin`, `_unwind_safe`,
`_ref_unwind_safe`); it holds when its line carries no error at all.  A goal
whose line carries nothing but E0275 errors ("overflow evaluating the
requirement", a type nested past rustc's recursion limit) OVERFLOWS: it is
reported in ``OracleResult.overflow`` -- and, for callers written before that
field existed, also in ``OracleResult.invalid`` with its E0275 messages;
``OracleResult.dropped`` is the invalid goals that are not overflows and
``OracleResult.outcome(goal)`` the three-way answer "yes" / "no" / "overflow".

Any other error on a goal's line (unsized type where a Sized one is needed, a
missing `ToOwned`, an unknown path, a parse error, an unstable feature, a
well-formedness bound of the type itself, ...) means the goal is not a valid
question: it is reported in ``OracleResult.invalid`` and never labelled.
Because some errors (parse errors, resolution failures) can stop rustc before
type checking, the file is compiled again without the invalid goals until the
compile contains nothing but auto-trait failures of goals.  Errors outside the
goal lines (e.g. in the preamble) raise ``OracleError``.

rustc neither caps nor merges E0277 errors on different lines (checked with
3,000 failing goals in one function on rustc 1.95); goals are still split into
functions of ``chunk`` lines because rustc type-checks many small bodies
faster than one huge one.  Canary goals in every file guard against silently
lost diagnostics: ``Send(u8)`` holds, and one failing goal per trait
(``Send(*const u8)``, ``Sync(*const u8)``, ``Unpin(PhantomPinned)``,
``UnwindSafe(&mut u8)``, ``RefUnwindSafe(UnsafeCell<u8>)``) must be reported.

Usage::

    import rustc_oracle
    res = rustc_oracle.check_goals([("Send", "std::rc::Rc<i32>"), ("Unpin", "i32")])
    res.labels   # {("Send", "std::rc::Rc<i32>"): False, ("Unpin", "i32"): True}
    res.invalid  # {goal: [messages]} for goals rustc rejected for other reasons
    res.overflow # {goal, ...} whose only errors are E0275 (also in res.invalid)
    res.outcome(goal)  # "yes" | "no" | "overflow" | None (invalid)

Stdlib only; also usable as a CLI:
``python3 scripts/rustc_oracle.py 'Send(std::rc::Rc<i32>)' 'Unpin(std::marker::PhantomPinned)'``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

# TRAITS stays Send/Sync: callers iterate it to generate their Send/Sync goals.
TRAITS = ("Send", "Sync")
AUTO_TRAITS = ("Send", "Sync", "Unpin", "UnwindSafe", "RefUnwindSafe")
HELPER = {
    "Send": "tl_oracle_is_send",
    "Sync": "tl_oracle_is_sync",
    "Unpin": "tl_oracle_is_unpin",
    "UnwindSafe": "tl_oracle_is_unwind_safe",
    "RefUnwindSafe": "tl_oracle_is_ref_unwind_safe",
}
BOUND = {
    "Send": "Send",
    "Sync": "Sync",
    "Unpin": "Unpin",
    "UnwindSafe": "std::panic::UnwindSafe",
    "RefUnwindSafe": "std::panic::RefUnwindSafe",
}
# One failing canary per trait (plus `Send(u8)`, which must hold).
CANARY_NO = {
    "Send": "*const u8",
    "Sync": "*const u8",
    "Unpin": "std::marker::PhantomPinned",
    "UnwindSafe": "&'static mut u8",
    "RefUnwindSafe": "std::cell::UnsafeCell<u8>",
}

# What rustc 1.95 prints for a failing auto-trait obligation.  The first lines
# come from the `#[rustc_on_unimplemented]` messages of the five traits (the
# failing leaf may be another auto trait than the goal's: `Arc<Rc<i32>>: Send`
# fails on `Rc<i32>: Sync`, `&Cell<i32>: UnwindSafe` on `UnsafeCell<i32>:
# RefUnwindSafe`); the others are the generic E0277 wordings, kept in case a
# type overrides the message.
_AUTO_TRAIT = r"(Send|Sync|Unpin|UnwindSafe|RefUnwindSafe)"
_SEND_SYNC_MESSAGE = re.compile(
    r"cannot be (sent|shared) between threads safely"
    r"|cannot be unpinned"
    r"|may not be safely transferred across an unwind boundary"
    r"|may not be safely transferable across a catch_unwind boundary"
    rf"|: (std::panic::|core::panic::)?{_AUTO_TRAIT}` is not satisfied"
    rf"|the trait `(std::panic::|core::panic::)?{_AUTO_TRAIT}` is not implemented"
)
_AUTO_TRAIT_MESSAGE = _SEND_SYNC_MESSAGE

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
    overflow: set = field(default_factory=set)    # goals with only E0275 (also in invalid)

    @property
    def dropped(self):
        """{goal: [messages]}: goals rustc rejects as questions (invalid, not overflow)."""
        return {g: m for g, m in self.invalid.items() if g not in self.overflow}

    def outcome(self, goal):
        """"yes" / "no" / "overflow", or None for a dropped (invalid) goal."""
        if goal in self.labels:
            return "yes" if self.labels[goal] else "no"
        if goal in self.overflow:
            return "overflow"
        return None

    @property
    def outcomes(self):
        """{goal: "yes" | "no" | "overflow"} for every goal that is a valid question."""
        out = {g: ("yes" if ok else "no") for g, ok in self.labels.items()}
        out.update((g, "overflow") for g in self.overflow)
        return out


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
    for trait in AUTO_TRAITS:
        lines.append(f"fn {HELPER[trait]}<T: ?Sized + {BOUND[trait]}>() {{}}")
    line_goal = {}
    lines.append("fn tl_oracle_canaries() {")
    canary_yes = len(lines) + 1
    lines.append(f"    {HELPER['Send']}::<u8>();")
    canary_no = {}               # line -> trait
    for trait in AUTO_TRAITS:
        canary_no[len(lines) + 1] = trait
        lines.append(f"    {HELPER[trait]}::<{CANARY_NO[trait]}>();")
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
    """An E0277 auto-trait error raised by the goal's own helper bound."""
    code = (diag.get("code") or {}).get("code")
    if code != "E0277" or not _AUTO_TRAIT_MESSAGE.search(diag.get("message", "")):
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
        check=False, capture_output=True, text=True, cwd=workdir)
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


def check_goals(goals, preamble="", rustc=None, chunk=1, workdir=None):
    """Label each (trait, type_text) goal with rustc.

    chunk     goals per function body. Keep 1 (the default) unless no goal can overflow:
              within one body an earlier E0277 hides a later E0275, and after an E0275
              rustc stops checking the rest of the body, so a later goal would read "yes".

    goals     iterable of (trait, type_text), trait one of AUTO_TRAITS (Send,
              Sync, Unpin, UnwindSafe, RefUnwindSafe); type text on one line.
              Duplicates are answered once.
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
        if trait not in AUTO_TRAITS:
            raise ValueError(f"unknown trait {trait!r} (want one of {', '.join(AUTO_TRAITS)})")
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
            src, line_goal, _canary_yes, canary_no = _build_file(pending, preamble, chunk)
            t0 = time.perf_counter()
            rc, diags, path = _compile(cmd, src, workdir, f"tl_oracle_check{res.compiles}")
            res.seconds += time.perf_counter() - t0
            res.compiles += 1

            failing = set()          # goal indices with a proper auto-trait failure
            bad = {}                 # goal index -> messages of other errors
            stray = []               # errors not on any goal line
            canaries_failed = set()
            n_errors = 0
            for d in diags:
                if d.get("level") not in ("error", "error: internal compiler error"):
                    continue
                msg = d.get("message", "")
                if not d.get("spans") and msg.startswith("aborting due to"):
                    continue
                n_errors += 1
                line = _primary_line(d, path)
                if line in canary_no and _is_goal_failure(d, canary_no[line]):
                    canaries_failed.add(canary_no[line])
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
                    if all(m.startswith("E0275") for m in msgs):
                        res.overflow.add(pending[i])
                pending = [g for i, g in enumerate(pending) if i not in bad]
                continue   # recompile without them: other errors may hide auto-trait ones
            lost = [t for t in AUTO_TRAITS if t not in canaries_failed]
            if lost:
                raise OracleError("canary goal(s) not reported as failing: " + ", ".join(
                    format_goal((t, CANARY_NO[t])) for t in lost))
            for i, g in enumerate(pending):
                res.labels[g] = i not in failing
            return res
    finally:
        if own_tmp:
            shutil.rmtree(workdir, ignore_errors=True)


def item_errors(preamble, item, rustc=None):
    """rustc's error codes on the line of `item` (one line of Rust) compiled after `preamble`
    (items, inner attributes at its start): sorted and unique, `[]` when it compiles. An
    error on any other line, or one without a code, raises OracleError."""
    cmd = find_rustc(rustc)
    if cmd is None:
        raise OracleError("rustc not found on PATH")
    if "\n" in item:
        raise ValueError(f"item must be one line: {item!r}")
    lines = preamble.rstrip("\n").split("\n") + ["#[allow(unused)]", item, "fn main() {}"]
    target = len(lines) - 1
    workdir = tempfile.mkdtemp(prefix="tl_oracle_")
    try:
        rc, diags, path = _compile(cmd, "\n".join(lines) + "\n", workdir, "tl_oracle_item")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    codes = set()
    for d in diags:
        if d.get("level") != "error" or (not d.get("spans") and d.get("message", "").startswith("aborting")):
            continue
        code = (d.get("code") or {}).get("code")
        if _primary_line(d, path) != target or code is None:
            raise OracleError(f"rustc error outside `{item}`: {d.get('rendered') or d.get('message')}")
        codes.add(code)
    if (rc == 0) != (not codes):
        raise OracleError(f"rustc exit {rc} disagrees with its errors {sorted(codes)} for `{item}`")
    return sorted(codes)


_GOAL_RE = re.compile(r"^\s*(Send|Sync|Unpin|UnwindSafe|RefUnwindSafe)\s*\((.*)\)\s*$", re.DOTALL)


def parse_goal(text):
    """'Send(std::rc::Rc<i32>)' -> ('Send', 'std::rc::Rc<i32>')."""
    m = _GOAL_RE.match(text)
    if not m:
        raise ValueError(f"not a goal: {text!r} (want TRAIT(TYPE), TRAIT one of "
                         f"{', '.join(AUTO_TRAITS)})")
    return m.group(1), m.group(2).strip()


def format_goal(goal):
    return f"{goal[0]}({goal[1]})"


def main(argv=None):
    ap = argparse.ArgumentParser(description="Ask rustc whether auto-trait goals hold.")
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
        if res.outcome(g) is not None:
            print(f"{format_goal(g)}\t{res.outcome(g)}")
        else:
            print(f"{format_goal(g)}\tinvalid: {'; '.join(res.invalid[g])}")
    print(f"# {res.rustc_version}, {res.seconds:.2f}s in rustc, {res.compiles} compile(s)",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
