"""Linking one in-text citation to the reference entry it names, by number or by authors and year.

Split from :mod:`litmap.parse.claims` (which reads the sentences and builds the tables) so the
scoring of names, years, group authors and ties lives in one place.
"""

from __future__ import annotations

import re

import pandas as pd
from rapidfuzz import fuzz

from litmap.parse.in_text import InTextCitation
from litmap.read.article import Article
from litmap.read.reference_block import entry_label
from litmap.text import ORG_SMALL_WORDS, YEAR, strip_accents

_ACCEPT = 0.75
_TIE = 0.02


def fold_name(text: str) -> str:
    """Lower-case, accent-free form of a name for comparison; punctuation kept ("O'Brien", "Smith-Jones")."""
    return strip_accents(text).lower().replace("’", "'")


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", fold_name(text))


def _initials(name: str) -> str:
    """ "National Institute of Mental Health" → "NIMH" (small words skipped)."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", name) if w.lower() not in ORG_SMALL_WORDS]
    return "".join(w[0].upper() for w in words)


def _entry_number(raw: str) -> int | None:
    return entry_label(raw or "")  # "3. Lee", "[3] Lee", "3.Lee", "(3) Lee", "3 Lee"


class Entries:
    """The REFERENCES table prepared for linking citations, with the aliases the article introduces."""

    def __init__(self, references: pd.DataFrame):
        self.ids = list(references["ref_id"])
        self.raw = [str(r) if isinstance(r, str) else "" for r in references["raw"]]
        self.years = [None if pd.isna(y) else int(y) for y in references["year"]]
        self.titles = [t if isinstance(t, str) else "" for t in references["title"]]
        self.families: list[list[str]] = []
        self.literal: list[str | None] = []
        for authors in references["authors"]:
            people = [a for a in (authors if isinstance(authors, list) else []) if isinstance(a, dict)]
            self.families.append([fold_name(a.get("family") or a.get("literal") or "") for a in people])
            self.literal.append(people[0]["literal"] if people and people[0].get("literal") else None)
        self.numbers = {}
        for ref_id, raw in zip(self.ids, self.raw):
            number = _entry_number(raw)
            if number is not None:
                self.numbers.setdefault(number, ref_id)
        self.numbered = bool(self.ids) and len(self.numbers) >= 0.5 * len(self.ids)
        self.aliases: dict[str, set[int]] = {}
        # Which entries a cited year can fit, so a citation is scored against those, not every entry
        # (20,000 citations of a 500-entry list: 10 million year tests, 54 s): an entry of that year,
        # or one whose text holds the four digits (a reprint's "2012/1891"), or one without a year.
        self._by_year: dict[str, set[int]] = {}
        self._undated: list[int] = []
        for i, (year, raw) in enumerate(zip(self.years, self.raw)):
            if year is None:
                self._undated.append(i)
                continue
            self._by_year.setdefault(str(year), set()).add(i)
            for run in re.findall(r"\d{4,}", raw):
                for k in range(len(run) - 3):
                    self._by_year.setdefault(run[k : k + 4], set()).add(i)

    def year_candidates(self, year: str) -> list[int]:
        """The entries :meth:`year_fit` can give more than 0 for ``year``, in list order."""
        if year in ("n.d.", "in press"):
            return self._undated
        if not re.fullmatch(r"\d{4}", year[:4]):
            return list(range(len(self.ids)))  # not a year litmap indexes: every entry is tried
        return sorted(self._by_year.get(year[:4], ()))

    def __len__(self):
        return len(self.ids)

    # -- numbers --------------------------------------------------------------------------------

    def by_number(self, number: int) -> tuple[list[tuple[str, str, float]], str]:
        if number in self.numbers:
            return [(self.numbers[number], "numbered", 1.0)], ""
        if not self.numbers and 1 <= number <= len(self.ids):  # unnumbered list: the n-th entry
            return [(self.ids[number - 1], "numbered", 0.8)], ""
        return [], f"no entry number {number} (the list has {len(self.ids)})"

    # -- authors and year ------------------------------------------------------------------------

    def year_fit(self, i: int, year: str) -> float:
        """1 when the entry's year is the cited one, 0.95 for a reprint's original year, else 0."""
        raw = self.raw[i]
        if year in ("n.d.", "in press"):
            if self.years[i] is not None:
                return 0.0
            return (
                1.0
                if (year == "n.d." and re.search(r"n\.\s?d\.|s\.\s?d\.", raw, re.I))
                or (year == "in press" and re.search(r"in press|forthcoming", raw, re.I))
                else 0.0
            )
        digits, suffix = year[:4], year[4:]
        if self.years[i] is None:
            return 0.0
        if digits != str(self.years[i]):
            # "(Tiffany, 1891)" for "Tiffany, F. (2012/1891)" or "(Original work published 1891)"
            return 0.95 if re.search(rf"\b\d{{4}}/{digits}\b|{digits}/\d{{4}}\b|published {digits}\b", raw) else 0.0
        if suffix and not re.search(rf"\b{digits}{suffix}\b", raw):
            return 0.0
        return 1.0

    def name_fit(self, i: int, citation: InTextCitation) -> float:
        have = self.families[i]
        names = [fold_name(n) for n in citation.surnames]
        best = 0.0
        if citation.group or (names and self._is_abbreviation(citation.surnames[0])):
            best = self._group_fit(i, citation)
        if not names or not have:
            return best
        score = _person_fit(names, have, citation.is_et_al)
        if score < _ACCEPT and len(names) >= 2:  # "IPL, Randlett et al.": a label before the names
            score = 0.9 * _person_fit(names[1:], have, citation.is_et_al)
        return max(best, score)

    def _is_abbreviation(self, name: str) -> bool:
        return bool(re.fullmatch(r"[A-Z][A-Z&-]{1,11}", name))

    def _group_fit(self, i: int, citation: InTextCitation) -> float:
        literal = self.literal[i] or ""
        head = re.split(r"\(\s*" + YEAR + r"|\b" + YEAR + r"\b", re.sub(r"^\s*\[?\d{1,4}[\].)]\s*", "", self.raw[i]))[0]
        if citation.group:
            want = _key(re.sub(r"^the\s+", "", citation.group, flags=re.I))
            for have in (literal, head):
                key = _key(re.sub(r"^the\s+", "", have, flags=re.I))
                if (
                    key
                    and want
                    and (key == want or (len(want) >= 8 and (key.startswith(want) or want.startswith(key))))
                ):
                    return 1.0 if key == want else 0.95
            if not citation.surnames:  # a work cited by its title
                title = _key(self.titles[i])
                if title and (title.startswith(want) or want.startswith(title)):
                    return 0.95
        name = citation.surnames[0] if citation.surnames else ""
        if self._is_abbreviation(name):
            if i in self.aliases.get(name, set()):
                return 1.0
            for candidate in (literal, head):
                if candidate and _initials(candidate).endswith(name) and len(name) >= 2:
                    return 0.9
        return 0.0

    def register(self, citation: InTextCitation, index: int) -> None:
        """Remember an abbreviation the article introduces for a group author ("[NIMH]")."""
        if citation.abbreviation:
            key = self.literal[index] or citation.group
            same = {j for j in range(len(self.ids)) if (self.literal[j] or "") == key} if key else set()
            self.aliases.setdefault(citation.abbreviation, set()).update(same | {index})

    def resolve(self, citation: InTextCitation) -> tuple[list[tuple[str, str, float]], str]:
        """[(ref_id, match, confidence)] for a citation (two or more when it is ambiguous), and a note."""
        if citation.number is not None:
            return self.by_number(citation.number)
        scored = []
        for i in self.year_candidates(citation.year or ""):
            year_fit = self.year_fit(i, citation.year or "")
            if not year_fit:
                continue
            score = self.name_fit(i, citation) * year_fit
            if score >= _ACCEPT:
                scored.append((score, i))
        names = " and ".join(citation.surnames) or (citation.group or "")
        names += " et al." if citation.is_et_al else ""
        if not scored:
            return [], "bare" if citation.bare else f"no reference entry by {names} from {citation.year}"
        scored.sort(key=lambda s: -s[0])
        best = scored[0][0]
        tied = [i for score, i in scored if best - score <= _TIE]
        if citation.bare and (best < 0.9 or len(tied) > 1):
            return [], "bare"
        if len(tied) == 1:
            index = tied[0]
            self.register(citation, index)
            return [(self.ids[index], "exact" if best >= 0.999 else "fuzzy", round(best, 3))], ""
        ids = [self.ids[i] for i in tied]
        note = f"ambiguous: {len(ids)} entries fit {names} ({citation.year}) equally well: {', '.join(ids)}"
        return [(ref_id, "ambiguous", round(best / len(ids), 3)) for ref_id in ids], note


def _name_fit(cited: str, family: str) -> float:
    if not cited or not family:
        return 0.0
    if cited == family:
        return 1.0
    words = cited.split()
    for k in range(1, len(words)):  # "portia nelson", "as decety": the family name is the last word(s)
        if " ".join(words[k:]) == family:
            return 0.97
    if family.endswith(" " + cited) or family.replace(" ", "") == cited.replace(" ", ""):
        return 0.95  # "vogli" for "de vogli"
    ratio = fuzz.ratio(cited, family) / 100
    return ratio if ratio >= 0.85 else 0.0


def _person_fit(names: list[str], have: list[str], et_al: bool) -> float:
    score = min(_name_fit(n, have[k]) if k < len(have) else 0.0 for k, n in enumerate(names))
    if score < _ACCEPT and len(names) >= 2 and _name_fit(names[0], have[0]) >= _ACCEPT:
        # the same people cited in another order ("Smit; Kobashi; Tálamo" for "Smit, Tálamo, Kobashi")
        score = 0.9 * min(max((_name_fit(n, h) for h in have), default=0.0) for n in names)
    if et_al:
        return score * (0.8 if len(have) == 1 else 0.9 if len(have) == 2 and len(names) < 2 else 1.0)
    if len(names) >= 2 and len(have) != len(names):
        return score * 0.9
    if len(names) == 1 and len(have) >= 2:
        return score * (0.9 if len(have) == 2 else 0.95)
    return score


def resolve_citation(citation: InTextCitation, references: pd.DataFrame) -> tuple[str | None, str, float, str]:
    """Find the reference entry a citation points to.

    Returns ``(ref_id or None, match, confidence, reason)`` where match is exact, fuzzy,
    numbered, ambiguous (the first of the entries that fit equally well) or unresolved, and
    reason explains an unresolved or ambiguous one.
    """
    links, note = Entries(references).resolve(citation)
    if not links:
        return None, "unresolved", 0.0, note
    ref_id, match, confidence = links[0]
    return ref_id, match, confidence, note


def entry_ref_ids(article: Article, references: pd.DataFrame) -> dict[int, str]:
    """{position in article.reference_entries(): ref_id}, where the table holds the article's own entries."""
    entries = article.reference_entries()
    by_raw = {_key(raw): ref_id for ref_id, raw in zip(references["ref_id"], references["raw"]) if isinstance(raw, str)}
    out = {}
    for k, (_line, text) in enumerate(entries):
        ref_id = by_raw.get(_key(text))
        if ref_id is not None:
            out[k] = ref_id
    return out
