"""Topic discovery: an article's own topics, from its claims and headings, with no taxonomy file."""

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import litmap
from litmap.cli import main
from litmap.evidence.discovery import MAX_TOPICS, discover_topics
from litmap.evidence.keyphrases import is_thematic_heading, phrase_terms, strip_citations
from litmap.evidence.taxonomy import format_taxonomy, read_taxonomy
from litmap.evidence.topics import compute_topics, term_pattern
from litmap.schemas import CLAIM_TOPICS, CLAIMS

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "articles" / "empathy-in-therapy.txt"
PLOS = Path(__file__).parent / "data" / "plos-pbio-1001289.txt"  # CC BY, see tests/data/README.md


@pytest.fixture(scope="module")
def bundled():
    return litmap.load_article(BUNDLED)


@pytest.fixture(scope="module")
def plos():
    return litmap.load_article(PLOS)


def _discover(tables):
    return discover_topics(tables.claims, title=tables.article.title)


def _cited(tables):
    return set(tables.claims.loc[tables.claims["n_citations"] > 0, "claim_id"])


@pytest.mark.slow
def test_bundled_article_finds_its_design_themes_without_a_file(bundled):
    labels = [t.label.lower() for t in _discover(bundled).topics]
    assert 3 <= len(labels) <= MAX_TOPICS
    assert any("trust" in label and "safety" in label for label in labels)
    assert any("validat" in label for label in labels)
    assert any("emotion" in label and "process" in label for label in labels)
    # The article's subject is no topic of its own, and nothing generic stands in for a theme.
    assert not any(label in {"empathy", "methods", "outcomes", "mechanisms"} for label in labels)


def test_another_article_gets_its_own_topics(plos, bundled):
    """A different article (neuroscience and national security) gets different, fitting topics."""
    topics = _discover(plos).topics
    labels = {t.label.lower() for t in topics}
    assert 3 <= len(labels) <= MAX_TOPICS
    assert any("warfighter" in label for label in labels)
    assert any("deception" in label for label in labels)
    assert not labels & {t.label.lower() for t in _discover(bundled).topics}
    text = " ".join(plos.claims["text"]).lower() + " ".join(plos.claims["section"]).lower()
    for topic in topics:  # labels in the article's own words
        assert all(word in text for word in topic.label.lower().replace("–", " ").split())


@pytest.mark.parametrize("fixture", ["bundled", "plos"])
def test_most_cited_claims_get_a_topic_with_its_evidence(fixture, request):
    tables = request.getfixturevalue(fixture)
    topics = compute_topics(tables.claims, _discover(tables))
    CLAIM_TOPICS.validate(topics)
    cited = _cited(tables)
    assert len(cited & set(topics["claim_id"])) >= 0.8 * len(cited)
    assert topics["evidence"].str.contains(r"^(?:heading|text): ").all()


def test_discovery_is_deterministic_and_leaves_its_input_alone(plos):
    before = plos.claims.copy()
    first = _discover(plos)
    assert plos.claims.equals(before)
    assert _discover(plos) == first
    # Reordering unrelated rows keeps the same topics: nothing depends on hash order.
    shuffled = plos.claims.sample(frac=1.0, random_state=1).sort_values("claim_id").reset_index(drop=True)
    assert discover_topics(shuffled, title=plos.article.title) == first


def test_exported_taxonomy_reads_back_and_gives_the_same_claim_topics(plos, tmp_path):
    tax = _discover(plos)
    topics = compute_topics(plos.claims, tax)
    path = litmap.write_taxonomy(tax, tmp_path / "my-topics.yaml", claim_topics=topics)
    text = path.read_text(encoding="utf-8")
    assert "# " in text and "claims (C" in text  # each topic says which claims it holds
    again = read_taxonomy(path)
    assert again == tax
    assert compute_topics(plos.claims, again).equals(topics)


def test_user_edits_to_the_exported_file_take_effect(bundled, tmp_path):
    data = yaml.safe_load(format_taxonomy(_discover(bundled)))
    first, second = data["topics"][0], data["topics"][1]
    first["label"] = "My renamed topic"
    first["terms"] = first["terms"] + second["terms"]  # merge the second into the first
    data["topics"] = [first] + data["topics"][2:]
    path = tmp_path / "edited.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    topics = compute_topics(bundled.claims, read_taxonomy(path))
    assert "My renamed topic" in set(topics["label"])
    assert second["key"] not in set(topics["topic"])


@pytest.mark.slow
def test_cli_topics_prints_a_taxonomy_that_run_accepts(tmp_path):
    result = CliRunner().invoke(main, ["topics", str(BUNDLED)])
    assert result.exit_code == 0, result.output
    tax = read_taxonomy(yaml.safe_load(result.output))
    assert 3 <= len(tax.topics) <= MAX_TOPICS
    path = tmp_path / "my-topics.yaml"
    path.write_text(result.output, encoding="utf-8")
    run = CliRunner().invoke(
        main, ["run", str(BUNDLED), "--offline", "--no-figures", "--topics", str(path), "--out", str(tmp_path / "o")]
    )
    assert run.exit_code == 0, run.output
    assert read_taxonomy(tmp_path / "o" / "topics.yaml") == tax


def test_cli_topics_bad_input_is_one_line(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = CliRunner().invoke(main, ["topics", str(empty)])
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_no_cited_claims_gives_no_topics():
    claims = CLAIMS.from_records([{"claim_id": "C01", "section": "Intro", "text": "Nothing is cited here."}])
    assert discover_topics(claims).topics == ()
    assert compute_topics(claims).empty


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=120), min_size=1, max_size=8), st.text(max_size=30))
def test_discovery_accepts_any_text(texts, heading):
    claims = CLAIMS.from_records(
        [{"claim_id": f"C{i:02d}", "section": heading, "text": t, "n_citations": i % 2} for i, t in enumerate(texts)]
    )
    tax = discover_topics(claims)
    assert len(tax.topics) <= MAX_TOPICS
    assert len({t.key for t in tax.topics}) == len(tax.topics)
    CLAIM_TOPICS.validate(compute_topics(claims, tax))


@pytest.mark.parametrize(
    ("heading", "thematic"),
    [
        ("Establishing Trust and Safety", True),
        ("Warfighter Enhancement", True),
        ("Introduction", False),
        ("2.6. Statistical Analysis", False),
        ("Methods and Materials", False),
        ("Study 3", False),
        ("Link to Learning", False),
        ("John P. A. Ioannidis. PLoS Medicine (2005)", False),
    ],
)
def test_thematic_headings(heading, thematic):
    assert is_thematic_heading(heading) is thematic


def test_citations_and_cited_names_are_no_phrases():
    out = strip_citations("Hammond et al. (2005) and Slade [29] found safety matters (Coke, 2019; Wonder, 2017).")
    for gone in ("Hammond", "Slade", "29", "Coke", "2019"):
        assert gone not in out
    assert "safety matters" in out


def test_terms_match_every_form_the_article_wrote(bundled):
    from litmap.evidence.keyphrases import collect_phrases

    claims = bundled.claims
    phrases = collect_phrases(claims, {h: is_thematic_heading(h) for h in claims["section"].unique()})
    for phrase in phrases.by_key.values():
        patterns = [term_pattern(t) for t in phrase_terms(phrase)]
        for form in phrase.forms:
            if phrase.forms[form] >= 0.2 * sum(phrase.forms.values()):
                assert any(p.search(form) for p in patterns), (form, phrase_terms(phrase))


def test_the_taxonomy_file_counts_a_topic_of_one_claim_in_the_singular():
    from litmap.evidence.taxonomy import Taxonomy, Topic
    from litmap.schemas import CLAIM_TOPICS

    taxonomy = Taxonomy("t", "", (Topic("trust", "Trust", "", ("trust",)), Topic("care", "Care", "", ("care",))))
    claim_topics = CLAIM_TOPICS.from_records(
        [
            {"claim_id": "C01", "topic": "trust", "label": "Trust", "score": 1.0, "evidence": "text: trust"},
            {"claim_id": "C01", "topic": "care", "label": "Care", "score": 1.0, "evidence": "text: care"},
            {"claim_id": "C02", "topic": "care", "label": "Care", "score": 1.0, "evidence": "text: care"},
        ]
    )
    lines = format_taxonomy(taxonomy, claim_topics=claim_topics).splitlines()
    assert "# trust: 1 claim (C01)" in lines and "# care: 2 claims (C01, C02)" in lines
