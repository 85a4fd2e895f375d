"""Stage 1, read: an article (web page, Markdown, text or PDF; file or URL) into its title, sections and reference list.

:func:`read_article` is the entry point; :mod:`litmap.read.documents` fetches a URL within limits,
the page readers (``html_page``, ``markdown_page``, ``pdf``) turn a format into blocks, and
:mod:`litmap.read.assemble` / :mod:`litmap.read.pdf_pages` assemble blocks into an :class:`Article`.
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
