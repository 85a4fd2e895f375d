"""Lay a PDF's line fragments out as an article: reading order, page furniture, paragraphs, references.

Reading order comes from the whitespace on each page (a recursive XY cut): a vertical gap that
runs the height of a region separates columns, read left to right; a region with none is cut
into horizontal bands, and consecutive bands with the same columns are read as one. Running
headers and footers are the lines near a page's edge that repeat on other pages (numbers
aside); line numbers are a column of bare numbers in the margin. Captions, tables and footnotes
(text smaller than the body) and licence notices are kept apart as dropped lines, so none of
them becomes a claim.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from litmap.read.blocks import Article, Section
from litmap.read.pdf import Line, Page, PdfDocumentText, extract_pdf_text, read_pdf_bytes
from litmap.read.pdf_text import compute_vocabulary, is_author_start, join_lines, render_line, split_reference_entries
from litmap.read.reference_block import reference_heading_kind
from litmap.text import YEAR


def _is_reference_heading(text: str) -> bool:
    """A reference-list heading, as every input format recognises it (litmap.read.reference_block)."""
    return reference_heading_kind(text) == "primary"


_CAPTION_RE = re.compile(
    r"^\s*(?:Supplementary\s+|Additional\s+|Extended\s+Data\s+)?"
    r"(?:Figure|Fig\.?|Table|Tab\.|Scheme|Chart|Plate|Box|Graph|Map|Photo|Video|File)\s*S?\d+[A-Za-z]?\b",
    re.IGNORECASE,
)
_PAGE_NUMBER_RE = re.compile(r"^\s*(?:page\s*)?[-–(]?\s*\d{1,4}\s*[-–)]?\s*(?:(?:of|/)\s*\d{1,4})?\s*$", re.IGNORECASE)
_LICENCE_RE = re.compile(
    r"©|\(c\)\s*\d{4}|copyright|creative\s*commons|licen[cs]ee|open[\s-]access\s+article|"
    r"distributed\s+under\s+the\s+terms|all\s+rights\s+reserved|this\s+article\s+is\s+licen[cs]ed",
    re.IGNORECASE,
)
_FRONT_MATTER_RE = re.compile(
    r"@|\be-?mail\b|\b(?:received|accepted|published|revised|submitted)\s*:?\s*\d|"
    r"\b(?:universit|institut|department|faculty|school of|hospital|laborator|cent(?:re|er) for|college)",
    re.IGNORECASE,
)
# "Ada Lovelace, Charles Babbage", "A. Smith1,2, B. Jones* and C. Wu3": names and markers only
_AUTHOR_LIST_RE = re.compile(
    r"^(?:(?:[A-Z\u00C0-\u00DE][\w.’'\-]*|and|&|van|von|de|der|den|da|di|du|del|la|le)[\s,*†‡\d]*)+$"
)
_DOI_RE = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
_WIDE_GAP = 3.0  # an empty band this many body sizes tall cuts a page across, columns or not
_EDGE = 0.1  # the top and bottom tenth of a page, where running headers and footers stand


@dataclass
class _Block:
    """Lines that belong together (a paragraph, a heading, a caption) and what the block is."""

    lines: list[Line]
    kind: str = "text"  # text, heading, caption, aside, furniture, front

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def size(self) -> float:
        return statistics.median(line.size for line in self.lines)

    @property
    def plain(self) -> str:
        return " ".join(line.text.strip() for line in self.lines)


def compute_layout_article(document: PdfDocumentText, *, source: str) -> Article:
    """Build the :class:`Article` of a PDF from its pages of line fragments (pure; no I/O)."""
    pages = document.pages
    body = _body_size(pages)
    furniture = _running_furniture(pages)
    dropped: list[Line] = [line for page in pages for line in page.rotated]
    blocks: list[_Block] = []
    for page in pages:
        kept = [line for line in page.lines if id(line) not in furniture]
        dropped += [line for line in page.lines if id(line) in furniture]
        kept, numbers = _without_line_numbers(kept)
        dropped += numbers
        for leaf in _reading_order(_with_labels_attached(kept), body):
            blocks += [_Block(lines) for lines in _paragraphs(leaf)]
    for block in blocks:
        block.kind = _classify(block, body)
    title_index = _title_index(blocks, body)
    title = _clean(blocks[title_index].plain) if title_index is not None else ""
    for index, block in enumerate(blocks[: title_index or 0]):
        if block.page == 1:
            blocks[index].kind = "furniture"  # banners and logos above the title
    if title_index is not None:
        blocks[title_index].kind = "title"
        _mark_front_matter(blocks, title_index)
    title = title or _metadata_title(document.metadata) or "(untitled)"
    return _assemble(blocks, dropped, body, title=title, source=source, doi=_find_doi(document, furniture))


# -- sizes and furniture -------------------------------------------------------------------------------


def _body_size(pages: tuple[Page, ...]) -> float:
    """The size of most of the text, weighted by characters: the body text's size."""
    counts: Counter = Counter()
    for page in pages:
        for line in page.lines:
            counts[round(line.size * 2) / 2] += len(line.text)
    return counts.most_common(1)[0][0] if counts else 10.0


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))


def _running_furniture(pages: tuple[Page, ...]) -> set[int]:
    """ids of the lines that are running headers, footers or page numbers."""
    edge_lines: list[tuple[Page, Line]] = []
    for page in pages:
        for line in page.lines:
            if line.y < page.height * _EDGE or line.y > page.height * (1 - _EDGE):
                edge_lines.append((page, line))
    pages_of: dict[str, set[int]] = {}
    for page, line in edge_lines:
        pages_of.setdefault(_furniture_key(line.text), set()).add(page.number)
    repeated_min = 2 if len(pages) < 6 else max(3, len(pages) // 4)
    repeated = {key for key, numbers in pages_of.items() if len(numbers) >= repeated_min and len(key) > 1}
    repeated_words = [set(re.findall(r"\w+", key)) for key in repeated]
    furniture = set()
    for _, line in edge_lines:
        key = _furniture_key(line.text)
        words = set(re.findall(r"\w+", key))
        if (
            key in repeated
            or _PAGE_NUMBER_RE.match(line.text)
            or (len(words) >= 2 and any(len(words & other) >= 0.6 * len(words) for other in repeated_words))
        ):
            furniture.add(id(line))
    return furniture


def _without_line_numbers(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """Split off line numbers: a column of bare numbers standing outside the text's left or right edge."""
    numeric = [line for line in lines if re.fullmatch(r"\d{1,4}", line.text.strip())]
    if len(numeric) < 8:
        return lines, []
    others = [line for line in lines if line not in numeric]
    if not others:
        return lines, []
    left = sorted(line.x0 for line in others)[len(others) // 4]
    right = sorted(line.x1 for line in others)[-1 - len(others) // 4]
    margin = [line for line in numeric if line.x1 <= left + 1 or line.x0 >= right - 1]
    if len(margin) < 8:
        return lines, []
    drop = set(map(id, margin))
    return [line for line in lines if id(line) not in drop], margin


def _with_labels_attached(lines: list[Line]) -> list[Line]:
    """Join a list label or bullet standing apart ("12." … "Smith J") to the text on its right.

    Otherwise the whitespace after a column of labels would read as a column gutter.
    """
    labels = [line for line in lines if re.fullmatch(r"\[?\(?\d{1,4}[.)\]]?|[•·▪◦●\-–]", line.text.strip())]
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
            target.spans.insert(0, (label.text.strip() + " ", ""))
            target.x0 = label.x0
            absorbed.add(id(label))
    return [line for line in lines if id(line) not in absorbed]


# -- reading order -------------------------------------------------------------------------------------


def _x_gaps(lines: list[Line], min_gap: float) -> list[tuple[float, float]]:
    """Vertical strips no line covers, at least ``min_gap`` wide, inside the lines' extent."""
    spans = sorted((line.x0, line.x1) for line in lines)
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


def _reading_order(lines: list[Line], body: float) -> list[list[Line]]:
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
        chunks: list[list[Line]] = [bands[0]]
        for above, below in pairwise(bands):
            if min(line.top for line in below) - max(line.bottom for line in above) > _WIDE_GAP * body:
                chunks.append([])
            chunks[-1].extend(below)
        if len(chunks) > 1:
            return [leaf for chunk in chunks for leaf in _cut(chunk, body)]
    min_gap = 0.9 * body
    gaps = _x_gaps(lines, min_gap)
    if gaps:
        columns: list[list[Line]] = [[] for _ in range(len(gaps) + 1)]
        for line in lines:
            columns[sum(line.x0 >= gap[1] for gap in gaps)].append(line)
        return [leaf for column in columns if column for leaf in _cut(column, body)]
    groups: list[list[list[Line]]] = []  # groups of bands with the same columns
    for band in _y_bands(lines):
        if not groups:
            groups.append([band])
            continue
        current = [line for b in groups[-1] for line in b]
        merged_gaps = _x_gaps(current + band, min_gap)
        if merged_gaps or (not _x_gaps(current, min_gap) and not _x_gaps(band, min_gap)):
            groups[-1].append(band)
            continue
        # The band opens columns: narrow bands just above it that cross none of its gutters
        # (a heading over the left column) belong with it, not with the full-width text above.
        opening = [band]
        band_gaps = _x_gaps(band, min_gap)
        while len(groups[-1]) > 1 and band_gaps and not _crosses(groups[-1][-1], band_gaps):
            opening.insert(0, groups[-1].pop())
        groups.append(opening)
    if len(groups) == 1:
        return [lines]
    return [leaf for group in groups for leaf in _cut([line for b in group for line in b], body)]


def _crosses(lines: list[Line], gaps: list[tuple[float, float]]) -> bool:
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


def _paragraphs(leaf: list[Line]) -> list[list[Line]]:
    """Cut a column piece into paragraphs at wider gaps, size changes, indents and short last lines."""
    steps = [b.y - a.y for a, b in pairwise(leaf) if 0.5 * b.size < b.y - a.y < 2.5 * b.size]
    pitch = statistics.median(steps) if steps else (leaf[0].size * 1.2)
    left = min(line.x0 for line in leaf)
    right = max(line.x1 for line in leaf)
    paragraphs: list[list[Line]] = [[leaf[0]]]
    for prev, line in pairwise(leaf):
        step = line.y - prev.y
        same_row = abs(step) < 0.3 * line.size
        new = not same_row and (
            _is_reference_heading(line.text)
            or _is_reference_heading(prev.text)
            or (line.bold and not prev.bold and len(line.text) < 100)
            or step > 1.4 * max(pitch, 1.2 * max(line.size, prev.size))
            or step < 0
            or abs(line.size - prev.size) > 0.12 * max(line.size, prev.size)
            or (prev.bold and not line.bold and len(prev.text) < 100)
            or (line.x0 - left > 0.8 * line.size and prev.x0 - left < 0.4 * prev.size and len(leaf) > 2)
            or (right - prev.x1 > 2.5 * prev.size and re.search(r"[.!?:]\W?$", prev.text.strip()) is not None)
        )
        if new:
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    return paragraphs


# -- what each block is --------------------------------------------------------------------------------


def _classify(block: _Block, body: float) -> str:
    text = block.plain.strip()
    if not re.search(r"[^\W\d_]", text):
        return "aside" if block.size < 0.86 * body else "text"
    if _CAPTION_RE.match(text):
        return "caption"
    if _LICENCE_RE.search(text) and (block.size < 0.95 * body or block.page == 1):
        return "furniture"
    if _is_heading(block, body):
        return "heading"
    if block.size < 0.86 * body:
        return "aside"
    if len(re.findall(r"[^\W\d_]{3,}", text)) < 2 and not re.search(r"[.!?]$", text):
        return "aside"  # "120-110ka", "?": text inside a figure
    return "text"


def _is_heading(block: _Block, body: float) -> bool:
    text = block.plain.strip()
    if len(block.lines) > 3 or len(text) > 150 or (re.search(r"[.,;:]$", text) and not _is_reference_heading(text)):
        return False
    if _is_reference_heading(text):
        return True
    if not re.search(r"[^\W\d_]{3,}", text) or block.size > 2.5 * body:  # "B", "M6": labels inside figures
        return False
    emphasised = all(line.bold for line in block.lines) or block.size >= 1.12 * body
    numbered = re.match(r"^(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+[A-Z]", text) is not None and len(text) < 90
    capitals = text.isupper() and len(text) < 60 and len(text.split()) <= 6
    return (emphasised or numbered or capitals) and len(text.split()) <= 20


def _title_index(blocks: list[_Block], body: float) -> int | None:
    """The largest text in the top part of page 1 (a few words at least) is the title."""
    candidates = [
        (block.size, -index)
        for index, block in enumerate(blocks)
        if block.page == 1
        and block.size >= 1.15 * body
        and len(block.plain.split()) >= 3
        and block.kind not in ("furniture", "caption")
        and block.lines[0].y < 0.6 * _page_height_guess(blocks)
    ]
    return -max(candidates)[1] if candidates else None


def _page_height_guess(blocks: list[_Block]) -> float:
    return max((line.y for block in blocks if block.page == 1 for line in block.lines), default=800.0) + 50


def _mark_front_matter(blocks: list[_Block], title_index: int) -> None:
    """Authors, affiliations, e-mails and dates between the title and the abstract or first heading."""
    for block in blocks[title_index + 1 :]:
        text = block.plain.strip()
        names = _AUTHOR_LIST_RE.match(text) is not None and re.search(r"[,*†‡\d]|\band\b", text) is not None
        if block.kind == "heading" and names:
            block.kind = "front"  # authors set larger than the body text: not a heading
            continue
        if block.page != 1 or block.kind == "heading" or re.match(r"abstract\b", text, re.IGNORECASE):
            return
        short = len(text.split()) <= 12 and not re.search(r"[.!?]$", text)
        if block.kind in ("text", "aside") and (names or short or _FRONT_MATTER_RE.search(text)):
            block.kind = "front"
        elif block.kind == "text":
            return  # the body has begun


def _metadata_title(metadata: dict[str, str]) -> str:
    title = metadata.get("Title", "")
    words = re.findall(r"[^\W\d_]{2,}", title)
    if len(words) < 3 or re.search(r"microsoft|\.docx?$|\.pdf$|untitled", title, re.IGNORECASE):
        return ""
    return _clean(title)


def _find_doi(document: PdfDocumentText, furniture: set[int]) -> str:
    """The article's DOI: from the metadata, else the one printed most often on the first page and in
    running headers and footers."""
    for key in ("doi", "DOI", "Subject", "Keywords", "Title"):
        match = _DOI_RE.search(document.metadata.get(key, ""))
        if match:
            return _tidy_doi(match.group(1))
    found: Counter = Counter()
    for page in document.pages:
        for line in page.lines:
            if page.number == 1 or id(line) in furniture:
                found.update(_tidy_doi(doi) for doi in _DOI_RE.findall(line.text))
    return found.most_common(1)[0][0] if found else ""


def _tidy_doi(doi: str) -> str:
    return doi.rstrip(".,;:)]}").lower()


# -- assembling the article ----------------------------------------------------------------------------


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _assemble(blocks: list[_Block], dropped: list[Line], body: float, *, title: str, source: str, doi: str) -> Article:
    vocabulary = compute_vocabulary(line.text for block in blocks for line in block.lines)
    ref_start, ref_end = _reference_span(blocks, body)
    ref_blocks = blocks[ref_start + 1 : ref_end] if ref_start is not None else []
    ref_lines = [line for block in ref_blocks if block.kind not in ("caption", "furniture") for line in block.lines]
    entries, stray = _reference_entries(ref_lines, vocabulary)
    dropped = dropped + stray
    numbered = sum(bool(re.match(r"\s*(?:\[\d+\]|\d+\.?\s)", entry)) for entry in entries) > len(entries) / 2
    max_number = len(entries) + 5 if numbered else None

    line_no = 0
    numbered_lines: list[tuple[int, str]] = []
    sections: list[Section] = []
    heading, paragraphs, paragraph_no = "", [], 0
    parents: list[str] = []
    pending: list[str] = []

    def flush_paragraph():
        nonlocal pending, paragraph_no
        if pending:
            paragraph_no += 1
            paragraphs.append((paragraph_no, join_lines(pending, vocabulary)))
            pending = []

    def flush_section():
        nonlocal paragraphs, parents
        flush_paragraph()
        if paragraphs:
            sections.append(Section(heading or "Introduction", tuple(paragraphs), tuple(parents)))
            parents = []
        elif heading:
            parents.append(heading)
        paragraphs = []

    for index, block in enumerate(blocks):
        if ref_start is not None and ref_start <= index < ref_end:
            continue
        if block.kind in ("title",):
            continue
        if block.kind in ("caption", "aside", "furniture", "front"):
            dropped.extend(block.lines)
            continue
        if block.kind == "heading":
            flush_section()
            heading = _clean(block.plain)
            continue
        texts = [render_line(line, citations=True, max_number=max_number) for line in block.lines]
        if pending and not _continues_paragraph(pending[-1], texts[0]):
            flush_paragraph()
        pending.extend(texts)
        if not heading and not paragraphs and re.match(r"\s*abstract\b", texts[0], re.IGNORECASE):
            heading = "Abstract"
    flush_section()

    if ref_start is not None:
        line_no = 1
        for entry in entries:
            numbered_lines += [(line_no, entry), (line_no + 1, "")]
            line_no += 2
        numbered_lines = numbered_lines[:-1]
    dropped_lines = [(i + 1, _clean(line.text)) for i, line in enumerate(dropped) if line.text.strip()]
    if not sections and not numbered_lines:
        from litmap.errors import PdfError

        raise PdfError("no article text found in the PDF (only page furniture, captions or tables)", source=source)
    return Article(source, title, tuple(sections), tuple(numbered_lines), tuple(dropped_lines), doi=doi)


def _continues_paragraph(previous: str, text: str) -> bool:
    """A block continues the paragraph before it across a column or page break."""
    previous, text = previous.rstrip(), text.lstrip()
    if not previous or not text:
        return False
    if previous[-1] in "-\u00ad,;(":
        return True
    return not re.search(r"[.!?:][\"”’')\]]*$", previous) and (text[0].islower() or text[0] in "([")


def _reference_span(blocks: list[_Block], body: float) -> tuple[int | None, int]:
    """Index of the reference heading, and of the first block after the list."""
    best: tuple[int, int | None, int] = (0, None, len(blocks))
    for index, block in enumerate(blocks):
        if block.kind != "heading" or not _is_reference_heading(block.plain):
            continue
        end = index + 1
        while end < len(blocks) and not _ends_reference_list(blocks[end], body):
            end += 1
        count = sum(len(blocks[i].lines) for i in range(index + 1, end) if blocks[i].kind != "furniture")
        if count > best[0]:
            best = (count, index, end)
    return best[1], best[2]


def _ends_reference_list(block: _Block, body: float) -> bool:
    """A heading set in bold or large type (not a numbered line) that is no reference entry."""
    text = block.plain.strip()
    if block.kind != "heading" or _looks_like_entry(block) or block.size < 0.95 * body:
        return False
    if len(text.split()) > 8 or text.endswith(",") or is_author_start(text):  # bold author names
        return False
    return all(line.bold for line in block.lines) or block.size >= 1.12 * body or block.plain.isupper()


def _looks_like_entry(block: _Block) -> bool:
    return bool(re.search(r"\b" + YEAR + r"\b|\bdoi\b|https?://", block.plain, re.IGNORECASE))


def _reference_entries(ref_lines: list[Line], vocabulary: Counter) -> tuple[list[str], list[Line]]:
    """The reference list's entries as text, one string each, and the stray lines left out."""
    if not ref_lines:
        return [], []
    texts = [render_line(line, citations=False) for line in ref_lines]
    lefts = []
    for line in ref_lines:
        same_column = [
            other.x0 for other in ref_lines if other.page == line.page and other.x0 < line.x1 and line.x0 < other.x1
        ]
        lefts.append(min(same_column))
    groups, stray = split_reference_entries(ref_lines, texts, lefts)
    return [join_lines([texts[i] for i in group], vocabulary) for group in groups], [ref_lines[i] for i in stray]


def compute_pdf_article(data: bytes, *, source: str = "<pdf>") -> Article:
    """Read PDF bytes as an :class:`~litmap.read.article.Article`: title, DOI, sections, reference lines.

    Superscript citation numbers are written as "[3]" in the paragraphs; page furniture,
    captions, tables and footnotes go to ``dropped_lines``; the reference list comes one entry
    per line with a blank line between entries, as the layout split it.

    Raises
    ------
    PdfError
        Too large, encrypted, damaged, too slow, or without a text layer (a scan: OCR it first).
    """
    return compute_layout_article(extract_pdf_text(data, source=source), source=source)


def read_pdf_article(path: str | Path) -> Article:
    """Read a PDF file (at most :data:`MAX_PDF_BYTES`) as an :class:`~litmap.read.article.Article`."""
    return compute_pdf_article(read_pdf_bytes(path), source=str(path))
