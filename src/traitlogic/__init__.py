"""traitlogic: is this Rust type Send / Sync, and why (not)?

A Datalog engine (pyDatalog) over a knowledge base of Rust trait impls. See `KnowledgeBase`.
"""
from .api import Answer, GoalError, KnowledgeBase
from .core.errors import KBError, ParseError, TraitlogicError

__all__ = ["Answer", "GoalError", "KBError", "KnowledgeBase", "ParseError", "TraitlogicError"]
__version__ = "0.1.0"
