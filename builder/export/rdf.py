"""RDF serialisations for triple stores: sorted N-Triples, and TriG with one named graph per source document.

TriG: a triple goes to the named graph of document *d* (named by the document's IRI,
``https://w3id.org/plankg/id/doc/<docid>``) when its subject is that document or lies in its IRI space
(``…/doc/<docid>/…``: plan, sections, targets, results, evidence). Everything else (units, indicators,
organisations, cross-document links such as cascades and outcomes) stays in the default graph, shared by all
documents. Loading the TriG into a store with "default graph as union" gives back the whole graph.
"""

from __future__ import annotations

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from ..iris import ID

DOC_SPACE = ID + "doc/"


def to_ntriples(graph: Graph) -> str:
    """N-Triples, one triple a line, lines sorted (byte order), so equal graphs give equal files."""
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return "\n".join(lines) + ("\n" if lines else "")


def document_graph(subject: object) -> URIRef | None:
    """The named graph (document IRI) a subject belongs to, or None for the shared default graph."""
    if not isinstance(subject, URIRef) or not str(subject).startswith(DOC_SPACE):
        return None
    docid = str(subject)[len(DOC_SPACE):].split("/", 1)[0]
    return URIRef(DOC_SPACE + docid) if docid else None


def split_by_document(graph: Graph) -> Dataset:
    """A dataset with one named graph per document and the shared triples in the default graph."""
    dataset = Dataset()
    for s, p, o in graph:
        name = document_graph(s)
        dataset.graph(name if name is not None else DATASET_DEFAULT_GRAPH_ID).add((s, p, o))
    return dataset


def to_trig(graph: Graph) -> str:
    """TriG: the default graph first, then one ``<doc> { … }`` block per document, in IRI order.

    Statements are sorted N-Triples lines (valid TriG), so the text is stable by construction.
    """
    dataset = split_by_document(graph)
    blocks: list[str] = []
    names = sorted((g.identifier for g in dataset.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID),
                   key=str)
    default = dataset.graph(DATASET_DEFAULT_GRAPH_ID)
    if len(default):
        blocks.append(_body(default))
    for name in names:
        body = _body(dataset.graph(name))
        indented = "".join(f"    {line}\n" if line else "\n" for line in body.rstrip("\n").split("\n"))
        blocks.append(f"<{name}> {{\n{indented}}}\n")
    return "\n".join(blocks)


def _body(graph: Graph) -> str:
    """Sorted N-Triples lines of a graph (valid TriG statements, stable by construction)."""
    return to_ntriples(graph)
