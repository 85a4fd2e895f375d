"""Figures: what they contain, no overlapping text, valid files, same bytes every run."""

import xml.etree.ElementTree as ET

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest
from graph_fixtures import TAXONOMY, tables

from litmap.evidence.graph import build_evidence_graph
from litmap.evidence.topics import compute_topics
from litmap.present.figures import (
    STATUS_COLORS,
    plot_audit_summary,
    plot_evidence_map,
    plot_source_network,
    plot_sources_by_year,
    save_figure,
)
from litmap.present.map_layout import compute_column_layout, count_crossings


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def data():
    d = tables()
    d["topics"] = compute_topics(d["claims"], TAXONOMY)
    d["graph"] = build_evidence_graph(
        d["claims"], d["citations"], d["references"], d["audit"], d["source_links"], d["topics"]
    )
    return d


def _texts(ax):
    return [t.get_text() for t in ax.texts]


def _legend_labels(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def _assert_no_overlap(ax):
    renderer = ax.figure.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts if t.get_text()]
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1 :]:
            assert not box_a.overlaps(box_b), f"{a!r} overlaps {b!r}"


@pytest.mark.parametrize("preset", ["presentation", "paper"])
def test_evidence_map_has_columns_labels_and_status_legend(data, preset):
    ax = plot_evidence_map(data["graph"], preset=preset)
    texts = _texts(ax)
    assert {"Topics", "Claims", "Sources"} <= set(texts)
    assert {"Trust and safety", "Emotion processing", "Lamm et al. 2007", "Cozolino 2007"} <= set(texts)
    assert any(t.startswith("C01 · Cozolino:") for t in texts)
    assert any(t.startswith("C03 · Lamm, Singer:") for t in texts)
    assert not any(t.startswith("C04") for t in texts)  # uncited claim left out, and said so
    assert "1 claim without a source not shown" in ax.get_legend().get_title().get_text()
    assert _legend_labels(ax) == ["verified", "discrepant", "not found"]
    _assert_no_overlap(ax)


def test_evidence_map_source_colours_follow_audit_status(data):
    ax = plot_evidence_map(data["graph"])
    colours = {
        tuple(c) for coll in ax.collections if hasattr(coll, "get_facecolors") for c in coll.get_facecolors().round(3)
    }
    for status in ("verified", "discrepant", "not_found"):
        assert tuple(round(v, 3) for v in matplotlib.colors.to_rgba(STATUS_COLORS[status])) in colours


def test_evidence_map_top_n_when_rows_do_not_fit(data):
    ax = plot_evidence_map(data["graph"], max_rows=3, include_uncited=True)
    texts = _texts(ax)
    assert "+ 3 more sources" in texts
    assert "more sources merged" in ax.get_legend().get_title().get_text()
    _assert_no_overlap(ax)


def test_evidence_map_styles_edges_by_fit(data):
    d = data
    cit = d["citations"].assign(fit=["on topic", "tangential", "off topic", "on topic", "on topic"])
    g = build_evidence_graph(d["claims"], cit, d["references"], d["audit"], topics=d["topics"])
    labels = _legend_labels(plot_evidence_map(g))
    assert {"fit: on topic", "fit: tangential", "fit: off topic"} <= set(labels)


def test_barycentric_order_has_no_crossings_on_a_tree(data):
    layout = compute_column_layout(data["graph"])
    assert count_crossings(layout) == 0
    assert layout.n_uncited_claims == 1


def test_source_network_and_audit_figures(data):
    ax = plot_source_network(data["graph"])
    assert {"Lamm et al. 2007", "Singer & Seymour 2004"} <= set(_texts(ax))
    assert "work cited by ≥2 sources" in _legend_labels(ax)
    ax = plot_audit_summary(data["audit"])
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "verified",
        "discrepant",
        "retracted",
        "not found",
        "unchecked",
    ]
    assert [p.get_width() for p in ax.patches] == [2, 1, 0, 2, 0]
    ax = plot_sources_by_year(data["references"], data["audit"])
    assert sum(p.get_height() for p in ax.patches) == 5
    assert set(_legend_labels(ax)) == {"verified", "discrepant", "not found"}


def test_unknown_preset_is_an_error(data):
    with pytest.raises(ValueError, match="unknown preset"):
        plot_evidence_map(data["graph"], preset="poster")


@pytest.mark.slow
def test_save_figure_writes_valid_files(data, tmp_path):
    ax = plot_evidence_map(data["graph"], preset="paper")
    paths = save_figure(ax, tmp_path / "figures" / "map")
    assert [p.suffix for p in paths] == [".png", ".svg", ".pdf"]
    assert paths[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert paths[2].read_bytes()[:5] == b"%PDF-"
    assert ET.parse(paths[1]).getroot().tag == "{http://www.w3.org/2000/svg}svg"
    svg = paths[1].read_text(encoding="utf-8")
    assert "Cozolino 2007" in svg  # glyphs are paths; matplotlib keeps each text as a comment
    assert "<dc:date>" not in svg


@pytest.mark.slow
def test_figures_are_byte_identical_on_rerun(data, tmp_path):
    out = []
    for run in ("a", "b"):
        ax = plot_evidence_map(data["graph"], preset="paper")
        out.append(save_figure(ax, tmp_path / run / "map", formats=("png", "svg", "pdf"), dpi=80, close=True))
        ax = plot_source_network(data["graph"], preset="paper")
        out.append(save_figure(ax, tmp_path / run / "net", formats=("svg",), dpi=80, close=True))
    for first, second in ((out[0], out[2]), (out[1], out[3])):
        for p, q in zip(first, second):
            assert p.read_bytes() == q.read_bytes(), p.name


def test_source_network_labels_of_the_bundled_article_do_not_overlap(bundled_article, bundled_snapshot):
    import litmap

    loaded = litmap.load_article(bundled_article)
    audited = litmap.audit_references(
        loaded.references, settings=litmap.Settings(offline=True), snapshot=bundled_snapshot
    )
    graph = build_evidence_graph(
        loaded.claims, loaded.citations, loaded.references, audited.audit, audited.source_links
    )
    ax = plot_source_network(graph)
    assert len(ax.texts) == 11  # every source labelled
    ax.figure.canvas.draw()
    _assert_no_overlap(ax)  # co-cited pairs sit close together: one label goes below
