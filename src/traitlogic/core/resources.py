"""Where the shipped `kb/` and `rules/` folders are: the source checkout, or the installed wheel."""
from __future__ import annotations

import re
from functools import lru_cache
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


@lru_cache(maxsize=1)
def std_docs_url() -> str:
    """Where the std docs the shipped KB was generated from are online: the rustc version in
    the generated files' header (`https://doc.rust-lang.org/1.95.0/`), else the stable docs."""
    try:
        with open(data_dir("kb") / "std" / "marker.yaml", encoding="utf-8") as f:
            first = f.readline()
    except OSError:
        first = ""
    found = re.search(r"from the rustc (\d+\.\d+\.\d+) std docs", first)
    return f"https://doc.rust-lang.org/{found.group(1) if found else 'stable'}/"
