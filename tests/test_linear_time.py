"""Every regular expression litmap runs on text takes time linear in the text, whatever the text.

A pattern that can match the same characters two ways ("J. J. J. …" split at each space twice) takes
exponential time on a string that finally fails to match; one that rescans the rest of the text from
every position takes quadratic time. Both are found here by timing, not by reading: each pattern of
the modules that read text — compiled at module level, or written inline in a ``re.*`` call — is run
on adversarial strings of growing length, and the exponent of its running time is fitted.

CPU time of this process (``time.process_time``), the best of three, over a 16-fold range of lengths,
with a generous bound (exponent 1.6, where linear is 1 and quadratic 2), so a loaded machine does not
make the test flaky; an exponential pattern passes a quarter of a second long before the strings are.
The strings are written as litmap reads text: whitespace already collapsed to single spaces.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import math
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

#: The modules whose patterns read article text, reference entries, names and records.
MODULES = [
    "litmap.text",
    "litmap.values",
    "litmap.read.article",
    "litmap.read.assemble",
    "litmap.read.blocks",
    "litmap.read.html_page",
    "litmap.read.html_tree",
    "litmap.read.markdown_page",
    "litmap.read.pdf_entries",
    "litmap.read.pdf_pages",
    "litmap.read.pdf_text",
    "litmap.read.reference_block",
    "litmap.read.reference_region",
    "litmap.parse.patterns",
    "litmap.parse.reference_rules",
    "litmap.parse.references",
    "litmap.parse.citations",
    "litmap.parse.in_text",
    "litmap.parse.numbered_citations",
    "litmap.parse.sentences",
    "litmap.parse.claims",
    "litmap.parse.abstract_labels",
    "litmap.parse.resolution",
    "litmap.parse.kind_rules",
    "litmap.parse.parts",
    "litmap.parse.kinds",
    "litmap.parse.crf_fields",
    "litmap.parse.crf_hints",
    "litmap.parse.crf_model",
    "litmap.verify.matching",
    "litmap.verify.comparison",
    "litmap.verify.venues",
    "litmap.verify.people",
    "litmap.verify.numbers",
    "litmap.verify.enrich",
    "litmap.evidence.keyphrases",
    "litmap.evidence.discovery",
    "litmap.evidence.topics",
    "litmap.evidence.fit",
    "litmap.present.tex",
    "litmap.present.slides",
    "litmap.present.reading_list",
]
#: Pieces that make patterns backtrack: initials, name particles, years, numbers, brackets, punctuation.
UNITS = [
    "J. ", "A. B. ", "Jr. ", "Ed. ", "St. ", "J.-", "JJ ", "Smith, J., ", "Smith J, ", "1(2)", "2001a, ",
    "(2001) ", "n.d. ", "a", "A", "Aa", "A-", "A.", "1", "20", ".", ", ", "-", "(", ")", "[1", "[1]", "'",
    '"', "van der ", "et al. ", "pp. 1-2 ", "Ab.", "Aa, ", "AB ", "Aa-Aa ", "10.1000/", "www.", "¹", "_", "#",
    "$", "\\a{", "^{",
]  # fmt: skip
#: A string built from a unit: alone, with a character that makes the match fail at the end, and
#: inside the shape of a reference entry.
VARIANTS = {
    "bare": lambda body: body,
    "then !": lambda body: body + "!",
    "in an entry": lambda body: f"Smith, {body}(2001). Title. Journal, 1(2), 3-4.",
}
LENGTHS = (256, 1024, 4096)
MAX_EXPONENT = 1.6
#: Patterns still quadratic on some strings, each on text whose length is bounded where it runs;
#: held to "not exponential" (exponent under 2.4) on shorter strings, until they are rewritten.
KNOWN_QUADRATIC = {
    # the end of one line or paragraph of a page (issue #21 owns read/; the call reads a line)
    "litmap.read.blocks._ENDS_WITH_CITATION": "a one-line heading candidate, at most _HEADING_MAX_CHARS long",
    "litmap.read.pdf_text._URL_CONTINUATION_RE": "the first 500 characters of a PDF line",
    "litmap.read.pdf_text._URL_TAIL_RE": "the last 500 characters of a paragraph",
    "litmap.read.pdf_text._LAST_WORD_RE": "the last 500 characters of a paragraph (pdf_text._JOIN_WINDOW)",
    # read on the last 128 characters of a run of names, never on more
    "litmap.parse.citations._LAST_NAME": "the end of a run of names",
    # a claim's sentence (issue #22 owns evidence/)
    "litmap.evidence.keyphrases._NAMES_BEFORE": "one sentence",
    "litmap.evidence.keyphrases._ET_AL": "one sentence",
}
#: Longest a single call may take at any length tried (an exponential pattern passes it at once).
MAX_SECONDS = 0.25
_CALLS = {"search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "compile"}


def _patterns() -> list[tuple[str, re.Pattern, str]]:
    """``(where, pattern, how it is used)`` for every pattern of :data:`MODULES`."""
    found: dict[tuple[str, int], tuple[str, str]] = {}
    for name in MODULES:
        module = importlib.import_module(name)
        for var, value in vars(module).items():
            values = value if isinstance(value, list | tuple) else [value]
            for v in values:
                if isinstance(v, re.Pattern):
                    found.setdefault((v.pattern, v.flags), (f"{name}.{var}", "search"))
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.func.attr in _CALLS
                and node.args
            ):
                continue
            try:  # patterns built from module-level names; those built from local values are skipped
                pattern = eval(compile(ast.Expression(node.args[0]), name, "eval"), vars(module))
                position = {"compile": 1, "sub": 4, "subn": 4, "split": 3}.get(node.func.attr, 2)
                given = [k.value for k in node.keywords if k.arg == "flags"] + node.args[position : position + 1]
                flags = eval(compile(ast.Expression(given[0]), name, "eval"), vars(module)) if given else 0
            except Exception:
                continue
            if isinstance(pattern, str):
                how = "match" if node.func.attr in ("match", "fullmatch") else "search"
                compiled = re.compile(pattern, flags)  # its flags as a compiled pattern states them
                found.setdefault((compiled.pattern, compiled.flags), (f"{name}:{node.lineno}", how))
    return [(where, re.compile(p, f), how) for (p, f), (where, how) in found.items()]


PATTERNS = _patterns()


def _seconds(call) -> float:
    best = math.inf
    for _ in range(3):
        start = time.process_time()
        call()
        best = min(best, time.process_time() - start)
        if best < 1e-3:  # too fast to matter: one run says so
            break
    return best


def _growth(pattern: re.Pattern, how: str, make, lengths=LENGTHS) -> tuple[float, list[tuple[int, float]]]:
    """The fitted exponent of the running time over ``lengths``, and the points."""
    points = []
    for length in lengths:
        text = make(length)
        run = pattern.match if how == "match" else pattern.search
        points.append((len(text), _seconds(lambda run=run, text=text: (run(text), pattern.fullmatch(text)))))
        if points[-1][1] > MAX_SECONDS:
            return math.inf, points
    (n1, t1), (n2, t2) = points[0], points[-1]
    if t2 < 2e-3:  # a few milliseconds for thousands of characters: linear enough, whatever the ratio
        return 1.0, points
    return math.log(t2 / max(t1, 1e-6)) / math.log(n2 / n1), points


def test_the_patterns_are_found():
    assert len(PATTERNS) > 200  # module-level and inline, from every module that reads text
    where = {w for w, _p, _h in PATTERNS}
    assert set(KNOWN_QUADRATIC) <= where  # a known pattern that was rewritten or moved leaves the list


@pytest.mark.slow
@pytest.mark.parametrize("module", MODULES)
def test_every_pattern_takes_linear_time(module):
    slow = []
    for where, pattern, how in PATTERNS:
        if not where.startswith(module + ".") and not where.startswith(module + ":"):
            continue
        known = where in KNOWN_QUADRATIC
        lengths, bound = ((128, 512, 2048), 2.4) if known else (LENGTHS, MAX_EXPONENT)
        # First the smallest strings, where an exponential pattern already shows.
        for unit in UNITS:
            for variant, shape in VARIANTS.items():

                def make(length, unit=unit, shape=shape):
                    return shape(unit * max(1, length // len(unit)))

                exponent, points = _growth(pattern, how, make, lengths)
                if exponent > bound:
                    slow.append(f"{where} on {unit!r} repeated, {variant}: exponent {exponent:.2f}, {points}")
    assert not slow, "super-linear patterns:\n" + "\n".join(slow[:20])


# ------------------------------------------------------------------------------------------------
# Whole functions on generated text, each under a time budget


def _budget(seconds: float, call, *args):
    start = time.process_time()
    result = call(*args)
    assert time.process_time() - start < seconds, f"{call.__name__} took over {seconds} s on {args!r:.200}"
    return result


#: Text made of the adversarial units and the words of a reference entry, up to a few hundred characters.
_ENTRY_TEXT = st.lists(
    st.sampled_from([*UNITS, "Smith", ": ", "; ", " ", "2001", "Journal", "In ", "(Eds.) ", "vol. ", "doi:"]),
    max_size=120,
).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ENTRY_TEXT)
def test_any_entry_parses_in_bounded_time(text):
    from litmap.parse import parse_reference
    from litmap.parse.reference_rules import parse_reference_rules

    _budget(1.0, parse_reference_rules, text)
    _budget(1.0, parse_reference, text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ENTRY_TEXT)
def test_any_sentence_is_read_in_bounded_time(text):
    from litmap.parse.citations import find_citations, split_sentences

    _budget(1.0, split_sentences, text)
    _budget(1.0, find_citations, text)


@pytest.mark.parametrize(
    "entry",
    [
        "Smith, " + "J. " * 30 + "(2001). Title. Journal, 1(2), 3-4.",
        "Smith, " + "A. B. " * 20 + "(2001). Title. Journal, 1(2), 3-4.",
        "Smith, " + "Jr. " * 30 + "(2001). Title.",
        "Smith, " + "Ed. " * 30 + "(2001). Title.",
        "Smith, " + "St. " * 30 + "(2001). Title.",
    ],
)
def test_the_red_team_entries_parse_at_once(entry):
    from litmap.parse import parse_reference

    _budget(1.0, parse_reference, entry)  # the goal is 0.1 s; benchmarks/README.md has the numbers


@pytest.mark.parametrize("citation", ["[{n}]", "word{sup}"], ids=["brackets", "superscripts"])
def test_a_sentence_of_thousands_of_citations_is_read_in_linear_time(citation):
    """Each citation's neighbourhood is read, never the sentence before it (26 s for 8,000 before)."""
    from litmap.parse.citations import find_citations

    parts = [citation.format(n=i % 50 + 1, sup="¹²³"[i % 3]) for i in range(8000)]
    found = _budget(2.0, find_citations, "Text " + " and ".join(parts) + ".")
    assert len(found) >= 8000


def test_a_paragraph_of_thousands_of_citations_standing_alone_is_read_in_linear_time():
    """Each "[1]." cut off as a sentence joins the one before it; joined once, not copied each time."""
    from litmap.parse.claims import compute_sentences_and_citations
    from litmap.parse.references import compute_references
    from litmap.read.article import compute_article

    text = (
        "Title\n\nIntroduction\n\nClaims are here. "
        + "[1]. " * 20000
        + "\n\nReferences\n\n1. Lee A. Care. 2001;3:1-10.\n"
    )
    article = compute_article(text, source="test", format="text")
    references = compute_references(article.reference_entries())
    sentences, _, citations = _budget(3.0, compute_sentences_and_citations, article, references)
    assert len(sentences) == 1 and len(citations) == 20000 and sentences["n_citations"].tolist() == [20000]
