"""Zero tracebacks: run litmap on every PDF, HTML, Markdown and text file in the repository and in
``../shared``, and on damaged copies of the PDFs, and count what ends in a traceback.

Each file goes through ``litmap run FILE --offline --no-figures`` (the command, in-process, every
table, the audit, the graph's GraphML and GEXF and the reading list written). A file litmap cannot
use must end in one line, ``litmap: error: …``, with exit status 1; anything else (a traceback, an
error over several lines) is a failure. ``--fuzz N`` also reads N damaged copies of each PDF of
``../shared/corpus-pdf`` (cut short, bytes flipped, a stretch deleted or repeated: a seeded PDF
mutator) through :func:`litmap.load_article`, where the same rule holds.

``--isolate`` runs each command in a process of its own (slower; a crash of the process, which
in-process would end the benchmark, counts as one failure).

Usage::

    .venv/bin/python benchmarks/every_file.py [--shared DIR] [--fuzz N] [--seed S] [--limit N] [--isolate]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT / ".." / "shared"
SUFFIXES = {".pdf", ".html", ".htm", ".txt", ".md"}
SKIPPED = {".git", ".venv", "node_modules", "__pycache__", "outputs", "site"}


def files(*roots: Path) -> list[Path]:
    found = []
    for root in roots:
        if root.is_dir():
            found += [
                p
                for p in sorted(root.rglob("*"))
                if p.suffix.lower() in SUFFIXES and p.is_file() and not SKIPPED & set(p.relative_to(root).parts)
            ]
    return found


def run_isolated(path: Path, out: Path) -> tuple[str, str]:
    """As :func:`run_one`, with the command in a process of its own (a crash of the process counts too)."""
    import subprocess

    command = [str(Path(sys.executable).parent / "litmap"), "run", str(path), "--out", str(out), "--offline"]
    done = subprocess.run([*command, "--no-figures"], capture_output=True, text=True, timeout=600)
    if done.returncode == 0:
        return "ok", ""
    lines = [line for line in (done.stdout + done.stderr).strip().splitlines() if line.strip()]
    if done.returncode == 1 and len(lines) == 1 and lines[0].startswith("litmap: error:"):
        return "refused", lines[0][:160]
    return "FAILED", f"exit {done.returncode}: {lines[-1][:160] if lines else ''}"


def run_one(path: Path, out: Path) -> tuple[str, str]:
    """("ok" | "refused" | "FAILED", what happened) for one ``litmap run``."""
    from click.testing import CliRunner

    from litmap.cli import main

    result = CliRunner().invoke(main, ["run", str(path), "--out", str(out), "--offline", "--no-figures"])
    if result.exit_code == 0:
        return "ok", ""
    if isinstance(result.exception, SystemExit) and result.exit_code == 1:
        lines = [line for line in result.output.strip().splitlines() if line.startswith("litmap: error:")]
        if len(lines) == 1:
            return "refused", lines[0][:160]
    trace = "".join(traceback.format_exception(result.exception)) if result.exception else result.output
    return "FAILED", trace.strip().splitlines()[-1][:200] if trace.strip() else f"exit {result.exit_code}"


def mutate(data: bytes, rng: random.Random) -> bytes:
    """A damaged copy of a PDF: cut short, bytes flipped, a stretch deleted or repeated."""
    data = bytearray(data)
    kind = rng.choice(("cut", "flip", "delete", "repeat", "mixed"))
    if kind in ("cut", "mixed"):
        data = data[: rng.randint(len(data) // 10, len(data))]
    if kind in ("flip", "mixed"):
        for _ in range(rng.randint(1, 200)):
            data[rng.randrange(len(data))] ^= rng.randint(1, 255)
    if kind == "delete":
        start = rng.randrange(len(data))
        del data[start : start + rng.randint(1, 5000)]
    if kind == "repeat":
        start = rng.randrange(len(data))
        data[start:start] = data[start : start + rng.randint(1, 5000)]
    return bytes(data)


def fuzz_one(data: bytes, path: Path) -> tuple[str, str]:
    from litmap import LitmapError, load_article

    path.write_bytes(data)
    try:
        load_article(path)
    except LitmapError as err:
        message = str(err)
        return ("refused", message[:160]) if "\n" not in message else ("FAILED", "error over several lines")
    except Exception as err:  # the benchmark counts every other exception as a failure
        return "FAILED", f"{type(err).__name__}: {str(err)[:160]}"
    return "ok", ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder (corpora, articles)")
    parser.add_argument("--fuzz", type=int, default=0, help="damaged copies of each corpus PDF to read")
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--limit", type=int, default=0, help="run at most this many files (0: all)")
    parser.add_argument("--isolate", action="store_true", help="run the command in a process of its own per file")
    args = parser.parse_args(argv)
    paths = files(ROOT, args.shared)
    if args.limit:
        paths = paths[: args.limit]
    if not args.shared.is_dir():
        print(f"(no shared folder at {args.shared}: the repository's files only)", file=sys.stderr)
    counts = {"ok": 0, "refused": 0, "FAILED": 0}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        for index, path in enumerate(paths):
            status, what = (run_isolated if args.isolate else run_one)(path, Path(folder) / f"out{index}")
            counts[status] += 1
            if status != "ok":
                print(f"  {status:<8} {path}: {what}")
        print(
            f"files: {len(paths)} ({counts['ok']} read, {counts['refused']} refused in one line, "
            f"{counts['FAILED']} tracebacks) in {time.perf_counter() - started:.0f} s"
        )
        if args.fuzz:
            rng = random.Random(args.seed)
            fuzzed = {"ok": 0, "refused": 0, "FAILED": 0}
            started = time.perf_counter()
            for pdf in sorted((args.shared / "corpus-pdf").glob("*.pdf")):
                original = pdf.read_bytes()
                for copy in range(args.fuzz):
                    status, what = fuzz_one(mutate(original, rng), Path(folder) / "fuzzed.pdf")
                    fuzzed[status] += 1
                    if status == "FAILED":
                        print(f"  FAILED   {pdf.name} copy {copy}: {what}")
            total = sum(fuzzed.values())
            print(
                f"damaged PDFs: {total} ({fuzzed['ok']} read, {fuzzed['refused']} refused in one line, "
                f"{fuzzed['FAILED']} tracebacks) in {time.perf_counter() - started:.0f} s"
            )
            counts["FAILED"] += fuzzed["FAILED"]
    return 1 if counts["FAILED"] else 0


if __name__ == "__main__":
    sys.exit(main())
