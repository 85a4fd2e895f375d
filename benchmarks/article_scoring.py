"""Score litmap's reading of a whole article against a truth file: references and citation links.

Shared by ``real_articles.py`` (web pages and plain text) and meant for a PDF benchmark too: the
functions take litmap's tables and plain truth dicts (``references``: ``n``, ``printed``,
``authors``, ``year``, ``title``, ``container``, ``volume``, ``issue``, ``pages``, ``doi``…;
``citations``: ``sentence``, ``cited_as``, ``refs``), the format of ``../shared/corpus`` and
``../shared/corpus-pdf``.

How it scores, in words (also in ``benchmarks/README.md``):

- **Entries are aligned** to the truth one to one by the text of the entry (``raw`` against
  ``printed``, numbering stripped), maximising total similarity (Hungarian assignment over
  rapidfuzz ratios); a pair under 60 % similar is not aligned.
- **Fields** of an aligned pair are compared after normalisation (NFKC, case, punctuation,
  spaces and diacritics ignored). A field is scored only where the truth has a value that is
  printed in the entry (values that came from the publisher's XML but are not in the text cannot
  be read from it, and are counted apart as ``unscorable``). An equal value is a true positive,
  a different one a false positive and a false negative, a missing one a false negative; a
  truth entry with no aligned prediction adds a false negative per field, a prediction with no
  truth entry a false positive per filled field. Authors count per person by family name.
  Pages count as equal when they are the same range once abbreviations are written out
  ("113-26" = "113-126"). A book's "Place: Publisher" that the truth keeps as its container
  counts as found when litmap put the same publisher in ``publisher``; a truth publisher written
  "Place: Publisher" counts as found without the place (litmap has no place field).
- **A citation link** is one sentence citing one entry. Predicted links come from the claims
  and citations tables (entry mapped to the truth by the alignment); a predicted and a truth
  link agree when they name the same entry and the predicted claim and the truth sentence
  overlap (one contains the other once whitespace and quotes are normalised).
- **Furniture claims** are claims whose text is not part of any body paragraph or list item of
  the article (title, byline, headings, captions, reference entries, page furniture).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

#: The entry fields scored, in report order.
FIELDS = ("authors", "year", "title", "container", "volume", "issue", "pages", "doi", "publisher")
MIN_ALIGNMENT = 60.0
_LABEL = re.compile(r"^\s*(?:\[\s*\d+[a-z]?\s*\]|\(\d+\)|\d{1,4}[.)]?)\s+")


def norm(value) -> str:
    """Comparison form: NFKD without accents, lower case, letters and digits only."""
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", "", text.lower())


def norm_sentence(text: str) -> str:
    """Whitespace, quotes and dashes made uniform, and soft hyphens (never shown mid-line) dropped, as
    litmap drops them where an article enters, for matching sentences."""
    text = unicodedata.normalize("NFKC", str(text)).replace("\u00ad", "")
    text = re.sub(r"[\u2018\u2019\u201a\u2032`]", "'", text)
    text = re.sub(r"[\u201c\u201d\u201e\u00ab\u00bb]", '"', text)
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def full_range(pages) -> str:
    """'113-26' -> '113-126', 'R875-8' -> 'R875-R878'; anything else as normalised text."""
    text = re.sub(r"\s*[\u2010-\u2015\u2212-]+\s*", "-", str(pages)).strip()
    m = re.fullmatch(r"([A-Za-z]*)(\d+)-([A-Za-z]*)(\d+)", text)
    if m:
        prefix, first, prefix2, last = m.groups()
        if len(last) < len(first) and (not prefix2 or prefix2 == prefix):
            last = first[: len(first) - len(last)] + last
        return f"{prefix}{first}-{prefix2 or prefix}{last}".lower()
    return norm(text)


# ---------------------------------------------------------------------------------------------
# counting


@dataclass
class Counts:
    """True positives, false positives and false negatives, with P/R/F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class FieldScore:
    """Per-field counts for one article (or pooled), plus the misses for reading."""

    counts: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in FIELDS})
    unscorable: Counter = field(default_factory=Counter)
    misses: list[tuple[str, int, str, str]] = field(default_factory=list)  # (field, truth n, want, got)

    def add(self, other: FieldScore) -> None:
        for name in FIELDS:
            self.counts[name].add(other.counts[name])
        self.unscorable.update(other.unscorable)
        self.misses.extend(other.misses)

    @property
    def micro(self) -> Counts:
        total = Counts()
        for name in FIELDS:
            total.add(self.counts[name])
        return total


# ---------------------------------------------------------------------------------------------
# alignment


def strip_label(text: str) -> str:
    """An entry without its list label ("[3] ", "3. ")."""
    return _LABEL.sub("", str(text), count=1)


def align_entries(predicted: list[str], printed: list[str]) -> dict[int, int]:
    """One-to-one alignment of predicted entry texts to truth entry texts: {pred index: truth index}."""
    if not predicted or not printed:
        return {}
    import numpy as np
    from rapidfuzz import fuzz, process
    from scipy.optimize import linear_sum_assignment

    a = [norm_sentence(strip_label(p)).lower() for p in predicted]
    b = [norm_sentence(strip_label(t)).lower() for t in printed]
    scores = process.cdist(a, b, scorer=fuzz.ratio)
    rows, cols = linear_sum_assignment(-np.asarray(scores))
    return {int(r): int(c) for r, c in zip(rows, cols) if scores[r][c] >= MIN_ALIGNMENT}


# ---------------------------------------------------------------------------------------------
# fields


def _families(authors) -> Counter:
    out = Counter()
    for person in authors or []:
        if isinstance(person, dict):
            out[norm(person.get("family") or person.get("literal") or "")] += 1
    out.pop("", None)
    return out


def _present(value) -> bool:
    if value is None:
        return False
    try:
        import pandas as pd

        if pd.isna(value):
            return False
    except (TypeError, ValueError):
        pass
    return str(value).strip() != ""


def _printed_has(name: str, value, printed: str) -> bool:
    """Whether the truth value can be read from the printed entry at all."""
    text = norm(printed)
    if name == "pages":
        return norm(str(value).split("-")[0]) in text
    if name == "year":
        return str(value) in printed
    if name in ("volume", "issue") and re.fullmatch(r"[\w -]{1,12}", str(value)):
        # a short number must stand on its own: issue "9" is not printed in "Trends Neurosci 29: 536"
        return re.search(rf"(?<![\dA-Za-z]){re.escape(str(value))}(?![\dA-Za-z])", printed) is not None
    return norm(value) in text


def _equal(name: str, want, got, truth: dict, predicted: dict) -> bool:
    if name == "year":
        try:
            return int(want) == int(got)
        except (TypeError, ValueError):
            return False
    if name == "pages":
        targets = {full_range(want)} | ({full_range(truth["pages_full"])} if truth.get("pages_full") else set())
        return full_range(got) in targets or norm(got) == norm(want)
    if name == "doi":
        return str(want).strip().lower() == str(got).strip().lower()
    if name == "publisher" and ":" in str(want):  # "Geneva, Switzerland: WHO" - the place is not a field litmap fills
        return norm(want) == norm(got) or norm(str(want).split(":", 1)[1]) == norm(got)
    return norm(want) == norm(got)


def _container_as_publisher(truth: dict, predicted: dict) -> bool:
    """A book whose truth container is "Place: Publisher" and whose predicted publisher is that publisher."""
    publisher = predicted.get("publisher")
    if not _present(publisher) or _present(predicted.get("container")):
        return False
    want = norm(truth["container"])
    return want == norm(publisher) or want.endswith(norm(publisher))


def score_entry(truth: dict | None, predicted: dict | None) -> FieldScore:
    """Field counts for one aligned pair (either side may be None: an unaligned entry)."""
    score = FieldScore()
    unknown = set((truth or {}).get("unknown_fields") or [])
    n = (truth or {}).get("n", 0)
    for name in FIELDS:
        c = score.counts[name]
        if name == "authors":
            want = _families((truth or {}).get("authors"))
            got = _families((predicted or {}).get("authors"))
            if truth is None:
                c.fp += sum(got.values())
                continue
            if not want or name in unknown:
                continue
            hit = sum((want & got).values())
            c.tp += hit
            c.fp += sum(got.values()) - hit
            c.fn += sum(want.values()) - hit
            if hit < max(sum(want.values()), sum(got.values())):
                score.misses.append((name, n, " ".join(sorted(want)), " ".join(sorted(got))))
            continue
        want = (truth or {}).get(name)
        got = (predicted or {}).get(name)
        if truth is None:
            c.fp += int(_present(got))
            continue
        if not _present(want) or name in unknown:
            continue
        if not _printed_has(name, want, truth.get("printed", "")):
            score.unscorable[name] += 1
            continue
        if not _present(got):
            if name == "container" and predicted is not None and _container_as_publisher(truth, predicted):
                c.tp += 1
                continue
            c.fn += 1
            score.misses.append((name, n, str(want), ""))
        elif _equal(name, want, got, truth, predicted or {}):
            c.tp += 1
        else:
            c.fp += 1
            c.fn += 1
            score.misses.append((name, n, str(want), str(got)))
    return score


def score_references(references, truth_refs: list[dict]) -> tuple[FieldScore, dict[str, int]]:
    """Field counts for a whole REFERENCES table against the truth; also {ref_id: truth n}."""
    records = references.to_dict("records")
    alignment = align_entries([r["raw"] for r in records], [t.get("printed", "") for t in truth_refs])
    total = FieldScore()
    aligned_truth = set(alignment.values())
    for i, record in enumerate(records):
        total.add(score_entry(truth_refs[alignment[i]] if i in alignment else None, record))
    for j, truth in enumerate(truth_refs):
        if j not in aligned_truth:
            total.add(score_entry(truth, None))
    ref_to_n = {records[i]["ref_id"]: truth_refs[j]["n"] for i, j in alignment.items()}
    return total, ref_to_n


# ---------------------------------------------------------------------------------------------
# citation links


@dataclass
class LinkScore:
    """Citation links (a sentence citing one entry): counts, and the misses for reading."""

    counts: Counts = field(default_factory=Counts)
    false_links: list[tuple[str, str]] = field(default_factory=list)  # (claim text, what it linked)
    missed_links: list[tuple[str, str]] = field(default_factory=list)  # (truth sentence, cited_as -> n)

    def add(self, other: LinkScore) -> None:
        self.counts.add(other.counts)
        self.false_links.extend(other.false_links)
        self.missed_links.extend(other.missed_links)


def _overlaps(a: str, b: str) -> bool:
    return bool(a) and bool(b) and (a in b or b in a)


def score_links(claims, citations, truth_citations: list[dict], ref_to_n: dict[str, int]) -> LinkScore:
    """Precision and recall of sentence→entry links against the truth citations."""
    claim_text = {c: norm_sentence(t) for c, t in zip(claims["claim_id"], claims["text"])}
    predicted: set[tuple[str, int | None, str]] = set()
    for claim_id, ref_id, cited_as in zip(citations["claim_id"], citations["ref_id"], citations["cited_as"]):
        if _present(ref_id):
            predicted.add((claim_id, ref_to_n.get(ref_id), f"{cited_as} -> {ref_id}"))
    sentences: dict[str, set[int]] = {}
    cited_as: dict[tuple[str, int], str] = {}
    for citation in truth_citations:
        key = norm_sentence(citation["sentence"])
        sentences.setdefault(key, set()).update(citation.get("refs") or [])
        for n in citation.get("refs") or []:
            cited_as.setdefault((key, n), citation.get("cited_as", ""))
    overlapping = {c: [s for s in sentences if _overlaps(text, s)] for c, text in claim_text.items()}
    score = LinkScore()
    seen_pairs: set[tuple[str, int | None]] = set()
    for claim_id, n, label in sorted(predicted, key=lambda x: (x[0], str(x[1]))):
        if (claim_id, n) in seen_pairs:
            continue
        seen_pairs.add((claim_id, n))
        if n is not None and any(n in sentences[s] for s in overlapping.get(claim_id, [])):
            score.counts.tp += 1
        else:
            score.counts.fp += 1
            score.false_links.append((claim_text.get(claim_id, ""), label))
    by_sentence: dict[str, set[int]] = {}
    for claim_id, n in seen_pairs:
        for s in overlapping.get(claim_id, []):
            by_sentence.setdefault(s, set()).add(n)
    for s, refs in sentences.items():
        for n in sorted(refs):
            if n not in by_sentence.get(s, set()):
                score.counts.fn += 1
                score.missed_links.append((s, f"{cited_as[(s, n)]} -> {n}"))
    return score


# ---------------------------------------------------------------------------------------------
# furniture


def furniture_claims(claims, body_units: list[str]) -> list[str]:
    """Claims whose text is in no body paragraph or list item."""
    units = [norm_sentence(u) for u in body_units]
    out = []
    for text in claims["text"]:
        t = norm_sentence(text)
        if not any(t in u for u in units):
            out.append(str(text))
    return out
