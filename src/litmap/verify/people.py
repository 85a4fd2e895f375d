"""Does a citation list the record's authors? Align the two lists and say which author differs.

:func:`compare_authors` aligns the people a citation names with the record's, in order, and says in
words what differs: an author the record does not have, one of the record's the citation leaves out,
a name spelt otherwise, two authors in another order (``authors: cited "Voss E" (2nd), not in the
record``). Tolerated: "et al.", "and others" and lists cut by a style's author limit (APA's ". . ."
before the last author too); initials for given names (only family names are compared, and first
initials where two record authors share a family name: "Lee H", "Lee G"); particles ("van der", "de"),
hyphens and spaces inside a name, accents and the German transliterations ("Müller", "Mueller"). A
group author is compared by its own words when both lists are groups ("WHO" is the World Health
Organization, "American Psychological Association" not the Psychiatric one); beside persons, it is
missing only from a list that names every person and is not cut.

The citation's parsed authors can be wrong where the string is not (a title read as a name); each
difference is therefore checked against the entry as written (``raw``) before it is reported: a
record author whose name is in the entry is not missing, and record authors named in the record's
order are not out of order.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache

from rapidfuzz import fuzz

from litmap.parse.patterns import EDITORS
from litmap.text import PARTICLES, fold

__all__ = ["NEAR_NAME", "compare_authors", "is_cut"]

#: Two family names at least this similar (0–1, after folding) are one author spelt two ways.
NEAR_NAME = 0.75
#: "et al.", "and others", "u. a." or APA's ". . ." / "…" before the last author: the list is cut.
_CUT = re.compile(
    r"\bet\.?\s*al\b|\b(?:and\s+|,\s*)others\b|\bu\.\s*a\.|,\s*(?:\.\s*){3}|,\s*\u2026|\bet\s+alii\b", re.I
)
_TRANSLITERATIONS = (("ae", "a"), ("oe", "o"), ("ue", "u"), ("\u00df", "ss"), ("ph", "f"), ("th", "t"), ("aa", "a"))
#: Letters no accent can be stripped from, as their languages write them in Latin letters ("Østergaard",
#: "Oestergaard", "Ostergaard"; "Łukasz", "Lukasz"), before the transliterations are undone.
_LETTERS = str.maketrans(
    {
        "\u00f8": "oe",
        "\u00e6": "ae",
        "\u0153": "oe",
        "\u0142": "l",
        "\u0111": "d",
        "\u0131": "i",
        "\u00f0": "d",
        "\u00fe": "th",
    }
)
_PARTICLES = frozenset(p.strip(".'") for p in PARTICLES)
#: An author list's separators ("A, B, and C"; "A & B") and a name written in full: given name(s) and initials,
#: particles in lower case, a family name ("Clara I. Sánchez", "Jeroen A.W.M. van der Laak").
_LIST_SPLIT = re.compile(r",\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+")
_FULL_NAME = re.compile(
    r"[^\W\d_][^\W\d_'\u2019-]{1,40}(?:[\s.-]{1,3}(?:[A-Z]\.?|[^\W\d_]{2,40}[.'\u2019-]?)){0,4}\s{1,3}(?:[a-z]{1,3}\s{1,3}){0,2}[A-Z][^\W\d_'\u2019-]{0,40}(?:[-'\u2019][^\W\d_'\u2019-]{1,40}){0,3}"
)
#: A name written family name first with initials after a comma ("O'Connell, M.J.", "van den Beek, M.").
_INVERTED = re.compile(
    r"(?<![\w'\u2019-])(?:(?!and\s|et\s)[a-z]{1,3}\s){0,2}[A-Z][^\W\d_'\u2019-]{0,40}(?:['\u2019-][^\W\d_]{1,40}){0,3}(?:\s[A-Z][^\W\d_'\u2019-]{1,40}){0,2},\s?(?:[A-Z]\.\s?-?){1,4}(?:,|\s(?:and|&)\s|\s?&\s?|$)?"
)
#: IEEE's initials first: "D. R. Uit de Weerd", "T.-Y. Lin", "C. von der Malsburg".
_INITIALS_FIRST = re.compile(
    r"(?:[A-Z]\.\s?-?\s?){1,4}(?:[^\W\d_][^\W\d_'\u2019-]{0,40}\s){0,3}[A-Z][^\W\d_'\u2019-]{1,40}(?:[-'\u2019][^\W\d_]{1,40}){0,3}"
)
#: Vancouver's "Le Meur K", "De Zeeuw CI", "Hillman-Jackson J".
_VANCOUVER_NAME = re.compile(
    r"(?:(?!and\s|et\s)[a-z]{1,3}\s){0,2}[A-Z][^\W\d_'\u2019-]{0,40}(?:['\u2019-][^\W\d_]{1,40}){0,3}(?:\s[A-Z][^\W\d_'\u2019-]{1,40}){0,2}\s[A-Z]{1,4}"
)
_GROUP_WORDS = ("group", "collaboration", "consortium", "investigators", "committee", "collaborative", "trialists")
_INITIAL = re.compile(r"[^\W\d_]\.?")
#: Initials for given names ("T. H.", "ZJ", "J.-P."), as a person's, not a group's, name has them.
_PERSON_INITIALS = re.compile(r"(?:[A-Z]\.?[\s-]{0,2}){1,4}")


def _family(person) -> str | None:
    if isinstance(person, Mapping):
        return person.get("family") or None
    return None


def _group(person) -> str | None:
    if isinstance(person, Mapping) and not person.get("family"):
        return person.get("literal") or person.get("name") or None
    return None


@lru_cache(maxsize=50_000)
def _key(name: str) -> str:
    """A family name as compared: folded, particles and spaces dropped, transliterations undone."""
    words = fold(name).split()
    kept = [w for w in words if w not in _PARTICLES] or words
    return _translit("".join(kept))


@lru_cache(maxsize=50_000)
def _parts(name: str) -> frozenset[str]:
    return frozenset(_key(p) for p in re.split(r"[-\s]+", str(name)) if len(p) > 2)


def _same(a: dict, b: dict) -> bool:
    """One person: the same family name, or one part of a double-barrelled name, or given and family swapped."""
    fa, fb = _family(a), _family(b)
    if _key(fa) == _key(fb):
        return True
    if _parts(fa) & {_key(fb)} or _parts(fb) & {_key(fa)}:
        return True
    ga, gb = a.get("given"), b.get("given")
    return bool(ga and gb) and _key(fa) == _key(gb) and _key(ga) == _key(fb)


def _first_initial(person: dict) -> str:
    """The first letter of a person's given name(s), folded ("" when none is given)."""
    given = fold(str(person.get("given") or ""))
    found = re.search(r"[^\W\d_]", given)
    return found.group(0) if found else ""


def _shared(record: list[dict]) -> frozenset[str]:
    """Family names (as compared) that two or more of the record's authors share ("Lee H", "Lee G")."""
    counts = Counter(_key(_family(p)) for p in record if _family(p))
    return frozenset(k for k, n in counts.items() if n > 1)


def _same_one(a: dict, b: dict, shared: frozenset[str]) -> bool:
    """:func:`_same`, and for a family name two record authors share, the same first initial where both
    sides give one: "Lee G" is not "Lee H" when the record has both (either may be written without one)."""
    if not _same(a, b):
        return False
    if _key(_family(b)) not in shared:
        return True
    first_a, first_b = _first_initial(a), _first_initial(b)
    return not (first_a and first_b) or first_a == first_b


def _near(a: dict, b: dict) -> bool:
    return fuzz.ratio(_key(_family(a)), _key(_family(b))) / 100 >= NEAR_NAME


def _shown(person: dict) -> str:
    """'Voss E': the family name and initials, as a person reads a citation."""
    initials = "".join(w[0] for w in re.split(r"[\s.\-]+", person.get("given") or "") if w[:1].isalpha())
    return f"{person['family']} {initials.upper()}".strip()


def _nth(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def is_cut(raw: str | None) -> bool:
    """True when the entry says its author list is cut ("et al.", "and others", ". . .").

    >>> is_cut("Smith J, Jones K, et al. A title."), is_cut("Smith J, Jones K. A title.")
    (True, False)
    """
    return bool(raw and _CUT.search(raw))


def _in_raw(person: dict, words: list[str]) -> int | None:
    """Where the person's family name stands in the entry's words (the index), None when it is not there."""
    key = _key(_family(person))
    if not key:
        return None
    for i in range(len(words)):
        joined = ""
        for j in range(i, min(i + 4, len(words))):  # "van der Berg", "Martin- Facklam": up to four words
            if j > i and words[j] in _PARTICLES and key.startswith(_translit(joined)):
                continue  # a particle inside the name ("Ribeiro Dos Santos"), left out of the key as well
            joined += words[j]
            if _translit(joined) == key:
                return i
            if len(joined) >= len(key):
                break
    return None


def _times_in_raw(person: dict, words: list[str]) -> int:
    """How many times the person's family name stands in the entry's words."""
    found, start = 0, 0
    while start < len(words):
        at = _in_raw(person, words[start:])
        if at is None:
            break
        found, start = found + 1, start + at + 1
    return found


def _name_words(name: str) -> list[str]:
    """A family name's words that are not particles ("van der Loeff" -> ["Loeff"])."""
    return [w for w in str(name).split() if fold(w) not in _PARTICLES] or str(name).split()


def _translit(text: str) -> str:
    text = text.translate(_LETTERS)
    for a, b in _TRANSLITERATIONS:
        text = text.replace(a, b)
    return text


def _align(cited: list[dict], record: list[dict]) -> list[tuple[int, int]]:
    """Pairs (cited index, record index) of one person each, in order (longest common subsequence).

    A name spelt otherwise pairs only names without a counterpart spelt alike: "Zhao", "Zhou" written
    in the record's other order are two people moved, not each the other's misspelling. Two record
    authors sharing a family name pair by their first initials too ("Li Z", "Li S").
    """
    n, m = len(cited), len(record)
    shared = _shared(record)
    exact_a = [any(_same_one(a, b, shared) for b in record) for a in cited]
    exact_b = [any(_same_one(a, b, shared) for a in cited) for b in record]

    def one(i: int, j: int) -> bool:
        return _same_one(cited[i], record[j], shared) or (
            not exact_a[i] and not exact_b[j] and _near(cited[i], record[j])
        )

    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if one(i, j):
                table[i][j] = 1 + table[i + 1][j + 1]
            else:
                table[i][j] = max(table[i + 1][j], table[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if one(i, j) and table[i][j] == 1 + table[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def compare_authors(
    cited, record, raw: str | None = None, *, context: str = "", full_raw: str | None = None
) -> list[str]:
    """What differs between the authors a citation names and the record's, in words; [] when they agree.

    Parameters
    ----------
    cited : list of dict
        The citation's authors (``{family, given}`` or ``{literal}``), as the parser gives them.
    record : list of dict
        The record's (Crossref's ``{family, given}`` or ``{name}``).
    raw : str, optional
        The entry as written: "et al." is read there, and each difference is checked against it.
    context : str
        The record's title and venue: a cited "author" that is one of their words is a misread, not a person.
    full_raw : str, optional
        The whole entry when ``raw`` is only its part before the title: a record author named anywhere
        in it is not missing.

    Examples
    --------
    >>> record = [{"family": "Eisenberger", "given": "Naomi I."}, {"family": "Lieberman", "given": "Matthew D."}]
    >>> compare_authors([{"family": "Eisenberger", "given": "N. I."}, {"family": "Voss", "given": "E."},
    ...                  {"family": "Lieberman", "given": "M. D."}], record)
    ['authors: cited "Voss E" (2nd), not in the record']
    >>> compare_authors([{"family": "Eisenberger", "given": "N."}], record, "Eisenberger N, et al. (2003).")
    []
    """
    cited = [p for p in cited or [] if isinstance(p, Mapping)]
    record = [p for p in record or [] if isinstance(p, Mapping)]
    # "et al" read as a person ("Zeng, J. L., et al." gives one named "al")
    cut_words = ("others", "et al", "al") if is_cut(raw or full_raw) else ("others", "et al")
    # "Altman DG, PRISMA Group": a group the parse split as a person named "Group", not an added author
    people_a = [p for p in cited if _family(p) and fold(_family(p)) not in cut_words + _GROUP_WORDS]
    # a "family name" of three words or more is a group ("for the WHO mHealth … Group"): compared as a group
    # (particles aside: "van der Loeff" is a person)
    people_b = [p for p in record if _family(p) and len(_name_words(_family(p))) < 3]
    group_words = {
        _translit(w) for p in record for w in fold(_group(p) or (_family(p) if p not in people_b else "")).split()
    }
    if not people_a or not people_b:
        if record and not people_b:  # the record names groups only: a person the citation adds is not one of them
            known = group_words | {_translit(w) for w in fold(context).split()}
            beside = _people_beside_groups(people_a, known) or _names_beside_groups(raw, record, known)
            return beside or (_compare_groups(cited, record, raw) if not people_a else [])
        return _compare_groups(cited, record, raw) if not people_a and not people_b else []
    words = [_translit(w) for w in fold(raw).split()] if raw else []
    context_words = {_translit(w) for w in fold(context).split()}
    pairs = _align(people_a, people_b)
    shared = _shared(people_b)
    matched_a, matched_b = {i for i, _ in pairs}, {j for _, j in pairs}
    last = max(matched_b, default=-1)
    cut = is_cut(raw)
    ellipsis = bool(raw and re.search(r",\s*(?:\.\s*){3}|,\s*\u2026", raw))
    out = []
    for i, j in pairs:  # one person, spelt two ways
        if not _same(people_a[i], people_b[j]) and (not words or _unwritten(people_b[j], people_a, words, shared)):
            out.append(f'authors: cited "{_shown(people_a[i])}" ({_nth(i + 1)}), record "{_shown(people_b[j])}"')
    extra = [i for i in range(len(people_a)) if i not in matched_a]
    unmatched = [j for j in range(len(people_b)) if j not in matched_b]
    for i in list(extra):  # another name in the same place (and the record's not in the entry): replaced
        if _key(_family(people_a[i])) in context_words and not people_a[i].get("given"):
            continue  # a word of the title read as a person ("Babor TF and others, AUDIT: the …"), not a name
        if i in unmatched and not any(_same_one(people_a[i], people_b[j], shared) for j in unmatched):
            if words and _in_raw(people_b[i], words) is not None:
                continue  # the entry names the record's author elsewhere: the parse misplaced it
            extra.remove(i)
            unmatched.remove(i)
            out.append(f'authors: cited "{_shown(people_a[i])}" ({_nth(i + 1)}), record "{_shown(people_b[i])}"')
    # past the last author both name, the record's are missing only when the entry does not cut its list
    # (without the entry as written, whether it does is unknown)
    missing = [j for j in unmatched if j < last or not (cut or raw is None)]
    if ellipsis and len(pairs) >= 2 and pairs[-1][1] == len(people_b) - 1:  # APA 7: 19 authors, ". . .", the last
        missing = [j for j in missing if j < pairs[-2][1]]
    for i in list(extra):  # the same person in another place: the order differs
        # (past the last author both name too: "Hinde, S., Loughran, N. B., and others" for Loughran, Hinde, …)
        later = [j for j in unmatched if j not in missing]
        j = next((j for j in missing + later if _same_one(people_a[i], people_b[j], shared)), None)
        if j is None:
            continue
        extra.remove(i)
        unmatched.remove(j)
        if j in missing:
            missing.remove(j)
        # the entry's words show the order of names written once; of a name two authors share, only the
        # initials the parse read do ("Lee, G.; Lee, H." for Lee H and Lee G)
        by_words = _key(_family(people_b[j])) not in shared and words and _raw_order_agrees(people_b, words)
        if i != j and not by_words:
            out.append(
                f'authors: "{_shown(people_a[i])}" is {_nth(i + 1)} in the citation, {_nth(j + 1)} in the record'
            )
    record_families = {_key(_family(b)) for b in people_b}
    given_words = {_translit(w) for b in people_b for w in fold(b.get("given") or "").split()}
    given_words |= {_key(b.get("given") or "") for b in people_b}
    for i in extra:
        key = _key(_family(people_a[i]))
        family = fold(_family(people_a[i]))
        words_of = {_translit(w) for w in family.split()}  # as the context words are
        if (
            key in context_words
            or key in given_words
            or (family in _PARTICLES and not _particle_as_name(people_a[i]))
            or words_of <= context_words | group_words
        ):
            continue  # a word of the title or venue, a record author's given name, or "de", read as a person
        if any(key in _parts(_family(b)) for j, b in enumerate(people_b) if j not in matched_b):
            continue  # half of a record author's double-barrelled name (one the citation names whole is not)
        if _INITIAL.fullmatch(_family(people_a[i])) and _key(people_a[i].get("given") or "") in record_families:
            continue  # "Davey Smith, G., Schneider, M.": a list the parse read one name out of step ("G." Schneider)
        out.append(f'authors: cited "{_shown(people_a[i])}" ({_nth(i + 1)}), not in the record')
    if not cut:
        out += _unread_names(raw, people_b, people_a, group_words | context_words)
    everywhere = [_translit(w) for w in fold(full_raw).split()] if full_raw else words
    for j in missing:
        # the entry names this author (perhaps as an editor, after the title) and the parse lost it; a name two
        # authors share ("Salman Khan", "Fahad Shahbaz Khan") counts once for each author the parse did read
        same = sum(_key(_family(people_b[k])) == _key(_family(people_b[j])) for k in matched_b)
        if everywhere and _times_in_raw(people_b[j], everywhere) > same:
            continue
        out.append(f'authors: "{_shown(people_b[j])}" ({_nth(j + 1)} in the record) is missing from the citation')
    if not out and words:
        out += _raw_order(people_b, words)
    if not cut and raw is not None and len(pairs) == len(people_b):
        out += _groups_left_out(record, people_b, full_raw or raw)
    return out


def _groups_left_out(record: list[dict], people: list[dict], raw: str) -> list[str]:
    """The record's group authors an entry leaves out of a list that names every one of the record's
    persons and is not cut ("Radonovich LJ, …, Perl TM. 2019." for a record ending in "ResPECT
    investigators"): named nowhere in the entry, not even by half its own words."""
    out = []
    words = {_translit(w) for w in fold(raw).split()}
    for n, person in enumerate(record, 1):
        name = _group(person) or (_family(person) if _family(person) and person not in people else None)
        if not name:
            continue
        own = _group_words(name)
        if own and sum(w in words or _key(w) in words for w in own) * 2 < len(own):
            out.append(f'authors: "{name}" ({_nth(n)} in the record) is missing from the citation')
    return out


def _unwritten(person: dict, cited: list[dict], words: list[str], shared: frozenset[str]) -> bool:
    """True when the entry does not write the record author's family name, or writes a name two record
    authors share ("Kramer L. A.", "Kramer M. B.") no more often than the citation's own persons of that name
    ("Kramer, L. A. and M. B. Ksamer": the one "Kramer" is L. A.'s)."""
    key = _key(_family(person))
    if key not in shared:
        return _in_raw(person, words) is None
    return _times_in_raw(person, words) <= sum(_key(_family(p)) == key for p in cited)


def _particle_as_name(person: dict) -> bool:
    """True when a family name that is also a particle is a person's name: capitalised, of three letters
    or more, with initials for a given name ("Das S", "Dos A"), not the "de" of "Ricqlès A de"."""
    family, given = str(_family(person) or ""), str(person.get("given") or "").strip()
    return len(family) >= 3 and family[:1].isupper() and bool(_PERSON_INITIALS.fullmatch(given))


def _raw_order(record: list[dict], words: list[str]) -> list[str]:
    """The first record author the entry names out of the record's order, where the parse hid it.

    A list the parse read out of step ("Davey Smith, G." as "Smith, Davey" and "G.") or cut short
    aligns with nothing to move; the entry's words still show the order. Only names the entry writes
    once count, and at least two of them; a name two record authors share ("Kim S. W.", "Kim J. S."),
    or one that is part of another's ("Smith", "Clayton-Smith"), does not say whose it is.
    """
    keys = [_key(_family(person)) for person in record]
    shared = Counter(keys)
    parts = Counter(part for person in record for part in _parts(_family(person)))
    places = [
        (at, j)
        for j, person in enumerate(record)
        if shared[keys[j]] == 1
        and parts[keys[j]] == (keys[j] in _parts(_family(person)))
        and _times_in_raw(person, words) == 1
        and (at := _in_raw(person, words)) is not None
    ]
    if len(places) < 2:
        return []
    for rank, (_, j) in enumerate(sorted(places)):
        if j != places[rank][1]:
            return [f'authors: "{_shown(record[j])}" is {_nth(rank + 1)} in the citation, {_nth(j + 1)} in the record']
    return []


def _people_beside_groups(people: list[dict], group_words: set[str]) -> list[str]:
    """Persons (a family name and initials) a citation names beside a record whose authors are groups only.

    A group's name the parse cut into "persons" ("Association, American Psychiatric") is made of the
    group's (or the title's) words and is not one.
    """
    out = []
    for n, person in enumerate(people, 1):
        words_of = {_translit(w) for w in fold(_family(person)).split()}
        if _PERSON_INITIALS.fullmatch(str(person.get("given") or "").strip()) and not words_of <= group_words:
            out.append(f'authors: cited "{_shown(person)}" ({_nth(n)}), not in the record')
    return out


def _names_beside_groups(raw: str | None, record: list[dict], known: set[str]) -> list[str]:
    """Persons the entry names beside the record's group authors, where the parse ran them into one
    author ("UNICEF, & Mackey, S." read as a person "UNICEF, Mackey"; "Australian Sports Commission,
    Killingsworth M." as one group): the names left once the groups' names are taken out of the entry's
    part before the title, written family name first ("Mackey, S.", "Killingsworth M")."""
    if not raw:
        return []
    rest = raw
    for person in record:
        name = _group(person)
        if name:
            rest = re.sub(r"\W+".join(map(re.escape, re.findall(r"\w+", name))), " ", rest, flags=re.I)
    out = []
    for n, item in enumerate(_inverted_names(rest, least=1), 1):
        words = {_translit(w) for w in fold(item).split() if len(w) > 1}
        if words and not words <= known:
            out.append(f'authors: cited "{item}" ({_nth(n)}), not in the record')
    return out


def _unread_names(raw: str | None, record: list[dict], read: list[dict], known: set[str]) -> list[str]:
    """Names of an author list the parse did not read as authors, that are not the record's.

    A long list whose initials the parse stumbled on ("Jeroen A.W.M. van der Laak, Bram van Ginneken, …")
    ends up in the title, a list of 30 names is cut after 20, a name with particles ("D. R. Uit de
    Weerd") is lost: the names the parse did not read were never compared, so an author added there went
    unseen. Read only when every item of the part before the title is a name: written in full ("Given
    Family") or family name first ("Liu, S.", "Le Meur K"), and the entry lists more than the parse read.
    """
    if not raw or EDITORS.search(raw):
        return []  # "Hoefert, H.-W./Härter, M. (Hg.)": editors, whom a record may not list as authors
    text = raw.strip().rstrip("\"'\u201c\u201d\u2018\u2019 ").rstrip(",.:; ")
    items = [x for x in _LIST_SPLIT.split(text) if x.strip()]
    named = all(_is_full_name(x.strip()) or _INITIALS_FIRST.fullmatch(x.strip()) for x in items)
    if len(items) <= len(read) or not named:
        items = _inverted_names(raw)
        if len(items) <= len(read):
            return []
    keys = [_key(_family(b)) for b in record]
    parsed = {_key(_family(p)) for p in read}
    out = []
    for n, item in enumerate(items, 1):
        words = {_translit(w) for w in fold(item).split()} | {_key(item)}
        if any(k and (k in words or k in _key(item)) for k in keys) or words & parsed:
            continue  # the record's, or a name the parse read (and compared)
        if words & set(_GROUP_WORDS) or words <= known:
            continue  # a group ("Cochrane Back Review Group"), or words of the record's groups, title or venue
        out.append(f'authors: cited "{item.strip()}" ({_nth(n)}), not in the record')
    return out


def _inverted_names(raw: str, *, least: int = 2) -> list[str]:
    """The names of an author list written family name first ("Liu, S., Lorenzen, E.D., … and Wang, J.
    (2014)"; "Liu S, Lorenzen ED, …, Wang J."), in order; [] when the part before the title is no such list.

    >>> _inverted_names("Liu, S., Lorenzen, E.D., O'Connell, M.J. and Wang, J. (2014) '")
    ['Liu, S.', 'Lorenzen, E.D.', "O'Connell, M.J.", 'Wang, J.']
    >>> _inverted_names("Saab AS, Le Meur K, De Zeeuw CI. ")
    ['Saab AS', 'Le Meur K', 'De Zeeuw CI']
    """
    text = re.sub(r"\(?\b(?:1[5-9]|20)\d\d[a-z]?\)?[\s.,:'\u2018\u201c\"]*$", "", raw.strip()).strip().rstrip(",;: ")
    found = [m.group(0).strip(" ,;&") for m in _INVERTED.finditer(text)]
    if len(found) >= least and len("".join(found)) >= 0.8 * len(re.sub(r"\s|,|;|&|\band\b", "", text)):
        return found
    items = [x.strip() for x in _LIST_SPLIT.split(text.rstrip(".")) if x.strip()]
    if len(items) >= least and all(_VANCOUVER_NAME.fullmatch(x) for x in items):
        return items
    return []


def _is_full_name(text: str) -> bool:
    """ "Clara I. Sánchez", not "Moher DG" (initials after the family name) nor "PRISMA Group"."""
    words = re.findall(r"[^\W\d_]+", text)
    return bool(
        _FULL_NAME.fullmatch(text)
        and words
        and len(words[-1]) >= 2
        and not words[-1].isupper()
        and all(len(w) == 1 or not w.isupper() for w in words[:-1])
    )


#: Words a group's name may have or not without naming another group ("for the", "Study Group").
_GROUP_FILLER = frozenset(
    (
        "for",
        "the",
        "of",
        "and",
        "on",
        "in",
        "at",
        "to",
        "a",
        "an",
        "&",
        "study",
        "team",
        "teams",
        "writing",
        "groups",
        "network",
        "members",
        "working",
        "steering",
        "trial",
        "research",
    )
) | frozenset(_GROUP_WORDS)


def _group_words(name: str) -> list[str]:
    """A group's own words: folded, initials joined ("U.S." -> "us"), filler left out."""
    words = re.findall(r"[^\W_]+", fold(name))
    joined: list[str] = []
    for w in words:
        if len(w) == 1 and joined and len(joined[-1]) < 4 and joined[-1].isalpha() and w.isalpha():
            joined[-1] += w  # "u s" of "U.S." is "us"
        else:
            joined.append(w)
    return [_translit(w) for w in joined if w not in _GROUP_FILLER]


def _same_group(a: str, b: str) -> bool:
    """One group named two ways: the words of one are all the other's (a word may be abbreviated, "Natl"
    for "National"), or the words one lacks are the initials of those the other lacks ("WHO", "Organization
    WH" for "World Health Organization"). "American Psychological Association" is not the Psychiatric one."""
    wa, wb = _group_words(a), _group_words(b)

    def found(w: str, others: list[str]) -> bool:
        return any(w == o or (len(w) >= 3 and w[0] == o[0] and _in_order(w, o)) for o in others)

    only_a = [w for w in wa if not found(w, wb)]
    only_b = [w for w in wb if not found(w, wa)]
    if not only_a or not only_b:
        return True
    initials_a, initials_b = "".join(w[0] for w in only_a), "".join(w[0] for w in only_b)

    def acronym(word: str, initials: str) -> bool:  # "NICE" of "National Institute for (Health and) Clinical …"
        return len(word) >= 2 and (word == initials or (word[0] == initials[0] and _in_order(word, initials)))

    return any(acronym(w, initials_b) for w in only_a) or any(acronym(w, initials_a) for w in only_b)


def _in_order(short: str, long: str) -> bool:
    """True when ``short``'s letters stand in ``long`` in order (an abbreviation: "natl", "national")."""
    rest = iter(long)
    return len(short) < len(long) and all(c in rest for c in short)


def _compare_groups(cited, record, raw) -> list[str]:
    """Group authors on both sides: the same name (or the record's name written in the entry's authors)."""
    groups_a = [_group(p) for p in cited if _group(p)]
    groups_b = [_group(p) for p in record if _group(p)]
    if not groups_a or not groups_b:
        return []
    if any(_same_group(groups_a[0], b) for b in groups_b) or (raw and fold(groups_b[0]) in fold(raw)):
        return []
    return [f'authors: cited "{groups_a[0]}", record "{groups_b[0]}"']


def _raw_order_agrees(record: list[dict], words: list[str]) -> bool:
    """True when the record's authors found in the entry stand there in the record's order."""
    places = [p for p in (_in_raw(person, words) for person in record) if p is not None]
    return len(places) >= 2 and places == sorted(places)
