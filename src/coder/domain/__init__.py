"""Domain model: dataclasses and pure functions, standard library only."""
