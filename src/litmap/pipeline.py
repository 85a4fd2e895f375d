"""The whole pipeline in order, as the notebooks tell it and as ``litmap run`` runs it in batch.

``load_article`` reads an article and returns its tables; ``audit_references`` looks the
references up (fetch, then compute); ``run`` adds the later stages (graph, figures, reading
lists) and writes every output into one folder. Each stage keeps what earlier stages produced:
a failure late in the run leaves the earlier files written, and every finished look-up stays
in the cache.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from litmap.arguments import checked, choice, folder, path, table
from litmap.errors import ArticleError
from litmap.evidence.discovery import discover_topics
from litmap.evidence.fit import compute_fit
from litmap.evidence.graph import GRAPH_ARGUMENT, build_evidence_graph
from litmap.evidence.graph_export import write_graph
from litmap.evidence.keyphrases import article_keywords
from litmap.evidence.taxonomy import TAXONOMY_ARGUMENT, read_taxonomy, write_taxonomy
from litmap.evidence.topics import compute_topics
from litmap.limits import article_budget
from litmap.parse.claims import (
    compute_sentences_and_citations,
    compute_uncited,
    compute_unresolved,
    compute_unsupported,
)
from litmap.parse.list_checks import describe_cut_short
from litmap.parse.references import compute_references, read_references
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
from litmap.read.article import Article, missing_file_reason, read_article
from litmap.read.documents import check_online
from litmap.schemas import (
    AUDIT,
    CITATIONS,
    CLAIMS,
    REFERENCES,
    SENTENCE_KINDS,
    SENTENCES,
    UNRESOLVED,
    UNSUPPORTED,
    table_rows,
    write_table,
)
from litmap.settings import SETTINGS_ARGUMENT, Settings
from litmap.text import counted
from litmap.verify.audit import AuditResult
from litmap.verify.auditor import Auditor, check_snapshot
from litmap.verify.enrich import describe_evidence
from litmap.verify.records import describe_failures
from litmap.web import litmap_version

log = logging.getLogger(__name__)

#: In an output folder: the article's tables, saved exactly, so later notebooks need not read it again.
ARTICLE_FILE = "article.json"


@dataclass
class ArticleTables:
    """An article and the tables made from it (see ``litmap.schemas`` for the columns)."""

    article: Article
    references: pd.DataFrame
    claims: pd.DataFrame
    citations: pd.DataFrame
    unresolved: pd.DataFrame
    uncited: pd.DataFrame
    sentences: pd.DataFrame = field(default_factory=SENTENCES.empty)
    unsupported: pd.DataFrame = field(default_factory=UNSUPPORTED.empty)

    TABLE_NAMES = ("references", "sentences", "claims", "citations", "unresolved", "uncited", "unsupported")

    def outline(self) -> pd.DataFrame:
        """The article's sections with their paragraph, claim and citation counts."""
        claims = self.claims.groupby("section", sort=False).agg(
            claims=("claim_id", "size"), citations=("n_citations", "sum")
        )
        rows = [{"section": s.heading, "paragraphs": len(s.paragraphs)} for s in self.article.sections]
        outline = pd.DataFrame(rows).set_index("section").join(claims).fillna(0)
        return outline.astype("Int64").reset_index()

    def write(self, out_dir: str | Path, *, identity: dict | None = None) -> list[Path]:
        """Write every table as CSV into ``out_dir``, and all of it exactly as ``article.json``.

        ``article.json`` is what :func:`load_article` reads back with ``saved=out_dir``, so the
        notebooks after the first need not fetch and parse the article again. Returns the paths.
        """
        out = Path(out_dir)
        paths = [write_table(getattr(self, name), out / f"{name}.csv") for name in self.TABLE_NAMES]
        data = {
            "identity": identity if identity is not None else article_identity(self.article.source, None),
            "article": self.article.to_dict(),
            "tables": {name: table_rows(getattr(self, name)) for name in self.TABLE_NAMES},
        }
        path = out / ARTICLE_FILE
        path.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
        return [*paths, path]

    def summary(self) -> str:
        """A few lines a person reads: counts and anything that needs attention."""
        unparsed = int((~self.references["is_parsed"].fillna(False).astype(bool)).sum())
        cited = int((self.claims["n_citations"] > 0).sum())
        kinds = self.sentences["kind"].value_counts()
        said = ", ".join(counted(int(kinds.get(k, 0)), k) for k in SENTENCE_KINDS if k != "other")
        n_unsupported = len(self.unsupported)
        # The claims table holds claims, findings and any other sentence that cites: its rows are counted
        # by kind, so "124 claims" never sits under a sentence count that says "30 claims".
        rows = self.claims["kind"].value_counts()
        held = ", ".join(
            counted(int(rows[k]), k, "other" if k == "other" else None) for k in SENTENCE_KINDS if rows.get(k, 0)
        )
        lines = [
            f"article: {self.article.title}",
            f"  {counted(len(self.sentences), 'sentence')} ({said}, {kinds.get('other', 0)} other)",
            f"  {counted(len(self.references), 'reference')} ({unparsed} not parsed), "
            f"{counted(len(self.citations), 'in-text citation')}",
            f"  claims.csv: {counted(len(self.claims), 'row')}"
            + (f" ({held})" if held else "")
            + f", {cited} of them with citations",
            f"  {counted(len(self.unresolved), 'unresolved citation')}, "
            f"{counted(len(self.uncited), 'reference')} never cited",
            f"  {counted(n_unsupported, 'claim or finding', 'claims and findings')} "
            f"{'cites' if n_unsupported == 1 else 'cite'} nothing (unsupported.csv)",
        ]
        if self.citations.empty:
            lines.append(
                "  no in-text citation found, so no claim is linked to a reference; litmap reads "
                "(Author, Year), Author (Year), [1] and superscript numbers"
            )
        lines += [f"  note: {note}" for note in self.article.notes]  # what the reading did or doubts, in words
        if len(self.unresolved) >= 3:
            some = ", ".join(dict.fromkeys(self.unresolved["cited_as"]))
            lines.append(
                f"  note: {len(self.unresolved)} of {len(self.citations)} in-text citations match no reference "
                f"entry ({some[:120]}): the reference list may be incomplete or mis-split"
            )
        lines += [f"  note: {note}" for note in describe_cut_short(self.references, self.unresolved)]
        return "\n".join(lines)


def _is_url(source) -> bool:
    return bool(re.match(r"^[a-z][a-z0-9+.-]*://", str(source), re.IGNORECASE))


def location_of(source: str | Path | None) -> str | None:
    """Where an article (or another input file) is, however it was named: an absolute path, or the URL as given.

    (In this module ``source`` is where an article comes from; a cited work is a "source" only in
    the evidence graph and its figures, and ``source_links`` are the cited works' own reference lists.)

    The same file named ``../data/a.txt`` from a notebook and ``data/a.txt`` from the command
    line is one location; notebooks run in their own folder, so they are handed this form.

    >>> location_of("https://example.org/post")
    'https://example.org/post'
    >>> location_of(None) is None
    True
    """
    if source is None:
        return None
    return str(source) if _is_url(source) else str(Path(source).resolve())


def check_article(source: str | Path, *, settings: Settings | None = None) -> None:
    """Refuse, with a clear error, an article (file or URL) that cannot be read, before any work starts.

    Raises
    ------
    ArticleError
        ``source`` is a URL and the run is offline (no request at all), or a file that does not exist.
    """
    if _is_url(source) and not re.match(r"^https?://", str(source), re.IGNORECASE):
        scheme = str(source).split(":", 1)[0].lower()
        raise ArticleError(
            f"{scheme}: addresses are not supported: give a file path, or an http(s) address", source=str(source)
        )
    if _is_url(source):
        if settings is not None:
            check_online(str(source), settings)
    elif not Path(source).exists():
        raise ArticleError(missing_file_reason(source), source=str(source))
    elif Path(source).is_dir():
        raise ArticleError("is a folder, not an article file", source=str(source))


#: The files a run writes at the top of ``out_dir`` (figures/ and by-topic/ aside); a test keeps it in
#: step with what a run writes.
WRITTEN_FILES = frozenset(
    [f"{name}.csv" for name in ArticleTables.TABLE_NAMES]
    + [ARTICLE_FILE, SLIDES_FILE, "topics.yaml", "audit.csv", "records.csv", "records.json", "source_links.csv"]
    + ["claim_topics.csv", "graph.graphml", "graph.gexf", "graph-nodes.csv", "graph-edges.csv"]
    + [f"reading-list.{suffix}" for suffix in ("md", "html", "bib", "ris", "json")]
)


def check_not_overwritten(out_dir: str | Path, **inputs) -> None:
    """Refuse a run whose article or reference list is a file it would overwrite in ``out_dir``
    (``litmap run notes/references.csv --out notes`` replaced the user's list with litmap's table).

    Raises
    ------
    ArticleError
        Naming the file and what to do.
    """
    try:
        out = Path(out_dir).expanduser().resolve()
    except (OSError, RuntimeError):  # a symbolic link loop: what writes there says so
        return
    for option, given in inputs.items():
        if given is None or _is_url(given):
            continue
        try:
            path = Path(given).expanduser().resolve()
        except (OSError, RuntimeError):  # a symbolic link loop: the reading says so, in its words
            continue
        if path.parent == out and path.name in WRITTEN_FILES:
            raise ArticleError(
                f"is in --out and litmap writes a {path.name} there: the {option.replace('source', 'article')} would "
                "be overwritten; give another --out (or move the file)",
                source=str(given),
            )


def article_identity(source, references) -> dict:
    """What makes saved tables those of this article: the source and reference list, and their bytes."""

    def digest(path) -> str | None:
        if path is None or _is_url(path) or not Path(path).is_file():
            return None
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()

    return {
        "source": location_of(source),
        "references": location_of(references),
        "sha256": [digest(source), digest(references)],
        "litmap": litmap_version(),  # a newer parser reads the article again
    }


def read_article_tables(out_dir: str | Path) -> ArticleTables:
    """Read the article and tables that :meth:`ArticleTables.write` saved in ``out_dir``."""
    path = Path(out_dir) / ARTICLE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        rebuilt = Article.from_dict(data["article"])
    except (OSError, ValueError, KeyError, TypeError, RecursionError) as err:
        raise ArticleError(
            f"saved tables cannot be read ({err}); delete the file to start again", source=str(path)
        ) from err
    schemas = {"references": REFERENCES, "claims": CLAIMS, "citations": CITATIONS, "unresolved": UNRESOLVED}
    schemas.update(uncited=REFERENCES, sentences=SENTENCES, unsupported=UNSUPPORTED)
    tables = {name: schema.from_records(data["tables"].get(name, [])) for name, schema in schemas.items()}
    return ArticleTables(article=rebuilt, **tables)


@checked(source=path, references=path, settings=SETTINGS_ARGUMENT, saved=path)
def load_article(
    source: str | Path,
    references: str | Path | None = None,
    *,
    settings: Settings | None = None,
    saved: str | Path | None = None,
) -> ArticleTables:
    """Read an article and build its references, sentences, claims and citations tables.

    Parameters
    ----------
    source
        Path or http(s) URL of the article (plain text or HTML).
    references
        Optional file holding the reference list, for pages whose list is missing or elsewhere.
    settings
        For an article given as a URL: the contact address and the limits of its download; with
        ``offline=True`` a URL is refused (offline means no request at all). By default
        ``Settings.from_env()``.
    saved
        An output folder: when it holds the tables of this same article (``article.json``, written
        by :meth:`ArticleTables.write` — same source, same bytes), they are read instead of
        fetching and parsing the article again.

    Raises
    ------
    ArticleError
        The article cannot be read, it is a URL and the run is offline, or it has no reference
        section and none was given.
    """
    if saved is not None and (Path(saved) / ARTICLE_FILE).exists():
        try:
            stored = json.loads((Path(saved) / ARTICLE_FILE).read_text(encoding="utf-8")).get("identity")
        except (OSError, ValueError, AttributeError, RecursionError):
            stored = None  # damaged or not litmap's: the article is read again
        if stored == article_identity(source, references):
            return read_article_tables(saved)
        log.info("%s holds the tables of another article (or another version); reading %s", saved, source)
    settings = settings if settings is not None else Settings.from_env()  # read once: the article and its list
    check_article(source, settings=settings)
    article = read_article(source, settings=settings)
    if references is not None:
        reference_table = read_references(references, settings=settings)
    elif article.has_references:
        reference_table = compute_references(article.reference_entries())
    else:
        raise ArticleError(
            "no reference section found (looked for a heading such as 'References' or 'Bibliography'); "
            "pass the reference list as a file: `litmap run ARTICLE --references FILE` "
            "or `load_article(ARTICLE, references=FILE)`",
            source=str(source),
        )
    sentences, claims, citations = compute_sentences_and_citations(article, reference_table)
    return ArticleTables(
        article=article,
        references=reference_table,
        claims=claims,
        citations=citations,
        unresolved=compute_unresolved(citations),
        uncited=compute_uncited(reference_table, citations),
        sentences=sentences,
        unsupported=compute_unsupported(claims, sentences),
    )


@checked(references=table(REFERENCES), settings=SETTINGS_ARGUMENT, saved=path)
def audit_references(
    references: pd.DataFrame,
    *,
    settings: Settings | None = None,
    snapshot: str | Path | list | None = None,
    saved: str | Path | None = None,
    clients: dict | None = None,
) -> AuditResult:
    """Look every reference up and audit it: fetch, then compute.

    Crossref, then Open Library for books, give each reference its verdict; Europe PMC, and
    OpenAlex when ``settings.openalex_key`` is set, give the works found their evidence
    (abstract, subjects, PubMed ids, free full text, reference list; ``settings.evidence=False``
    leaves them out). ``litmap run``, the notebooks and ``litmap corpus`` all audit through
    :class:`litmap.verify.auditor.Auditor`, so every setting means the same on each route.

    Parameters
    ----------
    references
        The REFERENCES table.
    settings
        Offline, refresh, contact address, limits; by default ``Settings.from_env()``. Offline:
        answers come only from ``snapshot`` and the cache, and references nothing answers are
        ``unchecked``. Refresh: everything is asked again and ``snapshot`` is rewritten.
    snapshot
        Saved records to answer from first (a file, or a list of files: earlier ones win; files
        that do not exist are skipped). With ``refresh`` the (first) file is written.
    saved
        An output folder whose ``records.json`` (written by :meth:`AuditResult.write`) answers
        before ``snapshot``: what an earlier audit fetched is never fetched again.
    clients
        Service name -> client, instead of new ones.

    Raises
    ------
    SettingsError
        ``refresh`` without a ``snapshot`` path.
    RunInterrupted
        Ctrl-C during the look-ups; finished ones are cached, so running again continues.
    """
    with Auditor(settings, snapshot=snapshot, saved=saved, clients=clients) as auditor:
        return auditor.audit(references)


@dataclass
class RunResult:
    """What ``run`` produced: the tables by name and the files it wrote."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


@checked(
    source=path,
    references=path,
    out_dir=folder,
    settings=SETTINGS_ARGUMENT,
    snapshot=path,
    taxonomy=TAXONOMY_ARGUMENT,
    preset=choice(*PRESETS),
)
def run(
    source: str | Path,
    *,
    references: str | Path | None = None,
    out_dir: str | Path = "outputs",
    settings: Settings | None = None,
    snapshot: str | Path | None = None,
    taxonomy: str | Path | dict | None = None,
    verified_only: bool = False,
    figures: bool = True,
    preset: str = "presentation",
    slides: bool | None = None,
) -> RunResult:
    """Run the pipeline on an article and write its outputs into ``out_dir``.

    Stages write their files as soon as they finish, so a failure in a later stage keeps the
    earlier outputs (and every finished look-up stays in the cache). ``settings`` as for
    :func:`audit_references`; offline, an article given as a URL is refused. ``slides`` writes the
    deck, ``evidence.pptx`` (None, the default: whenever the figures are drawn).
    """
    settings = settings if settings is not None else Settings.from_env()
    check_snapshot(settings, snapshot)  # before any work
    out = Path(out_dir)
    check_not_overwritten(out, source=source, references=references)
    result = RunResult()
    started = time.monotonic()
    with article_budget(settings.article_time_limit, str(source)):  # reading and parsing: the look-ups aside
        loaded = load_article(source, references=references, settings=settings)
    spent = time.monotonic() - started
    result.tables.update({name: getattr(loaded, name) for name in loaded.TABLE_NAMES})
    result.files.extend(loaded.write(out, identity=article_identity(source, references)))
    result.messages.append(loaded.summary())

    audited = audit_references(loaded.references, settings=settings, snapshot=snapshot)
    with article_budget(max(1.0, settings.article_time_limit - spent), str(source)):
        # No taxonomy given: the article's own topics, written out for the user to edit and pass back.
        topic_set = read_taxonomy(taxonomy) or discover_topics(
            loaded.claims, title=loaded.article.title, keywords=article_keywords(loaded.article.sections)
        )
        return write_run_outputs(
            loaded,
            audited,
            out,
            topic_set=topic_set,
            discovered=taxonomy is None,
            verified_only=verified_only,
            figures=figures,
            preset=preset,
            slides=slides,
            settings=settings,
            result=result,
        )


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
) -> RunResult:
    """Everything ``run`` writes after the audit: audit files, topics, fit, graph, figures, reading lists, deck.

    :func:`run` and ``litmap corpus`` (for each article's folder) both write through here, so an
    article's folder is the same whichever wrote it. ``topic_set`` is the taxonomy of the claims
    (``discovered`` says whether litmap found it); ``result`` collects tables, files and messages.
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
    day = day or date.today()
    title = " ".join(str(article_title or "").split()) or "the article"
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
    from litmap.present.canvas import short_title

    settings = settings if settings is not None else Settings.from_env()
    formats, dpi = settings.figure_formats, settings.figure_dpi
    article = short_title(graph.graph.get("name"))
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
                f"What the audit found for the {len(audit)} references of “{article}”"
                if checked
                else f"The {len(audit)} references of “{article}”, not yet checked"
            ),
        ),
        "sources-by-year": lambda: plot_sources_by_year(
            references, audit, preset=preset, subtitle=subtitle, title=f"When the sources of “{article}” were published"
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
