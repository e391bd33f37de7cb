"""Importing files as sources: read, normalise, find speaker turns and sentences, store."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from coder.domain.source import LANGUAGES, ParsedSource, SourceKind
from coder.errors import ImportRefusedError, ReadError
from coder.services.attributes import read_attribute_table
from coder.services.project import Project
from coder.services.rules import (
    import_rules,
    keep_import_forms,
    kept_import_forms,
    rule_rows,
    rule_run,
)
from coder.storage import sources as source_store
from coder.storage import suggestions as suggestion_store
from coder.storage.suggestions import PendingRow

if TYPE_CHECKING:
    from coder.nlp.forms import KeywordForms
    from coder.nlp.matcher import CodeRules

CSV_SUFFIX = ".csv"
PARALLEL_BYTES = 4 * 1024 * 1024
"""Imports of more text than this are parsed in several processes."""
MAX_WORKERS = 8
Progress = Callable[[str, int, int], None]
"""Called as progress(stage, done, total): "reading" files, "storing" sources, then (with rules)
"suggestions": 0 of the rule suggestions before they are stored, all of them after."""


@dataclass(frozen=True)
class ImportOptions:
    """How to import: what the files are, what describes them, how to read answers in CSV."""

    kind: SourceKind | None = None
    """None: interview when speaker turns are found, else document."""
    attributes: dict[str, str] = field(default_factory=dict)
    attributes_csv: Path | None = None
    interviewers: tuple[str, ...] = ()
    language: str = "auto"
    text_column: str | None = None
    id_column: str | None = None
    per: str = "row"
    """For CSV answers: one source per "row" or per "file"."""
    max_bytes: int | None = None
    rules: tuple[CodeRules, ...] = ()
    """The codebook's rules to run on the sources as they are read (see `import_paths`)."""
    forms: dict[str, KeywordForms] = field(default_factory=dict)
    """The forms of the rules' keywords the project kept, per language; others are worked out."""
    suggest: bool = False
    """Run the codebook's rules on the new sources and store their suggestions (`coder
    import` does, unless told --no-suggest)."""


@dataclass(frozen=True)
class ImportedSource:
    """One source that was stored."""

    name: str
    kind: str
    language: str
    words: int
    turns: int
    speakers: int
    notes: tuple[str, ...] = ()


@dataclass
class ImportReport:
    """What an import did: sources stored, files or rows skipped and why, things to know."""

    imported: list[ImportedSource] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    suggestions: int = 0
    """Pending suggestions the codebook's rules made in the new sources."""

    @property
    def words(self) -> int:
        """Words in the imported sources."""
        return sum(source.words for source in self.imported)


def collect_files(paths: Iterable[Path], *, with_csv: bool) -> list[Path]:
    """The files to import: given files as they are, folders searched recursively.

    In folders, hidden files and the lock files of open Word or LibreOffice documents
    (`~$intervju.docx`, `.~lock.intervju.odt#`) are left out.
    """
    from coder.ingest.readers import TEXT_SUFFIXES

    suffixes = set(TEXT_SUFFIXES) | ({CSV_SUFFIX} if with_csv else set())
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in suffixes
                    and not any(_skipped(part) for part in p.relative_to(path).parts)
                )
            )
        elif path.exists():
            found.append(path)
        else:
            raise ReadError(f"{path} does not exist", "check the path")
    return found


def _skipped(name: str) -> bool:
    """Hidden files and folders, and the lock files Word and LibreOffice leave beside open files."""
    return name.startswith((".", "~$", ".~lock."))


def import_paths(
    project: Project,
    paths: Sequence[Path],
    options: ImportOptions,
    *,
    progress: Progress | None = None,
) -> ImportReport:
    """Import files and folders: all are read first; if one fails, nothing is stored."""
    with _collector_paused():
        return _import_paths(project, paths, options, progress)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the import (and its forked workers), then back on.

    An import builds millions of objects that all live until it ends (the parsed sources, the
    rows to store), and none of them in reference cycles, so the collector's full passes over
    them find nothing; at 1,000 transcripts they cost a sixth of the import
    (benchmarks/README.md). Memory is freed as before, by reference counting.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _import_paths(
    project: Project, paths: Sequence[Path], options: ImportOptions, progress: Progress | None
) -> ImportReport:
    _check_options(options)
    files = collect_files(paths, with_csv=options.text_column is not None)
    if not files:
        raise ReadError(
            "no files to import in " + ", ".join(str(p) for p in paths),
            "give .txt .md .docx .odt .pdf .rtf .vtt .srt files (or .csv with --text-column)",
        )
    table = read_attribute_table(options.attributes_csv) if options.attributes_csv else {}
    if options.suggest and not options.rules:
        options = replace(options, rules=import_rules(project))
    if options.rules and not options.forms:
        options = replace(options, forms=kept_import_forms(project, options.rules))
    parsed = _parse_all(files, options, progress)
    report = ImportReport()
    _apply_attribute_table(parsed, table, report)
    to_store = _drop_known(project, parsed, report)
    change = project.new_change()
    run = rule_run(project, options.rules)
    suggested: list[PendingRow] = []
    with project.transaction() as conn:
        stored: list[int] = []
        for done, source in enumerate(to_store, start=1):
            stored.append(source_store.insert_source(conn, source, change))
            suggested += rule_rows(stored[-1], source, run)
            if progress is not None:
                progress("storing", done, len(to_store))
        if progress is not None and suggested:
            progress("suggestions", 0, len(suggested))  # a few seconds for 100,000s of them
        report.suggestions = suggestion_store.insert_pending_in_bulk(conn, suggested, stored)
        if progress is not None and suggested:
            progress("suggestions", len(suggested), len(suggested))
        if options.rules:
            keep_import_forms(project, options.rules)
    report.imported = [_imported(source) for source in to_store]
    return report


def _parse_all(
    files: list[Path], options: ImportOptions, progress: Progress | None
) -> list[ParsedSource]:
    """Parse every file, in worker processes when there is enough to share out."""
    parsed: list[ParsedSource] = []
    workers = _workers_for(files)
    if workers == 1:
        results: Iterable[list[ParsedSource]] = (parse_file(path, options) for path in files)
        for done, sources in enumerate(results, start=1):
            parsed.extend(sources)
            if progress is not None:
                progress("reading", done, len(files))
        return parsed
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial
    from multiprocessing import get_context

    if options.rules:
        # Compiled here, before the fork, for every language the files may be in (all, unless
        # --language names one), the rules and lemma tables are shared by every worker instead
        # of each reading them again. Read one by one, only the languages met are compiled.
        from coder.nlp.matcher import turn_rules

        for language in LANGUAGES if options.language == "auto" else (options.language,):
            turn_rules(language, options.rules, options.forms.get(language))
        # Forked, the workers have the compiled rules: the forms need not go with every file.
        options = replace(options, forms={})

    with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
        results = pool.map(partial(parse_file, options=options), files, chunksize=2)
        for done, sources in enumerate(results, start=1):
            parsed.extend(sources)
            if progress is not None:
                progress("reading", done, len(files))
    return parsed


def _workers_for(files: list[Path]) -> int:
    """One process per core for big imports; starting processes does not pay for small ones."""
    import os

    total = sum(path.stat().st_size for path in files)
    if total < PARALLEL_BYTES or len(files) < 4:
        return 1
    return max(1, min(os.cpu_count() or 1, len(files) // 2, MAX_WORKERS))


def _check_options(options: ImportOptions) -> None:
    if options.language not in ("auto", *LANGUAGES):
        raise ImportRefusedError(
            f"unknown language {options.language!r}", f"use auto or one of {', '.join(LANGUAGES)}"
        )
    if options.per not in ("row", "file"):
        raise ImportRefusedError(f"unknown --per {options.per!r}", "use row or file")


def parse_file(path: Path, options: ImportOptions) -> list[ParsedSource]:
    """Read one file into the sources it holds (one, or one per CSV row)."""
    from coder.services.parsing import parse_answers, parse_text_file

    if path.suffix.lower() == CSV_SUFFIX:
        if options.text_column is None:
            raise ReadError(
                f"{path} is a CSV file", "say which column holds the text with --text-column"
            )
        return parse_answers(path, options)
    return [parse_text_file(path, options)]


def _apply_attribute_table(
    parsed: list[ParsedSource], table: dict[str, dict[str, str]], report: ImportReport
) -> None:
    if not table:
        return
    used: set[str] = set()
    for source in parsed:
        for key in (source.name, Path(source.origin).name):
            if key in table:
                source.attributes.update({k: v for k, v in table[key].items() if v})
                used.add(key)
    unused = sorted(set(table) - used)
    if unused:
        report.notes.append(
            f"{len(unused)} rows of the attributes file name no source of this import "
            f"(e.g. {unused[0]!r})"
        )


def _drop_known(
    project: Project, parsed: list[ParsedSource], report: ImportReport
) -> list[ParsedSource]:
    """Leave out text imported before; refuse a name that is taken by other text."""
    by_hash = source_store.names_by_hash(project.conn)
    existing = source_store.source_names(project.conn)
    seen: dict[str, str] = {}
    keep: list[ParsedSource] = []
    for source in parsed:
        earlier = by_hash.get(source.content_hash)
        if earlier == source.name or (earlier is not None and not _is_answer(source)):
            report.skipped.append((source.origin, f"already imported as '{earlier}'"))
            continue
        if source.name in existing or source.name in seen:
            where = seen.get(source.name, "the project")
            raise ImportRefusedError(
                f"a source named '{source.name}' already exists (in {where}); "
                f"{source.origin} has different text",
                "rename the file, or import it into another project",
            )
        seen[source.name] = source.origin
        by_hash.setdefault(source.content_hash, source.name)
        keep.append(source)
    return keep


def _is_answer(source: ParsedSource) -> bool:
    # Many survey answers share their text ("Good service."); they are told apart by name.
    return source.file_format == "csv"


def _imported(source: ParsedSource) -> ImportedSource:
    speakers = {turn.speaker for turn in source.turns if turn.speaker}
    return ImportedSource(
        name=source.name,
        kind=source.kind.value,
        language=source.language,
        words=source.words,
        turns=len(source.turns),
        speakers=len(speakers),
        notes=tuple(source.notes),
    )
