"""Hostile input, measured: the red team's cases against their goals, and a fuzz run (issue #25).

Outside ``make test``: it takes minutes. Each case runs in a fresh process, so its peak memory (RSS)
is its own. Prints one line per case and, last, the fuzz run's totals; numbers go into
benchmarks/README.md ("Hostile input") by hand.

    .venv/bin/python benchmarks/hostile_input.py              # every case, then 3 minutes of fuzzing
    .venv/bin/python benchmarks/hostile_input.py --fuzz 600   # a longer fuzz run
    .venv/bin/python benchmarks/hostile_input.py --only fuzz

The fuzz run draws text from hypothesis (entries built of initials, particles, years, brackets and
punctuation; arbitrary Unicode; answers shaped like a service's) for every text-reading function and
fails on any traceback other than litmap's own errors, or on any single call over 1 s.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: The shared development corpus (text articles), for the varied one-line article: ``../shared/corpus``
#: beside the repository (``../../shared`` for a git worktree kept one folder deeper), or LITMAP_CORPUS.
ROOT = Path(__file__).resolve().parents[1]
CORPUS = os.environ.get(
    "LITMAP_CORPUS",
    str(next((p / "shared" for p in ROOT.parents[:2] if (p / "shared").is_dir()), ROOT.parent / "shared") / "corpus"),
)
CASES = {
    "30-initial entry": "entry",
    "5,000 references": "refs",
    "5 MB article on one line": "oneline",
    "5 MB article on one line, varied sentences": "oneline-varied",
    "PDF page of 800,000 glyphs": "glyphs",
    "named pipe nobody writes to": "pipe",
    "HTML element with 200,000 attributes": "attributes",
    "Markdown list and quote nested 10,000 deep": "markdown-deep",
    "answer with 10,000 authors and a 1 MB title, matched": "big-record",
    "snapshot of 51 MB of answers (10,000 authors each), written": "big-snapshot",
    "40 sentences each citing all 500 references, run with figures and deck": "crowded",
    "topics YAML: nine anchors of nine aliases (600 bytes, 387 million strings)": "alias-bomb",
    "one bracket of 16,000 years with letters ('2017, 1990a, 1991b, …')": "year-letters",
    "HTML: 100,000 nested <ul><li>, then the references": "html-lists",
    "5,000 'References' lines in the article (66 kB)": "headings",
    "a Crossref search answering 10,000 candidates, conformed and matched": "search-items",
    "a Markdown table of 50,000 rows, then the references": "markdown-table",
}
GOALS = {
    "entry": "< 0.1 s",
    "refs": "< 10 s",
    "oneline": "< 30 s and < 1 GB",
    "oneline-varied": "< 30 s and < 1 GB",
    "glyphs": "read or refused within 120 s",
    "pipe": "one line, < 5 s (was: waited for ever)",
    "attributes": "read, < 5 s (was: past 120 s)",
    "markdown-deep": "nothing lost, < 5 s (was: the text past 20 levels and after it dropped)",
    "big-record": "< 1 s",
    "big-snapshot": "< 10 s",
    "crowded": "linear in citations (was: citations x references, and pairs of co-cited sources per sentence)",
    "alias-bomb": "refused in one line, < 1 s (was: still running when stopped at 60 s)",
    "year-letters": "linear (was: each year's letters searched for to the end of the bracket)",
    "html-lists": "the 11 references read (was: 'no reference section found')",
    "headings": "linear (was: each heading's region walked over every heading after it)",
    "search-items": "< 1 s (was: every candidate checked and matched)",
    "markdown-table": "read, linear",
}


def _case(kind: str) -> None:
    """Run one case in this process and print 'seconds peak-GB what'."""
    import resource

    folder = Path(tempfile.mkdtemp())
    start, cpu = time.perf_counter(), time.process_time()
    if kind == "entry":
        from litmap.parse import parse_reference

        parse_reference("Warm-up, A. (2001). T. J, 1(2), 3-4.")
        start, cpu = time.perf_counter(), time.process_time()
        worst = 0.0
        for unit in ("J. ", "A. B. ", "Jr. ", "Ed. ", "St. "):
            t = time.perf_counter()
            parse_reference("Smith, " + unit * 30 + "(2001). Title. Journal, 1(2), 3-4.")
            worst = max(worst, time.perf_counter() - t)
        what = f"slowest of 5 kinds of 30 initials: {worst:.4f} s"
    elif kind == "refs":
        from litmap.pipeline import load_article

        refs = [
            f"Smith{i}, J. K., & Lee, A. ({1950 + i % 70}). Title number {i} of a study on empathy. "
            f"Journal of Care, {i % 40}({i % 4}), {i}-{i + 9}. https://doi.org/10.1000/x{i}"
            for i in range(5000)
        ]
        path = folder / "refs.txt"
        path.write_text("Title\n\nEmpathy predicts outcome (Smith0, 2001).\n\nReferences\n\n" + "\n\n".join(refs))
        start, cpu = time.perf_counter(), time.process_time()
        what = f"{len(load_article(path).references)} references"
    elif kind == "oneline":
        from litmap.pipeline import load_article

        sentence = "Empathy predicts outcome in therapy (Smith, 2001) and trust grows [3]. "
        text = "Title\n\n" + sentence * (5_000_000 // len(sentence))
        path = folder / "line.txt"
        path.write_text(text + "\n\nReferences\n\nSmith, J. (2001). Empathy. Journal of Care, 3(2), 10-20.\n")
        start, cpu = time.perf_counter(), time.process_time()
        what = f"{len(load_article(path).claims)} claims"
    elif kind == "oneline-varied":
        from litmap.pipeline import load_article

        # One sentence repeated is kind to caches: a real 5 MB article has distinct sentences. These are
        # the sentences of the shared corpus's text articles (22 articles, read where they lie, never
        # copied), shuffled with a fixed seed and numbered so that none repeats, until 5 MB.
        corpus = Path(CORPUS)
        if not corpus.is_dir():
            print(f"0 0 skipped: the shared corpus is missing ({corpus}; set LITMAP_CORPUS)")
            return
        from litmap.parse.citations import split_sentences

        sentences = []
        for article in sorted(corpus.glob("*/article.txt")):
            for paragraph in article.read_text(encoding="utf-8").split("\n\n"):
                sentences += [s for s in split_sentences(" ".join(paragraph.split())) if len(s) > 20]
        random.Random(25).shuffle(sentences)
        pieces, size, k = [], 0, 0
        while size < 5_000_000:
            piece = f"{sentences[k % len(sentences)]} ({k // len(sentences)})"
            pieces.append(piece)
            size += len(piece) + 1
            k += 1
        path = folder / "line.txt"
        path.write_text(
            "Title\n\n"
            + " ".join(pieces)
            + "\n\nReferences\n\nSmith, J. (2001). Empathy. Journal of Care, 3(2), 10-20.\n"
        )
        start, cpu = time.perf_counter(), time.process_time()
        what = f"{len(pieces):,} sentences ({len(set(sentences)):,} distinct before numbering), {len(load_article(path).claims)} claims"
    elif kind == "pipe":
        from litmap.read.article import read_article

        pipe = folder / "pipe.txt"
        os.mkfifo(pipe)
        start, cpu = time.perf_counter(), time.process_time()
        try:
            read_article(pipe)
            what = "read (unexpected)"
        except ValueError as err:
            what = f"refused: {err}"
    elif kind == "attributes":
        from litmap.read.article import compute_article

        crowded = " ".join(f'a{i}="1"' for i in range(200_000))
        page = (
            f"<html><body><h1>T</h1><article {crowded}><p>Empathy predicts outcome (Smith, 2001).</p>"
            "<h2>References</h2><p>Smith, J. (2001). Empathy. Journal of Care, 3(2), 10-20.</p></article></body></html>"
        )
        start, cpu = time.perf_counter(), time.process_time()
        article = compute_article(page, source="crowded.html")
        what = f"read ({len(page):,} characters), {len(article.reference_entries())} entry; {article.notes[0]}"
    elif kind == "markdown-deep":
        from litmap.read.article import compute_article

        tail = "\nAfter the nest (Smith, 2001).\n\n## References\n\nSmith, J. (2001). Empathy. J, 3, 1-9.\n"
        pages = [
            "# T\n\n" + "- " * 10_000 + "Nested item.\n" + tail,
            "# T\n\n" + "> " * 10_000 + "Nested quote.\n" + tail,
        ]
        start, cpu = time.perf_counter(), time.process_time()
        kept = sum("After the nest" in repr(compute_article(p, source="deep.md").sections) for p in pages)
        what = f"{kept} of 2 pages keep the paragraph after the nest"
    elif kind == "big-record":
        from litmap.parse import parse_reference
        from litmap.verify.answers import conform_answer
        from litmap.verify.matching import compute_match

        record = {
            "DOI": "10.1000/x",
            "title": ["T" * 1_000_000],
            "author": [
                {"family": f"Fam{i}", "given": "A.", "affiliation": [{"name": "U" * 100}]} for i in range(10_000)
            ],
        }
        answer = {"message": {"items": [record] * 3}}
        reference = parse_reference("Smith, J. (2001). Empathy in therapy. Journal of Care, 3(2), 10-20.")
        start, cpu = time.perf_counter(), time.process_time()
        items = conform_answer("crossref", "search", answer)["message"]["items"]
        match = compute_match(reference, items)
        what = f"3 candidates conformed and matched ({'accepted' if match.record else 'none accepted'})"
    elif kind == "crowded":
        from litmap.pipeline import run
        from litmap.settings import Settings

        def name(k: int) -> str:  # "Mcbf", "Mcbg", …: a distinct surname per entry
            letters, k = "", k + 30
            while k:
                k, r = divmod(k, 26)
                letters = "abcdefghijklmnopqrstuvwxyz"[r] + letters
            return "Mc" + letters

        n = 500
        group = "; ".join(f"{name(k)}, {1950 + k % 70}" for k in range(n))
        body = "\n\n".join(
            " ".join(f"Trust number {i + j} grows with empathy in therapy ({group})." for j in range(4))
            for i in range(0, 40, 4)
        )
        entries = "\n\n".join(
            f"{name(k)}, A. ({1950 + k % 70}). Trust and empathy {k}. Journal of Care, {k % 40 + 1}(2), {k}-{k + 9}."
            for k in range(n)
        )
        path = folder / "crowded.txt"
        path.write_text(f"A crowded article\n\n{body}\n\nReferences\n\n{entries}\n", encoding="utf-8")
        start, cpu = time.perf_counter(), time.process_time()
        result = run(path, out_dir=folder / "out", settings=Settings(offline=True))
        what = f"{len(result.tables['citations']):,} citations, {len(result.files)} files"
    elif kind == "big-snapshot":
        import json

        from litmap.schemas import RECORDS
        from litmap.verify.records import make_record
        from litmap.verify.snapshot import write_snapshot

        authors = [{"family": f"Fam{i}", "given": "A.", "affiliation": [{"name": "U" * 100}]} for i in range(10_000)]
        rows = [
            make_record("crossref", "search", f"q{k}", "ok", body={"message": {"items": [{"author": authors}] * 3}})
            for k in range(10)
        ]
        records = RECORDS.from_records(rows)
        start, cpu = time.perf_counter(), time.process_time()
        path = write_snapshot(records, folder / "records.json")
        what = f"{path.stat().st_size / 1e6:.0f} MB written; {len(json.loads(path.read_text())['records'])} records"
    elif kind == "alias-bomb":
        from litmap.errors import TaxonomyError
        from litmap.evidence.taxonomy import read_taxonomy

        lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
        lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 9)]
        path = folder / "topics.yaml"
        path.write_text("\n".join(lines) + "\ntopics:\n- {key: a, label: A, description: d, terms: [a]}\n")
        start, cpu = time.perf_counter(), time.process_time()
        try:
            read_taxonomy(path)
            what = "read (unexpected)"
        except TaxonomyError as err:
            what = f"refused: {str(err).split(': ', 1)[1]}"
    elif kind == "year-letters":
        from litmap.parse.citations import find_citations

        sentence = "Trust grows (Wonder, 2017" + "".join(f", {1990 + i % 30}{'abcdefgh'[i % 8]}" for i in range(16_000))
        start, cpu = time.perf_counter(), time.process_time()
        what = f"{len(find_citations(sentence + ').')):,} citations in one bracket"
    elif kind == "html-lists":
        from litmap.read.article import compute_article

        text = Path(ROOT / "data" / "articles" / "empathy-in-therapy.txt").read_text(encoding="utf-8")
        body, references = text.split("References:", 1)
        paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n")[2:] if p.strip())
        entries = "".join(f"<p>{p}</p>" for p in references.split("\n\n") if p.strip())
        page = f"<html><body><h1>E</h1>{paragraphs}{'<ul><li>' * 100_000}deep<h2>References</h2>{entries}</body></html>"
        start, cpu = time.perf_counter(), time.process_time()
        article = compute_article(page, source="lists.html")
        what = f"{len(article.reference_entries())} references read ({len(page):,} characters)"
    elif kind == "headings":
        from litmap.pipeline import load_article

        text = Path(ROOT / "data" / "articles" / "empathy-in-therapy.txt").read_text(encoding="utf-8")
        path = folder / "headings.txt"
        path.write_text(text.replace("Establishing Trust and Safety", "\n\n".join(["References"] * 5000)))
        start, cpu = time.perf_counter(), time.process_time()
        what = f"{len(load_article(path).references)} references"
    elif kind == "search-items":
        from litmap.parse import parse_reference
        from litmap.verify.answers import conform_answer
        from litmap.verify.matching import compute_match

        items = [
            {"DOI": f"10.1000/n{i}", "title": [f"Empathy and outcome {i}"], "author": [{"family": "Jones"}]}
            for i in range(10_000)
        ]
        reference = parse_reference("Jones, A. (2019). Empathy and outcome. Psychotherapy, 56(4), 399-410.")
        start, cpu = time.perf_counter(), time.process_time()
        kept = conform_answer("crossref", "search", {"message": {"items": items}})["message"]["items"]
        match = compute_match(reference, kept)
        what = f"{len(kept)} of 10,000 candidates read ({'accepted' if match.record else 'none accepted'})"
    elif kind == "markdown-table":
        from litmap.read.article import compute_article

        rows = "".join(f"| {r} | value {r} | note {r} |\n" for r in range(50_000))
        page = (
            "# T\n\nTrust grows (Smith, 2001).\n\n| # | value | note |\n|---|---|---|\n"
            + rows
            + "\n## References\n\nSmith, J. (2001). Empathy. Journal of Care, 3(2), 10-20.\n"
        )
        start, cpu = time.perf_counter(), time.process_time()
        article = compute_article(page, source="table.md")
        what = f"{len(article.reference_entries())} reference read after {len(page):,} characters of table"
    else:
        from reportlab.pdfgen import canvas

        from litmap.read.article import compute_article_from_bytes

        buffer = io.BytesIO()
        page = canvas.Canvas(buffer, pageCompression=1)
        page.setFont("Helvetica", 1)
        for i in range(800):
            page.drawString(10, 800 - i, "a" * 1000)
        page.showPage()
        page.save()
        start, cpu = time.perf_counter(), time.process_time()
        try:
            compute_article_from_bytes(buffer.getvalue(), source="bomb.pdf")
            what = f"read ({len(buffer.getvalue()):,} bytes of PDF)"
        except Exception as err:
            what = f"refused: {err}"
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    # CPU time too: on a shared machine the wall clock says as much about the neighbours as about litmap
    print(f"{seconds:.2f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6:.2f} {what}; {cpu:.1f} s CPU")


def _fuzz(seconds: float) -> int:
    """Hypothesis on every text-reading function for ``seconds``; returns the number of failures."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from litmap.errors import LitmapError
    from litmap.parse import parse_reference
    from litmap.parse.citations import find_citations, split_sentences
    from litmap.parse.reference_rules import parse_reference_rules
    from litmap.read.article import compute_article
    from litmap.read.reference_block import entry_score, split_reference_block
    from litmap.verify.answers import AnswerError, conform_answer

    units = [
        "J. ", "A. B. ", "Jr. ", "Ed. ", "St. ", "van der ", "et al. ", "(2001) ", "2001a, ", "1(2)", "n.d. ",
        "[1]", "[", "]", "(", ")", "Smith", ", ", "; ", ": ", ". ", "-", "–", "'", '"', "¹", "pp. 1-2 ", "doi:10.1/x ",
        "https://x.org/a ", "In ", "(Eds.) ", "vol. 3 ", "\n", "\n\n", "# ", "References\n", "<p>", "</p>", "\x00", "\ud800",
    ]  # fmt: skip
    text = st.one_of(st.lists(st.sampled_from(units), max_size=400).map("".join), st.text(max_size=2000))
    json_value = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "message",
                        "title",
                        "issued",
                        "date-parts",
                        "author",
                        "family",
                        "items",
                        "resultList",
                        "result",
                        "docs",
                        "updated-by",
                        "URL",
                    ]
                ),
                inner,
                max_size=4,
            )
        ),
        max_leaves=30,
    )
    calls = {
        "parse_reference_rules": parse_reference_rules,
        "parse_reference": parse_reference,
        "find_citations": find_citations,
        "split_sentences": split_sentences,
        "entry_score": entry_score,
        "split_reference_block": split_reference_block,
        "compute_article": lambda t: compute_article(t, source="fuzz.txt"),
    }
    failures, examples, slowest = [], 0, (0.0, "", "")
    deadline = time.monotonic() + seconds

    def timed(name, call, value):
        nonlocal examples, slowest
        examples += 1
        start = time.process_time()
        try:
            call(value)
        except (LitmapError, AnswerError):
            pass  # one line, on purpose
        except Exception as err:
            failures.append(f"{name}({value!r:.200}): {type(err).__name__}: {err}")
        spent = time.process_time() - start
        if spent > slowest[0]:
            slowest = (spent, name, repr(value)[:120])
        if spent > 1.0:
            failures.append(f"{name} took {spent:.2f} s on {value!r:.200}")

    batch = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck), database=None)

    @batch
    @given(text)
    def fuzz_text(value):
        for name, call in calls.items():
            timed(name, call, value)

    kinds = ["crossref:work", "crossref:search", "europepmc:work", "openalex:work", "openlibrary:book"]

    @batch
    @given(st.sampled_from(kinds), json_value)
    def fuzz_answers(kind, value):
        timed("conform_answer", lambda v: conform_answer(*kind.split(":"), v), value)

    while time.monotonic() < deadline:  # batches of 200 examples each, fresh ones every time, until time is up
        fuzz_text()
        fuzz_answers()
    print(f"fuzz: {examples:,} calls in {seconds:.0f} s, {len(failures)} failures; slowest {slowest[0]:.3f} s "
          f"({slowest[1]} on {slowest[2]})")  # fmt: skip
    for failure in failures[:10]:
        print("  ", failure)
    return len(failures)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fuzz", type=float, default=180.0, help="seconds of fuzzing (default 180)")
    parser.add_argument("--only", choices=[*CASES.values(), "fuzz"], help="one case only")
    parser.add_argument("--case", help=argparse.SUPPRESS)  # the child process of one case
    args = parser.parse_args()
    if args.case:
        _case(args.case)
        return 0
    for name, kind in CASES.items():
        if args.only and args.only != kind:
            continue
        done = subprocess.run(
            [sys.executable, __file__, "--case", kind], capture_output=True, text=True, timeout=900, check=False
        )
        line = (done.stdout.strip().splitlines() or [done.stderr.strip()[-300:]])[-1]
        seconds, peak, *what = line.split(" ", 2) if done.returncode == 0 else ("?", "?", line)
        print(f"{name}: {seconds} s, peak {peak} GB ({' '.join(what)}); goal {GOALS[kind]}")
    if args.only in (None, "fuzz"):
        return 1 if _fuzz(args.fuzz) else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
