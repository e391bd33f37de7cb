"""How the rule hits of a new source become its suggestions (made in import's workers)."""

from __future__ import annotations

from coder.domain.source import Sentence, Turn
from coder.domain.suggestion import RuleHit, RuleSuggestion, rule_suggestions

# Turn 0: the interviewer; turn 1: two sentences; turn 2: three sentences.
TURNS = [
    Turn(0, 20, "I", is_interviewer=True),
    Turn(25, 60, "Bo"),
    Turn(65, 120, "Bo"),
]
SENTENCES = [
    [Sentence(0, 20)],
    [Sentence(25, 40), Sentence(41, 60)],
    [Sentence(65, 80), Sentence(81, 100), Sentence(101, 120)],
]


def test_a_rule_suggestion_covers_the_sentences_of_its_hits_numbered_in_the_source() -> None:
    hits = [
        RuleHit(2, "pandemic", ("keyword 'pandemi'", "keyword 'covid'"), 82, 105),
        RuleHit(1, "funding", ("keyword 'budget'",), 45, 51),
    ]
    assert rule_suggestions(hits, TURNS, SENTENCES) == [
        RuleSuggestion("pandemic", 81, 120, 4, 5, "keyword 'pandemi', keyword 'covid'", 2),
        RuleSuggestion("funding", 41, 60, 2, 2, "keyword 'budget'", 1),
    ]


def test_rule_hits_in_interviewer_turns_or_turns_without_sentences_suggest_nothing() -> None:
    turns = [*TURNS, Turn(125, 126, "Bo")]
    hits = [RuleHit(0, "funding", ("keyword 'budget'",), 3, 9), RuleHit(3, "x", ("k",), 125, 126)]
    assert rule_suggestions(hits, turns, [*SENTENCES, []]) == []


def test_a_rule_suggestion_names_at_most_four_hits_and_counts_them_all() -> None:
    reasons = tuple(f"keyword 'w{i}'" for i in range(6))
    (found,) = rule_suggestions([RuleHit(1, "c", reasons, 25, 60)], TURNS, SENTENCES)
    assert found.reason == ", ".join(reasons[:4])
    assert found.hits == 6
    assert (found.first_sentence, found.last_sentence) == (1, 2)
