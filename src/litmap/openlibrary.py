"""The Open Library search client: books and chapters that Crossref does not hold.

Open Library publishes no rate limit, so the client stays at about one search per second, one at
a time (anonymous clients are said to get about 1/s), unless a reply advertises otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import ClassVar

from litmap.webclient import BatchResult, WebClient

__all__ = ["OpenLibraryClient"]


class OpenLibraryClient(WebClient):
    """Search Open Library (``/search.json``) by title and author.

    Same rules as :class:`~litmap.crossref.CrossrefClient`: identifying User-Agent with
    ``mailto:``, timeouts, retries, cache, snapshot, offline. The base URL comes from
    ``base_url``, ``$LITMAP_OPENLIBRARY_URL`` or ``https://openlibrary.org``.
    """

    service = "openlibrary"
    base_url_env = "LITMAP_OPENLIBRARY_URL"
    default_base_url = "https://openlibrary.org"
    rates: ClassVar[Mapping[str, float]] = {"search": 1.0}

    def search_books(self, title: str, author: str | None = None, limit: int = 5) -> list[dict]:
        """Return up to ``limit`` works (the ``docs``) matching ``title`` and, if given, ``author``.

        Each doc carries e.g. ``title``, ``author_name``, ``first_publish_year``, ``key``; the
        caller validates title and author, because Open Library's data quality varies.
        """
        params = {"title": title, "author": author, "limit": str(limit)}
        body = self._get_json("/search.json", params)
        return self._list_field(body, "docs", f"/search.json?title={title!r}")

    def search_many(
        self, books: Iterable[tuple[str, str | None]], limit: int = 5, *, progress: bool | None = None
    ) -> BatchResult:
        """Search many ``(title, author)`` pairs concurrently; ``{pair: docs}`` plus ``.errors``."""
        return self._run_batch(
            lambda book: self.search_books(book[0], book[1], limit=limit),
            books,
            desc="Open Library searches",
            progress=progress,
        )
