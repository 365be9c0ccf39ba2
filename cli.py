"""Thin entry point: `python cli.py ask "Send(Arc<Mutex<i32>>)"` (same as the `traitlogic` command)."""
from traitlogic.cli import main

if __name__ == "__main__":
    main()  # exits the process itself
