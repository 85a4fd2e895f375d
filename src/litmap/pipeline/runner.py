"""The stages in order: the audit of a reference list, and ``run``, which reads, audits and writes one article."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd

from litmap.arguments import checked, choice, folder, path, table
from litmap.evidence.discovery import discover_topics
from litmap.evidence.keyphrases import article_keywords
from litmap.evidence.taxonomy import TAXONOMY_ARGUMENT, read_taxonomy
from litmap.limits import article_budget
from litmap.pipeline.article import article_identity, check_not_overwritten, load_article
from litmap.pipeline.outputs import RunResult, write_run_outputs
from litmap.present.canvas import PRESETS
from litmap.schemas import REFERENCES
from litmap.settings import SETTINGS_ARGUMENT, Settings
from litmap.verify.audit import AuditResult
from litmap.verify.auditor import Auditor, check_snapshot


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
    discovered = taxonomy is None
    topics_file = taxonomy
    taxonomy = read_taxonomy(taxonomy)  # before any work: a bad file was refused after the look-ups
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
            discovered=discovered,
            verified_only=verified_only,
            figures=figures,
            preset=preset,
            slides=slides,
            settings=settings,
            result=result,
            topics_file=topics_file,
        )
