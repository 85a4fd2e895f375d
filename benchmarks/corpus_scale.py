"""Corpus mode at scale: `litmap corpus` on 1,000 generated articles against a local Crossref.

Not a test. The corpus is generated from the real articles in ../shared/corpus (22, as plain
text) and the bundled article: article i is template i mod 23 with its reference list resampled —
each entry is, with probability --shared, replaced by an entry of the pooled reference lists drawn
with Zipf weights (a few works cited by hundreds of articles, a long tail cited by few), with
probability --unique made a work of this article only (its year changed, its DOI dropped), and
otherwise kept (shared by the copies of its template). Numbered citations still point at their
slots; author-year citations of replaced entries stay unresolved (as they would in a mismatched
article). Nothing generated is kept: it lives in a temporary folder.

The local server (ThreadingHTTPServer on 127.0.0.1, in this process) answers Crossref's
``/works/{doi}`` from the pooled entries' published fields, ``/works?query.bibliographic=`` with
that record when the query is a pooled entry with a DOI (else no match), and Open Library's
``/search.json`` with nothing; it advertises 1,000 requests a second, so the pipeline, not the
pacing, is measured (pacing has its own benchmark, crossref_throughput.py). Each run is
``litmap corpus --no-figures`` in a subprocess; peak memory is the largest sum of the RSS of that
process and its children (Dask workers), sampled every 0.2 s.

Run:  .venv/bin/python benchmarks/corpus_scale.py [--articles 1000] [--corpus ../shared/corpus]
Goals: 1,000 articles parsed and stored in under 5 minutes; look-ups = distinct works (cold) and
0 (warm); peak memory under 2 GB; adding 10 articles under 30 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import psutil

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "data" / "articles" / "empathy-in-therapy.txt"
LITMAP = Path(sys.executable).parent / "litmap"
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-2]\d)\b")
_DOI = re.compile(r"\s*(?:doi:\s*|https?://(?:dx\.)?doi\.org/)\S+", re.IGNORECASE)


# ---------------------------------------------------------------- the corpus


def load_templates(corpus: Path) -> tuple[list[dict], list[dict]]:
    """Templates (text and the entries found in it) and the pool of entries with their fields."""
    templates, pool = [], []
    for folder in sorted(p for p in corpus.iterdir() if (p / "truth.json").exists()):
        text = (folder / "article.txt").read_text(encoding="utf-8")
        truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        entries = [r for r in truth["references"] if r.get("printed") and r["printed"] in text]
        templates.append({"id": folder.name, "text": text, "entries": [r["printed"] for r in entries]})
        pool += entries
    bundled = BUNDLED.read_text(encoding="utf-8")
    templates.append({"id": "empathy-in-therapy", "text": bundled, "entries": []})  # kept whole: a blog's posts
    return templates, pool


def generate(templates, pool, n: int, out: Path, *, shared: float, unique: float, seed: int, start: int = 0):
    """Write n articles into ``out``; returns their paths."""
    rng = random.Random(seed + start)
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(pool))]
    order = list(range(len(pool)))
    random.Random(seed).shuffle(order)  # which works are the head: fixed for the corpus
    paths = []
    for i in range(start, start + n):
        template = templates[i % len(templates)]
        text = template["text"]
        for slot, entry in enumerate(template["entries"]):
            r = rng.random()
            if r < shared:
                new = pool[order[rng.choices(range(len(pool)), weights)[0]]]["printed"]
            elif r < shared + unique:
                year = 1950 + (i * 31 + slot * 7) % 74
                new = _DOI.sub("", _YEAR.sub(str(year), entry, count=1)) + f" Report {i}-{slot}."
            else:
                continue
            text = text.replace(entry, new, 1)
        path = out / f"article-{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


# ---------------------------------------------------------------- the local services


class Services(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, pool):
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.requests: Counter = Counter()
        self.by_doi = {e["doi"].lower(): e for e in pool if e.get("doi")}
        self.by_text = {e["printed"]: e for e in pool if e.get("doi")}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


def _record(entry: dict) -> dict:
    record = {"DOI": entry["doi"].lower(), "title": [entry["title"] or ""], "type": "journal-article"}
    record["author"] = [{k: v for k, v in a.items() if k in ("family", "given")} for a in entry["authors"]]
    if entry.get("year"):
        record["issued"] = {"date-parts": [[entry["year"]]]}
    for key, field in (("container-title", "container"), ("volume", "volume"), ("issue", "issue"), ("page", "pages")):
        if entry.get(field):
            record[key] = [entry[field]] if key == "container-title" else entry[field]
    return record


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        server: Services = self.server
        parts = urlsplit(self.path)
        with server.lock:
            server.requests[self.path] += 1
        if parts.path == "/search.json":
            return self._json({"numFound": 0, "docs": []})
        if parts.path == "/works":
            query = parse_qs(parts.query).get("query.bibliographic", [""])[0]
            entry = server.by_text.get(query)
            items = [_record(entry)] if entry else []
            return self._json({"status": "ok", "message-type": "work-list", "message": {"items": items}})
        entry = server.by_doi.get(parts.path.removeprefix("/works/").lower())
        if entry is None:
            return self._send(404, b"Resource not found.", "text/plain")
        return self._json({"status": "ok", "message-type": "work", "message": _record(entry)})

    def _json(self, body):
        self._send(200, json.dumps(body).encode(), "application/json")

    def _send(self, status, data, kind):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (
            ("x-rate-limit-limit", "1000"),
            ("x-rate-limit-interval", "1s"),
            ("x-concurrency-limit", "5"),
        ):
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


# ---------------------------------------------------------------- runs


def run(inputs, out: Path, cache: Path, services: Services, workers: int, *, article_outputs: bool = False) -> dict:
    """One `litmap corpus` run in a subprocess: wall time, peak memory of its process tree, requests."""
    env = {**os.environ, "LITMAP_CACHE_DIR": str(cache), "LITMAP_CROSSREF_URL": services.url}
    env.update(LITMAP_OPENLIBRARY_URL=services.url, LITMAP_MAILTO="bench@example.org", LITMAP_PROGRESS="0")
    command = [str(LITMAP), "corpus", *map(str, inputs), "--out", str(out), "--no-figures", "--workers", str(workers)]
    if not article_outputs:
        command.append("--no-article-outputs")
    before = sum(services.requests.values())
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    watched = psutil.Process(process.pid)
    while process.poll() is None:
        try:
            tree = [watched, *watched.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.2)
    stdout, stderr = process.communicate()
    elapsed = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (used.ru_utime + used.ru_stime)
    if process.returncode:
        raise SystemExit(f"litmap corpus failed ({process.returncode}):\n{stderr[-3000:]}")
    print(stdout.strip())
    load = os.getloadavg()[0]
    requests = sum(services.requests.values()) - before
    return {"seconds": elapsed, "cpu": cpu, "peak_bytes": peak, "requests": requests, "load": load}


def query_times(out: Path) -> dict[str, float]:
    """Milliseconds each of notebook 5's questions takes on the store (best of 3)."""
    from litmap.corpus.store import read_corpus

    questions = {
        "works cited by >= 3 articles": "SELECT * FROM works WHERE n_articles >= 3 ORDER BY n_articles DESC",
        "retracted / not found works and who cites them": """
            SELECT w.status, r.raw, a.title FROM works w JOIN "references" r USING (work_id)
            JOIN articles a USING (article_id) WHERE w.status IN ('retracted', 'not_found')""",
        "claims of different articles citing one work": """
            WITH cited AS (SELECT c.article_id, c.claim_id, r.work_id FROM citations c
                           JOIN "references" r USING (article_id, ref_id))
            SELECT a.work_id, count(*) AS pairs FROM cited a JOIN cited b
              ON a.work_id = b.work_id AND a.article_id < b.article_id GROUP BY a.work_id""",
        "themes across articles": """
            SELECT theme, count(DISTINCT article_id) AS n FROM claim_topics GROUP BY theme ORDER BY n DESC""",
    }
    times = {}
    with read_corpus(out) as store:
        for name, sql in questions.items():
            best = float("inf")
            for _ in range(3):
                start = time.perf_counter()
                store.query(sql)
                best = min(best, time.perf_counter() - start)
            times[name] = best * 1000
        counts = store.query(
            "SELECT (SELECT count(*) FROM articles WHERE status = 'ok') AS articles, (SELECT count(*) FROM \"references\") AS refs, "
            "(SELECT count(*) FROM works) AS works, (SELECT count(*) FROM claims) AS claims, (SELECT count(*) FROM articles WHERE status = 'failed') AS failed"
        ).iloc[0]
    return times, {k: int(v) for k, v in counts.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--add", type=int, default=10)
    parser.add_argument("--shared", type=float, default=0.35)
    parser.add_argument("--unique", type=float, default=0.4)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--article-outputs", action="store_true", help="also write every article's folder")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"the real-article corpus is missing: {args.corpus} (pass --corpus DIR); nothing measured")

    templates, pool = load_templates(args.corpus)
    tmp = Path(tempfile.mkdtemp(prefix="litmap-corpus-scale-"))
    folder = tmp / "articles"
    folder.mkdir()
    generate(templates, pool, args.articles, folder, shared=args.shared, unique=args.unique, seed=args.seed)
    print(f"{args.articles} articles from {len(templates)} templates and a pool of {len(pool)} entries in {folder}")
    services = Services(pool)
    threading.Thread(target=services.serve_forever, daemon=True).start()

    rows, outputs = {}, args.article_outputs
    print("with every article's folder" if outputs else "store only (--no-article-outputs)")
    for workers in args.workers:
        out, cache = tmp / f"out-{workers}", tmp / f"cache-{workers}"
        rows[f"cold, {workers} worker(s)"] = run([folder], out, cache, services, workers, article_outputs=outputs)
    last = args.workers[-1]
    warm_out = tmp / "out-warm"
    rows[f"warm cache, new store, {last} worker(s)"] = run(
        [folder], warm_out, tmp / f"cache-{last}", services, last, article_outputs=outputs
    )
    extra = tmp / "added"
    extra.mkdir()
    generate(
        templates, pool, args.add, extra, shared=args.shared, unique=args.unique, seed=args.seed, start=args.articles
    )
    rows[f"add {args.add} articles, {last} worker(s)"] = run(
        [folder, extra], tmp / f"out-{last}", tmp / f"cache-{last}", services, last, article_outputs=outputs
    )
    times, counts = query_times(tmp / f"out-{last}")

    print(f"\nstore: {counts}")
    print("\n| run | wall time | CPU time (all processes) | peak memory | requests sent | load average at the end |")
    print("|---|---|---|---|---|---|")
    for name, row in rows.items():
        print(
            f"| {name} | {row['seconds']:.1f} s | {row['cpu']:.0f} s | {row['peak_bytes'] / 1e9:.2f} GB "
            f"| {row['requests']} | {row['load']:.1f} |"
        )
    print("\n| notebook 5's question (DuckDB) | time |\n|---|---|")
    for name, ms in times.items():
        print(f"| {name} | {ms:.1f} ms |")
    print(f"\n(generated files and stores in {tmp}; delete when done)")


if __name__ == "__main__":
    main()
