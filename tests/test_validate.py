"""builder.validate: the report, its renderings, exit codes and bad input; and the reasoner on a sample."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from rdflib import RDF, Graph
from rdflib.namespace import SH

from builder.errors import GraphError
from builder.reason import check_consistency, sample_individuals
from builder.validate import load_graph, validate_file, validate_graph

DATA = Path(__file__).parent / "data" / "shapes"
BENCH = Path(__file__).parent.parent / "bench" / "bench_validate.py"


def _graph(*names: str) -> Graph:
    graph = Graph()
    for name in names:
        graph.parse(DATA / name, format="turtle")
    return graph


def _bench():
    spec = importlib.util.spec_from_file_location("bench_validate", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def mixed_report():
    """Violations (a figure without comparator or evidence) and a warning (a share above 100 %)."""
    return validate_graph(_graph("_base.ttl", "FigureShape-bad.ttl", "PercentShareShape-bad.ttl"))


def test_conforming_graph_exits_0() -> None:
    report = validate_graph(_graph("_base.ttl"))
    assert report.conforms and report.exit_code == 0 and report.results == []
    assert "graph conforms: 0 violation(s), 0 warning(s)" in report.render_text()


def test_warnings_fail_only_with_fail_on_warning() -> None:
    data = _graph("_base.ttl", "PercentShareShape-bad.ttl")
    lenient = validate_graph(data)
    strict = validate_graph(data, fail_on="warning")
    assert lenient.warnings and not lenient.violations
    assert lenient.conforms and lenient.exit_code == 0
    assert strict.exit_code == 1
    with pytest.raises(ValueError):
        validate_graph(data, fail_on="info")


def test_text_report_is_grouped_and_readable(mixed_report) -> None:
    text = mixed_report.render_text()
    assert mixed_report.exit_code == 1 and not mixed_report.conforms
    # grouped: violations before warnings, one header per shape with its count
    assert text.index("VIOLATION  pks:Figure-comparator") < text.index("WARNING  pks:PercentShareShape")
    assert "A target or result needs one comparator" in text
    # readable: compact IRIs, the focus node's label and its evidence quote
    assert '- id:doc/t/x/c "c"' in text
    assert "quote: «I. MỤC TIÊU»" in text
    assert "https://w3id.org/plankg/id/doc/t/x/c" not in text


def test_class_level_findings_name_the_instance() -> None:
    report = validate_graph(_graph("_base.ttl", "TargetDeadlineShape-bad.ttl"))
    [finding] = report.results
    assert finding.focus == "id:doc/t/x/t1" and finding.value is None
    assert finding.message == "The target's deadline (2020) comes before its plan's term starts (2025)."


def test_json_report(mixed_report) -> None:
    payload = json.loads(mixed_report.render_json())
    assert payload["violations"] == len(mixed_report.violations) > 0
    assert payload["warnings"] == len(mixed_report.warnings) > 0
    assert payload["exit_code"] == 1 and payload["conforms"] is False
    keys = {"severity", "shape", "focus", "label", "path", "value", "message", "quote"}
    assert keys <= set(payload["results"][0])


def test_junit_report_has_one_testcase_per_shape(mixed_report) -> None:
    suite = ET.fromstring(mixed_report.render_junit())
    cases = suite.findall("testcase")
    assert len(cases) == len(mixed_report.shapes) == int(suite.get("tests"))
    failed = {c.get("name") for c in cases if c.find("failure") is not None}
    assert failed == {f.shape for f in mixed_report.violations}
    assert int(suite.get("failures")) == len(failed)
    warned = {c.get("name") for c in cases if c.find("system-out") is not None}
    assert "pks:PercentShareShape" in warned
    by_name = {c.get("name"): c for c in cases}
    assert by_name["pks:Figure-label"].get("classname") == "pks:FigureShape"


def test_turtle_report_is_the_shacl_report_graph(mixed_report) -> None:
    graph = Graph().parse(data=mixed_report.render_turtle(), format="turtle")
    assert len(list(graph.subjects(RDF.type, SH.ValidationResult))) == len(mixed_report.results)
    assert mixed_report.render("turtle") == mixed_report.render_turtle()
    with pytest.raises(ValueError):
        mixed_report.render("html")


def test_validate_file(tmp_path: Path) -> None:
    path = tmp_path / "graph.ttl"
    _graph("_base.ttl", "FigureValueShape-bad.ttl").serialize(path, format="turtle")
    report = validate_file(path)
    assert report.exit_code == 1
    assert [f.shape for f in report.violations] == ["pks:FigureValueShape"]


@pytest.mark.parametrize(("content", "expected"), [
    ("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e ", ":3: cannot parse as turtle"),
    ("", ": the graph is empty"),
])
def test_bad_graph_files_raise_one_line_graph_errors(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GraphError) as caught:
        validate_file(path)
    message = str(caught.value)
    assert message.startswith(str(path)) and expected in message
    assert "\n" not in message


def test_missing_graph_file(tmp_path: Path) -> None:
    with pytest.raises(GraphError, match="no such graph file"):
        load_graph(tmp_path / "nope.ttl")


def test_synthetic_graph_conforms_and_bench_variants_agree() -> None:
    bench = _bench()
    data = bench.synthetic_graph(60, documents=3, doc_chars=5000)
    figures = bench.measure(data)
    assert set(figures) == {"full", "core-only", "per-node"}
    assert all(results == 0 for _, results in figures.values()), figures
    # break one evidence: every variant that checks offsets must see it
    pos = next(iter(data.subjects(RDF.type, bench.OA.TextPositionSelector)))
    data.set((pos, bench.OA.end, bench.Literal(9999, datatype=bench.XSD.nonNegativeInteger)))
    figures = bench.measure(data)
    assert figures["full"][1] >= 1 and figures["per-node"][1] >= 1


def test_core_only_variant_has_no_sparql() -> None:
    bench = _bench()
    from builder.validate import shapes_graph_default

    shapes = shapes_graph_default()
    assert list(shapes.objects(None, SH.sparql))
    assert not list(bench.core_only(shapes).objects(None, SH.sparql))


def test_reasoner_accepts_a_sample_of_a_conforming_graph() -> None:
    data = _graph("_base.ttl", "FigureShape-ok.ttl", "CascadeShape-ok.ttl")
    sample = sample_individuals(data, per_class=2)
    assert 0 < len(sample) < len(data)
    report = check_consistency(sample)
    assert report.ok, report.render_text()


def test_reasoner_samples_a_graph_file(tmp_path: Path) -> None:
    path = tmp_path / "graph.ttl"
    data = _graph("_base.ttl")
    data.add((data.value(predicate=RDF.type, object=bench_target()), RDF.type, bench_result()))
    data.serialize(path, format="turtle")
    report = check_consistency(path)
    assert not report.consistent
    assert report.culprits == ["https://w3id.org/plankg/id/doc/t/t0001"]


def bench_target():
    from builder.vocab import PK

    return PK.Target


def bench_result():
    from builder.vocab import PK

    return PK.Result


def _key(report) -> list[tuple[str, str, str, str, str]]:
    return sorted((f.severity, f.shape, f.focus, f.value or "", f.message) for f in report.results)


@pytest.mark.parametrize("bad", sorted(p.name for p in DATA.glob("*-bad.ttl")))
def test_reachable_reference_finds_what_the_whole_ontology_finds(bad: str) -> None:
    """Per-document validation mixes in only the reference triples the shapes can see; every -bad
    fixture gives the same findings as with the whole ontology mixed in, also when validated in place."""
    full = validate_graph(_graph("_base.ttl", bad), reference="full")
    assert full.results, f"{bad} triggers nothing"
    graph = _graph("_base.ttl", bad)
    before = len(graph)
    reachable = validate_graph(graph, reference="reachable", in_place=True)
    assert _key(reachable) == _key(full)
    assert reachable.triples == before < len(graph)  # in place: the reference triples were added to it


def _raw_results(data, shapes) -> list[tuple[str, ...]]:
    """pySHACL's own report as sorted (focus, source shape, value, severity, component, message) rows."""
    from pyshacl import validate as shacl_validate

    from builder.validate import ontology_graph

    working = Graph()
    working += data
    working += ontology_graph()
    _conforms, report, _text = shacl_validate(working, shacl_graph=shapes, inference="none",
                                              allow_infos=True, allow_warnings=True)
    return sorted(
        tuple(str(report.value(r, p)) for p in (SH.focusNode, SH.sourceShape, SH.value, SH.resultSeverity,
                                                SH.sourceConstraintComponent, SH.resultMessage))
        for r in report.subjects(RDF.type, SH.ValidationResult)
    )


@pytest.mark.parametrize("bad", sorted(p.name for p in DATA.glob("*-bad.ttl")))
def test_executable_shapes_report_what_the_grouped_shapes_report(bad: str) -> None:
    """Property shapes given their node shape's targets (what validate_graph runs) give pySHACL's report
    for the grouped shapes of ontology/shapes.ttl, row for row, on every -bad fixture."""
    from builder.validate import executable_shapes_default, shapes_graph_default

    grouped, runnable = shapes_graph_default(), executable_shapes_default()
    assert len(set(runnable.subject_objects(SH.property))) < len(set(grouped.subject_objects(SH.property)))
    data = _graph("_base.ttl", bad)
    rows = _raw_results(data, grouped)
    assert rows, f"{bad} triggers nothing"
    assert _raw_results(data, runnable) == rows


def test_shape_predicates_cover_paths_and_sparql_but_not_labels() -> None:
    from rdflib import RDFS, URIRef
    from rdflib.namespace import SKOS

    from builder.validate import shape_predicates, shapes_graph_default
    from builder.vocab import OA, PK

    seen = shape_predicates(shapes_graph_default())
    assert {RDF.type, RDFS.subClassOf, PK.comparator, OA.hasSource, PK.characterCount} <= seen
    assert OA.exact in seen  # only written inside the SPARQL constraint on quote lengths
    assert SKOS.altLabel not in seen and SKOS.hiddenLabel not in seen and SKOS.definition not in seen
    assert all(isinstance(p, URIRef) for p in seen)
