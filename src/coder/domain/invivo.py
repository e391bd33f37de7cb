"""Codes made while coding (in vivo): an id from the name, and a colour that fits the tree."""

from __future__ import annotations

import colorsys
import unicodedata
from collections.abc import Collection

PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)
"""Colours for new top-level codes: mid-tones that read on dark and light terminals alike."""

FALLBACK_ID = "code"
"""The id stem for a name with no letter or digit that an id can keep."""

MAX_SLUG = 40
"""Longest id made from a name: in vivo names can be whole phrases; ids are typed in commands."""

# Letters that Unicode does not decompose into a base letter and a mark.
_SPELLED_OUT = str.maketrans({"æ": "ae", "ø": "o", "œ": "oe", "ß": "ss", "ð": "d", "þ": "th"})
# How far a child's lightness moves from its parent's, by how many siblings it already has.
_SHADE_STEPS = (0.12, -0.12, 0.22, -0.22, 0.06, -0.06)
_LIGHTNESS_RANGE = (0.3, 0.8)


def slug(name: str) -> str:
    """An id made from a code's name: lower case, å ä ö → a a o, spaces → '-', the rest dropped.

    Letters with accents lose them (é → e); runs of spaces and dashes become one dash, with
    none at either end. A long name is cut after a whole word, within MAX_SLUG characters. A
    name that leaves nothing gets FALLBACK_ID.
    """
    text = unicodedata.normalize("NFKD", name.casefold().translate(_SPELLED_OUT))
    kept: list[str] = []
    for char in text:
        if char.isspace() or char == "-":
            kept.append("-")
        elif char.isascii() and char.isalnum():
            kept.append(char)
    words = [part for part in "".join(kept).split("-") if part]
    result = ""
    for word in words:
        longer = f"{result}-{word}" if result else word
        if len(longer) > MAX_SLUG:
            return result or word[:MAX_SLUG]
        result = longer
    return result or FALLBACK_ID


def unique_id(stem: str, taken: Collection[str]) -> str:
    """`stem` if no code has it, else the first free of stem-2, stem-3, …."""
    if stem not in taken:
        return stem
    number = 2
    while f"{stem}-{number}" in taken:
        number += 1
    return f"{stem}-{number}"


def shade(color: str, index: int) -> str:
    """A colour of the same family (hue) as `color`, lighter or darker by the sibling `index`."""
    red, green, blue = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    low, high = _LIGHTNESS_RANGE
    step = _SHADE_STEPS[index % len(_SHADE_STEPS)]
    lightness = min(high, max(low, lightness + step))
    channels = colorsys.hls_to_rgb(hue, lightness, saturation)
    return "#" + "".join(f"{round(channel * 255):02x}" for channel in channels)


def next_color(used: Collection[str | None], count: int) -> str:
    """The first palette colour no code uses yet; when all are used, go round by `count`."""
    for color in PALETTE:
        if color not in used:
            return color
    return PALETTE[count % len(PALETTE)]
