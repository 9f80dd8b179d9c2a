"""Every command through the CLI, with real seeds and every kind of bad input: exit codes and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.cli import cli

from .conftest import DATA, seed

BAD = DATA / "bad_input"


def _one_line_error(result, *needles: str) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("plankg: error:")
    for n in needles:
        assert n in lines[0]


@pytest.mark.parametrize(
    ("name", "needle"),
    [("empty.txt", "file is empty"), ("binary.txt", "binary"), ("cp1258.txt", "not valid UTF-8")],
)
def test_build_rejects_bad_files(tmp_path: Path, name: str, needle: str) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(BAD / name), "--out", str(out)])
    assert result.exit_code == 2
    _one_line_error(result, needle, name)
    assert not out.exists() or not any(out.iterdir())


def test_build_missing_path_and_empty_dir(tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["build", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert r.exit_code == 2
    _one_line_error(r, "no such file")
    (tmp_path / "empty").mkdir()
    r = CliRunner().invoke(cli, ["build", str(tmp_path / "empty"), "--out", str(tmp_path / "o")])
    assert r.exit_code == 2
    _one_line_error(r, "no .txt files")


def test_build_huge_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import builder.read

    monkeypatch.setattr(builder.read, "MAX_BYTES", 1000)
    big = tmp_path / "big.txt"
    big.write_text("Tỷ lệ hộ nghèo dưới 1%.\n" * 100, encoding="utf-8")
    r = CliRunner().invoke(cli, ["build", str(big), "--out", str(tmp_path / "o")])
    assert r.exit_code == 2
    _one_line_error(r, "over the", "big.txt")


def test_a_bad_file_in_a_folder_leaves_no_partial_output(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_bytes(seed("002").read_bytes())
    (corpus / "b.txt").write_bytes((BAD / "binary.txt").read_bytes())
    out = tmp_path / "out"
    r = CliRunner().invoke(cli, ["build", str(corpus), "--out", str(out)])
    assert r.exit_code == 2
    _one_line_error(r, "b.txt")
    assert not (out / "graph.ttl").exists()


def test_build_text_without_targets(tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = CliRunner().invoke(cli, ["build", str(BAD / "no_targets.txt"), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "0 targets" in r.output
    assert (out / "graph.ttl").is_file()


def test_build_seed_twice_is_byte_identical(tmp_path: Path) -> None:
    outs = []
    for run in ("a", "b"):
        out = tmp_path / run
        r = CliRunner().invoke(cli, ["build", str(seed("003")), str(seed("001")), "--out", str(out), "-q"])
        assert r.exit_code == 0, r.output
        outs.append((out / "graph.ttl").read_bytes())
    assert outs[0] == outs[1]


def test_query_and_validate_on_seed_graph(graph_file: Path) -> None:
    r = CliRunner().invoke(cli, ["query", "targets", "--graph", str(graph_file), "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert rows and {"source", "quote", "start", "end", "value"} <= set(rows[0])
    r = CliRunner().invoke(cli, ["validate", "--graph", str(graph_file)])
    assert r.exit_code == 0, r.output


def test_query_errors(graph_file: Path, tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["query", "no_such_query", "--graph", str(graph_file)])
    assert r.exit_code == 2
    _one_line_error(r, "unknown query")
    r = CliRunner().invoke(cli, ["query", "SELECT ?x WHERE { ?x ", "--graph", str(graph_file)])
    assert r.exit_code == 2
    _one_line_error(r, "SPARQL syntax error")
    r = CliRunner().invoke(cli, ["query", "targets", "--graph", str(tmp_path / "missing.ttl")])
    assert r.exit_code == 2
    _one_line_error(r, "missing.ttl")
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix x: <http://x/> .\nx:a x:b \n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["validate", "--graph", str(bad)])
    assert r.exit_code == 2
    _one_line_error(r, "bad.ttl")


def test_inline_query_with_predeclared_prefixes(graph_file: Path) -> None:
    r = CliRunner().invoke(
        cli, ["query", "SELECT (COUNT(?d) AS ?n) WHERE { ?d a pk:Document }", "--graph", str(graph_file),
              "--format", "csv"],
    )
    assert r.exit_code == 0, r.output
    assert r.output.splitlines() == ["n", "5"]


def test_build_with_malformed_manifest(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_bytes(seed("002").read_bytes())
    bad = (BAD / "malformed_manifest_unknown_key.toml").read_text(encoding="utf-8")
    (corpus / "manifest.toml").write_text(bad.replace("002_ce929b4666bbff87.txt", "a.txt"), encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(cli, ["build", str(corpus), "--out", str(out)])
    assert r.exit_code == 2
    _one_line_error(r, "manifest.toml:")
    assert not (out / "graph.ttl").exists()


def test_eval_scores_the_seed_graph_against_a_gold_file(graph_file: Path) -> None:
    gold = DATA / "expected" / "results_003.tsv"
    result = CliRunner().invoke(cli, ["eval", "--gold", str(gold), "--graph", str(graph_file), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["matched"] >= 60 and report["precision"] >= 0.95 and report["recall"] >= 0.95
    text = CliRunner().invoke(cli, ["eval", "--gold", str(gold), "--graph", str(graph_file)])
    assert text.output.startswith("matched ") and "status" in text.output


def test_eval_bad_gold_files(graph_file: Path, tmp_path: Path) -> None:
    missing = CliRunner().invoke(cli, ["eval", "--gold", str(tmp_path / "nope.tsv"), "--graph", str(graph_file)])
    assert missing.exit_code == 2
    _one_line_error(missing, "no such gold file")
    projects = CliRunner().invoke(
        cli, ["eval", "--gold", str(DATA / "expected" / "projects_003.tsv"), "--graph", str(graph_file)]
    )
    assert projects.exit_code == 2
    _one_line_error(projects, "lacks columns", "plankg eval compares targets or results")
