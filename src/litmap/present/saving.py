"""A figure written to files: PNG, SVG and PDF beside a path stem (:func:`save_figure`), each file
replaced whole or not at all (:func:`replacing`).

Saving is where the byte-for-byte promises are kept: no dates in the files, a constant SVG id
salt, the preset's resolution and PDF font type, and a temporary name renamed into place so an
interrupted run never leaves half a file. It is kept apart from :mod:`litmap.present.canvas`
(which it imports, for the presets and the figure style) because drawing a figure and writing one
are separate concerns, and because the slide deck writes its .pptx through :func:`replacing` too.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from litmap.arguments import checked, mismatch, path, some_of, whole_number
from litmap.errors import ArgumentTypeError
from litmap.present.canvas import PRESETS, Preset, figure_style
from litmap.settings import FIGURE_FORMATS  # the formats a figure can be written as, all by default

#: How a preset's PDF embeds its fonts: TrueType (Type 42) for papers, which journals' checks ask
#: for; Type 3 (each glyph drawn once, text still searchable) for slides, which writes in a tenth of
#: the time, since TrueType subsetting is most of a figure's cost.
PDF_FONTTYPE = {"presentation": 3, "paper": 42}
_METADATA = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None}}


@contextmanager
def replacing(path: Path):
    """A temporary name beside ``path`` to write to; it becomes ``path`` only when the writing ends, so an
    interrupted run (Ctrl-C, a full disk) leaves the old file or none, never half of one."""
    part = path.with_name(f".{path.name}.part")
    try:
        yield part
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)


def figure_or_axes(name: str, value) -> None:
    """The check of a matplotlib Figure or Axes argument (matplotlib is imported only when one is checked)."""
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    if not isinstance(value, Figure | Axes):
        raise ArgumentTypeError(mismatch(name, value, "a matplotlib Figure or Axes"))


@checked(fig_or_ax=figure_or_axes, path_stem=path, formats=some_of(*FIGURE_FORMATS), dpi=whole_number(1))
def save_figure(
    fig_or_ax,
    path_stem: str | Path,
    formats=FIGURE_FORMATS,
    *,
    dpi: int | None = None,
    close: bool = False,
    tight: bool = False,
) -> list[Path]:
    """Write a figure as PNG, SVG and PDF next to ``path_stem``; returns the paths.

    The figure keeps its size (a ``presentation`` figure is 1920 × 1080 px as PNG at the preset's
    144 dpi; pass ``dpi=300`` for print). SVG keeps text as text and names the fonts; PDF embeds
    them (:data:`PDF_FONTTYPE`). Dates are left out and SVG ids are salted with a constant, so the same figure gives the
    same bytes every run. ``close=True`` closes the figure afterwards (batch runs); ``tight=True``
    crops to the drawing (for figures of your own, not litmap's fixed-size ones).

    Raises
    ------
    ArgumentError
        A format other than png, svg and pdf (a ``ValueError``).
    """
    import matplotlib
    import matplotlib.pyplot as plt

    fig = getattr(fig_or_ax, "figure", fig_or_ax)
    fig = fig.get_figure(root=True) if hasattr(fig, "get_figure") else fig
    stem = Path(path_stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    style = _preset_of(fig)
    resolution = dpi if dpi is not None else (style.dpi if style else 300)
    paths = []
    fonttype = PDF_FONTTYPE.get(style.name, 42) if style else 42
    engine = fig.get_layout_engine()
    with figure_style(), matplotlib.rc_context({"pdf.fonttype": fonttype}):
        try:
            for fmt in formats:
                path = stem.with_name(f"{stem.name}.{fmt}")
                extra = {"bbox_inches": "tight"} if tight else {}
                with replacing(path) as part:
                    fig.savefig(part, format=fmt, dpi=resolution, metadata=_METADATA[fmt], **extra)
                paths.append(path)
                if engine is not None and fig.get_layout_engine() is engine:
                    # Laid out once: the other formats draw the same layout, not a new one each.
                    fig.set_layout_engine("none")
        finally:
            if engine is not None:
                fig.set_layout_engine(engine)
    if close:
        plt.close(fig)
    return paths


def _preset_of(fig) -> Preset | None:
    """The preset whose size the figure has, if any."""
    size = tuple(round(v, 3) for v in fig.get_size_inches())
    for style in PRESETS.values():
        if size == tuple(round(v, 3) for v in style.figsize):
            return style
    return None


__all__ = [
    "FIGURE_FORMATS",
    "PDF_FONTTYPE",
    "figure_or_axes",
    "replacing",
    "save_figure",
]
