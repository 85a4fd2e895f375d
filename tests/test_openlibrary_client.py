"""OpenLibraryClient against a real HTTP server on 127.0.0.1 (pytest-httpserver)."""

from __future__ import annotations

import pytest

from litmap import LookupServiceError, OfflineError, Settings, fetch_records
from litmap.schemas import RECORDS
from litmap.verify import OpenLibraryClient
from litmap.verify.openlibrary import book_key
from litmap.verify.records import make_record

DOCS = {
    "numFound": 1,
    "start": 0,
    "docs": [
        {
            "key": "/works/OL1W",
            "title": "Client-Centered Therapy",
            "author_name": ["Carl R. Rogers"],
            "first_publish_year": 1951,
        },
    ],
}


@pytest.fixture
def settings(httpserver, tmp_path):
    return Settings(
        mailto="tests@example.org",
        openlibrary_url=httpserver.url_for(""),
        cache_dir=tmp_path,
        backoff=0.05,
        retries=3,
        progress=False,
    )


def test_search_books_sends_title_author_limit_and_identifies_itself(httpserver, settings):
    httpserver.expect_request(
        "/search.json", query_string={"title": "Client-Centered Therapy", "author": "Rogers", "limit": "5"}
    ).respond_with_json(DOCS)
    with OpenLibraryClient(settings) as openlibrary:
        docs = openlibrary.search_books("Client-Centered Therapy", "Rogers")
    assert docs[0]["first_publish_year"] == 1951
    request = httpserver.log[0][0]
    assert "mailto:tests@example.org" in request.headers["User-Agent"]
    assert "mailto" not in request.args  # Open Library takes the contact from the User-Agent only


def test_search_without_author_omits_it(httpserver, settings):
    httpserver.expect_request(
        "/search.json", query_string={"title": "On Becoming a Person", "limit": "5"}
    ).respond_with_json(DOCS)
    with OpenLibraryClient(settings) as openlibrary:
        record = openlibrary.fetch("book", book_key("On Becoming a Person"))
    assert record["status"] == "ok" and record["key"] == "title=On+Becoming+a+Person"


def test_5xx_then_success_and_cached_afterwards(httpserver, settings):
    httpserver.expect_ordered_request("/search.json").respond_with_data("busy", status=503)
    httpserver.expect_ordered_request("/search.json").respond_with_json(DOCS)
    with OpenLibraryClient(settings) as openlibrary:
        assert openlibrary.search_books("Client-Centered Therapy")[0]["title"] == "Client-Centered Therapy"
    with OpenLibraryClient(settings.replace(offline=True)) as openlibrary:
        assert openlibrary.search_books("Client-Centered Therapy")[0]["key"] == "/works/OL1W"
        with pytest.raises(OfflineError, match="openlibrary: offline"):
            openlibrary.search_books("Something never searched")
    assert len(httpserver.log) == 2


def test_reply_without_docs_is_an_error(httpserver, settings):
    httpserver.expect_request("/search.json").respond_with_json({"error": "bad query"})
    with OpenLibraryClient(settings) as openlibrary, pytest.raises(LookupServiceError, match="no 'docs' list"):
        openlibrary.search_books("x")


def test_saved_records_answer_first_and_failures_are_rows(httpserver, settings):
    saved = RECORDS.from_records([make_record("openlibrary", "book", book_key("A"), "ok", body=DOCS)])
    httpserver.expect_request("/search.json").respond_with_data("down", status=500)
    records = fetch_records(
        [("openlibrary", "book", book_key("A")), ("openlibrary", "book", book_key("B", "Someone"))],
        settings=settings.replace(retries=0),
        known=saved,
    )
    assert list(records["status"]) == ["ok", "failed"]
    assert list(records["via"].fillna("-")) == ["snapshot", "-"]
    assert "HTTP 500" in records.loc[1, "error"]
    assert len(httpserver.log) == 1  # only B went to the server


def test_base_url_from_environment(httpserver, tmp_path, monkeypatch):
    monkeypatch.setenv("LITMAP_OPENLIBRARY_URL", httpserver.url_for("/"))
    monkeypatch.setenv("LITMAP_MAILTO", "t@example.org")
    with OpenLibraryClient(Settings.from_env(cache_dir=tmp_path)) as openlibrary:
        assert openlibrary.web.base_url == httpserver.url_for("").rstrip("/")
