"""Topics: which themes each claim is about, from a small taxonomy of signal words.

A taxonomy is a YAML file (or dict) listing topics, each with a ``key``, a ``label``, a
one-line ``description`` and the ``terms`` (words and phrases) that signal it. A claim is
about a topic when a term appears in its section heading or in its own words. Matching is
deliberately transparent: lower case, whole words, simple plurals (``emotion`` matches
``emotions``, ``strategy`` matches ``strategies``) and a trailing ``*`` for a prefix
(``validat*`` matches ``validate``, ``validating``, ``validation``). The score is the number
of distinct terms found, a heading match counting :data:`HEADING_WEIGHT` times, so a reader can
always see why a claim got a topic (the ``evidence`` column).

Without a taxonomy, litmap finds the article's own topics (:func:`litmap.discover_topics`) and
matches the claims against them by the same rule; :func:`write_taxonomy` writes any taxonomy,
discovered or not, back to YAML for a user to edit and pass again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from litmap.errors import TaxonomyError
from litmap.schemas import CITATIONS, CLAIM_TOPICS, CLAIMS, SOURCE_TOPICS
from litmap.works import id_order

#: A term found in the section heading counts this many times the same term in the sentence.
HEADING_WEIGHT = 2.0

_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


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
    elif isinstance(source, Mapping):
        data = source
    else:
        raise TaxonomyError(f"taxonomy must be a path, dict, Taxonomy or None, not {type(source).__name__}")
    return _validate(data, where)


def _load_yaml(text: str, where: str):
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise TaxonomyError(f"{where}: not valid YAML: {err}") from err


def _validate(data, where: str) -> Taxonomy:
    if not isinstance(data, Mapping) or "topics" not in data:
        raise TaxonomyError(f"{where}: expected a mapping with a 'topics' list")
    raw_topics = data["topics"]
    if not isinstance(raw_topics, list) or not raw_topics:
        raise TaxonomyError(
            f"{where}: 'topics' must be a non-empty list: add at least one topic, "
            "or leave out the file to use the article's discovered topics"
        )
    topics, seen = [], set()
    for i, item in enumerate(raw_topics, start=1):
        name = f"topic #{i}"
        if not isinstance(item, Mapping):
            raise TaxonomyError(f"{where}: {name}: expected a mapping with key, label, description, terms")
        key = item.get("key")
        if not isinstance(key, str) or not _KEY.match(key):
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


def _word_pattern(word: str) -> str:
    if word.endswith("*"):
        return re.escape(word[:-1]) + r"[\w-]*"
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return re.escape(word[:-1]) + "(?:y|ies)"
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


def _compiled(taxonomy: Taxonomy) -> list[tuple[Topic, list[tuple[str, re.Pattern]]]]:
    return [(t, [(term, term_pattern(term)) for term in t.terms]) for t in taxonomy.topics]


def compute_topics(
    claims: pd.DataFrame, taxonomy=None, *, min_score: float = 1.0, title: str | None = None
) -> pd.DataFrame:
    """Assign topics to claims from their section heading and their own words.

    Parameters
    ----------
    claims
        The claims table (CLAIMS schema).
    taxonomy
        Anything :func:`read_taxonomy` accepts; None to discover the article's own topics
        first (:func:`litmap.discover_topics`).
    min_score
        Smallest score for a topic to be kept.
    title
        With no taxonomy: the article's title, so a first section named after it is no theme.

    Returns
    -------
    DataFrame
        CLAIM_TOPICS: one row per (claim, topic), several per claim allowed, claims with no
        topic absent; sorted by claim then score.
    """
    CLAIMS.validate(claims)
    tax = read_taxonomy(taxonomy)
    if tax is None:
        from litmap.discovery import discover_topics

        tax = discover_topics(claims, title=title)
    compiled = _compiled(tax)
    rows = []
    for claim_id, section, text in zip(claims["claim_id"], claims["section"], claims["text"]):
        heading = "" if pd.isna(section) else str(section)
        body = "" if pd.isna(text) else str(text)
        for topic, patterns in compiled:
            in_heading = [term for term, pat in patterns if pat.search(heading)]
            in_text = [term for term, pat in patterns if pat.search(body)]
            score = HEADING_WEIGHT * len(in_heading) + len(in_text)
            if score < min_score or score == 0:
                continue
            evidence = "; ".join(
                part
                for part in (
                    f"heading: {', '.join(in_heading)}" if in_heading else "",
                    f"text: {', '.join(in_text)}" if in_text else "",
                )
                if part
            )
            rows.append(
                {"claim_id": claim_id, "topic": topic.key, "label": topic.label, "score": score, "evidence": evidence}
            )
    out = CLAIM_TOPICS.from_records(rows)
    order = {k: i for i, k in enumerate(tax.keys)}
    return (
        out.assign(_order=out["topic"].map(order))
        .sort_values(["claim_id", "score", "_order"], ascending=[True, False, True], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


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
            lines.append(f"# {topic.key}: {len(claims)} claims" + (f" ({', '.join(claims)})" if claims else ""))
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


def compute_topic_counts(claim_topics: pd.DataFrame) -> pd.DataFrame:
    """How many claims each topic holds, most first; a tie goes to the topic the article reaches first.

    Parameters
    ----------
    claim_topics
        CLAIM_TOPICS, from :func:`compute_topics`.

    Returns
    -------
    DataFrame
        ``topic``, ``label``, ``n_claims``: one row per topic some claim has (none for an article
        without topics).

    Examples
    --------
    >>> claim_topics = CLAIM_TOPICS.from_records([
    ...     {"claim_id": "C01", "topic": "sleep", "label": "Sleep", "score": 1.0, "evidence": "text: sleep"},
    ...     {"claim_id": "C02", "topic": "diet", "label": "Diet", "score": 1.0, "evidence": "text: diet"},
    ...     {"claim_id": "C03", "topic": "diet", "label": "Diet", "score": 2.0, "evidence": "heading: diet"},
    ... ])
    >>> compute_topic_counts(claim_topics)
       topic  label  n_claims
    0   diet   Diet         2
    1  sleep  Sleep         1
    """
    CLAIM_TOPICS.validate(claim_topics)
    reading = sorted(zip(claim_topics["claim_id"], claim_topics["topic"]), key=lambda pair: id_order(pair[0]))
    first_claim = {topic: n for n, (_, topic) in reversed(list(enumerate(reading)))}
    counts = claim_topics.groupby(["topic", "label"], sort=False)["claim_id"].nunique().reset_index(name="n_claims")
    counts["_first"] = counts["topic"].map(first_claim)
    counts = counts.sort_values(["n_claims", "_first", "topic"], ascending=[False, True, True], kind="stable")
    counts = counts.drop(columns="_first").reset_index(drop=True)
    return counts.astype({"topic": "string", "label": "string", "n_claims": "Int64"})


def largest_topic(claim_topics: pd.DataFrame) -> str | None:
    """The key of the topic with most claims (see :func:`compute_topic_counts`); None when no claim has a topic.

    Notebooks use it to pick an example from the article itself instead of naming a topic.

    >>> largest_topic(CLAIM_TOPICS.empty()) is None
    True
    """
    counts = compute_topic_counts(claim_topics)
    return None if counts.empty else str(counts.at[0, "topic"])


def compute_source_topics(claim_topics: pd.DataFrame, citations: pd.DataFrame) -> pd.DataFrame:
    """Give each source the topics of the claims that cite it.

    Returns
    -------
    DataFrame
        SOURCE_TOPICS: one row per (ref_id, topic) with the number and ids of citing claims.
    """
    CLAIM_TOPICS.validate(claim_topics)
    CITATIONS.validate(citations)
    links = citations.loc[citations["ref_id"].notna(), ["claim_id", "ref_id"]].drop_duplicates()
    merged = links.merge(claim_topics[["claim_id", "topic", "label"]], on="claim_id", how="inner")
    if merged.empty:
        return SOURCE_TOPICS.empty()
    grouped = (
        merged.sort_values(["ref_id", "topic", "claim_id"])
        .groupby(["ref_id", "topic", "label"], sort=True)["claim_id"]
        .agg(list)
        .reset_index(name="claim_ids")
    )
    grouped["n_claims"] = grouped["claim_ids"].map(len)
    return SOURCE_TOPICS.coerce(grouped)


__all__ = [
    "HEADING_WEIGHT",
    "Taxonomy",
    "Topic",
    "compute_source_topics",
    "compute_topic_counts",
    "compute_topics",
    "format_taxonomy",
    "largest_topic",
    "read_taxonomy",
    "term_pattern",
    "write_taxonomy",
]
