"""Creating projects: a new project (with its codebook), and the demo project."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coder.domain.source import DEFAULT_LANGUAGE
from coder.errors import ProjectError
from coder.services.codebook import import_codebook, load_codebook_file
from coder.services.project import Project
from coder.storage import codes as code_store
from coder.storage import db, stats

DEMO_CODEBOOK = Path("codebooks") / "smart-industri.yaml"
DEMO_CORPUS = Path("corpora") / "smart-industri"
DEMO_CODER = "karin"
DEMO_INTERVIEWERS = ("Anna Sjöberg", "Linnea Holm")
"""Interviewers of the demo transcripts that are labelled by name rather than 'Intervjuare'."""


def create_project(
    path: Path, *, language: str | None, codebook: Path | None = None, coder: str | None = None
) -> Project:
    """Create a project file, with a codebook when one is given; nothing is left on failure.

    Without a `language`, the project takes the codebook's (Swedish when there is none).
    """
    if codebook is not None:
        book = load_codebook_file(codebook)  # a bad codebook is reported before any file is made
        language = language or book.language
    project = Project.create(path, language=language or DEFAULT_LANGUAGE, coder=coder)
    try:
        if codebook is not None:
            import_codebook(project, codebook)
        project.seal_history()
    except BaseException:
        project.discard()
        raise
    return project


def demo_root() -> Path:
    """The folder that holds codebooks/ and corpora/ (the source checkout)."""
    for folder in Path(__file__).resolve().parents:
        if (folder / DEMO_CODEBOOK).is_file() and (folder / DEMO_CORPUS).is_dir():
            return folder
    raise ProjectError(
        "the demo material (codebooks/, corpora/) was not found",
        "run 'coder demo' from a checkout of coder installed with 'make demo'",
    )


@dataclass(frozen=True)
class Overview:
    """A project in numbers: what a person wants to see first."""

    path: Path
    sources_by_kind: dict[str, int]
    words: int
    codes: int
    themes: int
    codings_by_theme: dict[str, int]
    coders: list[str]


def build_demo(path: Path, *, coder: str | None = None, suggestions: bool = True) -> Project:
    """Build the demo project: the smart-industry codebook, corpus, attributes and codings.

    With `suggestions`, the model is trained on karin's codings and the demo opens with the
    passages it would code too, pending review.
    """
    from coder.services.attributes import read_attribute_table
    from coder.services.codings_csv import import_codings
    from coder.services.importing import ImportOptions, import_paths

    root = demo_root()
    corpus = root / DEMO_CORPUS
    listed = read_attribute_table(corpus / "attributes.csv")
    files = sorted(p for p in corpus.iterdir() if p.stem in listed and p.suffix != ".csv")
    project = create_project(
        path, language="sv", codebook=root / DEMO_CODEBOOK, coder=coder or DEMO_CODER
    )
    try:
        options = ImportOptions(
            attributes_csv=corpus / "attributes.csv", interviewers=DEMO_INTERVIEWERS
        )
        import_paths(project, files, options)
        import_codings(project, corpus / "codings.csv")
        if suggestions:
            from coder.services.suggesting import SuggestOptions, suggest

            suggest(project, SuggestOptions())
        project.seal_history()
    except BaseException:
        project.discard()
        raise
    return project


def overview(project: Project) -> Overview:
    """The project in numbers: sources by kind, words, codes, codings by theme, coders."""
    from coder.services.codebook import project_codebook

    codebook = project_codebook(project)
    by_theme: dict[str, int] = {}
    for code_id, (count, _) in code_store.coding_counts(project.conn).items():
        theme = codebook.theme_of(code_id).name
        by_theme[theme] = by_theme.get(theme, 0) + count
    return Overview(
        path=project.path,
        sources_by_kind=stats.sources_by_kind(project.conn),
        words=stats.total_words(project.conn),
        codes=sum(1 for code in codebook.codes if code.codable),
        themes=len(codebook.roots()),
        codings_by_theme=by_theme,
        coders=stats.coder_names(project.conn),
    )


def demo_project(path: Path, *, fresh: bool = False, coder: str | None = None) -> Project:
    """Open the demo project at `path`, building it first if it is not there (or `fresh`)."""
    if fresh:
        # Rebuilt from scratch: the old file goes even if it is damaged or not a project.
        db.remove_project_files(path)
    if path.exists():
        return Project.open(path, coder=coder)
    return build_demo(path, coder=coder)
