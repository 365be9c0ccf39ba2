"""A lexer of Rust tokens into token trees, and the renderer of token trees back to text.

Takes the text inside a macro definition or invocation; gives `Tok` trees: identifiers (keywords
and `r#raw` ones too), lifetimes, literals (raw strings, bytes, chars, numbers with suffixes),
punctuation glued as rustc's lexer glues it (`::`, `=>`, `>>=`, `..=`), and delimited groups.
Doc comments become `#[doc = "..."]` attributes, as rustc hands them to macros.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ...core.errors import TraitlogicError


class MacroError(TraitlogicError):
    """A macro that cannot be read or expanded; `line` is a line of `file` (call site or definition)."""

    def __init__(self, message: str, line: int, file: str = ""):
        super().__init__(message)
        self.message = message
        self.line = line
        self.file = file

    def render(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file else f"line {self.line}: "
        return f"error: {where}{self.message}"


@dataclass(frozen=True, slots=True)
class Tok:
    """One token tree: `kind` is ident, lifetime, literal, punct or group (`text` = its open delimiter)."""

    kind: str
    text: str
    children: tuple[Tok, ...] = ()
    line: int = 0  # lines after the first line of the lexed text


PUNCTS = (
    ">>=", "<<=", "...", "..=", "::", "->", "=>", "==", "!=", "<=", ">=", "&&", "||", "+=", "-=",
    "*=", "/=", "%=", "^=", "&=", "|=", "<<", ">>", "..",
)
SINGLE = set("+-*/%^!&|=<>@.,;:#$?~")
_PUNCTS_BY_FIRST: dict[str, tuple[str, ...]] = {}  # PUNCTS by first character, in PUNCTS' order
for _p in PUNCTS:
    _PUNCTS_BY_FIRST[_p[0]] = _PUNCTS_BY_FIRST.get(_p[0], ()) + (_p,)
_ASCII_WORD = re.compile(r"[A-Za-z0-9_]*")  # ASCII identifier characters (others: `_is_ident_char`)
CLOSE = {"(": ")", "[": "]", "{": "}"}


def _is_ident_start(ch: str) -> bool:
    return ch == "_" or ch.isidentifier()


def _is_ident_char(ch: str) -> bool:
    return ch == "_" or ("a" + ch).isidentifier()


class _Lexer:
    def __init__(self, text: str, line: int):
        self.s = text
        self.i = 0
        self.base = line
        self._at, self._lines = 0, 0  # newlines before `_at`: tokens come in order (linear)

    def err(self, message: str) -> MacroError:
        return MacroError(message, self.base + self.s.count("\n", 0, self.i) + 1)

    def line(self, at: int) -> int:
        if at < self._at:
            return self.s.count("\n", 0, at)
        self._lines += self.s.count("\n", self._at, at)
        self._at = at
        return self._lines

    def lex(self) -> tuple[Tok, ...]:
        stack: list[tuple[str, list[Tok], int]] = [("", [], 0)]
        s = self.s
        while True:
            tok = self._next()
            if tok is None:
                break
            if tok.kind == "punct" and tok.text in "([{" and tok.text:
                stack.append((tok.text, [], tok.line))
            elif tok.kind == "punct" and tok.text in ")]}" and tok.text:
                delim, items, line = stack.pop()
                if not delim or CLOSE[delim] != tok.text:
                    raise self.err(f"unexpected closing delimiter `{tok.text}`")
                stack[-1][1].append(Tok("group", delim, tuple(items), line))
            else:
                stack[-1][1].extend(self._doc(tok) if tok.kind == "doc" else (tok,))
        if len(stack) > 1:
            self.i = len(s)
            raise self.err(f"unclosed delimiter `{stack[-1][0]}`")
        return tuple(stack[0][1])

    def _doc(self, tok: Tok) -> tuple[Tok, ...]:
        inner, body = tok.text[0] == "!", tok.text[1:]
        value = '"' + body.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
        attr = (Tok("ident", "doc", (), tok.line), Tok("punct", "=", (), tok.line), Tok("literal", value, (), tok.line))
        head = (Tok("punct", "#", (), tok.line),) + ((Tok("punct", "!", (), tok.line),) if inner else ())
        return head + (Tok("group", "[", attr, tok.line),)

    def _next(self) -> Tok | None:
        s, n = self.s, len(self.s)
        while self.i < n:
            ch = s[self.i]
            if ch.isspace():
                self.i += 1
            elif s.startswith("//", self.i):
                end = s.find("\n", self.i)
                end = n if end == -1 else end
                text, start = s[self.i : end], self.i
                self.i = end
                if text.startswith("///") and not text.startswith("////"):
                    return Tok("doc", ">" + text[3:], (), self.line(start))
                if text.startswith("//!"):
                    return Tok("doc", "!" + text[3:], (), self.line(start))
            elif s.startswith("/*", self.i):
                start = self.i
                self._block_comment()
                text = s[start : self.i]
                if text.startswith("/**") and not text.startswith("/***") and text != "/**/":
                    return Tok("doc", ">" + text[3:-2], (), self.line(start))
                if text.startswith("/*!"):
                    return Tok("doc", "!" + text[3:-2], (), self.line(start))
            else:
                return self._token()
        return None

    def _block_comment(self) -> None:
        s, depth = self.s, 0
        while self.i < len(s):
            if s.startswith("/*", self.i):
                depth, self.i = depth + 1, self.i + 2
            elif s.startswith("*/", self.i):
                depth, self.i = depth - 1, self.i + 2
                if depth == 0:
                    return
            else:
                self.i += 1
        raise self.err("unterminated block comment")

    def _token(self) -> Tok:
        s, start = self.s, self.i
        line = self.line(start)
        ch = s[start]
        if ch in "([{)]}":
            self.i += 1
            return Tok("punct", ch, (), line)
        raw = self._raw_or_prefixed(start) if ch in "brc" else None  # the prefixes' first letters
        if raw is not None:
            return Tok("literal", raw, (), line)
        if s.startswith("r#", start) and start + 2 < len(s) and _is_ident_start(s[start + 2]):
            self.i = start + 2
            return Tok("ident", "r#" + self._ident(), (), line)
        if _is_ident_start(ch):
            return Tok("ident", self._ident(), (), line)
        if ch == "'":
            return self._quote(line)
        if ch == '"':
            self.i += 1
            self._quoted('"')
            return Tok("literal", s[start : self.i] + self._suffix(), (), line)
        if ch.isdigit():
            return Tok("literal", self._number(), (), line)
        for p in _PUNCTS_BY_FIRST.get(ch, ()):
            if s.startswith(p, start):
                self.i += len(p)
                return Tok("punct", p, (), line)
        if ch in SINGLE:
            self.i += 1
            return Tok("punct", ch, (), line)
        raise self.err(f"unknown start of token `{ch}`")

    def _ident(self) -> str:
        s, start = self.s, self.i
        self.i = _ASCII_WORD.match(s, start).end()  # type: ignore[union-attr]  # (matches empty)
        while self.i < len(s) and not s[self.i].isascii() and _is_ident_char(s[self.i]):
            self.i += 1
            self.i = _ASCII_WORD.match(s, self.i).end()  # type: ignore[union-attr]
        return s[start : self.i]

    def _suffix(self) -> str:
        if self.i < len(self.s) and _is_ident_start(self.s[self.i]):
            return self._ident()
        return ""

    def _quoted(self, quote: str) -> None:
        s = self.s
        while self.i < len(s):
            c = s[self.i]
            if c == "\\":
                self.i += 2
            elif c == quote:
                self.i += 1
                return
            else:
                self.i += 1
        raise self.err("unterminated literal")

    def _raw_or_prefixed(self, start: int) -> str | None:
        """`r"..."`, `r#"..."#`, `b"..."`, `br"..."`, `b'x'`, `c"..."`, `cr"..."` (None if not one)."""
        s = self.s
        for prefix in ("br", "cr", "r"):
            if s.startswith(prefix, start):
                j = start + len(prefix)
                hashes = 0
                while j < len(s) and s[j] == "#":
                    hashes += 1
                    j += 1
                if j < len(s) and s[j] == '"':
                    end = s.find('"' + "#" * hashes, j + 1)
                    if end == -1:
                        raise self.err("unterminated raw string")
                    self.i = end + 1 + hashes
                    return s[start : self.i] + self._suffix()
        for prefix, quote in (("b", '"'), ("b", "'"), ("c", '"')):
            if s.startswith(prefix + quote, start):
                self.i = start + 2
                self._quoted(quote)
                return s[start : self.i] + self._suffix()
        return None

    def _quote(self, line: int) -> Tok:
        """A char literal `'a'` / `'\\n'`, or a lifetime `'a` / `'static` / `'r#x`."""
        s, start = self.s, self.i
        if start + 1 < len(s) and s[start + 1] == "\\":
            self.i = start + 1
            self._quoted("'")
            return Tok("literal", s[start : self.i] + self._suffix(), (), line)
        if start + 2 < len(s) and s[start + 2] == "'":
            self.i = start + 3
            return Tok("literal", s[start : self.i] + self._suffix(), (), line)
        self.i = start + 1
        if s.startswith("r#", self.i):
            self.i += 2
        if self.i < len(s) and _is_ident_start(s[self.i]):
            self._ident()
            return Tok("lifetime", s[start : self.i], (), line)
        raise self.err("unterminated character literal")

    def _number(self) -> str:
        s, start = self.s, self.i
        if s.startswith(("0x", "0o", "0b"), start):
            self.i += 2
            while self.i < len(s) and (s[self.i].isalnum() or s[self.i] == "_"):
                self.i += 1
            return s[start : self.i]
        self._digits()
        if self.i + 1 < len(s) and s[self.i] == "." and s[self.i + 1].isdigit():
            self.i += 1
            self._digits()
        elif self.i < len(s) and s[self.i] == "." and not (
            self.i + 1 < len(s) and (s[self.i + 1] == "." or _is_ident_start(s[self.i + 1]))
        ):
            self.i += 1  # `1.` is a float
            return s[start : self.i]
        if self.i < len(s) and s[self.i] in "eE":
            j = self.i + 1
            if j < len(s) and s[j] in "+-":
                j += 1
            if j < len(s) and s[j].isdigit():
                self.i = j
                self._digits()
        return s[start : self.i] + self._suffix()

    def _digits(self) -> None:
        while self.i < len(self.s) and (self.s[self.i].isdigit() or self.s[self.i] == "_"):
            self.i += 1


def lex(text: str, line: int = 1) -> tuple[Tok, ...]:
    """The token trees of `text`; `line` is the file line of its first character (for errors)."""
    return _Lexer(text, line - 1).lex()


_NO_SPACE_BEFORE = {",", ";", ".", ")", "]", "?", ":", "::"}
_NO_SPACE_AFTER = {".", "(", "[", "#", "&", "::", "$", "!"}


def render(toks: tuple[Tok, ...] | list[Tok]) -> str:
    """Rust text of token trees: tokens separated so that lexing the text gives them back."""
    out: list[str] = []
    _render(toks, out, "")
    return "".join(out).strip()


def _is_word(text: str) -> bool:
    return bool(text) and _is_ident_char(text[-1]) and not text.startswith(("'", '"'))


def _glues(prev: str, text: str) -> bool:
    joined = prev + text[0]
    return any(p.startswith(joined) for p in PUNCTS)


def _render(toks: tuple[Tok, ...] | list[Tok], out: list[str], prev: str) -> str:
    for t in toks:
        text = t.text
        tight = prev in _NO_SPACE_AFTER or text in _NO_SPACE_BEFORE or text in (">", ">>") or prev == "<"
        if prev == "!":
            tight = t.kind == "group"
        elif t.kind == "group" and text == "(" or text == "<" or text == "!":
            tight = tight or _is_word(prev) or prev in (">", "::")
        if prev and not (tight and not (prev[-1] in SINGLE and text[0] in SINGLE and _glues(prev, text))):
            out.append(" ")
        if t.kind == "group":
            out.append(text)
            _render(t.children, out, text)
            prev = CLOSE[text]
            out.append(prev)
            continue
        out.append(text)
        prev = text
    return prev
