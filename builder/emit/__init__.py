"""Linked facts → RDF. The only package that writes triples; see ``ontology/TERMS.md`` for the shape."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef

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
        w.mention(doc, m)
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


def serialize(graph: Graph) -> bytes:
    """Deterministic Turtle: rdflib's ``longturtle`` sorts subjects and objects."""
    data = graph.serialize(format="longturtle", encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode("utf-8")


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write to a temporary file in the same folder, then rename: no half-written output."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def emit_corpus(items: Sequence[tuple[Document, DocumentFacts]], units: Iterable[Any] = ()) -> Graph:
    w = GraphWriter(new_graph())
    for doc, facts in items:
        emit_document(w, doc, facts)
    emit_units(w, units)
    return w.g
