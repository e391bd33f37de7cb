"""coder: keyboard-driven qualitative coding of interviews and documents, in the terminal."""

__version__ = "0.1.0"
