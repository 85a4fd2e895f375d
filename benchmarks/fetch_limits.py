"""The behaviours issue #12 measured, measured again: memory and time bounds, Ctrl-C, the circuit breaker.

Not a test. A local server in its own process (http.server on 127.0.0.1) serves:

- ``/endless``: an HTML page that never ends (64 kB chunks, no Content-Length);
- ``/trickle``: a page that sends one byte a second;
- ``/slow/works/{doi}``: Crossref-shaped records after 0.5 s (3 at a time, 10 per second advertised);
- ``/fail/works/{doi}``: HTTP 500 to everything.

Each case runs ``litmap`` as a user would — ``fetch_document`` or ``litmap run`` in a subprocess, with
the default settings unless said — and reports peak memory (the child's max RSS), time, and the
requests the server saw.

Run:  .venv/bin/python benchmarks/fetch_limits.py [--dois 100]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        counts = self.server.counts
        if self.path == "/stats":
            self._send(200, json.dumps(dict(counts)).encode(), "application/json")
            return
        kind = self.path.split("/")[1]
        counts[kind] = counts.get(kind, 0) + 1
        if kind == "endless":
            self._stream(b"<p>" + b"x" * 65_533, pause=0)
        elif kind == "trickle":
            self._stream(b"x", pause=1.0)
        elif kind == "fail":
            self._send(500, b"Internal Server Error", "text/plain")
        else:
            time.sleep(0.5)
            doi = unquote(self.path.split("/works/", 1)[1].split("?")[0])
            i = doi.rsplit(".", 1)[1]
            message = {
                "DOI": doi,
                "title": [f"Title number {i} of a made-up work"],
                "author": [{"family": f"Author{i}", "given": "A."}],
                "issued": {"date-parts": [[2001]]},
            }
            body = json.dumps({"status": "ok", "message-type": "work", "message": message}).encode()
            self._send(200, body, "application/json", {"x-rate-limit-limit": "10", "x-concurrency-limit": "3"})

    def _stream(self, chunk: bytes, pause: float):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            while True:
                self.wfile.write(chunk)
                self.wfile.flush()
                time.sleep(pause)
        except OSError:  # the client hung up: that is the point
            return

    def _send(self, status: int, body: bytes, content_type: str, headers: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # clients hanging up mid-reply is what is measured
        pass


def serve(ports) -> None:
    server = QuietServer(("127.0.0.1", 0), Handler)
    server.counts = {}  # the handler threads share it; the benchmark reads it through /stats
    ports.put(server.server_address[1])
    server.serve_forever()


def stats(base: str) -> dict:
    with urllib.request.urlopen(base + "/stats") as reply:
        return json.load(reply)


def child(code: str, env: dict) -> tuple[float, float, str]:
    """Run Python code in a child; (seconds, peak RSS in MiB of that child, its stderr's last line)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    lines = (done.stderr or done.stdout).strip().splitlines()
    return elapsed, max(peak, before) / 1024, lines[-1] if lines else ""


def article(path: Path, n: int) -> None:
    entries = "\n\n".join(
        f"Author{i}, A. (2001). Title number {i} of a made-up work. Journal of Tests, 1(1), 1-10. "
        f"https://doi.org/10.5555/bench.{i}"
        for i in range(n)
    )
    path.write_text(f"A test article\n\nClaims cite works (Author0, 2001).\n\nReferences\n\n{entries}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dois", type=int, default=100, help="references in the Ctrl-C and breaker runs")
    args = parser.parse_args()
    ports = multiprocessing.Queue()
    process = multiprocessing.Process(target=serve, args=(ports,), daemon=True)
    process.start()
    base = f"http://127.0.0.1:{ports.get(timeout=30)}"
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        env = {**os.environ, "LITMAP_CACHE_DIR": str(folder / "cache"), "LITMAP_MAILTO": "bench@example.org"}
        baseline = child("import litmap", env)
        print(f"python + import litmap: peak RSS {baseline[1]:.0f} MiB")

        code = f"import litmap\ntry:\n litmap.read.fetch_document('{base}/endless')\nexcept litmap.ArticleError as e:\n print(e)"
        seconds, peak, said = child(code, env)
        print(
            f"endless page (default 25 MB limit): stopped after {seconds:.1f} s, peak RSS {peak:.0f} MiB; says: {said}"
        )

        code = code.replace("/endless", "/trickle")
        seconds, peak, said = child(code, env)
        print(f"page trickling 1 byte/s (default 30 s limit): stopped after {seconds:.1f} s; says: {said}")

        article(folder / "article.txt", args.dois)
        run = [sys.executable, "-c", "from litmap.cli import main; main()", "run", str(folder / "article.txt")]
        run += ["--out", str(folder / "out"), "--no-figures"]
        slow_env = {**env, "LITMAP_CROSSREF_URL": base + "/slow", "LITMAP_PROGRESS": "0"}
        litmap_run = subprocess.Popen(run, env=slow_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        while stats(base).get("slow", 0) < 10:
            time.sleep(0.05)
        litmap_run.send_signal(signal.SIGINT)
        sent = time.perf_counter()
        _, stderr = litmap_run.communicate()
        exit_s = time.perf_counter() - sent
        at_exit = stats(base).get("slow", 0)
        time.sleep(3)
        later = stats(base).get("slow", 0)
        print(
            f"Ctrl-C during {args.dois} look-ups: exited {exit_s:.2f} s after SIGINT (status {litmap_run.returncode}); "
            f"requests seen by the server: {at_exit} at exit, {later} three seconds later; "
            f"says: {stderr.strip().splitlines()[-1]}"
        )
        start = time.perf_counter()
        rerun = subprocess.run(run, env=slow_env, capture_output=True, text=True)
        print(
            f"  rerun: {stats(base)['slow'] - later} more requests for the {args.dois} look-ups, "
            f"{time.perf_counter() - start:.1f} s, exit {rerun.returncode}"
        )

        fail_env = {**env, "LITMAP_CACHE_DIR": str(folder / "cache2"), "LITMAP_CROSSREF_URL": base + "/fail"}
        fail_env["LITMAP_PROGRESS"] = "0"
        start = time.perf_counter()
        failed = subprocess.run(
            [*run[:-3], "--out", str(folder / "out2"), "--no-figures"], env=fail_env, capture_output=True, text=True
        )
        said = [line for line in failed.stdout.splitlines() if "stopped asking" in line]
        print(
            f"Crossref answering 500 to everything, {args.dois} DOIs: {stats(base).get('fail', 0)} requests, "
            f"{time.perf_counter() - start:.1f} s, exit {failed.returncode}; says: {said[0].strip() if said else '-'}"
        )
    process.terminate()


if __name__ == "__main__":
    main()
