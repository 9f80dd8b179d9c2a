"""Cross-document links (cascades, outcomes, revisions, discrepancies) → RDF."""

from __future__ import annotations

from rdflib import URIRef

from .. import iris
from ..link.cascade import CorpusLinks, FigureRef
from .namespaces import PK
from .writer import GraphWriter


def _node(r: FigureRef) -> URIRef:
    return iris.fact(r.doc, r.key)


def _id(r: FigureRef | None) -> str:
    return f"{iris.doc_id(r.doc)}-{r.key}" if r else "none"


def emit_links(w: GraphWriter, links: CorpusLinks) -> None:
    for c in links.cascades:
        node = iris.link("cascade", _id(c.upper), _id(c.lower))
        w.link(PK.Cascade, node, [
            (PK.upper, _node(c.upper)), (PK.lower, _node(c.lower)), (PK.cascadeKind, c.kind),
            (PK.agreement, c.agreement), (PK.agreementReason, c.reason),
        ])
        w.add(_node(c.lower), PK.cascadesFrom, _node(c.upper))
    for o in links.outcomes:
        node = iris.link("outcome", _id(o.target), _id(o.result))
        w.link(PK.Outcome, node, [
            (PK.target, _node(o.target)), (PK.result, _node(o.result)), (PK.status, o.status),
            (PK.statusComputed, o.computed if o.status else None),
        ])
        w.add(_node(o.result), PK.reportsOn, _node(o.target))
    for r in links.revisions:
        node = iris.link("revision", iris.doc_id(r.final_doc), _id(r.draft), _id(r.final))
        w.link(PK.Revision, node, [
            (PK.draftFigure, _node(r.draft) if r.draft else None),
            (PK.finalFigure, _node(r.final) if r.final else None),
            (PK.draftDocument, iris.document(r.draft_doc)), (PK.finalDocument, iris.document(r.final_doc)),
            (PK.change, r.change),
        ])
    for d in links.discrepancies:
        node = iris.link("discrepancy", _id(d.a), _id(d.b))
        w.link(PK.Discrepancy, node, [(PK.figure, _node(d.a)), (PK.figure, _node(d.b)), (PK.reason, d.reason)])
