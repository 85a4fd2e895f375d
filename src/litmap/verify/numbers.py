"""Volumes, issues, pages and years as the audit compares them, and the parser's misreadings of them.

:mod:`litmap.verify.comparison` and :mod:`litmap.verify.matching` read numbers here: a volume or
issue as a token (``number_token``), a page range's ends with an abbreviated end written out
(``page_ends``), every year a record gives (``record_years``). A number that differs may be the
parse's, not the entry's: :func:`number_misread` and :func:`year_misread` say so by reading the entry
as written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from litmap.parse.references import normalise_pages
from litmap.text import DOI, YEAR_PATTERN, fold, fold_keep
from litmap.values import record_title

__all__ = [
    "entry_year",
    "stated_year",
    "title_year",
    "number_misread",
    "number_token",
    "page_ends",
    "page_text",
    "record_year",
    "record_years",
    "year_misread",
]

_DASHES = re.compile(r"\s*[-\u2010-\u2015\u2212]+\s*")
_CUT_VENUE = re.compile(r"(?:\b(?:of|the|in|proceedings|proc)\.?)$", re.I)
_VOLUME_BEFORE = re.compile(r"\b(?:vol|volume|bd|band|tome|t)\.?\s{0,2}$", re.I)
_DATES = ("issued", "published-print", "published-online", "published")


def number_token(value) -> str | None:
    """A volume, issue or page as compared: folded, no spaces ('Suppl 2' -> 'suppl2')."""
    if value is None:
        return None
    text = fold(value).replace(" ", "")
    return text or None


def _pieces(value) -> list[str]:
    return re.findall(r"[^\W\d_]+|\d+", fold(value))


def _within(short: list[str], long: list[str]) -> bool:
    """``short`` is a run of ``long`` (both non-empty)."""
    return bool(short) and any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def number_misread(cited, found, raw: str | None) -> bool:
    """True when a volume, issue or page range that differs is the parser's misreading, not the entry's.

    The entry writes the record's value as it stands ("Suppl 2", "2(1)", "PMLR 84", "1 - 16") and
    the parse kept only part of it ("Suppl", "2", "84", "16") or ran a neighbour into it ("1-2: 71"
    for issue "1-2" and page 71): one value's pieces are a run of the other's. Or the parse took the
    issue in brackets for the volume, and the record's volume stands right before it ("XXIV (2)"), or
    a series' number for it ("(series 7), 125") while the entry writes the record's value too.

    >>> number_misread("Suppl", "Suppl 2", "Tob Control. 2000;9(Suppl 2):II15-7.")
    True
    >>> number_misread("Suppl", "Suppl 3", "Tob Control. 2000;9(Suppl 2):II15-7.")
    False
    >>> number_misread("2", "XXIV", "Renwick FB. 1969. Asset Management. J. Finance XXIV (2)."), number_misread(
    ...     "2", "XXV", "Renwick FB. 1969. Asset Management. J. Finance XXIV (2).")
    (True, False)
    >>> raw = "Rochebrune AT de. Etude monographique sur la famille des Loligopsidae. Bull Soc Philomath Paris (series 7). 1884;8:7-28."
    >>> number_misread("7", "8", raw), number_misread("7", "9", raw)
    (True, False)
    """
    if not raw:
        return False
    plain = fold_keep(raw)
    if re.search(rf"(?<![^\W_]){re.escape(fold_keep(found))}\s*\(\s*{re.escape(fold_keep(cited))}\s*\)", plain):
        return True  # "J. Finance XXIV (2)": the issue read as the volume, the record's volume before it
    if re.search(
        rf"\b(?:series|serie|ser|s[eé]rie)\.?\s*{re.escape(fold_keep(cited))}(?![^\W_])", plain, re.I
    ) and re.search(rf"(?<![^\W_]){re.escape(fold_keep(found))}(?![^\W_])", plain):
        return True  # "Bull. Soc. Philomath. Paris (series 7), 125": the series' number read as the volume
    a, b = _pieces(cited), _pieces(found)
    if not (_within(a, b) or _within(b, a)):
        return False
    pattern = r"(?<![^\W_])" + r"[^\w]*".join(re.escape(p) for p in b) + r"(?![^\W_])"
    return re.search(pattern, plain) is not None


def year_misread(cited_year, years: list[int], record: Mapping, raw: str | None) -> bool:
    """True when the year read is one the record's title holds ("The Year 2000", "1999 Presidential
    Address", "GBD 2017") and the entry also writes one of the record's own years: the parser took the
    wrong one (the entry's own year wins over a year inside a title).

    >>> year_misread(2000, [1967], {"title": ["The Year 2000"]}, "Kahn H. The Year 2000. Macmillan, 1967.")
    True
    >>> year_misread(1968, [1967], {"title": ["The Year 2000"]}, "Kahn H. The Year 2000. Macmillan, 1968.")
    False
    """
    if not raw:
        return False
    title = record_title(record)
    in_title = {int(y) for y in YEAR_PATTERN.findall(title or "")}
    written = {int(y) for y in YEAR_PATTERN.findall(raw)}
    return int(cited_year) in in_title and bool(written & set(years))


def entry_year(cited_year, raw: str | None, container) -> int | None:
    """The entry's own year, where the parse took the year of the venue's name instead.

    A proceedings' name holds its conference's year ("In: 2017 IEEE International Conference on
    Computer Vision (ICCV). 2018:2999-3007."); when the year read is written only inside or right before
    the venue's name, and the entry writes one other year elsewhere (not in a DOI or URL), that other year
    is the entry's.

    >>> raw = "Lin T-Y, Goyal P. Focal loss. In: 2017 IEEE International Conference on Computer Vision (ICCV). 2018:2999-3007."
    >>> entry_year(2017, raw, "IEEE International Conference on Computer Vision (ICCV)")
    2018
    >>> entry_year(2017, raw.replace("2018:", "2017:"), "IEEE International Conference on Computer Vision (ICCV)")
    2017
    >>> entry_year(2014, "Pennington J. Glove. In: Proceedings of the 2014 Conference on EMNLP. 2015:1532-43.", "Proceedings of the")
    2015
    >>> entry_year(1973, "Aggarwal CC. On the surprising behavior. In: ICDT 2001. LNCS, vol. 1973, pp. 420-434 (2001)", None)
    2001
    >>> entry_year(1976, "Deyo RA. Report of the NIH Task Force. Spine (Phila Pa 1976). 2014;39:1128-43.", "Spine (Phila Pa")
    2014
    """
    if cited_year is None or not raw:
        return None if cited_year is None else int(cited_year)
    volume = _year_as_volume(int(cited_year), raw, container)
    if volume is not None or not container:
        return int(cited_year) if volume is None else volume
    year, venue = int(cited_year), str(container).strip()
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(venue), raw)] if venue else []
    if not spans:
        return year
    found = list(re.finditer(rf"(?<!\d){year}(?!\d)", raw))
    cut = bool(_CUT_VENUE.search(venue))  # "Proceedings of the" + "2018 Conference …": the parse stopped at the year
    in_venue = [
        any(a <= m.start() < b for a, b in spans)
        or _leads_venue(raw[m.end() :], venue)
        or (cut and raw[: m.start()].rstrip().endswith(venue))
        or _in_venue_bracket(raw[: m.start()], spans)
        for m in found
    ]
    if not found or not all(in_venue):
        return year
    outside = raw
    for a, b in sorted(spans, reverse=True):
        outside = outside[:a] + " " + outside[b:]
    outside = re.sub(r"https?://\S+", " ", DOI.sub(" ", outside.replace(str(year), " ")))
    outside = re.sub(r"(?<!\d)\d{1,9}\s*[-\u2010-\u2015]\s*\d{1,9}", " ", outside)  # a page range is no year
    written = {int(y) for y in YEAR_PATTERN.findall(outside)}
    return written.pop() if len(written) == 1 else year


def stated_year(cited_year, raw: str | None, container, title: str | None) -> int | None:
    """The entry's own year: the year read, unless the parse took it from the venue's name, a volume's
    number or the record's title (:func:`entry_year`, :func:`title_year`). Matching and the comparison
    read the year here.

    >>> stated_year(2016, "Yates A. Ensembl 2016. Nucleic Acids Res. 2017;44:D710-6.", "Nucleic Acids Res", "Ensembl 2016")
    2017
    """
    return title_year(entry_year(cited_year, raw, container), raw, title)


def title_year(cited_year, raw: str | None, title: str | None) -> int | None:
    """The entry's own year, where the parse took the one in the record's title ("Ensembl 2016. Nucleic
    Acids Res. 2017;44:D710": 2017): when the year read is written only inside the title, the one other
    year the entry writes outside it (not in a DOI or URL). Else the year read.

    >>> title_year(2016, "Yates A, et al. Ensembl 2016. Nucleic Acids Res. 2017;44(D1):D710-6.", "Ensembl 2016")
    2017
    >>> title_year(2016, "Yates A, et al. Ensembl 2016. Nucleic Acids Res. 2016;44(D1):D710-6.", "Ensembl 2016")
    2016
    """
    if cited_year is None or not raw or not title:
        return None if cited_year is None else int(cited_year)
    year = int(cited_year)
    words = re.findall(r"\w+", str(title))
    if str(year) not in words or len(words) < 2:
        return year
    pattern = re.compile(r"\W+".join(map(re.escape, words)), re.I)
    outside = re.sub(r"https?://\S+", " ", DOI.sub(" ", pattern.sub(" ", raw)))
    written = {int(y) for y in YEAR_PATTERN.findall(outside)}
    if year in written or len(written) != 1 or not pattern.search(raw):
        return year
    return written.pop()


def _year_as_volume(year: int, raw: str, container) -> int | None:
    """The entry's year, when the year read is written only as a volume's number ("LNCS, vol. 1973, pp.
    420–434. Springer (2001)": a series' volume that looks like a year): the last other year written
    outside the venue's name; None when the year read is no volume or the entry writes no other."""
    found = list(re.finditer(rf"(?<!\d){year}(?!\d)", raw))
    if not found or not all(_VOLUME_BEFORE.search(raw[: m.start()]) for m in found):
        return None
    outside = re.sub(r"https?://\S+", " ", DOI.sub(" ", raw.replace(str(year), " ")))
    if container and str(container).strip():
        outside = outside.replace(str(container).strip(), " ")
    written = [int(y) for y in YEAR_PATTERN.findall(outside)]
    return written[-1] if written else None


def _in_venue_bracket(before: str, spans: list[tuple[int, int]]) -> bool:
    """True when a year stands in a bracket the venue's name opens ("Spine (Phila Pa 1976). 2014;39": the
    parse cut the name at the year, NLM's town and founding year)."""
    opened = before.rfind("(")
    return opened >= 0 and ")" not in before[opened:] and any(a <= opened < b for a, b in spans)


def _leads_venue(after: str, venue: str) -> bool:
    """True when the venue's name follows a year within a few words of no sentence end ("2016 IEEE
    Conference on" + "Computer Vision and Pattern Recognition (CVPR)": the parse kept the name's end)."""
    at = after.find(venue)
    if at < 0:
        return False
    between = after[:at]
    return len(between.split()) <= 4 and not re.search(r"[.;:,()\d]", between)


def page_ends(value) -> tuple[str | None, str | None]:
    """(first, last) page of a range, the abbreviated end written out: '1425-37' -> ('1425', '1437').

    The one place matching and :func:`compare_fields` read pages; the range itself is normalised by
    :func:`litmap.parse.references.normalise_pages`, as the reference parser does.
    """
    text = normalise_pages(None if value is None else str(value))
    if text:  # a word the parse kept before the range: "pages 7132-7141", "ages 7132-7141"
        text = re.sub(r"^[^\W\d_]+\.?\s+(?=\d)", "", text)
    if not text:
        return None, None
    parts = [p for p in _DASHES.split(text) if p]
    if not parts:
        return None, None
    return parts[0].strip(), (parts[-1].strip() if len(parts) > 1 else None)


def page_text(value) -> str | None:
    """A page range as shown in a discrepancy: '85–94'."""
    first, last = page_ends(value)
    if first is None:
        return None
    return f"{first}\u2013{last}" if last else first


def record_years(record: Mapping) -> list[int]:
    """Every year a Crossref work gives a date of publication: issued, print, online first, published.

    >>> record_years({"issued": {"date-parts": [[2019, 12, 3]]}, "published-print": {"date-parts": [[2020, 2]]}})
    [2019, 2020]
    """
    out = []
    for key in _DATES:
        for parts in (record.get(key) or {}).get("date-parts") or []:
            if parts and isinstance(parts[0], int) and parts[0] not in out:
                out.append(parts[0])
    return out


def record_year(record: Mapping) -> int | None:
    """Publication year of a Crossref work: issued, then print, online, published; None if unknown.

    Crossref date-parts may be truncated (``[[2012]]``) or empty (``[[null]]``); both are handled.
    """
    years = record_years(record)
    return years[0] if years else None
