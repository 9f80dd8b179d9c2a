"""CSV of a query's rows: a canonical query name (``targets``, ``results``, ...), a ``.rq`` file or SPARQL.

Runs through :func:`builder.query.run_query` and :func:`builder.query.format_result`, so the rows and
columns are exactly those of ``plankg query QUERY --format csv``.
"""

from __future__ import annotations

from rdflib import Graph

from ..query import format_result, run_query


def to_csv(graph: Graph, query: str) -> str:
    """The CSV text (header row first) of *query*'s results on *graph*."""
    return format_result(run_query(graph, query), "csv")
