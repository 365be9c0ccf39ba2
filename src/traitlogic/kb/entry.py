"""One item of a KB file or of imported Rust, with where each of its fields was written."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.errors import KBError, ParseError, Snippet
from ..core.model import Origin
from .scope import ModuleScope


@dataclass
class Entry:
    """One item of a KB file (or of imported Rust): its fields and where each was written."""

    section: str
    values: dict[str, object]
    lines: dict[str, int]
    line: int
    file: str
    scope: ModuleScope | None = None  # Rust items: the module their names resolve in
    lenient: bool = False  # Rust impls of traits the KB does not know are skipped with a warning
    column: int = 1
    tree: Any = None  # (node, bytes): a crate item's tree in its file, when its text is the node's own

    def origin(self) -> Origin:
        return Origin(self.file, self.line)

    def source(self) -> str:
        """The entry's `source`, or where it was written when it names none."""
        return str(self.values.get("source") or self.origin())

    def snippet(self, key: str) -> Snippet:
        return Snippet(str(self.values[key]), self.file, self.lines.get(key, self.line), self.column)

    def fail(self, message: str, key: str | None = None, detail: ParseError | None = None) -> KBError:
        line = self.lines.get(key, self.line) if key else self.line
        error = KBError(message, self.file, line, detail)
        error.item = self
        return error
