"""Benchmark: the figures and the deck (issue #23) — how tangled the evidence map is, what a large
article's map shows, and how long a whole run takes with figures and deck.

1. Edge crossings of the evidence map, every claim and source on it (no row limit), for the bundled
   article, the three CC BY articles in data/corpus and the 22 articles of the shared corpus
   (../shared/corpus, read offline; skipped with a message when missing): rows in id order, after
   the barycentric sweeps alone (litmap before #23), and after barycentric sweeps plus adjacent
   exchange from two starting orders (now). Also the crossings of the map as drawn on a slide.
2. A generated article of 60 references and 100 cited claims (8 topics): what the slide-sized
   overview shows and merges, and what each topic's own map shows.
3. The whole offline run of the bundled article (``litmap run … --offline --snapshot …``:
   tables, audit, topics, graph, four figures in PNG, SVG and PDF, reading lists, the deck), run as
   a fresh process pinned to one core (``taskset -c 0``) ``--runs`` times: wall and CPU seconds;
   the same without figures and deck; and the seconds ``import litmap`` takes. With ``--baseline
   DIR`` (a ``src`` folder of older code, e.g. from ``git archive ca5dc06 src``) the same runs of
   that code too.
4. Where one run's time goes (in one process, after the imports): each stage, each figure drawn,
   each format written, the deck.
5. The decks as a presenter meets them, for the bundled article and the shared corpus (offline): the
   rows of the topic slides' source tables that take more than one line, the source names cut, the
   claims each topic slide shows, and the title slides that print the article's title twice. With
   ``--baseline DIR`` the decks of that code too.
6. How clearly the source network's labels name their dots, for the bundled article and the shared
   corpus (offline): the gap between each drawn label and its dot's edge (points, at slide size,
   measured on the drawn artists), the share of labels tied by a leader line, the labels whose
   nearest dot is another one with no leader line to say which, and the sources left unlabelled.
   With ``--baseline DIR`` the same of that code (from ``h-net``'s first commit on, which names the
   drawn nodes and leader lines on the axes).

    .venv/bin/python benchmarks/figures.py [--runs 3] [--baseline /tmp/base/src] [--shared ../shared/corpus]

The machine is shared: the load average is printed with the numbers, and CPU seconds are the
measure that other engineers' jobs disturb least.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import networkx as nx

import litmap
from litmap.present.map_layout import ColumnLayout, compute_column_layout, count_crossings, order_columns

#: A cache of the benchmark's own (read offline, from snapshots), never the user's.
CACHE = Path(tempfile.mkdtemp(prefix="litmap-bench-cache-"))

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "data" / "articles" / "empathy-in-therapy.txt"
SNAPSHOT = REPO / "data" / "snapshots" / "empathy-in-therapy.json"


def evidence_graph(path: Path, snapshot: Path | None = None) -> nx.DiGraph:
    loaded = litmap.load_article(path)
    settings = litmap.Settings(offline=True, progress=False, cache_dir=CACHE)
    audited = litmap.audit_references(loaded.references, settings=settings, snapshot=snapshot)
    topics = litmap.compute_topics(loaded.claims, litmap.discover_topics(loaded.claims, title=loaded.article.title))
    citations = litmap.compute_fit(loaded.claims, loaded.citations, audited.audit)
    return litmap.build_evidence_graph(
        loaded.claims,
        citations,
        loaded.references,
        audited.audit,
        audited.source_links,
        topics,
        article=loaded.article.title,
    )


def crossings(graph: nx.DiGraph) -> dict:
    """Crossings of the full map (no row limit) in three orders, and of the map drawn on a slide."""
    full = compute_column_layout(graph, min_topic_score=2.0)
    pairs = [(u, v) for u, v, _, _ in full.edges]
    by_id = [sorted(full.topics), sorted(full.claims), sorted(full.sources)]
    barycentric = order_columns(by_id, pairs, exchange=False)
    ax = litmap.plot_evidence_map(graph)
    drawn = count_crossings(ax.litmap_layout)
    shown = len([n for n in ax.litmap_layout.claims if n.startswith("claim:")])
    plt.close(ax.figure)
    return {
        "claims": len(full.claims),
        "sources": len(full.sources),
        "edges": len(pairs),
        "id order": count_crossings(ColumnLayout(*by_id, full.edges)),
        "barycentric": count_crossings(ColumnLayout(*barycentric, full.edges)),
        "now": count_crossings(full),
        "slide": drawn,
        "claims on slide": shown,
    }


def part_crossings(shared: Path) -> None:
    print("\n== 1. Evidence-map crossings (all rows; 'slide': the map as drawn at 16:9)")
    articles = [("bundled", BUNDLED, SNAPSHOT)]
    articles += [(p.stem, p, None) for p in sorted((REPO / "data" / "corpus").glob("*.*")) if p.suffix != ".md"]
    if shared.is_dir():  # its copies of the data/corpus articles are left out
        seen = {name for name, _, _ in articles}
        articles += [
            (p.parent.name, p, None) for p in sorted(shared.glob("*/article.html")) if p.parent.name not in seen
        ]
    else:
        print(f"   (no shared corpus at {shared}: its 22 articles are left out)")
    header = ["article", "claims", "sources", "edges", "id order", "barycentric", "now", "slide", "claims on slide"]
    print("   " + " | ".join(header))
    totals = {k: 0 for k in ("id order", "barycentric", "now")}
    for name, path, snapshot in articles:
        try:
            row = crossings(evidence_graph(path, snapshot))
        except litmap.LitmapError as err:
            print(f"   {name}: not read ({err})")
            continue
        for key in totals:
            totals[key] += row[key]
        print("   " + " | ".join([name] + [str(row[k]) for k in header[1:]]))
    print(
        f"   total crossings: id order {totals['id order']}, barycentric {totals['barycentric']}, now {totals['now']}"
    )


def large_graph(n_claims: int = 100, n_sources: int = 60, n_topics: int = 8, seed: int = 5) -> nx.DiGraph:
    """A review-sized article: each cited claim cites 1-3 sources (a few sources often), one topic each."""
    rng = random.Random(seed)
    graph = nx.DiGraph(name="A generated review: sixty references, a hundred cited claims")
    weights = [1 / (i + 1) ** 0.7 for i in range(n_sources)]
    statuses = ["verified"] * 6 + ["discrepant", "not_found", "retracted", "unchecked"]
    for s in range(n_sources):
        graph.add_node(
            f"ref:R{s:02d}",
            kind="source",
            label=f"Author{s} et al. {1995 + s % 25}",
            status=statuses[s % len(statuses)],
        )
    for t in range(n_topics):
        graph.add_node(f"topic:t{t}", kind="topic", label=f"Theme {t} of the review")
    for c in range(n_claims):
        node = f"claim:C{c:03d}"
        graph.add_node(
            node,
            kind="claim",
            claim_id=f"C{c:03d}",
            text=f"Claim {c}: the effect of the intervention on the outcome holds in this population.",
        )
        for s in set(rng.choices(range(n_sources), weights=weights, k=rng.randint(1, 3))):
            graph.add_edge(node, f"ref:R{s:02d}", relation="cites")
        graph.add_edge(node, f"topic:t{rng.randrange(n_topics)}", relation="about", score=3.0)
    for n, k in graph.nodes(data="kind"):
        if k == "source":
            graph.nodes[n]["n_claims"] = graph.in_degree(n)
        if k == "topic":
            graph.nodes[n]["n_claims"] = graph.in_degree(n)
    return graph


def part_large() -> None:
    print("\n== 2. 60 references, 100 cited claims, 8 topics")
    graph = large_graph()
    start = _clock()
    ax = litmap.plot_evidence_map(graph)
    layout = ax.litmap_layout
    plt.close(ax.figure)
    claims = [n for n in layout.claims if n.startswith("claim:")]
    sources = [n for n in layout.sources if n.startswith("ref:")]
    print(
        f"   overview: {len(claims)} claims and {len(sources)} sources drawn, {layout.hidden} merged "
        f"into '+ more' rows and named in the footnote; {count_crossings(layout)} crossings; "
        f"{_clock() - start:.2f} s to draw"
    )
    for topic in sorted(n for n, k in graph.nodes(data="kind") if k == "topic"):
        start = _clock()
        ax = litmap.plot_evidence_map(graph, topic=topic)
        one = ax.litmap_layout
        plt.close(ax.figure)
        drawn = len([n for n in one.claims if n.startswith("claim:")])
        total = graph.in_degree(topic)
        print(
            f"   {topic}: {drawn} of its {total} claims drawn, {len([n for n in one.sources if n.startswith('ref:')])} "
            f"sources, merged {one.hidden or 'nothing'}, {count_crossings(one)} crossings, "
            f"{_clock() - start:.2f} s"
        )


def _timed(command: list[str], env: dict) -> tuple[float, float]:
    """Wall and CPU seconds of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = _clock()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    wall = _clock() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def part_runs(runs: int, baseline: Path | None) -> None:
    print(f"\n== 3. Whole offline run of the bundled article, a fresh process on one core, median of {runs}")
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    codes = {"now": None}
    if baseline is not None:
        codes["baseline"] = baseline
    for label, src in codes.items():
        env = dict(os.environ, MPLBACKEND="Agg", LITMAP_PROGRESS="0")
        if src is not None:
            env["PYTHONPATH"] = str(src)
        cli = [*pin, sys.executable, "-c", "import sys; from litmap.cli import main; sys.exit(main())"]
        base = [*cli, "run", str(BUNDLED), "--offline", "--snapshot", str(SNAPSHOT)]
        variants = {
            "import litmap": [*pin, sys.executable, "-c", "import litmap"],
            "run, no figures": [*base, "--no-figures"],  # (and so no deck)
        }
        if src is None:  # the deck comes with the figures since #23
            variants["run, figures, no deck"] = [*base, "--no-slides"]
            variants["run, figures and deck"] = base
        else:
            variants["run, figures"] = base
        for name, command in variants.items():
            walls, cpus = [], []
            for _ in range(runs):
                with tempfile.TemporaryDirectory() as out:
                    extra = ["--out", out] if "run" in name else []
                    wall, cpu = _timed(command + extra, env)
                walls.append(wall)
                cpus.append(cpu)
            print(
                f"   {label:8} {name:24} wall {statistics.median(walls):5.2f} s   CPU {statistics.median(cpus):5.2f} s"
                f"   (load average {os.getloadavg()[0]:.1f})"
            )


def _clock() -> float:
    return time.perf_counter()


def _cpu() -> float:
    return time.process_time()


def part_stages() -> None:
    print("\n== 4. Where one run's time goes (one process, imports already done; CPU seconds of this process)")
    from litmap.pipeline import figure_subtitle
    from litmap.present.figures import plot_audit_summary, plot_sources_by_year
    from litmap.present.saving import save_figure

    marks = []

    def mark(name, start):
        marks.append((name, _cpu() - start))

    start = _cpu()
    settings = litmap.Settings(offline=True, progress=False, cache_dir=CACHE)
    loaded = litmap.load_article(BUNDLED)
    mark("load article", start)
    start = _cpu()
    audited = litmap.audit_references(loaded.references, settings=settings, snapshot=SNAPSHOT)
    mark("audit (snapshot)", start)
    start = _cpu()
    taxonomy = litmap.discover_topics(loaded.claims, title=loaded.article.title)
    topics = litmap.compute_topics(loaded.claims, taxonomy)
    citations = litmap.compute_fit(loaded.claims, loaded.citations, audited.audit)
    mark("topics and fit", start)
    start = _cpu()
    graph = litmap.build_evidence_graph(
        loaded.claims,
        citations,
        loaded.references,
        audited.audit,
        audited.source_links,
        topics,
        article=loaded.article.title,
    )
    mark("graph", start)
    subtitle = figure_subtitle(loaded.article.title)
    draws = {
        "evidence map": lambda: litmap.plot_evidence_map(graph, subtitle=subtitle),
        "source network": lambda: litmap.plot_source_network(graph, subtitle=subtitle),
        "audit summary": lambda: plot_audit_summary(audited.audit, subtitle=subtitle),
        "sources by year": lambda: plot_sources_by_year(loaded.references, audited.audit, subtitle=subtitle),
    }
    with tempfile.TemporaryDirectory() as out:
        for name, draw in draws.items():
            start = _cpu()
            ax = draw()
            mark(f"draw {name}", start)
            for fmt in ("png", "svg", "pdf"):
                start = _cpu()
                save_figure(ax, Path(out) / name.replace(" ", "-"), (fmt,))
                mark(f"  write {fmt}", start)
            plt.close(ax.figure)
        start = _cpu()
        reading = litmap.compute_reading_list(loaded.references, audited.audit, citations, loaded.claims, topics)
        mark("reading list", start)
        start = _cpu()
        litmap.write_slides(Path(out) / "evidence.pptx", graph, audited.audit, reading, figures=out)
        mark("deck (from the PNGs)", start)
    for name, seconds in marks:
        print(f"   {name:24} {seconds:6.3f} s")
    print(f"   total {sum(s for _, s in marks):.2f} s (load average {os.getloadavg()[0]:.1f})")


def part_decks(shared: Path, baseline: Path | None) -> None:
    print("\n== 5. The decks as a presenter meets them (offline; the bundled article with its snapshot)")
    import re

    from pptx import Presentation

    articles = [(BUNDLED, SNAPSHOT)]
    if shared.is_dir():
        articles += [(folder / "article.html", None) for folder in sorted(shared.iterdir()) if folder.is_dir()]
    else:
        print(f"   ({shared} not found: the bundled article only)")
    codes = {"now": None} if baseline is None else {"baseline": baseline, "now": None}
    for label, src in codes.items():
        env = dict(os.environ, MPLBACKEND="Agg", LITMAP_PROGRESS="0", LITMAP_CACHE_DIR=str(CACHE))
        if src is not None:
            env["PYTHONPATH"] = str(src)
        rows = tall = cut = claims_shown = topic_slides = twice = decks = 0
        for article, snapshot in articles:
            with tempfile.TemporaryDirectory() as out:
                command = [sys.executable, "-c", "import sys; from litmap.cli import main; sys.exit(main())"]
                command += ["run", str(article), "--out", out, "--offline", "--formats", "png", "--slides"]
                command += ["--snapshot", str(snapshot)] if snapshot else []
                done = subprocess.run(command, env=env, capture_output=True, text=True)
                deck_path = Path(out) / "evidence.pptx"
                if done.returncode or not deck_path.exists():
                    print(f"   {label}: {article.parent.name}: no deck ({done.stderr.strip()[-200:]})")
                    continue
                deck = Presentation(deck_path)
                decks += 1
                first = "\n".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)
                title = re.search(r"“(.+?)”", first)
                twice += bool(title) and title.group(1) in first.split("\n")  # a line that only repeats it
                for slide in deck.slides:
                    for shape in slide.shapes:
                        if not shape.has_table or [c.text for c in shape.table.rows[0].cells] != ["Source", "Verdict"]:
                            continue
                        topic_slides += 1
                        body = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text.startswith("C")]
                        claims_shown += sum(
                            bool(re.match(r"C\d+ · ", p.text)) for s in body for p in s.text_frame.paragraphs
                        )
                        one_line = min(row.height for row in shape.table.rows)
                        for row in list(shape.table.rows)[1:]:
                            rows += 1
                            tall += row.height > one_line * 1.05
                            cut += "…" in row.cells[0].text
        print(
            f"   {label:8} {decks} decks, {topic_slides} topic slides: {tall} of {rows} source rows on more than one "
            f"line, {cut} names cut; {claims_shown / max(topic_slides, 1):.2f} claims a topic slide; "
            f"{twice} title slides printing the article's title twice"
        )


def label_distances(ax) -> list[dict]:
    """Each drawn label of a source network: its gap to its dot's edge and to the nearest other dot
    (points at slide size, from the drawn artists' window extents), and whether a leader line ties it."""
    import math

    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    scale = 72 / fig.dpi
    nodes = {n: (*ax.transData.transform((x, y)) * scale, r * 72) for n, (x, y, r) in ax.litmap_nodes.items()}

    def gap(box, node):
        x, y, r = node
        dx = max(box.x0 * scale - x, 0, x - box.x1 * scale)
        dy = max(box.y0 * scale - y, 0, y - box.y1 * scale)
        return max(math.hypot(dx, dy) - r, 0.0)

    rows = []
    for n, text in ax.litmap_labels.items():
        box = text.get_window_extent(renderer)
        others = [gap(box, node) for m, node in nodes.items() if m != n]
        rows.append(
            {"gap": gap(box, nodes[n]), "other": min(others, default=math.inf), "leader": n in ax.litmap_leaders}
        )
    return rows


def part_labels(shared: Path) -> None:
    print("\n== 6. Source-network labels: gap from each label to its dot's edge (pt at slide size), offline")
    articles = [("bundled", BUNDLED, SNAPSHOT)]
    if shared.is_dir():
        articles += [(p.parent.name, p, None) for p in sorted(shared.glob("*/article.html"))]
    else:
        print(f"   ({shared} not found: the bundled article only)")
    print(
        "   article | drawn | labelled | unlabelled | max gap | median gap | with leader | nearer another dot"
        " | dots touching"
    )
    every, touching = [], 0
    for name, path, snapshot in articles:
        try:
            graph = evidence_graph(path, snapshot)
        except litmap.LitmapError as err:
            print(f"   {name}: not read ({err})")
            continue
        ax = litmap.plot_source_network(graph)
        if not ax.litmap_nodes:
            print(f"   {name}: no links, the figure is a sentence ({ax.texts[0].get_text()[:70]!r}…)")
            plt.close(ax.figure)
            continue
        rows = label_distances(ax)
        drawn = sum(1 for n in ax.litmap_nodes if graph.nodes[n].get("kind") == "source")
        dots = list(ax.litmap_nodes.values())  # pairs of dots closer than 0.03 in, edge to edge
        touch = sum(math.dist(a[:2], b[:2]) < a[2] + b[2] + 0.03 for i, a in enumerate(dots) for b in dots[i + 1 :])
        touching += touch
        plt.close(ax.figure)
        every += rows
        gaps = [r["gap"] for r in rows] or [0.0]
        print(
            f"   {name} | {drawn} | {len(rows)} | {drawn - len(rows)} | {max(gaps):.1f} | {statistics.median(gaps):.1f}"
            f" | {sum(r['leader'] for r in rows)} | {sum(r['other'] < r['gap'] and not r['leader'] for r in rows)}"
            f" | {touch}"
        )
    if every:
        gaps = [r["gap"] for r in every]
        print(
            f"   all {len(every)} labels: max gap {max(gaps):.1f} pt, median {statistics.median(gaps):.1f} pt, "
            f"{sum(r['leader'] for r in every) / len(every):.0%} with a leader line, "
            f"{sum(r['other'] < r['gap'] and not r['leader'] for r in every)} nearer another dot with no leader; "
            f"{touching} pairs of dots touching"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="a src/ folder of older litmap code to time too")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--parts", default="123456", help="which parts to run, e.g. 34")
    args = parser.parse_args()
    if "1" in args.parts:
        part_crossings(args.shared)
    if "2" in args.parts:
        part_large()
    if "3" in args.parts:
        part_runs(args.runs, args.baseline)
    if "4" in args.parts:
        part_stages()
    if "5" in args.parts:
        part_decks(args.shared, args.baseline)
    if "6" in args.parts:
        if args.baseline is not None:
            print("\n   (part 6 of the baseline code:)")
            env = dict(os.environ, PYTHONPATH=str(args.baseline), MPLBACKEND="Agg")
            command = [sys.executable, __file__, "--parts", "6", "--shared", str(args.shared)]
            subprocess.run(command, env=env, check=False)
            print("\n   (part 6 of this code:)")
        part_labels(args.shared)


if __name__ == "__main__":
    main()
