"""The catalog of named rules (`rules/rules.yaml`): every clause and proof node names one."""
from __future__ import annotations

from functools import lru_cache

from .cache import cached
from .record import Frozen
from .resources import data_dir


class RuleInfo(Frozen):
    __slots__ = ("kind", "name", "says", "source")

    def __init__(self, name: str, kind: str, says: str, source: str):
        self.name = name
        self.kind = kind  # holds | fails | overflow | error | assumption | program
        self.says = says
        self.source = source


@lru_cache(maxsize=1)
def catalog() -> dict[str, RuleInfo]:
    path = data_dir("rules") / "rules.yaml"

    def build() -> dict[str, RuleInfo]:
        import yaml  # only when the catalog is not in the cache (start-up time)

        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return {r["name"]: RuleInfo(r["name"], r["kind"], r["says"], r["source"]) for r in data["rules"]}

    return cached("rules", [path], build)


def rule(name: str) -> RuleInfo:
    """Look a rule up; an unknown name is a bug in the lowering."""
    try:
        return catalog()[name]
    except KeyError:
        raise AssertionError(f"rule `{name}` is not in rules/rules.yaml") from None
