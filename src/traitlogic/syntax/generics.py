"""The generics of an item as the readers need them: its parameters (names, defaults, `?Sized`),
the trait bounds its parameter list and `where` clause write."""
from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from ..core import types as T
from ..core.errors import ParseError, Snippet
from ..core.model import Bound, TypeParam
from .reader import TypeReader
from .tree import child_field, text_of


def type_params(generics: list[Generic], reader: TypeReader, data: bytes, read_defaults: bool = True,
                unsized: set[str] | None = None) -> tuple[TypeParam, ...]:
    """Declared parameters with their defaults read (or a placeholder while arities are all that
    is known) and whether each must be `Sized` (never for aliases: `unsized` None)."""
    params = []
    for g in generics:
        if g.default is None:
            default = None
        elif g.is_const:
            default = T.const(text_of(g.default, data))
        else:
            default = reader.read(g.default) if read_defaults else T.UNIT
        sized = unsized is not None and g.sized and g.name not in unsized
        params.append(TypeParam(g.name, default, sized, g.is_const))
    return tuple(params)


@dataclass
class Generic:
    name: str
    sized: bool
    bounds: list[Node]
    default: Node | None
    is_const: bool = False


def generics_of(item: Node, data: bytes, snippet: Snippet) -> list[Generic]:
    out = []
    tp = item.child_by_field_name("type_parameters")
    for child in (tp.named_children if tp is not None else []):
        if child.type == "lifetime_parameter":
            continue
        if child.type == "const_parameter":
            out.append(Generic(text_of(child_field(child, "name"), data), False, [],
                                child.child_by_field_name("value"), is_const=True))
            continue
        if child.type != "type_parameter":
            continue
        bounds_node = child.child_by_field_name("bounds")
        bounds = list(bounds_node.named_children) if bounds_node is not None else []
        sized = not any(b.type == "removed_trait_bound" for b in bounds)
        out.append(Generic(text_of(child_field(child, "name"), data), sized,
                            [b for b in bounds if b.type not in ("removed_trait_bound", "lifetime")],
                            child.child_by_field_name("default_type")))
    return out


def where_predicates(item: Node, data: bytes) -> list[Node]:
    if data.find(b"where", item.start_byte, item.end_byte) < 0:
        return []  # no `where` clause (most items): their children are not walked
    for child in item.named_children:
        if child.type == "where_clause":
            return [p for p in child.named_children if p.type == "where_predicate"]
    return []


def where_unsized(item: Node, data: bytes, names: frozenset[str]) -> list[str]:
    out = []
    for pred in where_predicates(item, data):
        left = child_field(pred, "left")
        bounds = pred.child_by_field_name("bounds")
        if left.type == "type_identifier" and text_of(left, data) in names and bounds is not None \
                and any(b.type == "removed_trait_bound" for b in bounds.named_children):
            out.append(text_of(left, data))
    return out


def read_bounds(generics: list[Generic], item: Node, reader: TypeReader,
                unreadable: list[str] | None = None) -> list[Bound]:
    """The trait bounds an item's generics and `where` clause write (`T: Clone`,
    `<I as Iterator>::Item: Send`); `?Sized` and lifetimes are not trait bounds. With
    `unreadable`, a bound naming a trait the scope does not know is listed there (its text)
    instead of raising."""
    bounds: list[Bound] = []

    def add(ty: T.Ty, node: Node) -> None:
        try:
            bounds.append(Bound(ty, reader._trait(_bound_trait(node)).path))
        except ParseError:
            if unreadable is None:
                raise
            unreadable.append(f"{T.format_type(ty)}: {reader.text(node)}")

    for g in generics:
        for b in g.bounds:
            add(T.param(g.name), b)
    for pred in where_predicates(item, reader.data):
        left = child_field(pred, "left")
        if left.type == "higher_ranked_trait_bound":
            left = child_field(left, "type")
        if left.type == "lifetime":
            continue
        ty = reader.read(left)
        bnodes = pred.child_by_field_name("bounds")
        for b in (bnodes.named_children if bnodes is not None else []):
            if b.type not in ("removed_trait_bound", "lifetime"):
                add(ty, b)
    return _dedup(bounds)


def _bound_trait(node: Node) -> Node:
    if node.type == "higher_ranked_trait_bound":
        return child_field(node, "type")
    return node


def _dedup(bounds: list[Bound]) -> list[Bound]:
    seen = set()
    out = []
    for b in bounds:
        if (b.ty, b.trait) not in seen:
            seen.add((b.ty, b.trait))
            out.append(b)
    return out
