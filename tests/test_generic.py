"""Generic goals (issue 9): parameters, `where` clauses, conditional answers, well-formedness.

The rustc-labelled conditions are checked over whole corpora in test_conditions_corpus.py; this
file pins the goal syntax, the outcomes and their faces (library, JSON, CLI exit codes).
"""
from __future__ import annotations

import json

import pytest
from proofcheck import check_answer
from typer.testing import CliRunner

from traitlogic import KnowledgeBase, ParseError, TraitlogicError
from traitlogic.cli import app


@pytest.mark.parametrize("goal, answer, conditions", [
    ("Send(Arc<T>)", "if", ["T: Send", "T: Sync"]),
    ("Arc<T>: Send", "if", ["T: Send", "T: Sync"]),
    ("Send(Arc<T>) where T: Send + Sync", "yes", []),
    ("Send(Arc<T>) where T: Sync", "if", ["T: Send"]),
    ("Send(Rc<T>)", "no", []),  # fails whatever T is
    ("Send(Vec<T>)", "if", ["T: Send"]),
    ("Sync(HashMap<K, V>)", "if", ["K: Sync", "V: Sync"]),
    ("Send(Box<T>) where T: ?Sized", "if", ["T: Send"]),
    ("for<Conn> Send(Mutex<Conn>)", "if", ["Conn: Send"]),
    ("Send(Vec<T::Item>) where T: Iterator", "if", ["<T as Iterator>::Item: Send"]),
    ("Send(Vec<<T as Iterator>::Item>) where T: Iterator, T::Item: Send", "yes", []),
    ("Send(std::iter::Peekable<I>)", "if", ["I: Send", "<I as Iterator>::Item: Send"]),  # implied I: Iterator
    ("Send(Option<T>) where T: Copy", "if", ["T: Send"]),
    ("Send(PhantomData<fn(T)>)", "yes", []),
    ("Sync(Mutex<T>) where T: Send", "yes", []),
    ("Send(Box<dyn Iterator<Item = T> + Send>)", "yes", []),  # a parameter only in a trait object's bounds
    ("Send(Box<dyn Iterator<Item = T>>)", "no", []),
])
def test_generic_answers(std_kb: KnowledgeBase, goal: str, answer: str, conditions: list[str]) -> None:
    a = std_kb.ask(goal)
    assert (a.answer, a.conditions) == (answer, conditions)
    assert a.holds is {"yes": True, "no": False}.get(answer)
    assert check_answer(std_kb, a) == []


def test_a_where_bound_implies_its_supertraits(tmp_path) -> None:
    """`T: Copy` gives `T: Clone`: an impl asking for Clone is satisfied by the assumption."""
    src = tmp_path / "w.rs"
    src.write_text("pub struct W<T>(*const T);\nunsafe impl<T: Clone> Send for W<T> {}\n")
    kb = KnowledgeBase.load(rust=[src])
    assert (kb.ask("Send(W<T>) where T: Copy").answer, kb.ask("Send(W<T>)").conditions) == ("yes", ["T: Clone"])


def test_conditions_leave_out_what_another_implies(std_kb: KnowledgeBase) -> None:
    from traitlogic.core import types as T
    from traitlogic.core.goal import Assumptions, Goal
    from traitlogic.query import simplify

    t = T.param("T")
    copy, clone, send = (std_kb.decls.traits.candidates([n])[0].path for n in ("Copy", "Clone", "Send"))
    atoms = frozenset({Goal(clone, t), Goal(copy, t), Goal(send, t)})
    kept = simplify(atoms, Assumptions(("T",)), std_kb.decls)
    assert [std_kb.show_goal(g) for g in kept] == ["T: Send", "T: Copy"]


@pytest.mark.parametrize("goal, message", [
    ("Send(Vec<Tee>)", "unknown type `Tee`"),  # not written like a parameter
    ("Send(Vec<T>) where U: Send", "a `where` bound must be about a parameter"),
    ("Send(Vec<i32>) where i32: Send", "a `where` bound must be about a parameter"),
    ("Send(Vec<i32>) where <U as Iterator>::Item: Send", "a `where` bound must be about a parameter"),
    ("for<C> Send(Vec<i32>)", "`C` is declared but the goal's type does not use it"),
    ("Send(Vec<T::Item>)", "`T` is bounded by no trait"),
    ("Send(Vec<T>) where", "expected bounds after `where`"),
    ("Send(Vec<T>) where T: Sendd", "unknown trait `Sendd`"),
    ("for<> Send(i32)", "expected parameter names"),
])
def test_bad_generic_goals_point_at_the_spot(std_kb: KnowledgeBase, goal: str, message: str) -> None:
    with pytest.raises(ParseError, match=message) as info:
        std_kb.ask(goal)
    assert "^" in info.value.render()


@pytest.mark.parametrize("goal, fragment", [
    ("Send(Vec<i32, i32>)", "`Vec<T, A>` requires `A: Allocator`, and `i32: Allocator` does not hold"),
    ("Send(Cow<'static, std::num::Wrapping<std::sync::atomic::AtomicIsize>>)",
     "`Cow<B>` requires `B: ToOwned`, and `Wrapping<AtomicIsize>: ToOwned` does not hold"),
    ("Send(Box<(), u8>)", "`Box<T, A>` requires `A: Allocator`, and `u8: Allocator` does not hold"),
])
def test_ill_formed_types_are_errors(std_kb: KnowledgeBase, goal: str, fragment: str) -> None:
    with pytest.raises(TraitlogicError, match="is not a well-formed type") as info:
        std_kb.ask(goal)
    assert fragment in str(info.value) and "(rustc: E0277)" in str(info.value)


def test_a_well_formedness_the_kb_cannot_decide_is_a_note(tmp_path) -> None:
    """`Holder<T: Debug>` over `fn(i32) -> i32`: std's `Debug` impls for built-in types are not
    all in the KB. The auto-trait answer stands (rustc checks the type), with a note saying so."""
    src = tmp_path / "h.rs"
    src.write_text("use std::fmt::Debug;\npub struct Holder<T: Debug>(T);\n")
    kb = KnowledgeBase.load(rust=[src])
    a = kb.ask("Send(Holder<fn(i32) -> i32>)")
    assert a.answer == "yes" and len(a.notes) == 1 and "was not checked to be well-formed" in a.notes[0]
    assert a.to_dict(proofs=False)["notes"] == a.notes


def test_json_and_exit_codes() -> None:
    runner = CliRunner()
    r = runner.invoke(app, ["ask", "-f", "json", "Send(Arc<T>)"])
    assert r.exit_code == 4
    data = json.loads(r.stdout)
    assert (data["answer"], data["holds"], data["conditions"]) == ("if", None, ["T: Send", "T: Sync"])
    leaves = [n for n in _nodes(data["proof"]) if n["rule"] == "assumption"]
    assert {n["goal"] for n in leaves} == {"T: Send", "T: Sync"} and all(n["holds"] is None for n in leaves)
    r = runner.invoke(app, ["ask", "Send(Arc<T>)"])
    assert r.stdout.startswith("if — `Arc<T>: Send` holds if `T: Send + Sync`")
    assert runner.invoke(app, ["ask", "Send(Arc<T>) where T: Send + Sync"]).exit_code == 0
    assert runner.invoke(app, ["ask", "Send(Rc<T>)"]).exit_code == 1
    r = runner.invoke(app, ["show", "Arc<T>"])
    assert r.exit_code == 4 and "holds if T: Send + Sync" in r.stdout


def test_check_answers_generic_goals_with_their_conditions(tmp_path) -> None:
    goals = tmp_path / "goals.txt"
    goals.write_text("Send(Arc<T>)\nSend(Arc<T>) where T: Send + Sync\nSend(Rc<T>)\nSend(i32)\n")
    r = CliRunner().invoke(app, ["check", str(goals)])
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert [(x["answer"], x["conditions"]) for x in rows] == [
        ("if", ["T: Send", "T: Sync"]), ("yes", []), ("no", []), ("yes", [])]


def test_generic_and_plain_goals_in_one_batch_do_not_mix(std_kb: KnowledgeBase) -> None:
    """`T: Send` is assumed in one goal and a condition in the other: each group is solved apart."""
    a, b, c = std_kb.ask_many(["Send(Vec<T>) where T: Send", "Send(Vec<T>)", "Send(Vec<i32>)"])
    assert (a.answer, b.answer, c.answer) == ("yes", "if", "yes")


def _nodes(node: dict) -> list[dict]:
    out, stack = [], [node]
    while stack:
        n = stack.pop()
        out.append(n)
        stack.extend(n["children"])
    return out


def test_report_lists_a_crates_public_types_with_conditions() -> None:
    from conftest import DATA

    runner = CliRunner()
    r = runner.invoke(app, ["report", "--crate", str(DATA / "crates" / "reexport"), "-f", "json"])
    assert r.exit_code == 0
    rows = {row["type"]: {t["trait"]: (t["answer"], t["conditions"]) for t in row["traits"]}
            for row in json.loads(r.stdout)["types"]}
    assert set(rows) == {"Gen<T>", "Node", "Leaf"}  # reachable by public paths (re-exports)
    assert rows["Gen<T>"]["Send"] == ("if", ["T: Send"]) and rows["Leaf"]["Sync"] == ("yes", [])
    r = runner.invoke(app, ["report", "--crate", str(DATA / "crates" / "reexport"), "-f", "markdown"])
    assert r.stdout.splitlines()[0] == "| Type | Send | Sync | Unpin | UnwindSafe | RefUnwindSafe |"
    assert "| `Gen<T>` | if `T: Send` | if `T: Sync` |" in r.stdout


def test_report_over_rust_files(tmp_path) -> None:
    src = tmp_path / "lib.rs"
    src.write_text("use std::rc::Rc;\npub struct Shared<T> { inner: std::sync::Arc<T>, local: Rc<u8> }\n")
    rows = KnowledgeBase.load(rust=[src]).report()
    assert [r.type for r in rows] == ["Shared<T>"]
    send, sync, unpin = rows[0].answers[:3]
    assert (send.answer, sync.answer, unpin.answer) == ("no", "no", "yes")


def test_multi_trait_goals_answer_each_trait_and_the_conjunction(std_kb: KnowledgeBase) -> None:
    from traitlogic import Conjunction

    c = std_kb.ask("Rc<u8>: Send + Unpin")
    assert isinstance(c, Conjunction) and [(a.trait, a.answer) for a in c.answers] == [("Send", "no"), ("Unpin", "yes")]
    assert (c.answer, c.holds) == ("no", False)
    g = std_kb.ask("Arc<T>: Send + Sync")
    assert (g.answer, g.conditions) == ("if", ["T: Send", "T: Sync"])
    assert std_kb.ask("Arc<i32>: Send + Sync").answer == "yes"
    data = std_kb.ask("Rc<u8>: Send + Sync").to_dict(proofs=False)
    assert (data["answer"], [a["answer"] for a in data["answers"]]) == ("no", ["no", "no"])
    with pytest.raises(ParseError, match="unknown trait `Frob`") as info:
        std_kb.ask("i32: Send + Frob")
    assert info.value.start == len("i32: Send + ")
    r = CliRunner().invoke(app, ["ask", "Rc<u8>: Send + Unpin"])
    assert r.exit_code == 1 and r.stdout.startswith("no — `Rc<u8>: Send + Unpin` (Send: no, Unpin: yes)")


def test_unstable_std_types_say_they_need_nightly(std_kb: KnowledgeBase) -> None:
    a = std_kb.ask("Send(Box<std::ptr::DynMetadata<dyn std::any::Any>>)")
    assert a.notes == ["`DynMetadata` is unstable: it needs nightly rustc and `#![feature(ptr_metadata)]`"]
    assert std_kb.ask("Send(std::sync::Arc<i32>)").notes == []
