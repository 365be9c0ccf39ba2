"""The cyclic garbage collector during a big load, build or batch: the one place that tunes it.

A batch allocates hundreds of thousands of objects that live to its end (goals, clauses,
types; few cycles), and every full collection walks all of them: with the default
thresholds a 50,000-struct crate's answering spent a third of its time there. `few_collections`
raises the thresholds to `THRESHOLDS` while a load of the process runs, then puts back what
they were (the CLI keeps them for its whole run, `for_a_short_run`); `paused` turns the collector off where nothing made can be garbage (a
cache entry built, pickled or unpickled; a batch, `ask_many` and the CLI's: the collections
during the 50,000-struct crate's batch and 24,743 corpus goals freed nothing, and took 0.6 s
of the former).
"""
from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# a young collection per 10,000 allocations; the middle one, which walks every object made
# since the last, about never (it was 0.12 s of a 10k-struct crate's batch)
THRESHOLDS = (10_000, 1000, 100)
_lock = threading.Lock()
_depth = 0  # the loads and batches running now
_before: tuple[int, ...] = ()  # the thresholds the first of them found
_paused = 0  # the `paused` blocks running now
_was_enabled = False  # whether the collector was on when the first of them began


def for_a_short_run() -> None:
    """A command's process (the CLI's): `THRESHOLDS` from its start to its end."""
    gc.set_threshold(*THRESHOLDS)


@contextmanager
def few_collections() -> Iterator[None]:
    """Within: the collector's thresholds at least `THRESHOLDS` (nested and concurrent uses
    share one change; the last to leave restores the thresholds the first found)."""
    global _depth, _before
    with _lock:
        if _depth == 0:
            _before = gc.get_threshold()
            gc.set_threshold(*(max(b, t) for b, t in zip(_before, THRESHOLDS)))
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                gc.set_threshold(*_before)


@contextmanager
def paused() -> Iterator[None]:
    """Within: the collector off (nested and concurrent uses share one pause). The last to
    leave turns it on again if it was on, after moving what was made meanwhile to the oldest
    generation (`freeze` then `unfreeze`: two list moves; else the next young collection would
    walk all of it once more, ~0.06 s after a crate's build) — not when the program has frozen
    objects of its own."""
    global _paused, _was_enabled
    with _lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                if not gc.get_freeze_count():
                    gc.freeze()
                    gc.unfreeze()
                gc.enable()
