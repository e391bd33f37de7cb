"""Text is data: markup, control characters and very long lines in sources, code names and
memos are shown and written as they are, never obeyed, in the workspace and in every report."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from textual.widgets._toast import Toast

from coder.services.project import Project
from coder.services.workspace import save_position
from coder.tui.app import CoderApp
from coder.tui.screens.coding import CodingScreen
from coder.tui.widgets.codebook import CodebookPane
from tests.conftest import RunCli

MARKUP_NAME = "[@click=app.quit]Sluta[/] [bold]fet[/bold] <b>&amp;</b>"
CODEBOOK = """\
name: "Kodbok [red]röd[/red]"
language: sv
codes:
  - id: tema
    name: "Tema <script>alert(1)</script>"
    codable: false
    children:
      - id: farlig
        name: "[@click=app.quit]Sluta[/] \\e[31m[bold]fet[/bold]\\a <b>&amp;</b>"
        key: "1"
        description: "En beskrivning med \\e]0;titel\\a och [link=https://x]länk[/link]"
"""
LONG_LINE = "ord" * 20_000
SOURCE = (
    "Anna: [bold]Inte fet[/bold] och [@click=app.quit]inte en knapp[/] <script>x</script>.\n"
    f"Bo: {LONG_LINE}\n"
    "Anna: \x1b[2JRensa inte skärmen.\n"
)
MEMO = "Memo \x1b[31mröd\x1b[0m \x07 [bold]fet[/bold] <i>kursiv</i> \x00 slut"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A project whose codebook, source and memo hold markup, control characters, a long line."""
    path = tmp_path / "fientlig.db"
    (tmp_path / "kodbok.yaml").write_text(CODEBOOK, encoding="utf-8")
    (tmp_path / "intervju.txt").write_text(SOURCE, encoding="utf-8")
    run = RunCli(path)
    assert run("init", "--codebook", str(tmp_path / "kodbok.yaml")).exit_code == 0
    assert run("import", str(tmp_path / "intervju.txt")).exit_code == 0
    added = run("codings", "add", "intervju", "0", "30", "farlig", "--memo", MEMO)
    assert added.exit_code == 0, added.stderr
    return path


def test_text_is_data_stored_names_and_memos_hold_no_control_characters(hostile: Path) -> None:
    with Project.open(hostile) as project:
        conn = project.conn
        name, description = conn.execute(
            "SELECT name, description FROM codes WHERE id = 'farlig'"
        ).fetchone()
        (memo,) = conn.execute("SELECT text FROM memos").fetchone()
        (text,) = conn.execute("SELECT text FROM sources").fetchone()
    assert name == "[@click=app.quit]Sluta[/] [31m[bold]fet[/bold] <b>&amp;</b>"
    assert "\x1b" not in description
    assert memo == "Memo [31mröd[0m  [bold]fet[/bold] <i>kursiv</i>  slut"
    assert not CONTROL.search(text) and LONG_LINE in text


def test_text_is_data_cli_listings_print_no_control_characters(hostile: Path) -> None:
    run = RunCli(hostile)
    for command in (["codebook", "list"], ["codings", "export"], ["segments", "intervju"]):
        result = run(*command)
        assert result.exit_code == 0
        assert not CONTROL.search(result.stdout.replace("\n", "").replace("\t", ""))


def _screen_text(app: CoderApp) -> str:
    """Everything the terminal is sent for the current screen, as text."""
    update = app.screen._compositor.render_update(full=True)
    return "\n".join("".join(segment.text for segment in strip) for strip in update.strips)


@pytest.fixture
def app(hostile: Path) -> Iterator[CoderApp]:
    with Project.open(hostile, coder="anna") as project:
        save_position(project, "intervju", 0)
        yield CoderApp(project)


async def test_text_is_data_the_workspace_shows_markup_as_written_and_obeys_none(
    app: CoderApp,
) -> None:
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        shown = _screen_text(app)
        assert not CONTROL.search(shown.replace("\n", ""))
        assert "[@click=app.quit]Sluta[/]" in shown  # the code's name, literally
        assert "[bold]Inte fet[/bold]" in shown  # the source's text, literally
        pane = app.screen.query_one(CodebookPane)
        pane.focus()
        pane.move_cursor(pane._code_nodes["farlig"])
        await pilot.press("enter")  # applies it: the notification names the code
        await pilot.pause()
        toasts = [str(toast.render()) for toast in app.screen.query(Toast)]
        assert any("coded: [@click=app.quit]Sluta[/]" in toast for toast in toasts), toasts
        await pilot.press("1", "J", "J", "1")  # and again, over the long line
        await pilot.press("G", "g", "tab", "m", "escape")
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, CodingScreen)
        assert not CONTROL.search(_screen_text(app).replace("\n", ""))


def test_text_is_data_reports_escape_html_and_write_safe_docx_and_xlsx(
    hostile: Path, tmp_path: Path
) -> None:
    run = RunCli(hostile)
    for name in ("r.html", "r.md", "r.docx", "q.xlsx"):
        command = "quotes" if name.endswith("xlsx") else "report"
        result = run(command, "-o", str(tmp_path / name))
        assert result.exit_code == 0, result.stderr
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "<script>x</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "[@click=app.quit]Sluta[/]" in html
    markdown = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "<script>" not in markdown and not CONTROL.search(markdown.replace("\n", ""))
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "r.docx")).paragraphs)
    assert "Tema <script>alert(1)</script>" in text
    cells = [str(c.value) for row in load_workbook(tmp_path / "q.xlsx").active.rows for c in row]
    assert any("[bold]fet[/bold]" in cell for cell in cells)
    assert any("Memo [31mröd[0m" in cell for cell in cells)
