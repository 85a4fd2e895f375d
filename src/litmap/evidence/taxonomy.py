"""Topic taxonomies: topics with their signal words, read from YAML (or a dict) and written back for editing.

A taxonomy lists topics, each with a ``key``, a ``label``, a one-line ``description`` and the
``terms`` (words and phrases) that signal it; :func:`litmap.compute_topics` matches claims against
it, and :func:`litmap.discover_topics` builds one from an article's own words. The file format is
described in ``data/topics/README.md``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from litmap.arguments import checked, instance
from litmap.errors import TaxonomyError
from litmap.schemas import CLAIM_TOPICS
from litmap.text import clean_text, counted
from litmap.values import id_order

__all__ = [
    "TAXONOMY_ARGUMENT",
    "Taxonomy",
    "Topic",
    "format_taxonomy",
    "read_taxonomy",
    "term_pattern",
    "write_taxonomy",
]

_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
#: Most topics a taxonomy may hold: each gets a slide, a reading list in five formats and a place in the
#: figures (2,000 topics ran past 10 minutes without writing a file); an article's own topics are a handful.
MAX_TOPICS = 200
#: Most terms in all: each is matched against every claim (20,000 terms: 7 s on the bundled article).
MAX_TERMS = 20_000
#: Most values (strings, numbers, lists, mappings) a taxonomy may hold once YAML's aliases are expanded:
#: nine anchors of nine aliases each make 387 million strings from a file of 600 bytes (a run was still
#: walking them when stopped at 60 s).
MAX_VALUES = 1_000_000


def _word_pattern(word: str) -> str:
    if word.endswith("*"):
        return re.escape(word[:-1]) + r"[\w-]*"
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return re.escape(word[:-1]) + "(?:y|ies)"
    if word.endswith("is") and len(word) > 4:  # "analysis", "hypothesis": "analyses", "hypotheses"
        return re.escape(word[:-2]) + "(?:is|es)"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return re.escape(word) + "(?:es)?"
    return re.escape(word) + "s?"


def term_pattern(term: str) -> re.Pattern:
    """The compiled regular expression that matches ``term`` (whole words, plurals, ``*`` prefix)."""
    words = term.lower().split()
    body = r"\s+".join(_word_pattern(w) for w in words[:-1]) if len(words) > 1 else ""
    last = _word_pattern(words[-1])
    # Inner words match exactly or as plurals too; only the last may carry '*'.
    joined = (body + r"\s+" + last) if body else last
    return re.compile(r"(?<![\w-])" + joined + r"(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class Topic:
    """One topic of a taxonomy: a key, a label, a one-line description and its signal terms."""

    key: str
    label: str
    description: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Taxonomy:
    """A named, ordered set of topics."""

    name: str
    description: str
    topics: tuple[Topic, ...]

    @property
    def keys(self) -> list[str]:
        return [t.key for t in self.topics]

    def __getitem__(self, key: str) -> Topic:
        for topic in self.topics:
            if topic.key == key:
                return topic
        raise KeyError(key)


#: The check of a ``taxonomy`` argument (:func:`litmap.arguments.checked`): a file, a dict or a Taxonomy.
TAXONOMY_ARGUMENT = instance(
    (str, Path, Mapping, Taxonomy, type(None)), "a YAML file path, a dict, a litmap.Taxonomy or None"
)


@checked(source=TAXONOMY_ARGUMENT)
def read_taxonomy(source: str | Path | Mapping | Taxonomy | None) -> Taxonomy | None:
    """Read and validate a topic taxonomy.

    Parameters
    ----------
    source
        A YAML file path, a dict with the same structure, or a :class:`Taxonomy` (returned as
        is). None is returned as None: no taxonomy, so :func:`compute_topics` discovers the
        article's own topics.

    Raises
    ------
    TaxonomyError
        When the file is not valid YAML or a topic lacks a field; the message names the topic
        and the field.

    Examples
    --------
    >>> tax = read_taxonomy({"topics": [{"key": "sleep", "label": "Sleep",
    ...                                  "description": "rest", "terms": ["sleep", "insomnia"]}]})
    >>> tax.keys
    ['sleep']
    """
    if source is None or isinstance(source, Taxonomy):
        return source
    where = "taxonomy"
    if isinstance(source, (str, Path)):
        path = Path(source)
        where = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as err:
            raise TaxonomyError(f"{where}: cannot read taxonomy file: {err}") from err
        data = _load_yaml(text, where)
    else:  # a Mapping: the door (TAXONOMY_ARGUMENT) let nothing else in
        data = source
    return _validate(data, where)


def _load_yaml(text: str, where: str):
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise TaxonomyError(f"{where}: not valid YAML: {err}") from err
    except RecursionError:  # thousands of nested lists: not a taxonomy, and no reason to crash
        raise TaxonomyError(f"{where}: not a taxonomy: its YAML is nested too deeply to read") from None


def _validate(data, where: str) -> Taxonomy:
    try:
        size = _expanded_size(data, {})
        if size > MAX_VALUES:
            raise TaxonomyError(
                f"{where}: not a taxonomy: its YAML aliases (*name) expand to {size:,} values; "
                f"litmap reads at most {MAX_VALUES:,}"
            )
        data = _cleaned(data)
    except RecursionError:  # a dict nested thousands deep, handed in from Python
        raise TaxonomyError(f"{where}: not a taxonomy: it is nested too deeply to read") from None
    if not isinstance(data, Mapping) or "topics" not in data:
        raise TaxonomyError(f"{where}: expected a mapping with a 'topics' list")
    raw_topics = data["topics"]
    if not isinstance(raw_topics, list) or not raw_topics:
        raise TaxonomyError(
            f"{where}: 'topics' must be a non-empty list: add at least one topic, "
            "or leave out the file to use the article's discovered topics"
        )
    if len(raw_topics) > MAX_TOPICS:
        raise TaxonomyError(
            f"{where}: {len(raw_topics):,} topics; litmap reads at most {MAX_TOPICS} (each gets its slide, its "
            "reading list and its place in the figures): merge some"
        )
    n_terms = sum(len(t["terms"]) for t in raw_topics if isinstance(t, Mapping) and isinstance(t.get("terms"), list))
    if n_terms > MAX_TERMS:
        raise TaxonomyError(
            f"{where}: {n_terms:,} terms in all; litmap reads at most {MAX_TERMS:,} (each is matched against "
            "every claim): keep the words that signal each topic best"
        )
    topics, seen = [], set()
    for i, item in enumerate(raw_topics, start=1):
        name = f"topic #{i}"
        if not isinstance(item, Mapping):
            raise TaxonomyError(f"{where}: {name}: expected a mapping with key, label, description, terms")
        key = item.get("key")
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            raise TaxonomyError(
                f"{where}: {name}: field 'key' must be lower-case letters, digits, '_' or '-', got {key!r}"
            )
        name = f"topic {key!r}"
        if key in seen:
            raise TaxonomyError(f"{where}: {name}: field 'key' is used twice")
        seen.add(key)
        for field in ("label", "description"):
            value = item.get(field)
            if not isinstance(value, str) or not value.strip():
                raise TaxonomyError(f"{where}: {name}: field {field!r} must be a non-empty string")
        terms = item.get("terms")
        if (
            not isinstance(terms, list)
            or not terms
            or not all(isinstance(t, str) and t.strip().strip("*").strip() for t in terms)
        ):
            raise TaxonomyError(f"{where}: {name}: field 'terms' must be a non-empty list of words or phrases")
        unknown = set(item) - {"key", "label", "description", "terms"}
        if unknown:
            raise TaxonomyError(f"{where}: {name}: unknown field(s) {sorted(unknown)}")
        topics.append(
            Topic(key, item["label"].strip(), item["description"].strip(), tuple(t.strip().lower() for t in terms))
        )
    return Taxonomy(str(data.get("name", where)), str(data.get("description", "")).strip(), tuple(topics))


def _expanded_size(value, sizes: dict) -> int:
    """How many values ``value`` holds with every shared list or mapping counted each time it is
    used (as YAML aliases are), in time linear in the distinct ones: ``sizes`` is keyed by ``id``."""
    if not isinstance(value, (Mapping, list)):
        return 1
    if id(value) not in sizes:
        items = list(value.values()) if isinstance(value, Mapping) else value
        sizes[id(value)] = 1 + sum(_expanded_size(v, sizes) for v in items)
    return sizes[id(value)]


def _cleaned(value):
    """``value`` with control characters and lone surrogates removed from its strings, where a
    taxonomy enters litmap: a YAML ``"\\x01"`` or ``"\\ud800"`` in a label ended the run in the
    GraphML or cache writer ("a bug"). Depth is bounded by the YAML reader (too deep: refused)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, Mapping):
        return {k: _cleaned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    return value


def format_taxonomy(taxonomy: Taxonomy, *, claim_topics: pd.DataFrame | None = None) -> str:
    """A taxonomy as YAML in the format :func:`read_taxonomy` reads, for a person to edit.

    With ``claim_topics`` (from :func:`compute_topics`), a comment above each topic lists the
    claims it holds, so an editor sees what renaming, merging or dropping it changes.

    Examples
    --------
    >>> tax = read_taxonomy({"name": "mine", "topics": [{"key": "sleep", "label": "Sleep",
    ...                      "description": "Rest.", "terms": ["sleep", "insomnia"]}]})
    >>> print(format_taxonomy(tax))  # doctest: +NORMALIZE_WHITESPACE
    # Topic taxonomy (format: data/topics/README.md in litmap's repository). Edit labels and
    # terms, merge or drop topics, then pass this file with --topics (litmap.read_taxonomy).
    name: mine
    description: ''
    topics:
    - key: sleep
      label: Sleep
      description: Rest.
      terms: [sleep, insomnia]
    >>> read_taxonomy(yaml.safe_load(format_taxonomy(tax))) == tax
    True
    """
    held: dict[str, list[str]] = {}
    if claim_topics is not None:
        CLAIM_TOPICS.validate(claim_topics)
        for topic, claim in zip(claim_topics["topic"], claim_topics["claim_id"]):
            held.setdefault(topic, []).append(str(claim))
    lines = [
        "# Topic taxonomy (format: data/topics/README.md in litmap's repository). Edit labels and",
        "# terms, merge or drop topics, then pass this file with --topics (litmap.read_taxonomy).",
        _dump({"name": taxonomy.name}),
        _dump({"description": taxonomy.description}),
        "topics:" if taxonomy.topics else "topics: []  # no topics: add some, or the file will not read",
    ]
    for topic in taxonomy.topics:
        if claim_topics is not None:
            claims = sorted(set(held.get(topic.key, [])), key=id_order)
            lines.append(
                f"# {topic.key}: {counted(len(claims), 'claim')}" + (f" ({', '.join(claims)})" if claims else "")
            )
        item = {"key": topic.key, "label": topic.label, "description": topic.description}
        block = _dump([item]).splitlines()
        terms = yaml.safe_dump(list(topic.terms), default_flow_style=True, allow_unicode=True, width=10**6).strip()
        lines += block + [f"  terms: {terms}"]
    return "\n".join(lines) + "\n"


def _dump(data) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False).strip()


def write_taxonomy(taxonomy: Taxonomy, path: str | Path, *, claim_topics: pd.DataFrame | None = None) -> Path:
    """Write a taxonomy as editable YAML (see :func:`format_taxonomy`); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(format_taxonomy(taxonomy, claim_topics=claim_topics), encoding="utf-8")
    return path
