"""Fetching an article: streamed, bounded in size and time, content type checked, each failure in words.

Every case runs against a real HTTP server on 127.0.0.1: an endless page, a page that trickles a
byte at a time, a server that never answers, redirect loops, images, offline.
"""

from __future__ import annotations

import itertools
import time

import pytest
from werkzeug import Response

from litmap import ArticleError, Settings, load_article
from litmap.read import fetch_document


@pytest.fixture
def server(threaded_server):
    return threaded_server


def settings(**changes) -> Settings:
    return Settings(offline=False, **{"connect_timeout": 2, "read_timeout": 5, **changes})


PAGE = "<!DOCTYPE html><html><body><h1>T</h1><p>Empathy builds trust between a therapist and a client (Smith, 2001).</p><h2>References</h2><p>Smith, J. (2001). A work. J, 1, 1-2.</p></body></html>"


def test_a_page_comes_back_as_bytes_with_its_type_and_final_address(server):
    server.expect_request("/old").respond_with_response(Response(status=301, headers={"Location": "/post"}))
    server.expect_request("/post").respond_with_data(PAGE, content_type="text/html; charset=utf-8")
    document = fetch_document(server.url_for("/old"), settings=settings())
    assert document.content == PAGE.encode()
    assert document.content_type == "text/html"
    assert document.url == server.url_for("/post")
    assert "litmap/" in server.log[-1][0].headers["User-Agent"]


def test_an_endless_page_stops_at_the_size_limit(server):
    chunk = b"<p>" + b"x" * 65_533
    server.expect_request("/endless").respond_with_response(
        Response(itertools.repeat(chunk), content_type="text/html", direct_passthrough=True)
    )
    started = time.monotonic()
    with pytest.raises(ArticleError, match=r"/endless: the page is larger than 1 MB$"):
        fetch_document(server.url_for("/endless"), settings=settings(max_bytes=1_000_000))
    assert time.monotonic() - started < 5


def test_a_declared_size_over_the_limit_is_refused_before_reading(server):
    server.expect_request("/huge").respond_with_response(
        Response(b"x" * 3000, content_type="application/pdf", headers={"Content-Length": "3000"})
    )
    with pytest.raises(ArticleError, match=r"larger than 2 kB \(the server says 3 kB\)"):
        fetch_document(server.url_for("/huge"), settings=settings(max_bytes=2000))


def test_the_default_limit_is_25_mb_and_said_so():
    assert Settings().max_bytes == 25_000_000 and Settings().describe_max_bytes() == "25 MB"


def test_a_trickling_page_stops_at_the_time_limit(server):
    def trickle():
        for _ in range(200):
            time.sleep(0.05)
            yield b"x"

    server.expect_request("/slow").respond_with_response(
        Response(trickle(), content_type="text/plain", direct_passthrough=True)
    )
    started = time.monotonic()
    with pytest.raises(ArticleError, match=r"did not arrive in full within 1 s \(got \d+ bytes so far\)"):
        fetch_document(server.url_for("/slow"), settings=settings(time_limit=1))
    assert time.monotonic() - started < 2


def test_a_server_that_never_answers_stops_at_the_time_limit(server):
    def silent(request):
        time.sleep(3)
        return Response("late", content_type="text/plain")

    server.expect_request("/silent").respond_with_handler(silent)
    started = time.monotonic()
    with pytest.raises(ArticleError, match=r"/silent: no answer within 1 s$"):
        fetch_document(server.url_for("/silent"), settings=settings(time_limit=1))
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("application/pdf", b"%PDF-1.7 ...", "application/pdf"),
        ("application/octet-stream", b"%PDF-1.4 ...", "application/pdf"),  # many servers send PDFs so
        ("text/markdown; charset=utf-8", b"# Title", "text/markdown"),
        ("text/plain", b"plain", "text/plain"),
        (None, b"no type", ""),
    ],
)
def test_html_text_and_pdf_are_accepted(server, content_type, body, expected):
    headers = {"Content-Type": content_type} if content_type else {}
    response = Response(body, headers=headers)
    if content_type is None:
        del response.headers["Content-Type"]
    server.expect_request("/doc").respond_with_response(response)
    assert fetch_document(server.url_for("/doc"), settings=settings()).content_type == expected


def test_other_content_types_are_refused_before_reading(server):
    server.expect_request("/img").respond_with_data(b"\x89PNG", content_type="image/png")
    with pytest.raises(ArticleError, match=r"serves image/png, not an article \(HTML, text or PDF\)"):
        fetch_document(server.url_for("/img"), settings=settings())


def test_redirects_are_limited(server):
    server.expect_request("/loop").respond_with_response(Response(status=302, headers={"Location": "/loop"}))
    with pytest.raises(ArticleError, match="more than 3 redirects"):
        fetch_document(server.url_for("/loop"), settings=settings(max_redirects=3))
    assert len(server.log) == 4


def test_a_redirect_away_from_http_is_refused(server):
    server.expect_request("/away").respond_with_response(
        Response(status=302, headers={"Location": "file:///etc/passwd"})
    )
    with pytest.raises(ArticleError, match="not http:// or https://"):
        fetch_document(server.url_for("/away"), settings=settings())


@pytest.mark.parametrize("address", ["file:///etc/passwd", "ftp://example.org/a.txt", "https://", "example.org/page"])
def test_only_http_addresses_are_fetched(address):
    with pytest.raises(ArticleError, match="only http:// and https://"):
        fetch_document(address, settings=settings())


def test_http_errors_and_refused_connections_are_said_in_words(server):
    server.expect_request("/gone").respond_with_data("Not here", status=404)
    with pytest.raises(ArticleError, match=r"/gone: the server answered HTTP 404"):
        fetch_document(server.url_for("/gone"), settings=settings())
    with pytest.raises(ArticleError, match="could not fetch the page: could not connect"):
        fetch_document("http://127.0.0.1:9/nothing-listens-here", settings=settings())


def test_offline_fetches_nothing(server):
    server.expect_request("/post").respond_with_data(PAGE, content_type="text/html")
    with pytest.raises(ArticleError, match="offline"):
        fetch_document(server.url_for("/post"), settings=Settings(offline=True))
    with pytest.raises(ArticleError, match="offline, so litmap sends no request"):
        load_article(server.url_for("/post"), settings=Settings(offline=True))
    assert len(server.log) == 0


def test_load_article_reads_a_url_through_the_fetcher(server):
    server.expect_request("/post").respond_with_data(PAGE, content_type="text/html")
    tables = load_article(server.url_for("/post"))
    assert tables.references.loc[0, "raw"].startswith("Smith, J. (2001)")
