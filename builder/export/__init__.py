"""Exports of the built graph for other tools: GEXF and GraphML (graph tools), JSON-LD, N-Triples and TriG
(RDF), CSV (query rows).

One entry point, :func:`export_graph`; one module per format.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from ..errors import GraphError

FORMATS = ("gexf", "graphml", "jsonld", "nt", "trig", "csv")
EXTENSIONS = {"gexf": ".gexf", "graphml": ".graphml", "jsonld": ".jsonld", "nt": ".nt", "trig": ".trig",
              "csv": ".csv"}


def export_graph(graph: Graph, fmt: str, out: Path | None = None, view: str = "full", dynamic: bool = False,
                 query: str | None = None) -> Path | str:
    """Serialise *graph* as *fmt*; write it to *out* and return the path, or return the text if *out* is None.

    *view* and *dynamic* apply to the graph-tool formats (gexf, graphml); *query* (a canonical query name, a
    .rq file or inline SPARQL) is required for csv.
    """
    text = render(graph, fmt, view=view, dynamic=dynamic, query=query)
    if out is None:
        return text
    out = Path(out)
    if out.parent and not out.parent.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8", newline="")
    return out


def render(graph: Graph, fmt: str, view: str = "full", dynamic: bool = False,
           query: str | None = None) -> str:
    """The text of *graph* in *fmt* (see :func:`export_graph`)."""
    fmt = fmt.lower()
    if fmt == "gexf":
        from .gexf import to_gexf

        return to_gexf(graph, view=view, dynamic=dynamic)
    if fmt == "graphml":
        from .graphml import to_graphml

        return to_graphml(graph, view=view)
    if fmt == "jsonld":
        from .jsonld import to_jsonld

        return to_jsonld(graph)
    if fmt == "nt":
        from .rdf import to_ntriples

        return to_ntriples(graph)
    if fmt == "trig":
        from .rdf import to_trig

        return to_trig(graph)
    if fmt == "csv":
        from .csv import to_csv

        if not query:
            raise GraphError(
                "csv export needs a query: a canonical name (targets, results, ...), a .rq file or SPARQL"
            )
        return to_csv(graph, query)
    raise GraphError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


__all__ = ["EXTENSIONS", "FORMATS", "export_graph", "render"]
