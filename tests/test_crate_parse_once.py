"""A crate's first read parses each file once: its items are read from the file's tree (not
parsed again from their text), and an item that fails reports the same error, with its caret
in the item's text, as when read from the text."""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from traitlogic.api import KnowledgeBase
from traitlogic.core.errors import KBError
from traitlogic.kb.build import build
from traitlogic.kb.entry import Entry
from traitlogic.syntax import tree as syntax_tree

LIB = """#[macro_export]
macro_rules! make { ($n:ident) => { pub struct $n { pub x: u8 } }; }
pub mod a;
pub struct Plain { pub x: u8, pub y: Vec<u8> }
pub struct Tuple(pub *mut u8);
unsafe impl Send for Tuple {}
pub enum E { One(u8), #[cfg(feature = "off")] Two(std::rc::Rc<u8>) }
make!(Made);
"""
A = "pub struct Inner<T> { pub t: T }\n"


class _Counting:
    def __init__(self, real: Any, seen: Counter[bytes]):
        self.real, self.seen = real, seen

    def parse(self, data: bytes) -> Any:
        self.seen[data] += 1
        return self.real.parse(data)


def test_each_file_is_parsed_once_and_its_items_not_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    KnowledgeBase.load().ask("Send(u8)")  # std from the cache, as before any crate
    root = tmp_path / "c"
    (root / "src").mkdir(parents=True)
    (root / "Cargo.toml").write_text('[package]\nname = "po"\nversion = "0.1.0"\nedition = "2021"\n')
    (root / "src" / "lib.rs").write_text(LIB)
    (root / "src" / "a.rs").write_text(A)
    seen: Counter[bytes] = Counter()
    real = syntax_tree._parser()
    monkeypatch.setattr(syntax_tree, "_parser", lambda: _Counting(real, seen))
    kb = KnowledgeBase.load(crate=root)
    assert seen[LIB.encode()] == 1 and seen[A.encode()] == 1
    for item in ("pub struct Plain { pub x: u8, pub y: Vec<u8> }", "pub struct Tuple(pub *mut u8);",
                 "unsafe impl Send for Tuple {}", "pub struct Inner<T> { pub t: T }"):
        assert not any(item.encode() in data for data in seen if data not in (LIB.encode(), A.encode())), item
    assert sum(1 for data in seen if b"pub struct Made" in data) == 1  # the expansion, parsed once
    assert [kb.ask(g).holds for g in ("Send(po::Plain)", "Send(po::Tuple)", "Sync(po::Tuple)", "Send(po::E)",
                                      "Send(po::Made)", "Send(po::a::Inner<std::rc::Rc<u8>>)")] == \
        [True, True, False, True, True, False]
    assert not kb.warnings


def test_an_item_read_from_its_files_tree_fails_as_from_its_text() -> None:
    text = "pub struct Bad { pub x: Nope }"
    file = f"pub struct Fine;\n// a comment that moves the item in its file\n{text}\n"
    parsed, data = syntax_tree.parse(file)
    node = syntax_tree.items_of(parsed.root_node)[-1]
    assert data[node.start_byte:node.end_byte] == text.encode()

    def fail(tree: Any) -> KBError:
        e = Entry("types", {"decl": text, "path": "x::Bad"}, {"decl": 3}, 3, "f.rs", tree=tree)
        with pytest.raises(KBError) as err:
            build([e])
        return err.value

    plain, from_tree = fail(None), fail((node, data))
    assert from_tree.message == plain.message and "Nope" in plain.message
    assert from_tree.render() == plain.render()
    assert plain.detail is not None and from_tree.detail is not None
    assert (from_tree.detail.start, from_tree.detail.end) == (plain.detail.start, plain.detail.end) == (24, 28)


def test_files_read_as_bytes_keep_reads_newlines_and_errors(tmp_path: Path) -> None:
    root = tmp_path / "c"
    (root / "src").mkdir(parents=True)
    (root / "Cargo.toml").write_text('[package]\nname = "nl"\nversion = "0.1.0"\nedition = "2021"\n')
    lib = "macro_rules! make {\r\n ($n:ident) => { pub struct $n { pub x: std::rc::Rc<u8> } };\r\n}\r\n" \
          "make!(Made);\r\npub struct S {\r\n pub x: u8,\r\n}\rpub mod bad;\r\n"
    (root / "src" / "lib.rs").write_bytes(lib.encode())
    (root / "src" / "bad.rs").write_bytes(b"pub struct B { x: u8 } // \xff\n")
    kb = KnowledgeBase.load(crate=root)
    assert kb.ask("Send(nl::S)").holds is True and kb.ask("Send(nl::Made)").holds is False
    with pytest.raises(UnicodeDecodeError) as err:
        (root / "src" / "bad.rs").read_text(encoding="utf-8")
    assert kb.warnings == [f"{root / 'src' / 'bad.rs'}: cannot read: {err.value}"]
