"""Faults found by the fifth round of held-out synthetic layouts (benchmarks/pdf_layouts.py: nature-methods, oup,
annals, cell-star, lancet-mid) and the two leftovers of the fourth (sage-apa's list going on at the top of the
next column; a figure's label read as a section's heading in br-j-clin-pharmacol), each pinned by a PDF the test
draws with the CC BY reference entries of tests/data.
"""

from __future__ import annotations

import pytest
from pdf_fixtures import (
    LEFT,
    RIGHT,
    TRIALS_BODY,
    TRIALS_REFERENCES,
    TRIALS_TITLE,
    Box,
    Text,
    column_lines,
    unlabelled,
    wrap,
    write_pdf,
)

from litmap.read.pdf_columns import LayoutBlock
from litmap.read.pdf_lines import Line
from litmap.read.pdf_pages import compute_pdf_article
from litmap.read.pdf_reference_list import find_reference_list


def _entries(article) -> list[str]:
    return [unlabelled(text) for _, text in article.reference_entries()]


def _set_entries(x: float, y: float, numbers, *, width: float, size: float, label: str = "{n}. ", pitch=None):
    """Entries ``numbers`` (1-based) of TRIALS_REFERENCES set from (x, y), hanging 8 points: pieces, next y."""
    pitch = pitch or size * 1.22
    pieces = []
    for n in numbers:
        for i, line in enumerate(wrap(label.format(n=n) + TRIALS_REFERENCES[n - 1], width - 8, size)):
            pieces.append(Text(x + (8 if i else 0), y, line, size))
            y += pitch
        y += 1.5
    return pieces, y


def test_a_list_that_goes_on_after_the_methods_keeps_its_second_part():
    """Nature: the main list (1-8), an "Online content" box, then Methods whose citations go on with the
    numbering and "Methods references" from 9, then "Acknowledgements" run in bold. Only the longer part was the
    list (8 entries; the Methods' citations of 9-12 "past the end of the list"): now a later part under a
    reference heading whose labels go on from the list's last is the list's too, and a back-matter name run in
    bold ends it."""
    width, size = 480.0, 8.0
    page = [TRIALS_TITLE, *column_lines(LEFT, 110, TRIALS_BODY[:4], size=9, pitch=11)]
    page.append(Text(LEFT, 170, "References", 11, bold=True))
    entries, y = _set_entries(LEFT, 186, range(1, 9), width=width, size=size)
    page += entries
    page.append(Text(LEFT, y + 8, "Online content", 9, bold=True))
    note = "Any methods, additional references, source data and statements of data availability are available online."
    page.append(Text(LEFT, y + 20, note, 8))
    y += 48
    page.append(Text(LEFT, y, "Methods", 11, bold=True))
    page += column_lines(LEFT, y + 15, [TRIALS_BODY[4].replace("[11, 12]", "[11,12]")], size=9, pitch=11)
    page.append(Text(LEFT, y + 40, "Methods references", 10, bold=True))
    entries, y = _set_entries(LEFT, y + 55, range(9, 13), width=width, size=size)
    page += entries
    page += [Text(LEFT, y + 6, "Acknowledgements", size, bold=True)]
    page += [Text(LEFT + 70, y + 6, "We thank the participants and the staff of the clinics that took part.", size)]
    article = compute_pdf_article(write_pdf([page]))
    assert _entries(article) == TRIALS_REFERENCES
    body = " ".join(text for _, _, text in article.paragraphs)
    assert "Core sets need care" in body and "Online content" not in body
    assert not any("[past the end" in note for note in article.notes)


def test_an_entry_that_runs_through_a_whole_column_is_no_side_column():
    """An entry so long (hundreds of authors) that it fills the next column and goes on over the page: that
    column, with no label and standing where no line of the list starts, was read as a side column beside the
    list and its lines were lost. A column that the list's text before it and its own last line leave
    mid-entry, the list going on after it with no label, is the entry's."""
    size, width = 7.0, 110.0
    lines = wrap("4. " + TRIALS_REFERENCES[3], width - 8, size)
    # a break where a line ends with a word or a comma, as a long author list breaks
    cut = next(i for i in range(2, len(lines) - 5) if lines[i][-1:].isalpha() or lines[i].endswith(","))
    rest = next(i for i in range(cut + 5, len(lines)) if lines[i - 1][-1:].isalpha() or lines[i - 1].endswith(","))
    first = [TRIALS_TITLE, *column_lines(LEFT, 110, TRIALS_BODY, size=9, pitch=11)]
    first.append(Text(LEFT, 190, "References", 11, bold=True))
    entries, y = _set_entries(LEFT, 206, range(1, 4), width=width, size=size)
    first += entries
    first += [Text(LEFT + (8 if i else 0), y + i * size * 1.22, lines[i], size) for i in range(cut + 1)]
    first += [Text(LEFT + 160 + 8, 206 + k * size * 1.22, lines[i], size) for k, i in enumerate(range(cut + 1, rest))]
    second = [Text(LEFT + 8, 70 + k * size * 1.22, lines[i], size) for k, i in enumerate(range(rest, len(lines)))]
    entries, _ = _set_entries(LEFT, 72 + (len(lines) - rest) * size * 1.22, range(5, 13), width=width, size=size)
    second += entries
    assert rest - cut - 1 >= 4  # a column of four lines at least: what a side column holds
    article = compute_pdf_article(write_pdf([first, second]))
    assert _entries(article) == TRIALS_REFERENCES


#: Author–date entries of Eyre et al., eLife 2020;9:e60675 (CC BY 4.0), as printed there, the last one long.
AUTHOR_DATE = [
    "Folgueira MD, Munoz-Ruiperez C, Alonso-Lopez MA, Delgado R. 2020. SARS-CoV-2 infection in health care workers in a large public hospital in Madrid, Spain. medRxiv. DOI: https://doi.org/10.1101/2020.04.07.20055723",
    "Galan I, Velasco M, Casas ML, Goyanes MJ, Rodriguez-Caravaca G, Losa JE. 2020. SARS-CoV-2 seroprevalence among all workers in a teaching hospital in Spain: unmasking the risk. medRxiv. DOI: https://doi.org/10.1101/2020.05.29.20116731",
    "Hunter E, Price DA, Murphy E, van der Loeff IS, Baker KF, Lendrem D, Lendrem C, Schmid ML, Pareja-Cebrian L, Welch A, Payne BAI, Duncan CJA. 2020. First experience of COVID-19 screening of health-care workers in England. The Lancet 395:e77–e78. DOI: https://doi.org/10.1016/S0140-6736(20)30970-3",
    "Khunti K, Singh AK, Pareek M, Hanif W. 2020. Is ethnicity linked to incidence or outcomes of covid-19 BMJ 369:m1548. DOI: https://doi.org/10.1136/bmj.m1548",
    "Nguyen LH, Drew DA, Joshi AD, Guo CG, Ma W, Mehta RS. 2020. Risk of COVID-19 among frontline healthcare workers and the general community: a prospective cohort study. Epidemiology 6:20084111. DOI: https://doi.org/10.1101/2020.04.29.20084111",
    "Ran L, Chen X, Wang Y, Wu W, Zhang L, Tan X. 2020. Risk factors of healthcare workers with coronavirus disease 2019: a retrospective cohort study in a designated hospital of Wuhan in China. Clinical Infectious Diseases 49:ciaa287. DOI: https://doi.org/10.1093/cid/ciaa287",
    "Shields AM, Faustini SE, Perez-Toledo M, Jossi S, Aldera EL, Allen JD. 2020. SARS-CoV-2 seroconversion in health care workers. medRxiv. DOI: https://doi.org/10.1101/2020.05.18.20105197",
    "Williamson EJ, Walker AJ, Bhaskaran K, Bacon S, Bates C, Morton CE, Curtis HJ, Mehrkar A, Evans D, Inglesby P, Cockburn J, McDonald HI, MacKenna B, Tomlinson L, Douglas IJ, Rentsch CT, Mathur R, Wong AYS, Grieve R, Harrison D, Forbes H, Schultze A, Croker R, Parry J, Hester F, Harper S, Perera R, Evans SJW, Smeeth L, Goldacre B. 2020. Factors associated with COVID-19-related death using OpenSAFELY. Nature 584:430–436. DOI: https://doi.org/10.1038/s41586-020-2521-4",
]


def test_a_last_entry_whose_lines_all_hang_at_the_top_of_the_next_page_stays_one():
    """Oxford Academic (oup): the last entry of a hanging-indent list goes on over the page, its last lines
    alone at the head of the next page, all indented as they hang. Taken for a column of their own whose left
    edge is theirs, the lines that open with names ("Curtis HJ, Mehrkar A, …") opened entries of their own;
    now a column whose lines all stand where the same column on another page indents its lines hangs too."""
    size, width = 8.0, 230.0
    first = [TRIALS_TITLE, *column_lines(LEFT, 110, TRIALS_BODY, size=9, pitch=11)]
    first.append(Text(LEFT, 190, "References", 11, bold=True))
    y = 206.0
    for entry in AUTHOR_DATE[:-1]:
        for i, line in enumerate(wrap(entry, width - 10, size)):
            first.append(Text(LEFT + (10 if i else 0), y, line, size))
            y += size * 1.22
    last = wrap(AUTHOR_DATE[-1], width - 10, size)
    first.append(Text(LEFT, y, last[0], size))
    second = [Text(LEFT + 10, 70 + k * size * 1.22, line, size) for k, line in enumerate(last[1:])]
    assert len(last) >= 5
    article = compute_pdf_article(write_pdf([first, second]))
    assert [text for _, text in article.reference_entries()] == AUTHOR_DATE


def test_the_list_going_on_at_the_top_of_the_next_column_read_before_its_heading_is_its_end():
    """SAGE author-date (sage-apa, the fourth round's leftover): a one-page article whose list starts low in the
    first column, under the body and a table, and goes on at the top of the second column. The table's bands cut
    the page so that the second column was read amid the body, before the list's heading, and the list lost its
    end (said only by the run's cut-short note). Blocks in the list's type, read before its heading, standing
    right of the list and over it on its last page, with nothing of the page's text after the list, are its end
    (the blocks as the reading order gave them, since the fault lies in that order)."""
    size, width = 7.5, 240.0

    def block(x, y, texts, kind="text", line_size=size, bold=False):
        lines = [Line(1, x, x + width, y + k * 9.2, line_size, bold, [(text, "")]) for k, text in enumerate(texts)]
        return LayoutBlock(lines, kind)

    wrapped = [wrap(entry, width - 8, size) for entry in TRIALS_REFERENCES]
    blocks = [block(48, 143, ["Group Therapy"], "heading", 9.5, True)]
    blocks.append(block(48, 156, ["Low back pain costs health systems a great deal and care differs."], line_size=8.5))
    blocks.append(block(303, 141, wrapped[10][1:]))  # the list's end, read here
    blocks.append(block(303, 141 + 9.2 * len(wrapped[10]), wrapped[11]))
    blocks.append(block(48, 400, ["References"], "heading", 9.5, True))
    y = 413.0
    for lines in wrapped[:10]:
        blocks.append(block(48, y, lines))
        y += 9.2 * len(lines) + 1.5
    blocks.append(block(48, y, wrapped[10][:1]))
    found = find_reference_list(blocks, 8.5)
    assert found is not None and found.beside == (2, 3)
    assert not find_reference_list(blocks[:2] + blocks[4:] + [block(303, 700, ["Funding: none."])], 8.5).beside


def test_a_figure_label_set_alone_over_its_caption_names_no_section():
    """British Journal of Clinical Pharmacology: "Figure 6" set alone in 11 pt (larger than the body) over
    its caption was read as a section's heading, so the Discussion's sentences after the figure were filed
    under "Figure 6" (and the caption's text was body). The label alone is a caption, joined to the text right
    under it."""
    page = [TRIALS_TITLE, Text(LEFT, 100, "Discussion", 11, bold=True)]
    page += column_lines(LEFT, 115, TRIALS_BODY[:2], size=8.5, pitch=10.5)
    page.append(Text(LEFT, 150, "Figure 6", 11))
    caption = "Forest plot of the association of the polymorphism with the risk of the outcome in subgroups"
    page.append(Text(LEFT, 162, caption, 8))
    page.append(Text(LEFT, 172, "by study design and by the region of the study.", 8))
    page += column_lines(LEFT, 200, TRIALS_BODY[2:], size=8.5, pitch=10.5)
    page.append(Text(LEFT, 270, "References", 11, bold=True))
    entries, _ = _set_entries(LEFT, 286, range(1, 13), width=480, size=7)
    article = compute_pdf_article(write_pdf([page + entries]))
    sections = {heading for heading, _, _ in article.paragraphs}
    assert "Figure 6" not in sections
    under = [heading for heading, _, text in article.paragraphs if "Exercise helps some patients" in text]
    assert under == ["Discussion"]
    assert not any("Forest plot" in text for _, _, text in article.paragraphs)


@pytest.mark.parametrize("grey", [False, True])
def test_a_boxed_panel_beside_the_body_is_kept_out_of_its_sentences(grey):
    """A panel framed or shaded ("Research in context", "Editors' Notes", "Key messages") in type close to the
    body's: its sentences were read as the article's own claims. Text inside a drawn box narrower than the
    page's text is an aside; a frame round the whole text is no panel."""
    panel = [
        "Research in context",
        "We searched bibliographic databases for studies of the question",
        "from their inception, with no restriction on language, and screened",
        "the results in duplicate before any analysis was planned.",
    ]
    page = [TRIALS_TITLE, *column_lines(LEFT, 110, [*TRIALS_BODY, *TRIALS_BODY[:2]], size=9, pitch=11)]
    page.append(Box(RIGHT - 4, 186, 250, 56, grey=grey))
    page += [Text(RIGHT, 198 + 11 * k, line, 8.5, bold=k == 0) for k, line in enumerate(panel)]
    page.append(Text(LEFT, 270, "References", 11, bold=True))
    entries, _ = _set_entries(LEFT, 286, range(1, 13), width=480, size=7)
    article = compute_pdf_article(write_pdf([page + entries]))
    body = " ".join(text for _, _, text in article.paragraphs)
    assert "Low back pain costs" in body and "screened" not in body
    assert "Research in context" not in {heading for heading, _, _ in article.paragraphs}
    framed = compute_pdf_article(write_pdf([[Box(LEFT - 6, 60, 490, 740), *page, *entries]]))
    assert "Low back pain costs" in " ".join(text for _, _, text in framed.paragraphs)
    assert _entries(framed) == TRIALS_REFERENCES
