"""What an audit returns (``AuditResult``: the AUDIT table, its counts, words and files) and the cited-vs-record comparison."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from litmap.schemas import AUDIT, AUDIT_STATUSES, REFERENCES, STATUS_LABELS, write_table
from litmap.text import counted
from litmap.values import is_missing, person_name

#: In an output folder: the records an audit was computed from, as a snapshot file.
RECORDS_FILE = "records.json"


@dataclass
class AuditResult:
    """What :func:`compute_audit` returns.

    Attributes
    ----------
    audit : DataFrame
        One row per reference, AUDIT schema.
    source_links : DataFrame
        The found works' own reference lists (Crossref, else Europe PMC, else OpenAlex), SOURCE_LINKS schema.
    failures : list of (ref_id, reason)
        References that could not be checked (a failed or missing look-up); they are ``unchecked``.
    records : DataFrame
        The records the verdicts were computed from (RECORDS schema), kept so they can be saved.
    """

    audit: pd.DataFrame
    source_links: pd.DataFrame
    failures: list[tuple[str, str]] = field(default_factory=list)
    records: pd.DataFrame | None = None
    #: Lines for the summary that no single reference owns (e.g. "openalex: not asked (no API key …)").
    notes: list[str] = field(default_factory=list)

    def counts(self) -> pd.Series:
        """Number of references per status, in AUDIT_STATUSES order (zeros included)."""
        return self.audit["status"].value_counts().reindex(list(AUDIT_STATUSES), fill_value=0)

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write ``audit.csv``, ``source_links.csv``, ``records.csv`` and ``records.json`` into ``out_dir``.

        ``records.json`` is a snapshot of every answer the verdicts rest on: pass the folder as
        ``audit_references(..., saved=out_dir)`` and nothing is looked up again.
        """
        from litmap.verify.snapshot import write_snapshot

        out = Path(out_dir)
        paths = [write_table(self.audit, out / "audit.csv"), write_table(self.source_links, out / "source_links.csv")]
        if self.records is not None:
            paths.append(write_table(self.records, out / "records.csv"))
            about = (
                "The look-ups behind audit.csv, saved by litmap; read back with audit_references(..., saved=FOLDER)."
            )
            paths.append(write_snapshot(self.records, out / RECORDS_FILE, about=about))
        return paths

    def discrepancies(self) -> pd.DataFrame:
        """One row per discrepancy found: ``ref_id``, ``status``, ``discrepancy`` (in words)."""
        rows = [
            {"ref_id": row.ref_id, "status": row.status, "discrepancy": text}
            for row in self.audit.itertuples()
            for text in (row.discrepancies or [])
        ]
        return pd.DataFrame(rows, columns=["ref_id", "status", "discrepancy"]).astype("string")

    def first(self, status: str) -> str | None:
        """The ref_id of the first reference (in list order) with ``status``; None when none has it.

        Notebooks use it to pick their example from the article: ``result.first("discrepant")``.
        """
        if status not in AUDIT_STATUSES:
            raise ValueError(f"status must be one of {', '.join(AUDIT_STATUSES)}, not {status!r}")
        hits = self.audit.loc[self.audit["status"] == status, "ref_id"]
        return None if hits.empty else str(hits.iloc[0])

    def explain(self, ref_id: str | None) -> str:
        """One sentence on a reference's verdict: its status, the record and what differs.

        ``ref_id=None`` (what :meth:`first` gives when no reference has the status asked for)
        says so, with the verdicts there are, instead of failing.
        """
        if ref_id is None:
            return f"No reference to show here; the verdicts are: {self.counts_text() or 'none (no references)'}."
        rows = self.audit.loc[self.audit["ref_id"] == ref_id]
        if rows.empty:
            raise KeyError(f"no reference {ref_id!r} in the audit")
        row = rows.iloc[0]
        text = f"{ref_id} is {STATUS_LABELS.get(row['status'], row['status'])}"
        if not is_missing(row["title"]):
            year = "" if is_missing(row["year"]) else f", {int(row['year'])}"
            text += f" (record: '{row['title']}'{year})"
        said = list(row["discrepancies"] or []) or ([] if is_missing(row["note"]) else [str(row["note"])])
        return text + (": " + "; ".join(said) if said else "") + "."

    def counts_text(self) -> str:
        """'5 verified, 4 not found': the verdicts there are, in words (as every summary says them)."""
        return ", ".join(f"{n} {STATUS_LABELS.get(s, s)}" for s, n in self.counts().items() if n)

    def summary(self) -> str:
        """A few lines a person reads: the verdicts, and why references were left unchecked.

        >>> from litmap.schemas import AUDIT, SOURCE_LINKS
        >>> result = AuditResult(AUDIT.from_records([
        ...     {"ref_id": "R01", "status": "verified"},
        ...     {"ref_id": "R02", "status": "unchecked", "note": "not checked: offline, no saved answer"},
        ...     {"ref_id": "R03", "status": "unchecked", "note": "not checked: offline, no saved answer"},
        ... ]), SOURCE_LINKS.empty())
        >>> print(result.summary())
        3 references: 1 verified, 2 unchecked
          2 unchecked: not checked: offline, no saved answer
        """
        lines = [f"{counted(len(self.audit), 'reference')}: {self.counts_text() or 'none'}"]
        notes = self.audit.loc[self.audit["status"] == "unchecked", "note"].fillna("no reason recorded")
        for note, n in notes.value_counts(sort=True).head(3).items():
            lines.append(f"  {n} unchecked: {note}")
        return "\n".join(lines)


#: The fields a reference and its record are compared on: (field, what compare_fields calls it).
_COMPARED_FIELDS = (
    ("authors", ("authors",)),
    ("year", ("year",)),
    ("title", ("title",)),
    ("container", ("journal", "proceedings", "book", "venue")),
    ("volume", ("volume",)),
    ("issue", ("issue",)),
    ("pages", ("pages",)),
    ("publisher", ("publisher",)),
    ("doi", ("doi",)),
)


def _shown(name: str, value) -> str | None:
    if name == "authors":
        people = [person_name(p) for p in value] if isinstance(value, list) else []
        return "; ".join(people[:3]) + (f"; … ({len(people)} in all)" if len(people) > 3 else "") or None
    return None if is_missing(value) else str(int(value) if name == "year" else value)


def compute_comparison(references: pd.DataFrame, audit: pd.DataFrame, ref_id: str | None) -> pd.DataFrame:
    """A reference as cited beside the record the audit matched it to, one row per field.

    Parameters
    ----------
    references, audit
        The REFERENCES and AUDIT tables.
    ref_id
        The reference to show (e.g. ``result.first("discrepant")``); None gives an empty table.

    Returns
    -------
    DataFrame
        ``field``, ``cited``, ``record`` and ``differs`` (True where the audit's discrepancies
        name the field: the same comparison the verdict rests on, not a second one).

    Raises
    ------
    KeyError
        ``ref_id`` is not a reference of the table.
    """
    REFERENCES.validate(references)
    AUDIT.validate(audit)
    columns = ["field", "cited", "record", "differs"]
    if ref_id is None:
        return pd.DataFrame(columns=columns).astype({c: "string" for c in columns[:3]} | {"differs": "boolean"})
    cited = references.loc[references["ref_id"] == ref_id]
    found = audit.loc[audit["ref_id"] == ref_id]
    if cited.empty:
        raise KeyError(f"no reference {ref_id!r}; the references are {', '.join(references['ref_id'].head(5))}, …")
    ref = cited.iloc[0]
    rec = found.iloc[0] if not found.empty else {}
    said = [str(d) for d in rec.get("discrepancies") or []]
    rows = [
        {
            "field": name,
            "cited": _shown(name, ref.get(name)),
            "record": _shown(name, rec.get(name)),
            "differs": any(d.startswith(f"{label}:") for label in labels for d in said),
        }
        for name, labels in _COMPARED_FIELDS
    ]
    return pd.DataFrame(rows, columns=columns).astype({c: "string" for c in columns[:3]} | {"differs": "boolean"})
