"""fetch_records: every look-up answered once — saved records, then cache, then network — as a table.

Against real local servers: a service that answers 500 to everything (the circuit breaker), a slow
one interrupted with Ctrl-C, and the offline, refresh and resume rules.
"""

from __future__ import annotations

import _thread
import json
import threading
import time

import pandas as pd
import pytest
from local_services import HEADERS, MAILTO, NOT_FOUND, Recorder, ok, serve, work, work_list
from werkzeug import Response

from litmap import RunInterrupted, Settings, fetch_records
from litmap.schemas import RECORDS
from litmap.verify.records import RecordCache, describe_failures, make_record, record_body


@pytest.fixture
def server(threaded_server):
    return threaded_server


@pytest.fixture
def settings(server, tmp_path):
    return Settings(
        mailto=MAILTO,
        crossref_url=server.url_for("").rstrip("/"),
        openlibrary_url=server.url_for("").rstrip("/"),
        cache_dir=tmp_path / "cache",
        backoff=0.01,
        retries=2,
        progress=False,
    )


def dois(n, prefix="10.1/"):
    return [("crossref", "work", f"{prefix}{i}") for i in range(n)]


def test_each_distinct_look_up_is_asked_once_in_the_order_first_asked(server, settings):
    server.expect_request("/works/10.1/gone").respond_with_response(NOT_FOUND)
    rec = serve(server, Recorder(default=ok(work("10.1/x"))))
    lookups = pd.DataFrame(
        {
            "ref_id": ["R01", "R02", "R03", "R04"],
            "service": ["crossref"] * 4,
            "kind": ["work", "search", "work", "work"],
            "key": ["10.1/a", "Smith 2001", "10.1/a", "10.1/gone"],
        }
    )
    records = fetch_records(lookups, settings=settings)
    RECORDS.validate(records)
    assert records[["kind", "key", "status", "via"]].fillna("-").values.tolist() == [
        ["work", "10.1/a", "ok", "network"],
        ["search", "Smith 2001", "failed", "-"],  # a work reply is not a search result
        ["work", "10.1/gone", "not_found", "network"],
    ]
    assert "no 'items' list" in records.loc[1, "error"]
    assert record_body(records.iloc[0])["message"]["DOI"] == "10.1/x"
    assert records["fetched_at"].iloc[0].endswith("Z")
    assert len(server.log) == 3 and len(rec.hits) == 2


def test_saved_records_come_first_then_the_cache_and_a_rerun_asks_nothing(server, settings):
    serve(server, Recorder(default=ok(work_list("10.1/s"))))
    saved = RECORDS.from_records([make_record("crossref", "search", "saved one", "ok", body=work_list("10.1/saved"))])
    first = fetch_records(
        [("crossref", "search", "saved one"), ("crossref", "search", "new one")], settings=settings, known=saved
    )
    assert list(first["via"]) == ["snapshot", "network"]
    again = fetch_records([("crossref", "search", "saved one"), ("crossref", "search", "new one")], settings=settings)
    assert list(again["via"]) == ["network", "cache"]  # the saved one was never fetched, so never cached
    assert len(server.log) == 2


def test_offline_asks_nothing_and_says_what_it_could_not_answer(server, settings):
    serve(server, Recorder(default=ok(work("10.1/x"))))
    fetch_records(dois(1), settings=settings)  # cached
    records = fetch_records(dois(3), settings=settings.replace(offline=True))
    assert list(records["status"]) == ["ok", "failed", "failed"]
    assert "offline, and no saved or cached answer" in records.loc[1, "error"]
    assert records["error_kind"].tolist()[1:] == ["offline", "offline"] and pd.isna(records.loc[0, "error_kind"])
    assert len(server.log) == 1


def test_a_service_nobody_serves_is_a_connection_failure_said_as_a_value(settings):
    nobody = settings.replace(crossref_url="http://127.0.0.1:9/unreachable", retries=0)
    records = fetch_records(dois(2), settings=nobody)
    assert records["error_kind"].tolist() == ["connection", "connection"]
    assert records["error"].str.contains("could not connect").all()


def test_refresh_ignores_saved_records_and_the_cache(server, settings):
    serve(server, Recorder(default=ok(work("10.1/fresh"))))
    fetch_records(dois(1), settings=settings)
    saved = RECORDS.from_records([make_record("crossref", "work", "10.1/0", "ok", body=work("10.1/stale"))])
    records = fetch_records(dois(1), settings=settings.replace(refresh=True), known=saved)
    assert records.loc[0, "via"] == "network" and record_body(records.iloc[0])["message"]["DOI"] == "10.1/fresh"
    assert len(server.log) == 2


@pytest.mark.slow
def test_a_service_that_fails_everything_is_stopped_by_the_circuit_breaker(server, settings):
    """Crossref's advice: when 10 % or more of requests fail, stop. 100 DOIs, 500 to everything."""
    serve(server, Recorder(default=Response("Internal Server Error", status=500)))
    started = time.monotonic()
    records = fetch_records(dois(100), settings=settings.replace(retries=4))
    elapsed = time.monotonic() - started
    assert (records["status"] == "failed").all()
    not_asked = records["error_kind"] == "not_asked"
    assert not_asked.sum() >= 90 and records["error"][not_asked].str.startswith("not asked: ").all()
    assert set(records["error_kind"][~not_asked]) <= {"http_status", "breaker"}
    assert len(server.log) <= 20 + settings.max_concurrency  # the window, plus what was already in flight
    assert elapsed < 10
    lines = describe_failures(records)
    stopped = [line for line in lines if "litmap stopped asking it" in line]
    assert len(stopped) == 1 and "requests to crossref failed (last: HTTP 500)" in stopped[0]


def test_a_few_failures_among_many_answers_do_not_stop_the_service(server, settings):
    server.expect_request("/works/10.1/7").respond_with_data("down", status=503)
    serve(server, Recorder(default=ok(work("10.1/x"), **HEADERS)))
    records = fetch_records(dois(60), settings=settings.replace(retries=0))
    assert (records["status"] == "ok").sum() == 59
    assert records["error_kind"].dropna().tolist() == ["http_status"]


@pytest.mark.slow
def test_ctrl_c_cancels_pending_look_ups_and_keeps_finished_ones(server, settings):
    limits = {"x-rate-limit-limit": "100", "x-rate-limit-interval": "1s", "x-concurrency-limit": "2"}
    rec = serve(server, Recorder(default=ok(work("10.1/x"), **limits), delay=0.3))
    timer = threading.Timer(1.2, _thread.interrupt_main)  # Ctrl-C, as the terminal sends it to the main thread
    timer.start()
    started = time.monotonic()
    with pytest.raises(RunInterrupted) as info:
        fetch_records(dois(24), settings=settings)
    stopped = time.monotonic()
    assert stopped - started < 1.2 + 2
    time.sleep(0.3)  # a request already on the wire may reach the server a moment later
    sent = len(rec.hits)
    time.sleep(1.0)
    assert len(rec.hits) == sent  # nothing more is sent: pending look-ups were cancelled
    assert 0 < info.value.done < 24 and info.value.total == 24
    assert str(info.value) == f"interrupted after {info.value.done} of 24 look-ups; run again to continue"
    time.sleep(0.5)  # in-flight replies land in the cache
    again = fetch_records(dois(24), settings=settings)
    assert (again["status"] == "ok").all()
    assert (again["via"] == "cache").sum() >= info.value.done
    assert len(rec.hits) == sent + (again["via"] == "network").sum()  # finished look-ups not repeated


def test_record_cache_keeps_answers_not_failures_and_is_thread_safe(tmp_path):
    cache = RecordCache(tmp_path / "records.sqlite")
    cache.put(make_record("crossref", "work", "10.1/bad", "failed", error="HTTP 500"))
    assert cache.get("crossref", "work", "10.1/bad") is None

    def put_many(start):
        for i in range(start, start + 50):
            cache.put(make_record("crossref", "work", f"10.1/{i}", "ok", body={"i": i}, now=True))

    threads = [threading.Thread(target=put_many, args=(n * 50,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    got = cache.get("crossref", "work", "10.1/123")
    assert got["via"] == "cache" and json.loads(got["body"]) == {"i": 123}
    cache.close()


def test_an_unreadable_cache_file_is_a_clear_error(tmp_path):
    from litmap import LitmapError

    path = tmp_path / "records.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(LitmapError, match="the answer cache cannot be used"):
        RecordCache(path)


def test_describe_failures_groups_reasons():
    recs = RECORDS.from_records(
        [
            make_record("crossref", "work", f"10.1/{i}", "failed", error="crossref: GET x failed (HTTP 503)")
            for i in range(3)
        ]
        + [make_record("openlibrary", "book", "title=A", "failed", error="openlibrary: offline, and no answer")]
        + [make_record("crossref", "work", "10.1/ok", "ok", body={})]
    )
    assert describe_failures(recs) == [
        "Crossref: 3 look-ups failed: failed (HTTP 503) (×3)",  # services by name, never by URL
        "Open Library: 1 look-up failed: offline, and no answer",
    ]


@pytest.mark.parametrize("n_reasons, tail", [(4, "; and 1 other reason"), (5, "; and 2 other reasons"), (3, "")])
def test_describe_failures_counts_other_reasons_in_the_right_number(n_reasons, tail):
    recs = RECORDS.from_records(
        [
            make_record("crossref", "work", f"10.1/{i}", "failed", error=f"crossref: reason {i}")
            for i in range(n_reasons)
        ]
    )
    (line,) = describe_failures(recs, examples=3)
    assert line.startswith(f"Crossref: {n_reasons} look-ups failed: reason ")
    assert line.endswith(tail) and line.count("other reason") == (1 if tail else 0)
