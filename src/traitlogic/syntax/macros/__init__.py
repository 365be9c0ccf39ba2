"""macro_rules! expansion: read definitions from tree-sitter nodes, expand invocations to text.

`read_macro_def` reads a `macro_definition` node; `expand` / `expand_text` give the Rust text of
one invocation (rules tried in order, the first that matches wins, as rustc); `expand_items`
expands the item-position invocations of a text recursively, up to a depth limit.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from tree_sitter import Node

from ..tree import text_of
from .matcher import Elem, parse_pattern
from .nfa import Input, Loc, compile_locs, run
from .tokens import MacroError, Tok, lex, render
from .transcribe import transcribe

__all__ = ["MacroDef", "MacroError", "MacroRule", "expand", "expand_text", "read_macro_def"]


@dataclass(frozen=True)
class MacroRule:
    """One `(pattern) => { transcriber }` rule; `line` is its line in the definition's file."""

    pattern: tuple[Elem, ...]
    body: tuple[Tok, ...]
    line: int
    # the pattern's matcher locations and metavariable names, compiled once for every call
    compiled: tuple[list[Loc], list[str]] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "compiled", compile_locs(self.pattern))


@dataclass
class MacroDef:
    name: str
    rules: list[MacroRule]
    file: str
    line: int
    exported: bool = False  # #[macro_export]


def read_macro_def(node: Node, data: bytes, file: str, exported: bool = False) -> MacroDef:
    """A `macro_definition` node as a MacroDef; MacroError for a malformed definition."""
    name_node = node.child_by_field_name("name")
    line = node.start_point[0] + 1
    if name_node is None:
        raise MacroError("malformed `macro_rules!`: expected a macro name", line, file)
    name = text_of(name_node, data)
    return read_macro_text(name, data[name_node.end_byte : node.end_byte].decode(), file,
                           name_node.start_point[0] + 1, exported)


def read_macro_text(name: str, body: str, file: str, line: int, exported: bool = False) -> MacroDef:
    """A definition from the text after `macro_rules! name` (`{ rules }`, or `( rules );`)."""
    try:
        toks = lex(body, line)
        if not toks or toks[0].kind != "group" or len(toks) > 2 or (len(toks) == 2 and toks[1].text != ";"):
            raise MacroError(f"malformed `macro_rules! {name}`: expected `{{ (pattern) => {{ ... }}; ... }}`", line)
        rules = _read_rules(name, toks[0].children, line)
    except MacroError as e:
        raise MacroError(e.message, e.line, file) from None
    return MacroDef(name, rules, file, line, exported)


def _read_rules(name: str, toks: tuple[Tok, ...], line: int) -> list[MacroRule]:
    rules: list[MacroRule] = []
    i = 0
    while i < len(toks):
        lhs = toks[i]
        at = line + lhs.line
        if lhs.kind != "group":
            raise MacroError(f"malformed `macro_rules! {name}`: expected a delimited pattern, found `{lhs.text}`", at)
        if i + 2 >= len(toks) or toks[i + 1].text != "=>" or toks[i + 2].kind != "group":
            raise MacroError(f"malformed `macro_rules! {name}`: expected `=> {{ ... }}` after a pattern", at)
        rules.append(MacroRule(parse_pattern(lhs.children, line), toks[i + 2].children, at))
        i += 3
        if i < len(toks):
            if toks[i].text != ";":
                raise MacroError(f"malformed `macro_rules! {name}`: expected `;` between rules", line + toks[i].line)
            i += 1
    if not rules:
        raise MacroError(f"malformed `macro_rules! {name}`: no rules", line)
    return rules


def expand(mac: MacroDef, args: Node, data: bytes, file: str, crate_path: str = "crate") -> str:
    """The Rust text of `mac` applied to the invocation's token_tree `args`."""
    return expand_text(mac, text_of(args, data), file, args.start_point[0] + 1, crate_path, delimited=True)


def expand_text(mac: MacroDef, args_text: str, file: str = "", line: int = 1, crate_path: str = "crate",
                delimited: bool = False) -> str:
    """Like `expand`, from text: the arguments (`delimited`: with their outer delimiters)."""
    try:
        toks = lex(args_text, line)
        if delimited:
            if len(toks) != 1 or toks[0].kind != "group":
                raise MacroError(f"expected delimited arguments to `{mac.name}!`", line)
            toks = toks[0].children
        inp = Input(toks)
        worst = -1
        for rule in mac.rules:
            locs, names = rule.compiled
            got = run(locs, names, inp, line)
            if isinstance(got, dict):
                return render(transcribe(rule.body, got, crate_path, line))
            worst = max(worst, got)
    except MacroError as e:
        raise MacroError(e.message, line, file) from None
    found = inp.flat[worst]
    what = "end of macro arguments" if found[0] == "eof" else f"`{found[1]}`"
    raise MacroError(f"no rule of `{mac.name}!` matches its arguments: no rule expected {what}", line, file)
