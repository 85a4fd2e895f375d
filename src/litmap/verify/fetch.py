"""Fetch records: every look-up answered by its service's client — saved records, the cache, then the network.

The clients (:mod:`litmap.verify.crossref`, ``openlibrary``, ``europepmc``, ``openalex``) compose the
transport of :mod:`litmap.verify.webclient`; this module runs them together, concurrently and politely,
and turns their answers into the RECORDS table (:mod:`litmap.verify.records`).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterable, Mapping

import pandas as pd

from litmap.arguments import checked
from litmap.errors import RunInterrupted
from litmap.schemas import LOOKUPS, RECORDS
from litmap.settings import SETTINGS_ARGUMENT, Settings
from litmap.verify.crossref import CrossrefClient
from litmap.verify.europepmc import EuropePMCClient
from litmap.verify.openalex import OpenAlexClient
from litmap.verify.openlibrary import OpenLibraryClient
from litmap.verify.records import index_records
from litmap.web import Stopped

__all__ = ["SERVICES", "fetch_records", "make_client"]

logger = logging.getLogger(__name__)

#: The client class of each service.
SERVICES = {
    "crossref": CrossrefClient,
    "openlibrary": OpenLibraryClient,
    "europepmc": EuropePMCClient,
    "openalex": OpenAlexClient,
}


def make_client(service: str, settings: Settings | None = None, **options):
    """The client of ``service`` (see :data:`SERVICES`), e.g. ``make_client("crossref", settings)``."""
    try:
        client_class = SERVICES[service]
    except KeyError:
        raise ValueError(f"unknown service {service!r}; litmap knows {', '.join(SERVICES)}") from None
    return client_class(settings, **options)


@checked(settings=SETTINGS_ARGUMENT)
def fetch_records(
    lookups: pd.DataFrame | Iterable[tuple[str, str, str]],
    *,
    settings: Settings | None = None,
    known: pd.DataFrame | None = None,
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
        Offline, refresh, limits and the rest; by default ``Settings.from_env()``. Offline: known
        records and the cache only. Refresh: neither known records nor the cache are read.
    known : DataFrame, optional
        Records known already (a snapshot's: ``litmap.read_snapshot(path).records``), consulted first.
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
    have = {} if settings.refresh else index_records(known)
    rows: dict[tuple[str, str, str], dict] = {}
    for lookup in wanted:
        # A saved answer litmap could not use (failed) is asked again, unless offline: then its reason stands.
        if lookup in have and (have[lookup]["status"] != "failed" or settings.offline):
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
    with tqdm(total=len(todo), desc="look-ups", unit="look-up", disable=not settings.shows_progress()) as bar:
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
