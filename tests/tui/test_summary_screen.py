"""Pilot tests of the Summary screen on the demo project: counts, breakdowns, quotes, export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from coder.services.codings_csv import import_codings
from coder.services.project import Project
from coder.services.reports.scope import Scope
from coder.services.reports.summary import summary
from coder.services.workspace import open_document, source_codings
from coder.tui.app import CoderApp
from coder.tui.screens.coding import CodingScreen
from coder.tui.screens.quotes import QuoteList
from coder.tui.screens.sources import SourcesScreen
from coder.tui.screens.summary import SummaryScreen

SIZE = (140, 40)
AppAt = Callable[..., CoderApp]


async def settle(pilot: Pilot[None]) -> None:
    """Let the counting worker finish and its message fill the screen."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_summary(pilot: Pilot[None]) -> SummaryScreen:
    """Press `s` (on the Coding screen) and wait for the counts."""
    await pilot.press("s")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SummaryScreen)
    return screen


def table_rows(screen: SummaryScreen) -> list[list[str]]:
    table = screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


def headings(screen: SummaryScreen) -> list[str]:
    return [str(column.label) for column in screen.query_one(DataTable).columns.values()]


def expected_rows(project: Project, scope: Scope) -> list[list[str]]:
    """The rows the screen should show, from the report service for the same scope."""
    frame = summary(project, scope)
    return [
        [
            r.theme if r.level == "theme" else f"  {r.code}",
            str(r.codings),
            str(r.sources),
            f"{r.share_of_sources:.0%}",
        ]
        for r in frame.itertuples()
    ]


async def test_summary_screen_opens_from_coding_with_the_reports_numbers(
    app_at: AppAt, karin: Project
) -> None:
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, CodingScreen)
        screen = await open_summary(pilot)
        assert table_rows(screen) == expected_rows(karin, Scope())
        assert headings(screen) == ["theme / code", "codings", "sources", "share"]
        theme = screen.query_one(DataTable).get_row_at(0)[0]
        assert theme.style == "bold"
        await pilot.press("escape")
        assert isinstance(app.screen, CodingScreen)
        await open_summary(pilot)
        await pilot.press("o")
        assert isinstance(app.screen, CodingScreen)


async def test_summary_screen_opens_from_sources_with_f2_and_s_on_the_table(
    karin: Project,
) -> None:
    app = CoderApp(karin)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SourcesScreen)
        await pilot.press("s")  # typed into the filter
        assert isinstance(app.screen, SourcesScreen)
        assert app.screen.query_one(Input).value == "s"
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape")
        await pilot.press("tab", "s")  # with the table focused, s opens the summary
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)


async def test_summary_screen_b_breaks_down_by_each_attribute_in_turn(
    app_at: AppAt, karin: Project
) -> None:
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_summary(pilot)
        first = screen.attributes[0]
        await pilot.press("b")
        await settle(pilot)
        frame = summary(karin, Scope(), by=first)
        by_columns = [c for c in frame.columns if c.startswith(f"{first}=")]
        assert headings(screen)[4:] == by_columns
        rows = table_rows(screen)
        assert [row[4:] for row in rows] == [
            [str(int(v)) for v in values] for values in frame[by_columns].itertuples(index=False)
        ]
        for _ in screen.attributes:
            await pilot.press("b")
            await settle(pilot)
        assert screen.by is None
        assert len(headings(screen)) == 4


async def test_summary_screen_p_counts_pending_suggestions_too(
    app_at: AppAt, karin: Project, tmp_path: Path
) -> None:
    coding = next(c for c in source_codings(karin, "int01-vasterbotten") if c.code != "pandemin")
    csv = tmp_path / "suggestions.csv"
    csv.write_text(
        "source,start,end,code,coder,status\n"
        f"int01-vasterbotten,{coding.start},{coding.end},pandemin,,pending\n"
    )
    import_codings(karin, csv)
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_summary(pilot)
        assert table_rows(screen) == expected_rows(karin, Scope())
        await pilot.press("p")
        await settle(pilot)
        with_pending = expected_rows(karin, Scope(include_pending=True))
        assert with_pending != expected_rows(karin, Scope())
        assert table_rows(screen) == with_pending
        await pilot.press("p")
        await settle(pilot)
        assert table_rows(screen) == expected_rows(karin, Scope())


async def test_summary_screen_enter_lists_quotes_and_opens_one_in_its_source(
    app_at: AppAt, karin: Project
) -> None:
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_summary(pilot)
        await pilot.press("down", "enter")  # the first code's name cell
        await settle(pilot)  # the quotes are read in a worker
        quotes = app.screen
        assert isinstance(quotes, QuoteList)
        code = summary(karin, Scope()).iloc[1]
        assert len(quotes.found) == code.codings
        assert {quote.row.code_id for quote in quotes.found} == {code.code_id}
        chosen = quotes.found[0]
        await pilot.press("enter")
        await pilot.pause()
        coding = app.screen
        assert isinstance(coding, CodingScreen)
        assert coding.source == chosen.row.source
        document = open_document(karin, chosen.row.source)
        assert coding.sentence == document.sentence_at(chosen.row.start)
        await pilot.press("o")
        await settle(pilot)
        assert app.screen is screen


async def test_summary_screen_enter_on_a_by_cell_lists_that_values_quotes(
    app_at: AppAt, karin: Project
) -> None:
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_summary(pilot)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("down", "right", "right", "right", "right", "enter")
        await settle(pilot)
        quotes = app.screen
        assert isinstance(quotes, QuoteList)
        assert screen.by is not None
        value = headings(screen)[4].split("=", 1)[1]
        assert len(quotes.found) == int(table_rows(screen)[1][4])
        assert all(q.attributes.get(screen.by, "(none)") == value for q in quotes.found)
        await pilot.press("escape")
        assert app.screen is screen


async def test_summary_screen_e_exports_csv_and_xlsx(
    app_at: AppAt, karin: Project, demo_path: Path
) -> None:
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await open_summary(pilot)
        await pilot.press("e")
        assert app.screen.query_one(Input).value == "summary.xlsx"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("e")
        app.screen.query_one(Input).value = "summary.csv"
        await pilot.press("enter")
        await pilot.pause()
    frame = summary(karin, Scope())
    lines = (demo_path.parent / "summary.csv").read_text().splitlines()
    assert lines[0].startswith("level,theme,code,code_id,codings")
    assert len(lines) == len(frame) + 1
    sheet = openpyxl.load_workbook(demo_path.parent / "summary.xlsx").active
    assert sheet is not None
    assert sheet["B2"].value == frame.iloc[0].theme
    assert sheet["E2"].value == frame.iloc[0].codings
