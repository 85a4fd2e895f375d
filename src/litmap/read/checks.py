"""The reading checks itself: what it doubts about a reference list and a body, said in words.

A reader that splits a reference list wrongly still gives a list, and a side column read as body
text still gives sentences; nothing fails, so nothing would be said. These checks compare what was
read with what the article itself implies and return notes in plain words (they end up in
:attr:`Article.notes <litmap.read.blocks.Article.notes>`, the run summary and the notebooks):

- a numbered list whose labels skip ("labels skip from 12 to 15"), or with fewer entries than the
  highest number the text cites ("62 numbers cited, 6 entries found");
- an entry many times longer than the others (several entries run together), or holding another's
  author–date opening after its own last page or link ("… 685–716. Charman, D., & Barkham, M. (2005).");
- body text holding e-mail addresses or postcodes (an address or a side column read as text).

Where the list itself shows how to mend it — an entry that holds the labels missing after it,
"… 2001;11:329-33. 7 Rogers JM. …" — :func:`split_at_missing_labels` splits it and says so.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from itertools import pairwise

from litmap.read.reference_block import AUTHOR_START, ENTRY_LABEL, UPPER, entry_label
from litmap.text import PARTICLE_RE, YEAR, counted, fold

_YEAR = re.compile(rf"(?<![\d/.-]){YEAR}(?![\d])")
_DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>,;]+[^\s\"<>,;.)]")

#: An entry this many times longer than the typical one (and over _LONG_CHARS) is doubted.
LONG_ENTRY_FACTOR = 4.0
_LONG_CHARS = 1000
_BRACKETS = re.compile(r"\[(\d{1,4}(?:\s*[,;–—-]\s*\d{1,4})*)\]")
_SUPERSCRIPTS = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+(?:[,⁻–-][⁰¹²³⁴⁵⁶⁷⁸⁹]+)*")
#: An e-mail address; the address starts where its characters start (so a long run without "@" is read once).
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# UK ("NW1 2DA"), US ("MA 02115"), Canadian ("K1A 0B1") postcodes: the shapes an address line has.
_POSTCODE = re.compile(
    r"\b(?:[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}|[A-Z]{2}\s\d{5}(?:-\d{4})?|[A-Z]\d[A-Z]\s\d[A-Z]\d)\b(?=[\s,.;)]|$)"
)


# An author–date entry's opening inside an entry, after the end of the one before it (digits and a full
# stop, "685–716.", or a link): family names with initials, and their year in brackets or between full
# stops — "… 52, 685–716. Charman, D., & Barkham, M. (2005). …", "…/j.1.2 Newman EA. 2015. …".
_NAME = rf"(?:{PARTICLE_RE}\s+)*[{UPPER}][\w'’-]+(?:,?\s+(?:[{UPPER}]\.\s?-?){{1,3}}|\s+[{UPPER}]{{1,3}}\b)"
_INNER_OPENING = re.compile(
    rf"(?:(?<=\d\.)|(?<=\d)|(?<=\S/\S)\S*)\s+({_NAME}(?:[,;]?\s+(?:&\s+|and\s+)?{_NAME}){{0,12}}"
    rf"(?:,?\s+et al\.)?,?\s+(?:\((?:19|20)\d\d[a-z]?\)|(?:19|20)\d\d[a-z]?)\.)"
)


def _label_pattern(style: str, number: int) -> re.Pattern:
    label = {
        "bracket": rf"\[{number}\]",
        "paren": rf"\({number}\)",
        "dot": rf"{number}\.",
        "close": rf"{number}\)",
    }.get(style, rf"{number}")
    return re.compile(rf"\s+{label}\s*(?=[^\W\d_])")


def _may_end_entry(before: str) -> bool:
    """An entry may end here: after a full stop, a bracket or parenthesis, or a DOI or URL."""
    words = before.split()
    return bool(words) and (words[-1][-1] in ".;)]" or "/" in words[-1])


def _label_style(entries: Sequence[str]) -> str:
    """The way most labels are written: "bracket" "[1]", "paren" "(1)", "dot" "1.", "close" "1)" or "bare" "1"."""
    styles = []
    for text in entries:
        head = text.lstrip()[:8]
        styles.append(
            "bracket"
            if head[:1] == "["
            else "paren"
            if head[:1] == "("
            else "dot"
            if re.match(r"\d+\.", head)
            else "close"
            if re.match(r"\d+\)", head)
            else "bare"
        )
    return max(set(styles), key=styles.count) if styles else "bare"


def is_numbered(entries: Sequence[str]) -> bool:
    """Most entries start with a label ("[3]", "3.", "3 Smith")."""
    labelled = sum(entry_label(text) is not None for text in entries)
    return len(entries) >= 3 and labelled >= 0.6 * len(entries)


def cited_numbers(texts: Iterable[str]) -> list[int]:
    """The numbers a text cites in brackets ("[3]", "[1–4, 7]") or as superscripts ("¹²"), in order.

    >>> cited_numbers(["As shown [1–3, 7].", "Again [12]; and 95% CI [1.2, 3]"])
    [1, 2, 3, 7, 12]
    """
    numbers: list[int] = []
    for text in texts:
        for match in _BRACKETS.finditer(text):
            numbers += _expand(match.group(1))
        for match in _SUPERSCRIPTS.finditer(text):
            numbers += _expand(match.group(0).translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")))
    return numbers


def _expand(text: str) -> list[int]:
    out: list[int] = []
    for piece in re.split(r"[,;]", text):
        # no citation number has more than 6 digits; 20,000 superscript digits in a row raised
        # Python's "Exceeds the limit (4300 digits) for integer string conversion" (a bug, said the run)
        bounds = [int(n) for n in re.findall(r"\d+", piece) if len(n) <= 6]
        if len(bounds) == 2 and 0 < bounds[1] - bounds[0] < 100:
            out += range(bounds[0], bounds[1] + 1)
        else:
            out += bounds
    return out


def split_at_missing_labels(entries: Sequence[str], *, cited_max: int | None = None) -> tuple[list[str], list[str]]:
    """Split entries that hold the labels missing after them; the entries, and notes saying what was split.

    An entry is searched only where something is wrong: the next entry's label skips numbers, the
    entry is many times longer than the others, or (the last one) the text cites numbers past it.
    A label counts only where an entry may end before it (a full stop, a bracket, a DOI) and a word
    follows it, written the way the list writes its labels.

    >>> entries = ["1 Lee K. Trust. Care 2001;3:1-9. 2 Wu B. Doubt. Mind 2003;4:5-6.", "3 Ng A. Hope. 2005.", "4 Ho J. Joy. 2006."]
    >>> repaired, notes = split_at_missing_labels(entries)
    >>> repaired[:2], notes
    (['1 Lee K. Trust. Care 2001;3:1-9.', '2 Wu B. Doubt. Mind 2003;4:5-6.'], ['split entry 1 at the label 2 printed inside it (entries had run together): 4 entries now'])
    """
    entries = list(entries)
    if not is_numbered(entries):
        return entries, []
    style = _label_style(entries)
    typical = statistics.median(len(text) for text in entries)
    labels = [entry_label(text) for text in entries]
    out: list[str] = []
    notes: list[str] = []
    for index, text in enumerate(entries):
        label = labels[index]
        following = next((n for n in labels[index + 1 :] if n is not None), None)
        long = len(text) > LONG_ENTRY_FACTOR * typical and len(text) > 2 * _LONG_CHARS / LONG_ENTRY_FACTOR
        last = following is None and cited_max is not None and label is not None and cited_max > label
        skipped = label is not None and following is not None and following > label + 1
        if label is None or not (skipped or long or last):
            out.append(text)
            continue
        stop = following if following is not None else (cited_max + 1 if cited_max else None)
        pieces = _split_entry(text, label, style, stop)
        if len(pieces) > 1:
            found = [entry_label(piece) for piece in pieces[1:]]
            where = f"the label {found[0]}" if len(found) == 1 else f"the labels {found[0]} to {found[-1]}"
            notes.append(f"split entry {label} at {where} printed inside it (entries had run together)")
        out.extend(pieces)
    if notes:
        notes = [f"{note}: {counted(len(out), 'entry', 'entries')} now" for note in notes]
    return out, notes


def _split_entry(text: str, label: int, style: str, stop: int | None) -> list[str]:
    pieces, rest, number = [], text, label + 1
    while stop is None or number < stop:
        match = next(
            (m for m in _label_pattern(style, number).finditer(rest) if _may_end_entry(rest[: m.start()])), None
        )
        if not match:
            break
        pieces.append(rest[: match.start()].strip())
        rest = rest[match.start() :].strip()
        number += 1
    return [*pieces, rest]


def describe_reference_doubts(entries: Sequence[str], *, cited: Sequence[int] = ()) -> list[str]:
    """What looks wrong with a reference list, in words (an empty list when nothing does).

    ``cited`` are the numbers the article's text cites (:func:`cited_numbers`), for a numbered list.

    >>> describe_reference_doubts(["1 A. 2001.", "2 B. 2002.", "5 C. 2005."], cited=[1, 2, 5, 9])
    ['the labels of the reference list skip from 2 to 5 (no entries 3–4)', '9 numbers cited, 3 entries found: the reference list may be mis-split or cut short']
    """
    notes: list[str] = []
    if not entries:
        return notes
    numbered = is_numbered(entries)
    cites_numbers = len(set(cited)) >= 5 and max(cited) >= 0.5 * len(entries)  # an unlabelled list cited by number
    if numbered or cites_numbers:
        labels = [n for n in (entry_label(text) for text in entries) if n is not None]
        for before, after in pairwise(labels):
            if after > before + 1:
                missing = f"{before + 1}" if after == before + 2 else f"{before + 1}–{after - 1}"
                notes.append(f"the labels of the reference list skip from {before} to {after} (no entries {missing})")
        highest = max(cited, default=0)
        if highest > len(entries):
            notes.append(
                f"{highest} numbers cited, {counted(len(entries), 'entry', 'entries')} found: "
                "the reference list may be mis-split or cut short"
            )
    if not numbered:
        notes += describe_out_of_order(entries)
    typical = statistics.median(len(text) for text in entries)
    years = [len(_YEAR.findall(text)) for text in entries]
    usual = statistics.median(years)
    for index, (text, count) in enumerate(zip(entries, years), start=1):
        dois = len(set(_DOI.findall(text)))
        label = ENTRY_LABEL.match(text)
        after = text[label.end() :] if label else text  # "1. Vos T": the label's full stop opens no other entry
        heads = sum(bool(AUTHOR_START.match(after[m.end() :])) for m in re.finditer(r"[.?]\s+", after))
        several = count >= usual + 2 and len(text) > 2 * typical and heads >= 1
        if (len(text) > LONG_ENTRY_FACTOR * typical and len(text) > _LONG_CHARS and count >= 3) or several or dois >= 2:
            notes.append(
                f"entry {index} is {len(text):,} characters, {len(text) / typical:.1f} times a typical entry, "
                f"with {counted(count, 'year')} and {counted(dois, 'DOI')}: several entries may have run together"
            )
            continue
        opening = next((m for m in _INNER_OPENING.finditer(text) if m.start() > 20), None)
        if opening is not None:
            notes.append(
                f'entry {index} holds what reads as the start of another ("{opening.group(1)[:60]}"): '
                "two entries may have run together"
            )
    return notes


#: Pairs of neighbouring entries in alphabetical order, at least (less two), for a list without labels to count as sorted.
_SORTED_SHARE = 0.9
_MIN_SORTED = 8
_FIRST_WORD = re.compile(rf"\s*((?:{PARTICLE_RE}\s+)*)([^\W\d_][\w'’-]*)")


def _sort_keys(text: str) -> tuple[str, ...] | None:
    """The ways an entry may be sorted: by its first word with its particles and without ("van der Berg"
    under V or B), "Mc" as "Mac" and "St" as "Saint" as some lists file them, an organisation without
    its "The" ("The Cochrane Collaboration" under C); None when it opens with no word.

    >>> _sort_keys("McAllister, K. (2001)."), _sort_keys("The Cochrane Collaboration. (2019).")
    (('mcallister', 'mcallister', 'macallister'), ('the', 'the', 'cochrane'))
    """
    found = _FIRST_WORD.match(text)
    if not found:
        return None
    word = fold(found.group(2))
    keys = [fold(found.group(1)).replace(" ", "") + word, word]
    if word.startswith("mc"):
        keys.append("mac" + word[2:])
    if word == "st":
        keys.append("saint")
    if word == "the" and len(text.split()) > 1:
        keys += [key for key in (_sort_keys(text.split(None, 1)[1]) or ()) if key != "the"][:1]
    return tuple(keys)


def describe_out_of_order(entries: Sequence[str]) -> list[str]:
    """A note for each entry of an alphabetical list without labels that alone breaks the order between its
    neighbours: the end of an entry split off ("Proceedings of the 2001 IEEE …" between "Viola" and
    "Vollmar"), or a line that is no entry.

    >>> names = ["Abe, K. (2001).", "Berg, L. (2002).", "Cruz, M. (2003).", "Diaz, N. (2004).", "Egan, O. (2005).",
    ...     "Fox, P. (2006).", "Gill, Q. (2007).", "Hale, R. (2008).", "Columbia University Press.", "Ito, S. (2009)."]
    >>> describe_out_of_order(names)
    ['entry 9 ("Columbia University Press.") is out of the alphabetical order of the reference list (between Hale and Ito): it may be the end of the entry before it, split off']
    """
    keys = [_sort_keys(text) for text in entries]
    if len(entries) < _MIN_SORTED or any(key is None for key in keys):
        return []

    def in_order(a, b) -> bool:
        return min(a) <= max(b)

    pairs = [in_order(a, b) for a, b in pairwise(keys)]
    if len(pairs) - sum(pairs) > max(2, (1 - _SORTED_SHARE) * len(pairs)):
        return []  # not sorted (an entry out of place breaks a pair or two)
    notes = []
    for index in range(1, len(entries) - 1):
        before, key, after = keys[index - 1], keys[index], keys[index + 1]
        if in_order(before, after) and not (in_order(before, key) and in_order(key, after)):
            names = [entries[i].split()[0].rstrip(",.;:") for i in (index - 1, index + 1)]
            notes.append(
                f'entry {index + 1} ("{entries[index][:60]}") is out of the alphabetical order of the reference '
                f"list (between {names[0]} and {names[1]}): it may be the end of the entry before it, split off"
            )
    return notes


def describe_body_doubts(paragraphs: Sequence[str]) -> list[str]:
    """A note when body paragraphs hold e-mail addresses or postcodes (an address or a side column read as text).

    >>> describe_body_doubts(["Trust grows.", "Department of Health, London NW1 2DA, UK; r.lee@ucl.ac.uk"])
    ['1 body paragraph holds e-mail addresses or postcodes (an address or a side column read as text?): "r.lee@ucl.ac.uk"']
    """
    found = []
    for text in paragraphs:
        match = EMAIL.search(text) or _POSTCODE.search(text)
        if match:
            found.append(match.group(0))
    if not found:
        return []
    which = "1 body paragraph holds" if len(found) == 1 else f"{len(found)} body paragraphs hold"
    examples = ", ".join(f'"{example}"' for example in found[:3])
    return [f"{which} e-mail addresses or postcodes (an address or a side column read as text?): {examples}"]
