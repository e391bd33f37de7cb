"""Language detection: is a source Swedish or English, judged by its stop words.

Stop words (`och`, `det`, `att` / `the`, `and`, `of` …) make up a third or more of any running
text, so even a ten-word answer has several. We count the words of spaCy's own Swedish and
English stop-word lists over the first words of the text; words on both lists (`i`, `in`,
`under`) count for neither. A tie, including a text with no stop words at all, is Swedish: the
language most of our sources are in.
"""

from __future__ import annotations

import re
from functools import cache

from coder.errors import CoderError

SAMPLE_WORDS = 2000
"""How many words from the start of a text are looked at."""

_SAMPLE_CHARS = SAMPLE_WORDS * 12
"""Characters read to find that many words (words average well under 12 characters with spaces)."""

_WORD = re.compile(r"[^\W\d_]+")


@cache
def _stop_words() -> tuple[frozenset[str], frozenset[str]]:
    """Swedish-only and English-only stop words, from spaCy (without loading a pipeline)."""
    from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH
    from spacy.lang.sv.stop_words import STOP_WORDS as SWEDISH

    return frozenset(SWEDISH - ENGLISH), frozenset(ENGLISH - SWEDISH)


def detect_language(text: str) -> str:
    """Return "sv" or "en": the language whose stop words are more frequent in the text.

    Looks at the first 2,000 words (plenty: a third of running text is stop words); a tie is
    "sv". Raises CoderError when the text has no words.
    """
    words = [word.lower() for word in _WORD.findall(text, 0, _SAMPLE_CHARS)[:SAMPLE_WORDS]]
    if not words:
        raise CoderError(
            "cannot tell the language of a text without words",
            "give the language (sv or en) with --language",
        )
    swedish, english = _stop_words()
    sv_count = sum(word in swedish for word in words)
    en_count = sum(word in english for word in words)
    return "en" if en_count > sv_count else "sv"
