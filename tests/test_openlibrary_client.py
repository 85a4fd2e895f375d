"""OpenLibraryClient against a real HTTP server on 127.0.0.1 (pytest-httpserver)."""

from __future__ import annotations

import pytest

from litmap import LookupServiceError, OfflineError, OpenLibraryClient, Snapshot, snapshot_key

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
def make_client(httpserver, tmp_path):
    clients = []

    def make(**kwargs) -> OpenLibraryClient:
        kwargs = {
            "mailto": "tests@example.org",
            "base_url": httpserver.url_for(""),
            "cache_dir": tmp_path,
            "backoff_factor": 0.05,
            "retries": 3,
            "progress": False,
            **kwargs,
        }
        clients.append(OpenLibraryClient(**kwargs))
        return clients[-1]

    yield make
    for client in clients:
        client.close()


def test_search_books_sends_title_author_limit_and_identifies_itself(httpserver, make_client):
    httpserver.expect_request(
        "/search.json", query_string={"title": "Client-Centered Therapy", "author": "Rogers", "limit": "5"}
    ).respond_with_json(DOCS)
    with make_client() as openlibrary:
        docs = openlibrary.search_books("Client-Centered Therapy", "Rogers")
    assert docs[0]["first_publish_year"] == 1951
    request = httpserver.log[0][0]
    assert "mailto:tests@example.org" in request.headers["User-Agent"]
    assert "mailto" not in request.args  # Open Library takes the contact from the User-Agent only


def test_search_without_author_omits_it(httpserver, make_client):
    httpserver.expect_request(
        "/search.json", query_string={"title": "On Becoming a Person", "limit": "3"}
    ).respond_with_json(DOCS)
    with make_client() as openlibrary:
        assert len(openlibrary.search_books("On Becoming a Person", limit=3)) == 1


def test_5xx_then_success_and_cached_afterwards(httpserver, make_client):
    httpserver.expect_ordered_request("/search.json").respond_with_data("busy", status=503)
    httpserver.expect_ordered_request("/search.json").respond_with_json(DOCS)
    with make_client() as openlibrary:
        assert openlibrary.search_books("Client-Centered Therapy")[0]["title"] == "Client-Centered Therapy"
    with make_client(offline=True) as openlibrary:
        assert openlibrary.search_books("Client-Centered Therapy")[0]["key"] == "/works/OL1W"
        with pytest.raises(OfflineError, match=r"openlibrary /search\.json"):
            openlibrary.search_books("Something never searched")
    assert len(httpserver.log) == 2


def test_reply_without_docs_is_an_error(httpserver, make_client):
    httpserver.expect_request("/search.json").respond_with_json({"error": "bad query"})
    with make_client() as openlibrary, pytest.raises(LookupServiceError, match="no 'docs' list"):
        openlibrary.search_books("x")


def test_snapshot_answers_and_batch_keeps_failures(httpserver, make_client):
    snap = Snapshot({snapshot_key("openlibrary", "/search.json", {"title": "A", "limit": "5"}): DOCS})
    httpserver.expect_request("/search.json").respond_with_data("down", status=500)
    with make_client(snapshot=snap, retries=0) as openlibrary:
        result = openlibrary.search_many([("A", None), ("B", "Someone")])
    assert result[("A", None)] == DOCS["docs"]
    assert result.errors[("B", "Someone")].status_code == 500


def test_base_url_from_environment(httpserver, tmp_path, monkeypatch):
    monkeypatch.setenv("LITMAP_OPENLIBRARY_URL", httpserver.url_for("/"))
    with OpenLibraryClient(mailto="t@example.org", cache_dir=tmp_path) as openlibrary:
        assert openlibrary.base_url == httpserver.url_for("").rstrip("/")
