"""Render answers and proof trees: a text tree for the terminal, JSON for tools, DOT for Graphviz.

Rust types are plain text everywhere: nothing passes through Rich markup (`[u8]` would vanish).
"""
from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable
from typing import Any

from .core.goal import Goal
from .core.resources import std_docs_url
from .proof import ProofNode, first_children, walk

ShowGoal = Callable[[Goal], str]

_MARK = {True: "✓", False: "✗", None: "?"}
MAX_INDENT = 24  # tree levels drawn with indentation; deeper ones are numbered instead
_WORD = {True: "yes", False: "no", None: "overflow"}
TEXT_WIDTH = 400  # a type longer than this is shown as its two ends around ` … ` (text only; JSON has it whole)


_DOCS_PAGE = re.compile(r"(?<![\w/.:])((?:std|core|alloc)/[\w./-]*\.html(?:#[^\s)]*)?)")


def doc_links(source: str) -> str:
    """A source as printed: std's docs pages as links (`alloc/src/sync.rs:274
    (https://doc.rust-lang.org/1.95.0/std/sync/struct.Arc.html#impl-Send-for-Arc...)`); your
    own code stays `file:line`, relative to the working directory when it lies below it (a
    crate's files are read by absolute path)."""
    if ".html" not in source:
        return _below_cwd(source)
    base = std_docs_url()
    return _DOCS_PAGE.sub(lambda m: base + m.group(1), source)


def _below_cwd(source: str) -> str:
    if not source.startswith("/"):
        return source
    try:
        cwd = os.getcwd().rstrip("/") + "/"
    except OSError:  # the working directory is gone: the path as it is
        return source
    return source.removeprefix(cwd)


def answer_word(holds: bool | None) -> str:
    return _WORD[holds]


def holds_of(answer: str) -> bool | None:
    """`holds` for an answer word: True for yes, False for no, None for if and overflow."""
    return {"yes": True, "no": False}.get(answer)


def conjunction(answers: Iterable[str]) -> str:
    """Several traits' answers at once: no > overflow > if > yes."""
    words = set(answers)
    return next((w for w in ("no", "overflow", "if") if w in words), "yes")


_ASCII = str.maketrans({"✓": "+", "✗": "-", "│": "|", "├": "|", "└": "`", "─": "-", "↻": "@", "↑": "^",
                        "…": "...", "—": "-"})


def to_ascii(text: str) -> str:
    """The tree for a terminal that cannot print its characters (`PYTHONIOENCODING=ascii`)."""
    return text.translate(_ASCII).encode("ascii", "replace").decode("ascii")


def conditions_text(conditions: list[str]) -> str:
    """`["T: Send", "T: Sync", "U: Send"]` -> `T: Send + Sync, U: Send`, as rustdoc writes them."""
    grouped: dict[str, list[str]] = {}
    for atom in conditions:
        ty, trait = atom.rsplit(": ", 1)
        grouped.setdefault(ty, []).append(trait)
    return ", ".join(f"{ty}: {' + '.join(traits)}" for ty, traits in grouped.items())


def reason(holds: bool | None, root: ProofNode, show: ShowGoal, conditions: list[str] | None = None) -> str:
    """One line: why not (the cause at the end of the chain), the conditions of an "if", or ""
    when the goal holds."""
    if conditions:
        return f"holds if {conditions_text(conditions)}"
    if holds:
        return ""
    node = first_children(root)[-1]
    shown = _clip(show(node.goal), TEXT_WIDTH)
    if holds is None:
        return f"overflow (rustc: E0275) at `{shown}`"
    lead = "" if node is root else f"because `{shown}` fails: "
    return f"{lead}{node.detail}" if node.detail else f"{lead}[{node.rule}]"


def row_lines(type_text: str, rows: list[dict[str, object]]) -> list[tuple[str, str]]:
    """`traitlogic show`'s text: the type, then one line per trait (answer and reason)."""
    out = [(type_text, "bold")]
    width = max((len(str(r["trait"])) for r in rows), default=0)
    for row in rows:
        if "error" in row:
            out.append((f"  {row['trait']!s:<{width}}  error  {str(row['error']).splitlines()[0]}", "yellow"))
            continue
        why = f"  {row['reason']}" if row["reason"] else ""
        style = _style(holds_of(str(row["answer"])))
        out.append((f"  {row['trait']!s:<{width}}  {row['answer']!s:<8}{why}".rstrip(), style))
    return out


def report_markdown(rows: list[dict[str, object]]) -> str:
    """`traitlogic report -f markdown`: one table row per type, one column per auto trait."""
    if not rows:
        return "No types.\n"
    traits = [str(r["trait"]) for r in rows[0]["traits"]]  # type: ignore[attr-defined]
    out = ["| Type | " + " | ".join(traits) + " |", "|---" * (len(traits) + 1) + "|"]
    for row in rows:
        cells = []
        for r in row["traits"]:  # type: ignore[attr-defined]
            if "error" in r:
                cells.append("error")
            elif r["answer"] == "if":
                cells.append(f"if `{conditions_text(r['conditions'])}`")
            else:
                cells.append(str(r["answer"]))
        out.append(f"| `{row['type']}` | " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(out) + "\n"


def advice_lines(suggestions: list[Any], remedy: str | None) -> list[tuple[str, str]]:
    """`fix:` lines under a "no": each verified change (and where it goes), else the remedy."""
    out = []
    for s in suggestions:
        if s.changes:  # several fields at once (and the goal's type): each change where it goes, then the bound
            each = " and ".join(f"field `{c.at}`: {c.change} (`{c.type}`)" if c.at else f"{c.change} (`{c.type}`)"
                                for c in s.changes)
            bound = f" (with the bound `{conditions_text(list(s.bounds))}`)" if s.bounds else ""
            out.append((f"fix: {each} together make it hold{bound}", "green"))
            continue
        where = f" in field `{s.at}`" if s.at else ""
        out.append((f"fix: {s.change}{where} makes it hold (`{s.type}`)", "green"))
    if not suggestions and remedy:
        out.append((f"fix: no type change found that helps: {remedy}", "yellow"))
    return out


# -- JSON -------------------------------------------------------------------------------------
def proof_json(node: ProofNode, show: ShowGoal) -> dict[str, object]:
    """The contract's NODE: goal, holds, rule, source, children (+ cycle, shared, why, detail)."""
    memo: dict[int, dict[str, object]] = {}
    order = list(walk(node, normalizations=True))
    for n in reversed(order):  # children before parents, no recursion
        out: dict[str, object] = {"goal": show(n.goal), "holds": n.holds, "rule": n.rule, "source": n.source,
               "detail": n.detail, "children": [memo[id(c)] for c in n.children]}
        if n.normalized:  # the proofs of the projections its type was normalized from
            out["normalized"] = [memo[id(m.proof)] for m in n.normalized]
        if n.why:
            out["why"] = n.why
        if n.cycle:
            out["cycle"] = True
        if n.shared:
            out["shared"] = True
        memo[id(n)] = out
    return memo[id(node)]


_ENCODERS: list[Any] = []  # the one `json.JSONEncoder(ensure_ascii=False)`, made on first use


def dumps(obj: object) -> str:
    """`json.dumps(obj, ensure_ascii=False)` for answers whose proofs may nest thousands of levels
    deep (one encoder for every line of a batch: `json.dumps` makes one per call)."""
    if not _ENCODERS:
        import json  # only for JSON output (start-up time)

        _ENCODERS.append(json.JSONEncoder(ensure_ascii=False))
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 100_000))
    try:
        text: str = _ENCODERS[0].encode(obj)
        return text
    finally:
        sys.setrecursionlimit(limit)


# -- text -------------------------------------------------------------------------------------
def proof_lines(node: ProofNode, show: ShowGoal, max_width: int = TEXT_WIDTH,
                max_depth: int | None = None) -> list[tuple[str, str, str]]:
    """(indent, goal line, style) rows; the detail and source rows come with style 'dim'.
    With `max_depth`, the tree is cut below that depth and a `…` row marks the cut."""
    rows: list[tuple[str, str, str]] = []
    stack: list[tuple[ProofNode, str, str, int]] = [(node, "", "", 0)]
    while stack:
        n, lead, child_lead, depth = stack.pop()
        mark = "↻" if n.cycle else ("↑" if n.shared else _MARK[n.holds])
        goal = _clip(show(n.goal), max_width)
        why = f"  ({n.why})" if n.why else ""
        level = f"[depth {depth}] " if depth >= MAX_INDENT else ""
        rows.append((lead, f"{level}{mark} {goal}  [{n.rule}]{why}", _style(n.holds)))
        kids = [m.proof for m in n.normalized] + n.children  # how its type was normalized, first
        pad = child_lead + ("│  " if kids else "   ")
        if n.cycle:
            rows.append((pad, "cycle: this goal is being proven above; auto-trait cycles hold", "dim"))
        elif n.shared:
            rows.append((pad, "proven above", "dim"))
        else:
            if n.detail:
                rows.append((pad, n.detail, "dim"))
            if n.source:
                rows.append((pad, f"source: {doc_links(n.source)}", "dim"))
        if max_depth is not None and depth >= max_depth and kids:
            rows.append((pad, f"… {len(kids)} more below (--depth {max_depth})", "dim"))
            continue
        for i, c in reversed(list(enumerate(kids))):
            last = i == len(kids) - 1
            if depth + 1 >= MAX_INDENT:  # very deep proofs stop indenting and number their levels
                stack.append((c, child_lead, child_lead, depth + 1))
            else:
                stack.append((c, child_lead + ("└─ " if last else "├─ "),
                              child_lead + ("   " if last else "│  "), depth + 1))
    return rows


def _style(holds: bool | None) -> str:
    """The colour of a verdict: green holds, red fails, yellow neither (if, overflow)."""
    if holds is None:
        return "yellow"
    return "green" if holds else "red"


def _clip(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    keep = width // 2 - 2
    return f"{text[:keep]} … {text[-keep:]}"


def text_report(goal_text: str, holds: bool | None, node: ProofNode, show: ShowGoal,
                max_depth: int | None = None, brief: bool = False,
                conditions: list[str] | None = None) -> list[tuple[str, str]]:
    """Lines of the text answer with their style: the verdict, then the tree (or, `brief`,
    the one-line reason). An "if" answer names its conditions on the first line."""
    goal_text = _clip(goal_text, TEXT_WIDTH)
    if conditions:
        out = [(f"if — `{goal_text}` holds if `{conditions_text(conditions)}`", "yellow bold")]
    else:
        out = [(f"{answer_word(holds)} — `{goal_text}`", _style(node.holds) + " bold")]
    if brief:
        why = "" if conditions else reason(holds, node, show)
        return out + ([(why, _style(node.holds))] if why else [])
    if conditions:
        out.append(("the `?` leaves are the conditions: assumptions about the parameters", "yellow"))
    elif holds is None:
        out.append(("rustc would stop with error[E0275]: overflow evaluating the requirement", "yellow"))
    for lead, text, style in proof_lines(node, show, max_depth=max_depth):
        out.append((lead + text, style))
    return out


# -- DOT --------------------------------------------------------------------------------------
def proof_dot(node: ProofNode, show: ShowGoal) -> str:
    lines = ["digraph proof {", '  node [shape=box, fontname="monospace"];']
    ids: dict[int, str] = {}
    for i, n in enumerate(walk(node, normalizations=True)):
        ids[id(n)] = f"n{i}"
        color = {True: "darkgreen", False: "red3", None: "orange3"}[n.holds]
        label = f"{show(n.goal)}\\n[{n.rule}]"
        style = ', style="dashed"' if (n.cycle or n.shared) else ""
        lines.append(f'  n{i} [label="{_dot_escape(label)}", color={color}{style}];')
    for n in walk(node, normalizations=True):
        for m in n.normalized:  # a normalization's proof: a dotted edge, not a premise
            lines.append(f'  {ids[id(n)]} -> {ids[id(m.proof)]} [label="{_dot_escape(m.proof.why)}", style="dotted"];')
        for c in n.children:
            label = f' [label="{_dot_escape(c.why)}"]' if c.why else ""
            lines.append(f"  {ids[id(n)]} -> {ids[id(c)]}{label};")
    lines.append("}")
    return "\n".join(lines)


def _dot_escape(text: str) -> str:
    return text.replace("\\n", "\0").replace("\\", "\\\\").replace('"', '\\"').replace("\0", "\\n")
