"""Run the command-line interface with ``python -m coder``."""

from coder.cli import main

main()
