"""Bad input: one clear message pointing at the spot, exit 2, never a traceback or a hang."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from traitlogic import KBError, KnowledgeBase, ParseError, TraitlogicError
from traitlogic.cli import app

runner = CliRunner()


def caret_of(message: str) -> tuple[str, str]:
    """The source line and caret line of a rendered error."""
    lines = message.splitlines()
    return lines[-2].split("| ", 1)[1], lines[-1].split("| ", 1)[1]


@pytest.mark.parametrize("goal, message, marked", [
    ("Send(Box<i32)", "unclosed generic arguments: expected `>`", ")"),
    ("Send(Vec<Foo>)", "unknown type `Foo`", "Foo"),
    ("Send(Vec::<Foo>)", "unknown type `Foo`", "Foo"),
    ("Send(Box<dyn for<'a> Frob(&'a u8)>)", "unknown trait `Frob`", "Frob"),
    ("Frob(i32)", "unknown trait `Frob`", "Frob"),
    ("Send(Mutx<i32>)", "unknown type `Mutx`: did you mean `Mutex`?", "Mutx"),
    ("Send(std::sync::Mutx<i32>)", "unknown type `std::sync::Mutx`: did you mean `std::sync::Mutex`?",
     "std::sync::Mutx"),
    ("send(i32)", "unknown trait `send`: did you mean `Send`?", "send"),
    ("Sinc(i32)", "unknown trait `Sinc`: did you mean `Sync`?", "Sinc"),
    ("Send(Box<dyn Sendd>)", "unknown trait `Sendd`: did you mean `Send`?", "Sendd"),
    ("Clone(i32)", "`Clone` is not an auto trait", "Clone"),
    ("Send(Weak<i32>)", "`Weak` is ambiguous: it could be `std::rc::Weak`, `std::sync::Weak`", "Weak"),  # answers differ
    ("Send(Vec<i32, Global, u8>)", "wrong number of type arguments: `Vec` takes 1 to 2 type arguments, found 3",
     "Vec<i32, Global, u8>"),
    ("Send(Arc<>)", "expected a type", ">"),
    ("Send(&)", "expected a type", ")"),
    ("Send(Arc<i32 i32>)", "unexpected `i32`", "i32"),
    ("Sync(u8<u8>)", "type arguments are not allowed on builtin type `u8` (rustc: E0109)", "u8<u8>"),
    ("Send(Vec<str<u8>>)", "type arguments are not allowed on builtin type `str` (rustc: E0109)", "<str<u8>>"),
    ("Send(a::u8<u8>)", "unknown type `a::u8`", "a::u8"),  # a path's last segment is no builtin
    (";: Sync", "unexpected `;`", ";"),  # (was "unexpected `=`")
    ("Send(Vec<u8>; u8)", "unexpected `;`", ";"),  # (was "expected exactly one item")
    ("Send(u8;)", "unexpected `;`", ";"),
    ("Send(!..Vec)", "unexpected `..Vec`", "."),  # (was "expected `;`": the reader's wrapper)
    ("Send(Vec<str>)", "the size for values of type `str` cannot be known at compile time", "str"),
    ("Send(Box<Any>)", "`Any` is a trait, not a type: write `dyn Any`", "Any"),
    ("Send(Arc<i32>", "unclosed goal: expected `)` at the end", None),
    ("Arc<i32>", "expected a goal like `Send(T)` or `T: Send`", None),
    ("Rc<i32>: ", "expected a trait after `:`", ":"),
    ("Send(*u8)", None, None),
    ("Send()", "expected a type, found nothing", None),
])
def test_bad_goals(std_kb, goal, message, marked):
    with pytest.raises(ParseError) as info:
        std_kb.ask(goal)
    rendered = info.value.render()
    if message:
        assert rendered.startswith(f"error: {message}"), rendered
    assert rendered.count("\n") >= 4  # message, location, gutter, source line, caret
    source, caret = caret_of(rendered)
    assert source == goal
    start = caret.index("^")
    if marked:
        assert source[start:start + len(caret.strip())] == marked, rendered


def test_an_unknown_name_far_from_every_known_one_gets_no_suggestion(std_kb):
    for goal, message in (("Send(Vec<Foo>)", "unknown type `Foo`"), ("Frob(i32)", "unknown trait `Frob`")):
        with pytest.raises(ParseError) as info:
            std_kb.ask(goal)
        assert info.value.message == message  # `Frob` is near `From`, which is no auto trait


def test_platform_modules_never_compete_for_a_short_name(std_kb):
    portable = std_kb.parse_goal("Sync(std::net::SocketAddr)")
    for short in ("SocketAddr", "net::SocketAddr"):
        assert std_kb.parse_goal(f"Sync({short})") == portable
    assert std_kb.ask("Sync(SocketAddr)").proof.shown == "SocketAddr: Sync"
    unix = std_kb.parse_goal("Sync(std::os::unix::net::SocketAddr)")
    assert std_kb.parse_goal("Sync(unix::net::SocketAddr)") == unix != portable
    assert std_kb.ask("Sync(std::os::unix::net::SocketAddr)").proof.shown == "unix::net::SocketAddr: Sync"


def test_cli_bad_goal_is_one_message_and_exit_2():
    r = runner.invoke(app, ["ask", "Send(Vec<Foo>)"])
    assert r.exit_code == 2
    assert r.stderr.startswith("error: unknown type `Foo`")
    assert "Traceback" not in r.stderr and r.stdout == ""


def test_very_deep_type_is_answered(std_kb):
    n = 3000
    a = std_kb.ask("Send(" + "Box<" * n + "i32" + ">" * n + ")")
    assert a.answer in ("yes", "overflow")
    assert len(a.text()) > 0 and a.to_dict()["answer"] == a.answer


def test_a_goal_nested_20000_deep_answers_in_linear_memory():
    """The CLI's peak RSS, measured by a fresh parent of it alone: was 1 GB (every subterm's
    text kept whole), now ~55 MB; the bound leaves generous headroom."""
    n = 20_000
    goal = "Send(" + "Box<" * n + "i32" + ">" * n + ")"
    probe = ("import resource, subprocess, sys\n"
             "r = subprocess.run([sys.executable, '-m', 'traitlogic', 'ask', sys.argv[1]], capture_output=True)\n"
             "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.stdout[:30].decode())")
    out = subprocess.run([sys.executable, "-c", probe, goal], check=True, capture_output=True, text=True,
                         timeout=300, env=os.environ.copy()).stdout.split(" ", 2)
    assert out[0] == "3" and out[2].startswith("overflow — `Box<Box<"), out
    assert int(out[1]) < 250 * 1024, f"peak RSS {int(out[1]) // 1024} MB"


def test_every_subterm_of_a_deep_type_is_shown_right(std_kb):
    n = 300
    ty = std_kb.parse_goal("Send(" + "Vec<Option<" * n + "u8" + ">>" * n + ")").ty
    subterms = [ty]
    while subterms[-1].args:
        subterms.append(subterms[-1].args[0])
    texts = [std_kb.decls.show(s) for s in subterms]  # the root first: the others from its memo
    for k, text in enumerate(texts[:-1]):
        inner = n - k // 2 - k % 2
        nested = "Vec<Option<" * inner + "u8" + ">>" * inner
        assert text == (nested if k % 2 == 0 else f"Option<{nested}>"), k
    assert texts[-1] == "u8"


def test_very_deep_unclosed_type_points_at_the_end(std_kb):
    goal = "Send(" + "Box<" * 500 + "i32" + ">" * 499 + ")"
    with pytest.raises(ParseError) as info:
        std_kb.ask(goal)
    assert "expected `>`" in info.value.message


# -- knowledge-base files ---------------------------------------------------------------------
def load_yaml(tmp_path, text: str) -> KBError:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(KBError) as info:
        KnowledgeBase.load(extra=[path])
    assert info.value.file == str(path)
    return info.value


def test_yaml_syntax_error_has_file_and_line(tmp_path):
    err = load_yaml(tmp_path, "types:\n  - decl: \"struct A\"\n    path: [unclosed\n")
    assert err.line in (3, 4) and "invalid YAML" in err.message


def test_yaml_python_tag_is_refused(tmp_path):
    err = load_yaml(tmp_path, "types:\n  - !!python/object/apply:os.system [\"echo pwned\"]\n")
    assert err.line == 2 and "is not allowed" in err.message


def test_unknown_key_is_reported(tmp_path):
    err = load_yaml(tmp_path, 'types:\n  - decl: "struct A { x: i32 }"\n    path: a::A\n    feilds: private\n')
    assert err.line == 4 and "unknown key `feilds`" in err.message


def test_impl_for_unknown_type_points_into_the_impl(tmp_path):
    err = load_yaml(tmp_path, 'impls:\n  - impl: "unsafe impl Send for Nope {}"\n')
    assert err.line == 2 and err.message == "unknown type `Nope`"
    assert "^^^^" in err.render()


def test_conflicting_impls_are_caught(tmp_path):
    err = load_yaml(tmp_path, 'types:\n  - decl: "struct A { x: i32 }"\n    path: a::A\n'
                              'impls:\n  - impl: "unsafe impl Send for A {}"\n  - impl: "impl !Send for A {}"\n')
    assert err.line == 6 and "conflicts with" in err.message


def test_duplicate_declaration_is_caught(tmp_path):
    err = load_yaml(tmp_path, 'types:\n  - decl: "struct A { x: i32 }"\n    path: a::A\n'
                              '  - decl: "struct A { y: u8 }"\n    path: a::A\n')
    assert err.line == 5 and "duplicate declaration" in err.message


def test_wrong_arity_in_a_field_is_caught(tmp_path):
    err = load_yaml(tmp_path, 'types:\n  - decl: "struct A { x: Vec<i32, u8, u8> }"\n    path: a::A\n')
    assert err.line == 2 and "wrong number of type arguments" in err.message


def test_rust_syntax_error_in_a_decl(tmp_path):
    err = load_yaml(tmp_path, 'types:\n  - decl: "struct A { x: Vec<i32 }"\n    path: a::A\n')
    assert err.line == 2 and "expected `>`" in err.message


def test_missing_file(tmp_path):
    with pytest.raises(KBError) as info:
        KnowledgeBase.load(extra=[tmp_path / "nope.yaml"])
    assert "cannot read" in info.value.message


def test_cli_kb_error_is_exit_2(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("impls:\n  - impl: \"unsafe impl Send for Nope {}\"\n")
    r = runner.invoke(app, ["ask", "Send(i32)", "--kb", str(path)])
    assert r.exit_code == 2
    assert r.stderr.startswith(f"error: {path}:2: unknown type `Nope`")
    assert "Traceback" not in r.stderr


def test_an_undecidable_projection_is_an_error_not_a_guess(tmp_path):
    path = tmp_path / "proj.yaml"
    path.write_text(
        'traits:\n  - decl: "trait Source { type Item; }"\n    path: app::Source\n'
        'types:\n  - decl: "struct Pipe<I>"\n    path: app::Pipe\n    fields: private\n'
        '  - decl: "struct Gen { x: i32 }"\n    path: app::Gen\n'
        'impls:\n  - impl: "unsafe impl<I> Send for Pipe<I> where <I as Source>::Item: Send {}"\n'
        + "".join(f'  - impl: "{u}impl<I> {t} for Pipe<I> {{}}"\n'
                  for u, t in (("unsafe ", "Sync"), ("", "Unpin"), ("", "UnwindSafe"), ("", "RefUnwindSafe"))))
    kb = KnowledgeBase.load(extra=[path])
    with pytest.raises(TraitlogicError, match=r"cannot decide `Pipe<Gen>: Send`: `<Gen as Source>::Item` cannot be"):
        kb.ask("Send(Pipe<Gen>)")
    assert kb.ask("Sync(Pipe<Gen>)").answer == "yes"
    r = runner.invoke(app, ["ask", "Send(Pipe<Gen>)", "--kb", str(path)])
    assert r.exit_code == 2 and "Traceback" not in r.stderr


@pytest.mark.parametrize("impl, message", [
    ("impl Send for A {}", "`Send` is an unsafe trait: write `unsafe impl` (rustc: E0200)"),
    ("unsafe impl Unpin for A {}", "`Unpin` is not an unsafe trait: write `impl`, not `unsafe impl` (rustc: E0199)"),
    ("unsafe impl !Send for A {}", "negative impls cannot be `unsafe`"),
])
def test_impl_unsafety_is_checked(tmp_path, impl, message):
    err = load_yaml(tmp_path, f'types:\n  - decl: "struct A {{ x: i32 }}"\n    path: a::A\nimpls:\n  - impl: "{impl}"\n')
    assert err.line == 5 and err.message == message


def _cli_kb(path) -> subprocess.CompletedProcess[str]:
    """`traitlogic ask Send(i32) --kb PATH` in a subprocess; the timeout bounds a hang (the alias
    bomb below took 113 s of CPU before its expansion was bounded)."""
    return subprocess.run([sys.executable, "-m", "traitlogic", "ask", "Send(i32)", "--kb", str(path)],
                          check=False, capture_output=True, text=True, timeout=20, env=os.environ.copy())


def test_yaml_alias_bomb_is_refused_quickly(tmp_path):
    laughs = ["a0: &a0 [" + ", ".join(['"lol"'] * 9) + "]"]
    laughs += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(laughs) + "\ntypes: *a8\n")
    assert path.stat().st_size < 600
    r = _cli_kb(path)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith(f"error: {path}:9: YAML aliases expand this file by "), r.stderr
    assert "Traceback" not in r.stderr


def test_yaml_recursive_alias_is_refused(tmp_path):
    path = tmp_path / "rec.yaml"
    path.write_text('types:\n  - decl: "struct A;"\n    path: a::A\n    also: &r [*r]\n')
    r = _cli_kb(path)
    assert r.returncode == 2
    assert r.stderr.startswith(f"error: {path}:4: recursive YAML alias"), r.stderr


def test_yaml_small_aliases_are_read(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text('types:\n  - decl: "struct A;"\n    path: a::A\n    source: &s "src/a.rs:1"\n'
                    '  - decl: "struct B(std::rc::Rc<u8>);"\n    path: a::B\n    source: *s\n')
    kb = KnowledgeBase.load(extra=[path])
    assert kb.ask("Send(A)").answer == "yes" and kb.ask("Send(B)").answer == "no"


def test_an_ambiguous_std_name_with_one_answer_is_answered_with_a_note(std_kb):
    """`Write` is `std::io::Write` or `std::fmt::Write`: `Box<dyn Write>` is not Send either way."""
    a = std_kb.ask("Send(Box<dyn Write>)")
    assert a.answer == "no"
    assert a.notes == [("the goal is ambiguous; every reading gives this answer: `Box<dyn fmt::Write>`, "
                        "`Box<dyn io::Write>`")]
    assert std_kb.ask("Send(Weak<std::cell::Cell<u8>>)").answer == "no"  # rc and sync Weak: both no


def test_aliases_of_one_type_are_one_reading(std_kb, tmp_path):
    """`c_char` is `std::ffi::c_char` or `std::os::raw::c_char` (and `core::ffi::c_char`), all
    `i8`: one type, so no ambiguity and no note; aliases of different types stay ambiguous."""
    for goal in ["Send(c_char)", "Sync(Vec<c_char>)", "Send(c_int)"]:
        a = std_kb.ask(goal)
        assert a.answer == "yes" and a.notes == [], (goal, a.notes)
    assert std_kb.ask("Send(c_char)").type == "i8"
    src = tmp_path / "two.rs"
    src.write_text("pub mod a { pub type Id = u8; pub type Cell2<T> = std::cell::Cell<T>; }\n"
                   "pub mod b { pub type Id = u8; pub type Cell2<U> = std::cell::Cell<U>; }\n"
                   "pub mod c { pub type Id = u16; }\n")
    kb = KnowledgeBase.load(rust=[src])
    assert kb.ask("Send(a::Id)").answer == "yes"
    assert kb.ask("Sync(Cell2<u8>)").answer == "no"  # a::Cell2 and b::Cell2: one type
    with pytest.raises(ParseError, match="`Id` is ambiguous: it could be"):
        kb.ask("Send(Id)")  # u8 or u16


def test_an_ambiguous_std_name_whose_readings_differ_is_an_error_with_each_answer(std_kb):
    with pytest.raises(ParseError) as info:
        std_kb.ask("Send(Weak<u8>)")
    assert info.value.message.endswith("(the readings answer differently: `rc::Weak<u8>`: no, `sync::Weak<u8>`: yes)")
    assert (info.value.start, info.value.end) == (5, 9)


@pytest.mark.parametrize("goal, at", [("Marker(i32)", 0), ("Send(Box<dyn Marker>)", 13)])
def test_an_ambiguous_trait_says_so_alike_as_a_goal_or_a_bound(tmp_path, goal, at):
    """One statement of a trait's lookup: the goal's trait and a trait inside a type read alike."""
    path = tmp_path / "two.yaml"
    path.write_text('traits:\n  - decl: "pub auto trait Marker {}"\n    path: app::Marker\n'
                    '  - decl: "pub auto trait Marker {}"\n    path: lib::Marker\n')
    kb = KnowledgeBase.load(extra=[path])
    with pytest.raises(ParseError) as info:
        kb.ask(goal)
    assert info.value.message == "`Marker` is ambiguous: it could be `app::Marker`, `lib::Marker`; write the path"
    assert (info.value.start, info.value.end) == (at, at + len("Marker"))
