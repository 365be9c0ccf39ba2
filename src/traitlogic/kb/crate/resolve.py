"""Names as rustc resolves them: per-module namespaces (items, `use`, globs, `extern crate`),
the extern prelude and std, computed to a fixed point (re-exports and globs in any order).

    Binding("def", "mycrate::a::B")   an item of a crate read here (its canonical path)
    Binding("mod", "mycrate", ("a",)) a module of a crate read here
    Binding("std", "std::sync")       a path into std / core / alloc (looked up in the KB)
    Binding("unknown", why)           a name traitlogic cannot know: goals needing it are errors
"""
from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from typing import Any

from ...core.cache import Blobs
from .model import Module, Tree, Use, Vis
from .shards import Shards, pack

STD_CRATES = ("std", "core", "alloc")


def visible(vis: Vis, owner: str, key: str, module: tuple[str, ...]) -> bool:
    """Whether a name of crate `owner` with visibility `vis` may be named in `module` of `key`."""
    return vis is None or (owner == key and module[:len(vis)] == vis)


def narrower(a: Vis, b: Vis) -> Vis:
    """The narrower of two visibilities that hold at one place (both enclose it)."""
    if a is None or b is None:
        return b if a is None else a
    return a if len(a) >= len(b) else b


@dataclass(frozen=True)
class Binding:
    kind: str
    target: str
    module: tuple[str, ...] = ()


class _Lazy(dict):  # type: ignore[type-arg]
    """Namespaces unpickled on first access, from `Blobs` (the cache checks each when opened)."""

    def __init__(self, blobs: Blobs):
        super().__init__(dict.fromkeys(blobs.keys(), _UNREAD))
        self.blobs = blobs

    def __getitem__(self, key: Any) -> Any:
        value = super().__getitem__(key)
        if value is _UNREAD:
            value = pickle.loads(self.blobs.open(key))
            super().__setitem__(key, value)
        return value

    def get(self, key: Any, default: Any = None) -> Any:
        return self[key] if key in self else default  # noqa: SIM401 (self.get would recurse)

    def stored(self, key: Any) -> bytes:
        value = super().__getitem__(key)
        return bytes(self.blobs.open(key)) if value is _UNREAD else pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


_UNREAD = object()  # a namespace still in its blob


@dataclass
class Namespace:
    names: dict[str, Binding]
    public: set[str]
    globs: list[tuple[Binding, str]]  # resolved glob sources (std or unknown ones), with origin
    from_glob: set[str] = field(default_factory=set)  # names only a glob brought in (explicit ones win)
    vis: dict[str, Vis] = field(default_factory=dict)  # name -> where it may be named from


class Resolver:
    """Every crate's module namespaces, resolved once; then answers paths in any module."""

    def __init__(self, trees: dict[str, Tree], externs: dict[str, dict[str, Any]]):
        self.trees = trees
        self.externs = externs  # crate -> extern name -> crate key (str) or a MissingDependency
        self.spaces: dict[tuple[str, tuple[str, ...]], Namespace] = {}
        self.aliases: dict[str, dict[str, str]] = {  # `extern crate x as y;` at a root: y in every module
            k: {u.name: u.path[1] for u in t.modules[()].uses if u.path[0] == "::extern" and u.name}
            for k, t in trees.items()}
        for key, tree in trees.items():
            for path, module in tree.modules.items():
                self.spaces[(key, path)] = self._own(key, module)
        self.roots: list[str] = list(trees)  # crates whose names goals may use (set by the reader)
        self.failed: dict[str, str] = {}  # canonical path -> why its item could not be read
        self._reachable: dict[str, set[str]] = {}  # crate -> `reachable(crate)`, once asked
        self.defined: dict[str, list[tuple[str, str]]] = {}  # name -> (crate, canonical path)
        for key, tree in trees.items():
            for path, module in tree.modules.items():
                for name, kind in module.defs.items():
                    if kind != "mod":
                        self.defined.setdefault(name, []).append((key, "::".join((key,) + path + (name,))))
        self._fixed_point()

    def __getstate__(self) -> dict[str, Any]:
        """Cached with the KB: each module's namespace out of line, read back only when a lookup
        needs it; the tables of names in shards, read a shard at a time."""
        state = dict(self.__dict__)
        if isinstance(self.spaces, _Lazy):
            state["spaces"] = Blobs({k: self.spaces.stored(k) for k in self.spaces})
        else:
            state["spaces"] = Blobs({k: pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL)
                                     for k, v in self.spaces.items()})
        state["defined"] = pack(self.defined)
        # what each root crate's root can name, in shards: a bare-name goal asks about one path
        state["_reachable"] = {k: pack(dict.fromkeys(self.reachable(k))) for k in self.roots}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["spaces"] = _Lazy(state["spaces"])
        state["defined"] = Shards(state["defined"])
        state["_reachable"] = {k: Shards(packed) for k, packed in state["_reachable"].items()}  # `in` asks a shard
        self.__dict__.update(state)

    def public_items(self, key: str) -> list[str]:
        """Canonical paths of crate `key`'s own items reachable from its root by public names
        (`pub mod`, `pub struct`, `pub use` re-exports), in the order first met."""
        out: list[str] = []
        seen: set[tuple[str, ...]] = set()
        queue: list[tuple[str, ...]] = [()]
        while queue:
            module = queue.pop(0)
            if module in seen or (key, module) not in self.spaces:
                continue
            seen.add(module)
            space = self.spaces[(key, module)]
            for name, binding in space.names.items():
                if name not in space.public:
                    continue
                if binding.kind == "mod" and binding.target == key:
                    queue.append(binding.module)
                elif binding.kind == "def" and binding.target.startswith(f"{key}::") and binding.target not in out:
                    out.append(binding.target)
        return out

    def _own(self, key: str, module: Module) -> Namespace:
        names: dict[str, Binding] = {}
        for name, kind in module.defs.items():
            if kind == "mod":
                why = module.missing.get(name)
                names[name] = Binding("unknown", f"module `{name}` is unknown: {why}") if why else \
                    Binding("mod", key, module.path + (name,))
            else:
                names[name] = Binding("def", "::".join((key,) + module.path + (name,)), (kind,))
        return Namespace(names, set(module.public), [], vis=dict(module.vis))

    def _fixed_point(self) -> None:
        pending = [(k, p, u) for k, t in self.trees.items() for p, m in t.modules.items() for u in m.uses]
        done_globs: set[tuple[int, str]] = set()
        changed = True
        while changed:
            changed = False
            still = []
            for key, path, use in pending:
                space = self.spaces[(key, path)]
                target = self.path(key, path, list(use.path), imports=True)
                if target is None:
                    still.append((key, path, use))
                    continue
                if use.name is not None:
                    if use.name not in space.names or use.name in space.from_glob:  # a local item wins
                        changed |= space.names.get(use.name) != target or use.name in space.from_glob
                        space.names[use.name] = target
                        space.vis[use.name] = use.vis
                        space.from_glob.discard(use.name)
                    if use.public:
                        space.public.add(use.name)
                    continue
                still.append((key, path, use))  # globs are merged again each round
                if target.kind == "mod":
                    changed |= self._merge_glob(space, target, use, (key, path))
                elif (id(use), target.target) not in done_globs:
                    done_globs.add((id(use), target.target))
                    space.globs.append((target, use.origin))
                    changed = True
            pending = still
        for key, path, use in pending:
            if use.name is not None and use.name not in self.spaces[(key, path)].names:
                shown = "::".join(p for p in use.path if p != "::extern")
                self.spaces[(key, path)].names[use.name] = Binding(
                    "unknown", f"`{use.name}` is imported from `{shown}` ({use.origin}), which does not resolve")
            elif use.name is None and self.path(key, path, list(use.path), imports=True) is None:
                shown = "::".join(p for p in use.path if p != "::extern")
                self.spaces[(key, path)].globs.append(
                    (Binding("unknown", f"the glob import `{shown}::*` ({use.origin}) does not resolve"), use.origin))

    def _merge_glob(self, space: Namespace, source: Binding, use: Use, into: tuple[str, tuple[str, ...]]) -> bool:
        """A glob brings in the names visible where it is written, each as visible as the
        narrower of the `use` and the name (rustc's glob imports)."""
        other = self.spaces[(source.target, source.module)]
        changed = False
        for name, binding in list(other.names.items()):
            vis = other.vis.get(name, source.module)
            if not visible(vis, source.target, *into):
                continue
            if name in space.names:
                old = space.names[name]
                if name in space.from_glob and old != binding and old.kind != "unknown":
                    space.names[name] = Binding("unknown", f"`{name}` is ambiguous: two glob imports bring it in")
                    changed = True
                continue
            space.names[name] = binding  # globs never shadow explicit names
            space.vis[name] = narrower(use.vis, vis)
            space.from_glob.add(name)
            if use.public:
                space.public.add(name)
            changed = True
        for glob in other.globs:
            if glob not in space.globs:
                space.globs.append(glob)
                changed = True
        return changed

    # -- paths ----------------------------------------------------------------------------
    def path(self, key: str, module: tuple[str, ...], segs: list[str], imports: bool = False) -> Binding | None:
        """What `segs` written in `module` of crate `key` names; None: not (yet) known here."""
        if not segs:
            return Binding("mod", key, module)
        head, rest = segs[0], segs[1:]
        if head == "::extern":
            cur: Binding | None = self._extern(key, rest[0], True) if rest else None
            rest = rest[1:]
        elif head == "crate":
            cur = Binding("mod", key, ())
        elif head in ("self", "super"):
            mod = module
            while segs and segs[0] in ("self", "super"):
                if segs[0] == "super":
                    mod = mod[:-1]
                segs = segs[1:]
            cur, rest = Binding("mod", key, mod), segs
        else:
            cur = self.spaces[(key, module)].names.get(head)
            if cur is None:
                cur = self._extern(key, head)
            if cur is None:
                return None
        for seg in rest:
            if cur is None:
                return None
            cur = self.step(cur, seg)
        return cur

    def hidden(self, key: str, segs: list[str]) -> str | None:
        """Why the path `segs`, written at the root of crate `key`, names what the root may not
        name (rustc: E0603 / E0433); None when every segment may be named there."""
        mod: tuple[str, ...] = ()
        i = 0
        while i < len(segs) and segs[i] in ("self", "super"):
            if segs[i] == "super":
                if not mod:
                    return "there are too many leading `super` keywords: the crate root has no parent"
                mod = mod[:-1]
            i += 1
        cur = Binding("mod", key, mod) if i else self.path(key, (), segs[:1])
        for seg in segs[max(i, 1):]:
            if cur is None or cur.kind != "mod" or seg not in self.spaces[(cur.target, cur.module)].names:
                return None  # not a module path (std, unknown): `path` says what it names
            space = self.spaces[(cur.target, cur.module)]
            vis = space.vis.get(seg, cur.module)
            if not visible(vis, cur.target, key, ()):
                what = "module" if space.names[seg].kind == "mod" else "item"
                scope = "::".join(("crate" if cur.target == key else cur.target,) + (vis or ()))
                how = "private to" if vis == cur.module else "visible only in"
                return f"{what} `{seg}` is {how} `{scope}`"
            cur = space.names[seg]
        return None

    def reachable(self, key: str) -> set[str]:
        """Canonical paths of the items of crate `key` a path written at its root can name."""
        if key in self._reachable:
            return self._reachable[key]
        out: set[str] = set()
        seen: set[tuple[str, tuple[str, ...]]] = set()
        queue: list[tuple[str, tuple[str, ...]]] = [(key, ())]
        while queue:
            at = queue.pop()
            if at in seen or at not in self.spaces:
                continue
            seen.add(at)
            space = self.spaces[at]
            for name, b in space.names.items():
                if at != (key, ()) and not visible(space.vis.get(name, at[1]), at[0], key, ()):
                    continue
                if b.kind == "mod":
                    queue.append((b.target, b.module))
                elif b.kind == "def":
                    out.add(b.target)
        self._reachable[key] = out
        return out

    def step(self, cur: Binding, seg: str) -> Binding | None:
        if cur.kind == "mod":
            return self.spaces[(cur.target, cur.module)].names.get(seg)
        if cur.kind == "std":
            return Binding("std", f"{cur.target}::{seg}")
        if cur.kind == "unknown":
            return cur
        return Binding("unknown", f"`{cur.target}::{seg}` is not a path traitlogic can follow")

    def _extern(self, key: str, name: str, written: bool = False) -> Binding | None:
        if not written and name in self.aliases.get(key, {}):
            return self._extern(key, self.aliases[key][name], True)
        deps = self.externs.get(key, {})
        if name in deps:
            dep = deps[name]
            if isinstance(dep, str):
                return Binding("mod", dep, ())
            return Binding("unknown", f"dependency `{name}` is unknown: {getattr(dep, 'reason', dep)}")
        # the extern prelude: `core` always, `std` unless `#![no_std]`, `alloc` only by `extern crate`
        if name in STD_CRATES and (written or name == "core" or (name == "std" and not self.trees[key].no_std)):
            return Binding("std", name)
        return None
