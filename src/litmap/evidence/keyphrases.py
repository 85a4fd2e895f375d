"""Key phrases: the noun phrases of an article's claims and thematic headings, and where they stand.

The first step of topic discovery (:mod:`litmap.evidence.discovery`). Each claim's sentence, its citations
and cited names removed, is cut at stop words, numbers and punctuation; the runs of words left
give phrases of one to three words. Variants share a Snowball stem ("validated", "validating",
"validation"), and a phrase is written back as the taxonomy term(s) that match its forms
(``validat*``). A phrase counts as a noun phrase when it ends its run after an article,
preposition or modifier often enough ("the trust", "emotional processing"), which keeps out
verbs ("was increased", "empathy activates the") and adverbs ("reliably").
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import pandas as pd

from litmap.parse.claims import find_citations
from litmap.text import YEAR


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Words that say how research is reported rather than what it is about (scikit-learn's
#: English stop words are added to these). Never part of a topic's phrases.
REPORTING_WORDS = _words(
    """
    according addition additional al approach article articles based box case cases compared
    current currently demonstrate demonstrated demonstrates described e.g eg eq equation et etc
    evidence example examine examined fig figs figure figures find finding findings found given
    high higher however i.e ie important include included includes including indicate indicated
    indicates investigate investigated known large larger like likely low lower new number
    observed overall panel paper particular particularly possible potential potentially present
    previous previously propose proposed recent recently ref refs related report reported
    reports research researcher researchers respectively result results review reviewed role
    scientific shown show showed shows significant significantly similar small specific studies
    study suggest suggested suggests supplementary table tables use used uses using various way
    ways work year years
    """
)

#: Nouns that name the apparatus of research or are too general to be a theme on their own
#: ("values", "measures", "patients", "people"). They may stand inside a longer phrase ("ancestral
#: condition", "ICC value") but never make a one-word topic.
GENERIC_NOUNS = _words(
    """
    ability aspect aspects change changes characteristic characteristics condition conditions
    context degree difference differences effect effects experience experiences extent factor
    factors form forms group groups individual individuals information item items kind kinds
    level levels measure measured measurement measurements measures member members method
    methods outcome outcomes participant participants patient patients people person persons
    process processes rate rates response responses sample samples score scores size sizes type
    types value values variable variables
    """
)

#: Words of headings that name a part of a paper ("Methods", "Study 2", "Link to Learning"); a
#: heading made only of these, stop words and numbers names no theme.
STRUCTURAL_HEADING_WORDS = _words(
    """
    abstract acknowledgement acknowledgements acknowledgment aim aims analyses analysis appendix
    author authors availability background chapter characteristics collection competing
    conclusion conclusions conflict connect considerations contribution contributions data
    deeper description design dig discussion ethical ethics experiment experiments funding
    future general history implications interest interests introduction learning limitation
    limitations link material materials measure measures method methodological methodology
    methods objective objectives outcome outcomes overview participant participants preliminary
    procedure procedures protocol publication questions recommendations references remarks
    sample sampling section setting statement statistical statistics strengths subjects summary
    supporting control controls covariate covariates dependent independent mediator mediators
    moderator moderators potential predictor predictors variable variables
    added adds comparison comparisons completion context criteria eligibility endpoint endpoints
    evidence exclusion extraction findings heterogeneity inclusion interpretation involvement key
    known meaning messages panel patient patients phase policy principal public quality registration
    results search selection sensitivity sharing sources strategy strength studies study subcategory
    subgroup subgroups trial trials unanswered value weakness weaknesses
    """
)

#: Tokens that stand before a noun phrase: articles, determiners and prepositions.
_NOUN_OPENERS = _words(
    """
    a an the this these those its their our his her your my each every such any some no all both
    other another of in on for with by from between among amongst about into through during
    without within across against towards toward under over after before at via per upon onto
    beyond throughout
    """
)

_ARTICLES = _words(
    """
    a an the this these those their its our his her
    """
)
_TOKEN = re.compile(r"[^\W\d_][\w'’]*(?:-\w+)*|\d[\w.,]*|\x00|[^\w\s]")
_LETTER = re.compile(r"[^\W\d_]")
_YEAR_GROUP = re.compile(r"\([^()]*\b" + YEAR + r"[a-z]?\b[^()]*\)|\[[\d\s,;–—-]+\]")
_NAMES_BEFORE = re.compile(
    r"(?:\b[A-Z][\w'’-]+(?:\s*(?:,|&|and)\s*[A-Z][\w'’-]+)*(?:\s+et\s+al\.?)?|\bet\s+al\.?)(?:['’]s)?\s*(?=\x00)"
)
_ET_AL = re.compile(r"\b[A-Z][\w'’-]+\s+et\s+al\b\.?")
MAX_WORDS = 3
_MIN_PREFIX = 6  # shortest common prefix written as a wildcard (validat*); shorter: the forms


@lru_cache(maxsize=1)
def english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words (the Glasgow IR group's list), read from package data:
    importing scikit-learn for a word list cost seconds of every run's start-up.

    >>> {"the", "which", "yourselves"} <= english_stop_words() and "empathy" not in english_stop_words()
    True
    """
    text = resources.files("litmap").joinpath("data", "english-stop-words.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return english_stop_words() | REPORTING_WORDS


_THREAD = threading.local()


def _stemmer():
    # One stemmer per thread: a Snowball stemmer keeps the word it is working on in itself, so two
    # threads sharing one (a Dask worker with several threads) garble each other's words.
    stemmer = getattr(_THREAD, "stemmer", None)
    if stemmer is None:
        import snowballstemmer

        stemmer = _THREAD.stemmer = snowballstemmer.stemmer("english")
    return stemmer


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem of a lower-case word."""
    return _stemmer().stemWord(word)


@dataclass
class Phrase:
    """A stemmed phrase, the claims that hold it and the forms the article writes it in."""

    key: tuple[str, ...]
    first: int  # order of first use, for deterministic ties
    forms: Counter = field(default_factory=Counter)  # lower-case form -> uses
    cased: Counter = field(default_factory=Counter)  # form as written -> uses
    noun_forms: Counter = field(default_factory=Counter)  # form as written -> uses as a noun phrase
    text_claims: set[str] = field(default_factory=set)
    heading_claims: set[str] = field(default_factory=set)
    uses: int = 0
    noun_uses: int = 0

    @property
    def claims(self) -> set[str]:
        return self.text_claims | self.heading_claims

    @property
    def is_noun(self) -> bool:
        return bool(self.heading_claims) or self.noun_uses >= max(1.0, 0.4 * self.uses)

    def form(self) -> str:
        """The form the article writes most often as a noun phrase ("reliability", not "reliably")."""
        counts = self.noun_forms or self.cased
        return max(counts, key=lambda f: (counts[f], f.lower() == f, f))


#: Words too general to name a topic alone, beyond :data:`GENERIC_NOUNS`: the apparatus of
#: research and quantities ("data", "range", "trial"), words that name a kind of thing but no
#: subject ("community", "domain", "system"), and verbs and modifiers that end up as labels when a
#: noun phrase is cut ("depends", "increased", "basic"). A label made only of these (and stop
#: words) is replaced by a better phrase of its group, or the group is dropped.
LABEL_GENERIC_WORDS = GENERIC_NOUNS | _words(
    """
    analysis analyses assessment assessments author authors basic behavior behaviors behaviour context contexts
    control controls experiment experiments framework frameworks life
    detail details disorder disorders distributions field fields literature question questions relationship
    relationships set sets situation situations technique techniques variation variations version versions
    behaviours bias biases birth births claim claims class classes community component components
    data decreased depend depends design designs development distribution domain domains
    evidence finding findings function functions general incidence increased intervention
    interventions knowledge library line lines main major mediator mild moderate number numbers
    occurrence pair pairs pattern patterns period periods population populations practice
    psychological psychology range relative relatives reliability risk risks role scale scales
    scientist scientists severe shape shapes specimen specimens stimuli stimulus strategies
    strategy study system systems task tasks theory time times trial trials use validity
    absence comparison effort efforts fact facts feature features inclusion interpretation meaning order
    average averages mean means median medians
    orders paper papers
    presence protocol protocols region regions strength strengths test tests weakness weaknesses world
    """
)
#: Adjectives, and the noun "quality", that name no subject when they stand alone ("Clinical",
#: "Greater", "Quality"); beside a noun ("Clinical practice", "Quality of life") they are part of a name.
ADJECTIVES_ALONE = _words(
    """
    better best clinical different experimental greater greatest higher highest larger largest longer
    lower lowest missing overall random several shorter similar smaller smallest social specific total
    valid various worse worst quality
    """
)
_DANGLING = _words("a an the of to in on for with and or by at from as into than via")
_LEADING_VERBS = _words(
    "exhibit exhibits show shows depend depends increase increases reduce reduces affect affects predict predicts"
)


def is_label_naming_something(label: str) -> bool:
    """Whether a topic label is a noun phrase about a subject: not only general words, no statistic,
    not a question or a name cut off ("Urban health solutions, li ka"), not ending in a verb form.

    >>> [is_label_naming_something(x) for x in ("Trust and safety", "Increased risk", "SMR (95% CI)")]
    [True, False, False]
    >>> is_label_naming_something("Calcium transients correlated"), is_label_naming_something("Depends")
    (False, False)
    >>> is_label_naming_something("Phylogeny from 454 pyrosequencing data")
    True
    >>> [is_label_naming_something(x) for x in ("F", "Greater", "Comparison with other studies", "PONV")]
    [False, False, False, True]
    >>> is_label_naming_something("Clinical"), is_label_naming_something("Clinical practice")
    (False, True)
    >>> [is_label_naming_something(x) for x in ("Mean differences", "Quality", "Quality of life")]
    [False, False, True]
    """
    words = re.findall(r"[a-z][a-z'’-]*", label.lower())
    if not any(len(w) > 1 for w in words):  # "F", "P": a letter names nothing
        return False
    content = [w for w in words if w not in stopwords() or w in LABEL_GENERIC_WORDS]
    if not content or all(w in LABEL_GENERIC_WORDS or w in stopwords() for w in content):
        return False
    if len(content) == 1 and content[0] in ADJECTIVES_ALONE:
        return False
    statistic = r"%|\bCI\b|\b[pnr]\s*[=<>≤≥]|\(\s*[\d.,\s–-]+\)|^\W*[\d.,\s–-]+$"
    if re.search(statistic, label, re.I) or label.rstrip().endswith("?") or label.count("(") != label.count(")"):
        return False
    if "," in label and all(len(w) <= 3 for w in label.rsplit(",", 1)[1].split()):
        return False
    if words[0] in _LEADING_VERBS or (words[-1].endswith("ed") and len(words) > 1):
        return False
    return words[-1] not in _DANGLING


_KEYWORDS_LINE = re.compile(r"^\W*key\s*words?\b\s*[:：.]?\s*", re.I)
#: "Keywords" run into a paragraph after another short label of the front matter, as a PDF reader
#: joins a journal's lines ("Subjects Bioinformatics, Computational Biology Keywords Selective
#: pressure analysis, …"): the label and the first keyword capitalised, nothing before it that ends
#: a sentence, and a list after it (short items between commas or semicolons).
_KEYWORDS_RUN_IN = re.compile(r"^[^.!?]{1,120}?\s(?:Key\s?words?|KEY\s?WORDS?)\b\s*[:：.]?\s*(?=[A-Z])")
_FRONT_SECTIONS = 3  # where a run-in "Keywords" label is looked for: the first sections
_KEYWORD_SEPARATOR = re.compile(r"\s*[;,·•|]\s*")


def article_keywords(sections, dropped_lines=()) -> list[str]:
    """The author keywords an article prints: a "Keywords" section, or a paragraph or dropped line
    that starts with "Keywords" ("Keywords: Barbary lion, Panthera leo, Extinction"), or a short
    front-matter label followed by "Keywords" ("Subjects Genomics Keywords Positive selection, …").

    ``sections`` are the article's :class:`~litmap.read.blocks.Section` objects.

    >>> from litmap.read.blocks import Section
    >>> article_keywords([Section("Abstract", ((1, "Keywords: Ancient DNA; Phylogeography · lions"),))])
    ['Ancient DNA', 'Phylogeography', 'lions']
    >>> article_keywords([Section("Abstract", ((1, "Subjects Genomics Keywords Gene family evolution, Positive selection"),))])
    ['Gene family evolution', 'Positive selection']
    """
    found = []
    for k, section in enumerate(sections):
        for _, text in section.paragraphs:
            if _KEYWORDS_LINE.match(section.heading) and not _KEYWORDS_LINE.match(text):
                found.append(text)
            elif _KEYWORDS_LINE.match(text):
                found.append(_KEYWORDS_LINE.sub("", text, count=1))
            elif (
                k < _FRONT_SECTIONS
                and (run_in := _KEYWORDS_RUN_IN.match(text))
                and _is_keyword_list(text[run_in.end() :])
            ):
                found.append(text[run_in.end() :])
    found += [_KEYWORDS_LINE.sub("", t, count=1) for _, t in dropped_lines if _KEYWORDS_LINE.match(t)]
    keywords: list[str] = []
    for text in found[:1]:  # the first list: a second one is usually the same in another language
        for item in _KEYWORD_SEPARATOR.split(text):
            item = item.strip(" .")
            if item and len(item.split()) <= 6 and item.lower() not in (k.lower() for k in keywords):
                keywords.append(item)
    return keywords


def _is_keyword_list(text: str) -> bool:
    items = _KEYWORD_SEPARATOR.split(text.strip(" ."))
    return len(items) >= 2 and all(0 < len(item.split()) <= 6 and "." not in item for item in items)


def is_generic(phrase: Phrase) -> bool:
    """Whether a phrase is one general word (:data:`GENERIC_NOUNS`) that names no theme alone."""
    return len(phrase.key) == 1 and any(form in GENERIC_NOUNS for form in phrase.forms)


def strip_citations(sentence: str, surnames: frozenset[str] = frozenset()) -> str:
    """A sentence without its citations and the names of the cited, for phrase finding.

    Examples
    --------
    >>> strip_citations("As Lamm et al. (2007) and Singer [3] showed, empathy helps (Coke, 2019).")
    'As  ,  and  ,  showed, empathy helps  , .'
    """
    marked = _YEAR_GROUP.sub("\x00", sentence)
    for citation in find_citations(marked):
        marked = marked.replace(citation.cited_as, "\x00")
    marked = _NAMES_BEFORE.sub("", marked)
    marked = _ET_AL.sub("\x00", marked)
    if surnames:
        marked = re.sub(r"\b[A-Z][\w'’-]+\b", lambda m: "\x00" if m.group(0) in surnames else m.group(0), marked)
    return marked.replace("\x00", " , ")


def _cited_surnames(texts) -> frozenset[str]:
    """Family names cited anywhere in the article, so that they never make a topic."""
    names = set()
    for text in texts:
        for citation in find_citations(text):
            names.update(n for n in citation.surnames if n[:1].isupper())
    return frozenset(names)


def _runs(text: str) -> list[tuple[str, list[str], str]]:
    """Runs of content words between stop words, numbers and punctuation, with the tokens around."""
    stop = stopwords()
    runs: list[tuple[str, list[str], str]] = []
    run: list[str] = []
    before = ""
    tokens = _TOKEN.findall(unicodedata.normalize("NFKC", text))
    for i, token in enumerate(tokens):
        lower = token.lower().replace("’", "'")
        if lower.endswith("'s"):
            token, lower = token[:-2], lower[:-2]
        is_word = bool(_LETTER.match(token)) and lower not in stop and (len(lower) >= 3 or token.isupper())
        # A word followed by a number names an item, not a theme: "Study 2", "Fig 3", "RAM 14000".
        is_word = is_word and not (i + 1 < len(tokens) and tokens[i + 1][:1].isdigit())
        if is_word:
            run.append(token)
            continue
        if run:
            runs.append((before, run, lower))
            run = []
        before = lower
    if run:
        runs.append((before, run, ""))
    return runs


def is_thematic_heading(heading: str, title: str | None = None) -> bool:
    """Whether a section heading names a theme rather than a part of the paper's structure.

    Examples
    --------
    >>> is_thematic_heading("Establishing Trust and Safety")
    True
    >>> is_thematic_heading("2.6. Statistical Analysis"), is_thematic_heading("Study 2")
    (False, False)
    """
    if not isinstance(heading, str) or not heading.strip():
        return False
    if title and _norm(heading) == _norm(title):
        return False
    if re.search(r"\(" + YEAR + r"\)", heading):  # a byline or citation, not a theme
        return False
    words = [w.lower() for _, run, _ in _runs(heading) for w in run]
    return any(w not in STRUCTURAL_HEADING_WORDS for w in words)


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


class PhraseIndex:
    """Every phrase of the article's claims and thematic headings, with where it stands."""

    def __init__(self):
        self.by_key: dict[tuple, Phrase] = {}
        self.heading_keys: dict[str, list[tuple]] = {}

    def add_run(self, before: str, run: list[str], after: str, claim_id: str, *, in_heading: bool) -> list[tuple]:
        keys = []
        for n in range(1, MAX_WORDS + 1):
            for i in range(len(run) - n + 1):
                words = run[i : i + n]
                key = tuple(stem(w.lower()) for w in words)
                phrase = self.by_key.get(key)
                if phrase is None:
                    phrase = self.by_key[key] = Phrase(key, first=len(self.by_key))
                surface = " ".join(words)
                phrase.forms[surface.lower()] += 1
                phrase.cased[surface] += 1
                if in_heading:
                    phrase.heading_claims.add(claim_id)
                else:
                    phrase.text_claims.add(claim_id)
                    phrase.uses += 1
                    # A noun phrase ends its run, after an article/preposition or a modifier;
                    # a lone word in -ly or -ed ("reliably", "increased") needs the article.
                    # Followed by an article, the last word is a verb ("empathy activates the").
                    opened = before in _NOUN_OPENERS if i == 0 else not words[-1].endswith(("ly", "ed"))
                    if i + n == len(run) and opened and after not in _ARTICLES:
                        phrase.noun_uses += 1
                        phrase.noun_forms[surface] += 1
                keys.append(key)
        return keys


def collect_phrases(claims: pd.DataFrame, thematic: dict[str, bool]) -> PhraseIndex:
    phrases = PhraseIndex()
    texts = [t if isinstance(t, str) else "" for t in claims["text"]]
    surnames = _cited_surnames(texts)
    heading_runs: dict[str, list] = {}
    for claim_id, section, text in zip(claims["claim_id"], claims["section"], texts):
        heading = section if isinstance(section, str) else ""
        if thematic.get(heading):
            runs = heading_runs.setdefault(heading, _runs(heading))
            keys = [k for b, run, a in runs for k in phrases.add_run(b, run, a, claim_id, in_heading=True)]
            phrases.heading_keys.setdefault(heading, keys)
        for before, run, after in _runs(strip_citations(text, surnames)):
            phrases.add_run(before, run, after, claim_id, in_heading=False)
    return phrases


def phrase_terms(phrase: Phrase) -> list[str]:
    """The taxonomy term(s) for a phrase: its one form, a wildcard over its forms, or the main forms."""
    total = sum(phrase.forms.values())
    forms = sorted((f for f in phrase.forms if phrase.forms[f] >= 0.2 * total), key=lambda f: (-phrase.forms[f], f))
    singles = list(dict.fromkeys(_singular(f) for f in forms))
    if len(singles) == 1:
        return singles
    heads = {" ".join(f.split()[:-1]) for f in forms}
    prefix = _common_prefix([f.split()[-1] for f in forms])
    if len(heads) == 1 and len(prefix) >= _MIN_PREFIX:
        return [(heads.pop() + " " + prefix).strip() + "*"]
    return singles[:3]


def _singular(form: str) -> str:
    """A phrase with its last word singular, so that the matcher's plural rule finds both."""
    *head, last = form.split()
    single = last
    if len(last) > 4 and last.endswith("ies"):
        single = last[:-3] + "y"
    elif len(last) > 4 and last.endswith(("sses", "ches", "shes", "xes")):
        single = last[:-2]
    elif len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is")):
        single = last[:-1]
    if stem(single) != stem(last):  # "bias" is not the plural of "bia"
        single = last
    return " ".join([*head, single])


def _common_prefix(words: list[str]) -> str:
    first, last = min(words), max(words)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return first[:n]


__all__ = [
    "GENERIC_NOUNS",
    "REPORTING_WORDS",
    "STRUCTURAL_HEADING_WORDS",
    "Phrase",
    "PhraseIndex",
    "collect_phrases",
    "article_keywords",
    "is_generic",
    "is_label_naming_something",
    "is_thematic_heading",
    "phrase_terms",
    "stem",
    "english_stop_words",
    "stopwords",
    "strip_citations",
]
