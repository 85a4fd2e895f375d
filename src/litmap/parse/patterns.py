"""Regular expressions and author-name splitting used by :mod:`litmap.parse.references`.

Kept apart from the parser so that ``references.py`` reads as the steps of parsing one entry,
while the fiddly patterns (names, initials, page ranges, identifiers) live here.
"""

from __future__ import annotations

import re

from litmap.text import ORG_SMALL_WORDS, PARTICLES, YEAR

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
QUOTES = {
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u2032": "'",
    "``": '"',
    "''": '"',
}

#: Leading list numbering: "[3]", "(3)", "3.", "3)" or a bare "33 " before a capital.
NUMBERING = re.compile(r"^\s*(?:\[\s*\d+[a-z]?\s*\]|\(\d+\)|\d{1,4}[.)](?!\d)|\d{1,3}(?=\s+[^\W\d_]))\s*")
URL = re.compile(
    r"(?:(?:Retrieved|Available)\s+(?:from|at|online):?\s*|(?:Disponível|Disponible|Disponibile)\s+(?:em|en|sur|su):?\s*"
    r"|Verfügbar unter:?\s*|\[Online\]\.?\s*|URL:?\s*)?"
    r"((?:https?://|www\.)[^\s<>\"]+)",
    re.IGNORECASE,
)
ACCESSED = re.compile(
    r"[(\[]?\b(?:accessed|retrieved|last accessed|viewed|cited|visited|acesso em|acessado em|consultado(?: el| em)?"
    r"|consulté le|abgerufen(?: am)?|zugriff(?: am)?|zugegriffen(?: am)?)\b(?: on)?:?[^()\[\]]{0,40}?"
    r"(?:\d{4})[)\]]?[.,]?",
    re.IGNORECASE,
)
#: "(2008)", "(2008a)", "(2008, May 3)", "(n.d.)" — the APA/Harvard date after the authors.
PAREN_YEAR = re.compile(
    r"\(\s*(?:(" + YEAR + r")[a-z]?(?:\s*[,/][^()]{0,30})?|n\.\s?d\.|in press|forthcoming)\s*\)", re.IGNORECASE
)
#: A bare year, not glued to other digits, a dash (page ranges) or a colon.
BARE_YEAR = re.compile(r"(?<![\d\-/:.])(" + YEAR + r")[a-z]?(?![\d\-]|:\d)")
PAGES = r"(?:[A-Za-z]{0,4}\d+[A-Za-z]?(?:\.\d+)?(?:\s*-\s*[A-Za-z]{0,4}\d+[A-Za-z]?(?:\.\d+)?)?)"
#: Journal tails, most specific first: each captures volume, issue and pages where present.
JOURNAL_TAILS = [
    re.compile(
        r";\s*(?P<vol>\d+)?\s*(?:\((?P<iss>[^()]{1,20})\)|\s(?P<iss3>(?:Suppl|Supplement|Pt|Part)\.?\s*\w{1,4}))?"
        r"\s*:\s*(?P<pages>" + PAGES + r")"
    ),
    re.compile(
        r"\b(?:vol(?:ume)?\.?|v\.)\s*(?P<vol>\d+)(?:[,.]?\s*(?:no|nr|issue|n°|num|n(?=\.))\.?\s*(?P<iss>\d+[\w/-]*))?"
        r"(?:[,.:]?\s*(?:\([^()]*\)\s*[,:]?\s*)?(?:pp?\.|pages)?\s*(?P<pages>" + PAGES + r"))?",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?<![\w-])(?P<vol>\d+)\s*,?\s*(?:(?:no|nr|n°|issue)\.?\s*(?P<iss2>\d+[\w/-]*)|\((?P<iss>[^()]{1,20})\))\s*(?:[:,.]\s*(?:pp?\.\s*)?(?P<pages>"
        + PAGES
        + r")(?![\w(]))?"
    ),
    # "491:56-65", "155A:2161-2169", "25, 408-412" (not "1,092": a comma in a number has no space after it)
    re.compile(
        r"(?<![\w-])(?P<vol>\d+[A-Z]?)\s*(?::|,(?=\s|[A-Za-z]?\d+\s*-))\s*(?:pp?\.\s*)?(?P<pages>"
        + PAGES
        + r")(?![\w(]|\s*\()"
    ),
    re.compile(r"(?:,|\.)\s*(?:pp?\.|pages)\s*(?P<pages>" + PAGES + r")", re.IGNORECASE),
    re.compile(r";\s*(?P<pages>\d+\s*-\s*\d+)\s*\.?\s*$"),  # "… Heidelberg. 2001;420–434." (pages after the year)
    re.compile(r"(?<=[A-Za-z])\s+(?P<pages>\d+\s*-\s*\d+)\s*\.?\s*$"),  # "The Oxford handbook of neuroethics 101–117."
    re.compile(r"(?<=[A-Za-z])\s+(?P<pages>[a-z]{1,4}\d{3,})\s*\.?\s*$"),  # an e-locator alone: "… in Biology a020370."
    re.compile(r"(?<=[a-z])\s+(?P<vol>\d{1,4})\s*\.?\s*$"),  # "Image and Vision Computing 27." (volume only)
]
#: Preprint servers: the name after a preprint's title is where it appeared, not a publisher.
PREPRINT = re.compile(
    r"^(?:arXiv|CoRR|bioRxiv|medRxiv|ChemRxiv|PsyArXiv|SocArXiv|OSF Preprints|SSRN|Research Square|Preprints)\b"
)
CHAPTER = re.compile(r"(?:^|[.,?!]\s+)(?:In|in:|In:|Dans)\s+(?=\S)|^\s*,?\s*in\s+(?=[A-Z])")
EDITORS = re.compile(
    r"\((?:Eds?|eds?|Hrsg|Hg|dir|coord|editors?)\.?\)|,\s*editors?\b\.?|,?\s+\b(?:eds?|Eds?)\.(?=\s*(?:,|$))|,?\s+\(?edited by\b[^,.]*",
    re.IGNORECASE,
)
#: "Place: Publisher" at the end of a book entry; the place may carry its state or country as
#: "Cambridge, MA" or, in PLOS/NLM style, in brackets: "Plainview (New York): Cold Spring Harbor …".
PLACE_PUBLISHER = re.compile(
    r"(?:^|[.,]\s+)([A-Z][\w .'/-]{1,40}?(?:,\s*[A-Z][\w .]{1,25})?(?:\s\([A-Z][\w .,]{1,30}\))?)\s*:\s*([^:]{2,80}?)\s*$"
)
ET_AL = re.compile(r",?\s*(?:\bet\.?\s*al\b\.?|\band others\b)", re.IGNORECASE)
CORPORATE_WORDS = re.compile(
    r"\b(?:Association|Organi[sz]ation|Institute|Institut|Society|Council|Department|Collaboration|Group|Committee|"
    r"Agency|Cent(?:er|re)|University|Foundation|Office|Ministry|Bureau|Board|Commission|Inc|Ltd|Company|"
    r"Corporation|Service|Services|Network|Consortium|Team|Project|Panel|Academy|Government|Federation|Union|"
    r"Press|Trust|Programme|Program|Administration|Authority|World|National|International|Health|Clinic|Hospital|"
    r"Laboratory|Laboratories|Registry|Commission|Survey|Statistics|Library|Museum|Court|Parliament|Congress|"
    r"Bank|Fund|Forum|Alliance|Initiative|Coalition|Partnership|Unit|Centers|Collaborative|Investigators|"
    r"Conselho|Consejo|Ministério|Ministerio|Instituto|Sociedad|Sociedade|Gesellschaft|Bundesamt)\b"
)

#: Words that make a name in an author list a group: "ResPECT investigators", "CRICK COVID19 Consortium".
GROUP_MEMBER = re.compile(
    r"\b(?:investigators|consortium|collaboration|collaborators|collaborative|group|team|committee|network|"
    r"initiative|writing group|study group|working group|trialists)\b",
    re.IGNORECASE,
)


def _is_group_name(token: str) -> bool:
    """ "ResPECT investigators", "CRICK COVID19 Consortium": a group named among people (not a title)."""
    words = token.split()
    if not GROUP_MEMBER.search(token) or not 1 < len(words) <= 8 or not words[0][:1].isupper():
        return False
    plain = [w for w in words if not GROUP_MEMBER.fullmatch(w) and w.lower() not in ("of", "for", "and", "the", "on")]
    return sum(w[:1].islower() for w in plain) <= len(plain) / 2


SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
#: How long an author list may be: consortium papers list hundreds of names (eLife cites one with 339).
MAX_AUTHOR_CHARS = 12000


def is_particle(words: list[str], i: int) -> bool:
    """Whether ``words[i]`` is a name particle ("van", "de", "da", "De" in "De Gennaro") here.

    A particle stands before a family name: "van Harreveld A", "da Silva", "De Vogli". The same
    letters in capitals after a family name are initials: in Vancouver's "Stapel DA" or
    "Clarke LE", "DA" and "LE" are a person's initials, not the particles "da" and "le".

    >>> is_particle(["Stapel", "DA"], 1), is_particle(["van", "Harreveld", "A"], 0), is_particle(["De", "Vogli"], 0)
    (False, True, True)
    """
    word = words[i]
    if word.lower() not in PARTICLES or i == len(words) - 1:
        return False
    return word.islower() or (word[:1].isupper() and word[1:].islower())


_UP = "A-Z\u00c0-\u00de\u0100-\u017f"
_WORD = rf"[{_UP}][\w'\u2019-]*"
#: A run of initials: "J.", "W. E.", "M.-M.", "J.K.", "Th.", or Vancouver "JJ".
INITIALS = re.compile(rf"^(?:[{_UP}][a-z]?\.?\s*(?:-\s*)?){{1,4}}$")
DOTTED_INITIALS = re.compile(rf"^(?:[{_UP}][a-z]?\.\s*(?:-\s*)?)+$")
VANCOUVER_NAME = re.compile(
    rf"^((?:(?:{'|'.join(sorted(PARTICLES - {'st.'}))})\s+)*{_WORD}"
    rf"(?:\s+(?:(?:e|y|i|{'|'.join(sorted(PARTICLES - {'st.'}))})\s+)*{_WORD}){{0,2}})\s+"
    rf"([{_UP}](?:\.?-?[{_UP}]){{0,3}}\.?)$"
)
INITIALS_FIRST = re.compile(rf"^((?:[{_UP}][a-z]?\.\s*(?:-\s*)?)+)((?:[a-z']+\s+)*{_WORD}(?:\s+{_WORD})?)$")
NAME_WORD = re.compile(rf"^(?:{_WORD}|[{_UP}][a-z]?\.(?:-?[{_UP}]\.)*|[a-z]+'?)$")


_PDF_HYPHEN = re.compile(r"(\w)- (\w)")
_ELLIPSIS = re.compile(r",?\s*(?:\.\s*){3}|,?\s*…")
_SPACES = re.compile(r"\s+")
_ODD_SPACES = re.compile(r"[^\S ]| {2}")
_LAST_INITIAL = re.compile(r"(?:^|[\s.-])[A-Z\u00c0-\u00de][a-z]?\.$")
_AND = re.compile(r"\s*(?:,?\s*&|,?\s+and\s+|,?\s+und\s+|,?\s+et\s+|,?\s+y\s+)\s*")


# Names are split several times an entry (the rules try each candidate author block, the learned
# parser splits its author span): each step below runs only where its pattern can match at all,
# which keeps parsing fast and gives the same result.
def _clean_name_text(segment: str) -> str:
    if "- " in segment:
        segment = _PDF_HYPHEN.sub(r"\1-\2", segment)  # "Martin- Facklam": a PDF line-break artefact
    if "…" in segment or segment.count(".") >= 3:
        segment = _ELLIPSIS.sub(", ", segment)  # APA's ". . ." before the last of many authors
    if _ODD_SPACES.search(segment):
        segment = _SPACES.sub(" ", segment)
    segment = segment.strip(" ,;:")
    return segment if segment.endswith(".") and _LAST_INITIAL.search(segment) else segment.rstrip(". ,")


def _tokens(segment: str) -> list[str]:
    lower = segment.lower()
    if "et" in lower or "and other" in lower:
        segment = ET_AL.sub("", segment)
    if any(mark in lower for mark in ("ed", "hr", "hg", "dir", "coord")):  # "Eds.", "Hrsg.", "edited by"…
        segment = EDITORS.sub("", segment)
    if (
        "&" in segment
        or any(f" {word} " in segment for word in ("and", "und", "et", "y"))
        or _ODD_SPACES.search(segment)
    ):
        segment = _AND.sub(", ", segment)
    if ";" in segment:
        out = []
        for part in (t.strip(" ,") for t in segment.split(";")):
            out.extend(t.strip() for t in part.split(",", 1) if t.strip())
        return out
    if re.match(rf"^{_WORD}(?:\s{_WORD})?,\s*[{_UP}]", segment) and not re.search(
        r"[A-Z]\.,", segment
    ):  # "Sasayama, D. Hattori, K." -> commas
        segment = re.sub(
            rf"(?<=[^\W\d_]{{2}}, )([{_UP}]{{1,3}}\.)\s+(?={_WORD}(?:\s{_WORD})?,\s*[{_UP}])", r"\1, ", segment
        )
    return [t.strip(" ") for t in segment.split(",") if t.strip(" ") and not _SUFFIX_TOKEN.match(t.strip())]


_SUFFIX_TOKEN = re.compile(r"^(?:Jr|Sr|I{2,3}|IV|\d(?:st|nd|rd|th))\.?$")


def _is_given(token: str) -> bool:
    words = token.replace(".", ". ").split()
    return 0 < len(words) <= 3 and all(NAME_WORD.match(w) and w[0].isupper() for w in words)


def _name_words_ok(token: str) -> bool:
    words = token.split()
    if not words or len(words) > 4:
        return False
    for w in words:
        if w.lower() in PARTICLES or w.lower().strip(".") in SUFFIXES:  # "Andrade, Mário de": a trailing particle
            continue
        if not NAME_WORD.match(w) or not w[0].isupper():
            return False
        if w.endswith(".") and len(w.rstrip(".")) > 2 and "." not in w[:-1]:
            return False  # a full word closed by a period ends a sentence, not a name
    return True


def _natural(token: str) -> dict | None:
    """'S. B. Hooker', 'Konrad Rieck', 'Ludwig van Beethoven', 'Smith JJ' -> person dict."""
    token = token.strip(" .")
    # "Pettijohn TF II", "Riese DJ 2nd": the generational suffix is no initial
    token = re.sub(r"(?<=\S)\s+(?:Jr|Sr|II|III|IV|[2-9](?:nd|rd|th))\.?$", "", token)
    m = VANCOUVER_NAME.match(token)
    if m:
        return {"family": m.group(1), "given": m.group(2)}
    m = INITIALS_FIRST.match(token)
    if m:
        return {"family": m.group(2), "given": m.group(1).strip()}
    if not _name_words_ok(token):
        return None
    words = token.split()
    if words[-1].lower().strip(".") in SUFFIXES and len(words) > 2:
        words = words[:-1]
    if len(words) == 1:
        return {"family": words[0]}
    i = len(words) - 1
    while i > 1 and is_particle(words, i - 1):
        i -= 1
    return {"family": " ".join(words[i:]), "given": " ".join(words[:i])}


def split_authors(segment: str) -> list[dict] | None:
    """Split an author segment into persons, or return None when it does not read as names.

    Handles "Family, I.", "Family IJ", "I. Family", "Given Family", "Family, Given" (first author
    in MLA/Chicago), particles, "et al." (dropped) and editor markers. A segment with organisation
    words and no person pattern becomes one ``{"literal": ...}`` author.
    """
    segment = _clean_name_text(segment)
    if not segment or len(segment) > MAX_AUTHOR_CHARS:
        return None
    tokens = _tokens(segment)
    if not tokens:
        return [] if ET_AL.search(segment) else None
    people: list[dict] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        words = tok.split()
        single = len([w for k, w in enumerate(words) if not is_particle(words, k)]) == 1 or (
            "-" in tok and " " not in tok
        )
        if (
            nxt is not None
            and single
            and not VANCOUVER_NAME.match(tok)  # "Stapel DA, Lindenberg S.": two people, not "Family, Given"
            and _name_words_ok(tok)
            and (INITIALS.match(nxt) or (i == 0 and _is_given(nxt) and not INITIALS_FIRST.match(nxt)))
        ):
            people.append({"family": tok, "given": nxt.strip()})
            i += 2
            continue
        person = _natural(tok)
        if person is None and people and _is_group_name(tok):
            person = {"literal": tok}  # "…, Perl TM, ResPECT investigators": a group among the people
        if person is None:
            return None
        people.append(person)
        i += 1
    return people


def corporate_author(segment: str) -> list[dict] | None:
    """One literal author when the segment names an organisation.

    "World Health Organization", "WHO", and the long names government reports carry ("U.S.
    Department of Health and Human Services, Health Resources and Services Administration, Office
    of Rural Health Policy"): capitalised words, small words, commas between units, an
    organisation word somewhere, and no initials that would make it a list of people.

    >>> corporate_author("U.S. Department of Labor")
    [{'literal': 'U.S. Department of Labor'}]
    >>> corporate_author("Smith, J., & Lee, K.") is None
    True
    """
    segment = _clean_name_text(segment)
    plain = re.sub(r"\b(?:U\.S|U\.K|U\.N|E\.U)\.", "US", segment)  # "U.S." is a country, not initials
    words = plain.split()
    if not 0 < len(words) <= 45 or re.search(r"[\d:;\"]|\w\.\s+\w{3,}|,\s*[A-Z][a-z]?\.(?:\s|,|$)", plain):
        return None
    lower = [w for w in words if not (w[:1].isupper() or w.lower().strip(",") in ORG_SMALL_WORDS)]
    if len(lower) > max(0, len(words) // 6):  # "National Institute for health and Clinical Excellence"
        return None
    if "," in plain and not CORPORATE_WORDS.search(plain.split(",")[0]):
        return None  # commas join units of one organisation, never people
    if CORPORATE_WORDS.search(plain) or re.fullmatch(r"[A-Z]{2,10}", plain):  # "WHO", "APA", "NICE"
        return [{"literal": segment}]
    return None


_PAGE_RANGE = re.compile(r"^([A-Za-z]{0,3})(\d+)\s*-\s*([A-Za-z]{0,3})(\d+)$")


def normalise_pages(value: str | None) -> str | None:
    """A page range with dashes as '-' and an abbreviated end written out in full.

    "113-26" → "113-126", "R875-8" → "R875-R878", "1425–37" → "1425-1437". A single page, an
    e-locator or an article number ("e1000144", "CD008880", "11615") and anything that is not a
    plain range are returned as they are (dashes aside), so a comparison never invents pages.
    Used by :func:`litmap.parse.references.parse_reference` and by the audit's page comparison.

    >>> normalise_pages("R875-8"), normalise_pages("113–26"), normalise_pages("e1000144")
    ('R875-R878', '113-126', 'e1000144')
    """
    if value is None:
        return None
    text = str(value).strip()
    for dash in DASHES:
        text = text.replace(dash, "-")
    text = re.sub(r"\s*-+\s*", "-", text)
    m = _PAGE_RANGE.match(text)
    if not m:
        return text
    prefix, first, prefix2, last = m.groups()
    if prefix2 and prefix2 != prefix:
        return text
    if len(last) < len(first):
        full = first[: len(first) - len(last)] + last
        if int(full) >= int(first):
            last = full
    return f"{prefix}{first}-{prefix}{last}"
