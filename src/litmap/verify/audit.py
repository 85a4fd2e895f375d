"""Audit a reference list: is each source real, and is it cited right? Pure: records in, verdicts out.

The audit reads as fetch, then compute:

1. :func:`compute_lookups` says what to ask for each reference: Crossref by DOI (kind ``work``),
   else Crossref's search with the whole entry (``search``); for a book Crossref does not match,
   Open Library by title and first author (``book``) — asked only once the Crossref answer is known;
   then, for the journal articles found, Europe PMC (and OpenAlex, with a key) for their evidence:
   abstract, subjects, PubMed ids, free full text, reference list (:mod:`litmap.verify.enrich`);
2. :func:`litmap.fetch_records` asks (all the I/O; saved records, cache, network);
3. :func:`compute_audit` matches each reference against the records and gives a verdict from
   :data:`litmap.schemas.AUDIT_STATUSES`:

- ``verified``: record found, the cited fields agree;
- ``discrepant``: record found, some cited field differs (``discrepancies`` says which, in words);
- ``retracted``: the record carries a retraction or withdrawal: from the publisher or Retraction
  Watch (Crossref), a "Retracted Publication" type or "Retraction in" link (Europe PMC), or
  OpenAlex's ``is_retracted``;
- ``not_found``: no credible record anywhere;
- ``unchecked``: the look-up failed or was not made (``note`` says why; the run goes on).

Look-ups are keyed by ``(service, kind, key)``, not by reference, so the same keys serve many
articles at once.

The verdicts are computed here; :mod:`litmap.verify.audit_result` holds what they are returned in
(:class:`AuditResult`, :func:`compute_comparison`) and :mod:`litmap.verify.record_columns` the columns a
record fills (:func:`record_fields`, :func:`record_notices`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import pandas as pd

from litmap.parse.patterns import NUMBERING
from litmap.schemas import AUDIT, FOUND_STATUSES, LOOKUPS, REFERENCES, SOURCE_LINKS
from litmap.text import fold
from litmap.values import field as value_of
from litmap.values import first_family_name, record_title
from litmap.verify.audit_result import RECORDS_FILE, AuditResult, compute_comparison
from litmap.verify.comparison import compare_fields
from litmap.verify.crossref import normalize_doi
from litmap.verify.enrich import compute_work_evidence, jats_to_text
from litmap.verify.matching import SUPPORT_SIMILARITY, Match, book_record, compute_match
from litmap.verify.numbers import record_year
from litmap.verify.openlibrary import book_key
from litmap.verify.record_columns import IS_A_NOTICE, NOTICE_KINDS, RETRACTING_NOTICES, record_fields, record_notices
from litmap.verify.records import index_records, record_body

__all__ = [
    "DEFAULT_SERVICES",
    "NOTICE_KINDS",
    "RETRACTING_NOTICES",
    "RECORDS_FILE",
    "AuditResult",
    "compute_audit",
    "compute_comparison",
    "compute_lookups",
    "jats_to_text",
    "record_fields",
    "record_notices",
]

#: The services an audit asks unless told otherwise: OpenAlex also, with a key (see pipeline).
DEFAULT_SERVICES = ("crossref", "openlibrary", "europepmc")


# ---------------------------------------------------------------- what to ask


def _looks_like_book(reference) -> bool:
    kind = value_of(reference, "kind")
    if kind in ("book", "chapter"):
        return True
    return bool(value_of(reference, "publisher") or value_of(reference, "isbn")) and not (
        value_of(reference, "volume") or value_of(reference, "pages")
    )


def _book_query(reference) -> tuple[dict, str | None, str | None]:
    """What to check in Open Library: (reference to match, main title, first author's surname).

    For a chapter the book it stands in is searched, by title only (its authors are the book's
    editors, not the chapter's), and matched on title and year.
    """
    if value_of(reference, "kind") == "chapter" and value_of(reference, "container"):
        book = {"title": value_of(reference, "container"), "year": value_of(reference, "year"), "authors": []}
        return book, _query_title(book["title"]), None
    title = value_of(reference, "title")
    return reference, _query_title(title) if title else None, first_family_name(value_of(reference, "authors"))


def _query_title(title: str) -> str:
    """The title to search Open Library with: before the subtitle, which catalogues often leave out."""
    return re.split(r":\s", str(title), maxsplit=1)[0].strip()


def _search_query(reference) -> str:
    """The whole entry, as Crossref advises, less its list number ("3.", "[3]"): noise to a search."""
    return NUMBERING.sub("", str(value_of(reference, "raw") or ""), count=1).strip()


def _cited_doi(reference) -> str | None:
    doi = value_of(reference, "doi")
    if doi is None:
        return None
    try:
        return normalize_doi(str(doi))
    except ValueError:  # not a DOI after all: the entry is searched instead
        return None


# ---------------------------------------------------------------- verdicts


@dataclass
class _Outcome:
    """One reference resolved as far as the records allow: its audit row, links, and what is still to ask."""

    row: dict
    links: list[dict] = field(default_factory=list)
    needed: list[tuple[str, str, str]] = field(default_factory=list)
    failure: str | None = None


def _unchecked(ref_id: str, note: str, needed=(), failure: str | None = None) -> _Outcome:
    row = {name: None for name in AUDIT.names}
    row.update(ref_id=ref_id, status="unchecked", service="none", note=note)
    return _Outcome(row, needed=list(needed), failure=failure or note)


def _verdict(ref_id: str, reference, match: Match, service: str) -> dict:
    row = {name: None for name in AUDIT.names}
    row.update(ref_id=ref_id, service=service, confidence=match.confidence or None, note=match.note or None)
    if match.record is None:
        row.update(status="not_found", service="none")
        return row
    row.update(record_fields(match.record))
    row["doi"] = match.doi
    row["discrepancies"] = compare_fields(reference, match.record)
    if any(n.startswith(IS_A_NOTICE) for n in row["notices"]):
        row["note"] = "; ".join(x for x in (row["note"], "the cited record is itself a notice (see notices)") if x)
    retracted = bool(RETRACTING_NOTICES & set(row["notice_kinds"]))
    row["status"] = "retracted" if retracted else "discrepant" if row["discrepancies"] else "verified"
    return row


def _answer(ref_id: str, index: dict, lookup: tuple[str, str, str]) -> tuple[dict | None, _Outcome | None]:
    """The record answering ``lookup``, or the unchecked outcome when it is missing or failed."""
    record = index.get(lookup)
    if record is None:
        return None, _unchecked(ref_id, f"not looked up yet ({lookup[0]} {lookup[1]})", [lookup])
    if record["status"] == "failed":
        failure = record.get("error") or "the look-up failed"
        return None, _unchecked(ref_id, f"not checked: {failure}", failure=failure)
    return record, None


def _with_evidence(outcome: _Outcome, work: dict, index: dict, services) -> _Outcome:
    """Add a found journal article's evidence (abstract, subjects, ids, free full text, references)."""
    row = outcome.row
    if row["status"] not in FOUND_STATUSES:
        return outcome
    found = compute_work_evidence(row["ref_id"], row, work, index, services)
    notices, kinds = found.fields.pop("notices"), found.fields.pop("notice_kinds")
    row.update(found.fields)
    row["notices"] = list(row["notices"]) + notices
    row["notice_kinds"] = list(dict.fromkeys(list(row["notice_kinds"]) + kinds))
    if RETRACTING_NOTICES & set(kinds):  # Europe PMC's or OpenAlex's retraction signal counts too
        row["status"] = "retracted"
    outcome.links = found.links
    outcome.needed += found.needed
    return outcome


def _another_work(reference, match: Match, work: dict) -> bool:
    """True when the record a cited DOI gives is another work: neither its title nor its authors agree,
    or its title does not and another person leads its author list (a paper of the same group, sharing
    co-authors: "Focal loss…" by Lin et al. given the DOI of "Faster R-CNN…" by Ren, He, Girshick and Sun).

    A side the citation does not state (no title, as in title-less styles) cannot disagree.
    """
    scores = match.fields
    if "title" not in scores and "author" not in scores:
        return False
    if all(scores.get(name, 0.0) <= SUPPORT_SIMILARITY for name in ("title", "author") if name in scores):
        return True
    cited, found = first_family_name(value_of(reference, "authors")), first_family_name(work.get("author"))
    return (
        scores.get("title", 1.0) <= SUPPORT_SIMILARITY
        and bool(cited and found)
        and fold(str(cited)) != fold(str(found))
    )


def _nothing_to_compare(reference, work: dict, match: Match) -> str | None:
    """Why the record of a cited DOI cannot check the entry, or None: it names the work by none of the
    title, authors or journal the entry states (a record of a DOI alone once "verified" any entry)."""
    record = {
        "title": record_title(work),
        "authors": work.get("author") or work.get("editor"),
        "container": work.get("container-title"),
    }
    if not any(_stated(v) for v in record.values()):
        return "has no title, authors or journal to compare"
    if "title" in match.fields or "author" in match.fields:
        return None
    if _stated(record["container"]) and _stated(value_of(reference, "container")):
        return None
    return "states none of the title, authors or journal the entry gives, so there is nothing to compare"


def _stated(value) -> bool:
    if hasattr(value, "tolist"):  # an array of a table's cell
        value = value.tolist()
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple)):
        return any(_stated(v) for v in value)
    if isinstance(value, dict):
        return any(_stated(v) for v in value.values())
    return False


def _doi_elsewhere(ref_id: str, reference, doi: str, work: dict, index: dict, services) -> _Outcome:
    """A cited DOI that names another work: a discrepancy of its own, then the entry is searched for.

    Found, the verdict is on the work the entry describes, with the DOI's discrepancy first; not
    found, on the DOI's record with that discrepancy alone (the other fields of an unrelated work say
    nothing more).
    """
    title = record_title(work) or "untitled"
    who = first_family_name(work.get("author") or work.get("editor"))
    year = record_year(work)
    about = ", ".join(str(x) for x in (who, year) if x)
    said = f'doi: {doi} points to another work, "{title}"' + (f" ({about})" if about else "")
    query = _search_query(reference)
    if query:
        record, unchecked = _answer(ref_id, index, ("crossref", "search", query))
        if unchecked:
            return unchecked
        items = [r for r in record_body(record)["message"]["items"] if str(r.get("DOI", "")).lower() != doi]
        found = compute_match(reference, items)
        if found.is_accepted:
            row = _verdict(ref_id, reference, found, "crossref")
            described = f"{said}; the entry describes {found.doi or 'a work without a DOI'}"
            row["discrepancies"] = [described, *row["discrepancies"]]
            row["status"] = "retracted" if row["status"] == "retracted" else "discrepant"
            return _with_evidence(_Outcome(row), found.record, index, services)
    kept = Match(
        doi=str(work.get("DOI") or doi).lower(), record=work, note="the work the entry describes was not found"
    )
    row = _verdict(ref_id, reference, kept, "crossref")
    row["discrepancies"] = [said]
    row["status"] = "retracted" if row["status"] == "retracted" else "discrepant"
    return _with_evidence(_Outcome(row), work, index, services)


def _resolve(ref_id: str, reference, index: dict, services=DEFAULT_SERVICES) -> _Outcome:
    """Match one reference against the records; say what is missing when they do not suffice."""
    doi = _cited_doi(reference)
    if doi:
        record, unchecked = _answer(ref_id, index, ("crossref", "work", doi))
        if unchecked:
            return unchecked
        if record["status"] == "not_found":
            row = _verdict(ref_id, reference, Match(note=f"DOI {doi} is not registered with Crossref"), "none")
            return _Outcome(row)
        work = record_body(record)["message"]
        match = compute_match(reference, [work])
        unnamed = _nothing_to_compare(reference, work, match)
        if unnamed:
            return _unchecked(ref_id, f"not checked: the record for {doi} {unnamed}")
        if not match.is_accepted and _another_work(reference, match, work):
            return _doi_elsewhere(ref_id, reference, doi, work, index, services)
        if not match.is_accepted:  # a DOI names one record; keep it and let discrepancies speak
            match = Match(
                doi=str(work.get("DOI") or doi).lower(),
                record=work,
                confidence=match.confidence,
                fields=match.fields,
                note=f"cited DOI kept although {match.note}",
            )
        return _with_evidence(_Outcome(_verdict(ref_id, reference, match, "crossref")), work, index, services)

    query = _search_query(reference)
    match = Match(note="entry has no text to search")
    if query:
        record, unchecked = _answer(ref_id, index, ("crossref", "search", query))
        if unchecked:
            return unchecked
        match = compute_match(reference, record_body(record)["message"]["items"])
        if match.is_accepted or match.is_ambiguous:
            outcome = _Outcome(_verdict(ref_id, reference, match, "crossref"))
            return _with_evidence(outcome, match.record, index, services) if match.record else outcome
    if _looks_like_book(reference):
        target, title, author = _book_query(reference)
        if title:
            record, unchecked = _answer(ref_id, index, ("openlibrary", "book", book_key(title, author)))
            if unchecked:
                return unchecked
            docs = record_body(record)["docs"]
            book = compute_match(target, [book_record(d) for d in docs if isinstance(d, dict)])
            if book.is_accepted and target is not reference:
                note = "the book was found in Open Library; the chapter itself is not checked"
                return _Outcome(_verdict(ref_id, target, replace(book, note=note), "openlibrary"))
            if book.is_accepted or book.is_ambiguous:
                return _Outcome(_verdict(ref_id, target, book, "openlibrary"))
            return _Outcome(
                _verdict(ref_id, reference, Match(note=f"Crossref: {match.note}; Open Library: {book.note}"), "none")
            )
    return _Outcome(_verdict(ref_id, reference, match, "none"))


def compute_lookups(
    references: pd.DataFrame, records: pd.DataFrame | None = None, *, services=DEFAULT_SERVICES
) -> pd.DataFrame:
    """What the audit still needs to ask, given the records so far (LOOKUPS schema; pure).

    Run it, fetch, and run it again until it is empty: the first round asks Crossref (by DOI, else
    by search); the second asks Open Library for the books Crossref did not match, and Europe PMC
    for the evidence of the works found (:mod:`litmap.verify.enrich`); the third Europe PMC for
    reference lists Crossref lacks; the last OpenAlex, when it is among ``services`` (it needs a
    key), for what is still missing. Look-ups already in ``records`` (answered or failed) are not
    asked again; services not in ``services`` never are.

    Examples
    --------
    >>> from litmap.schemas import REFERENCES
    >>> refs = REFERENCES.from_records([
    ...     {"ref_id": "R01", "raw": "Eisenberger NI (2003). Does rejection hurt? Science.", "doi": "10.1126/SCIENCE.1089134"},
    ...     {"ref_id": "R02", "raw": "3. Siegel DJ (2010). The mindful therapist. Norton."}])
    >>> compute_lookups(refs)[["ref_id", "kind", "key"]].values.tolist()
    [['R01', 'work', '10.1126/science.1089134'], ['R02', 'search', 'Siegel DJ (2010). The mindful therapist. Norton.']]
    """
    REFERENCES.validate(references)
    index = index_records(records)
    rows = [
        {"ref_id": str(reference["ref_id"]), "service": service, "kind": kind, "key": key}
        for _, reference in references.iterrows()
        for service, kind, key in _resolve(str(reference["ref_id"]), reference, index, services).needed
        if service in services
    ]
    return LOOKUPS.from_records(rows)


def compute_audit(references: pd.DataFrame, records: pd.DataFrame | None, *, services=DEFAULT_SERVICES) -> AuditResult:
    """Give every reference a verdict from the records fetched for it (pure: no I/O).

    Parameters
    ----------
    references : DataFrame
        The REFERENCES table (e.g. ``load_article(...).references``); not modified.
    records : DataFrame or None
        RECORDS table from :func:`litmap.fetch_records` (or a snapshot); a reference whose
        look-ups are missing or failed is ``unchecked``, with the reason in ``note``. Evidence
        look-ups (Europe PMC, OpenAlex) that are missing or failed never change a verdict: the
        fields stay empty and ``evidence_gaps`` says why.
    services : sequence of str
        The services the audit may ask, as for :func:`compute_lookups` (gaps say which were not).

    Returns
    -------
    AuditResult
        ``.audit`` (AUDIT schema), ``.source_links`` (SOURCE_LINKS schema), ``.failures`` and
        the ``.records`` used.
    """
    REFERENCES.validate(references)
    index = index_records(records)
    rows, links, failures = [], [], []
    for _, reference in references.iterrows():
        ref_id = str(reference["ref_id"])
        outcome = _resolve(ref_id, reference, index, services)
        rows.append(outcome.row)
        links.extend(outcome.links)
        if outcome.row["status"] == "unchecked":
            failures.append((ref_id, outcome.failure or outcome.row["note"]))
    return AuditResult(AUDIT.from_records(rows), SOURCE_LINKS.from_records(links), failures, records)
