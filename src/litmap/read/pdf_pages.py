"""Lay a PDF's line fragments out as an article: what each block is, the title, the reference list.

:mod:`litmap.read.pdf_columns` puts each page's lines in reading order and cuts them into
paragraphs; here each paragraph becomes a block of some kind — body text, a heading, a caption,
an aside (a side column, a box, a footnote, a table: text smaller than the body), front matter
(authors, affiliations) or furniture (licence notices, banners) — the title is found, and
:mod:`litmap.read.pdf_reference_list` cuts the reference list out and splits it into entries by
its layout (a list found without a heading is said in a note). Superscripts are read by the
article's own citation pattern (:class:`~litmap.read.pdf_text.Superscripts`).

The result is the same :class:`~litmap.read.blocks.Block` list the HTML, Markdown and text
readers give, and :func:`~litmap.read.assemble.assemble` makes the article from it, so every
format shares the title, front matter, reference-block and self-check rules.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise
from pathlib import Path

from litmap.errors import PdfError
from litmap.read.assemble import assemble
from litmap.read.blocks import AUTHOR_YEAR_CELL, Article, Block, is_caption
from litmap.read.checks import EMAIL, split_at_missing_labels
from litmap.read.pdf import (
    PARTLY_UNREADABLE_SHARE,
    PdfDocumentText,
    extract_pdf_text,
    private_use_share,
    read_pdf_bytes,
    unreadable_text_reason,
)
from litmap.read.pdf_columns import (
    LayoutBlock,
    body_size,
    is_reference_heading,
    paragraphs,
    reading_order,
    running_furniture,
    unspaced,
    with_labels_attached,
    without_line_numbers,
)
from litmap.read.pdf_lines import Line
from litmap.read.pdf_raised import with_raised_lines_attached
from litmap.read.pdf_reference_list import compute_reference_entries, find_reference_list
from litmap.read.pdf_text import Superscripts, compute_vocabulary, join_lines
from litmap.read.reference_block import entry_label
from litmap.text import clean_text, counted

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
# "Ada Lovelace, Charles Babbage", "A. Smith1,2, B. Jones* and C. Wu3": names and markers only; a name
# is read whole (the lookahead), so "AB" cannot also be "A" + "B" (exponential time on a long line)
_AUTHOR_LIST_RE = re.compile(
    r"^(?:(?:[A-Z\u00C0-\u00DE][\w.’'\-]*(?![\w.’'\-])|and|&|van|von|de|der|den|da|di|du|del|la|le)[\s,*†‡\d]*)+$"
)
_DOI_RE = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
#: A line of small type with this many words at most, holding a citation, is a table's cell.
_CELL_WORDS = 8
_NUMBER_CITE_RE = re.compile(r"\[\d{1,4}(?:\s*[,–-]\s*\d{1,4}){0,20}\]")
#: A table's cell that holds only a number or a mark: "0.45", "(0.2–0.7)", "12.1", "-", "828*", "11+", "<0.001".
_NUMBER_CELL_RE = re.compile(r"[<>≤≥=±~(\[]{0,3}[-–−]?(?:\d[\d.,·:/%–−-]{0,16}|[-–−—]{1,2}|NA|N/A|NR)[)\]*+†‡%,;]{0,3}")


def compute_layout_article(document: PdfDocumentText, *, source: str) -> Article:
    """Build the :class:`Article` of a PDF from its pages of line fragments (pure; no I/O)."""
    pages = document.pages
    body = body_size(pages)
    dropped: list[Line] = [line for page in pages for line in page.rotated]
    lines_of = []
    found = [without_line_numbers(page.lines) for page in pages]
    # a page with few lines (the last) has too few numbers to tell them from labels: the columns of the others tell
    known = frozenset(round(line.x1) for _, numbers in found for line in numbers)
    for page, (kept, numbers) in zip(pages, found):
        if known and not numbers:
            kept, numbers = without_line_numbers(page.lines, known)
        dropped += numbers
        lines_of.append(with_raised_lines_attached(with_labels_attached(kept)))
    furniture = running_furniture(pages, lines_of)
    blocks: list[LayoutBlock] = []
    for lines in lines_of:
        dropped += [line for line in lines if id(line) in furniture]
        kept = [line for line in lines if id(line) not in furniture]
        for leaf in reading_order(kept, body):
            blocks += [LayoutBlock(part) for piece in paragraphs(leaf) for part in _at_licence_lines(piece)]
    turned = {page.number for page in pages if page.turned}
    if len(turned) > len(pages) / 2:
        turned = set()  # most pages set sideways: the document was made so, its pages are read as pages
    for block in blocks:
        block.kind = _classify(block, body)
        if block.page in turned and block.kind != "caption":
            block.kind = "aside"  # a page set sideways holds a wide table: its rows, never body text
    blocks = _with_float_labels_joined(blocks, body)
    _mark_boxed(blocks, {page.number: page for page in pages})
    _mark_table_cells(blocks, body)
    for block, following in pairwise(blocks):
        # a heading no larger than the body over small type heads a box or a table, not a section
        over_small_type = following.kind == "aside" and following.page == block.page and block.size <= 1.05 * body
        if block.kind == "heading" and over_small_type and not is_reference_heading(block.plain):
            block.kind = "aside"
    title_index = _title_index(blocks, body)
    for index, block in enumerate(blocks[: title_index or 0]):
        if block.page == 1:
            blocks[index].kind = "furniture"  # banners and logos above the title
    if title_index is not None:
        blocks[title_index].kind = "title"
        _join_subtitle(blocks, title_index, body)
        _mark_front_matter(blocks, title_index)
    notes = [_turned_note(sorted(turned), blocks)] if turned else []
    return _article(blocks, dropped, body, document=document, furniture=furniture, source=source, notes=notes)


def _turned_note(turned: list[int], blocks: list[LayoutBlock]) -> str:
    """Say which pages were set sideways and what became of their text."""
    chars = sum(len(block.plain) for block in blocks if block.page in turned)
    pages = f"page {turned[0]} is" if len(turned) == 1 else f"pages {', '.join(map(str, turned))} are"
    return (
        f"{pages} set sideways (turned 90°, a wide table?): {chars:,} characters read upright as a table, "
        "kept out of the body's sentences; rows that cite are read as table rows"
    )


# -- what each block is --------------------------------------------------------------------------------


#: A line that opens a licence or copyright notice: "© 2020 Massachusetts Medical Society", "Copyright: …",
#: "Copyright © 2020 …" (not a sentence's "copyright law" at a line's start),
#: "This is an open access article distributed under the terms of …".
_LICENCE_OPENING = re.compile(
    r"\s*(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|:|\d{4})"
    r"|this\s+(?:is\s+an\s+open[\s-]access\s+article|article\s+is\s+licen[cs]ed))",
    re.IGNORECASE,
)


def _at_licence_lines(lines: list[Line]) -> list[list[Line]]:
    """A paragraph cut before a line that opens a licence notice: set tight under a reference list ("…
    63:737-745." then "Copyright © 2020 Massachusetts Medical Society."), the notice made the whole block
    furniture, and the last entry lost its last lines."""
    for index, line in enumerate(lines[1:], start=1):
        if _LICENCE_OPENING.match(line.text):
            return [lines[:index], *_at_licence_lines(lines[index:])]
    return [lines]


def _classify(block: LayoutBlock, body: float) -> str:
    text = block.plain.strip()
    if not re.search(r"[^\W\d_]", text):
        return "aside" if block.size < 0.86 * body else "text"
    if is_caption(text) or _FLOAT_LABEL.fullmatch(
        text
    ):  # "Figure 2. The…", "Table 1" alone; not "Figure 2 summarized…"
        return "caption"
    licence = _LICENCE_RE.search(text) and entry_label(block.lines[0].text) is None  # (a cited licence's entry stays)
    if licence and (block.size < 0.95 * body or block.page == 1):
        return "furniture"
    if _is_heading(block, body):
        return "heading"
    if block.size < 0.86 * body:
        return "aside"
    if len(re.findall(r"[^\W\d_]{3,}", text)) < 2 and not re.search(r"[.!?]$", text):
        return "aside"  # "120-110ka", "?": text inside a figure
    if EMAIL.search(text) and len(text.split()) < 60:
        return "front"  # "Correspondence to … (name@host.org)": an address, wherever it stands
    return "text"


#: A float's label set alone over its caption, in type of its own: "Figure 3", "Table 1", "Fig. 2", "Box 1".
_FLOAT_LABEL = re.compile(
    r"(?:(?:Supplementary|Supporting|Additional|Extended\s{1,3}Data)\s{1,3})?"
    r"(?:Figure|Fig\.?|Table|Tab\.|Box|Panel|Scheme|Chart)\s{0,3}S?\d{1,3}[A-Za-z]?\s{0,3}[.:]?",
    re.IGNORECASE,
)


def _with_float_labels_joined(blocks: list[LayoutBlock], body: float) -> list[LayoutBlock]:
    """A float's label set alone ("Figure 3" in large type) joined to the caption's text right under it, so
    the caption is one ("Figure 3 Forest plot of …"), and neither the label nor its text is read as a section's
    heading or its body (a section named "Figure 6" held the Discussion's sentences that followed it)."""
    out: list[LayoutBlock] = []
    for block in blocks:
        previous = out[-1] if out else None
        label = previous is not None and previous.kind == "caption" and _FLOAT_LABEL.fullmatch(previous.plain.strip())
        if label and block.page == previous.page and block.kind in ("text", "aside", "heading"):
            first, last = block.lines[0], previous.lines[-1]
            under = 0 < first.y - last.y < 2.5 * max(last.size, first.size) and abs(first.x0 - last.x0) < last.size
            if under and block.size <= 1.02 * body and re.match(r"\(?[A-Z]", block.plain.strip()):
                previous.lines = previous.lines + block.lines
                continue
        out.append(block)
    return out


def _mark_boxed(blocks: list[LayoutBlock], pages: dict) -> None:
    """Text set inside a drawn box narrower than the page's text (a framed or shaded panel: "Research in
    context", "Key messages", "Editors' Notes") is an aside, kept out of the body's sentences as a side column
    is. A box counts when it holds three lines at least and less than half the page's lines (not a frame round
    the page or a column); a heading inside goes with it, a reference heading never."""
    by_page: dict[int, list[LayoutBlock]] = {}
    for block in blocks:
        by_page.setdefault(block.page, []).append(block)
    for number, on_page in by_page.items():
        page = pages.get(number)
        if page is None or not page.boxes:
            continue
        lines = [line for block in on_page for line in block.lines]
        text_width = max(line.x1 for line in lines) - min(line.x0 for line in lines)
        for box in page.boxes:
            if box[2] - box[0] >= 0.7 * text_width:
                continue
            inside = [block for block in on_page if all(_in_box(line, box) for line in block.lines)]
            count = sum(len(block.lines) for block in inside)
            if count < 3 or count > 0.5 * len(lines):
                continue
            for block in inside:
                if block.kind in ("text", "heading") and not is_reference_heading(block.plain):
                    block.kind = "aside"


def _in_box(line: Line, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    slack = 0.3 * line.size
    return x0 - slack <= line.x0 and line.x1 <= x1 + slack and top - slack <= line.top and line.bottom <= bottom + slack


#: A caption that heads a table: "Table 2.", "Table S1:", "Tab. 3" (:func:`is_caption` has told it a caption).
_TABLE_CAPTION = re.compile(r"\s{0,3}(?:(?:Supplementary|Supporting|Additional)\s{1,3})?Tab(?:le|\.)", re.IGNORECASE)


def _mark_table_cells(blocks: list[LayoutBlock], body: float) -> None:
    """Blocks that are a table's cells become asides, kept out of the body's sentences as captions are.

    Two signs, each general: a block of number cells ("776 // 815 // 737", "52 5098 14.0") with hardly a
    word of prose, wherever it stands; and the blocks that follow a "Table N" caption on its page in type
    smaller than the body's (no larger than the caption's), up to the next heading, caption or block set in
    body type: the rows of a table whose type is too close to the body's for the aside cut-off
    (0.89 of it, where 0.86 is the cut-off).
    """
    under: LayoutBlock | None = None  # the table caption whose cells are being read
    for block in blocks:
        if block.kind == "caption":
            under = block if _TABLE_CAPTION.match(block.plain) else None
            continue
        small = under is not None and block.page == under.page and block.size < 0.92 * body
        if block.kind == "heading" and small and not is_reference_heading(block.plain):
            block.kind = "aside"  # a column's head in bold ("Design"), no section's
            continue
        if block.kind != "text":
            if block.kind == "heading" or (under is not None and block.page != under.page):
                under = None
            continue
        if under is not None and (block.page != under.page or block.size >= 0.92 * body):
            under = None  # the body goes on (a column or page further, or after the table)
        in_table = under is not None and block.size <= 1.05 * under.size
        if in_table or _is_number_cells(block.plain):
            block.kind = "aside"


def _is_number_cells(text: str) -> bool:
    """Text made of a table's number cells: three or more, most of its words, and no more than two words
    of prose ("52 5098 14.0", "0.45 (0.2–0.7) 120"; not "ranged from 3.03 to 3.25 in 12 of 14 studies")."""
    words = text.split()
    numbers = sum(_NUMBER_CELL_RE.fullmatch(word) is not None for word in words)
    prose = sum(re.fullmatch(r"[a-z]{3,}[,;:.]?", word) is not None for word in words)
    return numbers >= 3 and numbers >= 0.6 * len(words) and prose <= 2


def _is_heading(block: LayoutBlock, body: float) -> bool:
    text = block.plain.strip()
    if len(block.lines) > 3 or len(text) > 150 or (re.search(r"[.,;:]$", text) and not is_reference_heading(text)):
        return False
    if is_reference_heading(text):
        return True
    if not re.search(r"[^\W\d_]{3,}", text) or block.size > 2.5 * body:  # "B", "M6": labels inside figures
        return False
    emphasised = all(line.bold for line in block.lines) or block.size >= 1.12 * body
    numbered = re.match(r"^(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+[A-Z]", text) is not None and len(text) < 90
    capitals = text.isupper() and len(text) < 60 and len(text.split()) <= 6
    if block.size < 0.9 * body and not numbered:
        return False  # bold type smaller than the body's heads a box or a table, not a section
    return (emphasised or numbered or capitals) and len(text.split()) <= 20


#: A run-in heading: a few capitalised words ending in a full stop ("Discussion.", "2.3 Statistical analysis.").
_RUN_IN_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+)?[A-Z][^.!?:;]*[^\W\d_]\.")


def _run_in_heading(block: LayoutBlock, body: float) -> str:
    """The heading run into a paragraph's first line in bold ("Discussion. The network…"), without
    its full stop, or "": the words before the paragraph's first sentence that name its section."""
    first = block.lines[0]
    if first.lead:
        text = first.text[: first.lead].strip()
    elif (
        first.bold
        and len(block.lines) > 1
        and not block.lines[1].bold
        and abs(block.lines[1].y - first.y) < 0.3 * first.size
    ):
        text = first.text.strip()  # the heading is a fragment of its own, the text goes on beside it
    else:
        return ""
    if first.size < 0.9 * body or len(text.split()) > 10 or not _RUN_IN_HEADING.fullmatch(text):
        return ""
    return text[:-1]


def _is_bold_paragraph(block: LayoutBlock) -> bool:
    """Prose set wholly in bold: sentences of mostly lower-case words (not a byline or a label)."""
    words = block.plain.split()
    lower = sum(word[:1].islower() for word in words)
    return (
        all(line.bold and not line.lead for line in block.lines)
        and len(words) >= 10
        and lower > len(words) / 2
        and re.search(r"[.!?][\"”’)]?$", block.plain.strip()) is not None
    )


def _title_index(blocks: list[LayoutBlock], body: float) -> int | None:
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


def _join_subtitle(blocks: list[LayoutBlock], title_index: int, body: float) -> None:
    """Tidy the title block: a label over it ("REVIEW") goes, and a last line set apart (not bold, or a
    subtitle in smaller large type: "A meta-analysis") joins it."""
    title = blocks[title_index]
    texts = [line.text.strip() for line in title.lines]
    if len(texts) > 1 and texts[0].isupper() and len(texts[0].split()) <= 3 and not " ".join(texts[1:]).isupper():
        title.lines = title.lines[1:]  # "REVIEW", "ORIGINAL ARTICLE": the kind of article, not its title
    if title_index + 1 >= len(blocks):
        return
    following = blocks[title_index + 1]
    gap = following.lines[0].y - title.lines[-1].y
    text = re.sub(r"\s*\[(?:v|version)\s*\d[^\]]*\]\s*$", "", following.plain.strip(), flags=re.I)
    same_size = abs(following.size - title.size) < 0.05 * title.size and 0 < gap < 1.6 * title.size
    subtitle = (
        0.6 * title.size <= following.size < title.size and following.size >= 1.3 * body and 0 < gap < 2 * title.size
    )
    if following.page == title.page and (same_size or subtitle) and len(text.split()) <= 15 and not text.endswith("."):
        separator = " " if same_size or re.search(r"[:.?!—–-]$", title.plain.strip()) else ": "
        title.subtitle = separator + text
        following.kind = "front"


def _page_height_guess(blocks: list[LayoutBlock]) -> float:
    return max((line.y for block in blocks if block.page == 1 for line in block.lines), default=800.0) + 50


def _mark_front_matter(blocks: list[LayoutBlock], title_index: int) -> None:
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


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", clean_text(text)).strip()


# -- the blocks every format shares -------------------------------------------------------------------------


def _article(
    blocks: list[LayoutBlock],
    dropped: list[Line],
    body: float,
    *,
    document: PdfDocumentText,
    furniture,
    source: str,
    notes: list[str] = (),
) -> Article:
    """The shared blocks of the page (title, body, asides, the reference list last), assembled."""
    vocabulary = compute_vocabulary(line.text for block in blocks for line in block.lines)
    notes = list(notes)
    found = find_reference_list(blocks, body)
    in_list: set[int] = set()
    entries: list[str] = []
    if found is not None:
        in_list = set(range(found.start, found.end)) - found.interruptions
        if found.heading is not None:
            in_list.add(found.heading)
        in_list |= found.continued  # the heading of a part that goes on with the numbering (no entry, no section)
        in_list |= set(found.beside)
        ref_lines = [
            line
            for i in [*range(found.start, found.end), *found.beside]
            if i in in_list and i not in found.continued and blocks[i].kind not in ("caption", "furniture")
            for line in blocks[i].lines
        ]
        entries, stray = compute_reference_entries(ref_lines, vocabulary)
        dropped = dropped + stray
        entries, repaired = split_at_missing_labels(entries)
        notes += repaired
        if found.heading is None and entries:
            first = blocks[found.start].page
            notes.append(
                f"no reference-list heading found: read the {counted(len(entries), 'entry', 'entries')} labelled from 1 "
                f"(from page {first}) as the reference list"
            )
    numbered = sum(entry_label(entry) is not None for entry in entries) > len(entries) / 2
    body_lines = [
        line
        for index, block in enumerate(blocks)
        if block.kind in ("text", "heading") and index not in in_list
        for line in block.lines
    ]
    superscripts = Superscripts(body_lines, max_number=len(entries) + 5 if numbered else None)

    out: list[Block] = []

    def add(kind: str, text: str, level: int = 0) -> None:
        text = _clean(text)
        if text:
            out.append(Block(kind, text, len(out) + 1, level=level))

    title_index = next((i for i, block in enumerate(blocks) if block.kind == "title"), None)
    if title_index is not None:
        title = blocks[title_index]
        add("heading", join_lines([line.text for line in title.lines], vocabulary) + title.subtitle, level=1)
    pending: list[str] = []
    heading_seen = False
    unheaded_abstract = False  # in a bold abstract that no heading announced
    text_lines = [line for block in blocks if block.kind == "text" for line in block.lines]
    regular_body = sum(line.bold for line in text_lines) < len(text_lines) / 2  # bold stands out

    def flush() -> None:
        nonlocal pending
        if pending:
            add("paragraph", join_lines(pending, vocabulary))
            pending = []

    for index, block in enumerate(blocks):
        if index in in_list or block.kind == "title":
            continue
        if block.kind == "caption":
            add("caption", join_lines([superscripts.render(line, body=False) for line in block.lines], vocabulary))
            continue
        if block.kind == "aside":
            for line in block.lines:  # a short line that cites is a table's cell ("Chan [44]")
                text = superscripts.render(line, body=False)
                # an author–year cell cites in an author–year article only ("Kebede A et al, 2012" in a table
                # of a numbered article names a study the text cites by number)
                cites = _NUMBER_CITE_RE.search(text) or (not numbered and AUTHOR_YEAR_CELL.search(text))
                add("table" if len(text.split()) <= _CELL_WORDS and cites else "aside", text)
            continue
        if block.kind in ("furniture", "front"):
            for line in block.lines:
                add("aside", line.text)
            continue
        if block.kind == "heading":
            flush()
            add("heading", block.plain, level=2)
            heading_seen, unheaded_abstract = True, False
            continue
        texts = [superscripts.render(line) for line in block.lines]
        run_in = _run_in_heading(block, body)
        if run_in:
            flush()
            add("heading", run_in, level=2)
            heading_seen, unheaded_abstract = True, False
            first = block.lines[0]
            lead = first.text[: first.lead]
            rest = (texts[0][len(lead) :] if texts[0].startswith(lead) else first.text[first.lead :]).strip()
            texts = ([rest] if first.lead and rest else []) + texts[1:]
            if not texts:
                continue
        if pending and not _continues_paragraph(pending[-1], texts[0]):
            flush()
        if not heading_seen and not pending and re.match(r"\s*abstract\b", texts[0], re.IGNORECASE):
            add("heading", "Abstract", level=2)
            heading_seen = True
        elif not heading_seen and regular_body and _is_bold_paragraph(block):
            # an abstract set in bold with no heading (the Nature journals' way): the text in regular
            # type after it, still under no heading, is the introduction
            flush()
            add("heading", "Abstract", level=2)
            unheaded_abstract = heading_seen = True
        elif unheaded_abstract and not any(line.bold for line in block.lines):
            flush()
            add("heading", "Introduction", level=2)
            unheaded_abstract = False
        pending.extend(texts)
    flush()
    for line in dropped:
        add("aside", line.text)
    if found is not None:
        add("heading", unspaced(blocks[found.heading].plain) if found.heading is not None else "References", level=2)
        for entry in entries:
            add("item", entry)
    notes += superscripts.notes()
    share = private_use_share(document)
    if share >= PARTLY_UNREADABLE_SHARE:
        notes.append(
            f"{share:.0%} of the PDF's characters are private-use (a font without a ToUnicode map): "
            "the words set in that font cannot be read"
        )
    title_hint = _metadata_title(document.metadata) or "(untitled)"
    fields = assemble(out, source=source, fmt="pdf", title_hint=title_hint, notes=notes)
    article = Article(**fields, doi=_find_doi(document, furniture))
    if share >= PARTLY_UNREADABLE_SHARE and not article.has_references:
        # "no reference section found" would mislead: the list may well be there, in that font
        raise PdfError(unreadable_text_reason(share, part=True), source=source)
    return article


def _continues_paragraph(previous: str, text: str) -> bool:
    """A block continues the paragraph before it across a column or page break."""
    previous, text = previous.rstrip(), text.lstrip()
    if not previous or not text:
        return False
    if previous[-1] in "-\u00ad,;(":
        return True
    return not re.search(r"[.!?:][\"”’')\]]*$", previous) and (text[0].islower() or text[0] in "([")


def compute_pdf_article(data: bytes, *, source: str = "<pdf>") -> Article:
    """Read PDF bytes as an :class:`~litmap.read.article.Article`: title, DOI, sections, reference lines.

    Superscript citation numbers are written as "[3]" in the paragraphs; page furniture,
    captions, tables and footnotes go to ``dropped_lines``; the reference list comes one entry
    per line with a blank line between entries, as the layout split it.

    Raises
    ------
    PdfError
        Too large, encrypted, damaged, too slow, or without a text layer (a scan: OCR it first); or
        no reference list found where part of the text is in a font litmap cannot decode.
    ArticleError
        The PDF holds no article text (only page furniture, captions or tables).
    """
    return compute_layout_article(extract_pdf_text(data, source=source), source=source)


def read_pdf_article(path: str | Path) -> Article:
    """Read a PDF file (at most :data:`~litmap.read.pdf.MAX_PDF_BYTES`) as an :class:`~litmap.read.article.Article`."""
    return compute_pdf_article(read_pdf_bytes(path), source=str(path))
