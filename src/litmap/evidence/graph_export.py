"""The evidence graph written out: node and edge tables (GRAPH_NODES, GRAPH_EDGES), GraphML, GEXF.

Tables and files are how the graph leaves Python (pandas, Gephi, Cytoscape, yEd): ``litmap run``
writes ``graph.graphml``, ``graph.gexf``, ``graph-nodes.csv`` and ``graph-edges.csv``
(:func:`write_graph`). Export is kept apart from :mod:`litmap.evidence.graph`, which builds the
graph, because it depends only on a built graph and the table schemas, not on how the graph was
made; this module imports that one, never the other way round.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd

from litmap.arguments import checked, folder
from litmap.evidence.graph import GRAPH_ARGUMENT
from litmap.schemas import GRAPH_EDGES, GRAPH_NODES, write_table


@checked(graph=GRAPH_ARGUMENT)
def to_node_table(graph: nx.DiGraph) -> pd.DataFrame:
    """One row per node (GRAPH_NODES): ``id``, ``kind``, ``label``, then every other attribute."""
    rows = [{"id": n, **attrs} for n, attrs in graph.nodes(data=True)]
    frame = pd.DataFrame(rows)
    first = GRAPH_NODES.names
    if frame.empty:
        return GRAPH_NODES.empty()
    return frame[first + sorted(c for c in frame.columns if c not in first)]


def to_edge_table(graph: nx.DiGraph) -> pd.DataFrame:
    """One row per edge (GRAPH_EDGES): ``from_id``, ``to_id``, ``relation``, ``origin``, then every other attribute."""
    rows = [{"from_id": u, "to_id": v, **attrs} for u, v, attrs in graph.edges(data=True)]
    frame = pd.DataFrame(rows)
    first = GRAPH_EDGES.names
    if frame.empty:
        return GRAPH_EDGES.empty()
    return frame[first + sorted(c for c in frame.columns if c not in first)]


def write_graphml(graph: nx.DiGraph, path: str | Path) -> Path:
    """Write the graph as GraphML (Gephi, Cytoscape, yEd); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(graph, path)
    return path


def write_gexf(graph: nx.DiGraph, path: str | Path) -> Path:
    """Write the graph as GEXF (Gephi); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_gexf(graph, path)
    return path


def write_graph_tables(graph: nx.DiGraph, out_dir: str | Path) -> tuple[Path, Path]:
    """Write ``graph-nodes.csv`` and ``graph-edges.csv`` into ``out_dir``; returns both paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    nodes, edges = out_dir / "graph-nodes.csv", out_dir / "graph-edges.csv"
    # through write_table, as every table: a label "=HYPERLINK(…)" is written as text, not a live formula
    return write_table(to_node_table(graph), nodes), write_table(to_edge_table(graph), edges)


@checked(graph=GRAPH_ARGUMENT, out_dir=folder)
def write_graph(graph: nx.DiGraph, out_dir: str | Path) -> list[Path]:
    """Write every file of the evidence graph into ``out_dir``: ``graph.graphml``, ``graph.gexf``,
    ``graph-nodes.csv`` and ``graph-edges.csv`` (what ``litmap run`` and notebook 3 write); returns the paths."""
    out_dir = Path(out_dir)
    return [
        write_graphml(graph, out_dir / "graph.graphml"),
        write_gexf(graph, out_dir / "graph.gexf"),
        *write_graph_tables(graph, out_dir),
    ]


__all__ = [
    "to_edge_table",
    "to_node_table",
    "write_gexf",
    "write_graph",
    "write_graph_tables",
    "write_graphml",
]
