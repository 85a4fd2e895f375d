"""The geometry of a PDF's pages: page furniture, line numbers, list labels, reading order and paragraphs.

Reading order comes from the whitespace on each page (a recursive XY cut): a vertical gap that
runs the height of a region separates columns, read left to right; a region with none is cut
into horizontal bands, and consecutive bands with the same columns are read as one; list labels
hanging in a gutter do not hide it. Running headers and footers are the lines near a page's edge
that repeat on other pages (numbers aside), or that stand on the baseline of the page's own number;
line numbers are a column of bare numbers in the margin beside nearly every line; a list
label standing apart ("12" … "Smith J") is joined to the text on its right first, so neither
rule takes it for a page number or a line number. :mod:`litmap.read.pdf_pages` says what each
piece of text is.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from litmap.read.pdf_lines import Line, Page
from litmap.read.reference_block import reference_heading_kind

_PAGE_NUMBER_RE = re.compile(r"^\s*(?:page\s*)?[-–(]?\s*\d{1,4}\s*[-–)]?\s*(?:(?:of|/)\s*\d{1,4})?\s*$", re.IGNORECASE)
_LABEL_RE = re.compile(r"\[?\(?\d{1,4}[.)\]]?|[•·▪◦●\-–]")
_WIDE_GAP = 3.0  # an empty band this many body sizes tall cuts a page across, columns or not
_EDGE = 0.1  # the top and bottom tenth of a page, where running headers and footers stand


def is_reference_heading(text: str) -> bool:
    """A reference-list heading, as every input format recognises it (:mod:`litmap.read.reference_block`),
    also when its letters are spaced out ("R E F E R E N C E S") or its small capitals set apart ("R EFERENCES").

    >>> is_reference_heading("R E F E R E N C E S"), is_reference_heading("R EFERENCES"), is_reference_heading("A B C D")
    (True, True, False)
    """
    if len(text) >= 60:  # the length first: asked of every line
        return False
    return reference_heading_kind(unspaced(text)) == "primary"


def unspaced(text: str) -> str:
    """A heading whose letters are spaced out, written as a word ("R E F E R E N C E S" -> "REFERENCES").

    >>> unspaced("R E F E R E N C E S"), unspaced("R EFERENCES"), unspaced("Trust in care")
    ('REFERENCES', 'REFERENCES', 'Trust in care')
    """
    return text.strip().replace(" ", "") if _SPACED_OUT.fullmatch(text.strip()) else text


#: A word whose letters are set apart: each letter alone, or a capital before small capitals.
_SPACED_OUT = re.compile(r"(?:[^\W\d_] ){3,}[^\W\d_]|[A-Z] [A-Z]{3,}")


def body_size(pages: tuple[Page, ...]) -> float:
    """The size of most of the text, weighted by characters: the body text's size.

    Text after the last reference-list heading is left out of the count when enough stands before it,
    so a short article with a long list in small type still has its body's size.
    """
    heading = max(
        ((page.number, line.y, line.x0) for page in pages for line in page.lines if is_reference_heading(line.text)),
        default=None,
    )
    counts: Counter = Counter()
    before: Counter = Counter()
    for page in pages:
        for line in page.lines:
            counts[round(line.size * 2) / 2] += len(line.text)
            if heading is not None and _before(page.number, line, heading):
                before[round(line.size * 2) / 2] += len(line.text)
    if sum(before.values()) >= 500:
        counts = before
    return counts.most_common(1)[0][0] if counts else 10.0


def _before(number: int, line: Line, heading: tuple[int, float, float]) -> bool:
    """A line read before the heading at (page, y, x): on an earlier page, above it, or in a column left of it
    (a list that starts at the top of a page's second column comes after all of the first)."""
    page, y, x = heading
    return number < page or (number == page and (line.y < y or line.x1 <= x))


# -- furniture, line numbers and labels ----------------------------------------------------------------


def _at_top(line: Line, page: Page) -> bool:
    return line.y < page.height / 2


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))


def running_furniture(pages: tuple[Page, ...], lines_of: list[list[Line]]) -> set[int]:
    """ids of the lines (``lines_of[i]`` for page ``i``) that are running headers, footers or page numbers."""
    edge_lines: list[tuple[Page, Line]] = []
    for page, lines in zip(pages, lines_of):
        for line in lines:
            if line.y < page.height * _EDGE or line.y > page.height * (1 - _EDGE):
                edge_lines.append((page, line))
    # repeated at the same edge: "References" at the foot of the list's pages (a running foot) makes no
    # furniture of the list's heading at the top of a page
    pages_of: dict[tuple[bool, str], set[int]] = {}
    for page, line in edge_lines:
        pages_of.setdefault((_at_top(line, page), _furniture_key(line.text)), set()).add(page.number)
    repeated_min = 2 if len(pages) < 6 else max(3, len(pages) // 4)
    repeated_at = {
        top: {key for (edge, key), numbers in pages_of.items() if edge == top and len(numbers) >= repeated_min}
        for top in (True, False)
    }
    repeated_at = {top: {key for key in keys if len(key) > 1} for top, keys in repeated_at.items()}
    repeated = repeated_at[True] | repeated_at[False]
    words_at = {top: [set(re.findall(r"\w+", key)) for key in keys] for top, keys in repeated_at.items()}
    furniture = set()
    for page, line in edge_lines:
        key = _furniture_key(line.text)
        words = set(re.findall(r"\w+", key))
        top = _at_top(line, page)
        if (
            key in repeated_at[top]
            or _PAGE_NUMBER_RE.match(line.text)
            or (len(words) >= 2 and any(len(words & other) >= 0.6 * len(words) for other in words_at[top]))
        ) and not _word_of_a_line(line, lines_of[page.number - 1], repeated):
            furniture.add(id(line))
    furniture |= _running_heads(edge_lines, lines_of)
    # a piece on the baseline of a header or footer that pages repeat, set apart from the text, is part of it
    # though no other page repeats the piece (the section's name in a running foot: "References" beside the
    # journal's mark); a page number alone seeds no such row (a table's last row ends with a number)
    rows = [
        (page.number, line.y)
        for page, line in edge_lines
        if _furniture_key(line.text) in repeated_at[_at_top(line, page)]
    ]
    for page, line in edge_lines:
        on_row = any(number == page.number and abs(y - line.y) < 0.3 * line.size for number, y in rows)
        if on_row and _set_apart(line, page, lines_of[page.number - 1]):
            furniture.add(id(line))
    return furniture


#: A page's printed number opening or closing a line ("2  R. SPIELMAN ET AL.", "JOURNAL OF … 3") or alone.
_FOLIO_RE = re.compile(r"^(\d{1,4})(?:\s|$)|\s(\d{1,4})$")


def _running_heads(edge_lines: list[tuple[Page, Line]], lines_of: list[list[Line]]) -> set[int]:
    """ids of the edge lines on the baseline of the page's own printed number, set apart from the text: a
    running head that changes from page to page (the authors on even pages, the journal on odd ones), which a
    short article never repeats. A number is the page's when numbers so placed follow the pages (the same
    difference from the page's place on two pages or more)."""
    found = []
    for page, line in edge_lines:
        match = _FOLIO_RE.search(line.text.strip())
        if match:
            found.append((page, line, int(match.group(1) or match.group(2)) - page.number))
    offsets = Counter(offset for offset, _ in {(offset, page.number) for page, _, offset in found})
    rows = {(page.number, line.y, line.size) for page, line, offset in found if offsets[offset] >= 2}
    heads = set()
    for page, line in edge_lines:
        on_row = any(number == page.number and abs(y - line.y) < 0.3 * size for number, y, size in rows)
        if on_row and _set_apart(line, page, lines_of[page.number - 1]):
            heads.add(id(line))
    return heads


def _set_apart(line: Line, page: Page, lines: list[Line]) -> bool:
    """Whether an edge line stands apart from the text between it and the page's middle (a line's gap and more)."""
    top = line.y < page.height / 2
    inner = [other.y - line.y if top else line.y - other.y for other in lines if other is not line]
    nearest = min((gap for gap in inner if gap > 0.3 * line.size), default=None)
    return nearest is None or nearest >= 1.6 * line.size


def _word_of_a_line(piece: Line, lines: list[Line], repeated: set[str]) -> bool:
    """A short word ("of", "the") set apart by a justified line's wide spaces, on a baseline whose words do not
    repeat as a whole: a word of the text that ends a page, not of its running footer."""
    text = piece.text.strip()
    if not (text[:1].islower() or (len(text) <= 3 and text.isalpha())):
        return False
    row = sorted(
        (
            line
            for line in lines
            if abs(line.y - piece.y) < 0.3 * piece.size and abs(line.size - piece.size) < 0.1 * piece.size
        ),
        key=lambda line: line.x0,
    )
    chain, at = [piece], row.index(piece) if piece in row else -1
    if at < 0:
        return False
    for step in (-1, 1):  # the fragments a word's space apart, either side
        k = at + step
        while 0 <= k < len(row):
            near = row[k].x0 - chain[-1 if step > 0 else 0].x1 if step > 0 else chain[0].x0 - row[k].x1
            if not 0 <= near < 3.5 * piece.size:
                break
            chain = [*chain, row[k]] if step > 0 else [row[k], *chain]
            k += step
    return len(chain) > 1 and _furniture_key(" ".join(line.text for line in chain)) not in repeated


def without_line_numbers(lines: list[Line], known: frozenset[int] = frozenset()) -> tuple[list[Line], list[Line]]:
    """Split off line numbers: a column of bare numbers outside the text's left or right edge, one
    beside nearly every line of text. A column of numbers beside only some lines (the labels of a
    reference list, "26" before "Endicott J, …") is left alone.

    ``known`` holds the right edges (rounded) of the line-number columns found on the document's other
    pages: there, bare numbers outside the text are line numbers however few (a last page of 7 lines).
    """
    numeric = [line for line in lines if re.fullmatch(r"\d{1,4}", line.text.strip())]
    others = [line for line in lines if line not in numeric]
    if not numeric or not others:
        return lines, []
    left = sorted(line.x0 for line in others)[len(others) // 4]
    right = sorted(line.x1 for line in others)[-1 - len(others) // 4]
    margin = [line for line in numeric if line.x1 <= left + 1 or line.x0 >= right - 1]
    if known:
        kept = [line for line in margin if any(abs(line.x1 - edge) <= 1 for edge in known)]
        if kept:
            drop = set(map(id, kept))
            return [line for line in lines if id(line) not in drop], kept
    if len(numeric) < 8 or len(margin) < 8:
        return lines, []
    top, bottom = min(line.y for line in margin), max(line.y for line in margin)
    rows = {round(line.y / (0.5 * line.size)) for line in others if top - 1 <= line.y <= bottom + 1}
    if len(margin) < 0.6 * len(rows):
        return lines, []  # numbers beside a few lines only: labels, not line numbers
    gaps = [_gap_to_text(number, others) for number in margin]
    near = sorted(gap for gap in gaps if gap is not None)
    if near and near[len(near) // 2] < 1.5 * statistics.median(line.size for line in margin):
        return lines, []  # set right against their lines' text: list labels, however many
    drop = set(map(id, margin))
    return [line for line in lines if id(line) not in drop], margin


def _gap_to_text(number: Line, others: list[Line]) -> float | None:
    """The horizontal gap between a number and the nearest text on its row, if any."""
    row = [line for line in others if abs(line.y - number.y) < 0.3 * max(line.size, number.size)]
    gaps = [line.x0 - number.x1 if line.x0 >= number.x1 else number.x0 - line.x1 for line in row]
    return min((gap for gap in gaps if gap >= 0), default=None)


def with_labels_attached(lines: list[Line]) -> list[Line]:
    """Join a list label or bullet standing apart ("12." … "Smith J") to the text on its right.

    Otherwise the whitespace after a column of labels would read as a column gutter, and a label
    near the page's foot as a page number.
    """
    labels = [line for line in lines if _LABEL_RE.fullmatch(line.text.strip())]
    if not labels:
        return lines
    absorbed: set[int] = set()
    for label in labels:
        right = [
            line
            for line in lines
            if line is not label
            and id(line) not in absorbed
            and abs(line.y - label.y) < 0.3 * line.size
            and 0 <= line.x0 - label.x1 < 4 * line.size
        ]
        if right:
            target = min(right, key=lambda line: line.x0)
            if _ends_a_line(label, lines, target.x0 - label.x1):
                continue  # a number ending a loosely justified line ("1976)"), beside the next column
            target.spans.insert(0, (label.text.strip() + " ", ""))
            target.x0 = label.x0
            absorbed.add(id(label))
    return [line for line in lines if id(line) not in absorbed]


def _ends_a_line(piece: Line, lines: list[Line], gap_right: float) -> bool:
    """Whether a piece that looks like a label ends the text on its left instead: nearer that text than
    the text on its right, or flush with the right edge of text just above or below it (a justified
    line whose spaces were widened so far that its last word stands apart, beside the next column)."""
    size = piece.size
    left = [
        piece.x0 - line.x1
        for line in lines
        if line is not piece and abs(line.y - piece.y) < 0.3 * line.size and line.x1 <= piece.x0 + 0.1 * size
    ]
    if left and min(left) <= gap_right:
        return True
    return any(
        0.6 * size < abs(line.y - piece.y) < 2 * size
        and line.x0 < piece.x0
        and abs(line.x1 - piece.x1) < 0.5 * size
        and not _LABEL_RE.fullmatch(line.text.strip())
        for line in lines
        if line is not piece
    )


# -- reading order -------------------------------------------------------------------------------------


def _x_gaps(lines: list, min_gap: float, *, by_text: bool = False) -> list[tuple[float, float]]:
    """Vertical strips no line covers, at least ``min_gap`` wide, inside the lines' extent (with ``by_text``,
    each line taken from where its text starts after a leading list label: see :func:`_label_gaps`)."""
    spans = sorted((line.text_x0 if by_text else line.x0, line.x1) for line in lines)
    gaps, reach = [], spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= min_gap:
            gaps.append((reach, x0))
        reach = max(reach, x1)
    return gaps


def _y_bands(lines: list[Line]) -> list[list[Line]]:
    """Horizontal bands: runs of lines whose vertical extents overlap."""
    bands: list[list[Line]] = []
    bottom = None
    for line in sorted(lines, key=lambda line: line.top):
        if bottom is None or line.top > bottom - 0.05 * line.size:
            bands.append([])
            bottom = line.bottom
        bands[-1].append(line)
        bottom = max(bottom, line.bottom)
    return bands


@dataclass
class _Box:
    """Lines of one size set close under each other (a paragraph, a title): cut as one piece."""

    lines: list[Line]
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    def add(self, line: Line) -> None:
        self.lines.append(line)
        self.x0, self.x1 = min(self.x0, line.x0), max(self.x1, line.x1)
        self.bottom = max(self.bottom, line.bottom)

    @property
    def text_x0(self) -> float:
        return min(_text_start(line) for line in self.lines)


#: A list label opening a line, then its text's first letter: "12. Smith", "[12] Smith", "(12) Smith", "12 Smith"
#: (not a table's row of numbers, "490 8.7 216").
_LEADING_LABEL_RE = re.compile(r"(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})\.?)\s(?=[^\W\d_])")


def _text_start(line: Line) -> float:
    """Where a line's text starts after a leading list label ("12. Smith J"), the label's width estimated
    from its characters (a digit half an em, a point, bracket or space about a third): a line's pieces keep
    no positions of their own.

    >>> _text_start(Line(1, 100.0, 300.0, 50.0, 10.0, spans=[("12. Smith J", "")]))
    116.0
    """
    match = _LEADING_LABEL_RE.match(line.text)
    if match is None:
        return line.x0
    return line.x0 + line.size * sum(0.5 if ch.isdigit() else 0.3 for ch in match.group(0))


def _boxes(lines: list[Line]) -> list[_Box]:
    """Group lines into boxes, so a title's short last line or a paragraph's first line is not cut away."""
    boxes: list[_Box] = []
    for line in sorted(lines, key=lambda line: (line.top, line.x0)):
        for box in reversed(boxes):
            last = box.lines[-1]
            if (
                abs(line.size - box.size) < 0.1 * box.size
                and -0.3 * line.size < line.top - last.bottom < 0.6 * line.size
                and line.x0 < last.x1
                and last.x0 < line.x1
            ):
                box.add(line)
                break
        else:
            boxes.append(_Box([line], line.x0, line.x1, line.top, line.bottom, line.size))
    return boxes


def reading_order(lines: list[Line], body: float) -> list[list[Line]]:
    """The page's lines as column pieces (leaves of the XY cut), in reading order."""
    return [_sorted_lines([line for box in leaf for line in box.lines]) for leaf in _cut(_boxes(lines), body)]


def _cut(lines: list[_Box], body: float) -> list[list[_Box]]:
    """Recursive XY cut over boxes: columns left to right, bands top to bottom."""
    if not lines:
        return []
    # A wide empty band across the whole region (above a full-width heading, around a float)
    # separates what is above from what is below, even where the columns line up across it.
    bands = _y_bands(lines)
    if len(bands) > 1:
        chunks: list[list[_Box]] = [bands[0]]
        for above, below in pairwise(bands):
            if min(line.top for line in below) - max(line.bottom for line in above) > _WIDE_GAP * body:
                chunks.append([])
            chunks[-1].extend(below)
        chunks = _floats_in_a_column(chunks, 0.9 * body)
        if len(chunks) > 1:
            return [leaf for chunk in chunks for leaf in _cut(chunk, body)]
    min_gap = 0.9 * body
    gaps = _x_gaps(lines, min_gap)
    by_text = not gaps
    if by_text:
        gaps = _label_gaps(lines, min_gap)
    if gaps:
        columns: list[list[_Box]] = [[] for _ in range(len(gaps) + 1)]
        for line in lines:
            columns[sum((line.text_x0 if by_text else line.x0) >= gap[1] for gap in gaps)].append(line)
        return [leaf for column in columns if column for leaf in _cut(column, body)]
    groups: list[list[list[_Box]]] = []  # groups of bands with the same columns
    for band in _y_bands(lines):
        if not groups:
            groups.append([band])
            continue
        current = [line for b in groups[-1] for line in b]
        merged_gaps = _columns_gaps(current + band, min_gap)
        if merged_gaps or (not _columns_gaps(current, min_gap) and not _columns_gaps(band, min_gap)):
            groups[-1].append(band)
            continue
        # The band opens columns: narrow bands just above it that cross none of its gutters
        # (a heading over the left column) belong with it, not with the full-width text above.
        opening = [band]
        band_gaps = _columns_gaps(band, min_gap)
        while len(groups[-1]) > 1 and band_gaps and not _crosses(groups[-1][-1], band_gaps):
            opening.insert(0, groups[-1].pop())
        groups.append(opening)
    if len(groups) == 1:
        return [lines]
    return [leaf for group in groups for leaf in _cut([line for b in group for line in b], body)]


def _floats_in_a_column(chunks: list[list[_Box]], min_gap: float) -> list[list[_Box]]:
    """Chunks cut apart by a wide empty band, joined again where the band is a float set in one column (a figure
    amid a list, the list going on under its caption) beside columns that ended above it: what is under the band
    stands within one column of what is over it, crossing none of its gutters, so it goes on in that column
    rather than after every column."""
    joined = [chunks[0]]
    for below in chunks[1:]:
        gaps: list[tuple[float, float]] = []
        columns: list[_Box] = []  # the bands over the band that stand in columns (under a full-width title)
        for band in reversed(_y_bands(joined[-1])):
            wider = _columns_gaps(columns + band, min_gap)
            if not wider:
                break
            columns, gaps = columns + band, wider
        if gaps and not _columns_gaps(below, min_gap):
            left, right = min(box.x0 for box in below), max(box.x1 for box in below)
            column = sum(left >= (a + b) / 2 for a, b in gaps)
            middles = [float("-inf"), *((a + b) / 2 for a, b in gaps), float("inf")]
            edge = max(
                (box.x1 for box in columns if middles[column] <= box.x0 and box.x1 <= middles[column + 1]),
                default=None,
            )
            # within that column (into a gutter, not up to the next column's text), and no wider than the column's
            # text over it (a list under a table is no float: it is wider than the table's first column)
            if column == sum(right > b for _, b in gaps) and edge is not None and right <= edge + 2 * min_gap:
                joined[-1] = joined[-1] + below
                continue
        joined.append(below)
    return joined


def _columns_gaps(boxes: list[_Box], min_gap: float) -> list[tuple[float, float]]:
    """The gutters between columns: empty strips, else the strips a column of list labels hangs into."""
    return _x_gaps(boxes, min_gap) or _label_gaps(boxes, min_gap)


def _label_gaps(boxes: list[_Box], min_gap: float) -> list[tuple[float, float]]:
    """The gutters a column of list labels hangs into: labels set outside their text's column ("29." in
    the gap before "John OP, …", every line of the column flush) leave no strip of the page empty, so the
    gutter is found from where the lines' text starts; a gap counts when three different labels reach into it."""
    gaps = _x_gaps(boxes, min_gap, by_text=True)
    lines = [line for box in boxes for line in box.lines]
    kept = []
    for gap in gaps:
        labels = {_LEADING_LABEL_RE.match(line.text) for line in lines if line.x0 < gap[1] < _text_start(line) + 1}
        if len({next(filter(None, label.groups())) for label in labels if label is not None}) >= 3:
            kept.append(gap)
    return kept


def _crosses(lines: list[_Box], gaps: list[tuple[float, float]]) -> bool:
    return any(line.x0 < (a + b) / 2 < line.x1 for line in lines for a, b in gaps)


def _sorted_lines(lines: list[Line]) -> list[Line]:
    """Top to bottom; fragments of one printed line left to right."""
    ordered: list[Line] = []
    for line in sorted(lines, key=lambda line: line.y):
        if ordered and abs(line.y - ordered[-1].y) < 0.3 * line.size:
            row_start = len(ordered) - 1
            while row_start > 0 and abs(ordered[row_start - 1].y - line.y) < 0.3 * line.size:
                row_start -= 1
            ordered.append(line)
            ordered[row_start:] = sorted(ordered[row_start:], key=lambda item: item.x0)
        else:
            ordered.append(line)
    return ordered


def paragraphs(leaf: list[Line]) -> list[list[Line]]:
    """Cut a column piece into paragraphs at wider gaps, size changes, indents and short last lines."""
    steps = [b.y - a.y for a, b in pairwise(leaf) if 0.5 * b.size < b.y - a.y < 2.5 * b.size]
    pitch = statistics.median(steps) if steps else (leaf[0].size * 1.2)
    left = min(line.x0 for line in leaf)
    right = max(line.x1 for line in leaf)
    out: list[list[Line]] = [[leaf[0]]]
    for prev, line in pairwise(leaf):
        step = line.y - prev.y
        same_row = abs(step) < 0.3 * line.size
        new = not same_row and (
            is_reference_heading(line.text)
            or is_reference_heading(prev.text)
            or (line.bold and not prev.bold and len(line.text) < 100)
            or step > 1.4 * max(pitch, 1.2 * max(line.size, prev.size))
            or step < 0
            or abs(line.size - prev.size) > 0.12 * max(line.size, prev.size)
            or (prev.bold and not line.bold and len(prev.text) < 100)
            or (line.x0 - left > 0.8 * line.size and prev.x0 - left < 0.4 * prev.size and len(leaf) > 2)
            or (right - prev.x1 > 2.5 * prev.size and re.search(r"[.!?:]\W?$", prev.text.strip()) is not None)
        )
        if new:
            out.append([line])
        else:
            out[-1].append(line)
    return out


@dataclass
class LayoutBlock:
    """Lines of a page that belong together (a paragraph, a heading, a caption) and what they are.

    ``kind`` is decided by :mod:`litmap.read.pdf_pages`: text, heading, caption, aside (small type:
    side columns, boxes, footnotes, tables), front (authors, affiliations), furniture or title.
    """

    lines: list[Line]
    kind: str = "text"  # text, heading, caption, aside, furniture, front, title
    subtitle: str = ""  # the title's own second part, set apart in smaller type

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def size(self) -> float:
        return statistics.median(line.size for line in self.lines)

    @property
    def plain(self) -> str:
        return " ".join(line.text.strip() for line in self.lines)
