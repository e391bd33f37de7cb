"""Deleting a code in the codebook pane asks where its codings go; `u` brings everything back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from coder.services.coding import apply_code
from coder.services.project import Project
from coder.services.workspace import save_position
from coder.storage import codings as coding_store
from coder.tui.app import CoderApp
from coder.tui.screens.code_removal import DeleteCodeDialog
from coder.tui.screens.coding import CodingScreen
from coder.tui.screens.picker import CodePicker
from coder.tui.widgets.codebook import CodebookPane

SIZE = (120, 40)


@pytest.fixture
def open_app() -> Iterator[Callable[[Path], CoderApp]]:
    """Makes anna's app on a project, opened on int01; closes the project afterwards."""
    opened: list[Project] = []

    def make(path: Path) -> CoderApp:
        project = Project.open(path, coder="anna")
        opened.append(project)
        save_position(project, "int01", 0)
        return CoderApp(project)

    yield make
    for project in opened:
        project.close()


def _codes_of_codings(path: Path) -> list[str]:
    with Project.open(path) as project:
        return sorted(c.code for c in coding_store.list_codings(project.conn))


def _options(dialog: DeleteCodeDialog) -> list[str]:
    options = dialog.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def _delete_in_pane(app: CoderApp, pilot: Pilot[None], code: str) -> None:
    pane = app.screen.query_one(CodebookPane)
    pane.focus()
    pane.move_cursor(pane._code_nodes[code])
    await pilot.press("delete")


async def test_code_removal_tui_moves_codings_to_another_code_and_u_undoes(
    project_file: Path, open_app: Callable[[Path], CoderApp]
) -> None:
    with Project.open(project_file, coder="anna") as project:
        apply_code(project, "int01", 0, 8, "pandemin")
        apply_code(project, "int01", 10, 20, "pandemin")
    app = open_app(project_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        await _delete_in_pane(app, pilot, "pandemin")
        dialog = app.screen
        assert isinstance(dialog, DeleteCodeDialog)
        assert _options(dialog) == [
            "Move its codings to another code…",
            "Delete the code and its 2 codings",
            "Cancel",
        ]
        await pilot.press("enter")  # move to another code
        assert isinstance(app.screen, CodePicker)
        await pilot.press(*"Digitala", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        assert app.codebook.get("pandemin") is None
        assert _codes_of_codings(project_file) == ["digitala-moten", "digitala-moten"]
        await pilot.press("u")
        await pilot.pause()
        assert app.codebook.get("pandemin") is not None
    assert _codes_of_codings(project_file) == ["pandemin", "pandemin"]


async def test_code_removal_tui_escape_and_cancel_change_nothing(
    project_file: Path, open_app: Callable[[Path], CoderApp]
) -> None:
    with Project.open(project_file, coder="anna") as project:
        apply_code(project, "int01", 0, 8, "pandemin")
    app = open_app(project_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _delete_in_pane(app, pilot, "pandemin")
        await pilot.press("escape")
        await _delete_in_pane(app, pilot, "pandemin")
        await pilot.press("up", "enter")  # Cancel, the last choice
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        assert app.codebook.get("pandemin") is not None
    assert _codes_of_codings(project_file) == ["pandemin"]


async def test_code_removal_tui_deletes_codings_with_the_code_when_asked(
    project_file: Path, open_app: Callable[[Path], CoderApp]
) -> None:
    with Project.open(project_file, coder="anna") as project:
        apply_code(project, "int01", 0, 8, "pandemin")
    app = open_app(project_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _delete_in_pane(app, pilot, "pandemin")
        await pilot.press("down", "enter")  # delete the code and its coding
        await pilot.pause()
        assert app.codebook.get("pandemin") is None
        assert _codes_of_codings(project_file) == []
        await pilot.press("u")
        await pilot.pause()
    assert _codes_of_codings(project_file) == ["pandemin"]


async def test_code_removal_tui_code_without_codings_asks_once(
    project_file: Path, open_app: Callable[[Path], CoderApp]
) -> None:
    app = open_app(project_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _delete_in_pane(app, pilot, "digitala-moten")
        dialog = app.screen
        assert isinstance(dialog, DeleteCodeDialog)
        assert _options(dialog) == ["Delete the code", "Cancel"]
        await pilot.press("enter")
        await pilot.pause()
        assert app.codebook.get("digitala-moten") is None


async def test_code_removal_tui_deleting_the_filtered_code_keeps_the_screen_working(
    project_file: Path, open_app: Callable[[Path], CoderApp]
) -> None:
    with Project.open(project_file, coder="anna") as project:
        apply_code(project, "int01", 0, 8, "pandemin")
    app = open_app(project_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f", *"Pandemins", "enter")  # show only turns coded pandemin
        await pilot.pause()
        await _delete_in_pane(app, pilot, "pandemin")
        await pilot.press("down", "enter")  # delete it with its coding
        await pilot.pause()
        await pilot.press("j", "k", "G", "f", "u")
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        assert app.codebook.get("pandemin") is not None
