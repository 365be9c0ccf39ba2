"""rustc's checks of a KB's impls and types: E0199/E0200 (unsafety), negative and blanket
auto-trait impls, the self types an auto-trait impl may have (E0321, E0117), overlapping
auto-trait impls, and private types without auto-trait impls."""
from __future__ import annotations

from ..core import types as T
from ..core.model import ImplDecl, TraitDecl
from ..core.subst import unify
from .declarations import Declarations
from .entry import Entry
from .std_names import is_std_file

# rustc's `#[fundamental]` types: `&Local` and `Box<Local>` count as local for the orphan rule.
_FUNDAMENTAL = {"ref", "std::boxed::Box", "std::pin::Pin"}


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
    check_auto_self_type(decls, trait, impl, e)
    for other in decls.impls_for(impl.trait, impl.self_ty):
        if other.assoc or impl.assoc:
            continue  # impls for projections pick the most specific header
        if unify(impl.self_ty, other.self_ty):
            kind = "conflicts with" if impl.negative != other.negative else "overlaps"
            raise e.fail(f"`{impl.text}` {kind} `{other.text}` ({other.origin})", "impl")


def check_auto_self_type(decls: Declarations, trait: TraitDecl, impl: ImplDecl, e: Entry) -> None:
    """rustc's orphan and auto-trait rules (coherence/orphan.rs): an auto trait is never
    implemented for a trait object or a projection; one from another crate (std's, in a user's
    file) only for a struct, enum or union of the impl's own crate (E0321), and only for a
    type local by the orphan rule at all (E0117)."""
    ty = impl.self_ty
    if is_std_file(trait.origin.file) == is_std_file(impl.origin.file):  # the trait's own crate
        if ty.kind in ("dyn", "proj"):
            what = "trait object" if ty.kind == "dyn" else "associated type"
            raise e.fail(f"traits with a default impl, like `{trait.name}`, cannot be implemented for "
                         f"{what} `{decls.show(ty)}` (rustc: E0321)", "impl")
        return
    if ty.kind == "adt" and not _is_std_type(decls, ty):
        return
    shown = decls.show(ty)  # only for the errors below
    if not _is_local(decls, ty):
        what = {"prim": "primitive types", "adt": "types defined outside of the crate"}.get(ty.kind, "arbitrary types")
        raise e.fail(f"only traits defined in the current crate can be implemented for {what}: "
                     f"`{trait.name}` for `{shown}` (rustc: E0117)", "impl")
    where = " defined in the current crate" if ty.kind == "adt" else f", not `{shown}`"
    raise e.fail(f"cross-crate traits with a default impl, like `{trait.name}`, can only be implemented "
                 f"for a struct/enum type{where} (rustc: E0321)", "impl")


def _is_std_type(decls: Declarations, ty: T.Ty) -> bool:
    decl = decls.type_by_path.get(ty.name)
    return decl is None or decl.from_std


def _is_local(decls: Declarations, ty: T.Ty) -> bool:
    """Whether the orphan rule counts `ty` as the user's: one of their ADTs or trait objects,
    or a fundamental type (`&`, `&mut`, `Box`, `Pin`) around one."""
    while ty.kind == "ref" or (ty.kind == "adt" and ty.name in _FUNDAMENTAL):
        ty = ty.args[0]
    if ty.kind == "adt":
        return not _is_std_type(decls, ty)
    if ty.kind == "dyn":
        principal = decls.trait_by_path.get(ty.extra[0].path) if ty.extra else None
        return principal is not None and not is_std_file(principal.origin.file)
    return False


def check_private_types(decls: Declarations, type_entries: list[Entry]) -> None:
    autos = [t for t in decls.trait_by_path.values() if t.is_auto]
    for e in type_entries:
        d = decls.type_by_path[str(e.values["path"])]
        if d.fields is not None:
            continue
        probe = d.template()
        for trait in autos:
            if not decls.impls_for(trait.path, probe):
                raise e.fail(
                    f"type `{d.path}` has `fields: private` but no impl of `{trait.name}`; "
                    "list its auto-trait impls (std's docs show them under Auto Trait Implementations)",
                    "fields")
