"""PDF articles: reading order, furniture, hyphenation, superscript citations, reference entries, bad PDFs.

Most PDFs here are written by the tests (``pdf_fixtures``, with reportlab), so each test says what
is printed where; one real article (CC BY, see tests/data/README.md) checks the whole path on a
publisher's PDF.
"""

from __future__ import annotations

import string
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdf_fixtures import (
    LEFT,
    REFERENCES,
    Text,
    column_lines,
    two_column_article,
    write_pdf,
    write_pdf_with_text_layer,
    write_scan,
)

import litmap.read.pdf
from litmap import ArticleError, load_article, read_article
from litmap.cli import main
from litmap.errors import PdfError
from litmap.read import split_reference_block
from litmap.read.article import compute_article_from_bytes
from litmap.read.pdf import PARTLY_UNREADABLE_SHARE, extract_pdf_text, is_pdf, private_use_share
from litmap.read.pdf_pages import compute_pdf_article, read_pdf_article
from litmap.read.pdf_text import compute_vocabulary, join_lines

DATA = Path(__file__).parent / "data"
REAL_PDF = DATA / "trials-2014-low-back-pain-core-outcomes.pdf"


@pytest.fixture(scope="module")
def two_column(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "two-column.pdf"
    path.write_bytes(two_column_article())
    return path


@pytest.fixture(scope="module")
def article(two_column):
    return read_pdf_article(two_column)


def _body(article) -> str:
    return " ".join(text for _, _, text in article.paragraphs)


# -- the generated two-column article --------------------------------------------------------------------


def test_title_and_sections_come_from_the_layout(article):
    assert article.title == "Emotion regulation in adolescents: a two column test article"
    assert [section.heading for section in article.sections] == ["Background"]


def test_two_columns_are_read_left_then_right_as_one_paragraph(article):
    body = _body(article)
    assert body.index("cohorts we studied") < body.index("which were drawn from several regions")
    assert len(article.paragraphs) == 1  # the sentence runs on from the left column into the right


def test_line_end_hyphens_are_rejoined_only_where_the_document_says_so(article):
    body = _body(article)
    assert "the regulation of emotion" in body  # "regu-" + "lation"
    assert "regu-" not in body
    assert "based on self-report remain" in body  # "self-" + "report": written whole elsewhere


def test_superscript_numbers_become_bracketed_citations_inside_their_sentence(article):
    body = _body(article)
    assert "at home[1] and" in body
    assert "several regions[2,3]." in body
    assert "most common tool[4]." in body


def test_furniture_captions_and_front_matter_are_dropped_not_claims(article):
    dropped = [text for _, text in article.dropped_lines]
    for furniture in ("Journal of Test Studies 2024; 12: 1-2", "Page 1 of 2", "Page 2 of 2", "RESEARCH ARTICLE"):
        assert furniture in dropped
    assert any(text.startswith("Figure 1.") for text in dropped)
    assert any(text.startswith("©") for text in dropped)
    assert "Ada Lovelace, Charles Babbage" in dropped
    body = _body(article)
    for text in ("Journal of Test", "Figure 1", "Creative Commons", "Lovelace"):
        assert text not in body


def test_reference_entries_are_split_by_labels_across_columns_one_per_line(article):
    entries = [text for _, text in article.reference_lines if text]
    assert entries == [" ".join(lines) for lines in REFERENCES]
    # one entry a line, a blank line between entries
    assert [text == "" for _, text in article.reference_lines] == [False, True] * (len(entries) - 1) + [False]


def test_split_reference_block_keeps_the_entries_as_the_layout_split_them(article):
    lines = [text for _, text in article.reference_lines]
    first = article.reference_lines[0][0]
    assert [text for _, text in split_reference_block(lines, start=first)] == [" ".join(x) for x in REFERENCES]


def test_load_article_links_superscript_citations_to_numbered_entries(two_column):
    tables = load_article(two_column)
    assert len(tables.references) == 4
    assert list(tables.references["year"]) == [2015, 2017, 2010, 2022]
    linked = tables.citations.dropna(subset=["ref_id"])
    assert sorted(linked["ref_id"]) == ["R01", "R02", "R03", "R04"]
    assert set(linked["cited_as"]) == {"[1]", "[2,3]", "[4]"}
    assert tables.unresolved.empty


@pytest.mark.slow
def test_read_article_and_the_command_accept_a_pdf(two_column, tmp_path):
    assert read_article(two_column).title.startswith("Emotion regulation")
    result = CliRunner().invoke(main, ["run", str(two_column), "--out", str(tmp_path), "--offline", "--no-figures"])
    assert result.exit_code == 0, result.output
    assert "4 references" in result.output
    assert (tmp_path / "references.csv").exists()


def test_a_pdf_url_is_read_as_a_pdf(httpserver, two_column):
    httpserver.expect_request("/paper.pdf").respond_with_data(two_column.read_bytes(), content_type="application/pdf")
    article = read_article(httpserver.url_for("/paper.pdf"))
    assert article.title.startswith("Emotion regulation")
    assert len([text for _, text in article.reference_lines if text]) == 4


# -- layout cases, one at a time ------------------------------------------------------------------------------


def _one_page(pieces: list[Text]) -> bytes:
    title = [Text(LEFT, 80, "A short test article about layout rules", 18, bold=True)]
    return write_pdf([title + pieces])


def test_author_year_list_with_hanging_indent_and_no_labels():
    entries = [
        [
            "Aldao, A., Nolen-Hoeksema, S., & Schweizer, S. (2010). Emotion-",
            "regulation strategies across psychopathology. Clinical",
            "Psychology Review, 30(2), 217-237.",
        ],
        [
            "Gross, J. J. (2015). Emotion regulation: Current status and future",
            "prospects. Psychological Inquiry, 26(1), 1-26.",
        ],
        ["World Health Organization. (2021). Adolescent mental health.", "Geneva: WHO."],
    ]
    pieces = [Text(LEFT, 130, "Emotion regulation matters (Gross, 2015; Aldao et al., 2010).", 10)]
    pieces.append(Text(LEFT, 160, "References", 11, bold=True))
    y = 180
    for entry in entries:
        for i, line in enumerate(entry):
            pieces.append(Text(LEFT + (0 if i == 0 else 18), y, line, 9))
            y += 11
    article = compute_pdf_article(_one_page(pieces))
    got = [text for _, text in article.reference_lines if text]
    assert len(got) == 3
    assert got[0].startswith("Aldao") and got[0].endswith("217-237.")
    assert "Emotion-regulation strategies" in got[0]  # "Emotion-" + "regulation": a capital-free compound kept
    assert got[2] == "World Health Organization. (2021). Adolescent mental health. Geneva: WHO."


def test_line_numbers_in_the_margin_are_dropped():
    lines = [f"This is line {i} of a manuscript with line numbers in its margin." for i in range(1, 13)]
    pieces = column_lines(LEFT + 30, 130, lines)
    pieces += [Text(LEFT, 130 + 12.5 * i, str(i + 1), 8) for i in range(12)]
    article = compute_pdf_article(_one_page(pieces))
    body = _body(article)
    assert body.startswith("This is line 1 of a manuscript")
    assert " 7 This" not in body and "margin. 2" not in body
    assert sum(text.isdigit() for _, text in article.dropped_lines) == 12


def test_three_columns_are_read_in_order():
    width = 160
    pieces = []
    for column in range(3):
        words = [f"Column {column + 1} line {i + 1} says something." for i in range(6)]
        pieces += column_lines(LEFT + column * (width + 15), 130, words, size=9, pitch=11)
    body = _body(compute_pdf_article(_one_page(pieces)))
    positions = [body.index(f"Column {c} line {i} ") for c in (1, 2, 3) for i in (1, 6)]
    assert positions == sorted(positions)


def _sections(article) -> list[tuple[str, str]]:
    return [(section.heading, " ".join(text for _, text in section.paragraphs)) for section in article.sections]


def test_a_bold_run_in_heading_opens_a_section_of_its_own():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pieces = [Text(LEFT, 130, "Results", 11, bold=True)]
    pieces += column_lines(
        LEFT,
        150,
        [
            "Ten of the twelve trials reported the retear rate after one year.",
            "It was lower after suture bridge repair than after single-row repair.",
        ],
    )
    for y, heading, text in (
        (190, "Discussion.", "The network meta-analysis ranked the three repairs by their retear rate."),
        (215, "2.3 Statistical analysis.", "We pooled the odds ratios in a random effects model."),
    ):
        pieces.append(Text(LEFT, y, heading, 10, bold=True))
        pieces.append(Text(LEFT + stringWidth(heading + " ", "Helvetica-Bold", 10), y, text, 10))
    sections = _sections(compute_pdf_article(_one_page(pieces)))
    assert [heading for heading, _ in sections] == ["Results", "Discussion", "2.3 Statistical analysis"]
    assert sections[1][1] == "The network meta-analysis ranked the three repairs by their retear rate."
    assert sections[2][1].startswith("We pooled")


def test_a_bold_lead_in_that_is_not_a_heading_stays_in_its_paragraph():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lead = "Note, however, that these trials were small and their follow-up short."  # no run-in heading: a comma
    pieces = [Text(LEFT, 130, "Results", 11, bold=True)]
    pieces += column_lines(LEFT, 150, ["Ten of the twelve trials reported the retear rate after one year."])
    pieces.append(Text(LEFT, 175, lead, 10, bold=True))
    pieces.append(Text(LEFT + stringWidth(lead + " ", "Helvetica-Bold", 10), 175, "Two more follow.", 10))
    sections = _sections(compute_pdf_article(_one_page(pieces)))
    assert [heading for heading, _ in sections] == ["Results"]
    assert "year. Note, however, that these trials" in sections[0][1]


def test_an_abstract_set_in_bold_without_a_heading_is_the_abstract():
    byline = Text(LEFT, 100, "Ada Lovelace, Charles Babbage, Mary Somerville and Caroline Herschel", 10, bold=True)
    abstract = column_lines(
        LEFT,
        130,
        [
            "Rotator cuff tears are common and painful, and the best repair is",
            "not known. We compared three repairs in a network meta-analysis.",
        ],
    )
    for piece in abstract:
        piece.bold = True
    introduction = column_lines(
        LEFT,
        170,
        [
            "Rotator cuff tears are among the most common injuries of the",
            "shoulder, and their repair has moved from open to keyhole surgery.",
        ],
    )
    pieces = [byline, *abstract, *introduction, Text(LEFT, 210, "Methods", 11, bold=True)]
    pieces += column_lines(LEFT, 230, ["We searched four databases for trials of the three repairs."])
    sections = _sections(compute_pdf_article(_one_page(pieces)))
    assert [heading for heading, _ in sections] == ["Abstract", "Introduction", "Methods"]
    assert sections[0][1].startswith("Rotator cuff tears are common and painful")
    assert sections[1][1].startswith("Rotator cuff tears are among")


def test_spacing_accents_are_composed_with_their_letter():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    x = LEFT + stringWidth("As shown by Dahlstr", "Helvetica", 10)
    o_width = stringWidth("o", "Helvetica", 10)
    pieces = [
        Text(LEFT, 130, "As shown by Dahlstro", 10),
        Text(x + (o_width - stringWidth("\u00a8", "Helvetica", 10)) / 2, 130, "\u00a8", 10),
        Text(x + o_width, 130, "m and colleagues, accents matter in names.", 10),
    ]
    body = _body(compute_pdf_article(_one_page(pieces)))
    assert "Dahlström and colleagues" in body


def test_a_superscript_after_a_digit_is_an_exponent_not_a_citation():
    pieces = column_lines(LEFT, 130, ["Cells were seeded at 10^{5} per well in all of the runs we did."])
    body = _body(compute_pdf_article(_one_page(pieces)))
    assert "10⁵ per well" in body and "[5]" not in body


def test_join_lines_handles_soft_hyphens_and_compounds():
    vocabulary = compute_vocabulary(["a well-known self-report measure"])
    assert join_lines(["the regu\u00ad", "lation"], vocabulary) == "the regulation"
    assert join_lines(["a well-", "known result"], vocabulary) == "a well-known result"
    assert join_lines(["pages 370-", "380."], vocabulary) == "pages 370-380."


# -- the real article -----------------------------------------------------------------------------------------


@pytest.mark.slow
def test_real_two_column_article_gives_its_38_references_and_linked_citations():
    tables = load_article(REAL_PDF)
    references = tables.references
    assert len(references) == 38  # numbered [n], BMC style, across two columns and two pages
    assert references["raw"].iloc[0].startswith("1. Vos T, Flaxman AD, Naghavi M")
    assert references["raw"].iloc[-1].startswith("38.")
    assert tables.article.title.startswith("A core outcome set for clinical trials on non-specific low back pain")
    claims = tables.claims
    first = claims[claims["text"].str.startswith("Low back pain (LBP) is the leading global contributor")]
    assert list(first["ref_ids"].iloc[0]) == ["R01", "R02"]
    assert tables.citations["ref_id"].notna().mean() > 0.95
    body = " ".join(text for _, _, text in tables.article.paragraphs)
    assert "Page 2 of 9" not in body and "Chiarotto et al. Trials" not in body


# -- bad PDFs: one-line errors, never a crash ----------------------------------------------------------------


def test_a_scan_without_text_asks_for_ocr_first(tmp_path):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(write_scan())
    with pytest.raises(PdfError, match=r"no text layer .*ocrmypdf"):
        read_article(scan)
    result = CliRunner().invoke(main, ["run", str(scan), "--out", str(tmp_path / "out"), "--offline"])
    assert result.exit_code == 1
    assert "OCR" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


_BODY_LINES = [
    "Core outcome sets help reviews compare trials of low back pain [1].",
    "Trials report many outcomes, and reviews can pool few of them [2].",
    "Outcome reporting bias harms the reviews that pool such trials [3].",
] * 8
_LIST_LINES = [
    "References",
    "1. Clarke M: Standardising outcomes for clinical trials and systematic reviews. Trials 2007, 8:39.",
    "2. Koes BW, van Tulder MW, Thomas S: Diagnosis and treatment of low back pain. BMJ 2006, 332:1430-1434.",
    "3. Dagenais S, Caro J, Haldeman S: A systematic review of low back pain cost of illness studies.",
    "Spine J 2008, 8:8-20.",
]
# a font embedded without a ToUnicode map: PDFium gives its glyph codes, as private-use characters
_GLYPH_CODES = {c: chr(0xF000 + ord(c)) for c in string.ascii_letters + string.digits + ".,:;[]-"}


def test_a_pdf_whose_text_is_in_a_font_without_a_unicode_map_says_so_in_one_line(tmp_path):
    path = tmp_path / "private-use.pdf"
    path.write_bytes(write_pdf_with_text_layer(_BODY_LINES + _LIST_LINES, _GLYPH_CODES))
    with pytest.raises(PdfError, match=r"the PDF's text is in a font litmap cannot decode \(\d+% private-use"):
        read_article(path)
    result = CliRunner().invoke(main, ["run", str(path), "--out", str(tmp_path / "out"), "--offline"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "OCR" in result.output and "no reference section" not in result.output


def test_a_reference_list_in_a_font_without_a_unicode_map_is_no_missing_list(tmp_path):
    """Only the list's lines in that font (about 12 % of the characters): the body reads, the list cannot;
    "no reference section found" would send the reader looking for a heading that is there."""
    lines = _BODY_LINES + _LIST_LINES
    path = tmp_path / "list-private-use.pdf"
    path.write_bytes(write_pdf_with_text_layer(lines, _GLYPH_CODES, mapped=range(len(_BODY_LINES), len(lines))))
    with pytest.raises(PdfError, match=r"part of the PDF's text, perhaps its reference list, is in a font litmap"):
        load_article(path)
    # the body in that font, the list readable: read, with a note saying what was lost
    path.write_bytes(write_pdf_with_text_layer(lines, _GLYPH_CODES, mapped=range(3)))
    tables = load_article(path)
    assert len(tables.references) == 3
    assert any("private-use (a font without a ToUnicode map)" in note for note in tables.article.notes)


def test_the_corpus_pdfs_are_not_taken_for_unreadable_text():
    for path in DATA.glob("*.pdf"):
        assert private_use_share(extract_pdf_text(path.read_bytes())) < PARTLY_UNREADABLE_SHARE


def test_an_encrypted_pdf_is_a_clear_error():
    data = write_pdf([[Text(LEFT, 100, "Secret text of a protected article.", 12)]], encrypt="secret")
    with pytest.raises(PdfError, match="encrypted"):
        compute_pdf_article(data)


def test_a_damaged_pdf_is_a_clear_error():
    with pytest.raises(PdfError, match="damaged or not a PDF"):
        compute_pdf_article(b"%PDF-1.7\n" + b"\x00garbage" * 100)


def test_a_pdf_over_the_size_limit_is_refused_before_reading(two_column, monkeypatch):
    monkeypatch.setattr(litmap.read.pdf, "MAX_PDF_BYTES", 1000)
    with pytest.raises(PdfError, match="more than litmap reads"):
        read_article(two_column)


def test_pdf_errors_are_article_errors():
    assert issubclass(PdfError, ArticleError)
    assert is_pdf(b"%PDF-1.4 ...") and not is_pdf(b"plain text")


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.floats(min_value=0.0, max_value=1.0), flips=st.lists(st.integers(min_value=0), max_size=20))
def test_truncated_or_garbled_pdfs_never_crash(cut, flips):
    data = bytearray(two_column_article())
    for position in flips:
        data[position % len(data)] ^= 0x5A
    data = bytes(data[: max(8, int(len(data) * cut))])
    with warnings.catch_warnings(record=True) as said:  # a header garbled out of "%PDF" is read as text, and said
        warnings.simplefilter("always")
        try:
            article = compute_article_from_bytes(data, source="fuzz.pdf")
        except ArticleError as err:
            assert "\n" not in str(err)
        else:
            assert article.title
    assert all("\n" not in str(warning.message) for warning in said)


@pytest.mark.notebook
def test_the_first_notebook_takes_a_pdf_as_its_article(tmp_path):
    import pandas as pd

    from litmap.notebooks import execute_notebook

    notebook = Path(__file__).resolve().parents[1] / "notebooks" / "01_load_article.ipynb"
    out = tmp_path / "results"
    executed = execute_notebook(
        notebook, tmp_path / notebook.name, parameters={"article": str(REAL_PDF), "out_dir": str(out)}
    )
    assert "Traceback" not in executed.read_text()
    assert len(pd.read_csv(out / "references.csv")) == 38
