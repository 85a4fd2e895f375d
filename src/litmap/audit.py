"""Audit a reference list: is each source real, and is it cited right?

For every reference, :func:`compute_audit` finds the record it cites (Crossref by DOI or by
search-based matching with validation, Open Library for books Crossref does not hold), compares
the cited fields with it and gives a verdict from :data:`litmap.schemas.AUDIT_STATUSES`:

- ``verified``: record found, the cited fields agree;
- ``discrepant``: record found, some cited field differs (``discrepancies`` says which, in words);
- ``retracted``: the record's ``updated-by`` holds a retraction, withdrawal or removal;
- ``not_found``: no credible record anywhere;
- ``unchecked``: the look-up failed or the run is offline with nothing bundled (``note`` says why;
  the run goes on).

Apart from the client calls passed in, everything here is pure; the clients are injected so a
notebook, the CLI and the tests use the same code with live, cached or bundled answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import pandas as pd

from litmap._reference_patterns import NUMBERING
from litmap.article import SKIPPED_ELEMENTS, html_to_text
from litmap.errors import LookupServiceError
from litmap.matching import (
    Match,
    _value,
    book_record,
    compare_fields,
    compute_match,
    record_year,
)
from litmap.plotting import STATUS_COLORS
from litmap.schemas import AUDIT, REFERENCES, SOURCE_LINKS

__all__ = [
    "AuditResult",
    "RETRACTION_TYPES",
    "STATUS_COLOURS",
    "compute_audit",
    "jats_to_text",
    "record_fields",
    "style_audit",
]

#: ``updated-by`` types that make a work count as retracted.
RETRACTION_TYPES = frozenset({"retraction", "partial_retraction", "withdrawal", "removal"})
#: How many Crossref candidates a search asks for (Crossref's advice when you validate yourself).
SEARCH_ROWS = 5


@dataclass
class AuditResult:
    """What :func:`compute_audit` returns.

    Attributes
    ----------
    audit : DataFrame
        One row per reference, AUDIT schema.
    source_links : DataFrame
        The matched Crossref records' own reference lists, SOURCE_LINKS schema.
    failures : list of (ref_id, error message)
        Look-ups that failed (service error or offline); those references are ``unchecked``.
    """

    audit: pd.DataFrame
    source_links: pd.DataFrame
    failures: list[tuple[str, str]] = field(default_factory=list)

    def counts(self) -> pd.Series:
        """Number of references per status, in AUDIT_STATUSES order (zeros included)."""
        from litmap.schemas import AUDIT_STATUSES

        return self.audit["status"].value_counts().reindex(list(AUDIT_STATUSES), fill_value=0)

    def discrepancies(self) -> pd.DataFrame:
        """One row per discrepancy found: ``ref_id``, ``status``, ``discrepancy`` (in words)."""
        rows = [
            {"ref_id": row.ref_id, "status": row.status, "discrepancy": text}
            for row in self.audit.itertuples()
            for text in (row.discrepancies or [])
        ]
        return pd.DataFrame(rows, columns=["ref_id", "status", "discrepancy"]).astype("string")


#: Background colour per status: light tints of the Okabe-Ito colour-blind-safe palette.
def _tint(hex_colour: str, amount: float = 0.75) -> str:
    """A light tint of a colour (mixed with white), so table text stays readable on it."""
    rgb = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)


#: Row backgrounds of the styled audit table: light tints of the figures' status colours.
STATUS_COLOURS = {status: _tint(colour) for status, colour in STATUS_COLORS.items()}


def style_audit(
    audit: pd.DataFrame,
    columns=("ref_id", "status", "source", "confidence", "year", "title", "container", "doi", "discrepancies", "note"),
):
    """The audit as a pandas ``Styler`` with each row coloured by its status, for notebooks.

    Parameters
    ----------
    audit : DataFrame
        The AUDIT table (``compute_audit(...).audit``); not modified.
    columns : sequence of str
        Columns to show; list columns are joined with ``"; "``.
    """
    AUDIT.validate(audit)
    shown = audit[list(columns)].copy()
    for name in shown.columns:
        if name in AUDIT.list_columns:
            shown[name] = shown[name].map(lambda items: "; ".join(map(str, items)) if items else "")
    colours = audit["status"].map(STATUS_COLOURS).fillna("")

    def by_status(row):
        colour = colours.loc[row.name]
        return [f"background-color: {colour}" if colour else ""] * len(row)

    return shown.style.apply(by_status, axis=1).format(precision=2, na_rep="").hide(axis="index")


# ---------------------------------------------------------------- record fields


def jats_to_text(jats: str | None) -> str | None:
    """Plain text of a Crossref JATS abstract: tags stripped, entities unescaped, section titles dropped.

    >>> jats_to_text("<jats:title>Abstract</jats:title><jats:p>Pain &amp; <jats:italic>empathy</jats:italic>.</jats:p>")
    'Pain & empathy.'
    """
    if not jats:
        return None
    text = html_to_text(jats, skip=SKIPPED_ELEMENTS | {"title"})  # section titles ("Abstract") dropped
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p) or None


def _person(author: dict) -> dict:
    if author.get("family"):
        person = {"family": author["family"]}
        if author.get("given"):
            person["given"] = author["given"]
        return person
    return {"literal": author.get("name") or author.get("literal") or ""}


def _notices(record: dict) -> tuple[list[str], bool]:
    """Notices from ``updated-by`` in words ('Retraction: 10.x/y (2019-07-26)'), and whether retracted."""
    notices, seen, retracted = [], set(), False
    for update in record.get("updated-by") or []:
        kind = str(update.get("type", "")).lower().replace("-", "_")
        doi = str(update.get("DOI", "")).lower()
        if (kind, doi) in seen:
            continue  # the same event deposited by the publisher and by Retraction Watch
        seen.add((kind, doi))
        retracted = retracted or kind in RETRACTION_TYPES
        label = update.get("label") or kind.replace("_", " ").capitalize()
        parts = ((update.get("updated") or {}).get("date-parts") or [[None]])[0]
        date = "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts) if isinstance(p, int))
        where = ", ".join(x for x in (doi, date) if x)
        notices.append(f"{label}: {where}" if where else str(label))
    return notices, retracted


def record_fields(record: dict) -> dict:
    """The AUDIT columns a record fills: title, authors, year, container, ..., abstract, notices."""

    def first(key):
        value = record.get(key)
        if isinstance(value, list):
            return value[0] if value else None
        return value

    title = first("title")
    subtitle = first("subtitle")
    if title and subtitle:
        title = f"{title}: {subtitle}"
    references_count = record.get("references-count", record.get("reference-count"))
    return {
        "title": title,
        "authors": [_person(a) for a in record.get("author") or []],
        "year": record_year(record),
        "container": first("container-title"),
        "volume": record.get("volume"),
        "issue": record.get("issue"),
        "pages": record.get("page") or record.get("article-number"),
        "type": record.get("type"),
        "publisher": record.get("publisher"),
        "is_referenced_by_count": record.get("is-referenced-by-count"),
        "references_count": references_count,
        "subjects": list(record.get("subject") or []),
        "abstract": jats_to_text(record.get("abstract")),
        "notices": _notices(record)[0],
    }


def _source_links(ref_id: str, record: dict) -> list[dict]:
    return [
        {
            "ref_id": ref_id,
            "cited_doi": str(entry["DOI"]).lower() if entry.get("DOI") else None,
            "cited_key": entry.get("key"),
            "cited_text": entry.get("unstructured"),
        }
        for entry in record.get("reference") or []
    ]


# ---------------------------------------------------------------- look-ups


def _looks_like_book(reference) -> bool:
    kind = _value(reference, "kind")
    if kind in ("book", "chapter"):
        return True
    return bool(_value(reference, "publisher") or _value(reference, "isbn")) and not (
        _value(reference, "volume") or _value(reference, "pages")
    )


def _book_query(reference) -> tuple[dict, str | None, str | None]:
    """What to check in Open Library: (reference to match, main title, first author's surname).

    For a chapter the book it stands in is searched, by title only (its authors are the book's
    editors, not the chapter's), and matched on title and year.
    """
    if _value(reference, "kind") == "chapter" and _value(reference, "container"):
        book = {"title": _value(reference, "container"), "year": _value(reference, "year"), "authors": []}
        return book, _main_title(book["title"]), None
    authors = _value(reference, "authors") or []
    author = None
    if authors and isinstance(authors[0], dict):
        author = authors[0].get("family") or authors[0].get("literal")
    title = _value(reference, "title")
    return reference, _main_title(title) if title else None, author


def _main_title(title: str) -> str:
    return re.split(r":\s", str(title), maxsplit=1)[0].strip()


def _search_query(reference) -> str:
    """The whole entry, as Crossref advises, less its list number ("3.", "[3]"): noise to a search."""
    return NUMBERING.sub("", str(_value(reference, "raw") or ""), count=1)


def _crossref_key(reference) -> str:
    """What Crossref is asked for a reference: its DOI, else its search query."""
    doi = _value(reference, "doi")
    return str(doi) if doi else _search_query(reference)


def _prefetch(references: pd.DataFrame, crossref, *, progress: bool) -> dict[str, LookupServiceError]:
    """Look up every cited DOI and every search concurrently, as far as the service allows.

    Only for a client with batch methods that is online and not refreshing: its cache keeps each
    answer, so the per-reference pass that follows reads them back instead of waiting on each in
    turn. Returns the look-ups that failed (by DOI or query), so that pass does not wait on them again.
    """
    if getattr(crossref, "offline", True) or getattr(crossref, "refresh", True):
        return {}
    if not (hasattr(crossref, "fetch_works") and hasattr(crossref, "search_many")):
        return {}
    keys = [_crossref_key(r) for _, r in references.iterrows()]
    dois = [k for k, doi in zip(keys, references["doi"]) if isinstance(doi, str) and doi]
    queries = [k for k, doi in zip(keys, references["doi"]) if not (isinstance(doi, str) and doi) and k.strip()]
    errors: dict[str, LookupServiceError] = {}
    if dois:
        errors.update(crossref.fetch_works(dois, progress=progress).errors)
    if queries:
        errors.update(crossref.search_many(queries, rows=SEARCH_ROWS, progress=progress).errors)
    return errors


def _look_up(reference, crossref, openlibrary) -> tuple[Match, str, object]:
    """Find the record a reference cites: (match, source crossref/openlibrary/none, what was compared).

    What was compared is the reference itself, or for a chapter the book it stands in.
    """
    doi = _value(reference, "doi")
    if doi:
        work = crossref.fetch_work(str(doi))
        if work is None:
            return Match(note=f"DOI {doi} is not registered with Crossref"), "none", reference
        match = compute_match(reference, [work])
        if not match.is_accepted:  # a DOI names one record; keep it and let discrepancies speak
            match = Match(
                doi=str(work.get("DOI", doi)).lower(),
                record=work,
                confidence=match.confidence,
                fields=match.fields,
                note=f"cited DOI kept although {match.note}",
            )
        return match, "crossref", reference
    raw = _search_query(reference)
    match = (
        compute_match(reference, crossref.search_works(raw, rows=SEARCH_ROWS))
        if raw.strip()
        else Match(note="entry has no text to search")
    )
    if match.is_accepted or match.is_ambiguous:
        return match, "crossref", reference
    if openlibrary is not None and _looks_like_book(reference):
        target, title, author = _book_query(reference)
        if title:
            docs = openlibrary.search_books(title, author=author, limit=SEARCH_ROWS)
            book = compute_match(target, [book_record(d) for d in docs or []])
            if book.is_accepted and target is not reference:
                note = "the book was found in Open Library; the chapter itself is not checked"
                return replace(book, note=note), "openlibrary", target
            if book.is_accepted or book.is_ambiguous:
                return book, "openlibrary", target
            return Match(note=f"Crossref: {match.note}; Open Library: {book.note}"), "none", reference
    return match, "none", reference


def _audit_row(ref_id: str, reference, match: Match, source: str) -> dict:
    row = {name: None for name in AUDIT.names}
    row.update(ref_id=ref_id, source=source, confidence=match.confidence or None, note=match.note or None)
    if match.record is None:
        row["status"] = "not_found"
        row["source"] = "none"
        return row
    row.update(record_fields(match.record))
    row["doi"] = match.doi
    row["discrepancies"] = compare_fields(reference, match.record)
    retracted = _notices(match.record)[1]
    row["status"] = "retracted" if retracted else "discrepant" if row["discrepancies"] else "verified"
    return row


def compute_audit(references: pd.DataFrame, *, crossref, openlibrary=None, progress: bool = True) -> AuditResult:
    """Look up every reference and give each a verdict; failures are recorded, never fatal.

    Parameters
    ----------
    references : DataFrame
        The REFERENCES table (e.g. ``load_article(...).references``); not modified.
    crossref
        An object with ``fetch_work(doi) -> dict | None`` and ``search_works(query, rows=5) ->
        list[dict]``, normally a :class:`litmap.CrossrefClient`.
    openlibrary : optional
        An object with ``search_books(title, author=None, limit=5) -> list[dict]``, normally a
        :class:`litmap.OpenLibraryClient`; without it books are checked in Crossref only.
    progress : bool
        Show a progress bar (tqdm; notebook-aware).

    Returns
    -------
    AuditResult
        ``.audit`` (AUDIT schema), ``.source_links`` (SOURCE_LINKS schema) and ``.failures``.
    """
    REFERENCES.validate(references)
    from tqdm.auto import tqdm

    failed_early = _prefetch(references, crossref, progress=progress)
    rows, links, failures = [], [], []
    items = list(references.iterrows())
    for _, reference in tqdm(items, desc="auditing references", unit="ref", disable=not progress):
        ref_id = str(reference["ref_id"])
        try:
            if _crossref_key(reference) in failed_early:
                raise failed_early[_crossref_key(reference)]
            match, source, compared = _look_up(reference, crossref, openlibrary)
        except LookupServiceError as err:
            failures.append((ref_id, str(err)))
            row = {name: None for name in AUDIT.names}
            row.update(ref_id=ref_id, status="unchecked", source="none", note=f"not checked: {err}")
            rows.append(row)
            continue
        rows.append(_audit_row(ref_id, compared, match, source))
        if match.record is not None and source == "crossref":
            links.extend(_source_links(ref_id, match.record))
    return AuditResult(AUDIT.from_records(rows), SOURCE_LINKS.from_records(links), failures)
