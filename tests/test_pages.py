"""Web pages as people save them from blog platforms and journals: the article, not the page around it.

Each page in tests/data/pages (see its README) wraps a short article in the furniture of its
platform: navigation, share bars, related posts, comment threads, cookie banners, sidebars with
dated post titles, footers with "©" and newsletter boxes. The tests check what a user sees in the
tables: the right title, every reference and nothing else, no furniture in the claims, and each
citation linked to its entry (through the page's own links where it has them).
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from litmap import load_article, read_article

PAGES = Path(__file__).parent / "data" / "pages"

#: page -> its title, number of references, the entry each citation (as written) links to (its first
#: words), and text that must not reach the body, the claims or the reference list.
EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))
CASES = {name: (case["title"], case["references"], case["links"], case["furniture"]) for name, case in EXPECTED.items()}


@pytest.fixture(scope="module")
def loaded():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Substack's list has no heading: said in a warning, checked below
        return {name: load_article(PAGES / name) for name in CASES}


@pytest.mark.parametrize("name", sorted(CASES))
def test_title_and_reference_list(loaded, name):
    title, n_refs, _, _ = CASES[name]
    tables = loaded[name]
    assert tables.article.format == "html"
    assert tables.article.title == title
    assert len(tables.references) == n_refs
    assert tables.references["is_parsed"].all()
    assert tables.unresolved.empty


@pytest.mark.parametrize("name", sorted(CASES))
def test_page_furniture_never_reaches_body_or_claims(loaded, name):
    *_, furniture = CASES[name]
    tables = loaded[name]
    body = " ".join(text for _, _, text in tables.article.paragraphs) + " ".join(tables.claims["text"])
    references = " ".join(tables.references["raw"])
    for text in furniture:
        assert text not in body, f"{text!r} reached the article body"
        assert text not in references, f"{text!r} reached the reference list"


@pytest.mark.parametrize("name", sorted(CASES))
def test_citations_link_to_their_entries(loaded, name):
    _, _, links, _ = CASES[name]
    tables = loaded[name]
    raw = tables.references.set_index("ref_id")["raw"]
    found = {}
    for row in tables.citations.itertuples():
        found.setdefault(row.cited_as, []).append(raw[row.ref_id])
    for cited_as, entry_start in links.items():
        assert cited_as in found, f"{cited_as!r} not found; found {sorted(found)}"
        assert any(entry.startswith(entry_start) for entry in found[cited_as]), (cited_as, found[cited_as])


def test_page_links_are_trusted_and_said_so(loaded):
    wiki = loaded["wikipedia-article.html"].citations
    assert set(wiki["match"]) == {"linked"}
    assert (wiki["confidence"] == 1.0).all()


def test_superscript_range_between_two_links_covers_the_entries_between(loaded):
    pmc = loaded["pmc-article.html"]
    raw = pmc.references.set_index("ref_id")["raw"]
    cited = {raw[r][:2] for r in pmc.citations.loc[pmc.citations["cited_as"] == "2–4", "ref_id"]}
    assert cited == {"2.", "3.", "4."}  # "2–4" written as <a>2</a>–<a>4</a>: 3 is cited too


def test_link_labels_after_entries_are_dropped_but_a_doi_link_keeps_its_address(loaded):
    pmc = loaded["pmc-article.html"].references
    assert not pmc["raw"].str.contains("PubMed|Google Scholar|\\[DOI", regex=True).any()
    assert pmc.loc[0, "doi"] == "10.1126/science.1093535"  # the "[DOI]" label linked to it


def test_footnotes_with_no_heading_become_the_list_and_the_reader_is_told():
    with pytest.warns(UserWarning, match="no reference-list heading"):
        article = read_article(PAGES / "substack-post.html")
    assert any("no reference-list heading" in note for note in article.notes)
    assert len(article.reference_entries()) == 3


def test_left_out_page_elements_are_counted_in_the_notes(loaded):
    notes = loaded["wordpress-post.html"].article.notes
    assert any("page elements that are not the article" in note for note in notes)
