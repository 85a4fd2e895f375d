"""Text from a PDF's lines: joining lines, rejoining hyphenated words, and superscript citations.

The rules here look only at the printed text and at the document's own words, never at one
publisher's habits: a word broken at a line end is rejoined when the document spells it whole
elsewhere (or its hyphenated form nowhere), and a superscript number becomes a bracketed citation
when it sits where a citation sits. How a reference list is split into entries is
:mod:`litmap.read.pdf_entries`.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence

from litmap.read.pdf_lines import Line
from litmap.text import counted, is_exponent_base, to_superscript

# Prefixes that English keeps hyphenated ("self-report", "well-being"): kept at a line break
# when the document itself does not say otherwise.
_HYPHEN_PREFIXES = frozenset({"self", "well", "ill", "ex", "all", "half", "quasi", "non", "cross", "post", "pre"})
_LINE_END_HYPHENS = "-\u2010\u2011"
_WORD_RE = re.compile(r"[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*")
# (or a DOI broken right after its "10.": "doi:10." + "1016/j.amepre…")
_URL_TAIL_RE = re.compile(r"(?:https?://|www\.|doi\.org/|\b10\.\d{4,9}/)\S*$|\bdoi:?\s?10\.$", re.IGNORECASE)
#: What goes on a URL broken after a full stop: a path piece, a DOI's last digits or its last piece with
#: digits ("pnas." + "0507535103", "cshperspect." + "a020370", a Cochrane review's "14651858." + "CD001919.pub3"),
#: a file extension, a query string's piece ("…?doi=10.1.1.97." + "5311&rep=rep1&type=pdf").
_AFTER_URL_DOT = re.compile(
    r"\A(?:[a-z0-9][\w\-]*[/.?#]|\d{1,12}(?:\s|$)|(?:[a-z]|CD|MR)?\d{3}[\w\-]*(?:\.[\w\-]+)*(?=[\s,;]|$)"
    r"|(?:s?html?|pdf|aspx?|php|jsp|xml|cfm)(?!\w)|[\w.%\-]{0,200}[&=])"
)
#: The end of a SICI DOI ("10.1002/(SICI)1097-4547(19991115)58:4<475::AID-JNR1>3.0.CO;2-O"), broken before
#: "CO;2-O" or before ";2-O".
_SICI_END_RE = re.compile(r"(?:CO)?;2-[0-9A-Z]")
_URL_CONTINUATION_RE = re.compile(
    r"^[\w\-./%#?=&~:+]*[\-./%#?=&_~][\w\-./%#?=&~:+]*(?=[\s.,;)]|$)|^[a-z0-9]\S*|^\(\d{1,4}\)\d[\w\-./]*"
)  # the last: a DOI going on with parentheses, "10.1016/0022-3956" + "(75)90026-6"
# A superscript that is a citation: "3", "3,4", "3–5", "3, 7-9" (brackets optional).
_SUP_CITATION_RE = re.compile(r"^[\[(]?(\d{1,3}(?:\s*[,–\-−]\s*\d{1,3})*)[\])]?,?$")


def compute_vocabulary(texts: Iterable[str]) -> Counter:
    """Lower-cased words of a document, hyphenated compounds kept whole, with their counts.

    The halves of a word broken at a line end are left out: they are not words.

    >>> vocabulary = compute_vocabulary(["a self-report of regu-", "lation"])
    >>> vocabulary["self-report"], vocabulary["regu"], vocabulary["lation"]
    (1, 0, 0)
    """
    counts: Counter = Counter()
    broken = False  # the previous line ended in a hyphen: its first word is half a word
    for text in texts:
        words = _WORD_RE.findall(text.replace("\u2010", "-").replace("\u2011", "-"))
        ends_broken = bool(re.search(r"[^\W\d_][-\u2010\u2011\u00ad]\s*$", text))
        kept = words[1 if broken else 0 : len(words) - 1 if ends_broken else len(words)]
        counts.update(word.lower() for word in kept)
        broken = ends_broken
    return counts


def join_lines(lines: Sequence[str], vocabulary: Counter | None = None, *, tight: frozenset[str] = frozenset()) -> str:
    """Join printed lines into one string, rejoining words broken at a line end.

    "regu-" + "lation" becomes "regulation"; "self-" + "report" stays "self-report" when the
    document writes it so (``vocabulary``, from :func:`compute_vocabulary`) or the prefix is one
    English keeps hyphenated; a typographic hyphen (U+2010) at a line end is a real one; a URL or
    DOI broken across lines is rejoined without a space. ``tight`` holds the marks the document
    writes without a space before a number (:func:`compute_tight_marks`: ";" in "2014;15:10"), so
    "2014;" + "15(1)" is joined as the document writes it.

    >>> join_lines(["the regu-", "lation of self-", "report"])
    'the regulation of self-report'
    >>> join_lines(["see https://example.org/a/", "b.pdf for more"])
    'see https://example.org/a/b.pdf for more'
    >>> join_lines(["Res. 2014;", "15(1):10. doi:10.1136/jnnp.23.1.", "56"], tight=frozenset(";"))
    'Res. 2014;15(1):10. doi:10.1136/jnnp.23.1.56'
    """
    vocabulary = vocabulary if vocabulary is not None else Counter()
    parts: list[str] = []  # the paragraph in pieces, never copied whole per line (a page can hold a million glyphs)
    tail = ""  # its last characters: all that joining reads
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if parts:
            head = line[:_JOIN_WINDOW]
            joined = _join_two(tail, head, vocabulary, tight)  # tail[:keep] + glue + head
            between = joined[: len(joined) - len(head)]
            keep = len(tail) if between.startswith(tail) else len(tail) - 1  # _join_two drops a hyphen at most
            if keep < len(tail):
                parts[-1] = parts[-1][: keep - len(tail)]
            parts.append(between[keep:])
            tail = between
        parts.append(line)
        tail = (tail + line)[-_JOIN_WINDOW:]
    return re.sub(r"\s+", " ", "".join(parts)).strip()


#: Characters of each side of a line break that joining reads: a word or a URL is shorter, and reading
#: the whole paragraph at every line made a page of a million glyphs take minutes (quadratic time).
_JOIN_WINDOW = 500
_LAST_WORD_RE = re.compile(r"([^\W\d_][\w'’\-]*)-?$")


def compute_tight_marks(texts: Iterable[str]) -> frozenset[str]:
    """The marks a document writes with no space before the number after them: ";" in "2014;15:10",
    where it does so far more often than with a space ("2014; 15: 10").

    >>> sorted(compute_tight_marks(["J 2014;15(1):10.", "K 2011;12(3):5.", "L 2009;9(2):1.", "M 2001; 3: 4."]))
    [';']
    """
    counts: Counter = Counter()
    for text in texts:
        counts.update(f";{space}" for space in re.findall(r"\d;(\s?)\d", text))
    return frozenset(mark for mark in ";" if counts[mark] >= 3 and counts[mark] > 2 * counts[mark + " "])


def _seen(word: str, vocabulary: Counter) -> int:
    """How often the document uses a word or its plural ("measurement" from "measurements")."""
    return vocabulary[word] + vocabulary[word + "s"] + vocabulary[word + "es"]


def _join_two(left: str, right: str, vocabulary: Counter, tight: frozenset[str] = frozenset()) -> str:
    if left.endswith("\u00ad"):  # a soft hyphen is a break the typesetter chose: always rejoin
        return left[:-1] + right
    if left[-1] in "\u2010\u2011":  # a typographic hyphen is part of the word ("drug‐" + "induced")
        return left + right
    if left[-1] in _LINE_END_HYPHENS and _URL_TAIL_RE.search(left):
        return left + right  # a typesetter never hyphenates a URL: "…/history-" + "archaeology/" keeps it
    if left[-1] in _LINE_END_HYPHENS and len(left) > 1 and left[-2].isalpha():
        head = _LAST_WORD_RE.search(left[:-1] + "-")
        first = re.match(r"[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*", right)
        if head and first and right[0].islower():
            last_part = head.group(1).rstrip("-").rsplit("-", 1)[-1]
            first_part = first.group(0).split("-")[0]  # "stim-" + "ulation-induced": "stimulation"
            whole, hyphenated = (last_part + first_part).lower(), (last_part + "-" + first_part).lower()
            keep = vocabulary[hyphenated] > _seen(whole, vocabulary) or (
                _seen(whole, vocabulary) == 0
                and (
                    last_part.lower() in _HYPHEN_PREFIXES
                    or ("-" in first.group(0) and len(first_part) <= 3)  # "end-" + "to-end": a compound goes on
                    or _both_words(last_part, first_part, vocabulary)
                )
            )
            return left + right if keep else left[:-1] + right
        return left + right  # "Barker-" + "Collo", "COVID-" + "19": a real hyphen
    if left[-1] in "–—/-" and not left[-2:-1].isspace():  # "1990–" + "2010", "370-" + "380", "and/" + "or"
        return left + right
    if left[-1] in tight and right[:1].isdigit() and left[-2:-1].isdigit():  # "2014;" + "15(1):10"
        return left + right
    if _SICI_END_RE.match(right) and (right[0] != ";" or left.endswith("CO")) and _URL_TAIL_RE.search(left):
        return left + right
    url_goes_on = _URL_TAIL_RE.search(left) and _URL_CONTINUATION_RE.match(right) and not left.endswith((",", ";"))
    # after a full stop only a URL piece goes on: "ed.ac." + "uk/software", not "…/x." + "Accessed";
    # a DOI's last digits on a line of their own go on too ("jnnp.23.1." + "56")
    if url_goes_on and (not left.endswith(".") or re.match(_AFTER_URL_DOT, right)):
        return left + right
    return left + " " + right


def _both_words(left: str, right: str, vocabulary: Counter) -> bool:
    """Both halves are words the document uses on their own ("sport-" + "based", "at-" + "home"),
    unlike "regu-" + "lation"."""
    return len(left) >= 2 and len(right) >= 3 and _seen(left.lower(), vocabulary) > 0 < _seen(right.lower(), vocabulary)


#: Citations written in the line itself: "[3]", "[1–4]", "(Smith et al., 2001)".
_INLINE_CITATION = re.compile(
    r"\[\d{1,3}(?:\s*[,–\-]\s*\d{1,3})*\]|\([^()]{0,80}?[^\W\d_]{2}[^()]{0,40}?\b(?:1[5-9]|20)\d\d[a-z]?\)"
)
#: A single letter ending an abbreviation ("e.g.", "i.e."): a citation after its full stop stays after it.
_ABBREVIATION_END = re.compile(r"(?<=[^\W\d_]\.)[^\W\d_]$")
_AFTER_TEXT = re.compile(r"(?:\b[a-z\u00DF-\u00FF][^\W\d_]*|[.,;:)\]%])\s*$")
#: A new citation number this far above the highest cited so far breaks the order of first use.
_FIRST_USE_JUMP = 10
#: Raised numbers that fit the pattern needed to know how the article sets its citations.
_TYPICAL_MIN = 5
#: How far, as fractions of the line's size, a citation's size and rise may stray from the typical ones.
_SIZE_TOLERANCE = 0.12
_RISE_TOLERANCE = 0.1


class Superscripts:
    """Which raised numbers of an article are its citations, and how each line is written out.

    The article's own pattern decides: superscript numbers after words are its citations only when
    it cites that way more than in the line ("[3]", "(Smith, 2001)"); then a superscript is a
    citation where one sits (after a word or a punctuation mark, not before a letter), when its
    numbers are in the range of the reference list and follow the order of first use. Raised
    digits after a statistic's symbol, a unit or a number ("I²", "m²", "10⁵") are exponents, written
    as Unicode superscripts, whatever the article's pattern. What was left out is counted, so the
    reading can say so.

    Parameters
    ----------
    lines
        The body's lines (not the reference list), to learn the article's pattern from.
    max_number
        The highest number a citation may have (the list's length and a margin), or None.
    """

    def __init__(self, lines: Iterable[Line], *, max_number: int | None = None):
        inline = raised = 0
        fitting: list[tuple[float, float]] = []  # size and rise of the raised numbers in range and in order
        highest = 0
        for line in lines:
            inline += len(_INLINE_CITATION.findall("".join(text for text, kind in line.spans if kind != "sup")))
            before = ""
            for index, (text, kind) in enumerate(line.spans):
                following = line.spans[index + 1][0] if index + 1 < len(line.spans) else ""
                # counted after a lower-case word or a punctuation mark: not the numbers after
                # the names of an author list ("Padberg1,2"), which are affiliations
                if kind == "sup" and self._sits_like_citation(text, before, following) and _AFTER_TEXT.search(before):
                    raised += 1
                    numbers = _numbers(text)
                    new = [n for n in numbers if n > highest]
                    in_range = max_number is None or max(numbers) <= max_number
                    if in_range and not (new and min(new) > highest + _FIRST_USE_JUMP):
                        highest = max(highest, *numbers)
                        measure = _measure(line, index)
                        if measure is not None:
                            fitting.append(measure)
                before += text
        self.cites = raised >= 3 and raised >= 0.5 * inline
        self.max_number = max_number
        # the article's citation superscript: the median size and rise of those that fit its pattern
        self.typical = (
            (statistics.median(m[0] for m in fitting), statistics.median(m[1] for m in fitting))
            if len(fitting) >= _TYPICAL_MIN
            else None
        )
        self.highest = 0
        self.past_end: list[str] = []  # superscript numbers past the end of the list, left as text
        self.out_of_order: list[str] = []
        self.set_apart: list[str] = []  # superscript numbers of another size or rise than the article's
        self._open = False  # the last line rendered ended with a citation and a comma: the list goes on

    @staticmethod
    def _sits_like_citation(text: str, before: str, after: str) -> bool:
        previous = before.rstrip()[-1:]
        bracketed = text.strip()[:1] in "[("  # "2014[14]": brackets say citation even after a number
        return (
            bool(previous)
            and not after[:1].isalpha()
            and (bracketed or not _is_exponent(before, text.strip()))
            and _SUP_CITATION_RE.match(text.strip()) is not None
        )

    def render(self, line: Line, *, body: bool = True) -> str:
        """A line's text: citations as "[3]" inside their sentence, exponents raised, other scripts inline.

        ``body=False`` for captions and tables: type of another size may raise its numbers otherwise,
        so the body's size and rise are not asked of them.
        """
        out = ""
        continued, self._open = self._open, False
        for index, (text, kind) in enumerate(line.spans):
            if kind != "sup":
                out += text
                continue
            following = line.spans[index + 1][0] if index + 1 < len(line.spans) else ""
            measure = _measure(line, index) if body else None
            rendered, what = self._superscript(text, out, following, measure, continued=continued and not out.strip())
            # a list of citations broken after a comma goes on at the start of the next line
            self._open = what == "citation" and index == len(line.spans) - 1 and text.strip().endswith(",")
            punctuation = re.search(r"(?<![.,;:])[.,;:]+$", out) if what == "citation" else None  # each run once
            if punctuation and _ABBREVIATION_END.search(out, 0, punctuation.start()):
                out += rendered  # "e.g.,¹⁻⁴" -> "e.g.,[1–4]": "e.g[1–4]" would read as a symbol's index
            elif punctuation:  # "regions.³" -> "regions[3].": the citation stays in its sentence
                out = out[: punctuation.start()] + rendered + out[punctuation.start() :]
            elif what == "exponent":
                out = out.rstrip() + rendered  # "I ²" as the gap left it: "I²"
            else:
                out += rendered
        return out

    def _superscript(
        self, text: str, before: str, after: str, measure: tuple[float, float] | None = None, *, continued: bool = False
    ) -> tuple[str, str]:
        """The superscript written out, and what it is: "citation", "exponent" or "text". ``continued``:
        it opens a line after one that ended with a citation and a comma ("…,⁷⁵," then "⁸⁰,⁸³")."""
        core = text.strip()
        if before.strip() and _is_exponent(before, core) and to_superscript(core) != core:
            return to_superscript(core), "exponent"
        goes_on = continued and not after[:1].isalpha() and _SUP_CITATION_RE.match(core) is not None
        if not (self.cites and (goes_on or self._sits_like_citation(text, before, after))):
            return text, "text"
        match = _SUP_CITATION_RE.match(core)
        numbers = _numbers(core)
        if self.max_number is not None and max(numbers) > self.max_number:
            self.past_end.append(core)
            return text, "text"
        if not self._fits(measure):
            self.set_apart.append(core)
            return text, "text"
        new = [n for n in numbers if n > self.highest]
        if new and min(new) > self.highest + _FIRST_USE_JUMP:
            self.out_of_order.append(core)
            return text, "text"
        self.highest = max(self.highest, *numbers)
        body = re.sub(r"\s*([,–\-−])\s*", lambda m: "," if m.group(1) == "," else "–", match.group(1))
        return f"[{body}]" + ("," if core.endswith(",") else ""), "citation"

    def _fits(self, measure: tuple[float, float] | None) -> bool:
        """A raised number set like the article's citations: size and rise near the typical ones."""
        if self.typical is None or measure is None:
            return True  # nothing to compare with: the pattern alone decides
        size, rise = self.typical
        return abs(measure[0] - size) <= _SIZE_TOLERANCE and abs(measure[1] - rise) <= _RISE_TOLERANCE

    def notes(self) -> list[str]:
        """What the reading left out, in words."""
        out = []
        if self.past_end:
            out.append(
                f"{counted(len(self.past_end), 'superscript number')} after words "
                f"{'is' if len(self.past_end) == 1 else 'are'} past the end of the reference list "
                f"({', '.join(self.past_end[:5])}; the list has {counted(self.max_number, 'entry', 'entries')} or fewer): "
                "not read as citations"
            )
        if self.set_apart:
            out.append(
                f"{counted(len(self.set_apart), 'superscript number')} set in another size or height than the "
                f"article's citations ({', '.join(self.set_apart[:5])}): not read as citations"
            )
        if self.out_of_order:
            out.append(
                f"{counted(len(self.out_of_order), 'superscript number')} "
                f"{'jumps' if len(self.out_of_order) == 1 else 'jump'} ahead of the order of first use "
                f"({', '.join(self.out_of_order[:5])}): not read as citations"
            )
        return out


def _numbers(raised: str) -> list[int]:
    """The numbers a raised citation names ("3,4", "3–5" name 3, 4 and 3, 5: the ends are enough here)."""
    return [int(n) for n in re.findall(r"\d+", raised)]


def _measure(line: Line, index: int) -> tuple[float, float] | None:
    """Size and rise of the superscript at ``line.spans[index]``, when the line carries them."""
    order = sum(kind == "sup" for _, kind in line.spans[:index])
    if len(line.raised) != sum(kind == "sup" for _, kind in line.spans):
        return None  # a line built by hand, or spans merged after they were measured: no measure
    return line.raised[order]


def _is_exponent(before: str, raised: str) -> bool:
    """Raised digits after a statistic's symbol, a unit or a number are an exponent ("I²", "m²", "10⁵");
    after a number other than 10, only a single digit or a sign is ("2³", "x10⁻³"): "Table S1¹⁹" cites."""
    if not is_exponent_base(before) or re.search(r"\w['’]s\s*$", before):
        return False  # "Lloyd’s¹⁷ arguments": a possessive, not the unit "s"
    if not before.rstrip()[-1:].isdigit() or before.rstrip().endswith("10"):
        return True
    return re.fullmatch(r"[-−+]?\d", raised) is not None
