"""Issue 10's wrong or missing answers, labelled by rustc (`scripts/gen_regressions.py`).

`invalid` means rustc rejects the type itself (an unsatisfied where-clause of the type, an
unknown allocator, ...): traitlogic must then refuse the goal with an error, never answer it.
Known disagreements are strict xfails with their reason: fixing one turns its xfail into a
failure, so the list below shrinks as the bugs are fixed.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from traitlogic import KBError, KnowledgeBase, TraitlogicError

sys.path.insert(0, str(Path(__file__).parent.parent / "scripts"))
import gen_regressions
import rustc_oracle

TSV = Path(__file__).parent / "data" / "regressions" / "expected.tsv"
ROWS = [line.split("\t") for line in TSV.read_text(encoding="utf-8").splitlines()[2:] if line]

KNOWN: dict[str, str] = {}


@pytest.fixture(scope="module")
def std_kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def _outcome(kb: KnowledgeBase, goal: str) -> str:
    try:
        return kb.ask(goal).answer
    except TraitlogicError:
        return "invalid"


@pytest.mark.parametrize("goal,expected", [
    pytest.param(g, e, marks=pytest.mark.xfail(strict=True, reason=KNOWN[g])) if g in KNOWN else (g, e)
    for g, e in ROWS
])
def test_agrees_with_rustc(std_kb: KnowledgeBase, goal: str, expected: str) -> None:
    assert _outcome(std_kb, goal) == expected


def test_known_list_names_only_corpus_goals() -> None:
    assert set(KNOWN) <= {g for g, _ in ROWS}


# -- auto-trait impls: which self types rustc allows (E0321, E0117) -----------------------------
IMPL_ROWS = [line.split("\t") for line in (TSV.parent / "impls_expected.tsv").read_text(encoding="utf-8")
             .splitlines()[2:] if line]
_ITEM_NAME = re.compile(r"\b(struct|enum|union|trait)\s+(\w+)")


def _kb_files(tmp_path: Path, line: str) -> list[tuple[Path, int]]:
    """The impl after the preamble as Rust source and as a YAML twin, each with the impl's line
    (a user's `auto trait`, nightly's, only in YAML: `--rust` does not read one)."""
    nightly = line.startswith(gen_regressions.NIGHTLY_MARK)
    items = [i for i in gen_regressions.preamble(str(TSV.parent / "impls_preamble.rs"), nightly).splitlines()
             if not i.startswith("#![")]
    impl = line.removeprefix(gen_regressions.NIGHTLY_MARK)
    rust = tmp_path / "impls.rs"
    rust.write_text("\n".join(items + [impl]) + "\n", encoding="utf-8")
    sections: dict[str, list[str]] = {"traits": [], "types": []}
    for item in items:
        m = _ITEM_NAME.search(item)
        assert m is not None, item
        sections["traits" if m.group(1) == "trait" else "types"].append(
            f"  - decl: {json.dumps(item)}\n    path: app::{m.group(2)}\n")
    text = "".join(f"{k}:\n{''.join(v)}" for k, v in sections.items() if v)
    yaml_path = tmp_path / "impls.yaml"
    yaml_path.write_text(text + f"impls:\n  - impl: {json.dumps(impl)}\n", encoding="utf-8")
    both = [(rust, len(items) + 1), (yaml_path, text.count("\n") + 2)]
    return both[1:] if nightly else both


@pytest.mark.parametrize("line,expected", IMPL_ROWS)
def test_auto_trait_impl_self_types_agree_with_rustc(tmp_path: Path, line: str, expected: str) -> None:
    for path, impl_line in _kb_files(tmp_path, line):
        kind = "rust" if path.suffix == ".rs" else "extra"
        if expected == "ok":
            KnowledgeBase.load(**{kind: [path]})
            continue
        with pytest.raises(KBError) as info:
            KnowledgeBase.load(**{kind: [path]})
        assert (info.value.file, info.value.line) == (str(path), impl_line), info.value.render()
        code = re.search(r"\(rustc: (E\d+)\)$", info.value.message)
        assert code is not None and code.group(1) in expected.split(","), info.value.render()


def test_impl_labels_are_rustcs() -> None:
    """Relabel both corpora with the installed rustc (stable and nightly) and compare."""
    if rustc_oracle.find_rustc() is None or rustc_oracle.find_rustc(gen_regressions.NIGHTLY) is None:
        pytest.skip("rustc (stable and nightly) not installed")
    assert gen_regressions.main(["--check"]) == 0
