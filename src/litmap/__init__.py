"""litmap: turn an article's claims and reference list into an audited evidence map.

The public API is re-exported here; see README.md for the story in order:
read the article -> parse references and claims -> look up Crossref -> audit ->
build the graph -> draw -> export. Importing litmap has no side effects.
"""

from litmap.article import Article, Section, read_article
from litmap.audit import AuditResult, compute_audit, style_audit
from litmap.claims import compute_citations, compute_claims, compute_uncited, compute_unresolved, find_citations
from litmap.crossref import CrossrefClient
from litmap.errors import (
    ArticleError,
    LitmapError,
    LookupServiceError,
    OfflineError,
    ParserModelError,
    ReferenceParseError,
    SchemaError,
    TaxonomyError,
)
from litmap.export import (
    write_bibtex,
    write_csl_json,
    write_html,
    write_markdown,
    write_reading_list,
    write_ris,
)
from litmap.fit import FIT_LABELS, compute_fit
from litmap.graph import (
    build_evidence_graph,
    claims_on_unverified_sources,
    compute_cocitation,
    most_cited_sources,
    sources_for_topic,
    to_edge_table,
    to_node_table,
    uncited_claims,
    write_gexf,
    write_graph_tables,
    write_graphml,
)
from litmap.matching import Match, compare_fields, compute_match
from litmap.openlibrary import OpenLibraryClient
from litmap.pipeline import ArticleTables, RunResult, audit_references, load_article, run
from litmap.plotting import (
    STATUS_COLORS,
    plot_audit_summary,
    plot_evidence_map,
    plot_source_network,
    plot_sources_by_year,
    save_figure,
)
from litmap.readinglist import READING_LIST, compute_reading_list, compute_work_type, format_apa, to_csl_item
from litmap.references import compute_references, parse_reference, read_references, split_reference_block
from litmap.schemas import (
    AUDIT,
    AUDIT_STATUSES,
    CITATIONS,
    CLAIMS,
    REFERENCES,
    SOURCE_LINKS,
    UNRESOLVED,
    write_table,
)
from litmap.snapshot import Snapshot, snapshot_key
from litmap.topics import Taxonomy, Topic, compute_source_topics, compute_topics, read_taxonomy

__version__ = "0.1.0"

__all__ = [
    # the pipeline
    "ArticleTables",
    "RunResult",
    "audit_references",
    "load_article",
    "run",
    # reading the article, claims and citations
    "Article",
    "Section",
    "read_article",
    "compute_claims",
    "compute_citations",
    "compute_unresolved",
    "compute_uncited",
    "find_citations",
    # reference parsing
    "compute_references",
    "parse_reference",
    "read_references",
    "split_reference_block",
    # errors
    "ArticleError",
    "LitmapError",
    "LookupServiceError",
    "OfflineError",
    "ParserModelError",
    "ReferenceParseError",
    "SchemaError",
    "TaxonomyError",
    # table schemas
    "AUDIT",
    "AUDIT_STATUSES",
    "CITATIONS",
    "CLAIMS",
    "REFERENCES",
    "SOURCE_LINKS",
    "UNRESOLVED",
    "write_table",
    # web-service clients and their offline snapshots
    "CrossrefClient",
    "OpenLibraryClient",
    "Snapshot",
    "snapshot_key",
    # matching and audit
    "AuditResult",
    "Match",
    "compare_fields",
    "compute_audit",
    "style_audit",
    "compute_match",
    # claim-source fit and reading lists
    "FIT_LABELS",
    "READING_LIST",
    "compute_fit",
    "compute_reading_list",
    "compute_work_type",
    "format_apa",
    "to_csl_item",
    "write_bibtex",
    "write_csl_json",
    "write_html",
    "write_markdown",
    "write_reading_list",
    "write_ris",
    # topics, the evidence graph and its figures
    "STATUS_COLORS",
    "Taxonomy",
    "Topic",
    "build_evidence_graph",
    "claims_on_unverified_sources",
    "compute_cocitation",
    "compute_source_topics",
    "compute_topics",
    "explore",
    "most_cited_sources",
    "plot_audit_summary",
    "plot_evidence_map",
    "plot_source_network",
    "plot_sources_by_year",
    "read_taxonomy",
    "save_figure",
    "sources_for_topic",
    "to_edge_table",
    "to_node_table",
    "uncited_claims",
    "write_gexf",
    "write_graph_tables",
    "write_graphml",
]


def __getattr__(name):
    # The notebook explorer pulls in ipywidgets and ipysigma: import it only when asked for.
    if name in ("explore", "EvidenceExplorer"):
        from litmap import explorer

        return getattr(explorer, name)
    raise AttributeError(f"module 'litmap' has no attribute {name!r}")
