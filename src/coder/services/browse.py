"""Looking at what was imported: sources and how each was segmented."""

from __future__ import annotations

from coder.domain.source import SegmentView, SourceSummary
from coder.errors import CodingError
from coder.services.project import Project
from coder.storage import sources as source_store


def list_sources(project: Project) -> list[SourceSummary]:
    """Every source with its size, speakers, attributes and accepted codings."""
    return source_store.list_sources(project.conn)


def source_segments(project: Project, name: str) -> list[SegmentView]:
    """The sentences of one source, in order."""
    if source_store.source_id(project.conn, name) is None:
        raise CodingError(f"no source named '{name}'", "see the names with 'coder sources'")
    return source_store.segments_of(project.conn, name)
