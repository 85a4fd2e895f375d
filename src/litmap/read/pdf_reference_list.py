"""A PDF's reference list: where it is, and its entries as the layout splits them.

Under the heading with the most lines after it ("References", "Literature cited", …), ending at a
heading in bold or large type unless the labels go on after it (a heading between two columns of
the list, a box set inside it) and at a bold title after its last entry; or, printed without a
heading (the BMJ's print layout), the longest run of lines labelled 1, 2, 3 … in sequence, in type
no larger than the body's, that read as entries. A section named as those after a list are
("Acknowledgements", "Funding", "Figure legends") ends it however it is set; a table or figure
caption ends it unless entries go on after the float (the label due, or an entry's authors and year),
and the float's text is then kept out of the list, as is a side column beside a labelled list (a
journal's article information). The entries are split by
:func:`~litmap.read.pdf_entries.split_reference_entries` and joined by :func:`~litmap.read.pdf_text.join_lines`.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, replace
from itertools import pairwise

from litmap.read.pdf_columns import LayoutBlock, is_reference_heading
from litmap.read.pdf_entries import is_author_start, render_line, split_reference_entries
from litmap.read.pdf_lines import Line, joined
from litmap.read.pdf_text import compute_tight_marks, join_lines
from litmap.read.reference_block import entry_label, looks_like_entry
from litmap.text import YEAR

#: A list found without a heading needs at least this many labelled entries in sequence.
MIN_UNHEADED_ENTRIES = 5


@dataclass
class ReferenceList:
    """Where the reference list is: its heading (None when found without one), its blocks, and the
    headings inside its span that are no part of it."""

    heading: int | None
    start: int
    end: int
    interruptions: frozenset[int] = frozenset()
    continued: frozenset[int] = frozenset()  # the headings of parts that go on with its numbering
    beside: tuple[int, ...] = ()  # blocks read before the heading that are the list's last column (its end)


def find_reference_list(blocks: list[LayoutBlock], body: float) -> ReferenceList | None:
    """The reference list: under the heading with the most lines after it, else a run of labelled entries;
    with the parts after it that go on with its numbering (Nature's Methods references)."""
    found = _main_list(blocks, body)
    if found is None:
        return None
    found = _with_continuations(blocks, found, body)
    return replace(found, beside=_going_on_beside(blocks, found))


def _going_on_beside(blocks: list[LayoutBlock], found: ReferenceList) -> tuple[int, ...]:
    """The list's end set at the top of the next column, when reading order put that column before the list
    (a one-page article whose list starts low in the first column, beside a body column with a table): blocks on
    the list's last page, read before its heading, standing right of every line of the list and over its heading,
    in the list's type, one run of them, the list's last block being the last text of its page."""
    if found.heading is None:
        return ()
    kept = [i for i in range(found.start, found.end) if i not in found.interruptions and blocks[i].kind != "furniture"]
    if not kept:
        return ()
    page = blocks[kept[-1]].page
    later = [b for b in blocks[kept[-1] + 1 :] if b.page == page and b.kind not in ("furniture", "aside")]
    if later or blocks[found.heading].page != page:
        return ()
    lines = [line for i in kept if blocks[i].page == page for line in blocks[i].lines]
    size = statistics.median(line.size for line in lines)
    right, heading_y = max(line.x1 for line in lines), blocks[found.heading].lines[0].y
    run = [
        i
        for i in range(found.heading)
        if blocks[i].page == page
        and blocks[i].kind in ("text", "aside")
        and min(line.x0 for line in blocks[i].lines) >= right
        and blocks[i].lines[-1].y < heading_y
        and all(abs(line.size - size) <= 0.05 * size for line in blocks[i].lines)
    ]
    if not run or run != list(range(run[0], run[-1] + 1)):
        return ()
    return tuple(run)


def _main_list(blocks: list[LayoutBlock], body: float) -> ReferenceList | None:
    """The reference list: under the heading with the most lines after it, else a run of labelled entries."""
    best: tuple[int, ReferenceList | None] = (0, None)
    lists: list[ReferenceList] = []
    for index, block in enumerate(blocks):
        if block.kind != "heading" or not is_reference_heading(block.plain):
            continue
        end, interruptions = _list_end(blocks, index + 1, body)
        count = sum(len(blocks[i].lines) for i in range(index + 1, end) if blocks[i].kind != "furniture")
        found = ReferenceList(index, index + 1, end, frozenset(interruptions | _side_columns(blocks, index + 1, end)))
        lists.append(found)
        if count > best[0]:
            best = (count, found)
    chosen = best[1]
    if chosen is not None and _next_label(blocks, chosen.start) not in (None, 1):
        # the longest part goes on with the numbering of a shorter one before it ("Methods references"
        # from 42): the list is the one labelled from 1, whose continuation it is
        first = [found for found in lists if found.start < chosen.start and _next_label(blocks, found.start) == 1]
        chosen = first[-1] if first else chosen
    return chosen or _unheaded_list(blocks, body)


def _with_continuations(blocks: list[LayoutBlock], found: ReferenceList, body: float) -> ReferenceList:
    """The list with the parts that go on with its numbering after the text between (Nature's "Methods
    references", or "References" again after the Methods, labelled from the main list's last label + 1):
    the blocks between stay the article's, the part's heading is no part of either."""
    last = _last_label(blocks, found.start, found.end, found.interruptions)
    if last is None:
        return found
    for index in range(found.end, len(blocks)):
        block = blocks[index]
        if block.kind != "heading" or not is_reference_heading(block.plain):
            continue
        if _next_label(blocks, index + 1) != last + 1:
            continue
        end, interruptions = _list_end(blocks, index + 1, body)
        part_last = _last_label(blocks, index + 1, end, interruptions, after=last)
        if part_last is None or part_last <= last:
            continue
        found = ReferenceList(
            found.heading,
            found.start,
            end,
            found.interruptions | set(range(found.end, index)) | interruptions | _side_columns(blocks, index + 1, end),
            found.continued | {index},
        )
        last = part_last
    return found


def _last_label(
    blocks: list[LayoutBlock], start: int, end: int, skipped: frozenset[int] | set[int], after: int | None = None
) -> int | None:
    """The last label of a labelled list's blocks, followed in sequence from its first (a line opening with a
    year, "2007. …", is no label), when three labels at least follow so; of a part that goes on from the label
    ``after``, when one does."""
    last, count = after, 0
    for index in range(start, end):
        if index in skipped:
            continue
        for line in blocks[index].lines:
            label = entry_label(line.text)
            if label is not None and (last is None or 0 < label - last <= 3):
                last, count = label, count + 1
    return last if count >= (3 if after is None else 1) else None


def _side_columns(blocks: list[LayoutBlock], start: int, end: int) -> set[int]:
    """Blocks of a side column beside a labelled list (a journal's article information at the right of the
    list's first page, read after the list's columns): on a page where the list's labels stand, blocks that
    open no entry, lie wholly outside the columns the labelled blocks fill, and stand where no line of the list
    starts on any page (an entry going on at the head of the next column stands where others start), a few
    lines at least."""
    labels = [label for block in blocks[start:end] for line in block.lines if (label := entry_label(line.text))]
    steps = sum(b - a == 1 for a, b in pairwise(labels))
    if len(labels) < 5 or steps < 0.6 * (len(labels) - 1):
        return set()  # no labelled list (an author-date list's lines may open with a number: "2017. …")
    columns: dict[int, list[tuple[float, float]]] = {}
    for block in blocks[start:end]:
        if any(entry_label(line.text) is not None for line in block.lines):
            extent = (min(line.x0 for line in block.lines), max(line.x1 for line in block.lines))
            columns.setdefault(block.page, []).append(extent)
    outside, lefts = [], []
    for index in range(start, end):
        block = blocks[index]
        x0, x1 = min(line.x0 for line in block.lines), max(line.x1 for line in block.lines)
        if any(x0 < right and left < x1 for left, right in columns.get(block.page, [])):
            lefts += [line.x0 for line in block.lines]  # where the list's lines start, labelled or not
        elif len(columns.get(block.page, [])) >= 3 and all(entry_label(line.text) is None for line in block.lines):
            beside = columns[block.page]
            if not any(right <= x0 for _, right in beside) or not any(x1 <= left for left, _ in beside):
                outside.append((index, x0, block.size))  # (between two labelled columns: a long entry goes on)
    side = {
        index
        for index, x0, size in outside
        if not any(abs(x0 - left) <= 0.5 * size for left in lefts) and not _inside_an_entry(blocks, index, start, end)
    }
    lines_on = Counter(blocks[index].page for index in side for _ in blocks[index].lines)
    return {index for index in side if lines_on[blocks[index].page] >= _SIDE_COLUMN_LINES}


def _inside_an_entry(blocks: list[LayoutBlock], index: int, start: int, end: int) -> bool:
    """A whole column that an entry runs through (an author list of hundreds of names): the list's text before
    it and the block itself end mid-entry (with a comma or a word), and the list goes on after it with no label."""
    if not start < index < end - 1:
        return False
    before, block, after = blocks[index - 1], blocks[index], blocks[index + 1]
    if len(block.lines) < _SIDE_COLUMN_LINES or any(line.bold for line in block.lines):
        return False  # a side column's heading ("ARTICLE INFORMATION") is no entry's text
    open_ended = all(re.search(r"(?:[,;]|[^\W\d_])$", b.lines[-1].text.rstrip()) is not None for b in (before, block))
    labels = [label for b in blocks[start:index] for line in b.lines if (label := entry_label(line.text)) is not None]
    due = max(labels, default=0) + 1  # ("1976) 2009, …" going on after the column reads as a label "1976)")
    return open_ended and entry_label(after.lines[0].text) != due and entry_label(block.lines[0].text) is None


#: A side column holds this many lines at least; fewer, standing alone, are the rest of an entry broken at a
#: column's foot ("10.1038/ismej.2008.111" at the head of a column where no other line of the list starts).
_SIDE_COLUMN_LINES = 4


def _list_end(blocks: list[LayoutBlock], start: int, body: float) -> tuple[int, set[int]]:
    """The first block after a reference list that begins at ``start``, and the headings inside it.

    The list ends at a heading set in bold or large type, unless the labels go on after it (a
    heading standing between two columns of the list); past such a heading, it ends at the first
    block that neither goes on with the labels nor is set in the list's type.
    """
    end, last_label, interruptions = start, None, set()
    sizes: list[float] = []
    while end < len(blocks):
        block = blocks[end]
        label = entry_label(block.lines[0].text)
        stops = _ends_reference_list(block, body) or (
            end > start
            and (_is_back_matter(block) or (last_label is not None and label is None and _is_bold_title(block)))
        )
        if stops and last_label is not None and _next_label(blocks, end + 1) != last_label + 1 and sizes:
            boxed = _box_amid_list(blocks, end, last_label + 1, statistics.median(sizes))
            if boxed is not None:  # a panel set amid the list (between its columns): the labels go on after it
                interruptions |= boxed
                end = max(boxed) + 1
                continue
        if _ends_reference_list(block, body):
            if last_label is None or _next_label(blocks, end + 1) != last_label + 1:
                break
            interruptions.add(end)
            end += 1
            continue
        if end > start and block.kind == "caption":
            resume = _entries_resume(blocks, end + 1, last_label, body)
            if resume is None:
                break  # a table or a figure after the list, with its rows: no entry follows
            interruptions.update(range(end, resume))  # a float set amid the list, which goes on after it
            end = resume
            continue
        over = last_label is not None and label is None and _is_bold_title(block)
        if over and _next_label(blocks, end + 1) != last_label + 1:
            break  # "SUPPLEMENT.", "Acknowledgements." set in bold after a numbered list: it is over
        if (
            end > start
            and _is_back_matter(block)
            and (last_label is None or _next_label(blocks, end + 1) != last_label + 1)
        ):
            break  # "Acknowledgements", "Funding", "Figure legends": the sections that follow a list, however set
        if interruptions and sizes and block.kind not in ("furniture", "caption"):
            in_sequence = label is not None and 0 < label - last_label <= 3
            if not in_sequence and abs(block.size - statistics.median(sizes)) > 0.08 * block.size:
                break
        for line in block.lines:
            number = entry_label(line.text)
            if number is not None and (last_label is None or 0 < number - last_label <= 3):
                last_label = number
                sizes.append(line.size)
        end += 1
    return end, interruptions


#: The sections that follow a reference list, by name ("Acknowledgements", "Funding", "Tables"…), however set.
_BACK_MATTER = re.compile(
    r"(?:acknowledge?ments?|funding(?: sources?| information| statement)?|authors?['’]? contributions?|contributors"
    r"|competing interests?|conflicts? of interests?|declarations?(?: of (?:competing )?interests?)?|disclosures?"
    r"|data (?:availability|sharing)(?: statement)?|supplementary (?:material|materials|information|data)"
    r"|supporting information|appendix|appendices|tables?|figures?|figure legends|legends(?: to figures)?"
    r"|abbreviations|ethics(?: approval| statement)?(?: and consent to participate)?|footnotes)\s*[:.]?",
    re.IGNORECASE,
)


def _box_amid_list(blocks: list[LayoutBlock], start: int, due: int, size: float, look: int = 16) -> set[int] | None:
    """The blocks of a box set amid a labelled list (a panel between its columns), when the label ``due``
    opens a line of a block within ``look`` blocks of ``start`` on the same page and every block before it
    is in other type than the list's or is the rest of an entry the box broke (in the list's type, right
    before the label): the box's blocks, or None when the list does not go on (back matter after it)."""
    page = blocks[start].page
    for index in range(start + 1, min(len(blocks), start + look)):
        block = blocks[index]
        if block.page != page:
            return None
        if any(entry_label(line.text) == due for line in block.lines):
            break
    else:
        return None
    tail = index
    while tail > start + 1 and abs(blocks[tail - 1].size - size) <= 0.04 * size and not blocks[tail - 1].lines[0].bold:
        tail -= 1  # the rest of the entry the box broke, in the list's type
    box = set(range(start, tail))
    if any(abs(blocks[i].size - size) <= 0.04 * size and not blocks[i].lines[0].bold for i in box):
        return None  # text in the list's type inside: no box, the list is over (a section after it)
    return box


def _is_back_matter(block: LayoutBlock) -> bool:
    """A block opening with a line that names a section after the list ("Acknowledgements", "Funding:"), or with
    such a name run in bold before its text ("Acknowledgements We thank …", as Nature sets them)."""
    first = block.lines[0]
    run_in = first.text[: first.lead].strip() if first.lead else ""
    return _BACK_MATTER.fullmatch(first.text.strip()) is not None or (
        bool(run_in) and _BACK_MATTER.fullmatch(run_in) is not None
    )


def _entries_resume(
    blocks: list[LayoutBlock], start: int, last_label: int | None, body: float, look: int = 40
) -> int | None:
    """Where the list goes on after a float (a table or figure with its caption) set amid it: the next block
    that opens with the label due, or, in a list without labels, with an entry's authors and year; None when
    the list does not go on (the float follows it)."""
    for index in range(start, min(len(blocks), start + look)):
        block = blocks[index]
        first = block.lines[0].text
        if last_label is not None:
            if entry_label(first) == last_label + 1:
                return index
        elif block.kind != "caption" and is_author_start(first) and _opens_entry(blocks, index):
            return index
        if _ends_reference_list(block, body):
            return None
    return None


def _opens_entry(blocks: list[LayoutBlock], index: int, look: int = 4) -> bool:
    """The block and the few after it, in its type, hold a year, a DOI or a link within an entry's length."""
    size = blocks[index].size
    text = ""
    for block in blocks[index : index + look]:
        if abs(block.size - size) > 0.08 * size or len(text) > 400:
            break
        text += " " + block.plain
        if re.search(r"\b" + YEAR + r"\b|\bdoi\b|https?://", text, re.IGNORECASE):
            return True
    return False


def _is_bold_title(block: LayoutBlock) -> bool:
    """A short line in bold opening a block of plain lines (or alone): a heading ending with a full stop."""
    first = block.lines[0]
    return first.bold and len(first.text.strip()) < 60 and not any(line.bold for line in block.lines[1:])


def _next_label(blocks: list[LayoutBlock], start: int, look: int = 4) -> int | None:
    """The first label that opens one of the next few blocks (a box's text may come first), if any."""
    for block in blocks[start : start + look]:
        label = entry_label(block.lines[0].text)
        if label is not None:
            return label
    return None


def _ends_reference_list(block: LayoutBlock, body: float) -> bool:
    """A heading set in bold or large type (not a numbered line) that is no reference entry."""
    text = block.plain.strip()
    if block.kind != "heading" or _looks_like_entry(block) or block.size < 0.95 * body:
        return False
    if len(text.split()) > 8 or text.endswith(",") or is_author_start(text):  # bold author names
        return False
    return all(line.bold for line in block.lines) or block.size >= 1.12 * body or block.plain.isupper()


def _looks_like_entry(block: LayoutBlock) -> bool:
    return bool(re.search(r"\b" + YEAR + r"\b|\bdoi\b|https?://", block.plain, re.IGNORECASE))


def _unheaded_list(blocks: list[LayoutBlock], body: float) -> ReferenceList | None:
    """A reference list printed without a heading (the BMJ's): the longest run of lines labelled 1, 2,
    3 … in sequence, in type no larger than the body's, that read as entries."""
    runs: list[tuple[int, int, int, list[str]]] = []  # (first block, last block, last label, entry texts)
    current: tuple[int, int, int, list[str]] | None = None
    for index, block in enumerate(blocks):
        if block.kind in ("title", "front") or block.size > 1.05 * body:
            continue
        for position, line in enumerate(block.lines):
            number = entry_label(line.text)
            if number is None:
                continue
            after = block.lines[position + 1].text if position + 1 < len(block.lines) else ""
            entry = f"{line.text} {after}"
            if current is not None and 0 < number - current[2] <= 3:
                current = (current[0], index, number, [*current[3], entry])
            elif number == 1:
                if current is not None:
                    runs.append(current)
                current = (index, index, 1, [entry])
    if current is not None:
        runs.append(current)
    runs = [
        run
        for run in runs
        if len(run[3]) >= MIN_UNHEADED_ENTRIES and sum(looks_like_entry(text) for text in run[3]) >= 0.6 * len(run[3])
    ]
    if not runs:
        return None
    first, last, _, _ = max(runs, key=lambda run: len(run[3]))
    size = blocks[last].size
    end = last + 1
    while end < len(blocks) and blocks[end].kind in ("aside", "heading") and abs(blocks[end].size - size) < 0.08 * size:
        if entry_label(blocks[end].lines[0].text) is not None:
            break  # a numbered block after the list's last label is no part of its last entry
        end += 1
    return ReferenceList(None, first, end)


def compute_reference_entries(ref_lines: list[Line], vocabulary: Counter) -> tuple[list[str], list[Line]]:
    """The reference list's entries as text, one string each, and the stray lines left out."""
    if not ref_lines:
        return [], []
    ref_lines, after = _before_run_in_back_matter(ref_lines)
    lefts = _column_lefts(ref_lines)
    ref_lines, lefts = _fragments_joined(ref_lines, lefts)
    texts = [render_line(line) for line in ref_lines]
    groups, stray = split_reference_entries(ref_lines, texts, lefts)
    stray = [*stray, *range(len(ref_lines), len(ref_lines) + len(after))]
    ref_lines = [*ref_lines, *after]
    tight = compute_tight_marks(texts)
    entries = [join_lines([texts[i] for i in group], vocabulary, tight=tight) for group in groups]
    return entries, [ref_lines[i] for i in stray]


def _column_lefts(lines: list[Line]) -> list[float]:
    """The left edge of the column each line stands in: the leftmost line on its page that it overlaps; for a
    column of a line or two (an entry's last line alone at the head of the next page, indented as it hangs),
    or one whose lines all stand flush where the same column on another page indents its lines (an entry's
    last lines, all hanging), the leftmost line of that column on another page, a hanging indent further left."""
    lefts = []
    for line in lines:
        column = [other for other in lines if other.page == line.page and other.x0 < line.x1 and line.x0 < other.x1]
        left = min(other.x0 for other in column)
        flush = all(abs(other.x0 - left) <= 0.6 for other in column)
        if len(column) <= 2 or flush:
            beside = [other for other in lines if other.page != line.page and other.x0 < line.x1 and line.x0 < other.x1]
            elsewhere = [other.x0 for other in beside if 0 < left - other.x0 < 4 * line.size]
            if len(column) > 2 and not any(abs(other.x0 - left) <= 0.6 for other in beside):
                elsewhere = []  # a column of blocks set further right on this page (mirrored margins), not indented
            left = min([left, *elsewhere])
        lefts.append(left)
    return lefts


def _fragments_joined(lines: list[Line], lefts: list[float], look: int = 6) -> tuple[list[Line], list[float]]:
    """Fragments of one printed line joined: words on one baseline in one column that a widely justified
    line set more than an em apart (so each stood as a fragment), wherever reading order put them."""
    out: list[Line] = []
    out_lefts: list[float] = []
    for line, left in zip(lines, lefts):
        size = line.size
        target = next(
            (
                k
                for k in range(len(out) - 1, max(-1, len(out) - 1 - look), -1)
                if out[k].page == line.page
                and out_lefts[k] == left
                and abs(out[k].y - line.y) < 0.25 * size
                and abs(out[k].size - size) < 0.08 * size
                and line.x0 >= out[k].x1 - 0.1 * size
            ),
            None,
        )
        if target is None:
            out.append(line)
            out_lefts.append(left)
        else:
            out[target] = joined(out[target], line)
    return out, out_lefts


#: A run-in heading of what follows a list, in the list's own type: "How to cite this article:" (Wiley),
#: "Publisher's Note" (Springer Nature), "Current Author Addresses:" (Annals), a dated "Accepted: 27 March
#: 2020" (BMJ), or a back-matter section's name set in bold ("Funding:").
_RUN_IN_BACK_MATTER = re.compile(
    r"(?:how to cite this article|publisher['’]s note|current authors?['’]? addresses)\b"
    r"|(?:received|accepted)\s*:\s*\d{1,2}\s+[^\W\d_]+\s+\d{4}\b",
    re.IGNORECASE,
)


def _before_run_in_back_matter(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """The list's lines up to a line that opens with a run-in heading of back matter, and the lines from it
    on ("How to cite this article: Lee K, Wu B. Trust. J Care. 2026;12:1–9." after the last entry: it reads
    as an entry, and ran into the last one). Not where an entry's label still follows it."""
    labels = [entry_label(line.text) for line in lines]
    for index, line in enumerate(lines[1:], start=1):
        text = line.text.strip()
        bold_lead = text[: line.lead].strip() if line.lead else ""
        found = _RUN_IN_BACK_MATTER.match(text) or (
            bold_lead and _BACK_MATTER.fullmatch(bold_lead.rstrip(":.").strip() + ":")
        )
        if not found:
            continue
        last = next((n for n in reversed(labels[:index]) if n is not None), None)
        if last is not None and last + 1 in labels[index + 1 :]:
            continue  # the labels go on after it: a note set amid the list
        return lines[:index], lines[index:]
    return lines, []
