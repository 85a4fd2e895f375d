"""Read an article (file or URL) into its title, sections, paragraphs and reference block.

Articles arrive as scraped page text: site furniture ("top of page", "Updated: Apr 29", view
counters, social links), headings as bare lines, a heading that repeats, and a ``References:``
block near the end followed by calls to action. :func:`read_article` keeps the article body and
the reference block and drops the furniture, saying nothing it drops is a claim.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from litmap.errors import ArticleError

#: Headings that open a reference list (matched case-insensitively, with an optional colon).
REFERENCE_HEADINGS = (
    "references",
    "reference list",
    "bibliography",
    "works cited",
    "literature cited",
    "sources",
    "citations",
    "notes and references",
    "references and notes",
    "literatur",
    "références",
    "referencias",
)

# Page furniture seen on blogs and CMS pages; one pattern per kind of line, matched on the whole
# (stripped) line. Kept deliberately narrow: a false positive would silently drop a sentence.
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
_REFERENCE_HEADING_RE = re.compile(
    r"^\s*(?:\d+\.?\s*)?(?:" + "|".join(map(re.escape, REFERENCE_HEADINGS)) + r")\s*:?\s*$",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"\b(1[5-9]\d\d|20\d\d)[a-z]?\b|\bn\.\s?d\.")
_DOI_OR_URL_RE = re.compile(r"\b10\.\d{4,9}/|https?://", re.IGNORECASE)
_HEADING_MAX_CHARS = 120


@dataclass(frozen=True)
class Section:
    """A heading and the paragraphs under it (each paragraph a string, with its number)."""

    heading: str
    paragraphs: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class Article:
    """An article as litmap reads it: where it came from, title, body sections, reference lines."""

    source: str
    title: str
    sections: tuple[Section, ...]
    reference_lines: tuple[tuple[int, str], ...] = field(default=())
    dropped_lines: tuple[tuple[int, str], ...] = field(default=())

    @property
    def has_references(self) -> bool:
        return any(text.strip() for _, text in self.reference_lines)

    @property
    def paragraphs(self) -> list[tuple[str, int, str]]:
        """``(section heading, paragraph number, text)`` for every body paragraph."""
        return [(s.heading, n, text) for s in self.sections for n, text in s.paragraphs]


def read_article(source: str | Path, *, timeout: float = 30.0) -> Article:
    """Read an article from a text/HTML file or an http(s) URL.

    Raises
    ------
    ArticleError
        The file is missing, empty or binary, or the URL cannot be fetched.
    """
    text = _read_source(source, timeout=timeout)
    return compute_article(text, source=str(source))


def compute_article(text: str, *, source: str = "<text>") -> Article:
    """Split page text into title, sections and the reference block (pure; no I/O)."""
    if not text.strip():
        raise ArticleError("the article is empty (no text to read)", source=source)
    blocks = _blocks(text)
    ref_start = _reference_heading_index(blocks)
    body_blocks = blocks if ref_start is None else blocks[:ref_start]
    reference_lines: list[tuple[int, str]] = []
    dropped: list[tuple[int, str]] = []
    if ref_start is not None:
        reference_lines, trailing = _reference_block(blocks[ref_start + 1 :])
        dropped.extend(trailing)

    title = ""
    sections: list[Section] = []
    heading, paragraphs = "Introduction", []
    paragraph_no = 0
    for line_no, lines in body_blocks:
        kept = []
        for offset, line in enumerate(lines):
            if _BOILERPLATE_RE.match(line.strip()):
                dropped.append((line_no + offset, line))
            else:
                kept.append(line)
        if not kept:
            continue
        block = " ".join(line.strip() for line in kept)
        if _is_heading(kept):
            if not title:
                title = block
                continue
            if paragraphs or block != heading:  # a heading repeated right after itself is one heading
                if paragraphs:
                    sections.append(Section(heading, tuple(paragraphs)))
                heading, paragraphs = block, []
            continue
        if not title:
            title = "(untitled)"
        paragraph_no += 1
        paragraphs.append((paragraph_no, block))
    if paragraphs:
        sections.append(Section(heading, tuple(paragraphs)))
    if not sections and not reference_lines:
        raise ArticleError("no article text found (only headings or page furniture)", source=source)
    return Article(source, title or "(untitled)", tuple(sections), tuple(reference_lines), tuple(sorted(dropped)))


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Blank-line separated blocks as (first line number, lines)."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line.rstrip())
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def _is_heading(lines: list[str]) -> bool:
    if len(lines) != 1:
        return False
    line = lines[0].strip()
    return len(line) <= _HEADING_MAX_CHARS and not re.search(r"[.!?:;,]\)?[\"”’']?$", line)


def _reference_heading_index(blocks) -> int | None:
    """Index of the last block that is a reference-list heading, if any."""
    found = None
    for index, (_, lines) in enumerate(blocks):
        if len(lines) == 1 and _REFERENCE_HEADING_RE.match(lines[0]):
            found = index
    return found


def _looks_like_reference(line: str) -> bool:
    return len(line.strip()) >= 20 and bool(_YEAR_RE.search(line) or _DOI_OR_URL_RE.search(line))


def _reference_block(blocks) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Lines from the reference heading to the last line that looks like a reference.

    Lines in between that do not look like references are kept (the parser flags them), so a
    malformed entry is never lost; what follows the last reference (calls to action, counters)
    is returned separately as dropped page furniture.
    """
    lines: list[tuple[int, str]] = []
    for start, block in blocks:
        if lines:  # keep the blank line between blocks: it separates entries
            lines.append((start - 1, ""))
        lines.extend((start + i, line) for i, line in enumerate(block))
    last = max((i for i, (_, line) in enumerate(lines) if _looks_like_reference(line)), default=-1)
    trailing = [(n, line) for n, line in lines[last + 1 :] if line]
    return lines[: last + 1], trailing


def _read_source(source: str | Path, *, timeout: float) -> str:
    text_source = str(source)
    if re.match(r"^https?://", text_source, re.IGNORECASE):
        return _fetch_url(text_source, timeout=timeout)
    path = Path(source)
    if not path.exists():
        raise ArticleError("no such file", source=text_source)
    if path.is_dir():
        raise ArticleError("is a folder, not an article file", source=text_source)
    data = path.read_bytes()
    text = decode_text(data, source=text_source)
    return html_to_text(text) if _looks_like_html(text) else text


def decode_text(data: bytes, *, source: str) -> str:
    """Decode bytes as UTF-8; refuse binary data; fall back to cp1252 with a warning naming the line."""
    if not data.strip():
        raise ArticleError("the file is empty", source=source)
    if b"\x00" in data[:8192]:
        raise ArticleError("looks like a binary file (it contains NUL bytes), not article text", source=source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        warnings.warn(
            f"{source}: not valid UTF-8 (byte 0x{data[err.start]:02x} at line {line}); "
            "read as Windows-1252 instead — check accented characters",
            UnicodeWarning,
            stacklevel=3,
        )
        return data.decode("cp1252", errors="replace")


def _fetch_url(url: str, *, timeout: float) -> str:
    from litmap.documents import fetch_document  # streamed, size- and time-limited; errors in words
    from litmap.settings import Settings

    document = fetch_document(url, settings=Settings.from_env(time_limit=timeout))
    text = decode_text(document.content, source=url) if document.content else ""
    if not text.strip():
        raise ArticleError("the page is empty", source=url)
    return html_to_text(text) if _looks_like_html(text) else text


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith("<!doctype html") or head.startswith("<html") or "<body" in head


#: Elements whose text is never shown: scripts, styles and the like.
SKIPPED_ELEMENTS = frozenset({"script", "style", "noscript", "svg", "template"})


class _TextExtractor(HTMLParser):
    """Visible text of HTML or JATS: a paragraph break around each block element, ``skip`` elements left out.

    Namespace prefixes are ignored (``jats:p`` is a ``p``), so one extractor serves web pages and
    Crossref's JATS abstracts.
    """

    BLOCK = frozenset(
        {
            "p",
            "div",
            "br",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "section",
            "article",
            "header",
            "footer",
            "tr",
            "blockquote",
            "ul",
            "ol",
            "table",
            "title",
            "sec",
            "list-item",
            "label",
        }
    )

    def __init__(self, skip: frozenset[str] = SKIPPED_ELEMENTS):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = skip
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        name = tag.split(":")[-1]
        if name in self.skip:
            self._skipping += 1
        elif name in self.BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        name = tag.split(":")[-1]
        if name in self.skip and self._skipping:
            self._skipping -= 1
        elif name in self.BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str, *, skip: frozenset[str] = SKIPPED_ELEMENTS) -> str:
    """Visible text of an HTML (or JATS) fragment, blocks separated by blank lines."""
    parser = _TextExtractor(skip)
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    return "\n".join(line.strip() for line in text.splitlines())
