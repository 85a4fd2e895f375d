"""Checks of a reference list against the citations that match none of its entries, said in words.

The reader's own checks (:mod:`litmap.read.checks`) see a numbered list cut short: the text cites
numbers past its last entry. An author–date list has no numbers, but it has an order: entries sorted
by their first author's family name. A list cut short loses the end of the alphabet, so a citation
that matches no entry and names an author who would sort after the list's last entry says the list
may have been cut off (a page lost, a column missed), even when it is the only citation that fails.
"""

from __future__ import annotations

import re
from itertools import pairwise

import pandas as pd

from litmap.parse.citations import find_citations
from litmap.parse.resolution import resolve_citation
from litmap.text import counted, fold
from litmap.values import first_family_name

#: Entries whose first authors must be in alphabetical order (pairs in order) for a list to count as sorted.
SORTED_SHARE = 0.9
#: Fewest entries with a first author for the order of a list to mean anything.
MIN_SORTED_ENTRIES = 5


#: Particles a family name may be sorted with or without ("van der Schuur" under V or under S).
_PARTICLES = re.compile(r"^(?:(?:van|von|der|den|de|del|della|di|da|du|des|la|le|dos|das|ten|ter|op|'t)\s+)+")


def _family_key(name) -> str:
    """A family name folded for sorting: accents, case and particles' spaces dropped ("Güell" -> "guell")."""
    return fold(name).replace(" ", "")


def _family_keys(name) -> tuple[str, str]:
    """The ways a family name may be sorted: with its particles, and without them (lists differ).

    >>> _family_keys("van der Schuur"), _family_keys("Güell")
    (('vanderschuur', 'schuur'), ('guell', 'guell'))
    """
    folded = fold(name)
    return folded.replace(" ", ""), _PARTICLES.sub("", folded).replace(" ", "")


def is_alphabetical(references: pd.DataFrame) -> bool:
    """The entries are sorted by their first author's family name (most pairs in order, at least five names).

    >>> table = pd.DataFrame({"authors": [[{"family": n}] for n in ("Abe", "Berg", "Berg", "Cruz", "Diaz")]})
    >>> is_alphabetical(table), is_alphabetical(table.iloc[::-1])
    (True, False)
    """
    keys = [_family_key(name) for name in map(first_family_name, references["authors"]) if name]
    if len(keys) < MIN_SORTED_ENTRIES:
        return False
    in_order = sum(a <= b for a, b in pairwise(keys))
    return in_order >= SORTED_SHARE * (len(keys) - 1)


def describe_cut_short(references: pd.DataFrame, unresolved: pd.DataFrame) -> list[str]:
    """A note when citations matching no entry name authors after the last entry of an alphabetical list.

    ``references`` is the REFERENCES table, ``unresolved`` the UNRESOLVED table (:func:`compute_unresolved
    <litmap.parse.claims.compute_unresolved>`). Each unresolved citation is read again, so of a group
    "(Abe, 2001; Yu, 2019)" only the part that matches nothing counts.

    >>> from litmap.parse.references import compute_references
    >>> table = compute_references([f"{name}, A. ({2000 + k}). Trust. Care, 1, 1-9." for k, name in enumerate(["Abe", "Berg", "Cruz", "Diaz", "Egan"])])
    >>> missing = pd.DataFrame({"cited_as": ["(Abe, 2001; Yu & Li, 2019)"]})
    >>> describe_cut_short(table, missing)
    ['1 citation that matches no entry names an author who would come after the last entry of the alphabetical reference list (Egan): Yu & Li, 2019; the list may be cut short']
    """
    if unresolved.empty or references.empty or not is_alphabetical(references):
        return []
    last = next((name for name in reversed(list(map(first_family_name, references["authors"]))) if name), None)
    if last is None:
        return []
    after: dict[str, None] = {}
    for cited_as in dict.fromkeys(unresolved["cited_as"].dropna()):
        for citation in find_citations(str(cited_as)):
            if not citation.surnames or not citation.year or citation.number is not None:
                continue
            if min(_family_keys(citation.surnames[0])) <= max(_family_keys(last)):
                continue  # it would sort inside the list (as its particles are taken or left)
            if resolve_citation(citation, references)[0] is None:
                names = citation.group or " & ".join(citation.surnames)
                after[f"{names}{' et al.' if citation.is_et_al else ''}, {citation.year}"] = None
    if not after:
        return []
    which = counted(
        len(after), "citation that matches no entry names an author", "citations that match no entry name authors"
    )
    return [
        f"{which} who would come after the last entry of the alphabetical reference list ({last}): "
        f"{'; '.join(list(after)[:4])}; the list may be cut short"
    ]


__all__ = ["describe_cut_short", "is_alphabetical"]
