"""What a crate's reading keeps of its modules, and what the cache keeps of it (no parser
needed to read it back): `Use`, `Item`, `Module`, `Tree`."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tree_sitter import Node


@dataclass
class Use:
    """One name a `use` (or `extern crate`) brings in: `name` None for a glob."""

    path: tuple[str, ...]
    name: str | None
    public: bool
    origin: str


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
    public: set[str] = field(default_factory=set)
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
