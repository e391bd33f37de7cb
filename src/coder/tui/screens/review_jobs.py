"""The Review screen's background jobs and their messages: reading the queue, retraining.

Each job runs in a thread worker on a connection of its own (SQLite connections are per
thread), calls one service function and posts one message; the screen's handlers change the
widgets. A user error becomes a `JobFailed` message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual.message import Message

from coder.domain.suggestion import Progress, QueueOrder, Suggestion
from coder.errors import CoderError
from coder.services import review
from coder.services.project import Project
from coder.tui.widgets.review_queue import Place

Post = Callable[[Message], object]


@dataclass(frozen=True)
class QueueState:
    """What one read of the queue gives the screen: the suggestions and the progress."""

    items: list[Suggestion]
    progress: Progress
    order: QueueOrder


def load_queue(project: Project, order: QueueOrder) -> QueueState:
    """The pending suggestions in this order, and how far review has come."""
    return QueueState(review.queue(project, order=order), review.progress(project), order)


def retrain(project: Project) -> tuple[int, str | None]:
    """Train on the project's coding and suggest again: (suggestions written, model version)."""
    from coder.services.suggesting import suggest

    run = suggest(project)
    return run.suggested, run.model


@dataclass
class QueueRead(Message):
    """The queue was read (`generation` tells a stale read from the latest)."""

    generation: int
    state: QueueState
    place: Place


@dataclass
class Retrained(Message):
    """A retrain finished: how many suggestions it wrote, and the model's version."""

    suggested: int
    model: str | None


@dataclass
class JobFailed(Message):
    """A job met a user error (a locked file, too little coding to train on)."""

    error: str
    training: bool


@dataclass(frozen=True)
class QueueRequest:
    """A read of the queue: whose project, in which order, and where to show it."""

    generation: int
    path: Path
    coder: str
    order: QueueOrder
    place: Place


def read_queue(post: Post, request: QueueRequest) -> None:
    """Read the queue in the order asked for; post it, to be shown at the place asked for."""
    try:
        with Project.open(request.path, coder=request.coder) as project:
            state = load_queue(project, request.order)
    except CoderError as error:
        post(JobFailed(error.one_line(), training=False))
        return
    post(QueueRead(request.generation, state, request.place))


def retrain_model(post: Post, path: Path, coder: str) -> None:
    """Retrain and suggest again; post what came of it."""
    try:
        with Project.open(path, coder=coder) as project:
            suggested, model = retrain(project)
    except CoderError as error:
        post(JobFailed(error.one_line(), training=True))
        return
    post(Retrained(suggested, model))
