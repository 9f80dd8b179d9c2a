"""Linked facts → RDF. The only package that writes triples; see ``ontology/TERMS.md`` for the shape."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from rdflib import RDF, BNode, Graph, Literal, URIRef

from .. import iris
from ..document import Document
from ..facts import DocumentFacts
from .writer import GraphWriter, new_graph

__all__ = ["GraphWriter", "emit_document", "emit_units", "new_graph", "serialize", "write_atomic"]


def document_scopes(doc: Document, facts: DocumentFacts) -> dict[str, URIRef]:
    """Map each mention key to the node a fact's ``pk:scope`` points at: the unit, or the mention itself."""
    out: dict[str, URIRef] = {}
    for m in facts.mentions:
        out[m.key] = iris.unit(m.unit_iri_key) if m.unit_iri_key else iris.fact(doc.name, m.key)
    return out


def emit_document(w: GraphWriter, doc: Document, facts: DocumentFacts) -> None:
    """Write one document and everything read from it."""
    scopes = document_scopes(doc, facts)
    scope = scopes.get(facts.scope) if facts.scope else None
    w.document(doc, facts, scope)
    for m in facts.mentions:
        if m.evidence.end > m.evidence.start or not m.unit_iri_key:
            w.mention(doc, m)  # a scope taken from metadata only is no mention: facts point at its unit
    for goal in facts.goals:
        w.goal(doc, goal)
    for t in facts.targets:
        w.target(doc, t, scopes)
    for r in facts.results:
        w.result(doc, r, scopes)
    for p in facts.projects:
        w.project(doc, p, scopes, scope)
    for lin in facts.lineages:
        w.lineage(doc, lin, scopes, facts.lineage_notes.get(lin.key, []))


def emit_units(w: GraphWriter, units: Iterable[Any]) -> None:
    for u in sorted(units, key=lambda u: u.key):
        w.unit(u)


def _ox(term: Any) -> Any:
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot serialise {term!r}")


def serialize(graph: Graph) -> bytes:
    """Deterministic Turtle: the triples sorted by subject, then ``rdf:type`` first, predicate and object,
    written by Oxigraph's Turtle serialiser with the plankg prefixes. (rdflib's sorting ``longturtle``
    gives the same guarantee about ten times slower: 7 s against 0.6 s for the seed graph.)"""
    import pyoxigraph as ox

    from .namespaces import PREFIXES

    rdf_type = f"<{RDF.type}>"
    triples = [ox.Triple(_ox(s), _ox(p), _ox(o)) for s, p, o in graph]
    triples.sort(key=lambda t: (str(t.subject), str(t.predicate) != rdf_type, str(t.predicate), str(t.object)))
    # Fact IRIs have slashes in their paths (``id:doc/…/target-…``): written in full, not as ``id:doc\\/…``.
    prefixes = {k: str(PREFIXES[k]) for k in sorted(PREFIXES) if k != "id"}
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write to a temporary file in the same folder, then rename: no half-written output."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; an output file gets the usual mode
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def emit_corpus(
    items: Sequence[tuple[Document, DocumentFacts]], units: Iterable[Any] = (), links: Any | None = None
) -> Graph:
    """The whole corpus in one graph: every document, the units, and the links between documents."""
    w = GraphWriter(new_graph())
    for doc, facts in items:
        emit_document(w, doc, facts)
    emit_units(w, units)
    if links is not None:
        from .links import emit_links

        emit_links(w, links)
    return w.g
