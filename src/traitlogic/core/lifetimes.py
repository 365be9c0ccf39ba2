"""The lifetimes a type was written with, kept beside its term for display only.

Auto traits do not depend on lifetimes, so type terms (`Ty`) have none, and neither have the
engine, its caches and memos. What the user wrote is kept here, by position: a `Written` is
parallel to a `Ty` and holds, at each node, the lifetimes written there:

    adt   its lifetime arguments, in order (`'static` of `MutexGuard<'static, i32>`)
    ref   its lifetime (`'a` of `&'a T`)
    fn    its binder (`for<'a>` of `for<'a> fn(&'a u8)`)
    dyn   its lifetime bounds (`'static` of `dyn Fn(&u8) + 'static`); `bounds`: each trait
          bound's text with its lifetimes and binder (`for<'a> Fn(&'a u8)`)
    proj  the associated type's lifetime arguments (`'a` of `<P as Pattern>::Searcher<'a>`)

`None` stands for a subterm with no lifetime written anywhere in it. `Lifetimes` finds, for
the types of a proof, the lifetimes their occurrences in the goal's type were written with.
"""
from __future__ import annotations

import weakref
from collections.abc import Hashable
from functools import partial
from typing import Any, Protocol


class Ty(Hashable, Protocol):
    """A type term (core.types.Ty, which imports this module), as far as it is read here."""

    @property
    def kind(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def args(self) -> tuple[Ty, ...]: ...


class Written:
    """The lifetimes written at one node of a type and below it (interned: compare with `is`)."""

    __slots__ = ("__weakref__", "args", "bounds", "here")

    here: tuple[str, ...]
    args: tuple[Written | None, ...]  # one per argument of the term (`Ty.args`)
    bounds: tuple[str, ...]  # dyn: each bound's text with its lifetimes ("": the term's text)

    def __setattr__(self, key: str, value: object) -> None:
        raise AttributeError("written lifetimes are immutable")

    def __repr__(self) -> str:
        return f"Written({self.here!r}, {self.args!r}, {self.bounds!r})"

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (written, (self.here, self.args, self.bounds))  # through the interning constructor


# key -> a weak reference to its node, dropped when it dies (as in core.types: no KeyedRef)
_TABLE: dict[tuple[Any, ...], weakref.ref[Written]] = {}


def written(here: tuple[str, ...] = (), args: tuple[Written | None, ...] = (),
            bounds: tuple[str, ...] = ()) -> Written | None:
    """The interned node, or None when nothing is written at it or below it."""
    if not here and not any(bounds) and all(a is None for a in args):
        return None
    key = (here, args, bounds)
    ref = _TABLE.get(key)
    found = ref() if ref is not None else None
    if found is None:
        found = object.__new__(Written)
        for slot, value in (("here", here), ("args", args), ("bounds", bounds)):
            object.__setattr__(found, slot, value)
        _TABLE[key] = weakref.ref(found, partial(_forget, key))
    return found


def _forget(key: tuple[Any, ...], ref: weakref.ref[Written]) -> None:
    if _TABLE.get(key) is ref:  # (a node made again since has its own entry)
        del _TABLE[key]


def _merge(a: Written, b: Written) -> Written | None:
    """One type written with different lifetimes in two places: `'_` where they differ, and
    below it nothing (the parts are found by their own types, see `Lifetimes.of`)."""
    n = max(len(a.here), len(b.here))
    here = a.here if a.here == b.here else tuple(
        x if i < len(a.here) and i < len(b.here) and x == b.here[i] else "'_"
        for i, x in enumerate(a.here + ("'_",) * (n - len(a.here))))
    return written(here, (), a.bounds if a.bounds == b.bounds else ())


class Lifetimes:
    """The lifetimes of one goal's type: the exact ones at its root, and for each of its
    subterms (met again as the types of the proof) those it was written with; a subterm
    written in two places with different lifetimes shows `'_` where they differ."""

    __slots__ = ("_below", "_by_type", "_pending", "_trees", "root", "shown", "ty")

    def __init__(self, ty: Ty, root: Written | None, written_ty: Ty | None = None):
        self.ty = ty
        self.root = root
        self._by_type: dict[Ty, Written | None] = {}
        self._below: dict[Ty, bool] = {}  # does a type have a subterm in `by_type` (see `touches`)
        self._trees: dict[Ty, Written | None] = {}  # see `tree`
        self.shown: dict[Any, str] = {}  # display texts, kept by the displaying layer (per view)
        # the root's subterms, added when first asked for (showing the goal's type needs none)
        self._pending = (ty, root, written_ty) if root is not None else None

    @property
    def by_type(self) -> dict[Ty, Written | None]:
        """Each subterm met and the lifetimes it was written with (see `add`)."""
        if self._pending is not None:
            ty, root, written_ty = self._pending
            self._pending = None
            self.add(ty, root, written_ty)
        return self._by_type

    def add(self, ty: Ty, w: Written, written_ty: Ty | None = None) -> None:
        """Lifetimes `ty` was written with (by position), for it and its subterms. `ty` may be
        `written_ty` with its projections normalized: the two have one shape above the
        projections, below which the written lifetimes no longer apply."""
        by_type = self.by_type  # (the root's first)
        self._below.clear()
        self._trees.clear()
        self.shown.clear()
        stack: list[tuple[Ty, Ty, Written]] = [(ty, written_ty or ty, w)]
        while stack:
            t, w_ty, here = stack.pop()
            if w_ty.kind == "proj":
                continue
            if t not in by_type:
                by_type[t] = here
            elif (seen := by_type[t]) is not here:
                by_type[t] = None if seen is None else _merge(seen, here)
            stack.extend((a, wa, sub) for a, wa, sub in zip(t.args, w_ty.args, here.args) if sub is not None)

    def of(self, ty: Ty) -> Written | None:
        return self.root if ty is self.ty else self.by_type.get(ty)

    def touches(self, ty: Ty) -> bool:
        """Whether `ty` has a part written with lifetimes (else it shows as it would without);
        remembered per subterm, so a proof's types are walked once in all."""
        below, by_type = self._below, self.by_type
        stack: list[tuple[Ty, bool]] = [(ty, False)]
        while stack:
            t, ready = stack.pop()
            if t in below:
                continue
            if t in by_type:
                below[t] = True
            elif ready:
                below[t] = any(below[a] for a in t.args)
            else:
                stack.append((t, True))
                stack.extend((a, False) for a in t.args)
        return below[ty]

    def tree(self, ty: Ty) -> Written | None:
        """The lifetimes `ty` shows, by position: its own if it is the goal's type, else at each
        of its subterms those that subterm's type was written with."""
        if ty is self.ty:
            return self.root
        trees = self._trees
        stack: list[tuple[Ty, bool]] = [(ty, False)]
        while stack:
            t, ready = stack.pop()
            if t in trees:
                continue
            if not self.touches(t):
                trees[t] = None
            elif not ready:
                stack.append((t, True))
                stack.extend((a, False) for a in t.args)
            else:
                at = self.by_type.get(t)
                trees[t] = written(at.here if at is not None else (), tuple(trees[a] for a in t.args),
                                   at.bounds if at is not None else ())
        return trees[ty]

    def rewritten(self, old: Ty, new: Ty) -> Written | None:
        """The lifetimes of `new`, `old` with parts replaced (a fix: `&'static RefCell<i32>` ->
        `&'static Mutex<i32>`): by position where the two have one shape, and in a new part
        those its subterms' types were written with."""
        done: list[Written | None] = []
        stack: list[tuple[Ty | None, Ty, Written | None, bool]] = [(old, new, self.of(old), False)]
        while stack:
            o, n, w, ready = stack.pop()
            if o is n:
                done.append(w)
            elif not ready:
                same = o is not None and (o.kind, o.name, len(o.args)) == (n.kind, n.name, len(n.args)) \
                    and n.kind != "dyn"
                here = w if same else self.by_type.get(n)
                stack.append((o, n, here, True))
                stack.extend((o.args[i] if same and o is not None else None, a,
                              w.args[i] if same and w is not None and i < len(w.args) else None, False)
                             for i, a in enumerate(n.args))
            else:
                args = tuple(done.pop() for _ in n.args)  # the first argument was finished last
                done.append(written(w.here, args, w.bounds) if w is not None else written((), args))
        return done[0]


def instantiate(template: Ty, w: Written | None, bindings: dict[str, Written | None],
                renames: dict[str, str]) -> Written | None:
    """The lifetimes of a declaration's type template (a field's `&'a Cell<T>`) once its type
    parameters are bound (`bindings`: the lifetimes written in their arguments) and its
    lifetime parameters named (`renames`: `'a` -> `'static`)."""
    bound = any(b is not None for b in bindings.values())
    done: list[Written | None] = []
    stack: list[tuple[Ty, Written | None, bool]] = [(template, w, False)]
    while stack:
        t, here, ready = stack.pop()
        if t.kind == "param":
            done.append(bindings.get(t.name))
        elif t.kind == "proj" or (here is None and not bound):
            done.append(None)
        elif not ready:
            stack.append((t, here, True))
            stack.extend((a, here.args[i] if here is not None and i < len(here.args) else None, False)
                         for i, a in enumerate(t.args))
        else:
            args = tuple(done.pop() for _ in t.args)  # the first argument was finished last
            done.append(written(tuple(renames.get(x, x) for x in here.here) if here is not None else (), args,
                                here.bounds if here is not None else ()))
    return done[0]
