"""Validate a plankg graph with pySHACL against ``ontology/shapes.ttl``; render the report four ways.

pySHACL runs without inference (``inference="none"``); the ontology graph (plankg.ttl, plus indicators.ttl and
units.ttl when present) is mixed into a copy of the data, so ``sh:targetClass pk:Goal`` reaches breakthroughs
and tasks and ``sh:class pk:Indicator`` sees the indicator scheme. Warnings do not break conformance; with
``fail_on="warning"`` they fail the exit code too.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree as ET

from pyshacl import validate as shacl_validate
from rdflib import RDF, RDFS, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib import plugin as rdflib_plugin
from rdflib.namespace import SH, SKOS, NamespaceManager
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Processor as RdfQueryProcessor
from rdflib.util import guess_format

from builder.errors import GraphError, ShapeError
from builder.memory import new_graph as memory_graph
from builder.resources import ontology_path
from builder.vocab import OA, PK, PKS, PREFIXES

FAIL_ON = ("violation", "warning")
SEVERITIES = ("Violation", "Warning", "Info")
ONTOLOGY_FILES = ("plankg.ttl", "indicators.ttl", "units.ttl")
_QUOTE_WIDTH = 160
_SHACL_PARAMETERS_NOT_CONSTRAINTS = {
    SH.path, SH.message, SH.severity, SH.name, SH.description, SH.order, SH.group, SH.deactivated,
    SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target, SH.flags,
    SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint, RDF.type, RDFS.label,
    RDFS.comment,
}


@dataclass(frozen=True)
class Finding:
    """One SHACL result, made readable: the focus node's label and evidence quote, not only IRIs."""

    severity: str  # Violation | Warning | Info
    shape: str  # the shape that produced it, compact (pks:Figure-label)
    node_shape: str  # the node shape it belongs to (pks:FigureShape), for grouping
    component: str  # constraint component without namespace (MinCountConstraintComponent)
    focus: str  # IRI (compact when a prefix fits)
    label: str | None  # rdfs:label / skos:prefLabel of the focus node
    path: str | None
    value: str | None
    message: str
    quote: str | None  # the evidence quote of the focus node (or of the value, when it is evidence)


@dataclass
class Report:
    """The outcome of a validation run."""

    results: list[Finding]
    report_graph: Graph
    fail_on: str = "violation"
    shapes: dict[str, str] = field(default_factory=dict)  # every named shape → its node shape, compact
    triples: int = 0
    seconds: float = 0.0

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.results if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.results if f.severity == "Warning"]

    @property
    def conforms(self) -> bool:
        """True when no result has severity Violation (warnings do not break conformance)."""
        return not self.violations

    @property
    def exit_code(self) -> int:
        """0 when the graph passes, 1 on violations (or on warnings too with ``fail_on="warning"``)."""
        failing = self.results if self.fail_on == "warning" else self.violations
        return 1 if [f for f in failing if f.severity != "Info"] else 0

    def render(self, fmt: str = "text") -> str:
        """Render as ``text``, ``turtle``, ``json`` or ``junit``."""
        renderers = {"text": self.render_text, "turtle": self.render_turtle, "json": self.render_json,
                     "junit": self.render_junit}
        if fmt not in renderers:
            raise ValueError(f"format must be one of {sorted(renderers)}, not {fmt!r}")
        return renderers[fmt]()

    def summary_line(self) -> str:
        return self.summary()

    def summary(self) -> str:
        verdict = "conforms" if self.conforms else "does not conform"
        return (f"graph {verdict}: {len(self.violations)} violation(s), {len(self.warnings)} warning(s) "
                f"({self.triples} triples, {len(self.shapes)} shapes, {self.seconds:.2f} s)")

    def render_text(self, limit: int | None = 20) -> str:
        """Grouped by severity and shape; each focus with its label and quote. *limit* caps each group."""
        lines = [self.summary()]
        for (severity, shape), findings in _groups(self.results):
            lines += ["", f"{severity.upper()}  {shape}  ({len(findings)})", f"  {findings[0].message}"]
            shown = findings if limit is None else findings[:limit]
            for f in shown:
                label = f' "{f.label}"' if f.label else ""
                extra = "".join(
                    f"  {k}={v}" for k, v in (("path", f.path), ("value", f.value)) if v is not None
                )
                lines.append(f"  - {f.focus}{label}{extra}")
                if f.message != findings[0].message:
                    lines.append(f"      {f.message}")
                if f.quote:
                    lines.append(f"      quote: «{_clip(f.quote)}»")
            if len(shown) < len(findings):
                lines.append(f"  ... and {len(findings) - len(shown)} more")
        return "\n".join(lines) + "\n"

    def render_turtle(self) -> str:
        """The SHACL validation report graph (sh:ValidationReport), as Turtle."""
        return self.report_graph.serialize(format="turtle")

    def render_json(self) -> str:
        payload = {
            "conforms": self.conforms,
            "exit_code": self.exit_code,
            "violations": len(self.violations),
            "warnings": len(self.warnings),
            "triples": self.triples,
            "results": [asdict(f) for f in self.results],
        }
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"

    def render_junit(self) -> str:
        """JUnit XML: one testcase per shape; a shape fails when it has results that fail the run."""
        by_shape: dict[str, list[Finding]] = {}
        for f in self.results:
            by_shape.setdefault(f.shape, []).append(f)
        names = sorted(set(self.shapes) | set(by_shape))
        failing = {"Violation", "Warning"} if self.fail_on == "warning" else {"Violation"}
        suite = ET.Element(
            "testsuite", name="plankg.shapes", tests=str(len(names)), time=f"{self.seconds:.3f}"
        )
        failures = 0
        for name in names:
            findings = by_shape.get(name, [])
            owner = self.shapes.get(name) or (findings[0].node_shape if findings else name)
            case = ET.SubElement(suite, "testcase", classname=owner, name=name, time="0")
            bad = [f for f in findings if f.severity in failing]
            if bad:
                failures += 1
                failure = ET.SubElement(case, "failure", type=bad[0].severity, message=bad[0].message)
                failure.text = "\n".join(_one_line(f) for f in bad)
            rest = [f for f in findings if f.severity not in failing]
            if rest:
                ET.SubElement(case, "system-out").text = "\n".join(_one_line(f) for f in rest)
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        ET.indent(suite)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"


class PreparedQueryProcessor(SPARQLProcessor):
    """rdflib's SPARQL processor, keeping each query string's parsed and translated form.

    pySHACL hands rdflib the text of every ``sh:sparql`` constraint on each validation, and rdflib parses
    it every time (about 20 ms a query with pyparsing): a quarter of a document's validation time. A
    translated query is what ``rdflib.plugins.sparql.prepareQuery`` returns for reuse, and evaluation does
    not change it, so the cache gives the same results. Registered as rdflib's ``sparql`` processor by
    :func:`validate_graph`.
    """

    _cache: dict[tuple[object, ...], Query] = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # type: ignore[no-untyped-def] # noqa: N803, ANN001, ANN201
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
            prepared = self._cache.get(key)
            if prepared is None:
                prepared = translateQuery(parseQuery(strOrQuery), base, initNs or {})
                if len(self._cache) < 4096:
                    self._cache[key] = prepared
            strOrQuery = prepared
        return super().query(strOrQuery, initBindings, initNs, base, DEBUG)


@lru_cache(maxsize=1)
def _register_processor() -> None:
    rdflib_plugin.register("sparql", RdfQueryProcessor, "builder.validate", "PreparedQueryProcessor")


@lru_cache(maxsize=1)
def _ontology_index() -> tuple[dict[object, tuple[tuple[object, object, object], ...]], tuple[object, ...]]:
    """The ontology's triples by subject, and its class hierarchy (``rdfs:subClassOf`` triples). Only
    triples whose predicate the default shapes can look at are kept (see :func:`shape_predicates`)."""
    by_subject: dict[object, list[tuple[object, object, object]]] = {}
    onto = ontology_graph()
    seen = shape_predicates(shapes_graph_default())
    for t in onto:
        if t[1] in seen:
            by_subject.setdefault(t[0], []).append(t)
    hierarchy = tuple(onto.triples((None, RDFS.subClassOf, None)))
    return {k: tuple(v) for k, v in by_subject.items()}, hierarchy


_PREFIXED_NAME = re.compile(r"(?<![\w<])([A-Za-z][\w-]*):([A-Za-z_][\w-]*)")


def shape_predicates(shapes: Graph) -> frozenset[URIRef]:
    """Every IRI a shape can follow or compare: the IRIs of the shapes graph itself (paths, sh:class,
    sh:equals, ...) and the prefixed and full IRIs written in its SPARQL constraints and targets, plus
    ``rdf:type`` and ``rdfs:subClassOf`` (which ``sh:class`` follows). A reference triple with any other
    predicate (labels, definitions, alternative wordings, ...) cannot change a validation result."""
    found: set[URIRef] = {RDF.type, RDFS.subClassOf}
    namespaces = dict(shapes.namespace_manager.namespaces())
    for triple in shapes:
        for term in triple:
            if isinstance(term, URIRef):
                found.add(term)
            elif isinstance(term, Literal) and ("SELECT" in term or "ASK" in term):
                for prefix, local in _PREFIXED_NAME.findall(str(term)):
                    if prefix in namespaces:
                        found.add(URIRef(str(namespaces[prefix]) + local))
                found.update(URIRef(iri) for iri in re.findall(r"<([^<>\s]+)>", str(term)))
    return frozenset(found)


def reachable_reference(data: Graph) -> list[tuple[object, object, object]]:
    """The ontology triples a validation of *data* can reach: the class hierarchy (for ``sh:class``) and
    the description of every ontology node *data* points at (indicator concepts, units of measure, …),
    followed from there, restricted to the predicates the shapes use. Everything else in the ontology is
    the same for every document, or invisible to the shapes."""
    by_subject, hierarchy = _ontology_index()
    out = list(hierarchy)
    todo = [o for o in set(data.objects()) if o in by_subject]
    seen = set(todo)
    while todo:
        node = todo.pop()
        for t in by_subject[node]:
            out.append(t)
            if t[2] in by_subject and t[2] not in seen:
                seen.add(t[2])
                todo.append(t[2])
    return out


def validate_graph(
    data: Graph,
    *,
    fail_on: str = "violation",
    shapes: Graph | None = None,
    reference: str = "full",
    in_place: bool = False,
) -> Report:
    """Validate *data* against ontology/shapes.ttl (or *shapes*), with the ontology mixed in, no inference.

    ``reference="reachable"`` mixes in only :func:`reachable_reference` instead of the whole ontology: the
    same findings for a document's graph, in a third of the time (used for per-document validation).
    ``in_place=True`` adds the reference triples to *data* itself instead of to a copy (for a graph the
    caller throws away afterwards)."""
    if fail_on not in FAIL_ON:
        raise ValueError(f"fail_on must be one of {FAIL_ON}, not {fail_on!r}")
    shapes_graph = shapes if shapes is not None else shapes_graph_default()
    runnable = executable_shapes_default() if shapes is None else executable_shapes(shapes_graph)
    _register_processor()
    started = time.perf_counter()
    triples = len(data)
    # pySHACL's ont_graph only inoculates the T-box; the indicator and unit concepts are individuals, so the
    # ontology files are merged into a working copy instead (the caller's graph is left untouched).
    if in_place:
        working = data
    else:
        working = memory_graph()
        working += data
    if reference == "reachable":
        working.addN((*t, working) for t in reachable_reference(working))
    else:
        working += ontology_graph()
    try:
        _conforms, report_graph, _text = shacl_validate(
            working,
            shacl_graph=runnable,
            inference="none",
            advanced=False,
            allow_infos=True,
            allow_warnings=True,
        )
    except Exception as exc:  # pySHACL raises ReportableRuntimeError and others on broken shapes
        raise ShapeError(f"pySHACL could not run the shapes: {exc}".splitlines()[0]) from exc
    seconds = time.perf_counter() - started
    namespaces = _namespaces()
    for prefix, ns in namespaces.namespaces():
        report_graph.bind(prefix, ns, override=True)
    results = _findings(report_graph, data, shapes_graph, namespaces)
    return Report(
        results=results,
        report_graph=report_graph,
        fail_on=fail_on,
        shapes=dict(_named_shapes_cached(shapes_graph)) if shapes is None else named_shapes(shapes_graph, namespaces),
        triples=triples,
        seconds=seconds,
    )


def validate_file(path: str | Path, *, fail_on: str = "violation") -> Report:
    """Parse *path* (Turtle, N-Triples, JSON-LD, RDF/XML by extension) and validate it.

    Raises :class:`GraphError` with one line (``file:line: reason``) when it cannot be read or parsed.
    """
    return validate_graph(load_graph(path), fail_on=fail_on, in_place=True)


def load_graph(path: str | Path) -> Graph:
    """Parse a graph file into one rdflib graph. N-Quads and TriG (``plankg build --stream``) are merged:
    the union of the document graphs and the default graph. A store folder written by ``--stream`` stands
    for the file it was loaded from."""
    path = Path(path)
    if path.is_dir():
        from .store import MARKER

        marker = path / MARKER
        try:
            path = Path(json.loads(marker.read_text(encoding="utf-8"))["path"])
        except (OSError, ValueError, KeyError):
            raise GraphError("folder is not a plankg store (made by `plankg build --stream`)", str(path)) from None
    if not path.is_file():
        raise GraphError("no such graph file (run `plankg build` first)", where=str(path))
    fmt = guess_format(str(path)) or "turtle"
    graph = memory_graph()
    try:
        if fmt in ("nquads", "trig"):
            ds = Dataset()
            ds.parse(path, format=fmt)
            for ctx in ds.graphs():
                graph += ctx
        else:
            graph.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises BadSyntax, SAXParseException, JSONDecodeError, ...
        text = " ".join(str(exc).split())
        line = re.search(r"line (\d+)", text)
        where = f"{path}:{line.group(1)}" if line else str(path)
        raise GraphError(f"cannot parse as {fmt}: {_clip(text, 200)}", where=where) from exc
    if len(graph) == 0:
        raise GraphError("the graph is empty", where=str(path))
    return graph


@lru_cache(maxsize=1)
def shapes_graph_default() -> Graph:
    return _parse_ontology_file("shapes.ttl")


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


def executable_shapes(shapes: Graph) -> Graph:
    """The same shapes, with each node shape's own property shapes given the node shape's targets.

    ``pks:X a sh:NodeShape ; sh:targetClass C ; sh:property P`` and ``P sh:targetClass C`` mean the same in
    SHACL (section 2.1.3: property shapes may have targets; a result's sh:sourceShape is P either way). pySHACL
    runs a property shape reached through ``sh:property`` once per focus node, setting up its constraints each
    time; a targeted property shape runs once over all its focus nodes: the same report in less than half the
    time on the seed graph (bench/RESULTS.md). Only property shapes that no other shape refers to are moved,
    and deactivated node shapes keep theirs. ``ontology/shapes.ttl`` keeps the grouped form for readers;
    :func:`named_shapes` reads the groups from it."""
    out = Graph()
    out += shapes
    for node in sorted(set(shapes.subjects(RDF.type, SH.NodeShape))):
        if shapes.value(node, SH.deactivated) == Literal(True):
            continue
        targets = [(p, o) for p in _TARGETS for o in shapes.objects(node, p)]
        if not targets:
            continue
        for prop in sorted(shapes.objects(node, SH.property)):
            if not isinstance(prop, URIRef) or set(shapes.subjects(None, prop)) != {node}:
                continue
            out.remove((node, SH.property, prop))
            out.addN((prop, p, o, out) for p, o in targets)
    return out


@lru_cache(maxsize=1)
def executable_shapes_default() -> Graph:
    return executable_shapes(shapes_graph_default())


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """plankg.ttl plus indicators.ttl and units.ttl when present."""
    graph = Graph()
    for name in ONTOLOGY_FILES:
        if ontology_path(name).exists() or name == "plankg.ttl":
            graph += _parse_ontology_file(name)
    return graph


@lru_cache(maxsize=1)
def _named_shapes_cached(shapes: Graph) -> dict[str, str]:
    return named_shapes(shapes)


def named_shapes(shapes: Graph, namespaces: NamespaceManager | None = None) -> dict[str, str]:
    """Every IRI-named node or property shape → the node shape it belongs to (itself for node shapes)."""
    namespaces = namespaces or _namespaces()
    owner = {p: s for s, p in shapes.subject_objects(SH.property)}
    found = {s for kind in (SH.NodeShape, SH.PropertyShape) for s in shapes.subjects(RDF.type, kind)}
    return {
        _compact(s, namespaces): _compact(owner.get(s, s), namespaces)
        for s in sorted(found) if isinstance(s, URIRef)
    }


def constraint_components(shapes: Graph, shape: URIRef) -> set[URIRef]:
    """Constraint components a shape's own parameters activate (sh:minCount → MinCountConstraintComponent).

    Used by the tests to check that each shape's -bad fixture triggers all of them."""
    out: set[URIRef] = set()
    for p in set(shapes.predicates(shape)) - _SHACL_PARAMETERS_NOT_CONSTRAINTS - {SH.property}:
        local = str(p)[len(str(SH)):]
        if p == SH.qualifiedValueShape:
            for q in ("qualifiedMinCount", "qualifiedMaxCount"):
                if shapes.value(shape, SH[q]) is not None:
                    out.add(SH[q[0].upper() + q[1:] + "ConstraintComponent"])
        elif p == SH.sparql:
            out.add(SH.SPARQLConstraintComponent)
        elif str(p).startswith(str(SH)):
            out.add(SH[local[0].upper() + local[1:] + "ConstraintComponent"])
    return out


def _parse_ontology_file(name: str) -> Graph:
    path = ontology_path(name)
    try:
        return Graph().parse(path, format="turtle")
    except Exception as exc:
        raise ShapeError(f"cannot parse {name}: {' '.join(str(exc).split())[:200]}", where=str(path)) from exc


def _namespaces() -> NamespaceManager:
    manager = NamespaceManager(Graph(), bind_namespaces="core")
    for prefix, ns in PREFIXES.items():
        manager.bind(prefix, Namespace(str(ns)), override=True)
    manager.bind("pks", PKS, override=True)
    manager.bind("sh", SH, override=True)
    return manager


def _compact(node, namespaces: NamespaceManager) -> str:
    """prefix:rest with the longest matching namespace, for display (``id:doc/003_fa57…/t0012``)."""
    if isinstance(node, URIRef):
        text = str(node)
        best = max(((p, str(ns)) for p, ns in namespaces.namespaces() if text.startswith(str(ns))),
                   key=lambda pair: len(pair[1]), default=None)
        return f"{best[0]}:{text[len(best[1]):]}" if best and len(text) > len(best[1]) else text
    if isinstance(node, BNode):
        return "[]"
    return str(node)


def _findings(report: Graph, data: Graph, shapes: Graph, ns: NamespaceManager) -> list[Finding]:
    owner = {p: s for s, p in shapes.subject_objects(SH.property) if isinstance(p, URIRef)}
    class_level = set(shapes.objects(None, SH.targetNode))  # focus = a class, ?value = the offending instance
    found = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(r, SH.focusNode)
        shape = report.value(r, SH.sourceShape)
        value = report.value(r, SH.value)
        if focus in class_level and isinstance(value, URIRef):
            focus, value = value, None
        if value == focus:  # node-level constraints (sh:or, sh:not) repeat the focus as the value
            value = None
        path = report.value(r, SH.resultPath)
        severity = report.value(r, SH.resultSeverity)
        component = report.value(r, SH.sourceConstraintComponent)
        messages = sorted(str(m) for m in report.objects(r, SH.resultMessage))
        found.append(Finding(
            severity=str(severity)[len(str(SH)):] if severity else "Violation",
            shape=_compact(shape, ns),
            node_shape=_compact(owner.get(shape, shape), ns),
            component=str(component)[len(str(SH)):] if component else "",
            focus=_compact(focus, ns),
            label=_label(data, focus),
            path=_path_text(report, path, ns) if path is not None else None,
            value=_compact(value, ns) if value is not None else None,
            message=messages[0] if messages else "",
            quote=_quote(data, focus) or (_quote(data, value) if isinstance(value, URIRef) else None),
        ))
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(found, key=lambda f: (order.get(f.severity, 9), f.shape, f.focus, f.value or "", f.message))


def _path_text(graph: Graph, path, ns: NamespaceManager) -> str:
    if isinstance(path, URIRef):
        return _compact(path, ns)
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path_text(graph, inverse, ns)
    if graph.value(path, RDF.first) is not None:
        items = []
        while path is not None and path != RDF.nil:
            items.append(_path_text(graph, graph.value(path, RDF.first), ns))
            path = graph.value(path, RDF.rest)
        return "/".join(items)
    return "[]"


def _label(data: Graph, node) -> str | None:
    if node is None or isinstance(node, Literal):
        return None
    for p in (RDFS.label, SKOS.prefLabel):
        labels = sorted(data.objects(node, p), key=lambda o: (getattr(o, "language", None) != "vi", str(o)))
        if labels:
            return str(labels[0])
    return None


def _quote(data: Graph, node) -> str | None:
    """The exact quote behind *node*: its pk:evidence, itself as evidence, or the evidence of a selector."""
    if node is None or isinstance(node, Literal):
        return None
    candidates = list(data.objects(node, PK.evidence)) + [node] + list(data.subjects(OA.hasSelector, node))
    for evidence in candidates:
        for selector in data.objects(evidence, OA.hasSelector):
            exact = data.value(selector, OA.exact)
            if exact is not None:
                return str(exact)
    exact = data.value(node, OA.exact)
    return str(exact) if exact is not None else None


def _groups(results: list[Finding]) -> list[tuple[tuple[str, str], list[Finding]]]:
    groups: dict[tuple[str, str], list[Finding]] = {}
    for f in results:
        groups.setdefault((f.severity, f.shape), []).append(f)
    return list(groups.items())


def _clip(text: str, width: int = _QUOTE_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _one_line(f: Finding) -> str:
    label = f' "{f.label}"' if f.label else ""
    quote = f" «{_clip(f.quote, 80)}»" if f.quote else ""
    value = f" value={f.value}" if f.value is not None else ""
    return f"{f.severity}: {f.focus}{label}{value}: {f.message}{quote}"
