"""The frame every litmap figure is drawn in: presets, title block, footnote, legends.

A figure in the ``presentation`` preset *is* a slide: 13.333 × 7.5 in (16:9, PowerPoint's
widescreen size), 1920 × 1080 px as PNG, a title saying what it shows, a subtitle naming the
article and the day of the audit, and no type smaller than 14 pt. The ``paper`` preset is a
journal's two-column width (7 in, about 180 mm) with 7–8 pt type. Sizes are fixed: nothing is
cropped when saving, so every figure of a preset has the same size in every format.

Text stays text: SVG files name their fonts (DejaVu Sans, then :data:`FONT_FALLBACK`) instead of
drawing glyphs as paths, so a label can be edited in Inkscape, Illustrator or PowerPoint; PDF
files embed their fonts (TrueType). matplotlib is imported inside the functions, so
``import litmap`` stays light. Measuring and fitting text is :mod:`litmap.present.text_fit`, and
writing a figure to files is :mod:`litmap.present.saving`: both are modules of their own, below and
above this one.
"""

from __future__ import annotations

import html
import re
import textwrap
from contextlib import contextmanager
from dataclasses import dataclass

from litmap.arguments import choice
from litmap.present.palette import STATUS_COLORS
from litmap.present.tex import tex_to_text
from litmap.present.text_fit import fit_parts, text_width, wrap_lines
from litmap.schemas import AUDIT_STATUSES, STATUS_LABELS


@dataclass(frozen=True)
class Preset:
    """Size and type of a figure.

    ``fontsize`` is body text, ``small`` the smallest type drawn (legends, footnotes, ticks),
    ``margin`` the white border in inches, ``dpi`` the resolution of the PNG.
    """

    name: str
    figsize: tuple[float, float]
    fontsize: float
    small: float
    title: float
    subtitle: float
    margin: float
    dpi: int

    @property
    def pixels(self) -> tuple[int, int]:
        """Width and height of the PNG.

        >>> PRESETS["presentation"].pixels
        (1920, 1080)
        """
        return round(self.figsize[0] * self.dpi), round(self.figsize[1] * self.dpi)


#: The figure presets: a 16:9 slide, and a journal's two-column width.
PRESETS = {
    "presentation": Preset("presentation", (40 / 3, 7.5), 16, 14, 24, 16, 0.4, 144),
    "paper": Preset("paper", (7.0, 4.6), 8, 7, 10, 8, 0.12, 300),
}
#: Fonts an SVG names after DejaVu Sans (matplotlib's own, which measured every label): each is
#: narrower, so a label set in a fallback still fits where it was placed.
FONT_FALLBACK = ("DejaVu Sans", "Arial", "Helvetica", "Liberation Sans")
#: rcParams of every litmap figure: text as text in SVG, fonts embedded in PDF, and a constant SVG
#: id salt so the same figure gives the same bytes every run.
FIGURE_RC = {
    "font.family": ["sans-serif"],
    "font.sans-serif": list(FONT_FALLBACK),
    "svg.fonttype": "none",
    "svg.hashsalt": "litmap",
    "pdf.fonttype": 42,
}
#: Line spacing, as a multiple of the type size.
LEADING = 1.25


def get_preset(preset: str | Preset) -> Preset:
    """The :class:`Preset` named ``preset``.

    Raises
    ------
    ArgumentError
        No preset has that name (a ``ValueError``; ``ArgumentTypeError`` for what is not a name).
    """
    choice(*PRESETS, also=Preset)("preset", preset)
    return preset if isinstance(preset, Preset) else PRESETS[preset]


@contextmanager
def figure_style():
    """matplotlib's settings for litmap figures, while drawing and saving."""
    import matplotlib

    with matplotlib.rc_context(FIGURE_RC):
        yield


#: Inline markup an article's title may carry from a feed or a page ('<i>Drosophila</i>', '<sup>13</sup>C').
_MARKUP = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")


def plain_title(title: str | None) -> str:
    r"""An article's title as a reader sees it: inline markup, entities and TeX undone
    (:func:`~litmap.present.tex.tex_to_text`), whitespace made single; '' when there is none.

    >>> plain_title("<i>Drosophila</i> &amp; the <sup>13</sup>C  label")
    'Drosophila & the 13C label'
    >>> plain_title("p < 0.05 in  two\ntrials")
    'p < 0.05 in two trials'
    >>> plain_title(r"$\alpha$-Synuclein in \textit{Drosophila}")
    'α-Synuclein in Drosophila'
    """
    text = tex_to_text(html.unescape(_MARKUP.sub("", str(title or ""))))
    return " ".join(text.split())


def short_title(title: str | None, max_chars: int = 60) -> str:
    """An article's title without its subtitle, cut at a word when long: for figure titles.

    >>> short_title("The Healing Power of Empathy in Therapy: A Scientific Approach to Growth")
    'The Healing Power of Empathy in Therapy'
    >>> short_title("Why most published research findings are false")
    'Why most published research findings are false'
    >>> short_title(None)
    'the article'
    >>> short_title("Pneumonoultramicroscopicsilicovolcanoconiosis" * 2)
    'PneumonoultramicroscopicsilicovolcanoconiosisPneumonoultram…'
    """
    text = plain_title(title)
    if not text or text.lower() == "article":
        return "the article"
    main, _, rest = text.partition(": ")
    if rest and len(main.split()) >= 2:
        text = main
    if len(text) <= max_chars:
        return text
    cut = textwrap.shorten(text, max_chars, placeholder="…")
    return cut if cut != "…" else text[: max_chars - 1] + "…"  # one long word: cut in it


def quoted_title(title: str | None) -> str:
    """The article's short title in quotes, for a figure's or a slide's title; 'the article', unquoted,
    when it has none.

    >>> quoted_title("Why most published research findings are false")
    '“Why most published research findings are false”'
    >>> quoted_title("  ")
    'the article'

    A title that quotes something keeps its quotes as single ones inside the double:

    >>> quoted_title('"May I buy a pack, please?" A review')
    '“‘May I buy a pack, please?’ A review”'
    """
    short = short_title(title)
    if short == "the article" and not plain_title(title):
        return "the article"
    inner = _INNER_QUOTE.sub(lambda m: f"‘{m.group(1) or m.group(2)}’", short)
    return f"“{inner}”"


#: A quotation inside a title, in straight or curly double quotes.
_INNER_QUOTE = re.compile(r'"([^"]{1,300})"|“([^“”]{1,300})”')


def title_block(title: str | None, subtitle: str | None) -> tuple[str | None, str | None]:
    """A figure's title and subtitle with the article named once, in the subtitle.

    A subtitle that starts with the article (``"<article> · audited <day>"``) names it in full; a
    title that also quotes its short title (``… of “<short title>” …``) then drops that phrase, and
    a title that quotes it otherwise keeps it while the subtitle keeps only what follows the article.

    >>> title_block("Where the claims of “Empathy in therapy” get their evidence",
    ...             "Empathy in therapy: a review · audited 2026-12-07")
    ('Where the claims get their evidence', 'Empathy in therapy: a review · audited 2026-12-07')
    >>> title_block("“Empathy in therapy”: its sources", "Empathy in therapy: a review · audited 2026-12-07")
    ('“Empathy in therapy”: its sources', 'audited 2026-12-07')
    >>> title_block("The works this corpus rests on", "A corpus of 6 articles · audited 2026-12-07")
    ('The works this corpus rests on', 'A corpus of 6 articles · audited 2026-12-07')
    """
    if not title or not subtitle:
        return title, subtitle
    lead, separator, rest = " ".join(subtitle.split()).partition(" · ")
    quoted = quoted_title(lead)
    if not separator or quoted not in title:
        return title, subtitle
    if f" of {quoted}" in title:
        return title.replace(f" of {quoted}", "", 1), subtitle
    return title, rest


@dataclass
class Frame:
    """A figure and the area left for the drawing once the title block is placed (inches)."""

    fig: object
    style: Preset
    #: left, bottom, width, height of the drawing area, in inches from the figure's lower left
    area: tuple[float, float, float, float]

    def axes(self, *, bottom: float = 0.0):
        """An Axes over the drawing area (``bottom`` inches kept free under it), data units = inches."""
        width, height = self.fig.get_size_inches()
        left, low, w, h = self.area
        ax = self.fig.add_axes((left / width, (low + bottom) / height, w / width, (h - bottom) / height))
        ax.set_xlim(0, w)
        ax.set_ylim(0, h - bottom)
        ax.set_axis_off()
        return ax


def new_frame(preset: str | Preset, *, title: str | None = None, subtitle: str | None = None) -> Frame:
    """A new figure of the preset's size with its title and subtitle in the top left corner.

    The title is wrapped to two lines and the subtitle to one (each shortened with '…' beyond),
    so the title block never runs into the drawing; the article is named once (:func:`title_block`).
    """
    import matplotlib.pyplot as plt

    style = get_preset(preset)
    title, subtitle = title_block(title, subtitle)
    fig = plt.figure(figsize=style.figsize)
    width, height = style.figsize
    m = style.margin
    top = height - m
    usable = (width - 2 * m) * 72
    if title:
        lines = wrap_lines(title, usable, style.title, max_lines=2, weight="bold")
        fig.text(
            m / width,
            top / height,
            "\n".join(lines),
            fontsize=style.title,
            fontweight="bold",
            va="top",
            ha="left",
            linespacing=1.15,
            parse_math=False,
        )
        top -= len(lines) * style.title * 1.15 * 1.1 / 72
    if subtitle:
        line = fit_parts(subtitle, usable, style.subtitle)
        top -= 0.1 * style.subtitle / 72
        fig.text(
            m / width,
            top / height,
            line,
            fontsize=style.subtitle,
            color="#444444",
            va="top",
            ha="left",
            parse_math=False,
        )
        top -= style.subtitle * 1.3 / 72
    if title or subtitle:
        top -= style.fontsize * 0.5 / 72
    return Frame(fig, style, (m, m, width - 2 * m, top - m))


def figure_axes(ax, preset: str | Preset, *, title: str | None = None, subtitle: str | None = None):
    """The Axes to draw a chart on, and the preset.

    With ``ax`` None: a new figure of the preset's size, its title block, and an Axes that the
    constrained layout keeps clear of the title and inside the margins. With an ``ax``: that
    Axes, the title set on it (the subtitle as its second line).
    """
    style = get_preset(preset)
    if ax is None:
        frame = new_frame(style, title=title, subtitle=subtitle)
        width, height = style.figsize
        left, bottom, w, h = frame.area
        frame.fig.set_layout_engine(
            "constrained", rect=(left / width, bottom / height, w / width, h / height), w_pad=0.02, h_pad=0.02
        )
        ax = frame.fig.add_subplot()
    elif title or subtitle:
        set_axes_title(ax, title, subtitle, style)
    return ax, style


def set_axes_title(ax, title: str | None, subtitle: str | None, style: Preset) -> None:
    """Title and subtitle as the title of an Axes the caller gave (its own figure has no title block)."""
    lines = [t for t in title_block(title, subtitle) if t]
    if lines:
        ax.set_title("\n".join(lines), fontsize=style.fontsize, loc="left")


def row_major(items: list, per_row: int) -> list:
    """``items`` reordered so that a legend of ``per_row`` columns, which matplotlib fills column by
    column, reads them row by row.

    >>> row_major(["a", "b", "c", "d", "e"], 3)  # shown as: a b c / d e
    ['a', 'd', 'b', 'e', 'c']
    """
    return [item for column in range(per_row) for item in items[column::per_row]]


def legend_columns(labels: list[str], width_pt: float, size: float) -> int:
    """Legend entries per row so that each row of a legend with these ``labels`` fits ``width_pt``.

    >>> legend_columns(["verified", "not found"], 900, 14)
    2
    >>> legend_columns(["a rather long legend entry"] * 6, 900, 14)
    3
    """
    if not labels:
        return 1
    entry = [text_width(label, size) + 3.8 * size for label in labels]
    for per_row in range(len(labels), 0, -1):
        rows = [entry[i : i + per_row] for i in range(0, len(entry), per_row)]
        # matplotlib fills a legend column by column: the widest entry of each column counts.
        columns = [max(row[i] for row in rows if i < len(row)) for i in range(per_row)]
        if sum(columns) <= width_pt:
            return per_row
    return 1


def legend_grid(groups: list[list], width_pt: float, size: float) -> tuple[list, int]:
    """Legend entries laid out as a grid, each group (the verdicts; the sizes and line styles) on rows of
    its own, for ``ax.legend(handles=…, ncol=…)``: one row when all fit, else a row a group (padded
    with blank entries) when each group fits a row, else rows as :func:`legend_columns` gives them. A
    group never shares a row with another's leftovers ('verified … fit: unknown' / 'discrepant').

    >>> from matplotlib.lines import Line2D
    >>> a, b, c = (Line2D([], [], label=t) for t in ("verified", "discrepant", "fit: on topic"))
    >>> handles, ncol = legend_grid([[a, b], [c]], 300, 14)
    >>> ncol, [h.get_label() for h in handles]
    (2, ['verified', 'fit: on topic', 'discrepant', ''])
    """
    from matplotlib.lines import Line2D

    groups = [g for g in groups if g]
    flat = [h for g in groups for h in g]
    if not flat:
        return [], 1
    per_row = legend_columns([h.get_label() for h in flat], width_pt, size)
    if per_row == len(flat) or len(groups) == 1:
        return row_major(flat, per_row), per_row
    ncol = max(len(g) for g in groups)
    labels = [[h.get_label() for h in g] + [""] * (ncol - len(g)) for g in groups]
    if legend_columns([label for row in labels for label in row], width_pt, size) < ncol:
        return row_major(flat, per_row), per_row
    grid = [[*g, *(Line2D([], [], linestyle="none", label="") for _ in range(ncol - len(g)))] for g in groups]
    return row_major([h for row in grid for h in row], ncol), ncol


def inches_axes(ax) -> None:
    """Data units of ``ax`` set to inches of its own box (axis hidden), for figures laid out in inches."""
    box = ax.get_position()
    width, height = ax.figure.get_size_inches()
    ax.set_xlim(0, box.width * width)
    ax.set_ylim(0, box.height * height)
    ax.set_axis_off()


def add_footnote(ax, text: str, style: Preset, *, max_lines: int = 2):
    """A note under the drawing, in the smallest type, wrapped to the figure's width; None when empty.

    In a figure laid out by the constrained layout (:func:`figure_axes`), the layout's area is
    raised by the note's height, so the axis never runs into it.
    """
    if not text:
        return None
    fig = ax.figure
    width, height = fig.get_size_inches()
    lines = wrap_lines(text, (width - 2 * style.margin) * 72, style.small, max_lines=max_lines)
    note = fig.text(
        style.margin / width,
        style.margin / height,
        "\n".join(lines),
        fontsize=style.small,
        color="#444444",
        ha="left",
        va="bottom",
        parse_math=False,
    )
    engine = fig.get_layout_engine()
    if engine is not None and "rect" in engine.get():
        left, bottom, w, h = engine.get()["rect"]
        lift = (len(lines) * style.small * LEADING + style.small * 0.6) / 72 / height
        engine.set(rect=(left, bottom + lift, w, h - lift))
    return note


def footnote_height(style: Preset, lines: int = 2) -> float:
    """Inches a footnote of ``lines`` lines takes, with the gap above it."""
    return (lines * style.small * LEADING + style.small * 0.6) / 72


def status_handles(statuses, fontsize):
    """Legend entries (coloured dots) for the audit statuses among ``statuses``, in the audit's order."""
    from matplotlib.lines import Line2D

    return [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="none",
            markersize=fontsize * 0.7,
            color=STATUS_COLORS[s],
            markeredgecolor="#333333",
            markeredgewidth=0.6,
            label=STATUS_LABELS[s],
        )
        for s in AUDIT_STATUSES
        if s in statuses
    ]


__all__ = [
    "FIGURE_RC",
    "FONT_FALLBACK",
    "LEADING",
    "PRESETS",
    "Frame",
    "Preset",
    "add_footnote",
    "figure_axes",
    "figure_style",
    "footnote_height",
    "get_preset",
    "inches_axes",
    "legend_columns",
    "legend_grid",
    "new_frame",
    "plain_title",
    "quoted_title",
    "row_major",
    "set_axes_title",
    "short_title",
    "status_handles",
    "title_block",
]
