"""The library face: `KnowledgeBase.load()`, `kb.ask("Send(Arc<Mutex<i32>>)")` -> `Answer`.

    from traitlogic import KnowledgeBase
    kb = KnowledgeBase.load(extra=["my_types.yaml"])
    answer = kb.ask("Send(Arc<Mutex<i32>>)")
    answer.holds, answer.proof, answer.to_dict(), answer.to_json()

Presentation (text, JSON, DOT, the one-line reason) lives in `render`; this module runs the
pipeline: read goals, lower, solve, prove.
"""
from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import render
from .core.cache import cached
from .core.errors import ParseError, Snippet, TraitlogicError
from .core.goal import Goal
from .core.model import TraitDecl
from .core.resources import std_kb_files
from .kb.declarations import Declarations
from .lower import Lowering, Program
from .proof import ProofNode, Prover, walk
from .solve import solve
from .syntax.goals import read_type, split_goal


@dataclass(repr=False)
class Answer:
    """The answer to one goal: holds (True / False / None for overflow) and its proof tree."""

    goal: str  # the goal as the user wrote it
    trait: str  # the trait as displayed (`Send`)
    type: str  # the type as displayed (`Arc<Mutex<i32>>`)
    holds: bool | None
    _kb: KnowledgeBase
    _prover: Prover
    _goal: Goal
    _proof: ProofNode | None = None

    def __repr__(self) -> str:
        return f"Answer(goal={self.goal!r}, holds={self.holds!r})"

    @property
    def proof(self) -> ProofNode:
        """The proof tree, built on first use (a batch without proofs never builds them); each
        node's `shown` is its goal as displayed (`Rc<i32>: Send`)."""
        if self._proof is None:
            proof = self._prover.prove(self._goal)
            for node in walk(proof):
                node.shown = self._kb.show_goal(node.goal)
            self._proof = proof
        return self._proof

    @property
    def answer(self) -> str:
        return render.answer_word(self.holds)

    def to_dict(self, proofs: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"goal": self.goal, "trait": self.trait, "type": self.type,
                               "holds": self.holds, "answer": self.answer}
        if proofs:
            out["proof"] = render.proof_json(self.proof, self._kb.show_goal)
        return out

    def to_json(self, proofs: bool = True) -> str:
        """The answer as a JSON string (`to_dict()` gives the dict)."""
        return render.dumps(self.to_dict(proofs))

    def reason(self) -> str:
        """One line: why not (the cause at the end of the chain), or "" when the goal holds."""
        return "" if self.holds else render.reason(self.holds, self.proof, self._kb.show_goal)

    def text_lines(self, max_depth: int | None = None, brief: bool = False) -> list[tuple[str, str]]:
        return render.text_report(f"{self.type}: {self.trait}", self.holds, self.proof, self._kb.show_goal,
                                  max_depth=max_depth, brief=brief)

    def text(self) -> str:
        return "\n".join(line for line, _ in self.text_lines())

    def dot(self) -> str:
        return render.proof_dot(self.proof, self._kb.show_goal)


@dataclass
class GoalError:
    """A goal of a batch that could not be read: the batch goes on without it."""

    goal: str
    error: TraitlogicError
    trait: str = ""  # the trait it asked about, when known (`traitlogic show`)

    def to_dict(self, proofs: bool = True) -> dict[str, Any]:
        return {"goal": self.goal, "error": self.error.render().removeprefix("error: ")}

    def to_json(self, proofs: bool = True) -> str:
        return render.dumps(self.to_dict(proofs))


def _std_declarations() -> Declarations:
    """The std KB: from the per-user cache, built from `kb/` on a miss. Your own files are
    built on top of a copy of it, so the cache holds std once, whatever else you load."""
    files = std_kb_files()

    def build() -> Declarations:
        from .kb.load import load  # YAML and the item readers: only on a cache miss

        return load(files)

    return cached("kb", files, build)


@dataclass
class TypeRow:
    """`traitlogic show`: one type's answer for each auto trait, with a one-line reason per "no"."""

    type: str
    answers: list[Answer | GoalError]

    @property
    def holds(self) -> bool | None:
        """False if any trait fails, None if none fails but one overflows, else True."""
        values = [a.holds for a in self.answers if isinstance(a, Answer)]
        return False if False in values else (None if None in values else True)

    def to_dict(self) -> dict[str, Any]:
        rows: list[dict[str, Any]] = []
        for a in self.answers:
            if isinstance(a, GoalError):
                rows.append({"trait": a.trait, "error": a.to_dict()["error"]})
            else:
                rows.append({"trait": a.trait, "holds": a.holds, "answer": a.answer, "reason": a.reason()})
        return {"type": self.type, "traits": rows}

    def to_json(self) -> str:
        return render.dumps(self.to_dict())

    def text_lines(self) -> list[tuple[str, str]]:
        return render.row_lines(self.type, self.to_dict()["traits"])


class KnowledgeBase:
    """Declarations of traits, types and impls, and the engine that answers goals over them."""

    def __init__(self, decls: Declarations, engine: str = "seminaive"):
        self.engine = engine  # `seminaive` (default) or `pydatalog`: see `traitlogic.solve`
        self._lock = threading.RLock()  # add_rust and answering never interleave
        self._set(decls)

    def _set(self, decls: Declarations) -> None:
        self.decls = decls
        sized = decls.traits.candidates(["Sized"])
        if len(sized) != 1:
            raise TraitlogicError("the knowledge base must declare the trait `Sized` exactly once")
        self._lowering = Lowering(decls, sized[0].path)

    @classmethod
    def load(cls, extra: str | Path | Iterable[str | Path] = (), std: bool = True,
             rust: str | Path | Iterable[str | Path] = (), crate: str | Path | None = None,
             features: Iterable[str] = (), default_features: bool = True, all_features: bool = False,
             package: str | None = None, engine: str = "seminaive") -> KnowledgeBase:
        """The std KB (unless `std=False`), the YAML files in `extra`, and the Rust files in
        `rust` (a directory means every `.rs` file below it, as one crate), each one path or an
        iterable of them; `crate` reads a cargo crate or workspace (its dependencies too) with
        cargo's feature flags; `engine` is `seminaive` (default) or `pydatalog`."""
        files = [Path(p) for p in _paths(extra, "extra")]
        sources: list[tuple[Path, Path | None]] = []
        for p in _paths(rust, "rust"):
            from .kb.rust_source import rust_files  # only when there is Rust to read

            root = Path(p) if Path(p).is_dir() else None
            sources.extend((f, root) for f in rust_files(p))
        base = _std_declarations() if std else None
        if crate is not None:
            from .kb.crate.load import load_crate  # only for --crate

            base = load_crate(crate, list(features), default_features, all_features, package,
                              _std_declarations if std else None)
        if base is not None and not files and not sources:
            return cls(base, engine)
        from .kb.load import load  # YAML and the item readers

        return cls(load(files, sources, base), engine)

    def add_rust(self, text: str, origin: str = "<rust>") -> None:
        """Add the items of a piece of Rust source; goals are then read in its scope too."""
        from .kb.load import build
        from .kb.rust_source import read_rust

        if not isinstance(text, str):
            raise TypeError(f"add_rust() takes Rust source as a str, not {type(text).__name__}")
        entries, scope = read_rust(text, origin)
        with self._lock:  # read, build on top and swap in as one step: concurrent adds keep all
            decls = build(entries, base=self.decls)
            decls.goal_scopes.append(scope)
            self._set(decls)

    def add_to_file(self, file: str | Path, rust_text: str, path: str | None = None) -> tuple[int, str]:
        """Append a Rust item (struct, enum, union, trait, alias or trait impl) to a KB YAML file
        that this KB does not hold, after checking that the file as it would become loads on top
        of this KB; returns (line, section). The file keeps its comments and order; an item that
        does not load leaves it byte-for-byte untouched."""
        from .kb import edit
        from .kb.load import build, read_text

        def validate(new_text: str) -> None:
            build(read_text(new_text, str(file)), base=self.decls)

        return edit.add(file, rust_text, path, validate)

    @property
    def warnings(self) -> list[str]:
        """What loading skipped (impls of traits the KB does not know), with file:line."""
        return list(self.decls.warnings)

    def _names(self) -> Any:
        """Where goal names resolve: the imported Rust modules' scopes first, then the KB."""
        if self.decls.goal_scopes:
            from .kb.scope import ScopedNames

            return ScopedNames(self.decls, self.decls.goal_scopes)
        return self.decls

    # -- goals ------------------------------------------------------------------------------
    def parse_goal(self, text: str) -> Goal:
        """`Send(T)` or `T: Send` -> a goal; raises ParseError pointing at the problem."""
        if not isinstance(text, str):
            raise TypeError(f"a goal must be a str, not {type(text).__name__}")
        parts = split_goal(text)
        snippet = Snippet(text)
        names = self._names()
        trait_segments = [s.strip() for s in parts.trait.split("::") if s.strip()]
        found = names.lookup_trait(trait_segments) if trait_segments else []
        end = parts.trait_start + len(parts.trait)
        if not found:
            raise ParseError(f"unknown trait `{parts.trait}`", snippet, parts.trait_start, end)
        if len(found) > 1:
            options = ", ".join(f"`{t.path}`" for t in found)
            raise ParseError(f"`{parts.trait}` is ambiguous: it could be {options}", snippet, parts.trait_start, end)
        trait = found[0]
        if not trait.is_auto:
            autos = ", ".join(f"`{t.name}`" for t in self.auto_traits())
            raise ParseError(f"`{trait.name}` is not an auto trait; traitlogic answers {autos}",
                             snippet, parts.trait_start, end)
        try:
            ty = read_type(parts.type_text, names)
        except ParseError as exc:
            raise ParseError(exc.message, snippet, exc.start + parts.type_start, exc.end + parts.type_start) from None
        return Goal(trait.path, ty)

    def auto_traits(self) -> list[TraitDecl]:
        return [t for t in self.decls.trait_by_path.values() if t.is_auto]

    def show_goal(self, goal: Goal) -> str:
        trait = self.decls.trait_display(self.decls.trait_by_path[goal.trait])
        return f"{self.decls.show(goal.ty)}: {trait}"

    def show(self, type_text: str) -> TypeRow:
        """The type's row for every auto trait at once, like std's "Auto Trait Implementations"."""
        if not isinstance(type_text, str):
            raise TypeError(f"a type must be a str, not {type(type_text).__name__}")
        try:
            ty = read_type(type_text, self._names())
        except ParseError as exc:
            raise ParseError(exc.message, Snippet(type_text, "type"), exc.start, exc.end) from None
        traits = self.auto_traits()
        answers = self._answer([f"{t.name}({type_text})" for t in traits], [Goal(t.path, ty) for t in traits])
        for t, a in zip(traits, answers):
            if isinstance(a, GoalError):
                a.trait = self.decls.trait_display(t)
        return TypeRow(self.decls.show(ty), answers)

    # -- answering --------------------------------------------------------------------------
    def ask(self, goal: str) -> Answer:
        """Answer one goal; raises a TraitlogicError for input that cannot be read."""
        result = self.ask_many([goal])[0]
        if isinstance(result, GoalError):
            raise result.error
        return result

    def ask_many(self, goals: Iterable[str]) -> list[Answer | GoalError]:
        """Answer many goals (any iterable of str) in one solve (shared subgoals are solved once)."""
        if isinstance(goals, (str, bytes)):
            raise TypeError("ask_many() takes an iterable of goals, not one goal as a str; use ask()")
        goals = list(goals)
        for text in goals:
            if not isinstance(text, str):
                raise TypeError(f"a goal must be a str, not {type(text).__name__}")
        parsed: list[Goal | GoalError] = []
        for text in goals:
            try:
                parsed.append(self.parse_goal(text))
            except TraitlogicError as exc:
                parsed.append(GoalError(text, exc))
        return self._answer(goals, parsed)

    def _answer(self, goals: list[str], parsed: list[Goal | GoalError]) -> list[Answer | GoalError]:
        with self._lock:
            return self._answer_locked(goals, parsed)

    def _answer_locked(self, goals: list[str], parsed: list[Goal | GoalError]) -> list[Answer | GoalError]:
        roots = [g for g in parsed if isinstance(g, Goal)]
        program = self._lowering.expand(roots, Program())
        solution = solve(program, self.engine)
        prover = Prover(program, solution)
        out: list[Answer | GoalError] = []
        for text, goal in zip(goals, parsed):
            if isinstance(goal, GoalError):
                out.append(goal)
                continue
            cause = prover.undecidable_cause(goal)
            if cause is not None:
                out.append(GoalError(text, TraitlogicError(f"cannot decide `{self.show_goal(goal)}`: "
                                                           f"{cause.detail}")))
                continue
            trait = self.decls.trait_display(self.decls.trait_by_path[goal.trait])
            out.append(Answer(text, trait, self.decls.show(goal.ty), solution.answer(goal), self, prover, goal))
        return out


def _paths(value: str | Path | Iterable[str | Path], name: str) -> list[str | Path]:
    """One path or an iterable of them, as a list."""
    if isinstance(value, (str, Path)):
        return [value]
    if isinstance(value, bytes):
        raise TypeError(f"`{name}` takes a path or a list of paths, not bytes")
    return list(value)
