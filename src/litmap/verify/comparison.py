"""Compare what a citation states with its record, field by field, and say each difference in words.

:func:`compare_fields` is what the audit's ``discrepancies`` column holds. Compared, where both the
citation and the record have the field:

- **title**, word by word: a changed content word is a difference even when the rest is the same
  (``title: "Counts" where the record has "Matters"``), and so is a subtitle other than the record's
  or one the record does not have. Tolerated: case, punctuation, accents, HTML entities and markup,
  British/American spelling, hyphenation ("self-esteem", "self esteem"), a plural, a one-letter
  typo in a long word, a dropped leading article, a translation in brackets, a missing subtitle and
  a title cut short with "…";
- **authors**, every one, aligned (:mod:`litmap.verify.people`);
- **venue**: the journal, proceedings or book a work appeared in, through the venue normaliser
  (:mod:`litmap.verify.venues`: ISO 4 / NLM abbreviations, acronyms, proceedings wrappers);
- **year**: a year equal to any of the record's dates (issued, print, online first) is not a
  difference, nor a year the parse took from the title when the entry writes the record's;
  **volume**, **issue**, **pages** (an abbreviated range written out; a value the parse kept part of,
  "Suppl" of "Suppl 2", when the entry writes the record's);
- for books, **publisher** and **edition**.

The parse of a citation can be wrong where the citation is not (a title run into its venue, a name
lost); before a title, author or venue difference is reported it is checked against the entry as
written (``raw``): a record title, venue or author that the entry states is not a difference.
"""

from __future__ import annotations

import difflib
import html
import itertools
import re
from collections.abc import Mapping
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from litmap.parse.crf_model import read_lexicons
from litmap.parse.patterns import CORPORATE_WORDS, PREPRINT, URL
from litmap.read.blocks import word_set
from litmap.text import DOI, MARKUP, fold, fold_keep, strip_accents
from litmap.values import field as value_of
from litmap.values import record_title, title_with_subtitle
from litmap.verify.numbers import (
    number_misread,
    number_token,
    page_ends,
    page_text,
    record_years,
    stated_year,
    year_misread,
)
from litmap.verify.people import compare_authors
from litmap.verify.publishers import edition_stated, is_member_name, same_publisher, unread_publisher
from litmap.verify.venues import (
    WRAPPER_WORDS,
    is_abbreviation,
    is_cut_short,
    names_a_conference,
    names_no_venue,
    same_venue,
    venue_label,
    venue_names,
)

__all__ = ["TYPO_LENGTH", "compare_fields", "compare_titles", "is_stated"]

#: A word of at least this many letters may differ from the record's by one letter (a typo).
TYPO_LENGTH = 7
_ARTICLES = frozenset({"the", "a", "an"})
_SMALL = word_set("a an the of and in on for to with by at from as or its de la le les des du et en der die das und")
_DIGIT = re.compile(r"\d")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?(?!\w)"
#: An entry citing a preprint by its server's identifier: "arXiv:1512.03385", "CoRR abs/1512.03385".
_PREPRINT_ID = re.compile(
    r"\barXiv\s*:\s*(?:\d{4}\.\d{4,5}|[a-z-]+/\d{7})|\babs/\d{4}\.\d{4,5}|\b(?:bio|med)Rxiv\b", re.IGNORECASE
)
#: A venue that is a preprint server's, however written ("ArXiv e-prints", "CoRR", "Preprint").
_PREPRINT_WORD = re.compile(r"rxiv|\bcorr\b|preprint|e-?print|\bssrn\b", re.IGNORECASE)
#: The year in a new-style arXiv identifier ("1512.03385": December 2015), where the preprint was posted.
_ARXIV_YEAR = re.compile(r"(?:\barXiv\s*:\s*|\babs/|\barXiv\.)(\d{2})(?:0[1-9]|1[0-2])\.\d{4,5}", re.IGNORECASE)
#: How many years before the work's publication a preprint cited without an arXiv identifier may be dated.
PREPRINT_YEARS = 1
_ORDINAL = re.compile(r"^(?:1[89]|20)\d\d$|^\d{1,3}(?:st|nd|rd|th)$")
#: A conference's year in its name ("EMNLP 2020", "2016 IEEE Conference"), not a page of a range ("1532-1543").
_EDITION_YEAR = re.compile(r"(?<![\d\u2010-\u2015-])((?:19|20)\d\d)(?![\d\u2010-\u2015-])")
_UNREAD_VENUE = re.compile(
    r"[\s.,\"'\u201d\u2019)\]]{0,8}([A-Z][^\W\d_]{0,40}(?:(?:\.[ &-]{0,4}|[ &-]{1,4})[A-Za-z][^\W\d_]{0,40}){0,8}?\.?)"
    r"\s{0,3}(?:\([^()]{1,12}\))?\s{0,3}[.,;]\s{0,3}(?:\d|vol\b)"
)
_NO_PUBLISHER = re.compile(r"\W{0,6}(?:(?:in|proc|proceedings|of|the)\b\W{0,6}){1,8}", re.I)
#: The words since the last punctuation before a full stop that ends ``before`` (at most 8 words).
_HEAD_BEFORE_STOP = re.compile(
    r"([^\W\d_][^\W\d_'\u2019&-]{0,40}(?:\s{1,3}[^\W\d_][^\W\d_'\u2019&-]{0,40}){0,7})\s?\.$"
)
#: An agency or a publisher: words that may stand before the series they issue.
_ISSUER = re.compile(CORPORATE_WORDS.pattern, re.IGNORECASE)
_QUOTES = re.compile("[\u2018\u2019\u02bc`\u00b4]")
_ELLIPSIS = re.compile(r"\s*(?:\u2026|\.\.\.|\. \. \.)")
#: A translation or note in square brackets, or one the parse cut open at the title's end.
_BRACKETED = re.compile(r"\s*\[[^\[\]]*(?:\]|$)")
# Letters with no decomposition to strip an accent from: Turkish dotless i, Polish l, Nordic o ("Tıo", "TIO")
_LETTERS = str.maketrans("\u0131\u0142\u0141\u00f8\u00d8\u0111\u0110", "ilLoOdD")
# British spellings folded onto American ones, for comparing only ("behaviour" ~ "behavior").
_SPELLINGS = (
    (re.compile(r"^(p|an|h|orthop|gyn)ae"), r"\1e"),
    (re.compile(r"^(o)e(soph|strog|dem)"), r"e\2"),
    (re.compile(r"our(s|ed|ing|al|able|ite|ites)?$"), r"or\1"),
    (re.compile(r"(is|ys)(e|es|ed|ing|ation|ations|er|ers)$"), r"iz\2"),
    (re.compile(r"([^aeiou])re(s)?$"), r"\1er\2"),
    (re.compile(r"ogue(s)?$"), r"og\1"),
    (re.compile(r"amme(s)?$"), r"am\1"),
    (re.compile(r"ence$"), "ense"),
    (re.compile(r"ll(ing|ed|er)$"), r"l\1"),
    (re.compile(r"^ageing$"), "aging"),
    (re.compile(r"^grey$"), "gray"),
)


# ---------------------------------------------------------------- titles


@lru_cache(maxsize=100_000)
def _spelling(word: str) -> str:
    for pattern, replacement in _SPELLINGS:
        word = pattern.sub(replacement, word)
    return word


def _words(text: str) -> list[str]:
    """A title's words as compared: markup and entities gone, folded, American spelling, no brackets."""
    text = _BRACKETED.sub(" ", MARKUP.sub("", html.unescape(str(text)))).translate(_LETTERS)
    return [_spelling(w) for w in fold(text).split()]


def _plural(a: str, b: str) -> bool:
    return a.rstrip("s") == b.rstrip("s") or a.removesuffix("es") == b.removesuffix("es")


def _same_words(a: list[str], b: list[str]) -> bool:
    """Two runs of words that are the same words: joined the same ("self esteem"), or each a plural or typo."""
    if "".join(a) == "".join(b):
        return True
    if len(a) != len(b):
        return False
    return all(x == y or _plural(x, y) or _typo(x, y) for x, y in zip(a, b, strict=True))


def _typo(x: str, y: str) -> bool:
    """One letter off in a long word that starts the same ("developement"), not another word ("health", "wealth")."""
    return min(len(x), len(y)) >= TYPO_LENGTH and x[:2] == y[:2] and Levenshtein.distance(x, y) <= 1


def _main_length(text: str) -> int:
    """How many words the main title has (those before the first ': ', '? ', '. ' or ' - ')."""
    head = re.split(r"[:?!.]\s|\s[-\u2013\u2014]\s", _BRACKETED.sub(" ", str(text)).strip(), maxsplit=1)[0]
    return len(_words(head))


def _quote(words: list[str], original: str) -> str:
    """The words as the title writes them (case kept), for a message."""
    pattern = r"\W+".join(re.escape(w) for w in words)
    found = re.search(pattern, strip_accents(html.unescape(original)), flags=re.I) if words else None
    return found.group() if found else " ".join(words)


def compare_titles(cited: str, record: str, *, subtitles_optional: bool = False) -> str | None:
    """The first difference between a cited title and the record's, in words; None when they agree.

    ``subtitles_optional`` tolerates a subtitle the record lacks (library catalogues leave them out).

    Examples
    --------
    >>> compare_titles("Context Counts: Graph-based Self-supervised Representation Learning for Medical Images",
    ...                "Context Matters: Graph-based Self-supervised Representation Learning for Medical Images")
    'title: "Counts" where the record has "Matters"'
    >>> compare_titles("Loving-kindness meditation increases social connectedness",
    ...                "Loving-Kindness Meditation Increases Social Connectedness") is None
    True
    >>> compare_titles("The mindful therapist: a guide", "The mindful therapist")
    'title: subtitle "a guide" is not in the record\\'s title'
    """
    cut = _ELLIPSIS.split(str(cited), maxsplit=1)
    truncated = len(cut) > 1 and len(cut[0].split()) >= 2  # what follows "…" is not the title (the venue, mostly)
    cited = cut[0] if truncated else str(cited)
    a, b = _words(cited), _words(record)
    main_a, main_b = _main_length(cited), _main_length(record)
    if a[:1] and a[0] in _ARTICLES:
        a, main_a = a[1:], main_a - 1
    if b[:1] and b[0] in _ARTICLES:
        b, main_b = b[1:], main_b - 1
    if not a or not b or a == b:
        return None
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    shared = sum(i2 - i1 for tag, i1, i2, _, _ in opcodes if tag == "equal")
    shorter, longer = sorted((len(a), len(b)))
    # another title altogether (not one that is the other's start: a subtitle left out, a title cut short)
    same_main = main_a == main_b and a[:main_a] == b[:main_b]
    if shared < shorter and shared * 2 < longer and not same_main and not _same_words(a, b):
        return f'title: cited "{cited.strip()}", record "{record}"'
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            continue
        seg_a, seg_b = a[i1:i2], b[j1:j2]
        if tag == "replace" and _same_words(seg_a, seg_b):
            continue
        if tag != "replace" and all(w in _SMALL for w in seg_a + seg_b):
            continue
        if tag == "insert" and j2 == len(b) and i1 == len(a) and (truncated or j1 >= main_b):
            continue  # the citation leaves the record's subtitle out, or cuts the title short ("…")
        if tag == "replace" and truncated and i2 == len(a) and j2 <= len(b) and b[j1].startswith(seg_a[0]):
            continue  # the last word of a cut title is a word's start
        if tag == "delete" and i1 >= main_b and j1 == len(b):
            if subtitles_optional:
                continue
            return f'title: subtitle "{_quote(seg_a, cited)}" is not in the record\'s title'
        if tag == "delete":
            return f'title: "{_quote(seg_a, cited)}" is not in the record\'s title'
        if tag == "insert":
            return f'title: the record\'s title has "{_quote(seg_b, record)}" where the citation has nothing'
        if i1 >= main_a and j1 >= main_b and i1 == j1 == min(main_a, main_b):
            return f'title: subtitle "{_quote(a[i1:], cited)}" where the record has "{_quote(b[j1:], record)}"'
        return f'title: "{_quote(seg_a, cited)}" where the record has "{_quote(seg_b, record)}"'
    return None


@lru_cache(maxsize=1)
def _wrappers() -> frozenset[str]:
    """Words that may stand, with a full stop, right before a venue's name an entry states ("Proc. IEEE …",
    "Loo CK, editors. Transcranial …")."""
    return frozenset(WRAPPER_WORDS | _SMALL | {fold(w) for w in read_lexicons().get("editor", ())})


def _name_start(word: str) -> bool:
    """True when a word written with a full stop right before a venue's name is the start of a longer name:
    an ISO 4 abbreviation ("Appl." of "Appl. Environ. Microbiol."), not a wrapper ("Proc.") nor a whole
    word that ends what comes before ("… Department of Fisheries. Biological Report")."""
    return is_abbreviation(word) and word not in _wrappers()


def _unnamed_head(before: str) -> bool:
    """True when whole words and a full stop stand right before a venue's name and they name no agency or
    publisher: a part of a longer name ("Nature Reviews. Neuroscience", as Crossref and the NLM print it,
    does not state "Neuroscience"), not an issuer before its series ("Washington State Department of
    Fisheries. Biological Report", "Springer. Lecture Notes …")."""
    head = _HEAD_BEFORE_STOP.search(before[-400:])  # 8 words of 41 letters at most
    if not head:
        return False
    words = re.findall(r"[^\W\d_]+", head.group(1))
    last = words[-1] if words else ""
    if len(last) < 5 or is_abbreviation(last) or last in _wrappers():
        return False  # an abbreviation or a wrapper ("Proc."): the rules above decide
    publishers = {fold(w) for w in read_lexicons().get("publisher", ())}
    return not (_ISSUER.search(head.group(1)) or any(w in publishers for w in words))


#: After a venue's abbreviated name and its full stop: a section's letter ("Phys. Rev. D", "J. Phys. Chem.
#: A") or another abbreviated word ("Phys. Rev. Lett."), so the name goes on.
_GOES_ON = re.compile(r"\s{0,6}\.\s{0,6}(?:([a-fx])(?![^\W\d_])|([^\W\d_]{2,20})\s{0,6}\.)")
#: Abbreviations that say what follows (a volume, a page, a supplement), not more of the name.
_NUMBER_WORDS = frozenset(("vol", "no", "nr", "pp", "pt", "suppl", "ed", "eds", "art", "ser", "iss", "doi"))


def _name_goes_on(after: str) -> bool:
    """True when the words right after a name ending in a full stop continue it as another venue's name:
    "Phys. Rev." is not stated by "Phys. Rev. D 174" nor by "Phys. Rev. Lett. 89"."""
    found = _GOES_ON.match(after)
    if not found:
        return False
    word = found.group(2)
    return word is None or (is_abbreviation(word) and word not in _NUMBER_WORDS and word not in _wrappers())


def is_stated(
    text: str | None, raw: str | None, *, whole: bool = False, alone: bool = False, dotted: bool = False
) -> bool:
    """True when the entry as written states ``text`` (a title or venue): its words, in order, together.

    ``whole``: and no subtitle follows it there (a colon after the record's title starts one).
    ``alone``: and no other word of a name stands right before or after it ("Nature" is not stated
    by "Nature Photonics", nor "Language" by "Journal of Child Language").
    ``dotted``: nor a word and a full stop right before it, for an entry whose title was taken out:
    the name's own start, abbreviated ("Environ. Microbiol." is not stated by "Appl. Environ.
    Microbiol.", nor "Neuroscience" by "Nature Reviews. Neuroscience"); a wrapper ("Proc.") may stand there.
    """
    if not text or not raw:
        return False
    words = _words(text)
    if not words:
        return False
    pattern = r"\W+".join(re.escape(w) for w in words)
    plain = " ".join(_spelling(w) for w in re.findall(r"\w+|\W+", fold_keep(raw)))
    for found in re.finditer(rf"(?<!\w){pattern}(?!\w)", plain):
        before, after = plain[: found.start()].rstrip(), plain[found.end() :]
        if whole and re.match(r"[\s)\]\"'\u201d\u2019.?!]*:\s*\w", after):
            continue  # a subtitle follows (after a colon, also after a question's "?:")
        opened = re.search(r"(?:^|[,.;:\"'\u201d\u2019)])\s{0,3}in\s{0,3}:?$", before)  # IEEE's "…,” in Proc. X"
        if alone and (
            (re.search(r"(?:[^\W\d_]|&|\band|\bof)$", before) and not opened)
            or re.match(r"\s*(?:&|-)?\s*[^\W\d_]", after)
        ):
            continue
        if alone and _name_goes_on(after):
            continue
        if dotted and (last := re.search(r"(?<![^\W\d_])([^\W\d_]{2,})\s?\.$", before)) and _name_start(last.group(1)):
            continue
        if dotted and _unnamed_head(before):
            continue
        return True
    return False


# ---------------------------------------------------------------- all fields


def _venue_agrees(cited: str, names: list[str], raw: str | None, title: str | None = None) -> bool:
    """The cited venue is the record's: as parsed, after the title's last words the parse ran into it,
    as the entry writes it around the parsed words (a parse that lost "Meteorit." of "Meteorit. Planet.
    Sci."), or the record's name stated in the entry."""
    if same_venue(cited, names) or _after_title_words(cited, names, title) or _series_and_volume(cited, names):
        return True
    if not raw:
        return False
    text = DOI.sub(" ", URL.sub(" ", raw))  # "10.1093/bioinformatics/btp616" does not state "Bioinformatics"
    text = MARKUP.sub("", text)  # "… lessons <i>learned</i>. Proc .PAC07": the title is found and taken out
    in_title = _title_pattern(title)  # nor does "… deep learning in medical image analysis." state the journal
    if in_title:
        text = in_title.sub(" ", text)
    if any(is_stated(n, text, alone=True, dotted=bool(in_title)) for n in names):
        return True
    plain, cited = _QUOTES.sub("'", raw), _QUOTES.sub("'", cited)
    # the first few places the entry writes the parsed name: an entry is one reference, and a name written
    # a thousand times (a hostile one) must not cost a thousand look-arounds
    for found in itertools.islice(re.finditer(rf"(?<!\w){re.escape(cited)}(?!\w)", plain), 4):
        at, end, said = found.start(), found.end(), cited
        if plain[at - 1 : at] in "([" and at and plain[end : end + 1] in ")]" and end < len(plain):
            at, end, said = at - 1, end + 1, plain[at - 1 : end + 1]  # "Tuberc. (Edinb)": the bracket's name
        lefts, rights = _neighbours(plain[:at].split()[::-1]), _neighbours(plain[end:].split(), most=24, forward=True)
        if in_title and re.search(rf"(?:{in_title.pattern})\W*$", plain[:at], re.I):
            lefts = []  # the words before are the title's end, not the venue's start
        if any(
            same_venue(" ".join([*left[::-1], said, *right]), names)
            for left in ([], *lefts)
            for right in ([], *rights)
            if left or right
        ):
            return True
    return False


def _series_and_volume(cited: str, names: list[str]) -> bool:
    """True when the cited venue names two of the record's, one each side of a full stop: a proceedings
    volume and its series ("ICDT 2001. LNCS" for *Database Theory — ICDT 2001* in *Lecture Notes in
    Computer Science*)."""
    parts = [p for p in str(cited).split(". ") if p.strip()]
    if len(parts) != 2 or len(names) < 2:
        return False
    first = [k for k, n in enumerate(names) if same_venue(parts[0], [n])]
    second = [k for k, n in enumerate(names) if same_venue(parts[1], [n])]
    return any(i != j for i in first for j in second)


def _another_edition(cited: str, names: list[str], years: list[int]) -> bool:
    """True when the cited venue names a conference's year and the record's names another, and the record
    has no date in the cited one: "Findings of … EMNLP 2021" for a paper of EMNLP 2020's (years are left
    out when names are compared, so the edition is checked here)."""
    cited_years = {int(y) for y in _EDITION_YEAR.findall(cited)}
    named_years = {int(y) for name in names for y in _EDITION_YEAR.findall(name)}
    return bool(cited_years and named_years) and not cited_years & (named_years | set(years))


def _unread_venue(raw: str | None, title: str | None) -> str | None:
    """The journal an entry names right after the record's title, when the parse read none: "… the State of
    the Art. Comparative Politics. 1998;3(1)" (the parse ran it into the title), "… junctions. Human Factors,
    688-691." (read as a publisher). Only a name followed by the volume, year or pages' punctuation counts."""
    in_title = _title_pattern(title)
    found = in_title.search(raw) if in_title and raw else None
    if not found:
        return None
    after = _UNREAD_VENUE.match(raw[found.end() :])
    return after.group(1).strip() if after else None


def _title_pattern(title: str | None) -> re.Pattern | None:
    """The title's words as an entry writes them, whatever the punctuation between (None for no title)."""
    words = re.findall(r"\w+", title or "")
    return re.compile(r"\W+".join(map(re.escape, words)), re.I) if len(words) >= 2 else None


def _stated_venue(cited: str, raw: str | None) -> str:
    """The venue as the entry writes it, for the reason in words: the parsed name, or where the parse
    kept only a wrapper ("Proceedings of"), that and the words after it in the entry ("Proceedings of
    EMNLP")."""
    if not raw or not names_no_venue(cited) or cited not in raw:
        return cited
    after = _neighbours(raw[raw.index(cited) + len(cited) :].split(), most=24, forward=True)
    return " ".join([cited, *after[-1]]).rstrip(".") if after else cited


def _after_title_words(cited: str, names: list[str], title: str | None) -> bool:
    """The venue is the record's once the words before one of its full stops, all of them words of the
    record's title, are left out: the parse ran the title's end into an abbreviated venue ("A
    meta-analysis. Opt. Letters"; "… kaiserl. Museum in Wien. J Acoust Soc Am")."""
    title_words = set(fold(title).split()) if title else set()
    parts = cited.split(". ")
    for k in range(1, len(parts) if title_words else 0):
        head = fold(". ".join(parts[:k])).split()
        if head and set(head) <= title_words and same_venue(". ".join(parts[k:]), names):
            return True
    return False


def _neighbours(words: list[str], most: int = 3, *, forward: bool = False) -> list[list[str]]:
    """The first 1, 2, … ``most`` words of ``words`` that could still be a venue's.

    Not past a number (but past a year or an ordinal: "the 2019 Conference", "36th"), a bracket or a
    quote; a word ending in a comma or semicolon is the last, and so, going ``forward``, is a whole word
    ending in a full stop ("recognition."; "Proc. Natl." goes on).
    """
    out, taken = [], []
    for word in words[:most]:
        bare = word.strip(",;")
        if (
            not bare
            or re.search(r"[;()\[\]\"\u201c\u201d]", bare)
            or (_DIGIT.search(bare) and not _ORDINAL.match(bare))
        ):
            break
        taken.append(bare)
        out.append(list(taken))
        if bare != word or (forward and re.search(r"(?<![a-z])[a-z]{4,}\.$", bare)):
            break
    return out


def _subtitle_is_publisher(said: str, record: Mapping) -> bool:
    """True when the "subtitle" a citation adds is the record's publisher or group author, read into the
    title ("Adherence to long-term therapies: evidence for action: World Health Organization; 2003.")."""
    found = re.match(r"title: subtitle \"(.*)\" is not in the record's title$", said)
    if not found:
        return False
    names = [record.get("publisher"), *venue_names(record)]
    people = [a for a in record.get("author") or [] if isinstance(a, Mapping)]
    names += [a.get("name") or a.get("literal") or a.get("family") for a in people]
    known = {w for n in names if n for w in fold(n).split()}
    extra = set(fold(found.group(1)).split()) - known
    return bool(known) and len(extra) <= 1 and len(fold(found.group(1)).split()) > len(extra)


def _before_title(raw: str | None, title: str | None) -> str | None:
    """The entry up to where its title starts (where authors stand), or the whole entry when the title is not found.

    A name in the title ("Gustav Mahler: Memories and Letters") is not the citation naming that author.
    """
    if not raw or not title:
        return raw
    words = re.findall(r"\w+", strip_accents(title))[:3]
    found = re.search(r"\W+".join(re.escape(w) for w in words), strip_accents(raw), flags=re.I) if words else None
    return raw[: found.start()] if found and found.start() > 0 else raw


def _title_in_raw(title: str, raw: str) -> bool:
    """The entry writes the record's title, whole or cut short after its first words ("Britannia Romana, or, The …")."""
    if is_stated(title, raw):
        return True
    words = _words(title)
    if len(words) > 1 and words[0] in _ARTICLES and is_stated(re.sub(r"^\W*\w+\s*", "", str(title)), raw):
        return True  # without its leading article: "DeLillo, Don. Names. New York: Knopf, 1982."
    head = " ".join(re.findall(r"\w+", title)[:3])
    return bool(_ELLIPSIS.search(raw)) and is_stated(head, raw)


def _with_dropped_subtitle(title: str, raw: str) -> str:
    """The parsed title with the subtitle the entry writes after it and the parser dropped ("Title: Subtitle,")."""
    if ":" in title:
        return title
    words = re.findall(r"\w+", strip_accents(title))
    if len(words) < 2:
        return title
    pattern = r"\W+".join(re.escape(w) for w in words) + r"\s*:\s*([^.,;\"\u201d]{3,200})"
    found = re.search(pattern, strip_accents(raw), flags=re.I)
    return f"{title}: {found.group(1).strip()}" if found else title


def _cut_in_raw(title: str, raw: str) -> bool:
    """True when the entry writes the title followed by "…" or "...": cut short."""
    last = re.findall(r"\w+", strip_accents(title))[-2:]
    if not last:
        return False
    pattern = r"\W+".join(re.escape(w) for w in last) + r"(?:\W+\w+){0,3}\W{0,3}(?:\u2026|\.\.\.|\. \. \.)"
    return re.search(pattern, strip_accents(raw), flags=re.I) is not None


def _title_stated(title: str, raw: str | None) -> bool:
    """True when the entry as written gives the record's title: whole, without its leading article, or its
    first words cut short with "…" (a parse that read the title's first word as an author is then a misread).

    >>> _title_stated("Autism, Asperger syndrome and brain mechanisms for the attribution of mental states",
    ...               "Castelli F, Frith U. Autism, Asperger syndrome and brain mechanisms for the... Brain. 2002.")
    True
    >>> _title_stated("Autism, Asperger syndrome and brain mechanisms for the attribution of mental states",
    ...               "Castelli F, Frith U. Autism, Asperger syndrome and heart mechanisms for the... Brain. 2002.")
    False
    """
    if not raw:
        return False
    if is_stated(title, raw, whole=True):
        return True
    words = _words(title)
    if len(words) > 1 and words[0] in _ARTICLES and is_stated(re.sub(r"^\W*\w+\s*", "", str(title)), raw, whole=True):
        return True
    for cut in _ELLIPSIS.finditer(raw):
        before = _words(raw[: cut.start()])
        for k in range(len(words) - 1, 2, -1):  # the title's first k words (at least 3), the last maybe cut
            head = before[-k:]
            if len(head) == k and head[:-1] == words[: k - 1] and words[k - 1].startswith(head[-1]):
                return True
    return False


def _subtitle_after_question(said: str | None, cited_venue, title: str | None, raw: str | None) -> bool:
    """True when the subtitle a citation adds follows the record's title where it ends in "?" ("Is
    ethnicity linked to … covid-19? An organizing framework. BMJ."), and the parse read the venue
    apart: the words after the question are the title's, not a venue the parse ran into it."""
    found = re.match(r"title: subtitle \"(.*)\" is not in the record's title$", said or "")
    if not found or not title or not str(title).rstrip().endswith("?") or not cited_venue or not raw:
        return False
    subtitle = found.group(1)
    words = re.findall(r"\w+", strip_accents(subtitle))
    if len(words) < 2 or is_stated(str(cited_venue), subtitle):
        return False
    # the entry writes the question's mark, then (a colon and) the subtitle's first words
    pattern = r"\?\W{0,4}" + r"\W+".join(map(re.escape, words[:2]))
    return re.search(pattern, strip_accents(fold_keep(raw)), re.I) is not None


def _inside_venue(publisher: str, venue: str) -> bool:
    """True when the words read as a publisher stand inside the venue's name ("Database Theory" of "Proc.
    Int. Conf. Database Theory (ICDT)"), not after its end (a publisher the parse ran into a book's
    title: "… social development. Clark")."""
    if not is_stated(publisher, venue):
        return False
    return not f" {fold(venue)}".endswith(f" {fold(publisher)}")


def _cites_preprint(reference, record: Mapping, raw: str | None) -> bool:
    """True when the entry cites a preprint (arXiv, CoRR, bioRxiv…) and the record is the work as
    published: the venue, volume and pages are the preprint's, the year may be earlier, and none of
    it is a discrepancy."""
    if record.get("type") == "posted-content":
        return False
    venue = str(value_of(reference, "container") or "").strip()
    if PREPRINT.match(venue):
        return True
    if venue and not _PREPRINT_WORD.search(venue):
        return False  # the published venue, with the preprint's identifier too ("Phys. Rev. Lett. 94 (2005) … arXiv:…")
    return bool(raw and _PREPRINT_ID.search(raw))


def _preprint_year(cited_year: int, record_year: int, raw: str | None) -> bool:
    """A preprint's year agrees with the published work's: from the month its arXiv identifier says it
    was posted to the year the record says it was published; without an identifier, that year or the
    one before."""
    posted = _ARXIV_YEAR.search(raw or "")
    earliest = 2000 + int(posted.group(1)) if posted else record_year - PREPRINT_YEARS
    return earliest <= cited_year <= record_year


def _pages_stated(record_pages, raw: str | None) -> bool:
    """The entry writes the record's page range after "pp." ("pp. 770–778", "p. 770-8") where the parse
    read another range (a conference's dates: "27–30 June 2016; pp. 770–778")."""
    first, last = page_ends(record_pages)
    if not raw or not first or not last or not str(first).isdigit() or not str(last).isdigit():
        return False
    ends = "|".join(re.escape(str(last)[k:]) for k in range(len(str(last))))  # "770-778", "770-8"
    pattern = rf"\b(?:pp?|pages?)\.?\s*{re.escape(str(first))}\s*[-\u2010-\u2015]\s*(?:{ends})(?!\w|\.\d)"
    return re.search(pattern, raw) is not None


def _is_date_range(cited_pages, raw: str | None) -> bool:
    """The range read as pages is days of a month in the entry: a conference's dates ("27–30 June 2016")."""
    first, last = page_ends(cited_pages)
    if not raw or not first or not last:
        return False
    pattern = rf"(?<!\d){re.escape(str(first))}\s*[-\u2010-\u2015]\s*{re.escape(str(last))}\s+{_MONTH}"
    return re.search(pattern, raw, re.I) is not None


def _is_book(record: Mapping) -> bool:
    return record.get("type") in ("book", "monograph", "edited-book")


def _publisher_or_venue(cited: str, cited_venue, names: list[str], record: Mapping, raw: str | None) -> str | None:
    """The discrepancy of a cited publisher that is not the record's, or None where it is no publisher.

    A conference's name read as a publisher ("In: CVPR; 2016. p. 770-778.", the way Vancouver writes a
    book's publisher) is the venue: no discrepancy when it names the record's, a venue discrepancy when
    it names another conference and no venue was read ("Title. ICLR." for a journal's paper); a part of the venue the parse
    split off ("Proceedings of" + "EMNLP") is compared with the venue, not again as a publisher.
    """
    if names and not _is_book(record):
        if same_venue(cited, names) or (
            cited_venue
            and raw
            and names_no_venue(str(cited_venue))
            and is_stated(cited, _stated_venue(str(cited_venue), raw))
        ):
            return None
        if not cited_venue and names_a_conference(cited):
            return f'{venue_label(record)}: cited "{cited}", record "{names[0]}"'
    publisher = record.get("publisher") or (record.get("publisher-names") or [None])[0]
    return f'publisher: cited "{cited}", record "{publisher}"'


def compare_fields(reference, record: Mapping) -> list[str]:
    """Each real difference between a citation and its record, in words a person reads.

    ``reference`` is a row of the REFERENCES table (or a dict with its keys; ``raw`` is the entry as
    written), ``record`` a Crossref work dict. A field missing on either side is not a difference.

    Examples
    --------
    >>> ref = {"raw": "Decety J, Voss E. (2007). From emotion resonance. Dev Psychopathol, 20, 1053-1080.",
    ...        "authors": [{"family": "Decety", "given": "J"}, {"family": "Voss", "given": "E"}],
    ...        "year": 2007, "title": "From emotion resonance", "container": "Dev Psychopathol",
    ...        "volume": "20", "pages": "1053-1080"}
    >>> rec = {"type": "journal-article", "title": ["From emotion resonance"],
    ...        "author": [{"family": "Decety", "given": "Jean"}], "container-title": ["Development and Psychopathology"],
    ...        "issued": {"date-parts": [[2008]]}, "volume": "20", "page": "1053-1080"}
    >>> compare_fields(ref, rec)
    ['year: cited 2007, record 2008', 'authors: cited "Voss E" (2nd), not in the record']
    """
    raw = value_of(reference, "raw")
    raw = None if raw is None else str(raw)
    out = []
    preprint = _cites_preprint(reference, record, raw)
    cited_year, years = value_of(reference, "year"), record_years(record)
    cited_year = stated_year(cited_year, raw, value_of(reference, "container"), record_title(record))
    if (
        cited_year is not None
        and years
        and int(cited_year) not in years
        and not year_misread(cited_year, years, record, raw)
        and not (preprint and _preprint_year(int(cited_year), max(years), raw))
    ):
        out.append(f"year: cited {int(cited_year)}, record {years[0]}")
    for name in ("volume", "issue") if not preprint else ():
        cited, found = value_of(reference, name), record.get(name)
        if cited and found and number_token(cited) != number_token(found) and not number_misread(cited, found, raw):
            out.append(f"{name}: cited {cited}, record {found}")
    cited_pages, record_pages = value_of(reference, "pages"), record.get("page")
    if cited_pages and record_pages and not preprint:
        (first_a, last_a), (first_b, last_b) = page_ends(cited_pages), page_ends(record_pages)
        first_differs = number_token(first_a) != number_token(first_b)
        last_differs = bool(last_a and last_b) and number_token(last_a) != number_token(last_b)
        misread = (
            number_misread(cited_pages, record_pages, raw)
            or _pages_stated(record_pages, raw)
            or _is_date_range(cited_pages, raw)
        )
        if (first_differs or last_differs) and not misread:
            out.append(f"pages: cited {page_text(cited_pages)}, record {page_text(record_pages)}")
    cited_title = title_with_subtitle(value_of(reference, "title"))
    recorded_title = record_title(record)
    if not cited_title and recorded_title and raw and _is_book(record) and not _title_in_raw(recorded_title, raw):
        # a book is always cited by its title: when none was read and the record's is not in the entry
        out.append(f'title: the record\'s title "{recorded_title}" is not in the citation')
    if cited_title and raw:
        cited_title = _with_dropped_subtitle(cited_title, raw)
    if cited_title and raw and _cut_in_raw(cited_title, raw):
        cited_title += "\u2026"  # the parser tidied the "…" away; the comparison must know the title is cut
    if cited_title and recorded_title:
        said = compare_titles(cited_title, recorded_title, subtitles_optional=record.get("source") == "openlibrary")
        stated = _title_stated(recorded_title, raw) and not _subtitle_after_question(
            said, value_of(reference, "container"), recorded_title, raw
        )
        if said and not stated and not _subtitle_is_publisher(said, record):
            out.append(said)
    names = venue_names(record)
    cited_venue = value_of(reference, "container")
    is_book = _is_book(record)  # a book's container is its series
    compared = bool(cited_venue and names) and not is_book and not preprint
    proceedings = str(record.get("type") or "").startswith("proceedings")
    if compared and not _venue_agrees(str(cited_venue), names, raw, recorded_title):
        said = _stated_venue(str(cited_venue), raw)
        if not (proceedings and any(is_cut_short(said, name) for name in names)):
            out.append(f'{venue_label(record)}: cited "{said}", record "{names[0]}"')
    elif compared and _another_edition(str(cited_venue), names, years):
        out.append(f'{venue_label(record)}: cited "{cited_venue}", record "{names[0]}"')
    elif not cited_venue and names and record.get("type") == "journal-article" and not preprint:
        unread = _unread_venue(raw, recorded_title)
        if unread and not _venue_agrees(unread, names, raw, recorded_title):
            out.append(f'{venue_label(record)}: cited "{unread}", record "{names[0]}"')
    context = " ".join(str(x) for x in [recorded_title, *names, record.get("publisher")] if x)
    out += compare_authors(
        value_of(reference, "authors") or [],
        record.get("author") or record.get("editor") or [],
        _before_title(raw, recorded_title if is_stated(recorded_title, raw) else cited_title),
        context=context,
        full_raw=raw,
    )
    publishers = [str(p) for p in [record.get("publisher"), *(record.get("publisher-names") or [])] if p]
    cited_publisher = value_of(reference, "publisher")
    if not cited_publisher and _is_book(record):
        cited_publisher = value_of(reference, "container")  # a book has no container: it is its publisher, misread
    if not cited_publisher and publishers:
        cited_publisher = unread_publisher(raw, record)  # one the parse did not read, after the work or its book
        if cited_publisher and cited_venue and _inside_venue(cited_publisher, str(cited_venue)):
            cited_publisher = None  # words of the venue read ("in Proc. Int. Conf. Database Theory (ICDT)")
    # Crossref's publisher of a book is often the member company, not the imprint a citation names
    comparable = (
        bool(cited_publisher and publishers)
        and not is_member_name(publishers[0])
        and not _NO_PUBLISHER.fullmatch(str(cited_publisher))  # "In Proc. ECCV": the parse's "In Proc"
    )
    if comparable and not same_publisher(str(cited_publisher), list(dict.fromkeys(publishers)), raw):
        said = _publisher_or_venue(str(cited_publisher), cited_venue, names, record, raw)
        if said:
            out.append(said)
    edition, record_edition = edition_stated(raw), record.get("edition-number")
    if edition and record_edition and str(record_edition).isdigit() and int(record_edition) != edition:
        out.append(f"edition: cited {edition}, record {record_edition}")
    return out
