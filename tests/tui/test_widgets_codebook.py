"""Pilot tests of the codebook pane: labels, ticks, counts, Enter on a code, kept state."""

from __future__ import annotations

from textual.app import App, ComposeResult

from coder.domain.codebook import Code, Codebook
from coder.tui.widgets.codebook import CodebookPane

CODES = [
    Code("utmaningar", "Utmaningar", codable=False),
    Code("pandemin", "Pandemins påverkan", parent_id="utmaningar", key="2", color="#e74c3c"),
    Code("na-industrin", "Att nå industrin", parent_id="utmaningar", key="1"),
    Code("lardomar", "Lärdomar", codable=False),
    Code("digitala-moten", "Digitala möten", parent_id="lardomar", key="6"),
    Code("markup", "[red]x[/] och [@click=app.quit]", parent_id="lardomar"),
]
CODEBOOK = Codebook.from_codes("Test", "sv", "", CODES)
COUNTS = {"pandemin": (3, 12), "na-industrin": (0, 4)}


class CodebookApp(App[None]):
    """A bare app around one CodebookPane that records the codes chosen."""

    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[str] = []

    def compose(self) -> ComposeResult:
        yield CodebookPane("Codebook")

    def on_mount(self) -> None:
        pane = self.query_one(CodebookPane)
        pane.show(CODEBOOK, COUNTS, {"pandemin"})
        pane.focus()

    def on_codebook_pane_code_chosen(self, event: CodebookPane.CodeChosen) -> None:
        self.chosen.append(event.code)


def pane_lines(pane: CodebookPane) -> list[str]:
    return [pane.render_line(y).text.rstrip() for y in range(pane.size.height)]


def line_of(pane: CodebookPane, needle: str) -> str:
    return next(line for line in pane_lines(pane) if needle in line)


async def test_codebook_pane_shows_themes_codes_keys_counts_and_ticks() -> None:
    app = CodebookApp()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        pane = app.query_one(CodebookPane)
        assert line_of(pane, "Utmaningar").endswith("Utmaningar  3/16")
        assert line_of(pane, "Pandemins").endswith("✓ 2 ■ Pandemins påverkan  3/12")
        assert line_of(pane, "Att nå").endswith("  1 ■ Att nå industrin  0/4")
        assert line_of(pane, "Digitala").endswith("  6 ■ Digitala möten")
        pane.show(CODEBOOK, COUNTS, {"na-industrin"})
        await pilot.pause()
        assert "✓" not in line_of(pane, "Pandemins")
        assert "✓ 1 ■ Att nå industrin" in line_of(pane, "Att nå")


async def test_codebook_pane_shows_markup_in_names_literally() -> None:
    app = CodebookApp()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        pane = app.query_one(CodebookPane)
        assert line_of(pane, "och").endswith("■ [red]x[/] och [@click=app.quit]")


async def test_codebook_pane_enter_on_a_code_posts_code_chosen() -> None:
    app = CodebookApp()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        pane = app.query_one(CodebookPane)
        assert pane.highlighted_code == "utmaningar"
        await pilot.press("enter")  # a theme is not codable: it folds instead
        assert app.chosen == []
        assert "Pandemins" not in "".join(pane_lines(pane))
        await pilot.press("enter", "down", "enter")
        assert pane.highlighted_code == "pandemin"
        await pilot.pause()
        assert app.chosen == ["pandemin"]


async def test_codebook_pane_click_only_highlights() -> None:
    app = CodebookApp()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        pane = app.query_one(CodebookPane)
        await pilot.click(CodebookPane, offset=(10, 2))
        await pilot.pause()
        assert pane.highlighted_code == "na-industrin"
        assert app.chosen == []


async def test_codebook_pane_keeps_expansion_and_highlight_when_codes_change() -> None:
    app = CodebookApp()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        pane = app.query_one(CodebookPane)
        await pilot.press("down", "down", "down")  # to Lärdomar
        await pilot.press("enter")  # fold it
        await pilot.press("up")  # to Att nå industrin
        assert pane.highlighted_code == "na-industrin"
        grown = Codebook.from_codes(
            "Test", "sv", "", [*CODES, Code("ny", "Ny kod", parent_id="utmaningar")]
        )
        pane.show(grown, COUNTS, set())
        await pilot.pause()
        assert pane.highlighted_code == "na-industrin"
        lines = "\n".join(pane_lines(pane))
        assert "Ny kod" in lines
        assert "Digitala möten" not in lines  # Lärdomar stayed folded
