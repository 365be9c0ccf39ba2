"""The typer application: every command's options, help and completion, over `cli.commands`.

Imported only when a command line is not the plain `ask` form that `cli.fast` reads itself
(typer and click cost a cold `ask` about as much as answering it).
"""
from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from .. import __version__
from . import commands

app = typer.Typer(add_completion=True, no_args_is_help=True, pretty_exceptions_enable=False,
                  rich_markup_mode=None,
                  help="Is this Rust type Send / Sync, and why (not)? Answers with a proof tree.")

# The options of `commands.Sources` (`commands.SOURCE_OPTIONS`) as typer options. Plain strings:
# typer coerces `Path` and `Enum` options through pydantic, whose import alone would triple the
# start-up time of a single `ask`.
def _source_option(name: str) -> tuple[object, object]:
    """The annotation and the typer option of one field of `commands.Sources`."""
    flags, kind, metavar, help = commands.SOURCE_OPTIONS[name]
    default = getattr(commands.Sources(), name)
    annotation = {"list": list[str] | None, "flag": bool}.get(kind, str if default is not None else str | None)
    return annotation, typer.Option(default, *flags, help=help, metavar=metavar)


_SOURCES = {name: _source_option(name) for name in commands.SOURCE_OPTIONS}
_ALL = commands.Sources()  # a `sources` parameter's default: typer never sees it (see `_command`)
_Command = TypeVar("_Command", bound=Callable[..., None])


def _command(sources: tuple[str, ...] = tuple(_SOURCES)) -> Callable[[_Command], _Command]:
    """`app.command()` for a function whose `sources` parameter stands for these options of
    `commands.Sources`: typer sees them in its place, and the function gets them as one `Sources`."""
    def declare(function: _Command) -> _Command:
        signature = inspect.signature(function)
        params = []
        for param in signature.parameters.values():
            if param.name != "sources":
                params.append(param)
                continue
            params.extend(inspect.Parameter(name, param.kind, default=_SOURCES[name][1], annotation=_SOURCES[name][0])
                          for name in sources)

        @functools.wraps(function)
        def run(**options: Any) -> None:
            given = {name: options.pop(name) for name in sources}
            function(**options, sources=commands.Sources(**given))

        run.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]  # read by typer
        app.command()(run)
        return function
    return declare


def _version(value: bool) -> None:
    if value:
        typer.echo(f"traitlogic {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Is this Rust type Send / Sync, and why (not)? Answers with a proof tree."""


@_command()
def ask(
    goal: str = typer.Argument(..., help='A goal: "Send(Arc<Mutex<i32>>)" or "Rc<i32>: Send".'),
    format: str = typer.Option("text", "--format", "-f", help="text (a tree), json or dot.", metavar="FORMAT"),
    sources: commands.Sources = _ALL,
    brief: bool = typer.Option(False, "--brief", help="Only the verdict and the one-line reason."),
    depth: int | None = typer.Option(None, "--depth", min=0, metavar="N",
                                        help="Cut the tree below depth N (a `…` line marks the cut)."),
) -> None:
    """Answer one goal with its proof tree."""
    raise typer.Exit(commands.ask(goal, format, sources, brief, depth))


@_command()
def check(
    file: str = typer.Argument(..., help="A file with one goal per line (`#` comments), or - for stdin."),
    proofs: bool = typer.Option(False, "--proofs", help="Include each answer's proof tree."),
    suggest: bool = typer.Option(False, "--suggest", help='Add verified fixes to each "no" (`suggestions`).'),
    sources: commands.Sources = _ALL,
) -> None:
    """Answer many goals in one run: one JSON object per line, in order (a batch of 400 or more
    on two cores when a CPU is idle; TRAITLOGIC_JOBS=1 keeps it to one process)."""
    raise typer.Exit(commands.check(file, proofs, suggest, sources))


@_command()
def show(
    type: str = typer.Argument(..., help='A type: "Arc<Mutex<i32>>".'),
    format: str = typer.Option("text", "--format", "-f", help="text or json.", metavar="FORMAT"),
    sources: commands.Sources = _ALL,
) -> None:
    """The type's row for all auto traits at once (yes/no, and why not)."""
    raise typer.Exit(commands.show(type, format, sources))


@_command()
def report(
    format: str = typer.Option("text", "--format", "-f", help="text, json or markdown.", metavar="FORMAT"),
    sources: commands.Sources = _ALL,
) -> None:
    """Every type of your code (a crate's public ones) with each auto trait: yes / no / if ..."""
    raise typer.Exit(commands.report(format, sources))


@_command(sources=("kb", "rust", "no_std"))
def add(
    file: str = typer.Argument(..., help="The KB YAML file to append to (created if missing)."),
    item: str = typer.Argument(..., help='A Rust item: "unsafe impl<T: Send> Send for MyBox<T> {}".'),
    path: str | None = typer.Option(None, "--path", help="The full path of a declared type or trait "
                                       "(default: FILE's name :: the item's name)."),
    sources: commands.Sources = _ALL,
) -> None:
    """Check a Rust item against the KB, then append it to FILE (comments kept, written atomically)."""
    raise typer.Exit(commands.add(file, item, path, sources))


@app.command()
def rules(
    name: str | None = typer.Argument(None, help="A rule name (as proofs print it): `impl-negative`."),
) -> None:
    """The named rules every clause and proof node carries: what each says and its source."""
    raise typer.Exit(commands.rules(name))
