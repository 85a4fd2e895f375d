"""Corpus mode: many articles, one store and one evidence map (``litmap corpus``, notebook 5)."""

from __future__ import annotations

from litmap.corpus.corpus_map import build_corpus_graph, compute_corpus_reading_list, compute_themes
from litmap.corpus.figures import (
    plot_most_cited_works,
    plot_shared_sources,
    plot_status_by_article,
    plot_topics_across_articles,
    write_corpus_outputs,
)
from litmap.corpus.inputs import CorpusInput, find_articles
from litmap.corpus.run import CorpusResult, run_corpus
from litmap.corpus.store import CorpusStore, read_corpus

__all__ = [
    "CorpusInput",
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
]
