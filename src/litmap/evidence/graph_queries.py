"""What people ask of the evidence graph: the sources of a topic, the most-cited sources, claims
resting on unverified sources or citing none, and pairs of sources cited together.

These are read-only questions put to a graph :func:`litmap.build_evidence_graph` has built; they
answer in small tables (one row per source or claim) or a sentence. They are kept apart from
:mod:`litmap.evidence.graph`, which builds the graph, so that building and asking can each be read
(and changed) on their own; this module imports that one, never the other way round.
"""

from __future__ import annotations

import itertools

import networkx as nx
import pandas as pd

from litmap.arguments import checked, whole_number
from litmap.evidence.graph import GRAPH_ARGUMENT
from litmap.schemas import CITATIONS


def _nodes(graph: nx.DiGraph, kind: str) -> list[str]:
    return [n for n, k in graph.nodes(data="kind") if k == kind]


#: The columns of the source and claim tables the queries return: each node attribute, its value when the
#: node lacks it, and its dtype.
_SOURCE_COLUMNS = {
    "ref_id": (None, "string"),
    "label": (None, "string"),
    "status": ("unchecked", "string"),
    "year": (None, "Int64"),
    "n_claims": (0, "Int64"),
}
_CLAIM_COLUMNS = {
    "claim_id": (None, "string"),
    "label": (None, "string"),
    "section": (None, "string"),
    "text": (None, "string"),
    "n_sources": (0, "Int64"),
}


def _node_rows(graph: nx.DiGraph, nodes, columns: dict) -> pd.DataFrame:
    rows = [{name: graph.nodes[n].get(name, default) for name, (default, _) in columns.items()} for n in nodes]
    frame = pd.DataFrame(rows, columns=list(columns))
    return frame.astype({name: dtype for name, (_, dtype) in columns.items()})


def _source_rows(graph: nx.DiGraph, nodes) -> pd.DataFrame:
    return _node_rows(graph, nodes, _SOURCE_COLUMNS)


def _claim_rows(graph: nx.DiGraph, nodes) -> pd.DataFrame:
    return _node_rows(graph, nodes, _CLAIM_COLUMNS)


def _cited_sources(graph: nx.DiGraph, claim: str) -> list[str]:
    return [v for v in graph.successors(claim) if graph.nodes[v]["kind"] == "source"]


@checked(graph=GRAPH_ARGUMENT)
def sources_for_topic(graph: nx.DiGraph, topic: str | None) -> pd.DataFrame:
    """The sources cited by claims about ``topic`` (key or ``topic:`` id), most-cited first.

    ``topic=None`` (no topic to ask about, as :func:`litmap.largest_topic` says of an article
    without topics) gives an empty table with the same columns.

    Raises
    ------
    KeyError
        ``topic`` is not a topic of the graph; the message lists the ones it has.
    """
    if topic is None:
        frame = _source_rows(graph, [])
        frame["n_claims_on_topic"] = pd.array([], dtype="Int64")
        return frame
    tid = topic if topic.startswith("topic:") else f"topic:{topic}"
    if tid not in graph:
        known = ", ".join(sorted(n.split(":", 1)[1] for n in _nodes(graph, "topic")))
        raise KeyError(f"no topic {topic!r} in the graph; topics: {known or 'none'}")
    counts: dict[str, int] = {}
    for claim in graph.predecessors(tid):
        for src in _cited_sources(graph, claim):
            counts[src] = counts.get(src, 0) + 1
    frame = _source_rows(graph, sorted(counts, key=lambda n: (-counts[n], n)))
    frame["n_claims_on_topic"] = pd.array([counts[f"ref:{r}"] for r in frame["ref_id"]], dtype="Int64")
    return frame


@checked(graph=GRAPH_ARGUMENT)
def describe_topic(graph: nx.DiGraph, topic: str | None) -> str:
    """One sentence on a topic of the graph for a reader: its label, its claims and their sources.

    With ``topic=None``, the sentence says the graph has no topics and what to do about it.

    Examples
    --------
    >>> g = nx.DiGraph()
    >>> g.add_node("topic:sleep", kind="topic", label="Sleep")
    >>> g.add_node("claim:C01", kind="claim", label="C01")
    >>> g.add_node("ref:R01", kind="source", label="Walker 2017", ref_id="R01")
    >>> g.add_edge("claim:C01", "topic:sleep", relation="about", origin="topics")
    >>> g.add_edge("claim:C01", "ref:R01", relation="cites", origin="article")
    >>> describe_topic(g, "sleep")
    "Topic 'Sleep' (key sleep): 1 claim, citing 1 source. The graph's topics: sleep."
    >>> describe_topic(nx.DiGraph(), None).startswith("The graph has no topics")
    True
    """
    if topic is None:
        return (
            "The graph has no topics, so there are no sources by topic: the article's cited claims "
            "share no phrase or heading to make a topic of (an article that cites nothing has none), "
            "or the taxonomy given matches no claim. Name topics of your own in a taxonomy file "
            "(topics_file, or --topics) to group the claims."
        )
    tid = topic if topic.startswith("topic:") else f"topic:{topic}"
    sources = sources_for_topic(graph, tid)
    n_claims = sum(1 for _ in graph.predecessors(tid))
    keys = ", ".join(n.split(":", 1)[1] for n in _nodes(graph, "topic"))
    return (
        f"Topic {graph.nodes[tid]['label']!r} (key {tid.split(':', 1)[1]}): "
        f"{n_claims} claim{'s' * (n_claims != 1)}, citing {len(sources)} source{'s' * (len(sources) != 1)}. "
        f"The graph's topics: {keys}."
    )


@checked(graph=GRAPH_ARGUMENT)
def claims_on_unverified_sources(graph: nx.DiGraph, statuses=("not_found",)) -> pd.DataFrame:
    """Claims whose every source has one of ``statuses`` (by default: resting only on not_found)."""
    wanted = set(statuses)
    hits = []
    for claim in _nodes(graph, "claim"):
        sources = _cited_sources(graph, claim)
        if sources and all(graph.nodes[s].get("status", "unchecked") in wanted for s in sources):
            hits.append(claim)
    return _claim_rows(graph, hits)


@checked(graph=GRAPH_ARGUMENT)
def uncited_claims(graph: nx.DiGraph) -> pd.DataFrame:
    """Claims that cite no source at all."""
    return _claim_rows(graph, [c for c in _nodes(graph, "claim") if not _cited_sources(graph, c)])


@checked(graph=GRAPH_ARGUMENT, n=whole_number(0))
def most_cited_sources(graph: nx.DiGraph, n: int = 10) -> pd.DataFrame:
    """The ``n`` sources cited by the most claims (ties by ref_id)."""
    nodes = sorted(_nodes(graph, "source"), key=lambda s: (-graph.nodes[s].get("n_claims", 0), s))
    return _source_rows(graph, nodes[:n]).reset_index(drop=True)


def compute_cocitation(citations: pd.DataFrame) -> pd.DataFrame:
    """Pairs of sources cited in the same claim: ``ref_a``, ``ref_b``, ``n_claims``, ``claim_ids``.

    Co-citation says the article leans on two sources together; strongest pairs first.
    """
    CITATIONS.validate(citations)
    links = citations.loc[citations["ref_id"].notna(), ["claim_id", "ref_id"]].drop_duplicates()
    pairs: dict[tuple[str, str], list[str]] = {}
    for claim_id, group in links.groupby("claim_id", sort=True):
        for a, b in itertools.combinations(sorted(set(group["ref_id"])), 2):
            pairs.setdefault((a, b), []).append(claim_id)
    rows = [{"ref_a": a, "ref_b": b, "n_claims": len(c), "claim_ids": c} for (a, b), c in pairs.items()]
    frame = pd.DataFrame(rows, columns=["ref_a", "ref_b", "n_claims", "claim_ids"])
    frame = frame.astype({"ref_a": "string", "ref_b": "string", "n_claims": "Int64"})
    return frame.sort_values(["n_claims", "ref_a", "ref_b"], ascending=[False, True, True]).reset_index(drop=True)


__all__ = [
    "claims_on_unverified_sources",
    "compute_cocitation",
    "describe_topic",
    "most_cited_sources",
    "sources_for_topic",
    "uncited_claims",
]
