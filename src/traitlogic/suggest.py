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
    category: str | None = None  # the remedy's kind (rules/fixes.yaml `remedies`): `pointer`, `guard`, ...


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    """`rules/fixes.yaml`, through the per-user cache (YAML would cost a cold "no" ~15 ms)."""
    path = data_dir("rules") / "fixes.yaml"

    def build() -> dict[str, Any]:
        import yaml  # only when the table is not in the cache (start-up time)

        loaded: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        return loaded

    return cached("fixes", [path], build)


def advise(chain: list[ProofNode], program: Program, solution: Solution, decls: Declarations, ask: Ask) -> Advice:
    """Up to three verified changes that make the root of the failure `chain` hold."""
    search = _Search(decls, ask)
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
    leaf, rule, fix = search.blocker(chain[0].goal, chain)
    if fix is not None:  # more changes than the search combines, all of them needed
        return Advice([fix], None)
    category = search.category(leaf, rule)
    if category is None:
        return Advice([], None)
    text = _table()["remedies"][category]["text"]
    return Advice([], f"`{decls.show_goal(leaf)}` fails: {text}", category)


def _template(text: str, decls: Declarations) -> T.Ty | None:
    """A type of rules/fixes.yaml over `T` (None when this KB has no such type: `--no-std`)."""
    try:
        return read_type(text, decls, params=frozenset({"T"}), check_wf=False)
    except ParseError:
        return None


class _Search:
    """Changes tried for one answer, with the goals asked again so far."""

    def __init__(self, decls: Declarations, ask: Ask):
        self.decls = decls
        self.ask = ask
        self.asks = 0
        self.answers: dict[Goal, Asked] = {}  # the goals asked again so far
        # rules/fixes.yaml's types, read once per answer (a type this KB lacks is left out)
        table = _table()
        self.swaps: list[tuple[T.Ty, list[T.Ty]]] = []
        for swap in table["swaps"]:
            pattern = _template(swap["from"], decls)
            if pattern is not None:
                self.swaps.append((pattern, [t for t in (_template(to, decls) for to in swap["to"]) if t is not None]))
        self.wrappers = {name: t for name, text in table["wrappers"].items()
                         if (t := _template(text, decls)) is not None}
        self.opted_out: list[tuple[str, list[str], list[T.Ty]]] = [(name, r["traits"], [t for t in (_template(x, decls) for x in r["types"]) if t is not None])
                          for name, r in table["remedies"].items() if "types" in r]

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

    def blocker(self, root: Goal, chain: list[ProofNode]) -> tuple[Goal, str, Suggestion | None]:
        """Every change of the table that keeps the goal's type well-formed, deepest first, until
        none is left: the goal (and rule) the failure then ends at is what no type change helps,
        written as it was before a change (or the changes together made it hold: a suggestion)."""
        self.asks = 0  # a budget of its own
        ty, changes = root.ty, list[tuple[T.Ty, T.Ty]]()
        while True:
            step = self._change_one(root.trait, ty, chain, [n for _, n in changes])
            if step is None:
                leaf = chain[-1].goal
                back = next((o for o, n in reversed(changes) if n is leaf.ty), leaf.ty)
                return Goal(leaf.trait, back), chain[-1].rule, None
            old, new, answer = step
            ty = replace_subterm(ty, old, new)
            changes.append((old, new))
            if answer.answer == "yes":
                return root, "", Suggestion(self.decls.show_path(ty), self._shown(changes), None)
            chain = answer.chain()

    def _change_one(self, trait: str, ty: T.Ty, chain: list[ProofNode],
                    made: list[T.Ty]) -> tuple[T.Ty, T.Ty, Asked] | None:
        """The deepest change on `chain` that keeps the type well-formed; a type is wrapped
        (`Receiver<T>` -> `Mutex<Receiver<T>>`) once only."""
        for node in reversed(chain):
            old = node.goal.ty
            if not _contains(ty, old):
                continue
            for new in self.candidates(node):
                if _contains(new, old) and any(_contains(m, old) for m in made):
                    continue
                answer = self._ask(Goal(trait, replace_subterm(ty, old, new)), again=True)
                if answer is not None and answer.answer in ("yes", "no"):
                    return old, new, answer
        return None

    def category(self, leaf: Goal, rule: str) -> str | None:
        """The remedy for a failure that ends at `leaf` (by `rule`) once no change of the table
        is left: a type rules/fixes.yaml lists as opted out whatever its parameters, or the rule's kind."""
        if self.asks >= MAX_ASKS:
            return None  # the walk stopped early: `leaf` is not known to be the end
        trait = self.decls.trait_by_path[leaf.trait].name
        for name, traits, patterns in self.opted_out:
            if trait in traits and any(match_type(p, leaf.ty) is not None for p in patterns):
                return name
        if rule == "impl-negative":
            swapped = any(match_type(p, leaf.ty) is not None for p, _ in self.swaps)
            return "rejected" if swapped else "negative"
        return "no-impl" if rule == "no-impl-applies" else None

    def _shown(self, changes: list[tuple[T.Ty, T.Ty]]) -> str:
        return ", then ".join(f"`{self.decls.show(o)}` -> `{self.decls.show(n)}`" for o, n in changes)

    def _ask(self, goal: Goal, again: bool = False) -> Asked | None:
        """The answer to a changed goal; a goal asked before gives None (`again`: its answer)."""
        if goal in self.answers:
            return self.answers[goal] if again else None
        if self.asks >= MAX_ASKS:
            return None
        self.asks += 1
        answer = self.answers[goal] = self.ask([goal])[0]
        return answer

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
            return Suggestion(self.decls.show_path(ty), self._shown(changes), None)
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
        change = f"`{decls.show(old)}` -> `{_paren(new, decls.show(new))}`"
        return Suggestion(decls.show_path(field_ty), change, _field_path(chain[:j + 1], decls),
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
