"""What a crate's reading keeps of its modules, and what the cache keeps of it (no parser
needed to read it back): `Use`, `Item`, `Module`, `Tree`; visibilities as rustc reads them.

    Vis: None = `pub` (everywhere); a module path = visible in that module and below it
    visibility("pub(super)", ("a", "b")) -> ("a",)      visibility(None, ("a",)) -> ("a",)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tree_sitter import Node

Vis = tuple[str, ...] | None


def visibility(written: str | None, module: tuple[str, ...]) -> Vis:
    """The visibility of an item or `use` written in `module` (`written`: its modifier)."""
    if written is None:
        return module  # private: its own module and the modules inside it
    text = "".join(written.split())
    if text in ("crate", "pub(crate)"):  # `crate` alone: the old spelling of pub(crate)
        return ()
    if text == "pub(self)":
        return module
    if text == "pub(super)":
        return module[:-1]
    if text.startswith("pub(in") and text.endswith(")"):
        out: tuple[str, ...] | None = None
        for seg in text[len("pub(in"):-1].split("::"):
            if seg == "crate":
                out = ()
            elif seg == "self":
                out = module
            elif seg == "super":
                out = (module if out is None else out)[:-1]
            else:
                out = (() if out is None else out) + (seg,)  # edition 2015: from the crate root
        return out if out is not None else module
    return None  # `pub`


@dataclass
class Use:
    """One name a `use` (or `extern crate`) brings in: `name` None for a glob."""

    path: tuple[str, ...]
    name: str | None
    public: bool
    origin: str
    vis: Vis  # the `use` declaration's own visibility


@dataclass
class Item:
    """One item that may become a KB entry (a type, trait, alias or trait impl)."""

    kind: str
    node: Node
    data: bytes
    file: str
    line: int  # where it is written (a macro call's line for what the call made)
    module: tuple[str, ...]
    attrs: list[str]


@dataclass
class Module:
    path: tuple[str, ...]  # below the crate root: () is the root
    origin: str
    defs: dict[str, str] = field(default_factory=dict)  # name -> "type" | "trait" | "mod"
    public: set[str] = field(default_factory=set)  # names with any `pub` modifier
    vis: dict[str, Vis] = field(default_factory=dict)  # name -> visibility, for every item
    uses: list[Use] = field(default_factory=list)
    consts: dict[str, str] = field(default_factory=dict)
    unexpanded: list[tuple[str, str]] = field(default_factory=list)  # (macro, file:line)
    missing: dict[str, str] = field(default_factory=dict)  # child module -> why it is unknown


@dataclass
class Tree:
    """What one crate's sources declare."""

    name: str
    modules: dict[tuple[str, ...], Module]
    items: list[Item]
    files: list[str]
    warnings: list[str]
    exported: dict[str, Any]  # `#[macro_export]` macros by name
    no_std: bool = False


class Unexpanded(dict[tuple[str, ...], Module]):
    """What a tree keeps of its modules once read: those with macro calls it did not expand
    (goals name them in errors); any other module reads as an empty one."""

    def __missing__(self, path: tuple[str, ...]) -> Module:
        return Module(path, "")
