"""`traitlogic add`: validated first, appended with comments kept, written atomically."""
from __future__ import annotations

import os

import pytest
from typer.testing import CliRunner

from traitlogic import KnowledgeBase, ParseError
from traitlogic.cli import app
from traitlogic.kb import edit

MINE = """\
# my types (this comment must survive)
types:
  # a box around a raw pointer
  - decl: "struct MyBox<T> { p: *mut T }"
    path: app::MyBox
# trailing comment
"""
runner = CliRunner()


@pytest.fixture
def mine(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(MINE)
    return path


def test_append_keeps_comments_and_order(mine):
    r = runner.invoke(app, ["add", str(mine), "unsafe impl<T: Send> Send for MyBox<T> {}"])
    assert r.exit_code == 0 and r.stdout.startswith(f"added to {mine}:")
    r = runner.invoke(app, ["add", str(mine), "struct Other { b: MyBox<u8> }"])
    assert r.exit_code == 0
    text = mine.read_text()
    assert text.startswith(MINE.split("# trailing")[0])  # everything before stays as it was
    assert "# trailing comment" in text and "# a box around a raw pointer" in text
    assert '  - decl: "struct Other { b: MyBox<u8> }"\n    path: mine::Other\n' in text
    assert 'impls:\n  - impl: "unsafe impl<T: Send> Send for MyBox<T> {}"\n' in text
    kb = KnowledgeBase.load(extra=[mine])
    assert kb.ask("Send(Other)").answer == "yes" and kb.ask("Sync(Other)").answer == "no"


@pytest.mark.parametrize("item, message", [
    ("unsafe impl Send for Nope {}", "unknown type `Nope`"),
    ("impl Send for MyBox<i32> {}", "`Send` is an unsafe trait"),
    ("struct MyBox { x: i32 } --path app::MyBox", "duplicate declaration"),
    ("fn f() {}", "expected one struct, enum, union, trait, type alias or trait impl"),
    ("struct Broken { x: Vec<i32 }", "syntax error"),
])
def test_an_invalid_item_leaves_the_file_byte_for_byte(mine, item, message):
    before = mine.read_bytes()
    item, *path = item.split(" --path ")
    r = runner.invoke(app, ["add", str(mine), item] + (["--path", path[0]] if path else []))
    assert r.exit_code == 2, r.stdout
    assert message in r.stderr and "Traceback" not in r.stderr
    assert mine.read_bytes() == before
    assert [n for n in sorted(os.listdir(mine.parent)) if n != ".mine.yaml.lock"] == ["mine.yaml"]  # no temp file left


def test_a_conflicting_impl_is_refused(mine):
    assert runner.invoke(app, ["add", str(mine), "unsafe impl<T> Send for MyBox<T> {}"]).exit_code == 0
    before = mine.read_bytes()
    r = runner.invoke(app, ["add", str(mine), "impl<T> !Send for MyBox<T> {}"])
    assert r.exit_code == 2 and "conflicts with" in r.stderr
    assert mine.read_bytes() == before


def test_an_error_in_the_item_points_into_the_item(mine):
    kb = KnowledgeBase.load()
    with pytest.raises(ParseError) as info:
        kb.add_to_file(mine, "unsafe impl Send for Nope {}")
    assert info.value.snippet.origin == "item" and info.value.render().endswith("^^^^")


def test_a_killed_write_never_leaves_a_broken_file(mine, monkeypatch):
    """Simulate the process dying after half of the new text is on disk."""
    before = mine.read_bytes()
    real_fdopen = os.fdopen

    class Dying:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()
            return False

        def write(self, text):
            self.fh.write(text[: len(text) // 2])
            self.fh.flush()
            raise KeyboardInterrupt  # the kill arrives mid-write

    monkeypatch.setattr(edit.os, "fdopen", lambda fd, *a, **k: Dying(real_fdopen(fd, *a, **k)))
    kb = KnowledgeBase.load()
    with pytest.raises(KeyboardInterrupt):
        kb.add_to_file(mine, "unsafe impl<T: Send> Send for MyBox<T> {}")
    assert mine.read_bytes() == before
    assert sorted(os.listdir(mine.parent)) == [".mine.yaml.lock", "mine.yaml"]


def test_a_new_file_is_created(tmp_path):
    path = tmp_path / "fresh.yaml"
    r = runner.invoke(app, ["add", str(path), "struct Job { data: Rc<u8> }"])
    assert r.exit_code == 0
    assert path.read_text() == 'types:\n  - decl: "struct Job { data: Rc<u8> }"\n    path: fresh::Job\n'
    assert KnowledgeBase.load(extra=[path]).ask("Send(Job)").answer == "no"


def test_inline_empty_section_becomes_a_block(tmp_path):
    path = tmp_path / "e.yaml"
    path.write_text("types: []  # none yet\n")
    assert runner.invoke(app, ["add", str(path), "struct A { x: i32 }"]).exit_code == 0
    assert path.read_text().startswith('types:\n  - decl: "struct A { x: i32 }"')


@pytest.mark.parametrize("key", ['"types"', "'types'", "types"])
def test_the_section_is_found_by_its_yaml_key_quoted_or_not(tmp_path, key):
    path = tmp_path / "q.yaml"
    path.write_text(f'{key}:   # mine\n  - decl: "struct A;"\n    path: q::A\n')
    assert runner.invoke(app, ["add", str(path), "struct B;"]).exit_code == 0
    assert path.read_text() == (f'{key}:   # mine\n  - decl: "struct A;"\n    path: q::A\n'
                                '  - decl: "struct B;"\n    path: q::B\n')  # one section, not a second `types:`


def test_the_entry_goes_after_the_last_entry_not_after_the_next_sections_comment(tmp_path):
    path = tmp_path / "b.yaml"
    head = 'types:\n    - decl: |\n        struct A { x: i32 }\n      path: b::A\n'
    tail = '# the impls\n"impls": []  # none yet\n'
    path.write_text(head + tail)
    assert runner.invoke(app, ["add", str(path), "struct B;"]).exit_code == 0
    assert path.read_text() == head + '    - decl: "struct B;"\n      path: b::B\n' + tail
    assert runner.invoke(app, ["add", str(path), "unsafe impl Send for B {}"]).exit_code == 0
    assert path.read_text().endswith('# the impls\n"impls":\n  - impl: "unsafe impl Send for B {}"\n')


def test_an_indentless_list_and_an_empty_section(tmp_path):
    path = tmp_path / "i.yaml"
    path.write_text('traits:\ntypes:\n- decl: "struct A;"\n  path: i::A\n')
    assert runner.invoke(app, ["add", str(path), "struct B;"]).exit_code == 0
    assert runner.invoke(app, ["add", str(path), "trait T {}"]).exit_code == 0
    assert path.read_text() == ('traits:\n  - decl: "trait T {}"\n    path: i::T\n'
                                'types:\n- decl: "struct A;"\n  path: i::A\n- decl: "struct B;"\n  path: i::B\n')


def test_an_empty_flow_section_over_two_lines_becomes_a_block(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text("types: [\n]\nimpls: []\n")
    assert runner.invoke(app, ["add", str(path), "struct A;"]).exit_code == 0
    assert path.read_text() == 'types:\n  - decl: "struct A;"\n    path: f::A\nimpls: []\n'
