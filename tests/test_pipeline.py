"""The pipeline's saved results: tables and records written once, read back exactly, never fetched twice."""

from __future__ import annotations

import pandas as pd
import pytest
from local_services import HEADERS, MAILTO, work_list

import litmap
from litmap.pipeline import ARTICLE_FILE, read_article_tables
from litmap.schemas import AUDIT, CITATIONS_FIT, READING_LIST, REFERENCES


def test_tables_round_trip_through_json_exactly(bundled_article, tmp_path):
    loaded = litmap.load_article(bundled_article)
    path = litmap.schemas.write_table(loaded.references, tmp_path / "references.json")
    back = litmap.schemas.read_table(path, REFERENCES)
    pd.testing.assert_frame_equal(back, REFERENCES.coerce(loaded.references))
    assert back.loc[0, "authors"] == loaded.references.loc[0, "authors"]  # lists of dicts, not joined text


def test_read_table_names_what_is_wrong(tmp_path):
    (tmp_path / "t.json").write_text('[{"ref_id": "R01"}]', encoding="utf-8")
    with pytest.raises(litmap.SchemaError, match="missing column"):
        litmap.schemas.read_table(tmp_path / "t.json", REFERENCES)
    with pytest.raises(litmap.SchemaError, match="CSV files are for people"):
        litmap.schemas.read_table(tmp_path / "t.csv", REFERENCES)


def test_saved_article_tables_are_read_back_instead_of_the_article(bundled_article, tmp_path):
    loaded = litmap.load_article(bundled_article)
    loaded.write(tmp_path)
    again = read_article_tables(tmp_path)
    assert again.article == loaded.article
    for name in loaded.TABLE_NAMES:
        pd.testing.assert_frame_equal(getattr(again, name), getattr(loaded, name), check_dtype=False)
    assert litmap.load_article(bundled_article, saved=tmp_path).article == loaded.article


def test_saved_tables_of_another_article_or_version_are_not_used(bundled_article, tmp_path):
    copy = tmp_path / "article.txt"
    copy.write_bytes(bundled_article.read_bytes())
    litmap.load_article(copy).write(tmp_path / "out", identity=None)
    saved = (tmp_path / "out" / ARTICLE_FILE).read_text(encoding="utf-8")
    (tmp_path / "out" / ARTICLE_FILE).write_text(saved.replace("Empathy", "EMPATHY"), encoding="utf-8")
    assert "EMPATHY" in litmap.load_article(copy, saved=tmp_path / "out").article.title  # same file: saved tables
    copy.write_bytes(bundled_article.read_bytes() + b"\n")  # the file changed: read it again
    assert "EMPATHY" not in litmap.load_article(copy, saved=tmp_path / "out").article.title


def test_an_audit_saved_in_a_folder_is_never_fetched_again(httpserver, bundled_article, tmp_path):
    httpserver.expect_request("/works").respond_with_json(work_list(), headers=HEADERS)
    httpserver.expect_request("/search.json").respond_with_json({"numFound": 0, "docs": []}, headers=HEADERS)
    online = litmap.Settings(
        mailto=MAILTO,
        crossref_url=httpserver.url_for("").rstrip("/"),
        openlibrary_url=httpserver.url_for("").rstrip("/"),
        cache_dir=tmp_path / "cache",
        progress=False,
    )
    refs = litmap.load_article(bundled_article).references
    first = litmap.audit_references(refs, settings=online)
    asked = len(httpserver.log)
    assert asked == 15  # 11 searches, then 4 books
    first.write(tmp_path / "out")
    elsewhere = online.replace(cache_dir=tmp_path / "another-cache")  # not even the cache helps here
    again = litmap.audit_references(refs, settings=elsewhere, saved=tmp_path / "out")
    assert len(httpserver.log) == asked
    pd.testing.assert_frame_equal(again.audit, first.audit)
    assert set(again.records["via"]) == {"snapshot"}


@pytest.mark.slow
def test_run_writes_every_table_with_its_schema(bundled_article, bundled_snapshot, tmp_path):
    settings = litmap.Settings(offline=True)
    result = litmap.run(bundled_article, out_dir=tmp_path, settings=settings, snapshot=bundled_snapshot, figures=False)
    AUDIT.validate(result.tables["audit"])
    CITATIONS_FIT.validate(result.tables["citations"])
    READING_LIST.validate(result.tables["reading_list"])
    assert (tmp_path / "records.json").exists() and (tmp_path / ARTICLE_FILE).exists()
    # Each topic's reading list is titled with the topic's label, not its file-name key.
    labels = set(result.tables["claim_topics"]["label"])
    titles = {p.read_text(encoding="utf-8").splitlines()[0] for p in (tmp_path / "by-topic").glob("*.md")}
    assert titles and titles <= {f"# Reading list: {label}" for label in labels}
    reread = litmap.load_article(bundled_article, saved=tmp_path)  # what a later notebook does
    pd.testing.assert_frame_equal(reread.references, result.tables["references"], check_dtype=False)


def test_the_same_file_named_another_way_is_the_same_article(bundled_article, tmp_path, monkeypatch):
    litmap.load_article(bundled_article).write(tmp_path / "out")
    saved = (tmp_path / "out" / ARTICLE_FILE).read_text(encoding="utf-8")
    (tmp_path / "out" / ARTICLE_FILE).write_text(saved.replace("Empathy", "EMPATHY"), encoding="utf-8")
    monkeypatch.chdir(bundled_article.parent.parent)  # data/, so the notebooks' "../data/…" style names it
    relative = f"../{bundled_article.parent.parent.name}/{bundled_article.parent.name}/{bundled_article.name}"
    assert "EMPATHY" in litmap.load_article(relative, saved=tmp_path / "out").article.title


def test_the_summary_counts_in_the_right_number(tmp_path):
    """One of a thing is singular in every count the summary gives ("1 unresolved citation", not "citations")."""
    import re

    from pdf_fixtures import TRIALS_REFERENCES

    path = tmp_path / "one.md"
    path.write_text(
        "# Back pain trials\n\nLow back pain costs health systems a great deal of money every year [1], [2].\n\n"
        f"## References\n\n1. {TRIALS_REFERENCES[0]}\n",
        encoding="utf-8",
    )
    summary = litmap.load_article(path).summary()
    assert "1 reference (0 not parsed), 2 in-text citations" in summary
    assert "claims.csv: 1 row (1 claim), 1 of them with citations" in summary
    assert "1 unresolved citation, 0 references never cited" in summary
    assert "0 claims and findings cite nothing" in summary
    assert not re.findall(r"\b1 (?!of\b|with\b)[a-z-]+(?: [a-z-]+)?s\b", summary), summary


def test_the_summary_counts_of_the_claims_table_add_up(bundled_article):
    """The claims.csv line counts its rows by kind and how many cite, and those with the "cite nothing"
    line add up to the rows, so no "N claims" contradicts the sentence line's claim count."""
    import re

    loaded = litmap.load_article(bundled_article)
    summary = loaded.summary()
    line = next(x for x in summary.splitlines() if x.strip().startswith("claims.csv:"))
    rows, kinds, cited = re.fullmatch(
        r"\s*claims\.csv: (\d+) rows? \((.*)\), (\d+) of them with citations", line
    ).groups()
    by_kind = {k.split()[1].rstrip("s"): int(k.split()[0]) for k in kinds.split(", ")}
    assert int(rows) == len(loaded.claims) == sum(by_kind.values())
    assert by_kind == {k: int(n) for k, n in loaded.claims["kind"].value_counts().items()}
    nothing = int(re.search(r"(\d+) claims? (?:and|or) findings? cites? nothing", summary).group(1))
    assert int(cited) + nothing == int(rows)


def test_the_summary_says_other_not_others(bundled_article):
    """A cited sentence of kind "other" is counted as "2 other", as the sentence line does, never "2 others"."""
    from dataclasses import replace

    loaded = litmap.load_article(bundled_article)
    claims = loaded.claims.copy()
    claims.loc[claims.index[:2], "kind"] = "other"
    summary = replace(loaded, claims=claims).summary()
    assert "2 other)" in summary and "others" not in summary
