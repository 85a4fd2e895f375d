"""Layout of the evidence map: which nodes go in the three columns, in what order.

Pure Python on the graph (no matplotlib), so it can be tested and benchmarked alone.
Columns: topics -> claims -> sources. When a column has more rows than fit, the best-connected
``max_rows - 1`` are kept and the rest merge into one ``more:<kind>`` row, and the layout says
which nodes went there, so the figure can name them.

Order is chosen to cross as few edges as possible (:func:`count_crossings` counts them): barycentric
sweeps first (each node moves to the mean position of its neighbours in the next columns), then
adjacent exchange (swap two neighbouring rows whenever that removes crossings) until no swap helps,
from a few starting orders (seeded, so the same graph always gives the same order), keeping the best.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import networkx as nx

COLUMNS = ("topic", "claim", "source")
#: Seeded random starting orders tried on maps of at most this many edges (a slide's map has fewer).
_SHUFFLES, _SHUFFLED_UP_TO = 8, 400


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
    #: the nodes merged into each ``more:<kind>`` row, best-connected first
    hidden_nodes: dict[str, list[str]] = field(default_factory=dict)
    #: topics of the graph that have no row (none of their claims cites a source, or their links
    #: score below ``min_topic_score``), by topic id
    topics_left_out: list[str] = field(default_factory=list)
    #: labels of the topics in the graph that no drawn row shows (their claims cite no source, or
    #: they were merged into the ``more:topic`` row), for a footnote: "3 more topics: …"
    topics_not_shown: list[str] = field(default_factory=list)
    #: the claims not drawn because they cite no source (those of the topic, on a topic's map)
    uncited_claims: list[str] = field(default_factory=list)

    def position(self) -> dict[str, tuple[int, int]]:
        """``node -> (column index, row index)``."""
        pos = {}
        for col, nodes in enumerate((self.topics, self.claims, self.sources)):
            pos.update({n: (col, i) for i, n in enumerate(nodes)})
        return pos


def _limits(max_rows) -> dict[str, int | None]:
    if isinstance(max_rows, dict):
        return {kind: max_rows.get(kind) for kind in COLUMNS}
    return dict.fromkeys(COLUMNS, max_rows)


def compute_column_layout(
    graph: nx.DiGraph,
    *,
    max_rows: int | dict[str, int] | None = None,
    include_uncited: bool = False,
    min_topic_score: float = 0.0,
    topic: str | None = None,
    order: bool = True,
) -> ColumnLayout:
    """Choose and order the rows of the evidence map.

    Parameters
    ----------
    graph
        An evidence graph from :func:`litmap.build_evidence_graph`.
    max_rows
        Most rows a column may show (one number, or one per kind: ``{"topic": 8, "claim": 7,
        "source": 14}``); the rest merge into ``more:<kind>``. None: no limit.
    include_uncited
        Also draw claims that cite no source (they still show their topics).
    min_topic_score
        Leave out claim->topic links scoring below this (passing mentions).
    topic
        Only the claims about this topic (a node id ``topic:<key>`` or the key), and their sources.
    order
        Order the rows to cross few edges (False: in id order, e.g. only to count the rows).

    Raises
    ------
    KeyError
        ``topic`` is not a topic of the graph.
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
    if topic is not None:
        tid = topic if topic.startswith("topic:") else f"topic:{topic}"
        if kinds.get(tid) != "topic":
            raise KeyError(f"no topic {topic!r} in the graph")
        all_claims = [c for c in all_claims if tid in about[c]]
        about = {c: [tid] for c in all_claims}
    claims = [c for c in all_claims if include_uncited or cites[c]]
    uncited = [] if include_uncited else sorted((c for c in all_claims if not cites[c]), key=natural_order)
    n_uncited = len(uncited)

    sources = sorted({s for c in claims for s in cites[c]})
    topics = sorted({t for c in claims for t in about[c]})
    left_out = [] if topic is not None else sorted(n for n, k in kinds.items() if k == "topic" and n not in topics)
    degree = {c: len(cites[c]) + len(about[c]) for c in claims}
    for s in sources:
        degree[s] = graph.nodes[s].get("n_claims", 0)
    for t in topics:
        degree[t] = sum(1 for c in graph.predecessors(t) if c in degree)

    limits = _limits(max_rows)
    hidden: dict[str, int] = {}
    hidden_nodes: dict[str, list[str]] = {}
    merge: dict[str, str] = {}

    def limit(nodes, kind, near=None):
        most = limits[kind]
        if most is None or len(nodes) <= most:
            return nodes
        keep_n = max(most - 1, 1)
        # Rows tied to the claims shown first, then the best-connected: a source only hidden claims
        # cite would hang on the '+ more' row and draw lines across the map.
        ranked = sorted(nodes, key=lambda n: (-(near or {}).get(n, 0), -degree[n], n))
        keep = set(ranked[:keep_n])
        hidden[kind] = len(nodes) - keep_n
        hidden_nodes[kind] = ranked[keep_n:]
        for n in nodes:
            if n not in keep:
                merge[n] = f"more:{kind}"
        return [n for n in nodes if n in keep] + [f"more:{kind}"]

    claims_shown = limit(claims, "claim")
    on_map = set(claims_shown)
    near_sources: dict[str, int] = {}
    near_topics: dict[str, int] = {}
    for c in claims:
        if c in on_map:
            for s in cites[c]:
                near_sources[s] = near_sources.get(s, 0) + 1
            for t in about[c]:
                near_topics[t] = near_topics.get(t, 0) + 1
    topics, sources = limit(topics, "topic", near_topics), limit(sources, "source", near_sources)

    counts: dict[tuple[str, str], list] = {}
    for c in claims:
        cc = merge.get(c, c)
        for t in about[c]:
            key = (merge.get(t, t), cc)
            counts.setdefault(key, [graph.edges[c, t], 0])[1] += 1
        for s in cites[c]:
            key = (cc, merge.get(s, s))
            counts.setdefault(key, [graph.edges[c, s], 0])[1] += 1
    # A line between two '+ more' rows says nothing: left out.
    edges = [
        (u, v, attrs, n)
        for (u, v), (attrs, n) in counts.items()
        if not (u.startswith("more:") and v.startswith("more:"))
    ]

    columns = [topics, claims_shown, sources]
    if order:
        columns = order_columns(columns, [(u, v) for u, v, _, _ in edges])
    drawn = set(columns[0])
    not_shown = [
        str(graph.nodes[t].get("label", t))
        for t in sorted(n for n, k in kinds.items() if k == "topic")
        if t not in drawn
    ]
    if topic is not None:
        not_shown = []
    return ColumnLayout(*columns, edges, hidden, n_uncited, hidden_nodes, left_out, not_shown, uncited)


def _scaled(nodes) -> dict[str, float]:
    return {n: i / max(len(nodes) - 1, 1) for i, n in enumerate(nodes)}


def _movable(nodes):
    return [n for n in nodes if not n.startswith("more:")], [n for n in nodes if n.startswith("more:")]


def _barycentric(columns, neighbours, sweeps):
    def order(nodes, index):
        # Merged 'more:' rows stay at the bottom; ties keep the current order.
        movable, fixed = _movable(nodes)
        own = _scaled(movable)

        def key(n):
            ps = [index[m] for m in neighbours.get(n, []) if m in index]
            return (sum(ps) / len(ps) if ps else own[n], own[n])

        return sorted(movable, key=key) + fixed

    topics, claims, sources = columns
    for _ in range(sweeps):
        sources = order(sources, _scaled(claims))
        topics = order(topics, _scaled(claims))
        # A claim sits between both sides: average its topics' and its sources' positions.
        claims = order(claims, {**_scaled(topics), **_scaled(sources)})
    sources = order(sources, _scaled(claims))
    topics = order(topics, _scaled(claims))
    return [topics, claims, sources]


def order_columns(
    columns: list[list[str]], pairs: list[tuple[str, str]], *, sweeps: int = 6, exchange: bool = True
) -> list[list[str]]:
    """Order the rows of three columns so few of the edges between neighbouring columns cross.

    ``pairs`` are the edges (left node, right node). Barycentric sweeps, then adjacent exchange;
    started from the given order and from the middle column sorted by its first neighbour, the
    order with fewer crossings is kept. Rows named ``more:…`` stay last. ``exchange=False`` is the
    barycentric sweeps alone from the given order (what litmap did before; the benchmark compares).
    """
    neighbours: dict[str, list[str]] = {}
    for u, v in pairs:
        neighbours.setdefault(u, []).append(v)
        neighbours.setdefault(v, []).append(u)
    if not exchange:
        return _barycentric([list(c) for c in columns], neighbours, sweeps)
    best, best_count = None, None
    for start in _starts(columns, neighbours, len(pairs)):
        ordered = _barycentric(start, neighbours, sweeps)
        ordered = _exchange_sides(ordered, neighbours)
        count = _crossings(ordered, pairs)
        if best_count is None or count < best_count:
            best, best_count = ordered, count
    return best


def _starts(columns, neighbours, n_edges: int, *, seed: int = 7):
    """Starting orders: as given, claims grouped by their first topic, and (on a map small enough
    to count quickly, as a slide's is) a few seeded shuffles; the sweeps find different orders."""
    import random

    yield [list(c) for c in columns]
    topics, claims, sources = columns
    rank = {n: i for i, n in enumerate(topics)}
    movable, fixed = _movable(claims)
    by_topic = sorted(
        movable, key=lambda c: min((rank[t] for t in neighbours.get(c, []) if t in rank), default=len(rank))
    )
    yield [list(topics), by_topic + fixed, list(sources)]
    if n_edges <= _SHUFFLED_UP_TO:
        rng = random.Random(seed)
        for _ in range(_SHUFFLES):
            shuffled = list(movable)
            rng.shuffle(shuffled)
            yield [list(topics), shuffled + fixed, list(sources)]


def _exchange_sides(columns, neighbours, *, max_passes: int = 20):
    """Adjacent exchange where each node's neighbours are split by side (left column, right column)."""
    columns = [list(c) for c in columns]
    for _ in range(max_passes):
        improved = False
        for col, nodes in enumerate(columns):
            sides = []
            for other in (col - 1, col + 1):
                if 0 <= other < len(columns):
                    sides.append({n: i for i, n in enumerate(columns[other])})
            movable, _ = _movable(nodes)
            for i in range(len(movable) - 1):
                a, b = nodes[i], nodes[i + 1]
                now = swapped = 0
                for index in sides:
                    pa = [index[m] for m in neighbours.get(a, []) if m in index]
                    pb = [index[m] for m in neighbours.get(b, []) if m in index]
                    now += sum(1 for x in pa for y in pb if x > y)
                    swapped += sum(1 for x in pa for y in pb if x < y)
                if swapped < now:
                    nodes[i], nodes[i + 1] = b, a
                    improved = True
        if not improved:
            break
    return columns


def _crossings(columns, pairs) -> int:
    pos = {}
    for col, nodes in enumerate(columns):
        pos.update({n: (col, i) for i, n in enumerate(nodes)})
    total = 0
    for left in range(len(columns) - 1):
        segs = sorted(
            (pos[u][1], pos[v][1])
            for u, v in pairs
            if u in pos and v in pos and pos[u][0] == left and pos[v][0] == left + 1
        )
        for i, (a1, b1) in enumerate(segs):
            for a2, b2 in segs[i + 1 :]:
                if (a1 - a2) * (b1 - b2) < 0:
                    total += 1
    return total


def count_crossings(layout: ColumnLayout) -> int:
    """Edge crossings between adjacent columns, a measure of how tangled the map is."""
    return _crossings([layout.topics, layout.claims, layout.sources], [(u, v) for u, v, _, _ in layout.edges])


def natural_order(node: str) -> tuple:
    """'claim:C9' before 'claim:C10'."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", node))


def names_of(graph, nodes, *, ids: bool = False, most: int = 12) -> list[str]:
    """Claim ids or labels of ``nodes``, the first ``most`` of them and how many more (none when
    ``most`` is 0: the count alone says it)."""
    if most <= 0:
        return []
    names = [
        str(graph.nodes[n].get("claim_id", n.split(":", 1)[1])) if ids else str(graph.nodes[n].get("label", n))
        for n in nodes[:most]
    ]
    return names + ([f"{len(nodes) - most} more"] if len(nodes) > most else [])


def describe_left_out(graph: nx.DiGraph, layout: ColumnLayout, *, most: int = 12) -> str:
    """What the map does not show, in words: the footnote under it.

    Names the claims and sources merged into '+ N more' rows, the claims that cite no source and
    the topics none of whose cited claims made the map: the first ``most`` of each, then how many
    more (a figure asks for fewer until its footnote fits whole).
    """

    def listed(names: list[str]) -> str:
        return f" ({', '.join(names)})" if names else ""

    parts = []
    kinds = dict(graph.nodes(data="kind"))
    if layout.n_uncited_claims:
        # A topic's map names the topic's claims citing nothing, not every such claim of the article.
        uncited = layout.uncited_claims or sorted(
            (
                n
                for n, k in kinds.items()
                if k == "claim" and not any(kinds[v] == "source" for v in graph.successors(n))
            ),
            key=natural_order,
        )
        n = layout.n_uncited_claims
        parts.append(
            f"{n} claim{'s' if n != 1 else ''} citing no source{listed(names_of(graph, uncited, ids=True, most=most))}"
        )
    if layout.topics_left_out:
        n = len(layout.topics_left_out)
        names = listed(names_of(graph, layout.topics_left_out, most=most))
        parts.append(
            f"{n} topic{'s' if n != 1 else ''} with no cited claim mainly about {'them' if n != 1 else 'it'}{names}"
        )
    merged = []
    for kind in ("topic", "claim", "source"):
        nodes = layout.hidden_nodes.get(kind, [])
        if kind == "claim":
            nodes = sorted(nodes, key=natural_order)
        if nodes:
            names = listed(names_of(graph, nodes, ids=kind == "claim", most=most))
            merged.append(f"{len(nodes)} {kind}{'s' if len(nodes) != 1 else ''}{names}")
    text = ""
    if parts:
        text = "Not on the map: " + "; ".join(parts) + "."
    if merged:
        text += (" " if text else "") + "In the '+ more' rows: " + "; ".join(merged) + "."
    return text


__all__ = [
    "COLUMNS",
    "ColumnLayout",
    "compute_column_layout",
    "count_crossings",
    "describe_left_out",
    "names_of",
    "natural_order",
    "order_columns",
]
