"""Text that people give things (names, memos) as it is stored: NFC, no control characters.

A control character in a code name or a memo (pasted from a terminal, or brought in a file
from another program) would be written raw to the terminal by the workspace, where an escape
sequence can recolour, clear or retitle it, and it breaks the XML of a .docx or .xlsx. Source
text is cleaned the same way when it is imported (see `ingest.normalize`), and like it this
text is kept in Unicode NFC, so that what an export writes reads back the same.
"""

from __future__ import annotations

import re
import unicodedata

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 controls except tab and newline, DEL, and C1 controls."""
_LINE_BREAKS = re.compile("\r\n?|[\n\t\v\f\x85\u2028\u2029]")


def clean_text(text: str) -> str:
    """Text that may span lines (a memo, a description): controls removed, newlines kept."""
    if _CONTROLS.search(text):
        text = _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return unicodedata.normalize("NFC", text)


def clean_label(text: str) -> str:
    """Text shown on one line (a name): line breaks and tabs become spaces, controls go."""
    return unicodedata.normalize("NFC", _CONTROLS.sub("", _LINE_BREAKS.sub(" ", text)))


def has_controls(text: str) -> bool:
    """Whether the text holds a control character other than tab and newline."""
    return _CONTROLS.search(text) is not None


def is_blank(text: str) -> bool:
    """Whether nothing is left of the text once cleaned: only spaces and control characters.

    A memo like that is not kept: stored, it would be one a reader cannot see.
    """
    return not clean_text(text).strip()


def plural(count: int, word: str) -> str:
    """A count with its noun, as messages say it: "1 suggestion", "2 suggestions"."""
    return f"{grouped(count)} {word}" + ("" if count == 1 else "s")


def grouped(count: int) -> str:
    """A whole number with its thousands set apart by spaces (SI style): "27 975"."""
    return f"{count:,}".replace(",", " ")
