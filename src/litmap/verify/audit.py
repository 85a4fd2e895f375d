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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from litmap.parse.patterns import NUMBERING
from litmap.schemas import (
    AUDIT,
    AUDIT_STATUSES,
    FOUND_STATUSES,
    LOOKUPS,
    REFERENCES,
    SOURCE_LINKS,
    STATUS_LABELS,
    write_table,
)
from litmap.text import counted
from litmap.values import field as value_of
from litmap.values import first_family_name, is_missing, person_name, record_title, title_with_subtitle
from litmap.verify.comparison import compare_fields
from litmap.verify.crossref import normalize_doi
from litmap.verify.enrich import compute_work_evidence, jats_to_text
from litmap.verify.matching import SUPPORT_SIMILARITY, Match, book_record, compute_match
from litmap.verify.numbers import record_year
from litmap.verify.openlibrary import book_key
from litmap.verify.records import index_records, record_body

__all__ = [
    "DEFAULT_SERVICES",
    "NOTICE_KINDS",
    "RETRACTING_NOTICES",
    "AuditResult",
    "compute_audit",
    "compute_comparison",
    "compute_lookups",
    "jats_to_text",
    "record_fields",
    "record_notices",
]

#: Crossref update types, grouped into the kinds of notice a reader tells apart.
NOTICE_KINDS = {
    "retraction": "retraction",
    "partial_retraction": "retraction",
    "withdrawal": "withdrawal",
    "removal": "withdrawal",
    "expression_of_concern": "expression of concern",
    "correction": "correction",
    "corrigendum": "correction",
    "erratum": "correction",
    "addendum": "correction",
    "clarification": "correction",
    "new_version": "new version",
    "new_edition": "new version",
}
#: The kinds of notice that make a work ``retracted``; the others are listed, not judged.
RETRACTING_NOTICES = frozenset({"retraction", "withdrawal"})
_NOTICE_SOURCES = {"publisher": "publisher", "retraction-watch": "Retraction Watch"}
_IS_A_NOTICE = "this record is a "
#: The services an audit asks unless told otherwise: OpenAlex also, with a key (see pipeline).
DEFAULT_SERVICES = ("crossref", "openlibrary", "europepmc")
#: In an output folder: the records an audit was computed from, as a snapshot file.
RECORDS_FILE = "records.json"


@dataclass
class AuditResult:
    """What :func:`compute_audit` returns.

    Attributes
    ----------
    audit : DataFrame
        One row per reference, AUDIT schema.
    source_links : DataFrame
        The found works' own reference lists (Crossref, else Europe PMC, else OpenAlex), SOURCE_LINKS schema.
    failures : list of (ref_id, reason)
        References that could not be checked (a failed or missing look-up); they are ``unchecked``.
    records : DataFrame
        The records the verdicts were computed from (RECORDS schema), kept so they can be saved.
    """

    audit: pd.DataFrame
    source_links: pd.DataFrame
    failures: list[tuple[str, str]] = field(default_factory=list)
    records: pd.DataFrame | None = None
    #: Lines for the summary that no single reference owns (e.g. "openalex: not asked (no API key …)").
    notes: list[str] = field(default_factory=list)

    def counts(self) -> pd.Series:
        """Number of references per status, in AUDIT_STATUSES order (zeros included)."""
        return self.audit["status"].value_counts().reindex(list(AUDIT_STATUSES), fill_value=0)

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write ``audit.csv``, ``source_links.csv``, ``records.csv`` and ``records.json`` into ``out_dir``.

        ``records.json`` is a snapshot of every answer the verdicts rest on: pass the folder as
        ``audit_references(..., saved=out_dir)`` and nothing is looked up again.
        """
        from litmap.verify.snapshot import write_snapshot

        out = Path(out_dir)
        paths = [write_table(self.audit, out / "audit.csv"), write_table(self.source_links, out / "source_links.csv")]
        if self.records is not None:
            paths.append(write_table(self.records, out / "records.csv"))
            about = (
                "The look-ups behind audit.csv, saved by litmap; read back with audit_references(..., saved=FOLDER)."
            )
            paths.append(write_snapshot(self.records, out / RECORDS_FILE, about=about))
        return paths

    def discrepancies(self) -> pd.DataFrame:
        """One row per discrepancy found: ``ref_id``, ``status``, ``discrepancy`` (in words)."""
        rows = [
            {"ref_id": row.ref_id, "status": row.status, "discrepancy": text}
            for row in self.audit.itertuples()
            for text in (row.discrepancies or [])
        ]
        return pd.DataFrame(rows, columns=["ref_id", "status", "discrepancy"]).astype("string")

    def first(self, status: str) -> str | None:
        """The ref_id of the first reference (in list order) with ``status``; None when none has it.

        Notebooks use it to pick their example from the article: ``result.first("discrepant")``.
        """
        if status not in AUDIT_STATUSES:
            raise ValueError(f"status must be one of {', '.join(AUDIT_STATUSES)}, not {status!r}")
        hits = self.audit.loc[self.audit["status"] == status, "ref_id"]
        return None if hits.empty else str(hits.iloc[0])

    def explain(self, ref_id: str | None) -> str:
        """One sentence on a reference's verdict: its status, the record and what differs.

        ``ref_id=None`` (what :meth:`first` gives when no reference has the status asked for)
        says so, with the verdicts there are, instead of failing.
        """
        if ref_id is None:
            return f"No reference to show here; the verdicts are: {self.counts_text() or 'none (no references)'}."
        rows = self.audit.loc[self.audit["ref_id"] == ref_id]
        if rows.empty:
            raise KeyError(f"no reference {ref_id!r} in the audit")
        row = rows.iloc[0]
        text = f"{ref_id} is {STATUS_LABELS.get(row['status'], row['status'])}"
        if not is_missing(row["title"]):
            year = "" if is_missing(row["year"]) else f", {int(row['year'])}"
            text += f" (record: '{row['title']}'{year})"
        said = list(row["discrepancies"] or []) or ([] if is_missing(row["note"]) else [str(row["note"])])
        return text + (": " + "; ".join(said) if said else "") + "."

    def counts_text(self) -> str:
        """'5 verified, 4 not found': the verdicts there are, in words (as every summary says them)."""
        return ", ".join(f"{n} {STATUS_LABELS.get(s, s)}" for s, n in self.counts().items() if n)

    def summary(self) -> str:
        """A few lines a person reads: the verdicts, and why references were left unchecked.

        >>> from litmap.schemas import AUDIT
        >>> result = AuditResult(AUDIT.from_records([
        ...     {"ref_id": "R01", "status": "verified"},
        ...     {"ref_id": "R02", "status": "unchecked", "note": "not checked: offline, no saved answer"},
        ...     {"ref_id": "R03", "status": "unchecked", "note": "not checked: offline, no saved answer"},
        ... ]), SOURCE_LINKS.empty())
        >>> print(result.summary())
        3 references: 1 verified, 2 unchecked
          2 unchecked: not checked: offline, no saved answer
        """
        lines = [f"{counted(len(self.audit), 'reference')}: {self.counts_text() or 'none'}"]
        notes = self.audit.loc[self.audit["status"] == "unchecked", "note"].fillna("no reason recorded")
        for note, n in notes.value_counts(sort=True).head(3).items():
            lines.append(f"  {n} unchecked: {note}")
        return "\n".join(lines)


#: The fields a reference and its record are compared on: (field, what compare_fields calls it).
_COMPARED_FIELDS = (
    ("authors", ("authors",)),
    ("year", ("year",)),
    ("title", ("title",)),
    ("container", ("journal", "proceedings", "book", "venue")),
    ("volume", ("volume",)),
    ("issue", ("issue",)),
    ("pages", ("pages",)),
    ("publisher", ("publisher",)),
    ("doi", ("doi",)),
)


def _shown(name: str, value) -> str | None:
    if name == "authors":
        people = [person_name(p) for p in value] if isinstance(value, list) else []
        return "; ".join(people[:3]) + (f"; … ({len(people)} in all)" if len(people) > 3 else "") or None
    return None if is_missing(value) else str(int(value) if name == "year" else value)


def compute_comparison(references: pd.DataFrame, audit: pd.DataFrame, ref_id: str | None) -> pd.DataFrame:
    """A reference as cited beside the record the audit matched it to, one row per field.

    Parameters
    ----------
    references, audit
        The REFERENCES and AUDIT tables.
    ref_id
        The reference to show (e.g. ``result.first("discrepant")``); None gives an empty table.

    Returns
    -------
    DataFrame
        ``field``, ``cited``, ``record`` and ``differs`` (True where the audit's discrepancies
        name the field: the same comparison the verdict rests on, not a second one).

    Raises
    ------
    KeyError
        ``ref_id`` is not a reference of the table.
    """
    REFERENCES.validate(references)
    AUDIT.validate(audit)
    columns = ["field", "cited", "record", "differs"]
    if ref_id is None:
        return pd.DataFrame(columns=columns).astype({c: "string" for c in columns[:3]} | {"differs": "boolean"})
    cited = references.loc[references["ref_id"] == ref_id]
    found = audit.loc[audit["ref_id"] == ref_id]
    if cited.empty:
        raise KeyError(f"no reference {ref_id!r}; the references are {', '.join(references['ref_id'].head(5))}, …")
    ref = cited.iloc[0]
    rec = found.iloc[0] if not found.empty else {}
    said = [str(d) for d in rec.get("discrepancies") or []]
    rows = [
        {
            "field": name,
            "cited": _shown(name, ref.get(name)),
            "record": _shown(name, rec.get(name)),
            "differs": any(d.startswith(f"{label}:") for label in labels for d in said),
        }
        for name, labels in _COMPARED_FIELDS
    ]
    return pd.DataFrame(rows, columns=columns).astype({c: "string" for c in columns[:3]} | {"differs": "boolean"})


# ---------------------------------------------------------------- record fields


def _person(author: dict) -> dict:
    if author.get("family"):
        person = {"family": author["family"]}
        if author.get("given"):
            person["given"] = author["given"]
        return person
    return {"literal": author.get("name") or author.get("literal") or ""}


def _date(update: dict) -> str:
    parts = ((update.get("updated") or {}).get("date-parts") or [[None]])[0]
    return "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts) if isinstance(p, int))


def record_notices(record: dict) -> tuple[list[str], list[str], bool]:
    """The notices on a Crossref record: in words, their kinds, and whether the work is retracted.

    Read from ``updated-by`` (notices that update this work) and ``update-to`` (a notice
    deposited on the work itself, or — when it names another DOI — this record *is* a notice of
    that work). The same event deposited by the publisher and by Retraction Watch is one notice
    naming both. Only a retraction or a withdrawal (:data:`RETRACTING_NOTICES`) retracts.

    >>> notices, kinds, retracted = record_notices({"DOI": "10.1/a", "updated-by": [
    ...     {"DOI": "10.1/r", "type": "retraction", "source": "retraction-watch",
    ...      "updated": {"date-parts": [[2019, 7, 26]]}},
    ...     {"DOI": "10.1/R", "type": "retraction", "source": "publisher"},
    ...     {"DOI": "10.1/e", "type": "expression_of_concern", "label": "Expression of concern"}]})
    >>> notices
    ['Retraction (Retraction Watch and publisher): 10.1/r, 2019-07-26', 'Expression of concern: 10.1/e']
    >>> kinds, retracted
    (['retraction', 'expression of concern'], True)
    """
    own = str(record.get("DOI") or "").lower()
    events: dict[tuple[str, str, bool], dict] = {}
    for relation in ("updated-by", "update-to"):
        for update in record.get(relation) or []:
            if not isinstance(update, dict):
                continue
            kind = str(update.get("type", "")).lower().replace("-", "_")
            doi = str(update.get("DOI", "")).lower()
            about_other = relation == "update-to" and bool(doi) and doi != own
            event = events.setdefault(
                (kind, doi, about_other),
                {"label": update.get("label") or kind.replace("_", " ").capitalize(), "date": "", "sources": []},
            )
            event["date"] = event["date"] or _date(update)
            source = _NOTICE_SOURCES.get(str(update.get("source", "")).lower(), update.get("source"))
            if source and source not in event["sources"]:
                event["sources"].append(source)
    notices, kinds, retracted = [], [], False
    for (kind, doi, about_other), event in events.items():
        label = event["label"] + (f" ({' and '.join(event['sources'])})" if event["sources"] else "")
        if about_other:  # the cited record is itself the notice
            notices.append(f"{_IS_A_NOTICE}{str(event['label']).lower()} notice of {doi}")
            continue
        where = ", ".join(x for x in (doi if doi != own else "", event["date"]) if x)
        notices.append(f"{label}: {where}" if where else label)
        category = NOTICE_KINDS.get(kind, kind.replace("_", " ") or "notice")
        if category not in kinds:
            kinds.append(category)
        retracted = retracted or category in RETRACTING_NOTICES
    return notices, kinds, retracted


def record_fields(record: dict) -> dict:
    """The AUDIT columns a record fills: title, authors, year, container, ..., abstract, notices."""

    def first(key):
        value = record.get(key)
        if isinstance(value, list):
            return value[0] if value else None
        return value

    notices, kinds, _ = record_notices(record)
    return {
        "title": record_title(record),
        "authors": [_person(a) for a in record.get("author") or [] if isinstance(a, dict)],
        "year": record_year(record),
        "container": title_with_subtitle(first("container-title")),
        "volume": record.get("volume"),
        "issue": record.get("issue"),
        "pages": record.get("page") or record.get("article-number"),
        "type": record.get("type"),
        "publisher": record.get("publisher"),
        "is_referenced_by_count": record.get("is-referenced-by-count"),
        "references_count": record.get("references-count", record.get("reference-count")),
        "subjects": list(record.get("subject") or []),
        "abstract": jats_to_text(record.get("abstract")),
        "notices": notices,
        "notice_kinds": kinds,
    }


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
    if any(n.startswith(_IS_A_NOTICE) for n in row["notices"]):
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


def _another_work(reference, match: Match) -> bool:
    """True when the record a cited DOI gives is another work: neither its title nor its first author agree.

    A side the citation does not state (no title, as in title-less styles) cannot disagree.
    """
    scores = match.fields
    if "title" not in scores and "author" not in scores:
        return False
    return all(scores.get(name, 0.0) <= SUPPORT_SIMILARITY for name in ("title", "author") if name in scores)


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
    kept = Match(doi=str(work.get("DOI", doi)).lower(), record=work, note="the work the entry describes was not found")
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
        if not match.is_accepted and _another_work(reference, match):
            return _doi_elsewhere(ref_id, reference, doi, work, index, services)
        if not match.is_accepted:  # a DOI names one record; keep it and let discrepancies speak
            match = Match(
                doi=str(work.get("DOI", doi)).lower(),
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
