"""Score litmap's reference parser against the shared gold reference strings.

Reads ``../shared/benchmarks/references-gold.jsonl`` (see its README for format and licences),
parses every string of the two parse sources (anystyle-gold, grobid-citation) with
``litmap.parse_reference`` and prints per-field precision, recall and F1: overall, per source,
and for APA-like entries (the year right after the authors). Also prints parsing speed.

Scoring, as the gold README asks: a field counts only where the gold has it. A prediction that
matches the gold after normalisation (NFKC, case, whitespace, punctuation, hyphens) is a true
positive; a different prediction is a false positive and a false negative; no prediction is a
false negative. Authors are scored by family name per person (multiset overlap) and, separately,
the first author. "micro" pools the counts of all fields (authors per person).

Usage::

    .venv/bin/python benchmarks/parse_references.py [--gold PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from litmap import parse_reference
from litmap.references import normalise_pages

DEFAULT_GOLD = Path(__file__).resolve().parents[1] / ".." / "shared" / "benchmarks" / "references-gold.jsonl"
PARSE_SOURCES = ("anystyle-gold", "grobid-citation")
SCALAR_FIELDS = ("year", "title", "container", "volume", "issue", "pages", "publisher", "doi")
ALL_FIELDS = ("authors", "first_author", *SCALAR_FIELDS)


def norm(value) -> str:
    """Comparison form: NFKC, lower case, letters and digits only."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", str(value)).lower())


def family(person: dict) -> str:
    return norm(person.get("family") or person.get("literal") or "")


def is_apa_like(record: dict) -> bool:
    """True when the gold author span is followed directly by the year, "(2008)" or "2008"."""
    spans = record.get("labels", {}).get("author")
    if not spans:
        return False
    at = record["text"].find(spans[0])
    return at >= 0 and bool(re.match(r"\s*[.,]?\s*\(?\s*\d{4}", record["text"][at + len(spans[0]) :]))


def score(record: dict, parsed: dict, counts: dict) -> None:
    """Add this record's true/false positives and false negatives to ``counts[field]``."""
    gold = record["fields"]
    if gold.get("authors"):
        want = Counter(family(p) for p in gold["authors"])
        got = Counter(family(p) for p in parsed["authors"])
        hit = sum((want & got).values())
        counts["authors"].update(tp=hit, fp=sum(got.values()) - hit, fn=sum(want.values()) - hit)
        _compare(
            family(gold["authors"][0]),
            family(parsed["authors"][0]) if parsed["authors"] else None,
            counts["first_author"],
        )
    for field in SCALAR_FIELDS:
        if gold.get(field) is not None:
            value, want = parsed.get(field), gold[field]
            if field == "pages":  # an abbreviated range counts as found whether it is written out or not
                value, want = normalise_pages(value) if value else value, normalise_pages(str(want))
            _compare(norm(want), norm(value) if value not in (None, "") else None, counts[field])


def _compare(want: str, got: str | None, counter: Counter) -> None:
    if got is None or got == "":
        counter["fn"] += 1
    elif got == want:
        counter["tp"] += 1
    else:
        counter.update(fp=1, fn=1)


def prf(c: Counter) -> tuple[float, float, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def table(name: str, counts: dict, n: int) -> str:
    rows = [f"\n{name} ({n} strings)", f"{'field':<13}{'P':>7}{'R':>7}{'F1':>7}{'gold n':>8}"]
    micro = Counter()
    for field in ALL_FIELDS:
        c = counts[field]
        if field != "first_author":
            micro.update(c)
        p, r, f = prf(c)
        rows.append(f"{field:<13}{p:7.3f}{r:7.3f}{f:7.3f}{c['tp'] + c['fn']:8d}")
    p, r, f = prf(micro)
    macro = sum(prf(counts[k])[2] for k in ALL_FIELDS if counts[k]["tp"] + counts[k]["fn"]) / max(
        1, sum(1 for k in ALL_FIELDS if counts[k]["tp"] + counts[k]["fn"])
    )
    rows.append(f"{'micro':<13}{p:7.3f}{r:7.3f}{f:7.3f}")
    rows.append(f"{'macro F1':<13}{'':>14}{macro:7.3f}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="path to references-gold.jsonl")
    parser.add_argument("--show-errors", metavar="FIELD", help="print gold vs parsed for one field's misses")
    args = parser.parse_args(argv)
    if not args.gold.is_file():
        print(f"gold file not found: {args.gold}\n(pass its location with --gold PATH)", file=sys.stderr)
        return 2
    records = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = [r for r in records if r["source"] in PARSE_SOURCES]
    started = time.perf_counter()
    parsed = [parse_reference(r["text"]) for r in records]
    elapsed = time.perf_counter() - started
    groups: dict[str, dict] = defaultdict(lambda: defaultdict(Counter))
    sizes: Counter = Counter()
    for record, result in zip(records, parsed):
        names = ["all", record["source"]] + (["APA-like"] if is_apa_like(record) else [])
        for name in names:
            score(record, result, groups[name])
            sizes[name] += 1
        if args.show_errors:
            _show_error(record, result, args.show_errors)
    for name in ("all", *PARSE_SOURCES, "APA-like"):
        print(table(name, groups[name], sizes[name]))
    print(f"\nspeed: {len(records) / elapsed:,.0f} refs/s ({len(records)} strings in {elapsed:.2f} s)")
    return 0


def _show_error(record: dict, result: dict, field: str) -> None:
    gold = record["fields"]
    if field in ("authors", "first_author"):
        want = [family(p) for p in gold.get("authors", [])]
        got = [family(p) for p in result["authors"]]
        wrong = want and (want != got if field == "authors" else want[:1] != got[:1])
    else:
        want, got = gold.get(field), result.get(field)
        wrong = want is not None and norm(want) != norm(got or "")
    if wrong:
        print(f"--- {record['id']}: {record['text']}\n    gold: {want}\n    got:  {got}")


if __name__ == "__main__":
    sys.exit(main())
