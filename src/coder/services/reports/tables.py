"""Tables out: aligned text, CSV, JSON, Markdown or Excel, on stdout or into a file, atomically."""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from coder.errors import ReportError

if TYPE_CHECKING:
    import pandas as pd

TEXT_FORMATS = ("table", "csv", "json", "md")
"""Formats that are text, for stdout or a file."""
FORMATS = (*TEXT_FORMATS, "xlsx")
"""Every table format; xlsx only into a file."""
DECIMALS = 4
"""Shares and Jaccard coefficients are rounded to this many decimals, except in Excel."""
_SUFFIXES = {".csv": "csv", ".json": "json", ".md": "md", ".xlsx": "xlsx"}
_NOT_IN_XLSX = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def format_for(fmt: str | None, output: Path | None) -> str:
    """The format asked for, else the one the output file's suffix names, else a table."""
    if fmt is not None:
        return fmt
    if output is not None:
        return _SUFFIXES.get(output.suffix.lower(), "table")
    return "table"


def render(frame: pd.DataFrame, fmt: str) -> str:
    """A table as text: aligned columns (table), CSV, JSON records or a Markdown pipe table."""
    frame = frame.round(DECIMALS)
    if fmt == "csv":
        return str(frame.to_csv(index=False, lineterminator="\n"))
    if fmt == "json":
        records = frame.to_dict(orient="records")
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return str(frame.to_markdown(index=False, floatfmt=f".{DECIMALS}g")) + "\n"
    if fmt == "table":
        from tabulate import tabulate

        rows = frame.to_numpy().tolist()
        headers = [str(name) for name in frame.columns]
        return tabulate(rows, headers=headers, floatfmt=".3f", preserve_whitespace=True) + "\n"
    raise ReportError(f"'{fmt}' is not a text format", f"use one of {', '.join(TEXT_FORMATS)}")


def write_table(frame: pd.DataFrame, fmt: str, output: Path, *, sheet: str = "coder") -> None:
    """Write a table into a file in any format (xlsx: one sheet), replacing it atomically."""
    if fmt == "xlsx":
        # A worksheet cannot hold most control characters (a memo pasted from a terminal
        # may have some): they are left out, as in the XML of every other export.
        def safe(value: object) -> object:
            return _NOT_IN_XLSX.sub("", value) if isinstance(value, str) else value

        clean = frame.map(safe).rename(columns=safe)

        def write(path: Path) -> None:
            clean.to_excel(path, index=False, sheet_name=sheet[:31], engine="openpyxl")

        write_atomically(output, write)
    else:
        write_text_atomically(output, render(frame, fmt))


def write_atomically(output: Path, write: Callable[[Path], object]) -> None:
    """Let `write` fill a new file beside `output`, then move it into place.

    No half-written file is ever left at `output`. The new file is created with mode 0666, so
    the umask gives it the permissions any new file gets (mkstemp would make it private, and
    changing the umask to read it would race with other threads).
    """
    temporary = output.with_name(f".{output.name}.{secrets.token_hex(6)}.tmp")
    try:
        os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except OSError as error:
        raise _write_error(output, error) from error
    try:
        write(temporary)
        temporary.replace(output)
    except OSError as error:
        raise _write_error(output, error) from error
    finally:
        temporary.unlink(missing_ok=True)


def write_text_atomically(output: Path, text: str) -> None:
    """Write UTF-8 text into a file, atomically."""
    write_atomically(output, lambda path: path.write_text(text, encoding="utf-8"))


def write_bytes_atomically(output: Path, data: bytes) -> None:
    """Write bytes into a file, atomically."""
    write_atomically(output, lambda path: path.write_bytes(data))


def _write_error(output: Path, error: OSError) -> ReportError:
    return ReportError(
        f"cannot write {output}: {error.strerror or error}",
        "check that the folder exists and is writable",
    )
