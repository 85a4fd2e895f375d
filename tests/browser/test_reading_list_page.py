"""The exported HTML reading list, opened from disk in Chromium as a person would open it.

The list is built from the bundled article with the offline snapshot, then written with
``litmap.present.write_html``: every entry must show, its DOI link must be live, and the page must load
nothing but itself. A copy whose titles, citing sentences, topics and URL carry markup and
scripts must show that markup as literal text and run none of it.
"""

from __future__ import annotations

import pytest
from browser_paths import REPO, SCREENSHOT_DIR

import litmap

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ARTICLE = REPO / "data" / "articles" / "empathy-in-therapy.txt"
SNAPSHOT = REPO / "data" / "snapshots" / "empathy-in-therapy.json"
HOSTILE_TITLES = (
    "<script>window.__pwned=1</script>Empathy as a script",
    '<img src=x onerror="window.__pwned=2">Empathy as an image',
)
HOSTILE_CITED_FOR = '<script>window.__pwned=3</script>a claim with a <b onmouseover="window.__pwned=4">tag</b>'
HOSTILE_TOPIC = '<svg onload="window.__pwned=5">'
HOSTILE_URL = "javascript:window.__pwned=6"


@pytest.fixture(scope="module")
def reading_list():
    """The bundled article's reading list, audited offline from the bundled snapshot."""
    loaded = litmap.load_article(ARTICLE)
    audit = litmap.compute_audit(loaded.references, litmap.read_snapshot(SNAPSHOT).records).audit
    frame = litmap.compute_reading_list(loaded.references, audit, loaded.citations, loaded.claims)
    assert len(frame) >= 3, "the bundled article should give a reading list of several sources"
    return frame


def hostile_copy(frame):
    """The reading list with markup and scripts in titles (also in the APA text), citing sentences, topics, a URL."""
    frame = frame.copy()
    for row, hostile in zip(frame.index[:2], HOSTILE_TITLES):
        title, apa = frame.at[row, "title"], frame.at[row, "apa"]
        frame.at[row, "apa"] = (
            apa.replace(title, hostile) if isinstance(title, str) and title in apa else f"{hostile}. {apa}"
        )
        frame.at[row, "title"] = hostile
    first = frame.index[0]
    frame.at[first, "cited_for"] = [HOSTILE_CITED_FOR]
    frame.at[first, "topics"] = [HOSTILE_TOPIC]
    frame.at[frame.index[2], "url"] = HOSTILE_URL
    return frame


def open_page(page, path):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return requests


def test_reading_list_page_shows_every_entry_with_live_doi_links(reading_list, tmp_path, page, page_problems):
    path = litmap.present.write_html(reading_list, tmp_path / "reading-list.html")
    requests = open_page(page, path)

    entries = page.locator("ol > li")
    assert entries.count() == len(reading_list)
    texts = entries.all_inner_texts()
    for text, (_, row) in zip(texts, reading_list.iterrows()):
        title = str(row["title"]) if isinstance(row["title"], str) else ""
        # Titles show as formatted by citeproc, so compare the first words, whitespace-normalised.
        assert " ".join(title.split()[:4]).lower() in " ".join(text.split()).lower(), (title, text)
    doi_rows = reading_list["url"].dropna()
    doi_rows = doi_rows[doi_rows.str.startswith("https://doi.org/")]
    links = page.locator("ol > li a[href^='https://doi.org/']")
    assert links.count() == len(doi_rows) > 0
    for link in links.all():
        assert link.is_visible()
        assert link.inner_text() == link.get_attribute("href")
    assert requests == [path.as_uri()], f"the page loaded more than itself: {requests}"
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / "reading-list.png"), full_page=True)
    assert not page_problems.unexpected(), "\n".join(page_problems.unexpected())


def test_markup_in_a_reading_list_shows_as_text_and_runs_nothing(reading_list, tmp_path, page, page_problems):
    hostile = hostile_copy(reading_list)
    path = litmap.present.write_html(hostile, tmp_path / "hostile.html")
    requests = open_page(page, path)
    page.wait_for_timeout(300)  # time for an injected onerror/onload handler to fire, were there one

    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("script, img, svg, iframe, object, embed, [onerror], [onload], [onmouseover]").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    entries = page.locator("ol > li")
    assert entries.count() == len(hostile)
    first, second = entries.nth(0).inner_text(), entries.nth(1).inner_text()
    assert HOSTILE_TITLES[0] in first
    assert HOSTILE_TITLES[1] in second
    assert HOSTILE_CITED_FOR in first
    assert HOSTILE_TOPIC in first
    assert HOSTILE_URL not in page.locator("a").evaluate_all("links => links.map(a => a.href).join(' ')")
    assert requests == [path.as_uri()], f"the page loaded more than itself (an injected image?): {requests}"
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / "reading-list-hostile.png"))
    assert not page_problems.unexpected(), "\n".join(page_problems.unexpected())
