"""CrossrefClient over its WebClient, against a real HTTP server on 127.0.0.1 (pytest-httpserver), never mocks."""

from __future__ import annotations

import math
import threading
import time
from collections import Counter

import pytest
import requests
from local_services import MAILTO, NOT_FOUND, Recorder, ok, serve, work, work_list
from pytest_httpserver import HTTPServer
from werkzeug import Response

from litmap import LookupServiceError, OfflineError, Settings, fetch_records
from litmap.verify import CrossrefClient
from litmap.web import Stopped


@pytest.fixture
def make_client(httpserver, tmp_path):
    clients = []

    def make(server: HTTPServer | None = None, *, session=None, stop=None, **options) -> CrossrefClient:
        server = server or httpserver
        options = {
            "mailto": MAILTO,
            "crossref_url": server.url_for("").rstrip("/"),
            "cache_dir": tmp_path / "cache",
            "backoff": 0.05,
            "retries": 4,
            "connect_timeout": 2,
            "read_timeout": 5,
            "progress": False,
            **options,
        }
        client = CrossrefClient(Settings(**options), session=session, stop=stop)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


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
        items = crossref.search_works("Eisenberger NI, Lieberman MD. Does rejection hurt? Science 2003")
    assert [item["DOI"] for item in items] == ["10.1/a", "10.1/b"]
    raw_uri = rec.hits[0][1]
    assert "query.bibliographic=Eisenberger+NI" in raw_uri or "query.bibliographic=Eisenberger%20NI" in raw_uri
    assert "rows=5" in raw_uri


def test_plain_text_404_means_not_in_crossref(httpserver, make_client):
    serve(httpserver, Recorder(default=NOT_FOUND))
    with make_client() as crossref:
        assert crossref.fetch_work("10.5061/dryad.example") is None
        record = crossref.fetch("work", "10.5061/dryad.other")
    assert (record["status"], record["body"], record["via"]) == ("not_found", None, "network")


def test_a_session_passed_in_is_the_one_used_and_left_open(httpserver, make_client):
    serve(httpserver, Recorder(default=ok(work("10.1/x"))))
    session = requests.Session()
    session.headers["X-Proxy-Token"] = "mine"
    with make_client(session=session) as crossref:
        crossref.fetch_work("10.1/x")
    assert httpserver.log[0][0].headers["X-Proxy-Token"] == "mine"
    assert session.get(httpserver.url_for("/works/10.1/y")).status_code == 200  # not closed by the client


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
        assert crossref.web.stats["throttled"] == 1
    assert len(rec.hits) == 2
    assert rec.hits[1][0] - rec.hits[0][0] >= 0.9  # Retry-After: 1 honoured


def test_retry_after_beyond_the_time_limit_gives_up_at_once(httpserver, make_client):
    rec = serve(httpserver, Recorder(default=Response("busy", status=503, headers={"Retry-After": "3600"})))
    started = time.monotonic()
    with make_client(retry_time_limit=10) as crossref, pytest.raises(LookupServiceError, match="10 s limit"):
        crossref.fetch_work("10.1/x")
    assert time.monotonic() - started < 3 and len(rec.hits) == 1


def test_429_without_retry_after_backs_off_and_slows_down(httpserver, make_client):
    rec = serve(httpserver, Recorder(Response("slow down", status=429), default=ok(work("10.1/x"))))
    with make_client(backoff=0.3) as crossref:
        before = crossref.web.pacer.rate("single")
        assert crossref.fetch_work("10.1/x") is not None
        assert crossref.web.pacer.rate("single") < before  # paced lower for the rest of the run
    assert len(rec.hits) == 2
    assert rec.hits[1][0] - rec.hits[0][0] >= 0.25  # not retried at once


def test_burst_of_5xx_then_success(httpserver, make_client):
    burst = [Response("oops", status=s) for s in (500, 502, 503, 504)]
    rec = serve(httpserver, Recorder(*burst, default=ok(work("10.1/x"))))
    with make_client() as crossref:
        assert crossref.fetch_work("10.1/x")["DOI"] == "10.1/x"
        assert crossref.web.stats["requests"] == 5
    assert len(rec.hits) == 5


def test_persistent_5xx_raises_with_status_and_url_and_is_a_failed_record(httpserver, make_client):
    rec = serve(httpserver, Recorder(default=Response("down", status=503)))
    with make_client(retries=2) as crossref:
        with pytest.raises(LookupServiceError) as info:
            crossref.fetch_work("10.1/x")
        record = crossref.fetch("work", "10.1/y")
    assert info.value.status_code == 503
    assert "/works/10.1%2Fx" in info.value.url and "HTTP 503" in str(info.value)
    assert len(rec.hits) == 6  # 1 + 2 retries, twice
    assert record["status"] == "failed" and "failed 3 times (last: HTTP 503)" in record["error"]
    assert info.value.error_kind == record["error_kind"] == "http_status"


def test_a_400_is_an_answer_not_retried(httpserver, make_client):
    rec = serve(httpserver, Recorder(default=Response('{"status": "failed"}', status=400)))
    with make_client() as crossref, pytest.raises(LookupServiceError, match="HTTP 400") as info:
        crossref.search_works("x")
    assert len(rec.hits) == 1 and info.value.error_kind == "http_status"


def test_reply_slower_than_timeout_raises_lookup_error(httpserver, make_client):
    rec = serve(httpserver, Recorder(default=ok(work("10.1/x")), delay=0.6))
    with make_client(read_timeout=0.2, retries=1) as crossref, pytest.raises(LookupServiceError) as info:
        crossref.fetch_work("10.1/x")
    assert "no answer within 0.2 s" in str(info.value)
    assert info.value.status_code is None and info.value.error_kind == "timeout"
    assert not isinstance(info.value, OfflineError)
    # Let the single-threaded server finish both slow replies, so none lands in the next test's log.
    deadline = time.monotonic() + 10
    while len(httpserver.log) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(rec.hits) == 2


def test_a_reply_larger_than_the_limit_is_cut_off(httpserver, make_client):
    serve(httpserver, Recorder(default=ok(work("10.1/x", abstract="x" * 50_000))))
    with make_client(max_bytes=10_000, retries=0) as crossref, pytest.raises(LookupServiceError) as info:
        crossref.fetch_work("10.1/x")
    assert "larger than 10 kB" in str(info.value) and info.value.error_kind == "too_large"


def test_malformed_json_names_the_url_and_is_not_cached(httpserver, make_client):
    garbled = Response('{"status": "ok", "message": {', status=200, content_type="application/json")
    rec = serve(httpserver, Recorder(default=garbled))
    with make_client() as crossref:
        for _ in range(2):
            with pytest.raises(LookupServiceError, match=r"malformed JSON") as info:
                crossref.fetch_work("10.1/x")
            assert "/works/10.1%2Fx" in str(info.value) and info.value.error_kind == "invalid"
    assert len(rec.hits) == 2


def test_a_reply_of_the_wrong_shape_is_an_error(httpserver, make_client):
    serve(httpserver, Recorder(default=ok({"status": "ok", "message": {"items": "none"}})))
    with make_client() as crossref, pytest.raises(LookupServiceError, match="no 'items' list") as info:
        crossref.search_works("x")
    assert info.value.error_kind == "invalid"


@pytest.mark.slow
def test_rate_limit_headers_are_obeyed(httpserver, make_client):
    limits = {"x-rate-limit-limit": "4", "x-rate-limit-interval": "1s", "x-concurrency-limit": "1"}
    rec = serve(httpserver, Recorder(default=ok(work("10.1/x"), **limits)))
    with make_client() as crossref:
        records = fetch_records(
            [("crossref", "work", f"10.1/{i}") for i in range(11)],
            settings=crossref.settings,
            clients={"crossref": crossref},
        )
    assert (records["status"] == "ok").all() and len(records) == 11
    times = sorted(t for t, _, _ in rec.hits)
    per_interval = Counter(math.floor(t - times[0]) for t in times)
    assert max(per_interval.values()) <= 4, per_interval
    assert len(per_interval) >= 3  # 11 requests at 4 per second need at least three intervals


def test_duplicated_rate_limit_headers_take_the_minimum(httpserver, make_client):
    limits = {"x-rate-limit-limit": "50, 20", "x-rate-limit-interval": "1s, 1s", "x-concurrency-limit": "5, 3"}
    serve(httpserver, Recorder(default=ok(work_list("10.1/a"), **limits)))
    with make_client() as crossref:
        crossref.search_works("anything")
        pacer = crossref.web.pacer
        assert pacer.rate("list") == pytest.approx(20 * pacer.headroom)
        assert pacer.concurrency("list") == 3
        assert pacer.rate("single") == 5.0  # the other request class keeps its own pace


def test_look_ups_run_concurrently_up_to_the_advertised_concurrency(threaded_server, make_client):
    limits = {"x-rate-limit-limit": "100", "x-rate-limit-interval": "1s", "x-concurrency-limit": "2"}
    rec = serve(threaded_server, Recorder(default=ok(work("10.1/x"), **limits), delay=0.2))
    with make_client(server=threaded_server) as crossref:
        records = fetch_records(
            [("crossref", "work", f"10.1/{i}") for i in range(8)],
            settings=crossref.settings,
            clients={"crossref": crossref},
        )
    assert len(records) == 8 and (records["status"] == "ok").all()
    assert rec.max_in_flight == 2


def test_mailto_is_not_part_of_the_cache_key(httpserver, make_client):
    serve(httpserver, Recorder(default=ok(work("10.1/x"))))
    with make_client(mailto="one@example.org") as crossref:
        crossref.fetch_work("10.1/X")
    with make_client(mailto="two@example.org") as crossref:
        assert "mailto:two@example.org" in crossref.web.session.headers["User-Agent"]
        assert crossref.fetch("work", "10.1/x")["via"] == "cache"
    assert len(httpserver.log) == 1


def test_offline_answers_from_cache_and_asks_nothing(httpserver, make_client):
    serve(httpserver, Recorder(default=ok(work("10.1/x"))))
    with make_client() as crossref:
        crossref.fetch_work("10.1/cached")
    with make_client(offline=True) as crossref:
        assert crossref.fetch_work("10.1/CACHED")["DOI"] == "10.1/x"
        with pytest.raises(OfflineError, match="offline, and no saved or cached answer for this work"):
            crossref.fetch_work("10.1/missing")
        record = crossref.fetch("search", "not looked up before")
    assert record["status"] == "failed" and record["error_kind"] == "offline"
    assert len(httpserver.log) == 1


def test_refresh_asks_again_and_updates_the_cache(httpserver, make_client):
    serve(httpserver, Recorder(ok(work("10.1/old")), default=ok(work("10.1/new"))))
    with make_client() as crossref:
        assert crossref.fetch_work("10.1/a")["DOI"] == "10.1/old"
    with make_client(refresh=True) as crossref:
        assert crossref.fetch_work("10.1/a")["DOI"] == "10.1/new"
    with make_client(offline=True) as crossref:
        assert crossref.fetch_work("10.1/a")["DOI"] == "10.1/new"
    assert len(httpserver.log) == 2


def test_cached_answers_expire(httpserver, make_client):
    serve(httpserver, Recorder(default=ok(work("10.1/x"))))
    with make_client() as crossref:
        crossref.fetch_work("10.1/a")
    with make_client(cache_days=1e-9) as crossref:  # everything is stale
        assert crossref.fetch("work", "10.1/a")["via"] == "network"
    assert len(httpserver.log) == 2


def test_missing_mailto_warns(httpserver, tmp_path):
    with pytest.warns(UserWarning, match="LITMAP_MAILTO"):
        client = CrossrefClient(Settings(crossref_url=httpserver.url_for(""), cache_dir=tmp_path))
    assert "mailto" not in client.web.session.headers["User-Agent"]
    client.close()


def test_offline_client_does_not_ask_for_a_mailto(tmp_path, recwarn):
    CrossrefClient(Settings(offline=True, cache_dir=tmp_path)).close()
    assert not [w for w in recwarn if "LITMAP_MAILTO" in str(w.message)]


def test_base_url_and_cache_dir_from_environment(httpserver, tmp_path, monkeypatch):
    monkeypatch.setenv("LITMAP_CROSSREF_URL", httpserver.url_for("/"))
    monkeypatch.setenv("LITMAP_CACHE_DIR", str(tmp_path / "envcache"))
    monkeypatch.setenv("LITMAP_MAILTO", MAILTO)
    serve(httpserver, Recorder(default=ok(work("10.1/x"))))
    with CrossrefClient() as crossref:
        assert crossref.fetch_work("10.1/x")["DOI"] == "10.1/x"
        assert crossref.web.cache.path.parent == tmp_path / "envcache"
    assert (tmp_path / "envcache" / "records.sqlite").exists()


def test_not_a_doi_is_rejected_before_any_request(httpserver, make_client):
    with make_client() as crossref:
        with pytest.raises(ValueError, match="not a DOI"):
            crossref.fetch_work("Science 2003")
        record = crossref.fetch("work", "Science 2003")
    assert record["status"] == "failed" and record["error_kind"] == "invalid"
    assert len(httpserver.log) == 0


def test_a_stopped_client_gives_up_its_backoff_at_once(httpserver, make_client):
    """Ctrl-C while a look-up waits to retry: it stops within a poll, and sends nothing more."""
    rec = serve(httpserver, Recorder(default=Response("down", status=503)))
    stop = threading.Event()
    outcome = {}

    def look_up():
        try:
            crossref.fetch_work("10.1/x")
        except Stopped:
            outcome["stopped"] = time.monotonic()

    with make_client(backoff=30, backoff_max=30, stop=stop) as crossref:
        worker = threading.Thread(target=look_up)
        worker.start()
        while not rec.hits:
            time.sleep(0.01)
        time.sleep(0.2)  # now waiting ~30 s to retry
        stopped_at = time.monotonic()
        stop.set()
        worker.join(5)
    assert outcome["stopped"] - stopped_at < 0.5
    assert len(rec.hits) == 1
