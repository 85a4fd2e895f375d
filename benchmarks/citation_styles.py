"""Citations written from a work's fields in eight styles (APA, Vancouver, Harvard, IEEE, Nature, Chicago, MLA,
and Vancouver for proceedings), for the audit benchmark (``audit_mutations.py``).

Each style prints its own author forms ("Family, G. R.", "Family GR", "G. R. Family", "Given Family") and
cuts the list where the style does (APA 7 after 19 with an ellipsis and the last author; Vancouver after 6,
IEEE, Nature and MLA to the first author with "et al."), so "et al." and author limits come with the styles.
"""

from __future__ import annotations

import re

#: Style -> how many authors it prints before "et al." (None: all).
AUTHOR_LIMIT = {
    "apa": 20,
    "vancouver": 6,
    "conference": 6,
    "harvard": None,
    "ieee": 6,
    "nature": 5,
    "chicago": 10,
    "mla": 2,
}
STYLES = tuple(AUTHOR_LIMIT)


# ---------------------------------------------------------------- rendering citations


def _given_tokens(given: str) -> list[str]:
    given = given.strip()
    if re.fullmatch(r"[A-Z]{1,4}", given):  # Vancouver run-together initials: "GR"
        return list(given)
    return [t for t in re.split(r"[\s.]+", given) if t]


def initials(given: str | None, *, dots: bool = True, space: bool = True) -> str:
    """'Jean-Pierre M.' -> 'J.-P. M.'; 'GR' -> 'G. R.'; dots=False, space=False -> 'JPM'."""
    if not given:
        return ""
    parts = []
    for token in _given_tokens(given):
        pieces = [p for p in token.split("-") if p]
        letters = [p[0].upper() for p in pieces if p[0].isalpha()]
        if not letters:
            continue
        parts.append(("-" if dots else "").join(f"{x}." if dots else x for x in letters))
    return (" " if space and dots else "").join(parts)


def has_full_given(author: dict) -> bool:
    given = author.get("given") or ""
    return any(len(t) > 1 and not t.isupper() for t in _given_tokens(given))


def _full(author: dict) -> str:
    """The given names as the record has them when they are names, else the initials with full stops."""
    given = author.get("given") or ""
    return given if has_full_given(author) else initials(given)


def _name(author: dict, form: str) -> str:
    if "literal" in author:
        return author["literal"]
    family, given = author["family"], author.get("given")
    if form == "apa":  # Family, G. R.
        return f"{family}, {initials(given)}" if given else family
    if form == "vancouver":  # Family GR
        return f"{family} {initials(given, dots=False, space=False)}".strip()
    if form == "harvard":  # Family, G.R.
        return f"{family}, {initials(given, space=False)}" if given else family
    if form == "ieee":  # G. R. Family
        return f"{initials(given)} {family}".strip()
    if form == "inverted-full":  # Family, Given
        return f"{family}, {_full(author)}" if given else family
    return f"{_full(author)} {family}".strip()  # Given Family


def authors_text(authors: list[dict], style: str, *, shown: int | None = None, etal: str = "et al.") -> str:
    """The author list as ``style`` prints it; ``shown`` authors then ``etal`` when it cuts the list."""
    limit = AUTHOR_LIMIT.get(style)
    if shown is None and limit is not None and len(authors) > limit:
        shown = {"apa": 19, "vancouver": 6, "conference": 6, "ieee": 1, "nature": 1, "chicago": 7, "mla": 1}[style]
        if style == "apa":  # APA 7: nineteen, an ellipsis, the last
            first = ", ".join(_name(a, "apa") for a in authors[:19])
            return f"{first}, . . . {_name(authors[-1], 'apa')}"
    cut = shown is not None and shown < len(authors)
    people = authors[:shown] if cut else authors
    if style in ("apa", "nature", "harvard"):
        names = [_name(a, "apa" if style != "harvard" else "harvard") for a in people]
        joiner = " & " if style != "harvard" else " and "
        if cut:
            return ", ".join(names) + f", {etal}"
        return (
            names[0]
            if len(names) == 1
            else ", ".join(names[:-1]) + ("," if style == "apa" else "") + joiner + names[-1]
        )
    if style in ("vancouver", "conference"):
        text = ", ".join(_name(a, "vancouver") for a in people)
        return text + (f", {etal}" if cut else "")
    if style == "ieee":
        names = [_name(a, "ieee") for a in people]
        if cut:
            return ", ".join(names) + f" {etal}"
        return (
            names[0]
            if len(names) == 1
            else ", ".join(names[:-1]) + (", and " if len(names) > 2 else " and ") + names[-1]
        )
    if style in ("chicago", "mla"):
        names = [_name(people[0], "inverted-full")] + [_name(a, "full") for a in people[1:]]
        if cut:
            return ", ".join(names) + f", {etal}"
        if len(names) == 1:
            return names[0]
        return ", ".join(names[:-1]) + (", and " if len(names) > 2 or style == "mla" else " and ") + names[-1]
    raise ValueError(style)


def _dot(text: str) -> str:
    """``text`` ending in a full stop, unless it already ends in one ('J. Clin.', 'why?', 'cut…')."""
    text = text.rstrip()
    return text if text[-1:] in ".?!\u2026" else text + "."


def render(f: dict, style: str, *, shown: int | None = None, etal: str = "et al.", doi: bool = False) -> str:
    """A citation of the work ``f`` (fields as :func:`read_works` gives them) in ``style``."""
    who = authors_text(f["authors"], style, shown=shown, etal=etal).rstrip(",")
    title, year, kind = f["title"], f["year"], f["kind"]
    venue, vol, iss, pages = f.get("container"), f.get("volume"), f.get("issue"), f.get("pages")
    publisher = f.get("publisher")
    book = kind in ("book", "report", "thesis") or not venue
    numbers = (vol or "") + (f"({iss})" if iss and vol else "")
    doi_text = f.get("doi") if doi else None
    if style == "apa":
        text = f"{who} ({year}). {_dot(title)}"
        if book:
            text += f" {_dot(publisher)}" if publisher else ""
        elif kind == "chapter":
            text += (
                f" In {venue}"
                + (f" (pp. {pages})" if pages else "")
                + "."
                + (f" {_dot(publisher)}" if publisher else "")
            )
        else:
            text += f" {venue}" + (f", {numbers}" if numbers else "") + (f", {pages}" if pages else "") + "."
        tail = f" https://doi.org/{doi_text}" if doi_text else ""
    elif style in ("vancouver", "conference"):
        text = f"{_dot(who)} {_dot(title)}"
        if book:
            text += (f" {publisher};" if publisher else "") + f" {year}."
        elif kind in ("chapter", "conference") or style == "conference":
            text += f" In: {_dot(venue)}" + (f" {publisher};" if publisher else "") + f" {year}."
            text += f" p. {pages}." if pages else ""
        else:
            text += f" {_dot(venue)} {year}" + (f";{numbers}" if numbers else "") + (f":{pages}" if pages else "") + "."
        tail = f" doi:{doi_text}" if doi_text else ""
    elif style == "harvard":
        if book:
            text = f"{who} ({year}) {_dot(title)}" + (f" {_dot(publisher)}" if publisher else "")
        else:
            text = f"{who} ({year}) '{title}', {venue}" + (f", {numbers}" if numbers else "")
            text += (f", pp. {pages}" if pages else "") + "."
        tail = f" doi: {doi_text}." if doi_text else ""
    elif style == "ieee":
        if book:
            text = f"{who}, {_dot(title)}" + (f" {publisher}," if publisher else "") + f" {year}."
        else:
            text = f'{who}, "{title}," ' + ("in " if kind in ("chapter", "conference") else "") + venue
            text += (f", vol. {vol}" if vol else "") + (f", no. {iss}" if iss else "")
            text += (f", pp. {pages}" if pages else "") + f", {year}."
        tail = f" doi: {doi_text}." if doi_text else ""
    elif style == "nature":
        if book:
            text = f"{_dot(who)} {title} ({publisher + ', ' if publisher else ''}{year})."
        else:
            text = f"{_dot(who)} {_dot(title)} {venue}" + (f" {vol}" if vol else "") + (f", {pages}" if pages else "")
            text += f" ({year})."
        tail = f" https://doi.org/{doi_text}" if doi_text else ""
    elif style == "chicago":
        text = f"{_dot(who)} {year}."
        if book:
            text += f" {_dot(title)}" + (f" {_dot(publisher)}" if publisher else "")
        else:
            text += (
                f" \u201c{_dot(title)}\u201d {venue}"
                + (f" {vol}" if vol else "")
                + (f" ({iss})" if iss and vol else "")
            )
            text += (f": {pages}" if pages else "") + "."
        tail = f" https://doi.org/{doi_text}." if doi_text else ""
    elif style == "mla":
        if book:
            text = f"{_dot(who)} {_dot(title)} " + (f"{publisher}, " if publisher else "") + f"{year}."
        else:
            text = f"{_dot(who)} \u201c{_dot(title)}\u201d {venue}" + (f", vol. {vol}" if vol else "")
            text += (f", no. {iss}" if iss else "") + f", {year}" + (f", pp. {pages}" if pages else "") + "."
        tail = f" doi:{doi_text}." if doi_text else ""
    else:
        raise ValueError(f"unknown style {style!r}")
    return re.sub(r"\s+", " ", text + tail).strip()


def shows_all(f: dict, style: str) -> bool:
    return shown_authors(style, len(f["authors"])) == len(f["authors"])


def shown_authors(style: str, n: int) -> int:
    """How many of ``n`` authors ``style`` prints (APA 7 prints 19 and the last: 20 in all)."""
    limit = AUTHOR_LIMIT.get(style)
    if limit is None or n <= limit:
        return n
    return {"apa": 19, "vancouver": 6, "conference": 6, "ieee": 1, "nature": 1, "chicago": 7, "mla": 1}[style]
