"""Compare the probed conditions of std types (gen_conditions_corpus.py) with std's docs.

For each std row whose type is one std type applied to exactly its parameters
(`std::sync::Arc<T>`, not `Arc<Mutex<T>>`), read the type's rustdoc page (the explicit
impl under "Trait Implementations" if there is one, else the synthesized one under "Auto
Trait Implementations"), turn its header into atoms `X: Trait` over our parameters (docs'
parameters matched by position; those past ours are defaulted ones, like `A: Allocator`)
and render tests/data/conditions/rustdoc_diff.md listing every difference.  rustc (the
probe) is the judge.
"""
from __future__ import annotations

import re
from pathlib import Path

import gen_std_kb as kb

TRAITS = kb.AUTO_TRAITS

Row = tuple[str, ...]


def angle_end(text: str) -> int:
    """Offset of the `>` closing generics that start just before `text`."""
    depth = 1
    for i, c in enumerate(text):
        if c == "<":
            depth += 1
        elif c == ">" and text[i - 1] != "-":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError(f"unbalanced generics: {text[:80]!r}")


def split_top(text: str) -> list[str]:
    """Split at commas outside brackets; strip parts, drop empty ones."""
    parts, depth, cur = [], 0, ""
    for i, c in enumerate(text):
        if c in "<([":
            depth += 1
        elif c in ">)]" and not (c == ">" and text[i - 1] == "-"):
            depth -= 1
        if c == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += c
    return [p.strip() for p in parts + [cur] if p.strip()]


def docs_impls(docs: Path, path: str) -> dict[str, tuple[str, str]] | None:
    """{trait: (section, impl header text)} of the type's page, None without a page."""
    rel = kb.find_page(docs, path)
    if rel is None:
        return None
    page = kb.read(docs / rel)
    out: dict[str, tuple[str, str]] = {}
    for where, anchor, section, _ in kb.impl_sections(page):
        m = re.match(r"impl-(%s)-for-" % "|".join(TRAITS), anchor)
        h3 = kb.H3_RE.search(section)
        if not m or not h3 or where not in ("explicit", "synthesized"):
            continue
        text = kb.tidy(kb.code_text(h3.group(1), lambda kind, title, t: t)[0])
        if m.group(1) not in out or where == "explicit":
            out[m.group(1)] = (where, text)
    return out


def predicates(generics: str, where: str) -> list[tuple[str, str]]:
    """(lhs, bound) pairs of `<T: A + B, U>` and `where X: C + ?Sized`, lifetimes dropped."""
    preds = []
    inner = generics[1:-1] if generics else ""
    for part in split_top(inner) + split_top(where[len("where "):] if where else ""):
        if part.startswith(("'", "const ")) or ":" not in part.replace("::", ""):
            continue
        depth, cut = 0, -1
        for i, c in enumerate(part):
            depth += c == "<"
            depth -= c == ">"
            if c == ":" and depth == 0 and part[i:i + 2] != "::" and part[i - 1] != ":":
                cut = i
                break
        lhs, bounds = part[:cut].strip(), part[cut + 1:]
        for b in bounds.split("+"):
            b = b.strip()
            if b and not b.startswith(("?", "'")):
                preds.append((lhs, b.rsplit("::", 1)[-1]))
    return preds


def self_args(self_ty: str) -> list[str]:
    i = self_ty.find("<")
    return split_top(self_ty[i + 1:i + 1 + angle_end(self_ty[i + 1:])]) if i >= 0 else []


def doc_answer(header: str, ours: list[str]) -> tuple[str, list[str], list[str]]:
    """(answer, auto-trait atoms over our parameters, other atoms) of one impl header."""
    parts = kb.split_header(header)
    if parts is None:
        raise ValueError(f"cannot parse impl header {header!r}")
    gen, neg, _trait, self_ty, where, _ = parts
    if neg:
        return "no", [], []
    names = [d for d in self_args(self_ty) if not d.startswith("'")]
    rename = dict(zip(names, ours))
    extra = names[len(ours):]
    atoms, other = [], []
    for lhs, bound in predicates(gen, where):
        words = set(re.findall(r"(?<!::)(?<!as )\b[A-Z]\w*\b", lhs))
        new = re.sub(r"(?<!::)(?<!as )\b[A-Z]\w*\b", lambda m: rename.get(m.group(0), m.group(0)), lhs)
        atom = f"{new}: {bound}"
        if bound in TRAITS and words and words <= set(rename):
            atoms.append(atom)
        else:
            other.append(atom + (" (defaulted parameter)" if words & set(extra) else ""))
    def key(a: str) -> tuple[int, bool, int]:
        first = re.search(r"\b[A-Z]\w*\b", a)
        name = first.group(0) if first else ""
        return (ours.index(name) if name in ours else len(ours), a.startswith("<"),
                TRAITS.index(a.rsplit(": ", 1)[1]))
    atoms = sorted(dict.fromkeys(atoms), key=key)
    return ("if" if atoms else "yes"), atoms, other


def type_path(text: str) -> tuple[str, list[str]] | None:
    """(`std::sync::Arc`, [args]) for a std path type applied to parameters only."""
    m = re.fullmatch(r"((?:std::)?[\w:]+)<(.*)>", text)
    if not m:
        return None
    path = m.group(1)
    if "::" not in path:
        path = {"Box": "std::boxed::Box", "Vec": "std::vec::Vec", "Option": "std::option::Option",
                "Result": "std::result::Result"}.get(path, path)
    args = split_top(m.group(2))
    if not all(a.startswith("'") or re.fullmatch(r"[A-Z]", a) for a in args):
        return None
    return path, [a for a in args if not a.startswith("'")]


def render_diff(rows: list[Row]) -> str:
    docs = kb.default_docs()
    lines = ["# Probed conditions vs std's docs", "",
             "Generated by scripts/gen_conditions_corpus.py; do not edit. For each std type of",
             "tests/data/conditions/expected.tsv applied to its parameters only: rustdoc's impl",
             "(the explicit one, else the synthesized one of \"Auto Trait Implementations\"),",
             "its auto-trait atoms over the goal's parameters, and the probe (rustc). Atoms on",
             "defaulted parameters (`A: Allocator + Send`, `S: Send`) and non-auto bounds are",
             "listed under \"not compared\". rustc is right wherever the two differ.", ""]
    if docs is None or not docs.is_dir():
        return "\n".join(lines + ["(std's local docs not found: nothing compared)"]) + "\n"
    lines += [f"Docs: {kb.docs_version(docs)}.", ""]
    diffs, table, compared = [], [], 0
    for src, ty, trait, answer, conds, _note in rows:
        tp = type_path(ty) if src == "std" else None
        impls = docs_impls(docs, tp[0]) if tp else None
        if not impls or trait not in impls:
            continue
        section, header = impls[trait]
        d_ans, d_atoms, other = doc_answer(header, tp[1])
        ours = conds.split(", ") if conds else []
        compared += 1
        same = (d_ans, d_atoms) == (answer, ours)
        table.append(f"| `{ty}` | {trait} | {d_ans} {', '.join(d_atoms)} | {answer} {conds} | "
                     f"{'same' if same else '**differs**'} | {section}: `{header}`"
                     + (f"; not compared: {', '.join(other)}" if other else "") + " |")
        if not same:
            diffs.append(f"- `{trait}({ty})`: rustdoc says {d_ans} `{', '.join(d_atoms)}` "
                         f"(`{header}`), rustc says {answer} `{conds}`: rustc is right")
    lines += [f"{compared} (type, trait) pairs compared, {len(diffs)} differ.", "", "## Differences", ""]
    lines += diffs or ["None."]
    lines += ["", "## All compared pairs", "",
              "| type | trait | rustdoc | probe (rustc) | verdict | docs impl |", "|---|---|---|---|---|---|"]
    return "\n".join(lines + table) + "\n"
