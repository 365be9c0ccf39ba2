"""The lifetimes written in a type's syntax, by position (core.lifetimes): the type reader
keeps them beside the term it builds, for display only."""
from __future__ import annotations

from collections.abc import Callable, Mapping

from tree_sitter import Node

from ..core.lifetimes import Written, written
from .tree import child_field
from .type_nodes import fn_types, qualified


def lifetimes_of(node: Node, text: Callable[[Node], str], sub_written: Mapping[int, Written | None],
                 dyn_texts: Mapping[int, tuple[str, ...]]) -> Written | None:
    """The lifetimes written in `node`, from those of its children (`sub_written`, by node id)
    and, for a trait object, its bounds' texts with their lifetimes (`dyn_texts`)."""
    k, sub = node.type, sub_written.get
    here = tuple(text(c) for c in node.named_children if c.type == "lifetime")
    if k in ("type_identifier", "primitive_type"):
        return None
    if k == "scoped_type_identifier" or (k == "generic_type" and qualified(child_field(node, "type"))):
        q = qualified(child_field(node, "type") if k == "generic_type" else node)
        args: tuple[Written | None, ...] = (sub(child_field(q, "type").id),) if q is not None else ()
        if k == "generic_type":  # `<P as Pattern>::Searcher<'a>`
            here = tuple(text(c) for c in child_field(node, "type_arguments").named_children)
        return written(here, args)
    if k == "generic_type":
        type_args = node.child_by_field_name("type_arguments")
        children = type_args.named_children if type_args is not None else []
        return written(tuple(text(c) for c in children if c.type == "lifetime"),
                       tuple(sub(c.id) for c in children if c.type != "lifetime"))
    if k in ("reference_type", "pointer_type"):
        return written(here, (sub(child_field(node, "type").id),))
    if k == "array_type":
        return written((), (sub(child_field(node, "element").id), None))
    if k == "tuple_type":
        elems = node.named_children
        if len(elems) == 1 and not any(c.type == "," for c in node.children):
            return sub(elems[0].id)  # parenthesized
        return written((), tuple(sub(c.id) for c in elems))
    if k == "function_type":  # `for<'a> fn(&'a u8)`
        binder = tuple(f"for{text(c)[3:].strip()}" for c in node.named_children if c.type == "for_lifetimes")
        return written(binder, tuple(sub(c.id) for c in fn_types(node)))
    if k in ("dynamic_type", "bounded_type"):
        return written(_dyn_lifetimes(node, text), (), dyn_texts.get(node.id, ()))
    return None


def _dyn_lifetimes(node: Node, text: Callable[[Node], str]) -> tuple[str, ...]:
    """The lifetime bounds of `dyn A + B + 'a` (nested `bounded_type`s included)."""
    out: list[str] = []
    stack = [node]
    while stack:
        n = stack.pop()
        for c in n.named_children:
            if c.type == "lifetime":
                out.append(text(c))
            elif c.type in ("bounded_type", "dynamic_type"):
                stack.append(c)
    return tuple(dict.fromkeys(out))


def bound_text(b: Node, name: str, text: Callable[[Node], str], show: Callable[[Node], str],
               lifetimes: bool) -> str:
    """`Fn(&u8) -> u8`, `Iterator<Item = T>`: a trait object's bound as displayed, its types
    by `show` (`lifetimes`: with the lifetime arguments written in it)."""
    if b.type == "function_type":
        params = fn_types(b)
        ret = params.pop() if b.child_by_field_name("return_type") is not None else None
        return f"{name}({', '.join(map(show, params))})" + (f" -> {show(ret)}" if ret is not None else "")
    if b.type == "generic_type":
        parts = []
        for child in child_field(b, "type_arguments").named_children:
            if child.type == "lifetime":
                if lifetimes:
                    parts.append(text(child))
            elif child.type == "type_binding":
                parts.append(f"{text(child_field(child, 'name'))} = {show(child_field(child, 'type'))}")
            else:
                parts.append(show(child))
        return f"{name}<{', '.join(parts)}>"
    return name
