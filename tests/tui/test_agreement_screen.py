"""Pilot tests of the Agreement screen on the demo project (karin and johan double-coded four
sources), and of coding blind."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from coder.services.agreement.disagreements import disagreements
from coder.services.agreement.units import Request
from coder.services.project import Project
from coder.storage import codings as coding_store
from coder.tui.app import CoderApp
from coder.tui.screens.agreement import AgreementScreen
from coder.tui.screens.coder_pairs import ChooseCoders
from coder.tui.screens.coding import CodingScreen
from coder.tui.screens.sources import SourcesScreen

SIZE = (120, 40)
AppAt = Callable[..., CoderApp]
PAIR = Request(("karin", "johan"))


async def settle(pilot: Pilot[None]) -> None:
    """Let the worker finish and its message fill the screen."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_agreement(pilot: Pilot[None], key: str = "A") -> AgreementScreen:
    await pilot.press(key)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AgreementScreen)
    return screen


def consensus(path: Path) -> set[tuple[str, int, int, str]]:
    """The consensus coder's codings, read afresh from the project file."""
    with Project.open(path, coder="karin") as project:
        return {
            (c.code, c.start, c.end, c.status.value)
            for c in coding_store.list_codings(project.conn)
            if c.coder == "consensus"
        }


def others(path: Path) -> list[object]:
    """Every coding but the consensus coder's, read afresh from the project file."""
    with Project.open(path, coder="karin") as project:
        return [c for c in coding_store.list_codings(project.conn) if c.coder != "consensus"]


def status(screen: AgreementScreen) -> str:
    return str(screen.query_one("#status", Static).render())


async def test_agreement_screen_opens_with_the_two_coders_who_share_most(
    app_at: AppAt, karin: Project
) -> None:
    app = app_at()
    expected = disagreements(karin, PAIR)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, CodingScreen)
        screen = await open_agreement(pilot)
        assert screen.coders == ("karin", "johan")
        table = screen.query_one(DataTable)
        assert table.row_count == len(expected.items) == 18
        headings = [str(column.label) for column in table.columns.values()]
        assert headings == ["source", "unit", "karin", "johan", "consensus"]
        assert "0 of 18 resolved" in status(screen)
        assert "rule: a turn or paragraph counts" in status(screen)
        first = expected.items[0]
        detail = str(screen.query_one("#detail", Static).render())
        assert " ".join(first.text.split())[:40] in " ".join(detail.split())
        await pilot.press("escape")
        assert isinstance(app.screen, CodingScreen)


async def test_agreement_screen_keys_resolve_and_undo(
    app_at: AppAt, karin: Project, demo_path: Path
) -> None:
    app = app_at()
    items = disagreements(karin, PAIR).items
    originals = others(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agreement(pilot)
        await pilot.press("a")  # karin's: she coded the first, johan did not
        first = items[0].unit
        assert consensus(demo_path) == {
            (code, first.start, first.end, "accepted") for code in items[0].a
        }
        assert screen.query_one(DataTable).cursor_row == 1  # on to the next open one
        assert "1 of 18 resolved" in status(screen)
        await pilot.press("b", "plus", "n")
        assert "4 of 18 resolved" in status(screen)
        assert len(consensus(demo_path)) == 4
        await pilot.press("u")
        await settle(pilot)
        assert "3 of 18 resolved" in status(screen)
        assert len(consensus(demo_path)) == 3
        # The coders' own codings are as they were.
        assert others(demo_path) == originals


async def test_agreement_screen_unit_and_coders(app_at: AppAt) -> None:
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agreement(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert screen.unit == "sentence"
        assert "sentences" in status(screen)
        await pilot.press("c")
        assert isinstance(app.screen, ChooseCoders)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert set(screen.coders or ()) == {"karin", "johan"}


async def test_agreement_screen_enter_opens_the_unit_in_its_source(app_at: AppAt) -> None:
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agreement(pilot)
        unit = screen.items[0].unit
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.source == unit.source
        await pilot.press("o")
        await settle(pilot)
        assert app.screen is screen


async def test_agreement_screen_opens_from_sources_with_g(karin: Project) -> None:
    app = CoderApp(karin)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, SourcesScreen)
        await pilot.press("tab")  # from the filter to the table: typing no longer filters
        await open_agreement(pilot, "g")
        await pilot.press("escape")
        await open_agreement(pilot, "f3")


async def test_agreement_screen_adopts_agreements(app_at: AppAt, demo_path: Path) -> None:
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await open_agreement(pilot)
        await pilot.press("A")
        await pilot.pause()
        adopted = consensus(demo_path)
        assert adopted
        assert {status for *_, status in adopted} == {"accepted"}


async def test_coding_blind_hides_other_coders_and_the_agreement(karin: Project) -> None:
    from coder.services.workspace import save_position

    save_position(karin, "int01-vasterbotten", 0)
    app = CoderApp(karin, blind=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        assert screen.codings
        assert {c.coder for c in screen.codings} <= {"karin", None}
        assert "blind" in app.sub_title
        await pilot.press("A")
        await pilot.pause()
        assert app.screen is screen
    seeing = CoderApp(karin)
    async with seeing.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(seeing.screen, CodingScreen)
        assert "johan" in {c.coder for c in seeing.screen.codings}


async def test_coding_blind_counts_only_the_coders_own_codings(karin: Project) -> None:
    """The codebook pane's counts would tell which codes the others used: blind, they don't."""
    import re

    from coder.services.workspace import code_counts, save_position, source_rows
    from coder.tui.widgets.codebook import CodebookPane

    source = "int01-vasterbotten"
    save_position(karin, source, 0)
    mine = code_counts(karin, source, only_mine=True)
    everyone = code_counts(karin, source)
    assert mine != everyone
    app = CoderApp(karin, blind=True)
    async with app.run_test(size=(200, 60)) as pilot:  # wide enough for whole code lines
        await pilot.pause()
        pane = app.screen.query_one(CodebookPane)
        labels = [pane.render_line(y).text for y in range(pane.size.height)]
        shown = {}
        for code in app.codebook.codes:
            line = next((label for label in labels if code.name in label), "")
            found = re.search(r"(\d+)/(\d+)\s*$", line.rstrip(" ▎│"))
            if code.codable and found:
                shown[code.id] = (int(found[1]), int(found[2]))
        assert shown
        assert shown == {code: mine[code] for code in shown}
    coverage = {row.name: row.coded_share for row in source_rows(karin, only_mine=True)}
    assert coverage != {row.name: row.coded_share for row in source_rows(karin)}
