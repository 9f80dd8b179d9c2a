"""The single-graph store (builder.memory.GraphMemory): what rdflib and pySHACL need from it behaves like rdflib's
default store, on real graphs."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from builder.memory import GraphMemory, new_graph
from builder.validate import validate_graph

SHAPES_DATA = Path(__file__).resolve().parent / "data" / "shapes"
EX = "https://example.org/"


def test_length_follows_adds_and_removes() -> None:
    g = new_graph()
    a, b = URIRef(EX + "a"), URIRef(EX + "b")
    assert len(g) == 0
    g.add((a, RDF.type, b))
    g.add((a, RDF.type, b))  # the same triple twice is one triple
    g.add((a, RDFS.label, Literal("a")))
    assert len(g) == 2
    g.remove((a, RDFS.label, None))
    assert len(g) == 1 and (a, RDF.type, b) in g and (a, RDFS.label, Literal("a")) not in g
    g.remove((None, None, None))
    assert len(g) == 0 and list(g) == []


def test_same_triples_and_serialisation_as_the_default_store() -> None:
    source = next(SHAPES_DATA.glob("*-ok.ttl"))
    fast, default = new_graph().parse(source), Graph().parse(source)
    assert isinstance(fast.store, GraphMemory)
    assert set(fast) == set(default) and len(fast) == len(default)
    subject = next(iter(default.subjects()))
    assert sorted(fast.predicate_objects(subject)) == sorted(default.predicate_objects(subject))
    assert fast.serialize(format="nt") and sorted(fast.serialize(format="nt").splitlines()) == sorted(
        default.serialize(format="nt").splitlines())


def test_pyshacl_reports_the_same_on_both_stores() -> None:
    for fixture in sorted(SHAPES_DATA.glob("*-bad.ttl"))[:6]:
        fast = validate_graph(new_graph().parse(fixture), in_place=True)
        default = validate_graph(Graph().parse(fixture), in_place=True)
        assert sorted(map(str, fast.results)) == sorted(map(str, default.results)), fixture.name
        assert not fast.conforms, fixture.name
