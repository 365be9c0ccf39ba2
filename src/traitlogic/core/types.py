"""Type terms: immutable, hash-consed Rust types shared by every layer.

Two structurally equal types are the same object, so equality and hashing are O(1) and safe on
types thousands of levels deep (no recursive `__eq__`/`__hash__`). Build them with the
constructor functions below (`adt`, `ref`, `tuple_`, ...), never with `Ty(...)` directly.
"""
from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sequence
from functools import partial
from typing import Any

from .lifetimes import Written

PRIMITIVES = frozenset(
    ["i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize", "f16", "f32", "f64", "f128", "bool", "char", "str", "!"]
)


class Ty:
    """One Rust type. `kind` is one of:

    adt   `name` = the declaration's canonical path, `args` = type arguments (defaults filled)
    prim  `name` = `i32`, `bool`, `str`, `!`, ...
    ref   `name` = `&` or `&mut`, `args` = (referent,)
    ptr   `name` = `*const` or `*mut`, `args` = (pointee,)
    tuple `args` = elements (`()` is the empty tuple)
    array `args` = (element, length) — the length a `const` (or a const `param`)
    slice `args` = (element,)
    fn    `args` = parameters + (return type,), `extra` = qualifier text (`unsafe extern "C"`)
    dyn   `extra` = tuple of DynBound, principal first, then the others in source order
    param `name` = a generic parameter of a declaration or impl (`T`, or a const one: `N`)
    const `name` = the text of a const generic argument (`3`, `{ N + 1 }`)
    proj  `name` = trait path, `args` = (self type,), `extra` = associated type name
    """

    __slots__ = ("__weakref__", "args", "depth", "extra", "kind", "name", "size")

    kind: str
    name: str
    args: tuple[Ty, ...]
    extra: Any  # per kind: see above
    depth: int
    size: int

    def __setattr__(self, key: str, value: object) -> None:
        raise AttributeError("types are immutable")

    def __reduce__(self) -> tuple[Callable[..., Ty], tuple[str, str, tuple[Ty, ...], Any]]:
        # pickling goes through the interning constructor
        return (_make, (self.kind, self.name, self.args, self.extra))

    def __repr__(self) -> str:
        return f"Ty({format_type(self)})"

    def __str__(self) -> str:
        return format_type(self)

    @property
    def is_ground(self) -> bool:
        return not _has_params(self)


class DynBound:
    """One bound of a `dyn` type: the trait's canonical path and how its arguments read."""

    __slots__ = ("args_text", "path")

    def __init__(self, path: str, args_text: str = ""):
        self.path, self.args_text = path, args_text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DynBound) and (self.path, self.args_text) == (other.path, other.args_text)

    def __hash__(self) -> int:
        return hash((self.path, self.args_text))

    def __repr__(self) -> str:
        return f"DynBound({self.path!r}, {self.args_text!r})"

    def __reduce__(self) -> tuple[type[DynBound], tuple[str, str]]:
        return (DynBound, (self.path, self.args_text))


# key -> a weak reference to its type, dropped when it dies (`_forget`: no KeyedRef, two Python calls)
_REFS: dict[tuple[str, str, tuple[Ty, ...], Any], weakref.ref[Ty]] = {}
_SET_ARGS, _SET_DEPTH, _SET_EXTRA, _SET_KIND, _SET_NAME, _SET_SIZE = (getattr(Ty, n).__set__ for n in Ty.__slots__[1:])


def _make(kind: str, name: str = "", args: tuple[Ty, ...] = (), extra: object = None) -> Ty:
    key = (kind, name, args, extra)
    ref = _REFS.get(key)
    found = ref() if ref is not None else None
    if found is not None:
        return found
    ty = object.__new__(Ty)  # (its slots set past `Ty.__setattr__`, by their own setters)
    _SET_KIND(ty, kind)
    _SET_NAME(ty, name)
    _SET_ARGS(ty, args)
    _SET_EXTRA(ty, extra)
    depth = size = 0
    for a in args:  # (a loop: most types have one or two arguments)
        depth = max(depth, a.depth)
        size += a.size
    _SET_DEPTH(ty, 1 + depth)
    _SET_SIZE(ty, 1 + size)
    _REFS[key] = weakref.ref(ty, partial(_forget, key))
    return ty


def _forget(key: tuple[str, str, tuple[Ty, ...], Any], ref: weakref.ref[Ty]) -> None:
    if _REFS.get(key) is ref:  # (a type made again since has its own entry)
        del _REFS[key]


def rebuild(ty: Ty, args: tuple[Ty, ...]) -> Ty:
    """`ty` with its arguments replaced (same kind, name and extra): the interned term."""
    return _make(ty.kind, ty.name, args, ty.extra)


def adt(path: str, args: Iterable[Ty] = ()) -> Ty:
    return _make("adt", path, tuple(args))


def prim(name: str) -> Ty:
    if name not in PRIMITIVES:
        raise ValueError(f"not a primitive type: {name}")
    return _make("prim", name)


def ref(inner: Ty, mutable: bool = False) -> Ty:
    return _make("ref", "&mut" if mutable else "&", (inner,))


def ptr(inner: Ty, mutable: bool = False) -> Ty:
    return _make("ptr", "*mut" if mutable else "*const", (inner,))


def tuple_(elems: Iterable[Ty]) -> Ty:
    return _make("tuple", "", tuple(elems))


def array(elem: Ty, length: str | Ty) -> Ty:
    return _make("array", "", (elem, const(length) if isinstance(length, str) else length))


def slice_(elem: Ty) -> Ty:
    return _make("slice", "", (elem,))


def fn_ptr(params: Iterable[Ty], ret: Ty | None, qualifiers: str = "") -> Ty:
    return _make("fn", "", tuple(params) + ((ret,) if ret is not None else ()), (qualifiers, ret is not None))


def dyn(bounds: Iterable[DynBound]) -> Ty:
    return _make("dyn", "", (), tuple(bounds))


def param(name: str) -> Ty:
    return _make("param", name)


def const(value: str) -> Ty:
    """A const generic argument, by its text with whitespace normalized."""
    return _make("const", " ".join(value.split()))


def proj(self_ty: Ty, trait_path: str, assoc: str) -> Ty:
    return _make("proj", trait_path, (self_ty,), assoc)


UNIT = tuple_(())


def head_key(ty: Ty) -> tuple[str, str]:
    """The type constructor of `ty`, the key impls are indexed by (`("adt", path)`, `("ref", "&")`)."""
    return (ty.kind, ty.name) if ty.kind in ("adt", "prim", "ref", "ptr") else (ty.kind, "")


def _has_params(ty: Ty) -> bool:
    stack = [ty]
    while stack:
        t = stack.pop()
        if t.kind in ("param", "proj"):
            return True
        stack.extend(t.args)
    return False


def walk(ty: Ty) -> Iterator[Ty]:
    """Every sub-term of `ty` (pre-order, iterative)."""
    stack = [ty]
    while stack:
        t = stack.pop()
        yield t
        stack.extend(reversed(t.args))


class Span:
    """The text of a long subterm, as a slice of the text it was written in (not a copy)."""

    __slots__ = ("end", "start", "text")

    def __init__(self, text: str, start: int, end: int):
        self.text, self.start, self.end = text, start, end

    def __str__(self) -> str:
        return self.text[self.start:self.end]


# Subterm texts up to this long are kept as strings; longer ones as spans of the text they were
# written in, so every subterm of a type nested 20,000 deep is remembered in linear memory.
_SHORT = 256
TextMemo = MutableMapping[Ty, "str | Span"]


def format_type(ty: Ty, adt_name: Callable[[Ty], tuple[str, tuple[Ty, ...]]] | None = None,
                done: TextMemo | None = None, trait_paths: bool = False,
                lifetimes: Written | None = None, done_written: dict[Any, str | Span] | None = None) -> str:
    """Rust text of a type, written piece by piece from an explicit stack so that very deep
    types neither overflow the stack nor cost quadratic memory.

    `adt_name(ty)` returns the name to print for an ADT and the arguments to show (defaults
    already dropped); without it the last path segment and all arguments are printed. `done`
    is a memo of the texts of every subterm met so far with the same `adt_name` (and
    `trait_paths`), kept across calls by callers (so a proof showing each level of a deep type
    writes it once). `trait_paths`: traits in `dyn` types and projections by their full paths.
    The plain texts (no `adt_name`, `done` or `trait_paths`) are remembered here, for as long as
    their types live (the lowering writes the same impl templates for every goal).
    `lifetimes` puts the lifetimes `ty` was written with back, by position (core.lifetimes);
    `done_written` is the memo of texts with lifetimes, by subterm and its lifetimes.
    """
    if done is None:
        done = _PLAIN_TEXTS if adt_name is None and not trait_paths and lifetimes is None else {}
    exact = done_written if done_written is not None else {}
    if lifetimes is not None and (ty, lifetimes) in exact:
        return str(exact[(ty, lifetimes)])
    if lifetimes is None and ty in done:
        return str(done[ty])
    pieces: list[str] = []
    size = 0  # characters in `pieces`
    spans: list[tuple[Any, int, int]] = []
    stack: list[Any] = [ty if lifetimes is None else (ty, lifetimes)]
    while stack:
        item = stack.pop()
        if isinstance(item, _End):  # the end of a subterm's text
            spans.append((item.key, item.start, size))
            continue
        if isinstance(item, tuple):  # a subterm and the lifetimes written in it
            t, w = item
            key: Any = item if w is not None else t
        else:
            t, w, key = item, None, item
        known = item if isinstance(item, str) else (done if key is t else exact).get(key)
        if known is not None:
            text = str(known)
            pieces.append(text)
            size += len(text)
            continue
        stack.append(_End(key, size))
        layout = _layout(t, adt_name, trait_paths, w)
        if w is not None:  # the subterms appear in the order of `t.args`: pair them up
            subs = iter(w.args)
            stack.extend(reversed([p if isinstance(p, str) else (p, next(subs, None)) for p in layout]))
        else:
            stack.extend(reversed(layout))
    out = "".join(pieces)
    for key, start, end in spans:
        (exact if isinstance(key, tuple) else done)[key] = out[start:end] if end - start <= _SHORT else Span(out, start, end)
    return out


class _End:
    """On the formatter's stack: the end of a subterm's text (`key`: its memo key)."""

    __slots__ = ("key", "start")

    def __init__(self, key: Any, start: int):
        self.key, self.start = key, start


_PLAIN_TEXTS: weakref.WeakKeyDictionary[Ty, str | Span] = weakref.WeakKeyDictionary()  # format_type(ty)


def _bound_text(b: DynBound, full: bool, written: str = "") -> str:
    short = b.path.rsplit("::", 1)[-1]
    text = written or b.args_text or short
    binder, sep, rest = text.partition("> ") if text.startswith("for<") else ("", "", text)
    if full and rest.startswith(short):  # `Fn(i32) -> u8`: the trait's own name replaced by its path
        return binder + sep + b.path + rest[len(short):]
    return text


def _layout(t: Ty, adt_name: Callable[[Ty], tuple[str, tuple[Ty, ...]]] | None,
            trait_paths: bool = False, w: Written | None = None) -> list[Ty | str]:
    """The text of one type as literal pieces and the subterms between them, in order (the
    subterms in the order of `t.args`); `w`: the lifetimes written at it."""
    k = t.kind
    here = w.here if w is not None else ()
    if k in ("prim", "param", "const"):
        return [t.name]
    if k == "adt":
        if adt_name is not None:
            name, shown = adt_name(t)
        else:
            name, shown = t.name.rsplit("::", 1)[-1], t.args
        if here:  # lifetimes come first: `MutexGuard<'static, i32>`
            return [name, "<" + ", ".join(here) + (", " if shown else ""), *_joined(shown, ", "), ">"]
        return [name, "<", *_joined(shown, ", "), ">"] if shown else [name]
    if k == "ref":
        inner = t.args[0]
        lifetime = f"{here[0]} " if here else ""
        head = f"&{lifetime}mut " if t.name == "&mut" else f"&{lifetime}"
        inner_w = w.args[0] if w is not None and w.args else None
        if inner.kind == "dyn" and (len(inner.extra) > 1 or (inner_w is not None and inner_w.here)):
            return [head + "(", inner, ")"]
        return [head, inner]
    if k == "ptr":
        return [f"{t.name} ", t.args[0]]
    if k == "tuple":
        if len(t.args) == 1:
            return ["(", t.args[0], ",)"]
        return ["(", *_joined(t.args, ", "), ")"]
    if k == "array":
        return ["[", t.args[0], "; ", t.args[1], "]"]
    if k == "slice":
        return ["[", t.args[0], "]"]
    if k == "fn":
        qualifiers, has_ret = t.extra
        params = t.args[:-1] if has_ret else t.args
        binder = f"{here[0]} " if here else ""
        out: list[Ty | str] = [f"{binder}{qualifiers + ' ' if qualifiers else ''}fn(", *_joined(params, ", "), ")"]
        return out + [" -> ", t.args[-1]] if has_ret else out
    if k == "dyn":
        texts = w.bounds if w is not None and w.bounds else ("",) * len(t.extra)
        return ["dyn " + " + ".join([*(_bound_text(b, trait_paths, x) for b, x in zip(t.extra, texts)), *here])]
    if k == "proj":
        after = f"<{', '.join(here)}>" if here else ""
        return ["<", t.args[0], f" as {t.name if trait_paths else t.name.rsplit('::', 1)[-1]}>::{t.extra}{after}"]
    raise AssertionError(f"unknown type kind {k}")


def _joined(items: Sequence[Ty], sep: str) -> list[Ty | str]:
    out: list[Ty | str] = []
    for i, a in enumerate(items):
        if i:
            out.append(sep)
        out.append(a)
    return out
