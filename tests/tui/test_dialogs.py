"""Pilot tests of the workspace's dialogs: code picker, removing one of several, memos, help."""

from __future__ import annotations

import re
from collections.abc import Callable
from io import StringIO
from pathlib import Path

from rich.console import Console
from textual.widgets import OptionList, TextArea

from coder.services.codebook import project_codebook
from coder.services.project import Project
from coder.services.workspace import OnCode, OnCoding, OnSource, memo_text, source_codings
from coder.tui.app import CoderApp
from coder.tui.screens.coding import CodingScreen
from coder.tui.screens.dialogs import ChooseCoding
from coder.tui.screens.help import HelpScreen
from coder.tui.screens.memo import MemoEditor
from coder.tui.screens.picker import CodePicker
from coder.tui.screens.sources import SourcesScreen
from coder.tui.widgets.codebook import CodebookPane
from coder.tui.widgets.document import DocumentView

INT01 = "int01-vasterbotten"
SIZE = (120, 40)
AppAt = Callable[..., CoderApp]


def karins_codings(path: Path) -> list[tuple[int, int, str]]:
    with Project.open(path, coder="karin") as project:
        codings = source_codings(project, INT01)
    return [(c.start, c.end, c.code) for c in codings if c.coder == "karin"]


def option_texts(options: OptionList) -> list[str]:
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def help_text(screen: HelpScreen) -> str:
    console = Console(file=StringIO(), width=100, record=True)
    console.print(screen.table)
    return console.export_text()


def help_keys(text: str) -> dict[str, set[str]]:
    """The help table as description → the keys listed for it."""
    rows = [re.split(r"\s{2,}", line.strip(), maxsplit=1) for line in text.splitlines()]
    return {row[1]: set(row[0].split(" / ")) for row in rows if len(row) == 2}


# --- the code picker ----------------------------------------------------------------------------


async def test_dialogs_picker_finds_a_code_by_name_and_enter_applies_it(
    app_at: AppAt, karin: Project
) -> None:
    app = app_at(sentence=3)
    async with app.run_test(size=SIZE) as pilot:
        span = app.screen.query_one(DocumentView).selection_span
        await pilot.press("c")
        assert isinstance(app.screen, CodePicker)
        await pilot.press(*"digi")
        options = app.screen.query_one(OptionList)
        assert option_texts(options)[0].startswith("■ Digitala möten  [6]  Lärdomar")
        assert option_texts(options)[-1] == "+ create a new code 'digi' …"
        await pilot.press("down", "down", "up")  # the arrows move the highlight while typing
        assert options.highlighted == 1
        await pilot.press("up", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
    assert (*span, "digitala-moten") in karins_codings(karin.path)


async def test_dialogs_picker_escape_cancels(app_at: AppAt, karin: Project) -> None:
    app = app_at(sentence=3)
    async with app.run_test(size=SIZE) as pilot:
        before = karins_codings(karin.path)
        await pilot.press("c", "escape")
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
    assert karins_codings(karin.path) == before


async def test_dialogs_picker_creates_a_new_code_under_a_chosen_parent(
    app_at: AppAt, karin: Project
) -> None:
    app = app_at(sentence=3)
    async with app.run_test(size=SIZE) as pilot:
        span = app.screen.query_one(DocumentView).selection_span
        await pilot.press("c", *"Qx")
        options = app.screen.query_one(OptionList)
        assert option_texts(options) == ["+ create a new code 'Qx' …"]
        await pilot.press("enter")
        texts = option_texts(options)
        assert texts[:3] == [
            "(top level: a new theme of its own)",
            "■ Utmaningar",
            "  ■ Att nå industrin som målgrupp",
        ]
        assert options.highlighted == 1  # the first theme
        await pilot.press("down", "down")  # to the code Pandemins påverkan
        assert texts[options.highlighted or 0] == "  ■ Pandemins påverkan"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        pane = app.screen.query_one(CodebookPane)
        labels = [pane.render_line(y).text for y in range(pane.size.height)]
        assert any("■ Qx  1/1" in label for label in labels)
    with Project.open(karin.path, coder="karin") as project:
        codebook = project_codebook(project)
    created = next(code for code in codebook.codes if code.name == "Qx")
    assert created.parent_id == "pandemin"
    assert created.codable
    assert (*span, created.id) in karins_codings(karin.path)


async def test_dialogs_picker_creates_a_top_level_code_and_undo_takes_it_away(
    app_at: AppAt, karin: Project
) -> None:
    app = app_at(sentence=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", *"Qx", "enter", "up", "enter")
        await pilot.pause()
        assert any(code.name == "Qx" and code.parent_id is None for code in app.codebook.codes)
        await pilot.press("u", "u")  # the coding, then the code
        await pilot.pause()
        assert not any(code.name == "Qx" for code in app.codebook.codes)
    with Project.open(karin.path, coder="karin") as project:
        assert not any(code.name == "Qx" for code in project_codebook(project).codes)


# --- removing one of several codings -----------------------------------------------------------


async def test_dialogs_backspace_on_several_codings_asks_which(
    app_at: AppAt, karin: Project
) -> None:
    app = app_at(sentence=3)
    async with app.run_test(size=SIZE) as pilot:
        span = app.screen.query_one(DocumentView).selection_span
        await pilot.press("1", "2", "backspace")
        await pilot.pause()
        assert isinstance(app.screen, ChooseCoding)
        options = app.screen.query_one(OptionList)
        assert option_texts(options) == [
            "■ Att nå industrin som målgrupp  karin",
            "■ Pandemins påverkan  karin",
        ]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        assert {(*span, "na-industrin"), (*span, "pandemin")} <= set(karins_codings(karin.path))
        await pilot.press("backspace", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
    mine = karins_codings(karin.path)
    assert (*span, "na-industrin") in mine
    assert (*span, "pandemin") not in mine


# --- memos --------------------------------------------------------------------------------------


async def test_dialogs_memo_on_a_coding_is_saved_and_shown_again(
    app_at: AppAt, karin: Project
) -> None:
    app = app_at(sentence=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "m")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, MemoEditor)
        assert option_texts(editor.query_one(OptionList)) == [
            "coding  Att nå industrin som målgrupp  by karin",
            f"source  {INT01}",
            "code  Att nå industrin som målgrupp",
        ]
        assert app.focused is editor.query_one(TextArea)
        await pilot.press(*"Se [x]", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        await pilot.press("m")
        await pilot.pause()
        assert app.screen.query_one(TextArea).text == "Se [x]"
        await pilot.press("escape")
    with Project.open(karin.path, coder="karin") as project:
        (coding,) = [c for c in source_codings(project, INT01) if c.code == "na-industrin"][:1]
        assert memo_text(project, OnCoding(coding.id)) == "Se [x]"


async def test_dialogs_memo_on_the_source_and_on_a_code_and_undo(
    app_at: AppAt, karin: Project
) -> None:
    app = app_at(sentence=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        assert option_texts(app.screen.query_one(OptionList)) == [f"source  {INT01}"]
        await pilot.press(*"Källa", "ctrl+s")
        await pilot.press("2", "m")
        await pilot.pause()
        await pilot.press("shift+tab")  # from the memo to the list of targets
        assert isinstance(app.focused, OptionList)
        await pilot.press("down", "down", "enter")  # the code pandemin
        assert isinstance(app.focused, TextArea)
        await pilot.press(*"Kod", "ctrl+s")
        await pilot.pause()
        with Project.open(karin.path, coder="karin") as project:
            assert memo_text(project, OnSource(INT01)) == "Källa"
            assert memo_text(project, OnCode("pandemin")) == "Kod"
        await pilot.press("u")
        await pilot.pause()
    with Project.open(karin.path, coder="karin") as project:
        assert memo_text(project, OnCode("pandemin")) == ""
        assert memo_text(project, OnSource(INT01)) == "Källa"


# --- help ---------------------------------------------------------------------------------------


async def test_dialogs_help_lists_every_key_of_the_coding_screen(app_at: AppAt) -> None:
    app = app_at(sentence=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = help_text(app.screen)
        for description in (
            "Next sentence",
            "Previous sentence",
            "Extend selection",
            "Shrink selection",
            "Next turn",
            "Previous turn",
            "First sentence",
            "Last sentence",
            "Code…",
            "Remove coding",
            "Undo",
            "Redo",
            "Memo",
            "Search",
            "Next hit",
            "Previous hit",
            "Filter",
            "Sources",
            "Help",
            "Quit",
        ):
            assert description in text, description
        keys = help_keys(text)
        assert keys["Next sentence"] == {"j", "↓"}
        assert keys["Previous sentence"] == {"k", "↑"}
        assert keys["Extend selection"] == {"J", "shift+↓"}
        assert keys["Shrink selection"] == {"K", "shift+↑"}
        assert keys["Next turn"] == {"]"}
        assert keys["First sentence"] == {"g", "home"}
        assert keys["Last sentence"] == {"G", "end"}
        assert keys["Code…"] == {"c"}
        assert keys["Search"] == {"/"}
        assert keys["Help"] == {"?", "f1"}
        assert keys["toggle the code with that key on the selection"] == {
            "1, 2, 3, 4, 5, 6, 7, 8, 9, 0"
        }
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)


async def test_dialogs_help_on_sources_with_f1(karin: Project) -> None:
    app = CoderApp(karin)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = help_text(app.screen)
        assert "Open" in text
        assert "Sort by next column" in text
        assert "Next sentence" not in text
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, SourcesScreen)


async def test_dialogs_search_escape_cancels(app_at: AppAt) -> None:
    app = app_at(sentence=4)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", "x", "escape")
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.query_one(DocumentView).cursor == 4
        assert app.screen.hits == []
