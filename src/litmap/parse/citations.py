"""Sentences and the in-text citations written in them, found from the text alone.

Kept apart from :mod:`litmap.parse.claims` (which links citations to entries) so the fiddly reading
of citation forms lives in one place:

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
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from litmap.read.blocks import word_set as _word_set
from litmap.text import ORG_SMALL_WORDS, PARTICLE_RE, PARTICLES, YEAR, is_exponent_before

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
    r"|[^\W\d_][\w'’.-]*|&|,|;|\S",
    re.UNICODE,
)
_NUMBER_RUN = re.compile(
    r"\[\s*\d{1,4}[a-z]?(?:\s*(?:[-–—,;]|and)\s*\d{1,4}[a-z]?)*\s*\]"
    r"(?:\s*[,–—-]\s*\[\s*\d{1,4}[a-z]?(?:\s*(?:[-–—,;]|and)\s*\d{1,4}[a-z]?)*\s*\])*"
)
_PAREN_NUMBERS = re.compile(r"\(\s*(?:refs?\.?\s*)?(\d{1,3}(?:\s*[-–—,]\s*\d{1,3})*)\s*\)")
BRACKET_NUMBERS = re.compile(r"\[\s*\d{1,4}\s*(?:[\],–-]|$)")
_REFS_WORD = re.compile(r"\b(?:refs?\.|references?|ref)\s+(\d{1,3}(?:\s*(?:[-–—,]|and)\s*\d{1,3})*)\b", re.I)
#: "F(1, 80)", "r (25)", "t(12)", "χ2 (3)": statistics, not citations.
_STATISTIC = re.compile(r"(?:^|[\s(,;])(?:[A-Za-zχηβ]|χ2|df)\s*$|\w$")
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_SUPERSCRIPT_RUN = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+(?:[,⁻–-][⁰¹²³⁴⁵⁶⁷⁸⁹]+)*")
_COMPARISON_AFTER = re.compile(r"\s*[=<>]")
#: A one-letter symbol right before a bracket: "t[1]", "p[2]" index components, they cite nothing.
_INDEX_BEFORE = re.compile(r"(?<![^\W\d_])[^\W\d_]$")
#: A possessive's "s" before a bracket ("Lloyd’s[17]"): a word, not a one-letter symbol.
_POSSESSIVE = re.compile(r"\w['’]s$")
#: A short word glued to a bracketed number, "to[1]": a symbol and its index when the article repeats it.
_GLUED_INDEX = re.compile(r"(?<![^\W\d_])([^\W\d_]{1,3})\[\d{1,2}\]")
#: Times an article writes the same short word glued to the same bracket for it to be a symbol's index.
_INDEX_REPEATS = 3
_WORD_BEFORE = re.compile(r"(?<![^\W\d_])([^\W\d_]+)$")
_GROUP = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
#: Words before "(1)" that make it a label, not a citation: "Equation (1)", "step (2)".
_NOT_CITED_BEFORE = re.compile(
    r"(?:\b(?:eq|eqs|equation|equations|step|steps|stage|phase|table|figure|fig|type|grade|class|"
    r"level|version|item|items|aim|criterion|and|or|range|"
    r"ranged|ranging|score|scores|scored|points?|from|between)\.?|[:;(])\s*$",
    re.I,
)
#: "to" ending a range before "(5)": after a number or a parenthesis ("(1) to (5)", "1 to (5)") or in
#: a clause that opens it with "from"; "praying to (15)" cites.
_RANGE_END = re.compile(r"(?:[\d)]\s*|\bfrom\b[^,;:.]*\s)to\s*$", re.I)
#: Words that number things in a set ("model (1)", "model (2)") but also name a cited work ("Locker's
#: model (1)", "the Hungarian study (17)", "Well-Being Scale (41)"): a label only in an article that
#: writes the word before two different numbers, or before a range ("a scale (1-7)").
_NAMING_WORDS = _word_set("model group hypothesis question study experiment scale scales")
_NAMING_WORD = re.compile(r"\b(" + "|".join(sorted(_NAMING_WORDS)) + r")\s*\(\s*(\d{1,3})\s*\)", re.I)
_LAST_WORD_BEFORE = re.compile(r"(?<![^\W\d_])([^\W\d_]+)\s*$")  # only a word's first letter starts it: linear
#: A rating or measuring word up to two words before a range: "rated their agreement (1-7)",
#: "a rating of pain (1–10)", "Likert items (1-5)": the range is the scale's, not cited works.
_RATING_WORDS = r"(?:rated|ratings?|likert|scales?|scored?|scores|points?|ranged?|ranges|ranging)"
_RATING_BEFORE = re.compile(r"(?<![^\W\d_])" + _RATING_WORDS + r"(?:\s+[^\W\d_][\w'’-]*){0,2}\s*$", re.I)
#: A severity band's word, maybe with a noun after it, before a range: "mild (5-9)", "severe depression (20–27)".
_BAND_BEFORE = re.compile(
    r"(?<![^\W\d_])(?:mild|moderate|severe|minimal|low|high|medium|normal|borderline)(?:\s+[^\W\d_]+)?\s*$",
    re.I,
)
#: A sentence that measures: a band's range is a value only where the sentence names the scale.
_MEASURING = re.compile(r"\b" + _RATING_WORDS + r"\b", re.I)

#: The highest point of a scale written "never (0) … always (4)" (0–10 scales are the longest usual).
_SCALE_TOP = 10

_ABBREVIATIONS = _word_set(
    "al e.g i.e cf vs etc fig figs eq eqs ref refs dr mr mrs ms prof st no nos vol pp p ch sec approx ca "
    "jr sr inc ltd co u.s u.k n.d para resp"
)
#: Abbreviations only before a number: "n. 8" (a note), "nn. 3-4", "l. 12" (a line); "…of size n. The" ends.
_BEFORE_A_NUMBER = _word_set("n nn l ll")
#: A sentence ends at . ! ? (and closing quotes/brackets), then maybe a citation written after the
#: full stop ("…shown. [3]", "…shown.¹²", "…masks.(Radonovich et al., 2019)"), then space and a capital.
_CITATION_AFTER_STOP = (
    r"(?:\s*\[\d{1,4}(?:[^\[\]]{0,40})\](?:\s*[,–-]\s*\[\d{1,4}[^\[\]]{0,40}\])*"
    r"|[⁰¹²³⁴⁵⁶⁷⁸⁹,⁻–-]+"
    r"|\s*\((?:[^()]*?(?:" + YEAR + r"|n\.\s?d\.)[^()]*)\))?"
)
_BOUNDARY = re.compile(r"[.!?][\"”’')\]]*" + _CITATION_AFTER_STOP + r"\s+(?=[\"“‘(\[]?[A-Z0-9\u00C0-\u024F])")
#: A number in parentheses right after a sentence's full stop: "…was shown. (2) Later work…".
_PAREN_AFTER_STOP = re.compile(r"[.!?][\"”’')\]]*(\s*\(\s*(\d{1,3}(?:\s*[-–—,]\s*\d{1,3})*)\s*\))")
#: An item number opening a clause: at the start, after . ! ? : ; or a comma, or after "and"/"or".
_ITEM_OPENER = re.compile(r"(?:^|[.!?:;,][\"”’')\]]*\s*|\b(?:and|or)\s+)\(\s*(\d{1,2})\s*\)(?=\s)")


@dataclass(frozen=True)
class InTextCitation:
    """One citation as written in a sentence: author names and year, or a list number.

    ``surnames`` are the names as written (a name of several words, such as "Portia Nelson" or
    "De Vogli", is kept whole; matching compares its last words); ``group`` is a group author's
    whole name and ``abbreviation`` the short form it introduces ("NIMH"); ``bare`` marks a
    citation written without brackets, which counts only when an entry matches it.
    """

    cited_as: str
    surnames: tuple[str, ...] = ()
    is_et_al: bool = False
    year: str | None = None
    number: int | None = None
    start: int = -1
    end: int = -1
    group: str | None = None
    abbreviation: str | None = None
    bare: bool = False
    linked: bool = False  # marked by the page itself (a superscript)


# ---------------------------------------------------------------------------------------------
# sentences


#: The word before a full stop: only a run's first character may start it (linear time), and only
#: the last few characters are read (an abbreviation is short; a sentence can be very long).
_LAST_WORD = re.compile(r"(?<![\w.])([\w.]+)\.$")
_WORD_WINDOW = 64


def sentence_spans(paragraph: str, attached: tuple[tuple[int, int], ...] = ()) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph.

    ``attached`` are spans (superscripts marked by the page) that belong to the sentence before
    them even when they follow its full stop.
    """
    chars = list(paragraph)
    for start, end in attached:
        chars[start:end] = "¹" * (end - start)
    masked = "".join(chars)
    spans, start = [], 0
    for match in _BOUNDARY.finditer(masked):
        before = masked[start : match.start() + 1]
        last_word = _LAST_WORD.findall(before[-_WORD_WINDOW:])
        if last_word and (last_word[0].lower() in _ABBREVIATIONS or re.fullmatch(r"[A-Z]", last_word[0])):
            continue
        if last_word and last_word[0].lower() in _BEFORE_A_NUMBER and masked[match.end() : match.end() + 1].isdigit():
            continue  # "(n. 8)", "nn. 3-4": a note's number
        end = match.end()
        while end > start and paragraph[end - 1].isspace():
            end -= 1
        spans.append((_skip_space(paragraph, start), end))
        start = match.end()
    if paragraph[start:].strip():
        spans.append((_skip_space(paragraph, start), len(paragraph.rstrip())))
    return spans


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def enumeration_numbers(text: str) -> frozenset[int]:
    """The item numbers of an enumeration in ``text``: "(1)", "(2)", … each opening a clause (at the
    start, after a full stop, a colon, a semicolon, a comma, "and" or "or"), consecutive from 1.

    Such small numbers restart in every list, so in an article cited "(1)" they are items, not
    citations; a lone "(2)" after a full stop is no enumeration.

    >>> sorted(enumeration_numbers("Two aims: (1) to measure X and (2) to compare Y (51)."))
    [1, 2]
    >>> sorted(enumeration_numbers("It was shown. (2) Later work agreed (3)."))
    []
    """
    openers = {int(m.group(1)) for m in _ITEM_OPENER.finditer(text)}
    run, n = set(), 1
    while n in openers:
        run.add(n)
        n += 1
    return frozenset(run) if len(run) >= 2 else frozenset()


def citations_after_stop(paragraph: str) -> tuple[tuple[int, int], ...]:
    """Spans of numbers in parentheses written after a sentence's full stop ("…was shown. (2) Later"),
    with the space before them, which cite the sentence before in an article cited "(1)".

    An enumeration's items ("…as follows. (1) Diet… (2) Sleep…") are left out: they open sentences.
    Give the spans to :func:`sentence_spans` as ``attached``.

    >>> text = "It was shown. (2) Later work agreed (3). It holds.(4)"
    >>> [text[s:e] for s, e in citations_after_stop(text)]
    [' (2)', '(4)']
    >>> citations_after_stop("Aims were: (1) to measure. (2) To compare.")
    ()
    """
    items = enumeration_numbers(paragraph)
    out = []
    for m in _PAREN_AFTER_STOP.finditer(paragraph):
        if not items & set(expand_numbers(m.group(2))):
            out.append(m.span(1))
    return tuple(out)


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, keeping "et al." and similar abbreviations intact.

    >>> split_sentences("It was shown. [3] Later work agreed (Lee, 2001). See Fig. 2 now.")
    ['It was shown. [3]', 'Later work agreed (Lee, 2001).', 'See Fig. 2 now.']
    >>> split_sentences("Kant says so (Smith 2001, n. 8). The sample had size n. Then it grew.")
    ['Kant says so (Smith 2001, n. 8).', 'The sample had size n.', 'Then it grew.']
    """
    return [paragraph[s:e] for s, e in sentence_spans(paragraph)]


# ---------------------------------------------------------------------------------------------
# numbered citations


def expand_numbers(text: str) -> list[int]:
    """The numbers a numbered citation names: "1–3, 5" → [1, 2, 3, 5]; "[1]–[4]" → [1, 2, 3, 4]."""
    text = text.translate(_SUPERSCRIPT_DIGITS)
    text = re.sub(r"\]\s*([-–—])\s*\[", r"\1", text)  # "[1]–[4]": a range written over two brackets
    numbers: list[int] = []
    for piece in re.split(r"[,;]|\band\b|\]\s*,?\s*\[", text):
        bounds = [int(n) for n in re.findall(r"\d+", piece) if len(n) <= 6]  # none longer (Python refuses 4,300+)
        if len(bounds) == 2 and bounds[0] <= bounds[1] and bounds[1] - bounds[0] < 200:
            numbers.extend(range(bounds[0], bounds[1] + 1))
        else:
            numbers.extend(bounds)
    return numbers


def compute_index_symbols(texts: Iterable[str]) -> frozenset[str]:
    """Short words an article writes glued to a bracketed number again and again, as symbols with an
    index ("to[1]" six times: a model's orthogonal component), not as words before a citation.

    An article may cite a source right after "to" once ("according to[1]"); the same word glued to
    the same number three times or more is notation.

    >>> sorted(compute_index_symbols(["orthogonal (to[1]) and to[1]", "component to[1]", "according to[2]"]))
    ['to']
    """
    counts = Counter(m.group(0) for text in texts for m in _GLUED_INDEX.finditer(text))
    words = (_GLUED_INDEX.match(glued).group(1) for glued, n in counts.items() if n >= _INDEX_REPEATS)
    return frozenset(word for word in words if word.lower() != "al")  # "Smith et al[12]" cites, however often


def compute_label_words(texts: Iterable[str]) -> frozenset[str]:
    """Words an article writes before two different numbers in parentheses, as labels of a set
    ("model (1)" … "model (2)"), not before a citation of the work they name ("Locker's model (1)").

    >>> sorted(compute_label_words(["Fit by model (1) and by model (2).", "The Hungarian study (17) agreed."]))
    ['model']
    """
    numbers: dict[str, set[str]] = {}
    for text in texts:
        for m in _NAMING_WORD.finditer(text):
            numbers.setdefault(m.group(1).lower(), set()).add(m.group(2))
    return frozenset(word for word, seen in numbers.items() if len(seen) >= 2)


def _is_label(sentence: str, start: int, inner: str, labels: frozenset[str], cited: int | None = None) -> bool:
    """Whether the parenthesis at ``start`` (holding ``inner``) follows a word that labels it:
    "Equation (1)", "step (2)"; "model (2)" in an article of numbered models; "a scale (1-7)"; but
    "the Religiosity Scale (40)" right after the article has cited up to 39 is the next new citation."""
    before = sentence[max(0, start - 40) : start]  # the words just before, not the whole sentence
    if _NOT_CITED_BEFORE.search(before) or _RANGE_END.search(before):
        return True
    word = _LAST_WORD_BEFORE.search(before)
    if word is None or word.group(1).lower() not in _NAMING_WORDS:
        return False
    if cited and expand_numbers(inner)[0] == cited + 1:
        return False  # in first-use order: a citation of the work the word names
    return word.group(1).lower() in labels or bool(re.search(r"[-–—]", inner))


def _is_value(sentence: str, start: int, inner: str, cited: int | None = None) -> bool:
    """Whether the range at ``start`` (holding ``inner``) is a scale's values or a score band:
    "rated their agreement (1-7)", "depression scores … mild (5-9), moderate (10-14)"; not when it
    starts at the next new number of an article that has cited up to ``cited`` ("pain scores in
    children (4-6)" after "(3)"), which is how a citation in first-use order reads."""
    if cited and expand_numbers(inner)[0] == cited + 1:
        return False  # before any citation a scale's "(1-7)" would read as the first one: not then
    if not re.fullmatch(r"\s*\d{1,3}\s*[-–—]\s*\d{1,3}\s*", inner):
        return False  # a single number or a list: "the Well-Being Scale (41)", "sales rates (22, 39–47)" may cite
    before = sentence[max(0, start - 60) : start]
    if _RATING_BEFORE.search(before):
        return True
    return bool(_BAND_BEFORE.search(before)) and bool(_MEASURING.search(sentence))


#: A value right before a parenthesis: "50% (18, 90)", "a mean of 3 (1, 7)".
_VALUE_BEFORE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*%?\s*$")


def _is_interval(before: str, inner: str) -> bool:
    """A pair of numbers right after a value that lies between them is the value's interval, not two
    citations: "51% (29, 78)", "107% (63, 164)" (a mean and its 95% CI).

    >>> _is_interval("the 140 μg group (50% ", "18, 90"), _is_interval("in the trials ", "18, 90")
    (True, False)
    """
    value = _VALUE_BEFORE.search(before)
    pair = re.fullmatch(r"\s*(\d{1,4})\s*,\s*(\d{1,4})\s*", inner)
    return bool(value and pair) and int(pair[1]) <= float(value[1]) <= int(pair[2])


def _numbered(
    sentence: str,
    numbered: bool | str,
    superscripts,
    symbols: frozenset[str],
    labels: frozenset[str] = frozenset(),
    cited: int | None = None,
) -> list[InTextCitation]:
    out: list[InTextCitation] = []
    for m in _NUMBER_RUN.finditer(sentence):
        # only the letters right before the number matter: look there, not from the sentence's start
        # a letter, and "$" before a newline: "t[1]", "p[2]" index a component; "Lloyd’s[17]" still cites
        index = _INDEX_BEFORE.search(sentence, max(0, m.start() - 2), m.start())
        if index and not _POSSESSIVE.search(sentence, max(0, m.start() - 3), m.start()):
            continue
        glued = _WORD_BEFORE.search(sentence, max(0, m.start() - 5), m.start())  # symbols have 1-3 letters
        if glued and glued.group(1) in symbols:
            continue  # "to[1]", written so again and again: a symbol's index
        out.extend(
            InTextCitation(m.group(0), number=n, start=m.start(), end=m.end()) for n in expand_numbers(m.group(0))
        )
    for m in _SUPERSCRIPT_RUN.finditer(sentence):
        if is_exponent_before(sentence, m.start()):
            continue  # "I²", "m²", "10⁵": an exponent
        out.extend(
            InTextCitation(m.group(0), number=n, start=m.start(), end=m.end()) for n in expand_numbers(m.group(0))
        )
    for start, end in superscripts:
        text = sentence[start:end]
        if is_exponent_before(sentence, start) and not text.strip().startswith(("[", "(")):
            continue  # "I<sup>2</sup>", "m<sup>2</sup>": an exponent
        if re.fullmatch(r"\s*[\[(]?\d{1,4}(?:\s*[-–—,]\s*\d{1,4})*[\])]?\s*", text) and not _inside(out, start):
            out.extend(
                InTextCitation(text.strip(), number=n, start=start, end=end, linked=True) for n in expand_numbers(text)
            )
    if numbered == "parentheses":
        singles = {int(m.group(1)) for m in _PAREN_NUMBERS.finditer(sentence) if m.group(1).isdigit()}
        # "(1) access …, (2) time …" and "never (0), sometimes (1), often (2)": a list or a scale, not
        # citations; only its small numbers, so "… and (2) to compare them (51)" still cites 51
        run, n = set(), 1
        while n in singles:
            run.add(n)
            n += 1
        enumeration = run if {1, 2} <= run else set()
        if 0 in singles:  # a scale from 0 ("never (0) to always (3)"): its points are small numbers
            enumeration = {n for n in singles if n <= _SCALE_TOP}
        for m in _PAREN_NUMBERS.finditer(sentence):
            before = sentence[max(0, m.start() - 40) : m.start()]  # the words just before, not the whole sentence
            numbers = expand_numbers(m.group(1))
            if (
                0 in numbers  # "(0–6)", a scale: no entry is numbered 0
                or (len(numbers) == 1 and numbers[0] in enumeration)
                or _is_label(sentence, m.start(), m.group(1), labels, cited)
                or _is_value(sentence, m.start(), m.group(1), cited)
                or not sentence[: m.start()].strip()
                or _STATISTIC.search(before)
                or _is_interval(before, m.group(1))
            ):
                continue
            if _COMPARISON_AFTER.match(sentence, m.end()):
                continue
            out.extend(InTextCitation(m.group(0), number=n, start=m.start(), end=m.end()) for n in numbers)
    if numbered:
        for m in _REFS_WORD.finditer(sentence):  # "refs. 3–5", "reference 12"
            if not _inside(out, m.start(1)):
                out.extend(
                    InTextCitation(m.group(0), number=n, start=m.start(), end=m.end())
                    for n in expand_numbers(m.group(1))
                )
    return out


def _inside(found: list[InTextCitation], at: int) -> bool:
    return any(c.start <= at < c.end for c in found)


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
        if _ET_AL.fullmatch(tok) or re.fullmatch(r"\[[A-Z][A-Za-z&-]{1,12}\]", tok):
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
            for extra in _SUFFIX_LETTER.finditer(text, tail):
                if extra.start() != tail:
                    break
                out.append((year[:4] + extra.group(1), extra.start(1), extra.end(1)))
                tail = extra.end()
    return out


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
        cut = max(0, len(run) - _WORD_WINDOW * 2)  # a name is short: its last characters suffice
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
    numbers = _numbered(sentence, numbered, superscripts, symbols, labels, cited)
    author_year, masked = _author_year(sentence)
    author_year = [c for c in author_year if not _is_date(c, sentence)]
    found = numbers + [c for c in author_year if not _inside(numbers, c.start)]
    found.extend(_bare(masked, sentence))
    return sorted(found, key=lambda c: (c.start, c.end))
