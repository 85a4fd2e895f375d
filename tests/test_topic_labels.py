"""Topics a reader would name (issue #22): labels, terms, author keywords, topics left off the map."""

from __future__ import annotations

import pytest

from litmap.evidence.discovery import discover_topics
from litmap.evidence.keyphrases import article_keywords, is_label_naming_something, is_thematic_heading
from litmap.present.evidence_map import describe_left_out
from litmap.present.map_layout import compute_column_layout
from litmap.read.blocks import Section
from litmap.schemas import CLAIMS


@pytest.mark.parametrize(
    "label",
    ["Depends", "Pairs", "Function", "Scale", "Stimuli", "Line", "Bias", "Basic psychological", "Increased risk"],
)
def test_general_words_verbs_and_modifiers_name_no_topic(label):
    assert not is_label_naming_something(label)


@pytest.mark.parametrize(
    "label", ["Urban health solutions, li ka", "SMR (95% CI)", "How can we improve the situation?"]
)
def test_statistics_questions_and_cut_off_names_are_no_labels(label):
    assert not is_label_naming_something(label)


@pytest.mark.parametrize(
    "label",
    # labels litmap gave the clinical PDFs of ../shared/corpus-pdf: a journal's discussion headings,
    # a letter of a formula, an adjective standing alone, a vague noun
    [
        "Comparison with other studies",
        "Meaning of the study",
        "Interpretation of findings",
        "F",
        "P",
        "Clinical",
        "Greater",
        "Largest",
        "Fact",
        "Protocol",
        "Features",
    ],
)
def test_a_papers_parts_a_letter_or_an_adjective_alone_name_no_topic(label):
    assert not is_label_naming_something(label)


@pytest.mark.parametrize(
    "heading",
    [
        "Comparison with other studies",
        "Strengths and weaknesses of the study",
        "Interpretation of findings",
        "Patient and public involvement",
    ],
)
def test_clinical_discussion_headings_are_structure_not_themes(heading):
    assert not is_thematic_heading(heading)


@pytest.mark.parametrize(
    "label",
    [
        "Contour integration",
        "Trust and safety",
        "Phylogeny from 454 pyrosequencing data",
        "Life event inventory",
        "Clinical practice",
        "Cereal grains",
        "PONV",
    ],
)
def test_noun_phrases_about_a_subject_are_labels(label):
    assert is_label_naming_something(label)


def _claims(rows):
    return CLAIMS.from_records(
        [
            {"claim_id": f"C{i:02d}", "section": section, "text": text, "n_citations": cited, "kind": kind}
            for i, (section, text, cited, kind) in enumerate(rows, 1)
        ]
    )


def test_a_group_that_only_general_words_name_makes_no_topic_and_terms_are_not_general():
    claims = _claims(
        [
            ("Results", "Snake phobia depends on early exposure to snakes [1].", 1, "claim"),
            ("Results", "Snake phobia is common in children who saw snakes early [2].", 1, "claim"),
            ("Results", "The data show a high risk in the data of both groups [3].", 1, "claim"),
            ("Results", "Risk data were similar in the data of both samples [4].", 1, "claim"),
        ]
    )
    taxonomy = discover_topics(claims)
    labels = [t.label for t in taxonomy.topics]
    assert labels and all(is_label_naming_something(x) for x in labels)
    assert not any(x.lower() in ("data", "risk", "depends") for x in labels)
    terms = {term for t in taxonomy.topics for term in t.terms}
    assert not terms & {"data", "risk", "line", "bias"}


def test_headings_of_procedure_are_no_themes():
    claims = _claims(
        [
            ("CT scanning", "Skulls were scanned at 0.1 mm resolution as in [1].", 1, "method"),
            ("CT scanning", "Scans were segmented in Avizo as in [2].", 1, "method"),
            ("Crest growth", "The nasal crest grows late in hadrosaurs [3].", 1, "claim"),
            ("Crest growth", "Crest growth accelerates in subadult hadrosaurs [4].", 1, "claim"),
        ]
    )
    labels = [t.label for t in discover_topics(claims).topics]
    assert "CT scanning" not in labels and "Crest growth" in labels


def test_author_keywords_are_read_and_become_terms_or_topics():
    sections = [Section("Abstract", ((1, "Keywords: Ancient DNA; Phylogeography; Barbary lion"),))]
    keywords = article_keywords(sections)
    assert keywords == ["Ancient DNA", "Phylogeography", "Barbary lion"]
    claims = _claims(
        [
            ("Lions", "Lion populations declined in North Africa [1].", 1, "claim"),
            ("Lions", "North African lion populations were isolated early [2].", 1, "claim"),
            ("Lions", "Ancient DNA from museum lions shows a lost lineage [3].", 1, "claim"),
            ("Lions", "The Barbary lion carried this lineage [4].", 1, "claim"),
        ]
    )
    taxonomy = discover_topics(claims, keywords=keywords)
    words = " ".join(t.label.lower() + " " + " ".join(t.terms) for t in taxonomy.topics)
    assert "ancient dna" in words and "barbary lion" in words
    assert "phylogeography" not in words  # no claim says it: not added


def test_keywords_run_into_a_front_matter_line_are_read_and_found_as_the_article_writes_them():
    # a PDF joins the journal's "Subjects" and "Keywords" lines into one paragraph
    front = "Subjects Bioinformatics, Genomics Keywords Selective pressure analysis, Comparative genomics, Gene loss"
    sections = [Section("Abstract", ((1, "We present a tool."), (2, front)))]
    assert article_keywords(sections) == ["Selective pressure analysis", "Comparative genomics", "Gene loss"]
    # in prose, or past the front matter, "Keywords" is no label
    prose = Section("Abstract", ((1, "Search Keywords were chosen by two authors, then piloted."),))
    late = [Section(f"Part {k}", ((k, "Plain text here."),)) for k in range(3)] + [Section("End", ((9, front),))]
    assert article_keywords([prose]) == [] and article_keywords(late) == []
    claims = _claims(
        [
            ("Tools", "Selective pressure analyses need codon models [1].", 1, "claim"),
            ("Tools", "Codon models estimate selective pressure variation [2].", 1, "claim"),
            ("Tools", "Codon models run slowly on large data [3].", 1, "claim"),
            ("Scale", "Large comparative genomic studies need automation [4].", 1, "claim"),
            ("Scale", "Large comparative genomic studies use many species [5].", 1, "claim"),
        ]
    )
    taxonomy = discover_topics(claims, keywords=article_keywords(sections))
    terms = {term for t in taxonomy.topics for term in t.terms}
    # "analyses" is the plural of "analysis"; "genomic" is how the article writes "genomics"
    assert {"selective pressure analysis", "comparative genomic"} <= terms, terms
    assert "gene loss" not in terms  # no claim says it


def test_topics_left_off_the_map_are_named_for_a_footnote():
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_node("claim:C01", kind="claim", label="C01")
    graph.add_node("claim:C02", kind="claim", label="C02")
    graph.add_node("ref:R01", kind="source", label="R01", n_claims=1)
    graph.add_node("topic:trust", kind="topic", label="Trust")
    graph.add_node("topic:grief", kind="topic", label="Grief")
    graph.add_edge("claim:C01", "ref:R01", relation="cites")
    graph.add_edge("claim:C01", "topic:trust", relation="about", score=1.0)
    graph.add_edge("claim:C02", "topic:grief", relation="about", score=1.0)  # C02 cites nothing
    layout = compute_column_layout(graph)
    assert layout.topics == ["topic:trust"] and layout.topics_not_shown == ["Grief"]
    assert "1 topic with no cited claim mainly about it (Grief)" in describe_left_out(graph, layout)


def test_a_topic_map_names_only_its_own_claims_that_cite_nothing():
    """A topic's map counted the topic's claims citing no source but listed every such claim of the
    article ("7 claims citing no source (C01, C13, C17, 121 more)"): the names now match the count."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_node("ref:R01", kind="source", label="R01", n_claims=1)
    graph.add_node("topic:trust", kind="topic", label="Trust")
    graph.add_node("topic:grief", kind="topic", label="Grief")
    for i in range(1, 9):
        graph.add_node(f"claim:C{i:02d}", kind="claim", claim_id=f"C{i:02d}")
        graph.add_edge(f"claim:C{i:02d}", "topic:trust" if i in (1, 2, 3) else "topic:grief", relation="about", score=1)
    graph.add_edge("claim:C01", "ref:R01", relation="cites")
    graph.add_edge("claim:C04", "ref:R01", relation="cites")
    layout = compute_column_layout(graph, topic="trust")
    said = describe_left_out(graph, layout)
    assert "2 claims citing no source (C02, C03)" in said, said
    assert "C05" not in said
    whole = describe_left_out(graph, compute_column_layout(graph))
    assert "6 claims citing no source (C02, C03, C05, C06, C07, C08)" in whole, whole
