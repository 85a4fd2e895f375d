"""From the learned labeller's token spans to the fields of a reference.

:mod:`litmap.parse.crf_model` says which words are the authors, the title, the journal…; this module
turns those spans into the values :func:`litmap.parse_reference` returns. The rule helpers of
:mod:`litmap.parse.references` keep what they are sure of: DOI, URL and ISBN (regular expressions),
the year inside the date span, page ranges, tidying titles, and splitting the author span into
people. The kind of work and the citation style are read off the order of the spans.
"""

from __future__ import annotations

import dataclasses
import re

from litmap.parse import patterns as rp
from litmap.parse.crf_model import LabelledReference, read_lexicons
from litmap.parse.reference_rules import page_range, take_identifiers, tidy
from litmap.text import YEAR, YEAR_PATTERN

_YEAR = YEAR_PATTERN
_NUMBER = re.compile(r"[^\W_][\w./-]*")


def fields_from_labels(labelled: LabelledReference, out: dict, *, numbered: bool = False) -> dict:
    """Fill ``out`` (a :data:`litmap.parse.references.FIELDS` dict) from a labelled entry; returns ``out``.

    ``numbered`` says the entry carried list numbering ("[3]", "3."), a hint for the style.
    """
    labelled = _journal_qualifier_kept(_title_opening_kept(_title_year_kept(labelled)))
    text = labelled.text
    runs = labelled.spans()

    def value(label: str) -> str | None:  # the first run of the label: later runs are mostly stray words
        spans = runs.get(label)
        if not spans:
            return None
        start, end = spans[0]
        return text[start : _punctuation_end(text, start, end, period=label == "editor")]

    take_identifiers(text, out)  # DOI, ISBN, URL: the rules' regular expressions are exact
    authors = " ; ".join(
        text[a : _punctuation_end(text, a, b, period=True)].strip(" ,;") for a, b in runs.get("author", [])
    )
    editors = value("editor")
    lead = labelled.labels[0] if labelled.labels else None
    if not authors and editors and lead == "editor":  # an edited book: its editors lead
        authors = editors
    elif not authors and lead in ("publisher", "place") and "title" in runs:
        # nothing but the authors stands before the title: a publisher or place there is a misread author
        start, end = runs[lead].pop(0)
        authors = text[start : _punctuation_end(text, start, end, period=True)]
    out["authors"] = _people(authors) if authors else []
    out["year"] = _year(labelled, value("year"))
    title = _city_left_out(value("title"), text, runs)
    reprint = _REPRINT_YEARS.match(title or "")
    if reprint and out["year"] is None:  # "(2012/1891)": the edition's year, then the original's (APA)
        out["year"], title = int(reprint.group(1)), title[reprint.end() :]
    out["title"] = _title(tidy, title)
    out["container"] = tidy(value("container"))
    out["publisher"] = tidy(value("publisher"))
    journal_numbers = runs.keys() & {"volume", "issue", "pages"}
    if out["container"] and not out["publisher"] and not journal_numbers and _PUBLISHER.search(out["container"]):
        out["container"], out["publisher"] = None, out["container"]  # "Title. W. W. Norton & Company.": a book
    for name in ("volume", "issue"):
        found = _NUMBER.search(value(name) or "")
        out[name] = found.group().rstrip(".") if found else None
    pages = value("pages")
    if pages:
        pages = re.sub(r"^(?:pp?\.?|pages?|S\.)\s*", "", pages.strip(" ,.;:()[]"), flags=re.IGNORECASE)
        out["pages"] = page_range(pages.strip(" ,.;:()[]")) or None
    out["kind"] = _kind(labelled, runs, out)
    out["style"] = _style(labelled, numbered)
    out["is_parsed"] = bool(out["authors"] or out["year"] or out["title"])
    return out


def _city_left_out(title: str | None, text: str, runs: dict) -> str | None:
    """A title without the city of a bracketed place that follows it.

    In "C. elegans II. Plainview (New York): Cold Spring Harbor Laboratory Press" (PLOS and NLM
    books) the state in brackets reads as the place, and the city before it can be taken for the
    title's last words; a capitalised word or two after the title's full stop, then "(", are the city.
    """
    if not title or not runs.get("place") or not runs.get("title"):
        return title
    title_end, place_start = runs["title"][0][1], runs["place"][0][0]
    if not re.fullmatch(r"\s{0,3}\(\s{0,3}", text[title_end:place_start]):
        return title
    city = re.search(r"(?<=[.?!])\s{1,3}[A-Z][\w'-]{1,30}(?:\s[A-Z][\w'-]{1,30})?$", title)
    return title[: city.start()] if city else title


def _title_opening_kept(labelled: LabelledReference) -> LabelledReference:
    """The entry with a title's first word given back to the title where the model read it as one more
    author: a name ("SSD", "BERT", "YOLOv3") between the last author's initials and a colon
    ("Bowman SR. SSD: Single shot multibox detector", as Vancouver lists end) is the title's start.

    >>> from litmap.parse.crf_model import tokenize_reference
    >>> text = "Liu W, Berg AC. SSD: Single shot detector."
    >>> tokens = tuple(tokenize_reference(text))
    >>> labelled = LabelledReference(text, tokens, ("author",) * 5 + ("title",) * 3, 1.0)
    >>> _title_opening_kept(labelled).labels[4]
    'title'
    """
    text, tokens, labels = labelled.text, labelled.tokens, list(labelled.labels)
    for i in range(1, len(labels) - 1):
        if labels[i - 1 : i + 2] != ["author", "author", "title"]:
            continue
        initials = text[tokens[i - 1].start : tokens[i - 1].end]
        before, after = text[tokens[i - 1].end : tokens[i].start], text[tokens[i].end : tokens[i + 1].start]
        if _INITIALS.fullmatch(initials) and before.strip() == "." and after.strip() == ":":
            labels[i] = "title"
    if labels == list(labelled.labels):
        return labelled
    return dataclasses.replace(labelled, labels=tuple(labels), marginals=())


def _title_year_kept(labelled: LabelledReference) -> LabelledReference:
    """The entry with a year that opens the title given back to the title.

    Guidelines and reports are named by their year ("Arnett DK. 2019 ACC/AHA guideline on …. Circulation.
    2019;140:e596"); right after the authors' full stop and before the title's words, with the entry's
    own year later, the model read it as the year. A year followed by a stop or bracket (Harvard's
    "Smith J. 2019. Title") or the only year of the entry stays the year.

    >>> from litmap.parse.crf_model import tokenize_reference
    >>> text = "Li J. 2019 ESC guideline. Eur Heart J. 2019;40:1-9."
    >>> tokens = tuple(tokenize_reference(text))
    >>> labels = ("author",) * 2 + ("year",) + ("title",) * 2 + ("container",) * 3 + ("year", "volume", "pages")
    >>> _title_year_kept(LabelledReference(text, tokens, labels, 1.0)).labels[2]
    'title'
    """
    text, tokens, labels = labelled.text, labelled.tokens, list(labelled.labels)
    for i in range(1, len(tokens) - 1):
        if labels[i - 1 : i + 2] != ["author", "year", "title"] or not re.fullmatch(
            YEAR, text[tokens[i].start : tokens[i].end]
        ):
            continue
        before, after = text[tokens[i - 1].end : tokens[i].start], text[tokens[i].end : tokens[i + 1].start]
        later_year = any(
            label == "year" and re.fullmatch(YEAR, text[t.start : t.end])
            for t, label in zip(tokens[i + 2 :], labels[i + 2 :])
        )
        if before.strip() == "." and not after.strip() and later_year:
            labels[i] = "title"
    if labels == list(labelled.labels):
        return labelled
    return dataclasses.replace(labelled, labels=tuple(labels), marginals=())


def _journal_qualifier_kept(labelled: LabelledReference) -> LabelledReference:
    """The entry with a journal's bracketed qualifier read as part of its name.

    NLM abbreviations tell journals of one name apart by a place in brackets ("Medicine (Baltimore)",
    "Sensors (Basel)", "Clinics (Sao Paulo)"); set before the year or volume, the model can read the
    name as a place and the bracket as the year. Words in brackets between words read as the venue or a
    place and a year or volume are the venue's. A book's "Plainview (New York): Press" is left alone:
    a publisher, not a number, follows it.

    >>> from litmap.parse.crf_model import tokenize_reference
    >>> text = "Li J. A study. Sensors (Basel). 2020;20:100."
    >>> tokens = tuple(tokenize_reference(text))
    >>> labels = ("author",) * 2 + ("title",) * 2 + ("place",) * 2 + ("year", "volume", "pages")
    >>> _journal_qualifier_kept(LabelledReference(text, tokens, labels, 1.0)).labels[4:6]
    ('container', 'container')
    """
    text, tokens, labels = labelled.text, labelled.tokens, list(labelled.labels)
    for i in range(1, len(tokens) - 1):
        if text[tokens[i - 1].end : tokens[i].start].strip() != "(" or labels[i - 1] not in ("container", "place"):
            continue
        j, closing = i, ""  # the bracket's last word: up to three words with only spaces between
        while j + 1 < len(tokens):
            closing = text[tokens[j].end : tokens[j + 1].start].strip()
            if closing or j - i == 2:
                break
            j += 1
        words = [text[t.start : t.end] for t in tokens[i : j + 1]]
        if (
            j + 1 >= len(tokens)
            or closing not in (")", ").", ");", "),")
            or not all(_QUALIFIER_WORD.fullmatch(w) for w in words)
            or labels[j + 1] not in ("year", "volume")
            or not text[tokens[j + 1].start : tokens[j + 1].end].isdigit()
        ):
            continue
        start = i - 1
        while start > 0 and labels[start - 1] == labels[i - 1]:
            start -= 1
        labels[start : j + 1] = ["container"] * (j + 1 - start)
    if labels == list(labelled.labels):
        return labelled
    return dataclasses.replace(labelled, labels=tuple(labels), marginals=())


#: A word of a journal's bracketed qualifier: a place's name ("Basel", "Sao", "Paulo", "Kaunas").
_QUALIFIER_WORD = re.compile(r"[A-Z][a-zà-ÿ'-]{1,20}")

#: A Vancouver author's initials: "J", "SR", "MW", "J-P".
_INITIALS = re.compile(r"[A-Z]{1,3}(?:-[A-Z])?")


def _year(labelled: LabelledReference, span: str | None) -> int | None:
    """The first year in the date span; else a year the model left unlabelled or glued to a word ("August2014").

    The entry's own year wins over one that ends the venue's name: in "…Findings of ACL: EMNLP 2020.
    2023. p. 1715-1724." the date span reads "2020. 2023" right after the venue, and 2023 is the
    entry's. A span of two years elsewhere ("(1900/1953)", a reprint) keeps its first, the original's.
    An entry of "(n.d.)", or a year only after "Retrieved" or "Accessed", has no year.
    """
    years = _YEAR.findall(span or "")
    two_dates = re.search(rf"{YEAR}\s*[.,;]\s*\(?{YEAR}", span or "")  # "2020. 2023", not a range "1890-1901"
    if len(set(years)) > 1 and two_dates and _after_venue(labelled):
        return int(years[-1])
    match = _YEAR.search(span or "")
    if match is None and not _NO_DATE.search(labelled.text):  # "(n.d.)": the entry says it has no year
        for token, label in zip(labelled.tokens, labelled.labels):
            if label == "other" and _ACCESS_WORD.fullmatch(token.text):
                break  # "Retrieved March 3, 2021": the day it was read, not the year it appeared
            if label not in _NOT_DATES and (match := _YEAR.search(token.text)):
                break
    return int(match.group()) if match else None


#: APA's "no date", and the words before the day a web page was read (APA, Vancouver, Harvard).
_NO_DATE = re.compile(r"\(\s?n\.\s?d\.\s?\)|\bn\.\s?d\.(?=[\s.,;)]|$)")
_ACCESS_WORD = re.compile(r"(?i:retrieved|accessed|cited|viewed|consulted|abgerufen|consultado|acesso)")


def _after_venue(labelled: LabelledReference) -> bool:
    """True when the first date span follows the venue's (or title's) words directly: "EMNLP 2020. 2023"."""
    labels = labelled.labels
    first = next((i for i, label in enumerate(labels) if label == "year"), None)
    return bool(first) and labels[first - 1] in ("container", "title")


_PUBLISHER = re.compile(
    r"\b(?:Press|Publish\w*|Verlag|Company|Inc|Ltd|Books|Éditions|Editions|Editora|Editorial|Ediciones)\b\.?$"
)
#: A reprint's years opening a span the model took for the title: "2012/1891). Life of …".
_REPRINT_YEARS = re.compile(rf"({YEAR})/{YEAR}[a-z]?\)?[.,]?\s*")
_NOT_DATES = frozenset({"title", "container", "volume", "issue", "pages", "doi", "url", "isbn", "publisher"})


def _title(tidy, value: str | None) -> str | None:
    """A title tidied as the rules do, keeping a leading "In" ("In vitro …"): the model left it in the title."""
    lead = re.match(r"(?:In|in|Dans)\s+", value or "")
    tidied = tidy(value)
    return f"{lead.group()}{tidied}" if lead and tidied else tidied


def _punctuation_end(text: str, start: int, end: int, *, period: bool = False) -> int:
    """Extend the span ``text[start:end]`` over the closing punctuation glued to its last word.

    A bracket is taken only when it closes one opened inside the span ("(San Diego: Academic)" gives
    the publisher "Academic", not "Academic)"); ``period`` takes a full stop too (initials, "Eds.").
    """
    closing = ".'\"?!" if period else "'\"?!"
    while end < len(text):
        char = text[end]
        if char in ")]":
            opening = "(" if char == ")" else "["
            if text.count(opening, start, end) <= text.count(char, start, end):
                break
        elif char not in closing:
            break
        end += 1
    return end


def _people(segment: str) -> list[dict]:
    """Persons of the author span (the rules' splitter); an organisation, or a span it cannot read, is one literal."""
    people: list[dict] = []
    for part in (p.strip(" ,;:") for p in segment.split(" ; ")):
        if part and not rp.ET_AL.fullmatch(part):
            people.extend(_persons(part) or _piecewise(part))
    return people


def _persons(part: str) -> list[dict] | None:
    corporate = rp.corporate_author(part)  # "World Health Organization" before "Organization, World Health"
    if corporate:
        return corporate
    persons = rp.split_authors(part)
    return persons if persons and all(len(p.get("family", "xx")) >= 2 for p in persons) else None


def _piecewise(part: str) -> list[dict]:
    """Persons of a span the splitter cannot read whole: piece by piece, an unreadable piece dropped.

    A span of a single piece the splitter cannot read (a group, a collaboration) is kept as one
    literal author.
    """
    pieces = [p for p in re.split(r"\s*(?:;|,|&|\band\b|\bund\b|\bet\b|\by\b|\be\b)\s*", part) if p.strip(" .")]
    if len(pieces) <= 1:
        literal = rp.ET_AL.sub("", part).strip(" ,.;:")
        return [{"literal": literal}] if re.search(r"[^\W\d_]{2}", literal) and len(literal.split()) <= 12 else []
    people: list[dict] = []
    i = 0
    while i < len(pieces):
        pair = rp.split_authors(f"{pieces[i]}, {pieces[i + 1]}") if i + 1 < len(pieces) else None
        if pair and len(pair) == 1:  # "Family, I." written across two pieces
            people.extend(pair)
            i += 2
            continue
        people.extend(_persons(pieces[i]) or [])
        i += 1
    return people


def _kind(labelled: LabelledReference, runs: dict, out: dict) -> str:
    genre = read_lexicons()["genre"]
    words = {t.text.lower() for t, label in zip(labelled.tokens, labelled.labels) if label in ("note", "other")}
    # A container after "In" or with editors is a book, unless it also has a journal's volume and no
    # publisher ("Vol. 1" of an encyclopedia comes with its publisher).
    in_book = "editor" in runs or _after_in(labelled)
    if "container" in runs and in_book and ("volume" not in runs or runs.keys() & {"publisher", "place"}):
        return "chapter"
    if words & genre:
        return "other"
    if out["container"]:
        return "journal-article"
    if out["publisher"] or out["isbn"]:
        return "book"
    return "web" if out["url"] else "other"


def _after_in(labelled: LabelledReference) -> bool:
    """True when the container is introduced by "In" (a chapter in a book)."""
    for i, label in enumerate(labelled.labels):
        if label == "container":
            return i > 0 and labelled.tokens[i - 1].text.lower() in ("in", "dans", "em", "en")
    return False


def _style(labelled: LabelledReference, numbered: bool) -> str:
    """The citation style, from what follows the authors: '(2008).' APA, '(2008)' Harvard, '2008.' Chicago, '"Title"' MLA."""
    text, tokens, labels = labelled.text, labelled.tokens, labelled.labels
    style = "unknown"
    last_author = max((i for i, label in enumerate(labels) if label == "author"), default=None)
    if last_author is not None and last_author + 1 < len(tokens):
        nxt = last_author + 1
        gap = text[tokens[last_author].end : tokens[nxt].start]
        after = text[tokens[nxt].end : tokens[nxt + 1].start if nxt + 1 < len(tokens) else len(text)]
        if labels[nxt] == "year":
            if "(" in gap:
                style = "apa" if after.lstrip(") ").startswith(".") or re.match(r"\)\s*\.", after) else "harvard"
            else:
                style = "chicago" if "." in gap and after.startswith(".") else "harvard"
        elif labels[nxt] == "title" and '"' in gap:
            style = "mla"
    if (numbered and style in ("unknown", "mla")) or (style == "unknown" and _vancouver_names(labelled)):
        style = "vancouver"
    return style


def _vancouver_names(labelled: LabelledReference) -> bool:
    """Initials written without full stops after a family name ("Smith JJ,")."""
    for i, (token, label) in enumerate(zip(labelled.tokens, labelled.labels)):
        if (
            label == "author"
            and i
            and token.text.isupper()
            and len(token.text) <= 3
            and labelled.text[token.end : token.end + 1] != "."
        ):
            return True
    return False


def uncertainty_note(labelled: LabelledReference, threshold: float) -> str | None:
    """A few words for an entry the model is unsure of, naming the fields in doubt; None when sure.

    Examples
    --------
    >>> from litmap.parse.crf_model import tokenize_reference
    >>> tokens = tuple(tokenize_reference("Smith J. Title"))
    >>> uncertainty_note(LabelledReference("Smith J. Title", tokens, ("author", "author", "title"), 0.3, (0.9, 0.9, 0.4)), 0.5)
    'uncertain parse (confidence 0.30): check title'
    """
    if labelled.confidence >= threshold or not labelled.tokens:
        return None
    doubt: dict[str, float] = {}
    for label, p in zip(labelled.labels, labelled.marginals):
        if label != "other" and p < 0.9:
            doubt[label] = min(p, doubt.get(label, 1.0))
    names = [_FIELD_NAMES.get(label, label) for label in sorted(doubt, key=doubt.get)]
    where = f": check {', '.join(dict.fromkeys(names))}" if names else ""
    return f"uncertain parse (confidence {labelled.confidence:.2f}){where}"


_FIELD_NAMES = {"author": "authors", "editor": "editors", "place": "place of publication"}
__all__ = ["fields_from_labels", "uncertainty_note"]
