"""Reading lists: corrected records, filters, sorting, APA formatting; then the bundled article end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import litmap
from litmap import compute_reading_list
from litmap.present import compute_work_type
from litmap.schemas import AUDIT, CITATIONS, CLAIMS, READING_LIST, REFERENCES

REPO = Path(__file__).resolve().parents[1]


def _references():
    return REFERENCES.from_records(
        [
            {
                "ref_id": "R01",
                "raw": "Eisenberger … (2007) …",
                "authors": [{"family": "Eisenberger", "given": "N. I."}],
                "year": 2007,
                "title": "Does rejection hurt? An fMRI study of social exclusion",
                "container": "Science",
                "kind": "journal-article",
            },
            {
                "ref_id": "R02",
                "raw": "Coke, L. (2019) …",
                "authors": [{"family": "Coke", "given": "L."}],
                "year": 2019,
                "title": "Empathy and healing: A comprehensive guide",
                "publisher": "Compassion Publishing",
                "kind": "book",
            },
            {
                "ref_id": "R03",
                "raw": "Adams …",
                "authors": [{"family": "Adams", "given": "B."}],
                "year": 1999,
                "title": "A retracted paper on empathy",
                "container": "Journal X",
                "kind": "journal-article",
            },
            {
                "ref_id": "R04",
                "raw": "Zed …",
                "authors": [{"literal": "World Health Organization"}],
                "year": 2015,
                "title": "Empathy in care: a systematic review",
                "container": "Journal Y",
                "kind": "journal-article",
            },
        ]
    )


def _audit():
    return AUDIT.from_records(
        [
            {
                "ref_id": "R01",
                "status": "discrepant",
                "doi": "10.1126/science.1089134",
                "discrepancies": ["year: cited 2007, record 2003"],
                "title": "Does Rejection Hurt? An <i>fMRI</i> Study of Social Exclusion",
                "authors": [
                    {"family": "Eisenberger", "given": "Naomi I."},
                    {"family": "Lieberman", "given": "Matthew D."},
                    {"family": "Williams", "given": "Kipling D."},
                ],
                "year": 2003,
                "container": "Science",
                "volume": "302",
                "issue": "5643",
                "pages": "290-292",
                "type": "journal-article",
                "is_referenced_by_count": 5000,
            },
            {"ref_id": "R02", "status": "not_found"},
            {
                "ref_id": "R03",
                "status": "retracted",
                "doi": "10.1/r3",
                "title": "A retracted paper on empathy",
                "year": 1999,
                "type": "journal-article",
                "is_referenced_by_count": 10,
            },
            {
                "ref_id": "R04",
                "status": "verified",
                "doi": "10.1/r4",
                "title": "Empathy in care: a systematic review",
                "year": 2015,
                "type": "journal-article",
                "is_referenced_by_count": 300,
            },
        ]
    )


def _claims_and_citations():
    claims = CLAIMS.from_records(
        [
            {
                "claim_id": "C01",
                "text": "Empathy activates reward pathways (Eisenberger et al., 2007).",
                "ref_ids": ["R01"],
            },
            {"claim_id": "C02", "text": "Empathy heals trauma (Coke, 2019; Zed, 2015).", "ref_ids": ["R02", "R04"]},
        ]
    )
    citations = CITATIONS.from_records(
        [
            {"claim_id": "C01", "ref_id": "R01", "cited_as": "(Eisenberger et al., 2007)"},
            {"claim_id": "C02", "ref_id": "R02", "cited_as": "(Coke, 2019)"},
            {"claim_id": "C02", "ref_id": "R04", "cited_as": "(Zed, 2015)"},
        ]
    )
    topics = pd.DataFrame(
        {"claim_id": ["C01", "C02"], "topic": ["neuro", "trauma"], "label": ["Neuroscience", "Trauma recovery"]}
    )
    return claims, citations, topics


def test_list_uses_the_corrected_record_and_formats_apa():
    claims, citations, _ = _claims_and_citations()
    rl = compute_reading_list(_references(), _audit(), citations, claims, exclude_not_found=False).set_index("ref_id")
    assert rl.loc["R01", "year"] == 2003 and rl.loc["R01", "year_cited"] == 2007
    assert rl.loc["R01", "title"] == "Does Rejection Hurt? An fMRI Study of Social Exclusion"  # <i> dropped
    apa = rl.loc["R01", "apa"]
    assert apa.startswith("Eisenberger, N. I., Lieberman, M. D., & Williams, K. D. (2003).")
    assert "Science, 302(5643), 290–292" in apa and "https://doi.org/10.1126/science.1089134" in apa
    assert rl.loc["R01", "url"] == "https://doi.org/10.1126/science.1089134"
    # not found: the parsed reference, status saying so
    assert rl.loc["R02", "status"] == "not_found"
    assert rl.loc["R02", "apa"] == "Coke, L. (2019). Empathy and healing: A comprehensive guide. Compassion Publishing."
    assert rl.loc["R02", "work_type"] == "book" and pd.isna(rl.loc["R02", "url"])
    assert rl.loc["R04", "apa"].startswith("World Health Organization. (2015).")
    assert list(rl.reset_index().columns) == READING_LIST.names


def test_what_each_source_is_cited_for_and_its_fit():
    claims, citations, topics = _claims_and_citations()
    rl = compute_reading_list(_references(), _audit(), citations, claims, topics).set_index("ref_id")
    assert rl.loc["R01", "claim_ids"] == ["C01"] and rl.loc["R01", "n_cited"] == 1
    assert rl.loc["R01", "cited_for"] == ["Empathy activates reward pathways (Eisenberger et al., 2007)."]
    assert rl.loc["R01", "topics"] == ["Neuroscience"]  # the label a reader sees, not the key
    assert rl.loc["R04", "fit"] in {"on topic", "tangential", "off topic"}
    assert rl.loc["R04", "fit_summary"].startswith("C02 ")
    assert rl.loc["R03", "n_cited"] == 0 and rl.loc["R03", "cited_for"] == [] and pd.isna(rl.loc["R03", "fit"])


def test_filters():
    claims, citations, topics = _claims_and_citations()
    refs, audit = _references(), _audit()
    default = compute_reading_list(refs, audit)
    assert set(default["ref_id"]) == {"R01", "R03", "R04"}  # not_found dropped by default
    everything = compute_reading_list(refs, audit, exclude_not_found=False)
    assert set(everything["ref_id"]) == {"R01", "R02", "R03", "R04"}
    verified = compute_reading_list(refs, audit, verified_only=True, exclude_not_found=False)
    assert set(verified["ref_id"]) == {"R01", "R04"}  # discrepant kept (corrected), retracted dropped
    by_key = compute_reading_list(refs, audit, citations, claims, topics, topic="trauma")
    by_label = compute_reading_list(refs, audit, citations, claims, topics, topic="TRAUMA RECOVERY")
    assert list(by_key["ref_id"]) == list(by_label["ref_id"]) == ["R04"]
    # Nothing left before the topic filter (every source not found): an empty list, not a broken frame.
    none_found = audit.assign(status="not_found")
    for options in ({"topic": "trauma"}, {"free_only": True}):
        empty = compute_reading_list(refs, none_found, citations, claims, topics, **options)
        assert empty.empty and list(empty.columns) == list(default.columns)
    with pytest.raises(ValueError, match="topics"):
        compute_reading_list(refs, audit, topic="trauma")
    with pytest.raises(ValueError, match=r"topic: expected one of the claims' topics .*neuro.*got str \('trust'\)"):
        compute_reading_list(refs, audit, citations, claims, topics, topic="trust")


def test_one_reading_list_per_topic_written_with_its_label(tmp_path):
    claims, citations, topics = _claims_and_citations()
    lists = litmap.compute_topic_reading_lists(_references(), _audit(), citations, claims, topics)
    assert {key: list(frame["ref_id"]) for key, frame in lists.items()} == {
        "neuro": list(
            compute_reading_list(_references(), _audit(), citations, claims, topics, topic="neuro")["ref_id"]
        ),
        "trauma": ["R04"],
    }
    written = litmap.write_topic_reading_lists(
        lists, tmp_path, formats=("md", "html"), labels={"trauma": "Trauma recovery"}
    )
    assert written["trauma.md"] == tmp_path / "reading-list-trauma.md"
    assert written["trauma.md"].read_text(encoding="utf-8").startswith("# Reading list: Trauma recovery")
    assert "<title>Reading list: neuro</title>" in written["neuro.html"].read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "sort_by, order",
    [("year", ["R03", "R01", "R04"]), ("citations", ["R01", "R04", "R03"]), ("author", ["R03", "R01", "R04"])],
)
def test_sorting(sort_by, order):
    assert list(compute_reading_list(_references(), _audit(), sort_by=sort_by)["ref_id"]) == order


def test_bad_sort_key_and_inputs_untouched():
    refs, audit = _references(), _audit()
    before = refs.copy(), audit.copy()
    with pytest.raises(ValueError, match="sort_by"):
        compute_reading_list(refs, audit, sort_by="title")
    compute_reading_list(refs, audit)
    pd.testing.assert_frame_equal(refs, before[0])
    pd.testing.assert_frame_equal(audit, before[1])


@pytest.mark.parametrize(
    "crossref_type, title, kind, expected",
    [
        ("journal-article", "A meta-analysis of empathy training", None, "review"),
        ("journal-article", "From resonance to understanding: a neuroscience account", None, "review"),
        ("journal-article", "Does rejection hurt? An fMRI study of social exclusion", None, "empirical study"),
        (
            "journal-article",
            "The neural substrate of human empathy: Effects of perspective-taking",
            None,
            "empirical study",
        ),
        ("journal-article", "Theory of mind in adolescents: a twin study", None, "empirical study"),
        ("journal-article", "Loving-kindness meditation increases social connectedness", None, "journal article"),
        ("book", "The mindful therapist", None, "book"),
        ("book-chapter", "Empathy", None, "chapter"),
        (None, "Empathy and healing", "book", "book"),
        (None, "Some web page", "web", "other"),
    ],
)
def test_work_type(crossref_type, title, kind, expected):
    assert compute_work_type(crossref_type, title, None, kind) == expected


# --- the bundled article, audited offline from its snapshot ---------------------------------


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    from litmap.pipeline import audit_references

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LITMAP_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        mp.setenv("LITMAP_CROSSREF_URL", "http://127.0.0.1:9/unreachable-in-tests")
        mp.setenv("LITMAP_OPENLIBRARY_URL", "http://127.0.0.1:9/unreachable-in-tests")
        tables = litmap.load_article(REPO / "data/articles/empathy-in-therapy.txt")
        audit = audit_references(
            tables.references,
            settings=litmap.Settings(offline=True),
            snapshot=REPO / "data/snapshots/empathy-in-therapy.json",
        ).audit
    citations = litmap.compute_fit(tables.claims, tables.citations, audit)
    family = {r: a[0]["family"] for r, a in zip(tables.references["ref_id"], tables.references["authors"])}
    return tables, audit, citations, family


def _by_author(frame, family):
    return {family[r]: row for r, row in zip(frame["ref_id"], frame.to_dict("records"))}


def test_bundled_verified_only_list(bundled):
    tables, audit, citations, family = bundled
    rl = compute_reading_list(tables.references, audit, citations, tables.claims, verified_only=True)
    rows = _by_author(rl, family)
    assert not {"Coke", "Smith", "Wonder", "Krieger"} & rows.keys()
    assert {"Eisenberger", "Cozolino", "Siegel", "Lamm", "Singer", "Decety", "Hutcherson"} == rows.keys()
    assert rows["Eisenberger"]["year"] == 2003 and rows["Eisenberger"]["year_cited"] == 2007
    assert "(2003)" in rows["Eisenberger"]["apa"]
    assert rows["Cozolino"]["year"] == 2006 and "(2006)" in rows["Cozolino"]["apa"]
    assert rows["Siegel"]["work_type"] == "book" and rows["Cozolino"]["work_type"] == "book"
    assert list(rl["year"]) == sorted(rl["year"])


def test_bundled_exports_carry_the_corrected_years(bundled, tmp_path):
    import bibtexparser
    import rispy

    tables, audit, citations, _family = bundled
    rl = compute_reading_list(tables.references, audit, citations, tables.claims, verified_only=True)
    paths = litmap.write_reading_list(rl, tmp_path)
    bib = {
        e.fields_dict["author"].value.split(",")[0]: e.fields_dict["year"].value
        for e in bibtexparser.parse_file(str(paths["bib"])).entries
    }
    assert bib["Eisenberger"] == "2003" and bib["Cozolino"] == "2006"
    ris = {e["authors"][0].split(",")[0]: e["year"] for e in rispy.loads(paths["ris"].read_text(encoding="utf-8"))}
    assert ris["Eisenberger"] == "2003" and ris["Cozolino"] == "2006"
    csl = {i["author"][0]["family"]: i["issued"]["date-parts"][0][0] for i in json.loads(paths["json"].read_text())}
    assert csl["Eisenberger"] == 2003 and csl["Cozolino"] == 2006
    assert "(2003)" in paths["md"].read_text() and "(2006)" in paths["html"].read_text()
    assert "Krieger, F." not in paths["md"].read_text()  # named in a cited-for sentence, not listed


def test_bundled_fit_meditation_and_exclusion_studies_rank_below_empathy_studies(bundled):
    _, _, citations, family = bundled
    rank = {label: i for i, label in enumerate(litmap.schemas.FIT_LABELS)}  # 0 = on topic
    fit = {family[r]: f for r, f in zip(citations["ref_id"], citations["fit"]) if isinstance(r, str)}
    for weak in ("Hutcherson", "Eisenberger"):
        assert fit[weak] in {"tangential", "off topic"}
        for strong in ("Lamm", "Singer"):
            assert rank[fit[weak]] > rank[fit[strong]], (weak, strong, fit)
    for unfound in ("Coke", "Smith", "Wonder", "Krieger"):
        assert fit[unfound] == "unknown"


def test_an_authorless_work_has_its_title_once_in_apa():
    """APA puts an authorless work's title where the author goes, and only there (citeproc-py printed it
    twice: "United States v. Russell. (1973). United States v. Russell. …")."""
    from litmap.present.reading_list import format_apa

    items = [
        {
            "id": "case",
            "type": "article",
            "title": "United States v. Russell",
            "volume": "411",
            "page": "423",
            "issued": {"date-parts": [[1973]]},
        },
        {
            "id": "law",
            "type": "book",
            "title": "Alcohol, Drug Abuse, and Mental Health Administration Reorganization Act",
            "issued": {"date-parts": [[1992]]},
        },
        {
            "id": "paper",
            "type": "article-journal",
            "author": [
                {"family": "Eisenberger", "given": "Naomi I."},
                {"family": "Lieberman", "given": "Matthew D."},
                {"family": "Williams", "given": "Kipling D."},
            ],
            "title": "Does rejection hurt? An fMRI study of social exclusion",
            "container-title": "Science",
            "volume": "302",
            "issue": "5643",
            "page": "290-292",
            "issued": {"date-parts": [[2003]]},
        },
    ]
    apa = format_apa(items)
    assert apa["case"].count("United States v. Russell") == 1 and apa["case"].startswith("United States v. Russell")
    assert apa["law"] == "Alcohol, Drug Abuse, and Mental Health Administration Reorganization Act. (1992)."
    assert apa["paper"].startswith(
        "Eisenberger, N. I., Lieberman, M. D., & Williams, K. D. (2003). Does rejection hurt?"
    )
    assert "Science, 302(5643), 290–292" in apa["paper"]
