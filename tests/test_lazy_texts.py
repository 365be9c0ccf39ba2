"""What only a printed proof needs is made only when printed (issue 11): a synthesized impl's
detail is written when a proof or message first reads it, the same text as written eagerly;
the fixes' search is imported only when fixes are asked for."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from traitlogic import KnowledgeBase
from traitlogic.lower import Clause
from traitlogic.lower.clause import Premise
from traitlogic.lower.impls import _impl_detail

GOALS = ["Send(std::alloc::Global)", "Sync(std::collections::hash_map::Iter<'static, i32, std::rc::Rc<i32>>)",
         "Send(std::vec::IntoIter<std::cell::Cell<i32>>)", "Unpin(std::fs::File)"]


def _synthesized(kb: KnowledgeBase, answers: list[object]) -> list[tuple[object, Clause]]:
    out = []
    for answer in answers:
        program = answer._prover.program  # type: ignore[union-attr]
        for clause in program.clauses.values():
            impl = next((i for i in kb.decls.impls_for(clause.head.trait, clause.head.ty) if i.synthesized
                         and i.rule == clause.rule and i.source == clause.source), None)
            if impl is not None:
                out.append((impl, clause))
    return out


def test_synthesized_details_are_written_when_read() -> None:
    kb = KnowledgeBase.load()
    answers = list(kb.ask_many(GOALS))
    found = _synthesized(kb, answers)
    assert len(found) >= len(GOALS)
    assert all(callable(c._detail) for _, c in found)  # nothing printed: nothing written
    texts = [a.text() for a in answers]  # type: ignore[union-attr]
    assert "`Global: Send` always holds (synthesized from private fields)" in texts[0]
    written = [(impl, c) for impl, c in found if isinstance(c._detail, str)]
    assert written  # the printed proofs wrote theirs
    for impl, clause in found:
        assert clause.detail == _impl_detail(kb._lowering.ctx, impl)  # type: ignore[arg-type]
        assert any(clause.detail in t for t in texts) or clause not in [c for _, c in written]


def test_a_lazy_detail_compares_and_hashes_as_its_text() -> None:
    kb = KnowledgeBase.load()
    goal = kb.parse_goal("Send(i32)")
    eager = Clause(goal, "impl-synthesized", "src", "a detail", (Premise(goal, "why"),))
    lazy = Clause(goal, "impl-synthesized", "src", lambda: "a detail", (Premise(goal, "why"),))
    assert lazy == eager and hash(lazy) == hash(eager) and repr(lazy) == repr(eager)
    assert Clause(goal, "impl-synthesized", "src", lambda: "other") != eager


def test_a_bounds_why_is_written_when_read() -> None:
    kb = KnowledgeBase.load()
    answers = list(kb.ask_many(GOALS))
    premises = [p for a in answers for c in a.program.clauses.values() for p in c.premises  # type: ignore[union-attr]
                if c.rule.startswith("impl-")]
    lazy = [p for p in premises if not isinstance(p._why, str)]
    assert lazy  # an impl's where-clauses: nothing printed, nothing written
    texts = [a.text() for a in answers]  # type: ignore[union-attr]
    assert "where `T: Send`" in texts[2] or "where `A: Send`" in texts[2]
    for p in lazy:
        assert p.why.startswith("where `") and p.why.endswith("`")
    goal = kb.parse_goal("Send(i32)")
    eager, later = Premise(goal, "where `T: Send`", 2), Premise(goal, lambda: "where `T: Send`", 2)
    assert later == eager and hash(later) == hash(eager) and repr(later) == repr(eager)
    assert Premise(goal, lambda: "other") != Premise(goal, "where `T: Send`")


def _modules_after(argv: list[str], folder: Path) -> str:
    code = (f"import sys; from traitlogic.cli.fast import run_plain; run_plain({argv!r}); "
            "print('traitlogic.suggest' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, cwd=folder,
                       env=dict(os.environ), timeout=120)
    return r.stdout.splitlines()[-1]


def test_fixes_are_imported_only_when_asked_for(tmp_path: Path) -> None:
    (tmp_path / "goals.txt").write_text("Send(std::rc::Rc<i32>)\nSync(i32)\n", encoding="utf-8")
    assert _modules_after(["check", "goals.txt", "--proofs"], tmp_path) == "False"
    assert _modules_after(["ask", "Send(i32)"], tmp_path) == "False"
    assert _modules_after(["check", "goals.txt", "--suggest"], tmp_path) == "True"
    assert _modules_after(["ask", "Send(std::rc::Rc<i32>)"], tmp_path) == "True"  # a "no" shows its fixes
