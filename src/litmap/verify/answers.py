"""What litmap reads of each service's answer, checked (and made safe) before it is used or cached.

A service may answer with the right envelope and still hold a field litmap cannot use: ``"issued":
"2020"`` where an object is expected, a 20-digit year, ``"updated-by": 3``, a control character or a
lone surrogate in a title, a list of strings where records are expected, a ``javascript:`` link.
:func:`conform_answer` walks the fields litmap reads (:data:`SPECS`, one per service and kind of
look-up) and

- coerces a value where that is safe: a number where text is expected becomes text, digits where a
  number is expected become a number, one object where a list is expected becomes a list of one;
- drops a link that is not ``http(s)`` (it would reach the exports and count a work as free to read);
- removes control characters and lone surrogates from every string (:func:`litmap.text.clean_text`),
  so no writer — GraphML, CSV, the cache — ever sees them, and cuts a text field it reads at
  :data:`MAX_TEXT` characters;
- refuses the rest with :class:`AnswerError`, naming the field: the look-up is then ``failed`` with
  that reason (its reference ``unchecked``) and the answer is never cached.

Fields litmap does not read are kept as they came (strings cleaned).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from litmap.errors import LitmapError
from litmap.text import clean_text

__all__ = ["SPECS", "AnswerError", "conform_answer", "is_web_link"]


class AnswerError(LitmapError, ValueError):
    """A service's answer holds a field litmap reads in a shape it cannot use; the message names the field."""


#: Characters kept of one text field litmap reads: no title, name or abstract is longer, and every
#: comparison folds and measures the whole field (a 1 MB title made a run of 11 look-ups take minutes).
MAX_TEXT = 20_000


class _Text:
    """Text (at most :data:`MAX_TEXT` characters); a number becomes its digits."""

    def __call__(self, value, where: str):
        if isinstance(value, str):
            return value[:MAX_TEXT]
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        raise AnswerError(f"{where} is {_kind(value)}, expected text")


class _Link(_Text):
    """An ``http(s)`` address; anything else (``javascript:``, ``file:``, ``data:``) is left out."""

    def __call__(self, value, where: str):
        text = super().__call__(value, where)
        return text if is_web_link(text) else _DROP


class _Number:
    """A whole number within ``low`` and ``high``; digits in text and whole floats are read as one."""

    def __init__(self, low: int = -(10**9), high: int = 10**12):
        self.low, self.high = low, high

    def __call__(self, value, where: str):
        number = value
        digits = isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,15}\s*", value)
        if digits or (isinstance(value, float) and value.is_integer() and abs(value) < 1e15):
            number = int(value)
        if not isinstance(number, int) or isinstance(number, bool):
            raise AnswerError(f"{where} is {_kind(value)}, expected a whole number")
        if not self.low <= number <= self.high:
            shown = str(number) if len(str(number)) <= 24 else f"a number of {len(str(number))} digits"
            raise AnswerError(f"{where} is {shown}, outside {self.low}..{self.high}")
        return number


class _Flag:
    """True or false (``"true"``/``"false"`` read as such)."""

    def __call__(self, value, where: str):
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        raise AnswerError(f"{where} is {_kind(value)}, expected true or false")


class _List:
    """A list of ``item``; a single item where a list is expected is read as a list of one; past ``most``
    items, the rest are passed over (a search answering far more than it was asked)."""

    def __init__(self, item, most: int | None = None):
        self.item = item
        self.most = most

    def __call__(self, value, where: str):
        items = value if isinstance(value, list) else [value]
        items = items[: self.most] if self.most is not None else items
        out = []
        for i, item in enumerate(items):
            if item is None:
                continue
            checked = _conform(item, self.item, f"{where}[{i}]" if isinstance(value, list) else where)
            if checked is not _DROP:
                out.append(checked)
        return out


class _Map:
    """An object whose keys are data (OpenAlex's ``abstract_inverted_index``), each value an ``item``."""

    def __init__(self, item):
        self.item = item

    def __call__(self, value, where: str):
        if not isinstance(value, dict):
            raise AnswerError(f"{where} is {_kind(value)}, expected an object")
        return {key: _conform(item, self.item, f"{where}.{key}") for key, item in value.items()}


_DROP = object()
TEXT, LINK, NUMBER, FLAG = _Text(), _Link(), _Number(), _Flag()
#: A year as the services write it; 0..9999 (a 20-digit year is a broken answer, not a year).
YEAR = _Number(0, 9999)
_DATE = {"date-parts": _List(_List(_Number(-9999, 9999)))}
_PERSON = {"family": TEXT, "given": TEXT, "name": TEXT, "literal": TEXT, "ORCID": TEXT}
_NOTICE = {"type": TEXT, "DOI": TEXT, "label": TEXT, "source": TEXT, "updated": _DATE}

CROSSREF_WORK = {
    "DOI": TEXT,
    "URL": LINK,
    "type": TEXT,
    "title": _List(TEXT),
    "subtitle": _List(TEXT),
    "container-title": _List(TEXT),
    "short-container-title": _List(TEXT),
    "author": _List(_PERSON),
    "editor": _List(_PERSON),
    "issued": _DATE,
    "published": _DATE,
    "published-print": _DATE,
    "published-online": _DATE,
    "volume": TEXT,
    "issue": TEXT,
    "page": TEXT,
    "article-number": TEXT,
    "publisher": TEXT,
    "event": {"name": TEXT, "acronym": TEXT, "location": TEXT},
    "abstract": TEXT,
    "subject": _List(TEXT),
    "ISBN": _List(TEXT),
    "ISSN": _List(TEXT),
    "is-referenced-by-count": _Number(0),
    "references-count": _Number(0),
    "reference-count": _Number(0),
    "updated-by": _List(_NOTICE),
    "update-to": _List(_NOTICE),
    "reference": _List({"key": TEXT, "unstructured": TEXT, "DOI": TEXT}),
}
EUROPEPMC_RESULT = {
    **dict.fromkeys(("id", "source", "pmid", "pmcid", "doi", "title", "authorString", "pubYear", "pageInfo"), TEXT),
    **dict.fromkeys(("abstractText", "license", "isOpenAccess", "inEPMC", "inPMC", "hasReferences"), TEXT),
    "journalInfo": {
        "volume": TEXT,
        "issue": TEXT,
        "yearOfPublication": YEAR,
        "journal": {"title": TEXT},
    },
    "authorList": {
        "author": _List(dict.fromkeys(("lastName", "firstName", "initials", "fullName", "collectiveName"), TEXT))
    },
    "meshHeadingList": {
        "meshHeading": _List(
            {
                "descriptorName": TEXT,
                "majorTopic_YN": TEXT,
                "meshQualifierList": {"meshQualifier": _List({"majorTopic_YN": TEXT})},
            }
        )
    },
    "keywordList": {"keyword": _List(TEXT)},
    "pubTypeList": {"pubType": _List(TEXT)},
    "fullTextUrlList": {
        "fullTextUrl": _List({"availabilityCode": TEXT, "site": TEXT, "documentStyle": TEXT, "url": LINK})
    },
    "commentCorrectionList": {"commentCorrection": _List(dict.fromkeys(("type", "reference", "source", "id"), TEXT))},
}
EUROPEPMC_REFERENCE = {
    **dict.fromkeys(("id", "source", "doi", "authorString", "title", "pubYear"), TEXT),
    "citedOrder": NUMBER,
}
OPENALEX_WORK = {
    "id": TEXT,
    "doi": TEXT,
    "title": TEXT,
    "display_name": TEXT,
    "publication_year": YEAR,
    "ids": {"pmid": TEXT, "pmcid": TEXT, "doi": TEXT, "openalex": TEXT},
    "open_access": {"is_oa": FLAG, "oa_url": LINK},
    "best_oa_location": {"landing_page_url": LINK, "pdf_url": LINK, "license": TEXT},
    "abstract_inverted_index": _Map(_List(_Number(0))),
    "mesh": _List({"descriptor_name": TEXT}),
    "keywords": _List({"display_name": TEXT}),
    "is_retracted": FLAG,
    "referenced_works": _List(TEXT),
}
OPENLIBRARY_DOC = {
    "title": TEXT,
    "subtitle": TEXT,
    "author_name": _List(TEXT),
    "first_publish_year": YEAR,
    "publisher": _List(TEXT),
    "isbn": _List(TEXT),
    "key": TEXT,
}
_EUROPEPMC_SEARCH = {"hitCount": _Number(0), "nextCursorMark": TEXT, "resultList": {"result": _List(EUROPEPMC_RESULT)}}

#: Candidates of one Crossref search read at most: litmap asks for 5; a server sending 10,000 had each
#: checked and matched (14 s for one reference).
MAX_SEARCH_ITEMS = 20
#: What litmap reads of each answer, by ``(service, kind)``: the object's shape, field by field.
SPECS = {
    ("crossref", "work"): {"message": CROSSREF_WORK},
    ("crossref", "search"): {"message": {"items": _List(CROSSREF_WORK, most=MAX_SEARCH_ITEMS)}},
    ("europepmc", "work"): _EUROPEPMC_SEARCH,
    ("europepmc", "search"): _EUROPEPMC_SEARCH,
    ("europepmc", "references"): {"hitCount": _Number(0), "referenceList": {"reference": _List(EUROPEPMC_REFERENCE)}},
    ("openalex", "work"): OPENALEX_WORK,
    ("openlibrary", "book"): {"numFound": _Number(0), "docs": _List(OPENLIBRARY_DOC)},
}
#: The fields of a Crossref work that say which work it is; a record with none of them checks nothing.
_NAMING_FIELDS = ("title", "author", "editor", "container-title")
_NAMES = {"crossref": "Crossref", "europepmc": "Europe PMC", "openalex": "OpenAlex", "openlibrary": "Open Library"}


def is_web_link(text) -> bool:
    """Whether ``text`` is an ``http://`` or ``https://`` address (the only links litmap passes on).

    The one rule for links: a service's answer keeps only these (:func:`conform_answer`), and the
    reading lists write only these as links (``javascript:``, ``data:``, ``file:`` and the rest never
    leave litmap). Surrounding spaces are allowed; a missing value is not a link.

    >>> is_web_link("https://europepmc.org/articles/PMC9"), is_web_link(" HTTP://example.org/a ")
    (True, True)
    >>> is_web_link("javascript:alert(1)"), is_web_link("data:text/html,x"), is_web_link("file:///etc/passwd")
    (False, False, False)
    >>> is_web_link("https://example.org/<script>"), is_web_link(None)
    (False, False)
    """
    return isinstance(text, str) and re.match(r"https?://[^\s<>\"']+$", text.strip(), re.IGNORECASE) is not None


def conform_answer(service: str, kind: str, body):
    """``body`` with the fields litmap reads checked and coerced, and every string cleaned.

    Raises
    ------
    AnswerError
        A field litmap reads cannot be used as it is; the message names the service and the field.

    Examples
    --------
    >>> conform_answer("crossref", "work", {"message": {"title": "Pain\\x07", "volume": 12}})
    {'message': {'title': ['Pain'], 'volume': '12'}}
    >>> conform_answer("crossref", "work", {"message": {"issued": "2020"}})
    Traceback (most recent call last):
    litmap.verify.answers.AnswerError: Crossref's answer cannot be used: message.issued is text, expected an object
    """
    spec = SPECS.get((service, kind), {})
    try:
        checked = _conform(body, spec, "")
        message = checked.get("message") if (service, kind) == ("crossref", "work") else None
        if isinstance(message, dict) and not (message.get("DOI") or message.get("title")):
            # an empty record (or one of nulls) "verified" the cited DOI: nothing in it could disagree
            raise AnswerError("message has neither a DOI nor a title: no work to check the reference against")
        if isinstance(message, dict) and not any(_states(message.get(name)) for name in _NAMING_FIELDS):
            # a DOI alone (Crossref's alias answer cut short) "verified" the cited DOI the same way
            raise AnswerError(
                f"the record of {message.get('DOI') or 'the DOI'} has no title, authors or journal: "
                "no work to check the reference against"
            )
        return checked
    except AnswerError as err:
        raise AnswerError(f"{_NAMES.get(service, service)}'s answer cannot be used: {err}") from None
    except RecursionError:
        raise AnswerError(f"{_NAMES.get(service, service)}'s answer is nested too deeply to read") from None


def _states(value) -> bool:
    """Whether a JSON value holds some text that is not blank (a title ``[""]`` or an author ``{}`` does not)."""
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return any(_states(v) for v in value)
    if isinstance(value, dict):
        return any(_states(v) for v in value.values())
    return False


def _conform(value, spec, where: str):
    if isinstance(spec, Mapping):
        if not isinstance(value, dict):
            raise AnswerError(f"{where or 'the answer'} is {_kind(value)}, expected an object")
        out = {}
        for key, item in value.items():
            key = clean_text(key) if isinstance(key, str) else key
            if key in spec and item is not None:
                item = _conform(item, spec[key], f"{where}.{key}" if where else key)
                if item is _DROP:
                    continue
            else:
                item = _clean(item)
            out[key] = item
        return out
    if callable(spec) and value is not None:
        value = spec(value, where)
        return _clean(value) if value is not _DROP else value
    return _clean(value)


def _clean(value):
    """Every string of a JSON value without control characters or lone surrogates."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {(clean_text(k) if isinstance(k, str) else k): _clean(v) for k, v in value.items()}
    return value


def _kind(value) -> str:
    return {
        str: "text",
        bool: "true or false",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "an object",
    }.get(type(value), "null" if value is None else type(value).__name__)
