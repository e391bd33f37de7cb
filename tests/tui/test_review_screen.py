"""Pilot tests of the Review screen on the demo project with seeded suggestions."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from coder.domain.coding import Status
from coder.domain.suggestion import QueueOrder, Suggestion
from coder.services import review
from coder.services.project import Project
from coder.services.workspace import open_document
from coder.tui.app import CoderApp
from coder.tui.screens.coding import CodingScreen
from coder.tui.screens.confirm import Confirm
from coder.tui.screens.review import ReviewScreen
from coder.tui.screens.sources import SourcesScreen
from coder.tui.widgets import review_queue
from coder.tui.widgets.segment import SegmentStrip
from coder.tui.widgets.suggestion import SuggestionView
from tests.tui.review_helpers import INT01, clear_suggestions, seed_suggestions, settle

SIZE = (120, 40)
AppAt = Callable[..., CoderApp]


async def open_review(pilot: Pilot[None]) -> ReviewScreen:
    """Press `r` (on the Coding screen) and wait for the queue."""
    await pilot.press("r")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


def queue_ids(screen: ReviewScreen) -> list[int]:
    return [item.id for item in screen.queue.items]


def progress_line(screen: ReviewScreen) -> str:
    return str(screen.query_one("#progress", Static).render())


def shown(screen: ReviewScreen) -> str:
    return screen.query_one(SuggestionView).plain


def stored(project: Project, suggestion: Suggestion) -> Suggestion:
    return next(s for s in review.export(project) if s.id == suggestion.id)


async def test_review_screen_opens_with_r_showing_the_queue_in_context(
    app_at: AppAt, karin: Project
) -> None:
    queue = seed_suggestions(karin)
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        assert queue_ids(screen) == [s.id for s in queue]
        assert [s.score for s in queue] == sorted((s.score for s in queue), reverse=True)
        first = queue[0]
        assert screen.current == first
        text = shown(screen)
        assert "Att nå industrin som målgrupp   Utmaningar › Att nå industrin som målgrupp" in text
        assert f"score 0.91 · model · {INT01} · Maria Lindqvist" in text
        assert "why: terms: företag, tänkt\nmodel: m-test" in text
        document = open_document(karin, INT01)
        turn = document.turns[document.sentences[14].turn]
        assert f"Maria Lindqvist: {document.text[turn.start : turn.end]}" in text
        before, after = document.turns[turn.index - 1], document.turns[turn.index + 1]
        assert document.text[before.start : before.end] in text  # the neighbours, dimmed
        assert document.text[after.start : after.end] in text
        assert progress_line(screen) == (
            "reviewed 0 · pending 7 · precision of your decisions — · ordered by score · "
            "retrains after 20 more decisions"
        )
        await pilot.press("escape")
        assert isinstance(app.screen, CodingScreen)


async def test_review_screen_shows_text_and_reasons_as_plain_text(
    app_at: AppAt, karin: Project
) -> None:
    queue = seed_suggestions(karin)
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        marked = next(i for i, s in enumerate(queue) if "[bold]" in s.reason)
        for _ in range(marked):
            await pilot.press("space")
        assert "why: [bold]not markup[/bold]" in shown(screen)


async def test_review_screen_a_accepts_as_the_app_coder_and_moves_on(
    app_at: AppAt, karin: Project
) -> None:
    queue = seed_suggestions(karin)
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("a")
        accepted = stored(karin, queue[0])
        assert accepted.status is Status.ACCEPTED
        assert accepted.coder == "karin"
        assert screen.current == queue[1]
        assert queue_ids(screen) == [s.id for s in queue[1:]]
        assert progress_line(screen).startswith(
            "reviewed 1 · pending 6 · precision of your decisions 1.00"
        )
        assert screen.decisions == 1
        assert "retrains after 19 more decisions" in progress_line(screen)


async def test_review_screen_x_rejects_and_space_skips(app_at: AppAt, karin: Project) -> None:
    queue = seed_suggestions(karin)
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("space")
        assert screen.current == queue[1]
        assert stored(karin, queue[0]).status is Status.PENDING
        await pilot.press("x")
        rejected = stored(karin, queue[1])
        assert (rejected.status, rejected.coder) == (Status.REJECTED, "karin")
        assert screen.current == queue[2]
        assert queue[0].id in queue_ids(screen)
        assert "precision of your decisions 0.00" in progress_line(screen)
        for _ in range(len(queue) - 2):
            await pilot.press("space")
        assert screen.current == queue[0]  # past the last comes the first again


async def test_review_screen_u_brings_a_decision_back_to_the_queue(
    app_at: AppAt, karin: Project
) -> None:
    queue = seed_suggestions(karin)
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("space", "a")
        assert stored(karin, queue[1]).status is Status.ACCEPTED
        await pilot.press("u")
        await settle(pilot)
        assert stored(karin, queue[1]).status is Status.PENDING
        assert queue_ids(screen) == [s.id for s in queue]
        assert screen.current == queue[1]
        assert progress_line(screen).startswith("reviewed 0 · pending 7")


async def test_review_screen_A_asks_then_accepts_the_code_at_or_above_the_score(
    app_at: AppAt, karin: Project
) -> None:
    queue = seed_suggestions(karin)
    chosen = queue[3]  # "Att nå industrin", 0.78: two others of the code score higher
    above = [s for s in queue if s.code == chosen.code and s.score >= chosen.score]
    assert len(above) == 3
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        for _ in range(3):
            await pilot.press("space")
        await pilot.press("A")
        dialog = app.screen
        assert isinstance(dialog, Confirm)
        assert dialog.question == (
            "Accept all 3 pending suggestions of Att nå industrin som målgrupp scoring ≥ 0.78?"
        )
        await pilot.press("n")
        assert app.screen is screen
        assert all(stored(karin, s).status is Status.PENDING for s in queue)
        await pilot.press("A", "y")
        await settle(pilot)
        assert all(stored(karin, s).status is Status.ACCEPTED for s in above)
        rest = [s for s in queue if s not in above]
        assert all(stored(karin, s).status is Status.PENDING for s in rest)
        assert queue_ids(screen) == [s.id for s in rest]
        assert screen.decisions == 3
        await pilot.press("u")  # one undo takes the whole bulk back
        await settle(pilot)
        assert all(stored(karin, s).status is Status.PENDING for s in queue)


async def test_review_screen_e_adjusts_the_span_by_sentences(app_at: AppAt, karin: Project) -> None:
    queue = seed_suggestions(karin)
    document = open_document(karin, INT01)
    first = queue[0]  # sentence 14 of int01
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("e")
        keys = {key: active.binding.description for key, active in screen.active_bindings.items()}
        assert keys["j"] == "End later"
        assert keys["K"] == "Start earlier"
        assert keys["enter"] == "Keep span"
        assert "a" not in keys and "x" not in keys
        assert "adjusting the span" in progress_line(screen)
        await pilot.press("j", "escape")  # cancelled: the span stays
        kept = stored(karin, first)
        assert (kept.start, kept.end) == (first.start, first.end)
        assert screen.current == first
        await pilot.press("e", "j", "K", "K", "J")
        await pilot.press("enter")
        moved = stored(karin, first)
        assert (moved.start, moved.end) == document.span(13, 15)
        assert screen.current == moved
        assert screen.adjusting is None
        assert "a" in screen.active_bindings
        await pilot.press("down")  # the arrows move through the queue again
        assert screen.current == queue[1]


async def test_review_screen_o_orders_by_uncertainty_and_back(
    app_at: AppAt, karin: Project
) -> None:
    seed_suggestions(karin)
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("o")
        await settle(pilot)
        uncertain = review.queue(karin, order=QueueOrder.UNCERTAINTY)
        assert queue_ids(screen) == [s.id for s in uncertain]
        assert "ordered by uncertainty" in progress_line(screen)
        await pilot.press("o")
        await settle(pilot)
        assert queue_ids(screen) == [s.id for s in review.queue(karin)]


async def test_review_screen_enter_opens_the_suggestion_in_the_coding_screen(
    app_at: AppAt, karin: Project
) -> None:
    queue = seed_suggestions(karin)
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("space")  # int01, sentence 15, "pandemin" by rule
        item = queue[1]
        await pilot.press("enter")
        await pilot.pause()
        coding = app.screen
        assert isinstance(coding, CodingScreen)
        assert coding.source == item.source
        assert coding.sentence == open_document(karin, item.source).sentence_at(item.start)
        strip = coding.query_one(SegmentStrip).shown_lines
        assert "? Pandemins påverkan 0.85 rule — keyword 'pandemi'" in strip
        await pilot.press("a")  # decided there
        await pilot.press("o")
        await settle(pilot)
        assert app.screen is screen
        assert item.id not in queue_ids(screen)


async def test_review_screen_opens_from_sources_with_f4_and_r_on_the_table(
    karin: Project,
) -> None:
    seed_suggestions(karin)
    app = CoderApp(karin)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SourcesScreen)
        await pilot.press("r")  # typed into the filter
        assert app.screen.query_one(Input).value == "r"
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape", "tab", "r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)


async def test_review_screen_says_so_when_nothing_is_pending(app_at: AppAt, karin: Project) -> None:
    clear_suggestions(karin)
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        assert screen.current is None
        assert shown(screen).startswith("No suggestions to review. Press t to train")
        await pilot.press("a")  # nothing happens
        assert app.screen is screen


async def test_review_screen_shows_the_first_rows_and_moves_the_next_up(
    app_at: AppAt, karin: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(review_queue, "SHOWN", 3)
    queue = seed_suggestions(karin)
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        assert screen.queue.row_count == 3
        assert queue_ids(screen) == [s.id for s in queue]  # the whole queue is there
        await pilot.press("space", "space", "space")
        assert screen.current == queue[0]  # round the rows shown
        await pilot.press("x")
        assert screen.queue.row_count == 3
        rows = [key.value for key in screen.queue.rows]
        assert rows == [str(s.id) for s in (queue[1], queue[2], queue[3])]
        assert "pending 6" in progress_line(screen)
