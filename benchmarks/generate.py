"""A deterministic generator of a large, realistic corpus of interview transcripts for benchmarks.

Writes N Swedish and English transcripts in the speaker-turn shapes researchers bring (plain
`Name: text` lines, `[00:12:34] Name: text` lines, and a `Name  00:13` line above each turn), an
`attributes.csv` with one row per source, and a 30-code `codebook.yaml`. The same arguments give
byte-identical output; only the standard library is used, so nothing is downloaded.

    python benchmarks/generate.py OUT_DIR --transcripts 1000 [--words 5000] [--seed 1]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import random
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from corpus_data import (
    COLORS,
    EN_ABBREVIATIONS,
    EN_CONTENT,
    EN_DOMAIN,
    EN_FIRST,
    EN_FUNCTION,
    EN_HEADS,
    EN_LAST,
    EN_MARKERS,
    EN_MODIFIERS,
    EN_MULTIWORD,
    EN_NUMBERS,
    EN_OPENERS,
    EN_SHORT,
    ORGANISATION_TYPES,
    REGIONS,
    ROLES,
    SV_ABBREVIATIONS,
    SV_CONTENT,
    SV_DOMAIN,
    SV_FIRST,
    SV_FUNCTION,
    SV_HEADS,
    SV_LAST,
    SV_MARKERS,
    SV_MULTIWORD,
    SV_NUMBERS,
    SV_OPENERS,
    SV_SHORT,
    SV_STEMS,
    THEMES,
)


def keywords(text: str) -> list[str]:
    """The keywords of a comma-separated keyword string."""
    return [word.strip() for word in text.split(",")]


@dataclass(frozen=True, slots=True)
class Language:
    """Everything the generator needs to write transcripts in one language."""

    code: str
    vocabulary: tuple[str, ...]
    cum_weights: tuple[float, ...]
    abbreviations: tuple[str, ...]
    numbers: tuple[str, ...]
    markers: tuple[str, ...]
    openers: tuple[str, ...]
    short_turns: tuple[str, ...]
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    interviewer: str


def build_vocabulary(
    rng: random.Random, function: str, content: str, domain: Sequence[str], compounds: list[str]
) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Words with cumulative weights: function words ~47%, domain terms ~8%, Zipf tails."""
    function_words = list(dict.fromkeys(function.split()))
    content_words = list(dict.fromkeys(content.split()))
    rng.shuffle(content_words)
    rng.shuffle(compounds)
    tail = [word for word in content_words if word not in function_words]
    weighted = [
        *share([1 / (rank + 2) for rank in range(len(function_words))], 0.47),
        *share([1.0] * len(dict.fromkeys(domain)), 0.08),
        *share([1 / (rank + 10) for rank in range(len(tail))], 0.40),
        *share([1 / (rank + 10) for rank in range(len(compounds))], 0.05),
    ]
    words = (*function_words, *dict.fromkeys(domain), *tail, *compounds)
    return words, tuple(itertools.accumulate(weighted))


def share(weights: list[float], total: float) -> list[float]:
    """The weights scaled so that together they make up `total` of all words."""
    scale = total / sum(weights)
    return [weight * scale for weight in weights]


def code_keywords(index: int) -> list[str]:
    """The codebook keywords in one language (0 Swedish, 1 English), so the text contains them."""
    return [w for _, codes in THEMES for code in codes for w in keywords(code[2 + index])]


def swedish(seed: int) -> Language:
    """The Swedish vocabulary, names and phrases."""
    rng = random.Random(f"{seed}:vocabulary:sv")
    compounds = [
        stem + head
        for stem in SV_STEMS.split()
        for head in SV_HEADS.split()
        if not head.startswith(stem[:4])
    ]
    domain = [*SV_DOMAIN.split(), *SV_MULTIWORD, *code_keywords(0)]
    words, weights = build_vocabulary(rng, SV_FUNCTION, SV_CONTENT, domain, compounds)
    return Language(
        "sv", words, weights, SV_ABBREVIATIONS, SV_NUMBERS, SV_MARKERS, SV_OPENERS, SV_SHORT,
        tuple(SV_FIRST.split()), tuple(SV_LAST.split()), "Intervjuare",
    )  # fmt: skip


def english(seed: int) -> Language:
    """The English vocabulary, names and phrases."""
    rng = random.Random(f"{seed}:vocabulary:en")
    phrases = [
        f"{modifier} {head}"
        for modifier in EN_MODIFIERS.split()
        for head in EN_HEADS.split()
        if modifier != head
    ]
    domain = [*EN_DOMAIN.split(), *EN_MULTIWORD, *code_keywords(1)]
    words, weights = build_vocabulary(rng, EN_FUNCTION, EN_CONTENT, domain, phrases)
    return Language(
        "en", words, weights, EN_ABBREVIATIONS, EN_NUMBERS, EN_MARKERS, EN_OPENERS, EN_SHORT,
        tuple(EN_FIRST.split()), tuple(EN_LAST.split()), "Interviewer",
    )  # fmt: skip


# --- Transcripts ------------------------------------------------------------------------------

SHAPES = ("colon", "bracket", "block")


@dataclass(frozen=True, slots=True)
class Source:
    """One transcript to write: who speaks, how turns are laid out, and its attributes."""

    name: str
    language: Language
    region: str
    role: int
    organisation_type: str
    year: int
    speakers: tuple[str, ...]
    """The interviewer first, then one to three respondents."""
    shape: str
    header: bool
    blank_lines: bool


def plan_source(
    rng: random.Random, number: int, width: int, languages: Sequence[Language]
) -> Source:
    """Choose the language, speakers, layout and attributes of source `number`."""
    language = languages[0] if rng.random() < 0.7 else languages[1]
    stem = "intervju" if language.code == "sv" else "interview"
    shape = rng.choice(SHAPES)
    respondents = rng.choices((1, 2, 3), weights=(6, 3, 1))[0]
    first = rng.sample(language.first_names, respondents + 1)
    last = rng.sample(language.last_names, respondents + 1)
    full = [f"{a} {b}" for a, b in zip(first, last, strict=True)]
    if shape == "colon":
        names = first[1:] if rng.random() < 0.5 else full[1:]
        speakers = (language.interviewer, *names)
    else:
        interviewer = language.interviewer if rng.random() < 0.5 else full[0]
        speakers = (interviewer, *full[1:])
    return Source(
        name=f"{stem}-{number:0{width}d}",
        language=language,
        region=rng.choice(REGIONS),
        role=rng.randrange(len(ROLES)),
        organisation_type=rng.choice(ORGANISATION_TYPES),
        year=rng.randint(2019, 2024),
        speakers=speakers,
        shape=shape,
        header=rng.random() < 0.4,
        blank_lines=rng.random() < 0.5,
    )


def phrase(rng: random.Random, language: Language, length: int) -> str:
    """`length` vocabulary words, perhaps with an abbreviation or a number; no capital or stop."""
    words = rng.choices(language.vocabulary, cum_weights=language.cum_weights, k=length)
    draw = rng.random()
    if draw < 0.10:
        words.insert(rng.randrange(1, length), rng.choice(language.abbreviations))
    elif draw < 0.16:
        words.insert(rng.randrange(1, length), rng.choice(language.numbers))
    if length > 8 and rng.random() < 0.5:
        words[rng.randrange(2, length - 2)] += ","
    return " ".join(words)


def turn_text(rng: random.Random, language: Language, length: int, question: bool) -> str:
    """About `length` words of sentences of 5-30 words; a question ends with one."""
    if length < 5:
        return rng.choice(language.short_turns)
    parts: list[str] = []
    count = 0
    while count < length:
        words = max(5, min(5 + int(rng.expovariate(0.11)), 30, length - count))
        text = phrase(rng, language, words)
        parts.append(text[0].upper() + text[1:] + ".")
        count += parts[-1].count(" ") + 1
        if not question and rng.random() < 0.03:
            parts.append(rng.choice(language.markers))
    if question:
        parts[-1] = f"{rng.choice(language.openers)} {text}?"
    return " ".join(parts)


def turn_length(rng: random.Random, interviewer: bool) -> int:
    """Words in a turn: short questions, answers of very varying length (3-250 words)."""
    if rng.random() < 0.1:
        return rng.randint(3, 4)
    if interviewer:
        return rng.randint(5, 40) if rng.random() < 0.9 else rng.randint(40, 120)
    return max(3, min(250, int(rng.lognormvariate(4.2, 0.8))))


def turns(rng: random.Random, source: Source) -> Iterator[tuple[str, str, float]]:
    """(speaker, text, seconds from start) of turns without end, the interviewer opening."""
    seconds, speaker = rng.uniform(0, 20), 0
    length = rng.randint(20, 80)
    while True:
        interviewer = speaker == 0
        text = turn_text(rng, source.language, length, question=interviewer and length >= 5)
        yield source.speakers[speaker], text, seconds
        seconds += (text.count(" ") + 1) / rng.uniform(2.0, 3.0) + rng.uniform(0.3, 4.0)
        if interviewer or len(source.speakers) == 2 or rng.random() < 0.7:
            speaker = rng.randrange(1, len(source.speakers)) if interviewer else 0
        else:
            speaker = rng.choice([i for i in range(1, len(source.speakers)) if i != speaker])
        length = turn_length(rng, interviewer=speaker == 0)


def clock(seconds: float, hours: bool) -> str:
    """A timestamp as transcription tools write it: HH:MM:SS, or MM:SS under the hour."""
    whole = int(seconds)
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    return f"{h:02d}:{m:02d}:{s:02d}" if hours or h else f"{m:02d}:{s:02d}"


def header(rng: random.Random, source: Source) -> list[str]:
    """The block some transcribers put above the interview: title, date, place, participants."""
    sv = source.language.code == "sv"
    role = ROLES[source.role][0 if sv else 1]
    date = f"{source.year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    people = ", ".join(source.speakers[1:])
    interviewer = source.speakers[0]
    named = interviewer != source.language.interviewer
    if sv:
        return [
            f"Intervju med {role}, Region {source.region}",
            f"Datum: {date}",
            f"Plats: {rng.choice(('Teams', 'Zoom', 'på plats'))}",
            f"Deltagare: {people}" + (f"; intervjuare {interviewer}" if named else ""),
        ]
    return [
        f"Interview with a {role}, Region {source.region}",
        f"Date: {date}",
        f"Location: {rng.choice(('Teams', 'Zoom', 'on site'))}",
        f"Participants: {people}" + (f"; interviewer {interviewer}" if named else ""),
    ]


def render(rng: random.Random, source: Source, words: int) -> str:
    """The transcript in the source's speaker-turn shape, ending once it has `words` words."""
    lines = [*header(rng, source), ""] if source.header else []
    count = sum(line.count(" ") + 1 for line in lines if line)
    hours = rng.random() < 0.5
    for speaker, text, seconds in turns(rng, source):
        if source.shape == "colon":
            turn = [f"{speaker}: {text}"]
        elif source.shape == "bracket":
            turn = [f"[{clock(seconds, hours=True)}] {speaker}: {text}"]
        else:
            turn = [f"{speaker}  {clock(seconds, hours=hours)}", text]
        lines += turn
        count += sum(len(line.split()) for line in turn)
        if count >= words:
            break
        if source.blank_lines or source.shape == "block":
            lines.append("")
    return "\n".join(lines) + "\n"


# --- Output files -----------------------------------------------------------------------------


def codebook_yaml() -> str:
    """The benchmark codebook in the project's YAML format (written by hand: stdlib only)."""

    def quoted(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML scalar

    lines = ["name: Benchmark codebook", "language: sv", "description: Generated for benchmarks."]
    lines.append("codes:")
    number = 0
    for theme, (theme_name, codes) in enumerate(THEMES, start=1):
        lines += [f"  - id: theme-{theme}", f"    name: {quoted(theme_name)}", "    codable: false"]
        lines.append("    children:")
        for name, description, sv_words, en_words in codes:
            number += 1
            lines += [f"      - id: code-{number:02d}", f"        name: {quoted(name)}"]
            if number <= 10:
                lines.append(f'        key: "{number % 10}"')
            both = dict.fromkeys([*keywords(sv_words), *keywords(en_words)])
            words = ", ".join(quoted(word) for word in both)
            lines += [
                f'        color: "{COLORS[(number - 1) % len(COLORS)]}"',
                f"        description: {quoted(description)}",
                f"        keywords: [{words}]",
            ]
    return "\n".join(lines) + "\n"


def write_attributes(path: Path, sources: Sequence[Source]) -> None:
    """`attributes.csv`: one row per source with region, role, organisation type and year."""
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["source", "region", "role", "organisation_type", "year"])
        for s in sources:
            writer.writerow([s.name, s.region, ROLES[s.role][0], s.organisation_type, s.year])


def generate(out_dir: Path, transcripts: int, words: int, seed: int) -> list[Source]:
    """Write the corpus into `out_dir`; each source has its own random stream, derived from seed."""
    languages = (swedish(seed), english(seed))
    width = max(4, len(str(transcripts)))
    sources = []
    for number in range(1, transcripts + 1):
        rng = random.Random(f"{seed}:source:{number}")
        source = plan_source(rng, number, width, languages)
        text = render(rng, source, words)
        (out_dir / f"{source.name}.txt").write_text(text, encoding="utf-8", newline="\n")
        sources.append(source)
    write_attributes(out_dir / "attributes.csv", sources)
    (out_dir / "codebook.yaml").write_text(codebook_yaml(), encoding="utf-8", newline="\n")
    return sources


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line: OUT_DIR --transcripts N [--words W] [--seed S]."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="an empty or new folder")
    parser.add_argument("--transcripts", type=int, required=True, help="how many transcripts")
    parser.add_argument("--words", type=int, default=5000, help="words per transcript (about)")
    parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same bytes")
    args = parser.parse_args(argv)
    if args.transcripts < 1 or args.words < 1:
        parser.error("--transcripts and --words must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the corpus; refuse a folder with files in it, so corpora never mix."""
    args = parse_args(argv)
    out_dir: Path = args.out_dir
    if out_dir.exists() and any(out_dir.iterdir()):
        print(f"error: {out_dir} is not empty; give a new or empty folder", file=sys.stderr)
        return 1
    out_dir.mkdir(parents=True, exist_ok=True)
    generate(out_dir, args.transcripts, args.words, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
