"""Attributes as rustc applies them before anything else: `#[cfg]` removes, `#[cfg_attr]` expands.

    #[cfg_attr(feature = "x", derive(Clone), path = "x.rs")]  -> ["derive(Clone)", "path = \"x.rs\""]
"""
from __future__ import annotations

import re
from typing import Protocol


class Cfg(Protocol):
    """What attribute handling needs of a cfg set (the cargo layer's `CfgSet`)."""

    def evaluate(self, predicate: str) -> bool: ...


def split_top(text: str) -> list[str]:
    """Comma-separated parts of `text`, not splitting inside brackets or strings."""
    parts, depth, start, quote = [], 0, 0, False
    for i, ch in enumerate(text):
        if quote:
            if ch == '"' and text[i - 1] != "\\":
                quote = False
        elif ch == '"':
            quote = True
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def _body(attr: str) -> str:
    """`#[x(y)]` / `#![x]` -> `x(y)`."""
    m = re.match(r"#!?\s*\[(.*)\]\s*$", attr, re.DOTALL)
    return m.group(1).strip() if m else attr.strip()


def effective(attr_text: str, cfg: Cfg) -> list[str] | None:
    """The attributes one written attribute stands for; None when it is a false `#[cfg]`."""
    out: list[str] = []
    stack = [_body(attr_text)]
    while stack:
        body = stack.pop()
        name = re.match(r"[\w:]*", body).group(0)  # type: ignore[union-attr]
        rest = body[len(name):].strip()
        if name == "cfg" and rest.startswith("("):
            if not cfg.evaluate(rest[1:-1].strip()):
                return None
        elif name == "cfg_attr" and rest.startswith("("):
            parts = split_top(rest[1:-1])
            if parts and cfg.evaluate(parts[0]):
                stack.extend(reversed(parts[1:]))
        else:
            out.append(body)
    return out


def path_value(attrs: list[str]) -> str | None:
    """The value of a `path = "..."` attribute, if any."""
    for a in attrs:
        m = re.match(r'path\s*=\s*"((?:[^"\\]|\\.)*)"\s*$', a)
        if m:
            return m.group(1)
    return None


def derives(attrs: list[str]) -> list[str]:
    """Trait names of every `derive(...)`, last path segment."""
    out: list[str] = []
    for a in attrs:
        m = re.match(r"derive\s*\((.*)\)\s*$", a, re.DOTALL)
        if m:
            out += [n.strip().rsplit("::", 1)[-1] for n in split_top(m.group(1))]
    return out


def has(attrs: list[str], name: str) -> bool:
    return any(re.match(rf"{name}\b", a) for a in attrs)
