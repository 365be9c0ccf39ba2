"""The candidates of rules/fixes.yaml and the search over a goal's own type.

A type on a failure chain may become each of the table's counterparts (`Rc<T>` -> `Arc<T>`), be
wrapped (`Pin<Box<T>>` for Unpin), or a trait object get the missing bound (`dyn Fn()` ->
`dyn Fn() + Send`). A change inside the goal's own type is verified by asking the changed goal
again; if it still fails, a change on its new failure chain is added (depth first).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from ..core import types as T
from ..core.cache import cached
from ..core.errors import ParseError
from ..core.goal import Goal
from ..core.lifetimes import Lifetimes
from ..core.resources import data_dir
from ..core.subst import match_type, replace_subterm, substitute
from ..kb.declarations import Declarations
from ..proof import ProofNode
from ..query import AUTO_ORDER
from ..render import conditions_text
from ..syntax.goals import read_type

MAX_SUGGESTIONS = 3
MAX_STEPS = 4  # changes combined into one suggestion (`Rc` -> `Arc`, then `RefCell` -> `Mutex`)
MAX_ASKS = 40  # goals asked again per answer: the search stops there


class Asked(Protocol):
    """What `ask` returns per goal: an answer word, an "if"'s conditions (`T: Send`, one atom
    each) and, for a "no", its failure chain."""

    answer: str

    @property
    def conditions(self) -> Sequence[str]: ...

    def chain(self) -> list[ProofNode]: ...


Ask = Callable[[list[Goal]], Sequence[Asked]]  # goals (under the same assumptions) -> answers


@dataclass(frozen=True)
class Site:
    """Where a field change goes in the source: the declaration, its fields of the changed
    type, and each step's part replaced and replacement (full paths), in order."""

    owner: str
    labels: tuple[str, ...]
    parts: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Suggestion:
    type: str  # the goal's type after the change (full paths), or the field's new type when `at` is set
    change: str  # "`RefCell<i32>` -> `Mutex<i32>`"
    at: str | None  # the field of your own type where the change goes: `Config.cache`
    bounds: tuple[str, ...] = ()  # what a generic goal then needs (`T: Send`, one atom each)
    changes: tuple[Suggestion, ...] = ()  # several fields changed: each one (and `type`, ... joined by "; ")
    sites: tuple[Site, ...] = field(default=(), compare=False)  # for scripts/gen_suggestions.py

    def to_dict(self) -> dict[str, Any]:
        """`type`, `change`, `at`; `bounds` for a generic goal; `changes` for several fields."""
        out: dict[str, Any] = {"type": self.type, "change": self.change, "at": self.at}
        if self.bounds:
            out["bounds"] = list(self.bounds)
        if self.changes:
            out["changes"] = [c.to_dict() for c in self.changes]
        return out


@dataclass
class Advice:
    suggestions: list[Suggestion]
    remedy: str | None  # when no suggestion could be verified
    category: str | None = None  # the remedy's kind (rules/fixes.yaml `remedies`): `pointer`, `guard`, ...


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    """`rules/fixes.yaml`, through the per-user cache (YAML would cost a cold "no" ~15 ms)."""
    path = data_dir("rules") / "fixes.yaml"

    def build() -> dict[str, Any]:
        import yaml  # only when the table is not in the cache (start-up time)

        loaded: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        return loaded

    return cached("fixes", [path], build)


def bound_atoms(atoms: Sequence[str]) -> tuple[str, ...]:
    """Atoms (`T: Sync`) without repeats, by parameter in order of appearance, auto traits in
    rustdoc's order."""
    unique = list(dict.fromkeys(atoms))
    params = list(dict.fromkeys(a.rsplit(": ", 1)[0] for a in unique))

    def key(a: str) -> tuple[int, int, str]:
        param, trait = a.rsplit(": ", 1)
        rank = AUTO_ORDER.index(trait) if trait in AUTO_ORDER else len(AUTO_ORDER)
        return params.index(param), rank, trait

    return tuple(sorted(unique, key=key))


def with_bounds(change: str, bounds: tuple[str, ...]) -> str:
    """A change's text with the bound a generic goal then needs: `... (with `T: Send + Sync`)`."""
    return f"{change} (with the bound `{conditions_text(list(bounds))}`)" if bounds else change


def _template(text: str, decls: Declarations) -> T.Ty | None:
    """A type of rules/fixes.yaml over `T` (None when this KB has no such type: `--no-std`)."""
    try:
        return read_type(text, decls, params=frozenset({"T"}), check_wf=False)
    except ParseError:
        return None


class Search:
    """Changes tried for one answer, with the goals asked again so far."""

    def __init__(self, decls: Declarations, ask: Ask, lifetimes: Lifetimes | None = None):
        self.decls = decls
        self.ask = ask
        self.lifetimes = lifetimes  # those the goal's type was written with (display only)
        self.asks = 0
        self.answers: dict[Goal, Asked] = {}  # the goals asked again so far
        # rules/fixes.yaml's types, read once per answer (a type this KB lacks is left out)
        fixes = table()
        self.swaps: list[tuple[T.Ty, list[T.Ty]]] = []
        for swap in fixes["swaps"]:
            pattern = _template(swap["from"], decls)
            if pattern is not None:
                self.swaps.append((pattern, [t for t in (_template(to, decls) for to in swap["to"]) if t is not None]))
        self.wrappers = {name: t for name, text in fixes["wrappers"].items()
                         if (t := _template(text, decls)) is not None}
        self.opted_out: list[tuple[str, list[str], list[T.Ty]]] = [
            (name, r["traits"], [t for t in (_template(x, decls) for x in r["types"]) if t is not None])
            for name, r in fixes["remedies"].items() if "types" in r]

    def candidates(self, node: ProofNode, ty: T.Ty | None = None) -> list[T.Ty]:
        """The types that may replace the type of a node of a failure chain (or `ty`, the
        node's type as a field's declaration writes it)."""
        decls = self.decls
        ty = node.goal.ty if ty is None else ty
        out = self.counterparts(ty)
        if ty.kind == "dyn" and node.rule == "dyn-missing-bound":
            trait = decls.trait_by_path[node.goal.trait]
            out.append(T.dyn([*ty.extra, T.DynBound(trait.path, decls.trait_display(trait))]))
        wrapper = self.wrappers.get(decls.trait_by_path[node.goal.trait].name)
        if wrapper is not None and ty.kind != "param":
            out.append(substitute(wrapper, {"T": ty}))
        return out

    def counterparts(self, ty: T.Ty) -> list[T.Ty]:
        """The table's swaps for `ty` (`Rc<u8>` -> `Arc<u8>`)."""
        out: list[T.Ty] = []
        for pattern, targets in self.swaps:
            bindings = match_type(pattern, ty)
            if bindings is not None:
                out.extend(substitute(t, bindings) for t in targets)
        return out

    def ask_one(self, goal: Goal, again: bool = False) -> Asked | None:
        """The answer to a changed goal; a goal asked before gives None (`again`: its answer)."""
        if goal in self.answers:
            return self.answers[goal] if again else None
        if self.asks >= MAX_ASKS:
            return None
        self.asks += 1
        answer = self.answers[goal] = self.ask([goal])[0]
        return answer

    def rewrite(self, root: Goal, changes: list[tuple[T.Ty, T.Ty]]) -> Suggestion | None:
        """Apply `changes` to the goal's type; if it still fails, add a change on the new
        failure chain (depth first, at most `MAX_STEPS` changes). A generic goal may hold
        under conditions: they are the bound to add."""
        ty = root.ty
        for old, new in changes:
            ty = replace_subterm(ty, old, new)
        answer = self.ask_one(Goal(root.trait, ty))
        if answer is None:
            return None
        if answer.answer in ("yes", "if"):
            bounds = bound_atoms(answer.conditions)
            return Suggestion(self.shown_type(root, ty), with_bounds(self.shown(changes), bounds), None, bounds)
        if answer.answer != "no" or len(changes) >= MAX_STEPS:
            return None
        chain = answer.chain()
        for k in range(len(chain) - 1, -1, -1):
            if not contains(ty, chain[k].goal.ty):
                continue
            for new in self.candidates(chain[k]):
                found = self.rewrite(root, [*changes, (chain[k].goal.ty, new)])
                if found is not None:
                    return found
        return None

    def blocker(self, root: Goal, chain: list[ProofNode]) -> tuple[Goal, str, bool, Suggestion | None]:
        """Every change of the table that keeps the goal's type well-formed, deepest first, until
        none is left: the goal (and rule) the failure then ends at is what no type change helps,
        written as it was before a change, and whether each of its counterparts made the type
        ill-formed (or the changes together made it hold: a suggestion)."""
        self.asks = 0  # a budget of its own
        ty, changes = root.ty, list[tuple[T.Ty, T.Ty]]()
        while True:
            step = self._change_one(root.trait, ty, chain, [n for _, n in changes])
            if step is None:
                leaf = chain[-1].goal
                back = next((o for o, n in reversed(changes) if n is leaf.ty), leaf.ty)
                tried = [self.answers.get(Goal(root.trait, replace_subterm(ty, leaf.ty, new)))
                         for new in self.candidates(chain[-1])]
                rejected = bool(tried) and all(a is not None and a.answer == "error" for a in tried)
                return Goal(leaf.trait, back), chain[-1].rule, rejected, None
            old, new, answer = step
            ty = replace_subterm(ty, old, new)
            changes.append((old, new))
            if answer.answer in ("yes", "if"):
                bounds = bound_atoms(answer.conditions)
                return root, "", False, Suggestion(self.shown_type(root, ty), with_bounds(self.shown(changes), bounds),
                                                   None, bounds)
            chain = answer.chain()

    def _change_one(self, trait: str, ty: T.Ty, chain: list[ProofNode],
                    made: list[T.Ty]) -> tuple[T.Ty, T.Ty, Asked] | None:
        """The deepest change on `chain` that keeps the type well-formed; a type is wrapped
        (`Receiver<T>` -> `Mutex<Receiver<T>>`) once only."""
        for node in reversed(chain):
            old = node.goal.ty
            if not contains(ty, old):
                continue
            for new in self.candidates(node):
                if contains(new, old) and any(contains(m, old) for m in made):
                    continue
                answer = self.ask_one(Goal(trait, replace_subterm(ty, old, new)), again=True)
                if answer is not None and answer.answer in ("yes", "if", "no"):
                    return old, new, answer
        return None

    def category(self, leaf: Goal, rule: str, rejected: bool) -> str | None:
        """The remedy for a failure that ends at `leaf` (by `rule`) once no change of the table
        is left: a type rules/fixes.yaml lists as opted out whatever its parameters, or the
        rule's kind (`rejected`: each counterpart made the goal's type ill-formed; `unverified`:
        counterparts exist, but no change the search makes could be verified)."""
        if self.asks >= MAX_ASKS:
            return None  # the walk stopped early: `leaf` is not known to be the end
        trait = self.decls.trait_by_path[leaf.trait].name
        for name, traits, patterns in self.opted_out:
            if trait in traits and any(match_type(p, leaf.ty) is not None for p in patterns):
                return name
        if rule == "impl-negative":
            if not self.counterparts(leaf.ty):
                return "negative"
            return "rejected" if rejected else "unverified"
        if rule == "dyn-missing-bound":  # the bound could be added, but that was not verified
            return "rejected" if rejected else "unverified"
        return "no-impl" if rule == "no-impl-applies" else None

    def shown(self, changes: Sequence[tuple[T.Ty, T.Ty]], parens: bool = False, goal_type: bool = True) -> str:
        """`A` -> `B`, then ... (`parens`: a trait object of several bounds in parentheses, as a
        field's declaration needs it; `goal_type`: parts of the goal's type, shown with its lifetimes)."""
        lt = self.lifetimes if goal_type else None
        show = self.decls.show
        return ", then ".join(f"`{show(o, lt)}` -> `{paren(n, show(n, lt)) if parens else show(n, lt)}`"
                              for o, n in changes)

    def shown_type(self, root: Goal, ty: T.Ty) -> str:
        """The goal's type after a change, with full paths, as rustc accepts it (with the lifetimes
        around the change kept: `&'static RefCell<i32>` -> `&'static std::sync::Mutex<i32>`)."""
        lt = self.lifetimes
        return self.decls.show_path(ty, lt.rewritten(root.ty, ty) if lt is not None else None)


def contains(ty: T.Ty, part: T.Ty) -> bool:
    return any(t is part for t in T.walk(ty))


def paren(ty: T.Ty, text: str) -> str:
    """A trait object of several bounds in parentheses: `&'a (dyn Tr + Send)` needs them."""
    return f"({text})" if ty.kind == "dyn" and len(ty.extra) > 1 else text
