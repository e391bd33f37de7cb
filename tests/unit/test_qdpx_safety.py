"""A .qdpx is untrusted: bombs, external entities, unsafe paths and broken references are refused.

Each refusal is one line naming the element or entry, exit status 1, and the project exactly
as it was (or, for a new project, no file at all).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from coder.errors import ExchangeError
from coder.ingest.qda_xml import ZipLimits
from coder.services.exchange.qdpx_import import import_project
from coder.services.project import Project
from tests.conftest import RunCli
from tests.unit.refi_files import (
    CODE,
    SOURCE,
    dump,
    guid,
    project_xml,
    selection,
    text_source,
    write_qdpx,
)

TEXT = "Anna: Pandemin stoppade alla företagsbesök.\n"
GOOD_SOURCE = text_source(selection(6, 14), path=None, content=TEXT)

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE Project [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">\n'
        for n in range(1, 10)
    )
    + ']>\n<Project xmlns="urn:QDA-XML:project:1.0" name="&lol9;"><Description>&lol9;'
    "</Description></Project>"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE Project [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    '<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Sources>'
    f'<TextSource guid="{SOURCE}" name="x"><PlainTextContent>&secret;</PlainTextContent>'
    "</TextSource></Sources></Project>"
)


def _raw_zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in entries.items():
            # Names as given (zipfile would tidy them), each member compressed.
            package.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    return path


def _qde(sources: str = GOOD_SOURCE, **kwargs: str) -> bytes:
    return project_xml(sources, **kwargs).encode("utf-8")


Case = Callable[[Path], tuple[Path, str]]

CASES: dict[str, Case] = {
    "billion laughs": lambda d: (
        write_qdpx(d / "bomb.qdpx", BILLION_LAUGHS),
        r"project\.qde declares a document type .* entities",
    ),
    "external entity": lambda d: (
        write_qdpx(d / "xxe.qdpx", EXTERNAL_ENTITY),
        r"project\.qde declares a document type",
    ),
    "zip slip": lambda d: (
        _raw_zip(d / "slip.qdpx", {"project.qde": _qde(), "sources/../../evil.txt": b"x"}),
        r"entry 'sources/\.\./\.\./evil\.txt' climbs out of the package",
    ),
    "absolute path": lambda d: (
        _raw_zip(d / "abs.qdpx", {"project.qde": _qde(), "/tmp/evil.txt": b"x"}),
        r"entry '/tmp/evil\.txt' is an absolute path",
    ),
    "backslash path": lambda d: (
        _raw_zip(d / "bs.qdpx", {"project.qde": _qde(), "..\\evil.txt": b"x"}),
        r"entry '\.\.\\\\evil\.txt' contains a backslash",
    ),
    "zip bomb": lambda d: (
        _raw_zip(d / "zb.qdpx", {"project.qde": b"<Project>" + b" " * 30_000_000 + b"</Project>"}),
        r"entry 'project\.qde' would inflate \d+-fold .* zip bomb",
    ),
    "dangling reference": lambda d: (
        write_qdpx(d / "dangling.qdpx", _qde(selection(6, 14, code=guid(404)).join(["", ""]))),
        r'<CodeRef targetGUID="[^"]+194">, line \d+ points at no element of the file',
    ),
    "duplicate guid": lambda d: (
        write_qdpx(d / "dup.qdpx", _qde(GOOD_SOURCE + text_source("", source_guid=SOURCE))),
        rf'<TextSource guid="{SOURCE}">, line \d+ has the same guid as <TextSource>',
    ),
    "reference to the wrong kind": lambda d: (
        write_qdpx(d / "kind.qdpx", _qde(after=f'<NoteRef targetGUID="{CODE}"/>')),
        rf'<NoteRef targetGUID="{CODE}">, line \d+ refers to a <Code>, not a <Note>',
    ),
    "position beyond the text": lambda d: (
        write_qdpx(d / "far.qdpx", _qde(text_source(selection(6, 9999), path=None, content=TEXT))),
        r"<PlainTextSelection guid=\"[^\"]+\">, line \d+: endPosition 9999 lies beyond the end "
        r"of the text of source 'Intervju 1\.docx' \(44 characters\)",
    ),
    "end before start": lambda d: (
        write_qdpx(d / "back.qdpx", _qde(text_source(selection(14, 6), path=None, content=TEXT))),
        r"<PlainTextSelection guid=.* ends \(6\) before it starts \(14\)",
    ),
    "coding without a code": lambda d: (
        write_qdpx(
            d / "nocode.qdpx",
            _qde(GOOD_SOURCE.replace(f'<CodeRef targetGUID="{CODE}"/>', "")),
        ),
        r"<Coding guid=.* has no <CodeRef>",
    ),
    "not a zip": lambda d: (
        _write(d / "text.qdpx", b"just some text"),
        r"text\.qdpx is not a readable \.qdpx file",
    ),
    "no project.qde": lambda d: (
        _raw_zip(d / "empty.qdpx", {"sources/a.txt": b"hej"}),
        r"empty\.qdpx has no project\.qde",
    ),
    "broken XML": lambda d: (
        write_qdpx(d / "broken.qdpx", "<Project><Users>"),
        r"project\.qde, line 1 is not well-formed XML",
    ),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.fixture
def ready(run: RunCli, codebook_file: Path, corpus: Path) -> RunCli:
    assert run("init", "--codebook", str(codebook_file)).exit_code == 0
    assert run("import", str(corpus)).exit_code == 0
    assert run("codings", "add", "int01", "0", "8", "pandemin").exit_code == 0
    return run


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_qdpx_safety_refusal_is_one_line_and_changes_nothing(
    ready: RunCli, project_path: Path, tmp_path: Path, case: str
) -> None:
    folder = tmp_path / "input"
    folder.mkdir()
    qdpx, message = CASES[case](folder)
    before = dump(project_path)
    result = ready("import-project", str(qdpx), "--into", str(project_path))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert re.search(message, lines[0]), lines[0]
    assert "root:" not in lines[0]  # nothing of /etc/passwd came in
    assert dump(project_path) == before


@pytest.mark.parametrize("case", ["external entity", "zip slip", "position beyond the text"])
def test_qdpx_safety_refused_file_leaves_no_new_project(
    run: RunCli, project_path: Path, tmp_path: Path, case: str
) -> None:
    qdpx, message = CASES[case](tmp_path)
    result = run("import-project", str(qdpx))
    assert result.exit_code == 1
    assert re.search(message, result.stderr)
    assert not project_path.exists()
    assert list(tmp_path.glob("project.db*")) == []


def test_qdpx_safety_oversized_entry_is_refused_before_it_is_read(
    imported: Project, tmp_path: Path
) -> None:
    text = "Ett långt transkript. " * 200
    qdpx = write_qdpx(
        tmp_path / "big.qdpx",
        project_xml(text_source(selection(0, 3))),
        {f"sources/{SOURCE}.txt": text},
    )
    before = dump(imported.path)
    with pytest.raises(ExchangeError, match=rf"entry 'sources/{SOURCE}\.txt' is 4\.3 KB|is 0 MB"):
        import_project(qdpx, imported, limits=ZipLimits(max_member_bytes=1000))
    assert dump(imported.path) == before


def test_qdpx_safety_too_many_entries_are_refused(imported: Project, tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {f"sources/{n}.txt": "x" for n in range(20)}
    qdpx = write_qdpx(tmp_path / "many.qdpx", project_xml(), files)
    with pytest.raises(ExchangeError, match=r"many\.qdpx has 21 entries, more than the 10"):
        import_project(qdpx, imported, limits=ZipLimits(max_entries=10))
