"""The shapes of tree-sitter-rust's type nodes: which child nodes a type is built from.

Pure tree navigation (no names, no scopes): `reader.TypeReader` walks types with these.
"""
from __future__ import annotations

from collections.abc import Callable

from tree_sitter import Node

from ..core.errors import ParseError
from .tree import child_field, without_binder

ErrorAt = Callable[[str, Node], ParseError]  # a message at a node -> the error to raise
TextOf = Callable[[Node], str]

LEAVES = {"type_identifier", "scoped_type_identifier", "primitive_type", "unit_type", "never_type"}
CONST_ARGS = {"integer_literal", "block", "boolean_literal", "char_literal", "negative_literal", "identifier"}


def type_children(node: Node, error: ErrorAt, text: TextOf) -> list[Node]:
    """The type nodes a type node is built from (children first in the reader's walk)."""
    k = node.type
    if k in LEAVES:
        if k == "scoped_type_identifier":
            q = qualified(node)
            if q is not None:
                return [child_field(q, "type")]
        return []
    if k == "generic_type":
        args = arg_types(node.child_by_field_name("type_arguments"))
        q = qualified(child_field(node, "type"))
        return args + ([child_field(q, "type")] if q is not None else [])
    if k in ("reference_type", "pointer_type"):
        return [child_field(node, "type")]
    if k == "array_type":
        return [child_field(node, "element")]
    if k == "tuple_type":
        return list(node.named_children)
    if k == "function_type":
        return fn_types(node)
    if k in ("dynamic_type", "bounded_type"):
        out: list[Node] = []
        for bound in dyn_bounds(node, error, text):
            if bound.type == "generic_type":
                out.extend(arg_types(bound.child_by_field_name("type_arguments")))
            elif bound.type == "function_type":
                out.extend(fn_types(bound))
        return out
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
