"""REFI-QDA project import: the samples, exact round trips, and positions counted every way."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest

from coder.domain.coding import Origin, Status
from coder.services.codebook import project_codebook
from coder.services.exchange.qdpx_export import export_qdpx
from coder.services.exchange.qdpx_import import (
    ProjectImport,
    import_project,
    import_project_as_new,
)
from coder.services.project import Project
from coder.services.setup import build_demo
from coder.storage import codes as code_store
from coder.storage import codings as coding_store
from coder.storage import exchange as exchange_store
from coder.storage import sources as source_store
from tests.conftest import RunCli
from tests.unit.refi_files import (
    CODE,
    OTHER_USER,
    SOURCE,
    guid,
    project_xml,
    sample,
    selection,
    text_source,
    write_qdpx,
)

TEXT = (
    "Intervjuare: Hur gick det?\nAnna Berg: Pandemin stoppade alla företagsbesök.\nDet var svårt.\n"
)
PHRASE = "Pandemin stoppade alla företagsbesök"


def _new(tmp_path: Path, qdpx: Path, name: str = "new.db") -> tuple[ProjectImport, Project]:
    report = import_project_as_new(qdpx, tmp_path / name, language="sv", coder="tester")
    return report, Project.open(tmp_path / name, coder="tester")


def _coded(project: Project) -> list[tuple[str, str, str, str]]:
    """(source, coded text, code name, coder) of every coding."""
    names = {code.id: code.name for code in code_store.load_codes(project.conn)}
    return [
        (
            c.source,
            (source_store.source_text(project.conn, c.source) or "")[c.start : c.end],
            names[c.code],
            c.coder or "",
        )
        for c in coding_store.list_codings(project.conn)
    ]


def _one_source(tmp_path: Path, given: str, start: int, end: int, *, bom: bool = False) -> Path:
    data = (codecs.BOM_UTF8 if bom else b"") + given.encode("utf-8")
    qde = project_xml(text_source(selection(start, end)))
    return write_qdpx(tmp_path / "in.qdpx", qde, {f"sources/{SOURCE}.txt": data})


def test_qdpx_import_round_trips_the_demo_project(tmp_path: Path) -> None:
    demo = build_demo(tmp_path / "demo.db", suggestions=False)
    conn = demo.conn
    with demo.transaction():
        change = demo.new_change()
        karin = coding_store.coder_id(conn, "karin")
        first = coding_store.list_codings(conn)[0].id
        sid = source_store.source_id(conn, "int01-vasterbotten")
        for target, text in (
            ({}, "Om hela utvärderingen"),
            ({"source_id": sid}, "Om intervjun"),
            ({"code_id": "pandemin"}, "Om koden"),
            ({"coding_id": first}, "Om kodningen\nandra raden"),
        ):
            coding_store.add_memo(conn, target, text, karin, change)
    export_qdpx(demo, tmp_path / "demo.qdpx")
    report, copy = _new(tmp_path, tmp_path / "demo.qdpx")
    assert (report.codes, report.sources, report.codings, report.memos) == (23, 20, 506, 4)
    assert report.skipped == []
    assert code_store.load_codes(copy.conn) == code_store.load_codes(conn)

    def texts(p: Project) -> dict[str, str]:
        return {s.name: s.text for s in exchange_store.sources_with_text(p.conn)}

    def codings(p: Project) -> set[tuple[object, ...]]:
        return {
            (c.source, c.start, c.end, c.code, c.coder, c.created_at)
            for c in coding_store.list_codings(p.conn)
        }

    def memos(p: Project) -> set[tuple[object, ...]]:
        return {
            (m.source, m.code_id, m.coding_id is not None, m.coder, m.text)
            for m in exchange_store.memos(p.conn)
        }

    assert texts(copy) == texts(demo)
    assert codings(copy) == codings(demo)
    assert exchange_store.coder_names(copy.conn) == ["johan", "karin"]
    assert source_store.attributes_by_source(copy.conn) == source_store.attributes_by_source(conn)
    assert memos(copy) == memos(demo)
    assert {c.origin for c in coding_store.list_codings(copy.conn)} == {Origin.IMPORT}


def test_qdpx_import_reads_the_nvivo_sample(tmp_path: Path) -> None:
    report, project = _new(tmp_path, sample("nvivo15-mac-sample.qdpx"))
    assert (report.codes, report.sources, report.codings, report.memos) == (262, 2, 0, 0)
    assert report.coders == ["chrisp", "cp"]
    assert exchange_store.coder_names(project.conn) == ["chrisp", "cp"]
    codebook = project_codebook(project)
    assert len(codebook.roots()) == 3
    assert [c.name for c in codebook.path("restructure_curriculum")] == [
        "rq1_definition",
        "defining_education",
        "restructuring_high_school",
        "restructure_curriculum",
    ]
    # "citizenship" is a code under three parents: each keeps its place, with its own id.
    citizenship = [c for c in codebook.codes if c.name == "citizenship"]
    assert [c.id for c in citizenship] == ["citizenship", "citizenship-2", "citizenship-3"]
    assert len({c.parent_id for c in citizenship}) == 3
    # NVivo's plain-text renditions of both (empty) documents hold one newline each.
    texts = {s.name: s.text for s in exchange_store.sources_with_text(project.conn)}
    assert texts == {
        "66653866-6334-3535-3435-366637306566": "\n",
        "33663939-3636-3632-3038-613431643463": "\n",
    }
    assert code_store.get_setting(project.conn, "codebook_name") == "qc project"


def test_qdpx_import_reads_the_atlas_sample(tmp_path: Path) -> None:
    report, project = _new(tmp_path, sample("atlas-sample.qdpx"))
    assert (report.codes, report.sources, report.codings, report.memos) == (3, 0, 0, 0)
    assert report.coders == ["Enric Llagostera", "ATLAS.ti"]
    codebook = project_codebook(project)
    assert [(c.name, c.parent_id) for c in codebook.codes] == [
        ("Commits", None),
        ("2022-05-10T02:05:59Z 19e4dce", "commits"),
        ("2022-02-11T10:39:25Z cdbfd92", "commits"),
    ]
    assert any("ATLAS.ti for Windows 23.2.3.27778" in note for note in report.notes)


def test_qdpx_import_codes_text_with_the_users_and_times_of_the_file(tmp_path: Path) -> None:
    start = TEXT.index(PHRASE)
    report, project = _new(tmp_path, _one_source(tmp_path, TEXT, start, start + len(PHRASE)))
    assert _coded(project) == [("Intervju 1", PHRASE, "Pandemic", "Ada")]
    coding = coding_store.list_codings(project.conn)[0]
    assert (coding.origin, coding.status) == (Origin.IMPORT, Status.ACCEPTED)
    assert coding.created_at == "2024-03-01T10:00:00.000Z"
    assert report.coders == ["Ada", "Bo"]


LONG = (
    "Intervjuare: Hur gick det för projektet?\n"
    "Anna Berg: Pandemin stoppade alla företagsbesök.\n"
    "Intervjuare: Och sedan?\n"
    "Anna Berg: Vi gick över till digitala möten och nådde fler små företag.\n"
    "Intervjuare: Något mer?\n"
    "Anna Berg: Det var svårt att hålla kontakten med styrgruppen.\n"
)
PHRASES = (PHRASE, "digitala möten", "hålla kontakten med styrgruppen")
MEASURES = {
    "code points": len,
    "newlines as two": lambda t: len(t) + t.count("\n"),
    "utf-16": lambda t: len(t.encode("utf-16-le")) // 2,
    "nfd": lambda t: len(unicodedata.normalize("NFD", t)),
    "bom": lambda t: len(t) + 1,
}


def _selections(given: str, count: str, *, named: bool = False) -> str:
    """Selections of PHRASES in `given` with positions as an exporter counting this way."""
    measure = MEASURES[count]
    found = []
    for n, phrase in enumerate(PHRASES, start=1):
        written = phrase if phrase in given else unicodedata.normalize("NFD", phrase)
        before = given[: given.index(written)]
        start, end = measure(before), measure(before + written)
        found.append(selection(start, end, name=phrase if named else "", n=n))
    return "".join(found)


def _package(tmp_path: Path, given: str, selections: str, *, bom: bool = False) -> Path:
    data = (codecs.BOM_UTF8 if bom else b"") + given.encode("utf-8")
    qde = project_xml(text_source(selections))
    return write_qdpx(tmp_path / "in.qdpx", qde, {f"sources/{SOURCE}.txt": data})


@pytest.mark.parametrize(
    ("given", "count", "bom", "note"),
    [
        (LONG, "code points", False, None),
        (LONG.replace("\n", "\r\n"), "code points", False, "Windows line ends (CR LF)"),
        (LONG, "newlines as two", False, "counted as code points, with each newline counted"),
        (LONG.replace("Hur", "🙂 Hur"), "utf-16", False, "counted as UTF-16 code units"),
        (unicodedata.normalize("NFD", LONG), "code points", False, "decomposed characters (NFD)"),
        (LONG, "nfd", False, "code points of the text in NFD normal form"),
        (LONG, "bom", True, "counting the byte-order mark"),
    ],
    ids=["standard", "crlf", "lf as two", "utf-16", "nfd text", "nfd count", "bom"],
)
def test_qdpx_import_maps_positions_counted_another_way(
    tmp_path: Path, given: str, count: str, bom: bool, note: str | None
) -> None:
    qdpx = _package(tmp_path, given, _selections(given, count), bom=bom)
    report, project = _new(tmp_path, qdpx)
    assert sorted(coded for _, coded, _, _ in _coded(project)) == sorted(PHRASES)
    if note is None:
        assert not [line for line in report.notes if "source" in line], report.notes
    else:
        assert any(note in line for line in report.notes), report.notes
    assert not any("fit as well" in line for line in report.notes), report.notes


def _nfd_counted(tmp_path: Path, name: str) -> Path:
    """One selection of PHRASE counted in NFD: its end moves (two ö), its start does not."""
    start = TEXT.index(PHRASE)
    end = start + len(unicodedata.normalize("NFD", PHRASE))
    return _package(tmp_path, TEXT, selection(start, end, name=name))


def test_qdpx_import_the_quoted_text_decides_what_positions_cannot(tmp_path: Path) -> None:
    report, project = _new(tmp_path, _nfd_counted(tmp_path, PHRASE))
    assert [coded for _, coded, _, _ in _coded(project)] == [PHRASE]
    assert any("NFD normal form; mapped" in line for line in report.notes), report.notes


def test_qdpx_import_says_when_positions_fit_two_countings(tmp_path: Path) -> None:
    report, project = _new(tmp_path, _nfd_counted(tmp_path, ""))
    assert [coded for _, coded, _, _ in _coded(project)] == [PHRASE + ".\n"]  # read as code points
    rivals = [line for line in report.notes if "fit as well counted as" in line]
    assert rivals and "NFD normal form" in rivals[0], report.notes


def test_qdpx_import_text_in_the_xml_and_memos_on_everything(tmp_path: Path) -> None:
    start = TEXT.index(PHRASE)
    note = (
        '<Note guid="{g}" name="{n}" creatingUser="' + OTHER_USER + '">'
        "<PlainTextContent>{t}</PlainTextContent></Note>"
    )
    sel = selection(start, start + len(PHRASE)).replace(
        "</Coding>", f'<NoteRef targetGUID="{guid(901)}"/></Coding>'
    )
    qde = project_xml(
        text_source(f'{sel}<NoteRef targetGUID="{guid(902)}"/>', path=None, content=TEXT),
        codes=f'<Code guid="{CODE}" name="Pandemic" isCodable="true">'
        f'<NoteRef targetGUID="{guid(903)}"/></Code>',
        after="<Notes>"
        + "".join(
            note.format(g=guid(n), n=f"n{n}", t=text)
            for n, text in (
                (901, "Om kodningen"),
                (902, "Om källan"),
                (903, "Om koden"),
                (904, "Fri"),
            )
        )
        + "</Notes>",
    )
    report, project = _new(tmp_path, write_qdpx(tmp_path / "in.qdpx", qde))
    assert report.memos == 4
    memos = {
        (m.source, m.code_id, m.coding_id is not None, m.coder, m.text)
        for m in exchange_store.memos(project.conn)
    }
    assert memos == {
        (None, None, True, "Bo", "Om kodningen"),
        ("Intervju 1", None, False, "Bo", "Om källan"),
        (None, "pandemic", False, "Bo", "Om koden"),
        (None, None, False, "Bo", "Fri"),
    }


def test_qdpx_import_cases_and_variables_become_attributes(tmp_path: Path) -> None:
    variables = (
        f'<Variables><Variable guid="{guid(501)}" name="region" typeOfVariable="Text"/>'
        f'<Variable guid="{guid(502)}" name="year" typeOfVariable="Integer"/></Variables>'
    )
    case = (
        f'<Cases><Case guid="{guid(601)}" name="Anna Berg">'
        f'<VariableValue><VariableRef targetGUID="{guid(501)}"/><TextValue>Skåne</TextValue>'
        f'</VariableValue><SourceRef targetGUID="{SOURCE}"/></Case></Cases>'
    )
    own = (
        f'<VariableValue><VariableRef targetGUID="{guid(502)}"/>'
        "<IntegerValue>2022</IntegerValue></VariableValue>"
    )
    qde = project_xml(text_source(own, path=None, content=TEXT), after="").replace(
        "<Sources>", variables + case + "<Sources>"
    )
    report, project = _new(tmp_path, write_qdpx(tmp_path / "in.qdpx", qde))
    assert source_store.attributes_by_source(project.conn) == {
        "Intervju 1": {"case": "Anna Berg", "region": "Skåne", "year": "2022"}
    }
    assert report.attributes == 3


def test_qdpx_import_into_a_project_merges_codes_and_sources(tmp_path: Path) -> None:
    demo = build_demo(tmp_path / "demo.db", suggestions=False)
    export_qdpx(demo, tmp_path / "demo.qdpx")
    before = len(coding_store.list_codings(demo.conn))
    with Project.open(tmp_path / "demo.db", coder="karin") as again:
        report = import_project(tmp_path / "demo.qdpx", again)
        assert (report.codes, report.sources, report.codings) == (0, 0, 0)
        assert len(report.merged_codes) == 23
        assert len(report.matched_sources) == 20
        assert report.codings_already_there == before
        assert len(coding_store.list_codings(again.conn)) == before


def test_qdpx_import_into_a_project_adds_what_is_new(imported: Project, tmp_path: Path) -> None:
    text = source_store.source_text(imported.conn, "int01") or ""
    start = text.index("vi fick ställa in")
    codes = (
        '<Code guid="9a1c6d2e-0000-4000-8000-0000000000d0" name="Utmaningar" isCodable="false">'
        f'<Code guid="{CODE}" name="Pandemins påverkan" isCodable="true"/>'
        '<Code guid="9a1c6d2e-0000-4000-8000-0000000000d2" name="Ny kod" isCodable="true"/>'
        "</Code>"
    )
    sources = text_source(selection(start, start + 17), name="int01", path=None, content=text)
    sources += text_source(
        "", name="int01.txt", path=None, content="Annan text.", source_guid=guid(77)
    )
    report = import_project(
        write_qdpx(tmp_path / "in.qdpx", project_xml(sources, codes=codes)), imported
    )
    assert report.merged_codes == ["Utmaningar", "Utmaningar / Pandemins påverkan"]
    assert report.codes == 1
    assert project_codebook(imported).by_id("ny-kod").parent_id == "utmaningar"
    assert report.matched_sources == ["int01"]
    assert any("renamed 'int01 (2)'" in note for note in report.notes)
    assert _coded(imported) == [("int01", "vi fick ställa in", "Pandemins påverkan", "Ada")]


def test_qdpx_import_skips_what_it_cannot_use_and_says_why(tmp_path: Path) -> None:
    pdf = f'<PDFSource guid="{guid(300)}" name="Rapport.pdf" path="internal://r.pdf"/>'
    outside = text_source(
        selection(0, 4), name="Extern", path="file:///C:/Data/extern.txt", source_guid=guid(301)
    )
    qde = project_xml(pdf + outside)
    report, project = _new(tmp_path, write_qdpx(tmp_path / "in.qdpx", qde))
    assert exchange_store.sources_with_text(project.conn) == []
    assert report.skipped == [
        ("PDFSource 'Rapport.pdf'", "coder imports text sources only"),
        (
            "source 'Extern'",
            "its text is not inside the project file (file:///C:/Data/extern.txt); "
            "files outside it are not read",
        ),
        ("1 codings of source 'Extern'", "its text was not imported"),
    ]


def test_qdpx_import_cli_creates_a_project_and_imports_into_one(
    run: RunCli, tmp_path: Path
) -> None:
    start = TEXT.index(PHRASE)
    qdpx = _one_source(tmp_path, TEXT, start, start + len(PHRASE))
    result = run("import-project", str(qdpx))
    assert result.exit_code == 0, result.stderr
    assert "2 codes, 1 source, 1 coding, 0 memos, 2 coders" in result.stderr
    taken = run("import-project", str(qdpx))
    assert taken.exit_code == 1
    assert "already exists; import into it with --into" in taken.stderr
    again = run("import-project", str(qdpx), "--into", str(run.project_path))
    assert again.exit_code == 0
    assert "matched 1 source (Intervju 1) already in the project" in again.stderr
    assert "1 coding were already there" in again.stderr
