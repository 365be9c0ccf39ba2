"""Overflow (rustc's E0275): decided per root, like rustc's recursion limit of 128 levels.

The nesting figures are rustc 1.95's, measured with `scripts/gen_rustc_depths.py`'s probe:
`Option<...127 deep...<i32>>: Send` compiles and 128 deep is E0275.
"""
from __future__ import annotations

import json

from proofcheck import check_proof


def nest(ctor: str, n: int, leaf: str = "i32") -> str:
    return f"{ctor}<" * n + leaf + ">" * n


def test_the_recursion_limit_is_rustcs(std_kb):
    assert std_kb.ask(f"Send({nest('Option', 127)})").answer == "yes"
    a = std_kb.ask(f"Send({nest('Option', 128)})")
    assert a.answer == "overflow"
    assert check_proof(std_kb, a.proof, None) == []
    leaf = a.proof
    depth = 0
    while leaf.children:
        leaf, depth = leaf.children[0], depth + 1
    assert (leaf.rule, depth) == ("depth-limit", 128)


def test_answers_do_not_depend_on_the_batch(std_kb):
    goals = [f"Send({nest('Option', 130)})", "Send(Option<i32>)", f"Send({nest('Option', 100)})",
             f"Send({nest('Option', 126, 'Rc<i32>')})", "Send(Option<Option<Rc<i32>>>)"]
    batch = [a.answer for a in std_kb.ask_many(goals)]
    alone = [std_kb.ask(g).answer for g in goals]
    assert batch == alone == ["overflow", "yes", "yes", "no", "no"]


def test_a_very_deep_type_overflows_quickly(std_kb):
    a = std_kb.ask(f"Send({nest('Box', 3000)})")
    assert a.answer == "overflow"  # rustc: E0275 from 64 Boxes on
    assert len(a.text().splitlines()) < 1000


def test_a_very_long_type_is_shortened_in_text_only(std_kb):
    goal = f"Send({nest('Vec', 5000)})"
    a = std_kb.ask(goal)
    lines = a.text().splitlines()
    assert lines[0].startswith("overflow — `Vec<Vec<") and " … " in lines[0]
    assert max(len(line) for line in lines) < 1000  # the whole type is ~30,000 characters
    brief = a.text_lines(brief=True)
    assert all(len(text) < 1000 for text, _ in brief)
    assert json.loads(a.to_json(proofs=False))["goal"] == goal  # JSON keeps it whole


def test_the_goal_cap_is_an_error_not_an_overflow(std_kb, monkeypatch):
    import pytest

    from traitlogic.core.errors import TraitlogicError
    from traitlogic.lower import ResourceLimit, demand

    monkeypatch.setattr(demand, "MAX_GOALS", 3)
    with pytest.raises(ResourceLimit, match="the query demands more than 3 goals") as info:
        std_kb.ask_many(["Send(Vec<Option<Box<Rc<i32>>>>)"])
    assert isinstance(info.value, TraitlogicError)
