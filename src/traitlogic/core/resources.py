"""Where the shipped `kb/` and `rules/` folders are: the source checkout, or the installed wheel."""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]  # src/traitlogic


def data_dir(name: str) -> Path:
    """`kb` or `rules`: the checkout's top-level folder when run from source, else the wheel's copy."""
    in_checkout = _PACKAGE.parents[1] / name
    if in_checkout.is_dir():
        return in_checkout
    return _PACKAGE / "_data" / name


def std_kb_files() -> list[Path]:
    return sorted(data_dir("kb").rglob("*.yaml"))
