"""Pilot tests of the segment strip: codings and suggestions of the selection, as lines."""

from __future__ import annotations

from textual.app import App, ComposeResult

from coder.domain.codebook import Code, Codebook
from coder.domain.coding import Coding, Origin, Status
from coder.tui.widgets.segment import SegmentStrip

CODEBOOK = Codebook.from_codes(
    "Test",
    "sv",
    "",
    [
        Code("utmaningar", "Utmaningar", codable=False),
        Code("pandemin", "Pandemins påverkan", parent_id="utmaningar", color="#e74c3c"),
        Code("na-industrin", "Att nå industrin", parent_id="utmaningar"),
        Code("markup", "[bold]fet[/]", parent_id="utmaningar"),
    ],
)


def coding(
    number: int,
    code: str,
    coder: str | None = "anna",
    *,
    origin: Origin = Origin.HUMAN,
    status: Status = Status.ACCEPTED,
    score: float | None = None,
    reason: str | None = None,
) -> Coding:
    stamp = "2024-05-01T10:00:00"
    return Coding(
        number, "intervju-3", 10, 40, code, coder, origin, status, stamp, stamp, score, reason
    )


class SegmentApp(App[None]):
    def compose(self) -> ComposeResult:
        yield SegmentStrip()


def visible_lines(strip: SegmentStrip) -> list[str]:
    return [strip.render_line(y).text.strip() for y in range(strip.size.height)]


async def test_segment_strip_says_when_nothing_is_coded() -> None:
    app = SegmentApp()
    async with app.run_test(size=(80, 10)) as pilot:
        strip = app.query_one(SegmentStrip)
        strip.show([], CODEBOOK, "anna")
        await pilot.pause()
        assert visible_lines(strip) == ["no codings here"]


async def test_segment_strip_lists_codings_then_suggestions() -> None:
    app = SegmentApp()
    async with app.run_test(size=(80, 10)) as pilot:
        strip = app.query_one(SegmentStrip)
        codings = [
            coding(1, "na-industrin", "johan", origin=Origin.IMPORT),
            coding(2, "pandemin"),
            coding(
                3,
                "pandemin",
                None,
                origin=Origin.RULE,
                status=Status.PENDING,
                score=0.82,
                reason="keyword 'pandemi'",
            ),
            coding(4, "na-industrin", None, origin=Origin.MODEL, status=Status.REJECTED),
            coding(5, "markup", "anna"),
        ]
        strip.show(codings, CODEBOOK, "anna")
        await pilot.pause()
        assert visible_lines(strip) == [
            "■ [bold]fet[/] — anna (you) · human",
            "■ Pandemins påverkan — anna (you) · human",
            "■ Att nå industrin — johan · import",
            "? Pandemins påverkan 0.82 rule — keyword 'pandemi'",
        ]
        assert strip.shown_lines == visible_lines(strip)


async def test_segment_strip_sets_your_codings_apart() -> None:
    app = SegmentApp()
    async with app.run_test(size=(80, 10)) as pilot:
        strip = app.query_one(SegmentStrip)
        strip.show([coding(1, "pandemin"), coding(2, "na-industrin", "johan")], CODEBOOK, "anna")
        await pilot.pause()
        mine = next(s for s in strip.render_line(0) if "Pandemins" in s.text)
        other = next(s for s in strip.render_line(1) if "Att nå" in s.text)
        assert mine.style is not None and mine.style.bold
        assert other.style is not None and other.style.italic and not other.style.bold


async def test_segment_strip_sums_up_what_does_not_fit() -> None:
    app = SegmentApp()
    async with app.run_test(size=(80, 12)) as pilot:
        strip = app.query_one(SegmentStrip)
        strip.show([coding(n, "pandemin", f"coder{n}") for n in range(9)], CODEBOOK, "anna")
        await pilot.pause()
        lines = visible_lines(strip)
        assert len(lines) == 6
        assert lines[-1] == "… and 4 more"
