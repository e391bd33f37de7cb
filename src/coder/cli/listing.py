"""Commands that show what is in the project: sources, segments, full-text search."""

from __future__ import annotations

import click

from coder.cli import CliState, cli
from coder.cli.output import emit, format_option


@cli.command()
@format_option
@click.pass_obj
def sources(state: CliState, fmt: str) -> None:
    """List sources with kind, language, words, turns, speakers, attributes and codings."""
    from coder.services.browse import list_sources

    with state.open() as project:
        summaries = list_sources(project)
    emit(
        [
            {
                "name": s.name,
                "kind": s.kind,
                "language": s.language,
                "words": s.words,
                "turns": s.turns,
                "speakers": list(s.speakers),
                "attributes": s.attributes,
                "codings": s.codings,
            }
            for s in summaries
        ],
        fmt,
        columns=("name", "kind", "language", "words", "turns", "speakers", "attributes", "codings"),
    )


@cli.command()
@click.argument("source")
@format_option
@click.pass_obj
def segments(state: CliState, source: str, fmt: str) -> None:
    """List the sentences of SOURCE with their turn, speaker, timestamp and offsets."""
    from coder.domain.source import format_timestamp
    from coder.services.browse import source_segments

    with state.open() as project:
        rows = source_segments(project, source)
    emit(
        [
            {
                "index": r.index,
                "turn": r.turn,
                "speaker": r.speaker or "",
                "timestamp": format_timestamp(r.timestamp),
                "start": r.start,
                "end": r.end,
                "text": r.text if fmt != "table" else " ".join(r.text.split()),
            }
            for r in rows
        ],
        fmt,
        columns=("index", "turn", "speaker", "timestamp", "start", "end", "text"),
    )


@cli.command()
@click.argument("query")
@click.option("--limit", type=int, default=100, show_default=True, help="Most hits to show.")
@format_option
@click.pass_obj
def search(state: CliState, query: str, limit: int, fmt: str) -> None:
    """Search the text of every source (words; word* for a prefix; "a phrase"; OR, NOT)."""
    from coder.domain.source import format_timestamp
    from coder.services.search import search as run_search

    with state.open() as project:
        hits = run_search(project, query, limit=limit)
    emit(
        [
            {
                "source": h.hit.source,
                "segment": h.hit.segment,
                "speaker": h.hit.speaker or "",
                "timestamp": format_timestamp(h.hit.timestamp),
                "start": h.hit.start,
                "end": h.hit.end,
                "context": f"{h.left}[{h.match}]{h.right}",
            }
            for h in hits
        ],
        fmt,
        columns=("source", "segment", "speaker", "timestamp", "start", "end", "context"),
    )
