"""Stage 3, verify: look each reference up (Crossref, Open Library, Europe PMC, OpenAlex), match and audit it.

Fetch, then compute: :func:`fetch_records` does all the I/O and returns a RECORDS table;
:func:`compute_lookups`, :func:`compute_match` and :func:`compute_audit` are pure.
"""

from __future__ import annotations

from litmap.verify.audit import AuditResult, compute_audit, compute_comparison, compute_lookups
from litmap.verify.auditor import Auditor, AuditScope, audit_services, read_saved_records
from litmap.verify.comparison import compare_fields
from litmap.verify.crossref import CrossrefClient
from litmap.verify.europepmc import EuropePMCClient
from litmap.verify.fetch import SERVICES, fetch_records, make_client
from litmap.verify.matching import Match, compute_match
from litmap.verify.openalex import OpenAlexClient
from litmap.verify.openlibrary import OpenLibraryClient
from litmap.verify.snapshot import Snapshot, read_snapshot, write_snapshot

__all__ = [
    "AuditResult",
    "AuditScope",
    "Auditor",
    "CrossrefClient",
    "EuropePMCClient",
    "Match",
    "OpenAlexClient",
    "OpenLibraryClient",
    "SERVICES",
    "Snapshot",
    "audit_services",
    "compare_fields",
    "compute_audit",
    "compute_comparison",
    "compute_lookups",
    "compute_match",
    "fetch_records",
    "make_client",
    "read_saved_records",
    "read_snapshot",
    "write_snapshot",
]
