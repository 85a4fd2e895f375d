"""Training data for the learned reference parser: labelled strings, their split, and training.

Two kinds of labelled data become token labels (see :mod:`litmap.parse.crf_model`):

- **span-labelled strings** (the shared gold set's ``anystyle-gold`` and ``grobid-citation``
  records): each verbatim gold span is found in the string and its tokens take its label;
- **printed entries with their fields** (the real-article corpora's ``truth.json`` files): each
  field value is found in the printed string (ignoring case, accents, spacing and punctuation)
  and its tokens take the field's label.

Tokens no span or field covers are ``other``. Every string belongs to one split, fixed by a hash
of its text (:func:`split_of`), so a string is in the same split whichever file it comes from.
Nothing here touches the network; only :func:`train_model` writes (the model file).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from litmap.parse.crf_hints import Aligner, names_span
from litmap.parse.crf_model import FEATURES_VERSION, Token, lexicon_hash, reference_features, tokenize_reference
from litmap.text import YEAR, fold_compact

#: Split of each string by the first 8 hex digits of its SHA-256, modulo 100.
SPLITS = (("train", 70), ("dev", 85), ("heldout", 100))
#: Licences whose texts may train a model shipped under the project's MIT licence.
OPEN_LICENCES = re.compile(r"^(?:CC\s?0|CC BY(?![^(]*-(?:NC|ND|SA)))", re.IGNORECASE)

# Gold-set label names -> the parser's labels (GROBID TEI names; AnyStyle names).
_GOLD_LABELS = {
    "author": "author",
    "editor": "editor",
    "translator": "note",
    "date": "year",
    "title": "title",
    "title[a]": "title",
    "journal": "container",
    "container-title": "container",
    "title[j]": "container",
    "collection-title": "note",
    "volume": "volume",
    "biblScope[volume]": "volume",
    "biblScope[vol]": "volume",
    "biblScope[issue]": "issue",
    "pages": "pages",
    "biblScope[page]": "pages",
    "biblScope[pp]": "pages",
    "biblStruct[page]": "pages",
    "publisher": "publisher",
    "location": "place",
    "pubPlace": "place",
    "doi": "doi",
    "idno[DOI]": "doi",
    "url": "url",
    "ptr[web]": "url",
    "isbn": "isbn",
    "idno[ISBN]": "isbn",
    "orgName[collaboration]": "author",
    "citation-number": "other",
}
_NUMERIC = ("volume", "issue", "pages", "year")
_YEAR = re.compile(YEAR)


@dataclass
class LabelledString:
    """One training or test string: its text (normalised, numbering removed) and token labels.

    ``fields`` are the gold fields used for scoring (only fields printed in the string).
    """

    id: str
    source: str
    text: str
    tokens: list[Token]
    labels: list[str]
    fields: dict = field(default_factory=dict)
    raw: str = ""

    @property
    def split(self) -> str:
        return split_of(self.text)


def normalise_entry(text: str) -> str:
    """The form the parser sees (:func:`litmap.parse.references.entry_text`): normalised, numbering removed.

    Examples
    --------
    >>> normalise_entry("[3]  Smith J \u2013 a   title")
    'Smith J - a title'
    """
    from litmap.parse.references import entry_text  # references imports the parser lazily; no cycle at import

    return entry_text(text)[0]


def split_of(text: str) -> str:
    """``train``, ``dev`` or ``heldout``, fixed by a hash of the string (whitespace collapsed).

    The string is the entry as the parser sees it (:func:`normalise_entry`), so a reference
    printed with and without list numbering falls in one split.

    Examples
    --------
    >>> split_of("Smith, J. (2001). A title. Press.") == split_of("Smith,  J. (2001).  A title. Press.")
    True
    """
    key = " ".join(text.split())
    bucket = int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % 100
    return next(name for name, limit in SPLITS if bucket < limit)


def label_by_spans(record: dict) -> LabelledString:
    """Token labels of a gold-set record from its verbatim label spans (AnyStyle/GROBID names)."""
    text = normalise_entry(record["text"])
    tokens = tokenize_reference(text)
    labels = ["other"] * len(tokens)
    free = [True] * len(tokens)
    aligner = Aligner(tokens)
    spans = [(name, span) for name, values in record.get("labels", {}).items() for span in values]
    names = _gold_names(record.get("labels", {}), tokens, aligner)
    for name, span in sorted(spans, key=lambda item: -len(item[1])):  # long spans first: fewer false finds
        found = aligner.find(span, free)
        if found is None:
            continue
        for i in found:
            labels[i], free[i] = names.get(name, "note"), False
    _refine_numbers(tokens, labels, record.get("fields", {}), text)
    _unify_markers(tokens, labels)
    fields = _printed(record.get("fields", {}), text)
    return LabelledString(record["id"], record["source"], text, tokens, labels, fields, record["text"])


def _gold_names(spans: dict, tokens: list[Token], aligner: Aligner) -> dict[str, str]:
    """Label of each gold span name for this record (GROBID's title levels depend on each other)."""
    names = dict(_GOLD_LABELS)
    if "title[a]" not in spans and "title[m]" in spans:
        names["title[m]"] = "title"
        names["title[s]"] = "container" if "title[j]" not in spans else "note"
    else:
        names["title[m]"] = "container" if "title[j]" not in spans else "note"
        names["title[s]"] = "container" if not {"title[j]", "title[m]"} & set(spans) else "note"
    org = spans.get("orgName", [""])[0]
    starts = aligner.find(org, [True] * len(tokens)) if org else None
    names["orgName"] = "author" if starts is not None and starts.start == 0 else "publisher"
    return names


def _refine_numbers(tokens: list[Token], labels: list[str], fields: dict, text: str) -> None:
    """Split AnyStyle's 'volume(issue):pages' spans into volume, issue, pages and year tokens."""
    wanted = {name: fold_compact(str(fields[name])) for name in _NUMERIC if fields.get(name) is not None}
    keywords = {"vol", "volume", "v", "no", "nr", "n", "issue", "pp", "p", "num"}
    for i, token in enumerate(tokens):
        if labels[i] not in _NUMERIC:
            continue
        folded = fold_compact(token.text)
        if folded in keywords:
            labels[i] = "other"
            continue
        matches = [name for name, value in wanted.items() if value == folded]
        if len(matches) == 1:
            labels[i] = matches[0]
        elif matches:
            labels[i] = matches[0] if labels[i] not in matches else labels[i]
        elif _YEAR.fullmatch(token.text) and text[token.end : token.end + 1] == ";":
            labels[i] = "year"  # Vancouver "2019;14(3):153-60" labelled as one volume span


_MARKERS = {"in", "dans", "em", "en", "ed", "eds", "editor", "editors", "hrsg", "hg", "dir", "coord", "org", "orgs"}


def _unify_markers(tokens: list[Token], labels: list[str]) -> None:
    """'In', 'Eds.' and the like are ``other`` in every source (AnyStyle puts them inside spans)."""
    for i, token in enumerate(tokens):
        edge = i == 0 or labels[i - 1] != labels[i] or i + 1 == len(tokens) or labels[i + 1] != labels[i]
        if edge and labels[i] in ("container", "editor") and token.text.lower() in _MARKERS:
            labels[i] = "other"


def label_by_fields(entry: dict, *, source: str, id: str) -> LabelledString:
    """Token labels of a printed entry from its truth fields (real-article corpora)."""
    text = normalise_entry(entry["printed"])
    tokens = tokenize_reference(text)
    labels = ["other"] * len(tokens)
    free = [True] * len(tokens)
    aligner = Aligner(tokens)

    def mark(found: range | None, label: str) -> range | None:
        for i in found or ():
            labels[i], free[i] = label, False
        return found

    for i, token in enumerate(tokens):  # identifiers: the token that holds them
        doi, url = entry.get("doi"), entry.get("url")
        if doi and doi.lower() in token.text.lower():
            mark(range(i, i + 1), "doi")
        elif url and token.kind == "url" and fold_compact(token.text) == fold_compact(url):
            mark(range(i, i + 1), "url")
    people = "editor" if entry.get("authors_are_editors") else "author"
    names = mark(names_span(aligner, free, entry.get("authors") or []), people)
    after_names = names.stop if names else 0
    title = mark(aligner.find(entry.get("title") or "", free, after_names), "title")
    after_title = title.stop if title else after_names
    mark(names_span(aligner, free, entry.get("editors") or [], after_title), "editor")
    container = mark(aligner.find(entry.get("container") or "", free, after_title), "container")
    for name in ("publisher", "publisher_loc"):
        mark(aligner.find(entry.get(name) or "", free, after_title), "publisher" if name == "publisher" else "place")
    if entry.get("year"):
        mark(_year_token(tokens, free, int(entry["year"])), "year")
    after = container.stop if container else after_title
    for name in ("volume", "issue", "pages"):
        value = entry.get(name)
        if value:
            mark(aligner.find(value, free, after) or aligner.find(value, free, after_title), name)
    fields = {k: entry.get(k) for k in ("authors", "year", "title", "container", "volume", "issue", "pages", "doi")}
    fields["publisher"] = entry.get("publisher")
    return LabelledString(id, source, text, tokens, labels, _printed(fields, text), entry["printed"])


def _year_token(tokens: list[Token], free: list[bool], year: int) -> range | None:
    for i, token in enumerate(tokens):
        if free[i] and re.fullmatch(rf"{year}[a-z]?", token.text):
            return range(i, i + 1)
    return None


def _printed(fields: dict, text: str) -> dict:
    """The gold fields a parser can be asked for: those whose value is printed in ``text``."""
    folded = fold_compact(text)
    out = {}
    for name, value in fields.items():
        if value in (None, "", []):
            continue
        if name == "authors":
            people = [p for p in value if fold_compact(p.get("family") or p.get("literal") or "") in folded]
            if len(people) == len(value):
                out[name] = value
        elif fold_compact(str(value)) in folded:
            out[name] = value
    return out


def read_gold(path: str | Path, sources: Iterable[str] = ("anystyle-gold", "grobid-citation")) -> list[LabelledString]:
    """The span-labelled records of the shared gold set (``references-gold.jsonl``)."""
    keep = set(sources)
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            if record["source"] in keep:
                out.append(label_by_spans(record))
    return out


def read_truth_labels(folder: str | Path, *, source: str) -> list[LabelledString]:
    """The reference entries of the truth files (``*/truth.json`` or ``*.truth.json``) of a folder of
    real articles with an open licence, as labelled strings (not :func:`litmap.read_corpus`, which
    opens a corpus store).

    Items under licences that forbid commercial use or require share-alike (the OpenStax sections,
    CC BY-NC-SA) are skipped: a model trained on them could not ship under the project's licence.
    """
    folder = Path(folder)
    out = []
    for path in sorted([*folder.glob("*/truth.json"), *folder.glob("*.truth.json")]):
        truth = json.loads(path.read_text(encoding="utf-8"))
        if not OPEN_LICENCES.match(truth.get("licence", "")):
            continue
        for entry in truth["references"]:
            out.append(label_by_fields(entry, source=source, id=f"{truth['id']}#{entry['n']}"))
    return out


def data_paths(shared: str | Path) -> tuple[Path, Path, Path]:
    """Where the labelled data sit under a ``shared`` folder: gold set, HTML corpus, PDF corpus."""
    shared = Path(shared)
    return shared / "benchmarks" / "references-gold.jsonl", shared / "corpus", shared / "corpus-pdf"


def missing_data(shared: str | Path) -> Path | None:
    """The first data file or folder missing under ``shared``, or None when all are there."""
    return next((path for path in data_paths(shared) if not path.exists()), None)


def iter_labelled(shared: str | Path) -> Iterator[LabelledString]:
    """Every labelled string under a ``shared`` folder, in a fixed order: the gold set, then both corpora."""
    gold, corpus, corpus_pdf = data_paths(shared)
    yield from read_gold(gold)
    yield from read_truth_labels(corpus, source="corpus")
    yield from read_truth_labels(corpus_pdf, source="corpus-pdf")


#: Confidence (sequence probability) below which a parse says it is uncertain. Chosen on dev.
CONFIDENCE_THRESHOLD = 0.5
#: CRFsuite settings (L-BFGS; c1 keeps the model small by zeroing weak features). Chosen on dev.
TRAINING_PARAMS = {
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 200,
    "feature.possible_transitions": True,
}


#: One training string in this many (by hash) is also given without the rules' hints, so the
#: model does not lean on the rules alone (they were tuned on some of these strings). Chosen by
#: cross-validation over train+dev.
HINT_DROPOUT = 4


def without_hints(text: str) -> bool:
    """True for the training strings that are given a second time without the rules' hints.

    Examples
    --------
    >>> sum(without_hints(f"Entry {i}.") for i in range(1000)) // 100
    2
    """
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:2], 16) % HINT_DROPOUT == 0


def train_model(strings: Iterable[LabelledString], path: str | Path, params: dict | None = None) -> Path:
    """Train a CRF on ``strings`` (in the order given) and write it to ``path``; deterministic.

    Each string is given with the rules' hints (:mod:`litmap.parse.crf_hints`); one in
    :data:`HINT_DROPOUT` is given a second time without them.
    """
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for item in strings:
        if item.tokens:
            trainer.append(reference_features(item.text, item.tokens), item.labels)
            if without_hints(item.text):
                trainer.append(reference_features(item.text, item.tokens, [None] * len(item.tokens)), item.labels)
    trainer.set_params({**TRAINING_PARAMS, **(params or {})})
    path = Path(path)
    trainer.train(str(path))
    return path


def model_metadata(strings: list[LabelledString], model: bytes, threshold: float) -> dict:
    """What the shipped model was built from, for its JSON sidecar."""
    counts: dict[str, int] = {}
    for item in strings:
        counts[item.source] = counts.get(item.source, 0) + 1
    return {
        "name": "reference-parser",
        "features_version": FEATURES_VERSION,
        "lexicon_sha256": lexicon_hash(),
        "model_sha256": hashlib.sha256(model).hexdigest(),
        "trained_on": dict(sorted(counts.items())),
        "splits": [name for name in ("train", "dev") if any(s.split == name for s in strings)],
        "params": TRAINING_PARAMS,
        "hint_dropout": HINT_DROPOUT,
        "threshold": threshold,
    }


__all__ = [
    "CONFIDENCE_THRESHOLD",
    "HINT_DROPOUT",
    "OPEN_LICENCES",
    "SPLITS",
    "TRAINING_PARAMS",
    "LabelledString",
    "data_paths",
    "iter_labelled",
    "missing_data",
    "label_by_fields",
    "label_by_spans",
    "model_metadata",
    "normalise_entry",
    "read_truth_labels",
    "read_gold",
    "split_of",
    "train_model",
    "without_hints",
]
