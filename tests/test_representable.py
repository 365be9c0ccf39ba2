"""Your types that hold themselves by value have infinite size (rustc: E0072): every question
about them (or a type that reaches them) is an error naming the field, never an answer."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from traitlogic import KnowledgeBase

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(REPO, "tests", "data", "representable", "types.rs")
INFINITE = {"Direct", "P", "Q", "ThroughParam", "InCell", "Bad", "InMutex", "SelfInf"}  # rustc: E0072


def _names() -> list[str]:
    with open(SOURCE, encoding="utf-8") as f:
        return re.findall(r"^pub (?:struct|enum) (\w+)", f.read(), re.MULTILINE)


def test_infinite_types_are_errors_and_the_rest_answer() -> None:
    kb = KnowledgeBase.load(rust=[SOURCE])
    names = _names()
    answers = kb.ask_many([f"Send({n}<u8>)" if n == "W" else f"Send({n})" for n in names] + ["Sync(Vec<Direct>)"])
    errors = {n for n, a in zip(names, answers) if not hasattr(a, "holds")}
    assert errors == INFINITE
    assert "infinite size: its field `next` holds `Direct` by value (rustc: E0072)" in str(answers[0].error)
    assert not hasattr(answers[-1], "holds")  # a type reaching one is an error too


def test_the_labels_agree_with_rustc(tmp_path) -> None:
    """rustc reports E0072 on exactly these (one error per cycle, with a span on each of its types)."""
    try:
        run = subprocess.run(["rustc", "--edition", "2021", "--crate-type", "lib", "--emit", "metadata",
                              "--error-format", "json", "-o", str(tmp_path / "t.rmeta"), SOURCE],
                             check=False, capture_output=True, text=True)
    except FileNotFoundError:
        pytest.skip("rustc not installed")
    with open(SOURCE, encoding="utf-8") as f:
        lines = f.read().splitlines()
    flagged = set()
    for line in run.stderr.splitlines():
        diag = json.loads(line) if line.startswith("{") else {}
        if (diag.get("code") or {}).get("code") == "E0072":
            flagged |= {re.findall(r"(?:struct|enum) (\w+)", lines[s["line_start"] - 1])[0]
                        for s in diag["spans"] if s["is_primary"]}
    assert flagged == INFINITE


def test_std_representation_is_rustcs() -> None:
    """rules/representation.json is what scripts/gen_std_repr.py makes with this rustc."""
    try:
        version = subprocess.run(["rustc", "-V"], check=False, capture_output=True, text=True).stdout
    except FileNotFoundError:
        pytest.skip("rustc not installed")
    with open(os.path.join(REPO, "rules", "representation.json"), encoding="utf-8") as f:
        if version.strip() not in json.load(f)["generated"]:
            pytest.skip(f"labelled with another rustc than {version.strip()}")
    run = subprocess.run([sys.executable, os.path.join(REPO, "scripts", "gen_std_repr.py"), "--check"],
                         check=False, capture_output=True, text=True)
    assert run.stdout.strip() == "same", run.stdout + run.stderr


def test_self_in_fields_is_the_declared_type() -> None:
    """`Self` in a declaration's fields is the type itself (`Option<Box<Self>>`): read, not unknown."""
    kb = KnowledgeBase.load(rust=[SOURCE])
    assert [kb.ask(f"{t}(SelfList)").holds for t in ("Send", "Unpin")] == [False, True]
    assert "Rc<u8>: Send" in kb.ask("Send(SelfList)").text()
