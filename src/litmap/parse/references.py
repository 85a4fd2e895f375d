"""Parse an article's reference list into the REFERENCES table.

:func:`parse_reference` is the learned parser: a CRF labels each word of an entry with its
field (:mod:`litmap.parse.crf_model`), reading where the rules put each word as a hint
(:mod:`litmap.parse.crf_hints`), and :mod:`litmap.parse.crf_fields` turns the spans into fields with the rule
helpers below. :func:`parse_reference_rules` is the earlier regex-based parser, the hint and the
baseline: it finds identifiers (DOI, ISBN, URL) first, then the author block and year (APA
"(2008).", Harvard/Chicago "2008.", or the names before the title in Vancouver, IEEE, MLA), then
the title and the journal tail ("20(4), 1053–1080", "2019;14(3):153-60", "vol. 11, no. 4, pp.
461–470") or the publisher of a book. Nothing is dropped: an entry that yields no author, year or
title is kept with ``is_parsed`` False. ``benchmarks/parse_references.py`` scores both on
labelled strings neither was trained or tuned on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from litmap.arguments import checked, items
from litmap.errors import ArticleError
from litmap.limits import check_time
from litmap.parse import crf_fields, crf_model
from litmap.parse.reference_rules import (
    FIELDS,
    MAX_ENTRY_CHARS,
    blank_fields,
    entry_text,
    normalise_pages,
    parse_reference_rules,
)
from litmap.read.article import decode_text, read_file_bytes
from litmap.read.pdf import is_pdf
from litmap.read.reference_block import split_reference_block
from litmap.schemas import REFERENCES
from litmap.settings import Settings

#: A title or name set in capitals: four words or more of three letters or more, nothing between them
#: but spaces and light punctuation ("THROUGH OTHER CONTINENTS: AMERICAN LITERATURE ACROSS DEEP TIME").
_CAPITALS_RUN = re.compile(
    r"(?<![\w-])[A-Z\u00C0-\u00DE]{3,}(?:[\s:,'\u2019&-]+(?:[A-Z\u00C0-\u00DE]{2,}|[AIO](?!\.)))+(?![\w-])"
)
_LONG_WORD = re.compile(r"[A-Z\u00C0-\u00DE]{3,}")
#: GB/T 7714's document-type code after a title ("…representations[C]//Proceedings of NAACL-HLT",
#: "…in medicine[J]. New England Journal of Medicine"), as Chinese-authored articles print it.
#: AMA's and NLM's notices of another document in brackets: "[published correction appears in JAMA.
#: 2020;323(13):1313]", "[Erratum in: …]", "[Retraction in: …]" — that document's volume and pages.
_OTHER_DOCUMENT_NOTICE = re.compile(
    r"\s{0,3}\[\s{0,3}(?:published\s(?:correction|erratum|retraction)\sappears?\sin|(?:erratum|correction|"
    r"retraction|retracted|comment)\s(?:in|for|on)\b)[^\[\]]{0,400}\]",
    re.IGNORECASE,
)
_DOCUMENT_CODE = re.compile(r"\s?\[(?:[ACDGJMNPRSZ]|EB/OL|[CJM]/OL|DB/OL)\](?:\s?//\s?|\.)?")


def uncapitalised(entry: str) -> str:
    """``entry`` with its runs of words in capitals in title case, as the parser was trained to read them.

    Only runs holding four words of three letters or more change (no initial inside: "SMITH J, JONES K"
    is an author list): an author's surname in capitals or an acronym ("WHO", "NHMRC") stays. The
    length stays the same.

    >>> uncapitalised("Dimock WC. THROUGH OTHER CONTINENTS: AMERICAN LITERATURE ACROSS DEEP TIME. 2006.")
    'Dimock WC. Through Other Continents: American Literature Across Deep Time. 2006.'
    >>> uncapitalised("SMITH J, JONES K. Title of the work. BMJ. 2001;3:4.")
    'SMITH J, JONES K. Title of the work. BMJ. 2001;3:4.'
    """
    changed = _CAPITALS_RUN.sub(
        lambda m: m.group(0).title() if len(_LONG_WORD.findall(m.group(0))) >= 4 else m.group(0), entry
    )
    return changed if len(changed) == len(entry) else entry


def without_notices(entry: str) -> str:
    """``entry`` without a bracketed notice of another document (a correction, erratum or retraction).

    The notice's own volume and pages read as the entry's ("e596-e646 … [published correction appears
    in Circulation. 2019;140(11):e649]" gave the pages e649); the entry's text keeps it.

    >>> without_notices("Li J. Masks. JAMA. 2020;323:1-9. [published correction appears in JAMA. 2021;325:10]")
    'Li J. Masks. JAMA. 2020;323:1-9.'
    """
    return _OTHER_DOCUMENT_NOTICE.sub("", entry)


def without_document_codes(entry: str) -> str:
    """``entry`` with GB/T 7714's document-type codes read as the full stop (or "In") they stand for.

    The code glued to a title's last word hid the title's end from the parser, which ran the title
    into the venue (the spaces between words are features of the parser, so none is left over).

    >>> without_document_codes("Hochreiter S. Long short-term memory[J]. Neural Computation, 1997.")
    'Hochreiter S. Long short-term memory. Neural Computation, 1997.'
    >>> without_document_codes("Peters M. Deep representations[C]//Proceedings of NAACL, 2018: 1-2.")
    'Peters M. Deep representations. In Proceedings of NAACL, 2018: 1-2.'
    >>> without_document_codes("Sun Y: Motivation To Play Esports[D].University of South Carolina. 2017.")
    'Sun Y: Motivation To Play Esports. University of South Carolina. 2017.'
    """

    def plain(match: re.Match) -> str:
        if match.group(0).rstrip().endswith("//"):
            return ". In "
        following = entry[match.end() : match.end() + 1]
        if following == "(":
            return " "  # "riveting [J](in Chinese), J. of plastic engineering": the note stays the title's
        return "." if not following or following.isspace() else ". "  # "Esports[D].University" too

    return _DOCUMENT_CODE.sub(plain, entry)


def parse_reference(text: str, *, model: crf_model.ParserModel | None = None) -> dict:
    """Parse one reference entry into fields with the learned parser; no text makes it raise.

    The shipped CRF (:mod:`litmap.parse.crf_model`) labels each word of the entry with its field,
    with the rules' own parse of the entry among its features (:mod:`litmap.parse.crf_hints`);
    :mod:`litmap.parse.crf_fields` turns the labelled spans into values, keeping the rules for what
    they are sure of (DOI, URL, ISBN, years, page ranges, splitting authors into people).

    Parameters
    ----------
    text : str
        One entry as written, with or without leading numbering ("[3]", "3.").
    model : litmap.parse.crf_model.ParserModel, optional
        Another trained model (``load_parser_model(path)``); by default the one in the package.

    Returns
    -------
    dict
        Keys :data:`FIELDS`: ``authors`` (list of ``{family, given}`` or ``{literal}``), ``year``
        (int or None), ``title``, ``container``, ``publisher``, ``volume``, ``issue``, ``pages``
        (dashes as '-'), ``doi`` (lower-case, no prefix), ``isbn``, ``url``, ``kind``, ``style``,
        ``is_parsed`` (False when no author, year or title was found), ``parse_confidence`` (the
        model's probability for the whole labelling, 0–1) and ``parse_note`` (says which fields
        are in doubt when the confidence is below the model's threshold; else None).

    Raises
    ------
    ParserModelError
        Only when the model itself cannot be loaded (missing, or built for other features).

    Examples
    --------
    >>> parse_reference("Wonder, J. (2017). The power of empathy in trauma recovery. Healing Press.")["publisher"]
    'Healing Press'
    """
    out = blank_fields()
    s, numbered = entry_text(text)
    model = model or crf_model.load_parser_model()
    labelled = model.label(without_document_codes(without_notices(uncapitalised(s[:MAX_ENTRY_CHARS]))))
    crf_fields.fields_from_labels(labelled, out, numbered=numbered)
    out["parse_confidence"] = round(labelled.confidence, 4)
    out["parse_note"] = crf_fields.uncertainty_note(labelled, model.threshold)
    if len(s) > MAX_ENTRY_CHARS:
        out["parse_note"] = f"only the first {MAX_ENTRY_CHARS:,} of {len(s):,} characters parsed (not one entry?)"
    return out


@checked(entries=items("a list of reference entries (str, or (line, str) pairs)"))
def compute_references(entries: Iterable[str] | Iterable[tuple[int, str]]) -> pd.DataFrame:
    """Parse reference entries into the REFERENCES table, one row per entry, none dropped.

    Parameters
    ----------
    entries : iterable of str or of (line_no, str)
        The entries in list order, as from :func:`split_reference_block`. Bare strings are
        numbered 1, 2, … by position.

    Returns
    -------
    pandas.DataFrame
        REFERENCES schema; ``ref_id`` is R01, R02, … (wider when there are 100 or more).
    """
    items = [(e if isinstance(e, tuple) else (i + 1, e)) for i, e in enumerate(entries)]
    width = max(2, len(str(len(items))))
    records = []
    for index, (line, raw) in enumerate(items, start=1):
        check_time("parsing the references")
        raw = raw if isinstance(raw, str) else str(raw)
        records.append({"ref_id": f"R{index:0{width}d}", "raw": raw, "line": line, **parse_reference(raw)})
    return REFERENCES.from_records(records)


def read_references(path: str | Path, *, settings: Settings | None = None) -> pd.DataFrame:
    """Read a plain-text reference list (one entry per line, or blank-line separated) and parse it.

    The file is read within ``settings.max_bytes`` (by default ``Settings.from_env()``'s).

    Raises
    ------
    ArticleError
        When the file is missing, empty, binary, or not text in UTF-8 or Windows-1252.
    """
    path = Path(path)
    if path.is_dir():
        raise ArticleError("is a folder, not a reference list", source=str(path))
    if not path.exists():
        raise ArticleError("cannot read the reference list: no such file", source=str(path))
    data = read_file_bytes(path, settings=settings)  # in chunks, within settings.max_bytes (LITMAP_MAX_BYTES)
    if is_pdf(data):  # its bytes read as Windows-1252 made "references" of compressed streams, then looked up
        raise ArticleError(
            "is a PDF: --references reads a text file (one entry per line or paragraph); give the PDF as the "
            "article itself, or save its reference list as text",
            source=str(path),
        )
    text = decode_text(data, source=str(path))
    if not text.strip():
        raise ArticleError("is empty: expected one reference per line or blank-line separated", source=str(path))
    return compute_references(split_reference_block(text))


__all__ = [
    "FIELDS",
    "compute_references",
    "entry_text",
    "normalise_pages",
    "parse_reference",
    "parse_reference_rules",
    "read_references",
    "uncapitalised",
]
