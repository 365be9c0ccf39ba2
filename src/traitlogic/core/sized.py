"""`Sized`, stated once: which types are dynamically sized (Rust Reference, Dynamically sized types).

`str`, slices and trait objects are unsized; so is a struct declared unsized (its last field
is), and a tuple whose last element is. A type parameter or a projection MAY be unsized unless
it is known otherwise: `generic=True` counts them as possibly unsized (the lowering keeps a
`T: Sized` premise for them), `generic=False` asks only whether the type is known to be unsized.
"""
from __future__ import annotations

from collections.abc import Callable

from .model import TypeDecl
from .types import Ty


def is_unsized(ty: Ty, type_decl: Callable[[str], TypeDecl | None], generic: bool = False) -> bool:
    """Whether `ty` is (or, with `generic`, may be) dynamically sized."""
    while True:
        kind = ty.kind
        if kind in ("slice", "dyn") or (kind == "prim" and ty.name == "str"):
            return True
        if kind in ("param", "proj"):
            return generic
        if kind == "tuple" and ty.args and generic:
            ty = ty.args[-1]
            continue
        if kind == "adt":
            decl = type_decl(ty.name)
            return decl is not None and not decl.sized
        return False
