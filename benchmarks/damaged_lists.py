"""Never silent: damage reference lists on purpose and count how often litmap says so.

For every article of the shared corpora (the 22 web articles of ``../shared/corpus``, read from their
``article.txt``, and the 16 PDFs of ``../shared/corpus-pdf``), the article is read as it is; its body
paragraphs and reference entries are written back out as a plain-text article (title, paragraphs,
"References", one entry per blank-line separated block), and that text is read again, first as it
is (how often does a sound list raise a doubt: false alarms), then damaged four ways:

- **truncated**: the last quarter of the entries cut off (at least two);
- **merged**: three entries in the middle printed as one (the reader's failure in the Lancet PDF);
- **gap**: three entries in the middle left out, so a numbered list's labels skip;
- **merged, no labels**: as *merged*, with every label taken off first (an unnumbered list).

A damaged list counts as *reported* when the run summary (``ArticleTables.summary()``) has a note
about the reference list or its citations. The detection is the reader's own (:mod:`litmap.read.checks`
and the summary), the same for every input format, so the text round trip tests it on every layout.

Usage::

    .venv/bin/python benchmarks/damaged_lists.py [--corpus DIR] [--pdf-corpus DIR] [--show]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT / ".." / "shared" / "corpus"
DEFAULT_PDF_CORPUS = ROOT / ".." / "shared" / "corpus-pdf"
DAMAGES = ("sound", "truncated", "merged", "gap", "merged, no labels")
_LABEL = re.compile(r"^\s*(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}\.?)\s+(?=\S)")
#: Summary lines that speak of the reference list or of citations it cannot answer.
_LIST_NOTE = re.compile(r"note: .*(?:reference list|entr(?:y|ies)|labels|numbers cited|citations match no)", re.I)


def sources(corpus: Path, pdf_corpus: Path) -> list[Path]:
    found = sorted(corpus.glob("*/article.txt")) if corpus.is_dir() else []
    found += sorted(pdf_corpus.glob("*.pdf")) if pdf_corpus.is_dir() else []
    return found


def as_text(title: str, paragraphs: list[str], entries: list[str]) -> str:
    """An article as plain text: title, paragraphs, and a reference list one entry per block."""
    body = "\n\n".join(paragraphs)
    listed = "\n\n".join(entries)
    return f"{title}\n\n{body}\n\nReferences\n\n{listed}\n"


def damage(entries: list[str], how: str) -> list[str]:
    """The entries damaged one way (see the module doc)."""
    n = len(entries)
    middle = n // 2
    if how == "truncated":
        return entries[: n - max(2, n // 4)]
    if how == "gap":
        return entries[: middle - 1] + entries[middle + 2 :]
    if how == "merged, no labels":
        entries = [_LABEL.sub("", entry) for entry in entries]
    if how.startswith("merged"):
        return [*entries[: middle - 1], " ".join(entries[middle - 1 : middle + 2]), *entries[middle + 2 :]]
    return list(entries)


def reported(summary: str) -> list[str]:
    return [line.strip() for line in summary.splitlines() if _LIST_NOTE.search(line)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--pdf-corpus", type=Path, default=DEFAULT_PDF_CORPUS)
    parser.add_argument("--show", action="store_true", help="print the notes of every damaged list")
    args = parser.parse_args(argv)
    paths = sources(args.corpus, args.pdf_corpus)
    if not paths:
        print(f"no corpus at {args.corpus} or {args.pdf_corpus}; pass --corpus / --pdf-corpus", file=sys.stderr)
        return 2
    import warnings

    from litmap import load_article
    from litmap.read import read_article

    warnings.simplefilter("ignore")  # the heading-less warning; the notes say the same
    counts = {how: [0, 0] for how in DAMAGES}  # reported, total
    missed: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        for path in paths:
            article = read_article(path)
            entries = [text for _, text in article.reference_entries()]
            if len(entries) < 8:
                continue
            name = path.parent.name if path.name == "article.txt" else path.stem
            paragraphs = [text for _, _, text in article.paragraphs]
            for how in DAMAGES:
                text_path = Path(folder) / f"{name}-{how.replace(' ', '-').replace(',', '')}.txt"
                text_path.write_text(as_text(article.title, paragraphs, damage(entries, how)), encoding="utf-8")
                notes = reported(load_article(text_path).summary())
                counts[how][0] += bool(notes)
                counts[how][1] += 1
                if (how == "sound") == bool(notes):
                    missed.append(f"{name} [{how}]: {notes[0] if notes else 'not reported'}")
                if args.show and how != "sound":
                    print(f"{name} [{how}]: {' | '.join(notes) or 'NOT REPORTED'}")
    print(f"{'list':<20}{'reported':>10}{'of':>5}")
    for how, (hit, total) in counts.items():
        print(f"{how:<20}{hit:>10}{total:>5}{'   (false alarms)' if how == 'sound' else ''}")
    damaged = [counts[how] for how in DAMAGES if how != "sound"]
    print(f"\ndamaged lists reported: {sum(h for h, _ in damaged)}/{sum(t for _, t in damaged)}")
    print(f"sound lists doubted: {counts['sound'][0]}/{counts['sound'][1]}")
    print(f"seconds: {time.perf_counter() - started:.0f}")
    for line in missed:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
