"""The tables litmap passes between stages: columns, dtypes and meanings, defined once.

Every stage takes and returns pandas DataFrames with these columns. ``validate`` checks a
frame at a stage boundary and raises :class:`~litmap.errors.SchemaError` naming the missing
column; ``empty`` gives a correctly typed frame with no rows; ``write_table``/``read_table``
round-trip a table through CSV, joining list columns with ``"; "``.

The README's table reference is generated from these definitions (``schemas_markdown``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from litmap.errors import SchemaError

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
        """Build a typed frame from dicts; keys not in the schema are an error, missing keys are NA."""
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

    def validate(self, frame: pd.DataFrame) -> None:
        """Raise SchemaError if a column of this schema is missing from ``frame``."""
        if not isinstance(frame, pd.DataFrame):
            raise SchemaError(f"expected a DataFrame, got {type(frame).__name__}", table=self.name)
        missing = [n for n in self.names if n not in frame.columns]
        if missing:
            raise SchemaError(
                f"missing column(s) {', '.join(map(repr, missing))}; expected {self.names}",
                table=self.name,
                column=missing[0],
            )


def _as_list(value) -> list:
    if isinstance(value, list):
        return value
    if isinstance(value, (tuple, set)):
        return list(value)
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
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

CLAIMS = TableSchema(
    "claims",
    (
        Column("claim_id", "string", "stable id in reading order: C01, C02, …"),
        Column("section", "string", "heading of the section the sentence stands in"),
        Column("paragraph", "Int64", "paragraph number within the article body (1-based)"),
        Column("text", "string", "the sentence as written"),
        Column("ref_ids", LIST, "ref_ids of the references the sentence cites"),
        Column("n_citations", "Int64", "number of in-text citations in the sentence"),
    ),
    "One row per sentence of the article body that asserts something, cited or not.",
)

CITATIONS = TableSchema(
    "citations",
    (
        Column("claim_id", "string", "the claim the citation stands in"),
        Column("ref_id", "string", "the reference it resolves to (NA when unresolved)"),
        Column("cited_as", "string", "the citation as written, e.g. 'Lamm et al. (2007)' or '[3]'"),
        Column("match", "string", "how it was linked: exact, fuzzy, numbered or unresolved"),
        Column("confidence", "Float64", "how sure the link is, 0–1"),
        Column("note", "string", "why the citation is unresolved (empty when linked)"),
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
AUDIT_STATUS_MEANINGS = {
    "verified": "record found and the cited fields agree with it",
    "discrepant": "record found, but some cited field disagrees (see discrepancies)",
    "retracted": "record found and it has been retracted",
    "not_found": "no credible record in Crossref or Open Library",
    "unchecked": "not looked up: offline with nothing cached or bundled, or the service failed",
}

AUDIT = TableSchema(
    "audit",
    (
        Column("ref_id", "string", "the reference audited"),
        Column("status", "string", "verified, discrepant, retracted, not_found or unchecked"),
        Column("doi", "string", "DOI of the matched record"),
        Column("confidence", "Float64", "match confidence, 0–1"),
        Column("discrepancies", LIST, "each difference in words, e.g. 'year: cited 2007, record 2003'"),
        Column("source", "string", "where the record came from: crossref, openlibrary or none"),
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
        Column("subjects", LIST, "subject areas of the record"),
        Column("abstract", "string", "abstract as plain text (from JATS)"),
        Column("notices", LIST, "corrections, expressions of concern and retractions, in words"),
        Column("note", "string", "anything else a reader should know (ambiguous match, offline, error)"),
    ),
    "One row per reference: the Crossref/Open Library record found for it and the verdict.",
)

SOURCE_LINKS = TableSchema(
    "source_links",
    (
        Column("ref_id", "string", "the article's reference whose record lists the cited work"),
        Column("cited_doi", "string", "DOI of the work it cites (NA when the entry has none)"),
        Column("cited_key", "string", "the entry's key in the record's reference list"),
        Column("cited_text", "string", "unstructured text of the entry, when deposited"),
    ),
    "The audited works' own reference lists (from Crossref), one row per entry.",
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

ALL_TABLES = (REFERENCES, CLAIMS, CITATIONS, UNRESOLVED, AUDIT, SOURCE_LINKS, CLAIM_TOPICS, SOURCE_TOPICS)


def write_table(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a table as UTF-8 CSV; list columns are joined with ``"; "`` (authors as 'Family, G.')."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    out = frame.copy()
    for name in out.columns:
        if out[name].dtype == object and out[name].map(lambda v: isinstance(v, list)).any():
            out[name] = out[name].map(_join_list)
    out.to_csv(path, index=False)
    return path


def _join_list(value) -> str:
    if not isinstance(value, list):
        return "" if value is None else str(value)
    return LIST_SEPARATOR.join(_item_text(v) for v in value)


def _item_text(item) -> str:
    if isinstance(item, dict):
        if "literal" in item:
            return str(item["literal"])
        family, given = item.get("family", ""), item.get("given", "")
        return f"{family}, {given}" if given else str(family)
    return str(item)


def schemas_markdown(schemas=ALL_TABLES) -> str:
    """Markdown tables of every schema, for the README."""
    parts = []
    for schema in schemas:
        parts.append(f"#### `{schema.name}`\n\n{schema.description}\n\n| column | type | meaning |\n|---|---|---|")
        parts.extend(f"| `{c.name}` | {'list' if c.dtype == LIST else c.dtype} | {c.meaning} |" for c in schema.columns)
        parts.append("")
    return "\n".join(parts)


__all__ = [
    "AUDIT",
    "AUDIT_STATUSES",
    "AUDIT_STATUS_MEANINGS",
    "CITATIONS",
    "CLAIMS",
    "CLAIM_TOPICS",
    "Column",
    "REFERENCES",
    "SOURCE_LINKS",
    "SOURCE_TOPICS",
    "TableSchema",
    "UNRESOLVED",
    "schemas_markdown",
    "write_table",
]
