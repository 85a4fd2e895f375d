"""Run litmap on every article of the real-article corpus and score it against the truth.

For each article folder of the corpus (``article.html``, ``article.txt``, ``truth.json``; see
``../shared/corpus/README.md``) and each version, this reads the article with
``litmap.load_article`` — page → sections, reference block → REFERENCES, sentences → claims and
citations — and reports, per article and in total: whether the reference count is exact,
per-field precision/recall/F1 of the parsed entries, citation-link precision/recall/F1 (a link
is one sentence citing one entry), claims that are page furniture, and seconds per article.
How entries and links are aligned to the truth: ``article_scoring.py``.

Usage::

    .venv/bin/python benchmarks/real_articles.py [--corpus DIR] [--version html|txt|both]
        [--only ID] [--show-errors fields|links|furniture|all] [--json FILE]

The corpus defaults to ``../shared/corpus`` (beside the repository); the script says so and
stops when it is missing. Numbers and the command are in ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import warnings
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from article_scoring import FIELDS, Counts, FieldScore, LinkScore, furniture_claims, score_links, score_references

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"


class _BodyUnits(HTMLParser):
    """Text of every <p> and <li> of the article body (not the byline, not the reference list)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.units: list[str] = []
        self._current: list[str] | None = None
        self._depth = 0
        self._in_refs = False
        self._heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("h1", "h2", "h3", "h4"):
            self._heading = []
        if tag in ("p", "li") and self._current is None and not self._in_refs and attrs.get("class") != "byline":
            self._current, self._depth = [], 0
        if self._current is not None and tag in ("p", "li"):
            self._depth += 1

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3", "h4") and self._heading is not None:
            text = " ".join("".join(self._heading).split())
            self._in_refs = bool(re.fullmatch(r"references?|bibliography|literature cited", text, re.I))
            self._heading = None
        if self._current is not None and tag in ("p", "li"):
            self._depth -= 1
            if self._depth == 0:
                self.units.append(" ".join("".join(self._current).split()))
                self._current = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading.append(data)
        if self._current is not None:
            self._current.append(data)


def body_units(html: str) -> list[str]:
    parser = _BodyUnits()
    parser.feed(html)
    return parser.units


def run_one(folder: Path, version: str) -> dict:
    from litmap import load_article

    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    path = folder / f"article.{version}"
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tables = load_article(path)
    seconds = time.perf_counter() - started
    fields, ref_to_n = score_references(tables.references, truth["references"])
    links = score_links(tables.claims, tables.citations, truth["citations"], ref_to_n)
    furniture = furniture_claims(tables.claims, body_units((folder / "article.html").read_text(encoding="utf-8")))
    return {
        "id": folder.name,
        "version": version,
        "n_refs": len(tables.references),
        "n_truth": truth["n_references"],
        "fields": fields,
        "links": links,
        "furniture": furniture,
        "seconds": seconds,
    }


def _fmt(c: Counts) -> str:
    return f"{c.precision:.3f} {c.recall:.3f} {c.f1:.3f}"


def report(results: list[dict], show: str | None) -> dict:
    print(f"{'article':34} {'ver':4} {'refs':>8} {'field F1':>8} {'link P   R     F1':>18} {'furn':>4} {'s':>6}")
    for r in results:
        exact = "" if r["n_refs"] == r["n_truth"] else " ✗"
        print(
            f"{r['id'][:34]:34} {r['version']:4} {r['n_refs']:>4}/{r['n_truth']:<3}{exact:2} "
            f"{r['fields'].micro.f1:8.3f} {_fmt(r['links'].counts):>18} {len(r['furniture']):4d} {r['seconds']:6.3f}"
        )
    summary = {}
    for version in sorted({r["version"] for r in results}):
        rows = [r for r in results if r["version"] == version]
        fields, links = FieldScore(), LinkScore()
        for r in rows:
            fields.add(r["fields"])
            links.add(r["links"])
        exact = sum(r["n_refs"] == r["n_truth"] for r in rows)
        seconds = [r["seconds"] for r in rows]
        furniture = sum(len(r["furniture"]) for r in rows)
        print(f"\n== {version}: {len(rows)} articles")
        print(f"reference count exact: {exact}/{len(rows)}")
        print(f"{'field':12} {'P':>6} {'R':>6} {'F1':>6}   (tp/fp/fn)")
        for name in FIELDS:
            c = fields.counts[name]
            print(f"{name:12} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f}   ({c.tp}/{c.fp}/{c.fn})")
        m = fields.micro
        print(f"{'micro':12} {m.precision:6.3f} {m.recall:6.3f} {m.f1:6.3f}   ({m.tp}/{m.fp}/{m.fn})")
        if fields.unscorable:
            print(
                "not scored (truth value not printed in the entry): "
                + ", ".join(f"{k} {v}" for k, v in sorted(fields.unscorable.items()))
            )
        lc = links.counts
        print(f"citation links: P {lc.precision:.3f}  R {lc.recall:.3f}  F1 {lc.f1:.3f}   ({lc.tp}/{lc.fp}/{lc.fn})")
        print(f"furniture claims: {furniture}")
        print(f"seconds per article: mean {statistics.mean(seconds):.3f}, max {max(seconds):.3f}")
        summary[version] = {
            "articles": len(rows),
            "count_exact": exact,
            "fields": {n: [fields.counts[n].precision, fields.counts[n].recall, fields.counts[n].f1] for n in FIELDS},
            "field_micro": [m.precision, m.recall, m.f1],
            "links": [lc.precision, lc.recall, lc.f1],
            "furniture": furniture,
            "seconds_mean": statistics.mean(seconds),
            "seconds_max": max(seconds),
        }
        if show:
            _show(rows, show)
    return summary


def _show(rows: list[dict], show: str) -> None:
    for r in rows:
        tag = f"{r['id']} ({r['version']})"
        if show in ("fields", "all") or show in FIELDS:
            for name, n, want, got in r["fields"].misses:
                if show in ("fields", "all", name):
                    print(f"  FIELD {tag} #{n} {name}: want {want!r} got {got!r}")
        if show in ("links", "all"):
            for sentence, label in r["links"].false_links:
                print(f"  FALSE LINK {tag}: {label} | {sentence[:160]}")
            for sentence, label in r["links"].missed_links:
                print(f"  MISSED LINK {tag}: {label} | {sentence[:160]}")
        if show in ("furniture", "all"):
            for text in r["furniture"]:
                print(f"  FURNITURE {tag}: {text[:160]}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--version", choices=("html", "txt", "both"), default="both")
    parser.add_argument("--only", help="run only article folders whose name contains this")
    parser.add_argument("--show-errors", dest="show", help="fields, a field name, links, furniture or all")
    parser.add_argument("--json", type=Path, help="also write the totals as JSON to this file")
    args = parser.parse_args(argv)
    corpus = args.corpus.resolve()
    if not corpus.is_dir():
        print(
            f"real_articles: the corpus folder {corpus} does not exist; "
            "pass --corpus DIR (folders with article.html, article.txt and truth.json)",
            file=sys.stderr,
        )
        return 2
    folders = sorted(p for p in corpus.iterdir() if (p / "truth.json").is_file())
    if args.only:
        folders = [p for p in folders if args.only in p.name]
    if not folders:
        print(f"real_articles: no article folders with a truth.json in {corpus}", file=sys.stderr)
        return 2
    versions = ("html", "txt") if args.version == "both" else (args.version,)
    print(f"corpus: {corpus} ({len(folders)} articles)")
    run_one(folders[0], versions[0])  # warm-up: imports and compiled patterns are not the article's time
    results = [run_one(folder, version) for version in versions for folder in folders]
    summary = report(results, args.show)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
