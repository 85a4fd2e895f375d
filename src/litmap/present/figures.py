"""Figures of the evidence graph and the audit, drawn with matplotlib.

Every ``plot_*`` takes ``ax=None`` (a new figure sized by ``preset`` is made when None), draws,
and returns the Axes; nothing is shown or saved here except by :func:`save_figure`. matplotlib
is imported inside the functions, so ``import litmap`` stays light. Colours come from the
Okabe–Ito palette (safe for colour-blind readers), from :mod:`litmap.present.palette`, so the audit
status colours are the same in every figure, table and page. Layouts are seeded, and :func:`save_figure` strips dates and fixes the SVG id salt,
so the same data gives byte-identical files on every run.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd

from litmap.present.map_layout import compute_column_layout
from litmap.present.palette import KIND_COLORS, STATUS_COLORS
from litmap.schemas import AUDIT, AUDIT_STATUSES, REFERENCES, STATUS_LABELS
from litmap.verify.records import SERVICE_NAMES

#: Line style of a claim->source edge by its ``fit`` (from ``litmap.compute_fit``).
FIT_STYLES = {
    "on topic": {"linestyle": "solid", "linewidth": 1.8, "alpha": 0.8},
    "tangential": {"linestyle": (0, (5, 3)), "linewidth": 1.3, "alpha": 0.8},
    "off topic": {"linestyle": (0, (1, 2)), "linewidth": 1.3, "alpha": 0.9},
    "unknown": {"linestyle": "solid", "linewidth": 0.8, "alpha": 0.45},
}
#: Figure size (inches) and base font size (points) per use.
PRESETS = {
    "presentation": {"figsize": (13.333, 7.5), "fontsize": 16},
    "paper": {"figsize": (7.0, 4.6), "fontsize": 8},
}
#: rcParams and metadata that make saved files identical from run to run.
_DETERMINISTIC_RC = {"svg.hashsalt": "litmap", "svg.fonttype": "path", "pdf.fonttype": 42}
_METADATA = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None}}

_X_TOPIC, _X_CLAIM, _X_SOURCE = 0.31, 0.53, 0.75
_TOP = 0.93  # rows live below this; the column headings above


def _preset(preset: str) -> dict:
    try:
        return PRESETS[preset]
    except KeyError:
        raise ValueError(f"unknown preset {preset!r}; choose one of {sorted(PRESETS)}") from None


def figure_axes(ax, preset: str):
    """The Axes to draw on and the base font size."""
    style = _preset(preset)
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=style["figsize"])
    return ax, style["fontsize"]


def _renderer(fig):
    get = getattr(fig.canvas, "get_renderer", None)
    if get is None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        return FigureCanvasAgg(fig).get_renderer()
    return get()


def _fit_text(text, max_px: float, renderer) -> None:
    """Shorten a Text artist with '…' until it is at most ``max_px`` wide."""
    full = text.get_text()
    if text.get_window_extent(renderer).width <= max_px:
        return
    lo, hi = 0, len(full)
    while lo < hi:  # longest prefix that fits
        mid = (lo + hi + 1) // 2
        text.set_text(full[:mid].rstrip() + "…")
        if text.get_window_extent(renderer).width <= max_px:
            lo = mid
        else:
            hi = mid - 1
    text.set_text(full[:lo].rstrip() + "…")


def status_handles(statuses, fontsize):
    from matplotlib.lines import Line2D

    return [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="none",
            markersize=fontsize * 0.7,
            color=STATUS_COLORS[s],
            label=STATUS_LABELS[s],
        )
        for s in AUDIT_STATUSES
        if s in statuses
    ]


def topic_footnote(labels: list[str], *, shown: int = 4) -> str:
    """The footnote that names the topics not on the map.

    >>> topic_footnote(["Trust", "Grief", "Sleep", "Diet", "Play"])
    '5 more topics: Trust, Grief, Sleep, Diet and 1 more'
    """
    named = ", ".join(labels[:shown]) + (f" and {len(labels) - shown} more" if len(labels) > shown else "")
    return f"{len(labels)} more topic{'s' if len(labels) != 1 else ''}: {named}"


def plot_evidence_map(
    graph: nx.DiGraph,
    *,
    ax=None,
    preset: str = "presentation",
    max_rows: int | None = None,
    include_uncited: bool = False,
    min_topic_score: float = 2.0,
    title: str | None = None,
):
    """Draw topics -> claims -> sources in three columns, sources coloured by audit status.

    Rows are ordered to reduce crossings; labels are shortened to fit their column so no text
    overlaps. When a column has more rows than fit at the preset's type size (or ``max_rows``),
    the best-connected rows are shown and the rest merge into one '+ N more' row, noted in the
    legend title. Claim->source edges are styled by ``fit`` when the graph has it.

    Parameters
    ----------
    graph
        From :func:`litmap.build_evidence_graph` (with topics for the left column).
    ax
        Axes to draw on; a new figure sized by ``preset`` when None.
    preset
        ``"presentation"`` (16:9, large type) or ``"paper"``.
    max_rows
        Most rows per column; by default as many as fit.
    include_uncited
        Also draw claims that cite no source.
    min_topic_score
        Draw a claim->topic link only from this score (the default 2 is a heading match or
        two signal terms), so passing mentions do not tangle the map.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    ax, fs = figure_axes(ax, preset)
    fig = ax.figure
    renderer = _renderer(fig)
    box = ax.get_window_extent(renderer)
    row_px = 2.0 * fs * fig.dpi / 72  # a claim box is ~1.7 em tall; keep a gap
    fit_rows = max(int(box.height * _TOP // row_px), 3)
    rows = fit_rows if max_rows is None else min(max_rows, fit_rows)
    layout = compute_column_layout(
        graph, max_rows=rows, include_uncited=include_uncited, min_topic_score=min_topic_score
    )

    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_axis_off()

    def ys(nodes):
        step = _TOP / max(len(nodes), 1)
        return {n: _TOP - (i + 0.5) * step for i, n in enumerate(nodes)}

    y = {**ys(layout.topics), **ys(layout.claims), **ys(layout.sources)}
    x = {
        **{n: _X_TOPIC for n in layout.topics},
        **{n: _X_CLAIM for n in layout.claims},
        **{n: _X_SOURCE for n in layout.sources},
    }

    def label(n):
        if n.startswith("more:"):
            kind = n.split(":", 1)[1]
            return f"+ {layout.hidden[kind]} more {kind}s"
        return str(graph.nodes[n]["label"])

    # Edges first, under the claim boxes; one collection per style keeps this fast at scale.
    has_fit = any("fit" in attrs for _, _, attrs, _ in layout.edges)
    groups: dict[str, list] = {}
    for u, v, attrs, _ in layout.edges:
        style = "about" if attrs.get("relation") == "about" else (attrs.get("fit", "unknown") if has_fit else "cites")
        groups.setdefault(style, []).append([(x[u], y[u]), (x[v], y[v])])
    for style, segments in sorted(groups.items()):
        kw = FIT_STYLES.get(style, {"linestyle": "solid", "linewidth": 1.0, "alpha": 0.5})
        color = KIND_COLORS["topic"] if style == "about" else "#555555"
        ax.add_collection(
            LineCollection(
                segments,
                colors=color,
                linestyles=kw["linestyle"],
                linewidths=kw["linewidth"],
                alpha=kw["alpha"] if style != "about" else 0.35,
                zorder=1,
            )
        )

    marker = fs * 0.7

    def node_sizes(nodes, attr):
        return [
            (marker * (1 + 0.25 * min(graph.nodes[n].get(attr, 1), 8))) ** 2 / 4 if n in graph else marker**2 / 2
            for n in nodes
        ]

    if layout.topics:
        ax.scatter(
            [x[n] for n in layout.topics],
            [y[n] for n in layout.topics],
            s=node_sizes(layout.topics, "n_claims"),
            color=[KIND_COLORS["topic"] if n in graph else "white" for n in layout.topics],
            edgecolors=KIND_COLORS["topic"],
            zorder=3,
        )
    if layout.sources:
        colors = [
            STATUS_COLORS.get(graph.nodes[n].get("status", "unchecked"), "#999999") if n in graph else "white"
            for n in layout.sources
        ]
        ax.scatter(
            [x[n] for n in layout.sources],
            [y[n] for n in layout.sources],
            s=node_sizes(layout.sources, "n_claims"),
            color=colors,
            edgecolors="#333333",
            linewidths=0.6,
            zorder=3,
        )

    width = box.width
    gap = 0.018
    for n in layout.topics:
        t = ax.text(_X_TOPIC - gap, y[n], label(n), ha="right", va="center", fontsize=fs * 0.85, zorder=4)
        _fit_text(t, (_X_TOPIC - 2 * gap) * width, renderer)
    claim_px = (min(_X_CLAIM - _X_TOPIC, _X_SOURCE - _X_CLAIM) * 2 - 3 * gap) * width
    for n in layout.claims:
        t = ax.text(
            _X_CLAIM,
            y[n],
            label(n),
            ha="center",
            va="center",
            fontsize=fs * 0.75,
            zorder=4,
            bbox={
                "boxstyle": "round,pad=0.25",
                "facecolor": "white",
                "edgecolor": KIND_COLORS["claim"],
                "linewidth": 1.0,
            },
        )
        _fit_text(t, claim_px, renderer)
    for n in layout.sources:
        t = ax.text(_X_SOURCE + gap, y[n], label(n), ha="left", va="center", fontsize=fs * 0.8, zorder=4)
        _fit_text(t, (1 - _X_SOURCE - 2 * gap) * width, renderer)

    head = {"fontsize": fs, "fontweight": "bold", "va": "bottom"}
    ax.text(_X_TOPIC, 0.955, "Topics", ha="right", **head)
    ax.text(_X_CLAIM, 0.955, "Claims", ha="center", **head)
    ax.text(_X_SOURCE, 0.955, "Sources", ha="left", **head)

    statuses = {graph.nodes[n].get("status", "unchecked") for n in layout.sources if n in graph}
    handles = status_handles(statuses, fs)
    if has_fit:
        fits = {attrs.get("fit", "unknown") for _, _, attrs, _ in layout.edges if attrs.get("relation") == "cites"}
        handles += [
            Line2D([], [], color="#555555", label=f"fit: {f}", **FIT_STYLES[f]) for f in FIT_STYLES if f in fits
        ]
    notes = [f"+ {k} more {kind}s merged into one row" for kind, k in layout.hidden.items() if kind != "topic"]
    if layout.topics_not_shown:  # a topic that drops off the map is still named
        notes.append(topic_footnote(layout.topics_not_shown))
    if layout.n_uncited_claims:
        n = layout.n_uncited_claims
        notes.append(f"{n} claim{'s' if n != 1 else ''} without a source not shown")
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=max(min(len(handles), 5), 1),
        frameon=False,
        fontsize=fs * 0.8,
        title="; ".join(notes) or None,
        title_fontsize=fs * 0.7,
    )
    if title:
        ax.set_title(title, fontsize=fs * 1.1)
    return ax


def plot_source_network(
    graph: nx.DiGraph,
    *,
    ax=None,
    preset: str = "presentation",
    seed: int = 7,
    max_nodes: int = 150,
    cocitation: bool = True,
    title: str | None = "Sources and the works they share",
):
    """Draw the sources and the works two or more of them cite (from their own reference lists), seeded layout.

    Sources are sized by the number of claims citing them and coloured by audit status; shared
    works are grey squares sized by how many sources cite them. Solid edges are citations from
    the sources' reference lists (the legend names the services they came from: Crossref,
    Europe PMC, OpenAlex); dashed edges (``cocitation=True``) join sources cited in the same claim. Above
    ``max_nodes`` nodes only the best-connected are drawn (noted in the title).
    """
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    ax, fs = figure_axes(ax, preset)
    kinds = dict(graph.nodes(data="kind"))
    nodes = [n for n, k in kinds.items() if k in ("source", "work")]
    net = nx.Graph()
    net.add_nodes_from(nodes)
    crossref = [
        (u, v)
        for u, v, r in graph.edges(data="relation")
        if r == "cites" and kinds[u] == "source" and kinds[v] in ("source", "work")
    ]
    net.add_edges_from(crossref, relation="crossref")
    cocited = []
    if cocitation:
        for claim in (n for n, k in kinds.items() if k == "claim"):
            cited = sorted(v for v in graph.successors(claim) if kinds[v] == "source")
            cocited += [(a, b) for i, a in enumerate(cited) for b in cited[i + 1 :] if not net.has_edge(a, b)]
        net.add_edges_from(cocited, relation="cocited")
    note = ""
    if net.number_of_nodes() > max_nodes:
        weight = {n: net.degree(n) + graph.nodes[n].get("n_claims", 0) for n in net}
        keep = sorted(net, key=lambda n: (-weight[n], n))[:max_nodes]
        note = f" (top {max_nodes} of {net.number_of_nodes()} by links)"
        net = net.subgraph(keep).copy()
    pos = nx.spring_layout(net, seed=seed) if net.number_of_nodes() else {}

    for relation, style in (
        ("cocited", {"linestyles": (0, (4, 3)), "colors": "#AAAAAA"}),
        ("crossref", {"linestyles": "solid", "colors": "#555555"}),
    ):
        segs = [[pos[u], pos[v]] for u, v, r in net.edges(data="relation") if r == relation]
        if segs:
            ax.add_collection(LineCollection(segs, linewidths=1.0, zorder=1, **style))
    srcs = sorted(n for n in net if kinds[n] == "source")
    works = sorted(n for n in net if kinds[n] == "work")
    base = fs * 0.8
    if srcs:
        ax.scatter(
            [pos[n][0] for n in srcs],
            [pos[n][1] for n in srcs],
            s=[(base * (1 + 0.35 * graph.nodes[n].get("n_claims", 0))) ** 2 for n in srcs],
            color=[STATUS_COLORS.get(graph.nodes[n].get("status", "unchecked")) for n in srcs],
            edgecolors="#333333",
            linewidths=0.6,
            zorder=3,
        )
    if works:
        ax.scatter(
            [pos[n][0] for n in works],
            [pos[n][1] for n in works],
            marker="s",
            s=[(base * (0.6 + 0.25 * graph.nodes[n].get("n_citing_sources", 2))) ** 2 for n in works],
            color=KIND_COLORS["work"],
            edgecolors="#555555",
            linewidths=0.6,
            zorder=2,
        )
    labelled = sorted(srcs, key=lambda n: (-graph.nodes[n].get("n_claims", 0), n))[:30]
    for n in labelled:
        # A node with a close neighbour above it (co-cited sources sit together) is labelled
        # below, so the two labels do not print over each other.
        x, y = pos[n]
        below = any(0 < pos[m][1] - y < 0.2 and abs(pos[m][0] - x) < 0.3 for m in pos if m != n)
        ax.annotate(
            graph.nodes[n]["label"],
            pos[n],
            xytext=(0, -base * 0.9 if below else base * 0.9),
            textcoords="offset points",
            ha="center",
            va="top" if below else "bottom",
            fontsize=fs * 0.7,
            zorder=4,
        )
    ax.set_axis_off()
    ax.margins(0.12)
    statuses = {graph.nodes[n].get("status", "unchecked") for n in srcs}
    handles = status_handles(statuses, fs)
    if works:
        handles.append(
            Line2D(
                [],
                [],
                marker="s",
                linestyle="none",
                markersize=fs * 0.6,
                color=KIND_COLORS["work"],
                label="work cited by ≥2 sources",
            )
        )
    if crossref:
        origins = sorted({SERVICE_NAMES.get(str(graph.edges[e].get("origin")), "source list") for e in crossref})
        handles.append(Line2D([], [], color="#555555", label=f"cites ({', '.join(origins)})"))
    if cocited:
        handles.append(Line2D([], [], color="#AAAAAA", linestyle=(0, (4, 3)), label="cited in the same claim"))
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=max(min(len(handles), 4), 1),
        frameon=False,
        fontsize=fs * 0.75,
    )
    if title:
        ax.set_title(title + note, fontsize=fs * 1.1)
    return ax


def plot_audit_summary(audit: pd.DataFrame, *, ax=None, preset: str = "presentation", title: str | None = None):
    """Horizontal bars: how many references got each audit verdict (zeros shown too)."""
    AUDIT.validate(audit)
    ax, fs = figure_axes(ax, preset)
    counts = audit["status"].value_counts()
    statuses = list(AUDIT_STATUSES)
    values = [int(counts.get(s, 0)) for s in statuses]
    positions = list(range(len(statuses)))[::-1]
    ax.barh(positions, values, color=[STATUS_COLORS[s] for s in statuses], edgecolor="#333333", linewidth=0.6)
    ax.set_yticks(positions, [STATUS_LABELS[s] for s in statuses], fontsize=fs)
    for pos, value in zip(positions, values):
        ax.text(value, pos, f" {value}", va="center", ha="left", fontsize=fs * 0.9)
    ax.set_xlim(0, max(max(values), 1) * 1.15)
    ax.set_xlabel("references", fontsize=fs)
    ax.tick_params(axis="x", labelsize=fs * 0.8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(title or f"Audit of {len(audit)} references", fontsize=fs * 1.1)
    return ax


def plot_sources_by_year(
    references: pd.DataFrame,
    audit: pd.DataFrame | None = None,
    *,
    ax=None,
    preset: str = "presentation",
    title: str | None = None,
):
    """Bars of sources per publication year, stacked by audit status when ``audit`` is given."""
    REFERENCES.validate(references)
    ax, fs = figure_axes(ax, preset)
    frame = references[["ref_id", "year"]].copy()
    if audit is not None:
        AUDIT.validate(audit)
        status = audit.drop_duplicates("ref_id").set_index("ref_id")["status"]
        frame["status"] = frame["ref_id"].map(status).fillna("unchecked")
    else:
        frame["status"] = "unchecked"
    undated = int(frame["year"].isna().sum())
    frame = frame.dropna(subset=["year"])
    table = frame.groupby(["year", "status"]).size().unstack(fill_value=0) if len(frame) else pd.DataFrame()
    bottom = None
    present = [s for s in AUDIT_STATUSES if s in table.columns]
    for s in present:
        heights = table[s]
        ax.bar(
            table.index.astype(int),
            heights,
            bottom=bottom,
            color=STATUS_COLORS[s],
            edgecolor="#333333",
            linewidth=0.4,
            width=0.8,
            label=STATUS_LABELS[s],
        )
        bottom = heights if bottom is None else bottom + heights
    ax.set_xlabel("year", fontsize=fs)
    ax.set_ylabel("sources", fontsize=fs)
    ax.tick_params(labelsize=fs * 0.8)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    if audit is not None and present:
        ax.legend(fontsize=fs * 0.8, frameon=False)
    note = f" ({undated} undated not shown)" if undated else ""
    ax.set_title((title or "Sources by year") + note, fontsize=fs * 1.1)
    return ax


def save_figure(
    fig_or_ax, path_stem: str | Path, formats=("png", "svg", "pdf"), *, dpi: int = 300, close: bool = False
) -> list[Path]:
    """Write a figure as PNG (``dpi``), SVG and PDF next to ``path_stem``; returns the paths.

    Dates are left out and SVG ids are salted with a constant, so the same figure gives the
    same bytes every run. ``close=True`` closes the figure afterwards (batch runs).
    """
    import matplotlib
    import matplotlib.pyplot as plt

    fig = getattr(fig_or_ax, "figure", fig_or_ax)
    fig = fig.get_figure(root=True) if hasattr(fig, "get_figure") else fig
    stem = Path(path_stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = []
    with matplotlib.rc_context(_DETERMINISTIC_RC):
        for fmt in formats:
            if fmt not in _METADATA:
                raise ValueError(f"unsupported figure format {fmt!r}; use png, svg or pdf")
            path = stem.with_name(f"{stem.name}.{fmt}")
            fig.savefig(path, format=fmt, dpi=dpi, bbox_inches="tight", metadata=_METADATA[fmt])
            paths.append(path)
    if close:
        plt.close(fig)
    return paths


__all__ = [
    "FIT_STYLES",
    "PRESETS",
    "figure_axes",
    "plot_audit_summary",
    "plot_evidence_map",
    "plot_source_network",
    "plot_sources_by_year",
    "save_figure",
    "status_handles",
]
