"""Time claim-source fit, the reading list and its exports (offline; no assertions).

Run: .venv/bin/python benchmarks/reading_list.py
"""

import random
import time
from pathlib import Path
from tempfile import TemporaryDirectory

import litmap
from litmap import schemas
from litmap.pipeline import audit_references

REPO = Path(__file__).resolve().parents[1]


def _ms(fn, repeat=5):
    fn()
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return round((time.perf_counter() - start) / repeat * 1000)


def main():
    tables = litmap.load_article(REPO / "data/articles/empathy-in-therapy.txt")
    with TemporaryDirectory() as out:
        # offline, from the bundled snapshot, with a cache of its own (never the user's)
        settings = litmap.Settings(offline=True, mailto="x@example.org", cache_dir=Path(out) / "cache")
        snapshot = REPO / "data/snapshots/empathy-in-therapy.json"
        audit = audit_references(tables.references, settings=settings, snapshot=snapshot).audit
        print(
            "bundled article, compute_fit:",
            _ms(lambda: litmap.compute_fit(tables.claims, tables.citations, audit)),
            "ms",
        )
        print(
            "bundled article, compute_reading_list (fit + APA):",
            _ms(lambda: litmap.compute_reading_list(tables.references, audit, tables.citations, tables.claims)),
            "ms",
        )
        frame = litmap.compute_reading_list(tables.references, audit)
        print(
            "bundled article, write_reading_list (5 formats):", _ms(lambda: litmap.write_reading_list(frame, out)), "ms"
        )
    rng = random.Random(0)
    words = [
        "empathy",
        "neural",
        "amygdala",
        "trust",
        "safety",
        "therapy",
        "trauma",
        "reward",
        "cortex",
        "social",
        "emotion",
        "regulation",
        "coping",
    ]
    claims = schemas.CLAIMS.from_records(
        [{"claim_id": f"C{i:03}", "text": " ".join(rng.choices(words, k=14))} for i in range(200)]
    )
    citations = schemas.CITATIONS.from_records(
        [{"claim_id": f"C{i // 2:03}", "ref_id": f"R{i % 300:03}", "cited_as": "x"} for i in range(400)]
    )
    audit = schemas.AUDIT.from_records(
        [{"ref_id": f"R{i:03}", "status": "verified", "title": " ".join(rng.choices(words, k=9))} for i in range(300)]
    )
    print(
        "synthetic 400 links / 300 sources, compute_fit:",
        _ms(lambda: litmap.compute_fit(claims, citations, audit), 3),
        "ms",
    )


if __name__ == "__main__":
    main()
