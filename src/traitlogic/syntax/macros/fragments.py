"""Fragment specifiers: which tokens may start a fragment, and how far a fragment reaches.

Takes flat input tokens at a fragment's start; gives the end of the fragment (rustc's black-box
parser). Single-token fragments (ident, lifetime, literal, tt, vis) are read by hand; the others
ask tree-sitter: the shortest prefix that ends before a token of the fragment's FOLLOW set (or at
the end) and parses as that fragment wins (`meta` takes the longest, it has no FOLLOW set).
"""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from tree_sitter import Node

from ..tree import RESERVED_WORDS, parse

FRAGMENTS = frozenset(
    ["ident", "ty", "path", "expr", "expr_2021", "tt", "literal", "lifetime", "vis", "item", "block", "meta", "pat", "pat_param", "stmt"]
)
_EXPR_KW = frozenset(["async", "box", "break", "const", "continue", "false", "for", "if", "let", "loop", "match", "move", "return", "self", "Self", "super", "crate", "true", "unsafe", "while", "yield", "static", "try", "gen"])
_TYPE_KW = frozenset(["_", "for", "impl", "fn", "unsafe", "extern", "dyn", "self", "Self", "super", "crate"])
_EXPR_PUNCT = frozenset(["!", "-", "*", "|", "||", "&", "&&", "..", "..=", "...", "<", "<<", "::", "#"])
_TYPE_PUNCT = frozenset(["!", "*", "&", "&&", "?", "<", "<<", "::"])
_PAT_PUNCT = frozenset(["&", "-", "&&", "..", "...", "::", "<", "<<"])
_COMMON_FOLLOW = frozenset(["=>", ",", "=", "|", ";", ":", ">", ">>", "[", "{", "as", "where"])
FOLLOW: dict[str, frozenset[str]] = {
    "expr": frozenset(("=>", ",", ";")),
    "expr_2021": frozenset(("=>", ",", ";")),
    "stmt": frozenset(("=>", ",", ";")),
    "pat": frozenset(("=>", ",", "=", "if", "in")),
    "pat_param": frozenset(("=>", ",", "=", "|", "if", "in")),
    "ty": _COMMON_FOLLOW,
    "path": _COMMON_FOLLOW,
}

# One flat token: (kind, text); kind "open"/"close" for delimiters, else a Tok kind.
Flat = tuple[str, str]


def _ident_ok(text: str, extra: frozenset[str]) -> bool:
    return text.startswith("r#") or text not in RESERVED_WORDS or text in extra


def may_begin(kind: str, tok: Flat) -> bool:
    """rustc's `nonterminal_may_begin_with`: can a `kind` fragment start with `tok`?"""
    k, text = tok
    if kind in ("tt", "item", "stmt"):
        return k not in ("close", "eof")
    if kind == "ident":
        return k == "ident" and text != "_"
    if kind == "lifetime":
        return k == "lifetime"
    if kind == "literal":
        return k == "literal" or text == "-" or (k == "ident" and text in ("true", "false"))
    if kind == "block":
        return k == "open" and text == "{"
    if kind in ("path", "meta"):
        return k == "ident" or text == "::"
    if kind in ("expr", "expr_2021"):
        if k == "ident":
            return text not in ("let", "const" if kind == "expr_2021" else "let") and _ident_ok(text, _EXPR_KW)
        return k in ("literal", "lifetime", "open") or (k == "punct" and text in _EXPR_PUNCT)
    if kind in ("ty", "vis"):
        if kind == "vis" and (k == "ident" or text == ","):
            return True
        if k == "ident":
            return _ident_ok(text, _TYPE_KW)
        return k == "lifetime" or (k == "open" and text in "([") or (k == "punct" and text in _TYPE_PUNCT)
    if kind in ("pat", "pat_param"):
        if k in ("ident", "literal") or (k == "open" and text in "(["):
            return True
        return k == "punct" and (text in _PAT_PUNCT or (text == "|" and kind == "pat"))
    return False


def _spans(node: Node | None, start: int, end: int) -> bool:
    return node is not None and node.start_byte == start and node.end_byte == end


def _check(prefix: str, text: str, suffix: str, pick: Callable[[Node], Node | None]) -> bool:
    tree, _ = parse(prefix + text + suffix)
    root = tree.root_node
    if root.has_error:
        return False
    start = len(prefix.encode())
    return _spans(pick(root), start, start + len(text.encode()))


def _child(node: Node | None, *path: str) -> Node | None:
    for step in path:
        if node is None:
            return None
        node = node.named_children[0] if step == "0" else node.child_by_field_name(step)
    return node


def _body_stmt(root: Node) -> Node | None:
    body = _child(root, "0", "body")
    return body.named_children[0] if body is not None and len(body.named_children) == 1 else None


def _match_pat(root: Node) -> Node | None:
    arm = _child(_body_stmt(root), "0", "body", "0")
    pat = _child(arm, "pattern")
    return None if pat is None or pat.child_by_field_name("condition") is not None else pat


def _only_item(root: Node) -> Node | None:
    kids = root.named_children
    if not kids or any(c.type != "attribute_item" for c in kids[:-1]) or kids[-1].type == "attribute_item":
        return None
    last = kids[-1]
    if last.type == "expression_statement" and last.named_children[0].type != "macro_invocation":
        return None
    return root


def _or_free_pat(root: Node) -> Node | None:
    pat = _match_pat(root)
    inner = _child(pat, "0")
    return None if inner is None or inner.type == "or_pattern" else pat


def _stmt(root: Node) -> Node | None:
    stmt = _body_stmt(root)
    if stmt is None:
        return None
    if stmt.type == "expression_statement" and stmt.named_children and stmt.child_count > 1:
        return stmt.named_children[0]
    return stmt


def _is_path(root: Node) -> Node | None:
    ty = _child(root, "0", "type")
    if ty is not None and ty.type in ("type_identifier", "scoped_type_identifier", "generic_type"):
        return ty
    return None


def _is_expr_path(root: Node) -> Node | None:
    val = _child(_body_stmt(root), "value")
    if val is not None and val.type in ("identifier", "scoped_identifier", "generic_function", "self", "crate",
                                        "super"):
        return val
    return None


@lru_cache(maxsize=8192)
def parses_as(kind: str, text: str) -> bool:
    """Does `text` parse, whole, as a `kind` fragment (tree-sitter-rust)?"""
    if kind in ("expr", "expr_2021"):
        return _check("fn __f() { let _ = ", text, "; }", lambda r: _child(_body_stmt(r), "value"))
    if kind == "ty":
        return _check("type __X = ", text, ";", lambda r: _child(r, "0", "type"))
    if kind == "path":
        return _check("type __X = ", text, ";", _is_path) or _check("fn __f() { let _ = ", text, "; }", _is_expr_path)
    if kind == "pat":
        return _check("fn __f() { match () { ", text, " => {} } }", _match_pat)
    if kind == "pat_param":
        return _check("fn __f() { match () { ", text, " => {} } }", _or_free_pat)
    if kind == "block":
        return _check("fn __f() ", text, "", lambda r: _child(r, "0", "body"))
    if kind == "meta":
        return _check("#[", text, "] struct __S;", lambda r: _child(r, "0", "0"))
    if kind == "item":
        return _check("", text, "", _only_item)
    if kind == "stmt":
        return _check("fn __f() { ", text, "; }", _stmt) or _check("fn __f() { ", text, " }", _stmt)
    raise AssertionError(kind)


def vis_end(flat: list[Flat], i: int, close: dict[int, int]) -> int:
    """End of a visibility at `i` (possibly empty): `pub`, `pub(crate)`, `pub(in a::b)`, ..."""
    if flat[i] != ("ident", "pub"):
        return i
    j = i + 1
    if flat[j] == ("open", "("):
        inner = flat[j + 1]
        if inner in (("ident", "crate"), ("ident", "self"), ("ident", "super")) and flat[j + 2][0] == "close":
            return close[j] + 1
        if inner == ("ident", "in"):
            return close[j] + 1
    return j


def tree_end(flat: list[Flat], i: int, close: dict[int, int]) -> int:
    """End of one token tree at `i`."""
    return close[i] + 1 if flat[i][0] == "open" else i + 1
