"""The one tree-sitter-rust parser, and helpers to find syntax errors in its trees."""
from __future__ import annotations

from functools import lru_cache

import tree_sitter_rust
from tree_sitter import Language, Node, Parser, Tree


@lru_cache(maxsize=1)
def _parser() -> Parser:
    return Parser(Language(tree_sitter_rust.language()))


def parse(source: str) -> tuple[Tree, bytes]:
    data = source.encode("utf-8")
    return _parser().parse(data), data


def first_error(node: Node) -> Node | None:
    """The first ERROR or MISSING node under `node` in source order (iterative)."""
    if not node.has_error:
        return None
    stack = [node]
    while stack:
        n = stack.pop()
        if n.is_error or n.is_missing:
            return n
        if n.has_error:
            stack.extend(reversed(n.children))
    return None


def text_of(node: Node, data: bytes) -> str:
    return data[node.start_byte : node.end_byte].decode("utf-8")


def char_offset(data: bytes, byte_offset: int) -> int:
    """Character offset of a byte offset (tree-sitter counts bytes; messages count characters)."""
    return len(data[:byte_offset].decode("utf-8", errors="replace"))
