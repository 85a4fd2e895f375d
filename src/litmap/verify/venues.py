"""Is the venue a citation names the record's venue? The ways one journal or proceedings is written.

A citation names *Journal of Personality and Social Psychology* as "J Pers Soc Psychol" (NLM),
"J. Pers. Soc. Psychol." (ISO 4), "Journal of personality & social psychology" or "The Journal of
…"; a conference paper's venue as "Proc. CVPR", "CVPR", "In: 2023 IEEE/CVF Conference on Computer
Vision and Pattern Recognition (CVPR)". :func:`same_venue` says whether two such names are one
venue, word by word:

- case, accents, punctuation, "&"/"and", small words ("of", "the", "in:", "into", "among": the
  articles, conjunctions and prepositions ISO 4 leaves out) and a leading "The" are ignored, though a
  small word may also be an abbreviation the LTWA gives ("At." for atomic, "For." for forest); so
  are a name's part in brackets ("Spine (Phila Pa 1976)"), and, on the record's side, what follows
  a colon ("Journal of Clinical Oncology: Official Journal of …");
- a cited word may abbreviate the record's: ISO 4 / NLM title-word abbreviations from the ISSN's
  List of Title Word Abbreviations shipped in the package (``data/venue-words.tsv``: "national" →
  "natl", "japan" → "jpn"), or the word's start ("psychol", "j", "n" for "new"), or its letters in
  order from the first ("mgmt");
- a word in capitals may be an acronym of the other name's words ("CVPR", "BMJ");
- a supplement's word ("Suppl") and a division's ("Part", "Section", "Series") may stand on either
  side alone; a bracket the parse cut open ("Univ. Tor. Stud. (Geological Ser") is left out like a
  closed one;
- a journal's town after a last comma ("Ann. Mag. Nat. Hist., London") is left out;
- years, ordinals and Roman numerals ("2023", "36th", "XII"; not "Civ." or "Cl.") are left out, and
  for proceedings the wrapper words ("Proceedings", "Annual", "Conference", "IEEE/CVF",
  "International") may stand on either side alone.

Every other word must be matched: "Journal of Clinical Psychology" is not "Journal of Consulting and
Clinical Psychology", and "ICLR" is not *IEEE Transactions on Pattern Analysis and Machine Intelligence*.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources

from litmap.parse.crf_model import read_lexicons
from litmap.parse.patterns import CORPORATE_WORDS
from litmap.read.blocks import word_set
from litmap.text import fold

__all__ = [
    "is_abbreviation",
    "is_cut_short",
    "names_a_conference",
    "names_no_venue",
    "same_venue",
    "venue_label",
    "venue_names",
    "word_abbreviations",
]

#: Words a venue's name may carry or leave out without naming another venue.
#: ISO 4 (7.1.7) leaves out articles, conjunctions and prepositions ("Journal of Research into …" is
#: "J. Res. …"); a few of these are also an abbreviation ("At." atomic, "For." forest), which
#: :func:`_words_match` allows only where the LTWA says so.
SMALL_WORDS = word_set(
    "a an the of and in on for at to by with from its their de des du la le les et der die das und fur "
    "y e el los di del della dei degli i l d o os as na no nos nas em en da do das dos dans au aux sur pour "
    "para por con nel nella im zum och og"
)
#: More of them, which ISO 4 keeps at a title's start ("After Philosophy" is not "Philosophy").
INNER_SMALL_WORDS = word_set(
    "or nor but yet though when whenever where whereas wherever while about after ago along amid among "
    "amongst atop circa hence into off onto out over since than till until unto upon unlike versus vs via "
    "within aus zu zur dem delle dell voor"
)
#: Words that wrap a proceedings' name ("Proceedings of the 36th Annual IEEE Conference on …").
WRAPPER_WORDS = word_set(
    "proceedings proceeding proc annual conference conf international intl int meeting workshop workshops "
    "symposium symp congress ieee acm cvf aaai siam usenix springer joint first second third fourth fifth "
    "sixth seventh eighth ninth tenth edition ed part volume vol series ser lecture notes lncs companion "
    "digest papers technical track main association advances"
)
#: Words a journal's supplement adds to its name ("J Rehabil Med Suppl"): the same journal.
SUPPLEMENT_WORDS = word_set("suppl supplement supplementum")
#: Words naming a journal's division, which ISO 4 abbreviations leave out ("Series A" is "A"): the
#: division's letter or name still has to match.
DIVISION_WORDS = word_set("part pt section sect series ser")
_PROCEEDINGS = re.compile(
    r"\b(?:proc|proceedings|conference|conf|workshop|symposium|congress|meeting|findings)\b", re.I
)
_ORDINAL = re.compile(
    r"^\d+(?:st|nd|rd|th|e|er|eme)?$|^(?:twent|thirt|fort|fift|sixt|sevent|eight|ninet)(?:y|ieth)$"
    r"|^(?:eleven|twelf|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)th$"
)
#: A Roman numeral ("Part II", "XXXIV"); in lower or title case only of i, v and x, since "Civ.",
#: "Cl." and "Mil." are abbreviations (civil, class, military).
_ROMAN = re.compile(r"^(?=[IVXLC]{2,}$)C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
_ROMAN_LOWER = re.compile(r"^(?=[ivx]{2,}$)x{0,3}(?:ix|iv|v?i{0,3})$", re.I)
_BRACKETS = re.compile(r"\s*[(\[][^()\[\]]*[)\]]")
_OPEN_BRACKET = re.compile(r"\s*[(\[][^()\[\]]*$")
#: A venue's name (two words at least) and, after its last comma, one capitalised word: a town.
#: A country a journal's name may end with or leave out ("Proc Natl Acad Sci USA" for *Proceedings of the
#: National Academy of Sciences*; "… of the United States of America").
_COUNTRY_TAIL = re.compile(
    r"\s*(?:\(\s*)?(?:\bU\.?\s?S\.?\s?A\.?|\bU\.?\s?K\.?|\bof\s+(?:the\s+)?United\s+(?:States(?:\s+of\s+America)?|Kingdom))(?:\s*\))?\s*$"
)
_PLACE = re.compile(r"^(\S+\s+\S.*?),\s+[A-Z][a-z]{3,}\.?$")
_ACRONYM = re.compile(r"\b[A-Z][a-z]*[A-Z][A-Za-z]*\b|\b[A-Z]{2,}\b")  # the first capital after the first: one split
#: A citation naming a conference by its acronym alone: "AAAI", "Proc. CHI", "In: KDD '20", "SIGIR 2019".
_CITED_ACRONYM = re.compile(
    r"(?:In:?\s+)?(?:Proc(?:eedings|\.)?\s+(?:of\s+)?)?\b([A-Z]{3,}(?:[a-z][A-Z]*)?)(?:\s*['\u2019]?\d{2,4})?\.?"
)
#: A conference's Findings volume (ACL, EMNLP, NAACL): a venue of its own, named as such on both sides.
#: A conference's acronym as a citation gives it: "ICCV", "NeurIPS", "NAACL-HLT", "Proc. CVPR".
_CONFERENCE_ACRONYM = re.compile(r"(?:Proc\.?\s+)?[A-Z][a-z]*[A-Z][A-Za-z]*(?:-[A-Z]{2,})?")
_FINDINGS = re.compile(r"^\s*(?:In:?\s+)?Findings\b", re.I)
#: A workshop's proceedings ("… Pattern Recognition Workshops (CVPRW)", "ECCV Workshops", "Proc. CVPRW").
_CONFERENCE = re.compile(r"\b(?:Conference|Conf\.?)(?!\w)", re.I)
_WORKSHOP = re.compile(r"(?i:\bworkshops?\b)|\b[A-Z]{3,}W\b")
_YEAR_OR_IN = re.compile(r"^\s*In:?\s+|\s*['\u2019]?\d{2,4}\.?\s*$")
_MARKUP = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")
_COMPUTER_SOCIETY = re.compile(r"\bIEEE\s+Comput(?:er|\.)?\s+Soc(?:iety|\.)?(?!\w)")
_LINE_BREAK = re.compile(r"(?<=[a-z])-\s*(?=[a-z]{2})")
_ACRONYM_TAIL = re.compile(r"(?:\s[-\u2013\u2014]|:)\s+([A-Z][a-z]*(?:[A-Z][a-z]*)+)(?:\s+\d{4})?\s*$")


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, tuple[str, ...]], tuple[tuple[str, tuple[str, ...]], ...], dict[str, tuple[str, ...]]]:
    """The LTWA table: whole words, word starts (longest first), and words of entries of several words.

    An entry of several words ("fort worth" -> "ft worth", "district of columbia" -> "d c") lends each
    word its own abbreviation ("fort" -> "ft") when the two have as many significant words.
    """
    text = resources.files("litmap").joinpath("data", "venue-words.tsv").read_text(encoding="utf-8")
    words: dict[str, tuple[str, ...]] = {}
    starts: list[tuple[str, tuple[str, ...]]] = []
    lent: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        pattern, _, shorts = line.partition("\t")
        abbreviations = tuple(s.replace(" ", "") for s in shorts.split("|"))
        if " " in pattern and not pattern.startswith("-") and not pattern.endswith("-"):
            long = [w for w in pattern.split() if w not in SMALL_WORDS]
            for short in shorts.split("|"):
                if len(short.split()) == len(long):
                    for word, abbreviation in zip(long, short.split(), strict=True):
                        if abbreviation != word and abbreviation not in lent.setdefault(word, []):
                            lent[word].append(abbreviation)
        if pattern.endswith("-") and not pattern.startswith("-"):
            starts.append((pattern[:-1].replace(" ", ""), abbreviations))
        elif not pattern.startswith("-"):
            words[pattern.replace(" ", "")] = abbreviations
    starts.sort(key=lambda item: -len(item[0]))
    return words, tuple(starts), {word: tuple(shorts) for word, shorts in lent.items()}


@lru_cache(maxsize=20_000)
def word_abbreviations(word: str) -> tuple[str, ...]:
    """The ISO 4 abbreviations of one title word (folded), from the LTWA; () when it has none.

    >>> word_abbreviations("journal"), word_abbreviations("psychological"), word_abbreviations("national")
    (('j',), ('psychol',), ('natl',))
    """
    words, starts, lent = _table()
    found = words.get(word) or next((shorts for stem, shorts in starts if word.startswith(stem)), ())
    return found + tuple(s for s in lent.get(word, ()) if s not in found)


def _subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(ch in letters for ch in short)


def _abbreviates(short: str, word: str) -> bool:
    """True when ``short`` is ``word`` or a way of abbreviating it (both folded)."""
    if short == word or word.startswith(short):
        return True
    if short in word_abbreviations(word):
        return True
    return len(short) >= 3 and short[0] == word[0] and len(short) < len(word) and _subsequence(short, word)


def _words_match(a: str, b: str) -> bool:
    return _abbreviates(a, b) or _abbreviates(b, a)


class _Words(list):
    """A name's words in order; ``small`` holds the places of words it may leave out ("of", "the")."""

    small: frozenset[int] = frozenset()


def _tokens(name: str) -> tuple[_Words, dict[str, frozenset[str]]]:
    """A name's words (folded; small words marked) and its acronyms (from capitals and brackets).

    Each acronym maps to the letters it may spell: all of them, and for one in mixed case its capitals
    alone ("NeurIPS" spells "nips" too).
    """
    text = _MARKUP.sub(" ", html.unescape(str(name))).replace("&", " and ")  # "<italic>Water Research</italic>"
    found = _ACRONYM.findall(text) + re.findall(r"[(\[]([^()\[\]]{2,12})[)\]]", text)
    acronyms: dict[str, set[str]] = {}
    for acronym in found:
        folded = fold(acronym).replace(" ", "")
        if len(folded) >= 2:
            capitals = fold("".join(ch for ch in acronym if ch.isupper()))
            acronyms.setdefault(folded, {folded}).update([capitals] if len(capitals) >= 3 else [])
    text = _OPEN_BRACKET.sub(" ", _BRACKETS.sub(" ", text))  # "Univ. Tor. Stud. (Geological Ser": a cut bracket
    text = re.sub(r"^\s*in\s*:\s*", "", text, flags=re.I)
    text = _COMPUTER_SOCIETY.sub("IEEE", text)  # "IEEE Computer Society Conference on …", the CVPR of old
    text = re.sub(r"\b[LlDd]['\u2019]\s*", "", text)  # elided articles: "L'Aide-soignante", "d'Endoume"
    pieces = [p for p in re.split(r"[^\w]+|_", text) if p]
    words, small = _Words(), set()
    for raw in pieces:
        word = fold(raw)
        if not word or _ORDINAL.match(word) or _ROMAN.match(raw) or _ROMAN_LOWER.match(raw):
            continue
        # small words may go, but not a capital letter after the first word: a run of initials ("U S A" in
        # "Proc Natl Acad Sci U S A") or a division's letter ("J. R. Stat. Soc. A" is not Series B)
        initials = len(raw) == 1 and raw.isupper() and bool(words)
        if (word in SMALL_WORDS or (words and word in INNER_SMALL_WORDS)) and not initials:
            small.add(len(words))
        words.append(word)
    words.small = frozenset(small)
    return words, {a: frozenset(spellings) for a, spellings in acronyms.items()}


def _optional(word: str, proceedings: bool) -> bool:
    return word in SUPPLEMENT_WORDS or word in DIVISION_WORDS or (proceedings and word in WRAPPER_WORDS)


def _spells(letters: frozenset[str], words: _Words, start: int, stop: int, proceedings: bool) -> bool:
    """Whether an acronym (its ``letters``) spells ``words[start:stop]``.

    By the words' initials, small words left out and, for proceedings, the wrapper words left out or
    kept ("CVPR": Computer Vision and Pattern Recognition; "ECCV": European Conference on Computer
    Vision); or, for an acronym of four letters or more, by the initials of all but one word, the first
    and last kept ("NAACL": North American Chapter of the Association for Computational Linguistics).
    """
    significant = [words[k][0] for k in range(start, stop) if k not in words.small]
    strict = "".join(
        words[k][0] for k in range(start, stop) if k not in words.small and not _optional(words[k], proceedings)
    )
    full = "".join(significant)
    for acronym in letters:
        if acronym in (strict, full):
            return True
        if (
            len(acronym) >= 4
            and len(full) == len(acronym) + 1
            and acronym[0] == full[0]
            and acronym[-1] == full[-1]
            and _subsequence(acronym, full)
        ):
            return True
    return False


def _pair_matches(cited: _Words, i: int, record: _Words, j: int) -> bool:
    """Whether the i-th cited word stands for the j-th record word; a small word only by the LTWA ("At." atomic)."""
    a, b = cited[i], record[j]
    if i in cited.small or j in record.small:
        return a == b or a in word_abbreviations(b) or b in word_abbreviations(a)
    return _words_match(a, b)


def _aligns(cited: _Words, record: _Words, proceedings: bool, acronyms: tuple[dict[str, frozenset[str]], ...]) -> bool:
    """True when every significant word of each side is matched in order (dynamic programming)."""
    n, m = len(cited), len(record)
    reach = [[False] * (m + 1) for _ in range(n + 1)]
    reach[0][0] = True
    for i in range(n + 1):
        for j in range(m + 1):
            if not reach[i][j]:
                continue
            if i < n and (i in cited.small or _optional(cited[i], proceedings)):
                reach[i + 1][j] = True
            if j < m and (j in record.small or _optional(record[j], proceedings)):
                reach[i][j + 1] = True
            if i < n and j < m and _pair_matches(cited, i, record, j):
                reach[i + 1][j + 1] = True
            # an acronym on one side spelling several words on the other ("cvpr", "bmj")
            if i < n and cited[i] in acronyms[0] and i not in cited.small:
                for k in range(j + 2, m + 1):
                    if _spells(acronyms[0][cited[i]], record, j, k, proceedings):
                        reach[i + 1][k] = True
            if j < m and record[j] in acronyms[1] and j not in record.small:
                for k in range(i + 2, n + 1):
                    if _spells(acronyms[1][record[j]], cited, i, k, proceedings):
                        reach[k][j + 1] = True
    return reach[n][m]


def _variants(name: str) -> list[str]:
    """A record's name, and the same without what follows its first colon, dash, full stop or slash.

    A full stop ends a name only after a whole word ("Romanzi e conti. Arnaldo Mondadori Editore"), not
    after an abbreviation ("J. Phys. Chem. B").
    """
    out = [name]
    without_country = _COUNTRY_TAIL.sub("", name)
    if without_country != name and len(without_country.split()) >= 2:
        out.append(without_country)
    tail = _ACRONYM_TAIL.search(name)
    named = bool(tail) and fold(tail.group(1)) not in WRAPPER_WORDS
    for separator in (":", " - ", " \u2013 ", ". "):
        if named and separator != ". ":
            continue  # "Computer Vision – ECCV 2020" is ECCV, not any conference on computer vision
        head, _, after = name.partition(separator)
        if head != name and head.split() and (separator != ". " or (_whole_word_end(head) and _droppable(after))):
            out.append(head)
    # a catalogue's title with its statement of responsibility: "Journal of shoulder and elbow surgery /
    # American Shoulder and Elbow Surgeons ... [et al.]" (not "IEEE/CVF", one word each side)
    head = re.split(r"\s*/\s*(?=[A-Z])", name, maxsplit=1)[0]
    if head != name and len(head.split()) >= 2:
        out.append(head)
    # a proceedings volume named by its conference's acronym after a dash or colon: "Computer Vision –
    # ECCV 2014", "Findings of the Association for Computational Linguistics: EMNLP 2020"
    # ("Findings of EMNLP": a Findings volume stays one, never the main conference's proceedings)
    if named:
        out.append(f"Findings of {tail.group(1)}" if _FINDINGS.match(name) else tail.group(1))
    return out


#: What may follow a name's full stop and be left out: a division ("Series B", "Section A", "Part 2", "B"),
#: or an issuer or publisher run into the name.
_DIVISION = re.compile(r"(?:(?:series|serie|ser|section|sect|part|pt|reihe)\b\.?\s*)?(?:[a-z]|[ivx]{1,4}|\d{1,2})\b")


def _droppable(tail: str) -> bool:
    """True when the part of a record's name after its full stop may be left out by a citation: a division
    of the journal ("Journal of the Royal Statistical Society. Series B") or a publisher, not the subject
    that makes the name ("Nature Reviews. Neuroscience" is not "Nature Reviews")."""
    folded = fold(tail).strip()
    if _DIVISION.match(folded) or CORPORATE_WORDS.search(tail):
        return True
    publishers = {fold(w) for w in read_lexicons().get("publisher", ())}
    return any(w in publishers for w in folded.split())


def _whole_word_end(text: str) -> bool:
    """True when ``text`` ends in a whole word, not an abbreviation the LTWA gives ("Microbiol" of
    "FEMS Microbiol. Rev." is no name's end: the name goes on after its full stop)."""
    last = re.findall(r"\w+", text)[-1:]
    return bool(last) and len(last[0]) >= 5 and not is_abbreviation(fold(last[0]))


def is_abbreviation(word: str) -> bool:
    """True when ``word`` (folded) is an abbreviation the LTWA gives a title word, not a word itself.

    >>> is_abbreviation("microbiol"), is_abbreviation("fisheries"), is_abbreviation("books")
    (True, False, False)
    """
    return word in _abbreviations()


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    """Every abbreviation the LTWA gives a word ("microbiol", "psychol"); not the words themselves, nor a
    publisher's word that is also one ("Books", "Brill")."""
    words, starts, lent = _table()
    shorts = {s for group in (*words.values(), *(v for _, v in starts), *lent.values()) for s in group}
    publishers = {fold(w) for w in read_lexicons().get("publisher", ())}
    return frozenset(shorts - set(words) - {stem for stem, _ in starts} - publishers)


def same_venue(cited: str, names) -> bool:
    """True when ``cited`` names one of the venues in ``names`` (the record's titles and short titles).

    Examples
    --------
    >>> same_venue("J. Pers. Soc. Psychol.", ["Journal of Personality and Social Psychology"])
    True
    >>> same_venue("Proc. CVPR", ["2023 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)"])
    True
    >>> same_venue("J Consult Clin Psychol", ["Journal of Clinical Psychology"])
    False
    >>> same_venue("ICLR", ["IEEE Transactions on Pattern Analysis and Machine Intelligence"])
    False
    """
    names = [str(n) for n in ([names] if isinstance(names, str) else names) if n and str(n).strip()]
    if not cited or not str(cited).strip() or not names:
        return True  # nothing to compare
    if _WORKSHOP.search(str(cited)) and not any(_WORKSHOP.search(n) for n in names) and _CONFERENCE.search(names[0]):
        return False  # a workshop is not its conference's main proceedings, nor the other way round (a workshop's
        # volume titled without the word, "Machine Learning in Medical Imaging", names no conference either)
    if not _WORKSHOP.search(str(cited)) and all(_WORKSHOP.search(n) for n in names):
        return False
    if _known_acronym(str(cited), names):
        return True
    plain = fold(cited).replace(" ", "")
    acronym = _CITED_ACRONYM.fullmatch(str(cited).strip())
    core = _YEAR_OR_IN.sub("", str(cited)).strip()  # "In: NeurIPS 2017" is an acronym alone
    cited_findings = bool(re.search(r"\bFindings\b", str(cited), re.I))
    for name in names:
        if fold(name).replace(" ", "") == plain:
            return True
        if bool(_FINDINGS.match(name)) != cited_findings:
            continue  # a Findings volume and its conference's main proceedings are two venues
        if acronym and _PROCEEDINGS.search(name) and re.search(rf"\b(?:SIG)?{acronym.group(1)}\b", name):
            return True  # "AAAI", "CHI", "KDD": the conference's name in the proceedings' title
        proceedings = bool(_PROCEEDINGS.search(f"{cited} {name}")) or bool(_ACRONYM.fullmatch(core))
        for variant in _variants(name):
            # the cited name, and its part before ". " (a publisher the parser ran into a book's title)
            head = str(cited).split(". ", 1)[0]
            tried = [str(cited), head if _whole_word_end(head) else str(cited)]
            tried.append(_LINE_BREAK.sub("", str(cited)))  # "Con-ference": a word broken at a line's end
            if len(_COUNTRY_TAIL.sub("", str(cited)).split()) >= 2:
                tried.append(_COUNTRY_TAIL.sub("", str(cited)))  # "Proc Natl Acad Sci USA"
            if proceedings:  # a proceedings' place after commas: "…(ION GPS 2000), Salt Lake City, UT"
                parts = str(cited).split(", ")
                tried += [", ".join(parts[:k]) for k in range(len(parts) - 1, max(len(parts) - 4, 0), -1)]
            elif _PLACE.match(str(cited)):  # a journal's town after a comma: "Ann. Mag. Nat. Hist., London"
                tried.append(_PLACE.match(str(cited)).group(1))
            for cited_variant in dict.fromkeys(tried):
                words_a, acronyms_a = _tokens(cited_variant)
                words_b, acronyms_b = _tokens(variant)
                if len(words_a) == len(words_a.small) or len(words_b) == len(words_b.small):
                    continue
                if _aligns(words_a, words_b, proceedings, (acronyms_a, acronyms_b)):
                    return True
    return False


@lru_cache(maxsize=1)
def _acronym_table() -> dict[str, tuple[str, ...]]:
    """Conference acronyms that are not their names' initials (``data/conference-acronyms.tsv``)."""
    text = resources.files("litmap").joinpath("data", "conference-acronyms.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t", 1) for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return {fold(acronym): tuple(fold(p) for p in phrases.split("|")) for acronym, phrases in rows}


def _known_acronym(cited: str, names: list[str]) -> bool:
    """True when ``cited`` is a conference's acronym the table knows ("AISTATS", "ACM MM", "WWW 2020") and
    a record's name holds that conference's name, or stops, cut short, at its first word (NAACL's "… of the
    North")."""
    core = fold(_YEAR_OR_IN.sub("", re.sub(r"^\s*(?:In:?\s+)?Proc(?:eedings|\.)?\s+(?:of\s+)?", "", cited)))
    phrases = _acronym_table().get(core.strip())
    if not phrases:
        return False
    for name in names:
        words = fold(name).split()
        plain = f" {' '.join(words)} "
        if any(f" {p} " in plain for p in phrases):
            return True
        if len(words) >= 5 and any(p.split()[0] == words[-1] for p in phrases):
            return True
    return False


def names_a_conference(name: str) -> bool:
    """True for a conference's acronym ("ICCV", "In: NeurIPS 2017", "NAACL-HLT") or a name with a
    proceedings word ("Proc. …", "… Workshop"): a venue, wherever the parse put it.

    >>> names_a_conference("In: ICCV 2017"), names_a_conference("Elsevier")
    (True, False)
    """
    core = _YEAR_OR_IN.sub("", str(name)).strip()
    return bool(_CONFERENCE_ACRONYM.fullmatch(core) or _PROCEEDINGS.search(str(name)))


def names_no_venue(name: str) -> bool:
    """True when ``name`` holds only wrapper and small words: a parse cut short ("Proceedings of the").

    >>> names_no_venue("Proceedings of the"), names_no_venue("Proc. CVPR")
    (True, False)
    """
    words, _ = _tokens(name)
    return all(k in words.small or words[k] in WRAPPER_WORDS for k in range(len(words)))


def venue_names(record: Mapping) -> list[str]:
    """Every name a record gives its venue: ``container-title`` items, ``short-container-title`` items,
    then a proceedings paper's conference (Crossref's ``event``: its name and acronym, "ACL 2020").

    The conference is left out for a Findings volume, which is not its conference's main proceedings.

    >>> venue_names({"container-title": ["Proceedings of the 2019 Conference of the North"],
    ...              "event": {"name": "NAACL-HLT 2019", "acronym": "NAACL"}})
    ['Proceedings of the 2019 Conference of the North', 'NAACL-HLT 2019', 'NAACL']
    """
    out = []
    for key in ("container-title", "short-container-title"):
        value = record.get(key)
        for item in [value] if isinstance(value, str) else value or []:
            if item and str(item).strip() and item not in out:
                out.append(str(item).strip())
    event = record.get("event")
    if isinstance(event, Mapping) and not any(_FINDINGS.match(name) for name in out):
        for item in (event.get("name"), event.get("acronym")):
            if isinstance(item, str) and item.strip() and item.strip() not in out:
                out.append(item.strip())
    return out


def is_cut_short(cited: str, name: str) -> bool:
    """True when the record's proceedings ``name`` is the start of the ``cited`` one, cut off after five
    words or more: Crossref holds some proceedings' titles cut mid-name ("Proceedings of the 2019
    Conference of the North", NAACL's), which a citation of the whole name must not be said to differ from.

    >>> is_cut_short("Proceedings of the 2019 Conference of the North American Chapter of the Association "
    ...              "for Computational Linguistics", "Proceedings of the 2019 Conference of the North")
    True
    >>> is_cut_short("Journal of Neurology, Neurosurgery and Psychiatry", "Journal of Neurology")
    False
    """
    short, long = fold(name).split(), fold(cited).split()
    return len(short) >= 5 and len(long) > len(short) and long[: len(short)] == short


def venue_label(record: Mapping) -> str:
    """What a record's venue is called in a discrepancy: journal, proceedings, book or venue.

    >>> venue_label({"type": "journal-article"}), venue_label({"type": "book-chapter"})
    ('journal', 'book')
    """
    kind = str(record.get("type") or "")
    if kind == "journal-article":
        return "journal"
    if kind.startswith("proceedings"):
        return "proceedings"
    if kind in ("book-chapter", "book-section", "book-part", "reference-entry"):
        return "book"
    return "venue"
