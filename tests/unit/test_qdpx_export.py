"""REFI-QDA project export: valid against the schema, exact texts and positions, stable GUIDs."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from coder.domain.coding import Origin, Status
from coder.errors import ExchangeError
from coder.services.exchange.qdpx_export import export_qdpx
from coder.services.project import Project
from coder.services.setup import build_demo
from coder.storage import codings as coding_store
from coder.storage import exchange as exchange_store
from coder.storage import sources as source_store
from tests.conftest import RunCli
from tests.unit.refi_files import schema

NS = "{urn:QDA-XML:project:1.0}"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.db", suggestions=False)


def _export(project: Project, path: Path) -> tuple[etree._Element, zipfile.ZipFile]:
    export_qdpx(project, path)
    package = zipfile.ZipFile(path)
    return etree.fromstring(package.read("project.qde")), package


def test_qdpx_export_validates_against_the_project_schema(demo: Project, tmp_path: Path) -> None:
    root, _ = _export(demo, tmp_path / "demo.qdpx")
    xsd = schema("Project.xsd")
    assert xsd.validate(root), xsd.error_log  # type: ignore[attr-defined]
    assert [etree.QName(child).localname for child in root] == [
        "Users",
        "CodeBook",
        "Variables",
        "Cases",
        "Sources",
    ]


def test_qdpx_export_positions_are_code_points_into_the_exported_text(
    demo: Project, tmp_path: Path
) -> None:
    root, package = _export(demo, tmp_path / "demo.qdpx")
    stored = {s.name: s.text for s in exchange_store.sources_with_text(demo.conn)}
    for source in root.iter(f"{NS}TextSource"):
        path = source.get("plainTextPath")
        assert path == f"internal://{source.get('guid')}.txt"
        text = package.read(f"sources/{source.get('guid')}.txt").decode("utf-8")
        assert text == stored[source.get("name")]
    expected = {
        (c.source, c.start, c.end, c.code, c.coder) for c in coding_store.list_codings(demo.conn)
    }
    assert _exported_codings(root) == expected
    first = next(iter(root.iter(f"{NS}PlainTextSelection")))
    name = first.getparent().get("name")
    start, end = int(first.get("startPosition")), int(first.get("endPosition"))
    selected = " ".join(stored[name][start:end].split())
    assert first.get("name") == (selected if len(selected) <= 60 else selected[:59].rstrip() + "…")


def _exported_codings(root: etree._Element) -> set[tuple[str, int, int, str, str]]:
    users = {u.get("guid"): u.get("name") for u in root.iter(f"{NS}User")}
    codes = {}
    for code in root.iter(f"{NS}Code"):
        description = code.findtext(f"{NS}Description")
        codes[code.get("guid")] = description.split("Code id: ")[1].split("\n")[0]
    found = set()
    for source in root.iter(f"{NS}TextSource"):
        for selection in source.iter(f"{NS}PlainTextSelection"):
            for coding in selection.iter(f"{NS}Coding"):
                found.add(
                    (
                        source.get("name"),
                        int(selection.get("startPosition")),
                        int(selection.get("endPosition")),
                        codes[coding.find(f"{NS}CodeRef").get("targetGUID")],
                        users[coding.get("creatingUser")],
                    )
                )
    return found


def test_qdpx_export_twice_gives_the_same_file(demo: Project, tmp_path: Path) -> None:
    export_qdpx(demo, tmp_path / "one.qdpx")
    export_qdpx(demo, tmp_path / "two.qdpx")
    assert (tmp_path / "one.qdpx").read_bytes() == (tmp_path / "two.qdpx").read_bytes()


def test_qdpx_export_has_every_coder_and_attributes_as_cases(demo: Project, tmp_path: Path) -> None:
    root, _ = _export(demo, tmp_path / "demo.qdpx")
    assert [u.get("name") for u in root.iter(f"{NS}User")] == ["johan", "karin"]
    variables = {v.get("guid"): v.get("name") for v in root.iter(f"{NS}Variable")}
    assert {"region", "role"} <= set(variables.values())
    sources = {s.get("guid"): s.get("name") for s in root.iter(f"{NS}TextSource")}
    case = next(c for c in root.iter(f"{NS}Case") if c.get("name") == "int01-vasterbotten")
    values = {
        variables[v.find(f"{NS}VariableRef").get("targetGUID")]: v.findtext(f"{NS}TextValue")
        for v in case.iter(f"{NS}VariableValue")
    }
    assert values == source_store.attributes_by_source(demo.conn)["int01-vasterbotten"]
    assert sources[case.find(f"{NS}SourceRef").get("targetGUID")] == "int01-vasterbotten"


def test_qdpx_export_leaves_out_pending_and_rejected_suggestions(
    imported: Project, tmp_path: Path
) -> None:
    conn = imported.conn
    sid = source_store.source_id(conn, "int01")
    with imported.transaction():
        change = imported.new_change()
        karin = coding_store.coder_id(conn, "karin")
        for start, status, coder in (
            (0, Status.PENDING, None),
            (10, Status.REJECTED, None),
            (20, Status.ACCEPTED, karin),
        ):
            coding_store.insert_coding(
                conn,
                {
                    "source_id": sid,
                    "code_id": "pandemin",
                    "start": start,
                    "end": start + 5,
                    "coder_id": coder,
                    "origin": Origin.MODEL.value,
                    "status": status.value,
                    "score": 0.9,
                },
                change,
            )
    done = export_qdpx(imported, tmp_path / "out.qdpx")
    assert (done.codings, done.suggestions_left_out) == (1, 2)
    root = etree.fromstring(zipfile.ZipFile(tmp_path / "out.qdpx").read("project.qde"))
    selections = list(root.iter(f"{NS}PlainTextSelection"))
    assert [s.get("startPosition") for s in selections] == ["20"]
    users = {u.get("guid"): u.get("name") for u in root.iter(f"{NS}User")}
    assert users[selections[0].find(f"{NS}Coding").get("creatingUser")] == "karin"


def test_qdpx_export_memos_are_notes_referred_to_where_they_belong(
    imported: Project, tmp_path: Path
) -> None:
    conn = imported.conn
    with imported.transaction():
        change = imported.new_change()
        anna = coding_store.coder_id(conn, "anna")
        coding_store.add_memo(conn, {}, "Om projektet", anna, change)
        coding_store.add_memo(conn, {"code_id": "pandemin"}, "Om koden", anna, change)
        sid = source_store.source_id(conn, "int01")
        coding_store.add_memo(conn, {"source_id": sid}, "Om intervjun", anna, change)
    root, _ = _export(imported, tmp_path / "out.qdpx")
    notes = {n.get("guid"): n.findtext(f"{NS}PlainTextContent") for n in root.iter(f"{NS}Note")}
    assert sorted(notes.values()) == ["Om intervjun", "Om koden", "Om projektet"]

    def referred(element: etree._Element) -> list[str]:
        return [notes[ref.get("targetGUID")] for ref in element.findall(f"{NS}NoteRef")]

    assert referred(root) == ["Om projektet"]
    code = next(c for c in root.iter(f"{NS}Code") if c.get("name") == "Pandemins påverkan")
    assert referred(code) == ["Om koden"]
    source = next(s for s in root.iter(f"{NS}TextSource") if s.get("name") == "int01")
    assert referred(source) == ["Om intervjun"]
    assert schema("Project.xsd").validate(root)  # type: ignore[attr-defined]


def test_qdpx_export_to_a_missing_folder_is_an_error_and_writes_nothing(
    project: Project, tmp_path: Path
) -> None:
    with pytest.raises(ExchangeError, match=r"cannot write .*out\.qdpx"):
        export_qdpx(project, tmp_path / "missing" / "out.qdpx")
    assert not (tmp_path / "missing").exists()


def test_qdpx_export_cli_says_what_it_wrote(
    run: RunCli, codebook_file: Path, corpus: Path, tmp_path: Path
) -> None:
    run("init", "--codebook", str(codebook_file))
    run("import", str(corpus))
    run("codings", "add", "int01", "0", "8", "pandemin")
    result = run("export", "--format", "qdpx", "-o", str(tmp_path / "out.qdpx"))
    assert result.exit_code == 0
    assert "5 codes, 2 sources, 1 coding, 0 memos, 1 coder" in result.stderr
    assert zipfile.ZipFile(tmp_path / "out.qdpx").namelist()[0] == "project.qde"
