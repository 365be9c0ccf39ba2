"""What a question gets back: an `Answer` (with its proof, conditions and fixes), a
`GoalError` for a goal that could not be read or decided, a `TypeRow` for `show` / `report`.

Answers build their proofs and fixes only when asked; a fix is checked by asking the knowledge
base again (`Answering`), which is how `KnowledgeBase` (api.py) is seen from here.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from . import render
from .core.errors import TraitlogicError
from .core.goal import NO_ASSUMPTIONS, Assumptions, Goal
from .core.lifetimes import Lifetimes
from .core.record import Record
from .kb.declarations import Declarations
from .lower import Normal, Program
from .proof import ProofNode, Prover, first_children, walk
from .query.read import Query

if TYPE_CHECKING:
    from .suggest import Advice


class Answering(Protocol):
    """The knowledge base an answer came from, as answers use it."""

    decls: Declarations

    def show_goal(self, goal: Goal, lifetimes: Lifetimes | None = None) -> str: ...

    def answer_queries(self, goals: list[str], parsed: list[Query | GoalError]) -> list[Answer | GoalError]: ...

    def scratch(self, decls: Declarations) -> Answering: ...


class Answer(Record):
    """The answer to one goal: holds (True / False / None for overflow) and its proof tree."""

    __slots__ = ("_assumptions", "_goal", "_kb", "_lifetimes", "_normalized", "_proof", "_prover", "answer", "conditions",
                 "goal", "holds", "notes", "trait", "type")

    def __init__(self, goal: str, trait: str, type: str, holds: bool | None, _kb: Answering, _prover: Prover,
                 _goal: Goal, answer: str = "yes", conditions: list[str] | None = None,
                 notes: list[str] | None = None, _assumptions: Assumptions = NO_ASSUMPTIONS,
                 _proof: ProofNode | None = None, _lifetimes: Lifetimes | None = None, _normalized: Normal = ()):
        self.goal = goal  # the goal as the user wrote it
        self.trait = trait  # the trait as displayed (`Send`)
        self.type = type  # the type as displayed (`Arc<Mutex<i32>>`)
        self.holds = holds  # None: overflow, or "if" (see `answer` and `conditions`)
        self._kb = _kb
        self._prover = _prover
        self._goal = _goal
        self.answer = answer  # yes | no | if | overflow
        self.conditions = [] if conditions is None else conditions  # "if": `T: Send`, one atom each
        self.notes = [] if notes is None else notes  # what the answer could not check
        self._assumptions = _assumptions  # a generic goal's parameters and `where` clause
        self._proof = _proof
        self._lifetimes = _lifetimes  # those the goal's type was written with (display only)
        self._normalized = _normalized  # the projections the goal's type was normalized from

    def __repr__(self) -> str:
        extra = f", conditions={self.conditions!r}" if self.conditions else ""
        return f"Answer(goal={self.goal!r}, holds={self.holds!r}{extra})"

    @property
    def program(self) -> Program:
        """The lowered program the answer was read from (its batch's, shared by its goals)."""
        return self._prover.program

    @property
    def proof(self) -> ProofNode:
        """The proof tree, built on first use (a batch without proofs never builds them); each
        node's `shown` is its goal as displayed (`Rc<i32>: Send`)."""
        if self._proof is None:
            proof = self._prover.prove(self._goal, self._normalized)
            for node in walk(proof):  # first every field's lifetimes, so each type shows one way
                self._lifetimes = _with_fields(node, self._goal, self._lifetimes, self._kb.decls)
            for node in walk(proof, normalizations=True):
                node.shown = self._show(node.goal)
            self._proof = proof
        return self._proof

    def to_dict(self, proofs: bool = True, suggest: bool = False) -> dict[str, Any]:
        """The answer as JSON data; `suggest` adds a "no"'s verified `suggestions` and `remedy`."""
        out: dict[str, Any] = {"goal": self.goal, "trait": self.trait, "type": self.type,
                               "holds": self.holds, "answer": self.answer, "conditions": self.conditions}
        if self.notes:
            out["notes"] = self.notes
        if suggest and self.answer == "no":
            advice = self.advice()
            assert advice is not None
            out["suggestions"] = [x.to_dict() for x in advice.suggestions]
            out["remedy"] = advice.remedy
        if proofs:
            out["proof"] = render.proof_json(self.proof, self._show)
        return out

    def to_json(self, proofs: bool = True, suggest: bool = False) -> str:
        """The answer as a JSON string (`to_dict()` gives the dict)."""
        return render.dumps(self.to_dict(proofs, suggest))

    def advice(self) -> Advice | None:
        """For a "no": up to three type changes that make the goal hold, each verified by asking
        again, or the usual remedy when none helps (None for other answers)."""
        if self.answer != "no":
            return None
        from .suggest import advise  # only for a "no" whose fixes are asked for (start-up time)

        def ask(goals: list[Goal], decls: Declarations | None = None) -> list[Answer | _Unanswered]:
            kb = self._kb if decls is None else self._kb.scratch(decls)
            texts = [kb.show_goal(g) for g in goals]
            found = kb.answer_queries(texts, [Query(g, self._assumptions) for g in goals])
            return [a if isinstance(a, Answer) else _Unanswered() for a in found]

        return advise(self.chain(), self._prover.program, self._prover.solution, self._kb.decls, ask,
                      self._lifetimes, ask)

    def chain(self) -> list[ProofNode]:
        """A "no"'s failure chain, from the goal down to the cause (the proof's first children)."""
        return first_children(self.proof)

    def reason(self) -> str:
        """One line: why not (the cause at the end of the chain), the conditions of an "if",
        or "" when the goal holds."""
        if self.holds:
            return ""
        return render.reason(self.holds, self.proof, self._show, self.conditions)

    def text_lines(self, max_depth: int | None = None, brief: bool = False,
                   suggest: bool = False) -> list[tuple[str, str]]:
        lines = render.text_report(f"{self.type}: {self.trait}", self.holds, self.proof, self._show,
                                   max_depth=max_depth, brief=brief, conditions=self.conditions)
        head = lines[:1] + [(f"note: {n}", "yellow") for n in self.notes]
        advice = self.advice() if suggest else None
        fixes = render.advice_lines(advice.suggestions, advice.remedy) if advice is not None else []
        return head + lines[1:] + fixes if brief else head + fixes + lines[1:]

    def text(self) -> str:
        return "\n".join(line for line, _ in self.text_lines())

    def dot(self) -> str:
        return render.proof_dot(self.proof, self._show)

    def _show(self, goal: Goal) -> str:
        """A goal of the proof as displayed, with the lifetimes the goal's type was written with."""
        return self._kb.show_goal(goal, self._lifetimes)


def _with_fields(node: ProofNode, goal: Goal, lifetimes: Lifetimes | None, decls: Declarations) -> Lifetimes | None:
    """`lifetimes` and those of the types of the fields a proof node goes through, as their
    declarations write them (`&'a Cell<u8>` for a field `&'a Cell<T>`)."""
    if node.rule == "auto-structural" and node.goal.ty.kind == "adt":
        for child in node.children:
            labels = [w.split("`")[1] for w in child.why.split(", ") if w.startswith("field `")]
            shown = lifetimes.of(node.goal.ty) if lifetimes is not None else None
            found = decls.field_lifetimes(node.goal.ty, shown, labels[0]) if labels else None
            if found is not None:
                lifetimes = lifetimes or Lifetimes(goal.ty, None)
                lifetimes.add(child.goal.ty, found)
    return lifetimes


class _Unanswered:
    """A fix's goal that could not be answered (an ill-formed type): no fix."""

    answer = "error"
    conditions: tuple[str, ...] = ()

    def chain(self) -> list[ProofNode]:
        return []


class GoalError(Record):
    """A goal of a batch that could not be read: the batch goes on without it."""

    __slots__ = ("error", "goal", "trait")

    def __init__(self, goal: str, error: TraitlogicError, trait: str = ""):
        self.goal = goal
        self.error = error
        self.trait = trait  # the trait it asked about, when known (`traitlogic show`)

    def to_dict(self, proofs: bool = True, suggest: bool = False) -> dict[str, Any]:
        return {"goal": self.goal, "error": self.error.render().removeprefix("error: ")}

    def to_json(self, proofs: bool = True, suggest: bool = False) -> str:
        return render.dumps(self.to_dict(proofs, suggest))


class TypeRow(Record):
    """`traitlogic show`: one type's answer for each auto trait, with a one-line reason per "no"."""

    __slots__ = ("answers", "type")

    def __init__(self, type: str, answers: list[Answer | GoalError]):
        self.type = type
        self.answers = answers

    @property
    def holds(self) -> bool | None:
        """False if any trait fails, None if none fails but one overflows, is "if" or is an
        error (unknown: never a "yes" it cannot back), else True."""
        if self.answer != "no" and any(isinstance(a, GoalError) for a in self.answers):
            return None
        return render.holds_of(self.answer)

    @property
    def answer(self) -> str:
        """`no` if any trait fails, else `overflow` if one overflows, else `if` if one is, else `yes`."""
        return render.conjunction(a.answer for a in self.answers if isinstance(a, Answer))

    def to_dict(self) -> dict[str, Any]:
        rows: list[dict[str, Any]] = []
        for a in self.answers:
            if isinstance(a, GoalError):
                rows.append({"trait": a.trait, "error": a.to_dict()["error"]})
            else:
                rows.append({"trait": a.trait, "holds": a.holds, "answer": a.answer, "conditions": a.conditions,
                             "reason": a.reason()})
        return {"type": self.type, "traits": rows}

    def to_json(self) -> str:
        return render.dumps(self.to_dict())

    def text_lines(self) -> list[tuple[str, str]]:
        return render.row_lines(self.type, self.to_dict()["traits"])


class Conjunction(Record):
    """A goal about several traits at once (`Arc<T>: Send + Sync`): one answer per trait, and
    the conjunction (no > overflow > if > yes; the conditions of all)."""

    __slots__ = ("answers", "goal", "type")

    def __init__(self, goal: str, type: str, answers: list[Answer]):
        self.goal = goal
        self.type = type
        self.answers = answers

    @property
    def answer(self) -> str:
        return render.conjunction(a.answer for a in self.answers)

    @property
    def holds(self) -> bool | None:
        return render.holds_of(self.answer)

    @property
    def conditions(self) -> list[str]:
        return list(dict.fromkeys(c for a in self.answers for c in a.conditions))

    def to_dict(self, proofs: bool = True, suggest: bool = False) -> dict[str, Any]:
        return {"goal": self.goal, "type": self.type, "holds": self.holds, "answer": self.answer,
                "conditions": self.conditions, "answers": [a.to_dict(proofs, suggest) for a in self.answers]}

    def to_json(self, proofs: bool = True, suggest: bool = False) -> str:
        return render.dumps(self.to_dict(proofs, suggest))

    def text_lines(self, max_depth: int | None = None, brief: bool = False,
                   suggest: bool = False) -> list[tuple[str, str]]:
        """The conjunction's verdict, then each trait's answer as `ask` prints it."""
        each = ", ".join(f"{a.trait}: {a.answer}" for a in self.answers)
        out = [(f"{self.answer} — `{self.type}: {' + '.join(a.trait for a in self.answers)}` ({each})", "bold")]
        for a in self.answers:
            out.append(("", ""))
            out.extend(a.text_lines(max_depth=max_depth, brief=brief, suggest=suggest))
        return out

    def text(self) -> str:
        return "\n".join(line for line, _ in self.text_lines())

    def dot(self) -> str:
        return "\n".join(a.dot() for a in self.answers)
