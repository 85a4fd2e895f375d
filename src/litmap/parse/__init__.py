"""Stage 2, parse: reference entries into fields (regex rules and a learned CRF), sentences into kinds, claims and citations."""

from __future__ import annotations

from litmap.parse.citations import find_citations, split_sentences
from litmap.parse.claims import (
    compute_citations,
    compute_claims,
    compute_sentences_and_citations,
    compute_uncited,
    compute_unresolved,
    compute_unsupported,
)
from litmap.parse.kinds import compute_kinds
from litmap.parse.references import FIELDS, compute_references, parse_reference, parse_reference_rules, read_references

__all__ = [
    "FIELDS",
    "compute_citations",
    "compute_claims",
    "compute_kinds",
    "compute_references",
    "compute_sentences_and_citations",
    "compute_uncited",
    "compute_unresolved",
    "compute_unsupported",
    "find_citations",
    "parse_reference",
    "parse_reference_rules",
    "read_references",
    "split_sentences",
]
