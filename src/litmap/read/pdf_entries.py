"""A PDF's reference list split into entries by its layout, and the entries' lines written out as printed.

A reference list is split where the layout says an entry starts: numbered labels in sequence, a
hanging (or first-line) indent, a wider gap between entries than between lines, or, when the layout
marks nothing, an author list after a line that ends an entry. These rules read the lines' positions
and sizes as much as their words, and only the reference list, so they stand apart from
:mod:`litmap.read.pdf_text`, which joins printed lines into text and reads the body's superscripts;
:mod:`litmap.read.pdf_reference_list` finds the list and calls :func:`split_reference_entries`.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence

from litmap.read.pdf_lines import Line
from litmap.read.reference_block import entry_label

_LINK_END_RE = re.compile(r"://|^www\.|^doi|^10\.\d{4,9}/|/|\.(?:s?html?|pdf|aspx?|php|jsp|xml|cfm)$", re.IGNORECASE)


def render_line(line: Line) -> str:
    """A line's text with its scripts written inline, as printed ("¹H" as "1H"): for reference entries.

    A raised number that opens the line is a label ("¹Smith J" is "1 Smith J").
    """
    spans = line.spans
    if len(spans) > 1 and spans[0][1] == "sup" and re.fullmatch(r"\s*\d{1,4}[.)]?\s*", spans[0][0]):
        return spans[0][0].strip() + " " + "".join(text for text, _ in spans[1:]).lstrip()
    return line.text


_PARTICLES = r"(?:(?:van|von|de|der|den|del|della|di|da|du|la|le|dos|das|ter|ten|al|el|mc|st\.?)\s+)*"
# How reference entries begin: "Smith J," "Smith, J." "Smith JA:" "van Kampen, H." "Jelén, H.H.;"
# "O'Connell MJ" "Australian Sports Commission. (2006)" (a name, then a year in brackets).
_AUTHOR_START_RE = re.compile(
    rf"^{_PARTICLES}[A-Z\u00C0-\u024F][\w'’\-]+(?:\s+[A-Z\u00C0-\u024F][\w'’\-]+)?"
    rf"(?:,\s*(?:[A-Z]\.\s?-?){{1,3}}|,?\s+[A-Z]{{1,3}}\b[,.:;]?|,\s+[A-Z][a-z]+\b)"
    rf"|^[A-Z][\w&.,'’\- ]{{2,80}}?\(\d{{4}}[a-z]?\)",
    re.UNICODE,
)


def split_reference_entries(
    lines: Sequence[Line], texts: Sequence[str], lefts: Sequence[float]
) -> tuple[list[list[int]], list[int]]:
    """Group the lines of a reference list into entries: the line indexes of each entry, and of stray lines.

    ``texts`` are the lines' texts and ``lefts`` the left edge of the column each stands in.
    The layout decides, in this order: numbered labels in sequence ("1.", "[2]", …); a hanging
    indent (or a first-line indent); a wider gap between entries than between lines; else an
    author list starting a line after a line that ends an entry. A line that starts no entry
    and stands apart from the one before (a wide gap on the same page, or type of another size:
    a boxed notice after the list, a stray table cell) is stray, not part of an entry.
    """
    n = len(lines)
    if n == 0:
        return [], []
    starts = _numbered_starts(texts)
    if starts is None:
        starts = _indent_starts(lines, texts, lefts)
    if starts is None:
        starts = _gap_starts(lines, texts)
    if starts is None:
        starts = _author_starts(lines, texts, lefts)
    size = statistics.median(line.size for line in lines)
    entries: list[list[int]] = []
    stray: list[int] = []
    for index in range(n):
        if entries and starts[index] and _set_off(lines[index - 1], lines[index], size):
            stray.append(index)  # a footer or notice under the list, in other type: no entry
        elif starts[index] or not entries:
            entries.append([index])
        elif _stands_apart(lines[entries[-1][-1]], lines[index], size):
            stray.append(index)
        else:
            entries[-1].append(index)
    return entries, stray


def _set_off(previous: Line, line: Line, size: float) -> bool:
    """Type of another size after a wide gap on the same page: a one-page article's footer under
    its list ("www.… Published online …"), which no other page repeats to mark it as furniture."""
    step = line.y - previous.y
    return abs(line.size - size) > 0.08 * size and line.page == previous.page and step > 2.0 * 1.2 * size


def _stands_apart(previous: Line, line: Line, size: float) -> bool:
    if abs(line.size - size) > 0.08 * size:
        return True
    step = line.y - previous.y
    return line.page == previous.page and step > 0 and step > 2.0 * 1.2 * size and line.x0 < previous.x1


def _column_rights(lines: Sequence[Line], lefts: Sequence[float]) -> list[float]:
    right_of: dict[tuple[int, int], float] = {}
    for line, left in zip(lines, lefts):
        key = (line.page, round(left))
        right_of[key] = max(right_of.get(key, 0.0), line.x1)
    return [right_of[(line.page, round(left))] for line, left in zip(lines, lefts)]


def _numbered_starts(texts: Sequence[str]) -> list[bool] | None:
    starts = [False] * len(texts)
    expected, found = None, 0
    labels = [entry_label(text) for text in texts]
    for index, number in enumerate(labels):
        if number is None:
            continue
        if expected is not None and expected < number <= expected + 2 and expected in labels[index + 1 : index + 4]:
            continue  # "11 ago. 2020." carried to a line of its own, just before the line labelled 9
        if (expected is None and number <= 3) or (expected is not None and expected <= number <= expected + 2):
            starts[index] = True
            expected, found = number + 1, found + 1
    if found >= 3:
        return starts
    # a short list (a letter's, an editorial's): one or two entries, labelled from 1 on its first line,
    # with no other label and no more lines than such entries take
    short = labels[0] == 1 and found == sum(n is not None for n in labels) and len(texts) <= _SHORT_ENTRY_LINES * found
    return starts if found and short else None


#: Lines an entry of a short list may take, at most, for its labels alone to split it.
_SHORT_ENTRY_LINES = 5


def _indent_starts(lines: Sequence[Line], texts: Sequence[str], lefts: Sequence[float]) -> list[bool] | None:
    offsets = [(line.x0 - left) / line.size for line, left in zip(lines, lefts)]
    indented = [0.6 < offset < 6 for offset in offsets]
    flush = [offset < 0.35 for offset in offsets]
    share = sum(indented) / len(lines)
    if not 0.12 <= share <= 0.9 or sum(flush) < (1 if flush[0] else 2):
        return None  # (a list of one entry has one line at the edge: its first)
    if flush[0]:  # hanging indent: an entry starts at the column's edge (after an entry's end)
        return [
            i == 0
            or (flush[i] and (_ends_sentence(texts[i - 1]) or _ends_link(texts, i - 1) or is_author_start(texts[i])))
            for i in range(len(lines))
        ]
    return [indented[i] or i == 0 for i in range(len(lines))]  # first-line indent


def _gap_starts(lines: Sequence[Line], texts: Sequence[str]) -> list[bool] | None:
    steps = [
        lines[i].y - lines[i - 1].y
        for i in range(1, len(lines))
        if lines[i].page == lines[i - 1].page and 0 < lines[i].y - lines[i - 1].y < 3 * lines[i].size
    ]
    if len(steps) < 4:
        return None
    pitch = statistics.median(steps)
    wide = [
        i > 0
        and lines[i].page == lines[i - 1].page
        and pitch * 1.15 < lines[i].y - lines[i - 1].y < 4 * lines[i].size
        and lines[i].y - lines[i - 1].y - pitch > 0.12 * lines[i].size
        for i in range(len(lines))
    ]
    share = sum(wide) / len(lines)
    if not sum(wide) >= 3 or share > 0.7:
        return None
    starts = []
    for i in range(len(lines)):
        jumped = i > 0 and (lines[i].page != lines[i - 1].page or lines[i].y < lines[i - 1].y)
        starts.append(i == 0 or wide[i] or (jumped and is_author_start(texts[i]) and _may_end_entry(texts[i - 1])))
    return starts


def _author_starts(lines: Sequence[Line], texts: Sequence[str], lefts: Sequence[float]) -> list[bool]:
    """A list whose layout marks no entry: an entry starts where a line opens with authors (or an
    organisation and its year: "Orphanet. 2013.") after a line that ends an entry — with a full stop, a
    link, or well short of the column's edge. An entry with no year yet is ended only by a short line
    ("…, Newsham, K." goes on "K., et al. (2011)"), and never right after its year ("(2004)." is
    followed by its title, "Reassessing PCR primers…")."""
    rights = _column_rights(lines, lefts)
    starts, entry = [], ""
    for i, text in enumerate(texts):
        if i == 0:
            starts.append(True)
            entry = text
            continue
        previous, line = texts[i - 1], lines[i - 1]
        short = rights[i - 1] - line.x1 > 4 * line.size
        dated = _HAS_YEAR_RE.search(entry) is not None
        ended = (
            (_ends_entry(previous, line, rights[i - 1]) or _ends_link(texts, i - 1))
            and _may_end_entry(previous)
            and (short or (dated and not _names_and_year(entry)))
        )
        start = ended and (
            is_author_start(text)
            or (dated and (_NAMED_YEAR_START_RE.match(text) is not None or _organisation_over_lines(texts, i)))
            or (short and dated and _ENDS_WITH_YEAR_RE.search(previous) is not None and _opens_organisation(text))
        )
        starts.append(start)
        entry = text if start else f"{entry} {text}"
    return starts


def _names_and_year(entry: str) -> bool:
    """An entry so far that is only its authors and their year ("Thröback, I. N., and Hallin, S. (2004)."):
    its title is still to come. (A year that ends an entry after its title, "… Veterans. 2019.", ends it.)

    >>> _names_and_year("Thröback, I. N., Enwall, K., and Hallin, S. (2004)."), _names_and_year("Yang GL. Asymptotics in statistics. 2000.")
    (True, False)
    """
    found = _ENDS_WITH_YEAR_RE.search(entry)
    if not found:
        return False
    words = re.findall(r"\b[a-z][a-z’']{2,}\b", entry[: found.start()])
    return all(word in _NAME_WORDS for word in words)


_NAME_WORDS = frozenset({"and", "van", "von", "der", "den", "del", "della", "dos", "das", "ten", "ter", "les"})
_HAS_YEAR_RE = re.compile(r"\b(?:1[5-9]|20)\d\d[a-z]?\b|\bn\.\s?d\.")
_ENDS_WITH_YEAR_RE = re.compile(r"(?:^|\s)\(?(?:1[5-9]|20)\d\d[a-z]?\)?[.:]?$")  # "… 2007." or "(2007).", not a DOI
#: A line opening with a name (a person or an organisation) and the year after it, as an author–date
#: entry does: "Orphanet. 2013.", "National Institute of Mental Health. (n.d.)."
_NAMED_YEAR_START_RE = re.compile(
    r"[A-Z][^\W\d_&’'.\- ]{0,40}(?:[&’'.\- ]{1,3}[^\W\d_]{1,40}){0,24}?[.,]\s+\(?(?:(?:1[5-9]|20)\d\d[a-z]?|n\.\s?d\.)"
    r"(?:,\s[A-Z][a-z]+(?:\s\d{1,2})?)?\)?[.,:]"
)
# An organisation as an author, long enough to run over two or three lines, and its year: capitalised
# words, the small words of a name, commas ("U.S. Department of Health and Human Services, Health
# Resources and Services Administration, Office of Rural Health Policy. (2005).") — no digits, so no
# publisher's line ("Proceedings of the 2001 IEEE … Conference on, 2001.") reads as one.
# A word of the name is capitalised, or an abbreviation of capitals ("U.S."); a person's initial ("A.")
# or a full stop after a word would end the name.
_CAPITAL_WORD = r"(?:[A-Z]\.){2,8}|[A-Z\u00C0-\u00DE][^\W\d_]{0,40}(?:[’'&\-][^\W\d_]{1,40}){0,4}"
_NAME_WORD = rf"(?:{_CAPITAL_WORD}|of|and|for|the|on|in|de|du|des|la|le|e|y|für|und|&)"
_ORGANISATION_YEAR_RE = re.compile(
    rf"(?:{_CAPITAL_WORD})(?:,?\s+{_NAME_WORD}){{1,30}}\.\s+"
    r"\(?(?:(?:1[5-9]|20)\d\d[a-z]?|n\.\s?d\.)(?:,\s[A-Z][a-z]+(?:\s\d{1,2})?)?\)?[.,:]"
)

_ORGANISATION_RE = re.compile(rf"(?:{_CAPITAL_WORD})(?:,?\s+{_NAME_WORD}){{2,30}}\.(?:\s*$|\s+[A-Z])")


def _opens_organisation(text: str) -> bool:
    """The line opens with an organisation's name (three capitalised words or more) and a full stop, the
    whole line or before a capitalised word, as an entry without a year after its author does (ABNT,
    Vancouver). Read only after a short line that ends a dated entry with its year ("…: Polis, 1994."),
    for a publisher's line ("Columbia University Press.") ends an entry whose year came first.

    >>> _opens_organisation("Conselho Nacional de Desenvolvimento Científico e Tecnológico.")
    True
    >>> _opens_organisation("World Health Organization. Global tuberculosis report"), _opens_organisation("The Lancet.")
    (True, False)
    """
    found = _ORGANISATION_RE.match(text.strip())
    return found is not None and len(re.findall(rf"(?:^|\s)(?:{_CAPITAL_WORD})\b", found.group(0))) >= 3


def _organisation_over_lines(texts: Sequence[str], index: int) -> bool:
    """Line ``index`` opens an organisation's name that goes on over the next line or two to its year.

    >>> _organisation_over_lines(["…/bars.pdf", "U.S. Department of Health and Human Services, Health Resources and",
    ...     "Services Administration, Office of Rural Health Policy. (2005). Mental"], 1)
    True
    >>> _organisation_over_lines(["… 2001. CVPR 2001.", "Proceedings of the 2001 IEEE Computer Society Conference on, 2001."], 1)
    False
    >>> _organisation_over_lines(["… (2nd ed.).", "The Guilford Press.", "Butler, A. C., & Beck, A. T. (2006). The"], 1)
    False
    """
    joined = texts[index].strip()
    for following in texts[index + 1 : index + 3]:
        joined = f"{joined} {following.strip()}"
        found = _ORGANISATION_YEAR_RE.match(joined)
        if found:
            return found.end() > len(texts[index].strip())
    return False


def is_author_start(text: str) -> bool:
    """True when a line begins the way a reference entry's author list does.

    >>> is_author_start("Smith JA, Jones B: Title"), is_author_start("van Kampen, H. (2005)")
    (True, True)
    >>> is_author_start("Fisheries Research and Development Corporation")
    False
    """
    return bool(_AUTHOR_START_RE.match(text.strip()))


def _may_end_entry(text: str) -> bool:
    """No sign that the entry goes on: it does not end with a comma, a colon, a hyphen or a small word
    no entry ends with ("and", "of": "…, Office of" goes on "Community Planning and Development. (2011).")."""
    return not re.search(r"(?:[,;:&\-–]|\b(?:and|of|the|for|on|in|to|with|a|an|or|at|by|from))\s*$", text.strip())


def _ends_sentence(text: str) -> bool:
    return bool(re.search(r"[.!?)\]]\s*$|\d\s*$", text.strip()))


def _ends_link(texts: Sequence[str], index: int) -> bool:
    """Line ``index`` ends with a URL or DOI, as an APA 7 entry does, with no full stop after it; or it
    is the last piece of one, carried to a line of its own ("…/data/cumulative-" + "cases")."""
    words = texts[index].split()
    if words and _LINK_END_RE.search(words[-1]):
        return True
    before = texts[index - 1].split() if index > 0 else []
    return len(words) == 1 and bool(before) and _LINK_END_RE.search(before[-1]) is not None


def _ends_entry(text: str, line: Line, right: float) -> bool:
    """A line that ends an entry: it ends a sentence or stops well short of the column's edge."""
    return _ends_sentence(text) or right - line.x1 > 4 * line.size
