"""A fast "cannot match" test for a regular expression: the literal words every match must contain.

Python's regular expressions try every alternative of a long list of words (``\\b(?:questionnaire|
scale|protocol|…)\\b``) at every word of a sentence, one character at a time, the more slowly with
``re.IGNORECASE``: the sentence-kind cues cost most of a millisecond a sentence that way. But
every match of such a pattern contains one of a few literal strings ("questionnaire", "scale",
"protocol"…), and ``str.__contains__`` finds those far faster. :func:`required_literals` reads
them off the pattern's parse tree (conservatively: where it cannot tell, it gives none and the
pattern always runs), and :class:`Prefiltered` runs the pattern only on text that holds one of
them, so its answers are exactly the pattern's own, only sooner.

The literals are compared with the lower-cased text (a string in the text is in its lower case
too, so this holds for patterns that mind case as well); under ``re.IGNORECASE`` four characters
outside ASCII match ASCII letters under Python's case folding but do not lower-case to them
(:data:`FOLDS_TO_ASCII`), and text holding one of them always runs the pattern.
"""

from __future__ import annotations

import re

try:  # the parser of Python's own ``re`` (``sre_parse`` before 3.11); without it nothing is filtered
    from re import _constants as _sre_constants
    from re import _parser as _sre_parser
except ImportError:  # pragma: no cover - Python 3.10
    try:
        import sre_constants as _sre_constants
        import sre_parse as _sre_parser
    except ImportError:
        _sre_constants = _sre_parser = None

#: Characters beyond ASCII that ``re.IGNORECASE`` matches with an ASCII character although
#: ``str.lower`` does not turn them into it (İ, ı, ſ and the Kelvin sign; every code point checked
#: by a test).
FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective of several sets of strings that each must appear (longest shortest member)."""
    if not candidates:
        return None
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c)))


def _required(items, c) -> frozenset[str] | None:
    """A set of strings one of which every match of the parsed sequence ``items`` contains (ASCII
    and characters without case only)."""
    candidates: list[frozenset[str]] = []
    run = ""
    for op, av in items:
        if op is c.LITERAL and (av < 128 or chr(av).lower() == chr(av) == chr(av).upper()):
            run += chr(av)  # ASCII, or a character without case ("©", "≤"), which matches only itself
            continue
        if run:
            candidates.append(frozenset([run]))
            run = ""
        sub = None
        if op is c.SUBPATTERN:
            _group, add_flags, del_flags, pattern = av
            if not add_flags and not del_flags:  # a local flag changes how its literals match: no filter
                sub = _required(pattern.data, c)
        elif op is c.BRANCH:
            branches = [_required(b.data, c) for b in av[1]]
            if all(branches):
                sub = frozenset().union(*branches)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
            sub = _required(av[2].data, c)
        elif op is getattr(c, "ATOMIC_GROUP", None):
            sub = _required(av.data, c)
        if sub:
            candidates.append(sub)
    if run:
        candidates.append(frozenset([run]))
    return _best(candidates)


def required_literals(pattern: re.Pattern) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` contains (lower-cased under ``re.IGNORECASE``),
    or None when the pattern has no such strings (or they cannot be read).

    >>> sorted(required_literals(re.compile(r"\\b(?:we|our|us)\\b", re.I)))
    ['our', 'us', 'we']
    >>> sorted(required_literals(re.compile(r"\\bp\\s*[<=>]|\\b95\\s*%")))
    ['95', 'p']
    >>> required_literals(re.compile(r"\\d+|x")) is None
    True
    """
    if _sre_parser is None or not isinstance(pattern.pattern, str):
        return None
    try:
        parsed = _sre_parser.parse(pattern.pattern, pattern.flags)
    except Exception:
        return None
    found = _required(parsed.data, _sre_constants)
    if found is None or "" in found:
        return None
    if parsed.state.flags & re.IGNORECASE:
        found = frozenset(s.lower() for s in found)
    return found


#: Letters from the most to the least common in English text, to pick the piece of a literal that
#: rules out most sentences (any piece is correct; a rare one is only faster).
_COMMON = " etaoinshrdlcumwfgypbvkjxqz"


def _rarest_piece(literal: str) -> str:
    """The three-character piece of ``literal`` made of the least common letters."""
    pieces = [literal[i : i + 3] for i in range(len(literal) - 2)]
    return max(pieces, key=lambda piece: sum(_COMMON.find(ch) % 100 if ch in _COMMON else 10 for ch in piece))


class Haystack:
    """A text as the filters read it: lower-cased, with the set of its three-character pieces.

    Built once per sentence and shared by every pattern asked about it (building it costs about as
    much as one pattern's run).
    """

    __slots__ = ("folds", "lowered", "pieces", "text")

    def __init__(self, text: str):
        self.text = text
        self.lowered = lowered = text.lower()
        self.pieces = set(zip(lowered, lowered[1:], lowered[2:]))  # as tuples: built in C
        self.folds = not text.isascii() and not FOLDS_TO_ASCII.isdisjoint(text)


class Prefiltered:
    """A compiled pattern that runs only on text holding one of its :func:`required_literals`.

    The test is the three-character beginnings of the literals against the text's
    (:class:`Haystack`), so a pattern with fifty alternatives costs one set operation. A match
    can only lie in the text the haystack was built from: ``search`` may be asked about a piece of
    it (the text stripped of spaces) with the whole text's haystack.

    >>> p = Prefiltered(re.compile(r"\\b(?:was|were) (?:higher|lower)\\b", re.I))
    >>> p.count(Haystack("Scores Were higher in May.")), p.search("No change.", Haystack("No change."))
    (1, None)
    """

    __slots__ = ("by_piece", "ignorecase", "literals", "pattern", "pieces", "short")

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        self.ignorecase = bool(pattern.flags & re.IGNORECASE)
        # Lower-cased also for a pattern that minds case: a string in the text is in its lower case too.
        literals = required_literals(pattern)
        self.literals = None if literals is None else frozenset(s.lower() for s in literals)
        self.short = tuple(sorted(s for s in self.literals or () if len(s) < 3))
        self.by_piece: dict[tuple[str, ...], list[str]] = {}
        for s in sorted(self.literals or ()):
            if len(s) >= 3:
                self.by_piece.setdefault(tuple(_rarest_piece(s)), []).append(s)
        self.pieces = frozenset(self.by_piece)

    def may_match(self, hay: Haystack) -> bool:
        """False only when the pattern cannot match the haystack's text (or any piece of it)."""
        if self.literals is None or (self.ignorecase and hay.folds):
            return True
        lowered = hay.lowered
        if self.short and any(s in lowered for s in self.short):
            return True
        # only the literals whose rarest piece is there are looked for: one set operation for fifty
        return any(s in lowered for piece in self.pieces & hay.pieces for s in self.by_piece[piece])

    def count(self, hay: Haystack) -> int:
        """``len(pattern.findall(hay.text))``."""
        return len(self.pattern.findall(hay.text)) if self.may_match(hay) else 0

    def search(self, text: str, hay: Haystack) -> re.Match | None:
        """``pattern.search(text)``, where ``text`` is the haystack's text or a piece of it."""
        return self.pattern.search(text) if self.may_match(hay) else None


__all__ = ["FOLDS_TO_ASCII", "Haystack", "Prefiltered", "required_literals"]
