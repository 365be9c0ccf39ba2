"""The `traitlogic` command: thin faces over the library. Only this package turns errors into
messages on stderr and exit codes.

    traitlogic ask GOAL        exit 0: holds, 1: does not hold, 3: overflow, 4: holds if the
                               conditions on its parameters do ("if"), 2: bad input
    traitlogic show TYPE       exit 0: every trait holds, 1: one fails, 3: none fails but one
                               overflows, 4: none of those but one is "if", 2: bad input
    traitlogic check FILE|-    one JSON object per goal line; exit 2 if any line had an error

`commands` does the work; `typer_app` declares the commands (options, help, completion);
`fast` reads a plain `ask` or `check` command line without importing typer; `split` answers a
big `check` batch on two cores. Colour only on a
terminal, never with `NO_COLOR` set, always with `FORCE_COLOR` set. A crash is one line on stderr saying
so, exit 2: never a traceback, never an answer's exit code.
"""
from __future__ import annotations

import os
import sys
from typing import Any

from ..core import collector
from .commands import EXIT_BAD_INPUT
from .fast import run_plain


def __getattr__(name: str) -> Any:
    """`app`, the typer application, imported on first use (start-up time)."""
    if name == "app":
        from .typer_app import app  # typer only when a command needs it (start-up time)

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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


def _run() -> int:
    """The plain `ask` and `check` without typer; every other command line through the typer app."""
    code = run_plain(sys.argv[1:])
    if code is not None:
        return code
    app = globals().get("app") or __getattr__("app")  # a test may have replaced it
    app()
    return 0


def main() -> int:
    """Console-script entry point. Exits without tearing the interpreter down (a third of a
    cold `ask`'s wall time goes to freeing the knowledge base otherwise). Whatever goes wrong
    ends in one line on stderr and exit 2, never a traceback."""
    # A short run: the collector looks for cycles less often (they are few; a batch allocates
    # hundreds of thousands of objects that live to its end, each young collection walks them)
    collector.for_a_short_run()
    try:
        _plain_usage_errors()
        code = _run()
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
