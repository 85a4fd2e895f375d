"""Rebuild litmap's learned reference parser from the labelled data: `make parser-model`.

Reads the shared labelled data (``../shared/benchmarks/references-gold.jsonl`` and the real-article
corpora ``../shared/corpus/`` and ``../shared/corpus-pdf/``; OpenStax items, CC BY-NC-SA, are left
out), keeps the ``train`` and ``dev`` splits (the held-out split is never used), trains the CRF and
writes ``src/litmap/data/reference-parser.crfsuite`` and its metadata ``reference-parser.json``.
Training is deterministic: the same data give the same bytes (``--check`` verifies the shipped
model against a fresh build).

Usage::

    .venv/bin/python tools/train_parser.py [--shared PATH] [--splits train,dev] [--out FILE] [--check]
    .venv/bin/python tools/train_parser.py --write-test-sample tests/data/parser-heldout-sample.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from pathlib import Path

from litmap.parse.crf_train import CONFIDENCE_THRESHOLD, iter_labelled, missing_data, model_metadata, train_model

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
DEFAULT_OUT = ROOT / "src" / "litmap" / "data" / "reference-parser.crfsuite"
#: How many held-out strings of each source the test sample takes (the first by id).
SAMPLE_SIZES = {"anystyle-gold": 50, "grobid-citation": 25, "corpus": 45, "corpus-pdf": 30}


def build(shared: Path, splits: set[str], out: Path) -> dict:
    """Train on the chosen splits of the data under ``shared``; write the model and its metadata."""
    strings = [s for s in iter_labelled(shared) if s.split in splits]
    out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    train_model(strings, out)
    metadata = model_metadata(strings, out.read_bytes(), CONFIDENCE_THRESHOLD)
    out.with_suffix(".json").write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
    print(f"trained on {len(strings)} strings {metadata['trained_on']} in {time.perf_counter() - started:.0f} s")
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB, sha256 {metadata['model_sha256'][:12]}…)")
    return metadata


def write_test_sample(shared: Path, path: Path) -> None:
    """Copy a few held-out strings with their printed gold fields into the tests' data folder.

    Only permissively licensed sources are copied (the gold set's AnyStyle and GROBID strings,
    the corpora's CC BY articles); tests/data/README.md gives the attribution.
    """
    heldout = sorted((s for s in iter_labelled(shared) if s.split == "heldout"), key=lambda s: (s.source, s.id))
    lines = []
    for source, size in SAMPLE_SIZES.items():
        for item in [s for s in heldout if s.source == source][:size]:
            record = {"id": item.id, "source": item.source, "text": item.raw, "fields": item.fields}
            lines.append(json.dumps(record, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} held-out strings to {path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="folder holding benchmarks/ and corpus*/")
    parser.add_argument("--splits", default="train,dev", help="splits to train on (never heldout)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="model file to write (.json beside it)")
    parser.add_argument("--check", action="store_true", help="rebuild in a temporary folder and compare with --out")
    parser.add_argument("--write-test-sample", type=Path, metavar="FILE", help="copy held-out strings for the tests")
    args = parser.parse_args(argv)
    splits = set(args.splits.split(","))
    if "heldout" in splits or not splits <= {"train", "dev"}:
        print("--splits takes train and/or dev; the held-out split is for scoring only", file=sys.stderr)
        return 2
    missing = missing_data(args.shared)
    if missing is not None:
        print(
            f"training data not found: {missing}\n(the labelled data live in ../shared beside the repository; "
            "pass --shared PATH)",
            file=sys.stderr,
        )
        return 2
    if args.write_test_sample:
        write_test_sample(args.shared, args.write_test_sample)
        return 0
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            fresh = build(args.shared, splits, Path(tmp) / args.out.name)
        shipped = hashlib.sha256(args.out.read_bytes()).hexdigest()
        same = fresh["model_sha256"] == shipped
        print("the shipped model is byte-for-byte the one the data build" if same else "DIFFERENT from the build")
        return 0 if same else 1
    build(args.shared, splits, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
