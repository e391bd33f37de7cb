"""Unit tests of the document view's layout and navigation (no app needed)."""

from __future__ import annotations

from coder.tui.widgets.document_layout import DocumentLayout, LineKind, wrap
from coder.tui.widgets.document_navigation import Navigator
from tests.tui.test_widgets_document import PREFACE, TURNS, make_document


def test_wrap_breaks_at_spaces_and_cuts_long_words() -> None:
    text = "alla företagsbesök ställdes in  under våren"
    lines = [text[a:b] for a, b in wrap(text, 0, len(text), 12)]
    assert lines == ["alla", "företagsbesö", "k ställdes", "in  under", "våren"]
    wide = "日本語のテキスト です"
    assert [wide[a:b] for a, b in wrap(wide, 0, len(wide), 8)] == ["日本語の", "テキスト", "です"]


def test_layout_gives_every_margin_label_a_line() -> None:
    document = make_document(TURNS, PREFACE)
    turn = document.turns[0]
    layout = DocumentLayout(document, 60, label_offsets={0: [turn.start] * 3})
    block = layout.blocks[1]
    assert sorted(block.margin) == [1, 2, 3]
    assert len(block.lines) == 5  # header, text, two pad lines, blank


def test_layout_numbers_rows_and_finds_sentences() -> None:
    document = make_document(TURNS, PREFACE)
    layout = DocumentLayout(document, 40)
    kinds = [line.kind for block in layout.blocks for line in block.lines]
    assert kinds[:4] == [LineKind.PREFACE, LineKind.PREFACE, LineKind.BLANK, LineKind.HEADER]
    assert layout.height == len(kinds)
    top, bottom = layout.sentence_rows(document.sentences[3])
    found = layout.locate(top)
    assert found is not None
    block, index = found
    assert block.turn == 1
    line = block.lines[index]
    assert line.start <= document.sentences[3].start < line.end
    assert bottom > top  # the sentence wraps at 40 columns
    hidden = DocumentLayout(document, 40, visible={3})
    assert [block.turn for block in hidden.blocks] == [3]
    assert hidden.shows(3) and not hidden.shows(1)


def test_navigator_skips_hidden_turns() -> None:
    document = make_document(TURNS, PREFACE)
    navigator = Navigator(document, {0, 3})
    assert navigator.step(0, 1) == 5
    assert navigator.step(5, -1) == 0
    assert navigator.step(6, 1) is None
    assert navigator.step(-1, 1) == 0
    assert navigator.step(len(document.sentences), -1) == 6
    assert navigator.turn_start(0, 1) == 5
    assert navigator.turn_start(0, -1) is None
    assert navigator.nearest(2) == 5
    assert Navigator(document, {0}).nearest(4) == 0
    assert Navigator(document, set()).nearest(4) is None
