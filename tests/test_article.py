"""Reading articles: the bundled page as scraped, bad input, URLs served locally."""

from __future__ import annotations

import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from litmap import ArticleError, Settings, load_article
from litmap.read.article import compute_article, read_article


def test_bundled_article_structure(bundled_article):
    article = read_article(bundled_article)
    assert article.title.startswith("The Healing Power of Empathy in Therapy")
    headings = [s.heading for s in article.sections]
    # the heading printed twice on the page is one section
    assert headings.count("Enhancing Self-Awareness and Insight") == 1
    assert "Establishing Trust and Safety" in headings
    assert "Facilitating Emotional Processing" in headings
    assert not any("References" in h for h in headings)
    entries = [line for _, line in article.reference_lines if line]
    assert len(entries) == 11
    assert entries[0].startswith("Coke, L. (2019)")
    assert entries[-1].startswith("Cozolino, L. (2007)")


def test_page_furniture_is_dropped_not_kept_as_text(bundled_article):
    article = read_article(bundled_article)
    body = " ".join(text for _, _, text in article.paragraphs)
    for furniture in (
        "top of page",
        "Updated: Apr 29",
        "Evelina Vitter",
        "Instagram",
        "views",
        "Commenti",
        "bottom of page",
        "Ready to dive deeper",
    ):
        assert furniture not in body
    dropped = [line for _, line in article.dropped_lines]
    assert "top of page" in dropped and "Commenti" in dropped


def test_empty_file_is_a_clear_error(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n ")
    with pytest.raises(ArticleError, match="empty") as info:
        read_article(path)
    assert str(path) in str(info.value)


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "figure.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(ArticleError, match="binary"):
        read_article(path)


def test_missing_file(tmp_path):
    with pytest.raises(ArticleError, match="no such file"):
        read_article(tmp_path / "nope.txt")


def test_non_utf8_page_is_read_with_a_warning_naming_the_line(tmp_path):
    path = tmp_path / "latin.txt"
    text = "A Title\n\nCaf\xe9 owners say empathy matters (Smith, 2001).\n\nReferences\n\nSmith, J. (2001). A study. Journal, 1, 1-2.\n"
    path.write_bytes(text.encode("cp1252"))
    with pytest.warns(UnicodeWarning, match="line 3"):
        article = read_article(path)
    assert "Café" in article.paragraphs[0][2]


def test_only_furniture_is_an_error():
    with pytest.raises(ArticleError, match="no article text"):
        compute_article("top of page\n\nbottom of page\n")


def test_url_is_fetched_and_html_turned_into_text(httpserver):
    page = (
        "<!DOCTYPE html><html><head><title>T</title><script>var x = 1;</script></head><body>"
        "<h1>Empathy at Work</h1><p>Empathy helps teams (Smith, 2001).</p>"
        "<h2>References</h2><p>Smith, J. (2001). Teams and empathy. Work Journal, 3(1), 1-10.</p></body></html>"
    )
    httpserver.expect_request("/post").respond_with_data(page, content_type="text/html; charset=utf-8")
    article = read_article(httpserver.url_for("/post"))
    assert article.title == "Empathy at Work"  # the article's h1, not the browser tab's <title>
    assert article.format == "html"
    assert any("Empathy helps teams" in text for _, _, text in article.paragraphs)
    assert "var x" not in " ".join(text for _, _, text in article.paragraphs)
    assert next(line for _, line in article.reference_lines if line).startswith("Smith, J. (2001)")


def test_the_callers_settings_reach_the_download(httpserver):
    """The contact address and limits a caller sets are those of the article's download (and of
    load_article's): nothing rebuilds settings from the environment on the way."""
    page = (
        "<html><body><h1>Empathy</h1><p>Empathy builds trust between a client and a therapist (Lee, 2001).</p>"
        "<h2>References</h2><p>Lee, K. (2001). Trust in therapy. Journal of Care, 3(1), 1-9.</p></body></html>"
    )
    httpserver.expect_request("/post").respond_with_data(page, content_type="text/html")
    url = httpserver.url_for("/post")
    mine = Settings(mailto="reader@example.org")
    assert read_article(url, settings=mine).title == "Empathy"
    assert load_article(url, settings=mine).article.title == "Empathy"
    agents = [request.headers["User-Agent"] for request, _ in httpserver.log]
    assert len(agents) == 2 and all(agent.endswith("; mailto:reader@example.org)") for agent in agents)
    with pytest.raises(ArticleError, match="larger than 100 bytes"):
        read_article(url, settings=mine.replace(max_bytes=100))
    with pytest.raises(ArticleError, match="offline, so litmap sends no request"):
        load_article(url, settings=mine.replace(offline=True))
    assert len(httpserver.log) == 3, "offline: not even a request"


def test_unreachable_url_is_a_clear_error(httpserver):
    httpserver.expect_request("/gone").respond_with_data("Not here", status=404)
    with pytest.raises(ArticleError, match=r"/gone: the server answered HTTP 404"):
        read_article(httpserver.url_for("/gone"))


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.text(max_size=600))
def test_page_parser_never_crashes_on_arbitrary_text(text):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "no reference-list heading found" is expected on random text
            article = compute_article(text)
    except ArticleError:  # empty or furniture only: a clear error is the answer
        return
    assert article.sections or article.reference_lines
    assert all(line_no >= 1 for line_no, _ in article.reference_lines)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "References",
                "Title",
                "Some claim here (Smith, 2001).",
                "",
                "bottom of page",
                "Smith, J. (2001). A title. Journal, 1(2), 3-4.",
                "?",
                "[1] Lee K. Trust. 2003.",
            ]
        ),
        max_size=30,
    )
)
def test_page_parser_on_page_like_text(lines):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a trailing run of entries with no heading is said in a warning
            article = compute_article("\n".join(lines))
    except ArticleError:
        return
    kept = [text for _, text in article.reference_lines if text]
    assert all(line in lines for line in kept)  # reference lines are kept as written, never invented


def test_a_plain_text_title_that_asks_is_the_title_and_the_journal_line_under_it_no_claim():
    text = (
        "Can Exercise Prevent Forgetting?\n\n"
        "Ann Lee. Journal of Small Tests (2005). https://doi.org/10.1000/example.1\n\n"
        "Introduction\n\n"
        "Walking improves memory in older adults [1]. Puzzles do less.\n\n"
        "References\n\n"
        "1. Kim A (2001) Walking and memory. J Aging 3: 1-9.\n"
    )
    article = compute_article(text, source="article.txt")
    assert article.title == "Can Exercise Prevent Forgetting?"
    paragraphs = [p for s in article.sections for _, p in s.paragraphs]
    assert not any("Journal of Small Tests" in p for p in paragraphs)
