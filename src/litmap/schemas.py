"""The tables litmap passes between stages and writes: columns, dtypes and meanings, defined once.

Every stage takes and returns pandas DataFrames with these columns. ``validate`` checks a
frame at a stage boundary and raises :class:`~litmap.errors.SchemaError` naming the missing
column; ``empty`` gives a correctly typed frame with no rows. :func:`write_table` writes a table
as CSV for people (list columns joined with ``"; "``) or as JSON that :func:`read_table` reads
back exactly, lists and types included.

The table reference in docs/tables.md is generated from these definitions (``schemas_markdown``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from litmap.arguments import mismatch
from litmap.errors import ArgumentTypeError, SchemaError
from litmap.values import is_missing, person_name

#: dtype used for columns holding Python lists (authors, ref_ids, subjects, ...).
LIST = "object"
#: Separator used for list columns when a table is written as CSV.
LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Column:
    """One column of a table: its name, pandas dtype and a one-line meaning."""

    name: str
    dtype: str
    meaning: str


@dataclass(frozen=True)
class TableSchema:
    """The columns of one table, in order."""

    name: str
    columns: tuple[Column, ...]
    description: str = ""

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def list_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.dtype == LIST]

    def empty(self) -> pd.DataFrame:
        """A frame with this schema's columns and dtypes and no rows."""
        return pd.DataFrame({c.name: pd.Series([], dtype=c.dtype) for c in self.columns})

    def from_records(self, records: list[dict]) -> pd.DataFrame:
        """Build a typed frame from dicts; keys not in the schema are left out, missing keys are NA."""
        frame = pd.DataFrame.from_records(records, columns=self.names) if records else self.empty()
        return self.coerce(frame)

    def coerce(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Return a copy with this schema's columns first, each cast to its dtype."""
        self.validate(frame)
        out = frame.copy()
        for col in self.columns:
            if col.dtype == LIST:
                out[col.name] = [_as_list(v) for v in out[col.name]]
                out[col.name] = out[col.name].astype(object)
            else:
                try:
                    out[col.name] = out[col.name].astype(col.dtype)
                except (TypeError, ValueError) as err:
                    raise SchemaError(
                        f"column {col.name!r} cannot be read as {col.dtype}: {err}",
                        table=self.name,
                        column=col.name,
                    ) from err
        extra = [c for c in out.columns if c not in self.names]
        return out[self.names + extra]

    def validate(self, frame: pd.DataFrame, *, parameter: str | None = None) -> None:
        """Raise SchemaError if a column of this schema is missing from ``frame``.

        ``parameter`` is what the caller calls the frame, when that is not the table's name; a
        frame that is not a DataFrame at all raises :class:`~litmap.errors.ArgumentTypeError`.
        """
        if not isinstance(frame, pd.DataFrame):
            raise ArgumentTypeError(
                mismatch(parameter or self.name, frame, f"a pandas DataFrame (the {self.name} table)")
            )
        missing = [n for n in self.names if n not in frame.columns]
        if missing:
            raise SchemaError(
                f"missing column(s) {', '.join(map(repr, missing))}; expected {self.names}",
                table=self.name,
                column=missing[0],
                parameter=parameter,
            )


def _as_list(value) -> list:
    if isinstance(value, list):
        return value
    if isinstance(value, (tuple, set)):
        return list(value)
    if value is None or is_missing(value):
        return []
    return [value]


REFERENCES = TableSchema(
    "references",
    (
        Column("ref_id", "string", "stable id in list order: R01, R02, …"),
        Column("raw", "string", "the entry exactly as written in the article"),
        Column("line", "Int64", "line number of the entry in the reference block or file (1-based)"),
        Column("authors", LIST, "authors as dicts {family, given} or {literal} for organisations"),
        Column("year", "Int64", "publication year as cited"),
        Column("title", "string", "title of the work (article, chapter or book)"),
        Column("container", "string", "journal, book or series it appeared in"),
        Column("publisher", "string", "publisher (books, reports)"),
        Column("volume", "string", "volume"),
        Column("issue", "string", "issue or number"),
        Column("pages", "string", "page range or article number, dashes normalised to '-'"),
        Column("doi", "string", "DOI, lower-cased, without the https://doi.org/ prefix"),
        Column("isbn", "string", "ISBN, digits only"),
        Column("url", "string", "URL other than a DOI link"),
        Column("kind", "string", "journal-article, book, chapter, web or other"),
        Column(
            "style", "string", "citation style guessed for the entry: apa, vancouver, harvard, mla, chicago, unknown"
        ),
        Column("is_parsed", "boolean", "False when the entry yielded no author, year or title (row kept, see raw)"),
        Column(
            "parse_confidence",
            "Float64",
            "how sure the learned parser is of the whole entry's labelling, 0–1 (CRF sequence probability)",
        ),
        Column(
            "parse_note", "string", "names the fields to check when parse_confidence is below the model's threshold"
        ),
    ),
    "One row per entry of the article's reference list, parsed into fields.",
)

#: What a sentence says (``litmap.parse.kinds``): claims and findings are what a reader checks.
SENTENCE_KINDS = ("claim", "finding", "method", "other")

SENTENCES = TableSchema(
    "sentences",
    (
        Column("sentence_id", "string", "stable id in reading order: S001, S002, …"),
        Column("section", "string", "heading of the section the sentence stands in"),
        Column(
            "part",
            "string",
            "the part of the article the section belongs to: introduction, methods, results, discussion, "
            "abstract, backmatter, objectives or body",
        ),
        Column("paragraph", "Int64", "paragraph number within the article body (1-based)"),
        Column("text", "string", "the sentence as written"),
        Column(
            "kind",
            "string",
            "claim (asserts something outside evidence could support or contradict, prior work's findings "
            "included), finding (this article's own result or conclusion), method (what the authors did) or other",
        ),
        Column(
            "detail",
            "string",
            "for other: furniture, acknowledgement, signpost, aim, future, question, definition, example, "
            "objective, fragment or heading (empty when the model could not tell)",
        ),
        Column("confidence", "Float64", "how sure the kind is, 0–1 (1 where a rule decided)"),
        Column("n_citations", "Int64", "number of in-text citations in the sentence"),
        Column("claim_id", "string", "the sentence's row in the claims table (empty when it is not there)"),
    ),
    "Every sentence of the article body with its kind; the claims table keeps the claims, findings and cited ones.",
)

CLAIMS = TableSchema(
    "claims",
    (
        Column("claim_id", "string", "stable id in reading order: C01, C02, …"),
        Column("section", "string", "heading of the section the sentence stands in"),
        Column("paragraph", "Int64", "paragraph number within the article body (1-based)"),
        Column("text", "string", "the sentence as written"),
        Column("ref_ids", LIST, "ref_ids of the references the sentence cites"),
        Column("n_citations", "Int64", "number of in-text citations in the sentence"),
        Column(
            "kind",
            "string",
            "claim, finding, method or other (see sentences); a method or other sentence is here because it cites",
        ),
    ),
    "One row per claim or finding of the article body, cited or not, and per other sentence that cites a source.",
)

UNSUPPORTED = TableSchema(
    "unsupported",
    (
        Column("claim_id", "string", "the claim"),
        Column("kind", "string", "claim or finding"),
        Column("section", "string", "heading of the section the sentence stands in"),
        Column("text", "string", "the sentence as written"),
        Column("confidence", "Float64", "how sure litmap is that the sentence is a claim or finding, 0–1"),
    ),
    "Claims and findings that cite nothing: what a careful reader checks first (litmap.compute_unsupported).",
)

CITATIONS = TableSchema(
    "citations",
    (
        Column("claim_id", "string", "the claim the citation stands in"),
        Column("ref_id", "string", "the reference it resolves to (NA when unresolved)"),
        Column("cited_as", "string", "the citation as written, e.g. 'Lamm et al. (2007)' or '[3]'"),
        Column(
            "match",
            "string",
            "how it was linked: linked (by the page's own link), exact, fuzzy, numbered, ambiguous (two or more "
            "entries fit equally; each is linked) or unresolved",
        ),
        Column("confidence", "Float64", "how sure the link is, 0–1"),
        Column("note", "string", "why the citation is unresolved or ambiguous (empty otherwise)"),
    ),
    "One row per in-text citation, linked to its reference entry.",
)

UNRESOLVED = TableSchema(
    "unresolved",
    (
        Column("claim_id", "string", "the claim the citation stands in"),
        Column("cited_as", "string", "the citation as written"),
        Column("reason", "string", "why no reference entry matched"),
    ),
    "In-text citations that match no reference entry.",
)

#: Values of AUDIT.status, from best to worst news.
AUDIT_STATUSES = ("verified", "discrepant", "retracted", "not_found", "unchecked")
#: The statuses that come with a record found for the reference.
FOUND_STATUSES = ("verified", "discrepant", "retracted")
#: How each status is written for people.
STATUS_LABELS = {
    "verified": "verified",
    "discrepant": "discrepant",
    "retracted": "retracted",
    "not_found": "not found",
    "unchecked": "unchecked",
}
AUDIT_STATUS_MEANINGS = {
    "verified": "record found and the cited fields agree with it",
    "discrepant": "record found, but some cited field disagrees (see discrepancies)",
    "retracted": "record found and it has been retracted or withdrawn (publisher, Retraction Watch, Europe PMC or OpenAlex)",
    "not_found": "no credible record in Crossref or Open Library",
    "unchecked": "not looked up: offline with nothing cached or saved, the service failed, or litmap stopped asking it",
}

AUDIT = TableSchema(
    "audit",
    (
        Column("ref_id", "string", "the reference audited"),
        Column("status", "string", "verified, discrepant, retracted, not_found or unchecked"),
        Column("doi", "string", "DOI of the matched record"),
        Column("confidence", "Float64", "match confidence, 0–1"),
        Column("discrepancies", LIST, "each difference in words, e.g. 'year: cited 2007, record 2003'"),
        Column("service", "string", "the service whose record it is: crossref, openlibrary or none"),
        Column("title", "string", "title of the matched record"),
        Column("authors", LIST, "authors of the matched record as {family, given} dicts"),
        Column("year", "Int64", "year of the matched record (first edition for books)"),
        Column("container", "string", "journal or book series of the record"),
        Column("volume", "string", "volume of the record"),
        Column("issue", "string", "issue of the record"),
        Column("pages", "string", "pages of the record"),
        Column("type", "string", "Crossref work type (journal-article, book, book-chapter, …)"),
        Column("publisher", "string", "publisher of the record"),
        Column("is_referenced_by_count", "Int64", "times the work is cited, per Crossref"),
        Column("references_count", "Int64", "length of the work's own reference list"),
        Column("subjects", LIST, "subject areas (Crossref), else MeSH descriptors and keywords (Europe PMC, OpenAlex)"),
        Column("abstract", "string", "abstract as plain text: Crossref's, else Europe PMC's, else OpenAlex's"),
        Column("pmid", "string", "PubMed id (Europe PMC, else OpenAlex)"),
        Column("pmcid", "string", "PubMed Central id, when the full text is in PMC"),
        Column("openalex_id", "string", "OpenAlex work id, e.g. W2741809807 (only with an OpenAlex key)"),
        Column("oa_url", "string", "the best free full-text link: Europe PMC, PMC or a free copy OpenAlex knows"),
        Column("is_free_to_read", "boolean", "a free full-text link is known (NA: no service said either way)"),
        Column("licence", "string", "licence of the free copy, as the service gives it (e.g. cc by)"),
        Column(
            "publication_types", LIST, "Europe PMC publication types: Journal Article, Review, Retracted Publication, …"
        ),
        Column("evidence", LIST, "where each piece of evidence came from, e.g. 'abstract: Europe PMC'"),
        Column("evidence_gaps", LIST, "what could not be filled and why, e.g. 'abstract: none in Crossref; …'"),
        Column(
            "notices", LIST, "retractions, withdrawals, expressions of concern, corrections, in words, with who said so"
        ),
        Column(
            "notice_kinds",
            LIST,
            "the kinds of those notices: retraction, withdrawal, expression of concern, correction, …",
        ),
        Column("note", "string", "anything else a reader should know (ambiguous match, offline, error)"),
    ),
    "One row per reference: the Crossref/Open Library record found for it, its evidence, and the verdict.",
)

#: Values of RECORDS.status.
RECORD_STATUSES = ("ok", "not_found", "failed")
#: Values of RECORDS.error_kind: why a look-up failed or was not made, set where it happened.
ERROR_KINDS = {
    "offline": "offline, and nothing saved or cached answers it: no request was sent",
    "not_asked": "the circuit breaker had stopped asking the service: no request was sent",
    "breaker": "asked and failed, and the circuit breaker stopped asking the service before another try",
    "http_status": "the service answered an HTTP error status (429 and 5xx after retries)",
    "timeout": "no connection, no answer, or not the whole reply within the time limits",
    "connection": "the connection could not be made, or broke off",
    "too_large": "the reply was larger than the size limit",
    "invalid": "the reply, or the key to ask, is not what litmap reads (malformed JSON, another shape, not a DOI)",
}

LOOKUPS = TableSchema(
    "lookups",
    (
        Column("ref_id", "string", "the reference that needs the look-up"),
        Column("service", "string", "the web service to ask: crossref, openlibrary, europepmc or openalex"),
        Column(
            "kind",
            "string",
            "what is asked: work (a DOI), search (the entry's text, or a title and author), book (title and "
            "author) or references (a Europe PMC id)",
        ),
        Column("key", "string", "the DOI, the search text or query, the book query (author=…&title=…), or SOURCE:ID"),
    ),
    "What the audit needs to ask, one row per reference and look-up (litmap.compute_lookups).",
)

RECORDS = TableSchema(
    "records",
    (
        Column("service", "string", "the web service asked: crossref, openlibrary, europepmc or openalex"),
        Column("kind", "string", "what was asked: work, search, book or references (as in lookups)"),
        Column("key", "string", "what identifies the question (as in lookups)"),
        Column("status", "string", "ok, not_found (the service holds no such work) or failed"),
        Column("body", "string", "the service's answer, JSON text (NA when not_found or failed)"),
        Column("error", "string", "why the look-up failed or was not made, in words (NA otherwise)"),
        Column(
            "error_kind",
            "string",
            "why, as a value: " + ", ".join(ERROR_KINDS) + " (NA when not failed; see ERROR_KINDS in schemas.py)",
        ),
        Column("via", "string", "where the answer came from this time: network, cache or snapshot"),
        Column("fetched_at", "string", "when the service gave the answer, UTC ISO 8601 (NA when not known)"),
    ),
    "One row per look-up: what a web service answered (litmap.fetch_records); saved, it is a snapshot.",
)

SOURCE_LINKS = TableSchema(
    "source_links",
    (
        Column("ref_id", "string", "the article's reference whose record lists the cited work"),
        Column(
            "cited_id", "string", "the cited work's best id, namespaced: doi:10.…, pmid:… or openalex:W… (NA: none)"
        ),
        Column("cited_doi", "string", "DOI of the work it cites (NA when the entry has none)"),
        Column("cited_key", "string", "the entry's key or number in the record's reference list"),
        Column("cited_text", "string", "text of the entry, when the service gives it"),
        Column("origin", "string", "the service whose reference list it is: crossref, europepmc or openalex"),
    ),
    "The audited works' own reference lists (Crossref's, else Europe PMC's, else OpenAlex's), one row per entry.",
)

CLAIM_TOPICS = TableSchema(
    "claim_topics",
    (
        Column("claim_id", "string", "the claim"),
        Column("topic", "string", "key of the topic in the taxonomy, e.g. trust_safety"),
        Column("label", "string", "the topic's label"),
        Column("score", "Float64", "distinct signal terms found (a heading match counts twice)"),
        Column("evidence", "string", "which terms matched where, e.g. 'heading: trust; text: safety'"),
    ),
    "Topics of each claim, from its section heading and words (several per claim, or none).",
)

SOURCE_TOPICS = TableSchema(
    "source_topics",
    (
        Column("ref_id", "string", "the source"),
        Column("topic", "string", "key of a topic of a claim that cites it"),
        Column("label", "string", "the topic's label"),
        Column("claim_ids", LIST, "the citing claims about this topic"),
        Column("n_claims", "Int64", "how many"),
    ),
    "Topics of each source: those of the claims that cite it.",
)

#: Fit labels, from best to worst news; ``unknown`` means there was nothing to compare.
FIT_LABELS = ("on topic", "tangential", "off topic", "unknown")

#: The columns :func:`litmap.compute_fit` adds to the citations table.
FIT_COLUMNS = (
    Column("fit", "string", "topical fit of the source's record to the claim: " + ", ".join(FIT_LABELS)),
    Column("fit_score", "Float64", "TF-IDF cosine similarity of claim and record, 0–1 (NA when unknown)"),
    Column(
        "fit_basis",
        "string",
        "what of the record was read: title, title + abstract, title + subjects or title + abstract + subjects",
    ),
    Column("shared_terms", LIST, "words claim and record share, most important first"),
    Column("claim_only_terms", LIST, "important claim words the record lacks"),
    Column("focus_terms_missing", "boolean", "the record never mentions the article's subject the claim names"),
    Column("fit_reason", "string", "why the label, in one sentence"),
)

CITATIONS_FIT = TableSchema(
    "citations_fit",
    CITATIONS.columns + FIT_COLUMNS,
    "The citations table with each link's claim–source fit (litmap.compute_fit); written as citations.csv.",
)

READING_LIST = TableSchema(
    "reading_list",
    (
        Column("ref_id", "string", "the article's reference"),
        Column("apa", "string", "APA reference of the corrected record (citeproc-py, CSL 'apa')"),
        Column("authors", LIST, "authors of the corrected record, {family, given} or {literal}"),
        Column("title", "string", "title of the corrected record"),
        Column("year", "Int64", "year of the corrected record (as cited when not found)"),
        Column("container", "string", "journal or book series"),
        Column("volume", "string", "volume"),
        Column("issue", "string", "issue"),
        Column("pages", "string", "pages"),
        Column("publisher", "string", "publisher"),
        Column("isbn", "string", "ISBN as cited"),
        Column("doi", "string", "DOI of the record (or as cited)"),
        Column("url", "string", "https://doi.org/… link, else the cited URL"),
        Column("oa_url", "string", "free full-text link (Europe PMC, PMC, or a free copy OpenAlex knows)"),
        Column("is_free_to_read", "boolean", "a free full-text link is known (NA: no service said either way)"),
        Column("csl_type", "string", "CSL item type used for formatting and export"),
        Column("work_type", "string", "empirical study, review, journal article, book, chapter or other"),
        Column("status", "string", "audit status"),
        Column("year_cited", "Int64", "year as the article cites it"),
        Column("cited_by", "Int64", "times cited, per Crossref"),
        Column("n_cited", "Int64", "how many of the article's claims cite it"),
        Column("claim_ids", LIST, "the claims that cite it"),
        Column("cited_for", LIST, "what it is cited for: the citing sentences, shortened"),
        Column("topics", LIST, "topics (labels) of the citing claims"),
        Column("fit", "string", "best topical fit among its links (see litmap.evidence.fit)"),
        Column("fit_score", "Float64", "highest fit score among its links"),
        Column("fit_summary", "string", "fit of each link, e.g. 'C05 tangential 0.08'"),
    ),
    "One row per source of the article: the corrected record, formatted, with what it is cited for.",
)

GRAPH_NODES = TableSchema(
    "graph_nodes",
    (
        Column("id", "string", "node id, namespaced by kind: article:…, claim:C01, topic:…, ref:R01, doi:10.…"),
        Column("kind", "string", "article, claim, topic, source (an entry of the reference list) or work"),
        Column("label", "string", "short label for figures"),
    ),
    "graph-nodes.csv: one row per node of the evidence graph; every other node attribute follows as a column.",
)

GRAPH_EDGES = TableSchema(
    "graph_edges",
    (
        Column("from_id", "string", "id of the node the edge leaves"),
        Column("to_id", "string", "id of the node the edge reaches"),
        Column(
            "relation", "string", "asserts (article→claim), cites (claim→source, source→work) or about (claim→topic)"
        ),
        Column("origin", "string", "where the edge came from: article, topics, or crossref, europepmc or openalex"),
    ),
    "graph-edges.csv: one row per edge of the evidence graph; every other edge attribute follows as a column.",
)

ARTICLES = TableSchema(
    "articles",
    (
        Column(
            "article_id",
            "string",
            "the article in the corpus: a slug of its file or page name and a hash of its path or URL",
        ),
        Column("source", "string", "the file (absolute path) or URL it was read from"),
        Column("title", "string", "the article's title"),
        Column("n_references", "Int64", "entries of its reference list"),
        Column("n_claims", "Int64", "claims (sentences that assert something)"),
        Column("n_citations", "Int64", "in-text citations"),
        Column("status", "string", "ok, or failed (the article could not be read; error says why)"),
        Column("error", "string", "why the article failed, in one line (NA when ok)"),
        Column("sha256", "string", "SHA-256 of the bytes read (a changed file is read again)"),
        Column("added_at", "string", "when the article was stored, UTC ISO 8601"),
    ),
    "Corpus: one row per article given to `litmap corpus`, read or failed.",
)

WORKS = TableSchema(
    "works",
    (
        Column(
            "work_id",
            "string",
            "the work across the corpus: doi:<DOI> when a DOI is known, else entry:<hash of author, year, title>",
        ),
        Column("doi", "string", "DOI of the work (the record found, else as cited)"),
        Column("title", "string", "title of the record found, else as cited"),
        Column("year", "Int64", "year of the record found, else as cited"),
        Column(
            "status",
            "string",
            "the work's verdict: retracted if any citing article's audit says so, else the best of the others",
        ),
        Column("n_articles", "Int64", "articles whose reference list holds it"),
        Column("n_citations", "Int64", "in-text citations of it, across the corpus"),
        Column("article_ids", LIST, "the articles that cite it"),
        Column("verdicts", LIST, "each audit verdict with its count, e.g. 'verified 3', 'discrepant 1'"),
    ),
    "Corpus: one row per distinct work (same DOI, or the same first author, year and title).",
)

#: The per-article tables a corpus store holds, each with ``article_id`` first (see ``corpus_schema``).
CORPUS_ARTICLE_TABLES = ("references", "claims", "citations", "audit", "claim_topics")


def corpus_schema(schema: TableSchema, *extra: Column) -> TableSchema:
    """``schema`` as a corpus table: ``article_id`` first, then its columns, then ``extra``.

    >>> corpus_schema(UNRESOLVED).names
    ['article_id', 'claim_id', 'cited_as', 'reason']
    """
    article_id = Column("article_id", "string", "the article (see the articles table)")
    return TableSchema(schema.name, (article_id, *schema.columns, *extra), f"Corpus: {schema.description}")


ALL_TABLES = (
    REFERENCES,
    SENTENCES,
    CLAIMS,
    UNSUPPORTED,
    CITATIONS,
    CITATIONS_FIT,
    UNRESOLVED,
    LOOKUPS,
    RECORDS,
    AUDIT,
    SOURCE_LINKS,
    CLAIM_TOPICS,
    SOURCE_TOPICS,
    READING_LIST,
    GRAPH_NODES,
    GRAPH_EDGES,
    ARTICLES,
    WORKS,
)


def write_table(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a table: ``.json`` exactly (lists, NA and types kept), anything else as UTF-8 CSV for people.

    In CSV, list columns are joined with ``"; "`` (authors as 'Family, G.'), which is for reading,
    not for reading back; :func:`read_table` reads the JSON form.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".json":
        path.write_text(json.dumps(table_rows(frame), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return path
    out = frame.copy()
    for name in out.columns:
        if out[name].dtype == object and out[name].map(lambda v: isinstance(v, list)).any():
            out[name] = out[name].map(_join_list)
        if out[name].dtype == object or isinstance(out[name].dtype, pd.StringDtype):
            out[name] = out[name].map(safe_cell)
    out.to_csv(path, index=False)
    return path


#: What a spreadsheet reads as the start of a formula (OWASP's list): such a cell gets a leading "'".
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A CSV cell a spreadsheet shows as text: one starting with ``= + - @``, a tab or a carriage
    return gets a leading apostrophe, so a title ``=HYPERLINK(…)`` is not a live formula.

    >>> safe_cell("=SUM(A1)"), safe_cell("-2+3"), safe_cell("Pain and empathy"), safe_cell(3)
    ("'=SUM(A1)", "'-2+3", 'Pain and empathy', 3)
    """
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def _plain(value):
    """A cell as plain JSON: NA as null, numpy and pandas scalars as Python numbers and booleans.

    Not ``is_missing``: a blank string is a value here, and must come back as one.
    """
    if isinstance(value, (list, dict, str)):
        return value
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value.item() if hasattr(value, "item") else value


def table_rows(frame: pd.DataFrame) -> list[dict]:
    """A table as JSON-ready rows: lists and dicts kept, NA as None; ``schema.from_records`` reads them back."""
    return [{name: _plain(v) for name, v in row.items()} for row in frame.to_dict("records")]


def read_table(path: str | Path, schema: TableSchema) -> pd.DataFrame:
    """Read a table written by :func:`write_table` as ``.json``, typed by ``schema``.

    Raises :class:`~litmap.errors.SchemaError` when the file is not such a table (naming the
    file, or the missing column).
    """
    path = Path(path)
    if path.suffix.lower() != ".json":
        raise SchemaError(
            f"{path}: read_table reads the .json form of a table; CSV files are for people", table=schema.name
        )
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise SchemaError(f"{path}: cannot be read as a table ({err})", table=schema.name) from err
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise SchemaError(f"{path}: expected a JSON list of rows", table=schema.name)
    missing = [name for name in schema.names if rows and name not in rows[0]]
    if missing:
        raise SchemaError(
            f"{path}: missing column(s) {', '.join(map(repr, missing))}", table=schema.name, column=missing[0]
        )
    return schema.from_records(rows)


def _join_list(value) -> str:
    if not isinstance(value, list):
        return "" if value is None else str(value)
    return LIST_SEPARATOR.join(person_name(v) if isinstance(v, dict) else str(v) for v in value)


def schemas_markdown(schemas=ALL_TABLES) -> str:
    """Markdown tables of every schema, for docs/tables.md."""
    parts = []
    for schema in schemas:
        parts.append(f"#### `{schema.name}`\n\n{schema.description}\n\n| column | type | meaning |\n|---|---|---|")
        parts.extend(f"| `{c.name}` | {'list' if c.dtype == LIST else c.dtype} | {c.meaning} |" for c in schema.columns)
        parts.append("")
    return "\n".join(parts)


__all__ = [
    "ARTICLES",
    "AUDIT",
    "AUDIT_STATUSES",
    "STATUS_LABELS",
    "AUDIT_STATUS_MEANINGS",
    "CITATIONS",
    "CITATIONS_FIT",
    "CLAIMS",
    "CLAIM_TOPICS",
    "CORPUS_ARTICLE_TABLES",
    "FIT_COLUMNS",
    "FIT_LABELS",
    "FOUND_STATUSES",
    "GRAPH_EDGES",
    "GRAPH_NODES",
    "LOOKUPS",
    "READING_LIST",
    "RECORDS",
    "ERROR_KINDS",
    "RECORD_STATUSES",
    "Column",
    "REFERENCES",
    "SOURCE_LINKS",
    "SENTENCES",
    "SENTENCE_KINDS",
    "SOURCE_TOPICS",
    "TableSchema",
    "UNRESOLVED",
    "UNSUPPORTED",
    "WORKS",
    "corpus_schema",
    "read_table",
    "schemas_markdown",
    "table_rows",
    "write_table",
]
