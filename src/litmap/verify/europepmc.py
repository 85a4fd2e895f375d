"""The Europe PMC REST client: PubMed and PMC records by DOI (several per request), by title and
first author, and the works' own reference lists. No key is needed.

Europe PMC's staff state a limit of 10 requests a second and 500 a minute (Europe PMC Developer
Forum, 2026); litmap starts at 6 a second, one at a time (360 a minute), and a 429's
``Retry-After`` is honoured like any other service's.

Three kinds of look-up, each keyed so that a snapshot or the cache can answer it:

- ``work``, by DOI: ``GET {base}/search?query=DOI:"<doi>"&resultType=core&format=json``.
  Up to :data:`MAX_DOIS` DOIs are OR-ed into one query, kept under :data:`MAX_QUERY_CHARS`
  characters: Europe PMC's own error text asks for a query "less than 1500 characters", and a
  25-DOI query has been seen to end in a 504 gateway timeout. A batch answered 414 (URI too long)
  or 504 is split in two and asked again. The reply is split into one record per DOI, whose body
  is the search envelope holding that DOI's results; a DOI with no result is ``not_found``.
- ``search``, by title and first author (for works without a DOI; key from :func:`search_key`):
  the candidates are validated by the caller with the rules Crossref matches are held to.
- ``references``, key ``SOURCE:ID`` (``MED:18838031``): ``GET {base}/MED/18838031/references``
  with ``format=json&page=N&pageSize=1000``, every page (at most :data:`MAX_PAGES`) joined into
  one record.

Europe PMC reports application errors as HTTP 200 with ``errCode``/``errMsg``, and an endpoint
can be down for maintenance on its own (503, plain text): both are failed look-ups, said in words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import ClassVar
from urllib.parse import quote

from litmap.errors import LookupServiceError
from litmap.verify.crossref import normalize_doi
from litmap.verify.records import failed_record, make_record
from litmap.verify.webclient import ServiceClient

__all__ = ["MAX_DOIS", "MAX_PAGES", "MAX_QUERY_CHARS", "EuropePMCClient", "doi_query", "search_key"]

#: DOIs OR-ed into one search at most ...
MAX_DOIS = 20
#: ... and the longest query sent (Europe PMC's error text: "less than 1500 characters").
MAX_QUERY_CHARS = 1500
#: Pages read at most for one answer: 10,000 references, or as many search hits of a batch.
MAX_PAGES = 10
#: Results per page of a DOI search (more than a batch's DOIs, so one page nearly always answers it).
SEARCH_PAGE_SIZE = 100
#: Candidates a title search asks for; the caller validates them.
SEARCH_ROWS = 5
#: Europe PMC's largest page of references.
REFERENCES_PAGE_SIZE = 1000
#: Replies that say a batch was too heavy: asked again in halves.
_SPLIT_STATUSES = frozenset({414, 504})
_QUOTES = re.compile(r'["\\]')


def doi_query(dois) -> str:
    """The search query for DOIs, OR-ed: ``DOI:"10.1/a" OR DOI:"10.1/b"``.

    >>> doi_query(["10.1126/science.1089134", "10.1037/a0013237"])
    'DOI:"10.1126/science.1089134" OR DOI:"10.1037/a0013237"'
    """
    return " OR ".join(f'DOI:"{doi}"' for doi in dois)


def search_key(title: str, author: str | None = None) -> str:
    """The key (and query) of a title search: ``TITLE:"…" AND AUTH:"…"``, quotes taken out.

    >>> search_key('The neural substrate of human "empathy"', "Lamm")
    'TITLE:"The neural substrate of human empathy" AND AUTH:"Lamm"'
    """

    def clean(text: str) -> str:
        return " ".join(_QUOTES.sub(" ", str(text)).split())

    query = f'TITLE:"{clean(title)}"'
    return f'{query} AND AUTH:"{clean(author)}"' if author else query


class EuropePMCClient(ServiceClient):
    """Look up works in Europe PMC: kinds ``work`` (a DOI), ``search`` (title and author) and
    ``references`` (``SOURCE:ID``).

    Same rules as every litmap client (identifying User-Agent with ``mailto:``, timeouts,
    retries, pacing, circuit breaker, cache, offline); the base URL is ``settings.europepmc_url``
    (``$LITMAP_EUROPEPMC_URL``). Parameters: ``settings``, ``session``, ``stop``, as for
    :class:`~litmap.verify.webclient.ServiceClient`.

    Examples
    --------
    >>> import tempfile
    >>> from litmap import Settings
    >>> offline = Settings(offline=True, cache_dir=tempfile.mkdtemp())
    >>> with EuropePMCClient(offline) as epmc:
    ...     [r["status"] for r in epmc.fetch_many("work", ["10.1/a", "not a doi"])]
    ['failed', 'failed']
    """

    service = "europepmc"
    kinds = ("work", "search", "references")
    #: Under the stated 10 a second and 500 a minute.
    rates: ClassVar[Mapping[str, float]] = {"default": 6.0}
    #: References per page (Europe PMC's largest); a test may lower it to see the paging.
    references_page_size = REFERENCES_PAGE_SIZE

    def fetch(self, kind: str, key: str) -> dict:
        """One look-up as a record row (RECORDS schema); a failure is a ``failed`` row, never raised."""
        if kind == "work":
            return self.fetch_many(kind, [key])[0]
        if kind == "search":
            params = {"query": key, "resultType": "core", "format": "json", "pageSize": SEARCH_ROWS}
            return self.web.fetch_record(kind, key, "/search", params, check=_check_search)
        if kind == "references":
            return self._references(key)
        raise ValueError(f"europepmc answers look-ups of kind {self.kinds}, not {kind!r}")

    def batches(self, kind: str, keys: list[str]) -> list[list[str]]:
        """DOIs in groups of at most :data:`MAX_DOIS`, each query under :data:`MAX_QUERY_CHARS`."""
        if kind != "work":
            return super().batches(kind, keys)
        out: list[list[str]] = []
        for key in keys:
            if out and len(out[-1]) < MAX_DOIS and len(doi_query([*out[-1], key])) <= MAX_QUERY_CHARS:
                out[-1].append(key)
            else:
                out.append([key])
        return out

    def fetch_many(self, kind: str, keys: list[str]) -> list[dict]:
        """Several look-ups at once: DOIs OR-ed into one search; other kinds one by one."""
        if kind != "work":
            return super().fetch_many(kind, keys)
        done: dict[str, dict] = {}
        dois: dict[str, str] = {}
        for key in keys:
            try:
                dois[key] = normalize_doi(key)
            except ValueError as err:
                done[key] = failed_record(self.service, kind, key, str(err), "invalid")
                continue
            cached = self.web.cached(kind, dois[key])
            if cached is not None:
                done[key] = cached
        todo = list(dict.fromkeys(doi for key, doi in dois.items() if key not in done))
        answered = self._search_dois(todo) if todo else {}
        return [done.get(key) or answered[dois[key]] for key in keys]

    # -- the requests ------------------------------------------------------------------------

    def _search_dois(self, dois: list[str]) -> dict[str, dict]:
        """One record per DOI from one OR-ed search (split in two when the service finds it too heavy)."""
        query = doi_query(dois)
        try:
            results = self._search_pages(query)
        except LookupServiceError as err:
            if err.status_code in _SPLIT_STATUSES and len(dois) > 1:
                half = len(dois) // 2
                return {**self._search_dois(dois[:half]), **self._search_dois(dois[half:])}
            return {doi: failed_record(self.service, "work", doi, err) for doi in dois}
        hits: dict[str, list[dict]] = {doi: [] for doi in dois}
        for result in results:
            doi = str(result.get("doi") or "").strip().lower() if isinstance(result, dict) else ""
            if doi in hits:
                hits[doi].append(result)
        out = {}
        for doi, found in hits.items():
            body = {
                "hitCount": len(found),
                "request": {"queryString": doi_query([doi]), "resultType": "core"},
                "resultList": {"result": found},
            }
            status = "ok" if found else "not_found"
            out[doi] = make_record(self.service, "work", doi, status, body=body, via="network", now=True)
            self.web.cache.put(out[doi])
        return out

    def _search_pages(self, query: str) -> list[dict]:
        """Every result of a search, following ``nextCursorMark`` (at most :data:`MAX_PAGES` pages)."""
        results: list[dict] = []
        cursor = "*"
        for _ in range(MAX_PAGES):
            params = {
                "query": query,
                "resultType": "core",
                "format": "json",
                "pageSize": SEARCH_PAGE_SIZE,
                "cursorMark": cursor,
            }
            body, _ = self.web.get_json("work", query, "/search", params, check=_check_search, store=False)
            page = body["resultList"]["result"]
            results += page
            following = body.get("nextCursorMark")  # absent at the end of the results
            if not page or not following or following == cursor or len(results) >= body["hitCount"]:
                break
            cursor = following
        return results

    def _references(self, key: str) -> dict:
        """A work's reference list, every page joined into one record."""
        cached = self.web.cached("references", key)
        if cached is not None:
            return cached
        source, _, ident = key.partition(":")
        if not (source.isalpha() and ident.strip()):
            return failed_record(
                self.service, "references", key, f"not a Europe PMC id: {key!r} (e.g. MED:18838031)", "invalid"
            )
        path = f"/{quote(source.upper(), safe='')}/{quote(ident.strip(), safe='')}/references"
        items: list = []
        hit_count = 0
        try:
            for page in range(1, MAX_PAGES + 1):
                params = {"format": "json", "page": page, "pageSize": self.references_page_size}
                body, status = self.web.get_json(
                    "references", key, path, params, check=_check_references, not_found_ok=True, store=False
                )
                if status == "not_found":
                    record = make_record(self.service, "references", key, "not_found", via="network", now=True)
                    self.web.cache.put(record)
                    return record
                hit_count = body["hitCount"]
                batch = (body.get("referenceList") or {}).get("reference") or []
                items += batch
                if not batch or len(items) >= hit_count:
                    break
        except LookupServiceError as err:
            return failed_record(self.service, "references", key, err)
        body = {
            "hitCount": hit_count,
            "request": {"id": ident.strip(), "source": source.upper()},
            "referenceList": {"reference": items},
        }
        record = make_record(self.service, "references", key, "ok", body=body, via="network", now=True)
        self.web.cache.put(record)
        return record


def _error(body: dict) -> str | None:
    """Europe PMC's application errors come as HTTP 200 with errCode and errMsg."""
    if "errCode" in body or "errMsg" in body:
        return f"Europe PMC error {body.get('errCode')}: {body.get('errMsg') or 'no message'}"
    if not isinstance(body.get("hitCount"), int):
        return "reply has no 'hitCount'"
    return None


def _check_search(body: dict) -> str | None:
    problem = _error(body)
    if problem is None and not isinstance((body.get("resultList") or {}).get("result"), list):
        problem = "reply has no 'resultList.result' list"
    return problem


def _check_references(body: dict) -> str | None:
    problem = _error(body)
    references = (body.get("referenceList") or {}).get("reference", [])
    if problem is None and not isinstance(references, list):
        problem = "reply's 'referenceList.reference' is not a list"
    return problem
