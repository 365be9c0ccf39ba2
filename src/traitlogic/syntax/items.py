"""Read Rust item snippets — type, trait and alias declarations, impls — into their parts.

(Types and goals are read by `goals`; `read_type` and `split_goal` are re-exported here.)

Each reader wraps the snippet in just enough Rust to make it an item, parses it with
tree-sitter-rust, reports the first syntax error with a caret, and converts the tree.
"""
from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from ..core import types as T
from ..core.errors import ParseError, Snippet
from ..core.model import Bound, Field, TraitDecl, TypeParam
from .generics import generics_of, read_bounds, type_params, where_unsized
from .goals import GoalText, read_type, split_goal
from .reader import Scope, TypeReader
from .stages import ReadCache, Recording, read_field, self_type
from .tree import child_field, items_of, mask_auto, parse, parse_item, text_of

__all__ = [
    "GoalText",
    "ReadCache",
    "impl_trait_name",
    "read_alias",
    "read_impl",
    "read_trait_decl",
    "read_type",
    "read_type_decl",
    "split_goal",
]


# -- declarations ---------------------------------------------------------------------------
@dataclass
class TypeDeclParts:
    kind: str
    name: str
    params: tuple[TypeParam, ...]
    fields: tuple[Field, ...] | None
    bounds: tuple[Bound, ...] = ()  # what the declaration requires of its parameters (stage "full")
    unreadable_bounds: tuple[str, ...] = ()  # bounds naming traits the scope does not know
    lifetimes: tuple[str, ...] = ()  # the lifetime parameters (`'a`), for display


def read_type_decl(text: str, snippet: Snippet, scope: Scope, private: bool,
                   stage: str = "full", cache: ReadCache | None = None) -> TypeDeclParts:
    """`pub struct Arc<T: ?Sized, A = Global>` (+ body when structural) -> its parts.

    Declarations refer to each other, so the loader reads them in stages: "generics" (the
    parameter list only, defaults left as placeholders: enough to check arities), then
    "defaults", then "full" (fields too); `cache` keeps each text's tree from one stage to the
    next (the text is parsed once) and the subtrees read in the last stage.
    """
    got = cache.parsed.get((text, private)) if cache is not None else None
    item, data = got if got is not None else _declaration(text, snippet, private)
    if cache is not None:
        cache.parsed[(text, private)] = item, data
    if item.type not in ("struct_item", "enum_item", "union_item"):
        raise ParseError("expected a `struct`, `enum` or `union` declaration", snippet, 0, len(text))
    kind = item.type.split("_")[0]
    name = text_of(child_field(item, "name"), data)
    if stage == "generics" and item.child_by_field_name("type_parameters") is None:
        return TypeDeclParts(kind, name, (), None)  # (no parameters: nothing below could fail)
    key = recording = None
    if stage == "full" and cache is not None and cache.share:  # read in another module already?
        key, shared = cache.declaration(item, data, private, scope)
        if shared is not None:
            s = shared
            return TypeDeclParts(kind, name, s.params, s.fields, s.bounds, s.unreadable_bounds, s.lifetimes)
        recording = Recording(scope) if key is not None else None  # (what this read depends on)
    generics = generics_of(item, data, snippet)
    names = frozenset(g.name for g in generics)
    reader = TypeReader(recording or scope, data, snippet, 0, names, check_wf=False)
    unsized = set(where_unsized(item, data, names))
    if stage == "full" and cache is not None and cache.share and recording is None:
        reader.known = cache.known(scope, names)  # (it would skip lookups: not while recording)
    params = type_params(generics, reader, data, read_defaults=stage != "generics", unsized=unsized)
    if stage != "full":
        return TypeDeclParts(kind, name, params, None)
    if data.find(b"Self", item.start_byte, item.end_byte) >= 0:  # (most declarations never say it)
        reader.self_type = self_type(name, params, scope)
    fields = None if private else _fields(item, kind, reader, data, cache)
    unreadable: list[str] = []
    bounds = read_bounds(generics, item, reader, unreadable)
    tp = item.child_by_field_name("type_parameters")
    lifetimes = tuple(text_of(child_field(c, "name"), data) for c in (tp.named_children if tp is not None else [])
                      if c.type == "lifetime_parameter")
    parts = TypeDeclParts(kind, name, params, fields, tuple(bounds), tuple(unreadable), lifetimes)
    if cache is not None and key is not None and recording is not None:
        cache.declarations.setdefault(key, []).append((tuple(recording.log), parts))
    return parts


def _declaration(text: str, snippet: Snippet, private: bool) -> tuple[Node, bytes]:
    """Parse a declaration. A private one's body is not read, and the KB writes only its header
    (`pub struct Arc<T: ?Sized, A = Global>`): one that is not a whole item is read as `header {}`."""
    if private:
        tree, data = parse(text)
        items = items_of(tree.root_node)
        if not tree.root_node.has_error and len(items) == 1:
            return items[0], data
        return parse_item(text.rstrip() + " {}", snippet)
    return parse_item(text.rstrip(), snippet)


def _fields(item: Node, kind: str, reader: TypeReader, data: bytes, cache: ReadCache | None) -> tuple[Field, ...]:
    body = item.child_by_field_name("body")
    if body is None:
        return ()
    if kind == "enum":
        out: list[Field] = []
        for variant in body.named_children:
            if variant.type != "enum_variant":
                continue
            vname = text_of(child_field(variant, "name"), data)
            vbody = variant.child_by_field_name("body")
            out.extend(Field(f"{vname}.{f.label}", f.ty, f.written) for f in _field_list(vbody, reader, data, cache))
        return tuple(out)
    return tuple(_field_list(body, reader, data, cache))


def _field_list(body: Node | None, reader: TypeReader, data: bytes, cache: ReadCache | None) -> list[Field]:
    if body is None:
        return []
    def field(label: str, node: Node) -> Field:
        return Field(label, *read_field(reader, node, cache))

    if body.type == "field_declaration_list":
        return [field(text_of(child_field(f, "name"), data), child_field(f, "type"))
                for f in body.named_children if f.type == "field_declaration"]
    types = [c for c in body.named_children if c.type not in ("visibility_modifier", "attribute_item")]
    return [field(str(i), c) for i, c in enumerate(types)]


@dataclass
class TraitDeclParts:
    name: str
    is_auto: bool
    is_unsafe: bool
    supertraits: list[TraitDecl]


def read_trait_decl(text: str, snippet: Snippet, scope: Scope) -> TraitDeclParts:
    """`pub unsafe auto trait Send` / `pub trait Error: Debug + Display` -> its parts."""
    cleaned, is_auto = mask_auto(text)
    cleaned = cleaned.rstrip().rstrip(";")
    if not cleaned.endswith("}"):
        cleaned += " {}"
    item, data = parse_item(cleaned, snippet)
    if item.type != "trait_item":
        raise ParseError("expected a `trait` declaration", snippet, 0, len(text))
    name = text_of(child_field(item, "name"), data)
    is_unsafe = any(c.type == "unsafe" for c in item.children)
    reader = TypeReader(scope, data, snippet, 0)
    supers = []
    bounds = item.child_by_field_name("bounds")
    for b in (bounds.named_children if bounds is not None else []):
        if b.type in ("lifetime", "removed_trait_bound"):
            continue
        supers.append(reader._trait(b))
    return TraitDeclParts(name, is_auto, is_unsafe, supers)


@dataclass
class ImplParts:
    trait: TraitDecl
    negative: bool
    is_unsafe: bool
    self_ty: T.Ty
    params: tuple[str, ...]
    bounds: tuple[Bound, ...]
    assoc: dict[str, T.Ty]
    header: str


def read_impl(text: str, snippet: Snippet, scope: Scope, sized_trait: str | None,
              tree: tuple[Node, bytes] | None = None) -> ImplParts:
    """`unsafe impl<T: ?Sized + Sync> Send for &T {}` -> its parts (implicit `Sized` included);
    `tree`: the item parsed in its file (errors then point into the file, not the text)."""
    source = text.rstrip()
    if not source.endswith("}"):
        source = source.rstrip(";") + " {}"
    item, data = tree if tree is not None else parse_item(source, snippet)
    if item.type != "impl_item" or item.child_by_field_name("trait") is None:
        raise ParseError("expected a trait impl: `impl<...> Trait for Type {}`", snippet, 0, len(text))
    generics = generics_of(item, data, snippet)
    names = frozenset(g.name for g in generics)
    reader = TypeReader(scope, data, snippet, 0, names, check_wf=False)
    trait = reader._trait(child_field(item, "trait"))
    negative = any(c.type == "!" for c in item.children)
    is_unsafe = any(c.type == "unsafe" for c in item.children)
    self_ty = reader.read(child_field(item, "type"))
    unsized = set(where_unsized(item, data, names))
    bounds = read_bounds(generics, item, reader)
    if sized_trait is not None:
        for g in generics:
            if g.sized and not g.is_const and g.name not in unsized:
                bounds.append(Bound(T.param(g.name), sized_trait))
    assoc: dict[str, T.Ty] = {}
    body = item.child_by_field_name("body")
    for member in (body.named_children if body is not None else []):
        if member.type == "type_item":
            assoc[text_of(child_field(member, "name"), data)] = reader.read(child_field(member, "type"))
    header_end = body.start_byte if body is not None else item.end_byte
    header = " ".join(data[item.start_byte:header_end].decode("utf-8").split())
    return ImplParts(trait, negative, is_unsafe, self_ty, tuple(g.name for g in generics), tuple(bounds),
                     assoc, header)


def impl_trait_name(text: str) -> str | None:
    """The trait path an impl's text names (`Send`, `std::marker::Send`), whitespace removed;
    None when the text has no readable trait impl."""
    tree, data = parse(text)
    item = next((c for c in tree.root_node.named_children if c.type == "impl_item"), None)
    trait = item.child_by_field_name("trait") if item is not None else None
    if trait is None:
        return None
    if trait.type == "generic_type":
        trait = child_field(trait, "type")
    return "".join(text_of(trait, data).split())


@dataclass
class AliasParts:
    name: str
    params: tuple[TypeParam, ...]
    target: T.Ty


def read_alias(text: str, snippet: Snippet, scope: Scope) -> AliasParts:
    """`pub type Result<T> = result::Result<T, Error>;` -> its parts."""
    source = text.rstrip()
    if not source.endswith(";"):
        source += ";"
    item, data = parse_item(source, snippet)
    if item.type != "type_item" or item.child_by_field_name("type") is None:
        raise ParseError("expected a type alias: `type Name<T> = Type;`", snippet, 0, len(text))
    generics = generics_of(item, data, snippet)
    names = frozenset(g.name for g in generics)
    reader = TypeReader(scope, data, snippet, 0, names, check_wf=False)
    params = type_params(generics, reader, data)
    target = reader.read(child_field(item, "type"))
    return AliasParts(text_of(child_field(item, "name"), data), params, target)
