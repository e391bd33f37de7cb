"""Run the command-line interface with ``python -m coder``."""

from coder.main import main

main()
