"""Pilot tests of the document view: moving by sentence and turn, selections, codings, filter."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from textual.app import App, ComposeResult

from coder.domain.codebook import Code, Codebook
from coder.domain.coding import Coding, Origin, Status
from coder.domain.document import DocSentence, DocTurn, Document
from coder.tui.widgets.document import DocumentView

TurnSpec = tuple[str | None, float | None, bool, list[str]]

PREFACE = "Intervju 3, Västerbotten\nDatum: 2022-03-04\n\n"
TURNS: list[TurnSpec] = [
    ("Intervjuare", 5.0, True, ["Hur påverkade pandemin projektet?"]),
    (
        "Maria Lindqvist",
        12.0,
        False,
        [
            "Ja, alltså, vi fick ställa in alla företagsbesök.",
            "Det var t.ex. svårt att nå de små företagen.",
            "Vi skrev [bold]x[/] och [@click=app.quit] i chatten.",
        ],
    ),
    ("Intervjuare", 65.0, True, ["Och de digitala mötena?"]),
    (
        "Maria Lindqvist",
        3725.0,
        False,
        ["De fungerade bättre än väntat.", "Vi hade ca. 20 möten."],
    ),
]


def make_document(
    turns: Sequence[TurnSpec], preface: str = "", *, kind: str = "interview"
) -> Document:
    """A Document as the workspace would open it: "Speaker: text" lines after a preface."""
    text = preface
    doc_turns: list[DocTurn] = []
    sentences: list[DocSentence] = []
    for speaker, timestamp, interviewer, said in turns:
        text += f"{speaker}: " if speaker else ""
        start, first = len(text), len(sentences)
        for number, sentence in enumerate(said):
            text += " " if number else ""
            sentences.append(
                DocSentence(len(sentences), len(doc_turns), len(text), len(text) + len(sentence))
            )
            text += sentence
        doc_turns.append(
            DocTurn(
                len(doc_turns), speaker, timestamp, start, len(text), interviewer, first, len(said)
            )
        )
        text += "\n\n" if speaker is None else "\n"
    return Document("intervju-3", kind, "sv", text, tuple(doc_turns), tuple(sentences))


CODEBOOK = Codebook.from_codes(
    "Test",
    "sv",
    "",
    [
        Code("utmaningar", "Utmaningar", codable=False),
        Code("pandemin", "Pandemin", parent_id="utmaningar", key="2", color="#e74c3c"),
        Code("na-industrin", "Att nå industrin", parent_id="utmaningar", key="1"),
        Code("lardomar", "Lärdomar", codable=False),
        Code("digitala-moten", "Digitala möten", parent_id="lardomar", key="6"),
    ],
)


def coding(
    number: int,
    span: tuple[int, int],
    code: str,
    *,
    coder: str | None = "anna",
    status: Status = Status.ACCEPTED,
    origin: Origin = Origin.HUMAN,
) -> Coding:
    start, end = span
    stamp = "2024-05-01T10:00:00"
    return Coding(number, "intervju-3", start, end, code, coder, origin, status, stamp, stamp)


class DocumentApp(App[None]):
    """A bare app around one DocumentView that records the CursorMoved messages."""

    def __init__(self, document: Document, codings: Sequence[Coding] = (), cursor: int = 0) -> None:
        super().__init__()
        self.document = document
        self.codings = list(codings)
        self.start = cursor
        self.moves: list[tuple[int, int, int]] = []

    def compose(self) -> ComposeResult:
        yield DocumentView()

    def on_mount(self) -> None:
        view = self.query_one(DocumentView)
        view.load(self.document, self.codings, CODEBOOK, "anna", cursor=self.start)
        view.focus()

    def on_document_view_cursor_moved(self, event: DocumentView.CursorMoved) -> None:
        self.moves.append((event.sentence, event.first, event.last))


def screen_lines(view: DocumentView) -> list[str]:
    """The rows of the view as a reader sees them (without colours)."""
    return [view.render_line(y).text for y in range(view.size.height)]


def row_with(view: DocumentView, needle: str) -> int:
    return next(y for y, line in enumerate(screen_lines(view)) if needle in line)


def style_at(view: DocumentView, needle: str) -> Style:
    """The style of the first character of `needle` where the view shows it."""
    y = row_with(view, needle)
    column = screen_lines(view)[y].index(needle)
    for segment in view.render_line(y):
        if column < len(segment.text):
            assert segment.style is not None
            return segment.style
        column -= len(segment.text)
    raise AssertionError(needle)


async def test_document_view_shows_preface_speakers_and_timestamps() -> None:
    app = DocumentApp(make_document(TURNS, PREFACE))
    async with app.run_test(size=(100, 30)):
        lines = screen_lines(app.query_one(DocumentView))
        assert lines[0].strip() == "Intervju 3, Västerbotten"
        assert any(line.strip() == "Intervjuare (I)  00:05" for line in lines)
        assert any(line.strip() == "Maria Lindqvist  00:12" for line in lines)
        assert any(line.strip() == "Maria Lindqvist  1:02:05" for line in lines)
        assert all(len(line) == 100 for line in lines)


async def test_document_view_shows_markup_literally() -> None:
    app = DocumentApp(make_document(TURNS, PREFACE))
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(DocumentView)
        text = " ".join(line[2:74].strip() for line in screen_lines(view))
        assert "Vi skrev [bold]x[/] och [@click=app.quit] i chatten." in text
        await pilot.click(DocumentView, offset=(2 + 30, row_with(view, "@click")))
        assert app.is_running
        assert view.cursor == 3


async def test_document_view_moves_by_sentence() -> None:
    app = DocumentApp(make_document(TURNS, PREFACE))
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.press("j", "j", "down")
        assert view.cursor == 3
        assert view.selection == (3, 3)
        await pilot.press("k", "up")
        assert view.cursor == 1
        await pilot.press("k", "k")  # stays on the first sentence
        assert view.cursor == 0
        assert app.moves == [
            (0, 0, 0),
            (1, 1, 1),
            (2, 2, 2),
            (3, 3, 3),
            (2, 2, 2),
            (1, 1, 1),
            (0, 0, 0),
        ]


async def test_document_view_extends_and_shrinks_the_selection() -> None:
    document = make_document(TURNS, PREFACE)
    app = DocumentApp(document, cursor=2)
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.press("J", "shift+down")
        assert (view.cursor, view.selection) == (4, (2, 4))
        assert view.selection_span == (document.sentences[2].start, document.sentences[4].end)
        await pilot.press("K")
        assert app.moves[-1] == (3, 2, 3)
        await pilot.press("K", "K", "shift+up")  # back to the anchor, then past it upwards
        assert app.moves[-2:] == [(1, 1, 2), (0, 0, 2)]
        await pilot.press("j")  # a plain move collapses the selection
        assert view.selection == (1, 1)


async def test_document_view_moves_by_turn_and_to_the_ends() -> None:
    app = DocumentApp(make_document(TURNS, PREFACE), cursor=2)
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.press("right_square_bracket")
        assert view.cursor == 4
        await pilot.press("right_square_bracket", "right_square_bracket")  # last turn: stays
        assert view.cursor == 5
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert view.cursor == 1
        await pilot.press("G")
        assert view.cursor == 6
        await pilot.press("g")
        assert view.cursor == 0


async def test_document_view_marks_codings_in_gutter_and_margin() -> None:
    document = make_document(TURNS, PREFACE)
    codings = [
        coding(1, document.span(1, 1), "pandemin"),
        coding(2, document.span(1, 2), "na-industrin", coder="johan"),
        coding(3, document.span(4, 4), "digitala-moten", status=Status.PENDING, origin=Origin.RULE),
        coding(4, document.span(5, 5), "pandemin", status=Status.REJECTED, origin=Origin.MODEL),
    ]
    app = DocumentApp(document, codings)
    async with app.run_test(size=(100, 30)):
        view = app.query_one(DocumentView)
        first = row_with(view, "Ja, alltså")
        lines = screen_lines(view)
        assert lines[first].startswith("▎▎Ja, alltså")
        assert lines[first].rstrip().endswith("■ Pandemin")
        assert lines[first + 1].rstrip().endswith("■ Att nå industrin (J)")
        assert lines[row_with(view, "Och de digitala")].rstrip().endswith("? Digitala möten")
        assert not lines[row_with(view, "De fungerade")].startswith("▎")  # rejected: not shown
        bars = [segment.style for segment in view.render_line(first) if segment.text == "▎"]
        colors = {style.color.name for style in bars if style is not None and style.color}
        assert "#e74c3c" in colors and len(colors) == 2
        other = next(
            segment for segment in view.render_line(first + 1) if "industrin" in segment.text
        )
        assert other.style is not None and other.style.italic


async def test_document_view_highlights_cursor_selection_and_search() -> None:
    document = make_document(TURNS, PREFACE)
    app = DocumentApp(document, cursor=1)
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.press("J")
        hit = document.text.index("chatten")
        view.set_search([(hit, hit + len("chatten"))])
        await pilot.pause()
        plain = style_at(view, "Och de digitala").bgcolor
        selected = style_at(view, "Ja, alltså").bgcolor
        cursor = style_at(view, "Det var").bgcolor
        search = style_at(view, "chatten").bgcolor
        assert len({str(plain), str(selected), str(cursor), str(search)}) == 4
        view.set_search([])
        await pilot.pause()
        assert style_at(view, "chatten").bgcolor == plain


async def test_document_view_filter_hides_turns_and_navigation_skips_them() -> None:
    document = make_document(TURNS, PREFACE)
    codings = [
        coding(1, document.span(0, 0), "pandemin"),
        coding(2, document.span(5, 5), "digitala-moten", status=Status.PENDING),
    ]
    app = DocumentApp(document, codings, cursor=2)
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(DocumentView)
        view.set_filter("pandemin")
        await pilot.pause()
        text = "".join(screen_lines(view))
        assert "Hur påverkade pandemin" in text
        assert "Maria Lindqvist" not in text
        assert "Intervju 3" not in text  # the preface goes too
        assert view.cursor == 0  # the hidden cursor came to a shown turn
        view.set_filter("utmaningar")  # a theme shows the turns of its codes
        await pilot.pause()
        assert "Maria Lindqvist" not in "".join(screen_lines(view))
        view.set_filter("lardomar")
        await pilot.pause()
        assert view.cursor == 5
        view.set_filter(None)
        view.set_filter("digitala-moten")
        await pilot.press("g")
        assert view.cursor == 5
        await pilot.press("k", "left_square_bracket", "K")
        assert view.cursor == 5
        view.set_filter("na-industrin")  # nothing coded: says so
        await pilot.pause()
        assert "No turn here holds a coding of Att nå industrin." in screen_lines(view)[0]
        view.set_filter(None)
        await pilot.pause()
        await pilot.press("g", "right_square_bracket")
        assert view.cursor == 1


async def test_document_view_set_codings_keeps_cursor_and_selection() -> None:
    document = make_document(TURNS, PREFACE)
    app = DocumentApp(document, cursor=4)
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.press("J")
        row = row_with(view, "Och de digitala")
        codings = [coding(n, document.span(4, 5), "digitala-moten") for n in range(1, 4)]
        view.set_codings(codings, CODEBOOK)
        await pilot.pause()
        assert (view.cursor, view.selection) == (5, (4, 5))
        assert row_with(view, "Och de digitala") == row
        assert sum("■ Digitala möten" in line for line in screen_lines(view)) == 3


async def test_document_view_goto_scrolls_to_the_sentence() -> None:
    turns: list[TurnSpec] = [
        (f"Talare {n}", float(n * 60), n % 2 == 0, [f"Mening {n} a.", f"Mening {n} b."])
        for n in range(60)
    ]
    app = DocumentApp(make_document(turns))
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(DocumentView)
        view.goto(101)
        await pilot.pause()
        assert view.cursor == 101
        assert any("Mening 50 b." in line for line in screen_lines(view))
        await pilot.press("G")
        assert any("Mening 59 b." in line for line in screen_lines(view))
        view.goto(3, keep_selection=True)
        assert view.selection == (3, 119)
        view.load(make_document(TURNS, PREFACE), [], CODEBOOK, "anna")  # short: no scrollbar
        await pilot.pause()
        assert view.scroll_offset.y == 0
        assert "Intervju 3" in screen_lines(view)[0]


async def test_document_view_paragraphs_without_speakers() -> None:
    paragraphs: list[TurnSpec] = [
        (None, None, False, ["Projektet har genomfört tolv företagsbesök under året."]),
        (None, None, False, ["Pandemin har försenat arbetet.", "Testbädden blev klar i maj."]),
    ]
    app = DocumentApp(make_document(paragraphs, "# Lägesrapport 2021\n\n", kind="document"))
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(DocumentView)
        lines = [line.strip() for line in screen_lines(view)]
        assert lines[:7] == [
            "# Lägesrapport 2021",
            "",
            "Projektet har genomfört tolv företagsbesök under året.",
            "",
            "Pandemin har försenat arbetet. Testbädden blev klar i maj.",
            "",
            "",
        ]
        await pilot.press("right_square_bracket", "j")
        assert view.cursor == 2


async def test_document_view_fits_a_small_terminal() -> None:
    """80×24 with the codebook beside it leaves about 40 columns: the margin narrows."""
    document = make_document(TURNS, PREFACE)
    codings = [coding(1, document.span(1, 1), "na-industrin", coder="johan")]

    class Narrow(DocumentApp):
        CSS = "DocumentView { width: 40; }"

    app = Narrow(document, codings)
    async with app.run_test(size=(80, 24)):
        view = app.query_one(DocumentView)
        lines = screen_lines(view)
        assert all(len(line) == 40 for line in lines)
        labelled = lines[row_with(view, "Ja, alltså")]
        assert labelled.endswith("■ Att nå… ")  # cut to the margin; italic marks the coder


async def test_document_view_wraps_again_on_resize_and_keeps_the_cursor_in_view() -> None:
    turns: list[TurnSpec] = [
        (f"Talare {n}", None, False, [f"Mening {n} " + "ord " * 20 + "slut."]) for n in range(40)
    ]
    app = DocumentApp(make_document(turns), cursor=30)
    async with app.run_test(size=(120, 30)) as pilot:
        view = app.query_one(DocumentView)
        assert any("Mening 30" in line for line in screen_lines(view))
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        lines = screen_lines(view)
        assert all(len(line) == 80 for line in lines)
        assert any("Mening 30" in line for line in lines)
        assert view.cursor == 30


async def test_document_view_clicking_a_sentence_moves_the_cursor() -> None:
    app = DocumentApp(make_document(TURNS, PREFACE))
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.click(DocumentView, offset=(5, row_with(view, "De fungerade")))
        assert view.cursor == 5
        await pilot.click(DocumentView, offset=(5, 0))  # the preface is not selectable
        assert view.cursor == 5


async def test_document_view_redraws_in_a_new_theme() -> None:
    app = DocumentApp(make_document(TURNS, PREFACE))
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(DocumentView)
        app.theme = "textual-dark"
        await pilot.pause()
        dark = style_at(view, "Maria Lindqvist")
        app.theme = "textual-light"
        await pilot.pause()
        light = style_at(view, "Maria Lindqvist")
        assert dark.bold and light.bold
        assert dark.bgcolor != light.bgcolor and dark.color != light.color


async def test_document_view_survives_an_empty_source() -> None:
    app = DocumentApp(Document("tom", "document", "sv", "", (), ()))
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.press("j", "J", "right_square_bracket", "G", "g", "k")
        view.set_filter("pandemin")
        view.goto(3)
        assert (view.cursor, view.selection, view.selection_span) == (0, (0, 0), (0, 0))
        assert app.moves == [(0, 0, 0)]
