"""Synthetic journal layouts: real articles' text and reference lists typeset as journals print them.

The sixteen real PDFs of ``../shared/corpus-pdf`` were tuned on, so they cannot say how litmap's PDF
reading does on a layout it has never seen. This script takes the 22 real articles of
``../shared/corpus`` (their citation sentences and their true reference lists) and typesets each,
with reportlab, in the layouts clinical journals use — Lancet-like (three columns of 6.5 pt
references, bare "1" labels, superscript citations after the punctuation, a side column of
affiliations, a "Research in context" panel), BMJ, JAMA, NEJM-like, Elsevier ("[1]"), Vancouver
("(1)"), and APA author–date with hanging indents — with running headers and footers, page
numbers, a boxed panel, a table of statistics and sentences with I², R², χ², m², cm³ and 10⁵ set
as raised digits (the trap for superscript citations), hyphenated body words, DOIs and URLs broken
across lines, and a reference list that runs over a column and a page break. Fonts (a Times and a
Helvetica metric clone), type sizes, column gaps and justification vary with a fixed seed, so a run
is the same every time. PDFs go to a temporary folder (``--keep DIR`` to look at them). Later rounds
of held-out layouts (SAGE, Taylor & Francis, JAMA with a side column, manuscripts with line numbers,
preprints, NEJM-like labels hanging in the gutter, running heads that change from page to page, a
sideways HighWire stamp, a side column at the right, a research letter with a footnote; then Annals,
Cell's STAR Methods, Oxford Academic, Taylor & Francis footnotes, Nature's Methods references and a panel
amid a list) were each written before litmap read them; benchmarks/README.md records their first scores.

Each PDF is read with ``litmap.load_article`` and scored: exact entry count, entries equal to the
printed truth, field micro-F1 of the learned parser and of the rules alone (``article_scoring.py``),
citation links and statistics linked as citations (``real_pdfs.py``'s scoring), claims holding a sentence
of a box, side column, footnote or notice (text set apart from the body), tracebacks and the PDFs litmap
said it doubted. It is synthetic — a development score to find layout-general faults;
the real PDFs are the measure.

Usage::

    .venv/bin/python benchmarks/pdf_layouts.py [--layouts lancet,bmj] [--limit N] [--show ID] [--keep DIR]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import sys
import tempfile
import time
import traceback
import unicodedata
import warnings
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from article_scoring import FieldScore, score_references
from real_pdfs import STATISTIC_CITED, norm_printed, predicted_citations, prf, score_citations

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
SEED = 20261207
PAGE_W, PAGE_H = 595.0, 842.0
MARGIN = 48.0
TOP, BOTTOM = 70.0, 790.0  # the text frame, y measured down from the top of the page
MAX_SENTENCES = 45  # body sentences with citations taken from each article (the list is always whole)

# -- fonts --------------------------------------------------------------------------------------------------

_FONT_FILES = {
    "Times": "/usr/share/fonts/truetype/liberation/LiberationSerif-{}.ttf",
    "Helvetica": "/usr/share/fonts/truetype/liberation/LiberationSans-{}.ttf",
}
_FONTS: dict[tuple[str, str], str] = {}


def font_name(family: str, style: str = "Regular") -> str:
    """A registered font: the Liberation clone of Times or Helvetica (full Unicode: χ, ², accents),
    else reportlab's built-in Type 1 font (Latin-1 only; characters outside it come out wrong)."""
    key = (family, style)
    if key not in _FONTS:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        path = Path(_FONT_FILES[family].format(style))
        if path.exists():
            name = f"Lib{family}-{style}"
            pdfmetrics.registerFont(TTFont(name, str(path)))
        else:
            suffix = {"Regular": "", "Bold": "-Bold", "Italic": "-Italic"}
            base = "Times-Roman" if family == "Times" and style == "Regular" else family + suffix[style]
            name = base.replace("Helvetica-Italic", "Helvetica-Oblique")
        _FONTS[key] = name
    return _FONTS[key]


def width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font, size)


# -- layouts ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """How a journal sets an article: fonts, columns, type sizes, labels and citations."""

    name: str
    family: str = "Times"
    body_cols: int = 2
    body_size: float = 9.0
    ref_cols: int = 2
    ref_size: float = 7.0
    label: str = "1."  # "1", "1.", "[1]", "(1)" or "none" (author-date, hanging indent)
    cite: str = "sup"  # "sup" (after the punctuation), "sup-before", "bracket", "paren", "author-date"
    gap: float = 14.0
    justify: bool = True
    side_column: bool = False
    panel: str = ""  # the heading of a boxed panel, if the layout has one
    label_align: str = "left"  # "right": labels right-aligned in a column of their own, every line indented
    entry_space: float = 0.25  # space after each entry, in multiples of the reference size (0: indents only)
    stamp: str = ""  # a download stamp at the foot of every page (Taylor & Francis, HighWire)
    table_after: bool = False  # the table set after the reference list (as accepted manuscripts put it)
    hanging: float = 1.4  # an unlabelled entry's hanging indent, in multiples of the reference size (0: none)
    list_in_column: bool = False  # the list goes on in the column where the body ends, under its heading
    leading: float = 1.22  # the distance between baselines, in multiples of the type size (2: double-spaced)
    line_numbers: bool = False  # every line numbered in the left margin (an author's accepted manuscript)
    side_refs: bool = False  # the list's first page has a side column of article information at its left
    heading: str = "References"
    how_to_cite: bool = False  # after the list, in its type: "SUPPORTING INFORMATION" and "How to cite this article:"
    banner: bool = False  # a preprint server's two-line notice across the top of every page (medRxiv)
    # -- held out, third round (branch h-pdf4) --
    label_hang: bool = False  # labels set outside the text column (in the margin or the gutter), every line flush
    side_stamp: str = ""  # a download stamp set sideways along the left margin of every page (HighWire)
    line_numbers_restart: bool = False  # line numbers start again at 1 on every page (a word processor's option)
    legends_after: bool = False  # "Figure legends" in the body's type after the list (a submitted manuscript)
    furniture: str = "journal"  # "journal": header and footer; "tandf": a running head in small capitals close
    # over the text, page number at its outer edge, no footer; "word": a page number alone, centred at the foot
    doi_style: str = ""  # DOIs printed "doi:10.…" or "https://doi.org/10.…" at each entry's end (the truth's DOI)
    label_gap: float = 0.0  # a tab between label and text, in multiples of the reference size (0: a space)
    side_right: bool = False  # a side column at the right: a boxed "Key Points" on page 1, article information
    # beside the list's first page
    side_stamp_repeat: int = 1  # copies of the sideways stamp up the margin (NIH-PA: three)
    footnote: bool = False  # page 1 ends with a footnote under a short rule (corresponding author, dates)
    sentences: int = MAX_SENTENCES  # body sentences with citations (a research letter: a few)
    # -- held out, fourth round (branch h-pdf, 2026-12-07 evening) --
    list_sup_labels: bool = False  # the list's labels raised before each entry ("¹Author A, …"), Wiley-like
    supporting: bool = False  # after the list: "Supporting information", a note and "Table S1." / "Figure S1." lines
    side_notes: bool = False  # the list's first page: a margin column at the left with "Published Online" notes
    foot_section: bool = False  # the running foot names the page's section ("References" on the list's pages)
    figure_in_list: bool = False  # a figure (frame and caption) set in the list's column, the entries going on after
    list_panel: bool = False  # a boxed panel at the top of the list's middle column, the entries flowing round it
    please_cite: bool = False  # Elsevier in press: "Please cite this article as: …" at every page's foot, a head
    # in the list's type close over the text
    notes_before: bool = False  # numbered "Notes" before the list, raised note markers in the body (SAGE)
    ligatures: bool = False  # "fi", "fl" drawn as the ligature glyphs ﬁ, ﬂ and line-end hyphens as soft hyphens
    # -- held out, fifth round (branch h-pdf, 2026-12-07 late evening) --
    label_bold: bool = False  # the list's labels in bold, no full stop ("1 Author A, …" with "1" bold)
    cite_spaced: bool = False  # "(1, 2, 5–7)": a space after each comma of a citation list (Annals)
    star_methods: bool = False  # after the list: "STAR★METHODS", a key-resources table, method text that cites
    right_stamp: str = ""  # a download stamp set sideways down the right margin of every page (Oxford Academic)
    back_matter: bool = False  # "Funding", "Conflict of interest", "Data availability" run in before the list
    page_notes: bool = False  # footnotes under a short rule at the foot of body pages, raised markers in the text
    contributors: bool = False  # "Disclosure statement", "Notes on contributors", "ORCID" before the list
    methods_refs: bool = False  # Nature: the main list, an "Online content" box, a Methods section whose
    # citations go on with the numbering, and its own "References" continuing it
    list_box: bool = False  # a boxed panel amid a list column, entries above and below it


LAYOUTS = {
    "lancet": Layout("lancet", "Times", 2, 8.5, 3, 6.5, "1", "sup", 12, True, True, "Research in context"),
    "bmj": Layout("bmj", "Helvetica", 2, 8.5, 2, 7.0, "1", "sup", 14, False, False, "What this study adds"),
    "jama": Layout("jama", "Helvetica", 2, 8.5, 2, 7.5, "1.", "sup-before", 16, False, False, "Key Points"),
    "nejm": Layout("nejm", "Times", 3, 8.5, 2, 7.0, "1.", "sup-before", 11, True, False, ""),
    "elsevier": Layout("elsevier", "Times", 2, 9.0, 2, 7.0, "[1]", "bracket", 18, True, False, "Highlights"),
    "vancouver": Layout("vancouver", "Times", 1, 10.0, 1, 9.0, "(1)", "paren", 0, True, False, ""),
    "apa": Layout("apa", "Times", 1, 10.0, 1, 9.0, "none", "author-date", 0, False, False, ""),
    "apa-2col": Layout("apa-2col", "Helvetica", 2, 8.5, 2, 7.5, "none", "author-date", 14, True, False, "Key messages"),
    # SAGE Vancouver: labels right-aligned in their own column ("  9." above "10."), one reference column
    "sage": Layout("sage", "Times", 2, 9.0, 1, 7.5, "1.", "sup", 14, True, False, "", label_align="right"),
    # Taylor & Francis author-date: one wide column, entries told apart by their hanging indent alone (no
    # space between them), ragged right, and a download stamp at every page's foot
    "tandf": Layout(
        "tandf",
        "Times",
        1,
        10.0,
        1,
        8.5,
        "none",
        "author-date",
        0,
        False,
        False,
        "",
        entry_space=0.0,
        stamp="Downloaded by [Example University Library] at 09:41 07 December 2026",
        table_after=True,
    ),
    # Springer author-year: two justified columns of hanging-indent entries with no space between them
    "springer-ay": Layout(
        "springer-ay", "Helvetica", 2, 9.0, 2, 7.5, "none", "author-date", 12, True, False, "", entry_space=0.0
    ),
    # author–date entries set as blocks: no indent, no space between them (only where a line ends shows it)
    "harvard-block": Layout(
        "harvard-block",
        "Times",
        2,
        9.0,
        2,
        7.5,
        "none",
        "author-date",
        14,
        True,
        False,
        "",
        entry_space=0.0,
        hanging=0.0,
    ),
    # BMJ-like, the list starting in the column where the body ends (mid-column, often the second)
    "bmj-inline": Layout(
        "bmj-inline",
        "Helvetica",
        2,
        8.5,
        2,
        7.0,
        "1",
        "sup",
        14,
        True,
        False,
        "What this study adds",
        list_in_column=True,
    ),
    # three columns of 6.5 pt references labelled "(1)", cited "(1)" in the text
    "three-col": Layout("three-col", "Helvetica", 2, 9.0, 3, 6.5, "(1)", "paren", 12, True, False, "Highlights"),
    # -- held out: added after the rules above were written, scored first as the code stood (see README) --
    # JAMA-like: "REFERENCES" in 7 pt over two ragged columns labelled "1.", beside a side column of article
    # information (dates, a DOI, the corresponding author's address) on the list's first page
    "jama-side": Layout(
        "jama-side",
        "Helvetica",
        2,
        9.0,
        2,
        7.0,
        "1.",
        "sup-before",
        12,
        False,
        True,
        "Key Points",
        side_refs=True,
        heading="REFERENCES",
    ),
    # an author's accepted manuscript (PMC): one column, 11 pt, double-spaced, every line numbered in the
    # margin, references "1." in the body's type, cited "[1]"
    "manuscript": Layout(
        "manuscript",
        "Times",
        1,
        11.0,
        1,
        11.0,
        "1.",
        "bracket",
        0,
        False,
        False,
        "",
        entry_space=0.0,
        leading=2.0,
        line_numbers=True,
    ),
    # Wiley-like (2019 on): "REFERENCES" labelled "1" in two columns of 7.5 pt, then in the same type a
    # "SUPPORTING INFORMATION" note and "How to cite this article:" with the article's own citation
    "wiley-cite": Layout(
        "wiley-cite",
        "Times",
        2,
        9.0,
        2,
        7.5,
        "1",
        "sup",
        14,
        True,
        False,
        "",
        heading="REFERENCES",
        how_to_cite=True,
    ),
    # a medRxiv preprint: one column of 11 pt at 1.5 spacing, a two-line licence notice across the top of
    # every page (with the preprint's DOI and "copyright holder"), references "1." in the body's type
    "medrxiv": Layout(
        "medrxiv",
        "Helvetica",
        1,
        11.0,
        1,
        10.0,
        "1.",
        "sup",
        0,
        False,
        False,
        "",
        entry_space=0.5,
        leading=1.5,
        banner=True,
    ),
    # -- held out, third round: written before litmap read any of them (branch h-pdf4, see README) --
    # NEJM-like: three body columns, three columns of 6.5 pt references whose "1." labels hang outside the
    # text column (in the page's margin, or in the gutter beside the column before), superscript citations
    "nejm-hang": Layout(
        "nejm-hang",
        "Times",
        3,
        8.5,
        3,
        6.5,
        "1.",
        "sup-before",
        13,
        True,
        False,
        "",
        label_hang=True,
        entry_space=0.0,
    ),
    # BMJ Open-like: bare labels, superscripts, "doi:10.…" ending each entry that has one, and the HighWire
    # download stamp set sideways along the left margin of every page
    "bmj-stamp": Layout(
        "bmj-stamp",
        "Helvetica",
        2,
        8.5,
        2,
        7.0,
        "1",
        "sup",
        14,
        False,
        False,
        "What this study adds",
        side_stamp="BMJ Open: first published as 10.1136/bmjopen-2026-012345 on 7 December 2026. Downloaded "
        "from http://bmjopen.bmj.com/ on December 8, 2026 by guest. Protected by copyright.",
        doi_style="doi:",
    ),
    # a bioRxiv preprint: a licence notice across the top of every page, double-spaced lines numbered in the
    # margin (on from page to page), references "1." in the body's type cited "[1]", then figure legends
    "biorxiv": Layout(
        "biorxiv",
        "Helvetica",
        1,
        10.5,
        1,
        10.5,
        "1.",
        "bracket",
        0,
        False,
        False,
        "",
        entry_space=0.0,
        leading=2.0,
        line_numbers=True,
        banner=True,
        legends_after=True,
        furniture="word",
    ),
    # a manuscript exported from a word processor: 12 pt, double-spaced, line numbers starting again on every
    # page, labels "1." then a tab, lines after the first flush with the label (no hanging indent), no space
    # between entries, then the tables and the figure legends; a page number alone at the foot
    "word": Layout(
        "word",
        "Times",
        1,
        12.0,
        1,
        12.0,
        "1.",
        "sup",
        0,
        False,
        False,
        "",
        entry_space=0.0,
        leading=2.0,
        line_numbers=True,
        line_numbers_restart=True,
        legends_after=True,
        table_after=True,
        hanging=0.0,
        furniture="word",
        label_gap=2.0,
    ),
    # Taylor & Francis author-date: one column, hanging indents and no space between entries, a running head
    # in small type just over the text ("14   A. AUTHOR ET AL." / "JOURNAL OF …   15"), no footer, so an entry
    # broken by a page break has the head between its parts
    "tandf-head": Layout(
        "tandf-head",
        "Times",
        1,
        10.0,
        1,
        8.5,
        "none",
        "author-date",
        0,
        False,
        False,
        "",
        entry_space=0.0,
        furniture="tandf",
    ),
    # JAMA Network-like, mirrored: a side column at the right of page 1 with a boxed "Key Points" of bullets,
    # and of the list's first page with the article's information; two ragged columns labelled "1."
    "keypoints-right": Layout(
        "keypoints-right",
        "Helvetica",
        2,
        9.0,
        2,
        7.5,
        "1.",
        "sup-before",
        12,
        False,
        False,
        "",
        side_right=True,
        heading="REFERENCES",
    ),
    # an NIH-PA author manuscript: one column of 12 pt, double-spaced, "NIH-PA Author Manuscript" set sideways
    # three times up the left margin of every page, references "1." in the body's type, cited "[1]"
    "nihms": Layout(
        "nihms",
        "Times",
        1,
        12.0,
        1,
        12.0,
        "1.",
        "bracket",
        0,
        False,
        False,
        "",
        entry_space=0.0,
        leading=2.0,
        side_stamp="NIH-PA Author Manuscript",
        side_stamp_repeat=3,
        furniture="word",
    ),
    # a research letter: a few paragraphs in two columns, the list ("[1]", 7 pt) going on under them in the
    # column where the body ends, and page 1's footnote under a short rule (corresponding author, dates) in
    # small type below both columns, so the list's first column ends over it and the rest goes on beside it
    "letter": Layout(
        "letter",
        "Times",
        2,
        9.0,
        2,
        7.0,
        "[1]",
        "bracket",
        14,
        True,
        False,
        "",
        list_in_column=True,
        footnote=True,
        sentences=9,
        table_after=True,
    ),
    # Elsevier-like: "[1]" labels in two justified columns of 7 pt, every DOI printed as a link
    # ("https://doi.org/10.…") that breaks across lines
    "elsevier-doi": Layout(
        "elsevier-doi",
        "Times",
        2,
        9.0,
        2,
        7.0,
        "[1]",
        "bracket",
        16,
        True,
        False,
        "Highlights",
        doi_style="https://doi.org/",
    ),
    # -- held out, fourth round: written before litmap read any of them (branch h-pdf, evening; see README) --
    # SAGE author-date: two justified columns, the list under its heading in the column where the body ends,
    # hanging indents and no space between entries, going on over the page break
    "sage-apa": Layout(
        "sage-apa",
        "Times",
        2,
        9.0,
        2,
        7.5,
        "none",
        "author-date",
        14,
        True,
        False,
        "",
        entry_space=0.0,
        list_in_column=True,
    ),
    # Wiley-like: the list's labels raised before each entry, then "Supporting information" with its
    # "Table S1." and "Figure S1." lines in the list's type
    "wiley-sup": Layout(
        "wiley-sup",
        "Times",
        2,
        9.0,
        2,
        7.5,
        "1",
        "sup",
        14,
        True,
        False,
        "",
        list_sup_labels=True,
        supporting=True,
        heading="REFERENCES",
    ),
    # JAMA-like: three columns of 6.5 pt references labelled "1.", beside a margin column whose
    # "Published Online" and "See Online for appendix" notes stand part-way down the list's first page
    "jama-3col": Layout(
        "jama-3col",
        "Helvetica",
        2,
        9.0,
        3,
        6.5,
        "1.",
        "sup-before",
        12,
        False,
        False,
        "Key Points",
        side_notes=True,
        entry_space=0.0,
    ),
    # Springer-like: the running foot names the section ("References" on the list's pages), the "1 3" mark,
    # and a figure with its caption set in the list's column, the list going on after it
    "springer-fig": Layout(
        "springer-fig",
        "Times",
        2,
        9.5,
        2,
        8.0,
        "1.",
        "bracket",
        14,
        True,
        False,
        "",
        foot_section=True,
        figure_in_list=True,
        furniture="springer",
    ),
    # Lancet-like: bare labels over three columns of 6.5 pt, a boxed panel at the top of the middle column
    "lancet-panel": Layout(
        "lancet-panel",
        "Times",
        2,
        8.5,
        3,
        6.5,
        "1",
        "sup",
        11,
        True,
        True,
        "Research in context",
        list_panel=True,
    ),
    # three narrow columns labelled "(1)", every DOI printed "https://doi.org/10.…" and broken across lines,
    # columns and pages
    "doi-cols": Layout(
        "doi-cols",
        "Helvetica",
        2,
        9.0,
        3,
        7.0,
        "(1)",
        "paren",
        10,
        False,
        False,
        "",
        doi_style="https://doi.org/",
        entry_space=0.0,
    ),
    # Elsevier in press: one column of "[1]" entries at 8 pt going on over page breaks, a running head in the
    # list's type just over the text and "Please cite this article as: …" at every page's foot
    "elsevier-press": Layout(
        "elsevier-press",
        "Times",
        1,
        10.0,
        1,
        8.0,
        "[1]",
        "bracket",
        0,
        True,
        False,
        "",
        entry_space=0.0,
        please_cite=True,
        furniture="press",
    ),
    # SAGE author-date with numbered endnotes: raised note markers in the body, "Notes" (1., 2., …) before
    # the list in its type
    "notes-ay": Layout(
        "notes-ay",
        "Times",
        1,
        10.0,
        1,
        8.5,
        "none",
        "author-date",
        0,
        True,
        False,
        "",
        notes_before=True,
        entry_space=0.0,
    ),
    # two columns "1." in a text layer with the ligatures ﬁ and ﬂ and soft hyphens at line ends
    "ligatures": Layout(
        "ligatures",
        "Times",
        2,
        9.0,
        2,
        7.5,
        "1.",
        "sup",
        14,
        True,
        False,
        "",
        ligatures=True,
    ),
    # -- held out, fifth round: written before litmap read any of them (branch h-pdf, late evening; see README) --
    # Annals-like: citations "(1, 2)" with spaces, an "Editors' Notes" box, three columns of 6 pt references
    # whose labels are bold with no full stop
    "annals": Layout(
        "annals",
        "Helvetica",
        2,
        8.5,
        3,
        6.0,
        "1",
        "paren",
        12,
        True,
        False,
        "Editors' Notes",
        label_bold=True,
        cite_spaced=True,
        entry_space=0.0,
    ),
    # Cell Press: author-date, "REFERENCES" in two columns of blocks (no indent, a space between entries), then
    # "STAR★METHODS" with a key-resources table and method text that cites the list
    "cell-star": Layout(
        "cell-star",
        "Helvetica",
        2,
        9.0,
        2,
        7.0,
        "none",
        "author-date",
        14,
        True,
        False,
        "Highlights",
        hanging=0.0,
        entry_space=0.6,
        heading="REFERENCES",
        star_methods=True,
    ),
    # Oxford Academic: author-date in two columns, running heads with the journal's name and the page, the
    # "Downloaded from … by guest" stamp set sideways down the right margin, "Funding" and "Conflict of
    # interest" run in before the list
    "oup": Layout(
        "oup",
        "Times",
        2,
        9.5,
        2,
        8.0,
        "none",
        "author-date",
        14,
        True,
        False,
        "Key Messages",
        right_stamp="Downloaded from https://academic.oup.com/jcl/article/12/3/1/7000001 by guest on 07 December 2026",
        back_matter=True,
        furniture="oup",
    ),
    # Taylor & Francis APA: one column, footnotes at the foot of body pages under a short rule (raised markers
    # in the text), "Disclosure statement", "Notes on contributors" and "ORCID" before the list
    "tandf-notes": Layout(
        "tandf-notes",
        "Times",
        1,
        10.0,
        1,
        8.5,
        "none",
        "author-date",
        0,
        False,
        False,
        "",
        entry_space=0.0,
        page_notes=True,
        contributors=True,
        furniture="tandf",
    ),
    # Nature: superscripts, the main list "1." in two columns, an "Online content" box, then Methods whose
    # citations go on with the numbering and a second "References" continuing the list
    "nature-methods": Layout(
        "nature-methods",
        "Helvetica",
        2,
        9.0,
        2,
        7.0,
        "1.",
        "sup",
        14,
        True,
        False,
        "",
        entry_space=0.0,
        methods_refs=True,
    ),
    # Lancet-like: "Research in context" boxed amid the first list column, entries above and below it
    "lancet-mid": Layout(
        "lancet-mid",
        "Times",
        2,
        8.5,
        3,
        6.5,
        "1",
        "sup",
        11,
        True,
        True,
        "Research in context",
        list_box=True,
    ),
}


def vary(layout: Layout, rng: random.Random) -> Layout:
    """The layout with its type sizes, gap, font and justification moved a little (seeded)."""
    varied = replace(
        layout,
        family=layout.family if rng.random() < 0.75 else ("Helvetica" if layout.family == "Times" else "Times"),
        body_size=layout.body_size + rng.choice((-0.5, 0, 0, 0.5)),
        ref_size=min(
            max(9.0, layout.ref_size), max(min(6.5, layout.ref_size), layout.ref_size + rng.choice((-0.5, 0, 0, 0.5)))
        ),
        gap=layout.gap and max(9.0, layout.gap + rng.uniform(-4, 6)),
        justify=layout.justify if rng.random() < 0.8 else not layout.justify,
    )
    if layout.label_hang:  # a label hanging in the gutter needs room there ("99." and a space before the text)
        varied = replace(varied, gap=max(varied.gap, 2.3 * varied.ref_size))
    return varied


# -- text as segments ---------------------------------------------------------------------------------------

#: A piece of text: (text, kind) with kind "" (plain), "sup" (raised), "bold" or "italic".
Segment = tuple[str, str]


def words_of(segments: list[Segment]) -> list[list[Segment]]:
    """Segments cut into words (a raised number stays with the word it follows)."""
    words: list[list[Segment]] = [[]]
    for text, kind in segments:
        if kind == "sup":
            words[-1].append((text, kind))
            continue
        for part in re.split(r"(\s+)", text):
            if not part:
                continue
            if part.isspace():
                words.append([])
            elif words[-1] and words[-1][-1][1] == kind:  # "[7,52]" + ";" is one word, one piece
                words[-1][-1] = (words[-1][-1][0] + part, kind)
            else:
                words[-1].append((part, kind))
    return [w for w in words if w]


def printable(text: str, family: str) -> str:
    """``text`` with the characters the font lacks written another way ("∼" as "~"), so the text
    layer says what the page shows (a missing glyph is the generator's fault, not the reader's)."""
    font = _ttf(family)
    if font is None:
        return text
    out = []
    for ch in text:
        if ord(ch) in font.face.charToGlyph or ch.isspace():
            out.append(ch)
        else:
            out.append(
                {"∼": "~", "≈": "~", "−": "-", "‐": "-", "★": "*"}.get(ch)
                or unicodedata.normalize("NFKD", ch)[:1]
                or "?"
            )
    return "".join(out)


def _ttf(family: str):
    from reportlab.pdfbase import pdfmetrics

    font = pdfmetrics.getFont(font_name(family))
    return font if hasattr(font, "face") and hasattr(font.face, "charToGlyph") else None


# -- citations and sentences ---------------------------------------------------------------------------------


def compress(refs: list[int]) -> list[str]:
    """[1, 2, 3, 5] -> ["1–3", "5"]: runs of three or more as ranges."""
    out, run = [], []
    for n in sorted(set(refs)):
        if run and n == run[-1] + 1:
            run.append(n)
            continue
        if run:
            out += [f"{run[0]}–{run[-1]}"] if len(run) >= 3 else [str(r) for r in run]
        run = [n]
    if run:
        out += [f"{run[0]}–{run[-1]}"] if len(run) >= 3 else [str(r) for r in run]
    return out


def printed_order(truth: dict, layout: Layout) -> list[dict]:
    """The entries in the order the list prints them: as the article has them, except that an
    author-date article set in a numbered layout is numbered, as such journals do, in the order of
    first citation (the cited entries of the sentences used first, then the rest)."""
    entries = truth["references"]
    if layout.cite == "author-date" or truth["style"] != "author-year":
        return list(entries)
    first: dict[int, int] = {}
    for citation in truth["citations"][: 4 * MAX_SENTENCES]:
        for n in citation.get("refs") or ():
            first.setdefault(n, len(first))
    return sorted(entries, key=lambda entry: (first.get(entry["n"], len(first)), entries.index(entry)))


def narrative_names(cited_as: str) -> str:
    """The names of a narrative author-date citation ("Pearce et al. (2010)" -> "Pearce et al."), which
    a numbered style keeps in the sentence; "" for a parenthetical one or a number."""
    if cited_as[:1] in "([" or cited_as[:1].isdigit():
        return ""
    return re.sub(r"[\s,]*\(?\s*(?:1[5-9]|20)\d\d[a-z]?\s*\)?$", "", cited_as).rstrip(" ,")


def body_sentences(truth: dict, layout: Layout) -> list[tuple[str, list[Segment], list[dict]]]:
    """The article's citing sentences set in the layout's citation style: (section, segments, citations
    with the sentence as a reader sees it, ``cited_as`` and ``refs``)."""
    by_sentence: dict[str, list[dict]] = {}
    sections: dict[str, str] = {}
    position = {entry["n"]: i for i, entry in enumerate(printed_order(truth, layout), start=1)}  # its label
    for citation in truth["citations"]:
        if citation.get("no_entry") or not set(citation.get("refs") or ()) <= set(position):
            continue
        if not citation["refs"] or not citation["cited_as"] or citation["cited_as"] not in citation["sentence"]:
            continue  # (a citation the truth keeps with no text, "" at 0, was printed glued: "(13)MCs are")
        by_sentence.setdefault(citation["sentence"], []).append(citation)
        sections.setdefault(citation["sentence"], citation.get("section") or "Introduction")
    out = []
    for sentence, citations in list(by_sentence.items())[: layout.sentences]:
        segments, found, rest = [], [], sentence
        # in the order printed ("at", where the truth has it: "[8]" may be cited twice in a sentence)
        for citation in sorted(citations, key=lambda c: (c.get("at", sentence.find(c["cited_as"])), c["cited_as"])):
            at = rest.find(citation["cited_as"])
            if at < 0:
                continue
            before, rest = rest[:at], rest[at + len(citation["cited_as"]) :]
            if layout.cite == "author-date":
                segments += [(before, ""), (citation["cited_as"], "")]
                found.append({"cited_as": citation["cited_as"], "refs": citation["refs"]})
                continue
            numbers = (", " if layout.cite_spaced else ",").join(compress([position[n] for n in citation["refs"]]))
            names = narrative_names(citation["cited_as"])
            if names:  # "Pearce et al. (2010) sampled" -> "Pearce et al.¹⁸ sampled": the names stay
                before += names
            if layout.cite.startswith("sup"):
                before = before.rstrip().rstrip("(")
                if layout.cite == "sup" and rest[:1] in {".", ",", ";", ":"}:
                    before, rest = before + rest[0], rest[1:]
                segments += [(before, ""), (numbers, "sup")]
                found.append({"cited_as": numbers, "refs": citation["refs"]})
            else:
                text = f"[{numbers}]" if layout.cite == "bracket" else f"({numbers})"
                segments += [(before.rstrip() + " ", ""), (text, "")]
                found.append({"cited_as": text, "refs": citation["refs"]})
        segments.append((rest, ""))
        segments = [(printable(text, layout.family), kind) for text, kind in segments]
        plain = re.sub(r"\s+", " ", "".join(text for text, _ in segments)).strip()
        segments = [(re.sub(r"\s+", " ", text), kind) for text, kind in segments]
        for citation in found:
            citation["sentence"] = plain
        out.append((sections[sentence], segments, found))
    return out


def statistics_sentence(rng: random.Random) -> list[Segment]:
    """A sentence of statistics and units with raised exponents (numbers drawn at random: no source)."""
    i2, chi, r2 = rng.randint(12, 89), round(rng.uniform(2, 40), 1), round(rng.uniform(0.1, 0.9), 2)
    choice = rng.randrange(3)
    if choice == 0:
        return [
            (f"Heterogeneity between the pooled studies was {'moderate' if i2 < 60 else 'substantial'} (I", ""),
            ("2", "sup"),
            (f"={i2}%, ", ""),
            ("χ", ""),
            ("2", "sup"),
            (f"={chi}, p={rng.randint(1, 49) / 1000:.3f}).", ""),
        ]
    if choice == 1:
        return [
            (f"The lesion volume was {rng.uniform(1, 9):.1f} cm", ""),
            ("3", "sup"),
            (f" on average and the floor area {rng.randint(8, 40)} m", ""),
            ("2", "sup"),
            (f", with an incidence of {rng.uniform(1, 30):.1f} per 10", ""),
            ("5", "sup"),
            (" person-years.", ""),
        ]
    return [
        ("The adjusted model explained much of the variance (R", ""),
        ("2", "sup"),
        (f"={r2}), and the test of trend gave ", ""),
        ("χ", ""),
        ("2", "sup"),
        (f"={chi} on {rng.randint(1, 6)} degrees of freedom.", ""),
    ]


PANEL_TEXT = [
    (
        "Evidence before this study",
        "We searched bibliographic databases for studies of the question from their "
        "inception to the end of last year, with no restriction on language, and screened the results in duplicate.",
    ),
    (
        "Added value of this study",
        "This study pools the available evidence with a prespecified protocol and "
        "reports every outcome that the protocol named, whatever its direction or size.",
    ),
    (
        "Implications of all the available evidence",
        "Clinicians and guideline groups should weigh these findings "
        "with the quality of the studies they rest on, which was moderate at best.",
    ),
]

SIDE_TEXT = [
    "Department of Clinical Sciences, Example University, Example City, Country (A Author PhD, B Author MD)",
    "Institute of Health Research, Sample Hospital, Sample Town, Country (C Author MSc)",
    "Correspondence to: Dr A Author, Department of Clinical Sciences, Example University, Example City, Country",
    "a.author@example.org",
]

#: A medRxiv-like notice across the top of every page (the DOI made up).
BANNER = [
    "medRxiv preprint doi: https://doi.org/10.1101/2026.01.02.26300001; this version posted January 4, 2026. The copyright holder for this",
    "preprint (which was not certified by peer review) is the author/funder, who has granted medRxiv a license to display the preprint in perpetuity.",
    "It is made available under a CC-BY 4.0 International license .",
]

#: A footnote under page 1's columns (made up).
FOOTNOTE = [
    "* Corresponding author at: Department of Clinical Sciences, Example University, Example City, Country.",
    "E-mail address: a.author@example.org (A. Author). Received 2 May 2026; accepted 9 June 2026.",
]

#: A JAMA-like side column beside the reference list: dates, a DOI, an address, disclosures (made up).
ARTICLE_INFORMATION = [
    "ARTICLE INFORMATION",
    "Accepted for Publication: March 2, 2026.",
    "Published: April 29, 2026. doi:10.1001/example.2026.5308",
    "Open Access: This is an open access article distributed under the terms of the CC-BY License. "
    "© 2026 Author A et al.",
    "Corresponding Author: A Author, MD, Department of Clinical Sciences, Example University, "
    "12 Sample Road, Example City, MA 02115 (a.author@example.org).",
    "Author Contributions: Dr Author had full access to all of the data in the study and takes "
    "responsibility for the integrity of the data and the accuracy of the data analysis.",
    "Conflict of Interest Disclosures: None reported.",
]


#: Endnotes a social-science article sets before its list (remarks on method: no bibliographic facts).
NOTES = [
    "The terms used for the outcomes follow those of the study protocol throughout this article.",
    "Participants could give more than one reason, so the percentages do not add up to 100.",
    "All analyses were repeated without the two smallest studies; the estimates did not change materially.",
    "Data were collected by two trained interviewers who took no part in the analysis.",
]

#: After a Wiley list: supporting information (what the files hold: no bibliographic facts).
SUPPORTING = [
    "Additional supporting information can be found online in the Supporting Information section at the end "
    "of this article.",
    "Table S1. Characteristics of the included studies and of their participants.",
    "Table S2. Sensitivity analyses of the primary outcome.",
    "Figure S1. Funnel plot of the studies reporting the primary outcome.",
]

#: A margin note beside a Lancet or JAMA list (the synthetic article's own, invented, publication details).
PUBLISHED_ONLINE = [
    ("Published Online", "bold"),
    ("December 7, 2026", ""),
    ("https://doi.org/10.1016/S0140-6736(26)01234-5", ""),
    ("See Online for appendix", "bold"),
]


# -- the typesetter --------------------------------------------------------------------------------------------


@dataclass
class Line:
    words: list[list[Segment]]
    size: float
    family: str
    indent: float = 0.0
    justify: bool = False
    bold: bool = False
    after: float = 0.0  # extra space after the line (end of a paragraph or entry)
    width: float = 0.0  # the width it was set to (a justified line is spread to it)
    label: str = ""  # a list label drawn right-aligned to end at x + label_end, before the line's text
    label_end: float = 0.0
    ligatures: bool = False  # drawn with ﬁ, ﬂ and a soft hyphen at a hyphenated line end


@dataclass
class Page:
    lines: list[tuple[float, float, float, Line]] = field(default_factory=list)  # (x, y, width, line)
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)  # panels: x, y, w, h


def fit_words(
    words: list[list[Segment]],
    room: float,
    first_room: float,
    family: str,
    size: float,
    *,
    hyphenate: bool,
    break_urls: bool,
) -> list[list[list[Segment]]]:
    """Words broken into lines no wider than ``room`` (``first_room`` for the first line)."""
    lines: list[list[list[Segment]]] = [[]]
    used = 0.0
    space = width(" ", font_name(family), size)
    queue = list(words)
    while queue:
        word = queue.pop(0)
        w = word_width(word, family, size)
        limit = first_room if len(lines) == 1 else room
        need = w + (space if lines[-1] else 0)
        if not lines[-1] and w > limit:  # too wide for any line: broken where it can be, else anywhere
            cut = _cut_word(word, limit, family, size, hyphenate=hyphenate, break_urls=break_urls) or _force_cut(
                word, limit, family, size
            )
            if cut:
                lines[-1].append(cut[0])
                queue.insert(0, cut[1])
                lines.append([])
                continue
        if used + need <= limit or not lines[-1]:
            lines[-1].append(word)
            used += need
            continue
        left = limit - used - (space if lines[-1] else 0)
        cut = _cut_word(word, left, family, size, hyphenate=hyphenate, break_urls=break_urls)
        if cut:
            lines[-1].append(cut[0])
            queue.insert(0, cut[1])
        elif not lines[-1]:
            lines[-1].append(word)
            used = w
            continue
        else:
            queue.insert(0, word)
        lines.append([])
        used = 0.0
    return [line for line in lines if line]


def _breakable(word: list[Segment], break_urls: bool) -> bool:
    text = "".join(t for t, _ in word)
    return (
        break_urls
        and len(word) == 1
        and bool(re.match(r"(?:https?://|doi:|10\.\d)", text) or ("/" in text and len(text) > 20))
    )


def _cut_word(word: list[Segment], room: float, family: str, size: float, *, hyphenate: bool, break_urls: bool):
    """The word cut to fit ``room``: a long word hyphenated, a DOI or URL broken after a "/" or ".", a
    long superscript list after one of its commas."""
    raised_at = [i for i, (text, kind) in enumerate(word) if kind == "sup" and "," in text]
    if raised_at:
        i = raised_at[-1]
        raised = word[i][0]
        for at in range(len(raised) - 1, 0, -1):
            head = [*word[:i], (raised[: at + 1], "sup")]
            if raised[at] == "," and word_width(head, family, size) <= room:
                return head, [(raised[at + 1 :], "sup"), *word[i + 1 :]]
        return None
    if len(word) != 1 or word[0][1] != "":
        return None
    text = word[0][0]
    font = font_name(family)
    # a bracketed list of numbers, or the rest of one cut already ("62–71,…,119);"): after a comma
    if (re.match(r"[\[(]\d", text) and "," in text) or re.fullmatch(r"\d[\d,–-]*,[\d,–-]*\d[\])][;.,]?", text):
        for at in range(len(text) - 1, 1, -1):
            if text[at - 1] == "," and width(text[:at], font, size) <= room:
                return [(text[:at], "")], [(text[at:], "")]
    if _breakable(word, break_urls) and len(text) > 16:
        for at in range(len(text) - 4, 6, -1):
            if text[at - 1] in "/.-_" and width(text[:at], font, size) <= room:
                return [(text[:at], "")], [(text[at:], "")]
        return None
    if hyphenate and len(text) >= 9 and text.isalpha() and text.islower():
        for at in range(len(text) - 3, 3, -1):
            if width(text[:at] + "-", font, size) <= room:
                return [(text[:at] + "-", "")], [(text[at:], "")]
    return None


def _force_cut(word: list[Segment], room: float, family: str, size: float):
    """A plain word cut at the last letter that fits (a long URL with nowhere better to break)."""
    if len(word) != 1 or word[0][1] != "":
        return None
    text, font = word[0][0], font_name(family)
    for at in range(len(text) - 1, 3, -1):
        if width(text[:at], font, size) <= room:
            return [(text[:at], "")], [(text[at:], "")]
    return None


def word_width(word: list[Segment], family: str, size: float) -> float:
    return sum(width(t, _segment_font(kind, family), size * (0.62 if kind == "sup" else 1)) for t, kind in word)


def _segment_font(kind: str, family: str) -> str:
    if kind == "bold":
        return font_name(family, "Bold")
    if kind == "italic":
        return font_name(family, "Italic")
    return font_name(family)


class Flow:
    """Lines poured into columns, columns into pages."""

    def __init__(self, layout: Layout):
        self.layout = layout
        self.pages: list[Page] = []
        self.starts: dict[int, float] = {}  # where a column's text starts, when not at the top (a panel over it)
        self.list_pages: set[int] = set()  # the pages (from 1) that hold the reference list
        self.in_body = True  # the body's pages (footnotes may stand at their foot)
        self.notes: dict[int, list[tuple[int, str]]] = {}  # footnotes by page (from 1): (marker, text)
        self.table_rows: list[str] = []  # rows of a table that cite (as a reader reads them)
        self.new_page()

    def new_page(self, cols: int | None = None, top: float = TOP) -> None:
        self.pages.append(Page())
        self.set_columns(cols or self.layout.body_cols, top)

    def set_columns(self, cols: int, top: float, left: float = MARGIN, right: float = MARGIN) -> None:
        gap = self.layout.gap if cols > 1 else 0
        w = (PAGE_W - right - left - gap * (cols - 1)) / cols
        self.columns = [(left + i * (w + gap), w) for i in range(cols)]
        self.column, self.top, self.y = 0, top, top
        self.starts = {}

    @property
    def width(self) -> float:
        return self.columns[self.column][1]

    @property
    def bottom(self) -> float:
        """The foot of the text frame: higher on page 1 when a footnote stands under it."""
        if self.layout.page_notes and (self.in_body or len(self.pages) in self.notes):  # room for footnotes
            return BOTTOM - 30
        return BOTTOM - 34 if self.layout.footnote and len(self.pages) == 1 else BOTTOM

    def next_column(self) -> None:
        if self.column + 1 < len(self.columns):
            self.column += 1
            self.y = self.starts.get(self.column, self.top)
        else:
            self.new_page(len(self.columns))
            left = self.columns[0][0]
            self.set_columns(len(self.columns), TOP, left=MARGIN if left > MARGIN + 60 else left)

    def room(self) -> float:
        return self.bottom - self.y

    def place(self, line: Line) -> None:
        pitch = line.size * self.layout.leading
        if self.y + pitch > self.bottom:
            self.next_column()
        x, w = self.columns[self.column]
        line.ligatures = self.layout.ligatures
        self.pages[-1].lines.append((x, self.y + line.size, w, line))
        self.y += pitch + line.after

    def paragraph(
        self,
        segments: list[Segment],
        size: float,
        *,
        indent: float = 0,
        hanging: float = 0,
        justify: bool | None = None,
        bold: bool = False,
        after: float = 0,
        hyphenate: bool = True,
        break_urls: bool = False,
    ) -> None:
        justify = self.layout.justify if justify is None else justify
        family = self.layout.family
        words = words_of(segments)
        w = self.width
        lines = fit_words(
            words, w - hanging, w - indent, family, size, hyphenate=hyphenate and justify, break_urls=break_urls
        )
        for i, words_in_line in enumerate(lines):
            last = i == len(lines) - 1
            self.place(
                Line(
                    words_in_line,
                    size,
                    family,
                    indent if i == 0 else hanging,
                    justify and not last,
                    bold,
                    after if last else 0,
                    w,
                )
            )

    def block(self, height: float) -> tuple[float, float, float]:
        """Room for a block ``height`` high (a panel, a table): its x, y and width."""
        if self.y + height > self.bottom:
            self.next_column()
        x, w = self.columns[self.column]
        y = self.y
        self.y += height
        return x, y, w


def typeset(truth: dict, layout: Layout, rng: random.Random) -> tuple[bytes, list[dict]]:
    """The article as a PDF in ``layout``, and the citations as a reader sees them."""
    flow = Flow(layout)
    size = layout.body_size
    meta = truth["article"]
    flow.set_columns(1, TOP)
    flow.paragraph([("RESEARCH ARTICLE", "bold")], 8, justify=False, after=6)
    flow.paragraph([(meta["title"], "bold")], 16, justify=False, after=6, hyphenate=False)
    flow.paragraph([(", ".join(meta.get("authors") or ["A Author"]), "")], 10, justify=False, after=10)
    top = flow.y
    if layout.side_column:  # affiliations in a narrow column at the left of page 1
        flow.set_columns(1, top)
        flow.columns = [(MARGIN, 95.0)]
        for text in SIDE_TEXT:
            flow.paragraph([(text, "")], 6.5, justify=False, after=5, hyphenate=False)
        flow.set_columns(layout.body_cols, top, left=MARGIN + 110)
    elif layout.side_right:  # a boxed "Key Points" in a narrow column at the right of page 1
        side_box(flow, top, layout)
        flow.set_columns(layout.body_cols, top, right=MARGIN + 122)
    else:
        flow.set_columns(layout.body_cols, top)
    citations: list[dict] = []
    sentences = body_sentences(truth, layout)
    later, split = later_sentences(sentences, truth, layout)
    sentences = [sentence for sentence in sentences if sentence not in later]
    section, paragraph = None, []
    panel_at, table_at = max(2, len(sentences) // 4), max(4, len(sentences) // 2)
    marker = 0

    def end_paragraph():
        nonlocal paragraph
        if paragraph:
            flow.paragraph(paragraph, size, indent=0 if layout.body_cols == 1 else size, after=size * 0.4)
            paragraph = []

    def pour(chosen, *, headings: bool = True, extras: bool = True):
        nonlocal section, paragraph, marker
        for index, (name, segments, found) in enumerate(chosen):
            if headings and name != section and len(name) < 60:
                end_paragraph()
                section = name
                flow.paragraph([(name, "bold")], size + 1, justify=False, after=2, hyphenate=False)
            if paragraph:
                paragraph.append((" ", ""))
            paragraph += segments
            citations.extend(found)
            if layout.notes_before and index % 6 == 2 and index // 6 < len(NOTES):  # an endnote's raised marker
                paragraph.append((str(index // 6 + 1), "sup"))
            page_note = layout.page_notes and extras and index % 7 == 3 and marker < len(NOTES)
            if page_note:  # a footnote's raised marker; the note at the foot of the page where it lands
                marker += 1
                paragraph.append((str(marker), "sup"))
            if (index + 1) % 3 == 0 or page_note:
                paragraph += [(" ", ""), *statistics_sentence(rng)] if (index + 1) % 6 == 0 else []
                end_paragraph()
            if page_note:
                flow.notes.setdefault(len(flow.pages), []).append((marker, NOTES[marker - 1]))
            if extras and index == panel_at and layout.panel:
                end_paragraph()
                draw_panel(flow, layout)
            if extras and index == table_at and not layout.table_after:
                end_paragraph()
                draw_table(flow, layout, rng)
        end_paragraph()

    pour(sentences)
    flow.paragraph([("Acknowledgments", "bold")], size + 1, justify=False, after=2)
    flow.paragraph([("We thank the participants and the staff of the clinics that took part.", "")], size, after=6)
    if layout.back_matter:
        back_matter(flow, layout)
    if layout.contributors:
        contributors(flow, meta, layout)
    flow.in_body = False
    if layout.methods_refs:  # the main list, the box, Methods, the list going on with its numbering
        references(flow, truth, layout, last=split)
        online_content(flow, layout)
        flow.new_page(1)
        flow.paragraph([("Methods", "bold")], size + 2, justify=False, after=3, hyphenate=False)
        flow.set_columns(layout.body_cols, flow.y)
        pour(later, headings=False, extras=False)
        flow.paragraph([("Data availability", "bold")], size + 1, justify=False, after=2, hyphenate=False)
        flow.paragraph([(DATA_AVAILABILITY, "")], size, after=6)
        references(flow, truth, layout, first=split + 1)
        nature_back_matter(flow, layout)
        return render(flow, truth, layout), citations
    references(flow, truth, layout)
    if layout.star_methods:
        star_methods(flow, truth, layout, rng, later, pour, citations)
    if layout.supporting:
        supporting_information(flow, layout)
    if layout.how_to_cite:
        how_to_cite(flow, meta, layout)
    if layout.table_after:
        flow.y += 2 * size
        draw_table(flow, layout, rng)
    if layout.legends_after:
        figure_legends(flow, layout)
    return render(flow, truth, layout), citations


#: Figure legends set after a manuscript's list (what the figures show: no bibliographic facts).
LEGENDS = [
    "Flow diagram of the studies identified, screened, assessed for eligibility and included in the review.",
    "Forest plot of the primary outcome by study, with the pooled estimate of a random-effects model and "
    "its 95% confidence interval.",
    "Risk of bias in each domain across the included studies (A) and within each study (B).",
]


def figure_legends(flow: Flow, layout: Layout) -> None:
    """ "Figure legends" under a heading in the body's type, each opening "Figure 1."."""
    size = layout.body_size
    flow.y += size
    flow.paragraph([("Figure legends", "bold")], size + 1, justify=False, after=3, hyphenate=False)
    for k, text in enumerate(LEGENDS, start=1):
        flow.paragraph([(f"Figure {k}. ", "bold"), (text, "")], size, after=size * 0.4, hyphenate=False)


def supporting_information(flow: Flow, layout: Layout) -> None:
    """ "Supporting information" after the list, its note and "Table S1." lines in the list's type."""
    size = layout.ref_size
    flow.y += size
    flow.paragraph([("SUPPORTING INFORMATION", "bold")], size + 1, justify=False, after=2, hyphenate=False)
    for text in SUPPORTING:
        head, _, rest = text.partition(". ") if text.startswith(("Table", "Figure")) else ("", "", text)
        segments = [(head + ". ", "bold"), (rest, "")] if head else [(text, "")]
        flow.paragraph(segments, size, after=size * 0.3, hyphenate=False)


def endnotes(flow: Flow, layout: Layout) -> None:
    """ "Notes" before the list: numbered remarks in the list's type, hanging from their numbers."""
    size = layout.ref_size
    flow.paragraph([("Notes", "bold")], layout.body_size + 1, justify=False, after=3, hyphenate=False)
    hang = width("9. ", font_name(layout.family), size)
    for n, text in enumerate(NOTES, start=1):
        flow.paragraph([(f"{n}. {text}", "")], size, hanging=hang, after=size * 0.3, hyphenate=False)
    flow.y += size


def list_figure(flow: Flow, layout: Layout) -> None:
    """A figure amid the list: its frame, then "Fig. 2" and its caption in the body's type less one point."""
    size = layout.body_size - 1
    flow.y += size * 0.5
    x, y, w = flow.block(90)
    flow.pages[-1].boxes.append((x, y, w, 84))
    flow.paragraph([("Fig. 2 ", "bold"), (LEGENDS[1], "")], size, justify=False, after=size, hyphenate=False)


def list_panel(flow: Flow, layout: Layout) -> None:
    """A boxed panel at the top of the list's middle column; the column's entries start under it."""
    size = layout.ref_size + 0.5
    x, w = flow.columns[1]
    flow.column, y0 = 1, flow.y
    flow.columns[1] = (x + 4, w - 8)
    flow.y += 5
    flow.paragraph([("Panel 2: " + (layout.panel or "Key points"), "bold")], size + 1, justify=False, after=3)
    for heading, text in PANEL_TEXT:
        flow.paragraph([(heading, "bold")], size, justify=False, hyphenate=False)
        flow.paragraph([(text, "")], size, justify=False, after=3, hyphenate=False)
    flow.columns[1] = (x, w)
    flow.pages[-1].boxes.append((x, y0, w, flow.y - y0 + 3))
    flow.starts[1] = flow.y + 12
    flow.column, flow.y = 0, y0


def later_sentences(sentences: list, truth: dict, layout: Layout) -> tuple[list, int]:
    """The sentences set after the list (Cell's STAR Methods: the last five; Nature's Methods: those that
    cite an entry past the main list), and the main list's last number (Nature: seven tenths of it)."""
    if layout.star_methods:
        return sentences[-5:] if len(sentences) > 12 else [], 0
    if not layout.methods_refs:
        return [], 0
    ordered = printed_order(truth, layout)
    split = max(3, round(0.7 * len(ordered)))
    position = {entry["n"]: i for i, entry in enumerate(ordered, start=1)}
    later = [s for s in sentences if any(position[n] > split for c in s[2] for n in c["refs"])]
    return later, split


#: Nature's box after the main list, and what follows its Methods list (the synthetic article's own: a
#: made-up DOI, no bibliographic facts).
ONLINE_CONTENT = (
    "Any methods, additional references, Nature Portfolio reporting summaries, source data, extended data, "
    "supplementary information, acknowledgements, peer review information; details of author contributions and "
    "competing interests; and statements of data and code availability are available at "
    "https://doi.org/10.1038/s41586-026-01234-5."
)
DATA_AVAILABILITY = "The data that support the findings of this study are available from the corresponding author."
NATURE_BACK = [
    ("Acknowledgements", "We thank the participants and the staff of the clinics that took part."),
    ("Author contributions", "A.A. designed the study; B.A. analysed the data; both wrote the paper."),
    ("Competing interests", "The authors declare no competing interests."),
    ("Additional information", "Correspondence and requests for materials should be addressed to A. Author."),
]


def online_content(flow: Flow, layout: Layout) -> None:
    """Nature's "Online content" box under the main list, then the publisher's note and the licence line."""
    size = layout.ref_size + 0.5
    flow.y += size
    if flow.room() < 110:
        flow.next_column()
    x, w = flow.columns[flow.column]
    y0, column = flow.y, flow.column
    flow.columns[column] = (x + 4, w - 8)
    flow.y += 4
    flow.paragraph([("Online content", "bold")], size + 1, justify=False, after=2, hyphenate=False)
    flow.paragraph([(ONLINE_CONTENT, "")], size, justify=False, after=3, hyphenate=False, break_urls=True)
    flow.columns[column] = (x, w)
    if flow.column == column:
        flow.pages[-1].boxes.append((x, y0, w, flow.y - y0))
    flow.y += size
    note = "Springer Nature remains neutral with regard to jurisdictional claims in published maps and institutional affiliations."
    flow.paragraph([("Publisher’s note ", "bold"), (note, "")], layout.ref_size, justify=False, after=3)
    flow.paragraph([("© The Author(s), under exclusive licence to Springer Nature Limited 2026", "")], layout.ref_size)


def nature_back_matter(flow: Flow, layout: Layout) -> None:
    """What a Nature article sets after its Methods list: run-in headings in bold, in the list's type."""
    flow.y += layout.ref_size
    for heading, text in NATURE_BACK:
        flow.paragraph([(heading + " ", "bold"), (text, "")], layout.ref_size, justify=False, after=3)


def back_matter(flow: Flow, layout: Layout) -> None:
    """Oxford Academic's sections before the list: "Funding", "Conflict of interest" (run in), "Data availability"."""
    size = layout.body_size
    flow.paragraph([("Funding", "bold")], size + 1, justify=False, after=2, hyphenate=False)
    flow.paragraph([("This work received no specific funding.", "")], size, after=4)
    flow.paragraph([("Conflict of interest: ", "bold"), ("None declared.", "")], size, after=4)
    flow.paragraph([("Data availability", "bold")], size + 1, justify=False, after=2, hyphenate=False)
    flow.paragraph([(DATA_AVAILABILITY, "")], size, after=6)


def contributors(flow: Flow, meta: dict, layout: Layout) -> None:
    """Taylor & Francis: "Disclosure statement", "Notes on contributors" (made-up remarks) and "ORCID" (made-up
    identifiers) before the list, headed in the body's type, set in the list's."""
    size, heading = layout.ref_size, layout.body_size
    flow.paragraph([("Disclosure statement", "bold")], heading, justify=False, after=2, hyphenate=False)
    flow.paragraph([("No potential conflict of interest was reported by the author(s).", "")], size, after=5)
    flow.paragraph([("Notes on contributors", "bold")], heading, justify=False, after=2, hyphenate=False)
    names = (meta.get("authors") or ["A Author"])[:2]
    for name in names:
        remark = " is a researcher in the Department of Clinical Sciences at Example University, where the work of this article was done."
        flow.paragraph([(printable(name, layout.family), "bold"), (remark, "")], size, after=3)
    flow.paragraph([("ORCID", "bold")], heading, justify=False, after=2, hyphenate=False)
    for k, name in enumerate(names, start=1):
        flow.paragraph(
            [(f"{printable(name, layout.family)} http://orcid.org/0000-0000-0000-000{k}", "")], size, after=1
        )
    flow.y += size


def list_box(flow: Flow, layout: Layout) -> None:
    """A boxed panel amid a list column, in type a little larger than the list's; entries go on under it."""
    size = layout.ref_size + 0.5
    if flow.room() < 190:
        flow.next_column()
    x, w = flow.columns[flow.column]
    y0, column, pages = flow.y + 4, flow.column, len(flow.pages)
    flow.y += 8
    flow.columns[column] = (x + 4, w - 8)
    flow.paragraph([("Panel 2: " + layout.panel, "bold")], size + 1, justify=False, after=3, hyphenate=False)
    for heading, text in PANEL_TEXT:
        flow.paragraph([(heading, "bold")], size, justify=False, hyphenate=False)
        flow.paragraph([(text, "")], size, justify=False, after=3, hyphenate=False)
    if len(flow.pages) == pages:
        flow.columns[column] = (x, w)
    if len(flow.pages) == pages and flow.column == column:
        flow.pages[-1].boxes.append((x, y0, w, flow.y - y0 + 2))
    flow.y += 10


#: Cell's key-resources table (the synthetic article's own resources: made-up identifiers).
KEY_RESOURCES = [
    ("REAGENT or RESOURCE", "SOURCE", "IDENTIFIER"),
    ("Deposited data", "", ""),
    ("Processed data", "This paper", "https://doi.org/10.5281/zenodo.0000001"),
    ("Software and algorithms", "", ""),
    ("Analysis code", "This paper", "https://github.com/example/analysis"),
]


def star_methods(flow: Flow, truth: dict, layout: Layout, rng: random.Random, later: list, pour, citations) -> None:
    """Cell's STAR Methods after the list: a key-resources table (one row cites an entry author–date),
    "RESOURCE AVAILABILITY" and "METHOD DETAILS" with the sentences kept for it."""
    size = layout.body_size
    flow.new_page(1)
    flow.paragraph(
        [(printable("STAR★METHODS", layout.family), "bold")], size + 3, justify=False, after=4, hyphenate=False
    )
    flow.paragraph([("KEY RESOURCES TABLE", "bold")], size + 1, justify=False, after=3, hyphenate=False)
    rows = list(KEY_RESOURCES)
    cited = table_citation(truth)
    if cited:
        rows.append(("Statistical methods", cited[0], "N/A"))
    x, w = flow.columns[0]
    cell = size - 1
    for k, row in enumerate(rows):
        y = flow.y + cell
        for c, text in enumerate(row):
            bold = k == 0 or not row[1]
            words = words_of([(text, "bold" if bold else "")])
            flow.pages[-1].lines.append((x + c * w / 3, y, w / 3, Line(words, cell, layout.family)))
        flow.y += cell * 1.6
    if cited:
        citations.append({"cited_as": cited[0], "refs": [cited[1]], "sentence": " ".join(rows[-1])})
    flow.y += size
    flow.set_columns(layout.body_cols, flow.y)
    flow.paragraph([("RESOURCE AVAILABILITY", "bold")], size + 1, justify=False, after=2, hyphenate=False)
    flow.paragraph([("Lead contact", "bold")], size, justify=False, after=1, hyphenate=False)
    lead = (
        "Further information and requests for resources should be directed to and will be fulfilled by the lead "
        "contact, A Author (a.author@example.org)."
    )
    flow.paragraph([(lead, "")], size, after=4)
    flow.paragraph([("METHOD DETAILS", "bold")], size + 1, justify=False, after=2, hyphenate=False)
    pour(later, headings=False, extras=False)
    flow.paragraph([("QUANTIFICATION AND STATISTICAL ANALYSIS", "bold")], size + 1, justify=False, after=2)
    flow.paragraph(statistics_sentence(rng), size, after=4)


def table_citation(truth: dict) -> tuple[str, int] | None:
    """ "Family et al., 2015" for an entry the names and year tell apart from every other, and its number."""
    seen = Counter()
    for entry in truth["references"]:
        authors = entry.get("authors") or []
        if authors and isinstance(entry.get("year"), int) and authors[0].get("family"):
            seen[(authors[0]["family"], entry["year"])] += 1
    for entry in truth["references"]:
        authors = entry.get("authors") or []
        if len(authors) >= 3 and isinstance(entry.get("year"), int) and authors[0].get("family"):
            family = authors[0]["family"]
            if seen[(family, entry["year"])] == 1 and family[:1].isupper() and family.isalpha():
                return f"{family} et al., {entry['year']}", entry["n"]
    return None


def styled_truth(truth: dict, layout: Layout) -> dict:
    """The truth with each entry's DOI printed as the layout prints it ("doi:10.…", "https://doi.org/10.…")
    at the entry's end: the article's own DOI, rewritten where the print has it and added where it has not."""
    if not layout.doi_style:
        return truth
    entries = []
    for entry in truth["references"]:
        doi = (entry.get("doi") or "").strip()
        printed = entry["printed"]
        if doi:
            at = printed.lower().find(doi.lower())
            if at >= 0:  # the DOI and the words that announce it ("DOI: https://doi.org/") taken out
                head = re.sub(r"[\s.,;]*(?:doi|DOI|Doi)?:?\s*(?:https?://(?:dx\.)?doi\.org/)?$", "", printed[:at])
                printed = (head + printed[at + len(doi) :]).rstrip(" .,;")
            printed = printed.rstrip(" .") + ". " + layout.doi_style + doi
        entries.append({**entry, "printed": printed})
    return {**truth, "references": entries}


def side_box(flow: Flow, top: float, layout: Layout, *, information: bool = False) -> None:
    """A narrow column at the right: a boxed "Key Points" of bullets, or the article's information."""
    flow.columns = [(PAGE_W - MARGIN - 110, 110.0)]
    flow.column, flow.top, flow.y = 0, top, top
    if information:
        for text in ARTICLE_INFORMATION:
            flow.paragraph([(text, "")], 6.5, justify=False, after=4, hyphenate=False)
        return
    x, w = flow.columns[0]
    flow.columns = [(x + 5, w - 10)]
    flow.y += 5
    flow.paragraph([("Key Points", "bold")], 8.5, justify=False, after=3, hyphenate=False)
    for heading, text in PANEL_TEXT:
        flow.paragraph([(heading, "bold")], 7.5, justify=False, hyphenate=False)
        flow.paragraph([("• " + text, "")], 7.5, justify=False, after=3, hyphenate=False)
    flow.pages[-1].boxes.append((x, top, w, flow.y - top + 3))


def how_to_cite(flow: Flow, meta: dict, layout: Layout) -> None:
    """After the list, in its type, as Wiley prints them: a supporting-information note and the article's
    own citation ("How to cite this article: van der Meulen MJ, John MT, … 2026;12:1–9. https://doi.org/…")."""
    size = layout.ref_size
    flow.y += size
    if len(meta["title"]) % 2:  # half the articles have no supporting information: the citation follows the list
        flow.paragraph([("SUPPORTING INFORMATION", "bold")], size + 0.5, justify=False, after=2, hyphenate=False)
        note = "Additional supporting information may be found online in the Supporting Information section at the end of the article."
        flow.paragraph([(note, "")], size, after=size, hyphenate=False)
    names = []
    for name in (meta.get("authors") or ["A Author"])[:3]:
        *given, family = name.split()
        names.append(f"{family} {''.join(part[0] for part in given)}".strip())
    cited = f"{', '.join(names)}{', et al' if len(meta.get('authors') or []) > 3 else ''}. {meta['title']}. "
    cited += "J Clin Layouts. 2026;12:1–9. https://doi.org/10.1111/jcl.13722"
    flow.paragraph([("How to cite this article: ", "bold"), (cited, "")], size, hyphenate=False, break_urls=True)


def draw_panel(flow: Flow, layout: Layout) -> None:
    """A boxed panel ("Research in context", "Key points") of headed paragraphs."""
    size = layout.body_size - 0.5
    start_page, start_y = len(flow.pages), flow.y
    if flow.room() < 160:
        flow.next_column()
        start_page, start_y = len(flow.pages), flow.y
    column = flow.column
    x, w = flow.columns[column]
    flow.y += 6
    flow.columns[column] = (x + 5, w - 10)
    flow.paragraph([(layout.panel, "bold")], size + 1, justify=False, after=3, hyphenate=False)
    for heading, text in PANEL_TEXT:
        flow.paragraph([(heading, "bold")], size, justify=False, hyphenate=False)
        flow.paragraph([(text, "")], size, after=3, hyphenate=False)
    if len(flow.pages) == start_page:  # the panel's own column back to its width (not the one it ran on into)
        flow.columns[column] = (x, w)
    if len(flow.pages) == start_page and flow.column == column:
        flow.pages[-1].boxes.append((x, start_y, w, flow.y - start_y + 2))
    flow.y += 8


def draw_table(flow: Flow, layout: Layout, rng: random.Random) -> None:
    """A table of outcomes with I², χ², m² and 10⁵ in its header (numbers random: no source)."""
    size = layout.body_size - 1
    rows = 6
    height = (rows + 2) * size * 1.5 + 8
    x, y, w = flow.block(height)
    page = flow.pages[-1]
    caption = Line(words_of([("Table 1: Outcomes by group", "bold")]), size, layout.family)
    page.lines.append((x, y + size, w, caption))
    header = [
        [("Outcome", "")],
        [("n", "")],
        [("Area, m", ""), ("2", "sup")],
        [("I", ""), ("2", "sup")],
        [("χ", ""), ("2", "sup")],
        [("per 10", ""), ("5", "sup")],
    ]
    weights = (1.5, 0.8, 1.1, 0.8, 0.9, 1.0)
    lefts = [x + w * sum(weights[:c]) / sum(weights) for c in range(len(weights))]
    for r in range(rows + 1):
        yy = y + size * 1.5 * (r + 2)
        values = [
            f"Group {r}",
            str(rng.randint(20, 900)),
            f"{rng.uniform(1, 40):.1f}",
            f"{rng.randint(0, 95)}%",
            f"{rng.uniform(0.5, 30):.2f}",
            f"{rng.uniform(0.1, 60):.1f}",
        ]
        for c in range(len(header)):
            words = [header[c]] if r == 0 else words_of([(values[c], "")])
            page.lines.append((lefts[c], yy, w, Line(words, size, layout.family)))
    flow.y += 6


def references(flow: Flow, truth: dict, layout: Layout, *, first: int = 1, last: int | None = None) -> None:
    """The reference list under its heading, in the layout's columns, type and labels (entries ``first`` to
    ``last`` of it, numbered so: a list that goes on after a Methods section continues its numbering)."""
    size = layout.ref_size
    if layout.notes_before:
        if flow.column > 0 or flow.room() < 160:
            flow.new_page(1)
        flow.set_columns(1, flow.y + 4)
        endnotes(flow, layout)
    if layout.side_notes:  # a new page, "Published Online" part-way down a margin column, the list beside it
        flow.new_page(1)
        top = flow.y
        flow.columns = [(MARGIN, 95.0)]
        flow.y = top + 160
        for text, kind in PUBLISHED_ONLINE:
            flow.paragraph([(text, kind)], 6.5, justify=False, after=4 if kind else 0, hyphenate=False)
        flow.set_columns(1, top, left=MARGIN + 110)
        flow.paragraph([(layout.heading, "bold")], layout.body_size + 1, justify=False, after=3, hyphenate=False)
        flow.set_columns(layout.ref_cols, flow.y, left=MARGIN + 110)
    elif layout.list_in_column:  # under its heading in the column where the body ends
        flow.paragraph([("References", "bold")], layout.body_size + 1, justify=False, after=3, hyphenate=False)
    elif layout.side_refs:  # a new page, a side column of article information, the list's columns beside it
        flow.new_page(1)
        top = flow.y
        flow.columns = [(MARGIN, 95.0)]
        for text in ARTICLE_INFORMATION:
            flow.paragraph([(text, "")], 6.5, justify=False, after=4, hyphenate=False)
        flow.set_columns(1, top, left=MARGIN + 110)
        flow.paragraph([(layout.heading, "bold")], layout.body_size + 1, justify=False, after=3, hyphenate=False)
        flow.set_columns(layout.ref_cols, flow.y, left=MARGIN + 110)
    elif layout.side_right:  # a new page, the article's information at the right, the list's columns beside it
        flow.new_page(1)
        top = flow.y
        side_box(flow, top, layout, information=True)
        flow.set_columns(1, top, right=MARGIN + 122)
        flow.paragraph([(layout.heading, "bold")], layout.body_size + 1, justify=False, after=3, hyphenate=False)
        flow.set_columns(layout.ref_cols, flow.y, right=MARGIN + 122)
    else:
        if flow.column > 0 or flow.room() < 120:  # a new page when the body did not end in the first column
            flow.new_page(1)
        flow.set_columns(1, flow.y + 4)
        heading = layout.heading
        if first > 1 and len(truth["article"]["title"]) % 2:
            heading = "Methods references"  # older Nature issues; newer ones say "References" again
        flow.paragraph([(heading, "bold")], layout.body_size + 1, justify=False, after=3, hyphenate=False)
        flow.set_columns(layout.ref_cols, flow.y)
    first_page = len(flow.pages)
    if layout.list_panel:
        list_panel(flow, layout)
    after = size * layout.entry_space
    ordered = printed_order(truth, layout)
    for n, entry in enumerate(ordered, start=1):
        if n < first or (last is not None and n > last):
            continue
        flow.list_pages.update(range(first_page, len(flow.pages) + 1))
        if layout.list_box and n == round(len(ordered) * 0.3) + 1:
            list_box(flow, layout)
        text = entry["printed"]
        if layout.figure_in_list and n == round(len(ordered) * 0.45) + 1:
            list_figure(flow, layout)
        if layout.list_sup_labels:  # "¹Author A, …": the label raised and glued to the entry's first word
            flow.paragraph([(str(n), "sup"), (text, "")], size, hyphenate=False, break_urls=True, after=after)
            continue
        if layout.label == "none":
            flow.paragraph(
                [(text, "")], size, hanging=layout.hanging * size, hyphenate=False, break_urls=True, after=after
            )
            continue
        label = layout.label.replace("1", str(n))
        label_w = width("[99] " if "[" in layout.label else "99. ", font_name(layout.family), size)
        if layout.label_align == "right" or layout.label_hang or layout.label_gap:
            if layout.label_hang:  # every line flush with the column; the label outside it, right-aligned
                indent = hanging = 0.0
                label_end = -0.3 * size
            elif layout.label_gap:  # the label at the column's edge, a tab, the text; the rest flush left
                indent, hanging = layout.label_gap * size, layout.hanging * size
                label_end = width(label, font_name(layout.family), size)
            else:  # the label right-aligned before a text column of its own
                indent = hanging = label_w
                label_end = label_w - width(" ", font_name(layout.family), size)
            pages, placed = len(flow.pages), len(flow.pages[-1].lines)
            flow.paragraph(
                [(text, "")], size, indent=indent, hanging=hanging, hyphenate=False, break_urls=True, after=after
            )
            page = flow.pages[pages - 1]
            opening = page.lines[placed] if placed < len(page.lines) else flow.pages[pages].lines[0]
            opening[3].label = label
            opening[3].label_end = label_end
            continue
        segments = [(label, "bold"), (" " + text, "")] if layout.label_bold else [(label + " " + text, "")]
        flow.paragraph(segments, size, hanging=label_w, hyphenate=False, break_urls=True, after=after)
    flow.list_pages.update(range(first_page, len(flow.pages) + 1))


def render(flow: Flow, truth: dict, layout: Layout) -> bytes:
    """The pages drawn with reportlab: lines, panels' boxes, running header, footer and page number."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(PAGE_W, PAGE_H), invariant=1)
    pdf.setTitle(truth["article"]["title"])
    journal = f"Journal of {layout.name.title()}-like Layouts"
    total = len(flow.pages)
    numbered = 0
    authors = truth["article"].get("authors") or ["A Author"]
    head = f"{authors[0].split()[0][:1]}. {authors[0].split()[-1].upper()}{' ET AL.' if len(authors) > 1 else ''}"
    for number, page in enumerate(flow.pages, start=1):
        pdf.setFont(font_name(layout.family), 7)
        if layout.furniture == "journal":
            pdf.drawString(MARGIN, PAGE_H - 38, journal + " Vol 12 December 2026" if number % 2 else "Articles")
            pdf.drawRightString(PAGE_W - MARGIN, PAGE_H - 38, f"{number}" if number % 2 == 0 else "Articles")
            pdf.drawString(MARGIN, PAGE_H - 815, "www.example-journal.org   Published online December 7, 2026")
            pdf.drawRightString(PAGE_W - MARGIN, PAGE_H - 815, f"{number} of {total}")
        elif layout.furniture == "springer":  # the section in the running foot, the "1 3" mark, the page number
            pdf.drawString(MARGIN, PAGE_H - 38, f"{journal} (2026) 12:1–{total}" if number % 2 else "")
            pdf.drawRightString(PAGE_W - MARGIN, PAGE_H - 38, str(number))
            section = "References" if number in flow.list_pages else "Original Article"
            pdf.drawString(MARGIN, PAGE_H - 815, section)
            pdf.setFont(font_name(layout.family, "Bold"), 9)
            pdf.drawCentredString(PAGE_W / 2, PAGE_H - 815, "1 3")
        elif layout.furniture == "press":  # in the list's type just over the text; the in-press citation below
            pdf.setFont(font_name(layout.family), layout.ref_size)
            pdf.drawString(MARGIN, PAGE_H - (TOP - 12), head.title().replace("Et Al.", "et al."))
            pdf.drawRightString(PAGE_W - MARGIN, PAGE_H - (TOP - 12), f"{journal} xxx (xxxx) xxx")
            cite = (
                f"Please cite this article as: {head.title().replace('Et Al.', 'et al.')}, "
                f"{truth['article']['title']}, {journal}, https://doi.org/10.1016/j.jcl.2026.101234"
            )
            pdf.setFont(font_name(layout.family), 6.5)
            for k, piece in enumerate(
                fit_words(
                    words_of([(cite, "")]),
                    PAGE_W - 2 * MARGIN,
                    PAGE_W - 2 * MARGIN,
                    layout.family,
                    6.5,
                    hyphenate=False,
                    break_urls=True,
                )
            ):
                pdf.drawString(
                    MARGIN, PAGE_H - (BOTTOM + 14 + 8 * k), " ".join("".join(t for t, _ in w) for w in piece)
                )
            pdf.drawCentredString(PAGE_W / 2, PAGE_H - 830, str(number))
        elif layout.furniture == "oup":  # the journal's name and the page over the text, in the body's type
            pdf.setFont(font_name(layout.family, "Italic"), layout.body_size - 0.5)
            if number % 2:
                pdf.drawString(MARGIN, PAGE_H - 44, f"{journal}, 2026, Vol. 12, No. 3")
                pdf.drawRightString(PAGE_W - MARGIN, PAGE_H - 44, str(number))
            else:
                pdf.drawString(MARGIN, PAGE_H - 44, str(number))
                pdf.drawRightString(PAGE_W - MARGIN, PAGE_H - 44, head.title().replace("Et Al.", "et al."))
        elif layout.furniture == "word":
            pdf.setFont(font_name(layout.family), layout.body_size - 1)
            pdf.drawCentredString(PAGE_W / 2, PAGE_H - 815, str(number))
        elif layout.furniture == "tandf" and number > 1:  # in the list's type, just over the text
            pdf.setFont(font_name(layout.family), layout.ref_size)
            if number % 2 == 0:
                pdf.drawString(MARGIN, PAGE_H - (TOP - 14), str(number))
                pdf.drawString(MARGIN + 3 * layout.ref_size, PAGE_H - (TOP - 14), head)
            else:
                pdf.drawRightString(PAGE_W - MARGIN, PAGE_H - (TOP - 14), str(number))
                pdf.drawRightString(PAGE_W - MARGIN - 3 * layout.ref_size, PAGE_H - (TOP - 14), journal.upper())
        for k in range(layout.side_stamp_repeat if layout.side_stamp else 0):  # sideways, reading upwards
            pdf.saveState()
            pdf.setFont(font_name(layout.family), 6.5 if layout.side_stamp_repeat == 1 else 10)
            pdf.translate(MARGIN - 24, PAGE_H * (k + 1) / (layout.side_stamp_repeat + 1))
            pdf.rotate(90)
            pdf.drawCentredString(0, 0, layout.side_stamp)
            pdf.restoreState()
        if layout.right_stamp:  # sideways, reading downwards, in the right margin
            pdf.saveState()
            pdf.setFont(font_name(layout.family), 6.5)
            pdf.translate(PAGE_W - MARGIN + 26, PAGE_H / 2)
            pdf.rotate(-90)
            pdf.drawCentredString(0, 0, layout.right_stamp)
            pdf.restoreState()
        for k, (mark, text) in enumerate(flow.notes.get(number, [])):  # footnotes under a short rule
            if k == 0:
                pdf.setLineWidth(0.4)
                pdf.line(MARGIN, PAGE_H - (BOTTOM - 22), MARGIN + 70, PAGE_H - (BOTTOM - 22))
            y = PAGE_H - (BOTTOM - 12 + 9 * k)
            pdf.setFont(font_name(layout.family), 4.5)
            pdf.drawString(MARGIN, y + 2.7, str(mark))
            pdf.setFont(font_name(layout.family), 7)
            pdf.drawString(MARGIN + 4, y, text)
        if layout.stamp:
            pdf.drawCentredString(PAGE_W / 2, PAGE_H - 828, layout.stamp)
        if layout.banner:
            pdf.setFont(font_name(layout.family), 6.5)
            for k, text in enumerate(BANNER):
                pdf.drawCentredString(PAGE_W / 2, PAGE_H - 18 - 8 * k, text)
        if layout.footnote and number == 1:  # under a short rule, below both columns
            pdf.setLineWidth(0.4)
            pdf.line(MARGIN, PAGE_H - (BOTTOM - 24), MARGIN + 90, PAGE_H - (BOTTOM - 24))
            pdf.setFont(font_name(layout.family), 6.5)
            for k, text in enumerate(FOOTNOTE):
                pdf.drawString(MARGIN, PAGE_H - (BOTTOM - 15 + 8 * k), text)
        for x, y, w, h in page.boxes:
            pdf.setLineWidth(0.5)
            pdf.rect(x, PAGE_H - y - h, w, h)
        for x, y, w, line in page.lines:
            draw_line(pdf, x, y, w, line)
        if layout.line_numbers:  # every baseline numbered in the margin, on from the page before
            pdf.setFont(font_name(layout.family), 8)
            numbered = 0 if layout.line_numbers_restart else numbered
            for y in sorted({round(y, 1) for _, y, _, _ in page.lines}):
                numbered += 1
                pdf.drawRightString(MARGIN - 12, PAGE_H - y, str(numbered))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def draw_line(pdf, x: float, y: float, w: float, line: Line) -> None:
    """One line: word by word, spaces widened when justified, raised numbers at 62 % size."""
    family, size = line.family, line.size
    space = width(" ", font_name(family), size)
    natural = sum(word_width(word, family, size) for word in line.words) + space * (len(line.words) - 1)
    extra = (
        ((line.width or w) - line.indent - natural) / (len(line.words) - 1)
        if line.justify and len(line.words) > 1
        else 0
    )
    extra = max(0.0, min(extra, 3 * size))
    if line.label:
        pdf.setFont(font_name(family), size)
        pdf.drawRightString(x + line.label_end, PAGE_H - y, line.label)
    at = x + line.indent
    for i, word in enumerate(line.words):
        for text, kind in word:
            font = font_name(family, "Bold") if kind == "bold" or line.bold else _segment_font(kind, family)
            small = size * 0.62 if kind == "sup" else size
            pdf.setFont(font, small)
            last = i == len(line.words) - 1 and (text, kind) == word[-1]
            piece = text if last or (text, kind) != word[-1] else text + " "
            if line.ligatures and kind != "sup":  # the glyphs a typesetter's font substitutes, and a soft hyphen
                if last and re.search(r"[a-z]{3}-$", piece):
                    piece = piece[:-1] + "\u00ad"
                piece = piece.replace("fi", "\ufb01").replace("fl", "\ufb02")
            pdf.drawString(at, PAGE_H - y + (size * 0.38 if kind == "sup" else 0), piece)
            at += width(piece, font, small)
        at += extra


# -- scoring --------------------------------------------------------------------------------------------------


@dataclass
class Result:
    id: str
    layout: str
    refs: int = 0
    truth_refs: int = 0
    equal: int = 0
    fields: FieldScore = field(default_factory=FieldScore)
    rules: FieldScore = field(default_factory=FieldScore)
    links: Counter = field(default_factory=Counter)
    statistics: int = 0
    boxed: int = 0  # claims holding a sentence of a box, side column, footnote or notice (not the body's)
    error: str = ""
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


def score(pdf: Path, truth: dict, citations: list[dict], layout: str, show: bool) -> Result:
    """litmap's reading of one synthetic PDF against the article's truth."""
    import pandas as pd

    from litmap import load_article
    from litmap.parse.references import parse_reference_rules

    result = Result(truth["id"], layout, truth_refs=len(truth["references"]))
    started = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tables = load_article(pdf)
    except Exception:  # a benchmark reports every failure and goes on
        result.error = traceback.format_exc(limit=-3)
        result.fields, _ = score_references(pd.DataFrame({"raw": [], "ref_id": []}), truth["references"])
        result.rules = result.fields
        score_citations(citations, [], result.links)
        return result
    result.seconds = time.perf_counter() - started
    refs = tables.references
    result.refs = len(refs)
    result.fields, ref_to_n = score_references(refs, truth["references"])
    rules = pd.DataFrame(
        [{**parse_reference_rules(raw), "raw": raw, "ref_id": rid} for raw, rid in zip(refs["raw"], refs["ref_id"])]
    )
    result.rules, _ = score_references(rules if len(rules) else refs, truth["references"])
    printed = [norm_printed(r["printed"]) for r in truth["references"]]
    result.equal = sum(norm_printed(raw) in printed for raw in refs["raw"])
    predicted = predicted_citations(tables, ref_to_n)
    for row in predicted:  # a superscript list broken over two lines is read "[7,52], [80,83]": one citation
        row["cited_as"] = re.sub(r"\]\s*,?\s*\[", ",", row["cited_as"])
    score_citations(citations, predicted, result.links)
    result.statistics = statistics_linked(tables)
    boxed = boxed_claims(tables)
    result.boxed = len(boxed)
    result.notes = list(tables.article.notes)
    if show:
        wanted = set(printed)
        for i, raw in enumerate(refs["raw"], start=1):
            if norm_printed(raw) not in wanted:
                print(f"    differs {i}: {raw[:200]}")
        got = {norm_printed(raw) for raw in refs["raw"]}
        for entry in truth["references"]:
            if norm_printed(entry["printed"]) not in got:
                print(f"    truth {entry['n']}: {entry['printed'][:200]}")
        for note in result.notes:
            print(f"    note: {note}")
        for text in boxed:
            print(f"    boxed claim: {text[:160]}")
    return result


def _box_runs() -> set[tuple[str, ...]]:
    """Every run of six words of the made-up text set outside the body (panels, side columns, notes, notices)."""
    texts = [t for pair in PANEL_TEXT for t in pair] + SIDE_TEXT + ARTICLE_INFORMATION + NOTES + SUPPORTING
    texts += FOOTNOTE + BANNER + [ONLINE_CONTENT] + [t for t, _ in PUBLISHED_ONLINE]
    runs = set()
    for text in texts:
        words = re.findall(r"[a-z0-9]+", text.lower())
        runs |= {tuple(words[i : i + 6]) for i in range(max(1, len(words) - 5))}
    return runs


def boxed_claims(tables) -> list[str]:
    """The claims table's sentences that hold six words in a row of a box, a side column, a footnote or a
    notice: text a reader sees set apart from the body, read as the article's own claims."""
    runs = _box_runs()
    out = []
    for text in tables.claims["text"]:
        words = re.findall(r"[a-z0-9]+", str(text).lower())
        if any(tuple(words[i : i + 6]) in runs for i in range(max(1, len(words) - 5))):
            out.append(str(text))
    return out


def statistics_linked(tables) -> int:
    """Citations whose text is a statistic's or unit's exponent ("I[2]=", "cm[3]"), as ``real_pdfs.py``
    counts them, less a possessive before a citation ("Cohen's [29]" is no unit "s")."""
    sentences = dict(zip(tables.claims["claim_id"], tables.claims["text"]))
    count = 0
    for claim_id, cited_as in set(zip(tables.citations["claim_id"], tables.citations["cited_as"])):
        sentence = sentences.get(claim_id, "")
        for match in STATISTIC_CITED.finditer(sentence):
            possessive = sentence[max(0, match.start() - 1) : match.start() + 1] in ("'s", "’s")
            if match.group(0).endswith(cited_as) and not possessive:
                count += 1
    return count


def build_items(corpus: Path, layouts: list[str], limit: int | None) -> list[tuple[str, dict]]:
    """(layout, truth) pairs: numbered layouts take every article, author-date ones the author-date articles."""
    truths = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(corpus.glob("*/truth.json"))]
    items = []
    for name in layouts:
        layout = LAYOUTS[name]
        chosen = [t for t in truths if layout.cite != "author-date" or t["style"] == "author-year"]
        items += [(name, t) for t in chosen[:limit]]
    return items


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of <id>/truth.json")
    parser.add_argument("--layouts", default=",".join(LAYOUTS), help=f"comma-separated, of {', '.join(LAYOUTS)}")
    parser.add_argument("--limit", type=int, default=None, help="at most N articles per layout")
    parser.add_argument("--show", default="", help="print the entries that differ for PDFs whose id has this")
    parser.add_argument(
        "--keep", type=Path, default=None, help="write the PDFs to this folder (default: a temporary one)"
    )
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    if not any(args.corpus.glob("*/truth.json")):
        print(f"no corpus at {args.corpus} (expected <id>/truth.json); pass --corpus DIR", file=sys.stderr)
        return 2
    layouts = [name.strip() for name in args.layouts.split(",") if name.strip()]
    unknown = [name for name in layouts if name not in LAYOUTS]
    if unknown:
        print(f"unknown layout(s): {', '.join(unknown)}; known: {', '.join(LAYOUTS)}", file=sys.stderr)
        return 2
    items = build_items(args.corpus, layouts, args.limit)
    results: list[Result] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="litmap-layouts-") as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        for name, truth in items:
            rng = random.Random(f"{args.seed}:{name}:{truth['id']}")
            layout = vary(LAYOUTS[name], rng)
            truth = styled_truth(truth, layout)
            data, citations = typeset(truth, layout, rng)
            pdf = folder / f"{name}--{truth['id']}.pdf"
            pdf.write_bytes(data)
            show = bool(args.show) and args.show in pdf.stem
            if show:
                print(f"== {pdf.stem} ({layout.family}, refs {layout.ref_size} pt, gap {layout.gap:.0f})")
            results.append(score(pdf, truth, citations, name, show))
            if results[-1].error and show:
                print(results[-1].error)
    report(results, layouts, time.perf_counter() - started)
    return 0


def report(results: list[Result], layouts: list[str], seconds: float) -> None:
    print(
        f"{'layout':<10}{'PDFs':>5}{'count exact':>13}{'= printed':>11}{'fields F1':>10}{'rules F1':>9}"
        f"{'link F1':>9}{'stats':>6}{'errors':>7}{'notes':>6}{'boxed':>6}"
    )
    every = [r for r in results]
    for name in [*layouts, "all"]:
        rows = every if name == "all" else [r for r in results if r.layout == name]
        if not rows:
            continue
        fields, rules, links = FieldScore(), FieldScore(), Counter()
        for r in rows:
            fields.add(r.fields)
            rules.add(r.rules)
            links.update(r.links)
        exact = sum(r.refs == r.truth_refs for r in rows)
        equal, total = sum(r.equal for r in rows), sum(r.truth_refs for r in rows)
        if name == "all":
            print("-" * 86)
        print(
            f"{name:<10}{len(rows):>5}{f'{exact}/{len(rows)}':>13}{equal / total:>11.3f}{fields.micro.f1:>10.3f}"
            f"{rules.micro.f1:>9.3f}{prf(links)[2]:>9.3f}{sum(r.statistics for r in rows):>6}"
            f"{sum(bool(r.error) for r in rows):>7}{sum(bool(r.notes) for r in rows):>6}{sum(r.boxed for r in rows):>6}"
        )
    wrong = [r for r in results if r.refs != r.truth_refs or r.error]
    if wrong:
        print("\ncount not exact:")
        for r in wrong:
            print(
                f"  {r.layout:<10} {r.id:<34} {r.refs:>4} of {r.truth_refs:<4} {'notes: ' + str(len(r.notes)) if r.notes else 'no note'}"
                + (f"  ERROR {r.error.strip().splitlines()[-1]}" if r.error else "")
            )
    stats = [r for r in results if r.statistics]
    for r in stats:
        print(f"  statistics linked: {r.layout} {r.id}: {r.statistics}")
    print(f"\n{len(results)} PDFs in {seconds:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
