"""The records table: what the web services answered, one row per look-up — fetched, cached, saved.

The audit is two steps. :func:`litmap.verify.fetch.fetch_records` does all the I/O: given look-ups (which service,
what kind of question, which key — :func:`litmap.compute_lookups` derives them from references,
but they need not come from one article), it answers each from saved records (a snapshot), then
the cache, then the network, concurrently and paced per service, and returns a RECORDS table:
the answer or the failure of every look-up. :func:`litmap.compute_audit` then turns references
and records into verdicts without any I/O. Offline runs, snapshots and tests are just other
records tables.

A service client (``litmap.verify.crossref.CrossrefClient``, …) is anything with a ``service`` name, a
``web`` transport (:class:`litmap.verify.webclient.WebClient`) and ``fetch(kind, key) -> record row``;
one that answers several look-ups per request also has ``batches`` and ``fetch_many``
(:class:`litmap.verify.webclient.ServiceClient`). :data:`litmap.verify.fetch.SERVICES` names the
client of each service.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import threading
import time
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from litmap.errors import LitmapError, LookupServiceError
from litmap.schemas import ERROR_KINDS, RECORD_STATUSES, RECORDS
from litmap.text import counted
from litmap.values import is_missing, or_none, utc_now
from litmap.verify.answers import conform_answer

__all__ = [
    "SERVICE_NAMES",
    "RecordCache",
    "describe_failures",
    "failed_record",
    "make_record",
    "record_body",
]

logger = logging.getLogger(__name__)

#: Each service's name as people write it, for messages.
SERVICE_NAMES = {
    "crossref": "Crossref",
    "openlibrary": "Open Library",
    "europepmc": "Europe PMC",
    "openalex": "OpenAlex",
}
#: How the reason starts when a service could not be reached at all (see ``litmap.verify.pacing``).
NO_CONNECTION = "no connection"


def make_record(
    service: str,
    kind: str,
    key: str,
    status: str,
    *,
    body=None,
    error: str | None = None,
    error_kind: str | None = None,
    via: str | None = None,
    fetched_at: str | None = None,
    now: bool = False,
) -> dict:
    """One row of the RECORDS table; ``body`` is the service's JSON answer (an object, or its text).

    A failed look-up says why in words (``error``) and as a value (``error_kind``, one of
    :data:`~litmap.schemas.ERROR_KINDS`). ``now=True`` stamps ``fetched_at`` with the current UTC time.

    >>> row = make_record("crossref", "work", "10.1/x", "ok", body={"message": {"DOI": "10.1/x"}})
    >>> row["body"], row["error"], row["error_kind"]
    ('{"message": {"DOI": "10.1/x"}}', None, None)
    """
    if status not in RECORD_STATUSES:
        raise ValueError(f"record status must be one of {RECORD_STATUSES}, got {status!r}")
    if error_kind is not None and error_kind not in ERROR_KINDS:
        raise ValueError(f"error kind must be one of {', '.join(ERROR_KINDS)}, got {error_kind!r}")
    if body is not None and not isinstance(body, str):
        body = json.dumps(body, ensure_ascii=False)
    return {
        "service": service,
        "kind": kind,
        "key": key,
        "status": status,
        "body": body if status == "ok" else None,
        "error": error if status == "failed" else None,
        "error_kind": error_kind if status == "failed" else None,
        "via": via,
        "fetched_at": utc_now() if now else fetched_at,
    }


def failed_record(service: str, kind: str, key: str, err: LookupServiceError | str, error_kind: str | None = None):
    """The RECORDS row of a look-up that failed: the error's words and its kind (``err.error_kind``).

    >>> failed_record("crossref", "work", "x", "not a DOI: 'x'", "invalid")["error_kind"]
    'invalid'
    """
    if isinstance(err, LookupServiceError):
        error_kind = error_kind or err.error_kind
    return make_record(service, kind, key, "failed", error=str(err), error_kind=error_kind)


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
        try:
            with self._lock:
                row = self._db.execute(
                    "SELECT status, body, fetched_at FROM records WHERE service=? AND kind=? AND key=? AND stored>=?",
                    (service, kind, key, time.time() - self.max_age),
                ).fetchone()
        except (sqlite3.Error, UnicodeError) as err:  # a locked or damaged file, a key no SQL text holds
            logger.warning("%s: the answer cache could not be read (%s); asking again", self.path, err)
            return None
        if row is None:
            return None
        status, body, fetched_at = row
        if body is not None:
            try:  # kept by an older litmap, or tampered with: an answer litmap cannot use is a miss
                body = conform_answer(service, kind, json.loads(body))
            except (ValueError, RecursionError) as err:
                logger.info("%s %s %r: cached answer dropped (%s)", service, kind, key, err)
                self.drop(service, kind, key)
                return None
        return make_record(service, kind, key, status, body=body, via="cache", fetched_at=fetched_at)

    def drop(self, service: str, kind: str, key: str) -> None:
        """Forget a cached answer."""
        try:
            with self._lock:
                self._db.execute("DELETE FROM records WHERE service=? AND kind=? AND key=?", (service, kind, key))
        except sqlite3.Error as err:
            logger.warning("%s: a cached answer could not be dropped (%s)", self.path, err)

    def put(self, record: Mapping) -> None:
        """Keep an answer (ok or not_found); failures are not kept."""
        if record["status"] not in ("ok", "not_found"):
            return
        row = (record["service"], record["kind"], record["key"], record["status"], record["body"], record["fetched_at"])
        try:
            with self._lock:
                self._db.execute("INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?, ?, ?, ?)", (*row, time.time()))
        except (sqlite3.Error, UnicodeError) as err:  # a full disk, a read-only file: the run goes on uncached
            logger.warning("%s: an answer could not be cached (%s)", self.path, err)

    def close(self) -> None:
        with self._lock:
            self._db.close()


def describe_failures(records: pd.DataFrame, *, examples: int = 3) -> list[str]:
    """The failed look-ups in a few lines a person reads: per service (by name, never by URL), how many and why.

    A service the circuit breaker stopped is said once, not once per look-up; when no service could
    be reached at all, a last line says what to do.

    >>> recs = RECORDS.from_records([
    ...     make_record("crossref", "work", f"10.1/{i}", "failed", error_kind="not_asked",
    ...                 error="not asked: 2 of the last 20 requests to crossref failed (last: HTTP 500)")
    ...     for i in range(3)])
    >>> describe_failures(recs)
    ['Crossref: 3 look-ups not asked: 2 of the last 20 requests to crossref failed (last: HTTP 500); litmap stopped asking it for this run']
    >>> describe_failures(RECORDS.from_records([make_record("crossref", "work", "10.1/x", "failed",
    ...     error="crossref: GET http://api.crossref.org/works/10.1%2Fx failed 5 times (last: HTTP 503)")]))
    ['Crossref: 1 look-up failed: failed 5 times (last: HTTP 503)']
    >>> describe_failures(RECORDS.from_records([make_record("europepmc", "work", f"10.1/{i}", "failed",
    ...     error_kind="offline", error="europepmc: offline, and no saved or cached answer") for i in range(2)]))
    ['Europe PMC: 2 look-ups not made offline (nothing saved or cached answers them); run once without --offline to fetch them']
    """
    RECORDS.validate(records)
    lines = []
    unreachable, services = set(), set()
    failed = records[records["status"] == "failed"]
    for service, group in failed.groupby("service", sort=False):
        name = SERVICE_NAMES.get(service, service)
        services.add(service)
        errors = group["error"].fillna("unknown error").astype(str).str.removeprefix(f"{service}: ").map(_without_urls)
        is_not_asked = (group["error_kind"] == "not_asked").fillna(False).to_numpy(dtype=bool)
        not_asked = errors[is_not_asked]
        if len(not_asked):
            unreachable.update([service] if f"asked: {NO_CONNECTION}" in not_asked.iloc[0] else [])
            lines.append(
                f"{name}: {len(not_asked)} look-up{'s' if len(not_asked) != 1 else ''} {not_asked.iloc[0]}; "
                "litmap stopped asking it for this run"
            )
        is_offline = (group["error_kind"] == "offline").fillna(False).to_numpy(dtype=bool)
        if is_offline.any():  # no request was sent: not a failure of the service, a question left for later
            n = int(is_offline.sum())
            lines.append(
                f"{name}: {n} look-up{'s' if n != 1 else ''} not made offline (nothing saved or cached "
                "answers them); run once without --offline to fetch them"
            )
        rest = errors[~is_not_asked & ~is_offline]
        if len(rest):
            counts = rest.value_counts()
            shown = "; ".join(f"{text}" + (f" (×{n})" if n > 1 else "") for text, n in counts.head(examples).items())
            more = f"; and {counted(len(counts) - examples, 'other reason')}" if len(counts) > examples else ""
            lines.append(f"{name}: {len(rest)} look-up{'s' if len(rest) != 1 else ''} failed: {shown}{more}")
    if services and unreachable == services:
        lines.append(f"{NO_CONNECTION}: run with --offline or check your network")
    return lines


def _without_urls(error: str) -> str:
    """An error in words without the addresses asked ("GET https://… answered HTTP 500" -> "answered HTTP 500")."""
    error = re.sub(r"\bGET \S+\s*", "", error)
    return re.sub(r"\s*\bhttps?://\S+", "", error).strip() or "failed"
