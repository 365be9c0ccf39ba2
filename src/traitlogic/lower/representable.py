"""rustc's representability check (E0072, "recursive type has infinite size") for your own types.

A type holds by value the types of its fields, the elements of its tuples and arrays, and the
arguments of the ADTs it holds at the parameters those hold by value (rustc's `params_in_repr`):
`Option<S>` holds `S`, `Box<S>` and `Vec<S>` do not. A type of yours that holds itself by value
has no finite size, so rustc rejects it and no question about it has an answer. Which
parameters a std type holds by value is rustc's word (rules/representation.json, made by
scripts/gen_std_repr.py); a type it does not list (an unstable one) is one the check cannot
decide, and says so.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache

from ..core import types as T
from ..core.model import TypeDecl
from ..core.resources import data_dir
from ..kb.declarations import Declarations


@lru_cache(maxsize=1)
def std_by_value() -> dict[str, frozenset[str]]:
    """Each stable generic std type's parameters held by value (rules/representation.json)."""
    with open(data_dir("rules") / "representation.json", encoding="utf-8") as f:
        return {path: frozenset(params) for path, params in json.load(f)["by_value"].items()}


class Representation:
    """What the types of one KB hold by value; memoized per declaration."""

    def __init__(self, decls: Declarations):
        self.decls = decls
        self._params: dict[str, frozenset[str]] = {}

    def by_value_params(self, path: str) -> frozenset[str] | None:
        """The parameters of `path` it holds by value; None: the KB cannot say (not listed)."""
        decl = self.decls.type_by_path.get(path)
        if decl is None or not decl.params:
            return frozenset()
        if decl.fields is None:  # std's (or a private) declaration: rustc's list
            return std_by_value().get(path)
        if path not in self._params:
            self._params[path] = frozenset()  # a cycle through itself adds nothing
            names = {p.name for p in decl.params}
            self._params[path] = frozenset(
                ty.name for f in decl.fields for ty, _ in self.held(f.ty) if ty.kind == "param" and ty.name in names)
        return self._params[path]

    def held(self, ty: T.Ty, unknown: str | None = None) -> Iterator[tuple[T.Ty, str | None]]:
        """The types `ty` holds by value (itself first), each with the std type of unknown
        representation it is held through (None: known)."""
        todo = [(ty, unknown)]
        while todo:
            ty, through = todo.pop()
            yield ty, through
            if ty.kind in ("tuple", "slice"):
                todo.extend((a, through) for a in ty.args)
            elif ty.kind == "array":
                todo.append((ty.args[0], through))
            elif ty.kind == "adt" and ty.args:
                decl = self.decls.type_by_path.get(ty.name)
                if decl is None:
                    continue
                params = self.by_value_params(ty.name)
                inner = through if params is not None else (through or ty.name)
                todo.extend((a, inner) for p, a in zip(decl.params, ty.args) if params is None or p.name in params)


def infinite_size(decl: TypeDecl, decls: Declarations, rep: Representation | None = None) -> str | None:
    """Why rustc rejects `decl` as of infinite size (E0072), or cannot be known not to; None when
    it has a finite size. Only your own declarations (with fields) are checked."""
    if decl.fields is None:
        return None
    rep = rep or Representation(decls)
    for field in decl.fields:
        seen: set[str] = set()
        todo: list[tuple[T.Ty, str | None]] = [(field.ty, None)]
        while todo:
            ty, through = todo.pop()
            for held, via in rep.held(ty, through):
                if held.kind != "adt" or held.name in seen:
                    continue
                seen.add(held.name)
                if held.name == decl.path:
                    shown = decls.show(decl.template())
                    if via is None:
                        return (f"recursive type `{shown}` has infinite size: its field `{field.label}` holds `{shown}` "
                                f"by value (rustc: E0072); hold it behind a pointer (`Box`, `Rc`, `&`)")
                    return (f"cannot decide whether `{shown}` has a finite size: its field `{field.label}` may hold "
                            f"`{shown}` by value through `{decls.show(T.adt(via))}`, which the knowledge base does not "
                            f"say holds its parameters by value or not")
                other = decls.type_by_path.get(held.name)
                if other is not None and other.fields is not None:
                    todo.extend((f.ty, via) for f in other.fields)
    return None
