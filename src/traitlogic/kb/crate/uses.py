"""`use` trees as the names they bring in, paths kept as written (`self`, `super`, `crate`).

    use a::{b::C as D, e::*, self};  -> Use(("a","b","C"), "D"), Use(("a","e"), None), Use(("a",), "a")
"""
from __future__ import annotations

from tree_sitter import Node

from ...syntax.tree import text_of
from .model import Use, Vis


def read_use(node: Node | None, data: bytes, public: bool, origin: str, vis: Vis) -> list[Use]:
    out: list[Use] = []
    stack: list[tuple[Node, tuple[str, ...]]] = [(node, ())] if node is not None else []
    while stack:
        n, prefix = stack.pop()
        kind = n.type
        if kind in ("identifier", "scoped_identifier", "crate", "self", "super", "metavariable"):
            path = prefix + _segments(n, data)
            if path and path[-1] == "self":
                path = path[:-1]
            if path:
                out.append(Use(path, path[-1], public, origin, vis))
        elif kind == "use_as_clause":
            path = prefix + tuple(p for p in field_text(n, "path", data).replace(" ", "").split("::") if p)
            if path and path[-1] == "self":
                path = path[:-1]
            alias = field_text(n, "alias", data)
            if alias != "_" and path:
                out.append(Use(path, alias, public, origin, vis))
        elif kind == "use_wildcard":
            inner = n.named_children[0] if n.named_children else None
            out.append(Use(prefix + (_segments(inner, data) if inner is not None else ()), None, public, origin, vis))
        elif kind == "scoped_use_list":
            path_node = n.child_by_field_name("path")
            path = prefix + (_segments(path_node, data) if path_node is not None else ())
            lst = n.child_by_field_name("list")
            stack += [(c, path) for c in reversed(lst.named_children if lst is not None else [])]
        elif kind == "use_list":
            stack += [(c, prefix) for c in reversed(n.named_children)]
    return out


def _segments(node: Node, data: bytes) -> tuple[str, ...]:
    text = "".join(text_of(node, data).split())
    parts = tuple(s for s in text.split("::"))
    if parts and parts[0] == "":
        return ("::extern",) + tuple(p for p in parts[1:] if p)  # `::dep::x`: the extern prelude only
    return tuple(p for p in parts if p)


def field_text(node: Node, name: str, data: bytes) -> str:
    """The text of a node's field (empty when the field is missing)."""
    child = node.child_by_field_name(name)
    return text_of(child, data) if child is not None else ""
