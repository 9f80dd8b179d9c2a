"""Every SHACL shape fires on a graph that breaks it and stays silent on one that does not.

Fixtures follow tests/data/shapes/README.md: ``<NodeShape>-ok.ttl`` and ``<NodeShape>-bad.ttl``, each loaded
on top of ``_base.ttl``. The ok graph must give no result at all; the bad graph must trigger every constraint
component of the node shape and of each of its property shapes (so a constraint added without a failing
example fails here).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH

from builder.validate import constraint_components, shapes_graph_default, validate_graph
from builder.vocab import PKS

DATA = Path(__file__).parent / "data" / "shapes"
SHAPES = shapes_graph_default()
NODE_SHAPES = sorted(str(s)[len(str(PKS)):] for s in SHAPES.subjects(RDF.type, SH.NodeShape))


def _load(*names: str) -> Graph:
    graph = Graph()
    for name in names:
        graph.parse(DATA / name, format="turtle")
    return graph


def expected_components(node_shape: URIRef) -> set[tuple[str, str]]:
    """(shape, component) pairs a -bad fixture of *node_shape* must trigger."""
    pairs = {(node_shape, c) for c in constraint_components(SHAPES, node_shape)}
    for prop in SHAPES.objects(node_shape, SH.property):
        pairs |= {(prop, c) for c in constraint_components(SHAPES, prop)}
    return {(_local(s), _local(c)) for s, c in pairs}


def _local(node) -> str:
    return str(node).rsplit("#", 1)[-1]


def test_base_conforms_without_results() -> None:
    report = validate_graph(_load("_base.ttl"))
    assert report.results == [], report.render_text()


def test_there_are_shapes_for_every_class_emit_writes() -> None:
    targets = {_local(c) for c in SHAPES.objects(None, SH.targetClass)}
    for cls in ("Document", "Section", "Evidence", "Plan", "Goal", "Target", "Result", "Project",
                "AdministrativeUnit", "UnitMention", "Formation", "Cascade", "Outcome", "Revision",
                "Discrepancy", "TextPositionSelector", "TextQuoteSelector", "Organization", "Interval",
                "Geometry"):
        assert cls in targets


def test_every_node_shape_has_both_fixtures() -> None:
    missing = [f"{name}-{kind}.ttl" for name in NODE_SHAPES for kind in ("ok", "bad")
               if not (DATA / f"{name}-{kind}.ttl").is_file()]
    assert not missing, f"shapes without fixtures: {missing}"


def test_no_orphan_fixtures() -> None:
    names = {p.name.rsplit("-", 1)[0] for p in DATA.glob("*-ok.ttl")} | {
        p.name.rsplit("-", 1)[0] for p in DATA.glob("*-bad.ttl")}
    orphans = sorted(names - set(NODE_SHAPES))
    assert not orphans, f"fixtures for shapes that do not exist: {orphans}"


def test_every_constraint_has_a_plain_words_message() -> None:
    owned = {p for p in SHAPES.objects(None, SH.property) if isinstance(p, URIRef)}
    for prop in SHAPES.subjects(RDF.type, SH.PropertyShape):
        assert prop in owned, f"{prop} belongs to no node shape"
    for shape in list(SHAPES.subjects(RDF.type, SH.NodeShape)) + list(owned):
        own = constraint_components(SHAPES, shape) - {SH.SPARQLConstraintComponent}
        if own:
            assert SHAPES.value(shape, SH.message) is not None, f"{shape} has no sh:message"
        for constraint in SHAPES.objects(shape, SH.sparql):
            assert SHAPES.value(constraint, SH.message) is not None, f"{constraint} has no sh:message"


@pytest.mark.parametrize("name", NODE_SHAPES)
def test_ok_fixture_conforms(name: str) -> None:
    report = validate_graph(_load("_base.ttl", f"{name}-ok.ttl"))
    assert report.results == [], report.render_text()
    assert report.exit_code == 0


@pytest.mark.parametrize("name", NODE_SHAPES)
def test_bad_fixture_triggers_every_constraint(name: str) -> None:
    report = validate_graph(_load("_base.ttl", f"{name}-bad.ttl"), fail_on="warning")
    fired = {(f.shape.removeprefix("pks:"), f.component) for f in report.results}
    missing = expected_components(PKS[name]) - fired
    assert not missing, f"{name}-bad.ttl does not trigger: {sorted(missing)}"
    assert report.exit_code == 1
    for f in report.results:
        shape = PKS[f.shape.removeprefix("pks:")]
        if (f.shape.removeprefix("pks:"), f.component) in expected_components(PKS[name]):
            declared = SHAPES.value(shape, SH.severity) or SH.Violation
            assert f.severity == _local(declared), f"{f.shape} reported as {f.severity}"
