"""ontology/plankg.ttl: parses, documents every term in English and Vietnamese, covers TERMS.md, stays
OWL 2 DL, and HermiT finds it consistent; builder/vocab.py matches it; an inconsistent sample is caught."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import owlready2
import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from builder import vocab
from builder.errors import EnvironmentProblem
from builder.reason import check_consistency, java_available
from builder.resources import ontology_path
from builder.vocab import PK, PK_IRI

DATA = Path(__file__).parent / "data"
ONTOLOGY = Graph().parse(ontology_path("plankg.ttl"), format="turtle")
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
PK_TERMS = sorted(
    s for s in set(ONTOLOGY.subjects()) if isinstance(s, URIRef) and str(s).startswith(PK_IRI)
)
STANDARD = {
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "time": "http://www.w3.org/2006/time#",
    "qb": "http://purl.org/linked-data/cube#",
    "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
    "oa": "http://www.w3.org/ns/oa#",
    "geo": "http://www.opengis.net/ont/geosparql#",
    "dcterms": "http://purl.org/dc/terms/",
    "eli": "http://data.europa.eu/eli/ontology#",
}


def _pk_names_in(text: str) -> set[str]:
    return set(re.findall(r"\bpk:([A-Za-z][A-Za-z0-9_]*)", text))


def test_ontology_header() -> None:
    onto = URIRef("https://w3id.org/plankg/ontology")
    assert (onto, RDF.type, OWL.Ontology) in ONTOLOGY
    for p in (OWL.versionIRI, OWL.versionInfo, URIRef("http://purl.org/dc/terms/title"),
              URIRef("http://purl.org/dc/terms/description"), URIRef("http://purl.org/dc/terms/license"),
              URIRef("http://purl.org/dc/terms/creator")):
        assert ONTOLOGY.value(onto, p) is not None, p


def test_core_classes_exist() -> None:
    for name in ("Document", "Plan", "Goal", "Breakthrough", "Task", "Indicator", "Target", "Result",
                 "Project", "AdministrativeUnit", "UnitMention", "Formation", "Evidence", "Section",
                 "Cascade", "Outcome", "Revision", "Discrepancy", "UnitOfMeasure"):
        assert (PK[name], RDF.type, OWL.Class) in ONTOLOGY, name


@pytest.mark.parametrize("term", PK_TERMS, ids=lambda t: str(t)[len(PK_IRI):])
def test_every_term_is_typed_and_documented(term: URIRef) -> None:
    kinds = [k for k in KINDS if (term, RDF.type, k) in ONTOLOGY]
    assert len(kinds) == 1, f"{term} must be exactly one kind of OWL entity"
    labels = {
        lit.language: str(lit) for lit in ONTOLOGY.objects(term, RDFS.label) if isinstance(lit, Literal)
    }
    assert labels.get("en") and labels.get("vi"), f"{term} needs rdfs:label in @en and @vi"
    definitions = list(ONTOLOGY.objects(term, SKOS.definition))
    assert len(definitions) == 1 and definitions[0].language == "en", f"{term} needs one skos:definition@en"
    assert str(definitions[0]).endswith("."), "a definition is one sentence"


def test_every_term_of_the_contract_is_declared() -> None:
    """TERMS.md (what emit writes), shapes.ttl and the shape fixtures use only declared pk: terms."""
    declared = {str(t)[len(PK_IRI):] for t in PK_TERMS}
    fixtures = sorted((DATA / "shapes").glob("*.ttl"))
    sources = [ontology_path("TERMS.md"), ontology_path("shapes.ttl"), *fixtures]
    for source in sources:
        unknown = _pk_names_in(source.read_text(encoding="utf-8")) - declared
        assert not unknown, f"{source.name} uses undeclared terms: {sorted(unknown)}"


def test_domains_and_ranges_are_declared_or_datatypes() -> None:
    classes = set(ONTOLOGY.subjects(RDF.type, OWL.Class))
    for prop in ONTOLOGY.subjects(RDF.type, OWL.ObjectProperty):
        for rng in ONTOLOGY.objects(prop, RDFS.range):
            assert rng in classes, f"{prop} range {rng} is not a declared class"
    for prop in ONTOLOGY.subjects(RDF.type, OWL.DatatypeProperty):
        for rng in ONTOLOGY.objects(prop, RDFS.range):
            xsd = str(rng).startswith("http://www.w3.org/2001/XMLSchema#")
            assert xsd or rng == RDF.PlainLiteral, f"{prop} range {rng}"
    properties = [*ONTOLOGY.subjects(RDF.type, OWL.ObjectProperty),
                  *ONTOLOGY.subjects(RDF.type, OWL.DatatypeProperty)]
    for prop in properties:
        for dom in ONTOLOGY.objects(prop, RDFS.domain):
            assert dom in classes, f"{prop} domain {dom} is not a declared class"


def test_aligned_to_standard_vocabularies_by_reference_only() -> None:
    used = {str(o) for s, p, o in ONTOLOGY if isinstance(o, URIRef)} | {str(p) for _, p, _ in ONTOLOGY}
    for prefix, ns in STANDARD.items():
        assert any(u.startswith(ns) for u in used), f"no alignment to {prefix}:"
    for s in set(ONTOLOGY.subjects()):
        if isinstance(s, URIRef) and any(str(s).startswith(ns) for ns in STANDARD.values()):
            predicates = set(ONTOLOGY.predicates(s))
            assert predicates == {RDF.type}, f"{s} is redefined here; only declare external terms"
    assert not list(ONTOLOGY.objects(None, OWL.imports))
    alignments = [(PK.Result, RDFS.subClassOf, URIRef(STANDARD["qb"] + "Observation")),
                  (PK.Evidence, RDFS.subClassOf, URIRef(STANDARD["oa"] + "SpecificResource")),
                  (PK.Indicator, RDFS.subClassOf, SKOS.Concept),
                  (PK.AdministrativeUnit, RDFS.subClassOf, URIRef(STANDARD["geo"] + "Feature")),
                  (PK.Document, RDFS.subClassOf, URIRef(STANDARD["prov"] + "Entity"))]
    for triple in alignments:
        assert triple in ONTOLOGY, triple


def test_disjointness_is_declared() -> None:
    members = set()
    for axiom in ONTOLOGY.subjects(RDF.type, OWL.AllDisjointClasses):
        members |= set(ONTOLOGY.items(ONTOLOGY.value(axiom, OWL.members)))
    assert {PK.Document, PK.AdministrativeUnit, PK.Figure} <= members
    assert (PK.Target, OWL.disjointWith, PK.Result) in ONTOLOGY


def test_vocab_module_matches_the_ontology() -> None:
    source = Path(vocab.__file__).read_text(encoding="utf-8")
    assert vocab.current_block(source) == vocab.render(ONTOLOGY), "run: python -m builder.vocab"
    assert str(PK.Target) == PK_IRI + "Target"
    with pytest.raises(AttributeError):
        PK.Targett  # noqa: B018  (closed namespace)


def test_owl2_dl_profile() -> None:
    """The OWL API's OWL 2 DL profile checker (bundled in owlready2's HermiT.jar) finds no violation."""
    hermit = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
    checker = DATA / "owl" / "ProfileCheck.java"
    command = [owlready2.JAVA_EXE, "-cp", str(hermit), str(checker), str(ontology_path("plankg.ttl"))]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "violations 0" in run.stdout


def test_hermit_finds_the_ontology_consistent() -> None:
    assert java_available(), "Java is required for HermiT (apt-get install default-jre-headless)"
    report = check_consistency()
    assert report.consistent and not report.unsatisfiable, report.render_text()
    assert report.exit_code == 0
    assert "consistent" in report.render_text()


def test_hermit_accepts_a_consistent_sample() -> None:
    report = check_consistency(Graph().parse(DATA / "owl" / "consistent.ttl"))
    assert report.ok, report.render_text()


def test_hermit_rejects_a_language_tag_where_a_code_is_expected() -> None:
    """Text properties take rdf:PlainLiteral (tagged or not); code-like ones take xsd:string only."""
    sample = Graph().parse(DATA / "owl" / "consistent.ttl")
    goal = URIRef("https://w3id.org/plankg/id/doc/y/g1")
    sample.add((goal, RDF.type, PK.Goal))
    sample.add((goal, PK.heading, Literal("Mục tiêu", lang="vi")))
    assert check_consistency(sample).ok
    sample.add((goal, PK.goalKind, Literal("general", lang="en")))
    assert check_consistency(sample).culprits == [str(goal)]


@pytest.mark.parametrize(("fixture", "culprit"), [
    ("inconsistent.ttl", "https://w3id.org/plankg/id/doc/x/t2"),  # a Target that is also a Result
    ("inconsistent-range.ttl", "https://w3id.org/plankg/id/doc/y/t1"),  # pk:scope pointing to a Document
])
def test_hermit_catches_an_inconsistent_sample(fixture: str, culprit: str) -> None:
    report = check_consistency(Graph().parse(DATA / "owl" / fixture))
    assert not report.consistent
    assert report.exit_code == 1
    assert report.culprits == [culprit]
    assert culprit in report.render_text() and "INCONSISTENT" in report.render_text()


def test_missing_java_is_a_clear_environment_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(owlready2, "JAVA_EXE", "/nonexistent/java")
    with pytest.raises(EnvironmentProblem) as caught:
        check_consistency()
    expected = "Java not found: install a JRE (apt-get install default-jre-headless) to run HermiT"
    assert str(caught.value) == expected
