"""Snapshot test of the Review screen on the demo project with seeded suggestions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from coder.services.project import Project
from coder.services.workspace import save_position
from coder.tui.app import CoderApp
from tests.tui.review_helpers import INT01, seed_suggestions, settle

SnapCompare = Callable[..., bool]


@pytest.fixture
def karins_app(demo_path: Path) -> Iterator[CoderApp]:
    with Project.open(demo_path, coder="karin") as project:
        seed_suggestions(project)
        save_position(project, INT01, 0)
        yield CoderApp(project)


def test_review_snapshot_screen(snap_compare: SnapCompare, karins_app: CoderApp) -> None:
    """The Review screen opened with `r` from the Coding screen, after one `space`: the queue
    of seven suggestions best score first (each code's name in its colour, score, origin,
    source and the start of the text), the second ("Pandemins påverkan" 0.85 by rule) under
    the cursor; below it that suggestion's code with its path, score, origin, source, speaker,
    reason and rule version, then Maria Lindqvist's turn with the suggested sentence marked in
    the code's red, between the interviewer's turns before and after, dimmed; the progress
    line "reviewed 0 · pending 7 · …" and the footer with the review keys."""

    async def review_second(pilot: Pilot[None]) -> None:
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)

    assert snap_compare(karins_app, terminal_size=(120, 40), run_before=review_second)
