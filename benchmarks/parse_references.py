"""Score litmap's reference parsers on labelled strings they never saw: learned CRF vs the old rules.

Reads the labelled data under ``../shared`` (the gold set's ``anystyle-gold`` and ``grobid-citation``
strings and the entries of the real-article corpora ``corpus/`` and ``corpus-pdf/``, OpenStax left
out; see ``litmap.parse.crf_train``), keeps one split (``heldout`` by default: the strings the shipped
model was not trained on) and prints, for each source and overall, per-field precision, recall
and F1 of the new parser (``litmap.parse_reference``) beside the rules (``parse_reference_rules``),
then the speed of each on one core over every string of the gold set (Crossref's strings too).

Scoring: a field counts only where the gold has it and its value is printed in the string. A
prediction equal to the gold after normalisation (NFKC, case; only letters and digits kept) is a
true positive; a different one a false positive and a false negative; none a false negative.
Page ranges count as equal when they expand to the same range ("1157-62" = "1157-1162").
Authors are scored per person by family name (multiset overlap) and, separately, the first
author. "micro" pools every field's counts (authors per person, first author left out).

``--cv RUNS`` is the development score the parser's features and settings are chosen by:
3-fold cross-validation over the train and dev strings (never the held-out ones), repeated
with RUNS fold assignments whose counts are pooled (about 1 minute a run).

``--by-article`` measures something harder than the hash split, where other entries of the same
article (same journal style) may be in training: the real-article entries are grouped by article
into 5 folds, and for each fold a model is trained on the train and dev strings of everything
else, then scored on every entry of the fold's articles (about 2 minutes).

Crossref's strings (``crossref-rme-*``) have no field labels; their DOI is scored where the
string prints it, and they count in the speed measurement.

Usage::

    .venv/bin/python benchmarks/parse_references.py [--shared PATH] [--split heldout|dev|train|all]
        [--model FILE] [--show-errors FIELD] [--markdown] [--by-article] [--cv RUNS]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from litmap.parse.crf_model import load_parser_model
from litmap.parse.crf_train import (
    LabelledString,
    data_paths,
    iter_labelled,
    missing_data,
    model_metadata,
    normalise_entry,
    train_model,
)
from litmap.parse.references import normalise_pages, parse_reference, parse_reference_rules

DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SCALAR_FIELDS = ("year", "title", "container", "volume", "issue", "pages", "publisher", "doi")
ALL_FIELDS = ("authors", "first_author", *SCALAR_FIELDS)
GROUPS = ("all", "anystyle-gold", "grobid-citation", "crossref", "real articles", "corpus", "corpus-pdf")


def norm(value) -> str:
    """Comparison form: NFKC, lower case, letters and digits only."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", str(value)).lower())


def expand_pages(value: str) -> str:
    """'1157-62' -> '1157-1162': litmap's one page-range normaliser, then the benchmark's folding."""
    return norm(normalise_pages(str(value)))


def family(person: dict) -> str:
    return norm(person.get("family") or person.get("literal") or "")


def score(gold: dict, parsed: dict, counts: dict) -> None:
    """Add one string's true/false positives and false negatives to ``counts[field]``."""
    if gold.get("authors"):
        want = Counter(family(p) for p in gold["authors"])
        got = Counter(family(p) for p in parsed["authors"])
        hit = sum((want & got).values())
        counts["authors"].update(tp=hit, fp=sum(got.values()) - hit, fn=sum(want.values()) - hit)
        first = family(parsed["authors"][0]) if parsed["authors"] else None
        _compare(family(gold["authors"][0]), first, counts["first_author"])
    for field in SCALAR_FIELDS:
        if gold.get(field) is None:
            continue
        value = parsed.get(field)
        got = None if value in (None, "") else (expand_pages(value) if field == "pages" else norm(value))
        _compare(expand_pages(gold[field]) if field == "pages" else norm(gold[field]), got, counts[field])


def _compare(want: str, got: str | None, counter: Counter) -> None:
    if not got:
        counter["fn"] += 1
    elif got == want:
        counter["tp"] += 1
    else:
        counter.update(fp=1, fn=1)


def prf(c: Counter) -> tuple[float, float, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def micro(counts: dict) -> Counter:
    total = Counter()
    for field in ALL_FIELDS:
        if field != "first_author":
            total.update(counts[field])
    return total


def table(name: str, n: int, rules: dict, new: dict, markdown: bool) -> str:
    """Per-field P/R/F1 of the rules and the new parser side by side."""
    head = ["field", "gold n", "rules P", "rules R", "rules F1", "new P", "new R", "new F1", "Δ F1"]
    rows = []
    for field in (*ALL_FIELDS, "micro"):
        a, b = (micro(rules), micro(new)) if field == "micro" else (rules[field], new[field])
        if a["tp"] + a["fn"] == 0:
            continue
        pa, pb = prf(a), prf(b)
        rows.append([field, str(a["tp"] + a["fn"]), *(f"{x:.3f}" for x in (*pa, *pb)), f"{pb[2] - pa[2]:+.3f}"])
    title = f"{name} ({n} strings)"
    if not rows:
        return f"\n{title}: no labelled field printed in these strings (they count in the speed)"
    if markdown:
        lines = [f"\n**{title}**\n", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
    else:
        lines = [f"\n{title}", "".join(f"{h:>9}" if i else f"{h:<13}" for i, h in enumerate(head))]
        lines += ["".join(f"{c:>9}" if i else f"{c:<13}" for i, c in enumerate(r)) for r in rows]
    return "\n".join(lines)


def crossref_strings(gold: Path) -> list[LabelledString]:
    """Crossref's reference strings, with their DOI as the one gold field where the string prints it."""
    out = []
    for line in gold.read_text(encoding="utf-8").splitlines():
        record = json.loads(line) if line.strip() else {}
        if record.get("source", "").startswith("crossref"):
            doi = record["fields"].get("doi")
            fields = {"doi": doi} if doi and doi.lower() in record["text"].lower() else {}
            text = normalise_entry(record["text"])
            out.append(LabelledString(record["id"], "crossref", text, [], [], fields, record["text"]))
    return out


def score_strings(strings, parsers: dict) -> tuple[dict, Counter, list]:
    """Counts per parser and group, group sizes, and each string's parses."""
    counts = {key: defaultdict(lambda: defaultdict(Counter)) for key in parsers}
    sizes: Counter = Counter()
    parsed = []
    for item in strings:
        groups = ["all", item.source] + (["real articles"] if item.source.startswith("corpus") else [])
        results = {key: parse(item.raw) for key, parse in parsers.items()}
        parsed.append((item, results))
        for group in groups:
            sizes[group] += 1
            for key, result in results.items():
                score(item.fields, result, counts[key][group])
    return counts, sizes, parsed


def by_article(shared: Path, markdown: bool, folds: int = 5) -> None:
    """Score real-article entries with models that never saw any entry of their article."""
    strings = list(iter_labelled(shared))
    article = {s.id: s.id.split("#")[0] for s in strings if s.source.startswith("corpus")}

    def fold(item) -> int:
        return int(hashlib.sha256(article[item.id].encode()).hexdigest()[:8], 16) % folds

    rules = defaultdict(lambda: defaultdict(Counter))
    new = defaultdict(lambda: defaultdict(Counter))
    sizes: Counter = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(folds):
            test = [s for s in strings if s.id in article and fold(s) == k]
            train = [s for s in strings if s.split != "heldout" and not (s.id in article and fold(s) == k)]
            path = Path(tmp) / f"fold{k}.crfsuite"
            train_model(train, path)
            path.with_suffix(".json").write_text(json.dumps(model_metadata(train, path.read_bytes(), 0.5)))
            model = load_parser_model(path)
            for item in test:
                for group in ("real articles", item.source):
                    sizes[group] += 1
                    score(item.fields, parse_reference_rules(item.raw), rules[group])
                    score(item.fields, parse_reference(item.raw, model=model), new[group])
    print(
        f"\nby article: {len(set(article.values()))} real articles in {folds} folds, each scored by a model "
        "trained without any entry of it"
    )
    for group in ("real articles", "corpus", "corpus-pdf"):
        print(table(group, sizes[group], rules[group], new[group], markdown))


def cross_validate(shared: Path, markdown: bool, folds: int = 3, runs: int = 1) -> None:
    """K-fold cross-validation over the train and dev strings (never held-out): the development score.

    Folds are fixed by a hash of each string (and of the run number, so ``runs`` > 1 gives other
    fold assignments, whose counts are pooled).
    """
    strings = [s for s in iter_labelled(shared) if s.split != "heldout"]
    rules = defaultdict(lambda: defaultdict(Counter))
    new = defaultdict(lambda: defaultdict(Counter))
    sizes: Counter = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(runs):
            fold = {s.text: _bucket("cv" + (str(run) if run else "") + s.text, folds) for s in strings}
            for k in range(folds):
                path = Path(tmp) / f"run{run}-fold{k}.crfsuite"
                train = [s for s in strings if fold[s.text] != k]
                train_model(train, path)
                path.with_suffix(".json").write_text(json.dumps(model_metadata(train, path.read_bytes(), 0.5)))
                model = load_parser_model(path)
                for item in (s for s in strings if fold[s.text] == k):
                    for group in ("all", item.source) + (
                        ("real articles",) if item.source.startswith("corpus") else ()
                    ):
                        sizes[group] += 1
                        score(item.fields, parse_reference_rules(item.raw), rules[group])
                        score(item.fields, parse_reference(item.raw, model=model), new[group])
    print(f"\ncross-validation: {len(strings)} train+dev strings, {folds} folds, {runs} fold assignment(s) pooled")
    for group in GROUPS:
        if sizes[group]:
            print(table(group, sizes[group], rules[group], new[group], markdown))


def _bucket(key: str, n: int) -> int:
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % n


def speed(parse, texts: list[str]) -> float:
    """References per second of ``parse`` over ``texts`` (after one warm-up call)."""
    parse(texts[0])
    started = time.perf_counter()
    for text in texts:
        parse(text)
    return len(texts) / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="folder holding benchmarks/ and corpus*/")
    parser.add_argument("--split", default="heldout", choices=("heldout", "dev", "train", "all"))
    parser.add_argument("--model", type=Path, help="score another model file (default: the shipped one)")
    parser.add_argument("--show-errors", metavar="FIELD", help="print gold vs new parser for one field's misses")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables (for benchmarks/README.md)")
    parser.add_argument("--by-article", action="store_true", help="score real-article entries on unseen articles")
    parser.add_argument("--cv", type=int, metavar="RUNS", help="3-fold cross-validation over train+dev, RUNS times")
    args = parser.parse_args(argv)
    missing = missing_data(args.shared)
    if missing is not None:
        print(f"labelled data not found: {missing}\n(pass the shared folder with --shared PATH)", file=sys.stderr)
        return 2
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the goal is stated
    if args.by_article:
        by_article(args.shared, args.markdown)
        return 0
    if args.cv:
        cross_validate(args.shared, args.markdown, runs=args.cv)
        return 0
    model = load_parser_model(args.model)
    strings = list(iter_labelled(args.shared)) + crossref_strings(data_paths(args.shared)[0])
    strings = [s for s in strings if args.split == "all" or s.split == args.split]
    parsers = {"rules": parse_reference_rules, "new": lambda text: parse_reference(text, model=model)}
    counts, sizes, parsed = score_strings(strings, parsers)
    if args.show_errors:
        for item, results in parsed:
            _show_error(item, results, args.show_errors)
    print(f"split: {args.split}; model: {args.model or 'shipped'} (trained on {model.metadata.get('trained_on')})")
    for group in GROUPS:
        if sizes[group]:
            print(table(group, sizes[group], counts["rules"][group], counts["new"][group], args.markdown))
    gold = data_paths(args.shared)[0]
    texts = [json.loads(line)["text"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    print(
        f"\nspeed on one core, {len(texts)} gold strings: new {speed(lambda t: parse_reference(t, model=model), texts):,.0f}"
        f" refs/s; rules {speed(parse_reference_rules, texts):,.0f} refs/s"
    )
    return 0


def _show_error(item, results: dict, field: str) -> None:
    gold, new = item.fields, results["new"]
    if field in ("authors", "first_author"):
        want = [family(p) for p in gold.get("authors", [])]
        got = [family(p) for p in new["authors"]]
        wrong = want and (want != got if field == "authors" else want[:1] != got[:1])
    else:
        want, got = gold.get(field), new.get(field)
        wrong = want is not None and norm(want) != norm(got or "")
    if wrong:
        rules = results["rules"].get(field) if field in SCALAR_FIELDS else None
        print(f"--- {item.id} [{item.source}]: {item.raw}\n    gold:  {want}\n    new:   {got}\n    rules: {rules}")


if __name__ == "__main__":
    sys.exit(main())
