"""What each `traitlogic` command does, without typer: read the options, call the library,
print, and return the exit code. `typer_app` declares the commands over these; the fast
path of `ask` and `check` (`cli.fast`) calls them here directly.
"""
from __future__ import annotations

import codecs
import io
import os
import sys
from typing import TYPE_CHECKING

from ..core.errors import TraitlogicError, UsageError, closest_names
from ..core.record import Record

if TYPE_CHECKING:
    from ..api import KnowledgeBase

EXIT_HOLDS, EXIT_FAILS, EXIT_BAD_INPUT, EXIT_OVERFLOW, EXIT_CONDITIONAL = 0, 1, 2, 3, 4
EXIT_CODES = {"yes": EXIT_HOLDS, "no": EXIT_FAILS, "overflow": EXIT_OVERFLOW, "if": EXIT_CONDITIONAL}
FORMATS = ("text", "json", "dot")


def echo(text: str, err: bool = False) -> None:
    """`typer.echo(text, err=err)`. Without typer loaded (the fast path of `ask`), a plain text
    stream that click would use as it is gets the line straight away; anything click might
    treat differently (escape codes to strip, an ASCII-misconfigured or unusual stream) goes
    through typer's own echo."""
    stream = sys.stderr if err else sys.stdout
    if "typer" not in sys.modules and _plain(stream) and "\x1b" not in text:
        stream.write(text + "\n")
        stream.flush()
        return
    import typer  # an unusual stream or text: exactly what typer does (start-up time)

    typer.echo(text, err=err)


def _plain(stream: object) -> bool:
    if type(stream) is not io.TextIOWrapper:
        return False
    try:
        return codecs.lookup(stream.encoding).name != "ascii"
    except LookupError:
        return False


def fail(error: TraitlogicError) -> int:
    echo(error.render(), err=True)
    return EXIT_BAD_INPUT


# The options of `Sources`, each stated once: field -> (flags, kind, metavar, help); kind "list"
# (repeatable), "value" or "flag". `typer_app` declares them from this; `fast` reads them.
SOURCE_OPTIONS: dict[str, tuple[tuple[str, ...], str, str | None, str]] = {
    "kb": (("--kb",), "list", "FILE", "Extra knowledge-base YAML file (repeatable)."),
    "rust": (("--rust",), "list", "FILE", "Rust source file, or a directory of them (repeatable)."),
    "no_std": (("--no-std",), "flag", None, "Leave out the std knowledge base."),
    "crate": (("--crate",), "value", "DIR", "A cargo crate or workspace (folder or Cargo.toml)."),
    "features": (("--features",), "list", "FEATURES", "Features to enable (comma or space separated)."),
    "no_default_features": (("--no-default-features",), "flag", None, "Do not enable the `default` feature."),
    "all_features": (("--all-features",), "flag", None, "Enable every feature."),
    "package": (("--package", "-p"), "value", "NAME", "The workspace member to read."),
    "engine": (("--engine",), "value", "ENGINE",
               "seminaive (default) or pydatalog: the engine that evaluates rules/program.dl."),
}


class Sources(Record):
    """Where the knowledge comes from: the options of every command that loads a KB
    (`SOURCE_OPTIONS`; `add` takes the first three)."""

    __slots__ = ("all_features", "crate", "engine", "features", "kb", "no_default_features", "no_std", "package",
                 "rust")

    def __init__(self, kb: list[str] | None = None, rust: list[str] | None = None, no_std: bool = False,
                 crate: str | None = None, features: list[str] | None = None, no_default_features: bool = False,
                 all_features: bool = False, package: str | None = None, engine: str = "seminaive"):
        self.kb = kb  # extra KB files
        self.rust = rust  # Rust source files or folders
        self.no_std = no_std
        self.crate = crate
        self.features = features  # as written: comma or space separated, repeatable
        self.no_default_features = no_default_features
        self.all_features = all_features
        self.package = package
        self.engine = engine


def load(sources: Sources) -> KnowledgeBase:
    from ..api import KnowledgeBase  # the library after the options are read (start-up time)
    from ..solve import ENGINES

    s = sources
    if s.engine not in ENGINES:
        raise UsageError(f"unknown engine `{s.engine}` (expected one of: {', '.join(ENGINES)})")
    wanted = [f for value in s.features or [] for f in value.replace(",", " ").split()]
    kb = KnowledgeBase.load(extra=s.kb or [], std=not s.no_std, rust=s.rust or [], crate=s.crate, features=wanted,
                            default_features=not s.no_default_features, all_features=s.all_features,
                            package=s.package, engine=s.engine, progress=lambda line: echo(f"traitlogic: {line}", err=True))
    for warning in kb.warnings:
        echo(f"warning: {warning}", err=True)
    return kb


def _bad_format(format: str, allowed: tuple[str, ...]) -> UsageError | None:
    if format in allowed:
        return None
    return UsageError(f"unknown format `{format}` (expected one of: {', '.join(allowed)})")


def ask(goal: str, format: str = "text", sources: Sources | None = None, brief: bool = False,
        depth: int | None = None) -> int:
    """Answer one goal with its proof tree."""
    bad = _bad_format(format, FORMATS)
    if bad is not None:
        return fail(bad)
    try:
        answer = load(sources or Sources()).ask(goal)
    except TraitlogicError as exc:
        if format == "json":  # a tool reading stdout learns of the error there too
            from ..render import dumps  # loaded with the library already (start-up time)

            echo(dumps({"goal": goal, "error": exc.render().removeprefix("error: ")}))
        return fail(exc)
    if format == "json":
        echo(answer.to_json(suggest=True))
    elif format == "dot":
        echo(answer.dot())
    else:
        print_text(answer.text_lines(max_depth=depth, brief=brief, suggest=not brief))
    return EXIT_CODES[answer.answer]


def check(file: str, proofs: bool, suggest: bool, sources: Sources) -> int:
    """Answer many goals at once: one JSON object per line, in order."""
    try:
        goals = read_goals(file)
        knowledge = load(sources)
    except TraitlogicError as exc:
        return fail(exc)
    from .split import answer  # (start-up time)

    # A big batch is answered on two cores (cli/split.py), the output as one process's (the
    # collector paused while goals are answered: `ask_many`, core/collector.py).
    out = sys.stdout
    errors = answer(knowledge, goals, proofs, suggest, out.write)
    if isinstance(errors, TraitlogicError):  # a resource limit of the whole batch
        return fail(errors)
    out.flush()
    return EXIT_BAD_INPUT if errors else 0


def show(type: str, format: str, sources: Sources) -> int:
    """The type's row for all auto traits at once (yes/no, and why not)."""
    bad = _bad_format(format, ("text", "json"))
    if bad is not None:
        return fail(bad)
    try:
        row = load(sources).show(type)
    except TraitlogicError as exc:
        return fail(exc)
    if format == "json":
        echo(row.to_json())
    else:
        print_text(row.text_lines())
    if row.holds is None and row.answer == "yes":
        return EXIT_BAD_INPUT  # a trait it cannot answer: never the exit of a "yes"
    return EXIT_CODES[row.answer]


def report(format: str, sources: Sources) -> int:
    """Every type of your code (a crate's public ones) with each auto trait: yes / no / if ..."""
    bad = _bad_format(format, ("text", "json", "markdown"))
    if bad is not None:
        return fail(bad)
    try:
        rows = load(sources).report()
    except TraitlogicError as exc:
        return fail(exc)
    from ..api import GoalError  # loaded by `load` already (start-up time)
    from ..render import dumps, report_markdown

    if format == "json":
        echo(dumps({"types": [r.to_dict() for r in rows]}))
    elif format == "markdown":
        sys.stdout.write(report_markdown([r.to_dict() for r in rows]))
    else:
        lines: list[tuple[str, str]] = []
        for row in rows:
            lines.extend(row.text_lines())
        print_text(lines or [("no types: give your code with --crate, --rust or --kb", "yellow")])
    errors = any(isinstance(a, GoalError) for r in rows for a in r.answers)
    return EXIT_BAD_INPUT if errors else 0


def add(file: str, item: str, path: str | None, sources: Sources) -> int:
    """Check a Rust item against the KB, then append it to FILE (comments kept, written atomically)."""
    try:
        knowledge = load(sources)
        line, section = knowledge.add_to_file(file, item, path)
    except TraitlogicError as exc:
        return fail(exc)
    echo(f"added to {file}:{line} ({section})")
    return 0


def rules(name: str | None) -> int:
    """The named rules every clause and proof node carries: what each says and its source."""
    from ..core.rules import catalog  # only for `rules` (start-up time)

    known = catalog()
    if name is not None and name not in known:
        close = closest_names(name, known)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        return fail(UsageError(f"unknown rule `{name}`{hint} (`traitlogic rules` lists them)"))
    chosen = [known[name]] if name is not None else list(known.values())
    width = max(len(r.name) for r in chosen)
    for r in chosen:
        echo(f"{r.name:<{width}}  [{r.kind}]  {r.says}")
        echo(f"{'':<{width}}  source: {r.source}")
    return 0


def read_goals(file: str) -> list[str]:
    """The goals of a file (or stdin): a BOM, blank lines and `#` comments (whole-line or
    trailing) are skipped; undecodable bytes are an error naming the line."""
    name = "<stdin>" if file == "-" else file
    try:
        if file == "-":
            if sys.stdin is None:
                raise UsageError("cannot read goals from stdin: it is closed")
            data = sys.stdin.buffer.read()
        else:
            from pathlib import Path  # only for `check FILE` (start-up time)

            data = Path(file).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read goals file `{name}`: {exc.strerror or exc}") from None
    goals = []
    for number, raw in enumerate(data.removeprefix(b"\xef\xbb\xbf").splitlines(), 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UsageError(f"{name}:{number}: not UTF-8 (byte {exc.start + 1} of the line)") from None
        stripped = line.split("#", 1)[0].strip()
        if stripped:
            goals.append(stripped)
    return goals


def _colour() -> bool:
    """Colour on a terminal, unless `NO_COLOR`; always with `FORCE_COLOR` (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


def print_text(lines: list[tuple[str, str]]) -> None:
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("-", "")
    if encoding not in ("utf8", "utf16", "utf32"):
        from ..render import to_ascii  # loaded with the library already (start-up time)

        lines = [(to_ascii(line), style) for line, style in lines]
    if _colour():
        from rich.console import Console  # only for colour (start-up time)
        from rich.text import Text

        console = Console(highlight=False, soft_wrap=True, force_terminal=True, no_color=False)
        for line, style in lines:
            console.print(Text(line, style=style))  # Text, never markup: `[u8]` stays
    else:
        sys.stdout.write("\n".join(line for line, _ in lines) + "\n")
