"""What a theme summary report says: per theme and code its counts, breakdown, quotes and memos.

Built once from the project, then written as Markdown, HTML or Word by `document`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coder.domain.codebook import Code
from coder.domain.source import LANGUAGES, SourceKind
from coder.errors import ReportError
from coder.services.project import Project
from coder.services.reports.labels import label
from coder.services.reports.pseudonyms import Masker, masker
from coder.services.reports.quotes import Quote, code_path, quotes, telling_quotes
from coder.services.reports.scope import MISSING, Resolved, Scope, attribute_of
from coder.services.reports.summary import Tally, summary_frame, tally
from coder.storage import reports as report_store

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Counts:
    """A theme's or code's figures: codings (for a theme: coded sentences), sources, interviews.

    `interview_share` is None when there are no interviews in scope.
    """

    codings: int
    sources: int
    interviews: int
    interview_share: float | None
    by: dict[str, int] = field(default_factory=dict)
    """Attribute value → codings (for a theme: coded sentences), when broken down."""


@dataclass(frozen=True)
class CodeSection:
    """A code in the report: where it sits, its figures, its telling quotes and its memos."""

    code: Code
    path: str
    description: str
    counts: Counts
    quotes: list[Quote]
    memos: list[str]


@dataclass(frozen=True)
class ThemeSection:
    """A theme in the report: its totals, its codes and their bar chart (PNG)."""

    theme: Code
    counts: Counts
    codes: list[CodeSection]
    chart: bytes


@dataclass(frozen=True)
class Report:
    """A whole theme summary report, in one language, ready to be written."""

    language: str
    title: str
    subtitle: str
    notes: list[str]
    by: str | None
    values: list[str]
    """The values of the `by` attribute, in column order."""
    themes: list[ThemeSection]

    def text(self, key: str, **values: object) -> str:
        """A fixed text of the report in its language."""
        return label(key, self.language, **values)


def build_report(
    project: Project,
    scope: Scope,
    *,
    language: str | None = None,
    quotes_per_code: int = 3,
    by: str | None = None,
    pseudonymize: bool = False,
) -> Report:
    """Everything a theme summary report shows, counted as `coder summary` counts."""
    language = language or project.language
    if language not in LANGUAGES:
        raise ReportError(f"unknown language '{language}'", f"use one of {', '.join(LANGUAGES)}")
    counted = tally(project, scope)
    resolved = counted.resolved
    by_value = None if by is None else attribute_of(project, resolved, by)
    every = _figures(project, counted, by, by_value, None)
    interviews = {s.id for s in resolved.sources if s.kind == SourceKind.INTERVIEW.value}
    among = _figures(project, counted, None, None, interviews)
    columns = [name for name in every.columns if by and str(name).startswith(f"{by}=")]
    values = [str(name).split("=", 1)[1] for name in columns]
    values = [label("none", language) if value == MISSING else value for value in values]
    figures = _Figures(every, among, dict(zip(values, columns, strict=True)), len(interviews))
    shown = masker(project, language) if pseudonymize else None
    sections = _Sections(
        resolved=resolved,
        figures=figures,
        quotes=telling_quotes(quotes(project, scope, masker=shown)[1], quotes_per_code),
        memos=report_store.code_memos(project.conn),
        masker=shown,
        language=language,
    )
    return Report(
        language=language,
        title=f"{label('title', language)}: {resolved.codebook.name}",
        subtitle=label("generated", language, date=_today(), project=project.path.name),
        notes=_notes(counted, len(interviews), language, pseudonymize, scope),
        by=by,
        values=values,
        themes=[sections.theme(theme) for theme in resolved.themes],
    )


@dataclass(frozen=True)
class _Sections:
    """Makes the report's theme and code sections from what was counted and picked."""

    resolved: Resolved
    figures: _Figures
    quotes: dict[str, list[Quote]]
    memos: dict[str, list[tuple[str, str]]]
    masker: Masker | None
    language: str

    def theme(self, theme: Code) -> ThemeSection:
        """A theme with its codable codes and their bar chart."""
        from coder.services.reports.charts import bar_chart

        codes = [self.code(c) for c in self.resolved.codes_of(theme.id) if c.codable]
        chart = bar_chart(
            [c.code.name for c in codes],
            [c.counts.codings for c in codes],
            title=label("chart", self.language),
            colors=[c.code.color for c in codes],
        )
        totals = self.figures.counts("theme", theme.id)
        return ThemeSection(theme=theme, counts=totals, codes=codes, chart=chart)

    def code(self, code: Code) -> CodeSection:
        """A code with its figures, quotes and memos (pseudonymised when asked)."""
        memos = [text for _, text in self.memos.get(code.id, [])]
        description = " ".join(code.description.split())
        if self.masker is not None:
            memos = [self.masker.mask(memo) for memo in memos]
            description = self.masker.mask(description)
        return CodeSection(
            code=code,
            path=code_path(self.resolved, code.id),
            description=description,
            counts=self.figures.counts("code", code.id),
            quotes=self.quotes.get(code.id, []),
            memos=memos,
        )


def _figures(
    project: Project,
    counted: Tally,
    by: str | None,
    by_value: dict[int, str] | None,
    among: set[int] | None,
) -> pd.DataFrame:
    frame = summary_frame(project, counted, by=by, by_value=by_value, among=among)
    return frame.set_index(["level", "code_id"])


@dataclass(frozen=True)
class _Figures:
    """Summary rows of every source and of the interviews, by (level, code id)."""

    every: pd.DataFrame
    interviews: pd.DataFrame
    columns: dict[str, str]
    """Attribute value as shown → its column in `every`."""
    interview_count: int

    def counts(self, level: str, code_id: str) -> Counts:
        row = self.every.loc[(level, code_id)]
        interviews = int(self.interviews.loc[(level, code_id)]["sources"])
        total = self.interview_count
        return Counts(
            codings=int(row["codings"]),
            sources=int(row["sources"]),
            interviews=interviews,
            interview_share=interviews / total if total else None,
            by={value: int(row[column]) for value, column in self.columns.items()},
        )


def _notes(
    counted: Tally, interviews: int, language: str, pseudonymized: bool, scope: Scope
) -> list[str]:
    """What was counted, and how: the lines under the report's title."""
    codings = sum(sum(per.values()) for per in counted.code_counts.values())
    sources = len(counted.resolved.sources)
    notes = [label("scope", language, sources=sources, interviews=interviews, codings=codings)]
    if scope.sources or scope.kinds:
        names = ", ".join(source.name for source in counted.resolved.sources)
        notes.append(label("sources_only", language, sources=names))
    if scope.coder:
        notes.append(label("coder_only", language, coder=scope.coder))
    notes.append(label("counting", language))
    if scope.include_pending:
        notes.append(label("with_pending", language))
    if pseudonymized:
        notes.append(label("pseudonymized", language))
    return notes


def _today() -> str:
    return datetime.datetime.now(datetime.UTC).date().isoformat()
