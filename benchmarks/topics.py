"""Topic discovery on real articles: topics per article, coverage, labels, overlap, speed.

Reads the 22 articles of the shared development corpus (``../shared/corpus/<id>/article.html``;
``--corpus PATH`` to point elsewhere) plus the bundled article, discovers each article's topics
with no taxonomy file (``litmap.discover_topics``) and assigns them (``litmap.compute_topics``).
Prints one row per article and the summary that benchmarks/README.md records. This is a
development score: the rules were tuned while looking at these articles.
"""

from __future__ import annotations

import argparse
import itertools
import re
import statistics
import sys
import time
from pathlib import Path

import litmap
from litmap.evidence.keyphrases import is_thematic_heading, stem

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
BUNDLED = ROOT / "data" / "articles" / "empathy-in-therapy.txt"
#: The bundled article's design-card themes, as word stems a label must hold.
DESIGN_THEMES = {
    "trust and safety": ("trust", "safeti"),
    "validation": ("valid",),
    "emotion processing": ("emot", "process"),
}


def _stems(text: str) -> set[str]:
    return {stem(w) for w in re.findall(r"[a-z][a-z'-]+", text.lower())}


def measure(name: str, source: Path) -> dict:
    tables = litmap.load_article(source)
    claims = tables.claims
    start = time.perf_counter()
    taxonomy = litmap.discover_topics(claims, title=tables.article.title)
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
    return {
        "name": name,
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
    args = parser.parse_args(argv)
    sources = {}
    if args.corpus.is_dir():
        sources = {d.name: d / "article.html" for d in sorted(args.corpus.iterdir()) if (d / "article.html").exists()}
    else:
        print(f"corpus folder {args.corpus} is missing: measuring the bundled article only (--corpus PATH)")
    sources["bundled: empathy-in-therapy"] = BUNDLED
    # Warm-up: the first call pays the imports (scikit-learn, Snowball); time it on its own.
    start = time.perf_counter()
    measure("warm-up", BUNDLED)
    print(f"first call, imports included: {time.perf_counter() - start:.2f} s")
    rows = [measure(name, path) for name, path in sources.items()]
    print(f"{'article':36} topics cited covered own-words headings(agree) discover+assign ms")
    for r in rows:
        print(
            f"{r['name'][:36]:36} {r['n_topics']:6d} {r['n_cited']:5d} {r['covered']:7d} "
            f"{r['own_words']:5d}/{r['n_topics']:<3d} {r['heading_agree']:3d}/{r['thematic']:<3d} "
            f"{1000 * r['discover_s']:7.0f} {1000 * r['total_s']:7.0f}"
        )
        if args.labels:
            print("    " + " | ".join(r["labels"]))
    n_topics = [r["n_topics"] for r in rows]
    cited, covered = sum(r["n_cited"] for r in rows), sum(r["covered"] for r in rows)
    per_article = [r["covered"] / r["n_cited"] for r in rows if r["n_cited"]]
    own = sum(r["own_words"] for r in rows)
    overlaps = [_overlap(a["labels"], b["labels"]) for a, b in itertools.combinations(rows, 2)]
    thematic = [r for r in rows if r["thematic"] >= 2]
    bundled = rows[-1]["labels"]
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
