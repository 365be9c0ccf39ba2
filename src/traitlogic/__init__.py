"""traitlogic: is this Rust type Send / Sync, and why (not)?

A Datalog engine (pyDatalog) over a knowledge base of Rust trait impls. See `KnowledgeBase`.
Errors: every error raised on purpose is a `TraitlogicError` (`ParseError` for goals and Rust
text, `KBError` for knowledge-base files, `UsageError` for wrong use); wrong argument types
are a `TypeError`.
"""
from .api import Answer, Conjunction, GoalError, KnowledgeBase, TypeRow
from .core.errors import KBError, ParseError, TraitlogicError, UsageError

__all__ = ["Answer", "Conjunction", "GoalError", "KBError", "KnowledgeBase", "ParseError", "TraitlogicError", "TypeRow",
           "UsageError"]
__version__ = "0.1.0"
