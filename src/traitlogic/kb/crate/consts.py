"""Simple integer constant expressions, as in `[T; BUCKETS]` with `const BUCKETS: usize = 4 * 4;`."""
from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable

_OPS: dict[type, Callable[[int, int], int]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod, ast.LShift: operator.lshift, ast.RShift: operator.rshift,
    ast.BitAnd: operator.and_, ast.BitOr: operator.or_, ast.BitXor: operator.xor,
}
_SUFFIX = re.compile(r"\b(\d[\d_]*)(?:u8|u16|u32|u64|u128|usize|i8|i16|i32|i64|i128|isize)?\b")


def evaluate(text: str, consts: dict[str, str], depth: int = 0) -> int | None:
    """The value of `text`, names looked up in `consts`; None when it is not that simple."""
    if depth > 32:
        return None
    src = _SUFFIX.sub(lambda m: m.group(1).replace("_", ""), text.strip()).replace("/", "//")
    src = src.replace("////", "//")
    try:
        tree = ast.parse(src, mode="eval")
    except SyntaxError:
        return None
    return _eval(tree.body, consts, depth)


def _eval(node: ast.expr, consts: dict[str, str], depth: int) -> int | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.Name):
        return evaluate(consts[node.id], consts, depth + 1) if node.id in consts else None
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        a, b = _eval(node.left, consts, depth), _eval(node.right, consts, depth)
        if a is None or b is None or (isinstance(node.op, (ast.FloorDiv, ast.Mod)) and b == 0):
            return None
        if isinstance(node.op, ast.LShift) and b > 128:
            return None
        return _OPS[type(node.op)](a, b)
    return None
