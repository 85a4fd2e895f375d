"""Throughput of fetch_records (CrossrefClient) against a local server that enforces Crossref-like limits.

Not a test. The server (http.server.ThreadingHTTPServer on 127.0.0.1) allows 10 requests per
second (sliding 1 s window) and 3 at once, answers after 50-150 ms, advertises its limits in the
``x-rate-limit-*`` / ``x-concurrency-limit`` headers and returns 429 when a request is over.
It runs N look-ups cold, then the same N again from the on-disk cache with a new client.

Run:  .venv/bin/python benchmarks/crossref_throughput.py [--n 1000]
Goals: achieved rate >= 95 % of the allowed rate, zero 429s, cache speed-up >= 100x.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import tempfile
import threading
import time
import urllib.request
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

from litmap import Settings, fetch_records
from litmap.verify import CrossrefClient

LIMIT, INTERVAL, CONCURRENCY = 10, 1.0, 3
LATENCY = (0.05, 0.15)


class LimitedServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.recent: deque[float] = deque()  # start times of accepted requests in the window
        self.in_flight = 0
        self.served = 0
        self.rejected = {"rate": 0, "concurrency": 0}
        self.max_in_flight = 0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        server: LimitedServer = self.server
        if self.path == "/stats":  # read by the benchmark at the end; not a look-up
            stats = {"rejected": server.rejected, "max_in_flight": server.max_in_flight, "served": server.served}
            self._send(200, json.dumps(stats).encode(), "application/json")
            return
        now = time.monotonic()
        with server.lock:
            while server.recent and now - server.recent[0] >= INTERVAL:
                server.recent.popleft()
            over = len(server.recent) >= LIMIT or server.in_flight >= CONCURRENCY
            if over:
                reason = "rate" if len(server.recent) >= LIMIT else "concurrency"
                server.rejected[reason] += 1
            else:
                server.recent.append(now)
                server.in_flight += 1
                server.max_in_flight = max(server.max_in_flight, server.in_flight)
        if over:
            self._send(429, b"<html><body>429 Too Many Requests</body></html>", "text/html")
            return
        try:
            time.sleep(random.uniform(*LATENCY))
            doi = unquote(urlsplit(self.path).path[len("/works/") :])
            body = {
                "status": "ok",
                "message-type": "work",
                "message": {"DOI": doi, "title": [f"Work {doi}"], "issued": {"date-parts": [[2003]]}},
            }
        finally:
            # The request stops counting once its reply is on its way, as at a real front end.
            with server.lock:
                server.in_flight -= 1
                server.served += 1
        self._send(200, json.dumps(body).encode(), "application/json")

    def _send(self, status: int, body: bytes, content_type: str):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-rate-limit-limit", str(LIMIT))
        self.send_header("x-rate-limit-interval", f"{INTERVAL:g}s")
        self.send_header("x-concurrency-limit", str(CONCURRENCY))
        self.end_headers()
        self.wfile.write(body)


def serve(ports) -> None:
    server = LimitedServer()
    ports.put(server.server_address[1])
    server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="number of look-ups (default 1000)")
    args = parser.parse_args()
    # The server runs in its own process, as a real one would, so the client's work does not
    # delay the server's clock through the GIL.
    ports = multiprocessing.Queue()
    process = multiprocessing.Process(target=serve, args=(ports,), daemon=True)
    process.start()
    base_url = f"http://127.0.0.1:{ports.get(timeout=30)}"
    dois = [f"10.5555/bench.{i:05d}" for i in range(args.n)]

    lookups = [("crossref", "work", doi) for doi in dois]
    with tempfile.TemporaryDirectory() as cache_dir:
        settings = Settings(mailto="bench@example.org", crossref_url=base_url, cache_dir=cache_dir, progress=False)
        with CrossrefClient(settings) as crossref:
            start = time.perf_counter()
            cold = fetch_records(lookups, settings=settings, clients={"crossref": crossref})
            cold_s = time.perf_counter() - start
            stats = dict(crossref.web.stats)
        with CrossrefClient(settings) as crossref:  # a new run, same cache
            start = time.perf_counter()
            warm = fetch_records(lookups, settings=settings, clients={"crossref": crossref})
            warm_s = time.perf_counter() - start
            warm_stats = dict(crossref.web.stats)
    with urllib.request.urlopen(base_url + "/stats") as reply:
        server = json.load(reply)
    process.terminate()

    allowed = LIMIT / INTERVAL
    achieved = args.n / cold_s
    print(
        f"look-ups: {args.n}; server: {LIMIT}/{INTERVAL:g}s, {CONCURRENCY} concurrent, "
        f"{LATENCY[0] * 1000:.0f}-{LATENCY[1] * 1000:.0f} ms latency"
    )
    print(
        f"cold: {cold_s:.1f} s, {achieved:.2f} req/s = {achieved / allowed:.1%} of allowed; "
        f"answers {(cold['status'] == 'ok').sum()}, failed {(cold['status'] == 'failed').sum()}; "
        f"HTTP attempts {stats['requests']}, "
        f"429s seen by client {stats['throttled']}, rejected by server {server['rejected']}, "
        f"max in flight {server['max_in_flight']}"
    )
    print(
        f"warm: {warm_s:.2f} s ({args.n / warm_s:.0f} look-ups/s), answers {(warm['status'] == 'ok').sum()}, "
        f"from cache {(warm['via'] == 'cache').sum()}, network attempts {warm_stats.get('requests', 0)}; "
        f"speed-up {cold_s / warm_s:.0f}x"
    )


if __name__ == "__main__":
    main()
