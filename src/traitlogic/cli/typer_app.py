"""The typer application: every command's options, help and completion, over `cli.commands`.

Imported only when a command line is not the plain `ask` form that `cli.fast` reads itself
(typer and click cost a cold `ask` about as much as answering it).
"""
from __future__ import annotations

import typer

from . import commands

app = typer.Typer(add_completion=True, no_args_is_help=True, pretty_exceptions_enable=False,
                  rich_markup_mode=None,
                  help="Is this Rust type Send / Sync, and why (not)? Answers with a proof tree.")

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


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"traitlogic {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Is this Rust type Send / Sync, and why (not)? Answers with a proof tree."""


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
    raise typer.Exit(commands.ask(goal, format, kb, rust, no_std, crate, features, no_default_features,
                                  all_features, package, engine, brief, depth))


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
    raise typer.Exit(commands.check(file, proofs, suggest, kb, rust, no_std, crate, features, no_default_features,
                                    all_features, package, engine))


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
    raise typer.Exit(commands.show(type, format, kb, rust, no_std, crate, features, no_default_features,
                                   all_features, package, engine))


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
    raise typer.Exit(commands.report(format, kb, rust, no_std, crate, features, no_default_features, all_features,
                                     package, engine))


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
    raise typer.Exit(commands.add(file, item, path, kb, rust, no_std))


@app.command()
def rules(
    name: str | None = typer.Argument(None, help="A rule name (as proofs print it): `impl-negative`."),
) -> None:
    """The named rules every clause and proof node carries: what each says and its source."""
    raise typer.Exit(commands.rules(name))
