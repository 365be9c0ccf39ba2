"""Name resolution: full paths, path suffixes and short names -> declarations.

Short names resolve as after std's usual imports: a last segment that names one declaration,
or several of which exactly one is portable (not in a platform module `std::os::unix`, ...) or
in std's prelude. Otherwise the name is ambiguous and the error lists the candidates. A name
that resolves to nothing gets the closest known names (a few edits away) as suggestions.
"""
from __future__ import annotations

import re
from typing import Generic, Protocol, TypeVar

from ..core.errors import closest_names
from ..core.record import Record


class _Named(Protocol):
    @property
    def path(self) -> str: ...


E = TypeVar("E", bound=_Named)  # an entity with a canonical `.path` (TypeDecl, TraitDecl)

# std's platform modules (`std::os::unix`, `std::os::windows`, `std::os::wasi`, ...; not the
# portable `std::os::raw`): their items never compete for a short name with a portable one.
_PLATFORM = re.compile(r"^std::os::(?!raw::)\w+::")


class NameTable(Record, Generic[E]):
    """Paths of one namespace (types or traits) and the entity each names. (A `Record`, `==`
    and `repr` over its fields: `dataclasses` costs start-up time.)"""

    def __init__(self, what: str, by_path: dict[str, E] | None = None, by_last: dict[str, list[E]] | None = None,
                 paths_of: dict[str, list[str]] | None = None, prelude: set[str] | None = None):
        self.what = what  # "type" or "trait", for messages
        self.by_path: dict[str, E] = {} if by_path is None else by_path
        self.by_last: dict[str, list[E]] = {} if by_last is None else by_last
        self.paths_of: dict[str, list[str]] = {} if paths_of is None else paths_of  # canonical path -> its paths
        self.prelude: set[str] = set() if prelude is None else prelude  # canonical paths of prelude names

    def _names(self) -> tuple[str, ...]:
        return ("what", "by_path", "by_last", "paths_of", "prelude")

    def add(self, entity: E, paths: list[str], in_prelude: bool = False) -> E | None:
        """Register `entity` under `paths`; returns a previous entity holding one of them."""
        for p in paths:
            if p in self.by_path and self.by_path[p] is not entity:
                return self.by_path[p]
        # (an entity equal to this one has its path: it would have clashed above. So only this
        # call, or an earlier add of this very entity, can have put it in a bucket: big buckets
        # of one short name, `Error` in every module, are not searched)
        again = entity.path in self.paths_of
        self.paths_of[entity.path] = list(paths)
        placed: list[list[E]] = []
        for p in paths:
            self.by_path[p] = entity
            last = p.rsplit("::", 1)[-1]
            bucket = self.by_last.setdefault(last, [])
            if not any(b is bucket for b in placed) and not (again and any(e is entity for e in bucket)):
                bucket.append(entity)
                placed.append(bucket)
        if in_prelude:
            self.prelude.add(entity.path)
        return None

    def candidates(self, segments: list[str]) -> list[E]:
        """Entities a (possibly partial) path could mean, best first; more than one = ambiguous."""
        text = "::".join(segments)
        if text in self.by_path:
            return [self.by_path[text]]
        found = self.candidates_all(segments)
        if len(found) > 1:
            found = [e for e in found if not _PLATFORM.match(e.path)] or found
        if len(segments) == 1 and len(found) > 1:
            in_prelude = [e for e in found if e.path in self.prelude]
            if len(in_prelude) == 1:
                return in_prelude
        return found

    def candidates_all(self, segments: list[str]) -> list[E]:
        """Every entity one of whose paths ends with `segments` (no prelude preference)."""
        found = []
        for entity in self.by_last.get(segments[-1], []):
            for p in self.paths_of[entity.path]:
                parts = p.split("::")
                if parts[-len(segments):] == segments:
                    found.append(entity)
                    break
        return found

    def similar(self, segments: list[str]) -> list[str]:
        """The names fewest edits from an unknown `segments` (its last segment changed) that
        resolve, at most three: `Mutx` -> `Mutex`, `send` -> `Send`."""
        out = []
        for known in closest_names(segments[-1], self.by_last):
            text = "::".join(segments[:-1] + [known])
            if self.candidates(segments[:-1] + [known]) and text not in out:
                out.append(text)
        return out[:3]

    def display_name(self, entity: E, canonical: str) -> str:
        """The shortest path suffix of `canonical` that resolves back to `entity` alone."""
        parts = canonical.split("::")
        for n in range(1, len(parts) + 1):
            if self.candidates(parts[-n:]) == [entity]:
                return "::".join(parts[-n:])
        return canonical


