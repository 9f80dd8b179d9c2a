"""How long `plankg validate` takes, and what the SPARQL-based shapes cost.

    python bench/bench_validate.py [GRAPH] [--repeat N] [--synthetic FACTS]

GRAPH defaults to out/graph.ttl (written by `plankg build`); --synthetic builds a graph of FACTS targets with
evidence instead. Four runs per repeat, each with the same data:

  full         ontology/shapes.ttl as shipped (core constraints + a few SPARQL constraints whose focus is a
               document, a plan term or a class, so each query runs a handful of times)
  core-only    the same without any sh:sparql constraint
  per-node     core-only plus the offsets-vs-document and quote-length checks written the naive way: an
               sh:sparql constraint on every pk:Evidence node (what shapes.ttl avoids)
  parse        parsing the graph file (context for the figures above)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH, XSD

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from builder.validate import load_graph, shapes_graph_default, validate_graph  # noqa: E402
from builder.vocab import OA, PK, PKS, PROV  # noqa: E402

ID = Namespace("https://w3id.org/plankg/id/")

PER_NODE_SPARQL = """
@prefix pks: <https://w3id.org/plankg/shapes#> .
@prefix pk:  <https://w3id.org/plankg/ontology#> .
@prefix sh:  <http://www.w3.org/ns/shacl#> .
pks:PerEvidenceShape a sh:NodeShape ;
    sh:targetClass pk:Evidence ;
    sh:sparql [
        sh:message "evidence outside its document, or quote length != end - start" ;
        sh:select \"\"\"
            PREFIX pk: <https://w3id.org/plankg/ontology#>
            PREFIX oa: <http://www.w3.org/ns/oa#>
            SELECT $this ?value WHERE {
                $this oa:hasSource/pk:characterCount ?n ; oa:hasSelector ?p , ?q .
                ?p oa:start ?start ; oa:end ?value .
                ?q oa:exact ?exact .
                FILTER (?value > ?n || STRLEN(STR(?exact)) != ?value - ?start)
            }\"\"\" ] .
"""


def core_only(shapes: Graph) -> Graph:
    """*shapes* without sh:sparql constraints (and without the node shapes left with nothing to check)."""
    out = Graph()
    out += shapes
    for shape, constraint in list(out.subject_objects(SH.sparql)):
        out.remove((shape, SH.sparql, constraint))
        out.remove((constraint, None, None))
    for shape in list(out.subjects(RDF.type, SH.NodeShape)):
        if not any(p in (SH.property, SH["or"], SH["not"], SH.sparql) for p in out.predicates(shape)):
            out.remove((shape, None, None))
    return out


def per_node(shapes: Graph) -> Graph:
    out = core_only(shapes)
    out.remove((PKS["Document-evidenceWithin"], None, None))
    out.remove((None, SH.property, PKS["Document-evidenceWithin"]))
    out.parse(data=PER_NODE_SPARQL, format="turtle")
    return out


def synthetic_graph(facts: int, documents: int = 5, doc_chars: int = 200_000) -> Graph:
    """A conformant graph of *documents* documents with *facts* targets in all, each with its evidence."""
    g = Graph()
    per_doc = max(1, facts // documents)
    for d in range(documents):
        doc = ID[f"doc/synthetic-{d:03d}"]
        g.add((doc, RDF.type, PK.Document))
        g.add((doc, PK.fileName, Literal(f"synthetic-{d:03d}.txt")))
        g.add((doc, PK.sha256, Literal(f"{d:064x}")))
        g.add((doc, PK.characterCount, Literal(doc_chars)))
        for i in range(per_doc):
            start = (i * 37) % (doc_chars - 40)
            quote = f"chỉ tiêu {i:06d} đạt 10,5%"
            target = URIRef(f"{doc}/target-{i:06d}")
            ev = URIRef(f"{target}/ev")
            g.add((target, RDF.type, PK.Target))
            g.add((target, RDFS.label, Literal(f"chỉ tiêu {i}", lang="vi")))
            g.add((target, PK.comparator, Literal(">=")))
            g.add((target, PK.value, Literal("10.5", datatype=XSD.decimal)))
            g.add((target, PK.deadlineYear, Literal("2030", datatype=XSD.gYear)))
            g.add((target, PK.evidence, ev))
            g.add((target, PROV.wasDerivedFrom, doc))
            g.add((ev, RDF.type, PK.Evidence))
            g.add((ev, OA.hasSource, doc))
            pos, quo = URIRef(f"{ev}/pos"), URIRef(f"{ev}/quote")
            g.add((ev, OA.hasSelector, pos))
            g.add((ev, OA.hasSelector, quo))
            g.add((pos, RDF.type, OA.TextPositionSelector))
            g.add((pos, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
            g.add((pos, OA.end, Literal(start + len(quote), datatype=XSD.nonNegativeInteger)))
            g.add((quo, RDF.type, OA.TextQuoteSelector))
            g.add((quo, OA.exact, Literal(quote)))
    return g


def measure(data: Graph, repeat: int = 1) -> dict[str, tuple[float, int]]:
    """Median seconds and result count per variant."""
    shapes = shapes_graph_default()
    variants = {"full": shapes, "core-only": core_only(shapes), "per-node": per_node(shapes)}
    figures = {}
    for name, graph in variants.items():
        times, results = [], 0
        for _ in range(repeat):
            report = validate_graph(data, shapes=graph)
            times.append(report.seconds)
            results = len(report.results)
        figures[name] = (statistics.median(times), results)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph", nargs="?", default="out/graph.ttl")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--synthetic", type=int, default=0, help="build a synthetic graph of N targets")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.synthetic:
        data, source = synthetic_graph(args.synthetic), f"synthetic ({args.synthetic} targets)"
    else:
        data, source = load_graph(args.graph), args.graph
    parse = time.perf_counter() - started
    evidence = len(set(data.subjects(RDF.type, PK.Evidence)))
    print(f"graph: {source}: {len(data)} triples, {evidence} evidence nodes; load {parse:.2f} s")
    figures = measure(data, args.repeat)
    base = figures["core-only"][0] or 1e-9
    print(f"{'variant':<10} {'seconds':>8} {'x core':>7} {'results':>8}")
    for name, (seconds, results) in figures.items():
        print(f"{name:<10} {seconds:8.2f} {seconds / base:7.2f} {results:8d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
