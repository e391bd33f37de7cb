"""Pilot tests of what outlives the app: codings, the place, undo, and a second coder's window."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.services.project import Project
from coder.services.workspace import last_position, save_position, source_codings
from coder.tui.app import CoderApp
from coder.tui.screens.coding import CodingScreen
from coder.tui.screens.sources import SourcesScreen
from coder.tui.widgets.document import DocumentView
from coder.tui.widgets.segment import SegmentStrip

INT01 = "int01-vasterbotten"
SIZE = (120, 40)


def codings_of(path: Path, coder: str) -> list[tuple[int, int, str]]:
    with Project.open(path, coder=coder) as project:
        codings = source_codings(project, INT01)
    return [(c.start, c.end, c.code) for c in codings if c.coder == coder]


async def test_persistence_coding_place_and_undo_survive_a_restart(demo_path: Path) -> None:
    with Project.open(demo_path, coder="karin") as project:
        app = CoderApp(project)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, SourcesScreen)  # karin has not been anywhere yet
            await pilot.press(*"t01", "enter")
            await pilot.pause()
            assert isinstance(app.screen, CodingScreen)
            view = app.screen.query_one(DocumentView)
            await pilot.press("j", "j", "j", "J", "2")
            span = view.selection_span
            await pilot.press("q")
    assert (*span, "pandemin") in codings_of(demo_path, "karin")

    with Project.open(demo_path, coder="karin") as project:
        assert last_position(project) == (INT01, 4)
        app = CoderApp(project)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, CodingScreen)
            view = app.screen.query_one(DocumentView)
            assert (app.screen.source, view.cursor) == (INT01, 4)
            strip = app.screen.query_one(SegmentStrip)
            assert strip.shown_lines == ["■ Pandemins påverkan — karin (you) · human"]
            await pilot.press("u")
            assert strip.shown_lines == ["no codings here"]
    assert (*span, "pandemin") not in codings_of(demo_path, "karin")


async def test_persistence_another_coders_coding_shows_after_a_poll(demo_path: Path) -> None:
    with (
        Project.open(demo_path, coder="karin") as karin,
        Project.open(demo_path, coder="johan") as johan,
    ):
        save_position(karin, INT01, 3)
        save_position(johan, INT01, 3)
        karins_app, johans_app = CoderApp(karin), CoderApp(johan)
        async with karins_app.run_test(size=SIZE) as karins_pilot:
            screen = karins_app.screen
            assert isinstance(screen, CodingScreen)
            strip = screen.query_one(SegmentStrip)
            assert strip.shown_lines == ["no codings here"]
            async with johans_app.run_test(size=SIZE) as johans_pilot:
                await johans_pilot.press("J", "1")
            assert ("johan", "na-industrin") in [
                (c.coder, c.code) for c in source_codings(karin, INT01) if c.start == 149
            ]
            assert strip.shown_lines == ["no codings here"]  # not before the poll
            screen._poll()
            await karins_pilot.pause()
            assert strip.shown_lines == ["■ Att nå industrin som målgrupp — johan · human"]
            await karins_pilot.press("1")
            assert sorted(strip.shown_lines) == [
                "■ Att nå industrin som målgrupp — johan · human",
                "■ Att nå industrin som målgrupp — karin (you) · human",
            ]
    assert [code for start, _, code in codings_of(demo_path, "johan") if start == 149] == [
        "na-industrin"
    ]


async def test_persistence_the_workspace_quits_when_its_terminal_is_gone(
    karin: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closed without a hangup signal, the app would read end-of-file for ever; it quits,
    and the place it was at is kept as when quitting by hand."""
    from coder.tui import app as app_module

    save_position(karin, "int01-vasterbotten", 3)
    app = CoderApp(karin)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        monkeypatch.setattr(app_module, "has_terminal", lambda: True)
        app._quit_without_terminal()  # the terminal is there…
        await pilot.pause()
        assert app.is_running
        monkeypatch.setattr(app_module, "has_terminal", lambda: False)
        app._quit_without_terminal()  # …and then it is gone
        await pilot.pause()
        assert not app.is_running
    assert last_position(karin) == ("int01-vasterbotten", 3)
