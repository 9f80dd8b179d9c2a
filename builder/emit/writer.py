"""The one place that writes triples: linked facts → rdflib.Graph, each with provenance.

Every fact gets ``pk:evidence`` (an ``oa:SpecificResource`` with a ``TextPositionSelector`` and a
``TextQuoteSelector``) and ``prov:wasDerivedFrom`` its document. No blank nodes: every node has an IRI
derived from the file name and the fact's key, so the output is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, TIME, XSD

from .. import iris
from ..document import Document
from ..facts import DocumentFacts, Evidence, Goal, Lineage, Project, Result, Section, Target, UnitMention
from ..memory import new_graph as memory_graph
from ..normalise import fold
from .namespaces import GEO, IND, OA, PK, PREFIXES, QB, SDMX_ATTR, SDMX_DIM, UOM

CONTEXT_CHARS = 32
GOAL_CLASSES = {"general": PK.Goal, "field": PK.Goal, "breakthrough": PK.Breakthrough, "task": PK.Task}


def new_graph() -> Graph:
    g = memory_graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def _year(y: int) -> Literal:
    return Literal(f"{y:04d}", datatype=XSD.gYear)


def _date(value: str) -> Literal:
    """An ISO date, year-month or year as the matching XSD literal."""
    if len(value) == 4 and value.isdigit():
        return Literal(value, datatype=XSD.gYear)
    if len(value) == 7 and value[4] == "-":
        return Literal(value, datatype=XSD.gYearMonth)
    return Literal(value, datatype=XSD.date)


def _decimal(value: Decimal) -> Literal:
    # Normalised lexical form ("14.50" → "14.5", "1E+3" → "1000"): equal numbers give equal literals.
    return Literal(format(value.normalize(), "f"), datatype=XSD.decimal)


class GraphWriter:
    """Accumulates triples for a corpus. Methods take facts; nothing else in plankg writes RDF."""

    def __init__(self, graph: Graph | None = None) -> None:
        self.g = graph if graph is not None else new_graph()

    def add(self, s: URIRef, p: URIRef, o: Any, lang: str | None = None) -> None:
        if o is None:
            return
        if isinstance(o, URIRef | Literal):
            self.g.add((s, p, o))
        elif isinstance(o, bool):
            self.g.add((s, p, Literal(o)))
        elif isinstance(o, Decimal):
            self.g.add((s, p, _decimal(o)))
        elif isinstance(o, int):
            self.g.add((s, p, Literal(o, datatype=XSD.integer)))
        else:
            self.g.add((s, p, Literal(str(o), lang=lang)))

    # --- provenance -------------------------------------------------------------------------------

    def evidence(self, subject: URIRef, doc: Document, ev: Evidence) -> URIRef:
        """Attach Web Annotation evidence to ``subject`` (an IRI of a fact of ``doc``)."""
        src = iris.document(doc.name)
        node = URIRef(f"{subject}/ev")
        pos, quote = URIRef(f"{node}/pos"), URIRef(f"{node}/quote")
        text = doc.text
        self.g.add((subject, PK.evidence, node))
        self.g.add((subject, PROV.wasDerivedFrom, src))
        self.g.add((node, RDF.type, PK.Evidence))
        self.g.add((node, RDF.type, OA.SpecificResource))
        self.g.add((node, OA.hasSource, src))
        self.g.add((node, OA.hasSelector, pos))
        self.g.add((node, OA.hasSelector, quote))
        self.g.add((pos, RDF.type, OA.TextPositionSelector))
        self.g.add((pos, OA.start, Literal(ev.start, datatype=XSD.nonNegativeInteger)))
        self.g.add((pos, OA.end, Literal(ev.end, datatype=XSD.nonNegativeInteger)))
        self.g.add((quote, RDF.type, OA.TextQuoteSelector))
        self.g.add((quote, OA.exact, Literal(ev.quote)))
        self.g.add((quote, OA.prefix, Literal(text[max(0, ev.start - CONTEXT_CHARS) : ev.start])))
        self.g.add((quote, OA.suffix, Literal(text[ev.end : ev.end + CONTEXT_CHARS])))
        return node

    # --- documents --------------------------------------------------------------------------------

    def document(self, doc: Document, facts: DocumentFacts, scope: URIRef | None) -> URIRef:
        meta = facts.meta
        d = iris.document(doc.name)
        src = doc.source
        self.g.add((d, RDF.type, PK.Document))
        self.g.add((d, RDF.type, PROV.Entity))
        self.add(d, PK.fileName, src.name)
        self.add(d, PK.sha256, src.sha256)
        self.add(d, PK.characterCount, len(src.text))
        self.add(d, DCTERMS.title, meta.title, lang="vi")
        if meta.date:
            self.add(d, DCTERMS.date, _date(meta.date))
        self.add(d, PK.documentKind, meta.kind)
        self.add(d, PK.level, meta.level)
        self.add(d, PK.versionStatus, meta.version)
        self.add(d, PK.textQuality, meta.quality)
        if meta.revision_of:
            self.add(d, PROV.wasRevisionOf, iris.document(meta.revision_of))
        self.add(d, PK.metadataSource, meta.source)
        for name in sorted(meta.detected):
            self.add(d, PK.detectedField, name)
        self.add(d, PK.scope, scope)
        if meta.issuing_body:
            o = iris.org(meta.issuing_body)
            self.g.add((o, RDF.type, ORG.Organization))
            self.add(o, RDFS.label, meta.issuing_body, lang="vi")
            self.add(d, PK.issuedBy, o)
        self.plan(doc, facts, scope)
        for section in facts.sections:
            self.section(doc, section)
        return d

    def plan(self, doc: Document, facts: DocumentFacts, scope: URIRef | None) -> URIRef:
        meta = facts.meta
        p = iris.plan(doc.name)
        d = iris.document(doc.name)
        self.g.add((p, RDF.type, PK.Plan))
        self.add(p, PK.statedIn, d)
        self.add(d, PK.setsPlan, p)
        self.add(p, PK.scope, scope)
        label = meta.title or doc.name
        if meta.term_start and meta.term_end:
            label = f"{meta.unit_name or label} {meta.term_start}-{meta.term_end}"
        self.add(p, RDFS.label, label, lang="vi")
        if meta.issuing_body:
            self.add(p, PROV.wasAttributedTo, iris.org(meta.issuing_body))
        if meta.term_start or meta.term_end:
            term = URIRef(f"{p}/term")
            self.g.add((p, PK.term, term))
            self.g.add((term, RDF.type, TIME.Interval))
            ends = ((TIME.hasBeginning, meta.term_start, "begin"), (TIME.hasEnd, meta.term_end, "end"))
            for prop, year, suffix in ends:
                if year:
                    inst = URIRef(f"{term}/{suffix}")
                    self.g.add((term, prop, inst))
                    self.g.add((inst, RDF.type, TIME.Instant))
                    self.g.add((inst, TIME.inXSDgYear, _year(year)))
        return p

    def section(self, doc: Document, s: Section) -> URIRef:
        node = iris.fact(doc.name, s.key)
        self.g.add((node, RDF.type, PK.Section))
        self.add(node, PK.inDocument, iris.document(doc.name))
        self.add(node, PK.sectionKind, s.kind)
        self.add(node, PK.sectionNumber, s.number)
        self.add(node, PK.sectionLevel, s.level)
        self.add(node, RDFS.label, s.title[:300], lang="vi")
        self.add(node, PK.startOffset, s.start)
        self.add(node, PK.endOffset, s.end)
        if s.parent:
            self.add(node, DCTERMS.isPartOf, iris.fact(doc.name, s.parent))
        self.evidence(node, doc, s.title_evidence)
        return node

    # --- facts ------------------------------------------------------------------------------------

    def _figure(self, node: URIRef, doc: Document, f: Target | Result, scopes: dict[str, URIRef]) -> None:
        self.add(node, RDFS.label, f.label, lang="vi")
        self.add(node, PK.comparator, f.comparator)
        self.add(node, PK.value, f.value)
        self.add(node, PK.valueMax, f.value_max)
        self.add(node, PK.unitStated, f.unit)
        if f.unit_id:
            self.add(node, PK.unitOfMeasure, UOM[f.unit_id])
        if f.concept:
            self.add(node, PK.indicator, IND[f.concept])
        if f.year:
            self.add(node, PK.deadlineYear, _year(f.year))
        if f.period_start:
            self.add(node, PK.periodStart, _year(f.period_start))
        if f.period_end:
            self.add(node, PK.periodEnd, _year(f.period_end))
        if f.per_year:
            self.add(node, PK.perYear, True)
        self.add(node, PK.listNumber, f.list_number)
        self.add(node, PK.field, f.field)
        self.add(node, PK.inPlan, iris.plan(doc.name))
        if f.section:
            self.add(node, PK.inSection, iris.fact(doc.name, f.section))
        if f.parent:
            self.add(node, PK.componentOf, iris.fact(doc.name, f.parent))
        if f.scope and f.scope in scopes:
            self.add(node, PK.scope, scopes[f.scope])
        self.evidence(node, doc, f.evidence)

    def target(self, doc: Document, t: Target, scopes: dict[str, URIRef]) -> URIRef:
        node = iris.fact(doc.name, t.key)
        self.g.add((node, RDF.type, PK.Target))
        self._figure(node, doc, t, scopes)
        if t.goal:
            self.add(node, PK.underGoal, iris.fact(doc.name, t.goal))
        return node

    def result(self, doc: Document, r: Result, scopes: dict[str, URIRef]) -> URIRef:
        node = iris.fact(doc.name, r.key)
        self.g.add((node, RDF.type, PK.Result))
        self.g.add((node, RDF.type, QB.Observation))
        self._figure(node, doc, r, scopes)
        self.add(node, PK.status, r.status)
        if r.status:
            self.add(node, PK.statusComputed, r.status_computed)
        self.add(node, PK.targetValue, r.target_value)
        self.add(node, PK.targetValueMax, r.target_value_max)
        self.add(node, PK.targetComparator, r.target_comparator)
        if r.scope and r.scope in scopes:
            self.add(node, SDMX_DIM.refArea, scopes[r.scope])
        if r.unit_id:
            self.add(node, SDMX_ATTR.unitMeasure, UOM[r.unit_id])
        return node

    def goal(self, doc: Document, goal: Goal) -> URIRef:
        node = iris.fact(doc.name, goal.key)
        self.g.add((node, RDF.type, GOAL_CLASSES.get(goal.kind, PK.Goal)))
        if goal.kind in ("breakthrough", "task"):
            self.g.add((node, RDF.type, PK.Goal))
        self.add(node, RDFS.label, goal.label, lang="vi")
        self.add(node, PK.goalKind, goal.kind)
        self.add(node, PK.heading, goal.heading, lang="vi")
        self.add(node, PK.field, goal.field)
        self.add(node, PK.listNumber, goal.list_number)
        self.add(node, PK.inPlan, iris.plan(doc.name))
        if goal.section:
            self.add(node, PK.inSection, iris.fact(doc.name, goal.section))
        self.evidence(node, doc, goal.evidence)
        return node

    def project(self, doc: Document, p: Project, scopes: dict[str, URIRef], scope: URIRef | None) -> URIRef:
        node = iris.fact(doc.name, p.key)
        self.g.add((node, RDF.type, PK.Project))
        self.add(node, RDFS.label, p.label, lang="vi")
        self.add(node, PK.listNumber, p.list_number)
        self.add(node, PK.sector, p.sector)
        self.add(node, PK.status, p.status)
        if p.status_year:
            self.add(node, PK.statusYear, _year(p.status_year))
        self.add(node, PK.inPlan, iris.plan(doc.name))
        self.add(node, PK.scope, scope)
        for u in p.units:
            if u in scopes:
                self.add(node, PK.mentionsUnit, scopes[u])
        if p.section:
            self.add(node, PK.inSection, iris.fact(doc.name, p.section))
        self.evidence(node, doc, p.evidence)
        return node

    # --- units ------------------------------------------------------------------------------------

    def mention(self, doc: Document, m: UnitMention) -> URIRef:
        node = iris.fact(doc.name, m.key)
        self.g.add((node, RDF.type, PK.UnitMention))
        self.add(node, RDFS.label, m.name, lang="vi")
        self.add(node, PK.mentionText, m.text)
        self.add(node, PK.inDocument, iris.document(doc.name))
        if m.unit_iri_key:
            self.add(node, PK.refersTo, iris.unit(m.unit_iri_key))
        self.add(node, PK.unlinkedReason, m.reason)
        if m.evidence.end > m.evidence.start:  # a scope taken from metadata has no place in the text
            self.evidence(node, doc, m.evidence)
        return node

    def unit(self, u: Any) -> URIRef:
        """An administrative unit from the gazetteer (``builder.gazetteer.Unit``)."""
        node = iris.unit(u.key)
        self.g.add((node, RDF.type, PK.AdministrativeUnit))
        self.g.add((node, RDF.type, GEO.Feature))
        label = u.full_name or u.name
        self.add(node, SKOS.prefLabel, label, lang="vi")
        self.add(node, RDFS.label, label, lang="vi")
        self.add(node, SKOS.hiddenLabel, fold(label))
        self.add(node, PK.unitType, u.type)
        self.add(node, PK.adminLevel, u.level)
        self.add(node, PK.officialCode, u.code)
        if u.parent_key:
            self.add(node, PK.parentUnit, iris.unit(u.parent_key))
        if u.valid_from:
            self.add(node, PK.validFrom, _date(str(u.valid_from)))
        if u.valid_to:
            self.add(node, PK.validTo, _date(str(u.valid_to)))
        if u.lat is not None and u.lon is not None:
            geom = URIRef(f"{node}/geom")
            self.add(node, GEO.hasGeometry, geom)
            self.g.add((geom, RDF.type, GEO.Geometry))
            self.g.add((geom, GEO.asWKT, Literal(f"POINT({u.lon} {u.lat})", datatype=GEO.wktLiteral)))
        for pred_key, share in u.predecessors:
            self.formation(node, iris.unit(pred_key), share, from_dataset=True)
        return node

    def formation(
        self, unit: URIRef, predecessor: URIRef, share: str, *, from_dataset: bool, key: str | None = None
    ) -> URIRef:
        local = str(predecessor).removeprefix(iris.ID).replace("/", "-")
        f = URIRef(f"{key or unit}/formed-from/{local}")
        self.g.add((unit, PK.formedFrom, f))
        self.g.add((f, RDF.type, PK.Formation))
        self.g.add((f, PK.predecessor, predecessor))
        self.add(f, PK.share, share)
        self.add(f, PK.fromDataset, from_dataset)
        return f

    def lineage(self, doc: Document, lin: Lineage, targets: dict[str, URIRef], notes: list[str] = ()) -> None:
        """A lineage statement read from the text: formations with evidence and legal basis."""
        if lin.unit not in targets:
            return
        node = iris.fact(doc.name, lin.key)
        for part in lin.parts:
            if part.mention not in targets:
                continue
            f = self.formation(targets[lin.unit], targets[part.mention], part.share, from_dataset=False, key=node)
            self.add(f, PK.legalBasis, lin.legal_basis)
            if lin.date:
                self.add(f, PK.legalBasisDate, _date(lin.date))
            if lin.effective:
                self.add(f, PK.effectiveDate, _date(lin.effective))
            for note in notes:
                self.add(f, PK.datasetDisagreement, note)
            self.evidence(f, doc, lin.evidence)

    # --- cross-document links ---------------------------------------------------------------------

    def link(self, kind: URIRef, node: URIRef, props: Iterable[tuple[URIRef, Any]]) -> URIRef:
        self.g.add((node, RDF.type, kind))
        for p, o in props:
            self.add(node, p, o)
        return node
