"""Figures of the evidence graph and the audit, drawn with matplotlib.

Every ``plot_*`` takes ``ax=None`` (a new figure of the preset's size, with its title block, is
made when None), draws, and returns the Axes; nothing is shown or saved here except by
:func:`save_figure`. In the default ``presentation`` preset each figure is a 16:9 slide with a
title saying what it shows, a subtitle (the article and the day of the audit, when given) and
type of 14 pt and more (:mod:`litmap.present.canvas`). matplotlib is imported inside the
functions, so ``import litmap`` stays light. Colours come from the Okabe–Ito palette (safe for
colour-blind readers), from :mod:`litmap.present.palette`, so the audit status colours are the
same in every figure, table, page and slide. Layouts are seeded, and :func:`save_figure` strips
dates and fixes the SVG id salt, so the same data gives byte-identical files on every run.

The evidence map is in :mod:`litmap.present.evidence_map`, the source network in
:mod:`litmap.present.source_network`; both are re-exported here.
"""

from __future__ import annotations

import pandas as pd

from litmap.arguments import checked, table
from litmap.present.canvas import (
    PRESETS,
    Preset,
    add_footnote,
    figure_axes,
    figure_style,
    status_handles,
)
from litmap.present.evidence_map import FIT_STYLES, plot_evidence_map
from litmap.present.palette import STATUS_COLORS
from litmap.present.saving import FIGURE_FORMATS, save_figure
from litmap.present.source_network import plot_source_network
from litmap.schemas import AUDIT, AUDIT_STATUSES, REFERENCES, STATUS_LABELS
from litmap.text import counted


@checked(audit=table(AUDIT))
def plot_audit_summary(
    audit: pd.DataFrame,
    *,
    ax=None,
    preset: str | Preset = "presentation",
    title: str | None = None,
    subtitle: str | None = None,
):
    """Horizontal bars: how many references got each audit verdict (zeros shown too)."""
    AUDIT.validate(audit)
    with figure_style():
        ax, style = figure_axes(
            ax, preset, title=title or f"What the audit found for {counted(len(audit), 'reference')}", subtitle=subtitle
        )
        fs = style.fontsize
        counts = audit["status"].value_counts()
        statuses = list(AUDIT_STATUSES)
        values = [int(counts.get(s, 0)) for s in statuses]
        positions = list(range(len(statuses)))[::-1]
        ax.barh(positions, values, color=[STATUS_COLORS[s] for s in statuses], edgecolor="#333333", linewidth=0.6)
        ax.set_yticks(positions, [STATUS_LABELS[s] for s in statuses], fontsize=fs)
        for pos, value in zip(positions, values):
            ax.text(value, pos, f" {value}", va="center", ha="left", fontsize=fs, parse_math=False)
        ax.set_xlim(0, max(max(values), 1) * 1.15)
        ax.set_xlabel("references", fontsize=fs)
        ax.tick_params(axis="x", labelsize=style.small)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.spines[["top", "right"]].set_visible(False)
    return ax


@checked(references=table(REFERENCES), audit=table(AUDIT))
def plot_sources_by_year(
    references: pd.DataFrame,
    audit: pd.DataFrame | None = None,
    *,
    ax=None,
    preset: str | Preset = "presentation",
    title: str | None = None,
    subtitle: str | None = None,
):
    """Bars of sources per publication year, stacked by audit status when ``audit`` is given."""
    REFERENCES.validate(references)
    with figure_style():
        ax, style = figure_axes(ax, preset, title=title or "When the sources were published", subtitle=subtitle)
        fs = style.fontsize
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
        ax.set_xlabel("year of publication", fontsize=fs)
        ax.set_ylabel("sources", fontsize=fs)
        ax.tick_params(labelsize=style.small)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.ticklabel_format(axis="x", useOffset=False, style="plain")  # years whole, never '+2.02e3'
        if len(table):
            # Years only under the bars: a tick beyond them sits at the axis' corner, its label on the
            # y axis' '0' (or past the plot's right edge).
            first, last = int(table.index.min()), int(table.index.max())
            ticks = [t for t in ax.get_xticks() if first - 0.5 <= t <= last + 0.5] or [first]
            ax.set_xticks(ticks, [str(int(t)) for t in ticks])
        ax.spines[["top", "right"]].set_visible(False)
        if audit is not None and present:
            ax.legend(fontsize=style.small, frameon=False)
        if undated:
            note = f"{undated} source{'s' if undated != 1 else ''} without a year not shown."
            if ax.figure.get_layout_engine() is not None:
                add_footnote(ax, note, style, max_lines=1)
            else:
                ax.set_title(f"{ax.get_title(loc='left')} ({note[:-1]})", loc="left", fontsize=fs)
    return ax


__all__ = [
    "FIGURE_FORMATS",
    "FIT_STYLES",
    "PRESETS",
    "STATUS_COLORS",
    "figure_axes",
    "plot_audit_summary",
    "plot_evidence_map",
    "plot_source_network",
    "plot_sources_by_year",
    "save_figure",
    "status_handles",
]
