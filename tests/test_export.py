"""Exports: projections, GEXF (read back by networkx and by graphology-gexf under Node, as Gephi Lite does),
GraphML, JSON-LD (round trip), N-Triples, TriG (one graph per document) and CSV, on a small graph in the shape
of ontology/TERMS.md (tests/data/export/fixture.ttl) and on the seeds' graph."""

from __future__ import annotations

import io
import json
import random
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset, Graph, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from builder.errors import GraphError
from builder.export import export_graph, render
from builder.export.gexf import PALETTE, to_gexf
from builder.export.jsonld import build_context, load_context
from builder.export.projection import VIEWS, project
from builder.export.rdf import document_graph
from builder.query import format_result, run_query

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "data" / "export" / "fixture.ttl"
JS = Path(__file__).resolve().parent / "js"
PK = Namespace("https://w3id.org/plankg/ontology#")


@pytest.fixture(scope="module")
def fixture_graph() -> Graph:
    return Graph().parse(FIXTURE)


@pytest.fixture(scope="session")
def graphology() -> Path:
    """The Node harness with graphology-gexf installed (``npm ci`` in tests/js on first use)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node not found")
    if not (JS / "node_modules" / "graphology-gexf").is_dir():
        npm = shutil.which("npm")
        assert npm is not None, "node is installed but npm is not: cannot install graphology-gexf"
        run = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--prefix", str(JS)],
                             capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, f"npm ci in tests/js failed:\n{run.stderr[-2000:]}"
    return JS / "load_gexf.js"


def load_with_graphology(script: Path, gexf_text: str, tmp_path: Path) -> dict:
    path = tmp_path / "graph.gexf"
    path.write_text(gexf_text, encoding="utf-8")
    run = subprocess.run(["node", str(script), str(path)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def shuffled(graph: Graph, seed: int) -> Graph:
    """The same triples inserted in another order."""
    triples = list(graph)
    random.Random(seed).shuffle(triples)
    out = Graph()
    for t in triples:
        out.add(t)
    return out


def count(graph: Graph, query: str) -> int:
    return int(next(iter(graph.query(query)))[0])


# ------------------------------------------------------------------------------------------------ projection


def test_views_keep_their_node_types(fixture_graph: Graph) -> None:
    wanted = {
        "trace": {"Indicator", "Target", "Result", "AdministrativeUnit", "UnitMention"},
        "units": {"AdministrativeUnit"},
        "projects": {"Project", "Plan", "Document", "AdministrativeUnit", "UnitMention"},
    }
    for view, types in wanted.items():
        got = {d["type"] for _, d in project(fixture_graph, view).nodes(data=True)}
        assert got <= types, view
    full = project(fixture_graph, "full")
    assert {"Document", "Plan", "Goal", "Target", "Result", "Indicator", "AdministrativeUnit", "UnitMention",
            "Project", "Section", "Evidence", "Organization"} == {d["type"] for _, d in full.nodes(data=True)}


def test_full_view_has_one_node_per_typed_resource(fixture_graph: Graph) -> None:
    g = project(fixture_graph, "full")
    for cls, kind in ((PK.Target, "Target"), (PK.Result, "Result"), (PK.Evidence, "Evidence"),
                      (PK.AdministrativeUnit, "AdministrativeUnit"), (PK.Document, "Document")):
        expected = {str(s) for s in fixture_graph.subjects(RDF.type, cls)}
        assert {n for n, d in g.nodes(data=True) if d["type"] == kind} == expected


def test_figures_carry_typed_attributes(fixture_graph: Graph) -> None:
    g = project(fixture_graph, "trace")
    targets = {n: d for n, d in g.nodes(data=True) if d["type"] == "Target"}
    assert targets and all(isinstance(d["value"], float) for d in targets.values())
    ranged = [d for d in targets.values() if d["comparator"] == "range"]
    assert ranged and all(isinstance(d["valueMax"], float) and d["valueMax"] > d["value"] for d in ranged)
    assert all(isinstance(d.get("periodStart", 0), int) and isinstance(d.get("year", 0), int)
               for d in targets.values())
    results = [d for _, d in g.nodes(data=True) if d["type"] == "Result"]
    assert {d["status"] for d in results} <= {"exceeded", "met", "not_met"} and results
    units = [d for _, d in g.nodes(data=True) if d["type"] == "AdministrativeUnit"]
    assert all(d["level"] in {"province", "district", "commune"} and d["code"] for d in units)


def test_labels_are_readable_vietnamese_and_truncated(fixture_graph: Graph) -> None:
    g = project(fixture_graph, "full")
    for _, d in g.nodes(data=True):
        assert 0 < len(d["label"]) <= 60, d
        assert not d["label"].startswith("http"), d
        if "fullLabel" in d:
            assert d["label"].endswith("…") and len(d["fullLabel"]) > len(d["label"])
    ranged = next(d for _, d in g.nodes(data=True) if d.get("comparator") == "range")
    assert "–" in ranged["label"] and ranged["unit"] in ranged["label"]
    indicator = next(d for _, d in g.nodes(data=True) if d["type"] == "Indicator")
    assert indicator["label"] != indicator["iri"].rsplit("/", 1)[-1]  # the prefLabel@vi, not the IRI


def test_cascade_outcome_and_lineage_become_labelled_edges(fixture_graph: Graph) -> None:
    trace = project(fixture_graph, "trace")
    cascades = [(u, v, d) for u, v, d in trace.edges(data=True) if d["label"] == "cascades_to"]
    expected = {(str(s), str(o)) for s, o in fixture_graph.query(
        "PREFIX pk: <https://w3id.org/plankg/ontology#> "
        "SELECT ?u ?l { ?c a pk:Cascade ; pk:upper ?u ; pk:lower ?l }")}
    assert {(u, v) for u, v, _ in cascades} == expected and expected
    assert all(d["agreement"] for *_, d in cascades)
    assert any(d["label"] == "has_outcome" and d["status"] for *_, d in trace.edges(data=True))
    units = project(fixture_graph, "units")
    formed = [d for *_, d in units.edges(data=True) if d["label"] == "formed_from"]
    lineage = "PREFIX pk: <https://w3id.org/plankg/ontology#> " \
              "SELECT (COUNT(*) AS ?n) { ?u pk:formedFrom/pk:predecessor ?o }"
    assert len(formed) == count(fixture_graph, lineage)
    assert {d["share"] for d in formed} == {"whole", "part"}
    parents = [(u, v) for u, v, d in units.edges(data=True) if d["label"] == "part_of"]
    assert len(parents) == count(fixture_graph, "PREFIX pk: <https://w3id.org/plankg/ontology#> "
                                                "SELECT (COUNT(*) AS ?n) { ?u pk:parentUnit ?o }")


def test_trace_view_has_no_isolated_nodes(fixture_graph: Graph) -> None:
    g = project(fixture_graph, "trace")
    assert not list(nx.isolates(g))


def test_projection_is_deterministic(fixture_graph: Graph) -> None:
    for view in VIEWS:
        a, b = project(fixture_graph, view), project(shuffled(fixture_graph, 7), view)
        assert list(a.nodes(data=True)) == list(b.nodes(data=True))
        assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))
        assert list(a.nodes) == sorted(a.nodes)


def test_unknown_view_and_format_are_refused(fixture_graph: Graph) -> None:
    with pytest.raises(GraphError, match="unknown view"):
        project(fixture_graph, "everything")
    with pytest.raises(GraphError, match="unknown export format"):
        render(fixture_graph, "xlsx")
    with pytest.raises(GraphError, match="needs a query"):
        render(fixture_graph, "csv")


# ------------------------------------------------------------------------------------------------ GEXF


def test_gexf_reads_back_in_networkx(fixture_graph: Graph) -> None:
    for view in VIEWS:
        expected = project(fixture_graph, view)
        g = nx.read_gexf(io.BytesIO(to_gexf(fixture_graph, view).encode()), version="1.3")
        assert g.number_of_nodes() == expected.number_of_nodes()
        assert g.number_of_edges() == expected.number_of_edges()
        for node, data in g.nodes(data=True):
            assert data["type"] == expected.nodes[node]["type"]
            r, gr, b = PALETTE[data["type"]]
            colour = data["viz"]["color"]
            assert (colour["r"], colour["g"], colour["b"]) == (r, gr, b)
            assert data["viz"]["size"] >= 4
            for key in ("value", "valueMax", "lat"):
                if key in expected.nodes[node]:
                    assert data[key] == expected.nodes[node][key]


def test_gexf_declares_doubles_and_edge_kinds_and_no_date(fixture_graph: Graph) -> None:
    text = to_gexf(fixture_graph, "full")
    assert 'version="1.3"' in text and 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' in text
    assert 'type="float"' not in text and 'title="value" type="double"' in text
    assert "lastmodifieddate" not in text
    assert 'kind="cascades_to"' in text and 'kind="formed_from"' in text


def test_gexf_1_2draft_is_available(fixture_graph: Graph) -> None:
    text = to_gexf(fixture_graph, "units", version="1.2draft")
    g = nx.read_gexf(io.BytesIO(text.encode()))
    assert g.number_of_nodes() == project(fixture_graph, "units").number_of_nodes()


def test_gexf_dynamic_spells(fixture_graph: Graph) -> None:
    text = to_gexf(fixture_graph, "full", dynamic=True)
    g = nx.read_gexf(io.BytesIO(text.encode()), version="1.3")
    assert g.graph["mode"] == "dynamic" and 'timeformat="date"' in text
    new_units = [d for _, d in g.nodes(data=True) if d["type"] == "AdministrativeUnit" and "validFrom" in d]
    old_units = [d for _, d in g.nodes(data=True) if d["type"] == "AdministrativeUnit" and "validTo" in d]
    assert new_units and old_units
    assert all(d["spells"][0][0] == d["validFrom"] for d in new_units)
    assert all(d["spells"][0][1] == d["validTo"] for d in old_units)
    targets = [d for _, d in g.nodes(data=True) if d["type"] == "Target" and "periodStart" in d]
    assert targets
    assert all(d["spells"] == [(f"{d['periodStart']}-01-01", f"{d['periodEnd']}-12-31")] for d in targets)
    assert "<spells>" not in to_gexf(fixture_graph, "full")


def test_gexf_loads_in_graphology(fixture_graph: Graph, graphology: Path, tmp_path: Path) -> None:
    for view in VIEWS:
        expected = project(fixture_graph, view)
        loaded = load_with_graphology(graphology, to_gexf(fixture_graph, view, dynamic=True), tmp_path)
        assert loaded["order"] == expected.number_of_nodes(), view
        assert loaded["size"] == expected.number_of_edges(), view
        assert loaded["type"] == "directed" and loaded["multi"]
        for node, attrs in loaded["nodes"].items():
            want = expected.nodes[node]
            assert attrs["type"] == want["type"] and attrs["label"] == want["label"]
            r, gr, b = PALETTE[want["type"]]
            assert attrs["color"] == f"rgba({r},{gr},{b},1.0)"
            assert isinstance(attrs["size"], int | float) and attrs["size"] >= 4
            for key in ("value", "valueMax", "periodStart", "year", "startOffset", "endOffset"):
                if key in want:
                    assert attrs[key] == want[key] and not isinstance(attrs[key], str), (key, attrs)
        relations = {e["attributes"]["kind"] for e in loaded["edges"]}
        assert relations == {d["label"] for *_, d in expected.edges(data=True)}
        assert all(e["attributes"]["label"] == e["attributes"]["kind"] for e in loaded["edges"])


def test_gexf_is_byte_stable(fixture_graph: Graph) -> None:
    for dynamic in (False, True):
        assert to_gexf(fixture_graph, "full", dynamic) == to_gexf(shuffled(fixture_graph, 3), "full", dynamic)


# ---------------------------------------------------------------------------------------------- other formats


def test_graphml_reads_back_with_numbers(fixture_graph: Graph) -> None:
    text = render(fixture_graph, "graphml", view="trace")
    g = nx.read_graphml(io.BytesIO(text.encode()))
    expected = project(fixture_graph, "trace")
    assert g.number_of_nodes() == expected.number_of_nodes()
    assert g.number_of_edges() == expected.number_of_edges()
    values = [d["value"] for _, d in g.nodes(data=True) if "value" in d]
    assert values and all(isinstance(v, float) for v in values)
    assert all(d["color"].startswith("#") and len(d["color"]) == 7 for _, d in g.nodes(data=True))
    assert {d["relation"] for *_, d in g.edges(data=True)} >= {"measures", "scope", "cascades_to"}
    assert text == render(shuffled(fixture_graph, 5), "graphml", view="trace")


def test_jsonld_round_trips_to_the_same_triples(fixture_graph: Graph) -> None:
    text = render(fixture_graph, "jsonld")
    back = Graph().parse(data=text, format="json-ld")
    assert len(back) == len(fixture_graph)
    assert isomorphic(back, fixture_graph)
    doc = json.loads(text)
    assert doc["@context"] == load_context()["@context"]
    assert any(n.get("value") for n in doc["@graph"])  # the context's short terms are used
    assert text == render(shuffled(fixture_graph, 11), "jsonld")


def test_context_file_matches_the_ontology() -> None:
    ontology = Graph().parse(ROOT / "ontology" / "plankg.ttl")
    assert load_context() == build_context(ontology), "regenerate ontology/context.jsonld with build_context"


def test_ntriples_are_sorted_and_complete(fixture_graph: Graph) -> None:
    text = render(fixture_graph, "nt")
    lines = text.splitlines()
    assert lines == sorted(lines) and len(lines) == len(fixture_graph)
    assert isomorphic(Graph().parse(data=text, format="nt"), fixture_graph)


def test_trig_has_one_graph_per_document(fixture_graph: Graph) -> None:
    text = render(fixture_graph, "trig")
    dataset = Dataset()
    dataset.parse(data=text, format="trig")
    documents = {str(d) for d in fixture_graph.subjects(RDF.type, PK.Document)}
    named = {str(g.identifier) for g in dataset.graphs()
             if len(g) and str(g.identifier) != "urn:x-rdflib:default"}
    assert named == documents
    union = Graph()
    for g in dataset.graphs():
        for t in g:
            union.add(t)
    assert isomorphic(union, fixture_graph)
    for g in dataset.graphs():
        name = str(g.identifier)
        for s in set(g.subjects()):
            assert (str(document_graph(s)) if document_graph(s) else "urn:x-rdflib:default") == name
    shared = dataset.graph(URIRef("urn:x-rdflib:default"))
    assert any(shared.triples((None, RDF.type, PK.Cascade))) and any(shared.triples((None, RDF.type,
                                                                                      PK.AdministrativeUnit)))
    assert text == render(shuffled(fixture_graph, 13), "trig")


def test_csv_is_the_query_output(fixture_graph: Graph) -> None:
    text = render(fixture_graph, "csv", query="targets")
    assert text == format_result(run_query(fixture_graph, "targets"), "csv")
    header, *rows = text.splitlines()
    assert header.split(",")[:3] == ["source", "scope", "label"]
    assert len(rows) == len(set(fixture_graph.subjects(RDF.type, PK.Target)))


def test_export_graph_writes_a_file_or_returns_text(fixture_graph: Graph, tmp_path: Path) -> None:
    out = export_graph(fixture_graph, "gexf", tmp_path / "sub" / "trace.gexf", view="trace", dynamic=True)
    assert out == tmp_path / "sub" / "trace.gexf" and out.read_text(encoding="utf-8").startswith("<?xml")
    assert export_graph(fixture_graph, "nt", None) == render(fixture_graph, "nt")


# ------------------------------------------------------------------------------------------------ the seeds


@pytest.fixture(scope="module")
def seeds_graph(graph_file: Path) -> Graph:
    return Graph().parse(graph_file)


def test_seed_graph_exports_every_format(seeds_graph: Graph, graphology: Path, tmp_path: Path) -> None:
    documents = {str(d) for d in seeds_graph.subjects(RDF.type, PK.Document)}
    assert len(documents) == 5
    for view in VIEWS:
        expected = project(seeds_graph, view)
        assert expected.number_of_nodes() > 0, view
        gexf_text = to_gexf(seeds_graph, view, dynamic=view != "full")
        loaded = load_with_graphology(graphology, gexf_text, tmp_path)
        assert (loaded["order"], loaded["size"]) == (expected.number_of_nodes(), expected.number_of_edges())
    trace = project(seeds_graph, "trace")
    assert {d["type"] for _, d in trace.nodes(data=True)} >= {"Indicator", "Target", "AdministrativeUnit"}
    dataset = Dataset()
    dataset.parse(data=render(seeds_graph, "trig"), format="trig")
    assert {str(g.identifier) for g in dataset.graphs() if str(g.identifier) in documents} == documents
    assert isomorphic(Graph().parse(data=render(seeds_graph, "jsonld"), format="json-ld"), seeds_graph)
    assert len(render(seeds_graph, "nt").splitlines()) == len(seeds_graph)
    nx.read_graphml(io.BytesIO(render(seeds_graph, "graphml").encode()))


def test_indicator_without_labels_takes_the_scheme_label(fixture_graph: Graph) -> None:
    scheme = Graph().parse(ROOT / "ontology" / "indicators.ttl")
    concept = sorted(s for s in scheme.subjects(RDF.type, URIRef("http://www.w3.org/2004/02/skos/core#Concept"))
                     if str(s).startswith("https://w3id.org/plankg/id/indicator/"))[0]
    bare = Graph()
    for t in fixture_graph:
        if t[0] != URIRef("https://w3id.org/plankg/id/indicator/grdp_growth"):
            bare.add(t)
    target = URIRef("https://w3id.org/plankg/id/doc/901_ward/target-3000-3050")
    bare.set((target, PK.indicator, concept))
    node = project(bare, "trace").nodes[str(concept)]
    expected = {str(v) for v in scheme.objects(concept, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))
                if v.language == "vi"}
    assert node["type"] == "Indicator" and node["label"] in expected
