"""Corpus mode: a folder of mixed articles (.txt, .md, .html, .pdf) through `litmap corpus`.

Look-ups go to a real HTTP server on 127.0.0.1 answering like Crossref and Open Library, which
counts what it is asked: each distinct work once, nothing on a warm rerun, only the new article's
works when one is added. The per-article stages also run on a local Dask cluster (``workers=2``)
and on a ``dask.distributed`` scheduler the test starts, and must give the same store.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
from click.testing import CliRunner
from local_services import HEADERS, NOT_FOUND, epmc_search, ok, serve, work, work_list

from litmap.cli import main
from litmap.corpus.corpus_map import compute_work_keys, plan_lookups
from litmap.corpus.run import find_articles, run_corpus
from litmap.corpus.store import STORE_TABLES, read_corpus
from litmap.errors import CorpusError
from litmap.parse.references import compute_references
from litmap.settings import Settings
from litmap.verify.openlibrary import OpenLibraryClient

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[1]

# A reading note written for these tests (the prose is invented; the works are real, their details
# as checked for tests/data/pages, see tests/data/README.md). It shares three works with the bundled
# article: Decety & Meyer with a DOI the bundled article does not give, Lamm et al. in the very same
# words, and Singer et al. in another style (Vancouver).
READING_NOTE = """# Empathy in the consulting room: a reading note

## Shared pain

Watching someone in pain activates parts of the network that responds to our own pain (Singer et al., 2004).
Taking the other person's perspective changes how their pain is processed (Lamm et al., 2007).

## Development

Empathy grows from emotion resonance into empathic understanding over childhood (Decety & Meyer, 2008).

## References

- Decety, J., & Meyer, M. (2008). From emotion resonance to empathic understanding: A social developmental neuroscience account. Development and Psychopathology, 20(4), 1053–1080. https://doi.org/10.1017/S0954579408000503
- Lamm, C., Batson, C. D., & Decety, J. (2007). The neural substrate of human empathy: Effects of perspective-taking and cognitive appraisal. Journal of Cognitive Neuroscience, 19(1), 42–58.
- Singer T, Seymour B, O'Doherty J, Kaube H, Dolan RJ, Frith CD. Empathy for pain involves the affective but not sensory components of pain. Science. 2004;303(5661):1157-62.
"""
DECETY = "10.1017/s0954579408000503"
DECETY_RECORD = {
    "title": ["From emotion resonance to empathic understanding: A social developmental neuroscience account"],
    "author": [{"family": "Decety", "given": "Jean"}, {"family": "Meyer", "given": "Meghan"}],
    "issued": {"date-parts": [[2008]]},
    "container-title": ["Development and Psychopathology"],
    "volume": "20",
    "issue": "4",
    "page": "1053-1080",
    "type": "journal-article",
}


@pytest.fixture
def folder(tmp_path, bundled_article) -> Path:
    """Five articles: text, Markdown, HTML, PDF, and an empty file that must fail alone."""
    root = tmp_path / "articles"
    (root / "blog").mkdir(parents=True)
    shutil.copy(bundled_article, root / "blog" / "empathy-in-therapy.txt")
    (root / "blog" / "reading-note.md").write_text(READING_NOTE, encoding="utf-8")
    shutil.copy(DATA / "corpus" / "plos-pone-0040259.html", root / "plos-pone-0040259.html")
    shutil.copy(DATA / "trials-2014-low-back-pain-core-outcomes.pdf", root / "trials-low-back-pain.pdf")
    (root / "empty.txt").write_text("", encoding="utf-8")
    (root / "notes.docx").write_bytes(b"not an article type litmap reads")  # not picked up
    return root


class Services:
    """Crossref and Open Library on one local server, answering like them and counting the requests."""

    def __init__(self, server):
        self.paths: list[str] = []
        serve(server, self)
        self.url = server.url_for("").rstrip("/")

    def __call__(self, request):
        self.paths.append(request.full_path)
        if request.path == "/search.json":  # Open Library: no such book
            return ok({"numFound": 0, "docs": []})
        if request.path == "/works":  # a Crossref search: nothing credible
            return ok(work_list(), **HEADERS)
        doi = request.path.removeprefix("/works/").lower()
        return ok(work(doi, **DECETY_RECORD), **HEADERS) if doi == DECETY else NOT_FOUND

    def count(self, text: str) -> int:
        return sum(text.lower() in path.lower() for path in self.paths)

    def searches_for(self, words: str) -> int:
        return sum(words in " ".join(parse_qs(urlparse(p).query).get("query.bibliographic", [""])) for p in self.paths)


@pytest.fixture
def services(threaded_server, monkeypatch) -> Services:
    found = Services(threaded_server)
    monkeypatch.setenv("LITMAP_CROSSREF_URL", found.url)
    monkeypatch.setenv("LITMAP_OPENLIBRARY_URL", found.url)
    monkeypatch.setenv("LITMAP_MAILTO", "tests@example.org")
    # Open Library's real pace (one search a second; pacing is tested in test_webclient) would make each
    # corpus here wait ~10 s for its books; the local server answers at once, so these tests go faster.
    monkeypatch.setattr(OpenLibraryClient, "rates", {"search": 50.0})
    return found


def _corpus(folder, out, **options):
    options.setdefault("figures", False)
    return run_corpus([folder], out_dir=out, settings=Settings.from_env(progress=False), **options)


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    with read_corpus(out) as store:
        return {name: store.table(name) for name in STORE_TABLES}


@pytest.mark.slow
def test_each_distinct_work_is_asked_once_and_a_warm_rerun_asks_nothing(folder, services, tmp_path):
    result = _corpus(folder, tmp_path / "out", figures=True)
    tables = _tables(tmp_path / "out")
    articles = tables["articles"].set_index("source")

    assert set(articles["status"]) == {"ok", "failed"}
    assert articles.loc[str((folder / "empty.txt").resolve()), "status"] == "failed"
    assert "empty" in articles.loc[str((folder / "empty.txt").resolve()), "error"]
    assert (articles["status"] == "ok").sum() == 4, "one bad file must not stop the others"
    assert not any("docx" in s for s in articles.index)

    # Nothing asked twice, and every request is one look-up of the run.
    assert len(services.paths) == len(set(services.paths)) == result.n_requests
    # Decety & Meyer: the note cites the DOI, the bundled article does not; one request serves both.
    assert services.count(f"/works/{DECETY}") == 1
    assert services.searches_for("From emotion resonance") == 0
    # Lamm et al. (same words) and Singer et al. (APA and Vancouver): one search each.
    assert services.searches_for("neural substrate of human empathy") == 1
    assert services.searches_for("Empathy for pain involves") == 1

    refs = tables["references"]
    shared = refs[refs["work_key"].str.startswith(("decety|2008", "lamm|2007", "singer|2004"))]
    assert shared.groupby("work_key")["article_id"].nunique().eq(2).all()
    assert shared.groupby("work_key")["work_id"].nunique().eq(1).all()
    works = tables["works"].set_index("work_id")
    decety = works.loc[f"doi:{DECETY}"]
    assert decety["n_articles"] == 2 and decety["n_citations"] >= 2
    assert decety["status"] in ("verified", "discrepant")
    assert len(decety["article_ids"]) == 2
    assert len(works) == refs["work_id"].nunique() < len(refs)
    borrowed = tables["audit"].merge(refs, on=["article_id", "ref_id"])
    borrowed = borrowed[borrowed["work_id"] == f"doi:{DECETY}"]
    assert borrowed["note"].fillna("").str.contains("another entry of this work").sum() == 1

    # Warm: the same folder into a new store asks nothing (every answer is in the cache).
    before = len(services.paths)
    again = _corpus(folder, tmp_path / "out-2")
    assert len(services.paths) == before and again.n_requests == 0
    assert again.n_lookups == result.n_lookups
    pd.testing.assert_frame_equal(
        _tables(tmp_path / "out-2")["works"].drop(columns="article_ids"), tables["works"].drop(columns="article_ids")
    )
    _check_store_parquet_and_outputs(tmp_path / "out")


def _check_store_parquet_and_outputs(out: Path) -> None:
    """The first run's store, its Parquet export, its article folders and the corpus outputs.

    (Each article folder holds what `litmap run` writes for the article, file for file: test_routes.)
    """
    tables = _tables(out)
    for name in ("references", "claims", "citations", "audit", "claim_topics"):
        assert tables[name]["article_id"].notna().all() and tables[name]["article_id"].nunique() == 4, name
    import duckdb

    for name, frame in tables.items():
        back = duckdb.sql(f"SELECT * FROM read_parquet('{out / 'parquet' / name}.parquet')").df()
        assert list(back.columns) == STORE_TABLES[name].names and len(back) == len(frame), name
    authors = tables["references"]["authors"].iloc[0]
    assert authors and isinstance(authors[0], dict), "authors come back as dicts"
    assert len(list((out / "articles").iterdir())) == 4
    bundled = next((out / "articles").glob("empathy-in-therapy-*"))
    assert (bundled / "audit.csv").exists() and (bundled / "figures" / "evidence-map.png").exists()

    # Corpus outputs: the graph merges a shared work into one node cited from two articles.
    import networkx as nx

    graph = nx.read_graphml(out / "graph.graphml")
    kinds = nx.get_node_attributes(graph, "kind")
    assert {"article", "claim", "topic", "source"} <= set(kinds.values())
    citing = {u.split("/")[0] for u in graph.predecessors(f"doi:{DECETY}")}
    assert len(citing) == 2
    for figure in ("most-cited-works", "status-by-article", "shared-sources", "topics-across-articles"):
        assert (out / "figures" / f"{figure}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    reading = (out / "corpus-reading-list.md").read_text()
    assert "cited by 2 articles" in reading and "Decety" in reading
    csl = json.loads((out / "corpus-reading-list.json").read_text())
    assert csl and any(item.get("DOI", "").lower() == DECETY for item in csl)


@pytest.mark.slow
def test_adding_articles_reads_only_the_new_ones(folder, services, tmp_path):
    first = _corpus(folder, tmp_path / "out")
    assert first.n_read == 5
    again = _corpus(folder, tmp_path / "out")
    assert again.n_read == 0 and again.n_skipped == 5, "unchanged articles (a failed file too) are not read again"

    (folder / "more").mkdir()
    shutil.copy(DATA / "plos-pbio-1001289.txt", folder / "more" / "plos-pbio-1001289.txt")
    asked = len(services.paths)
    added = _corpus(folder, tmp_path / "out")
    assert added.n_read == 1 and added.n_skipped == 5
    assert len(services.paths) - asked == added.n_requests > 0
    tables = _tables(tmp_path / "out")
    assert tables["articles"]["status"].eq("ok").sum() == 5
    assert tables["references"].groupby("article_id").size().size == 5

    # A changed file is read again and replaces its earlier rows.
    note = folder / "blog" / "reading-note.md"
    note.write_text(note.read_text().replace("## Development\n", "## Growth\n"))
    changed = _corpus(folder, tmp_path / "out")
    assert changed.n_read == 1
    claims = _tables(tmp_path / "out")["claims"]
    note_id = find_articles([note])[0].article_id
    assert set(claims.loc[claims["article_id"] == note_id, "section"]) >= {"Growth"}
    assert "Development" not in set(claims.loc[claims["article_id"] == note_id, "section"])


def _comparable(out: Path) -> dict[str, pd.DataFrame]:
    tables = _tables(out)
    tables["articles"] = tables["articles"].drop(columns="added_at")
    return {name: frame.sort_values(list(frame.columns[:2])).reset_index(drop=True) for name, frame in tables.items()}


@pytest.mark.slow
def test_two_workers_and_a_dask_scheduler_give_the_same_store(folder, services, tmp_path):
    from distributed import LocalCluster

    _corpus(folder, tmp_path / "one")
    asked = len(services.paths)
    _corpus(folder, tmp_path / "two", workers=2, batch_size=2)
    with LocalCluster(n_workers=1, threads_per_worker=2, host="127.0.0.1", dashboard_address=None) as cluster:
        _corpus(folder, tmp_path / "cluster", scheduler=cluster.scheduler_address)
    assert len(services.paths) == asked, "workers read articles; only the driver looks up, and the cache answers"
    expected = _comparable(tmp_path / "one")
    for run in ("two", "cluster"):
        got = _comparable(tmp_path / run)
        outcome = ["article_id", "status", "error"]
        assert got["articles"][outcome].equals(expected["articles"][outcome]), got["articles"][outcome].to_string()
        for name in STORE_TABLES:
            pd.testing.assert_frame_equal(got[name], expected[name], obj=f"{run}: {name}")
        assert (tmp_path / run / "articles").is_dir() and len(list((tmp_path / run / "articles").iterdir())) == 4


@pytest.mark.slow
def test_the_command_line(folder, services, tmp_path):
    runner = CliRunner()
    listed = tmp_path / "list.txt"
    listed.write_text(f"# the blog\n{folder / 'blog'}\n\nplos-pone-0040259.html\n")
    shutil.copy(folder / "plos-pone-0040259.html", tmp_path / "plos-pone-0040259.html")
    out = tmp_path / "out"
    result = runner.invoke(main, ["corpus", "--list", str(listed), "--out", str(out), "--no-figures"])
    assert result.exit_code == 0, result.output
    assert "3 articles stored, 0 failed" in result.output
    assert "distinct works" in result.output and (out / "corpus.duckdb").exists()

    missing = runner.invoke(main, ["corpus", str(tmp_path / "nowhere"), "--out", str(out)])
    assert missing.exit_code == 1
    assert missing.output.strip().splitlines() == [f"litmap: error: {tmp_path / 'nowhere'}: no such file or folder"]
    nothing = runner.invoke(main, ["corpus", "--out", str(out)])
    assert nothing.exit_code == 1 and "no articles" in nothing.output
    refresh = runner.invoke(main, ["corpus", str(folder), "--refresh"])
    assert refresh.exit_code == 2 and "--refresh needs --snapshot" in refresh.output


class AllServices(Services):
    """Crossref and Open Library as above, Europe PMC under /epmc (no hits) and OpenAlex under /openalex."""

    def __call__(self, request):
        if request.path.startswith("/epmc/"):
            self.paths.append(request.full_path)
            return ok(epmc_search())
        if request.path.startswith("/openalex/"):
            self.paths.append(request.full_path)
            doi = request.path.removeprefix("/openalex/works/doi:").lower()
            return (
                ok({"id": "https://openalex.org/W2", "doi": f"https://doi.org/{doi}"}) if doi == DECETY else NOT_FOUND
            )
        return super().__call__(request)


@pytest.mark.slow
def test_corpus_mode_honours_the_evidence_switch_and_the_openalex_key(tmp_path, threaded_server, monkeypatch):
    """The settings reach the corpus's look-ups as they reach `litmap run`'s: one audit path."""
    monkeypatch.setattr(OpenLibraryClient, "rates", {"search": 50.0})
    served = AllServices(threaded_server)
    for service, prefix in (("CROSSREF", ""), ("OPENLIBRARY", ""), ("EUROPEPMC", "/epmc"), ("OPENALEX", "/openalex")):
        monkeypatch.setenv(f"LITMAP_{service}_URL", served.url + prefix)
    note = tmp_path / "articles" / "reading-note.md"
    note.parent.mkdir()
    note.write_text(READING_NOTE, encoding="utf-8")
    key = "k3y-of-the-corpus-test"

    def corpus(out, **settings):
        changed = Settings.from_env(progress=False, mailto="tests@example.org", openalex_key=key, **settings)
        return run_corpus([note.parent], out_dir=tmp_path / out, settings=changed, figures=False)

    corpus("no-evidence", evidence=False, cache_dir=tmp_path / "cache-1")
    assert served.count("/works/") == 1 and served.count("/epmc/") == served.count("/openalex/") == 0
    assert served.count("/works?") == 2, "the two entries without a DOI are searched"

    asked = len(served.paths)
    corpus("evidence", cache_dir=tmp_path / "cache-2")
    evidence = served.paths[asked:]
    assert any(p.startswith("/epmc/") for p in evidence), "Europe PMC is asked for the work found"
    alex = [p for p in evidence if p.startswith("/openalex/")]
    assert alex == [f"/openalex/works/doi:{DECETY}?mailto=tests%40example.org&api_key={key}"]
    audit = _tables(tmp_path / "evidence")["audit"]
    assert audit.loc[audit["doi"] == DECETY, "openalex_id"].tolist() == ["W2"]
    summary = (tmp_path / "evidence" / "articles").glob("*/audit.csv")
    assert key not in "".join(path.read_text() for path in summary)


@pytest.mark.slow
def test_offline_with_a_snapshot_asks_nothing(folder, tmp_path, bundled_snapshot):
    settings = Settings.from_env(offline=True, progress=False)
    result = run_corpus(
        [folder], out_dir=tmp_path / "out", settings=settings, snapshot=bundled_snapshot, article_outputs=False
    )
    assert result.n_requests == 0
    assert not (tmp_path / "out" / "articles").exists(), "no article folders asked for"
    assert (tmp_path / "out" / "figures" / "most-cited-works.png").exists()
    audit = _tables(tmp_path / "out")["audit"]
    bundled = audit[audit["article_id"].str.startswith("empathy-in-therapy")]
    assert set(bundled["status"]) >= {"verified", "discrepant", "not_found"}
    others = audit[~audit["article_id"].str.startswith("empathy-in-therapy")]
    # The note's Lamm and Singer entries are answered by the bundled article's saved search.
    assert (others["status"] == "unchecked").mean() > 0.5
    assert result.failed and result.failed[0][0].endswith("empty.txt")


def test_find_articles_says_what_is_wrong(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b.PDF").write_bytes(b"%PDF-1.4")
    (tmp_path / "README.md").write_text("# About this folder")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.txt").write_text("x")
    found = find_articles([tmp_path, tmp_path / "a.txt", "https://example.org/post"])
    assert [Path(i.source).name for i in found[:2]] == ["a.txt", "b.PDF"] and len(found) == 3
    assert found[2].is_url and len({i.article_id for i in found}) == 3
    with pytest.raises(CorpusError, match="no such file"):
        find_articles([tmp_path / "missing"])
    with pytest.raises(CorpusError, match="no articles"):
        find_articles([])


def test_plan_lookups_asks_one_lookup_per_work():
    entries = [
        "Decety, J., & Meyer, M. (2008). From emotion resonance to empathic understanding: A social developmental "
        "neuroscience account. Development and Psychopathology, 20(4), 1053–1080.",
        "Decety J, Meyer M. From emotion resonance to empathic understanding: a social developmental neuroscience "
        "account. Dev Psychopathol. 2008;20(4):1053-80. doi:10.1017/S0954579408000503",
        "Rogers, C. R. (1957). The necessary and sufficient conditions of therapeutic personality change. "
        "Journal of Consulting Psychology, 21(2), 95–103.",
        "Rogers CR. The necessary and sufficient conditions of therapeutic personality change. J Consult Psychol. "
        "1957;21(2):95-103.",
    ]
    refs = compute_references(entries)
    refs = refs.assign(work_key=compute_work_keys(refs))
    assert refs["work_key"].nunique() == 2
    view, new = plan_lookups(refs, {})
    assert list(view["doi"].fillna("")) == [DECETY, DECETY, "", ""]
    assert list(view["borrowed_doi"]) == [True, False, False, False]
    assert view["raw"].iloc[3] == entries[2], "the second Rogers entry searches with the first one's text"
    assert set(new) == set(refs["work_key"])
    # Known keys (from earlier batches) are reused, not asked again.
    again, newer = plan_lookups(refs.iloc[[3]].reset_index(drop=True), new)
    assert again["raw"].iloc[0] == entries[2] and newer == {}


@pytest.mark.slow
def test_an_interrupted_run_keeps_its_stored_batches_and_continues(folder, services, tmp_path, monkeypatch):
    import litmap.verify.auditor
    from litmap.errors import RunInterrupted

    real = litmap.verify.auditor.fetch_records
    calls = []

    def interrupted_on_the_second_batch(lookups, **kwargs):
        calls.append(len(lookups))
        if len(calls) == 3:  # batch 1 took two rounds (Crossref, then Open Library); Ctrl-C in batch 2
            raise RunInterrupted(0, len(lookups))
        return real(lookups, **kwargs)

    monkeypatch.setattr(litmap.verify.auditor, "fetch_records", interrupted_on_the_second_batch)
    with pytest.raises(RunInterrupted):
        _corpus(folder, tmp_path / "out", batch_size=2)
    with read_corpus(tmp_path / "out") as store:
        assert store.query("SELECT count(*) AS n FROM articles")["n"].iloc[0] == 2, "the first batch is kept whole"
        stored = set(store.table("articles")["article_id"])
    monkeypatch.setattr(litmap.verify.auditor, "fetch_records", real)
    again = _corpus(folder, tmp_path / "out", batch_size=2)
    assert again.n_read == 3 and again.n_skipped == 2
    tables = _tables(tmp_path / "out")
    assert len(tables["articles"]) == 5 and stored < set(tables["articles"]["article_id"])
    assert not tables["references"].duplicated(["article_id", "ref_id"]).any()


@pytest.mark.slow
def test_word_stems_are_right_when_threads_stem_at_once():
    """Dask workers with several threads run articles' topic stages side by side."""
    import itertools
    import string
    from concurrent.futures import ThreadPoolExecutor

    import snowballstemmer

    from litmap.evidence.keyphrases import stem

    endings = ["ational", "ization", "fulness", "ousness", "iveness", "ements", "ingly", "ations"]
    words = ["".join(p) + e for p in itertools.product(string.ascii_lowercase, repeat=3) for e in endings][:24_000]
    chunks = [words[i::4] for i in range(4)]
    reference = snowballstemmer.stemmer("english")
    expected = [[reference.stemWord(w) for w in chunk] for chunk in chunks]
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda chunk: [stem(w) for w in chunk], chunks))
    assert got == expected


@pytest.mark.slow
def test_refresh_asks_each_work_once_across_batches_and_writes_the_snapshot(folder, services, tmp_path):
    _corpus(folder, tmp_path / "out")  # the cache now holds every answer; refresh must ask again
    asked = len(services.paths)
    snapshot = tmp_path / "fresh.json"
    settings = Settings.from_env(refresh=True, progress=False)
    run_corpus([folder], out_dir=tmp_path / "again", settings=settings, snapshot=snapshot, batch_size=1, figures=False)
    again = services.paths[asked:]
    assert len(again) == len(set(again)), "each look-up once across the batches"
    assert set(again) >= set(services.paths[:asked]) - {p for p in services.paths[:asked] if "Decety" in p}
    saved = json.loads(snapshot.read_text())["records"]
    assert len(saved) == len(again) and any(r["key"] == DECETY for r in saved)
