"""Lifetimes written in a goal are kept in what is displayed (issue 10), never in the terms.

Auto traits do not depend on lifetimes: the goal's type term has none (the engine, caches and
memos stay lifetime-free); the reader keeps them by position (core.lifetimes) and the answer,
its proof, JSON, `show` and the fixes put them back where the user wrote them.
"""
from __future__ import annotations

import json

import pytest
from proofcheck import check_answer

from traitlogic.proof import walk


def _shown(answer) -> list[str]:
    return [n.shown for n in walk(answer.proof)]


def test_the_issue_example(std_kb):
    a = std_kb.ask("Send(MutexGuard<'static, i32>)")
    assert a.answer == "no" and a.type == "MutexGuard<'static, i32>"
    assert a.text().splitlines()[0] == "no — `MutexGuard<'static, i32>: Send`"
    assert _shown(a) == ["MutexGuard<'static, i32>: Send"]
    data = json.loads(a.to_json())
    assert data["type"] == "MutexGuard<'static, i32>"
    assert data["proof"]["goal"] == "MutexGuard<'static, i32>: Send"
    assert check_answer(std_kb, a) == []


def test_the_terms_have_no_lifetimes(std_kb):
    written = std_kb.parse_goal("Send(Vec<(&'static str, MutexGuard<'a, Ref<'b, u8>>)>)")
    plain = std_kb.parse_goal("Send(Vec<(&str, MutexGuard<Ref<u8>>)>)")
    assert written.ty is plain.ty
    assert std_kb.ask("Send(Vec<(&str, MutexGuard<Ref<u8>>)>)").type == "Vec<(&str, MutexGuard<Ref<u8>>)>"


@pytest.mark.parametrize("goal, shown", [
    ("Send(Vec<Ref<'a, u8>>)", ["Vec<Ref<'a, u8>>: Send", "Ref<'a, u8>: Send"]),
    ("Sync(Arc<Vec<Ref<'static, u8>>>)", ["Arc<Vec<Ref<'static, u8>>>: Sync", "Vec<Ref<'static, u8>>: Sync",
                                          "Ref<'static, u8>: Sync"]),
    ("Send(&'static str)", ["&'static str: Send", "str: Sync"]),
    ("Send(Cow<'static, str>)", ["Cow<'static, str>: Send", "String: Send", "str: Sync"]),
    ("Send(Box<dyn Fn(&u8) + 'static>)", ["Box<dyn Fn(&u8) + 'static>: Send", "dyn Fn(&u8) + 'static: Send"]),
    ("Send(Box<dyn for<'a> Fn(&'a u8) -> &'a u8 + Send>)",
     ["Box<dyn for<'a> Fn(&'a u8) -> &'a u8 + Send>: Send", "Global: Send",
      "dyn for<'a> Fn(&'a u8) -> &'a u8 + Send: Send"]),
    ("Send(Vec<for<'a> fn(&'a u8) -> &'a u8>)", ["Vec<for<'a> fn(&'a u8) -> &'a u8>: Send", "Global: Send",
                                                 "for<'a> fn(&'a u8) -> &'a u8: Send"]),
    ("Sync(&'a mut [&'b Cell<u8>; 2])", ["&'a mut [&'b Cell<u8>; 2]: Sync", "[&'b Cell<u8>; 2]: Sync",
                                        "&'b Cell<u8>: Sync", "Cell<u8>: Sync"]),
    ("Send(Box<&'a (dyn Display + Sync + 'a)>)", ["Box<&'a (dyn Display + Sync + 'a)>: Send", "Global: Send",
                                                  "&'a (dyn Display + Sync + 'a): Send",
                                                  "dyn Display + Sync + 'a: Sync"]),
])
def test_nested_lifetimes_in_the_answer_and_the_proof(std_kb, goal, shown):
    a = std_kb.ask(goal)
    got = _shown(a)
    assert a.type == shown[0].rsplit(": ", 1)[0]
    assert [s for s in shown if s not in got] == [], got
    assert check_answer(std_kb, a) == []
    assert json.loads(a.to_json())["proof"]["goal"] == shown[0]


def test_a_type_written_twice_with_different_lifetimes(std_kb):
    a = std_kb.ask("Send((Ref<'a, u8>, Ref<'b, u8>))")
    assert a.type == "(Ref<'a, u8>, Ref<'b, u8>)"  # the goal's own type exactly as written
    assert _shown(a) == ["(Ref<'a, u8>, Ref<'b, u8>): Send", "Ref<'_, u8>: Send"]  # one subgoal for both
    b = std_kb.ask("Send((Ref<'a, u8>, Ref<'a, u8>))")
    assert _shown(b)[1] == "Ref<'a, u8>: Send"


def test_a_generic_goal_keeps_them_too(std_kb):
    a = std_kb.ask("Send(Vec<&'a T>)")
    assert a.answer == "if" and a.conditions == ["T: Sync"]
    assert "&'a T: Send" in _shown(a) and a.type == "Vec<&'a T>"


def test_show_row_and_fixes(std_kb):
    assert std_kb.show("Ref<'static, Vec<u8>>").type == "Ref<'static, Vec<u8>>"
    a = std_kb.ask("Sync(Arc<RefCell<&'static str>>)")
    fixes = a.advice().suggestions
    assert [s.type for s in fixes][:1] == ["std::sync::Arc<std::sync::Mutex<&'static str>>"]
    assert fixes[0].change == "`RefCell<&'static str>` -> `Mutex<&'static str>`"


def test_a_deep_type_with_lifetimes_reads_and_shows_in_linear_cost(std_kb):
    depth = 20_000  # past the recursion limit: the chain shows the type at every level down to it
    a = std_kb.ask("Sync(" + "&'a " * depth + "Cell<u8>)")
    assert a.answer == "overflow" and a.type == "&'a " * depth + "Cell<u8>"
    assert [n.shown for n in walk(a.proof)][1] == "&'a " * (depth - 1) + "Cell<u8>: Sync"
