"""An interactive evidence-graph explorer for JupyterLab (ipywidgets + ipysigma).

Pick a topic, an audit status or a source: the matching part of the graph is highlighted
and the matching claims and references are listed beside it; selecting a claim (in the list
or by clicking its node) shows its full sentence and each cited reference with its verdict.
The graph view is ipysigma, which bundles sigma.js in its lab extension and so renders
with no internet (no CDN); ``graph_view="matplotlib"`` redraws a static map instead.

All filtering lives in :class:`EvidenceExplorer` and is plain Python, so it can be tested
without a browser: set ``explorer.topic.value`` and read ``explorer.matching_claims``.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import networkx as nx
import pandas as pd

from litmap.present.map_layout import compute_column_layout
from litmap.present.palette import KIND_COLORS, STATUS_COLORS, STATUS_TINTS
from litmap.schemas import AUDIT_STATUSES, CLAIMS, REFERENCES, STATUS_LABELS
from litmap.values import id_order, is_missing

_DIM = "#DDDDDD"
_X = {"article": -1.0, "topic": 0.0, "claim": 1.0, "source": 2.0, "work": 3.0}


def _e(value) -> str:
    return "" if is_missing(value) else html.escape(str(value))


def _table(rows: list[dict], columns: list[str]) -> str:
    head = "".join(f"<th style='text-align:left'>{html.escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{_e(r.get(c))}</td>" for c in columns) + "</tr>" for r in rows)
    return f"<table class='litmap-table'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


#: Value of the "All …" choice of each dropdown. Not None: ipywidgets reads a None value as "nothing
#: selected" and the browser then shows an empty dropdown.
ALL = ""


class EvidenceExplorer:
    """Widgets and filtering logic of the explorer; ``.widget`` is the layout to display.

    Parameters
    ----------
    graph
        From :func:`litmap.build_evidence_graph` (with topics and audit for full use).
    claims, references
        The CLAIMS and REFERENCES tables (full sentences and full reference entries).
    audit
        The AUDIT table, for verdicts and discrepancies; optional.
    graph_view
        ``"sigma"`` (interactive, default), ``"matplotlib"`` (static redraw) or ``None``.
    """

    def __init__(
        self,
        graph: nx.DiGraph,
        claims: pd.DataFrame,
        references: pd.DataFrame,
        audit: pd.DataFrame | None = None,
        *,
        graph_view: str | None = "sigma",
        height: int = 460,
    ):
        CLAIMS.validate(claims)
        REFERENCES.validate(references)
        if graph_view not in ("sigma", "matplotlib", None):
            raise ValueError(f"graph_view must be 'sigma', 'matplotlib' or None, not {graph_view!r}")
        self.graph = graph
        self.claims = claims.set_index("claim_id", drop=False)
        self.references = references.set_index("ref_id", drop=False)
        self.audit = None if audit is None else audit.drop_duplicates("ref_id").set_index("ref_id", drop=False)
        self.graph_view = graph_view
        self.height = height
        kinds = dict(graph.nodes(data="kind"))
        self._kinds = kinds
        topics = sorted((n for n, k in kinds.items() if k == "topic"), key=lambda n: graph.nodes[n]["label"])
        sources = sorted(n for n, k in kinds.items() if k == "source")
        statuses = [s for s in AUDIT_STATUSES if any(graph.nodes[n].get("status") == s for n in sources)]

        self.topic = widgets.Dropdown(
            options=[("All topics", ALL)] + [(graph.nodes[n]["label"], n) for n in topics], description="Topic"
        )
        self.status = widgets.Dropdown(
            options=[("All statuses", ALL)] + [(STATUS_LABELS[s], s) for s in statuses], description="Status"
        )
        self.source = widgets.Dropdown(
            options=[("All sources", ALL)] + [(graph.nodes[n]["label"], n) for n in sources], description="Source"
        )
        self.claim = widgets.Select(options=[], rows=8, description="Claims", layout=widgets.Layout(width="98%"))
        self.summary = widgets.HTML()
        self.detail = widgets.HTML()
        self.claims_table = widgets.HTML()
        self.references_table = widgets.HTML()
        self.view = widgets.Box(layout=widgets.Layout(width="55%", min_height=f"{height}px"))
        self.sigma = None  # the ipysigma view, when graph_view == "sigma"
        self.matching_claims: list[str] = []
        self.matching_sources: list[str] = []
        self.highlighted: set[str] = set()

        for control in (self.topic, self.status, self.source):
            control.observe(self._on_filter, names="value")
        self.claim.observe(self._on_claim, names="value")
        side = widgets.VBox(
            [self.summary, self.claim, self.detail, self.claims_table, self.references_table],
            layout=widgets.Layout(width="45%", max_height=f"{height + 300}px", overflow="auto"),
        )
        self.widget = widgets.VBox(
            [widgets.HBox([self.topic, self.status, self.source]), widgets.HBox([self.view, side])]
        )
        self._positions = self._layout()
        self.update()

    # --- filtering --------------------------------------------------------------------------

    def _sources_of(self, claim: str) -> list[str]:
        return [v for v in self.graph.successors(claim) if self._kinds[v] == "source"]

    def update(self) -> None:
        """Recompute the matching claims and sources from the dropdowns and redraw."""
        g = self.graph
        claims = [n for n, k in self._kinds.items() if k == "claim"]
        if self.topic.value:
            claims = [c for c in claims if g.has_edge(c, self.topic.value)]
        if self.status.value:
            claims = [
                c for c in claims if any(g.nodes[s].get("status") == self.status.value for s in self._sources_of(c))
            ]
        if self.source.value:
            claims = [c for c in claims if g.has_edge(c, self.source.value)]
        filtered = any(v != ALL for v in (self.topic.value, self.status.value, self.source.value))
        sources = sorted(
            {s for c in claims for s in self._sources_of(c)}
            if filtered
            else {n for n, k in self._kinds.items() if k == "source"},
            key=id_order,
        )
        if self.status.value:
            sources = [s for s in sources if g.nodes[s].get("status") == self.status.value]
        if self.source.value:
            sources = [self.source.value]
        self.matching_claims = sorted(claims, key=id_order)
        self.matching_sources = sources
        topics = {t for c in claims for t in g.successors(c) if self._kinds[t] == "topic"}
        self.highlighted = set(self.matching_claims) | set(sources) | topics if filtered else set(g.nodes)
        self._render_lists()
        self.claim.options = [(g.nodes[c]["label"], c) for c in self.matching_claims]
        if self.source.value:
            self.detail.value = self._reference_html(self.source.value)
        self._render_view()

    def _on_filter(self, _change) -> None:
        self.update()

    def _on_claim(self, change) -> None:
        if change["new"]:
            self.show(change["new"])

    def show(self, node: str) -> None:
        """Show the full sentence of a claim (with its references and verdicts) or a full reference."""
        kind = self._kinds.get(node)
        if kind == "claim":
            cid = self.graph.nodes[node]["claim_id"]
            row = self.claims.loc[cid]
            refs = "".join(self._reference_html(s) for s in self._sources_of(node)) or "<p><i>No source cited.</i></p>"
            self.detail.value = (
                f"<h4>{_e(cid)} · {_e(row['section'])}</h4><blockquote>{_e(row['text'])}</blockquote>{refs}"
            )
        elif kind == "source":
            self.detail.value = self._reference_html(node)

    def _reference_html(self, node: str) -> str:
        attrs = self.graph.nodes[node]
        rid = attrs.get("ref_id")
        raw = self.references.loc[rid, "raw"] if rid in self.references.index else attrs.get("raw")
        status = attrs.get("status", "unchecked")
        colour = STATUS_COLORS.get(status, "#999999")
        tint = STATUS_TINTS.get(status, "#eeeeee")  # dark text on a light tint stays readable
        extra = ""
        if self.audit is not None and rid in self.audit.index:
            a = self.audit.loc[rid]
            problems = list(a["discrepancies"]) + list(a["notices"])
            if problems:
                extra += "<ul>" + "".join(f"<li>{_e(p)}</li>" for p in problems) + "</ul>"
            if not is_missing(a["doi"]):
                extra += f"<div>DOI: {_e(a['doi'])}</div>"
        return (
            f"<div style='margin:4px 0'><span style='background:{tint};color:#222;border:1px solid {colour};"
            "padding:0 6px;border-radius:3px'>"
            f"{_e(STATUS_LABELS.get(status, status))}</span> <b>{_e(rid)}</b> {_e(raw)}{extra}</div>"
        )

    def _render_lists(self) -> None:
        g = self.graph
        n_claims = sum(1 for k in self._kinds.values() if k == "claim")
        self.summary.value = f"<b>{len(self.matching_claims)}</b> of {n_claims} claims, <b>{len(self.matching_sources)}</b> sources match"
        claim_rows = [
            {
                "claim": g.nodes[c]["claim_id"],
                "section": g.nodes[c].get("section"),
                "sentence": g.nodes[c].get("text"),
                "sources": ", ".join(g.nodes[s]["label"] for s in self._sources_of(c)),
            }
            for c in self.matching_claims
        ]
        self.claims_table.value = "<h4>Claims</h4>" + _table(claim_rows, ["claim", "section", "sentence", "sources"])
        ref_rows = [
            {
                "ref": g.nodes[s].get("ref_id"),
                "status": STATUS_LABELS.get(g.nodes[s].get("status", "unchecked")),
                "reference": g.nodes[s].get("raw"),
            }
            for s in self.matching_sources
        ]
        self.references_table.value = "<h4>References</h4>" + _table(ref_rows, ["ref", "status", "reference"])

    # --- the graph view ---------------------------------------------------------------------

    def _layout(self) -> dict[str, dict]:
        layout = compute_column_layout(self.graph, include_uncited=True)
        rank = {n: i for i, n in enumerate(layout.topics + layout.claims + layout.sources)}
        pos = {}
        columns: dict[str, list[str]] = {}
        for n, k in sorted(self._kinds.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0])):
            columns.setdefault(k, []).append(n)
        for k, nodes in columns.items():
            for i, n in enumerate(nodes):
                pos[n] = {"x": _X.get(k, 4.0) * 400, "y": -(i - len(nodes) / 2) * 30}
        return pos

    def node_colors(self) -> dict[str, str]:
        """Colour of each node in the view: status for sources, kind otherwise, grey when not matching."""
        colours = {}
        for n, k in self._kinds.items():
            if n not in self.highlighted:
                colours[n] = _DIM
            elif k == "source":
                colours[n] = STATUS_COLORS.get(self.graph.nodes[n].get("status", "unchecked"), "#999999")
            else:
                colours[n] = KIND_COLORS.get(k, "#999999")
        return colours

    def _render_view(self) -> None:
        if self.graph_view == "sigma":
            from ipysigma import Sigma
            from IPython.display import display

            # The article node links to every claim; left out of the view, it would only add a fan.
            shown = self.graph.subgraph(n for n, k in self._kinds.items() if k != "article")
            colours = self.node_colors()
            sigma = Sigma(
                shown,
                height=self.height,
                layout={n: self._positions[n] for n in shown},
                raw_node_color={n: colours[n] for n in shown},
                node_size=lambda n: 2 if n in self.highlighted else 1,
                node_size_range=(3, 7),
                node_label="label",
                hide_info_panel=True,
            )
            sigma.observe(self._on_sigma_select, names="selected_node")
            self.sigma = sigma
            # Shown through an Output widget rather than as a Box child: sigma.js measures its
            # container when it starts, and a Box child is built before it is on the page
            # ("Container has no width"), while an Output displays it like a cell output.
            out = widgets.Output(layout=widgets.Layout(width="100%"))
            with out:
                display(sigma)
            self.view.children = (out,)
        elif self.graph_view == "matplotlib":
            import matplotlib.pyplot as plt

            from litmap.present.figures import plot_evidence_map

            out = widgets.Output()
            with out:
                sub = self.graph.subgraph(self.highlighted).copy()
                ax = plot_evidence_map(sub, preset="paper")
                plt.show(ax.figure)  # inside an Output widget: this is how the figure is displayed
                plt.close(ax.figure)
            self.view.children = (out,)

    def _on_sigma_select(self, change) -> None:
        if change["new"]:
            self.show(change["new"])


def explore(
    graph: nx.DiGraph, claims: pd.DataFrame, references: pd.DataFrame, audit: pd.DataFrame | None = None, **kwargs
):
    """The explorer layout for a notebook cell (see :class:`EvidenceExplorer` for options).

    The returned VBox carries the explorer as ``.explorer`` for programmatic use.
    """
    explorer = EvidenceExplorer(graph, claims, references, audit, **kwargs)
    explorer.widget.explorer = explorer
    return explorer.widget


__all__ = ["ALL", "EvidenceExplorer", "explore"]
