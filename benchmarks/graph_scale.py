"""Benchmark: the evidence graph and its figures on a generated corpus.

5,000 sources and 2,000 claims (each citing 1-6 sources, skewed so a few sources are cited
often), random audit verdicts, and Crossref reference lists of 10-30 DOIs per source drawn
from a pool of 40,000 works (so some are shared). Times each step, then re-runs it under
tracemalloc for its peak Python memory. Goal: each step < 10 s and < 1 GB on 2 cores.

    .venv/bin/python benchmarks/graph_scale.py [--sources 5000] [--claims 2000]
"""

from __future__ import annotations

import argparse
import random
import resource
import time
import tracemalloc

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

import litmap
from litmap.evidence.graph_export import write_graphml
from litmap.schemas import AUDIT, CITATIONS, CLAIMS, REFERENCES, SOURCE_LINKS

WORDS = [
    "trust",
    "safety",
    "trauma",
    "validation",
    "insight",
    "emotion",
    "regulation",
    "coping",
    "stress",
    "brain",
    "neural",
    "therapy",
    "client",
    "outcome",
    "study",
    "trial",
    "relationship",
    "support",
    "memory",
    "attention",
    "child",
    "policy",
    "community",
    "wellbeing",
]


def corpus(n_sources: int, n_claims: int, seed: int = 1):
    rng = random.Random(seed)
    statuses = ["verified"] * 6 + ["discrepant"] * 2 + ["not_found"] * 2 + ["retracted", "unchecked"]
    references = REFERENCES.from_records(
        [
            {
                "ref_id": f"R{i:05d}",
                "raw": f"Author{i}, A. ({1950 + i % 75}). Work {i}.",
                "year": 1950 + i % 75,
                "authors": [{"family": f"Author{i}", "given": "A."}],
                "title": f"Work {i}",
                "doi": f"10.9999/src.{i}",
                "kind": "journal-article",
            }
            for i in range(n_sources)
        ]
    )
    weights = [1 / (i + 1) ** 0.8 for i in range(n_sources)]
    ids = list(references["ref_id"])
    claims, citations = [], []
    for c in range(n_claims):
        cited = sorted(set(rng.choices(ids, weights, k=rng.randint(1, 6))))
        cid = f"C{c:05d}"
        claims.append(
            {
                "claim_id": cid,
                "section": " ".join(rng.sample(WORDS, 2)),
                "paragraph": c // 5 + 1,
                "text": "Claim " + " ".join(rng.sample(WORDS, 6)) + ".",
                "ref_ids": cited,
                "n_citations": len(cited),
            }
        )
        citations += [{"claim_id": cid, "ref_id": r, "cited_as": r, "match": "exact", "confidence": 1.0} for r in cited]
    audit = AUDIT.from_records(
        [{"ref_id": r, "status": rng.choice(statuses), "doi": f"10.9999/src.{i}"} for i, r in enumerate(ids)]
    )
    links = SOURCE_LINKS.from_records(
        [
            {"ref_id": r, "cited_doi": f"10.9999/w.{rng.randrange(40_000)}", "cited_key": f"{r}-{k}"}
            for r in ids
            for k in range(rng.randint(10, 30))
        ]
    )
    return CLAIMS.from_records(claims), CITATIONS.from_records(citations), references, audit, links


def measure(name, fn, rows):
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    plt.close("all")
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    plt.close("all")
    rows.append((name, seconds, peak / 2**20))
    print(f"{name:<34} {seconds:7.2f} s  {peak / 2**20:8.1f} MiB peak (Python)", flush=True)
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=5000)
    parser.add_argument("--claims", type=int, default=2000)
    args = parser.parse_args(argv)
    claims, citations, references, audit, links = corpus(args.sources, args.claims)
    print(
        f"corpus: {len(references)} sources, {len(claims)} claims, {len(citations)} citations, {len(links)} source links"
    )
    rows = []
    topics = measure("compute_topics (discovered topics)", lambda: litmap.compute_topics(claims), rows)
    graph = measure(
        "build_evidence_graph",
        lambda: litmap.build_evidence_graph(claims, citations, references, audit, links, topics),
        rows,
    )
    print(f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")
    measure("plot_evidence_map (presentation)", lambda: litmap.plot_evidence_map(graph), rows)
    measure("plot_source_network (top 150)", lambda: litmap.plot_source_network(graph), rows)
    measure("plot_audit_summary", lambda: litmap.plot_audit_summary(audit), rows)
    measure("plot_sources_by_year", lambda: litmap.plot_sources_by_year(references, audit), rows)
    measure(
        "save_figure evidence map png/svg/pdf",
        lambda: litmap.save_figure(litmap.plot_evidence_map(graph), "/tmp/litmap-bench/map", close=True),
        rows,
    )
    measure("write_graphml", lambda: write_graphml(graph, "/tmp/litmap-bench/graph.graphml"), rows)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
