"""Topic taxonomy reading and claim/source topic assignment."""

from pathlib import Path

import pytest
from graph_fixtures import TAXONOMY, tables
from hypothesis import given, settings
from hypothesis import strategies as st

import litmap
from litmap.evidence.taxonomy import read_taxonomy
from litmap.evidence.topics import compute_source_topics, compute_topics, term_pattern
from litmap.schemas import CLAIM_TOPICS, CLAIMS, SOURCE_TOPICS

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "topics" / "empathy-in-therapy.yaml"


def test_bundled_taxonomy_has_the_article_topics():
    tax = read_taxonomy(BUNDLED)
    for key in (
        "trust_safety",
        "trauma_recovery",
        "validation",
        "self_awareness",
        "emotion_processing",
        "coping_skills",
    ):
        assert key in tax.keys
        assert tax[key].description and tax[key].terms


def test_no_taxonomy_means_discover():
    assert read_taxonomy(None) is None  # passed on, so compute_topics discovers the article's own


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"nope": []}, "'topics'"),
        ({"topics": []}, "non-empty"),
        ({"topics": [{"key": "Bad Key", "label": "x", "description": "d", "terms": ["a"]}]}, "field 'key'"),
        ({"topics": [{"key": "sleep", "description": "d", "terms": ["a"]}]}, "topic 'sleep': field 'label'"),
        ({"topics": [{"key": "sleep", "label": "S", "description": "d", "terms": []}]}, "topic 'sleep': field 'terms'"),
        (
            {"topics": [{"key": "sleep", "label": "S", "description": "d", "terms": ["a"], "colour": 1}]},
            "unknown field",
        ),
        (
            {"topics": [{"key": "a", "label": "A", "description": "d", "terms": ["x"]}] * 2},
            "topic 'a': field 'key' is used twice",
        ),
    ],
)
def test_malformed_taxonomy_names_topic_and_field(data, message):
    with pytest.raises(litmap.TaxonomyError, match=message):
        read_taxonomy(data)


def test_bad_yaml_file_names_the_file(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("topics: [unclosed", encoding="utf-8")
    with pytest.raises(litmap.TaxonomyError, match=r"bad\.yaml"):
        read_taxonomy(path)


@pytest.mark.parametrize(
    ("term", "text", "hit"),
    [
        ("emotion", "Emotions matter", True),
        ("strategy", "coping strategies", True),
        ("validat*", "feeling validated", True),
        ("safe", "unsafe places", False),
        ("safe", "safety", False),
        ("social engagement system", "the Social  Engagement System", True),
        ("self-awareness", "self-awareness grows", True),
    ],
)
def test_term_matching(term, text, hit):
    assert bool(term_pattern(term).search(text)) is hit


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_compute_topics_accepts_any_text(text):
    claims = CLAIMS.from_records([{"claim_id": "C01", "section": text[:20], "text": text}])
    out = compute_topics(claims, TAXONOMY)
    CLAIM_TOPICS.validate(out)
    assert set(out["claim_id"]) <= {"C01"}
    assert (out["score"] >= 1).all()


def test_claims_get_topics_from_heading_and_words_several_or_none():
    d = tables()
    before = d["claims"].copy()
    out = compute_topics(d["claims"], TAXONOMY)
    assert d["claims"].equals(before)  # input not mutated
    by_claim = out.groupby("claim_id")["topic"].agg(set)
    assert by_claim["C01"] == {"trust_safety"}
    assert by_claim["C03"] == {"emotion_processing", "neural"}  # heading + own words
    assert "heading:" in out.set_index(["claim_id", "topic"]).loc[("C03", "emotion_processing"), "evidence"]
    none = CLAIMS.from_records([{"claim_id": "C09", "section": "Intro", "text": "Nothing relevant here."}])
    assert compute_topics(none, TAXONOMY).empty


def test_sources_get_the_topics_of_citing_claims():
    d = tables()
    out = compute_source_topics(compute_topics(d["claims"], TAXONOMY), d["citations"])
    SOURCE_TOPICS.validate(out)
    got = set(zip(out["ref_id"], out["topic"]))
    assert {("R02", "emotion_processing"), ("R03", "emotion_processing"), ("R04", "trust_safety")} <= got
    assert ("R04", "emotion_processing") not in got


def test_bundled_article_topics():
    tables_ = litmap.load_article(ROOT / "data" / "articles" / "empathy-in-therapy.txt")
    out = compute_topics(tables_.claims, BUNDLED)
    claims = tables_.claims.set_index("claim_id")
    cozolino = claims.index[claims["text"].str.contains("Cozolino")][0]
    assert "trust_safety" in set(out.loc[out["claim_id"] == cozolino, "topic"])
    # Without a taxonomy, the article's own topics are discovered and cover its cited claims.
    discovered = compute_topics(tables_.claims, title=tables_.article.title)
    cited = set(tables_.claims.loc[tables_.claims["n_citations"] > 0, "claim_id"])
    assert cited <= set(discovered["claim_id"])
