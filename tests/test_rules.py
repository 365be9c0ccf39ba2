"""The rules in rules/: the Datalog program's shape check, and that every named rule fires."""
from __future__ import annotations

import pytest
from conftest import DATA, read_tsv

from traitlogic.core.rules import catalog
from traitlogic.proof import walk
from traitlogic.solve.program import ProgramError, check_shape, parse_program, solver_program


def test_the_shipped_program_passes_the_shape_check():
    rules = solver_program()
    assert {r.head.predicate for r in rules} == {"nimpl", "undecided", "conditional"}


def test_every_program_rule_is_in_the_catalog():
    names = [r.name for r in solver_program()]
    assert all(names) and len(set(names)) == len(names)
    assert {n: catalog()[n].kind for n in names} == {n: "program" for n in names}


@pytest.mark.parametrize("text, problem", [
    ("path(X, Y) :- edge(X, Z), path(Z, Y).", "must come first"),
    ("p(X) :- q(X).\nq(X) :- p(X).", "mutually recursive"),
    ("p(X) :- p(Y), p(Z), e(X, Y, Z).", "more than one recursive literal"),
    ("p(X) :- p(X), e(X).", "derives nothing"),
    ("p(X, A) :- p(A, H), e(X, H).", "only at the same position"),
    ("p(X) :- p(a), e(X).", "distinct free variables"),
    ("p(X) :- e(X)", "does not end with"),
])
def test_hang_prone_programs_are_refused(text, problem):
    with pytest.raises(ProgramError, match=problem):
        check_shape(parse_program(text))


def test_every_rule_fires_somewhere(std_kb):
    """Run a sample of the corpus plus a few targeted goals; collect the rules used in proofs."""
    from traitlogic import KnowledgeBase

    goals = [g for g, _ in read_tsv(DATA / "conformance_std.tsv")][::7]
    answers = std_kb.ask_many(goals + ["Send(Box<dyn Error>)", "Send(Box<dyn Error + Send>)",
                                       "Unpin(&mut [u8])", "Send(fn(i32) -> Rc<i32>)",
                                       "Send(Cow<'static, std::path::Path>)", "Send(Arc<Mutex<i32>>)",
                                       # generic goals: assumptions, where-clauses, Sized parameters
                                       "Send(Arc<T>) where T: Sync", "Send(Vec<T>)"])
    fired = {n.rule for a in answers for n in walk(a.proof)}
    scenario = KnowledgeBase.load(extra=[DATA / "scenarios" / "overflow.yaml", DATA / "scenarios" / "chalk_mutual.yaml"])
    for goal in ["Send(S<i32>)", "Send(Node)", "Sync(A)", "Send((i32, [u8; 2]))"]:
        fired |= {n.rule for n in walk(scenario.ask(goal).proof)}
    sized = KnowledgeBase.load(extra=[DATA / "scenarios" / "one_instantiation.yaml", _write_sized_kb()])
    for goal in ["Send(H<u8>)", "Send(W<str>)", "Send(W<(i32, [u8])>)", "Send(W<i32>)"]:
        fired |= {n.rule for n in walk(sized.ask(goal).proof)}
    clone = KnowledgeBase.load()
    clone.add_rust("pub struct Needs<T>(*const T);\nunsafe impl<T: Clone> Send for Needs<T> {}\n")
    fired |= {n.rule for n in walk(clone.ask("Send(Needs<(i32, fn())>)").proof)}
    missing = {name for name, info in catalog().items() if info.kind not in ("error", "program")} - fired
    assert not missing, f"rules that never fire: {sorted(missing)}"


def _write_sized_kb():
    """A wrapper whose impl forgets `?Sized`: `W<str>` is then not Send (rustc agrees)."""
    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp()) / "sized.yaml"
    path.write_text('types:\n  - decl: "struct W<T: ?Sized> { b: Box<T> }"\n    path: t::W\n'
                    'impls:\n  - impl: "unsafe impl<T: Send> Send for W<T> {}"\n')
    return path
