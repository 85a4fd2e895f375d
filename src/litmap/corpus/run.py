"""Corpus mode: many articles, one evidence map, at a cost that grows with the distinct works.

:func:`run_corpus` (``litmap corpus``) reads many articles and audits them together:

1. **read** each article — parse references, claims and citations, find its topics — as a task
   (in this process, on a local Dask cluster with ``workers`` processes, or on an existing
   ``dask.distributed`` cluster at ``scheduler``);
2. **plan** the look-ups of a batch of articles at once: references are grouped into works by DOI,
   or by the same first author, year and title (:func:`compute_work_keys`), so each work is
   looked up once — also across batches and runs (the store remembers what answers each key);
3. **fetch** them in this process with one :func:`litmap.fetch_records` call per round, through
   one paced client per service: more workers never mean more requests per second;
4. **finish** each article as a task: the audit from the records (pure), claim–source fit, topics,
   graph, figures and reading list written to ``DIR/articles/<article_id>/`` exactly as
   ``litmap run`` writes them;
5. **store** the batch in ``DIR/corpus.duckdb`` in one transaction, so memory is bounded by a batch.

An article that cannot be read is stored as ``failed`` with its reason, and the run goes on.
Running again (or with more inputs) reads only articles not yet stored, or whose file changed.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from litmap.arguments import checked, choice, folder, items, path, whole_number
from litmap.corpus.corpus_map import compute_work_keys
from litmap.corpus.inputs import (
    ARTICLE_SUFFIXES,
    CorpusInput,
    file_digest,
    find_articles,
    find_corpus_inputs,
    unique_ids,
)
from litmap.corpus.tasks import (
    ArticleRead,
    InProcess,
    LookupPlan,
    failed_rows,
    fetch_batch,
    finish_corpus_article,
    read_corpus_article,
)
from litmap.errors import CorpusError
from litmap.evidence.taxonomy import TAXONOMY_ARGUMENT
from litmap.pipeline import check_no_links
from litmap.present.canvas import PRESETS
from litmap.settings import SETTINGS_ARGUMENT, Settings
from litmap.text import counted, escape_controls
from litmap.verify.auditor import Auditor, check_snapshot

__all__ = [
    "ARTICLE_SUFFIXES",
    "CorpusInput",
    "find_articles",
    "run_corpus",
]

log = logging.getLogger(__name__)
#: Failed articles the summary names one a line; the rest are counted (each is in the articles table):
#: a folder of 5,000 files litmap cannot read printed 5,000 lines.
SHOWN_FAILURES = 20
#: What a corpus run writes at the top of its folder (each article's own files are in articles/).
_WRITTEN = ["parquet", "articles", "figures", "graph.graphml", "works.csv"] + [
    f"corpus-reading-list.{suffix}" for suffix in ("md", "html", "bib", "ris", "json")
]

#: Articles read, looked up and stored together; memory grows with this, not with the corpus.
DEFAULT_BATCH_SIZE = 50


@dataclass
class CorpusResult:
    """What :func:`run_corpus` did: counts, the articles that failed and why, the files written."""

    out_dir: Path
    n_articles: int = 0
    n_read: int = 0
    n_skipped: int = 0
    #: Links in a folder given that lead out of it, as found: not read (see :func:`find_corpus_inputs`).
    outside_links: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    n_references: int = 0
    n_works: int = 0
    n_lookups: int = 0
    n_requests: int = 0
    files: list[Path] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def open_executor(workers: int = 1, scheduler: str | None = None):
    """Where the per-article tasks run: this process (1 worker), a local Dask cluster, or ``scheduler``.

    Raises
    ------
    CorpusError
        The scheduler cannot be reached, more than 4 workers per CPU are asked for, or Dask is not installed.
    """
    if scheduler is None and workers <= 1:
        return InProcess()
    try:
        from distributed import Client, LocalCluster
    except ImportError as err:
        raise CorpusError("--workers and --scheduler need Dask: pip install 'litmap[corpus]'") from err
    if scheduler is not None:
        try:
            return Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as err:  # ValueError: an address Dask cannot read
            raise CorpusError(f"the Dask scheduler at {scheduler} cannot be reached ({err})") from err
    most = 4 * (os.cpu_count() or 1)
    if workers > most:  # each worker is a process with its own copy of litmap: hundreds would only thrash
        raise CorpusError(f"{workers:,} workers are more than this machine can run (at most {most}: 4 per CPU)")
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    client = Client(cluster)
    client.litmap_cluster = cluster  # closed with the client
    return client


def _close_executor(executor) -> None:
    executor.close()
    cluster = getattr(executor, "litmap_cluster", None)
    if cluster is not None:
        cluster.close()


def _result(future, read: ArticleRead):
    """A task's result; a worker that died (out of memory, killed) fails that article, not the run."""
    try:
        return future.result()
    except Exception as err:  # distributed's KilledWorker, CommClosedError, ...: said in the article's row
        reason = f"its worker stopped ({type(err).__name__}: {err})"
        return failed_rows(read, reason) if isinstance(read, ArticleRead) and read.tables is not None else reason


@checked(
    inputs=items("a list of article files, folders or URLs"),
    out_dir=folder,
    list_file=path,
    settings=SETTINGS_ARGUMENT,
    snapshot=path,
    taxonomy=TAXONOMY_ARGUMENT,
    preset=choice(*PRESETS),
    workers=whole_number(1),
    batch_size=whole_number(1),
)
def run_corpus(
    inputs,
    *,
    out_dir: str | Path = "corpus",
    list_file: str | Path | None = None,
    settings: Settings | None = None,
    snapshot: str | Path | None = None,
    taxonomy=None,
    verified_only: bool = False,
    figures: bool = True,
    preset: str = "presentation",
    slides: bool | None = None,
    article_outputs: bool = True,
    workers: int = 1,
    scheduler: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> CorpusResult:
    """Read, audit and store many articles, then write the corpus outputs into ``out_dir``.

    Parameters
    ----------
    inputs
        Files, folders (searched recursively for :data:`ARTICLE_SUFFIXES`) and http(s) URLs.
    list_file
        A file naming more inputs, one a line.
    settings, snapshot, taxonomy, verified_only, figures, preset, slides
        As for :func:`litmap.run`: each article's folder gets its figures and its deck
        (``evidence.pptx``, by default whenever the figures are drawn); ``figures`` also draws the
        corpus figures. The look-ups
        follow the settings as :func:`litmap.audit_references` does (one
        :class:`~litmap.verify.auditor.Auditor`): with ``evidence`` off no Europe PMC, with an
        OpenAlex key OpenAlex too.
    article_outputs
        Write each article's folder (``articles/<article_id>/``, as ``litmap run`` does); without
        them the store still holds every article's tables, in about half the time.
    workers, scheduler
        Run the per-article stages on a local Dask cluster of ``workers`` processes, or on the
        ``dask.distributed`` cluster at ``scheduler`` (whose workers must see the input files and
        ``out_dir`` at the same paths). The look-ups always run here, through one paced client.
    batch_size
        Articles read, looked up and stored together.

    Raises
    ------
    CorpusError
        An input does not exist, or the scheduler cannot be reached.
    SettingsError
        ``refresh`` without a ``snapshot`` path.
    RunInterrupted
        Ctrl-C; every stored batch stays, and running again continues.
    """
    from tqdm.auto import tqdm

    from litmap.corpus.store import STORE_FILE, CorpusStore
    from litmap.evidence.taxonomy import read_taxonomy

    settings = settings if settings is not None else Settings.from_env()
    check_snapshot(settings, snapshot)
    check_no_links(
        out_dir, [STORE_FILE, f"{STORE_FILE}.wal", *_WRITTEN], folders=("parquet", "figures")
    )  # nothing written through a link
    # The run's one audit path: services, saved records and refresh as for `litmap run`.
    auditor = Auditor(settings, snapshot=snapshot, command="litmap corpus ARTICLES")
    settings = auditor.settings
    out = Path(out_dir)
    found = find_corpus_inputs(inputs, list_file=list_file, exclude=out)
    items = found.articles
    result = CorpusResult(out_dir=out, n_articles=len(items), outside_links=found.outside_links)
    topic_set = read_taxonomy(taxonomy)
    options = {
        "verified_only": verified_only,
        "figures": figures,
        "preset": preset,
        "slides": slides,
        "article_outputs": article_outputs,
    }
    options.update(scope=auditor.scope, settings=settings, time_limit=settings.article_time_limit)
    with auditor, CorpusStore(out) as store:
        items = unique_ids(items, store.article_sources())
        states = store.article_states()
        digests = {item.article_id: file_digest(item, max_bytes=settings.max_bytes) for item in items}
        todo = [item for item in items if not _is_stored(states.get(item.article_id), digests[item.article_id])]
        result.n_skipped = len(items) - len(todo)
        batches = [todo[i : i + batch_size] for i in range(0, len(todo), batch_size)]
        executor = open_executor(workers, scheduler) if todo else InProcess()
        try:
            with tqdm(total=len(todo), desc="articles", unit="article", disable=not settings.shows_progress()) as bar:

                def submit_reads(batch):
                    return [
                        (
                            item,
                            executor.submit(
                                read_corpus_article,
                                item,
                                digests[item.article_id],
                                settings=settings,
                                taxonomy=topic_set,
                            ),
                        )
                        for item in batch
                    ]

                pending = submit_reads(batches[0]) if batches else []
                for index in range(len(batches)):
                    reads = [_read_or_fail(item, future, digests[item.article_id]) for item, future in pending]
                    # The finish task gets the read's future: on a cluster its tables stay where they are.
                    on_worker = {item.article_id: future for item, future in pending}
                    pending = submit_reads(batches[index + 1]) if index + 1 < len(batches) else []
                    good = [read for read in reads if read.tables is not None]
                    known = store.work_lookups(k for read in good for k in compute_work_keys(read.tables.references))
                    plan = fetch_batch(good, known, auditor)
                    finishing = [
                        (
                            read,
                            executor.submit(
                                finish_corpus_article,
                                on_worker[read.item.article_id],
                                plan.views[read.item.article_id],
                                plan.records[read.item.article_id],
                                out,
                                **options,
                            ),
                        )
                        for read in good
                    ]
                    rows = [failed_rows(read, read.error) for read in reads if read.tables is None]
                    rows += [_result(future, read) for read, future in finishing]
                    store.write_batch(rows, plan.new_keys)
                    _count(result, rows, plan)
                    bar.update(len(reads))
        finally:
            _close_executor(executor)
        result.n_works = store.update_works()
        result.files += store.export_parquet(out / "parquet")
        from litmap.corpus.figures import write_corpus_outputs

        result.files += write_corpus_outputs(store, out, figures=figures, preset=preset, settings=settings)
        summary = store.query(
            "SELECT count(*) FILTER (WHERE status = 'ok') AS ok, count(*) FILTER (WHERE status = 'failed') AS failed, "
            '(SELECT count(*) FROM "references") AS refs FROM articles'
        ).iloc[0]
        failures = store.query("SELECT source, error FROM articles WHERE status = 'failed' ORDER BY source")
    result.failed = list(failures.itertuples(index=False, name=None))
    result.n_references = int(summary["refs"])
    result.messages = _summary(result, int(summary["ok"]), int(summary["failed"]))
    return result


def _is_stored(state: tuple[str, str | None] | None, sha256: str | None) -> bool:
    """Whether an article needs no reading: stored from the same bytes (a file that failed fails
    again; a URL that failed may answer now)."""
    return state is not None and state[1] == sha256 and (state[0] == "ok" or sha256 is not None)


def _read_or_fail(item: CorpusInput, future, sha256: str | None) -> ArticleRead:
    read = _result(future, ArticleRead(item, sha256))
    return read if isinstance(read, ArticleRead) else ArticleRead(item, sha256, error=read)


def _count(result: CorpusResult, rows: list[dict], plan: LookupPlan) -> None:
    result.n_read += len(rows)
    if plan.fetched is not None:
        result.n_lookups += len(plan.fetched)
        result.n_requests += int((plan.fetched["via"] == "network").sum())


def _summary(result: CorpusResult, n_ok: int, n_failed: int) -> list[str]:
    lines = [
        f"corpus: {counted(n_ok, 'article')} stored, {n_failed} failed ({result.n_read} read this run, "
        f"{result.n_skipped} unchanged since the last)",
        f"  {counted(result.n_references, 'reference')}, {counted(result.n_works, 'distinct work')}; "
        f"this run: {counted(result.n_lookups, 'look-up')}, {result.n_requests} sent over the network",
    ]
    lines += [
        escape_controls(f"  failed: {error if error.startswith(source) else f'{source}: {error}'}")
        for source, error in result.failed[:SHOWN_FAILURES]
    ]
    if len(result.failed) > SHOWN_FAILURES:
        lines.append(
            f"  and {len(result.failed) - SHOWN_FAILURES:,} more failed: the error column of the articles table "
            "(parquet/articles.parquet, corpus.duckdb) says why for each"
        )
    if result.outside_links:
        lines.append(escape_controls("  " + _describe_outside_links(result.outside_links)))
    return lines


def _describe_outside_links(links: list[str], *, examples: int = 5) -> str:
    """The links passed over, in one line: each named up to ``examples``, then how many more.

    >>> _describe_outside_links(["in/passwd.txt"])
    'skipped a link pointing outside the folder: in/passwd.txt'
    >>> _describe_outside_links([f"in/{i}.txt" for i in range(7)], examples=2)
    'skipped 7 links pointing outside the folder: in/0.txt, in/1.txt and 5 more'
    """
    if len(links) == 1:
        return f"skipped a link pointing outside the folder: {links[0]}"
    more = f" and {len(links) - examples} more" if len(links) > examples else ""
    return f"skipped {len(links)} links pointing outside the folder: {', '.join(links[:examples])}{more}"
