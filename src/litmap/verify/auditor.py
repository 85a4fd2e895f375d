"""The audit as every route runs it: settings, services, saved records, rounds of look-ups, refresh.

``litmap run`` and the notebooks (both through :func:`litmap.audit_references`) and ``litmap corpus``
audit through one :class:`Auditor`, so a setting means the same whichever route a user takes:

- the services asked follow the settings (:func:`audit_services`): Crossref and Open Library always,
  Europe PMC unless ``evidence`` is off, OpenAlex too when there is also an OpenAlex key;
- saved records answer before the cache and the network: an output folder's ``records.json``
  (``saved=``), then the snapshot files, earlier ones first (:func:`read_saved_records`); with
  ``refresh`` none of them;
- look-ups go in rounds — :func:`~litmap.verify.audit.compute_lookups`, then
  :func:`~litmap.verify.fetch.fetch_records` — until the records answer everything
  (Crossref first; Open Library for books and Europe PMC for the works found next; …);
- ``refresh`` needs a snapshot path (:func:`check_refresh`), and what was fetched is written there
  once the work is done.

:class:`AuditScope` is the pure part — which services, which notes for the summary — small enough
to hand to a corpus's workers, which compute each article's audit from the records fetched for it.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from litmap.errors import SettingsError, SnapshotError
from litmap.schemas import LOOKUPS, RECORDS
from litmap.settings import Settings
from litmap.verify.audit import DEFAULT_SERVICES, RECORDS_FILE, AuditResult, compute_audit, compute_lookups
from litmap.verify.fetch import fetch_records, make_client
from litmap.verify.records import SERVICE_NAMES, index_records
from litmap.verify.snapshot import read_snapshot, write_snapshot
from litmap.web import ReplyBudget

__all__ = [
    "MAX_ROUNDS",
    "OPENALEX_SKIPPED",
    "AuditScope",
    "Auditor",
    "audit_services",
    "check_refresh",
    "check_snapshot",
    "read_saved_records",
]

log = logging.getLogger(__name__)

#: How many rounds of look-ups an audit may take: Crossref; then Open Library for unmatched books
#: and Europe PMC for the works found; Europe PMC's reference lists; OpenAlex (with a key).
MAX_ROUNDS = 5
#: Said once in the summary when OpenAlex is left out for want of a key.
OPENALEX_SKIPPED = (
    "openalex: not asked (it needs a free API key since February 2026: pass --openalex-key or set "
    "LITMAP_OPENALEX_KEY to fill what Crossref and Europe PMC did not)"
)


def audit_services(settings: Settings) -> tuple[str, ...]:
    """The services an audit with these settings asks.

    Crossref and Open Library; Europe PMC unless ``evidence`` is off; OpenAlex too when there is
    also an OpenAlex key.

    >>> audit_services(Settings(evidence=False, openalex_key="k"))
    ('crossref', 'openlibrary')
    >>> audit_services(Settings(openalex_key="k"))
    ('crossref', 'openlibrary', 'europepmc', 'openalex')
    """
    if not settings.evidence:
        return ("crossref", "openlibrary")
    return DEFAULT_SERVICES + ("openalex",) if settings.openalex_key else DEFAULT_SERVICES


def check_refresh(settings: Settings, snapshot) -> None:
    """Refuse ``refresh`` without a snapshot path: the fresh answers need somewhere to go.

    Raises
    ------
    SettingsError
        ``settings.refresh`` is on and ``snapshot`` is None.
    """
    if settings.refresh and snapshot is None:
        raise SettingsError("refresh needs a snapshot path to write the fresh answers to")


def check_snapshot(settings: Settings, snapshot) -> None:
    """Before a run's work: :func:`check_refresh`, and a snapshot file named to read must exist.

    Raises
    ------
    SettingsError
        ``settings.refresh`` is on and ``snapshot`` is None.
    SnapshotError
        ``snapshot`` names no file and ``settings.refresh`` is off (with it, the file would be written).
    """
    check_refresh(settings, snapshot)
    if snapshot is not None and not settings.refresh and not Path(snapshot).is_file():
        raise SnapshotError("no such snapshot file (with --refresh it would be written)", path=str(snapshot))
    if snapshot is not None and settings.refresh:  # said after every look-up was made, it came too late
        path = Path(snapshot)
        folder = next((p for p in path.absolute().parents if p.exists()), None)
        if (path.exists() and not os.access(path, os.W_OK)) or (
            not path.exists() and folder is not None and not os.access(folder, os.W_OK | os.X_OK)
        ):
            raise SnapshotError("cannot be written (permission denied), and --refresh rewrites it", path=str(snapshot))


def read_saved_records(snapshots) -> pd.DataFrame:
    """The records of one or more snapshot files, earlier files first; files that do not exist are skipped.

    So a notebook can say "the records saved by an earlier run, else the bundled snapshot".
    """
    if snapshots is None:
        return RECORDS.empty()
    paths = [snapshots] if isinstance(snapshots, str | Path) else list(snapshots)
    frames = []
    for path in paths:
        if path is None:
            continue
        if Path(path).exists():
            frames.append(read_snapshot(path).records)
        else:
            log.info("snapshot %s does not exist; looking up without it", path)
    if not frames:
        return RECORDS.empty()
    rows = list(index_records(pd.concat(frames[::-1], ignore_index=True)).values())  # earlier files win
    return RECORDS.from_records(rows)


@dataclass(frozen=True)
class AuditScope:
    """What an audit may ask and what its summary says about what it left out (pure; no I/O).

    >>> scope = AuditScope.from_settings(Settings(evidence=False))
    >>> scope.services, scope.notes
    (('crossref', 'openlibrary'), ())
    """

    services: tuple[str, ...] = DEFAULT_SERVICES
    notes: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, settings: Settings) -> AuditScope:
        # offline nothing is asked, so a key would change nothing: no note then
        skipped = settings.evidence and not settings.openalex_key and not settings.offline
        return cls(audit_services(settings), (OPENALEX_SKIPPED,) if skipped else ())

    def compute_lookups(self, references: pd.DataFrame, records: pd.DataFrame | None = None) -> pd.DataFrame:
        """What is still to ask of this scope's services (:func:`~litmap.verify.audit.compute_lookups`)."""
        return compute_lookups(references, records, services=self.services)

    def compute_audit(self, references: pd.DataFrame, records: pd.DataFrame | None) -> AuditResult:
        """The verdicts from the records (:func:`~litmap.verify.audit.compute_audit`), with this scope's notes."""
        result = compute_audit(references, records, services=self.services)
        result.notes.extend(self.notes)
        return result


class Auditor:
    """Audits reference lists under one set of settings: fetch in rounds, then compute.

    Use it as a context manager: the clients it opened are closed at the end, and with
    ``refresh`` the snapshot is written then (only when the work finished without an error).
    Several reference lists may be audited by one auditor (a corpus, batch by batch); every
    look-up goes through one client per service, so the services' pace holds across them.

    Parameters
    ----------
    settings
        Offline, refresh, evidence, the OpenAlex key, contact address, limits; by default
        ``Settings.from_env()``.
    snapshot
        Saved records to answer from first (a file, or a list of files: earlier ones win; files
        that do not exist are skipped). With ``refresh`` the (first) file is rewritten.
    saved
        An output folder whose ``records.json`` (written by :meth:`AuditResult.write`) answers
        before ``snapshot``.
    clients
        Service name -> client, instead of new ones (not closed here).
    command
        The command that refreshes the snapshot, as the snapshot file tells its readers.

    Raises
    ------
    SettingsError
        ``refresh`` without a ``snapshot`` path.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        snapshot: str | Path | list | tuple | None = None,
        saved: str | Path | None = None,
        clients: dict | None = None,
        command: str = "litmap run ARTICLE",
    ):
        self.settings = settings if settings is not None else Settings.from_env()
        target = snapshot[0] if isinstance(snapshot, list | tuple) else snapshot
        check_refresh(self.settings, target)
        self.target = target
        self.command = command
        self.scope = AuditScope.from_settings(self.settings)
        #: The bytes of service replies this auditor's clients accept in all (``settings.max_total_bytes``).
        self.budget = ReplyBudget(self.settings.max_total_bytes)
        files = list(snapshot) if isinstance(snapshot, list | tuple) else [snapshot]
        if saved is not None:
            files.insert(0, Path(saved) / RECORDS_FILE)
        #: Saved records consulted first (none when refreshing).
        self.known = None if self.settings.refresh else read_saved_records(files)
        self.clients: dict = dict(clients or {})
        self._own: list = []
        # Refreshing, neither cache nor snapshot answers, so what this auditor fetched answers a
        # look-up asked again (by another article of a corpus); it is also the snapshot to write.
        self._fetched: dict | None = {} if self.settings.refresh else None

    def __enter__(self) -> Auditor:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None and self._fetched is not None:
                self.write_snapshot()
        finally:
            self.close()

    def close(self) -> None:
        """Close the clients this auditor opened."""
        for client in self._own:
            client.close()
        self._own.clear()

    def fetch(self, references: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Ask, round after round, what the audit of ``references`` needs.

        Returns
        -------
        records, lookups
            The records fetched (RECORDS schema) and every look-up asked (LOOKUPS schema, with the
            ``ref_id`` that needed it).
        """
        records, asked = RECORDS.empty(), []
        for _ in range(MAX_ROUNDS):
            lookups = self.scope.compute_lookups(references, records)
            if lookups.empty:
                break
            asked.append(lookups)
            keys = list(zip(lookups["service"], lookups["kind"], lookups["key"]))
            reused = []
            if self._fetched is not None:
                reused = [self._fetched[k] for k in dict.fromkeys(keys) if k in self._fetched]
                lookups = lookups[[k not in self._fetched for k in keys]]
            fetched = RECORDS.empty()
            if len(lookups):
                for service in dict.fromkeys(lookups["service"]):
                    if service not in self.clients:
                        self.clients[service] = make_client(service, self.settings, budget=self.budget)
                        self._own.append(self.clients[service])
                fetched = fetch_records(lookups, settings=self.settings, known=self.known, clients=self.clients)
            if self._fetched is not None:
                self._fetched.update(index_records(fetched))
            records = pd.concat([records, RECORDS.from_records(reused), fetched], ignore_index=True)
        return records, (pd.concat(asked, ignore_index=True) if asked else LOOKUPS.empty())

    def audit(self, references: pd.DataFrame) -> AuditResult:
        """Fetch what ``references`` need, then compute their verdicts."""
        records, _ = self.fetch(references)
        return self.scope.compute_audit(references, records)

    def write_snapshot(self) -> Path:
        """Write the records fetched while refreshing to the snapshot path; returns it."""
        records = RECORDS.from_records(list((self._fetched or {}).values()))
        asked = [SERVICE_NAMES[s] for s in dict.fromkeys(records["service"])] or ["no service"]
        return write_snapshot(
            records,
            self.target,
            about=f"Downloaded from {', '.join(asked)} by litmap on {date.today().isoformat()}.",
            refresh_command=f"{self.command} --refresh --snapshot {self.target} --mailto YOU@EXAMPLE.ORG",
        )
