"""The Crossref REST API client: work records by DOI and bibliographic search, politely.

Crossref asks its users to identify themselves (``mailto``), to back off on 429 and 5xx, to stop
when many requests fail, to URL-encode DOIs, to cache, and to use ``query.bibliographic`` for
reference matching; it paces single-record and list requests separately. :class:`CrossrefClient`
does all of that through a :class:`~litmap.verify.webclient.WebClient`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import ClassVar
from urllib.parse import quote

from litmap.verify.records import failed_record
from litmap.verify.webclient import ServiceClient

__all__ = ["SEARCH_ROWS", "CrossrefClient", "normalize_doi"]

#: Candidates a search asks for: Crossref's advice when the caller validates them itself.
SEARCH_ROWS = 5

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


class CrossrefClient(ServiceClient):
    """Look up works in Crossref: ``/works/{doi}`` (kind ``work``) and ``/works?query.bibliographic=`` (``search``).

    Starts at about 5 single look-ups and 1 search per second, one at a time, then follows the
    ``x-rate-limit-*`` and ``x-concurrency-limit`` headers of each reply. The contact address
    (``settings.mailto``) goes into the User-Agent and the ``mailto`` parameter (the polite
    pool); neither is part of a cache key. The base URL is ``settings.crossref_url``
    (``$LITMAP_CROSSREF_URL``). Parameters: ``settings``, ``session``, ``stop``, as for
    :class:`~litmap.verify.webclient.ServiceClient`.

    Examples
    --------
    >>> import tempfile
    >>> from litmap import Settings
    >>> from litmap.verify import CrossrefClient
    >>> offline = Settings(offline=True, cache_dir=tempfile.mkdtemp())
    >>> with CrossrefClient(offline) as crossref:
    ...     crossref.fetch("work", "10.1/X")["error"]
    'crossref: offline, and no saved or cached answer for this work; run once without --offline to fetch it'
    """

    service = "crossref"
    #: The kinds of look-up this client answers.
    kinds = ("work", "search")

    #: Conservative starting pace: single records and lists (searches) are paced apart.
    rates: ClassVar[Mapping[str, float]] = {"single": 5.0, "list": 1.0}

    def _identity_params(self) -> dict[str, str]:
        # Crossref's polite pool: the contact address as a parameter too, never part of a cache key.
        return {"mailto": self.settings.mailto} if self.settings.mailto else {}

    def fetch(self, kind: str, key: str) -> dict:
        """One look-up as a record row (RECORDS schema); a failure is a ``failed`` row, never raised."""
        if kind == "work":
            try:
                doi = normalize_doi(key)
            except ValueError as err:
                return failed_record(self.service, kind, key, str(err), "invalid")
            return self.web.fetch_record(kind, doi, **self._work_request(doi))
        if kind == "search":
            return self.web.fetch_record(kind, key, **self._search_request(key))
        raise ValueError(f"crossref answers look-ups of kind {self.kinds}, not {kind!r}")

    def fetch_work(self, doi: str) -> dict | None:
        """Return the Crossref record (the ``message``) of ``doi``, or ``None`` if Crossref lacks it.

        Crossref answers 404 with a plain-text body for DOIs it does not hold (unknown, or
        registered with another agency such as DataCite).

        Raises
        ------
        LookupServiceError
            The service failed after retries, or replied with something that is not a record.
        OfflineError
            Offline, and the cache does not hold this DOI.
        """
        doi = normalize_doi(doi)
        body, _ = self.web.get_json("work", doi, **self._work_request(doi))
        return None if body is None else body["message"]

    def search_works(self, query: str) -> list[dict]:
        """Return up to :data:`SEARCH_ROWS` candidate records for a free-text reference, best first.

        Uses ``query.bibliographic`` alone, as Crossref recommends for reference matching; the
        caller validates the candidates (the score alone is not a verdict).
        """
        body, _ = self.web.get_json("search", query, **self._search_request(query))
        return body["message"]["items"]

    def _work_request(self, doi: str) -> dict:
        return {"path": f"/works/{quote(doi, safe='')}", "lane": "single", "not_found_ok": True, "check": _check_work}

    def _search_request(self, query: str) -> dict:
        return {
            "path": "/works",
            "params": {"query.bibliographic": query, "rows": SEARCH_ROWS},
            "lane": "list",
            "check": _check_work_list,
        }


def _check_envelope(body: dict, message_type: str) -> str | None:
    if body.get("status", "ok") != "ok" or not isinstance(body.get("message"), dict):
        return (
            f"reply is not a Crossref {message_type} (status={body.get('status')!r}, "
            f"message-type={body.get('message-type')!r})"
        )
    return None


def _check_work(body: dict) -> str | None:
    return _check_envelope(body, "work")


def _check_work_list(body: dict) -> str | None:
    problem = _check_envelope(body, "work-list")
    if problem is None and not isinstance(body["message"].get("items"), list):
        problem = "reply has no 'items' list"
    return problem
