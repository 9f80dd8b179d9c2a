"""GEXF for Gephi and Gephi Lite, written by networkx with what networkx lacks added.

Version: GEXF **1.3** (networkx ≥ 3.3 writes it). Gephi 0.10 writes 1.3 and reads 1.2draft and 1.3, Gephi Lite
(graphology-gexf) reads both; 1.3 is chosen because it has the edge ``kind`` attribute, which lets Gephi keep
parallel edges of different relations (a result both ``reports_on`` a target and is its ``has_outcome``)
instead of merging them. ``version="1.2draft"`` remains available for older tools. networkx lacks, and this
module adds:

* ``kind`` on every edge (its relation), and the correct XML-Schema-instance namespace (networkx 3.6 writes
  ``http://w3.org/...`` for 1.3);
* ``double`` instead of ``float`` for decimal attributes (Gephi reads ``float`` as 32-bit:
  16 777 217 → 16 777 216);
* no ``lastmodifieddate`` in ``<meta>`` (it is today's date, which would make the output differ between runs).

Appearance: ``viz:color`` per node type (a fixed palette), ``viz:size`` from the degree.
Dynamic mode adds spells:
administrative units live from ``validFrom`` to ``validTo`` (so the timeline shows the units of 1 July 2025
replacing the old ones), targets and results over their period or up to their deadline, plans over their term,
documents from their date on. Nodes without dates are always present.
"""

from __future__ import annotations

import math
from io import BytesIO
from xml.etree.ElementTree import ElementTree

import networkx as nx
from networkx.readwrite.gexf import GEXF, GEXFWriter
from rdflib import Graph

from .projection import project

# Fixed palette (Tableau 10 / ColorBrewer tones): one colour per node type, stable across runs and views.
PALETTE: dict[str, tuple[int, int, int]] = {
    "Document": (127, 127, 127),
    "Plan": (140, 86, 75),
    "Goal": (188, 189, 34),
    "Breakthrough": (188, 189, 34),
    "Task": (188, 189, 34),
    "Target": (31, 119, 180),
    "Result": (44, 160, 44),
    "Indicator": (255, 127, 14),
    "AdministrativeUnit": (214, 39, 40),
    "UnitMention": (255, 152, 150),
    "Project": (148, 103, 189),
    "Organization": (23, 190, 207),
    "Section": (199, 199, 199),
    "Evidence": (219, 219, 141),
}
DEFAULT_COLOR = (90, 90, 90)
SIZE_MIN = 4.0

_XSI = "http://www.w3.org/2001/XMLSchema-instance"


class _Writer(GEXFWriter):
    """networkx's writer with the 1.3 XML-Schema-instance namespace corrected."""

    versions = {name: dict(spec, NS_XSI=_XSI) for name, spec in GEXF.versions.items()}


def to_gexf(graph: Graph, view: str = "full", dynamic: bool = False, version: str = "1.3") -> str:
    """The GEXF text of *graph*'s *view* (see :mod:`builder.export.projection`)."""
    return write_gexf_text(decorate(project(graph, view), dynamic=dynamic), version=version)


def decorate(g: nx.MultiDiGraph, dynamic: bool = False) -> nx.MultiDiGraph:
    """Add ``viz`` (colour, size) and, when *dynamic*, spells to a projected graph (a copy)."""
    out = g.copy()
    for node, data in out.nodes(data=True):
        r, gr, b = PALETTE.get(str(data.get("type")), DEFAULT_COLOR)
        degree = out.degree(node)
        data["viz"] = {"color": {"r": r, "g": gr, "b": b, "a": 1.0}, "size": node_size(degree)}
        if dynamic:
            spell = node_spell(data)
            if spell is not None:
                data["spells"] = [spell]
    for _, _, data in out.edges(data=True):
        data["relation"] = data["label"]
    if dynamic:
        out.graph["mode"] = "dynamic"
    return out


def node_size(degree: int) -> float:
    """Size grows with the square root of the degree, so hubs stand out without swamping the picture."""
    return round(SIZE_MIN + 3.0 * math.sqrt(degree), 2)


def node_spell(data: dict[str, object]) -> tuple[str | None, str | None] | None:
    """The (start, end) dates during which a node exists, or None when it has no dates."""
    kind = data.get("type")
    if kind == "AdministrativeUnit":
        start, end = data.get("validFrom"), data.get("validTo")
        if start or end:
            return (str(start) if start else None, str(end) if end else None)
        return None
    first, last = data.get("periodStart"), data.get("periodEnd")
    if isinstance(first, int) and isinstance(last, int):
        return (f"{first:04d}-01-01", f"{last:04d}-12-31")
    year = data.get("year")
    if kind in {"Target", "Result", "Project"} and isinstance(year, int):
        return (None, f"{year:04d}-12-31")
    date = data.get("date")
    if kind == "Document" and isinstance(date, str) and date[:4].isdigit():
        return (date if len(date) == 10 else f"{date[:4]}-01-01", None)
    return None


def write_gexf_text(g: nx.MultiDiGraph, version: str = "1.3") -> str:
    """Serialise a decorated graph with networkx, then add what networkx lacks (see the module docstring)."""
    writer = _Writer(encoding="utf-8", prettyprint=True, version=version)
    writer.add_graph(g)
    root = writer.xml
    meta = root.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
    for attributes in root.iter("attributes"):
        for attribute in attributes.iter("attribute"):
            if attribute.get("type") == "float":
                attribute.set("type", "double")
    if version == "1.3":
        for edge in root.iter("edge"):
            label = edge.get("label")
            if label:
                edge.set("kind", label)
    writer.indent(root)
    buffer = BytesIO()
    ElementTree(root).write(buffer, encoding="utf-8", xml_declaration=True)
    return buffer.getvalue().decode("utf-8") + "\n"
