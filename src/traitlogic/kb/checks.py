"""rustc's checks of a KB's impls and types: E0199/E0200 (unsafety), negative and blanket
auto-trait impls, overlapping auto-trait impls, and private types without auto-trait impls."""
from __future__ import annotations

from ..core import types as T
from ..core.model import ImplDecl, TraitDecl
from ..core.subst import unify
from .declarations import Declarations
from .entry import Entry


def check_unsafety(trait: TraitDecl, is_unsafe: bool, impl: ImplDecl, e: Entry) -> None:
    """rustc's E0199 / E0200: `unsafe impl` exactly for unsafe traits (negative impls never)."""
    if impl.synthesized:
        return
    if impl.negative and is_unsafe:
        raise e.fail("negative impls cannot be `unsafe`", "impl")
    if not impl.negative and trait.is_unsafe and not is_unsafe:
        raise e.fail(f"`{trait.name}` is an unsafe trait: write `unsafe impl` (rustc: E0200)", "impl")
    if not impl.negative and not trait.is_unsafe and is_unsafe:
        raise e.fail(f"`{trait.name}` is not an unsafe trait: write `impl`, not `unsafe impl` (rustc: E0199)", "impl")


def check_impl(decls: Declarations, impl: ImplDecl, e: Entry) -> None:
    trait = decls.trait_by_path[impl.trait]
    if impl.negative and not trait.is_auto:
        raise e.fail(f"negative impls are only for auto traits; `{trait.name}` is not one", "impl")
    if impl.self_ty.kind == "param" and trait.is_auto:
        raise e.fail("a blanket impl of an auto trait is not allowed", "impl")
    if not trait.is_auto:
        return  # coherence of other traits is rustc's business; projections pick the most specific
    for other in decls.impls_for(impl.trait, impl.self_ty):
        if other.assoc or impl.assoc:
            continue  # impls for projections pick the most specific header
        if unify(impl.self_ty, other.self_ty):
            kind = "conflicts with" if impl.negative != other.negative else "overlaps"
            raise e.fail(f"`{impl.text}` {kind} `{other.text}` ({other.origin})", "impl")


def check_private_types(decls: Declarations, type_entries: list[Entry]) -> None:
    autos = [t for t in decls.trait_by_path.values() if t.is_auto]
    for e in type_entries:
        d = decls.type_by_path[str(e.values["path"])]
        if d.fields is not None:
            continue
        probe = T.adt(d.path, [T.param(p.name) for p in d.params])
        for trait in autos:
            if not decls.impls_for(trait.path, probe):
                raise e.fail(
                    f"type `{d.path}` has `fields: private` but no impl of `{trait.name}`; "
                    "list its auto-trait impls (std's docs show them under Auto Trait Implementations)",
                    "fields")
