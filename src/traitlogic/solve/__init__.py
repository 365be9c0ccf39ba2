"""The solve layer: the Datalog program of `rules/program.dl` over a lowered program."""
