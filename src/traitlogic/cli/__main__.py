"""`python -m traitlogic.cli ...`: the same as the `traitlogic` command."""
from . import main

main()
