"""Build a `Declarations` store from entries, in phases: every name first, then the Rust text of
traits, types (parameters, defaults, fields), aliases (on first use), impls, and depths."""
from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any, TypeVar

from ..core import types as T
from ..core.errors import KBError, ParseError
from ..core.model import AliasDecl, ImplDecl, TraitDecl, TypeDecl
from ..syntax.items import (
    ImplParts,
    ReadCache,
    TypeDeclParts,
    impl_trait_name,
    read_alias,
    read_impl,
    read_trait_decl,
    read_type_decl,
)
from .checks import check_impl, check_private_types, check_unsafety
from .declarations import Declarations
from .entry import Entry
from .names import NameTable
from .scope import ScopedNames
from .std_names import AliasReaders, is_std_file, names_for

_R = TypeVar("_R")


Progress = Callable[[str], None]  # hears how a long build goes: "building: 40,000 of 400,000 declarations"


def build(entries: list[Entry], base: Declarations | Callable[[], Declarations] | None = None,
          progress: Progress | None = None, failed: list[KBError] | None = None) -> Declarations:
    """Declarations for `entries`, added to a copy of `base` if given (names may refer across),
    or to what `base()` returns (a new object each call, no one else's: not copied);
    `progress` hears of every tenth of the declarations read. With `failed`, an entry that
    cannot be read is noted there (its `KBError`, `item` the entry) and the build goes on
    without it, to find the others: what it returns then is not for use (the caller drops
    what failed and builds again), only what failed is."""
    decls = Declarations() if base is None else base() if callable(base) else _copy(base)
    broken: set[int] = set()  # the entries noted in `failed`

    def note(e: Entry, exc: KBError) -> None:
        """Go on past `e`'s failure (with `failed`), else raise it; one that is not `e`'s own
        (an alias read on `e`'s first use of it) is raised either way."""
        if failed is None or exc.item is not e:
            raise exc
        failed.append(exc)
        broken.add(id(e))

    trait_entries = [e for e in entries if e.section == "traits"]
    type_entries = [e for e in entries if e.section == "types"]
    impl_entries = [e for e in entries if e.section == "impls"]
    placeholders: list[tuple[Entry, TraitDecl | TypeDecl]] = []
    pending: AliasReaders = {}  # aliases not read yet: read when a text first uses them
    for e in trait_entries:
        t = TraitDecl(str(e.values["path"]), _last(e), False, False, e.source(), e.origin(),
                      complete=e.values.get("impls") in ("complete", "all"),
                      complete_everywhere=e.values.get("impls") == "all")
        _register(decls.traits, t, e)
        decls.trait_by_path[t.path] = t
        placeholders.append((e, t))
    for e in type_entries:
        private = e.values.get("fields") == "private"
        d = TypeDecl(str(e.values["path"]), _last(e), "struct", (), None if private else (),
                     bool(e.values.get("sized", True)), e.source(), e.origin(), from_std=is_std_file(e.file),
                     unstable=str(e.values["unstable"]) if "unstable" in e.values else None)
        _register(decls.types, d, e)
        decls.type_by_path[d.path] = d
        placeholders.append((e, d))
    for e in (e for e in entries if e.section == "aliases"):
        alias = AliasDecl(str(e.values["path"]), _last(e), (), None, e.source(), e.origin())
        _register(decls.types, alias, e)
        decls.alias_by_path[alias.path] = alias
        pending[alias.path] = _alias_reader(decls, e, pending)
    # Phase 2: every name is known; parse the Rust text (the names do not change from here on:
    # each module's scope is made once and looks each name up once).
    shared: dict[tuple[int, bool, bool], ScopedNames] = {}

    def names(e: Entry, aliases: bool = True) -> ScopedNames:
        key = (id(e.scope), is_std_file(e.file), aliases)  # what `names_for` decides by (the scope kept in `e`)
        found = shared.get(key)
        if found is None:
            found = shared[key] = names_for(e, decls, pending if aliases else None, memo=True)
        return found

    for e, decl in placeholders:
        if isinstance(decl, TraitDecl):
            try:
                tr = _parsing(e, "decl", read_trait_decl, names(e))
                _same_name(e, tr.name, decl.name)
            except KBError as exc:
                note(e, exc)
                continue
            decl.is_auto, decl.is_unsafe, decl.supertraits = tr.is_auto, tr.is_unsafe, tr.supertraits
    # Types refer to each other (and to themselves): parameter lists first, then defaults
    # (twice, so a default may use another type's default), then fields; each text parsed once.
    # If the second defaults stage changed nothing, the defaults are final and the last stage
    # reads each subtree once per scope (else the last stage may still change them: read all).
    cache = ReadCache()
    for e, decl in placeholders:  # a crate item's tree from its file: its text is not parsed again
        if e.tree is not None and isinstance(decl, TypeDecl) and e.values.get("fields") != "private":
            cache.parsed[(str(e.values["decl"]), False)] = e.tree
    settled = True
    defaults: list[tuple[Entry, TraitDecl | TypeDecl]] | None = None
    for n, stage in enumerate(("generics", "defaults", "defaults", "full")):
        if stage == "full":  # every default is known: read the aliases nothing used so far
            for path in list(pending):
                read = pending.pop(path, None)
                if read is not None:
                    read(decls.alias_by_path[path])
            cache.share = settled
        step = max(1, len(placeholders) // 10)
        if stage == "defaults" and defaults is None:  # the types with defaults (the generics stage marked them)
            defaults = [(e, d) for e, d in placeholders
                        if isinstance(d, TypeDecl) and any(p.default is not None for p in d.params)]
        todo = defaults if stage == "defaults" and defaults is not None else placeholders
        for done, (e, decl) in enumerate(todo, 1):
            if progress is not None and stage == "full" and done % step == 0:
                progress(f"building: {done:,} of {len(placeholders):,} declarations")
            if isinstance(decl, TypeDecl) and id(e) not in broken:
                private = e.values.get("fields") == "private"
                try:
                    tparts = _read_type(e, names(e), private, stage, cache)
                    _same_name(e, tparts.name, decl.name)
                except KBError as exc:
                    note(e, exc)
                    continue
                settled = settled and (n != 2 or tparts.params == decl.params)
                decl.kind, decl.params, decl.fields = tparts.kind, tparts.params, tparts.fields
                decl.bounds, decl.unreadable_bounds = tparts.bounds, tparts.unreadable_bounds
                decl.lifetimes = tparts.lifetimes
    sized = decls.traits.candidates(["Sized"])
    sized_path = sized[0].path if len(sized) == 1 else None
    for e in impl_entries:
        try:
            iparts = _read_impl(e, names(e, aliases=False), sized_path)
        except KBError as exc:
            if e.lenient and not _names_auto_trait(decls, e):
                decls.warnings.append(f"{exc.file}:{exc.line}: skipped an impl traitlogic cannot read: {exc.message}")
                continue
            note(e, exc)
            continue
        impl = ImplDecl(iparts.trait.path, iparts.negative, iparts.self_ty, iparts.params, iparts.bounds,
                        iparts.assoc, bool(e.values.get("synthesized", False)), iparts.header, e.source(),
                        e.origin())
        try:
            check_unsafety(iparts.trait, iparts.is_unsafe, impl, e)
            check_impl(decls, impl, e)
        except KBError as exc:
            note(e, exc)
            continue
        decls.add_impl(impl)
    for e in type_entries:  # those with private fields list their auto-trait impls
        if id(e) not in broken and decls.type_by_path[str(e.values["path"])].fields is None:
            try:
                check_private_types(decls, [e])
            except KBError as exc:
                note(e, exc)
    for e in entries:
        if e.section == "depths":
            _apply_depth(decls, e)
    return decls


def _apply_depth(decls: Declarations, e: Entry) -> None:
    """Attach a rustc-measured obligation depth to the impl it describes."""
    types = decls.types.candidates(str(e.values["type"]).split("::"))
    traits = decls.traits.candidates(str(e.values["trait"]).split("::"))
    if len(types) != 1:
        raise e.fail(f"unknown type `{e.values['type']}`", "type")
    if len(traits) != 1:
        raise e.fail(f"unknown trait `{e.values['trait']}`", "trait")
    decl = types[0]
    probe = T.adt(decl.path, [T.param(p.name) for p in decl.params])
    param = str(e.values["param"])
    for impl in decls.impls_for(traits[0].path, probe):
        if any(b.ty is T.param(param) for b in impl.bounds):
            impl.depths[param] = int(e.values["depth"])  # type: ignore[call-overload]
            return
    raise e.fail(f"no impl of `{e.values['trait']}` for `{decl.name}` has a bound on `{param}`", "param")


def _names_auto_trait(decls: Declarations, e: Entry) -> bool:
    """Whether an impl's text names an auto trait (such impls must be read, never skipped)."""
    name = impl_trait_name(str(e.values.get("impl", "")))
    if name is None:
        return True  # cannot tell: read it, and report what is wrong
    return any(t.is_auto for t in names_for(e, decls).lookup_trait(name.split("::")))


def _copy(decls: Declarations) -> Declarations:
    copied: Declarations = pickle.loads(pickle.dumps(decls, protocol=pickle.HIGHEST_PROTOCOL))
    return copied


def _alias_reader(decls: Declarations, e: Entry, pending: AliasReaders) -> Callable[[AliasDecl], None]:
    def read(alias: AliasDecl) -> None:
        parts = _parsing(e, "decl", read_alias, names_for(e, decls, pending))
        _same_name(e, parts.name, alias.name)
        if alias.target is None and parts.target is not None:
            alias.params, alias.target = parts.params, parts.target
    return read


def _last(e: Entry) -> str:
    return str(e.values["path"]).rsplit("::", 1)[-1]


def _register(table: NameTable[Any], entity: TraitDecl | TypeDecl | AliasDecl, e: Entry) -> None:
    also = e.values.get("also", [])
    paths = [str(e.values["path"])] + [str(a) for a in (also if isinstance(also, list) else [])]
    clash = table.add(entity, paths, bool(e.values.get("prelude", False)))
    if clash is not None:
        raise e.fail(f"duplicate declaration of {table.what} `{entity.path}` (first declared at {clash.origin})", "path")


def _same_name(e: Entry, written: str, path_name: str) -> None:
    if written != path_name:
        raise e.fail(f"`decl` names `{written}` but `path` ends in `{path_name}`", "decl")


def _read_type(e: Entry, names: ScopedNames, private: bool, stage: str, cache: ReadCache) -> TypeDeclParts:
    """`read_type_decl` of the entry, from its file's tree when it has one (seeded in `cache`);
    should that fail, from its text, so that the error points into the text."""
    if e.tree is not None:
        try:
            return _parsing(e, "decl", read_type_decl, names, private, stage, cache)
        except KBError:
            e.tree = None
            cache.parsed.pop((str(e.values["decl"]), private), None)
    return _parsing(e, "decl", read_type_decl, names, private, stage, cache)


def _read_impl(e: Entry, names: ScopedNames, sized_path: str | None) -> ImplParts:
    """`read_impl` of the entry, as `_read_type` does."""
    if e.tree is not None and str(e.values["impl"]).rstrip().endswith("}"):
        try:
            return _parsing(e, "impl", read_impl, names, sized_path, e.tree)
        except KBError:
            e.tree = None
    return _parsing(e, "impl", read_impl, names, sized_path)


def _parsing(e: Entry, key: str, read: Callable[..., _R], *args: Any) -> _R:
    """`read(text, snippet, *args)` for the entry's `key`; a ParseError becomes a KBError there."""
    try:
        return read(str(e.values[key]), e.snippet(key), *args)
    except ParseError as exc:
        raise e.fail(exc.message, key, exc) from None
