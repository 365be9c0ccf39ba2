"""Read Rust source files into KB entries: the items that matter for auto traits.

    use std::rc::Weak;                       -> the module's scope (a bare `Weak` is std::rc::Weak)
    mod inner { pub struct X; }              -> items at `crate::inner::X`
    struct / enum / union / trait / type     -> `types` / `traits` / `aliases` entries
    impl Trait for Type { ... }              -> `impls` entries (inherent impls are skipped)
    #[derive(Clone, Copy, ...)]              -> the impls the derive generates
    fn, const, static, macros, extern crate  -> skipped silently

Every entry cites `file:line`; a syntax error is reported there, never guessed around.
"""
from __future__ import annotations

from pathlib import Path

from tree_sitter import Node

from ..core.errors import KBError
from ..syntax.derive import derived_impls
from ..syntax.tree import child_field, first_error, parse, text_of
from .entry import Entry
from .scope import ModuleScope

_ITEM_SECTIONS = {"struct_item": "types", "enum_item": "types", "union_item": "types",
                  "trait_item": "traits", "type_item": "aliases"}
_SKIPPED = {"function_item", "function_signature_item", "const_item", "static_item", "macro_definition",
            "expression_statement", "extern_crate_declaration", "foreign_mod_item", "attribute_item",
            "inner_attribute_item", "line_comment", "block_comment", "empty_statement", "macro_invocation"}


def rust_files(path: str | Path) -> list[Path]:
    """A `.rs` file, or every `.rs` file below a directory (sorted)."""
    p = Path(path)
    if p.is_dir():
        return sorted(p.rglob("*.rs"))
    return [p]


def module_of(file: Path, root: Path | None) -> tuple[str, ...]:
    """`src/config.rs` under `src/` -> ("crate", "config"); lib.rs, main.rs, mod.rs name their folder."""
    if root is None:
        return ("crate",)
    parts = list(file.relative_to(root).with_suffix("").parts)
    if parts and parts[-1] in ("lib", "main", "mod"):
        parts.pop()
    return ("crate",) + tuple(parts)


def read_rust_file(file: str | Path, root: Path | None = None) -> tuple[list[Entry], ModuleScope]:
    """The entries of one file and the scope of its top module (where goals are read)."""
    path = Path(file)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KBError(f"cannot read Rust file: {getattr(exc, 'strerror', None) or exc}", str(path), 0) from None
    return read_rust(text, str(path), module_of(path, root))


def read_rust(text: str, origin: str, module: tuple[str, ...] = ("crate",)) -> tuple[list[Entry], ModuleScope]:
    tree, data = parse(text)
    bad = first_error(tree.root_node)
    if bad is not None:
        line = bad.start_point[0] + 1
        what = f"expected `{bad.type}`" if bad.is_missing else f"unexpected `{text_of(bad, data).strip()[:40]}`"
        raise KBError(f"Rust syntax error: {what}", origin, line)
    top = ModuleScope(module)
    entries: list[Entry] = []
    _read_module(tree.root_node, data, origin, top, entries)
    return entries, top


def _read_module(node: Node, data: bytes, origin: str, scope: ModuleScope, entries: list[Entry]) -> None:
    derives: list[str] = []
    for item in node.named_children:
        kind = item.type
        if kind == "attribute_item":
            derives += _derives(item, data)
            continue
        pending, derives = derives, []
        if kind == "use_declaration":
            _read_use(item.child_by_field_name("argument"), data, scope, ())
        elif kind == "mod_item":
            body = item.child_by_field_name("body")
            if body is not None:
                name = text_of(child_field(item, "name"), data)
                _read_module(body, data, origin, ModuleScope(scope.module + (name,)), entries)
        elif kind in _ITEM_SECTIONS:
            entries.append(_entry(_ITEM_SECTIONS[kind], item, data, origin, scope))
            if pending and kind in ("struct_item", "enum_item", "union_item"):
                entries.extend(_derived(pending, item, data, origin, scope))
        elif kind == "impl_item":
            if item.child_by_field_name("trait") is not None:  # inherent impls do not matter
                entries.append(_entry("impls", item, data, origin, scope, lenient=True))
        elif kind not in _SKIPPED:
            pass  # other items (unions of macros, ...) do not declare types or impls


def _entry(section: str, item: Node, data: bytes, origin: str, scope: ModuleScope,
           lenient: bool = False, text: str | None = None) -> Entry:
    line = item.start_point[0] + 1
    text = text if text is not None else text_of(item, data)
    values: dict[str, object] = {"source": f"{origin}:{line}"}
    if section == "impls":
        values["impl"] = text
        key = "impl"
    else:
        name = text_of(child_field(item, "name"), data)
        values["decl"] = text
        values["path"] = "::".join(scope.module + (name,))
        key = "decl"
    entry = Entry(section, values, {key: line}, line, origin)
    entry.scope = scope
    entry.lenient = lenient
    entry.column = item.start_point[1] + 1
    return entry


def _read_use(node: Node | None, data: bytes, scope: ModuleScope, prefix: tuple[str, ...]) -> None:
    """Record what a `use` tree brings into `scope` (absolute paths; `self`/`super`/`crate` kept)."""
    if node is None:
        return
    kind = node.type
    if kind in ("identifier", "scoped_identifier", "crate", "self", "super"):
        path = prefix + _segments(node, data)
        if path[-1] == "self":
            path = path[:-1]
        scope.uses[path[-1]] = _absolute(scope, path)
    elif kind == "use_as_clause":
        path = prefix + _segments(child_field(node, "path"), data)
        alias = text_of(child_field(node, "alias"), data)
        if alias != "_":
            scope.uses[alias] = _absolute(scope, path)
    elif kind == "use_wildcard":
        inner = node.named_children[0] if node.named_children else None
        path = prefix + (_segments(inner, data) if inner is not None else ())
        scope.globs.append(_absolute(scope, path))
    elif kind == "scoped_use_list":
        path_node = node.child_by_field_name("path")
        path = prefix + (_segments(path_node, data) if path_node is not None else ())
        for child in child_field(node, "list").named_children:
            _read_use(child, data, scope, path)
    elif kind == "use_list":
        for child in node.named_children:
            _read_use(child, data, scope, prefix)


def _segments(node: Node, data: bytes) -> tuple[str, ...]:
    return tuple(s for s in "".join(text_of(node, data).split()).split("::") if s)


def _absolute(scope: ModuleScope, path: tuple[str, ...]) -> tuple[str, ...]:
    resolved = scope.absolute(list(path)) if path else None
    return resolved if resolved is not None else path


def _derives(item: Node, data: bytes) -> list[str]:
    """`#[derive(Clone, std::fmt::Debug)]` -> ["Clone", "Debug"] (read from its token tree)."""
    attr = item.named_children[0] if item.named_children else None
    path = attr.named_children[0] if attr is not None and attr.named_children else None
    args = attr.child_by_field_name("arguments") if attr is not None else None
    if path is None or text_of(path, data) != "derive" or args is None or args.children[0].type != "(":
        return []
    names: list[str] = []
    last: str | None = None
    for token in args.children[1:-1]:
        if token.type == ",":
            names += [last] if last is not None else []
            last = None
        elif token.type == "identifier":
            last = text_of(token, data)
    return names + ([last] if last is not None else [])


def _derived(traits: list[str], item: Node, data: bytes, origin: str, scope: ModuleScope) -> list[Entry]:
    """The impls `#[derive(...)]` generates for `item`, as entries citing the item."""
    return [_entry("impls", item, data, origin, scope, lenient=True, text=text)
            for text in derived_impls(traits, item, data)]
