"""GraphML for yEd, Cytoscape and igraph, written by networkx from the same projection as the GEXF.

Nodes carry ``label``, ``type``, ``color`` (the GEXF palette, as ``#rrggbb``) and the typed attributes of the
view; edges carry ``label`` and ``relation``. Numbers stay numbers (GraphML ``double``/``long``).
"""

from __future__ import annotations

from io import BytesIO

import networkx as nx
from rdflib import Graph

from .gexf import DEFAULT_COLOR, PALETTE
from .projection import project


def to_graphml(graph: Graph, view: str = "full") -> str:
    """The GraphML text of *graph*'s *view*."""
    g = project(graph, view)
    for _, data in g.nodes(data=True):
        r, gr, b = PALETTE.get(str(data.get("type")), DEFAULT_COLOR)
        data["color"] = f"#{r:02x}{gr:02x}{b:02x}"
    for _, _, data in g.edges(data=True):
        data["relation"] = data["label"]
    buffer = BytesIO()
    nx.write_graphml(g, buffer, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return buffer.getvalue().decode("utf-8")
