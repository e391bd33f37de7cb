"""The fixed words of reports and exports, in Swedish and English.

Theme and code names come from the codebook as they are; these are the headings, column names
and placeholders around them.
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "title": {"sv": "Temasammanfattning", "en": "Theme summary"},
    "summary": {"sv": "Sammanfattning", "en": "Summary"},
    "theme": {"sv": "Tema", "en": "Theme"},
    "code": {"sv": "Kod", "en": "Code"},
    "codings": {"sv": "Antal kodningar", "en": "Codings"},
    "coded_sentences": {"sv": "Kodade meningar", "en": "Coded sentences"},
    "sources": {"sv": "Antal källor", "en": "Sources"},
    "interviews": {"sv": "Antal intervjuer", "en": "Interviews"},
    "share_interviews": {"sv": "Andel intervjuer", "en": "Share of interviews"},
    "by": {"sv": "Kodningar efter {attribute}", "en": "Codings by {attribute}"},
    "quotes": {"sv": "Citat", "en": "Quotes"},
    "memos": {"sv": "Memon", "en": "Memos"},
    "exemplar": {"sv": "utvalt exempel", "en": "exemplar"},
    "chart": {"sv": "Antal kodningar per kod", "en": "Codings per code"},
    "none": {"sv": "(saknas)", "en": "(none)"},
    "no_quotes": {"sv": "Inga kodade citat.", "en": "No coded quotes."},
    "interviewer": {"sv": "Intervjuare", "en": "Interviewer"},
    "respondent": {"sv": "Respondent", "en": "Respondent"},
    "mask_email": {"sv": "[e-post]", "en": "[e-mail]"},
    "mask_phone": {"sv": "[telefon]", "en": "[phone]"},
    "mask_personal_number": {"sv": "[personnummer]", "en": "[personal id]"},
    "generated": {
        "sv": "Skapad {date} med coder ur projektet {project}.",
        "en": "Generated on {date} by coder from the project {project}.",
    },
    "scope": {
        "sv": "{sources} källor, varav {interviews} intervjuer; {codings} kodningar.",
        "en": "{sources} sources, {interviews} of them interviews; {codings} codings.",
    },
    "sources_only": {"sv": "Källor: {sources}.", "en": "Sources: {sources}."},
    "coder_only": {
        "sv": "Endast kodningar av {coder} räknas.",
        "en": "Only the codings of {coder} count.",
    },
    "counting": {
        "sv": (
            "En kodning räknas för sin kod. Ett temas kodade meningar är de meningar som någon"
            " kodning under temat berör, så en mening som kodats två gånger inom temat räknas"
            " en gång. Andel intervjuer är andelen av projektets intervjuer där koden"
            " förekommer. Endast godkända kodningar räknas."
        ),
        "en": (
            "A coding counts for its code. A theme's coded sentences are the sentences that any"
            " coding under the theme touches, so a sentence coded twice within the theme counts"
            " once. The share of interviews is the share of the project's interviews in which"
            " the code occurs. Only accepted codings count."
        ),
    },
    "with_pending": {
        "sv": "Även väntande förslag räknas.",
        "en": "Pending suggestions count as well.",
    },
    "pseudonymized": {
        "sv": (
            "Namn, e-postadresser, telefonnummer och personnummer är ersatta med pseudonymer"
            " och platshållare."
        ),
        "en": "Names, e-mail addresses, phone numbers and personal id numbers are replaced.",
    },
}


def label(key: str, language: str, **values: object) -> str:
    """The fixed text `key` in a language (English when there is none in it), filled in."""
    texts = LABELS[key]
    text = texts.get(language, texts["en"])
    return text.format(**values) if values else text
