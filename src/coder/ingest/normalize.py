"""Text decoding and the one normalisation every imported text gets before it is stored.

Offsets of codings point into the stored text, so the text must never change after import:
`normalize` is applied exactly once, here, and `content_hash` identifies a text by it.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata

from coder.errors import ReadError

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# The 8-bit encodings a Swedish or English text file without UTF-8 is written in: Windows
# (cp1252), old DOS tools (cp850) and old Macs (mac_roman). Left to itself charset-normalizer
# reads short Swedish cp1252 text as cp1250 (å becomes ĺ), so it only chooses among these.
_LEGACY_ENCODINGS = ("cp1252", "cp850", "mac_roman")

# Read as cp1252, Swedish letters from cp850 or mac_roman come out as rare characters of
# bytes 0x80-0x9F (ä as „ or Š, å as † or Œ): a cp1252 reading without them is taken as it
# is, one with them is left to charset-normalizer. The euro sign, ellipsis, curly quotes,
# bullet and dashes in that range are common in Windows text.
_COMMON_IN_CP1252 = b"\x80\x85\x91\x92\x93\x94\x95\x96\x97"
_UNLIKELY_IN_CP1252 = re.compile(
    "["
    + re.escape(bytes(set(range(0x80, 0xA0)) - set(_COMMON_IN_CP1252)).decode("cp1252", "ignore"))
    + "]"
)

_UTF16_SAMPLE_BYTES = 4096
_SCRIPT_SAMPLE_BYTES = 65536
_OTHER_SCRIPTS = (
    "Arabic",
    "Armenian",
    "CJK",
    "Cyrillic",
    "Devanagari",
    "Georgian",
    "Greek",
    "Hangul",
    "Hebrew",
    "Hiragana",
    "Katakana",
    "Thai",
)
"""Scripts (charset-normalizer's alphabet names start so) that no Western 8-bit encoding has."""
_MAX_CONTROL_SHARE = 0.05

_NEWLINES = {ord(c): "\n" for c in "\r\v\f\x85\u2028\u2029"}
_REMOVED = {
    code: None
    for code in (*range(0x00, 0x20), *range(0x7F, 0xA0), 0xFEFF)
    if chr(code) not in "\t\n\r\v\f\x85"
}
_TRANSLATION = {**_REMOVED, **_NEWLINES}
_TRANSLATED = re.compile("[" + "".join(re.escape(chr(code)) for code in _TRANSLATION) + "]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Control characters no text file has: C0 except tab and line breaks, DEL, C1.
_STRAY_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def decode(data: bytes, *, origin: str) -> str:
    """Turn the bytes of a text file into text, guessing the encoding as a person would.

    A byte-order mark decides; otherwise UTF-8, then UTF-16 without a mark when the bytes
    show it, then the 8-bit encoding a Swedish or English file is likely to be in (Windows
    cp1252 first). Raises `ReadError` naming `origin` for an empty, binary or undecodable file.
    """
    if not data.strip():
        raise ReadError(f"{origin} is empty", "check that it is the right file and was saved")
    encoding = _bom_encoding(data) or _utf32_without_bom(data) or _utf16_without_bom(data)
    if encoding is not None:
        text = _decode_as(data, encoding, origin)
    elif b"\x00" in data:
        raise _binary_error(origin)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            _refuse_other_scripts(data, origin)
            text = _decode_legacy(data)
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ReadError(f"{origin} is empty", "check that it is the right file and was saved")
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise _binary_error(origin)
    return text


def normalize(text: str) -> str:
    r"""Normalise text once, on import, so that offsets into the stored text stay valid.

    Line breaks of every kind become `\n`, byte-order marks and control characters other
    than tab and newline are removed, and the text is put in Unicode NFC (å is one code
    point, whatever the file had). Idempotent: normalising twice changes nothing.
    """
    if _SURROGATE.search(text):
        # Lone surrogates (from broken RTF or UTF-16) cannot be stored as UTF-8; pairs are
        # joined into the character they stand for, single halves become U+FFFD.
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    text = text.replace("\r\n", "\n")
    if _TRANSLATED.search(text):  # translate() is slow; most texts need none of it
        text = text.translate(_TRANSLATION)
    # NFC after removing controls: removing one can bring a letter and its accent together.
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def content_hash(text: str) -> str:
    """Return the SHA-256 (hex) of the normalised text in UTF-8, which identifies a text."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()


def _bom_encoding(data: bytes) -> str | None:
    """Return the encoding a byte-order mark at the start of `data` announces, if any."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """Return UTF-16 LE or BE when NUL bytes fall on alternate positions, as in Latin text."""
    sample = data[:_UTF16_SAMPLE_BYTES]
    pairs = len(sample) // 2
    if pairs == 0:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    if odd_nuls > 0.3 * pairs and even_nuls < 0.02 * pairs:
        return "utf-16-le"
    if even_nuls > 0.3 * pairs and odd_nuls < 0.02 * pairs:
        return "utf-16-be"
    return None


def _utf32_without_bom(data: bytes) -> str | None:
    """Return UTF-32 LE or BE when three of every four bytes are NUL, as in Latin text."""
    sample = data[: _UTF16_SAMPLE_BYTES - _UTF16_SAMPLE_BYTES % 4]
    quads = len(sample) // 4
    if quads < 2 or len(data) % 4:
        return None
    nuls = [sample[lane::4].count(0) for lane in range(4)]
    if min(nuls[1:]) > 0.9 * quads and nuls[0] < 0.02 * quads:
        return "utf-32-le"
    if min(nuls[:3]) > 0.9 * quads and nuls[3] < 0.02 * quads:
        return "utf-32-be"
    return None


def _refuse_other_scripts(data: bytes, origin: str) -> None:
    """Refuse a legacy-encoded file in another script (KOI8-R, Shift-JIS, GBK, …).

    Read as a Western encoding such a file comes out as a jumble of accented letters or
    control characters, which must not be stored as if it were the interview. Its bytes tell:
    more than half of its letters are bytes above 127 (even Swedish text full of å, ä and ö
    has under a third), and charset-normalizer then names the script.
    """
    sample = data[:_SCRIPT_SAMPLE_BYTES]
    high = sum(byte > 0x7F for byte in sample)
    ascii_letters = sum(chr(byte).isalpha() for byte in sample if byte <= 0x7F)
    if high < 10 or high <= ascii_letters:
        return
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    alphabets = [] if best is None else best.alphabets
    scripts = [script for script in _OTHER_SCRIPTS if any(a.startswith(script) for a in alphabets)]
    if best is not None and scripts:
        raise ReadError(
            f"{origin} looks like {scripts[0]} text in the {best.encoding} encoding, "
            "which coder does not read",
            "save it as UTF-8 (coder reads UTF-8 and UTF-16 text in any script)",
        )


def _decode_as(data: bytes, encoding: str, origin: str) -> str:
    """Decode with a known encoding; a failure means the file is broken or not text."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ReadError(
            f"{origin} cannot be decoded as {encoding.upper()}: bad bytes at {error.start}",
            "open it in a text editor and save it again as UTF-8",
        ) from error


def _decode_legacy(data: bytes) -> str:
    """Decode a file that is not UTF-8 in the most likely 8-bit encoding, cp1252 first."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and not _UNLIKELY_IN_CP1252.search(text):
        return text
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(_LEGACY_ENCODINGS)).best()
    if best is not None:
        return str(best)
    # Latin-1 decodes any bytes; what cp1252 leaves undefined becomes control characters,
    # which `normalize` removes or the binary check catches.
    return text if text is not None else data.decode("latin-1")


def _control_share(text: str) -> float:
    """Return the share of characters that are control characters no text file has."""
    return (len(text) - len(_STRAY_CONTROL.sub("", text))) / len(text)


def _binary_error(origin: str) -> ReadError:
    return ReadError(
        f"{origin} looks like a binary file, not text",
        "import plain text (.txt, .md) or a supported document format with the right suffix",
    )
