"""Recursive expansion of the item-position macro invocations in a Rust text.

Takes a text and `lookup(name) -> MacroDef | None`; gives the text with every invocation of a
known macro replaced by its expansion, expanded again until none is left or the depth limit
(rustc's `recursion_limit`, 128) is reached. Definitions in the text shadow `lookup`.
"""
from __future__ import annotations

from collections.abc import Callable

from tree_sitter import Node

from ..tree import parse, text_of
from . import MacroDef, expand, read_macro_def
from .tokens import MacroError

Lookup = Callable[[str], "MacroDef | None"]


def _invocations(root: Node) -> list[tuple[Node, Node]]:
    """(span to replace, macro_invocation) for each invocation in item position, in order."""
    out: list[tuple[Node, Node]] = []
    stack = [root]
    while stack:
        node = stack.pop()
        for child in node.named_children:
            if child.type == "macro_invocation":
                out.append((child, child))
            elif child.type == "expression_statement" and child.named_children and \
                    child.named_children[0].type == "macro_invocation":
                out.append((child, child.named_children[0]))
            elif child.type in ("mod_item", "impl_item", "trait_item", "declaration_list"):
                stack.append(child)
    return sorted(out, key=lambda p: p[0].start_byte)


def _with_attrs(text: str, attrs: str) -> str:
    """`attrs` (the attributes on a macro call) put on each item of its expansion, as rustc does."""
    tree, data = parse(text)
    out: list[str] = []
    pending = True
    for node in tree.root_node.children:
        if pending:
            out.append(attrs)
        out.append(text_of(node, data))
        pending = node.type != "attribute_item"
    return " ".join(out)


def expand_items(text: str, lookup: Lookup, depth_limit: int = 128, file: str = "", line: int | None = None,
                 crate_path: str = "crate", _depth: int = 0) -> str:
    """`text` with its item-position macro calls expanded recursively (MacroError at the limit)."""
    tree, data = parse(text)
    local: dict[str, MacroDef] = {}
    for node in tree.root_node.named_children:
        if node.type == "macro_definition":
            defined = read_macro_def(node, data, file)
            local[defined.name] = defined
    pieces: list[bytes] = []
    at = 0
    for span, call in _invocations(tree.root_node):
        name_node, args = call.child_by_field_name("macro"), call.named_children[-1]
        if name_node is None or args.type != "token_tree":
            continue
        name = text_of(name_node, data).rsplit("::", 1)[-1]
        found = local.get(name) or lookup(name)
        if found is None:
            continue
        where = call.start_point[0] + 1 if line is None else line
        if _depth >= depth_limit:
            raise MacroError(f"recursion limit reached while expanding `{name}!`", where, file)
        try:
            out = expand(found, args, data, file, crate_path)
            out = expand_items(out, lambda n: local.get(n) or lookup(n), depth_limit, file, where, crate_path,
                               _depth + 1)
        except MacroError as e:
            raise MacroError(e.message, where, file) from None
        first = span
        while (prev := first.prev_named_sibling) is not None and prev.type == "attribute_item":
            first = prev
        attrs = text_of(first, data)[: span.start_byte - first.start_byte].strip() if first is not span else ""
        pieces.append(data[at : first.start_byte])
        pieces.append((_with_attrs(out, attrs) if attrs else out).encode())
        at = span.end_byte
    pieces.append(data[at:])
    return b"".join(pieces).decode()
