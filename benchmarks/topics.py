"""Topic discovery on real articles: topics per article, coverage, labels, overlap, speed.

Reads the 22 articles of the shared development corpus (``../shared/corpus/<id>/article.html``;
``--corpus PATH`` to point elsewhere) plus the bundled article, and with ``--pdf`` the PDFs of
``../shared/corpus-pdf``; discovers each article's topics with no taxonomy file
(``litmap.discover_topics``) and assigns them (``litmap.compute_topics``). Prints one row per
article and the summary that benchmarks/README.md records. This is a development score: the rules
were tuned while looking at these articles.

The label and term goals (issue #22):

- **generic labels**: a label whose words (stop words aside) are all in
  ``benchmarks/data/topics/generic-words.txt`` (written for this benchmark, apart from litmap's own
  lists); **statistics** (a digit, "%", "CI") and **fragments** (a question, a dangling comma
  part, a label ending in a function word, unbalanced brackets) are counted too;
- **author keywords**: where the article prints them (a "Keywords" line, found in the source file
  by this script, not by litmap), the share that appear in a topic label or term, compared by word
  stems (a keyword counts when all its words' stems are in one topic's label and terms);
- **terms in their claims**: every term of every topic occurs in at least one claim assigned to
  that topic.
"""

from __future__ import annotations

import argparse
import itertools
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import pandas as pd

import litmap
from litmap.evidence.keyphrases import article_keywords, is_thematic_heading, stem
from litmap.evidence.topics import term_pattern

ROOT = Path(__file__).resolve().parents[1]
SHARED = next((p / "shared" for p in ROOT.parents[:2] if (p / "shared").is_dir()), ROOT.parent / "shared")
DEFAULT_CORPUS = SHARED / "corpus"
DEFAULT_PDFS = SHARED / "corpus-pdf"
GENERIC_WORDS = frozenset(
    line.strip()
    for line in (ROOT / "benchmarks" / "data" / "topics" / "generic-words.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "via",
        "versus",
        "vs",
        "than",
        "that",
        "this",
        "these",
        "those",
        "its",
        "their",
    ]
)
BUNDLED = ROOT / "data" / "articles" / "empathy-in-therapy.txt"
#: The bundled article's design-card themes, as word stems a label must hold.
DESIGN_THEMES = {
    "trust and safety": ("trust", "safeti"),
    "validation": ("valid",),
    "emotion processing": ("emot", "process"),
}


def _stems(text: str) -> set[str]:
    return {stem(w) for w in re.findall(r"[a-z][a-z'-]+", text.lower())}


def label_problem(label: str) -> str | None:
    """Why a label names nothing a reader would look for: generic, statistic, fragment; None if fine."""
    words = re.findall(r"[a-z][a-z'’-]*", label.lower())
    content = [w for w in words if w not in _FUNCTION_WORDS]
    if re.search(r"%|\bCI\b|\b[pnr]\s*[<=>]|\(\s*[\d.,\s–-]+\)|^\W*[\d.,\s–-]+$", label, re.I):
        return "statistic"
    if label.rstrip().endswith("?") or label.count("(") != label.count(")") or (words and words[-1] in _FUNCTION_WORDS):
        return "fragment"
    if "," in label and all(len(w) <= 3 for w in label.rsplit(",", 1)[1].split()):
        return "fragment"  # "Urban health solutions, li ka": a name cut off
    if not content or all(w in GENERIC_WORDS for w in content):
        return "generic"
    return None


def printed_keywords(source: Path) -> list[str]:
    """The author keywords an article prints (a "Keywords" line on its first pages), read from the
    file itself; [] when it prints none."""
    if source.suffix.lower() == ".pdf":
        import pypdfium2

        pdf = pypdfium2.PdfDocument(source)
        text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(min(2, len(pdf))))
    else:
        text = source.read_text(encoding="utf-8", errors="replace")
        text = re.sub(r"<[^>]+>", "\n", text)
    match = re.search(r"(?im)^[ \t]*Key\s*words?\s*[:：.]?[ \t]*(.+)", text)
    if not match:
        return []
    lines = text[match.start(1) :].splitlines()
    kept = [lines[0]]
    for line in lines[1:3]:
        if kept[-1].rstrip().endswith((",", ";", "·")) or (
            re.search(r"[,;·]", line) and not re.match(r"\s*(?:\*|background|introduction|correspondence)", line, re.I)
        ):
            kept.append(line)
        else:
            break
    parts = re.split(r"\s*[;,·•]\s*", " ".join(kept))
    return [p.strip(" .") for p in parts if p.strip(" .") and len(p.split()) <= 6]


def keyword_found(keyword: str, topics) -> bool:
    """A keyword counts as found when one topic's label and terms hold the stems of all its words."""
    wanted = _stems(keyword)
    return bool(wanted) and any(
        wanted <= (_stems(t.label) | _stems(" ".join(t.terms).replace("*", ""))) for t in topics
    )


def measure(name: str, source: Path) -> dict:
    tables = litmap.load_article(source)
    claims = tables.claims
    start = time.perf_counter()
    keywords = article_keywords(tables.article.sections)  # what litmap's run passes
    taxonomy = litmap.discover_topics(claims, title=tables.article.title, keywords=keywords)
    discover_s = time.perf_counter() - start
    topics = litmap.compute_topics(claims, taxonomy)
    total_s = time.perf_counter() - start
    cited = set(claims.loc[claims["n_citations"] > 0, "claim_id"])
    words = _stems(" ".join(claims["text"]) + " " + " ".join(claims["section"].dropna()))
    own = sum(_stems(t.label) <= words for t in taxonomy.topics)
    headings = [h for h in claims.loc[claims["claim_id"].isin(cited), "section"].dropna().unique()]
    thematic = [h for h in headings if is_thematic_heading(h, tables.article.title)]
    label_stems = [_stems(t.label) for t in taxonomy.topics]
    agree = sum(any(_stems(h) & s for s in label_stems) for h in thematic)
    problems = {t.label: label_problem(t.label) for t in taxonomy.topics}
    keywords = printed_keywords(source)
    dead_terms = []
    text_of = {
        c: f"{'' if pd.isna(h) else h} {t}" for c, h, t in zip(claims["claim_id"], claims["section"], claims["text"])
    }
    for topic in taxonomy.topics:
        mine = [text_of[c] for c in topics.loc[topics["topic"] == topic.key, "claim_id"]]
        dead_terms.extend(
            f"{topic.label}: {term}" for term in topic.terms if not any(term_pattern(term).search(x) for x in mine)
        )
    return {
        "name": name,
        "problems": {label: why for label, why in problems.items() if why},
        "keywords": keywords,
        "keywords_found": [k for k in keywords if keyword_found(k, taxonomy.topics)],
        "dead_terms": dead_terms,
        "n_terms": sum(len(t.terms) for t in taxonomy.topics),
        "n_topics": len(taxonomy.topics),
        "n_cited": len(cited),
        "covered": len(cited & set(topics["claim_id"])),
        "own_words": own,
        "thematic": len(thematic),
        "heading_agree": agree,
        "labels": [t.label for t in taxonomy.topics],
        "discover_s": discover_s,
        "total_s": total_s,
    }


def _overlap(a: list[str], b: list[str]) -> float:
    """Jaccard overlap of two articles' topic sets, labels compared by their word stems."""
    sa, sb = {frozenset(_stems(x)) for x in a}, {frozenset(_stems(x)) for x in b}
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of <id>/article.html")
    parser.add_argument("--labels", action="store_true", help="print every article's topic labels")
    parser.add_argument("--pdf", nargs="?", const=DEFAULT_PDFS, type=Path, help="also the PDFs of this folder")
    args = parser.parse_args(argv)
    sources = {}
    if args.corpus.is_dir():
        sources = {d.name: d / "article.html" for d in sorted(args.corpus.iterdir()) if (d / "article.html").exists()}
    else:
        print(f"the corpus folder {args.corpus} is missing (pass --corpus PATH, ../shared/corpus); nothing measured")
        return 2
    sources["bundled: empathy-in-therapy"] = BUNDLED
    if args.pdf is not None:
        if args.pdf.is_dir():
            sources.update({p.stem: p for p in sorted(args.pdf.glob("*.pdf"))})
        else:
            print(f"PDF folder {args.pdf} is missing: no PDFs measured")
    # Warm-up: the first call pays the imports (scikit-learn, Snowball); time it on its own.
    start = time.perf_counter()
    measure("warm-up", BUNDLED)
    print(f"first call, imports included: {time.perf_counter() - start:.2f} s")
    rows = []
    for name, path in sources.items():
        try:
            rows.append(measure(name, path))
        except litmap.LitmapError as err:
            print(f"{name}: not measured: {err}")
    print(f"{'article':36} topics cited covered own-words headings(agree) discover+assign ms")
    for r in rows:
        print(
            f"{r['name'][:36]:36} {r['n_topics']:6d} {r['n_cited']:5d} {r['covered']:7d} "
            f"{r['own_words']:5d}/{r['n_topics']:<3d} {r['heading_agree']:3d}/{r['thematic']:<3d} "
            f"{1000 * r['discover_s']:7.0f} {1000 * r['total_s']:7.0f}"
        )
        if args.labels:
            print("    " + " | ".join(r["labels"]))
        for label, why in r["problems"].items():
            print(f"    {why}: {label}")
        if r["keywords"]:
            missed = [k for k in r["keywords"] if k not in r["keywords_found"]]
            print(
                f"    keywords {len(r['keywords_found'])}/{len(r['keywords'])}"
                + (f"; missed: {'; '.join(missed)}" if missed else "")
            )
        for term in r["dead_terms"][:5]:
            print(f"    term in none of its claims: {term}")
    n_topics = [r["n_topics"] for r in rows]
    cited, covered = sum(r["n_cited"] for r in rows), sum(r["covered"] for r in rows)
    per_article = [r["covered"] / r["n_cited"] for r in rows if r["n_cited"]]
    own = sum(r["own_words"] for r in rows)
    overlaps = [_overlap(a["labels"], b["labels"]) for a, b in itertools.combinations(rows, 2)]
    thematic = [r for r in rows if r["thematic"] >= 2]
    bundled = next(r["labels"] for r in rows if r["name"].startswith("bundled"))
    labels = sum(r["n_topics"] for r in rows)
    kinds = Counter(why for r in rows for why in r["problems"].values())
    print(
        f"labels naming nothing: {sum(kinds.values())}/{labels} "
        f"(generic {kinds['generic']}, statistic {kinds['statistic']}, fragment {kinds['fragment']})"
    )
    with_keywords = [r for r in rows if r["keywords"]]
    if with_keywords:
        shares = [len(r["keywords_found"]) / len(r["keywords"]) for r in with_keywords]
        print(
            f"author keywords in labels or terms: {sum(len(r['keywords_found']) for r in with_keywords)}/"
            f"{sum(len(r['keywords']) for r in with_keywords)} in the {len(with_keywords)} articles that print them; "
            f"articles with >= 50%: {sum(s >= 0.5 for s in shares)}/{len(with_keywords)}"
        )
    dead = sum(len(r["dead_terms"]) for r in rows)
    print(f"terms in none of their topic's claims: {dead}/{sum(r['n_terms'] for r in rows)}")
    found = {
        theme: any(all(any(s.startswith(x) for s in _stems(label)) for x in needs) for label in bundled)
        for theme, needs in DESIGN_THEMES.items()
    }
    print()
    print(f"articles: {len(rows)}")
    print(
        f"topics per article: min {min(n_topics)}, median {statistics.median(n_topics)}, max {max(n_topics)}; "
        f"within 3-12: {sum(3 <= n <= 12 for n in n_topics)}/{len(rows)}"
    )
    print(
        f"cited claims with a topic: {covered}/{cited} = {covered / cited:.1%} pooled; "
        f"per article mean {statistics.mean(per_article):.1%}, min {min(per_article):.1%}; "
        f"articles >= 80%: {sum(p >= 0.8 for p in per_article)}/{len(per_article)}"
    )
    print(f"labels in the article's own words: {own}/{sum(n_topics)}")
    print(
        f"overlap of topic sets between different articles: mean {statistics.mean(overlaps):.2%}, "
        f"max {max(overlaps):.2%} over {len(overlaps)} pairs"
    )
    if thematic:
        agree = sum(r["heading_agree"] for r in thematic)
        total = sum(r["thematic"] for r in thematic)
        print(
            f"thematic headings (holding cited claims) named by a topic label: {agree}/{total} = {agree / total:.1%} "
            f"in the {len(thematic)} articles with 2+ such headings"
        )
    print(
        "bundled article's design-card themes found: "
        + ", ".join(f"{k}: {'yes' if v else 'NO'}" for k, v in found.items())
    )
    times = [r["total_s"] for r in rows]
    print(
        f"discover + assign per article: median {1000 * statistics.median(times):.0f} ms, max {1000 * max(times):.0f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
