"""Claims (asserting sentences) and their in-text citations, linked to reference entries.

Handles author–date citations — narrative "Cozolino (2007)", "Lamm et al. (2007)",
"Decety and Meyer (2008)"; parenthetical "(Wonder, 2017)", "(A, 2001; B & C, 2003a)",
"(e.g., Smith et al., 2010, p. 4)" — and numbered ones: "[3]", "[1–4]", "[2, 5]".
A citation that matches no entry is kept as a row with ``match == "unresolved"``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from litmap.article import Article
from litmap.schemas import CITATIONS, CLAIMS, REFERENCES, UNRESOLVED

# Words that end with a period without ending the sentence.
_ABBREVIATIONS = {
    "al",
    "e.g",
    "i.e",
    "cf",
    "vs",
    "etc",
    "fig",
    "figs",
    "dr",
    "mr",
    "mrs",
    "ms",
    "prof",
    "st",
    "no",
    "vol",
    "pp",
    "p",
    "ch",
    "sec",
    "approx",
    "ca",
    "jr",
    "sr",
    "inc",
    "ltd",
    "co",
    "u.s",
}
_PARTICLE = r"(?:(?i:van|von|de|der|den|del|della|di|da|du|la|le|dos|das|ter|ten|bin|al|el)\s+)"
_SURNAME = r"[A-Z\u00C0-\u024F][\w\u00C0-\u024F'’\-]+"
_NAME = rf"{_PARTICLE}*{_SURNAME}"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)[a-z]?|n\.\s?d\."
# "Lamm et al. (2007)", "Decety and Meyer (2008)", "Smith, Jones, and Lee (2001)", "Cozolino (2007, p. 3)"
_NARRATIVE_RE = re.compile(
    rf"(?P<names>{_NAME}(?:\s+et\s+al\.?|(?:,\s*{_NAME})*,?\s+(?:and|&)\s+{_NAME})?)"
    rf"(?:['’]s)?\s*\((?P<years>(?:{_YEAR})(?:\s*,\s*(?:{_YEAR}))*)(?:,\s*(?:p|pp)\.?\s*[\d\-–]+)?\)"
)
_PAREN_RE = re.compile(r"\(([^()]*?(?:1[5-9]\d\d|20\d\d|n\.\s?d\.)[^()]*)\)")
_PAREN_PART_RE = re.compile(
    rf"^(?:(?:e\.g\.|i\.e\.|see(?: also)?|cf\.|as cited in|for (?:a )?reviews?,? see)\s*,?\s*)?"
    rf"(?P<names>{_NAME}(?:\s+et\s+al\.?|(?:,\s*{_NAME})*,?\s+(?:and|&)\s+{_NAME})?"
    rf"|[A-Z][\w&.\- ]{{2,80}}?),?\s+(?P<years>(?:{_YEAR})(?:\s*,\s*(?:{_YEAR}))*)"
    rf"(?:\s*,\s*(?:p|pp|chap|ch)\.?\s*[\d\-–]+)?$"
)
_NUMBERED_RE = re.compile(r"\[(\d+(?:\s*[-–—,]\s*\d+)*)\]")
_MIN_CLAIM_WORDS = 4


@dataclass(frozen=True)
class InTextCitation:
    """One citation as written in a sentence: author surnames and year, or a list number."""

    cited_as: str
    surnames: tuple[str, ...] = ()
    is_et_al: bool = False
    year: str | None = None
    number: int | None = None


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, keeping "et al." and similar abbreviations intact."""
    sentences, start = [], 0
    for match in re.finditer(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])", paragraph):
        before = paragraph[start : match.start() + 1]
        last_word = re.findall(r"([\w.]+)\.$", before)
        if last_word and (last_word[0].lower() in _ABBREVIATIONS or re.fullmatch(r"[A-Z]", last_word[0])):
            continue
        sentences.append(paragraph[start : match.end()].strip())
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def find_citations(sentence: str) -> list[InTextCitation]:
    """In-text citations in a sentence, in reading order."""
    found: list[tuple[int, InTextCitation]] = []
    masked = sentence
    for match in _PAREN_RE.finditer(sentence):
        parts = [p.strip() for p in match.group(1).split(";")]
        cites = [c for part in parts for c in _parse_parenthetical_part(part)]
        if cites:
            found.extend((match.start(), c) for c in cites)
            masked = masked[: match.start()] + " " * (match.end() - match.start()) + masked[match.end() :]
    for match in _NARRATIVE_RE.finditer(masked):
        surnames, et_al = _split_names(match.group("names"))
        for year in _years(match.group("years")):
            found.append((match.start(), InTextCitation(match.group(0).strip(), surnames, et_al, year)))
    for match in _NUMBERED_RE.finditer(sentence):
        for number in _expand_numbers(match.group(1)):
            found.append((match.start(), InTextCitation(match.group(0), number=number)))
    return [c for _, c in sorted(found, key=lambda item: item[0])]


def _parse_parenthetical_part(part: str) -> list[InTextCitation]:
    match = _PAREN_PART_RE.match(part)
    if not match:
        return []
    surnames, et_al = _split_names(match.group("names"))
    return [InTextCitation(f"({part})", surnames, et_al, year) for year in _years(match.group("years"))]


def _split_names(names: str) -> tuple[tuple[str, ...], bool]:
    et_al = bool(re.search(r"\bet\s+al\b", names))
    names = re.sub(r"\s+et\s+al\.?", "", names)
    parts = [p.strip() for p in re.split(r",|\s+and\s+|\s*&\s*", names) if p.strip()]
    return tuple(parts), et_al


def _years(text: str) -> list[str]:
    return [y.replace(" ", "") for y in re.findall(_YEAR, text)]


def _expand_numbers(text: str) -> list[int]:
    numbers: list[int] = []
    for piece in text.split(","):
        bounds = [int(n) for n in re.findall(r"\d+", piece)]
        if len(bounds) == 2 and bounds[0] <= bounds[1] and bounds[1] - bounds[0] < 200:
            numbers.extend(range(bounds[0], bounds[1] + 1))
        else:
            numbers.extend(bounds)
    return numbers


def fold(text: str) -> str:
    """Lower-case, accent-free form of a name for comparison."""
    normalized = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in normalized if not unicodedata.combining(ch)).lower().replace("’", "'")


def _entry_surnames(authors) -> list[str]:
    names = []
    for author in authors or []:
        if isinstance(author, dict):
            names.append(fold(author.get("family") or author.get("literal") or ""))
    return names


def _entry_number(raw: str) -> int | None:
    match = re.match(r"^\s*\[?(\d{1,4})[\].)]\s", raw or "")
    return int(match.group(1)) if match else None


def resolve_citation(citation: InTextCitation, references: pd.DataFrame) -> tuple[str | None, str, float, str]:
    """Find the reference entry a citation points to.

    Returns ``(ref_id or None, match, confidence, reason)`` where match is exact, fuzzy, numbered
    or unresolved, and reason explains an unresolved one.
    """
    if citation.number is not None:
        for ref_id, raw in zip(references["ref_id"], references["raw"]):
            if _entry_number(raw) == citation.number:
                return ref_id, "numbered", 1.0, ""
        if 1 <= citation.number <= len(references):  # unnumbered list: the n-th entry
            return references["ref_id"].iloc[citation.number - 1], "numbered", 0.8, ""
        return None, "unresolved", 0.0, f"no entry number {citation.number} (the list has {len(references)})"

    from rapidfuzz import fuzz

    wanted = [fold(s) for s in citation.surnames]
    year = (citation.year or "").lower()
    best: tuple[float, str | None] = (0.0, None)
    for ref_id, authors, ref_year, raw in zip(
        references["ref_id"], references["authors"], references["year"], references["raw"]
    ):
        if not _year_matches(year, ref_year, raw):
            continue
        have = _entry_surnames(authors)
        if not have or not wanted:
            continue
        if _is_organisation(authors) and have[0].endswith(" ".join(wanted)):
            # "The World Health Organization (2019)": the narrative form caught only its last word
            score = 1.0 if have[0] == " ".join(wanted) else 0.9
            if score > best[0]:
                best = (score, ref_id)
            continue
        first = fuzz.ratio(wanted[0], have[0]) / 100
        if first < 0.8 and not have[0].startswith(wanted[0]) and not wanted[0].startswith(have[0]):
            continue
        score = first
        if len(wanted) > 1:  # "A and B": the second name must agree too
            second = fuzz.ratio(wanted[1], have[1]) / 100 if len(have) > 1 else 0.0
            score = min(score, second)
        if citation.is_et_al and len(have) < 2:
            score *= 0.8
        if score > best[0]:
            best = (score, ref_id)
    score, ref_id = best
    if ref_id is None or score < 0.75:
        names = " and ".join(citation.surnames) + (" et al." if citation.is_et_al else "")
        return None, "unresolved", 0.0, f"no reference entry by {names} from {citation.year}"
    return ref_id, ("exact" if score >= 0.999 else "fuzzy"), round(score, 3), ""


def _full_name_form(citation: InTextCitation, ref_id, references: pd.DataFrame, sentence: str) -> str:
    """The citation as written, widened to an organisation's whole name when the sentence has it."""
    if ref_id is None or not citation.surnames or citation.cited_as.startswith("("):
        return citation.cited_as
    authors = references.loc[references["ref_id"] == ref_id, "authors"].iloc[0]
    if not _is_organisation(authors):
        return citation.cited_as
    name = authors[0]["literal"]
    tail = citation.cited_as[len(citation.surnames[0]) :]
    return name + tail if f"{name}{tail}" in sentence else citation.cited_as


def _is_organisation(authors) -> bool:
    first = (authors or [None])[0]
    return isinstance(first, dict) and bool(first.get("literal"))


def _year_matches(year: str, ref_year, raw: str) -> bool:
    if year.startswith("n.d"):
        return pd.isna(ref_year) and "n.d" in (raw or "").lower()
    if pd.isna(ref_year):
        return False
    digits = year[:4]
    if digits != str(int(ref_year)):
        return False
    suffix = year[4:]
    return not suffix or re.search(rf"\b{digits}{suffix}\b", raw or "") is not None


def compute_claims_and_citations(article: Article, references: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Claims and citations tables for an article, each citation resolved against ``references``."""
    REFERENCES.validate(references)
    claim_rows, citation_rows = [], []
    for section, paragraph, text in article.paragraphs:
        for sentence in split_sentences(text):
            if not _is_claim(sentence):
                continue
            claim_id = f"C{len(claim_rows) + 1:02d}"
            citations = find_citations(sentence)
            ref_ids: list[str] = []
            for citation in citations:
                ref_id, match, confidence, reason = resolve_citation(citation, references)
                cited_as = _full_name_form(citation, ref_id, references, sentence)
                citation_rows.append(
                    {
                        "claim_id": claim_id,
                        "ref_id": ref_id,
                        "cited_as": cited_as,
                        "match": match,
                        "confidence": confidence,
                        "note": reason or None,
                    }
                )
                if ref_id and ref_id not in ref_ids:
                    ref_ids.append(ref_id)
            claim_rows.append(
                {
                    "claim_id": claim_id,
                    "section": section,
                    "paragraph": paragraph,
                    "text": sentence,
                    "ref_ids": ref_ids,
                    "n_citations": len(citations),
                }
            )
    return CLAIMS.from_records(claim_rows), CITATIONS.from_records(citation_rows)


def _is_claim(sentence: str) -> bool:
    words = re.findall(r"[A-Za-z]{2,}", sentence)
    return len(words) >= _MIN_CLAIM_WORDS and not sentence.rstrip().endswith("?")


def compute_claims(article: Article, references: pd.DataFrame) -> pd.DataFrame:
    """One row per asserting sentence of the article body, with the ref_ids it cites."""
    return compute_claims_and_citations(article, references)[0]


def compute_citations(article: Article, references: pd.DataFrame) -> pd.DataFrame:
    """One row per in-text citation, linked to its reference entry (or marked unresolved)."""
    return compute_claims_and_citations(article, references)[1]


def compute_unresolved(citations: pd.DataFrame) -> pd.DataFrame:
    """In-text citations that match no reference entry, with the reason (kept from resolution)."""
    CITATIONS.validate(citations)
    unresolved = citations[citations["match"] == "unresolved"]
    rows = [
        {"claim_id": c, "cited_as": a, "reason": n}
        for c, a, n in zip(unresolved["claim_id"], unresolved["cited_as"], unresolved["note"])
    ]
    return UNRESOLVED.from_records(rows)


def compute_uncited(references: pd.DataFrame, citations: pd.DataFrame) -> pd.DataFrame:
    """Reference entries that no claim cites."""
    cited = set(citations["ref_id"].dropna())
    return references[~references["ref_id"].isin(cited)].reset_index(drop=True)
