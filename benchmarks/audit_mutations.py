"""Does the audit catch a citation whose details are wrong, and leave a right one alone?

A mutation benchmark on real references (issue #20). Each real work of ``../shared`` — the gold
set's ``anystyle-gold`` and ``grobid-citation`` fields and the truth files of ``corpus/`` and
``corpus-pdf/`` — plays a Crossref record (``citation_mutations.to_record``), and citations of it
are audited through litmap's public path: ``litmap.compute_references`` parses each string,
``litmap.compute_lookups`` says what to ask, the answers are given as a RECORDS table (a search
finds the true record and the two works whose titles are closest to it; a DOI finds the record
holding it), and ``litmap.compute_audit`` gives the verdicts. Kinds of citation:

- *harmful*: one field changed (a title word, the subtitle, an author added, dropped, replaced,
  misspelt or moved anywhere in the list, the venue, the year by 1–3, volume, pages, the DOI
  swapped for another real one, a book's publisher): it should not be ``verified``, and its
  ``discrepancies`` should name the field changed;
- *harmless*: the same facts written another way (eight citation styles, ISO 4 and NLM venue
  abbreviations, initials, "et al." and author limits, case, punctuation, British/American
  spelling, a dropped leading article, HTML entities and markup, "…" truncation, dropped accents,
  the print year when the record was online a year earlier, or the online-first year): it
  should be ``verified``;
- *original*: the string as printed in the source, against its own fields — a false
  discrepancy here is one a real article would show.

Works fall in two halves by a hash of their id: ``dev`` (thresholds are calibrated on it) and
``test`` (reported, never tuned on). ISO 4 / NLM abbreviations are written by pyiso4 (an
implementation independent of litmap's), when it is installed; without it those two harmless
kinds are left out and the script says so.

Usage::

    .venv/bin/python benchmarks/audit_mutations.py [--shared PATH] [--split dev|test|all]
        [--limit N] [--seed N] [--failures FILE] [--markdown]

The shared folder defaults to ``../shared`` beside the repository; the script says so and stops
when it is missing. Numbers and the command are in ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import citation_mutations as cm
import pandas as pd
from rapidfuzz import process

import litmap
from litmap.schemas import RECORDS

#: ``../shared`` beside the repository (``../../shared`` for a git worktree kept one folder deeper).
DEFAULT_SHARED = next(
    (p / "shared" for p in Path(__file__).resolve().parents[2:4] if (p / "shared").is_dir()),
    Path(__file__).resolve().parents[2] / "shared",
)
SERVICES = ("crossref", "openlibrary")
#: What a discrepancy's label (the words before its colon) names, as the benchmark's fields.
FIELD_OF_LABEL = {
    "first author": "authors",
    "author": "authors",
    "authors": "authors",
    "journal": "venue",
    "venue": "venue",
    "container": "venue",
    "proceedings": "venue",
    "book": "venue",
    "series": "venue",
    "title": "title",
    "subtitle": "title",
    "year": "year",
    "volume": "volume",
    "issue": "issue",
    "pages": "pages",
    "doi": "doi",
    "publisher": "publisher",
    "edition": "edition",
}


def named_fields(discrepancies) -> set[str]:
    """The fields a verdict's discrepancies name ('year: cited 2007, record 2003' -> {'year'})."""
    out = set()
    for text in discrepancies or []:
        label = str(text).split(":", 1)[0].strip().lower()
        out.add(FIELD_OF_LABEL.get(label, label))
    return out


def distractors(works: list[cm.Work], n: int = 2) -> dict[str, list[cm.Work]]:
    """For each work, the ``n`` other works whose titles are closest to its own (a search's near misses)."""
    titles = [cm.fold(w.fields["title"]) for w in works]
    out = {}
    for i, work in enumerate(works):
        near = [j for _, _, j in process.extract(titles[i], titles, limit=n + 2) if j != i][:n]
        out[work.id] = [works[j] for j in near]
    return out


def batches(cases: list[cm.Case]) -> list[list[int]]:
    """Case indices in groups where no search key or DOI is asked twice with different answers."""
    groups: list[tuple[set, list[int]]] = []
    for index, case in enumerate(cases):
        keys = {("raw", " ".join(case.raw.split()))} | {("doi", d) for d in case.by_doi}
        if case.record.get("DOI"):
            keys.add(("doi", case.record["DOI"]))
        for used, members in groups:
            if not keys & used:
                used.update(keys)
                members.append(index)
                break
        else:
            groups.append((set(keys), [index]))
    return [members for _, members in groups]


def record_row(service, kind, key, status, body=None) -> dict:
    """One row of the RECORDS table as a look-up would store it (the body as JSON text)."""
    return {
        "service": service,
        "kind": kind,
        "key": key,
        "status": status,
        "body": None if body is None else json.dumps(body, ensure_ascii=False),
        "error": None,
        "via": "benchmark",
        "fetched_at": None,
    }


def audit_cases(cases: list[cm.Case], near: dict, seed: int) -> pd.DataFrame:
    """Parse and audit every case through litmap's public API; one row per case with its verdict."""
    rows = []
    for members in batches(cases):
        group = [cases[i] for i in members]
        refs = litmap.compute_references([c.raw for c in group])
        by_ref = dict(zip(refs["ref_id"], group, strict=True))
        records = RECORDS.empty()
        while not (lookups := litmap.compute_lookups(refs, records, services=SERVICES)).empty:
            answers = []
            for lookup in lookups.drop_duplicates(["service", "kind", "key"]).itertuples():
                case = by_ref[lookup.ref_id]
                answers.append(_answer(case, lookup.service, lookup.kind, lookup.key, near, seed))
            records = pd.concat([records, RECORDS.from_records(answers)], ignore_index=True)
        result = litmap.compute_audit(refs, records, services=SERVICES)
        for ref, audit in zip(refs.itertuples(), result.audit.itertuples(), strict=True):
            case = by_ref[ref.ref_id]
            rows.append(
                {
                    "work": case.work.id,
                    "source": case.work.source,
                    "split": cm.split_of(case.work),
                    "kind": case.kind,
                    "change": case.change,
                    "field": case.field,
                    "style": case.style,
                    "detail": case.detail,
                    "raw": case.raw,
                    "status": audit.status,
                    "discrepancies": list(audit.discrepancies or []),
                    "named": sorted(named_fields(audit.discrepancies)),
                    "note": audit.note,
                }
            )
    return pd.DataFrame(rows)


def _answer(case: cm.Case, service: str, kind: str, key: str, near: dict, seed: int) -> dict:
    if service == "crossref" and kind == "search":
        rng = cm.case_rng(seed, case.work, "distractor")
        items = [case.record] + [cm.to_record(w, rng) for w in near[case.work.id]]
        return record_row(service, kind, key, "ok", {"message": {"items": items, "total-results": len(items)}})
    if service == "crossref" and kind == "work":
        record = case.by_doi.get(key) or (case.record if str(case.record.get("DOI", "")).lower() == key else None)
        if record is None:
            return record_row(service, kind, key, "not_found")
        return record_row(service, kind, key, "ok", {"message": record})
    if service == "openlibrary":
        return record_row(service, kind, key, "ok", {"docs": [], "numFound": 0})
    raise ValueError(f"the benchmark does not answer {service} {kind}")


# ---------------------------------------------------------------- scores


def score(rows: pd.DataFrame) -> dict:
    """The issue's three numbers (and the parts behind them) for one set of rows."""
    harmful = rows[rows["kind"] == "harmful"]
    harmless = rows[rows["kind"] == "harmless"]
    original = rows[rows["kind"] == "original"]
    caught = harmful[harmful["status"] != "verified"]
    named = caught[[f in n for f, n in zip(caught["field"], caught["named"], strict=True)]]
    return {
        "harmful": len(harmful),
        "not verified": len(caught) / max(len(harmful), 1),
        "names the field": len(named) / max(len(caught), 1),
        "harmless": len(harmless),
        "harmless verified": (harmless["status"] == "verified").mean() if len(harmless) else float("nan"),
        "original": len(original),
        "original verified": (original["status"] == "verified").mean() if len(original) else float("nan"),
    }


def _pct(x: float) -> str:
    return "–" if x != x else f"{100 * x:.1f} %"


def table(head: list[str], rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        return "\n".join(out + ["| " + " | ".join(r) + " |" for r in rows])
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows, strict=True)]
    line = lambda r: "  ".join(str(x).ljust(w) for x, w in zip(r, widths, strict=True))  # noqa: E731
    return "\n".join([line(head), line(["-" * w for w in widths])] + [line(r) for r in rows])


def report(rows: pd.DataFrame, markdown: bool) -> str:
    out = []
    splits = [s for s in ("dev", "test") if (rows["split"] == s).any()]
    head = ["measure", *splits, "all", "goal"]
    scores = {s: score(rows[rows["split"] == s]) for s in splits} | {"all": score(rows)}
    lines = [
        ["changed citations", *(str(scores[s]["harmful"]) for s in [*splits, "all"]), ""],
        ["changed, not `verified`", *(_pct(scores[s]["not verified"]) for s in [*splits, "all"]), "≥ 98 %"],
        [
            "… of those, naming the changed field",
            *(_pct(scores[s]["names the field"]) for s in [*splits, "all"]),
            "≥ 95 %",
        ],
        ["harmless variants", *(str(scores[s]["harmless"]) for s in [*splits, "all"]), ""],
        ["harmless, `verified`", *(_pct(scores[s]["harmless verified"]) for s in [*splits, "all"]), "≥ 99 %"],
        [
            "printed strings, `verified`",
            *(_pct(scores[s]["original verified"]) for s in [*splits, "all"]),
            "no new discrepancy",
        ],
    ]
    out.append(table(head, lines, markdown))

    per = []
    for change, group in rows[rows["kind"] == "harmful"].groupby("change", sort=False):
        caught = group[group["status"] != "verified"]
        named = sum(f in n for f, n in zip(caught["field"], caught["named"], strict=True))
        statuses = Counter(caught["status"])
        per.append(
            [
                change,
                group["field"].iloc[0],
                str(len(group)),
                _pct(len(caught) / len(group)),
                _pct(named / max(len(caught), 1)),
                ", ".join(f"{n} {s}" for s, n in statuses.most_common()),
            ]
        )
    out.append("\nHarmful changes (all works):\n")
    out.append(table(["change", "field", "n", "not verified", "names field", "verdicts of those"], per, markdown))

    per = []
    for change, group in rows[rows["kind"] != "harmful"].groupby("change", sort=False):
        wrong = Counter(f for n in group.loc[group["status"] != "verified", "named"] for f in n)
        per.append(
            [
                change,
                str(len(group)),
                _pct((group["status"] == "verified").mean()),
                ", ".join(f"{f} {n}" for f, n in wrong.most_common(4)),
            ]
        )
    out.append("\nHarmless variants and printed strings (all works):\n")
    out.append(table(["variant", "n", "verified", "fields named when not verified"], per, markdown))

    per = []
    original = rows[rows["kind"] == "original"]
    for source, group in original.groupby("source", sort=False):
        wrong = Counter(f for n in group.loc[group["status"] == "discrepant", "named"] for f in n)
        per.append(
            [
                source,
                str(len(group)),
                _pct((group["status"] == "verified").mean()),
                str((group["status"] == "discrepant").sum()),
                str((group["status"] == "not_found").sum()),
                ", ".join(f"{f} {n}" for f, n in wrong.most_common()),
            ]
        )
    out.append("\nPrinted strings against their own fields, per source:\n")
    out.append(table(["source", "n", "verified", "discrepant", "not found", "fields named"], per, markdown))
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="folder holding benchmarks/ and corpus*/")
    parser.add_argument("--split", default="all", choices=("dev", "test", "all"))
    parser.add_argument("--limit", type=int, default=None, help="only the first N works (a quick run)")
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument(
        "--failures", type=Path, default=None, help="write every case that missed its goal here (JSONL)"
    )
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()

    gold = args.shared / "benchmarks" / "references-gold.jsonl"
    if not gold.exists():
        print(f"shared data not found: {gold}\n(pass the shared folder with --shared PATH)", file=sys.stderr)
        raise SystemExit(2)
    if not cm.has_abbreviator():
        print("pyiso4 is not installed: the ISO 4 / NLM venue variants are left out", file=sys.stderr)
    works = cm.read_works(args.shared)
    works = [w for w in works if args.split == "all" or cm.split_of(w) == args.split][: args.limit]
    start = time.perf_counter()
    cases = cm.make_cases(works, seed=args.seed)
    rows = audit_cases(cases, distractors(works), args.seed)
    seconds = time.perf_counter() - start
    print(f"{len(works)} works ({dict(Counter(w.source for w in works))}), {len(cases)} citations; seed {args.seed}")
    print(report(rows, args.markdown))
    print(f"\n{seconds:.0f} s ({1000 * seconds / max(len(cases), 1):.1f} ms a citation: parse, look-ups, audit)")
    if args.failures:
        missed = rows[
            ((rows["kind"] == "harmful") & ((rows["status"] == "verified") | ~rows.apply(_named_ok, axis=1)))
            | ((rows["kind"] != "harmful") & (rows["status"] != "verified"))
        ]
        args.failures.write_text(missed.to_json(orient="records", lines=True, force_ascii=False), encoding="utf-8")
        print(f"{len(missed)} cases that missed their goal written to {args.failures}")


def _named_ok(row) -> bool:
    return row["field"] in row["named"]


if __name__ == "__main__":
    main()
