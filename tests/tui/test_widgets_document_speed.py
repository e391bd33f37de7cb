"""How fast the document view opens and answers keys on a 50,000-word transcript (measured)."""

from __future__ import annotations

import gc
import random
import time

import pytest

from coder.domain.document import Document
from coder.tui.widgets.document import DocumentView
from tests.tui.test_widgets_document import (
    CODEBOOK,
    TURNS,
    DocumentApp,
    TurnSpec,
    coding,
    make_document,
    screen_lines,
)

VOCABULARY = (
    "och att det som en på är av för med till den har de inte om ett projektet pandemin "
    "företagen kommunen samverkan utmaningar digitala möten regionen testbädden"
)


def long_document(words: int = 50_000) -> Document:
    """A generated transcript of about `words` words in turns of 1–12 sentences."""
    chance = random.Random(7)
    vocabulary = VOCABULARY.split()
    turns: list[TurnSpec] = []
    count = 0
    while count < words:
        said = []
        for _ in range(chance.randint(1, 12)):
            length = chance.randint(5, 25)
            count += length
            said.append(" ".join(chance.choices(vocabulary, k=length)).capitalize() + ".")
        number = len(turns)
        turns.append(
            ("Intervjuare" if number % 2 == 0 else "Maria", 30.0 * number, number % 2 == 0, said)
        )
    return make_document(turns)


@pytest.mark.slow
async def test_document_view_is_fast_on_a_50000_word_transcript() -> None:
    """Measures (prints, does not assert) load and keypress times; budgets 100 ms and 16 ms."""
    document = long_document()
    codes = ["pandemin", "na-industrin", "digitala-moten"]
    codings = [
        coding(n, document.span(s, s + 2), codes[n % 3])
        for n, s in enumerate(range(0, len(document.sentences) - 3, 7))
    ]
    app = DocumentApp(make_document(TURNS))
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(DocumentView)
        gc.collect()  # measure the load, not the collection of earlier tests' garbage
        started = time.perf_counter()
        view.load(document, codings, CODEBOOK, "anna")
        screen_lines(view)
        load_ms = (time.perf_counter() - started) * 1000
        await pilot.pause()
        moves = [view.action_cursor_next] * 20 + [view.action_extend_next] * 10
        moves += [view.action_next_turn] * 10 + [view.action_last, view.action_first]
        times = []
        for move in moves:
            started = time.perf_counter()
            move()
            screen_lines(view)
            times.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        view.set_codings(codings[1:], CODEBOOK)
        screen_lines(view)
        recode_ms = (time.perf_counter() - started) * 1000
        presses = []  # CPU time of the whole app per key (pilot's idle waiting excluded)
        for key in ["j"] * 10 + ["J", "right_square_bracket", "G"]:
            cpu = time.process_time()
            await pilot.press(key)
            presses.append((time.process_time() - cpu) * 1000)
        await pilot.press("g")
        words = len(document.text.split())
        print(
            f"\n{words} words, {len(document.sentences)} sentences, {len(codings)} codings: "
            f"load+draw {load_ms:.1f} ms; move+draw max {max(times):.1f} ms, "
            f"mean {sum(times) / len(times):.1f} ms; set_codings+draw {recode_ms:.1f} ms; "
            f"key press CPU max {max(presses):.1f} ms, mean {sum(presses) / len(presses):.1f} ms"
        )
        assert view.cursor == 0
