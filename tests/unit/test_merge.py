"""Merging another copy of a project: overlapping and conflicting content, all or nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from coder.errors import MergeError, ProjectError
from coder.services.coding import undo
from coder.services.importing import ImportOptions, import_paths
from coder.services.merge import merge
from coder.services.project import Project
from coder.services.setup import create_project
from coder.services.workspace import OnCoding, OnSource, set_memo
from coder.storage import codings as coding_store
from tests.conftest import CODEBOOK_YAML, DOCUMENT, INTERVIEW, RunCli
from tests.unit.agreement_project import code_as, code_fixture, drop_suggestions

# The other copy's codebook: 'pandemin' renamed (a conflict), a new code 'resurser' whose key
# is taken here, and the key of 'na-industrin' dropped (cosmetic: no conflict).
OTHER_CODEBOOK = (
    CODEBOOK_YAML.replace("name: Pandemins påverkan", "name: Pandemin")
    .replace('        key: "1"\n', "")
    .replace(
        "  - id: lardomar",
        '      - id: resurser\n        name: Resurser\n        key: "1"\n  - id: lardomar',
    )
)
OTHER_DOCUMENT = DOCUMENT.replace("tolv", "tretton")
REPORT = "# Slutrapport\n\nProjektet har haft för lite resurser.\n"


def _other(tmp_path: Path) -> Path:
    """The other copy: the same interview, another doc01, a new doc02, cecilia's coding."""
    folder = tmp_path / "other-corpus"
    folder.mkdir()
    (folder / "int01.txt").write_text(INTERVIEW, encoding="utf-8")
    (folder / "doc01.md").write_text(OTHER_DOCUMENT, encoding="utf-8")
    (folder / "doc02.md").write_text(REPORT, encoding="utf-8")
    codebook = tmp_path / "other.yaml"
    codebook.write_text(OTHER_CODEBOOK, encoding="utf-8")
    path = tmp_path / "other.db"
    with create_project(path, language="sv", codebook=codebook, coder="cecilia") as other:
        import_paths(other, [folder], ImportOptions())
        drop_suggestions(other)
        code_as(other, "cecilia", "int01", "Vi hade ca. 20 möten.", "digitala-moten")
        code_as(other, "cecilia", "doc02", "Projektet har haft för lite resurser.", "resurser")
        code_as(other, "cecilia", "doc01", "Projektet har genomfört tretton", "na-industrin")
        # The same coding as anna's in this project (code_fixture): it is not added twice.
        both = "De fungerade bättre än väntat. Vi hade ca. 20 möten."
        code_as(other, "anna", "int01", both, "digitala-moten")
        coding = next(
            c for c in coding_store.list_codings(other.conn, source="int01") if c.coder == "cecilia"
        )
        set_memo(other, OnCoding(coding.id), "Möten som fungerade.")
        set_memo(other, OnSource("doc02"), "Slutrapporten.")
    return path


def _codings(project: Project) -> set[tuple[str, str, int, int, str | None]]:
    return {
        (c.source, c.code, c.start, c.end, c.coder) for c in coding_store.list_codings(project.conn)
    }


def test_merge_brings_codings_codes_memos_and_coders(imported: Project, tmp_path: Path) -> None:
    code_fixture(imported)
    before = _codings(imported)
    report = merge(imported, _other(tmp_path))
    assert report.coders == ["cecilia"]
    assert report.codes == ["resurser"]
    assert [c.code_id for c in report.conflicts] == ["pandemin"]
    assert report.conflicts[0].fields == ("name",)
    assert report.sources == ["doc02"]
    assert report.matched_sources == 1
    assert report.skipped_sources == [("doc01", "a source of that name has another text here")]
    # doc01 is skipped with cecilia's coding there; anna's int01 coding is here already.
    assert (report.codings, report.codings_present, report.codings_skipped) == (2, 1, 1)
    assert report.memos == 2
    assert any("without its key 1" in note for note in report.notes)
    after = _codings(imported)
    added = after - before
    assert {(source, code, coder) for source, code, _, _, coder in added} == {
        ("int01", "digitala-moten", "cecilia"),
        ("doc02", "resurser", "cecilia"),
    }
    # Ours is kept: the name here, and the key.
    names = dict(imported.conn.execute("SELECT id, name FROM codes").fetchall())
    assert names["pandemin"] == "Pandemins påverkan"
    keys = dict(imported.conn.execute("SELECT id, key FROM codes").fetchall())
    assert (keys["na-industrin"], keys["resurser"]) == ("1", None)
    # The new source came with its text and sentences: it can be coded and agreed on.
    segments = imported.conn.execute(
        "SELECT COUNT(*) FROM segments g JOIN sources s ON s.id = g.source_id"
        " WHERE s.name = 'doc02'"
    ).fetchone()[0]
    assert segments == 2


def test_merge_twice_adds_nothing_the_second_time(imported: Project, tmp_path: Path) -> None:
    code_fixture(imported)
    other = _other(tmp_path)
    merge(imported, other)
    again = merge(imported, other)
    assert (again.codings, again.memos, again.codes, again.sources) == (0, 0, [], [])
    assert again.codings_present == 3
    assert again.memos_present == 2


def test_merge_dry_run_changes_nothing(imported: Project, tmp_path: Path) -> None:
    code_fixture(imported)
    before = _codings(imported)
    report = merge(imported, _other(tmp_path), dry_run=True)
    assert report.dry_run
    assert report.codings == 2
    assert report.memos == 2
    assert _codings(imported) == before
    names = {row[0] for row in imported.conn.execute("SELECT name FROM sources")}
    assert names == {"int01", "doc01"}


def test_merge_undo_takes_back_its_codings(imported: Project, tmp_path: Path) -> None:
    code_fixture(imported)
    before = _codings(imported)
    merge(imported, _other(tmp_path))
    assert undo(imported)
    assert _codings(imported) == before


def test_merge_failure_midway_keeps_nothing(
    imported: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coder.services import merge as merge_module

    code_fixture(imported)
    before = _codings(imported)

    def broken(*args: object) -> None:
        raise sqlite3.IntegrityError("disk trouble")

    monkeypatch.setattr(merge_module, "_insert_coding", broken)
    with pytest.raises(sqlite3.IntegrityError):
        merge(imported, _other(tmp_path))
    assert _codings(imported) == before
    assert imported.conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 2
    assert (
        imported.conn.execute("SELECT COUNT(*) FROM codes WHERE id = 'resurser'").fetchone()[0] == 0
    )


def test_merge_refuses_itself_and_what_is_not_a_project(imported: Project, tmp_path: Path) -> None:
    with pytest.raises(MergeError, match="is this project"):
        merge(imported, imported.path)
    text = tmp_path / "notes.db"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(ProjectError, match="not a coder project"):
        merge(imported, text)
    with pytest.raises(ProjectError, match="no project at"):
        merge(imported, tmp_path / "missing.db")


def test_merge_refuses_a_newer_copy(imported: Project, tmp_path: Path) -> None:
    other = _other(tmp_path)
    conn = sqlite3.connect(other)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('coder', '9999_future', 'now')"
    )
    conn.commit()
    conn.close()
    with pytest.raises(MergeError, match="newer version of coder"):
        merge(imported, other)


def test_merge_cli_reports_and_lists_conflicts(
    run: RunCli, codebook_file: Path, corpus: Path, tmp_path: Path
) -> None:
    run("init", "--codebook", str(codebook_file))
    run("import", str(corpus))
    other = _other(tmp_path)
    dry = run("merge", str(other), "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert dry.stdout.startswith("dry run: merging")
    assert "codings: 3 would add" in dry.stdout
    result = run("merge", str(other), "--format", "json")
    data = json.loads(result.stdout)
    assert data["conflicts"][0]["code_id"] == "pandemin"
    listing = run("merge", str(other))
    assert "conflict" in listing.stdout
    assert "skipped source" in listing.stdout


def test_merge_reads_a_copy_made_by_an_older_version(imported: Project, tmp_path: Path) -> None:
    code_fixture(imported)
    other = _other(tmp_path)
    conn = sqlite3.connect(other)
    # As before migration 0004: no veto terms on codes, no table of models.
    conn.execute("DELETE FROM _sqlite_migrations WHERE name >= '0004'")
    conn.execute("DROP INDEX IF EXISTS codings_queue")
    conn.execute("ALTER TABLE codes DROP COLUMN exclude_keywords")
    conn.commit()
    conn.close()
    report = merge(imported, other)
    assert report.codes == ["resurser"]
    assert report.codings == 2


def test_merge_adds_the_attributes_only_the_other_copy_gives_and_keeps_ours(
    imported: Project, tmp_path: Path
) -> None:
    from coder.services.attributes import list_attributes
    from coder.storage import sources as source_store

    other = _other(tmp_path)
    with Project.open(other, coder="cecilia") as theirs, theirs.transaction() as conn:
        change = theirs.new_change()
        source_store.update_attributes(conn, "int01", {"region": "Skåne", "year": "2021"}, change)
    with imported.transaction() as conn:
        source_store.update_attributes(conn, "int01", {"year": "2020"}, imported.new_change())
    report = merge(imported, other)
    assert report.attributes == 1
    assert [(c.source, c.key, c.ours, c.theirs) for c in report.attribute_conflicts] == [
        ("int01", "year", "2020", "2021")
    ]
    assert list_attributes(imported)["int01"] == {"region": "Skåne", "year": "2020"}
    assert merge(imported, other).attributes == 0  # a second merge adds nothing more
