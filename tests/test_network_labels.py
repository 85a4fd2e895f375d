"""Source-network labels name their dots: each sits nearest its own dot or is joined to it by a leader
line, and none overlaps another label or a dot. Measured on the drawn artists after a canvas draw."""

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import networkx as nx
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from litmap.present.labels import box_gap, place_labels
from litmap.present.source_network import plot_source_network

REPO = Path(__file__).resolve().parents[1]
ARTICLES = {
    "bundled": (REPO / "data/articles/empathy-in-therapy.txt", REPO / "data/snapshots/empathy-in-therapy.json"),
    "plos-pone-0036880": (REPO / "data/corpus/plos-pone-0036880.txt", None),
    "plos-pmed-1001518": (REPO / "data/corpus/plos-pmed-1001518.html", None),
}
NAMES = ["Li", "Lamm", "Hutcherson", "Dubois-Dauphin", "Reichenbach", "Zhou", "Silverstein", "Ng", "Blankenship"]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _drawn(ax, dpi: float = 72):
    """Each label's drawn box and each node's centre and radius, in points at slide size."""
    fig = ax.figure
    fig.set_dpi(dpi)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    scale = 72 / fig.dpi
    nodes = {n: (*ax.transData.transform((x, y)) * scale, r * 72) for n, (x, y, r) in ax.litmap_nodes.items()}
    labels = {}
    for n, text in ax.litmap_labels.items():
        box = text.get_window_extent(renderer)
        labels[n] = (box.x0 * scale, box.y0 * scale, box.x1 * scale, box.y1 * scale)
    leaders = {
        n: [tuple(ax.transData.transform(p) * scale) for p in line.get_xydata()]
        for n, line in ax.litmap_leaders.items()
    }
    return nodes, labels, leaders


def assert_labels_name_their_nodes(ax) -> None:
    nodes, labels, leaders = _drawn(ax)
    assert set(labels) <= set(nodes)
    for n, box in labels.items():
        gaps = {m: box_gap(box, *node) for m, node in nodes.items()}
        others = [m for m in nodes if m != n]
        assert all(gaps[m] > 0 for m in others), f"{n}'s label overlaps a node"
        assert gaps[n] > 0, f"{n}'s label overlaps its own node"
        nearest = min(gaps, key=gaps.get)
        if n in leaders:  # the leader line joins the node's edge to the label's box
            start, end = leaders[n]
            x, y, r = nodes[n]
            assert math.hypot(start[0] - x, start[1] - y) <= r + 2  # from the node (its edge line included)
            assert box_gap(box, *end) < 2.0
            near = [m for m in others if gaps[m] <= 0.5 * nodes[m][2] + 2]
            assert not near, f"{n}'s label, on a leader line, sits by {near[0]} as if it were its label"
        else:
            assert nearest == n, f"{n}'s label is nearer {nearest} and has no leader line"
            assert gaps[n] <= 0.5 * nodes[n][2] + 8, f"{n}'s label sits {gaps[n]:.1f} pt from its node"
    boxes = list(labels.items())
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1 :]:
            apart = box_a[2] <= box_b[0] or box_b[2] <= box_a[0] or box_a[3] <= box_b[1] or box_b[3] <= box_a[1]
            assert apart, f"the labels of {a} and {b} overlap"


def _network(n_sources: int, links: list[tuple[int, int]], claims: list[int], names: list[int]) -> nx.DiGraph:
    graph = nx.DiGraph(name="A generated article")
    for i in range(n_sources):
        label = f"{NAMES[names[i % len(names)] % len(NAMES)]} et al. {1990 + i % 30}"
        status = ("verified", "discrepant", "not_found")[i % 3]
        graph.add_node(f"ref:R{i:02d}", kind="source", label=label, status=status, n_claims=claims[i % len(claims)])
    for a, b in links:
        a, b = a % n_sources, b % n_sources
        if a != b:
            graph.add_edge(f"ref:R{a:02d}", f"ref:R{b:02d}", relation="cites", origin="crossref")
    return graph


@settings(max_examples=15, deadline=None, phases=[Phase.generate], suppress_health_check=[HealthCheck.too_slow])
@given(
    n_sources=st.integers(4, 45),
    links=st.lists(st.tuples(st.integers(0, 44), st.integers(0, 44)), min_size=3, max_size=70),
    claims=st.lists(st.integers(0, 7), min_size=1, max_size=8),
    names=st.lists(st.integers(0, 8), min_size=1, max_size=8),
    seed=st.integers(0, 50),
)
def test_every_label_names_its_node(n_sources, links, claims, names, seed):
    graph = _network(n_sources, links, claims, names)
    ax = plot_source_network(graph, seed=seed)
    if ax.litmap_nodes:
        assert_labels_name_their_nodes(ax)
    plt.close(ax.figure)


def test_a_crowded_network_labels_what_it_can_and_counts_the_rest():
    star = [(0, k) for k in range(1, 40)]  # one hub cited by 39 sources: no room for every label near its dot
    graph = _network(40, star, [1, 3], [3, 4, 6])
    ax = plot_source_network(graph)
    assert_labels_name_their_nodes(ax)
    left = 40 - len(ax.litmap_labels)
    assert left > 0
    note = next(t.get_text().replace("\n", " ") for t in ax.texts if "unlabelled" in t.get_text())
    assert note.startswith(f"{left} sources left unlabelled for room")


def test_a_label_too_far_from_its_node_gets_a_leader_line_or_no_place():
    """A node ringed by eight small unlabelled ones: its label cannot sit beside it, so it sits past
    the ring with a leader line from the node's edge to the label, between two of the eight; with
    no place within ``reach`` it is left out rather than pushed further away."""
    ring = [
        (150 + 16 * math.cos(k * math.pi / 4 + math.pi / 8), 50 + 16 * math.sin(k * math.pi / 4 + math.pi / 8))
        for k in range(8)
    ]
    points, sizes, radii = [(150, 50), *ring], [(60, 12)] + [(0, 0)] * 8, [5] + [2] * 8
    spot = place_labels(points, sizes, radii, (0, 0, 300, 100), pad=4.0)[0]
    assert box_gap(spot.box, 150, 50, 5) > 0.5 * 5 + 4 and spot.leader
    (sx, sy), end = spot.line
    assert math.hypot(sx - 150, sy - 50) == pytest.approx(5)
    assert box_gap(spot.box, *end) == pytest.approx(0, abs=1e-6)
    assert all(box_gap(spot.box, x, y, 2) >= 4 for x, y in ring)
    assert place_labels(points, sizes, radii, (0, 0, 300, 100), pad=4.0, reach=8.0)[0] is None
    beside = place_labels([(150, 50)], [(60, 12)], [5], (0, 0, 300, 100), pad=4.0)[0]
    assert not beside.leader and box_gap(beside.box, 150, 50, 5) == pytest.approx(4)  # alone: right beside it


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_the_labels_of_real_articles_name_their_nodes(name):
    import litmap

    path, snapshot = ARTICLES[name]
    loaded = litmap.load_article(path)
    audited = litmap.audit_references(loaded.references, settings=litmap.Settings(offline=True), snapshot=snapshot)
    graph = litmap.build_evidence_graph(
        loaded.claims, loaded.citations, loaded.references, audited.audit, audited.source_links
    )
    ax = plot_source_network(graph)
    assert ax.litmap_labels  # offline, co-cited sources are linked and drawn
    assert_labels_name_their_nodes(ax)


def test_nodes_laid_on_the_same_spot_are_parted():
    """Small groups squeezed into cells too small for them used to land on one spot, one dot hiding
    the other (no direction to push them apart in): now no dot covers another's centre."""
    from litmap.present.source_network import compute_positions

    net = nx.Graph()
    big = [f"b{i}" for i in range(14)]
    net.add_edges_from((a, b) for i, a in enumerate(big) for b in big[i + 1 : i + 4])
    net.add_edges_from((f"p{k}a", f"p{k}b") for k in range(8))  # eight pairs beside it
    radius = {n: 0.12 for n in net}
    pos = compute_positions(net, (0.0, 0.0, 6.0, 3.0), radius, margin=(1.5, 0.6), seed=7)  # a cramped room
    nodes = sorted(pos)
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            assert math.dist(pos[a], pos[b]) > 0.12, (a, b, pos[a], pos[b])


def test_many_small_groups_beside_a_big_one_keep_their_dots_apart():
    """A big group and eighteen pairs: in one column beside the big group the pairs had no room left
    and their dots were stacked on each other. Now no two dots touch and the pairs share the width."""
    big = [(i, j) for i in range(24) for j in range(i + 1, min(i + 4, 24))]
    pairs = [(24 + 2 * k, 25 + 2 * k) for k in range(18)]
    graph = _network(60, big + pairs, [1, 2, 4], [0, 2, 3, 4])
    ax = plot_source_network(graph)
    nodes = ax.litmap_nodes
    names = sorted(nodes)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            (xa, ya, ra), (xb, yb, rb) = nodes[a], nodes[b]
            assert math.dist((xa, ya), (xb, yb)) >= ra + rb + 0.03, f"the dots of {a} and {b} touch"
    pair_x = {round(nodes[f"ref:R{24 + 2 * k:02d}"][0], 1) for k in range(18)}
    assert len(pair_x) >= 2, "the pairs stand in one column"
    assert_labels_name_their_nodes(ax)


def test_dots_shrink_when_many_share_the_room_and_the_legend_shows_them_as_drawn():
    """A hundred linked sources drawn at the size of a few filled the room with dots touching and
    left no place for labels (plos-pmed-1001473: 4 of 121 labelled). Now the dots shrink with the
    room each has, the legend's size entries shrink with them, and a small network keeps full size."""

    def biggest(ax):
        return max(r for _, _, r in ax.litmap_nodes.values()) * 72  # points

    def size_key(ax):
        legend = ax.get_legend()
        return {t.get_text(): h.get_markersize() for t, h in zip(legend.get_texts(), legend.legend_handles)}

    chain = [(i, i + 1) for i in range(119)] + [(i, i + 7) for i in range(0, 113, 3)]
    many = plot_source_network(_network(120, chain, [1, 6], [0, 1, 2]))
    few = plot_source_network(_network(8, chain[:7], [1, 6], [0, 1, 2]))
    assert biggest(many) < 0.8 * biggest(few)
    assert size_key(many)["cited by 6 or more claims"] == pytest.approx(2 * biggest(many), rel=0.05)
    assert size_key(few)["cited by 6 or more claims"] == pytest.approx(2 * biggest(few), rel=0.05)
    room = many.get_xlim()[1] * many.get_ylim()[1] / 120 * 72**2  # points² a node, legend included
    assert biggest(many) * 2 <= 0.45 * math.sqrt(room) + 1
