"""Proofs show the normalizations they rely on (issue 10): which impl normalized a projection to
what, and that impl's bounds proven; the checker verifies them, and the answers stay rustc's."""
from __future__ import annotations

import copy
import json

from proofcheck import check_answer, check_proof

from traitlogic.proof import walk


def _normalizations(answer):
    return [m for n in walk(answer.proof, normalizations=True) for m in n.normalized]


def test_cow_shows_the_blanket_to_owned_impl_and_its_clone_bound(std_kb):
    a = std_kb.ask("Send(Cow<'static, Wrapping<i32>>)")
    assert a.answer == "yes" and check_answer(std_kb, a) == []
    owned = next(c for c in a.proof.children if c.shown == "Wrapping<i32>: Send")
    [m] = owned.normalized
    assert std_kb.decls.show(m.projection) == "<Wrapping<i32> as ToOwned>::Owned"
    assert std_kb.decls.show(m.normal) == "Wrapping<i32>"
    assert m.proof.shown == "Wrapping<i32>: ToOwned" and m.proof.holds is True
    assert m.proof.detail == "impl<T> ToOwned for T where T: Clone"
    assert m.proof.source.startswith("alloc/src/borrow.rs")
    assert [c.shown for c in m.proof.children] == ["Wrapping<i32>: Clone"]
    assert m.proof.why == "normalizes `<Wrapping<i32> as ToOwned>::Owned` to `Wrapping<i32>`"
    text = a.text()
    assert "✓ Wrapping<i32>: ToOwned  [impl-positive]  (normalizes `<Wrapping<i32> as ToOwned>::Owned` " \
           "to `Wrapping<i32>`)" in text
    assert "✓ Wrapping<i32>: Clone  [impl-positive]  (where `T: Clone`)" in text


def test_cow_str_shows_the_str_impl(std_kb):
    a = std_kb.ask("Send(Cow<'static, str>)")
    [m] = _normalizations(a)
    assert (m.proof.shown, m.proof.detail) == ("str: ToOwned", "impl ToOwned for str")
    assert check_answer(std_kb, a) == []


def test_a_projection_written_as_the_goal_type_is_shown_at_the_root(std_kb):
    a = std_kb.ask("Send(<Vec<Rc<u8>> as IntoIterator>::IntoIter)")
    assert a.answer == "no"
    [m] = a.proof.normalized
    assert m.proof.shown == "Vec<Rc<u8>>: IntoIterator"
    assert m.proof.detail == "impl<T, A> IntoIterator for Vec<T, A> where A: Allocator"
    assert [c.shown for c in m.proof.children] == ["Global: Allocator"]
    # the failure chain and its reason are the ones without the normalization
    assert [n.shown for n in a.chain()] == ["vec::IntoIter<Rc<u8>>: Send", "Rc<u8>: Send"]
    assert a.reason() == std_kb.ask("Send(vec::IntoIter<Rc<u8>>)").reason()
    assert check_answer(std_kb, a) == []


def test_an_undecidable_bound_of_the_normalizing_impl_is_shown_not_assumed(std_kb):
    """`Filter<I, P>: Iterator` needs `P: FnMut(..)`, which the KB cannot decide: the answer is
    rustc's (yes, with the well-formedness note), the normalization's proof ends at that bound."""
    a = std_kb.ask("Send(Peekable<iter::Filter<vec::IntoIter<u8>, fn(&u8) -> bool>>)")
    assert a.answer == "yes" and a.notes
    found = {m.proof.shown: m.proof for m in _normalizations(a)}
    undecided = found["Filter<vec::IntoIter<u8>, fn(&u8) -> bool>: Iterator"]
    assert undecided.holds is None
    assert [c.rule for c in undecided.children] == ["undecidable"]
    assert found["vec::IntoIter<u8>: Iterator"].holds is True
    assert check_answer(std_kb, a) == []


def test_json_and_dot_carry_the_normalizations(std_kb):
    a = std_kb.ask("Send(Cow<'static, str>)")
    proof = json.loads(a.to_json())["proof"]
    [node] = proof["children"][0]["normalized"]
    assert (node["goal"], node["rule"], node["detail"]) == ("str: ToOwned", "impl-positive", "impl ToOwned for str")
    assert node["why"] == "normalizes `<str as ToOwned>::Owned` to `String`"
    assert "str: ToOwned" in a.dot() and 'style="dotted"' in a.dot()
    assert "normalized" not in json.loads(std_kb.ask("Send(Arc<i32>)").to_json())["proof"]


def test_a_field_of_your_type_normalized_through_a_projection(tmp_path):
    from conftest import rust_kb

    kb = rust_kb(tmp_path, "it.rs", "pub struct Item<I: Iterator> { it: I, item: <I as Iterator>::Item }")
    a = kb.ask("Send(Item<vec::IntoIter<Rc<u8>>>)")
    assert a.answer == "no"
    item = next(c for c in a.proof.children if c.why == "field `item`")
    assert [m.proof.shown for m in item.normalized] == ["vec::IntoIter<Rc<u8>>: Iterator"]
    assert check_answer(kb, a) == []


def test_the_checker_rejects_a_missing_normalization(std_kb):
    a = std_kb.ask("Send(Cow<'static, Wrapping<i32>>)")
    proof = copy.deepcopy(a.proof)
    proof.children[0].normalized = []
    assert any("normalizations" in p for p in check_proof(std_kb, proof, True))


def test_the_checker_rejects_another_impl_or_an_unproven_bound(std_kb):
    a = std_kb.ask("Send(Cow<'static, Wrapping<i32>>)")
    proof = copy.deepcopy(a.proof)
    proof.children[0].normalized[0].proof.detail = "impl ToOwned for str"
    assert any("another impl" in p for p in check_proof(std_kb, proof, True))
    proof = copy.deepcopy(a.proof)
    proof.children[0].normalized[0].proof.children = []
    assert any("premises" in p for p in check_proof(std_kb, proof, True))
    proof = copy.deepcopy(a.proof)
    proof.children[0].normalized[0].normal = std_kb.decls.normalize(std_kb.read_query("Send(String)").goal.ty)
    assert any("does not normalize" in p for p in check_proof(std_kb, proof, True))


def test_a_parameter_projection_normalizes_through_a_blanket_impl_its_bounds_select(std_kb):
    """`where T: Clone`: `T: ToOwned` by `impl<T: Clone> ToOwned for T`, so `<T as ToOwned>::Owned`
    is `T` (rustc agrees: tests/data/regressions/generic_where.tsv); `where T: ToOwned` keeps it rigid."""
    a = std_kb.ask("Send(Cow<'static, T>) where T: Clone")
    assert (a.answer, a.conditions) == ("if", ["T: Send", "T: Sync"])
    [m] = _normalizations(a)
    assert (m.proof.shown, m.proof.detail) == ("T: ToOwned", "impl<T> ToOwned for T where T: Clone")
    assert check_answer(std_kb, a) == []
    rigid = std_kb.ask("Send(Cow<'static, T>) where T: Clone + ToOwned")
    assert rigid.conditions == ["T: Sync", "<T as ToOwned>::Owned: Send"] and not _normalizations(rigid)
