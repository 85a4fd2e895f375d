"""litmap: turn an article's claims and reference list into an audited evidence map.

The package is laid out as the pipeline runs, one subpackage per stage:
:mod:`litmap.read` (the article) -> :mod:`litmap.parse` (references, claims, citations) ->
:mod:`litmap.verify` (look-ups, matching, audit) -> :mod:`litmap.evidence` (graph, topics, fit) ->
:mod:`litmap.present` (figures, reading lists, exports), with :mod:`litmap.pipeline` running them in
order and :mod:`litmap.corpus` on top. The names below are the public API the notebooks and README
use; everything else is reachable from its subpackage. Importing litmap has no side effects.
"""

from litmap.corpus import (
    CorpusResult,
    build_corpus_graph,
    compute_corpus_reading_list,
    plot_most_cited_works,
    plot_shared_sources,
    plot_status_by_article,
    plot_topics_across_articles,
    read_corpus,
    run_corpus,
)
from litmap.errors import (
    ArticleError,
    CorpusError,
    LitmapError,
    LookupServiceError,
    OfflineError,
    ParserModelError,
    PdfError,
    RunInterrupted,
    SchemaError,
    SettingsError,
    SnapshotError,
    TaxonomyError,
)
from litmap.evidence import (
    Taxonomy,
    article_keywords,
    build_evidence_graph,
    claims_on_unverified_sources,
    compute_fit,
    compute_topics,
    describe_topic,
    discover_topics,
    format_taxonomy,
    largest_topic,
    most_cited_sources,
    read_taxonomy,
    sources_for_topic,
    to_node_table,
    uncited_claims,
    write_graph,
    write_taxonomy,
)
from litmap.parse import compute_references, compute_unsupported, parse_reference
from litmap.pipeline import (
    ArticleTables,
    RunResult,
    audit_references,
    load_article,
    run,
    write_figures,
    write_tables,
)
from litmap.present import (
    compute_reading_list,
    compute_topic_reading_lists,
    plot_audit_summary,
    plot_evidence_map,
    plot_source_network,
    plot_sources_by_year,
    save_figure,
    style_audit,
    write_reading_list,
    write_slides,
    write_topic_reading_lists,
)
from litmap.read import Article, read_article
from litmap.settings import Settings
from litmap.verify import (
    AuditResult,
    compute_audit,
    compute_comparison,
    compute_lookups,
    fetch_records,
    read_saved_records,
    read_snapshot,
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
    "write_figures",
    "write_tables",
    # read and parse
    "Article",
    "compute_references",
    "compute_unsupported",
    "parse_reference",
    "read_article",
    # verify: fetch, then compute
    "AuditResult",
    "compute_audit",
    "compute_comparison",
    "compute_lookups",
    "fetch_records",
    "read_snapshot",
    # evidence: graph, topics, fit
    "Taxonomy",
    "article_keywords",
    "build_evidence_graph",
    "claims_on_unverified_sources",
    "compute_fit",
    "compute_topics",
    "describe_topic",
    "discover_topics",
    "format_taxonomy",
    "largest_topic",
    "most_cited_sources",
    "read_taxonomy",
    "sources_for_topic",
    "to_node_table",
    "uncited_claims",
    "write_graph",
    "write_taxonomy",
    # present: figures, the explorer, reading lists
    "compute_reading_list",
    "compute_topic_reading_lists",
    "explore",
    "plot_audit_summary",
    "plot_evidence_map",
    "plot_source_network",
    "plot_sources_by_year",
    "save_figure",
    "style_audit",
    "write_reading_list",
    "write_slides",
    "write_topic_reading_lists",
    # corpus mode
    "CorpusResult",
    "build_corpus_graph",
    "compute_corpus_reading_list",
    "plot_most_cited_works",
    "plot_shared_sources",
    "plot_status_by_article",
    "plot_topics_across_articles",
    "read_corpus",
    "run_corpus",
    # errors
    "ArticleError",
    "CorpusError",
    "LitmapError",
    "LookupServiceError",
    "OfflineError",
    "ParserModelError",
    "PdfError",
    "RunInterrupted",
    "SchemaError",
    "SettingsError",
    "SnapshotError",
    "TaxonomyError",
]


def __getattr__(name):
    # The notebook explorer pulls in ipywidgets and ipysigma: import it only when asked for.
    if name in ("explore", "EvidenceExplorer"):
        from litmap.present import explorer

        return getattr(explorer, name)
    raise AttributeError(f"module 'litmap' has no attribute {name!r}")
