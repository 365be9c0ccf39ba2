"""The proof-tree checker the tests run over every answer.

A proof is sound when every node's children really justify it: the checker lowers each goal
again (independently of the proof builder) and compares.
- a holding node: its rule is the rule of the goal's clause, and its children are exactly the
  clause's premises, each holding (cycle and shared nodes close the tree; they must refer to
  a goal proven on the path above / elsewhere in the tree);
- a failing node: either a leaf whose rule is a failure rule and whose clause is a failure
  fact, or a node with exactly one child, a failing premise of its clause;
- a conditional ("if") proof: a holding tree whose leaves may be assumption clauses; a node
  holds only conditionally (None) exactly when something below it does, and the root does;
- every node has a rule name from rules/rules.yaml;
- a node whose goal came from normalized projections lists them exactly as its parent's clause
  (re-lowered) has them on the premise, and each normalization is right: the KB normalizes the
  projection to the stated type, the proof is about the projection's trait goal (`X: ToOwned`),
  its root shows the very impl that normalizes it, and it is itself a sound proof — a holding
  tree (the impl's bounds proven), or, for a bound the KB cannot decide, a chain down to an
  undecidable clause (the answer then carries a note).
"""
from __future__ import annotations

from traitlogic.core.goal import Goal
from traitlogic.core.rules import catalog
from traitlogic.lower import Lowering
from traitlogic.proof import ProofNode, walk

FAIL_LEAVES = {r.name for r in catalog().values() if r.kind == "fails"}


def check_answer(kb, answer) -> list[str]:
    """Problems found in an answer's proof, lowered again under the answer's own assumptions."""
    lowering = Lowering(kb.decls, kb._sized, answer._assumptions)
    problems = check_proof(kb, answer.proof, answer.holds, lowering, conditional=answer.answer == "if",
                           root_normalized=answer._normalized)
    undecided = [m for n in walk(answer.proof, normalizations=True) for m in n.normalized if m.proof.holds is None]
    if undecided and not answer.notes:
        problems.append("a normalization's bounds are undecided but the answer has no note")
    return problems


def check_proof(kb, root: ProofNode, holds: bool | None, lowering=None, conditional: bool = False,
                root_normalized=None) -> list[str]:
    """Problems found in the proof (empty = sound). `conditional`: the proof of an "if" answer,
    a "yes" tree whose nodes that reach an assumption leaf hold only under it (holds None).
    `root_normalized`: the projections the goal's type was normalized from, when known (else
    the root's normalizations are checked to be right, not to be all of them)."""
    lowering = lowering or kb._lowering
    problems = _check_normalizations(kb, root, root_normalized, lowering)
    if conditional:
        return problems + _check_conditional(kb, root, lowering)
    rules = catalog()
    if root.holds is not holds:
        problems.append(f"root says holds={root.holds}, answer says {holds}")
    proven: set[Goal] = set()
    stack: list[tuple[ProofNode, tuple[Goal, ...]]] = [(root, ())]
    deferred_shared: list[Goal] = []
    while stack:
        node, path = stack.pop()
        where = kb.show_goal(node.goal)
        if not node.rule or node.rule not in rules:
            problems.append(f"{where}: unknown rule {node.rule!r}")
            continue
        if node.holds is not holds:
            problems.append(f"{where}: holds={node.holds} inside a proof of holds={holds}")
        if node.cycle:
            if node.goal not in path:
                problems.append(f"{where}: cycle node but the goal is not on the path above")
            continue
        if node.shared:
            deferred_shared.append(node.goal)
            continue
        clause = lowering.lower(node.goal) if holds is not None or node.children else None
        if clause is not None:
            problems.extend(_check_children_normalizations(kb, node, clause, lowering))
        if holds is True:
            premises = [p.goal for p in clause.premises]
            if clause.fails or clause.overflow:
                problems.append(f"{where}: holding node whose clause fails")
            if node.rule != clause.rule:
                problems.append(f"{where}: rule {node.rule} but the clause's rule is {clause.rule}")
            if [c.goal for c in node.children] != premises:
                problems.append(f"{where}: children are not the clause's premises")
            proven.add(node.goal)
        elif holds is False:
            if node.children:
                if len(node.children) != 1:
                    problems.append(f"{where}: a failing node has {len(node.children)} children")
                elif node.children[0].goal not in [p.goal for p in clause.premises]:
                    problems.append(f"{where}: failing child is not a premise of the clause")
            else:
                if node.rule not in FAIL_LEAVES or not clause.fails:
                    problems.append(f"{where}: failing leaf with rule {node.rule} (clause fails={clause.fails})")
        else:  # overflow
            if not node.children and node.rule != "depth-limit":
                problems.append(f"{where}: overflow chain ends in {node.rule}")
        for child in node.children:
            stack.append((child, path + (node.goal,)))
    for goal in deferred_shared:
        if goal not in proven:
            problems.append(f"{kb.show_goal(goal)}: shared node without a proof elsewhere in the tree")
    return problems


def _check_conditional(kb, root: ProofNode, lowering) -> list[str]:
    problems: list[str] = []
    rules = catalog()
    if root.holds is not None:
        problems.append(f"the root of an \"if\" proof says holds={root.holds}")
    proven: set[Goal] = set()
    shared: list[tuple[Goal, bool | None]] = []
    for node in walk(root):
        where = kb.show_goal(node.goal)
        if node.rule not in rules:
            problems.append(f"{where}: unknown rule {node.rule!r}")
            continue
        if node.holds not in (True, None):
            problems.append(f"{where}: holds={node.holds} inside an \"if\" proof")
        if node.cycle or node.shared:
            shared.append((node.goal, node.holds))
            continue
        clause = lowering.lower(node.goal)
        problems.extend(_check_children_normalizations(kb, node, clause, lowering))
        if node.rule != clause.rule:
            problems.append(f"{where}: rule {node.rule} but the clause's rule is {clause.rule}")
        if clause.fails or clause.overflow or clause.undecidable:
            problems.append(f"{where}: a node of an \"if\" proof whose clause is {clause.kind}")
        if [c.goal for c in node.children] != [p.goal for p in clause.premises]:
            problems.append(f"{where}: children are not the clause's premises")
        below = clause.assumption or any(c.holds is None for c in node.children)
        if (node.holds is None) != below:
            problems.append(f"{where}: holds={node.holds} but {'an' if below else 'no'} assumption is below")
        proven.add(node.goal)
    for goal, _ in shared:
        if goal not in proven:
            problems.append(f"{kb.show_goal(goal)}: cycle or shared node without a proof in the tree")
    return problems


def _check_children_normalizations(kb, node: ProofNode, clause, lowering) -> list[str]:
    """Each child's normalizations against the premise of `clause` it stands for."""
    premises = {p.goal: p for p in clause.premises}
    problems: list[str] = []
    for child in node.children:
        premise = premises.get(child.goal)
        if premise is not None:
            problems.extend(_check_normalizations(kb, child, premise.normalized, lowering))
    return problems


def _check_normalizations(kb, node: ProofNode, expected, lowering) -> list[str]:
    """`node`'s normalizations: exactly `expected` (when given), and each one right."""
    where = kb.show_goal(node.goal)
    problems: list[str] = []
    stated = [(m.projection, m.normal) for m in node.normalized]
    if expected is not None and stated != list(expected):
        problems.append(f"{where}: normalizations {stated} but the clause's premise has {list(expected)}")
    decls = kb.decls
    for m in node.normalized:
        goal = Goal(m.projection.name, m.projection.args[0])
        if m.proof.goal != goal:
            problems.append(f"{where}: the normalization of {m.projection} proves {m.proof.goal}, not {goal}")
        # (over a parameter, by the blanket impl the goal's bounds select: the lowering's normalizer)
        ground = m.projection.args[0].is_ground
        normal = decls.normalize(m.projection) if ground else lowering.ctx.normalized(m.projection, {})[0]
        if normal is not m.normal:
            problems.append(f"{where}: {m.projection} does not normalize to {m.normal}")
        selected = decls.normalizing_impl(m.projection) if ground else lowering.ctx.normalizing_impl(m.projection)
        if selected is None or (m.proof.detail, m.proof.source) != (selected[0].text, selected[0].source):
            problems.append(f"{where}: the normalization of {m.projection} shows another impl than the one "
                            f"that normalizes it ({m.proof.detail})")
        if m.proof.holds is True:
            problems.extend(check_proof(kb, m.proof, True, lowering))
        elif m.proof.holds is None:
            problems.extend(_check_undecided(kb, m.proof, lowering))
        else:
            problems.append(f"{where}: the normalization of {m.projection} fails in an answered goal")
    return problems


def _check_undecided(kb, root: ProofNode, lowering) -> list[str]:
    """A chain of premises (holds None) down to a clause the KB cannot decide."""
    problems: list[str] = []
    node = root
    while True:
        clause = lowering.lower(node.goal)
        if node.holds is not None or node.rule != clause.rule:
            problems.append(f"{kb.show_goal(node.goal)}: not a node of an undecided chain")
        if not node.children:
            if not clause.undecidable:
                problems.append(f"{kb.show_goal(node.goal)}: an undecided chain ends in {clause.kind}")
            return problems
        if len(node.children) != 1 or node.children[0].goal not in [p.goal for p in clause.premises]:
            problems.append(f"{kb.show_goal(node.goal)}: an undecided chain's child is not one premise")
            return problems
        node = node.children[0]


def independent_heights(program) -> dict[Goal, int]:
    """The one test oracle of the fixpoint, written unlike the engines: a breadth-first search
    up from the failure facts over the clauses' premises. Each failing goal -> its height."""
    parents: dict[Goal, list[Goal]] = {}
    for clause in program.clauses.values():
        for p in clause.premises:
            parents.setdefault(p.goal, []).append(clause.head)
    height = {g: 0 for g, c in program.clauses.items() if c.fails}
    frontier = list(height)
    while frontier:
        nxt = []
        for g in frontier:
            for parent in parents.get(g, ()):
                if parent not in height:
                    height[parent] = height[g] + 1
                    nxt.append(parent)
        frontier = nxt
    return height
