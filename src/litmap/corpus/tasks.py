"""The stages of a corpus run for one article or one batch: read and finish (tasks, run on workers)
and the batch's look-ups (run in the driving process, through one paced client per service).

:func:`litmap.corpus.run.run_corpus` strings them together; see :mod:`litmap.corpus.run` for the story.
Tasks never raise for a bad article: its reason is kept and stored.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from litmap.corpus.corpus_map import compute_themes, compute_work_ids, compute_work_keys, plan_lookups
from litmap.corpus.inputs import CorpusInput
from litmap.errors import LitmapError
from litmap.limits import article_budget
from litmap.pipeline import (
    ArticleTables,
    article_identity,
    check_no_links,
    check_not_overwritten,
    load_article,
    write_run_outputs,
)
from litmap.schemas import ARTICLES
from litmap.settings import Settings
from litmap.text import path_text
from litmap.values import is_missing, utc_now
from litmap.verify.auditor import Auditor, AuditScope

__all__ = [
    "ArticleRead",
    "InProcess",
    "LookupPlan",
    "failed_rows",
    "fetch_batch",
    "finish_corpus_article",
    "read_corpus_article",
]

log = logging.getLogger(__name__)

#: litmap's tasks run one at a time in a process, whatever threads a Dask worker offers: the work is
#: pure Python (threads gain nothing under the GIL), and libraries below are not all thread-safe
#: (PDFium says so; a shared stemmer garbled words; a two-thread worker failed an article once).
_ONE_AT_A_TIME = threading.Lock()


# ---------------------------------------------------------------- tasks (run on workers)


@dataclass
class ArticleRead:
    """What reading one article gave: its tables and topics, or why it failed."""

    item: CorpusInput
    sha256: str | None
    tables: ArticleTables | None = None
    topic_set: object = None
    discovered: bool = True
    error: str | None = None


def read_corpus_article(item: CorpusInput, sha256: str | None, *, settings: Settings, taxonomy=None) -> ArticleRead:
    """Read, parse and find the topics of one article; a failure is kept as its reason, not raised."""
    from litmap.evidence.discovery import discover_topics
    from litmap.evidence.keyphrases import article_keywords

    try:
        with _ONE_AT_A_TIME, article_budget(settings.article_time_limit, item.source):
            tables = load_article(item.source, settings=settings)
            topic_set = taxonomy or discover_topics(
                tables.claims, title=tables.article.title, keywords=article_keywords(tables.article.sections)
            )
    except LitmapError as err:
        return ArticleRead(item, sha256, error=str(err))
    except Exception as err:  # a bug on one article must not stop a corpus of hundreds; said, never hidden
        log.exception("reading %s failed", item.source)
        return ArticleRead(item, sha256, error=f"litmap could not read it ({type(err).__name__}: {err}); please report")
    return ArticleRead(item, sha256, tables, topic_set, discovered=taxonomy is None)


def finish_corpus_article(
    read: ArticleRead,
    view: pd.DataFrame,
    records: pd.DataFrame,
    out_dir,
    *,
    scope: AuditScope,
    article_outputs: bool = True,
    time_limit: float = Settings.article_time_limit,
    **options,
) -> dict:
    """Audit one article from its records, write its folder as ``litmap run`` does, return its store rows.

    ``scope`` is the run's (:attr:`Auditor.scope`: the services its settings allow). With
    ``article_outputs=False`` no folder is written: only what the store holds is computed (the
    audit, claim–source fit and claim topics). Over ``time_limit`` seconds the article fails.
    """
    with _ONE_AT_A_TIME, article_budget(time_limit, read.item.source):
        return _finish(read, view, records, out_dir, scope=scope, article_outputs=article_outputs, **options)


def _finish(read: ArticleRead, view, records, out_dir, *, scope: AuditScope, article_outputs: bool, **options) -> dict:
    from litmap.evidence.fit import compute_fit
    from litmap.evidence.topics import compute_topics

    loaded, item = read.tables, read.item
    try:
        audited = scope.compute_audit(view.drop(columns=["work_key", "borrowed_doi"]), records)
        audit = audited.audit.copy()
        for i in [i for i, b in enumerate(view["borrowed_doi"]) if b]:
            note = f"looked up by DOI {view['doi'].iloc[i]}, which another entry of this work in the corpus cites"
            audit.loc[i, "note"] = "; ".join(x for x in (audit["note"].iloc[i], note) if not is_missing(x))
        audited = replace(audited, audit=audit)
        if article_outputs:
            folder = Path(out_dir) / "articles" / item.article_id
            # the article's folder, or a file in it, a link out of --out: it fails, nothing written through
            check_no_links(Path(out_dir) / "articles", [item.article_id])
            check_not_overwritten(folder)
            loaded.write(folder, identity=article_identity(item.source, None))
            ran = write_run_outputs(
                loaded, audited, folder, topic_set=read.topic_set, discovered=read.discovered, **options
            ).tables
        else:
            ran = {
                "citations": compute_fit(loaded.claims, loaded.citations, audit),
                "claim_topics": compute_topics(loaded.claims, read.topic_set),
            }
    except LitmapError as err:
        return failed_rows(read, str(err))
    except Exception as err:  # as in read_corpus_article
        log.exception("finishing %s failed", item.source)
        return failed_rows(read, f"litmap could not finish it ({type(err).__name__}: {err}); please report")
    references = loaded.references.assign(work_key=view["work_key"].to_numpy())
    references["work_id"] = compute_work_ids(references, audit)
    claim_topics = ran["claim_topics"]
    tables = {
        "references": references,
        "claims": loaded.claims,
        "citations": ran["citations"],
        "audit": audit,
        "claim_topics": claim_topics.assign(theme=compute_themes(claim_topics["label"])),
    }
    rows = {name: frame.assign(article_id=item.article_id) for name, frame in tables.items()}
    rows["articles"] = _article_row(read, loaded, status="ok")
    return rows


def failed_rows(read: ArticleRead, error: str) -> dict:
    """The store rows of an article that could not be read or finished: its reason, nothing else."""
    return {"articles": _article_row(read, read.tables, status="failed", error=error)}


def _article_row(read: ArticleRead, loaded: ArticleTables | None, *, status: str, error: str | None = None):
    # a file name that is not UTF-8 (kept by Python as lone surrogates) is stored as text the database takes
    source, error = path_text(read.item.source), (None if error is None else path_text(error))
    row = {"article_id": read.item.article_id, "source": source, "status": status, "error": error}
    row.update(sha256=read.sha256, added_at=utc_now())
    if loaded is not None and status == "ok":
        row.update(
            title=loaded.article.title,
            n_references=len(loaded.references),
            n_claims=len(loaded.claims),
            n_citations=len(loaded.citations),
        )
    return ARTICLES.from_records([row])


class InProcess:
    """Runs tasks at once in this process, with the interface of a Dask client (``workers=1``)."""

    def submit(self, fn, *args, **kwargs) -> Future:
        args = [a.result() if isinstance(a, Future) else a for a in args]  # as Dask resolves futures
        future: Future = Future()
        future.set_result(fn(*args, **kwargs))
        return future

    def close(self) -> None:
        pass


@dataclass
class LookupPlan:
    """The look-ups of a batch, fetched: the audit's view of each article's references and its records."""

    views: dict[str, pd.DataFrame] = field(default_factory=dict)
    records: dict[str, pd.DataFrame] = field(default_factory=dict)
    new_keys: dict = field(default_factory=dict)
    fetched: pd.DataFrame | None = None


def fetch_batch(reads: list[ArticleRead], known_keys: dict, auditor: Auditor) -> LookupPlan:
    """Plan and fetch the look-ups of a batch of articles together, through the run's ``auditor``.

    The batch's references are grouped into works first (:func:`plan_lookups`), so a work cited by
    several articles is asked once; ``known_keys`` are the work keys earlier batches and runs saw.
    """
    plan = LookupPlan()
    frames = []
    for read in reads:
        refs = read.tables.references
        frames.append(
            refs.assign(work_key=compute_work_keys(refs), ref_id=read.item.article_id + "\t" + refs["ref_id"])
        )
    if not frames:
        return plan
    combined = pd.concat(frames, ignore_index=True)
    view, plan.new_keys = plan_lookups(combined, known_keys)
    records, lookups = auditor.fetch(view.drop(columns=["work_key", "borrowed_doi"]))
    needed: dict[str, set] = {read.item.article_id: set() for read in reads}
    for ref_id, *key in lookups[["ref_id", "service", "kind", "key"]].itertuples(index=False):
        needed[ref_id.split("\t", 1)[0]].add(tuple(key))
    plan.fetched = records
    keys = list(zip(records["service"], records["kind"], records["key"]))
    owner = view["ref_id"].str.split("\t", n=1).str[0]
    for read in reads:
        aid = read.item.article_id
        mine = view[(owner == aid).to_numpy()].copy()
        mine["ref_id"] = mine["ref_id"].str.split("\t", n=1).str[1]
        plan.views[aid] = mine.reset_index(drop=True)
        plan.records[aid] = records[[k in needed[aid] for k in keys]].reset_index(drop=True)
    return plan
