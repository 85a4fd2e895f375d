"""Numbered citations: "[3]", "[1]–[5]", "(1–4)", "refs. 3–5", superscripts, and what only looks like one.

Split from :mod:`litmap.parse.citations` because telling a cited number from an index, a label, a
scale's values or a confidence interval takes most of the reading of citations.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from litmap.parse.in_text import InTextCitation
from litmap.read.blocks import word_set as _word_set
from litmap.text import is_exponent_before

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


def find_numbered(
    sentence: str,
    numbered: bool | str,
    superscripts,
    symbols: frozenset[str],
    labels: frozenset[str] = frozenset(),
    cited: int | None = None,
) -> list[InTextCitation]:
    """Numbered citations in a sentence: brackets, superscripts (written or ``superscripts`` spans the
    page marks), and with ``numbered`` "refs. 3–5", with ``"parentheses"`` "(3)" too; the arguments
    are those of :func:`litmap.parse.citations.find_citations`.

    >>> [c.number for c in find_numbered("Shown [1]–[3] and t[2].", False, (), frozenset())]
    [1, 2, 3]
    """
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
        if re.fullmatch(r"\s*[\[(]?\d{1,4}(?:\s*[-–—,]\s*\d{1,4})*[\])]?\s*", text) and not is_inside(out, start):
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
            if not is_inside(out, m.start(1)):
                out.extend(
                    InTextCitation(m.group(0), number=n, start=m.start(), end=m.end())
                    for n in expand_numbers(m.group(1))
                )
    return out


def is_inside(found: list[InTextCitation], at: int) -> bool:
    """Whether position ``at`` lies inside one of the citations ``found``."""
    return any(c.start <= at < c.end for c in found)
