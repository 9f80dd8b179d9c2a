"""`plankg build --stream`: N-Quads per document, per-document validation, cross-document checks, on-disk store;
and the synthetic corpus the benchmark builds it on."""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Dataset, URIRef

from bench.synth import generate, vn
from builder.cli import cli
from builder.pipeline import build
from builder.query import run_query
from builder.stream import build_streaming, cross_document_checks

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three synthetic ward plans (one OCR-degraded), their province reports, and the smallest seed."""
    out = tmp_path_factory.mktemp("corpus")
    generate(3, out, seed=11, ocr_share=0.34, provinces=True, manifest=True)
    shutil.copy(SEEDS / "002_ce929b4666bbff87.txt", out)
    return out


@pytest.fixture(scope="module")
def streamed(corpus: Path, tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    out = tmp_path_factory.mktemp("stream")
    return build_streaming([corpus], out / "graph.nq", jobs=2, store=out / "store")


def test_one_named_graph_per_document_and_units_in_the_default_graph(streamed, corpus: Path) -> None:
    ds = Dataset()
    ds.parse(streamed.out, format="nquads")
    names = {str(g.identifier) for g in ds.graphs() if str(g.identifier) != str(ds.default_graph.identifier)}
    docs = sorted(p.name for p in corpus.glob("*.txt"))
    assert len([n for n in names if "/doc/" in n]) == len(docs)
    pk = "https://w3id.org/plankg/ontology#"
    for g in ds.graphs():
        if "/doc/" in str(g.identifier):
            assert (g.identifier, RDF.type, URIRef(pk + "Document")) in g
    default = ds.default_graph
    assert any(default.subjects(RDF.type, URIRef(pk + "AdministrativeUnit")))


def test_streamed_graph_has_the_triples_of_the_in_memory_build(streamed, corpus: Path) -> None:
    ds = Dataset()
    ds.parse(streamed.out, format="nquads")
    union = {t for g in ds.graphs() for t in g}
    memory = set(build([corpus]).graph)
    assert union == memory


def test_every_document_validates_and_cross_checks_pass(streamed) -> None:
    assert streamed.conforms, (streamed.problems, [c for c in streamed.checks if not c.conforms])
    assert len(streamed.checks) == len(streamed.documents)


def test_store_answers_queries_like_the_file(streamed) -> None:
    from_store = run_query(streamed.store, "targets").rows
    from_file = run_query(streamed.out, "targets").rows
    assert len(from_store) == len(from_file) > 20


def test_output_is_byte_identical_with_one_or_two_workers(streamed, corpus: Path, tmp_path: Path) -> None:
    again = build_streaming([corpus], tmp_path / "graph.nq", jobs=1, validate=False)
    assert again.out.read_bytes() == streamed.out.read_bytes()


def test_dangling_revision_is_a_cross_document_problem(tmp_path: Path) -> None:
    """The manifest says 000 is a revision of 004: without 004 in the corpus, prov:wasRevisionOf points nowhere."""
    only = tmp_path / "in"
    only.mkdir()
    shutil.copy(SEEDS / "000_b6a79b466e997885.txt", only)
    shutil.copy(SEEDS / "manifest.toml", only)
    r = CliRunner().invoke(cli, ["build", "--stream", "--no-store", "--out", str(tmp_path / "out"), str(only)])
    assert r.exit_code == 1, r.output
    assert "wasRevisionOf" in r.output and "004_4ef7886d0b8bf600" in r.output
    assert "does not conform: 1/1 documents valid, 1 cross-document problem(s)" in r.output


def test_cross_checks_find_links_to_unknown_facts() -> None:
    pk = "https://w3id.org/plankg/ontology#"
    default = [
        f"<https://x/c1> <{pk}upper> <https://x/doc/a/t1> .",
        f"<https://x/c1> <{pk}lower> <https://x/doc/b/t9> .",
    ]
    problems = cross_document_checks({"<https://x/doc/a/t1>"}, [], default)
    assert problems == ["<https://x/c1> <https://w3id.org/plankg/ontology#lower> points at <https://x/doc/b/t9>, "
                        "which no document or unit defines"]


def test_cli_stream_writes_nquads_and_store(corpus: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(cli, ["build", "--stream", "-j", "2", "-q", "--out", str(tmp_path), str(corpus)])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "graph.nq").is_file() and (tmp_path / "store" / "plankg-source.json").is_file()
    assert "conforms: " in r.output
    q = runner.invoke(cli, ["query", "targets", "--graph", str(tmp_path / "store"), "--format", "csv"])
    assert q.exit_code == 0 and q.output.count("\n") > 20
    bad = runner.invoke(cli, ["query", "targets", "--graph", str(corpus)])
    assert bad.exit_code == 2 and "not a plankg store" in bad.output


def test_long_inline_query_is_not_taken_for_a_file_name(streamed) -> None:
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?t a pk:Target . " + " " * 400 + "}"
    assert int(run_query(streamed.out, text).rows[0][0].value) > 20


# --- the synthetic corpus ---------------------------------------------------------------------------------


def test_synthetic_corpus_is_deterministic_and_plants_what_it_writes(tmp_path: Path) -> None:
    a = generate(4, tmp_path / "a", seed=3, ocr_share=0.5, provinces=True, manifest=True)
    b = generate(4, tmp_path / "b", seed=3, ocr_share=0.5, provinces=True, manifest=True)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    with (tmp_path / "a" / "planted.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert {r["file"] for r in rows} == {p.name for p in a}
    for r in rows:
        text = (tmp_path / "a" / r["file"]).read_text(encoding="utf-8")
        assert vn(Decimal(r["value"])) in text, r  # as a Vietnamese plan writes it: 1.935, 12,5
        if r["kind"] == "target" and r["form"] == "range":
            assert r["value_max"] and float(r["value_max"]) > float(r["value"])
    assert any(r["ocr"] == "1" for r in rows) and any(r["ocr"] == "0" for r in rows)
