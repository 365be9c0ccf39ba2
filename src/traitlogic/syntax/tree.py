"""The one tree-sitter-rust parser, and helpers to find syntax errors in its trees (with a caret)."""
from __future__ import annotations

import os
import re
from functools import lru_cache

from tree_sitter import Language, Node, Parser, Tree

from ..core.errors import ParseError, Snippet
from ..core.types import PRIMITIVES

# Rust's strict and reserved keywords and `_`: never an identifier (rustc's `ident` fragment)
RESERVED_WORDS = frozenset(
    ["as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen", "_"]
)


@lru_cache(maxsize=1)
def _parser() -> Parser:
    return Parser(Language(_rust_grammar()))


def _rust_grammar() -> object:
    """tree-sitter-rust's grammar. Its package `__init__` imports `importlib.resources` (a fifth
    of a cold `ask`) for query files traitlogic never reads, so the compiled binding is loaded
    on its own; the package import is the fallback (start-up time)."""
    from importlib.machinery import EXTENSION_SUFFIXES, ExtensionFileLoader, ModuleSpec, PathFinder

    spec = PathFinder.find_spec("tree_sitter_rust")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        for suffix in EXTENSION_SUFFIXES:
            path = os.path.join(folder, "_binding" + suffix)
            if os.path.isfile(path):
                loader = ExtensionFileLoader("tree_sitter_rust._binding", path)
                module = loader.create_module(ModuleSpec(loader.name, loader, origin=path))
                loader.exec_module(module)
                return module.language()
    import tree_sitter_rust  # not laid out as usual: the package's own way (start-up time)

    return tree_sitter_rust.language()


def parse(source: str | bytes) -> tuple[Tree, bytes]:
    """The tree of `source` (UTF-8 bytes as they are, e.g. a file's), and its bytes."""
    data = source if isinstance(source, bytes) else source.encode("utf-8")
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


_TURBOFISH = re.compile(r"::\s*<")


def erase_turbofish(type_text: str) -> str:
    """`Vec::<i32>` -> `Vec  <i32>`: rustc reads a turbofish in a type as the plain generic, and
    tree-sitter-rust only knows it in expressions. Same length, so offsets and carets hold;
    const blocks (`{ f::<3>() }`) are expressions and keep theirs."""
    if _TURBOFISH.search(type_text) is None:  # most types: nothing to erase
        return type_text
    out = list(type_text)
    depth = 0
    for i, c in enumerate(type_text):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == ":" and depth == 0 and _TURBOFISH.match(type_text, i):
            out[i] = out[i + 1] = " "
    return "".join(out)


_AUTO = re.compile(r"\bauto(?=\s+trait\b)")


def mask_auto(decl_text: str) -> tuple[str, bool]:
    """`pub unsafe auto trait Send` -> `pub unsafe      trait Send`, and whether it said `auto`:
    tree-sitter-rust does not read `auto trait`. Same length, so offsets and carets hold."""
    masked = _AUTO.sub("    ", decl_text, count=1)
    return masked, masked != decl_text


def text_of(node: Node, data: bytes) -> str:
    return data[node.start_byte : node.end_byte].decode("utf-8")


def char_offset(data: bytes, byte_offset: int) -> int:
    """Character offset of a byte offset (tree-sitter counts bytes; messages count characters)."""
    return len(data[:byte_offset].decode("utf-8", errors="replace"))


# `u8<u8>`: rustc's E0109 (tree-sitter reads it as an error of its own)
_BUILTINS = "|".join(sorted(PRIMITIVES - {"!"}, key=len, reverse=True))
_BUILTIN_WITH_ARGS = re.compile(rf"(?<![\w:])({_BUILTINS})\b\s*(?:::\s*)?<")
_NODE_WORDS = {"type_identifier": "a type", "identifier": "a name", "primitive_type": "a type"}


def parse_item(text: str, snippet: Snippet, prefix: str = "", suffix: str = "") -> tuple[Node, bytes]:
    """Parse `prefix + text + suffix`; raise a ParseError pointing into `text` on a syntax error."""
    tree, data = parse(prefix + text + suffix)
    root = tree.root_node
    bad = first_error(root)
    if bad is not None:
        start = char_offset(data, bad.start_byte) - len(prefix)
        end = char_offset(data, bad.end_byte) - len(prefix)
        if bad.is_missing:
            expected = bad.type
            rest = text[max(start, 0):].strip()
            if expected == ">":
                message = "unclosed generic arguments: expected `>`"
            elif expected == ";" and prefix and rest:  # the goal's type ended before its text did
                message = f"unexpected `{rest[:40]}`"
            elif expected in _NODE_WORDS:
                message = f"expected {_NODE_WORDS[expected]}"
            else:
                message = f"expected `{expected}`"
            start = min(max(start, 0), len(text.rstrip()))  # may point just past the end
            raise ParseError(message, snippet, start, start + 1)
        start = min(max(start, 0), max(len(text) - 1, 0))
        inside = text[start:min(end, len(text))].strip()  # (never the prefix or suffix around it)
        found = inside or text[start:start + 1].strip() or "end of input"
        builtin = _BUILTIN_WITH_ARGS.search(found)
        if builtin:  # `u8<u8>`: as rustc says it
            raise ParseError(f"type arguments are not allowed on builtin type `{builtin[1]}` (rustc: E0109)",
                             snippet, start, max(end, start + 1))
        raise ParseError(f"unexpected `{found[:40]}`", snippet, start, max(end, start + 1))
    items = items_of(root)
    if len(items) > 1 and prefix:  # a goal's text wrapped in an item: what ends it early (a `;`) is the error
        start = min(max(char_offset(data, items[0].end_byte) - len(prefix) - 1, 0), max(len(text) - 1, 0))
        raise ParseError(f"unexpected `{text[start:start + 1]}`", snippet, start, start + 1)
    if len(items) != 1:
        raise ParseError("expected exactly one item", snippet, 0, len(text))
    return items[0], data


def items_of(root: Node) -> list[Node]:
    """The items of a parsed source (its comments left out)."""
    return [c for c in root.named_children if c.type not in ("line_comment", "block_comment")]


def child_field(node: Node, name: str) -> Node:
    """`node`'s field `name`, which the grammar always gives this kind of node."""
    found = node.child_by_field_name(name)
    if found is None:
        raise LookupError(f"tree-sitter node `{node.type}` has no `{name}` field")
    return found


def without_binder(bound: Node) -> Node:
    """The trait of `for<'a> Fn(&'a u8)` (lifetimes are ignored, so their binder is too)."""
    return child_field(bound, "type") if bound.type == "higher_ranked_trait_bound" else bound
