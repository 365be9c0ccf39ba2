"""Cargo-style `cfg(...)` predicates: the host's cfg set and evaluating a predicate against it.

Takes predicate text (`all(unix, not(feature = "x"))`) and a `CfgSet`; gives a bool. Names not in
the set (`test`, `doc`, `miri`, `loom`, anything unknown) are false, as rustc treats them.
"""
from __future__ import annotations

import platform
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ...core.errors import KBError


class CfgError(KBError):
    """A `cfg(...)` predicate that is not valid syntax."""


_TOKEN = re.compile(r'\s*(?:(?P<ident>[A-Za-z_][A-Za-z0-9_]*)|(?P<str>"(?:[^"\\]|\\.)*")|(?P<punct>[(),=]))')


def _tokens(text: str, origin: str, line: int) -> list[str]:
    out: list[str] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if m is None:
            raise CfgError(f"unexpected `{text[pos:].strip()[:1]}` in cfg predicate `{text}`", origin, line)
        out.append(m.group(m.lastgroup or "punct"))
        pos = m.end()
    return out


@dataclass(frozen=True)
class CfgSet:
    """The cfg options that are set: bare names (`unix`) and key-value pairs (`target_os="linux"`)."""

    names: frozenset[str]
    pairs: frozenset[tuple[str, str]]
    # predicate text -> its value (a crate writes the same few predicates on many items)
    _values: dict[str, bool] = field(default_factory=dict, init=False, compare=False, repr=False)

    def evaluate(self, predicate: str, origin: str = "cfg", line: int = 0) -> bool:
        """Evaluate the text inside `cfg(...)`; raise `CfgError` on bad syntax."""
        known = self._values.get(predicate)
        if known is not None:
            return known
        toks = _tokens(predicate, origin, line)
        if not toks:
            raise CfgError(f"empty cfg predicate `{predicate}`", origin, line)
        value, pos = self._pred(toks, 0, predicate, origin, line)
        if pos != len(toks):
            raise CfgError(f"unexpected `{toks[pos]}` after cfg predicate in `{predicate}`", origin, line)
        self._values[predicate] = value
        return value

    def _pred(self, toks: list[str], pos: int, text: str, origin: str, line: int) -> tuple[bool, int]:
        def fail(what: str) -> CfgError:
            return CfgError(f"{what} in cfg predicate `{text}`", origin, line)

        if pos >= len(toks):
            raise fail("expected a cfg option, found the end")
        tok = toks[pos]
        if not (tok[0].isalpha() or tok[0] == "_"):
            raise fail(f"expected a cfg option, found `{tok}`")
        nxt = toks[pos + 1] if pos + 1 < len(toks) else None
        if tok in ("all", "any", "not") and nxt == "(":
            values, pos = self._list(toks, pos + 2, text, origin, line)
            if tok == "not":
                if len(values) != 1:
                    raise fail(f"`not` takes one predicate, found {len(values)}")
                return not values[0], pos
            return (all(values) if tok == "all" else any(values)), pos
        if nxt == "=":
            if pos + 2 >= len(toks) or not toks[pos + 2].startswith('"'):
                raise fail(f"expected a string after `{tok} =`")
            value = toks[pos + 2][1:-1].encode().decode("unicode_escape")
            return (tok, value) in self.pairs, pos + 3
        if nxt == "(":
            raise fail(f"unknown cfg operator `{tok}`")
        if tok in ("true", "false"):
            return tok == "true", pos + 1
        return tok in self.names, pos + 1

    def _list(self, toks: list[str], pos: int, text: str, origin: str, line: int) -> tuple[list[bool], int]:
        values: list[bool] = []
        while True:
            if pos >= len(toks):
                raise CfgError(f"unclosed `(` in cfg predicate `{text}`", origin, line)
            if toks[pos] == ")":
                return values, pos + 1
            value, pos = self._pred(toks, pos, text, origin, line)
            values.append(value)
            if pos < len(toks) and toks[pos] == ",":
                pos += 1
            elif pos < len(toks) and toks[pos] != ")":
                raise CfgError(f"expected `,` or `)`, found `{toks[pos]}` in cfg predicate `{text}`", origin, line)

    def with_features(self, features: Iterable[str]) -> CfgSet:
        """This set plus `feature = "..."` for each feature (features already set stay)."""
        return replace(self, pairs=self.pairs | {("feature", f) for f in features})

    @property
    def features(self) -> frozenset[str]:
        """The enabled features."""
        return frozenset(v for k, v in self.pairs if k == "feature")


_ARCH = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "aarch64", "arm64": "aarch64"}
_FEATURES = {
    ("x86_64", "macos"): ("cmpxchg16b", "fxsr", "sse", "sse2", "sse3", "ssse3"),
    ("x86_64", ""): ("fxsr", "sse", "sse2"),
    ("aarch64", "macos"): (
        "aes", "crc", "dit", "dotprod", "dpb", "dpb2", "fcma", "fhm", "flagm", "fp16", "frintts",
        "jsconv", "lor", "lse", "neon", "paca", "pacg", "pan", "pmuv3", "ras", "rcpc", "rcpc2", "rdm",
        "sb", "sha2", "sha3", "ssbs", "vh",
    ),
    ("aarch64", ""): ("neon",),
}


def host_arch() -> str:
    """The host's `target_arch` (x86_64 or aarch64); `KBError` for other machines."""
    arch = _ARCH.get(platform.machine().lower())
    if arch is None:
        raise KBError(f"unsupported host architecture `{platform.machine()}`", "host", 0)
    return arch


def host_triple() -> str:
    """The host's target triple, as `rustc -vV` names it (`x86_64-unknown-linux-gnu`)."""
    arch = host_arch()
    if sys.platform == "darwin":
        return f"{arch}-apple-darwin"
    if sys.platform == "win32":
        return f"{arch}-pc-windows-msvc"
    return f"{arch}-unknown-linux-{_linux_env()}"


def _linux_env() -> str:
    return "gnu" if platform.libc_ver()[0] in ("glibc", "") else "musl"


def host_cfg() -> CfgSet:
    """The host's cfgs as `rustc --print cfg` prints them, for cargo check's dev profile."""
    arch = host_arch()
    if sys.platform == "darwin":
        os_, family, env, vendor = "macos", "unix", "", "apple"
    elif sys.platform == "win32":
        os_, family, env, vendor = "windows", "windows", "msvc", "pc"
    else:
        os_, family, env, vendor = "linux", "unix", _linux_env(), "unknown"
    pairs = {
        ("panic", "unwind"), ("target_abi", ""), ("target_arch", arch), ("target_endian", "little"),
        ("target_env", env), ("target_family", family), ("target_os", os_),
        ("target_pointer_width", "64"), ("target_vendor", vendor),
    }
    pairs |= {("target_has_atomic", w) for w in ("8", "16", "32", "64", "ptr")}
    feats = _FEATURES.get((arch, os_), _FEATURES[(arch, "")])
    pairs |= {("target_feature", f) for f in feats}
    if sys.platform == "win32":
        pairs.add(("target_feature", "crt-static"))
    return CfgSet(names=frozenset({family, "debug_assertions"}), pairs=frozenset(pairs))
