"""Where a page's reference list is among its blocks, and its entries without the links a page adds to them.

The list is the region under the last heading that names one ("References", "Bibliografía", …;
"Notes" only when what follows reads as entries), up to the next heading of the article; with no
heading, the run of entry-like blocks that ends the page; inside it, from the first entry to the last
one before three non-entries in a row. These are judgements about blocks alone, made the same
way for every format, so they stand apart from :mod:`litmap.read.assemble`, which uses them to make
the article and its notes; how a list's text is split into entries is
:mod:`litmap.read.reference_block`.
"""

from __future__ import annotations

import bisect
import re

from litmap.read.blocks import Block
from litmap.read.reference_block import (
    LONG_ENTRY,
    entry_score,
    looks_like_entry,
    reference_heading_kind,
    split_reference_block,
)

_GAP = 3  # this many non-entries in a row end a reference block
#: Blocks that are never body text nor entries: captions, tables, and asides (a PDF's side columns,
#: boxes, footnotes and page furniture, set apart by the layout).
SET_APART = ("caption", "table", "aside")
_MIN_TRAILING_ENTRIES = 3  # a heading-less reference list needs at least this many entries
_PROSE_WORDS = 40  # a block this long after a heading-less list is article text, not furniture

_LABEL_SEPARATORS = " \t|[]()•·,;/"


def without_link_labels(block: Block) -> str:
    """An entry without the links a page appends to it: "[PubMed] [Google Scholar]", "View Article".

    Only links to other sites at the very end of the entry whose text is a short label (at most
    four words, no digits) go; a label that links to a DOI ("[DOI]") leaves the DOI's address.
    """
    text = block.text
    end = len(text.rstrip(_LABEL_SEPARATORS + "."))
    dois: list[str] = []
    for link in sorted(block.links, key=lambda k: -k.start):
        label = text[link.start : link.end]
        if link.kind != "external" or link.end < end or re.search(r"\d|https?:|www\.", label) or len(label.split()) > 4:
            break
        end = len(text[: link.start].rstrip(_LABEL_SEPARATORS))
        if re.search(r"doi\.org/10\.", link.target or "") and (link.target or "") not in text:
            dois.insert(0, link.target)
    if end >= len(text.rstrip(_LABEL_SEPARATORS + ".")):
        return text
    return " ".join([text[:end].rstrip(), *dois])


def split_reference_headings(blocks: list[Block]) -> list[Block]:
    """A reference heading written as a paragraph ("**References**", "References:" over the first entry) is a heading."""
    out: list[Block] = []
    for block in blocks:
        lines = block.lines or (block.text,)
        if block.kind in ("paragraph", "item") and reference_heading_kind(lines[0]) == "primary":
            out.append(Block("heading", lines[0].strip(), block.line, level=0))
            rest = lines[1:]
            if rest:
                text = "\n".join(rest) if len(rest) > 1 else rest[0]
                out.append(Block("paragraph", text, block.line + 1, lines=tuple(rest) if len(rest) > 1 else ()))
            continue
        out.append(block)
    return out


def _entry_block(block: Block) -> bool:
    units = split_reference_block(list(block.lines or (block.text,)))
    return bool(units) and sum(looks_like_entry(t) for _, t in units) >= 0.6 * len(units)


def find_reference_region(blocks: list[Block]) -> tuple[int | None, int, bool]:
    """(first block, end block, whether a heading opens it) of the reference list, or (None, 0, False)."""
    accepted: list[tuple[int, int]] = []
    known: dict[int, bool] = {}  # each block judged once, however many headings' regions hold it

    def is_entry(block: Block) -> bool:
        if id(block) not in known:
            known[id(block)] = _entry_block(block)
        return known[id(block)]

    # Each heading's region runs to the next heading of the article, over other reference headings:
    # 5,000 "References" lines made 5,000 overlapping regions, each walked again (74 s for 66 kB). The
    # ends are found in one backward pass per heading level and the regions' counts from running sums,
    # each block judged once, with the same result.
    kinds = {i: kind for i, b in enumerate(blocks) if b.kind == "heading" and (kind := reference_heading_kind(b.text))}
    ends = _region_ends(blocks, kinds)
    in_region, entry_sums = [0] * (len(blocks) + 1), [0] * (len(blocks) + 1)
    for j in _union(kinds, ends):
        block = blocks[j]
        if block.kind != "heading" or looks_like_entry(block.text):
            in_region[j + 1], entry_sums[j + 1] = 1, int(is_entry(block))
    for j in range(len(blocks)):
        in_region[j + 1] += in_region[j]
        entry_sums[j + 1] += entry_sums[j]
    for i, kind in kinds.items():
        end = ends[i]
        size, entries = in_region[end] - in_region[i + 1], entry_sums[end] - entry_sums[i + 1]
        if entries and (kind == "primary" or entries >= 0.5 * size):
            accepted.append((i, end))
    if accepted:
        i, end = accepted[-1]
        headings = sorted(kinds)
        for j, other_end in accepted:  # the earliest heading of the same block ("References" over "Sources")
            following = bisect.bisect_right(headings, j)
            next_heading = min(headings[following], end) if following < len(headings) else end
            if other_end == end and _own_part_is_entries(blocks, j, next_heading, is_entry):
                i = j
                break
        return i + 1, end, True
    # no heading: the last run of entry-like blocks, followed by nothing but short furniture
    kept = [i for i, block in enumerate(blocks) if block.kind not in SET_APART]
    found = _trailing_entries([blocks[i] for i in kept], is_entry)
    if found is None:
        return None, 0, False
    start, end = found
    return kept[start], kept[end - 1] + 1, False


def _own_part_is_entries(blocks: list[Block], heading: int, next_heading: int, is_entry) -> bool:
    """Whether what stands under a reference heading before the next one is entries, or nothing (a heading
    right over another): "Notes" of remarks on method before "References" is no part of the list."""
    own = [block for block in blocks[heading + 1 : next_heading] if block.kind != "heading"]
    return sum(is_entry(block) for block in own) >= 0.5 * len(own)


def _trailing_entries(blocks: list[Block], is_entry) -> tuple[int, int] | None:
    """(first, end) of the last run of entry-like blocks (``is_entry``) followed by nothing but short furniture."""
    end = len(blocks)
    while end > 0:
        while end > 0 and not is_entry(blocks[end - 1]):
            if blocks[end - 1].kind != "heading" and len(blocks[end - 1].text.split()) >= _PROSE_WORDS:
                return None  # article text after it: the run is inside the article
            end -= 1
        start = end
        while start > 0 and is_entry(blocks[start - 1]) and blocks[start - 1].kind != "heading":
            start -= 1
        count = sum(len(split_reference_block(list(b.lines or (b.text,)))) for b in blocks[start:end])
        if start > 0 and count >= _MIN_TRAILING_ENTRIES:
            return start, end
        # too short a run ("Some post title (2024)"): look further up; a heading that reads like an
        # entry ends no run, and is passed over (it made this loop spin for ever)
        end = start if start < end else end - 1
    return None


def _region_ends(blocks: list[Block], kinds: dict[int, str]) -> dict[int, int]:
    """For each reference heading ``i`` (the keys of ``kinds``), the block where the list it opens ends: the
    next heading of the article (one backward pass for each heading level among them)."""
    ends: dict[int, int] = {}
    entry_like: dict[int, bool] = {}
    for level in {blocks[i].level for i in kinds}:
        end = len(blocks)
        for j in range(len(blocks) - 1, -1, -1):
            if j in kinds and blocks[j].level == level:
                ends[j] = end
            block = blocks[j]
            if block.kind != "heading" or j in kinds:
                continue
            if level and block.level and block.level > level:
                continue  # a sub-heading inside the list
            if not block.level:
                if j not in entry_like:
                    entry_like[j] = looks_like_entry(block.text)
                if entry_like[j]:
                    continue  # plain text: a short entry with no full stop reads like a heading
            end = j
    return ends


def _union(kinds: dict[int, str], ends: dict[int, int]) -> list[int]:
    """The blocks inside some heading's region, each once, in order."""
    covered, reach = [], 0
    for i in sorted(kinds):
        start = max(i + 1, reach)
        covered.extend(range(start, ends[i]))
        reach = max(reach, ends[i])
    return covered


def entry_span(units: list[str]) -> tuple[int, int] | None:
    """First and last unit of the reference list: from the first entry to the last one before a gap."""
    scores = [entry_score(u) >= 3 for u in units]
    if not any(scores):
        return None
    first = scores.index(True)
    last = first
    misses = 0
    for k in range(first, len(units)):
        # once the list has begun, an entry is not too long to be one (a collaboration's 10,000 authors
        # ended the list without a word); a long line still cannot begin a list
        if scores[k] or (len(units[k]) > LONG_ENTRY and entry_score(units[k], long_ok=True) >= 4):
            last, misses = k, 0
        else:
            misses += 1
            if misses >= _GAP:
                break
    return first, last
