"""Snapshots: saved records in a JSON file, so an audit runs again with no network at all.

A snapshot is simply a RECORDS table (:mod:`litmap.verify.records`) written to disk with a note on where
it came from::

    {"format": "litmap records 1",
     "about": "...", "refresh_command": "...",
     "records": [{"service": "crossref", "kind": "search", "key": "...", "status": "ok",
                  "fetched_at": "2026-11-02T10:00:00Z", "body": {...}}, ...]}

``body`` is exactly the JSON the service returned (Crossref: ``{"status": "ok", "message-type":
..., "message": {...}}``; Open Library: ``{"numFound": ..., "docs": [...]}``) and is absent for
``not_found`` (a DOI the service does not hold: an offline run then knows it was looked up).
Only answers are saved, never failures. Records are sorted by service, kind and key, so a
refreshed snapshot diffs cleanly.

Files in the first form (``{"responses": {"crossref /works/...": BODY}}``) are still read.
"""

from __future__ import annotations

import json
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pandas as pd

from litmap.arguments import checked, path
from litmap.errors import SnapshotError
from litmap.schemas import RECORDS
from litmap.values import or_none
from litmap.verify.answers import SPECS, AnswerError, conform_answer
from litmap.verify.records import make_record, record_body

__all__ = ["FORMAT", "Snapshot", "read_snapshot", "write_snapshot"]

#: The ``format`` value of a snapshot file.
FORMAT = "litmap records 1"


@dataclass
class Snapshot:
    """Saved records and what they are: ``records`` (RECORDS schema), ``about``, ``refresh_command``."""

    records: pd.DataFrame = field(default_factory=RECORDS.empty)
    about: str = ""
    refresh_command: str = ""

    def __len__(self) -> int:
        return len(self.records)

    def __repr__(self) -> str:
        return f"Snapshot({len(self)} records, about={self.about[:40]!r})"


@checked(path=path)
def read_snapshot(path: str | os.PathLike) -> Snapshot:
    """Read a snapshot file; raise :class:`~litmap.errors.SnapshotError` naming the file if malformed."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))  # an editor's byte-order mark is no JSON error
    except FileNotFoundError as err:
        raise SnapshotError("no such snapshot file", path=str(path)) from err
    except IsADirectoryError as err:
        raise SnapshotError("is a folder, not a snapshot file", path=str(path)) from err
    except OSError as err:
        raise SnapshotError(f"cannot be read ({err.strerror or err})", path=str(path)) from err
    except (UnicodeDecodeError, ValueError) as err:  # not JSON, or a number of thousands of digits
        raise SnapshotError(f"not valid JSON ({err})", path=str(path)) from err
    except RecursionError:
        raise SnapshotError("not a snapshot: its JSON is nested too deeply to read", path=str(path)) from None
    if not isinstance(data, dict):
        raise SnapshotError("expected a JSON object with a list of records", path=str(path))
    for name in ("about", "refresh_command"):
        if not isinstance(data.get(name, ""), str):
            raise SnapshotError(f'"{name}" must be a string', path=str(path))
    if isinstance(data.get("records"), list):
        rows = [_record(item, path) for item in data["records"]]
    elif isinstance(data.get("responses"), dict):
        rows = [_record_from_response(key, body, path) for key, body in data["responses"].items()]
    else:
        raise SnapshotError('expected a "records" list (or, in the first form, a "responses" object)', path=str(path))
    if data.get("format", FORMAT) != FORMAT:  # read all the same (its records passed the checks above), but said
        warnings.warn(f"{path}: a snapshot of format {str(data['format'])[:40]!r}, read as {FORMAT!r}", stacklevel=2)
    unknown = sorted({row["service"] for row in rows} - {service for service, _ in SPECS})
    if unknown:  # they answer no look-up litmap makes: passed over, which the audit alone did not say
        n = sum(row["service"] in unknown for row in rows)
        shown = ", ".join(name[:40] for name in unknown[:5])
        warnings.warn(f"{path}: {n} records of services litmap does not ask ({shown}) are passed over", stacklevel=2)
    return Snapshot(
        RECORDS.from_records(rows), about=data.get("about", ""), refresh_command=data.get("refresh_command", "")
    )


#: Bytes of answers over which a snapshot is written on one line instead of indented.
COMPACT_OVER = 20_000_000


def write_snapshot(
    records: pd.DataFrame | Snapshot,
    path: str | os.PathLike,
    *,
    about: str | None = None,
    refresh_command: str | None = None,
) -> Path:
    """Write the answers among ``records`` as a snapshot file (UTF-8, sorted, indent 1, or compact over
    :data:`COMPACT_OVER` bytes of answers); return the path.

    Failed look-ups are left out: a snapshot holds only what the services answered.
    """
    if isinstance(records, Snapshot):
        about = records.about if about is None else about
        refresh_command = records.refresh_command if refresh_command is None else refresh_command
        records = records.records
    RECORDS.validate(records)
    answers = records[records["status"].isin(["ok", "not_found"])]
    items = []
    for row in answers.sort_values(["service", "kind", "key"]).to_dict("records"):
        item = {name: row[name] for name in ("service", "kind", "key", "status")}
        item["fetched_at"] = or_none(row["fetched_at"])
        if row["status"] == "ok":
            item["body"] = record_body(row)
        items.append(item)
    data = {"format": FORMAT, "about": about or "", "refresh_command": refresh_command or "", "records": items}
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    size = sum(len(body) for body in answers["body"] if isinstance(body, str))
    # Indented for reading and for diffs; but only Python's slow encoder indents (300 MB of answers with
    # 10,000 authors each took 40 s indented, 5 s not), so large answers are written compact.
    indent = 1 if size <= COMPACT_OVER else None
    path.write_text(json.dumps(data, sort_keys=True, indent=indent, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _record(item, path: Path) -> dict:
    if not isinstance(item, dict) or not all(isinstance(item.get(n), str) for n in ("service", "kind", "key")):
        raise SnapshotError(f"each record needs service, kind and key strings, got {str(item)[:80]!r}", path=str(path))
    status = item.get("status", "ok")
    if status not in ("ok", "not_found"):
        raise SnapshotError(
            f"record {item['key'][:60]!r}: status must be ok or not_found, got {status!r}", path=str(path)
        )
    if status == "ok" and not isinstance(item.get("body"), dict):
        raise SnapshotError(f"record {item['key'][:60]!r}: an ok record needs a JSON object body", path=str(path))
    fetched_at = item.get("fetched_at") if isinstance(item.get("fetched_at"), str) else None
    body = item.get("body")
    key = item["key"]
    if item["kind"] == "work" and key.strip().startswith("10."):
        # a DOI is one work whatever its case and litmap asks in lower case: "10.1126/SCIENCE.1089134"
        # written by hand was never found (every reference "unchecked", without a word)
        key = key.strip().lower()
    if status == "ok":
        try:  # the fields litmap reads, checked and cleaned: a saved answer it cannot use is a failed look-up
            body = conform_answer(item["service"], item["kind"], body)
        except AnswerError as err:
            error = f"{item['service']}: saved answer in {path.name}: {err}"
            return make_record(
                item["service"], item["kind"], key, "failed", error=error, error_kind="invalid", via="snapshot"
            )
    return make_record(item["service"], item["kind"], key, status, body=body, fetched_at=fetched_at)


def _record_from_response(key: str, body, path: Path) -> dict:
    """A record from the first snapshot form, whose keys were requests: ``"<service> <path>?<query>"``."""
    from litmap.verify.openlibrary import book_key

    service, _, request = key.partition(" ")
    parts = urlsplit(request)
    query = dict(parse_qsl(parts.query))
    if service == "crossref" and parts.path.startswith("/works/"):
        kind, lookup = "work", parts.path[len("/works/") :].lower()
    elif service == "crossref" and parts.path == "/works" and "query.bibliographic" in query:
        kind, lookup = "search", query["query.bibliographic"]
    elif service == "openlibrary" and parts.path == "/search.json" and "title" in query:
        kind, lookup = "book", book_key(query["title"], query.get("author"))
    else:
        raise SnapshotError(f"cannot tell what look-up {key[:80]!r} was", path=str(path))
    if body is not None and not isinstance(body, dict):
        raise SnapshotError(f"{key[:60]!r}: expected a JSON object or null", path=str(path))
    return make_record(service, kind, lookup, "ok" if body is not None else "not_found", body=body)
