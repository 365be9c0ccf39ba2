"""`python -m traitlogic ...`: the same as the `traitlogic` command."""
from .cli import main

main()
