"""litmap: turn an article's claims and reference list into an audited evidence map.

The public API is re-exported here; see README.md for the story in order:
read the article -> parse references and claims -> look up Crossref -> audit ->
build the graph -> draw -> export. Importing litmap has no side effects.
"""

from litmap.errors import (
    ArticleError,
    LitmapError,
    LookupServiceError,
    OfflineError,
    ReferenceParseError,
    SchemaError,
    TaxonomyError,
)
from litmap.schemas import (
    AUDIT,
    AUDIT_STATUSES,
    CITATIONS,
    CLAIMS,
    REFERENCES,
    SOURCE_LINKS,
    UNRESOLVED,
    write_table,
)
from litmap.snapshot import Snapshot, snapshot_key
from litmap.matching import Match, compare_fields, compute_match
from litmap.audit import AuditResult, compute_audit

__version__ = "0.1.0"

__all__ = [
    # errors
    "ArticleError",
    "LitmapError",
    "LookupServiceError",
    "OfflineError",
    "ReferenceParseError",
    "SchemaError",
    "TaxonomyError",
    # table schemas
    "AUDIT",
    "AUDIT_STATUSES",
    "CITATIONS",
    "CLAIMS",
    "REFERENCES",
    "SOURCE_LINKS",
    "UNRESOLVED",
    "write_table",
    # offline snapshots of web look-ups
    "Snapshot",
    "snapshot_key",
    # matching and audit
    "AuditResult",
    "Match",
    "compare_fields",
    "compute_audit",
    "compute_match",
]
