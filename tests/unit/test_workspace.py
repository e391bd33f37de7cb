"""The coding workspace services: source rows, documents, one-key toggling, in-vivo codes."""

from __future__ import annotations

import time
from itertools import pairwise
from pathlib import Path

import pytest

from coder.domain.coding import Status
from coder.domain.source import ParsedSource, Sentence, SourceKind, Turn
from coder.errors import CodebookError, CodingError
from coder.services.codebook import project_codebook
from coder.services.coding import apply_code, redo, undo
from coder.services.codings_csv import import_codings
from coder.services.project import Project
from coder.services.workspace import (
    code_counts,
    create_code,
    open_document,
    source_codings,
    source_rows,
    toggle_code,
)
from coder.storage import codings as coding_store
from coder.storage import sources as source_store


def _span(project: Project, source: str, words: str) -> tuple[int, int]:
    text = source_store.source_text(project.conn, source) or ""
    start = text.index(words)
    return start, start + len(words)


def _row(project: Project, name: str) -> dict[str, object]:
    return next(vars(row) for row in source_rows(project) if row.name == name)


def _suggest(project: Project, tmp_path: Path, rows: list[str]) -> None:
    """Add codings as a codings CSV says (status pending/rejected, no coder: suggestions)."""
    path = tmp_path / "suggestions.csv"
    path.write_text("source,start,end,code,coder,status\n" + "\n".join(rows) + "\n")
    import_codings(project, path)


# --- source_rows --------------------------------------------------------------------------------


def test_workspace_source_rows_describe_every_source_by_name(imported: Project) -> None:
    rows = source_rows(imported)
    assert [(r.name, r.kind, r.language) for r in rows] == [
        ("doc01", "document", "sv"),
        ("int01", "interview", "sv"),
    ]
    assert all(r.words > 0 and r.coded_share == 0.0 and r.pending == 0 for r in rows)


def test_workspace_coded_share_counts_respondent_turns_only(imported: Project) -> None:
    apply_code(imported, "int01", *_span(imported, "int01", "Vi hade ca. 20 möten."), "pandemin")
    assert _row(imported, "int01")["coded_share"] == 0.5
    question = _span(imported, "int01", "Hur påverkade pandemin projektet?")
    apply_code(imported, "int01", *question, "pandemin")
    assert _row(imported, "int01")["coded_share"] == 0.5  # the interviewer's turn does not count
    apply_code(imported, "int01", *_span(imported, "int01", "Det var t.ex."), "na-industrin")
    assert _row(imported, "int01")["coded_share"] == 1.0


def test_workspace_coded_share_of_a_document_counts_paragraphs(imported: Project) -> None:
    apply_code(imported, "doc01", *_span(imported, "doc01", "Pandemin har"), "pandemin")
    assert _row(imported, "doc01")["coded_share"] == pytest.approx(1 / 3)
    assert _row(imported, "int01")["coded_share"] == 0.0


def test_workspace_coded_share_needs_overlap_not_touching(imported: Project) -> None:
    text = source_store.source_text(imported.conn, "int01") or ""
    answer = text.index("Ja, alltså")
    # Ends exactly where the first answer starts: it touches the turn but does not overlap it.
    apply_code(imported, "int01", answer - 5, answer, "pandemin")
    assert _row(imported, "int01")["coded_share"] == 0.0
    # From the end of the first answer well into the second: both answers are coded.
    first_end = text.index("företagen.") + len("företagen.")
    apply_code(imported, "int01", first_end - 1, text.index("Vi hade") + 2, "pandemin")
    assert _row(imported, "int01")["coded_share"] == 1.0


def test_workspace_coded_share_ignores_suggestions_and_pending_counts_them(
    imported: Project, tmp_path: Path
) -> None:
    start, end = _span(imported, "int01", "Vi hade ca. 20 möten.")
    _suggest(
        imported,
        tmp_path,
        [
            f"int01,{start},{end},digitala-moten,,pending",
            f"int01,{start},{end},pandemin,,pending",
            f"int01,{start},{end},na-industrin,,rejected",
        ],
    )
    row = _row(imported, "int01")
    assert (row["coded_share"], row["pending"]) == (0.0, 2)


def test_workspace_source_rows_carry_attributes(imported: Project) -> None:
    with imported.transaction() as conn:
        sid = source_store.source_id(conn, "int01")
        source_store.set_attributes(conn, sid or 0, {"region": "Västerbotten", "role": "chef"})
    assert _row(imported, "int01")["attributes"] == {"region": "Västerbotten", "role": "chef"}
    assert _row(imported, "doc01")["attributes"] == {}


def _small_source(number: int) -> ParsedSource:
    text = "Intervjuare: Hur gick det?\nSvar: Bra. Mycket bra.\n"
    return ParsedSource(
        name=f"s{number:04d}",
        kind=SourceKind.INTERVIEW,
        language="sv",
        text=text,
        content_hash=f"hash{number}",
        origin=f"s{number:04d}.txt",
        file_format="txt",
        turns=[Turn(13, 26, "Intervjuare", None, True), Turn(33, 49, "Svar")],
        sentences=[[Sentence(13, 26)], [Sentence(33, 36), Sentence(37, 49)]],
        attributes={"region": f"R{number % 7}"},
    )


def test_workspace_source_rows_of_1000_sources_take_a_few_queries(project: Project) -> None:
    with project.transaction() as conn:
        change = project.new_change()
        for number in range(1000):
            source_store.insert_source(conn, _small_source(number), change)
    for number in range(0, 1000, 2):
        apply_code(project, f"s{number:04d}", 33, 36, "pandemin")
    statements: list[str] = []
    project.conn.set_trace_callback(statements.append)
    started = time.perf_counter()
    rows = source_rows(project)
    elapsed = time.perf_counter() - started
    project.conn.set_trace_callback(None)
    assert len(rows) == 1000
    assert len(statements) <= 5
    assert elapsed < 0.25
    assert [r.coded_share for r in rows[:3]] == [1.0, 0.0, 1.0]
    assert rows[3].attributes == {"region": "R3"}


# --- open_document, source_codings, code_counts -------------------------------------------------


def test_workspace_open_document_gives_turns_with_speakers_and_sentences(
    imported: Project,
) -> None:
    document = open_document(imported, "int01")
    assert (document.source, document.kind, document.language) == ("int01", "interview", "sv")
    assert [(t.speaker, t.is_interviewer) for t in document.turns] == [
        ("Intervjuare", True),
        ("Maria Lindqvist", False),
        ("Intervjuare", True),
        ("Maria Lindqvist", False),
    ]
    assert [s.index for s in document.sentences] == list(range(len(document.sentences)))
    for turn in document.turns:
        sentences = [document.sentences[i] for i in turn.sentences]
        assert sentences, "every turn has sentences"
        assert all(s.turn == turn.index for s in sentences)
        assert sentences[0].start == turn.start and sentences[-1].end == turn.end
        for before, after in pairwise(sentences):
            assert document.text[before.end : after.start].strip() == ""
    assert document.sentence_text(2) == "Det var t.ex. svårt att nå de små företagen."
    assert sum(t.sentence_count for t in document.turns) == len(document.sentences)


def test_workspace_open_document_of_a_document_has_paragraphs(imported: Project) -> None:
    document = open_document(imported, "doc01")
    assert [t.speaker for t in document.turns] == [None, None, None]
    assert document.sentence_text(2) == "Pandemin har försenat arbetet med testbädden."


def test_workspace_unknown_source_is_a_coding_error(imported: Project) -> None:
    for call in (open_document, source_codings, code_counts):
        with pytest.raises(CodingError, match="no source named 'int99'"):
            call(imported, "int99")


def test_workspace_source_codings_are_accepted_and_pending_of_all_coders(
    imported: Project, project_path: Path, tmp_path: Path
) -> None:
    late = _span(imported, "int01", "Vi hade ca. 20 möten.")
    early = _span(imported, "int01", "vi fick ställa in")
    apply_code(imported, "int01", *late, "digitala-moten")
    with Project.open(project_path, coder="erik") as erik:
        apply_code(erik, "int01", *early, "pandemin")
    _suggest(
        imported,
        tmp_path,
        [
            f"int01,{late[0]},{late[1]},pandemin,,pending",
            f"int01,{early[0]},{early[1]},na-industrin,,rejected",
        ],
    )
    apply_code(imported, "doc01", *_span(imported, "doc01", "Pandemin"), "pandemin")
    codings = source_codings(imported, "int01")
    assert [(c.start, c.code, c.coder, c.status) for c in codings] == [
        (early[0], "pandemin", "erik", Status.ACCEPTED),
        (late[0], "digitala-moten", "anna", Status.ACCEPTED),
        (late[0], "pandemin", None, Status.PENDING),
    ]


def test_workspace_code_counts_in_source_and_project(imported: Project, tmp_path: Path) -> None:
    apply_code(imported, "int01", *_span(imported, "int01", "Vi hade"), "pandemin")
    apply_code(imported, "int01", *_span(imported, "int01", "De fungerade"), "pandemin")
    apply_code(imported, "doc01", *_span(imported, "doc01", "Pandemin"), "pandemin")
    start, end = _span(imported, "doc01", "Projektet")
    _suggest(imported, tmp_path, [f"doc01,{start},{end},na-industrin,,pending"])
    counts = code_counts(imported, "doc01")
    assert counts["pandemin"] == (1, 3)
    assert counts["na-industrin"] == (0, 0)  # a suggestion is not a coding yet
    assert set(counts) == {code.id for code in project_codebook(imported).codes}


# --- toggle_code --------------------------------------------------------------------------------


def test_workspace_toggle_applies_then_removes(imported: Project) -> None:
    start, end = _span(imported, "int01", "De fungerade bättre än väntat.")
    first = toggle_code(imported, "int01", start, end, "digitala-moten")
    assert first.applied is not None and first.removed == []
    assert (first.applied.code, first.applied.coder) == ("digitala-moten", "anna")
    second = toggle_code(imported, "int01", start, end, "digitala-moten")
    assert second.applied is None and second.removed == [first.applied]
    assert coding_store.list_codings(imported.conn) == []


def test_workspace_toggle_inside_a_longer_coding_removes_it(imported: Project) -> None:
    turn = _span(imported, "int01", "De fungerade bättre än väntat. Vi hade ca. 20 möten.")
    longer = apply_code(imported, "int01", *turn, "digitala-moten")
    other_code = apply_code(imported, "int01", *turn, "pandemin")
    result = toggle_code(imported, "int01", *_span(imported, "int01", "Vi hade"), "digitala-moten")
    assert (result.applied, result.removed) == (None, [longer])
    assert coding_store.list_codings(imported.conn) == [other_code]


def test_workspace_toggle_prefers_the_exact_coding(imported: Project) -> None:
    sentence = _span(imported, "int01", "Vi hade ca. 20 möten.")
    turn = _span(imported, "int01", "De fungerade bättre än väntat. Vi hade ca. 20 möten.")
    longer = apply_code(imported, "int01", *turn, "digitala-moten")
    exact = apply_code(imported, "int01", *sentence, "digitala-moten")
    assert toggle_code(imported, "int01", *sentence, "digitala-moten").removed == [exact]
    assert coding_store.list_codings(imported.conn) == [longer]


def test_workspace_toggle_leaves_other_coders_and_suggestions(
    imported: Project, project_path: Path, tmp_path: Path
) -> None:
    start, end = _span(imported, "int01", "Vi hade ca. 20 möten.")
    with Project.open(project_path, coder="erik") as erik:
        apply_code(erik, "int01", start, end, "pandemin")
    _suggest(imported, tmp_path, [f"int01,{start},{end},pandemin,,pending"])
    result = toggle_code(imported, "int01", start, end, "pandemin")
    assert result.applied is not None and result.applied.coder == "anna"
    assert len(source_codings(imported, "int01")) == 3


def test_workspace_undo_after_toggle_restores(imported: Project) -> None:
    sentence = _span(imported, "int01", "Vi hade ca. 20 möten.")
    turn = _span(imported, "int01", "De fungerade bättre än väntat. Vi hade ca. 20 möten.")
    longer = apply_code(imported, "int01", *turn, "digitala-moten")
    toggle_code(imported, "int01", *sentence, "digitala-moten")
    assert [e.action for e in undo(imported)] == ["coding.remove"]
    assert coding_store.list_codings(imported.conn) == [longer]
    undo(imported)  # the apply before it
    assert coding_store.list_codings(imported.conn) == []
    redo(imported)
    applied = toggle_code(imported, "int01", *sentence, "pandemin").applied
    assert applied is not None
    undo(imported)
    assert coding_store.list_codings(imported.conn) == [longer]


def test_workspace_toggle_refuses_a_theme_and_bad_offsets(imported: Project) -> None:
    with pytest.raises(CodingError, match="is a theme"):
        toggle_code(imported, "int01", 60, 70, "utmaningar")
    with pytest.raises(CodingError, match="outside source"):
        toggle_code(imported, "int01", 60, 70_000, "pandemin")
    assert coding_store.list_codings(imported.conn) == []


# --- create_code --------------------------------------------------------------------------------


def test_workspace_create_code_slugs_the_name_under_its_parent(imported: Project) -> None:
    code = create_code(imported, "Otydlig målgrupp", "utmaningar")
    assert (code.id, code.name, code.parent_id, code.key, code.codable) == (
        "otydlig-malgrupp",
        "Otydlig målgrupp",
        "utmaningar",
        None,
        True,
    )
    codebook = project_codebook(imported)
    assert [c.id for c in codebook.children("utmaningar")] == [
        "pandemin",
        "na-industrin",
        "otydlig-malgrupp",
    ]
    assert codebook.by_id("otydlig-malgrupp").position == 2


def test_workspace_create_code_makes_the_id_unique(imported: Project) -> None:
    create_code(imported, "Otydlig målgrupp", "utmaningar")
    again = create_code(imported, "Otydlig  målgrupp", "lardomar")
    third = create_code(imported, "otydlig-målgrupp!", None)
    assert (again.id, again.name) == ("otydlig-malgrupp-2", "Otydlig målgrupp")
    assert third.id == "otydlig-malgrupp-3"


def test_workspace_create_code_refuses_a_sibling_name_empty_name_and_unknown_parent(
    imported: Project,
) -> None:
    with pytest.raises(CodebookError, match="already a code 'Pandemins påverkan'") as error:
        create_code(imported, "pandemins  PÅVERKAN", "utmaningar")
    assert "another name" in error.value.hint
    with pytest.raises(CodebookError, match="needs a name"):
        create_code(imported, "  \n ", "utmaningar")
    with pytest.raises(CodebookError, match="no such code"):
        create_code(imported, "Ny kod", "finns-inte")
    assert len(project_codebook(imported).codes) == 5


def test_workspace_create_code_colours(imported: Project) -> None:
    under_coloured = create_code(imported, "Reserestriktioner", "pandemin")
    top = create_code(imported, "Synergier", None)
    assert under_coloured.color is not None and under_coloured.color != "#e74c3c"
    red, green, blue = (int(under_coloured.color[i : i + 2], 16) for i in (1, 3, 5))
    assert red > green and red > blue  # the red family of its parent
    assert top.color == "#4e79a7"  # the first palette colour, unused so far


def test_workspace_create_code_is_undone_in_one_step_and_can_be_applied(
    imported: Project,
) -> None:
    code = create_code(imported, "Otydlig målgrupp", None)
    toggle_code(imported, "int01", *_span(imported, "int01", "Vi hade"), code.id)
    undo(imported)
    assert [e.action for e in undo(imported)] == ["code.add"]
    assert project_codebook(imported).get(code.id) is None
