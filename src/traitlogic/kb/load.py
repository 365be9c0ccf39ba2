"""Load YAML knowledge-base files into a `Declarations` store, validating as it goes.

YAML is composed with PyYAML's safe loader (no Python objects can be built from tags), every
entry keeps its `file:line`, and every problem is a `KBError` pointing there.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import yaml

from ..core import types as T
from ..core.errors import KBError, ParseError, Snippet
from ..core.subst import unify
from ..syntax.items import read_alias, read_impl, read_trait_decl, read_type_decl
from .declarations import Declarations
from ..core.model import AliasDecl, ImplDecl, Origin, TraitDecl, TypeDecl
from .scope import ModuleScope, ScopedNames

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:float",
}
_KEYS = {
    "traits": ({"decl", "path"}, {"also", "source", "prelude", "impls"}),
    "types": ({"decl", "path"}, {"also", "source", "prelude", "fields", "sized"}),
    "impls": ({"impl"}, {"source", "synthesized"}),
    "depths": ({"type", "trait", "param", "depth"}, {"source"}),
    "aliases": ({"decl", "path"}, {"also", "source", "prelude"}),
}


@dataclass
class Entry:
    """One item of a KB file (or of imported Rust): its fields and where each was written."""

    section: str
    values: dict[str, object]
    lines: dict[str, int]
    line: int
    file: str
    scope: ModuleScope | None = None  # Rust items: the module their names resolve in
    lenient: bool = False  # Rust impls of traits the KB does not know are skipped with a warning
    column: int = 1

    def origin(self) -> Origin:
        return Origin(self.file, self.line)

    def source(self) -> str:
        """The entry's `source`, or where it was written when it names none."""
        return str(self.values.get("source") or self.origin())

    def snippet(self, key: str) -> Snippet:
        return Snippet(str(self.values[key]), self.file, self.lines.get(key, self.line), self.column)

    def fail(self, message: str, key: str | None = None, detail: ParseError | None = None) -> KBError:
        line = self.lines.get(key, self.line) if key else self.line
        return KBError(message, self.file, line, detail)


def read_file(path: str | Path) -> list[Entry]:
    """Compose one YAML file and check its shape; returns its entries in order."""
    name = str(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise KBError(f"cannot read knowledge-base file: {exc.strerror}", name, 0) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise KBError("file is not UTF-8", name, raw[: exc.start].count(b"\n") + 1) from None
    return read_text(text, name)


def read_text(text: str, name: str) -> list[Entry]:
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else 0
        problem = getattr(exc, "problem", None) or str(exc)
        raise KBError(f"invalid YAML: {problem}", name, line) from None
    if root is None:
        return []
    _check_tags(root, name)
    if not isinstance(root, yaml.MappingNode):
        raise KBError("a knowledge-base file is a mapping with `traits`, `types` and `impls` lists",
                      name, root.start_mark.line + 1)
    entries: list[Entry] = []
    for key_node, value_node in root.value:
        section = key_node.value
        line = key_node.start_mark.line + 1
        if section not in _KEYS:
            raise KBError(f"unknown section `{section}` (expected `traits`, `types`, `aliases`, `impls` "
                          "or `depths`)", name, line)
        if isinstance(value_node, yaml.ScalarNode) and value_node.value in ("", "~", "null"):
            continue
        if not isinstance(value_node, yaml.SequenceNode):
            raise KBError(f"`{section}` must be a list", name, line)
        for item in value_node.value:
            entries.append(_entry(section, item, name))
    return entries


def _check_tags(root: yaml.Node, name: str) -> None:
    stack = [root]
    while stack:
        node = stack.pop()
        if node.tag not in _PLAIN_TAGS:
            raise KBError(f"YAML tag `{node.tag}` is not allowed in a knowledge base", name,
                          node.start_mark.line + 1)
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack.extend((k, v))


def _entry(section: str, node: yaml.Node, name: str) -> Entry:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        raise KBError(f"each item of `{section}` must be a mapping", name, line)
    required, optional = _KEYS[section]
    values: dict[str, object] = {}
    lines: dict[str, int] = {}
    for k, v in node.value:
        key = k.value
        if key not in required | optional:
            allowed = ", ".join(f"`{x}`" for x in sorted(required | optional))
            raise KBError(f"unknown key `{key}` in `{section}` (allowed: {allowed})", name, k.start_mark.line + 1)
        values[key] = _plain(v, name)
        # Block scalars (`|`, `>`) start on the line after their indicator.
        lines[key] = v.start_mark.line + 1 + (1 if getattr(v, "style", None) in ("|", ">") else 0)
    for key in sorted(required - values.keys()):
        raise KBError(f"missing key `{key}` in `{section}` item", name, line)
    entry = Entry(section, values, lines, line, name)
    for key in ("decl", "path", "impl", "source", "type", "trait", "param"):
        if key in values and not isinstance(values[key], str):
            raise entry.fail(f"`{key}` must be a string", key)
    if "also" in values and not (isinstance(values["also"], list) and all(isinstance(a, str) for a in values["also"])):
        raise entry.fail("`also` must be a list of paths", "also")
    for key in ("prelude", "synthesized", "sized"):
        if key in values and not isinstance(values[key], bool):
            raise entry.fail(f"`{key}` must be true or false", key)
    if "depth" in values and not (isinstance(values["depth"], int) and values["depth"] >= 1):
        raise entry.fail("`depth` must be a whole number of at least 1", "depth")
    if "impls" in values and values["impls"] != "complete":
        raise entry.fail("`impls` can only be `complete` (the KB lists every impl of the trait for its types)",
                         "impls")
    if "fields" in values and values["fields"] != "private":
        raise entry.fail("`fields` can only be `private` (write public fields in `decl`)", "fields")
    return entry


_CONSTRUCT = yaml.constructor.SafeConstructor()


def _plain(node: yaml.Node, name: str) -> object:
    """A composed node's plain value (tags were checked: only str, int, bool, null, lists, maps)."""
    if isinstance(node, yaml.SequenceNode):
        return [_plain(n, name) for n in node.value]
    if isinstance(node, yaml.MappingNode):
        return {k.value: _plain(v, name) for k, v in node.value}
    if node.tag == "tag:yaml.org,2002:str":
        return node.value
    return _CONSTRUCT.construct_object(node)


# -- building the store ------------------------------------------------------------------
def load(files: Iterable[str | Path], rust: Iterable[tuple[Path, Path | None]] = (),
         base: Declarations | None = None) -> Declarations:
    """Read and validate every YAML file and Rust file (with its crate root), on top of a copy
    of `base` if given; names may refer across files. Goals are later read in the scope of the
    Rust files' top modules."""
    entries: list[Entry] = []
    for f in files:
        entries.extend(read_file(f))
    scopes = []
    for file, root in rust:
        from .rust_source import read_rust_file

        found, scope = read_rust_file(file, root)
        entries.extend(found)
        scopes.append(scope)
    decls = build(entries, base)
    decls.goal_scopes.extend(scopes)
    return decls


def build(entries: list[Entry], base: Declarations | None = None) -> Declarations:
    """Declarations for `entries`, added to a copy of `base` if given (names may refer across)."""
    decls = _copy(base) if base is not None else Declarations()
    trait_entries = [e for e in entries if e.section == "traits"]
    type_entries = [e for e in entries if e.section == "types"]
    impl_entries = [e for e in entries if e.section == "impls"]
    placeholders: list[tuple[Entry, object]] = []
    for e in trait_entries:
        t = TraitDecl(str(e.values["path"]), _last(e), False, False, e.source(), e.origin(),
                      complete=e.values.get("impls") == "complete")
        _register(decls.traits, t, e)
        decls.trait_by_path[t.path] = t
        placeholders.append((e, t))
    for e in type_entries:
        private = e.values.get("fields") == "private"
        d = TypeDecl(str(e.values["path"]), _last(e), "struct", (), None if private else (), bool(e.values.get("sized", True)),
                     e.source(), e.origin(), from_std=_is_std_file(e.file))
        _register(decls.types, d, e)
        decls.type_by_path[d.path] = d
        placeholders.append((e, d))
    for e in (e for e in entries if e.section == "aliases"):
        alias = AliasDecl(str(e.values["path"]), _last(e), (), None, e.source(), e.origin())
        _register(decls.types, alias, e)
        decls.alias_by_path[alias.path] = alias
        decls._pending_aliases[alias.path] = _alias_reader(decls, e)
    # Phase 2: every name is known; parse the Rust text.
    for e, t in placeholders:
        if isinstance(t, TraitDecl):
            parts = _parsing(e, "decl", lambda s: read_trait_decl(str(e.values["decl"]), s, _names(e, decls)))
            _same_name(e, parts.name, t.name)
            t.is_auto, t.is_unsafe, t.supertraits = parts.is_auto, parts.is_unsafe, parts.supertraits
    # Types refer to each other (and to themselves): parameter lists first, then defaults
    # (twice, so a default may use another type's default), then fields.
    for stage in ("generics", "defaults", "defaults", "full"):
        if stage == "full":  # every default is known: read the aliases nothing used so far
            for path in list(decls._pending_aliases):
                decls.alias_target(decls.alias_by_path[path])
        for e, d in placeholders:
            if isinstance(d, TypeDecl):
                private = e.values.get("fields") == "private"
                parts = _parsing(e, "decl",
                                 lambda s: read_type_decl(str(e.values["decl"]), s, _names(e, decls), private, stage))
                _same_name(e, parts.name, d.name)
                d.kind, d.params, d.fields = parts.kind, parts.params, parts.fields
    sized = decls.traits.candidates(["Sized"])
    sized_path = sized[0].path if len(sized) == 1 else None
    for e in impl_entries:
        try:
            parts = _parsing(e, "impl", lambda s: read_impl(str(e.values["impl"]), s, _names(e, decls), sized_path))
        except KBError as exc:
            if e.lenient and not _names_auto_trait(decls, e):
                decls.warnings.append(f"{exc.file}:{exc.line}: skipped an impl traitlogic cannot read: {exc.message}")
                continue
            raise
        impl = ImplDecl(parts.trait.path, parts.negative, parts.self_ty, parts.params, parts.bounds, parts.assoc,
                        bool(e.values.get("synthesized", False)), parts.header, e.source(),
                        e.origin())
        _check_unsafety(parts.trait, parts.is_unsafe, impl, e)
        _check_impl(decls, impl, e)
        decls.add_impl(impl)
    _check_private_types(decls, type_entries)
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
            impl.depths[param] = int(e.values["depth"])  # type: ignore[arg-type]
            return
    raise e.fail(f"no impl of `{e.values['trait']}` for `{decl.name}` has a bound on `{param}`", "param")


@lru_cache(maxsize=None)
def _is_std_file(file: str) -> bool:
    from ..core.resources import data_dir

    return Path(file).resolve().is_relative_to(data_dir("kb").resolve())


def _names(e: Entry, decls: Declarations):
    """The scope an entry's Rust text resolves names in: its module's; std's own for the std KB
    (so a user's `Child` cannot make std's names ambiguous); else the KB-wide one."""
    if e.scope is not None:
        return ScopedNames(decls, [e.scope])
    if _is_std_file(e.file):
        return StdNames(decls)
    return decls


class StdNames(ScopedNames):
    """Names as the std KB sees them: only what std itself declares."""

    def __init__(self, decls: Declarations):
        super().__init__(decls, [])

    def _lookup(self, table, segments: list[str]) -> list:
        return [c for c in table.candidates(segments) if _is_std_file(c.origin.file)] or \
            [c for c in table.candidates_all(segments) if _is_std_file(c.origin.file)]


def _names_auto_trait(decls: Declarations, e: Entry) -> bool:
    """Whether an impl's text names an auto trait (such impls must be read, never skipped)."""
    from ..syntax.tree import parse

    tree, data = parse(str(e.values.get("impl", "")))
    item = next((c for c in tree.root_node.named_children if c.type == "impl_item"), None)
    trait = item.child_by_field_name("trait") if item is not None else None
    if trait is None:
        return True  # cannot tell: read it, and report what is wrong
    if trait.type == "generic_type":
        trait = trait.child_by_field_name("type")
    name = "".join(data[trait.start_byte:trait.end_byte].decode().split())
    return any(t.is_auto for t in _names(e, decls).lookup_trait(name.split("::")))


def _copy(decls: Declarations) -> Declarations:
    import pickle

    return pickle.loads(pickle.dumps(decls, protocol=pickle.HIGHEST_PROTOCOL))


def _alias_reader(decls: Declarations, e: Entry):
    def read(alias: AliasDecl) -> None:
        parts = _parsing(e, "decl", lambda s: read_alias(str(e.values["decl"]), s, _names(e, decls)))
        _same_name(e, parts.name, alias.name)
        if alias.target is None and parts.target is not None:
            alias.params, alias.target = parts.params, parts.target
    return read


def _last(e: Entry) -> str:
    return str(e.values["path"]).rsplit("::", 1)[-1]


def _register(table, entity, e: Entry) -> None:
    paths = [str(e.values["path"])] + [str(a) for a in e.values.get("also", [])]
    clash = table.add(entity, paths, bool(e.values.get("prelude", False)))
    if clash is not None:
        raise e.fail(f"duplicate declaration of {table.what} `{entity.path}` (first declared at {clash.origin})", "path")


def _same_name(e: Entry, written: str, path_name: str) -> None:
    if written != path_name:
        raise e.fail(f"`decl` names `{written}` but `path` ends in `{path_name}`", "decl")


def _parsing(e: Entry, key: str, read):
    try:
        return read(e.snippet(key))
    except ParseError as exc:
        raise e.fail(exc.message, key, exc) from None


def _check_unsafety(trait: TraitDecl, is_unsafe: bool, impl: ImplDecl, e: Entry) -> None:
    """rustc's E0199 / E0200: `unsafe impl` exactly for unsafe traits (negative impls never)."""
    if impl.synthesized:
        return
    if impl.negative and is_unsafe:
        raise e.fail("negative impls cannot be `unsafe`", "impl")
    if not impl.negative and trait.is_unsafe and not is_unsafe:
        raise e.fail(f"`{trait.name}` is an unsafe trait: write `unsafe impl` (rustc: E0200)", "impl")
    if not impl.negative and not trait.is_unsafe and is_unsafe:
        raise e.fail(f"`{trait.name}` is not an unsafe trait: write `impl`, not `unsafe impl` (rustc: E0199)", "impl")


def _check_impl(decls: Declarations, impl: ImplDecl, e: Entry) -> None:
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


def _check_private_types(decls: Declarations, type_entries: list[Entry]) -> None:
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
