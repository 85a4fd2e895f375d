"""Rebuild litmap's table of title-word abbreviations (ISO 4) from the ISSN LTWA: ``src/litmap/data/venue-words.tsv``.

The audit compares a cited venue ("J Pers Soc Psychol", "J. Pers. Soc. Psychol.") with the record's
("Journal of Personality and Social Psychology") word by word; this table says how ISO 4 abbreviates
each title word. It is built from the List of Title Word Abbreviations (LTWA) of the ISSN
International Centre, the list ISO 4 abbreviations are made from, as shipped in the ``pyiso4``
package (MIT; its ``LTWA_20210702.csv``, the LTWA of 2 July 2021 with a few obvious errors fixed),
or from an LTWA file given with ``--ltwa`` (the ISSN's own CSV has the same three columns).

Kept: the entries of English, Latin, multilingual and undetermined words that have an abbreviation
("n.a." entries say a word is not abbreviated, which the comparison assumes anyway). Each line is
``pattern<TAB>abbreviation[|abbreviation…]``: the pattern folded to lower-case ASCII, a trailing
dash for a word start ("psycholog-" covers psychology, psychological…), a leading one for a word
end; the abbreviation lower-case without full stops. The output is sorted, so the same LTWA gives
the same bytes (``--check`` verifies the shipped table against a fresh build).

Usage::

    .venv/bin/python tools/build_venue_words.py [--ltwa FILE] [--out FILE] [--check]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "src" / "litmap" / "data" / "venue-words.tsv"
LANGUAGES = frozenset({"eng", "mul", "lat", "und"})
NOT_ABBREVIATED = frozenset({"n.a.", "n. a.", "n.a", "-"})
HEADER = """\
# ISO 4 title-word abbreviations for comparing venue names (litmap.verify venue normaliser).
# Derived from the List of Title Word Abbreviations (LTWA) of the ISSN International Centre
# ({source}); English, Latin, multilingual and undetermined entries that have an abbreviation.
# pattern: lower-case ASCII; "word-" matches a word's start, "-word" its end, else the whole word.
# abbreviation: lower-case, no full stops; several are separated by "|".
# Rebuilt by tools/build_venue_words.py; see src/litmap/data/README-venue-words.md for the licence.
"""


def default_ltwa() -> Path:
    """The LTWA file shipped in the pyiso4 package (``pip install pyiso4``)."""
    try:
        import pyiso4
    except ImportError:
        raise SystemExit("pyiso4 is not installed: pip install pyiso4, or pass the LTWA file with --ltwa") from None
    found = sorted(Path(pyiso4.__file__).parent.glob("LTWA_*.csv"))
    if not found:
        raise SystemExit(f"no LTWA_*.csv in {Path(pyiso4.__file__).parent}; pass the LTWA file with --ltwa")
    return found[-1]


def fold(text: str) -> str:
    """Lower-case ASCII: accents dropped ('Société' -> 'societe')."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def read_ltwa(path: Path) -> list[tuple[str, str, set[str]]]:
    """(word pattern, abbreviation, language codes) of every entry of an LTWA file (tab or semicolon separated)."""
    text = path.read_text(encoding="utf-8-sig")
    delimiter = "\t" if text.split("\n", 1)[0].count("\t") >= 2 else ";"
    rows = list(csv.reader(text.splitlines(), delimiter=delimiter))
    if not rows or len(rows[0]) < 3 or "WORD" not in rows[0][0].upper():
        raise SystemExit(f"{path}: not an LTWA file (expected the columns WORD, ABBREVIATIONS, LANGUAGE CODES)")
    return [
        (row[0], row[1], {code.strip() for code in re.split(r"[,\s]+", row[2]) if code.strip()})
        for row in rows[1:]
        if len(row) >= 3
    ]


def build_table(entries, languages=LANGUAGES) -> dict[str, list[str]]:
    """Pattern -> its abbreviations, for the entries of ``languages`` that have one."""
    table: dict[str, list[str]] = {}
    for word, abbreviation, codes in entries:
        if not codes & languages or abbreviation.strip().lower() in NOT_ABBREVIATED:
            continue
        pattern = " ".join(fold(re.sub(r"\(.*?\)", "", word)).split())  # "(annotations)" dropped
        short = " ".join(fold(abbreviation).replace(".", " ").split())
        if pattern and short:
            table.setdefault(pattern, [])
            if short not in table[pattern]:
                table[pattern].append(short)
    return table


def render(table: dict[str, list[str]], source: str) -> str:
    lines = [f"{pattern}\t{'|'.join(sorted(shorts))}" for pattern, shorts in sorted(table.items())]
    return HEADER.format(source=source) + "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ltwa", type=Path, default=None, help="an LTWA file (default: the one in pyiso4)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true", help="verify --out against a fresh build; write nothing")
    args = parser.parse_args()
    ltwa = args.ltwa or default_ltwa()
    name = ltwa.name
    source = f"{name}, as shipped in pyiso4" if args.ltwa is None else name
    text = render(build_table(read_ltwa(ltwa)), source)
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print(f"{args.out}: {'same as' if same else 'DIFFERS from'} a fresh build from {ltwa}")
        sys.exit(0 if same else 1)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}: {text.count(chr(10)) - HEADER.count(chr(10))} patterns from {ltwa}")


if __name__ == "__main__":
    main()
