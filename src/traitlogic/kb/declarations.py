"""The declaration store: every trait, type and impl of a KB, indexed for lowering.

Implements the `Scope` the syntax readers resolve names through, and answers the questions the
lowering asks: which impls of a trait exist for a type constructor, how a projection normalizes.
"""
from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from ..core import types as T
from ..core.goal import Goal
from ..core.lifetimes import Lifetimes, Written, instantiate
from ..core.model import AliasDecl, ImplDecl, TraitDecl, TypeDecl
from ..core.record import Record
from ..core.subst import Bindings, match_type, specificity, substitute
from . import buckets
from .names import NameTable

if TYPE_CHECKING:
    from .scope import ModuleScope

Normalized = list[tuple[T.Ty, T.Ty]]  # projections normalized, each with its normal form


_FIELDS = ("traits", "types", "trait_by_path", "type_by_path", "alias_by_path", "warnings", "goal_scopes",
           "impl_index", "_display", "_shown", "_short", "_written", "_lifetime_texts", "_all_impls")


class Declarations(Record):
    """A `Record` (`==` and `repr` over its fields, in order; no hash), not a dataclass:
    creating one costs start-up time, importing `dataclasses` more."""

    def __init__(self, traits: NameTable[TraitDecl] | None = None, types: NameTable[TypeDecl | AliasDecl] | None = None,
                 trait_by_path: dict[str, TraitDecl] | None = None, type_by_path: dict[str, TypeDecl] | None = None,
                 alias_by_path: dict[str, AliasDecl] | None = None, warnings: list[str] | None = None,
                 goal_scopes: list[ModuleScope] | None = None,
                 impl_index: dict[tuple[str, tuple[str, str]], list[ImplDecl]] | None = None):
        self.traits: NameTable[TraitDecl] = NameTable("trait") if traits is None else traits
        self.types: NameTable[TypeDecl | AliasDecl] = NameTable("type") if types is None else types
        self.trait_by_path: dict[str, TraitDecl] = {} if trait_by_path is None else trait_by_path
        self.type_by_path: dict[str, TypeDecl] = {} if type_by_path is None else type_by_path
        self.alias_by_path: dict[str, AliasDecl] = {} if alias_by_path is None else alias_by_path
        self.warnings: list[str] = [] if warnings is None else warnings  # things skipped while loading, with file:line
        # imported Rust: goals read here
        self.goal_scopes: list[ModuleScope] = [] if goal_scopes is None else goal_scopes
        # (trait path, head key) -> impls; head key ("param", "") holds blanket impls
        self.impl_index: dict[tuple[str, tuple[str, str]], list[ImplDecl]] = {} if impl_index is None else impl_index
        self._display: dict[str, str] = {}  # "type:path"/"trait:path" -> display name
        self._shown: weakref.WeakKeyDictionary[T.Ty, str | T.Span] = weakref.WeakKeyDictionary()
        # short texts of types shown before, kept while their types are not (templates such as
        # `Cow<B>` are built afresh for each goal); bounded, dropped when pickled
        self._short: dict[T.Ty, str] = {}
        self._written: dict[T.Ty, tuple[T.Ty, ...]] = {}  # `written_args`, bounded as `_short`
        self._lifetime_texts: dict[Any, str | T.Span] = {}  # `show` with lifetimes, bounded too
        self._all_impls: list[ImplDecl] | None = []  # every impl; None until read back

    def _names(self) -> tuple[str, ...]:
        return _FIELDS

    # -- Scope ----------------------------------------------------------------------------
    def lookup_type(self, segments: list[str]) -> list[TypeDecl | AliasDecl]:
        return self.types.candidates(segments)

    def lookup_trait(self, segments: list[str]) -> list[TraitDecl]:
        return self.traits.candidates(segments)

    def similar_types(self, segments: list[str]) -> list[str]:
        return self.types.similar(segments)

    def similar_traits(self, segments: list[str]) -> list[str]:
        return self.traits.similar(segments)

    def type_display(self, decl: TypeDecl | AliasDecl) -> str:
        key = "type:" + decl.path
        if key not in self._display:
            self._display[key] = self.types.display_name(decl, decl.path)
        return self._display[key]

    def trait_display(self, decl: TraitDecl) -> str:
        key = "trait:" + decl.path
        if key not in self._display:
            self._display[key] = self.traits.display_name(decl, decl.path)
        return self._display[key]

    def type_decl(self, path: str) -> TypeDecl | None:
        return self.type_by_path.get(path)

    def alias_target(self, alias: AliasDecl) -> T.Ty | None:
        """The aliased type template; None while the loader is still reading it (a cycle)."""
        return alias.target

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_shown"] = None  # a cache of weak references: rebuilt after unpickling
        state["_short"] = {}
        state["_written"] = {}
        state["_lifetime_texts"] = {}
        # Impls are stored in buckets by (trait, constructor), read back only when a query asks
        # for one (kb/buckets.py): a cold start does not pay for the whole of std.
        state["_all_impls"] = None
        auto = frozenset(path for path, t in self.trait_by_path.items() if t.is_auto)
        state["impl_index"] = buckets.store(state["impl_index"], auto)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["_shown"] = weakref.WeakKeyDictionary()
        state["_written"] = {}
        state["impl_index"] = buckets.LazyIndex(state["impl_index"])
        self.__dict__.update(state)
        self.__dict__["_all_impls"] = None

    def with_types(self, changed: dict[str, TypeDecl]) -> Declarations:
        """A copy in which the types `changed` (by path) are declared as given, all else shared
        (a scratch KB: a fix is asked again on it, and this one is left as it is)."""
        new = object.__new__(Declarations)
        new.__dict__.update(self.__dict__)
        new.type_by_path = {**self.type_by_path, **changed}
        return new

    def all_impls(self) -> list[ImplDecl]:
        """Every impl, in load order within each bucket (reads every bucket)."""
        if self._all_impls is None:
            self._all_impls = [impl for key in list(self.impl_index) for impl in self.impl_index[key]]
        return self._all_impls

    # -- indexing -------------------------------------------------------------------------
    def add_impl(self, impl: ImplDecl) -> None:
        if self._all_impls is not None:  # else read back from the buckets when asked: unread ones stay so
            self._all_impls.append(impl)
        key = (impl.trait, T.head_key(impl.self_ty))
        if key in self.impl_index:
            self.impl_index[key].append(impl)
        else:
            self.impl_index[key] = [impl]

    def impls_for(self, trait: str, ty: T.Ty) -> list[ImplDecl]:
        """Impls of `trait` whose header has the same constructor as `ty` (not blanket ones)."""
        return self.impl_index.get((trait, T.head_key(ty)), [])

    def blanket_impls(self, trait: str) -> list[ImplDecl]:
        return self.impl_index.get((trait, ("param", "")), [])

    # -- display --------------------------------------------------------------------------
    def show(self, ty: T.Ty, lifetimes: Lifetimes | None = None) -> str:
        """A type as a user writes it: short names, trailing default arguments left out (and
        the lifetimes the goal's type was written with, see core.lifetimes)."""
        if lifetimes is not None:
            return _with_lifetimes(ty, lifetimes, self._adt_view, False, self._shown, self._lifetime_texts)
        text = self._short.get(ty)
        if text is None:
            text = T.format_type(ty, self._adt_view, self._shown)
            if len(text) <= _SHORT_TEXT:
                if len(self._short) >= _SHORT_TEXTS:
                    self._short.clear()
                self._short[ty] = text
        return text

    def show_goal(self, goal: Goal, lifetimes: Lifetimes | None = None) -> str:
        """A goal as a user writes it: `Rc<i32>: Send`."""
        return f"{self.show(goal.ty, lifetimes)}: {self.trait_display(self.trait_by_path[goal.trait])}"

    def show_path(self, ty: T.Ty, lifetimes: Lifetimes | Written | None = None) -> str:
        """A type as rustc accepts it anywhere: full paths (`std::sync::Arc<i32>`, trait objects'
        traits too), trailing default arguments left out (lifetimes: as for `show`, or `ty`'s
        own by position)."""
        def view(t: T.Ty) -> tuple[str, tuple[T.Ty, ...]]:
            return t.name, self._adt_view(t)[1]

        if isinstance(lifetimes, Written):
            return T.format_type(ty, view, {}, True, lifetimes)
        if lifetimes is not None:
            return _with_lifetimes(ty, lifetimes, view, True, {}, {})
        return T.format_type(ty, view, trait_paths=True)

    def field_lifetimes(self, ty: T.Ty, shown: Written | None, label: str) -> Written | None:
        """The lifetimes of the type of `ty`'s field `label` (`&'a Cell<u8>`, declared
        `&'a Cell<T>`): as declared, its type's lifetime parameters as `shown` gives them
        (`Holder<'static, u8>`: `&'static Cell<u8>`), its type parameters' as their arguments."""
        decl = self.type_by_path.get(ty.name) if ty.kind == "adt" else None
        if decl is None:
            return None
        field = next((f for f in decl.fields or () if f.label == label), None)
        if field is None:
            return None
        given = shown.here if shown is not None else ()
        renames = dict(zip(decl.lifetimes, given)) if len(given) == len(decl.lifetimes) else {}
        args = shown.args if shown is not None else ()
        bindings = {p.name: args[i] if i < len(args) else None for i, p in enumerate(decl.params)}
        return instantiate(field.ty, field.written, bindings, renames)

    def _adt_view(self, ty: T.Ty) -> tuple[str, tuple[T.Ty, ...]]:
        decl = self.type_by_path.get(ty.name)
        if decl is None:
            return ty.name.rsplit("::", 1)[-1], ty.args
        return self.type_display(decl), self.written_args(ty)

    def written_args(self, ty: T.Ty) -> tuple[T.Ty, ...]:
        """An ADT's arguments as a user writes them: trailing ones equal to their defaults left
        out (`Vec<i32>` for `Vec<i32, Global>`)."""
        written = self._written.get(ty)
        if written is not None:
            return written
        decl = self.type_by_path.get(ty.name)
        if decl is None:
            return ty.args
        args = list(ty.args)
        bindings = {p.name: a for p, a in zip(decl.params, ty.args)}
        while args and decl.params[len(args) - 1].default is not None:
            default = decl.params[len(args) - 1].default
            if default is None or substitute(default, bindings) is not args[-1]:
                break
            args.pop()
        if len(self._written) >= _SHORT_TEXTS:
            self._written.clear()
        written = self._written[ty] = tuple(args)
        return written

    # -- projections ----------------------------------------------------------------------
    def normalize(self, ty: T.Ty, record: Normalized | None = None) -> T.Ty:
        """`<str as ToOwned>::Owned` -> `String`: the most specific impl whose header matches.
        `record` gets each projection normalized on the way with its normal form, outer ones
        first (`(<str as ToOwned>::Owned, String)`): what a proof shows."""
        return normalize_by(self.normalizing_impl, ty, record)

    def normalizing_impl(self, ty: T.Ty) -> tuple[ImplDecl, Bindings] | None:
        """The impl whose associated type normalizes the projection `ty` (with its bindings);
        None when `ty` is no projection over a ground type or no impl header matches."""
        if ty.kind != "proj" or not ty.args[0].is_ground:
            return None
        self_ty = ty.args[0]
        name = str(ty.extra)  # a projection's extra is its associated type's name
        impls = [i for i in self.impls_for(ty.name, self_ty) + self.blanket_impls(ty.name) if name in i.assoc]
        return select_impl(impls, self_ty)


def normalize_by(select: Callable[[T.Ty], tuple[ImplDecl, Bindings] | None], ty: T.Ty,
                 record: Normalized | None = None) -> T.Ty:
    """`ty` normalized by the impls `select` picks for it and the projections inside their
    associated types; each normalization made goes into `record` if given (outer ones first)."""
    selected = select(ty)
    if selected is None:
        return ty
    impl, bindings = selected
    inner = partial(normalize_by, select, record=record)
    if record is None:
        return substitute(impl.assoc[str(ty.extra)], bindings, inner)
    at = len(record)
    record.append((ty, ty))  # (its normal form once known: outer projections before inner ones)
    normal = substitute(impl.assoc[str(ty.extra)], bindings, inner)
    record[at] = (ty, normal)
    return normal


_SHORT_TEXT, _SHORT_TEXTS = 120, 50_000  # what `show` keeps strongly: texts this short, this many


def select_impl(impls: list[ImplDecl], ty: T.Ty) -> tuple[ImplDecl, Bindings] | None:
    """The impl whose header matches `ty` most specifically (the first of equals), with its
    bindings; None when no header matches. Coherence makes the choice unique in rustc."""
    best: tuple[ImplDecl, Bindings] | None = None
    score = -1  # the best's specificity, counted once a second header matches (most goals: one)
    for impl in impls:
        bindings = match_type(impl.self_ty, ty)
        if bindings is None:
            continue
        if best is None:
            best = (impl, bindings)
            continue
        if score < 0:
            score = specificity(best[0].self_ty)
        other = specificity(impl.self_ty)
        if other > score:
            best, score = (impl, bindings), other
    return best


def _with_lifetimes(ty: T.Ty, lifetimes: Lifetimes, view: Callable[[T.Ty], tuple[str, tuple[T.Ty, ...]]],
                    paths: bool, plain: T.TextMemo, texts: dict[Any, str | T.Span]) -> str:
    """`ty` with the lifetimes of a goal's type (`Lifetimes.tree`); `plain`: the view's memo
    of texts without lifetimes, `texts` of texts with (by type and lifetimes)."""
    text = lifetimes.shown.get((ty, paths))
    if text is None:
        tree = lifetimes.tree(ty)
        if len(texts) >= _SHORT_TEXTS:
            texts.clear()
        text = T.format_type(ty, view, plain, paths) if tree is None else T.format_type(ty, view, plain, paths, tree, texts)
        lifetimes.shown[(ty, paths)] = text
    return text
