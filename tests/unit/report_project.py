"""A small project whose summary figures are known: for the summary, quote and report tests.

Three interviews and a document over two regions and two cases, coded by anna and erik with
the test codebook (utmaningar: pandemin, na-industrin; lardomar: digitala-moten):

    int_a (Norr, case A)  header "Intervju A, Norr"  — anna: na-industrin on the header
      S1 "Pandemin stoppade allt."      anna + erik: pandemin
      S2 "Vi nådde inga företag."       anna: na-industrin; erik: na-industrin on S1–S2
      S3 "Digitala möten hjälpte."      anna: digitala-moten; pending suggestion: pandemin
      S4 (interviewer) …                rejected suggestion: na-industrin
    int_b (Norr, case A)  S1 "Pandemin försenade projektet, sa Karin Ek (e-mail, phone,
                              personal number)."  anna: pandemin
    int_c (Syd, case B)   S1 …  erik: digitala-moten
    doc   (Syd, no case)  S1 …  anna: pandemin

`reference_*` recompute every figure the slow, obvious way from the codings and segments, as
an independent check of the SQL and numpy paths.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from coder.domain.coding import Coding
from coder.services.browse import list_sources, source_segments
from coder.services.coding import apply_code
from coder.services.importing import ImportOptions, import_paths
from coder.services.project import Project
from coder.storage import codings as coding_store

INT_A = """\
Intervju A, Norr

Intervjuare: Hur gick det för projektet?
Maria Lindqvist: Pandemin stoppade allt. Vi nådde inga företag. Digitala möten hjälpte.
Intervjuare: Något mer att tillägga?
Maria Lindqvist: Nej, inget mer.
"""

INT_B = """\
Intervjuare: Vad hände?
Olle Berg: Pandemin försenade projektet, sa Karin Ek (karin.ek@firma.se, 070-123 45 67, \
personnummer 811218-9876). Sen blev det bättre.
Intervjuare: Tack.
Olle Berg: Varsågod.
"""

INT_C = """\
Intervjuare: Hur fungerade mötena?
Sara Holm: Vi hade digitala möten varje vecka med företagen i regionen, och det gick bra.
Intervjuare: Något annat?
Sara Holm: Nej.
"""

DOC = """\
# Lägesrapport

Pandemin har försenat arbetet med testbädden <script>alert(1)</script> & mer.
"""

ATTRIBUTES = """\
source,region,case
int_a,Norr,A
int_b,Norr,A
int_c,Syd,B
doc,Syd,
"""

THEME_CODES = {"utmaningar": ("pandemin", "na-industrin"), "lardomar": ("digitala-moten",)}


def sentence(project: Project, source: str, index: int) -> tuple[int, int]:
    """(start, end) of a sentence of a source."""
    segment = source_segments(project, source)[index]
    return segment.start, segment.end


def build(project: Project, folder: Path) -> Project:
    """Import the four sources into `project` (which has the test codebook) and code them."""
    folder.mkdir()
    for name, text in (("int_a", INT_A), ("int_b", INT_B), ("int_c", INT_C), ("doc", DOC)):
        (folder / f"{name}.{'md' if name == 'doc' else 'txt'}").write_text(text, encoding="utf-8")
    (folder / "attributes.csv").write_text(ATTRIBUTES, encoding="utf-8")
    # No rule suggestions at import: the figures above are for these codings only.
    options = ImportOptions(attributes_csv=folder / "attributes.csv", suggest=False)
    import_paths(project, sorted(p for p in folder.iterdir() if p.suffix != ".csv"), options)
    _code(project)
    return project


def _code(project: Project) -> None:
    def apply(coder: str, source: str, span: tuple[int, int], code: str) -> Coding:
        project.coder = coder
        return apply_code(project, source, span[0], span[1], code)

    a1, a2, a3 = (sentence(project, "int_a", i) for i in (1, 2, 3))
    apply("anna", "int_a", a1, "pandemin")
    apply("erik", "int_a", a1, "pandemin")
    apply("anna", "int_a", a2, "na-industrin")
    apply("erik", "int_a", (a1[0], a2[1]), "na-industrin")
    apply("anna", "int_a", (0, 9), "na-industrin")  # "Intervju " in the header: no sentence
    apply("anna", "int_a", a3, "digitala-moten")
    apply("anna", "int_b", sentence(project, "int_b", 1), "pandemin")
    apply("erik", "int_c", sentence(project, "int_c", 1), "digitala-moten")
    apply("anna", "doc", sentence(project, "doc", 1), "pandemin")
    _suggest(project, "int_a", a3, "pandemin", "pending")
    _suggest(project, "int_a", sentence(project, "int_a", 4), "na-industrin", "rejected")
    project.coder = "anna"


def _suggest(project: Project, source: str, span: tuple[int, int], code: str, status: str) -> None:
    source_id = project.conn.execute("SELECT id FROM sources WHERE name = ?", [source]).fetchone()
    with project.transaction() as conn:
        coding_store.insert_coding(
            conn,
            {
                "source_id": source_id[0],
                "code_id": code,
                "start": span[0],
                "end": span[1],
                "coder_id": None,
                "origin": "model",
                "status": status,
                "score": 0.9,
            },
            project.new_change(),
        )


# --- The reference: every figure recomputed from the codings, one by one -----------------------


def counted(project: Project, *, coder: str | None = None, pending: bool = False) -> list[Coding]:
    """The codings that count."""
    statuses = {"accepted", "pending"} if pending else {"accepted"}
    return [
        c
        for c in coding_store.list_codings(project.conn)
        if c.status.value in statuses and (coder is None or c.coder == coder)
    ]


def units(project: Project, coding: Coding, unit: str = "sentence") -> set[object]:
    """The units a coding touches: sentences or turns it overlaps, or its source."""
    if unit == "source":
        return {coding.source}
    touched = {
        (coding.source, s.index if unit == "sentence" else s.turn)
        for s in source_segments(project, coding.source)
        if s.start < coding.end and coding.start < s.end
    }
    return touched or {("outside", coding.id)}


def attributes(project: Project) -> dict[str, dict[str, str]]:
    """Source name → attributes."""
    return {s.name: s.attributes for s in list_sources(project)}


def reference_code_rows(codings: list[Coding]) -> dict[str, tuple[int, set[str]]]:
    """Code id → (codings, sources)."""
    rows: dict[str, tuple[int, set[str]]] = defaultdict(lambda: (0, set()))
    for c in codings:
        count, sources = rows[c.code]
        rows[c.code] = (count + 1, sources | {c.source})
    return dict(rows)


def reference_theme_rows(
    project: Project, codings: list[Coding]
) -> dict[str, tuple[set[object], set[str]]]:
    """Theme id → (distinct units touched, sources)."""
    theme_of = {code: theme for theme, codes in THEME_CODES.items() for code in codes}
    rows: dict[str, tuple[set[object], set[str]]] = defaultdict(lambda: (set(), set()))
    for c in codings:
        touched, sources = rows[theme_of[c.code]]
        rows[theme_of[c.code]] = (touched | units(project, c), sources | {c.source})
    return dict(rows)


# --- Migrations: a project as an older version left it ------------------------------------------

KEPT_TABLES = ("code_tallies", "code_numbers", "sentence_code_counts", "sentence_code_masks")


def forget_migration_0005(project: Project) -> None:
    """Take migration 0005 (the counts that triggers keep) out, as if it had never run."""
    from coder.storage import kept_counts

    with project.transaction() as conn:
        for trigger in kept_counts.TRIGGERS:
            conn.execute(f"DROP TRIGGER {trigger.split()[2]}")
        for table in KEPT_TABLES:
            conn.execute(f"DROP TABLE {table}")
        conn.execute(
            "CREATE INDEX codings_units ON codings"
            "(source_id, first_segment, last_segment, code_id, status, coder_id)"
        )
        conn.execute("DELETE FROM _sqlite_migrations WHERE name LIKE '0005%'")
