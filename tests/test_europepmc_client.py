"""EuropePMCClient against a real HTTP server on 127.0.0.1 (pytest-httpserver) serving Europe PMC's
reply shapes: hits and no hits, several DOIs in one query, paged references, a burst of 500s,
malformed bodies, application errors sent as HTTP 200, maintenance 503s, 414 and 429."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from local_services import (
    MAILTO,
    Recorder,
    epmc_reference,
    epmc_references,
    epmc_result,
    epmc_search,
    ok,
    serve,
)
from werkzeug import Request, Response

from litmap import Settings, fetch_records
from litmap.verify import EuropePMCClient
from litmap.verify.europepmc import MAX_DOIS, MAX_QUERY_CHARS, doi_query, search_key
from litmap.verify.records import record_body


@pytest.fixture
def make_client(httpserver, tmp_path):
    clients = []

    def make(**options) -> EuropePMCClient:
        options = {
            "mailto": MAILTO,
            "europepmc_url": httpserver.url_for("").rstrip("/"),
            "cache_dir": tmp_path / "cache",
            "backoff": 0.05,
            "retries": 3,
            "read_timeout": 5,
            "progress": False,
            **options,
        }
        client = EuropePMCClient(Settings(**options))
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def query_of(raw_uri: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(raw_uri).query).items()}


def test_several_dois_go_in_one_query_and_come_back_one_record_each(httpserver, make_client):
    a, b = epmc_result("10.1/A", "111"), epmc_result("10.1/b", "222", source="MED")
    rec = serve(httpserver, Recorder(default=ok(epmc_search(a, b))), "/search")
    with make_client() as epmc:
        records = epmc.fetch_many("work", ["10.1/a", "https://doi.org/10.1/B", "10.1/c"])
    ((_, raw_uri, headers),) = rec.hits  # one request for three DOIs
    params = query_of(raw_uri)
    assert params["query"] == 'DOI:"10.1/a" OR DOI:"10.1/b" OR DOI:"10.1/c"'
    assert params["resultType"] == "core" and params["format"] == "json" and params["cursorMark"] == "*"
    assert "mailto:tests@example.org" in headers["User-Agent"]
    assert [r["status"] for r in records] == ["ok", "ok", "not_found"]  # a DOI with no hit is not held
    assert [r["key"] for r in records] == ["10.1/a", "10.1/b", "10.1/c"]
    body = record_body(records[0])
    assert body["hitCount"] == 1 and body["resultList"]["result"][0]["pmid"] == "111"  # only its own result
    assert body["request"]["queryString"] == 'DOI:"10.1/a"'


def test_answers_are_cached_per_doi_and_served_offline(httpserver, make_client):
    serve(httpserver, Recorder(default=ok(epmc_search(epmc_result("10.1/a", "111")))), "/search")
    with make_client() as epmc:
        epmc.fetch_many("work", ["10.1/a", "10.1/b"])
    with make_client(offline=True) as epmc:
        again = epmc.fetch_many("work", ["10.1/b", "10.1/a", "10.1/new"])
    assert [r["status"] for r in again] == ["not_found", "ok", "failed"]
    assert [r["via"] for r in again[:2]] == ["cache", "cache"]
    assert "offline, and no saved or cached answer" in again[2]["error"]
    assert len(httpserver.log) == 1


def test_batches_stay_within_twenty_dois_and_the_query_length():
    client = EuropePMCClient(Settings(offline=True))
    short = [f"10.1000/{i}" for i in range(45)]
    assert [len(b) for b in client.batches("work", short)] == [MAX_DOIS, MAX_DOIS, 5]
    long = [f"10.1000/{'x' * 200}{i}" for i in range(12)]
    batches = client.batches("work", long)
    assert sum(map(len, batches)) == 12 and all(len(doi_query(b)) <= MAX_QUERY_CHARS for b in batches)
    assert len(batches) >= 2 and max(map(len, batches)) < MAX_DOIS  # the length, not the count, decided
    assert client.batches("references", ["MED:1", "MED:2"]) == [["MED:1"], ["MED:2"]]
    client.close()


def test_fetch_records_sends_one_request_per_batch(httpserver, make_client):
    dois = [f"10.1/{i}" for i in range(25)]
    rec = serve(httpserver, Recorder(default=ok(epmc_search(epmc_result("10.1/3", "3")))), "/search")
    with make_client() as epmc:
        records = fetch_records([("europepmc", "work", d) for d in dois], clients={"europepmc": epmc})
    assert len(rec.hits) == 2  # 20 + 5
    assert list(records["status"]).count("ok") == 1 and list(records["status"]).count("not_found") == 24


def test_a_batch_too_long_for_the_server_is_split_and_asked_again(httpserver, make_client):
    def handler(request: Request) -> Response:
        query = request.args["query"]
        if query.count(" OR ") >= 2:  # three DOIs or more: as if the URI were too long
            return Response("<html>414 Request-URI Too Large</html>", status=414, content_type="text/html")
        hits = [epmc_result(d, str(i)) for i, d in enumerate(["10.1/a", "10.1/b", "10.1/c", "10.1/d"]) if d in query]
        return ok(epmc_search(*hits))

    httpserver.expect_request("/search").respond_with_handler(handler)
    with make_client() as epmc:
        records = epmc.fetch_many("work", ["10.1/a", "10.1/b", "10.1/c", "10.1/d"])
    assert [r["status"] for r in records] == ["ok"] * 4
    assert len(httpserver.log) == 3  # four DOIs refused, then two and two


def test_search_results_are_paged_by_cursor(httpserver, make_client):
    first = ok(epmc_search(epmc_result("10.1/a", "1"), hit_count=2, next_cursor="AoIIP4ZawSg1MzEy"))
    last = ok(epmc_search(epmc_result("10.1/b", "2"), hit_count=2))
    rec = serve(httpserver, Recorder(first, last), "/search")
    with make_client() as epmc:
        records = epmc.fetch_many("work", ["10.1/a", "10.1/b"])
    assert [r["status"] for r in records] == ["ok", "ok"]
    assert [query_of(uri)["cursorMark"] for _, uri, _ in rec.hits] == ["*", "AoIIP4ZawSg1MzEy"]


def test_no_hits_means_not_held(httpserver, make_client):
    no_hits = {"version": "6.9", "hitCount": 0, "request": {"queryString": "x"}, "resultList": {"result": []}}
    serve(httpserver, Recorder(default=ok(no_hits)), "/search")
    with make_client() as epmc:
        assert epmc.fetch("work", "10.1/none")["status"] == "not_found"


def test_references_are_read_page_by_page_into_one_record(httpserver, make_client):
    items = [epmc_reference(1, doi="10.9/x"), epmc_reference(2, pmid="999"), epmc_reference(3), epmc_reference(4)]
    items.append(epmc_reference(5, doi="10.9/y", pmid="555"))
    pages = [ok(epmc_references(*items[i : i + 2], hit_count=5, page_size=2)) for i in (0, 2, 4)]
    rec = serve(httpserver, Recorder(*pages), "/MED/18838031/references")
    with make_client() as epmc:
        epmc.references_page_size = 2
        record = epmc.fetch("references", "MED:18838031")
    assert record["status"] == "ok"
    body = record_body(record)
    assert body["hitCount"] == 5 and [r["citedOrder"] for r in body["referenceList"]["reference"]] == [1, 2, 3, 4, 5]
    assert [query_of(uri)["page"] for _, uri, _ in rec.hits] == ["1", "2", "3"]
    assert {query_of(uri)["pageSize"] for _, uri, _ in rec.hits} == {"2"}


def test_a_work_without_references_is_an_empty_list_and_a_bad_key_asks_nothing(httpserver, make_client):
    empty = {"version": "6.9", "hitCount": 0, "request": {"id": "1", "source": "MED"}}
    serve(httpserver, Recorder(default=ok(empty)), "/MED/1/references")
    with make_client() as epmc:
        record = epmc.fetch("references", "MED:1")
        bad = epmc.fetch("references", "18838031")
    assert record["status"] == "ok" and record_body(record)["referenceList"]["reference"] == []
    assert bad["status"] == "failed" and "not a Europe PMC id" in bad["error"]
    assert len(httpserver.log) == 1


def test_a_burst_of_500s_is_retried_then_answered(httpserver, make_client):
    busy = Response("Internal Server Error", status=500, content_type="text/plain")
    rec = serve(httpserver, Recorder(busy, busy, ok(epmc_search(epmc_result("10.1/a", "1")))), "/search")
    with make_client() as epmc:
        assert epmc.fetch("work", "10.1/a")["status"] == "ok"
    assert len(rec.hits) == 3


def test_maintenance_503_fails_the_whole_batch_in_words(httpserver, make_client):
    down = Response("This API is temporarily unavailable due to maintenance.", status=503, content_type="text/plain")
    serve(httpserver, Recorder(default=down), "/search")
    with make_client(retries=1) as epmc:
        records = epmc.fetch_many("work", ["10.1/a", "10.1/b"])
    assert {r["status"] for r in records} == {"failed"}
    assert all("HTTP 503" in r["error"] and "europepmc: GET" in r["error"] for r in records)
    assert len(httpserver.log) == 2  # one try and one retry, for both DOIs together


def test_429_with_retry_after_is_waited_out(httpserver, make_client):
    throttled = Response("Too Many Requests", status=429, headers={"Retry-After": "1"})
    rec = serve(httpserver, Recorder(throttled, ok(epmc_search())), "/search")
    with make_client() as epmc:
        assert epmc.fetch("work", "10.1/a")["status"] == "not_found"
    (first, _, _), (second, _, _) = rec.hits
    assert second - first >= 0.9


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Response("<html>oops</html>", status=200, content_type="text/html"), "malformed JSON"),
        (ok({"version": "6.9", "request": {}}), "reply has no 'hitCount'"),  # seen in production
        (ok({"version": "6.9", "hitCount": 1, "resultList": {}}), "no 'resultList.result' list"),
        (
            ok({"errCode": 404, "errMsg": "Invalid page size provided. Valid size is between 1 and 1000"}),
            "Europe PMC error 404: Invalid page size provided",
        ),
    ],
)
def test_malformed_bodies_and_application_errors_are_failures_never_cached(httpserver, make_client, reply, message):
    serve(httpserver, Recorder(default=reply), "/search")
    with make_client() as epmc:
        record = epmc.fetch("work", "10.1/a")
        assert record["status"] == "failed" and message in record["error"]
        assert epmc.web.cached("work", "10.1/a") is None


def test_title_search_sends_the_fielded_query(httpserver, make_client):
    key = search_key("The neural substrate of human empathy", "Lamm")
    rec = serve(httpserver, Recorder(default=ok(epmc_search(epmc_result(None, "17214558")))), "/search")
    with make_client() as epmc:
        record = epmc.fetch("search", key)
    params = query_of(rec.hits[0][1])
    assert params["query"] == 'TITLE:"The neural substrate of human empathy" AND AUTH:"Lamm"'
    assert params["pageSize"] == "5" and params["resultType"] == "core"
    assert record["status"] == "ok" and record["key"] == key


def test_snapshot_bodies_round_trip_as_json(httpserver, make_client):
    serve(httpserver, Recorder(default=ok(epmc_search(epmc_result("10.1/a", "1")))), "/search")
    with make_client() as epmc:
        record = epmc.fetch("work", "10.1/a")
    assert json.loads(record["body"])["resultList"]["result"][0]["source"] == "MED"
