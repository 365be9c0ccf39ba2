"""Declarations: what the KB knows about traits, types and impls (after parsing, before lowering)."""
from __future__ import annotations

from dataclasses import dataclass, field

from .types import Ty


@dataclass(frozen=True)
class Origin:
    """Where a declaration was written: a file and line (for errors and proofs)."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class TraitDecl:
    path: str
    name: str
    is_auto: bool
    is_unsafe: bool
    source: str
    origin: Origin
    supertraits: list[TraitDecl] = field(default_factory=list)
    complete: bool = False  # `impls: complete`: no impl listed for a std type means it has none
    complete_everywhere: bool = False  # `impls: all`: nor for a built-in type (`&T`, `i32`, `[T]`)

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


@dataclass(frozen=True)
class TypeParam:
    name: str
    default: Ty | None  # a template over the earlier params
    sized: bool  # True unless the declaration says `?Sized` (False for const params)
    is_const: bool = False  # `const N: usize`


@dataclass(frozen=True)
class Field:
    label: str  # `cache`, `0`, `Some.0` — how a proof names the field
    ty: Ty  # a template over the declaration's params


@dataclass(frozen=True)
class Bound:
    """One where-clause obligation of an impl: `ty: trait`."""

    ty: Ty
    trait: str  # canonical trait path


@dataclass
class TypeDecl:
    path: str
    name: str
    kind: str  # struct | enum | union | builtin
    params: tuple[TypeParam, ...]
    fields: tuple[Field, ...] | None  # None: private, the auto traits come from impls
    sized: bool
    source: str
    origin: Origin
    from_std: bool = False  # declared by the shipped std KB (whose impls of non-auto traits are partial)
    # what the declaration requires of its arguments (`Cow<B>`: `B: ToOwned`), templates over
    # `params`; a type whose arguments break one is ill-formed (rustc: E0277)
    bounds: tuple[Bound, ...] = ()
    unreadable_bounds: tuple[str, ...] = ()  # bounds on traits the KB does not know (their text)
    unstable: str | None = None  # the feature gate of a nightly-only std type (`ptr_metadata`)


@dataclass
class AliasDecl:
    """`type Shared<T> = Arc<Mutex<T>>;`: a name for a type template (`target` over `params`)."""

    path: str
    name: str
    params: tuple[TypeParam, ...]
    target: Ty | None  # None until the loader has read it
    source: str
    origin: Origin


@dataclass
class ImplDecl:
    trait: str  # canonical trait path
    negative: bool
    self_ty: Ty  # header pattern over `params`
    params: tuple[str, ...]
    bounds: tuple[Bound, ...]  # where-clauses, implicit `Sized` included
    assoc: dict[str, Ty]  # associated types (`type Owned = String;`)
    synthesized: bool
    text: str  # the impl as written (header only)
    source: str
    origin: Origin
    # rustc's obligation levels from the type to a parameter, where not 1 (private fields:
    # `Box<T>` reaches `T` through `Unique<T>`, 2 levels); rustc overflows at 128 (E0275)
    depths: dict[str, int] = field(default_factory=dict)

    @property
    def rule(self) -> str:
        if self.negative:
            return "impl-negative"
        return "impl-synthesized" if self.synthesized else "impl-positive"
