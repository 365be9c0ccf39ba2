"""The fast path of `traitlogic ask`: its command line read without typer (start-up time).

A one-off `ask` spends as long importing typer and click as answering. This reads the plain
form only: `ask GOAL` with `ask`'s own options, each option and each value its own word, in
any order. Anything else (help, `--opt=value`, an unknown or misspelt option, a value or goal
that starts with `-`, no goal or two, shell completion) is left to typer, so usage errors,
help and completion read exactly as before; the command itself runs the same code either way.
"""
from __future__ import annotations

import os
from typing import Any

from . import commands

# option -> (keyword of `commands.ask` or field of `commands.Sources`, kind): "value" takes the
# next word, "list" collects them
_OPTIONS = {
    "--format": ("format", "value"), "-f": ("format", "value"), "--depth": ("depth", "value"),
    "--brief": ("brief", "flag"),
    **{flag: (name, kind) for name, (flags, kind, _, _) in commands.SOURCE_OPTIONS.items() for flag in flags},
}


def parse_ask(argv: list[str]) -> dict[str, Any] | None:
    """The keyword arguments of `commands.ask` (and of its `Sources`) for the words after `ask`,
    or None when they are not in the plain form (typer reads them then)."""
    if any(name.endswith("_COMPLETE") for name in os.environ):  # shell completion: typer's job
        return None
    kwargs: dict[str, Any] = {}
    words = iter(argv)
    for word in words:
        option = _OPTIONS.get(word)
        if option is None:
            if word.startswith("-") or "goal" in kwargs:
                return None
            kwargs["goal"] = word
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
    if "goal" not in kwargs:
        return None
    if "depth" in kwargs:
        depth = kwargs["depth"]
        if not (depth.isascii() and depth.isdigit()):
            return None
        kwargs["depth"] = int(depth)
    return kwargs


def run_ask(argv: list[str]) -> int | None:
    """Run `ask` on the plain form of `argv` (the words after the program's name) and return its
    exit code, handling interrupts and a closed pipe as typer's `main` does; None: not ours."""
    if argv[:1] != ["ask"]:
        return None
    kwargs = parse_ask(argv[1:])
    if kwargs is None:
        return None
    own = {name: kwargs.pop(name) for name in ("goal", "format", "brief", "depth") if name in kwargs}
    try:
        return commands.ask(**own, sources=commands.Sources(**kwargs))
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
