"""The literal prefilter gives exactly the patterns' own answers (it only skips text they cannot match)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from litmap.parse import kind_rules
from litmap.parse.citations import split_sentences
from litmap.parse.kind_rules import CUE_FILTERS, CUES
from litmap.parse.prefilter import FOLDS_TO_ASCII, Haystack, Prefiltered, required_literals

REPO = Path(__file__).resolve().parents[1]
RULE_FILTERS = {
    name: getattr(kind_rules, name)
    for name in ("_BOILERPLATE_FILTER", "_AIM_FILTER", "_FUTURE_FILTER", "_SIGNPOST_FILTER")
}
FILTERS = {**CUE_FILTERS, **RULE_FILTERS}


def _sentences() -> list[str]:
    text = (REPO / "data" / "articles" / "empathy-in-therapy.txt").read_text(encoding="utf-8")
    return [s for paragraph in text.split("\n\n") for s in split_sentences(" ".join(paragraph.split()))]


def _same(prefiltered: Prefiltered, text: str) -> None:
    hay = Haystack(text)
    assert prefiltered.count(hay) == len(prefiltered.pattern.findall(text)), (prefiltered.pattern.pattern, text)
    found, expected = prefiltered.search(text, hay), prefiltered.pattern.search(text)
    assert (found and found.span()) == (expected and expected.span())


def test_folds_to_ascii_holds_every_character_that_case_folds_onto_ascii():
    # the one exception to "compare with the lower-cased text": checked over every code point
    ascii_class = re.compile("[" + re.escape("".join(map(chr, range(32, 127)))) + "]", re.IGNORECASE)
    found = {c for c in map(chr, range(128, 0x110000)) if ascii_class.fullmatch(c)}
    assert found == FOLDS_TO_ASCII


def test_most_cues_have_literals_to_filter_by():
    # the filter is what makes the cues fast; a cue that loses its literals silently runs everywhere
    assert sum(f.literals is not None for f in FILTERS.values()) >= len(FILTERS) - 4
    assert all(f.literals is not None for f in RULE_FILTERS.values())


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (re.compile(r"\b(?:we|our|us)\b", re.I), {"we", "our", "us"}),
        (re.compile(r"(?:abc)?xyz"), {"xyz"}),  # an optional group requires nothing
        (re.compile(r"x{0,3}|abc"), None),  # one branch needs no literal: nothing can be ruled out
        (re.compile(r"(?:ab){2}cd"), {"ab"}),
        (re.compile(r"(?=abc)\w+"), None),  # a lookahead is not counted
        (re.compile(r"(?i:abc)d"), {"d"}),  # a local flag: its literals are not used
        (re.compile(r"[ab]cde"), {"cde"}),
        (re.compile(r"©\s*\d{4}|all rights", re.I), {"©", "all rights"}),
        (re.compile(r"\bμ\w+"), None),  # a letter with case outside ASCII is not used
    ],
)
def test_required_literals_are_only_what_every_match_holds(pattern, expected):
    found = required_literals(pattern)
    assert (None if found is None else set(found)) == expected


@pytest.mark.parametrize("name", sorted(FILTERS))
def test_each_filter_answers_as_its_pattern_on_real_sentences(name):
    for sentence in _sentences():
        _same(FILTERS[name], sentence)


def _folded(text: str) -> str:
    """``text`` with the ASCII letters that case folding reaches from outside ASCII swapped for those."""
    return text.replace("s", "\u017f").replace("i", "\u0131").replace("k", "\u212a").replace("I", "\u0130")


@pytest.mark.parametrize("name", sorted(FILTERS))
def test_each_filter_answers_as_its_pattern_on_letters_folded_from_outside_ascii(name):
    # "ſhown" matches "shown" under re.IGNORECASE, though its lower case does not hold "shown"
    for literal in sorted(FILTERS[name].literals or ()):
        for text in (literal, f"Figure 1 {literal} here.", f"We {literal} 95 % (p = .01)."):
            _same(FILTERS[name], _folded(text))
            _same(FILTERS[name], _folded(text).upper())


_PIECES = sorted({s for f in FILTERS.values() for s in (f.literals or ())})
_TEXT = st.lists(
    st.one_of(
        st.sampled_from(_PIECES),
        st.sampled_from(_PIECES).map(str.upper),
        st.sampled_from(_PIECES).map(str.title),
        st.sampled_from(_PIECES).map(_folded),
        st.sampled_from([" ", ".", ",", "?", ":", "(", ")", "%", "=", "/", "1", "95", "p < .05", "\n"]),
        st.sampled_from(sorted(FOLDS_TO_ASCII) + ["\u0307", "é", "Σ", "ﬁ", "\u00a0"]),
        st.text(max_size=5),
    ),
    max_size=12,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_each_filter_answers_as_its_pattern_on_drawn_text(text):
    for prefiltered in FILTERS.values():
        _same(prefiltered, text)


def test_the_cues_are_the_patterns_filtered():
    assert CUE_FILTERS.keys() == CUES.keys()
    assert all(CUE_FILTERS[name].pattern is CUES[name] for name in CUES)
