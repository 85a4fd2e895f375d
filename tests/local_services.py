"""Crossref- and Open Library-shaped replies and a recording handler, for tests that run a real
HTTP server on 127.0.0.1 (pytest-httpserver). Shapes follow ../shared/reference/crossref-api-notes.md:
JSON envelopes, plain-text 404 bodies, rate-limit headers."""

from __future__ import annotations

import json
import threading
import time

from werkzeug import Request, Response

MAILTO = "tests@example.org"
HEADERS = {"x-rate-limit-limit": "50", "x-rate-limit-interval": "1s", "x-concurrency-limit": "5"}


def work(doi: str, **fields) -> dict:
    return {
        "status": "ok",
        "message-type": "work",
        "message-version": "1.0.0",
        "message": {"DOI": doi, "title": [f"Title of {doi}"], **fields},
    }


def work_list(*items) -> dict:
    """A search reply; items are DOIs (made into minimal records) or record dicts."""
    records = [work(i)["message"] if isinstance(i, str) else i for i in items]
    return {
        "status": "ok",
        "message-type": "work-list",
        "message-version": "1.0.0",
        "message": {"total-results": len(records), "items": records, "items-per-page": 5},
    }


def ok(body: dict, **headers) -> Response:
    return Response(
        json.dumps(body),
        status=200,
        content_type="application/json",
        headers={k.replace("_", "-"): v for k, v in headers.items()},
    )


NOT_FOUND = Response("Resource not found.", status=404, content_type="text/plain")


class Recorder:
    """A handler that answers from a script (or a default) and keeps server-side timestamps."""

    def __init__(self, *script: Response, default: Response | None = None, delay: float = 0.0):
        self.script = list(script)
        self.default = default
        self.delay = delay
        self.hits: list[tuple[float, str, dict]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()

    def __call__(self, request: Request) -> Response:
        with self._lock:
            self.hits.append(
                (time.monotonic(), request.environ.get("RAW_URI", request.full_path), dict(request.headers))
            )
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            response = self.script.pop(0) if self.script else self.default
        try:
            if self.delay:
                time.sleep(self.delay)
            return Response(response.get_data(), status=response.status_code, headers=list(response.headers.items()))
        finally:
            with self._lock:
                self.in_flight -= 1

    @property
    def paths(self) -> list[str]:
        return [path for _, path, _ in self.hits]


def serve(server, handler, path=None):
    """Answer every request (or those to ``path``) with ``handler``; return the handler."""
    server.expect_request("" if path is None else path).respond_with_handler(handler)
    return handler


# ---------------------------------------------------------------- Europe PMC and OpenAlex
# Shapes as Europe PMC's REST API (version 6.9) returns them: a recorded `resultType=core` page and
# its no-hits reply (pyEuropePMC's test fixtures), and Europe PMC's own ReferenceInfo model.


def epmc_result(doi: str | None, pmid: str, **fields) -> dict:
    """One `core` result: a PubMed record (source MED) with the fields every record carries."""
    return {
        "id": pmid,
        "source": "MED",
        "pmid": pmid,
        **({"doi": doi} if doi else {}),
        "title": f"Title of {doi or pmid}.",
        "authorString": "Smith J, Jones K.",
        "journalInfo": {
            "volume": "1",
            "issue": "2",
            "journal": {"title": "Journal of Tests"},
            "yearOfPublication": 2020,
        },
        "pubYear": "2020",
        "pageInfo": "10-20",
        "isOpenAccess": "N",
        "inEPMC": "N",
        "inPMC": "N",
        "hasReferences": "Y",
        "citedByCount": 3,
        **fields,
    }


def epmc_search(*results, hit_count: int | None = None, next_cursor: str | None = None) -> dict:
    """A search reply; no `nextCursorMark` at the end of the results, as Europe PMC sends it."""
    body = {
        "version": "6.9",
        "hitCount": len(results) if hit_count is None else hit_count,
        "request": {"queryString": "…", "resultType": "core", "cursorMark": "%2A", "pageSize": 100, "sort": ""},
        "resultList": {"result": list(results)},
    }
    if next_cursor:
        body["nextCursorMark"] = next_cursor
    return body


def epmc_reference(n: int, doi: str | None = None, pmid: str | None = None) -> dict:
    """One entry of a `/references` reply; unmatched entries have no id or source."""
    item = {"title": f"Cited work {n}", "authorString": "Doe A.", "pubYear": 2001, "citedOrder": n, "match": "N"}
    if pmid:
        item.update(id=pmid, source="MED", match="Y")
    if doi:
        item["doi"] = doi
    return item


def epmc_references(*items, hit_count: int | None = None, page_size: int = 1000) -> dict:
    return {
        "version": "6.9",
        "hitCount": len(items) if hit_count is None else hit_count,
        "request": {"id": "1", "source": "MED", "offSet": 0, "pageSize": page_size},
        "referenceList": {"reference": list(items)},
    }
