"""Topics: which themes each claim is about, from a small taxonomy of signal words.

A taxonomy is a YAML file (or dict) listing topics, each with a ``key``, a ``label``, a
one-line ``description`` and the ``terms`` (words and phrases) that signal it. A claim is
about a topic when a term appears in its section heading or in its own words. Matching is
deliberately transparent: lower case, whole words, simple plurals (``emotion`` matches
``emotions``, ``strategy`` matches ``strategies``, ``analysis`` matches ``analyses``) and a trailing ``*`` for a prefix
(``validat*`` matches ``validate``, ``validating``, ``validation``). The score is the number
of distinct terms found, a heading match counting :data:`HEADING_WEIGHT` times, so a reader can
always see why a claim got a topic (the ``evidence`` column).

Without a taxonomy, litmap finds the article's own topics (:func:`litmap.discover_topics`) and
matches the claims against them by the same rule; :func:`write_taxonomy` writes any taxonomy,
discovered or not, back to YAML for a user to edit and pass again.
"""

from __future__ import annotations

import re

import pandas as pd

from litmap.evidence.discovery import discover_topics
from litmap.evidence.taxonomy import Taxonomy, Topic, read_taxonomy, term_pattern
from litmap.schemas import CITATIONS, CLAIM_TOPICS, CLAIMS, SOURCE_TOPICS
from litmap.values import id_order

#: A term found in the section heading counts this many times the same term in the sentence.
HEADING_WEIGHT = 2.0


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
    "compute_source_topics",
    "compute_topic_counts",
    "compute_topics",
    "largest_topic",
    "term_pattern",
]
