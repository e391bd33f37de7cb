"""The shape of QDA-XML: namespaces, and reading elements of files written by any program."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

from lxml import etree

from coder.errors import ExchangeError

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def exporter() -> str:
    """What our exports give as their `origin`: the program and its version."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"coder {version('coder')}"
    except PackageNotFoundError:
        return "coder"


def local_name(element: etree._Element) -> str:
    """The element's name without its namespace (exporters differ in how they qualify it)."""
    return etree.QName(element).localname


def children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    """The child elements called `name`, in any namespace."""
    for child in element:
        if isinstance(child.tag, str) and local_name(child) == name:
            yield child


def child(element: etree._Element, name: str) -> etree._Element | None:
    """The first child element called `name`, or None."""
    return next(children(element, name), None)


def child_text(element: etree._Element, name: str) -> str | None:
    """The text of the first child element called `name` ("" when empty), or None."""
    found = child(element, name)
    return None if found is None else (found.text or "")


def where(element: etree._Element, origin: str) -> str:
    """Where an element is, for messages: file, element with its guid or name, and line."""
    label = local_name(element)
    if element.get("guid"):
        label += f' guid="{element.get("guid")}"'
    elif element.get("targetGUID"):
        label += f' targetGUID="{element.get("targetGUID")}"'
    elif element.get("name"):
        label += f' name="{element.get("name")}"'
    line = f", line {element.sourceline}" if element.sourceline else ""
    return f"{origin}: <{label}>{line}"


def guid_key(value: str) -> str:
    """A GUID as compared: without braces, lower case (exporters differ in both)."""
    return value.strip().strip("{}").lower()


def required(element: etree._Element, attribute: str, origin: str) -> str:
    """An attribute the standard requires; its absence is an error naming the element."""
    value = element.get(attribute)
    if value is None or not value.strip():
        raise ExchangeError(
            f"{where(element, origin)} has no {attribute}",
            "export the file again from the program that made it",
        )
    return value.strip()


def position(element: etree._Element, attribute: str, origin: str) -> int:
    """A character position (a whole number ≥ 0) of a selection."""
    value = required(element, attribute, origin)
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise ExchangeError(
            f"{where(element, origin)}: {attribute} {value!r} is not a position in the text",
            "positions are whole numbers from 0; export the file again",
        )
    return number


def stored_time(value: str | None) -> str | None:
    """An xsd:dateTime as the project stores times (UTC, milliseconds), or None if unreadable."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def xml_text(text: str) -> str:
    """Text with the characters XML 1.0 cannot hold (most control characters) left out."""
    return _NOT_IN_XML.sub("", text)
