"""Evidence about a found work beyond its identity — abstract, subjects, PubMed ids, free full text,
its own reference list — from Crossref, Europe PMC and OpenAlex, one service per field. Pure.

The audit first says whether a source is real and cited right (Crossref, Open Library). For each
journal article it found, this module says what else to ask and reads the answers:

- **Europe PMC** by the record's DOI (``work``), or by title and first author when it has none
  (``search``, the candidates validated with the rules Crossref matches are held to); then, when
  Crossref deposited no reference list, Europe PMC's (``references``);
- **OpenAlex** (only when the audit may use it: a key was given) by DOI, once Europe PMC has
  answered, and only when an abstract, a free full-text link or a reference list is still missing.

Each field is taken from the first service in :data:`FIELD_SERVICES` that has a value, so no
field mixes two services and no service is asked for what an earlier one gave. Retraction
signals are the exception: any service's counts (Europe PMC's "Retracted Publication" type and
"Retraction in" links, OpenAlex's ``is_retracted``), because missing one is worse than hearing
it twice. What could not be filled is said per work in ``evidence_gaps``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from litmap.read.article import SKIPPED_ELEMENTS, html_to_text
from litmap.values import first_family_name, is_missing
from litmap.verify.europepmc import search_key
from litmap.verify.matching import compute_match
from litmap.verify.records import SERVICE_NAMES, record_body

__all__ = [
    "EVIDENCE_SERVICES",
    "FIELD_SERVICES",
    "WorkEvidence",
    "compute_work_evidence",
    "describe_evidence",
    "europepmc_fields",
    "europepmc_work",
    "jats_to_text",
    "openalex_abstract",
    "openalex_fields",
]

#: The services that may give evidence, in the order they are asked.
EVIDENCE_SERVICES = ("crossref", "europepmc", "openalex")
#: Which services may fill each field, first choice first: the first with a value fills it.
FIELD_SERVICES = {
    "abstract": ("crossref", "europepmc", "openalex"),
    "subjects": ("crossref", "europepmc", "openalex"),
    "pmid": ("europepmc", "openalex"),
    "pmcid": ("europepmc", "openalex"),
    "openalex_id": ("openalex",),
    "oa_url": ("europepmc", "openalex"),
    "licence": ("europepmc", "openalex"),
    "publication_types": ("europepmc",),
    "references": ("crossref", "europepmc", "openalex"),
}
#: Fields whose absence is reported in ``evidence_gaps`` (and which make OpenAlex worth asking).
REPORTED = ("abstract", "oa_url", "references")
_WORDS = {"abstract": "abstract", "oa_url": "free full text", "references": "reference list", "subjects": "subjects"}
#: Europe PMC full-text links that anyone can read ("Open access", "Free").
_FREE = {"OA", "F"}
#: Europe PMC comment/correction links, as the kinds of notice litmap tells apart.
_EPMC_NOTICES = {
    "retraction in": "retraction",
    "partial retraction in": "retraction",
    "expression of concern in": "expression of concern",
    "erratum in": "correction",
    "update in": "new version",
}
_HEADING = re.compile(r"<h[1-6]\b[^>]*>.*?</h[1-6]>", re.IGNORECASE | re.DOTALL)
_PMCID = re.compile(r"(?:PMC)?(?<!\d)(\d+)\s*$", re.IGNORECASE)  # (?<!\d): no rescan from every digit


# ---------------------------------------------------------------- reading one service's record


def jats_to_text(jats: str | None) -> str | None:
    """Plain text of an abstract in JATS (Crossref) or HTML (Europe PMC): tags stripped, entities
    unescaped, section titles ("Abstract", "<h4>Objective</h4>") dropped.

    >>> jats_to_text("<jats:title>Abstract</jats:title><jats:p>Pain &amp; <jats:italic>empathy</jats:italic>.</jats:p>")
    'Pain & empathy.'
    """
    if not jats:
        return None
    jats = _HEADING.sub("\n\n<p></p>", str(jats))  # a section title ends a paragraph and is left out
    text = html_to_text(jats, skip=SKIPPED_ELEMENTS | {"title"})
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p) or None


def _major_first(headings) -> list[str]:
    """MeSH descriptor names, major topics first (order otherwise kept)."""
    named = [h for h in headings if isinstance(h, Mapping) and h.get("descriptorName")]

    def major(h) -> bool:
        qualifiers = (h.get("meshQualifierList") or {}).get("meshQualifier") or []
        return h.get("majorTopic_YN") == "Y" or any(
            isinstance(q, Mapping) and q.get("majorTopic_YN") == "Y" for q in qualifiers
        )

    return [str(h["descriptorName"]) for h in sorted(named, key=lambda h: not major(h))]


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _unique(items) -> list[str]:
    seen, out = set(), []
    for item in items:
        text = " ".join(str(item).split())
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            out.append(text)
    return out


def europepmc_fields(result: Mapping) -> dict:
    """The evidence a Europe PMC ``core`` result holds, as litmap's fields (absent ones left out).

    >>> fields = europepmc_fields({"id": "1", "source": "MED", "pmid": "1", "pmcid": "PMC9",
    ...     "abstractText": "<h4>Aims</h4>Pain and <i>empathy</i>.", "isOpenAccess": "Y",
    ...     "meshHeadingList": {"meshHeading": [{"descriptorName": "Humans", "majorTopic_YN": "N"},
    ...                                         {"descriptorName": "Empathy", "majorTopic_YN": "Y"}]},
    ...     "pubTypeList": {"pubType": ["Retracted Publication", "Journal Article"]},
    ...     "fullTextUrlList": {"fullTextUrl": [{"availabilityCode": "OA", "site": "Europe_PMC",
    ...         "documentStyle": "html", "url": "https://europepmc.org/articles/PMC9"}]}})
    >>> fields["abstract"], fields["subjects"], fields["oa_url"], fields["notice_kinds"]
    ('Pain and empathy.', ['Empathy', 'Humans'], 'https://europepmc.org/articles/PMC9', ['retraction'])
    """
    out: dict = {"pmid": result.get("pmid"), "pmcid": result.get("pmcid"), "licence": result.get("license")}
    out["abstract"] = jats_to_text(result.get("abstractText"))
    mesh = _major_first(_as_list((result.get("meshHeadingList") or {}).get("meshHeading")))
    keywords = _as_list((result.get("keywordList") or {}).get("keyword"))
    out["subjects"] = _unique(mesh + keywords) or None
    out["publication_types"] = _unique(_as_list((result.get("pubTypeList") or {}).get("pubType"))) or None
    links = [u for u in _as_list((result.get("fullTextUrlList") or {}).get("fullTextUrl")) if isinstance(u, Mapping)]
    free = [u for u in links if u.get("availabilityCode") in _FREE and u.get("url")]
    # Europe PMC's own HTML first (readable anywhere), then other free copies, PDFs last.
    free.sort(key=lambda u: (u.get("site") != "Europe_PMC", u.get("documentStyle") == "pdf"))
    if free:
        out["oa_url"] = str(free[0]["url"])
    elif result.get("pmcid") and "Y" in (result.get("inEPMC"), result.get("isOpenAccess")):
        out["oa_url"] = f"https://europepmc.org/articles/{result['pmcid']}"
    # Whether Europe PMC said anything about access at all: else "free to read" stays unknown.
    out["_access_known"] = bool(links) or any(k in result for k in ("isOpenAccess", "inEPMC", "inPMC"))
    notices, kinds = [], []
    where = f"PMID {result['pmid']}" if result.get("pmid") else f"{result.get('source')}:{result.get('id')}"
    if any(str(t).casefold() == "retracted publication" for t in out["publication_types"] or []):
        notices.append(f"Retracted publication (Europe PMC): {where}")
        kinds.append("retraction")
    for link in _as_list((result.get("commentCorrectionList") or {}).get("commentCorrection")):
        kind = _EPMC_NOTICES.get(str((link or {}).get("type", "")).casefold()) if isinstance(link, Mapping) else None
        if kind:
            target = link.get("reference") or (f"{link.get('source')}:{link.get('id')}" if link.get("id") else "")
            notices.append(f"{link['type']} (Europe PMC)" + (f": {target}" if target else ""))
            kinds.append(kind)
    out["notices"], out["notice_kinds"] = notices, list(dict.fromkeys(kinds))
    out["_has_references"] = result.get("hasReferences")
    out["_references_key"] = f"{result['source']}:{result['id']}" if result.get("source") and result.get("id") else None
    return {k: v for k, v in out.items() if not is_missing(v)}


def europepmc_work(result: Mapping) -> dict:
    """A Europe PMC result in the shape of a Crossref work, so the Crossref matcher can validate it."""
    journal = result.get("journalInfo") or {}
    people = [a for a in _as_list((result.get("authorList") or {}).get("author")) if isinstance(a, Mapping)]
    authors = [
        {"family": a["lastName"], "given": a.get("firstName") or a.get("initials") or ""}
        if a.get("lastName")
        else {"name": a.get("fullName") or a.get("collectiveName") or ""}
        for a in people
    ]
    if not authors and result.get("authorString"):  # "Lamm C, Batson CD, Decety J."
        authors = [{"family": part.strip().rsplit(" ", 1)[0]} for part in str(result["authorString"]).split(",")]
    year = str(result.get("pubYear") or journal.get("yearOfPublication") or "")
    return {
        "DOI": result.get("doi"),
        "title": [result.get("title") or ""],
        "author": authors,
        "issued": {"date-parts": [[int(year)]]} if year.isdigit() else {},
        "container-title": [((journal.get("journal") or {}).get("title")) or ""],
        "volume": journal.get("volume"),
        "issue": journal.get("issue"),
        "page": result.get("pageInfo"),
    }


def openalex_abstract(index: Mapping | None) -> str | None:
    """The abstract as text from OpenAlex's ``abstract_inverted_index`` ({word: [positions]}).

    >>> openalex_abstract({"Pain": [0], "hurts": [1, 3], "and": [2]})
    'Pain hurts and hurts'
    """
    if not isinstance(index, Mapping):
        return None
    placed = sorted((p, str(word)) for word, spots in index.items() for p in _as_list(spots) if isinstance(p, int))
    return " ".join(word for _, word in placed) or None


def _short_id(url, prefix: str = "") -> str | None:
    """The id at the end of an OpenAlex URL: 'https://pubmed.ncbi.nlm.nih.gov/29456894' -> '29456894'."""
    if is_missing(url):
        return None
    return prefix + str(url).rstrip("/").rsplit("/", 1)[-1]


def openalex_fields(work: Mapping) -> dict:
    """The evidence an OpenAlex work holds, as litmap's fields (absent ones left out).

    >>> openalex_fields({"id": "https://openalex.org/W1", "is_retracted": True,
    ...     "ids": {"pmcid": "https://www.ncbi.nlm.nih.gov/pmc/articles/5815332"},
    ...     "open_access": {"is_oa": True, "oa_url": "https://peerj.com/articles/4375.pdf"}})["pmcid"]
    'PMC5815332'
    """
    ids = work.get("ids") or {}
    access = work.get("open_access") or {}
    best = work.get("best_oa_location") or {}
    pmcid = _PMCID.search(str(ids.get("pmcid") or ""))
    out = {
        "openalex_id": _short_id(work.get("id")),
        "pmid": _short_id(ids.get("pmid")),
        "pmcid": f"PMC{pmcid.group(1)}" if pmcid else None,
        "abstract": openalex_abstract(work.get("abstract_inverted_index")),
        "subjects": _unique(
            [m.get("descriptor_name") for m in _as_list(work.get("mesh")) if isinstance(m, Mapping)]
            + [k.get("display_name") for k in _as_list(work.get("keywords")) if isinstance(k, Mapping)]
        )
        or None,
        "oa_url": (access.get("oa_url") or best.get("landing_page_url")) if access.get("is_oa") else None,
        "licence": best.get("license"),
        "_access_known": "is_oa" in access,
        "notices": ["Retracted (OpenAlex)"] if work.get("is_retracted") is True else [],
        "notice_kinds": ["retraction"] if work.get("is_retracted") is True else [],
    }
    return {k: v for k, v in out.items() if not is_missing(v)}


# ---------------------------------------------------------------- reference lists as links


def _link(ref_id, origin, key=None, text=None, doi=None, pmid=None, openalex=None) -> dict:
    doi = str(doi).strip().lower() if not is_missing(doi) else None
    cited_id = f"doi:{doi}" if doi else f"pmid:{pmid}" if pmid else f"openalex:{openalex}" if openalex else None
    return {
        "ref_id": ref_id,
        "cited_id": cited_id,
        "cited_doi": doi,
        "cited_key": None if key is None else str(key),
        "cited_text": text,
        "origin": origin,
    }


def crossref_links(ref_id: str, work: Mapping) -> list[dict]:
    """A Crossref record's deposited reference list (``reference``) as SOURCE_LINKS rows."""
    return [
        _link(ref_id, "crossref", e.get("key"), e.get("unstructured"), doi=e.get("DOI"))
        for e in _as_list(work.get("reference"))
        if isinstance(e, Mapping)
    ]


def europepmc_links(ref_id: str, body: Mapping) -> list[dict]:
    """A Europe PMC ``/references`` answer as SOURCE_LINKS rows (PubMed-matched entries get their PMID)."""
    rows = []
    for n, e in enumerate(_as_list((body.get("referenceList") or {}).get("reference")), 1):
        if not isinstance(e, Mapping):
            continue
        pmid = e.get("id") if e.get("source") == "MED" else None
        who, year, title = e.get("authorString"), e.get("pubYear"), e.get("title")
        text = " ".join(str(x) for x in (who, f"({year})" if year else None, title) if x) or None
        rows.append(_link(ref_id, "europepmc", e.get("citedOrder", n), text, doi=e.get("doi"), pmid=pmid))
    return rows


def openalex_links(ref_id: str, work: Mapping) -> list[dict]:
    """An OpenAlex work's ``referenced_works`` as SOURCE_LINKS rows (OpenAlex ids, no DOIs)."""
    ids = [_short_id(url) for url in _as_list(work.get("referenced_works"))]
    return [_link(ref_id, "openalex", i, openalex=i) for i in ids if i]


# ---------------------------------------------------------------- one work's evidence


@dataclass
class WorkEvidence:
    """What :func:`compute_work_evidence` found for one work.

    ``fields`` are the AUDIT columns it fills (evidence, gaps, ids, notices), ``links`` the work's
    reference list (SOURCE_LINKS rows), ``needed`` the look-ups still to make.
    """

    fields: dict = field(default_factory=dict)
    links: list[dict] = field(default_factory=list)
    needed: list[tuple[str, str, str]] = field(default_factory=list)


def _state(record: dict | None, lookup) -> str:
    """How a look-up stands, in words that fit 'abstract: none in Crossref; Europe PMC …'."""
    name = SERVICE_NAMES[lookup[0]]
    if record is None:
        return f"{name} not asked yet"
    if record["status"] == "not_found":
        return f"{name} does not hold it"
    if record.get("error_kind") == "offline":
        return f"{name} not saved for offline use"
    return f"{name} failed (see records.csv)"


#: Europe PMC's names of the fields a hand-assembled record may leave out, as litmap's.
_EPMC_FIELDS = {"abstractText": "abstract", "fullTextUrlList": "oa_url", "hasReferences": "references"}


def _omitted(record: dict) -> set[str]:
    """Fields a saved record says it leaves out (``litmap_omitted``: a snapshot assembled by hand keeps
    out abstracts, which are the publishers' prose, and what it could not confirm), as litmap's names."""
    omitted = (record_body(record) or {}).get("litmap_omitted") or {}
    return {_EPMC_FIELDS.get(name, name) for name in _as_list(omitted.get("fields"))}


def _epmc_choice(record: dict, lookup, work: Mapping) -> dict | None:
    """The Europe PMC result that is this work: the DOI's (PubMed's record first), or a validated title match."""
    results = [r for r in (record_body(record) or {}).get("resultList", {}).get("result", []) if isinstance(r, dict)]
    if lookup[1] == "work":
        results.sort(key=lambda r: (r.get("source") != "MED", not r.get("pmid")))
        return results[0] if results else None
    reference = {
        "title": work.get("title"),
        "authors": work.get("authors"),
        "year": work.get("year"),
        "volume": work.get("volume"),
        "issue": work.get("issue"),
        "pages": work.get("pages"),
    }
    candidates = [europepmc_work(r) for r in results]
    match = compute_match(reference, candidates)
    return next((r for r, c in zip(results, candidates) if match.is_accepted and c == match.record), None)


def compute_work_evidence(
    ref_id: str, row: Mapping, work: Mapping | None, index: Mapping, services=EVIDENCE_SERVICES
) -> WorkEvidence:
    """Fill the evidence of one found work from the records, and say which look-ups are still needed.

    Parameters
    ----------
    ref_id : str
        The article's reference.
    row : mapping
        Its audit row so far (title, authors, year, doi, abstract, subjects, notices… from Crossref).
    work : mapping or None
        The Crossref record itself (for its deposited reference list); None for other services.
    index : mapping
        Records by ``(service, kind, key)`` (``litmap.verify.records.index_records``).
    services : sequence of str
        The services the audit may ask (Europe PMC, and OpenAlex only with a key).
    """
    answers: dict[str, dict] = {"crossref": {}}
    states: dict[str, str] = {}
    needed: list[tuple[str, str, str]] = []
    links: dict[str, list[dict]] = {}
    if work is not None:
        answers["crossref"] = {"abstract": row.get("abstract"), "subjects": row.get("subjects") or None}
        if _as_list(work.get("reference")):
            answers["crossref"]["references"] = True
            links["crossref"] = crossref_links(ref_id, work)
    doi = row.get("doi")
    settled = True  # Europe PMC has said all it will: OpenAlex may now fill what is missing
    epmc = None
    if doi:
        epmc = ("europepmc", "work", str(doi).lower())
    elif row.get("title"):
        epmc = ("europepmc", "search", search_key(row["title"], first_family_name(row.get("authors"))))
    if "europepmc" in services and epmc is not None:
        record = index.get(epmc)
        if record is None or record["status"] != "ok":
            settled = record is not None
            needed += [] if record is not None else [epmc]
            states["europepmc"] = _state(record, epmc)
        else:
            result = _epmc_choice(record, epmc, row)
            if result is None:
                states["europepmc"] = "Europe PMC holds no record that matches"
            else:
                answers["europepmc"] = europepmc_fields(result)
                answers["europepmc"]["_omitted"] = _omitted(record)
                key = answers["europepmc"].get("_references_key")
                if (
                    "references" not in answers["crossref"]
                    and key
                    and answers["europepmc"].get("_has_references") != "N"
                ):
                    lookup = ("europepmc", "references", key)
                    refs = index.get(lookup)
                    if refs is not None and refs["status"] == "ok":
                        links["europepmc"] = europepmc_links(ref_id, record_body(refs))
                        answers["europepmc"]["references"] = bool(links["europepmc"])
                    else:
                        settled = settled and refs is not None
                        needed += [lookup] if refs is None else []
                        states["europepmc:references"] = _state(refs, lookup)
    elif epmc is not None:
        states["europepmc"] = "Europe PMC not asked"
    missing = [f for f in REPORTED if not any(answers.get(s, {}).get(f) for s in FIELD_SERVICES[f])]
    if doi and "openalex" in services and settled and missing:
        lookup = ("openalex", "work", str(doi).lower())
        record = index.get(lookup)
        if record is not None and record["status"] == "ok":
            work_oa = record_body(record)
            answers["openalex"] = openalex_fields(work_oa)
            links["openalex"] = openalex_links(ref_id, work_oa)
            answers["openalex"]["references"] = bool(links["openalex"])
        else:
            needed += [] if record is not None else [lookup]
            states["openalex"] = _state(record, lookup)
    elif doi:
        states["openalex"] = "OpenAlex not asked"
    return WorkEvidence(*_merge(answers, states, links), needed)


def _merge(answers: dict, states: dict, links: dict) -> tuple[dict, list[dict]]:
    """Each field from its first service with a value; notices from all; what is missing, in words."""
    fields: dict = {"evidence": [], "evidence_gaps": []}
    chosen_links: list[dict] = []
    for name, order in FIELD_SERVICES.items():
        service = next((s for s in order if answers.get(s, {}).get(name)), None)
        if service is None:
            continue
        if name == "references":
            chosen_links = links.get(service, [])
        else:
            fields[name] = answers[service][name]
        if name in _WORDS:
            fields["evidence"].append(f"{_WORDS[name]}: {SERVICE_NAMES[service]}")
    fields["is_free_to_read"] = (
        True if fields.get("oa_url") else False if any(a.get("_access_known") for a in answers.values()) else None
    )
    fields["notices"] = [n for a in answers.values() for n in a.get("notices", [])]
    fields["notice_kinds"] = list(dict.fromkeys(k for a in answers.values() for k in a.get("notice_kinds", [])))
    gaps: dict[str, list[str]] = {}
    for name in REPORTED:
        if name in fields or (name == "references" and chosen_links):
            continue
        why = []
        for service in FIELD_SERVICES[name]:
            state = states.get(f"{service}:{name}") or states.get(service)
            if not state and name in answers.get(service, {}).get("_omitted", ()):
                state = f"left out of the saved {SERVICE_NAMES[service]} record"
            why.append(state if state else f"none in {SERVICE_NAMES[service]}" if service in answers else "")
        reason = "; ".join(w for w in why if w)
        gaps.setdefault(reason, []).append(_WORDS[name])
    fields["evidence_gaps"] = [f"{', '.join(names)}: {reason}" for reason, names in gaps.items()]
    return fields, chosen_links


# ---------------------------------------------------------------- in words, for the summary


def describe_evidence(audit, *, examples: int = 3) -> list[str]:
    """What the audit's evidence holds, and what it could not fill, in a few lines a person reads.

    >>> import pandas as pd
    >>> audit = pd.DataFrame({"ref_id": ["R1", "R2"], "status": ["verified", "not_found"],
    ...     "evidence": [["subjects: Europe PMC"], []], "is_free_to_read": [None, None],
    ...     "evidence_gaps": [["abstract, free full text: none in Crossref; Europe PMC not saved for offline use"], []]})
    >>> print("\\n".join(describe_evidence(audit)))
    evidence of 1 work found: 0 with an abstract, 1 with subjects, 0 free to read, 0 with a reference list
      abstract, free full text: none in Crossref; Europe PMC not saved for offline use (R1)
    """
    found = audit[audit["status"].isin(["verified", "discrepant", "retracted"])]
    found = found[
        found["evidence"].map(lambda items: isinstance(items, list) and bool(items))
        | found["evidence_gaps"].map(lambda items: isinstance(items, list) and bool(items))
    ]
    if found.empty:
        return []

    def having(word: str) -> int:
        return int(found["evidence"].map(lambda items: any(str(i).startswith(word) for i in items)).sum())

    free = int(found["is_free_to_read"].map(lambda v: not is_missing(v) and bool(v)).sum())
    lines = [
        f"evidence of {len(found)} work{'s' if len(found) != 1 else ''} found: {having('abstract')} with an "
        f"abstract, {having('subjects')} with subjects, {free} free to read, {having('reference list')} with a "
        "reference list"
    ]
    gaps: dict[str, list[str]] = {}
    for ref_id, items in zip(found["ref_id"], found["evidence_gaps"]):
        for gap in items or []:
            gaps.setdefault(str(gap), []).append(str(ref_id))
    for gap, refs in sorted(gaps.items(), key=lambda item: -len(item[1])):
        shown = ", ".join(refs[:examples]) + (f" and {len(refs) - examples} more" if len(refs) > examples else "")
        lines.append(f"  {gap} ({shown})")
    return lines
