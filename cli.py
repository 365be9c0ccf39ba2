"""Thin entry point: `python cli.py ask "Send(Arc<Mutex<i32>>)"` (same as the `traitlogic` command)."""
import sys

from traitlogic.cli import main

if __name__ == "__main__":
    sys.exit(main())
