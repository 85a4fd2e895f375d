"""Faults found by the third round of held-out synthetic layouts (benchmarks/pdf_layouts.py: nejm-hang,
tandf-head), each pinned by a PDF the test draws with the CC BY reference entries of tests/data.
"""

from __future__ import annotations

import pytest
from pdf_fixtures import (
    LEFT,
    TRIALS_BODY,
    TRIALS_REFERENCES,
    TRIALS_TITLE,
    Text,
    column_lines,
    justified,
    unlabelled,
    wrap,
    write_pdf,
)
from reportlab.pdfbase.pdfmetrics import stringWidth

from litmap.read.pdf_pages import compute_pdf_article
from litmap.read.pdf_text import join_lines


@pytest.mark.parametrize("gap", [15.0, 18.0])
@pytest.mark.parametrize("label", ["{n}.", "[{n}]"])
def test_labels_hanging_in_the_gutter_keep_the_columns_of_the_list_apart(label, gap):
    """NEJM-like: three justified columns of 6.5 pt entries, every line flush with its column and the labels
    set outside it, right-aligned in the margin or in the gutter beside the column before. The labels fill
    the gutter, so no strip of the page was empty between the columns: the list was read across them
    (7 of 22 such lists counted right)."""
    size, width = 6.5, (595 - 2 * LEFT - 2 * gap) / 3
    page = [
        TRIALS_TITLE,
        *column_lines(LEFT, 110, TRIALS_BODY, size=9, pitch=11),
        Text(LEFT, 180, "References", 11, bold=True),
    ]
    for column, numbers in enumerate([range(1, 5), range(5, 9), range(9, 13)]):
        x, y = LEFT + column * (width + gap), 200.0
        for n in numbers:
            text = label.format(n=n)
            page.append(Text(x - 0.3 * size - stringWidth(text, "Helvetica", size), y, text, size))
            lines = wrap(TRIALS_REFERENCES[n - 1], width, size)
            for i, line in enumerate(lines):
                page += justified(x, y, line.split(), width, size) if i < len(lines) - 1 else [Text(x, y, line, size)]
                y += size * 1.2
    article = compute_pdf_article(write_pdf([page]))
    assert [unlabelled(text) for _, text in article.reference_entries()] == TRIALS_REFERENCES


@pytest.mark.parametrize("labelled", [False, True])
def test_a_running_head_that_changes_from_page_to_page_is_no_entry(labelled):
    """Taylor & Francis: over the text of every page after the first, in the list's type, the page number
    and the authors ("2  A. CHIAROTTO ET AL.") on even pages, the journal and the number on odd ones. A short
    article never repeats either, so neither was known for a running head: the journal's name became an
    entry, and an entry broken by the page break lost its start or its end."""
    size, pitch, hang = 8.5, 10.5, 12.0
    pages: list[list[Text]] = [
        [
            TRIALS_TITLE,
            *column_lines(LEFT, 110, TRIALS_BODY * 6, size=10, pitch=12.5),
            Text(LEFT, 500, "References", 11, bold=True),
        ]
    ]
    y = 520.0
    for n, entry in enumerate(TRIALS_REFERENCES, start=1):
        lines = wrap(f"{n}. {entry}" if labelled else entry, 460, size)
        for i, line in enumerate(lines):
            if y > 790 or (n in (5, 10) and i == 1):  # entries 5 and 10 broken by a page break
                pages.append([])
                y = 80.0
            pages[-1].append(Text(LEFT + (hang if i else 0), y, line, size))
            y += pitch
    author, journal = "A. CHIAROTTO ET AL.", "JOURNAL OF LAYOUT TESTS"
    for number, page in enumerate(pages[1:], start=2):
        if number % 2 == 0:
            page += [Text(LEFT, 56, str(number), size), Text(LEFT + 24, 56, author, size)]
        else:
            right = 595 - LEFT
            page.append(Text(right - stringWidth(str(number), "Helvetica", size), 56, str(number), size))
            page.append(Text(right - 24 - stringWidth(journal, "Helvetica", size), 56, journal, size))
    assert len(pages) == 3
    article = compute_pdf_article(write_pdf(pages))
    assert [unlabelled(text) for _, text in article.reference_entries()] == TRIALS_REFERENCES
    dropped = " ".join(text for _, text in article.dropped_lines)
    assert author in dropped and journal in dropped


#: A JAMA-like side column of article information (made up: no bibliographic facts), paragraph by paragraph.
ARTICLE_INFORMATION = [
    "ARTICLE INFORMATION",
    "Accepted for Publication: March 2, 2026.",
    "Published: April 29, 2026. doi:10.1001/example.2026.5308",
    "Open Access: This is an open access article distributed under the terms of the CC-BY License.",
    "Corresponding Author: A Author, MD, Department of Clinical Sciences, Example University, 12 Sample Road, "
    "Example City, MA 02115 (a.author@example.org).",
    "Conflict of Interest Disclosures: None reported.",
]


@pytest.mark.parametrize("split", [6, 9])
def test_a_side_column_at_the_right_of_the_list_is_no_part_of_its_entries(split):
    """JAMA Network-like, mirrored (pdf_layouts.py, keypoints-right): on the list's page, beside its two
    columns, a narrow column of article information at the page's right, read after them: its lines ran into
    the last entry ("Cressey D (2008) Pentagon goes psycho. Nature News Blog. ARTICLE INFORMATION Accepted for
    …"), or into the middle of an entry that goes on over the page."""
    size, width = 7.0, 175.0
    pages: list[list[Text]] = [[TRIALS_TITLE, *column_lines(LEFT, 110, TRIALS_BODY * 4, size=9, pitch=11)], []]
    pages[1].append(Text(LEFT, 80, "REFERENCES", 10.5, bold=True))
    columns = [(LEFT, 93.0), (LEFT + width + 12, 93.0)]
    column = 0
    for n, entry in enumerate(TRIALS_REFERENCES, start=1):
        if n == split + 1:
            column = 1
        x, y = columns[column]
        for i, line in enumerate(wrap(f"{n}. {entry}", width - 8, size)):
            pages[1].append(Text(x + (8 if i else 0), y, line, size))
            y += size * 1.22
        columns[column] = (x, y + 2)
    y = 76.5
    for paragraph in ARTICLE_INFORMATION:
        for line in wrap(paragraph, 100, 6.5):
            pages[1].append(Text(437, y, line, 6.5))
            y += 6.5 * 1.22
        y += 4
    article = compute_pdf_article(write_pdf(pages))
    assert [unlabelled(text) for _, text in article.reference_entries()] == TRIALS_REFERENCES


@pytest.mark.parametrize(
    ("lines", "whole"),
    [
        (  # a SICI DOI broken before "CO;2-O", or before ";2-Y"
            ["DOI: https://doi.org/10.1002/(SICI)1097-4547(19991115)58:4<475::AID-JNR1>3.0.", "CO;2-O"],
            "10.1002/(SICI)1097-4547(19991115)58:4<475::AID-JNR1>3.0.CO;2-O",
        ),
        (
            ["Doi: http://doi.org/10.1002/(SICI)1097-4571(199507)46:6<400::AID-ASI2>3.0.CO", ";2-Y."],
            "10.1002/(SICI)1097-4571(199507)46:6<400::AID-ASI2>3.0.CO;2-Y.",
        ),
        (  # a URL broken after a full stop before a query string's piece
            ["http://citeseerx.ist.psu.edu/viewdoc/download?doi=10.1.1.97.", "5311&rep=rep1&type=pdf. Cited: 2011."],
            "download?doi=10.1.1.97.5311&rep=rep1&type=pdf. Cited: 2011.",
        ),
    ],
)
def test_a_sici_doi_or_a_query_string_broken_across_lines_is_rejoined(lines, whole):
    """pdf_layouts.py (keypoints-right): "…3.0." + "CO;2-O" and "…3.0.CO" + ";2-Y." were joined with a
    space, and so was a URL's query string after a full stop; a word after a DOI's full stop still is not."""
    assert join_lines(lines).endswith(whole)
    assert join_lines(["doi:10.1371/journal.pone.0123456.", "Accessed 2 May 2020"]).endswith(
        "0123456. Accessed 2 May 2020"
    )


@pytest.mark.parametrize("second_column", [True, False])
def test_the_last_entry_going_on_alone_at_the_head_of_the_next_column_stays_whole(second_column):
    """What the side-column rule above must leave alone (pdf_layouts.py, bmj-inline, jama-side): the list's last
    entry broken at a column's foot goes on at the head of the next column, where no label stands on that page
    (and, ``second_column`` False, where no line of the list starts on any page)."""
    size, width, gap = 7.0, 230.0, 20.0
    pages: list[list[Text]] = [[TRIALS_TITLE, *column_lines(LEFT, 110, TRIALS_BODY, size=9, pitch=11)], []]
    pages[0].append(Text(LEFT, 180, "References", 11, bold=True))
    place = [(0, LEFT, 200.0)] * 6 + [(0, LEFT + width + gap, 200.0)] * 2 + [(1, LEFT, 80.0)] * 4
    if not second_column:
        place = [(0, LEFT, 200.0)] * 6 + [(1, LEFT, 80.0)] * 6
    ys = {}
    for n, entry in enumerate(TRIALS_REFERENCES, start=1):
        page, x, top = place[n - 1]
        y = ys.get((page, x), top)
        lines = wrap(f"{n}. {entry}", width - 10, size)
        for i, line in enumerate(lines):
            if n == 12 and i == len(lines) - 1:  # the last entry's last line at the head of the next column
                x, y = LEFT + width + gap, 80.0
            pages[page].append(Text(x + (10 if i else 0), y, line, size))
            y += size * 1.25
        ys[(page, place[n - 1][1])] = y + 2
    assert len(wrap(f"12. {TRIALS_REFERENCES[11]}", width - 10, size)) >= 2
    article = compute_pdf_article(write_pdf(pages))
    assert [unlabelled(text) for _, text in article.reference_entries()] == TRIALS_REFERENCES
