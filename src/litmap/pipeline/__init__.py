"""The whole pipeline in order, as the notebooks tell it and as ``litmap run`` runs it in batch.

``load_article`` reads an article and returns its tables; ``audit_references`` looks the
references up (fetch, then compute); ``run`` adds the later stages (graph, figures, reading
lists) and writes every output into one folder. Each stage keeps what earlier stages produced:
a failure late in the run leaves the earlier files written, and every finished look-up stays
in the cache.

Its rooms: :mod:`~litmap.pipeline.article` (an article's tables), :mod:`~litmap.pipeline.runner`
(the audit and the run) and :mod:`~litmap.pipeline.outputs` (what a run writes after the audit).
"""

from litmap.pipeline.article import (
    ARTICLE_FILE,
    WRITTEN_FILES,
    ArticleTables,
    article_identity,
    check_article,
    check_no_links,
    check_not_overwritten,
    load_article,
    location_of,
    read_article_tables,
)
from litmap.pipeline.outputs import RunResult, figure_subtitle, write_figures, write_run_outputs, write_tables
from litmap.pipeline.runner import audit_references, run

__all__ = [
    "ARTICLE_FILE",
    "ArticleTables",
    "RunResult",
    "WRITTEN_FILES",
    "article_identity",
    "audit_references",
    "check_article",
    "check_no_links",
    "check_not_overwritten",
    "figure_subtitle",
    "load_article",
    "location_of",
    "read_article_tables",
    "run",
    "write_figures",
    "write_run_outputs",
    "write_tables",
]
