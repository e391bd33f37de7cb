"""Pending suggestions for the Review tests, made the same way every time.

They are written as a suggestion run writes them (pending, origin rule or model, a score, a
reason and a model version, no coder), on whole sentences of the demo that no accepted coding
of the same code overlaps, so the tests do not hang on what a trained model happens to find.
"""

from __future__ import annotations

from textual.pilot import Pilot

from coder.domain.document import Document
from coder.domain.suggestion import Suggestion
from coder.services.project import Project
from coder.services.review import queue
from coder.services.workspace import open_document
from coder.storage import suggestions as store

INT01 = "int01-vasterbotten"
INT02 = "int02-norrbotten"

SEEDS = (
    # source, sentence, code, origin, score, reason
    (INT01, 14, "na-industrin", "model", 0.91, "terms: företag, tänkt"),
    (INT02, None, "na-industrin", "model", 0.81, "terms: företag"),
    (INT01, 15, "pandemin", "rule", 0.85, "keyword 'pandemi'"),
    (INT01, 8, "na-industrin", "model", 0.78, "terms: små, medelstora"),
    (INT01, 23, "pandemin", "model", 0.72, "terms: fyra, utomhus"),
    (INT01, 9, "indikatorer", "model", 0.64, "[bold]not markup[/bold]"),
    (INT01, 5, "na-industrin", "model", 0.55, "terms: projektledare"),
)
"""The suggestions: `None` as sentence means the first sentence of an informant in the source."""


def seed_suggestions(project: Project, *, reverse: bool = False) -> list[Suggestion]:
    """Put the SEEDS in place of the project's pending suggestions; the queue, by score.

    `reverse` writes them in the opposite order, so that they get other ids (as after a retrain).
    """
    rows = []
    ids = store.source_ids(project.conn, [INT01, INT02])
    for source, sentence, code, origin, score, reason in reversed(SEEDS) if reverse else SEEDS:
        document = open_document(project, source)
        index = sentence
        if index is None:
            index = next(s.index for s in document.sentences if not _asks(document, s.turn))
        span = document.sentences[index]
        version = "m-test" if origin == "model" else "rules-test"
        rows.append(
            store.PendingRow(
                ids[source], code, span.start, span.end, origin, score, reason, version
            )
        )
    with project.transaction() as conn:
        store.replace_pending(conn, rows, source_ids=None, codes=None)
    return queue(project)


def clear_suggestions(project: Project) -> None:
    """Take away every pending suggestion (the demo opens with the model's)."""
    with project.transaction() as conn:
        store.replace_pending(conn, [], source_ids=None, codes=None)


def _asks(document: Document, turn: int) -> bool:
    return document.turns[turn].is_interviewer


async def settle(pilot: Pilot[None]) -> None:
    """Let the screen's workers finish and their messages reach the widgets.

    A Review screen is waited for until it has shown the queue it read: on a busy machine the
    message can come after a first pause (a snapshot then caught the table half laid out).
    """
    from coder.tui.screens.review import ReviewScreen

    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for _ in range(100):
        screen = pilot.app.screen
        if not (isinstance(screen, ReviewScreen) and screen.reading):
            break
        await pilot.pause(0.05)
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()
