"""The corpus as one evidence map: works across articles, themes, the graph and the reading list (pure).

Everything here is DataFrames in, DataFrames (or a graph) out, with no I/O:

- :func:`compute_work_keys` and :func:`plan_lookups` group references into works *before* any
  look-up (same DOI, or the same first author, year and title), so each work is asked once;
  :func:`compute_work_ids` names each reference's work after the audit (the DOI of the record
  found, when there is one);
- :func:`compute_themes` lines up the topics each article discovered on its own: two topics are one
  theme when their labels have the same content-word stems ("Trust and safety", "Safety and
  trust"); topics with other words stay apart, said as they are rather than forced together;
- :func:`build_corpus_graph` and :func:`compute_corpus_reading_list` read the store's tables.
"""

from __future__ import annotations

import hashlib
import re

import networkx as nx
import pandas as pd

from litmap.evidence.graph import claim_label, graph_attributes, source_label
from litmap.evidence.keyphrases import stem, stopwords
from litmap.parse.patterns import NUMBERING
from litmap.present.reading_list import compute_reading_list
from litmap.schemas import AUDIT_STATUSES
from litmap.text import fold
from litmap.values import first_family_name, is_missing
from litmap.verify.crossref import normalize_doi

__all__ = [
    "build_corpus_graph",
    "compute_corpus_reading_list",
    "compute_themes",
    "compute_work_ids",
    "compute_work_keys",
    "plan_lookups",
]

#: Words of a title that make up a work key (enough to tell works apart, short of subtitles).
_TITLE_WORDS = 12
_WORD = re.compile(r"[^\W\d_]+")


def _cited_doi(value) -> str | None:
    if is_missing(value):
        return None
    try:
        return normalize_doi(str(value))
    except ValueError:
        return None


def compute_work_keys(references: pd.DataFrame) -> pd.Series:
    """A key per reference that entries of the same work share, however they are styled (pure).

    The first author's family name, the year and the first words of the title, folded (case,
    accents, punctuation); an entry without all three falls back to its folded text.

    >>> from litmap.schemas import REFERENCES
    >>> refs = REFERENCES.from_records([
    ...     {"ref_id": "R1", "raw": "x", "authors": [{"family": "Rogers", "given": "C. R."}], "year": 1957,
    ...      "title": "The necessary and sufficient conditions of therapeutic personality change."},
    ...     {"ref_id": "R2", "raw": "3. Rogers CR (1957) The Necessary and Sufficient Conditions...", "year": 1957}])
    >>> compute_work_keys(refs).tolist()
    ['rogers|1957|the necessary and sufficient conditions of therapeutic personality change', 'raw|rogers cr 1957 the necessary and sufficient conditions']
    """
    keys = []
    for authors, year, title, raw in zip(
        references["authors"], references["year"], references["title"], references["raw"]
    ):
        family = first_family_name(authors)
        if family and not is_missing(year) and not is_missing(title):
            keys.append(f"{fold(family)}|{int(year)}|{' '.join(fold(title).split()[:_TITLE_WORDS])}")
        else:
            text = "" if is_missing(raw) else NUMBERING.sub("", str(raw), count=1)
            keys.append("raw|" + fold(text))
    return pd.Series(keys, index=references.index, dtype="string")


def plan_lookups(references: pd.DataFrame, known: dict) -> tuple[pd.DataFrame, dict]:
    """Make entries of one work ask one look-up: the references as the audit should see them (pure).

    ``references`` carry a ``work_key`` column (:func:`compute_work_keys`); ``known`` maps work
    keys to what already answers them, ``(doi, search text)``. An entry without a DOI borrows the
    DOI another entry of its work cites (its audit ``note`` says so), else searches with the text
    of the work's first entry; an entry with a DOI is looked up by its own. Returns the audit's
    view of the references (same rows and ids; ``doi``/``raw`` changed where borrowed) and the
    work keys answered for the first time.
    """
    table = dict(known)
    new: dict[str, tuple[str | None, str | None]] = {}
    dois = [_cited_doi(d) for d in references["doi"]]
    keys = list(references["work_key"])
    for key, doi in zip(keys, dois):  # a DOI anywhere in the batch serves every entry of its work
        if doi and (key not in table or table[key][0] is None):
            table[key] = new[key] = (doi, table.get(key, (None, None))[1])
    view = references.copy()
    view_dois, view_raws, borrowed = list(view["doi"]), list(view["raw"]), set()
    for i, (key, doi, raw) in enumerate(zip(keys, dois, view_raws)):
        if doi:
            continue
        entry = table.get(key)
        if entry is not None and entry[0]:
            view_dois[i] = entry[0]
            borrowed.add(i)
        elif entry is not None and entry[1]:
            view_raws[i] = entry[1]
        else:
            table[key] = new[key] = (None, raw)
    view["doi"] = pd.array(view_dois, dtype="string")
    view["raw"] = pd.array(view_raws, dtype="string")
    view["borrowed_doi"] = [i in borrowed for i in range(len(view))]
    return view, new


def compute_work_ids(references: pd.DataFrame, audit: pd.DataFrame) -> pd.Series:
    """The work each reference names: ``doi:<DOI>`` of the record found (else as cited), else
    ``entry:<hash of the work key>`` (pure)."""
    audit_doi = dict(zip(audit["ref_id"], audit["doi"]))
    ids = []
    for ref_id, doi, key in zip(references["ref_id"], references["doi"], references["work_key"]):
        found = _cited_doi(audit_doi.get(ref_id)) or _cited_doi(doi)
        ids.append(f"doi:{found}" if found else "entry:" + hashlib.sha1(str(key).encode()).hexdigest()[:12])
    return pd.Series(ids, index=references.index, dtype="string")


# ---------------------------------------------------------------- themes


def compute_themes(labels: pd.Series) -> pd.Series:
    """The theme of each topic label: its content words' Snowball stems, sorted (pure).

    >>> compute_themes(pd.Series(["Trust and safety", "Safety and trust", "Validating emotions"])).tolist()
    ['safeti trust', 'safeti trust', 'emot valid']
    """
    stops = stopwords()

    def theme(label) -> str:
        if is_missing(label):
            return ""
        words = [w for w in _WORD.findall(fold(label)) if w not in stops and len(w) > 1]
        return " ".join(sorted({stem(w) for w in words})) or fold(label)

    return pd.Series([theme(label) for label in labels], index=labels.index, dtype="string")


# ---------------------------------------------------------------- the graph


def build_corpus_graph(
    articles: pd.DataFrame,
    references: pd.DataFrame,
    claims: pd.DataFrame,
    citations: pd.DataFrame,
    claim_topics: pd.DataFrame,
    works: pd.DataFrame,
) -> nx.DiGraph:
    """The corpus evidence graph: articles, their cited claims, themes, and sources merged across articles.

    Node ids: ``article:<article_id>``, ``claim:<article_id>/<claim_id>``, ``topic:<theme>`` and,
    for sources, the work id (``doi:10.…`` or ``entry:…``), so one work cited by five articles is
    one node. Edges: ``asserts`` (article→claim), ``cites`` (claim→source, with ``n`` citations),
    ``about`` (claim→topic). Claims that cite nothing are left out (they add no evidence link).
    """
    graph = nx.DiGraph(name="corpus")
    ok = articles[articles["status"] == "ok"]
    for row in ok.to_dict("records"):
        graph.add_node(
            f"article:{row['article_id']}",
            **graph_attributes(
                {
                    "kind": "article",
                    "label": row["title"] or row["article_id"],
                    **_pick(row, "article_id", "source", "n_references", "n_claims", "n_citations"),
                }
            ),
        )
    work_of = {(a, r): w for a, r, w in zip(references["article_id"], references["ref_id"], references["work_id"])}
    first_ref = references.drop_duplicates("work_id").set_index("work_id")
    for row in works.to_dict("records"):
        ref = first_ref.loc[row["work_id"]] if row["work_id"] in first_ref.index else None
        authors = ref["authors"] if ref is not None else []
        graph.add_node(
            row["work_id"],
            **graph_attributes(
                {
                    "kind": "source",
                    "label": source_label(authors, row["year"]),
                    **_pick(row, "work_id", "doi", "title", "year", "status", "n_articles", "n_citations"),
                    "verdicts": row["verdicts"],
                }
            ),
        )
    cites = citations[citations["ref_id"].notna()]
    edges: dict[tuple[str, str], int] = {}
    for aid, cid, rid in zip(cites["article_id"], cites["claim_id"], cites["ref_id"]):
        work = work_of.get((aid, rid))
        if work is not None:
            edges[(f"claim:{aid}/{cid}", work)] = edges.get((f"claim:{aid}/{cid}", work), 0) + 1
    cited_claims = {u for u, _ in edges}
    for row in claims.to_dict("records"):
        node = f"claim:{row['article_id']}/{row['claim_id']}"
        if node in cited_claims:
            graph.add_node(
                node,
                **graph_attributes(
                    {
                        "kind": "claim",
                        "label": claim_label(row["claim_id"], row["text"]),
                        **_pick(row, "article_id", "claim_id", "text", "section"),
                    }
                ),
            )
            graph.add_edge(f"article:{row['article_id']}", node, relation="asserts", origin="article")
    for (u, v), n in edges.items():
        graph.add_edge(u, v, relation="cites", origin="article", n=n)
    themed = claim_topics[claim_topics["theme"].notna() & (claim_topics["theme"] != "")]
    labels = themed.groupby("theme")["label"].agg(lambda s: s.mode().sort_values().iloc[0])
    spread = themed.groupby("theme")["article_id"].nunique()
    for aid, cid, theme, score in zip(themed["article_id"], themed["claim_id"], themed["theme"], themed["score"]):
        claim = f"claim:{aid}/{cid}"
        if claim not in graph:
            continue
        tid = f"topic:{theme}"
        if tid not in graph:
            graph.add_node(tid, kind="topic", label=str(labels[theme]), theme=str(theme), n_articles=int(spread[theme]))
        graph.add_edge(claim, tid, **graph_attributes({"relation": "about", "origin": "topics", "score": score}))
    return graph


def _pick(row: dict, *names: str) -> dict:
    return {name: row[name] for name in names}


# ---------------------------------------------------------------- the reading list


def compute_corpus_reading_list(
    works: pd.DataFrame,
    references: pd.DataFrame,
    audit: pd.DataFrame,
    claims: pd.DataFrame,
    citations: pd.DataFrame,
    claim_topics: pd.DataFrame,
    *,
    max_works: int = 200,
    max_cited_for: int = 3,
) -> pd.DataFrame:
    """The works the corpus rests on, ranked by how many articles cite them, with their verdicts.

    One row per work (the ``max_works`` most cited), shaped like :data:`litmap.READING_LIST` with
    ``ref_id`` holding the work id and ``status`` the work's verdict, plus ``n_articles``,
    ``article_ids`` and ``verdicts``. The record fields come from the entry whose audit found a
    record; ``cited_for`` holds the first ``max_cited_for`` citing sentences; claim ids read
    ``<article_id>/<claim_id>``. Works no record was found for stay in: that several articles
    cite a work nobody can find is what a reviewer needs to see.
    """
    ranked = works.sort_values(["n_articles", "n_citations", "work_id"], ascending=[False, False, True])
    ranked = ranked.head(max_works).reset_index(drop=True)
    if ranked.empty:
        return compute_reading_list(references.head(0), audit.head(0)).assign(
            n_articles=pd.Series(dtype="Int64"), article_ids=pd.Series(dtype=object), verdicts=pd.Series(dtype=object)
        )
    wanted = set(ranked["work_id"])
    rank = {status: i for i, status in enumerate(AUDIT_STATUSES)}
    members = references[references["work_id"].isin(wanted)].merge(
        audit, on=["article_id", "ref_id"], how="left", suffixes=("", "_audit")
    )
    members["_rank"] = members["status"].map(rank).fillna(len(rank))
    best = members.sort_values(["_rank", "article_id", "ref_id"]).drop_duplicates("work_id")
    key = {(a, r): w for a, r, w in zip(members["article_id"], members["ref_id"], members["work_id"])}
    status = dict(zip(ranked["work_id"], ranked["status"]))

    refs = references.merge(best[["article_id", "ref_id"]], on=["article_id", "ref_id"])
    refs = refs.assign(ref_id=refs["work_id"])
    chosen = audit.merge(best[["article_id", "ref_id", "work_id"]], on=["article_id", "ref_id"])
    chosen = chosen.assign(ref_id=chosen["work_id"], status=chosen["work_id"].map(status))
    cites = citations[[(a, r) in key for a, r in zip(citations["article_id"], citations["ref_id"])]]
    cites = cites.assign(
        ref_id=[key[(a, r)] for a, r in zip(cites["article_id"], cites["ref_id"])],
        claim_id=cites["article_id"] + "/" + cites["claim_id"],
    )
    claims = claims.assign(claim_id=claims["article_id"] + "/" + claims["claim_id"])
    topics = claim_topics.assign(
        claim_id=claim_topics["article_id"] + "/" + claim_topics["claim_id"], topic=claim_topics["theme"]
    )
    frame = compute_reading_list(refs, chosen, cites, claims, topics, exclude_not_found=False)
    frame["cited_for"] = [list(c[:max_cited_for]) for c in frame["cited_for"]]
    extra = ranked.set_index("work_id")[["n_articles", "article_ids", "verdicts"]]
    frame = frame.join(extra, on="ref_id")
    order = {w: i for i, w in enumerate(ranked["work_id"])}
    return frame.sort_values("ref_id", key=lambda s: s.map(order)).reset_index(drop=True)
