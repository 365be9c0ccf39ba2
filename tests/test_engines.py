"""pyDatalog, a selectable engine, answers every rustc-labelled goal as the default engine does."""
from __future__ import annotations

import pytest
from conftest import DATA, read_tsv

from traitlogic import GoalError, KnowledgeBase


def _answers(kb: KnowledgeBase, goals: list[str]) -> list[str]:
    return ["error" if isinstance(a, GoalError) else a.answer for a in kb.ask_many(goals)]


@pytest.mark.parametrize("corpus", ["conformance_std.tsv", "conformance_all.tsv", "conformance_depth.tsv"])
def test_pydatalog_answers_as_the_default(corpus):
    goals = [g for g, _ in read_tsv(DATA / corpus)]
    default = KnowledgeBase.load()
    other = KnowledgeBase.load(engine="pydatalog")
    assert other.engine == "pydatalog"
    assert _answers(other, goals) == _answers(default, goals)


def test_pydatalog_proofs_equal_the_defaults(std_kb):
    goals = [g for g, _ in read_tsv(DATA / "conformance_std.tsv")][::5]
    other = KnowledgeBase.load(engine="pydatalog")
    for a, b in zip(std_kb.ask_many(goals), other.ask_many(goals)):
        assert a.to_json() == b.to_json()


def test_an_unknown_engine_is_refused():
    from traitlogic.core.errors import UsageError

    with pytest.raises(UsageError, match="unknown engine `nope`"):
        KnowledgeBase.load(engine="nope").ask("Send(i32)")


def _by_source(path):
    """(source, goal) rows of a labels TSV with a source column, grouped by source."""
    groups: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines()[2:]:
        if line:
            source, goal, _ = line.split("\t")[:3]
            groups.setdefault(source, []).append(goal)
    return groups


def _same_answers_on_one_kb(kb: KnowledgeBase, goals: list[str]) -> None:
    other = KnowledgeBase(kb.decls, engine="pydatalog")
    assert _answers(other, goals) == _answers(kb, goals)


def test_pydatalog_answers_the_scenarios_as_the_default():
    for scenario, goals in _by_source(DATA / "scenarios" / "expected.tsv").items():
        _same_answers_on_one_kb(KnowledgeBase.load(extra=[DATA / "scenarios" / f"{scenario}.yaml"]), goals)


def test_pydatalog_answers_the_user_corpus_as_the_default():
    """Every fourth snippet of the user corpus (90 of 360: loading each costs ~0.15 s), read as
    Rust, solved by both engines on one KB."""
    for snippet, goals in list(_by_source(DATA / "user_corpus" / "expected.tsv").items())[::4]:
        _same_answers_on_one_kb(KnowledgeBase.load(rust=[DATA / "user_corpus" / f"{snippet}.rs"]), goals)
