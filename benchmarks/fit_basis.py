"""Claim–source fit by basis: does the work a sentence cites score above the other works of the same list?

Labelled pairs from public facts: every citing sentence of the real-article corpus (``truth.json``
``citations``: the sentence and the entries it cites) against every entry of the same article's
reference list (``references``: title and journal, as the article prints them). A pair is positive
when the sentence cites the entry. litmap's own ``compute_fit`` scores every pair, as it would in
an audit where each entry's record held what the article prints. Measured, per basis:

- **AUC**: the chance that a cited entry scores above an entry of the same list the sentence does
  not cite (ties count half), averaged over (sentence, cited entry) pairs;
- **top 1**: how often the cited entry scores above every entry the sentence does not cite;
- the **labels** the bars give positive and negative pairs.

Bases: ``title`` (title and journal) on every article; ``title + abstract`` on the works whose
abstract is CC BY and committed with attribution in ``benchmarks/data/fit-abstracts.json``
(11 works cited by two articles). The abstract comparison is paired: the same sentences, ranked
among the same candidates (the works of the same list that have an abstract), read once by title
and once by title and abstract.

Calibration: a label should mean the same on every basis, so each basis gets its bars at the same
quantiles of its negative pairs (scores of entries the sentence does not cite). The quantiles are
those the title bars litmap shipped before (0.08 and 0.03, set by reasoning about title lengths)
fall at on the whole lists: "on topic" is then a score that about one in seven entries a sentence
does not cite reaches, "tangential" one that about three in ten reach. The title + abstract bars
are the scores at those quantiles among the paired works with an abstract (few: see the counts).
The title bars are also checked leave-one-article-out (bars from the other articles, rates on the
held-out one). Everything here is a development score: the corpus is litmap's development set.

    .venv/bin/python benchmarks/fit_basis.py [--corpus ../shared/corpus] [--pdf-corpus ../shared/corpus-pdf]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd

from litmap import compute_fit
from litmap.evidence.fit import FIT_THRESHOLDS
from litmap.schemas import AUDIT, CITATIONS, CLAIMS

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1] / "shared"
ABSTRACTS = HERE / "data" / "fit-abstracts.json"


def read_articles(corpus: Path, pdf_corpus: Path | None) -> list[dict]:
    """Each article's entries (number -> title, container) and citing sentences (sentence -> cited numbers)."""
    files = sorted(corpus.glob("*/truth.json")) + (sorted(pdf_corpus.glob("*.truth.json")) if pdf_corpus else [])
    articles = []
    for path in files:
        truth = json.loads(path.read_text(encoding="utf-8"))
        entries = {r["n"]: {"title": r.get("title"), "container": r.get("container")} for r in truth["references"]}
        cited: dict[str, set[int]] = defaultdict(set)
        cited_as: dict[str, list[str]] = defaultdict(list)
        for c in truth.get("citations", []):  # some PDFs carry no citation truth
            if c.get("where", "text") != "text" or not c.get("refs"):
                continue
            refs = {n for n in c["refs"] if n in entries and entries[n]["title"]}
            if refs:
                cited[c["sentence"]] |= refs
                cited_as[c["sentence"]].append(c["cited_as"])
        if cited:
            articles.append({"id": truth["id"], "entries": entries, "cited": dict(cited), "cited_as": dict(cited_as)})
    return articles


def score_pairs(article: dict, abstracts: dict | None = None, only: set[int] | None = None) -> pd.DataFrame:
    """Every (sentence, entry) pair of one article scored by ``compute_fit``: sentence, n, score, cited."""
    numbers = sorted(n for n in article["entries"] if (only is None or n in only) and article["entries"][n]["title"])
    sentences = [s for s in article["cited"] if article["cited"][s] & set(numbers)]
    ids = {s: f"C{i:04d}" for i, s in enumerate(sentences, 1)}
    claims = CLAIMS.from_records([{"claim_id": ids[s], "text": s, "ref_ids": []} for s in sentences])
    links = [
        {"claim_id": ids[s], "ref_id": f"R{n}", "cited_as": " ".join(article["cited_as"][s])}
        for s in sentences
        for n in numbers
    ]
    audit = AUDIT.from_records(
        [
            {
                "ref_id": f"R{n}",
                "status": "verified",
                "title": article["entries"][n]["title"],
                "container": article["entries"][n]["container"],
                "abstract": (abstracts or {}).get(n),
            }
            for n in numbers
        ]
    )
    fit = compute_fit(claims, CITATIONS.from_records(links), audit)
    by_id = {v: k for k, v in ids.items()}
    return pd.DataFrame(
        {
            "article": article["id"],
            "sentence": [by_id[c] for c in fit["claim_id"]],
            "n": [int(r[1:]) for r in fit["ref_id"]],
            "score": fit["fit_score"].astype(float),
            "basis": fit["fit_basis"].astype(str),
        }
    ).assign(cited=lambda f: [n in article["cited"][s] for s, n in zip(f["sentence"], f["n"])])


def ranking(pairs: pd.DataFrame) -> dict:
    """AUC and top 1 over (sentence, cited entry) pairs against the entries the sentence does not cite."""
    aucs, tops = [], []
    for _, group in pairs.groupby(["article", "sentence"]):
        others = group.loc[~group["cited"], "score"].to_numpy()
        if not len(others):
            continue
        for score in group.loc[group["cited"], "score"]:
            aucs.append(((others < score).sum() + 0.5 * (others == score).sum()) / len(others))
            tops.append(bool((others < score).all()))
    return {"pairs": len(aucs), "auc": float(np.mean(aucs)), "top1": float(np.mean(tops))}


def quantiles_of(pairs: pd.DataFrame, on: float, tangential: float) -> tuple[float, float]:
    """Where bars fall among the scores of entries not cited: the share of them below each bar."""
    negatives = pairs.loc[~pairs["cited"], "score"].to_numpy()
    return float((negatives < on).mean()), float((negatives < tangential).mean())


def bars(pairs: pd.DataFrame, quantiles: tuple[float, float]) -> tuple[float, float]:
    """(on topic, tangential) bars at these quantiles of the scores of entries not cited."""
    negatives = pairs.loc[~pairs["cited"], "score"].to_numpy()
    return tuple(round(float(np.quantile(negatives, q, method="higher")), 3) for q in quantiles)


def labels(pairs: pd.DataFrame, on: float, tangential: float) -> dict:
    """Share of cited and of not-cited pairs at or above each bar."""
    out = {}
    for name, group in (("cited", pairs[pairs["cited"]]), ("not cited", pairs[~pairs["cited"]])):
        out[name] = {
            "on topic": float((group["score"] >= on).mean()),
            "at least tangential": float((group["score"] >= tangential).mean()),
        }
    return out


def leave_one_article_out(pairs: pd.DataFrame, quantiles: tuple[float, float]) -> dict:
    """On-topic rates per article, averaged over articles: with bars from every article (in sample)
    and with bars from the other articles only (held out)."""
    rates = {"in sample": ([], []), "held out": ([], [])}
    everyone, _ = bars(pairs, quantiles)
    for article, held in pairs.groupby("article"):
        others, _ = bars(pairs[pairs["article"] != article], quantiles)
        for name, on in (("in sample", everyone), ("held out", others)):
            rates[name][0].append(float((held.loc[held["cited"], "score"] >= on).mean()))
            rates[name][1].append(float((held.loc[~held["cited"], "score"] >= on).mean()))
    return {
        name: {"cited on topic": float(np.mean(cited)), "not cited on topic": float(np.mean(other))}
        for name, (cited, other) in rates.items()
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument("--pdf-corpus", type=Path, default=SHARED / "corpus-pdf")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"fit_basis: the corpus is not at {args.corpus}; pass --corpus DIR (../shared/corpus)", file=sys.stderr)
        return 2
    pdf = args.pdf_corpus if args.pdf_corpus.is_dir() else None
    if pdf is None:
        print(f"fit_basis: no PDF corpus at {args.pdf_corpus}; scoring the HTML corpus only", file=sys.stderr)
    articles = read_articles(args.corpus, pdf)
    abstracts = defaultdict(dict)
    for item in json.loads(ABSTRACTS.read_text(encoding="utf-8"))["abstracts"]:
        abstracts[item["article"]][item["n"]] = item["abstract"]

    title = pd.concat([score_pairs(a) for a in articles], ignore_index=True)
    with_abstract = {a["id"]: a for a in articles if len(abstracts.get(a["id"], {})) >= 2}
    paired = {
        basis: pd.concat(
            [
                score_pairs(a, abstracts[i] if basis == "title + abstract" else None, set(abstracts[i]))
                for i, a in with_abstract.items()
            ],
            ignore_index=True,
        )
        for basis in ("title", "title + abstract")
    }
    quantiles = quantiles_of(title, *FIT_THRESHOLDS["title"])
    result = {
        "articles": len(articles),
        "sentences": int(title.groupby(["article", "sentence"]).ngroups),
        "quantiles of the title bars among entries not cited": quantiles,
        "shipped bars": {basis: list(v) for basis, v in FIT_THRESHOLDS.items()},
        "title, whole lists": {
            **ranking(title),
            "not-cited pairs": int((~title["cited"]).sum()),
            "bars at the quantiles": bars(title, quantiles),
            "labels at the shipped bars": labels(title, *FIT_THRESHOLDS["title"]),
            "leave one article out": leave_one_article_out(title, quantiles),
        },
        "works with an abstract (paired)": {
            basis: {
                **ranking(frame),
                "not-cited pairs": int((~frame["cited"]).sum()),
                "bars at the quantiles": bars(frame, quantiles),
                "labels at those bars": labels(frame, *bars(frame, quantiles)),
                "labels at the shipped bars": labels(frame, *FIT_THRESHOLDS[basis]),
                "labels at the title bars": labels(frame, *FIT_THRESHOLDS["title"]),
            }
            for basis, frame in paired.items()
        },
    }
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
