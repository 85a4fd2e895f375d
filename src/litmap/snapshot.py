"""Offline snapshots of web-service look-ups: the bundled answers that let litmap run without network.

A snapshot is one JSON file::

    {"about": "...", "refresh_command": "...", "responses": {KEY: BODY, ...}}

``KEY`` is :func:`snapshot_key` of the request and ``BODY`` is exactly the JSON body the service
returned (Crossref: ``{"status": "ok", "message-type": ..., "message": {...}}``; Open Library:
``{"numFound": ..., "docs": [...]}``). The clients in :mod:`litmap.crossref` and
:mod:`litmap.openlibrary` answer from a snapshot first and, with ``refresh=True``, record into it.
A DOI the service does not hold (HTTP 404, whose body is plain text) is recorded as ``null``, so an
offline run knows it was looked up and not found; use ``key in snapshot`` to tell that apart from
a look-up the snapshot does not hold.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlencode

from litmap.errors import LitmapError

__all__ = ["Snapshot", "snapshot_key", "SERVICES"]

#: The services a snapshot may hold answers for.
SERVICES = ("crossref", "openlibrary")

#: Query parameters that identify the caller, not the question, so never part of a key.
_IDENTITY_PARAMS = frozenset({"mailto"})


class SnapshotError(LitmapError, ValueError):
    """A snapshot file cannot be read: not JSON, or not shaped like a snapshot; names the file."""

    def __init__(self, message: str, *, path: str | os.PathLike | None = None):
        self.path = None if path is None else str(path)
        super().__init__(f"{path}: {message}" if path is not None else message)


def snapshot_key(service: str, path: str, params: Mapping[str, object] | None = None) -> str:
    """Return the key a look-up is stored under: ``"<service> <path>[?<sorted params>]"``.

    ``mailto`` is dropped (it says who asked, not what), the remaining parameters are sorted by
    name and URL-encoded, and a ``/works/<doi>`` path uses the lower-cased, unencoded DOI because
    DOIs are case-insensitive.

    Parameters
    ----------
    service : str
        ``"crossref"`` or ``"openlibrary"``.
    path : str
        The request path, starting with ``/``.
    params : mapping, optional
        Query parameters; values are converted with ``str``.

    Examples
    --------
    >>> snapshot_key("crossref", "/works/10.1126/SCIENCE.1089134")
    'crossref /works/10.1126/science.1089134'
    >>> snapshot_key("crossref", "/works", {"rows": 5, "query.bibliographic": "Eisenberger 2003"})
    'crossref /works?query.bibliographic=Eisenberger+2003&rows=5'
    """
    if service not in SERVICES:
        raise ValueError(f"snapshot_key: unknown service {service!r}; expected one of {SERVICES}")
    if not path.startswith("/"):
        raise ValueError(f"snapshot_key: path must start with '/', got {path!r}")
    if service == "crossref" and path.startswith("/works/"):
        path = path.lower()
    items = sorted(
        (str(name), str(value))
        for name, value in (params or {}).items()
        if name not in _IDENTITY_PARAMS and value is not None
    )
    key = f"{service} {path}"
    return f"{key}?{urlencode(items)}" if items else key


class Snapshot:
    """Recorded service responses keyed by :func:`snapshot_key`; read, queried, extended, written.

    Parameters
    ----------
    responses : mapping, optional
        ``{key: body}`` to start from.
    about : str
        What the snapshot is and how it was assembled (shown to users).
    refresh_command : str
        The command that rebuilds it online, e.g. ``litmap run ARTICLE --refresh``.

    Examples
    --------
    >>> snap = Snapshot(about="demo")
    >>> snap.put("crossref", "/works/10.1/X", {}, {"status": "ok", "message": {"DOI": "10.1/x"}})
    >>> snap.get("crossref", "/works/10.1/x", {})["message"]["DOI"]
    '10.1/x'
    >>> len(snap)
    1
    """

    def __init__(
        self,
        responses: Mapping[str, object] | None = None,
        *,
        about: str = "",
        refresh_command: str = "",
    ):
        self.about = about
        self.refresh_command = refresh_command
        self.responses: dict[str, object] = dict(responses or {})

    @classmethod
    def read(cls, path: str | os.PathLike) -> Snapshot:
        """Read a snapshot JSON file; raise :class:`SnapshotError` naming the file if malformed."""
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as err:
            raise SnapshotError(f"not valid JSON ({err})", path=path) from err
        if not isinstance(data, dict) or not isinstance(data.get("responses"), dict):
            raise SnapshotError('expected an object with a "responses" object', path=path)
        for field in ("about", "refresh_command"):
            if not isinstance(data.get(field, ""), str):
                raise SnapshotError(f'"{field}" must be a string', path=path)
        return cls(
            data["responses"],
            about=data.get("about", ""),
            refresh_command=data.get("refresh_command", ""),
        )

    def write(self, path: str | os.PathLike) -> Path:
        """Write the snapshot as UTF-8 JSON (sorted keys, indent 1) so diffs stay small; return the path."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "about": self.about,
            "refresh_command": self.refresh_command,
            "responses": self.responses,
        }
        text = json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False)
        path.write_text(text + "\n", encoding="utf-8")
        return path

    def get(self, service: str, path: str, params: Mapping[str, object] | None = None):
        """Return the recorded body of a look-up, or ``None`` when the snapshot does not hold it."""
        return self.responses.get(snapshot_key(service, path, params))

    def put(self, service: str, path: str, params: Mapping[str, object] | None, body) -> None:
        """Record ``body`` (the service's JSON body) as the answer to a look-up."""
        self.responses[snapshot_key(service, path, params)] = body

    def __contains__(self, key: str) -> bool:
        return key in self.responses

    def __len__(self) -> int:
        return len(self.responses)

    def __repr__(self) -> str:
        return f"Snapshot({len(self)} responses, about={self.about[:40]!r})"
