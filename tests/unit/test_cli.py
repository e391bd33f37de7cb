"""The command line as users and scripts meet it: commands, formats, errors, the README."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import click

from coder.main import cli
from tests.conftest import RunCli

ROOT = Path(__file__).resolve().parents[2]


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    for name, command in group.commands.items():
        full = f"{prefix}{name}"
        if isinstance(command, click.Group):
            names.extend(_commands(command, f"{full} "))
        else:
            names.append(full)
    return names


def test_cli_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in _commands(cli) if f"coder {name}" not in readme]
    assert missing == []


def test_cli_init_import_and_list_sources(run: RunCli, codebook_file: Path, corpus: Path) -> None:
    assert run("init", "--codebook", str(codebook_file)).exit_code == 0
    result = run("import", str(corpus), "--attr", "region=Västerbotten")
    assert result.exit_code == 0, result.stderr
    assert "2 sources imported" in result.stderr
    listing = json.loads(run("sources", "--format", "json").stdout)
    by_name = {row["name"]: row for row in listing}
    assert by_name["int01"]["kind"] == "interview"
    assert by_name["int01"]["speakers"] == ["Intervjuare", "Maria Lindqvist"]
    assert by_name["doc01"]["kind"] == "document"
    assert by_name["doc01"]["attributes"] == {"region": "Västerbotten"}


def test_cli_init_takes_the_codebooks_language_unless_told_another(
    run: RunCli, tmp_path: Path
) -> None:
    book = tmp_path / "english.yaml"
    book.write_text(
        "name: English book\nlanguage: en\ncodes:\n  - id: waiting\n    name: Waiting\n",
        encoding="utf-8",
    )
    assert "(language en, 1 code)" in run("init", "--codebook", str(book)).stderr
    other = run("-p", str(tmp_path / "sv.db"), "init", "--codebook", str(book), "--language", "sv")
    assert "(language sv, 1 code)" in other.stderr
    assert "(language sv, 0 codes)" in run("-p", str(tmp_path / "none.db"), "init").stderr


def test_cli_segments_lists_sentences_with_speaker(
    run: RunCli, codebook_file: Path, corpus: Path
) -> None:
    run("init", "--codebook", str(codebook_file))
    run("import", str(corpus))
    rows = json.loads(run("segments", "int01", "--format", "json").stdout)
    assert rows[0]["speaker"] == "Intervjuare"
    assert rows[0]["text"] == "Hur påverkade pandemin projektet?"
    texts = [row["text"] for row in rows]
    assert "Det var t.ex. svårt att nå de små företagen." in texts
    assert "Vi hade ca. 20 möten." in texts


def test_cli_search_shows_keyword_in_context(
    run: RunCli, codebook_file: Path, corpus: Path
) -> None:
    run("init", "--codebook", str(codebook_file))
    run("import", str(corpus))
    result = run("search", "pandemi*", "--format", "csv")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "source,segment,speaker,timestamp,start,end,context"
    assert any("[pandemin]" in line and "int01" in line for line in lines[1:])
    assert any("[Pandemin]" in line and "doc01" in line for line in lines[1:])


def test_cli_reimport_is_reported_and_skipped(
    run: RunCli, codebook_file: Path, corpus: Path
) -> None:
    run("init", "--codebook", str(codebook_file))
    run("import", str(corpus))
    again = run("import", str(corpus / "int01.txt"))
    assert again.exit_code == 0
    assert "already imported as 'int01'" in again.stderr


def test_cli_codebook_list_shows_tree_with_counts(run: RunCli, codebook_file: Path) -> None:
    run("init", "--codebook", str(codebook_file))
    out = run("codebook", "list").stdout
    assert re.search(r"^\s+Pandemins påverkan\s+pandemin\s+2\s+utmaningar", out, re.M)


def test_cli_undo_reports_what_it_undid(run: RunCli, codebook_file: Path, corpus: Path) -> None:
    run("init", "--codebook", str(codebook_file))
    run("import", str(corpus))
    assert run("codings", "add", "int01", "0", "8", "pandemin").exit_code == 0
    assert "undid 1 change (coding.apply)" in run("undo").stderr
    assert "nothing to undo" in run("undo").stderr


def _coder(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CODER_CODER": "anna"}
    env.pop("CODER_PROJECT", None)
    return subprocess.run(
        [sys.executable, "-m", "coder", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_cli_user_error_is_one_line_on_stderr_and_exit_1(tmp_path: Path) -> None:
    result = _coder("sources", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: no project at coder.db")


def test_cli_usage_error_exits_1(tmp_path: Path) -> None:
    result = _coder("import", cwd=tmp_path)
    assert result.returncode == 1
    assert "error:" in result.stderr


def test_cli_exports_write_files_that_import_back(
    run: RunCli, codebook_file: Path, corpus: Path, tmp_path: Path
) -> None:
    run("init", "--codebook", str(codebook_file))
    run("import", str(corpus), "--no-suggest")
    run("codings", "add", "int01", "0", "8", "pandemin", "--memo", "Rubriken")
    book, codings = tmp_path / "book.yaml", tmp_path / "codings.csv"
    assert "wrote" in run("codebook", "export", "-o", str(book)).stderr
    assert "wrote" in run("codings", "export", "-o", str(codings)).stderr
    assert (
        "0 added, 0 updated, 0 removed, 5 unchanged" in run("codebook", "import", str(book)).stderr
    )
    assert (
        "imported 0 codings (1 were already there)" in run("codings", "import", str(codings)).stderr
    )
    exported = json.loads(run("codings", "export", "--format", "json").stdout)
    assert [(c["code"], c["coder"], c["memo"]) for c in exported] == [
        ("pandemin", "anna", "Rubriken")
    ]


def test_cli_import_runs_the_codebooks_rules_and_says_how_many_suggestions_wait(
    run: RunCli, codebook_file: Path, corpus: Path
) -> None:
    run("init", "--codebook", str(codebook_file))
    result = run("import", str(corpus))
    assert "rule suggestion to review" in result.stderr
    pending = json.loads(run("suggestions", "export", "--format", "json").stdout)
    assert pending and {s["origin"] for s in pending} == {"rule"}
    assert all(
        s["status"] == "pending" and s["reason"].startswith(("keyword", "pattern")) for s in pending
    )


def test_cli_demo_without_opening_shows_the_project_in_readable_numbers(
    run: RunCli, tmp_path: Path
) -> None:
    result = run("-p", str(tmp_path / "demo.db"), "demo", "--no-open")
    assert result.exit_code == 0, result.stderr
    assert "  sources: 8 documents, 12 interviews (" in result.stdout
    words = result.stdout.split("interviews (")[1].split(" words)")[0]
    assert words.replace(" ", "").isdigit() and " " in words  # "27 975", thousands set apart


def test_cli_import_summary_counts_kinds_in_words_people_read(
    run: RunCli, codebook_file: Path, tmp_path: Path
) -> None:
    run("init", "--codebook", str(codebook_file))
    (tmp_path / "svar.csv").write_text("id,text\n1,Allt gick bra.\n2,Det var svårt.\n", "utf-8")
    result = run("import", str(tmp_path / "svar.csv"), "--text-column", "text")
    assert "2 sources imported (6 words: 2 other sources (sv)), 0 skipped" in result.stderr
