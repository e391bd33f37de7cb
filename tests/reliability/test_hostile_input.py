"""Hostile and broken input: one error line naming the file, exit 1, not one byte changed.

The cases of `tests/unit/test_error_paths.py` and `test_qdpx_safety.py` (malformed codebooks,
codings that do not match, zip slips, entity bombs in a .qdpx, …) are not repeated here; these
add the rest of the list, each checked against the project file's bytes.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import pytest

from coder.storage import db
from tests.conftest import RunCli
from tests.reliability.helpers import ROOT, digest, settle, unchanged_since
from tests.unit.test_readers import _odt, _pdf_bytes

MB = 1024 * 1024


def _docx_bytes(text: str = "Anna: Hej där, hur går det?") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _rezip(data: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    """The zip `data` with one part changed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            content = old.read(info.filename)
            if info.filename == part:
                content = change(content)
            new.writestr(zipfile.ZipInfo(info.filename), content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _with_doctype(doctype: bytes, entity: bytes) -> Callable[[bytes], bytes]:
    def change(xml: bytes) -> bytes:
        head, _, rest = xml.partition(b"?>")
        return head + b"?>" + doctype + rest.replace(b"Hej d", entity + b" d")

    return change


LAUGHS = (
    b'<!DOCTYPE w:document [<!ENTITY a "lollollollollollollollollollol">'
    + b"".join(
        b'<!ENTITY %s "%s">' % (bytes([98 + n]), b"&%s;" % bytes([97 + n]) * 10) for n in range(8)
    )
    + b"]>"
)
EXTERNAL = b'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'


def _bomb_docx() -> bytes:
    return _rezip(_docx_bytes(), "word/document.xml", lambda xml: xml + b" " * (40 * MB))


def _odt_bytes(tmp: Path) -> bytes:
    return _odt(tmp / "ok.odt").read_bytes()


def _write(folder: Path, name: str, data: str | bytes, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


Case = Callable[[Path], tuple[list[str], str]]

FILES: dict[str, Case] = {
    "empty .docx": lambda d: (["import", str(_write(d, "tom.docx", b""))], r"tom\.docx is empty"),
    "empty .pdf": lambda d: (["import", str(_write(d, "tom.pdf", b" \n"))], r"tom\.pdf is empty"),
    "empty .odt": lambda d: (["import", str(_write(d, "tom.odt", b""))], r"tom\.odt is empty"),
    "random bytes named .md": lambda d: (
        ["import", str(_write(d, "brus.md", bytes(range(256)) * 64))],
        r"brus\.md looks like a binary file",
    ),
    "truncated .docx": lambda d: (
        ["import", str(_write(d, "halv.docx", _docx_bytes()[:4000]))],
        r"halv\.docx is not a readable Word document \(not a zip package, or truncated\)",
    ),
    "truncated .pdf": lambda d: (
        ["import", str(_write(d, "halv.pdf", _pdf_bytes(["Anna: Hej där."])[:300]))],
        r"halv\.pdf is not a readable PDF",
    ),
    "truncated .odt": lambda d: (
        ["import", str(_write(d, "halv.odt", _odt_bytes(d)[:800]))],
        r"halv\.odt is not a readable OpenDocument text",
    ),
    ".docx zip bomb": lambda d: (
        ["import", str(_write(d, "bomb.docx", _bomb_docx()))],
        r"bomb\.docx would inflate from 0\.1 MB to 40\.\d MB; refused as a likely zip bomb",
    ),
    ".docx with an entity bomb": lambda d: (
        [
            "import",
            str(
                _write(
                    d,
                    "lol.docx",
                    _rezip(_docx_bytes(), "word/document.xml", _with_doctype(LAUGHS, b"&i;")),
                )
            ),
        ],
        r"lol\.docx is not a readable Word document",
    ),
    "KOI8-R text": lambda d: (
        [
            "import",
            str(_write(d, "ryska.txt", "Анна: Привет, как дела? Это интервью.\n", "koi8_r")),
        ],
        r"ryska\.txt looks like Cyrillic text in the koi8_r encoding.*save it as UTF-8",
    ),
    "Shift-JIS text": lambda d: (
        [
            "import",
            str(
                _write(
                    d, "japansk.txt", "アンナ: こんにちは。これはインタビューです。\n", "shift_jis"
                )
            ),
        ],
        r"japansk\.txt looks like CJK text",
    ),
    "UTF-16 with a broken end": lambda d: (
        ["import", str(_write(d, "u16.txt", "\ufeffAnna: Hej.\n".encode("utf-16-le") + b"\x00"))],
        r"u16\.txt cannot be decoded as UTF-16-LE",
    ),
    "a file over the size limit": lambda d: (
        ["import", "--max-size", "1", str(_write(d, "stor.txt", "Anna: ord ord ord.\n" * 80_000))],
        r"stor\.txt is 1\.4 MB, above the import limit of 1 MB; raise it with --max-size",
    ),
    "codings CSV with offsets outside the text": lambda d: (
        [
            "codings",
            "import",
            str(_write(d, "c.csv", "source,start,end,code,coder\nint01,5,999999,pandemin,anna\n")),
        ],
        r"c\.csv, line 2: .*outside",
    ),
    "codings CSV with an end before its start": lambda d: (
        [
            "codings",
            "import",
            str(_write(d, "c.csv", "source,start,end,code,coder\nint01,9,3,pandemin,anna\n")),
        ],
        r"c\.csv, line 2",
    ),
    "codings CSV with text for offsets": lambda d: (
        [
            "codings",
            "import",
            str(_write(d, "c.csv", "source,start,end,code,coder\nint01,fem,9,pandemin,anna\n")),
        ],
        r"c\.csv, line 2",
    ),
    "codings CSV that is binary": lambda d: (
        ["codings", "import", str(_write(d, "c.csv", b"\x00\x01\x02" * 400))],
        r"c\.csv looks like a binary file",
    ),
    "codebook YAML with a tab indent": lambda d: (
        [
            "codebook",
            "import",
            str(_write(d, "tab.yaml", "name: x\nlanguage: sv\ncodes:\n\t- id: a\n")),
        ],
        r"tab\.yaml, line \d+",
    ),
    "codebook YAML with an alias bomb": lambda d: (
        [
            "codebook",
            "import",
            str(
                _write(
                    d,
                    "lol.yaml",
                    "a: &a [x, x, x, x]\nb: &b [*a, *a, *a]\n"
                    "name: x\nlanguage: sv\ncodes: [{id: a, name: A, "
                    "keywords: *b}]\n",
                )
            ),
        ],
        r"lol\.yaml, line \d+: YAML aliases",
    ),
    "codebook YAML that is a list": lambda d: (
        ["codebook", "import", str(_write(d, "list.yaml", "- a\n- b\n"))],
        r"list\.yaml, line 1",
    ),
    "codebook YAML in Latin-1": lambda d: (
        ["codebook", "import", str(_write(d, "latin.yaml", "name: Lärdomar\n", "latin-1"))],
        r"latin\.yaml: not UTF-8 text",
    ),
    "codebook .qdc with an external entity": lambda d: (
        [
            "codebook",
            "import",
            str(
                _write(
                    d,
                    "x.qdc",
                    b'<?xml version="1.0"?>'
                    + EXTERNAL.replace(b"w:document", b"CodeBook")
                    + b"<CodeBook><Codes/></CodeBook>",
                )
            ),
        ],
        r"x\.qdc.* declares a document type",
    ),
}


@pytest.mark.parametrize("case", list(FILES), ids=list(FILES))
def test_hostile_input_is_one_line_exit_1_and_changes_no_byte(
    project_file: Path, tmp_path: Path, case: str
) -> None:
    folder = tmp_path / "input"
    folder.mkdir()
    args, message = FILES[case](folder)
    before = digest(project_file)
    result = RunCli(project_file)(*args)
    assert result.exit_code == 1
    assert result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert re.search(message, line), line
    assert unchanged_since(project_file, before)


def test_hostile_input_docx_external_entity_is_never_resolved(
    project_file: Path, tmp_path: Path
) -> None:
    data = _rezip(_docx_bytes(), "word/document.xml", _with_doctype(EXTERNAL, b"&x;"))
    path = _write(tmp_path, "xxe.docx", data)
    run = RunCli(project_file)
    result = run("import", str(path))
    if result.exit_code == 0:
        assert "root:" not in run("segments", "xxe").stdout
    else:
        assert len(result.stderr.strip().splitlines()) == 1


PROJECTS: dict[str, Callable[[Path], Path]] = {
    "not SQLite": lambda d: _write(d, "anteckningar.db", "Mina anteckningar\n"),
    "SQLite but not ours": lambda d: _sqlite_of_others(d / "annan.db"),
    "empty file": lambda d: _write(d, "tom.db", b""),
    "truncated project": lambda d: _write(d, "halv.db", (d / "work.db").read_bytes()[:5000]),
}
PROJECT_MESSAGES = {
    "not SQLite": r"anteckningar\.db is not a coder project \(not an SQLite file\)",
    "SQLite but not ours": r"annan\.db is an SQLite file but not a coder project",
    "empty file": r"tom\.db is not a coder project",
    "truncated project": r"halv\.db: database disk image is malformed .*halv\.db\.backups/",
}


def _sqlite_of_others(path: Path) -> Path:
    import sqlite3

    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    return path


@pytest.mark.parametrize("case", list(PROJECTS), ids=list(PROJECTS))
def test_hostile_input_project_files_that_are_not_projects(project_file: Path, case: str) -> None:
    path = PROJECTS[case](project_file.parent)
    before = digest(path)
    for command in (["sources"], ["codings", "add", "int01", "0", "4", "pandemin"]):
        result = RunCli(path)(*command)
        assert result.exit_code == 1
        (line,) = result.stderr.strip().splitlines()
        assert re.search(PROJECT_MESSAGES[case], line), line
    assert digest(path) == before


def test_hostile_input_project_from_a_newer_coder(project_file: Path) -> None:
    import sqlite3

    with sqlite3.connect(project_file) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
            " VALUES ('coder', '0999_from_the_future', '2030-01-01')"
        )
    conn.close()
    settle(project_file)
    before = digest(project_file)
    result = RunCli(project_file)("sources")
    assert result.exit_code == 1
    assert "was made by a newer version of coder (schema 0999_from_the_future)" in result.stderr
    assert unchanged_since(project_file, before)


@pytest.fixture
def read_only(project_file: Path) -> Iterator[Path]:
    """The project file made read-only: by its mode, or (as root, who ignores modes) immutable."""
    if os.geteuid() != 0:
        project_file.chmod(0o444)
        yield project_file
        project_file.chmod(0o644)
        return
    made = subprocess.run(["chattr", "+i", str(project_file)], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip("running as root where files cannot be made immutable: cannot test read-only")
    try:
        yield project_file
    finally:
        subprocess.run(["chattr", "-i", str(project_file)], check=True)


def test_hostile_input_read_only_project_reads_but_refuses_changes(read_only: Path) -> None:
    before = digest(read_only)
    run = RunCli(read_only)
    assert run("sources").exit_code == 0
    for command in (
        ["codings", "add", "int01", "0", "4", "pandemin"],
        ["codebook", "delete", "digitala-moten"],
        ["pseudonyms", "add", "Maria Lindqvist", "Respondent A"],
    ):
        result = run(*command)
        assert result.exit_code == 1, command
        (line,) = result.stderr.strip().splitlines()
        assert re.search(r"work\.db is read-only; make it writable, or work on a copy", line)
    assert digest(read_only) == before


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every project connection may not grow the file: as if the disk were full."""
    connect = db._connect

    def full(path: Path):  # type: ignore[no-untyped-def]
        conn = connect(path)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    monkeypatch.setattr(db, "_connect", full)


def test_hostile_input_full_disk_is_one_line_and_changes_nothing(
    project_file: Path, tmp_path: Path, full_disk: None
) -> None:
    big = tmp_path / "lang.txt"
    big.write_text("".join(f"Anna: Mening nummer {n} om projektet.\n" for n in range(3000)))
    before = digest(project_file)
    result = RunCli(project_file)("import", str(big))
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert re.search(r"the disk holding .*work\.db is full; free some space and try again", line)
    assert unchanged_since(project_file, before)


@pytest.mark.slow
def test_hostile_input_200_mb_file_is_refused_unread(project_file: Path, tmp_path: Path) -> None:
    """A 200 MB file (sparse: it takes no disk) is refused by its size, never read into memory."""
    huge = tmp_path / "enorm.txt"
    with huge.open("wb") as handle:
        handle.truncate(200 * MB)
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc to see the peak memory of the process")
    probe = (  # the CLI, then its peak memory (VmHWM, in kB; ru_maxrss counts the fork's too)
        "import re, sys\n"
        "from coder.main import main\n"
        "try:\n    main()\nfinally:\n"
        "    status = open('/proc/self/status').read()\n"
        "    print(re.search(r'VmHWM:\\s+(\\d+)', status)[1], file=sys.stderr)\n"
    )
    before = digest(project_file)
    done = subprocess.run(
        [sys.executable, "-c", probe, "-p", str(project_file), "import", str(huge)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 1
    message, peak_kb = done.stderr.strip().splitlines()
    assert message == (
        f"error: {huge} is 200 MB, above the import limit of 50 MB; raise it with --max-size"
    )
    assert int(peak_kb) < 200 * 1024  # kilobytes: far below the file's size
    assert unchanged_since(project_file, before)
