"""Small PDFs written by the tests (reportlab): two columns, superscripts, hyphenation, furniture, a scan.

Each page is a list of positioned pieces of text, so a test says exactly what is printed where:
``Text(x, y, text, size=10, bold=False, rise=0)`` with ``y`` from the top of an A4 page.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

WIDTH, HEIGHT = A4


@dataclass
class Text:
    x: float
    y: float
    text: str
    size: float = 10
    bold: bool = False
    rise: float = 0


def write_pdf(pages: list[list[Text]], *, title: str | None = None, encrypt: str | None = None) -> bytes:
    """The PDF of ``pages``; ``encrypt`` sets a user password."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=encrypt)
    if title:
        pdf.setTitle(title)
    for page in pages:
        for piece in page:
            pdf.setFont("Helvetica-Bold" if piece.bold else "Helvetica", piece.size)
            pdf.drawString(piece.x, HEIGHT - piece.y + piece.rise, piece.text)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def write_scan() -> bytes:
    """A page with a picture of text and no text layer, as a scanner makes."""
    from reportlab.lib.utils import ImageReader

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pixels = bytes(255 if (x // 8 + y // 8) % 2 else 0 for y in range(64) for x in range(64))
    image = _grey_png(64, 64, pixels)
    pdf.drawImage(ImageReader(io.BytesIO(image)), 50, 400, width=400, height=300)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _grey_png(width: int, height: int, pixels: bytes) -> bytes:
    import struct
    import zlib

    rows = b"".join(b"\x00" + pixels[y * width : (y + 1) * width] for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def column_lines(x: float, y: float, lines: list[str], *, size: float = 10, pitch: float = 12.5) -> list[Text]:
    """Lines of body text set one under another from (x, y); "^{…}" marks a superscript."""
    pieces: list[Text] = []
    for index, line in enumerate(lines):
        at = x
        for part in re.split(r"(\^\{[^}]*\})", line):
            if not part:
                continue
            if part.startswith("^{"):
                pieces.append(Text(at, y + index * pitch, part[2:-1], size * 0.65, rise=size * 0.35))
                at += stringWidth(part[2:-1], "Helvetica", size * 0.65)
            else:
                pieces.append(Text(at, y + index * pitch, part, size))
                at += stringWidth(part, "Helvetica", size)
    return pieces


LEFT, RIGHT = 56.0, 306.0  # the two columns' left edges (each about 230 pt wide)
REFERENCES = [
    ["1. Gross JJ. Emotion regulation: current status and", "future prospects. Psychol Inq 2015, 26:1-26."],
    [
        "2. Compas BE, Jaser SS, Bettis AH. Coping, emotion",
        "regulation and psychopathology. Psychol Bull",
        "2017, 143:939-991.",
    ],
    [
        "3. Aldao A, Nolen-Hoeksema S, Schweizer S. Emotion",
        "regulation strategies across psychopathology.",
        "Clin Psychol Rev 2010, 30:217-237.",
    ],
    [
        "4. Silvers JA. Adolescence as a pivotal period for",
        "emotion regulation development. Curr Opin",
        "Psychol 2022, 44:258-263.",
    ],
]


def two_column_article() -> bytes:
    """A two-page, two-column article with numbered superscript citations and a numbered reference list.

    Page 1: banner, title, authors, licence footer, a running header and page number; the left
    column reads on into the right one, a word is hyphenated at a line end ("regu-" "lation"),
    "self-report" is broken at its hyphen, and a caption sits under the right column. Page 2:
    the reference list, numbered, with hanging indents, running from the left column into the right.
    """

    def header(page: int) -> list[Text]:
        return [
            Text(LEFT, 30, "Journal of Test Studies 2024; 12: 1-2", 8),
            Text(WIDTH - 100, 30, f"Page {page} of 2", 8),
        ]

    page1 = [
        *header(1),
        Text(LEFT, 70, "RESEARCH ARTICLE", 9, bold=True),
        Text(LEFT, 100, "Emotion regulation in adolescents: a two", 18, bold=True),
        Text(LEFT, 122, "column test article", 18, bold=True),
        Text(LEFT, 145, "Ada Lovelace, Charles Babbage", 10),
        Text(LEFT, 185, "Background", 11, bold=True),
        *column_lines(
            LEFT,
            200,
            [
                "Emotion regulation shapes how adolescents",
                "respond to stress in school and at home^{1}",
                "and it predicts later wellbeing. Earlier work",
                "on self-report scales measured the regu-",
                "lation of emotion in large samples and found",
                "stable differences between groups of young",
                "people across several countries and many",
                "years of follow up in the cohorts we studied,",
            ],
        ),
        *column_lines(
            RIGHT,
            200,
            [
                "which were drawn from several regions.^{2,3}",
                "Questionnaires based on self-",
                "report remain the most common tool.^{4} Heart",
                "rate measures add detail to the picture of",
                "regulation in daily life.",
            ],
        ),
        Text(RIGHT, 290, "Figure 1. Scores by age group in the cohort.", 8),
        Text(LEFT, 790, "© 2024 The Authors. Distributed under the Creative Commons Attribution License.", 7),
    ]
    page2 = [*header(2), Text(LEFT, 70, "References", 11, bold=True)]
    for index, entry in enumerate(REFERENCES):
        x = LEFT if index < 2 else RIGHT
        y = 90 + 40 * (index % 2)
        page2 += [Text(x if i == 0 else x + 12, y + 10 * i, line, 8) for i, line in enumerate(entry)]
    return write_pdf([page1, page2], title="Emotion regulation in adolescents: a two column test article")
