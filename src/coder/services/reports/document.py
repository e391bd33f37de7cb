"""Report documents: Markdown (charts as PNG files beside it), self-contained HTML, and Word.

HTML carries its charts inline (base64 PNG) and escapes every text; Word gets real headings
(Heading 1 for themes, Heading 2 for codes), tables and embedded chart pictures, through
python-docx. Every file is written beside its place and moved there when complete.
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from coder.errors import ReportError
from coder.services.reports.content import CodeSection, Counts, Report, ThemeSection
from coder.services.reports.quotes import Quote, escape_markdown
from coder.services.reports.tables import (
    write_atomically,
    write_bytes_atomically,
    write_text_atomically,
)

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

SUFFIXES = (".md", ".html", ".docx")
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
Table = tuple[list[str], list[list[str]]]
"""A table to write: its header and its rows, as text."""


def check_output(output: Path) -> None:
    """Refuse a report file whose suffix names no report format (before anything is counted)."""
    if output.suffix.lower() not in SUFFIXES:
        raise ReportError(
            f"cannot write a report as '{output.name}'",
            f"name a file ending in {', '.join(SUFFIXES)}",
        )


def write_report(report: Report, output: Path) -> list[Path]:
    """Write the report in the format its suffix names; returns the files written."""
    check_output(output)
    writers: dict[str, Callable[[Report, Path], list[Path]]] = {
        ".md": _write_markdown,
        ".html": _write_html,
        ".docx": _write_docx,
    }
    return writers[output.suffix.lower()](report, output)


# --- What every format shows --------------------------------------------------------------------


def _share(value: float | None, language: str) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.0f} %" if language == "sv" else f"{value * 100:.0f}%"


def _figures(counts: Counts, language: str) -> list[str]:
    share = _share(counts.interview_share, language)
    return [str(counts.codings), str(counts.sources), str(counts.interviews), share]


def _summary_table(report: Report) -> Table:
    header = [report.text(k) for k in ("theme", "coded_sentences", "sources", "interviews")]
    rows = [[t.theme.name, *_figures(t.counts, report.language)] for t in report.themes]
    return [*header, report.text("share_interviews")], rows


def _codes_table(report: Report, theme: ThemeSection) -> Table:
    header = [report.text(k) for k in ("code", "codings", "sources", "interviews")]
    rows = [[c.code.name, *_figures(c.counts, report.language)] for c in theme.codes]
    return [*header, report.text("share_interviews")], rows


def _by_table(report: Report, theme: ThemeSection) -> Table:
    rows = [
        [c.code.name, *(str(c.counts.by.get(v, 0)) for v in report.values)] for c in theme.codes
    ]
    return [report.text("code"), *report.values], rows


def _attribution(report: Report, quote: Quote) -> str:
    parts = [part for part in (quote.speaker, quote.source) if part]
    if report.by and quote.attributes.get(report.by):
        parts.append(f"{report.by}: {quote.attributes[report.by]}")
    if quote.row.exemplar:
        parts.append(report.text("exemplar"))
    return "— " + ", ".join(parts)


def _plain(text: str) -> str:
    """Text on one line: transcripts' line breaks and runs of spaces closed up."""
    return " ".join(text.split())


# --- Markdown -----------------------------------------------------------------------------------


def _md_table(table: Table) -> list[str]:
    header, rows = table
    lines = ["| " + " | ".join(escape_markdown(h) for h in header) + " |"]
    lines.append("|" + "|".join([":---"] + ["---:"] * (len(header) - 1)) + "|")
    lines += ["| " + " | ".join(escape_markdown(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def _write_markdown(report: Report, output: Path) -> list[Path]:
    lines = [f"# {escape_markdown(report.title)}", "", f"*{escape_markdown(report.subtitle)}*", ""]
    lines += [line for note in report.notes for line in (escape_markdown(note), "")]
    lines += [
        f"## {escape_markdown(report.text('summary'))}",
        "",
        *_md_table(_summary_table(report)),
    ]
    charts: list[tuple[Path, bytes]] = []
    for theme in report.themes:
        chart = output.with_name(f"{output.stem}-{theme.theme.id}.png")
        charts.append((chart, theme.chart))
        lines += [f"## {escape_markdown(theme.theme.name)}", ""]
        lines += [f"![{escape_markdown(report.text('chart'))}]({chart.name})", ""]
        lines += _md_table(_codes_table(report, theme))
        if report.by:
            lines += [f"**{escape_markdown(report.text('by', attribute=report.by))}**", ""]
            lines += _md_table(_by_table(report, theme))
        for code in theme.codes:
            lines += _md_code(report, code)
    for path, png in charts:
        write_bytes_atomically(path, png)
    write_text_atomically(output, "\n".join(lines).rstrip() + "\n")
    return [output, *(path for path, _ in charts)]


def _md_code(report: Report, code: CodeSection) -> list[str]:
    lines = [f"### {escape_markdown(code.code.name)}", ""]
    if code.description:
        lines += [f"*{escape_markdown(code.description)}*", ""]
    if code.memos:
        lines += [f"**{escape_markdown(report.text('memos'))}**", ""]
        lines += [f"- {escape_markdown(_plain(memo))}" for memo in code.memos] + [""]
    lines += [f"**{escape_markdown(report.text('quotes'))}**", ""]
    if not code.quotes:
        lines += [escape_markdown(report.text("no_quotes")), ""]
    for quote in code.quotes:
        lines += [f"> {escape_markdown(_plain(quote.text))}", ">"]
        lines += [f"> {escape_markdown(_attribution(report, quote))}", ""]
    return lines


# --- HTML ---------------------------------------------------------------------------------------

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.45; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.6rem; }
th { background: #f2f2f2; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
img { max-width: 100%; }
blockquote { margin: 0.75rem 0; padding: 0.25rem 1rem; border-left: 4px solid #bbb; }
blockquote footer { color: #555; font-size: 0.9em; }
.note, .description { color: #555; }
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _html_table(table: Table) -> str:
    header, rows = table
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(
            f'<td class="n">{_e(c)}</td>' if i else f"<td>{_e(c)}</td>" for i, c in enumerate(row)
        ) + "</tr>"
        for row in rows
    )  # fmt: skip
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _write_html(report: Report, output: Path) -> list[Path]:
    parts = [
        f'<!DOCTYPE html>\n<html lang="{_e(report.language)}"><head><meta charset="utf-8">',
        f"<title>{_e(report.title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_e(report.title)}</h1>",
        f'<p class="note"><em>{_e(report.subtitle)}</em></p>',
        *(f'<p class="note">{_e(note)}</p>' for note in report.notes),
        f"<h2>{_e(report.text('summary'))}</h2>",
        _html_table(_summary_table(report)),
    ]
    for theme in report.themes:
        picture = base64.b64encode(theme.chart).decode("ascii")
        parts += [
            f'<h2 id="{_e(theme.theme.id)}">{_e(theme.theme.name)}</h2>',
            f'<img alt="{_e(report.text("chart"))}" src="data:image/png;base64,{picture}">',
            _html_table(_codes_table(report, theme)),
        ]
        if report.by:
            parts.append(f"<h4>{_e(report.text('by', attribute=report.by))}</h4>")
            parts.append(_html_table(_by_table(report, theme)))
        parts += [_html_code(report, code) for code in theme.codes]
    parts.append("</body></html>\n")
    write_text_atomically(output, "\n".join(parts))
    return [output]


def _html_code(report: Report, code: CodeSection) -> str:
    parts = [f'<h3 id="{_e(code.code.id)}">{_e(code.code.name)}</h3>']
    if code.description:
        parts.append(f'<p class="description"><em>{_e(code.description)}</em></p>')
    if code.memos:
        items = "".join(f"<li>{_e(memo)}</li>" for memo in code.memos)
        parts.append(f"<h4>{_e(report.text('memos'))}</h4><ul>{items}</ul>")
    parts.append(f"<h4>{_e(report.text('quotes'))}</h4>")
    if not code.quotes:
        parts.append(f"<p>{_e(report.text('no_quotes'))}</p>")
    for quote in code.quotes:
        parts.append(
            f"<blockquote><p>{_e(_plain(quote.text))}</p>"
            f"<footer>{_e(_attribution(report, quote))}</footer></blockquote>"
        )
    return "\n".join(parts)


# --- Word ---------------------------------------------------------------------------------------


def _x(text: str) -> str:
    """Text Word can hold: characters that XML forbids are dropped."""
    return _NOT_IN_XML.sub("", text)


def _docx_table(document: DocxDocument, table: Table) -> None:
    header, rows = table
    grid = document.add_table(rows=1, cols=len(header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(_x(text)).bold = True
    for row in rows:
        cells = grid.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = _x(text)
    document.add_paragraph()


def _write_docx(report: Report, output: Path) -> list[Path]:
    from docx import Document
    from docx.shared import Cm

    document = Document()
    document.core_properties.title = _x(report.title)
    document.add_heading(_x(report.title), level=0)
    document.add_paragraph().add_run(_x(report.subtitle)).italic = True
    for note in report.notes:
        document.add_paragraph(_x(note))
    document.add_heading(_x(report.text("summary")), level=1)
    _docx_table(document, _summary_table(report))
    for theme in report.themes:
        document.add_heading(_x(theme.theme.name), level=1)
        document.add_picture(io.BytesIO(theme.chart), width=Cm(16))
        _docx_table(document, _codes_table(report, theme))
        if report.by:
            document.add_paragraph().add_run(_x(report.text("by", attribute=report.by))).bold = True
            _docx_table(document, _by_table(report, theme))
        for code in theme.codes:
            _docx_code(document, report, code)
    write_atomically(output, lambda target: document.save(str(target)))
    return [output]


def _docx_code(document: DocxDocument, report: Report, code: CodeSection) -> None:
    document.add_heading(_x(code.code.name), level=2)
    if code.description:
        document.add_paragraph().add_run(_x(code.description)).italic = True
    if code.memos:
        document.add_paragraph().add_run(_x(report.text("memos"))).bold = True
        for memo in code.memos:
            document.add_paragraph(_x(_plain(memo)), style="List Bullet")
    document.add_paragraph().add_run(_x(report.text("quotes"))).bold = True
    if not code.quotes:
        document.add_paragraph(_x(report.text("no_quotes")))
    for quote in code.quotes:
        document.add_paragraph(_x(_plain(quote.text)), style="Quote")
        document.add_paragraph(_x(_attribution(report, quote)))
