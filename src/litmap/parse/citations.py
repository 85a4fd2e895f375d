"""In-text citations written in a sentence, found from the text alone; the author–year forms read here.

Kept apart from :mod:`litmap.parse.claims` (which links citations to entries) so the fiddly reading
of citation forms lives in one place; sentences are split by :mod:`litmap.parse.sentences` and
numbered forms read by :mod:`litmap.parse.numbered_citations` (both re-exported here):

- numbered: "[3]", "[1-5]", "[1]–[5]", "[7],[11],[12]", "(3)", "(1–4)" (in numbered articles),
  "refs. 3–5", Unicode superscripts "¹²", superscripts marked by the page (HTML ``<sup>``);
- author–year in parentheses or brackets, each part of "(A, 2001; B & C, 2003a, 2005)" read
  from its year backwards, so prefixes ("e.g.", "see", "but see", "reviewed in"), locators
  ("p. 12", "para. 7", "n.p."), suffixes ("for a review") and several years are handled;
  ABNT's semicolons between authors ("(Russell; Sugimoto, 2009)"); group authors with the
  abbreviation they introduce ("National Institute of Mental Health [NIMH], 2022");
- narrative: "Smith (2001)", "Smith et al.'s (2001)", "Smith and colleagues (2001)",
  "Guimarães, Grácio e Matos (2014)", "Smiraglia (2014; 2015)", "Coakley (2011, p. 307)";
- bare "Owen, 1842" or "Frazier et al., 2014" outside brackets, which count only when an entry
  matches (``bare`` is set).
"""

from __future__ import annotations

import re

from litmap.parse.in_text import InTextCitation
from litmap.parse.numbered_citations import (
    BRACKET_NUMBERS,
    compute_index_symbols,
    compute_label_words,
    expand_numbers,
    find_numbered,
    is_inside,
)
from litmap.parse.sentences import (
    WORD_WINDOW,
    citations_after_stop,
    enumeration_numbers,
    sentence_spans,
    split_sentences,
)
from litmap.read.blocks import word_set as _word_set
from litmap.text import ORG_SMALL_WORDS, PARTICLE_RE, PARTICLES, YEAR

__all__ = [
    "BRACKET_NUMBERS",
    "InTextCitation",
    "citations_after_stop",
    "compute_index_symbols",
    "compute_label_words",
    "enumeration_numbers",
    "expand_numbers",
    "find_citations",
    "sentence_spans",
    "split_sentences",
]

_YEAR = YEAR + r"(?:[a-z](?![a-z]))?"
_YEAR_TOKEN = re.compile(
    rf"(?<![\w/.-])(?:{_YEAR}|n\.\s?d\.?|in press|forthcoming|s\.\s?d\.)(?:/{YEAR})?(?![\w-])", re.I
)
_SUFFIX_LETTER = re.compile(r"\s*,\s*([a-z])\b(?!\.)")  # "2001a, b"

#: Small words inside group names ("Department of Health and Human Services").
_GROUP_WORDS = ORG_SMALL_WORDS
#: Capitalised only because they open the sentence: never the first word of a cited name.
_SENTENCE_OPENERS = _word_set(
    "As In By For From With According Unlike Like Following Both Also And But While When Although Though "
    "Since Because Then Thus Hence However Moreover Furthermore Indeed Here There This These That Those "
    "The A An Our We Recently Similarly Likewise Conversely Notably Finally First Second Third Later "
    "Earlier Yet So If After Before During Whereas Only Even Further Previous Prior Other Some Many Most "
    "Several Such Using Based"
)
_CONJUNCTIONS = frozenset({"and", "&", "e", "y", "und", "et"})
_ET_AL = re.compile(r"(?:,\s*)?\bet\s*al\b\.?|\band\s+(?:colleagues|co-?workers|associates)\b", re.I)
_TOKEN = re.compile(
    r"et\s*al\b\.?|and\s+(?:colleagues|co-?workers|associates)\b|\[[A-Z][A-Za-z&-]{1,12}\]"
    r"|\([A-Z][A-Za-z.&-]{1,12}\)"  # a group author's qualifier: "… Information (U.S.) (2001)"
    r"|[^\W\d_][\w'’.-]*|&|,|;|\S",
    re.UNICODE,
)
_GROUP = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")


# ---------------------------------------------------------------------------------------------
# author-year citations


def _names_before(text: str, *, narrative: bool) -> tuple[str, int] | None:
    """The run of name words that ends ``text`` (authors before a year), and where it starts."""
    tokens = list(_TOKEN.finditer(text))
    i = len(tokens) - 1
    start = None
    seen_name = False
    while i >= 0:
        tok = tokens[i].group(0)
        low = tok.lower()
        if _ET_AL.fullmatch(tok) or re.fullmatch(r"\[[A-Z][A-Za-z&-]{1,12}\]|\([A-Z][A-Za-z.&-]{1,12}\)", tok):
            if seen_name:
                break
        elif tok in (",", ";"):
            pass
        elif low in _CONJUNCTIONS or low in _GROUP_WORDS or low in PARTICLES:
            if not seen_name:
                break
        elif tok[0].isupper() and not re.search(r"\d", tok):
            seen_name = True
        else:
            break
        start = tokens[i].start()
        i -= 1
    if start is None or not seen_name:
        return None
    run = text[start:].rstrip(" ,;")
    first = re.match(r"([A-Z][a-z]+)\s+(?=\S)", run)
    if first and start == len(text) - len(text.lstrip()) and first.group(1) in _SENTENCE_OPENERS:
        start += first.end()  # "As Decety & Meyer (2008)": the sentence's first word is not a name
        run = run[first.end() :]
    # leading small words are not part of a name ("in Hammond and Suttie", "The World Health Organization")
    while True:
        first = run.split(maxsplit=1)
        if len(first) == 2 and (first[0].lower() in (_GROUP_WORDS - PARTICLES) | _CONJUNCTIONS | {"the"}):
            start += len(run) - len(first[1])
            run = first[1]
            continue
        if run[:1] in (",", ";"):
            stripped = run[1:].lstrip()
            start += len(run) - len(stripped)
            run = stripped
            continue
        break
    if narrative and not re.search(r"\b(?:and|&|e|y|und|et)\b|&", _ET_AL.sub("", run)):
        # "However, Smith (2001)": without a conjunction a comma does not join names
        parts = re.split(r",\s*", run)
        if len(parts) > 1 and not _ET_AL.fullmatch(parts[-1].strip()):
            start = start + len(run) - len(parts[-1])
            run = parts[-1]
    if not re.search(r"[^\W\d_]{2}", run):
        return None
    return run, start


#: The last name of a run, particles included ("… van der Berg"); read on a name run's last characters.
_LAST_NAME = re.compile(rf"(?:\b{PARTICLE_RE}\s+)*\b[^\W\d_][\w'’-]*$")
#: Characters before a year read for the names that cite it: far more than any list of names, and a
#: bound, so a sentence of thousands of citations is read in linear time, not once per citation.
_NAMES_WINDOW = 400


def _names_before_end(text: str, end: int, *, narrative: bool) -> tuple[str, int] | None:
    """:func:`_names_before` of ``text[:end]``, reading only its last :data:`_NAMES_WINDOW` characters."""
    cut = max(0, end - _NAMES_WINDOW)
    found = _names_before(text[cut:end], narrative=narrative)
    return None if found is None else (found[0], found[1] + cut)


def _split_names(run: str) -> tuple[tuple[str, ...], bool, str | None, str | None]:
    """(names, et al., group name, abbreviation) of a run of name words."""
    abbreviation = None
    m = re.search(r"\s*\[([A-Z][A-Za-z&-]{1,12})\]\s*$", run)
    if m:
        abbreviation, run = m.group(1), run[: m.start()]
    run = re.sub(r"\s*\([A-Z][A-Za-z.&-]{1,12}\)\s*$", "", run)  # "(U.S.)" qualifies the group, names no one
    et_al = bool(_ET_AL.search(run))
    run = _ET_AL.sub("", run).strip(" ,;")
    run = re.sub(r"['’]s$", "", run)
    parts = [p.strip(" .") for p in re.split(r"\s*[,;]\s*|\s+(?:and|e|y|und|et)\s+|\s*&\s*", run) if p.strip(" .")]
    group = run if len(run.split()) >= 2 else None
    return tuple(parts), et_al, group, abbreviation


def _years(text: str) -> list[tuple[str, int, int]]:
    """Year tokens with their spans, "2001a, b" giving 2001a and 2001b."""
    out = []
    for m in _YEAR_TOKEN.finditer(text):
        year = m.group(0).lower().split("/")[-1]
        year = "n.d." if year.startswith(("n", "s.")) else ("in press" if year[0] in "if" else year)
        out.append((year, m.start(), m.end()))
        tail = m.end()
        if re.match(r"\d{4}[a-z]$", year):
            # matched where the year ends, not searched for: a search ran to the end of the group for
            # each year, and 8,000 years with letters in one bracket took seconds (quadratic)
            while (extra := _SUFFIX_LETTER.match(text, tail)) is not None:
                out.append((year[:4] + extra.group(1), extra.start(1), extra.end(1)))
                tail = extra.end()
    return out


_NAMES_AFTER_YEAR = re.compile(r"(?<=\d)[a-z]?,\s{0,3}([A-Z][^\W\d_]{1,30}(?:[ -][^\d;,()]{1,40})?)\s{0,3}$")


def _group_citations(sentence: str, inner: str, offset: int, cited_as: str, start: int, end: int):
    """Citations inside one parenthesis or bracket group."""
    parts, position = [], 0
    for piece in inner.split(";"):
        parts.append((piece, offset + position))
        position += len(piece) + 1
    merged: list[tuple[str, int]] = []
    pending: tuple[str, int] | None = None
    for piece, at in parts:  # ABNT: "(Russell; Sugimoto, 2009)" - a part with no year joins the next
        if pending is not None:
            piece, at = pending[0] + ";" + piece, pending[1]
            pending = None
        if not _YEAR_TOKEN.search(piece) and re.fullmatch(r"\s*[^\W\d_][\w'’.,;\s-]{1,120}", piece):
            pending = (piece, at)
            continue
        # "(Ettredge; Vernon; Scholz, 2001, Nevado; Gallardo, 2016)": a comma where the semicolon
        # belongs; names after the last year open the next citation (and a locator, "p. 4", is lower-case)
        tail = _NAMES_AFTER_YEAR.search(piece)
        if tail:
            merged.append((piece[: tail.start()], at))
            pending = (tail.group(1), at + tail.start(1))
            continue
        merged.append((piece, at))
    out: list[InTextCitation] = []
    for piece, _at in merged:
        previous: tuple | None = None
        last_end = 0
        for year, y_start, y_end in _years(piece):
            between = piece[last_end:y_start]
            found = _names_before(between.rstrip().rstrip(",").rstrip(), narrative=False)
            if found:
                names, et_al, group, abbreviation = _split_names(found[0])
                previous = (names, et_al, group, abbreviation)
            elif previous is not None and re.fullmatch(r"\s*(?:[,;]|and|&)?\s*", between):
                names, et_al, group, abbreviation = previous  # "Smith, 2001, 2003": another year of the same names
            else:
                title = between.strip(" ,;")
                if len(title.split()) >= 3:  # a work with no author, cited by its title
                    out.append(InTextCitation(cited_as, (), False, year, start=start, end=end, group=title))
                previous = None
                last_end = y_end
                continue
            out.append(
                InTextCitation(
                    cited_as, names, et_al, year, start=start, end=end, group=group, abbreviation=abbreviation
                )
            )
            last_end = y_end
    return out


def _author_year(sentence: str) -> tuple[list[InTextCitation], str]:
    """Author-year citations in brackets and narrative form; also the sentence with the groups masked."""
    out: list[InTextCitation] = []
    masked = list(sentence)  # blanked group by group in place: a string rebuilt per group is quadratic
    for m in _GROUP.finditer(sentence):
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        if not _YEAR_TOKEN.search(inner):
            continue
        masked[m.start() : m.end()] = " " * (m.end() - m.start())
        offset = m.start() + 1
        stripped = inner.lstrip()
        if _YEAR_TOKEN.match(stripped) and m.group(1) is not None:
            # narrative: "Smith et al. (2001)", "Smith and colleagues (2001, p. 3)"
            cut = max(0, m.start() - _NAMES_WINDOW)  # the names are just before the year, not sentences away
            before = re.sub(
                r"(?:['’]s)?\s*,?\s*$", "", sentence[cut : m.start()]
            )  # "Smith et al.'s (2001)", "Smith, (2001)"
            found = _names_before_end(before, len(before), narrative=True)
            found = None if found is None else (found[0], found[1] + cut)
            if found:
                names, et_al, group, abbreviation = _split_names(found[0])
                cited = sentence[found[1] : m.end()]
                years = [y for y, _s, _e in _years(inner) if _year_list_prefix(inner, y)]
                out.extend(
                    InTextCitation(
                        cited, names, et_al, y, start=found[1], end=m.end(), group=group, abbreviation=abbreviation
                    )
                    for y in years
                )
                continue
        out.extend(_group_citations(sentence, inner, offset, m.group(0), m.start(), m.end()))
    return out, "".join(masked)


#: The years that open a narrative parenthesis: one space at most between them, so no run of spaces
#: can be split two ways (a pattern that could would take exponential time on "n.d. n.d. … !").
_YEAR_LIST = re.compile(r"\s*((?:(?:[,;]|and)?\s*" + _YEAR_TOKEN.pattern + r"(?:\s*,\s*[a-z]\b)*)+)", re.I)


def _year_list_prefix(inner: str, year: str) -> bool:
    """Whether ``year`` is in the list of years that opens a narrative parenthesis ("2001, 2003; 2005")."""
    head = _YEAR_LIST.match(inner)
    return bool(head) and year in [y for y, _s, _e in _years(head.group(1))]


def _bare(masked: str, sentence: str) -> list[InTextCitation]:
    """ "Owen, 1842", "Frazier et al., 2014": author-year with no brackets (matched only if an entry fits)."""
    out = []
    for m in re.finditer(r",\s*(" + _YEAR + r")(?![\w-])", masked):
        found = _names_before_end(masked, m.start(), narrative=False)
        if not found:
            continue
        run, start = found
        cut = max(0, len(run) - WORD_WINDOW * 2)  # a name is short: its last characters suffice
        last = _LAST_NAME.search(run[cut:])
        if last and not re.search(r"[,;&]|\band\b|\bet al", run) and cut + last.start() > 0:
            start, run = start + cut + last.start(), last.group()  # "Parasaurolophus Parks, 1922": the name is "Parks"
        names, et_al, group, _abbreviation = _split_names(run)
        cited_as = sentence[start : m.end()]
        year = m.group(1).lower()
        out.append(InTextCitation(cited_as, names, et_al, year, start=start, end=m.end(), group=group, bare=True))
    return out


_MONTH = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)(?:[a-z]*)\.?", re.IGNORECASE)


def _is_date(citation: InTextCitation, sentence: str) -> bool:
    """ "(from Jan 1980 to May 2018)", "(completed in January 2014)": a month before its year, not an author."""
    if not citation.surnames or not all(_MONTH.fullmatch(name) for name in citation.surnames):
        return False
    return (
        re.search(rf"\b{_MONTH.pattern}\s+{YEAR}", sentence[citation.start : citation.end], re.IGNORECASE) is not None
    )


def find_citations(
    sentence: str,
    *,
    numbered: bool | str = False,
    superscripts: tuple[tuple[int, int], ...] = (),
    symbols: frozenset[str] = frozenset(),
    labels: frozenset[str] = frozenset(),
    cited: int | None = None,
) -> list[InTextCitation]:
    """In-text citations in a sentence, in reading order.

    Parameters
    ----------
    sentence
        One sentence.
    numbered
        The article cites by number: also read "refs. 3–5" as citations; ``"parentheses"``: it
        cites with numbers in parentheses, so "(3)" and "(1–4)" are citations too.
    superscripts
        Spans the page marks as superscripts (HTML ``<sup>``), read as numbered citations.
    symbols
        Words the article writes as symbols with an index ("to[1]"), from :func:`compute_index_symbols`:
        a bracket glued to one of them is no citation.
    labels
        Words the article numbers a set with ("model (1)", "model (2)"), from
        :func:`compute_label_words`: in ``"parentheses"`` mode a number after one of them is a label.
    cited
        The highest number the article has cited before this sentence, if known: in ``"parentheses"``
        mode a range after a rating word ("scores in children (4-6)") that starts at the next new
        number still cites.

    Examples
    --------
    >>> [c.number for c in find_citations("As shown [1]–[3], [5].")]
    [1, 2, 3, 5]
    >>> [(c.surnames, c.year) for c in find_citations("It holds (e.g., Russell; Sugimoto, 2009, p. 4).")]
    [(('Russell', 'Sugimoto'), '2009')]
    """
    numbers = find_numbered(sentence, numbered, superscripts, symbols, labels, cited)
    author_year, masked = _author_year(sentence)
    author_year = [c for c in author_year if not _is_date(c, sentence)]
    found = numbers + [c for c in author_year if not is_inside(numbers, c.start)]
    found.extend(_bare(masked, sentence))
    return sorted(found, key=lambda c: (c.start, c.end))
