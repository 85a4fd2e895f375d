"""Raised citation numbers a PDF sets apart from the line they belong to.

A superscript list too long for its line is broken after a comma; what the typesetter sets on a line
of its own, or apart from the words of a widely justified line, has no text on its baseline, so
PDFium gives it as a fragment of small type of its own, which :mod:`litmap.read.pdf_pages` would read
as an aside and lose with its citations. :func:`with_raised_lines_attached` joins such fragments back.
"""

from __future__ import annotations

import re

from litmap.read.pdf_lines import Line

#: Text that is only a list of citation numbers ("68–71,74,78,", "100", "7,"): what a raised line may hold.
_NUMBER_LIST_RE = re.compile(r"\d{1,4}(?:\s*[,–—-]\s*\d{1,4})*\s*[,–—-]?")
_SCRIPT = 0.85  # a fragment below this share of its neighbour's size is set as a script beside it


def with_raised_lines_attached(lines: list[Line]) -> list[Line]:
    """Join a fragment that is only raised citation numbers to the text it belongs to.

    A superscript list too long for its line is broken after a comma; what the typesetter sets on
    a line of its own, or apart from the words of a widely justified line, has no text on its
    baseline, so it becomes a fragment of small type of its own and would be read as an aside and
    lost. A fragment of numbers in script size (under 0.85 of the text beside it) joins, as a
    superscript, the text on its band that it is raised above (before the word on its right at a
    line's start, after the word on its left otherwise); one with no text on its band goes on the
    raised list that ends the line above it ("…,⁶³⁻⁶⁵," then "⁶⁸⁻⁷¹,…,¹¹⁰,").
    """
    raised = sorted(
        (line for line in lines if _NUMBER_LIST_RE.fullmatch(line.text.strip()) and not line.raised),
        key=lambda line: line.y,
    )
    if not raised:
        return lines
    absorbed: set[int] = set()
    rows: list[tuple[float, Line]] = [(line.y, line) for line in lines]  # baselines a list may go on from
    for piece in raised:
        text = piece.text.strip()
        if _has_text_on_its_baseline(piece, lines):
            continue  # a label or a number of a line of its own size ("2" before "Rogers JM", next column)
        band = [
            line
            for line in lines
            if line is not piece
            and id(line) not in absorbed
            and _is_script_of(piece, line)
            and 0.15 * line.size < line.y - piece.y < 0.6 * line.size
        ]
        left = [line for line in band if 0 <= piece.x0 - line.x1 < 2 * line.size]
        right = [line for line in band if 0 <= line.x0 - piece.x1 < 2 * line.size]
        if left:  # after the word it cites
            target = max(left, key=lambda line: line.x1)
            last, kind = target.spans[-1]
            if kind == "sup" and not last.rstrip().endswith((",", "–", "-")):
                continue  # two raised numbers with nothing between: which is which is not known
            if kind == "sup":
                target.spans[-1] = (last + text, "sup")
            else:
                target.spans.append((text, "sup"))
                target.raised.append(_measure(piece, target))
            target.x1 = max(target.x1, piece.x1)
        elif right and (len(_digits(text)) > 1 or _open_list_above(piece, rows)):  # at a line's start
            target = min(right, key=lambda line: line.x0)
            target.spans[:0] = [(text, "sup"), (" ", "")]
            target.raised.insert(0, _measure(piece, target))
            target.x0 = min(target.x0, piece.x0)
        else:  # a line of its own: the rest of the list that ends the line above
            target = _open_list_above(piece, rows)
            if target is None:
                continue
            target.spans[-1] = (target.spans[-1][0] + text, "sup")
            rise = target.raised[-1][1] if target.raised else 0.35
            rows.append((piece.y + rise * target.size, target))  # the baseline it stands above, for a next one
        absorbed.add(id(piece))
    return [line for line in lines if id(line) not in absorbed]


def _has_text_on_its_baseline(piece: Line, lines: list[Line]) -> bool:
    return any(
        line is not piece
        and abs(line.y - piece.y) < 0.3 * piece.size
        and min(abs(line.x0 - piece.x1), abs(piece.x0 - line.x1)) < 3 * piece.size
        for line in lines
    )


def _measure(piece: Line, target: Line) -> tuple[float, float]:
    """A raised piece's size and rise as fractions of the line it stands in (as :class:`Line` keeps them)."""
    return round(piece.size / target.size, 3), round((target.y - piece.y) / target.size, 3)


def _digits(text: str) -> list[str]:
    return re.findall(r"\d+", text)


def _is_script_of(piece: Line, line: Line) -> bool:
    return 0.4 * line.size < piece.size < _SCRIPT * line.size


def _open_list_above(piece: Line, rows: list[tuple[float, Line]]) -> Line | None:
    """The line just above ``piece`` in its column, when it ends with a raised list that goes on (a comma)."""
    above = [
        (y, line)
        for y, line in rows
        if line is not piece
        and _is_script_of(piece, line)
        and 0.3 * line.size < piece.y - y < 1.5 * line.size
        and line.x0 - line.size <= piece.x0 <= line.x1
    ]
    if not above:
        return None
    _, line = max(above, key=lambda row: row[0])
    last, kind = line.spans[-1]
    return line if kind == "sup" and last.rstrip().endswith((",", "–", "-")) else None
