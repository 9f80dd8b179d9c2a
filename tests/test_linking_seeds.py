"""Issue 6 on the real seeds: cascades city → ward and Party congress → People's Council, targets → results,
draft → final revisions. Expected pairs live in tests/data/expected/links.tsv."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from builder.query import records, run_query

from .conftest import DATA

IND = "https://w3id.org/plankg/id/indicator/"


def _expected(kind: str) -> list[dict[str, str]]:
    with (DATA / "expected" / "links.tsv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")]
    return [r for r in rows if r["kind"] == kind]


def _num(v: object) -> Decimal | None:
    return None if v in (None, "") else Decimal(str(v))


@pytest.fixture(scope="module")
def trace(graph_file: Path) -> list[dict]:
    return records(run_query(graph_file, "trace"))


@pytest.fixture(scope="module")
def outcomes(graph_file: Path) -> list[dict]:
    return records(run_query(graph_file, "outcomes"))


@pytest.fixture(scope="module")
def revisions(graph_file: Path) -> list[dict]:
    return records(run_query(graph_file, "revisions"))


def _pair_id(e: dict[str, str]) -> str:
    return f"{e['concept']}-{e['a_source'][:3]}-{e['b_source'][:3]}"


@pytest.mark.parametrize("exp", _expected("cascade"), ids=_pair_id)
def test_expected_cascades(trace: list[dict], exp: dict[str, str]) -> None:
    hits = [
        r for r in trace
        if r["concept"] == IND + exp["concept"] and r["upperSource"] == exp["a_source"]
        and r["lowerSource"] == exp["b_source"] and _num(r["upperValue"]) == _num(exp["a_value"])
        and _num(r["lowerValue"]) == _num(exp["b_value"])
    ]
    assert hits, f"missing cascade {exp}"
    assert hits[0]["agreement"] == exp["verdict"]


@pytest.mark.parametrize("exp", _expected("outcome"), ids=_pair_id)
def test_expected_outcomes(outcomes: list[dict], exp: dict[str, str]) -> None:
    hits = [
        r for r in outcomes
        if r["concept"] == IND + exp["concept"] and r["targetSource"] == exp["a_source"]
        and r["resultSource"] == exp["b_source"] and _num(r["targetValue"]) == _num(exp["a_value"])
        and _num(r["resultValue"]) == _num(exp["b_value"])
    ]
    assert hits, f"missing outcome {exp}"
    assert hits[0]["status"] == exp["verdict"]


@pytest.mark.parametrize("exp", _expected("revision"), ids=lambda e: f"{e['concept']}-{e['a_value']}-{e['b_value']}")
def test_expected_revisions(revisions: list[dict], exp: dict[str, str]) -> None:
    hits = [
        r for r in revisions
        if r["concept"] == IND + exp["concept"] and r["draftSource"] == exp["a_source"]
        and r["finalSource"] == exp["b_source"] and _num(r["draftValue"]) == _num(exp["a_value"])
        and _num(r["finalValue"]) == _num(exp["b_value"])
    ]
    assert hits, f"missing revision {exp}"
    assert hits[0]["change"] == exp["verdict"]


def test_old_hai_duong_is_not_an_ancestor_of_hai_phong_wards(trace: list[dict]) -> None:
    assert not [
        r for r in trace
        if r["upperScope"] and "Hải Dương" in r["upperScope"] and r["lowerSource"].startswith("001")
    ]


def test_trace_command_is_accent_insensitive(graph_file: Path) -> None:
    from builder.trace import trace_report

    report = trace_report(graph_file, "ho ngheo")
    assert report.splitlines()[0].startswith("Tỷ lệ hộ nghèo")
    assert "001_ce8a8a71da63380d.txt" in report and "003_fa57fa61f79953c7.txt" in report
    assert "target" in report and "result" in report
