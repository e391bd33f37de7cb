"""Importing files into a project: kinds, turns, sentences, attributes, all-or-nothing."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from coder.domain.source import SourceSummary
from coder.errors import ImportRefusedError, ReadError
from coder.services.browse import list_sources, source_segments
from coder.services.importing import ImportOptions, import_paths
from coder.services.project import Project
from coder.storage import sources as source_store


def _by_name(project: Project) -> dict[str, SourceSummary]:
    return {s.name: s for s in list_sources(project)}


def test_importing_folder_finds_interview_and_document(project: Project, corpus: Path) -> None:
    report = import_paths(project, [corpus], ImportOptions())
    assert sorted(s.name for s in report.imported) == ["doc01", "int01"]
    sources = _by_name(project)
    assert (sources["int01"].kind, sources["int01"].language) == ("interview", "sv")
    assert sources["int01"].turns == 4
    assert (sources["doc01"].kind, sources["doc01"].turns) == ("document", 3)


def test_importing_keeps_header_out_of_turns_and_marks_interviewer(
    project: Project, corpus: Path
) -> None:
    import_paths(project, [corpus / "int01.txt"], ImportOptions())
    segments = source_segments(project, "int01")
    assert segments[0].text == "Hur påverkade pandemin projektet?"
    assert segments[0].is_interviewer
    assert all("Datum" not in s.text for s in segments)
    maria = [s for s in segments if s.speaker == "Maria Lindqvist"]
    assert maria and not any(s.is_interviewer for s in maria)


def test_importing_named_interviewer_is_marked(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "samtal.txt"
    path.write_text(
        "Karin Ek: Hur gick det?\nOla Berg: Bra.\nKarin Ek: Och sedan?\nOla Berg: Sämre.\n",
        encoding="utf-8",
    )
    import_paths(project, [path], ImportOptions(interviewers=("karin ek",)))
    marked = {s.speaker: s.is_interviewer for s in source_segments(project, "samtal")}
    assert marked == {"Karin Ek": True, "Ola Berg": False}


def test_importing_a_bad_file_imports_nothing(project: Project, corpus: Path) -> None:
    (corpus / "trasig.docx").write_bytes(b"this is not a zip file")
    with pytest.raises(ReadError, match=r"trasig\.docx"):
        import_paths(project, [corpus], ImportOptions())
    assert list_sources(project) == []
    # The garbage collector, off while importing, is back on after a failed import too.
    assert gc.isenabled()


def test_importing_leaves_the_garbage_collector_as_it_found_it(
    project: Project, corpus: Path
) -> None:
    import_paths(project, [corpus], ImportOptions())
    assert gc.isenabled()
    gc.disable()
    try:
        import_paths(project, [corpus], ImportOptions())
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_importing_a_taken_name_with_other_text_is_refused(project: Project, corpus: Path) -> None:
    import_paths(project, [corpus / "int01.txt"], ImportOptions())
    other = corpus / "annan"
    other.mkdir()
    (other / "int01.txt").write_text("Helt annan text om regionen.\n", encoding="utf-8")
    with pytest.raises(ImportRefusedError, match="a source named 'int01' already exists"):
        import_paths(project, [other / "int01.txt"], ImportOptions())


def test_importing_same_text_under_another_name_is_skipped(project: Project, corpus: Path) -> None:
    import_paths(project, [corpus / "int01.txt"], ImportOptions())
    copy = corpus / "kopia.txt"
    copy.write_bytes((corpus / "int01.txt").read_bytes())
    report = import_paths(project, [copy], ImportOptions())
    assert report.imported == []
    assert report.skipped == [(str(copy), "already imported as 'int01'")]


def test_importing_windows_1252_text_keeps_swedish_letters(
    project: Project, tmp_path: Path
) -> None:
    path = tmp_path / "gammal.txt"
    path.write_bytes("Överenskommelse för år 2021 på Västerås.\r\n".encode("cp1252"))
    import_paths(project, [path], ImportOptions())
    assert source_store.source_text(project.conn, "gammal") == (
        "Överenskommelse för år 2021 på Västerås.\n"
    )


def test_importing_attributes_from_option_and_csv(project: Project, corpus: Path) -> None:
    table = corpus.parent / "attributes.csv"
    table.write_text("source;region;role\nint01.txt;Västerbotten;projektledare\n", encoding="utf-8")
    report = import_paths(
        project, [corpus], ImportOptions(attributes={"year": "2022"}, attributes_csv=table)
    )
    assert report.notes == []
    sources = {s.name: s.attributes for s in list_sources(project)}
    assert sources["int01"] == {"region": "Västerbotten", "role": "projektledare", "year": "2022"}
    assert sources["doc01"] == {"year": "2022"}


def test_importing_csv_answers_one_source_per_row(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "enkat.csv"
    path.write_text(
        "id,region,svar\n"
        "a1,Skåne,Personalen var mycket vänlig och hjälpsam.\n"
        "a2,Dalarna,\n"
        "a3,Dalarna,Vi fick vänta alldeles för länge på besked.\n",
        encoding="utf-8",
    )
    options = ImportOptions(text_column="svar", id_column="id")
    report = import_paths(project, [path], options)
    assert [s.name for s in report.imported] == ["enkat:a1", "enkat:a3"]
    sources = {s.name: s for s in list_sources(project)}
    assert sources["enkat:a3"].attributes == {"region": "Dalarna"}
    assert sources["enkat:a3"].kind == "other"


def test_importing_csv_answers_one_source_per_file(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "enkat.csv"
    path.write_text("id,svar\na1,Bra bemötande.\na2,Lång väntetid.\n", encoding="utf-8")
    import_paths(project, [path], ImportOptions(text_column="svar", id_column="id", per="file"))
    segments = source_segments(project, "enkat")
    assert [(s.speaker, s.text) for s in segments] == [
        ("a1", "Bra bemötande."),
        ("a2", "Lång väntetid."),
    ]


def test_importing_csv_without_text_column_says_so(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "enkat.csv"
    path.write_text("id,svar\na1,Bra.\n", encoding="utf-8")
    with pytest.raises(ReadError, match="--text-column"):
        import_paths(project, [path], ImportOptions())


def test_importing_vtt_gives_speakers_and_timestamps(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "mote.vtt"
    path.write_text(
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:04.000\n<v Intervjuare>Hur började projektet?</v>\n\n"
        "00:00:05.000 --> 00:00:09.000\n<v Anna Berg>Vi började med företagsbesök.</v>\n\n"
        "00:00:09.500 --> 00:00:12.000\n<v Anna Berg>Sedan kom pandemin.</v>\n",
        encoding="utf-8",
    )
    import_paths(project, [path], ImportOptions())
    segments = source_segments(project, "mote")
    assert [(s.speaker, s.timestamp, s.text) for s in segments] == [
        ("Intervjuare", 1.0, "Hur började projektet?"),
        ("Anna Berg", 5.0, "Vi började med företagsbesök."),
        ("Anna Berg", 5.0, "Sedan kom pandemin."),
    ]
    assert segments[0].is_interviewer


def test_importing_docx_transcript(project: Project, tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for line in [
        "Intervju med projektledare",
        "Anna Berg  00:00:13",
        "Vi hade t.ex. tolv företagsbesök.",
        "Intervjuare  00:01:02",
        "Hur gick det sedan?",
        "Anna Berg  00:01:10",
        "Bättre än väntat.",
    ]:
        document.add_paragraph(line)
    path = tmp_path / "intervju.docx"
    document.save(str(path))
    import_paths(project, [path], ImportOptions())
    segments = source_segments(project, "intervju")
    assert [(s.speaker, s.timestamp, s.text) for s in segments] == [
        ("Anna Berg", 13.0, "Vi hade t.ex. tolv företagsbesök."),
        ("Intervjuare", 62.0, "Hur gick det sedan?"),
        ("Anna Berg", 70.0, "Bättre än väntat."),
    ]


def test_importing_nothing_importable_is_an_error(project: Project, tmp_path: Path) -> None:
    (tmp_path / "bild.png").write_bytes(b"\x89PNG")
    with pytest.raises(ReadError, match="no files to import"):
        import_paths(project, [tmp_path], ImportOptions())


def test_importing_english_source_is_detected(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(
        "The project reached more companies than planned. It was e.g. hard in the north.\n",
        encoding="utf-8",
    )
    import_paths(project, [path], ImportOptions())
    assert _by_name(project)["report"].language == "en"
    texts = [s.text for s in source_segments(project, "report")]
    assert texts == [
        "The project reached more companies than planned.",
        "It was e.g. hard in the north.",
    ]


def test_importing_folder_leaves_out_hidden_and_lock_files(project: Project, corpus: Path) -> None:
    (corpus / "~$int01.docx").write_bytes(b"\x05karin" + b"\x00" * 100)
    (corpus / ".utkast.txt").write_text("Gammalt utkast.\n", encoding="utf-8")
    report = import_paths(project, [corpus], ImportOptions())
    assert sorted(s.name for s in report.imported) == ["doc01", "int01"]


def test_importing_in_worker_processes_gives_what_reading_one_by_one_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Big imports read in forked workers with the rules compiled before the fork: the same
    sources, sentences, rule suggestions and report counts as reading file by file."""
    from coder.services import importing
    from coder.services.review import queue
    from coder.services.setup import create_project
    from tests.unit.test_kept_counts import assert_kept

    root = Path(__file__).resolve().parents[2]
    corpus = root / "corpora" / "smart-industri"
    codebook = root / "codebooks" / "smart-industri.yaml"

    def imported(name: str) -> tuple[list[object], list[tuple[object, ...]], int]:
        with create_project(tmp_path / f"{name}.db", language="sv", codebook=codebook) as made:
            report = import_paths(made, [corpus], ImportOptions(suggest=True))
            assert_kept(made)
            sentences = [
                (s.name, [(g.start, g.end, g.speaker) for g in source_segments(made, s.name)])
                for s in list_sources(made)
            ]
            found = sorted(
                (s.source, s.code, s.start, s.end, s.reason, s.score) for s in queue(made)
            )
            return sentences, found, report.suggestions

    one_by_one = imported("one")
    monkeypatch.setattr(importing, "_workers_for", lambda files: 2)
    assert imported("workers") == one_by_one
    assert one_by_one[2] > 100


def test_importing_reports_progress_reading_storing_and_storing_suggestions(
    project: Project, corpus: Path
) -> None:
    calls: list[tuple[str, int, int]] = []
    report = import_paths(
        project, [corpus], ImportOptions(suggest=True), progress=lambda *c: calls.append(c)
    )
    assert report.suggestions > 0
    stages = list(dict.fromkeys(stage for stage, _, _ in calls))
    assert stages == ["reading", "storing", "suggestions"]
    n = report.suggestions
    assert [c for c in calls if c[0] == "suggestions"] == [
        ("suggestions", 0, n),
        ("suggestions", n, n),
    ]
    assert calls[-1] == ("suggestions", n, n)


def test_importing_in_workers_with_a_language_named_compiles_the_rules_for_it_only(
    project: Project, corpus: Path, monkeypatch: pytest.MonkeyPatch, lemma_tables_read: list[str]
) -> None:
    from coder.services import importing

    monkeypatch.setattr(importing, "_workers_for", lambda files: 2)
    for number in range(3):  # enough files to share out
        (corpus / f"int1{number}.txt").write_text(
            f"Anna: Hur gick det?\nBo: Pandemin stoppade allt {number}.\n", encoding="utf-8"
        )
    report = import_paths(project, [corpus], ImportOptions(suggest=True, language="sv"))
    assert report.suggestions >= 3
    assert set(lemma_tables_read) == {"sv"}
