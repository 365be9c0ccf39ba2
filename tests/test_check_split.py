"""`check` on two cores (cli/split.py): the same lines and exit as one process, in every path
(both halves answered, the copy's half failing, the whole batch over the cap or in error)."""
from __future__ import annotations

import io
import os
import random
from itertools import pairwise
from pathlib import Path

import pytest

from traitlogic import KnowledgeBase
from traitlogic.cli import split
from traitlogic.core.errors import TraitlogicError

DATA = Path(__file__).parent / "data"


def _goals() -> list[str]:
    rows = [line.split("\t")[0] for line in (DATA / "conformance_std.tsv").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith(("#", "goal\t"))]
    goals = random.Random(7).sample(rows, 300)
    # errors, conjunctions, generic goals and a repeat among them
    goals[10:10] = ["Send(Box<i32)", "Arc<T>: Send + Sync where T: Sync", "Sennd(i32)", "Sync(Vec<C>)"]
    goals.append(goals[20])
    goals.append("Send(Nope)")
    return goals


GOALS = _goals()


def _serial(goals: list[str], proofs: bool = False, suggest: bool = False) -> tuple[str, object]:
    out = io.StringIO()
    errors = split._serial(KnowledgeBase.load(), goals, proofs, suggest, out.write)
    return out.getvalue(), errors


def _split(goals: list[str], proofs: bool = False, suggest: bool = False) -> tuple[str, object]:
    out = io.StringIO()
    errors = split.answer(KnowledgeBase.load(), goals, proofs, suggest, out.write, min_goals=2)
    return out.getvalue(), errors


@pytest.fixture(autouse=True)
def two_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRAITLOGIC_JOBS", "2")  # whatever the machine's load


@pytest.mark.parametrize("proofs, suggest", [(False, False), (True, False), (False, True)])
def test_two_halves_write_what_one_process_does(proofs: bool, suggest: bool) -> None:
    goals = GOALS if not suggest else GOALS[:120]
    text, errors = _split(goals, proofs, suggest)
    assert (text, errors) == _serial(goals, proofs, suggest)
    assert errors is True and text.count("\n") == len(goals)


def test_a_batch_without_errors() -> None:
    goals = [g for g in GOALS if "Nope" not in g and "Box<i32)" not in g and "Sennd" not in g]
    assert _split(goals) == _serial(goals) == (_serial(goals)[0], False)


def test_the_chunks_cover_the_batch_in_order() -> None:
    for n in (2, 3, 7, 400, 2001):
        chunks = split._chunks(n)
        assert len(chunks) == len(split.SHARES) and chunks[0][0] == 0 and chunks[-1][1] == n
        assert all(a <= b for a, b in chunks) and all(x[1] == y[0] for x, y in pairwise(chunks))


def test_what_the_copy_does_not_deliver_is_answered_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def dies_while_writing(knowledge, goals, chunks, proofs, suggest, tokens, out):  # type: ignore[no-untyped-def]
        k = os.read(tokens, 1)[0]  # claimed, answered, then died sending its lines
        os.write(out, b"%d 1 0 999\n{\"half\"" % k)
        raise MemoryError

    def crashes(knowledge, goals, chunks, proofs, suggest, tokens, out):  # type: ignore[no-untyped-def]
        os.read(tokens, 1)
        raise RuntimeError("the copy crashed")

    def claims_nothing(*args: object) -> int:
        return 0

    for copy in (dies_while_writing, crashes, claims_nothing):
        monkeypatch.setattr(split, "_child_main", copy)
        assert _split(GOALS) == _serial(GOALS), copy.__name__


def test_chunks_that_may_reach_the_cap_are_asked_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(split, "_max_goals", lambda: 1)
    assert _split(GOALS) == _serial(GOALS)
    asked: list[int] = []
    kb = KnowledgeBase.load()
    ask_many = kb.ask_many

    def counted(goals: list[str]) -> list[object]:
        asked.append(len(goals))
        return ask_many(goals)

    monkeypatch.setattr(kb, "ask_many", counted)
    split.answer(kb, GOALS, False, False, io.StringIO().write, min_goals=2)
    sizes = [b - a for a, b in split._chunks(len(GOALS))]
    assert asked[-1] == len(GOALS) and all(n in sizes for n in asked[:-1])  # its chunks, then the whole batch


def test_an_error_of_the_whole_batch_is_returned_with_nothing_written(monkeypatch: pytest.MonkeyPatch) -> None:
    kb = KnowledgeBase.load()

    def too_big(goals: list[str]) -> list[object]:
        raise TraitlogicError("the query demands too much")

    monkeypatch.setattr(kb, "ask_many", too_big)
    out = io.StringIO()
    result = split.answer(kb, GOALS, False, False, out.write, min_goals=2)
    assert isinstance(result, TraitlogicError) and out.getvalue() == ""


def test_one_process_when_asked_or_small(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not split._two_jobs(10, split.MIN_GOALS)
    monkeypatch.setenv("TRAITLOGIC_JOBS", "1")
    assert not split._two_jobs(10_000, split.MIN_GOALS)
    forks: list[int] = []
    monkeypatch.setattr(split._Child, "fork", classmethod(lambda cls, *a: forks.append(1)))
    assert _split(GOALS) == _serial(GOALS) and forks == []


def test_the_command_writes_the_same_bytes_and_exit(tmp_path: Path) -> None:
    import subprocess
    import sys

    goals = tmp_path / "goals.txt"
    goals.write_text("\n".join(GOALS) + "\n", encoding="utf-8")
    runs = [subprocess.run([sys.executable, "-m", "traitlogic", "check", str(goals)], capture_output=True,
                           env={**os.environ, "TRAITLOGIC_JOBS": jobs}, check=False) for jobs in ("1", "2")]
    assert runs[0].returncode == runs[1].returncode == 2
    assert runs[0].stdout == runs[1].stdout and runs[0].stderr == runs[1].stderr == b""
    assert runs[0].stdout.count(b"\n") == len(GOALS)


def test_the_copy_answers_chunks_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    if not split._two_jobs(len(GOALS), 2):
        pytest.skip("one CPU: no copy")
    delivered: list[set[int]] = []
    results = split._Child.results

    def recorded(self: split._Child) -> object:
        found = results(self)
        delivered.append(set(found or ()))
        return found

    monkeypatch.setattr(split._Child, "results", recorded)
    for _ in range(5):  # (it claims a chunk as soon as it runs: on a loaded machine, maybe too late)
        assert _split(GOALS) == _serial(GOALS)
        if delivered[-1]:
            break
    assert delivered[-1]


def test_a_process_that_ignores_its_children_ending(monkeypatch: pytest.MonkeyPatch) -> None:
    import signal

    before = signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # (children reaped by the system)
    try:
        assert _split(GOALS) == _serial(GOALS)
    finally:
        signal.signal(signal.SIGCHLD, before)
