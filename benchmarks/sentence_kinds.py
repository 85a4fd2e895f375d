"""Sentence kinds and the claims table, scored against sentences labelled by hand.

Reads the labelled articles (``benchmarks/data/sentence-kinds``: HTML, text and PDF articles of
the shared corpora and the bundled blog post) from ``../shared`` (``--shared PATH`` to point
elsewhere), lets litmap read each one, finds every sentence litmap produces in the labels by its
key, and reports:

- **cross-validated** (the number that says what to expect on an article litmap never saw): for
  each article, a model trained on the other articles' sentences only (leave one article out)
  decides its sentences' kinds;
- **dev**: the model litmap ships on the same sentences, an inflated score where it was trained on them;
- **held out**: the model litmap ships on the labelled articles it was not trained on (labelled after it
  was built), the closest measure of an article never seen; none once the model is rebuilt with them;
- **before**: the claims table of litmap before sentence kinds (every sentence of 4+ words that is
  not a question).

Claims-table precision counts the rows that are claims or findings, or that carry a citation
without being furniture; recall counts the claims and findings that reach the table; furniture
counts the rows labelled ``other: furniture`` (bylines, calls to action, share prompts,
boilerplate, referee reports).

    .venv/bin/python benchmarks/sentence_kinds.py [--shared PATH] [--errors] [--json FILE]
"""

from __future__ import annotations

import argparse
import collections
import csv
import hashlib
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

import pandas as pd

import litmap
from litmap.parse.claims import compute_sentences_and_citations
from litmap.parse.kinds import compute_kind_features, compute_kinds, compute_rule_kinds, read_kind_model
from litmap.parse.kinds_train import fit_kind_model, training_class

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data" / "sentence-kinds"
#: ``../shared`` beside the repository (``../../shared`` for a git worktree kept one folder deeper).
DEFAULT_SHARED = next((p / "shared" for p in ROOT.parents[:2] if (p / "shared").is_dir()), ROOT.parent / "shared")


def sentence_key(text: str) -> str:
    """The key a labelled sentence is stored under: SHA-1 of its NFKC, case-folded, space-collapsed text.

    >>> sentence_key("Empathy  builds trust.") == sentence_key("empathy builds TRUST.")
    True
    """
    folded = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()
    return hashlib.sha1(folded.encode("utf-8")).hexdigest()[:16]


def read_labels() -> tuple[list[dict], dict[tuple[str, str], tuple[str, str | None]]]:
    with open(DATA / "articles.csv", encoding="utf-8") as f:
        articles = list(csv.DictReader(f))
    labels = {}
    with open(DATA / "labels.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            labels[(row["article"], row["key"])] = (row["kind"], row["detail"] or None)
    return articles, labels


def trained_on(articles: list[dict]) -> set[str]:
    """The labelled articles the shipped model was trained on: those its file names, or, for a model
    that recorded only how many, the first that many of ``articles.csv`` (listed in labelling order)."""
    meta = read_kind_model().meta
    if "trained_on" in meta:
        return set(meta["trained_on"])
    return {a["article"] for a in articles[: int(meta.get("articles", len(articles)))]}


def source_path(article: dict, shared: Path) -> Path | None:
    path = shared / article["source"]
    if path.exists():
        return path
    bundled = ROOT / "data" / article["source"]  # the bundled post is also in the repository
    return bundled if bundled.exists() else None


def read_sentences(path: Path, *, model=None) -> pd.DataFrame:
    """litmap's sentences table for one article (every sentence, in reading order, with its kind).

    ``model``: the sentence-kind model to decide kinds with instead of the package's (the trainer
    reads with a neutral one when the package's no longer loads, after a change of features).
    """
    if model is None:
        sentences = litmap.load_article(path).sentences.copy()
    else:
        article = litmap.read_article(path)
        references = litmap.compute_references(article.reference_entries())
        sentences = compute_sentences_and_citations(article, references, model=model)[0].copy()
    sentences["is_cited"] = sentences["n_citations"].fillna(0) > 0
    return sentences


def labelled_articles(shared: Path, *, seconds: dict | None = None, model=None) -> dict[str, pd.DataFrame]:
    """Each labelled article's sentences as litmap reads them, with their labels (None where the
    labels do not hold the sentence); articles whose file is missing are left out, and said so."""
    articles, labels = read_labels()
    frames = {}
    for article in articles:
        path = source_path(article, shared)
        if path is None:
            print(f"{article['article']}: {shared / article['source']} is missing; left out (--shared PATH)")
            continue
        start = time.perf_counter()
        sentences = read_sentences(path, model=model).copy()
        if seconds is not None:
            seconds[article["article"]] = time.perf_counter() - start
        sentences["article"] = article["article"]
        sentences["format"] = article["format"]
        found = [labels.get((article["article"], sentence_key(t))) for t in sentences["text"]]
        sentences["label"] = [x[0] if x else None for x in found]
        sentences["label_detail"] = [x[1] if x else None for x in found]
        frames[article["article"]] = sentences
    return frames


def score(rows: pd.DataFrame) -> dict:
    """Claims-table precision, recall of claims and findings, furniture in the table, kind accuracy."""
    good = rows["label"].isin(["claim", "finding"])
    furniture = rows["label_detail"] == "furniture"
    in_table = rows["in_table"]
    correct_row = (good | (rows["is_cited"] & ~furniture)) & in_table
    table = int(in_table.sum())
    return {
        "sentences": len(rows),
        "table": table,
        "precision": float(correct_row.sum() / table) if table else 0.0,
        "recall": float((good & in_table).sum() / good.sum()) if good.any() else 1.0,
        "furniture": int((furniture & in_table).sum()),
        "kind_accuracy": float((rows["kind"] == rows["label"]).mean()) if "kind" in rows else float("nan"),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder (corpus, corpus-pdf)")
    parser.add_argument(
        "--errors", action="store_true", help="print every cross-validated sentence whose kind is wrong"
    )
    parser.add_argument("--json", type=Path, help="write the numbers here")
    args = parser.parse_args(argv)
    if not (args.shared / "corpus").is_dir():
        print(f"the shared corpora are missing: {args.shared / 'corpus'} (pass --shared PATH); nothing measured")
        return 2
    seconds: dict[str, float] = {}
    frames = labelled_articles(args.shared, seconds=seconds)
    if not frames:
        print("no labelled article could be read")
        return 1
    every = pd.concat(frames.values(), ignore_index=True)
    unlabelled = every["label"].isna()
    print(
        f"articles: {len(frames)}; sentences: {len(every)}; not in the labels (litmap splits differently): {unlabelled.sum()}"
    )

    # cross-validation: each article's kinds from a model trained on the other articles only
    features = {a: compute_kind_features(s) for a, s in frames.items()}
    rules = {a: compute_rule_kinds(s) for a, s in frames.items()}
    predicted = []
    for held_out, sentences in frames.items():
        train_f, train_y, train_a = [], [], []
        for a, s in frames.items():
            if a == held_out:
                continue
            for f, ruled, label, detail in zip(features[a], rules[a], s["label"], s["label_detail"]):
                if isinstance(label, str) and ruled is None:  # pandas reads a missing label as NaN
                    train_f.append(f)
                    train_y.append(training_class(label, detail))
                    train_a.append(a)
        model = fit_kind_model(train_f, train_y, train_a)
        kinds = compute_kinds(sentences, model=model)
        predicted.append(
            pd.concat([sentences.drop(columns=["kind", "detail", "confidence"], errors="ignore"), kinds], axis=1)
        )
    cv = pd.concat(predicted, ignore_index=True)
    cv = cv[cv["label"].notna()].copy()
    cv["in_table"] = litmap_in_table(cv)
    dev = every[every["label"].notna()].copy()
    dev["in_table"] = dev["claim_id"].notna()  # the claims table litmap wrote
    before = every[every["label"].notna()].copy()
    before["in_table"] = [
        len(re.findall(r"[A-Za-z]{2,}", t)) >= 4 and not t.rstrip().endswith("?") for t in before["text"]
    ]
    before["kind"] = ["claim" if t else "other" for t in before["in_table"]]

    seen = trained_on(read_labels()[0])
    unseen = dev[~dev["article"].isin(seen)]
    results = {
        "cross-validated": score(cv),
        "dev (shipped model)": score(dev),
        "before (every sentence)": score(before),
    }
    if len(unseen):
        results["held out (shipped model)"] = score(unseen)
    print()
    print(f"{'':26} {'rows':>5} {'precision':>9} {'recall':>7} {'furniture':>9} {'kind acc':>8}")
    for name, r in results.items():
        print(
            f"{name:26} {r['table']:5d} {r['precision']:9.3f} {r['recall']:7.3f} {r['furniture']:9d} "
            f"{r['kind_accuracy']:8.3f}"
        )
    print(
        f"held out (labelled articles the shipped model was not trained on): {', '.join(unseen['article'].unique()) or 'none'}"
    )
    print("\ncross-validated, per article (and the shipped model on it, * where it was not trained on it):")
    per_article = {}
    for a, rows in cv.groupby("article", sort=False):
        r = per_article[a] = score(rows)
        d = score(dev[dev["article"] == a])
        print(
            f"  {a[:48]:48} {r['table']:4d} P {r['precision']:.3f} R {r['recall']:.3f} furniture {r['furniture']}"
            f"   shipped{' ' if a in seen else '*'} P {d['precision']:.3f} R {d['recall']:.3f} furniture {d['furniture']}"
        )
    print("cross-validated, per format:")
    per_format = {}
    for fmt, rows in cv.groupby("format", sort=False):
        r = per_format[fmt] = score(rows)
        print(
            f"  {fmt:6} {r['sentences']:5d} sentences P {r['precision']:.3f} R {r['recall']:.3f} furniture {r['furniture']}"
        )
    confusion = collections.Counter(zip(cv["label"], cv["kind"]))
    kinds = ["claim", "finding", "method", "other"]
    print("cross-validated kinds (rows: label, columns: litmap):")
    print("  " + " ".join(f"{k:>8}" for k in ["", *kinds]))
    for k in kinds:
        print("  " + f"{k:>8} " + " ".join(f"{confusion[(k, m)]:8d}" for m in kinds))
    print(
        f"reading time (load_article, s): mean {sum(seconds.values()) / len(seconds):.3f}, "
        f"max {max(seconds.values()):.3f} ({max(seconds, key=seconds.get)})"
    )
    agreement = format_agreement(args.shared / "corpus")
    print(
        f"the corpus read as HTML, text and Markdown: {agreement['sentences_shared']:.1%} of "
        f"{agreement['sentences']} sentences and {agreement['claims_shared']:.1%} of {agreement['claims']} claims "
        f"the same in all three; articles whose claims differ: {', '.join(agreement['articles_differing']) or 'none'}"
    )
    seconds_long, n_words = reading_time(args.shared)
    print(
        f"reading an article of {n_words} words (and its reference list) on one core: {seconds_long:.3f} s of CPU time (best of 3)"
    )
    if args.errors:
        wrong = cv[cv["kind"] != cv["label"]]
        for row in wrong.itertuples():
            print(f"{row.article[:14]:14} {row.label:>7} -> {row.kind:7} {row.confidence:.2f} {row.text[:140]}")
    if args.json:
        payload = {**results, "per_article": per_article, "per_format": per_format, "seconds": seconds}
        payload.update(formats=agreement, long_article={"words": n_words, "seconds": seconds_long})
        args.json.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return 0


def markdown_of(article) -> str:
    """The article litmap read, written back as Markdown (title, ## headings, paragraphs, a list of entries)."""
    lines = [f"# {article.title}", ""]
    for section in article.sections:
        lines += [line for parent in section.parents for line in (f"## {parent}", "")]
        lines += [f"## {section.heading}", ""]
        lines += [p for _, text in section.paragraphs for p in (text, "")]
    lines += ["## References", ""] + [f"- {text}" for _, text in article.reference_entries()]
    return "\n".join(lines) + "\n"


def format_agreement(corpus: Path) -> dict:
    """For each corpus article read as HTML, plain text and Markdown (the text version written back
    as Markdown): the share of sentences and of claims that the three readings share."""
    from litmap.parse.claims import compute_sentences_and_citations
    from litmap.parse.references import compute_references
    from litmap.read.article import compute_article

    same_sentences, same_claims, total_sentences, total_claims = 0, 0, 0, 0
    differing = []
    for folder in sorted(p for p in corpus.iterdir() if (p / "article.html").exists()):
        readings = {}
        for fmt, text in (
            ("html", (folder / "article.html").read_text(encoding="utf-8")),
            ("text", (folder / "article.txt").read_text(encoding="utf-8")),
        ):
            readings[fmt] = compute_article(text, source=str(folder), format=fmt)
        readings["markdown"] = compute_article(markdown_of(readings["text"]), source=str(folder), format="markdown")
        tables = {}
        for fmt, article in readings.items():
            sentences, claims, _ = compute_sentences_and_citations(
                article, compute_references(article.reference_entries())
            )
            tables[fmt] = ({sentence_key(t) for t in sentences["text"]}, {sentence_key(t) for t in claims["text"]})
        every_s = set.union(*(t[0] for t in tables.values()))
        every_c = set.union(*(t[1] for t in tables.values()))
        common_s = set.intersection(*(t[0] for t in tables.values()))
        common_c = set.intersection(*(t[1] for t in tables.values()))
        same_sentences += len(common_s)
        total_sentences += len(every_s)
        same_claims += len(common_c)
        total_claims += len(every_c)
        if common_c != every_c:
            differing.append(f"{folder.name} ({len(every_c) - len(common_c)} claims)")
    return {
        "sentences_shared": same_sentences / max(1, total_sentences),
        "claims_shared": same_claims / max(1, total_claims),
        "sentences": total_sentences,
        "claims": total_claims,
        "articles_differing": differing,
    }


def reading_time(shared: Path, words: int = 10_000, repeats: int = 3) -> tuple[float, int]:
    """CPU seconds to read a ``words``-word article on one core (best of ``repeats``): read, parse the
    references, split, classify and link every sentence (``litmap.load_article``), after a warm-up.

    The article is real text: the body of the longest plain-text corpus articles joined until it
    has ``words`` words, with the first one's reference list.
    """
    import os
    import tempfile

    corpus = shared / "corpus"
    texts = sorted(
        ((p / "article.txt").read_text(encoding="utf-8") for p in corpus.iterdir() if (p / "article.txt").exists()),
        key=len,
        reverse=True,
    )
    body, refs = texts[0].split("\nReferences\n", 1)
    paragraphs, n = [body], len(body.split())
    for text in texts[1:]:
        for paragraph in text.split("\nReferences\n", 1)[0].split("\n\n")[1:]:  # without its title
            if n >= words:
                break
            paragraphs.append(paragraph)
            n += len(paragraph.split())
    article = "\n\n".join(paragraphs) + "\n\nReferences\n" + refs
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long-article.txt"
        path.write_text(article, encoding="utf-8")
        litmap.load_article(path)  # warm-up: imports, the models
        best = float("inf")
        for _ in range(repeats):
            # CPU time of this process: what one core spends, whatever else the machine runs
            start = time.process_time()
            litmap.load_article(path)
            best = min(best, time.process_time() - start)
    return best, n


def litmap_in_table(rows: pd.DataFrame) -> pd.Series:
    """Whether each sentence would be in the claims table with these kinds: claims, findings and
    cited sentences, never furniture."""
    furniture = rows["detail"] == "furniture"
    return (rows["kind"].isin(["claim", "finding"]) | rows["is_cited"]) & ~furniture


if __name__ == "__main__":
    sys.exit(main())
