"""The demo project that `make demo` builds: the shipped codebook, corpus, attributes, codings."""

from __future__ import annotations

from pathlib import Path

from coder.services.browse import list_sources, source_segments
from coder.services.codebook import codebook_tree
from coder.services.setup import build_demo, overview
from coder.storage import codings as coding_store


def test_demo_builds_from_the_shipped_material(tmp_path: Path) -> None:
    with build_demo(tmp_path / "demo.db") as project:
        view = overview(project)
        sources = list_sources(project)
        codes = codebook_tree(project)
        codings = coding_store.list_codings(project.conn)
        int02 = source_segments(project, "int02-norrbotten")
    assert view.sources_by_kind == {"document": 8, "interview": 12}
    assert sorted(view.coders) == ["johan", "karin"]
    assert len([c for c in codes if c.code.codable]) == 19
    assert {c.code.key for c in codes if c.code.key} == set("0123456789")
    assert len([c for c in codings if c.origin.value in ("human", "import")]) == 506
    assert {c.status.value for c in codings if c.origin.value == "model"} == {"pending"}
    interviews = [s for s in sources if s.kind == "interview"]
    assert all(len(s.speakers) >= 2 for s in interviews)
    assert {s.language for s in interviews} == {"sv", "en"}
    assert all({"region", "year"} <= set(s.attributes) for s in sources)
    assert any(s.is_interviewer and s.speaker == "Anna Sjöberg" for s in int02)


def test_demo_every_source_has_some_human_coding(tmp_path: Path) -> None:
    with build_demo(tmp_path / "demo.db", suggestions=False) as project:
        coded = {c.source for c in coding_store.list_codings(project.conn)}
        names = {s.name for s in list_sources(project)}
    assert coded == names
