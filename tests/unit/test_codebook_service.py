"""Codebook import into a project: add and update by id, never lose codings; list and export."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.errors import CodebookError
from coder.services.codebook import codebook_tree, export_codebook, import_codebook
from coder.services.coding import apply_code, undo
from coder.services.project import Project
from tests.conftest import CODEBOOK_YAML


def _write(tmp_path: Path, text: str, name: str = "next.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_codebook_service_tree_lists_themes_then_codes(project: Project) -> None:
    lines = codebook_tree(project)
    assert [(line.code.id, line.depth, line.theme) for line in lines] == [
        ("utmaningar", 0, "utmaningar"),
        ("pandemin", 1, "utmaningar"),
        ("na-industrin", 1, "utmaningar"),
        ("lardomar", 0, "lardomar"),
        ("digitala-moten", 1, "lardomar"),
    ]


def test_codebook_service_import_updates_by_id_and_adds(project: Project, tmp_path: Path) -> None:
    text = CODEBOOK_YAML.replace("Pandemins påverkan", "Pandemin") + (
        "      - id: regional-forankring\n        name: Regional förankring\n"
    )
    change = import_codebook(project, _write(tmp_path, text))
    assert change.updated == ["pandemin"]
    assert change.added == ["regional-forankring"]
    names = {line.code.id: line.code.name for line in codebook_tree(project)}
    assert names["pandemin"] == "Pandemin"


def test_codebook_service_refuses_to_drop_a_code_with_codings(
    imported: Project, tmp_path: Path
) -> None:
    apply_code(imported, "int01", 0, 10, "pandemin")
    without = CODEBOOK_YAML.replace(
        '      - id: pandemin\n        name: Pandemins påverkan\n        key: "2"\n'
        '        color: "#e74c3c"\n        keywords: [pandemi, covid]\n',
        "",
    )
    before = export_codebook(imported)
    with pytest.raises(CodebookError, match=r"'pandemin' \(1 codings\)"):
        import_codebook(imported, _write(tmp_path, without))
    assert export_codebook(imported) == before


def test_codebook_service_drops_unused_codes_and_undo_brings_them_back(
    project: Project, tmp_path: Path
) -> None:
    without = CODEBOOK_YAML.replace(
        '      - id: na-industrin\n        name: Att nå industrin\n        key: "1"\n', ""
    )
    change = import_codebook(project, _write(tmp_path, without))
    assert change.removed == ["na-industrin"]
    undo(project)
    assert "na-industrin" in {line.code.id for line in codebook_tree(project)}


def test_codebook_service_key_can_move_between_codes(project: Project, tmp_path: Path) -> None:
    swapped = CODEBOOK_YAML.replace('key: "2"', 'key: "X"').replace('key: "1"', 'key: "2"')
    swapped = swapped.replace('key: "X"', 'key: "1"')
    import_codebook(project, _write(tmp_path, swapped))
    keys = {line.code.id: line.code.key for line in codebook_tree(project)}
    assert (keys["pandemin"], keys["na-industrin"]) == ("1", "2")


def test_codebook_service_export_reads_back_the_same(project: Project, tmp_path: Path) -> None:
    exported = _write(tmp_path, export_codebook(project), "exported.yaml")
    change = import_codebook(project, exported)
    assert (change.added, change.updated, change.removed) == ([], [], [])
    assert change.unchanged == 5


def test_codebook_service_refuses_non_yaml_file(project: Project, tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match=r"unsupported codebook format '\.json'"):
        import_codebook(project, _write(tmp_path, "{}", "codes.json"))


def test_codebook_service_undo_of_a_dropped_code_brings_its_memo_back(
    project: Project, tmp_path: Path
) -> None:
    from coder.domain.memo import OnCode
    from coder.services.workspace import memo_text, set_memo

    set_memo(project, OnCode("na-industrin"), "Svår att avgränsa mot resurser.")
    without = CODEBOOK_YAML.replace(
        '      - id: na-industrin\n        name: Att nå industrin\n        key: "1"\n', ""
    )
    import_codebook(project, _write(tmp_path, without))
    undo(project)
    assert memo_text(project, OnCode("na-industrin")) == "Svår att avgränsa mot resurser."
