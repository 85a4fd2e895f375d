"""Match a cited reference to a bibliographic record: Crossref's search-based matching with validation.

Crossref's search score alone is not a verdict (it is an undocumented relevance number whose scale
has changed). As in Crossref's own SBMV matcher, each candidate returned by
``/works?query.bibliographic=<whole entry>`` is *validated* field by field against what the entry
cites: year (one year off counts half), volume, issue, first page, first-author surname
(accent-folded, fuzzy) and title similarity (rapidfuzz). A candidate needs several supporting
fields (3 of the 5 SBMV signals; 2 when the entry cites fewer fields, as books do) and always a
title that agrees, and the best one is accepted only above a threshold. When two different works
fit almost equally well the match is *ambiguous* and no record is chosen.

Everything here is pure: references are dicts or rows of the REFERENCES table, records are
Crossref work dicts (Open Library documents are first turned into that shape by :func:`book_record`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from litmap.values import field as _value
from litmap.values import first_family_name, fold, record_title, title_with_subtitle
from litmap.verify.comparison import is_stated
from litmap.verify.numbers import number_token, page_ends, record_year, record_years, stated_year

__all__ = [
    "ACCEPT_THRESHOLD",
    "AMBIGUITY_MARGIN",
    "Match",
    "book_record",
    "compute_match",
]

#: A validated candidate needs at least this weighted agreement (0–1) to be accepted.
ACCEPT_THRESHOLD = 0.6
#: Two different works whose scores differ by less than this make the match ambiguous.
AMBIGUITY_MARGIN = 0.05
#: A title or surname similarity (0–1) above this supports the candidate (SBMV uses 0.7).
SUPPORT_SIMILARITY = 0.7

#: A title this similar (0–1, whole titles folded) is the record's, word for word.
SAME_TITLE = 0.97
#: How many authors on each side may show that a citation and a record share an author.
SHARED_AUTHORS = 5

# Weights of each field in the candidate score: the title identifies a work best.
_WEIGHTS = {"title": 3.0, "author": 2.0, "year": 1.0, "volume": 1.0, "issue": 0.5, "page": 1.0}
# The five SBMV support signals.
_SUPPORT_FIELDS = ("title", "author", "year", "volume", "page")


@dataclass(frozen=True)
class Match:
    """The outcome of matching one reference against candidate records.

    Attributes
    ----------
    doi : str or None
        Lower-cased DOI of the accepted record (None when nothing was accepted or it has no DOI).
    record : dict or None
        The accepted record (a Crossref work dict), None when nothing was accepted.
    confidence : float
        Weighted field agreement of the best candidate, 0–1 (0 when there was no candidate).
    agreements, disagreements : list of str
        Fields of the best candidate that agree / disagree with the citation.
    fields : dict
        Per-field similarity of the best candidate (0–1), for fields both sides have.
    is_ambiguous : bool
        True when two different works fit (nearly) equally well; then ``record`` is None.
    note : str
        Why a candidate was rejected or the match is ambiguous, in words.
    """

    doi: str | None = None
    record: dict | None = None
    confidence: float = 0.0
    agreements: list[str] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)
    fields: dict[str, float] = field(default_factory=dict)
    is_ambiguous: bool = False
    note: str = ""

    @property
    def is_accepted(self) -> bool:
        """True when a record was accepted."""
        return self.record is not None


# ---------------------------------------------------------------- small normalisers


def _cited_title(reference) -> str | None:
    """The cited title read as the record's is (entities decoded, inline tags dropped), so that
    "Pain &amp; empathy" cited and "Pain & empathy" recorded are the same title."""
    return title_with_subtitle(_value(reference, "title"))


def _record_surname(record: Mapping) -> str | None:
    return first_family_name(record.get("author") or record.get("editor"))


def _cited_surname(reference) -> str | None:
    return first_family_name(_value(reference, "authors"))


def _person_first(reference) -> bool:
    people = list(_value(reference, "authors") if _value(reference, "authors") is not None else [])
    return bool(people) and isinstance(people[0], Mapping) and bool(people[0].get("family"))


def _leads_entry(name: str, raw) -> bool:
    """True when the record's first author's family name is one of the entry's first two words
    ("Turchin P. War and Peace and War…", "Peter Turchin. WAR AND PEACE…", list numbering aside).

    >>> _leads_entry("Turchin", "3. Turchin P. War and Peace and War. Pi Press; 2006.")
    True
    >>> _leads_entry("Tolstoy", "Turchin P. War and Peace and War. Pi Press; 2006.")
    False
    """
    if raw is None:
        return False
    key = fold(name).replace(" ", "")
    words = [w for w in fold(str(raw)).split() if not w.isdigit()][:3]
    return bool(key) and any("".join(words[i:j]) == key for i in range(2) for j in range(i + 1, len(words) + 1))


def _main_title(text: str) -> str:
    """The title before its subtitle: 'The mindful therapist: A guide' -> 'the mindful therapist'."""
    return fold(re.split(r"[:.?!]\s", str(text), maxsplit=1)[0])


def _title_similarity(cited: str, record: str) -> float:
    """0–1 similarity of two titles, tolerant of a missing subtitle but not of one shared word."""
    a, b = fold(cited), fold(record)
    if a == b or not a or not b:
        return _ratio(a, b)
    scores = [fuzz.ratio(a, b)]
    main_a, main_b = _main_title(cited), _main_title(record)
    if min(len(main_a.split()), len(main_b.split())) >= 2:
        scores += [fuzz.ratio(main_a, b), fuzz.ratio(a, main_b), fuzz.ratio(main_a, main_b)]
    if min(len(a.split()), len(b.split())) >= 4:
        scores.append(fuzz.token_set_ratio(a, b))
    return max(scores) / 100.0


def _ratio(cited: str, record: str) -> float:
    """0–1 similarity of two folded strings; two empty strings are equal, one empty is nothing."""
    a, b = fold(cited), fold(record)
    if a == b:
        return 1.0
    return fuzz.ratio(a, b) / 100.0 if a and b else 0.0


# ---------------------------------------------------------------- validation


def _field_scores(reference, record: Mapping) -> dict[str, float]:
    """Similarity (0–1) per field that both the citation and the record have."""
    scores: dict[str, float] = {}
    cited_title, recorded_title = _cited_title(reference), record_title(record)
    if cited_title and recorded_title:
        scores["title"] = _title_similarity(cited_title, recorded_title)
    if recorded_title and scores.get("title", 0.0) < 1.0 and _stated_title(recorded_title, _value(reference, "raw")):
        scores["title"] = 1.0  # the entry writes the record's title; the parse read it otherwise
    cited_name, record_name = _cited_surname(reference), _record_surname(record)
    if cited_name and record_name:
        scores["author"] = _ratio(cited_name, record_name)
        if scores["author"] < 1.0 and _person_first(reference) and _leads_entry(record_name, _value(reference, "raw")):
            # the entry starts with the record's first author, and the parse took a title word for the person's
            # name (not a whole head run together into one "literal" author, where the venue was lost with it)
            scores["author"] = 1.0
    cited_year, years = _value(reference, "year"), record_years(record)
    raw = _value(reference, "raw")
    cited_year = stated_year(
        cited_year, None if raw is None else str(raw), _value(reference, "container"), recorded_title
    )
    if cited_year is not None and years:
        gap = min(abs(int(cited_year) - year) for year in years)  # print, online first: any date counts
        scores["year"] = 1.0 if gap == 0 else 0.5 if gap == 1 else 0.0
    if scores.get("author", 1.0) <= SUPPORT_SIMILARITY and scores.get("year", 0.0) == 1.0:
        # another first author, but the same year and an author both lists share: the work cited, its list wrong
        scores["author"] = max(scores["author"], _shared_author(reference, record))
    for name, key in (("volume", "volume"), ("issue", "issue")):
        cited, found = number_token(_value(reference, name)), number_token(record.get(key))
        if cited and found:
            scores[name] = float(cited == found)
    cited_page = page_ends(_value(reference, "pages"))[0]
    record_page = page_ends(record.get("page") or record.get("article-number"))[0]
    if cited_page and record_page:
        scores["page"] = float(number_token(cited_page) == number_token(record_page))
    return scores


def _families(people) -> list[str]:
    return [
        fold(p.get("family")) for p in (people or [])[:SHARED_AUTHORS] if isinstance(p, Mapping) and p.get("family")
    ]


def _shared_author(reference, record: Mapping) -> float:
    """How well the best-matching pair of authors agrees, among the first few on each side (0–1).

    The first author alone is the SBMV signal; an author the two lists share elsewhere (a name added
    before the first, two authors swapped) still says the record is the work cited, and the
    comparison then says what differs in the list.
    """
    cited, found = _families(_value(reference, "authors")), _families(record.get("author") or record.get("editor"))
    return max((fuzz.ratio(a, b) / 100.0 for a in cited for b in found if a and b), default=0.0)


def _stated_title(title: str, raw) -> bool:
    """True when the entry as written holds the record's whole title (of three words or more), and no subtitle."""
    return raw is not None and len(fold(title).split()) >= 3 and is_stated(title, str(raw), whole=True)


def _same_title(reference, record: Mapping) -> bool:
    cited, found = _cited_title(reference), record_title(record)
    return bool(cited and found) and _ratio(cited, found) >= SAME_TITLE


def _supports(name: str, score: float) -> bool:
    if name in ("title", "author"):
        return score > SUPPORT_SIMILARITY
    return score > 0  # a year one off still counts as found, at half weight in the score


def _same_place(scores: dict[str, float], record: Mapping) -> bool:
    """True when the first author, the year, the first page and (where the record has one) the volume all
    agree: the work at that place, whose title the citation changed ("Machine learning" for LeCun, Bengio &
    Hinton's "Deep learning", Nature 521, 436): the comparison then says what differs in the title."""
    needed = ("author", "year", "page", "volume") if record.get("volume") else ("author", "year", "page")
    return all(scores.get(name) == 1.0 for name in needed)


def _validate(reference, record: Mapping) -> tuple[float, dict[str, float], str]:
    """Score one candidate; return (score, field scores, reason for rejection or '')."""
    scores = _field_scores(reference, record)
    if not scores:
        return 0.0, scores, "no field to compare"
    available = [n for n in _SUPPORT_FIELDS if n in scores]
    support = [n for n in available if _supports(n, scores[n])]
    needed = 3 if len(available) >= 4 else 2
    if "title" in scores and not _supports("title", scores["title"]) and not _same_place(scores, record):
        return 0.0, scores, f"title differs (similarity {scores['title']:.2f})"
    # With few fields to go on (books), title and author must both agree, unless the title is the
    # record's word for word and so is the year: then the authors are what the citation gets wrong.
    title_and_year = _same_title(reference, record) and scores.get("year") == 1.0
    if needed == 2 and "author" in scores and not _supports("author", scores["author"]) and not title_and_year:
        return 0.0, scores, f"first author differs (similarity {scores['author']:.2f})"
    if len(support) < needed:
        return 0.0, scores, f"only {len(support)} of {len(available)} fields agree ({', '.join(support) or 'none'})"
    total = sum(_WEIGHTS[n] for n in scores)
    score = sum(_WEIGHTS[n] * s for n, s in scores.items()) / total
    return score, scores, ""


def _doi(record: Mapping) -> str | None:
    doi = record.get("DOI")
    return str(doi).lower() if doi else None


def _identity(record: Mapping) -> str:
    """What makes two candidates the same work: the DOI, else folded title and year."""
    return _doi(record) or f"{fold(record_title(record) or '')}|{record_year(record)}"


def compute_match(reference, candidates: list[dict]) -> Match:
    """Validate candidate records against a cited reference and accept the best one, if credible.

    Parameters
    ----------
    reference : dict or pandas.Series
        A row of the REFERENCES table (or a dict with its keys: title, authors, year, volume,
        issue, pages, ...).
    candidates : list of dict
        Crossref work dicts, e.g. ``message.items`` of a ``query.bibliographic`` search, or the
        result of :func:`book_record` for Open Library documents.

    Returns
    -------
    Match
        ``record`` is the accepted candidate, or None when none validates or two different works
        tie (``is_ambiguous``).

    Examples
    --------
    >>> ref = {"title": "Does rejection hurt?", "authors": [{"family": "Eisenberger"}],
    ...        "year": 2003, "volume": "302", "pages": "290-292"}
    >>> rec = {"DOI": "10.1126/science.1089134", "title": ["Does Rejection Hurt?"],
    ...        "author": [{"family": "Eisenberger"}], "issued": {"date-parts": [[2003]]},
    ...        "volume": "302", "page": "290-292"}
    >>> compute_match(ref, [rec]).doi
    '10.1126/science.1089134'
    """
    scored = []
    reasons = []
    for record in candidates or []:
        if not isinstance(record, Mapping):
            continue
        score, scores, reason = _validate(reference, record)
        scored.append((score, scores, record))
        if reason:
            title = record_title(record) or "untitled"
            reasons.append(f"{_doi(record) or title[:60]}: {reason}")
    if not scored:
        return Match(note="no candidate returned")
    scored.sort(key=lambda item: item[0], reverse=True)
    best_score, best_fields, best = scored[0]
    agreements = [n for n, s in best_fields.items() if s >= (SUPPORT_SIMILARITY if n in ("title", "author") else 1.0)]
    disagreements = [n for n in best_fields if n not in agreements]
    common = dict(
        confidence=round(best_score, 3), agreements=agreements, disagreements=disagreements, fields=best_fields
    )
    if best_score < ACCEPT_THRESHOLD:
        note = (
            "no candidate validates: " + "; ".join(reasons[:3])
            if reasons
            else (f"best candidate scores {best_score:.2f}, below {ACCEPT_THRESHOLD}")
        )
        return Match(note=note, **common)
    rivals = [
        rec
        for score, _, rec in scored[1:]
        if score >= ACCEPT_THRESHOLD and best_score - score < AMBIGUITY_MARGIN and _identity(rec) != _identity(best)
    ]
    if rivals:
        names = ", ".join(_doi(r) or (record_title(r) or "untitled") for r in [best, *rivals])
        return Match(
            is_ambiguous=True, note=f"ambiguous: {len(rivals) + 1} records fit equally well ({names})", **common
        )
    return Match(doi=_doi(best), record=dict(best), **common)


# ---------------------------------------------------------------- Open Library


def _split_name(name: str) -> dict:
    """'Daniel J. Siegel' -> {'family': 'Siegel', 'given': 'Daniel J.'}; 'Siegel, Daniel' too."""
    name = " ".join(str(name).split())
    if "," in name:
        family, given = (p.strip() for p in name.split(",", 1))
    else:
        given, _, family = name.rpartition(" ")
    return {"family": family, "given": given} if given else {"family": family}


def book_record(doc: Mapping) -> dict:
    """An Open Library search document in the shape of a Crossref work, so it can be matched.

    The year is ``first_publish_year`` (the first edition), the type is ``book``; fields Open
    Library does not give are left out.
    """
    record: dict = {"type": "book", "source": "openlibrary"}
    if doc.get("title"):
        record["title"] = [doc["title"]]
    if doc.get("subtitle"):
        record["subtitle"] = [doc["subtitle"]]
    names = doc.get("author_name") or []
    if names:
        record["author"] = [_split_name(n) for n in names]
    if isinstance(doc.get("first_publish_year"), int):
        record["issued"] = {"date-parts": [[doc["first_publish_year"]]]}
    publishers = doc.get("publisher") or []
    if publishers:
        record["publisher"] = publishers[0]
    if doc.get("isbn"):
        record["ISBN"] = list(doc["isbn"])
    if doc.get("key"):
        record["URL"] = f"https://openlibrary.org{doc['key']}"
    return record
