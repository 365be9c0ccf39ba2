"""`#[derive(...)]`, stated once: the impl headers a std derive macro expands to.

    #[derive(Clone)] struct W<'a, T, const N: usize>
      -> impl<'a, T: Clone, const N: usize> Clone for W<'a, T, N> {}
"""
from __future__ import annotations

from tree_sitter import Node

from .tree import text_of

# each derivable trait and the path its derive macro writes (`::core::fmt::Debug`): the impl
# names std's trait whatever the module's own names (`Debug` and `Hash` are not in the prelude)
DERIVABLE = {"Clone": "core::clone::Clone", "Copy": "core::marker::Copy", "Debug": "core::fmt::Debug",
             "Default": "core::default::Default", "PartialEq": "core::cmp::PartialEq", "Eq": "core::cmp::Eq",
             "PartialOrd": "core::cmp::PartialOrd", "Ord": "core::cmp::Ord", "Hash": "core::hash::Hash"}


def derived_impls(traits: list[str], item: Node, data: bytes) -> list[str]:
    """The impl text each derivable trait of `traits` generates for the struct/enum/union `item`
    (other names, such as proc-macro derives, generate nothing here)."""
    name_node = item.child_by_field_name("name")
    assert name_node is not None, "a derive is on a named item"
    name = text_of(name_node, data)
    params = item.child_by_field_name("type_parameters")
    lifetimes: list[str] = []
    types: list[tuple[str, str]] = []  # (name, const type or "")
    for child in (params.named_children if params is not None else []):
        param_name = child.child_by_field_name("name")
        if param_name is None:
            continue
        if child.type == "lifetime_parameter":
            lifetimes.append(text_of(param_name, data))
        elif child.type in ("type_parameter", "const_parameter"):
            const = child.child_by_field_name("type") if child.type == "const_parameter" else None
            types.append((text_of(param_name, data), text_of(const, data) if const is not None else ""))
    out = []
    for trait in traits:
        if trait not in DERIVABLE:
            continue
        generics = lifetimes + [f"const {n}: {t}" if t else f"{n}: {trait}" for n, t in types]
        args = lifetimes + [n for n, _ in types]
        header = f"impl<{', '.join(generics)}> " if generics else "impl "
        self_ty = f"{name}<{', '.join(args)}>" if args else name
        out.append(f"{header}{trait} for {self_ty} {{}}")
    return out
