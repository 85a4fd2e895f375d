"""litmap: turn an article's claims and reference list into an audited evidence map.

The public API is re-exported here; see README.md for the story in order:
read the article -> parse references and claims -> fetch the records (Crossref, Open
Library; Europe PMC and OpenAlex for the evidence) -> audit -> build the graph -> draw -> export. Importing litmap has no side effects.
"""

from litmap.article import Article, Section, read_article
from litmap.audit import AuditResult, compute_audit, compute_comparison, compute_lookups, style_audit
from litmap.claims import compute_citations, compute_claims, compute_uncited, compute_unresolved, find_citations
from litmap.corpus import CorpusResult, find_articles, run_corpus
from litmap.corpusmap import build_corpus_graph, compute_corpus_reading_list, compute_themes
from litmap.corpusplots import (
    plot_most_cited_works,
    plot_shared_sources,
    plot_status_by_article,
    plot_topics_across_articles,
    write_corpus_outputs,
)
from litmap.crossref import CrossrefClient
from litmap.discovery import discover_topics
from litmap.documents import FetchedDocument, fetch_document
from litmap.errors import (
    ArticleError,
    CorpusError,
    LitmapError,
    LookupServiceError,
    OfflineError,
    ParserModelError,
    RunInterrupted,
    SchemaError,
    SettingsError,
    SnapshotError,
    TaxonomyError,
)
from litmap.europepmc import EuropePMCClient
from litmap.export import (
    write_bibtex,
    write_csl_json,
    write_html,
    write_markdown,
    write_reading_list,
    write_ris,
    write_topic_reading_lists,
)
from litmap.fit import compute_fit
from litmap.graph import (
    build_evidence_graph,
    claims_on_unverified_sources,
    compute_cocitation,
    describe_topic,
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
from litmap.openalex import OpenAlexClient
from litmap.openlibrary import OpenLibraryClient
from litmap.palette import STATUS_COLORS
from litmap.pipeline import (
    ArticleTables,
    RunResult,
    audit_references,
    load_article,
    read_saved_records,
    run,
    write_figures,
)
from litmap.plotting import (
    plot_audit_summary,
    plot_evidence_map,
    plot_source_network,
    plot_sources_by_year,
    save_figure,
)
from litmap.readinglist import (
    compute_reading_list,
    compute_topic_reading_lists,
    compute_work_type,
    format_apa,
    to_csl_item,
)
from litmap.records import fetch_records
from litmap.references import compute_references, parse_reference, read_references, split_reference_block
from litmap.schemas import (
    ARTICLES,
    AUDIT,
    AUDIT_STATUSES,
    CITATIONS,
    CITATIONS_FIT,
    CLAIMS,
    FIT_LABELS,
    LOOKUPS,
    READING_LIST,
    RECORDS,
    REFERENCES,
    SOURCE_LINKS,
    UNRESOLVED,
    WORKS,
    read_table,
    write_table,
)
from litmap.settings import Settings
from litmap.snapshot import Snapshot, read_snapshot, write_snapshot
from litmap.store import CorpusStore, read_corpus
from litmap.topics import (
    Taxonomy,
    Topic,
    compute_source_topics,
    compute_topic_counts,
    compute_topics,
    format_taxonomy,
    largest_topic,
    read_taxonomy,
    write_taxonomy,
)

__version__ = "0.1.0"

__all__ = [
    # the pipeline and its settings
    "ArticleTables",
    "RunResult",
    "Settings",
    "audit_references",
    "load_article",
    "read_saved_records",
    "run",
    # corpus mode: many articles, one store
    "CorpusResult",
    "CorpusStore",
    "build_corpus_graph",
    "compute_corpus_reading_list",
    "compute_themes",
    "find_articles",
    "plot_most_cited_works",
    "plot_shared_sources",
    "plot_status_by_article",
    "plot_topics_across_articles",
    "read_corpus",
    "run_corpus",
    "write_corpus_outputs",
    # reading the article, claims and citations
    "Article",
    "FetchedDocument",
    "Section",
    "fetch_document",
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
    "CorpusError",
    "LitmapError",
    "LookupServiceError",
    "OfflineError",
    "ParserModelError",
    "RunInterrupted",
    "SchemaError",
    "SettingsError",
    "SnapshotError",
    "TaxonomyError",
    # table schemas
    "ARTICLES",
    "AUDIT",
    "AUDIT_STATUSES",
    "CITATIONS",
    "CITATIONS_FIT",
    "CLAIMS",
    "LOOKUPS",
    "READING_LIST",
    "RECORDS",
    "REFERENCES",
    "SOURCE_LINKS",
    "UNRESOLVED",
    "WORKS",
    "read_table",
    "write_table",
    # web-service clients, the records they fetch, and snapshots (saved records)
    "CrossrefClient",
    "EuropePMCClient",
    "OpenAlexClient",
    "OpenLibraryClient",
    "Snapshot",
    "fetch_records",
    "read_snapshot",
    "write_snapshot",
    # matching and audit
    "AuditResult",
    "Match",
    "compare_fields",
    "compute_audit",
    "compute_comparison",
    "compute_lookups",
    "style_audit",
    "compute_match",
    # claim-source fit and reading lists
    "FIT_LABELS",
    "compute_fit",
    "compute_reading_list",
    "compute_topic_reading_lists",
    "compute_work_type",
    "format_apa",
    "to_csl_item",
    "write_bibtex",
    "write_csl_json",
    "write_html",
    "write_markdown",
    "write_reading_list",
    "write_ris",
    "write_topic_reading_lists",
    # topics, the evidence graph and its figures
    "STATUS_COLORS",
    "Taxonomy",
    "Topic",
    "build_evidence_graph",
    "claims_on_unverified_sources",
    "compute_cocitation",
    "compute_source_topics",
    "compute_topic_counts",
    "compute_topics",
    "describe_topic",
    "discover_topics",
    "explore",
    "largest_topic",
    "most_cited_sources",
    "plot_audit_summary",
    "plot_evidence_map",
    "plot_source_network",
    "plot_sources_by_year",
    "format_taxonomy",
    "read_taxonomy",
    "save_figure",
    "sources_for_topic",
    "to_edge_table",
    "to_node_table",
    "uncited_claims",
    "write_figures",
    "write_gexf",
    "write_graph_tables",
    "write_graphml",
    "write_taxonomy",
]


def __getattr__(name):
    # The notebook explorer pulls in ipywidgets and ipysigma: import it only when asked for.
    if name in ("explore", "EvidenceExplorer"):
        from litmap import explorer

        return getattr(explorer, name)
    raise AttributeError(f"module 'litmap' has no attribute {name!r}")
