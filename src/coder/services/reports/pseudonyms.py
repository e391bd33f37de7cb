"""Pseudonymised exports: names and identifiers masked in what leaves the project, never in it.

What is replaced:

- **Names in the pseudonym table** (`coder pseudonyms add NAME ALIAS`), in any case, by their
  alias; so are the first and last names within them, as written (capitalised).
- **Speakers**: a speaker in the table gets its alias; a role label (`I`, `Intervjuare`,
  `Respondent`, `IP` …) stays; a named interviewer becomes "Intervjuare" ("Interviewer"); every
  other speaker "Respondent 1", "Respondent 2" … in order of first appearance (sources by name).
  Their names, and the first and last names within them, are replaced in the text as well.
- **E-mail addresses**, **phone numbers** (Swedish `070-123 45 67`, `08-123 456 78`, and
  international `+46 70 123 45 67`, `0044 20 7946 0958`) and **Swedish personal identity and
  coordination numbers** (`YYMMDD-NNNN`, `YYYYMMDDNNNN` …, only when the date and the Luhn check
  digit are right, so dates and order numbers stay) become `[e-post]`, `[telefon]`,
  `[personnummer]` (in English `[e-mail]`, `[phone]`, `[personal id]`).

A genitive `s` stays with the alias (`Marias` → `Respondent 1:s`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from coder.errors import ReportError
from coder.ingest.transcript import INTERVIEWER_LABELS, RESPONDENT_LABELS
from coder.services.project import Project
from coder.services.reports.labels import label
from coder.storage import pseudonyms as pseudonym_store

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PERSONAL_NUMBER = re.compile(r"(?<![\d+-])(\d{6}|\d{8})([-+]?)(\d{4})(?![\d-])")
INTERNATIONAL_PHONE = re.compile(
    r"(?<![\w+])(?:\+|00)[1-9]\d{0,2}(?:[ .-]?\(0\))?(?:[ .-]?\d{1,4}){2,6}(?!\d)"
)
NATIONAL_PHONE = re.compile(r"(?<![\w+-])0\d{1,3}(?:[ -]?\d{2,4}){1,4}(?![\d-])")
_DATE = re.compile(r"\d{2}-\d{2}-\d{4}")
_NAME_PART = re.compile(r"[^\W\d_][^\W\d_'’-]*(?:-[^\W\d_]+)*")
_GENITIVE = r"(?P<genitive>:s|'s|’s|s)?"


# --- The pseudonym table ------------------------------------------------------------------------


def list_pseudonyms(project: Project) -> list[tuple[str, str]]:
    """(name, alias) of every entry of the pseudonym table, by name."""
    return pseudonym_store.list_pseudonyms(project.conn)


def add_pseudonym(project: Project, name: str, alias: str) -> str:
    """Add a name and its alias (or give a listed name a new alias); "added", "updated" …."""
    name, alias = " ".join(name.split()), " ".join(alias.split())
    if not name or not alias:
        raise ReportError("a pseudonym needs a name and an alias", "give both, e.g. 'Maria' 'R1'")
    with project.transaction() as conn:
        return pseudonym_store.put_pseudonym(conn, name, alias, project.new_change())


def remove_pseudonym(project: Project, name: str) -> str:
    """Remove a name from the pseudonym table; returns it as it was listed."""
    with project.transaction() as conn:
        removed = pseudonym_store.delete_pseudonym(conn, name.strip(), project.new_change())
    if removed is None:
        raise ReportError(
            f"'{name}' is not in the pseudonym table", "see the names with 'coder pseudonyms list'"
        )
    return removed


# --- Identifiers --------------------------------------------------------------------------------


def luhn_ok(digits: str) -> bool:
    """Whether a string of digits passes the Luhn check (its last digit is the check digit)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def is_personal_number(date: str, serial: str) -> bool:
    """Whether YYMMDD or YYYYMMDD with NNNN is a valid personal identity or coordination number.

    Coordination numbers (samordningsnummer) add 60 to the day.
    """
    if len(date) == 8 and date[:2] not in ("18", "19", "20"):
        return False
    short = date[-6:]
    month, day = int(short[2:4]), int(short[4:6])
    day = day - 60 if day > 60 else day
    return 1 <= month <= 12 and 1 <= day <= 31 and luhn_ok(short + serial)


def _digits(text: str) -> int:
    return sum(char.isdigit() for char in text)


def mask_identifiers(text: str, language: str) -> str:
    """E-mail addresses, personal identity numbers and phone numbers replaced by labels."""
    text = EMAIL.sub(label("mask_email", language), text)

    def personal(match: re.Match[str]) -> str:
        if is_personal_number(match[1], match[3]):
            return label("mask_personal_number", language)
        return match[0]

    text = PERSONAL_NUMBER.sub(personal, text)
    phone = label("mask_phone", language)
    text = INTERNATIONAL_PHONE.sub(lambda m: phone if 8 <= _digits(m[0]) <= 15 else m[0], text)

    def national(match: re.Match[str]) -> str:
        found = match[0]
        return phone if 8 <= _digits(found) <= 10 and not _DATE.fullmatch(found) else found

    return NATIONAL_PHONE.sub(national, text)


# --- Names --------------------------------------------------------------------------------------


def is_role_label(speaker: str) -> bool:
    """Whether a speaker label names a role (`I`, `Intervjuare`, `IP`, `Respondent` …)."""
    key = " ".join(speaker.split()).casefold().rstrip(".")
    return key in INTERVIEWER_LABELS or key in RESPONDENT_LABELS


def name_parts(name: str) -> list[str]:
    """The capitalised words of a name that identify on their own: `Anna-Karin Berg` → both."""
    return [
        part
        for part in _NAME_PART.findall(name)
        if len(part) >= 2 and part[0].isupper() and any(c.islower() for c in part)
    ]


def speaker_aliases(
    speakers: Iterable[tuple[str, bool]], table: Mapping[str, str], language: str
) -> dict[str, str]:
    """Speaker → what an export calls them (see the module docstring)."""
    by_name = {name.casefold(): alias for name, alias in table.items()}
    aliases: dict[str, str] = {}
    respondents = 0
    for speaker, interviewer in speakers:
        if speaker in aliases:
            continue
        if speaker.casefold() in by_name:
            aliases[speaker] = by_name[speaker.casefold()]
        elif is_role_label(speaker):
            aliases[speaker] = speaker
        elif interviewer:
            aliases[speaker] = label("interviewer", language)
        else:
            respondents += 1
            aliases[speaker] = f"{label('respondent', language)} {respondents}"
    return aliases


def _pattern(any_case: Iterable[str], as_written: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for all names as whole words, longest first, with a genitive ending.

    One pass, so an alias put in is never itself taken for a name.
    """
    folded = set(any_case)
    names = sorted(folded | set(as_written), key=lambda n: (-len(n), n))
    if not names:
        return None
    alternatives = "|".join(
        f"(?i:{re.escape(name)})" if name in folded else re.escape(name) for name in names
    )
    return re.compile(rf"(?<!\w)(?P<name>{alternatives}){_GENITIVE}(?!\w)")


@dataclass(frozen=True)
class Masker:
    """Pseudonymises the speakers and text of an export (see the module docstring)."""

    language: str
    speakers: dict[str, str]
    """Speaker → alias."""
    any_case: dict[str, str]
    """Name (case-folded) → alias, for the names of the table, found in any case."""
    as_written: dict[str, str]
    """Name → alias, for names and their parts, found as written."""
    _names: re.Pattern[str] | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_names", _pattern(self.any_case, self.as_written))

    def speaker(self, name: str | None) -> str:
        """What the export calls a speaker ("" for none)."""
        if not name:
            return ""
        return self.speakers.get(name) or self.mask(name)

    def mask(self, text: str) -> str:
        """Text with identifiers and names replaced."""
        text = mask_identifiers(text, self.language)
        return text if self._names is None else self._names.sub(self._alias, text)

    def _alias(self, match: re.Match[str]) -> str:
        name = match["name"]
        alias = self.as_written.get(name) or self.any_case.get(name.casefold())
        if alias is None:  # matched ignoring case where case-folding differs (ß, ﬁ …)
            alias = next(iter(self.any_case.values()))
            for key, value in self.any_case.items():
                if re.fullmatch(re.escape(key), name, re.IGNORECASE):
                    alias = value
        genitive = match["genitive"] or ""
        if genitive == "s" and alias[-1:].isdigit():
            genitive = ":s"
        return alias + genitive


def masker(project: Project, language: str) -> Masker:
    """The masker of a project: its pseudonym table and speakers, in the export's language."""
    table = dict(pseudonym_store.list_pseudonyms(project.conn))
    speakers = speaker_aliases(pseudonym_store.speakers(project.conn), table, language)
    written: dict[str, str] = {}
    for name, alias in [*table.items(), *speakers.items()]:
        if name == alias or is_role_label(name):
            continue
        for part in [name, *name_parts(name)]:
            written.setdefault(part, alias)
    return Masker(
        language=language,
        speakers=speakers,
        any_case={name.casefold(): alias for name, alias in table.items()},
        as_written=written,
    )
