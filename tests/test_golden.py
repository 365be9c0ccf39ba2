"""Golden text trees: the whole `traitlogic ask` output for a handful of std goals.

Regenerate after a deliberate change with `TRAITLOGIC_UPDATE_GOLDEN=1 pytest tests/test_golden.py`
and read the diff before committing it.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
CASES = {
    "Send_Arc_Mutex_i32.txt": "Send(Arc<Mutex<i32>>)",
    "Arc_Rc_i32_Send.txt": "Arc<Rc<i32>>: Send",
    "Sync_Vec_Cell_u8_String.txt": "Sync(Vec<(Cell<u8>, String)>)",
    "Send_Box_dyn_Error_Send_Sync.txt": "Send(Box<dyn Error + Send + Sync>)",
    "Sync_mut_MutexGuard_static_Cell_i32.txt": "Sync(&mut [MutexGuard<'static, Cell<i32>>])",
}


@pytest.mark.parametrize("name, goal", CASES.items())
def test_golden_tree(std_kb, name, goal):
    text = std_kb.ask(goal).text() + "\n"
    path = GOLDEN / name
    if os.environ.get("TRAITLOGIC_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
