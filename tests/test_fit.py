"""Claim–source fit on small synthetic tables: labels, scores, evidence terms and the rules."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from litmap import compute_fit
from litmap.evidence.fit import claim_text_for_fit, normalise_term
from litmap.schemas import AUDIT, CITATIONS, CLAIMS, FIT_LABELS

NEURAL = "Lamm et al. (2007) showed that empathy activates the amygdala and limbic structures in emotion regulation."
EMPATHY_PAIN = "Empathy for pain recruits the anterior insula and anterior cingulate cortex (Singer, 2004)."
TRUST = "Empathy fosters trust and safety between therapist and client (Coke, 2019)."


def _tables(audit_rows, claim_rows=None, citation_rows=None):
    claims = CLAIMS.from_records(
        claim_rows
        or [
            {"claim_id": "C01", "text": NEURAL, "ref_ids": ["R01", "R02"]},
            {"claim_id": "C02", "text": EMPATHY_PAIN, "ref_ids": ["R03"]},
            {"claim_id": "C03", "text": TRUST, "ref_ids": ["R04"]},
        ]
    )
    citations = CITATIONS.from_records(
        citation_rows
        or [
            {"claim_id": "C01", "ref_id": "R01", "cited_as": "Lamm et al. (2007)"},
            {"claim_id": "C01", "ref_id": "R02", "cited_as": "Lamm et al. (2007)"},
            {"claim_id": "C02", "ref_id": "R03", "cited_as": "(Singer, 2004)"},
            {"claim_id": "C03", "ref_id": "R04", "cited_as": "(Coke, 2019)"},
        ]
    )
    return claims, citations, AUDIT.from_records(audit_rows)


AUDIT_ROWS = [
    {
        "ref_id": "R01",
        "status": "verified",
        "title": "Empathy and the amygdala: limbic responses during emotion regulation",
        "container": "Journal of Cognitive Neuroscience",
    },
    {
        "ref_id": "R02",
        "status": "verified",
        "title": "Crop rotation and soil nitrogen in temperate farms",
        "container": "Agronomy Journal",
    },
    {
        "ref_id": "R03",
        "status": "discrepant",
        "title": "Anterior cingulate cortex responses to social exclusion",
        "abstract": "Participants excluded from a ball-tossing game showed anterior cingulate cortex activity.",
    },
    {"ref_id": "R04", "status": "not_found"},
]


def _fit(audit_rows=AUDIT_ROWS, **kwargs):
    claims, citations, audit = _tables(audit_rows)
    return compute_fit(claims, citations, audit, **kwargs).set_index("ref_id")


@pytest.mark.slow
def test_labels_scores_and_evidence_terms():
    fit = _fit()
    assert fit.loc["R01", "fit"] == "on topic"
    assert fit.loc["R02", "fit"] == "off topic"
    assert fit.loc["R01", "fit_score"] > 0.3 > fit.loc["R02", "fit_score"]
    assert fit.loc["R02", "fit_score"] == 0
    shared = fit.loc["R01", "shared_terms"]
    assert {"empathy", "amygdala", "limbic"} <= set(shared)
    assert "structures" in fit.loc["R01", "claim_only_terms"]
    assert not set(shared) & set(fit.loc["R01", "claim_only_terms"])
    assert fit.loc["R02", "shared_terms"] == []
    assert "amygdala" in fit.loc["R01", "fit_reason"]


def test_source_without_the_claims_subject_is_at_most_tangential():
    # R03 shares "anterior cingulate cortex" with C02 but never mentions empathy, the focus term.
    fit = _fit()
    assert fit.loc["R03", "fit_score"] >= 0.08
    assert fit.loc["R03", "fit"] == "tangential"
    assert bool(fit.loc["R03", "focus_terms_missing"]) is True
    assert "empathy" in fit.loc["R03", "fit_reason"]
    # Without a focus term the same score is on topic: the rule, not the score, caps it.
    uncapped = _fit(focus_terms=[])
    assert uncapped.loc["R03", "fit"] == "on topic"


@pytest.mark.parametrize(
    "row, why",
    [
        ({"ref_id": "R04", "status": "not_found"}, "not_found"),
        ({"ref_id": "R04", "status": "unchecked", "title": "Empathy and trust"}, "unchecked"),
        ({"ref_id": "R04", "status": "verified", "container": "Journal of Trust"}, "no title"),
    ],
)
def test_unknown_when_there_is_no_usable_record(row, why):
    fit = _fit(AUDIT_ROWS[:3] + [row])
    assert fit.loc["R04", "fit"] == "unknown"
    assert pd.isna(fit.loc["R04", "fit_score"])
    assert why in fit.loc["R04", "fit_reason"]


def test_subjects_alone_are_usable_metadata():
    row = {"ref_id": "R04", "status": "verified", "subjects": ["Trust", "Psychotherapy", "Empathy"]}
    fit = _fit(AUDIT_ROWS[:3] + [row])
    assert fit.loc["R04", "fit"] in {"on topic", "tangential"}
    assert "trust" in fit.loc["R04", "shared_terms"]


def test_unresolved_citation_is_unknown_and_input_not_mutated():
    claims, citations, audit = _tables(AUDIT_ROWS)
    citations = CITATIONS.from_records(
        citations.to_dict("records") + [{"claim_id": "C03", "ref_id": None, "cited_as": "(Nobody, 2001)"}]
    )
    before = citations.copy()
    fit = compute_fit(claims, citations, audit)
    pd.testing.assert_frame_equal(citations, before)
    assert "fit" not in citations.columns
    assert fit["fit"].iloc[-1] == "unknown"
    assert "matches no reference" in fit["fit_reason"].iloc[-1]
    assert len(fit) == len(citations)
    assert set(fit["fit"]) <= set(FIT_LABELS)
    assert str(fit["fit_score"].dtype) == "Float64"
    assert list(fit.columns[: len(CITATIONS.names)]) == CITATIONS.names


def test_thresholds_are_parameters_and_checked():
    strict = _fit(on_topic=0.99, tangential=0.98)
    assert strict.loc["R01", "fit"] == "off topic"
    with pytest.raises(ValueError, match="tangential"):
        _fit(on_topic=0.1, tangential=0.2)


def test_missing_column_is_a_clear_error():
    claims, citations, audit = _tables(AUDIT_ROWS)
    with pytest.raises(ValueError, match="status"):
        compute_fit(claims, citations, audit.drop(columns="status"))


def test_citations_and_author_names_are_not_compared():
    text = claim_text_for_fit(NEURAL, ["Lamm et al. (2007)"])
    assert "Lamm" not in text and "2007" not in text
    assert "amygdala" in text
    assert "Coke" not in claim_text_for_fit(TRUST, ["(Coke, 2019)"])
    # A source whose title is the cited author's name shares nothing with the claim.
    rows = [dict(AUDIT_ROWS[0], title="Lamm")] + AUDIT_ROWS[1:]
    assert _fit(rows).loc["R01", "fit"] == "off topic"


def test_related_word_forms_meet():
    assert normalise_term("empathetic") == normalise_term("empathy") == normalise_term("empathic")
    assert normalise_term("connectedness") == normalise_term("connection")
    assert normalise_term("regulating") == normalise_term("regulation")
    assert normalise_term("process") == "process"  # a double s is not a plural


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=30))
def test_normalise_term_keeps_a_prefix_of_at_least_four_letters(word):
    stem = normalise_term(word)
    assert word.startswith(stem)
    assert len(stem) >= min(len(word), 4)


def test_fit_says_what_it_read_and_judges_each_basis_by_its_own_bar():
    abstract = {
        **AUDIT_ROWS[0],
        "abstract": "Participants regulated their emotion while the amygdala and limbic structures were imaged.",
    }
    fit = _fit([abstract, AUDIT_ROWS[1], AUDIT_ROWS[2], {"ref_id": "R04", "status": "verified", "title": "Trust",
                                                        "subjects": ["Trust", "Empathy"]}])  # fmt: skip
    assert fit.loc["R01", "fit_basis"] == "title + abstract"
    assert fit.loc["R02", "fit_basis"] == "title"
    assert fit.loc["R04", "fit_basis"] == "title + subjects"
    assert "record's title + abstract" in fit.loc["R01", "fit_reason"]
    # A bar for abstracts only: the title-only link keeps its label, the abstract link changes.
    trust = {"ref_id": "R04", "status": "verified", "title": "Empathy fosters trust and safety in therapy"}
    rows = [abstract, AUDIT_ROWS[1], AUDIT_ROWS[2], trust]
    strict = _fit(rows, thresholds={"title + abstract": (0.99, 0.98)})
    assert _fit(rows).loc["R01", "fit"] == "on topic" and strict.loc["R01", "fit"] == "off topic"
    assert _fit(rows).loc["R04", "fit"] == strict.loc["R04", "fit"] == "on topic"  # a title is judged as before
    unknown = _fit(AUDIT_ROWS[:3] + [{"ref_id": "R04", "status": "not_found"}])
    assert pd.isna(unknown.loc["R04", "fit_basis"])


def test_fit_basis_and_thresholds_of_each_basis():
    from litmap.evidence.fit import FIT_THRESHOLDS, fit_basis, fit_thresholds

    assert fit_basis({"title": " ", "container": "Science"}) == "title"  # the journal is read with the title
    assert fit_basis({"abstract": "Only an abstract."}) == "abstract"
    assert fit_basis({"subjects": [" "]}) is None
    assert fit_thresholds("title + abstract + subjects") == FIT_THRESHOLDS["title + abstract"]
    assert fit_thresholds("abstract") == FIT_THRESHOLDS["title + abstract"]
    assert fit_thresholds(None) == FIT_THRESHOLDS["title"]
    for high, low in FIT_THRESHOLDS.values():
        assert 0 <= low < high <= 1
    with pytest.raises(ValueError, match="title: need"):
        _fit(thresholds={"title": (0.1, 0.2)})


def test_the_benchmarks_abstracts_are_cc_by_and_attributed():
    """Other people's prose enters the repository only under CC BY, with who wrote it and where it was read."""
    import json
    from pathlib import Path

    data = json.loads((Path(__file__).resolve().parents[1] / "benchmarks/data/fit-abstracts.json").read_text())
    assert "Creative Commons Attribution" in data["about"]
    for item in data["abstracts"]:
        assert item["licence"].startswith("CC BY") and item["read_at"] and item["citation"]
        assert isinstance(item["complete"], bool) and item["abstract"].rstrip().endswith(".")
        assert item["article"] and isinstance(item["n"], int)
