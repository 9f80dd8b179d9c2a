"""Every query in queries/: a header stating question, columns and example, and real rows on the seeds' graph."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.query import available_queries, format_result, records, run_query

QUERIES = sorted(available_queries())
CONTRACT = {
    "targets": "?source ?scope ?label ?concept ?comparator ?value ?valueMax ?unit ?year ?periodStart ?periodEnd "
    "?parentConcept ?start ?end ?quote",
    "results": "?source ?scope ?label ?concept ?comparator ?value ?valueMax ?unit ?year ?periodStart ?periodEnd "
    "?parentConcept ?start ?end ?quote ?status ?targetValue",
    "projects": "?source ?scope ?label ?sector ?start ?end ?quote",
    "units": "?unit ?label ?type ?code ?parent ?validFrom ?validTo",
    "trace": "?concept ?upperScope ?upperSource ?upperValue ?upperValueMax ?lowerScope ?lowerSource ?lowerValue "
    "?lowerValueMax ?agreement",
    "outcomes": "?concept ?scope ?targetSource ?targetValue ?targetValueMax ?resultSource ?resultValue ?status",
    "revisions": "?concept ?scope ?draftSource ?draftValue ?finalSource ?finalValue ?change",
}


def test_canonical_queries_exist() -> None:
    assert set(CONTRACT) <= set(QUERIES)


@pytest.mark.parametrize("name", QUERIES)
def test_query_header(name: str) -> None:
    text = available_queries()[name].read_text(encoding="utf-8")
    header = {m.group(1): m.group(2) for m in re.finditer(r"^#\+ (\w+): (.*)$", text, re.M)}
    assert {"summary", "columns", "example"} <= set(header), name
    assert header["summary"].endswith("?"), "the summary states the question"
    select = re.search(r"SELECT\s+(.*?)\s*WHERE", text, re.S | re.I)
    assert select is not None
    declared = header["columns"].split()
    selected = re.findall(r"\?\w+", re.sub(r"\(.*?AS\s+(\?\w+)\)", r"\1", select.group(1), flags=re.S))
    assert selected == declared, f"{name}: header columns differ from SELECT"


@pytest.mark.parametrize("name", QUERIES)
def test_query_runs_on_seed_graph(graph_file: Path, name: str) -> None:
    result = run_query(graph_file, name)
    if name in CONTRACT:
        assert result.columns == [c[1:] for c in CONTRACT[name].split()]
    assert result.rows, f"{name} returned no rows on the seeds"
    for fmt in ("csv", "tsv", "json", "table"):
        assert format_result(result, fmt)


def test_target_offsets_match_quotes(graph_file: Path, seed_paths: list[Path]) -> None:
    texts = {p.name: p.read_text(encoding="utf-8") for p in seed_paths}
    for kind in ("targets", "results", "projects"):
        rows = records(run_query(graph_file, kind))
        assert rows
        for r in rows:
            assert texts[r["source"]][r["start"] : r["end"]] == r["quote"], (kind, r["source"], r["start"])


@pytest.mark.parametrize("name", QUERIES)
def test_query_declares_its_prefixes(name: str) -> None:
    """Each file runs as it is in any SPARQL tool: no reliance on plankg's predeclared prefixes."""
    import pyoxigraph as ox

    ox.Store().query(available_queries()[name].read_text(encoding="utf-8"))
