"""The blocks a page is read into, whatever its format, and what a block of text looks like.

Each reader (plain text here; HTML in :mod:`litmap.read.html_page`; Markdown in
:mod:`litmap.read.markdown_page`) turns its input into a list of :class:`Block` — headings,
paragraphs, list items, captions, with the line they start on and the links they carry — and
:mod:`litmap.read.article` assembles the blocks into an :class:`~litmap.read.article.Article`. The
judgements that need only a block's text (is it a heading, a caption, a byline?) live here so the
three formats share them.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from litmap.read.reference_block import split_reference_block
from litmap.text import PARTICLE_RE, PARTICLES, YEAR


def word_set(text: str) -> frozenset[str]:
    """The words of a string: the long word lists of the readers, written as prose ("nav aside form …")."""
    return frozenset(text.split())


@dataclass(frozen=True)
class Section:
    """A heading and the paragraphs under it (each paragraph a string, with its number)."""

    heading: str
    paragraphs: tuple[tuple[int, str], ...] = ()
    #: Headings with no paragraphs of their own that stand right before this one, outermost first
    #: ("Methods" before "Participants"): where the section sits in the article's outline.
    parents: tuple[str, ...] = ()


@dataclass(frozen=True)
class CitationLink:
    """A citation the page marks itself: a link from body text to a reference entry, or a superscript.

    ``paragraph`` is the paragraph number, ``start``/``end`` the span in its text, ``entry`` the
    0-based position of the entry in :meth:`Article.reference_entries` (``None`` for a superscript
    number with no link, which may still be a numbered citation).
    """

    paragraph: int
    start: int
    end: int
    entry: int | None


@dataclass(frozen=True)
class Link:
    """A span of a block's text that the page marks: a link into the page, a superscript, or a link out.

    ``kind`` is ``"anchor"`` for a link to an element of the page, whose id is ``target``
    (``"ref3"`` for ``href="#ref3"``); ``"sup"`` for a superscript whose digits may be a numbered
    citation; ``"external"`` for a link elsewhere, ``target`` its address (used to drop "PubMed",
    "Google Scholar" labels after a reference entry, keeping a DOI link's address).
    """

    start: int
    end: int
    target: str | None
    kind: str = "anchor"


@dataclass(frozen=True)
class Block:
    """One unit of a page: its kind, text, the line it starts on, and (HTML, Markdown) its anchors and links."""

    kind: str  # heading, paragraph, item (of a list), caption (of a figure or table) or table
    text: str
    line: int
    level: int = 0  # heading level 1-6; 0 when guessed from plain text
    lines: tuple[str, ...] = ()  # plain text: the block's lines as written
    anchors: tuple[str, ...] = ()  # ids and names inside the block (where links may point)
    links: tuple[Link, ...] = ()
    group: int | None = None  # the list a list item belongs to
    number: int | None = None  # the number an ordered list shows before the item

    @property
    def source_lines(self) -> list[tuple[int, str]]:
        """The block as (line number, text) pairs: its own lines for plain text, else one line."""
        if self.lines:
            return [(self.line + i, line) for i, line in enumerate(self.lines)]
        return [(self.line, self.text)]


# ---------------------------------------------------------------------------------------------
# plain text


def text_blocks(text: str) -> list[Block]:
    """Blank-line separated blocks of plain text, each a heading or a paragraph (or caption)."""
    blocks: list[Block] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate([*text.splitlines(), ""], start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line.rstrip())
            continue
        if current:
            joined = " ".join(part.strip() for part in current)
            kind = "heading" if is_heading_text(current) else ("caption" if is_caption(joined) else "paragraph")
            blocks.append(Block(kind, joined, start, lines=tuple(current)))
            current = []
    return blocks


_HEADING_MAX_CHARS = 200
_HEADING_MAX_WORDS = 30
_ENDS_LIKE_SENTENCE = re.compile(r"[.!?:;,]\)?[\"”’']?$")
_ENDS_WITH_CITATION = re.compile(
    r"(?:\[\d[\d,\s–-]*\]|\([^()]*\d{4}[a-z]?\)|[A-Z][\w'’-]+(?: et al\.?)?,\s*\d{4}[a-z]?)$"
)


def is_heading_text(lines: list[str]) -> bool:
    """A plain-text heading: one short line with no sentence punctuation or citation at its end."""
    if len(lines) != 1:
        return False
    line = lines[0].strip()
    return (
        len(line) <= _HEADING_MAX_CHARS
        and len(line.split()) <= _HEADING_MAX_WORDS
        and not _ENDS_LIKE_SENTENCE.search(line)
        and not _ENDS_WITH_CITATION.search(line)
        and not _IDENTIFIER.search(line)  # "PLoS ONE (2012). https://doi.org/…" under a title
    )


_CAPTION = re.compile(
    r"^(?:(?:Supplementary|Supporting|Additional|Extended Data)\s+)?"
    r"(?:Figure|Fig\.?|Table|Tab\.|Box|Plate|Chart|Scheme|Video|Graph|Map|Photo|File)"
    r"\s*S?\d+[A-Za-z]?(?:\s*[.:|—–-]|\s+(?=(?-i:[A-Z])))",  # "Figure 2. The…", "Fig. 3 The…", not "Figure 1 shows"
    re.IGNORECASE,
)


#: A citation in a table's cell, in an author–year article: "Chan et al. (2009)", "Chan et al, 2009", or the
#: whole cell a name (or two) and a year: "Loefer & Sedberry, 2003", "Smith 2010a", as tables of included
#: studies print them.
AUTHOR_YEAR_CELL = re.compile(
    r"\bet al\b\.?,?\s{0,3}\(?"
    + YEAR
    + r"|^\s{0,3}[A-Z][\w’'\-]{1,30}(?:\s{1,3}(?:&|and)\s{1,3}[A-Z][\w’'\-]{1,30})?,?\s{1,3}\(?"
    + YEAR
    + r"[a-z]?\)?\s{0,3}$"
)


def is_caption(text: str) -> bool:
    """A figure or table caption: "Figure 2. …", "Table 1: …", "Fig. 3 The …"."""
    return bool(_CAPTION.match(text.strip()))


# ---------------------------------------------------------------------------------------------
# front matter: bylines, dates, "Journal (2012). https://doi.org/…", licence lines


_DATE_LINE = re.compile(
    r"^(?:(?:updated|published|posted|last updated|last modified|received|accepted|date)\b(?: on)?:?\s*)?"
    r"(?:\w+day,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?,?(?:\s+\d{4})?"
    r"(?:\s*[·|•–-]\s*\d+\s*min(?:ute)?s?\s+read)?\.?$"
    r"|^\d{4}-\d{2}-\d{2}$|^\d{1,2}[./]\d{1,2}[./]\d{2,4}$",
    re.IGNORECASE,
)
_LICENCE = re.compile(r"\bCC[- ]BY\b|\bCC0\b|\bCreative Commons\b|\blicen[cs]ed under\b|©|\bcopyright\b", re.IGNORECASE)
_IDENTIFIER = re.compile(r"\b10\.\d{4,9}/\S+|https?://\S+|\bdoi:\s*\S+", re.IGNORECASE)
_YEAR = re.compile(rf"\b{YEAR}\b")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


def _lowercase_share(text: str) -> float:
    skip = PARTICLES | {"et", "al.", "al", "and"}
    words = [w for w in _WORD.findall(_IDENTIFIER.sub(" ", text)) if w.lower() not in skip]
    if not words:
        return 0.0
    return sum(w[0].islower() for w in words) / len(words)


def is_front_matter(text: str) -> bool:
    """A byline, date, licence or "Journal (year). doi" line: metadata about the article, not its content.

    The test is the shape of the line, not a list of words: a date alone; "By Name"; or a line
    that carries a year, a DOI/URL, a licence or a list of names *and* has almost no lower-case
    words (prose has many: "By the end of this section, you will be able to:" is body text).

    >>> is_front_matter("PLoS ONE (2012). https://doi.org/10.1371/journal.pone.0040259")
    True
    >>> is_front_matter("Richard Wiseman, Caroline Watt, Leanne ten Brinke, Stephen Porter.")
    True
    >>> is_front_matter("Empathy builds trust between client and therapist (Smith, 2001).")
    False
    """
    text = " ".join(text.split())
    if not text or len(text) > 1500:
        return False
    if _DATE_LINE.match(text) or re.match(r"^(?:by|written by|posted by|author:?)\s+[A-Z][^.!?]{1,80}$", text, re.I):
        return True
    share = _lowercase_share(text)
    has_marker = bool(_YEAR.search(text) or _IDENTIFIER.search(text) or _LICENCE.search(text))
    if has_marker and share <= 0.2:
        return True
    return share <= 0.1 and is_name_list(text)


_NAME_PART = re.compile(rf"^(?:(?:[A-Z][\w'’-]*\.?|[a-z]{{1,3}}|{PARTICLE_RE})\s+){{1,4}}[A-Z][\w'’-]+$")


def is_name_list(text: str) -> bool:
    """Two or more personal names separated by commas/"and": "A. Smith, Bo Lee and C. D. Wu"."""
    text = re.sub(r"\s*(?:,?\s+et al\.?|[*†‡§¶\d]+)", "", text.strip().rstrip("."))
    parts = [p.strip() for p in re.split(r",\s*|\s+(?:and|&)\s+", text) if p.strip()]
    return len(parts) >= 2 and sum(bool(_NAME_PART.match(p)) for p in parts) >= 0.8 * len(parts)


# ---------------------------------------------------------------------------------------------
# list items

_BACKLINK = re.compile(r"^\s*(?:[\^↑]|↩\ufe0e?)(?:\s*[a-z](?=\s))*\s*")
_SHOWN_NUMBER = re.compile(r"^\s*[\[(]?\d{1,4}[\].)]")


def _shift(block: Block, text: str, offset: int) -> Block:
    """The block with new text whose first ``offset`` characters were added (negative: removed)."""
    links = tuple(
        Link(k.start + offset, k.end + offset, k.target, k.kind) for k in block.links if k.start + offset >= 0
    )
    lines = tuple(p.strip() for p in text.split("\n") if p.strip()) if "\n" in text else ()
    return Block(block.kind, text, block.line, block.level, lines, block.anchors, links, block.group, block.number)


def with_list_number(block: Block) -> Block:
    """A list item as a reader sees it: footnote backlinks ("^ a b", "↑") off, the list's number in front.

    >>> with_list_number(Block("item", "^ a b Smith J. Trust. 2001.", 1, number=3)).text
    '3. Smith J. Trust. 2001.'
    """
    if block.kind != "item":
        return block
    backlink = _BACKLINK.match(block.text)
    if backlink and backlink.end():
        block = _shift(block, block.text[backlink.end() :], -backlink.end())
    if block.number is None or _SHOWN_NUMBER.match(block.text):
        return block
    prefix = f"{block.number}. "
    return _shift(block, prefix + block.text, len(prefix))


@dataclass(frozen=True)
class Article:
    """An article as litmap reads it: where it came from, title, body sections, reference lines."""

    source: str
    title: str
    sections: tuple[Section, ...]
    reference_lines: tuple[tuple[int, str], ...] = field(default=())
    dropped_lines: tuple[tuple[int, str], ...] = field(default=())
    notes: tuple[str, ...] = field(default=())
    citation_links: tuple[CitationLink, ...] = field(default=())
    format: str = "text"
    #: The article's own DOI when the source states it (a PDF's metadata or first page), else "".
    doi: str = ""

    def to_dict(self) -> dict:
        """The article as JSON-ready data; :meth:`from_dict` reads it back equal."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Article:
        """The article that :meth:`to_dict` wrote (lists back to tuples, links back to objects).

        >>> article = Article("<text>", "Trust", (Section("Trust", ((1, "Empathy builds trust [1]."),)),), ((5, "1. Lee K. Trust. 2001."),))
        >>> Article.from_dict(article.to_dict()) == article
        True
        """
        data = dict(data)
        sections = tuple(
            Section(s["heading"], tuple(tuple(p) for p in s["paragraphs"]), tuple(s.get("parents", ())))
            for s in data.pop("sections")
        )
        pairs = {name: tuple(tuple(x) for x in data.pop(name, ())) for name in ("reference_lines", "dropped_lines")}
        links = tuple(CitationLink(**link) for link in data.pop("citation_links", ()))
        notes = tuple(data.pop("notes", ()))
        return cls(sections=sections, citation_links=links, notes=notes, **pairs, **data)

    @property
    def has_references(self) -> bool:
        return any(text.strip() for _, text in self.reference_lines)

    @property
    def paragraphs(self) -> list[tuple[str, int, str]]:
        """``(section heading, paragraph number, text)`` for every body paragraph."""
        return [(s.heading, n, text) for s in self.sections for n, text in s.paragraphs]

    def reference_entries(self) -> list[tuple[int, str]]:
        """The reference block split into entries, each with the line it starts on."""
        texts = [text for _, text in self.reference_lines]
        return [(self.reference_lines[i][0], text) for i, text in split_reference_block(texts, start=0)]
