"""The counts triggers keep for reports stay right on every write path (migration 0005).

After each kind of write — a code applied or removed, undo and redo, a status, coder, code or
span changed, a code moved in the codebook, a codings CSV or REFI import, the migration of an
existing project — the kept tables must equal a count made from scratch, here in Python from
the codings and the sentences' offsets.
"""

from __future__ import annotations

import contextlib
import random
import sqlite3
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from coder.domain.codebook import Code
from coder.errors import CodingError
from coder.services.coding import apply_code, remove_coding, undo
from coder.services.codings_csv import export_codings, import_codings
from coder.services.exchange.qdpx_export import export_qdpx
from coder.services.exchange.qdpx_import import import_project_as_new
from coder.services.project import Project
from coder.services.reports.scope import Scope
from coder.services.reports.summary import cooccurrence, summary
from coder.storage import codes as code_store
from coder.storage import codings as coding_store
from coder.storage.events import update
from tests.unit import report_project
from tests.unit.report_project import KEPT_TABLES, sentence, units

Rows = dict[str, set[tuple[Any, ...]]]


@pytest.fixture
def coded(project: Project, tmp_path: Path) -> Project:
    return report_project.build(project, tmp_path / "corpus")


def stored(project: Project) -> Rows:
    """The rows of the kept tables."""
    return {
        table: {tuple(row) for row in project.conn.execute(f"SELECT * FROM {table}")}
        for table in KEPT_TABLES
    }


def expected(project: Project) -> Rows:
    """The kept tables counted from scratch: the codings, and the sentences they overlap."""
    conn = project.conn
    numbers = dict(conn.execute("SELECT code_id, number FROM code_numbers").fetchall())
    sentences: dict[int, list[tuple[int, int, int]]] = {}
    for source, index, start, end in conn.execute(
        'SELECT source_id, idx, start, "end" FROM segments'
    ):
        sentences.setdefault(source, []).append((index, start, end))
    tallies: Counter[tuple[Any, ...]] = Counter()
    counts: Counter[tuple[Any, ...]] = Counter()
    for code, source, coder, status, start, end in conn.execute(
        'SELECT code_id, source_id, coder_id, status, start, "end" FROM codings'
    ):
        if status == "rejected":
            continue
        tallies[code, source, coder or 0, status] += 1
        for index, first, last in sentences.get(source, []):
            if first < end and start < last:
                counts[source, index, numbers[code], coder or 0, status] += 1
    masks: dict[tuple[int, ...], list[int]] = {}
    for source, index, number, coder, status in counts:
        word, bit = divmod(number, 62)
        for key in (coder, -1):
            mask = masks.setdefault((key, source, index, word), [0, 0])
            mask[status == "pending"] |= 1 << bit
    return {
        "code_tallies": _split(tallies),
        "code_numbers": set(numbers.items()),
        "sentence_code_counts": _split(counts),
        "sentence_code_masks": {(*key, *mask) for key, mask in masks.items()},
    }


def _split(counter: Counter[tuple[Any, ...]]) -> set[tuple[Any, ...]]:
    """Counts keyed by (…, status) as rows (…, accepted, pending)."""
    keys = {key[:-1] for key in counter}
    return {(*key, counter[(*key, "accepted")], counter[(*key, "pending")]) for key in keys}


def assert_kept(project: Project) -> None:
    """The kept tables hold exactly what a count from scratch gives, and every code a number."""
    assert stored(project) == expected(project)
    codes = {row[0] for row in project.conn.execute("SELECT id FROM codes")}
    assert {code for code, _ in stored(project)["code_numbers"]} == codes


def _source_id(project: Project, name: str) -> int:
    row = project.conn.execute("SELECT id FROM sources WHERE name = ?", [name]).fetchone()
    return int(row[0])


def _change(project: Project, coding_id: int, **values: object) -> None:
    with project.transaction() as conn:
        update(conn, "coding", coding_id, values, project.new_change(), action="coding.edit")


def test_kept_counts_follow_codings_applied_removed_undone_and_redone(coded: Project) -> None:
    from coder.services.coding import redo

    assert_kept(coded)
    before = stored(coded)
    coded.coder = "erik"
    remove_coding(coded, 4)  # erik's S1–S2: two sentences
    assert_kept(coded)
    assert stored(coded) != before
    undo(coded)
    assert_kept(coded)
    assert stored(coded) == before
    redo(coded)
    assert_kept(coded)


def test_kept_counts_follow_a_suggestion_accepted_then_rejected_and_undone(
    coded: Project,
) -> None:
    pending = coded.conn.execute("SELECT id FROM codings WHERE status = 'pending'").fetchone()[0]
    anna = coding_store.coder_id(coded.conn, "anna")
    _change(coded, pending, status="accepted", coder_id=anna)
    assert_kept(coded)
    _change(coded, pending, status="rejected", coder_id=None)
    assert_kept(coded)
    _change(coded, pending, status="pending")
    assert_kept(coded)
    for _ in range(3):
        undo(coded)
        assert_kept(coded)


def test_kept_counts_follow_a_change_of_coder_code_span_and_source(coded: Project) -> None:
    erik = coding_store.coder_id(coded.conn, "erik")
    _change(coded, 3, coder_id=erik)  # anna's na-industrin on int_a S2 becomes erik's
    assert_kept(coded)
    _change(coded, 6, code_id="pandemin")  # anna's digitala-moten on int_a S3
    assert_kept(coded)
    s1, s3 = sentence(coded, "int_a", 1), sentence(coded, "int_a", 3)
    _change(coded, 6, start=s1[0], end=s3[1])  # S1–S3 now
    assert_kept(coded)
    _change(coded, 6, start=0, end=5)  # the header: outside every sentence
    assert_kept(coded)
    _change(coded, 7, source_id=_source_id(coded, "doc"), start=s1[0], end=s1[1])
    assert_kept(coded)


def test_kept_counts_ignore_a_code_moved_and_themes_follow_the_codebook(
    coded: Project,
) -> None:
    before = stored(coded)
    pandemin = next(c for c in code_store.load_codes(coded.conn) if c.id == "pandemin")
    with coded.transaction() as conn:
        code_store.put_code(conn, replace(pandemin, parent_id="lardomar"), coded.new_change())
    assert stored(coded) == before
    rows = {row["code_id"]: row for row in summary(coded, Scope()).to_dict(orient="records")}
    touched: set[object] = set()
    for coding in report_project.counted(coded):
        if coding.code in ("pandemin", "digitala-moten"):
            touched |= units(coded, coding)
    assert rows["lardomar"]["codings"] == len(touched)
    assert rows["utmaningar"]["codings"] == 3  # na-industrin only: int_a S1, S2, the header


def test_kept_counts_follow_a_codings_csv_import(coded: Project, tmp_path: Path) -> None:
    before = stored(coded)
    path = tmp_path / "codings.csv"
    path.write_text(export_codings(coded, fmt="csv"), encoding="utf-8")
    with coded.transaction() as conn:
        change = coded.new_change()
        for (coding_id,) in conn.execute("SELECT id FROM codings").fetchall():
            coding_store.delete_coding(conn, coding_id, change)
    assert_kept(coded)
    assert not any(stored(coded)[table] for table in KEPT_TABLES if table != "code_numbers")
    import_codings(coded, path)
    assert_kept(coded)
    assert stored(coded) == before


def test_kept_counts_follow_a_refi_import(coded: Project, tmp_path: Path) -> None:
    export_qdpx(coded, tmp_path / "coded.qdpx")
    import_project_as_new(tmp_path / "coded.qdpx", tmp_path / "copy.db", language="sv")
    with Project.open(tmp_path / "copy.db", coder="anna") as copy:
        assert_kept(copy)
        # REFI carries the accepted codings: the same figures as the original's
        figures = ["codings", "sources"]
        assert summary(copy, Scope())[figures].equals(summary(coded, Scope())[figures])


def test_kept_counts_are_filled_when_an_existing_project_is_migrated(
    coded: Project, project_path: Path
) -> None:
    before = stored(coded)
    report_project.forget_migration_0005(coded)
    coded.close()
    with Project.open(project_path, coder="anna") as reopened:
        assert stored(reopened) == before
        assert_kept(reopened)
        apply_code(reopened, "int_c", *sentence(reopened, "int_c", 1), "pandemin")
        assert_kept(reopened)


def test_kept_counts_number_a_new_code_with_the_lowest_free_number(coded: Project) -> None:
    def add(code_id: str) -> None:
        with coded.transaction() as conn:
            code_store.put_code(conn, Code(id=code_id, name=code_id), coded.new_change())

    numbers = dict(stored(coded)["code_numbers"])
    assert sorted(numbers.values()) == list(range(len(numbers)))
    add("ny")
    add("nyare")
    with coded.transaction() as conn:
        code_store.delete_code(conn, "ny", coded.new_change())
    add("nyast")
    assert dict(stored(coded)["code_numbers"])["nyast"] == len(numbers)
    assert_kept(coded)


def _many_codes(project: Project, count: int) -> list[str]:
    """`count` codes more under lardomar, so their numbers run past one mask word (62)."""
    ids = [f"kod-{n:03}" for n in range(count)]
    with project.transaction() as conn:
        change = project.new_change()
        for position, code_id in enumerate(ids):
            code = Code(id=code_id, name=code_id, parent_id="lardomar", position=position + 1)
            code_store.put_code(conn, code, change)
    return ids


def test_kept_counts_hold_codebooks_of_more_than_62_codes(coded: Project) -> None:
    ids = _many_codes(coded, 70)
    for code_id, index in ((ids[0], 1), (ids[-1], 1), (ids[-1], 2), (ids[40], 3)):
        apply_code(coded, "int_a", *sentence(coded, "int_a", index), code_id)
    assert_kept(coded)
    assert {row[3] for row in stored(coded)["sentence_code_masks"]} == {0, 1}
    rows = {row["code_id"]: row for row in summary(coded, Scope()).to_dict(orient="records")}
    touched: set[object] = set()
    for coding in report_project.counted(coded):
        if coding.code in (*ids, "digitala-moten"):
            touched |= units(coded, coding)
    assert rows["lardomar"]["codings"] == len(touched)
    table = cooccurrence(coded, Scope(codes=(ids[0], ids[-1], "pandemin")))
    assert table.loc[ids[-1], ids[-1]] == 2
    assert table.loc[ids[0], ids[-1]] == table.loc[ids[0], "pandemin"] == 1


def test_kept_counts_survive_a_random_session_and_give_the_reference_figures(
    coded: Project,
) -> None:
    """Many writes of every kind in a row, then every scope against the reference."""
    rng = random.Random(5)
    extra = _many_codes(coded, 64)
    codes = ["pandemin", "na-industrin", "digitala-moten", *extra[::8], extra[-1]]
    names = ["int_a", "int_b", "int_c", "doc"]
    for step in range(120):
        coded.coder = rng.choice(["anna", "erik"])
        source = rng.choice(names)
        spans = [sentence(coded, source, i) for i in range(len(_segments(coded, source)))]
        first = rng.randrange(len(spans))
        last = min(len(spans) - 1, first + rng.choice([0, 0, 1, 2]))
        ids = [row[0] for row in coded.conn.execute("SELECT id FROM codings")]
        action = rng.choice(["apply", "apply", "remove", "status", "undo"])
        with contextlib.suppress(CodingError, sqlite3.IntegrityError):  # a taken span, say
            if action == "apply":
                apply_code(coded, source, spans[first][0], spans[last][1], rng.choice(codes))
            elif action == "remove" and ids:
                remove_coding(coded, rng.choice(ids))
            elif action == "status" and ids:
                status = rng.choice(["pending", "rejected", "accepted"])
                coder = coding_store.coder_id(coded.conn, coded.coder)
                _change(coded, rng.choice(ids), status=status, coder_id=coder)
            elif action == "undo":
                undo(coded)
        if step % 20 == 0:
            assert_kept(coded)
    assert_kept(coded)
    for scope in (
        Scope(),
        Scope(include_pending=True),
        Scope(coder="erik"),
        Scope(coder="anna", include_pending=True),
        Scope(sources=("int_a", "doc")),
        Scope(codes=("pandemin", extra[-1])),
    ):
        _assert_reference_figures(coded, scope)


def _segments(project: Project, source: str) -> list[int]:
    rows = project.conn.execute(
        "SELECT g.idx FROM segments g JOIN sources s ON s.id = g.source_id WHERE s.name = ?",
        [source],
    )
    return [row[0] for row in rows]


def _assert_reference_figures(project: Project, scope: Scope) -> None:
    """Theme rows and co-occurrence of a scope against units counted coding by coding."""
    from coder.services.codebook import project_codebook

    codebook = project_codebook(project)
    counted = [
        c
        for c in report_project.counted(project, coder=scope.coder, pending=scope.include_pending)
        if (not scope.sources or c.source in scope.sources)
        and (not scope.codes or c.code in scope.codes)
    ]
    touched: dict[str, set[object]] = {}
    for coding in counted:
        touched.setdefault(coding.code, set()).update(units(project, coding))
    rows = summary(project, scope).to_dict(orient="records")
    for row in (r for r in rows if r["level"] == "theme"):
        codes = [c.id for c in codebook.codes if codebook.theme_of(c.id).id == row["code_id"]]
        theme: set[object] = set()
        for code in codes:
            theme |= touched.get(code, set())
        assert row["codings"] == len(theme), (scope, row["code_id"])
    table = cooccurrence(project, scope)
    for a in table.index:
        for b in table.columns:
            both = touched.get(a, set()) & touched.get(b, set())
            assert table.loc[a, b] == len(both), (scope, a, b)


def test_kept_counts_take_in_the_rule_suggestions_an_import_stores_in_bulk(
    coded: Project, tmp_path: Path
) -> None:
    from coder.services.importing import ImportOptions, import_paths
    from coder.services.review import queue

    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "int09.txt").write_text(
        "Anna: Hur gick det?\nBo: Det var svårt. Pandemin stoppade allt. Covid kom tillbaka.\n"
        "Anna: Och sen?\nBo: Vi ställde in. Sen kom pandemin igen.\n",
        encoding="utf-8",
    )
    report = import_paths(coded, [folder], ImportOptions(suggest=True))
    assert report.suggestions == 2
    # Import names the sentences of its suggestions; the database's own lookup agrees.
    given = "SELECT first_segment, last_segment FROM codings WHERE source_id = ? ORDER BY id"
    (sid,) = coded.conn.execute("SELECT id FROM sources WHERE name = 'int09'").fetchone()
    named = [tuple(row) for row in coded.conn.execute(given, [sid])]
    coded.conn.execute("UPDATE codings SET start = start WHERE source_id = ?", [sid])
    assert named == [tuple(row) for row in coded.conn.execute(given, [sid])] == [(2, 3), (6, 6)]
    assert len([s for s in queue(coded) if s.source == "int09"]) == 2
    assert coded.conn.execute("SELECT COUNT(*) FROM bulk_sources").fetchone()[0] == 0
    assert_kept(coded)
    (first, _) = [s.id for s in queue(coded) if s.source == "int09"]
    remove_coding(coded, first)
    assert_kept(coded)


def test_kept_counts_take_in_suggestions_stored_in_bulk_then_codings_made_after(
    coded: Project, tmp_path: Path
) -> None:
    """Bulk storing works out a new source's sentence masks at once; later codings add to them."""
    from coder.services.importing import ImportOptions, import_paths
    from coder.storage import suggestions as store

    extra = _many_codes(coded, 64)  # codes in a second mask word too
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "int10.txt").write_text(
        "Anna: Hur gick det?\nBo: Det var svårt. Pandemin stoppade allt. Vi ställde om.\n",
        encoding="utf-8",
    )
    import_paths(coded, [folder], ImportOptions())
    source = _source_id(coded, "int10")
    rows = [
        store.PendingRow(source, code, *sentence(coded, "int10", index), "rule", 0.5, "k", "r")
        for index, code in ((1, "pandemin"), (2, extra[-1]), (2, extra[3]), (3, "na-industrin"))
    ]
    with coded.transaction() as conn:
        assert store.insert_pending_in_bulk(conn, rows, [source]) == 4
    assert coded.conn.execute("SELECT COUNT(*) FROM bulk_sources").fetchone()[0] == 0
    assert_kept(coded)
    coded.coder = "erik"
    apply_code(coded, "int10", *sentence(coded, "int10", 2), extra[-1])
    apply_code(coded, "int10", *sentence(coded, "int10", 3), extra[5])
    assert_kept(coded)
