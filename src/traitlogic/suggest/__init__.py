"""Fixes for a "no": type changes that make the goal hold, each verified before it is shown.

The candidates come from rules/fixes.yaml (`search`). They are tried on the types of the
failure chain, from the cause upwards:

- a type inside the goal's own type: the goal type is rewritten and asked again (`search`);
- a type inside a field of your own struct: every failing field is changed, each field's new
  type asked again, and the other premises on the way up must already hold (`fields`).

- a change that only holds once your declarations change (a recursive field, the goal's type
  and a field together): asked again on a scratch copy of the KB with your structs re-declared
  (`redeclare`), when the two above find none.

Nothing is suggested that the engine does not confirm; a generic goal's suggestion carries the
bound it then needs (`T: Send`). When no change helps, `remedy` names the type the failure ends
at once every change is made, and the usual way out (rules/fixes.yaml `remedies`).
"""
from __future__ import annotations

from ..core.goal import Goal
from ..core.lifetimes import Lifetimes
from ..kb.declarations import Declarations
from ..lower import Program
from ..proof import ProofNode
from ..solve import Solution
from .fields import Fields
from .redeclare import AskIn, Redeclare
from .search import MAX_ASKS, MAX_SUGGESTIONS, Advice, Ask, Search, Suggestion, contains, table

__all__ = ["Advice", "Ask", "Suggestion", "advise"]


def advise(chain: list[ProofNode], program: Program, solution: Solution, decls: Declarations, ask: Ask,
           lifetimes: Lifetimes | None = None, ask_in: AskIn | None = None) -> Advice:
    """Up to three verified changes that make the root of the failure `chain` hold (the goal's
    type shown with the `lifetimes` it was written with; `ask_in` asks over other declarations,
    for the changes that need yours changed)."""
    search = Search(decls, ask, lifetimes)
    found: list[Suggestion] = []
    root = chain[0].goal
    fields = None
    for i in range(len(chain) - 1, -1, -1):
        old = chain[i].goal.ty
        if not all(contains(chain[k].goal.ty, old) for k in range(i)):
            if fields is None:  # inside a field of your own type: its fixes, once
                fields = Fields(search, program, solution)
                for s in fields.suggestions(chain):
                    if len(found) >= MAX_SUGGESTIONS:
                        break
                    if s not in found:
                        found.append(s)
            continue
        for new in search.candidates(chain[i]):
            if len(found) >= MAX_SUGGESTIONS or search.asks >= MAX_ASKS:
                break
            changed = search.rewrite(root, [(old, new)])
            if changed is not None and changed not in found:
                found.append(changed)
    if found:
        return Advice(found, None)
    leaf, rule, rejected, fix = search.blocker(root, chain)
    if fix is not None:  # more changes than the search combines, all of them needed
        return Advice([fix], None)
    category = search.category(leaf, rule, rejected)
    if category == "unverified" and ask_in is not None:  # needs your declarations changed
        end = Redeclare(search, ask_in, root).walk(chain)
        if end is not None and end[3] is not None:
            return Advice([end[3]], None)
        if end is not None and (found_category := search.category(*end[:3])) is not None:
            leaf, rule, category = end[0], end[1], found_category
    if category is None:
        return Advice([], None)
    text = table()["remedies"][category]["text"]
    if category == "no-impl":
        text += _covered(search, leaf)
    if category == "unverified":
        news = search.candidates(ProofNode(leaf, False, rule, "", ""))
        text = text.format(counterparts=" or ".join(f"`{decls.show(c)}`" for c in news))
    return Advice([], f"`{decls.show_goal(leaf, lifetimes)}` fails: {text}", category)


def _covered(search: Search, leaf: Goal) -> str:
    """Which instantiations the type's impls of the trait cover, as the KB lists them (a
    generic goal rustc answers "no" in generic code: `Holder<T>` with `impl Send for Holder<i32>`);
    an impl for one type is asked again, and named when it holds."""
    impls = [i for i in search.decls.impls_for(leaf.trait, leaf.ty) if not i.negative]
    if not impls:
        return ""
    search.asks = 0  # a budget of its own
    holds = [search.decls.show(i.self_ty) for i in impls[:MAX_SUGGESTIONS] if not i.params
             and (a := search.ask_one(Goal(leaf.trait, i.self_ty), again=True)) is not None and a.answer == "yes"]
    shown = "; ".join(f"`{i.text}`" for i in impls[:MAX_SUGGESTIONS]) + ("; ..." if len(impls) > MAX_SUGGESTIONS else "")
    return f"; its impls: {shown}" + (f" (it holds for {', '.join(f'`{h}`' for h in holds)})" if holds else "")
