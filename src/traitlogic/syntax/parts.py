"""Split Rust text into its parts as written: generics, where-predicates, declarations, impl headers.

For tools that rewrite Rust text (the generators in `scripts/`): each function parses with
tree-sitter-rust and returns the source text of the parts it names (whitespace inside a part
kept, around it dropped), so `->`, nested `<..>` and `(..)` need no bracket counting.
A text that does not parse raises ValueError (a declaration's body may hold errors: rustdoc
shows `{ ... }` bodies).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from tree_sitter import Node

from .tree import char_offset, first_error, mask_auto, parse

__all__ = [
    "DeclText",
    "ImplHeader",
    "Param",
    "Predicate",
    "generic_args",
    "generic_params",
    "path_type",
    "read_decl_text",
    "read_decls",
    "read_impl_header",
    "where_predicates",
]


@dataclass(frozen=True)
class Param:
    """One generic parameter: `T: ?Sized + Send`, `'a`, `const N: usize`, `A = Global`."""

    text: str
    kind: str                 # "type", "lifetime" or "const"
    name: str                 # `T`, `'a`, `N`
    bounds: tuple[str, ...]   # `?Sized`, `Send` (a const's type is not a bound)
    default: str | None       # `Global`; a const's default value


@dataclass(frozen=True)
class Predicate:
    """One where-predicate: `<T as Deref>::Target: Eq + ?Sized`."""

    text: str
    lhs: str
    bounds: tuple[str, ...]


class _Text:
    """A parsed text: node texts and character offsets, with a wrapper prefix taken off."""

    def __init__(self, source: str, prefix: str = "", suffix: str = ""):
        tree, self.data = parse(prefix + source + suffix)
        self.root = tree.root_node
        self.skip = len(prefix.encode("utf-8"))
        self.skip_chars = len(prefix)

    def text(self, node: Node | None) -> str:
        return "" if node is None else self.data[node.start_byte:node.end_byte].decode("utf-8")

    def span(self, start: int, end: int) -> str:
        return self.data[max(start, self.skip):end].decode("utf-8")

    def offset(self, byte: int) -> int:
        return char_offset(self.data, byte) - self.skip_chars

    def item(self, kinds: tuple[str, ...], source: str, body_errors: bool = False) -> Node:
        items = [c for c in self.root.named_children if c.type not in ("line_comment", "block_comment")]
        if not items or items[0].type not in kinds:
            raise ValueError(f"expected {' or '.join(kinds)}: {source!r}")
        bad = first_error(self.root)
        body = items[0].child_by_field_name("body")
        if bad is not None and not (body_errors and body is not None and bad.start_byte >= body.start_byte):
            raise ValueError(f"cannot read {source!r}")
        return items[0]


def _params(t: _Text, node: Node | None) -> list[Param]:
    out = []
    for child in (node.named_children if node is not None else []):
        name = t.text(child.child_by_field_name("name"))
        bounds = _bounds(t, child.child_by_field_name("bounds"))
        if child.type == "lifetime_parameter":
            out.append(Param(t.text(child), "lifetime", name, bounds, None))
        elif child.type == "const_parameter":
            value = child.child_by_field_name("value")
            out.append(Param(t.text(child), "const", name, (), t.text(value) if value else None))
        elif child.type == "type_parameter":
            default = child.child_by_field_name("default_type")
            out.append(Param(t.text(child), "type", name, bounds, t.text(default) if default else None))
    return out


def _bounds(t: _Text, node: Node | None) -> tuple[str, ...]:
    return tuple(t.text(b) for b in (node.named_children if node is not None else []))


def _predicates(t: _Text, where: Node | None) -> list[Predicate]:
    return [Predicate(t.text(p), t.text(p.child_by_field_name("left")), _bounds(t, p.child_by_field_name("bounds")))
            for p in (where.named_children if where is not None else []) if p.type == "where_predicate"]


def _where(item: Node) -> Node | None:
    return next((c for c in item.named_children if c.type == "where_clause"), None)


def generic_params(generics: str) -> list[Param]:
    """The parameters of a generics list: `<'a, T: ?Sized, F = fn() -> T>` -> 'a, T, F."""
    if not generics.strip():
        return []
    t = _Text(generics, "struct __S", ";")
    item = t.item(("struct_item",), generics)
    return _params(t, item.child_by_field_name("type_parameters"))


def where_predicates(where: str) -> list[Predicate]:
    """The predicates of a where-clause, with or without its `where`: `A: Allocator, T: ?Sized`."""
    if not where.strip():
        return []
    prefix = "struct __S " if re.match(r"\s*where\b", where) else "struct __S where "
    t = _Text(where, prefix, " {}")  # (not `;`: tree-sitter-rust misreads a unit struct's where)
    return _predicates(t, _where(t.item(("struct_item",), where)))


def path_type(type_text: str) -> tuple[str, list[str]] | None:
    """A path type's path and top-level generic arguments: `std::sync::Arc<Mutex<T>, A>` ->
    (`std::sync::Arc`, [`Mutex<T>`, `A`]); None for other types (`&Arc<T>`, `[T]`)."""
    t = _Text(type_text, "type __G = ", ";")
    node = t.item(("type_item",), type_text).child_by_field_name("type")
    if node is not None and node.type in ("type_identifier", "scoped_type_identifier"):
        return t.text(node), []
    if node is None or node.type != "generic_type":
        return None
    args = node.child_by_field_name("type_arguments")
    return t.text(node.child_by_field_name("type")), [t.text(a) for a in (args.named_children if args else [])]


def generic_args(type_text: str) -> list[str]:
    """The top-level generic arguments of a path type: `Arc<T, A>` -> `T`, `A`; [] for others
    (`&Arc<T>`, `[T]`, `Vec`)."""
    parts = path_type(type_text)
    return parts[1] if parts is not None else []


@dataclass(frozen=True)
class ImplHeader:
    """`impl<..> !Trait<..> for Self where ..`: each part's text, and where two parts end."""

    generics: str            # `<T: ?Sized>` or ""
    params: tuple[Param, ...]
    negative: bool
    trait: str               # the trait's path, without arguments
    trait_args: str          # `<str>` or ""
    self_ty: str
    where: str               # `where T: Send` or ""
    predicates: tuple[Predicate, ...]
    generics_end: int        # character offset just past the generics (past `impl` without)
    trait_end: int           # character offset just past the trait and its arguments


def read_impl_header(text: str) -> ImplHeader | None:
    """The parts of a trait impl's header (a body may follow); None when the trait is not a
    plain path (`<T as X>::Y`). Raises ValueError when the text is not a trait impl."""
    t = _Text(text, "", " {}" if not text.rstrip().endswith("}") else "")
    item = t.item(("impl_item",), text, body_errors=True)
    trait = item.child_by_field_name("trait")
    self_ty = item.child_by_field_name("type")
    if trait is None or self_ty is None:
        raise ValueError(f"not a trait impl: {text!r}")
    args = trait.child_by_field_name("type_arguments") if trait.type == "generic_type" else None
    path = trait.child_by_field_name("type") if trait.type == "generic_type" else trait
    if path is None or path.type not in ("type_identifier", "scoped_type_identifier") \
            or not re.fullmatch(r"[\w:]+", t.text(path)):
        return None
    generics = item.child_by_field_name("type_parameters")
    impl_kw = next(c for c in item.children if c.type == "impl")
    where = _where(item)
    return ImplHeader(t.text(generics), tuple(_params(t, generics)),
                      any(c.type == "!" for c in item.children), t.text(path), t.text(args),
                      t.text(self_ty), t.text(where), tuple(_predicates(t, where)),
                      t.offset((generics or impl_kw).end_byte), t.offset(trait.end_byte))


@dataclass(frozen=True)
class DeclText:
    """A struct, enum, union, trait or type alias declaration, split into its parts."""

    kind: str                # "struct", "enum", "union", "trait", "type"
    name: str
    is_unsafe: bool
    is_auto: bool
    generics: str            # `<T, A = Global>` or ""
    params: tuple[Param, ...]
    bounds: tuple[str, ...]  # a trait's supertraits
    where: str
    predicates: tuple[Predicate, ...]
    head: str                # the text without its body and final `;` (a tuple struct's
    #                          where-clause kept, after one space in place of the body)


_KINDS = {"struct_item": "struct", "enum_item": "enum", "union_item": "union", "trait_item": "trait",
          "type_item": "type"}


def read_decl_text(text: str) -> DeclText:
    """The parts of a declaration's text (its body may be rustdoc's `{ ... }`)."""
    masked, is_auto = mask_auto(text)
    t = _Text(masked)
    unit = t.root.has_error and masked.rstrip().endswith(";")
    if unit:  # tree-sitter-rust misreads `struct S<T> where T: X;`: read it with a `{}` body
        t = _Text(masked.rstrip()[:-1], "", " {}")
    item = t.item(tuple(_KINDS), text, body_errors=True)
    body = None if unit else item.child_by_field_name("body")
    where = _where(item)
    if unit:
        head = t.span(0, where.end_byte if where else item.end_byte)
    elif body is None:
        head = t.span(0, item.end_byte).rstrip().removesuffix(";")
    elif body.type == "ordered_field_declaration_list":
        head = t.span(0, body.start_byte) + " " + (t.span(body.end_byte, where.end_byte) if where else "")
    else:
        head = t.span(0, body.start_byte)
    head = text[:len(head)] if is_auto else head  # the mask kept every offset
    generics = item.child_by_field_name("type_parameters")
    return DeclText(_KINDS[item.type], t.text(item.child_by_field_name("name")),
                    any(c.type == "unsafe" for c in item.children), is_auto, t.text(generics),
                    tuple(_params(t, generics)),
                    _bounds(t, item.child_by_field_name("bounds")) if item.type == "trait_item" else (),
                    t.text(where), tuple(_predicates(t, where)), head)


def read_decls(source: str) -> list[DeclText]:
    """The struct, enum, union, trait and type alias declarations at the top level of a
    source file, in source order."""
    t = _Text(source)
    return [read_decl_text(t.text(c)) for c in t.root.named_children if c.type in _KINDS]
