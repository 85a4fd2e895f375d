"""The record of one in-text citation as written, shared by the readers of numbered and author–year forms.

Its own module so :mod:`litmap.parse.numbered_citations`, :mod:`litmap.parse.citations` and
:mod:`litmap.parse.resolution` all import it from below them, with no circle.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InTextCitation:
    """One citation as written in a sentence: author names and year, or a list number.

    ``surnames`` are the names as written (a name of several words, such as "Portia Nelson" or
    "De Vogli", is kept whole; matching compares its last words); ``group`` is a group author's
    whole name and ``abbreviation`` the short form it introduces ("NIMH"); ``bare`` marks a
    citation written without brackets, which counts only when an entry matches it.
    """

    cited_as: str
    surnames: tuple[str, ...] = ()
    is_et_al: bool = False
    year: str | None = None
    number: int | None = None
    start: int = -1
    end: int = -1
    group: str | None = None
    abbreviation: str | None = None
    bare: bool = False
    linked: bool = False  # marked by the page itself (a superscript)
