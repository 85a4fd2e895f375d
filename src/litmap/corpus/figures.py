"""Figures of a corpus, and the corpus outputs written from its store.

The ``plot_*`` functions follow :mod:`litmap.present.figures`: tables in, ``ax=None`` (a new figure
sized by ``preset``), the Axes returned, colours from :mod:`litmap.present.palette`, seeded layouts.
Each draws at most a stated number of rows or nodes (the most cited or largest first) and says
so in its title, so a corpus of a thousand articles still gives a legible slide.
:func:`write_corpus_outputs` writes the corpus graph, the figures, the works table and the
corpus reading list from a :class:`litmap.corpus.store.CorpusStore`.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd

from litmap.present.figures import figure_axes, save_figure, status_handles
from litmap.present.palette import KIND_COLORS, STATUS_COLORS
from litmap.schemas import AUDIT_STATUSES, STATUS_LABELS
from litmap.settings import Settings

__all__ = [
    "plot_most_cited_works",
    "plot_shared_sources",
    "plot_status_by_article",
    "plot_topics_across_articles",
    "write_corpus_outputs",
]


def _short(text, limit: int = 48) -> str:
    text = " ".join(str(text).split()) if isinstance(text, str) else str(text)
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _work_labels(works: pd.DataFrame) -> list[str]:
    return [
        _short(f"{title} ({int(year)})" if not pd.isna(year) else title) if isinstance(title, str) else wid
        for wid, title, year in zip(works["work_id"], works["title"], works["year"])
    ]


def plot_most_cited_works(
    works: pd.DataFrame, *, n: int = 20, ax=None, preset: str = "presentation", title: str | None = None
):
    """Horizontal bars: the ``n`` works cited by the most articles, coloured by their audit status."""
    ax, fs = figure_axes(ax, preset)
    top = works.sort_values(["n_articles", "n_citations", "work_id"], ascending=[False, False, True]).head(n)
    positions = list(range(len(top)))[::-1]
    ax.barh(
        positions,
        top["n_articles"].astype(int),
        color=[STATUS_COLORS.get(s, "#999999") for s in top["status"]],
        edgecolor="#333333",
        linewidth=0.6,
    )
    ax.set_yticks(positions, _work_labels(top), fontsize=fs * 0.6)
    ax.set_xlabel("articles citing it", fontsize=fs * 0.8)
    ax.tick_params(axis="x", labelsize=fs * 0.7)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(
        handles=status_handles(set(top["status"]), fs * 0.8), fontsize=fs * 0.65, frameon=False, loc="lower right"
    )
    shown = f"the {len(top)} most cited of {len(works)} works" if len(works) > len(top) else f"{len(top)} works"
    ax.set_title(title or f"Works the corpus rests on ({shown})", fontsize=fs)
    return ax


def plot_status_by_article(
    articles: pd.DataFrame, audit: pd.DataFrame, *, n: int = 30, ax=None, preset: str = "presentation", title=None
):
    """Stacked bars: each article's references by audit verdict (the ``n`` with most references)."""
    ax, fs = figure_axes(ax, preset)
    ok = articles[articles["status"] == "ok"].sort_values(["n_references", "article_id"], ascending=[False, True])
    shown = ok.head(n)
    counts = audit.groupby(["article_id", "status"]).size().unstack(fill_value=0)
    counts = counts.reindex(index=list(shown["article_id"])[::-1], columns=list(AUDIT_STATUSES), fill_value=0)
    left = pd.Series(0, index=counts.index)
    positions = list(range(len(counts)))
    for status in AUDIT_STATUSES:
        values = counts[status]
        if values.sum():
            ax.barh(
                positions,
                values,
                left=left,
                color=STATUS_COLORS[status],
                edgecolor="#333333",
                linewidth=0.4,
                label=STATUS_LABELS[status],
            )
        left = left + values
    titles = dict(zip(shown["article_id"], shown["title"]))
    ax.set_yticks(positions, [_short(titles.get(a) or a, 40) for a in counts.index], fontsize=fs * 0.55)
    ax.set_xlabel("references", fontsize=fs * 0.8)
    ax.tick_params(axis="x", labelsize=fs * 0.7)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=fs * 0.65, frameon=False, loc="lower right")
    note = f" (the {len(shown)} with most references of {len(ok)})" if len(ok) > len(shown) else ""
    ax.set_title(title or f"Audit verdicts by article{note}", fontsize=fs)
    return ax


def plot_shared_sources(
    graph: nx.DiGraph, *, max_works: int = 40, ax=None, preset: str = "presentation", seed: int = 7, title=None
):
    """Articles (black squares) and the works two or more of them cite (coloured by status), seeded layout.

    Which sources do articles share, and do wrong ones spread? Only works cited by at least two
    articles are drawn, the ``max_works`` most shared of them (said in the title).
    """
    ax, fs = figure_axes(ax, preset)
    kinds = dict(graph.nodes(data="kind"))
    article_of = {c: a for a, c, r in graph.edges(data="relation") if r == "asserts"}
    pairs = {(article_of[c], w) for c, w, r in graph.edges(data="relation") if r == "cites" and c in article_of}
    shared = [w for w, k in kinds.items() if k == "source" and graph.nodes[w].get("n_articles", 0) >= 2]
    shared = sorted(shared, key=lambda w: (-graph.nodes[w]["n_articles"], w))
    drawn = shared[:max_works]
    net = nx.Graph()
    net.add_nodes_from(drawn)
    drawn_set = set(drawn)
    net.add_edges_from((a, w) for a, w in pairs if w in drawn_set)
    pos = nx.spring_layout(net, seed=seed) if net.number_of_nodes() else {}
    articles = sorted(n for n in net if kinds.get(n) == "article")
    nx.draw_networkx_edges(net, pos, ax=ax, edge_color="#AAAAAA", width=0.8)
    if articles:
        ax.scatter(
            [pos[a][0] for a in articles],
            [pos[a][1] for a in articles],
            marker="s",
            s=(fs * 0.7) ** 2,
            color=KIND_COLORS["article"],
            zorder=3,
        )
    if drawn:
        ax.scatter(
            [pos[w][0] for w in drawn],
            [pos[w][1] for w in drawn],
            s=[(fs * (0.5 + 0.2 * graph.nodes[w]["n_articles"])) ** 2 for w in drawn],
            color=[STATUS_COLORS.get(graph.nodes[w].get("status"), "#999999") for w in drawn],
            edgecolors="#333333",
            linewidths=0.6,
            zorder=4,
        )
        for w in drawn[:12]:
            ax.annotate(
                _short(graph.nodes[w]["label"], 28),
                pos[w],
                xytext=(0, fs * 0.8),
                textcoords="offset points",
                ha="center",
                fontsize=fs * 0.55,
                zorder=5,
            )
    else:
        ax.text(
            0.5,
            0.5,
            "no work is cited by two or more articles",
            ha="center",
            va="center",
            fontsize=fs * 0.8,
            transform=ax.transAxes,
        )
    ax.set_axis_off()
    ax.margins(0.1)
    handles = status_handles({graph.nodes[w].get("status") for w in drawn}, fs * 0.8)
    if handles:
        ax.legend(
            handles=handles,
            fontsize=fs * 0.65,
            frameon=False,
            loc="upper center",
            bbox_to_anchor=(0.5, 0.0),
            ncol=len(handles),
        )
    note = f" (the {len(drawn)} most shared of {len(shared)})" if len(shared) > len(drawn) else ""
    ax.set_title(title or f"Works shared by two or more articles{note}", fontsize=fs)
    return ax


def plot_topics_across_articles(
    claim_topics: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    n_themes: int = 15,
    n_articles: int = 30,
    ax=None,
    preset: str = "presentation",
    title=None,
):
    """A grid of themes (rows) by articles (columns): how many claims of each article are about each theme.

    Themes are topics lined up across articles by their label's word stems
    (:func:`litmap.corpus.corpus_map.compute_themes`); the themes found in most articles come first.
    """
    ax, fs = figure_axes(ax, preset)
    themed = claim_topics[claim_topics["theme"].fillna("") != ""]
    spread = themed.groupby("theme")["article_id"].nunique().sort_values(ascending=False, kind="stable")
    themes = list(spread.index[:n_themes])
    cols = list(themed[themed["theme"].isin(themes)]["article_id"].value_counts().index[:n_articles])
    grid = themed[themed["theme"].isin(themes) & themed["article_id"].isin(cols)]
    grid = grid.groupby(["theme", "article_id"])["claim_id"].nunique().unstack(fill_value=0)
    grid = grid.reindex(index=themes, columns=cols, fill_value=0)
    labels = themed.groupby("theme")["label"].agg(lambda s: s.mode().sort_values().iloc[0])
    if grid.size:
        image = ax.imshow(grid.to_numpy(), aspect="auto", cmap="Blues")
        ax.figure.colorbar(image, ax=ax, label="claims", shrink=0.8)
    else:
        ax.text(0.5, 0.5, "no topics", ha="center", va="center", fontsize=fs * 0.8, transform=ax.transAxes)
    titles = dict(zip(articles["article_id"], articles["title"]))
    ax.set_yticks(range(len(themes)), [f"{_short(labels[t], 32)} ({spread[t]})" for t in themes], fontsize=fs * 0.55)
    ax.set_xticks(
        range(len(cols)), [_short(titles.get(a) or a, 24) for a in cols], fontsize=fs * 0.45, rotation=60, ha="right"
    )
    note = f"; the {len(themes)} in most articles" if len(spread) > len(themes) else ""
    ax.set_title(title or f"Topics across articles ({len(spread)} themes{note})", fontsize=fs)
    return ax


def write_corpus_outputs(
    store,
    out_dir: str | Path,
    *,
    figures: bool = True,
    preset: str = "presentation",
    max_works: int = 200,
    settings: Settings | None = None,
) -> list[Path]:
    """Write the corpus graph (GraphML), works table, reading list and figures from ``store``.

    Each output reads only the columns and rows it needs (the reading list: the entries of its
    ``max_works`` works), so memory grows with the graph, not with every table of the corpus.
    Figures are written in ``settings.figure_formats`` at ``settings.figure_dpi``.
    """
    from litmap.corpus.corpus_map import build_corpus_graph, compute_corpus_reading_list
    from litmap.evidence.graph import write_graphml
    from litmap.present.export import write_reading_list
    from litmap.schemas import write_table

    out = Path(out_dir)
    works, articles = store.table("works"), store.table("articles")
    cited = "SELECT article_id, claim_id FROM citations WHERE ref_id IS NOT NULL"
    topic_rows = store.query("SELECT article_id, claim_id, label, theme, score FROM claim_topics")
    graph = build_corpus_graph(
        articles,
        store.query('SELECT article_id, ref_id, work_id, authors FROM "references"'),
        store.query(
            f"SELECT article_id, claim_id, text, section FROM claims WHERE (article_id, claim_id) IN ({cited})"
        ),
        store.query("SELECT article_id, claim_id, ref_id FROM citations WHERE ref_id IS NOT NULL"),
        topic_rows,
        works,
    )
    files = [write_graphml(graph, out / "graph.graphml"), write_table(works, out / "works.csv")]

    top = list(works.sort_values(["n_articles", "n_citations", "work_id"], ascending=[False, False, True])["work_id"])
    members = 'SELECT article_id, ref_id FROM "references" WHERE list_contains(?, work_id)'
    their_claims = f"SELECT article_id, claim_id FROM citations WHERE (article_id, ref_id) IN ({members})"
    top = [top[:max_works]]
    reading = compute_corpus_reading_list(
        works,
        store.table("references", where="WHERE list_contains(?, work_id)", params=top),
        store.table("audit", where=f"WHERE (article_id, ref_id) IN ({members})", params=top),
        store.table("claims", where=f"WHERE (article_id, claim_id) IN ({their_claims})", params=top),
        store.table("citations", where=f"WHERE (article_id, ref_id) IN ({members})", params=top),
        store.table("claim_topics", where=f"WHERE (article_id, claim_id) IN ({their_claims})", params=top),
        max_works=max_works,
    )
    title = "Corpus reading list: the works the most articles cite"
    files += write_reading_list(reading, out, stem="corpus-reading-list", title=title).values()
    if figures:
        verdicts = store.query("SELECT article_id, status FROM audit")
        drawings = {
            "most-cited-works": lambda: plot_most_cited_works(works, preset=preset),
            "status-by-article": lambda: plot_status_by_article(articles, verdicts, preset=preset),
            "shared-sources": lambda: plot_shared_sources(graph, preset=preset),
            "topics-across-articles": lambda: plot_topics_across_articles(topic_rows, articles, preset=preset),
        }
        settings = settings if settings is not None else Settings.from_env()
        for name, draw in drawings.items():
            path = out / "figures" / name
            files += save_figure(draw(), path, settings.figure_formats, dpi=settings.figure_dpi, close=True)
    return files
