"""The library face: KnowledgeBase, Answer, isolation between knowledge bases."""
from __future__ import annotations

import json

from traitlogic import GoalError, KnowledgeBase

CONFIG = 'types:\n  - decl: "struct Config { cache: RefCell<Vec<u8>> }"\n    path: app::Config\n    source: "config.rs:1"\n'
SENDABLE = ('types:\n  - decl: "struct Config { cache: Mutex<Vec<u8>> }"\n    path: app::Config\n'
            '    source: "other.rs:1"\n')


def test_answer_object(std_kb):
    a = std_kb.ask("Send(Arc<Mutex<i32>>)")
    assert (a.holds, a.answer, a.trait, a.type) == (True, "yes", "Send", "Arc<Mutex<i32>>")
    data = a.to_dict()
    json.dumps(data)
    assert data["proof"]["rule"] == "impl-positive"
    assert a.to_dict(proofs=False).keys() == {"goal", "trait", "type", "holds", "answer", "conditions"}
    assert a.conditions == []


def test_two_knowledge_bases_never_see_each_others_facts(tmp_path):
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(CONFIG)
    second.write_text(SENDABLE)
    kb_a = KnowledgeBase.load(extra=[first])
    kb_b = KnowledgeBase.load(extra=[second])
    plain = KnowledgeBase.load()
    for _ in range(2):  # interleaved solves in one thread
        assert kb_a.ask("Sync(Config)").holds is False
        assert kb_b.ask("Sync(Config)").holds is True
    assert isinstance(plain.ask_many(["Sync(Config)"])[0], GoalError)


def test_isolation_across_threads(tmp_path):
    import threading

    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(CONFIG)
    second.write_text(SENDABLE)
    kbs = [KnowledgeBase.load(extra=[first]), KnowledgeBase.load(extra=[second])]
    results: dict[int, list] = {0: [], 1: []}

    def work(i: int) -> None:
        for _ in range(20):
            results[i].append(kbs[i].ask("Sync(Config)").holds)

    threads = [threading.Thread(target=work, args=(i,)) for i in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {0: [False] * 20, 1: [True] * 20}


def test_ask_many_keeps_order_and_reports_bad_lines(std_kb):
    out = std_kb.ask_many(["Send(Rc<i32>)", "Send(Nope)", "Sync(i32)"])
    assert [getattr(a, "answer", None) for a in out] == ["no", None, "yes"]
    assert isinstance(out[1], GoalError)
    assert out[1].to_dict() == {"goal": "Send(Nope)", "error": out[1].error.render().removeprefix("error: ")}


def test_std_can_be_left_out(tmp_path):
    from traitlogic.core.resources import data_dir

    mini = tmp_path / "mini.yaml"
    mini.write_text('types:\n  - decl: "struct P { x: *const u8 }"\n    path: m::P\n')
    kb = KnowledgeBase.load(extra=[data_dir("kb") / "std" / "traits.yaml", mini], std=False)
    a = kb.ask("Send(P)")
    assert a.holds is True  # no `impl !Send for *const T` in this KB: structural


def test_the_cache_keeps_only_recent_entries(tmp_path, monkeypatch):
    from traitlogic.core import cache

    monkeypatch.setenv("TRAITLOGIC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TRAITLOGIC_CACHE", "1")
    for i in range(cache.KEEP + 3):
        extra = tmp_path / f"k{i}.yaml"
        extra.write_text(f"n: {i}\n")
        assert cache.cached("kb", [extra], lambda i=i: i) == i
        assert cache.cached("kb", [extra], lambda: -1) == i  # the second call reads the entry
    assert len(list((tmp_path / "cache").glob("kb-*.pickle"))) == cache.KEEP


def test_your_files_are_built_on_top_of_the_cached_std_kb(tmp_path, monkeypatch):
    monkeypatch.setenv("TRAITLOGIC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TRAITLOGIC_CACHE", "1")
    for i in range(3):
        extra = tmp_path / f"u{i}.yaml"
        extra.write_text(f'types:\n  - decl: "struct U{i} {{ x: Rc<u8> }}"\n    path: u::U{i}\n')
        assert KnowledgeBase.load(extra=[extra]).ask(f"Send(U{i})").answer == "no"
    assert len(list((tmp_path / "cache").glob("kb-*.pickle"))) == 1  # std alone, once


def test_text_sources_link_to_the_std_docs_and_json_keeps_them_as_data(std_kb):
    from traitlogic.render import doc_links

    a = std_kb.ask("Send(Rc<i32>)")
    assert a.proof.source == "alloc/src/rc.rs:324 (std/rc/struct.Rc.html#impl-Send-for-Rc%3CT,+A%3E)"
    assert "source: alloc/src/rc.rs:324 (https://doc.rust-lang.org/1.95.0/std/rc/struct.Rc.html#impl-Send-for-Rc" \
        in a.text()
    assert a.to_dict()["proof"]["source"] == a.proof.source
    assert doc_links("src/config.rs:3") == "src/config.rs:3"
    assert doc_links("Rust Reference, Special types and traits: auto traits").startswith("Rust Reference")
