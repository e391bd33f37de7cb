"""Fixture codings for the agreement tests: two coders on the small test corpus.

The sentence units (interviewer turns left out), in source order (doc01, then int01):

    0 doc01 "# Lägesrapport 2021"           4 int01 "Det var t.ex. svårt att nå …"
    1 doc01 "Projektet har genomfört …"     5 int01 "De fungerade bättre än väntat."
    2 doc01 "Pandemin har försenat …"       6 int01 "Vi hade ca. 20 möten."
    3 int01 "Ja, alltså, vi fick ställa …"

`SENTENCES` says by hand which of them each coder's codings count for (more than half of the
sentence covered): the tests compare the statistics with scikit-learn and the krippendorff
package run on these vectors.
"""

from __future__ import annotations

from coder.domain.coding import Origin, Status
from coder.services.coding import apply_code
from coder.services.project import Project
from coder.storage import codings as coding_store

CODES = ("pandemin", "na-industrin", "digitala-moten")
"""The codable codes of the test codebook, in tree order."""

SENTENCES = {
    "anna": {
        "pandemin": [0, 0, 1, 1, 1, 0, 0],
        "na-industrin": [0, 1, 0, 0, 1, 0, 0],
        "digitala-moten": [0, 0, 0, 0, 0, 1, 1],
    },
    "bo": {
        "pandemin": [0, 0, 1, 1, 0, 0, 0],
        "na-industrin": [0, 0, 0, 0, 1, 0, 0],
        "digitala-moten": [0, 0, 0, 0, 0, 0, 0],
    },
}


def text_of(project: Project, source: str) -> str:
    """The full text of a source."""
    row = project.conn.execute("SELECT text FROM sources WHERE name = ?", [source]).fetchone()
    return str(row[0])


def span(project: Project, source: str, words: str, *, skip: int = 0) -> tuple[int, int]:
    """The offsets of `words` in a source (leaving out its first `skip` characters)."""
    start = text_of(project, source).index(words) + skip
    return start, start + len(words) - skip


def code_as(
    project: Project, coder: str, source: str, words: str, code: str, skip: int = 0
) -> None:
    """Code the passage `words` of a source as `coder`."""
    start, end = span(project, source, words, skip=skip)
    before, project.coder = project.coder, coder
    try:
        apply_code(project, source, start, end, code)
    finally:
        project.coder = before


def drop_suggestions(project: Project) -> None:
    """Remove the suggestions that importing made, so that only the fixture's codings count."""
    with project.transaction() as conn:
        conn.execute("DELETE FROM codings WHERE origin IN ('rule', 'model')")


def code_fixture(project: Project) -> Project:
    """Give the imported test corpus anna's and bo's codings (see `SENTENCES`).

    Suggestions that importing made are removed first: the model has coded nothing.
    """
    drop_suggestions(project)
    code_as(project, "anna", "doc01", "Pandemin har försenat arbetet med testbädden.", "pandemin")
    code_as(project, "anna", "doc01", "Projektet har genomfört tolv", "na-industrin")
    both = (
        "Ja, alltså, vi fick ställa in alla företagsbesök.\n"
        "Det var t.ex. svårt att nå de små företagen."
    )
    code_as(project, "anna", "int01", both, "pandemin")
    code_as(
        project, "anna", "int01", "Det var t.ex. svårt att nå de små företagen.", "na-industrin"
    )
    code_as(
        project,
        "anna",
        "int01",
        "De fungerade bättre än väntat. Vi hade ca. 20 möten.",
        "digitala-moten",
    )
    code_as(project, "bo", "doc01", "Pandemin har försenat arbetet med testbädden.", "pandemin")
    code_as(project, "bo", "int01", "Ja, alltså, vi fick ställa in alla företagsbesök.", "pandemin")
    # 32 of the sentence's 44 characters: it counts.
    code_as(
        project,
        "bo",
        "int01",
        "Det var t.ex. svårt att nå de små företagen.",
        "na-industrin",
        skip=12,
    )
    # 13 of 30 characters: it does not.
    code_as(project, "bo", "int01", "De fungerade bättre", "digitala-moten", skip=6)
    # The interviewer's question: left out unless asked for.
    code_as(project, "bo", "int01", "Hur påverkade pandemin projektet?", "pandemin")
    return project


def suggest(project: Project, source: str, words: str, code: str, status: Status) -> None:
    """Store a suggestion of the model (as the suggestion engine would)."""
    start, end = span(project, source, words)
    coder = None if status is Status.PENDING else coding_store.coder_id(project.conn, "anna")
    with project.transaction() as conn:
        coding_store.insert_coding(
            conn,
            {
                "source_id": conn.execute(
                    "SELECT id FROM sources WHERE name = ?", [source]
                ).fetchone()[0],
                "code_id": code,
                "start": start,
                "end": end,
                "coder_id": coder,
                "origin": Origin.MODEL.value,
                "status": status.value,
                "score": 0.8,
            },
            project.new_change(),
        )
