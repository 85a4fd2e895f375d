"""Tests for litmap.parse.references: parsing entries, building the REFERENCES table, reading lists."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from litmap import ArticleError, compute_references, load_article, parse_reference
from litmap.parse import read_references
from litmap.parse.references import FIELDS, normalise_pages
from litmap.read import split_reference_block
from litmap.read.reference_block import looks_like_entry, reference_heading_kind
from litmap.schemas import REFERENCES

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "data" / "articles" / "empathy-in-therapy.txt"
GOLD_SAMPLE = Path(__file__).with_name("data") / "gold-sample.jsonl"


def _article_reference_lines() -> list[str]:
    lines = ARTICLE.read_text(encoding="utf-8").splitlines()
    start = lines.index("References:") + 1
    return [line for line in lines[start : start + 22] if line.strip()]


def _person(family: str, given: str) -> dict:
    return {"family": family, "given": given}


# Values read from data/articles/empathy-in-therapy.txt, entry by entry.
ARTICLE_EXPECTED = [
    dict(
        authors=[_person("Coke", "L.")],
        year=2019,
        title="Empathy and healing: A comprehensive guide",
        container=None,
        publisher="Compassion Publishing",
        volume=None,
        issue=None,
        pages=None,
        kind="book",
    ),
    dict(
        authors=[_person("Decety", "J."), _person("Meyer", "M.")],
        year=2008,
        title="From emotion resonance to empathic understanding: A social developmental neuroscience account",
        container="Development and Psychopathology",
        publisher=None,
        volume="20",
        issue="4",
        pages="1053-1080",
        kind="journal-article",
    ),
    dict(
        authors=[_person("Eisenberger", "N. I."), _person("Lieberman", "M. D."), _person("Williams", "K. D.")],
        year=2007,
        title="Does rejection hurt? An fMRI study of social exclusion",
        container="Science",
        publisher=None,
        volume="302",
        issue="5643",
        pages="290-292",
        kind="journal-article",
    ),
    dict(
        authors=[_person("Hutcherson", "C. A."), _person("Seppala", "E. M."), _person("Gross", "J. J.")],
        year=2008,
        title="Loving-kindness meditation increases social connectedness",
        container="Emotion",
        publisher=None,
        volume="8",
        issue="5",
        pages="720-724",
        kind="journal-article",
    ),
    dict(
        authors=[
            _person("Krieger", "F. V."),
            _person("Hasselmann", "E."),
            _person("Krieger", "V. G."),
            _person("Zahn", "D."),
            _person("Kuehner", "C."),
        ],
        year=2017,
        title="Different aspects of social support moderate the relationship between social anxiety and "
        "depression in adolescents",
        container="Journal of Affective Disorders",
        publisher=None,
        volume="210",
        issue=None,
        pages="85-94",
        kind="journal-article",
    ),
    dict(
        authors=[_person("Lamm", "C."), _person("Batson", "C. D."), _person("Decety", "J.")],
        year=2007,
        title="The neural substrate of human empathy: Effects of perspective-taking and cognitive appraisal",
        container="Journal of Cognitive Neuroscience",
        publisher=None,
        volume="19",
        issue="1",
        pages="42-58",
        kind="journal-article",
    ),
    dict(
        authors=[_person("Siegel", "D. J.")],
        year=2010,
        title="The mindful therapist: A clinician's guide to mindsight and neural integration",
        container=None,
        publisher="W. W. Norton & Company",
        volume=None,
        issue=None,
        pages=None,
        kind="book",
    ),
    dict(
        authors=[
            _person("Singer", "T."),
            _person("Seymour", "B."),
            _person("O'Doherty", "J."),
            _person("Kaube", "H."),
            _person("Dolan", "R. J."),
            _person("Frith", "C. D."),
        ],
        year=2004,
        title="Empathy for pain involves the affective but not sensory components of pain",
        container="Science",
        publisher=None,
        volume="303",
        issue="5661",
        pages="1157-1162",
        kind="journal-article",
    ),
    dict(
        authors=[_person("Smith", "T.")],
        year=2020,
        title="Understanding trauma: The role of empathy in healing",
        container="Journal of Trauma Therapy",
        publisher=None,
        volume="15",
        issue="2",
        pages="123-135",
        kind="journal-article",
    ),
    dict(
        authors=[_person("Wonder", "J.")],
        year=2017,
        title="The power of empathy in trauma recovery",
        container=None,
        publisher="Healing Press",
        volume=None,
        issue=None,
        pages=None,
        kind="book",
    ),
    dict(
        authors=[_person("Cozolino", "L.")],
        year=2007,
        title="The neuroscience of human relationships: Attachment and the developing social brain",
        container=None,
        publisher="W. W. Norton & Company",
        volume=None,
        issue=None,
        pages=None,
        kind="book",
    ),
]


def test_article_has_eleven_references():
    assert len(_article_reference_lines()) == len(ARTICLE_EXPECTED) == 11


@pytest.mark.parametrize("index", range(11))
def test_bundled_article_references_parse_field_by_field(index):
    parsed = parse_reference(_article_reference_lines()[index])
    for field, value in ARTICLE_EXPECTED[index].items():
        assert parsed[field] == value, field
    assert parsed["style"] == "apa"
    assert parsed["is_parsed"] is True
    assert parsed["doi"] is None and parsed["url"] is None


def _norm(value) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", str(value)).lower())


GOLD = [json.loads(line) for line in GOLD_SAMPLE.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("record", GOLD, ids=[r["id"] for r in GOLD])
def test_gold_sample_fields(record):
    """Entries copied from the shared gold set (see tests/data/README.md): every gold field matches."""
    parsed = parse_reference(record["text"])
    for field, want in record["fields"].items():
        if field == "authors":
            assert [_norm(p.get("family") or p.get("literal")) for p in parsed["authors"]] == [
                _norm(p.get("family") or p.get("literal")) for p in want
            ]
        elif field == "pages":  # litmap writes abbreviated ranges out in full ("1053-80" -> "1053-1080")
            assert parsed[field] == normalise_pages(want), field
        else:
            assert _norm(parsed[field] or "") == _norm(want), field


def test_gold_sample_covers_several_sources_and_styles():
    assert {r["source"] for r in GOLD} == {"anystyle-gold", "grobid-citation"}
    styles = {parse_reference(r["text"])["style"] for r in GOLD}
    assert {"apa", "vancouver", "chicago", "harvard"} <= styles


@pytest.mark.parametrize(
    "text",
    [
        "de Waal, F. B. M. (2008). Putting the altruism back into altruism: The evolution of empathy. Annual Review "
        "of Psychology, 59, 279–300. https://doi.org/10.1146/annurev.psych.59.103006.093625",
        "de Waal, F. B. M. (2008). Putting the altruism back into altruism: The evolution of empathy. Annual Review "
        "of Psychology, 59, 279–300. doi:10.1146/ANNUREV.PSYCH.59.103006.093625.",
        "de Waal, F. B. M. (2008). Putting the altruism back into altruism: The evolution of empathy. Annual Review "
        "of Psychology, 59, 279–300. DOI: 10.1146/annurev.psych.59.103006.093625",
        "de Waal, F. B. M. (2008). Putting the altruism back into altruism: The evolution of empathy. Annual Review "
        "of Psychology, 59, 279–300. http://dx.doi.org/10.1146/annurev.psych.59.103006.093625).",
    ],
)
def test_doi_forms_are_normalised(text):
    parsed = parse_reference(text)
    assert parsed["doi"] == "10.1146/annurev.psych.59.103006.093625"
    assert parsed["url"] is None
    assert parsed["authors"] == [{"family": "de Waal", "given": "F. B. M."}]
    assert (parsed["volume"], parsed["pages"], parsed["container"]) == ("59", "279-300", "Annual Review of Psychology")


@pytest.mark.parametrize(
    ("text", "doi"),
    [
        (  # corpus scielo-tinf-2021 reference 28: an old Wiley SICI, whose DOI holds "<…>"
            "Hj\u00f8rland, B.; Albrechtsen, H. Toward a new horizon in information science: domain-analysis. Journal "
            "of The American Society for Information Science, v. 46, n. 6, p. 400-425, 1995. Doi: "
            "http://doi.org/10.1002/(SICI)1097-4571(199507)46:6<400::AID-ASI2>3.0.CO;2-Y.",
            "10.1002/(sici)1097-4571(199507)46:6<400::aid-asi2>3.0.co;2-y",
        ),
        (  # gold grobid-citation: PubMed's "[doi]" after the identifier
            "TODD, A. J. 2010. Neuronal circuitry for pain processing in the dorsal horn. Nat.Rev.Neurosci., 11, "
            "823-836. doi: nrn2947 [pii]; 10.1038/nrn2947[doi]",
            "10.1038/nrn2947",
        ),
    ],
)
def test_a_doi_is_read_whole_and_without_its_pubmed_label(text, doi):
    assert parse_reference(text)["doi"] == doi
    if "<" in doi:  # markup is not a SICI's part: the DOI stops before it
        assert (
            parse_reference(text.replace("<400::AID-ASI2>", "<i>x</i>"))["doi"] == "10.1002/(sici)1097-4571(199507)46:6"
        )


@pytest.mark.parametrize("dash", ["\u2013", "\u2014", "\u2212", "\u2010", "-"])
def test_unicode_dashes_in_pages(dash):
    text = (
        f"Singer T, Seymour B, O\u2019Doherty J, Kaube H, Dolan RJ, Frith CD. Empathy for pain involves the "
        f"affective but not sensory components of pain. Science. 2004;303(5661):1157{dash}62."
    )
    parsed = parse_reference(text)
    assert parsed["pages"] == "1157-1162"  # the abbreviated range written out
    assert (parsed["volume"], parsed["issue"], parsed["year"], parsed["container"]) == ("303", "5661", 2004, "Science")
    assert [a["family"] for a in parsed["authors"]] == ["Singer", "Seymour", "O'Doherty", "Kaube", "Dolan", "Frith"]
    assert parsed["authors"][4] == {"family": "Dolan", "given": "RJ"}
    assert parsed["style"] == "vancouver"


def test_vancouver_numbered_with_et_al():
    parsed = parse_reference(
        "[3] Singer T, Seymour B, et al. Empathy for pain involves the affective but not "
        "sensory components of pain. Science. 2004;303(5661):1157-62."
    )
    assert [a["family"] for a in parsed["authors"]] == ["Singer", "Seymour"]
    assert parsed["title"] == "Empathy for pain involves the affective but not sensory components of pain"
    assert parsed["style"] == "vancouver"


def test_mla_with_curly_quotes():
    parsed = parse_reference(
        "Decety, Jean, and Meghan Meyer. \u201cFrom Emotion Resonance to Empathic Understanding: A Social "
        "Developmental Neuroscience Account.\u201d Development and Psychopathology, vol. 20, no. 4, 2008, "
        "pp. 1053\u201380."
    )
    assert parsed["authors"] == [{"family": "Decety", "given": "Jean"}, {"family": "Meyer", "given": "Meghan"}]
    assert parsed["title"] == (
        "From Emotion Resonance to Empathic Understanding: A Social Developmental Neuroscience Account"
    )
    assert (parsed["container"], parsed["volume"], parsed["issue"], parsed["pages"], parsed["year"]) == (
        "Development and Psychopathology",
        "20",
        "4",
        "1053-1080",
        2008,
    )
    assert parsed["style"] == "mla"


def test_harvard_with_single_quoted_title():
    parsed = parse_reference(
        "Lamm, C., Batson, C.D. and Decety, J. (2007) 'The neural substrate of human empathy: effects of "
        "perspective-taking and cognitive appraisal', Journal of Cognitive Neuroscience, 19(1), pp. 42\u201358."
    )
    assert [a["family"] for a in parsed["authors"]] == ["Lamm", "Batson", "Decety"]
    assert parsed["title"].startswith("The neural substrate of human empathy")
    assert (parsed["container"], parsed["volume"], parsed["issue"], parsed["pages"]) == (
        "Journal of Cognitive Neuroscience",
        "19",
        "1",
        "42-58",
    )
    assert parsed["style"] == "harvard"


def test_chicago_author_date_book():
    parsed = parse_reference(
        "Cozolino, Louis. 2006. The Neuroscience of Human Relationships: Attachment and the "
        "Developing Social Brain. New York: W. W. Norton."
    )
    assert parsed["authors"] == [{"family": "Cozolino", "given": "Louis"}]
    assert (parsed["year"], parsed["publisher"], parsed["kind"], parsed["style"]) == (
        2006,
        "W. W. Norton",
        "book",
        "chicago",
    )


def test_particles_stay_with_the_family_name():
    parsed = parse_reference(
        "van der Maaten, L., & Hinton, G. (2008). Visualizing data using t-SNE. Journal of "
        "Machine Learning Research, 9(86), 2579\u20132605."
    )
    assert parsed["authors"] == [{"family": "van der Maaten", "given": "L."}, {"family": "Hinton", "given": "G."}]
    assert (parsed["volume"], parsed["issue"], parsed["pages"]) == ("9", "86", "2579-2605")


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        (
            "American Psychiatric Association. (2013). Diagnostic and statistical manual of mental disorders "
            "(5th ed.). American Psychiatric Publishing.",
            "American Psychiatric Association",
        ),
        (
            "World Health Organization. (2017). Depression and other common mental disorders: Global health "
            "estimates. World Health Organization.",
            "World Health Organization",
        ),
    ],
)
def test_corporate_authors(text, literal):
    parsed = parse_reference(text)
    assert parsed["authors"] == [{"literal": literal}]
    assert parsed["kind"] == "book"
    assert parsed["publisher"] is not None and parsed["title"] is not None


@pytest.mark.parametrize("text", ["", "   ", "???", "-- 42 --", "\x00\x01"])
def test_lines_that_yield_nothing_are_flagged(text):
    parsed = parse_reference(text)
    assert set(parsed) == set(FIELDS)
    assert parsed["is_parsed"] is False
    assert parsed["authors"] == []


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_parse_reference_never_raises(text):
    parsed = parse_reference(text)
    assert set(parsed) == set(FIELDS)
    assert parsed["year"] is None or isinstance(parsed["year"], int)
    assert isinstance(parsed["authors"], list)


@pytest.mark.slow
@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80), max_size=12))
def test_compute_references_keeps_every_entry(entries):
    frame = compute_references(entries)
    REFERENCES.validate(frame)
    assert list(frame["raw"]) == entries
    assert list(frame["line"]) == list(range(1, len(entries) + 1))


def test_compute_references_table():
    entries = [(3, "[1] Singer T, Seymour B. Empathy for pain. Science. 2004;303(5661):1157-62."), (5, "???")]
    frame = compute_references(entries)
    assert list(frame.columns[: len(REFERENCES.names)]) == REFERENCES.names
    assert list(frame["ref_id"]) == ["R01", "R02"]
    assert list(frame["raw"]) == [entries[0][1], "???"]
    assert list(frame["line"]) == [3, 5]
    assert list(frame["is_parsed"]) == [True, False]
    assert frame.loc[0, "year"] == 2004 and pd.isna(frame.loc[1, "year"])


def test_ref_ids_widen_past_99_entries():
    frame = compute_references([f"Smith, J. ({1900 + i}). Title {i}. Press." for i in range(120)])
    assert frame["ref_id"].iloc[0] == "R001" and frame["ref_id"].iloc[-1] == "R120"


def test_compute_references_on_the_article_block():
    lines = ARTICLE.read_text(encoding="utf-8").splitlines()
    start = lines.index("References:") + 1
    entries = split_reference_block(lines[start : start + 22], start=start + 1)
    frame = compute_references(entries)
    assert len(frame) == 11
    assert frame["is_parsed"].all()
    assert frame.loc[0, "line"] == start + 2  # 1-based line of "Coke, L. (2019)…" in the article file
    assert lines[frame.loc[0, "line"] - 1] == frame.loc[0, "raw"]


def test_split_blank_line_separated_with_wrapping():
    block = ["Smith, J. (2001). A long title", "  that wraps. Journal, 1(2), 3-4.", "", "", "Doe, A. (2002). B. Press."]
    assert split_reference_block(block) == [
        (1, "Smith, J. (2001). A long title that wraps. Journal, 1(2), 3-4."),
        (5, "Doe, A. (2002). B. Press."),
    ]


def test_split_numbered_entries_keep_their_numbers():
    block = "[1] Smith J. A title. J Med.\n2001;1:3-4.\n[2] Doe A. Another. Lancet. 2002;2:5-6.\n"
    assert split_reference_block(block, start=10) == [
        (10, "[1] Smith J. A title. J Med. 2001;1:3-4."),
        (12, "[2] Doe A. Another. Lancet. 2002;2:5-6."),
    ]
    numbered = split_reference_block(["1. Smith J. A.", "2. Doe A. B."])
    assert [text for _, text in numbered] == ["1. Smith J. A.", "2. Doe A. B."]


def test_split_one_entry_per_line_and_hyphen_wrap():
    block = ["Smith, J. (2001). Title. Press.", "Doe, A. (2002). Self-", "organisation. Press.", ""]
    assert split_reference_block(block) == [
        (1, "Smith, J. (2001). Title. Press."),
        (2, "Doe, A. (2002). Self-organisation. Press."),
    ]


def test_read_references_utf8_and_bom(tmp_path):
    path = tmp_path / "refs.txt"
    path.write_bytes(
        "\ufeffCoke, L. (2019). Empathy and healing: A comprehensive guide. Compassion Publishing.\n"
        "\nWonder, J. (2017). The power of empathy in trauma recovery. Healing Press.\n".encode()
    )
    frame = read_references(path)
    assert list(frame["ref_id"]) == ["R01", "R02"]
    assert frame.loc[0, "raw"].startswith("Coke, L.")
    assert list(frame["line"]) == [1, 3]


def test_read_references_cp1252_warns(tmp_path):
    path = tmp_path / "refs.txt"
    path.write_bytes("Müller, K. (2001). Über Empathie \u2013 eine Studie. Verlag.\n".encode("cp1252"))
    with pytest.warns(UnicodeWarning, match="Windows-1252"):
        frame = read_references(path)
    assert frame.loc[0, "authors"] == [{"family": "Müller", "given": "K."}]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"  \n\n ", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00", "binary")],
)
def test_read_references_bad_files(tmp_path, content, message):
    path = tmp_path / "refs.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleError, match=message) as info:
        read_references(path)
    assert str(path) in str(info.value)


def test_read_references_missing_file(tmp_path):
    with pytest.raises(ArticleError, match="cannot read"):
        read_references(tmp_path / "nope.txt")


# ---------------------------------------------------------------------------------------------
# issue #9: where a list is, what an entry looks like, and the fields of styles seen on real pages


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("References", "primary"),
        ("Reference:", "primary"),
        ("4. Literature Cited", "primary"),
        ("BIBLIOGRAFÍA", "primary"),
        ("Références bibliographiques", "primary"),
        ("Literaturverzeichnis", "primary"),
        ("Notes", "weak"),
        ("Footnotes", "weak"),
        ("Further reading", None),
        ("External links", None),
        ("Referencing the past in therapy", None),
    ],
)
def test_reference_heading_kinds(heading, kind):
    assert reference_heading_kind(heading) == kind


@pytest.mark.parametrize(
    "line",
    [
        "Smith, J. (2001). Empathy. Journal of Care, 3(2), 10-20.",
        "[3] Lee K, Kim H. Trust in clinics. BMJ. 2010;340:c123.",
        "World Health Organization. (2019). Guidelines on sleep. Geneva: WHO.",
        "Doe A. Online resource. https://example.org/page (accessed 3 May 2020).",
    ],
)
def test_entries_look_like_entries(line):
    assert looks_like_entry(line)


@pytest.mark.parametrize(
    "line",
    [
        "Ready to dive deeper? Book a session with one of our therapists today!",
        "© 2026 Harbour Clinic. All rights reserved.",
        "Why sleep matters (2025)",
        "Dana is a counsellor in Leeds who has written about empathy and trust for clients and carers since 2015 "
        "and who runs our weekly group on grief and loss for people who are new to therapy.",
        "Posted on March 3, 2021 by Admin",
    ],
)
def test_furniture_does_not_look_like_an_entry(line):
    assert not looks_like_entry(line)


def test_split_decides_per_block_between_one_wrapped_entry_and_one_entry_per_line():
    block = [
        "Smith, J. (2001). A long title",
        "that wraps. Journal, 1(2), 3-4.",
        "",
        "Lee, K. (2002). Trust. Press.",
        "Kim, H. (2003). Care. Journal of Care, 2, 1-9.",
        "",
        "Subscribe to our newsletter",
    ]
    assert [text for _, text in split_reference_block(block)] == [
        "Smith, J. (2001). A long title that wraps. Journal, 1(2), 3-4.",
        "Lee, K. (2002). Trust. Press.",
        "Kim, H. (2003). Care. Journal of Care, 2, 1-9.",
        "Subscribe to our newsletter",
    ]


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        (
            "U.S. Department of Health and Human Services, Health Resources and Services Administration, Office of Rural "
            "Health Policy. (2011). Mental health and rural America: 1994-2005. Author.",
            "U.S. Department of Health and Human Services, Health Resources and Services Administration, Office of Rural "
            "Health Policy",
        ),
        ("Mayo Clinic. (2012). Depression (major depressive disorder). Author.", "Mayo Clinic"),
        (
            "National Institute for Health and Care Excellence (2013) Stroke rehabilitation. London: NICE.",
            "National Institute for Health and Care Excellence",
        ),
    ],
)
def test_organisations_as_authors(text, literal):
    assert parse_reference(text)["authors"] == [{"literal": literal}]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ritchie J, Spencer L (1994) Qualitative data analysis for applied policy research. In: Bryman A, Burgess R, "
            "editors. Analysing Qualitative Data. London: Routledge. pp. 173-194.",
            (
                "Qualitative data analysis for applied policy research",
                "Analysing Qualitative Data",
                "173-194",
                "Routledge",
            ),
        ),
        (
            "Derogatis, L. R., & Coons, H. L. (1993). Self-report measures of stress. In L. Goldberger & S. Breznitz "
            "(Eds.), Handbook of stress: Theoretical and clinical aspects (2nd ed., pp. 200-233). Free Press.",
            (
                "Self-report measures of stress",
                "Handbook of stress: Theoretical and clinical aspects",
                "200-233",
                "Free Press",
            ),
        ),
        (
            "Convey, P. (2001). \u201cAntarctic ecosystems,\u201d in Encyclopedia of Biodiversity, Vol. 1, ed. Levin, S. A. "
            "(San Diego: Academic), 171-184.",
            ("Antarctic ecosystems", "Encyclopedia of Biodiversity", "171-184", "Academic"),
        ),
    ],
)
def test_chapters_with_editors_before_or_after_the_book(text, expected):
    parsed = parse_reference(text)
    assert (parsed["title"], parsed["container"], parsed["pages"], parsed["publisher"]) == expected
    assert parsed["kind"] == "chapter"


def test_abnt_volume_number_pages_and_access_date():
    parsed = parse_reference(
        "Castro, I. R.; Oliveira, M. Análise bibliométrica da produção científica sobre as linguagens de indexação. "
        "Biblionline, v. 12, n. 3, p. 48-60, 2016. Disponível em: https://periodicos.ufpb.br/x. Acesso em: 11 ago. 2020."
    )
    assert (parsed["container"], parsed["volume"], parsed["issue"], parsed["pages"], parsed["year"]) == (
        "Biblionline",
        "12",
        "3",
        "48-60",
        2016,
    )
    assert [a["family"] for a in parsed["authors"]] == ["Castro", "Oliveira"]


@pytest.mark.parametrize(
    ("text", "title", "container", "pages"),
    [
        (
            "Ioannidis JP (2003) Genetic associations: False or true Trends Mol Med 9: 135-138.",
            "Genetic associations: False or true",
            "Trends Mol Med",
            "135-138",
        ),
        (
            "Chung WS, Allen NJ, Eroglu C. 2015. Astrocytes control synapse formation, function, and elimination. "
            "Cold Spring Harbor Perspectives in Biology a020370.",
            "Astrocytes control synapse formation, function, and elimination",
            "Cold Spring Harbor Perspectives in Biology",
            "a020370",
        ),
        (
            "Abecasis GR, Auton A. 2012. An integrated map of genetic variation from 1,092 human genomes. Nature 491:56-65.",
            "An integrated map of genetic variation from 1,092 human genomes",
            "Nature",
            "56-65",
        ),
    ],
)
def test_journal_boundaries_seen_in_real_lists(text, title, container, pages):
    parsed = parse_reference(text)
    assert (parsed["title"], parsed["container"], parsed["pages"]) == (title, container, pages)


def test_mdpi_publisher_before_its_place():
    parsed = parse_reference(
        "Gibson, R.S. Principles of Nutritional Assessment. Oxford University Press: New York, NY, USA, 2005."
    )
    assert parsed["publisher"] == "Oxford University Press"


def test_a_preprint_server_is_where_it_appeared():
    parsed = parse_reference(
        "Folgueira MD, Delgado R. 2020. SARS-CoV-2 infection in health care workers in a large "
        "public hospital in Madrid, Spain. medRxiv. DOI: https://doi.org/10.1101/2020.04.07.20055723"
    )
    assert (parsed["container"], parsed["publisher"], parsed["doi"]) == ("medRxiv", None, "10.1101/2020.04.07.20055723")


@pytest.mark.parametrize(
    ("raw", "family", "title"),
    [  # public records: Dimock, Through Other Continents (Princeton UP, 2006); Berkes, Sacred Ecology (1999)
        (
            "Dimock WC. THROUGH OTHER CONTINENTS: AMERICAN LITERATURE ACROSS DEEP TIME. Princeton University Press; 2006.",
            "Dimock",
            "Through other continents: American literature across deep time",
        ),
        (
            "Berkes F. SACRED ECOLOGY: TRADITIONAL ECOLOGICAL KNOWLEDGE AND RESOURCE MANAGEMENT. Philadelphia: "
            "Taylor & Francis; 1999.",
            "Berkes",
            "Sacred ecology: traditional ecological knowledge and resource management",
        ),
    ],
)
def test_a_title_in_capitals_is_a_title_not_a_group_author(raw, family, title):
    parsed = parse_reference(raw)  # the parser read the capitals as one group author's name, and no title
    assert parsed["authors"] == [{"family": family, "given": parsed["authors"][0]["given"]}]
    assert parsed["title"].lower() == title.lower()


def test_a_generational_suffix_written_as_an_ordinal_is_no_author():
    # PLOS/NLM lists write "Riese DJ 2nd" as they write "White AC Jr": one person, not a broken name
    parsed = parse_reference(
        "Chang H, Riese DJ 2nd, Gilbert W (1997) Ligands for a receptor family encoded by a gene. Nature 387: 509-512."
    )
    assert [a["family"] for a in parsed["authors"]] == ["Chang", "Riese", "Gilbert"]


def test_a_book_place_with_its_state_in_brackets():
    # NLM/PLOS books: "City (State): Publisher"; the city is no part of the title
    parsed = parse_reference("Doe J (2001) Worms II. Plainview (New York): Cold Spring Harbor Laboratory Press.")
    assert (parsed["title"], parsed["publisher"]) == ("Worms II", "Cold Spring Harbor Laboratory Press")


def test_a_second_sentence_of_the_title_is_no_part_of_the_journal():
    # "… a cohort. The Seoul study. Neurology 52": "study." ends a sentence, it is no abbreviation
    parsed = parse_reference(
        "Lee K, Park J (2003) Sleep and memory in older adults: a cohort. The Seoul study. Neurology 52: 663-666."
    )
    assert (parsed["title"], parsed["container"]) == (
        "Sleep and memory in older adults: a cohort. The Seoul study",
        "Neurology",
    )


@pytest.mark.parametrize(
    "entry, journal, year, pages",
    [
        ("Smith J, Jones K. A study of things. Sensors (Basel). 2020;20(3):100.", "Sensors (Basel)", 2020, "100"),
        ("Smith J. A study of things. Medicine (Baltimore). 2005;84(1):1-10.", "Medicine (Baltimore)", 2005, "1-10"),
        ("Smith J. A study of things. Clinics (Sao Paulo). 2011;66(2):1-5.", "Clinics (Sao Paulo)", 2011, "1-5"),
    ],
)
def test_an_nlm_journal_keeps_the_place_in_brackets_that_tells_it_apart(entry, journal, year, pages):
    """NLM writes journals of one name with a place in brackets; the model read the name as a place
    and lost it (no journal at all for "Sensors (Basel).")."""
    parsed = parse_reference(entry)
    assert (parsed["container"], parsed["year"], parsed["pages"]) == (journal, year, pages)


@pytest.mark.parametrize(
    "entry, title",
    [
        (
            "Arnett DK, Blumenthal RS. 2019 ACC/AHA guideline on the primary prevention of cardiovascular disease. "
            "Circulation. 2019;140(11):e596-e646.",
            "2019 ACC/AHA guideline on the primary prevention of cardiovascular disease",
        ),
        ("Smith, J. 2019. Title of the work. Journal of Things 12: 1-5.", "Title of the work"),
    ],
)
def test_a_year_that_opens_a_guidelines_title_stays_in_the_title(entry, title):
    """Guidelines are named by their year; the model took it for the entry's year and cut it from the
    title (an audit then compares "ACC/AHA guideline …" with the record's "2019 ACC/AHA Guideline …").
    Harvard's year after the names, with its full stop, stays the year."""
    parsed = parse_reference(entry)
    assert (parsed["title"], parsed["year"]) == (title, 2019)


def test_a_notice_of_a_correction_lends_the_entry_none_of_its_numbers():
    entry = (
        "Arnett DK, Blumenthal RS. Guideline on the primary prevention of cardiovascular disease. "
        "Circulation. 2019;140(11):e596-e646. [published correction appears in Circulation. 2019;140(11):e649]"
    )
    parsed = parse_reference(entry)
    assert (parsed["container"], parsed["volume"], parsed["pages"]) == ("Circulation", "140", "e596-e646")


def test_an_entry_of_no_date_has_no_year_and_its_citation_links(tmp_path):
    """APA's "(n.d.)" web page read on a day: the day's year is no year of the page, and an in-text
    "(World Health Organization, n.d.)" must find the entry (with the read year it was unresolved)."""
    entry = (
        "World Health Organization. (n.d.). Depression fact sheet. Retrieved March 3, 2021, "
        "from https://www.who.int/news-room/fact-sheets/detail/depression"
    )
    assert parse_reference(entry)["year"] is None
    assert parse_reference(entry.replace("(n.d.). ", ""))["year"] is None  # read, not published, in 2021
    article = tmp_path / "post.md"
    article.write_text(
        "# Grief\n\nDepression affects more than 280 million people (World Health Organization, n.d.).\n\n"
        f"## References\n\n{entry}\n",
        encoding="utf-8",
    )
    citations = load_article(article).citations
    assert citations["match"].tolist() == ["exact"] and citations["ref_id"].tolist() == ["R01"]
