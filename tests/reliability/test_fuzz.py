"""Fuzzing the readers of outside input: only our own errors, and what we write reads back.

Hypothesis feeds the transcript reader, the codebook loader, the codings CSV import and the
REFI-QDA importer with broken and random input. Whatever it makes, they return a result or
raise a CoderError subclass (never a library's exception, never a crash), and a refused input
changes nothing. What coder exports (codings CSV, .qdpx) imports back as it was.
"""

from __future__ import annotations

import contextlib
import csv
import io
import shutil
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from coder.domain.text import is_blank
from coder.errors import CoderError
from coder.ingest.codebook_yaml import parse_codebook
from coder.ingest.readers import read_text_file
from coder.services.codings_csv import export_codings, import_codings
from coder.services.exchange.qdpx_export import export_qdpx
from coder.services.exchange.qdpx_import import import_project, import_project_as_new
from coder.services.importing import ImportOptions, import_paths
from coder.services.project import Project
from coder.services.setup import create_project
from coder.storage import codings as coding_store
from tests.reliability.helpers import settle

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

TRICKY = (
    "Intervjuare: Berätta om pandemin 🦠 och de digitala mötena.\r\n"
    "Åsa Öberg: Vi – alltså\tjag – fick ställa om. Café och ﬁlter, e\u0301 och 👩‍👩‍👧.\n"
    "Intervjuare: Och sedan?\n"
    "Åsa Öberg: Det gick bättre än väntat. [bold]Ingen[/bold] <b>markup</b> &amp; här.\n"
)


@pytest.fixture
def template(tmp_path: Path, plain_codebook: Path, corpus: Path) -> Path:
    """A project with the test codebook, the test corpus and a source with tricky text."""
    (corpus / "tricky.txt").write_text(TRICKY, encoding="utf-8")
    path = tmp_path / "template.db"
    with create_project(path, language="sv", codebook=plain_codebook, coder="anna") as project:
        import_paths(project, [corpus], ImportOptions())
        project.seal_history()
    settle(path)
    return path


@contextlib.contextmanager
def fresh(template: Path, tmp_path: Path) -> Iterator[Project]:
    """A copy of the template project for one example, open as anna."""
    path = tmp_path / f"example-{uuid.uuid4().hex}.db"
    shutil.copyfile(template, path)
    with Project.open(path, coder="anna") as project:
        yield project


def _state(project: Project) -> dict[str, list[tuple[Any, ...]]]:
    tables = ("codes", "sources", "codings", "memos", "coders", "attributes")
    conn = project.conn
    return {t: [tuple(r) for r in conn.execute(f"SELECT * FROM {t} ORDER BY 1")] for t in tables}


def _sound(project: Project) -> None:
    assert project.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def _lengths(project: Project) -> dict[str, int]:
    rows = project.conn.execute("SELECT name, length(text) FROM sources")
    return dict(rows)


# --- the transcript reader ------------------------------------------------------------------


@FUZZ
@given(
    st.one_of(
        st.binary(max_size=3000),
        st.text(max_size=2000).map(lambda t: t.encode("utf-8")),
        st.text(max_size=500).map(lambda t: t.encode("utf-16")),
    ),
    st.sampled_from([".txt", ".md", ".vtt", ".srt", ".rtf", ".docx", ".odt", ".pdf"]),
)
def test_fuzz_reader_of_any_bytes_reads_or_says_why(
    tmp_path: Path, data: bytes, suffix: str
) -> None:
    path = tmp_path / f"fil{suffix}"
    path.write_bytes(data)
    with contextlib.suppress(CoderError):
        read = read_text_file(path)
        assert read.text.strip()


@FUZZ
@given(st.data())
def test_fuzz_reader_of_damaged_documents_says_why(tmp_path: Path, data: st.DataObject) -> None:
    """Real .docx files with bytes flipped, cut or dropped: read, or refused with a ReadError."""
    import docx

    document = docx.Document()
    document.add_paragraph("Intervjuare: Hur gick det?")
    document.add_paragraph("Åsa: Det gick bra, tack.")
    buffer = io.BytesIO()
    document.save(buffer)
    raw = bytearray(buffer.getvalue())
    for _ in range(data.draw(st.integers(1, 5))):
        at = data.draw(st.integers(0, len(raw) - 1))
        kind = data.draw(st.sampled_from(["flip", "cut", "drop"]))
        if kind == "flip":
            raw[at] ^= data.draw(st.integers(1, 255))
        elif kind == "cut":
            del raw[at:]
            break
        else:
            del raw[at : at + data.draw(st.integers(1, 200))]
    path = tmp_path / "skadad.docx"
    path.write_bytes(bytes(raw))
    with contextlib.suppress(CoderError):
        read_text_file(path)


# --- the codebook loader --------------------------------------------------------------------

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20))
yaml_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "name",
                    "key",
                    "color",
                    "codable",
                    "children",
                    "parent",
                    "keywords",
                    "patterns",
                    "examples",
                    "description",
                    "include",
                    "exclude",
                    "x",
                ]
            ),
            inner,
            max_size=6,
        )
    ),
    max_leaves=20,
)
codebooks = st.fixed_dictionaries(
    {
        "name": scalars,
        "language": st.sampled_from(["sv", "en", "fi", 3]),
        "codes": st.lists(yaml_values, max_size=5),
    }
)


@FUZZ
@given(st.one_of(st.text(max_size=400), codebooks.map(yaml.safe_dump)))
def test_fuzz_codebook_loader_gives_a_codebook_or_a_codebook_error(text: str) -> None:
    with contextlib.suppress(CoderError):
        parse_codebook(text, origin="fuzz.yaml")


# --- the codings CSV import -----------------------------------------------------------------

cells = {
    "source": st.sampled_from(["int01", "doc01", "tricky", "int99", "", " int01 "]),
    "start": st.one_of(st.integers(-5, 400).map(str), st.sampled_from(["", "x", "1.5", "٣"])),
    "end": st.one_of(st.integers(-5, 400).map(str), st.sampled_from(["", "9" * 30])),
    "code": st.sampled_from(["pandemin", "na-industrin", "utmaningar", "okänd", ""]),
    "coder": st.one_of(st.sampled_from(["anna", "bo", ""]), st.text(max_size=8)),
    "status": st.sampled_from(["", "accepted", "pending", "rejected", "maybe"]),
    "origin": st.sampled_from(["", "human", "rule", "model", "import", "alien"]),
    "score": st.one_of(st.just(""), st.floats(allow_nan=False).map(str), st.just("hög")),
    "memo": st.text(max_size=30),
}


@FUZZ
@given(st.lists(st.fixed_dictionaries(cells), min_size=1, max_size=6), st.booleans())
def test_fuzz_codings_csv_import_adds_all_rows_or_none(
    template: Path, tmp_path: Path, rows: list[dict[str, str]], drop_column: bool
) -> None:
    out = io.StringIO()
    columns = list(cells)[1:] if drop_column else list(cells)
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    csv_file = tmp_path / f"codings-{uuid.uuid4().hex}.csv"
    csv_file.write_text(out.getvalue(), encoding="utf-8")
    with fresh(template, tmp_path) as project:
        before = _state(project)
        try:
            result = import_codings(project, csv_file)
        except CoderError:
            assert _state(project) == before
        else:
            assert result.added + result.already_there == len(rows)
        _sound(project)


spans = st.tuples(
    st.sampled_from(["int01", "doc01", "tricky"]),
    st.floats(0, 1),
    st.floats(0, 1),
    st.sampled_from(["pandemin", "na-industrin", "digitala-moten"]),
    st.sampled_from(["anna", "bo", None]),
    st.text(max_size=15),
)


@FUZZ
@given(st.lists(spans, min_size=1, max_size=8))
def test_fuzz_codings_csv_export_imports_back_the_same(
    template: Path, tmp_path: Path, chosen: list[tuple[str, float, float, str, str | None, str]]
) -> None:
    exported = _coded_export(template, tmp_path, chosen)
    csv_file = tmp_path / f"export-{uuid.uuid4().hex}.csv"
    csv_file.write_text(exported, encoding="utf-8")
    with fresh(template, tmp_path) as copy:
        import_codings(copy, csv_file)
        assert export_codings(copy, fmt="csv") == exported


def _coded_export(
    template: Path, tmp_path: Path, chosen: list[tuple[str, float, float, str, str | None, str]]
) -> str:
    with fresh(template, tmp_path) as project:
        lengths = _lengths(project)
        with project.transaction() as conn:
            change = project.new_change()
            for source, a, b, code, coder, memo in chosen:
                start = min(int(a * lengths[source]), lengths[source] - 1)
                end = max(start + 1, int(b * lengths[source]))
                sid = conn.execute("SELECT id FROM sources WHERE name = ?", [source]).fetchone()[0]
                who = coding_store.coder_id(conn, coder) if coder else None
                if coding_store.find_coding(conn, sid, code, start=start, end=end, coder=who):
                    continue
                values = {
                    "source_id": sid,
                    "code_id": code,
                    "start": start,
                    "end": end,
                    "coder_id": who,
                    "origin": "human" if who else "rule",
                    "status": "accepted" if who else "pending",
                }
                new = coding_store.insert_coding(conn, values, change)
                if who and not is_blank(memo):  # as the services decide
                    coding_store.add_memo(conn, {"coding_id": new}, memo, who, change)
        return export_codings(project, fmt="csv")


# --- the REFI-QDA importer ------------------------------------------------------------------


@pytest.fixture
def exported_qdpx(template: Path, tmp_path: Path) -> Path:
    """The template, coded a little by two coders with memos, exported as .qdpx."""
    chosen = [
        ("int01", 0.1, 0.2, "pandemin", "anna", "Om pandemin"),
        ("tricky", 0.3, 0.6, "digitala-moten", "bo", ""),
        ("tricky", 0.55, 0.9, "pandemin", "anna", ""),
    ]
    _coded_export(template, tmp_path, chosen)
    coded = sorted(tmp_path.glob("example-*.db"))[-1]
    path = tmp_path / "export.qdpx"
    with Project.open(coded) as project:
        export_qdpx(project, path)
    return path


@FUZZ
@given(st.data())
def test_fuzz_refi_import_of_a_damaged_project_says_why_and_changes_nothing(
    template: Path, tmp_path: Path, exported_qdpx: Path, data: st.DataObject
) -> None:
    with zipfile.ZipFile(exported_qdpx) as package:
        entries = {name: package.read(name) for name in package.namelist()}
    target = data.draw(st.sampled_from(sorted(entries)))
    raw = bytearray(entries[target])
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, max(0, len(raw) - 1)))
        replacement = data.draw(
            st.sampled_from([b"", b"<", b'"', b"&", b"99999", b"-1", b"x", b"\xff", b"]]>"])
        )
        del raw[at : at + data.draw(st.integers(0, 12))]
        raw[at:at] = replacement
    entries[target] = bytes(raw)
    damaged = tmp_path / f"damaged-{uuid.uuid4().hex}.qdpx"
    with zipfile.ZipFile(damaged, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in entries.items():
            package.writestr(name, content)
    with fresh(template, tmp_path) as project:
        before = _state(project)
        try:
            import_project(damaged, project)
        except CoderError:
            assert _state(project) == before
        _sound(project)


@settings(FUZZ, max_examples=25)  # each example makes a project: fewer of them
@given(st.lists(spans, min_size=1, max_size=8))
def test_fuzz_refi_export_imports_back_the_same_codings(
    template: Path, tmp_path: Path, chosen: list[tuple[str, float, float, str, str | None, str]]
) -> None:
    accepted = [c for c in chosen if c[4] is not None]
    assume(accepted)
    _coded_export(template, tmp_path, accepted)
    coded = max(tmp_path.glob("example-*.db"), key=lambda p: p.stat().st_mtime_ns)
    qdpx = tmp_path / f"out-{uuid.uuid4().hex}.qdpx"
    copy = tmp_path / f"copy-{uuid.uuid4().hex}.db"
    with Project.open(coded) as project:
        export_qdpx(project, qdpx)
        theirs = _codings(project)
        texts = dict(project.conn.execute("SELECT name, text FROM sources"))
    import_project_as_new(qdpx, copy, language="sv", coder="anna")
    with Project.open(copy) as back:
        assert dict(back.conn.execute("SELECT name, text FROM sources")) == texts
        assert _codings(back) == theirs


def _codings(project: Project) -> set[tuple[object, ...]]:
    """Each coding with its memo (a note's surrounding blank space is not kept: REFI-QDA
    programs indent their XML, so it is not part of the text)."""
    return {
        (c.source, c.start, c.end, c.code, c.coder, (c.memo or "").strip())
        for c in coding_store.list_codings(project.conn)
    }
