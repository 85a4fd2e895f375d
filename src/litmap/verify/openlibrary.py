"""The Open Library search client: books and chapters that Crossref does not hold.

Open Library publishes no rate limit, so the client stays at about one search per second, one at
a time (anonymous clients are said to get about 1/s), unless a reply advertises otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar
from urllib.parse import parse_qsl, urlencode

from litmap.verify.records import failed_record
from litmap.verify.webclient import ServiceClient

__all__ = ["SEARCH_LIMIT", "OpenLibraryClient", "book_key"]

#: Works a search asks for; the caller validates them on title and author.
SEARCH_LIMIT = 5


def book_key(title: str, author: str | None = None) -> str:
    """The key of a book look-up: its query, URL-encoded with sorted names (``author=…&title=…``).

    >>> book_key("The mindful therapist", "Siegel")
    'author=Siegel&title=The+mindful+therapist'
    >>> book_key("Handbook of emotions")
    'title=Handbook+of+emotions'
    """
    return urlencode(sorted({"title": title, **({"author": author} if author else {})}.items()))


class OpenLibraryClient(ServiceClient):
    """Search Open Library (``/search.json``) by title and author: look-ups of kind ``book``.

    Same rules as :class:`~litmap.verify.crossref.CrossrefClient`: identifying User-Agent with
    ``mailto:``, timeouts, retries, pacing, circuit breaker, cache, offline. The base URL is
    ``settings.openlibrary_url`` (``$LITMAP_OPENLIBRARY_URL``).
    """

    service = "openlibrary"
    kinds = ("book",)

    #: Open Library publishes no rate limit: about one search a second, one at a time.
    rates: ClassVar[Mapping[str, float]] = {"search": 1.0}

    def fetch(self, kind: str, key: str) -> dict:
        """One look-up as a record row; ``key`` as made by :func:`book_key`."""
        if kind != "book":
            raise ValueError(f"openlibrary answers look-ups of kind {self.kinds}, not {kind!r}")
        query = dict(parse_qsl(key))
        if not query.get("title"):
            return failed_record(self.service, kind, key, f"not a book query: {key!r}", "invalid")
        return self.web.fetch_record(kind, key, **self._request(query))

    def search_books(self, title: str, author: str | None = None) -> list[dict]:
        """Return up to :data:`SEARCH_LIMIT` works (the ``docs``) matching ``title`` and, if given, ``author``.

        Each doc carries e.g. ``title``, ``author_name``, ``first_publish_year``, ``key``; the
        caller validates title and author, because Open Library's data quality varies.
        """
        key = book_key(title, author)
        body, _ = self.web.get_json("book", key, **self._request(dict(parse_qsl(key))))
        return body["docs"]

    def _request(self, query: dict) -> dict:
        return {"path": "/search.json", "params": {**query, "limit": SEARCH_LIMIT}, "check": _check_docs}


def _check_docs(body: dict) -> str | None:
    return None if isinstance(body.get("docs"), list) else "reply has no 'docs' list"
