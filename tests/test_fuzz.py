"""A bounded hypothesis fuzz of the CLI: random and near-valid goals, YAML and Rust never give
a traceback or a hang, and invalid input never exits with an answer's code (0, 1, 3)."""
from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from traitlogic.cli import app

runner = CliRunner()
PIECES = ["Send", "Sync", "Unpin", "(", ")", "<", ">", ",", ":", "::", "'a", "'static", "&", "*const ",
          "mut ", "[", "]", ";", "i32", "u8", "Rc", "Arc", "Mutex", "Vec", "Box", "dyn ", "fn", "->", "str",
          " ", "Cell", "Option", "_", "0", "+", "?Sized", "\u00e9", "\x00"]
near_goal = st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map("".join)
GOALS = st.one_of(st.text(max_size=40), near_goal, near_goal.map(lambda t: f"Send({t})"))
YAML = st.one_of(st.text(max_size=80), st.lists(st.sampled_from(
    ["types:", "impls:", "traits:", "aliases:", "\n", "  - ", "decl: ", "impl: ", "path: ", '"struct A;"',
     '"unsafe impl Send for A {}"', "a::A", "[", "]", "{", "}", "&x", "*x", "!!python/object:os.system",
     "\t", "#"]), max_size=15).map("".join))
RUST = st.one_of(st.text(max_size=60), st.lists(st.sampled_from(
    ["struct ", "enum ", "union ", "trait ", "impl ", "unsafe ", "for ", "A", "B<T>", "{", "}", "(", ")",
     ";", "mod m ", "#[derive(Clone)]", "pub ", "x: ", "i32", "Rc<u8>", "!", "Send", "where T: Send",
     "\n"]), max_size=15).map("".join))
LIMIT = settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """Each example has 20 s (an alarm), so a hang fails instead of stalling CI."""
    def stop(*_: object) -> None:
        raise TimeoutError("a fuzz example hung")

    old = signal.signal(signal.SIGALRM, stop)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def _run(args: list[str]) -> tuple[int, str]:
    signal.alarm(20)
    try:
        r = runner.invoke(app, args, catch_exceptions=True)
    finally:
        signal.alarm(0)
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    out = r.stdout + r.stderr
    assert "Traceback" not in out
    return r.exit_code, out


@LIMIT
@given(GOALS)
def test_random_goals(goal: str) -> None:
    code, out = _run(["ask", "--", goal])
    assert code in (0, 1, 2, 3)
    if code == 2:
        assert "error:" in out


@LIMIT
@given(text=YAML)
def test_random_yaml(text: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    kb = Path(tmp_path_factory.mktemp("y")) / "kb.yaml"
    kb.write_text(text, encoding="utf-8")
    code, _ = _run(["ask", "Send(i32)", "--kb", str(kb)])
    assert code in (0, 2)  # the answer, or the file's error: never a wrong "no"


@LIMIT
@given(text=RUST)
def test_random_rust(text: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    src = Path(tmp_path_factory.mktemp("r")) / "lib.rs"
    src.write_text(text, encoding="utf-8")
    code, _ = _run(["ask", "Send(i32)", "--rust", str(src)])
    assert code in (0, 2)
    mine = src.with_name("mine.yaml")
    code, _ = _run(["add", str(mine), text])
    assert code in (0, 2)
