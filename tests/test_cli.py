"""The `litmap` command: runs the pipeline, writes the tables, explains user mistakes in one line."""

from __future__ import annotations

import pandas as pd
from click.testing import CliRunner

from litmap.cli import main


def test_help_explains_every_option():
    result = CliRunner().invoke(main, ["run", "--help"])
    assert result.exit_code == 0
    for option in ("--references", "--out", "--offline"):
        assert option in result.output


def test_run_writes_tables_and_summary(bundled_article, tmp_path):
    result = CliRunner().invoke(main, ["run", str(bundled_article), "--out", str(tmp_path), "--offline"])
    assert result.exit_code == 0, result.output
    assert "11 references" in result.output
    for name in ("references", "claims", "citations", "unresolved", "uncited"):
        assert (tmp_path / f"{name}.csv").exists()
    references = pd.read_csv(tmp_path / "references.csv")
    assert len(references) == 11
    claims = pd.read_csv(tmp_path / "claims.csv")
    # Siegel (R07) and Decety and Meyer (R02), in reading order, joined with "; "
    assert "R07; R02" in set(claims["ref_ids"].dropna())


def test_user_mistakes_are_one_line_errors(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = CliRunner().invoke(main, ["run", str(empty), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "empty" in result.output and "Traceback" not in result.output

    no_refs = tmp_path / "norefs.txt"
    no_refs.write_text("A Title\n\nEmpathy helps people heal in therapy (Smith, 2001).\n")
    result = CliRunner().invoke(main, ["run", str(no_refs), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "--references" in result.output


def test_offline_run_audits_from_the_snapshot(bundled_article, bundled_snapshot, tmp_path):
    args = ["run", str(bundled_article), "--out", str(tmp_path), "--offline", "--snapshot", str(bundled_snapshot)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    audit = pd.read_csv(tmp_path / "audit.csv")
    assert len(audit) == 11
    assert "not_found" in set(audit["status"]) and "verified" in set(audit["status"])
    assert "audit:" in result.output
    # the later stages: graph, figures in three formats, reading lists, fit in citations.csv
    assert (tmp_path / "graph.graphml").exists()
    for figure in ("evidence-map", "source-network", "audit-summary", "sources-by-year"):
        for fmt in ("png", "svg", "pdf"):
            assert (tmp_path / "figures" / f"{figure}.{fmt}").stat().st_size > 0
    for fmt in ("md", "html", "bib", "ris", "json"):
        assert (tmp_path / f"reading-list.{fmt}").exists()
    assert {"fit", "fit_score"} <= set(pd.read_csv(tmp_path / "citations.csv").columns)


def test_offline_run_without_snapshot_says_what_it_could_not_check(bundled_article, tmp_path):
    args = ["run", str(bundled_article), "--out", str(tmp_path), "--offline", "--no-figures"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    audit = pd.read_csv(tmp_path / "audit.csv")
    assert set(audit["status"]) == {"unchecked"}
    assert "could not check R01" in result.output
    # the tables of the earlier stage are written all the same
    assert len(pd.read_csv(tmp_path / "references.csv")) == 11


def test_refresh_needs_a_snapshot_path(bundled_article, tmp_path):
    result = CliRunner().invoke(main, ["run", str(bundled_article), "--out", str(tmp_path), "--refresh"])
    assert result.exit_code == 2
    assert "--snapshot" in result.output
