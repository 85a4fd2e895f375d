"""The AUDIT columns a found record fills (title, authors, year, …, notices): read from the record alone, apart from the verdict."""

from __future__ import annotations

from litmap.values import record_title, title_with_subtitle
from litmap.verify.enrich import jats_to_text
from litmap.verify.numbers import record_year

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
#: How the notice of a record that is itself a notice of another work begins (the verdict notes it).
IS_A_NOTICE = "this record is a "


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
            notices.append(f"{IS_A_NOTICE}{str(event['label']).lower()} notice of {doi}")
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
