"""Pilot tests of deciding suggestions in the Coding screen, and of retraining from Review."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from coder.domain.coding import Status
from coder.services import review
from coder.services.project import Project
from coder.tui import retraining
from coder.tui.app import CoderApp
from coder.tui.screens import review_jobs
from coder.tui.screens.coding import CodingScreen
from coder.tui.screens.review import ReviewScreen
from coder.tui.widgets.segment import SegmentStrip
from tests.tui.review_helpers import INT01, seed_suggestions, settle

SIZE = (120, 40)
AppAt = Callable[..., CoderApp]


def strip_lines(app: CoderApp) -> list[str]:
    return app.screen.query_one(SegmentStrip).shown_lines


async def test_review_coding_a_accepts_the_suggestion_in_the_strip(
    app_at: AppAt, karin: Project
) -> None:
    queue = seed_suggestions(karin)
    app = app_at(INT01, 14)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        assert strip_lines(app) == [
            "? Att nå industrin som målgrupp 0.91 model — terms: företag, tänkt"
        ]
        await pilot.press("a")
        await pilot.pause()
        accepted = next(s for s in review.export(karin) if s.id == queue[0].id)
        assert (accepted.status, accepted.coder) == (Status.ACCEPTED, "karin")
        assert strip_lines(app) == ["■ Att nå industrin som målgrupp — karin (you) · model"]
        await pilot.press("u")
        await pilot.pause()
        assert strip_lines(app)[0].startswith("? Att nå industrin som målgrupp 0.91")


async def test_review_coding_x_rejects_and_the_suggestion_leaves_the_strip(
    app_at: AppAt, karin: Project
) -> None:
    queue = seed_suggestions(karin)
    app = app_at(INT01, 15)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        rejected = next(s for s in review.export(karin) if s.id == queue[1].id)
        assert (rejected.status, rejected.coder) == (Status.REJECTED, "karin")
        assert strip_lines(app) == ["no codings here"]


async def test_review_coding_a_without_a_suggestion_changes_nothing(
    app_at: AppAt, karin: Project
) -> None:
    seed_suggestions(karin)
    app = app_at(INT01, 18)  # coded by karin and johan, nothing suggested
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = strip_lines(app)
        await pilot.press("a", "x")
        await pilot.pause()
        assert strip_lines(app) == before
        assert review.progress(karin).reviewed == 0


@pytest.fixture
def retrains(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Retrains write the seeds again (with other ids); the list gets each one's project."""
    calls: list[Path] = []

    def retrain(project: Project) -> tuple[int, str | None]:
        calls.append(project.path)
        seed_suggestions(project, reverse=True)
        return len(review.queue(project)), "m-fake"

    monkeypatch.setattr(review_jobs, "retrain", retrain)
    return calls


@pytest.fixture
def every_two(monkeypatch: pytest.MonkeyPatch) -> None:
    """The model retrains by itself after every 2 decisions."""
    monkeypatch.setattr(retraining, "RETRAIN_EVERY", 2)


async def test_review_coding_t_retrains_in_a_worker_and_keeps_the_place(
    app_at: AppAt, karin: Project, retrains: list[Path]
) -> None:
    queue = seed_suggestions(karin)
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("space", "space")
        await pilot.press("t")
        await settle(pilot)
        await settle(pilot)  # the retrain's message starts a read of the queue
        assert retrains == [karin.path]
        assert not app.retraining.running
        renewed = review.queue(karin)
        assert [s.id for s in renewed] != [s.id for s in queue]  # written again
        assert [s.id for s in screen.queue.items] == [s.id for s in renewed]
        current = screen.current
        assert current is not None
        assert (current.source, current.start, current.code) == (
            queue[2].source,
            queue[2].start,
            queue[2].code,
        )


@pytest.mark.usefixtures("every_two")
async def test_review_coding_retrains_by_itself_after_every_n_decisions(
    app_at: AppAt, karin: Project, retrains: list[Path]
) -> None:
    seed_suggestions(karin)
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert retrains == []
        await pilot.press("x")
        await settle(pilot)
        await settle(pilot)
        assert retrains == [karin.path]


@pytest.mark.usefixtures("every_two")
async def test_review_coding_decisions_in_the_coding_screen_count_towards_a_retrain(
    app_at: AppAt, karin: Project, retrains: list[Path]
) -> None:
    seed_suggestions(karin)
    app = app_at(INT01, 14)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        await pilot.press("a")  # the model's suggestion on sentence 14
        await settle(pilot)
        assert retrains == []
        await pilot.press("j", "x")  # the rule's suggestion on sentence 15
        await settle(pilot)
        await settle(pilot)
        assert retrains == [karin.path]
        assert not app.retraining.running
        # The retrain wrote its suggestions again: the strip shows the new one on sentence 15.
        assert strip_lines(app) == ["? Pandemins påverkan 0.85 rule — keyword 'pandemi'"]


async def test_review_coding_a_broken_retrain_is_reported_and_review_goes_on(
    app_at: AppAt, karin: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(project: Project) -> tuple[int, str | None]:
        raise RuntimeError("the model fell over")

    monkeypatch.setattr(review_jobs, "retrain", broken)
    seed_suggestions(karin)
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("t")
        await settle(pilot)
        assert not app.retraining.running
        await pilot.press("a")
        assert review.progress(karin).accepted == 1


async def test_review_coding_t_runs_the_real_suggestion_engine(
    app_at: AppAt, karin: Project
) -> None:
    pytest.importorskip("coder.suggest.model", reason="the suggestion model is not there yet")
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("t")
        await settle(pilot)
        await settle(pilot)
        assert [s.id for s in screen.queue.items] == [s.id for s in review.queue(karin)]
        assert screen.queue.items
