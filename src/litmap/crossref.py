"""The Crossref REST API client: work records by DOI and bibliographic search, politely.

Crossref asks its users to identify themselves (``mailto``), to back off on 429 and 5xx, to
URL-encode DOIs, to cache, and to use ``query.bibliographic`` for reference matching; it paces
single-record and list requests separately. :class:`CrossrefClient` does all of that on top of
:class:`~litmap.webclient.WebClient`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import ClassVar
from urllib.parse import quote

from litmap.errors import LookupServiceError
from litmap.webclient import BatchResult, WebClient

__all__ = ["CrossrefClient", "normalize_doi"]

_DOI_PREFIX = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", re.IGNORECASE)


def normalize_doi(doi: str) -> str:
    """Return ``doi`` trimmed, without a ``doi:``/``https://doi.org/`` prefix, lower-cased.

    DOIs are case-insensitive, so one spelling keeps caches and snapshots from splitting.

    >>> normalize_doi(" https://doi.org/10.1126/SCIENCE.1089134 ")
    '10.1126/science.1089134'
    """
    text = _DOI_PREFIX.sub("", doi.strip()).strip().lower()
    if not text.startswith("10."):
        raise ValueError(f"not a DOI: {doi!r} (a DOI starts with '10.')")
    return text


class CrossrefClient(WebClient):
    """Look up works in Crossref (``/works/{doi}``, ``/works?query.bibliographic=``).

    Starts at about 5 single look-ups and 1 search per second, one at a time, then follows the
    ``x-rate-limit-*`` and ``x-concurrency-limit`` headers of each reply. The contact address goes
    into the User-Agent and the ``mailto`` parameter (the polite pool); neither is part of a cache
    or snapshot key. The base URL comes from ``base_url``, ``$LITMAP_CROSSREF_URL`` or
    ``https://api.crossref.org``. See :class:`~litmap.webclient.WebClient` for every parameter.

    Examples
    --------
    >>> import tempfile
    >>> from litmap import CrossrefClient, Snapshot
    >>> snap = Snapshot({"crossref /works/10.1/x": {"status": "ok", "message": {"DOI": "10.1/x"}}})
    >>> with CrossrefClient(mailto="you@example.org", offline=True, snapshot=snap,
    ...                     cache_dir=tempfile.mkdtemp()) as crossref:
    ...     crossref.fetch_work("10.1/X")["DOI"]
    '10.1/x'
    """

    service = "crossref"
    base_url_env = "LITMAP_CROSSREF_URL"
    default_base_url = "https://api.crossref.org"
    rates: ClassVar[Mapping[str, float]] = {"single": 5.0, "list": 1.0}

    def _lane_of_path(self, path: str) -> str:
        # A "/works/{doi}" record is a single request; queries and filters are list requests.
        return "single" if path.startswith("/works/") else "list"

    def _identity_params(self) -> dict[str, str]:
        return {"mailto": self.mailto} if self.mailto else {}

    def fetch_work(self, doi: str) -> dict | None:
        """Return the Crossref record (the ``message``) of ``doi``, or ``None`` if Crossref lacks it.

        Crossref answers 404 with a plain-text body for DOIs it does not hold (unknown, or
        registered with another agency such as DataCite).

        Raises
        ------
        LookupServiceError
            The service failed after retries, or replied with something that is not a record.
        OfflineError
            Offline, and neither the snapshot nor the cache holds this DOI.
        """
        doi = normalize_doi(doi)
        body = self._get_json(f"/works/{doi}", url_path=f"/works/{quote(doi, safe='')}", not_found_ok=True)
        return None if body is None else _message(body, dict, f"/works/{doi}")

    def search_works(self, query: str, rows: int = 5) -> list[dict]:
        """Return up to ``rows`` candidate records for a free-text reference, best first.

        Uses ``query.bibliographic`` alone, as Crossref recommends for reference matching; the
        caller validates the candidates (the score alone is not a verdict).
        """
        body = self._get_json("/works", {"query.bibliographic": query, "rows": str(rows)})
        return self._list_field(_message(body, dict, "/works"), "items", f"/works?query.bibliographic={query!r}")

    def fetch_works(self, dois: Iterable[str], *, progress: bool | None = None) -> BatchResult:
        """Look up many DOIs concurrently; ``{doi: record or None}`` plus ``.errors`` for failures."""
        return self._run_batch(self.fetch_work, dois, desc="Crossref works", progress=progress)

    def search_many(self, queries: Iterable[str], rows: int = 5, *, progress: bool | None = None) -> BatchResult:
        """Search many references concurrently; ``{query: candidates}`` plus ``.errors``."""
        return self._run_batch(
            lambda query: self.search_works(query, rows=rows), queries, desc="Crossref searches", progress=progress
        )


def _message(body: dict, kind: type, where: str):
    message = body.get("message")
    if body.get("status", "ok") != "ok" or not isinstance(message, kind):
        raise LookupServiceError(
            f"crossref: {where}: reply is not a Crossref {kind.__name__} message "
            f"(status={body.get('status')!r}, message-type={body.get('message-type')!r})",
            url=where,
        )
    return message
