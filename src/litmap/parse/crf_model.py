"""The learned reference labeller: tokens, their features, and a CRF that names each token's field.

A reference entry is cut into word tokens (letters and digits, with inner hyphens and
apostrophes; a DOI or URL is one token); the punctuation between tokens is not labelled but
becomes a feature of the words on either side, as in AnyStyle. Each token is described by its
shape, the punctuation around it, its position, capitalisation, digits, word lists
(``data/reference-lexicons.txt``: journal abbreviation words, publishers, places, months,
particles, "et al.", "In", "Eds."…), what the rules are sure of (DOI, URL, ISBN, a year in
parentheses) and where the regex rules' parse puts it (title, container or publisher;
:mod:`litmap.parse.crf_hints`), so the model learns when to trust the rules. A linear-chain conditional random field (CRFsuite, through python-crfsuite)
trained on labelled reference strings (``tools/train_parser.py``) gives each token one of
:data:`LABELS`. :mod:`litmap.parse.crf_fields` turns the labelled spans into the fields of a reference.

The model ships in the package (``data/reference-parser.crfsuite`` with its metadata in
``reference-parser.json``) and is loaded on first use, not on import.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from litmap.errors import ParserModelError
from litmap.parse.crf_hints import Token, rule_hints
from litmap.text import ISBN, YEAR

#: The labels a token can get. ``other`` is list numbering, "In", "pp.", link labels and the like.
LABELS = (
    "author",
    "year",
    "title",
    "container",
    "volume",
    "issue",
    "pages",
    "publisher",
    "place",
    "editor",
    "doi",
    "url",
    "isbn",
    "note",
    "other",
)
#: Bumped whenever the features change meaning; a model trained with other features will not load.
FEATURES_VERSION = 3
MODEL_NAME = "reference-parser"

_URL = r"(?:https?://|www\.)[^\s<>\"]+"
_DOI = r"10\.\d{4,9}/[^\s\"<>]+"
_WORD = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:/\d+)+|[^\W_]+(?:['\u2019\-][^\W_]+)*"
TOKEN = re.compile(rf"(?P<url>{_URL})|(?P<doi>{_DOI})|(?P<word>{_WORD})")
_TRAILING = ".,;:)]}>'\""
_YEAR = re.compile(YEAR + r"[a-z]?")
_ROMAN = re.compile(r"(?i)^(?=[ivxlc])m*(?:c[md]|d?c{0,3})(?:x[cl]|l?x{0,3})(?:i[xv]|v?i{0,3})$")


def tokenize_reference(text: str) -> list[Token]:
    """Cut an entry into word tokens; a DOI or URL is one token, punctuation is left between them.

    Examples
    --------
    >>> [t.text for t in tokenize_reference("Smith, J. (2001). Title. J Med 1(2):3-14. doi:10.1000/x.y")]
    ['Smith', 'J', '2001', 'Title', 'J', 'Med', '1', '2', '3-14', 'doi', '10.1000/x.y']
    """
    tokens = []
    for m in TOKEN.finditer(text):
        kind = m.lastgroup or "word"
        start, end = m.span()
        if kind != "word":
            while end > start + 1 and text[end - 1] in _TRAILING:
                end -= 1
        tokens.append(Token(text[start:end], start, end, kind))
    return tokens


@lru_cache(maxsize=1)
def read_lexicons() -> dict[str, frozenset[str]]:
    """The word lists of ``data/reference-lexicons.txt``, by name (read once)."""
    return _parse_lexicons(_lexicon_text())


def _lexicon_text() -> str:
    return resources.files("litmap").joinpath("data", "reference-lexicons.txt").read_text(encoding="utf-8")


def _parse_lexicons(text: str) -> dict[str, frozenset[str]]:
    lists: dict[str, set[str]] = {}
    current = None
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            current = lists.setdefault(line[1:-1], set())
        elif line and current is not None:
            current.update(line.lower().split())
    return {name: frozenset(words) for name, words in lists.items()}


def lexicon_hash() -> str:
    """SHA-256 of the word lists: the model remembers it, so lists and model stay in step."""
    return hashlib.sha256(_lexicon_text().encode("utf-8")).hexdigest()


def _shape(word: str) -> str:
    out = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:6]


@lru_cache(maxsize=50_000)
def _word_features(word: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Features of a word on its own, and the same seen from the token before and after it."""
    lower = word.lower()
    shape = _shape(word)
    n = len(word)
    own = [f"w={lower}", f"sh={shape}", f"len={min(n, 8)}", f"suf={lower[-3:]}", f"pre={lower[:2]}"]
    if word[0].isupper():
        own.append("cap")
        if n > 1 and word.isupper():
            own.append("caps")
    if word.isdigit():
        own.append(f"num{min(n, 5)}")
        if _YEAR.fullmatch(word):
            own.append("year")
    elif any(ch.isdigit() for ch in word):
        own.append("hasdigit")
        if _YEAR.fullmatch(word):
            own.append("year")
    if "-" in word:
        own.append("hyph")
    if _ROMAN.match(word):
        own.append("roman")
    lexicons = read_lexicons()
    key = lower.replace("\u2019", "'")
    tags = [f"lex={name}" for name, words in lexicons.items() if key in words]
    own.extend(tags)
    brief = [f"w={lower}", f"sh={shape}", *tags]
    return tuple(own), tuple("-1" + f for f in brief), tuple("+1" + f for f in brief)


def _gap(text: str, start: int, end: int) -> str:
    """The punctuation between two tokens, spaces shown as '_' (at most 4 characters)."""
    return text[start:end].replace(" ", "_")[:4] or "0"


def reference_features(
    text: str, tokens: list[Token] | None = None, hints: list[str | None] | None = None
) -> list[list[str]]:
    """One list of feature names per token of ``text``, in the form CRFsuite takes.

    Each token has its own features (:func:`_word_features`), the main ones of the words before
    and after it, the punctuation on either side, its position, whether it stands inside
    quotes or brackets or after the first year, and the field the regex rules put it and its
    neighbours in (``hints``, by default :func:`litmap.parse.crf_hints.rule_hints`; a list of None
    gives none, as for the training strings shown without them).

    Examples
    --------
    >>> feats = reference_features("Smith J (2001) Title.")
    >>> "year" in feats[2] and "pyear" in feats[2] and "gb=_(" in feats[2]
    True
    >>> "r=title" in feats[3] and "-1r=None" in feats[3]
    True
    """
    tokens = tokenize_reference(text) if tokens is None else tokens
    n = len(tokens)
    if not n:
        return []
    hints = rule_hints(text, tokens) if hints is None else hints
    words = [_word_features(t.text) if t.kind == "word" else _ID_FEATURES[t.kind] for t in tokens]
    gaps = [_gap(text, tokens[i - 1].end if i else 0, t.start) for i, t in enumerate(tokens)]
    gaps.append(_gap(text, tokens[-1].end, len(text)))
    isbn = [(m.start(1), m.end(1)) for m in ISBN.finditer(text)]
    features: list[list[str]] = []
    quotes = parens = 0
    seen_year = False
    for i, token in enumerate(tokens):
        before, after = gaps[i], gaps[i + 1]
        if before not in _PLAIN_GAPS:  # quotes and brackets opened or closed before this word
            quotes += before.count('"')
            parens += before.count("(") + before.count("[") - before.count(")") - before.count("]")
        item = list(words[i][0])
        item += words[i - 1][1] if i else ("BOS",)
        item += words[i + 1][2] if i + 1 < n else ("EOS",)
        item += (f"gb={before}", f"ga={after}", f"pos={10 * i // n}", f"w2={words[i - 2][0][0] if i > 1 else 'BOS'}")
        if i + 2 < n:
            item.append(f"+2{words[i + 2][0][0]}")
        if i < 2:
            item.append(f"first{i}")
        if quotes % 2:
            item.append("inq")
        if parens > 0:
            item.append("inpar")
        if seen_year:
            item.append("afteryear")
        if "year" in words[i][0]:
            seen_year = True
            if before.endswith("(") and after[:1] in ")[,":
                item.append("pyear")
        if isbn and any(a <= token.start < b for a, b in isbn):
            item.append("isbn")
        item += (f"r={hints[i]}", f"-1r={hints[i - 1] if i else 'BOS'}", f"+1r={hints[i + 1] if i + 1 < n else 'EOS'}")
        features.append(item)
    return features


_PLAIN_GAPS = frozenset({"_", ",_", "._", ":_", ";_", "0", "-", ".", ",", "-_", "_-_"})
_ID_FEATURES = {kind: ((f"kind={kind}",), (f"-1kind={kind}",), (f"+1kind={kind}",)) for kind in ("doi", "url")}


@dataclass(frozen=True)
class LabelledReference:
    """An entry's tokens with the label the model gave each, and how sure it is.

    ``confidence`` is the probability the CRF gives the whole label sequence (0–1);
    ``marginals``, each token's probability of its label, are worked out only for an entry
    whose confidence is below the model's threshold (they explain the doubt), else empty.
    """

    text: str
    tokens: tuple[Token, ...]
    labels: tuple[str, ...]
    confidence: float
    marginals: tuple[float, ...] = ()

    def spans(self) -> dict[str, list[tuple[int, int]]]:
        """Character spans of each label, one per run of equally labelled tokens, in order.

        Examples
        --------
        >>> toks = tokenize_reference("Smith J. Title here")
        >>> LabelledReference("Smith J. Title here", tuple(toks), ("author", "author", "title", "title"), 1.0).spans()
        {'author': [(0, 7)], 'title': [(9, 19)]}
        """
        out: dict[str, list[tuple[int, int]]] = {}
        previous = None
        for token, label in zip(self.tokens, self.labels):
            runs = out.setdefault(label, [])
            if label == previous:
                runs[-1] = (runs[-1][0], token.end)
            else:
                runs.append((token.start, token.end))
            previous = label
        return out


class ParserModel:
    """The trained CRF and its metadata; :func:`load_parser_model` gives the shared instance."""

    def __init__(self, model: bytes, metadata: dict):
        import pycrfsuite  # a compiled extension: imported only when a reference is parsed

        if metadata.get("features_version") != FEATURES_VERSION or metadata.get("lexicon_sha256") != lexicon_hash():
            raise ParserModelError(
                "the reference-parser model was trained with other features or word lists; "
                "rebuild it with `make parser-model`"
            )
        self.metadata = metadata
        self._model = model  # CRFsuite reads the model from this buffer: it must live as long as the tagger
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open_inmemory(model)
        self._lock = threading.Lock()  # a tagger holds one sequence at a time

    @property
    def threshold(self) -> float:
        """Confidence below which a parse is reported as uncertain (chosen on the development split)."""
        return float(self.metadata.get("threshold", 0.5))

    def label(self, text: str) -> LabelledReference:
        """Label every token of ``text`` (normalised, numbering removed, as :func:`litmap.parse.references.entry_text`)."""
        tokens = tokenize_reference(text)
        if not tokens:
            return LabelledReference(text, (), (), 0.0)
        features = reference_features(text, tokens)
        with self._lock:
            self._tagger.set(features)
            labels = tuple(self._tagger.tag())
            confidence = self._tagger.probability(labels)
            marginals = ()
            if confidence < self.threshold:
                marginals = tuple(self._tagger.marginal(label, i) for i, label in enumerate(labels))
        return LabelledReference(text, tuple(tokens), labels, confidence, marginals)


@lru_cache(maxsize=4)
def load_parser_model(path: str | Path | None = None) -> ParserModel:
    """The shipped model (or the one at ``path``), read on first use and kept for the process.

    ``path`` names a ``.crfsuite`` file with its ``.json`` metadata beside it, as
    ``tools/train_parser.py`` writes them; by default the model inside the package.

    Raises
    ------
    ParserModelError
        When the model file is missing or was trained with other features.
    """
    if path is None:
        folder = resources.files("litmap").joinpath("data")
        model_file, meta_file = folder.joinpath(f"{MODEL_NAME}.crfsuite"), folder.joinpath(f"{MODEL_NAME}.json")
    else:
        model_file, meta_file = Path(path), Path(path).with_suffix(".json")
    try:
        model = model_file.read_bytes()
        metadata = json.loads(meta_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ParserModelError(f"cannot read the reference-parser model: {err}") from err
    return ParserModel(model, metadata)


def label_reference(text: str) -> LabelledReference:
    """Label the tokens of one normalised entry with the shipped model.

    Examples
    --------
    >>> labelled = label_reference("Smith, J. (2001). A study of things. Journal of Studies, 3, 1-9.")
    >>> dict(zip([t.text for t in labelled.tokens], labelled.labels))["Studies"]
    'container'
    """
    return load_parser_model().label(text)


__all__ = [
    "FEATURES_VERSION",
    "LABELS",
    "LabelledReference",
    "ParserModel",
    "ParserModelError",
    "Token",
    "label_reference",
    "lexicon_hash",
    "load_parser_model",
    "read_lexicons",
    "reference_features",
    "tokenize_reference",
]
