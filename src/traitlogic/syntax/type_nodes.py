"""The shapes of tree-sitter-rust's type nodes: which child nodes a type is built from.

Pure tree navigation (no names, no scopes): `reader.TypeReader` walks types with these.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tree_sitter import Node

from ..core.errors import ParseError
from .tree import child_field, without_binder

ErrorAt = Callable[[str, Node], ParseError]  # a message at a node -> the error to raise
TextOf = Callable[[Node], str]

LEAVES = {"type_identifier", "scoped_type_identifier", "primitive_type", "unit_type", "never_type"}
CONST_ARGS = {"integer_literal", "block", "boolean_literal", "char_literal", "negative_literal", "identifier"}


Parts = tuple[str, list[Node], Any]  # a type node's kind, the type nodes it is built from, what else it needs


def type_parts(node: Node, error: ErrorAt, text: TextOf) -> Parts:
    """A type node's kind, the type nodes it is built from (children first in the reader's
    walk), and per kind what building it needs (so its children are visited once):
    `<X as T>` for a projection; (head, written arguments with their kinds, projection) for a
    generic type; the inner type of a reference or pointer; the element of an array; the
    elements of a tuple; the parameter and return types of a function; a trait object's bounds."""
    k = node.type
    if k in LEAVES:
        if k == "scoped_type_identifier":
            q = qualified(node)
            if q is not None:
                return k, [child_field(q, "type")], q
        return k, [], None
    if k == "generic_type":
        head = child_field(node, "type")
        args_node = node.child_by_field_name("type_arguments")
        written = [(c, c.type) for c in args_node.named_children] if args_node is not None else []
        walk = [child_field(c, "type") if ck == "type_binding" else c for c, ck in written
                if ck != "lifetime" and ck not in CONST_ARGS]
        q = qualified(head)
        if q is not None:
            walk.append(child_field(q, "type"))
        return k, walk, (head, args_node, written, q)
    if k in ("reference_type", "pointer_type"):
        inner = child_field(node, "type")
        return k, [inner], inner
    if k == "array_type":
        elem = child_field(node, "element")
        return k, [elem], elem
    if k == "tuple_type":
        elems = node.named_children
        return k, list(elems), elems
    if k == "function_type":
        types = fn_types(node)
        return k, list(types), types
    if k in ("dynamic_type", "bounded_type"):
        bounds = dyn_bounds(node, error, text)
        out: list[Node] = []
        for bound in bounds:
            if bound.type == "generic_type":
                out.extend(arg_types(bound.child_by_field_name("type_arguments")))
            elif bound.type == "function_type":
                out.extend(fn_types(bound))
        return k, out, bounds
    raise error(unsupported(k, text(node)), node)


def arg_types(args: Node | None) -> list[Node]:
    """The types among generic arguments (bindings' types too; lifetimes and consts left out)."""
    out = []
    for child in (args.named_children if args is not None else []):
        if child.type == "lifetime":
            continue
        if child.type == "type_binding":
            out.append(child_field(child, "type"))
        elif child.type in CONST_ARGS:
            continue
        else:
            out.append(child)
    return out

def fn_types(node: Node) -> list[Node]:
    """A function type's parameter types, then its return type."""
    out = []
    params = node.child_by_field_name("parameters")
    for p in (params.named_children if params is not None else []):
        if p.type == "parameter":
            out.append(child_field(p, "type"))
        elif p.type not in ("attribute_item", "variadic_parameter", "lifetime"):
            out.append(p)
    ret = node.child_by_field_name("return_type")
    if ret is not None:
        out.append(ret)
    return out

def dyn_bounds(node: Node, error: ErrorAt, text: TextOf) -> list[Node]:
    """The trait nodes of `dyn A + B + 'a` (lifetimes dropped), principal first."""
    if node.type == "dynamic_type":
        return [without_binder(child_field(node, "trait"))]
    out: list[Node] = []
    first = True
    for child in node.named_children:
        if child.type == "lifetime":
            first = False
            continue
        if child.type in ("dynamic_type", "bounded_type"):
            if not first and child.type == "dynamic_type":
                raise error("`dyn` may only start a trait-object type", child)
            out.extend(dyn_bounds(child, error, text))
        elif first:
            raise error(
                f"trait objects need `dyn`: write `dyn {text(node)}`", node)
        else:
            out.append(child)
        first = False
    return out


def qualified(node: Node) -> Node | None:
    """The `<X as Trait>` of `<X as Trait>::Name`, if `node` is such a projection."""
    path = node.child_by_field_name("path")
    if path is not None and path.type == "bracketed_type":
        inner = path.named_children[0] if path.named_children else None
        if inner is not None and inner.type == "qualified_type":
            return inner
    return None


def unsupported(kind: str, text: str) -> str:
    if kind == "abstract_type":
        return f"`impl Trait` is not a type traitlogic can ask about: `{text}`"
    if kind == "macro_invocation":
        return f"macros in type position are not supported: `{text}`"
    return f"expected a type, found `{text}`"
