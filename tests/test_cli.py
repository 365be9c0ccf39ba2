"""The `traitlogic` command through typer's CliRunner: exit codes, output formats, batches."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from traitlogic.cli import app

runner = CliRunner()


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def test_ask_yes_exits_0_with_a_tree():
    r = run("ask", "Send(Arc<Mutex<i32>>)")
    assert r.exit_code == 0
    first = r.stdout.splitlines()[0]
    assert first == "yes — `Arc<Mutex<i32>>: Send`"
    assert "✓ Mutex<i32>: Sync  [impl-positive]  (where `T: Sync`)" in r.stdout


def test_ask_no_exits_1_with_the_chain():
    r = run("ask", "Arc<Rc<i32>>: Send")
    assert r.exit_code == 1
    assert r.stdout.splitlines()[0] == "no — `Arc<Rc<i32>>: Send`"
    assert "✗ Rc<i32>: Sync  [impl-negative]  (where `T: Sync`)" in r.stdout
    assert "impl<T, A> !Sync for Rc<T, A>" in r.stdout


def test_ask_json_follows_the_contract():
    r = run("ask", "Send(Arc<Rc<i32>>)", "--format", "json")
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    assert set(data) == {"goal", "trait", "type", "holds", "answer", "conditions", "suggestions", "remedy", "proof"}
    assert data["conditions"] == [] and data["remedy"] is None
    assert data["suggestions"] == [{"type": "std::sync::Arc<std::sync::Arc<i32>>", "change": "`Rc<i32>` -> `Arc<i32>`",
                                    "at": None}]
    assert (data["goal"], data["trait"], data["type"], data["holds"], data["answer"]) == (
        "Send(Arc<Rc<i32>>)", "Send", "Arc<Rc<i32>>", False, "no")
    node = data["proof"]
    assert {"goal", "holds", "rule", "source", "children"} <= set(node)
    assert node["children"][0]["goal"] == "Rc<i32>: Sync"
    assert node["children"][0]["rule"] == "impl-negative"


def test_ask_dot_is_a_graph():
    r = run("ask", "Send(Arc<Mutex<i32>>)", "--format", "dot")
    assert r.exit_code == 0
    assert r.stdout.startswith("digraph proof {") and "->" in r.stdout


def test_slices_survive_text_output():
    r = run("ask", "Sync(&[u8])")
    assert r.exit_code == 0
    assert "&[u8]: Sync" in r.stdout


def test_bad_goal_exits_2_with_a_caret_and_no_traceback():
    r = run("ask", "Send(Box<i32)")
    assert r.exit_code == 2
    assert r.stdout == ""
    assert "Traceback" not in r.stderr
    assert r.stderr.splitlines()[0] == "error: unclosed generic arguments: expected `>`"
    assert r.stderr.splitlines()[-1].strip().endswith("^")


def test_check_writes_one_json_line_per_goal_in_order(tmp_path):
    goals = tmp_path / "goals.txt"
    goals.write_text("# a comment\nSend(Rc<i32>)\n\nSync(Arc<i32>)\nSend(Vec<Foo>)\n")
    r = run("check", str(goals))
    assert r.exit_code == 2  # one line could not be read
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert [line["goal"] for line in lines] == ["Send(Rc<i32>)", "Sync(Arc<i32>)", "Send(Vec<Foo>)"]
    assert lines[0]["answer"] == "no" and lines[1]["answer"] == "yes"
    assert "proof" not in lines[0]
    assert set(lines[2]) == {"goal", "error"} and "unknown type `Foo`" in lines[2]["error"]


def test_check_reads_stdin_and_adds_proofs():
    r = run("check", "-", "--proofs", input="Send(i32)\nSend(*const u8)\n")
    assert r.exit_code == 0
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert [line["holds"] for line in lines] == [True, False]
    assert lines[1]["proof"]["rule"] == "impl-negative"


def test_check_missing_file_exits_2():
    r = run("check", "/nonexistent/goals.txt")
    assert r.exit_code == 2
    assert "cannot read goals file" in r.stderr


def test_extra_kb_file_on_the_command_line(tmp_path):
    kb = tmp_path / "mine.yaml"
    kb.write_text('types:\n  - decl: "struct Config { cache: RefCell<Vec<u8>> }"\n    path: app::Config\n'
                  '    source: "src/config.rs:3"\n')
    r = run("ask", "Sync(Config)", "--kb", str(kb))
    assert r.exit_code == 1
    assert "✗ RefCell<Vec<u8>>: Sync  [impl-negative]  (field `cache`)" in r.stdout


def test_usage_error_exits_2():
    r = run("ask")
    assert r.exit_code == 2


def test_show_gives_the_row_for_every_auto_trait():
    r = run("show", "Arc<Cell<i32>>")
    assert r.exit_code == 1  # like `ask`: some trait fails
    lines = r.stdout.splitlines()
    assert lines[0] == "Arc<Cell<i32>>"
    assert [line.split()[:2] for line in lines[1:]] == [
        ["Send", "no"], ["Sync", "no"], ["Unpin", "yes"], ["UnwindSafe", "no"], ["RefUnwindSafe", "no"]]
    assert "because `Cell<i32>: Sync` fails: impl<T> !Sync for Cell<T>" in lines[1]


def test_show_json():
    r = run("show", "PhantomPinned", "--format", "json")
    assert r.exit_code == 1  # `Unpin` fails
    data = json.loads(r.stdout)
    assert data["type"] == "PhantomPinned"
    row = {t["trait"]: t for t in data["traits"]}
    assert row["Unpin"]["answer"] == "no" and "impl !Unpin for PhantomPinned" in row["Unpin"]["reason"]
    assert row["Send"] == {"trait": "Send", "holds": True, "answer": "yes", "conditions": [], "reason": ""}


def test_show_bad_type_exits_2():
    r = run("show", "Vec<Weak<i32>>")
    assert r.exit_code == 2 and "`Weak` is ambiguous" in r.stderr


def test_an_unknown_rule_gets_the_closest_name_as_type_names_do():
    r = run("rules", "impl-postive")
    assert r.exit_code == 2
    assert "unknown rule `impl-postive`; did you mean `impl-positive`?" in r.output
    far = run("rules", "zzz")
    assert far.exit_code == 2 and "did you mean" not in far.output


def test_show_of_an_ill_formed_projection_is_an_error_never_a_yes():
    # rustc: `Wrapping<AtomicIsize>` is not Clone, so `ToOwned` does not apply (E0277)
    r = run("show", "<Wrapping<AtomicIsize> as ToOwned>::Owned")
    assert r.exit_code == 2
    assert "yes" not in r.stdout and "(rustc: E0277)" in r.stdout
    ok = run("show", "<str as ToOwned>::Owned")
    assert ok.exit_code == 0 and ok.stdout.splitlines()[0] == "String"
