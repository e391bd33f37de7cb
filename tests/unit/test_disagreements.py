"""Disagreements between two coders, resolved as codings of a consensus coder, and undone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coder.domain.agreement import Resolution
from coder.errors import AgreementError
from coder.services.agreement.disagreements import adopt_agreements, disagreements, resolve
from coder.services.agreement.units import Request
from coder.services.coding import undo
from coder.services.project import Project
from coder.services.reports.scope import Scope
from coder.services.reports.summary import tally
from coder.storage import codings as coding_store
from tests.conftest import RunCli
from tests.unit.agreement_project import code_fixture

SENTENCES = Request(("anna", "bo"), unit="sentence")


def _consensus(project: Project) -> set[tuple[str, int, int, str]]:
    return {
        (c.code, c.start, c.end, c.status.value)
        for c in coding_store.list_codings(project.conn)
        if c.coder == "consensus"
    }


def test_disagreements_lists_units_coded_differently(imported: Project) -> None:
    review = disagreements(code_fixture(imported), SENTENCES)
    found = [
        (item.unit.source, item.unit.index, sorted(item.a), sorted(item.b)) for item in review.items
    ]
    # Sentence indexes count every sentence of the source, the interviewer's too.
    assert found == [
        ("doc01", 1, ["na-industrin"], []),
        ("int01", 2, ["na-industrin", "pandemin"], ["na-industrin"]),
        ("int01", 4, ["digitala-moten"], []),
        ("int01", 5, ["digitala-moten"], []),
    ]
    second = review.items[1]
    assert second.text == "Det var t.ex. svårt att nå de små företagen."
    assert second.before == "Ja, alltså, vi fick ställa in alla företagsbesök."
    assert second.after == "Och de digitala mötena?"
    assert second.disputed == {"pandemin"}
    assert not second.resolved
    assert review.resolved == 0


@pytest.mark.parametrize(
    ("resolution", "accepted", "rejected"),
    [
        (Resolution.KEEP_A, {"na-industrin", "pandemin"}, set()),
        (Resolution.KEEP_B, {"na-industrin"}, {"pandemin"}),
        (Resolution.BOTH, {"na-industrin", "pandemin"}, set()),
        (Resolution.NEITHER, {"na-industrin"}, {"pandemin"}),
    ],
)
def test_disagreements_resolution_writes_consensus_codings(
    imported: Project, resolution: Resolution, accepted: set[str], rejected: set[str]
) -> None:
    code_fixture(imported)
    originals = coding_store.list_codings(imported.conn)
    item = disagreements(imported, SENTENCES).items[1]
    resolved = resolve(imported, item, resolution)
    assert resolved.resolved
    assert resolved.consensus == accepted
    span = (item.unit.start, item.unit.end)
    assert _consensus(imported) == {(code, *span, "accepted") for code in accepted} | {
        (code, *span, "rejected") for code in rejected
    }
    # The coders' own codings are as they were; the review read again agrees.
    assert [
        c for c in coding_store.list_codings(imported.conn) if c.coder != "consensus"
    ] == originals
    again = disagreements(imported, SENTENCES)
    assert again.items[1].resolved
    assert again.resolved == 1


def test_disagreements_resolving_again_replaces_the_decision(imported: Project) -> None:
    code_fixture(imported)
    item = disagreements(imported, SENTENCES).items[2]
    resolve(imported, item, Resolution.KEEP_A)
    resolve(imported, item, Resolution.KEEP_B)
    assert _consensus(imported) == {("digitala-moten", item.unit.start, item.unit.end, "rejected")}


def test_disagreements_undo_takes_a_resolution_back(imported: Project) -> None:
    code_fixture(imported)
    item = disagreements(imported, SENTENCES).items[1]
    resolve(imported, item, Resolution.BOTH)
    assert undo(imported)
    assert _consensus(imported) == set()
    assert not disagreements(imported, SENTENCES).items[1].resolved


def test_disagreements_adopt_agreements_then_summary_on_the_consensus(imported: Project) -> None:
    code_fixture(imported)
    assert adopt_agreements(imported, SENTENCES) == 3
    assert adopt_agreements(imported, SENTENCES) == 0  # nothing twice
    for item in disagreements(imported, SENTENCES).items:
        resolve(imported, item, Resolution.KEEP_A)
    counted = tally(imported, Scope(coder="consensus"))
    assert counted.resolved.where.coder_id is not None
    # Every unit anna coded is now the consensus: 2 + 2 + 2 sentences.
    assert {
        (c.code, c.status.value)
        for c in coding_store.list_codings(imported.conn)
        if c.coder == "consensus"
    } == {
        ("pandemin", "accepted"),
        ("na-industrin", "accepted"),
        ("digitala-moten", "accepted"),
    }
    assert len(_consensus(imported)) == 7


def test_disagreements_need_two_coders_and_another_consensus(imported: Project) -> None:
    code_fixture(imported)
    with pytest.raises(AgreementError, match="between two coders"):
        disagreements(imported, Request(("anna", "bo", "cecilia")))
    with pytest.raises(AgreementError, match="is one of the coders compared"):
        disagreements(imported, SENTENCES, consensus="bo")


def test_disagreements_cli_lists_and_adopts(run: RunCli, codebook_file: Path, corpus: Path) -> None:
    run("init", "--codebook", str(codebook_file))
    run("import", str(corpus))
    with Project.open(run.project_path, coder="anna") as project:
        code_fixture(project)
    result = run(
        "disagreements", "--coders", "anna", "bo", "--unit", "sentence", "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 4
    assert rows[1]["anna"] == ["na-industrin", "pandemin"]
    assert rows[1]["consensus"] == "(open)"
    assert "4 disagreements between anna and bo" in result.stderr
    adopted = run("consensus", "--coders", "anna", "bo", "--unit", "sentence")
    assert adopted.exit_code == 0
    assert "3 agreed codings added as 'consensus'" in adopted.stderr
    table = run("disagreements", "--coders", "anna", "bo", "--open")
    assert table.exit_code == 0
