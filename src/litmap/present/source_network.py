"""The source network: the article's sources, how they cite each other and the works they share.

Only linked sources are drawn; the ones linked to nothing are named in the footnote instead of
floating in a ring around the picture, and with no link at all the figure is a sentence saying
why. Labels are placed where they overlap nothing (:mod:`litmap.present.labels`), tied to their
node by a leader line when they had to move away from it; a label with no free place is left out
and the legend says how many.
"""

from __future__ import annotations

import math

import networkx as nx

from litmap.arguments import checked, whole_number
from litmap.evidence.graph import GRAPH_ARGUMENT
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
from litmap.present.labels import place_labels
from litmap.present.map_layout import names_of
from litmap.present.palette import KIND_COLORS, STATUS_COLORS
from litmap.present.text_fit import text_width, wrap_lines
from litmap.text import counted
from litmap.verify.records import SERVICE_NAMES


def _network(graph: nx.DiGraph, cocitation: bool) -> tuple[nx.Graph, list, list]:
    """The undirected network of sources and shared works, with its citation and co-citation edges."""
    kinds = dict(graph.nodes(data="kind"))
    net = nx.Graph()
    net.add_nodes_from(n for n, k in kinds.items() if k in ("source", "work"))
    cites = [
        (u, v)
        for u, v, r in graph.edges(data="relation")
        if r == "cites" and kinds[u] == "source" and kinds[v] in ("source", "work")
    ]
    net.add_edges_from(cites, relation="cites")
    cocited = []
    if cocitation:
        # Each pair once, and each claim's set of sources once: 40 claims citing the same 500 sources
        # made 5 million pairs (17 s), of which 125,000 differ.
        seen_sets, seen = set(), set()
        for claim in sorted(n for n, k in kinds.items() if k == "claim"):
            cited = tuple(sorted(v for v in graph.successors(claim) if kinds[v] == "source"))
            if cited in seen_sets:
                continue
            seen_sets.add(cited)
            for i, a in enumerate(cited):
                for b in cited[i + 1 :]:
                    if (a, b) not in seen and not net.has_edge(a, b):
                        seen.add((a, b))
                        cocited.append((a, b))
        net.add_edges_from(cocited, relation="cocited")
    return net, cites, cocited


def why_no_links(graph: nx.DiGraph, *, cocitation: bool = True) -> str:
    """Why the sources have no link to draw, in a sentence (the figure shows it instead of a ring of dots)."""
    kinds = dict(graph.nodes(data="kind"))
    sources = [n for n, k in kinds.items() if k == "source"]
    if not sources:
        return "The article has no reference list, so there are no sources to link."
    checked = [n for n in sources if graph.nodes[n].get("status", "unchecked") not in ("unchecked", "not_found")]
    n = len(sources)
    if not checked:
        lists = (
            f"none of the {n} sources was found in a public record (an offline run answers only from saved look-ups), "
            "so their own reference lists, which link a source to the works it cites, are unknown"
        )
    else:
        lists = (
            f"the reference lists known for {len(checked)} of the {n} sources (from Crossref, Europe PMC or "
            "OpenAlex) name none of the other sources, nor a work two of them cite"
        )
    together = "; and no claim cites two of them together" if cocitation else ""
    return f"No links between the sources to draw: {lists}{together}."


@checked(graph=GRAPH_ARGUMENT, seed=whole_number(0), max_nodes=whole_number(1))
def plot_source_network(
    graph: nx.DiGraph,
    *,
    ax=None,
    preset: str | Preset = "presentation",
    seed: int = 7,
    max_nodes: int = 150,
    cocitation: bool = True,
    title: str | None = None,
    subtitle: str | None = None,
):
    """Draw the linked sources and the works two or more of them cite, seeded layout.

    Sources are sized by the number of claims citing them and coloured by audit status; shared
    works are grey squares. Solid edges are citations from the sources' own reference lists (the
    legend names the services they came from); dashed edges (``cocitation=True``) join sources
    cited in the same claim. Sources linked to nothing are named in the footnote, not drawn;
    above ``max_nodes`` nodes only the best-connected are drawn (said in the footnote).

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.litmap_labels`` maps each labelled node to its label, ``ax.litmap_leaders`` each label
        drawn away from its node to its leader line, ``ax.litmap_nodes`` each node drawn to its
        centre and radius (inches).
    """
    style = get_preset(preset)
    if title is None:
        title = f"How the sources of {quoted_title(graph.graph.get('name'))} are linked"
    with figure_style():
        if ax is None:
            frame = new_frame(style, title=title, subtitle=subtitle)
            ax = frame.axes()
        else:
            set_axes_title(ax, title, subtitle, style)
            inches_axes(ax)
        _draw_network(ax, graph, style, seed, max_nodes, cocitation)
    return ax


def _draw_network(ax, graph, style: Preset, seed: int, max_nodes: int, cocitation: bool) -> None:
    from matplotlib.collections import LineCollection

    width, height = ax.get_xlim()[1], ax.get_ylim()[1]
    kinds = dict(graph.nodes(data="kind"))
    net, cites, cocited = _network(graph, cocitation)
    ax.litmap_labels, ax.litmap_leaders, ax.litmap_nodes = {}, {}, {}
    alone = sorted(
        (n for n in net if net.degree(n) == 0 and kinds[n] == "source"), key=lambda n: (-_claims(graph, n), n)
    )
    net.remove_nodes_from([n for n in net if net.degree(n) == 0])
    if net.number_of_edges() == 0:
        lines = wrap_lines(why_no_links(graph, cocitation=cocitation), width * 72 * 0.8, style.fontsize, max_lines=5)
        ax.text(
            width / 2,
            height / 2,
            "\n".join(lines),
            ha="center",
            va="center",
            fontsize=style.fontsize,
            linespacing=LEADING,
            parse_math=False,
        )
        return
    notes = []
    if net.number_of_nodes() > max_nodes:
        weight = {n: net.degree(n) + _claims(graph, n) for n in net}
        keep = sorted(net, key=lambda n: (-weight[n], n))[:max_nodes]
        notes.append(f"the {max_nodes} best-connected of {net.number_of_nodes()} linked nodes drawn")
        net = _induced(net, sorted(keep))
    srcs = sorted(n for n in net if kinds[n] == "source")
    works = sorted(n for n in net if kinds[n] == "work")

    key = wrap_lines(_legend_key(bool(srcs), bool(works)), width * 72 - style.small, style.small, max_lines=3)
    note_h = footnote_height(style, 2)

    def legend(base):
        statuses, others = _legend_handles(graph, srcs, works, cites, cocited, style.small, base)
        handles, per_row = legend_grid([statuses, others], width * 72, style.small)  # verdicts, then sizes, links
        # Each entry's handle is as large as the largest marker (the size key), so none spills over another.
        handle = max([style.small * 0.7, *(h.get_markersize() for h in handles)]) / style.small
        legend_h = (1.5 * len(key) + math.ceil(len(handles) / per_row) * (max(handle, 1.0) + 0.5)) * style.small / 72
        return handles, per_row, handle, legend_h + note_h + style.small * 0.5 / 72

    base = style.small
    handles, per_row, handle, bottom = legend(base)
    # Many nodes in the room: the dots shrink (to half at most), so the largest is at most 0.45 of
    # the room each node has, and there is space left between them for lines and labels.
    share = math.sqrt(width * (height - bottom) / max(net.number_of_nodes(), 1)) * 72
    scale = min(1.0, max(0.5, 0.45 * share / math.sqrt(_source_area(6, base))))
    if scale < 1.0:
        base = style.small * scale
        handles, per_row, handle, bottom = legend(base)
    legend_h = bottom - note_h - style.small * 0.5 / 72

    area = {n: _source_area(_claims(graph, n), base) for n in srcs}
    area.update({n: _work_area(graph.nodes[n].get("n_citing_sources", 2), base) for n in works})
    radius = {n: math.sqrt(a) / 2 / 72 for n, a in area.items()}  # inches
    nodes = srcs + works
    order = sorted(range(len(srcs)), key=lambda i: (-_claims(graph, srcs[i]), -net.degree(srcs[i]), srcs[i]))
    label_size = style.small
    texts = [str(graph.nodes[n]["label"]) for n in srcs]
    sizes = [(text_width(t, label_size), label_size * LEADING) for t in texts] + [(0, 0)] * len(works)
    radii = [math.sqrt(area[n]) / 2 + 1 for n in nodes]

    def labelled(pos):
        # Within three label heights of its node's edge, or left out: a label further off names no dot.
        points = [(pos[n][0] * 72, pos[n][1] * 72) for n in nodes]
        room = (0, bottom * 72, width * 72, height * 72)
        return points, place_labels(
            points, sizes, radii, room, order=order, pad=4.0, reach=3 * label_size * LEADING, apart=0.5
        )

    pos, (points, placed) = _best_arrangement(net, (0, bottom, width, height), radius, style.fontsize, seed, labelled)
    ax.litmap_nodes = {n: (*pos[n], radius[n]) for n in radius}

    for relation, kw in (
        ("cocited", {"linestyles": (0, (4, 3)), "colors": "#888888"}),
        ("cites", {"linestyles": "solid", "colors": "#555555"}),
    ):
        segments = [[pos[u], pos[v]] for u, v, r in net.edges(data="relation") if r == relation]
        if segments:
            ax.add_collection(LineCollection(segments, linewidths=1.2, zorder=1, **kw))
    if srcs:
        ax.scatter(
            [pos[n][0] for n in srcs],
            [pos[n][1] for n in srcs],
            s=[area[n] for n in srcs],
            color=[STATUS_COLORS.get(graph.nodes[n].get("status", "unchecked"), "#999999") for n in srcs],
            edgecolors="#333333",
            linewidths=0.6,
            zorder=3,
        )
    if works:
        ax.scatter(
            [pos[n][0] for n in works],
            [pos[n][1] for n in works],
            marker="s",
            s=[area[n] for n in works],
            color=KIND_COLORS["work"],
            edgecolors="#555555",
            linewidths=0.6,
            zorder=2,
        )

    # Labels: sources only (a shared work's label is a long title), most-cited first.
    unlabelled = 0
    for i, n in enumerate(srcs):
        spot = placed[i]
        if spot is None:
            unlabelled += 1
            continue
        x0, y0, x1, y1 = spot.box
        # Anchored on the side facing the node, so the text's own width cannot move it away.
        x, ha = (
            (x1, "right") if x1 <= points[i][0] else (x0, "left") if x0 >= points[i][0] else ((x0 + x1) / 2, "center")
        )
        ax.litmap_labels[n] = ax.text(
            x / 72,
            (y0 + y1) / 2 / 72,
            texts[i],
            ha=ha,
            va="center",
            fontsize=label_size,
            parse_math=False,
            zorder=4,
        )
        if spot.line is not None:
            (ax.litmap_leaders[n],) = ax.plot(
                [spot.line[0][0] / 72, spot.line[1][0] / 72],
                [spot.line[0][1] / 72, spot.line[1][1] / 72],
                color="#333333",
                linewidth=0.7,
                solid_capstyle="butt",
                zorder=4,
            )

    if unlabelled:
        notes.append(f"{unlabelled} source{'s' if unlabelled != 1 else ''} left unlabelled for room")
    if alone:
        notes.append(_alone_note(graph, alone, notes, width * 72, style.small))
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0, (note_h + legend_h) / height),
        ncol=per_row,
        frameon=False,
        fontsize=style.small,
        title="\n".join(key),
        title_fontsize=style.small,
        alignment="left",
        handleheight=handle,
        handlelength=max(2.0, handle),
        borderaxespad=0,
        handletextpad=0.4,
        columnspacing=1.4,
    )
    if notes:
        text = "; ".join(notes)
        lines = wrap_lines(text[:1].upper() + text[1:] + ".", width * 72, style.small, max_lines=2)
        ax.text(0, 0, "\n".join(lines), ha="left", va="bottom", fontsize=style.small, color="#444444", parse_math=False)


def _alone_note(graph, alone: list[str], notes: list[str], width_pt: float, fontsize: float, lines: int = 2) -> str:
    """The footnote's words for the sources linked to nothing: as many names as leave the whole
    footnote within ``lines`` lines (all, then 12, fewer, the count alone), never a list cut short."""
    for most in (len(alone), 12, 8, 5, 3, 1, 0):
        names = ", ".join(names_of(graph, alone, most=most))
        said = (
            f"linked to no other source, so not drawn: {names}"
            if names
            else f"{counted(len(alone), 'source')} linked to no other source, so not drawn"
        )
        text = "; ".join([*notes, said])
        if len(wrap_lines(text + ".", width_pt, fontsize, max_lines=lines + 1)) <= lines:
            break
    return said


def _source_area(n_claims: int, base: float) -> float:
    """A source's marker area (points²): grows with the claims citing it, up to six."""
    return (base * (0.9 + 0.3 * min(n_claims, 6))) ** 2


def _work_area(n_citing: int, base: float) -> float:
    """A shared work's marker area (points²): grows with the sources citing it, up to six."""
    return (base * (0.6 + 0.2 * min(n_citing, 6))) ** 2


def _legend_key(sources: bool, works: bool) -> str:
    """The legend's title: what a marker's colour and size mean, in words."""
    parts = ["Dot colour: the audit's verdict", "dot size: how many claims cite the source"] if sources else []
    if works:
        parts.append("square size: how many sources cite the work")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


def _legend_handles(graph, srcs, works, cites, cocited, size: float, base: float) -> tuple[list, list]:
    """Legend entries: the verdicts drawn (markers for type of ``size``); and the smallest and largest
    source, shared works (drawn at ``base``, as the dots are), the link kinds."""
    from matplotlib.lines import Line2D

    statuses = {graph.nodes[n].get("status", "unchecked") for n in srcs}
    verdicts, handles = status_handles(statuses, size), []
    counts = sorted({min(_claims(graph, n), 6) for n in srcs})
    for n in [counts[0], counts[-1]] if len(counts) > 1 else counts:
        many = "6 or more claims" if n == 6 else f"{n} claim{'s' if n != 1 else ''}"
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="none",
                markersize=math.sqrt(_source_area(n, base)),
                color="#DDDDDD",
                markeredgecolor="#333333",
                markeredgewidth=0.6,
                label=f"cited by {many}",
            )
        )
    if works:
        handles.append(
            Line2D(
                [],
                [],
                marker="s",
                linestyle="none",
                markersize=base * 0.6,
                color=KIND_COLORS["work"],
                markeredgecolor="#555555",
                label="work cited by ≥ 2 sources",
            )
        )
    if cites:
        origins = sorted({SERVICE_NAMES.get(str(graph.edges[e].get("origin")), "source list") for e in cites})
        handles.append(Line2D([], [], color="#555555", label=f"cites ({', '.join(origins)})"))
    if cocited:
        handles.append(Line2D([], [], color="#888888", linestyle=(0, (4, 3)), label="cited in the same claim"))
    return verdicts, handles


def compute_positions(
    net: nx.Graph, bounds, radius: dict, *, margin=(0.0, 0.0), seed: int = 7, split: float | None = None
) -> dict[str, tuple[float, float]]:
    """Node positions (inches) for a network drawn in ``bounds`` (x0, y0, x1, y1).

    Each connected component gets a seeded spring layout, spread according to its size. The largest,
    when it has six nodes or more and a good share of them, fills the left of the room (its share of
    the width, from 45 to 75 %, or ``split``); the others are packed in rows of cells sized by their
    node count (to the power 3/4), as large as the room allows. Then nodes closer than their radii
    allow are pushed apart. So small components do not float off to the corners and the big one is
    not a heap. ``margin`` (x, y) is kept free around each part for labels.
    """
    return _arrange(_local_layouts(net, seed), bounds, radius, margin, split)


def _local_layouts(net: nx.Graph, seed: int) -> list[tuple[list, object]]:
    """Each connected component, largest first, with its seeded spring layout scaled to [-1, 1]."""
    import numpy as np

    parts = sorted((sorted(c) for c in nx.connected_components(net)), key=lambda c: (-len(c), c[0]))
    local = []
    for nodes in parts:
        layout = nx.spring_layout(_induced(net, nodes), seed=seed) if len(nodes) > 1 else {nodes[0]: (0.0, 0.0)}
        xy = np.array([layout[n] for n in nodes], dtype=float)
        xy -= (xy.max(axis=0) + xy.min(axis=0)) / 2
        extent = np.abs(xy).max(axis=0)
        local.append((nodes, xy / np.where(extent > 0, extent, 1.0)))  # each axis to [-1, 1]
    return local


def _big_first(local: list) -> bool:
    """Whether the largest component takes the left of the room (six nodes or more, 30 % of them)."""
    total = sum(len(nodes) for nodes, _ in local)
    return len(local) == 1 or (len(local[0][0]) >= 6 and len(local[0][0]) / total >= 0.3)


def _arrange(local: list, bounds, radius: dict, margin, split: float | None) -> dict[str, tuple[float, float]]:
    """:func:`compute_positions` from the components' own layouts."""
    x0, y0, x1, y1 = bounds
    sizes = [len(nodes) for nodes, _ in local]
    cells: list[tuple[float, float, float, float]] = []
    if _big_first(local):
        if split is None:
            split = 1.0 if len(local) == 1 else min(max(sizes[0] / sum(sizes), 0.45), 0.75)
        edge = x0 + (x1 - x0) * split
        cells.append((x0, y0, edge, y1))
        cells += _shelves(sizes[1:], (edge, y0, x1, y1), margin)
    else:
        cells = _shelves(sizes, bounds, margin)
    mx, my = margin
    pos = {}
    for (nodes, xy), (cx0, cy0, cx1, cy1) in zip(local, cells):
        # A small group keeps a small footprint (a pair is not stretched across its cell).
        spread = 0.4 * math.sqrt(len(nodes)) + 0.2
        half_w = min(max((cx1 - cx0) / 2 - mx, 0.0), 2 * spread)
        half_h = min(max((cy1 - cy0) / 2 - my, 0.0), spread)
        cx, cy = (cx0 + cx1) / 2, (cy0 + cy1) / 2
        for n, (px, py) in zip(nodes, xy):
            pos[n] = (cx + px * half_w, cy + py * half_h)
    return _separate(pos, radius, bounds)


def _best_arrangement(net: nx.Graph, bounds, radius: dict, fontsize: float, seed: int, labelled):
    """Positions and labels of the arrangement, among a few, whose dots stay apart and that labels most.

    One arrangement fits no network: with one big group and a few pairs, the pairs stand well in a
    column beside it with room for labels on both sides; with twenty pairs that column has no room
    left, its dots are stacked on each other and none is labelled. So with more than one group, the
    big group's share of the width (as it is, 12 and 24 points less) and the room kept beside each
    small group for labels (1.5 in, half that) are tried, and the arrangement with the fewest dots
    touching, then the most labels, is kept (the first, the usual one, on a tie).
    """
    local = _local_layouts(net, seed)
    mx, my = 1.5 * fontsize / 16, 0.35 * fontsize / 16  # room for labels beside and above
    splits: list[float | None] = [None]
    margins = [(mx, my)]
    if len(local) > 1:
        margins.append((mx / 2, my))
        if _big_first(local):
            sizes = [len(nodes) for nodes, _ in local]
            share = min(max(sizes[0] / sum(sizes), 0.45), 0.75)
            splits += [s for s in (share - 0.12, share - 0.24) if s >= 0.35]
    arranged = [_arrange(local, bounds, radius, margin, split) for margin in margins for split in splits]
    crowded = [_crowded(pos, radius) for pos in arranged]
    best = None
    for pos, crowd in zip(arranged, crowded):
        if crowd > min(crowded):  # labels are placed only where the dots stay apart as far as any can
            continue
        points, placed = labelled(pos)
        score = sum(p is not None for p in placed)
        if best is None or score > best[0]:
            best = (score, pos, (points, placed))
    return best[1], best[2]


def _crowded(pos: dict, radius: dict, gap: float = 0.03) -> int:
    """How many pairs of dots come closer than ``gap`` inches (edge to edge)."""
    import numpy as np

    nodes = list(pos)
    xy = np.array([pos[n] for n in nodes], dtype=float).reshape(-1, 2)
    r = np.array([radius[n] for n in nodes])
    dist = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    close = dist < r[:, None] + r[None, :] + gap
    return int(np.triu(close, 1).sum())


def _shelves(sizes: list[int], bounds, margin) -> list[tuple[float, float, float, float]]:
    """Cells for components of these sizes, packed in rows inside ``bounds``, as large as fits."""
    if not sizes:
        return []
    x0, y0, x1, y1 = bounds
    mx, my = margin

    def rows_at(scale):
        rows, row, used = [], [], 0.0
        for n in sizes:
            cell = (scale * _cell(n) + 2 * mx, scale * _cell(n) + 2 * my)
            if row and used + cell[0] > x1 - x0:
                rows.append(row)
                row, used = [], 0.0
            row.append(cell)
            used += cell[0]
        return [*rows, row]

    lo, hi = 0.0, 10.0
    for _ in range(30):  # the largest scale whose rows fit the room
        mid = (lo + hi) / 2
        rows = rows_at(mid)
        fits = sum(max(c[1] for c in r) for r in rows) <= y1 - y0 and all(sum(c[0] for c in r) <= x1 - x0 for r in rows)
        lo, hi = (mid, hi) if fits else (lo, mid)
    rows = rows_at(lo)
    gap_y = ((y1 - y0) - sum(max(c[1] for c in r) for r in rows)) / len(rows)
    cells = []
    top = y1
    for row in rows:
        row_h = max(c[1] for c in row)
        gap_x = ((x1 - x0) - sum(c[0] for c in row)) / len(row)
        left = x0
        for w, h in row:
            cy = top - (row_h + gap_y) / 2
            cells.append((left + gap_x / 2, cy - h / 2, left + gap_x / 2 + w, cy + h / 2))
            left += w + gap_x
        top -= row_h + gap_y
    return cells


def _induced(net: nx.Graph, nodes: list) -> nx.Graph:
    """The graph on ``nodes`` with its edges, in the order given: a subgraph view may iterate its
    nodes in the order of a set, which changes from run to run, and so would the seeded layout."""
    part = nx.Graph()
    part.add_nodes_from(nodes)
    part.add_edges_from((u, v, attrs) for u, v, attrs in net.edges(nodes, data=True) if u in part and v in part)
    return part


def _cell(n: int) -> float:
    """The side of a component's cell, relative: more than the root of its size, so a big
    component gets the room its labels need."""
    return n**0.75


def _separate(pos: dict, radius: dict, bounds=None, *, gap: float = 0.06, rounds: int = 50) -> dict:
    """Push apart nodes that overlap (closer than their radii and ``gap`` inches), keeping each node
    whole inside ``bounds`` (x0, y0, x1, y1), where a push must not take it."""
    import numpy as np

    nodes = list(pos)
    xy = np.array([pos[n] for n in nodes], dtype=float)
    r = np.array([radius[n] for n in nodes])
    need = r[:, None] + r[None, :] + gap
    np.fill_diagonal(need, 0)

    def inside(xy):
        if bounds is None:
            return xy
        x0, y0, x1, y1 = bounds
        low, high = np.stack([x0 + r, y0 + r], axis=1), np.stack([x1 - r, y1 - r], axis=1)
        return np.clip(xy, low, np.maximum(low, high))

    xy = inside(xy)
    for _ in range(rounds):
        delta = xy[:, None, :] - xy[None, :, :]
        dist = np.hypot(delta[..., 0], delta[..., 1])
        np.fill_diagonal(dist, 1e9)
        short = dist < need
        if not short.any():
            break
        # Two nodes on the same spot (a group squeezed into a cell too small for it) have no
        # direction to part in: the later one goes up, the earlier down.
        same = dist == 0
        if same.any():
            later = np.sign(np.arange(len(nodes))[:, None] - np.arange(len(nodes))[None, :])
            step = np.stack([np.zeros_like(dist), later * 1e-6], axis=-1)
            delta = np.where(same[..., None], step, delta)
        dist = np.where(same, 1e-6, dist)
        push = np.where(short, (need - dist) / 2 / dist, 0.0)[..., None] * delta
        xy = inside(xy + push.sum(axis=1))
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, xy)}


def _claims(graph, node) -> int:
    return int(graph.nodes[node].get("n_claims", 0) or 0)


__all__ = ["compute_positions", "plot_source_network", "why_no_links"]
