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

# --- Vocabulary -------------------------------------------------------------------------------
# Function words come first, most frequent first; content and domain words get Zipf-like weights;
# compounds (Swedish) and noun phrases (English) make the vocabulary a few thousand words long.

SV_FUNCTION = """
det att och i som jag är så en vi på inte har man för med den av till om ju men var ett de kan
också där nu bara mycket då när eller alltså liksom väldigt lite mer kanske här hur vad ska
skulle kunde sig sin sina andra alla många efter från under mellan utan vid mot över genom inom
både något någon några ingen inget varje samma olika vissa hela själva ja nej mm eh typ precis
egentligen faktiskt verkligen samtidigt därför eftersom även dessutom sedan sen redan
fortfarande aldrig alltid ofta ibland oss vår vårt våra deras dem hon han ni er mig dig detta
dessa denna vilket vilka vara blir blev bli varit måste vill behöver får fick gör gjorde göra
tycker tror vet ser tänker säger sa menar känns finns fanns kommer kom går gick tar tog ger gav
hade haft
"""
SV_CONTENT = """
arbete arbetet arbeta arbetar jobbade jobbet fråga frågan frågor frågorna delen delar sätt
sättet tid tiden år året åren vecka veckan månader början slutet läget situation situationen
problem problemet möjlighet möjligheter möjligheterna behov behovet behoven resultatet
erfarenhet erfarenheter exempel fallet grunden bilden process processen förändring
förändringar förändringen uppdrag uppdraget ansvar ansvaret roll rollen kontakt kontakter
dialogen samtal samtalen beslut beslutet plan planen planering idé idéer verksamhet
verksamheten organisation organisationen personer personen människor folk kollegor kollegorna
chef chefen chefer medarbetare medarbetarna kunder kunderna partner ägare ägaren styrelsen
grupp gruppen teamet orten staden landsbygden länet kommunerna stort stor stora liten litet små
viktig viktigt viktiga svår svårt svåra lätt lättare enkelt bra bättre bäst dålig sämre ny nytt
nya gamla första tredje sista tydlig tydligt tydligare gemensam gemensamt konkret konkreta
långsiktig långsiktigt kortsiktigt positivt negativt stark starkt svag intressant spännande
lokala regional regionala nationell nationella hög högt låg lågt snabbt långsamt tillsammans
direkt ungefär helt delvis ganska rätt jättebra jättesvårt börja började fortsätta fortsatte
skapa skapade bygga byggde hitta hittade använda använde lära lärde förstå förstod prata
pratade diskutera diskuterade träffas träffades hjälpa hjälpte stödja driva drev leda ledde
påverka påverkade förbättra förbättrade utveckla utvecklade genomföra genomförde planera
planerade mäta mätte följa följde hantera hanterade satsa satsade investera investerade behålla
anställa anställde spridde ändra ändrade anpassade samarbeta samarbetade samla samlade bidra
bidrog lyckas lyckades misslyckades visa visade märka märkte upplever upplevde
"""
SV_DOMAIN = """
industri industrin industrier företag företaget företagen företagens pandemin pandemi region
regionen regioner indikatorer indikator indikatorerna projekt projektet projekten projektledaren
finansieringen samverkansprojekt utvecklingen innovationer omställningen tillverkning
tillverkande tillverkningsindustrin småföretag SMF forskning nätverket klustret testbäddar
effekter resultat målen styrgruppen aktörer aktörerna strukturfonderna ansökan utlysning
workshop workshops seminarier pilot robotisering elpriser
"""
SV_MULTIWORD = ("digitala möten", "Region Västerbotten", "framför allt", "i och för sig")
SV_STEMS = """
region projekt företags utvecklings kompetens innovations industri samverkans digitaliserings
hållbarhets arbets lednings forsknings produktions energi verksamhets kommun närings
finansierings uppföljnings kunskaps export tillväxt omställnings miljö kvalitets program kluster
utbildnings samarbets
"""
SV_HEADS = """
arbete arbetet insatser insatserna frågor frågorna plan planen strategi strategin process
processen processer modell modellen stöd stödet system systemet ledare ledaren nätverk nätverket
perspektiv perspektivet område området områden behov behoven resurser resurserna grupp gruppen
möte mötet möten program programmet projekt projektet miljö miljön samarbete samarbetet
utveckling utvecklingen organisation organisationen kultur kulturen kapacitet förmåga förmågan
arbetsgrupp mål målen
"""
EN_FUNCTION = """
the and to of a I that it in we was is you so they for on with but have this be not at there as
like had it's we're they're um uh just really very about from or what all them our their more
some which when would could can if do did then because also well yeah know mean think kind sort
lot actually quite maybe still already always never often sometimes again into out up over
through between after before other another each every same different both most much many few
those these he she his her us my your been being were are has will should must might get got
make made go went come came take took give gave see saw say said tell told feel felt want wanted
need needed try tried
"""
EN_CONTENT = """
work working worked question questions part parts way ways time times year years week weeks
month months beginning end situation problem problems opportunity opportunities needs result
experience experiences example examples case basis picture process processes change changes
task responsibility role contact contacts conversation conversations decision decisions plan
plans planning idea ideas activity activities organisation organisations people person
colleagues manager managers staff customers partners owner owners board group groups team teams
town city countryside county municipalities big large small important difficult hard easy
easier simple good better best bad worse new old first second third last clear clearer common
shared concrete short-term positive negative strong weak interesting exciting regional national
high low quickly slowly together directly roughly especially completely partly fairly pretty
start started continue continued create created build built find found use used learn learned
understand understood talk talked discuss discussed meet met help helped support supported run
ran lead led affect affected improve improved develop developed implement implemented measure
measured follow followed handle handled invest invested keep recruit recruited hire hired spread
changed adapted cooperate cooperated gather gathered contribute contributed succeed succeeded
failed show showed notice noticed
"""
EN_DOMAIN = """
industry industries company companies firms covid region regions indicator project projects
development innovations competence transition energy electricity prices robotics manufacturing
SMEs universities networks clusters follow-up effects outcomes steering group stakeholders actors
structural funds application call workshop workshops seminars pilot
"""
EN_MULTIWORD = ("digital meetings", "project manager", "in other words", "to be honest")
EN_MODIFIERS = """
regional project company development innovation industry collaboration digital sustainability
research production energy business skills funding follow-up knowledge export growth transition
environmental quality programme cluster training network management public
"""
EN_HEADS = """
work efforts issues plan strategy process processes model support system leader network
perspective area areas needs resources group meeting meetings programme environment partnership
development organisation culture capacity capability goals activities
"""
SV_ABBREVIATIONS = ("t.ex.", "bl.a.", "s.k.", "dvs.", "osv.", "ca", "m.fl.")
EN_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "approx.", "vs.")
SV_NUMBERS = ("2019", "2020", "2021", "2022", "30 procent", "tio företag", "300 000 kronor", "5 %")
EN_NUMBERS = ("2019", "2020", "2021", "2022", "30 percent", "ten companies", "£40,000", "5 %")
SV_MARKERS = ("(skratt)", "[ohörbart]", "[paus]", "[avbrott]")
EN_MARKERS = ("(laughs)", "[inaudible]", "[pause]", "[crosstalk]")
SV_OPENERS = ("Hur", "Vad", "Varför", "Kan du berätta om", "På vilket sätt", "Vilka", "Och")
EN_OPENERS = ("How", "What", "Why", "Could you tell me about", "In what way", "Which", "And")
SV_SHORT = (
    "Ja, precis så.",
    "Mm, okej, jag förstår.",
    "Ja, absolut, det stämmer.",
    "Nej, inte riktigt.",
)
EN_SHORT = (
    "Yes, exactly that.",
    "Mm, okay, I see.",
    "Yes, absolutely, that's right.",
    "No, not really.",
)

# --- People, places and attributes -----------------------------------------------------------

SV_FIRST = """Anna Erik Maria Lars Karin Anders Sara Johan Eva Per Emma Mikael Lena Jonas Elin
Fredrik Ingrid Magnus Sofia Henrik Kerstin Oskar Linnea Mats Helena Nils Maja Stefan Ida Björn"""
SV_LAST = """Berg Lindqvist Johansson Andersson Nilsson Karlsson Eriksson Larsson Olsson Persson
Svensson Gustafsson Pettersson Jonsson Lind Holm Bergström Sandberg Forsberg Lundgren Ek Nyström
Åberg Öberg Sjöberg Wallin Hedlund Björk Engström Dahl"""
EN_FIRST = """James Sarah David Emily Michael Laura Daniel Rachel Thomas Hannah Peter Claire Mark
Julia Paul Sophie Richard Alice Andrew Helen"""
EN_LAST = """Smith Jones Taylor Brown Wilson Evans Thomas Roberts Walker Wright Green Hall Wood
Clarke Hughes Edwards Turner Hill Moore Baker"""
REGIONS = (
    "Stockholm", "Uppsala", "Södermanland", "Östergötland", "Jönköping", "Kronoberg", "Kalmar",
    "Gotland", "Blekinge", "Skåne", "Halland", "Västra Götaland", "Värmland", "Örebro",
    "Västmanland", "Dalarna", "Gävleborg", "Västernorrland", "Jämtland Härjedalen", "Västerbotten",
    "Norrbotten",
)  # fmt: skip
ROLES = (
    ("projektledare", "project manager"), ("verksamhetschef", "head of operations"),
    ("utvecklingsstrateg", "development strategist"), ("företagsledare", "managing director"),
    ("forskare", "researcher"), ("handläggare", "case officer"),
    ("näringslivsutvecklare", "business developer"),
)  # fmt: skip
ORGANISATION_TYPES = (
    "företag", "kommun", "region", "lärosäte", "myndighet", "intresseorganisation",
    "forskningsinstitut",
)  # fmt: skip
COLORS = (
    "#e74c3c", "#3498db", "#2ecc71", "#f39c12", "#9b59b6", "#1abc9c", "#e67e22", "#34495e",
)  # fmt: skip

# --- Codebook: 4 themes of 8, 8, 7 and 7 codes (name, description, Swedish and English keywords)

Code = tuple[str, str, str, str]
THEMES: tuple[tuple[str, tuple[Code, ...]], ...] = (
    ("Utmaningar", (
        ("Finansiering", "Problems with funding, co-financing and budgets.",
         "finansiering, medfinansiering, budget, pengar", "funding, co-financing, grants"),
        ("Kompetensförsörjning", "Difficulty recruiting or keeping staff with the right skills.",
         "kompetensförsörjning, rekrytering, kompetens, personal", "skills, recruitment, staff"),
        ("Pandemins påverkan", "Effects of the COVID-19 pandemic on the work.",
         "pandemin, covid, restriktioner, smittspridning", "pandemic, lockdown, restrictions"),
        ("Digitala möten", "Meetings that moved online, and what that meant.",
         "digitala möten, Teams, Zoom, distans", "online, video meetings, remote"),
        ("Tidsbrist", "Lack of time and competing priorities.",
         "tidsbrist, stress, prioritera, tid", "time, workload, deadlines"),
        ("Administration och regelverk", "Administrative burden, reporting and rules.",
         "administration, rapportering, regelverk, byråkrati", "reporting, paperwork, rules"),
        ("Förankring i ledningen", "Support, or the lack of it, from management.",
         "ledningen, förankring, styrgrupp, mandat", "management, leadership, buy-in"),
        ("Mätbarhet och indikatorer", "Difficulties measuring results; the choice of indicators.",
         "indikatorer, mätning, uppföljning, statistik", "indicators, measurement, metrics"),
    )),
    ("Lärdomar", (
        ("Tidig dialog", "The value of early dialogue with companies and partners.",
         "dialog, tidigt, behovsanalys, samtal", "dialogue, early, needs analysis"),
        ("Tydliga mål", "Clear goals and a shared picture of them.",
         "mål, målbild, tydlighet, förväntningar", "goals, objectives, clarity"),
        ("Flexibilitet", "Adapting plans when circumstances changed.",
         "flexibilitet, anpassa, ställa om, ändrade planer", "flexibility, adapt"),
        ("Lokal förankring", "Working close to local actors and their needs.",
         "lokalt, kommunen, närhet, lokal", "local, municipality, community"),
        ("Kunskapsspridning", "Sharing knowledge and results with others.",
         "sprida, kunskap, spridning, seminarier", "dissemination, knowledge sharing"),
        ("Projektledning", "How the project was led and organised.",
         "projektledare, projektledning, samordning", "project management, coordination"),
        ("Uppföljning och lärande", "Using follow-up and evaluation to learn.",
         "utvärdering, lärande, reflektion, uppföljning", "evaluation, learning, reflection"),
        ("Långsiktighet", "Planning for what remains after the project.",
         "långsiktighet, implementering, fortsättning", "long-term, sustainability, legacy"),
    )),
    ("Synergier", (
        ("Samverkan mellan regioner", "Collaboration across regional borders.",
         "samverkan, regionerna, gränsöverskridande", "cross-regional, collaboration"),
        ("Företag och lärosäten", "Collaboration between companies and universities.",
         "lärosäten, universitetet, forskare, högskolan", "university, researchers, academia"),
        ("Nätverk och kluster", "Networks, clusters and meeting places.",
         "nätverk, kluster, mötesplatser", "network, cluster, meeting places"),
        ("Kopplingar till andra projekt", "Links and overlaps with other projects and programmes.",
         "andra projekt, programmet, överlapp, synergier", "synergies, programme, overlap"),
        ("Offentlig sektor", "The role of municipalities, regions and agencies.",
         "kommun, myndighet, Tillväxtverket, Vinnova", "agency, public sector, government"),
        ("Gemensamma investeringar", "Shared investments, test beds and equipment.",
         "testbädd, investering, utrustning, gemensamma", "test bed, investment, equipment"),
        ("Internationella kontakter", "International partners and EU programmes.",
         "internationellt, EU, Horisont, partner", "international, European, partners"),
    )),
    ("Resultat och effekter", (
        ("Digital omställning", "Digitalisation of the companies' work and processes.",
         "digitalisering, digitala verktyg, automation, omställning", "digitalisation, automation"),
        ("Ny kompetens", "Skills and knowledge gained by the participants.",
         "utbildning, kompetensutveckling, kurser, lärt", "training, upskilling, courses"),
        ("Innovation och nya produkter", "New products, services and ways of working.",
         "innovation, produkter, tjänster, nyutveckling", "innovation, products, services"),
        ("Hållbarhet", "Environmental and social sustainability outcomes.",
         "hållbarhet, klimat, energi, cirkulär", "climate, circular economy, energy"),
        ("Tillväxt och sysselsättning", "Growth, turnover and jobs in the companies.",
         "tillväxt, omsättning, jobb, sysselsättning", "growth, turnover, jobs, employment"),
        ("Ökad konkurrenskraft", "Stronger competitiveness of the firms and the region.",
         "konkurrenskraft, export, marknad, lönsamhet", "competitiveness, market, exports"),
        ("Oväntade effekter", "Effects nobody planned for, good or bad.",
         "oväntat, överraskande, sidoeffekter, bieffekt", "unexpected, side effects, surprise"),
    )),
)  # fmt: skip


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
