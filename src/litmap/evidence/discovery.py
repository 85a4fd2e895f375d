"""Topic discovery: an article's own themes, found in its claims and section headings.

litmap needs no taxonomy written for an article: :func:`discover_topics` reads the claims table
and returns a :class:`~litmap.evidence.topics.Taxonomy` in the same form as a hand-written YAML file. The
claims are then matched against it by the one transparent rule of :func:`litmap.compute_topics`,
and a user can export it, rename, merge or drop topics, and feed it back.

How, in four steps, each a rule a reader can check:

1. **Key phrases.** Each claim's sentence, its citations and cited names removed, is cut at stop
   words, numbers and punctuation; the runs left give phrases of one to three words. Variants
   share a Snowball stem, so "validated", "validating" and "validation" are one phrase (written
   ``validat*``). Only noun phrases count: a phrase must end its run and follow an article,
   preposition or modifier often enough ("the trust", "emotional processing"), which keeps out
   verbs ("was increased") and modifiers ("relatively"). A thematic section heading (not
   "Introduction", "Methods", "Participants"…) lends its phrases to the claims under it.
2. **Weights.** A phrase counts when two or more cited claims hold it, weighted by how many do,
   against how often it occurs in the article's uncited sentences (lift), a longer phrase a
   little more. A phrase in more than :data:`SUBJECT_SHARE` of the cited claims is the
   article's subject ("empathy" in an article on empathy), not one of its themes.
3. **Groups.** Phrases held by the same claims are grouped (agglomerative clustering of their
   claim-incidence vectors, cosine distance, average linkage; scikit-learn); each thematic
   heading is a group of its own. Groups are chosen greedily by the cited claims they add,
   headings first on a tie, up to 12.
4. **Labels** use the article's words: the heading itself when short (a leading verb such as
   "Establishing" dropped unless the cited claims use it), else the group's main phrase as the
   article writes it, or "X and Y" when the article pairs its two main words so.

Deterministic: no random state; ties are broken by order of first use in the article.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd

from litmap.arguments import checked, whole_number
from litmap.evidence.keyphrases import (
    LABEL_GENERIC_WORDS,
    Phrase,
    PhraseIndex,
    collect_phrases,
    is_generic,
    is_label_naming_something,
    is_thematic_heading,
    phrase_terms,
    stem,
    stopwords,
)
from litmap.evidence.taxonomy import Taxonomy, Topic, term_pattern
from litmap.schemas import CLAIMS
from litmap.text import counted

#: Fewest topics aimed for and most returned (fewer only when the article has fewer groups
#: of cited claims sharing a phrase).
MIN_TOPICS, MAX_TOPICS = 3, 12

#: A phrase held by more than this share of the cited claims is the article's subject.
SUBJECT_SHARE = 0.4

_LINK_DISTANCE = 0.6  # cosine distance under which two phrases' claim sets join one group
_TERMS_PER_TOPIC = 6
_HEADING_BONUS = 1.5  # a heading the author wrote outranks a group of phrases of equal reach


@checked(max_topics=whole_number(1))
def discover_topics(
    claims: pd.DataFrame, *, title: str | None = None, max_topics: int = MAX_TOPICS, keywords=()
) -> Taxonomy:
    """Find an article's own topics in its claims and section headings.

    Parameters
    ----------
    claims
        The CLAIMS table of one article. Cited claims carry the weight; uncited ones are the
        rest of the article the phrases are weighed against.
    title
        The article's title, so that a first "section" named after it is not taken for a theme.
    max_topics
        Most topics to return (at most :data:`MAX_TOPICS`).
    keywords
        The author keywords the article prints (:func:`litmap.evidence.keyphrases.article_keywords`):
        each that stands in a claim becomes a term of the topic that holds most of those claims,
        or a topic of its own while there is room.

    Returns
    -------
    Taxonomy
        Named ``discovered``: topics in the order chosen, each with a label in the article's
        words, a one-line description and the terms that define it. An article in which no
        phrase is shared by two cited claims gets no topics.

    Examples
    --------
    >>> from litmap.schemas import CLAIMS
    >>> claims = CLAIMS.from_records([
    ...     {"claim_id": "C01", "section": "Sleep and memory",
    ...      "text": "Sleep loss impairs memory consolidation [1].", "n_citations": 1},
    ...     {"claim_id": "C02", "section": "Sleep and memory",
    ...      "text": "The consolidation of memories needs deep sleep [2].", "n_citations": 1},
    ...     {"claim_id": "C03", "section": "Diet", "text": "A diet rich in fibre feeds gut bacteria [3].",
    ...      "n_citations": 1},
    ...     {"claim_id": "C04", "section": "Diet", "text": "Gut bacteria ferment the fibre [4].",
    ...      "n_citations": 1},
    ... ])
    >>> [(t.label, t.terms) for t in discover_topics(claims).topics]
    [('Sleep and memory', ('sleep', 'memory', 'consolidation')), ('Diet', ('diet', 'fibre', 'bacteria'))]
    """
    CLAIMS.validate(claims)
    max_topics = max(1, min(int(max_topics), MAX_TOPICS))
    cited = [str(c) for c in claims.loc[claims["n_citations"].fillna(0).astype(int) > 0, "claim_id"]]
    if not cited:
        return Taxonomy("discovered", "No cited claims to find topics in.", ())
    thematic = {h: _is_theme(h, title, claims) for h in claims["section"].dropna().unique()}
    phrases = collect_phrases(claims, thematic)
    weights = _weights(phrases, cited, len(claims))
    groups = _heading_groups(phrases, weights, claims, thematic, cited) + _phrase_groups(phrases, weights, cited)
    # A group none of whose phrases names a subject ("data", "risk", "increased") makes no topic:
    # leave it out before choosing, so that a group that can be named takes its place.
    groups = [g for g in groups if g.heading or any(is_label_naming_something(p.form()) for p in g.phrases)]
    chosen = _choose(groups, weights, cited, max_topics)
    _extend(chosen, phrases, weights, cited)
    return _with_keywords(_taxonomy(chosen, claims, weights), keywords, claims, cited, max_topics)


def _with_keywords(taxonomy: Taxonomy, keywords, claims: pd.DataFrame, cited: list[str], max_topics: int) -> Taxonomy:
    """The taxonomy with the author keywords that stand in claims added as terms or topics.

    A keyword stands in a claim as written (plurals too: "analysis", "analyses") or in the form the
    article writes its words ("comparative genomic analyses" for the keyword "comparative
    genomics"), and is added in that form. It joins the topic whose claims it shares most, else the
    topic whose label shares two of its words ("Selective pressure analysis" beside "Selective
    pressure variation"), else makes a topic of its own while there is room.
    """
    if not keywords:
        return taxonomy
    texts = {
        c: f"{'' if pd.isna(h) else h} {t}" for c, h, t in zip(claims["claim_id"], claims["section"], claims["text"])
    }
    topics = list(taxonomy.topics)
    held = [{c for c, x in texts.items() if any(term_pattern(t).search(x) for t in topic.terms)} for topic in topics]
    keys = {t.key for t in topics}
    for keyword in keywords:
        term = keyword.lower()
        pattern = term_pattern(term)
        holders = {c for c, x in texts.items() if pattern.search(x)}
        if not holders:
            term = _written_form(keyword, texts.values())
            pattern = term_pattern(term) if term else None
            holders = {c for c, x in texts.items() if pattern.search(x)} if pattern else set()
        if not holders or any(term == t for topic in topics for t in topic.terms):
            continue
        best = max(range(len(topics)), key=lambda i: len(held[i] & holders), default=None)
        if best is None or not held[best] & holders:
            best = next(
                (i for i, t in enumerate(topics) if len(_content_stems(t.label) & _content_stems(term)) >= 2), None
            )
        if best is not None:
            topic = topics[best]
            topics[best] = Topic(topic.key, topic.label, topic.description, (*topic.terms, term))
            held[best] |= holders
        elif len(topics) < max_topics and holders & set(cited) and is_label_naming_something(keyword):
            label = keyword if any(ch.isupper() for ch in keyword) else _sentence_case(keyword)
            key = _slug(label, keys)
            keys.add(key)
            topics.append(
                Topic(key, label, f"{counted(len(holders), 'claim')}, from the author keyword {keyword}", (term,))
            )
            held.append(holders)
    return Taxonomy(taxonomy.name, taxonomy.description, tuple(topics))


_WORD = re.compile(r"[^\W\d_][\w'-]*")


def _content_stems(text: str) -> set[str]:
    return {stem(w) for w in _WORD.findall(text.lower()) if w not in stopwords()}


def _written_form(keyword: str, texts) -> str | None:
    """The words of a claim whose stems are the keyword's, in a row, as the article writes them
    (lower case); None when no claim holds them.

    >>> _written_form("Comparative genomics", ["It simplifies comparative genomic analyses."])
    'comparative genomic'
    """
    want = [stem(w) for w in _WORD.findall(keyword.lower())]
    if not want:
        return None
    n = len(want)
    for text in texts:
        words = _WORD.findall(text.lower())
        stems = [stem(w) for w in words]
        for i in range(len(words) - n + 1):
            if stems[i : i + n] == want:
                return " ".join(words[i : i + n])
    return None


def _is_theme(heading: str, title: str | None, claims: pd.DataFrame) -> bool:
    """A heading that names a theme: not structure, not a question or a cut-off name, and not a
    section of procedure (most of its sentences in the claims table are cited methods)."""
    if not is_thematic_heading(heading, title) or not is_label_naming_something(_clean_heading(heading)):
        return False
    if "kind" not in claims:
        return True
    kinds = claims.loc[claims["section"] == heading, "kind"]
    return not len(kinds) or (kinds.isin(["method", "other"]).sum() / len(kinds)) < 0.5


def _weights(phrases: PhraseIndex, cited: list[str], n_all: int) -> dict[tuple, float]:
    """Weight of each phrase that two or more cited claims share (see the module docstring)."""
    cited_set, n_cited = set(cited), len(cited)
    n_rest = max(n_all - n_cited, 1)
    weights = {}
    for key, phrase in phrases.by_key.items():
        k = len(phrase.claims & cited_set)
        if k < 2 or _is_subject(phrase, cited_set) or not phrase.is_noun or is_generic(phrase):
            continue
        rest = len(phrase.text_claims - cited_set)
        lift = min(((k / n_cited) + 0.05) / ((rest / n_rest) + 0.05), 4.0)
        weights[key] = k * lift**0.5 * (1.0 + 0.5 * (len(key) - 1))
    return weights


def _is_subject(phrase: Phrase, cited: set[str]) -> bool:
    """Whether the phrase is the article's subject: in the sentences of too many cited claims."""
    return len(phrase.text_claims & cited) > max(2, SUBJECT_SHARE * len(cited))


@dataclass
class _Group:
    """A candidate topic: its phrases (best first), the cited claims they hold, its heading."""

    phrases: list[Phrase]
    claims: set[str]
    heading: str | None = None

    @property
    def first(self) -> int:
        return self.phrases[0].first


def _heading_groups(phrases, weights, claims, thematic, cited) -> list[_Group]:
    """One candidate per thematic heading that holds a cited claim: the phrases only it has."""
    cited_set = set(cited)
    in_headings = Counter(k for keys in phrases.heading_keys.values() for k in set(keys))
    groups = []
    for heading, keys in phrases.heading_keys.items():
        section_claims = set(claims.loc[claims["section"] == heading, "claim_id"]) & cited_set
        members = [
            phrases.by_key[k]
            for k in dict.fromkeys(keys)
            if in_headings[k] == 1
            and not is_generic(phrases.by_key[k])
            and not _is_subject(phrases.by_key[k], cited_set)
        ]
        if not members or not section_claims:
            continue
        members.sort(key=lambda p: (-weights.get(p.key, 0.0), -len(p.key), p.first))
        held = set().union(*(p.claims for p in members if p.key in weights)) & cited_set
        groups.append(_Group(members, held | section_claims, heading))
    return groups


def _phrase_groups(phrases, weights, cited) -> list[_Group]:
    """Phrases whose cited claims overlap, grouped by agglomerative clustering."""
    ranked = sorted(weights, key=lambda k: (-weights[k], phrases.by_key[k].first))[:150]
    candidates = [phrases.by_key[k] for k in ranked]
    if len(candidates) < 2:
        return [_Group(candidates, candidates[0].claims & set(cited))] if candidates else []
    # Average linkage, cut below the distance: SciPy's, which loads in a fraction of the time
    # scikit-learn's AgglomerativeClustering takes (the same clusters; a test compares them).
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    index = {c: i for i, c in enumerate(cited)}
    matrix = np.zeros((len(candidates), len(cited)))
    for row, phrase in enumerate(candidates):
        matrix[row, [index[c] for c in phrase.claims if c in index]] = 1.0
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    distance = np.clip(1.0 - matrix @ matrix.T, 0.0, 2.0)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform((distance + distance.T) / 2, checks=False), method="average")
    # Clusters join while their distance is below the threshold (not at it), as before.
    labels = fcluster(tree, t=np.nextafter(_LINK_DISTANCE, 0.0), criterion="distance")
    members: dict[int, list[Phrase]] = defaultdict(list)
    for label, phrase in zip(labels, candidates):
        members[int(label)].append(phrase)  # candidates are in weight order, so members are too
    cited_set = set(cited)
    return [_Group(m, set().union(*(p.claims for p in m)) & cited_set) for m in members.values()]


def _choose(groups: list[_Group], weights, cited, max_topics: int) -> list[_Group]:
    """Pick groups greedily by the cited claims they add.

    A heading the author wrote is a theme even when other topics already hold its claims; a
    group of phrases must add new claims (two, in an article of 20 or more cited claims).
    """

    def quality(group: _Group) -> float:
        best = max(weights.get(p.key, 0.0) for p in group.phrases) or 1.0
        return (best / len(group.claims)) ** 0.5 * (_HEADING_BONUS if group.heading else 1.0)

    least_new = 2 if len(cited) >= 20 else 1
    pool = sorted(groups, key=lambda g: (g.heading is None, g.first))
    chosen: list[_Group] = []
    covered: set[str] = set()
    while pool and len(chosen) < max_topics:
        best = max(
            pool, key=lambda g: ((len(g.claims - covered) + 0.25 * len(g.claims & covered)) * quality(g), -g.first)
        )
        pool.remove(best)
        if any(best.phrases[0].key == c.phrases[0].key or best.claims == c.claims for c in chosen) or (
            best.heading is None and len(best.claims - covered) < least_new
        ):
            _merge(best, chosen)
            continue
        chosen.append(best)
        covered |= best.claims
    for group in pool:
        _merge(group, chosen)
    return chosen


def _merge(group: _Group, chosen: list[_Group]) -> None:
    """Lend a group's phrases to the chosen topic that holds most of its claims, if one does."""
    if group.heading is not None or not chosen:
        return
    home = max(chosen, key=lambda c: len(group.claims & c.claims))
    if len(group.claims & home.claims) >= 0.8 * len(group.claims):
        home.phrases += [p for p in group.phrases if p not in home.phrases]


def _extend(chosen: list[_Group], phrases: PhraseIndex, weights, cited) -> None:
    """Give a cited claim no topic holds to the topic it shares its best phrase with."""
    covered = set().union(*(g.claims for g in chosen)) if chosen else set()
    for claim in cited:
        if claim in covered:
            continue
        options = []
        for key, weight in weights.items():
            phrase = phrases.by_key[key]
            if claim not in phrase.claims:
                continue
            for i, group in enumerate(chosen):
                shared = len(phrase.claims & group.claims)
                if shared:
                    options.append((weight * shared, -phrase.first, -i, phrase, group))
        if options:
            *_, phrase, group = max(options, key=lambda o: o[:3])
            if phrase not in group.phrases:
                group.phrases.append(phrase)
            group.claims |= phrase.claims & set(cited)
            covered |= group.claims


def _defining(group: _Group, weights, label: str) -> list[Phrase]:
    """The group's best phrases, then as many more as it takes for each of its claims to hold one.

    A heading's own words that stay in its label come first: they are what the author named.
    """
    named = [
        p
        for p in group.phrases
        if group.heading and len(p.key) == 1 and p.heading_claims and p.form().lower() in label.lower()
    ]
    weighted = named + [p for p in group.phrases if p.key in weights and p not in named]
    rest = [p for p in group.phrases if p.key not in weights]
    phrases = weighted + sorted(rest, key=lambda p: (-len(p.key), p.first))
    picked = weighted[: max(_TERMS_PER_TOPIC // 2, len(named))] or phrases[:1]
    held = set().union(*(p.claims for p in picked)) if picked else set()
    for phrase in phrases[len(picked) :]:
        if (phrase.claims & group.claims) - held:
            picked.append(phrase)
            held |= phrase.claims
    for phrase in weighted:
        if len(picked) >= _TERMS_PER_TOPIC:
            break
        if phrase not in picked:
            picked.append(phrase)
    # A phrase that contains another picked one matches nothing more ("empathetic coping" beside
    # "coping"); keep the list short.
    keys = [p.key for p in picked]
    return [p for p in picked if not any(k != p.key and _contains(p.key, k) for k in keys)]


def _contains(longer: tuple, shorter: tuple) -> bool:
    n = len(shorter)
    return len(longer) > n and any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def _taxonomy(chosen: list[_Group], claims: pd.DataFrame, weights) -> Taxonomy:
    topics, keys, labels = [], set(), set()
    text_of = dict(zip(claims["claim_id"], claims["text"]))
    for group in chosen:
        label = _label(group, text_of)
        if not is_label_naming_something(label):
            label = next((_sentence_case(p.form()) for p in group.phrases if is_label_naming_something(p.form())), "")
            if not label:
                continue  # no phrase of the group names a subject: no topic rather than "Data"
        terms: list[str] = []
        for phrase in _defining(group, weights, label):
            if not _belongs(phrase, label):
                continue
            for term in phrase_terms(phrase):
                if term not in terms and (len(term) > 3 or term.isupper()):
                    terms.append(term)
        if not terms:
            continue
        if label.casefold() in labels:  # another topic's name: its own best phrase that is not, else "(2)"
            others = (_sentence_case(p.form()) for p in group.phrases if is_label_naming_something(p.form()))
            label = next((other for other in others if other.casefold() not in labels), label)
        base, n = label, 2
        while label.casefold() in labels:
            label, n = f"{base} ({n})", n + 1
        labels.add(label.casefold())
        key = _slug(label, keys)
        keys.add(key)
        where = f"the heading {group.heading}" if group.heading else "phrases they share"
        description = f"{len(group.claims)} cited claims, from {where}"
        topics.append(Topic(key, label, description, tuple(terms)))
    return Taxonomy("discovered", "Topics found by litmap in the article's own claims and headings.", tuple(topics))


def _belongs(phrase: Phrase, label: str) -> bool:
    """Whether a phrase belongs to a topic's terms: part of the label, or not one general word
    ("agreement", "line", "risk" name no subject; they match claims about anything)."""
    label_stems = {stem(w) for w in re.findall(r"[a-z][a-z'-]+", label.lower())}
    if set(phrase.key) & label_stems:
        return True
    return not (len(phrase.key) == 1 and any(form in LABEL_GENERIC_WORDS for form in phrase.forms))


def _label(group: _Group, text_of: dict) -> str:
    if group.heading:
        heading = _clean_heading(group.heading)
        words = heading.split()
        if len(words) <= 6:
            if len(words) >= 3 and words[0].lower().endswith("ing") and words[1].lower() not in stopwords():
                # "Establishing trust and safety": the verb stays only if the cited claims use it.
                verb = stem(words[0].lower())
                used = any(verb in map(stem, re.findall(r"\w+", str(text_of[c]).lower())) for c in group.claims)
                if not used:
                    heading = " ".join(words[1:])
            return _sentence_case(heading)
        best = next((p for p in group.phrases if p.text_claims & group.claims), group.phrases[0])
        longer = [p for p in group.phrases if p.heading_claims and set(best.key) <= set(p.key)]
        return _sentence_case(max(longer, key=lambda p: (len(p.key), -p.first)).form() if longer else best.form())
    top = group.phrases[0]
    second = next((p for p in group.phrases[1:] if len(p.key) == 1 and p.key[0] not in top.key), None)
    if len(top.key) == 1 and second is not None:
        pairs = [f"{a} and {b}" for a, b in ((top.form(), second.form()), (second.form(), top.form()))]
        for pair in pairs:
            if any(pair.lower() in str(text_of[c]).lower() for c in group.claims):
                return _sentence_case(pair)
    return _sentence_case(top.form())


def _clean_heading(heading: str) -> str:
    """A heading without its numbering ("2.1.", "3c)") and a structural lead ("Dig Deeper — ")."""
    heading = re.sub(r"^\s*(?:\d+[a-z]?\)|[a-z]\)|\d+(?:\.\d+)*\.?|[ivxIVX]+\.)\s*", "", heading).strip(" .:")
    lead, sep, rest = (
        re.split(r"(\s*[:—–]\s*|\s+-\s+)", heading, maxsplit=1)
        + ["", ""][: 3 - len(re.split(r"(\s*[:—–]\s*|\s+-\s+)", heading, maxsplit=1))]
    )
    if sep and rest and not is_thematic_heading(lead):
        return rest
    return heading


def _sentence_case(text: str) -> str:
    """Sentence case that keeps acronyms and names written with inner capitals (OHIP, SARS-CoV-2)."""

    def part(word: str) -> str:
        keep = any(ch.isupper() for ch in word[1:]) or (word.isupper() and len(word) > 1)
        return word if keep else word.lower()

    out = ["-".join(part(p) for p in word.split("-")) for word in text.split()]
    if out:
        out[0] = out[0][:1].upper() + out[0][1:]
    return " ".join(out)


def _slug(label: str, taken: set[str]) -> str:
    ascii_label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "_", ascii_label).strip("_")[:40].strip("_") or "topic"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


__all__ = [
    "MAX_TOPICS",
    "MIN_TOPICS",
    "SUBJECT_SHARE",
    "discover_topics",
]
