"""Citation links in real numbered articles rewritten to cite "(1)", Vancouver's other form.

No article of the real corpus cites its numbered list with parentheses, so ``real_articles.py``
never reads that form. This script takes each numbered article of ``../shared/corpus`` (text
version), rewrites its bracketed citations in the body as parentheses ("[1]–[4]" → "(1–4)",
"[7,11]" → "(7,11)"; the reference list untouched) and the truth's sentences the same way, and
scores the citation links with ``article_scoring.score_links``: every sentence of the whole body is
read, so enumerations "(1) … (2) …", scales "never (0) … (3)", ranges and statistics in
parentheses all have their chance to be taken for citations.

Usage::

    .venv/bin/python benchmarks/parenthesised_citations.py [--corpus DIR] [--show]

An article that still writes a bracketed number after the rewrite (a formula's "[1 - β]") is read
as a bracket-cited article, as litmap reads any article that uses both: its links are then missed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from article_scoring import Counts, score_links, score_references

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
_LIST = r"\d{1,3}(?:\s*[-–—,]\s*\d{1,3})*"
_RUN = re.compile(rf"\[{_LIST}\](?:\s*[-–—,]\s*\[{_LIST}\])*")
_REFERENCES_HEADING = re.compile(r"(?m)^(?:References|REFERENCES|Literature Cited|Bibliography)\s*$")


def parenthesised(text: str) -> str:
    """Bracketed citations written in parentheses: "[1]–[4], [7]" → "(1–4,7)"."""
    return _RUN.sub(lambda m: "(" + re.sub(r"\]\s*([-–—,])\s*\[", r"\1", m.group(0)).strip("[]") + ")", text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--show", action="store_true", help="print the false and the missed links")
    args = parser.parse_args(argv)
    from litmap import load_article

    total = Counts()
    with tempfile.TemporaryDirectory(prefix="litmap-parenthesised-") as temporary:
        for folder in sorted(p for p in args.corpus.iterdir() if (p / "truth.json").exists()):
            truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
            text = (folder / "article.txt").read_text(encoding="utf-8")
            headings = list(_REFERENCES_HEADING.finditer(text))
            if truth["style"] != "numbered" or not headings or not _RUN.search(text[: headings[-1].start()]):
                continue
            cut = headings[-1].start()
            path = Path(temporary) / f"{folder.name}.txt"
            path.write_text(parenthesised(text[:cut]) + text[cut:], encoding="utf-8")
            for citation in truth["citations"]:
                citation["sentence"] = parenthesised(citation["sentence"])
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tables = load_article(path)
            _fields, ref_to_n = score_references(tables.references, truth["references"])
            links = score_links(tables.claims, tables.citations, truth["citations"], ref_to_n)
            total.add(links.counts)
            c = links.counts
            print(f"{folder.name:<32} tp {c.tp:>4}  fp {c.fp:>3}  fn {c.fn:>3}")
            if args.show:
                for sentence, label in links.false_links:
                    print(f"    false  {label} | {sentence[:160]}")
                for sentence, label in links.missed_links:
                    print(f"    missed {label} | {sentence[:160]}")
    print(
        f"citation links: P {total.precision:.3f}  R {total.recall:.3f}  F1 {total.f1:.3f}"
        f"   ({total.tp}/{total.fp}/{total.fn})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
