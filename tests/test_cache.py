"""The KB cache never runs code it did not write, and says once when it cannot be used."""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from traitlogic.core import cache

GOAL = "Send(Arc<Mutex<i32>>)"


def _ask(cache_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRAITLOGIC_CACHE_DIR": str(cache_dir)}
    return subprocess.run([sys.executable, "-m", "traitlogic", "ask", GOAL], capture_output=True,
                          text=True, env=env, timeout=120, check=False)


class _Plant:
    def __init__(self, target: str) -> None:
        self.target = target

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (open, (self.target, "w"))


def test_a_planted_pickle_is_never_loaded(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    assert _ask(folder).returncode == 0
    entries = list(folder.glob("kb-*.pickle"))
    assert entries
    proof = tmp_path / "pwned"
    for entry in entries:  # what an attacker who could write there would leave
        entry.write_bytes(pickle.dumps(("key", _Plant(str(proof)))))
        entry.chmod(0o600)
    r = _ask(folder)
    assert r.returncode == 0, r.stderr
    assert not proof.exists()
    # an entry with a forged MAC prefix is ignored too
    for entry in entries:
        entry.write_bytes(b"\0" * 32 + pickle.dumps(("key", _Plant(str(proof)))))
    assert _ask(folder).returncode == 0 and not proof.exists()


def test_entries_are_authenticated_and_survive_a_rerun(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRAITLOGIC_CACHE_DIR", str(tmp_path / "c"))
    extra = tmp_path / "x.yaml"
    extra.write_text("")
    assert cache.cached("kb", [extra], lambda: 41) == 41
    assert cache.cached("kb", [extra], lambda: -1) == 41  # read back through the MAC check
    key = tmp_path / "c" / "key"
    assert key.stat().st_mode & 0o777 == 0o600


def test_a_cache_dir_writable_by_others_is_refused_once(tmp_path: Path) -> None:
    folder = tmp_path / "open"
    folder.mkdir()
    folder.chmod(0o777)
    first = _ask(folder)
    assert first.returncode == 0
    assert first.stderr.count("warning:") == 1 and "writable by group or others" in first.stderr
    assert not list(folder.glob("*.pickle"))  # nothing stored in an untrusted place
    second = _ask(folder)
    assert second.returncode == 0 and "warning" not in second.stderr  # said once, not every run


def test_a_key_readable_by_others_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "c"
    monkeypatch.setenv("TRAITLOGIC_CACHE_DIR", str(folder))
    extra = tmp_path / "x.yaml"
    extra.write_text("")
    assert cache.cached("kb", [extra], lambda: 1) == 1
    (folder / "key").chmod(0o644)
    monkeypatch.setattr(cache, "_warned", set())
    assert cache.cached("kb", [extra], lambda: 2) == 2  # not read from the cache
    assert "readable by others" in capsys.readouterr().err


def test_an_unwritable_cache_dir_warns_once(tmp_path: Path) -> None:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    folder = tmp_path / "ro"
    assert _ask(folder).returncode == 0
    for entry in folder.glob("*.pickle"):
        entry.unlink()
    folder.chmod(0o500)
    try:
        first, second = _ask(folder), _ask(folder)
    finally:
        folder.chmod(0o700)
    assert first.returncode == 0 and first.stderr.count("warning: cannot write the cache") == 1
    assert second.returncode == 0 and "warning" not in second.stderr


def test_a_blob_altered_after_writing_is_never_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from traitlogic.core.errors import TraitlogicError

    monkeypatch.setenv("TRAITLOGIC_CACHE_DIR", str(tmp_path / "c"))
    extra = tmp_path / "x.yaml"
    extra.write_text("")
    good = pickle.dumps(["the impls"])
    assert cache.cached("kb", [extra], lambda: {"b": cache.Blobs({"k": good, "j": b"other"})})["b"].open("k") == good
    (entry,) = (tmp_path / "c").glob("kb-*.pickle")
    read = cache.cached("kb", [extra], lambda: {"b": cache.Blobs({})})["b"]
    assert bytes(read.open("k")) == good and bytes(read.open("j")) == b"other"  # read back, each checked
    evil = pickle.dumps(_Plant(str(tmp_path / "pwned")))[: len(good)].ljust(len(good), b".")
    entry.write_bytes(entry.read_bytes().replace(good, evil))
    entry.chmod(0o600)
    read = cache.cached("kb", [extra], lambda: {"b": cache.Blobs({})})["b"]  # its signed part is intact
    assert bytes(read.open("j")) == b"other"
    with pytest.raises(TraitlogicError, match="altered"):
        read.open("k")
    assert not entry.exists() and not (tmp_path / "pwned").exists()


def test_entries_leave_out_hashlib(tmp_path: Path) -> None:
    code = "import sys; from traitlogic import KnowledgeBase; KnowledgeBase.load(); print('hashlib' in sys.modules)"
    env = {**os.environ, "TRAITLOGIC_CACHE_DIR": str(tmp_path / "c")}
    for _ in range(2):  # written, then read back
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120,
                           check=False)
    assert r.stdout.strip() == "False", r.stderr


@pytest.mark.parametrize("was_on", [True, False])
def test_the_collector_is_paused_while_building_and_restored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             was_on: bool) -> None:
    import gc

    monkeypatch.setenv("TRAITLOGIC_CACHE_DIR", str(tmp_path / "c"))
    extra = tmp_path / "x.yaml"
    extra.write_text("x")
    seen: list[bool] = []

    def build() -> int:
        seen.append(gc.isenabled())
        return 7

    (gc.enable if was_on else gc.disable)()
    try:
        assert cache.cached("kb", [extra], build) == 7  # built and stored
        assert gc.isenabled() == was_on
        assert cache.cached("kb", [extra], build) == 7  # read back
        assert gc.isenabled() == was_on
        with pytest.raises(ZeroDivisionError):
            cache.cached("kb2", [extra], lambda: 1 // 0)  # a failing build restores it too
        assert gc.isenabled() == was_on
    finally:
        gc.enable()
    assert seen == [False]


def test_resuming_the_collector_leaves_a_programs_frozen_objects_frozen(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    monkeypatch.setenv("TRAITLOGIC_CACHE_DIR", str(tmp_path / "c"))
    extra = tmp_path / "x.yaml"
    extra.write_text("x")
    assert cache.cached("kb", [extra], lambda: [[i] for i in range(1000)])[5] == [5]
    assert gc.get_freeze_count() == 0 and gc.isenabled()  # made while paused: in the oldest generation now
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        assert cache.cached("kb2", [extra], lambda: 3) == 3
        assert gc.get_freeze_count() == frozen and gc.isenabled()
    finally:
        gc.unfreeze()
