"""The OpenAlex client: a work by DOI, for the evidence Crossref and Europe PMC did not give.

OpenAlex has required a free API key since 13 February 2026 (``--openalex-key`` or
``LITMAP_OPENALEX_KEY``); the audit asks it only with one. A look-up is one singleton request,
``GET {base}/works/doi:<doi>?api_key=…``, which OpenAlex does not charge against the daily
allowance; a DOI OpenAlex does not hold is a 404, an answer (``not_found``). The key and the
contact address are sent as parameters but are never part of a cache key, a snapshot or a message.
OpenAlex states 100 requests a second; litmap starts at 10, one at a time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar
from urllib.parse import quote

from litmap.verify.crossref import normalize_doi
from litmap.verify.records import failed_record
from litmap.verify.webclient import ServiceClient

__all__ = ["OpenAlexClient"]


class OpenAlexClient(ServiceClient):
    """Look up works in OpenAlex by DOI (kind ``work``).

    The base URL is ``settings.openalex_url`` (``$LITMAP_OPENALEX_URL``), the key
    ``settings.openalex_key``. Parameters: ``settings``, ``session``, ``stop``, as for
    :class:`~litmap.verify.webclient.ServiceClient`.

    Examples
    --------
    >>> import tempfile
    >>> from litmap import Settings
    >>> with OpenAlexClient(Settings(offline=True, cache_dir=tempfile.mkdtemp())) as openalex:
    ...     openalex.fetch("work", "10.7717/peerj.4375")["status"]
    'failed'
    """

    service = "openalex"
    kinds = ("work",)
    rates: ClassVar[Mapping[str, float]] = {"default": 10.0}

    def _identity_params(self) -> dict[str, str]:
        params = {"mailto": self.settings.mailto} if self.settings.mailto else {}
        if self.settings.openalex_key:
            params["api_key"] = self.settings.openalex_key
        return params

    def fetch(self, kind: str, key: str) -> dict:
        """One look-up as a record row (RECORDS schema); a failure is a ``failed`` row, never raised."""
        if kind != "work":
            raise ValueError(f"openalex answers look-ups of kind {self.kinds}, not {kind!r}")
        try:
            doi = normalize_doi(key)
        except ValueError as err:
            return failed_record(self.service, kind, key, str(err), "invalid")
        path = f"/works/doi:{quote(doi, safe='/')}"
        return self.web.fetch_record(kind, doi, path, not_found_ok=True, check=_check_work)


def _check_work(body: dict) -> str | None:
    return None if isinstance(body.get("id"), str) else "reply is not an OpenAlex work (no 'id')"
