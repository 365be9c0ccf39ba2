"""Read one YAML knowledge-base file into entries, checking its shape (sections, keys, values).

YAML is composed with PyYAML's safe loader (no Python objects can be built from tags), every
entry keeps its `file:line`, and every problem is a `KBError` pointing there.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from ..core.errors import KBError
from .entry import Entry

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:float",
}
_KEYS = {
    "traits": ({"decl", "path"}, {"also", "source", "prelude", "impls"}),
    "types": ({"decl", "path"}, {"also", "source", "prelude", "fields", "sized", "unstable"}),
    "impls": ({"impl"}, {"source", "synthesized"}),
    "depths": ({"type", "trait", "param", "depth"}, {"source"}),
    "aliases": ({"decl", "path"}, {"also", "source", "prelude"}),
}


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


# How many nodes aliases may add when the file is read as plain values: a few hundred bytes of
# nested aliases (a "billion laughs" bomb) would otherwise expand to millions of nodes.
_ALIAS_EXPANSION_LIMIT = 100_000


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for kv in node.value for n in kv]
    return []


def _check_tags(root: yaml.Node, name: str) -> None:
    """Refuse tags other than the plain ones, recursive aliases, and aliases that expand the
    file past `_ALIAS_EXPANSION_LIMIT` extra nodes (pointing at the anchor that adds most).
    Each composed node is visited once (an alias shares its anchor's node), so the cost
    follows the file, not its expansion."""
    size: dict[int, int] = {}  # id(node) -> nodes in its expansion, once finished
    uses: dict[int, tuple[yaml.Node, int]] = {}  # id(node) -> (node, times it is a child)
    open_: set[int] = set()  # nodes on the current path (a cycle is a recursive alias)
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            open_.discard(key)
            children = _children(node)
            for c in children:
                uses[id(c)] = (c, uses.get(id(c), (c, 0))[1] + 1)
            size[key] = 1 + sum(size[id(c)] for c in children)
            continue
        if key in size:
            continue
        line = node.start_mark.line + 1
        if key in open_:
            raise KBError("recursive YAML alias: a node contains itself", name, line)
        if node.tag not in _PLAIN_TAGS:
            raise KBError(f"YAML tag `{node.tag}` is not allowed in a knowledge base", name, line)
        open_.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if id(c) not in size)
    extra = size[id(root)] - len(size)
    if extra > _ALIAS_EXPANSION_LIMIT:
        worst = max(uses.values(), key=lambda nu: size[id(nu[0])] * (nu[1] - 1))[0]
        raise KBError(f"YAML aliases expand this file by {extra:,} nodes (at most "
                      f"{_ALIAS_EXPANSION_LIMIT:,} allowed; the anchor here adds the most): "
                      "write the values out", name, worst.start_mark.line + 1)


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
    if "impls" in values and values["impls"] not in ("complete", "all"):
        raise entry.fail("`impls` can only be `complete` (the KB lists every impl of the trait for its types) "
                         "or `all` (for every type, built-in ones too)", "impls")
    if "unstable" in values and not (isinstance(values["unstable"], str) and values["unstable"]):
        raise entry.fail("`unstable` must name the feature gate (`ptr_metadata`)", "unstable")
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
