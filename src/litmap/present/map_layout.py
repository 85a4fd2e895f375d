"""Layout of the evidence map: which nodes go in the three columns, in what order.

Pure Python on the graph (no matplotlib), so it can be tested and benchmarked alone.
Columns: topics -> claims -> sources. Order is chosen by barycentric sweeps (each node moves to
the mean position of its neighbours in the next column), which removes most edge crossings
on small maps. When a column has more rows than fit, the best-connected ``max_rows - 1``
are kept and the rest merge into one ``more:<kind>`` row, so the figure stays readable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

COLUMNS = ("topic", "claim", "source")


@dataclass
class ColumnLayout:
    """The three ordered columns of the evidence map and the edges between their rows."""

    topics: list[str]
    claims: list[str]
    sources: list[str]
    #: (left node, right node, attributes of one underlying edge, number of merged edges)
    edges: list[tuple[str, str, dict, int]]
    #: how many nodes of each kind were merged into the ``more:<kind>`` row
    hidden: dict[str, int] = field(default_factory=dict)
    #: claims not drawn because they cite no source
    n_uncited_claims: int = 0
    #: labels of the topics in the graph that no drawn row shows (their claims cite no source, or
    #: they were merged into the ``more:topic`` row), for a footnote: "3 more topics: …"
    topics_not_shown: list[str] = field(default_factory=list)

    def position(self) -> dict[str, tuple[int, int]]:
        """``node -> (column index, row index)``."""
        pos = {}
        for col, nodes in enumerate((self.topics, self.claims, self.sources)):
            pos.update({n: (col, i) for i, n in enumerate(nodes)})
        return pos


def compute_column_layout(
    graph: nx.DiGraph,
    *,
    max_rows: int | None = None,
    include_uncited: bool = False,
    min_topic_score: float = 0.0,
    sweeps: int = 6,
) -> ColumnLayout:
    """Choose and order the rows of the evidence map.

    Parameters
    ----------
    graph
        An evidence graph from :func:`litmap.build_evidence_graph`.
    max_rows
        Most rows a column may show; the rest merge into ``more:<kind>``. None: no limit.
    include_uncited
        Also draw claims that cite no source (they still show their topics).
    min_topic_score
        Leave out claim->topic links scoring below this (passing mentions).
    sweeps
        Number of barycentric passes.
    """
    kinds = dict(graph.nodes(data="kind"))
    all_claims = sorted(n for n, k in kinds.items() if k == "claim")
    cites = {c: [v for v in graph.successors(c) if kinds[v] == "source"] for c in all_claims}
    about = {
        c: [
            v
            for v in graph.successors(c)
            if kinds[v] == "topic" and graph.edges[c, v].get("score", 0) >= min_topic_score
        ]
        for c in all_claims
    }
    claims = [c for c in all_claims if include_uncited or cites[c]]
    n_uncited = sum(1 for c in all_claims if not cites[c]) if not include_uncited else 0

    sources = sorted({s for c in claims for s in cites[c]})
    topics = sorted({t for c in claims for t in about[c]})
    degree = {c: len(cites[c]) + len(about[c]) for c in claims}
    for s in sources:
        degree[s] = graph.nodes[s].get("n_claims", 0)
    for t in topics:
        degree[t] = sum(1 for c in graph.predecessors(t) if c in degree)

    hidden: dict[str, int] = {}
    merge: dict[str, str] = {}

    def limit(nodes, kind):
        if max_rows is None or len(nodes) <= max_rows:
            return nodes
        keep_n = max(max_rows - 1, 1)
        ranked = sorted(nodes, key=lambda n: (-degree[n], n))
        keep = set(ranked[:keep_n])
        hidden[kind] = len(nodes) - keep_n
        for n in nodes:
            if n not in keep:
                merge[n] = f"more:{kind}"
        return [n for n in nodes if n in keep] + [f"more:{kind}"]

    topics, claims_shown, sources = limit(topics, "topic"), limit(claims, "claim"), limit(sources, "source")

    counts: dict[tuple[str, str], list] = {}
    for c in claims:
        cc = merge.get(c, c)
        for t in about[c]:
            key = (merge.get(t, t), cc)
            counts.setdefault(key, [graph.edges[c, t], 0])[1] += 1
        for s in cites[c]:
            key = (cc, merge.get(s, s))
            counts.setdefault(key, [graph.edges[c, s], 0])[1] += 1
    edges = [(u, v, attrs, n) for (u, v), (attrs, n) in counts.items()]

    topics, claims_shown, sources = _barycentric(topics, claims_shown, sources, edges, sweeps)
    drawn = set(topics)
    not_shown = [
        str(graph.nodes[t].get("label", t))
        for t in sorted(n for n, k in kinds.items() if k == "topic")
        if t not in drawn
    ]
    return ColumnLayout(topics, claims_shown, sources, edges, hidden, n_uncited, not_shown)


def _scaled(nodes) -> dict[str, float]:
    return {n: i / max(len(nodes) - 1, 1) for i, n in enumerate(nodes)}


def _barycentric(topics, claims, sources, edges, sweeps):
    neighbours: dict[str, list[str]] = {}
    for u, v, _, _ in edges:
        neighbours.setdefault(u, []).append(v)
        neighbours.setdefault(v, []).append(u)

    def order(nodes, index):
        # Merged 'more:' rows stay at the bottom; ties keep the current order.
        movable = [n for n in nodes if not n.startswith("more:")]
        own = _scaled(movable)

        def key(n):
            ps = [index[m] for m in neighbours.get(n, []) if m in index]
            return (sum(ps) / len(ps) if ps else own[n], own[n])

        return sorted(movable, key=key) + [n for n in nodes if n.startswith("more:")]

    for _ in range(sweeps):
        sources = order(sources, _scaled(claims))
        topics = order(topics, _scaled(claims))
        # A claim sits between both sides: average its topics' and its sources' positions.
        claims = order(claims, {**_scaled(topics), **_scaled(sources)})
    sources = order(sources, _scaled(claims))
    topics = order(topics, _scaled(claims))
    return topics, claims, sources


def count_crossings(layout: ColumnLayout) -> int:
    """Edge crossings between adjacent columns, a measure of how tangled the map is."""
    pos = layout.position()
    total = 0
    for left in (0, 1):
        segs = sorted(
            (pos[u][1], pos[v][1]) for u, v, _, _ in layout.edges if pos[u][0] == left and pos[v][0] == left + 1
        )
        for i, (a1, b1) in enumerate(segs):
            for a2, b2 in segs[i + 1 :]:
                if (a1 - a2) * (b1 - b2) < 0:
                    total += 1
    return total


__all__ = ["COLUMNS", "ColumnLayout", "compute_column_layout", "count_crossings"]
