"""Pilot tests of the Coding screen on the demo project: every key, checked in the database."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import OptionList

from coder.domain.document import find_all
from coder.services.importing import ImportOptions, import_paths
from coder.services.project import Project
from coder.services.workspace import last_position, save_position, source_codings
from coder.tui.app import CoderApp
from coder.tui.screens.coding import CodingScreen
from coder.tui.screens.sources import SourcesScreen
from coder.tui.widgets.codebook import CodebookPane
from coder.tui.widgets.document import DocumentView
from coder.tui.widgets.segment import SegmentStrip

INT01 = "int01-vasterbotten"
SIZE = (120, 40)
AppAt = Callable[..., CoderApp]


def view_of(app: CoderApp) -> DocumentView:
    return app.screen.query_one(DocumentView)


def strip_of(app: CoderApp) -> list[str]:
    return app.screen.query_one(SegmentStrip).shown_lines


async def notes(pilot: Pilot[None]) -> list[str]:
    """The notifications on screen once the app has handled its messages.

    Textual keeps them in a private list; `notify` posts a message, hence the pause.
    """
    await pilot.pause()
    return [notification.message for notification in pilot.app._notifications]


def karins_codings(path: Path) -> list[tuple[int, int, str]]:
    """Karin's codings of int01 as (start, end, code), read afresh from the project file."""
    with Project.open(path, coder="karin") as project:
        codings = source_codings(project, INT01)
    return [(c.start, c.end, c.code) for c in codings if c.coder == "karin"]


async def test_coding_screen_opens_where_the_coder_left_off(app_at: AppAt) -> None:
    app = app_at(sentence=5)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.source == INT01
        assert view_of(app).cursor == 5
        assert app.focused is view_of(app)
        assert strip_of(app) == ["no codings here"]


async def test_coding_screen_j_k_and_arrows_move_by_sentence(app_at: AppAt) -> None:
    app = app_at(sentence=5)
    async with app.run_test(size=SIZE) as pilot:
        view = view_of(app)
        await pilot.press("j")
        assert (view.cursor, view.selection) == (6, (6, 6))
        await pilot.press("down")
        assert (view.cursor, view.selection) == (7, (7, 7))
        await pilot.press("k")
        assert (view.cursor, view.selection) == (6, (6, 6))
        await pilot.press("up", "up")
        assert (view.cursor, view.selection) == (4, (4, 4))


async def test_coding_screen_shift_keys_extend_and_shrink_the_selection(app_at: AppAt) -> None:
    app = app_at(sentence=3)
    async with app.run_test(size=SIZE) as pilot:
        view = view_of(app)
        await pilot.press("J")
        assert (view.cursor, view.selection) == (4, (3, 4))
        await pilot.press("shift+down")
        assert (view.cursor, view.selection) == (5, (3, 5))
        await pilot.press("K")
        assert (view.cursor, view.selection) == (4, (3, 4))
        await pilot.press("shift+up", "shift+up")
        assert (view.cursor, view.selection) == (2, (2, 3))
        await pilot.press("j")
        assert (view.cursor, view.selection) == (3, (3, 3))


async def test_coding_screen_brackets_move_by_turn(app_at: AppAt) -> None:
    # int01: turn 1 holds sentences 3-6, turn 2 sentence 7, turn 3 sentences 8-10.
    app = app_at(sentence=5)
    async with app.run_test(size=SIZE) as pilot:
        view = view_of(app)
        await pilot.press("right_square_bracket")
        assert view.cursor == 7
        await pilot.press("right_square_bracket")
        assert view.cursor == 8
        await pilot.press("left_square_bracket")
        assert view.cursor == 7
        await pilot.press("left_square_bracket")
        assert view.cursor == 3


async def test_coding_screen_g_and_G_go_to_the_first_and_last_sentence(app_at: AppAt) -> None:
    app = app_at(sentence=40)
    async with app.run_test(size=SIZE) as pilot:
        view = view_of(app)
        document = view.document
        assert document is not None
        last = len(document.sentences) - 1
        await pilot.press("G")
        assert (view.cursor, view.selection) == (last, (last, last))
        words = " ".join(document.sentence_text(last).split()[:3])
        assert any(words in view.render_line(y).text for y in range(view.size.height))
        await pilot.press("g")
        assert (view.cursor, view.selection) == (0, (0, 0))
        assert any("Då kör vi." in view.render_line(y).text for y in range(view.size.height))


async def test_coding_screen_code_key_codes_the_selection_and_again_removes_it(
    app_at: AppAt, karin: Project
) -> None:
    app = app_at(sentence=3)
    async with app.run_test(size=SIZE) as pilot:
        view = view_of(app)
        await pilot.press("J", "J")
        span = view.selection_span
        assert view.selection == (3, 5)
        await pilot.press("1")
        assert karins_codings(karin.path)[:1] == [(*span, "na-industrin")]
        assert strip_of(app) == ["■ Att nå industrin som målgrupp — karin (you) · human"]
        assert "coded: Att nå industrin som målgrupp" in await notes(pilot)
        pane = app.screen.query_one(CodebookPane)
        labels = [pane.render_line(y).text for y in range(pane.size.height)]
        assert any("✓ 1 ■ Att nå industrin" in label for label in labels)
        await pilot.press("1")
        assert (*span, "na-industrin") not in karins_codings(karin.path)
        assert strip_of(app) == ["no codings here"]


async def test_coding_screen_every_code_key_applies_its_code(app_at: AppAt, karin: Project) -> None:
    app = app_at(sentence=0)
    async with app.run_test(size=SIZE) as pilot:
        span = view_of(app).selection_span
        await pilot.press(*"1234567890")
        keyed = {code.key: code.id for code in app.codebook.codes if code.key}
    coded = {code for start, end, code in karins_codings(karin.path) if (start, end) == span}
    assert coded == set(keyed.values())
    assert len(coded) == 10


async def test_coding_screen_backspace_removes_your_coding_under_the_cursor(
    app_at: AppAt, karin: Project
) -> None:
    # Sentences 18-19 carry pandemin twice: karin's coding and johan's.
    app = app_at(sentence=18)
    async with app.run_test(size=SIZE) as pilot:
        assert sorted(line.split(" — ")[1] for line in strip_of(app)) == [
            "johan · import",
            "karin (you) · import",
        ]
        await pilot.press("backspace")
        assert strip_of(app) == ["■ Pandemins påverkan — johan · import"]
        assert "removed: Pandemins påverkan" in await notes(pilot)
    with Project.open(karin.path, coder="karin") as project:
        left = [(c.coder, c.code) for c in source_codings(project, INT01) if c.start == 1369]
    assert left == [("johan", "pandemin")]


async def test_coding_screen_backspace_leaves_other_coders_codings(
    app_at: AppAt, karin: Project
) -> None:
    # Sentence 20 is coded by johan only.
    app = app_at(sentence=20)
    async with app.run_test(size=SIZE) as pilot:
        before = karins_codings(karin.path)
        await pilot.press("backspace")
        assert "the codings here are johan's, not yours (karin)" in await notes(pilot)
        assert strip_of(app) == ["■ Pandemins påverkan — johan · import"]
        await pilot.press("g", "backspace")
        assert "no coding here to remove" in await notes(pilot)
    assert karins_codings(karin.path) == before


async def test_coding_screen_u_undoes_and_ctrl_r_redoes(app_at: AppAt, karin: Project) -> None:
    app = app_at(sentence=3)
    async with app.run_test(size=SIZE) as pilot:
        span = view_of(app).selection_span
        await pilot.press("u")
        assert "nothing to undo" in await notes(pilot)  # the demo's history starts sealed
        await pilot.press("2")
        assert (*span, "pandemin") in karins_codings(karin.path)
        await pilot.press("u")
        assert (*span, "pandemin") not in karins_codings(karin.path)
        assert strip_of(app) == ["no codings here"]
        await pilot.press("ctrl+r")
        assert (*span, "pandemin") in karins_codings(karin.path)
        assert strip_of(app) == ["■ Pandemins påverkan — karin (you) · human"]
        await pilot.press("ctrl+r")
        assert "nothing to redo" in await notes(pilot)


async def test_coding_screen_search_and_n_N_go_through_the_hits(app_at: AppAt) -> None:
    app = app_at(sentence=0)
    async with app.run_test(size=SIZE) as pilot:
        view = view_of(app)
        document = view.document
        assert document is not None
        hit_sentences = sorted(
            {document.sentence_at(s) for s, _ in find_all(document.text, "pandemi")}
        )
        assert len(hit_sentences) >= 3
        await pilot.press("slash", *"pandemi", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        assert view.cursor == hit_sentences[0]
        await pilot.press("n")
        assert view.cursor == hit_sentences[1]
        await pilot.press("n")
        assert view.cursor == hit_sentences[2]
        await pilot.press("N")
        assert view.cursor == hit_sentences[1]
        await pilot.press("g", "N")
        assert view.cursor == hit_sentences[-1]  # from the top, the previous hit wraps around


async def test_coding_screen_n_moves_on_from_hits_in_speaker_names(app_at: AppAt) -> None:
    app = app_at(sentence=0)
    async with app.run_test(size=SIZE) as pilot:
        view = view_of(app)
        await pilot.press("slash", *"Lindq", "enter")
        await pilot.pause()
        visited = [view.cursor]
        for _ in range(3):
            await pilot.press("n")
            visited.append(view.cursor)
        # Her name heads every other turn (and she says it in sentence 4): n goes on each time.
        assert visited == [3, 4, 8, 13]


async def test_coding_screen_search_without_hits_says_so(app_at: AppAt) -> None:
    app = app_at(sentence=4)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert "no search: press / to search" in await notes(pilot)
        await pilot.press("slash", *"zq", "enter")
        await pilot.pause()
        assert "'zq' is not in this source" in await notes(pilot)
        assert view_of(app).cursor == 4


async def test_coding_screen_f_filters_by_a_code_and_f_again_shows_all(app_at: AppAt) -> None:
    app = app_at(sentence=0)
    async with app.run_test(size=SIZE) as pilot:
        view = view_of(app)
        document = view.document
        assert document is not None
        await pilot.press("f", *"pand", "enter")
        await pilot.pause()
        assert view.filter_code == "pandemin"
        with Project.open(app.project.path, coder="karin") as project:
            turns = {
                document.sentences[document.sentence_at(c.start)].turn
                for c in source_codings(project, INT01)
                if c.code == "pandemin"
            }
        assert document.sentences[view.cursor].turn in turns
        for _ in range(4):
            await pilot.press("j")
            assert document.sentences[view.cursor].turn in turns
        shown = "\n".join(view.render_line(y).text for y in range(view.size.height))
        assert "Då kör vi." not in shown
        await pilot.press("f")
        assert view.filter_code is None
        assert "filter cleared" in await notes(pilot)
        await pilot.press("g")
        shown = "\n".join(view.render_line(y).text for y in range(view.size.height))
        assert "Då kör vi." in shown


async def test_coding_screen_tab_to_the_codebook_and_enter_applies_a_code(
    app_at: AppAt, karin: Project
) -> None:
    app = app_at(sentence=3)
    async with app.run_test(size=SIZE) as pilot:
        view = view_of(app)
        span = view.selection_span
        pane = app.screen.query_one(CodebookPane)
        await pilot.press("tab")
        assert app.focused is pane
        await pilot.press("down")
        assert pane.highlighted_code == "na-industrin"
        await pilot.press("enter")
        assert (*span, "na-industrin") in karins_codings(karin.path)
        assert app.focused is view
        await pilot.press("tab")
        assert app.focused is pane
        await pilot.press("tab")
        assert app.focused is view


async def test_coding_screen_o_goes_back_to_sources_and_keeps_the_place(
    app_at: AppAt, karin: Project
) -> None:
    app = app_at(sentence=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "o")
        await pilot.pause()
        assert isinstance(app.screen, SourcesScreen)
    with Project.open(karin.path, coder="karin") as project:
        assert last_position(project) == (INT01, 5)


async def test_coding_screen_q_quits(app_at: AppAt) -> None:
    app = app_at(sentence=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_coding_screen_a_key_without_a_code_notifies(project: Project, corpus: Path) -> None:
    import_paths(project, [corpus], ImportOptions())  # the test codebook has keys 1, 2 and 6
    save_position(project, "int01", 1)
    app = CoderApp(project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        assert "no code has the key 4" in await notes(pilot)
        assert isinstance(app.screen, CodingScreen)
        await pilot.press("1")
        assert any(c.code == "na-industrin" for c in source_codings(project, "int01"))


def remove_source_behind_the_apps_back(path: Path, name: str) -> None:
    """Delete a source and its codings from another connection, as another program might.

    coder has no command that removes a source; this is the worst case a window can meet.
    """
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("PRAGMA foreign_keys = ON")
        source_id = conn.execute("SELECT id FROM sources WHERE name = ?", [name]).fetchone()[0]
        conn.execute(
            "DELETE FROM memos WHERE coding_id IN (SELECT id FROM codings WHERE source_id = ?)",
            [source_id],
        )
        conn.execute("DELETE FROM codings WHERE source_id = ?", [source_id])
        conn.execute("DELETE FROM sources WHERE id = ?", [source_id])
    conn.close()


async def test_coding_screen_survives_its_source_being_removed_underneath(
    app_at: AppAt, karin: Project
) -> None:
    app = app_at(sentence=3)
    async with app.run_test(size=SIZE) as pilot:
        remove_source_behind_the_apps_back(karin.path, INT01)
        await pilot.press("1")
        assert any("no source named 'int01-vasterbotten'" in note for note in await notes(pilot))
        await pilot.press("backspace", "m", *"x", "ctrl+s")  # a memo on the source: refused
        await pilot.press("escape")
        app.screen._poll()  # the other program's commit: read again, find nothing
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        assert strip_of(app) == ["no codings here"]
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, SourcesScreen)
        assert app.screen.sub_title == "19 of 19 sources"
        assert app.is_running


async def test_coding_screen_shows_markup_in_text_and_code_names_literally(
    project: Project, tmp_path: Path
) -> None:
    text = "Vi skrev [bold]fet[/] i chatten.\n\nOch [@click=app.quit]x[/] där.\n\nSen [red] bara.\n"
    (tmp_path / "markup.txt").write_text(text, encoding="utf-8")
    import_paths(project, [tmp_path / "markup.txt"], ImportOptions())
    save_position(project, "markup", 0)
    app = CoderApp(project)
    async with app.run_test(size=SIZE) as pilot:
        view = view_of(app)
        lines = [view.render_line(y).text.strip() for y in range(view.size.height)]
        assert lines[:5] == [
            "Vi skrev [bold]fet[/] i chatten.",
            "",
            "Och [@click=app.quit]x[/] där.",
            "",
            "Sen [red] bara.",
        ]
        await pilot.press("c", *"[b]kod[/b]")
        options = app.screen.query_one(OptionList)
        for _ in range(options.option_count - 1):
            await pilot.press("down")
        await pilot.press("enter", "enter")  # create it, under the first theme
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        assert strip_of(app) == ["■ [b]kod[/b] — anna (you) · human"]
        pane = app.screen.query_one(CodebookPane)
        labels = [pane.render_line(y).text for y in range(pane.size.height)]
        assert any("■ [b]kod[/b]  1/1" in label for label in labels)
        shown = "\n".join(view.render_line(y).text for y in range(view.size.height))
        assert "[b]kod[/b]" in shown  # the margin label of the new coding
        assert app.is_running
