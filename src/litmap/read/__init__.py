"""Stage 1, read: an article (web page, Markdown, text or PDF; file or URL) into its title, sections and reference list.

:func:`read_article` is the entry point; :mod:`litmap.read.documents` fetches a URL within limits,
the page readers (``blocks`` for plain text, ``html_page``, ``markdown_page``, and for PDFs ``pdf`` →
``pdf_lines`` → ``pdf_columns`` → ``pdf_reference_list`` → ``pdf_pages``) turn a format into the same
blocks, and :mod:`litmap.read.assemble` makes one :class:`Article` from them, whatever the format;
:mod:`litmap.read.checks` says in its notes what the reading doubts.
"""

from __future__ import annotations

from litmap.read.article import compute_article, decode_text, detect_format, read_article
from litmap.read.blocks import Article, CitationLink, Section
from litmap.read.documents import FetchedDocument, fetch_document
from litmap.read.reference_block import split_reference_block

__all__ = [
    "Article",
    "CitationLink",
    "FetchedDocument",
    "Section",
    "compute_article",
    "decode_text",
    "detect_format",
    "fetch_document",
    "read_article",
    "split_reference_block",
]
