"""The evidence map: topics -> claims -> sources, sources coloured by the audit's verdict.

Every label is whole or ends in '…' inside its own column, and rows are spaced by the height of
their text, so nothing prints over anything else at any size. Claims are two lines of their own
words; topic and source labels wrap to two lines rather than being cut. A column with more rows
than fit keeps its best-connected rows and merges the rest into a '+ N more' row; the footnote
names what is not on the map (those rows, claims that cite no source, topics none of whose claims
does). For a large article draw one map per topic (``topic=``): the slide deck does.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import networkx as nx

from litmap.arguments import checked, whole_number
from litmap.evidence.graph import GRAPH_ARGUMENT, claim_label
from litmap.present.canvas import (
    LEADING,
    Preset,
    figure_style,
    footnote_height,
    get_preset,
    inches_axes,
    legend_grid,
    new_frame,
    quoted_title,
    set_axes_title,
    status_handles,
)
from litmap.present.map_layout import ColumnLayout, compute_column_layout, describe_left_out, names_of, natural_order
from litmap.present.palette import KIND_COLORS, STATUS_COLORS
from litmap.present.text_fit import text_width, wrap_lines

#: Line style of a claim->source edge by its ``fit`` (from ``litmap.compute_fit``).
FIT_STYLES = {
    "on topic": {"linestyle": "solid", "linewidth": 1.8, "alpha": 0.8},
    "tangential": {"linestyle": (0, (5, 3)), "linewidth": 1.3, "alpha": 0.8},
    "off topic": {"linestyle": (0, (1, 2)), "linewidth": 1.3, "alpha": 0.9},
    "unknown": {"linestyle": "solid", "linewidth": 0.8, "alpha": 0.45},
}


@dataclass(frozen=True)
class _Columns:
    """Where the columns stand, as fractions of the map's width."""

    topic_label: float  # topic labels end here (right-aligned)
    topic_dot: float
    claim_left: float
    claim_right: float
    source_dot: float
    source_label: float
    source_end: float
    panel: float | None = None  # numbered claims: the panel of their text starts here


#: Numbered citations ('[8]', '[9], [21]–[23]', '[1]–[4]') and what they leave behind (', , and').
_NUMBERED_CITATION = re.compile(r"\s*\[\d+(?:\s*[-–,]\s*\d+)*\](?:\s*[-–]\s*\[\d+\])?")
_LIST_END = re.compile(r"(?:\s*,)+\s*(?:and\s*)?(?=[.;:]|$)")
_COMMAS = re.compile(r"\s*,(?:\s*,)+")
#: Claims written in their boxes, two lines each.
_BOXES = _Columns(0.2, 0.215, 0.285, 0.685, 0.745, 0.76, 1.0)
#: Claims as numbered chips, their text in a panel on the right.
_NUMBERED = _Columns(0.15, 0.163, 0.205, 0.262, 0.305, 0.318, 0.525, 0.55)


def default_title(graph: nx.DiGraph, topic: str | None = None) -> str:
    """'Where the claims of “<article>” get their evidence' (or of one topic)."""
    if topic is not None:
        tid = topic if topic.startswith("topic:") else f"topic:{topic}"
        return f"Where the claims about “{graph.nodes[tid].get('label', topic)}” get their evidence"
    return f"Where the claims of {quoted_title(graph.graph.get('name'))} get their evidence"


@checked(graph=GRAPH_ARGUMENT, max_rows=whole_number(1))
def plot_evidence_map(
    graph: nx.DiGraph,
    *,
    ax=None,
    preset: str | Preset = "presentation",
    topic: str | None = None,
    max_rows: int | None = None,
    include_uncited: bool = False,
    min_topic_score: float = 2.0,
    title: str | None = None,
    subtitle: str | None = None,
):
    """Draw topics -> claims -> sources in three columns, sources coloured by audit status.

    Parameters
    ----------
    graph
        From :func:`litmap.build_evidence_graph` (with topics for the left column).
    ax
        Axes to draw on; by default a new figure of the preset's size, with a title block.
    preset
        ``"presentation"`` (a 16:9 slide, type of 14 pt and more) or ``"paper"``.
    topic
        Draw only the claims about this topic (``"topic:<key>"`` or the key) and their sources:
        one map per topic keeps a large article readable.
    max_rows
        Most rows per column; by default as many as fit at the preset's type size.
    include_uncited
        Also draw claims that cite no source.
    min_topic_score
        Draw a claim->topic link only from this score (the default 2 is a heading match or
        two signal terms), so passing mentions do not tangle the map.
    title, subtitle
        The title says what the figure shows (by default 'Where the claims of “…” get their
        evidence'); the subtitle, e.g. the article and the day of the audit, goes under it.

    Returns
    -------
    matplotlib.axes.Axes
        With ``ax.litmap_layout``, the :class:`~litmap.present.map_layout.ColumnLayout` drawn.
    """
    style = get_preset(preset)
    title = title if title is not None else default_title(graph, topic)
    with figure_style():
        if ax is None:
            frame = new_frame(style, title=title, subtitle=subtitle)
            ax = frame.axes()
        else:
            set_axes_title(ax, title, subtitle, style)
            inches_axes(ax)
        _draw_map(ax, graph, style, topic, max_rows, include_uncited, min_topic_score)
    return ax


class _Sizes:
    """Type sizes (points) and row pitches (inches) of the map in one preset."""

    def __init__(self, style: Preset):
        self.heading = style.fontsize
        self.label = style.small
        self.claim = style.small
        self.small = style.small
        self.pad = 0.25 * self.claim / 72  # inside a claim box
        self.box = (2 * LEADING * self.claim) / 72 + 2 * self.pad
        self.chip = (LEADING * self.claim) / 72 + 2 * self.pad

    def label_pitch(self, lines: int) -> float:
        return (lines * LEADING * self.label + 0.4 * self.label) / 72

    @property
    def box_pitch(self) -> float:
        return self.box + 0.25 * self.claim / 72

    @property
    def chip_pitch(self) -> float:
        return self.chip + 0.35 * self.claim / 72


@dataclass
class _Plan:
    """How the map is laid out: the columns, the rows' room (inches), the wrapped labels, what fits."""

    columns: _Columns
    top: float
    bottom: float
    lines: dict  # node -> its label's lines (topics and sources)
    capacity: dict

    @property
    def room(self) -> float:
        return self.top - self.bottom

    @property
    def numbered(self) -> bool:
        return self.columns.panel is not None


def _fitting(heights: list[float], room: float, more: float) -> int:
    """How many rows fit in ``room`` whatever rows are chosen: the tallest are counted, and a
    '+ N more' row of height ``more`` when not all fit."""
    tallest = sorted(heights, reverse=True)
    if sum(tallest) <= room:
        return len(tallest)
    k, used = 0, more
    while k < len(tallest) and used + tallest[k] <= room:
        used += tallest[k]
        k += 1
    return max(k + 1, 2)  # the rows kept and the '+ more' row


def _plan(graph, size: _Sizes, width, top, bottom, n_claims: int, max_rows) -> _Plan:
    """Claims in boxes when every one fits, else numbered chips with their words beside the map."""
    room = top - bottom
    pt = width * 72
    kinds = dict(graph.nodes(data="kind"))
    for columns in (_BOXES, _NUMBERED):
        widths = {
            "topic": (columns.topic_label - 0.01) * pt,
            "source": (columns.source_end - columns.source_label) * pt,
        }
        lines = {
            n: wrap_lines(str(graph.nodes[n]["label"]), widths[k], size.label, max_lines=6 if k == "topic" else 2)
            for n, k in kinds.items()
            if k in widths
        }
        one = size.label_pitch(1)
        capacity = {
            kind: _fitting([size.label_pitch(len(lines[n])) for n, k in kinds.items() if k == kind], room, one)
            for kind in ("topic", "source")
        }
        if columns.panel is None:
            capacity["claim"] = max(int(room // size.box_pitch), 2)
        else:
            # A numbered claim takes a chip on the map and at least two lines (and a gap) in the panel: one
            # line of a claim ("Additionally, age underestimation has been…") says nothing.
            panel = room + size.heading * 1.7 / 72
            capacity["claim"] = max(
                min(int(room // size.chip_pitch), int(panel * 72 // (2.3 * LEADING * size.claim))), 2
            )
        if isinstance(max_rows, int):
            capacity = {kind: min(n, max_rows) for kind, n in capacity.items()}
        elif isinstance(max_rows, dict):
            capacity.update(max_rows)
        if columns.panel is None and n_claims <= capacity["claim"]:
            break
    return _Plan(columns, top, bottom, lines, capacity)


def _row_positions(layout: ColumnLayout, plan: _Plan, size: _Sizes) -> dict[str, float]:
    """Each row's centre: rows stacked by their own heights, the room left over shared out evenly."""
    y = {}
    claim = size.chip_pitch if plan.numbered else size.box_pitch
    for nodes in (layout.topics, layout.claims, layout.sources):
        heights = [
            claim if n.startswith("claim:") or n == "more:claim" else size.label_pitch(len(plan.lines.get(n, [""])))
            for n in nodes
        ]
        extra = max(plan.room - sum(heights), 0) / max(len(nodes), 1)
        cursor = plan.top
        for n, h in zip(nodes, heights):
            y[n] = cursor - (h + extra) / 2
            cursor -= h + extra
    return y


def _draw_map(ax, graph, style, topic, max_rows, include_uncited, min_topic_score) -> None:
    from matplotlib.lines import Line2D

    width, height = ax.get_xlim()[1], ax.get_ylim()[1]
    size = _Sizes(style)
    pt = width * 72
    kinds = dict(graph.nodes(data="kind"))

    # The footer: the legend (one or two rows) above a footnote of up to two lines.
    cited = [n for n, k in kinds.items() if k == "source" and graph.nodes[n].get("n_claims", 0)]
    handles = status_handles({graph.nodes[n].get("status", "unchecked") for n in cited}, style.small)
    fits = {
        graph.edges[c, s].get("fit")
        for c, s, r in graph.edges(data="relation")
        if r == "cites" and kinds[c] == "claim" and kinds[s] == "source" and graph.edges[c, s].get("fit")
    }
    lines = [Line2D([], [], color="#555555", label=f"fit: {f}", **FIT_STYLES[f]) for f in FIT_STYLES if f in fits]
    handles, per_row = legend_grid([handles, lines], pt, size.small)  # verdicts on a row, line styles on another
    legend_h = (math.ceil(len(handles) / per_row) if handles else 0) * size.small * 1.7 / 72
    note_h = footnote_height(style, 2)
    top = height - size.heading * 1.7 / 72
    bottom = legend_h + note_h + size.small * 0.4 / 72

    everything = compute_column_layout(
        graph, include_uncited=include_uncited, min_topic_score=min_topic_score, topic=topic, order=False
    )
    plan = _plan(graph, size, width, top, bottom, len(everything.claims), max_rows)
    layout = compute_column_layout(
        graph, max_rows=plan.capacity, include_uncited=include_uncited, min_topic_score=min_topic_score, topic=topic
    )
    ax.litmap_layout = layout
    if not layout.claims:
        _say_why_empty(ax, graph, style, topic)
        return
    y = _row_positions(layout, plan, size)
    _draw_edges(ax, layout, plan, y, width, bool(fits))
    _draw_topics(ax, graph, layout, plan, y, width, size)
    # The legend takes a row or two across the left only: the panel of numbered claims may go on
    # down beside it, to the footnote.
    legend_w = _legend_width([h.get_label() for h in handles], per_row, size.small)
    below = legend_h if plan.numbered and legend_w + size.small <= plan.columns.panel * pt else 0.0
    _draw_claims(ax, graph, layout, plan, y, width, size, below=below)
    _draw_sources(ax, graph, layout, plan, y, width, size)

    cols = plan.columns
    head = {"fontsize": size.heading, "fontweight": "bold", "va": "bottom", "parse_math": False}
    head_y = plan.top + size.heading * 0.35 / 72
    if layout.topics:
        ax.text(cols.topic_label * width, head_y, "Topics", ha="right", **head)
    ax.text(cols.claim_left * width, head_y, "Claims", ha="left", **head)
    ax.text(cols.source_dot * width, head_y, "Sources", ha="left", **head)
    if handles:
        ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(0, (note_h + legend_h) / height),
            ncol=per_row,
            frameon=False,
            fontsize=size.small,
            borderaxespad=0,
            handletextpad=0.4,
            columnspacing=1.4,
        )
    note = _footnote(graph, layout, pt, size.small)
    if note:
        lines = wrap_lines(note, pt, size.small, max_lines=2)
        ax.text(0, 0, "\n".join(lines), ha="left", va="bottom", fontsize=size.small, color="#444444", parse_math=False)


def _legend_width(labels: list[str], per_row: int, fontsize: float) -> float:
    """Points a legend of ``labels`` in rows of ``per_row`` takes across (as :func:`legend_columns` counts)."""
    entry = [text_width(label, fontsize) + 3.8 * fontsize for label in labels]
    rows = [entry[i : i + per_row] for i in range(0, len(entry), per_row)]
    return sum(max(row[i] for row in rows if i < len(row)) for i in range(per_row)) if labels else 0.0


def _footnote(graph, layout, width_pt: float, fontsize: float, lines: int = 2) -> str:
    """The footnote naming what the map leaves out, whole in ``lines`` lines: as many names of each
    kind as fit (12, then fewer, then counts alone), never a list cut short."""
    for most in (12, 8, 5, 3, 1):
        note = describe_left_out(graph, layout, most=most)
        if len(wrap_lines(note, width_pt, fontsize, max_lines=lines + 1)) <= lines:
            return note
    return describe_left_out(graph, layout, most=0)


def _draw_edges(ax, layout, plan, y, width, has_fit: bool) -> None:
    from matplotlib.collections import LineCollection

    cols = plan.columns
    groups: dict[str, list] = {}
    weights: dict[str, list] = {}
    for u, v, attrs, n in layout.edges:
        if attrs.get("relation") == "about":
            key, segment = "about", [(cols.topic_dot * width, y[u]), (cols.claim_left * width, y[v])]
        else:
            key = attrs.get("fit", "unknown") if has_fit else "cites"
            segment = [(cols.claim_right * width, y[u]), (cols.source_dot * width, y[v])]
        groups.setdefault(key, []).append(segment)
        weights.setdefault(key, []).append(min(n, 4))
    # One collection per style keeps this fast at scale; edges go under everything else.
    for key, segments in sorted(groups.items()):
        kw = FIT_STYLES.get(key, {"linestyle": "solid", "linewidth": 1.0, "alpha": 0.6})
        ax.add_collection(
            LineCollection(
                segments,
                colors=KIND_COLORS["topic"] if key == "about" else "#555555",
                linestyles=kw["linestyle"],
                linewidths=[kw["linewidth"] * (1 + 0.35 * (n - 1)) for n in weights[key]],
                alpha=0.4 if key == "about" else kw["alpha"],
                zorder=1,
            )
        )


def _more(layout: ColumnLayout, node: str) -> str:
    kind = node.split(":", 1)[1]
    return f"+ {layout.hidden[kind]} more {kind}s"


def _dot_sizes(graph, nodes, size: _Sizes) -> list[float]:
    return [(size.label * 0.6 * (1 + 0.12 * min(graph.nodes[n].get("n_claims", 1), 8))) ** 2 for n in nodes]


def _draw_topics(ax, graph, layout, plan, y, width, size) -> None:
    cols = plan.columns
    shown = [n for n in layout.topics if n in graph]
    if shown:
        ax.scatter(
            [cols.topic_dot * width] * len(shown),
            [y[n] for n in shown],
            s=_dot_sizes(graph, shown, size),
            color=KIND_COLORS["topic"],
            zorder=3,
        )
    for n in layout.topics:
        merged = n not in graph
        lines = [_more(layout, n)] if merged else plan.lines[n]
        ax.text(
            cols.topic_label * width,
            y[n],
            "\n".join(lines),
            ha="right",
            va="center",
            fontsize=size.label,
            linespacing=LEADING,
            fontstyle="italic" if merged else "normal",
            parse_math=False,
            zorder=4,
        )


def _draw_sources(ax, graph, layout, plan, y, width, size) -> None:
    cols = plan.columns
    shown = [n for n in layout.sources if n in graph]
    if shown:
        ax.scatter(
            [cols.source_dot * width] * len(shown),
            [y[n] for n in shown],
            s=_dot_sizes(graph, shown, size),
            color=[STATUS_COLORS.get(graph.nodes[n].get("status", "unchecked"), "#999999") for n in shown],
            edgecolors="#333333",
            linewidths=0.6,
            zorder=3,
        )
    for n in layout.sources:
        merged = n not in graph
        lines = [_more(layout, n)] if merged else plan.lines[n]
        ax.text(
            cols.source_label * width,
            y[n],
            "\n".join(lines),
            ha="left",
            va="center",
            fontsize=size.label,
            linespacing=LEADING,
            fontstyle="italic" if merged else "normal",
            parse_math=False,
            zorder=4,
        )


def claim_text(graph: nx.DiGraph, node: str) -> tuple[str, str]:
    """A claim node's id and its words without citations or lead-ins ('According to X, …'): what
    the map's panel and the deck's topic slides show of it (its sources are named beside it).

    >>> g = nx.DiGraph()
    >>> g.add_node("claim:C02", kind="claim", claim_id="C02", text="It varies [1]–[4], and matters [5].")
    >>> claim_text(g, "claim:C02")
    ('C02', 'It varies, and matters')
    """
    attrs = graph.nodes[node]
    claim_id = str(attrs.get("claim_id", node.split(":", 1)[1]))
    body = claim_label(claim_id, attrs.get("text", ""), max_chars=10_000).split(" · ", 1)[-1]
    body = _LIST_END.sub("", _COMMAS.sub(",", _NUMBERED_CITATION.sub("", body))).strip()
    return claim_id, body[:1].upper() + body[1:]


def _draw_claims(ax, graph, layout, plan, y, width, size, below: float = 0.0) -> None:
    from matplotlib.patches import FancyBboxPatch

    cols = plan.columns
    left, right = cols.claim_left * width, cols.claim_right * width
    height = size.chip if plan.numbered else size.box
    for n in layout.claims:
        merged = n not in graph
        ax.add_patch(
            FancyBboxPatch(
                (left, y[n] - height / 2),
                right - left,
                height,
                boxstyle=f"round,pad=0,rounding_size={size.pad}",
                facecolor="#F4F4F4" if merged else "white",
                edgecolor=KIND_COLORS["claim"],
                linewidth=1.2,
                linestyle=(0, (4, 2)) if merged else "solid",
                zorder=2,
            )
        )
        if plan.numbered:
            label = f"+{layout.hidden['claim']}" if merged else claim_text(graph, n)[0]
            ax.text(
                (left + right) / 2,
                y[n],
                label,
                ha="center",
                va="center",
                fontsize=size.claim,
                fontweight="bold",
                parse_math=False,
                zorder=4,
            )
            continue
        if merged:
            lines = [_more(layout, n)]
        else:
            claim_id, body = claim_text(graph, n)
            lines = wrap_lines(f"{claim_id} · {body}", (right - left - 2 * size.pad) * 72, size.claim, max_lines=2)
        ax.text(
            left + size.pad,
            y[n],
            "\n".join(lines),
            ha="left",
            va="center",
            fontsize=size.claim,
            linespacing=LEADING,
            fontstyle="italic" if merged else "normal",
            parse_math=False,
            zorder=4,
        )
    if plan.numbered:
        _draw_panel(ax, graph, layout, plan, width, size, below=below)


def _draw_panel(ax, graph, layout, plan, width, size, below: float = 0.0) -> None:
    """The numbered claims' words beside the map, in map order: one line each, and more (up to
    three, then '…') while the room lasts (the plan shows no more claims than have two lines each); ``below`` inches more under the map's rows when the
    legend leaves them free."""
    x = plan.columns.panel * width
    entries = [
        claim_text(graph, node) if node in graph else (f"+{layout.hidden['claim']}", "") for node in layout.claims
    ]
    id_width = max(text_width(i, size.claim, weight="bold") for i, _ in entries) + 0.4 * size.claim
    room = (width - x) * 72 - id_width
    hidden = sorted(layout.hidden_nodes.get("claim", []), key=natural_order)
    for most in (12, 8, 5, 3, 1, 0):  # the merged claims' ids on one line, never a list cut short
        names = names_of(graph, hidden, ids=True, most=most)
        said = f"more claims: {', '.join(names)}" if names else "more claims"
        if len(wrap_lines(said, room, size.claim, max_lines=2)) == 1:
            break
    entries = [entry if node in graph else (entry[0], said) for node, entry in zip(layout.claims, entries)]
    wrapped = [wrap_lines(body, room, size.claim, max_lines=3) for _, body in entries]
    line, gap = LEADING * size.claim, 0.3 * LEADING * size.claim
    height = (plan.room + size.heading * 1.7 / 72 + below) * 72
    shown = [1] * len(entries)
    grew = True
    while grew:  # one more line to each claim that needs it, in turn, while all still fit
        grew = False
        for i, lines in enumerate(wrapped):
            if shown[i] < len(lines) and (sum(shown) + 1) * line + len(entries) * gap <= height:
                shown[i] += 1
                grew = True
    cursor = plan.top + size.heading * 1.7 / 72
    for (claim_id, body), k in zip(entries, shown):
        lines = wrap_lines(body, room, size.claim, max_lines=k)
        ax.text(x, cursor, claim_id, ha="left", va="top", fontsize=size.claim, fontweight="bold", parse_math=False)
        ax.text(
            x + id_width / 72,
            cursor,
            "\n".join(lines),
            ha="left",
            va="top",
            fontsize=size.claim,
            linespacing=LEADING,
            parse_math=False,
        )
        cursor -= (len(lines) * line + gap) / 72


def _say_why_empty(ax, graph, style, topic) -> None:
    kinds = dict(graph.nodes(data="kind"))
    n_claims = sum(1 for k in kinds.values() if k == "claim")
    if topic is not None:
        reason = "None of the claims about this topic cites a source, so there is no map to draw."
    elif n_claims:
        reason = (
            f"None of the article's {n_claims} claims cites a source, so there is no map to draw. litmap reads "
            "citations written as (Author, Year), Author (Year), [1] and superscript numbers."
        )
    else:
        reason = "The article has no claims, so there is no map to draw."
    width, height = ax.get_xlim()[1], ax.get_ylim()[1]
    lines = wrap_lines(reason, width * 72 * 0.8, style.fontsize, max_lines=4)
    ax.text(
        width / 2, height / 2, "\n".join(lines), ha="center", va="center", fontsize=style.fontsize, parse_math=False
    )


__all__ = ["FIT_STYLES", "claim_text", "default_title", "describe_left_out", "plot_evidence_map"]
