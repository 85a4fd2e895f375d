"""Issue #9, "any article": one regression test for each failure a new user met in the first minute,
then Markdown, reference headings in their variants and languages, and bad input said in one line.
"""

from __future__ import annotations

import warnings

import pytest

from litmap import ArticleError, compute_references, load_article, parse_reference
from litmap.parse import read_references
from litmap.parse.claims import compute_claims_and_citations
from litmap.parse.references import normalise_pages
from litmap.read.article import compute_article
from litmap.verify.comparison import compare_fields

BODY = "Empathy builds trust between client and therapist over many sessions (Lee, 2001)."
ENTRY = "Lee, K. (2001). Trust in therapy. Journal of Care, 3(2), 10-20."


def _tables(text: str, source: str = "post.txt"):
    article = compute_article(text, source=source)
    references = compute_references(article.reference_entries())
    claims, citations = compute_claims_and_citations(article, references)
    return article, references, claims, citations


# ---------------------------------------------------------------------------------------------
# the first list of the issue


def test_markdown_list_under_an_atx_references_heading(tmp_path):
    path = tmp_path / "post.md"
    path.write_text(
        "# Trust in therapy\n\n"
        "Empathy builds *trust* between client and therapist (Lee, 2001). It also helps "
        "[people feel heard](https://example.org) in their first session (Kim & Park, 2010).\n\n"
        "## References\n\n"
        f"- {ENTRY}\n"
        "- Kim, H., & Park, S. (2010). Feeling heard. *Clinical Review*, 5, 1-9.\n",
        encoding="utf-8",
    )
    tables = load_article(path)
    assert tables.article.format == "markdown"
    assert tables.article.title == "Trust in therapy"
    assert list(tables.references["raw"]) == [
        ENTRY,
        "Kim, H., & Park, S. (2010). Feeling heard. Clinical Review, 5, 1-9.",
    ]
    assert tables.citations["ref_id"].tolist() == ["R01", "R02"]


@pytest.mark.parametrize(
    "heading",
    [
        "Reference",
        "References",
        "REFERENCES:",
        "Works Cited",
        "Literature Cited",
        "Sources",
        "Notes and References",
        "Citations",
        "Bibliography",
        "Referencias",
        "Bibliografía",
        "Références",
        "Literatur",
        "Riferimenti",
        "7. References",
    ],
)
def test_reference_heading_variants_and_languages(heading):
    article, _, _, citations = _tables(f"A Blog Post\n\n{BODY}\n\n{heading}\n\n{ENTRY}\n")
    assert [text for _, text in article.reference_entries()] == [ENTRY]
    assert citations["ref_id"].tolist() == ["R01"]


def test_clinic_page_related_posts_sidebar_and_footer_are_not_entries(tmp_path):
    page = tmp_path / "clinic.html"
    page.write_text(
        "<html><body><header><a href='/'>Harbour Clinic</a></header><main><article>"
        f"<h1>Empathy at the clinic</h1><p>{BODY}</p><h2>References</h2><p>{ENTRY}</p></article>"
        "<aside class='sidebar'><h3>Related posts</h3><ul><li>Why sleep matters (2025)</li>"
        "<li>Smith, J. (2024). Our new waiting room. Clinic News.</li></ul></aside></main>"
        "<footer><p>© 2026 Harbour Clinic. All rights reserved.</p><p>Subscribe to our newsletter</p></footer>"
        "</body></html>",
        encoding="utf-8",
    )
    tables = load_article(page)
    assert list(tables.references["raw"]) == [ENTRY]


def test_plain_text_page_keeps_the_list_and_leaves_the_footer_out():
    text = (
        f"Empathy at the clinic\n\n{BODY}\n\nReferences\n\n{ENTRY}\n\nRelated posts\n\n"
        "Why sleep matters (2025)\n\n© 2026 Harbour Clinic. Subscribe to our newsletter\n"
    )
    article, references, _, _ = _tables(text)
    assert list(references["raw"]) == [ENTRY]
    assert "© 2026 Harbour Clinic. Subscribe to our newsletter" in [line for _, line in article.dropped_lines]


def test_vancouver_initials_are_not_name_particles():
    parsed = parse_reference(
        "Stapel DA, Lindenberg S. Coping with chaos: how disordered contexts promote stereotyping and "
        "discrimination. Science. 2011;332(6026):251-3."
    )
    assert parsed["authors"] == [{"family": "Stapel", "given": "DA"}, {"family": "Lindenberg", "given": "S"}]
    record = {
        "author": [{"family": "Stapel", "given": "Diederik A."}, {"family": "Lindenberg", "given": "Siegwart"}],
        "issued": {"date-parts": [[2011]]},
        "volume": "332",
        "issue": "6026",
        "page": "251-253",
    }
    assert compare_fields(parsed, record) == []  # no false first-author (or page) discrepancy


def test_particles_stay_particles():
    parsed = parse_reference(
        "van Harreveld F, Nohlen HU, Schneider IK. The ABC of ambivalence. Adv Exp Soc Psychol. 2015;52:285-324."
    )
    assert parsed["authors"][0] == {"family": "van Harreveld", "given": "F"}


@pytest.mark.parametrize(
    ("cited", "full"),
    [
        ("R875-8", "R875-R878"),
        ("113-26", "113-126"),
        ("1425–37", "1425-1437"),
        ("e1000144", "e1000144"),
        ("CD008880", "CD008880"),
        ("11615", "11615"),
        ("S12-5", "S12-S15"),
        ("99-101", "99-101"),
    ],
)
def test_page_ranges_are_written_out_and_article_numbers_kept(cited, full):
    assert normalise_pages(cited) == full


def test_abbreviated_letter_range_is_no_page_discrepancy():
    record = {"page": "R875–R878", "issued": {"date-parts": [[2003]]}}
    assert compare_fields({"pages": "R875-8", "year": 2003}, record) == []
    assert compare_fields({"pages": "R875-9", "year": 2003}, record) == ["pages: cited R875–R879, record R875–R878"]
    assert parse_reference("Frith U, Frith CD. Mentalizing. Curr Biol. 2005;15(17):R644-5.")["pages"] == "R644-R645"


@pytest.mark.parametrize("written", ["[1]–[5]", "[1]-[5]", "[1-5]", "[1–5]", "[1, 2, 3, 4, 5]", "[1],[2]–[4],[5]"])
def test_plos_ranges_link_every_entry_in_them(written):
    entries = "\n\n".join(f"{n}. Lee K{n}. Study {n} of care. J Care. 200{n};{n}:1-9." for n in range(1, 7))
    _, _, claims, citations = _tables(
        f"Numbered\n\nEmpathy helps in every clinic studied {written}.\n\nReferences\n\n{entries}\n"
    )
    assert citations["ref_id"].tolist() == ["R01", "R02", "R03", "R04", "R05"]
    assert claims["n_citations"].tolist() == [1]


def test_reference_file_entries_starting_with_a_particle_are_not_merged(tmp_path):
    path = tmp_path / "refs.txt"
    path.write_text(
        "Stapel DA, Lindenberg S. Coping with chaos. Science. 2011;332(6026):251-3.\n"
        "van Harreveld F, Nohlen HU, Schneider IK. The ABC of ambivalence. Adv Exp Soc Psychol. 2015;52:285-324.\n"
        "de Vries GJ, Smith A. A study of particles. J Names. 2010;1:1-2.\n"
        "  a wrapped line of the entry above\n",
        encoding="utf-8",
    )
    refs = read_references(path)
    assert len(refs) == 3
    assert refs.loc[1, "authors"][0]["family"] == "van Harreveld"
    assert refs.loc[2, "raw"].endswith("a wrapped line of the entry above")


def test_byline_and_journal_line_under_the_title_are_not_claims():
    text = (
        "The Eyes Have It\n\nRichard Roe, Jane Doe, Sara-Louise Poe.\n\n"
        "PLoS ONE (2012). https://doi.org/10.1371/journal.pone.0000000\n\nMarch 3, 2012\n\nIntroduction\n\n"
        f"{BODY}\n\nReferences\n\n{ENTRY}\n"
    )
    article, _, claims, _ = _tables(text)
    assert claims["text"].tolist() == [BODY]
    dropped = [line for _, line in article.dropped_lines]
    assert "PLoS ONE (2012). https://doi.org/10.1371/journal.pone.0000000" in dropped


# ---------------------------------------------------------------------------------------------
# Markdown


def test_markdown_setext_headings_numbered_list_and_footnotes():
    text = (
        "Listening Well\n==============\n\nWhat we found\n-------------\n\n"
        "Doctors interrupt early[^1]. Feeling heard predicts outcome **in therapy**[^2].\n\n"
        "1. a numbered list item in the body is not a reference\n\n"
        "[^1]: Beckman, H. B., & Frankel, R. M. (1984). The effect of physician behavior on the collection of "
        "data. Annals of Internal Medicine, 101(5), 692-696.\n"
        "[^2]: Elliott, R., Bohart, A. C., Watson, J. C., & Murphy, D. (2018). Therapist empathy and client "
        "outcome: An updated meta-analysis. Psychotherapy, 55(4), 399-410.\n"
    )
    article, references, claims, citations = _tables(text, source="post.md")
    assert article.title == "Listening Well"
    assert [s.heading for s in article.sections] == ["What we found"]
    assert len(references) == 2 and references["raw"].str.startswith(("1. Beckman", "2. Elliott")).all()
    assert citations["ref_id"].tolist() == ["R01", "R02"]
    assert set(citations["match"]) == {"linked"}
    assert "Doctors interrupt early[1]." in claims["text"].tolist()


def test_markdown_is_recognised_in_a_txt_file_by_its_headings():
    article = compute_article(f"# Title\n\n{BODY}\n\n## References\n\n{ENTRY}\n", source="notes.txt")
    assert article.format == "markdown"


# ---------------------------------------------------------------------------------------------
# the reference block: where it ends, and a list with no heading


def test_reference_block_ends_where_entries_stop():
    text = (
        f"Title Here\n\n{BODY}\n\nReferences\n\n{ENTRY}\n\n"
        "Further reading\n\nKim, H. (2010). Extra reading. Press.\n\n"
        "About the author\n\nDana is a counsellor in Leeds who has written about empathy since 2015.\n"
    )
    article, references, _, _ = _tables(text)
    assert list(references["raw"]) == [ENTRY]
    assert "Kim, H. (2010). Extra reading. Press." in [line for _, line in article.dropped_lines]


def test_calls_to_action_after_the_list_are_left_out_but_kept_as_dropped_lines():
    text = (
        f"Title Here\n\n{BODY}\n\nReferences:\n\n{ENTRY}\n\n"
        "Ready to talk? Book a free call with our team today!\n\nWe are open Monday to Friday.\n\n33 views\n"
    )
    article, references, _, _ = _tables(text)
    assert list(references["raw"]) == [ENTRY]
    dropped = [line for _, line in article.dropped_lines]
    assert "Ready to talk? Book a free call with our team today!" in dropped


def test_a_list_with_no_heading_at_the_end_of_the_page_is_found_and_said_so():
    entries = "\n\n".join(f"Lee, K. ({2000 + n}). Study {n} of care. Journal of Care, {n}, 1-9." for n in range(1, 4))
    with pytest.warns(UserWarning, match="no reference-list heading found: read the 3 entries"):
        article = compute_article(f"Title Here\n\n{BODY}\n\n{entries}\n\n© 2024 Clinic\n")
    assert len(article.reference_entries()) == 3
    assert any("no reference-list heading" in note for note in article.notes)


def test_notes_heading_counts_only_when_entries_follow():
    prose = "Notes\n\nThe names of the clinics have been changed to protect privacy and consent was obtained."
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        article = compute_article(f"Title Here\n\n{BODY}\n\n{prose}\n")
    assert not article.has_references


# ---------------------------------------------------------------------------------------------
# bad input: one line that says what was found and what to do


def test_page_with_only_furniture_says_no_article_text(tmp_path):
    page = tmp_path / "menu.html"
    page.write_text(
        "<html><body><nav><ul><li>Home</li><li>About</li></ul></nav><footer>© 2024 Clinic</footer></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(ArticleError, match="no article text found on the page") as info:
        load_article(page)
    assert "\n" not in str(info.value)


def test_a_page_that_is_only_a_reference_list_says_so_and_what_to_do():
    text = f"References\n\n{ENTRY}\n\nKim, H., & Park, S. (2010). Feeling heard. Clinical Review, 5, 1-9.\n"
    with pytest.raises(ArticleError, match=r"found a reference list \(2 entries\) but no article text.*--references"):
        compute_article(text, source="refs.txt")


def test_a_list_with_no_article_says_so(tmp_path):
    entries = "\n".join(f"Lee, K. ({2000 + n}). Study {n}. Journal of Care, {n}, 1-9." for n in range(1, 5))
    path = tmp_path / "list.txt"
    path.write_text(entries + "\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ArticleError, match="no article text") as info:
            load_article(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Эмпатия помогает терапевту понять клиента и построить доверие. " * 8, "Cyrillic"),
        ("共感はセラピストがクライアントを理解し信頼を築くのに役立ちます。" * 10, r"CJK \(Chinese, Japanese\)"),
    ],
)
def test_an_article_in_a_script_litmap_cannot_read_says_which(text, script):
    with pytest.raises(ArticleError, match=f"written in {script} script"):
        compute_article(f"Title\n\n{text}\n\nReferences\n\n{ENTRY}\n")


def test_unknown_format_is_refused():
    with pytest.raises(ArticleError, match="unknown format 'pdf'"):
        compute_article(BODY, format="pdf")
