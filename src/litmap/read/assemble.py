"""Assemble a page's blocks into an article: title, front matter, sections and the reference block.

The three readers (plain text, Markdown, HTML) give :class:`~litmap.read.blocks.Block` lists;
:func:`assemble` makes the same judgements on all of them:

- the **title** (the page's ``h1``, or the first heading), with what stands above it;
- **front matter** between the title and the first heading — bylines, dates, "Journal (2012).
  https://doi.org/…" lines, licence lines — is left out (:func:`~litmap.read.blocks.is_front_matter`),
  and so are captions and tables;
- the **reference block**: the last heading that names a reference list ("References",
  "Bibliografía", …; "Notes" only when what follows reads as entries), up to the next heading
  of the article; inside it, from the first line that looks like an entry to the last one before
  three lines in a row that do not (so "Further reading" lists, author bios and calls to action
  are left out). With no heading, the run of entry-like blocks that ends the page, said in a
  note and a warning (where the list is: :mod:`litmap.read.reference_region`);
- **links** from body text to an entry (``href="#ref3"``), resolved to the entry's position.

Everything left out is returned as dropped lines: nothing goes silently.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import unicodedata
import warnings

from litmap.errors import ArticleError
from litmap.read.blocks import (
    AUTHOR_YEAR_CELL,
    Block,
    CitationLink,
    Section,
    is_front_matter,
    is_heading_text,
    text_blocks,
)
from litmap.read.checks import (
    cited_numbers,
    describe_body_doubts,
    describe_reference_doubts,
    is_numbered,
    split_at_missing_labels,
)
from litmap.read.reference_block import entry_score, looks_like_entry, reference_heading_kind, split_reference_block
from litmap.read.reference_region import (
    SET_APART,
    entry_span,
    find_reference_region,
    split_reference_headings,
    without_link_labels,
)
from litmap.text import YEAR, counted

# Page furniture seen on blogs and CMS pages as plain text; one pattern per kind of line, matched on
# the whole (stripped) line. Kept deliberately narrow: a false positive would silently drop a sentence.
_BOILERPLATE = [
    r"top of page",
    r"bottom of page",
    r"skip to (main )?content",
    r"(updated|published|posted|last updated)( on)?:?\s+.{1,40}",
    r"by\s+[A-Z][^.!?]{1,80}",  # byline: "By Evelina Vitter, MA, LMHC"
    r"\d[\d,.]*\s*views?(\s*\d+\s*comments?)?",
    r"\d+\s*comments?",
    r"comments?|commenti|kommentare|commentaires|comentarios",
    r"recent posts|related posts|see all|read more|share( this)?( post| article)?",
    r"(previous|next) (post|article)",
    r"(check out|follow) (us|our)\b.{0,80}",
    r"(subscribe|sign up|log in|login|sign in)\b.{0,60}",
    r"(tags?|categories|filed under):.{0,200}",
    r"©.{0,120}|copyright\b.{0,120}",
]
_BOILERPLATE_RE = re.compile(r"^(?:" + "|".join(_BOILERPLATE) + r")$", re.IGNORECASE)
_EDIT_LINK = re.compile(r"\s*\[\s*edit(?:\s+source)?\s*\]\s*$", re.IGNORECASE)


def _drop_boilerplate(blocks: list[Block], *, per_line: bool) -> tuple[list[Block], list[tuple[int, str]]]:
    """Blocks without whole lines of page furniture ("top of page", "33 views", "Recent Posts")."""
    kept, dropped = [], []
    for block in blocks:
        if not per_line:
            if _BOILERPLATE_RE.match(block.text.strip()):
                dropped.append((block.line, block.text))
            else:
                kept.append(block)
            continue
        lines = [(n, line) for n, line in block.source_lines]
        good = [(n, line) for n, line in lines if not _BOILERPLATE_RE.match(line.strip())]
        dropped.extend((n, line) for n, line in lines if _BOILERPLATE_RE.match(line.strip()))
        if not good:
            continue
        if len(good) == len(lines):
            kept.append(block)
            continue
        kept.extend(text_blocks("\n" * (good[0][0] - 1) + "\n".join(line for _, line in good)))
    return kept, dropped


def _script_of(text: str) -> str | None:
    """The writing system of most letters when most are not Latin: "Cyrillic", "CJK (Chinese, Japanese)"."""
    counts: dict[str, int] = {}
    for ch in text[:20000]:
        if ch.isalpha():
            name = unicodedata.name(ch, "UNKNOWN").split()[0]
            name = "CJK" if name in ("CJK", "HIRAGANA", "KATAKANA", "IDEOGRAPHIC") else name
            counts[name] = counts.get(name, 0) + 1
    total = sum(counts.values())
    if total < 200 or counts.get("LATIN", 0) >= 0.5 * total:
        return None
    script = max((k for k in counts if k != "LATIN"), key=counts.get)
    return {"CJK": "CJK (Chinese, Japanese)", "HANGUL": "Hangul (Korean)"}.get(script, script.title())


def _question_title(block: Block) -> bool:
    """A plain text's first line that asks: "Can Mental Exercise Prevent Alzheimer Disease?".

    A heading ends without sentence punctuation, but a title may end with a question or an
    exclamation mark; as the one-line opening of a text it is the title, not a paragraph.
    """
    line = block.text.strip()
    return (
        block.kind == "paragraph"
        and len(block.lines) == 1
        and line[-1:] in ("?", "!")
        and is_heading_text([line[:-1].rstrip()])
    )


def assemble(blocks: list[Block], *, source: str, fmt: str, title_hint: str = "", notes=()) -> dict:
    """The fields of an :class:`~litmap.read.article.Article` made from a page's blocks (see the module doc)."""
    blocks, dropped = _drop_boilerplate(blocks, per_line=fmt == "text")
    blocks = _tabled_entries(blocks) if fmt != "pdf" else blocks  # a PDF's list is found by its layout
    return _Assembly(blocks, source, fmt, title_hint, dropped, list(notes)).fields()


def _tabled_entries(blocks: list[Block]) -> list[Block]:
    """Table rows right under a reference-list heading that read as entries ("1. | Smith, J. (2001)…"),
    made list items: a list set as a table was "no reference section found" (tables are set apart).

    Only the rows that follow a "References" heading, one after another, each an entry; a table of the
    body (included studies, results) is left a table.
    """
    out = list(blocks)
    after_heading = False
    entries = 0
    for i, block in enumerate(out):
        if block.kind == "heading":
            after_heading, entries = reference_heading_kind(block.text) == "primary", 0
        elif after_heading and block.kind == "table" and looks_like_entry(block.text):
            out[i] = dataclasses.replace(block, kind="item")
            entries += 1
        elif after_heading and block.kind == "table" and not entries and len(block.text) <= 40:
            continue  # the table's header row ("# | Reference"): the rows below it are still read
        else:
            after_heading = False
    return out


class _Assembly:
    """Blocks → the fields of an Article: title, front matter, sections, the reference block and its links."""

    def __init__(self, blocks, source, fmt, title_hint, dropped, notes):
        self.blocks = split_reference_headings(blocks)
        self.source, self.fmt, self.title_hint = source, fmt, title_hint
        self.dropped: list[tuple[int, str]] = list(dropped)
        self.notes: list[str] = list(notes)

    def drop(self, block: Block) -> None:
        self.dropped.extend(block.source_lines)

    def fields(self) -> dict:
        blocks = self.blocks
        title, blocks = self._title(blocks)
        start, end, heading = find_reference_region(blocks)
        entries: list[Block] = []
        if start is not None:
            entries = blocks[start:end]
            for block in blocks[end:]:
                self.drop(block)
            blocks = blocks[: start - 1] if heading else blocks[:start]
        reference_lines, anchors = self._reference_lines(entries, heading)
        sections, links = self._sections(blocks, anchors)
        reference_lines = self._checked(reference_lines, sections, links)
        body = " ".join([title or "", *(text for s in sections for _, text in s.paragraphs)])
        body += " ".join(text for _, text in self.dropped)  # a script check must not depend on what was dropped
        script = _script_of(body)
        if script:
            raise ArticleError(
                f"the article is written in {script} script, which litmap cannot read yet "
                "(it reads articles in the Latin alphabet: English, Spanish, French, German, …)",
                source=self.source,
            )
        n_entries = len(split_reference_block([t for _, t in reference_lines])) if reference_lines else 0
        if not sections and reference_lines:
            raise ArticleError(
                f"found a reference list ({counted(n_entries, 'entry', 'entries')}) but no article text; "
                "give the article itself "
                f"and pass this list with `--references {self.source}`",
                source=self.source,
            )
        if not sections and self.fmt == "pdf":
            raise ArticleError(
                "no article text found in the PDF (only page furniture, captions or tables)", source=self.source
            )
        if not sections:
            where = "on the page" if self.fmt == "html" else "in the file"
            raise ArticleError(
                f"no article text found {where} (only headings or page furniture); "
                "save the article's own text as a .txt or .md file and read that",
                source=self.source,
            )
        return {
            "source": self.source,
            "title": title or "(untitled)",
            "sections": tuple(sections),
            "reference_lines": tuple(reference_lines),
            "dropped_lines": tuple(sorted(self.dropped)),
            "notes": tuple(self.notes),
            "citation_links": tuple(links),
            "format": self.fmt,
        }

    # -- title and front matter ------------------------------------------------------------------

    def _title(self, blocks: list[Block]) -> tuple[str, list[Block]]:
        if blocks and reference_heading_kind(blocks[0].text) == "primary":
            return "", blocks  # a page that opens with "References" has no title of its own
        if self.fmt in ("html", "pdf"):
            for i, block in enumerate(blocks):
                if block.kind == "heading" and block.level == 1:
                    for before in blocks[:i]:  # labels and dates above the title
                        self.drop(before)
                    return _heading_text(block), blocks[i + 1 :]
            return self.title_hint, blocks
        if blocks and (blocks[0].kind == "heading" or _question_title(blocks[0])):
            return _heading_text(blocks[0]), blocks[1:]
        return "", blocks

    # -- the reference block ---------------------------------------------------------------------

    def _reference_lines(self, blocks: list[Block], heading: bool) -> tuple[list[tuple[int, str]], dict[str, int]]:
        """Reference lines (blank between entries of HTML/Markdown) and {anchor id: entry position}."""
        lines: list[tuple[int, str]] = []
        first_line: list[int] = []  # index in ``lines`` where each block starts
        for block in blocks:
            if (block.kind == "heading" and not looks_like_entry(block.text)) or block.kind in SET_APART:
                self.drop(block)  # a sub-heading of the list ("Journal articles", "Notes"), a box inside it
                first_line.append(-1)
                continue
            if lines:  # a blank line between blocks: it separates entries
                lines.append((lines[-1][0] + (self.fmt == "text"), ""))
            first_line.append(len(lines))
            if self.fmt == "text":
                lines.extend(block.source_lines)
            else:
                text = without_link_labels(block)
                lines.extend((block.line, t) for t in ([p.strip() for p in text.split("\n") if p.strip()] or [text]))
        units = split_reference_block([t for _, t in lines], start=0)
        # A PDF's list is bounded by its layout (labels, type size, headings): every entry is kept.
        keep = (
            entry_span([text for _, text in units]) if self.fmt != "pdf" else ((0, len(units) - 1) if units else None)
        )
        if keep is None:
            for n, text in lines:
                if text:
                    self.dropped.append((n, text))
            return [], {}
        first, last = keep
        repeat = _repeated_half([text for _, text in units[first : last + 1]])
        if repeat:  # the whole list printed twice (a page's print copy, a list pasted again): read once
            last = first + repeat - 1
        begin = units[first][0]
        stop = units[last + 1][0] if last + 1 < len(units) else len(lines)
        self.dropped.extend((n, t) for n, t in lines[:begin] + lines[stop:] if t)
        if repeat:
            self.notes.append(
                f"the reference list is printed twice ({counted(repeat, 'entry', 'entries')}, then the same "
                f"{counted(repeat, 'entry', 'entries')} again from line {lines[stop][0]}): read once"
            )
        skipped = [(n, t) for n, t in lines[:begin] if t and entry_score(t) >= 1]
        if heading and skipped:  # a piece of an entry cut off by a blank line ("Coke, L. (2019).")
            self.notes.append(
                f"left out {counted(len(skipped), 'line')} before the first entry of the reference list that "
                f"read{'s' if len(skipped) == 1 else ''} like part of an entry (from line {skipped[0][0]}: "
                f"{skipped[0][1][:60]!r}): is an entry broken by a blank line?"
            )
        after = [(n, t) for n, t in lines[stop:] if t and looks_like_entry(t, long_ok=True)] if not repeat else []
        if after:  # the list was ended by a gap of lines that read like no entry, and entries followed
            self.notes.append(
                f"left out {counted(len(after), 'line')} after the reference list's last entry that "
                f"read{'s' if len(after) == 1 else ''} like {'an entry' if len(after) == 1 else 'entries'} "
                f"(from line {after[0][0]}: {after[0][1][:60]!r}): the list may be cut short"
            )
        kept = lines[begin:stop]
        while kept and not kept[-1][1]:
            kept.pop()
        if not heading:
            note = (
                f"no reference-list heading found: read the {counted(last - first + 1, 'entry', 'entries')} "
                "that end the page "
                f"(from line {kept[0][0]}) as its reference list"
            )
            self.notes.append(note)
            warnings.warn(f"{self.source}: {note}", UserWarning, stacklevel=5)
        starts = [u[0] for u in units[first : last + 1]]
        anchors: dict[str, int] = {}
        for block, index in zip([b for b in blocks], first_line):
            if index < 0 or index < begin or index >= stop:
                continue
            position = max(0, bisect.bisect_right(starts, index) - 1)  # starts are in order: no scan per block
            for anchor in block.anchors:
                anchors.setdefault(anchor, position)
        return kept, anchors

    # -- the reading checks itself ---------------------------------------------------------------

    def _checked(self, reference_lines, sections, links):
        """The reference lines, split where the list shows entries run together; doubts go to the notes."""
        texts = {n: text for s in sections for n, text in s.paragraphs}
        body = list(texts.values())
        cited = cited_numbers(body)
        cited += [
            n for k in links if k.entry is None for n in cited_numbers([f"[{texts[k.paragraph][k.start : k.end]}]"])
        ]
        units = split_reference_block([t for _, t in reference_lines], start=0) if reference_lines else []
        entries = [text for _, text in units]
        numbered = is_numbered(entries)
        repaired, notes = split_at_missing_labels(entries, cited_max=max(cited, default=0) if numbered else None)
        if len(repaired) != len(entries):  # one line per entry; a piece keeps the line its entry began on
            lines: list[tuple[int, str]] = []
            k = -1
            for text in repaired:
                if k + 1 < len(entries) and entries[k + 1].startswith(text):
                    k += 1
                line = reference_lines[units[max(k, 0)][0]][0]
                lines += [(line, text), (line, "")]
            reference_lines = lines[:-1]
        self.notes += notes + describe_reference_doubts(repaired, cited=cited)
        self.notes += describe_body_doubts(body)
        return reference_lines

    # -- the body --------------------------------------------------------------------------------

    def _sections(self, blocks: list[Block], anchors: dict[str, int]):
        sections: list[Section] = []
        links: list[CitationLink] = []
        heading, paragraphs = "Introduction", []
        parents: list[str] = []  # headings with no paragraphs, right before the current one
        lead_in = False  # the last front matter dropped ends with ":", so a list follows it
        colon_lines = [n for n, t in self.dropped if t.rstrip().endswith(":")]
        previous = -1
        paragraph_no = 0
        front = True  # between the title and the first heading: bylines, dates, journal lines
        resume: str | None = None  # in a run of table rows that cite: the heading to go back to after it

        def add(block: Block, text: str) -> None:
            nonlocal paragraph_no
            paragraph_no += 1
            paragraphs.append((paragraph_no, text))
            offset = len(block.text) - len(block.text.lstrip())
            for link in block.links:
                if link.kind == "sup":
                    links.append(CitationLink(paragraph_no, link.start - offset, link.end - offset, None))
                elif link.kind == "anchor" and link.target in anchors:
                    links.append(
                        CitationLink(paragraph_no, link.start - offset, link.end - offset, anchors[link.target])
                    )

        for block in blocks:
            if block.kind in SET_APART:
                if block.kind == "table" and _cites(block, anchors):
                    # table rows that cite ("Chan [44]"): a section of their own, where the table stands
                    if resume is None:
                        if paragraphs:
                            sections.append(Section(heading, tuple(paragraphs), tuple(parents)))
                            parents = []
                        resume, heading, paragraphs = heading, TABLES_HEADING, []
                    add(block, block.text.replace("\n", " ").strip())
                else:
                    self.drop(block)
                continue
            if resume is not None:  # the run of table rows is over: the text goes on, or a new section opens
                sections.append(Section(heading, tuple(paragraphs)))
                heading, paragraphs, resume = resume, [], None
                if block.kind == "heading":
                    heading = _heading_text(block)
                    continue
            after, previous = previous, block.line
            lead_in = lead_in or any(after < n < block.line for n in colon_lines)
            if block.kind == "heading":
                text = _heading_text(block)
                if front and not block.level and (is_front_matter(text) or lead_in):
                    # plain text: "Journal (2012). https://doi.org/…", a date, under the title; or an item of a
                    # list the front matter introduced ("you will be able to:" and its learning objectives)
                    self.drop(block)
                    continue
                if paragraphs or text != heading:  # a heading repeated right after itself is one heading
                    if paragraphs:
                        sections.append(Section(heading, tuple(paragraphs), tuple(parents)))
                        parents = []
                    elif not front:
                        parents.append(heading)
                    heading, paragraphs = text, []
                continue
            text = block.text.replace("\n", " ").strip()
            if front and (is_front_matter(text) or _is_label(text)):
                self.drop(block)  # byline, date, "Journal (2012). doi", a lone "Share" or author name
                lead_in = text.endswith(":")
                continue
            front = False
            add(block, text)
        if paragraphs:
            sections.append(Section(heading, tuple(paragraphs), tuple(parents) if resume is None else ()))
        return sections, links


#: The section that holds the table rows that cite references ("Chan [44]" in a table of included studies).
TABLES_HEADING = "Tables"
_CITATION_SHAPE = re.compile(
    r"\[\s*\d{1,4}\s*(?:[,–-]\s*\d{1,4}\s*)*\]|\([^()]*[^\W\d_]{2}[^()]*\b"
    + YEAR
    + r"[a-z]?\)|\bet al\b\.?,?\s*\(?"
    + YEAR
)


def _repeated_half(entries: list[str]) -> int:
    """The number of entries in each copy when ``entries`` are one list of two or more entries printed
    twice in a row (the same texts, spaces aside), else 0. A single entry printed twice stays: that is
    a list's own slip, for the audit to see.

    >>> _repeated_half(["A (2001).", "B (2002).", "A  (2001).", "B (2002)."]), _repeated_half(["A", "A"])
    (2, 0)
    """
    n = len(entries)
    if n < 4 or n % 2:
        return 0
    half = n // 2
    texts = [" ".join(text.split()) for text in entries]
    return half if texts[:half] == texts[half:] else 0


def _cites(block: Block, anchors: dict[str, int]) -> bool:
    """A table row that holds a citation: "Chan [44]", "(Smith et al., 2001)", a link to an entry."""
    if any(k.kind == "sup" or (k.kind == "anchor" and k.target in anchors) for k in block.links):
        return True
    return _CITATION_SHAPE.search(block.text) is not None or AUTHOR_YEAR_CELL.search(block.text) is not None


def _is_label(text: str) -> bool:
    """A few words that end no sentence: "Ada Moreno", "Share", "5 min read", "From Wikipedia, the free encyclopedia"."""
    return len(text) <= 120 and len(text.split()) < 12 and not re.search(r"[.!?:;。！？]['\"”’)]?\s*$", text)


def _heading_text(block: Block) -> str:
    return _EDIT_LINK.sub("", " ".join(block.text.split()))
