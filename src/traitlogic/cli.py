"""The `traitlogic` command: thin faces over the library. Only this module turns errors into
messages on stderr and exit codes.

    traitlogic ask GOAL        exit 0: holds, 1: does not hold, 3: overflow, 4: holds if the
                               conditions on its parameters do ("if"), 2: bad input
    traitlogic show TYPE       exit 0: every trait holds, 1: one fails, 3: none fails but one
                               overflows, 4: none of those but one is "if", 2: bad input
    traitlogic check FILE|-    one JSON object per goal line; exit 2 if any line had an error

Colour only on a terminal, never with `NO_COLOR` set, always with `FORCE_COLOR` set. A crash is
one line on stderr saying so, exit 2: never a traceback, never an answer's exit code.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from .core.errors import TraitlogicError, UsageError

if TYPE_CHECKING:
    from .api import KnowledgeBase

app = typer.Typer(add_completion=True, no_args_is_help=True, pretty_exceptions_enable=False,
                  rich_markup_mode=None,
                  help="Is this Rust type Send / Sync, and why (not)? Answers with a proof tree.")

EXIT_HOLDS, EXIT_FAILS, EXIT_BAD_INPUT, EXIT_OVERFLOW, EXIT_CONDITIONAL = 0, 1, 2, 3, 4
EXIT_CODES = {"yes": EXIT_HOLDS, "no": EXIT_FAILS, "overflow": EXIT_OVERFLOW, "if": EXIT_CONDITIONAL}


FORMATS = ("text", "json", "dot")
# Options are plain strings: typer coerces `Path` and `Enum` options through pydantic, whose
# import alone would triple the start-up time of a single `ask`.
KbOption = typer.Option(None, "--kb", help="Extra knowledge-base YAML file (repeatable).", metavar="FILE")
NoStdOption = typer.Option(False, "--no-std", help="Leave out the std knowledge base.")
EngineOption = typer.Option("seminaive", "--engine", help="seminaive (default) or pydatalog: the engine "
                            "that evaluates rules/program.dl.", metavar="ENGINE")
RustOption = typer.Option(None, "--rust", help="Rust source file, or a directory of them (repeatable).",
                          metavar="FILE")

CrateOption = typer.Option(None, "--crate", help="A cargo crate or workspace (folder or Cargo.toml).", metavar="DIR")
FeaturesOption = typer.Option(None, "--features", help="Features to enable (comma or space separated).",
                              metavar="FEATURES")
NoDefaultOption = typer.Option(False, "--no-default-features", help="Do not enable the `default` feature.")
AllFeaturesOption = typer.Option(False, "--all-features", help="Enable every feature.")
PackageOption = typer.Option(None, "--package", "-p", help="The workspace member to read.", metavar="NAME")


def _load(kb_files: list[str] | None, no_std: bool, rust: list[str] | None = None,
          crate: str | None = None, features: list[str] | None = None, no_default: bool = False,
          all_features: bool = False, package: str | None = None, engine: str = "seminaive") -> KnowledgeBase:
    from .api import KnowledgeBase
    from .solve import ENGINES

    if engine not in ENGINES:
        raise UsageError(f"unknown engine `{engine}` (expected one of: {', '.join(ENGINES)})")
    wanted = [f for value in features or [] for f in value.replace(",", " ").split()]
    kb = KnowledgeBase.load(extra=kb_files or [], std=not no_std, rust=rust or [], crate=crate, features=wanted,
                            default_features=not no_default, all_features=all_features, package=package, engine=engine)
    for warning in kb.warnings:
        typer.echo(f"warning: {warning}", err=True)
    return kb


def _check_format(format: str, allowed: tuple[str, ...]) -> None:
    if format not in allowed:
        raise _fail(UsageError(f"unknown format `{format}` (expected one of: {', '.join(allowed)})"))


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"traitlogic {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Is this Rust type Send / Sync, and why (not)? Answers with a proof tree."""


def _fail(error: TraitlogicError) -> typer.Exit:
    typer.echo(error.render(), err=True)
    return typer.Exit(EXIT_BAD_INPUT)


@app.command()
def ask(
    goal: str = typer.Argument(..., help='A goal: "Send(Arc<Mutex<i32>>)" or "Rc<i32>: Send".'),
    format: str = typer.Option("text", "--format", "-f", help="text (a tree), json or dot.", metavar="FORMAT"),
    kb: list[str] | None = KbOption,
    rust: list[str] | None = RustOption,
    no_std: bool = NoStdOption,
    crate: str | None = CrateOption,
    features: list[str] | None = FeaturesOption,
    no_default_features: bool = NoDefaultOption,
    all_features: bool = AllFeaturesOption,
    package: str | None = PackageOption,
    engine: str = EngineOption,
    brief: bool = typer.Option(False, "--brief", help="Only the verdict and the one-line reason."),
    depth: int | None = typer.Option(None, "--depth", min=0, metavar="N",
                                        help="Cut the tree below depth N (a `…` line marks the cut)."),
) -> None:
    """Answer one goal with its proof tree."""
    _check_format(format, FORMATS)
    try:
        answer = _load(kb, no_std, rust, crate, features, no_default_features, all_features, package, engine).ask(goal)
    except TraitlogicError as exc:
        if format == "json":  # a tool reading stdout learns of the error there too
            from .render import dumps

            typer.echo(dumps({"goal": goal, "error": exc.render().removeprefix("error: ")}))
        raise _fail(exc) from None
    if format == "json":
        typer.echo(answer.to_json(suggest=True))
    elif format == "dot":
        typer.echo(answer.dot())
    else:
        _print_text(answer.text_lines(max_depth=depth, brief=brief, suggest=not brief))
    raise typer.Exit(EXIT_CODES[answer.answer])


@app.command()
def check(
    file: str = typer.Argument(..., help="A file with one goal per line (`#` comments), or - for stdin."),
    proofs: bool = typer.Option(False, "--proofs", help="Include each answer's proof tree."),
    suggest: bool = typer.Option(False, "--suggest", help='Add verified fixes to each "no" (`suggestions`).'),
    kb: list[str] | None = KbOption,
    rust: list[str] | None = RustOption,
    no_std: bool = NoStdOption,
    crate: str | None = CrateOption,
    features: list[str] | None = FeaturesOption,
    no_default_features: bool = NoDefaultOption,
    all_features: bool = AllFeaturesOption,
    package: str | None = PackageOption,
    engine: str = EngineOption,
) -> None:
    """Answer many goals in one process: one JSON object per line, in order."""
    try:
        goals = _read_goals(file)
        knowledge = _load(kb, no_std, rust, crate, features, no_default_features, all_features, package, engine)
    except TraitlogicError as exc:
        raise _fail(exc) from None
    from .api import GoalError
    from .render import dumps

    try:
        results = knowledge.ask_many(goals)
    except TraitlogicError as exc:  # a resource limit of the whole batch
        raise _fail(exc) from None
    out = sys.stdout
    for result in results:
        out.write(dumps(result.to_dict(proofs, suggest)) + "\n")
    out.flush()
    raise typer.Exit(EXIT_BAD_INPUT if any(isinstance(r, GoalError) for r in results) else 0)


@app.command()
def show(
    type: str = typer.Argument(..., help='A type: "Arc<Mutex<i32>>".'),
    format: str = typer.Option("text", "--format", "-f", help="text or json.", metavar="FORMAT"),
    kb: list[str] | None = KbOption,
    rust: list[str] | None = RustOption,
    no_std: bool = NoStdOption,
    crate: str | None = CrateOption,
    features: list[str] | None = FeaturesOption,
    no_default_features: bool = NoDefaultOption,
    all_features: bool = AllFeaturesOption,
    package: str | None = PackageOption,
    engine: str = EngineOption,
) -> None:
    """The type's row for all auto traits at once (yes/no, and why not)."""
    _check_format(format, ("text", "json"))
    try:
        row = _load(kb, no_std, rust, crate, features, no_default_features, all_features, package, engine).show(type)
    except TraitlogicError as exc:
        raise _fail(exc) from None
    if format == "json":
        typer.echo(row.to_json())
    else:
        _print_text(row.text_lines())
    raise typer.Exit(EXIT_CODES[row.answer])


@app.command()
def report(
    format: str = typer.Option("text", "--format", "-f", help="text, json or markdown.", metavar="FORMAT"),
    kb: list[str] | None = KbOption,
    rust: list[str] | None = RustOption,
    no_std: bool = NoStdOption,
    crate: str | None = CrateOption,
    features: list[str] | None = FeaturesOption,
    no_default_features: bool = NoDefaultOption,
    all_features: bool = AllFeaturesOption,
    package: str | None = PackageOption,
    engine: str = EngineOption,
) -> None:
    """Every type of your code (a crate's public ones) with each auto trait: yes / no / if ..."""
    _check_format(format, ("text", "json", "markdown"))
    try:
        rows = _load(kb, no_std, rust, crate, features, no_default_features, all_features, package,
                     engine).report()
    except TraitlogicError as exc:
        raise _fail(exc) from None
    from .api import GoalError
    from .render import dumps, report_markdown

    if format == "json":
        typer.echo(dumps({"types": [r.to_dict() for r in rows]}))
    elif format == "markdown":
        sys.stdout.write(report_markdown([r.to_dict() for r in rows]))
    else:
        lines: list[tuple[str, str]] = []
        for row in rows:
            lines.extend(row.text_lines())
        _print_text(lines or [("no types: give your code with --crate, --rust or --kb", "yellow")])
    errors = any(isinstance(a, GoalError) for r in rows for a in r.answers)
    raise typer.Exit(EXIT_BAD_INPUT if errors else 0)


@app.command()
def add(
    file: str = typer.Argument(..., help="The KB YAML file to append to (created if missing)."),
    item: str = typer.Argument(..., help='A Rust item: "unsafe impl<T: Send> Send for MyBox<T> {}".'),
    path: str | None = typer.Option(None, "--path", help="The full path of a declared type or trait "
                                       "(default: FILE's name :: the item's name)."),
    kb: list[str] | None = KbOption,
    rust: list[str] | None = RustOption,
    no_std: bool = NoStdOption,
) -> None:
    """Check a Rust item against the KB, then append it to FILE (comments kept, written atomically)."""
    try:
        knowledge = _load(kb, no_std, rust)
        line, section = knowledge.add_to_file(file, item, path)
    except TraitlogicError as exc:
        raise _fail(exc) from None
    typer.echo(f"added to {file}:{line} ({section})")


@app.command()
def rules(
    name: str | None = typer.Argument(None, help="A rule name (as proofs print it): `impl-negative`."),
) -> None:
    """The named rules every clause and proof node carries: what each says and its source."""
    from difflib import get_close_matches

    from .core.rules import catalog

    known = catalog()
    if name is not None and name not in known:
        close = get_close_matches(name, list(known), n=1)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        raise _fail(UsageError(f"unknown rule `{name}`{hint} (`traitlogic rules` lists them)"))
    chosen = [known[name]] if name is not None else list(known.values())
    width = max(len(r.name) for r in chosen)
    for r in chosen:
        typer.echo(f"{r.name:<{width}}  [{r.kind}]  {r.says}")
        typer.echo(f"{'':<{width}}  source: {r.source}")


def _read_goals(file: str) -> list[str]:
    """The goals of a file (or stdin): a BOM, blank lines and `#` comments (whole-line or
    trailing) are skipped; undecodable bytes are an error naming the line."""
    name = "<stdin>" if file == "-" else file
    try:
        if file == "-":
            if sys.stdin is None:
                raise UsageError("cannot read goals from stdin: it is closed")
            data = sys.stdin.buffer.read()
        else:
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


def _print_text(lines: list[tuple[str, str]]) -> None:
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("-", "")
    if encoding not in ("utf8", "utf16", "utf32"):
        from .render import to_ascii

        lines = [(to_ascii(line), style) for line, style in lines]
    if _colour():
        from rich.console import Console
        from rich.text import Text

        console = Console(highlight=False, soft_wrap=True, force_terminal=True, no_color=False)
        for line, style in lines:
            console.print(Text(line, style=style))  # Text, never markup: `[u8]` stays
    else:
        sys.stdout.write("\n".join(line for line, _ in lines) + "\n")


def _plain_usage_errors() -> None:
    """Click's usage errors in colour only where ours are: Rich (which prints them) honours
    `NO_COLOR` and a stderr that is not a terminal, but `FORCE_COLOR` would override a
    `NO_COLOR` there, so `NO_COLOR` wins here. (Importing Rich here would cost start-up.)"""
    if os.environ.get("NO_COLOR"):
        os.environ.pop("FORCE_COLOR", None)


def _say(text: str) -> None:
    try:
        if sys.stderr is not None:
            sys.stderr.write(text + "\n")
    except (OSError, ValueError, UnicodeError):
        pass


def main() -> int:
    """Console-script entry point. Exits without tearing the interpreter down (a third of a
    cold `ask`'s wall time goes to freeing the knowledge base otherwise). Whatever goes wrong
    ends in one line on stderr and exit 2, never a traceback."""
    try:
        _plain_usage_errors()
        app()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    except BrokenPipeError:  # the reader went away (`traitlogic check ... | head`): stop quietly
        code = 0
    except MemoryError:
        _say("error: out of memory")
        code = EXIT_BAD_INPUT
    except RecursionError:
        _say("error: internal error: recursion too deep (please report)")
        code = EXIT_BAD_INPUT
    except OSError as exc:  # stdout could not be written (a full disk, ...)
        _say(f"error: cannot write the output: {exc.strerror or exc}")
        code = EXIT_BAD_INPUT
    except (ValueError, AttributeError) as exc:
        closed = sys.stdout is None or getattr(sys.stdout, "closed", False)
        _say("error: cannot write the output: stdout is closed" if closed
             else f"error: internal error: {type(exc).__name__}: {exc} (please report)")
        code = EXIT_BAD_INPUT
    except Exception as exc:  # noqa: BLE001 -- the last line of defence
        _say(f"error: internal error: {type(exc).__name__}: {exc} (please report)")
        code = EXIT_BAD_INPUT
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, OSError, ValueError, AttributeError):  # `| head -1`, closed
            pass
    os._exit(code)


if __name__ == "__main__":
    main()
