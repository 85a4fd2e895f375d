"""The regex rules for one reference entry: litmap's first parser, the learned parser's hint and baseline.

:func:`parse_reference_rules` finds identifiers (DOI, ISBN, URL) first, then the author block and
year (APA "(2008).", Harvard/Chicago "2008.", or the names before the title in Vancouver, IEEE, MLA),
then the title and the journal tail ("20(4), 1053–1080", "2019;14(3):153-60", "vol. 11, no. 4, pp.
461–470") or the publisher of a book. The helpers it is made of (:func:`take_identifiers`,
:func:`tidy`, :func:`page_range`) are also what :mod:`litmap.parse.crf_fields` trusts the rules for.
"""

from __future__ import annotations

import re
import unicodedata

from litmap.parse import patterns as rp
from litmap.read.blocks import word_set as _word_set
from litmap.text import DOI, ISBN, YEAR, clean_text

#: The fields :func:`parse_reference` returns (REFERENCES columns minus ref_id, raw, line).
FIELDS = (
    "authors",
    "year",
    "title",
    "container",
    "publisher",
    "volume",
    "issue",
    "pages",
    "doi",
    "isbn",
    "url",
    "kind",
    "style",
    "is_parsed",
    "parse_confidence",
    "parse_note",
)
_SMALL_WORDS = _word_set("of and the for in on & de la des der und für y à du di del a an to et with at")
_EXTRA_PARENS = re.compile(
    r"\s*\((?!\s*(?:eds?|hrsg|hg)\.?\s*\))(?![^()]*\bpp?\.\s*\d)"  # "(2nd ed.)", not "(Eds.)" or "(… pp. 3–9)"
    r"(?:[^()]*\b(?:ed|eds|edn|edition|tr|trans|transl|hrsg|reprint|dissertation|thesis)\b\.?[^()]*|\d+\s*pp?\.?)\)",
    re.IGNORECASE,
)
#: Where the editors of a book end, before its title: "L. Goldberger & S. Breznitz (Eds.)," /
#: "Bryman A, Burgess R, editors." / "Currie PJ, Tanke DH, eds."
_EDITORS_FIRST = re.compile(
    r"^(.{2,400}?)(?:\s*\((?:eds?|hrsg|hg|dir|coord|org|orgs)\.?\)\s*[,.:]?|,?\s+(?:editors?|eds?)\.?\s*[,.:])\s+(?=\S)",
    re.IGNORECASE,
)
#: Where the book title ends when the editors follow it: "Book, ed. Levin, S. A." / "Book, edited by …"
_EDITORS_AFTER = re.compile(r",\s*(?:eds?\.?|edited by|hrsg\.? v\.?)\s+(?=[A-Z])", re.IGNORECASE)
_PUBLISHER_WORDS = re.compile(
    r"\b(?:Press|Publish\w*|Verlag|Books|Wiley|Springer|Elsevier|Routledge|Inc|Ltd|"
    r"Editions?|Éditions|Editora|Editorial|Sons|Academic|Blackwell|Sage|Norton|Pub\.?)\b"
)
#: A place as references print it after a publisher: "Champaign, IL, USA", "Melbourne, Australia".
_PLACE = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?(?:,\s*(?:[A-Z]{2,3}|[A-Z][a-z]+(?: [A-Z][a-z]+)?)){1,2}")

#: Longest entry the learned parser reads whole; the longest real entry seen (150 authors) is ~3,000.
MAX_ENTRY_CHARS = 10_000
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"


def parse_reference_rules(text: str, *, normalised: bool = False) -> dict:
    """Parse one entry with the regular-expression rules alone (litmap's parser before the CRF).

    The learned parser reads this parse as a hint (:mod:`litmap.parse.crf_hints`); it is also the
    baseline the benchmark measures the learned parser against (``benchmarks/parse_references.py``).
    Returns the same keys as :func:`parse_reference`, with no confidence. ``normalised`` says
    ``text`` is already :func:`entry_text`'s output (numbering removed), so it is taken as it is.

    Examples
    --------
    >>> parse_reference_rules("Wonder, J. (2017). The power of empathy in trauma recovery. Healing Press.")["publisher"]
    'Healing Press'
    """
    out = blank_fields()
    s, numbered = (text, False) if normalised else entry_text(text)
    s = re.sub(r"^[-_]{2,}\s*[.,]?\s*", "", s)  # "———." : same authors as the entry above
    s = _respace(take_identifiers(s, out))
    head = _split_head(s)
    if head is not None:
        out["authors"], out["year"], rest, out["title"], out["style"] = head
    else:
        first, _, after = s.partition(". ")
        out["authors"] = (rp.corporate_author(first) or []) if after.count(". ") >= 1 else []
        rest = after if out["authors"] else s
    _parse_rest(rest.strip(" .,;:"), out)
    if (numbered and out["style"] in ("unknown", "mla")) or (
        out["style"] == "unknown"
        and any(len(a.get("given", "")) <= 3 and "." not in a.get("given", ".") for a in out["authors"])
    ):
        out["style"] = "vancouver"
    for key in ("title", "container", "publisher"):
        out[key] = tidy(out[key], container=key != "title")
    if out["kind"] == "other" and out["url"]:
        out["kind"] = "web"
    out["is_parsed"] = bool(out["authors"] or out["year"] or out["title"])
    return out


def blank_fields() -> dict:
    out: dict = dict.fromkeys(FIELDS)
    out.update(authors=[], kind="other", style="unknown", is_parsed=False)
    return out


def entry_text(text: str) -> tuple[str, bool]:
    """The entry as both parsers read it (dashes, quotes and spaces normalised, numbering removed),
    and whether it was numbered.

    Examples
    --------
    >>> entry_text("[3]  Smith J \u2013 a   title")
    ('Smith J - a title', True)
    """
    s = _normalise(text if isinstance(text, str) else "")
    return rp.NUMBERING.sub("", s, count=1), bool(rp.NUMBERING.match(s))


#: A DOI broken by a space right after its prefix's slash ("doi: 10.1126/ science.1089134"): the space
#: goes when what follows is one word of DOI characters with a digit in it, up to a space or the end.
#: A word after a whole DOI, or a plain word after a bare prefix ("10.1126/ Science."), is left alone.
_BROKEN_DOI = re.compile(r"(\b10\.\d{4,9}/) (?=[A-Za-z_.;:()/-]{0,200}\d[\w.;:()/-]{0,200}(?:[\s,\]\"<>]|$))")


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", clean_text(text))  # no NUL or lone surrogate reaches the CRF (it crashed)
    for dash in rp.DASHES:
        text = text.replace(dash, "-")
    for fancy, plain in rp.QUOTES.items():
        text = text.replace(fancy, plain)
    text = re.sub(r"\s+", " ", text).strip()
    return _BROKEN_DOI.sub(r"\1", text) if "/ " in text else text


def _respace(text: str) -> str:
    # PDF-extraction spacing ("TaP .Nat .Commun .7 ,11615 ( 2016)"): put punctuation back against words
    text = re.sub(r"(?<=\w) ([.,;:])(?=[^\W\d_]{2}|\d)", r"\1 ", text)
    text = re.sub(r"([,;])(?=[^\W\d_]{2})", r"\1 ", text)
    text = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", text))
    return re.sub(r"\)(?=\w)", ") ", text)


_DOI_MARK = re.compile(r"\[(?:doi|pii)\]?[.,;]?$", re.IGNORECASE)
#: An HTML character reference left at a DOI's end by a page escaped twice ("10.1000/x&gt;" for the
#: "10.1000/x>" of "<https://doi.org/10.1000/x>"): DOIs may hold "&" and ";", but not as an entity's name.
_ESCAPED_END = re.compile(r"(?:&(?:gt|lt|amp|quot|apos|nbsp|#\d{1,7}|#x[0-9a-f]{1,6});?){1,5}$", re.IGNORECASE)


def take_identifiers(s: str, out: dict) -> str:
    """Move DOI, ISBN and URL out of the string into ``out`` (they confuse everything else).

    Each pattern is tried only where the string holds what it must start with ("10.", "ISBN",
    "http" or "www."): the same result, faster, as these long patterns run on every entry twice.
    """
    m = DOI.search(s) if "10." in s else None
    if m:
        # PubMed's "10.1038/nrn2947[doi]" marks what the identifier is: not part of it
        doi = _DOI_MARK.sub("", m.group(1)).rstrip(".,;:)]}>'\"")
        out["doi"] = _ESCAPED_END.sub("", doi).rstrip(".,;:)]}>'\"").lower()
        s = s[: m.start()] + s[m.end() :]
    m = ISBN.search(s) if "ISBN" in s else None
    if m:
        out["isbn"] = re.sub(r"[\s-]", "", m.group(1)).upper()
        s = s[: m.start()] + s[m.end() :]
    lower = s.lower()
    m = rp.URL.search(s) if "http" in lower or "www." in lower else None
    if m:
        out["url"] = m.group(1).rstrip(".,;:)]}>'\"")
        s = s[: m.start()] + s[m.end() :]
        s = rp.ACCESSED.sub("", s)
    return re.sub(r"\s+", " ", s).strip(" ,;")


def _people(segment: str) -> list[dict] | None:
    persons = rp.split_authors(segment)
    if persons and all(len(p.get("family", "xx")) >= 2 for p in persons):
        return persons
    return None


def _split_head(s: str):
    """Find authors, year and where the rest starts: (authors, year, rest, title, style) or None."""
    m = rp.PAREN_YEAR.search(s)
    if m and 0 < m.start() <= rp.MAX_AUTHOR_CHARS:
        prefix = s[: m.start()].strip()
        persons = rp.corporate_author(prefix) or _people(prefix)
        if persons:
            style = "apa" if s[m.end() :].lstrip().startswith(".") else "harvard"
            return persons, _int(m.group(1)), s[m.end() :], None, style
    m = rp.BARE_YEAR.search(s)
    if m and 0 < m.start() <= rp.MAX_AUTHOR_CHARS and re.match(r"\s*(?:[.,:;)]|$)|\s+[A-Z]", s[m.end() :]):
        prefix = s[: m.start()].rstrip(" ,.(")
        persons = _people(prefix) or rp.corporate_author(prefix)
        if persons:
            style = "chicago" if re.search(r"\.\s*$", s[: m.start()]) and s[m.end() :].startswith(".") else "harvard"
            return persons, _int(m.group(1)), s[m.end() :], None, style
    q = re.search(r'"\s*([^"]{3,}?)\s*"', s)
    if q and q.start() > 0:
        persons = _people(s[: q.start()].rstrip(" ,.:")) or rp.corporate_author(s[: q.start()])
        if persons:
            return persons, None, s[q.end() :], q.group(1).strip(" ,."), "mla"
    return _names_before_title(s)


def _names_before_title(s: str):
    """Authors that end at the first '. ' or ': ' after a full name, else at the last name-only comma."""
    limit = min(len(s), rp.MAX_AUTHOR_CHARS)
    for m in re.finditer(r"[.:](?=\s)", s[:limit]):
        before, after = s[: m.start() + 1], s[m.end() :].lstrip()
        if re.search(r"(?:^|[\s.\-])[A-Z][a-z]?\.$", before) and (
            re.match(r"(?:[A-Z][a-z]?\.|&|and\b|et\b|[A-Z][\w'-]+(?:,\s*(?:[A-Z]|&|and\b)|;|(?: and| &) [A-Z]))", after)
            or (
                re.search(r"[a-z]{2} [A-Z]\.$", before[-5:])
                and not re.match(r"^[\w'-]+(?: [\w'-]+)?,", s)
                and re.match(r"[A-Z][\w'’-]+(?:[,.]|\s+(?:and|&)\s)", after)  # not "Kallen K. The impact of …"
            )
        ):
            continue  # "W. E.", "H. &", "Eric J. Rossetter, ...": the names go on
        if re.search(r"(?:^|[\s,])[A-Z][a-z]{1,5}\.$", before) and re.match(r"(?:[A-Z][a-z]{0,5}\.|[A-Z]\b|\d)", after):
            continue  # "J. Phys. A", "Phys. Rev. D": an abbreviated journal, not a name
        persons = _people(before)
        if persons:
            longer = re.match(r"\s*[A-Z][\w'-]+[.:](?=\s)", s[m.end() :])  # "Woodworth, G. Walter. The ..."
            more = longer and re.search(r"[A-Z]\.$", before) and _people(s[: m.end() + longer.end()])
            if more and len(more) == len(persons):
                return more, None, s[m.end() + longer.end() :], None, "unknown"
            return persons, None, s[m.end() :], None, "unknown"
    first_stop = re.search(r"[.:](?=\s[A-Z\"])(?<![A-Z]\.)", s)
    stop = first_stop.end() if first_stop else limit
    commas = [m for m in re.finditer(r",(?=\s)", s[:limit]) if m.start() <= stop + 1]
    for m in reversed(commas[-40:]):  # the last comma after which the names stop (40 tries bound the time)
        persons = _people(s[: m.start()])
        if persons and all("given" in p or "literal" in p for p in persons):
            return persons, None, s[m.end() :], None, "unknown"
    return None


def _parse_rest(rest: str, out: dict) -> None:
    """Title, container, volume/issue/pages, publisher and kind from the text after the authors."""
    if out["year"] is None:
        rest = _take_year(rest, out)
    rest = re.sub(r"^\(?(?:in press|forthcoming|n\.\s?d\.)\)?\s*[.,]?\s*", "", rest, flags=re.IGNORECASE)
    rest = _EXTRA_PARENS.sub("", rest)
    # a quoted title ("Harvard 'Title'", MLA), not a quoted phrase opening one: "'After the stroke': Patients' …"
    quoted = re.match(r"""\s*(["'])(.{3,}?)\1(?=\s*(?:[,.;]|$|In\b|in\b)|(?<=[.,?!]["'])\s)""", rest)
    if quoted and out["title"] is None:  # Harvard 'Title', or a quoted title after the year
        out["title"], rest = quoted.group(2).strip(" ,."), rest[quoted.end() :]
    place = re.search(r"\(([^():]{2,40}:[^():]{2,80})\)\s*(?:[.,]|$)", rest)  # "(London: Routledge, 1992)"
    if place and not out["publisher"]:
        out["publisher"] = re.split(r",\s*(?:\d|n\.d)", place.group(1).split(":", 1)[1])[0].strip()
        out["kind"] = "book"
        rest = (rest[: place.start()] + rest[place.end() :]).strip(" .,")
    tail, tail_at = _journal_tail(rest)
    chapter = rp.CHAPTER.search(rest)
    if chapter and (tail is None or chapter.start() < tail_at) and (out["title"] or chapter.start() > 0):
        if out["title"] is None:
            out["title"] = rest[: chapter.start()]
        _parse_chapter(rest[chapter.end() :], out)
        return
    if tail is not None:
        found = tail.groupdict()
        out["volume"], out["pages"] = found.get("vol"), page_range(found.get("pages"))
        out["issue"] = found.get("iss") or found.get("iss2") or found.get("iss3")
        head = rest[:tail_at].strip(" ,.;:")
        if out["title"] is None:
            out["title"], out["container"] = _title_container(head)
        else:
            out["container"] = head
        out["kind"] = "journal-article" if out["container"] else "other"
        return
    title, remainder = _first_sentence(rest) if out["title"] is None else (out["title"], rest)
    out["title"] = title
    preprint = rp.PREPRINT.match(remainder.strip(" .,"))
    if preprint:
        out["container"] = preprint.group(0)  # kind stays "other": a preprint is not yet a journal article
        return
    _parse_book(remainder, out)


def _take_year(rest: str, out: dict) -> str:
    m = rp.PAREN_YEAR.search(rest)
    matches = [m] if m and m.group(1) else list(rp.BARE_YEAR.finditer(rest))
    if not matches:
        return rest
    m = matches[-1]
    out["year"] = _int(m.group(1))
    start, end = m.start(), m.end()
    before = re.search(r"\(?\s*(?:" + _MONTH + r"\s+(?:\d{1,2},?\s+)?|\d{1,2}\s+" + _MONTH + r"\s+)?$", rest[:start])
    start = before.start() if before and before.group().strip() else start
    if rest[start : start + 1] != "(" and start > 0 and rest[start - 1] == "(" and rest[end : end + 1] == ")":
        start, end = start - 1, end + 1
    left, right = rest[:start].rstrip(), rest[end:].lstrip()
    if right.startswith(";"):
        return (left.rstrip(",") + " " + right).strip()
    glue = (
        ", "
        if left.endswith(",") or right.startswith(",") or (left[-1:].isdigit() and re.match(r"[A-Za-z]?\d", right))
        else " "
    )
    return (left.rstrip(" ,") + glue + right.lstrip(" ,")).strip()


def _journal_tail(rest: str):
    best = None
    for pattern in rp.JOURNAL_TAILS:
        for m in pattern.finditer(rest):
            if m.start() > 3 and any(m.groupdict().values()):
                if best is None or m.start() < best.start():
                    best = m
                break
        if best is not None:
            break
    return best, (best.start() if best else None)


def _journal_like(text: str) -> bool:
    words = text.strip(" .,").split()
    # an abbreviation ends with a full stop ("Acad.", "J."), but a lower-case word that ends one is the
    # end of a sentence: "… with education. The Rotterdam study. BMJ" has its journal after "study."
    return 0 < len(words) <= 12 and all(
        w[:1].isupper()
        or w[:1].isdigit()
        or w.lower().strip(".,:") in _SMALL_WORDS
        or (w.endswith(".") and not re.fullmatch(r"[a-z]{4,}\.", w))
        for w in words
    )


_ABBREVIATION_CUT = re.compile(
    r"(?:^|\s)(?:[A-Z]|[A-Z][a-z]{1,3}|al|vs|pp|eds?|no|vol|cf|ca|etc)\.$|(?:^|,\s*)[A-Z][a-z]{0,4}\.$"
)


def _title_container(head: str) -> tuple[str | None, str | None]:
    """Split "Title. Journal" (the text before volume and pages) into title and journal."""
    stops = list(re.finditer(r"[.?!](?=\s+\S)", head))
    cuts = [m for m in stops if not _ABBREVIATION_CUT.search(head[: m.end()])]
    comma = re.search(r",\s+([^,]+)$", head)
    if comma and _journal_like(comma.group(1)) and not any(_journal_like(head[m.end() :]) for m in cuts):
        return head[: comma.start()], comma.group(1)
    for m in cuts:
        if _journal_like(head[m.end() :]):
            return head[: m.end()], head[m.end() :]
    if cuts:
        return head[: cuts[-1].end()], head[cuts[-1].end() :]
    for m in reversed(stops):  # "… in the Modern West. Brit J Sociol": a short word before the stop
        tail = head[m.end() :]
        if (
            _journal_like(tail)
            and len(tail.split()) <= 8
            and re.search(r"[^\W\d_]{4}[.?!]$", head[max(0, m.end() - 5) : m.end()])
        ):
            return head[: m.end()], head[m.end() :]
    boundary = _sentence_case_boundary(head)
    if boundary is not None:  # "Genetic associations: False or true Trends Mol Med" (no full stop)
        return head[:boundary], head[boundary:]
    parts = head.rsplit(", ", 1)
    if len(parts) == 2 and _journal_like(parts[1]):
        return parts[0], parts[1]
    if _journal_like(head) and len(head.split()) <= 6:
        return None, head  # one short segment before "vol, pages": a journal cited without its title
    return head or None, None


def _sentence_case_boundary(head: str) -> int | None:
    """Where a journal name starts after a sentence-case title with no full stop between them."""
    words = list(re.finditer(r"\S+", head))
    for k in range(2, len(words)):
        before, word = words[k - 1].group(), words[k].group()
        if not (word[:1].isupper() and before[:1].islower() and before.lower() not in _SMALL_WORDS):
            continue
        tail = head[words[k].start() :]
        if _journal_like(tail) and len(tail.split()) <= 8 and not re.search(r"[:;]", tail):
            return words[k].start()
    return None


def _first_sentence(rest: str) -> tuple[str | None, str]:
    for m in re.finditer(r"[.?!](?=\s+\S)", rest):
        before = rest[: m.end()]
        if m.group() == "." and re.search(r"(?:^|\s)[A-Z]\.$", before):
            continue
        if m.group() != "." and re.search(r"\.\s", rest[m.end() :]):
            continue
        return before, rest[m.end() :]
    parts = rest.split(", ")
    for i, part in enumerate(parts[1:], start=1):
        if _PUBLISHER_WORDS.search(part):
            return ", ".join(parts[:i]), ", ".join(parts[i:])
    return (rest or None), ""


def _parse_chapter(text: str, out: dict) -> None:
    """Book title (container), pages and publisher of a chapter, from the text after "In"."""
    out["kind"] = "chapter"
    m = re.search(r"\((?:pp?\.|pages)\s*(" + rp.PAGES + r")\)|(?:pp?\.|pages)\s*(" + rp.PAGES + r")", text)
    if m:
        out["pages"] = page_range(m.group(1) or m.group(2))
        text = text[: m.start()] + ". " + text[m.end() :]
    volume = re.search(r",?\s*\b[Vv]ol(?:ume)?\.?\s*(\d+)\b", text)  # "Encyclopedia of Biodiversity, Vol. 1"
    if volume:
        out["volume"] = volume.group(1)
        text = text[: volume.start()] + text[volume.end() :]
    text = re.sub(
        r"\s*\((?!\s*eds?\.?\s*\))[^()]*\b(?:ed|edn|edition)\b\.?[^()]*\)?(?=[\s.,]|$)", "", text
    )  # "(2nd ed.)"
    text = re.sub(r"\s+", " ", text).strip(" .,")
    editors = _EDITORS_FIRST.match(text)
    if editors and (rp.split_authors(editors.group(1)) or re.search(r"[A-Z]\.", editors.group(1))):
        text = text[editors.end() :]
    after = _EDITORS_AFTER.search(text)
    sentence = re.search(r"(?<!\b[A-Z])\.\s+(?=\S)", text)
    if after and (sentence is None or after.start() < sentence.start()):
        container = text[: after.start()]
        remainder = text[after.end() :]
        place = re.search(r"\(([^()]*)\)", remainder)  # "(San Diego: Academic)"
        remainder = place.group(1) if place else remainder.split(". ", 1)[-1]
    elif sentence:
        container, remainder = text[: sentence.start()], text[sentence.end() :]
    else:
        container, remainder = text, ""
    out["container"] = rp.EDITORS.sub("", container)
    if not out["pages"]:
        tail = re.search(r"[,.]\s*(" + rp.PAGES + r")\s*\.?$", remainder)  # "…: Academic Press), 315–322."
        if tail and "-" in tail.group(1):
            out["pages"] = page_range(tail.group(1))
            remainder = remainder[: tail.start()]
    _parse_book(remainder, out, kind="chapter")


def _parse_book(text: str, out: dict, kind: str = "book") -> None:
    text = re.sub(r"\s*\((?:[^()]*\bed(?:ition)?\.?|\d+\s*p+\.?)\)", "", text).strip(" .,;")
    text = re.sub(r"(?:^|[,.]\s*)\d+(?:st|nd|rd|th)? (?:ed\.|edn\.?|edition)", "", text, flags=re.I).strip(" .,;")
    text = re.sub(r"[.,]?\s*(?<!\d)\d+\s*p\.?(?:\s*\([^()]*\))?$", "", text).strip(" .,;")  # "127 p. (Dominos)"
    text = re.sub(r",?\s*\b" + YEAR + r"\b$", "", text).strip(" .,;")
    text = re.sub(r"^[Vv]ol\.\s*\d+[.,:]?\s+", "", text)  # "Vol. 3 Houghton Mifflin Harcourt"
    genre = re.match(r"^.{0,30}?\b(?:thesis|dissertation|report|Diss\.)[.,:]?\s+", text)
    if genre:  # "Ph.D. dissertation, TU Delft": the institution stands where the publisher would
        text, kind = text[genre.end() :], ("other" if kind == "book" else kind)
    m = rp.PLACE_PUBLISHER.search(text)
    publisher = None
    if m:
        publisher = m.group(2)
        if _PLACE.fullmatch(publisher.strip(" .,")) and not _PLACE.fullmatch(m.group(1).strip()):
            publisher = m.group(1)  # MDPI's "Publisher: Place": "Human Kinetics: Champaign, IL, USA"
    elif text and not re.search(r"\d", text) and len(text.split()) <= 10:
        publisher = re.split(r"(?<![\s.][A-Z])\.\s+", " " + text)[-1].strip()
    elif m := re.search(r"(?:^|\.\s+)([A-Z][^.:\d]{2,60}?),\s*[A-Z][a-z]+(?:,\s*[A-Z]{2})?$", text):
        publisher = m.group(1)
    if publisher and not out["publisher"]:  # a publisher found earlier ("(San Diego: Academic)") stands
        out["publisher"] = _drop_place(re.split(r",\s*\d", publisher)[0])
        out["kind"] = kind
    elif kind == "chapter":
        out["kind"] = kind


def _drop_place(publisher: str) -> str:
    """'Oxford University Press, Oxford, England' -> 'Oxford University Press' (keeps ', Inc.')."""
    parts = publisher.split(", ")
    keep = [parts[0]]
    for part in parts[1:]:
        if re.fullmatch(r"(?:and )?(?:Inc|Ltd|Co|LLC|GmbH|S\.A|Pub|Publishers)\.?|Green|Brown", part):
            keep.append(part)
        else:
            break
    return ", ".join(keep)


def tidy(value: str | None, *, container: bool = True) -> str | None:
    if value is None:
        return None
    lead = r"^(?:[Ii]n:?|Dans)\s+" if container else r"^[Ii]n:\s+"  # a title may start "In vivo …"
    value = re.sub(lead, "", value.strip(" ,;:")).strip(" ,;:\"'")
    value = _drop_last_bracket(value)
    if value.endswith(".") and not re.search(r"(?:^|[\s.])[A-Z][a-z]{0,4}\.$", value):
        value = value[:-1]
    value = value.strip(" ,;:\"'")
    return value if re.search(r"[^\W\d_]{2}", value) else None  # "???" or "-- 42 --" is not a title


def _drop_last_bracket(value: str) -> str:
    """``value`` without a bracketed note at its end ("Title [in Spanish]"), in linear time.

    What ``re.sub(r"\\s*\\[[^\\]]*\\]\\s*$", "", value)`` does, without rescanning from every "[".

    >>> _drop_last_bracket("Title [in Spanish] "), _drop_last_bracket("A [b [c]"), _drop_last_bracket("A [b] c")
    ('Title', 'A', 'A [b] c')
    """
    end = len(value.rstrip())
    if not value[:end].endswith("]"):
        return value
    before = value.rfind("]", 0, end - 1)
    opening = value.find("[", before + 1, end - 1)
    return value if opening < 0 else value[:opening].rstrip()


def page_range(value: str | None) -> str | None:
    return rp.normalise_pages(value) if value else None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


#: One normaliser for page ranges, used in parsing and by the audit ("113-26" -> "113-126").
normalise_pages = rp.normalise_pages

__all__ = [
    "FIELDS",
    "MAX_ENTRY_CHARS",
    "blank_fields",
    "entry_text",
    "normalise_pages",
    "page_range",
    "parse_reference_rules",
    "take_identifiers",
    "tidy",
]
