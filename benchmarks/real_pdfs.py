"""Score litmap's PDF reading on real article PDFs with ground truth (``../shared/corpus-pdf``).

For each ``<id>.pdf`` with its ``<id>.truth.json`` (format and scoring conventions in that folder's
README), ``litmap.load_article`` reads the PDF and builds the tables, and this script reports:

- **splitting** (extraction on its own, whatever the parser does): is the number of reference
  entries exact, and how many entries equal the truth's ``printed`` string (label left out,
  whitespace, case, quotes and dashes normalised) or nearly so (similarity ≥ 0.95);
- **fields**: per-field and micro precision/recall/F1 of the parsed entries against the truth,
  as the corpus conventions ask (entries matched by order or best text match; authors by family
  name; journals and titles normalised; an abbreviated page range counts as its expansion; a
  field is scored only where the truth has it);
- **citation links**: each truth citation is matched to litmap's citations whose ``cited_as``
  lies inside the truth's (whitespace-insensitive) in an overlapping sentence, and the
  references they point to are compared as sets: micro P/R/F1 over (citation, reference) links;
- **seconds** per PDF for ``load_article`` (PDF to tables), and pages per second.

Usage::

    .venv/bin/python benchmarks/real_pdfs.py [--corpus DIR] [--show ID] [--libraries]

``--libraries`` also compares the plain-text output of pypdfium2, pdfplumber and pypdf on the same
PDFs (reading order, speed); pdfplumber and pypdf are not litmap dependencies, so install them
into the venv first for that comparison.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

from rapidfuzz import fuzz

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus-pdf"
FIELDS = ("authors", "year", "title", "container", "volume", "issue", "pages", "doi")


# -- normalisation and counting (small, so the HTML benchmark can share them) ---------------------------


def norm(value) -> str:
    """Comparison form: NFKD without accents, lower case, letters and digits only."""
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", "", text.lower())


def norm_printed(text: str) -> str:
    """A reference as printed, for comparing entries: label dropped, quotes, dashes and spaces unified."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"^\s*(?:\[\d+\]\s*|\(\d+\)\s*|\d{1,4}\.\s*|\d{1,4}\s+(?=\D))", "", text)  # "1." "[1]" "1 Smith"
    text = text.translate(str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00ad": ""}))
    return re.sub(r"\s+", " ", text).strip().lower()


def expand_pages(pages: str) -> str:
    """ "241-63" -> "241-263": an abbreviated last page takes the first page's leading digits."""
    match = re.fullmatch(r"(\w*?)(\d+)-(\w*?)(\d+)", re.sub(r"\s*[-–—]+\s*", "-", pages.strip()))
    if not match:
        return pages.strip()
    first, last = match.group(2), match.group(4)
    if len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return f"{match.group(1)}{first}-{match.group(3)}{last}"


def prf(counts: Counter) -> tuple[float, float, float]:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def compare(want: str | None, got: str | None, counter: Counter) -> None:
    if want in (None, ""):
        return  # scored only where the truth has the field
    if got in (None, ""):
        counter["fn"] += 1
    elif got == want:
        counter["tp"] += 1
    else:
        counter.update(fp=1, fn=1)


# -- matching extracted entries to the truth -------------------------------------------------------------


def align_entries(extracted: list[str], printed: list[str]) -> dict[int, int]:
    """Extracted entry index -> truth index: by order when the counts agree, else by best text match."""
    if len(extracted) == len(printed):
        return dict(zip(range(len(extracted)), range(len(printed))))
    pairs = []
    for i, text in enumerate(extracted):
        a = norm_printed(text)
        for j, truth in enumerate(printed):
            score = fuzz.ratio(a, norm_printed(truth))
            if score >= 70:
                pairs.append((score, i, j))
    aligned: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in sorted(pairs, reverse=True):
        if i not in aligned and j not in used:
            aligned[i] = j
            used.add(j)
    return aligned


def score_fields(truth: dict, parsed: dict, counts: dict[str, Counter]) -> None:
    """Add one entry's field counts, following the corpus conventions."""
    want = Counter(norm(a.get("family") or "") for a in truth.get("authors") or [])
    got = Counter(norm(a.get("family") or a.get("literal") or "") for a in parsed.get("authors") or [])
    if want:
        hit = sum((want & got).values())
        counts["authors"].update(tp=hit, fp=sum(got.values()) - hit, fn=sum(want.values()) - hit)
    compare(str(truth["year"]) if truth.get("year") else None, _str(parsed.get("year")), counts["year"])
    for field in ("title", "container", "volume", "issue"):
        compare(norm(truth[field]) if truth.get(field) else None, _norm_or_none(parsed.get(field)), counts[field])
    if truth.get("pages"):
        wanted = {norm(expand_pages(truth["pages"])), norm(truth["pages"])}
        if truth.get("pages_full"):
            wanted.add(norm(truth["pages_full"]))
        got_pages = parsed.get("pages")
        if got_pages in (None, ""):
            counts["pages"]["fn"] += 1
        elif norm(got_pages) in wanted or norm(expand_pages(got_pages)) in wanted:
            counts["pages"]["tp"] += 1
        else:
            counts["pages"].update(fp=1, fn=1)
    compare(truth["doi"].lower() if truth.get("doi") else None, _str(parsed.get("doi")), counts["doi"])


def _str(value) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value)
    return None if text in ("", "<NA>", "nan") else text.lower()


def _norm_or_none(value) -> str | None:
    text = _str(value)
    return norm(text) if text else None


# -- citation links ----------------------------------------------------------------------------------


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def sentence_overlap(a: str, b: str) -> float:
    """How much two sentences overlap, 0 to 1: 1 when one holds the other, else their longest shared
    run of letters and digits against the shorter one; 0 when the run is too short to count."""
    a, b = norm(a), norm(b)
    if not a or not b:
        return 0.0
    shorter = a if len(a) <= len(b) else b
    if a == b or (shorter in (b if shorter is a else a) and len(re.findall(r"[a-z]", shorter)) >= 4):
        return 1.0  # not for a table cell of digits ("[16]" is inside any sentence with "16" in it)
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    if match.size < max(6, min(40, 0.5 * len(shorter))):
        return 0.0
    return match.size / min(len(a), len(b))


def sentences_overlap(a: str, b: str) -> bool:
    """Same or overlapping sentence: one holds the other, or they share a long run of text."""
    return sentence_overlap(a, b) > 0


def score_citations(truth_citations: list[dict], predicted: list[dict], counts: Counter) -> None:
    """Micro counts over (citation, reference n) links; ``predicted`` rows have sentence, cited_as, refs.

    A truth citation takes the unused predicted rows whose ``cited_as`` lies inside its own, from the
    predicted sentence that overlaps its sentence most (so a sentence repeated almost word for word
    in the abstract and the discussion is matched to the right one).
    """
    used: set[int] = set()
    for citation in truth_citations:
        want = set(citation["refs"])
        core = squash(citation["cited_as"]).strip("()[]")
        candidates = []
        for index, row in enumerate(predicted):
            piece = squash(row["cited_as"]).strip("()[]")
            if index in used or not piece or piece not in core:
                continue
            overlap = sentence_overlap(row["sentence"], citation["sentence"])
            if overlap:
                # of sentences that overlap alike, the one closest in length: a table's cell "Loefer &
                # Sedberry, 2003" lies inside every sentence that cites it, and is not that sentence
                closeness = -abs(len(norm(row["sentence"])) - len(norm(citation["sentence"])))
                candidates.append((overlap, closeness, index))
        got: set[int] = set()
        if candidates:
            best = max(overlap for overlap, _, _ in candidates)
            sentence = predicted[max(candidates)[2]]["sentence"]
            for overlap, _, index in candidates:
                if overlap == best and predicted[index]["sentence"] == sentence:
                    used.add(index)
                    got |= predicted[index]["refs"]
        hit = len(want & got)
        counts.update(tp=hit, fp=len(got) - hit, fn=len(want) - hit)
    for index, row in enumerate(predicted):
        if index not in used:
            counts["fp"] += len(row["refs"])


def predicted_citations(tables, ref_to_n: dict[str, int]) -> list[dict]:
    """litmap's citations grouped by claim and cited_as, with the truth numbers of their references.

    The same citation printed twice in one sentence gives its rows twice; it is two citations.
    """
    sentences = dict(zip(tables.claims["claim_id"], tables.claims["text"]))
    groups: dict[tuple[str, str, int], set[int]] = {}
    seen: Counter = Counter()
    for row in tables.citations.itertuples():
        seen[(row.claim_id, row.cited_as, row.ref_id)] += 1
        key = (row.claim_id, row.cited_as, seen[(row.claim_id, row.cited_as, row.ref_id)])
        refs = groups.setdefault(key, set())
        if isinstance(row.ref_id, str) and row.ref_id in ref_to_n:
            refs.add(ref_to_n[row.ref_id])
        elif isinstance(row.ref_id, str):
            refs.add(-1)  # linked to an entry that matches no truth entry: a wrong link
    return [{"sentence": sentences.get(c, ""), "cited_as": a, "refs": refs} for (c, a, _), refs in groups.items()]


# -- one PDF -----------------------------------------------------------------------------------------------


#: A statistic or a unit raised to a power, as litmap writes a superscript it took for a citation:
#: "I[2]=", "I [2]", "R[2]", "χ[2]", "m[2]", "cm[3]", "10[5]".
STATISTIC_CITED = re.compile(
    r"(?:(?<![^\W\d_])(?<!['\u2019])(?:I|R|r|χ|X|m|cm|km|mm|µm|μm|kg|mg|ml|mL|s|h)|(?<![\d.])10) ?\[\d{1,2}\]"
)


def statistics_cited(tables) -> int:
    """Citations whose text in the claim is a statistic's or a unit's exponent ("I[2]=98%")."""
    sentences = dict(zip(tables.claims["claim_id"], tables.claims["text"]))
    count = 0
    for claim_id, cited_as in set(zip(tables.citations["claim_id"], tables.citations["cited_as"])):
        sentence = sentences.get(claim_id, "")
        for match in STATISTIC_CITED.finditer(sentence):
            if match.group(0).endswith(cited_as):
                count += 1
    return count


def rules_records(entries: list[str]) -> list[dict]:
    """The entries parsed by the regular-expression rules alone (no learned parser)."""
    from litmap.parse.references import parse_reference_rules

    return [parse_reference_rules(text) for text in entries]


def score_pdf(
    pdf: Path,
    truth: dict,
    field_counts: dict[str, Counter],
    link_counts: Counter,
    show: bool,
    rule_counts: dict[str, Counter] | None = None,
) -> dict:
    from litmap import load_article

    started, cpu = time.perf_counter(), time.process_time()
    try:
        tables = load_article(pdf)
    except Exception as err:  # a benchmark reports every failure and goes on
        seconds = time.perf_counter() - started
        printed = [r["printed"] for r in truth["references"]]
        for entry in truth["references"]:  # every field of every entry missed
            score_fields(entry, {}, field_counts)
            if rule_counts is not None:
                score_fields(entry, {}, rule_counts)
        local = Counter()
        if truth.get("citations"):
            score_citations(truth["citations"], [], local)
            link_counts.update(local)
        return {
            "id": truth["id"],
            "pages": truth["pdf_pages"],
            "refs": 0,
            "truth_refs": len(printed),
            "exact": 0,
            "near": 0,
            "links": local,
            "seconds": seconds,
            "title_ok": False,
            "doi": "",
            "error": f"{type(err).__name__}: {str(err)[-160:]}",
            "statistics": 0,
            "notes": [],
            "cpu": 0.0,
        }
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    refs = tables.references
    extracted = list(refs["raw"])
    printed = [r["printed"] for r in truth["references"]]
    aligned = align_entries(extracted, printed)
    exact = sum(norm_printed(extracted[i]) == norm_printed(printed[j]) for i, j in aligned.items())
    near = sum(fuzz.ratio(norm_printed(extracted[i]), norm_printed(printed[j])) >= 95 for i, j in aligned.items())
    records = refs.to_dict("records")
    by_rules = rules_records(extracted) if rule_counts is not None else []
    for i, j in aligned.items():
        score_fields(truth["references"][j], records[i], field_counts)
        if rule_counts is not None:
            score_fields(truth["references"][j], by_rules[i], rule_counts)
    for j in set(range(len(printed))) - set(aligned.values()):  # entries not found: every field missed
        score_fields(truth["references"][j], {}, field_counts)
        if rule_counts is not None:
            score_fields(truth["references"][j], {}, rule_counts)
    ref_to_n = {records[i]["ref_id"]: truth["references"][j]["n"] for i, j in aligned.items()}
    local = Counter()
    if truth.get("citations"):
        score_citations(truth["citations"], predicted_citations(tables, ref_to_n), local)
        link_counts.update(local)
    if show:
        _show(extracted, printed, aligned)
    return {
        "id": truth["id"],
        "pages": truth["pdf_pages"],
        "refs": len(extracted),
        "truth_refs": len(printed),
        "exact": exact,
        "near": near,
        "links": local,
        "seconds": seconds,
        "title_ok": norm(tables.article.title) == norm(truth["title"]),
        "doi": tables.article.doi,
        "error": "",
        "statistics": statistics_cited(tables),
        "notes": list(tables.article.notes),
        "cpu": cpu,
    }


def _show(extracted: list[str], printed: list[str], aligned: dict[int, int]) -> None:
    for i, text in enumerate(extracted):
        j = aligned.get(i)
        if j is None:
            print(f"  extra  {i + 1}: {text[:160]}")
        elif norm_printed(text) != norm_printed(printed[j]):
            print(f"  differ {i + 1}: {text[:160]}\n      truth {j + 1}: {printed[j][:160]}")
    for j in sorted(set(range(len(printed))) - set(aligned.values())):
        print(f"  missing {j + 1}: {printed[j][:160]}")


# -- libraries compared --------------------------------------------------------------------------------------


def library_texts(pdf: Path) -> dict[str, tuple[str, float]]:
    """Plain text of each library's default extraction, with seconds taken."""
    out: dict[str, tuple[str, float]] = {}
    import pypdfium2

    started = time.perf_counter()
    document = pypdfium2.PdfDocument(str(pdf))
    text = "\n".join(page.get_textpage().get_text_range() for page in document)
    out["pypdfium2"] = (text, time.perf_counter() - started)
    try:
        import pdfplumber

        started = time.perf_counter()
        with pdfplumber.open(str(pdf)) as plumber:
            text = "\n".join(page.extract_text() or "" for page in plumber.pages)
        out["pdfplumber"] = (text, time.perf_counter() - started)
    except ImportError:
        print("  (pdfplumber not installed: `pip install pdfplumber` to compare it)", file=sys.stderr)
    try:
        import pypdf

        started = time.perf_counter()
        text = "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(str(pdf)).pages)
        out["pypdf"] = (text, time.perf_counter() - started)
    except ImportError:
        print("  (pypdf not installed: `pip install pypdf` to compare it)", file=sys.stderr)
    return out


def reading_order_score(text: str, truth: dict) -> tuple[float, float]:
    """Shares of truth references and citation sentences found whole in a text (hyphens and breaks rejoined)."""
    flat = norm(re.sub(r"-\s*\n\s*", "", text))
    refs = [norm(r["printed"]) for r in truth["references"]]
    sentences = [norm(c["sentence"]) for c in truth["citations"] if c.get("where") == "text"]
    found_refs = sum(r in flat for r in refs) / len(refs)
    found_sentences = sum(s in flat for s in sentences) / max(1, len(sentences))
    return found_refs, found_sentences


def compare_libraries(items: list[tuple[Path, dict]]) -> None:
    from litmap.read.pdf_pages import compute_pdf_article

    print("\nlibraries' own text vs litmap's layout: share of truth references / citation sentences found whole")
    totals: dict[str, list[float]] = {}
    for pdf, truth in items:
        texts = library_texts(pdf)
        started = time.perf_counter()
        article = compute_pdf_article(pdf.read_bytes(), source=str(pdf))
        seconds = time.perf_counter() - started
        body = "\n".join(text for _, _, text in article.paragraphs)
        refs = "\n".join(text for _, text in article.reference_lines)
        texts["litmap (pypdfium2 + layout)"] = (body + "\n" + refs, seconds)
        for name, (text, secs) in texts.items():
            r, s = reading_order_score(text, truth)
            totals.setdefault(name, []).extend([r, s, secs, truth["pdf_pages"]])
            print(f"  {truth['id'][:38]:<38} {name:<28} refs {r:5.2f}  sentences {s:5.2f}  {secs:6.2f} s")
    print("\n  overall (mean over PDFs):")
    for name, values in totals.items():
        refs, sentences = values[0::4], values[1::4]
        secs, pages = sum(values[2::4]), sum(values[3::4])
        print(
            f"  {name:<28} refs {sum(refs) / len(refs):5.2f}  sentences {sum(sentences) / len(sentences):5.2f}"
            f"  {pages / secs:6.1f} pages/s"
        )


# -- main ------------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of <id>.pdf + <id>.truth.json")
    parser.add_argument("--show", metavar="ID", default="", help="print the entries that differ for PDFs matching ID")
    parser.add_argument("--libraries", action="store_true", help="also compare pypdfium2, pdfplumber and pypdf")
    parser.add_argument("--notes", action="store_true", help="print the notes (doubts) litmap gives for each PDF")
    args = parser.parse_args(argv)
    truths = sorted(args.corpus.glob("*.truth.json")) if args.corpus.is_dir() else []
    if not truths:
        print(
            f"no PDF corpus at {args.corpus} (expected <id>.pdf with <id>.truth.json); pass --corpus DIR",
            file=sys.stderr,
        )
        return 2
    items = [
        (path.with_name(path.name.replace(".truth.json", ".pdf")), json.loads(path.read_text())) for path in truths
    ]
    field_counts: dict[str, Counter] = {field: Counter() for field in FIELDS}
    rule_counts: dict[str, Counter] = {field: Counter() for field in FIELDS}
    link_counts: Counter = Counter()
    rows = []
    print(f"{'pdf':<42}{'pages':>6}{'refs':>6}{'truth':>6}{'exact':>7}{'≥.95':>6}{'link F1':>9}{'s':>7}  title doi")
    for pdf, truth in items:
        show = bool(args.show) and args.show in truth["id"]
        row = score_pdf(pdf, truth, field_counts, link_counts, show=show, rule_counts=rule_counts)
        rows.append(row)
        link_f1 = f"{prf(row['links'])[2]:.3f}" if row["links"] else "-"
        print(
            f"{row['id'][:41]:<42}{row['pages']:>6}{row['refs']:>6}{row['truth_refs']:>6}{row['exact']:>7}"
            f"{row['near']:>6}{link_f1:>9}{row['seconds']:>7.2f}  {'ok' if row['title_ok'] else 'no':<5} {row['doi']}"
        )
        if row["error"]:
            print(f"    FAILED {row['error']}")
        if row["statistics"]:
            print(f"    {row['statistics']} statistic(s) linked as citations")
        for note in row["notes"] if args.notes else ():
            print(f"    note: {note}")
    total_refs = sum(r["truth_refs"] for r in rows)
    count_exact = sum(r["refs"] == r["truth_refs"] for r in rows)
    print(f"\nreference count exact: {count_exact}/{len(rows)} PDFs ({count_exact / len(rows):.0%})")
    print(f"entries equal to the printed truth: {sum(r['exact'] for r in rows)}/{total_refs}", end="")
    print(f" ({sum(r['exact'] for r in rows) / total_refs:.1%}); similarity ≥ 0.95: {sum(r['near'] for r in rows)}")
    micro = Counter()
    print(f"\n{'field':<11}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}")
    for field in FIELDS:
        micro.update(field_counts[field])
        p, r, f = prf(field_counts[field])
        print(f"{field:<11}{p:7.3f}{r:7.3f}{f:7.3f}{field_counts[field]['tp'] + field_counts[field]['fn']:6d}")
    p, r, f = prf(micro)
    print(f"{'micro':<11}{p:7.3f}{r:7.3f}{f:7.3f}")
    rules_micro = Counter()
    for field in FIELDS:
        rules_micro.update(rule_counts[field])
    p, r, f = prf(rules_micro)
    per_field = ", ".join(f"{field} {prf(rule_counts[field])[2]:.3f}" for field in FIELDS)
    print(f"{'rules alone':<11}{p:7.3f}{r:7.3f}{f:7.3f}  ({per_field})")
    failed = [r["id"] for r in rows if r["error"]]
    print(f"\nfailed: {len(failed)} of {len(rows)} PDFs{': ' + ', '.join(failed) if failed else ''}")
    print(f"statistics linked as citations: {sum(r['statistics'] for r in rows)}")
    print(f"PDFs with notes (doubts said): {sum(bool(r['notes']) for r in rows)}")
    p, r, f = prf(link_counts)
    print(f"\ncitation links: P {p:.3f} R {r:.3f} F1 {f:.3f} ({link_counts['tp'] + link_counts['fn']} truth links)")
    pages = sum(r["pages"] for r in rows)
    seconds = sum(r["seconds"] for r in rows)
    print(
        f"speed: {pages} pages in {seconds:.1f} s ({pages / seconds:.1f} pages/s; slowest PDF {max(r['seconds'] for r in rows):.2f} s)"
    )
    cpu = sum(r["cpu"] for r in rows)
    slowest = max(rows, key=lambda r: r["cpu"] / r["pages"])
    print(
        f"CPU time (one core, whatever else the machine runs): {cpu:.1f} s for {pages} pages; "
        f"slowest per page {slowest['id']} ({slowest['pages']} pages, {slowest['cpu']:.2f} s)"
    )
    if args.libraries:
        compare_libraries(items)
    return 0


if __name__ == "__main__":
    sys.exit(main())
