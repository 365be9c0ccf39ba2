"""KB entries for a crate's items: declaration text with what rustc would not see cut out.

    struct S { #[cfg(off)] a: Rc<u8>, b: u8 }  -> `struct S { b: u8 }`
    struct B<T> { x: [T; N] }   (const N = 16)   -> `struct B<T> { x: [T; 16] }`
    struct W<I: Iterator> { x: I::Item }        -> `struct W<I: Iterator> { x: <I as Iterator>::Item }`
    #[derive(Clone)] struct S<T>                -> `impl<T: Clone> Clone for S<T> {}`
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any

from tree_sitter import Node

from ...syntax.derive import derived_impls
from ...syntax.tree import text_of
from ..entry import Entry
from . import attrs as A
from .consts import evaluate
from .model import Item
from .uses import field_text

SECTIONS = {"struct_item": "types", "enum_item": "types", "union_item": "types",
            "trait_item": "traits", "type_item": "aliases"}
_LISTS = {"field_declaration_list", "ordered_field_declaration_list", "enum_variant_list"}
# what the text of a node `_edited` edits contains: an attribute, `crate`, an array, a path
_EDITED = re.compile(rb"#|crate|\[|::")
_MARKERS = {"Send", "Sync", "Sized", "?Sized", "Copy", "Clone", "Unpin", "Debug", "Default", "Eq",
            "PartialEq", "Ord", "PartialOrd", "Hash", "UnwindSafe", "RefUnwindSafe", "'static"}
_KNOWN = {"Item": ("Iterator", "IntoIterator"), "IntoIter": ("IntoIterator",), "Target": ("Deref",),
          "Output": ("Future", "FnOnce", "Add", "Sub", "Mul", "Div", "Rem", "Neg", "Not", "BitAnd",
                     "BitOr", "BitXor", "Shl", "Shr"), "Err": ("FromStr",), "Error": ("TryFrom", "TryInto"),
          "Owned": ("ToOwned",)}


def entries(item: Item, key: str, cfg: A.Cfg, consts: dict[str, str], scope: Any) -> list[Entry]:
    """The entries one item makes (none for inherent impls)."""
    node, data = item.node, item.data
    if item.kind == "impl_item" and node.child_by_field_name("trait") is None:
        return []
    text = _edited(node, data, cfg, consts, len(item.module))
    where = f"{item.file}:{item.line}"
    # the text as written (most items): the build reads the file's tree instead of parsing it again
    tree = (node, data) if not node.has_error and text.encode() == data[node.start_byte:node.end_byte] else None
    if item.kind == "impl_item":
        return [_entry("impls", {"impl": text}, item, where, scope, True, tree)]
    name = field_text(node, "name", data)
    path = "::".join((key,) + item.module + (name,))
    out = [_entry(SECTIONS[item.kind], {"decl": text, "path": path}, item, where, scope, False, tree)]
    derives = A.derives(item.attrs) if item.kind in ("struct_item", "enum_item", "union_item") else []
    if derives:
        derived = scope.for_derive()
        out += [_entry("impls", {"impl": t}, item, where, derived, True) for t in derived_impls(derives, node, data)]
    return out


def _entry(section: str, values: dict[str, object], item: Item, where: str, scope: Any, lenient: bool,
           tree: tuple[Node, bytes] | None = None) -> Entry:
    values["source"] = where
    key = "impl" if section == "impls" else "decl"
    return Entry(section, values, {key: item.line}, item.line, item.file, scope, lenient,
                 item.node.start_point[1] + 1, tree)


def _edited(node: Node, data: bytes, cfg: A.Cfg, consts: dict[str, str], depth: int) -> str:
    """The item's text with cfg'd-out fields and variants removed and shorthands spelled out;
    `crate::` becomes `self::` / `super::...` (the type reader drops a leading `crate`)."""
    raw = data[node.start_byte:node.end_byte]
    marks = [node.start_byte + m.start() for m in _EDITED.finditer(raw)]
    if not marks:
        return raw.decode("utf-8", "replace")  # nothing below could be edited
    edits: list[tuple[int, int, str]] = []
    root = "::".join(["super"] * depth) or "self"
    bounds = _bounds(node, data) if b"::" in raw else {}
    stack = [node]
    while stack:
        n = stack.pop()
        at = bisect_left(marks, n.start_byte)
        if at == len(marks) or marks[at] >= n.end_byte:
            continue  # no mark inside: nothing below it is edited
        if n.type in _LISTS:
            edits += _cfg_edits(n, data, cfg)
        elif n.type == "crate" and n.parent is not None and n.parent.type != "visibility_modifier":
            edits.append((n.start_byte, n.end_byte, root))
        elif n.type == "array_type":
            length = n.child_by_field_name("length")
            if length is not None and length.type != "integer_literal":
                value = evaluate(text_of(length, data), consts)
                if value is not None:
                    edits.append((length.start_byte, length.end_byte, str(value)))
        elif n.type == "scoped_type_identifier":
            spelled = _projection(n, data, bounds)
            if spelled is not None:
                edits.append((n.start_byte, n.end_byte, spelled))
                continue
        stack.extend(n.named_children)
    out, pos = bytearray(), node.start_byte
    for start, end, new in sorted(edits):
        if start < pos:
            continue  # inside something already cut out
        out += data[pos:start] + new.encode()
        pos = end
    out += data[pos:node.end_byte]
    return out.decode("utf-8", "replace")


def _cfg_edits(lst: Node, data: bytes, cfg: A.Cfg) -> list[tuple[int, int, str]]:
    edits = []
    kids = lst.children
    for i, c in enumerate(kids):
        if c.type != "attribute_item" or A.effective(text_of(c, data), cfg) is not None:
            continue
        j = i + 1  # the field or variant runs to the next `,` of the list (or its closing bracket)
        while j < len(kids) - 1 and kids[j].type != ",":
            j += 1
        end = kids[j].end_byte if kids[j].type == "," else kids[j - 1].end_byte
        edits.append((c.start_byte, end, ""))
    return edits


def _bounds(node: Node, data: bytes) -> dict[str, list[str]]:
    """Type parameter -> its trait bounds (from `<...>` and `where`), generic arguments kept."""
    out: dict[str, list[str]] = {}
    params = node.child_by_field_name("type_parameters")
    for p in (params.named_children if params is not None else []):
        if p.type == "type_parameter":
            tb = p.child_by_field_name("bounds")
            name = field_text(p, "name", data)
            out.setdefault(name, []).extend(_bound_list(tb, data))
    where = next((c for c in node.named_children if c.type == "where_clause"), None)
    for pred in (where.named_children if where is not None else []):
        left = pred.child_by_field_name("left")
        if left is not None and left.type == "type_identifier":
            out.setdefault(text_of(left, data), []).extend(_bound_list(pred.child_by_field_name("bounds"), data))
    return out


def _bound_list(tb: Node | None, data: bytes) -> list[str]:
    return [text_of(b, data) for b in (tb.named_children if tb is not None else [])
            if b.type not in ("lifetime", "removed_trait_bound")]


def _projection(n: Node, data: bytes, bounds: dict[str, list[str]]) -> str | None:
    path, name = n.child_by_field_name("path"), n.child_by_field_name("name")
    if path is None or name is None or path.type not in ("identifier", "type_identifier"):
        return None
    param, assoc = text_of(path, data), text_of(name, data)
    if param not in bounds:
        return None
    traits = [b for b in bounds[param] if _last(b) not in _MARKERS]
    known = [b for b in traits if _last(b) in _KNOWN.get(assoc, ())]
    pick = known if known else traits
    if len(pick) != 1:
        return None
    return f"<{param} as {_plain(pick[0])}>::{assoc}"


def _last(bound: str) -> str:
    return bound.split("<", 1)[0].strip().rsplit("::", 1)[-1]


def _plain(bound: str) -> str:
    """`Iterator<Item = u8>` -> `Iterator` (bindings are not part of a trait path)."""
    head, _, args = bound.partition("<")
    if not args or "=" in args:
        return head.strip()
    return bound.strip()


