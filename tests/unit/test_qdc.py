"""REFI-QDA codebooks (.qdc): valid exports, stable GUIDs, exact round trips, foreign codebooks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from coder.domain.codebook import Code
from coder.errors import ExchangeError
from coder.services.codebook import export_codebook, import_codebook, project_codebook
from coder.services.coding import apply_code
from coder.services.exchange.codes import describe, parse_description
from coder.services.project import Project
from coder.services.setup import build_demo, create_project
from tests.conftest import RunCli
from tests.unit.refi_files import schema

NS = "{urn:QDA-XML:codebook:1.0}"

FOREIGN = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Another program 3.1">
  <Codes>
    <Code guid="A182CD3A-D83C-4D8C-BC80-26D9103EC6D6" name="Lessons learnt" isCodable="false">
      <Description>What the projects learnt.</Description>
      <Code guid="2D2466F0-D77F-4F8C-BDF9-628966B6B74D" name="Digital meetings" isCodable="true"
            color="#3a7"/>
      <Code guid="086AC733-7B1C-4749-A138-D7182F63A5C9" name="Digital meetings" isCodable="true"/>
    </Code>
  </Codes>
</CodeBook>
"""


def _write(tmp_path: Path, text: str, name: str = "book.qdc") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def demo(tmp_path: Path) -> Project:
    return build_demo(tmp_path / "demo.db", suggestions=False)


def test_qdc_export_validates_against_the_codebook_schema(demo: Project) -> None:
    document = etree.fromstring(export_codebook(demo, fmt="qdc").encode("utf-8"))
    xsd = schema("Codebook.xsd")
    assert xsd.validate(document), xsd.error_log  # type: ignore[attr-defined]
    themes = document.findall(f"{NS}Codes/{NS}Code")
    assert [t.get("name") for t in themes][:2] == ["Utmaningar", "Lärdomar"]
    assert all(t.get("isCodable") == "false" for t in themes)
    assert themes[0].find(f"{NS}Code").get("isCodable") == "true"


def test_qdc_guids_are_stable_across_exports_and_differ_between_projects(
    demo: Project, project: Project
) -> None:
    first = export_codebook(demo, fmt="qdc")
    assert export_codebook(demo, fmt="qdc") == first
    guid_of = {
        c.get("name"): c.get("guid") for c in etree.fromstring(first.encode()).iter(f"{NS}Code")
    }
    other = etree.fromstring(export_codebook(project, fmt="qdc").encode())
    theirs = {c.get("name"): c.get("guid") for c in other.iter(f"{NS}Code")}
    assert guid_of["Utmaningar"] != theirs["Utmaningar"]


def test_qdc_round_trip_gives_identical_codes(demo: Project, tmp_path: Path) -> None:
    book = _write(tmp_path, export_codebook(demo, fmt="qdc"))
    with create_project(tmp_path / "new.db", language="sv", codebook=book) as fresh:
        assert project_codebook(fresh).codes == project_codebook(demo).codes


def test_qdc_description_layout_reads_back_every_field() -> None:
    code = Code(
        id="na-industrin",
        name="Att nå industrin",
        key="1",
        description="Difficulty reaching companies.\n\nA second paragraph.",
        include="Low turnout.",
        exclude="The pandemic (code pandemin).",
        examples=("Det är svårt.", "Two lines\nin one example."),
        keywords=("nå ut", "small, medium firms"),
        patterns=(({"LOWER": "nå"}, {"LOWER": "ut"}),),
    )
    text = describe(code)
    assert text.startswith("Difficulty reaching companies.\n\nA second paragraph.\n\nInclude: ")
    assert "Code id: na-industrin" in text
    assert parse_description(text) == Code(
        id=code.id,
        name="",
        key=code.key,
        description=code.description,
        include=code.include,
        exclude=code.exclude,
        examples=code.examples,
        keywords=code.keywords,
        patterns=code.patterns,
    )


def test_qdc_plain_description_from_another_program_is_the_definition() -> None:
    fields = parse_description("Anything said about work with companies.\nSecond line.")
    assert fields.description == "Anything said about work with companies.\nSecond line."
    assert (fields.id, fields.include, fields.keywords) == ("", "", ())


def test_qdc_foreign_codebook_gets_ids_from_names(project: Project, tmp_path: Path) -> None:
    with create_project(tmp_path / "new.db", language="en") as fresh:
        import_codebook(fresh, _write(tmp_path, FOREIGN))
        codes = project_codebook(fresh).codes
    assert [(c.id, c.name, c.parent_id, c.codable, c.color) for c in codes] == [
        ("lessons-learnt", "Lessons learnt", None, False, None),
        ("digital-meetings", "Digital meetings", "lessons-learnt", True, "#33aa77"),
        ("digital-meetings-2", "Digital meetings", "lessons-learnt", True, None),
    ]
    assert codes[0].description == "What the projects learnt."


def test_qdc_codes_edited_elsewhere_keep_their_ids_and_codings(
    imported: Project, tmp_path: Path
) -> None:
    apply_code(imported, "int01", 0, 10, "pandemin")
    text = export_codebook(imported, fmt="qdc").replace("Pandemins påverkan", "Pandemin")
    change = import_codebook(imported, _write(tmp_path, text))
    assert (change.added, change.updated, change.removed) == ([], ["pandemin"], [])
    assert project_codebook(imported).by_id("pandemin").name == "Pandemin"


def test_qdc_without_id_lines_matches_codes_by_name_path(project: Project, tmp_path: Path) -> None:
    text = re.sub(r"Code id: [^<\n]*", "", export_codebook(project, fmt="qdc"))
    change = import_codebook(project, _write(tmp_path, text))
    assert (change.added, change.removed) == ([], [])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '<?xml version="1.0"?><!DOCTYPE c [<!ENTITY x "boom">]>'
            '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>',
            r"book\.qdc declares a document type",
        ),
        (
            FOREIGN.replace(
                "086AC733-7B1C-4749-A138-D7182F63A5C9", "2d2466f0-d77f-4f8c-bdf9-628966b6b74d"
            ),
            r"has the same guid as 'Digital meetings'",
        ),
        ('<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>', r"is not a REFI-QDA codebook"),
        ("<CodeBook><Codes>", r"book\.qdc, line 1 is not well-formed XML"),
    ],
    ids=["entities", "duplicate guid", "a project", "broken XML"],
)
def test_qdc_broken_codebook_is_refused_and_changes_nothing(
    project: Project, tmp_path: Path, content: str, message: str
) -> None:
    before = project_codebook(project)
    with pytest.raises(ExchangeError, match=message):
        import_codebook(project, _write(tmp_path, content))
    assert project_codebook(project) == before


def test_qdc_cli_exports_and_imports_a_codebook(
    run: RunCli, codebook_file: Path, tmp_path: Path
) -> None:
    assert run("init", "--codebook", str(codebook_file)).exit_code == 0
    book = tmp_path / "out.qdc"
    assert "wrote" in run("codebook", "export", "-o", str(book)).stderr
    assert book.read_text(encoding="utf-8").startswith("<?xml")
    assert "<CodeBook" in run("codebook", "export", "--format", "qdc").stdout
    assert "wrote" in run("export", "-o", str(tmp_path / "again.qdc")).stderr
    result = run("codebook", "import", str(book))
    assert "0 added, 0 updated, 0 removed, 5 unchanged" in result.stderr
