"""Which part of an article a section belongs to, from its heading and the headings above it.

Split from :mod:`litmap.parse.kind_rules` (which holds the cues and the sure cases) because the
parts are read once per article, before any sentence's kind: introduction, methods, results,
discussion, abstract, back matter, body; "Body size preferences" under *Methods* counts as methods.
"""

from __future__ import annotations

import re
from functools import lru_cache

_PARTS = [
    (
        "backmatter",
        r"acknowledg|funding|financial (?:support|disclosure)|grant information|competing interest|"
        r"conflicts? of interest|declaration|author(?:s'|s’|'s)? contributions?|contributors|data availability|"
        r"availability of data|supporting information|supplementary|additional files?|abbreviations|keywords?|"
        r"open peer review|referee|reviewer|author response|about the authors?|biograph|ethics approval|"
        r"consent for publication|copyright|licen[cs]e|disclosure|notes on contributors|footnotes|"
        r"^version \d|^issue$|^references?$|^bibliography",
    ),
    (
        "objectives",
        r"learning objectives|by the end of this (?:section|chapter)|key (?:points|terms|concepts)|"
        r"review questions|critical thinking questions|personal application questions|link to learning",
    ),
    (
        "abstract",
        r"^(?:structured )?abstract$|^summary$|^author summary|^significance|^highlights|^key points|"
        r"^(?:plain language|lay) summary|^background$|^objectives?$|^aims?$",
    ),
    (
        "methods",
        r"method|material|participant|subjects|procedure|design|setting|sample|data (?:collection|"
        r"sources|extraction|analysis|synthesis)|statistic|\banalys[ie]s|measure|instrument|protocol|"
        r"intervention|recruit|eligib|inclusion|exclusion|search strateg|study selection|quality assessment|"
        r"outcomes? measure|experimental|apparatus|stimul|\bcoding|ethic|randomi[sz]ation|blinding|"
        r"sample size|population|approach$",
    ),
    ("results", r"result|finding|outcome|characteristics of|included studies|descriptive"),
    (
        "discussion",
        r"discussion|conclu|implication|limitation|strength|future|interpretation|"
        r"comparison with|relationship to|principal findings|summary of",
    ),
    ("introduction", r"introduction|background|overview|rationale|literature|preface|motivation"),
]
_PART_PATTERNS = [(part, re.compile(p, re.I)) for part, p in _PARTS]


_NUMBERING = re.compile(r"^(?:(?:\d+(?:\.\d+)*|[IVX]+)[.)]?\s+)+")
#: The order of the parts of a research article, for telling a heading that goes back to an earlier part.
_ORDER = {"introduction": 0, "methods": 1, "results": 2, "discussion": 3}


@lru_cache(maxsize=4096)  # asked once per sentence, with the same heading for a whole section
def heading_part(heading: str) -> str | None:
    """The part of an article a heading opens, or None for a heading about the subject."""
    text = _NUMBERING.sub("", heading or "").strip()
    if len(text.split()) > 4 and not re.match(
        r"acknowledg|funding|competing|conflicts?|author|data "
        r"availability|ethic|supplementary|open peer|referee",
        text,
        re.I,
    ):
        return None
    for part, pattern in _PART_PATTERNS:
        if pattern.search(text):
            return part
    return None


_MAJOR = [
    ("introduction", r"introduction|background|introduction and background|overview|preface"),
    (
        "methods",
        r"methods?|materials? and methods?|methods? and materials?|methodology|experimental(?: section| "
        r"procedures?| design)?|(?:patients|subjects|participants) and methods|study design and methods",
    ),
    ("results", r"results?|findings|results and discussion"),
    (
        "discussion",
        r"(?:general )?discussion|discussion and conclusions?|conclusions?|concluding remarks|"
        r"summary and conclusions?|conclusions? and (?:implications|recommendations)",
    ),
    (
        "abstract",
        r"(?:structured )?abstract|author summary|key points|highlights|significance(?: statement)?|"
        r"(?:plain language|lay) summary|summary",
    ),
]
_MAJOR_PATTERNS = [(part, re.compile(rf"(?:{p})\W*", re.I)) for part, p in _MAJOR]


def major_part(heading: str) -> str | None:
    text = _NUMBERING.sub("", heading or "").strip()
    for part, pattern in _MAJOR_PATTERNS:
        if pattern.fullmatch(text):
            return part
    return None


def compute_parts(sections: list[tuple[tuple[str, ...], str]]) -> list[str]:
    """The part (introduction, methods, results, discussion, abstract, backmatter, body) of each section.

    ``sections`` are (parent headings, heading). The part changes at a major heading ("Methods",
    "Results") and at a parent heading, unless the parent names a method inside the results or the
    discussion ("Planned ancillary analyses"); a sub-heading with paragraphs of its own keeps the part it
    stands in, unless it names one itself where the part is still open (body, introduction).
    Back matter near the start ("Keywords" under the abstract) does not carry over, nor does a
    textbook's box ("Link to Learning"): the sections after it are in the part before it. An article
    with no results heading that goes from its methods to its discussion through sections named by
    their subject reports its results there (:func:`results_by_subject`).

    >>> compute_parts([((), "Introduction"), (("Methods",), "Participants"), ((), "Body size ratings"),
    ...                ((), "Results"), ((), "Discussion"), ((), "Competing interests")])
    ['introduction', 'methods', 'methods', 'results', 'discussion', 'backmatter']
    >>> compute_parts([((), "Introduction"), ((), "Methodological procedures"), ((), "Networks of co-citation"),
    ...                ((), "Discussion")])
    ['introduction', 'methods', 'results', 'discussion']
    >>> compute_parts([((), "Methods"), ((), "Results"), (("Planned ancillary analyses",), "Sensitivity analysis"),
    ...                ((), "Discussion")])
    ['methods', 'results', 'results', 'discussion']
    """
    out, current = [], "body"
    n = max(1, len(sections))
    for k, (parents, heading) in enumerate(sections):
        for parent in parents:
            part = major_part(parent)
            if part is None:
                part = heading_part(parent)
                if _ORDER.get(part, 9) < _ORDER.get(current, -1) and current in ("results", "discussion"):
                    # a parent heading that names a method inside the results ("Planned ancillary
                    # analyses" above "Post hoc sensitivity analysis") groups results; it goes not back
                    part = None
            if part == "backmatter" and k / n < 0.5:
                part = "body"
            current = part or current
        part = major_part(heading)
        if part is None:
            loose = heading_part(heading)
            open_part = current in ("body", "introduction", "abstract", "backmatter")
            if loose in ("backmatter", "objectives") or (loose is not None and open_part):
                part = loose
            elif current == "backmatter" and k / n < 0.5:
                part = "body"
        before = current
        if part is not None:
            current = part
        out.append(current)
        if current == "backmatter" and k / n < 0.5:
            current = "body"  # front matter ("Keywords") does not open a part
        elif current == "objectives" and not parents:
            current = before if before != "objectives" else "body"  # a box is not a part of the argument
    return results_by_subject(sections, out)


def is_one_paragraph_box(heading: str) -> bool:
    """Whether a heading opens a textbook's box of one paragraph ("Link to Learning": "Watch this clip…"),
    after which the text of the section it interrupts goes on under the same heading.

    >>> is_one_paragraph_box("Link to Learning"), is_one_paragraph_box("Learning Objectives")
    (True, False)
    """
    return _NUMBERING.sub("", heading or "").strip().rstrip(":.").casefold() == "link to learning"


def results_by_subject(sections: list[tuple[tuple[str, ...], str]], parts: list[str]) -> list[str]:
    """Parts with the results an article reports under headings about its subject: where no section
    is in the results, the sections named by their subject that come straight before the
    discussion, after the last heading that names a method, are the results ("Methodological
    procedures", "The intellectual foundation of…", "Discussion"). A protocol's methods end with a
    heading that names one ("Statistical analysis") or run into the discussion with none between.

    >>> results_by_subject([((), "Methods"), ((), "Co-citation networks"), ((), "Discussion")],
    ...                    ["methods", "methods", "discussion"])
    ['methods', 'results', 'discussion']
    """
    if "results" in parts or "discussion" not in parts:
        return parts
    out = list(parts)
    end = parts.index("discussion")
    k = end
    while k > 0 and parts[k - 1] == "methods" and not sections[k - 1][0] and heading_part(sections[k - 1][1]) is None:
        k -= 1
    if k < end and k > 0 and parts[k - 1] == "methods":
        out[k:end] = ["results"] * (end - k)
    return out
