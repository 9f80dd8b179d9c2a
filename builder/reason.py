"""OWL consistency check: the ontology (and a sample of the data) through owlready2 and HermiT.

HermiT runs in Java. pySHACL checks the data's shape; this checks the ontology's logic: that no class is
unsatisfiable and that the individuals given respect the disjointness, domain and range axioms.
"""

from __future__ import annotations

import io
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import owlready2
from rdflib import RDF, BNode, Graph, Literal, URIRef

from builder.errors import EnvironmentProblem, ShapeError
from builder.resources import ontology_path

ONTOLOGY_FILES = ("plankg.ttl", "indicators.ttl", "units.ttl")
_ONTOLOGY_IRI = "https://w3id.org/plankg/ontology"
_MAX_BISECT_RUNS = 10
JAVA_MISSING = "Java not found: install a JRE (apt-get install default-jre-headless) to run HermiT"


@dataclass
class ReasonReport:
    """What HermiT said about the ontology (plus the individuals given)."""

    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)  # class IRIs equivalent to owl:Nothing
    culprits: list[str] = field(default_factory=list)  # individuals that alone make the graph inconsistent
    axioms: int = 0  # triples handed to the reasoner
    seconds: float = 0.0
    runs: int = 0  # reasoner runs (more than one when narrowing down an inconsistency)

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def render_text(self) -> str:
        head = f"HermiT: {self.axioms} triples, {self.runs} run(s), {self.seconds:.1f} s"
        if self.ok:
            return f"{head}\nconsistent; no unsatisfiable class"
        lines = [head]
        if not self.consistent:
            lines.append("INCONSISTENT: no model satisfies the ontology and the sample together")
            lines += [f"  individual {iri} contradicts the ontology" for iri in self.culprits]
        lines += [f"  unsatisfiable class {iri}" for iri in self.unsatisfiable]
        return "\n".join(lines)


    def add_to(self, report: str, fmt: str) -> str:
        """The SHACL report *report* (in *fmt*) with this consistency check added: text lines, a JSON
        ``owl_consistency`` member, a JUnit testcase, or a Turtle comment."""
        if fmt == "text":
            return report.rstrip("\n") + "\n\n" + self.render_text() + "\n"
        if fmt == "json":
            import json

            data = json.loads(report)
            data["owl_consistency"] = {"consistent": self.consistent, "unsatisfiable": self.unsatisfiable,
                                       "culprits": self.culprits, "triples": self.axioms,
                                       "seconds": round(self.seconds, 3)}
            return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
        if fmt == "junit":
            from xml.etree import ElementTree as ET

            suite = ET.fromstring(report.split("?>", 1)[1] if report.startswith("<?xml") else report)
            case = ET.SubElement(suite, "testcase", classname="plankg.owl", name="HermiT consistency",
                                 time=f"{self.seconds:.3f}")
            if not self.ok:
                ET.SubElement(case, "failure", type="Inconsistent", message="OWL inconsistency").text = \
                    self.render_text()
                suite.set("failures", str(int(suite.get("failures", "0")) + 1))
            suite.set("tests", str(int(suite.get("tests", "0")) + 1))
            ET.indent(suite)
            return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"
        return report.rstrip("\n") + "\n" + "".join(f"# {ln}\n" for ln in self.render_text().splitlines())


def java_available() -> bool:
    return shutil.which(owlready2.JAVA_EXE) is not None


def tbox() -> Graph:
    """plankg.ttl plus indicators.ttl and units.ttl when present."""
    graph = Graph()
    for name in ONTOLOGY_FILES:
        path = ontology_path(name)
        if path.exists():
            graph.parse(path, format="turtle")
    return graph


def sample_individuals(data: Graph, per_class: int = 3) -> Graph:
    """A few individuals of every class the data uses: their outgoing triples and the types of what they
    point to, so that HermiT sees the data's use of the T-box without the whole graph."""
    sample = Graph()
    by_class: dict[URIRef, list] = {}
    for subject, cls in data.subject_objects(RDF.type):
        if isinstance(cls, URIRef) and not isinstance(subject, BNode):
            by_class.setdefault(cls, []).append(subject)
    for cls in sorted(by_class):
        for subject in sorted(set(by_class[cls]))[:per_class]:
            for p, o in data.predicate_objects(subject):
                if isinstance(o, BNode):
                    continue
                sample.add((subject, p, o))
                if not isinstance(o, Literal):
                    for t in data.objects(o, RDF.type):
                        sample.add((o, RDF.type, t))
    return sample


def check_consistency(extra: Graph | str | Path | None = None, *, per_class: int = 3) -> ReasonReport:
    """Run HermiT on the ontology files plus *extra*.

    *extra* is a graph of individuals to check as given, or a graph file, of which a sample is checked:
    *per_class* individuals of every class it uses (:func:`sample_individuals`). Raises
    :class:`EnvironmentProblem` when Java is missing, :class:`GraphError` on an unreadable graph file and
    :class:`ShapeError` when HermiT cannot read the ontology (a bug in plankg's files).
    """
    if not java_available():
        raise EnvironmentProblem(JAVA_MISSING)
    if isinstance(extra, str | Path):
        from builder.validate import load_graph

        extra = sample_individuals(load_graph(extra), per_class=per_class)
    base = tbox()
    started = time.perf_counter()
    whole = base + extra if extra is not None else base
    consistent, unsatisfiable = _run(whole)
    report = ReasonReport(consistent, unsatisfiable, axioms=len(whole), runs=1)
    if not consistent and extra is not None:
        if _run(base)[0]:
            report.culprits, runs = _narrow(base, extra)
            report.runs += 1 + runs
        else:
            report.runs += 1
    report.seconds = time.perf_counter() - started
    return report


def _run(graph: Graph) -> tuple[bool, list[str]]:
    """One HermiT run in a fresh owlready2 world: (consistent, unsatisfiable class IRIs)."""
    world = owlready2.World()
    data = io.BytesIO(graph.serialize(format="nt", encoding="utf-8"))
    try:
        onto = world.get_ontology(_ONTOLOGY_IRI).load(fileobj=data, format="ntriples")
    except Exception as exc:  # owlready2 raises bare exceptions on malformed OWL
        raise ShapeError(f"owlready2 cannot load the ontology: {exc}") from exc
    try:
        with onto:
            owlready2.sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=True)
    except owlready2.OwlReadyInconsistentOntologyError:
        return False, []
    except FileNotFoundError as exc:
        raise EnvironmentProblem(JAVA_MISSING) from exc
    except owlready2.OwlReadyJavaError as exc:
        first = next((line for line in str(exc).splitlines()[1:] if line.strip()), str(exc))
        raise ShapeError(f"HermiT failed: {first.strip()}") from exc
    nothing = sorted(c.iri for c in world.inconsistent_classes())
    return True, nothing


def _narrow(base: Graph, extra: Graph) -> tuple[list[str], int]:
    """Bisect the individuals of *extra* to the smallest half that alone is inconsistent with *base*."""
    subjects = sorted({s for s in extra.subjects() if isinstance(s, URIRef)})
    runs = 0
    while len(subjects) > 1 and runs < _MAX_BISECT_RUNS:
        half = len(subjects) // 2
        for part in (subjects[:half], subjects[half:]):
            runs += 1
            if not _run(base + _about(extra, part))[0]:
                subjects = part
                break
        else:
            break  # the contradiction needs individuals from both halves
    return [str(s) for s in subjects], runs


def _about(graph: Graph, subjects: list[URIRef]) -> Graph:
    """The triples of *subjects* and the types of the nodes they point to."""
    part = Graph()
    for subject in subjects:
        for p, o in graph.predicate_objects(subject):
            part.add((subject, p, o))
            if not isinstance(o, Literal):
                for t in graph.objects(o, RDF.type):
                    part.add((o, RDF.type, t))
    return part
