"""Pilot tests of `*` in the Coding screen: marking a coding as an exemplar quote."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import OptionList

from coder.domain.coding import Coding, Status
from coder.services.project import Project
from coder.services.reports.quotes import exemplar_ids
from coder.services.workspace import open_document, source_codings
from coder.tui.app import CoderApp
from coder.tui.screens.dialogs import ChooseCoding
from coder.tui.widgets.segment import SegmentStrip

INT01 = "int01-vasterbotten"
SIZE = (120, 40)
AppAt = Callable[..., CoderApp]


async def notes(pilot: Pilot[None]) -> list[str]:
    """The notifications on screen once the app has handled its messages."""
    await pilot.pause()
    return [notification.message for notification in pilot.app._notifications]


def karins_sentences(project: Project) -> dict[int, list[Coding]]:
    """Karin's accepted codings of int01 by the sentence each starts in."""
    document = open_document(project, INT01)
    found: dict[int, list[Coding]] = {}
    for coding in source_codings(project, INT01):
        if coding.coder == "karin" and coding.status is Status.ACCEPTED:
            found.setdefault(document.sentence_at(coding.start), []).append(coding)
    return found


def strip_lines(app: CoderApp) -> list[str]:
    return app.screen.query_one(SegmentStrip).shown_lines


async def test_coding_screen_star_marks_and_unmarks_an_exemplar(
    app_at: AppAt, karin: Project
) -> None:
    sentence, (coding,) = next(
        (s, codings) for s, codings in karins_sentences(karin).items() if len(codings) == 1
    )
    app = app_at(sentence=sentence)
    async with app.run_test(size=SIZE) as pilot:
        assert not any("★" in line for line in strip_lines(app))
        await pilot.press("asterisk")
        assert "marked as an exemplar quote" in await notes(pilot)
        assert exemplar_ids(karin, INT01) == {coding.id}
        assert any("★" in line and "(you)" in line for line in strip_lines(app))
        await pilot.press("asterisk")
        assert "no longer an exemplar" in await notes(pilot)
        assert exemplar_ids(karin, INT01) == set()
        assert not any("★" in line for line in strip_lines(app))
        await pilot.press("asterisk", "u")
        await pilot.pause()
        assert exemplar_ids(karin, INT01) == set()
        assert not any("★" in line for line in strip_lines(app))


async def test_coding_screen_star_asks_which_of_several_codings(
    app_at: AppAt, karin: Project
) -> None:
    # The demo codes no sentence of karin's twice: select from one coded sentence to the next.
    (first, (one,)), (second, (two,)) = list(karins_sentences(karin).items())[:2]
    sentence, extend, expected = first, second - first, [one.id, two.id]
    app = app_at(sentence=sentence)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*["J"] * extend, "asterisk")
        assert isinstance(app.screen, ChooseCoding)
        assert [c.id for c in app.screen.codings] == expected
        app.screen.query_one(OptionList).highlighted = 1
        await pilot.press("enter")
        await pilot.pause()
        assert exemplar_ids(karin, INT01) == {expected[1]}


async def test_coding_screen_star_leaves_other_coders_codings(
    app_at: AppAt, karin: Project
) -> None:
    # Sentence 20 is coded by johan only.
    app = app_at(sentence=20)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("asterisk")
        assert "the codings here are johan's, not yours (karin)" in await notes(pilot)
        await pilot.press("g", "asterisk")
        assert "no coding here to mark" in await notes(pilot)
    assert exemplar_ids(karin, INT01) == set()
