"""How codes and coders look in every widget: a code's colour and name, a coder's initial."""

from __future__ import annotations

from coder.domain.codebook import Codebook

PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#e15759",
    "#76b7b2",
    "#b07aa1",
    "#9c755f",
    "#ff9da7",
)
"""Colours for codes without one (mid-tone, so they read on dark and light backgrounds)."""

UNKNOWN_COLOR = "#888888"
"""The colour of a code the codebook no longer has (a coding left from a deleted code)."""


def code_color(codebook: Codebook, code_id: str) -> str:
    """The "#rrggbb" colour a code is drawn in.

    Its own colour, else its nearest ancestor's, else one picked steadily from the palette by
    its theme, so that the codes of one theme share a colour.
    """
    if codebook.get(code_id) is None:
        return UNKNOWN_COLOR
    path = codebook.path(code_id)
    for code in reversed(path):
        if code.color:
            return code.color
    theme = path[0].id
    return PALETTE[sum(map(ord, theme)) % len(PALETTE)]


def code_name(codebook: Codebook, code_id: str) -> str:
    """The name people read for a code; its id when the codebook no longer has it."""
    code = codebook.get(code_id)
    return code.name if code is not None else code_id


def coder_initial(coder: str | None) -> str:
    """The initial that marks another coder's work, e.g. "J" for "johan"; "" for none."""
    return coder.strip()[:1].upper() if coder and coder.strip() else ""
