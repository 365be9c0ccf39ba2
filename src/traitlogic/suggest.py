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

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .core import types as T
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
Ask = Callable[[list[Goal]], list[str]]  # goals (same assumptions) -> answer words


@dataclass(frozen=True)
class Suggestion:
    type: str  # the goal's type after the change (full paths), or the field's new type when `at` is set
    change: str  # "`RefCell<i32>` -> `Mutex<i32>`"
    at: str | None  # the field of your own type where the change goes: `Config.cache`

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "change": self.change, "at": self.at}


@dataclass
class Advice:
    suggestions: list[Suggestion]
    remedy: str | None  # when no suggestion could be verified


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    import yaml  # only when a fix is asked for

    loaded: dict[str, Any] = yaml.safe_load((data_dir("rules") / "fixes.yaml").read_text(encoding="utf-8"))
    return loaded


def advise(chain: list[ProofNode], program: Program, solution: Solution, decls: Declarations, ask: Ask) -> Advice:
    """Up to three verified changes that make the root of the failure `chain` hold."""
    found: list[Suggestion] = []
    tried: set[tuple[int, T.Ty]] = set()
    for i in range(len(chain) - 1, -1, -1):
        node = chain[i]
        for new in _candidates(node, decls):
            if len(found) >= MAX_SUGGESTIONS or (i, new) in tried:
                continue
            tried.add((i, new))
            s = _try(chain, i, new, program, solution, decls, ask)
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


def _candidates(node: ProofNode, decls: Declarations) -> list[T.Ty]:
    ty = node.goal.ty
    out: list[T.Ty] = []
    for swap in _table()["swaps"]:
        pattern = _template(swap["from"], decls)
        bindings = match_type(pattern, ty) if pattern is not None else None
        if bindings is not None:
            targets = [_template(to, decls) for to in swap["to"]]
            out.extend(substitute(t, bindings) for t in targets if t is not None)
    if ty.kind == "dyn" and node.rule == "dyn-missing-bound":
        trait = decls.trait_by_path[node.goal.trait]
        out.append(T.dyn([*ty.extra, T.DynBound(trait.path, decls.trait_display(trait))]))
    wrapper = _table()["wrappers"].get(decls.trait_by_path[node.goal.trait].name)
    template = _template(wrapper, decls) if wrapper is not None and ty.kind != "param" else None
    if template is not None:
        out.append(substitute(template, {"T": ty}))
    return out


def _template(text: str, decls: Declarations) -> T.Ty | None:
    """A type of rules/fixes.yaml over `T` (None when this KB has no such type: `--no-std`)."""
    try:
        return read_type(text, decls, params=frozenset({"T"}), check_wf=False)
    except ParseError:
        return None


def _try(chain: list[ProofNode], i: int, new: T.Ty, program: Program, solution: Solution,
         decls: Declarations, ask: Ask) -> Suggestion | None:
    old = chain[i].goal.ty
    change = f"`{decls.show(old)}` -> `{decls.show(new)}`"
    j = i
    while j > 0 and _contains(chain[j - 1].goal.ty, old):
        j -= 1
    if j == 0:  # the type is part of the goal's own type: rewrite it and ask again
        root = chain[0].goal
        rewritten = Goal(root.trait, replace_subterm(root.ty, old, new))
        return Suggestion(decls.show_path(rewritten.ty), change, None) if ask([rewritten]) == ["yes"] else None
    parent = chain[j - 1]
    decl = decls.type_by_path.get(parent.goal.ty.name) if parent.goal.ty.kind == "adt" else None
    if parent.rule != "auto-structural" or decl is None or decl.from_std or not chain[j].why.startswith("field "):
        return None
    if decl.params:  # the field's type is a template over the parameters: not rewritten (yet)
        return None
    field_ty = replace_subterm(chain[j].goal.ty, old, new)
    for k in range(j):  # every other premise on the way up already holds
        clause = program.clauses[chain[k].goal]
        if any(p.goal != chain[k + 1].goal and solution.answer(p.goal) is not True for p in clause.premises):
            return None
    if ask([Goal(chain[j].goal.trait, field_ty)]) != ["yes"]:
        return None
    return Suggestion(decls.show_path(field_ty), change, _field_path(chain[:j + 1], decls))


def _contains(ty: T.Ty, part: T.Ty) -> bool:
    return any(t is part for t in T.walk(ty))


def _field_path(chain: list[ProofNode], decls: Declarations) -> str:
    """`Config.inner.cache`: the root type, then each field the chain went through."""
    path = [decls.show(chain[0].goal.ty)]
    for node in chain[1:]:
        if node.why.startswith("field `"):
            path.append(node.why.split("`")[1])
    return ".".join(path)
