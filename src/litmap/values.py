"""What every stage reads off a work — a parsed reference or a service's record — one helper per idea.

Whether a value is missing, a field of a reference or record, folding text for comparison, the
first author's family name, and the title with its subtitle: each is defined once here, so the
matcher, the audit, the graph, the reading list and the exports agree on them (an audit that
compares one title and shows another is how near-twins go wrong).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from datetime import datetime, timezone

import pandas as pd

from litmap.text import fold

__all__ = [
    "field",
    "first_family_name",
    "id_order",
    "is_missing",
    "or_none",
    "person_name",
    "record_title",
    "title_with_subtitle",
    "utc_now",
]

_SPACE = re.compile(r"\s+")
#: Inline formatting in Crossref titles: HTML, JATS and MathML tags that carry no words of their own.
_INLINE_TAG = re.compile(
    r"</?(?:i|b|em|strong|sub|sup|sc|scp|u|span|(?:jats|mml):[\w.-]+)(?:\s[^<>]*)?/?>", re.IGNORECASE
)


def is_missing(value) -> bool:
    """True for None, pandas NA, NaN and blank strings: "no value" in any table or record.

    Lists are values, even empty ones (an empty author list is a known, empty list).

    >>> [is_missing(v) for v in (None, pd.NA, float("nan"), "  ", "x", 0, [])]
    [True, True, True, True, False, False, False]
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float):
        return value != value
    if isinstance(value, str):
        return not value.strip()
    return False


def or_none(value):
    """``value``, or None when it is missing (see :func:`is_missing`).

    >>> or_none(pd.NA), or_none(2003)
    (None, 2003)
    """
    return None if is_missing(value) else value


def field(work, name: str):
    """Field ``name`` of a reference or record (a dict or a pandas row), None when missing.

    >>> field({"title": " ", "year": 2003}, "title"), field(pd.Series({"doi": "10.1/x"}), "doi")
    (None, '10.1/x')
    """
    value = work.get(name) if isinstance(work, Mapping | pd.Series) else None
    return None if is_missing(value) else value


def id_order(identifier) -> tuple:
    """Sort key putting numbered ids in number order: C2 before C10 before C101, R9 before R10.

    >>> sorted(["claim:C101", "claim:C11", "claim:C2"], key=id_order)
    ['claim:C2', 'claim:C11', 'claim:C101']
    """
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in _DIGITS.split(str(identifier)))


_DIGITS = re.compile(r"(\d+)")


def first_family_name(authors) -> str | None:
    """The first author's family name — or an organisation's name — from a list of people.

    People are dicts as litmap's tables hold them (``{family, given}`` or ``{literal}``) or as
    Crossref sends them (``{family, given}`` or ``{name}``); a bare string counts as a name.

    >>> first_family_name([{"family": "Decety", "given": "J."}, {"family": "Meyer"}])
    'Decety'
    >>> first_family_name([{"literal": "World Health Organization"}]), first_family_name([])
    ('World Health Organization', None)
    """
    if not isinstance(authors, list | tuple) or not authors:
        return None
    first = authors[0]
    name = (first.get("family") or first.get("literal") or first.get("name")) if isinstance(first, Mapping) else first
    return None if is_missing(name) else str(name).strip()


def person_name(person) -> str:
    """One person as text for tables and graph files: 'Family, Given', or an organisation's name.

    >>> person_name({"family": "Decety", "given": "Jean"}), person_name({"literal": "WHO"})
    ('Decety, Jean', 'WHO')
    """
    if isinstance(person, Mapping):
        if person.get("literal") or person.get("name"):
            return str(person.get("literal") or person.get("name"))
        return ", ".join(str(person[k]) for k in ("family", "given") if person.get(k))
    return "" if is_missing(person) else str(person)


def _plain(text) -> str | None:
    """Text of a title as shown: inline formatting dropped, entities decoded, spaces collapsed.

    Only the inline tags titles carry (italics, sub- and superscripts, small caps, MathML) are
    dropped: anything else that looks like markup is part of the title and stays, as text.
    """
    if isinstance(text, list | tuple):
        text = text[0] if text else None
    if is_missing(text):
        return None
    text = str(text)
    if "<" in text or "&" in text:
        text = html.unescape(_INLINE_TAG.sub("", text))
    return _SPACE.sub(" ", text).strip() or None


def title_with_subtitle(title, subtitle=None) -> str | None:
    """The full title of a work, ``"Title: Subtitle"``, as text a person reads.

    Takes Crossref's list fields as they come (the first item counts), drops inline formatting
    (``<i>``, ``<sub>``, MathML) and decodes entities, and adds the subtitle only when the
    title does not already carry it.

    >>> title_with_subtitle(["The mindful therapist"], ["A clinician's guide"])
    "The mindful therapist: A clinician's guide"
    >>> title_with_subtitle("Pain &amp; <i>empathy</i>: a review", "A review")
    'Pain & empathy: a review'
    """
    main, sub = _plain(title), _plain(subtitle)
    if main and sub and fold(sub) not in fold(main):
        return f"{main}: {sub}"
    return main or sub


def record_title(record) -> str | None:
    """A Crossref-shaped record's full title (``title`` and ``subtitle``), as :func:`title_with_subtitle`.

    >>> record_title({"title": ["The mindful therapist"], "subtitle": ["A clinician's guide"]})
    "The mindful therapist: A clinician's guide"
    """
    return title_with_subtitle(record.get("title"), record.get("subtitle"))


def utc_now() -> str:
    """The time now in UTC, as the tables write it (``2024-05-01T12:00:00Z``).

    >>> len(utc_now()), utc_now().endswith("Z")
    (20, True)
    """
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
