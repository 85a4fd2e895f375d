"""Splitting a paragraph into sentences, with citations written after a full stop kept in the sentence before.

Split from :mod:`litmap.parse.citations` because where a sentence ends ("et al.", "Fig. 2", "n. 8",
"…shown. [3]") is its own question, asked before any citation is read.
"""

from __future__ import annotations

import re

from litmap.parse.numbered_citations import expand_numbers
from litmap.read.blocks import word_set as _word_set
from litmap.text import YEAR

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


#: The word before a full stop: only a run's first character may start it (linear time), and only
#: the last few characters are read (an abbreviation is short; a sentence can be very long).
_LAST_WORD = re.compile(r"(?<![\w.])([\w.]+)\.$")
#: Characters before a full stop read for its word; the name readers use twice as many for a name's end.
WORD_WINDOW = 64


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
        last_word = _LAST_WORD.findall(before[-WORD_WINDOW:])
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
