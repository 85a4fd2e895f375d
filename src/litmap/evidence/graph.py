"""The evidence graph: the article, its claims, their topics and sources, in one networkx graph.

Node ids are namespaced by kind: ``article:<slug>``, ``claim:C01``, ``topic:<key>``,
``ref:R01`` (an entry of the reference list) and ``doi:10.…`` (or ``pmid:…``, ``openalex:W…``:
a work cited by two or more of the sources, from their own reference lists). Every node has
``kind`` and ``label``; every edge has ``relation`` (``asserts``, ``cites``, ``about``) and
``origin`` (where it came from: ``article``, ``topics``, or the service whose reference list it
is: ``crossref``, ``europepmc``, ``openalex``). Attribute values are plain str/int/float/bool
(missing values are left out, lists joined with ``"; "``) so GraphML and GEXF can hold them.

This module builds the graph from the pipeline's tables and names its nodes (:func:`source_label`,
:func:`claim_label`). What people ask of a built graph (:mod:`litmap.evidence.graph_queries`) and how it
goes back to tables and files (:mod:`litmap.evidence.graph_export`) are modules of their own, which
import this one.
"""

from __future__ import annotations

import re

import networkx as nx
import pandas as pd

from litmap.arguments import checked, instance, whole_number
from litmap.errors import SchemaError
from litmap.schemas import (
    AUDIT,
    CITATIONS,
    CLAIM_TOPICS,
    CLAIMS,
    LIST_SEPARATOR,
    REFERENCES,
    SOURCE_LINKS,
)
from litmap.values import first_family_name, is_missing, person_name

#: The check of a public function's ``graph`` argument (:func:`litmap.arguments.checked`).
GRAPH_ARGUMENT = instance(nx.Graph, "a networkx graph (litmap.build_evidence_graph)")

#: Citation columns that are not copied onto claim->source edges (they are the edge itself).
_CITATION_KEYS = ("claim_id", "ref_id")

_LEAD_INS = (
    re.compile(r"^(?:furthermore|moreover|ultimately|in addition(?: to [^,]*)?|however|thus|therefore),\s*", re.I),
    re.compile(r"^according to [^,]*,\s*", re.I),
    re.compile(r"^(?:[^,]{0,80}?)\b(?:have|has)\s+(?:shown|found|demonstrated|reported)\s+that\s+", re.I),
    re.compile(r"^(?:[^,]{0,80}?)\b(?:shows?|found|suggests?|demonstrates?)\s+that\s+", re.I),
)
_PAREN_CITATION = re.compile(r"\s*\([^()]*\b\d{4}[a-z]?\b[^()]*\)")


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")
    return slug[:60] or "article"


def graph_attributes(attrs: dict) -> dict:
    """Drop missing values, join lists, turn numpy/pandas scalars into plain Python."""
    out = {}
    for key, value in attrs.items():
        if isinstance(value, (list, tuple, set)):
            value = LIST_SEPARATOR.join(person_name(v) if isinstance(v, dict) else str(v) for v in value)
        elif is_missing(value):
            continue
        elif hasattr(value, "item") and not isinstance(value, (str, bytes)):
            value = value.item()  # numpy scalar
        if isinstance(value, (bool, int, float, str)):
            out[key] = value
        else:
            out[key] = str(value)
    return out


def source_label(authors, year) -> str:
    """A short label for a source: 'Lamm et al. 2007', 'Decety & Meyer 2008', 'Coke 2019'."""
    people = authors if isinstance(authors, list) else []
    names = [name for name in (first_family_name([person]) for person in people) if name]
    if not names:
        who = "Anon."
    elif len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} & {names[1]}"
    else:
        who = f"{names[0]} et al."
    return f"{who} {'n.d.' if is_missing(year) else int(year)}"


def source_labels(references: pd.DataFrame) -> dict[str, str]:
    """Each reference's :func:`source_label`, told apart where two would read the same.

    Two works by the same authors in one year get the letters the list prints ("2012a") or, where
    it prints none, a, b, … in list order, as author–year styles do; a reader can then tell which
    "Ussher et al. 2012" a line goes to.

    >>> refs = pd.DataFrame({"ref_id": ["R1", "R2", "R3"], "year": [2012, 2012, 2010],
    ...     "authors": [[{"family": "Ussher"}, {"family": "Aveyard"}, {"family": "Coleman"}]] * 2
    ...                + [[{"family": "Coke"}]], "raw": ["…", "…", "…"]})
    >>> source_labels(refs)
    {'R1': 'Ussher et al. 2012a', 'R2': 'Ussher et al. 2012b', 'R3': 'Coke 2010'}
    """
    labels = {
        rid: source_label(authors, year)
        for rid, authors, year in references[["ref_id", "authors", "year"]].itertuples(index=False)
    }
    by_label: dict[str, list[str]] = {}
    for rid, label in labels.items():
        by_label.setdefault(label, []).append(rid)
    raws = dict(zip(references["ref_id"], references["raw"]))
    for label, rids in by_label.items():
        if len(rids) < 2:
            continue
        year = label.rsplit(" ", 1)[1]
        printed = [re.search(rf"(?<!\d){re.escape(year)}([a-z])\b", str(raws.get(rid) or "")) for rid in rids]
        letters = [m.group(1) for m in printed if m]
        if len(letters) == len(rids) and len(set(letters)) == len(rids):
            suffixes = letters
        else:
            suffixes = [chr(ord("a") + i) if i < 26 else f"-{i + 1}" for i in range(len(rids))]
        for rid, suffix in zip(rids, suffixes):
            labels[rid] = f"{label}-{suffix}" if year == "n.d." else f"{label}{suffix}"  # APA: "n.d.-a"
    return labels


def claim_label(claim_id: str, text: str, cited: list[str] | None = None, *, max_chars: int = 34) -> str:
    """A short, identifiable claim label: 'C02 · Cozolino: empathetic attunement between…'.

    Citations and lead-ins ('According to research by …,', 'Studies … have shown that') are
    dropped so the label starts with what the claim says.
    """
    body = _PAREN_CITATION.sub("", "" if is_missing(text) else str(text)).strip()
    for pattern in _LEAD_INS:
        stripped = pattern.sub("", body, count=1)
        if stripped.strip():
            body = stripped
    body = body.strip().rstrip(".")
    if len(body) > max_chars:
        cut = body[: max_chars + 1].rsplit(" ", 1)[0].rstrip(",;:")
        body = (cut or body[:max_chars]) + "…"
    who = ""
    if cited:
        who = (
            cited[0]
            if len(cited) == 1
            else f"{cited[0]}, {cited[1]}"
            if len(cited) == 2
            else f"{cited[0]} +{len(cited) - 1}"
        )
        who += ": "
    return f"{claim_id} · {who}{body}"


@checked(min_shared=whole_number(1))
def build_evidence_graph(
    claims: pd.DataFrame,
    citations: pd.DataFrame,
    references: pd.DataFrame,
    audit: pd.DataFrame | None = None,
    source_links: pd.DataFrame | None = None,
    topics: pd.DataFrame | None = None,
    *,
    article: str | None = "article",
    min_shared: int = 2,
) -> nx.DiGraph:
    """Build the evidence graph from the pipeline's tables.

    Parameters
    ----------
    claims, citations, references
        Tables per :mod:`litmap.schemas`. Extra citation columns (e.g. ``fit``, ``fit_score``)
        become attributes of the claim->source edges.
    audit
        AUDIT table; gives sources their ``status`` (``unchecked`` without it), matched DOI and
        counts.
    source_links
        SOURCE_LINKS table (the sources' own reference lists): adds source->source edges (a
        source cites another, matched by DOI, PMID or OpenAlex id) and ``work`` nodes for works
        cited by at least ``min_shared`` sources (bibliographic coupling).
    topics
        CLAIM_TOPICS table from :func:`litmap.compute_topics`.
    article
        The article's title, for the ``article:`` node.

    Returns
    -------
    networkx.DiGraph
    """
    CLAIMS.validate(claims)
    CITATIONS.validate(citations)
    REFERENCES.validate(references)
    article = "article" if article is None else str(article)  # no title known: not the word "None"
    graph = nx.DiGraph(name=article)
    article_id = f"article:{_slug(article)}"

    refs = references.drop_duplicates("ref_id").set_index("ref_id", drop=False)
    audit_rows = {}
    if audit is not None:
        AUDIT.validate(audit)
        audit_rows = {r["ref_id"]: r for r in audit.drop_duplicates("ref_id").to_dict("records")}

    cites = citations[citations["ref_id"].notna()]
    cites = cites[cites["ref_id"].isin(refs.index)]
    n_claims_by_ref = cites.groupby("ref_id")["claim_id"].nunique()
    refs_by_claim = cites.groupby("claim_id", sort=False)["ref_id"].agg(lambda s: list(dict.fromkeys(s)))

    graph.add_node(article_id, kind="article", label=str(article))
    # Sources
    labels = source_labels(refs.reset_index(drop=True))
    for ref in refs.to_dict("records"):
        rid = ref["ref_id"]
        a = audit_rows.get(rid, {})
        graph.add_node(
            f"ref:{rid}",
            **graph_attributes(
                {
                    "kind": "source",
                    "label": labels[rid],
                    "ref_id": rid,
                    "raw": ref["raw"],
                    "title": ref["title"],
                    "year": ref["year"],
                    "doi": ref["doi"] if not is_missing(ref["doi"]) else a.get("doi"),
                    "pmid": a.get("pmid"),
                    "openalex_id": a.get("openalex_id"),
                    "is_free_to_read": a.get("is_free_to_read"),
                    "work_type": ref["kind"],
                    "status": a.get("status") if not is_missing(a.get("status")) else "unchecked",
                    "audit_confidence": a.get("confidence"),
                    "discrepancies": a.get("discrepancies"),
                    "notices": a.get("notices"),
                    "is_referenced_by_count": a.get("is_referenced_by_count"),
                    "references_count": a.get("references_count"),
                    "n_claims": int(n_claims_by_ref.get(rid, 0)),
                }
            ),
        )

    # Article and claims
    families = {rid: first_family_name(authors) or "Anon." for rid, authors in zip(refs.index, refs["authors"])}
    for claim in claims.to_dict("records"):
        cid = claim["claim_id"]
        ref_ids = refs_by_claim.get(cid, [])
        graph.add_node(
            f"claim:{cid}",
            **graph_attributes(
                {
                    "kind": "claim",
                    "label": claim_label(cid, claim["text"], [families[r] for r in ref_ids]),
                    "claim_id": cid,
                    "text": claim["text"],
                    "section": claim["section"],
                    "paragraph": claim["paragraph"],
                    "n_citations": claim["n_citations"],
                    "n_sources": len(ref_ids),
                    "has_source": bool(ref_ids),
                }
            ),
        )
        graph.add_edge(article_id, f"claim:{cid}", relation="asserts", origin="article")

    extra = [c for c in citations.columns if c not in _CITATION_KEYS]
    for row in cites.to_dict("records"):
        u, v = f"claim:{row['claim_id']}", f"ref:{row['ref_id']}"
        if u not in graph:
            raise SchemaError(
                f"citation names claim {row['claim_id']!r}, which is not in claims",
                table="citations",
                column="claim_id",
            )
        if graph.has_edge(u, v):
            graph.edges[u, v]["n"] += 1
            continue
        graph.add_edge(
            u, v, **graph_attributes({"relation": "cites", "origin": "article", "n": 1, **{c: row[c] for c in extra}})
        )

    if topics is not None:
        _add_topics(graph, topics)
    if source_links is not None:
        _add_source_links(graph, source_links, min_shared)
    graph.graph["n_claims"] = claims.shape[0]
    return graph


def _add_topics(graph: nx.DiGraph, topics: pd.DataFrame) -> None:
    CLAIM_TOPICS.validate(topics)
    for row in topics.to_dict("records"):
        claim = f"claim:{row['claim_id']}"
        if claim not in graph:
            raise SchemaError(
                f"topic row names claim {row['claim_id']!r}, which is not in claims",
                table="claim_topics",
                column="claim_id",
            )
        tid = f"topic:{row['topic']}"
        if tid not in graph:
            graph.add_node(tid, kind="topic", label=str(row["label"]), topic=str(row["topic"]))
        graph.add_edge(
            claim,
            tid,
            **graph_attributes(
                {"relation": "about", "origin": "topics", "score": row["score"], "evidence": row["evidence"]}
            ),
        )
    for tid in [n for n, k in graph.nodes(data="kind") if k == "topic"]:
        claims = [u for u in graph.predecessors(tid)]
        sources = {v for c in claims for v in graph.successors(c) if graph.nodes[v]["kind"] == "source"}
        graph.nodes[tid].update(n_claims=len(claims), n_sources=len(sources))
    topics_of: dict = {}  # each claim's topics once, not once per source it cites (500 × 500 × 40: 6 s)
    for node, kind in graph.nodes(data="kind"):
        if kind == "source":
            found = set()
            for c in graph.predecessors(node):
                if c not in topics_of:
                    topics_of[c] = [t for t in graph.successors(c) if graph.nodes[t]["kind"] == "topic"]
                found.update(topics_of[c])
            found = sorted(found)
            if found:
                graph.nodes[node]["topics"] = LIST_SEPARATOR.join(t.split(":", 1)[1] for t in found)


def _cited_ids(links: pd.DataFrame) -> pd.Series:
    """Each link's cited work as a namespaced id (``doi:…``, ``pmid:…``, ``openalex:W…``); NA when unknown.

    Tables written before ``cited_id`` existed name DOIs only.
    """
    none = pd.Series(pd.NA, index=links.index, dtype="string")
    ids = links["cited_id"].astype("string") if "cited_id" in links else none
    ids = ids.where(ids.notna(), "doi:" + links["cited_doi"].astype("string").str.strip())
    return ids.where(~ids.str.startswith("doi:", na=False), ids.str.lower())


def _add_source_links(graph: nx.DiGraph, source_links: pd.DataFrame, min_shared: int) -> None:
    SOURCE_LINKS.validate(source_links)
    by_id = {}  # a source's own ids: its DOI, PMID and OpenAlex id, as cited works are named
    for node, attrs in graph.nodes(data=True):
        if attrs["kind"] == "source":
            for space in ("doi", "pmid", "openalex_id"):
                if attrs.get(space) is not None:
                    name = space.removesuffix("_id")
                    by_id[f"{name}:{str(attrs[space]).lower() if name == 'doi' else attrs[space]}"] = node
    links = source_links.assign(_cited=_cited_ids(source_links))
    links = links[links["_cited"].notna()].drop_duplicates(["ref_id", "_cited"])
    known = [n.split(":", 1)[1] for n, k in graph.nodes(data="kind") if k == "source"]
    links = links[links["ref_id"].isin(known).astype(bool)]
    counts = links.groupby("_cited")["ref_id"].nunique()
    texts = links.dropna(subset=["cited_text"]).drop_duplicates("_cited").set_index("_cited")["cited_text"]
    for row in links.to_dict("records"):
        u, cited = f"ref:{row['ref_id']}", row["_cited"]
        origin = row.get("origin") if not is_missing(row.get("origin")) else "crossref"
        target = by_id.get(cited)
        if target is None:
            if counts[cited] < min_shared:
                continue
            target = cited
            if target not in graph:
                text = texts.get(cited)
                label = cited if is_missing(text) else (str(text)[:60] + ("…" if len(str(text)) > 60 else ""))
                space, _, value = cited.partition(":")
                graph.add_node(target, kind="work", label=label, n_citing_sources=int(counts[cited]), **{space: value})
        if target != u:
            graph.add_edge(u, target, relation="cites", origin=origin)
    for node, kind in graph.nodes(data="kind"):
        if kind == "source":
            graph.nodes[node]["n_citing_sources"] = sum(
                1 for p in graph.predecessors(node) if graph.nodes[p]["kind"] == "source"
            )


__all__ = [
    "GRAPH_ARGUMENT",
    "build_evidence_graph",
    "claim_label",
    "graph_attributes",
    "source_label",
    "source_labels",
]
