"""The audit checks every field a citation states (issue #20): one test per example of the issue.

The records are public facts: Sudhakaran, Escalera & Lanz, "Gate-Shift-Fuse for Video Action Recognition",
IEEE Transactions on Pattern Analysis and Machine Intelligence 45(9):10913–10928 (2023); the titles of
Sun, Yu & Batmanghelich (AAAI 2021), Khattak et al. (CVPR 2023) and Beery et al. (CVPR 2020); Eisenberger,
Lieberman & Williams (Science 2003, from test_matching). The citations are those records changed the way
the issue describes, and say so.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from test_audit import records, references, searched
from test_matching import EISENBERGER, cited

from litmap.parse import parse_reference
from litmap.schemas import RECORDS
from litmap.verify import compute_audit
from litmap.verify.comparison import compare_fields, compare_titles
from litmap.verify.people import compare_authors
from litmap.verify.venues import same_venue, word_abbreviations

GATE_SHIFT_FUSE = {
    "type": "journal-article",
    "title": ["Gate-Shift-Fuse for Video Action Recognition"],
    "author": [
        {"given": "Swathikiran", "family": "Sudhakaran"},
        {"given": "Sergio", "family": "Escalera"},
        {"given": "Oswald", "family": "Lanz"},
    ],
    "container-title": ["IEEE Transactions on Pattern Analysis and Machine Intelligence"],
    "issued": {"date-parts": [[2023, 9]]},
    "volume": "45",
    "issue": "9",
    "page": "10913-10928",
}
ICLR_ENTRY = (
    "Sudhakaran S, Escalera S, Lanz O (2023). Gate-Shift-Fuse for Video Action Recognition. ICLR, 45, 10913-10928."
)


def _parsed(raw: str) -> dict:
    return {**parse_reference(raw), "raw": raw}


# ---------------------------------------------------------------- the venue


def test_a_venue_that_is_another_venue_is_a_discrepancy():
    out = compare_fields(_parsed(ICLR_ENTRY), GATE_SHIFT_FUSE)
    assert out == ['journal: cited "ICLR", record "IEEE Transactions on Pattern Analysis and Machine Intelligence"']


def test_the_venue_abbreviated_or_acronymed_is_the_same_venue():
    entry = ICLR_ENTRY.replace("ICLR", "IEEE Trans. Pattern Anal. Mach. Intell.")
    assert compare_fields(_parsed(entry), GATE_SHIFT_FUSE) == []
    assert compare_fields(_parsed(entry.replace(".", "").replace("2023)", "2023).")), GATE_SHIFT_FUSE) == []
    assert same_venue("TPAMI", ["IEEE Transactions on Pattern Analysis and Machine Intelligence"])  # its acronym
    assert same_venue(
        "Proc. CVPR", ["Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition"]
    )
    assert same_venue("J Pers Soc Psychol", ["The Journal of Personality & Social Psychology"])
    assert same_venue("Proc Natl Acad Sci U S A", ["Proceedings of the National Academy of Sciences"]) is False
    assert same_venue(
        "Proc Natl Acad Sci U S A", ["Proceedings of the National Academy of Sciences of the United States of America"]
    )
    assert not same_venue("J Consult Clin Psychol", ["Journal of Clinical Psychology"])
    assert word_abbreviations("national") == ("natl",) and word_abbreviations("xyzzy") == ()


# ---------------------------------------------------------------- every author


@pytest.mark.parametrize(
    ("authors", "said"),
    [
        (  # a made-up second author added
            [("Eisenberger", "N. I."), ("Voss", "E."), ("Lieberman", "M. D."), ("Williams", "K. D.")],
            ['authors: cited "Voss E" (2nd), not in the record'],
        ),
        (  # a real co-author deleted
            [("Eisenberger", "N. I."), ("Williams", "K. D.")],
            ['authors: "Lieberman MD" (2nd in the record) is missing from the citation'],
        ),
        (  # two authors swapped
            [("Eisenberger", "N. I."), ("Williams", "K. D."), ("Lieberman", "M. D.")],
            ['authors: "Williams KD" is 2nd in the citation, 3rd in the record'],
        ),
        (  # a name misspelt
            [("Eisenberger", "N. I."), ("Liebowitz", "M. D."), ("Williams", "K. D.")],
            ['authors: cited "Liebowitz MD" (2nd), record "Lieberman MD"'],
        ),
    ],
)
def test_every_author_is_compared_and_the_one_that_differs_named(authors, said):
    people = [{"family": f, "given": g} for f, g in authors]
    raw = ", ".join(f"{f}, {g}" for f, g in authors) + " (2003). Does rejection hurt? Science, 302, 290-292."
    assert compare_authors(people, EISENBERGER["author"], raw) == said


def test_et_al_initials_particles_and_accents_are_not_discrepancies():
    record = EISENBERGER["author"]
    assert compare_authors([{"family": "Eisenberger", "given": "N"}], record, "Eisenberger N, et al. Title.") == []
    assert compare_authors([{"family": "Eisenberger", "given": "Naomi"}], record, "Eisenberger N and others.") == []
    dutch = [{"family": "van der Berg", "given": "Jan"}, {"family": "Müller", "given": "K."}]
    cited_names = [{"family": "Berg", "given": "J"}, {"family": "Mueller", "given": "K"}]
    assert compare_authors(cited_names, dutch, "Berg J, Mueller K. A title.") == []
    assert compare_authors([{"literal": "World Health Organization"}], [{"name": "World Health Organization"}]) == []


def test_a_citation_listing_fewer_authors_without_et_al_is_a_discrepancy():
    ref = cited(authors=[{"family": "Eisenberger", "given": "N. I."}])
    ref["raw"] = (
        "Eisenberger, N. I. (2003). Does rejection hurt? An fMRI study of social exclusion. Science, 302, 290-292."
    )
    assert compare_fields(ref, EISENBERGER) == [
        'authors: "Lieberman MD" (2nd in the record) is missing from the citation',
        'authors: "Williams KD" (3rd in the record) is missing from the citation',
    ]


# ---------------------------------------------------------------- the title


def test_a_substituted_title_word_is_a_discrepancy_even_when_titles_are_similar():
    record = "Context Matters: Graph-based Self-supervised Representation Learning for Medical Images"
    assert (
        compare_titles(record.replace("Matters", "Counts"), record) == 'title: "Counts" where the record has "Matters"'
    )
    maple = "MaPLe: Multi-modal Prompt Learning"
    assert (
        compare_titles("MaPLe: Multi-modal Prompt Training", maple)
        == 'title: "Training" where the record has "Learning"'
    )


def test_a_title_sharing_only_its_part_before_the_colon_is_a_discrepancy():
    record = "Context R-CNN: Long Term Temporal Context for Per-Camera Object Detection"
    said = compare_titles("Context R-CNN: Learning Object Interactions for Video Scene Understanding", record)
    assert said is not None and said.startswith("title: subtitle")
    assert compare_titles("Context R-CNN: An invented rest", "Context R-CNN") == (
        'title: subtitle "An invented rest" is not in the record\'s title'
    )


@pytest.mark.parametrize(
    "variant",
    [
        "context matters: graph-based self-supervised representation learning for medical images",  # case
        "Context Matters - Graph based Self supervised Representation Learning for Medical Images",  # punctuation
        "Context Matters: Graph-based Self-supervised Representation Learning for …",  # cut short
        "Context Matters",  # the subtitle left out
        "Context Matters: Graph-based Self-supervised Representation Learning for Medical Images [in English]",
        "Context Matters: Graph-based Self-supervised Representation &lt;i&gt;Learning&lt;/i&gt; for Medical Images",
    ],
)
def test_harmless_ways_of_writing_a_title(variant):
    record = "Context Matters: Graph-based Self-supervised Representation Learning for Medical Images"
    assert compare_titles(variant, record) is None


def test_spelling_and_a_dropped_leading_article_are_tolerated():
    assert compare_titles("The behaviour of randomised centres", "Behavior of randomized centers") is None
    assert compare_titles("Neural substrate of human empathy", "The neural substrate of human empathy") is None


# ---------------------------------------------------------------- the year


def test_the_entrys_own_year_wins_over_the_venues():
    # A changed citation: "Transformers: State-of-the-Art Natural Language Processing" (Wolf et al.) appeared in
    # the EMNLP 2020 System Demonstrations, pages 38-45, in 2020; this entry says 2021.
    raw = (
        "Wolf T, Debut L, Sanh V, et al. Transformers: State-of-the-Art Natural Language Processing. In: Proceedings "
        "of the 2020 Conference on Empirical Methods in Natural Language Processing: System Demonstrations 2020. "
        "2021. p. 38-45."
    )
    assert parse_reference(raw)["year"] == 2021
    assert parse_reference("Freud, S. (1900/1953). The interpretation of dreams. Hogarth Press.")["year"] == 1900


def test_a_year_equal_to_any_of_the_records_dates_is_not_a_discrepancy():
    online_first = dict(
        EISENBERGER, issued={"date-parts": [[2002, 12, 1]]}, **{"published-print": {"date-parts": [[2003]]}}
    )
    assert compare_fields(cited(), online_first) == []
    assert compare_fields(cited(year=2002), online_first) == []
    assert compare_fields(cited(year=2004), online_first) == ["year: cited 2004, record 2002"]


# ---------------------------------------------------------------- the DOI


def test_a_doi_of_another_work_is_a_discrepancy_and_the_described_work_is_searched():
    other = {
        "DOI": "10.1109/tpami.2023.3268134",
        "type": "journal-article",
        **{k: v for k, v in GATE_SHIFT_FUSE.items() if k != "type"},
    }
    ref = cited(doi="10.1109/tpami.2023.3268134")
    work = {"service": "crossref", "kind": "work", "key": "10.1109/tpami.2023.3268134"}
    recs = records(searched(ref["raw"], EISENBERGER))
    recs = pd.concat(
        [recs, RECORDS.from_records([{**work, "status": "ok", "body": json.dumps({"message": other})}])],
        ignore_index=True,
    )
    row = compute_audit(references(ref), recs).audit.iloc[0]
    assert row["status"] == "discrepant" and row["doi"] == "10.1126/science.1089134"
    assert row["discrepancies"][0].startswith(
        'doi: 10.1109/tpami.2023.3268134 points to another work, "Gate-Shift-Fuse for Video Action Recognition"'
    )
    assert row["discrepancies"][0].endswith("the entry describes 10.1126/science.1089134")
    alone = compute_audit(references(ref), pd.concat([records(searched(ref["raw"])), recs.iloc[1:]])).audit.iloc[0]
    assert alone["status"] == "discrepant" and alone["discrepancies"] == [row["discrepancies"][0].split(";")[0]]


# ---------------------------------------------------------------- books


def test_a_books_publisher_and_edition_are_compared():
    record = {
        "type": "book",
        "title": ["The mindful therapist"],
        "author": [{"family": "Siegel", "given": "Daniel J."}],
        "issued": {"date-parts": [[2010]]},
        "publisher": "W. W. Norton & Company",
        "edition-number": "1",
    }
    raw = "Siegel, D. J. (2010). The mindful therapist. Norton."
    ref = {**parse_reference(raw), "raw": raw}
    assert compare_fields(ref, record) == []
    wrong = raw.replace("Norton", "Penguin Books")
    assert compare_fields({**parse_reference(wrong), "raw": wrong}, record) == [
        'publisher: cited "Penguin Books", record "W. W. Norton & Company"'
    ]
    second = raw.replace("therapist.", "therapist (2nd ed.).")
    assert "edition: cited 2, record 1" in compare_fields({**parse_reference(second), "raw": second}, record)
