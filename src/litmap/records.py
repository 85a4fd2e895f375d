"""The records table: what the web services answered, one row per look-up — fetched, cached, saved.

The audit is two steps. :func:`fetch_records` does all the I/O: given look-ups (which service,
what kind of question, which key — :func:`litmap.compute_lookups` derives them from references,
but they need not come from one article), it answers each from saved records (a snapshot), then
the cache, then the network, concurrently and paced per service, and returns a RECORDS table:
the answer or the failure of every look-up. :func:`litmap.compute_audit` then turns references
and records into verdicts without any I/O. Offline runs, snapshots and tests are just other
records tables.

A service client (``litmap.crossref.CrossrefClient``, …) is anything with a ``service`` name, a
``web`` transport (:class:`litmap.webclient.WebClient`) and ``fetch(kind, key) -> record row``;
one that answers several look-ups per request also has ``batches`` and ``fetch_many``
(:class:`litmap.webclient.ServiceClient`). :data:`SERVICES` says where litmap finds the client
of each service.
"""

from __future__ import annotations

import importlib
import json
import logging
import queue
import sqlite3
import sys
import threading
import time
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from litmap.errors import LitmapError, RunInterrupted
from litmap.pacing import Stopped
from litmap.schemas import LOOKUPS, RECORD_STATUSES, RECORDS
from litmap.settings import Settings
from litmap.works import is_missing, or_none

__all__ = [
    "SERVICES",
    "SERVICE_NAMES",
    "RecordCache",
    "describe_failures",
    "fetch_records",
    "make_client",
    "make_record",
    "record_body",
]

logger = logging.getLogger(__name__)

#: The client class of each service, imported when first needed ("module:Class").
SERVICES = {
    "crossref": "litmap.crossref:CrossrefClient",
    "openlibrary": "litmap.openlibrary:OpenLibraryClient",
    "europepmc": "litmap.europepmc:EuropePMCClient",
    "openalex": "litmap.openalex:OpenAlexClient",
}
#: Each service's name as people write it, for messages.
SERVICE_NAMES = {
    "crossref": "Crossref",
    "openlibrary": "Open Library",
    "europepmc": "Europe PMC",
    "openalex": "OpenAlex",
}
#: Errors of look-ups the circuit breaker kept from being made start with this.
NOT_ASKED = "not asked: "


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def make_record(
    service: str,
    kind: str,
    key: str,
    status: str,
    *,
    body=None,
    error: str | None = None,
    via: str | None = None,
    fetched_at: str | None = None,
    now: bool = False,
) -> dict:
    """One row of the RECORDS table; ``body`` is the service's JSON answer (an object, or its text).

    ``now=True`` stamps ``fetched_at`` with the current UTC time.

    >>> row = make_record("crossref", "work", "10.1/x", "ok", body={"message": {"DOI": "10.1/x"}})
    >>> row["body"], row["error"]
    ('{"message": {"DOI": "10.1/x"}}', None)
    """
    if status not in RECORD_STATUSES:
        raise ValueError(f"record status must be one of {RECORD_STATUSES}, got {status!r}")
    if body is not None and not isinstance(body, str):
        body = json.dumps(body, ensure_ascii=False)
    return {
        "service": service,
        "kind": kind,
        "key": key,
        "status": status,
        "body": body if status == "ok" else None,
        "error": error if status == "failed" else None,
        "via": via,
        "fetched_at": _now() if now else fetched_at,
    }


def record_body(record: Mapping):
    """The JSON answer of a record row, parsed; None when the look-up was not ok."""
    body = record.get("body")
    return None if is_missing(body) else json.loads(body)


def index_records(records: pd.DataFrame | None) -> dict[tuple[str, str, str], dict]:
    """Records by ``(service, kind, key)``; an answer (ok, not_found) wins over a failure."""
    out: dict[tuple[str, str, str], dict] = {}
    if records is None:
        return out
    RECORDS.validate(records)
    for row in records.to_dict("records"):
        row = {name: or_none(value) for name, value in row.items()}
        key = (row["service"], row["kind"], row["key"])
        if key not in out or out[key]["status"] == "failed":
            out[key] = row
    return out


class RecordCache:
    """Answers kept on disk (SQLite) by ``(service, kind, key)``, so no finished look-up is repeated.

    Only answers are kept — a record, a search result, a "not held" (Crossref asks clients not to
    poll unknown DOIs again) — never failures, which are asked again next time. An answer stays
    fresh for ``max_age_days`` (retractions can appear at any time). Safe to share between
    threads; several processes may use one file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> cache = RecordCache(pathlib.Path(tempfile.mkdtemp()) / "records.sqlite")
    >>> cache.put(make_record("crossref", "work", "10.1/x", "not_found", now=True))
    >>> cache.get("crossref", "work", "10.1/x")["status"], cache.get("crossref", "work", "10.1/y")
    ('not_found', None)
    >>> cache.close()
    """

    def __init__(self, path: str | Path, *, max_age_days: float = 7.0):
        self.path = Path(path)
        self.max_age = max_age_days * 86400
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(str(self.path), check_same_thread=False, timeout=30, isolation_level=None)
            # Write-ahead log, synced at checkpoints: an answer is one small insert, and a crash can
            # lose the last few answers (asked again next run) but never corrupt the file.
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS records (service TEXT, kind TEXT, key TEXT, status TEXT, "
                "body TEXT, fetched_at TEXT, stored REAL, PRIMARY KEY (service, kind, key))"
            )
        except sqlite3.DatabaseError as err:
            raise LitmapError(
                f"{self.path}: the answer cache cannot be used ({err}); delete the file or set LITMAP_CACHE_DIR"
            ) from err

    def get(self, service: str, kind: str, key: str) -> dict | None:
        """The cached answer of a look-up as a record row (``via="cache"``), or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT status, body, fetched_at FROM records WHERE service=? AND kind=? AND key=? AND stored>=?",
                (service, kind, key, time.time() - self.max_age),
            ).fetchone()
        if row is None:
            return None
        status, body, fetched_at = row
        return make_record(service, kind, key, status, body=body, via="cache", fetched_at=fetched_at)

    def put(self, record: Mapping) -> None:
        """Keep an answer (ok or not_found); failures are not kept."""
        if record["status"] not in ("ok", "not_found"):
            return
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    record["service"],
                    record["kind"],
                    record["key"],
                    record["status"],
                    record["body"],
                    record["fetched_at"],
                    time.time(),
                ),
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()


def make_client(service: str, settings: Settings | None = None, **options):
    """The client of ``service`` (see :data:`SERVICES`), e.g. ``make_client("crossref", settings)``."""
    try:
        module, name = SERVICES[service].split(":")
    except KeyError:
        raise ValueError(f"unknown service {service!r}; litmap knows {', '.join(SERVICES)}") from None
    return getattr(importlib.import_module(module), name)(settings, **options)


def _show_progress(settings: Settings) -> bool:
    if settings.progress is not None:
        return settings.progress
    return "ipykernel" in sys.modules or (hasattr(sys.stderr, "isatty") and sys.stderr.isatty())


def fetch_records(
    lookups: pd.DataFrame | Iterable[tuple[str, str, str]],
    *,
    settings: Settings | None = None,
    saved: pd.DataFrame | None = None,
    clients: Mapping[str, object] | None = None,
) -> pd.DataFrame:
    """Answer every look-up — saved records first, then the cache, then the network — as a RECORDS table.

    Each distinct ``(service, kind, key)`` is asked once, however many references need it.
    Network look-ups run concurrently, each service paced by what it advertises and guarded by
    its circuit breaker; a look-up that fails is a ``failed`` row with the reason, never an
    exception, so one bad answer loses nothing else.

    Parameters
    ----------
    lookups : DataFrame or iterable of (service, kind, key)
        What to ask: a LOOKUPS table (``litmap.compute_lookups``) or any frame with ``service``,
        ``kind`` and ``key`` columns — from one article or from many.
    settings : Settings, optional
        Offline, refresh, limits and the rest; by default ``Settings.from_env()``. Offline: saved
        records and the cache only. Refresh: neither saved records nor the cache are read.
    saved : DataFrame, optional
        Saved records (a snapshot: ``litmap.read_snapshot``), consulted first.
    clients : mapping, optional
        Service name -> client, to use instead of new ones (e.g. with a session of your own).

    Returns
    -------
    DataFrame
        RECORDS schema, one row per distinct look-up, in the order first asked.

    Raises
    ------
    RunInterrupted
        Ctrl-C: pending look-ups are cancelled at once and those in flight abandoned; what
        finished is in the cache, so running again repeats none of it.
    """
    settings = settings if settings is not None else Settings.from_env()
    wanted = _distinct(lookups)
    have = {} if settings.refresh else index_records(saved)
    rows: dict[tuple[str, str, str], dict] = {}
    for lookup in wanted:
        if lookup in have and have[lookup]["status"] != "failed":
            rows[lookup] = {**have[lookup], "via": "snapshot"}
    rest = [lookup for lookup in wanted if lookup not in rows]
    if rest:
        stop = threading.Event()
        given = dict(clients or {})
        own = {s: make_client(s, settings, stop=stop) for s in dict.fromkeys(k[0] for k in rest) if s not in given}
        active = {**given, **own}
        try:
            for lookup in rest:  # cache hits are fastest in this thread; workers would only contend
                record = active[lookup[0]].web.cached(lookup[1], lookup[2])
                if record is not None:
                    rows[lookup] = record
            todo = [lookup for lookup in rest if lookup not in rows]
            rows.update(_run(todo, active, settings, done=len(rows), total=len(wanted)))
        finally:
            for client in own.values():
                client.close()
    return RECORDS.from_records([rows[lookup] for lookup in wanted])


def _distinct(lookups) -> list[tuple[str, str, str]]:
    if isinstance(lookups, pd.DataFrame):
        missing = [c for c in ("service", "kind", "key") if c not in lookups.columns]
        if missing:
            LOOKUPS.validate(lookups)  # names the missing column
        triples = zip(lookups["service"], lookups["kind"], lookups["key"])
    else:
        triples = lookups
    return list(dict.fromkeys((str(s), str(k), str(v)) for s, k, v in triples))


def _run(todo, clients, settings: Settings, *, done: int, total: int) -> dict:
    """Ask the network for ``todo`` with daemon worker threads; Ctrl-C stops all of them at once.

    Daemon threads, not a ``ThreadPoolExecutor``: an executor's queue drains and its threads
    are joined at exit, so Ctrl-C would wait for every pending request to be sent.
    """
    if not todo:
        return {}
    from tqdm.auto import tqdm

    tasks: queue.SimpleQueue = queue.SimpleQueue()
    batches = _batches(todo, clients)
    for batch in batches:
        tasks.put(batch)
    results: queue.SimpleQueue = queue.SimpleQueue()
    stops = list({id(c.web.stop): c.web.stop for c in clients.values()}.values())

    def work() -> None:
        while not any(stop.is_set() for stop in stops):
            try:
                service, kind, keys = tasks.get_nowait()
            except queue.Empty:
                return
            try:
                client = clients[service]
                answered = [client.fetch(kind, keys[0])] if len(keys) == 1 else client.fetch_many(kind, keys)
                if len(answered) != len(keys):
                    raise RuntimeError(f"{service}: {len(keys)} look-ups of one batch gave {len(answered)} records")
                results.put(([(service, kind, key) for key in keys], answered, None))
            except Stopped:
                return
            except BaseException as err:  # a bug: handed to the main thread, which raises it
                results.put(([], None, err))
                return

    n_workers = min(len(batches), settings.max_concurrency * len({lookup[0] for lookup in todo}))
    workers = [threading.Thread(target=work, name=f"litmap-lookup-{i}", daemon=True) for i in range(n_workers)]
    for worker in workers:
        worker.start()
    answers: dict = {}
    with tqdm(total=len(todo), desc="look-ups", unit="look-up", disable=not _show_progress(settings)) as bar:
        try:
            while len(answers) < len(todo):
                try:
                    lookups, records, error = results.get(timeout=0.1)
                except queue.Empty:
                    if not any(w.is_alive() for w in workers) and results.empty():
                        raise RuntimeError("litmap: look-up workers ended before their work was done") from None
                    continue
                if error is not None:
                    raise error
                answers.update(zip(lookups, records))
                bar.update(len(lookups))
        except KeyboardInterrupt:
            for stop in stops:
                stop.set()
            raise RunInterrupted(done + len(answers), total) from None
        except BaseException:
            for stop in stops:
                stop.set()
            raise
    return answers


def _batches(todo, clients) -> list[tuple[str, str, list[str]]]:
    """The look-ups as requests: ``(service, kind, keys)``, grouped as each client batches them."""
    groups: dict[tuple[str, str], list[str]] = {}
    for service, kind, key in todo:
        groups.setdefault((service, kind), []).append(key)
    out = []
    for (service, kind), keys in groups.items():
        batches = getattr(clients[service], "batches", None)  # a client of one's own may lack it
        out += [(service, kind, list(batch)) for batch in (batches(kind, keys) if batches else [[k] for k in keys])]
    return out


def describe_failures(records: pd.DataFrame, *, examples: int = 3) -> list[str]:
    """The failed look-ups in a few lines a person reads: per service, how many and why.

    A service the circuit breaker stopped is said once, not once per look-up.

    >>> recs = RECORDS.from_records([
    ...     make_record("crossref", "work", f"10.1/{i}", "failed",
    ...                 error="not asked: 2 of the last 20 requests to crossref failed (last: HTTP 500)")
    ...     for i in range(3)])
    >>> describe_failures(recs)
    ['crossref: 3 look-ups not made: 2 of the last 20 requests to crossref failed (last: HTTP 500); litmap stopped asking it for this run']
    """
    RECORDS.validate(records)
    lines = []
    failed = records[records["status"] == "failed"]
    for service, group in failed.groupby("service", sort=False):
        errors = group["error"].fillna("unknown error").astype(str).str.removeprefix(f"{service}: ")
        not_asked = errors[errors.str.startswith(NOT_ASKED)]
        if len(not_asked):
            reason = not_asked.iloc[0][len(NOT_ASKED) :]
            lines.append(
                f"{service}: {len(not_asked)} look-up{'s' if len(not_asked) != 1 else ''} not made: "
                f"{reason}; litmap stopped asking it for this run"
            )
        rest = errors[~errors.str.startswith(NOT_ASKED)]
        if len(rest):
            counts = rest.value_counts()
            shown = "; ".join(f"{text}" + (f" (×{n})" if n > 1 else "") for text, n in counts.head(examples).items())
            more = f"; and {len(counts) - examples} other reasons" if len(counts) > examples else ""
            lines.append(f"{service}: {len(rest)} look-up{'s' if len(rest) != 1 else ''} failed: {shown}{more}")
    return lines
