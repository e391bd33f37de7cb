"""The learned suggestion model: training, thresholds, hard negatives, windows, reasons, CV.

Thresholds, calibration, folds and features are tested here too: they exist for the model.
"""

from __future__ import annotations

import re
from itertools import pairwise

import numpy as np
import pytest

from coder.nlp.lemmas import lemmatizer
from coder.suggest.evaluate import cross_validate
from coder.suggest.features import FeatureSettings, Unit, fit_features
from coder.suggest.model import SuggestionModel, train
from coder.suggest.validation import calibrate, choose_threshold, folds

PANDEMIC_EN = [
    "The pandemic stopped all our meetings with the partners.",
    "During the pandemic we could not meet the companies at all.",
    "Covid and the pandemic meant that every workshop was cancelled.",
    "When the pandemic came the project had to move its meetings online.",
    "The pandemic made it hard to reach the small companies.",
    "Because of the pandemic restrictions the visits were cancelled.",
    "The pandemic delayed the whole project by half a year.",
]
OTHER_EN = [
    "We hired two new engineers for the test lab.",
    "The budget was approved by the board in March.",
    "Our region has a long tradition of steel industry.",
    "I think the steering group worked well together.",
    "The final report was written by the project manager.",
    "We bought a new robot cell for the students.",
    "The students visited the factory and liked it.",
    "Most of the funding came from the regional council.",
    "The website was updated with news about the training.",
    "My role was to coordinate the work packages.",
    "The evaluation showed that the courses were popular.",
    "We published three articles in the trade press.",
    "The network of suppliers grew during the second year.",
    "Energy prices were a big topic among the members.",
    "The lab equipment arrived later than we planned.",
    "A consultant helped us write the application.",
]
SAMVERKAN_SV = [
    "Samverkan med kommunerna fungerade mycket bra.",
    "Vi hade en nära samverkan med regionen och företagen.",
    "Samverkan mellan universitetet och industrin blev starkare.",
    "Utan samverkan med näringslivet hade projektet inte lyckats.",
    "Samverkan i nätverket gav oss nya kontakter.",
    "Samverkan med skolorna tog tid att bygga upp.",
]
OTHER_SV = [
    "Budgeten räckte inte till alla aktiviteter.",
    "Vi anställde en ny projektledare i höstas.",
    "Rapporten skrevs av utvärderaren.",
    "Maskinerna levererades sent till labbet.",
    "Eleverna tyckte att kursen var rolig.",
    "Styrgruppen träffades fyra gånger per år.",
    "Energipriserna var ett stort problem för medlemmarna.",
    "Hemsidan uppdaterades med nyheter om utbildningen.",
    "Vi köpte in en ny robotcell.",
    "Finansieringen kom mest från regionen.",
]


def units_of(texts: list[str], language: str, group: str = "") -> list[Unit]:
    lemmas = lemmatizer(language)
    return [Unit(text, lemmas(text), role="informant", kind="interview", group=group)
            for text in texts]  # fmt: skip


def english_model(rejected_texts: tuple[str, ...] = ()) -> SuggestionModel:
    texts = PANDEMIC_EN + OTHER_EN + list(rejected_texts)
    labels = [frozenset({"pandemic"})] * len(PANDEMIC_EN) + [frozenset()] * (
        len(OTHER_EN) + len(rejected_texts)
    )
    rejected = [frozenset()] * (len(PANDEMIC_EN) + len(OTHER_EN)) + [frozenset({"pandemic"})] * len(
        rejected_texts
    )
    return train(units_of(texts, "en"), labels, rejected, folds=3)


def test_model_learns_a_code_from_a_handful_of_examples() -> None:
    model = english_model()
    report = model.reports["pandemic"]
    assert report.trained
    assert report.positives == len(PANDEMIC_EN)
    assert report.threshold is not None
    similar, unrelated = units_of(
        ["The pandemic cancelled our meetings with the companies.",
         "The board approved the budget for the lab."], "en",
    )  # fmt: skip
    [found, nothing] = model.predict([similar, unrelated])
    assert [p.code for p in found] == ["pandemic"]
    assert found[0].score >= report.threshold
    assert nothing == []
    assert model.scores([unrelated])[0, 0] < report.threshold


def test_model_learns_a_swedish_code() -> None:
    units = units_of(SAMVERKAN_SV + OTHER_SV, "sv")
    labels = [frozenset({"samverkan"})] * len(SAMVERKAN_SV) + [frozenset()] * len(OTHER_SV)
    model = train(units, labels, [frozenset()] * len(units), folds=3)
    [found, nothing] = model.predict(
        units_of(["Samverkansprojektet med kommunerna gick bra.", "Budgeten var för liten."], "sv")
    )
    assert [p.code for p in found] == ["samverkan"]
    assert nothing == []


def test_model_code_with_too_few_examples_is_not_trained_and_says_why() -> None:
    texts = PANDEMIC_EN + OTHER_EN
    labels = [frozenset({"pandemic"})] * len(PANDEMIC_EN) + [frozenset()] * len(OTHER_EN)
    labels[len(PANDEMIC_EN)] = frozenset({"funding"})
    labels[len(PANDEMIC_EN) + 7] = frozenset({"funding"})
    labels[len(PANDEMIC_EN) + 15] = frozenset({"funding"})
    model = train(units_of(texts, "en"), labels, [frozenset()] * len(texts), folds=3)
    report = model.reports["funding"]
    assert not report.trained
    assert report.positives == 3
    assert report.note == "3 accepted codings; needs 5"
    assert report.threshold is report.precision is report.recall is report.f1 is None
    assert "funding" not in model.codes
    predictions = model.predict(units_of(["Most of the funding came from the council."], "en"))
    assert all(p.code != "funding" for p in predictions[0])


def test_model_hard_negatives_lower_the_score_of_their_text() -> None:
    tricky = (
        "The pandemic was a good excuse to clean the lab.",
        "We talked about the pandemic over lunch, nothing more.",
    )
    probe = units_of(["The pandemic was a good excuse to clean the lab."], "en")
    plain = english_model()
    plain_score = plain.scores(probe)[0, plain.codes.index("pandemic")]
    hard = english_model(rejected_texts=tricky)
    hard_score = hard.scores(probe)[0, hard.codes.index("pandemic")]
    assert hard.reports["pandemic"].hard_negatives == 2
    assert hard_score < plain_score


def test_model_predicts_the_best_window_of_a_long_unit() -> None:
    model = english_model()
    sentences = [
        "My role was to coordinate the work packages.",
        "The pandemic stopped our meetings with the companies.",
        "The students visited the factory.",
    ]
    text = " ".join(sentences)
    windows, start = [], 0
    for sentence in sentences:
        begin = text.index(sentence, start)
        windows.append((begin, begin + len(sentence)))
        start = begin + len(sentence)
    [unit] = units_of([text], "en")
    [[prediction]] = model.predict([Unit(unit.text, unit.lemmas, windows=tuple(windows))])
    assert prediction.code == "pandemic"
    assert (prediction.start, prediction.end) == windows[1]
    assert text[prediction.start : prediction.end] == sentences[1]


def test_model_unit_without_windows_is_suggested_as_a_whole() -> None:
    [[prediction]] = english_model().predict(units_of(["The pandemic stopped the meetings."], "en"))
    assert (prediction.start, prediction.end) == (0, len("The pandemic stopped the meetings."))


def test_model_terms_are_readable_lemma_words() -> None:
    model = english_model()
    [unit] = units_of(["During the pandemic the meetings were cancelled."], "en")
    [[prediction]] = model.predict([unit])
    assert prediction.terms
    assert prediction.terms[0] == "pandemic"
    vocabulary = set(unit.lemmas) | {f"{a} {b}" for a, b in pairwise(unit.lemmas)}
    for term in prediction.terms:
        assert re.fullmatch(r"\w+( \w+)?", term)
        assert term in vocabulary


def test_model_min_score_overrides_the_thresholds() -> None:
    model = english_model()
    [unrelated] = units_of(["The board approved the budget."], "en")
    assert model.predict([unrelated]) == [[]]
    [everything] = model.predict([unrelated], min_score=0.0)
    assert [p.code for p in everything] == ["pandemic"]


def test_model_version_is_unique_and_named() -> None:
    first, second = english_model(), english_model()
    assert re.fullmatch(r"m-\d{8}T\d{6}Z-[0-9a-f]{8}", first.version)
    assert first.version != second.version


def test_model_refuses_mismatched_inputs() -> None:
    with pytest.raises(ValueError, match="one entry per unit"):
        train(units_of(["a text"], "en"), [], [])


def test_cross_validate_never_puts_a_source_on_both_sides() -> None:
    texts = PANDEMIC_EN + SAMVERKAN_SV + OTHER_EN + OTHER_SV
    units = [
        Unit(u.text, u.lemmas, group=f"source-{number % 6}")
        for number, u in enumerate(units_of(texts, "en"))
    ]
    labels = (
        [frozenset({"pandemic"})] * len(PANDEMIC_EN)
        + [frozenset({"samverkan"})] * len(SAMVERKAN_SV)
        + [frozenset()] * (len(OTHER_EN) + len(OTHER_SV))
    )
    evaluation = cross_validate(units, labels, folds=3, min_positives=3)
    fold_of_group: dict[str, set[int]] = {}
    for unit, fold in zip(units, evaluation.fold_of, strict=True):
        fold_of_group.setdefault(unit.group, set()).add(fold)
    assert all(len(folds) == 1 for folds in fold_of_group.values())
    assert sorted({f for folds in fold_of_group.values() for f in folds}) == [0, 1, 2]
    assert [c.code for c in evaluation.codes] == ["pandemic", "samverkan"]
    assert evaluation.codes[0].support == len(PANDEMIC_EN)
    assert 0.0 <= evaluation.macro.f1 <= 1.0


def test_cross_validate_counts_codes_never_suggested_as_zero() -> None:
    texts = PANDEMIC_EN + OTHER_EN
    labels = [frozenset({"pandemic"})] * len(PANDEMIC_EN) + [frozenset()] * len(OTHER_EN)
    labels[-1] = frozenset({"consultants"})  # one unit: never trainable
    evaluation = cross_validate(units_of(texts, "en"), labels, folds=3, by_group=False)
    rare = next(c for c in evaluation.codes if c.code == "consultants")
    assert (rare.support, rare.suggested, rare.f1) == (1, 0, 0.0)
    pandemic = next(c for c in evaluation.codes if c.code == "pandemic")
    assert evaluation.macro.f1 == pytest.approx(pandemic.f1 / 2)
    assert evaluation.macro_trainable.f1 == pytest.approx(pandemic.f1)
    assert set(evaluation.fold_of) == {0, 1, 2}


def test_thresholds_recall_rule_takes_the_lowest_threshold_meeting_the_target() -> None:
    scores = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2])
    truth = np.array([1, 1, 0, 1, 0, 1, 0, 0], dtype=bool)
    weights = np.ones(len(scores))
    by_recall = choose_threshold(scores, truth, weights, target_precision=0.6, rule="recall")
    by_f1 = choose_threshold(scores, truth, weights, target_precision=0.6, rule="f1")
    assert by_recall.value == pytest.approx(0.35)  # top six: precision 4/6, recall 1
    assert (by_recall.precision, by_recall.recall) == (pytest.approx(4 / 6), 1.0)
    assert by_f1.reached and by_f1.f1 >= by_recall.f1
    assert by_f1.precision >= 0.6


def test_thresholds_code_far_below_the_target_is_not_suggested() -> None:
    scores = np.linspace(1.0, 0.0, 20)
    truth = np.zeros(20, dtype=bool)
    truth[[5, 15]] = True  # precision never above 1/6
    threshold = choose_threshold(scores, truth, np.ones(20), target_precision=0.6)
    assert not threshold.reached
    assert not threshold.suggested


def test_calibration_recovers_a_logistic_curve() -> None:
    rng = np.random.default_rng(0)
    margins = rng.normal(size=20_000)
    truth = rng.random(20_000) < 1 / (1 + np.exp(-(2 * margins - 1)))
    calibration = calibrate(margins, truth, np.ones(20_000))
    assert calibration.slope == pytest.approx(2.0, abs=0.1)
    assert calibration.offset == pytest.approx(-1.0, abs=0.1)


def test_folds_stratified_spread_a_rare_code_over_the_folds() -> None:
    labels = [frozenset({"rare"})] * 3 + [frozenset({"common"})] * 30 + [frozenset()] * 30
    split = folds([""] * len(labels), labels, 3, seed=1)
    assert len(split) == 3
    for train_rows, test_rows in split:
        assert sorted([*train_rows, *test_rows]) == list(range(len(labels)))
        assert sum(labels[i] == frozenset({"rare"}) for i in test_rows) == 1


def test_features_match_scikit_learn_tfidf() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    units = units_of(PANDEMIC_EN + OTHER_EN, "en")
    features, matrix = fit_features(units, FeatureSettings(char_ngrams=(3, 5)))
    words = TfidfVectorizer(
        analyzer=lambda u: [*u, *map(" ".join, pairwise(u))], sublinear_tf=True, min_df=2
    )
    expected = words.fit_transform([u.lemmas for u in units])
    order = [words.vocabulary_[name] for name in features.words.names]
    assert np.allclose(matrix[:, : len(order)].toarray(), expected[:, order].toarray())
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2)
    expected = chars.fit_transform([" ".join(re.findall(r"\w+", u.text.lower())) for u in units])
    assert features.chars is not None
    grams = sorted(features.chars.gram_columns, key=features.chars.gram_columns.__getitem__)
    order = [chars.vocabulary_[gram] for gram in grams]
    start = features.char_offset
    assert np.allclose(
        matrix[:, start : start + len(order)].toarray(), expected[:, order].toarray()
    )
    assert np.allclose(features.transform(units).toarray(), matrix.toarray())
