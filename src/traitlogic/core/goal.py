"""A goal: `Trait(Type)`, the unit every layer above syntax passes around."""
from __future__ import annotations

from typing import NamedTuple

from .types import Ty


class Goal(NamedTuple):
    trait: str  # canonical trait path
    ty: Ty
