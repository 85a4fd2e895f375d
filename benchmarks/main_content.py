"""Would a main-content extractor help litmap read web pages? A check that keeps the answer honest.

litmap reads a page through its own markup rules (``litmap.read.html_page``). The maintained
extractors — trafilatura (Apache-2.0) and readability-lxml (Apache-2.0) — are built to keep an
article's body and drop everything else; the question is whether they keep the *reference list*
(which they tend to treat as boilerplate: short, link-heavy lines at the end of a page) and drop the
furniture. For every page, this script runs each extractor and litmap, and counts

- **entries kept**: reference entries (first 40 characters, whitespace collapsed) found in the output;
- **furniture kept**: furniture strings (listed per test page) still in the output.

Pages: the blog-platform test pages in ``tests/data/pages`` (with their reference lists and
furniture, from ``tests/data/pages/expected.json``) and the HTML versions of the real-article corpus
(``../shared/corpus``, reference lists from ``truth.json``; these pages have no furniture).

Usage (the extractors are not litmap dependencies; install them in any environment first)::

    pip install trafilatura readability-lxml
    python benchmarks/main_content.py [--corpus DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO / ".." / "shared" / "corpus"


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip()


def _extractors():
    out = {}
    try:
        import trafilatura

        out["trafilatura"] = lambda html: trafilatura.extract(html, include_comments=False, favor_recall=True) or ""
    except ImportError:
        print("main_content: trafilatura is not installed; skipped", file=sys.stderr)
    try:
        from readability import Document

        from litmap.read.article import html_to_text

        out["readability"] = lambda html: html_to_text(Document(html).summary())
    except ImportError:
        print("main_content: readability-lxml is not installed; skipped", file=sys.stderr)

    def litmap_text(html: str) -> str:
        from litmap.read.article import compute_article

        article = compute_article(html, source="page.html")
        return " ".join([text for _, _, text in article.paragraphs] + [text for _, text in article.reference_lines])

    out["litmap"] = litmap_text
    return out


def _pages(corpus: Path):
    expected = json.loads((REPO / "tests" / "data" / "pages" / "expected.json").read_text(encoding="utf-8"))
    for name, case in sorted(expected.items()):
        furniture = case["furniture"]
        html = (REPO / "tests" / "data" / "pages" / name).read_text(encoding="utf-8")
        from litmap.read.article import compute_article

        entries = [t for _, t in compute_article(html, source=name).reference_entries()]
        yield name, html, [re.sub(r"^\s*[\[(]?\d+[\].)]\s*", "", e)[:40] for e in entries], furniture
    if corpus.is_dir():
        for folder in sorted(p for p in corpus.iterdir() if (p / "truth.json").is_file()):
            truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
            html = (folder / "article.html").read_text(encoding="utf-8")
            yield folder.name, html, [r["printed"][:40] for r in truth["references"]], []
    else:
        print(f"main_content: no corpus at {corpus}; only the test pages are checked", file=sys.stderr)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    extractors = _extractors()
    totals = {name: [0, 0, 0, 0] for name in extractors}  # entries kept, entries, furniture kept, furniture
    print(f"{'page':34} " + " ".join(f"{n:>22}" for n in extractors))
    for page, html, entries, furniture in _pages(args.corpus.resolve()):
        cells = []
        for name, extract in extractors.items():
            text = _squash(extract(html))
            kept = sum(_squash(e) in text for e in entries)
            left = sum(f in text for f in furniture)
            totals[name] = [a + b for a, b in zip(totals[name], (kept, len(entries), left, len(furniture)))]
            cells.append(f"{kept:>3}/{len(entries):<3} refs {left:>2}/{len(furniture):<2} furn")
        print(f"{page[:34]:34} " + " ".join(f"{c:>22}" for c in cells))
    print()
    for name, (kept, n, left, m) in totals.items():
        print(f"{name:12} reference entries kept {kept}/{n} ({kept / max(n, 1):.0%}), furniture kept {left}/{m}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
