"""A record that names no work checks nothing: a cited DOI whose Crossref record is a DOI alone, and a
venue printed "Nature Reviews. Neuroscience" as Crossref and the NLM print some journals' names.

The services are a real HTTP server on 127.0.0.1 answering in Crossref's shapes (``local_services``).
"""

from __future__ import annotations

from local_services import HEADERS, MAILTO

import litmap
from litmap.schemas import RECORDS, REFERENCES
from litmap.verify.audit import compute_audit
from litmap.verify.comparison import compare_fields
from litmap.verify.matching import book_record, compute_match
from litmap.verify.records import make_record

DOI = "10.1037/pst0000175"
PRIMARY = "10.1037/pst0000999"
TITLE = "Empathy and healing in psychotherapy"


def _reference(**fields):
    row = {"ref_id": "R01", "line": 1, "is_parsed": True, "doi": DOI, "title": TITLE, "year": 2019}
    row |= {"raw": f"Coke, L. (2019). {TITLE}. Psychotherapy, 56(2), 1-9. https://doi.org/{DOI}"}
    row |= {"authors": [{"family": "Coke", "given": "L."}], "container": "Psychotherapy", "volume": "56"}
    return REFERENCES.from_records([row | fields])


def _records(*rows):
    return RECORDS.from_records(list(rows))


def _reply(message: dict) -> dict:
    return {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": message}


def _settings(httpserver, tmp_path, cache="cache"):
    url = httpserver.url_for("").rstrip("/")
    return litmap.Settings(
        mailto=MAILTO, crossref_url=url, openlibrary_url=url, cache_dir=tmp_path / cache, evidence=False, progress=False
    )


# ------------------------------------------------------------------------------------------------
# a DOI alone


def test_a_crossref_record_of_another_doi_alone_leaves_the_reference_unchecked_and_uncached(httpserver, tmp_path):
    httpserver.expect_request(f"/works/{DOI}").respond_with_json(_reply({"DOI": PRIMARY}), headers=HEADERS)
    settings = _settings(httpserver, tmp_path)
    audit = litmap.audit_references(_reference(), settings=settings).audit
    # was: "verified" (no title, author or journal in the record, so nothing could disagree)
    assert audit.loc[0, "status"] == "unchecked"
    assert "has no title, authors or journal" in audit.loc[0, "note"] and PRIMARY in audit.loc[0, "note"]
    asked = len(httpserver.log)
    again = litmap.audit_references(_reference(), settings=settings).audit
    assert again.loc[0, "status"] == "unchecked"
    assert len(httpserver.log) > asked  # not cached: asked again, Crossref may fill the record in


def test_crossrefs_alias_answer_with_the_primary_dois_full_record_still_verifies(httpserver, tmp_path):
    record = {
        "DOI": PRIMARY,
        "type": "journal-article",
        "title": [TITLE],
        "author": [{"family": "Coke", "given": "Lisa", "sequence": "first"}],
        "container-title": ["Psychotherapy"],
        "volume": "56",
        "issue": "2",
        "page": "1-9",
        "issued": {"date-parts": [[2019, 6]]},
    }
    httpserver.expect_request(f"/works/{DOI}").respond_with_json(_reply(record), headers=HEADERS)
    audit = litmap.audit_references(_reference(), settings=_settings(httpserver, tmp_path)).audit
    assert audit.loc[0, "status"] == "verified"
    assert audit.loc[0, "doi"] == PRIMARY


def test_a_saved_record_that_names_nothing_the_entry_states_checks_nothing():
    # a record saved or made elsewhere (not through the client's checks): the audit says so itself
    only_doi = make_record("crossref", "work", DOI, "ok", body=_reply({"DOI": DOI, "issued": {"date-parts": [[2019]]}}))
    audit = compute_audit(_reference(), _records(only_doi)).audit
    assert audit.loc[0, "status"] == "unchecked"
    assert audit.loc[0, "note"] == f"not checked: the record for {DOI} has no title, authors or journal to compare"
    # the record's title, but an entry that states neither title, authors nor journal (a bare DOI)
    titled = make_record("crossref", "work", DOI, "ok", body=_reply({"DOI": DOI, "title": [TITLE]}))
    bare = _reference(title=None, authors=[], container=None, raw=f"doi:{DOI}")
    audit = compute_audit(bare, _records(titled)).audit
    assert (
        audit.loc[0, "status"] == "unchecked" and "states none of the title, authors or journal" in audit.loc[0, "note"]
    )
    # a title-less citation style checked by its journal: the journal is compared, so the verdict stands
    journal = {"DOI": DOI, "container-title": ["Psychotherapy"], "volume": "56", "issued": {"date-parts": [[2019]]}}
    audit = compute_audit(
        _reference(title=None), _records(make_record("crossref", "work", DOI, "ok", body=_reply(journal)))
    ).audit
    assert audit.loc[0, "status"] == "verified"


def test_an_open_library_book_of_an_identifier_alone_is_not_accepted():
    doc = {"key": "/works/OL1W", "isbn": ["9780393706574"]}  # a doc with keys and nothing else
    match = compute_match({"title": TITLE, "authors": [{"family": "Coke"}], "year": 2019}, [book_record(doc)])
    assert match.record is None and not match.is_accepted


# ------------------------------------------------------------------------------------------------
# "Nature Reviews. Neuroscience"


def _venue_said(cited: str, recorded: str) -> list[str]:
    title = "Cortical plasticity after sensory loss in adult rats"
    raw = f"Smith, J., & Lee, K. (2010). {title}. {cited}, 12(3), 100-110."
    reference = {"raw": raw, "title": title, "container": cited, "year": 2010, "volume": "12", "pages": "100-110"}
    reference["authors"] = [{"family": "Smith", "given": "J."}, {"family": "Lee", "given": "K."}]
    record = {
        "type": "journal-article",
        "title": [title],
        "container-title": [recorded],
        "author": [{"family": "Smith", "given": "J."}, {"family": "Lee", "given": "K."}],
        "issued": {"date-parts": [[2010]]},
        "volume": "12",
        "issue": "3",
        "page": "100-110",
    }
    return [d for d in compare_fields(reference, record) if d.startswith("journal") or d.startswith("venue")]


def test_a_journal_named_after_a_full_stop_is_not_stated_by_a_longer_name():
    # was: "Neuroscience" stated by "Nature Reviews. Neuroscience" (a whole word before a full stop read
    # as an agency before its series)
    assert _venue_said("Nature Reviews. Neuroscience", "Neuroscience")
    assert _venue_said("Neuroscience", "Nature Reviews. Neuroscience")
    assert _venue_said("Nature Reviews. Cancer", "Cancer")


def test_harmless_forms_of_a_dotted_name_and_an_issuer_before_its_series_still_agree():
    assert _venue_said("Nature Reviews Neuroscience", "Nature Reviews. Neuroscience") == []
    assert _venue_said("Nat Rev Neurosci", "Nature Reviews. Neuroscience") == []
    assert _venue_said("Nature Reviews. Neuroscience", "Nature Reviews Neuroscience") == []
    assert _venue_said("U.S. Department of Agriculture. Technical Bulletin", "Technical Bulletin") == []
    assert _venue_said("Springer. Lecture Notes in Computer Science", "Lecture Notes in Computer Science") == []
