"""A crate from the cache: names read a shard at a time, blobs read from the entry's file when
opened (each MAC-checked then), and every change (a file, the features, the bytes) detected."""
from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from traitlogic.api import KnowledgeBase
from traitlogic.core import cache
from traitlogic.core.errors import TraitlogicError
from traitlogic.kb.crate.resolve import _UNREAD
from traitlogic.kb.crate.shards import PER, Shards, pack


def _crate(root: Path, lib: str, features: str = "") -> Path:
    (root / "src").mkdir(parents=True)
    (root / "Cargo.toml").write_text(f'[package]\nname = "cc"\nversion = "0.1.0"\nedition = "2021"\n{features}')
    (root / "src" / "lib.rs").write_text(lib)
    return root


def test_shards_are_a_mapping_read_a_shard_at_a_time() -> None:
    items = {f"k{i}": f"v{i}" for i in range(5 * PER)}
    names = Shards(pickle.loads(pickle.dumps(pack(items))), resolve=str.upper)
    assert names["k7"] == "V7" and names.get("k7") is names["k7"]  # resolved once, kept
    assert len(names._parts) == 1 and names._count == 5
    assert "k8" in names and "nope" not in names and 3 not in names and names.get("nope", 0) == 0
    with pytest.raises(KeyError):
        names["nope"]
    names["new"] = "set"
    assert names["new"] == "set" and names.setdefault("new", "x") == "set" and names.setdefault("n2", "y") == "y"
    assert len(names) == len(items) + 2 and set(names) == set(items) | {"new", "n2"}
    copied = pickle.loads(pickle.dumps(names))  # a copy (a KB built on top): a plain dict of every value
    assert type(copied) is dict and copied["k9"] == "V9" and copied["new"] == "set" and len(copied) == len(names)
    assert dict(Shards(pack({}))) == {}


def test_a_hit_reads_only_the_names_a_goal_reaches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRAITLOGIC_CACHE_DIR", str(tmp_path / "cache"))
    lib = "".join(f"pub mod m{i} {{ pub struct S{i}(pub {'std::rc::Rc<u8>' if i % 2 else 'u8'}); }}\n"
                  for i in range(300))
    root = _crate(tmp_path / "c", lib)
    fresh = KnowledgeBase.load(crate=root)
    again = KnowledgeBase.load(crate=root)
    table = again.decls.types.by_path
    assert isinstance(table, Shards)  # from the cache
    assert again.ask("Send(cc::m7::S7)").holds is False
    assert len(table._parts) <= 4 < table._count  # a few shards, not all
    read = again.decls.type_by_path._store.read
    assert "cc::m7::S7" in read and "cc::m8::S8" not in read
    assert again.ask("Send(S8)").holds is True  # a bare name: one reachable path asked, not every module
    spaces = again.decls.goal_scopes[0].resolver.spaces
    assert sum(v is not _UNREAD for v in dict.values(spaces)) <= 3 < len(spaces)
    goals = [f"{t}(cc::m{i}::S{i})" for i in range(0, 300, 7) for t in ("Send", "Sync")] + ["Send(S9)", "Send(m9::S9)"]
    assert [a.holds for a in again.ask_many(goals)] == [a.holds for a in fresh.ask_many(goals)]
    with pytest.raises(TraitlogicError, match="unknown type"):
        again.ask("Send(cc::m7::Nope)")


def test_changed_features_are_not_answered_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRAITLOGIC_CACHE_DIR", str(tmp_path / "cache"))
    root = _crate(tmp_path / "c", '#[cfg(feature = "rc")]\npub struct S(pub std::rc::Rc<u8>);\n'
                  '#[cfg(not(feature = "rc"))]\npub struct S(pub u8);\n', '[features]\nrc = []\n')
    for features, holds in (([], True), (["rc"], False), ([], True), (["rc"], False)):
        assert KnowledgeBase.load(crate=root, features=features).ask("Send(S)").holds is holds
    assert KnowledgeBase.load(crate=root, all_features=True).ask("Send(S)").holds is False


def _entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, bytes]:
    monkeypatch.setenv("TRAITLOGIC_CACHE_DIR", str(tmp_path / "c"))
    extra = tmp_path / "x.yaml"
    extra.write_text("")
    good = pickle.dumps(["the impls", "of a bucket"])
    cache.cached("kb", [extra], lambda: {"b": cache.Blobs({"k": good, "j": b"other"})})
    (entry,) = (tmp_path / "c").glob("kb-*.pickle")
    return extra, entry, good


def test_a_blob_altered_after_its_entry_was_opened_is_never_used(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    extra, entry, good = _entry(tmp_path, monkeypatch)
    read = cache.cached("kb", [extra], lambda: {"b": cache.Blobs({})})["b"]  # opened: blobs not read yet
    data = entry.read_bytes()
    with open(entry, "r+b") as fh:  # the same file, changed in place under the open entry
        fh.seek(data.index(good))
        fh.write(b"X" * len(good))
    assert bytes(read.open("j")) == b"other"
    with pytest.raises(TraitlogicError, match="altered"):
        read.open("k")
    assert not entry.exists()


@pytest.mark.parametrize("damage", ["truncated", "huge length", "short"])
def test_a_damaged_entry_is_built_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    extra, entry, _ = _entry(tmp_path, monkeypatch)
    data = entry.read_bytes()
    if damage == "truncated":
        data = data[:len(data) // 2]
    elif damage == "huge length":
        data = data[:32] + (2 ** 62).to_bytes(8, "little") + data[40:]
    else:
        data = data[:20]
    entry.write_bytes(data)
    assert cache.cached("kb", [extra], lambda: "built") == "built"
    opened = cache.cached("kb", [extra], lambda: "again")  # stored again, read back
    assert opened == "built"


def test_a_truncated_blob_region_is_an_altered_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra, entry, _ = _entry(tmp_path, monkeypatch)
    read = cache.cached("kb", [extra], lambda: {"b": cache.Blobs({})})["b"]
    with open(entry, "r+b") as fh:
        fh.truncate(entry.stat().st_size - 3)  # the last blob loses its end
    with pytest.raises(TraitlogicError, match="altered"):
        read.open(list(read.keys())[-1])
