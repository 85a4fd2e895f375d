"""PDF layouts of the journals clinicians read (issue 21): side columns and boxes, reference lists in
small type over columns and pages with every label style, statistics that are not citations, text
hygiene at the source. Each PDF is written by the test (``pdf_fixtures``), so each says what is
printed where; the reference entries are those of the CC BY article in tests/data.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pdf_fixtures import (
    LABELS,
    LEFT,
    RIGHT,
    TRIALS_REFERENCES,
    Text,
    column_lines,
    reference_columns,
    wrap,
    write_pdf,
    write_pdf_with_text_layer,
)

from litmap import load_article
from litmap.read.article import compute_article
from litmap.read.pdf_pages import compute_pdf_article
from litmap.read.pdf_text import join_lines

TITLE = Text(LEFT, 70, "Core outcomes for trials of low back pain: a layout test", 16, bold=True)
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _cited(n, superscript: bool) -> str:
    return f"^{{{n}}}" if superscript else f" [{n}]"


#: Body text without citations, so the body, not the reference list, is most of the article's text.
PROSE = [
    "Trials of treatments for low back pain measure many different things, from pain",
    "and function to work, quality of life and the use of health care. When each trial",
    "chooses its own outcomes, and its own instruments to measure them, reviews cannot",
    "pool the results and readers cannot compare one treatment with another. A core set",
    "is the smallest group of outcomes that every trial in a field agrees to measure and",
    "report, and it leaves each trial free to measure more. This study describes how such",
    "a set is chosen: a review of what trials measure now, a survey of patients, clinicians",
    "and researchers in several rounds, and a meeting where the final set is agreed.",
]


def _body_lines(superscript: bool) -> list[str]:
    """Five lines of body text citing the twelve entries in order of first use."""
    c = lambda n: _cited(n, superscript)  # noqa: E731
    return [
        f"Low back pain costs health systems a great deal{c(1)} and care differs{c(2)}.",
        f"Treatments show similar effects in primary care{c(3)} and reviews{c(4)} agree.",
        f"Exercise helps some patients{c(5)} and so may manipulation{c(6)} of the spine.",
        f"Outcome reporting bias harms reviews{c(7)} and outcomes should be standard{c(8)}.",
        f"Core sets need care{c(9)}, editors want them{c(10)}, and proposals exist{_cited('11,12', superscript)}.",
    ]


def _article(style: str, *, heading: str | None = "References", extra: list[Text] = ()) -> bytes:
    superscript = style == "sup"
    page1 = [TITLE, Text(LEFT, 110, "Background", 11, bold=True), *column_lines(LEFT, 130, _body_lines(superscript))]
    page1 += column_lines(LEFT, 210, PROSE)
    pages = reference_columns(TRIALS_REFERENCES, style, top=90)
    if heading:
        pages[0].insert(0, Text(LEFT, 70, heading, 11, bold=True))
    pages[-1] += list(extra)
    return write_pdf([page1, *pages])


def _entries(article) -> list[str]:
    return [text for _, text in article.reference_entries()]


def _unlabelled(entry: str) -> str:
    return re.sub(r"^(?:\[\d+\]|\(\d+\)|\d+[.)]?)\s*", "", entry)


def _body(article) -> str:
    return " ".join(text for _, _, text in article.paragraphs)


# -- reference lists in small type over two columns and two pages, every label style -------------------------


@pytest.mark.parametrize("style", sorted(LABELS))
def test_a_small_type_list_over_columns_and_pages_gives_every_entry_whatever_its_labels(style):
    article = compute_pdf_article(_article(style))
    entries = _entries(article)
    assert len(entries) == 12
    assert [_unlabelled(entry) for entry in entries] == TRIALS_REFERENCES
    if style != "none":
        assert [int(re.match(r"\D*(\d+)", entry).group(1)) for entry in entries] == list(range(1, 13))
    assert not [note for note in article.notes if "reference" in note]  # nothing doubted


@pytest.mark.parametrize("style", ["1", "1)", "sup"])
def test_citations_link_to_every_entry_of_a_small_type_list(style, tmp_path):
    path = tmp_path / "article.pdf"
    path.write_bytes(_article(style))
    tables = load_article(path)
    assert len(tables.references) == 12
    assert tables.uncited.empty and tables.unresolved.empty
    assert sorted(set(tables.citations["ref_id"])) == [f"R{n:02d}" for n in range(1, 13)]


@pytest.mark.parametrize("heading", ["R E F E R E N C E S", "R EFERENCES"])
def test_a_heading_with_its_letters_spaced_out_heads_the_list(heading):
    """Some journals space out the letters of their headings; small capitals may come apart from the capital."""
    article = compute_pdf_article(_article("1.", heading=heading))
    assert [_unlabelled(entry) for entry in _entries(article)] == TRIALS_REFERENCES
    assert not [note for note in article.notes if "heading" in note]


def test_a_list_without_a_heading_is_found_by_its_labels_and_said_so():
    licence = [Text(LEFT, 60, "This is an Open Access article distributed under the terms of the CC BY licence.", 7)]
    article = compute_pdf_article(_article("1", heading=None, extra=licence))
    assert len(_entries(article)) == 12
    assert any(note.startswith("no reference-list heading found") for note in article.notes)
    numbered_steps = [f"{n} Participants completed step {n} of the protocol in the clinic." for n in range(1, 7)]
    steps = compute_pdf_article(write_pdf([[TITLE, *column_lines(LEFT, 130, numbered_steps, size=8)]]))
    assert not steps.has_references  # numbered lines that read as no entries are no list


def test_a_heading_between_the_columns_of_a_list_does_not_end_it():
    # the left column runs longer than the right; a bold heading and the authors' names follow below it
    pages = reference_columns(TRIALS_REFERENCES, "1.", per_column=7, top=90)
    pages[0].insert(0, Text(LEFT, 70, "References", 11, bold=True))
    pages[0] += [
        Text(LEFT, 420, "Authors and Affiliations", 12, bold=True),
        Text(LEFT, 440, "Ada Lovelace1 · Charles Babbage2 · Mary Somerville1", 10, bold=True),
        Text(LEFT, 460, "1 Department of Mathematics, University of Somewhere, Somewhere, UK", 8),
    ]
    page1 = [TITLE, Text(LEFT, 110, "Background", 11, bold=True), *column_lines(LEFT, 130, _body_lines(False))]
    page1 += column_lines(LEFT, 210, PROSE)
    article = compute_pdf_article(write_pdf([page1, *pages]))
    entries = _entries(article)
    assert len(entries) == 12
    assert not any("Lovelace" in entry or "Department" in entry for entry in entries)


def test_a_box_set_inside_the_list_stays_out_of_its_entries():
    box = [
        Text(LEFT, 40, "What is already known on this topic", 8.5, bold=True),
        Text(LEFT + 10, 52, "Core outcome sets make trials of back pain comparable across countries", 8),
    ]
    page1 = [TITLE, Text(LEFT, 110, "Background", 11, bold=True), *column_lines(LEFT, 130, _body_lines(False))]
    page1 += column_lines(LEFT, 210, PROSE)
    pages = reference_columns(TRIALS_REFERENCES, "1", top=90)
    pages[0].insert(0, Text(LEFT, 70, "References", 11, bold=True))
    pages[1] = box + pages[1]
    article = compute_pdf_article(write_pdf([page1, *pages]))
    entries = _entries(article)
    assert len(entries) == 12
    assert not any("already known" in entry or "comparable across" in entry for entry in entries)
    assert "already known" not in _body(article)


# -- side columns and boxed panels stay out of the body and the claims ----------------------------------------


def test_a_side_column_and_a_boxed_panel_are_kept_out_of_the_body_and_claims(tmp_path):
    side = [
        Text(36, 150, "Institute of Health Informatics,", 7),
        Text(36, 159, "University College London,", 7),
        Text(36, 168, "London NW1 2DA, UK", 7),
        Text(36, 186, "Correspondence to:", 7, bold=True),
        Text(36, 195, "a.author@example.org", 7),
    ]
    box = [
        Text(200, 330, "Research in context", 8.5, bold=True),
        Text(200, 342, "Evidence before this study: reviews of core outcome sets found few", 7.5),
        Text(200, 351, "trials that measured the same outcomes, so results could not be pooled.", 7.5),
    ]
    body = column_lines(200, 150, _body_lines(False), size=9, pitch=11)
    body += column_lines(200, 420, PROSE, size=9, pitch=11)
    page1 = [TITLE, Text(200, 130, "Background", 11, bold=True), *side, *body, *box]
    pages = reference_columns(TRIALS_REFERENCES, "1", top=90)
    pages[0].insert(0, Text(LEFT, 70, "References", 11, bold=True))
    path = tmp_path / "side.pdf"
    path.write_bytes(write_pdf([page1, *pages]))
    tables = load_article(path)
    text = _body(tables.article) + " ".join(tables.claims["text"])
    for furniture in ("NW1 2DA", "@example.org", "University College", "Research in context", "Evidence before"):
        assert furniture not in text
    assert "Low back pain costs health systems" in text
    assert not any("e-mail addresses or postcodes" in note for note in tables.article.notes)
    dropped = " ".join(line for _, line in tables.article.dropped_lines)
    assert "London NW1 2DA, UK" in dropped and "Research in context" in dropped  # dropped, not lost


# -- statistics are not citations -------------------------------------------------------------------------------


def test_statistics_and_units_are_exponents_not_superscript_citations(tmp_path):
    lines = [
        "Trials of exercise reduced pain^{1} and disability^{2,3} in most of the reviews.",
        "Heterogeneity was high (I^{2}=98·1%) and R^{2} was 0.4 across all of the trials^{4}.",
        "Clinics of 25 m^{2} used 10^{5} leaflets and r^{2} was low in the 3 cm^{3} samples.",
    ]
    page1 = [TITLE, Text(LEFT, 110, "Background", 11, bold=True), *column_lines(LEFT, 130, lines)]
    pages = reference_columns(TRIALS_REFERENCES[:4], "1", top=90)
    pages[0].insert(0, Text(LEFT, 70, "References", 11, bold=True))
    path = tmp_path / "stats.pdf"
    path.write_bytes(write_pdf([page1, *pages]))
    tables = load_article(path)
    body = _body(tables.article)
    assert "(I²=98·1%)" in body and "R² was" in body and "25 m² used 10⁵ leaflets and r² was" in body
    assert "3 cm³" in body
    assert sorted(set(tables.citations["cited_as"])) == ["[1]", "[2,3]", "[4]"]
    assert sorted(tables.citations["ref_id"]) == ["R01", "R02", "R03", "R04"]


@pytest.mark.parametrize(
    "size, rise, is_citation",
    [(0.65, 0.35, True), (0.65, 0.52, False), (0.42, 0.35, False)],
    ids=["set-like-the-citations", "raised-higher", "set-smaller"],
)
def test_a_superscript_set_unlike_the_articles_citations_is_not_one(size, rise, is_citation):
    """The body's citations are raised numbers of 0.65 of the text's size, 0.35 above its baseline; a
    marker in range and in order but set higher or smaller (an affiliation, a footnote) is not a citation."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines = _body_lines(True)
    y = 130 + len(lines) * 12.5
    words = "The protocol was drafted by a senior lecturer"
    marker = LEFT + stringWidth(words, "Helvetica", 10)
    after = marker + stringWidth("3", "Helvetica", 10 * size)
    page1 = [TITLE, Text(LEFT, 110, "Background", 11, bold=True), *column_lines(LEFT, 130, lines)]
    page1 += [Text(LEFT, y, words, 10), Text(marker, y, "3", 10 * size, rise=10 * rise)]
    page1 += [Text(after, y, " of the school in its first year.", 10), *column_lines(LEFT, y + 20, PROSE)]
    pages = reference_columns(TRIALS_REFERENCES, "1", top=90)
    pages[0].insert(0, Text(LEFT, 70, "References", 11, bold=True))
    article = compute_pdf_article(write_pdf([page1, *pages]))
    body = _body(article)
    assert ("senior lecturer[3] of the school" in body) is is_citation
    assert ("senior lecturer3 of the school" in body) is not is_citation
    set_apart = [note for note in article.notes if "another size or height" in note]
    assert set_apart == (
        []
        if is_citation
        else [
            "1 superscript number set in another size or height than the article's citations (3): not read as citations"
        ]
    )
    assert "manipulation[6] of the spine" in body  # the article's own citations are read all the same


def test_superscripts_are_not_citations_in_an_article_that_cites_in_brackets(tmp_path):
    lines = [
        "Back pain is common [1] and costly [2] in every country that has counted it.",
        "Most clinics^{1} offer exercise [3] and some^{2} offer manipulation [4] too.",
    ]
    page1 = [TITLE, Text(LEFT, 110, "Background", 11, bold=True), *column_lines(LEFT, 130, lines)]
    pages = reference_columns(TRIALS_REFERENCES[:4], "[1]", top=90)
    pages[0].insert(0, Text(LEFT, 70, "References", 11, bold=True))
    path = tmp_path / "footnotes.pdf"
    path.write_bytes(write_pdf([page1, *pages]))
    tables = load_article(path)
    assert sorted(tables.citations["cited_as"]) == ["[1]", "[2]", "[3]", "[4]"]


@pytest.mark.parametrize(
    "text, fmt",
    [
        (
            "<h1>Back pain</h1><p>Pooled trials agreed [1] though I<sup>2</sup> = 50% and R<sup>2</sup> was low.</p>",
            "html",
        ),
        ("# Back pain\n\nPooled trials agreed [1] though I² = 50%, χ² = 3.1 and 12 km² of land.\n", "markdown"),
    ],
)
def test_exponents_are_not_citations_in_web_pages_and_text(text, fmt):
    from litmap.parse.claims import compute_claims_and_citations
    from litmap.parse.references import compute_references

    article = compute_article(text + "\n\n## References\n\n1. " + TRIALS_REFERENCES[0] + "\n", format=fmt)
    _, citations = compute_claims_and_citations(article, compute_references(article.reference_entries()))
    assert list(citations["cited_as"]) == ["[1]"]


# -- text hygiene at the source --------------------------------------------------------------------------------


@pytest.mark.slow  # the whole run, to the GraphML file
def test_control_characters_in_a_pdf_text_layer_never_reach_the_tables_or_the_graph(tmp_path):
    from click.testing import CliRunner

    from litmap.cli import main

    data = write_pdf_with_text_layer(
        [
            "Standard outcomes help# reviews [1] and the~ trials they pool.",
            "References",
            "1. Clarke M: Standardising outcomes for clinical trials and systematic reviews$.",
            "Trials 2007, 8:39.",
        ],
        {"#": "\x07", "$": "\x01", "~": "\ud835"},
    )
    path = tmp_path / "control.pdf"
    path.write_bytes(data)
    tables = load_article(path)
    texts = [tables.article.title, *(t for _, _, t in tables.article.paragraphs)]
    texts += [t for _, t in tables.article.reference_lines] + [t for _, t in tables.article.dropped_lines]
    assert not any(CONTROL.search(text) for text in texts)
    assert tables.references["raw"].iloc[0].startswith("1. Clarke M: Standardising outcomes")
    result = CliRunner().invoke(main, ["run", str(path), "--out", str(tmp_path / "out"), "--offline", "--no-figures"])
    assert result.exit_code == 0, result.output
    assert not CONTROL.search((tmp_path / "out" / "graph.graphml").read_text(encoding="utf-8"))


def test_control_characters_are_dropped_from_web_pages_and_text():
    html = compute_article("<h1>T&#1;rust</h1><p>Empathy&#7; builds trust (Lee, 2001).</p>", format="html")
    text = compute_article("# Tr\x07ust\n\nEmpathy\x00 builds trust (Lee, 2001).\n", format="markdown")
    for article in (html, text):
        assert article.title == "Trust"
        assert not CONTROL.search(_body(article))


def test_dois_and_urls_broken_across_lines_are_rejoined():
    assert join_lines(["doi:10.1016/0022-3956", "(75)90026-6"]) == "doi:10.1016/0022-3956(75)90026-6"
    assert join_lines(["https://doi.org/10.1136/jnnp.23.1.", "56"]) == "https://doi.org/10.1136/jnnp.23.1.56"
    assert join_lines(["doi:10.1038/mp.", "2011.63"]) == "doi:10.1038/mp.2011.63"
    assert join_lines(["https://doi.org/10.1371/journal.pone.", "0001721 PMID: 18320042"]) == (
        "https://doi.org/10.1371/journal.pone.0001721 PMID: 18320042"
    )
    assert join_lines(["available at https://example.org/a.", "Accessed 2020."]) == (
        "available at https://example.org/a. Accessed 2020."
    )


def test_a_spacing_accent_standing_between_letters_is_an_apostrophe_not_an_accent():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def set_apart(x: float, before: str, after: str) -> list[Text]:
        width = stringWidth(before, "Helvetica", 10)
        accent = stringWidth("\u00b4", "Helvetica", 10)
        return [Text(x, 215, before, 10), Text(x + width, 215, "\u00b4", 10), Text(x + width + accent, 215, after, 10)]

    pieces = set_apart(LEFT, "Here the trials of treatments for back pain and ALZHEIMER", "S DISEASE are compared.")
    article = compute_pdf_article(write_pdf([[TITLE, *column_lines(LEFT, 110, PROSE), *pieces]]))
    body = _body(article)
    assert "ALZHEIMER’S DISEASE" in body and "Ś" not in body


def test_labels_set_apart_beside_every_line_are_labels_not_line_numbers():
    """One-line entries whose labels are separate fragments right against them (every row numbered,
    as a Lancet list in small type can be) keep their labels; a margin column of numbers does not."""
    from litmap.read.pdf_columns import without_line_numbers
    from litmap.read.pdf_lines import Line

    def row(y: float, label_x: float, text_x: float, n: int) -> list[Line]:
        return [
            Line(1, label_x, label_x + 6, y, 7, spans=[(str(n), "")]),
            Line(1, text_x, 500, y, 7, spans=[("x", "")]),
        ]

    labels = [line for n in range(1, 13) for line in row(100 + 9 * n, 56, 66, n)]
    kept, numbers = without_line_numbers(labels)
    assert numbers == [] and len(kept) == 24
    margin = [line for n in range(1, 13) for line in row(100 + 9 * n, 30, 86, n)]
    kept, numbers = without_line_numbers(margin)
    assert len(numbers) == 12


# -- pages set sideways ------------------------------------------------------------------------------------------


def test_a_table_set_sideways_is_read_as_a_table_never_as_body_sentences(tmp_path):
    """Page 2 holds a wide table turned 90° (its rows cite [5] to [8]); page 1 has a banner up its margin.
    The table's rows link to their entries, its cells stay out of the body, and a note says so."""
    body = [
        "Low back pain costs health systems a great deal [1] and care differs [2] by country.",
        "Treatments show similar effects in primary care [3] and reviews [4] agree on this.",
        "Table 1 lists the trials of exercise and of manipulation that the review included.",
    ]
    banner = Text(100, -40, "Downloaded from the publisher's site on 7 December 2026", 8, turn=90)
    page1 = [TITLE, Text(LEFT, 110, "Background", 11, bold=True), *column_lines(LEFT, 130, body + PROSE), banner]
    table = [Text(60, 50, "Table 1. The trials of the review, with their sample sizes and references.", 8)]
    for column, x in (("Study", 60), ("Patients", 260), ("Outcome", 360), ("Reference", 700)):
        table.append(Text(x, 75, column, 7, bold=True, turn=90))
    rows = [
        ("Trial of walking", "120", "pain"),
        ("Trial of yoga", "88", "function"),
        ("Trial of manipulation", "64", "pain"),
    ]
    rows.append(("Trial of exercise classes", "210", "return to work"))
    for index, (study, patients, outcome) in enumerate(rows):
        y = 95 + 14 * index
        table += [Text(60, y, study, 7, turn=90), Text(260, y, patients, 7, turn=90)]
        table += [Text(360, y, outcome, 7, turn=90), Text(700, y, f"[{5 + index}]", 7, turn=90)]
    for piece in table:
        piece.turn = 90
    pages = reference_columns(TRIALS_REFERENCES[:8], "1", top=90)
    pages[0].insert(0, Text(LEFT, 70, "References", 11, bold=True))
    path = tmp_path / "sideways.pdf"
    path.write_bytes(write_pdf([page1, table, *pages]))
    tables = load_article(path)
    text = _body(tables.article)
    assert "Trial of yoga" not in text and "Patients" not in text and "Downloaded" not in text
    assert sorted(set(tables.citations["ref_id"])) == [f"R{n:02d}" for n in range(1, 9)]
    sideways = [note for note in tables.article.notes if "set sideways" in note]
    assert len(sideways) == 1 and sideways[0].startswith("page 2 is set sideways (turned 90°")
    dropped = " ".join(line for _, line in tables.article.dropped_lines)
    assert "Downloaded from the publisher's site" in dropped and "Trial of yoga" in dropped


def test_a_document_set_sideways_throughout_is_read_as_an_article():
    """Every page turned (a document made in landscape and rotated): its pages are its pages, not tables."""
    lines = column_lines(LEFT, 130, _body_lines(False) + PROSE)
    page = [Text(LEFT, 70, TITLE.text, 16, bold=True), Text(LEFT, 110, "Background", 11, bold=True), *lines]
    pages = reference_columns(TRIALS_REFERENCES, "1", top=90)
    pages[0].insert(0, Text(LEFT, 70, "References", 11, bold=True))
    for piece in [*page, *(piece for list_page in pages for piece in list_page)]:
        piece.turn = 90
    article = compute_pdf_article(write_pdf([page, *pages]))
    assert article.title == TITLE.text
    assert "manipulation [6] of the spine" in _body(article)
    assert len(_entries(article)) == 12
    assert not [note for note in article.notes if "sideways" in note]


# -- known misreads of real PDFs (CC BY, in tests/data) ------------------------------------------------------

#: Metabolites 2014 (CC BY 4.0), copied from ../shared/corpus-pdf with its attribution in tests/data/README.md.
METABOLITES_PDF = Path(__file__).resolve().parent / "data" / "metabolites-2014-fusarium-wheat-volatiles.pdf"


def test_a_symbol_written_with_its_index_again_and_again_is_not_a_citation():
    """Metabolites 2014 writes a model's components "t[1]" and "to[1]" (orthogonal); only "[1–3]" cites entry 1."""
    tables = load_article(METABOLITES_PDF)
    body = _body(tables.article)
    assert body.count("to[1]") >= 3  # the notation is read as printed
    first = tables.citations.loc[tables.citations["ref_id"] == "R01", "claim_id"]
    cited = tables.claims.set_index("claim_id").loc[first, "text"]
    assert len(cited) == 1 and "North America [1–3]" in cited.iloc[0]
    assert not tables.claims.loc[tables.claims["text"].str.contains("to[1]", regex=False), "n_citations"].any()


def test_a_word_glued_to_a_bracket_once_still_cites():
    from litmap.parse.citations import compute_index_symbols, find_citations

    text = ["Component to[1] is orthogonal.", "The to[1] scores differ.", "Only to[1] varies."]
    symbols = compute_index_symbols([*text, "This agrees with Smith and according to[2] it holds."])
    assert symbols == frozenset({"to"})
    assert [c.cited_as for c in find_citations("Component to[1] is orthogonal.", symbols=symbols)] == []
    assert [c.number for c in find_citations("It holds, according to[2].")] == [2]
    assert [c.number for c in find_citations("Component to[1] is orthogonal.")] == [1]  # without the article's symbols
    assert compute_index_symbols(["Smith et al[12] found it, as Smith et al[12] and Smith et al[12] said"]) == set()


# -- watermarks -----------------------------------------------------------------------------------------------

_STAMPS = ("Downloaded from https://journals.example.org", "For personal use only")


def _stamped(page: list[Text], number: int) -> list[Text]:
    """A page with the stamps a download service adds: a banner up the margin, a line at the foot, a diagonal."""
    return [
        *page,
        Text(150, 22, f"{_STAMPS[0]} by guest on 7 December 2026. Protected by copyright.", 7, turn=90),
        Text(LEFT, 825, f"{_STAMPS[1]}. Page {number}", 7),
        Text(150, 600, _STAMPS[1].upper(), 40, turn=45),
    ]


@pytest.mark.parametrize("pages", [1, 3])
def test_download_stamps_and_watermarks_stay_out_of_the_body_and_the_list_and_nothing_else_goes(tmp_path, pages):
    """Download stamps and watermarks are dropped from the body and the reference list, on a one-page
    article (nothing repeats to mark them) and on three pages; a sentence of the body that says
    "downloaded from … on" is no stamp and stays."""
    said = "Data were downloaded from the trial registry on 3 May 2019 and checked twice [1]."
    body = [said, *_body_lines(False)[1:]]
    page1 = [TITLE, Text(LEFT, 110, "Background", 11, bold=True), *column_lines(LEFT, 130, body + PROSE)]
    if pages == 1:
        listed = reference_columns(TRIALS_REFERENCES, "1.", top=330, per_column=6)
        page1 += [Text(LEFT, 315, "References", 11, bold=True), *listed[0]]
        printed = [page1]
    else:
        listed = reference_columns(TRIALS_REFERENCES, "1.", top=90, per_column=3)
        listed[0].insert(0, Text(LEFT, 70, "References", 11, bold=True))
        printed = [page1, *listed]
    path = tmp_path / "stamped.pdf"
    path.write_bytes(write_pdf([_stamped(page, n) for n, page in enumerate(printed, start=1)]))
    tables = load_article(path)
    article = tables.article
    assert article.title == TITLE.text
    assert [_unlabelled(entry) for entry in _entries(article)] == TRIALS_REFERENCES
    text = _body(article)
    assert not any(stamp.lower() in text.lower() for stamp in _STAMPS)
    assert said in text
    assert not any(stamp.lower() in claim.lower() for claim in tables.claims["text"] for stamp in _STAMPS)
    dropped = " ".join(line for _, line in article.dropped_lines)
    assert _STAMPS[0] in dropped and _STAMPS[1] in dropped


# -- short lists: a letter's or an editorial's one or two entries ------------------------------------------------


@pytest.mark.parametrize("style", sorted(LABELS))
@pytest.mark.parametrize("count", [1, 2])
@pytest.mark.parametrize("one_line", [True, False])
def test_a_list_of_one_or_two_entries_gives_each_whole(style, count, one_line):
    """Two labelled entries of one line each were read as one entry (labels count only from three in
    sequence), and one entry of three lines as two (an author-like line, "Spine J 2008", after a full stop)."""
    entries = [entry for entry in TRIALS_REFERENCES if (len(entry) < 120) == one_line][:count]
    page = [TITLE, Text(LEFT, 110, "Background", 11, bold=True), *column_lines(LEFT, 130, PROSE)]
    listed = reference_columns(entries, style, top=330, per_column=6, width=520 if one_line else 225)
    page += [Text(LEFT, 315, "References", 11, bold=True), *listed[0]]
    article = compute_pdf_article(write_pdf([page]))
    assert [_unlabelled(entry) for entry in _entries(article)] == entries


# -- what follows a list, or stands amid it --------------------------------------------------------------------

_TABLE = [Text(LEFT, 70, "Table 1. Characteristics of the included trials", 9, bold=True)] + [
    Text(x, 95 + 12 * row, value, 7)
    for row, values in enumerate([("Trial of walking", "120", "2010"), ("Trial of yoga", "88", "2012")])
    for x, value in zip((LEFT, 250, 450), values)
]


def _list_pages(style: str, after: list[Text] | None = None, *, float_at: int | None = None) -> bytes:
    """Page 1 the body; then the list (in one column a page) with ``after`` on a page of its own after it, or a
    table set at the top of a page amid it, before entry ``float_at``."""
    page1 = [TITLE, Text(LEFT, 110, "Background", 11, bold=True), *column_lines(LEFT, 130, _body_lines(False) + PROSE)]
    whole = reference_columns(TRIALS_REFERENCES, style, top=90, per_column=12)[0]
    whole.insert(0, Text(LEFT, 70, "References", 11, bold=True))
    if float_at is None:
        return write_pdf([page1, whole, *([after] if after else [])])
    cut = next(p.y for p in whole if _unlabelled(p.text).startswith(TRIALS_REFERENCES[float_at - 1][:15]))
    rest = [Text(p.x, p.y - cut + 200, p.text, p.size) for p in whole if p.y >= cut]
    return write_pdf([page1, [p for p in whole if p.y < cut], [*_TABLE, *rest]])


@pytest.mark.parametrize("style", ["1.", "none"])
@pytest.mark.parametrize(
    "after",
    [
        _TABLE,
        [
            Text(LEFT, 70, "Acknowledgements", 9),
            *column_lines(LEFT, 85, ["We thank the staff of the clinics in 2019."], size=7),
        ],
        [Text(LEFT, 70, "Figure legends", 9), *column_lines(LEFT, 85, ["Figure 1. Flow of trials, 2019."], size=7)],
    ],
    ids=["table", "acknowledgements", "legends"],
)
def test_a_table_or_a_back_matter_section_after_the_list_is_no_entry(style, after):
    """A table after the list (its caption, then rows in the list's type), or a section after it whose heading
    is set like plain text ("Acknowledgements", "Figure legends"): neither runs into the list's last entries."""
    article = compute_pdf_article(_list_pages(style, after))
    assert [_unlabelled(entry) for entry in _entries(article)] == TRIALS_REFERENCES


@pytest.mark.parametrize("style", ["1.", "[1]", "none"])
def test_a_table_set_amid_the_list_stays_out_of_it_and_the_list_goes_on(style):
    article = compute_pdf_article(_list_pages(style, float_at=7))
    assert [_unlabelled(entry) for entry in _entries(article)] == TRIALS_REFERENCES
    assert "Trial of yoga" in " ".join(text for _, text in article.dropped_lines)


def test_a_list_that_starts_at_the_top_of_the_second_column_leaves_the_body_its_size(tmp_path):
    """A short article: its body fills the left column, its list starts at the top of the right one, under a
    long byline in larger type. The body's size is measured on the text read before the list's heading, and
    the whole left column is read before it, though it runs lower on the page: counting only what stands
    above the heading, the byline's size was taken for the body's and no article text was found."""
    byline = wrap(", ".join(f"{letter} Author" for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" * 2), 470, 10)
    body = wrap(" ".join(_body_lines(False)[:2] + PROSE), 220, 8.5)
    page = [TITLE, *column_lines(LEFT, 95, byline), Text(LEFT, 170, "Background", 10, bold=True)]
    page += column_lines(LEFT, 185, body, size=8.5, pitch=10.5)
    listed = reference_columns(TRIALS_REFERENCES, "1", top=185, per_column=12, width=230)
    page += [Text(RIGHT, 170, "References", 10, bold=True)]
    page += [Text(p.x - LEFT + RIGHT, p.y, p.text, p.size) for p in listed[0]]
    path = tmp_path / "short.pdf"
    path.write_bytes(write_pdf([page]))
    tables = load_article(path)
    assert [_unlabelled(entry) for entry in _entries(tables.article)] == TRIALS_REFERENCES
    assert "When each trial chooses its own outcomes" in _body(tables.article)
    assert sorted(set(tables.citations["ref_id"])) == ["R01", "R02", "R03", "R04"]
