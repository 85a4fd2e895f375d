"""Claims and in-text citations: every form the issue names, and the bundled article end to end."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from litmap import load_article
from litmap.claims import find_citations, split_sentences
from litmap.errors import ArticleError


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
