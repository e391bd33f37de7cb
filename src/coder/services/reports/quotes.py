"""Quotes: one row per coding with its source, speaker, attributes, code path, text and memo.

Also the quotes a report shows per code: the exemplars a coder marked first, then the quotes
most typical of the code (closest to the TF-IDF centroid of all its quotes), of a readable
length (10–80 words) and from different sources where there are enough.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coder.errors import CodingError
from coder.services.project import Project
from coder.services.reports.pseudonyms import Masker
from coder.services.reports.scope import MISSING, Resolved, Scope, check_attribute, resolve
from coder.storage import codings as coding_store
from coder.storage import reports as report_store

if TYPE_CHECKING:
    import pandas as pd

PATH_SEPARATOR = " > "
_FIXED = (
    "id", "source", "speaker", "theme", "code", "code_id", "coder", "status", "exemplar", "start",
    "end", "text", "memo",
)  # fmt: skip
"""The quote table's own columns; attribute columns come after the speaker."""
READABLE_WORDS = (10, 80)
"""Quotes with fewer or more words than this are shown only when there are no others."""


def mark_exemplar(project: Project, coding_id: int, on: bool = True) -> bool:
    """Mark a coding as an exemplar quote of its code (or unmark it); one undo step.

    Returns False when it already was as asked. Exemplars come first among a code's quotes in
    reports.
    """
    if coding_store.get_coding(project.conn, coding_id) is None:
        raise CodingError(f"no coding with id {coding_id}", "it may have been removed already")
    with project.transaction() as conn:
        return coding_store.set_exemplar(conn, coding_id, on, project.new_change())


def exemplar_ids(project: Project, source: str) -> set[int]:
    """Ids of a source's codings marked as exemplar quotes (by any coder)."""
    return report_store.exemplar_ids(project.conn, source)


@dataclass(frozen=True)
class Quote:
    """A coding as a quote, ready to show: names pseudonymised when asked."""

    row: report_store.QuoteRow
    source: str
    speaker: str
    text: str
    memo: str
    attributes: dict[str, str]


def quotes(
    project: Project, scope: Scope, *, masker: Masker | None = None
) -> tuple[Resolved, list[Quote]]:
    """The codings in scope as quotes (in source and text order), pseudonymised with `masker`."""
    resolved = resolve(project, scope)
    attributes: dict[int, dict[str, str]] = {}
    for key in resolved.attributes:
        for source, value in report_store.attribute_values(project.conn, key).items():
            attributes.setdefault(source, {})[key] = value
    found = []
    for row in report_store.quotes(project.conn, resolved.where):
        values = attributes.get(row.source_id, {})
        if masker is None:
            quote = Quote(row, row.source, row.speaker or "", row.text, row.memo or "", values)
        else:
            quote = Quote(
                row=row,
                source=masker.mask(row.source),
                speaker=masker.speaker(row.speaker),
                text=masker.mask(row.text),
                memo=masker.mask(row.memo or ""),
                attributes={key: masker.mask(value) for key, value in values.items()},
            )
        found.append(quote)
    return resolved, found


def quotes_behind(
    project: Project,
    code_id: str,
    *,
    theme: bool = False,
    include_pending: bool = False,
    by: str | None = None,
    value: str | None = None,
) -> list[Quote]:
    """The quotes behind one number of a summary: a code's codings (a theme's: its subtree's).

    With `by` and `value`, only those from sources with that attribute value (MISSING: none).
    """
    resolved, found = quotes(project, Scope(codes=(code_id,), include_pending=include_pending))
    if not theme:
        found = [quote for quote in found if quote.row.code_id == code_id]
    if by is not None:
        check_attribute(resolved, by)
        found = [quote for quote in found if quote.attributes.get(by, MISSING) == value]
    return found


def code_path(resolved: Resolved, code_id: str) -> str:
    """`Theme > Code > Subcode`: where a code sits in the codebook."""
    return PATH_SEPARATOR.join(code.name for code in resolved.codebook.path(code_id))


def quote_table(
    project: Project, scope: Scope, *, by: str | None = None, masker: Masker | None = None
) -> pd.DataFrame:
    """One row per coding: id, source, speaker, attributes, theme, code path, text, memo ….

    With `by`, rows are ordered by that attribute's value first and its column comes first.
    """
    import pandas as pd

    resolved, found = quotes(project, scope, masker=masker)
    if by is not None:
        check_attribute(resolved, by)
    column = {key: f"{key} (attribute)" if key in _FIXED else key for key in resolved.attributes}
    rows = [
        {
            "id": q.row.coding_id,
            "source": q.source,
            "speaker": q.speaker,
            **{column[key]: q.attributes.get(key, "") for key in column},
            "theme": resolved.codebook.theme_of(q.row.code_id).name,
            "code": code_path(resolved, q.row.code_id),
            "code_id": q.row.code_id,
            "coder": q.row.coder or "",
            "status": q.row.status,
            "exemplar": int(q.row.exemplar),
            "start": q.row.start,
            "end": q.row.end,
            "text": q.text,
            "memo": q.memo,
        }
        for q in found
    ]
    fixed = list(_FIXED)
    frame = pd.DataFrame(rows, columns=[*fixed[:3], *column.values(), *fixed[3:]])
    if by is None:
        return frame
    first = column[by]
    frame = frame.sort_values(by=[first, "source", "start"], kind="stable", key=_missing_last)
    return frame[[first, *[c for c in frame.columns if c != first]]].reset_index(drop=True)


def _missing_last(column: pd.Series) -> pd.Series:
    # Sources without the attribute ("") after the others.
    return column.map(lambda value: (value == "", value) if isinstance(value, str) else value)


def quotes_markdown(frame: pd.DataFrame, *, by: str | None = None) -> str:
    """Quotes as Markdown: a section per attribute value (with `by`) or code, a block each."""
    group = by or "code"
    parts = []
    for value, rows in frame.groupby(group, sort=False):
        heading = f"{by}: {value or MISSING}" if by else str(value)
        parts.append(f"## {escape_markdown(heading)}\n")
        for row in rows.itertuples(index=False):
            record = row._asdict()
            parts.append(_md_quote(record, show_code=by is not None))
    return "\n".join(parts)


def _md_quote(record: dict[str, object], *, show_code: bool) -> str:
    text = " ".join(str(record["text"]).split())
    who = ", ".join(str(v) for v in (record["speaker"], record["source"]) if v)
    lines = [f"> {escape_markdown(text)}", ">", f"> — {escape_markdown(who)}"]
    if show_code:
        lines[-1] += f" ({escape_markdown(str(record['code']))})"
    if record["memo"]:
        lines.append(f"\n*Memo:* {escape_markdown(' '.join(str(record['memo']).split()))}")
    return "\n".join(lines) + "\n"


def escape_markdown(text: str) -> str:
    """Text safe inside Markdown: its markup characters escaped."""
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return text


def telling_quotes(found: Sequence[Quote], count: int) -> dict[str, list[Quote]]:
    """Up to `count` quotes per code id: exemplars, then the most typical, from many sources.

    Quotes of the same passage and code by several coders are one quote, an exemplar if any
    coder marked it so.
    """
    passages: dict[tuple[str, int, int, int], Quote] = {}
    for quote in found:
        row = quote.row
        key = (row.code_id, row.source_id, row.start, row.end)
        if key not in passages or (row.exemplar and not passages[key].row.exemplar):
            passages[key] = quote
    by_code: dict[str, list[Quote]] = {}
    for (code_id, *_), quote in passages.items():
        by_code.setdefault(code_id, []).append(quote)
    typical = _typicality(list(passages.values()))
    return {code: _pick(quotes, typical, count) for code, quotes in by_code.items()}


def _typicality(found: list[Quote]) -> dict[int, float]:
    """Coding id → cosine similarity of its text to the TF-IDF centroid of its code's quotes."""
    if not found:
        return {}
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        vectors = TfidfVectorizer(sublinear_tf=True).fit_transform([q.row.text for q in found])
    except ValueError:  # no words at all (only numbers or punctuation)
        return {q.row.coding_id: 0.0 for q in found}
    codes = np.array([q.row.code_id for q in found])
    scores = np.zeros(len(found))
    for code in set(codes.tolist()):
        rows = np.flatnonzero(codes == code)
        centroid = np.asarray(vectors[rows].mean(axis=0)).ravel()
        norm = np.linalg.norm(centroid)
        if norm:
            scores[rows] = vectors[rows] @ (centroid / norm)
    return {q.row.coding_id: float(score) for q, score in zip(found, scores, strict=True)}


def _pick(candidates: list[Quote], typical: dict[int, float], count: int) -> list[Quote]:
    """Exemplars first; then readable before too short or long, new sources before used ones."""
    low, high = READABLE_WORDS

    def rank(quote: Quote) -> tuple[bool, bool, float, int]:
        words = len(quote.text.split())
        readable = low <= words <= high
        return (not quote.row.exemplar, not readable, -typical[quote.row.coding_id], words)

    ordered = sorted(candidates, key=rank)
    chosen = [q for q in ordered if q.row.exemplar][:count]
    taken = {q.row.coding_id for q in chosen}
    used = {q.row.source_id for q in chosen}
    for fresh in (True, False):
        for quote in ordered:
            if len(chosen) >= count:
                return chosen
            if quote.row.coding_id not in taken and (quote.row.source_id not in used) == fresh:
                chosen.append(quote)
                taken.add(quote.row.coding_id)
                used.add(quote.row.source_id)
    return chosen
