"""Hostile and careless input, fourth red-team round: cases not in the earlier rounds' files.

Each case is built here (never a large file on disk) and checked for what it must not do: a
traceback or "a bug", a hang, a silent loss, or work done before a bad option is refused.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from litmap.cli import main
from litmap.errors import TaxonomyError
from litmap.evidence.taxonomy import read_taxonomy
from litmap.read.article import compute_article, compute_article_from_bytes

REPO = Path(__file__).resolve().parents[1]
ARTICLE = REPO / "data" / "articles" / "empathy-in-therapy.txt"
POSIX_NAMES = pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names of any bytes are Linux's")


def _one_line_error(result) -> str:
    assert "Traceback" not in result.output, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("litmap: error:")]
    assert len(errors) == 1, result.output
    return errors[0]


# ------------------------------------------------------------------------------------------------
# A topics file: YAML's aliases, and a bad file refused before the work


def _alias_bomb(levels: int = 9) -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\ntopics:\n- key: trust\n  label: Trust\n  description: d\n  terms: [trust]\n"


def test_a_yaml_alias_bomb_in_a_topics_file_is_refused_at_once(tmp_path):
    path = tmp_path / "topics.yaml"
    path.write_text(_alias_bomb(), encoding="utf-8")  # 600 bytes, 387 million strings once expanded
    start = time.process_time()
    with pytest.raises(TaxonomyError, match=r"aliases \(\*name\) expand to [\d,]+ values; litmap reads at most"):
        read_taxonomy(path)
    assert (
        time.process_time() - start < 2
    )  # was: still running when stopped at 60 s (every alias walked each time it is used)


def test_shared_lists_in_a_taxonomy_dict_count_each_time_they_are_used():
    terms = ["trust"] * 1000
    nested = [[terms] * 1000] * 10  # 10 million strings, built in no time: a dict from Python can alias too
    topic = {"key": "trust", "label": "Trust", "description": "d", "terms": ["trust"], "extra": nested}
    with pytest.raises(TaxonomyError, match="expand to"):
        read_taxonomy({"topics": [topic]})
    shared = ["trust", "safety"]  # a list used twice is fine: only the expanded size is bounded
    small = [{"key": k, "label": k, "description": "d", "terms": shared} for k in ("a", "b")]
    assert read_taxonomy({"topics": small}).keys == ["a", "b"]


def test_a_taxonomy_that_holds_itself_is_one_error():
    import yaml

    with pytest.raises(TaxonomyError, match="nested too deeply"):
        read_taxonomy(yaml.safe_load("a: &a [*a]\ntopics: *a\n"))


def test_a_bad_topics_file_is_refused_before_the_article_is_read_or_anything_written(tmp_path):
    topics = tmp_path / "topics.yaml"
    topics.write_text("topics: []\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["run", str(ARTICLE), "--offline", "--no-figures", "--topics", str(topics), "--out", str(out)]
    result = CliRunner().invoke(main, args)
    assert "'topics' must be a non-empty list" in _one_line_error(result)
    # was: the article read, eight tables written and every reference looked up, then the refusal
    assert not out.exists()


# ------------------------------------------------------------------------------------------------
# Invisible characters: bidirectional marks, zero-width spaces, a byte-order mark inside the text


def test_bidi_marks_and_zero_width_spaces_hide_no_citation_and_spoil_no_doi():
    text = ARTICLE.read_text(encoding="utf-8")
    text = text.replace("Cozolino (2007)", "Cozolino\u202e (2007)\u202c").replace(
        "(Wonder, 2017)", "(Won\u200bder, 2017)"
    )
    text = text.replace("Compassion Publishing.", "Compassion Publishing. https://doi.org/10.1037/\u200bpst0000175")
    text = text.replace("References:", "\ufeffReferences:")
    article = compute_article(text, source="a.txt")
    body = repr(article.sections)
    # was: "Cozolino\u202e (2007)" was no citation (nowhere, not even unresolved) and the DOI kept the space
    assert "Cozolino (2007)" in body and "Wonder, 2017" in body
    assert any("10.1037/pst0000175" in line for _, line in article.reference_entries())
    assert not any("no reference-list heading" in note for note in article.notes)  # the BOM hid the heading


def test_a_citation_wrapped_in_bidi_marks_is_linked(tmp_path):
    from litmap.pipeline import load_article

    path = tmp_path / "a.txt"
    path.write_text(ARTICLE.read_text(encoding="utf-8").replace("Cozolino (2007)", "\u2067Cozolino\u2069 (\u200e2007)"))
    tables = load_article(path)
    linked = tables.citations.merge(tables.references, on="ref_id")
    assert linked["raw"].str.startswith("Cozolino").any()
    assert tables.unresolved.empty


# ------------------------------------------------------------------------------------------------
# A file name that is not UTF-8


@POSIX_NAMES
def test_an_article_whose_name_is_not_utf8_is_read_and_written(tmp_path):
    folder = os.fsencode(tmp_path)
    name = os.path.join(folder, b"caf\xe9.txt")  # Latin-1 bytes: Python keeps them as a lone surrogate
    with open(name, "wb") as handle:
        handle.write(ARTICLE.read_bytes())
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", os.fsdecode(name), "--offline", "--no-figures", "--out", str(out)])
    # was: "litmap failed (UnicodeEncodeError: … surrogates not allowed); this is a bug"
    assert result.exit_code == 0, result.output
    assert "caf\ufffd.txt" in (out / "article.json").read_text(encoding="utf-8")


@POSIX_NAMES
def test_a_corpus_file_whose_name_is_not_utf8_is_stored(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as handle:
        handle.write(ARTICLE.read_bytes())
    with open(os.path.join(os.fsencode(folder), b"vide\xe9.txt"), "wb"):
        pass
    args = ["corpus", str(folder), "--offline", "--no-figures", "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(main, args)
    # was: "litmap failed (TransactionException: … Current transaction is aborted); this is a bug"
    assert result.exit_code == 0, result.output
    assert "1 article stored, 1 failed" in result.output and "vide\ufffd.txt: the file is empty" in result.output


# ------------------------------------------------------------------------------------------------
# SIGTERM


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_sigterm_stops_a_run_in_one_line_as_ctrl_c_does(tmp_path):
    script = Path(sys.executable).with_name("litmap")
    if not script.exists():
        pytest.skip("the litmap command is not installed in this environment")
    pipe = tmp_path / "article.txt"
    os.mkfifo(pipe)
    writer = os.open(pipe, os.O_RDWR)  # sends a little, then nothing: litmap waits on it
    os.write(writer, b"Title\n\n")
    try:
        process = subprocess.Popen(
            [str(script), "run", str(pipe), "--offline", "--out", str(tmp_path / "out")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(3)  # imported, waiting on the pipe (or still importing: the same line either way)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    finally:
        os.close(writer)
    # was: status -15 and nothing said (Python's default ends the process where it stands)
    assert process.returncode == 130, err
    assert "Traceback" not in err and err.strip().splitlines()[-1] == "litmap: interrupted"


# ------------------------------------------------------------------------------------------------
# HTML: lists and unknown elements nested past the parser's depth


def _page(nest: str) -> bytes:
    text, references = ARTICLE.read_text(encoding="utf-8").split("References:", 1)
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n")[2:] if p.strip())
    entries = "".join(f"<p>{p}</p>" for p in references.split("\n\n") if p.strip())
    return f"<html><body><h1>Empathy</h1>{paragraphs}{nest}deep<h2>References</h2>{entries}</body></html>".encode()


@pytest.mark.parametrize("nest", ["<ul><li>" * 200, "<ul><li>" * 3000, "<li>", "<dd>", "<svg>" + "<g>" * 5000])
def test_references_below_deeply_nested_lists_or_unknown_elements_are_read(nest):
    article = compute_article_from_bytes(_page(nest), source="deep.html")
    # was: "no reference section found": the heading read as plain text of the deepest item, or cut
    assert len(article.reference_entries()) == 11


# ------------------------------------------------------------------------------------------------
# A service that answers with nothing in its record, or throttles every reply


DOI = "10.1037/pst0000175"


def _client(httpserver, tmp_path):
    from litmap.settings import Settings
    from litmap.verify.crossref import CrossrefClient

    url = httpserver.url_for("").rstrip("/")
    settings = Settings(crossref_url=url, cache_dir=tmp_path / "cache", mailto="t@example.org", retries=0, backoff=0.0)
    return CrossrefClient(settings)


@pytest.mark.parametrize("message", [{}, {"DOI": None, "title": None, "author": None, "issued": None}])
def test_an_empty_crossref_record_fails_the_look_up_and_is_not_cached(httpserver, tmp_path, message):
    httpserver.expect_request(f"/works/{DOI}").respond_with_json({"status": "ok", "message": message})
    with _client(httpserver, tmp_path) as client:
        record = client.fetch("work", DOI)
        # was: an "ok" record with nothing in it, and the cited DOI "verified" (nothing could disagree)
        assert record["status"] == "failed" and "neither a DOI nor a title" in record["error"]
        assert client.web.cache.get("crossref", "work", DOI) is None


def test_a_crossref_record_whose_doi_is_null_keeps_the_cited_doi():
    import pandas as pd

    from litmap.schemas import REFERENCES
    from litmap.verify.audit import compute_audit
    from litmap.verify.records import make_record

    reference = {"ref_id": "R01", "raw": "Coke, L. (2019). Empathy and healing. Compassion Publishing.", "doi": DOI}
    reference |= {"title": "Empathy and healing", "year": 2019, "authors": [{"family": "Coke", "given": "L."}]}
    body = {
        "message": {
            "DOI": None,
            "title": ["A guide to compassion at work"],
            "author": [{"family": "Coke", "given": "L."}],
        }
    }
    records = pd.DataFrame([make_record("crossref", "work", DOI, "ok", body=body)])
    audit = compute_audit(REFERENCES.from_records([reference]), records).audit
    # was: the audit's DOI "none" (str(None)), which Europe PMC and OpenAlex were then asked about
    assert audit.loc[0, "doi"] == DOI


def test_a_service_that_throttles_every_reply_warns_once_a_lane(caplog):
    import logging

    from litmap.verify.pacing import Pacer

    pacer = Pacer({"single": 5.0, "list": 1.0})
    with caplog.at_level(logging.INFO, logger="litmap.verify.pacing"):
        for _ in range(10):
            pacer.update("single", {}, throttled=True)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    # was: a warning line for every 429 (16 in a run of 11 references against a server that always throttles)
    assert len(warnings) == 1 and "throttled" in warnings[0].getMessage()
    assert sum("throttled" in r.getMessage() for r in caplog.records) == 10  # the rest at INFO (-v)


def test_the_notebooks_command_refuses_a_bad_topics_file_before_any_kernel_starts(tmp_path):
    topics = tmp_path / "topics.yaml"
    topics.write_text(_alias_bomb(), encoding="utf-8")
    out = tmp_path / "out"
    args = ["notebooks", "--article", str(ARTICLE), "--offline", "--topics", str(topics), "--out", str(out)]
    start = time.monotonic()
    result = CliRunner().invoke(main, args)
    assert "aliases (*name) expand to" in _one_line_error(result)
    # was: the notebooks before the one that reads the topics executed first, then a cell failed
    assert not out.exists() and time.monotonic() - start < 30


def test_years_with_letters_in_one_bracket_are_read_in_linear_time():
    from litmap.parse.citations import find_citations

    def cited(n: int) -> float:
        sentence = (
            "Trust grows (Wonder, 2017" + "".join(f", {1990 + i % 30}{'abcdefgh'[i % 8]}" for i in range(n)) + ")."
        )
        start = time.process_time()
        found = find_citations(sentence)
        assert len(found) == n + 1
        return time.process_time() - start

    cited(200)
    # was quadratic: each year's letters searched for to the end of the bracket (8,000 years: 2.5 s)
    assert cited(16_000) < 2.0


# ------------------------------------------------------------------------------------------------
# --out: a symbolic link where litmap writes


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
@pytest.mark.parametrize("name", ["reading-list.md", "references.csv", "figures/evidence-map.png", "by-topic"])
def test_a_symbolic_link_in_out_is_never_written_through(tmp_path, name):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    out = tmp_path / "out"
    (out / name).parent.mkdir(parents=True, exist_ok=True)
    (out / name).symlink_to(victim)
    result = CliRunner().invoke(main, ["run", str(ARTICLE), "--offline", "--no-figures", "--out", str(out)])
    # was: the reading list (or the table) written over the file the link leads to, outside --out
    assert "is a symbolic link (to " in _one_line_error(result) and "outside --out" in result.output
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert not (out / "claims.csv").exists()  # refused before any work


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
@pytest.mark.parametrize("name", ["parquet", "corpus.duckdb", "works.csv"])
def test_a_symbolic_link_in_a_corpus_folder_is_never_written_through(tmp_path, name):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere if name == "parquet" else elsewhere / "victim"
    out = tmp_path / "out"
    out.mkdir()
    (out / name).symlink_to(target)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes(ARTICLE.read_bytes())
    args = ["corpus", str(tmp_path / "in"), "--offline", "--no-figures", "--out", str(out)]
    result = CliRunner().invoke(main, args)
    # was: the parquet tables, the database or works.csv written where the link leads
    assert "is a symbolic link (to " in _one_line_error(result)
    assert list(elsewhere.iterdir()) == []


def test_a_pdf_given_as_the_reference_list_is_named_not_read_as_text(tmp_path):
    from pdf_fixtures import Text, write_pdf

    pdf = tmp_path / "refs.pdf"
    pdf.write_bytes(
        write_pdf([[Text(60, 60 + 14 * i, line) for i, line in enumerate(["References", "Lee, A. (2001). Trust."])]])
    )
    args = ["run", str(ARTICLE), "--references", str(pdf), "--offline", "--no-figures", "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(main, args)
    # was: its bytes read as Windows-1252, "references" made of compressed streams and looked up online
    assert "is a PDF: --references reads a text file" in _one_line_error(result)


def test_a_log_record_reads_as_the_command_s_other_lines_and_keeps_its_traceback_for_debug():
    import logging

    from litmap.cli.reporting import LogLines

    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = logging.getLogger("litmap.corpus.tasks").makeRecord(
            "litmap.corpus.tasks", logging.ERROR, __file__, 1, "reading %s failed", ("a.txt",), sys.exc_info()
        )
    # was: "ERROR litmap.corpus.tasks: reading a.txt failed" and the whole traceback, without --debug
    assert LogLines().format(record) == "litmap: error: reading a.txt failed (run with --debug for the traceback)"
    assert "Traceback" in LogLines(debug=True).format(record)
    assert LogLines(verbose=True).format(record).startswith("litmap: error litmap.corpus.tasks: reading a.txt")


# ------------------------------------------------------------------------------------------------
# Said, not passed over: a snapshot of another format or of unknown services; thousands of failures


def test_a_snapshot_of_another_format_or_of_unknown_services_is_said(tmp_path):
    import json

    from litmap.verify.snapshot import read_snapshot

    record = {"service": "scopus", "kind": "work", "key": "10.1/x", "status": "not_found"}
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"format": "litmap records 9", "records": [record, record]}), encoding="utf-8")
    with pytest.warns(UserWarning) as said:
        snapshot = read_snapshot(path)
    # was: read without a word, and every reference then "unchecked" with no hint why
    messages = [str(w.message) for w in said]
    assert any("format 'litmap records 9'" in m for m in messages)
    assert any("2 records of services litmap does not ask (scopus) are passed over" in m for m in messages)
    assert len(snapshot) == 2


def test_a_corpus_summary_names_twenty_failures_and_counts_the_rest(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(25):
        (folder / f"empty{i:02d}.txt").write_text("", encoding="utf-8")
    (folder / "a.txt").write_bytes(ARTICLE.read_bytes())
    args = ["corpus", str(folder), "--offline", "--no-figures", "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    # was: one line per failed article (5,000 empty files: 5,000 lines)
    assert result.output.count("  failed: ") == 20
    assert "and 5 more failed: the error column of the articles table" in result.output


# ------------------------------------------------------------------------------------------------
# Thousands of reference headings


def test_thousands_of_reference_headings_are_read_in_linear_time(tmp_path):
    from litmap.pipeline import load_article

    def load(n: int) -> float:
        path = tmp_path / f"h{n}.txt"
        text = ARTICLE.read_text(encoding="utf-8")
        path.write_text(
            text.replace("Establishing Trust and Safety", "\n\n".join(["References"] * n)), encoding="utf-8"
        )
        start = time.process_time()
        assert len(load_article(path).references) == 11
        return time.process_time() - start

    load(10)
    # was quadratic: each heading's region ran over all the headings after it (5,000: 74 s CPU for 66 kB)
    assert load(5_000) < 5


def _old_find_reference_region(blocks):
    """find_reference_region as it was before it was made linear: the reference for its results."""
    from litmap.read.reference_block import looks_like_entry, reference_heading_kind
    from litmap.read.reference_region import SET_APART, _entry_block, _trailing_entries

    def region_end(i):
        level = blocks[i].level
        for j in range(i + 1, len(blocks)):
            block = blocks[j]
            if block.kind != "heading" or reference_heading_kind(block.text):
                continue
            if level and block.level and block.level > level:
                continue
            if not block.level and looks_like_entry(block.text):
                continue
            return j
        return len(blocks)

    accepted = []
    for i, block in enumerate(blocks):
        kind = reference_heading_kind(block.text) if block.kind == "heading" else None
        if kind is None:
            continue
        end = region_end(i)
        region = [b for b in blocks[i + 1 : end] if b.kind != "heading" or looks_like_entry(b.text)]
        entries = sum(_entry_block(b) for b in region)
        if entries and (kind == "primary" or entries >= 0.5 * len(region)):
            accepted.append((i, end))
    if accepted:
        i, end = accepted[-1]
        for j, other_end in accepted:
            if other_end == end:
                # (since h-pdf's fourth round: an earlier heading counts only when what stands under it, before
                # the next reference heading, is entries: "Notes" of remarks over "References")
                after = [
                    k
                    for k in range(j + 1, end)
                    if blocks[k].kind == "heading" and reference_heading_kind(blocks[k].text)
                ]
                own = [b for b in blocks[j + 1 : after[0] if after else end] if b.kind != "heading"]
                if sum(_entry_block(b) for b in own) >= 0.5 * len(own):
                    i = j
                    break
        return i + 1, end, True
    kept = [i for i, block in enumerate(blocks) if block.kind not in SET_APART]
    found = _trailing_entries([blocks[i] for i in kept], _entry_block)
    if found is None:
        return None, 0, False
    start, end = found
    return kept[start], kept[end - 1] + 1, False


TEXTS = [
    "References",
    "Notes",
    "Bibliography",
    "Further reading",
    "Methods",
    "Smith, J. (2001). Empathy in care. Journal of Care, 3(2), 10-20.",
    "Lee A 2002 Trust",
    "Empathy builds trust between a therapist and a client over many sessions of careful listening.",
    "Share this",
]


@pytest.mark.parametrize("seed", range(40))
def test_the_linear_reference_region_finds_what_the_old_one_found(seed):
    import random

    from litmap.read.blocks import Block
    from litmap.read.reference_region import find_reference_region

    rng = random.Random(seed)
    blocks = [
        Block(
            rng.choice(["heading", "heading", "paragraph", "item", "caption"]),
            rng.choice(TEXTS),
            k,
            rng.choice([0, 1, 2, 3]),
        )
        for k in range(rng.randint(1, 60))
    ]
    assert find_reference_region(blocks) == _old_find_reference_region(blocks)


# ------------------------------------------------------------------------------------------------
# A host name no resolver takes (a label over 63 characters), given or redirected to


LONG_HOST = "http://" + "a" * 300 + ".com/x"


def test_an_article_address_whose_host_name_cannot_be_looked_up_is_one_line():
    from litmap.errors import ArticleError
    from litmap.read.documents import fetch_document
    from litmap.settings import Settings

    # no request leaves the machine: the name is refused while it is encoded, before any look-up
    with pytest.raises(ArticleError, match="its host name cannot be looked up"):
        fetch_document(LONG_HOST, settings=Settings(retries=0, backoff=0.0))  # was: LocationParseError, "a bug"


@pytest.fixture
def redirecting_server():
    """A server on 127.0.0.1 that answers every request with a redirect to :data:`LONG_HOST` (werkzeug, and
    so pytest-httpserver, cannot send such a Location)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Redirect(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(302)
            self.send_header("Location", LONG_HOST)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_service_redirecting_to_a_host_name_that_cannot_be_looked_up_fails_the_look_up(redirecting_server, tmp_path):
    from litmap.settings import Settings
    from litmap.verify.crossref import CrossrefClient

    settings = Settings(
        crossref_url=redirecting_server, cache_dir=tmp_path / "cache", mailto="t@example.org", retries=0, backoff=0.0
    )
    with CrossrefClient(settings) as client:
        record = client.fetch("work", DOI)
    # was: LocationParseError out of the look-up, and the whole run ended in "a bug"
    assert record["status"] == "failed" and "host name that cannot be looked up" in record["error"]


@pytest.mark.parametrize("argument", ["source", "out_dir"])
def test_a_path_with_a_nul_character_is_refused_before_any_work(tmp_path, argument):
    import litmap
    from litmap.errors import ArgumentError
    from litmap.settings import Settings

    given = {"source": str(ARTICLE), "out_dir": str(tmp_path / "out")} | {argument: str(tmp_path / "a\x00b")}
    with pytest.raises(ArgumentError, match="without a NUL character"):  # was: a bare ValueError (out_dir)
        litmap.run(given["source"], out_dir=given["out_dir"], settings=Settings(offline=True), figures=False)
    assert not (tmp_path / "out").exists()
