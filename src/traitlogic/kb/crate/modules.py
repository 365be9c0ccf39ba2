"""The module tree of one crate as rustc builds it, read iteratively in textual order.

    mod x;                      -> x.rs or x/mod.rs beside the current module's folder
    #[path = "p.rs"] mod x;     -> relative to the current file's folder (inline modules: theirs)
    mod x { ... }               -> an inline module
    #[cfg(false)] item          -> gone; `#[cfg_attr(p, a)]` -> `#[a]` when `p` holds
    m! { ... }                  -> expanded through `macro_rules!` definitions when known

Items are kept with their parse trees for `items.py`; names for `resolve.py`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tree_sitter import Node

from ...syntax.tree import first_error, parse, text_of
from . import attrs as A
from .expand import MacroScope, expand_call, macro_def
from .model import Item, Module, Tree, Use, Vis, visibility
from .uses import field_text, read_use

DEPTH_LIMIT = 128
DECLARED = {"struct_item": "type", "enum_item": "type", "union_item": "type", "type_item": "type",
            "trait_item": "trait"}


@dataclass
class _Frame:
    nodes: list[Node]
    index: int
    data: bytes
    file: str
    module: Module
    dir: Path  # where `mod x;` looks for x.rs / x/mod.rs
    base: Path  # what `#[path]` is relative to
    macros: MacroScope
    depth: int = 0
    call_line: int = 0  # lines of macro-made items: the call's
    macro_use: bool = False  # `#[macro_use] mod`: its macros stay visible after it


def read_tree(name: str, root: Path, cfg: A.Cfg, deps: dict[str, Any]) -> Tree:
    """Read the crate whose root file is `root`; `deps` maps extern names to dependency trees."""
    tree = Tree(name, {}, [], [], [], {})
    top = Module((), str(root))
    tree.modules[()] = top
    parsed = _parse_file(root, tree)
    if parsed is None:
        return tree
    nodes, data = parsed
    for n in nodes:
        if n.type == "inner_attribute_item":
            got = A.effective(text_of(n, data), cfg)
            if got is not None and A.has(got, "no_std"):
                tree.no_std = True
    scope = MacroScope(None, deps)
    stack = [_Frame(nodes, 0, data, str(root), top, root.parent, root.parent, scope)]
    while stack:
        frame = stack[-1]
        if frame.index >= len(frame.nodes):
            stack.pop()
            if frame.macro_use and stack:
                stack[-1].macros.absorb(frame.macros)
            continue
        node = frame.nodes[frame.index]
        frame.index += 1
        if node.type in ("attribute_item", "inner_attribute_item", "line_comment", "block_comment"):
            continue
        written = _outer_attrs(frame.nodes, frame.index - 1, frame.data)
        got = [] if not written else _effective(written, cfg)
        if got is None:
            continue
        child = _visit(node, got, frame, tree, cfg, deps)
        if child is not None:
            stack.append(child)
    return tree


def _outer_attrs(nodes: list[Node], i: int, data: bytes) -> list[str]:
    out: list[str] = []
    j = i - 1
    while j >= 0 and nodes[j].type in ("attribute_item", "line_comment", "block_comment"):
        if nodes[j].type == "attribute_item":
            out.insert(0, text_of(nodes[j], data))
        j -= 1
    return out


def _effective(written: list[str], cfg: A.Cfg) -> list[str] | None:
    out: list[str] = []
    for w in written:
        got = A.effective(w, cfg)
        if got is None:
            return None
        out += got
    return out


def _parse_file(path: Path, tree: Tree) -> tuple[list[Node], bytes] | None:
    try:
        text = _read_bytes(path)
    except (OSError, UnicodeDecodeError) as exc:
        tree.warnings.append(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}")
        return None
    tree.files.append(str(path))
    parsed, data = parse(text)
    bad = first_error(parsed.root_node)
    if bad is not None:
        tree.warnings.append(f"{path}:{bad.start_point[0] + 1}: Rust syntax error; items after it may be missing")
    return list(parsed.root_node.children), data


def _read_bytes(path: Path) -> bytes:
    """The file's UTF-8 bytes with newlines as `read_text` makes them (the parser reads bytes:
    decoded and encoded again they would be the same); not UTF-8: `read_text`'s own error."""
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        path.read_text(encoding="utf-8")  # raises it, as it says it
        raise
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n") if b"\r" in data else data


def _line(frame: _Frame, node: Node) -> int:
    return frame.call_line or node.start_point[0] + 1


def _visit(node: Node, attrs: list[str], frame: _Frame, tree: Tree, cfg: A.Cfg,
           deps: dict[str, Any]) -> _Frame | None:
    kind, data, module = node.type, frame.data, frame.module
    line = _line(frame, node)
    modifier = next((c for c in node.children if c.type == "visibility_modifier"), None)
    public = modifier is not None
    vis = visibility(None if modifier is None else text_of(modifier, data), module.path)
    if kind in DECLARED or kind == "impl_item":
        if kind in DECLARED:
            name = field_text(node, "name", data)
            module.defs[name] = DECLARED[kind]
            module.vis[name] = vis
            if public:
                module.public.add(name)
        tree.items.append(Item(kind, node, data, frame.file, line, module.path, attrs))
    elif kind == "use_declaration":
        module.uses += read_use(node.child_by_field_name("argument"), data, public, f"{frame.file}:{line}", vis)
    elif kind == "extern_crate_declaration":
        crate = field_text(node, "name", data)
        alias = node.child_by_field_name("alias")
        as_name = text_of(alias, data) if alias is not None else crate
        if as_name != "_":
            module.uses.append(Use(("::extern", crate), as_name, public, f"{frame.file}:{line}", vis))
        if A.has(attrs, "macro_use"):
            frame.macros.use_crate(crate)
    elif kind == "const_item":
        value = node.child_by_field_name("value")
        if value is not None:
            module.consts[field_text(node, "name", data)] = text_of(value, data)
    elif kind == "macro_definition":
        mac = macro_def(node, data, frame.file, A.has(attrs, "macro_export"))
        if mac is not None:
            frame.macros.define(mac)
            if A.has(attrs, "macro_export"):
                tree.exported[mac.name] = mac
    elif kind == "macro_invocation" or (kind == "expression_statement" and node.named_children
                                         and node.named_children[0].type == "macro_invocation"):
        call = node if kind == "macro_invocation" else node.named_children[0]
        return _expand(call, frame, tree, line)
    elif kind == "mod_item":
        return _module(node, attrs, frame, tree, line, public, vis)
    return None


def _expand(call: Node, frame: _Frame, tree: Tree, line: int) -> _Frame | None:
    where = f"{frame.file}:{line}"
    name = field_text(call, "macro", frame.data)
    if frame.depth >= DEPTH_LIMIT:
        tree.warnings.append(f"{where}: macro `{name}!` expands more than {DEPTH_LIMIT} levels deep; "
                             "stopped expanding it")
        frame.module.unexpanded.append((name, where))
        return None
    text, why = expand_call(call, frame.data, frame.file, frame.macros, tree.exported, frame.module.uses)
    if text is None:
        tree.warnings.append(f"{where}: skipped the macro call `{name}!`: {why}")
        frame.module.unexpanded.append((name, where))
        return None
    parsed, data = parse(text)
    return _Frame(list(parsed.root_node.children), 0, data, frame.file, frame.module, frame.dir, frame.base,
                  frame.macros, frame.depth + 1, line, False)


def _module(node: Node, attrs: list[str], frame: _Frame, tree: Tree, line: int, public: bool,
            vis: Vis) -> _Frame | None:
    name = field_text(node, "name", frame.data)
    path = frame.module.path + (name,)
    frame.module.defs[name] = "mod"
    frame.module.vis[name] = vis
    if public:
        frame.module.public.add(name)
    child = tree.modules.setdefault(path, Module(path, f"{frame.file}:{line}"))
    explicit = A.path_value(attrs)
    macros = frame.macros.child()
    use = A.has(attrs, "macro_use")
    body = node.child_by_field_name("body")
    if body is not None:
        folder = frame.dir / (explicit if explicit is not None else name)
        return _Frame(list(body.children), 0, frame.data, frame.file, child, folder, folder, macros,
                      frame.depth, frame.call_line, use)
    if explicit is not None:
        candidates = [frame.base / explicit]
        found = candidates[0].is_file()
    else:
        here = str(frame.dir)
        candidates = [Path(p) for p in (os.path.join(here, f"{name}.rs"), os.path.join(here, name, "mod.rs"))
                      if os.path.isfile(p)]
        if len(candidates) > 1:
            tree.warnings.append(f"{frame.file}:{line}: file for module `{name}` found at both "
                                 f"{candidates[0]} and {candidates[1]}")
            frame.module.missing[name] = f"its file is ambiguous ({frame.file}:{line})"
            return None
        found = bool(candidates)
    if not found:
        want = candidates[0] if candidates else frame.dir / f"{name}.rs"
        tree.warnings.append(f"{frame.file}:{line}: file not found for module `{name}` ({want})")
        frame.module.missing[name] = f"its file was not found ({frame.file}:{line})"
        return None
    file = candidates[0]
    parsed = _parse_file(file, tree)
    if parsed is None:
        frame.module.missing[name] = f"its file cannot be read ({frame.file}:{line})"
        return None
    nodes, data = parsed
    mod_rs = explicit is not None or file.name == "mod.rs"
    folder = file.parent if mod_rs else file.parent / file.stem
    return _Frame(nodes, 0, data, str(file), child, folder, file.parent, macros, frame.depth, 0, use)
