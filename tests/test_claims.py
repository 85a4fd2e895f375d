"""Claims and in-text citations: every form the issue names, and the bundled article end to end."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from litmap import compute_references, load_article
from litmap.errors import ArticleError
from litmap.parse.claims import compute_claims_and_citations, find_citations, split_sentences
from litmap.read.article import compute_article


@pytest.fixture(scope="module")
def bundled(bundled_article):
    return load_article(bundled_article)


def test_bundled_article_has_eleven_references_all_cited(bundled):
    assert len(bundled.references) == 11
    assert bundled.unresolved.empty
    assert bundled.uncited.empty
    assert set(bundled.citations["ref_id"]) == set(bundled.references["ref_id"])
    assert (bundled.citations["match"] == "exact").all()


def test_bundled_citations_link_to_the_right_entries(bundled):
    refs = bundled.references.set_index("ref_id")["raw"]
    links = {row.cited_as: refs[row.ref_id] for row in bundled.citations.itertuples()}
    assert links["Cozolino (2007)"].startswith("Cozolino")
    assert links["Decety and Meyer (2008)"].startswith("Decety, J., & Meyer")
    assert links["Lamm et al. (2007)"].startswith("Lamm")
    assert links["Singer et al. (2004)"].startswith("Singer")
    assert links["(Wonder, 2017)"].startswith("Wonder")
    assert len(bundled.citations) == 11


def test_bundled_claims_exclude_headings_and_furniture(bundled):
    texts = " ".join(bundled.claims["text"])
    assert "Establishing Trust and Safety" not in texts
    assert "views" not in texts and "Instagram" not in texts and "Evelina" not in texts
    two = bundled.claims[bundled.claims["n_citations"] == 2]
    assert len(two) == 3  # Siegel + Decety & Meyer; Lamm + Singer; Hutcherson + Krieger
    cozolino = bundled.claims[bundled.claims["text"].str.contains("Cozolino")].iloc[0]
    assert cozolino["section"] == "Establishing Trust and Safety"
    assert cozolino["claim_id"].startswith("C")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Shown by Cozolino (2007), safety matters.", [("Cozolino",), "2007"]),
        ("Lamm et al. (2007) and Singer et al. (2004) agree.", [("Lamm",), "2007", ("Singer",), "2004"]),
        ("As Decety & Meyer (2008) argue, it develops.", [("Decety", "Meyer"), "2008"]),
        ("It heals (Wonder, 2017; Coke & Lee, 2019a).", [("Wonder",), "2017", ("Coke", "Lee"), "2019a"]),
        ("It heals (e.g., van der Berg et al., 2010, p. 4).", [("van der Berg",), "2010"]),
        ("Both hold (Smith, 2001, 2003).", [("Smith",), "2001", ("Smith",), "2003"]),
    ],
)
def test_author_date_citations(sentence, expected):
    found = find_citations(sentence)
    got = [x for c in found for x in (c.surnames, c.year)]
    assert got == expected


def test_numbered_citations_expand_ranges_and_lists():
    found = find_citations("Empathy helps [3], often [1–4], sometimes [2, 5].")
    assert [c.number for c in found] == [3, 1, 2, 3, 4, 2, 5]


def test_parenthetical_years_that_are_not_citations_are_ignored():
    assert find_citations("The law changed (in 2017 it was amended) and (see page 4).") == []


def test_sentence_splitting_keeps_et_al_and_initials():
    text = "Lamm et al. (2007) showed this. J. Smith agreed in 2001. Is it so? Yes."
    assert split_sentences(text) == ["Lamm et al. (2007) showed this.", "J. Smith agreed in 2001.", "Is it so?", "Yes."]


def test_unknown_citation_is_reported_not_raised(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(
        "Title Here\n\nEmpathy heals wounds in therapy (Nobody, 1999). Care matters too (Smith, 2001).\n\n"
        "References\n\nSmith, J. (2001). Care. Journal of Care, 1(2), 3-4.\n\nUnused, A. (2005). Never cited. Press.\n"
    )
    loaded = load_article(path)
    assert list(loaded.unresolved["cited_as"]) == ["(Nobody, 1999)"]
    assert "Nobody" in loaded.unresolved["reason"].iloc[0]
    assert list(loaded.uncited["raw"]) == ["Unused, A. (2005). Never cited. Press."]


def test_page_without_references_says_how_to_pass_them(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Title\n\nEmpathy heals wounds in many ways (Smith, 2001).\n")
    with pytest.raises(ArticleError, match="--references"):
        load_article(path)
    refs = tmp_path / "refs.txt"
    refs.write_text("Smith, J. (2001). Care and healing. Journal of Care, 1(2), 3-4.\n")
    loaded = load_article(path, references=refs)
    assert loaded.citations["ref_id"].tolist() == ["R01"]


def test_numbered_article(tmp_path):
    path = tmp_path / "n.txt"
    path.write_text(
        "Numbered Article\n\nEmpathy reduces distress in patients [1]. It also builds trust [2, 3].\n\n"
        "References\n\n1. Smith J, Doe A. Empathy and distress. J Care. 2001;1(2):3-4.\n\n"
        "2. Lee K. Trust in clinics. Clin J. 2003;5:10-20.\n\n3. Kim H. Safety. Care Q. 2010;2(1):1-9.\n"
    )
    loaded = load_article(path)
    assert loaded.citations["ref_id"].tolist() == ["R01", "R02", "R03"]
    assert (loaded.citations["match"] == "numbered").all()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_citation_finder_never_crashes(text):
    for citation in find_citations(text):
        assert citation.cited_as
    assert isinstance(split_sentences(text), list)


def test_harvard_article_with_particles_and_an_organisation(tmp_path):
    path = tmp_path / "h.txt"
    path.write_text(
        "Why Sleep Matters\n\nSleep consolidates memory (Walker and Stickgold 2004). Teenagers sleep too little "
        "(Curcio, Ferrara & De Gennaro, 2006; Walker and Stickgold 2004). The World Health Organization (2019) "
        "recommends regular sleep.\n\nBibliography\n\n"
        "Curcio, G., Ferrara, M. and De Gennaro, L. (2006) 'Sleep loss, learning capacity and academic "
        "performance', Sleep Medicine Reviews, 10(5), pp. 323-337.\n"
        "Walker, M.P. and Stickgold, R. (2004) 'Sleep-dependent learning and memory consolidation', Neuron, "
        "44(1), pp. 121-133.\n"
        "World Health Organization (2019) Guidelines on physical activity, sedentary behaviour and sleep. Geneva: WHO.\n"
    )
    loaded = load_article(path)
    assert loaded.unresolved.empty and loaded.uncited.empty
    assert loaded.citations["ref_id"].tolist() == ["R02", "R01", "R02", "R03"]
    assert loaded.citations["cited_as"].iloc[-1] == "World Health Organization (2019)"


# ---------------------------------------------------------------------------------------------
# every citation form issue #9 lists


def _found(sentence, **kwargs):
    return [(c.surnames, c.year, c.is_et_al) for c in find_citations(sentence, **kwargs)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("It holds (Smith, 2001, 2003a).", [(("Smith",), "2001", False), (("Smith",), "2003a", False)]),
        ("It holds (Smith, 2001a, b).", [(("Smith",), "2001a", False), (("Smith",), "2001b", False)]),
        ("It holds (Smith, 2001, p. 12).", [(("Smith",), "2001", False)]),
        ("It holds (Weil, 2012, para. 7).", [(("Weil",), "2012", False)]),
        ("It holds (e.g., Smith et al., 2001).", [(("Smith",), "2001", True)]),
        ("It holds (see Lee, 2004; cf. Kim, 2005).", [(("Lee",), "2004", False), (("Kim",), "2005", False)]),
        ("It holds (but see Aislabie et al., 2009).", [(("Aislabie",), "2009", True)]),
        ("It holds (see Oti and Brunner, 2007 for a review).", [(("Oti", "Brunner"), "2007", False)]),
        ("Smith and colleagues (2001) found it.", [(("Smith",), "2001", True)]),
        ("Smith et al.'s (2001) study found it.", [(("Smith",), "2001", True)]),
        ("Smith's (2001) study found it.", [(("Smith",), "2001", False)]),
        ("Coakley (2011, p. 307) found it.", [(("Coakley",), "2011", False)]),
        ("Smiraglia (2014; 2015) found it.", [(("Smiraglia",), "2014", False), (("Smiraglia",), "2015", False)]),
        ("As Decety & Meyer (2008) argue, it develops.", [(("Decety", "Meyer"), "2008", False)]),
        ("It holds (Russell; Sugimoto, 2009).", [(("Russell", "Sugimoto"), "2009", False)]),
        ("It holds (Silva; Evangelista; Guimarães, 2019).", [(("Silva", "Evangelista", "Guimarães"), "2019", False)]),
        (
            "Martínez-Ávila, Semidão e Ferreira (2016) found it.",
            [(("Martínez-Ávila", "Semidão", "Ferreira"), "2016", False)],
        ),
        ("It holds (Bell & Brink, in press).", [(("Bell", "Brink"), "in press", False)]),
        ("It holds (NIMH, n.d.).", [(("NIMH",), "n.d.", False)]),
        ("The genus Parasaurolophus Parks, 1922 has a crest.", [(("Parks",), "1922", False)]),
        ("The clade Dinosauria Owen, 1842 is old.", [(("Owen",), "1842", False)]),
        (
            "The law changed in Paris, 1968 and after.",
            [(("Paris",), "1968", False)],
        ),  # bare: kept only if an entry fits
    ],
)
def test_author_year_forms(sentence, expected):
    assert _found(sentence) == expected


def test_group_author_keeps_its_whole_name_and_abbreviation():
    (citation,) = find_citations("Many adults are affected (National Institute of Mental Health [NIMH], 2017).")
    assert citation.group == "National Institute of Mental Health"
    assert citation.abbreviation == "NIMH"
    assert citation.year == "2017"


@pytest.mark.parametrize(
    ("sentence", "numbers", "kwargs"),
    [
        ("Shown [1]–[5].", [1, 2, 3, 4, 5], {}),
        ("Shown [1-5].", [1, 2, 3, 4, 5], {}),
        ("Shown [1], [3]–[4], [9].", [1, 3, 4, 9], {}),
        ("Shown [7],[11],[12].", [7, 11, 12], {}),
        ("Shown¹²,¹⁴⁻¹⁶ in trials.", [12, 14, 15, 16], {}),
        ("Shown in trials (3, 5–7).", [3, 5, 6, 7], {"numbered": "parentheses"}),
        ("Shown in trials (refs. 3–5).", [3, 4, 5], {"numbered": True}),
        ("Shown in two trials, see reference 12.", [12], {"numbered": True}),
    ],
)
def test_numbered_forms_and_ranges(sentence, numbers, kwargs):
    assert [c.number for c in find_citations(sentence, **kwargs)] == numbers


@pytest.mark.parametrize(
    "sentence",
    [
        "Items were scored never (0), hardly ever (1), occasionally (2) or often (3).",
        "The effect was large, F(1, 80) = 14.45, p < .001.",
        "It was not associated with IQ, r (25) = -.27.",
        "We used three aims: (1) to measure, (2) to compare and (3) to report.",
        "Participants rated their agreement (0–6) with ten items.",
        "Answers were rated on a scale (1-7) by two coders in Equation (2).",
        "Participants rated their agreement (1-7) with four statements.",
        "PHQ-9 scores range from 0 to 27: mild (5-9), moderate (10-14) or moderately severe (15-19).",
        "Items were scored from never (0) to (4).",
    ],
)
def test_numbers_in_parentheses_that_are_not_citations(sentence):
    assert find_citations(sentence, numbered="parentheses") == []


def test_parenthesised_numbers_are_citations_only_in_articles_that_cite_that_way(tmp_path):
    entries = "\n\n".join(f"{n}. Lee K{n}. Study {n} of care. J Care. 200{n};{n}:1-9." for n in range(1, 4))
    article = f"Numbered\n\nEmpathy helps in every clinic studied (1, 2). Scores were never (0) or always (3).\n\nReferences\n\n{entries}\n"
    path = tmp_path / "vancouver.txt"
    path.write_text(article, encoding="utf-8")
    loaded = load_article(path)
    assert loaded.citations["ref_id"].tolist() == ["R01", "R02"]
    path.write_text(article.replace("(1, 2). Scores", "(1, 2). Other work agrees [3]. Scores"), encoding="utf-8")
    loaded = load_article(path)  # brackets used in the article: "(1, 2)" is no longer read as a citation
    assert loaded.citations["ref_id"].tolist() == ["R03"]


def _vancouver_parenthesised(tmp_path, body: str, n_entries: int = 55):
    """The citations of a text article whose numbered list is cited "(1)": (claim text, number) pairs."""
    entries = "\n\n".join(f"{n}. Lee K{n}. Study {n} of care. J Care. 2001;{n}:1-9." for n in range(1, n_entries + 1))
    path = tmp_path / "vancouver.txt"
    path.write_text(f"Numbered\n\n{body}\n\nReferences\n\n{entries}\n", encoding="utf-8")
    loaded = load_article(path)
    texts = dict(zip(loaded.claims["claim_id"], loaded.claims["text"]))
    return [(texts[c], int(r[1:])) for c, r in zip(loaded.citations["claim_id"], loaded.citations["ref_id"])]


def test_parenthesised_citation_after_the_full_stop_cites_the_sentence_before(tmp_path):
    found = _vancouver_parenthesised(
        tmp_path,
        "Care is a relation between people. Empathy helps in every clinic studied. (1) Later work found the "
        "same effect in wards (2). Nurses who listen were rated higher by their patients. (3)",
    )
    assert found == [
        ("Empathy helps in every clinic studied. (1)", 1),
        ("Later work found the same effect in wards (2).", 2),
        ("Nurses who listen were rated higher by their patients. (3)", 3),
    ]


def test_enumeration_after_full_stops_is_no_citation(tmp_path):
    found = _vancouver_parenthesised(
        tmp_path,
        "Empathy helps in every clinic studied (4). The trial had two aims. (1) It measured empathy in "
        "nurses. (2) It compared the wards.",
    )
    assert found == [("Empathy helps in every clinic studied (4).", 4)]


def test_citation_in_a_sentence_with_an_enumeration_is_kept(tmp_path):
    found = _vancouver_parenthesised(
        tmp_path,
        "Papers were kept because: (1) our aim was to be comprehensive and (2) there is no consensus on how "
        "to appraise qualitative research (51). Scores ranged from never (0) to always (3) on a scale (0–6).",
    )
    assert [number for _text, number in found] == [51]


def test_a_word_naming_a_cited_work_is_no_label_unless_the_article_numbers_a_set_with_it(tmp_path):
    found = _vancouver_parenthesised(
        tmp_path,
        "Care is a relation between people. Items follow Locker's model (1). The Hungarian study (17) "
        "agreed. Answers were rated on a scale (1-7) by two coders.",
    )
    assert [number for _text, number in found] == [1, 17]
    found = _vancouver_parenthesised(
        tmp_path,
        "Care is a relation between people (3). We fitted model (1) to the wards. Then model (2) fitted "
        "the clinics better.",
    )
    assert [number for _text, number in found] == [3]
    # the next new number after those cited so far is a citation of the work the word names
    found = _vancouver_parenthesised(
        tmp_path,
        "Care is a relation between people (1-3). Items follow the Religiosity Scale (4). Answers on "
        "scale (1) and on scale (2) differ by the Security Hypothesis (5-6).",
    )
    assert [number for _text, number in found] == [1, 2, 3, 4, 5, 6]


def test_an_interval_after_its_value_is_no_citation(tmp_path):
    """A mean and its 95% CI written "50% (18, 90)" (mdpi-nutrients-2011-folate): the value lies between the
    pair, which is its interval; a pair after a value outside it, or after a word, still cites."""
    found = _vancouver_parenthesised(
        tmp_path,
        "Care is a relation between people (1-3). Folate rose by 107% (63, 164) with 400 μg, more than the "
        "50% (18, 90) with 140 μg, as two trials found (4, 5). Earlier trials in 1998 (6, 7) found less.",
    )
    assert [number for _text, number in found] == [1, 2, 3, 4, 5, 6, 7]


def test_a_scale_or_score_band_after_its_word_is_no_citation(tmp_path):
    found = _vancouver_parenthesised(
        tmp_path,
        "Care is a relation between people (1-3). Participants rated their agreement (1-7) with four "
        "statements. Depression scores run from 0 to 27: mild (5-9), moderate (10-14), moderately severe "
        "(15-19). Severe cases were seen in every ward (4-6). Thinking about (7) and praying to (8) God "
        "differ. Items were scored from never (0) to (4).",
    )
    assert [number for _text, number in found] == [1, 2, 3, 4, 5, 6, 7, 8]
    # a range in first-use order, the next numbers after those cited so far, still cites
    found = _vancouver_parenthesised(
        tmp_path, "Care is a relation between people (1-3). Pain scores in children (4-6) fell as rated (1-7)."
    )
    assert [number for _text, number in found] == [1, 2, 3, 4, 5, 6]
    found = _vancouver_parenthesised(tmp_path, "Participants rated their agreement (1-7). Care helps (1).")
    assert [number for _text, number in found] == [1]  # a scale before any citation is no first citation


def test_citations_after_the_full_stop_belong_to_the_sentence_before():
    assert split_sentences("Masks help. [3] Gloves help too.¹⁴ Gowns help.(Lee, 2001) Done here.") == [
        "Masks help. [3]",
        "Gloves help too.¹⁴",
        "Gowns help.(Lee, 2001)",
        "Done here.",
    ]


def _resolve(text):
    """The citations table of an article given as text (no file, no pipeline)."""
    article = compute_article(text)
    references = compute_references(article.reference_entries())
    return compute_claims_and_citations(article, references)[1]


def test_group_author_abbreviation_links_once_introduced():
    citations = _resolve(
        "Mental Health\n\nMany adults are affected (National Institute of Mental Health [NIMH], 2017). "
        "Treatment helps (NIMH, 2017). Some go untreated (NIMH, n.d.).\n\nReferences\n\n"
        "National Institute of Mental Health. (2017). Mental illness. Author.\n\n"
        "National Institute of Mental Health. (n.d.). Serious mental illness. Author.\n"
    )
    assert citations["ref_id"].tolist() == ["R01", "R01", "R02"]
    assert set(citations["match"]) <= {"exact", "fuzzy"}


def test_abbreviation_from_initials_when_never_introduced():
    citations = _resolve(
        "Diagnosis\n\nThe manual defines it (APA, 2013).\n\nReferences\n\n"
        "American Psychiatric Association. (2013). Diagnostic and statistical manual of mental disorders (5th ed.). Author.\n"
    )
    assert citations["ref_id"].tolist() == ["R01"]


def test_a_citation_two_entries_fit_links_both_with_lower_confidence_and_says_why():
    citations = _resolve(
        "Trust\n\nEmpathy builds trust in therapy (Lee, 2001).\n\nReferences\n\n"
        "Lee, K. (2001). Trust in therapy. Journal of Care, 3(2), 10-20.\n\n"
        "Lee, K. (2001). Empathy and trust. Clinical Review, 4, 1-9.\n"
    )
    assert citations["ref_id"].tolist() == ["R01", "R02"]
    assert set(citations["match"]) == {"ambiguous"}
    assert (citations["confidence"] < 1).all()
    assert citations["note"].str.contains("ambiguous: 2 entries fit Lee").all()


def test_author_count_decides_between_one_author_and_et_al_entries():
    citations = _resolve(
        "Surnames\n\nSurnames carry status (Clark, 2015). Mobility is slow (Clark et al., 2015).\n\nReferences\n\n"
        "Clark, G. (2015). The son also rises. Princeton University Press.\n\n"
        "Clark, G., Cummins, N., Hao, Y., & Vidal, D. D. (2015). Surnames: A new source. Journal of History, 1, 1-9.\n"
    )
    assert citations["ref_id"].tolist() == ["R01", "R02"]


def test_reprint_cited_by_its_original_year():
    citations = _resolve(
        "History\n\nReform began with one report (Tiffany, 1891).\n\nReferences\n\n"
        "Tiffany, F. (2012/1891). Life of Dorothea Lynde Dix. Houghton, Mifflin.\n"
    )
    assert citations["ref_id"].tolist() == ["R01"]


def test_bare_author_year_counts_only_when_an_entry_fits():
    citations = _resolve(
        "Crests\n\nThe genus Parasaurolophus Parks, 1922 has a crest. In Paris, 1968 was a year of change.\n\n"
        "References\n\nParks, W. A. (1922). Parasaurolophus walkeri. University of Toronto Studies, 13, 1-32.\n"
    )
    assert citations["cited_as"].tolist() == ["Parks, 1922"]
    assert citations["ref_id"].tolist() == ["R01"]


LIST_ITEMS = [
    "Sleep aids the consolidation of memory (Lee, 2001).",
    "Exercise lowers blood pressure in older adults.",
    "A diet rich in fibre feeds gut bacteria.",
    "Stress impairs recall of word lists.",
]
LIST_ENTRY = "Lee, A. (2001). Sleep and memory. Journal of Sleep, 3(1), 1-10."


def _list_article_in_every_format(tmp_path):
    """One article with a bulleted and a numbered list, written as HTML, Markdown, text and PDF."""
    from pdf_fixtures import LEFT, Text, column_lines, write_pdf

    title, lead = "Sleep, diet and memory in adults", "Memory depends on many habits of daily life (Lee, 2001)."
    a, b, c, d = LIST_ITEMS
    files = {
        "html": f"<html><body><article><h1>{title}</h1><h2>Introduction</h2><p>{lead}</p><ul><li>{a}</li>"
        f"<li>{b}</li></ul><ol><li>{c}</li><li>{d}</li></ol><h2>References</h2><ul><li>{LIST_ENTRY}</li></ul>"
        "</article></body></html>",
        "md": f"# {title}\n\n## Introduction\n\n{lead}\n\n- {a}\n- {b}\n\n1. {c}\n2. {d}\n\n## References\n\n{LIST_ENTRY}\n",
        "txt": f"{title}\n\nIntroduction\n\n{lead}\n\n• {a}\n• {b}\n\n1) {c}\n2) {d}\n\nReferences\n\n{LIST_ENTRY}\n",
    }
    for suffix, text in files.items():
        (tmp_path / f"article.{suffix}").write_text(text, encoding="utf-8")
    page = [
        Text(LEFT, 70, title, 16, bold=True),
        Text(LEFT, 110, "Introduction", 11, bold=True),
        *column_lines(LEFT, 125, [lead, f"• {a}", f"• {b}", f"– {c}", f"(4) {d}"]),
        Text(LEFT, 220, "References", 11, bold=True),
        Text(LEFT, 235, LIST_ENTRY, 9),
    ]
    (tmp_path / "article.pdf").write_bytes(write_pdf([page], title=title))
    return [tmp_path / f"article.{suffix}" for suffix in ("html", "md", "txt", "pdf")]


def test_a_list_gives_the_same_sentences_from_html_markdown_text_and_pdf(tmp_path):
    """Bullets, dashes and item numbers are no part of a sentence, whichever reader kept them."""
    readings = {path.suffix: load_article(path) for path in _list_article_in_every_format(tmp_path)}
    for suffix, tables in readings.items():
        texts = tables.sentences["text"].tolist()
        assert texts[-4:] == LIST_ITEMS, (suffix, texts)
        assert tables.claims["text"].str.contains(r"^[•◦▪–(\d]", regex=True).sum() == 0, suffix
    assert len({tuple(t.sentences["text"]) for t in readings.values()}) == 1


@pytest.mark.parametrize(
    ("paragraph", "sentences"),
    [
        # a bullet inside a sentence starts an item; a heading run into the list stays apart
        (
            "WHAT THIS STUDY ADDS • Slow acetylators had a higher risk. • The risk was highest for one type.",
            ["WHAT THIS STUDY ADDS", "Slow acetylators had a higher risk.", "The risk was highest for one type."],
        ),
        (
            "Such an approach: \uf0b7 Assists design; \uf0b7 Explores mechanisms.",
            ["Such an approach:", "Assists design;", "Explores mechanisms."],
        ),
        ("1. Diet changes weight. 2. Sleep aids memory.", ["Diet changes weight.", "Sleep aids memory."]),
        (
            "\u25e6 Exercise lowers blood pressure. (2) Stress impairs recall.",
            ["Exercise lowers blood pressure.", "Stress impairs recall."],
        ),
        ("b) Each trial began with a cross.", ["Each trial began with a cross."]),
        # numbers, minus signs and degrees that are no list markers stay
        ("Ethyl acetate (n. 8) rose on day 5.", ["Ethyl acetate (n. 8) rose on day 5."]),
        ("-52 5098 14.0 68", ["-52 5098 14.0 68"]),
        ("Samples were kept at 37 ◦C for a day.", ["Samples were kept at 37 ◦C for a day."]),
        ("Rates fell. 12 of 40 patients relapsed.", ["Rates fell.", "12 of 40 patients relapsed."]),
    ],
)
def test_list_markers_are_left_out_of_sentences(paragraph, sentences):
    from litmap.parse.citations import sentence_spans
    from litmap.parse.claims import list_item_spans

    assert [paragraph[s:e] for s, e in list_item_spans(paragraph, sentence_spans(paragraph))] == sentences


def test_a_citation_alone_under_a_quotation_belongs_to_the_sentence_before(tmp_path):
    text = (
        "Living with stroke\n\nIntroduction\n\nPatients describe long waits for care [1].\n\n"
        "He felt abandoned and frustrated. He had to struggle with his training on his own.\n\n[2]\n\n"
        "Others describe good support from their families [1]. Their families were a help to them. [2]\n\n"
        "References\n\n"
        "1. Lee A. Waiting for care. Stroke. 2001;3:1-10.\n2. Kim B. Living alone after stroke. Stroke. 2003;5:2-9.\n"
    )
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    tables = load_article(path)
    texts = tables.sentences["text"].tolist()
    assert "[2]" not in texts
    assert "He had to struggle with his training on his own. [2]" in texts
    quoted = tables.claims[tables.claims["text"].str.endswith("[2]")]
    assert quoted["ref_ids"].tolist() == [["R02"], ["R02"]]
    # the quotation's other sentences stay as they were; a citation after the paragraph's last full
    # stop joins its sentence too
    assert "He felt abandoned and frustrated." in texts
    assert "Their families were a help to them. [2]" in texts


def test_a_comma_where_the_semicolon_belongs_still_starts_the_next_citation():
    # ABNT groups use ";" between authors and between works; "2001, Nevado; Gallardo, 2016" slips a comma in
    found = find_citations(
        "Indexes count items (Ettredge; Vernon, 2001, Nevado; Gallardo, 2016; Pache, 2020, among others)."
    )
    assert [(c.surnames, c.year) for c in found] == [
        (("Ettredge", "Vernon"), "2001"),
        (("Nevado", "Gallardo"), "2016"),
        (("Pache",), "2020"),
    ]
    assert [(c.surnames, c.year) for c in find_citations("It holds (Smith, 2001, Table 2; Lee, 2004, p. 4).")] == [
        (("Smith",), "2001"),
        (("Lee",), "2004"),
    ]


def test_a_group_author_qualified_in_brackets_is_still_cited():
    # "Riddle and National Center for Biotechnology Information (U.S.) (2001)": the country qualifies the group
    found = find_citations("The strains were described in Riddle and Center for Worm Information (U.S.) (2001) before.")
    assert [(c.surnames, c.year) for c in found] == [(("Riddle", "Center for Worm Information"), "2001")]
