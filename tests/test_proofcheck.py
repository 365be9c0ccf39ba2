"""The proof checker itself catches broken proofs (so the conformance check can fail)."""
from __future__ import annotations

import copy

from proofcheck import check_proof


def test_accepts_real_proofs(std_kb):
    for goal in ["Send(Arc<Mutex<i32>>)", "Send(Arc<Rc<i32>>)", "Sync(Vec<Cell<u8>>)"]:
        a = std_kb.ask(goal)
        assert check_proof(std_kb, a.proof, a.holds) == []


def test_rejects_a_dropped_premise(std_kb):
    a = std_kb.ask("Send(Arc<Mutex<i32>>)")
    proof = copy.deepcopy(a.proof)
    proof.children.pop()
    assert any("premises" in p for p in check_proof(std_kb, proof, True))


def test_rejects_a_wrong_rule(std_kb):
    a = std_kb.ask("Send(Arc<Mutex<i32>>)")
    proof = copy.deepcopy(a.proof)
    proof.children[0].rule = "builtin-primitive"
    assert check_proof(std_kb, proof, True)


def test_rejects_a_failing_leaf_that_does_not_fail(std_kb):
    a = std_kb.ask("Send(Vec<Rc<i32>>)")
    proof = copy.deepcopy(a.proof)
    proof.children[0] = copy.deepcopy(std_kb.ask("Send(i32)").proof)
    proof.children[0].holds = False
    assert check_proof(std_kb, proof, False)


def test_rejects_a_flipped_verdict(std_kb):
    a = std_kb.ask("Send(Vec<Rc<i32>>)")
    assert check_proof(std_kb, a.proof, True)


def test_rejects_an_unknown_rule_name(std_kb):
    a = std_kb.ask("Send(i32)")
    proof = copy.deepcopy(a.proof)
    proof.rule = ""
    assert check_proof(std_kb, proof, True)
