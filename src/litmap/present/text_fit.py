"""Text measured and fitted to a width in points: :func:`text_width`, :func:`shorten`, :func:`wrap_lines`.

Every label litmap draws, in a figure or on a slide, is laid out before it is drawn: each line is
measured from the font's own advance widths (DejaVu Sans, matplotlib's font, or a font file given),
then wrapped or cut with '…' so it fits where it goes. This module knows nothing of figures or
slides, only of fonts and widths, so both the figure frame (:mod:`litmap.present.canvas`) and the
deck (:mod:`litmap.present.slides`) build on it; it is the lowest module of the present stage.
"""

from __future__ import annotations

import re

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


__all__ = [
    "HINTING_ALLOWANCE",
    "fit_parts",
    "shorten",
    "text_width",
    "wrap_lines",
]
