"""Read a PDF article: open its bytes within limits, refuse what cannot be read, and hand back its pages.

A PDF has no paragraphs, columns or reading order, only glyphs placed on pages. This module opens
the bytes with PDFium (through pypdfium2: fast, permissively licensed, and it gives each glyph's
box and baseline) and reads each page's glyphs into line fragments with
:func:`litmap.read.pdf_lines.read_page`; :mod:`litmap.read.pdf_pages` puts the fragments into
reading order and builds the :class:`~litmap.read.article.Article`.

Bounded on purpose: at most :data:`MAX_PDF_BYTES` bytes, :data:`MAX_PDF_PAGES` pages and
:data:`PDF_TIME_LIMIT` seconds of extraction. A scan without a text layer, text in a font without a
Unicode map (private-use characters), an encrypted or a damaged file is refused with a one-line
:class:`~litmap.errors.PdfError`.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from litmap.errors import PdfError
from litmap.read.pdf_lines import Page, read_page
from litmap.text import clean_text

#: Largest PDF read, in bytes (25 MB, the limit for articles fetched from a URL).
MAX_PDF_BYTES = 25 * 1024 * 1024
#: Most pages read; longer documents are books or proceedings, not articles.
MAX_PDF_PAGES = 400
#: Seconds of text extraction allowed for one PDF (checked between pages).
PDF_TIME_LIMIT = 120.0
#: Fewer printable characters than this per page, on average, means there is no text layer.
MIN_CHARS_PER_PAGE = 20

_OCR_HINT = "run OCR on it first, e.g. `ocrmypdf --force-ocr scan.pdf searchable.pdf`, and read the result"
#: Private-use characters (a font without a ToUnicode map: glyph codes, not letters) in this share of the
#: text mean the text layer cannot be read at all; in a smaller share, that part of it cannot.
UNREADABLE_SHARE = 0.2
#: The share of private-use characters from which a PDF's text is said to be partly unreadable.
PARTLY_UNREADABLE_SHARE = 0.02


@dataclass(frozen=True)
class PdfDocumentText:
    """Everything litmap takes from a PDF: its pages of lines and its metadata."""

    pages: tuple[Page, ...]
    metadata: dict[str, str]


def is_pdf(data: bytes) -> bool:
    """True when ``data`` starts like a PDF file: ``%PDF-`` at the start, or after a few stray bytes
    that are not text (a Markdown page that mentions ``%PDF-1.7`` is no PDF), or further on after a
    wrapper (see :func:`pdf_start`).

    >>> is_pdf(b"%PDF-1.7\\n..."), is_pdf(b"\\x00\\x1a junk %PDF-1.4"), is_pdf(b"# Notes\\n\\nA PDF starts %PDF-1.7")
    (True, True, False)
    """
    return pdf_start(data) is not None


#: How far into a file litmap looks for the ``%PDF-`` marker (PDFium itself looks in the first 1,024 bytes).
PDF_HEADER_REACH = 64 * 1024

_OBJECT_RE = re.compile(rb"\d{1,10}\s{1,5}\d{1,5}\s{1,5}obj\b")


def pdf_start(data: bytes) -> int | None:
    """Where the PDF in ``data`` starts (its ``%PDF-`` marker), or None when ``data`` is no PDF.

    In the first 1,024 bytes, the marker counts unless text stands before it (a page that mentions PDFs).
    Further on, up to :data:`PDF_HEADER_REACH`, it counts when a PDF object follows it within 2 kB and the
    bytes after it are not all text (a page that shows a PDF's source is no PDF): a PDF saved inside a
    wrapper (an HTTP response with its headers, a mail or MacBinary header), which litmap then reads from
    the marker on, as if the wrapper were not there.

    >>> pdf_start(b"%PDF-1.7"), pdf_start(b"HTTP/1.1 200 OK\\r\\n" * 80 + b"%PDF-1.4\\n%\\xe2\\xe3\\n1 0 obj"), pdf_start(b"x" * 2000 + b"%PDF-1.4")
    (0, 1360, None)
    """
    position = data.find(b"%PDF-", 0, 1024)
    if position >= 0:
        if position <= 8:
            return position
        try:
            prefix = data[:position].decode("utf-8")
        except UnicodeDecodeError:
            return position
        if sum(ch.isprintable() or ch in "\r\n\t" for ch in prefix) < 0.9 * len(prefix):
            return position
    position = data.find(b"%PDF-", 1024 - 5, PDF_HEADER_REACH)
    while position >= 0:
        if (
            data[position + 5 : position + 6].isdigit()
            and _OBJECT_RE.search(data, position, position + 2048)
            and not _is_text(data[position : position + PDF_HEADER_REACH])
        ):
            return position
        position = data.find(b"%PDF-", position + 5, PDF_HEADER_REACH)
    return None


def _is_text(data: bytes) -> bool:
    try:
        data[:-4].decode("utf-8")  # (the last bytes may cut a character in two)
    except UnicodeDecodeError:
        return False
    return True


def read_pdf_bytes(path: str | Path) -> bytes:
    """Read a local PDF file, refusing one over :data:`MAX_PDF_BYTES` before reading it."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_PDF_BYTES:
            raise PdfError(
                f"the PDF is {size / 1e6:.0f} MB, more than litmap reads ({MAX_PDF_BYTES / 1e6:.0f} MB); "
                "split off the article's pages first",
                source=str(path),
            )
        return path.read_bytes()
    except OSError as err:
        raise PdfError(f"cannot read the file: {err.strerror or err}", source=str(path)) from err


def extract_pdf_text(data: bytes, *, source: str = "<pdf>", time_limit: float = PDF_TIME_LIMIT) -> PdfDocumentText:
    """Open PDF bytes and return their pages as line fragments, with the document's metadata.

    Raises
    ------
    PdfError
        Too large, encrypted, damaged, too long, too slow, without a text layer (a scan), or its text
        mostly in a font litmap cannot decode (:data:`UNREADABLE_SHARE`).
    """
    import pypdfium2 as pdfium  # a compiled library: imported only when a PDF is read

    if len(data) > MAX_PDF_BYTES:
        raise PdfError(
            f"the PDF is {len(data) / 1e6:.0f} MB, more than litmap reads ({MAX_PDF_BYTES / 1e6:.0f} MB)",
            source=source,
        )
    start = pdf_start(data)
    if start:  # a wrapper before the marker: PDFium looks for it only in the first 1,024 bytes
        data = data[start:]
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        raise _open_error(err, source) from err
    except Exception as err:  # PDFium reports a few broken files through ctypes or OS errors
        raise PdfError(f"is damaged or not a PDF ({err})", source=source) from err
    try:
        count = len(document)
        if count == 0:
            raise PdfError("the PDF has no pages", source=source)
        if count > MAX_PDF_PAGES:
            raise PdfError(f"the PDF has {count} pages, more than litmap reads ({MAX_PDF_PAGES})", source=source)
        started = time.monotonic()
        pages = []
        for index in range(count):
            if time.monotonic() - started > time_limit:
                raise PdfError(
                    f"reading the text took longer than {time_limit:.0f} s (stopped at page {index + 1} of {count})",
                    source=source,
                )
            try:
                pages.append(read_page(document, index, deadline=started + time_limit, source=source))
            except pdfium.PdfiumError as err:
                raise PdfError(f"page {index + 1} is damaged ({err})", source=source) from err
        metadata = _metadata(document)
    finally:
        document.close()
    printable = sum(len(line.text.strip()) for page in pages for line in page.lines + page.rotated)
    if printable < MIN_CHARS_PER_PAGE * len(pages):
        raise PdfError(f"has no text layer (a scanned image?): {_OCR_HINT}", source=source)
    document_text = PdfDocumentText(tuple(pages), metadata)
    share = private_use_share(document_text)
    if share >= UNREADABLE_SHARE:
        raise PdfError(unreadable_text_reason(share), source=source)
    return document_text


def private_use_share(document: PdfDocumentText) -> float:
    """The share of the PDF's characters (spaces aside) in Unicode's private-use areas.

    A font embedded without a ToUnicode map gives its glyph codes, which PDFium reports as private-use
    characters (U+E000–U+F8FF, often U+F000 plus the code): text no reader can decode. Real articles
    hold a few (a symbol font's bullet); most of the text in them means the text layer is unreadable.
    """
    total = unreadable = 0
    for page in document.pages:
        for line in page.lines + page.rotated:
            for char in line.text:
                if not char.isspace():
                    total += 1
                    unreadable += _is_private_use(char)
    return unreadable / total if total else 0.0


def _is_private_use(char: str) -> bool:
    code = ord(char)
    return 0xE000 <= code <= 0xF8FF or code >= 0xF0000


def unreadable_text_reason(share: float, *, part: bool = False) -> str:
    """Why the text of a PDF cannot be read, in one line: its share of private-use characters
    (``part``: some of the text is, and no reference list was found in the rest).

    >>> unreadable_text_reason(0.63)
    "the PDF's text is in a font litmap cannot decode (63% private-use characters): run OCR on it first, e.g. `ocrmypdf --force-ocr scan.pdf searchable.pdf`, and read the result, or give the article's web page (HTML)"
    """
    what = "part of the PDF's text, perhaps its reference list," if part else "the PDF's text"
    return (
        f"{what} is in a font litmap cannot decode ({share:.0%} private-use characters): "
        f"{_OCR_HINT}, or give the article's web page (HTML)"
    )


def _open_error(err, source: str) -> PdfError:
    import pypdfium2.raw as pdfium_c

    code = getattr(err, "err_code", None)
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return PdfError(
            "is encrypted (password-protected); save an unprotected copy first, "
            "e.g. `qpdf --decrypt --password=PASSWORD in.pdf out.pdf`",
            source=source,
        )
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return PdfError("uses an unsupported security handler; save an unprotected copy first", source=source)
    return PdfError(
        "is damaged or not a PDF (PDFium cannot open it); try re-saving or re-downloading it", source=source
    )


def _metadata(document) -> dict[str, str]:
    try:
        raw = document.get_metadata_dict(skip_empty=True)
    except Exception:  # metadata is optional: a broken info dictionary is no reason to fail
        return {}
    return {key: clean_text(str(value)).strip() for key, value in raw.items() if clean_text(str(value)).strip()}
