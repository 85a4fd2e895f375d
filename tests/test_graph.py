"""The evidence graph: structure, helpers, and export round trips."""

from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from graph_fixtures import TAXONOMY, tables

import litmap
from litmap.evidence.graph import build_evidence_graph, claim_label
from litmap.evidence.graph_export import to_edge_table, to_node_table, write_gexf, write_graph_tables, write_graphml
from litmap.evidence.graph_queries import (
    claims_on_unverified_sources,
    compute_cocitation,
    most_cited_sources,
    sources_for_topic,
    uncited_claims,
)
from litmap.evidence.topics import compute_topics
from litmap.parse.references import compute_references
from litmap.schemas import CITATIONS, CLAIM_TOPICS, CLAIMS

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def graph():
    d = tables()
    topics = compute_topics(d["claims"], TAXONOMY)
    return build_evidence_graph(
        d["claims"], d["citations"], d["references"], d["audit"], d["source_links"], topics, article="Test"
    )


def _kinds(g):
    return pd.Series(dict(g.nodes(data="kind"))).value_counts().to_dict()


def _relations(g):
    return pd.Series([r for _, _, r in g.edges(data="relation")]).value_counts().to_dict()


def test_nodes_and_edges_by_kind(graph):
    assert _kinds(graph) == {"article": 1, "claim": 4, "topic": 4, "source": 5, "work": 1}
    assert _relations(graph) == {"asserts": 4, "cites": 5 + 3, "about": 5}
    assert graph.has_edge("ref:R02", "ref:R03")  # a source citing another source (DOI case ignored)
    assert graph.edges["ref:R02", "ref:R03"]["origin"] == "crossref"
    assert "doi:10.1000/shared" in graph and "doi:10.1000/only-once" not in graph
    for node, attrs in graph.nodes(data=True):
        assert attrs["kind"] and attrs["label"], node
        assert ":" in node
    assert all("relation" in attrs for *_, attrs in graph.edges(data=True))


def test_attributes_are_graphml_safe(graph):
    for _, attrs in list(graph.nodes(data=True)) + [(None, a) for *_, a in graph.edges(data=True)]:
        for value in attrs.values():
            assert isinstance(value, (str, int, float, bool)), value
    r02 = graph.nodes["ref:R02"]
    assert r02["status"] == "verified" and r02["year"] == 2007 and r02["doi"] == "10.1162/jocn.2007.19.1.42"
    assert graph.nodes["ref:R04"]["discrepancies"] == "year: cited 2007, record 2006"


def test_without_audit_sources_are_unchecked():
    d = tables()
    g = build_evidence_graph(d["claims"], d["citations"], d["references"])
    assert {g.nodes[n]["status"] for n, k in g.nodes(data="kind") if k == "source"} == {"unchecked"}
    assert "topic" not in _kinds(g)


def test_two_works_by_the_same_authors_in_one_year_get_labels_a_reader_can_tell_apart():
    """BMJ 2015's list holds two "Ussher et al. 2012" works; the map must not show one label twice."""
    entries = [  # as printed in BMJ 2015;350:h2145 and (the "Anon." pair) in a corpus article's list
        "Ussher MH, Taylor A, Faulkner G. Exercise interventions for smoking cessation. Cochrane Database Syst "
        "Rev 2012;1:CD002295.",
        "Ussher M, Aveyard P, Manyonda I, et al. Physical activity as an aid to smoking cessation during "
        "pregnancy (LEAP) trial: study protocol for a randomized controlled trial. Trials 2012;13:186.",
        "Anon. (2009b). Sequencing Method Manual. Mannheim: Roche Diagnostics, 22.",
        "Anon. (2009a). emPCR Method Manual – Lib-L MV. Mannheim: Roche Diagnostics, 12.",
    ]
    references = compute_references(entries)
    first, second, printed_b, printed_a = (f"ref:{rid}" for rid in references["ref_id"])
    g = build_evidence_graph(CLAIMS.empty(), CITATIONS.empty(), references)
    assert (g.nodes[first]["label"], g.nodes[second]["label"]) == ("Ussher et al. 2012a", "Ussher et al. 2012b")
    labels = (g.nodes[printed_a]["label"], g.nodes[printed_b]["label"])
    assert labels[0].endswith("2009a") and labels[1].endswith("2009b")  # the letters the list prints


def test_extra_citation_columns_become_edge_attributes():
    d = tables()
    cit = d["citations"].assign(
        fit=["on topic", "tangential", "off topic", "on topic", "unknown"], fit_score=[0.9, 0.4, 0.1, 0.8, float("nan")]
    )
    g = build_evidence_graph(d["claims"], cit, d["references"])
    assert g.edges["claim:C02", "ref:R01"]["fit"] == "off topic"
    assert g.edges["claim:C01", "ref:R04"]["fit_score"] == pytest.approx(0.9)
    assert "fit_score" not in g.edges["claim:C03", "ref:R03"]  # NaN left out, not written as None


def test_claim_labels_are_short_and_identifiable():
    text = (
        "According to research by Cozolino (2007), empathetic attunement between therapist and client fosters safety."
    )
    label = claim_label("C03", text, ["Cozolino"])
    assert label.startswith("C03 · Cozolino: empathetic attunement")
    assert len(label) < 60 and label.endswith("…")


def test_helpers(graph):
    d = tables()
    assert list(sources_for_topic(graph, "emotion_processing")["ref_id"]) == ["R02", "R03"]
    with pytest.raises(KeyError, match="no topic 'nope'"):
        sources_for_topic(graph, "nope")
    assert list(claims_on_unverified_sources(graph)["claim_id"]) == ["C02"]  # Smith and Coke both not_found
    assert list(uncited_claims(graph)["claim_id"]) == ["C04"]
    top = most_cited_sources(graph, n=2)
    assert len(top) == 2 and top["n_claims"].tolist() == [1, 1]
    co = compute_cocitation(d["citations"])
    assert set(zip(co["ref_a"], co["ref_b"])) == {("R01", "R05"), ("R02", "R03")}


def test_the_topic_with_most_claims_and_its_sentence(graph):
    topics = compute_topics(tables()["claims"], TAXONOMY)
    counts = litmap.evidence.compute_topic_counts(topics)
    assert counts["n_claims"].is_monotonic_decreasing
    largest = litmap.largest_topic(topics)
    assert largest == counts.at[0, "topic"]
    assert counts.at[0, "n_claims"] == topics.loc[topics["topic"] == largest, "claim_id"].nunique()
    sentence = litmap.describe_topic(graph, largest)
    n_sources = len(sources_for_topic(graph, largest))
    assert sentence.startswith(f"Topic {graph.nodes['topic:' + largest]['label']!r} (key {largest}): ")
    assert f"citing {n_sources} source" in sentence
    # An article without topics: no topic to ask about, an empty table and a sentence saying why.
    assert litmap.largest_topic(topics.iloc[0:0]) is None
    empty = sources_for_topic(graph, None)
    assert empty.empty and "n_claims_on_topic" in empty.columns
    assert litmap.describe_topic(graph, None).startswith("The graph has no topics")


def test_topic_counts_break_ties_by_reading_order_past_c99():
    rows = [
        {"claim_id": "C100", "topic": "late", "label": "Late", "score": 1.0, "evidence": "text: late"},
        {"claim_id": "C11", "topic": "late", "label": "Late", "score": 1.0, "evidence": "text: late"},
        {"claim_id": "C12", "topic": "early", "label": "Early", "score": 1.0, "evidence": "text: early"},
        {"claim_id": "C9", "topic": "early", "label": "Early", "score": 1.0, "evidence": "text: early"},
    ]
    topics = CLAIM_TOPICS.from_records(rows)
    # Both hold two claims; "early" comes first in the article (C9), although "C100" < "C12" < "C9" as text.
    assert list(litmap.evidence.compute_topic_counts(topics)["topic"]) == ["early", "late"]


def test_tables_round_trip(graph, tmp_path):
    nodes, edges = to_node_table(graph), to_edge_table(graph)
    assert len(nodes) == graph.number_of_nodes() and len(edges) == graph.number_of_edges()
    rebuilt = nx.from_pandas_edgelist(edges, "from_id", "to_id", edge_attr=True, create_using=nx.DiGraph)
    assert rebuilt.number_of_edges() == graph.number_of_edges()
    node_csv, edge_csv = write_graph_tables(graph, tmp_path)
    assert len(pd.read_csv(node_csv)) == len(nodes) and len(pd.read_csv(edge_csv)) == len(edges)


def test_graphml_and_gexf_read_back_with_same_counts(graph, tmp_path):
    back = nx.read_graphml(write_graphml(graph, tmp_path / "g.graphml"))
    assert (back.number_of_nodes(), back.number_of_edges()) == (graph.number_of_nodes(), graph.number_of_edges())
    assert _kinds(back) == _kinds(graph) and _relations(back) == _relations(graph)
    assert back.nodes["ref:R02"]["year"] == 2007
    gexf = nx.read_gexf(write_gexf(graph, tmp_path / "g.gexf"))
    assert gexf.number_of_edges() == graph.number_of_edges()


# --- the bundled article ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled():
    t = litmap.load_article(ROOT / "data" / "articles" / "empathy-in-therapy.txt")
    topics = compute_topics(t.claims, ROOT / "data" / "topics" / "empathy-in-therapy.yaml")
    return t, build_evidence_graph(t.claims, t.citations, t.references, topics=topics, article=t.article.title)


def test_bundled_article_structure(bundled):
    t, g = bundled
    kinds = _kinds(g)
    assert kinds["article"] == 1 and kinds["claim"] == len(t.claims) and kinds["source"] == 11
    assert kinds["topic"] >= 6
    assert _relations(g)["cites"] == t.citations["ref_id"].notna().sum() == 11
    assert _relations(g)["asserts"] == len(t.claims)


def test_bundled_cozolino_claim_is_about_trust_and_safety(bundled):
    _, g = bundled
    (coz,) = [n for n, k in g.nodes(data="kind") if k == "source" and g.nodes[n]["label"].startswith("Cozolino")]
    (claim,) = list(g.predecessors(coz))
    assert g.has_edge(claim, "topic:trust_safety")
    assert "Cozolino" in g.nodes[claim]["label"]


def test_bundled_lamm_and_singer_cited_by_an_emotion_processing_claim(bundled):
    _, g = bundled
    emotion_claims = set(g.predecessors("topic:emotion_processing"))
    for name in ("Lamm", "Singer"):
        (src,) = [n for n, k in g.nodes(data="kind") if k == "source" and g.nodes[n]["label"].startswith(name)]
        assert emotion_claims & set(g.predecessors(src)), name
    assert {"Lamm et al. 2007", "Singer et al. 2004"} <= set(sources_for_topic(g, "emotion_processing")["label"])


def test_bundled_article_with_offline_audit_gives_each_source_its_own_verdict():
    """Per source, not as a set: a graph whose sources took their neighbours' audit rows must fail."""
    t = litmap.load_article(ROOT / "data" / "articles" / "empathy-in-therapy.txt")
    records = litmap.read_snapshot(ROOT / "data" / "snapshots" / "empathy-in-therapy.json").records
    audited = litmap.compute_audit(t.references, records)  # pure: saved records in, verdicts out
    shuffled = audited.audit.iloc[::-1].reset_index(drop=True)  # rows in another order than the references
    g = build_evidence_graph(t.claims, t.citations, t.references, shuffled, audited.source_links)
    for row in audited.audit.itertuples():
        node = g.nodes[f"ref:{row.ref_id}"]
        assert node["status"] == row.status, row.ref_id
        assert node.get("discrepancies", "") == "; ".join(row.discrepancies), row.ref_id
    assert g.nodes["ref:R03"]["doi"] == "10.1126/science.1089134"  # Eisenberger's record, found by search
    assert g.nodes["ref:R03"]["label"].startswith("Eisenberger")
    assert _kinds(g)["source"] == 11


def test_an_article_without_a_title_is_not_named_none():
    d = tables()
    g = build_evidence_graph(d["claims"], d["citations"], d["references"], article=None)
    assert g.graph["name"] == "article"
    assert [n for n, kind in g.nodes(data="kind") if kind == "article"] == ["article:article"]
