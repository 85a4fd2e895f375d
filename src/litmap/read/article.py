"""Read an article (file or URL) into its title, sections, paragraphs and reference block.

Articles arrive as web pages (journal pages, blog platforms, saved HTML), Markdown or plain text.
Each format is read into the same blocks — headings, paragraphs, list items, captions — through
its own structure: HTML with lxml (page furniture such as navigation, sidebars, comments, share
bars and footers is left out by markup, see :mod:`litmap.read.html_page`), Markdown with
markdown-it-py, plain text by blank lines. :func:`compute_article` then finds the title, leaves
out the front matter (bylines, dates, "Journal (2012). doi" lines), captions and tables, keeps
the body's sections and paragraphs, and finds the reference block: under a heading such as
*References*, *Bibliography* or *Literatur*, ending where the lines stop looking like entries;
or, with no heading, the run of entry-like lines that ends the page (said in ``notes``).
Nothing is lost silently: what is left out is in ``dropped_lines``.
"""

from __future__ import annotations

import codecs
import os
import re
import select
import stat
import time
import warnings
from html.parser import HTMLParser
from pathlib import Path

from litmap.arguments import checked, path
from litmap.errors import ArticleError
from litmap.read.assemble import assemble
from litmap.read.blocks import Article, CitationLink, Section, text_blocks
from litmap.read.pdf import PDF_HEADER_REACH, is_pdf, read_pdf_bytes
from litmap.settings import SETTINGS_ARGUMENT, Settings
from litmap.text import clean_text, path_text, unify_forms, unify_line_breaks

#: The formats :func:`compute_article` reads.
FORMATS = ("text", "markdown", "html")

__all__ = [
    "FORMATS",
    "Article",
    "CitationLink",
    "Section",
    "compute_article",
    "decode_text",
    "detect_format",
    "html_to_text",
    "missing_file_reason",
    "read_article",
    "unsupported_address",
]


@checked(source=path, settings=SETTINGS_ARGUMENT)
def read_article(source: str | Path, *, settings: Settings | None = None, format: str | None = None) -> Article:
    """Read an article from a text, Markdown, HTML or PDF file, or an http(s) URL.

    Parameters
    ----------
    source
        Path or URL.
    settings
        For a URL: the contact address (in the User-Agent), the time and size limits, redirects;
        offline settings refuse it (:func:`~litmap.read.documents.fetch_document`). By default
        ``Settings.from_env()``.
    format
        ``"text"``, ``"markdown"`` or ``"html"``; by default guessed from the file name and content
        (a PDF is recognised by its first bytes whatever this says).

    Raises
    ------
    ArticleError
        The file is missing, empty or binary, the URL cannot be fetched, or the page holds no
        article (see :func:`compute_article`); a :class:`~litmap.errors.PdfError` when a PDF is a
        scan, encrypted, damaged or too large.
    """
    data = _read_source(source, settings=settings)
    return compute_article_from_bytes(data, source=path_text(source), format=format)


def compute_article_from_bytes(data: bytes, *, source: str, format: str | None = None) -> Article:
    """An article from the bytes of a file or a download: a PDF goes to :mod:`litmap.read.pdf`, the rest to
    :func:`compute_article`."""
    from litmap.read.pdf_pages import compute_pdf_article  # the PDF stage loads PDFium only when a PDF comes

    if is_pdf(data):
        return compute_pdf_article(data, source=source)
    return compute_article(decode_text(data, source=source), source=source, format=format)


def compute_article(text: str, *, source: str = "<text>", format: str | None = None) -> Article:
    """Split an article's text into title, sections and the reference block (pure; no I/O).

    Parameters
    ----------
    text
        The page: HTML, Markdown or plain text.
    source
        Where it came from (a file name or URL), for messages and for guessing the format.
    format
        ``"text"``, ``"markdown"`` or ``"html"``; ``None`` guesses from ``source`` and ``text``.

    Raises
    ------
    ArticleError
        When the page is empty, holds only furniture or only a reference list, or is written in a
        script litmap does not read; the message says what was found and what to do.

    Examples
    --------
    >>> article = compute_article("# Trust\\n\\nEmpathy builds trust (Lee, 2001).\\n\\n## Reference\\n\\n"
    ...                           "Lee, K. (2001). Trust. *J Care*, 3, 1-9.\\n", source="post.md")
    >>> article.format, article.title, article.reference_entries()
    ('markdown', 'Trust', [(7, 'Lee, K. (2001). Trust. J Care, 3, 1-9.')])
    """
    # no control character or NUL goes further than here, and every reader counts the same lines
    text = unify_line_breaks(unify_forms(clean_text(text)))
    if not text.strip():
        raise ArticleError("the article is empty (no text to read)", source=source)
    fmt = format or detect_format(text, source)
    if fmt not in FORMATS:
        raise ArticleError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}", source=source)
    notes: list[str] = []
    title_hint = ""
    if fmt == "html":
        from litmap.read.html_page import html_blocks

        blocks, title_hint, removed = html_blocks(text, notes)
        if removed:
            notes.append(
                f"left out {removed} page element{'s that are' if removed != 1 else ' that is'} not the article "
                "(navigation, sidebars, footers, comments, forms)"
            )
    elif fmt == "markdown":
        from litmap.read.markdown_page import markdown_blocks

        blocks = markdown_blocks(text, notes)
    else:
        blocks = text_blocks(text)
    try:
        return Article(**assemble(blocks, source=source, fmt=fmt, title_hint=title_hint, notes=notes))
    except ArticleError as err:
        if fmt != "html" or not str(err).endswith(_NO_TEXT_ADVICE):
            raise
        from litmap.read.html_page import framed_pages, html_blocks

        inline, framed = framed_pages(text)
        if inline:  # a page written into an inline frame (srcdoc) is the page's own: read it there
            notes = []  # the reading's notes, made again
            blocks, title_hint, _ = html_blocks(text, notes, open_frames=True)
            return Article(**assemble(blocks, source=source, fmt=fmt, title_hint=title_hint, notes=notes))
        if not framed and re.search(r"<script\b", text, re.IGNORECASE) and len(html_to_text(text).split()) < 30:
            raise ArticleError(  # an app's shell (<div id="root"></div>): its text comes from scripts
                "no article text found on the page: its text is written by scripts, which litmap does not run; "
                "open it in a browser, save it (Save Page As…, complete) and read that file",
                source=source,
            ) from None
        if not framed:
            raise
        raise ArticleError(  # a page that only frames another: the address to read is the frame's
            f"no article text found on the page, which shows another page in a frame: read that address "
            f"instead ({', '.join(a[:200] for a in framed)})",
            source=source,
        ) from None


#: How :func:`~litmap.read.assemble.assemble` ends its "no article text found" message.
_NO_TEXT_ADVICE = "save the article's own text as a .txt or .md file and read that"


def detect_format(text: str, source: str = "") -> str:
    """``"html"``, ``"markdown"`` or ``"text"``, from the file name and the first lines.

    >>> detect_format("## Methods\\n\\nWe asked [^1].", "notes.txt"), detect_format("<p>Hi</p>")
    ('markdown', 'html')
    """
    name = source.lower().split("?", 1)[0]
    if name.endswith((".html", ".htm", ".xhtml")) or _looks_like_html(text):
        return "html"
    if name.endswith((".md", ".markdown", ".mdown", ".mkd")):
        return "markdown"
    head = text[:50000]
    if re.search(r"^#{1,6}[ \t]+\S", head, re.M) or re.search(r"^\[\^[^\]\s]+\]:", head, re.M):
        return "markdown"
    return "text"


def _read_source(source: str | Path, *, settings: Settings | None) -> bytes:
    text_source = path_text(source)  # for messages: a name that is not UTF-8 is shown with U+FFFD
    if re.match(r"^https?://", text_source, re.IGNORECASE):
        return _fetch_url(text_source, settings=settings)
    unsupported = unsupported_address(text_source)
    if unsupported:
        raise ArticleError(unsupported, source=text_source)
    path = Path(source)
    if not path.exists():
        raise ArticleError(missing_file_reason(path), source=text_source)
    if path.is_dir():
        raise ArticleError("is a folder, not an article file", source=text_source)
    if not path.is_file():  # a named pipe, a device, a socket: read as a stream, within the limits
        return read_file_bytes(path, settings=settings)  # a PDF among them is told by its bytes
    try:
        with path.open("rb") as handle:
            head = handle.read(PDF_HEADER_REACH)
    except OSError as err:
        raise ArticleError(f"cannot be read ({err.strerror or err})", source=text_source) from err
    if is_pdf(head):
        return read_pdf_bytes(path)  # refuses a PDF over the size limit before reading it
    return read_file_bytes(path, settings=settings)


def unsupported_address(source: str) -> str | None:
    """Why an address litmap does not fetch (``file://…``, ``ftp://…``) is refused, or None for a path or http(s).

    The one wording for ``litmap run`` and a corpus's inputs and ``--list`` lines.

    >>> unsupported_address("file:///home/me/a.txt")
    'file: addresses are not supported: give a file path, or an http(s) address'
    >>> unsupported_address("C:/articles/a.txt") is None, unsupported_address("https://x.org/a") is None
    (True, True)
    """
    scheme = re.match(r"^([a-z][a-z0-9+.-]{0,40}):/", source, re.IGNORECASE)
    if not scheme or len(scheme.group(1)) == 1 or scheme.group(1).lower() in ("http", "https"):
        return None  # "C:/…" is a Windows path, "file://…" is not
    return f"{scheme.group(1).lower()}: addresses are not supported: give a file path, or an http(s) address"


def missing_file_reason(path: str | Path) -> str:
    """Why a path that does not exist cannot be read, in words: a dangling or looping link says so, and a
    DOI or a web address without its ``https://`` is named as one.

    >>> missing_file_reason("no/such/article.txt")
    'no such file'
    >>> missing_file_reason("doi:10.1000/xyz")
    'no such file; litmap reads an article from a file or a web address, not a DOI: give its page, such as https://doi.org/10.1000/xyz'
    >>> missing_file_reason("www.example.org/post")
    'no such file; if it is a web page, give the whole address: https://www.example.org/post'
    """
    if Path(path).is_symlink():
        return "is a symbolic link that leads nowhere (or round in a loop)"
    text = path_text(path).strip()
    doi = re.fullmatch(r"(?:doi:\s{0,5})?(10\.\d{4,9}/\S{1,300})", text, re.IGNORECASE)
    if doi:
        return (
            "no such file; litmap reads an article from a file or a web address, not a DOI: "
            f"give its page, such as https://doi.org/{doi.group(1)}"
        )
    if re.fullmatch(
        r"(?:www\.[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}(?:/\S{0,2000})?|[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.[a-z]{2,24}/\S{0,2000})",
        text,
        re.IGNORECASE,
    ):
        return f"no such file; if it is a web page, give the whole address: https://{text}"
    return "no such file"


def read_file_bytes(path: str | Path, *, max_bytes: int | None = None, settings: Settings | None = None) -> bytes:
    """The bytes of a local file, read in chunks and refused past ``max_bytes`` (``LITMAP_MAX_BYTES``,
    the limit downloads have), so ``/dev/zero`` or a 100 MB log is one line, not all the memory.

    A named pipe or a device is read without blocking: one with no writer reads as empty, and one
    that stops sending without ending is given up after ``settings.time_limit`` seconds, as a
    download is.

    Raises
    ------
    ArticleError
        The file is larger than the limit, cannot be read, or is a pipe that did not end in time.
    """
    from litmap.settings import describe_bytes

    settings = settings if settings is not None else Settings.from_env()
    limit = max_bytes if max_bytes is not None else settings.max_bytes
    refused = ArticleError(
        f"is larger than {describe_bytes(limit)}, the most litmap reads (set LITMAP_MAX_BYTES to allow more)",
        source=str(path),
    )
    chunks, size = [], 0
    deadline = time.monotonic() + settings.time_limit
    try:
        # O_NONBLOCK: opening a named pipe nobody writes to would otherwise wait for ever
        handle = os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb", buffering=0)
        with handle:
            if stat.S_ISREG(os.fstat(handle.fileno()).st_mode) and os.fstat(handle.fileno()).st_size > limit:
                raise refused
            while True:
                chunk = handle.read(1 << 20)
                if chunk is None:  # a pipe or device with nothing to read yet
                    if time.monotonic() > deadline:
                        raise ArticleError(
                            f"sent nothing more for {settings.time_limit:g} s without ending "
                            f"(a pipe or device; got {describe_bytes(size)})",
                            source=str(path),
                        )
                    select.select([handle], [], [], 0.1)
                    continue
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    raise refused
                chunks.append(chunk)
    except OSError as err:
        raise ArticleError(f"cannot be read ({err.strerror or err})", source=str(path)) from err
    if not chunks and stat.S_ISFIFO(Path(path).stat().st_mode):
        raise ArticleError("is a named pipe and nothing was written to it", source=str(path))
    return b"".join(chunks)


#: Office documents by their first bytes: litmap names them instead of calling them binary.
_OFFICE = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Word (or other Office) document in the old .doc format"),
    (b"{\\rtf", "a Rich Text (RTF) document"),
)


def decode_text(data: bytes, *, source: str) -> str:
    """Decode bytes as UTF-8 (or UTF-16/32 with a byte-order mark); refuse binary data and name Word
    files; fall back to cp1252 with a warning naming the line.

    Control characters, lone surrogates and NUL bytes past the start are dropped (:func:`~litmap.text.clean_text`).
    """
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            if codec == "utf-16" and _eight_bit_after_mark(data[len(bom) :]):
                warnings.warn(
                    f"{source}: starts with a UTF-16 byte-order mark but the text after it is 8-bit; read without the mark",
                    UnicodeWarning,
                    stacklevel=2,
                )
                return decode_text(data[len(bom) :], source=source)
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as err:
                raise ArticleError(f"starts as {codec.upper()} text but is not ({err.reason})", source=source) from err
            if not text.strip():
                raise ArticleError("the file is empty", source=source)
            return clean_text(text)
    if not data.strip():
        raise ArticleError("the file is empty", source=source)
    office = _office_kind(data)
    if office:
        raise ArticleError(
            f"is {office}; litmap reads text, Markdown, HTML and PDF: save it as PDF (or as plain text) and pass that",
            source=source,
        )
    if b"\x00" in data[:8192]:
        text = _text_with_nuls(data, source=source)
        if text is None:
            raise ArticleError("looks like a binary file (it contains NUL bytes), not article text", source=source)
        return clean_text(text)
    try:
        return clean_text(data.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        mixed = _valid_utf8_beyond_ascii(data)
        warnings.warn(
            f"{source}: not valid UTF-8 (byte 0x{data[err.start]:02x} at line {line}); "
            + (
                "read as UTF-8 where it is and as Windows-1252 where not — check accented characters"
                if mixed
                else "read as Windows-1252 instead — check accented characters"
            ),
            UnicodeWarning,
            stacklevel=3,
        )
        if mixed:  # a file pasted together from two sources: each keeps its own letters ("Sméth" and "Müller")
            text = data.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="surrogateescape")
            return clean_text(_ESCAPED_BYTES.sub(_as_cp1252, text))
        return clean_text(data.decode("cp1252", errors="replace"))


#: The bytes that were not UTF-8, as ``surrogateescape`` keeps them (U+DC80–U+DCFF).
_ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")


def _as_cp1252(match: re.Match) -> str:
    """The bytes ``surrogateescape`` kept, read as Windows-1252."""
    return bytes(ord(char) - 0xDC00 for char in match.group()).decode("cp1252", errors="replace")


def _valid_utf8_beyond_ascii(data: bytes) -> bool:
    r"""Whether ``data`` holds at least one well-formed UTF-8 character beyond ASCII (so it is in part UTF-8).

    Windows-1252 text rarely does by chance: "Ã©" (0xC3 0xA9) is how UTF-8's "é" reads in it.

    >>> _valid_utf8_beyond_ascii("Sméth".encode() + "Müller".encode("latin-1")), _valid_utf8_beyond_ascii(b"M\xfcller")
    (True, False)
    """
    return max(data.decode("utf-8", errors="ignore"), default="\0") > "\x7f"  # what is not UTF-8 is left out


def _text_with_nuls(data: bytes, *, source: str) -> str | None:
    """Text that holds NUL bytes yet is text: UTF-16 or UTF-32 without a byte-order mark (told by where
    its NULs fall), or UTF-8 with stray NULs (dropped, with a warning); None for binary data.

    >>> _text_with_nuls("Empathy helps.".encode("utf-16-le"), source="a.txt")
    'Empathy helps.'
    >>> _text_with_nuls(bytes(range(256)) * 4, source="a.bin") is None
    True
    """
    head = data[:8192]
    zeros = [head[i::4].count(0) / max(1, len(head[i::4])) for i in range(4)]
    candidates = []
    if min(zeros[1:]) > 0.9:
        candidates.append("utf-32-le")
    if min(zeros[:3]) > 0.9:
        candidates.append("utf-32-be")
    if zeros[1] > 0.3 and zeros[3] > 0.3 and max(zeros[0], zeros[2]) < 0.1:
        candidates.append("utf-16-le")
    if zeros[0] > 0.3 and zeros[2] > 0.3 and max(zeros[1], zeros[3]) < 0.1:
        candidates.append("utf-16-be")
    for codec in candidates:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _reads_as_text(text):
            return text
    nuls = data.count(0)
    try:
        text = data.replace(b"\x00", b"").decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if nuls > len(data) // 4 or not _reads_as_text(text):
        return None
    warnings.warn(f"{source}: dropped {nuls:,} NUL bytes from the text", UnicodeWarning, stacklevel=4)
    return text


def _reads_as_text(text: str) -> bool:
    """Whether ``text`` is mostly printable, with letters: decoded binary data is not."""
    sample = text[:100_000]
    printable = sum(1 for c in sample if c.isprintable() or c in "\t\n\r\f")
    return bool(sample.strip()) and printable >= 0.97 * len(sample) and any(c.isalpha() for c in sample)


def _eight_bit_after_mark(rest: bytes) -> bool:
    """True when what follows a UTF-16 byte-order mark is plainly 8-bit text (UTF-8, nine bytes in ten ASCII,
    no NUL): a mark an editor put on the wrong file, which decoded as UTF-16 would read as CJK characters.

    >>> _eight_bit_after_mark(b"Empathy helps (Smith, 2001).")
    True
    >>> _eight_bit_after_mark("Empathy helps.".encode("utf-16-le")) or _eight_bit_after_mark("\u4e2d\u6587".encode("utf-16-le"))
    False
    """
    if not rest or b"\x00" in rest:
        return False
    try:
        rest.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return sum(b < 0x80 for b in rest) >= 0.9 * len(rest)


def _office_kind(data: bytes) -> str | None:
    """What kind of office document ``data`` is, in words; None for anything else."""
    for magic, kind in _OFFICE:
        if data.startswith(magic):
            return kind
    if data.startswith(b"PK\x03\x04"):  # a zip: Word's .docx, OpenDocument's .odt
        head = data[:8192]
        if b"word/" in head or b"[Content_Types].xml" in head:
            return "a Word document (.docx)"
        if b"opendocument" in head:
            return "an OpenDocument file (.odt)"
        return "a zip archive"
    return None


def _fetch_url(url: str, *, settings: Settings | None) -> bytes:
    from litmap.read.documents import fetch_document  # streamed, size- and time-limited; errors in words

    document = fetch_document(url, settings=settings)
    if not document.content.strip():
        raise ArticleError("the page is empty", source=url)
    return document.content  # the page as served: compute_article reads HTML (or a PDF) through its structure


def _looks_like_html(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:2048].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in head:
        return True
    return head.startswith("<") and bool(re.search(r"</(?:p|div|h[1-6]|article|section|li)>", text[:20000], re.I))


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
