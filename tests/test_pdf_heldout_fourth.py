"""Faults found by the fourth round of held-out synthetic layouts (benchmarks/pdf_layouts.py: lancet-panel,
springer-fig, notes-ay, jama-3col, doi-cols), each pinned by a PDF the test draws with the CC BY reference
entries of tests/data, and the PDF whose "%PDF-" marker stands after the first 1,024 bytes.
"""

from __future__ import annotations

import pytest
from pdf_fixtures import (
    LEFT,
    RIGHT,
    TRIALS_BODY,
    TRIALS_REFERENCES,
    TRIALS_TITLE,
    Text,
    column_lines,
    unlabelled,
    wrap,
    write_pdf,
)

from litmap.read.article import compute_article_from_bytes, read_article
from litmap.read.pdf import extract_pdf_text, is_pdf, pdf_start
from litmap.read.pdf_columns import running_furniture
from litmap.read.pdf_pages import compute_pdf_article

#: A boxed panel's text (remarks on method: no bibliographic facts), heading first.
PANEL = [
    ("Panel 2: Research in context", True),
    ("Evidence before this study", True),
    ("We searched bibliographic databases for studies of the question from their inception to the end of", False),
    ("last year, with no restriction on language, and screened the results in duplicate.", False),
    ("Added value of this study", True),
    ("This study pools the available evidence with a prespecified protocol and reports every outcome.", False),
    ("Implications of all the available evidence", True),
    ("Clinicians and guideline groups should weigh these findings with the quality of the studies.", False),
]


def _entry_lines(n: int, label: str, width: float, size: float) -> list[str]:
    return wrap(label.format(n=n) + TRIALS_REFERENCES[n - 1], width - 8, size)


def _entries_in_columns(columns: list[tuple[float, float]], numbers: list[range], width: float, size: float, label):
    """Pieces of the entries ``numbers[i]`` set from ``columns[i]`` (x, top), hanging indent of 8 points."""
    pieces = []
    for (x, y), chosen in zip(columns, numbers):
        for n in chosen:
            for i, line in enumerate(_entry_lines(n, label, width, size)):
                pieces.append(Text(x + (8 if i else 0), y, line, size))
                y += size * 1.22
            y += 1.5
    return pieces


@pytest.mark.parametrize("label", ["{n} ", "{n}. "])
def test_a_boxed_panel_at_the_top_of_a_list_column_keeps_the_entries_under_it(label):
    """Lancet-like (lancet-panel): a boxed panel at the top of the list's middle column, the entries flowing
    under it, the first of them the rest of an entry the column break cut. The panel's bold heading ended the
    list, so the entries under it were lost (5 of 22 lists counted right; said in a note, but lost): now the
    label due is looked for past such a box, the box stays out and the entry's rest joins it."""
    size, width, gap = 6.5, 150.0, 12.0
    xs = [LEFT + k * (width + gap) for k in range(3)]
    page = [TRIALS_TITLE, *column_lines(LEFT, 110, TRIALS_BODY, size=9, pitch=11)]
    page.append(Text(LEFT, 190, "References", 11, bold=True))
    y = 212.0
    for text, bold in PANEL:
        for line in wrap(text, width - 8, 7.5):
            page.append(Text(xs[1] + 4, y, line, 8.5 if text.startswith("Panel") else 7.5, bold=bold))
            y += 9.2
        y += 3 if bold else 5
    page += _entries_in_columns([(xs[0], 212.0)], [range(1, 5)], width, size, label)
    fifth = _entry_lines(5, label, width, size)
    top = 212.0 + sum(len(_entry_lines(n, label, width, size)) * size * 1.22 + 1.5 for n in range(1, 5))
    page += [Text(xs[0] + (8 if i else 0), top + i * size * 1.22, line, size) for i, line in enumerate(fifth[:2])]
    page += [Text(xs[1] + 8, y + 14 + i * size * 1.22, line, size) for i, line in enumerate(fifth[2:])]
    y += 14 + len(fifth[2:]) * size * 1.22 + 1.5
    page += _entries_in_columns([(xs[1], y), (xs[2], 212.0)], [range(6, 9), range(9, 13)], width, size, label)
    assert len(fifth) > 2
    article = compute_pdf_article(write_pdf([page]))
    entries = [unlabelled(text) for _, text in article.reference_entries()]
    assert entries == TRIALS_REFERENCES
    assert not any("Evidence before" in entry or "pools the available" in entry for entry in entries)


def test_a_figure_set_in_the_first_column_amid_the_list_leaves_the_order_of_the_entries():
    """Springer-like (springer-fig): a figure and its caption set in the left column between two entries, the
    right column holding only the list's last entries and ending above the figure. The empty band under the
    figure cut the page across, so the right column was read before the entries under the caption."""
    size, width, gap = 7.5, 235.0, 14.0
    page = [TRIALS_TITLE, *column_lines(LEFT, 110, TRIALS_BODY, size=9, pitch=11)]
    page.append(Text(LEFT, 180, "References", 11, bold=True))
    page += _entries_in_columns([(LEFT, 200.0)], [range(1, 5)], width, size, "{n}. ")
    caption = "Fig. 2 Forest plot of the primary outcome by study, with the pooled estimate of a random-effects model"
    y = 420.0  # under a figure (a frame with no text) that fills the column from about 290 to 410
    for line in wrap(caption, width, 8.5):
        page.append(Text(LEFT, y, line, 8.5, bold=line.startswith("Fig.")))
        y += 10.5
    page += _entries_in_columns(
        [(LEFT, y + 8), (LEFT + width + gap, 200.0)], [range(5, 10), range(10, 13)], width, size, "{n}. "
    )
    article = compute_pdf_article(write_pdf([page]))
    assert [unlabelled(text) for _, text in article.reference_entries()] == TRIALS_REFERENCES


def test_the_section_named_in_a_running_foot_is_no_heading_of_the_list():
    """Springer-like (springer-fig): the running foot names the page's section ("References" on the list's
    pages) beside the journal's mark ("1 3") that every page repeats. On a short article no other page repeats
    the section's name, so it was no running foot but text read under the list's first column, which ends just
    over it, as a second "References" heading (3 entries of one list lost): now a piece on the baseline of a
    running foot, set apart from the text, is part of it."""
    size, width = 8.5, 225.0
    height = sum(len(_entry_lines(n, "{n}. ", width, size)) * size * 1.22 + 1.5 for n in range(1, 8))
    top = 795.0 - height
    pages = [
        [TRIALS_TITLE, *column_lines(LEFT, 110, TRIALS_BODY * 8, size=9.5, pitch=12)],
        [
            *column_lines(LEFT, 80, TRIALS_BODY * 3, size=9.5, pitch=12),
            Text(LEFT, top - 20, "References", 10.5, bold=True),
        ],
    ]
    pages[1] += _entries_in_columns([(LEFT, top), (RIGHT, top)], [range(1, 8), range(8, 13)], width, size, "{n}. ")
    for number, page in enumerate(pages, start=1):
        foot = "References" if number == 2 else "Original Article"
        page += [Text(LEFT, 815, foot, 7), Text(290, 815, "1 3", 9, bold=True)]
    assert top - 20 > 80 + 15 * 12
    data = write_pdf(pages)
    document = extract_pdf_text(data)
    lines_of = [list(page.lines) for page in document.pages]
    furniture = running_furniture(document.pages, lines_of)
    feet = [line.text for lines in lines_of for line in lines if line.y > 800 and id(line) in furniture]
    assert sorted(feet) == ["1 3", "1 3", "Original Article", "References"]
    article = compute_pdf_article(data)
    assert [unlabelled(text) for _, text in article.reference_entries()] == TRIALS_REFERENCES


def test_the_lists_heading_at_a_pages_top_is_no_running_head_when_the_feet_say_references():
    """springer-fig: the list starts at the top of a page under "References" and goes on over the next page,
    whose running foot also says "References". The heading's words repeated at pages' edges, so it was dropped
    as furniture and the list read as one with no heading (a note on 2 of 22 lists): a running head or foot
    repeats at the same edge of the page."""
    size, width = 8.0, 225.0
    pages = [
        [TRIALS_TITLE, *column_lines(LEFT, 110, TRIALS_BODY * 8, size=10, pitch=12.5)],
        [Text(LEFT, 76, "References", 11, bold=True)],
        [],
    ]
    pages[1] += _entries_in_columns([(LEFT, 96.0), (RIGHT, 96.0)], [range(1, 6), range(6, 10)], width, size, "{n}. ")
    pages[2] += _entries_in_columns([(LEFT, 76.0)], [range(10, 13)], width, size, "{n}. ")
    for number, page in enumerate(pages, start=1):
        foot = "References" if number > 1 else "Original Article"
        page += [Text(LEFT, 815, foot, 7), Text(290, 815, "1 3", 9, bold=True)]
    article = compute_pdf_article(write_pdf(pages))
    assert [unlabelled(text) for _, text in article.reference_entries()] == TRIALS_REFERENCES
    assert not any("no reference-list heading" in note for note in article.notes)


NOTES = [
    "The terms used for the outcomes follow those of the study protocol throughout this article.",
    "Participants could give more than one reason, so the percentages do not add up to 100.",
    "All analyses were repeated without the two smallest studies; the estimates did not change materially.",
]


def test_numbered_notes_before_the_references_are_no_entries():
    """SAGE-like (notes-ay): "Notes" with numbered remarks on method before "References". "Notes" opens a
    reference region too (endnotes may cite), and the earlier heading of two that reach the same end was
    taken: the notes became the list's first entries, silently (4 of 11 lists)."""
    size = 8.5
    page = [
        TRIALS_TITLE,
        *column_lines(LEFT, 110, TRIALS_BODY, size=9.5, pitch=12),
        Text(LEFT, 190, "Notes", 10.5, bold=True),
    ]
    y = 208.0
    for n, note in enumerate(NOTES, start=1):
        page.append(Text(LEFT, y, f"{n}. {note}", size))
        y += size * 1.3
    page.append(Text(LEFT, y + 12, "References", 10.5, bold=True))
    y += 30
    for entry in TRIALS_REFERENCES:
        for i, line in enumerate(wrap(entry, 460, size)):
            page.append(Text(LEFT + (12 if i else 0), y, line, size))
            y += size * 1.25
    article = compute_pdf_article(write_pdf([page]))
    assert [text for _, text in article.reference_entries()] == TRIALS_REFERENCES


#: An entry of the CC BY OpenStax chapter in ../shared/corpus (openstax-psych2e-16-3), as printed there.
WEIL_2012 = (
    "Weil, E. (2012, March 2). Does couples therapy work? The New York Times. http://www.nytimes.com/2012/03/04/"
    "fashion/couples-therapists-confront-the-stresses-of-their-field.html?pagewanted=all&_r=0"
)


def test_an_entry_whose_last_line_hangs_alone_at_the_top_of_the_next_page_stays_whole():
    """notes-ay: in a hanging-indent list without labels, an entry's last line, the rest of its link, alone at
    the head of the next page stood, indented, as the leftmost line of its page, so it opened an entry."""
    size, pitch = 8.5, 10.5
    pages = [[TRIALS_TITLE, *column_lines(LEFT, 110, TRIALS_BODY * 20, size=10, pitch=12.5)], [], []]
    pages[1].append(Text(LEFT, 80, "References", 11, bold=True))
    y = 100.0
    for entry in TRIALS_REFERENCES:
        for i, line in enumerate(wrap(entry, 460, size)):
            pages[1].append(Text(LEFT + (12 if i else 0), y, line, size))
            y += pitch
    head, rest = WEIL_2012.split("fashion/couples-therapists-")
    pages[1] += [Text(LEFT, y, head, size), Text(LEFT + 12, y + pitch, "fashion/couples-therapists-", size)]
    pages[2].append(Text(LEFT + 12, 80, rest, size))
    article = compute_pdf_article(write_pdf(pages))
    assert [text for _, text in article.reference_entries()] == [*TRIALS_REFERENCES, WEIL_2012]


#: The CC BY test article's own reference (tests/data/README.md): a long author list.
CHIAROTTO_2014 = (
    "Chiarotto A, Terwee CB, Deyo RA, Boers M, Lin C-WC, Buchbinder R, Corbin TP, Costa LOP, Foster NE, Grotle M, "
    "Koes BW, Kovacs FM, Maher CG, Pearson AM, Peul WC, Schoene ML, Turk DC, van Tulder MW, Ostelo RW: A core "
    "outcome set for clinical trials on non-specific low back pain: study protocol for the development of a core "
    "domain set. Trials 2014, 15:511."
)


def test_a_column_that_only_goes_on_with_one_long_entry_is_kept():
    """JAMA-like (jama-3col, doi-cols): three columns of 6.5 pt entries where one long entry fills the whole
    middle column. No label stands in it and its lines start where no entry's do, so it was taken for a side
    column of article information and dropped: the entry lost most of its authors, silently."""
    size, width, gap, per_column = 6.5, 150.0, 12.0, 6
    xs = [LEFT + k * (width + gap) for k in range(3)]
    references = [
        TRIALS_REFERENCES[7],
        TRIALS_REFERENCES[1],
        CHIAROTTO_2014,
        TRIALS_REFERENCES[0],
        TRIALS_REFERENCES[4],
    ]
    lines = [
        (i, line)
        for n, entry in enumerate(references, start=1)
        for i, line in enumerate(wrap(f"{n}. {entry}", width - 8, size))
    ]
    page = [TRIALS_TITLE, *column_lines(LEFT, 110, TRIALS_BODY, size=9, pitch=11)]
    page.append(Text(LEFT, 180, "References", 11, bold=True))
    for column, chunk in enumerate([lines[:per_column], lines[per_column : 2 * per_column], lines[2 * per_column :]]):
        y = 200.0
        for i, line in chunk:
            y += 2.0 if i == 0 else 0.0  # a little space before each entry
            page.append(Text(xs[column] + (8 if i else 0), y, line, size))
            y += size * 1.22
    assert all(i > 0 for i, _ in lines[per_column : 2 * per_column])  # the middle column: one entry going on
    article = compute_pdf_article(write_pdf([page]))
    assert [unlabelled(text) for _, text in article.reference_entries()] == references


def test_a_pdf_whose_marker_stands_after_the_first_kilobyte_is_read_from_it(tmp_path):
    """Many readers accept "%PDF-" anywhere near the file's start; PDFium only in the first 1,024 bytes. litmap
    reads from the marker on when it stands within 64 kB after a wrapper (a saved HTTP response, a mail or
    MacBinary header) and a PDF object follows it; text that only shows a PDF's source stays text."""
    page = [
        TRIALS_TITLE,
        *column_lines(LEFT, 110, TRIALS_BODY, size=10, pitch=12.5),
        Text(LEFT, 200, "References", 11, bold=True),
    ]
    page += [Text(LEFT, 220 + 12 * n, f"{n + 1}. {entry[:90]}", 8) for n, entry in enumerate(TRIALS_REFERENCES)]
    pdf = write_pdf([page])
    for wrapper in (b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n" * 30 + b"\r\n", bytes(3000)):
        data = wrapper + pdf
        assert data.find(b"%PDF-") > 1024 and pdf_start(data) == len(wrapper)
        assert len(compute_article_from_bytes(data, source="wrapped.pdf").reference_entries()) == 12
        (tmp_path / "wrapped.pdf").write_bytes(data)
        assert len(read_article(tmp_path / "wrapped.pdf").reference_entries()) == 12
    source = "# How a PDF starts\n\n" + "Some prose about files. " * 60 + "\n\n    %PDF-1.7\n    1 0 obj\n    << >>\n"
    assert not is_pdf(source.encode()) and pdf_start(source.encode()) is None
