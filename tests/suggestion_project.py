"""A small project for the suggestion tests: a code people applied to a handful of turns.

Three interviews (a, b, c) in which every pandemic turn is coded `pandemin` and the other
turns are not, and one interview (d) nobody has coded, holding one pandemic turn.
"""

from __future__ import annotations

from pathlib import Path

from coder.services.coding import apply_code
from coder.services.importing import ImportOptions, import_paths
from coder.services.project import Project

PANDEMIC = [
    "Pandemin gjorde att alla företagsbesök ställdes in över en natt.",
    "Under pandemin stängde företagen sina dörrar för besökare.",
    "Restriktionerna under covid slog ut hela vårens program med träffar.",
    "När pandemin kom fick vi skjuta upp alla fysiska träffar ett halvår.",
    "Smittspridningen gjorde att verkstäderna inte tog emot några besök.",
    "Pandemin och restriktionerna försenade projektet med flera månader.",
    "Alla seminarier ställdes in när pandemin slog till på våren.",
]
OTHER = [
    "Vi har ett bra samarbete med kommunerna i regionen.",
    "Styrgruppen träffas fyra gånger om året och följer upp budgeten.",
    "Högskolan bidrog med forskare till testbädden för automation.",
    "Ekonomin i projektet har varit stabil hela perioden.",
    "Vi anställde en ny projektledare i mars förra året.",
    "Rapporteringen till myndigheten sker varje halvår.",
    "Företagen i länet är mest små verkstadsföretag med få anställda.",
    "Vi ordnade en konferens om digitalisering i industrin.",
]


def _interview(turns: list[str]) -> str:
    lines = []
    for number, text in enumerate(turns):
        lines.append(f"Intervjuare: Fråga nummer {number + 1}, hur gick det?")
        lines.append(f"Informant: {text}")
    return "\n".join(lines) + "\n"


def fill(project: Project, tmp_path: Path) -> Project:
    """Import the four interviews into `project` and code the pandemic turns of a, b and c."""
    folder = tmp_path / "interviews"
    folder.mkdir()
    (folder / "a.txt").write_text(_interview([*PANDEMIC[:3], *OTHER[:3]]), encoding="utf-8")
    (folder / "b.txt").write_text(_interview([*PANDEMIC[3:6], *OTHER[3:6]]), encoding="utf-8")
    (folder / "c.txt").write_text(_interview([PANDEMIC[6], *OTHER[6:]]), encoding="utf-8")
    new = ["Pandemin gjorde att vi fick ställa in alla företagsbesök under våren."]
    new += ["Budgeten följs upp av styrgruppen varje kvartal."]
    (folder / "d.txt").write_text(_interview(new), encoding="utf-8")
    import_paths(project, [folder], ImportOptions(interviewers=("Intervjuare",)))
    for source in ("a", "b", "c"):
        text = (folder / f"{source}.txt").read_text(encoding="utf-8")
        for sentence in PANDEMIC:
            at = text.find(sentence)
            if at >= 0:
                apply_code(project, source, at, at + len(sentence), "pandemin")
    return project
