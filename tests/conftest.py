"""Shared fixtures: one std knowledge base per test session (loading is read-only)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from traitlogic import KnowledgeBase

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """Tests keep their KB cache to themselves (never the user's ~/.cache)."""
    import os

    os.environ["TRAITLOGIC_CACHE_DIR"] = str(tmp_path_factory.mktemp("traitlogic-cache"))
    yield


@pytest.fixture(scope="session")
def std_kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def rust_kb(folder: Path, name: str, text: str) -> KnowledgeBase:
    """std plus the Rust source `text`, written as `folder/name` (its sources say that file)."""
    path = folder / name
    path.write_text(text)
    return KnowledgeBase.load(rust=[path])


def read_tsv(path: Path) -> list[list[str]]:
    rows = [line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return rows[1:]  # drop the header row
