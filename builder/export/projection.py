"""RDF graph → ``networkx.MultiDiGraph`` views for graph tools (Gephi, yEd, Cytoscape).

The projection folds what a graph tool cannot show well into attributes: selectors into their evidence node,
plan terms into their plan, geometries into their unit, and the link resources of ``ontology/TERMS.md``
(cascade, outcome, revision, discrepancy, formation) into typed, labelled edges between the things they link.

Views:

``full``      every document, plan, goal, target, result, indicator, unit, mention, project, organisation,
              section and evidence, with all their links;
``trace``     indicator concepts, targets and results, and the units they are for (with their parents),
              so that one indicator can be followed across levels; cascade and outcome links;
``units``     administrative units: the hierarchy (``part_of``) and the 2025 lineage (``formed_from``);
``projects``  projects, the plans and documents that list them, and the units they name.

Nodes are keyed by IRI and carry ``label`` (readable Vietnamese, truncated), ``type`` and typed attributes
(numbers as ``float``/``int``). Node and edge order is sorted, so the same graph gives the same output.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import networkx as nx
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, TIME
from rdflib.term import Node

from ..errors import GraphError, PlankgError
from ..iris import ID, ONTOLOGY
from ..resources import ontology_path

PK = Namespace(ONTOLOGY)
OA = Namespace("http://www.w3.org/ns/oa#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
IND_NS = ID + "indicator/"

VIEWS = ("full", "trace", "units", "projects")
LABEL_MAX = 60

# rdf:type → node type, first match wins (subclasses before their superclasses).
CLASS_TYPES: tuple[tuple[URIRef, str], ...] = (
    (PK.Document, "Document"),
    (PK.Plan, "Plan"),
    (PK.Breakthrough, "Breakthrough"),
    (PK.Task, "Task"),
    (PK.Goal, "Goal"),
    (PK.Target, "Target"),
    (PK.Result, "Result"),
    (PK.AdministrativeUnit, "AdministrativeUnit"),
    (PK.UnitMention, "UnitMention"),
    (PK.Project, "Project"),
    (PK.Section, "Section"),
    (PK.Evidence, "Evidence"),
    (ORG.Organization, "Organization"),
    (PK.Indicator, "Indicator"),
    (SKOS.Concept, "Indicator"),
)
FIGURES = frozenset({"Target", "Result"})
GOALS = frozenset({"Goal", "Breakthrough", "Task"})

# predicate → edge relation, for links that are a single triple between two nodes.
DIRECT_EDGES: dict[URIRef, str] = {
    PK.indicator: "measures",
    PK.scope: "scope",
    PK.inPlan: "in_plan",
    PK.componentOf: "component_of",
    PK.underGoal: "under_goal",
    PK.inSection: "in_section",
    PK.inDocument: "in_document",
    DCTERMS.isPartOf: "part_of",
    PK.parentUnit: "part_of",
    PK.reportsOn: "reports_on",
    PK.statedIn: "stated_in",
    PK.issuedBy: "issued_by",
    PROV.wasAttributedTo: "attributed_to",
    ORG.subOrganizationOf: "part_of",
    PROV.wasRevisionOf: "revision_of",
    PROV.wasDerivedFrom: "derived_from",
    PK.refersTo: "refers_to",
    PK.mentionsUnit: "mentions",
    SKOS.broader: "broader",
}

# literal predicate → (attribute, converter). Several predicates may feed one attribute (first wins).
_FLOAT = "float"
_INT = "int"
_YEAR = "year"
_STR = "str"
_BOOL = "bool"
LITERAL_ATTRS: tuple[tuple[URIRef, str, str], ...] = (
    (PK.comparator, "comparator", _STR),
    (PK.value, "value", _FLOAT),
    (PK.valueMax, "valueMax", _FLOAT),
    (PK.unitStated, "unit", _STR),
    (PK.deadlineYear, "year", _YEAR),
    (PK.periodStart, "periodStart", _YEAR),
    (PK.periodEnd, "periodEnd", _YEAR),
    (PK.perYear, "perYear", _BOOL),
    (PK.status, "status", _STR),
    (PK.statusComputed, "statusComputed", _BOOL),
    (PK.statusYear, "year", _YEAR),
    (PK.targetValue, "targetValue", _FLOAT),
    (PK.targetValueMax, "targetValueMax", _FLOAT),
    (PK.targetComparator, "targetComparator", _STR),
    (PK.listNumber, "listNumber", _STR),
    (PK.field, "field", _STR),
    (PK.sector, "sector", _STR),
    (PK.goalKind, "goalKind", _STR),
    (PK.adminLevel, "level", _STR),
    (PK.level, "level", _STR),
    (PK.officialCode, "code", _STR),
    (PK.unitType, "unitType", _STR),
    (PK.validFrom, "validFrom", _STR),
    (PK.validTo, "validTo", _STR),
    (PK.fileName, "fileName", _STR),
    (PK.documentKind, "documentKind", _STR),
    (PK.versionStatus, "versionStatus", _STR),
    (PK.textQuality, "textQuality", _STR),
    (PK.characterCount, "characterCount", _INT),
    (DCTERMS.date, "date", _STR),
    (PK.sectionKind, "sectionKind", _STR),
    (PK.sectionNumber, "sectionNumber", _STR),
    (PK.sectionLevel, "sectionLevel", _INT),
    (PK.startOffset, "startOffset", _INT),
    (PK.endOffset, "endOffset", _INT),
    (PK.unlinkedReason, "unlinkedReason", _STR),
)

_COMPARATOR_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "~": "≈", "=": ""}


@dataclass(frozen=True)
class ViewSpec:
    """Which node types and edge relations a view keeps."""

    types: frozenset[str]
    relations: frozenset[str] | None  # None: every relation between kept nodes
    drop_isolates: bool


_ALL_TYPES = frozenset(t for _, t in CLASS_TYPES)
VIEW_SPECS: dict[str, ViewSpec] = {
    "full": ViewSpec(_ALL_TYPES, None, False),
    "trace": ViewSpec(
        frozenset({"Indicator", "Target", "Result", "AdministrativeUnit", "UnitMention"}),
        frozenset({"measures", "scope", "cascades_to", "has_outcome", "reports_on", "component_of", "part_of",
                   "revised_as", "discrepancy"}),
        True,
    ),
    "units": ViewSpec(frozenset({"AdministrativeUnit"}), frozenset({"part_of", "formed_from"}), False),
    "projects": ViewSpec(
        frozenset({"Project", "Plan", "Document", "AdministrativeUnit", "UnitMention"}),
        frozenset({"scope", "mentions", "in_plan", "stated_in", "part_of"}),
        True,
    ),
}


def project(graph: Graph, view: str = "full") -> nx.MultiDiGraph:
    """Project *graph* onto a networkx multigraph for *view* (one of :data:`VIEWS`)."""
    if view not in VIEW_SPECS:
        raise GraphError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    spec = VIEW_SPECS[view]
    types = node_types(graph)
    keep = {node: t for node, t in types.items() if t in spec.types}
    if view == "trace":
        keep = _trace_nodes(graph, keep)
    edges = [e for e in all_edges(graph, types) if e[0] in keep and e[1] in keep]
    if spec.relations is not None:
        edges = [e for e in edges if e[2]["label"] in spec.relations]
    if spec.drop_isolates:
        linked = {e[0] for e in edges} | {e[1] for e in edges}
        keep = {n: t for n, t in keep.items() if n in linked}

    out = nx.MultiDiGraph(name=f"plankg {view} view", view=view)
    for node in sorted(keep):
        out.add_node(str(node), **node_attributes(graph, node, keep[node]))
    counts: dict[tuple[str, str, str], int] = {}
    for source, target, data in sorted(edges, key=lambda e: (str(e[0]), e[2]["label"], str(e[1]))):
        triple = (str(source), data["label"], str(target))
        n = counts[triple] = counts.get(triple, 0) + 1
        key = data["label"] if n == 1 else f"{data['label']}#{n}"
        out.add_edge(str(source), str(target), key=key, **data)
    return out


def node_types(graph: Graph) -> dict[URIRef, str]:
    """Every resource that becomes a node, with its type."""
    found: dict[URIRef, str] = {}
    for cls, name in CLASS_TYPES:
        for s in graph.subjects(RDF.type, cls):
            if isinstance(s, URIRef) and s not in found:
                if name == "Indicator" and not str(s).startswith(IND_NS):
                    continue
                found[s] = name
    # Indicator concepts may be referenced without their scheme being in the graph.
    for o in graph.objects(None, PK.indicator):
        if isinstance(o, URIRef) and o not in found:
            found[o] = "Indicator"
    return found


def all_edges(graph: Graph, types: dict[URIRef, str]) -> list[tuple[URIRef, URIRef, dict[str, object]]]:
    """Typed edges: single-triple links plus the link resources folded into edges."""
    edges: list[tuple[URIRef, URIRef, dict[str, object]]] = []
    for pred, relation in DIRECT_EDGES.items():
        for s, o in graph.subject_objects(pred):
            if s in types and o in types:
                edges.append((s, o, {"label": relation}))
    for s, o in graph.subject_objects(PK.evidence):
        if s in types and o in types:
            edges.append((o, s, {"label": "evidence_of"}))
    edges += _link_edges(graph, PK.Cascade, PK["upper"], PK["lower"], "cascades_to",
                         {PK.agreement: "agreement", PK.agreementReason: "reason"})
    edges += _link_edges(graph, PK.Outcome, PK.target, PK.result, "has_outcome", {PK.status: "status"})
    edges += _link_edges(graph, PK.Revision, PK.draftFigure, PK.finalFigure, "revised_as",
                         {PK.change: "change"})
    edges += _discrepancy_edges(graph)
    for unit, formation in graph.subject_objects(PK.formedFrom):
        attrs = _literal_map(graph, formation, {PK.share: "share", PK.legalBasis: "legalBasis",
                                                 PK.fromDataset: "fromDataset"})
        for old in sorted(graph.objects(formation, PK.predecessor), key=str):
            edges.append((unit, old, {"label": "formed_from", **attrs}))
    return [e for e in edges if e[0] in types and e[1] in types]


def node_attributes(graph: Graph, node: URIRef, kind: str) -> dict[str, object]:
    """The attributes of one node: label, type, iri and typed values."""
    attrs: dict[str, object] = {"type": kind, "iri": str(node)}
    for pred, name, conv in LITERAL_ATTRS:
        if name in attrs:
            continue
        value = _first_literal(graph, node, pred)
        if value is not None:
            converted = _convert(value, conv)
            if converted is not None:
                attrs[name] = converted
    if kind in FIGURES or kind == "Project" or kind in GOALS:
        _figure_context(graph, node, attrs)
    if kind == "Plan":
        _plan_term(graph, node, attrs)
    if kind == "Evidence":
        _evidence_selectors(graph, node, attrs)
    if kind == "AdministrativeUnit":
        _unit_point(graph, node, attrs)
    if kind == "Indicator" and not any(graph.objects(node, SKOS.prefLabel)):
        graph = _scheme_labels(node) or graph  # the graph may name a concept without its scheme's labels
    if kind == "Indicator":
        english = _pick_label(graph, node, (SKOS.prefLabel,), "en")
        if english:
            attrs["labelEn"] = english
    base = _label(graph, node, kind, attrs)
    summary = figure_summary(attrs) if kind in FIGURES else ""
    if summary:
        full = f"{base}: {summary}"
        attrs["label"] = truncate(f"{truncate(base, max(LABEL_MAX - len(summary) - 2, 12))}: {summary}")
    else:
        full = base
        attrs["label"] = truncate(base)
    if attrs["label"] != full:
        attrs["fullLabel"] = full
    return dict(sorted(attrs.items()))


def truncate(text: str, limit: int = LABEL_MAX) -> str:
    """Shorten *text* at a word boundary, marking the cut with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–") + "…"


def format_number(value: float) -> str:
    """``14.0`` → ``14``, ``14.5`` → ``14.5``, ``17500.0`` → ``17500``."""
    return f"{value:.6f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def figure_summary(attrs: dict[str, object]) -> str:
    """``≥ 12 %``, ``10–11 %/năm``, ``≈ 17500 USD`` from a figure's attributes ('' when it has no value)."""
    value = attrs.get("value")
    if not isinstance(value, float):
        return ""
    comparator = str(attrs.get("comparator", "="))
    high = attrs.get("valueMax")
    if comparator == "range" and isinstance(high, float):
        number = f"{format_number(value)}–{format_number(high)}"
    else:
        sign = _COMPARATOR_SIGNS.get(comparator, "")
        number = f"{sign} {format_number(value)}".strip()
    unit = attrs.get("unit")
    return f"{number} {unit}" if unit else number


# ------------------------------------------------------------------------------------------------ helpers


def _trace_nodes(graph: Graph, keep: dict[URIRef, str]) -> dict[URIRef, str]:
    """Keep units only when a figure is for them, plus their ancestors."""
    figures = [n for n, t in keep.items() if t in FIGURES]
    wanted: set[URIRef] = set()
    frontier = [o for f in figures for o in graph.objects(f, PK.scope) if isinstance(o, URIRef)]
    while frontier:
        unit = frontier.pop()
        if unit in wanted:
            continue
        wanted.add(unit)
        frontier.extend(o for o in graph.objects(unit, PK.parentUnit) if isinstance(o, URIRef))
    return {n: t for n, t in keep.items() if t not in {"AdministrativeUnit", "UnitMention"} or n in wanted}


def _link_edges(graph: Graph, cls: URIRef, from_p: URIRef, to_p: URIRef, relation: str,
                extra: dict[URIRef, str]) -> Iterable[tuple[URIRef, URIRef, dict[str, object]]]:
    for link in sorted(graph.subjects(RDF.type, cls), key=str):
        attrs = _literal_map(graph, link, extra)
        attrs["link"] = str(link)
        for a in sorted(graph.objects(link, from_p), key=str):
            for b in sorted(graph.objects(link, to_p), key=str):
                yield (a, b, {"label": relation, **attrs})


def _discrepancy_edges(graph: Graph) -> Iterable[tuple[URIRef, URIRef, dict[str, object]]]:
    for link in sorted(graph.subjects(RDF.type, PK.Discrepancy), key=str):
        attrs = _literal_map(graph, link, {PK.reason: "reason"})
        figures = sorted(graph.objects(link, PK.figure), key=str)
        for a, b in zip(figures, figures[1:], strict=False):
            yield (a, b, {"label": "discrepancy", "link": str(link), **attrs})


def _literal_map(graph: Graph, node: Node, names: dict[URIRef, str]) -> dict[str, object]:
    out: dict[str, object] = {}
    for pred, name in names.items():
        value = _first_literal(graph, node, pred)
        if value is not None:
            out[name] = value.toPython() if isinstance(value.toPython(), bool) else str(value)
    return out


def _first_literal(graph: Graph, node: Node, pred: URIRef) -> Literal | None:
    values = sorted((o for o in graph.objects(node, pred) if isinstance(o, Literal)), key=str)
    return values[0] if values else None


def _convert(value: Literal, conv: str) -> object | None:
    text = str(value)
    try:
        if conv == _FLOAT:
            return float(Decimal(text))
        if conv == _INT:
            return int(Decimal(text))
        if conv == _YEAR:
            match = re.match(r"-?\d{4}", text)
            return int(match.group()) if match else None
        if conv == _BOOL:
            return text.strip().lower() in {"true", "1"}
    except (ArithmeticError, ValueError):
        return None
    return text


def _figure_context(graph: Graph, node: URIRef, attrs: dict[str, object]) -> None:
    for concept in sorted(graph.objects(node, PK.indicator), key=str):
        attrs["indicator"] = str(concept).removeprefix(IND_NS)
        break
    for scope in sorted(graph.objects(node, PK.scope), key=str):
        label = _pick_label(graph, scope, (RDFS.label, SKOS.prefLabel), "vi")
        if label:
            attrs["scope"] = label
        break
    for doc in sorted(graph.objects(node, PROV.wasDerivedFrom), key=str):
        name = _first_literal(graph, doc, PK.fileName)
        if name is not None:
            attrs["source"] = str(name)
        break


def _plan_term(graph: Graph, node: URIRef, attrs: dict[str, object]) -> None:
    for term in sorted(graph.objects(node, PK["term"]), key=str):
        for pred, name in ((TIME.hasBeginning, "periodStart"), (TIME.hasEnd, "periodEnd")):
            for instant in graph.objects(term, pred):
                year = _first_literal(graph, instant, TIME.inXSDgYear)
                if year is not None and name not in attrs:
                    attrs[name] = _convert(year, _YEAR)
        break
    for doc in sorted(graph.objects(node, PK.statedIn), key=str):
        name = _first_literal(graph, doc, PK.fileName)
        if name is not None:
            attrs["source"] = str(name)
        break
    for scope in sorted(graph.objects(node, PK.scope), key=str):
        label = _pick_label(graph, scope, (RDFS.label, SKOS.prefLabel), "vi")
        if label:
            attrs["scope"] = label
        break


def _evidence_selectors(graph: Graph, node: URIRef, attrs: dict[str, object]) -> None:
    for selector in sorted(graph.objects(node, OA.hasSelector), key=str):
        start = _first_literal(graph, selector, OA.start)
        end = _first_literal(graph, selector, OA.end)
        exact = _first_literal(graph, selector, OA.exact)
        if start is not None and "startOffset" not in attrs:
            attrs["startOffset"] = _convert(start, _INT)
        if end is not None and "endOffset" not in attrs:
            attrs["endOffset"] = _convert(end, _INT)
        if exact is not None and "quote" not in attrs:
            attrs["quote"] = str(exact)
    for doc in sorted(graph.objects(node, OA.hasSource), key=str):
        name = _first_literal(graph, doc, PK.fileName)
        if name is not None:
            attrs["source"] = str(name)
        break


_POINT = re.compile(r"POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)", re.IGNORECASE)


def _unit_point(graph: Graph, node: URIRef, attrs: dict[str, object]) -> None:
    for geometry in sorted(graph.objects(node, GEO.hasGeometry), key=str):
        wkt = _first_literal(graph, geometry, GEO.asWKT)
        match = _POINT.search(str(wkt)) if wkt is not None else None
        if match:
            attrs["lon"], attrs["lat"] = float(match.group(1)), float(match.group(2))
            break


def _pick_label(graph: Graph, node: Node, preds: tuple[URIRef, ...], lang: str) -> str | None:
    """The first label in *lang*, else without a language, else any, over *preds* in order."""
    for pred in preds:
        values = sorted((o for o in graph.objects(node, pred) if isinstance(o, Literal)), key=str)
        for test in (lambda v: v.language == lang, lambda v: v.language is None, lambda v: True):
            for value in values:
                if test(value):
                    return " ".join(str(value).split())
    return None


@lru_cache(maxsize=1)
def _indicator_scheme() -> Graph:
    """The SKOS indicator scheme shipped in ``ontology/indicators.ttl`` (empty when it is not there)."""
    scheme = Graph()
    try:
        path = ontology_path("indicators.ttl")
        if path.is_file():
            scheme.parse(path)
    except (PlankgError, OSError, ValueError, SyntaxError):
        return Graph()
    return scheme


def _scheme_labels(node: URIRef) -> Graph | None:
    """A small graph with the scheme's labels of concept *node*, or None when the scheme lacks it."""
    scheme = _indicator_scheme()
    labels = Graph()
    for pred in (SKOS.prefLabel, RDFS.label):
        for value in scheme.objects(node, pred):
            labels.add((node, pred, value))
    return labels if len(labels) else None


def _local_name(node: URIRef) -> str:
    return re.split(r"[/#]", str(node).rstrip("/"))[-1]


def _label(graph: Graph, node: URIRef, kind: str, attrs: dict[str, object]) -> str:
    builders: dict[str, Callable[[], str | None]] = {
        "Document": lambda: _pick_label(graph, node, (DCTERMS.title, RDFS.label), "vi")
        or str(attrs.get("fileName", "")) or None,
        "Plan": lambda: _pick_label(graph, node, (RDFS.label,), "vi") or _plan_label(attrs),
        "Evidence": lambda: str(attrs["quote"]) if "quote" in attrs else None,
        "Indicator": lambda: _pick_label(graph, node, (SKOS.prefLabel, RDFS.label), "vi"),
        "Section": lambda: " ".join(
            x for x in (str(attrs.get("sectionNumber", "")),
                        _pick_label(graph, node, (RDFS.label,), "vi") or "") if x) or None,
    }
    label = builders[kind]() if kind in builders else None
    if label is None:
        label = _pick_label(graph, node, (RDFS.label, SKOS.prefLabel), "vi")
    label = label or _local_name(node)
    if kind == "AdministrativeUnit":
        since, until = attrs.get("validFrom"), attrs.get("validTo")
        if since or until:
            label = f"{label} ({str(since)[:4] if since else ''}–{str(until)[:4] if until else ''})"
    return label


def _plan_label(attrs: dict[str, object]) -> str:
    term = f"{attrs.get('periodStart', '?')}–{attrs.get('periodEnd', '?')}"
    scope = attrs.get("scope")
    return f"Kế hoạch {term}" + (f" · {scope}" if scope else "")
