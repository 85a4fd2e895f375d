"""The kind of every sentence: claim, finding, method or other, with a confidence.

- **claim**: asserts something about the world that outside evidence could support or
  contradict, including what earlier work found;
- **finding**: this article's own result or conclusion;
- **method**: what the authors did (participants, materials, procedures, settings, analysis);
- **other**: questions, signposting, aims, future work, definitions of the article's own terms,
  examples, acknowledgements, learning objectives, and page furniture (bylines, calls to action,
  share prompts, boilerplate), named in ``detail``.

How: the sure cases are settled by rules (:mod:`litmap.parse.kind_rules`: back matter, boilerplate,
calls to action, aims, signposts, questions…); every other sentence gets the kind a multinomial
logistic regression gives it from cue features (part of the article, first person, tense,
statistics, reporting verbs, citations, its words; an article that tells its methods in the
present or future, as a protocol or a software paper does, has the tense of its methods and results
read as past, :func:`narrates_present`). The model was trained on 5,673 sentences of
34 articles labelled by hand (``benchmarks/data/sentence-kinds``) by
``tools/train_sentence_kinds.py``; it ships as ``data/sentence-kinds.json`` (weights only, read
with the standard library: no scikit-learn at run time) and is loaded on first use.

A sentence goes to the claims table when it is a claim or a finding (the model's probability of
the two together is at least :data:`THRESHOLD`), or when it carries a citation whatever its kind,
unless it is furniture.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from litmap.errors import ParserModelError
from litmap.parse.kind_rules import CUE_FILTERS, CUES, WORD, opens_back_matter, rule_kind
from litmap.parse.parts import heading_part
from litmap.parse.prefilter import Haystack
from litmap.schemas import SENTENCE_KINDS

#: The kinds a sentence can have, and the classes the model tells apart (furniture is ``other``).
KINDS = SENTENCE_KINDS
MODEL_CLASSES = (*SENTENCE_KINDS, "furniture")
#: What an ``other`` sentence is.
DETAILS = (
    "furniture",
    "acknowledgement",
    "signpost",
    "aim",
    "future",
    "question",
    "definition",
    "example",
    "objective",
    "fragment",
    "heading",
)
#: A sentence whose probability of being a claim or a finding reaches this goes to the claims table.
THRESHOLD = 0.48
#: Bumped whenever the features change meaning; a model trained with other features will not load.
FEATURES_VERSION = 3
MODEL_FILE = "sentence-kinds.json"

_UPPER_WORD = re.compile(r"\b[A-Z][a-z]+\b")
_COMBINED = ("cue:", "len=", "cited", "we+past")  # features also read together with the part


def _bucket(x: float, edges: tuple) -> int:
    return next((i for i, e in enumerate(edges) if x < e), len(edges))


def sentence_features(
    text: str,
    *,
    part: str,
    heading: str,
    cited: bool,
    position: float,
    paragraph_cited: float,
    previous_cited: bool,
    index_in_paragraph: int,
    narrated_present: bool = False,
) -> dict[str, float]:
    """The features of one sentence: where it stands, its shape, its cues and its words.

    >>> f = sentence_features("We recruited 40 adults (p < .05).", part="methods", heading="Participants",
    ...                       cited=False, position=0.3, paragraph_cited=0.0, previous_cited=False,
    ...                       index_in_paragraph=0)
    >>> f["part=methods"], "cue:we" in f, "cue:stats" in f, f["w:recruited"]
    (1.0, True, True, 1.0)
    """
    f: dict[str, float] = {"bias": 1.0, f"part={part}": 1.0, f"heading_part={heading_part(heading) or 'topical'}": 1.0}
    f["cited"] = float(cited)
    f["paragraph_cited"] = paragraph_cited
    f["previous_cited"] = float(previous_cited)
    f[f"pos={_bucket(position, (0.1, 0.3, 0.5, 0.7, 0.9))}"] = 1.0
    # Not whether it stands alone in its paragraph: a blog's one-sentence paragraphs are prose,
    # and that feature taught the model to call them furniture.
    f["first_in_paragraph"] = float(index_in_paragraph == 0)
    words = WORD.findall(text)
    f[f"len={_bucket(len(words), (3, 6, 12, 25, 40))}"] = 1.0
    f["digit_share"] = min(1.0, 5 * sum(map(str.isdigit, text)) / max(1, len(text)))
    f["upper_share"] = len(_UPPER_WORD.findall(text)) / max(1, len(words))
    f["ends_period"] = float(text.rstrip().endswith((".", ".”", '."', ".)")))
    f["no_end_punct"] = float(not re.search(r"[.!?:;)\]”\"’'\d]\s*$", text))
    f["starts_lower"] = float(bool(re.match(r"^\W*[a-z]", text)))
    f["starts_digit"] = float(bool(re.match(r"^\W*\d", text)))
    # an article that tells its methods in the present or future ("Depression severity is measured…",
    # "Confidence intervals will be computed"), as protocols and software papers do, has its methods
    # and results read in the past tense the other articles tell theirs in, so their cues mean the same
    cue_text = to_past_tense(text) if narrated_present and part in ("methods", "results") else text
    hay = Haystack(cue_text)
    for name, cue in CUE_FILTERS.items():
        hits = cue.count(hay)
        if hits:
            f[f"cue:{name}"] = 1.0 + math.log(hits)
    lower = [w.lower() for w in words]
    for w in set(lower):
        f[f"w:{w}"] = 1.0
    if lower:
        f[f"first:{lower[0]}"] = 1.0
    if "cue:we" in f and "cue:past" in f:
        f["we+past"] = 1.0
    if "cue:stats" in f and part in ("results", "abstract"):
        f["stats_in_results"] = 1.0
    for key in [k for k in f if k.startswith(_COMBINED)]:
        f[f"{part}&{key}"] = f[key]
    return f


_PRESENT_TO_PAST = [
    (re.compile(r"\bwe will\b", re.I), "we"),
    (re.compile(r"\bwill (?=(?:\w+ly )?be\b)", re.I), ""),
    (re.compile(r"\b(?<!will )be (?=(?:\w+ly )?\w+(?:ed|en|wn|ght|lt|pt|un)\b)", re.I), "was "),
    (re.compile(r"\bis\b"), "was"),
    (re.compile(r"\bare\b"), "were"),
    (re.compile(r"\bhas\b"), "had"),
    (re.compile(r"\bhave\b"), "had"),
]
_PRESENT = re.compile(r"\b(?:is|are|will)\b", re.I)


def to_past_tense(text: str) -> str:
    """The sentence with its auxiliaries in the past tense, for reading its cues as a past-tense
    article's ("is measured" -> "was measured", "will be computed" -> "was computed").

    >>> to_past_tense("Depression severity is measured and intervals will be computed; we will assess mood.")
    'Depression severity was measured and intervals was computed; we assess mood.'
    """
    for pattern, repl in _PRESENT_TO_PAST:
        text = pattern.sub(repl, text)
    return text


def narrates_present(sentences: pd.DataFrame) -> bool:
    """Whether an article tells its methods in the present or future tense (a protocol, a software
    paper): at least 10 sentences under its methods, and more than twice as many of them in the
    present as in the past."""
    methods = [t for t, p in zip(sentences["text"].tolist(), sentences["part"].tolist()) if p == "methods"]
    if len(methods) < 10:
        return False
    past = sum(bool(CUES["past"].search(t) or CUES["passive_past"].search(t)) for t in methods)
    present = sum(bool(_PRESENT.search(t)) and not CUES["past"].search(t) for t in methods)
    return present > 2 * past


def compute_kind_features(sentences: pd.DataFrame) -> list[dict[str, float]]:
    """Features of every sentence of one article (rows in reading order: section, part, paragraph,
    text, n_citations)."""
    cited = [int(n or 0) > 0 for n in sentences["n_citations"].fillna(0).tolist()]
    paragraphs = sentences["paragraph"].tolist()
    total = max(1, len(sentences))
    by_paragraph: dict = {}
    for k, p in enumerate(paragraphs):
        by_paragraph.setdefault(p, []).append(k)
    # Once per paragraph, not once per sentence: a page of one paragraph can hold 70,000 sentences.
    share = {p: sum(cited[j] for j in members) / len(members) for p, members in by_paragraph.items()}
    place = {k: i for members in by_paragraph.values() for i, k in enumerate(members)}
    narrated_present = narrates_present(sentences)
    out = []
    for k, (text, part, heading, p) in enumerate(
        zip(sentences["text"].tolist(), sentences["part"].tolist(), sentences["section"].tolist(), paragraphs)
    ):
        members = by_paragraph[p]
        i = place[k]
        out.append(
            sentence_features(
                text,
                part=part,
                heading=heading if isinstance(heading, str) else "",
                cited=cited[k],
                position=k / total,
                paragraph_cited=share[p],
                previous_cited=bool(i and cited[members[i - 1]]),
                index_in_paragraph=i,
                narrated_present=narrated_present,
            )
        )
    return out


@dataclass
class KindModel:
    """A multinomial logistic regression over sparse features, as weights per class."""

    classes: tuple[str, ...]
    intercept: list[float]
    weights: dict[str, list[float]]
    meta: dict = field(default_factory=dict)

    def probabilities(self, features: dict[str, float]) -> dict[str, float]:
        """The probability of each class for one sentence's features (unknown features count nothing)."""
        scores = list(self.intercept)
        weights = self.weights
        for name, value in features.items():
            row = weights.get(name)
            if row is not None:
                scores = [s + w * value for s, w in zip(scores, row)]
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        total = sum(exp)
        return {c: e / total for c, e in zip(self.classes, exp)}

    def to_dict(self) -> dict:
        return {
            "features_version": FEATURES_VERSION,
            "classes": list(self.classes),
            "intercept": self.intercept,
            "weights": self.weights,
            "meta": self.meta,
        }


def read_kind_model(path: str | Path | None = None) -> KindModel:
    """The sentence-kind model in ``path``, by default the one in the package.

    Raises
    ------
    ParserModelError
        The file is missing, unreadable, or was written for other features.
    """
    try:
        if path is None:
            text = resources.files("litmap").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, ValueError) as err:
        raise ParserModelError(f"cannot read the sentence-kind model {path or MODEL_FILE}: {err}") from err
    missing = [key for key in ("classes", "intercept", "weights") if key not in data] if isinstance(data, dict) else []
    if not isinstance(data, dict) or missing:
        what = f"lacks {', '.join(missing)}" if missing else "is not a JSON object"
        raise ParserModelError(
            f"the sentence-kind model {path or MODEL_FILE} {what}: rebuild it with tools/train_sentence_kinds.py"
        )
    if data.get("features_version") != FEATURES_VERSION:
        raise ParserModelError(
            f"the sentence-kind model {path or MODEL_FILE} was trained with features version "
            f"{data.get('features_version')}, this litmap reads version {FEATURES_VERSION}: "
            "rebuild it with tools/train_sentence_kinds.py"
        )
    return KindModel(tuple(data["classes"]), data["intercept"], data["weights"], data.get("meta", {}))


def write_kind_model(model: KindModel, path: str | Path) -> Path:
    """Write a model as JSON (rounded weights, sorted keys, so a rebuild diffs cleanly)."""
    path = Path(path)
    path.write_text(json.dumps(model.to_dict(), sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    return path


@lru_cache(maxsize=1)
def _package_model() -> KindModel:
    return read_kind_model()


def _other_detail(text: str) -> str | None:
    if CUES["definition"].search(text):
        return "definition"
    if CUES["imagine"].search(text):
        return "example"
    return None


#: A finite verb, for telling a sentence from a byline, a table cell or a caption remnant.
_FINITE_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|had|did|does|do|can|could|will|would|may|might|must|should|[a-z]{3,}ed)\b"
)
_PAGE_WORDS = re.compile(r"@|https?:|www\.|\b(?:department|university|institute|hospital|school of|faculty)\b", re.I)


def reads_as_sentence(text: str) -> bool:
    """Whether a sentence is prose: a capital first, a full stop last, four words or more, a finite
    verb, and no address or affiliation. The model's furniture class is learnt mostly from bylines,
    cells and headings, and takes short sentences of prose for them ("Men showed vulnerability.").

    >>> reads_as_sentence("Men showed vulnerability in care."), reads_as_sentence("Department of Psychiatry, LMU Munich.")
    (True, False)
    """
    t = text.strip()
    return (
        bool(re.match(r"^[\"“‘(]?[A-Z]", t))
        and bool(re.search(r"[.!][\"”’)]?$", t))
        and len(WORD.findall(t)) >= 4
        and bool(_FINITE_VERB.search(t))
        and not _PAGE_WORDS.search(t)
    )


def decide_kind(probabilities: dict[str, float]) -> tuple[str, str | None, float]:
    """(kind, detail, confidence) from the model's class probabilities.

    A claim or a finding when the two together reach :data:`THRESHOLD` (whichever is likelier);
    else the likeliest of method, other and furniture.

    >>> decide_kind({"claim": 0.3, "finding": 0.25, "method": 0.4, "other": 0.05, "furniture": 0.0})
    ('claim', None, 0.55)
    """
    p = {c: probabilities.get(c, 0.0) for c in MODEL_CLASSES}
    if p["claim"] + p["finding"] >= THRESHOLD:
        kind = "claim" if p["claim"] >= p["finding"] else "finding"
        return kind, None, round(p["claim"] + p["finding"], 3)
    best = max(("method", "other", "furniture"), key=lambda c: p[c])
    if best == "furniture":
        return "other", "furniture", round(p[best], 3)
    return best, None, round(p[best], 3)


def compute_rule_kinds(sentences: pd.DataFrame) -> list[tuple[str, str] | None]:
    """The (kind, detail) a rule gives each sentence, None where the model decides
    (:func:`litmap.parse.kind_rules.rule_kind`, with the first sentence of each paragraph)."""
    texts, parts, paragraphs = (sentences[c].tolist() for c in ("text", "part", "paragraph"))
    sections = sentences["section"].tolist()
    firsts: dict = {}
    for p, text in zip(paragraphs, texts):
        firsts.setdefault(p, text)
    # A back-matter block run into the last section ("ARTICLE INFORMATION Accepted for Publication: …",
    # then "Disclaimer: …" and a supplement's contents): what follows a labelled paragraph in the
    # same section is back matter too, once past the first half of the article.
    n = max(1, len(texts))
    back_from: dict = {}
    for k, (p, section) in enumerate(zip(paragraphs, sections)):
        if k / n >= 0.5 and section not in back_from and texts[k] == firsts[p] and opens_back_matter(texts[k]):
            back_from[section] = k
    return [
        rule_kind(
            text,
            part="backmatter" if back_from.get(section, n) <= k else part,
            paragraph_first=firsts[p],
        )
        for k, (text, part, p, section) in enumerate(zip(texts, parts, paragraphs, sections))
    ]


def compute_kinds(sentences: pd.DataFrame, *, model: KindModel | None = None) -> pd.DataFrame:
    """``kind``, ``detail`` and ``confidence`` of each sentence of one article.

    ``sentences`` holds the article's sentences in reading order with ``section``, ``part``,
    ``paragraph``, ``text`` and ``n_citations``. A rule's decision has confidence 1. The model may
    call a sentence furniture only when it cites nothing: a cited sentence leaves the claims table
    only by a rule's decision (a byline's affiliation marks, a referee report).
    """
    model = model or _package_model()
    rows = []
    features = compute_kind_features(sentences)
    for f, rule, text in zip(features, compute_rule_kinds(sentences), sentences["text"].tolist()):
        if rule is not None:
            rows.append({"kind": rule[0], "detail": rule[1], "confidence": 1.0})
            continue
        probabilities = model.probabilities(f)
        kind, detail, confidence = decide_kind(probabilities)
        if detail == "furniture" and reads_as_sentence(text):
            # prose is not page furniture unless a rule says so: the likeliest of the other classes
            rest = 1.0 - probabilities.get("furniture", 0.0)
            kind, detail, confidence = decide_kind(
                {c: (p / rest if rest > 0 else 0.0) for c, p in probabilities.items() if c != "furniture"}
            )
        if detail == "furniture" and f["cited"]:
            detail = None  # only a rule may call a cited sentence furniture and keep it from the claims table
        if kind == "other" and detail is None:
            detail = _other_detail(text)
        rows.append({"kind": kind, "detail": detail, "confidence": confidence})
    return pd.DataFrame(rows, index=sentences.index, columns=["kind", "detail", "confidence"])


__all__ = [
    "DETAILS",
    "KINDS",
    "MODEL_CLASSES",
    "THRESHOLD",
    "KindModel",
    "compute_kind_features",
    "compute_kinds",
    "compute_rule_kinds",
    "decide_kind",
    "narrates_present",
    "read_kind_model",
    "reads_as_sentence",
    "sentence_features",
    "to_past_tense",
    "write_kind_model",
]
