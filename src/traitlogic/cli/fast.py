"""The fast path of `traitlogic ask` and `traitlogic check`: their command lines read without
typer (start-up time).

A one-off `ask` spends as long importing typer and click as answering (and a `check` of a
few thousand goals a tenth of its time). This reads the plain form only: `ask GOAL` or
`check FILE` with the command's own options, each option and each value its own word, in any
order. Anything else (help, `--opt=value`, an unknown or misspelt option, a value or
argument that starts with `-` (but `check -`, stdin), no argument or two, shell completion) is
left to typer, so usage errors, help and completion read exactly as before; the command itself
runs the same code either way.
"""
from __future__ import annotations

import os
from typing import Any

from . import commands

# option -> (keyword of `commands.ask` / `commands.check` or field of `commands.Sources`, kind):
# "value" takes the next word, "list" collects them
_SOURCES = {flag: (name, kind) for name, (flags, kind, _, _) in commands.SOURCE_OPTIONS.items() for flag in flags}
_OPTIONS = {
    "--format": ("format", "value"), "-f": ("format", "value"), "--depth": ("depth", "value"),
    "--brief": ("brief", "flag"), **_SOURCES,
}
_CHECK_OPTIONS = {"--proofs": ("proofs", "flag"), "--suggest": ("suggest", "flag"), **_SOURCES}


def parse_ask(argv: list[str]) -> dict[str, Any] | None:
    """The keyword arguments of `commands.ask` (and of its `Sources`) for the words after `ask`,
    or None when they are not in the plain form (typer reads them then)."""
    kwargs = _parse(argv, _OPTIONS, "goal", ())
    if kwargs is None:
        return None
    if "depth" in kwargs:
        depth = kwargs["depth"]
        if not (depth.isascii() and depth.isdigit()):
            return None
        kwargs["depth"] = int(depth)
    return kwargs


def parse_check(argv: list[str]) -> dict[str, Any] | None:
    """The keyword arguments of `commands.check` (and of its `Sources`) for the words after
    `check`, or None when they are not in the plain form (typer reads them then)."""
    return _parse(argv, _CHECK_OPTIONS, "file", ("-",))


def _parse(argv: list[str], options: dict[str, tuple[str, str]], argument: str,
           plain_dashes: tuple[str, ...]) -> dict[str, Any] | None:
    """The options and the one argument of a plain command line (None: not plain); an
    argument starting with `-` only if it is one of `plain_dashes`."""
    if any(name.endswith("_COMPLETE") for name in os.environ):  # shell completion: typer's job
        return None
    kwargs: dict[str, Any] = {}
    words = iter(argv)
    for word in words:
        option = options.get(word)
        if option is None:
            if (word.startswith("-") and word not in plain_dashes) or argument in kwargs:
                return None
            kwargs[argument] = word
            continue
        name, kind = option
        if kind == "flag":
            kwargs[name] = True
            continue
        value = next(words, None)
        if value is None or value.startswith("-"):
            return None
        if kind == "list":
            kwargs.setdefault(name, []).append(value)
        else:
            kwargs[name] = value  # given twice: the last one, as click does
    return kwargs if argument in kwargs else None


def run_plain(argv: list[str]) -> int | None:
    """Run `ask` or `check` on the plain form of `argv` (the words after the program's name) and
    return its exit code, handling interrupts and a closed pipe as typer's `main` does; None:
    not ours."""
    if argv[:1] == ["ask"]:
        kwargs = parse_ask(argv[1:])
        own_names: tuple[str, ...] = ("goal", "format", "brief", "depth")
    elif argv[:1] == ["check"]:
        kwargs = parse_check(argv[1:])
        own_names = ("file", "proofs", "suggest")
    else:
        return None
    if kwargs is None:
        return None
    own = {name: kwargs.pop(name) for name in own_names if name in kwargs}
    try:
        if argv[0] == "ask":
            return commands.ask(**own, sources=commands.Sources(**kwargs))
        return commands.check(own["file"], own.get("proofs", False), own.get("suggest", False),
                              commands.Sources(**kwargs))
    except KeyboardInterrupt:
        return 130
    except EOFError:
        import typer  # as typer's `main` says it (start-up time)

        typer.echo(err=True)
        typer.echo("Aborted!", err=True)
        return 1
    except OSError as exc:
        import errno  # only on a write error (start-up time)

        if exc.errno == errno.EPIPE:
            return 1
        raise
