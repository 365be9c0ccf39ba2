"""The error root of traitlogic and its typed subclasses.

Every error knows how to render itself as one clear message that points at the spot: a caret
under the offending text, or `file:line` for a YAML knowledge-base file.
"""
from __future__ import annotations

from collections.abc import Iterable

from .record import Frozen


class TraitlogicError(Exception):
    """Root of every error traitlogic raises on purpose (the CLI maps them to exit 2)."""

    def render(self) -> str:
        return f"error: {self}"


class Snippet(Frozen):
    """A piece of source text and where it came from, so errors can point into it."""

    __slots__ = ("column", "line", "origin", "text")

    def __init__(self, text: str, origin: str = "goal", line: int = 1, column: int = 1):
        self.text = text
        self.origin = origin  # "goal", a file path, ...
        self.line = line  # line of `text`'s first character in `origin`
        self.column = column  # column of `text`'s first character on that line


class ParseError(TraitlogicError):
    """Text that could not be read: the message plus a caret under the span."""

    def __init__(self, message: str, snippet: Snippet | None = None, start: int = 0, end: int | None = None,
                 readings: tuple[str, ...] = ()):
        super().__init__(message)
        self.message = message
        self.snippet = snippet
        self.start = max(0, start)
        self.end = self.start + 1 if end is None or end <= start else end
        self.readings = readings  # an ambiguous name: the full paths it could mean

    def moved(self, snippet: Snippet, shift: int) -> ParseError:
        """The same error in a larger text (`shift` characters further in)."""
        return ParseError(self.message, snippet, self.start + shift, self.end + shift, self.readings)

    def render(self) -> str:
        if self.snippet is None:
            return f"error: {self.message}"
        text = self.snippet.text
        # Find the line of `start` inside the snippet.
        before = text[: self.start]
        line_index = before.count("\n")
        line_start = before.rfind("\n") + 1
        line_end = text.find("\n", line_start)
        if line_end == -1:
            line_end = len(text)
        line_text = text[line_start:line_end]
        col = self.start - line_start
        width = max(1, min(self.end, line_end) - self.start)
        lineno = self.snippet.line + line_index
        colno = col + 1 + (self.snippet.column - 1 if line_index == 0 else 0)
        gutter = " " * len(str(lineno))
        shown, shown_col = _clip(line_text, col, width)
        return (
            f"error: {self.message}\n"
            f"{gutter}--> {self.snippet.origin}:{lineno}:{colno}\n"
            f"{gutter} |\n"
            f"{lineno} | {shown}\n"
            f"{gutter} | {' ' * shown_col}{'^' * min(width, 80)}"
        )

    def __str__(self) -> str:
        return self.message


def _clip(line: str, col: int, width: int, room: int = 100) -> tuple[str, int]:
    """Cut a very long line around the caret so the message stays readable."""
    if len(line) <= room:
        return line, col
    start = max(0, col - room // 2)
    end = min(len(line), start + room + min(width, 80))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(line) else ""
    return prefix + line[start:end] + suffix, col - start + len(prefix)


def closest_names(name: str, known: Iterable[str]) -> list[str]:
    """The `known` names fewest edits from `name` (a third of its length at most; case
    counting least), best first: `Mutx` -> `Mutex`, `send` -> `Send`."""
    limit = max(1, len(name) // 3)
    scored = []
    for other in known:
        if other != name and abs(len(other) - len(name)) <= limit:
            d = _distance(other.lower(), name.lower())
            if d <= limit:
                scored.append((d, _distance(other, name), other))
    best = min((d for d, _, _ in scored), default=0)
    return [other for *_, other in sorted(x for x in scored if x[0] == best)]


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def unknown_name(what: str, name: str, similar: list[str]) -> str:
    """"unknown type `Mutx`: did you mean `Mutex`?" (the suggestion only when one is close)."""
    if not similar:
        return f"unknown {what} `{name}`"
    options = " or ".join(f"`{s}`" for s in similar)
    return f"unknown {what} `{name}`: did you mean {options}?"


class KBError(TraitlogicError):
    """A knowledge-base problem, reported as `file:line: message` (plus a caret if known)."""

    def __init__(self, message: str, file: str, line: int, detail: ParseError | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.detail = detail
        self.item: object = None  # the KB entry that failed, when one did (`Entry.fail`)

    def render(self) -> str:
        head = f"error: {self}"
        if self.detail is not None and self.detail.snippet is not None:
            caret = self.detail.render().split("\n", 1)[1]
            return f"{head}\n{caret}"
        return head

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line > 0 else self.file
        return f"{where}: {self.message}"


class UsageError(TraitlogicError):
    """A command used the wrong way (missing file, unknown format, ...)."""
