"""Text every stage shares: folding for comparison, cleaning where text enters, and common patterns.

One helper per idea: the year pattern, the DOI and ISBN patterns, name particles and the small words of
organisations' names are defined here once, for the reader, the parsers and the audit alike.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

__all__ = [
    "DOI",
    "ISBN",
    "ORG_SMALL_WORDS",
    "PARTICLES",
    "PARTICLE_RE",
    "YEAR",
    "YEAR_PATTERN",
    "clean_text",
    "path_text",
    "escape_controls",
    "unify_line_breaks",
    "unify_forms",
    "counted",
    "MARKUP",
    "fold",
    "fold_keep",
    "is_exponent_base",
    "is_exponent_before",
    "to_superscript",
    "fold_compact",
    "strip_accents",
]

#: An HTML or XML tag ("<i>", "</sup>", '<span class="x">'): markup in a title or an entry.
MARKUP = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")
#: A publication year litmap believes: 1500 to 2049 (the one year pattern; build others from it).
YEAR = r"(?:1[5-9]\d\d|20[0-4]\d)"
#: A bare year, not glued to other digits.
YEAR_PATTERN = re.compile(r"(?<!\d)" + YEAR + r"(?!\d)")
#: A DOI, with an old Wiley SICI's angle-bracketed part kept ("10.1002/(SICI)1097-4571(199507)46:6<400::AID-ASI2>3.0.CO;2-Y").
DOI = re.compile(
    r"(?:\bdoi\s*:?\s*)?(?:https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/(?:[^\s\"<>]|<\d+::[^\s\"<>]{1,40}>)+)",
    re.IGNORECASE,
)
ISBN = re.compile(r"\bISBN(?:-1[03])?:?\s*((?:97[89][\s-]?)?(?:\d[\s-]?){9}[\dXx])")

PARTICLES = {
    "van",
    "von",
    "de",
    "der",
    "den",
    "da",
    "das",
    "di",
    "du",
    "del",
    "della",
    "des",
    "le",
    "la",
    "ten",
    "ter",
    "y",
    "bin",
    "ibn",
    "al",
    "el",
    "st.",
    "dos",
    "do",
    "zu",
    "vander",
    "van't",
    "d'",
    "mac",
}
#: The particles as a regular expression alternation, longest first ("della" before "de").
PARTICLE_RE = "(?:" + "|".join(re.escape(p) for p in sorted(PARTICLES, key=len, reverse=True)) + ")"

#: Small words inside organisations' names ("Department of Health and Human Services", "Conselho … de …").
ORG_SMALL_WORDS = frozenset(
    [
        "of",
        "for",
        "and",
        "the",
        "on",
        "in",
        "at",
        "&",
        "de",
        "do",
        "da",
        "dos",
        "das",
        "del",
        "di",
        "du",
        "des",
        "la",
        "le",
        "e",
        "y",
        "et",
        "und",
        "für",
    ]
)


#: C0 and C1 control characters (tab, newline and carriage return aside), DEL, lone surrogates and
#: the two non-characters U+FFFE/U+FFFF: what a PDF's text layer or a careless page can carry and no
#: XML, CSV or cache writer accepts. Then the invisible marks that only steer display: the zero-width
#: space and word joiner, a byte-order mark inside the text, and the bidirectional marks, embeddings,
#: overrides and isolates (U+200E/F, U+202A-E, U+2066-9, U+061C); inside a name, a year or a DOI they
#: hid a citation ("Cozolino\u202e (2007)" was no citation) or made a DOI no service knows.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
    "\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\u061c]"
)


def clean_text(text: str) -> str:
    r"""``text`` without control characters, NUL, lone surrogates or invisible marks, where text enters litmap.

    Tabs and line breaks stay (they carry layout); a form feed becomes a line break. The zero-width
    joiners (U+200C, U+200D) and the soft hyphen stay: they shape words and the PDF reader uses them.

    >>> clean_text("I\x00\x02 think\x0c\ud800so")
    'I think\nso'
    >>> clean_text("10.1037/\u200bpst0000175 (Lee\u202e, 2001\u202c)")
    '10.1037/pst0000175 (Lee, 2001)'
    """
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: "\n" if m.group() == "\x0c" else "", text)


def path_text(path) -> str:
    r"""A file name as text every writer accepts: bytes of the name that are not UTF-8 (Python keeps
    them as lone surrogates, which no UTF-8 file can hold) shown as U+FFFD.

    A file named ``caf\xe9.txt`` (Latin-1 bytes) ended ``litmap run`` in "a bug" when its name
    was written into ``article.json``.

    >>> path_text("caf\udce9.txt"), path_text("café.txt")
    ('caf�.txt', 'café.txt')
    """
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            raw = text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:  # a lone surrogate that is no escaped byte: handed in from Python
            raw = text.encode("utf-8", "replace")
        return raw.decode("utf-8", "replace")
    return text


#: Line breaks other than "\n" that Python's ``str.splitlines`` (and so part of litmap) reads as one,
#: and the rest (``split("\n")``, markdown-it) does not: CR, CRLF, U+2028 and U+2029.
_LINE_BREAK = re.compile("\r\n?|[\u2028\u2029]")


def unify_line_breaks(text: str) -> str:
    r"""``text`` with every line break a ``"\n"``: CRLF, a lone CR, U+2028 (line) and U+2029 (paragraph separator).

    Where a text is read as lines, so that every reader of it counts the same lines (a Markdown page
    with U+2028 between its lines ended in an ``IndexError``; in plain text, entries were lost).

    >>> unify_line_breaks("a\r\nb\rc\u2028d\u2029e")
    'a\nb\nc\nd\ne'
    """
    return _LINE_BREAK.sub("\n", text) if ("\r" in text or "\u2028" in text or "\u2029" in text) else text


#: The soft hyphen (never shown but at a line's end) and the full-width forms of ASCII and of the space.
_WIDE_OR_SOFT = re.compile("[\u00ad\u3000\uff01-\uff5e]")


def _plain_form(match: re.Match) -> str:
    char = match.group()
    if char == "\u00ad":
        return ""
    return " " if char == "\u3000" else chr(ord(char) - 0xFEE0)


def unify_forms(text: str) -> str:
    r"""``text`` without soft hyphens and with full-width ASCII forms as ASCII, where an article's text enters.

    A reader sees "Smith, 2020" in "Smi\u00adth, ２０２０"; a pattern did not (no citation, a DOI no
    service knows). Not for a PDF's text, whose reader joins words at a soft hyphen itself.

    >>> unify_forms("(Smi\u00adth，\u3000２０２０) 10.1000/te\u00adst")
    '(Smith, 2020) 10.1000/test'
    """
    return _WIDE_OR_SOFT.sub(_plain_form, text) if _WIDE_OR_SOFT.search(text) else text


def strip_accents(text) -> str:
    """``text`` with its accents dropped (NFKD, combining marks removed); case and punctuation kept.

    >>> strip_accents("Gómez-Pérez")
    'Gomez-Perez'
    """
    text = unicodedata.normalize("NFKD", str(text))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def fold_keep(text) -> str:
    """``text`` lower-case, without accents or markup, entities decoded, punctuation kept (to find a
    field in an entry as written).

    >>> fold_keep("Pain &amp; Émotion. 2000;9(Suppl 2):<i>II15</i>")
    'pain & emotion. 2000;9(suppl 2):ii15'
    """
    return strip_accents(MARKUP.sub("", html.unescape(str(text)))).lower()


def fold(text) -> str:
    """Lower-case, strip accents and punctuation, collapse spaces: for comparing, never for showing.

    >>> fold("Gómez-Pérez,  J.")
    'gomez perez j'
    """
    text = re.sub(r"[^\w\s]|_", " ", strip_accents(text).lower())
    return " ".join(text.split())


@lru_cache(maxsize=50_000)
def fold_compact(text: str) -> str:
    """Letters and digits only, lower case, accents dropped: :func:`fold` without spaces.

    >>> fold_compact("Étude, N° 3 — “Å”")
    'etuden3a'
    """
    return fold(text).replace(" ", "")


# A statistic or a unit that takes an exponent: a one-letter symbol ("I²", "R²", "χ²", "r²"), a unit
# ("m²", "cm³", "km²", "kg⁻¹") or a number ("10⁵"), written just before the raised digits.
_EXPONENT_BASE = re.compile(
    r"(?:(?<![^\W\d_])[^\W\d_]|(?<![^\W\d_])(?:[cmkµμn]?m|[mk]?g|[mdµμ]?[lL]|m?s|min|h|mol|Hz|ft)|\d|[⁻⁺])\s*$"
)
_SUPERSCRIPT = str.maketrans("0123456789+-−=()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾")


def is_exponent_base(before: str) -> bool:
    """Whether raised digits right after ``before`` are an exponent: after a statistic's one-letter
    symbol, a unit or a number. A superscript citation follows a word or a punctuation mark instead.

    >>> [is_exponent_base(b) for b in ("heterogeneity (I", "area 25 m", "25cm", "10", "χ", "smokers", "(NSCLC)")]
    [True, True, True, True, True, False, False]
    """
    return is_exponent_before(before, len(before))


def is_exponent_before(text: str, end: int) -> bool:
    """:func:`is_exponent_base` of ``text[:end]``, reading only its last few characters (no copy of
    the text before, so a sentence of many superscripts stays linear).

    >>> is_exponent_before("I2 = 98%", 1), is_exponent_before("smokers2", 7)
    (True, False)
    """
    while end > 0 and text[end - 1].isspace():
        end -= 1
    # the longest symbol or unit is 3 letters and its lookbehind one more: the end is all there is to read
    return _EXPONENT_BASE.search(text[max(0, end - 5) : end]) is not None


def to_superscript(text: str) -> str:
    """Digits and signs as Unicode superscripts ("2" → "²", "-1" → "⁻¹"); other text unchanged.

    >>> to_superscript("2"), to_superscript("−1"), to_superscript("th")
    ('²', '⁻¹', 'th')
    """
    if not re.fullmatch(r"[0-9+\-−=()]+", text):
        return text
    return text.translate(_SUPERSCRIPT)


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """A count and its noun in the right number, for messages a person reads.

    ``plural`` defaults to ``singular`` + "s"; give it where English does otherwise.

    >>> counted(1, "unresolved citation"), counted(0, "claim"), counted(2, "entry", "entries")
    ('1 unresolved citation', '0 claims', '2 entries')
    """
    return f"{n} {singular if n == 1 else (plural if plural is not None else singular + 's')}"


def escape_controls(text) -> str:
    r"""``text`` with its line breaks and control characters written as escapes, for a line of a summary:
    a file or folder named ``"a\nlitmap: error: x"`` printed a line of its own choosing.

    >>> print(escape_controls("  failed: a\nlitmap: error: x: the file is empty"))
      failed: a\nlitmap: error: x: the file is empty
    """
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", lambda m: repr(m.group())[1:-1], str(text))
