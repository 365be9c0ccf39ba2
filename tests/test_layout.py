"""The shape issue 7 asks of the library's code: no module over 350 lines, and a function-local
import only with its reason (start-up time, mostly) written beside it."""
from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "traitlogic"
MAX_LINES = 350


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def test_no_module_is_over_350_lines() -> None:
    sizes = {str(p.relative_to(SRC)): len(p.read_text(encoding="utf-8").splitlines()) for p in _modules()}
    long = {name: n for name, n in sizes.items() if n > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def _unexplained_local_imports(path: Path, root: Path = SRC) -> list[str]:
    """Imports inside a function with no comment on them, on the import just before them or in
    the function's docstring ("start-up time")."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    out = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        explained = "start-up" in (ast.get_docstring(function) or "")
        previous: tuple[int, bool] = (-2, False)  # (last line of the import before, was it explained)
        imports = [n for n in ast.walk(function) if isinstance(n, ast.Import | ast.ImportFrom)]
        for node in sorted(imports, key=lambda n: n.lineno):
            end = node.end_lineno or node.lineno
            commented = "#" in "\n".join(lines[node.lineno - 1:end])
            follows = previous[1] and all(not line.strip() for line in lines[previous[0]:node.lineno - 1])
            ok = explained or commented or follows
            if not ok:
                out.append(f"{path.relative_to(root)}:{node.lineno}: {lines[node.lineno - 1].strip()}")
            previous = (end, ok)
    return out


def test_every_function_local_import_says_why() -> None:
    bad = [line for p in _modules() for line in _unexplained_local_imports(p)]
    assert not bad, "function-local imports without a comment:\n" + "\n".join(bad)


def test_the_import_check_finds_an_unexplained_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    import json\n    return json\n\n\ndef g():\n    import os  # why\n    return os\n")
    assert _unexplained_local_imports(module, tmp_path) == ["m.py:2: import json"]
