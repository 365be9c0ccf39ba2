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
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .answer import Answer, Conjunction, GoalError, TypeRow
from .core.cache import cached
from .core.collector import few_collections, paused
from .core.errors import ParseError, Snippet, TraitlogicError
from .core.goal import Assumptions, Goal
from .core.lifetimes import Lifetimes, written
from .core.model import TraitDecl, TypeDecl
from .core.resources import std_kb_files
from .kb.declarations import Declarations
from .lower import Lowering
from .query import answer_batch
from .query.read import Query, ReadMemo, read_query
from .syntax.goals import goal_traits, split_goal, split_type
from .syntax.scope import resolve_name

__all__ = ["Answer", "Conjunction", "GoalError", "KnowledgeBase", "TypeRow"]


def _std_declarations() -> Declarations:
    """The std KB: from the per-user cache, built from `kb/` on a miss. Your own files are
    built on top of a copy of it, so the cache holds std once, whatever else you load."""
    files = std_kb_files()

    def build() -> Declarations:
        from .kb.load import load  # YAML and the item readers: only on a cache miss
        return load(files)

    return cached("kb", files, build)


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
        self._sized = sized[0].path
        self._lowering = Lowering(decls, self._sized)  # for goals without parameters
        self._read = ReadMemo()  # what goals read in these declarations (and their scopes)
        self._goal_names: Any = None  # the imported modules' scope for goals (`_names`), made once

    @classmethod
    @few_collections()
    def load(cls, extra: str | Path | Iterable[str | Path] = (), std: bool = True,
             rust: str | Path | Iterable[str | Path] = (), crate: str | Path | None = None,
             features: Iterable[str] = (), default_features: bool = True, all_features: bool = False,
             package: str | None = None, engine: str = "seminaive",
             progress: Callable[[str], None] | None = None) -> KnowledgeBase:
        """The std KB (unless `std=False`), the YAML files in `extra`, and the Rust files in
        `rust` (a directory means every `.rs` file below it, as one crate), each one path or an
        iterable of them; `crate` reads a cargo crate or workspace (its dependencies too) with
        cargo's feature flags; `engine` is `seminaive` (default) or `pydatalog`; `progress`
        hears of big files and builds as they are read (the CLI prints it on stderr)."""
        files = [Path(p) for p in _paths(extra, "extra")]
        sources: list[tuple[Path, Path | None]] = []
        for p in _paths(rust, "rust"):
            from .kb.rust_source import rust_files  # only when there is Rust to read

            root = Path(p) if Path(p).is_dir() else None
            sources.extend((f, root) for f in rust_files(p))
        base = _std_declarations() if std and crate is None else None  # a crate's cache holds std
        if crate is not None:
            from .kb.crate.load import load_crate  # only for --crate

            base = load_crate(crate, list(features), default_features, all_features, package,
                              _std_declarations if std else None)
        if base is not None and not files and not sources:
            return cls(base, engine)
        from .kb.load import load  # YAML and the item readers
        return cls(load(files, sources, base, progress), engine)

    def add_rust(self, text: str, origin: str = "<rust>") -> None:
        """Add the items of a piece of Rust source; goals are then read in its scope too."""
        from .kb.load import build  # the item readers and Rust import: only when Rust is added
        from .kb.rust_source import read_rust

        if not isinstance(text, str):
            raise TypeError(f"add_rust() takes Rust source as a str, not {type(text).__name__}")
        entries, scope = read_rust(text, origin)
        with self._lock:  # read, build on top and swap in as one step: concurrent adds keep all
            decls = build(entries, base=self.decls)
            decls.goal_scopes.append(scope)
            self._set(decls)

    def scratch(self, decls: Declarations) -> KnowledgeBase:
        """A knowledge base over other declarations (`Declarations.with_types`: a fix asked
        again with your types re-declared), with this one's engine; this one is left as it is."""
        return KnowledgeBase(decls, self.engine)

    def add_to_file(self, file: str | Path, rust_text: str, path: str | None = None) -> tuple[int, str]:
        """Append a Rust item (struct, enum, union, trait, alias or trait impl) to a KB YAML file
        that this KB does not hold, after checking that the file as it would become loads on top
        of this KB; returns (line, section). The file keeps its comments and order; an item that
        does not load leaves it byte-for-byte untouched."""
        from .kb import edit  # `traitlogic add` only: the ask path never pays for it
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
            if self._goal_names is None or self._goal_names.decls is not self.decls:
                from .kb.scope import ScopedNames  # only when Rust modules were imported

                # one object for every goal: each name looked up once, read subtrees shared
                self._goal_names = ScopedNames(self.decls, self.decls.goal_scopes, memo=True)
            return self._goal_names
        return self.decls

    # -- goals ------------------------------------------------------------------------------
    def parse_goal(self, text: str) -> Goal:
        """`Send(T)` or `T: Send` -> a goal; raises ParseError pointing at the problem."""
        return self.read_query(text).goal

    def read_query(self, text: str) -> Query:
        """A goal with what it assumes: `Send(Arc<T>) where T: Sync`, `for<C> Send(Pool<C>)`."""
        queries = self.read_queries(text)
        if len(queries) > 1:
            raise ParseError("expected one trait (`ask` takes `T: Send + Sync`)", Snippet(text), 0, len(text))
        return queries[0]

    def read_queries(self, text: str) -> list[Query]:
        """One query per trait of the goal: `Arc<T>: Send + Sync` asks two."""
        if not isinstance(text, str):
            raise TypeError(f"a goal must be a str, not {type(text).__name__}")
        parts = split_goal(text)
        snippet = Snippet(text)
        names = self._names()
        traits = []
        for name, start in goal_traits(parts, snippet):  # an empty trait is an error when reached
            traits.append(self._read.traits.get(name) or self._auto_trait(name, snippet, start, names))
        query = self._read.type_of(snippet, parts, names, self.decls).query(traits[0])
        return [query if i == 0 else Query(Goal(t, query.goal.ty), query.assumptions, query.written, query.lifetimes,
                                           query.normalized)
                for i, t in enumerate(dict.fromkeys(traits))]

    def _auto_trait(self, name: str, snippet: Snippet, start: int, names: Any) -> str:
        """The auto trait `name` names (the trait of a goal: the KB's other traits are not
        answered); remembered by name once found."""
        segments = [s.strip() for s in name.split("::") if s.strip()]
        end = start + len(name)
        found = names.lookup_trait(segments) if segments else []
        trait = found[0] if len(found) == 1 else resolve_name(
            "trait", name, found, lambda: [s for s in (names.similar_traits(segments) if segments else [])
                                           if all(t.is_auto for t in names.lookup_trait(s.split("::")))],
            snippet, start, end)
        if not trait.is_auto:
            autos = ", ".join(f"`{t.name}`" for t in self.auto_traits())
            raise ParseError(f"`{trait.name}` is not an auto trait; traitlogic answers {autos}", snippet, start, end)
        path: str = trait.path
        self._read.found_trait(name, path)
        return path

    def auto_traits(self) -> list[TraitDecl]:
        return [t for t in self.decls.trait_by_path.values() if t.is_auto]

    def show_goal(self, goal: Goal, lifetimes: Lifetimes | None = None) -> str:
        return self.decls.show_goal(goal, lifetimes)

    def show(self, type_text: str) -> TypeRow:
        """The type's row for every auto trait at once, like std's "Auto Trait Implementations";
        a generic type (`Pool<T>`, `Arc<T> where T: Sync`) gets its conditions per trait."""
        if not isinstance(type_text, str):
            raise TypeError(f"a type must be a str, not {type(type_text).__name__}")
        traits = self.auto_traits()
        query = read_query(Snippet(type_text, "type"), split_type(type_text), traits[0].path, self._names(), self.decls)
        ty = query.goal.ty
        answers = self.answer_queries([f"{t.name}({type_text})" for t in traits],
                               [Query(Goal(t.path, ty), query.assumptions, query.written, query.lifetimes,
                                      normalized=query.normalized) for t in traits])
        for t, a in zip(traits, answers):
            if isinstance(a, GoalError):
                a.trait = self.decls.trait_display(t)
        return TypeRow(self.decls.show(ty, query.lifetimes), answers)

    def user_types(self) -> list[TypeDecl]:
        """The types of your own code: a crate's public ones (reachable from its root), else
        every type your YAML and Rust files declare."""
        for scope in self.decls.goal_scopes:
            public = getattr(scope, "public_paths", None)  # a crate's goal scope knows its public items
            if public is not None:
                return [self.decls.type_by_path[p] for p in public() if p in self.decls.type_by_path]
        return [d for d in self.decls.type_by_path.values() if not d.from_std]

    def report(self) -> list[TypeRow]:
        """`show` for every type of your own code, generic over its own parameters (`Pool<T>`)."""
        traits = self.auto_traits()
        texts: list[str] = []
        queries: list[Query | GoalError] = []
        shown: list[str] = []
        for decl in self.user_types():
            ty = decl.template()
            assumptions = Assumptions(tuple(p.name for p in decl.params if not p.is_const) or (),
                                      frozenset(p.name for p in decl.params if not p.sized and not p.is_const))
            declared = written(decl.lifetimes, (None,) * len(decl.params))  # `Holder<'a, T>`
            lifetimes = Lifetimes(ty, declared) if declared is not None else None
            shown.append(self.decls.show(ty, lifetimes))
            for t in traits:
                texts.append(f"{t.name}({shown[-1]})")
                queries.append(Query(Goal(t.path, ty), assumptions, lifetimes=lifetimes))
        answers = self.answer_queries(texts, queries)
        for i, a in enumerate(answers):
            if isinstance(a, GoalError):
                a.trait = self.decls.trait_display(traits[i % len(traits)])
        n = len(traits)
        return [TypeRow(s, answers[i * n:(i + 1) * n]) for i, s in enumerate(shown)]

    # -- answering --------------------------------------------------------------------------
    def ask(self, goal: str) -> Answer | Conjunction:
        """Answer one goal (a `Conjunction` for `T: Send + Sync`); raises a TraitlogicError for
        input that cannot be read."""
        result = self.ask_many([goal])[0]
        if isinstance(result, GoalError):
            raise result.error
        return result

    @paused()  # a batch makes no cyclic garbage: its young collections only walked what it made
    def ask_many(self, goals: Iterable[str]) -> list[Answer | Conjunction | GoalError]:
        """Answer many goals (any iterable of str) in one solve (shared subgoals are solved once)."""
        if isinstance(goals, (str, bytes)):
            raise TypeError("ask_many() takes an iterable of goals, not one goal as a str; use ask()")
        goals = list(goals)
        for text in goals:
            if not isinstance(text, str):
                raise TypeError(f"a goal must be a str, not {type(text).__name__}")
        texts: list[str] = []
        parsed: list[Query | GoalError] = []
        # per goal: the number of traits of each of its readings, and the ambiguity that made them
        shapes: list[tuple[list[int], ParseError | None]] = []
        for text in goals:
            shape = []
            readings, ambiguity = self._readings(text)
            for queries in readings:
                texts.extend([text] * len(queries))
                parsed.extend(queries)
                shape.append(len(queries))
            shapes.append((shape, ambiguity))
        answers = iter(self.answer_queries(texts, parsed))
        out: list[Answer | Conjunction | GoalError] = []
        for text, (shape, ambiguity) in zip(goals, shapes):
            results = [_combine(text, [next(answers) for _ in range(n)]) for n in shape]
            out.append(results[0] if ambiguity is None else _one_reading(text, results, ambiguity))
        return out

    def _readings(self, text: str, depth: int = 0) -> tuple[list[list[Query | GoalError]], ParseError | None]:
        """The goal's queries, or, when a short name of std's in it is ambiguous (`Write`:
        `std::io::Write`, `std::fmt::Write`), the queries of each reading (at most two such
        names), with the error the first ambiguity would have been."""
        try:
            return [list(self.read_queries(text))], None
        except ParseError as exc:
            if not exc.readings or depth >= 2:
                return [[GoalError(text, exc)]], None
            out: list[list[Query | GoalError]] = []
            for path in exc.readings:
                out.extend(self._readings(text[:exc.start] + path + text[exc.end:], depth + 1)[0])
            return out, exc
        except TraitlogicError as exc:
            return [[GoalError(text, exc)]], None

    def answer_queries(self, goals: list[str], parsed: list[Query | GoalError]) -> list[Answer | GoalError]:
        """The pipeline's entry: read goals (`Query`) answered in one batch, per their assumptions."""
        with self._lock:
            queries = [q for q in parsed if isinstance(q, Query)]
            outcomes = iter(answer_batch(queries, self.decls, self._sized, self.engine))
            out: list[Answer | GoalError] = []
            for text, query in zip(goals, parsed):
                if isinstance(query, GoalError):
                    out.append(query)
                    continue
                outcome = next(outcomes)
                if isinstance(outcome, TraitlogicError):
                    out.append(GoalError(text, outcome))
                    continue
                goal = query.goal
                trait = self.decls.trait_display(self.decls.trait_by_path[goal.trait])
                shown = self.decls.show(goal.ty, query.lifetimes)
                out.append(Answer(text, trait, shown, outcome.holds, self, outcome.prover, goal, outcome.answer,
                                  [self.show_goal(c) for c in outcome.conditions], outcome.notes,
                                  outcome.assumptions, _lifetimes=query.lifetimes, _normalized=query.normalized))
            return out


def _paths(value: str | Path | Iterable[str | Path], name: str) -> list[str | Path]:
    """One path or an iterable of them, as a list."""
    if isinstance(value, (str, Path)):
        return [value]
    if isinstance(value, bytes):
        raise TypeError(f"`{name}` takes a path or a list of paths, not bytes")
    return list(value)


def _combine(text: str, group: list[Answer | GoalError]) -> Answer | Conjunction | GoalError:
    """One reading's answers: one, a conjunction of several traits, or the error of one."""
    answered = [a for a in group if isinstance(a, Answer)]
    if len(group) == 1:
        return group[0]
    if len(answered) < len(group):  # one trait's error is the goal's
        return next(a for a in group if isinstance(a, GoalError))
    return Conjunction(text, answered[0].type, answered)


def _one_reading(text: str, results: list[Answer | Conjunction | GoalError],
                 ambiguity: ParseError) -> Answer | Conjunction | GoalError:
    """An ambiguous goal: its answer when every reading gives the same one (with a note naming
    the readings), else the ambiguity's error, with each reading's answer."""
    shown = [r.type if not isinstance(r, GoalError) else "?" for r in results]
    said = [("error", ()) if isinstance(r, GoalError) else (r.answer, tuple(r.conditions)) for r in results]
    if len(set(said)) == 1 and not isinstance(results[0], GoalError):
        first = results[0]
        note = "the goal is ambiguous; every reading gives this answer: " + ", ".join(f"`{s}`" for s in shown)
        for a in (first.answers if isinstance(first, Conjunction) else [first]):
            a.notes = [*a.notes, note]
        return first
    listed = ", ".join(f"`{s}`: {w}" for s, (w, _) in zip(shown, said))
    return GoalError(text, ParseError(f"{ambiguity.message} (the readings answer differently: {listed})",
                                      ambiguity.snippet, ambiguity.start, ambiguity.end))
