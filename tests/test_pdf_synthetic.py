"""Faults found by the synthetic journal layouts (benchmarks/pdf_layouts.py), each pinned by a PDF the
test draws (``pdf_fixtures``) with the CC BY reference entries of the article in tests/data.
"""

from __future__ import annotations

import re

from pdf_fixtures import LEFT, TRIALS_REFERENCES, Text, column_lines, wrap, write_pdf
from reportlab.pdfbase.pdfmetrics import stringWidth

from litmap.read.pdf_pages import compute_pdf_article

TITLE = Text(LEFT, 70, "Core outcomes for trials of low back pain: a layout test", 16, bold=True)
BODY = [
    "Low back pain costs health systems a great deal [1] and care differs [2] between countries.",
    "Treatments show similar effects in primary care [3], and method guidelines [4] help reviews.",
    "Exercise helps some patients [5] and so may manipulation [6] of the spine in acute pain.",
    "Outcome reporting bias harms reviews [7] and outcomes should be standard [8] across trials.",
    "Core sets need care [9], editors want them [10], and proposals exist [11, 12] for back pain.",
]


def _unlabelled(entry: str) -> str:
    return re.sub(r"^(?:\[\d+\]|\(\d+\)|\d+\.?)\s*", "", entry)


def _justified(x: float, y: float, words: list[str], width: float, size: float) -> list[Text]:
    """One line set word by word, its spaces widened so that it fills ``width`` (a justified line)."""
    natural = sum(stringWidth(word, "Helvetica", size) for word in words)
    space = (width - natural) / max(1, len(words) - 1)
    pieces, at = [], x
    for word in words:
        pieces.append(Text(at, y, word, size))
        at += stringWidth(word, "Helvetica", size) + space
    return pieces


def test_a_number_ending_a_loose_justified_line_is_not_the_next_columns_label():
    """Three columns of 6.5 pt entries, justified, 10 pt apart: entry 4's loose line ends "(Phila Pa
    1976)" standing apart from its words, beside the first line of the next column. It ends its own
    line; read as a label of the next column it joined the columns into one and mixed their entries."""
    size, width, gap = 6.5, 165.0, 10.0
    pitch = size * 1.25
    loose = [  # entry 4 as a typesetter broke it, its fifth line loose
        "4. Furlan AD, Pennick V, Bombardier C, van Tulder M,",
        "Editioral Board, Cochrane Back Review Group: 2009",
        "updated method guidelines for systematic reviews in",
        "the Cochrane Back Review Group.",
        "Spine (Phila Pa 1976)",
        "2009, 34:1929-1941.",
    ]
    page = [TITLE, *column_lines(LEFT, 110, BODY, size=9, pitch=11), Text(LEFT, 180, "References", 11, bold=True)]
    columns = [range(1, 4), range(4, 8), range(8, 13)]
    for column, numbers in enumerate(columns):
        x, y = 40 + column * (width + gap), 200.0
        for n in numbers:
            lines = loose if n == 4 else wrap(f"{n}. {TRIALS_REFERENCES[n - 1]}", width - 8, size)
            for i, line in enumerate(lines):
                left = x if i == 0 else x + 8
                if i < len(lines) - 1:
                    page += _justified(left, y, line.split(), width - (left - x), size)
                else:
                    page.append(Text(left, y, line, size))
                y += pitch
    article = compute_pdf_article(write_pdf([page]))
    entries = [text for _, text in article.reference_entries()]
    assert [_unlabelled(entry) for entry in entries] == TRIALS_REFERENCES
