"""Small synthetic tables (shaped like the bundled article's) for the graph, plot and explorer tests."""

from __future__ import annotations

from litmap.schemas import AUDIT, CITATIONS, CLAIMS, REFERENCES, SOURCE_LINKS


def _ref(rid, families, year, title, doi=None, kind="journal-article"):
    return {
        "ref_id": rid,
        "raw": f"{', '.join(families)} ({year}). {title}.",
        "authors": [{"family": f, "given": "X."} for f in families],
        "year": year,
        "title": title,
        "doi": doi,
        "kind": kind,
        "is_parsed": True,
    }


def tables():
    references = REFERENCES.from_records(
        [
            _ref("R01", ["Coke"], 2019, "Empathy and healing", kind="book"),
            _ref(
                "R02",
                ["Lamm", "Batson", "Decety"],
                2007,
                "The neural substrate of human empathy",
                "10.1162/jocn.2007.19.1.42",
            ),
            _ref("R03", ["Singer", "Seymour"], 2004, "Empathy for pain", "10.1126/science.1093535"),
            _ref("R04", ["Cozolino"], 2007, "The neuroscience of human relationships", kind="book"),
            _ref("R05", ["Smith"], 2020, "Understanding trauma"),
        ]
    )
    claims = CLAIMS.from_records(
        [
            {
                "claim_id": "C01",
                "section": "Establishing Trust and Safety",
                "paragraph": 1,
                "text": "According to research by Cozolino (2007), empathetic attunement fosters a sense of safety and trust.",
                "ref_ids": ["R04"],
                "n_citations": 1,
            },
            {
                "claim_id": "C02",
                "section": "Trauma Recovery",
                "paragraph": 2,
                "text": "Empathy guides survivors through trauma (Smith, 2020; Coke, 2019).",
                "ref_ids": ["R05", "R01"],
                "n_citations": 2,
            },
            {
                "claim_id": "C03",
                "section": "Facilitating Emotional Processing",
                "paragraph": 3,
                "text": "Studies by Lamm et al. (2007) and Singer et al. (2004) have shown that empathy activates the amygdala.",
                "ref_ids": ["R02", "R03"],
                "n_citations": 2,
            },
            {
                "claim_id": "C04",
                "section": "Facilitating Emotional Processing",
                "paragraph": 3,
                "text": "Therapists help clients regulate difficult emotions.",
                "ref_ids": [],
                "n_citations": 0,
            },
        ]
    )
    citations = CITATIONS.from_records(
        [
            {"claim_id": "C01", "ref_id": "R04", "cited_as": "Cozolino (2007)", "match": "exact", "confidence": 1.0},
            {"claim_id": "C02", "ref_id": "R05", "cited_as": "Smith, 2020", "match": "exact", "confidence": 1.0},
            {"claim_id": "C02", "ref_id": "R01", "cited_as": "Coke, 2019", "match": "exact", "confidence": 1.0},
            {"claim_id": "C03", "ref_id": "R02", "cited_as": "Lamm et al. (2007)", "match": "exact", "confidence": 1.0},
            {
                "claim_id": "C03",
                "ref_id": "R03",
                "cited_as": "Singer et al. (2004)",
                "match": "exact",
                "confidence": 1.0,
            },
        ]
    )
    audit = AUDIT.from_records(
        [
            {"ref_id": "R01", "status": "not_found", "service": "none"},
            {"ref_id": "R02", "status": "verified", "doi": "10.1162/jocn.2007.19.1.42", "is_referenced_by_count": 900},
            {"ref_id": "R03", "status": "verified", "doi": "10.1126/science.1093535", "discrepancies": []},
            {"ref_id": "R04", "status": "discrepant", "discrepancies": ["year: cited 2007, record 2006"]},
            {"ref_id": "R05", "status": "not_found", "service": "none"},
        ]
    )
    source_links = SOURCE_LINKS.from_records(
        [
            {"ref_id": "R02", "cited_doi": "10.1126/SCIENCE.1093535", "cited_key": "k1"},
            {"ref_id": "R02", "cited_doi": "10.1000/shared", "cited_key": "k2", "cited_text": "A shared work"},
            {"ref_id": "R03", "cited_doi": "10.1000/shared", "cited_key": "k3"},
            {"ref_id": "R03", "cited_doi": "10.1000/only-once", "cited_key": "k4"},
            {"ref_id": "R03", "cited_doi": None, "cited_key": "k5", "cited_text": "no doi"},
        ]
    )
    return {
        "references": references,
        "claims": claims,
        "citations": citations,
        "audit": audit,
        "source_links": source_links,
    }


TAXONOMY = {
    "topics": [
        {"key": "trust_safety", "label": "Trust and safety", "description": "d", "terms": ["trust", "safety"]},
        {"key": "trauma_recovery", "label": "Trauma recovery", "description": "d", "terms": ["trauma", "survivor"]},
        {
            "key": "emotion_processing",
            "label": "Emotion processing",
            "description": "d",
            "terms": ["emotional processing", "regulate", "emotion"],
        },
        {"key": "neural", "label": "Neural mechanisms", "description": "d", "terms": ["amygdala", "neural"]},
    ]
}
