"""OpenAlexClient against a real HTTP server on 127.0.0.1, and a whole audit that asks Crossref,
Europe PMC and OpenAlex in turn — each served in its own reply shape by the same local server."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from local_services import (
    HEADERS,
    MAILTO,
    NOT_FOUND,
    Recorder,
    epmc_reference,
    epmc_references,
    epmc_result,
    epmc_search,
    ok,
    serve,
    work_list,
)
from test_matching import EISENBERGER, cited
from werkzeug import Response

import litmap
from litmap import Settings
from litmap.cli import main
from litmap.schemas import REFERENCES
from litmap.verify import OpenAlexClient
from litmap.verify.auditor import OPENALEX_SKIPPED
from litmap.verify.records import record_body

KEY = "k3y-that-must-never-be-written"
DOI = "10.1126/science.1089134"
# The shape of OpenAlex's work W2741809807 (its documentation's example), values shortened.
WORK = {
    "id": "https://openalex.org/W2741809807",
    "doi": "https://doi.org/10.7717/peerj.4375",
    "title": "The state of OA: a large-scale analysis of the prevalence and impact of Open Access articles",
    "ids": {
        "openalex": "https://openalex.org/W2741809807",
        "doi": "https://doi.org/10.7717/peerj.4375",
        "pmid": "https://pubmed.ncbi.nlm.nih.gov/29456894",
        "pmcid": "https://www.ncbi.nlm.nih.gov/pmc/articles/5815332",
    },
    "open_access": {
        "is_oa": True,
        "oa_status": "gold",
        "oa_url": "https://peerj.com/articles/4375.pdf",
        "any_repository_has_fulltext": True,
    },
    "best_oa_location": {"is_oa": True, "landing_page_url": "https://doi.org/10.7717/peerj.4375", "license": "cc-by"},
    "is_retracted": False,
    "abstract_inverted_index": {"Despite": [0], "growing": [1], "interest": [2]},
    "referenced_works": ["https://openalex.org/W1", "https://openalex.org/W2"],
}


@pytest.fixture
def settings(httpserver, tmp_path):
    base = httpserver.url_for("").rstrip("/")
    return Settings(
        mailto=MAILTO,
        openalex_key=KEY,
        crossref_url=base,
        europepmc_url=base,
        openalex_url=base,
        cache_dir=tmp_path / "cache",
        backoff=0.05,
        retries=2,
        progress=False,
    )


def query_of(raw_uri: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(raw_uri).query).items()}


def test_a_work_by_doi_with_the_key_as_a_parameter(httpserver, settings):
    rec = serve(httpserver, Recorder(default=ok(WORK)), "/works/doi:10.7717/peerj.4375")
    with OpenAlexClient(settings) as openalex:
        record = openalex.fetch("work", "https://doi.org/10.7717/PEERJ.4375")
    assert record["status"] == "ok" and record["key"] == "10.7717/peerj.4375"
    params = query_of(rec.hits[0][1])
    assert params == {"api_key": KEY, "mailto": MAILTO}
    assert KEY not in json.dumps(record) and "api_key" not in json.dumps(record)
    assert "KEY" not in repr(settings) and KEY not in repr(settings)  # not even in the settings' repr


def test_a_doi_openalex_does_not_hold_is_an_answer(httpserver, settings):
    serve(httpserver, Recorder(default=NOT_FOUND), "/works/doi:10.1/none")
    with OpenAlexClient(settings) as openalex:
        assert openalex.fetch("work", "10.1/none")["status"] == "not_found"
        assert openalex.web.cached("work", "10.1/none")["status"] == "not_found"  # not polled again


def test_failures_never_show_the_key(httpserver, settings):
    serve(httpserver, Recorder(default=Response("busy", status=503)), "/works/doi:10.1/x")
    with OpenAlexClient(settings) as openalex:
        record = openalex.fetch("work", "10.1/x")
    assert record["status"] == "failed" and "HTTP 503" in record["error"] and KEY not in record["error"]


def test_a_reply_that_is_not_a_work_is_an_error(httpserver, settings):
    serve(httpserver, Recorder(default=ok({"error": "Invalid query parameters error."})), "/works/doi:10.1/x")
    with OpenAlexClient(settings) as openalex:
        assert "not an OpenAlex work" in openalex.fetch("work", "10.1/x")["error"]


# ---------------------------------------------------------------- the whole audit, every service


def _serve_all(httpserver, *, epmc_results=(), references=(), openalex=None):
    reference = cited()
    serve(httpserver, Recorder(default=ok(work_list(EISENBERGER), **HEADERS)), "/works")
    epmc = serve(httpserver, Recorder(default=ok(epmc_search(*epmc_results))), "/search")
    refs = serve(httpserver, Recorder(default=ok(epmc_references(*references))), "/MED/14551436/references")
    alex = serve(httpserver, Recorder(default=ok(openalex) if openalex else NOT_FOUND), f"/works/doi:{DOI}")
    return REFERENCES.from_records([{"ref_id": "R01", "line": 1, "is_parsed": True, **reference}]), epmc, refs, alex


def test_an_audit_asks_crossref_then_europepmc_then_openalex_for_what_is_missing(httpserver, settings, tmp_path):
    references, epmc, refs, alex = _serve_all(
        httpserver,
        epmc_results=[epmc_result(DOI, "14551436", pmcid="PMC1", inEPMC="Y")],
        references=[epmc_reference(1, doi="10.1/x")],
        openalex={
            **WORK,
            "id": "https://openalex.org/W99",
            "abstract_inverted_index": {"Exclusion": [0], "hurts": [1]},
        },
    )
    result = litmap.audit_references(
        references, settings=settings.replace(refresh=True), snapshot=tmp_path / "snap.json"
    )
    row = result.audit.set_index("ref_id").loc["R01"]
    assert row["status"] == "verified" and row["pmid"] == "14551436"
    assert row["oa_url"] == "https://europepmc.org/articles/PMC1"  # Europe PMC's, though OpenAlex knows one too
    assert row["abstract"] == "Exclusion hurts" and row["openalex_id"] == "W99"  # only OpenAlex had one
    assert result.source_links["origin"].tolist() == ["europepmc"]
    assert (len(epmc.hits), len(refs.hits), len(alex.hits)) == (1, 1, 1)
    assert result.notes == []
    snapshot = (tmp_path / "snap.json").read_text(encoding="utf-8")
    assert KEY not in snapshot


def test_openalex_is_not_asked_when_nothing_is_missing(httpserver, settings):
    references, _, _, alex = _serve_all(
        httpserver,
        epmc_results=[epmc_result(DOI, "14551436", pmcid="PMC1", inEPMC="Y", abstractText="Exclusion hurts.")],
        references=[epmc_reference(1, pmid="5")],
        openalex=WORK,
    )
    result = litmap.audit_references(references, settings=settings)
    assert alex.hits == [] and result.audit.loc[0, "abstract"] == "Exclusion hurts."


def test_without_a_key_openalex_is_skipped_with_one_line(httpserver, settings):
    references, epmc, _, alex = _serve_all(httpserver, epmc_results=[], openalex=WORK)
    result = litmap.audit_references(references, settings=settings.replace(openalex_key=None))
    assert alex.hits == [] and len(epmc.hits) == 1
    assert result.notes == [OPENALEX_SKIPPED]
    assert "OpenAlex not asked" in " ".join(result.audit.loc[0, "evidence_gaps"])
    none = litmap.audit_references(references, settings=settings.replace(evidence=False))
    assert none.notes == [] and set(none.records["service"]) == {"crossref"}  # evidence off: nothing else asked


@pytest.mark.slow
def test_litmap_run_takes_the_key_from_the_option(httpserver, bundled_article, tmp_path, monkeypatch):
    serve(httpserver, Recorder(default=ok(work_list(EISENBERGER), **HEADERS)), "/works")
    serve(httpserver, Recorder(default=ok({"numFound": 0, "docs": []})), "/search.json")
    serve(httpserver, Recorder(default=ok(epmc_search())), "/search")
    alex = serve(httpserver, Recorder(default=ok(WORK)), f"/works/doi:{DOI}")
    base = httpserver.url_for("").rstrip("/")
    for service in ("CROSSREF", "OPENLIBRARY", "EUROPEPMC", "OPENALEX"):
        monkeypatch.setenv(f"LITMAP_{service}_URL", base)
    args = ["run", str(bundled_article), "--out", str(tmp_path), "--no-figures", "--mailto", MAILTO]
    result = CliRunner().invoke(main, [*args, "--openalex-key", KEY])
    assert result.exit_code == 0, result.output
    assert alex.hits and all(query_of(uri)["api_key"] == KEY for _, uri, _ in alex.hits)
    assert "openalex: not asked" not in result.output and KEY not in result.output
    records = (tmp_path / "records.json").read_text(encoding="utf-8")
    assert KEY not in records and record_body({"body": json.dumps(WORK)})["id"] in records


def test_a_retracted_publication_in_europepmc_makes_the_audit_say_retracted(httpserver, settings):
    """Crossref knows nothing of the retraction; Europe PMC's publication type and link say it."""
    retracted = epmc_result(
        DOI,
        "14551436",
        pubTypeList={"pubType": ["Retracted Publication", "Journal Article"]},
        commentCorrectionList={"commentCorrection": [{"id": "99", "source": "MED", "type": "Retraction in"}]},
        hasReferences="N",
    )
    references, epmc, refs, _ = _serve_all(httpserver, epmc_results=[retracted])
    result = litmap.audit_references(references, settings=settings.replace(openalex_key=None))
    row = result.audit.loc[0]
    assert row["status"] == "retracted" and row["notice_kinds"] == ["retraction"]
    assert row["notices"] == ["Retracted publication (Europe PMC): PMID 14551436", "Retraction in (Europe PMC): MED:99"]
    assert len(epmc.hits) == 1 and refs.hits == []  # hasReferences "N": no reference list asked for
