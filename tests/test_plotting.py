"""Figures: what they contain, their size, their type, no overlapping text, valid files, same bytes every run."""

import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import networkx as nx
import pytest
from graph_fixtures import TAXONOMY, tables
from matplotlib.collections import PathCollection
from svg_text import overlapping, page_size, text_boxes

from litmap.evidence.graph import build_evidence_graph
from litmap.evidence.topics import compute_topics
from litmap.present.canvas import PRESETS, new_frame, short_title
from litmap.present.figures import (
    STATUS_COLORS,
    plot_audit_summary,
    plot_evidence_map,
    plot_source_network,
    plot_sources_by_year,
)
from litmap.present.labels import overlaps, place_labels
from litmap.present.map_layout import compute_column_layout, count_crossings, order_columns
from litmap.present.saving import save_figure
from litmap.present.source_network import why_no_links
from litmap.present.text_fit import wrap_lines
from litmap.settings import Settings


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def data():
    d = tables()
    d["topics"] = compute_topics(d["claims"], TAXONOMY)
    d["graph"] = build_evidence_graph(
        d["claims"],
        d["citations"],
        d["references"],
        d["audit"],
        d["source_links"],
        d["topics"],
        article="Empathy in therapy: a review",
    )
    return d


def _texts(ax):
    return [t.get_text() for t in ax.texts]


def _all_texts(fig):
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]


def _legend_labels(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def _assert_no_overlap(fig):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [
        (t.get_text(), t.get_window_extent(renderer))
        for t in fig.findobj(matplotlib.text.Text)
        if t.get_text() and t.get_visible()
    ]
    boxes = [(text, box) for text, box in boxes if box.width > 1]  # tick labels outside the view are not drawn
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1 :]:
            assert not box_a.overlaps(box_b), f"{a!r} overlaps {b!r}"


@pytest.mark.parametrize("preset", ["presentation", "paper"])
def test_evidence_map_has_columns_labels_and_status_legend(data, preset):
    ax = plot_evidence_map(data["graph"], preset=preset, subtitle="Empathy in therapy: a review · audited 2026-12-07")
    texts = _all_texts(ax.figure)
    assert {"Topics", "Claims", "Sources"} <= set(texts)
    assert {"Trust and safety", "Lamm et al. 2007", "Cozolino 2007"} <= set(texts)
    # Says what it shows; the article is named once, in the subtitle, not again in the title.
    assert "Where the claims get their evidence" in texts
    assert "Empathy in therapy: a review · audited 2026-12-07" in texts
    # Claims in their own words, the lead-in ('According to research by …,') and citations dropped.
    assert any(t.startswith("C01 · Empathetic attunement fosters") for t in texts)
    assert not any(t.startswith("C04") for t in texts)  # uncited claim left out, and said so
    note = next(t for t in texts if t.startswith("Not on the map"))
    assert "1 claim citing no source (C04)" in note
    assert _legend_labels(ax) == ["verified", "discrepant", "not found"]
    _assert_no_overlap(ax.figure)


def test_evidence_map_source_colours_follow_audit_status(data):
    ax = plot_evidence_map(data["graph"])
    colours = {
        tuple(c) for coll in ax.collections if hasattr(coll, "get_facecolors") for c in coll.get_facecolors().round(3)
    }
    for status in ("verified", "discrepant", "not_found"):
        assert tuple(round(v, 3) for v in matplotlib.colors.to_rgba(STATUS_COLORS[status])) in colours


def test_evidence_map_merges_rows_that_do_not_fit_and_names_them(data):
    ax = plot_evidence_map(data["graph"], max_rows=3, include_uncited=True)
    texts = _all_texts(ax.figure)
    assert "+ 3 more sources" in texts
    note = next(t for t in texts if "'+ more' rows" in t)
    assert "3 sources (Singer & Seymour 2004, Smith 2020, Cozolino 2007)" in note.replace("\n", " ")
    assert "1 topic with no cited claim mainly about it (Neural mechanisms)" in note  # its one link is weak
    _assert_no_overlap(ax.figure)


def test_evidence_map_styles_edges_by_fit(data):
    d = data
    cit = d["citations"].assign(fit=["on topic", "tangential", "off topic", "on topic", "on topic"])
    g = build_evidence_graph(d["claims"], cit, d["references"], d["audit"], topics=d["topics"])
    labels = _legend_labels(plot_evidence_map(g))
    assert {"fit: on topic", "fit: tangential", "fit: off topic"} <= set(labels)


def test_topic_labels_are_whole_and_a_topic_left_off_is_named():
    claims = [(f"C{i:02d}", f"Claim {i} says something.", ["R01"] if i < 3 else []) for i in range(1, 5)]
    graph = nx.DiGraph(name="An article")
    graph.add_node("ref:R01", kind="source", label="Lamm et al. 2007", status="verified", n_claims=2)
    long_label = "Enhancing self-awareness, insight and the regulation of difficult emotions in therapy"
    graph.add_node("topic:long", kind="topic", label=long_label, n_claims=2)
    graph.add_node("topic:grief", kind="topic", label="Grief", n_claims=1)
    for cid, text, cited in claims:
        graph.add_node(f"claim:{cid}", kind="claim", label=cid, claim_id=cid, text=text)
        for r in cited:
            graph.add_edge(f"claim:{cid}", f"ref:{r}", relation="cites")
        graph.add_edge(f"claim:{cid}", "topic:long" if cited else "topic:grief", relation="about", score=3.0)
    ax = plot_evidence_map(graph)
    texts = _all_texts(ax.figure)
    topic = next(t for t in texts if t.startswith("Enhancing"))
    assert topic.replace("\n", " ") == long_label and "…" not in topic  # wrapped, not cut
    assert "1 topic with no cited claim mainly about it (Grief)" in next(t for t in texts if t.startswith("Not on"))
    assert ax.litmap_layout.topics_left_out == ["topic:grief"]


def _big_graph(n_claims=100, n_sources=60, n_topics=8, seed=3):
    import random

    rng = random.Random(seed)
    graph = nx.DiGraph(name="A large review")
    for s in range(n_sources):
        graph.add_node(f"ref:R{s:02d}", kind="source", label=f"Author{s} et al. {1990 + s % 30}", status="verified")
    for t in range(n_topics):
        graph.add_node(f"topic:t{t}", kind="topic", label=f"Theme number {t}")
    for c in range(n_claims):
        node = f"claim:C{c:03d}"
        graph.add_node(node, kind="claim", claim_id=f"C{c:03d}", text=f"Claim {c} finds that the effect holds.")
        for s in rng.sample(range(n_sources), rng.randint(1, 3)):
            graph.add_edge(node, f"ref:R{s:02d}", relation="cites")
        graph.add_edge(node, f"topic:t{c % n_topics}", relation="about", score=3.0)
    for s in range(n_sources):
        graph.nodes[f"ref:R{s:02d}"]["n_claims"] = graph.in_degree(f"ref:R{s:02d}")
    return graph


def test_a_large_article_gets_a_readable_map_and_one_map_per_topic():
    graph = _big_graph()
    ax = plot_evidence_map(graph)
    layout = ax.litmap_layout
    assert layout.hidden["claim"] > 50 and "claim" in layout.hidden_nodes  # merged, and named below
    assert min(t.get_fontsize() for t in ax.figure.findobj(matplotlib.text.Text) if t.get_text()) >= 14
    _assert_no_overlap(ax.figure)
    plt.close(ax.figure)
    one = plot_evidence_map(graph, topic="t3")
    assert one.litmap_layout.topics == ["topic:t3"] and len(one.litmap_layout.claims) > 7
    assert "Where the claims about “Theme number 3” get their evidence" in _all_texts(one.figure)
    _assert_no_overlap(one.figure)


def test_crossings_are_minimised_beyond_the_barycentre():
    # Two claims whose sources are listed in the opposite order: the order found has no crossing.
    columns = [["topic:a", "topic:b"], ["claim:1", "claim:2"], ["ref:x", "ref:y"]]
    pairs = [("topic:a", "claim:2"), ("topic:b", "claim:1"), ("claim:1", "ref:y"), ("claim:2", "ref:x")]
    topics, claims, sources = order_columns(columns, pairs)
    pos = {n: i for col in (topics, claims, sources) for i, n in enumerate(col)}
    crossings = sum(
        1
        for i, (u1, v1) in enumerate(pairs)
        for u2, v2 in pairs[i + 1 :]
        if (u1.split(":")[0] == u2.split(":")[0]) and (pos[u1] - pos[u2]) * (pos[v1] - pos[v2]) < 0
    )
    assert crossings == 0
    graph = _big_graph(n_claims=30, n_sources=20, n_topics=4)
    ordered = count_crossings(compute_column_layout(graph))
    unordered = count_crossings(compute_column_layout(graph, order=False))
    assert ordered < unordered


def test_barycentric_order_has_no_crossings_on_a_tree(data):
    layout = compute_column_layout(data["graph"])
    assert count_crossings(layout) == 0
    assert layout.n_uncited_claims == 1


def test_source_network_draws_linked_sources_and_names_the_rest(data):
    ax = plot_source_network(data["graph"])
    texts = _all_texts(ax.figure)
    assert {"Lamm et al. 2007", "Singer & Seymour 2004"} <= set(
        ax.litmap_labels[n].get_text() for n in ax.litmap_labels
    )
    assert "work cited by ≥ 2 sources" in _legend_labels(ax)
    note = next(t for t in texts if "linked to no other source" in t.lower())
    assert "Cozolino 2007" in note  # cited alone, linked to nothing: named, not drawn
    _assert_no_overlap(ax.figure)


def test_source_network_legend_says_what_colour_and_size_mean(data):
    """A dot's colour is the audit's verdict and its size the claims citing it: the legend says so in
    words and shows the smallest and largest dot drawn, clear of every node and label."""
    graph = data["graph"].copy()
    graph.nodes["ref:R02"]["n_claims"] = 3  # Lamm et al. 2007: cited by three claims, drawn larger
    ax = plot_source_network(graph)
    legend = ax.get_legend()
    key = legend.get_title().get_text()
    assert "colour: the audit's verdict" in key.lower() and "size: how many claims cite the source" in key
    assert "square size: how many sources cite the work" in key  # the fixture has a shared work
    sizes = {t.get_text(): h.get_markersize() for t, h in zip(legend.get_texts(), legend.legend_handles)}
    markers = [c for c in ax.collections if isinstance(c, PathCollection)]
    dots = next(c for c in markers if len(c.get_sizes()) == 4)  # the linked sources
    assert sizes["cited by 1 claim"] ** 2 == pytest.approx(min(dots.get_sizes()))
    assert sizes["cited by 3 claims"] ** 2 == pytest.approx(max(dots.get_sizes()))
    assert {"verified", "not found"} <= set(sizes)  # the colours, named
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = legend.get_window_extent(renderer)
    assert box.x0 >= 0 and box.x1 <= fig.bbox.width  # on the slide
    own = set(legend.get_texts()) | {legend.get_title()}
    for text in fig.findobj(matplotlib.text.Text):
        if text.get_text() and text not in own:
            assert not box.overlaps(text.get_window_extent(renderer)), text.get_text()
    for collection in markers:
        for (x, y), area in zip(collection.get_offsets(), collection.get_sizes()):
            px, py = ax.transData.transform((x, y))
            r = area**0.5 / 2 * fig.dpi / 72
            assert not (box.x0 < px + r and px - r < box.x1 and box.y0 < py + r and py - r < box.y1)
    _assert_no_overlap(fig)


def test_source_network_without_links_is_a_sentence_not_a_ring():
    graph = nx.DiGraph(name="Offline")
    for i in range(6):
        graph.add_node(f"ref:R{i}", kind="source", label=f"Source {i}", status="unchecked", n_claims=1)
        graph.add_node(f"claim:C{i}", kind="claim", label=f"C{i}")
        graph.add_edge(f"claim:C{i}", f"ref:R{i}", relation="cites")
    ax = plot_source_network(graph)
    assert not ax.collections  # no dots at all
    sentence = " ".join(t.replace("\n", " ") for t in _texts(ax))
    assert sentence.startswith("No links between the sources to draw: none of the 6 sources was found")
    assert why_no_links(graph).endswith("and no claim cites two of them together.")


def test_place_labels_leaves_out_a_label_with_no_free_place():
    points = [(50, 50), (52, 50), (54, 50)]
    placed = place_labels(points, [(200, 12)] * 3, [3, 3, 3], (0, 0, 260, 100))
    boxes = [p.box for p in placed if p is not None]
    assert len(boxes) < 3  # three long labels on a crowded spot cannot all fit
    assert not any(overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def test_source_network_and_audit_figures(data):
    ax = plot_audit_summary(data["audit"])
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "verified",
        "discrepant",
        "retracted",
        "not found",
        "unchecked",
    ]
    assert [p.get_width() for p in ax.patches] == [2, 1, 0, 2, 0]
    assert "What the audit found for 5 references" in _all_texts(ax.figure)
    ax = plot_sources_by_year(data["references"], data["audit"])
    assert sum(p.get_height() for p in ax.patches) == 5
    assert set(_legend_labels(ax)) == {"verified", "discrepant", "not found"}


def test_sources_without_a_year_are_said_in_a_footnote(data):
    references = data["references"].copy()
    references.loc[0, "year"] = None
    ax = plot_sources_by_year(references, data["audit"])
    assert "1 source without a year not shown." in _all_texts(ax.figure)
    _assert_no_overlap(ax.figure)


@pytest.mark.parametrize(
    "article",
    [
        "Empathy in therapy: a review",
        "Neuron-glia signaling in developing retina mediated by neurotransmitter spillover",
    ],
    ids=["with-subtitle", "cut-short"],
)
def test_every_figure_of_a_run_names_the_article_once(data, article, tmp_path):
    """The subtitle says the article (whole, as far as it fits) and the day; no title repeats it."""
    from datetime import date

    from litmap.pipeline import figure_subtitle, write_figures

    graph = data["graph"].copy()
    graph.graph["name"] = article
    subtitle = figure_subtitle(article, date(2026, 12, 7))
    settings = Settings(figure_formats=("svg",), progress=False)
    paths = write_figures(graph, data["audit"], data["references"], tmp_path, settings=settings, subtitle=subtitle)
    head = " ".join(article.split()[:2])  # the article's first words: in every naming of it
    assert len(paths) == 4
    for path in paths:
        texts = [b.text for b in text_boxes(path)]
        named = [t for t in texts if head in t]
        assert len(named) == 1, (path.name, named)
        assert named[0].startswith(head) and named[0].endswith("audited 2026-12-07")  # the subtitle
        assert not any("“" in t for t in texts[:2]), (path.name, texts[:2])  # the title quotes nothing
    # Without a subtitle, the title names the article.
    texts = _all_texts(plot_evidence_map(graph).figure)
    assert any(t.startswith("Where the claims of “") and head in t for t in texts)


def test_unknown_preset_is_an_error(data):
    with pytest.raises(ValueError, match="preset: expected one of 'presentation', 'paper' or a Preset"):
        plot_evidence_map(data["graph"], preset="poster")


def test_every_presentation_figure_is_a_slide_of_the_same_size(data, tmp_path):
    drawn = {
        "map": plot_evidence_map(data["graph"]),
        "network": plot_source_network(data["graph"]),
        "audit": plot_audit_summary(data["audit"]),
        "years": plot_sources_by_year(data["references"], data["audit"]),
    }
    from PIL import Image

    for name, ax in drawn.items():
        png, svg, pdf = save_figure(ax, tmp_path / name, close=True)
        assert Image.open(png).size == (1920, 1080), name
        assert page_size(svg) == (960.0, 540.0), name  # 13.333 × 7.5 in
        import pypdfium2

        assert tuple(round(v) for v in pypdfium2.PdfDocument(pdf)[0].get_size()) == (960, 540), name
        sizes = [box.size for box in text_boxes(svg)]
        assert sizes and min(sizes) >= 14, f"{name}: type of {min(sizes)} pt"


def test_paper_preset_keeps_a_journal_column_width(data, tmp_path):
    png, svg = save_figure(plot_evidence_map(data["graph"], preset="paper"), tmp_path / "m", ("png", "svg"))
    assert page_size(svg)[0] == PRESETS["paper"].figsize[0] * 72 == 504.0
    from PIL import Image

    assert Image.open(png).size[0] == 2100  # 7 in at 300 dpi


@pytest.mark.slow
def test_svg_keeps_text_as_text_with_fallback_fonts_and_pdf_embeds_fonts(data, tmp_path):
    ax = plot_evidence_map(data["graph"], preset="paper")
    paths = save_figure(ax, tmp_path / "figures" / "map")
    assert [p.suffix for p in paths] == [".png", ".svg", ".pdf"]
    assert paths[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    root = ET.parse(paths[1]).getroot()
    texts = [el for el in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Cozolino 2007" in {"".join(el.itertext()) for el in texts}
    assert all("'DejaVu Sans', 'Arial', 'Helvetica'" in el.get("style") for el in texts)
    assert "<dc:date>" not in paths[1].read_text(encoding="utf-8")
    pdf = paths[2].read_bytes()
    assert pdf[:5] == b"%PDF-" and b"/FontFile2" in pdf  # paper: TrueType embedded
    slide = save_figure(plot_evidence_map(data["graph"]), tmp_path / "slide", ("pdf",))[0].read_bytes()
    assert b"/Type3" in slide and b"/CharProcs" in slide  # slides: each glyph embedded as a Type 3 font


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


def test_unsupported_format_is_an_error(data, tmp_path):
    with pytest.raises(ValueError, match="formats: expected a list of some of png, svg, pdf, got 'jpg'"):
        save_figure(plot_audit_summary(data["audit"]), tmp_path / "a", ("png", "jpg"))


def test_titles_wrap_and_text_never_runs_past_its_width():
    frame = new_frame("presentation", title="Where the claims of “" + "Very long title " * 12 + "” get their evidence")
    lines = next(t.get_text() for t in frame.fig.texts).split("\n")
    assert len(lines) == 2 and lines[1].endswith("…")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    words = "Not on the map: 128 claims citing no source (C02, C04, C07, C100, C101, C102, C103, C104) " * 3
    for dpi in (72, 100, 144, 300):  # drawn at any resolution, a line stays within its width
        fig = Figure(dpi=dpi)
        renderer = FigureCanvasAgg(fig).get_renderer()
        for line in wrap_lines(words, 300, 14, max_lines=3):
            drawn = fig.text(0, 0, line, fontsize=14).get_window_extent(renderer).width * 72 / dpi
            assert drawn <= 300, (dpi, line, drawn)
    assert short_title("Why most published research findings are false: a study") == (
        "Why most published research findings are false"
    )


def test_svgs_of_the_bundled_article_have_no_overlapping_text(bundled_article, bundled_snapshot, tmp_path):
    import litmap

    loaded = litmap.load_article(bundled_article)
    audited = litmap.audit_references(
        loaded.references, settings=litmap.Settings(offline=True), snapshot=bundled_snapshot
    )
    graph = build_evidence_graph(
        loaded.claims, loaded.citations, loaded.references, audited.audit, audited.source_links
    )
    ax = plot_source_network(graph)
    assert len(ax.litmap_labels) == 6  # the three co-cited pairs, every one labelled
    svg = save_figure(ax, tmp_path / "net", ("svg",), close=True)[0]
    assert not overlapping(text_boxes(svg))


REPO = Path(__file__).resolve().parents[1]
ARTICLES = {
    "bundled": (REPO / "data/articles/empathy-in-therapy.txt", REPO / "data/snapshots/empathy-in-therapy.json"),
    "plos-pone-0036880": (REPO / "data/corpus/plos-pone-0036880.txt", None),
    "plos-pmed-1001518": (REPO / "data/corpus/plos-pmed-1001518.html", None),
}


@pytest.fixture(scope="module", params=sorted(ARTICLES))
def article_graph(request):
    import litmap

    path, snapshot = ARTICLES[request.param]
    loaded = litmap.load_article(path)
    audited = litmap.audit_references(loaded.references, settings=litmap.Settings(offline=True), snapshot=snapshot)
    topics = litmap.compute_topics(loaded.claims, litmap.discover_topics(loaded.claims, title=loaded.article.title))
    citations = litmap.compute_fit(loaded.claims, loaded.citations, audited.audit)
    return build_evidence_graph(
        loaded.claims,
        citations,
        loaded.references,
        audited.audit,
        audited.source_links,
        topics,
        article=loaded.article.title,
    )


@pytest.mark.slow
@pytest.mark.parametrize("draw", [plot_evidence_map, plot_source_network], ids=["evidence-map", "source-network"])
def test_no_text_overlaps_in_the_svgs_of_real_articles(article_graph, draw, tmp_path):
    """Measured in the SVG file itself: every line of text, at its font's own widths, clear of every other."""
    svg = save_figure(draw(article_graph, subtitle="An article · audited 2026-12-07"), tmp_path / "f", ("svg",))[0]
    boxes = text_boxes(svg)
    assert len(boxes) > 5
    assert not overlapping(boxes), overlapping(boxes)[:5]
    width, height = page_size(svg)
    assert all(b.box[0] >= 0 and b.box[2] <= width and b.box[1] >= 0 and b.box[3] <= height for b in boxes)
    assert min(b.size for b in boxes) >= 14


@pytest.mark.slow
def test_heavy_libraries_load_only_where_they_are_used(bundled_article, bundled_snapshot, tmp_path):
    import subprocess
    import sys

    heavy = ("matplotlib", "pptx", "sklearn", "scipy", "duckdb", "dask")
    check = f"import sys; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    imported = subprocess.run([sys.executable, "-c", f"import litmap; {check}"], capture_output=True, text=True)
    assert imported.stdout.strip() == "[]", imported.stderr
    # A whole run without figures or deck draws nothing and never needs scikit-learn (its stop words,
    # TF-IDF and clustering are litmap's own or SciPy's now).
    run = (
        f"import litmap; litmap.run({str(bundled_article)!r}, out_dir={str(tmp_path)!r}, settings=litmap.Settings(offline=True, progress=False), "
        f"snapshot={str(bundled_snapshot)!r}, figures=False); "
    )
    ran = subprocess.run([sys.executable, "-c", run + check], capture_output=True, text=True)
    assert ran.stdout.strip().splitlines()[-1] == "['scipy']", ran.stderr[-2000:]


def test_the_layout_names_the_topics_it_does_not_show_as_data(data):
    layout = compute_column_layout(data["graph"], min_topic_score=2.0)
    assert layout.topics_not_shown == ["Neural mechanisms"]  # its one claim mentions it only in passing
    assert layout.topics_left_out == ["topic:neural"]


@pytest.mark.slow
def test_figures_are_the_same_whatever_the_hash_seed(tmp_path):
    """Python salts string hashes per process: no layout may follow the order of a set."""
    import os
    import subprocess
    import sys

    tests = str(Path(__file__).parent)
    script = (
        f"import sys; sys.path.insert(0, {tests!r}); import matplotlib; matplotlib.use('Agg')\n"
        "from graph_fixtures import TAXONOMY, tables\n"
        "from litmap.evidence.graph import build_evidence_graph\n"
        "from litmap.evidence.topics import compute_topics\n"
        "from litmap.present.figures import plot_evidence_map, plot_source_network, save_figure\n"
        "d = tables(); d['topics'] = compute_topics(d['claims'], TAXONOMY)\n"
        "g = build_evidence_graph(d['claims'], d['citations'], d['references'], d['audit'], d['source_links'], d['topics'])\n"
        "save_figure(plot_source_network(g), sys.argv[1] + '/net', ('svg',))\n"
        "save_figure(plot_evidence_map(g), sys.argv[1] + '/map', ('svg',))\n"
    )
    for seed in ("1", "2"):
        (tmp_path / seed).mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", script, str(tmp_path / seed)], env=env, capture_output=True)
        assert done.returncode == 0, done.stderr.decode()[-2000:]
    for name in ("net.svg", "map.svg"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name


def test_a_figure_write_that_fails_leaves_the_old_file_and_no_part(tmp_path, monkeypatch):
    # an interrupted save (Ctrl-C, a full disk) must not leave half a PNG where the last good one was
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    (first,) = save_figure(fig, tmp_path / "figure", formats=("png",), dpi=20)
    before = first.read_bytes()

    def interrupted(*args, **kwargs):
        Path(args[0]).write_bytes(b"\x89PNG half")
        raise KeyboardInterrupt

    monkeypatch.setattr(fig, "savefig", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_figure(fig, tmp_path / "figure", formats=("png",), dpi=20)
    plt.close(fig)
    assert first.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figure.png"]


def test_network_nodes_stay_whole_inside_their_room():
    """Nodes pushed apart where they crowd must not be pushed out of the drawing (and cut by its edge)."""
    from litmap.present.source_network import compute_positions

    net = nx.Graph()
    for group in range(6):  # six cliques of seven, as claims citing many sources together make
        members = [f"g{group}n{i}" for i in range(7)]
        net.add_edges_from((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
    radius = {n: 0.12 + 0.04 * (int(n[-1]) % 3) for n in net}
    bounds = (0.0, 1.0, 6.0, 4.0)
    pos = compute_positions(net, bounds, radius, margin=(0.8, 0.2), seed=7)
    for n, (x, y) in pos.items():
        r = radius[n] - 1e-9
        assert bounds[0] + r <= x <= bounds[2] - r and bounds[1] + r <= y <= bounds[3] - r, (n, x, y)


@pytest.mark.parametrize(
    "years",
    [
        [1997, 2002, 2003, 2003, 2005, 2006, 2007, 2008, 2009, 2010, 2011],  # a tick at 1996, under the y axis' 0
        [2020, 2020, 2021, 2021, 2021],  # years that matplotlib would write as an offset ('+2.02e3')
        [1950, 1999, 2008, 2012],
    ],
)
def test_the_years_axis_writes_whole_years_under_the_bars_only(years, tmp_path):
    """Every year label lies under the bars' span (none at the axis' corner, on the y axis' '0', or past
    the right edge), written whole, never as an offset, and no text touches another in the SVG."""
    from litmap.schemas import REFERENCES

    references = REFERENCES.from_records([{"ref_id": f"R{i:02d}", "year": y} for i, y in enumerate(years)])
    ax = plot_sources_by_year(references)
    ax.figure.canvas.draw()
    labels = [(t.get_position()[0], t.get_text()) for t in ax.get_xticklabels() if t.get_text()]
    assert labels and all(min(years) - 0.5 <= x <= max(years) + 0.5 for x, _ in labels)
    assert all(text == str(int(x)) for x, text in labels)
    assert ax.xaxis.get_offset_text().get_text() == ""
    (svg,) = save_figure(ax, tmp_path / "years", ("svg",))
    boxes = text_boxes(svg)
    assert overlapping(boxes) == []
    assert min(b.size for b in boxes) >= 14


def _crowded_graph(n_claims=40, n_sources=40):
    """Claims citing sources with long (group-author) names, more than a slide holds."""
    graph = nx.DiGraph(name="A crowded review")
    for s in range(n_sources):
        label = f"National Institute for Health and Care Excellence Guideline Group {s} {1990 + s % 30}"
        graph.add_node(f"ref:R{s:02d}", kind="source", label=label, status="verified")
    graph.add_node("topic:t", kind="topic", label="Care")
    for c in range(n_claims):
        node = f"claim:C{c:03d}"
        graph.add_node(node, kind="claim", claim_id=f"C{c:03d}", text=f"Claim {c} finds that the effect holds.")
        graph.add_edge(node, f"ref:R{c % n_sources:02d}", relation="cites")
        graph.add_edge(node, f"ref:R{(c * 7 + 3) % n_sources:02d}", relation="cites")
        graph.add_edge(node, "topic:t", relation="about", score=3.0)
    for uncited in range(30):
        graph.add_node(f"claim:U{uncited:02d}", kind="claim", claim_id=f"U{uncited:02d}", text="Says so.")
    for n in list(graph):
        graph.nodes[n]["n_claims"] = graph.in_degree(n)
    return graph


def test_the_footnote_and_the_panel_name_what_is_left_out_without_cutting_a_list():
    """A map that merges rows of long names: its footnote (two lines) names as many of each kind as fit
    and says how many more, rather than stopping mid-list at '…'; so does the panel's '+ N' entry."""
    ax = plot_evidence_map(_crowded_graph())
    hidden = ax.litmap_layout.hidden
    assert hidden["claim"] and hidden["source"]
    texts = _all_texts(ax.figure)
    note = next(t for t in texts if t.startswith("Not on the map")).replace("\n", " ")
    assert "…" not in note and note.endswith(".")
    assert f"{hidden['claim']} claims" in note and f"{hidden['source']} sources" in note
    assert "30 claims citing no source" in note
    panel = next(t for t in texts if t.startswith("more claims"))
    assert "…" not in panel
    _assert_no_overlap(ax.figure)


def test_the_source_network_footnote_never_stops_mid_list():
    graph = _crowded_graph(n_claims=4, n_sources=40)  # 4 claims co-cite 8 sources; 32 are cited by none
    for s in range(8, 40):  # each of those cited alone by a claim of its own
        graph.add_node(f"claim:A{s}", kind="claim", claim_id=f"A{s}", text="Alone.")
        graph.add_edge(f"claim:A{s}", f"ref:R{s:02d}", relation="cites")
        graph.nodes[f"ref:R{s:02d}"]["n_claims"] = 1
    ax = plot_source_network(graph)
    note = next(t for t in _texts(ax) if "linked to no other source" in t.lower()).replace("\n", " ")
    assert "…" not in note and note.endswith(".")
    assert "more" in note  # 32 long names cannot all be named in two lines: a count says the rest
    _assert_no_overlap(ax.figure)
