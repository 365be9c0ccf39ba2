"""The README shows real output: every `$ traitlogic ...` example and the `>>>` session print
today exactly what the README shows (scripts/readme_examples.py runs them; `--update` rewrites
the README after a change that is meant)."""
from __future__ import annotations

import os
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_readme_examples_print_what_the_readme_shows() -> None:
    done = subprocess.run([sys.executable, os.path.join(REPO, "scripts", "readme_examples.py")],
                          check=False, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, (
        "the README's examples print otherwise today (if meant, run "
        "`python scripts/readme_examples.py --update`):\n" + done.stdout + done.stderr)
