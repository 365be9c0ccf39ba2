"""The crate corpus (tests/data/crates): every goal answered as `cargo check --offline` labelled it
(scripts/gen_crate_corpus.py), loading each crate with `KnowledgeBase.load(crate=...)` and its
cargo flags; and the bad-input crates (tests/data/crates_bad): a clear file:line error, exit 2
only for the goals the broken part affects."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"
GOOD, BAD = DATA / "crates", DATA / "crates_bad"
HOLDS = {"yes": True, "no": False, "overflow": None}


def rows(path: Path) -> list[list[str]]:
    """The data rows of an expected.tsv: crate, flags, goal, expected, note..."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines[2:] if line and not line.startswith("#")]


def load_options(crate: str, flags: str) -> dict[str, Any]:
    """`KnowledgeBase.load` keyword arguments for a crate and its cargo flags."""
    opts: dict[str, Any] = {"crate": str(GOOD / crate)}
    if m := re.search(r"--features\s+(\S+)", flags):
        opts["features"] = m.group(1).split(",")
    if "--no-default-features" in flags:
        opts["default_features"] = False
    if "--all-features" in flags:
        opts["all_features"] = True
    if m := re.search(r"-p\s+(\S+)", flags):
        opts["package"] = m.group(1)
    return opts


_KBS: dict[tuple[str, str], Any] = {}


def crate_kb(crate: str, flags: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    """One KnowledgeBase per crate and flag set (the import is inside the test on purpose: this
    module must collect before `--crate` support exists)."""
    from traitlogic.api import KnowledgeBase

    home = GOOD / crate / "cargo_home"
    if home.is_dir():  # the fake $CARGO_HOME registry layout
        monkeypatch.setenv("CARGO_HOME", str(home))
    key = (crate, flags)
    if key not in _KBS:
        _KBS[key] = KnowledgeBase.load(**load_options(crate, flags))
    return _KBS[key]


GOOD_ROWS = rows(GOOD / "expected.tsv")


def test_corpus_size() -> None:
    """The issue asks for at least 15 crates and 600 goals, over all five auto traits."""
    assert len({r[0] for r in GOOD_ROWS}) >= 15
    assert len(GOOD_ROWS) >= 600
    traits = {r[2].split("(")[0] for r in GOOD_ROWS}
    assert traits == {"Send", "Sync", "Unpin", "UnwindSafe", "RefUnwindSafe"}
    labels = [r[3] for r in GOOD_ROWS]
    assert labels.count("yes") > 100 and labels.count("no") > 100 and "error" in labels


# Known disagreements, each a strict xfail: an error where rustc answers (never a wrong answer).
KNOWN: dict[tuple[str, str], str] = {}


@pytest.mark.parametrize("crate,flags,goal,expected", [
    pytest.param(*r[:4], marks=pytest.mark.xfail(strict=True, reason=KNOWN[(r[0], r[2])]))
    if (r[0], r[2]) in KNOWN else tuple(r[:4]) for r in GOOD_ROWS],
                         ids=[f"{r[0]}[{r[1]}]-{r[2]}" for r in GOOD_ROWS])
def test_crate_goal(crate: str, flags: str, goal: str, expected: str,
                    monkeypatch: pytest.MonkeyPatch) -> None:
    from traitlogic.core.errors import TraitlogicError

    kb = crate_kb(crate, flags, monkeypatch)
    if expected == "error":
        with pytest.raises(TraitlogicError):
            kb.ask(goal)
    else:
        assert kb.ask(goal).holds is HOLDS[expected]


_PRIVATE = [r for r in GOOD_ROWS if r[3] == "error" and r[4] == "E0603"]


@pytest.mark.parametrize("crate,flags,goal", [tuple(r[:3]) for r in _PRIVATE],
                         ids=[f"{r[0]}-{r[2]}" for r in _PRIVATE])
def test_private_paths_say_why(crate: str, flags: str, goal: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """rustc's E0603 (a private item or module on the path): the error names the segment the
    crate root may not name and its visibility."""
    from traitlogic.core.errors import TraitlogicError

    kb = crate_kb(crate, flags, monkeypatch)
    with pytest.raises(TraitlogicError) as info:
        kb.ask(goal)
    message = str(info.value)
    assert "cannot be named at the crate root" in message
    assert re.search(r"(item|module) `\w+` is (private to|visible only in) `[\w:]+`", message), message


def test_private_path_on_the_command_line() -> None:
    out = subprocess.run([sys.executable, "-m", "traitlogic", "ask", "--crate", str(GOOD / "privacy"),
                          "Send(crate::a::inner::PrivDeep)"], capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "item `PrivDeep` is private to `crate::a::inner`" in out.stderr


BAD_ROWS = rows(BAD / "expected.tsv")
CARGO = {r[0]: (r[3], r[4]) for r in BAD_ROWS if r[2] == "cargo"}
# A goal per bad crate that needs its broken part, and what the message must name.
AFFECTED = {
    "badtoml": ("Send(Fine)", ["Cargo.toml:1"]),
    "missingmod": ("Send(crate::gone::X)", ["gone", "src/lib.rs:1"]),
    "recurse": ("Send(Missing)", ["Missing"]),
    "cycglob": ("Send(crate::a::Real)", ["Real"]),
    "missingdep": ("Send(NeedsGhost)", ["ghost"]),
}


def run_ask(crate: str, goal: str) -> subprocess.CompletedProcess[str]:
    """`traitlogic ask --crate DIR GOAL` as a user runs it (60 s: a hang is a failure)."""
    cmd = [sys.executable, "-m", "traitlogic", "ask", "--crate", str(BAD / crate), goal]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)


def test_bad_corpus_covers_every_crate() -> None:
    assert set(CARGO) == set(AFFECTED) == {p.name for p in BAD.iterdir() if p.is_dir()}


@pytest.mark.parametrize("crate", sorted(AFFECTED))
def test_bad_crate_affected_goal(crate: str) -> None:
    """The goal needing the broken part: exit 2, the message names the spot, no traceback."""
    goal, names = AFFECTED[crate]
    out = run_ask(crate, goal)
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr
    for name in names:
        assert name in out.stderr


@pytest.mark.parametrize("crate,goal,expected",
                         [(r[0], r[2], r[3]) for r in BAD_ROWS if r[2] != "cargo"],
                         ids=[f"{r[0]}-{r[2]}" for r in BAD_ROWS if r[2] != "cargo"])
def test_bad_crate_other_goals(crate: str, goal: str, expected: str) -> None:
    """Goals that do not need the broken part answer as cargo does once it is removed."""
    out = run_ask(crate, goal)
    assert "Traceback" not in out.stderr
    if expected == "error":
        assert out.returncode == 2, out.stderr
    else:
        assert out.returncode in (0, 1), out.stderr
        first = out.stdout.strip().splitlines()[0].lower() if out.stdout.strip() else ""
        assert first.startswith(expected), out.stdout


def _outcome(kb: Any, goal: str) -> tuple[object, str]:
    from traitlogic.core.errors import TraitlogicError

    try:
        answer = kb.ask(goal)
    except TraitlogicError as exc:
        return "error", str(exc)
    return answer.holds, answer.text()  # the whole proof, as printed


_GROUPS = sorted({(r[0], r[1]) for r in GOOD_ROWS})


@pytest.mark.parametrize("crate,flags", _GROUPS, ids=[f"{c}[{f}]" for c, f in _GROUPS])
def test_corpus_from_the_cache(crate: str, flags: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crate read back from the cache (its declarations unpickled one by one, on first use)
    answers every goal of the corpus, errors included, exactly as the crate just read."""
    from traitlogic.api import KnowledgeBase
    from traitlogic.kb.crate.stored import _LazyMap

    fresh = crate_kb(crate, flags, monkeypatch)  # read (its entry may be evicted since)
    KnowledgeBase.load(**load_options(crate, flags))  # read again if so, and stored
    again = KnowledgeBase.load(**load_options(crate, flags))
    assert isinstance(again.decls.type_by_path, _LazyMap)  # from the cache, not read again
    goals = [r[2] for r in GOOD_ROWS if (r[0], r[1]) == (crate, flags)]
    assert [_outcome(again, g) for g in goals] == [_outcome(fresh, g) for g in goals]
    assert again.warnings == fresh.warnings


def test_a_missing_dependency_is_one_warning() -> None:
    from traitlogic.api import KnowledgeBase

    kb = KnowledgeBase.load(crate=str(BAD / "missingdep"))
    said = [w for w in kb.warnings if "dependency `ghost`" in w and "not found" in w]
    assert len(said) == 1 and "Cargo.toml" in said[0]
