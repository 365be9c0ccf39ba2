"""What the syntax readers need from a knowledge base to resolve names (the `Scope` protocol),
and the one statement of what a looked-up name resolves to (`resolve_name`)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from ..core import types as T
from ..core.errors import ParseError, Snippet, unknown_name
from ..core.model import AliasDecl, TraitDecl, TypeDecl


class Scope(Protocol):
    """What the reader needs from a knowledge base."""

    def lookup_type(self, segments: list[str]) -> list[TypeDecl | AliasDecl]: ...
    def lookup_trait(self, segments: list[str]) -> list[TraitDecl]: ...
    def similar_types(self, segments: list[str]) -> list[str]: ...
    def similar_traits(self, segments: list[str]) -> list[str]: ...
    def type_display(self, decl: TypeDecl | AliasDecl) -> str: ...
    def trait_display(self, decl: TraitDecl) -> str: ...
    def type_decl(self, path: str) -> TypeDecl | None: ...
    def alias_target(self, alias: AliasDecl) -> T.Ty | None: ...
    def normalize(self, ty: T.Ty) -> T.Ty: ...


_Decl = TypeVar("_Decl", TypeDecl | AliasDecl, TraitDecl)


def resolve_name(what: str, name: str, found: Sequence[_Decl], similar: Callable[[], list[str]], snippet: Snippet,
            start: int, end: int) -> _Decl:
    """The one declaration that `name` (a type or trait, `what`) resolves to: none is an error with
    the `similar` names ("did you mean"), several an error listing them (with std's readings).
    Callers take a single match themselves (the common case, without computing the span)."""
    if not found:
        raise ParseError(unknown_name(what, name, similar()), snippet, start, end)
    if len(found) > 1:
        options = ", ".join(f"`{d.path}`" for d in found)
        raise ParseError(f"`{name}` is ambiguous: it could be {options}; write the path", snippet, start, end,
                         _std_readings(found))
    return found[0]


def _std_readings(found: Sequence[TypeDecl | AliasDecl | TraitDecl]) -> tuple[str, ...]:
    """The paths an ambiguous short name of std's could mean (a goal may be answered in every
    reading); none for names of your own code, which stay an error listing the paths."""
    paths = tuple(d.path for d in found)
    return paths if all(p.split("::", 1)[0] in ("std", "core", "alloc") for p in paths) else ()
