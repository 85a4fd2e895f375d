"""Small PDFs written by the tests (reportlab): two columns, superscripts, hyphenation, furniture, a scan.

Each page is a list of positioned pieces of text, so a test says exactly what is printed where:
``Text(x, y, text, size=10, bold=False, rise=0, turn=0)`` with ``y`` from the top of an A4 page; a piece
with ``turn=90`` is set a quarter turn to the left (read upwards, as a wide table printed sideways is),
``x`` and ``y`` then measured in the upright frame of the turned page (842 wide, 595 high); any other
``turn`` (45: a watermark across the page) turns the piece about its start.
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
    turn: int = 0


@dataclass
class Box:
    """A rectangle drawn on the page (a panel's frame, or its shading when ``grey``), ``y`` its top."""

    x: float
    y: float
    width: float
    height: float
    grey: bool = False


def write_pdf(pages: list[list[Text | Box]], *, title: str | None = None, encrypt: str | None = None) -> bytes:
    """The PDF of ``pages``; ``encrypt`` sets a user password."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=encrypt)
    if title:
        pdf.setTitle(title)
    for page in pages:
        for box in [piece for piece in page if isinstance(piece, Box)]:  # under the text, as a shading is
            pdf.setFillGray(0.9)
            pdf.rect(box.x, HEIGHT - box.y - box.height, box.width, box.height, stroke=not box.grey, fill=box.grey)
            pdf.setFillGray(0)
        for piece in page:
            if isinstance(piece, Box):
                continue
            pdf.setFont("Helvetica-Bold" if piece.bold else "Helvetica", piece.size)
            if piece.turn == 90:  # upright frame (x along the page's height, y down from its left edge)
                pdf.saveState()
                pdf.rotate(90)
                pdf.drawString(piece.x, -piece.y + piece.rise, piece.text)
                pdf.restoreState()
                continue
            if piece.turn:  # any other angle (a watermark across the page): turned about its start (x, y)
                pdf.saveState()
                pdf.translate(piece.x, HEIGHT - piece.y)
                pdf.rotate(piece.turn)
                pdf.drawString(0, piece.rise, piece.text)
                pdf.restoreState()
                continue
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


# -- reference lists in small type, over columns and pages ------------------------------------------------

#: Twelve entries of the reference list of the CC BY test article in tests/data (Chiarotto et al.,
#: Trials 2014; see tests/data/README.md), as printed there (entries 3-14).
TRIALS_REFERENCES = [
    "Dagenais S, Caro J, Haldeman S: A systematic review of low back pain cost of illness studies in the "
    "United States and internationally. Spine J 2008, 8:8-20.",
    "Koes BW, van Tulder MW, Thomas S: Diagnosis and treatment of low back pain. BMJ 2006, 332:1430-1434.",
    "Artus M, van der Windt DA, Jordan KP, Hay EM: Low back pain symptoms show a similar pattern of improvement "
    "following a wide range of primary care treatments: a systematic review of randomized clinical trials. "
    "Rheumatology (Oxford) 2010, 49:2346-2356.",
    "Furlan AD, Pennick V, Bombardier C, van Tulder M, Editioral Board, Cochrane Back Review Group: 2009 updated "
    "method guidelines for systematic reviews in the Cochrane Back Review Group. Spine (Phila Pa 1976) 2009, "
    "34:1929-1941.",
    "Hayden JA, van Tulder MW, Malmivaara A, Koes BW: Exercise therapy for treatment of non-specific low back "
    "pain. Cochrane Database Syst Rev 2005, CD000335.",
    "Rubinstein SM, Terwee CB, Assenfeldt WJ, de Boer MR, van Tulder MW: Spinal manipulative therapy for acute "
    "low back pain. Cochrane Database Syst Rev 2012, 9, CD008880.",
    "Kirkham JJ, Dwan KM, Altman DG, Gamble C, Dodd S, Smyth R, Williamson PR: The impact of outcome reporting "
    "bias in randomized controlled trials on a cohort of systematic reviews. BMJ 2010, 340:c365.",
    "Clarke M: Standardising outcomes for clinical trials and systematic reviews. Trials 2007, 8:39.",
    "Williamson PR, Altman DG, Blazeby JM, Clarke M, Devane D, Gargon E, Tugwell P: Developing core outcome sets "
    "for clinical trials: issues to consider. Trials 2012, 13:132.",
    "Kirkham JJ, Gargon E, Clarke M, Williamson PR: Can a core outcome set improve the quality of systematic "
    "reviews? A survey of the Co-ordinating Editors of Cochrane Review Groups. Trials 2013, 14:21.",
    "Deyo RA, Battie M, Beurskens AJ, Bombardier C, Croft P, Koes B, Malmivaara A, Roland M, von Korff M, "
    "Waddell G: Outcome measures for low back pain research. A proposal for standardized use. Spine (Phila Pa "
    "1976) 1998, 23:2003-2013.",
    "Mokkink LB, Terwee CB, Patrick DL, Alonso J, Stratford PW, Knol DL, Bouter LM, de Vet HCW: The COSMIN study "
    "reached international consensus on taxonomy, terminology, and definitions of measurement properties for "
    "health-related patient-reported outcomes. J Clin Epidemiol 2010, 63:737-745.",
]

#: How each label style writes entry ``n``; "sup" is a raised number, "none" no label at all.
LABELS = {"1": "{n} ", "1.": "{n}. ", "1)": "{n}) ", "[1]": "[{n}] ", "(1)": "({n}) ", "sup": "{n}", "none": ""}


def wrap(text: str, width: float, size: float) -> list[str]:
    """``text`` cut into lines no wider than ``width`` points in Helvetica at ``size``."""
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and stringWidth(candidate, "Helvetica", size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current]


def reference_columns(
    entries: list[str], style: str, *, size: float = 7, per_column: int = 5, top: float = 70, width: float = 225
) -> list[list[Text]]:
    """Entries set in small type in two columns, a column holding ``per_column`` entries, then the next
    page: the pages' pieces. Labels in ``style`` (a key of :data:`LABELS`); a hanging indent."""
    pitch = size * 1.25
    pages: list[list[Text]] = [[]]
    column, y, count = 0, top, 0
    for n, entry in enumerate(entries, start=1):
        if count == per_column:
            column, y, count = column + 1, top, 0
            if column == 2:
                pages.append([])
                column = 0
        x = LEFT if column == 0 else RIGHT
        label = LABELS[style].format(n=n)
        if style == "sup":
            pages[-1].append(Text(x, y, label, size * 0.65, rise=size * 0.35))
            indent = stringWidth(label, "Helvetica", size * 0.65) + 1
        else:
            indent = stringWidth(label, "Helvetica", size)
        for i, line in enumerate(wrap(entry, width - 12, size)):
            text = (label if i == 0 and style != "sup" else "") + line
            pages[-1].append(Text(x + (indent if i == 0 and style == "sup" else 0 if i == 0 else 12), y, text, size))
            y += pitch
        y += 0.3 * pitch
        count += 1
    return pages


def write_pdf_with_text_layer(lines: list[str], mapping: dict[str, str], *, mapped: range | None = None) -> bytes:
    """A one-page PDF printing ``lines`` (ASCII) in Helvetica whose text layer reads some bytes as other
    characters (``mapping``: {"#": "\\x07"}), the way a broken ToUnicode map puts control characters,
    NUL or half a surrogate pair into a publisher's PDF. ``mapped``: the lines set in the font so read
    (the others in plain Helvetica); all of them by default."""

    def utf16(text: str) -> str:
        return "".join(f"{b:02X}" for b in text.encode("utf-16-be", "surrogatepass"))

    pairs = [(ord(k), utf16(v)) for k, v in mapping.items()]
    pairs += [(c, f"{c:04X}") for c in range(0x20, 0x7F) if chr(c) not in mapping]
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n/CMapName /Custom def /CMapType 2 def\n"
        "1 begincodespacerange <00> <FF> endcodespacerange\n"
        f"{len(pairs)} beginbfchar\n" + "\n".join(f"<{code:02X}> <{text}>" for code, text in pairs) + "\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end\n"
    )
    escaped = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
    mapped = range(len(lines)) if mapped is None else mapped
    content = "BT 14 TL 56 780 Td\n"
    content += "\n".join(f"/F{1 if i in mapped else 2} 11 Tf ({line}) Tj T*" for i, line in enumerate(escaped))
    content += "\nET\n"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R /F2 7 0 R >> >> "
        "/Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /ToUnicode 6 0 R >>",
        f"<< /Length {len(content)} >>\nstream\n{content}endstream",
        f"<< /Length {len(cmap)} >>\nstream\n{cmap}endstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


#: A short article's title and body citing the trials references [1]-[12], for drawn layouts.
TRIALS_TITLE = Text(LEFT, 70, "Core outcomes for trials of low back pain: a layout test", 16, bold=True)
TRIALS_BODY = [
    "Low back pain costs health systems a great deal [1] and care differs [2] between countries.",
    "Treatments show similar effects in primary care [3], and method guidelines [4] help reviews.",
    "Exercise helps some patients [5] and so may manipulation [6] of the spine in acute pain.",
    "Outcome reporting bias harms reviews [7] and outcomes should be standard [8] across trials.",
    "Core sets need care [9], editors want them [10], and proposals exist [11, 12] for back pain.",
]


def unlabelled(entry: str) -> str:
    """An entry without its label ("[1]", "(1)", "1." or "1").

    >>> unlabelled("[12] Smith J. A work.")
    'Smith J. A work.'
    """
    return re.sub(r"^(?:\[\d+\]|\(\d+\)|\d+\.?)\s*", "", entry)


def justified(x: float, y: float, words: list[str], width: float, size: float) -> list[Text]:
    """One line set word by word, its spaces widened so that it fills ``width`` (a justified line)."""
    natural = sum(stringWidth(word, "Helvetica", size) for word in words)
    space = (width - natural) / max(1, len(words) - 1)
    pieces, at = [], x
    for word in words:
        pieces.append(Text(at, y, word, size))
        at += stringWidth(word, "Helvetica", size) + space
    return pieces
