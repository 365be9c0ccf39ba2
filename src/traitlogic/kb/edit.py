"""`traitlogic add`: append one Rust item to a KB YAML file, validated first, written atomically.

The file's text is edited, not re-dumped, so its comments and order survive: the YAML parser's
node marks say where the section's key and last entry are, and the entry goes in after it. The item is checked
against the whole KB (std + the file as it would become) before anything is written; the write
goes to a temp file that replaces the old one in one rename, so a crash leaves the old file or
the new one, never half of either.
"""
from __future__ import annotations

import fcntl
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import yaml

from ..core.errors import KBError, ParseError, Snippet
from ..syntax.tree import first_error, parse, text_of

_SECTIONS = {"struct_item": "types", "enum_item": "types", "union_item": "types",
             "trait_item": "traits", "type_item": "aliases", "impl_item": "impls"}


def classify(rust_text: str) -> tuple[str, str | None]:
    """The KB section a Rust item goes in, and its name (None for impls)."""
    snippet = Snippet(rust_text, "item")
    tree, data = parse(rust_text)
    bad = first_error(tree.root_node)
    if bad is not None:
        start = len(data[: bad.start_byte].decode(errors="replace"))
        raise ParseError("not a Rust item traitlogic can add (syntax error)", snippet, start, start + 1)
    items = [c for c in tree.root_node.named_children
             if c.type not in ("line_comment", "block_comment", "attribute_item")]
    if len(items) != 1 or items[0].type not in _SECTIONS:
        raise ParseError("expected one struct, enum, union, trait, type alias or trait impl", snippet, 0,
                         max(len(rust_text), 1))
    item = items[0]
    if item.type == "impl_item" and item.child_by_field_name("trait") is None:
        raise ParseError("an inherent impl does not matter for auto traits; expected `impl Trait for Type`",
                         snippet, 0, len(rust_text))
    name_node = item.child_by_field_name("name")
    name = None if item.type == "impl_item" or name_node is None else text_of(name_node, data)
    return _SECTIONS[item.type], name


def expand_derives(rust_text: str) -> tuple[str, list[str]]:
    """`#[derive(Clone)] struct X;` -> (`struct X;`, [`impl Clone for X {}`]), as `--rust` reads
    it (kb.rust_source's derive expansion); an item without attributes comes back as it is."""
    from .rust_source import read_rust  # tree walk of a whole module: only when attributes are there

    if "#[" not in rust_text:
        return rust_text, []
    entries, _ = read_rust(rust_text, "<item>")
    decls = [str(e.values["decl"]) for e in entries if e.section != "impls"]
    impls = [str(e.values["impl"]) for e in entries if e.section == "impls"]
    return (decls[0] if decls else rust_text), impls


def entry_text(section: str, rust_text: str, path: str | None, indent: str) -> str:
    """The YAML lines of one entry (JSON strings are valid YAML double-quoted scalars)."""
    key = "impl" if section == "impls" else "decl"
    lines = [f"{indent}- {key}: {json.dumps(rust_text.strip(), ensure_ascii=False)}"]
    if path is not None:
        lines.append(f"{indent}  path: {path}")
    return "\n".join(lines) + "\n"


def _compose(text: str, origin: str) -> yaml.Node | None:
    """The file's YAML node tree (with each node's start/end marks); a KBError citing the
    file's line when it is not valid YAML."""
    try:
        return yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise KBError(f"not valid YAML: {getattr(exc, 'problem', None) or exc}", origin,
                      mark.line + 1 if mark is not None else 0) from None


def _section(root: yaml.Node | None, section: str) -> tuple[yaml.Node, yaml.Node] | None:
    """The (key, value) nodes of the top-level `section` key (quoted or not), the first if repeated."""
    if not isinstance(root, yaml.MappingNode):
        return None
    return next(((k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == section), None)


def _check_block_style(text: str, section: str, origin: str) -> None:
    """Refuse a flow-style section (`types: [...]`, other than an empty `[]`), which an
    append to its text would break; the error cites the file's own line."""
    found = _section(_compose(text, origin), section)
    if found is not None:
        key, value = found
        if isinstance(value, yaml.SequenceNode) and value.flow_style and value.value:
            raise KBError(f"the `{section}` section is written in flow style (`{section}: [...]`); "
                          f"write it as a block list (`- ...` lines) to add to it", origin,
                          key.start_mark.line + 1)


def _after_last_line(text: str, node: yaml.Node) -> int:
    """The offset just past the line where `node`'s last scalar ends (a collection's own end
    mark lies at the next token, past any comments that follow it)."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    end = node.end_mark
    if end.column == 0 and end.line > node.start_mark.line:  # a block scalar ends with its line
        return end.index
    return _line_end(text, end.index)


def _line_end(text: str, index: int) -> int:
    """The offset just past the line break ending the line of `index`."""
    found = text.find("\n", index)
    return len(text) if found < 0 else found + 1


def insert_entry(text: str, section: str, rust_text: str, path: str | None) -> tuple[str, int]:
    """`text` with the entry appended to its section (made if missing), and the entry's line.
    The section is found by the YAML parser's node marks; CRLF line endings stay CRLF."""
    if "\r\n" in text:
        new, at = insert_entry(text.replace("\r\n", "\n"), section, rust_text, path)
        return new.replace("\n", "\r\n"), at
    if text and not text.endswith("\n"):
        text += "\n"
    found = _section(_compose(text, "<text>"), section)
    indent = "  "
    if found is None:  # a new section at the end, after a blank line
        last_line = text[:-1].rsplit("\n", 1)[-1]
        text += ("" if not text or not last_line.strip() else "\n") + f"{section}:\n"
        at = len(text)
    else:
        key, value = found
        if isinstance(value, yaml.SequenceNode) and value.flow_style:  # `impls: []` (a full one is refused)
            text = text[:key.end_mark.index] + ":\n" + text[_line_end(text, value.end_mark.index):]
            at = key.end_mark.index + 2
        elif isinstance(value, yaml.SequenceNode) and value.value:
            indent = " " * value.start_mark.column
            at = _after_last_line(text, value)
        else:  # `types:` with nothing under it
            at = _line_end(text, key.end_mark.index)
    block = entry_text(section, rust_text, path, indent)
    return text[:at] + block + text[at:], text.count("\n", 0, at) + 1


def add(file: str | Path, rust_text: str, path: str | None,
        validate: Callable[[str], None]) -> tuple[int, str]:
    """Append the item to `file` if `validate(new_text)` accepts it; returns (line, section).
    The whole read-validate-write runs under a lock (`.NAME.lock` next to the file), so
    concurrent adds keep every item; a symlink stays a symlink (its target is written)."""
    link = Path(file)
    target = Path(os.path.realpath(link))
    if target.exists() and (not os.access(target, os.W_OK) or not target.stat().st_mode & 0o222):
        raise KBError("the knowledge-base file is read-only; nothing was added", str(link), 0)
    section, name = classify(rust_text)
    if section != "impls" and path is None:
        path = f"{link.stem.replace('-', '_')}::{name}"
    lock = target.parent / f".{target.name}.lock"
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise KBError(f"cannot lock the knowledge-base file: {exc.strerror or exc}", str(link), 0) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            old = target.read_bytes().decode("utf-8") if target.exists() else ""
        except (OSError, UnicodeDecodeError) as exc:
            raise KBError(f"cannot read knowledge-base file: {getattr(exc, 'strerror', None) or exc}",
                          str(link), 0) from None
        _check_block_style(old, section, str(link))
        item_text, derived = expand_derives(rust_text)
        new = old
        if derived:
            _check_block_style(old, "impls", str(link))
        for impl in derived:
            new, _ = insert_entry(new, "impls", impl, None)
        new, line = insert_entry(new, section, item_text, path)  # last: its line stays right
        try:
            validate(new)
        except KBError as exc:
            if exc.line != line or exc.detail is None:
                raise
            # The problem is in the new item: point into it, not at a line the file does not have yet.
            item = Snippet(rust_text.strip(), "item")
            raise ParseError(f"{exc.message} (nothing was added to {link})", item, exc.detail.start,
                             exc.detail.end) from None
        write_atomic(target, new)
    finally:
        os.close(fd)  # releases the lock
    return line, section


def write_atomic(file: Path, text: str) -> None:
    """Write via a temp file in the same folder, flushed to disk, then one rename; the old
    file's mode and (where allowed) owner are kept."""
    folder = file.parent if str(file.parent) else Path(".")
    old = file.stat() if file.exists() else None
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{file.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, old.st_mode & 0o7777 if old is not None else 0o644)
        if old is not None and hasattr(os, "chown"):
            try:
                os.chown(tmp, old.st_uid, old.st_gid)
            except OSError:
                pass  # only root may give a file away; the owner is the user then anyway
        os.replace(tmp, file)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
