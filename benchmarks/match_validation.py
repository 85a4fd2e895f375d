"""How well litmap's match validation picks the right record, offline, and how fast.

Crossref cannot be reached here, so this measures the *validation* half of search-based matching
with validation: given the candidates a search could return, does :func:`litmap.verify.compute_match`
accept the true record and reject everything else?

For every record of the shared gold set (``../shared/benchmarks/references-gold.jsonl``, the
``anystyle-gold`` and ``grobid-citation`` sources) that has a title, a year and an author, the
gold fields play the Crossref record, and the reference is what ``litmap.parse_reference`` makes
of the raw string. Candidates:

- *positive*: the true record plus the 4 gold records whose titles are closest to it (hard
  distractors); correct when the true record is accepted;
- *negative*: the same 4 distractors without the true record; correct when nothing is accepted.

Usage::

    .venv/bin/python benchmarks/match_validation.py [--gold PATH] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from rapidfuzz import process

from litmap import parse_reference
from litmap.verify import compute_match

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "references-gold.jsonl"


def as_record(fields: dict, key: str) -> dict:
    """Gold fields in the shape of a Crossref work."""
    record = {"DOI": key, "title": [fields["title"]], "issued": {"date-parts": [[fields["year"]]]}}
    record["author"] = [{"family": a.get("family") or a.get("literal", "")} for a in fields["authors"]]
    for name, key_ in (("container", "container-title"),):
        if fields.get(name):
            record[key_] = [fields[name]]
    for name, key_ in (("volume", "volume"), ("issue", "issue"), ("pages", "page")):
        if fields.get(name):
            record[key_] = fields[name]
    return record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    if not args.gold.exists():
        raise SystemExit(f"the gold set is missing: {args.gold} (pass --gold PATH, ../shared/benchmarks/...)")

    rows = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [
        r
        for r in rows
        if r["source"] in ("anystyle-gold", "grobid-citation")
        and all(r["fields"].get(k) for k in ("title", "year", "authors"))
    ]
    rows = rows[: args.limit] if args.limit else rows
    records = [as_record(r["fields"], r["id"]) for r in rows]
    titles = [r["fields"]["title"] for r in rows]

    accepted_true = wrong_pick = ambiguous = false_accept = 0
    elapsed = 0.0
    for i, row in enumerate(rows):
        reference = parse_reference(row["text"])
        near = [j for _, _, j in process.extract(titles[i], titles, limit=5) if j != i][:4]
        distractors = [records[j] for j in near]
        start = time.perf_counter()
        positive = compute_match(reference, [records[i], *distractors])
        negative = compute_match(reference, distractors)
        elapsed += time.perf_counter() - start
        if positive.is_ambiguous:
            ambiguous += 1
        elif positive.doi == row["id"].lower():
            accepted_true += 1
        elif positive.record is not None:
            wrong_pick += 1
        if negative.record is not None:
            false_accept += 1
    n = len(rows)
    print(f"references: {n} (gold parse sources with title, year and author)")
    print(f"true record accepted (recall): {accepted_true / n:.3f}")
    print(f"wrong record accepted with the true one present: {wrong_pick / n:.3f}")
    print(f"ambiguous (no pick): {ambiguous / n:.3f}")
    print(f"false accept with only distractors: {false_accept / n:.3f}")
    print(f"speed: {2 * n / elapsed:,.0f} compute_match calls/s (5 or 4 candidates each)")


if __name__ == "__main__":
    main()
