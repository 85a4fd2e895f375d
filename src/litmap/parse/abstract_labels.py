"""Run-in labels of a structured abstract ("RESULTS Among the…", "Background: Empathy…", "Findings In…").

A structured abstract prints its headings run into the paragraph they open, and a PDF or a plain
text keeps them there, glued to the first sentence. The vocabulary is that of structured abstracts
(NLM's categories background, objective, methods, results and conclusions, with the labels journals
print for them, JAMA's Key Points, registration and funding), alone or joined by "and", "," or "&".

A label is cut when it is in capitals ("DESIGN, SETTING, AND PARTICIPANTS This…") or followed by a
colon or a full stop ("Methods: We…", "Objectives. To…"); one in title case with no punctuation
("Findings In this cohort…") only when several paragraphs in a row open with labels, as Key Points
do, so that "Findings in mice suggest…" opening a body paragraph stays whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Each heading a structured abstract prints, with the NLM category it belongs to.
_TERMS = {
    "background": (
        "background|backgrounds|context|importance|introduction|rationale|significance|"
        "problem|current knowledge|what is already known|"
        "research question|question|questions|hypothesis|hypotheses"
    ),
    "objective": "objective|objectives|aim|aims|purpose|goal|goals|study objective|study objectives|study aim",
    "methods": (
        "methods|method|methodology|materials|material|design|study design|setting|settings|participants|"
        "patients|population|study population|sample|interventions|intervention|exposure|exposures|"
        "main outcomes|main outcome|main outcome measures|main outcome measure|main outcome measurements|"
        "outcome measures|outcome measure|outcomes|outcome|primary outcome|primary outcomes|measures|"
        "measurements|measurement|main measures|data sources|data source|study selection|data extraction|"
        "data synthesis|data collection|data analysis|analysis|analyses|statistical analysis|"
        "evidence acquisition|evidence synthesis|eligibility criteria|study eligibility criteria|"
        "selection criteria|search methods|search strategy|review methods|procedures|procedure|approach"
    ),
    "results": "results|result|findings|main results|main findings|key findings|observations",
    "conclusions": (
        "conclusions|conclusion|interpretation|implications|implication|meaning|authors' conclusions|"
        "authors’ conclusions|limitations|limitation|discussion|summary|practice implications|"
        "clinical implications|implications for practice|policy implications|relevance|"
        "conclusions and relevance|take-home message"
    ),
    # recognised (a run of labels goes on through them) but not cut: the back-matter rules read them
    "other": "trial registration|registration|funding|systematic review registration",
}
_CATEGORY = {t: category for category, terms in _TERMS.items() for t in terms.split("|")}
# longest first, so that "main outcome measures" is read before "main outcome"
_TERM = "|".join(sorted((re.escape(t).replace(r"\ ", " ") for t in _CATEGORY), key=len, reverse=True))
#: A label: terms joined by "and", ",", "&" or "/" (at most six), then a colon, a full stop or
#: nothing; then the text it opens. Spaces and joints are bounded (linear time).
_LABEL = re.compile(
    rf"(?P<label>(?i:{_TERM})(?:(?:[ ]{{0,3}},[ ]{{0,3}}(?:(?i:and)[ ]{{1,3}})?|[ ]{{1,3}}(?:(?i:and)|&)[ ]{{1,3}}|"
    rf"[ ]{{0,3}}/[ ]{{0,3}})(?i:{_TERM})){{0,6}})"
    r"(?P<stop>[ ]{0,3}[:.](?=\s)|[ ]{0,3}[—–](?=\s)|(?=\s))\s{0,5}(?=[\"“‘(]?[A-Z0-9\u00C0-\u024F])"
)
#: The two words after a label in capitals: a heading in capitals glued to more capitals
#: ("ANALYSIS OF VARIANCE") is no label; "RESULTS HIV prevalence…" and "RESULTS A total…" are.
_NEXT_WORDS = re.compile(r"[\"“‘(]?([^\s]{1,40})\s{1,5}([^\s]{1,40})")


@dataclass(frozen=True)
class AbstractLabel:
    """A run-in label: where the text after it starts, the label as printed, and how it was set."""

    end: int
    label: str
    category: str
    is_marked: bool  # in capitals, or followed by a colon or a full stop: a label on its own


def find_abstract_label(paragraph: str) -> AbstractLabel | None:
    """The run-in label opening a paragraph, whatever its case, or None.

    >>> find_abstract_label("DESIGN, SETTING, AND PARTICIPANTS This retrospective study…").label
    'DESIGN, SETTING, AND PARTICIPANTS'
    >>> label = find_abstract_label("Results: Among 512 adults…"); label.category, label.is_marked
    ('results', True)
    >>> find_abstract_label("Findings In this cohort…").is_marked, find_abstract_label("Findings in mice suggest…")
    (False, None)
    """
    m = _LABEL.match(paragraph)
    if m is None:
        return None
    label = m.group("label")
    if not label[:1].isupper():
        return None  # "results: …" in lower case is prose
    capitals = label.isupper()
    if capitals and not m.group("stop").strip():
        after = _NEXT_WORDS.match(paragraph, m.end())
        if after and all(len(w) > 1 and w.isupper() for w in after.groups()):
            return None
    category = _CATEGORY.get(_last_term(label.lower()), "other")
    return AbstractLabel(
        end=m.end(), label=label, category=category, is_marked=capitals or bool(m.group("stop").strip())
    )


def _last_term(label: str) -> str:
    """The last term of a label, for its category ("design, setting, and participants" -> participants)."""
    parts = re.split(r"\s*(?:,\s*(?:and\s+)?|\s(?:and|&)\s|/)\s*", label.strip())
    return parts[-1] if parts else label


def compute_abstract_labels(paragraphs: list[str]) -> list[AbstractLabel | None]:
    """The run-in label of each paragraph of a section (in reading order), None where there is none.

    A label in capitals or followed by ":" or "." counts on its own; one in title case with nothing
    after it ("Question To what degree…") only where another paragraph at most two before or after it
    opens with a label too, as a structured abstract's and Key Points' paragraphs do (a paragraph
    that goes on under "Findings" may stand between two labels).

    >>> texts = ["Question To what degree do notes differ?", "Findings In this cohort, notes differed.",
    ...          "Models did no better.", "Meaning The findings suggest so.", "Findings in mice suggest otherwise."]
    >>> [x.label if x else None for x in compute_abstract_labels(texts)]
    ['Question', 'Findings', None, 'Meaning', None]
    >>> [x.label if x else None for x in compute_abstract_labels(["Design The study was…", "It ran for years."])]
    [None, None]
    """
    found = [find_abstract_label(p) for p in paragraphs]
    out: list[AbstractLabel | None] = []
    for k, label in enumerate(found):
        if label is not None and not label.is_marked:
            near = [found[j] for j in (k - 2, k - 1, k + 1, k + 2) if 0 <= j < len(found)]
            if not any(x is not None for x in near):
                label = None
        out.append(label)
    return out


__all__ = ["AbstractLabel", "compute_abstract_labels", "find_abstract_label"]
