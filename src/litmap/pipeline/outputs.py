"""What a run writes after the audit (audit files, topics, fit, graph, figures, reading lists, deck), shared with the corpus."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from litmap.arguments import checked, choice, folder, table
from litmap.evidence.fit import compute_fit
from litmap.evidence.graph import GRAPH_ARGUMENT, build_evidence_graph
from litmap.evidence.graph_export import write_graph
from litmap.evidence.taxonomy import write_taxonomy
from litmap.evidence.topics import compute_topics
from litmap.pipeline.article import ArticleTables
from litmap.present.canvas import PRESETS
from litmap.present.export import write_reading_list, write_topic_reading_lists
from litmap.present.figures import (
    plot_audit_summary,
    plot_evidence_map,
    plot_source_network,
    plot_sources_by_year,
    save_figure,
)
from litmap.present.reading_list import compute_reading_list, compute_topic_reading_lists
from litmap.present.slides import SLIDES_FILE, write_slides
from litmap.schemas import AUDIT, REFERENCES, write_table
from litmap.settings import SETTINGS_ARGUMENT, Settings
from litmap.text import counted
from litmap.verify.audit import AuditResult
from litmap.verify.enrich import describe_evidence
from litmap.verify.records import describe_failures


@dataclass
class RunResult:
    """What ``run`` produced: the tables by name and the files it wrote."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def write_run_outputs(
    loaded: ArticleTables,
    audited: AuditResult,
    out_dir: str | Path,
    *,
    topic_set,
    discovered: bool = True,
    verified_only: bool = False,
    figures: bool = True,
    preset: str = "presentation",
    slides: bool | None = None,
    settings: Settings | None = None,
    result: RunResult | None = None,
    topics_file: str | Path | None = None,
) -> RunResult:
    """Everything ``run`` writes after the audit: audit files, topics, fit, graph, figures, reading lists, deck.

    :func:`run` and ``litmap corpus`` (for each article's folder) both write through here, so an
    article's folder is the same whichever wrote it. ``topic_set`` is the taxonomy of the claims
    (``discovered`` says whether litmap found it); ``result`` collects tables, files and messages.
    ``topics_file``, the file the taxonomy was read from: when it is ``out_dir/topics.yaml`` (edited
    and passed back), it is left as the user wrote it, comments and all, not written over.
    """
    out = Path(out_dir)
    result = result if result is not None else RunResult()
    result.tables.update(audit=audited.audit, source_links=audited.source_links, records=audited.records)
    result.files.extend(audited.write(out))
    result.messages.append(f"audit: {audited.counts_text() or 'no references'}")
    result.messages += [f"  {line}" for line in describe_failures(audited.records)]
    if audited.failures:
        result.messages.append(f"  could not check {_some_ids([ref_id for ref_id, _ in audited.failures])}")
    result.messages += describe_evidence(audited.audit) + audited.notes

    claim_topics = compute_topics(loaded.claims, topic_set)
    citations = compute_fit(loaded.claims, loaded.citations, audited.audit)
    result.tables.update(claim_topics=claim_topics, citations=citations)
    result.files += write_tables(out, claim_topics=claim_topics, citations=citations)
    if _same_file(topics_file, out / "topics.yaml"):
        result.messages.append(f"topics: {len(topic_set.topics)} (topics.yaml, read and left as it was)")
    else:
        result.files.append(write_taxonomy(topic_set, out / "topics.yaml", claim_topics=claim_topics))
        result.messages.append(f"topics: {len(topic_set.topics)} ({'discovered; ' if discovered else ''}topics.yaml)")
    fits = citations["fit"].value_counts()
    bases = citations["fit_basis"].value_counts()
    read = "; read the record's " + ", ".join(f"{basis} for {n}" for basis, n in bases.items()) if len(bases) else ""
    if len(bases) and not any("abstract" in basis for basis in bases.index):
        read += " (no abstract to read: see docs/audit.md, 'Deeper evidence', to fetch them online)"
    result.messages.append("fit: " + ", ".join(f"{n} {label}" for label, n in fits.items()) + read)

    graph = build_evidence_graph(
        loaded.claims,
        citations,
        loaded.references,
        audited.audit,
        audited.source_links,
        claim_topics,
        article=loaded.article.title,
    )
    result.files += write_graph(graph, out)
    subtitle = figure_subtitle(loaded.article.title, checked=_any_checked(audited.audit))
    drawn: list[Path] = []
    if figures:
        drawn = write_figures(
            graph,
            audited.audit,
            loaded.references,
            out / "figures",
            preset=preset,
            settings=settings,
            subtitle=subtitle,
        )
        result.files += drawn
    result.messages.append(
        f"graph: {counted(graph.number_of_nodes(), 'node')}, {counted(graph.number_of_edges(), 'edge')}"
        + (f"; figures in {out / 'figures'}/" if figures else "")
    )

    reading_list = compute_reading_list(
        loaded.references, audited.audit, citations, loaded.claims, claim_topics, verified_only=verified_only
    )
    result.tables["reading_list"] = reading_list
    result.files.extend(write_reading_list(reading_list, out).values())
    per_topic = compute_topic_reading_lists(
        loaded.references, audited.audit, citations, loaded.claims, claim_topics, verified_only=verified_only
    )
    labels = dict(zip(claim_topics["topic"], claim_topics["label"], strict=True))  # titles, not file-name keys
    result.files.extend(write_topic_reading_lists(per_topic, out / "by-topic", labels=labels).values())
    result.messages.append(
        f"reading list: {counted(len(reading_list), 'work')} (reading-list.md/.html/.bib/.ris/.json), "
        f"and one for each of {counted(len(per_topic), 'topic')} in by-topic/"
    )
    if figures if slides is None else slides:
        # The deck shows the slide-sized PNGs just written; drawn again only in another preset or format.
        pngs = {p.stem: p for p in drawn if p.suffix == ".png" and preset == "presentation"}
        deck = write_slides(
            out / SLIDES_FILE,
            graph,
            audited.audit,
            reading_list,
            figures=pngs,
            subtitle=subtitle,
            unsupported=loaded.unsupported,
        )
        result.files.append(deck)
        result.messages.append(f"slides: {deck}")
    return result


def figure_subtitle(article_title: str | None, day: date | None = None, *, checked: bool = True) -> str:
    """The subtitle of every figure of a run: the article and the day of the audit, or, when no
    reference was checked (offline, nothing saved), that day said as such rather than as an audit.

    >>> figure_subtitle("Why most published research findings are false", date(2026, 12, 7))
    'Why most published research findings are false · audited 2026-12-07'
    >>> figure_subtitle("Why most published research findings are false", date(2026, 12, 7), checked=False)
    'Why most published research findings are false · references not checked 2026-12-07'
    """
    from litmap.present.canvas import plain_title

    day = day or date.today()
    title = plain_title(article_title) or "the article"
    return f"{title} · {'audited' if checked else 'references not checked'} {day.isoformat()}"


def _any_checked(audit: pd.DataFrame) -> bool:
    return bool((audit["status"] != "unchecked").any())


@checked(out_dir=folder)
def write_tables(out_dir: str | Path, **tables: pd.DataFrame) -> list[Path]:
    """Write each table as ``<name>.csv`` into ``out_dir`` (its schema's columns; lists joined with "; ").

    What ``litmap run`` writes for the stages after the audit, and notebook 3 the same way:
    ``write_tables(out_dir, citations=citations, claim_topics=claim_topics)``.
    """
    return [write_table(frame, Path(out_dir) / f"{name}.csv") for name, frame in tables.items()]


@checked(
    graph=GRAPH_ARGUMENT,
    audit=table(AUDIT),
    references=table(REFERENCES),
    out_dir=folder,
    preset=choice(*PRESETS),
    settings=SETTINGS_ARGUMENT,
)
def write_figures(
    graph,
    audit: pd.DataFrame,
    references: pd.DataFrame,
    out_dir: str | Path,
    *,
    preset: str = "presentation",
    settings: Settings | None = None,
    subtitle: str | None = None,
) -> list[Path]:
    """Draw every figure of the evidence graph and the audit once, and write it in each format.

    The evidence map, the source network, the audit summary and sources by year, each titled for
    the article and subtitled with it and the day of the audit (``subtitle``). When the map has
    more claims or sources than fit, each topic also gets its own map, in ``by-topic/``.
    ``settings.figure_formats`` and ``settings.figure_dpi`` (``LITMAP_FIGURE_FORMATS``,
    ``LITMAP_FIGURE_DPI``; by default ``Settings.from_env()``) choose the formats and the PNG's
    resolution (by default the preset's: 1920 × 1080 for a slide).
    """
    from litmap.present.canvas import quoted_title

    settings = settings if settings is not None else Settings.from_env()
    formats, dpi = settings.figure_formats, settings.figure_dpi
    article = quoted_title(graph.graph.get("name"))
    checked = _any_checked(audit)
    subtitle = subtitle if subtitle is not None else figure_subtitle(graph.graph.get("name"), checked=checked)
    drawings = {
        "evidence-map": lambda: plot_evidence_map(graph, preset=preset, subtitle=subtitle),
        "source-network": lambda: plot_source_network(graph, preset=preset, subtitle=subtitle),
        "audit-summary": lambda: plot_audit_summary(
            audit,
            preset=preset,
            subtitle=subtitle,
            title=(
                f"What the audit found for the {len(audit)} references of {article}"
                if checked
                else f"The {len(audit)} references of {article}, not yet checked"
            ),
        ),
        "sources-by-year": lambda: plot_sources_by_year(
            references, audit, preset=preset, subtitle=subtitle, title=f"When the sources of {article} were published"
        ),
    }
    out = Path(out_dir)
    paths: list[Path] = []
    hidden = {}
    for name, draw in drawings.items():
        ax = draw()
        if name == "evidence-map":
            hidden = ax.litmap_layout.hidden
        paths += save_figure(ax, out / name, formats, dpi=dpi, close=True)
    if hidden.get("claim") or hidden.get("source"):
        for topic in sorted(n for n, k in graph.nodes(data="kind") if k == "topic"):
            ax = plot_evidence_map(graph, preset=preset, subtitle=subtitle, topic=topic)
            word = re.sub(r"[^a-z0-9_-]+", "-", topic.split(":", 1)[1].lower()).strip("-") or "topic"
            paths += save_figure(ax, out / "by-topic" / f"evidence-map-{word}", formats, dpi=dpi, close=True)
    return paths


def _some_ids(ids: list[str], *, shown: int = 8) -> str:
    """The first few ids and how many more, for a message a person reads.

    >>> _some_ids(["R01", "R02"])
    'R01, R02 (the note column of audit.csv says why)'
    >>> _some_ids([f"R{i:02d}" for i in range(1, 41)], shown=3)
    '40 references: R01, R02, R03 and 37 more (the note column of audit.csv says why)'
    """
    why = "(the note column of audit.csv says why)"
    if len(ids) <= shown:
        return f"{', '.join(ids)} {why}"
    return f"{counted(len(ids), 'reference')}: {', '.join(ids[:shown])} and {len(ids) - shown} more {why}"


def _same_file(given, path: Path) -> bool:
    """Whether ``given`` (a path, a dict, None) is the file at ``path``."""
    if not isinstance(given, (str, Path)):
        return False
    try:
        return Path(path).exists() and Path(given).expanduser().resolve() == Path(path).resolve()
    except (OSError, RuntimeError):
        return False
