"""Figures of a corpus, and the corpus outputs written from its store.

The ``plot_*`` functions follow :mod:`litmap.present.figures`: tables in, ``ax=None`` (a new figure
sized by ``preset``), the Axes returned, colours from :mod:`litmap.present.palette`, seeded layouts.
Each draws at most a stated number of rows or nodes (the most cited or largest first) and says
so in its title, so a corpus of a thousand articles still gives a legible slide.
:func:`write_corpus_outputs` writes the corpus graph, the figures, the works table and the
corpus reading list from a :class:`litmap.corpus.store.CorpusStore`.
"""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx
import pandas as pd

from litmap.arguments import checked, table, whole_number
from litmap.evidence.graph import GRAPH_ARGUMENT
from litmap.present.canvas import (
    LEADING,
    Preset,
    add_footnote,
    figure_axes,
    figure_style,
    get_preset,
    inches_axes,
    new_frame,
    short_title,
    status_handles,
)
from litmap.present.labels import place_labels
from litmap.present.palette import KIND_COLORS, STATUS_COLORS
from litmap.present.saving import save_figure
from litmap.present.source_network import compute_positions
from litmap.present.text_fit import text_width, wrap_lines
from litmap.schemas import AUDIT_STATUSES, STATUS_LABELS
from litmap.settings import Settings
from litmap.text import fold

__all__ = [
    "corpus_subtitle",
    "describe_most_cited",
    "most_cited_first",
    "plot_most_cited_works",
    "plot_shared_sources",
    "plot_status_by_article",
    "plot_topics_across_articles",
    "fit_article_labels",
    "short_article_titles",
    "write_corpus_outputs",
]


def _short(text, limit: int = 48) -> str:
    text = " ".join(str(text).split()) if isinstance(text, str) else str(text)
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def short_article_titles(articles: pd.DataFrame, limit: int = 32) -> dict[str, str]:
    """Each article's title without its subtitle, cut at a word: labels for the corpus figures.

    Two articles whose short titles are the same get their ids after it, so no two labels match.

    >>> frame = pd.DataFrame({"article_id": ["a-1", "b-2", "c-3"],
    ...                       "title": ["Empathy in therapy: a review", "Empathy in therapy: a trial", None]})
    >>> short_article_titles(frame)
    {'a-1': 'Empathy in therapy (a-1)', 'b-2': 'Empathy in therapy (b-2)', 'c-3': 'c-3'}
    """
    short = {}
    for article_id, title in zip(articles["article_id"], articles["title"]):
        text = short_title(title, limit) if isinstance(title, str) and title.strip() else str(article_id)
        short[str(article_id)] = str(article_id) if text == "the article" else text
    counts = pd.Series(list(short.values())).value_counts()
    return {a: f"{t} ({a})" if counts[t] > 1 and t != a else t for a, t in short.items()}


def fit_article_labels(articles: pd.DataFrame, ids: list[str], room: float, size: float) -> dict[str, str]:
    """Labels of the articles ``ids`` on one line of ``room`` points at ``size``, none the same as another.

    Each is the article's short title, cut at a word. Two that would read alike (the same article in
    two formats, or titles alike up to the cut) end in what tells them apart, kept whole: the file type
    of their ``source`` when that differs, else their ids.

    >>> frame = pd.DataFrame({"article_id": ["a-1", "b-2"], "title": ["14.2 Stressors"] * 2,
    ...                       "source": ["psych/article.html", "psych/article.txt"]})
    >>> fit_article_labels(frame, ["a-1", "b-2"], 300, 14)
    {'a-1': '14.2 Stressors (html)', 'b-2': '14.2 Stressors (txt)'}
    """
    rows = articles.drop_duplicates("article_id").set_index("article_id")
    sources = rows["source"] if "source" in rows else pd.Series(dtype=object)

    def title_of(article_id: str) -> str:
        title = rows["title"].get(article_id) if article_id in rows.index else None
        text = short_title(title, 60) if isinstance(title, str) and title.strip() else ""
        return article_id if text in ("", "the article") else text

    def fitted(text: str, tail: str = "") -> str:
        width = room - (text_width(tail, size) if tail else 0.0)
        return wrap_lines(text, max(width, size), size, max_lines=1)[0] + tail

    labels = {a: fitted(title_of(a)) for a in ids}
    groups: dict[str, list[str]] = {}
    for a, label in labels.items():
        groups.setdefault(label, []).append(a)
    for same in (g for g in groups.values() if len(g) > 1):
        kinds = [Path(str(sources.get(a, ""))).suffix.lstrip(".").lower() for a in same]
        tags = kinds if all(kinds) and len(set(kinds)) == len(kinds) else same
        for a, tag in zip(same, tags):
            labels[a] = fitted(title_of(a), f" ({tag})")
    return labels


def _work_labels(works: pd.DataFrame) -> list[str]:
    return [
        _short(f"{title} ({int(year)})" if not pd.isna(year) else title) if isinstance(title, str) else wid
        for wid, title, year in zip(works["work_id"], works["title"], works["year"])
    ]


def _rows_that_fit(ax, style: Preset, spare_in: float = 0.9) -> int:
    """How many bars of the smallest type fit the height the Axes will have (its figure's area
    less ``spare_in`` inches for the axis under it)."""
    height = ax.figure.get_size_inches()[1] * ax.get_position().height
    engine = ax.figure.get_layout_engine()
    if engine is not None:
        height = ax.figure.get_size_inches()[1] * engine.get()["rect"][3]
    return max(int((height - spare_in) * 72 // (style.small * 1.45)), 3)


def _bar_handles(statuses) -> list:
    """Legend entries for bars coloured by audit status: squares like the bars, in the audit's order."""
    from matplotlib.patches import Patch

    return [
        Patch(facecolor=STATUS_COLORS[s], edgecolor="#333333", linewidth=0.6, label=STATUS_LABELS[s])
        for s in AUDIT_STATUSES
        if s in statuses
    ]


def _legend_below(ax, handles, style: Preset) -> None:
    """The legend in one row under the x axis, clear of the bars."""
    if handles:
        ax.legend(
            handles=handles,
            loc="upper right",
            bbox_to_anchor=(1.0, -0.1 * 16 / style.fontsize * (7.5 / ax.figure.get_size_inches()[1])),
            ncol=len(handles),
            fontsize=style.small,
            frameon=False,
            borderaxespad=0,
        )


def most_cited_first(works: pd.DataFrame) -> pd.DataFrame:
    """The works, those cited by most articles first; ties by in-text citations, then by title
    (case and accents aside), so the order means something and is the same every run.

    >>> works = pd.DataFrame({"work_id": ["w1", "w2", "w3"], "title": ["beta", "Alpha", "gamma"],
    ...                       "n_articles": [1, 1, 2], "n_citations": [1, 1, 1]})
    >>> list(most_cited_first(works)["title"])
    ['gamma', 'Alpha', 'beta']
    """
    key = works["title"].map(lambda t: fold(t) if isinstance(t, str) else "\uffff")  # untitled last
    order = works.assign(_title=key).sort_values(
        ["n_articles", "n_citations", "_title", "work_id"], ascending=[False, False, True, True], kind="stable"
    )
    return order.drop(columns="_title")


def describe_most_cited(works: pd.DataFrame, shown: int) -> str:
    """How the ``shown`` works of :func:`most_cited_first` were chosen, in words, when it matters: when
    some are left out, or every work is cited by one article (then "most cited" says little).

    >>> works = pd.DataFrame({"work_id": ["a", "b", "c"], "title": ["A", "B", "C"],
    ...                       "n_articles": [1, 1, 1], "n_citations": [3, 1, 1]})
    >>> describe_most_cited(works, 2)
    'No work is cited by more than one article: bars count in-text citations (2 of 3 shown; ties in title order)'
    >>> describe_most_cited(works.assign(n_articles=[4, 2, 1]), 2)
    'The 2 most cited of 3 works'
    """
    ranked = most_cited_first(works)
    keys = list(zip(ranked["n_articles"].astype(int), ranked["n_citations"].fillna(0).astype(int)))
    tie_at_cut = 0 < shown < len(keys) and keys[shown - 1] == keys[shown]
    if keys and max(k[0] for k in keys) <= 1:
        head, count = "No work is cited by more than one article", f"{shown} of {len(keys)} shown"
        if len({k[1] for k in keys[:shown]}) == 1 and (tie_at_cut or shown == len(keys)):
            return f"{head}, nor more often in the text: {count}, in title order"
        ties = "; ties in title order" if tie_at_cut else ""
        return f"{head}: bars count in-text citations ({count}{ties})"
    if shown >= len(keys):
        return ""
    text = f"The {shown} most cited of {len(keys)} works"
    return text + (" (ties: most cited in the text, then title order)" if tie_at_cut else "")


@checked(works=table(), n=whole_number(1))
def plot_most_cited_works(
    works: pd.DataFrame,
    *,
    n: int = 20,
    ax=None,
    preset: str | Preset = "presentation",
    title: str | None = None,
    subtitle: str | None = None,
):
    """Horizontal bars: the works cited by the most articles (``n`` at most, as many as fit), coloured by their audit status.

    Ties are ordered by in-text citations, then by title (:func:`most_cited_first`). When no work is
    cited by two articles, the bars count in-text citations instead (one article each says nothing),
    and the note above them says so (:func:`describe_most_cited`).
    """
    with figure_style():
        ax, style = figure_axes(ax, preset, title=title or "The works this corpus rests on", subtitle=subtitle)
        n = min(n, _rows_that_fit(ax, style))
        top = most_cited_first(works).head(n)
        shared = bool(len(works)) and int(works["n_articles"].max()) > 1
        column, xlabel = ("n_articles", "articles citing it") if shared else ("n_citations", "citations in the text")
        positions = list(range(len(top)))[::-1]
        ax.barh(
            positions,
            top[column].fillna(0).astype(int),
            color=[STATUS_COLORS.get(s, "#999999") for s in top["status"]],
            edgecolor="#333333",
            linewidth=0.6,
        )
        room = ax.figure.get_size_inches()[0] * 72 * 0.45
        labels = [wrap_lines(label, room, style.small, max_lines=1)[0] for label in _work_labels(top)]
        ax.set_yticks(positions, labels, fontsize=style.small)
        ax.set_xlabel(xlabel, fontsize=style.fontsize)
        ax.tick_params(axis="x", labelsize=style.small)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.spines[["top", "right"]].set_visible(False)
        # Under the axis, not over the bars: with every work cited alike the bars fill the whole width.
        _legend_below(ax, _bar_handles(set(top["status"])), style)
        note = describe_most_cited(works, len(top))
        if note:
            room = ax.figure.get_size_inches()[0] * 72 - 2 * style.margin * 72
            ax.set_title("\n".join(wrap_lines(note, room, style.small)), loc="right", fontsize=style.small)
    return ax


@checked(articles=table(), audit=table(), n=whole_number(1))
def plot_status_by_article(
    articles: pd.DataFrame,
    audit: pd.DataFrame,
    *,
    n: int = 30,
    ax=None,
    preset: str | Preset = "presentation",
    title=None,
    subtitle: str | None = None,
):
    """Stacked bars: each article's references by audit verdict (the articles with most references, as many as fit)."""
    with figure_style():
        ax, style = figure_axes(ax, preset, title=title or "What the audit found in each article", subtitle=subtitle)
        n = min(n, _rows_that_fit(ax, style))
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
        room = ax.figure.get_size_inches()[0] * 72 * 0.33
        names = fit_article_labels(articles, list(counts.index), room, style.small)
        ax.set_yticks(positions, [names[a] for a in counts.index], fontsize=style.small)
        ax.set_xlabel("references", fontsize=style.fontsize)
        ax.tick_params(axis="x", labelsize=style.small)
        ax.spines[["top", "right"]].set_visible(False)
        _legend_below(ax, ax.get_legend_handles_labels()[0], style)
        if len(ok) > len(shown):
            ax.set_title(f"the {len(shown)} with most references of {len(ok)}", loc="right", fontsize=style.small)
    return ax


@checked(graph=GRAPH_ARGUMENT, max_works=whole_number(1), seed=whole_number(0))
def plot_shared_sources(
    graph: nx.DiGraph,
    *,
    max_works: int = 40,
    ax=None,
    preset: str | Preset = "presentation",
    seed: int = 7,
    title=None,
    subtitle: str | None = None,
):
    """Articles (black squares, labelled with their short titles) and the works two or more of them cite.

    Which sources do articles share, and do wrong ones spread? Only works cited by at least two
    articles are drawn, the ``max_works`` most shared of them, coloured by status; a work is
    labelled where its label overlaps nothing (the most shared first), and the footnote says how
    many are not.
    """
    style = get_preset(preset)
    with figure_style():
        if ax is None:
            ax = new_frame(style, title=title or "The works articles share", subtitle=subtitle).axes()
        else:
            ax.set_title(title or "The works articles share", loc="left", fontsize=style.fontsize)
            inches_axes(ax)
        _draw_shared(ax, graph, style, max_works, seed)
    return ax


def _draw_shared(ax, graph: nx.DiGraph, style: Preset, max_works: int, seed: int) -> None:
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    width, height = ax.get_xlim()[1], ax.get_ylim()[1]
    kinds = dict(graph.nodes(data="kind"))
    article_of = {c: a for a, c, r in graph.edges(data="relation") if r == "asserts"}
    pairs = {(article_of[c], w) for c, w, r in graph.edges(data="relation") if r == "cites" and c in article_of}
    # Drawn: the works that claims of two articles or more cite (an edge to each); a work two reference
    # lists share but no claim of one of them cites has no edge to draw, and is counted in the note.
    linked: dict[str, set] = {}
    for a, w in pairs:
        linked.setdefault(w, set()).add(a)
    listed = [w for w, k in kinds.items() if k == "source" and graph.nodes[w].get("n_articles", 0) >= 2]
    shared = [w for w in listed if len(linked.get(w, ())) >= 2]
    shared = sorted(shared, key=lambda w: (-graph.nodes[w]["n_articles"], w))
    drawn = shared[:max_works]
    if not drawn:
        ax.text(
            width / 2,
            height / 2,
            "No work is cited by two or more articles of this corpus.",
            ha="center",
            va="center",
            fontsize=style.fontsize,
            parse_math=False,
        )
        return
    net = nx.Graph()
    drawn_set = set(drawn)
    net.add_edges_from(sorted((a, w) for a, w in pairs if w in drawn_set))  # sorted: the same layout every run
    articles = sorted(n for n in net if kinds.get(n) == "article")
    bottom = (style.small * 1.7 + 2 * style.small * LEADING + style.small) / 72
    area = {w: (style.small * (0.6 + 0.25 * min(graph.nodes[w]["n_articles"], 8))) ** 2 for w in drawn}
    area.update({a: (style.small * 0.9) ** 2 for a in articles})
    radius = {n: math.sqrt(a) / 2 / 72 for n, a in area.items()}
    pos = compute_positions(net, (0, bottom, width, height), radius, margin=(1.2, 0.3), seed=seed)
    ax.add_collection(
        LineCollection([[pos[a], pos[w]] for a, w in net.edges()], colors="#AAAAAA", linewidths=0.8, zorder=1)
    )
    ax.scatter(
        [pos[a][0] for a in articles],
        [pos[a][1] for a in articles],
        marker="s",
        s=[area[a] for a in articles],
        color=KIND_COLORS["article"],
        zorder=3,
    )
    ax.scatter(
        [pos[w][0] for w in drawn],
        [pos[w][1] for w in drawn],
        s=[area[w] for w in drawn],
        color=[STATUS_COLORS.get(graph.nodes[w].get("status"), "#999999") for w in drawn],
        edgecolors="#333333",
        linewidths=0.6,
        zorder=4,
    )
    # Labels: every article first (bold, its short title), then the most shared works.
    ids = [str(graph.nodes[a].get("article_id", a.split(":", 1)[1])) for a in articles]
    frame = pd.DataFrame(
        {
            "article_id": ids,
            "title": [graph.nodes[a].get("label") for a in articles],
            "source": [graph.nodes[a].get("source") for a in articles],
        }
    )
    short = fit_article_labels(frame, ids, 18 * style.small, style.small)  # about 36 characters
    names = {a: short[i] for a, i in zip(articles, ids)}
    nodes = articles + drawn
    texts = [names[a] for a in articles] + [_short(graph.nodes[w]["label"], 28) for w in drawn]
    weights = ["bold"] * len(articles) + ["normal"] * len(drawn)
    sizes = [(text_width(t, style.small, weight=wt), style.small * LEADING) for t, wt in zip(texts, weights)]
    placed = place_labels(
        [(pos[n][0] * 72, pos[n][1] * 72) for n in nodes],
        sizes,
        [radius[n] * 72 + 1 for n in nodes],
        (0, bottom * 72, width * 72, height * 72),
        pad=4.0,
    )
    missing = {"article": 0, "work": 0}
    for i, (n, spot) in enumerate(zip(nodes, placed)):
        if spot is None:
            missing["article" if i < len(articles) else "work"] += 1
            continue
        x0, y0, x1, y1 = spot.box
        ax.text(
            x0 / 72,
            (y0 + y1) / 2 / 72,
            texts[i],
            ha="left",
            va="center",
            fontsize=style.small,
            fontweight=weights[i],
            parse_math=False,
            zorder=5,
        )
        if spot.leader:
            nx_, ny_ = min(max(pos[n][0], x0 / 72), x1 / 72), min(max(pos[n][1], y0 / 72), y1 / 72)
            ax.plot([pos[n][0], nx_], [pos[n][1], ny_], color="#777777", linewidth=0.8, zorder=2)
    handles = [
        Line2D(
            [],
            [],
            marker="s",
            linestyle="none",
            markersize=style.small * 0.7,
            color=KIND_COLORS["article"],
            label="article",
        )
    ]
    handles += status_handles({graph.nodes[w].get("status") for w in drawn}, style.small)
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0, (bottom - style.small * 0.5 / 72) / height),
        ncol=len(handles),
        fontsize=style.small,
        frameon=False,
        borderaxespad=0,
    )
    notes = []
    if len(listed) > len(shared):
        n = len(listed) - len(shared)
        notes.append(
            f"{n} work{'s' if n != 1 else ''} in two reference lists or more but cited by claims of fewer, not drawn"
        )
    if len(shared) > len(drawn):
        notes.append(f"the {len(drawn)} most shared of {len(shared)} works drawn")
    for kind, n in missing.items():
        if n:
            notes.append(f"{n} {kind}{'s' if n != 1 else ''} left unlabelled for room")
    if notes:
        text = "; ".join(notes)
        lines = wrap_lines(text[:1].upper() + text[1:] + ".", width * 72, style.small, max_lines=2)
        ax.text(0, 0, "\n".join(lines), ha="left", va="bottom", fontsize=style.small, color="#444444", parse_math=False)


@checked(claim_topics=table(), articles=table(), n_themes=whole_number(1), n_articles=whole_number(1))
def plot_topics_across_articles(
    claim_topics: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    n_themes: int = 15,
    n_articles: int = 30,
    ax=None,
    preset: str | Preset = "presentation",
    title=None,
    subtitle: str | None = None,
):
    """A grid of articles (rows, by their short titles) by themes (columns): how many claims of
    each article are about each theme, the count written in each cell.

    Themes are topics lined up across articles by their label's word stems
    (:func:`litmap.corpus.corpus_map.compute_themes`); the themes found in most articles come
    first. As many themes and articles are drawn as fit with every label written flat and whole
    (theme labels wrap to three lines); the axis label says how many are left out.
    """
    with figure_style():
        ax, style = figure_axes(ax, preset, title=title or "Which themes run through which articles", subtitle=subtitle)
        width_pt = ax.figure.get_size_inches()[0] * 72
        column = 7.5 * style.small  # a theme's column: three lines of about 14 characters
        n_themes = min(n_themes, max(int(width_pt * 0.62 // column), 2))
        n_articles = min(n_articles, _rows_that_fit(ax, style, spare_in=(4 * LEADING + 3) * style.small / 72))
        themed = claim_topics[claim_topics["theme"].fillna("") != ""]
        spread = themed.groupby("theme")["article_id"].nunique().sort_values(ascending=False, kind="stable")
        themes = list(spread.index[:n_themes])
        rows = list(themed[themed["theme"].isin(themes)]["article_id"].value_counts().index[:n_articles])
        grid = themed[themed["theme"].isin(themes) & themed["article_id"].isin(rows)]
        grid = grid.groupby(["article_id", "theme"])["claim_id"].nunique().unstack(fill_value=0)
        grid = grid.reindex(index=rows, columns=themes, fill_value=0)
        labels = themed.groupby("theme")["label"].agg(lambda s: s.mode().sort_values().iloc[0])
        if grid.size:
            values = grid.to_numpy()
            ax.imshow(values, aspect="auto", cmap="Blues", vmin=0, vmax=max(values.max(), 1) * 1.6)
            for r, c in zip(*values.nonzero()):
                ax.text(c, r, str(int(values[r, c])), ha="center", va="center", fontsize=style.small, parse_math=False)
        else:
            ax.text(0.5, 0.5, "no topics", ha="center", va="center", fontsize=style.fontsize, transform=ax.transAxes)
        names = fit_article_labels(articles, list(rows), width_pt * 0.3, style.small)
        row_labels = [names[a] for a in rows]
        ax.set_yticks(range(len(rows)), row_labels, fontsize=style.small)
        # A theme's label has its column's width: what the row labels and margins leave, shared out.
        left = max((text_width(t, style.small) for t in row_labels), default=0.0) + style.small
        room = max(column, (width_pt - 2 * style.margin * 72 - left) / max(len(themes), 1)) - 2 * style.small
        ax.set_xticks(
            range(len(themes)),
            ["\n".join(wrap_lines(f"{labels[t]} ({spread[t]})", room, style.small, max_lines=3)) for t in themes],
            fontsize=style.small,
        )
        ax.xaxis.tick_top()
        ax.tick_params(length=0)
        ax.spines[:].set_visible(False)
        notes = []
        if len(spread) > len(themes):
            notes.append(f"the {len(themes)} themes in most articles of {len(spread)}")
        n_all = themed["article_id"].nunique()
        if n_all > len(rows):
            notes.append(f"the {len(rows)} articles with most themed claims of {n_all}")
        note = "Each cell: the article's claims about the theme; (n): how many articles have the theme"
        note += ("; " + "; ".join(notes) if notes else "") + "."
        if ax.figure.get_layout_engine() is not None:
            add_footnote(ax, note, style, max_lines=2)
        else:
            ax.set_xlabel(note, fontsize=style.small)
    return ax


def corpus_subtitle(n_articles: int, n_works: int, day, *, checked: bool = True) -> str:
    """The corpus figures' subtitle: what the corpus holds and the day of its audit, or, when no
    reference was checked (offline, nothing saved), that day said as such.

    >>> from datetime import date
    >>> corpus_subtitle(4, 95, date(2026, 12, 7), checked=False)
    'A corpus of 4 articles and 95 works · references not checked 2026-12-07'
    >>> corpus_subtitle(1, 1, date(2026, 12, 7))
    'A corpus of 1 article and 1 work · audited 2026-12-07'
    """
    articles = f"{n_articles} article{'s' if n_articles != 1 else ''}"
    works = f"{n_works} work{'s' if n_works != 1 else ''}"
    return (
        f"A corpus of {articles} and {works} · {'audited' if checked else 'references not checked'} {day.isoformat()}"
    )


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
    from litmap.evidence.graph_export import write_graphml
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

    top = list(most_cited_first(works)["work_id"])
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
        from datetime import date

        verdicts = store.query("SELECT article_id, status FROM audit")
        n_ok = int((articles["status"] == "ok").sum())
        checked = bool((verdicts["status"] != "unchecked").any())  # offline, nothing saved: no audit to date
        sub = corpus_subtitle(n_ok, len(works), date.today(), checked=checked)
        drawings = {
            "most-cited-works": lambda: plot_most_cited_works(works, preset=preset, subtitle=sub),
            "status-by-article": lambda: plot_status_by_article(articles, verdicts, preset=preset, subtitle=sub),
            "shared-sources": lambda: plot_shared_sources(graph, preset=preset, subtitle=sub),
            "topics-across-articles": lambda: plot_topics_across_articles(
                topic_rows, articles, preset=preset, subtitle=sub
            ),
        }
        settings = settings if settings is not None else Settings.from_env()
        for name, draw in drawings.items():
            path = out / "figures" / name
            files += save_figure(draw(), path, settings.figure_formats, dpi=settings.figure_dpi, close=True)
    return files
