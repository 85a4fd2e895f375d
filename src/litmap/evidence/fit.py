"""Claim–source fit: does a cited work speak to the claim it is cited for?

For every claim→source link this stage compares the claim's words with what the source's
record says about itself (title, abstract, subjects, journal or book series) and labels the
link ``on topic``, ``tangential``, ``off topic`` or ``unknown``. The measure is deliberately
plain — TF-IDF vectors and their cosine similarity (scikit-learn) — and the evidence is
shown: the terms the two texts share and the important claim terms the source lacks.

The label is about **topical fit only**. A source can be on topic and still not support the
claim (or contradict it); an off-topic label says the record does not talk about what the
claim talks about, not that the claim is false.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import pandas as pd

from litmap.evidence.keyphrases import english_stop_words
from litmap.schemas import AUDIT, CITATIONS, CITATIONS_FIT, CLAIMS, FIT_COLUMNS, FIT_LABELS, FOUND_STATUSES
from litmap.values import is_missing

#: Cosine similarity at or above which a link is ``on topic`` (if it also shares a focus term) and
#: at or above which it is at least ``tangential``, by what of the record was read (``fit_basis``).
#: A title of eight words and an abstract of two hundred do not meet a claim's words equally
#: often, so each basis has its own bar, calibrated on labelled claim–source pairs from real
#: articles (``benchmarks/fit_basis.py``; numbers and method in benchmarks/README.md). Subjects
#: could not be measured there; a basis with subjects uses the bar of the same basis without them.
FIT_THRESHOLDS = {
    "title": (0.08, 0.03),
    "title + abstract": (0.127, 0.067),
}
#: The title basis' bars, the bars of most records (Crossref rarely carries an abstract).
ON_TOPIC_MIN, TANGENTIAL_MIN = FIT_THRESHOLDS["title"]
#: A term used in at least this share of the cited claims is one of the article's focus terms.
FOCUS_SHARE = 0.5


#: Reporting words say *that* something was studied, not *what*: they are not evidence of fit.
REPORTING_WORDS = frozenset(
    [
        "according",
        "al",
        "article",
        "author",
        "authors",
        "demonstrate",
        "demonstrated",
        "demonstrates",
        "empirical",
        "et",
        "evidence",
        "finding",
        "findings",
        "grounded",
        "highlighted",
        "research",
        "researcher",
        "researchers",
        "result",
        "results",
        "scientific",
        "show",
        "showed",
        "shown",
        "shows",
        "studies",
        "study",
        "suggest",
        "suggested",
        "suggests",
    ]
)

# Suffixes stripped by ``normalise_term``, longest first so "empathetic" loses "etic", not "ic".
_SUFFIXES = tuple(
    sorted(
        [
            "ations",
            "ation",
            "ating",
            "ated",
            "ates",
            "ate",
            "ically",
            "ical",
            "ally",
            "etic",
            "ness",
            "ments",
            "ment",
            "ities",
            "ity",
            "ings",
            "ing",
            "ising",
            "izing",
            "ised",
            "ized",
            "ise",
            "ize",
            "ions",
            "ion",
            "ists",
            "ist",
            "ives",
            "ive",
            "ences",
            "ence",
            "ents",
            "ent",
            "ies",
            "ic",
            "al",
            "ed",
            "es",
            "ly",
            "y",
            "s",
            "e",
        ],
        key=len,
        reverse=True,
    )
)
_MIN_STEM = 4
_WORD = re.compile(r"[a-z]+")
_CITATION_PARENS = re.compile(r"\([^()]*\d{4}[a-z]?[^()]*\)|\[[\d,\s–-]+\]")


def normalise_term(word: str) -> str:
    """Reduce a word to a rough stem so that related forms meet ("empathetic", "empathy" -> "empath").

    A light, predictable suffix stripper (not a full stemmer): common English suffixes are
    removed, at most three times, while at least four letters remain; a final "s" after
    "s" or "u" is kept ("process", "corpus").

    Examples
    --------
    >>> normalise_term("empathetic"), normalise_term("empathic"), normalise_term("empathy")
    ('empath', 'empath', 'empath')
    >>> normalise_term("connectedness") == normalise_term("connection")
    True
    """
    term = word.lower()
    for _ in range(3):
        for suffix in _SUFFIXES:
            if term.endswith(suffix) and len(term) - len(suffix) >= _MIN_STEM:
                if suffix == "s" and term[-2] in "su":
                    continue
                term = term[: -len(suffix)]
                break
        else:
            break
    return term


def _tokens(text: str) -> list[tuple[str, str]]:
    """(stem, word) pairs of the content words of ``text``: stop and reporting words dropped."""
    stop = english_stop_words()
    words = _WORD.findall(text.lower())
    return [(normalise_term(w), w) for w in words if len(w) > 2 and w not in stop and w not in REPORTING_WORDS]


def _analyse(text: str) -> list[str]:
    return [stem for stem, _ in _tokens(text)]


def claim_text_for_fit(text: str, cited_as=()) -> str:
    """The claim sentence without its citations, so author names and years are not compared."""
    out = _CITATION_PARENS.sub(" ", text or "")
    for cited in cited_as:
        if not isinstance(cited, str):
            continue
        names = re.sub(r"\s*\(.*$", "", cited).strip()  # "Lamm et al." from "Lamm et al. (2007)"
        for part in (cited.strip(), names):
            if part:
                out = out.replace(part, " ")
    return out


def source_text_for_fit(record: dict) -> str:
    """What a source's record says about itself: title, abstract, subjects and container."""
    parts = [record.get("title"), record.get("abstract"), record.get("container")]
    subjects = record.get("subjects")
    if isinstance(subjects, list):
        parts.extend(str(s) for s in subjects)
    return " ".join(p for p in parts if isinstance(p, str) and p.strip())


def fit_basis(record: dict) -> str | None:
    """What of a record fit reads, in words: "title", "title + abstract", "title + subjects", …

    The journal or book series is read with the title and not named. None when there is nothing.

    >>> fit_basis({"title": "Does rejection hurt?", "abstract": "A neuroimaging study…", "subjects": []})
    'title + abstract'
    >>> fit_basis({"title": "Empathy for pain", "subjects": ["Empathy", "Pain"]})
    'title + subjects'
    """

    def has(value) -> bool:
        return isinstance(value, str) and bool(value.strip())

    parts = []
    if has(record.get("title")) or has(record.get("container")):
        parts.append("title")
    if has(record.get("abstract")):
        parts.append("abstract")
    subjects = record.get("subjects")
    if isinstance(subjects, list) and any(has(s) for s in subjects):
        parts.append("subjects")
    return " + ".join(parts) or None


def fit_thresholds(basis: str | None, thresholds=None) -> tuple[float, float]:
    """The (on topic, tangential) bars for a basis: its own, else those of the basis without subjects.

    >>> fit_thresholds("title + subjects") == FIT_THRESHOLDS["title"]
    True
    """
    table = FIT_THRESHOLDS if thresholds is None else {**FIT_THRESHOLDS, **thresholds}
    basis = basis or "title"
    if basis in table:
        return table[basis]
    without = basis.replace(" + subjects", "")
    if without in table:
        return table[without]
    return table["title + abstract" if "abstract" in basis else "title"]


def _has_content(record: dict) -> bool:
    subjects = record.get("subjects")
    fields = [record.get("title"), record.get("abstract")]
    return any(isinstance(f, str) and f.strip() for f in fields) or (isinstance(subjects, list) and len(subjects) > 0)


def compute_fit(
    claims: pd.DataFrame,
    citations: pd.DataFrame,
    audit: pd.DataFrame,
    *,
    on_topic: float | None = None,
    tangential: float | None = None,
    thresholds: dict[str, tuple[float, float]] | None = None,
    focus_terms: list[str] | None = None,
    max_terms: int = 8,
) -> pd.DataFrame:
    """Label each claim→source link by topical fit and show the terms behind the label.

    The claim sentence (its citations removed) and the source's record text (title, abstract,
    subjects, container) become TF-IDF vectors — English stop words and reporting words
    ("study", "research", "shown"…) dropped, words reduced by :func:`normalise_term` — and
    ``fit_score`` is their cosine similarity (0 = no content word in common, 1 = the same
    words in the same proportions).

    Two adjustments keep the measure honest on a single article. IDF is fitted on the cited
    claims plus the source texts, so the article's subject — the *focus term*, the content
    term used by the most cited claims if at least half use it ("empathy" here), or
    ``focus_terms`` when given — would count for little just because every claim uses it;
    focus terms therefore keep the largest IDF of the vocabulary. And the label follows two
    stated rules:

    1. **Score bands, by basis.** ``fit_score >= on_topic`` is on topic, ``>= tangential``
       tangential, below that off topic, with the bars of what was read (``fit_basis``: title,
       title + abstract, …; :data:`FIT_THRESHOLDS`). Between a claim of about a dozen content
       words and a title of about eight, one shared full-weight term scores roughly
       1/sqrt(12 x 8) ~ 0.1, so the title bar of 0.08 means "at least one distinctive term in
       common"; an abstract shares more words with a claim but each weighs less, so its bars
       are its own, calibrated on labelled pairs (``benchmarks/fit_basis.py``).
    2. **Focus rule.** A claim that uses a focus term is a claim about it; a source whose
       record never mentions any focus term the claim uses cannot be on topic for it, however
       many other words it shares (a social-exclusion study may share "anterior cingulate
       cortex" with a claim about empathy yet say nothing about empathy): such a link is at
       most ``tangential``. So ``fit_score`` can be higher for a tangential link than for an
       on-topic one; ``fit_reason`` says why.

    Links whose source has no usable record (``not_found``/``unchecked``, an unresolved
    citation, or a record with no title, abstract or subjects) are ``unknown`` with NA score.
    The label says whether the record talks about what the claim talks about — never whether
    the source supports or proves the claim.

    Parameters
    ----------
    claims, citations, audit
        Tables per :data:`~litmap.schemas.CLAIMS`, :data:`~litmap.schemas.CITATIONS`,
        :data:`~litmap.schemas.AUDIT`.
    on_topic, tangential
        Cosine thresholds (``on_topic > tangential``) for every basis alike; by default each
        basis has its own (:data:`FIT_THRESHOLDS`).
    thresholds
        ``{basis: (on_topic, tangential)}`` replacing some of :data:`FIT_THRESHOLDS`.
    focus_terms
        Words naming the article's subject; default: derived from the claims as above.
    max_terms
        How many terms to list in ``shared_terms`` and ``claim_only_terms``.

    Returns
    -------
    pandas.DataFrame
        The CITATIONS_FIT table: a copy of ``citations`` with ``fit``, ``fit_score`` (Float64),
        ``fit_basis`` (what of the record was read), ``shared_terms``, ``claim_only_terms``
        (lists of words as written in the claim, most
        important first), ``focus_terms_missing`` (boolean) and ``fit_reason`` (one sentence).
    """
    if on_topic is not None or tangential is not None:
        fixed = (on_topic if on_topic is not None else ON_TOPIC_MIN, tangential if tangential is not None else 0.0)
        thresholds = {basis: fixed for basis in ("title", "title + abstract")}
    for basis, (high, low) in (thresholds or {}).items():
        if not 0 <= low < high <= 1:
            raise ValueError(f"{basis}: need 0 <= tangential < on_topic <= 1, got tangential={low}, on_topic={high}")
    CLAIMS.validate(claims)
    CITATIONS.validate(citations)
    AUDIT.validate(audit)
    out = citations.copy()

    claim_text = dict(zip(claims["claim_id"], claims["text"]))
    cited_as_by_claim = citations.groupby("claim_id")["cited_as"].agg(list).to_dict()
    records = {r["ref_id"]: r for r in audit.to_dict("records")}

    claim_texts = {
        cid: claim_text_for_fit(str(claim_text.get(cid) or ""), cited_as_by_claim.get(cid, []))
        for cid in pd.unique(citations["claim_id"].dropna())
    }
    source_texts, bases = {}, {}
    for ref_id in pd.unique(citations["ref_id"].dropna()):
        record = records.get(ref_id)
        if record is not None and record.get("status") in FOUND_STATUSES and _has_content(record):
            source_texts[ref_id] = source_text_for_fit(record)
            bases[ref_id] = fit_basis(record)

    focus = _focus_stems(claim_texts.values()) if focus_terms is None else {normalise_term(t) for t in focus_terms}
    vectors = _tfidf(list(claim_texts.values()) + list(source_texts.values()), focus)
    claim_vec = dict(zip(claim_texts, vectors[: len(claim_texts)]))
    source_vec = dict(zip(source_texts, vectors[len(claim_texts) :]))

    rows = []
    for cid, ref_id in zip(citations["claim_id"], citations["ref_id"]):
        if is_missing(ref_id) or ref_id not in source_vec or cid not in claim_vec:
            rows.append(_unknown(ref_id, None if is_missing(ref_id) else records.get(ref_id)))
            continue
        high, low = fit_thresholds(bases[ref_id], thresholds)
        judged = _judge(
            claim_texts[cid], claim_vec[cid], source_vec[ref_id], focus, high, low, max_terms, bases[ref_id]
        )
        rows.append({**judged, "fit_basis": bases[ref_id]})
    for column in FIT_COLUMNS:
        out[column.name] = pd.Series([r[column.name] for r in rows], index=out.index, dtype=object)
    return CITATIONS_FIT.coerce(out)


def _focus_stems(claim_texts) -> set[str]:
    texts = list(claim_texts)
    if len(texts) < 2:
        return set()
    counts = Counter(stem for text in texts for stem in set(_analyse(text)))
    top = max(counts.values(), default=0)
    if top / len(texts) < FOCUS_SHARE:
        return set()
    return {stem for stem, n in counts.items() if n == top}


def _tfidf(texts: list[str], focus: set[str]) -> list[dict[str, float]]:
    """L2-normalised TF-IDF vectors as {stem: weight}; empty dicts for texts without content words.

    scikit-learn's ``TfidfVectorizer(sublinear_tf=True)``, written out (importing scikit-learn
    cost more than all the fits of an article): term frequency ``1 + ln(count)``, smoothed IDF
    ``ln((1 + n) / (1 + df)) + 1``, each vector scaled to length 1. Focus terms get the largest
    IDF of the vocabulary: they are frequent because they are the article's subject, not because
    they say little.
    """
    counts = [Counter(_analyse(t)) for t in texts]
    df = Counter(stem for c in counts for stem in c)
    if not df:
        return [{} for _ in texts]
    n = len(texts)
    idf = {stem: math.log((1 + n) / (1 + k)) + 1 for stem, k in df.items()}
    top = max(idf.values())
    idf.update({stem: top for stem in focus if stem in idf})
    vectors = []
    for c in counts:
        weights = {stem: (1 + math.log(k)) * idf[stem] for stem, k in c.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors.append({stem: w / norm for stem, w in weights.items()})
    return vectors


def _judge(text, claim_vec, source_vec, focus, on_topic, tangential, max_terms, basis="title") -> dict:
    surface = {}
    for stem, word in _tokens(text):
        surface.setdefault(stem, word)
    score = round(sum(w * source_vec.get(stem, 0.0) for stem, w in claim_vec.items()), 3)
    shared = sorted((s for s in claim_vec if s in source_vec), key=lambda s: -claim_vec[s] * source_vec[s])
    claim_only = sorted((s for s in claim_vec if s not in source_vec), key=lambda s: -claim_vec[s])
    claim_focus = focus & claim_vec.keys()
    focus_missing = bool(claim_focus) and not (claim_focus & source_vec.keys())
    if score >= on_topic and not focus_missing:
        fit = "on topic"
    elif score >= tangential:
        fit = "tangential"
    else:
        fit = "off topic"
    shared_words = [surface[s] for s in shared[:max_terms]]
    reason = f"Topical fit {score:.2f} on the record's {basis}: "
    reason += f"shares {', '.join(shared_words)}" if shared_words else "shares no content word with the claim"
    if focus_missing:
        reason += f"; never mentions {', '.join(sorted(surface[s] for s in claim_focus))}, the claim's subject"
    reason += f" ({fit})."
    return {
        "fit": fit,
        "fit_score": score,
        "shared_terms": shared_words,
        "claim_only_terms": [surface[s] for s in claim_only[:max_terms]],
        "focus_terms_missing": focus_missing,
        "fit_reason": reason,
    }


def _unknown(ref_id, record) -> dict:
    if is_missing(ref_id):
        why = "the citation matches no reference entry"
    elif record is None:
        why = "the reference was not audited"
    elif record.get("status") not in FOUND_STATUSES:
        why = f"no record to compare (audit status {record.get('status')})"
    else:
        why = "the record has no title, abstract or subjects"
    return {
        "fit": "unknown",
        "fit_score": pd.NA,
        "fit_basis": None,
        "shared_terms": [],
        "claim_only_terms": [],
        "focus_terms_missing": pd.NA,
        "fit_reason": f"Fit unknown: {why}.",
    }


__all__ = [
    "FIT_LABELS",
    "FIT_THRESHOLDS",
    "ON_TOPIC_MIN",
    "TANGENTIAL_MIN",
    "compute_fit",
    "fit_basis",
    "fit_thresholds",
    "normalise_term",
]
