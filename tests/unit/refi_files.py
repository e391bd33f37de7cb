"""Building small REFI-QDA files for tests, as other programs write them, and the schemas."""

from __future__ import annotations

import sqlite3
import uuid
import zipfile
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "refi-qda"
"""The REFI-QDA schemas and sample exports (../shared/refi-qda beside the repository)."""

USER = "9a1c6d2e-0000-4000-8000-000000000001"
OTHER_USER = "9a1c6d2e-0000-4000-8000-000000000002"
THEME = "9a1c6d2e-0000-4000-8000-0000000000c0"
CODE = "9a1c6d2e-0000-4000-8000-0000000000c1"
SOURCE = "9a1c6d2e-0000-4000-8000-0000000000a1"

CODES = f"""
<Code guid="{THEME}" name="Challenges" isCodable="false">
  <Code guid="{CODE}" name="Pandemic" isCodable="true" color="#E74C3C"/>
</Code>"""


def schema(name: str) -> object:
    """An lxml XMLSchema for Project.xsd or Codebook.xsd; skips the test when they are absent."""
    from lxml import etree

    path = SHARED / name
    if not path.exists():
        pytest.skip(f"{path} is not there: the REFI-QDA schemas come with ../shared/refi-qda")
    return etree.XMLSchema(etree.parse(str(path)))


def sample(name: str) -> Path:
    """A sample export from ../shared/refi-qda; skips the test when it is absent."""
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"{path} is not there: the samples come with ../shared/refi-qda")
    return path


def guid(n: int) -> str:
    """A GUID for the n-th element a test makes."""
    return str(uuid.UUID(int=0x5E1EC7 << 64 | n))


def selection(start: int, end: int, *, name: str = "", n: int = 1, code: str = CODE) -> str:
    """A PlainTextSelection with one coding by USER."""
    return (
        f'<PlainTextSelection guid="{guid(n)}" name="{name}" startPosition="{start}" '
        f'endPosition="{end}" creatingUser="{USER}" creationDateTime="2024-03-01T10:00:00Z">'
        f'<Coding guid="{guid(1000 + n)}" creatingUser="{USER}" '
        f'creationDateTime="2024-03-01T10:00:00Z"><CodeRef targetGUID="{code}"/></Coding>'
        "</PlainTextSelection>"
    )


def text_source(
    inner: str,
    *,
    name: str = "Intervju 1.docx",
    path: str | None = f"internal://{SOURCE}.txt",
    source_guid: str = SOURCE,
    content: str | None = None,
) -> str:
    """A TextSource holding `inner` (selections, notes), its text in a file or in the XML."""
    text_path = f' plainTextPath="{path}"' if path else ""
    plain = f"<PlainTextContent>{content}</PlainTextContent>" if content is not None else ""
    return (
        f'<TextSource guid="{source_guid}" name="{name}"{text_path} creatingUser="{USER}">'
        f"{plain}{inner}</TextSource>"
    )


def project_xml(sources: str = "", *, codes: str = CODES, after: str = "") -> str:
    """A project.qde with two users, the codes, the sources and whatever comes `after`."""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="Utvärdering" origin="Testprogram 1.0">'
        f'<Users><User guid="{USER}" name="Ada"/><User guid="{OTHER_USER}" name="Bo"/></Users>'
        f"<CodeBook><Codes>{codes}</Codes></CodeBook>"
        f"{f'<Sources>{sources}</Sources>' if sources else ''}{after}</Project>"
    )


def write_qdpx(path: Path, qde: str | bytes, files: dict[str, str | bytes] | None = None) -> Path:
    """A .qdpx zip holding project.qde and the given files (name → text or bytes)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("project.qde", qde if isinstance(qde, bytes) else qde.encode("utf-8"))
        for name, data in (files or {}).items():
            package.writestr(name, data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def dump(path: Path) -> list[str]:
    """The whole project file as SQL, to show that a failed command changed nothing."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()
