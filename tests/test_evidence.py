"""The evidence of the works found, as compute: records in (Europe PMC's and OpenAlex's reply shapes),
audit columns, source links and further look-ups out — no HTTP. One service per field; retraction
signals from any; what could not be filled said in words."""

from __future__ import annotations

import pandas as pd
import pytest
from local_services import epmc_reference, epmc_references, epmc_result, epmc_search, work_list
from test_matching import EISENBERGER, SINGER, cited

from litmap.evidence.graph import build_evidence_graph
from litmap.schemas import CITATIONS, CLAIMS, RECORDS, REFERENCES, SOURCE_LINKS
from litmap.verify.audit import compute_audit, compute_lookups
from litmap.verify.enrich import describe_evidence, europepmc_fields, europepmc_work, openalex_fields
from litmap.verify.europepmc import search_key
from litmap.verify.matching import compute_match
from litmap.verify.records import make_record

ALL = ("crossref", "openlibrary", "europepmc", "openalex")
DOI = "10.1126/science.1089134"


def refs(*rows):
    return REFERENCES.from_records(
        [{"ref_id": f"R{i:02d}", "line": i, "is_parsed": True, **row} for i, row in enumerate(rows, 1)]
    )


def searched(query, *items):
    return make_record("crossref", "search", query, "ok", body=work_list(*items))


def epmc(doi, *results):
    return make_record(
        "europepmc", "work", doi, "ok" if results else "not_found", body=epmc_search(*results) if results else None
    )


def openalex(doi, **fields):
    work = {"id": "https://openalex.org/W2", "doi": f"https://doi.org/{doi}", **fields}
    return make_record("openalex", "work", doi, "ok", body=work)


def references_of(key, *items):
    return make_record("europepmc", "references", key, "ok", body=epmc_references(*items))


def audit_of(references, *records, services=ALL):
    result = compute_audit(references, RECORDS.from_records(list(records)), services=services)
    return result, result.audit.set_index("ref_id")


# ---------------------------------------------------------------- reading the services' records


def test_europepmc_fields_read_the_real_shape():
    result = epmc_result(
        DOI,
        "14551436",
        pmcid="PMC12124214",
        abstractText="<h4>Objective</h4>A neuroimaging study of <i>social</i> exclusion.<h4>Results</h4>The ACC was active.",
        keywordList={"keyword": ["Social pain", "fMRI"]},
        meshHeadingList={
            "meshHeading": [
                {"majorTopic_YN": "N", "descriptorName": "Humans"},
                {
                    "majorTopic_YN": "N",
                    "descriptorName": "Gyrus Cinguli",
                    "meshQualifierList": {
                        "meshQualifier": [{"abbreviation": "PH", "qualifierName": "physiology", "majorTopic_YN": "Y"}]
                    },
                },
            ]
        },
        pubTypeList={"pubType": ["Journal Article", "Research Support, N.I.H., Extramural"]},
        license="cc by",
        fullTextUrlList={
            "fullTextUrl": [
                {"availability": "Subscription required", "availabilityCode": "S", "site": "DOI", "url": "https://doi.org/x"},
                {"availability": "Free", "availabilityCode": "F", "documentStyle": "pdf", "site": "Europe_PMC",
                 "url": "https://europepmc.org/articles/PMC12124214?pdf=render"},
                {"availability": "Free", "availabilityCode": "F", "documentStyle": "html", "site": "Europe_PMC",
                 "url": "https://europepmc.org/articles/PMC12124214"},
            ]
        },
    )  # fmt: skip
    fields = europepmc_fields(result)
    assert fields["abstract"] == "A neuroimaging study of social exclusion.\n\nThe ACC was active."  # headings dropped
    assert fields["subjects"] == ["Gyrus Cinguli", "Humans", "Social pain", "fMRI"]  # major MeSH first, then keywords
    assert fields["oa_url"] == "https://europepmc.org/articles/PMC12124214"  # the readable page, not the PDF
    assert fields["pmid"] == "14551436" and fields["pmcid"] == "PMC12124214" and fields["licence"] == "cc by"
    assert fields["notices"] == [] and fields["_references_key"] == "MED:14551436"


def test_subscription_only_links_are_not_free_and_a_free_pmc_copy_is():
    closed = europepmc_fields(epmc_result(DOI, "1", fullTextUrlList={"fullTextUrl": [
        {"availabilityCode": "S", "site": "DOI", "url": "https://doi.org/x"}]}))  # fmt: skip
    assert "oa_url" not in closed and closed["_access_known"]
    in_pmc = europepmc_fields(epmc_result(DOI, "1", pmcid="PMC7", inEPMC="Y"))
    assert in_pmc["oa_url"] == "https://europepmc.org/articles/PMC7"


def test_retraction_signals_from_europepmc():
    result = epmc_result(
        DOI,
        "1",
        pubTypeList={"pubType": ["Retracted Publication", "Journal Article"]},
        commentCorrectionList={
            "commentCorrection": {
                "id": "2",
                "source": "MED",
                "type": "Retraction in",
                "reference": "Science. 2010;1:1.",
            }
        },  # one link comes as an object, not a list
    )
    fields = europepmc_fields(result)
    assert fields["notice_kinds"] == ["retraction"]
    assert fields["notices"] == [
        "Retracted publication (Europe PMC): PMID 1",
        "Retraction in (Europe PMC): Science. 2010;1:1.",
    ]
    concern = europepmc_fields(epmc_result(DOI, "1", commentCorrectionList={"commentCorrection": [
        {"type": "Expression of concern in", "id": "3", "source": "MED"}, {"type": "Comment in", "id": "4"}]}))  # fmt: skip
    assert concern["notice_kinds"] == ["expression of concern"]  # a comment is not a notice


def test_openalex_fields_rebuild_the_abstract_and_read_ids_and_access():
    fields = openalex_fields(
        {
            "id": "https://openalex.org/W2741809807",
            "ids": {"pmid": "https://pubmed.ncbi.nlm.nih.gov/29456894", "pmcid": "https://www.ncbi.nlm.nih.gov/pmc/articles/5815332"},
            "abstract_inverted_index": {"Despite": [0], "growing": [1], "interest": [2], "in": [3, 5], "OA": [4], "2018": [6]},
            "open_access": {"is_oa": True, "oa_status": "gold", "oa_url": "https://peerj.com/articles/4375.pdf"},
            "best_oa_location": {"license": "cc-by", "landing_page_url": "https://doi.org/10.7717/peerj.4375"},
            "is_retracted": False,
            "mesh": [],
            "keywords": [{"id": "https://openalex.org/keywords/open-access", "display_name": "Open access"}],
        }
    )  # fmt: skip
    assert fields["abstract"] == "Despite growing interest in OA in 2018"
    assert (fields["openalex_id"], fields["pmid"], fields["pmcid"]) == ("W2741809807", "29456894", "PMC5815332")
    assert fields["oa_url"] == "https://peerj.com/articles/4375.pdf" and fields["licence"] == "cc-by"
    assert fields["subjects"] == ["Open access"] and fields["notices"] == []
    assert openalex_fields({"id": "W1", "is_retracted": True})["notice_kinds"] == ["retraction"]


def test_a_europepmc_result_is_validated_like_a_crossref_candidate():
    reference = {"title": "Does rejection hurt? An fMRI study of social exclusion", "year": 2003,
                 "authors": [{"family": "Eisenberger"}], "volume": "302", "pages": "290-292"}  # fmt: skip
    right = epmc_result(None, "14551436", title="Does rejection hurt? An FMRI study of social exclusion.",
                        authorString="Eisenberger NI, Lieberman MD, Williams KD.", pubYear="2003", pageInfo="290-2",
                        journalInfo={"volume": "302", "issue": "5643", "journal": {"title": "Science"}})  # fmt: skip
    wrong = epmc_result(None, "9", title="Does rejection hurt? A reply.", authorString="Other A.", pubYear="2010")
    match = compute_match(reference, [europepmc_work(wrong), europepmc_work(right)])
    assert match.is_accepted and match.record["author"][0]["family"] == "Eisenberger"


# ---------------------------------------------------------------- what to ask, round by round


def test_lookups_go_crossref_then_europepmc_then_its_references_then_openalex():
    reference = cited()
    references = refs(reference)
    first = searched(reference["raw"], EISENBERGER)
    second = compute_lookups(references, RECORDS.from_records([first]), services=ALL)
    assert second[["service", "kind", "key"]].values.tolist() == [["europepmc", "work", DOI]]
    found = epmc(DOI, epmc_result(DOI, "14551436"))
    third = compute_lookups(references, RECORDS.from_records([first, found]), services=ALL)
    assert third[["service", "kind", "key"]].values.tolist() == [["europepmc", "references", "MED:14551436"]]
    refs_answer = references_of("MED:14551436", epmc_reference(1, doi="10.1/x"))
    fourth = compute_lookups(references, RECORDS.from_records([first, found, refs_answer]), services=ALL)
    assert fourth[["service", "kind", "key"]].values.tolist() == [["openalex", "work", DOI]]  # abstract still missing
    without_key = compute_lookups(references, RECORDS.from_records([first, found, refs_answer]))
    assert without_key.empty  # OpenAlex is not among the default services: it needs a key


def test_openalex_is_not_asked_when_earlier_services_filled_everything():
    reference = cited()
    records = [
        searched(
            reference["raw"],
            {
                **EISENBERGER,
                "abstract": "<jats:p>Exclusion hurts.</jats:p>",
                "reference": [{"key": "r1", "DOI": "10.1/x"}],
            },
        ),
        epmc(DOI, epmc_result(DOI, "1", pmcid="PMC5", inEPMC="Y")),
    ]
    assert compute_lookups(refs(reference), RECORDS.from_records(records), services=ALL).empty


def test_works_without_a_doi_are_searched_by_title_and_first_author():
    no_doi = {k: v for k, v in SINGER.items() if k != "DOI"}
    reference = cited(title="Empathy for pain involves the affective but not sensory components of pain",
                      authors=[{"family": "Singer", "given": "T."}], year=2004, volume="303", pages="1157-1162",
                      raw="Singer T (2004) Empathy for pain. Science 303: 1157-1162.")  # fmt: skip
    first = searched(reference["raw"], no_doi)
    asked = compute_lookups(refs(reference), RECORDS.from_records([first]))
    key = search_key("Empathy for Pain Involves the Affective but not Sensory Components of Pain", "Singer")
    assert asked[["service", "kind", "key"]].values.tolist() == [["europepmc", "search", key]]
    hit = epmc_result(None, "14976305", title="Empathy for pain involves the affective but not sensory components of pain.",
                      authorString="Singer T, Seymour B.", pubYear="2004", pageInfo="1157-62",
                      journalInfo={"volume": "303", "issue": "5661", "journal": {"title": "Science"}})  # fmt: skip
    other = epmc_result(None, "5", title="Empathy and pain in nursing.", authorString="Singer X.", pubYear="2019")
    answer = make_record("europepmc", "search", key, "ok", body=epmc_search(other, hit))
    _, audit = audit_of(refs(reference), first, answer, services=("crossref", "openlibrary", "europepmc"))
    assert audit.loc["R01", "pmid"] == "14976305"  # the validated candidate, not the first one


# ---------------------------------------------------------------- one service per field


def test_each_field_comes_from_the_first_service_that_has_it():
    reference = cited()
    crossref = {**EISENBERGER, "abstract": "<jats:p>Crossref's abstract.</jats:p>"}
    found = epmc_result(DOI, "14551436", abstractText="Europe PMC's abstract.", pmcid="PMC9", inEPMC="Y",
                        meshHeadingList={"meshHeading": [{"descriptorName": "Social Isolation", "majorTopic_YN": "Y"}]})  # fmt: skip
    result, audit = audit_of(
        refs(reference),
        searched(reference["raw"], crossref),
        epmc(DOI, found),
        references_of("MED:14551436", epmc_reference(1, pmid="111"), epmc_reference(2, doi="10.1/Y")),
    )
    row = audit.loc["R01"]
    assert row["abstract"] == "Crossref's abstract."  # Crossref had one: Europe PMC's is not used
    assert row["subjects"] == ["Social Isolation"] and row["pmid"] == "14551436"
    assert row["oa_url"] == "https://europepmc.org/articles/PMC9" and row["is_free_to_read"] == True  # noqa: E712
    assert row["evidence"] == [
        "abstract: Crossref",
        "subjects: Europe PMC",
        "free full text: Europe PMC",
        "reference list: Europe PMC",
    ]
    assert row["evidence_gaps"] == []
    links = result.source_links
    SOURCE_LINKS.validate(links)
    rows = [[None if pd.isna(v) else v for v in row] for row in links[["cited_id", "cited_doi", "origin"]].values]
    assert rows == [["pmid:111", None, "europepmc"], ["doi:10.1/y", "10.1/y", "europepmc"]]


def test_crossref_references_win_over_europepmc_and_openalex_fills_the_rest():
    reference = cited()
    crossref = {
        **EISENBERGER,
        "reference": [{"key": "10.1126/science.1089134-1", "DOI": "10.1016/S0304-3959(00)00234-0"}],
    }
    result, audit = audit_of(
        refs(reference),
        searched(reference["raw"], crossref),
        epmc(DOI, epmc_result(DOI, "14551436")),
        openalex(
            DOI,
            abstract_inverted_index={"Exclusion": [0], "hurts": [1]},
            referenced_works=["https://openalex.org/W9"],
            open_access={"is_oa": False, "oa_url": None},
        ),
    )
    row = audit.loc["R01"]
    assert row["abstract"] == "Exclusion hurts" and row["openalex_id"] == "W2"
    assert row["is_free_to_read"] == False  # noqa: E712
    # # OpenAlex and Europe PMC said, and neither knows a free copy
    assert "reference list: Crossref" in row["evidence"] and "abstract: OpenAlex" in row["evidence"]
    assert result.source_links["origin"].tolist() == ["crossref"]  # one service's list, not two
    assert result.source_links["cited_id"].tolist() == ["doi:10.1016/s0304-3959(00)00234-0"]


def test_a_retraction_in_europepmc_or_openalex_makes_a_verified_work_retracted():
    reference = cited()
    retracted = epmc_result(DOI, "1", pubTypeList={"pubType": ["Retracted Publication"]})
    _, audit = audit_of(refs(reference), searched(reference["raw"], EISENBERGER), epmc(DOI, retracted))
    assert audit.loc["R01", "status"] == "retracted"
    assert audit.loc["R01", "notices"] == ["Retracted publication (Europe PMC): PMID 1"]
    assert audit.loc["R01", "notice_kinds"] == ["retraction"]
    _, audit = audit_of(
        refs(reference),
        searched(reference["raw"], EISENBERGER),
        epmc(DOI),  # Europe PMC does not hold it
        openalex(DOI, is_retracted=True),
    )
    assert audit.loc["R01", "status"] == "retracted" and audit.loc["R01", "notices"] == ["Retracted (OpenAlex)"]


def test_missing_or_failed_evidence_never_changes_a_verdict_and_is_said():
    reference = cited()
    failed = make_record(
        "europepmc", "work", DOI, "failed", error_kind="offline",
        error="europepmc: offline, and no saved or cached answer for this work; run once without --offline to fetch it",
    )  # fmt: skip
    result, audit = audit_of(
        refs(reference), searched(reference["raw"], EISENBERGER), failed, services=("crossref", "europepmc")
    )
    row = audit.loc["R01"]
    assert row["status"] == "verified" and result.failures == []
    assert pd.isna(row["is_free_to_read"]) and row["evidence"] == []
    assert row["evidence_gaps"] == [
        "abstract, reference list: none in Crossref; Europe PMC not saved for offline use; OpenAlex not asked",
        "free full text: Europe PMC not saved for offline use; OpenAlex not asked",
    ]
    lines = describe_evidence(result.audit)
    assert (
        lines[0]
        == "evidence of 1 work found: 0 with an abstract, 0 with subjects, 0 free to read, 0 with a reference list"
    )
    assert lines[1].endswith("(R01)")
    # The kind says what happened, whatever the words: a timeout of a page about "offline use" is a failure.
    timed_out = {**failed, "error_kind": "timeout", "error": "europepmc: no answer within 30 s (offline use?)"}
    _, audit = audit_of(
        refs(reference), searched(reference["raw"], EISENBERGER), timed_out, services=("crossref", "europepmc")
    )
    assert "Europe PMC failed (see records.csv)" in audit.loc["R01", "evidence_gaps"][0]


def test_books_and_works_not_found_get_no_evidence_look_ups():
    book = {"raw": "Siegel, D. J. (2010). The mindful therapist. Norton.", "title": "The mindful therapist",
            "authors": [{"family": "Siegel"}], "year": 2010, "publisher": "Norton", "kind": "book"}  # fmt: skip
    records = RECORDS.from_records([searched(book["raw"]), searched(cited()["raw"])])
    asked = compute_lookups(refs(book, cited()), records, services=ALL)
    assert set(asked["service"]) == {"openlibrary"}


@pytest.mark.parametrize("services", [("crossref", "openlibrary"), ALL])
def test_evidence_off_asks_crossref_and_open_library_only(services):
    reference = cited()
    asked = compute_lookups(
        refs(reference), RECORDS.from_records([searched(reference["raw"], EISENBERGER)]), services=services
    )
    assert ("europepmc" in set(asked["service"])) == ("europepmc" in services)


# ---------------------------------------------------------------- the source network


def test_sources_are_coupled_and_linked_through_europepmc_reference_lists():
    """Two sources cite the same PubMed record (coupling), and one cites the other by PMID."""
    a, b = cited(), cited(raw="Singer et al. 2004 entry", title=SINGER["title"][0], year=2004,
                          authors=[{"family": "Singer"}], volume="303", pages="1157-1162")  # fmt: skip
    references = refs(a, b)
    records = [
        searched(a["raw"], EISENBERGER),
        searched(b["raw"], SINGER),
        epmc(DOI, epmc_result(DOI, "14551436")),
        epmc("10.1126/science.1093535", epmc_result("10.1126/science.1093535", "14976305")),
        references_of("MED:14551436", epmc_reference(1, pmid="777"), epmc_reference(2)),
        references_of("MED:14976305", epmc_reference(1, pmid="777"), epmc_reference(2, pmid="14551436")),
    ]
    result, _ = audit_of(references, *records, services=("crossref", "openlibrary", "europepmc"))
    claims = CLAIMS.from_records([{"claim_id": "C01", "text": "Pain is social.", "ref_ids": ["R01", "R02"]}])
    citations = CITATIONS.from_records([{"claim_id": "C01", "ref_id": "R01"}, {"claim_id": "C01", "ref_id": "R02"}])
    graph = build_evidence_graph(claims, citations, references, result.audit, result.source_links)
    assert graph.has_edge("ref:R02", "ref:R01")  # Singer's list cites Eisenberger's PMID
    assert graph.edges["ref:R02", "ref:R01"]["origin"] == "europepmc"
    assert graph.nodes["pmid:777"]["kind"] == "work" and graph.nodes["pmid:777"]["n_citing_sources"] == 2
    assert graph.has_edge("ref:R01", "pmid:777") and graph.has_edge("ref:R02", "pmid:777")
    import matplotlib.pyplot as plt

    from litmap import plot_source_network

    ax = plot_source_network(graph)
    assert "cites (Europe PMC)" in [t.get_text() for t in ax.get_legend().get_texts()]
    plt.close(ax.figure)
