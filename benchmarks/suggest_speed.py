"""Measure training and prediction speed of the learned suggestion model on 100,000 units.

Generates units with the vocabulary of `generate.py` (Swedish and English, about 70/30): 300
sources of interviews whose units are sentences (5–30 words) or, one in ten, turns of two to four
sentences with their sentences as windows; interviewer and informant roles alternate. Twenty
codes of the generated codebook are applied to informant units (Zipf-like frequencies, a few
thousand codings in all). A coded unit gets one of its code's keywords in four cases out of five
and two of the code's ten topic words (drawn from the ordinary vocabulary); keywords and topic
words also occur in uncoded text, so the model has real work to do. A few hundred
suggestions are rejected (hard negatives). Then it times, on this 2-core machine:

- `coder.nlp.lemmas` over all units (loading the lookup tables, then the first pass);
- `coder.suggest.model.train` on all units (feature fitting, the per-code fits of the 5-fold
  cross-validation that give the thresholds and the model, everything `train` does), best of
  `--repeat` runs, and the first run alone, which also imports scikit-learn;
- `SuggestionModel.predict` for the units of one source (about 330), median over sources.

With --write-readme it replaces the marked suggest-speed section of benchmarks/README.md.

    python benchmarks/suggest_speed.py [--units 100000] [--codes 20] [--repeat 3] [--write-readme]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass

import generate
import readme
from coder.nlp.lemmas import lemmatizer
from coder.suggest.features import Unit
from coder.suggest.model import train

SOURCES = 300
TRAIN_S, PREDICT_MS = 7.0, 50.0
TARGETS = (
    f"Targets: `train` on 100,000 units ≤ {TRAIN_S:g} s (threshold cross-validation included); "
    f"`predict` for one source ≤ {PREDICT_MS:g} ms."
)


@dataclass(slots=True)
class Corpus:
    """Generated units with their codes, rejected codes and languages."""

    texts: list[str]
    languages: list[str]
    roles: list[str]
    groups: list[str]
    windows: list[tuple[tuple[int, int], ...]]
    labels: list[frozenset[str]]
    rejected: list[frozenset[str]]


@dataclass(frozen=True, slots=True)
class Code:
    """A generated code: its id, and per language its keywords and topic words."""

    id: str
    keywords: dict[str, list[str]]
    topic: dict[str, list[str]]


def make_codes(
    rng: random.Random, count: int, languages: dict[str, generate.Language]
) -> list[Code]:
    """The first `count` codes of the generated codebook, each with ten topic words a language."""
    found = []
    for _, theme in generate.THEMES:
        for _, _, sv_words, en_words in theme:
            keywords = {"sv": generate.keywords(sv_words), "en": generate.keywords(en_words)}
            topic = {
                lang: rng.sample(language.vocabulary[200:2000], 10)
                for lang, language in languages.items()
            }
            found.append(Code(f"code-{len(found) + 1:02d}", keywords, topic))
    return found[:count]


def build(units: int, codes: int, seed: int) -> Corpus:
    """The generated corpus: deterministic for the same arguments."""
    rng = random.Random(seed)
    languages = {"sv": generate.swedish(seed), "en": generate.english(seed)}
    words = make_codes(rng, codes, languages)
    weights = [1 / (rank + 1) for rank in range(codes)]
    corpus = Corpus([], [], [], [], [], [], [])
    per_source = units // SOURCES + 1
    while len(corpus.texts) < units:
        source = len(corpus.texts) // per_source
        language = "sv" if (source * 7919) % 10 < 7 else "en"
        role = "interviewer" if len(corpus.texts) % 3 == 0 else "informant"
        sentences = [sentence(rng, languages[language]) for _ in range(_sentence_count(rng))]
        labels: frozenset[str] = frozenset()
        if role == "informant" and rng.random() < 0.06:
            code = rng.choices(words, weights=weights)[0]
            labels = frozenset({code.id})
            added = rng.sample(code.topic[language], 2)
            if rng.random() < 0.8:
                added.append(rng.choice(code.keywords[language]))
            target = rng.randrange(len(sentences))
            sentences[target] = f"{sentences[target][:-1]} {' '.join(added)}."
        text, spans = _join(sentences)
        corpus.texts.append(text)
        corpus.languages.append(language)
        corpus.roles.append(role)
        corpus.groups.append(f"source-{source:03d}")
        corpus.windows.append(spans if len(spans) > 1 else ())
        corpus.labels.append(labels)
        wrong = not labels and role == "informant" and rng.random() < 0.01
        corpus.rejected.append(frozenset({rng.choices(words, weights=weights)[0].id}) if wrong
                               else frozenset())  # fmt: skip
    return corpus


def sentence(rng: random.Random, language: generate.Language) -> str:
    """One sentence of 5–30 words, as the transcript generator writes them."""
    length = max(5, min(5 + int(rng.expovariate(0.11)), 30))
    text = generate.phrase(rng, language, length)
    return text[0].upper() + text[1:] + "."


def _sentence_count(rng: random.Random) -> int:
    return 1 if rng.random() < 0.9 else rng.randint(2, 4)


def _join(sentences: list[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    spans, start = [], 0
    for text in sentences:
        spans.append((start, start + len(text)))
        start += len(text) + 1
    return " ".join(sentences), tuple(spans)


def measure(corpus: Corpus, repeat: int) -> dict[str, float]:
    """Seconds for lemmas and training (best of `repeat`), milliseconds per source predicted."""
    start = time.perf_counter()
    lemmas = {code: lemmatizer(code) for code in ("sv", "en")}
    tables = time.perf_counter() - start
    lemma_times = []
    for _ in range(repeat):
        start = time.perf_counter()
        pairs = zip(corpus.languages, corpus.texts, strict=True)
        all_lemmas = [lemmas[lang](text) for lang, text in pairs]
        lemma_times.append(time.perf_counter() - start)
    units = [
        Unit(text, found, role=role, kind="interview", group=group, windows=windows)
        for text, found, role, group, windows in zip(corpus.texts, all_lemmas, corpus.roles,
                                                      corpus.groups, corpus.windows, strict=True)
    ]  # fmt: skip
    train_times = []
    for _ in range(repeat):
        start = time.perf_counter()
        model = train(units, corpus.labels, corpus.rejected)
        train_times.append(time.perf_counter() - start)
    by_source: dict[str, list[Unit]] = {}
    for unit in units:
        by_source.setdefault(unit.group, []).append(unit)
    predict_times = []
    for group in list(by_source)[:: max(1, len(by_source) // 20)]:
        start = time.perf_counter()
        model.predict(by_source[group])
        predict_times.append((time.perf_counter() - start) * 1000)
    trained = [r for r in model.reports.values() if r.trained]
    f1 = statistics.mean(r.f1 or 0.0 for r in trained) if trained else 0.0
    return {
        "tables": tables,
        "lemmas": lemma_times[0],
        "train": min(train_times),
        "first train": train_times[0],
        "predict": statistics.median(predict_times),
        "source units": statistics.median(len(v) for v in by_source.values()),
        "codes": len(trained),
        "f1": f1,
    }


def table(corpus: Corpus, result: dict[str, float]) -> str:
    """A Markdown table of the three timings against the targets."""
    words = sum(text.count(" ") + 1 for text in corpus.texts)
    codings = sum(len(found) for found in corpus.labels)
    rejected = sum(len(found) for found in corpus.rejected)
    train_mark = "✓" if result["train"] <= TRAIN_S else "✗"
    predict_mark = "✓" if result["predict"] <= PREDICT_MS else "✗"
    return "\n".join([
        f"{len(corpus.texts):,} units ({words:,} words, {SOURCES} sources), "
        f"{codings:,} codings of {result['codes']:.0f} codes, {rejected} rejected suggestions; "
        f"mean cross-validated F1 of the codes {result['f1']:.2f}.",
        "",
        "| step | units | time |",
        "|---|--:|--:|",
        f"| load the sv and en lemma tables (once per process) | | {result['tables']:.2f} s |",
        f"| lemmas (`coder.nlp.lemmas`, first pass) | {len(corpus.texts):,} "
        f"| {result['lemmas']:.2f} s |",
        f"| `train` (features, 5-fold cross-validation, thresholds) | {len(corpus.texts):,} "
        f"| {result['train']:.2f} s {train_mark} |",
        f"| `train`, first call in the process (imports scikit-learn) | {len(corpus.texts):,} "
        f"| {result['first train']:.2f} s |",
        f"| `predict` one source (median) | {result['source units']:.0f} "
        f"| {result['predict']:.1f} ms {predict_mark} |",
    ])  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the units, time lemmas, training and prediction, print and optionally publish."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--units", type=int, default=100_000, help="units to train on")
    parser.add_argument("--codes", type=int, default=20, help="codes applied")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same units")
    parser.add_argument("--write-readme", action="store_true", help="update benchmarks/README.md")
    args = parser.parse_args(argv)
    corpus = build(args.units, args.codes, args.seed)
    result = measure(corpus, args.repeat)
    readme.publish("suggest-speed", table(corpus, result), TARGETS, write=args.write_readme)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
