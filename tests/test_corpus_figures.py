"""The corpus figures on a slide: articles named by their short titles, every label flat, whole and 14 pt
or more, no two labels over each other (measured in the SVG), and what is left out counted."""

from __future__ import annotations

import random

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
import pytest
from svg_text import overlapping, text_boxes

from litmap.corpus.figures import (
    describe_most_cited,
    plot_most_cited_works,
    plot_shared_sources,
    plot_status_by_article,
    plot_topics_across_articles,
    short_article_titles,
)
from litmap.present.saving import save_figure

TITLES = [
    "Empathy in therapy: a review",
    "Mentalizing deficits constrain belief in a personal God",
    "The impact of psychological stress on appetite",
    "Acupuncture and counselling for depression in primary care: a randomised trial",
    "Empathy in therapy: a second look",
    "Loneliness and health in older adults",
]


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture
def corpus():
    rng = random.Random(3)
    articles = pd.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(len(TITLES))],
            "title": TITLES,
            "status": "ok",
            "n_references": [40 - 3 * i for i in range(len(TITLES))],
        }
    )
    statuses = ["verified", "verified", "discrepant", "not_found", "retracted", "unchecked"]
    graph = nx.DiGraph(name="corpus")
    for a, title in zip(articles["article_id"], TITLES):
        graph.add_node(f"article:{a}", kind="article", label=title)
    for j in range(30):
        graph.add_node(f"work:w{j}", kind="source", label=f"Author{j} et al. {1990 + j}", status=statuses[j % 6])
    for a in articles["article_id"]:
        for j in rng.sample(range(30), 9):
            claim = f"claim:{a}/C{j}"
            graph.add_node(claim, kind="claim")
            graph.add_edge(f"article:{a}", claim, relation="asserts")
            graph.add_edge(claim, f"work:w{j}", relation="cites")
    for j in range(30):
        graph.nodes[f"work:w{j}"]["n_articles"] = len({c.split("/")[0] for c in graph.predecessors(f"work:w{j}")})
    works = pd.DataFrame(
        {
            "work_id": [f"w{j}" for j in range(30)],
            "title": [f"A study of topic number {j}: what it found and why it matters" for j in range(30)],
            "year": [1990 + j for j in range(30)],
            "status": [statuses[j % 6] for j in range(30)],
            "n_articles": [graph.nodes[f"work:w{j}"]["n_articles"] for j in range(30)],
            "n_citations": [3] * 30,
        }
    )
    audit = pd.DataFrame(
        [
            {"article_id": a, "status": statuses[k % 6]}
            for a in articles["article_id"]
            for k in range(rng.randint(5, 30))
        ]
    )
    themes = [f"theme{t}" for t in range(12)]
    labels = {t: f"Theme {t} about emotional regulation and coping" for t in themes}
    claim_topics = pd.DataFrame(
        [
            {"article_id": a, "claim_id": f"C{k}", "theme": t, "label": labels[t]}
            for a in articles["article_id"]
            for k in range(20)
            for t in rng.sample(themes, 2)
        ]
    )
    return {"articles": articles, "graph": graph, "works": works, "audit": audit, "claim_topics": claim_topics}


def test_short_titles_drop_subtitles_and_never_repeat(corpus):
    names = short_article_titles(corpus["articles"], limit=40)
    assert names["a3"] == "Acupuncture and counselling for…"  # 40 characters at most, cut at a word
    assert names["a0"] == "Empathy in therapy (a0)" and names["a4"] == "Empathy in therapy (a4)"
    assert len(set(names.values())) == len(names)


@pytest.mark.parametrize(
    "draw",
    [
        lambda c: plot_shared_sources(c["graph"], subtitle="A corpus of 6 articles · audited 2026-12-07"),
        lambda c: plot_most_cited_works(c["works"]),
        lambda c: plot_status_by_article(c["articles"], c["audit"]),
        lambda c: plot_topics_across_articles(c["claim_topics"], c["articles"]),
    ],
    ids=["shared-sources", "most-cited-works", "status-by-article", "topics-across-articles"],
)
def test_corpus_figures_are_readable_slides(corpus, draw, tmp_path):
    ax = draw(corpus)
    png, svg = save_figure(ax, tmp_path / "f", ("png", "svg"))
    boxes = text_boxes(svg)
    texts = [b.text for b in boxes]
    assert not overlapping(boxes), overlapping(boxes)[:3]
    assert min(b.size for b in boxes) >= 14
    assert all(b.box[2] - b.box[0] >= b.box[3] - b.box[1] or len(b.text) <= 2 for b in boxes)  # written flat
    from PIL import Image

    assert Image.open(png).size == (1920, 1080)
    if "Which themes" in " ".join(texts):  # themes as columns, articles as rows by their short titles
        assert "Empathy in therapy (a0)" in texts
        assert any("themes in most articles of 12" in t for t in texts)  # what is left out, counted
    if "The works articles share" in texts:  # every article labelled, two alike told apart
        assert {"Empathy in therapy (a0)", "Empathy in therapy (a4)"} <= set(texts)


def test_the_most_cited_works_legend_covers_no_bar_when_every_work_is_cited_alike():
    """Three articles citing 40 different works: every bar runs the full width, and the legend must
    still sit clear of them (it was drawn over the last bar)."""
    works = pd.DataFrame(
        {
            "work_id": [f"entry:w{i:02d}" for i in range(40)],
            "title": [f"A study of topic number {i} in some detail" for i in range(40)],
            "year": [2000 + i % 20 for i in range(40)],
            "n_articles": [1] * 40,
            "n_citations": [1] * 40,
            "status": ["not_found"] + ["unchecked"] * 39,
        }
    )
    ax = plot_most_cited_works(works)
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    bars = [bar.get_window_extent(renderer) for bar in ax.patches]
    assert bars and not any(legend.overlaps(bar) for bar in bars)
    assert {text.get_text() for text in ax.get_legend().get_texts()} == {"unchecked", "not found"}


def _top_down(ax) -> list[str]:
    """The bars' labels from the top bar down."""
    ticks = sorted(zip(ax.get_yticks(), ax.get_yticklabels()), key=lambda tick: -tick[0])
    return [label.get_text() for _, label in ticks]


def _one_article_each(n_citations):
    return pd.DataFrame(
        {
            "work_id": [f"entry:{(i * 7919) % 1000:03d}" for i in range(40)],  # ids in no order of meaning
            "title": [f"Study {chr(65 + (i * 11) % 26)}{i:02d} of something" for i in range(40)],
            "year": [2000 + i % 20 for i in range(40)],
            "n_articles": [1] * 40,
            "n_citations": n_citations,
            "status": ["unchecked"] * 40,
        }
    )


def test_most_cited_works_when_no_work_is_shared_says_so_and_orders_by_something_that_means_it():
    """Every work cited by one article: 'the most cited' would be any 17 of them. The note says none is
    shared and how the works were chosen; ties fall in title order, whatever order the table came in."""
    ties = _one_article_each([1] * 40)
    ax = plot_most_cited_works(ties)
    note = ax.get_title(loc="right")
    assert note.startswith("No work is cited by more than one article, nor more often in the text")
    assert f"{len(ax.patches)} of 40 shown, in title order" in note
    labels = _top_down(ax)
    assert labels == sorted(labels, key=str.casefold)
    assert _top_down(plot_most_cited_works(ties.sample(frac=1, random_state=1))) == labels

    # In-text citations tell the works apart: the bars count them, most first, and the axis says so.
    counted = _one_article_each([(i * 7) % 5 + 1 for i in range(40)])
    ax = plot_most_cited_works(counted)
    widths = [p.get_width() for p in sorted(ax.patches, key=lambda p: -p.get_y())]  # top bar first
    assert widths == sorted(widths, reverse=True) and widths[0] == 5
    assert ax.get_xlabel() == "citations in the text"
    assert ax.get_title(loc="right").startswith("No work is cited by more than one article: bars count in-text")

    # A shared work: bars count articles, as the title promises, and a note only when works are left out.
    shared = counted.assign(n_articles=[3, 2] + [1] * 38)
    ax = plot_most_cited_works(shared)
    top = [p.get_width() for p in sorted(ax.patches, key=lambda p: -p.get_y())][:3]
    assert ax.get_xlabel() == "articles citing it" and top == [3, 2, 1]
    assert ax.get_title(loc="right").startswith(f"The {len(ax.patches)} most cited of 40 works")
    assert describe_most_cited(shared.head(5), 5) == ""


def test_a_theme_label_has_the_width_of_its_column(corpus):
    """Five themes share the grid's width: a label as long as 'Psychotherapy: cognitive therapy' fits
    its column whole, not cut to the width fifteen themes would leave each."""
    labels = {f"t{i}": f"Psychotherapy: {kind} therapy" for i, kind in enumerate(["cognitive", "humanistic", "play"])}
    rows = [
        {"article_id": a, "claim_id": f"C{k}", "theme": t, "label": label}
        for a in corpus["articles"]["article_id"]
        for k, (t, label) in enumerate(labels.items())
    ]
    ax = plot_topics_across_articles(pd.DataFrame(rows), corpus["articles"])
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert len(ticks) == 3 and not any("…" in t for t in ticks), ticks
    assert ticks[0].split("\n")[0] == "Psychotherapy:"


def test_shared_sources_draws_only_works_that_claims_of_two_articles_cite(corpus):
    """A work two reference lists share that no claim (or a claim of one article only) cites has no edge
    to draw: it is counted in the note, not drawn alone nor a crash (a KeyError on the shared corpus)."""
    graph = corpus["graph"].copy()
    graph.add_node("work:listed", kind="source", label="Listed et al. 2001", status="verified", n_articles=3)
    graph.add_node("work:once", kind="source", label="Once et al. 2002", status="verified", n_articles=2)
    graph.add_node("claim:a0/X", kind="claim")
    graph.add_edge("article:a0", "claim:a0/X", relation="asserts")
    graph.add_edge("claim:a0/X", "work:once", relation="cites")
    ax = plot_shared_sources(graph)
    texts = [t.get_text() for t in ax.texts]
    assert not any(t.startswith(("Listed", "Once")) for t in texts)
    note = next(t for t in texts if "reference lists" in t).replace("\n", " ")
    assert note.startswith("2 works in two reference lists or more but cited by claims of fewer, not drawn")


def test_one_article_in_two_formats_gets_two_labels_that_say_which(corpus):
    """The same article read as HTML and as text (one title), and long titles alike up to the cut: every
    row label of the article figures differs, what tells them apart (file type, else id) whole after the
    cut title (the ids were appended before the cut, so two rows read '14.2 Stressors…')."""
    articles = corpus["articles"].copy()
    long = "Folate status of reproductive age women and neural tube defect risk in a long-term trial"
    articles["title"] = [long, long, "14.2 Stressors", "14.2 Stressors", long + " of men", long + " of women"]
    articles["source"] = ["f/article.html", "f/article.txt", "p/article.html", "p/article.txt", "g.pdf", "h.pdf"]
    for ax in (
        plot_status_by_article(articles, corpus["audit"]),
        plot_topics_across_articles(corpus["claim_topics"], articles),
    ):
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert len(set(labels)) == len(labels) == 6, labels
        assert {"14.2 Stressors (html)", "14.2 Stressors (txt)"} <= set(labels)
        # Four alike up to the cut, two of them PDFs: the file type does not tell them apart, their ids do.
        assert {label[label.rindex("(") :] for label in labels if label.startswith("Folate")} == {
            "(a0)",
            "(a1)",
            "(a4)",
            "(a5)",
        }
        assert all("… (" in label for label in labels if label.startswith("Folate"))
