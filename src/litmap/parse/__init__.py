"""Stage 2, parse: reference entries into fields (regex rules and a learned CRF), sentences into claims and citations."""

from __future__ import annotations

from litmap.parse.citations import find_citations, split_sentences
from litmap.parse.claims import compute_citations, compute_claims, compute_uncited, compute_unresolved
from litmap.parse.references import FIELDS, compute_references, parse_reference, parse_reference_rules, read_references

__all__ = [
    "FIELDS",
    "compute_citations",
    "compute_claims",
    "compute_references",
    "compute_uncited",
    "compute_unresolved",
    "find_citations",
    "parse_reference",
    "parse_reference_rules",
    "read_references",
    "split_sentences",
]
