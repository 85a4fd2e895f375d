"""The whole pipeline in order, as the notebooks tell it and as ``litmap run`` runs it in batch.

``load_article`` reads an article and returns its tables; ``run`` adds the later stages
(audit, graph, figures, reading lists) and writes every output into one folder. Each stage
keeps what earlier stages produced: a failure late in the run leaves the earlier files written.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from litmap import plotting
from litmap.article import Article, read_article
from litmap.audit import AuditResult, compute_audit
from litmap.claims import compute_claims_and_citations, compute_uncited, compute_unresolved
from litmap.crossref import CrossrefClient
from litmap.discovery import discover_topics
from litmap.errors import ArticleError
from litmap.export import write_reading_list
from litmap.fit import compute_fit
from litmap.graph import build_evidence_graph, write_gexf, write_graph_tables, write_graphml
from litmap.openlibrary import OpenLibraryClient
from litmap.readinglist import compute_reading_list
from litmap.references import compute_references, read_references
from litmap.schemas import write_table
from litmap.snapshot import Snapshot
from litmap.topics import compute_topics, read_taxonomy, write_taxonomy

log = logging.getLogger(__name__)


@dataclass
class ArticleTables:
    """An article and the tables made from it (see ``litmap.schemas`` for the columns)."""

    article: Article
    references: pd.DataFrame
    claims: pd.DataFrame
    citations: pd.DataFrame
    unresolved: pd.DataFrame
    uncited: pd.DataFrame

    TABLE_NAMES = ("references", "claims", "citations", "unresolved", "uncited")

    def outline(self) -> pd.DataFrame:
        """The article's sections with their paragraph, claim and citation counts."""
        claims = self.claims.groupby("section", sort=False).agg(
            claims=("claim_id", "size"), citations=("n_citations", "sum")
        )
        rows = [{"section": s.heading, "paragraphs": len(s.paragraphs)} for s in self.article.sections]
        outline = pd.DataFrame(rows).set_index("section").join(claims).fillna(0)
        return outline.astype("Int64").reset_index()

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write every table as CSV into ``out_dir``; returns the paths."""
        return [write_table(getattr(self, name), Path(out_dir) / f"{name}.csv") for name in self.TABLE_NAMES]

    def summary(self) -> str:
        """A few lines a person reads: counts and anything that needs attention."""
        unparsed = int((~self.references["is_parsed"].fillna(False).astype(bool)).sum())
        cited = int((self.claims["n_citations"] > 0).sum())
        lines = [
            f"article: {self.article.title}",
            f"  {len(self.references)} references ({unparsed} not parsed), "
            f"{len(self.claims)} claims ({cited} with citations), {len(self.citations)} in-text citations",
            f"  {len(self.unresolved)} unresolved citations, {len(self.uncited)} references never cited",
        ]
        return "\n".join(lines)


def load_article(source: str | Path, references: str | Path | None = None) -> ArticleTables:
    """Read an article and build its references, claims and citations tables.

    Parameters
    ----------
    source
        Path or http(s) URL of the article (plain text or HTML).
    references
        Optional file holding the reference list, for pages whose list is missing or elsewhere.

    Raises
    ------
    ArticleError
        The article cannot be read, or it has no reference section and none was given.
    """
    article = read_article(source)
    if references is not None:
        reference_table = read_references(references)
    elif article.has_references:
        reference_table = compute_references(article.reference_entries())
    else:
        raise ArticleError(
            "no reference section found (looked for a heading such as 'References' or 'Bibliography'); "
            "pass the reference list as a file: `litmap run ARTICLE --references FILE` "
            "or `load_article(ARTICLE, references=FILE)`",
            source=str(source),
        )
    claims, citations = compute_claims_and_citations(article, reference_table)
    return ArticleTables(
        article=article,
        references=reference_table,
        claims=claims,
        citations=citations,
        unresolved=compute_unresolved(citations),
        uncited=compute_uncited(reference_table, citations),
    )


def audit_references(
    references: pd.DataFrame,
    *,
    offline: bool = False,
    snapshot: str | Path | None = None,
    refresh: bool = False,
    mailto: str | None = None,
    progress: bool | None = None,
) -> AuditResult:
    """Look every reference up in Crossref (and Open Library for books) and audit it.

    Parameters
    ----------
    offline
        Use only the snapshot and the cache; references nothing answers are ``unchecked``.
    snapshot
        A snapshot file of bundled look-ups (``data/snapshots/…json``), consulted first.
    refresh
        Look everything up again online and rewrite ``snapshot`` with the answers.
    mailto
        Contact address for Crossref's polite pool (else ``$LITMAP_MAILTO``).
    """
    if refresh and snapshot is None:
        raise ValueError("refresh=True needs a snapshot path to write the fresh answers to")
    bundled = None
    if snapshot is not None and not refresh:
        bundled = Snapshot.read(snapshot) if Path(snapshot).exists() else None
        if bundled is None:
            log.warning("snapshot %s does not exist; looking up without it", snapshot)
    recorded = bundled
    if refresh:
        recorded = Snapshot(
            about=f"Downloaded from Crossref and Open Library by litmap on {date.today().isoformat()}.",
            refresh_command=f"litmap run ARTICLE --refresh --snapshot {snapshot} --mailto YOU@EXAMPLE.ORG",
        )
    options = dict(mailto=mailto, offline=offline, refresh=refresh, snapshot=recorded, progress=progress)
    with CrossrefClient(**options) as crossref, OpenLibraryClient(**options) as openlibrary:
        result = compute_audit(references, crossref=crossref, openlibrary=openlibrary, progress=bool(progress))
    if refresh:
        recorded.write(snapshot)
    return result


@dataclass
class RunResult:
    """What ``run`` produced: the tables by name and the files it wrote."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def run(
    source: str | Path,
    *,
    references: str | Path | None = None,
    out_dir: str | Path = "outputs",
    offline: bool = False,
    snapshot: str | Path | None = None,
    refresh: bool = False,
    mailto: str | None = None,
    taxonomy: str | Path | dict | None = None,
    verified_only: bool = False,
    figures: bool = True,
    preset: str = "presentation",
    progress: bool | None = None,
) -> RunResult:
    """Run the pipeline on an article and write its outputs into ``out_dir``.

    Stages write their files as soon as they finish, so a failure in a later stage keeps the
    earlier outputs (and every finished look-up stays in the cache).
    """
    out = Path(out_dir)
    result = RunResult()
    loaded = load_article(source, references=references)
    result.tables.update({name: getattr(loaded, name) for name in loaded.TABLE_NAMES})
    result.files.extend(loaded.write(out))
    result.messages.append(loaded.summary())

    audited = audit_references(
        loaded.references, offline=offline, snapshot=snapshot, refresh=refresh, mailto=mailto, progress=progress
    )
    _keep(result, out, audit=audited.audit, source_links=audited.source_links)
    counts = ", ".join(f"{n} {status}" for status, n in audited.counts().items() if n)
    result.messages.append(f"audit: {counts}")
    for ref_id, error in audited.failures:
        result.messages.append(f"  could not check {ref_id}: {error}")

    # No taxonomy given: the article's own topics, written out for the user to edit and pass back.
    topic_set = read_taxonomy(taxonomy) or discover_topics(loaded.claims, title=loaded.article.title)
    claim_topics = compute_topics(loaded.claims, topic_set)
    citations = compute_fit(loaded.claims, loaded.citations, audited.audit)
    _keep(result, out, claim_topics=claim_topics, citations=citations)
    result.files.append(write_taxonomy(topic_set, out / "topics.yaml", claim_topics=claim_topics))
    result.messages.append(f"topics: {len(topic_set.topics)} ({'discovered; ' if taxonomy is None else ''}topics.yaml)")
    fits = citations["fit"].value_counts()
    result.messages.append("fit: " + ", ".join(f"{n} {label}" for label, n in fits.items()))

    graph = build_evidence_graph(
        loaded.claims,
        citations,
        loaded.references,
        audited.audit,
        audited.source_links,
        claim_topics,
        article=loaded.article.title,
    )
    result.files += [write_graphml(graph, out / "graph.graphml"), write_gexf(graph, out / "graph.gexf")]
    result.files += write_graph_tables(graph, out)
    if figures:
        result.files += write_figures(graph, audited.audit, loaded.references, out / "figures", preset=preset)
    result.messages.append(
        f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges"
        + (f"; figures in {out / 'figures'}/" if figures else "")
    )

    reading_list = compute_reading_list(
        loaded.references, audited.audit, citations, loaded.claims, claim_topics, verified_only=verified_only
    )
    result.tables["reading_list"] = reading_list
    result.files.extend(write_reading_list(reading_list, out).values())
    result.messages.append(f"reading list: {len(reading_list)} works (reading-list.md/.html/.bib/.ris/.json)")
    return result


def _keep(result: RunResult, out: Path, **tables: pd.DataFrame) -> None:
    """Record tables in the result and write each as CSV right away."""
    for name, frame in tables.items():
        result.tables[name] = frame
        result.files.append(write_table(frame, out / f"{name}.csv"))


def write_figures(
    graph, audit: pd.DataFrame, references: pd.DataFrame, out_dir: str | Path, *, preset: str = "presentation"
) -> list[Path]:
    """Draw every figure of the evidence graph and the audit; write each as PNG, SVG and PDF."""
    drawings = {
        "evidence-map": lambda: plotting.plot_evidence_map(graph, preset=preset),
        "source-network": lambda: plotting.plot_source_network(graph, preset=preset),
        "audit-summary": lambda: plotting.plot_audit_summary(audit, preset=preset),
        "sources-by-year": lambda: plotting.plot_sources_by_year(references, audit, preset=preset),
    }
    paths: list[Path] = []
    for name, draw in drawings.items():
        paths += plotting.save_figure(draw(), Path(out_dir) / name, close=True)
    return paths
