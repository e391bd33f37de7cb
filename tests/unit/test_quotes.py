"""The quote table, Markdown quotes, exemplars and the quotes a report picks per code."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from coder.errors import CodingError, ReportError
from coder.services.coding import undo
from coder.services.project import Project
from coder.services.reports.quotes import (
    Quote,
    exemplar_ids,
    mark_exemplar,
    quote_table,
    quotes,
    quotes_behind,
    quotes_markdown,
    telling_quotes,
)
from coder.services.reports.scope import Scope
from coder.services.workspace import OnCoding, set_memo
from coder.storage import reports as report_store
from tests.unit import report_project


@pytest.fixture
def coded(project: Project, tmp_path: Path) -> Project:
    return report_project.build(project, tmp_path / "corpus")


def test_quotes_one_row_per_coding_with_source_speaker_attributes_code_text(
    coded: Project,
) -> None:
    set_memo(coded, OnCoding(7), "Karin Ek är projektledare.")
    frame = quote_table(coded, Scope())
    assert list(frame.columns) == [
        "id", "source", "speaker", "case", "region", "theme", "code", "code_id", "coder",
        "status", "exemplar", "start", "end", "text", "memo",
    ]  # fmt: skip
    assert len(frame) == 9  # accepted codings only
    row = frame[frame["id"] == 7].iloc[0].to_dict()
    assert row["source"] == "int_b"
    assert row["speaker"] == "Olle Berg"
    assert (row["case"], row["region"]) == ("A", "Norr")
    assert row["theme"] == "Utmaningar"
    assert row["code"] == "Utmaningar > Pandemins påverkan"
    assert row["text"].startswith("Pandemin försenade projektet, sa Karin Ek (karin.ek@")
    assert row["memo"] == "Karin Ek är projektledare."
    header = frame[frame["id"] == 5].iloc[0]
    assert (header["speaker"], header["text"]) == ("", "Intervju ")


def test_quotes_text_is_the_source_text_at_the_offsets(coded: Project) -> None:
    texts = {r.name: r for r in report_store.sources(coded.conn)}
    frame = quote_table(coded, Scope(include_pending=True))
    assert "pending" in set(frame["status"])
    for row in frame.to_dict(orient="records"):
        source = coded.conn.execute(
            "SELECT text FROM sources WHERE id = ?", [texts[row["source"]].id]
        ).fetchone()[0]
        assert row["text"] == source[row["start"] : row["end"]]


def test_quotes_by_attribute_come_first_and_in_order(coded: Project) -> None:
    frame = quote_table(coded, Scope(codes=("pandemin",)), by="region")
    assert frame.columns[0] == "region"
    assert frame["region"].tolist() == ["Norr", "Norr", "Norr", "Syd"]
    assert frame["source"].tolist() == ["int_a", "int_a", "int_b", "doc"]
    with pytest.raises(ReportError, match="no source has an attribute 'kommun'"):
        quote_table(coded, Scope(), by="kommun")


def test_quotes_markdown_groups_by_value_with_attribution(coded: Project) -> None:
    text = quotes_markdown(quote_table(coded, Scope(), by="region"), by="region")
    assert text.index("## region: Norr") < text.index("## region: Syd")
    assert "> Pandemin stoppade allt.\n>\n> — Maria Lindqvist, int\\_a" in text
    assert "\\<script\\>" in text  # source text is never Markdown or HTML
    by_code = quotes_markdown(quote_table(coded, Scope()))
    assert "## Utmaningar \\> Pandemins påverkan" in by_code


def test_quotes_exemplar_marks_and_undo_takes_it_back(coded: Project) -> None:
    assert mark_exemplar(coded, 7) is True
    assert mark_exemplar(coded, 7) is False
    assert quote_table(coded, Scope()).set_index("id").loc[7, "exemplar"] == 1
    undo(coded)
    assert quote_table(coded, Scope()).set_index("id").loc[7, "exemplar"] == 0
    with pytest.raises(CodingError, match="no coding with id 99"):
        mark_exemplar(coded, 99)


def _quote(
    coding_id: int, source_id: int, text: str, code: str = "c", exemplar: bool = False
) -> Quote:
    row = report_store.QuoteRow(
        coding_id=coding_id,
        source_id=source_id,
        source=f"s{source_id}",
        speaker=None,
        is_interviewer=False,
        start=coding_id * 100,
        end=coding_id * 100 + len(text),
        code_id=code,
        coder="anna",
        status="accepted",
        exemplar=exemplar,
        text=text,
        memo=None,
    )
    return Quote(row, row.source, "", text, "", {})


TYPICAL = "företagen hade inte tid att komma på träffarna om digitalisering i industrin i år"


def test_quotes_telling_puts_exemplars_first_then_typical_from_new_sources() -> None:
    found = [
        _quote(1, 1, TYPICAL),
        _quote(2, 1, TYPICAL + " och det var synd"),
        _quote(3, 2, "företagen hade inte tid att komma på träffarna om industrin"),
        _quote(4, 3, "ja"),  # too short to be telling
        _quote(
            5, 3, "vädret var fint den dagen och vi åt lunch ute i solen vid sjön", exemplar=True
        ),
    ]
    picked = [q.row.coding_id for q in telling_quotes(found, 3)["c"]]
    assert picked[0] == 5  # the exemplar first
    assert set(picked[1:]) == {1, 3} or set(picked[1:]) == {2, 3}  # typical, two sources
    assert 4 not in picked
    assert len(telling_quotes(found, 10)["c"]) == 5


def test_quotes_telling_counts_a_passage_coded_by_two_coders_once() -> None:
    first = _quote(1, 1, TYPICAL)
    second = replace(first, row=replace(first.row, coding_id=2, coder="erik", exemplar=True))
    picked = telling_quotes([first, second], 3)["c"]
    assert [q.row.coding_id for q in picked] == [2]  # one quote, marked by erik


def test_quotes_of_a_scope_only(coded: Project) -> None:
    _, found = quotes(coded, Scope(coder="erik"))
    assert {q.row.coder for q in found} == {"erik"}


def test_quotes_behind_a_code_a_theme_and_an_attribute_value(coded: Project) -> None:
    _, every = quotes(coded, Scope())
    code = every[0].row.code_id
    theme = coded_theme(coded, code)
    mine = quotes_behind(coded, code)
    assert mine and {q.row.code_id for q in mine} == {code}
    assert len(mine) == sum(1 for q in every if q.row.code_id == code)
    under = quotes_behind(coded, theme, theme=True)
    assert {q.row.coding_id for q in mine} <= {q.row.coding_id for q in under}
    value = mine[0].attributes["region"]
    narrowed = quotes_behind(coded, code, by="region", value=value)
    assert narrowed and all(q.attributes["region"] == value for q in narrowed)
    with pytest.raises(ReportError):
        quotes_behind(coded, code, by="no-such-attribute", value="x")


def test_quotes_exemplar_ids_of_a_source(coded: Project) -> None:
    _, every = quotes(coded, Scope())
    first = every[0].row
    assert exemplar_ids(coded, first.source) == set()
    mark_exemplar(coded, first.coding_id)
    assert exemplar_ids(coded, first.source) == {first.coding_id}
    others = {q.row.source for q in every} - {first.source}
    assert all(exemplar_ids(coded, source) == set() for source in others)


def coded_theme(project: Project, code_id: str) -> str:
    """The id of the theme a code is under."""
    from coder.services.codebook import project_codebook

    return project_codebook(project).theme_of(code_id).id
