"""The collector while a load or batch runs (core/collector.py): its thresholds raised to at least
the CLI's within a load, off within a batch, and as they were after, however the run ends."""
from __future__ import annotations

import gc
import threading

import pytest

from traitlogic.core.collector import THRESHOLDS, few_collections, paused


@pytest.fixture
def default_thresholds():
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


def test_raised_within_and_restored_after(default_thresholds) -> None:
    with few_collections():
        assert gc.get_threshold() == THRESHOLDS
    assert gc.get_threshold() == (700, 10, 10)


def test_a_higher_threshold_of_the_callers_is_kept(default_thresholds) -> None:
    gc.set_threshold(50_000, 5, 500)
    with few_collections():
        assert gc.get_threshold() == (50_000, THRESHOLDS[1], 500)
    assert gc.get_threshold() == (50_000, 5, 500)


def test_nested_and_failing_runs_restore_once(default_thresholds) -> None:
    with pytest.raises(ValueError), few_collections():
        with few_collections():
            pass
        assert gc.get_threshold() == THRESHOLDS  # the inner one left, the outer still runs
        raise ValueError("a batch that fails")
    assert gc.get_threshold() == (700, 10, 10)


def test_concurrent_runs_leave_the_thresholds_as_found(default_thresholds) -> None:
    inside = threading.Barrier(4)

    def run() -> None:
        with few_collections():
            inside.wait()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert gc.get_threshold() == (700, 10, 10)


def test_load_raises_the_thresholds_and_ask_many_pauses(default_thresholds, std_kb, monkeypatch) -> None:
    seen = []
    real = gc.set_threshold
    monkeypatch.setattr(gc, "set_threshold", lambda *t: (seen.append(t), real(*t)))
    inside = []
    answer = std_kb.answer_queries
    monkeypatch.setattr(std_kb, "answer_queries", lambda *a: (inside.append(gc.isenabled()), answer(*a))[1])
    was = gc.isenabled()
    gc.enable()
    try:
        assert [a.holds for a in std_kb.ask_many(["Send(i32)", "Sync(std::cell::Cell<i32>)"])] == [True, False]
        assert inside == [False] and gc.isenabled()  # off while the batch ran, on again after
    finally:
        (gc.enable if was else gc.disable)()
    assert seen == [] and gc.get_threshold() == (700, 10, 10)
    from traitlogic import KnowledgeBase

    assert KnowledgeBase.load().ask("Send(u8)").holds is True
    assert seen == [THRESHOLDS, (700, 10, 10)]  # the load's


@pytest.mark.parametrize("enabled", [True, False])
def test_paused_nests_and_restores_what_it_found(enabled: bool) -> None:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with paused():
            assert not gc.isenabled()
            with pytest.raises(ValueError), paused():
                raise ValueError
            assert not gc.isenabled()  # the inner block leaving does not turn it on
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
