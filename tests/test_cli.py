"""The `litmap` command: runs the pipeline, writes the tables, explains user mistakes in one line,
stops at once on Ctrl-C, and stops asking a failing service.

The Ctrl-C and failing-service tests run `litmap run` in a real subprocess against a real HTTP
server on 127.0.0.1 standing in for Crossref.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote

import pandas as pd
import pytest
from click.testing import CliRunner
from local_services import HEADERS, MAILTO, ok, work
from pytest_httpserver import HTTPServer
from werkzeug import Response

from litmap.cli import main


def test_help_explains_every_option():
    result = CliRunner().invoke(main, ["run", "--help"])
    assert result.exit_code == 0
    for option in ("--references", "--out", "--offline", "--snapshot", "--refresh", "--mailto"):
        assert option in result.output


@pytest.mark.slow
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


def test_user_mistakes_are_one_line_errors_as_readme_promises(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = CliRunner().invoke(main, ["run", str(empty), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output == f"litmap: error: {empty}: the file is empty\n"

    no_refs = tmp_path / "norefs.txt"
    no_refs.write_text("A Title\n\nEmpathy helps people heal in therapy (Smith, 2001).\n")
    result = CliRunner().invoke(main, ["run", str(no_refs), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output.startswith("litmap: error: ") and result.output.count("\n") == 1
    assert "--references" in result.output


def test_offline_refuses_a_url_article_and_sends_nothing(httpserver, tmp_path):
    httpserver.expect_request("/post").respond_with_data("<html><body><p>x</p></body></html>", content_type="text/html")
    url = httpserver.url_for("/post")
    result = CliRunner().invoke(main, ["run", url, "--out", str(tmp_path), "--offline"])
    assert result.exit_code == 1
    assert result.output.startswith(f"litmap: error: {url}: offline, so litmap sends no request")
    assert len(httpserver.log) == 0


def test_bad_settings_are_one_line_errors(bundled_article, tmp_path, monkeypatch):
    monkeypatch.setenv("LITMAP_RETRIES", "many")
    result = CliRunner().invoke(main, ["run", str(bundled_article), "--out", str(tmp_path), "--offline"])
    assert (result.exit_code, result.output) == (
        1,
        "litmap: error: LITMAP_RETRIES: expected a whole number, got 'many'\n",
    )
    monkeypatch.delenv("LITMAP_RETRIES")
    monkeypatch.setenv("LITMAP_OFFLINE", "yes")
    result = CliRunner().invoke(
        main, ["run", str(bundled_article), "--out", str(tmp_path), "--refresh", "--snapshot", "x.json"]
    )
    assert result.exit_code == 1 and "offline and refresh exclude each other" in result.output


@pytest.mark.slow
def test_offline_run_audits_from_the_snapshot(bundled_article, bundled_snapshot, tmp_path, monkeypatch):
    monkeypatch.setenv("LITMAP_FIGURE_FORMATS", "png svg pdf")  # every format here (the others draw PNGs only)
    args = ["run", str(bundled_article), "--out", str(tmp_path), "--offline", "--snapshot", str(bundled_snapshot)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    audit = pd.read_csv(tmp_path / "audit.csv")
    assert len(audit) == 11
    assert "not_found" in set(audit["status"]) and "verified" in set(audit["status"])
    assert "audit:" in result.output
    records = pd.read_csv(tmp_path / "records.csv")
    identity = records[records["service"].isin(["crossref", "openlibrary"])]
    assert len(identity) == 15 and set(identity["via"]) == {"snapshot"}
    epmc = records[records["service"] == "europepmc"]  # what the snapshot holds, and what it cannot
    assert (epmc["via"] == "snapshot").sum() == 3 and (epmc["status"] == "failed").sum() == 5
    assert "evidence of 5 works found: 0 with an abstract, 2 with subjects" in result.output
    assert "openalex: not asked" not in result.output  # offline nothing is asked: a key would change nothing
    assert "no abstract to read" in result.output
    # the later stages: graph, figures in three formats, reading lists, fit in citations.csv
    assert (tmp_path / "graph.graphml").exists()
    for figure in ("evidence-map", "source-network", "audit-summary", "sources-by-year"):
        for fmt in ("png", "svg", "pdf"):
            assert (tmp_path / "figures" / f"{figure}.{fmt}").stat().st_size > 0
    for fmt in ("md", "html", "bib", "ris", "json"):
        assert (tmp_path / f"reading-list.{fmt}").exists()
    assert {"fit", "fit_score"} <= set(pd.read_csv(tmp_path / "citations.csv").columns)


@pytest.mark.slow
def test_offline_run_without_snapshot_says_what_it_could_not_check(bundled_article, tmp_path):
    args = ["run", str(bundled_article), "--out", str(tmp_path), "--offline", "--no-figures"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    audit = pd.read_csv(tmp_path / "audit.csv")
    assert set(audit["status"]) == {"unchecked"}
    assert "could not check 11 references: R01, R02, R03, R04, R05, R06, R07, R08 and 3 more" in result.output
    assert "Crossref: 11 look-ups not made offline (nothing saved or cached answers them)" in result.output
    # the tables of the earlier stage are written all the same
    assert len(pd.read_csv(tmp_path / "references.csv")) == 11


def test_refresh_needs_a_snapshot_path(bundled_article, tmp_path):
    result = CliRunner().invoke(main, ["run", str(bundled_article), "--out", str(tmp_path), "--refresh"])
    assert result.exit_code == 2
    assert "--snapshot" in result.output


@pytest.mark.slow
def test_refresh_writes_the_snapshot_of_what_was_fetched(httpserver, bundled_article, tmp_path, monkeypatch):
    items = {"status": "ok", "message-type": "work-list", "message": {"items": []}}
    httpserver.expect_request("/works").respond_with_json(items, headers=HEADERS)
    httpserver.expect_request("/search.json").respond_with_json({"numFound": 0, "docs": []}, headers=HEADERS)
    monkeypatch.setenv("LITMAP_CROSSREF_URL", httpserver.url_for("").rstrip("/"))
    monkeypatch.setenv("LITMAP_OPENLIBRARY_URL", httpserver.url_for("").rstrip("/"))
    snapshot = tmp_path / "snap.json"
    args = ["run", str(bundled_article), "--out", str(tmp_path / "out"), "--no-figures", "--refresh"]
    result = CliRunner().invoke(main, [*args, "--snapshot", str(snapshot), "--mailto", MAILTO])
    assert result.exit_code == 0, result.output
    from litmap import read_snapshot

    saved = read_snapshot(snapshot).records
    assert len(saved) == 15  # 11 searches, then 4 books Crossref did not match
    assert saved["fetched_at"].notna().all() and "Downloaded" in read_snapshot(snapshot).about


# ---------------------------------------------------------------- real processes, real signals


def write_article(path: Path, n: int) -> list[str]:
    """A small article citing ``n`` works, each with a DOI; returns the DOIs."""
    dois = [f"10.5555/test.{i}" for i in range(n)]
    entries = "\n\n".join(
        f"Author{i}, A. (2001). Title number {i} of a made-up work. Journal of Tests, 1(1), 1-10. https://doi.org/{doi}"
        for i, doi in enumerate(dois)
    )
    path.write_text(
        f"A test article\n\nClaims cite works (Author0, 2001).\n\nReferences\n\n{entries}\n", encoding="utf-8"
    )
    return dois


class Crossref:
    """A threaded local Crossref: /works/{doi} answered after ``delay`` s (or 500s), every request logged."""

    def __init__(self, server: HTTPServer, *, delay: float = 0.0, status: int = 200):
        self.delay, self.status = delay, status
        self.asked: list[tuple[float, str]] = []
        self.lock = threading.Lock()
        server.expect_request("").respond_with_handler(self)

    def __call__(self, request):
        doi = unquote(request.path[len("/works/") :])
        with self.lock:
            self.asked.append((time.monotonic(), doi))
        time.sleep(self.delay)
        if self.status != 200:
            return Response("Internal Server Error", status=self.status)
        limits = {"x-rate-limit-limit": "20", "x-rate-limit-interval": "1s", "x-concurrency-limit": "2"}
        i = doi.rsplit(".", 1)[1]
        record = work(
            doi,
            title=[f"Title number {i} of a made-up work"],
            author=[{"family": f"Author{i}", "given": "A."}],
            issued={"date-parts": [[2001]]},
        )
        return ok(record, **limits)

    def count(self) -> int:
        with self.lock:
            return len(self.asked)

    def dois(self) -> list[str]:
        with self.lock:
            return [doi for _, doi in self.asked]


def litmap_run(article: Path, out: Path, server: HTTPServer, cache: Path, *extra: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "LITMAP_CROSSREF_URL": server.url_for("").rstrip("/"),
        "LITMAP_OPENLIBRARY_URL": server.url_for("").rstrip("/"),
        "LITMAP_CACHE_DIR": str(cache),
        "LITMAP_MAILTO": MAILTO,
        "LITMAP_PROGRESS": "false",
        "LITMAP_BACKOFF": "0.05",
    }
    command = [sys.executable, "-c", "from litmap.cli import main; main()", "run", str(article), "--out", str(out)]
    return subprocess.Popen(
        [*command, "--no-figures", *extra], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


@pytest.mark.slow
def test_ctrl_c_stops_the_run_at_once_and_a_rerun_asks_only_what_was_not_finished(threaded_server, tmp_path):
    article, cache = tmp_path / "article.txt", tmp_path / "cache"
    dois = write_article(article, 30)
    # 1.5 s a reply, 2 at a time: the look-ups still pending at Ctrl-C would take about 18 s to finish, so
    # a run that waited for them cannot pass the bound below, while a loaded machine still can (it stops
    # in 0.1-0.3 s idle; the time is a benchmark's, fetch_limits.py, not this test's)
    crossref = Crossref(threaded_server, delay=1.5)
    process = litmap_run(article, tmp_path / "out", threaded_server, cache)
    deadline = time.monotonic() + 60
    while crossref.count() < 6 and time.monotonic() < deadline:  # some look-ups done, most still pending
        time.sleep(0.05)
    assert process.poll() is None, process.communicate()
    process.send_signal(signal.SIGINT)
    interrupted = time.monotonic()
    stdout, stderr = process.communicate(timeout=30)
    exit_after = time.monotonic() - interrupted
    asked_by_then = crossref.count()

    assert exit_after < 9.0, f"took {exit_after:.1f} s to stop: it waited for the pending look-ups"
    assert process.returncode == 130
    lines = stderr.strip().splitlines()
    assert lines[-1].startswith("litmap: interrupted after ") and lines[-1].endswith(
        " of 30 look-ups; run again to continue"
    ), stderr
    assert "Traceback" not in stderr
    done = int(lines[-1].split("after ")[1].split(" of")[0])
    assert 0 < done < 30
    time.sleep(1.5)
    assert crossref.count() == asked_by_then, "requests were sent after Ctrl-C"
    first_run = set(crossref.dois())

    crossref.delay = 0
    rerun = litmap_run(article, tmp_path / "out", threaded_server, cache)
    stdout, stderr = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, stderr
    second_run = crossref.dois()[asked_by_then:]
    assert len(second_run) == len(set(second_run))  # nothing asked twice
    assert len(second_run) <= 30 - done  # the finished look-ups came from the cache
    assert first_run | set(second_run) == set(dois)
    assert "audit: 30 verified" in stdout


@pytest.mark.slow
def test_a_service_failing_everything_is_given_up_on_and_said_once(threaded_server, tmp_path):
    article = tmp_path / "article.txt"
    write_article(article, 60)
    crossref = Crossref(threaded_server, status=500)
    process = litmap_run(article, tmp_path / "out", threaded_server, tmp_path / "cache")
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    assert crossref.count() <= 25  # the breaker's 20, plus what was already in flight
    audit = pd.read_csv(tmp_path / "out" / "audit.csv")
    assert set(audit["status"]) == {"unchecked"}
    assert audit["note"].str.contains("not asked: ").sum() >= 50
    said = [line for line in stdout.splitlines() if "litmap stopped asking it for this run" in line]
    assert len(said) == 1 and "requests to crossref failed (last: HTTP 500)" in said[0]
