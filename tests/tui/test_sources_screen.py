"""Pilot tests of the Sources screen on the demo project: the table, filtering, sorting, opening."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input

from coder.services.importing import ImportOptions, import_paths
from coder.services.project import Project
from coder.tui.app import CoderApp
from coder.tui.screens.coding import CodingScreen
from coder.tui.screens.sources import COLUMNS, SourcesScreen
from coder.tui.widgets.document import DocumentView

SIZE = (120, 40)


def table_of(app: CoderApp) -> DataTable[object]:
    return app.screen.query_one(DataTable)


def names(app: CoderApp) -> list[str]:
    table = table_of(app)
    return [str(table.get_row_at(row)[0]) for row in range(table.row_count)]


def shown_lines(table: DataTable[object]) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


async def test_sources_screen_lists_every_source_with_its_numbers(karin: Project) -> None:
    app = CoderApp(karin)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SourcesScreen)
        assert app.screen.sub_title == "20 of 20 sources"
        assert len(names(app)) == 20
        assert names(app)[0] == "doc01-lagesrapport-vasterbotten"
        headings = shown_lines(table_of(app))[0].split()
        assert headings == list(COLUMNS)
        int01 = next(line for line in shown_lines(table_of(app)) if "int01" in line)
        assert int01.split()[:3] == ["int01-vasterbotten", "interview", "sv"]
        assert "region, Västerbotten, projektledare…" in int01  # cut to the column
        assert "2 097    81%" in int01


async def test_sources_screen_typing_filters_and_escape_clears(karin: Project) -> None:
    app = CoderApp(karin)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"int0")
        assert names(app) == [
            f"int0{n}-{region}"
            for n, region in enumerate(
                [
                    "vasterbotten",
                    "norrbotten",
                    "jamtland",
                    "gavleborg",
                    "dalarna",
                    "varmland",
                    "orebro",
                    "skane",
                    "vastra-gotaland",
                ],
                start=1,
            )
        ]
        assert app.screen.sub_title == "9 of 20 sources"
        await pilot.press("escape")
        assert len(names(app)) == 20
        await pilot.press(*"skåne")  # attributes count too
        assert names(app) == ["doc06-progress-report-skane", "int08-skane"]
        await pilot.press(*"xyz")
        assert names(app) == []
        await pilot.press("enter")  # nothing to open: nothing happens
        assert isinstance(app.screen, SourcesScreen)


async def test_sources_screen_enter_opens_the_highlighted_source(karin: Project) -> None:
    app = CoderApp(karin)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"norr")
        assert names(app) == ["doc02-beslut-finansiering-norrbotten", "int02-norrbotten"]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.source == "int02-norrbotten"
        assert app.screen.query_one(DocumentView).cursor == 0
        assert "int02-norrbotten" in app.screen.sub_title


async def test_sources_screen_ctrl_s_sorts_by_the_next_column(karin: Project) -> None:
    app = CoderApp(karin)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")  # kind: documents, then interviews
        assert names(app)[7:9] == ["doc08-ansokan-jamtland", "int01-vasterbotten"]
        await pilot.press("ctrl+s")  # language: English first
        assert names(app)[:3] == ["doc06-progress-report-skane", "int05-dalarna", "int08-skane"]


async def test_sources_screen_clicking_a_heading_sorts_by_it(karin: Project) -> None:
    app = CoderApp(karin)
    async with app.run_test(size=SIZE) as pilot:
        table = table_of(app)
        x = sum(column.get_render_width(table) for column in list(table.columns.values())[:3])
        await pilot.click(DataTable, offset=(x + 2, 0))  # "words": the longest first
        await pilot.pause()
        assert names(app)[:2] == ["int07-orebro", "int08-skane"]


async def test_sources_screen_shows_the_new_share_after_coding(karin: Project) -> None:
    app = CoderApp(karin)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"doc04", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        before = str(table_of_sources(app).get_row_at(0)[4])
        await pilot.press("g", "1", "o")  # its title, a paragraph of its own
        await pilot.pause()
        assert isinstance(app.screen, SourcesScreen)
        after = str(table_of(app).get_row_at(0)[4])
        assert (before, after) == ("18%", "21%")  # 5 of its 28 paragraphs, then 6


def table_of_sources(app: CoderApp) -> DataTable[object]:
    sources = next(screen for screen in app.screen_stack if isinstance(screen, SourcesScreen))
    return sources.query_one(DataTable)


async def test_sources_screen_q_types_and_ctrl_q_quits(karin: Project) -> None:
    app = CoderApp(karin)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        assert app.screen.query_one(Input).value == "q"
        assert app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_sources_screen_shows_markup_in_names_and_attributes_literally(
    project: Project, tmp_path: Path
) -> None:
    folder = tmp_path / "markup"
    folder.mkdir()
    (folder / "[red]anteckning.txt").write_text("Vi skrev [bold]fet[/] text.\n", encoding="utf-8")
    import_paths(project, [folder], ImportOptions(attributes={"not": "[@click=app.quit]x[/]"}))
    app = CoderApp(project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        (row,) = [line for line in shown_lines(table_of(app)) if "anteckning" in line]
        assert "[red]anteckning" in row
        assert "[@click=app.quit]x[/]" in row
