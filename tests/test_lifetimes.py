"""Lifetimes written in a goal are kept in what is displayed (issue 10), never in the terms.

Auto traits do not depend on lifetimes: the goal's type term has none (the engine, caches and
memos stay lifetime-free); the reader keeps them by position (core.lifetimes) and the answer,
its proof, JSON, `show` and the fixes put them back where the user wrote them.
"""
from __future__ import annotations

import json

import pytest
from conftest import rust_kb
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


def test_errors_about_the_goal_type_show_them(std_kb):
    from traitlogic import TraitlogicError

    with pytest.raises(TraitlogicError, match=r"^`Cow<'static, Wrapping<AtomicIsize>>` is not a well-formed type"):
        std_kb.ask("Send(Cow<'static, std::num::Wrapping<std::sync::atomic::AtomicIsize>>)")


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
    # the parts around the change keep theirs by position
    fixes = std_kb.ask("Send(&'static RefCell<i32>)").advice().suggestions
    assert [s.type for s in fixes] == ["&'static std::sync::Mutex<i32>", "&'static std::sync::RwLock<i32>"]


def test_a_deep_type_with_lifetimes_reads_and_shows_in_linear_cost(std_kb):
    depth = 20_000  # past the recursion limit: the chain shows the type at every level down to it
    a = std_kb.ask("Sync(" + "&'a " * depth + "Cell<u8>)")
    assert a.answer == "overflow" and a.type == "&'a " * depth + "Cell<u8>"
    assert [n.shown for n in walk(a.proof)][1] == "&'a " * (depth - 1) + "Cell<u8>: Sync"


FIELDS = """\
use std::cell::Cell;
use std::sync::MutexGuard;
pub struct Holder<'a, T> { r: &'a Cell<T>, s: &'static str }
pub struct Guarded<'a, T> { g: MutexGuard<'a, T>, n: Option<&'a T> }
pub struct Outer<'b> { inner: Guarded<'b, u8> }
pub enum Either<'c> { A(&'c Cell<u8>), B }
pub struct Cfg<'a> { c: &'a std::cell::RefCell<u8>, name: &'static str }
"""


@pytest.fixture(scope="module")
def fields_kb(tmp_path_factory):
    return rust_kb(tmp_path_factory.mktemp("fields"), "fields.rs", FIELDS)


@pytest.mark.parametrize("goal, shown", [
    # a field's type as declared, its type's lifetime parameters as the goal names them
    ("Send(Outer<'static>)", ["Outer<'static>: Send", "Guarded<'static, u8>: Send", "MutexGuard<'static, u8>: Send"]),
    ("Sync(Holder<'static, u8>)", ["Holder<'static, u8>: Sync", "&'static Cell<u8>: Sync", "Cell<u8>: Sync"]),
    # elided in the goal: as declared
    ("Sync(Holder<u8>)", ["Holder<u8>: Sync", "&'a Cell<u8>: Sync", "Cell<u8>: Sync"]),
    ("Sync(Either<'x>)", ["Either<'x>: Sync", "&'x Cell<u8>: Sync", "Cell<u8>: Sync"]),
    # a type argument keeps the lifetimes it was written with inside the field's type
    ("Sync(Guarded<'s, Ref<'s, u8>>)", ["Guarded<'s, Ref<'s, u8>>: Sync", "MutexGuard<'s, Ref<'s, u8>>: Sync",
                                        "Ref<'s, u8>: Sync"]),
])
def test_field_types_show_their_declared_lifetimes(fields_kb, goal, shown):
    a = fields_kb.ask(goal)
    assert _shown(a) == shown
    assert check_answer(fields_kb, a) == []


def test_report_shows_the_declared_lifetime_parameters(fields_kb):
    rows = {r.type: r for r in fields_kb.report()}
    assert set(rows) == {"Holder<'a, T>", "Guarded<'a, T>", "Outer<'b>", "Either<'c>", "Cfg<'a>"}
    assert rows["Outer<'b>"].to_dict()["traits"][0]["reason"].startswith("because `MutexGuard<'b, u8>: Send` fails")


def test_a_field_fix_writes_the_field_type_as_the_declaration_would(fields_kb):
    """`c: &'a RefCell<u8>`: the new field type is `&'a Mutex<u8>` (what goes in the struct),
    whatever lifetime the goal names."""
    for goal in ["Sync(Cfg<'static>)", "Sync(Cfg)"]:
        fixes = fields_kb.ask(goal).advice().suggestions
        assert [(s.type, s.at) for s in fixes] == [("&'a std::sync::Mutex<u8>", "Cfg.c"),
                                                   ("&'a std::sync::RwLock<u8>", "Cfg.c")]


def test_written_lifetimes_pickle_as_one_object():
    import pickle

    from traitlogic.core.lifetimes import written

    w = written(("'static",), (written(("'a",), (None,)),))
    assert pickle.loads(pickle.dumps(w)) is w
