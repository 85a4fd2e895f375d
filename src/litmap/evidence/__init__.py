"""Stage 4, evidence: the evidence graph (claims, topics, sources), topics found or given, and claim–source fit."""

from __future__ import annotations

from litmap.evidence.discovery import discover_topics
from litmap.evidence.fit import compute_fit
from litmap.evidence.graph import build_evidence_graph
from litmap.evidence.graph_export import (
    to_edge_table,
    to_node_table,
    write_gexf,
    write_graph,
    write_graph_tables,
    write_graphml,
)
from litmap.evidence.graph_queries import (
    claims_on_unverified_sources,
    compute_cocitation,
    describe_topic,
    most_cited_sources,
    sources_for_topic,
    uncited_claims,
)
from litmap.evidence.keyphrases import article_keywords
from litmap.evidence.taxonomy import Taxonomy, Topic, format_taxonomy, read_taxonomy, write_taxonomy
from litmap.evidence.topics import compute_source_topics, compute_topic_counts, compute_topics, largest_topic

__all__ = [
    "Taxonomy",
    "Topic",
    "article_keywords",
    "build_evidence_graph",
    "claims_on_unverified_sources",
    "compute_cocitation",
    "compute_fit",
    "compute_source_topics",
    "compute_topic_counts",
    "compute_topics",
    "describe_topic",
    "discover_topics",
    "format_taxonomy",
    "largest_topic",
    "most_cited_sources",
    "read_taxonomy",
    "sources_for_topic",
    "to_edge_table",
    "to_node_table",
    "uncited_claims",
    "write_gexf",
    "write_graph",
    "write_graph_tables",
    "write_graphml",
    "write_taxonomy",
]
