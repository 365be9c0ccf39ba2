"""The fast path of `traitlogic ask` and `traitlogic check` (read without typer) answers exactly
as the typer app does: the same stdout, stderr and exit code for every plain form, and typer for
everything else."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from traitlogic.cli import app
from traitlogic.cli.fast import parse_ask, parse_check

runner = CliRunner()
ENV = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}

PLAIN = [
    ["ask", "Send(Arc<Mutex<i32>>)"],
    ["ask", "Arc<Rc<i32>>: Send", "--brief"],
    ["ask", "-f", "json", "Send(Arc<Rc<i32>>)"],
    ["ask", "Send(Nope)", "--format", "json"],
    ["ask", "Send(Box<i32)"],
    ["ask", "--format", "dot", "Sync(&[u8])"],
    ["ask", "Send(Arc<Rc<i32>>)", "--depth", "1"],
    ["ask", "Send(i32)", "--format", "yaml"],
    ["ask", "Send(i32)", "--engine", "nope"],
    ["ask", "Send(Rc<u8>)", "--engine", "pydatalog", "--format", "text", "--format", "json"],
    ["ask", "Send(i32)", "--kb", "no/such/file.yaml"],
    ["ask", "Send(i32)", "--no-std"],
    ["ask", "Send(é)"],
    ["ask", ""],
    ["ask", "Send(Arc<T>)"],
    ["ask", "for<C> Send(Vec<C>) where C: Send", "-f", "json"],
]
GOALS = "Send(Arc<Mutex<i32>>)\n# a comment\nSync(Rc<u8>)  # trailing\nSend(Box<i32)\nfor<T> Send(Vec<T>)\n"
CHECKS = [
    ["check", "goals.txt"],
    ["check", "goals.txt", "--proofs"],
    ["check", "--suggest", "goals.txt", "--proofs"],
    ["check", "goals.txt", "--engine", "pydatalog"],
    ["check", "goals.txt", "--engine", "nope"],
    ["check", "no/such/goals.txt"],
    ["check", "goals.txt", "--kb", "no/such/file.yaml"],
    ["check", "goals.txt", "--no-std"],
]


def _subprocess(args: list[str], cwd: Path) -> tuple[str, str, int]:
    r = subprocess.run([sys.executable, "-m", "traitlogic", *args], check=False, capture_output=True, env=ENV, cwd=cwd,
                       timeout=120)
    return r.stdout.decode(), r.stderr.decode(), r.returncode


@pytest.mark.parametrize("args", PLAIN, ids=[" ".join(a) for a in PLAIN])
def test_the_fast_path_says_what_typer_says(args: list[str], tmp_path: Path) -> None:
    assert parse_ask(args[1:]) is not None  # this form is read without typer
    typer_result = runner.invoke(app, args, env=ENV)
    assert _subprocess(args, tmp_path) == (typer_result.stdout, typer_result.stderr, typer_result.exit_code)


@pytest.mark.parametrize("args", CHECKS, ids=[" ".join(a) for a in CHECKS])
def test_the_fast_check_says_what_typer_says(args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert parse_check(args[1:]) is not None
    (tmp_path / "goals.txt").write_text(GOALS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    typer_result = runner.invoke(app, args, env=ENV)
    assert _subprocess(args, tmp_path) == (typer_result.stdout, typer_result.stderr, typer_result.exit_code)


def test_the_fast_check_reads_stdin(tmp_path: Path) -> None:
    assert parse_check(["-"]) == {"file": "-"}
    r = subprocess.run([sys.executable, "-m", "traitlogic", "check", "-"], check=False, capture_output=True, env=ENV,
                       cwd=tmp_path, input=GOALS.encode(), timeout=120)
    typer_result = runner.invoke(app, ["check", "-"], input=GOALS, env=ENV)
    assert (r.stdout.decode(), r.stderr.decode(), r.returncode) == (
        typer_result.stdout, typer_result.stderr, typer_result.exit_code)


@pytest.mark.parametrize("words", [
    ["--help"], [], ["a.txt", "b.txt"], ["a.txt", "--proofs=true"], ["a.txt", "--bogus"], ["--", "a.txt"],
    ["a.txt", "--format", "json"], ["a.txt", "--kb"], ["-x"],
])
def test_other_check_forms_are_left_to_typer(words: list[str]) -> None:
    assert parse_check(words) is None


@pytest.mark.parametrize("words", [
    ["--help"], [], ["Send(i32)", "Sync(i32)"], ["Send(i32)", "--depth", "-1"], ["Send(i32)", "--depth", "x"],
    ["Send(i32)", "--format=json"], ["Send(i32)", "--bogus"], ["-f"], ["Send(i32)", "-f", "--brief"],
    ["--", "Send(i32)"], ["-fjson", "Send(i32)"],
])
def test_other_forms_are_left_to_typer(words: list[str]) -> None:
    assert parse_ask(words) is None


def test_other_forms_still_get_typers_messages(tmp_path: Path) -> None:
    out, err, code = _subprocess(["ask", "Send(i32)", "--bogus"], tmp_path)
    assert code == 2 and "No such option: --bogus" in err
    out, err, code = _subprocess(["ask", "--help"], tmp_path)
    assert code == 0 and "Answer one goal with its proof tree." in out
    out, err, code = _subprocess(["check", "--help"], tmp_path)
    assert code == 0 and "Answer many goals in one run" in out and "TRAITLOGIC_JOBS=1" in out
    out, err, code = _subprocess(["check", "a.txt", "--bogus"], tmp_path)
    assert code == 2 and "No such option: --bogus" in err


def test_a_plain_ask_never_imports_typer(tmp_path: Path) -> None:
    code = ("import sys; from traitlogic.cli.fast import run_plain; "
            "run_plain(['ask', 'Send(Arc<Rc<i32>>)', '-f', 'json']); "
            "print(*(m in sys.modules for m in ('typer', 'click', 'yaml', 'hashlib', 'importlib.resources')))")
    r = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, env=ENV, cwd=tmp_path,
                       timeout=120)
    assert r.stdout.splitlines()[-1] == "False False False False False", r.stderr


def test_a_plain_check_never_imports_typer(tmp_path: Path) -> None:
    (tmp_path / "goals.txt").write_text(GOALS, encoding="utf-8")
    code = ("import sys; from traitlogic.cli.fast import run_plain; "
            "run_plain(['check', 'goals.txt', '--proofs']); "
            "print(*(m in sys.modules for m in ('typer', 'click', 'yaml')))")
    r = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, env=ENV, cwd=tmp_path,
                       timeout=120)
    assert r.stdout.splitlines()[-1] == "False False False", r.stderr


def test_the_grammar_loaded_on_its_own_is_tree_sitter_rusts() -> None:
    import tree_sitter_rust
    from tree_sitter import Language

    from traitlogic.syntax.tree import _rust_grammar

    mine, theirs = Language(_rust_grammar()), Language(tree_sitter_rust.language())
    assert (mine.abi_version, mine.node_kind_count, mine.field_count) == (
        theirs.abi_version, theirs.node_kind_count, theirs.field_count)
    assert [mine.node_kind_for_id(i) for i in range(mine.node_kind_count)] == [
        theirs.node_kind_for_id(i) for i in range(theirs.node_kind_count)]
