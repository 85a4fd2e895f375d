"""The frame every litmap figure is drawn in: presets, title block, footnote, text fitting, saving.

A figure in the ``presentation`` preset *is* a slide: 13.333 × 7.5 in (16:9, PowerPoint's
widescreen size), 1920 × 1080 px as PNG, a title saying what it shows, a subtitle naming the
article and the day of the audit, and no type smaller than 14 pt. The ``paper`` preset is a
journal's two-column width (7 in, about 180 mm) with 7–8 pt type. Sizes are fixed: nothing is
cropped when saving, so every figure of a preset has the same size in every format.

Text stays text: SVG files name their fonts (DejaVu Sans, then :data:`FONT_FALLBACK`) instead of
drawing glyphs as paths, so a label can be edited in Inkscape, Illustrator or PowerPoint; PDF
files embed their fonts (TrueType). matplotlib is imported inside the functions, so
``import litmap`` stays light.
"""

from __future__ import annotations

import os
import re
import textwrap
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from litmap.arguments import checked, choice, mismatch, path, some_of, whole_number
from litmap.errors import ArgumentTypeError
from litmap.present.palette import STATUS_COLORS
from litmap.schemas import AUDIT_STATUSES, STATUS_LABELS
from litmap.settings import FIGURE_FORMATS  # the formats a figure can be written as, all by default


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
#: How a preset's PDF embeds its fonts: TrueType (Type 42) for papers, which journals' checks ask
#: for; Type 3 (each glyph drawn once, text still searchable) for slides, which writes in a tenth of
#: the time, since TrueType subsetting is most of a figure's cost.
PDF_FONTTYPE = {"presentation": 3, "paper": 42}
_METADATA = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None}}
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


_ADVANCES: dict[str, dict[str, float]] = {}  # font file -> character -> advance width in em
_FONT_FILES: dict[str, str] = {}  # weight -> matplotlib's font file for it
#: Widths are the font's own advances times this: a renderer hints glyphs to whole pixels, which
#: makes a line up to about 1 % wider at 144 dpi (and narrower at others); text is fitted to the widest.
HINTING_ALLOWANCE = 1.02


def text_width(text: str, size: float, *, weight: str = "normal", fname: str | None = None) -> float:
    """Width of one line of ``text`` at ``size`` points, in points, in DejaVu Sans (matplotlib's
    font) or the font file ``fname``, at whatever resolution it is drawn.

    The sum of the characters' own advance widths (each read once from the font, unhinted), so a
    long text costs no more than its length; kerning, which only narrows a line, is left out.

    >>> round(text_width("Lamm et al. 2007", 14))
    126
    >>> text_width("a∶b", 14) > text_width("ab", 14)  # a character the font lacks still takes room
    True
    """
    if fname is None:
        if weight not in _FONT_FILES:
            from matplotlib.font_manager import FontProperties, findfont

            prop = FontProperties(family="DejaVu Sans", weight=weight)  # what litmap figures are set in
            _FONT_FILES[weight] = str(findfont(prop))  # a plain str hashes fast
        fname = _FONT_FILES[weight]
    table = _ADVANCES.setdefault(fname, {})
    try:
        total = sum(map(table.__getitem__, text))
    except KeyError:
        _read_advances(fname, table, text)
        total = sum(map(table.__getitem__, text))
    return total * size * HINTING_ALLOWANCE


def _read_advances(fname: str, table: dict[str, float], text: str) -> None:
    from matplotlib.font_manager import get_font
    from matplotlib.ft2font import LoadFlags

    font = get_font(fname)
    font.set_size(100, 72)  # 100 pt at 72 dpi: an advance in pixels is in points
    for char in set(text) - table.keys():
        if font.get_char_index(ord(char)):
            table[char] = font.load_char(ord(char), flags=LoadFlags.NO_HINTING).horiAdvance / 64 / 100
        else:  # not in this font: whatever stands in for it is counted as wide as a capital M
            table[char] = table.get("M") or font.load_char(ord("M"), flags=LoadFlags.NO_HINTING).horiAdvance / 6400


def _prefix(text: str, width: float, size: float) -> str:
    """As much of ``text`` as could possibly fit ``width`` points (no glyph is narrower than 0.2 em):
    measuring a whole long text only to cut it is slow."""
    most = int(width / (0.2 * size)) + 2
    return text if len(text) <= most else text[:most]


def shorten(text: str, width: float, size: float, *, weight: str = "normal", fname: str | None = None) -> str:
    """``text`` cut at a word and ended with '…' so it is at most ``width`` points wide."""
    if text_width(_prefix(text, width, size), size, weight=weight, fname=fname) <= width and len(
        _prefix(text, width, size)
    ) == len(text):
        return text
    words = _prefix(text, width, size).split(" ")

    def fits(k: int) -> bool:
        candidate = " ".join(words[:k]).rstrip(",;:.–-") + "…"
        return text_width(candidate, size, weight=weight, fname=fname) <= width

    lo, hi = 0, len(words) - 1  # the most whole words that fit with '…' (never the cut last one)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if fits(mid) else (lo, mid - 1)
    if lo >= 1:
        return " ".join(words[:lo]).rstrip(",;:.–-") + "…"
    word = words[0]  # one long word: the longest prefix that fits
    lo, hi = 0, len(word)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if text_width(word[:mid] + "…", size, weight=weight, fname=fname) <= width else (lo, mid - 1)
    return word[:lo] + "…"


def wrap_lines(
    text: str,
    width: float,
    size: float,
    *,
    max_lines: int = 2,
    weight: str = "normal",
    fname: str | None = None,
) -> list[str]:
    """``text`` broken into at most ``max_lines`` lines of at most ``width`` points; the last ends
    with '…' when the text does not fit whole.

    A line's width is the sum of its words' and spaces' (text widths add up: see :func:`text_width`).
    A word wider than the line breaks after its hyphens ('cognitive-' / 'behavioral') before it is cut.

    >>> wrap_lines("Psychotherapy: cognitive-behavioral therapy", 120, 14, max_lines=4)
    ['Psychotherapy:', 'cognitive-', 'behavioral', 'therapy']
    """
    words = " ".join(str(text).split()).split(" ")
    if words == [""]:
        return [""]

    def measure(word: str) -> float:
        return text_width(word, size, weight=weight, fname=fname)

    space = measure(" ")
    tokens: list[tuple[str, str]] = []  # (what goes before the token on a line, the token)
    for word in words:
        parts = re.findall(r"[^-]+-+|[^-]+$|-+", word) if "-" in word.strip("-") and measure(word) > width else [word]
        tokens += [(" " if i == 0 else "", part) for i, part in enumerate(parts)]
    lines: list[str] = []
    while tokens and len(lines) < max_lines:
        line = tokens.pop(0)[1]
        used = measure(line)
        while tokens:
            glue, token = tokens[0]
            more = (space if glue else 0.0) + measure(token)
            if used + more > width:
                break
            used += more
            line += glue + token
            tokens.pop(0)
        lines.append(line)
    if tokens:
        rest = "".join(glue + token for glue, token in tokens)
        lines[-1] = shorten(f"{lines[-1]}{rest}", width, size, weight=weight, fname=fname)
    # A single word wider than the line is cut.
    return [
        line if measure(line) <= width else shorten(line, width, size, weight=weight, fname=fname) for line in lines
    ]


def fit_parts(text: str, width: float, size: float, *, separator: str = " · ") -> str:
    """``text`` made to fit ``width`` points by shortening its first part (before ``separator``),
    so what follows (a date, a count) stays whole."""
    text = " ".join(str(text).split())
    if text_width(text, size) <= width or separator not in text:
        return shorten(text, width, size)
    first, rest = text.split(separator, 1)
    room = width - text_width(separator + rest, size)
    return shorten(first, room, size) + separator + rest if room > 4 * size else shorten(text, width, size)


def short_title(title: str | None, max_chars: int = 60) -> str:
    """An article's title without its subtitle, cut at a word when long: for figure titles.

    >>> short_title("The Healing Power of Empathy in Therapy: A Scientific Approach to Growth")
    'The Healing Power of Empathy in Therapy'
    >>> short_title("Why most published research findings are false")
    'Why most published research findings are false'
    >>> short_title(None)
    'the article'
    """
    text = " ".join(str(title or "").split())
    if not text or text.lower() == "article":
        return "the article"
    main, _, rest = text.partition(": ")
    if rest and len(main.split()) >= 2:
        text = main
    return text if len(text) <= max_chars else textwrap.shorten(text, max_chars, placeholder="…")


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
    quoted = f"“{short_title(lead)}”"
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
    "FIGURE_RC",
    "FONT_FALLBACK",
    "LEADING",
    "PDF_FONTTYPE",
    "PRESETS",
    "Frame",
    "Preset",
    "add_footnote",
    "figure_axes",
    "figure_style",
    "fit_parts",
    "footnote_height",
    "get_preset",
    "inches_axes",
    "legend_columns",
    "new_frame",
    "HINTING_ALLOWANCE",
    "replacing",
    "row_major",
    "save_figure",
    "set_axes_title",
    "short_title",
    "shorten",
    "status_handles",
    "text_width",
    "title_block",
    "wrap_lines",
]
