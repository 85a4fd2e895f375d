"""CrossrefClient against a real HTTP server on 127.0.0.1 (pytest-httpserver), never mocks."""

from __future__ import annotations

import json
import math
import threading
import time
from collections import Counter

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from litmap import CrossrefClient, LookupServiceError, OfflineError, Snapshot, snapshot_key

MAILTO = "tests@example.org"


def work(doi: str, **fields) -> dict:
    return {
        "status": "ok",
        "message-type": "work",
        "message-version": "1.0.0",
        "message": {"DOI": doi, "title": [f"Title of {doi}"], **fields},
    }


def work_list(*dois: str) -> dict:
    return {
        "status": "ok",
        "message-type": "work-list",
        "message": {"total-results": len(dois), "items": [work(d)["message"] for d in dois]},
    }


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
            return _copy(response)
        finally:
            with self._lock:
                self.in_flight -= 1


def _copy(response: Response) -> Response:
    return Response(response.get_data(), status=response.status_code, headers=list(response.headers.items()))


def ok(body: dict, **headers) -> Response:
    return Response(
        json.dumps(body),
        status=200,
        content_type="application/json",
        headers={k.replace("_", "-"): v for k, v in headers.items()},
    )


NOT_FOUND = Response("Resource not found.", status=404, content_type="text/plain")


@pytest.fixture
def make_client(httpserver, tmp_path):
    clients = []

    def make(server: HTTPServer | None = None, **kwargs) -> CrossrefClient:
        server = server or httpserver
        kwargs = {
            "mailto": MAILTO,
            "base_url": server.url_for("").rstrip("/"),
            "cache_dir": tmp_path / "cache",
            "backoff_factor": 0.05,
            "retries": 4,
            "timeout": (2, 5),
            "progress": False,
            **kwargs,
        }
        client = CrossrefClient(**kwargs)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def serve(httpserver, handler, path=None):
    if path is None:
        httpserver.expect_request("").respond_with_handler(handler)  # every path
    else:
        httpserver.expect_request(path).respond_with_handler(handler)
    return handler


def test_fetch_work_encodes_awkward_doi_and_identifies_itself(httpserver, make_client):
    doi = "10.1002/(SICI)1097-4679<199>;2-X/abc"
    rec = serve(httpserver, Recorder(default=ok(work(doi.lower()))), "/works/" + doi.lower())
    with make_client() as crossref:
        record = crossref.fetch_work(doi)
    assert record["DOI"] == doi.lower()
    ((_, raw_uri, headers),) = rec.hits
    assert raw_uri.startswith("/works/10.1002%2F%28sici%291097-4679%3C199%3E%3B2-x%2Fabc?")
    assert "mailto=tests%40example.org" in raw_uri
    assert headers["User-Agent"].startswith("litmap/")
    assert "mailto:tests@example.org" in headers["User-Agent"]


def test_search_works_sends_query_bibliographic_and_rows(httpserver, make_client):
    rec = serve(httpserver, Recorder(default=ok(work_list("10.1/a", "10.1/b"))), "/works")
    with make_client() as crossref:
        items = crossref.search_works("Eisenberger NI, Lieberman MD. Does rejection hurt? Science 2003", rows=5)
    assert [item["DOI"] for item in items] == ["10.1/a", "10.1/b"]
    raw_uri = rec.hits[0][1]
    assert "query.bibliographic=Eisenberger+NI" in raw_uri or "query.bibliographic=Eisenberger%20NI" in raw_uri
    assert "rows=5" in raw_uri


def test_plain_text_404_means_not_in_crossref(httpserver, make_client):
    serve(httpserver, Recorder(default=NOT_FOUND))
    with make_client() as crossref:
        assert crossref.fetch_work("10.5061/dryad.example") is None


def test_429_with_retry_after_waits_then_succeeds(httpserver, make_client):
    html = Response(
        "<html><body>429 Too Many Requests</body></html>",
        status=429,
        content_type="text/html",
        headers={"Retry-After": "1"},
    )
    rec = serve(httpserver, Recorder(html, default=ok(work("10.1/x"))))
    with make_client() as crossref:
        assert crossref.fetch_work("10.1/x")["DOI"] == "10.1/x"
        assert crossref.stats["throttled"] == 1
    assert len(rec.hits) == 2
    assert rec.hits[1][0] - rec.hits[0][0] >= 0.9  # Retry-After: 1 honoured


def test_429_without_retry_after_backs_off_and_slows_down(httpserver, make_client):
    rec = serve(httpserver, Recorder(Response("slow down", status=429), default=ok(work("10.1/x"))))
    with make_client(backoff_factor=0.3) as crossref:
        before = crossref.pacer.rate("single")
        assert crossref.fetch_work("10.1/x") is not None
        assert crossref.pacer.rate("single") < before  # paced lower for the rest of the run
    assert len(rec.hits) == 2
    assert rec.hits[1][0] - rec.hits[0][0] >= 0.25  # not retried at once


def test_burst_of_5xx_then_success(httpserver, make_client):
    burst = [Response("oops", status=s) for s in (500, 502, 503, 504)]
    rec = serve(httpserver, Recorder(*burst, default=ok(work("10.1/x"))))
    with make_client() as crossref:
        assert crossref.fetch_work("10.1/x")["DOI"] == "10.1/x"
        assert crossref.stats["requests"] == 5
    assert len(rec.hits) == 5


def test_persistent_5xx_raises_with_status_and_url(httpserver, make_client):
    rec = serve(httpserver, Recorder(default=Response("down", status=503)))
    with make_client(retries=2) as crossref, pytest.raises(LookupServiceError) as info:
        crossref.fetch_work("10.1/x")
    assert info.value.status_code == 503
    assert "/works/10.1%2Fx" in info.value.url and "503" in str(info.value)
    assert len(rec.hits) == 3


def test_reply_slower_than_timeout_raises_lookup_error(httpserver, make_client):
    rec = serve(httpserver, Recorder(default=ok(work("10.1/x")), delay=0.6))
    with make_client(timeout=(2, 0.2), retries=1) as crossref, pytest.raises(LookupServiceError) as info:
        crossref.fetch_work("10.1/x")
    assert "timed out" in str(info.value)
    assert info.value.status_code is None
    assert not isinstance(info.value, OfflineError)
    time.sleep(0.7)  # let the single-threaded server finish the slow replies before the next test
    assert len(rec.hits) == 2


def test_malformed_json_names_the_url_and_is_not_cached(httpserver, make_client):
    garbled = Response('{"status": "ok", "message": {', status=200, content_type="application/json")
    rec = serve(httpserver, Recorder(default=garbled))
    with make_client() as crossref:
        for _ in range(2):
            with pytest.raises(LookupServiceError, match=r"malformed JSON") as info:
                crossref.fetch_work("10.1/x")
            assert "/works/10.1%2Fx" in str(info.value)
    assert len(rec.hits) == 2


def test_rate_limit_headers_are_obeyed(httpserver, make_client):
    limits = {"x-rate-limit-limit": "4", "x-rate-limit-interval": "1s", "x-concurrency-limit": "1"}
    rec = serve(httpserver, Recorder(default=ok(work("10.1/x"), **limits)))
    with make_client() as crossref:
        result = crossref.fetch_works([f"10.1/{i}" for i in range(11)])
    assert len(result) == 11 and not result.errors
    times = sorted(t for t, _, _ in rec.hits)
    per_interval = Counter(math.floor(t - times[0]) for t in times)
    assert max(per_interval.values()) <= 4, per_interval
    assert len(per_interval) >= 3  # 11 requests at 4 per second need at least three intervals


def test_duplicated_rate_limit_headers_take_the_minimum(httpserver, make_client):
    limits = {"x-rate-limit-limit": "50, 20", "x-rate-limit-interval": "1s, 1s", "x-concurrency-limit": "5, 3"}
    serve(httpserver, Recorder(default=ok(work_list("10.1/a"), **limits)))
    with make_client() as crossref:
        crossref.search_works("anything")
        assert crossref.pacer.rate("list") == pytest.approx(20 * crossref.pacer.headroom)
        assert crossref.pacer.concurrency("list") == 3
        assert crossref.pacer.rate("single") == 5.0  # the other request class keeps its own pace


@pytest.fixture
def threaded_server():
    server = HTTPServer(host="127.0.0.1", threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def test_batch_runs_concurrently_up_to_advertised_concurrency(threaded_server, make_client):
    limits = {"x-rate-limit-limit": "100", "x-rate-limit-interval": "1s", "x-concurrency-limit": "2"}
    rec = serve(threaded_server, Recorder(default=ok(work("10.1/x"), **limits), delay=0.2))
    with make_client(server=threaded_server) as crossref:
        result = crossref.fetch_works([f"10.1/{i}" for i in range(8)])
    assert len(result) == 8
    assert rec.max_in_flight == 2


def test_batch_keeps_answers_and_records_failures(httpserver, make_client):
    httpserver.expect_request("/works/10.1%2Fbad").respond_with_data("down", status=500)
    httpserver.expect_request("/works/10.1/bad").respond_with_data("down", status=500)
    httpserver.expect_request("/works/10.1/gone").respond_with_response(NOT_FOUND)
    serve(httpserver, Recorder(default=ok(work("10.1/x"))))
    with make_client(retries=1) as crossref:
        result = crossref.fetch_works(["10.1/a", "10.1/bad", "10.1/gone", "10.1/b"])
    assert list(result) == ["10.1/a", "10.1/gone", "10.1/b"]
    assert result["10.1/gone"] is None
    assert set(result.errors) == {"10.1/bad"}
    assert result.errors["10.1/bad"].status_code == 500


def test_interrupted_run_resumes_without_repeating_finished_look_ups(httpserver, make_client):
    httpserver.expect_request("/works/10.1/gone").respond_with_response(NOT_FOUND)
    rec = serve(httpserver, Recorder(default=ok(work("10.1/x"))))
    dois = ["10.1/a", "10.1/b", "10.1/gone", "10.1/c", "10.1/d"]
    with make_client() as first:  # "interrupted" after three look-ups
        first.fetch_works(dois[:3])
    hits_first = len(rec.hits) + 1  # + the 404, served by its own handler
    assert len(httpserver.log) == hits_first == 3
    with make_client() as second:  # a new process with the same cache directory
        result = second.fetch_works(dois)
        assert second.stats["from_cache"] == 3
    assert len(result) == 5 and result["10.1/gone"] is None
    assert len(httpserver.log) == 5  # only 10.1/c and 10.1/d went to the server


def test_mailto_is_not_part_of_the_cache_key(httpserver, make_client, monkeypatch):
    serve(httpserver, Recorder(default=ok(work("10.1/x"))))
    with make_client(mailto="one@example.org") as crossref:
        crossref.fetch_work("10.1/X")
    monkeypatch.setenv("LITMAP_MAILTO", "two@example.org")
    with make_client(mailto=None) as crossref:
        assert "mailto:two@example.org" in crossref.session.headers["User-Agent"]
        crossref.fetch_work("10.1/x")
    assert len(httpserver.log) == 1


def test_offline_answers_from_cache_and_raises_for_the_rest(httpserver, make_client):
    serve(httpserver, Recorder(default=ok(work("10.1/x"))))
    with make_client() as crossref:
        crossref.fetch_work("10.1/cached")
    with make_client(offline=True) as crossref:
        assert crossref.fetch_work("10.1/CACHED")["DOI"] == "10.1/x"
        with pytest.raises(OfflineError, match=r"crossref /works/10.1/missing.*--refresh"):
            crossref.fetch_work("10.1/missing")
        result = crossref.search_many(["not looked up before"])
        assert isinstance(result.errors["not looked up before"], OfflineError)
    assert len(httpserver.log) == 1


def test_snapshot_answers_first_including_recorded_404(httpserver, make_client):
    snap = Snapshot(
        {
            snapshot_key("crossref", "/works/10.1126/science.1089134", {}): work("10.1126/science.1089134"),
            snapshot_key("crossref", "/works/10.9999/absent", {}): None,
            snapshot_key("crossref", "/works", {"query.bibliographic": "ref", "rows": "5"}): work_list("10.1/s"),
        }
    )
    serve(httpserver, Recorder(default=ok(work("10.1/wrong"))))
    with make_client(snapshot=snap, offline=True) as crossref:
        assert crossref.fetch_work("10.1126/SCIENCE.1089134")["DOI"] == "10.1126/science.1089134"
        assert crossref.fetch_work("10.9999/absent") is None
        assert crossref.search_works("ref")[0]["DOI"] == "10.1/s"
        assert crossref.stats["from_snapshot"] == 3
    with make_client(snapshot=snap) as crossref:  # online too, the snapshot comes first
        assert crossref.fetch_work("10.1126/science.1089134")["DOI"] == "10.1126/science.1089134"
    assert len(httpserver.log) == 0


def test_refresh_bypasses_snapshot_and_cache_and_records(httpserver, make_client, tmp_path):
    httpserver.expect_request("/works/10.1/gone").respond_with_response(NOT_FOUND)
    httpserver.expect_request("/works").respond_with_json(work_list("10.1/s"))
    serve(httpserver, Recorder(default=ok(work("10.1/new"))))
    stale = Snapshot({snapshot_key("crossref", "/works/10.1/a", {}): work("10.1/old")})
    with make_client() as crossref:
        crossref.fetch_work("10.1/a")  # now cached
    with make_client(snapshot=stale, refresh=True) as crossref:
        assert crossref.fetch_work("10.1/a")["DOI"] == "10.1/new"
        assert crossref.fetch_work("10.1/gone") is None
        crossref.search_works("ref")
        path = crossref.snapshot.write(tmp_path / "snap.json")
    assert len(httpserver.log) == 4
    again = Snapshot.read(path)
    assert again.get("crossref", "/works/10.1/a", {})["message"]["DOI"] == "10.1/new"
    assert snapshot_key("crossref", "/works/10.1/gone", {}) in again
    assert again.get("crossref", "/works", {"query.bibliographic": "ref", "rows": "5"}) is not None
    assert "mailto" not in path.read_text(encoding="utf-8")


def test_missing_mailto_warns(httpserver, tmp_path, monkeypatch):
    monkeypatch.delenv("LITMAP_MAILTO", raising=False)
    with pytest.warns(UserWarning, match="LITMAP_MAILTO"):
        client = CrossrefClient(base_url=httpserver.url_for(""), cache_dir=tmp_path)
    assert "mailto" not in client.session.headers["User-Agent"]
    client.close()


def test_base_url_and_cache_dir_from_environment(httpserver, tmp_path, monkeypatch):
    monkeypatch.setenv("LITMAP_CROSSREF_URL", httpserver.url_for("/"))
    monkeypatch.setenv("LITMAP_CACHE_DIR", str(tmp_path / "envcache"))
    serve(httpserver, Recorder(default=ok(work("10.1/x"))))
    with CrossrefClient(mailto=MAILTO, progress=False) as crossref:
        assert crossref.fetch_work("10.1/x")["DOI"] == "10.1/x"
        assert crossref.cache_path.parent == tmp_path / "envcache"
    assert (tmp_path / "envcache" / "crossref.sqlite").exists()


def test_offline_and_refresh_exclude_each_other(tmp_path):
    with pytest.raises(ValueError, match="exclude"):
        CrossrefClient(mailto=MAILTO, cache_dir=tmp_path, offline=True, refresh=True)


def test_not_a_doi_is_rejected_before_any_request(make_client):
    with make_client() as crossref, pytest.raises(ValueError, match="not a DOI"):
        crossref.fetch_work("Science 2003")


def test_offline_client_does_not_ask_for_a_mailto(tmp_path, monkeypatch, recwarn):
    monkeypatch.delenv("LITMAP_MAILTO", raising=False)
    CrossrefClient(offline=True, cache_dir=tmp_path).close()
    assert not [w for w in recwarn if "LITMAP_MAILTO" in str(w.message)]
