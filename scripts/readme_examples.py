"""Run the README's shell examples and compare what they print with what the README shows.

Each fenced block without a language is a terminal session: a line `$ COMMAND` runs COMMAND
(with bash, in a scratch directory, the venv's `traitlogic` first on PATH, `NO_COLOR=1`), and
the lines after it, up to the next `$ ` line, are what it prints: stdout, or stderr when stdout
is empty. `$ cat FILE` is not run: its lines are FILE's content and are written into the scratch
directory, so the commands after it read exactly the file the README shows. `tests/` of the
repository is reachable from the scratch directory under the same name. The `>>>` block is run
as a doctest.

    python scripts/readme_examples.py            # check: exit 1 with a diff when one differs
    python scripts/readme_examples.py --update   # rewrite the README's outputs with today's
"""

from __future__ import annotations

import argparse
import difflib
import doctest
import os
import re
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
FENCE = re.compile(r"^```(\w*)\s*$")


@dataclass
class Step:
    """One `$ COMMAND` of a README block and the output lines shown under it."""

    command: str
    first: int  # index in the README's lines of the first output line
    shown: list[str]


@dataclass
class Session:
    """The fenced blocks of the README: shell steps and doctest texts."""

    steps: list[Step]
    doctests: list[tuple[int, str]]


def read_sessions(lines: list[str]) -> Session:
    """Split the README's lines into shell steps (in order) and `>>>` blocks."""
    steps: list[Step] = []
    doctests: list[tuple[int, str]] = []
    i = 0
    while i < len(lines):
        fence = FENCE.match(lines[i])
        if fence is None:
            i += 1
            continue
        end = i + 1
        while end < len(lines) and not lines[end].startswith("```"):
            end += 1
        body = lines[i + 1:end]
        if fence.group(1) == "" and body and body[0].startswith(">>> "):
            doctests.append((i + 2, "\n".join(body) + "\n"))
        elif fence.group(1) == "":
            current: Step | None = None
            for offset, line in enumerate(body):
                if line.startswith("$ "):
                    current = Step(line[2:], i + 2 + offset, [])
                    steps.append(current)
                elif current is not None:
                    current.shown.append(line)
        i = end + 1
    return Session(steps, doctests)


def _cat_target(command: str) -> str | None:
    words = shlex.split(command)
    if len(words) == 2 and words[0] == "cat":
        return words[1]
    return None


def run_steps(steps: list[Step]) -> list[list[str]]:
    """What each step prints today, run in one scratch directory in order."""
    env = dict(os.environ, NO_COLOR="1", COLUMNS="100")
    env.pop("FORCE_COLOR", None)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    results: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="readme-") as scratch:
        os.symlink(REPO / "tests", Path(scratch) / "tests")
        for step in steps:
            target = _cat_target(step.command)
            if target is not None:
                path = Path(scratch) / target
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text("\n".join(step.shown) + "\n", encoding="utf-8")
                results.append(step.shown)
                continue
            done = subprocess.run(["bash", "-c", step.command], check=False, cwd=scratch, env=env,
                                  capture_output=True, text=True, timeout=120)
            printed = done.stdout if done.stdout.strip() else done.stderr
            results.append([line.rstrip() for line in printed.rstrip("\n").split("\n")])
    return results


def run_doctests(doctests: list[tuple[int, str]]) -> list[str]:
    """Failures of the `>>>` blocks, as doctest reports them."""
    from traitlogic import KnowledgeBase  # the package under test, imported only to run it

    failures: list[str] = []
    parser = doctest.DocTestParser()
    for line, text in doctests:
        test = parser.get_doctest(text, {"KnowledgeBase": KnowledgeBase}, "README", "README.md", line)
        report: list[str] = []
        runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
        runner.run(test, out=report.append)
        failures.extend(report)
    return failures


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--update", action="store_true", help="rewrite the README's outputs")
    update = options.parse_args().update
    lines = README.read_text(encoding="utf-8").split("\n")
    session = read_sessions(lines)
    printed = run_steps(session.steps)
    differ = False
    for step, now in reversed(list(zip(session.steps, printed))):
        if now == step.shown:
            continue
        differ = True
        if update:
            lines[step.first:step.first + len(step.shown)] = now
        else:
            print(f"README.md:{step.first}: `$ {step.command}` prints otherwise:")
            sys.stdout.writelines(difflib.unified_diff(
                [s + "\n" for s in step.shown], [s + "\n" for s in now], "README", "today"))
    failures = run_doctests(session.doctests)
    print("".join(failures), end="")
    if update and differ:
        README.write_text("\n".join(lines), encoding="utf-8")
        print("README.md updated")
        return 1 if failures else 0
    return 1 if differ or failures else 0


if __name__ == "__main__":
    sys.exit(main())
