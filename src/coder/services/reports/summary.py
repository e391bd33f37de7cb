"""Theme summaries, code × source matrices and code co-occurrence, as pandas DataFrames.

Every table is built from small aggregates that triggers keep up to date (codings per code and
source; the codes on each sentence, as bit masks), never from one row per coding, so a project
with a million codings is summarised in well under a second (benchmarks/README.md).

Counting rules (README, "Reports"): a coding counts for its code. A theme's `codings` are the
distinct sentences touched by any coding under it, so a sentence coded twice within one theme
counts once; its `sources` are the distinct sources with any such coding. `share_of_sources`
divides by the sources in scope (with a breakdown: those with the attribute value). `cases`
are the distinct values of the `case` attribute among the sources with the code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from coder.domain.codebook import Code
from coder.errors import ReportError
from coder.services.reports.scope import Resolved, Scope, attribute_of, resolve, value_order
from coder.services.reports.units import coded_units, sentences_per_source
from coder.storage import reports as report_store

if TYPE_CHECKING:
    from collections.abc import Collection, Mapping

    import numpy as np
    import pandas as pd

    from coder.services.project import Project

MEASURES = ("codings", "sources", "share")
"""What the columns of a breakdown (`--by`) hold."""
CASE_ATTRIBUTE = "case"


@dataclass(frozen=True)
class Tally:
    """What every summary table is made of: small aggregates of the codings in scope."""

    resolved: Resolved
    code_counts: dict[str, dict[int, int]]
    """Code id → source id → codings."""
    theme_units: dict[str, dict[int, int]]
    """Theme id → source id → distinct sentences (or outside codings) touched in the theme."""


def tally(project: Project, scope: Scope) -> Tally:
    """Count the codings in scope per code and source, and per theme in distinct sentences."""
    resolved = resolve(project, scope)
    counts = report_store.code_source_counts(project.conn, resolved.where)
    wanted = {code.id for code in resolved.codes}
    themes = [theme.id for theme in resolved.themes]
    groups = [[code.id for code in resolved.codes_of(theme)] for theme in themes]
    units = sentences_per_source(project, resolved.where, groups)
    code_counts: dict[str, dict[int, int]] = {}
    for code, source, n in counts:
        if code in wanted:
            code_counts.setdefault(code, {})[source] = n
    theme_units: dict[str, dict[int, int]] = {}
    for (group, source), n in units.items():
        theme_units.setdefault(themes[group], {})[source] = n
    return Tally(resolved=resolved, code_counts=code_counts, theme_units=theme_units)


def summary(
    project: Project, scope: Scope, *, by: str | None = None, measure: str = "codings"
) -> pd.DataFrame:
    """One row per theme (its totals) and per code under it, optionally broken down by `by`."""
    counted = tally(project, scope)
    by_value = None if by is None else attribute_of(project, counted.resolved, by)
    return summary_frame(project, counted, by=by, by_value=by_value, measure=measure)


def summary_frame(
    project: Project,
    counted: Tally,
    *,
    by: str | None = None,
    by_value: Mapping[int, str] | None = None,
    measure: str = "codings",
    among: Collection[int] | None = None,
) -> pd.DataFrame:
    """The summary table of a tally; `among` narrows the sources it counts (e.g. interviews).

    Columns: level (theme or code), theme, code, code_id, codings, sources, cases (when some
    source has a case attribute), share_of_sources, then `by=value` columns holding `measure`.
    """
    import pandas as pd

    if measure not in MEASURES:
        raise ReportError(f"unknown measure '{measure}'", f"use one of {', '.join(MEASURES)}")
    resolved = counted.resolved
    scope = [s.id for s in resolved.sources if among is None or s.id in among]
    cases = None
    if CASE_ATTRIBUTE in resolved.attributes:
        cases = report_store.attribute_values(project.conn, CASE_ATTRIBUTE)
    columns = _Columns(scope, cases, by, by_value, measure)
    rows = []
    for theme in resolved.themes:
        rows.append(columns.row("theme", theme, theme, counted.theme_units.get(theme.id, {})))
        for code in resolved.codes_of(theme.id):
            if code.codable or code.id != theme.id:  # a pure theme is its totals row
                rows.append(columns.row("code", theme, code, counted.code_counts.get(code.id, {})))
    frame = pd.DataFrame(rows, columns=columns.names())
    return frame.fillna(0)


class _Columns:
    """The columns of a summary row, from a code's or theme's counts per source."""

    def __init__(
        self,
        scope: list[int],
        cases: Mapping[int, str] | None,
        by: str | None,
        by_value: Mapping[int, str] | None,
        measure: str,
    ) -> None:
        self.scope = set(scope)
        self.cases = cases
        self.by = by
        self.by_value = by_value or {}
        self.measure = measure
        self.values = value_order(self.by_value[s] for s in scope if s in self.by_value)
        self.sizes = {v: sum(1 for s in scope if self.by_value.get(s) == v) for v in self.values}

    def names(self) -> list[str]:
        """Column names in order."""
        fixed = ["level", "theme", "code", "code_id", "codings", "sources"]
        fixed += ["cases"] if self.cases is not None else []
        return [*fixed, "share_of_sources", *(f"{self.by}={value}" for value in self.values)]

    def row(self, level: str, theme: Code, code: Code, counts: dict[int, int]) -> list[object]:
        """A row for a theme's totals or a code."""
        counts = {s: n for s, n in counts.items() if s in self.scope and n}
        row: list[object] = [level, theme.name, code.name, code.id, sum(counts.values())]
        row.append(len(counts))
        if self.cases is not None:
            row.append(len({self.cases[s] for s in counts if s in self.cases}))
        row.append(len(counts) / len(self.scope) if self.scope else 0.0)
        for value in self.values:
            mine = {s: n for s, n in counts.items() if self.by_value.get(s) == value}
            row.append(self._measure(mine, self.sizes[value]))
        return row

    def _measure(self, counts: dict[int, int], size: int) -> float | int:
        if self.measure == "codings":
            return sum(counts.values())
        if self.measure == "sources":
            return len(counts)
        return len(counts) / size if size else 0.0


def matrix(
    project: Project, scope: Scope, *, rows: str = "source", binary: bool = False
) -> pd.DataFrame:
    """Codings per source (or attribute value) and code: the table to feed to R or Excel.

    One row per source in scope (or per value of the attribute `rows`), one column per codable
    code in scope (by id, in codebook order); counts, or 1/0 for any/none with `binary`.
    """
    import pandas as pd

    resolved = resolve(project, scope)
    codes = [code.id for code in resolved.codes if code.codable]
    sources = resolved.source_ids()
    counts = pd.DataFrame(
        report_store.code_source_counts(project.conn, resolved.where),
        columns=["code", "source", "codings"],
    )
    frame = (
        counts.pivot_table(index="source", columns="code", values="codings", aggfunc="sum")
        .reindex(index=sources, columns=codes)
        .fillna(0)
        .astype("int64")
    )
    if rows == "source":
        names = {source.id: source.name for source in resolved.sources}
        frame.index = pd.Index([names[s] for s in frame.index], name="source")
    else:
        value_of = attribute_of(project, resolved, rows)
        frame = frame.groupby([value_of[s] for s in frame.index]).sum()
        frame = frame.loc[value_order(frame.index)]
        frame.index.name = rows
    frame.columns.name = None
    return (frame > 0).astype("int64") if binary else frame


def cooccurrence(
    project: Project,
    scope: Scope,
    *,
    unit: str = "sentence",
    jaccard: bool = False,
    pairs: bool = False,
) -> pd.DataFrame:
    """How often codes occur together in a sentence, turn or source.

    A square table over the codable codes in scope: cell (a, b) counts the units that both
    touch, the diagonal the units each touches; with `jaccard`, (a, b) is that count over the
    units either touches. With `pairs`, one row per pair that occurs together, most frequent
    first, with both figures.
    """
    import numpy as np
    import pandas as pd

    resolved = resolve(project, scope)
    codes = [code.id for code in resolved.codes if code.codable]
    units = coded_units(project, resolved.where, [[code] for code in codes], unit)
    present = units.present.astype(np.float64)  # BLAS; integer products would be slow
    both = np.rint(present.T @ present).astype(np.int64)
    each = np.diag(both)
    either = each[:, None] + each[None, :] - both
    similar = np.divide(both, either, out=np.zeros(both.shape), where=either > 0)
    if pairs:
        return _pairs(codes, both, similar)
    table = pd.DataFrame(similar if jaccard else both, index=codes, columns=codes)
    table.index.name = "code"
    return table


def _pairs(codes: list[str], both: np.ndarray, similar: np.ndarray) -> pd.DataFrame:
    import pandas as pd

    rows = [
        (codes[a], codes[b], int(both[a, b]), int(both[a, a]), int(both[b, b]), similar[a, b])
        for a in range(len(codes))
        for b in range(a + 1, len(codes))
        if both[a, b]
    ]
    frame = pd.DataFrame(
        rows, columns=["code_a", "code_b", "together", "units_a", "units_b", "jaccard"]
    )
    return frame.sort_values(["together", "jaccard"], ascending=False, kind="stable").reset_index(
        drop=True
    )
