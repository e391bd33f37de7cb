"""Fixtures of the workspace tests: the demo project, built once, and a fresh copy per test."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from coder.services.project import Project
from coder.services.setup import build_demo
from coder.services.workspace import save_position
from coder.tui.app import CoderApp

INT01 = "int01-vasterbotten"
"""The demo interview the Coding screen tests work in."""


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project, built once per test session (building takes a couple of seconds)."""
    path = tmp_path_factory.mktemp("demo-template") / "demo.db"
    build_demo(path).close()
    return path


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo project for one test, always named demo.db (as in snapshots)."""
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    return path


@pytest.fixture
def karin(demo_path: Path) -> Iterator[Project]:
    """The demo project opened by coder karin, who has codings in it."""
    with Project.open(demo_path, coder="karin") as project:
        yield project


@pytest.fixture
def app_at(karin: Project) -> Callable[..., CoderApp]:
    """Makes karin's app, which opens on a source and sentence as if she had left off there."""

    def make(source: str = INT01, sentence: int = 0) -> CoderApp:
        save_position(karin, source, sentence)
        return CoderApp(karin)

    return make
