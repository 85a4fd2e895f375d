"""What the regex rules make of an entry, written onto its words: hints for the learned parser.

The CRF of :mod:`litmap.parse.crf_model` reads the rules' parse as features (stacking): for each word,
whether :func:`litmap.parse.reference_rules.parse_reference_rules` put it in the title, the container or
the publisher. The CRF then learns when to trust the rules (a full stop before "In", a journal
named after a question mark) and when not (a chapter the rules ran into its book).

The rules' values are found back in the entry by :class:`Aligner`, which matches text at word
boundaries ignoring case, accents, spaces and punctuation; :mod:`litmap.parse.crf_train` uses the same
aligner to turn the gold fields of training entries into word labels. Only the title, container
and publisher are hinted: with the rules' authors, years and numbers as hints too, the CRF did
no better on cross-validation, and worse on authors in articles it never saw
(``benchmarks/README.md``).
"""

from __future__ import annotations

from typing import NamedTuple

from litmap.parse.reference_rules import parse_reference_rules
from litmap.text import fold_compact

#: The fields whose words the rules' parse marks, in the order they are looked for.
HINTED = ("title", "container", "publisher")


class Token(NamedTuple):
    """One word of an entry: its text, where it stands (character offsets) and its kind.

    A named tuple rather than a dataclass: an entry has dozens and they are made by the thousand.
    """

    text: str
    start: int
    end: int
    kind: str  # "word", "doi" or "url"


class Aligner:
    """Finds values in an entry at word boundaries, ignoring case, accents, spaces and punctuation.

    Examples
    --------
    >>> from litmap.parse.crf_model import tokenize_reference
    >>> tokens = tokenize_reference("Smith, J. The Title: a Study. Nature, 3.")
    >>> Aligner(tokens).find("the title - a study", [True] * len(tokens))
    range(2, 6)
    """

    def __init__(self, tokens: list[Token]):
        self.tokens = tokens
        self.owner: dict[int, int] = {}
        self.ends: dict[int, int] = {}
        parts = []
        at = 0
        for i, token in enumerate(tokens):
            folded = fold_compact(token.text)
            if folded:
                self.owner[at] = i
                parts.append(folded)
                at += len(folded)
                self.ends[at] = i
        self.stream = "".join(parts)

    def find(self, value: str, free: list[bool], after: int = 0) -> range | None:
        """Token range of the first occurrence of ``value`` on free tokens from token ``after``."""
        folded = fold_compact(value)
        if not folded:
            return None
        at = self.stream.find(folded)
        while at >= 0:
            first, last = self.owner.get(at), self.ends.get(at + len(folded))
            if first is not None and last is not None and first >= after and all(free[first : last + 1]):
                return range(first, last + 1)
            at = self.stream.find(folded, at + 1)
        return None


def names_span(aligner: Aligner, free: list[bool], people: list[dict], after: int = 0) -> range | None:
    """Tokens from the first to the last name of ``people`` (``{family, given}`` or ``{literal}``), with a trailing 'et al.'."""
    found: list[int] = []
    at = after
    for person in people:
        family = person.get("family") or person.get("literal")
        hit = aligner.find(family, free, at) if family else None
        if hit is None or (found and hit.start - max(found) > 8):
            continue
        found.extend((hit.start, hit.stop - 1))
        given = aligner.find(person.get("given") or "", free, max(at, hit.start - 4))
        if given is not None and abs(given.start - hit.start) <= 4:
            found.extend((given.start, given.stop - 1))
        at = max(found) + 1
    if not found:
        return None
    first, last = min(found), max(found)
    tokens = aligner.tokens
    while last + 2 < len(tokens) and [t.text.lower() for t in tokens[last + 1 : last + 3]] == ["et", "al"]:
        last += 2
    span = range(first, last + 1)
    return span if all(free[i] for i in span) else None


def rule_hints(text: str, tokens: list[Token]) -> list[str | None]:
    """For each token of a normalised entry, the field of :data:`HINTED` the rules put it in, else None.

    ``text`` is the entry as the parser sees it (:func:`litmap.parse.references.entry_text`). A value
    the rules changed so that it cannot be found in the entry any more (a year taken out of the
    middle of a title) gives no hint.

    Examples
    --------
    >>> from litmap.parse.crf_model import tokenize_reference
    >>> text = "Smith, J. (2001). A study of things. Journal of Studies, 3, 1-9."
    >>> tokens = tokenize_reference(text)
    >>> [(t.text, h) for t, h in zip(tokens, rule_hints(text, tokens)) if h]
    [('A', 'title'), ('study', 'title'), ('of', 'title'), ('things', 'title'), ('Journal', 'container'), ('of', 'container'), ('Studies', 'container')]
    """

    parsed = parse_reference_rules(text, normalised=True)
    hints: list[str | None] = [None] * len(tokens)
    free = [True] * len(tokens)
    aligner = Aligner(tokens)
    names = names_span(aligner, free, parsed["authors"]) if parsed["authors"] else None
    for i in names or ():
        free[i] = False
    after = names.stop if names else 0  # the title is looked for after the authors, the rest after the title
    for field in HINTED:
        found = aligner.find(parsed[field] or "", free, after)
        for i in found or ():
            hints[i], free[i] = field, False
        if field == "title" and found:
            after = found.stop
    return hints


__all__ = ["HINTED", "Aligner", "Token", "names_span", "rule_hints"]
