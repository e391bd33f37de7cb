"""Suggestions end to end through the services: train, suggest, accept, reject, bulk, undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.domain.coding import Origin, Status
from coder.domain.suggestion import Decision, QueueOrder
from coder.errors import CodingError
from coder.services import review
from coder.services.coding import undo
from coder.services.importing import ImportOptions, import_paths
from coder.services.project import Project
from coder.services.suggesting import SuggestOptions, suggest
from coder.storage import codings as coding_store
from tests.suggestion_project import fill


@pytest.fixture
def learnt(project: Project, tmp_path: Path) -> Project:
    """Three coded interviews (pandemic turns coded, the rest not) and one not coded yet."""
    return fill(project, tmp_path)


def test_suggesting_learns_a_code_from_a_handful_and_proposes_it_in_a_new_source(
    learnt: Project,
) -> None:
    run = suggest(learnt)
    outcome = {o.code.id: o for o in run.outcomes}["pandemin"]
    assert outcome.report is not None and outcome.report.trained
    assert run.model is not None
    queue = review.queue(learnt)
    in_d = [s for s in queue if s.source == "d" and s.code == "pandemin"]
    assert len(in_d) == 1
    (suggestion,) = in_d
    assert suggestion.text.startswith("Pandemin gjorde att vi fick ställa in")
    assert suggestion.origin is Origin.MODEL and suggestion.status is Status.PENDING
    assert suggestion.model == run.model and "pandemi" in suggestion.reason
    assert not [s for s in queue if "Budgeten" in s.text and s.code == "pandemin"]


def test_suggesting_never_proposes_where_the_code_is_applied_or_on_interviewer_turns(
    learnt: Project,
) -> None:
    suggest(learnt)
    accepted = coding_store.list_codings(learnt.conn, statuses=["accepted"])
    for suggestion in review.queue(learnt):
        assert not suggestion.text.startswith("Fråga nummer")
        assert not any(
            c.source == suggestion.source and c.code == suggestion.code
            and c.start < suggestion.end and suggestion.start < c.end
            for c in accepted
        )  # fmt: skip


def test_suggesting_accept_makes_an_accepted_coding_of_the_coder_keeping_provenance(
    learnt: Project,
) -> None:
    suggest(learnt)
    first = review.queue(learnt, sources=["d"])[0]
    assert review.decide(learnt, [first.id], Decision.ACCEPT) == 1
    coding = coding_store.get_coding(learnt.conn, first.id)
    assert coding is not None
    assert (coding.status, coding.coder, coding.origin) == (Status.ACCEPTED, "anna", Origin.MODEL)
    assert coding.score == pytest.approx(first.score) and coding.reason == first.reason
    assert first.id not in {s.id for s in review.queue(learnt)}
    assert review.progress(learnt).accepted == 1


def test_suggesting_a_rejected_suggestion_is_never_proposed_again(learnt: Project) -> None:
    suggest(learnt)
    target = review.queue(learnt, sources=["d"], codes=["pandemin"])[0]
    review.decide(learnt, [target.id], Decision.REJECT)
    suggest(learnt)
    again = review.queue(learnt, sources=["d"], codes=["pandemin"])
    assert not [s for s in again if s.start < target.end and target.start < s.end]
    rejected = coding_store.get_coding(learnt.conn, target.id)
    assert rejected is not None and rejected.status is Status.REJECTED
    assert review.progress(learnt).rejected == 1


def test_suggesting_undo_returns_a_decision_to_the_queue(learnt: Project) -> None:
    suggest(learnt)
    target = review.queue(learnt)[0]
    review.decide(learnt, [target.id], Decision.ACCEPT)
    undo(learnt)
    assert target.id in {s.id for s in review.queue(learnt)}
    coding = coding_store.get_coding(learnt.conn, target.id)
    assert coding is not None and coding.status is Status.PENDING and coding.coder is None


def test_suggesting_bulk_accepts_a_code_above_a_score_in_one_undoable_change(
    learnt: Project,
) -> None:
    suggest(learnt, SuggestOptions(min_score=0.0))
    pending = review.queue(learnt, codes=["pandemin"])
    cut = sorted(s.score for s in pending)[len(pending) // 2]
    above = {s.id for s in pending if s.score >= cut}
    count = review.decide_all(learnt, Decision.ACCEPT, code="pandemin", min_score=cut)
    assert count == len(above)
    accepted = {c.id for c in coding_store.list_codings(learnt.conn, statuses=["accepted"])}
    assert above <= accepted
    undo(learnt)
    accepted = {c.id for c in coding_store.list_codings(learnt.conn, statuses=["accepted"])}
    assert not above & accepted


def test_suggesting_a_new_run_replaces_pending_but_keeps_decisions(learnt: Project) -> None:
    suggest(learnt)
    first = review.queue(learnt)[0]
    review.decide(learnt, [first.id], Decision.ACCEPT)
    suggest(learnt)
    ids = {s.id for s in review.queue(learnt)}
    assert first.id not in ids
    accepted = coding_store.get_coding(learnt.conn, first.id)
    assert accepted is not None and accepted.status is Status.ACCEPTED


def test_suggesting_codes_with_too_few_codings_say_so_and_rules_speak_for_them(
    learnt: Project,
) -> None:
    run = suggest(learnt)
    outcomes = {o.code.id: o for o in run.outcomes}
    report = outcomes["digitala-moten"].report
    assert report is not None and not report.trained and "5" in report.note
    assert outcomes["pandemin"].by_rule == 0  # the model speaks for pandemin now


def test_suggesting_rules_suggest_before_any_model_with_the_keyword_as_reason(
    project: Project, tmp_path: Path
) -> None:
    (tmp_path / "e.txt").write_text(
        "Anna: Hur gick det?\nBo: Covid ställde till det.\nAnna: Något mer?\nBo: Inget.\n",
        encoding="utf-8",
    )
    report = import_paths(project, [tmp_path / "e.txt"], ImportOptions(suggest=True))
    assert report.suggestions == 1
    (suggestion,) = review.queue(project)
    assert (suggestion.code, suggestion.origin, suggestion.reason) == (
        "pandemin",
        Origin.RULE,
        "keyword 'covid'",
    )
    assert suggestion.text == "Covid ställde till det."


@pytest.mark.parametrize("per", ["row", "file"])
def test_suggesting_rules_suggest_in_survey_answers_imported_from_csv(
    project: Project, tmp_path: Path, per: str
) -> None:
    (tmp_path / "svar.csv").write_text(
        "id,text\n1,Allt gick bra.\n2,Pandemin stoppade allt. Sen kom vi igång igen.\n",
        encoding="utf-8",
    )
    options = ImportOptions(suggest=True, text_column="text", id_column="id", per=per)
    report = import_paths(project, [tmp_path / "svar.csv"], options)
    assert report.suggestions == 1
    (suggestion,) = review.queue(project)
    assert (suggestion.code, suggestion.reason) == ("pandemin", "keyword 'pandemi'")
    assert suggestion.source == ("svar:2" if per == "row" else "svar")
    assert suggestion.text == "Pandemin stoppade allt."


def test_suggesting_adjust_moves_a_pending_suggestion_and_undo_moves_it_back(
    learnt: Project,
) -> None:
    suggest(learnt)
    target = review.queue(learnt)[0]
    moved = review.adjust(learnt, target.id, target.start, target.end - 1)
    assert moved.end == target.end - 1
    undo(learnt)
    back = review.queue(learnt)
    assert (target.start, target.end) in {(s.start, s.end) for s in back if s.id == target.id}


def test_suggesting_uncertainty_order_puts_the_closest_calls_first(learnt: Project) -> None:
    suggest(learnt, SuggestOptions(min_score=0.0))
    cut = review.thresholds(learnt)
    queue = review.queue(learnt, order=QueueOrder.UNCERTAINTY)
    distances = [abs(s.score - cut.get(s.code, review.RULE_THRESHOLD)) for s in queue]
    assert distances == sorted(distances)


def test_suggesting_unknown_names_are_one_clear_error(learnt: Project) -> None:
    with pytest.raises(CodingError, match="no source named 'zz'"):
        suggest(learnt, SuggestOptions(sources=("zz",)))
    with pytest.raises(CodingError, match="no codable code with id 'utmaningar'"):
        suggest(learnt, SuggestOptions(codes=("utmaningar",)))
