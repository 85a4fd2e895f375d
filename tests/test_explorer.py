"""The notebook explorer's filtering logic, exercised without a browser."""

import pytest
from graph_fixtures import TAXONOMY, tables

from litmap.evidence.graph import build_evidence_graph
from litmap.evidence.topics import compute_topics
from litmap.present.explorer import ALL, EvidenceExplorer, explore


@pytest.fixture
def parts():
    d = tables()
    topics = compute_topics(d["claims"], TAXONOMY)
    graph = build_evidence_graph(d["claims"], d["citations"], d["references"], d["audit"], d["source_links"], topics)
    return graph, d


@pytest.mark.parametrize("view", ["sigma", None])
def test_topic_dropdown_updates_listed_claims(parts, view):
    graph, d = parts
    ex = EvidenceExplorer(graph, d["claims"], d["references"], d["audit"], graph_view=view)
    assert ex.matching_claims == ["claim:C01", "claim:C02", "claim:C03", "claim:C04"]
    ex.topic.value = "topic:trust_safety"
    assert ex.matching_claims == ["claim:C01"]
    assert "C01" in ex.claims_table.value and "C03" not in ex.claims_table.value
    assert [v for _, v in ex.claim.options] == ["claim:C01"]
    assert ex.matching_sources == ["ref:R04"]
    assert ex.highlighted == {"claim:C01", "ref:R04", "topic:trust_safety"}
    assert ex.node_colors()["ref:R02"] == "#DDDDDD"
    ex.topic.value = ALL
    assert ex.topic.label == "All topics" and ex.status.label == "All statuses"  # shown, not blank
    ex.status.value = "not_found"
    assert ex.matching_claims == ["claim:C02"] and ex.matching_sources == ["ref:R01", "ref:R05"]
    if view == "sigma":
        assert type(ex.sigma).__name__ == "Sigma"
        assert "article:" not in " ".join(map(str, ex.sigma.graph.nodes))  # the article's fan is left out
        assert type(ex.view.children[0]).__name__ == "Output"


def test_selecting_a_claim_shows_sentence_and_references_with_verdicts(parts):
    graph, d = parts
    ex = EvidenceExplorer(graph, d["claims"], d["references"], d["audit"], graph_view=None)
    ex.source.value = "ref:R04"
    assert "discrepant" in ex.detail.value and "year: cited 2007, record 2006" in ex.detail.value
    ex.claim.value = "claim:C01"
    assert "empathetic attunement fosters a sense of safety" in ex.detail.value
    assert "Cozolino (2007). The neuroscience of human relationships." in ex.detail.value


def test_text_is_escaped(parts):
    graph, d = parts
    claims = d["claims"].copy()
    claims.loc[0, "text"] = "<script>alert(1)</script> trust"
    graph = build_evidence_graph(claims, d["citations"], d["references"])
    ex = EvidenceExplorer(graph, claims, d["references"], graph_view=None)
    ex.claim.value = "claim:C01"
    assert "<script>" not in ex.detail.value + ex.claims_table.value
    assert "&lt;script&gt;" in ex.detail.value


def test_explore_returns_a_layout_carrying_the_explorer(parts):
    graph, d = parts
    box = explore(graph, d["claims"], d["references"], d["audit"], graph_view=None)
    assert type(box).__name__ == "VBox" and box.explorer.topic in box.children[0].children


def test_verdict_badges_use_the_figures_palette(parts):
    from litmap.present.palette import STATUS_COLORS, STATUS_TINTS

    graph, d = parts
    ex = EvidenceExplorer(graph, d["claims"], d["references"], d["audit"], graph_view=None)
    ex.source.value = "ref:R04"
    assert STATUS_TINTS["discrepant"] in ex.detail.value and STATUS_COLORS["discrepant"] in ex.detail.value
    assert ex.node_colors()["ref:R04"] == STATUS_COLORS["discrepant"]
