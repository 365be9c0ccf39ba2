"""Issue 10: never lost data (`add`), the library's manners, the CLI as Unix users expect,
and never a crash (one line on stderr, exit 2)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import traitlogic
from traitlogic import KnowledgeBase
from traitlogic.cli import app

runner = CliRunner()
BASE = 'types:\n  - decl: "struct Base;"\n    path: mine::Base\n'


def _cli(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None,
         stdout: int | None = subprocess.PIPE) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "traitlogic", *args], input=stdin, stdout=stdout,
                          stderr=subprocess.PIPE, env={**os.environ, **(env or {})}, timeout=120,
                          check=False)


# -- add: never lost data ---------------------------------------------------------------------
def test_twenty_concurrent_adds_keep_every_item(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(BASE)
    procs = [subprocess.Popen([sys.executable, "-m", "traitlogic", "add", str(mine), f"struct S{i};"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for i in range(20)]
    for p in procs:
        assert p.wait(timeout=300) == 0, p.stderr.read() if p.stderr else ""
    decls = [t["decl"] for t in yaml.safe_load(mine.read_text())["types"]]
    assert sorted(decls) == sorted(["struct Base;"] + [f"struct S{i};" for i in range(20)])


def test_a_symlinked_file_stays_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text(BASE)
    link = tmp_path / "mine.yaml"
    link.symlink_to(real)
    assert runner.invoke(app, ["add", str(link), "struct Other;"]).exit_code == 0
    assert link.is_symlink() and "struct Other;" in real.read_text()


def test_a_read_only_file_is_refused_and_unchanged(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(BASE)
    mine.chmod(0o444)
    r = runner.invoke(app, ["add", str(mine), "struct Other;"])
    assert r.exit_code == 2 and "read-only" in r.stderr
    assert mine.read_text() == BASE


def test_mode_and_crlf_are_kept(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_bytes(BASE.replace("\n", "\r\n").encode())
    mine.chmod(0o640)
    assert runner.invoke(app, ["add", str(mine), "struct Other;"]).exit_code == 0
    data = mine.read_bytes()
    assert b"struct Other;" in data and data.count(b"\n") == data.count(b"\r\n")
    assert mine.stat().st_mode & 0o777 == 0o640


def test_a_flow_style_section_is_refused_with_its_line_never_duplicated(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    text = '# mine\ntypes: [{decl: "struct A;", path: mine::A}]\n'
    mine.write_text(text)
    r = runner.invoke(app, ["add", str(mine), "struct B;"])
    assert r.exit_code == 2 and f"{mine}:2:" in r.stderr and "flow style" in r.stderr
    assert mine.read_text() == text


def test_add_expands_derives_as_rust_does(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    r = runner.invoke(app, ["add", str(mine), "#[derive(Clone)] struct X<T>(T);"])
    assert r.exit_code == 0, r.stderr
    data = yaml.safe_load(mine.read_text())
    assert data["types"] == [{"decl": "struct X<T>(T);", "path": "mine::X"}]
    assert data["impls"] == [{"impl": "impl<T: Clone> Clone for X<T> {}"}]


# -- the library ------------------------------------------------------------------------------
def test_to_json_is_a_str_and_to_dict_a_dict(std_kb: KnowledgeBase) -> None:
    a = std_kb.ask("Send(Rc<i32>)")
    assert json.loads(a.to_json()) == a.to_dict() and isinstance(a.to_dict(), dict)


def test_ask_many_takes_any_iterable_and_refuses_a_str(std_kb: KnowledgeBase) -> None:
    def goals() -> Iterator[str]:
        yield "Send(i32)"
        yield "Send(Rc<i32>)"

    assert [a.holds for a in std_kb.ask_many(goals())] == [True, False]  # type: ignore[union-attr]
    with pytest.raises(TypeError):
        std_kb.ask_many("Send(i32)")
    with pytest.raises(TypeError):
        std_kb.ask(42)  # type: ignore[arg-type]


def test_load_takes_one_path(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(BASE)
    assert KnowledgeBase.load(extra=mine).ask("Send(mine::Base)").holds
    assert KnowledgeBase.load(extra=str(mine)).ask("Send(mine::Base)").holds


def test_errors_are_exported_and_repr_is_clean(std_kb: KnowledgeBase) -> None:
    for name in ("TraitlogicError", "ParseError", "KBError", "UsageError"):
        assert issubclass(getattr(traitlogic, name), Exception) and name in traitlogic.__all__
    assert repr(std_kb.ask("Send(Rc<i32>)")) == "Answer(goal='Send(Rc<i32>)', holds=False)"


def test_proof_nodes_carry_the_goal_as_displayed(std_kb: KnowledgeBase) -> None:
    proof = std_kb.ask("Send(Arc<Rc<i32>>)").proof
    assert proof.shown == "Arc<Rc<i32>>: Send"
    assert proof.children[0].shown == "Rc<i32>: Sync"


def test_twenty_threads_adding_rust_lose_nothing() -> None:
    kb = KnowledgeBase.load()
    threads = [threading.Thread(target=kb.add_rust, args=(f"pub struct T{i};",)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(kb.ask(f"Send(T{i})").holds for i in range(20))


# -- the CLI ----------------------------------------------------------------------------------
def test_version_and_completion() -> None:
    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0 and r.stdout == f"traitlogic {traitlogic.__version__}\n"
    assert "--show-completion" in runner.invoke(app, ["--help"]).stdout


def test_ask_json_reports_errors_on_stdout() -> None:
    r = runner.invoke(app, ["ask", "Send(Nope)", "-f", "json"])
    assert r.exit_code == 2
    out = json.loads(r.stdout)
    assert out["goal"] == "Send(Nope)" and out["error"].startswith("unknown type `Nope`")


def test_show_exits_like_ask() -> None:
    assert runner.invoke(app, ["show", "i32"]).exit_code == 0
    assert runner.invoke(app, ["show", "Rc<i32>"]).exit_code == 1


def test_check_takes_trailing_comments_a_bom_and_names_bad_bytes(tmp_path: Path) -> None:
    goals = tmp_path / "goals.txt"
    goals.write_bytes("\ufeffSend(i32)  # an int\nSync(Rc<i32>) # no\n".encode())
    r = runner.invoke(app, ["check", str(goals)])
    assert r.exit_code == 0, r.stderr
    assert [json.loads(line)["answer"] for line in r.stdout.splitlines()] == ["yes", "no"]
    goals.write_bytes(b"Send(i32)\nSend(\xff)\n")
    r = runner.invoke(app, ["check", str(goals)])
    assert r.exit_code == 2 and f"{goals}:2: not UTF-8" in r.stderr


def test_brief_and_depth() -> None:
    r = runner.invoke(app, ["ask", "Send(Arc<Rc<i32>>)", "--brief"])
    assert r.exit_code == 1 and len(r.stdout.splitlines()) == 2
    assert r.stdout.splitlines()[1].startswith("because `Rc<i32>: Sync` fails")
    r = runner.invoke(app, ["ask", "Send(Arc<Mutex<i32>>)", "--depth", "1"])
    assert r.exit_code == 0 and "… 1 more below (--depth 1)" in r.stdout
    assert "Cell" not in r.stdout and "i32: Send" not in r.stdout


def test_no_colour_codes_when_asked_or_not_a_terminal() -> None:
    for env in ({"NO_COLOR": "1", "FORCE_COLOR": ""}, {"FORCE_COLOR": "", "NO_COLOR": ""}):
        r = _cli("ask", "--bogus", "x", env=env)
        assert r.returncode == 2 and b"\x1b[" not in r.stderr
        r = _cli("ask", "Send(i32)", env=env)
        assert b"\x1b[" not in r.stdout
    assert b"\x1b[" in _cli("ask", "Send(i32)", env={"FORCE_COLOR": "1", "NO_COLOR": ""}).stdout


# -- never a crash ----------------------------------------------------------------------------
def test_ascii_terminal_gets_an_ascii_tree() -> None:
    r = _cli("ask", "Send(Arc<Rc<i32>>)", env={"PYTHONIOENCODING": "ascii"})
    assert r.returncode == 1 and b"Traceback" not in r.stderr
    r.stdout.decode("ascii")
    assert b"- Rc<i32>: Sync  [impl-negative]" in r.stdout


def test_closed_stdout_and_stdin_are_errors_not_answers() -> None:
    r = subprocess.run(f"{sys.executable} -m traitlogic ask 'Send(i32)' >&-", shell=True,
                       capture_output=True, timeout=120, check=False)
    assert r.returncode == 2 and b"Traceback" not in r.stderr and b"error:" in r.stderr
    r = subprocess.run(f"{sys.executable} -m traitlogic check - <&-", shell=True,
                       capture_output=True, timeout=120, check=False)
    assert r.returncode == 2 and b"Traceback" not in r.stderr


def test_an_unexpected_exception_is_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    from traitlogic import cli

    for exc in (RuntimeError("boom"), MemoryError()):
        def broken(*a: object, _exc: BaseException = exc, **k: object) -> None:
            raise _exc

        monkeypatch.setattr(cli, "app", broken)
        monkeypatch.setattr(cli.os, "_exit", lambda code: (_ for _ in ()).throw(SystemExit(code)))
        with pytest.raises(SystemExit) as stop:
            cli.main()
        assert stop.value.code == 2
        err = capsys.readouterr().err
        assert len(err.splitlines()) == 1 and err.startswith("error: ")
    assert "internal error" not in err  # MemoryError says what happened


def test_a_big_kb_file_shows_progress(tmp_path, monkeypatch) -> None:
    """A big YAML file says it is being read, and a big build reports each tenth (the CLI
    prints these on stderr); the thresholds are lowered here instead of writing 50 MB."""
    from traitlogic.kb import load as kb_load

    monkeypatch.setattr(kb_load, "BIG_FILE", 1_000)
    monkeypatch.setattr(kb_load, "BIG_BUILD", 100)
    big = tmp_path / "big.yaml"
    big.write_text("types:\n" + "".join(f'  - decl: "pub struct T{i} {{ a: u8 }}"\n    path: "big::T{i}"\n'
                                         for i in range(200)))
    heard: list[str] = []
    kb = KnowledgeBase.load(extra=[big], progress=heard.append)
    assert kb.ask("Send(big::T7)").answer == "yes"
    assert heard[0].startswith(f"reading {big} (") and heard[1] == f"read {big}: 200 entries"
    assert [h for h in heard if h.startswith("building:")][-1] == "building: 200 of 200 declarations"
    assert len([h for h in heard if h.startswith("building:")]) == 10
