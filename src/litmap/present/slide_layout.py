"""The slide deck's geometry and the shapes on its slides: sizes, type, text measured in the deck's
font, and python-pptx text boxes, titled slides and tables.

Text is laid out before PowerPoint sees it: each line is measured in Liberation Sans (Arial's widths)
when the machine has it, else in DejaVu Sans, which is wider than Arial (the font the deck names), so
what fits here fits on the slide; a table longer than a slide is split into pages (:func:`paginate`).
These are the deck's building materials, kept apart from what goes on each slide
(:mod:`litmap.present.slide_builders`) and the order of the slides (:mod:`litmap.present.slides`), both
of which import this module; it imports neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from litmap.present.text_fit import shorten, text_width, wrap_lines

#: The font the deck names (PowerPoint has it; LibreOffice draws Liberation Sans, its metric twin).
FONT = "Arial"
#: Slide size in inches (PowerPoint's 16:9 widescreen) and the margin kept free around it.
WIDTH, HEIGHT, MARGIN = 40 / 3, 7.5, 0.5
#: Type sizes in points.
TITLE, BODY, TABLE, SMALL = 30, 18, 15, 14
#: Line height as a multiple of the type size, as PowerPoint and Impress set it.
SLIDE_LEADING = 1.2
#: Where a slide's body starts, inches from the top, and where it must end.
BODY_TOP, BODY_BOTTOM = 1.45, HEIGHT - MARGIN
#: A table cell's text is cut with '…' beyond this many lines.
MAX_ROW_LINES = 6


@dataclass
class Measure:
    """Measures text in points: in Liberation Sans (Arial's widths) when the machine has it, else in
    matplotlib's DejaVu Sans, which is wider (so text fits)."""

    fonts: dict  # bold -> font file, or None for DejaVu Sans

    def _font(self, bold: bool) -> dict:
        return {"weight": "bold" if bold else "normal", "fname": self.fonts.get(bold)}

    def lines(self, text: str, width_in: float, size: float, max_lines: int = 50, bold: bool = False) -> list[str]:
        # Text boxes and table cells keep 0.1 in inside each edge; 0.05 in more for rounding.
        room = (width_in - 0.25) * 72
        return wrap_lines(text, room, size, max_lines=max_lines, **self._font(bold))

    def fit(self, text: str, width_in: float, size: float) -> str:
        return shorten(" ".join(str(text).split()), (width_in - 0.25) * 72, size, **self._font(False))

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Inches ``text`` takes on one line, with a cell's or box's inner margins."""
        return text_width(str(text), size, **self._font(bold)) / 72 + 0.25

    def fit_label(self, label: str, width_in: float, size: float) -> str:
        """A source label on one line ('International Conference on… 1999'): cut in its names, at a
        word, so that its year (and letter) stays whole."""
        label = " ".join(str(label).split())
        year = _LABEL_YEAR.search(label)
        if year is None or self.width(label, size) <= width_in:
            return self.fit(label, width_in, size)
        tail = label[year.start() :]
        room = width_in - (self.width(tail, size) - 0.25)
        if room <= 0.25 + size / 72:  # not even a word beside the year
            return self.fit(label, width_in, size)
        return f"{self.fit(label[: year.start()].rstrip(), room, size)}{tail}"


#: The year that ends a source's label ('Coke 2019', 'Ussher et al. 2012b', 'Anon. n.d.-a').
_LABEL_YEAR = re.compile(r" (?:\d{4}|n\.d\.)(?:-?[a-z])?$")


@lru_cache(maxsize=1)
def _liberation() -> dict:
    """Liberation Sans regular and bold files, when installed (LibreOffice draws Arial with them)."""
    from matplotlib import font_manager

    # Found through matplotlib's font list (made the first time matplotlib runs; a font installed
    # later is not in it, and then DejaVu Sans measures, which errs on the safe side).
    files = {Path(f.fname).name: f.fname for f in font_manager.fontManager.ttflist}
    regular, bold = files.get("LiberationSans-Regular.ttf"), files.get("LiberationSans-Bold.ttf")
    return {False: regular, True: bold} if regular and bold else {}


def deck_measure() -> Measure:
    """The deck's :class:`Measure`: Liberation Sans when installed, else DejaVu Sans."""
    return Measure(_liberation())


def inches(value: float):
    """``value`` inches as python-pptx's length (EMU, 914,400 to the inch).

    >>> inches(0.5)
    457200
    """
    from pptx.util import Emu

    return Emu(round(value * 914400))


def _style_runs(paragraph, size: float, *, bold: bool = False, color: str | None = None) -> None:
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    for run in paragraph.runs:
        run.font.name = FONT
        run.font.size = Pt(size)
        run.font.bold = bold
        if color:
            run.font.color.rgb = RGBColor.from_string(color.lstrip("#"))


def text_box(slide, left, top, width, height, paragraphs, *, anchor_bottom: bool = False, space_after: float = 0):
    """A text box holding ``paragraphs``: (text, size, bold, colour) each, wrapped by PowerPoint,
    ``space_after`` points between them."""
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
    from pptx.util import Pt

    box = slide.shapes.add_textbox(inches(left), inches(top), inches(width), inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = MSO_ANCHOR.BOTTOM if anchor_bottom else MSO_ANCHOR.TOP
    for margin in ("margin_left", "margin_right"):
        setattr(frame, margin, inches(0.1))
    for margin in ("margin_top", "margin_bottom"):
        setattr(frame, margin, inches(0.05))
    for i, (text, size, bold, color) in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = text
        paragraph.space_after = Pt(space_after)
        _style_runs(paragraph, size, bold=bold, color=color)
    return box


def titled_slide(deck, title: str, notes: str, measure: Measure, *, subtitle: str | None = None):
    """A slide with its title (one line, two at most) and speaker notes."""
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # "Title Only": the title is the slide's name
    shape = slide.shapes.title
    shape.left, shape.top = inches(MARGIN), inches(0.3)
    shape.width, shape.height = inches(WIDTH - 2 * MARGIN), inches(0.95)
    lines = measure.lines(title, WIDTH - 2 * MARGIN, TITLE, max_lines=2, bold=True)
    size = TITLE if len(lines) == 1 else 24
    lines = measure.lines(title, WIDTH - 2 * MARGIN, size, max_lines=2, bold=True)
    shape.text_frame.text = " ".join(lines)
    shape.text_frame.word_wrap = True
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN

    shape.text_frame.vertical_anchor = MSO_ANCHOR.TOP
    for paragraph in shape.text_frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT
        _style_runs(paragraph, size, bold=True)
    if subtitle:
        text_box(
            slide,
            MARGIN,
            1.0,
            WIDTH - 2 * MARGIN,
            0.4,
            [(measure.fit(subtitle, WIDTH - 2 * MARGIN, SMALL), SMALL, False, "#444444")],
        )
    slide.notes_slide.notes_text_frame.text = notes
    return slide


def add_table(slide, top, widths, header, rows, heights, tints=None, *, left: float = MARGIN):
    """A native table: a header row and ``rows``, each row as tall as its ``heights`` (inches);
    ``tints`` colour the second column of each row (the verdict)."""
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    shape = slide.shapes.add_table(
        len(rows) + 1, len(widths), inches(left), inches(top), inches(sum(widths)), inches(sum(heights))
    )
    table = shape.table
    for i, width in enumerate(widths):
        table.columns[i].width = inches(width)
    for r, height in enumerate(heights):
        table.rows[r].height = inches(height)
    for r, values in enumerate([header, *rows]):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.margin_left = cell.margin_right = inches(0.1)
            cell.margin_top = cell.margin_bottom = inches(0.04)
            cell.text = value
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.name = FONT
                    run.font.size = Pt(TABLE)
                    run.font.bold = r == 0
            if r > 0 and tints and tints[r - 1] and c == 1:
                cell.fill.solid()
                cell.fill.fore_color.rgb = RGBColor.from_string(tints[r - 1].lstrip("#"))
    return table


def cell_lines(value: str, width: float, measure: Measure, size: float = TABLE) -> list[list[str]]:
    """A table cell's text as PowerPoint will wrap it: each paragraph (a line of ``value``) in lines
    of ``width`` inches, at most :data:`MAX_ROW_LINES` in all (the last cut with '…')."""
    out: list[list[str]] = []
    left = MAX_ROW_LINES
    for paragraph in str(value).split("\n"):
        if left <= 0:
            if out:
                out[-1][-1] = measure.fit(out[-1][-1] + " …", width, size)
            break
        lines = measure.lines(paragraph, width, size, max_lines=left)
        out.append(lines)
        left -= len(lines)
    return out


def paginate(
    rows: list[list[str]],
    widths: list[float],
    measure: Measure,
    *,
    top: float = BODY_TOP,
    reserve=0.0,
    balance: bool = False,
):
    """Split table rows into pages that fit under a slide's title, ``reserve`` inches left free below:
    [(rows, row heights), …]. A line of a cell's text is a paragraph of its own. With ``balance``, the
    rows are spread over as few pages as they need so that the pages are about as tall as each other
    (not full pages and a last one of a row or two)."""
    line = TABLE * SLIDE_LEADING / 72
    header = line + 0.1
    room = BODY_BOTTOM - top - header - reserve
    cells, heights = [], []
    for row in rows:
        wrapped = [cell_lines(value, width, measure) for value, width in zip(row, widths)]
        cells.append(["\n".join(" ".join(lines) for lines in paragraphs) for paragraphs in wrapped])
        heights.append(max(sum(len(lines) for lines in paragraphs) for paragraphs in wrapped) * line + 0.1)

    def pack(limit: float) -> list[list[int]]:
        pages, page, used = [], [], 0.0
        for i, height in enumerate(heights):
            if page and used + height > limit:
                pages.append(page)
                page, used = [], 0.0
            page.append(i)
            used += height
        return [*pages, page] if page else pages

    pages = pack(room)
    if balance and len(pages) > 1:
        lo, hi = max(heights), room  # the least room that still packs into as many pages
        for _ in range(20):
            mid = (lo + hi) / 2
            lo, hi = (lo, mid) if len(pack(mid)) <= len(pages) else (mid, hi)
        pages = pack(hi)
    return [([cells[i] for i in page], [header, *(heights[i] for i in page)]) for page in pages]


__all__ = [
    "BODY",
    "BODY_BOTTOM",
    "BODY_TOP",
    "FONT",
    "HEIGHT",
    "MARGIN",
    "MAX_ROW_LINES",
    "SLIDE_LEADING",
    "SMALL",
    "TABLE",
    "TITLE",
    "WIDTH",
    "Measure",
    "add_table",
    "cell_lines",
    "deck_measure",
    "inches",
    "paginate",
    "text_box",
    "titled_slide",
]
