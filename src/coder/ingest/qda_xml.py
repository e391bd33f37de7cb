"""Reading untrusted REFI-QDA files safely: XML without entities or DTDs, zips within bounds.

A `.qdpx` comes from someone else's machine. Its XML may declare entities that expand into
gigabytes (the "billion laughs") or pull in local files (external entities); its zip may hold
entries named `../../.bashrc` or a few kilobytes that inflate to fill the disk. Nothing here
writes to disk: members are read into memory, each within the limits of `ZipLimits`.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

from lxml import etree

from coder.errors import ExchangeError

MEGABYTE = 1024 * 1024
_CHUNK = 64 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")


@dataclass(frozen=True)
class ZipLimits:
    """How much of a zip is read: more entries, bigger members or a higher ratio is refused.

    The ratio (uncompressed / compressed size) is only held against members larger than
    `ratio_floor`, since small files of repeated text legitimately compress very well.
    """

    max_entries: int = 10_000
    max_member_bytes: int = 256 * MEGABYTE
    max_total_bytes: int = 512 * MEGABYTE
    max_ratio: int = 100
    ratio_floor: int = MEGABYTE


def parse_xml(data: bytes, *, origin: str) -> etree._Element:
    """Parse XML from an untrusted file: no DTD, no entities, nothing loaded from the network.

    REFI-QDA files never declare a document type, so any `<!DOCTYPE>` is refused (that is
    where entity bombs and external entities live). Errors name `origin` and the line.
    """
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        if _declares_entities(data):
            raise _dtd_error(origin) from error
        line = f", line {error.lineno}" if error.lineno else ""
        raise ExchangeError(
            f"{origin}{line} is not well-formed XML ({error.msg})",
            "export the file again from the program that made it",
        ) from error
    info = root.getroottree().docinfo
    if info.internalDTD is not None or info.externalDTD is not None or info.doctype:
        raise _dtd_error(origin)
    return root


def _declares_entities(data: bytes) -> bool:
    """Whether the raw bytes hold a DOCTYPE or ENTITY declaration, in UTF-8 or UTF-16."""
    for marker in _DECLARATIONS:
        text = marker.decode("ascii")
        if marker in data or any(text.encode(enc) in data for enc in ("utf-16-le", "utf-16-be")):
            return True
    return False


def _dtd_error(origin: str) -> ExchangeError:
    return ExchangeError(
        f"{origin} declares a document type (<!DOCTYPE …>) with entities; refused: "
        "REFI-QDA files have none, and entities can expand into huge text or read local files",
        "export the file again from the program that made it",
    )


class QdpxPackage:
    """The members of a `.qdpx` zip, read into memory on demand within `ZipLimits`.

    Opening checks every entry name (no absolute paths, no `..`, no backslashes, no
    duplicates) and the number of entries, so an unsafe file is refused before anything is
    read. Use as a context manager.
    """

    def __init__(self, path: Path, limits: ZipLimits | None = None) -> None:
        self.path = path
        self.limits = limits or ZipLimits()
        self._read_total = 0
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise ExchangeError(
                f"{path} is not a readable .qdpx file (a zip archive): {error}",
                "export the project again as REFI-QDA (.qdpx)",
            ) from error
        try:
            self._members = self._check_entries()
        except BaseException:
            self._zip.close()
            raise

    def _check_entries(self) -> dict[str, zipfile.ZipInfo]:
        infos = self._zip.infolist()
        if len(infos) > self.limits.max_entries:
            raise ExchangeError(
                f"{self.path} has {len(infos)} entries, more than the {self.limits.max_entries} "
                "a project file is allowed",
                "check that it is the right file",
            )
        members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            problem = _unsafe_name(info.filename)
            if problem:
                raise ExchangeError(
                    f"{self.path}: entry {info.filename!r} {problem}; refused",
                    "a .qdpx must keep every file inside it; export the project again",
                )
            if info.filename in members:
                raise ExchangeError(
                    f"{self.path}: entry {info.filename!r} occurs twice; refused",
                    "export the project again",
                )
            members[info.filename] = info
        return members

    @property
    def names(self) -> list[str]:
        """The names of the files in the package (folders left out)."""
        return [name for name, info in self._members.items() if not info.is_dir()]

    def find(self, name: str) -> str | None:
        """The entry called `name`, compared without regard to case, or None."""
        if name in self._members:
            return name
        folded = name.casefold()
        return next((n for n in self._members if n.casefold() == folded), None)

    def read(self, name: str) -> bytes:
        """Read one member into memory, refusing one beyond the size and ratio limits."""
        info = self._members[name]
        where = f"{self.path}: entry {name!r}"
        self._check_declared(info, where)
        try:
            with self._zip.open(info) as member:
                return self._read_bounded(member, where)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as e:
            raise ExchangeError(f"{where} cannot be read: {e}", "export the project again") from e

    def _check_declared(self, info: zipfile.ZipInfo, where: str) -> None:
        limits = self.limits
        if info.flag_bits & 0x1:
            raise ExchangeError(f"{where} is encrypted", "export the project without a password")
        if info.file_size > limits.max_member_bytes:
            raise _too_big(where, info.file_size, limits.max_member_bytes)
        compressed = max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor and info.file_size / compressed > limits.max_ratio:
            raise ExchangeError(
                f"{where} would inflate {info.file_size // compressed}-fold "
                f"(to {_megabytes(info.file_size)}); refused as a likely zip bomb",
                "check where the file came from; export the project again",
            )
        if self._read_total + info.file_size > limits.max_total_bytes:
            raise _too_big(
                f"{self.path} (with entry {info.filename!r})",
                self._read_total + info.file_size,
                limits.max_total_bytes,
            )

    def _read_bounded(self, member: IO[bytes], where: str) -> bytes:
        # The sizes in the zip's headers may lie: count what actually comes out.
        limit = min(self.limits.max_member_bytes, self.limits.max_total_bytes - self._read_total)
        chunks: list[bytes] = []
        size = 0
        while chunk := member.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise _too_big(where, size, limit)
            chunks.append(chunk)
        self._read_total += size
        return b"".join(chunks)

    def close(self) -> None:
        """Close the zip file."""
        self._zip.close()

    def __enter__(self) -> QdpxPackage:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def _unsafe_name(name: str) -> str | None:
    """Why an entry name could escape the folder it is unpacked into, or None if it is safe."""
    if "\\" in name:
        return "contains a backslash"
    if "\x00" in name:
        return "contains a NUL character"
    if name.startswith("/") or _DRIVE.match(name):
        return "is an absolute path"
    if ".." in name.split("/"):
        return "climbs out of the package with '..'"
    return None


def _too_big(where: str, size: int, limit: int) -> ExchangeError:
    return ExchangeError(
        f"{where} is {_megabytes(size)}, above the limit of {_megabytes(limit)}; refused",
        "check that it is the right file; very large media belong outside the project",
    )


def _megabytes(size: int) -> str:
    return f"{size / MEGABYTE:.1f}".removesuffix(".0") + " MB"
