"""Attributes of sources (region, role, organisation type, …): read from CSV, set, list."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from coder.errors import ImportRefusedError, ReadError
from coder.services.project import Project
from coder.storage import sources as source_store

SOURCE_COLUMN = "source"


def read_attribute_table(path: Path) -> dict[str, dict[str, str]]:
    """An attributes CSV (`source` plus one column per attribute) as source → attributes."""
    from coder.ingest.readers import read_text

    text = read_text(path)
    dialect = _sniff(text)
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    columns = [c.strip() for c in reader.fieldnames or []]
    if SOURCE_COLUMN not in columns:
        raise ReadError(
            f"{path} has no '{SOURCE_COLUMN}' column (it has: {', '.join(columns) or 'none'})",
            "name the column that holds the source names 'source'",
        )
    table: dict[str, dict[str, str]] = {}
    for row_number, row in enumerate(reader, start=2):
        values = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        name = values.pop(SOURCE_COLUMN)
        if not name:
            raise ReadError(f"{path}, line {row_number}: the source name is empty", "fill it in")
        if name in table:
            raise ReadError(
                f"{path}, line {row_number}: source '{name}' appears twice",
                "keep one row per source",
            )
        table[name] = {k: v for k, v in values.items() if k}
    return table


def _sniff(text: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        return csv.excel


@dataclass(frozen=True)
class AttributeChange:
    """What an attributes import did."""

    sources: int
    values: int


def import_attributes(project: Project, path: Path) -> AttributeChange:
    """Set attributes of sources already imported; every named source must exist."""
    table = read_attribute_table(path)
    known = source_store.source_names(project.conn)
    unknown = sorted(name for name in table if name not in known)
    if unknown:
        listed = ", ".join(repr(n) for n in unknown[:5]) + (" …" if len(unknown) > 5 else "")
        raise ImportRefusedError(
            f"{path} names {len(unknown)} sources that are not in the project: {listed}",
            "check the names with 'coder sources'; nothing was changed",
        )
    change = project.new_change()
    with project.transaction() as conn:
        for name, values in table.items():
            source_store.update_attributes(conn, name, values, change)
    return AttributeChange(sources=len(table), values=sum(len(v) for v in table.values()))


def list_attributes(project: Project) -> dict[str, dict[str, str]]:
    """Every source's attributes by source name."""
    return source_store.attributes_by_source(project.conn)
