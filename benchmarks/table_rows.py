"""Count the sentences and claims of the real PDFs that are rows or cells of a table, not prose.

For each PDF of ``../shared/corpus-pdf`` (or ``--only ID``), ``litmap.load_article`` reads it and this
script counts, among its sentences and its claims:

- **table section**: the rows of a table that cite a reference ("Chan [44]", "Gan et al 2004[15] RCT"),
  which the reader sets apart on purpose in a section of their own (``Tables``) so that their citation
  links count; they are sentences, and claims because they cite;
- **cell-like elsewhere**: sentences outside that section that read as a table's cells — three or more
  number cells ("776 815 737", "0.45 (0.20–0.70)", "14.0", "-", "828*") making 60 % of the words with at
  most two lower-case words of prose; or four or more words of which none is lower-case prose and none
  ends a sentence ("Male Female Male Male", "Initial Recapture FL (mm) FL (mm)"); or a bare
  author–year cell ("Kebede A et al, 2012").

The second count is a heuristic, the same whatever the reader does, so that the same script measures
the code before and after a change (run it with ``PYTHONPATH`` pointing at the other code's ``src``);
``--show`` prints the sentences counted, to be read by eye.

    .venv/bin/python benchmarks/table_rows.py [--corpus DIR] [--only ID] [--show]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import litmap

_NUMBER_CELL = re.compile(r"[<>≤≥=±~(\[]{0,3}[-–−]{0,2}(?:\d[\d.,·:/%–−-]{0,16}|[-–−—]{1,3}|NA|NR)[)\]*+†‡%,;]{0,3}")
_PROSE_WORD = re.compile(r"[a-z]{3,}[,;:.]?")
_AUTHOR_YEAR = re.compile(r"[A-Z][\w’'\-]{1,30}(?: [A-Z]{1,3})? et al\.?,? (?:1[5-9]|20)\d\d")
_TABLE_SECTION = "Tables"


def cell_like(text: str) -> bool:
    """Whether a sentence reads as a table's cells rather than prose (see the module's docstring)."""
    words = text.split()
    numbers = sum(_NUMBER_CELL.fullmatch(word) is not None for word in words)
    prose = sum(_PROSE_WORD.fullmatch(word) is not None for word in words)
    if numbers >= 3 and numbers >= 0.6 * len(words) and prose <= 2:
        return True
    if len(words) >= 4 and prose == 0 and not re.search(r"[.!?:]\W{0,2}$", text):
        return True
    return bool(re.fullmatch(r"(?:" + _AUTHOR_YEAR.pattern + r"\s{0,3}){1,3}", text.strip()))


def count(path: Path) -> dict:
    tables = litmap.load_article(path)
    sentences = tables.sentences
    in_section = sentences["section"] == _TABLE_SECTION
    cells = ~in_section & sentences["text"].map(cell_like)
    claimed = sentences["claim_id"].notna()
    return {
        "id": path.stem,
        "sentences": len(sentences),
        "claims": len(tables.claims),
        "section_sentences": int(in_section.sum()),
        "section_claims": int((in_section & claimed).sum()),
        "cell_sentences": int(cells.sum()),
        "cell_claims": int((cells & claimed).sum()),
        "cells": list(sentences.loc[cells, "text"]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus-pdf"))
    parser.add_argument("--only", help="one PDF's id")
    parser.add_argument("--show", action="store_true", help="print the cell-like sentences")
    args = parser.parse_args(argv)
    paths = sorted(Path(args.corpus).glob("*.pdf"))
    if args.only:
        paths = [p for p in paths if p.stem == args.only]
    rows = [count(path) for path in paths]
    print(f"{'PDF':45} {'sent':>5} {'claims':>6} {'table-section s/c':>18} {'cell-like s/c':>14}")
    for row in rows:
        print(
            f"{row['id'][:45]:45} {row['sentences']:5} {row['claims']:6} "
            f"{row['section_sentences']:>10}/{row['section_claims']:<7} {row['cell_sentences']:>7}/{row['cell_claims']:<6}"
        )
        if args.show:
            for text in row["cells"]:
                print(f"    | {text[:140]}")
    total = {key: sum(row[key] for row in rows) for key in rows[0] if key not in ("id", "cells")}
    print(
        f"{'total':45} {total['sentences']:5} {total['claims']:6} "
        f"{total['section_sentences']:>10}/{total['section_claims']:<7} {total['cell_sentences']:>7}/{total['cell_claims']:<6}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
