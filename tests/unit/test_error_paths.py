"""Every user error: one line on stderr, exit status 1, and the project exactly as it was."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CODEBOOK_YAML, RunCli


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def ready(run: RunCli, codebook_file: Path, corpus: Path) -> RunCli:
    assert run("init", "--codebook", str(codebook_file)).exit_code == 0
    assert run("import", str(corpus)).exit_code == 0
    assert run("codings", "add", "int01", "0", "8", "pandemin").exit_code == 0
    return run


def _write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


Case = Callable[[Path], tuple[list[str], str]]

CASES: dict[str, Case] = {
    "codebook with a duplicate key": lambda d: (
        ["codebook", "import", str(_write(d, "dup.yaml", CODEBOOK_YAML.replace('"6"', '"2"')))],
        r"dup\.yaml, line \d+: code '(pandemin|digitala-moten)': duplicate key",
    ),
    "codebook that is not YAML": lambda d: (
        ["codebook", "import", str(_write(d, "broken.yaml", "codes:\n  - id: [a\n"))],
        r"broken\.yaml, line \d+: not valid YAML",
    ),
    "codebook dropping a coded code": lambda d: (
        ["codebook", "import", str(_write(d, "less.yaml", CODEBOOK_YAML.replace("pandemin", "x")))],
        r"leaves out codes that have codings: 'pandemin'",
    ),
    "import of a broken docx": lambda d: (
        ["import", str(_write(d, "trasig.docx", b"PK\x03\x04 not really a zip"))],
        r"trasig\.docx is not a readable Word document",
    ),
    "import of an empty file": lambda d: (
        ["import", str(_write(d, "tom.txt", "  \n"))],
        r"tom\.txt is empty",
    ),
    "import of a binary file named .txt": lambda d: (
        ["import", str(_write(d, "bild.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20))],
        r"bild\.txt looks like a binary file",
    ),
    "import of a taken name": lambda d: (
        ["import", str(_write(d, "int01.txt", "Helt annan text.\n"))],
        r"a source named 'int01' already exists",
    ),
    "codings with a text that does not match": lambda d: (
        [
            "codings",
            "import",
            str(
                _write(
                    d, "c.csv", "source,start,end,code,coder,text\nint01,0,5,pandemin,k,Hejsan\n"
                )
            ),
        ],
        r"c\.csv, line 2: the text does not match source 'int01'",
    ),
    "codings with missing columns": lambda d: (
        ["codings", "import", str(_write(d, "c.csv", "source,start\nint01,0\n"))],
        r"lacks the columns end, code, coder",
    ),
    "attributes of an unknown source": lambda d: (
        ["attributes", "import", str(_write(d, "a.csv", "source,region\nint99,Skåne\n"))],
        r"names 1 sources that are not in the project: 'int99'",
    ),
    "attributes without a source column": lambda d: (
        ["attributes", "import", str(_write(d, "a.csv", "namn,region\nint01,Skåne\n"))],
        r"has no 'source' column",
    ),
    "coding outside the text": lambda d: (
        ["codings", "add", "int01", "5", "999999", "pandemin"],
        r"offsets 5–999999 are outside source 'int01'",
    ),
    "coding with a theme": lambda d: (
        ["codings", "add", "int01", "0", "5", "utmaningar"],
        r"code 'utmaningar' is a theme",
    ),
    "segments of an unknown source": lambda d: (["segments", "int99"], r"no source named 'int99'"),
    "search for nothing": lambda d: (["search", "***"], r"nothing to search for"),
    "summary of an unknown code": lambda d: (
        ["summary", "--codes", "pandemin,pandemi"],
        r"no code with the id 'pandemi' \(did you mean 'pandemin'\?\)",
    ),
    "summary by an unknown attribute": lambda d: (
        ["summary", "--by", "region"],
        r"no source has an attribute 'region'; attributes in this project: none yet",
    ),
    "summary of an unknown coder": lambda d: (
        ["summary", "--coder", "olle"],
        r"no coder named 'olle'; coders in this project: anna",
    ),
    "xlsx without a file": lambda d: (
        ["summary", "--format", "xlsx"],
        r"the xlsx format needs a file; give one with -o FILE\.xlsx",
    ),
    "matrix rows by an unknown attribute": lambda d: (
        ["matrix", "--rows", "kommun"],
        r"no source has an attribute 'kommun'",
    ),
    "quotes of an unknown source": lambda d: (
        ["quotes", "--sources", "int99"],
        r"no source named 'int99'",
    ),
    "report in an unknown format": lambda d: (
        ["report", "-o", str(d / "rapport.pdf")],
        r"cannot write a report as 'rapport\.pdf'; name a file ending in \.md, \.html, \.docx",
    ),
    "report into a missing folder": lambda d: (
        ["report", "-o", str(d / "saknas" / "rapport.html")],
        r"cannot write .*rapport\.html: No such file or directory",
    ),
    "removing a name not in the pseudonym table": lambda d: (
        ["pseudonyms", "remove", "Maria"],
        r"'Maria' is not in the pseudonym table",
    ),
    "exemplar of an unknown coding": lambda d: (
        ["codings", "exemplar", "99"],
        r"no coding with id 99",
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_error_paths_are_one_line_exit_1_and_change_nothing(
    ready: RunCli, project_path: Path, tmp_path: Path, case: str
) -> None:
    folder = tmp_path / "input"
    folder.mkdir()
    args, message = CASES[case](folder)
    before = _dump(project_path)
    result = ready(*args)
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert re.search(message, lines[0]), lines[0]
    assert _dump(project_path) == before
