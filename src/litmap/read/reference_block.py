"""Find an article's reference list and split it into entries (before any entry is parsed into fields).

Three questions, each answered from the text alone so that every input format shares them:

- *Does this heading open a reference list?* :func:`reference_heading_kind` knows the usual
  headings in several languages ("References", "Works Cited", "Bibliografía", "Literatur"…) and,
  as weaker candidates, "Notes", "Footnotes" and "Endnotes".
- *Does this line or element look like a reference entry?* :func:`entry_score` adds up the
  signals an entry carries (a year, a DOI or URL, a list number, authors first, a volume/pages
  tail) and takes away those of prose; :func:`looks_like_entry` is the verdict. The reference
  block ends where entries stop looking like entries, so calls to action, author bios and
  footers after the list are left out without a list of words to recognise them.
- *Where does one entry end and the next begin?* :func:`split_reference_block` joins wrapped
  lines and splits on blank lines or list numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from litmap.text import DOI, ISBN, PARTICLE_RE, YEAR, strip_accents

#: Headings that open a reference list, matched on the whole heading (case, a leading section
#: number, a trailing colon and accents aside). Weak headings ("Notes") open one only when
#: what follows looks like entries.
REFERENCE_HEADINGS = (
    "references",
    "reference",
    "reference list",
    "references cited",
    "literature cited",
    "literature",
    "cited literature",
    "works cited",
    "work cited",
    "cited works",
    "bibliography",
    "selected bibliography",
    "select bibliography",
    "sources",
    "source",
    "sources cited",
    "citations",
    "notes and references",
    "references and notes",
    "references and further reading",
    "methods references",
    "additional references",
    # Spanish, Portuguese, French, German, Italian, Dutch, Scandinavian
    "referencias",
    "referencias bibliograficas",
    "bibliografia",
    "referencias y notas",
    "referencias bibliográficas",
    "referências",
    "referencias bibliográficas",
    "referências bibliográficas",
    "références",
    "references bibliographiques",
    "références bibliographiques",
    "bibliographie",
    "literatur",
    "literaturverzeichnis",
    "literaturangaben",
    "quellen",
    "quellenverzeichnis",
    "riferimenti",
    "riferimenti bibliografici",
    "bibliografía",
    "literatuur",
    "literatuurlijst",
    "referenties",
    "litteratur",
    "referenser",
    "kilde",
    "kilder",
)
WEAK_REFERENCE_HEADINGS = ("notes", "footnotes", "endnotes", "end notes", "notas", "anmerkungen", "note")

_HEADING_PREFIX = re.compile(r"^\s*(?:(?:\d+(?:\.\d+)*|[IVXLC]+)[.)]?\s+)?")


def _fold(text: str) -> str:
    return strip_accents(text).lower()


_PRIMARY = {_fold(h) for h in REFERENCE_HEADINGS}
_WEAK = {_fold(h) for h in WEAK_REFERENCE_HEADINGS}


def reference_heading_kind(text: str) -> str | None:
    """``"primary"`` for a reference-list heading, ``"weak"`` for "Notes" and the like, else None.

    >>> reference_heading_kind("7. References:"), reference_heading_kind("Bibliografía")
    ('primary', 'primary')
    >>> reference_heading_kind("Notes"), reference_heading_kind("Further reading")
    ('weak', None)
    """
    words = _HEADING_PREFIX.sub("", text.strip())
    words = re.sub(r"(?<![\s:.])[\s:.]+$", "", words)  # (?<!…): each run tried once (linear time)
    # Folding is character by character, so the folded beginning of a line is the beginning of the
    # folded line: when it is already too long for a heading, the line is not one (a paragraph of
    # 5 MB is not folded whole to learn that).
    if len(words) > 400 and len(" ".join(_fold(words[:400]).replace("&", "and").split())) > 40:
        return None
    words = " ".join(_fold(words).replace("&", "and").split())
    if len(words) > 40:
        return None
    if words in _PRIMARY:
        return "primary"
    if words in _WEAK:
        return "weak"
    return None


# ---------------------------------------------------------------------------------------------
# how much a line looks like an entry

_YEAR_ANY = re.compile(r"(?<![\d/.-])" + YEAR + r"[a-z]?(?![\d])|\bn\.\s?d\.|\bin press\b", re.IGNORECASE)
_YEAR_EARLY = re.compile(r"\(\s*" + YEAR + r"[a-z]?[^()]{0,20}\)|" + YEAR + r"[a-z]?[.;,:]|\(n\.\s?d\.\)")
_PARTICLE = PARTICLE_RE
_UPPER = "A-Z\u00c0-\u00de\u0100-\u017f"
#: Capital letters, Latin with accents included, for a character class: "[" + UPPER + "]".
UPPER = _UPPER
AUTHOR_START = re.compile(
    rf"^(?:{_PARTICLE}\s+)*[{_UPPER}][\w'’-]+(?:\s+[{_UPPER}][\w'’-]+)?"
    rf"(?:,\s*(?:[{_UPPER}]\.|[{_UPPER}][a-z]+)|\s+[{_UPPER}]{{1,3}}\b[,.]?|\s+[{_UPPER}]\.)"
    rf"|^(?:[{_UPPER}]\.\s*-?)+\s*(?:{_PARTICLE}\s+)*[{_UPPER}][\w'’-]+[,.]",
)
_TAIL = re.compile(
    r"\b\d+\s*\(\s*[\w/-]{1,10}\s*\)\s*[:,]?\s*[A-Za-z]?\d|\b\d+\s*:\s*[A-Za-z]?\d+|\bpp?\.\s*\d|\bvol\.\s*\d|\b\d+\s*[-–]\s*\d+\s*\.?$",
    re.IGNORECASE,
)
_LABEL = re.compile(r"^\s*(?:\[\s*\d+[a-z]?\s*\]|\(\d+\)|\d{1,4}[.)]\s|\d{1,4}\s+(?=[A-Z])|\^\s*|↑\s*)")
_ENTRY_THRESHOLD = 3


#: Characters past which a line loses points as an entry (a paragraph of prose, not a reference) ...
LONG_ENTRY = 2000


def entry_score(text: str, *, long_ok: bool = False) -> int:
    """Points for how much one line or element looks like a reference entry (3 or more: it does).

    A line over :data:`LONG_ENTRY` characters loses 3 points, unless ``long_ok`` (an entry of
    thousands of authors inside a list already found).

    >>> entry_score("Smith, J. (2001). Empathy. Journal of Care, 3(2), 10-20.")
    6
    >>> entry_score("Subscribe to our newsletter for tips every week!")
    -2
    """
    text = " ".join(str(text).split())
    if not text:
        return 0
    score = 0
    label = _LABEL.match(text)
    body = text[label.end() :].lstrip() if label else text
    if label:
        score += 1
    if _YEAR_ANY.search(body):
        score += 2
        early = _YEAR_EARLY.search(body[:250])
        if early and early.start() <= 200 and len(body) - early.end() >= 15:
            score += 1  # the year between authors and title (APA, Harvard), not "Some post title (2024)"
    if DOI.search(body):
        score += 2
    elif re.search(r"https?://|www\.", body):
        score += 1
    if ISBN.search(body):
        score += 2
    if AUTHOR_START.match(body):
        score += 2
    if _TAIL.search(body):
        score += 1
    if re.search(r"\bet al\b", body):
        score += 1
    if len(body) < 25 or (len(body) > LONG_ENTRY and not long_ok):
        score -= 3
    words = re.findall(r"[^\W\d_]+", re.sub(r"(?:https?://|www\.|10\.\d{4,9}/)\S+", " ", body))
    if len(words) > 25 and sum(w[0].islower() for w in words) / len(words) > 0.8:
        score -= 2  # long prose: mostly lower-case words
    if re.search(r"[?!]\s*$", body):
        score -= 2
    return score


def looks_like_entry(text: str, *, long_ok: bool = False) -> bool:
    """Whether a line or element reads as a reference entry (see :func:`entry_score`)."""
    return entry_score(text, long_ok=long_ok) >= _ENTRY_THRESHOLD


# ---------------------------------------------------------------------------------------------
# labels

#: A reference entry's label: "[12]", "(12)", "12." (or "12.Smith"), or a bare "12" before a word.
ENTRY_LABEL = re.compile(
    r"^\s*(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})\.(?=\s|[^\W\d_])|(\d{1,4})\)(?=\s)|(\d{1,4})(?=\s+[^\W\d_]))"
)


def entry_label(text: str) -> int | None:
    """The number of the label an entry (or a line) starts with: "[12]", "(12)", "12.", "12)", "12 Smith".

    >>> entry_label("[12] Smith J"), entry_label("12. Smith J"), entry_label("12) Smith J"), entry_label("12 Smith J")
    (12, 12, 12, 12)
    >>> entry_label("Smith J"), entry_label("12)Smith")
    (None, None)
    """
    match = ENTRY_LABEL.match(text)
    return int(next(g for g in match.groups() if g)) if match else None


# ---------------------------------------------------------------------------------------------
# splitting a block into entries

_NUMBERED_START = re.compile(r"^\s*(?:\[\d+\]|\(\d+\)|\d{1,4}[.)])\s")
#: A line that starts a new entry although it begins in lower case: "van Harreveld A, …", "de Vries, G. J."
_PARTICLE_ENTRY = re.compile(
    rf"^\s*(?:{_PARTICLE}\s+)+[{_UPPER}][\w'’-]+(?:,|\s+[{_UPPER}]{{1,3}}\b|\s+[{_UPPER}]\.|\s+\(\d{{4}})"
)


def split_reference_block(lines: Iterable[str] | str, start: int = 1) -> list[tuple[int, str]]:
    """Split a reference block into entries, each with the line number where it starts.

    Entries are separated by blank lines, or start with numbering ("[3]", "3."); wrapped lines
    (indented, starting in lower case, or after a hyphen) are joined to the entry above — except
    a line that starts with a name particle and a family name ("van Harreveld A, …"), which is an
    entry of its own. When neither blank lines nor numbering separate entries, each line is one
    entry. The entry text is kept as written, numbering included; :func:`~litmap.parse.references.parse_reference`
    strips it for parsing.

    Parameters
    ----------
    lines : iterable of str, or str
        The block's lines (a str is split on newlines).
    start : int
        Line number of the first line, so numbers can refer to the whole article.

    Examples
    --------
    >>> split_reference_block(["Stapel DA, Lindenberg S. Coping. Science. 2011.", "van Harreveld A, Smith J. Doubt. 2009."])
    [(1, 'Stapel DA, Lindenberg S. Coping. Science. 2011.'), (2, 'van Harreveld A, Smith J. Doubt. 2009.')]
    """
    lines = lines.splitlines() if isinstance(lines, str) else list(lines)
    text_lines = [(start + i, line.rstrip()) for i, line in enumerate(lines)]
    groups: list[list[tuple[int, str]]] = [[]]
    for number, line in text_lines:
        if line.strip():
            groups[-1].append((number, line))
        elif groups[-1]:
            groups.append([])
    groups = [g for g in groups if g]
    numbered = sum(bool(_NUMBERED_START.match(t)) for g in groups for _, t in g) >= 2
    entries: list[list] = []
    for group in groups:
        # A blank-line separated group is one wrapped entry, unless its lines are entries of their own
        # (one entry per line, numbered lines, or a list with no blank lines at all).
        per_line = len(groups) == 1 or sum(looks_like_entry(t) for _, t in group[1:]) >= 0.5 * (len(group) - 1)
        for k, (number, line) in enumerate(group):
            new = k == 0 or (
                _NUMBERED_START.match(line) if numbered else per_line and not _is_continuation(line, entries)
            )
            # an entry's pieces are joined once at the end: joining each wrapped line to the entry so far
            # copied it every time (100,000 lines of one entry: 45 s, most of it the system's allocator)
            if new:
                entries.append([number, [line.strip()]])
            else:
                pieces = entries[-1][1]
                prev = pieces[-1]
                pieces.append(line.strip() if prev.endswith("-") and not prev.endswith(" -") else f" {line.strip()}")
    return [(number, "".join(pieces)) for number, pieces in entries]


def _is_continuation(line: str, entries: list) -> bool:
    if not entries:
        return False
    if entries[-1][1][-1].endswith("-") or line[:1].isspace():
        return True
    return line.lstrip()[:1].islower() and not _PARTICLE_ENTRY.match(line)


__all__ = [
    "ENTRY_LABEL",
    "LONG_ENTRY",
    "UPPER",
    "REFERENCE_HEADINGS",
    "WEAK_REFERENCE_HEADINGS",
    "entry_label",
    "entry_score",
    "looks_like_entry",
    "reference_heading_kind",
    "split_reference_block",
]
