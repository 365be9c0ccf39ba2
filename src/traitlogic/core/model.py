"""Declarations: what the KB knows about traits, types and impls (after parsing, before lowering).

Plain classes (`core.record`), not dataclasses: every cold start unpickles them from the cache.
"""
from __future__ import annotations

from . import types as T
from .lifetimes import Written
from .record import Frozen, Record
from .types import Ty


class Origin(Frozen):
    """Where a declaration was written: a file and line (for errors and proofs)."""

    __slots__ = ("file", "line")

    def __init__(self, file: str, line: int):
        self.file = file
        self.line = line

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


class TraitDecl(Record):
    __slots__ = ("complete", "complete_everywhere", "is_auto", "is_unsafe", "name", "origin", "path", "source",
                 "supertraits")

    def __init__(self, path: str, name: str, is_auto: bool, is_unsafe: bool, source: str, origin: Origin,
                 supertraits: list[TraitDecl] | None = None, complete: bool = False,
                 complete_everywhere: bool = False):
        self.path = path
        self.name = name
        self.is_auto = is_auto
        self.is_unsafe = is_unsafe
        self.source = source
        self.origin = origin
        self.supertraits: list[TraitDecl] = [] if supertraits is None else supertraits
        self.complete = complete  # `impls: complete`: no impl listed for a std type means it has none
        self.complete_everywhere = complete_everywhere  # `impls: all`: nor for a built-in type (`&T`, `i32`, `[T]`)

    def closure(self) -> list[TraitDecl]:
        """This trait and every supertrait, transitively."""
        seen: list[TraitDecl] = []
        stack = [self]
        while stack:
            t = stack.pop()
            if any(t is s for s in seen):
                continue
            seen.append(t)
            stack.extend(t.supertraits)
        return seen


class TypeParam(Frozen):
    __slots__ = ("default", "is_const", "name", "sized")

    def __init__(self, name: str, default: Ty | None, sized: bool, is_const: bool = False):
        self.name = name
        self.default = default  # a template over the earlier params
        self.sized = sized  # True unless the declaration says `?Sized` (False for const params)
        self.is_const = is_const  # `const N: usize`


class Field(Frozen):
    __slots__ = ("label", "ty", "written")

    def __init__(self, label: str, ty: Ty, written: Written | None = None):
        self.label = label  # `cache`, `0`, `Some.0` — how a proof names the field
        self.ty = ty  # a template over the declaration's params
        self.written = written  # the lifetimes its type is declared with (`&'a Cell<T>`; display only)


class TypeDecl(Record):
    __slots__ = ("bounds", "fields", "from_std", "kind", "lifetimes", "name", "origin", "params", "path", "sized",
                 "source", "unreadable_bounds", "unstable")

    def __init__(self, path: str, name: str, kind: str, params: tuple[TypeParam, ...],
                 fields: tuple[Field, ...] | None, sized: bool, source: str, origin: Origin,
                 from_std: bool = False, bounds: tuple[Bound, ...] = (), unreadable_bounds: tuple[str, ...] = (),
                 unstable: str | None = None):
        self.path = path
        self.name = name
        self.kind = kind  # struct | enum | union | builtin
        self.params = params
        self.fields = fields  # None: private, the auto traits come from impls
        self.sized = sized
        self.source = source
        self.origin = origin
        self.from_std = from_std  # declared by the shipped std KB (whose impls of non-auto traits are partial)
        # what the declaration requires of its arguments (`Cow<B>`: `B: ToOwned`), templates over
        # `params`; a type whose arguments break one is ill-formed (rustc: E0277)
        self.bounds = bounds
        self.unreadable_bounds = unreadable_bounds  # bounds on traits the KB does not know (their text)
        self.unstable = unstable  # the feature gate of a nightly-only std type (`ptr_metadata`)
        self.lifetimes: tuple[str, ...] = ()  # its lifetime parameters (`'a` of `Ref<'a, T>`; display only)

    def template(self) -> Ty:
        """The type over its own parameters (`Cow<B>`, `Arc<T, A>`)."""
        return T.adt(self.path, [T.param(p.name) for p in self.params])


class AliasDecl(Record):
    """`type Shared<T> = Arc<Mutex<T>>;`: a name for a type template (`target` over `params`)."""

    __slots__ = ("name", "origin", "params", "path", "source", "target")

    def __init__(self, path: str, name: str, params: tuple[TypeParam, ...], target: Ty | None, source: str,
                 origin: Origin):
        self.path = path
        self.name = name
        self.params = params
        self.target = target  # None until the loader has read it
        self.source = source
        self.origin = origin


class Bound(Frozen):
    """One where-clause obligation of an impl: `ty: trait`."""

    __slots__ = ("trait", "ty")

    def __init__(self, ty: Ty, trait: str):
        self.ty = ty
        self.trait = trait  # canonical trait path


class ImplDecl(Record):
    __slots__ = (
        "assoc",
        "bounds",
        "depths",
        "negative",
        "origin",
        "params",
        "self_ty",
        "source",
        "synthesized",
        "text",
        "trait",
    )

    def __init__(self, trait: str, negative: bool, self_ty: Ty, params: tuple[str, ...], bounds: tuple[Bound, ...],
                 assoc: dict[str, Ty], synthesized: bool, text: str, source: str, origin: Origin,
                 depths: dict[str, int] | None = None):
        self.trait = trait  # canonical trait path
        self.negative = negative
        self.self_ty = self_ty  # header pattern over `params`
        self.params = params
        self.bounds = bounds  # where-clauses, implicit `Sized` included
        self.assoc = assoc  # associated types (`type Owned = String;`)
        self.synthesized = synthesized
        self.text = text  # the impl as written (header only)
        self.source = source
        self.origin = origin
        # rustc's obligation levels from the type to a parameter, where not 1 (private fields:
        # `Box<T>` reaches `T` through `Unique<T>`, 2 levels); rustc overflows at 128 (E0275)
        self.depths: dict[str, int] = {} if depths is None else depths

    @property
    def rule(self) -> str:
        if self.negative:
            return "impl-negative"
        return "impl-synthesized" if self.synthesized else "impl-positive"
