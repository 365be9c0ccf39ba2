"""Fixes for a "no": type changes that make the goal hold, each verified before it is shown.

The candidates come from rules/fixes.yaml (swaps such as `Rc<T>` -> `Arc<T>`, wrappers such as
`Pin<Box<T>>` for Unpin) and from the trait object rule (`dyn Fn()` -> `dyn Fn() + Send`). They
are tried on the types of the failure chain, from the cause upwards:

- a type inside the goal's own type: the goal type is rewritten and asked again;
- a type inside a field of your own struct (the chain went through `field `cache``): the
  field's new type is asked, and every other premise on the way up must already hold.

Nothing is suggested that the engine does not confirm. When no change helps, `remedy` says what
the usual way out is (an `unsafe impl` with a safety argument, ...).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from .core import types as T
from .core.cache import cached
from .core.errors import ParseError
from .core.goal import Goal
from .core.lifetimes import Lifetimes
from .core.resources import data_dir
from .core.subst import match_type, replace_subterm, substitute
from .kb.declarations import Declarations
from .lower import Program
from .proof import ProofNode
from .solve import Solution
from .syntax.goals import read_type

MAX_SUGGESTIONS = 3
MAX_STEPS = 4  # changes combined into one suggestion (`Rc` -> `Arc`, then `RefCell` -> `Mutex`)
MAX_ASKS = 40  # goals asked again per answer: the search stops there


class Asked(Protocol):
    """What `ask` returns per goal: an answer word and, for a "no", its failure chain."""

    answer: str

    def chain(self) -> list[ProofNode]: ...


Ask = Callable[[list[Goal]], Sequence[Asked]]  # goals (under the same assumptions) -> answers


@dataclass(frozen=True)
class Suggestion:
    type: str  # the goal's type after the change (full paths), or the field's new type when `at` is set
    change: str  # "`RefCell<i32>` -> `Mutex<i32>`"
    at: str | None  # the field of your own type where the change goes: `Config.cache`
    part: tuple[str, str] = ("", "")  # for a field: the part replaced and its replacement, with full paths

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "change": self.change, "at": self.at}


@dataclass
class Advice:
    suggestions: list[Suggestion]
    remedy: str | None  # when no suggestion could be verified


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    """`rules/fixes.yaml`, through the per-user cache (YAML would cost a cold "no" ~15 ms)."""
    path = data_dir("rules") / "fixes.yaml"

    def build() -> dict[str, Any]:
        import yaml  # only when the table is not in the cache (start-up time)

        loaded: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        return loaded

    return cached("fixes", [path], build)


def advise(chain: list[ProofNode], program: Program, solution: Solution, decls: Declarations, ask: Ask,
           lifetimes: Lifetimes | None = None) -> Advice:
    """Up to three verified changes that make the root of the failure `chain` hold (the goal's
    type shown with the `lifetimes` it was written with)."""
    search = _Search(decls, ask, lifetimes)
    found: list[Suggestion] = []
    for i in range(len(chain) - 1, -1, -1):
        for new in search.candidates(chain[i]):
            if len(found) >= MAX_SUGGESTIONS or search.asks >= MAX_ASKS:
                break
            s = search.first_step(chain, i, new, program, solution)
            if s is not None and s not in found:
                found.append(s)
    if found:
        return Advice(found, None)
    leaf = chain[-1]
    remedies = _table()["remedies"]
    if leaf.goal.ty.kind == "ptr":
        return Advice([], remedies["pointer"])
    if leaf.rule == "impl-negative":
        return Advice([], remedies["negative"])
    if leaf.rule == "no-impl-applies":
        return Advice([], remedies["no-impl"])
    return Advice([], None)


def _template(text: str, decls: Declarations) -> T.Ty | None:
    """A type of rules/fixes.yaml over `T` (None when this KB has no such type: `--no-std`)."""
    try:
        return read_type(text, decls, params=frozenset({"T"}), check_wf=False)
    except ParseError:
        return None


class _Search:
    """Changes tried for one answer, with the goals asked again so far."""

    def __init__(self, decls: Declarations, ask: Ask, lifetimes: Lifetimes | None = None):
        self.decls = decls
        self.ask = ask
        self.lifetimes = lifetimes
        self.asks = 0
        self.seen: set[Goal] = set()
        # rules/fixes.yaml's types, read once per answer (a type this KB lacks is left out)
        table = _table()
        self.swaps: list[tuple[T.Ty, list[T.Ty]]] = []
        for swap in table["swaps"]:
            pattern = _template(swap["from"], decls)
            if pattern is not None:
                self.swaps.append((pattern, [t for t in (_template(to, decls) for to in swap["to"]) if t is not None]))
        self.wrappers = {name: t for name, text in table["wrappers"].items()
                         if (t := _template(text, decls)) is not None}

    def candidates(self, node: ProofNode) -> list[T.Ty]:
        """The types that may replace the type of a node of a failure chain."""
        ty, decls = node.goal.ty, self.decls
        out: list[T.Ty] = []
        for pattern, targets in self.swaps:
            bindings = match_type(pattern, ty)
            if bindings is not None:
                out.extend(substitute(t, bindings) for t in targets)
        if ty.kind == "dyn" and node.rule == "dyn-missing-bound":
            trait = decls.trait_by_path[node.goal.trait]
            out.append(T.dyn([*ty.extra, T.DynBound(trait.path, decls.trait_display(trait))]))
        wrapper = self.wrappers.get(decls.trait_by_path[node.goal.trait].name)
        if wrapper is not None and ty.kind != "param":
            out.append(substitute(wrapper, {"T": ty}))
        return out

    def _ask(self, goal: Goal) -> Asked | None:
        if goal in self.seen or self.asks >= MAX_ASKS:
            return None
        self.seen.add(goal)
        self.asks += 1
        return self.ask([goal])[0]

    def first_step(self, chain: list[ProofNode], i: int, new: T.Ty, program: Program,
                   solution: Solution) -> Suggestion | None:
        old = chain[i].goal.ty
        j = i
        while j > 0 and _contains(chain[j - 1].goal.ty, old):
            j -= 1
        if j == 0:  # part of the goal's own type: rewrite it, ask again, go on from a new "no"
            return self._rewrite(chain[0].goal, [(old, new)])
        return self._field(chain, i, j, new, program, solution)

    def _rewrite(self, root: Goal, changes: list[tuple[T.Ty, T.Ty]]) -> Suggestion | None:
        """Apply `changes` to the goal's type; if it still fails, add a change on the new
        failure chain (depth first, at most `MAX_STEPS` changes)."""
        ty = root.ty
        for old, new in changes:
            ty = replace_subterm(ty, old, new)
        goal = Goal(root.trait, ty)
        answer = self._ask(goal)
        if answer is None:
            return None
        if answer.answer == "yes":
            lt = self.lifetimes
            shown = ", then ".join(f"`{self.decls.show(o, lt)}` -> `{self.decls.show(n, lt)}`" for o, n in changes)
            return Suggestion(self.decls.show_path(ty, lt and lt.rewritten(root.ty, ty)), shown, None)
        if answer.answer != "no" or len(changes) >= MAX_STEPS:
            return None
        chain = answer.chain()
        for k in range(len(chain) - 1, -1, -1):
            if not _contains(ty, chain[k].goal.ty):
                continue
            for new in self.candidates(chain[k]):
                found = self._rewrite(root, [*changes, (chain[k].goal.ty, new)])
                if found is not None:
                    return found
        return None

    def _field(self, chain: list[ProofNode], i: int, j: int, new: T.Ty, program: Program,
               solution: Solution) -> Suggestion | None:
        """A change inside a field of your own (non-generic) struct: the field's new type must
        hold, and every other premise on the way up already does."""
        decls, old = self.decls, chain[i].goal.ty
        parent = chain[j - 1]
        decl = decls.type_by_path.get(parent.goal.ty.name) if parent.goal.ty.kind == "adt" else None
        if parent.rule != "auto-structural" or decl is None or decl.from_std or not chain[j].why.startswith("field "):
            return None
        if decl.params:  # the field's type is a template over the parameters: not rewritten (yet)
            return None
        field_ty = replace_subterm(chain[j].goal.ty, old, new)
        for k in range(j):
            clause = program.clauses[chain[k].goal]
            if any(p.goal != chain[k + 1].goal and solution.answer(p.goal) is not True for p in clause.premises):
                return None
        answer = self._ask(Goal(chain[j].goal.trait, field_ty))
        if answer is None or answer.answer != "yes":
            return None
        lt = self.lifetimes
        change = f"`{decls.show(old, lt)}` -> `{_paren(new, decls.show(new, lt))}`"
        # the field's new type as its declaration would write it (`&'a Mutex<u8>`)
        label = chain[j].why.split("`")[1]
        declared = Lifetimes(chain[j].goal.ty, decls.field_lifetimes(parent.goal.ty, None, label))
        return Suggestion(decls.show_path(field_ty, declared.rewritten(chain[j].goal.ty, field_ty)), change, _field_path(chain[:j + 1], decls),
                          (decls.show_path(old), _paren(new, decls.show_path(new))))


def _contains(ty: T.Ty, part: T.Ty) -> bool:
    return any(t is part for t in T.walk(ty))


def _field_path(chain: list[ProofNode], decls: Declarations) -> str:
    """`Config.inner.cache`: the root type, then each field the chain went through. Fields of
    one type that share the failing type all change: `Ledger.0, Ledger.2`."""
    path = [decls.show(chain[0].goal.ty)]
    for node in chain[1:-1]:
        if node.why.startswith("field `"):
            path.append(node.why.split("`")[1])
    last = [w.split("`")[1] for w in chain[-1].why.split(", ") if w.startswith("field `")]
    return ", ".join(".".join([*path, f]) for f in last)


def _paren(ty: T.Ty, text: str) -> str:
    """A trait object of several bounds in parentheses: `&'a (dyn Tr + Send)` needs them."""
    return f"({text})" if ty.kind == "dyn" and len(ty.extra) > 1 else text
