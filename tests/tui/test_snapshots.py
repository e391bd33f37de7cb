"""Snapshot tests: the workspace's main views on the demo project, as pictures to compare."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from coder.services.project import Project
from coder.services.workspace import save_position
from coder.tui.app import CoderApp

INT01 = "int01-vasterbotten"
SnapCompare = Callable[..., bool]


@pytest.fixture
def karins_app(demo_path: Path) -> Iterator[CoderApp]:
    with Project.open(demo_path, coder="karin") as project:
        yield CoderApp(project)


def at_int01(app: CoderApp, sentence: int = 0) -> CoderApp:
    """The app as karin left it: on int01, at this sentence."""
    save_position(app.project, INT01, sentence)
    return app


async def steady(pilot: Pilot[None]) -> None:
    """No blinking text cursor: a picture taken a moment later would differ."""
    await pilot.pause()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False


def test_snapshots_sources_screen(snap_compare: SnapCompare, karins_app: CoderApp) -> None:
    """The Sources screen lists all 20 demo sources by name with kind, language, attributes,
    words and coded share, every column (pending too) inside 120 columns, the filter field
    focused above it, and the footer with Open, Sort and Clear filter."""

    assert snap_compare(karins_app, terminal_size=(120, 40), run_before=steady)


def test_snapshots_coding_screen(snap_compare: SnapCompare, karins_app: CoderApp) -> None:
    """The Coding screen on int01 after three `j` from sentence 15: the cursor on sentence 18,
    the start of a passage that karin and johan both coded "Pandemins påverkan" — marked in the
    gutter and named in the margin (johan's in italics with his initial) — both codings in the
    strip below (karin's first, "(you)"), the tick on that code in the codebook with keys and
    counts, interviewer turns muted, and the screen's keys in the footer."""

    async def three_sentences_down(pilot: Pilot[None]) -> None:
        await pilot.press("j", "j", "j")

    assert snap_compare(
        at_int01(karins_app, 15), terminal_size=(120, 40), run_before=three_sentences_down
    )


def test_snapshots_code_picker(snap_compare: SnapCompare, karins_app: CoderApp) -> None:
    """The code picker over the dimmed Coding screen after typing "möte": the codes ranked by
    the fuzzy match, "Digitala möten" first with its key and theme, and the offer to create
    "möte" as a new code last."""

    async def pick(pilot: Pilot[None]) -> None:
        await pilot.press("c", *"möte")
        await steady(pilot)

    assert snap_compare(at_int01(karins_app), terminal_size=(120, 40), run_before=pick)


def test_snapshots_coding_screen_at_80_by_24(
    snap_compare: SnapCompare, karins_app: CoderApp
) -> None:
    """The Coding screen at 80×24, the smallest terminal it supports: the document wrapped to
    its half, the codebook beside it (long names cut at its edge, which scrolls), the strip and
    the footer still on screen; after three `j` and a `J`, the selection is sentences 3-4 with
    the cursor on "Jag heter Maria Lindqvist …"."""

    async def select(pilot: Pilot[None]) -> None:
        await pilot.press("j", "j", "j", "J")

    assert snap_compare(at_int01(karins_app), terminal_size=(80, 24), run_before=select)
