"""Is the publisher a citation names the record's? And which publisher does an entry name at all?

A book's publisher is written many ways ("Oxford UP", "Univ. of Chicago Press", "SUNY Press", "CUP"),
and many publishers share words ("Princeton University Press", "Stanford University Press"), so
:func:`same_publisher` looks for a *distinctive* word in common or an acronym. The parse of a book's
entry sometimes reads no publisher at all ("… Morphology of the Papaveraceae. Slatkine."), or runs it
into the book's title ("In Handbook of Child Psychology. Wiley."); :func:`unread_publisher` finds what
the entry states after the record's title or book, so a publisher that is not the record's is still
compared.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources

from litmap.parse.crf_model import read_lexicons
from litmap.parse.patterns import URL
from litmap.read.blocks import word_set
from litmap.text import DOI, fold
from litmap.values import title_with_subtitle

__all__ = ["BOOK_TYPES", "edition_stated", "is_member_name", "same_publisher", "unread_publisher"]

#: Record types whose publisher a citation names (a book, or a chapter of one).
_WHOLE_BOOKS = frozenset({"book", "monograph", "edited-book", "reference-book"})
BOOK_TYPES = _WHOLE_BOOKS | {"book-chapter", "book-section", "book-part"}
_COMPANY = word_set(
    "inc ltd llc co company corp corporation limited publishers publisher publishing publications pub pubs "
    "press books book group sons and the gmbh ag sa bv plc pty verlag editions edition editora editorial "
    "ediciones media international"
)
#: Words many publishers' names share ("Princeton University Press", "Stanford University Press"): two
#: names with only these in common are two publishers.
_INSTITUTION = word_set(
    "university univ universitat universite universidad universita universitaires college institute institution "
    "school department dept state national american british royal society association academic academy of de "
    "la le du des del der di for in on up new"
)
_SMALL = word_set("of the and de la le du des del der di for")
#: A member company's name, as Crossref gives a book's publisher ("Springer Science and Business Media LLC"),
#: not the imprint a citation names.
_MEMBER = re.compile(r"\b(?:Limited|Ltd|LLC|GmbH|B\.?V|S\.?A|AG|Pty|plc)\b\.?\s*$", re.I)
_EDITION = re.compile(r"\b(\d{1,2})\s*(?:st|nd|rd|th|e|a|\.?\u00aa)?\.?\s*(?:ed\b|edn\b|edition|Aufl)", re.I)
#: What an entry's end holds besides a publisher: years, pages, volumes, editions, places' states,
#: bracketed notes, access dates.
_NOT_A_NAME = re.compile(
    r"\[[^\]]*\]|\([^)]*\)|\b(?:pp?|vol|vols|no|ed|eds|edn|chap|ch)\.\s*[\w\u2013-]*|\b\d[\d\u2013\-:,/ ]*\w?\b"
    r"|\b(?:in press|retrieved|available|accessed|cited)\b.*$",
    re.I,
)
#: Words that say what kind of work an entry is, never whose: a segment holding one is not a publisher.
_GENRE = word_set(
    "thesis dissertation phd doctoral masters master unpublished manuscript report preprint draft edition ed eds "
    "editor editors edited volume vol series chapter translated trans reprint reprinted original work pp pages "
    "online internet web website paper papers proceedings conference symposium workshop lecture notes"
)
_SEGMENT = re.compile(r"(?<=[^\W\d_]{2})\.\s+|[;:]\s*|,\s+(?=\d)|\.\s*$")


def _company_words(name: str) -> set[str]:
    return {w for w in fold(name).split() if w not in _COMPANY and len(w) > 1}


def is_member_name(name: str) -> bool:
    """True when ``name`` is a company's legal name ("… GmbH", "Informa UK Limited"): not comparable.

    >>> is_member_name("Springer Science and Business Media LLC"), is_member_name("Routledge")
    (True, False)
    """
    return bool(_MEMBER.search(str(name)))


def _acronym_for(short: str, long: str) -> bool:
    """Whether ``short`` is, besides company words, one acronym of ``long``'s words ("APA", "SUNY Press").

    >>> _acronym_for("CUP", "Cambridge University Press"), _acronym_for("SUNY Press", "State University of New York Press")
    (True, True)
    """
    tokens = [w for w in re.findall(r"[^\W\d_]+", short) if fold(w) not in _COMPANY]
    if len(tokens) != 1 or not 2 <= len(tokens[0]) <= 6 or not tokens[0].isupper():
        return False
    words = [w for w in fold(long).split() if w not in _SMALL]
    significant = [w for w in words if w not in _COMPANY]
    return fold(tokens[0]) in ("".join(w[0] for w in words), "".join(w[0] for w in significant))


@lru_cache(maxsize=1)
def _groups() -> tuple[tuple[str, ...], ...]:
    """The publishers and their imprints (``data/publisher-groups.txt``), one tuple of names per group."""
    text = resources.files("litmap").joinpath("data", "publisher-groups.txt").read_text(encoding="utf-8")
    lines = (line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return tuple(tuple(name.strip() for name in line.split("|") if name.strip()) for line in lines)


def _one_group(cited: str, name: str) -> bool:
    """Whether ``cited`` names an imprint of the publisher ``name`` or the other way round ("Saunders", "Elsevier")."""
    for group in _groups():
        if any(_same_name(cited, member) for member in group) and any(_same_name(name, member) for member in group):
            return True
    return False


def _same_name(name: str, member: str) -> bool:
    """Whether ``name`` names the group's ``member``: all its words, maybe more ("W. B. Saunders", "Elsevier
    Science"), never fewer ("Heinemann" is not Butterworth-Heinemann); words such as "Academic" or
    "University" alone name no one ("Academic Press" is not "Kluwer Academic Publishers")."""
    ours, theirs = _company_words(name) - _SMALL, _company_words(member) - _SMALL
    if not ours or not theirs:
        return False
    if not theirs - _INSTITUTION:
        return ours == theirs
    return theirs - _INSTITUTION <= ours


def same_publisher(cited: str, names: list[str], raw: str | None = None) -> bool:
    """Whether a cited publisher is one of the record's ``names``.

    A distinctive word in common ("Princeton"; "University" alone is not enough), an acronym ("CUP"),
    an imprint of the record's publisher (``data/publisher-groups.txt``: "Saunders" for Elsevier), or a
    distinctive word of the record's stated in the entry ``raw``.

    >>> same_publisher("Univ. of Chicago Press", ["University of Chicago Press"])
    True
    >>> same_publisher("Stanford University Press", ["Princeton University Press"])
    False
    >>> same_publisher("Philadelphia: Saunders", ["Elsevier"]), same_publisher("Saunders", ["Springer"])
    (True, False)
    """
    words = _company_words(cited)
    text = fold(raw or "")
    for name in names:
        theirs = _company_words(name)
        if not words or not theirs:
            return True
        ours_distinct, theirs_distinct = words - _INSTITUTION, theirs - _INSTITUTION
        if ours_distinct and theirs_distinct:
            in_common, stated = ours_distinct & theirs_distinct, theirs_distinct
        else:  # one name is made only of such words ("University Press"): any word counts
            in_common, stated = words & theirs, theirs
        if in_common or _acronym_for(cited, name) or _acronym_for(name, cited) or _one_group(cited, name):
            return True
        if text and any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text) for w in stated):
            return True
    return False


def _end_of(text: str | None, folded: tuple[str, list[int]]) -> int | None:
    """Where the entry (``folded`` by :func:`_fold_positions`) states ``text`` (a title, a book) for the last
    time: the place in the entry after its last three words, or None."""
    words = re.findall(r"[^\W_]+", fold(text or ""))[-3:]
    if len(words) < 2:
        return None
    pattern = r"[^\w]+".join(re.escape(w) for w in words)
    letters, places = folded
    ends = [found.end() for found in re.finditer(rf"(?<!\w){pattern}(?!\w)", letters)]
    return places[ends[-1] - 1] + 1 if ends else None


def _fold_positions(raw: str) -> tuple[str, list[int]]:
    """``raw`` lower-cased with accents kept as letters, and for each character its place in ``raw``."""
    out, places = [], []
    for at, ch in enumerate(raw):
        folded = fold(ch) if ch.isalnum() else " "
        for letter in folded or " ":
            out.append(letter)
            places.append(at)
    return "".join(out), places


def unread_publisher(raw: str | None, record: Mapping) -> str | None:
    """The publisher an entry names after the record's title (or, for a chapter, its book), or None.

    For an entry whose parse read no publisher: the last name-like segment after the work, less years,
    pages, editions, places ("New York: Holt" is "Holt") and notes. ``None`` when the entry does not
    reach past the work or holds only such things there.

    >>> record = {"type": "book", "title": ["A Comparative Morphology of the Papaveraceae"]}
    >>> unread_publisher("Ernst WR. A Comparative Morphology of the Papaveraceae. Slatkine; 1962.", record)
    'Slatkine'
    >>> unread_publisher("Ernst WR. A Comparative Morphology of the Papaveraceae. 1962. pp. 1-20.", record) is None
    True
    """
    if not raw or record.get("type") not in BOOK_TYPES:
        return None
    text = DOI.sub(" ", URL.sub(" ", str(raw)))
    folded = _fold_positions(text)
    works = [record.get("title")] + ([] if record.get("type") in _WHOLE_BOOKS else [record.get("container-title")])
    found = [end for end in (_end_of(title_with_subtitle(work), folded) for work in works) if end is not None]
    if not found:
        return None
    lexicons = read_lexicons()
    places = lexicons.get("place", frozenset()) | lexicons.get("region", frozenset())
    names = []
    for segment in _SEGMENT.split(text[max(found) :]):
        words = re.findall(r"[^\W\d_]+(?:['\u2019&/-][^\W\d_]+)*", _NOT_A_NAME.sub(" ", segment))
        if not words or not words[0][:1].isupper() or len(words) > 8:
            continue
        plain = fold(" ".join(words)).split()
        if any(w in _GENRE for w in plain) or all(w in places or w in _SMALL for w in plain):
            continue
        names.append(" ".join(words))
    return names[-1] if names else None


def edition_stated(raw: str | None) -> int | None:
    """The edition an entry states ("2nd ed.", "3. Aufl."), or None.

    >>> edition_stated("Smith J. Biology. 2nd ed. London: Wiley; 2001."), edition_stated("Smith J. Biology.")
    (2, None)
    """
    found = _EDITION.search(raw or "")
    return int(found.group(1)) if found else None
