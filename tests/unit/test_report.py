"""Theme summary reports as Markdown, HTML and Word: content, structure, language, pseudonyms."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from coder.errors import ReportError
from coder.services.project import Project
from coder.services.reports.content import Report, build_report
from coder.services.reports.document import write_report
from coder.services.reports.pseudonyms import add_pseudonym
from coder.services.reports.quotes import mark_exemplar
from coder.services.reports.scope import Scope
from coder.services.workspace import OnCode, set_memo
from tests.unit import report_project
from tests.unit.test_pseudonyms import IDENTIFIERS, NAMES

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def coded(project: Project, tmp_path: Path) -> Project:
    report_project.build(project, tmp_path / "corpus")
    set_memo(project, OnCode("pandemin"), "Pandemin nämns i nästan alla intervjuer.")
    return project


@pytest.fixture
def report(coded: Project) -> Report:
    return build_report(coded, Scope(), by="region")


def test_report_counts_are_the_summary_counts_with_interviews(report: Report) -> None:
    utmaningar, lardomar = report.themes
    assert utmaningar.theme.id == "utmaningar"
    assert (utmaningar.counts.codings, utmaningar.counts.sources) == (5, 3)
    assert utmaningar.counts.interviews == 2  # int_a, int_b (the document is no interview)
    assert utmaningar.counts.interview_share == pytest.approx(2 / 3)
    assert utmaningar.counts.by == {"Norr": 4, "Syd": 1}
    pandemin = next(c for c in utmaningar.codes if c.code.id == "pandemin")
    assert (pandemin.counts.codings, pandemin.counts.sources, pandemin.counts.interviews) == (
        4,
        3,
        2,
    )
    assert pandemin.memos == ["Pandemin nämns i nästan alla intervjuer."]
    assert pandemin.path == "Utmaningar > Pandemins påverkan"
    assert [c.code.id for c in lardomar.codes] == ["digitala-moten"]
    assert all(theme.chart.startswith(PNG) for theme in report.themes)


def test_report_quotes_put_exemplars_first_and_are_counted(coded: Project) -> None:
    mark_exemplar(coded, 9)  # the document's pandemin quote
    built = build_report(coded, Scope(), quotes_per_code=2)
    pandemin = next(c for c in built.themes[0].codes if c.code.id == "pandemin")
    assert pandemin.quotes[0].row.coding_id == 9
    assert len(pandemin.quotes) == 2
    assert len({(q.row.source_id, q.row.start) for q in pandemin.quotes}) == 2
    none = build_report(coded, Scope(), quotes_per_code=0)
    assert all(not c.quotes for t in none.themes for c in t.codes)


def test_report_html_is_self_contained_and_escapes_text(report: Report, tmp_path: Path) -> None:
    output = tmp_path / "rapport.html"
    assert write_report(report, output) == [output]
    page = output.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<h1>Temasammanfattning: Test codebook</h1>" in page
    assert "<h2>Sammanfattning</h2>" in page and "Andel intervjuer" in page
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; mer." in page
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert len(images) == 2
    assert all(base64.b64decode(image).startswith(PNG) for image in images)
    assert not re.search(r'(src|href)="(?!data:)', page)  # nothing loaded from elsewhere
    assert "Kodningar efter region" in page


def test_report_docx_has_word_headings_tables_and_charts(report: Report, tmp_path: Path) -> None:
    from docx import Document

    output = tmp_path / "rapport.docx"
    write_report(report, output)
    document = Document(str(output))
    headings = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings[:3] == [
        ("Title", "Temasammanfattning: Test codebook"),
        ("Heading 1", "Sammanfattning"),
        ("Heading 1", "Utmaningar"),
    ]
    assert ("Heading 2", "Pandemins påverkan") in headings
    assert ("Heading 1", "Lärdomar") in headings
    assert len(document.inline_shapes) == 2
    summary = document.tables[0]
    assert [c.text for c in summary.rows[0].cells] == [
        "Tema", "Kodade meningar", "Antal källor", "Antal intervjuer", "Andel intervjuer"
    ]  # fmt: skip
    assert [c.text for c in summary.rows[1].cells] == ["Utmaningar", "5", "3", "2", "67 %"]
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert "Pandemin stoppade allt." in quotes


def test_report_markdown_has_tables_and_its_charts_beside_it(
    report: Report, tmp_path: Path
) -> None:
    output = tmp_path / "rapport.md"
    written = write_report(report, output)
    assert written == [
        output,
        tmp_path / "rapport-utmaningar.png",
        tmp_path / "rapport-lardomar.png",
    ]
    text = output.read_text(encoding="utf-8")
    assert "| Utmaningar | 5 | 3 | 2 | 67 % |" in text
    assert "![Antal kodningar per kod](rapport-utmaningar.png)" in text
    assert "### Pandemins påverkan" in text
    assert (tmp_path / "rapport-utmaningar.png").read_bytes().startswith(PNG)


def test_report_headings_follow_the_language(coded: Project, tmp_path: Path) -> None:
    output = tmp_path / "report.html"
    write_report(build_report(coded, Scope(), language="en"), output)
    page = output.read_text(encoding="utf-8")
    assert "<h2>Summary</h2>" in page and "Share of interviews" in page
    assert '<h2 id="utmaningar">Utmaningar</h2>' in page  # names stay as the codebook has them
    with pytest.raises(ReportError, match="unknown language 'de'"):
        build_report(coded, Scope(), language="de")


@pytest.mark.parametrize("suffix", ["html", "docx", "md"])
def test_report_pseudonymized_holds_no_listed_name_or_identifier(
    coded: Project, tmp_path: Path, suffix: str
) -> None:
    add_pseudonym(coded, "Karin Ek", "Kollega A")
    output = tmp_path / f"rapport.{suffix}"
    write_report(build_report(coded, Scope(), pseudonymize=True, quotes_per_code=5), output)
    if suffix == "docx":
        from docx import Document

        document = Document(str(output))
        text = "\n".join(p.text for p in document.paragraphs)
    else:
        text = output.read_text(encoding="utf-8")
    assert "Respondent 2" in text and "Kollega A" in text
    for secret in (*NAMES, *IDENTIFIERS):
        assert secret not in text, secret


def test_report_refuses_an_unknown_format(report: Report, tmp_path: Path) -> None:
    with pytest.raises(ReportError, match=r"cannot write a report as 'rapport\.pdf'"):
        write_report(report, tmp_path / "rapport.pdf")
    assert not (tmp_path / "rapport.pdf").exists()
