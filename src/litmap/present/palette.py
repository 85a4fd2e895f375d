"""The colours of litmap: one per audit status and per kind of graph node, used everywhere.

Figures (:mod:`litmap.present.figures`), the Lab explorer, the styled audit table (:func:`style_audit`) and the exported HTML
reading list all take their colours from here, so a verdict looks the same wherever it is shown.
The base is the Okabe–Ito palette, safe for colour-blind readers; table rows and HTML badges use
light tints of the same colours so dark text stays readable on them.
"""

from __future__ import annotations

import pandas as pd

from litmap.schemas import AUDIT

__all__ = [
    "KIND_COLORS",
    "OKABE_ITO",
    "STATUS_COLORS",
    "style_audit",
    "STATUS_TINTS",
    "tint",
]

#: Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
#: One colour per audit status.
STATUS_COLORS = {
    "verified": OKABE_ITO["bluish_green"],
    "discrepant": OKABE_ITO["orange"],
    "retracted": OKABE_ITO["vermillion"],
    "not_found": OKABE_ITO["reddish_purple"],
    "unchecked": "#999999",
}
#: One colour per kind of graph node other than sources (sources take their status colour).
KIND_COLORS = {
    "article": OKABE_ITO["black"],
    "topic": OKABE_ITO["blue"],
    "claim": OKABE_ITO["sky_blue"],
    "work": "#BBBBBB",
}


def tint(hex_colour: str, amount: float = 0.75) -> str:
    """A light tint of a colour (mixed with white), for backgrounds behind dark text.

    >>> tint("#009E73")
    '#bfe7dc'
    """
    rgb = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)


#: Background per status for table rows and HTML badges: light tints of :data:`STATUS_COLORS`.
STATUS_TINTS = {status: tint(colour) for status, colour in STATUS_COLORS.items()}


def style_audit(
    audit: pd.DataFrame,
    columns=("ref_id", "status", "service", "confidence", "year", "title", "container", "doi", "discrepancies", "note"),
):
    """The audit as a pandas ``Styler`` with each row tinted by its status colour, for notebooks.

    Parameters
    ----------
    audit : DataFrame
        The AUDIT table (``compute_audit(...).audit``); not modified.
    columns : sequence of str
        Columns to show; list columns are joined with ``"; "``.
    """
    AUDIT.validate(audit)
    shown = audit[list(columns)].copy()
    for name in shown.columns:
        if name in AUDIT.list_columns:
            shown[name] = shown[name].map(lambda items: "; ".join(map(str, items)) if items else "")
    colours = audit["status"].map(STATUS_TINTS).fillna("")

    def by_status(row):
        colour = colours.loc[row.name]
        return [f"background-color: {colour}" if colour else ""] * len(row)

    return shown.style.apply(by_status, axis=1).format(precision=2, na_rep="").hide(axis="index")
