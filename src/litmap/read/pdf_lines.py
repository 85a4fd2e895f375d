"""A PDF page's glyphs grouped into line fragments: :class:`Line` and :class:`Page`, and :func:`read_page`.

PDFium gives a page as glyphs, each with its box, baseline, size and font; this module asks it for
them (text set upright, a quarter turn either way, or at another angle), spells out ligatures,
composes accents printed as glyphs of their own, and groups the glyphs into runs of text on one
baseline, with superscripts and subscripts marked by their size and rise. It is separate from
:mod:`litmap.read.pdf`, which opens a file within limits and refuses what cannot be read, because
this is the geometry of one page: the part every layout rule downstream depends on, and the one
read when a line comes out wrong.
"""

from __future__ import annotations

import ctypes
import math
import re
import time
import unicodedata
from dataclasses import dataclass, field, replace

from litmap.errors import PdfError
from litmap.limits import check_time
from litmap.text import clean_text

# A glyph smaller than this fraction of its line's size, and raised or lowered, is a script.
_SCRIPT_SIZE = 0.85
_SCRIPT_SHIFT = 0.12
# Gaps, in multiples of the font size: a space between words; a split between fragments
# (a column gutter or a table cell boundary; justified word spaces stay well below it).
_WORD_GAP = 0.17
_FRAGMENT_GAP = 1.0


@dataclass(slots=True)
class Line:
    """A fragment of one printed line: text on one baseline, left to right, with its box.

    ``spans`` are ``(text, kind)`` pieces, kind ``""`` for normal text, ``"sup"`` for a
    superscript and ``"sub"`` for a subscript; ``size`` is the height of the normal text (its
    font size in points, in effect) and ``y`` its baseline, measured from the page's top.
    ``raised`` holds each superscript span's size and rise above the baseline, in order, as
    fractions of ``size``: an article sets its citation numbers alike, so one set otherwise is
    something else (a footnote marker, a raised letter in a table). ``lead`` counts the characters
    at the start of ``text`` set in bold before text that is not (a run-in heading: "Discussion. The…").
    """

    page: int
    x0: float
    x1: float
    y: float
    size: float
    bold: bool = False
    spans: list[tuple[str, str]] = field(default_factory=list)
    raised: list[tuple[float, float]] = field(default_factory=list)
    lead: int = 0

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.spans)

    @property
    def top(self) -> float:
        return self.y - 0.8 * self.size

    @property
    def bottom(self) -> float:
        return self.y + 0.25 * self.size


@dataclass(slots=True)
class Page:
    """One page: its number (1-based), size in points, and line fragments in content order.

    ``boxes`` are the rectangles drawn on an upright page (framed or shaded panels, frames of tables and
    figures), measured from the page's top like the lines. ``rotated`` holds the text set at an angle to the page's lines (a margin note, a banner up the
    side), kept only as dropped text. A page whose text is mostly set a quarter turn (a wide table
    printed sideways) is ``turned``: its lines are read in their own upright frame (``width`` and
    ``height`` are that frame's), and the few lines across it go to ``rotated``.
    """

    number: int
    width: float
    height: float
    lines: list[Line]
    rotated: list[Line] = field(default_factory=list)
    turned: bool = False
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0, top, x1, bottom


# Ligatures spelled out; PDFium's U+0002 marks a hyphen at a line end (real or not: the layout
# stage decides).
_SUBSTITUTES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "ft",
    "\ufb06": "st",
    "\x02": "-",
}

# Accents some PDFs print as glyphs of their own ("Dahlstro¨m"), with the combining mark each stands for.
_SPACING_ACCENTS = {
    "\u00a8": "\u0308",  # diaeresis
    "\u00b4": "\u0301",  # acute
    "`": "\u0300",  # grave
    "\u02c6": "\u0302",  # circumflex
    "\u02dc": "\u0303",  # tilde
    "\u00b8": "\u0327",  # cedilla
    "\u02c7": "\u030c",  # caron
    "\u02d8": "\u0306",  # breve
    "\u02da": "\u030a",  # ring
    "\u02dd": "\u030b",  # double acute
    "\u00af": "\u0304",  # macron
    "\u02d9": "\u0307",  # dot above
    "\u02db": "\u0328",  # ogonek
}

# "Helvetica-Bold", "Calibri,Bold", "TeXGyreHeros-BoldItalic", Adobe's "AdvTT….B"
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|\.B(?:I)?$", re.IGNORECASE)


class _Fonts:
    """Bold-ness of each font, asked of PDFium once per font object."""

    def __init__(self, pdfium_c):
        self.c = pdfium_c
        self.bold: dict[int, bool] = {}
        self.buffer = ctypes.create_string_buffer(256)

    def is_bold(self, textpage, index: int) -> bool:
        c = self.c
        obj = c.FPDFText_GetTextObject(textpage, index)
        font = c.FPDFTextObj_GetFont(obj) if obj else None
        key = ctypes.cast(font, ctypes.c_void_p).value or 0 if font else 0
        if key not in self.bold:
            bold = False
            if font:
                weight = c.FPDFFont_GetWeight(font)
                n = c.FPDFFont_GetBaseFontName(font, self.buffer, len(self.buffer))
                name = self.buffer.raw[: max(n - 1, 0)].decode("latin-1", "replace")
                bold = weight >= 600 or bool(_BOLD_FONT.search(name))
            self.bold[key] = bold
        return self.bold[key]


def read_page(document, index: int, *, deadline: float = float("inf"), source: str = "<pdf>") -> Page:
    """Page ``index`` of an open PDFium document as line fragments, read upright (or in its own frame when
    most of its text is set a quarter turn), the text at other angles kept as ``rotated``.

    ``deadline`` (a :func:`time.monotonic` time) and the run's time budget are checked inside the page.
    """
    page = document[index]
    try:
        width, height = page.get_size()
        # glyph boxes are in the page's own space, before a /Rotate turns it for display
        content = (height, width) if page.get_rotation() in (90, 270) else (width, height)
        boxes = _drawn_boxes(page.raw, height) if page.get_rotation() == 0 else []
        text_page = page.get_textpage()
        try:
            glyphs = _page_glyphs(text_page.raw, height, index + 1, content=content, deadline=deadline, source=source)
        finally:
            text_page.close()  # closed here, in order, even when PDFium fails: never left to the collector
    finally:
        page.close()
    number = index + 1
    upright, rotated_glyphs = glyphs["upright"], glyphs["other"]
    sideways = max(("left", "right"), key=lambda turn: len(glyphs[turn]))
    turned = len(glyphs[sideways]) >= _TURNED_MIN and len(glyphs[sideways]) > 2 * len(upright)
    other = "right" if sideways == "left" else "left"
    if turned:  # a page set sideways: its quarter-turned text is the page, read upright in its own frame
        lines = _merge_fragments(_runs(glyphs[sideways], number))
        across = [upright, glyphs[other]]  # a running head and a page number, set across it
        width, height = content[1], content[0]
    else:
        lines = _merge_fragments(_runs(upright, number))
        across = [glyphs[sideways], glyphs[other]]  # a banner up the margin
    rotated = [line for piece in across for line in _merge_fragments(_runs(piece, number))] + [
        Line(number, 0, 0, 0, run[0][4], False, [("".join((" " if g[6] else "") + g[0] for g in run).strip(), "")])
        for run in _chunks_by_size(rotated_glyphs)
    ]
    return Page(number, width, height, lines, rotated, turned, [] if turned else boxes)


#: A drawn box is at least this wide and tall (points); a page's objects are looked at up to this many.
_BOX_MIN_WIDTH, _BOX_MIN_HEIGHT, _BOX_OBJECTS = 50.0, 20.0, 5000


def _drawn_boxes(raw_page, height: float) -> list[tuple[float, float, float, float]]:
    """The page's drawn rectangles, framed or shaded (not white), as (x0, top, x1, bottom) from the page's
    top: path objects of a few segments (a rectangle, or one with rounded corners) at least a few lines
    tall. A chart's curves, with many segments, and rules, too thin, are none."""
    import pypdfium2.raw as c

    out = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
    for index in range(min(c.FPDFPage_CountObjects(raw_page), _BOX_OBJECTS)):
        obj = c.FPDFPage_GetObject(raw_page, index)
        if c.FPDFPageObj_GetType(obj) != c.FPDF_PAGEOBJ_PATH or not c.FPDFPageObj_GetBounds(
            obj, left, bottom, right, top
        ):
            continue
        if right.value - left.value < _BOX_MIN_WIDTH or top.value - bottom.value < _BOX_MIN_HEIGHT:
            continue
        if not 4 <= c.FPDFPath_CountSegments(obj) <= 20 or not c.FPDFPath_GetDrawMode(obj, fill, stroke):
            continue
        filled = fill.value != 0 and c.FPDFPageObj_GetFillColor(obj, red, green, blue, alpha)
        white = filled and min(red.value, green.value, blue.value) >= 250
        if stroke.value or (filled and not white and alpha.value > 0):
            out.append((left.value, height - top.value, right.value, height - bottom.value))
    return out


#: Glyphs set a quarter turn, and more than twice the upright ones, for a page to be read sideways.
_TURNED_MIN = 200


def _page_glyphs(
    textpage,
    height: float,
    number: int,
    *,
    content: tuple[float, float] = (0.0, 0.0),
    deadline: float = float("inf"),
    source: str = "<pdf>",
) -> dict[str, list[tuple]]:
    """The page's glyphs, by how they are set: (char, x0, x1, baseline y from the top, size, bold, space before).

    "upright"; "left" and "right", text turned a quarter to the left (read upwards) or to the right (read
    downwards), each measured in its own upright frame (``content`` is the page's own width and height);
    "other" for any other angle. A page can hold a million glyphs, so the run's time budget and the
    PDF's time limit are checked inside it.
    """
    import pypdfium2.raw as c

    fonts = _Fonts(c)
    box = c.FS_RECTF()
    matrix = c.FS_MATRIX()
    oy = ctypes.c_double()
    ox = ctypes.c_double()
    out: dict[str, list[tuple]] = {"upright": [], "left": [], "right": [], "other": []}
    content_width, content_height = content
    space_pending = False
    count = c.FPDFText_CountChars(textpage)
    codes = [c.FPDFText_GetUnicode(textpage, i) for i in range(count)] + [0]
    styles: dict[int, tuple[float, str, bool]] = {}  # text object -> (size, how it is set, bold)
    # the text object's address as a plain int: ctypes.cast on every glyph costs more than the call
    text_object = ctypes.cast(
        c.FPDFText_GetTextObject, ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
    )
    for i in range(count):
        if i % 10_000 == 0:  # a page can hold a million glyphs: the limits hold inside a page too
            check_time(f"reading page {number} of the PDF")
            if time.monotonic() > deadline:
                raise PdfError(f"reading the text took longer than the limit (stopped in page {number})", source=source)
        char = _glyph_char(codes[i], codes[i + 1])
        if char is None:  # the second half of a character outside the BMP, taken with the first
            continue
        if char.isspace() or not char or c.FPDFText_IsGenerated(textpage, i) == 1:
            space_pending = True
            continue
        key = text_object(textpage, i) or 0
        style = styles.get(key) if key else None
        if style is None:  # one text object sets its glyphs in one font, size and direction
            c.FPDFText_GetMatrix(textpage, i, matrix)
            # The size a reader sees: the font size scaled by the text and page matrices (many PDFs
            # set size 1 and scale the matrix). Glyph boxes are no substitute: they follow each
            # font's ascent and descent, which differ from font to font.
            size = c.FPDFText_GetFontSize(textpage, i) * math.hypot(matrix.c, matrix.d)
            style = (size, _setting(matrix), fonts.is_bold(textpage, i))
            if key:
                styles[key] = style
        size, setting, bold = style
        if not 0.5 < size < 200:  # invisible or absurd glyphs carry no text we can place
            continue
        c.FPDFText_GetLooseCharBox(textpage, i, box)
        c.FPDFText_GetCharOrigin(textpage, i, ox, oy)
        if setting == "left":  # read upwards: along the page's height, lines stacked to the right
            glyph = (char, box.bottom, box.top, ox.value, size, bold, space_pending)
        elif setting == "right":  # read downwards: lines stacked to the left
            glyph = (
                char,
                content_height - box.top,
                content_height - box.bottom,
                content_width - ox.value,
                size,
                bold,
                space_pending,
            )
        else:
            glyph = (char, box.left, box.right, height - oy.value, size, bold, space_pending)
        out[setting].append(glyph)
        space_pending = False
    return out


def _setting(matrix) -> str:
    """How a text matrix sets its glyphs: "upright", a quarter turn "left" or "right", or "other"."""
    a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
    if a > 0 and abs(b) < 0.05 * a and abs(c) < 0.05 * d:
        return "upright"
    if abs(a) < 0.05 * abs(b) and abs(d) < 0.05 * abs(c) and b * c < 0:
        return "left" if b > 0 else "right"
    return "other"


def _glyph_char(code: int, following: int) -> str | None:
    """The text of one glyph: ligatures spelled out, a character outside the BMP joined from its two
    UTF-16 halves, and control characters, lone surrogates and non-characters dropped (no writer
    downstream accepts them). None for a low surrogate already joined to the glyph before it.

    >>> _glyph_char(0xFB01, 0), _glyph_char(0x01, 0), _glyph_char(0xD835, 0xDC65), _glyph_char(0xDC65, 0)
    ('fi', '', '𝑥', None)
    """
    if 0x20 < code < 0x7F:
        return chr(code)  # most glyphs: printable ASCII, nothing to do
    if 0xD800 <= code < 0xDC00:
        return chr(0x10000 + ((code - 0xD800) << 10) + (following - 0xDC00)) if 0xDC00 <= following < 0xE000 else ""
    if 0xDC00 <= code < 0xE000:
        return None
    char = chr(code) if 0 < code < 0x110000 else ""
    char = _SUBSTITUTES.get(char, char)
    return clean_text(char)


def _chunks_by_size(glyphs, limit: int = 120):
    """Text set at an angle other than a quarter turn (a watermark) kept only as dropped text, in short pieces."""
    for start in range(0, len(glyphs), limit):
        yield glyphs[start : start + limit]


def _runs(glyphs: list[tuple], page: int) -> list[Line]:
    """Consecutive glyphs (content order) on one baseline, moving right, become one run."""
    runs: list[list[tuple]] = []
    current: list[tuple] = []
    for glyph in glyphs:
        if current:
            prev = current[-1]
            size = max(prev[4], glyph[4])
            same_line = abs(glyph[3] - prev[3]) < 0.6 * size
            moving_right = glyph[1] >= prev[1] - 0.1 * size  # ligature boxes may overlap the next glyph
            near = glyph[1] - prev[2] < _FRAGMENT_GAP * size
            if not (same_line and moving_right and near):
                runs.append(current)
                current = []
        current.append(glyph)
    if current:
        runs.append(current)
    return [_run_line(run, page) for run in runs]


def _run_line(run: list[tuple], page: int) -> Line:
    """One run as a Line: its normal size and baseline, scripts marked, spaces from gaps."""
    size = max(g[4] for g in run)
    normal = [g for g in run if g[4] >= _SCRIPT_SIZE * size]
    baseline = sorted(g[3] for g in normal)[len(normal) // 2]
    bold = sum(g[5] for g in normal) * 2 > len(normal)
    spans: list[tuple[str, str]] = []
    raised: list[tuple[float, float]] = []
    prev = None
    pending_accent = ""
    lead = None if run[0][5] else 0  # the bold characters before the first glyph that is not bold
    for index, glyph in enumerate(run):
        char, x0, x1, y, gsize = glyph[:5]
        if lead is None and not glyph[5]:
            lead = sum(len(text) for text, _ in spans)
        if char in _SPACING_ACCENTS:
            mark, centre = _SPACING_ACCENTS[char], (x0 + x1) / 2
            following = run[index + 1] if index + 1 < len(run) else None
            if prev is not None and _over(centre, prev, gsize) and spans and _takes(spans[-1][0][-1:], mark):
                text, kind = spans[-1]  # "o" then "¨" over it: compose "ö"
                spans[-1] = (text[:-1] + unicodedata.normalize("NFC", text[-1] + mark), kind)
                continue
            if following is not None and _over(centre, following, gsize) and _takes(following[0], mark):
                pending_accent = mark  # the accent comes before its letter
                continue
            if char in "\u00b4`" and prev is not None:
                char = "\u2019"  # an accent set on its own between letters is an apostrophe: "ALZHEIMER´S"
        if pending_accent:
            char = unicodedata.normalize("NFC", char + pending_accent)
            pending_accent = ""
        kind = ""
        if gsize < _SCRIPT_SIZE * size:
            if baseline - y > _SCRIPT_SHIFT * size:
                kind = "sup"
            elif y - baseline > _SCRIPT_SHIFT * size * 0.5:
                kind = "sub"
        if prev is not None and (glyph[6] or x0 - prev[2] > _WORD_GAP * max(gsize, prev[4])):
            _append(spans, " ", "")
        if _append(spans, char, kind) and kind == "sup":
            raised.append((round(gsize / size, 3), round((baseline - y) / size, 3)))
        prev = glyph
    return Line(page, run[0][1], max(g[2] for g in run), baseline, size, bold, spans, raised, lead or 0)


def _over(centre: float, glyph: tuple, size: float) -> bool:
    """An accent whose centre stands over a glyph's box belongs to that glyph."""
    return glyph[1] - 0.1 * size <= centre <= glyph[2] + 0.1 * size


def _takes(letter: str, mark: str) -> bool:
    """A letter takes an accent when the two make one character ("o" + "¨" is "ö"; "S" + "´" is "Ś",
    "r" + "´" is "ŕ": letters of some alphabet, so the glyph's position decides those)."""
    return len(letter) == 1 and letter.isalpha() and len(unicodedata.normalize("NFC", letter + mark)) == 1


def _append(spans: list[tuple[str, str]], text: str, kind: str) -> bool:
    """Add text to the last span when it is of the same kind, else as a new span (then True)."""
    if spans and spans[-1][1] == kind:
        spans[-1] = (spans[-1][0] + text, kind)
        return False
    spans.append((text, kind))
    return True


def _merge_fragments(lines: list[Line]) -> list[Line]:
    """Join runs that continue each other on one baseline: a word set apart in another font,
    a superscript emitted as its own text object. Runs further apart stay separate fragments."""
    merged: list[Line] = []
    for line in lines:
        prev = merged[-1] if merged else None
        if prev is not None and _continues(prev, line):
            _absorb(prev, line)
        else:
            merged.append(line)
    return merged


def joined(prev: Line, line: Line) -> Line:
    """Two fragments of one printed line as one new line (neither is changed): words a justified line
    set so far apart that they stood as fragments of their own ("Barité," … "M." … "Organización")."""
    out = replace(prev, spans=list(prev.spans), raised=list(prev.raised))
    _absorb(out, line)
    return out


def _continues(prev: Line, line: Line) -> bool:
    size = max(prev.size, line.size)
    gap = line.x0 - prev.x1
    if gap < -0.7 * size or gap > _FRAGMENT_GAP * size:
        return False
    if abs(line.y - prev.y) < 0.25 * size and abs(line.size - prev.size) < 0.3 * size:
        return True
    small, big = (line, prev) if line.size < prev.size else (prev, line)
    is_script = small.size < _SCRIPT_SIZE * big.size and abs(small.y - big.y) < 0.6 * big.size
    return is_script and gap < 0.5 * size


def _absorb(prev: Line, line: Line) -> None:
    if prev.bold and not line.bold and not prev.lead and not line.lead:
        prev.lead = len(prev.text)  # a bold run-in heading, then the paragraph's text
    if line.size < _SCRIPT_SIZE * prev.size:  # a script after normal text
        kind = "sup" if line.y < prev.y - _SCRIPT_SHIFT * prev.size else "sub"
        spans = [(text, kind if k == "" else k) for text, k in line.spans]
        measure = (round(line.size / prev.size, 3), round((prev.y - line.y) / prev.size, 3))
        raised = [measure] * sum(k == "sup" for _, k in spans)
    elif prev.size < _SCRIPT_SIZE * line.size:  # normal text after a script run: the script leads
        prev.spans[:] = [(text, "sup" if prev.y < line.y else "sub") for text, _ in prev.spans]
        measure = (round(prev.size / line.size, 3), round((line.y - prev.y) / line.size, 3))
        prev.raised[:] = [measure] * sum(k == "sup" for _, k in prev.spans)
        prev.y, prev.size, prev.bold = line.y, line.size, line.bold
        spans, raised = line.spans, line.raised
    else:
        spans, raised = line.spans, line.raised
    if line.x0 - prev.x1 > _WORD_GAP * min(prev.size, line.size) or line.spans[0][0][:1] == " ":
        _append(prev.spans, " ", "")
    measures = iter(raised)
    for text, kind in spans:
        measure = next(measures, None) if kind == "sup" else None
        if _append(prev.spans, text, kind) and measure is not None:
            prev.raised.append(measure)
    prev.x1 = max(prev.x1, line.x1)
