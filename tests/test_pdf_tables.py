"""Tables in a PDF: their rows stay out of the body's sentences and claims, their citations still link.

A systematic review sets its included studies in a table under a "Table 1." caption, in type a little
smaller than the body's and in aligned columns of short cells and numbers; these tests draw such a
page and read it whole.
"""

from __future__ import annotations

from pdf_fixtures import LEFT, TRIALS_BODY, TRIALS_REFERENCES, TRIALS_TITLE, Text, column_lines, reference_columns
from pdf_fixtures import write_pdf as draw

from litmap import load_article

#: Columns of the table: study, design, patients, effect (95 % CI), at these x.
_COLUMNS = (LEFT, LEFT + 130, LEFT + 200, LEFT + 270)
_ROWS = [
    ("Smith 2010 [3]", "RCT", "120", "0.45 (0.20–0.70)"),
    ("Jones 2012 [4]", "Cohort", "88", "0.61 (0.33–0.92)"),
    ("Wu 2015 [5]", "RCT", "240", "0.52 (0.41–0.66)"),
    ("Brown 2016 [6]", "RCT", "64", "0.70 (0.38–1.21)"),
]
_AFTER = [
    "After the table the text goes on: pooled effects favoured the treatment in most trials [7]",
    "and the heterogeneity between trials was moderate across the included studies of pain.",
]


def _article(tmp_path, *, size: float, caption: bool = True, cells: list[tuple[str, ...]] = _ROWS):
    """A one-column article citing [1]-[12]: body text, a table of ``cells`` set at ``size`` (under a
    "Table 1." caption when ``caption``), the text going on under it, then the reference list."""
    page = [TRIALS_TITLE, *column_lines(LEFT, 110, TRIALS_BODY)]
    y = 190.0
    if caption:
        page.append(Text(LEFT, y, "Table 1. Characteristics of the included studies", size))
        y += 16
    for header, x in zip(("Study", "Design", "N", "Effect (95% CI)"), _COLUMNS):
        page.append(Text(x, y, header, size, bold=True))
    for row in cells:
        y += 1.3 * size
        page += [Text(x, y, cell, size) for x, cell in zip(_COLUMNS, row)]
    page += column_lines(LEFT, y + 30, _AFTER)
    pages = reference_columns(TRIALS_REFERENCES, "1.", top=90)
    pages[0].insert(0, Text(LEFT, 70, "References", 11, bold=True))
    path = tmp_path / "review.pdf"
    path.write_bytes(draw([page, *pages]))
    return load_article(path)


def _table_text_in_sentences(tables) -> list[str]:
    return [text for text in tables.sentences["text"] if any(mark in text for mark in ("0.45", "Cohort", "(0.3"))]


def test_rows_of_a_table_in_smaller_type_under_its_caption_are_no_sentences_and_still_cite(tmp_path):
    """Set at 0.9 of the body (above the 0.86 of small type), the rows were read as body paragraphs:
    "RCT 120 0.45 (0.20–0.70)" a sentence, some a claim. Now they are the table's: out of the sentences,
    kept in the dropped lines, and each study's citation still links to its entry."""
    tables = _article(tmp_path, size=9)
    assert _table_text_in_sentences(tables) == []
    dropped = " ".join(text for _, text in tables.article.dropped_lines)
    assert "0.45 (0.20–0.70)" in dropped and "Cohort" in dropped  # set apart, not lost
    cited = dict(zip(tables.claims["claim_id"], tables.claims["text"]))
    rows = {cited[c]: r for c, r in zip(tables.citations["claim_id"], tables.citations["ref_id"]) if "20" in cited[c]}
    assert {rows.get(text) for text in ("Smith 2010 [3]", "Jones 2012 [4]", "Wu 2015 [5]", "Brown 2016 [6]")} == {
        "R03",
        "R04",
        "R05",
        "R06",
    }
    # the text under the table is body text still, with its citation
    assert any(text.startswith("After the table the text goes on") for text in tables.claims["text"])
    assert sorted(set(tables.citations["ref_id"])) == [f"R{n:02d}" for n in range(1, 13)]


def test_columns_of_numbers_in_body_type_with_no_caption_are_no_sentences(tmp_path):
    """A table set in the body's own type, with no caption over it: its blocks of number cells are no prose."""
    cells = [
        ("", "", "120", "0.45 (0.20–0.70)"),
        ("", "", "88", "0.61 (0.33–0.92)"),
        ("", "", "240", "0.52 (0.41–0.66)"),
    ]
    tables = _article(tmp_path, size=10, caption=False, cells=cells)
    assert [text for text in tables.sentences["text"] if "0.45" in text or "(0.4" in text] == []
    assert any(text.startswith("After the table the text goes on") for text in tables.sentences["text"])
    assert any("Treatments show similar effects" in text for text in tables.sentences["text"])


def test_a_sentence_full_of_statistics_stays_a_sentence(tmp_path):
    """Numbers in prose are no table: a result sentence with its statistics is read as before."""
    body = [
        *TRIALS_BODY,
        "The pooled odds ratio was 3.15 (95% CI 2.58–3.84, I² = 51.3%, P < 0.001) in 37 studies.",
    ]
    page = [TRIALS_TITLE, *column_lines(LEFT, 110, body)]
    pages = reference_columns(TRIALS_REFERENCES, "1.", top=90)
    pages[0].insert(0, Text(LEFT, 70, "References", 11, bold=True))
    path = tmp_path / "stats.pdf"
    path.write_bytes(draw([page, *pages]))
    tables = load_article(path)
    assert any(text.startswith("The pooled odds ratio was 3.15") for text in tables.sentences["text"])
