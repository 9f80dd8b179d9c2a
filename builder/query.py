"""Resolve a query (a name from ``queries/``, a file, or inline SPARQL), run it, format the rows.

Queries run on Oxigraph (``pyoxigraph``), which is much faster than rdflib's engine; an rdflib graph
is copied into an in-memory store first. The standard prefixes (``pk:``, ``oa:``, ``skos:``, ...) are
predeclared, so inline queries may use them without ``PREFIX`` lines.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .errors import GraphError, QueryError
from .resources import queries_dir

FORMATS = ("csv", "tsv", "json", "table")
_NUMERIC = {
    "http://www.w3.org/2001/XMLSchema#" + t
    for t in ("decimal", "integer", "nonNegativeInteger", "int", "long", "double", "float")
}


def default_prefixes() -> dict[str, str]:
    from .emit.namespaces import PREFIXES

    return {k: str(v) for k, v in PREFIXES.items()}


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[list[ox.NamedNode | ox.Literal | ox.BlankNode | None]]
    boolean: bool | None = None
    triples: list[ox.Triple] | None = None


def available_queries() -> dict[str, Path]:
    d = queries_dir()
    return {p.stem: p for p in sorted(d.glob("*.rq"))} if d.is_dir() else {}


def _is_file(p: Path) -> bool:
    try:
        return p.is_file()
    except OSError:  # a name too long for the file system is not a file
        return False


def resolve(query: str) -> tuple[str, str]:
    """``(name, text)`` of a query given as a name from queries/, a path, or inline SPARQL."""
    named = available_queries()
    if query in named:
        return query, named[query].read_text(encoding="utf-8")
    if query.endswith(".rq") and query[:-3] in named and not Path(query).exists():
        return query[:-3], named[query[:-3]].read_text(encoding="utf-8")
    p = Path(query)
    looks_like_path = len(query) < 4096 and "\n" not in query
    if looks_like_path and (p.suffix in (".rq", ".sparql") or _is_file(p)):
        if not p.is_file():
            raise QueryError(f"no such query file; known names: {', '.join(named) or '(none)'}", query)
        return p.stem, p.read_text(encoding="utf-8")
    if re.search(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", query, re.IGNORECASE):
        return "inline", query
    raise QueryError(f"unknown query {query!r}; give a file, inline SPARQL, or one of: {', '.join(named)}")


def open_store(folder: Path) -> ox.Store:
    """The on-disk Oxigraph store that ``plankg build --stream`` wrote into *folder*, opened read-only."""
    from .store import MARKER

    if not (folder / MARKER).is_file():
        raise GraphError("folder is not a plankg store (made by `plankg build --stream`)", str(folder))
    try:
        return ox.Store.read_only(str(folder))
    except OSError as exc:
        raise GraphError(f"cannot open store: {exc}", str(folder)) from None


def load_store(graph: Graph | Path | str) -> ox.Store:
    """An Oxigraph store holding the graph: an rdflib Graph or a Turtle/N-Triples/N-Quads/TriG file, loaded
    in memory, or a store folder written by ``plankg build --stream``, opened on disk."""
    store = ox.Store()
    if isinstance(graph, Graph):
        data = graph.serialize(format="nt", encoding="utf-8")
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
        return store
    path = Path(graph)
    if path.is_dir():
        return open_store(path)
    if not path.is_file():
        raise GraphError("no such graph file; run `plankg build` first or pass --graph", str(path))
    fmt = {
        ".ttl": ox.RdfFormat.TURTLE,
        ".nt": ox.RdfFormat.N_TRIPLES,
        ".nq": ox.RdfFormat.N_QUADS,
        ".trig": ox.RdfFormat.TRIG,
    }.get(path.suffix.lower(), ox.RdfFormat.TURTLE)
    try:
        if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            from .store import _bulk_load

            _bulk_load(store, path)  # flattened into the default graph, as the on-disk store is
        else:
            store.bulk_load(path=str(path), format=fmt)
    except (SyntaxError, ValueError, OSError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise GraphError(f"cannot parse graph: {first}", str(path)) from None
    return store


def run_query(graph: Graph | Path | str | ox.Store, query: str) -> QueryResult:
    """Run a query (name, file or inline text) on a graph, file or store."""
    _, text = resolve(query)
    store = graph if isinstance(graph, ox.Store) else load_store(graph)
    try:
        res = store.query(text, prefixes=default_prefixes(), use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {str(exc).splitlines()[0]}") from None
    if isinstance(res, ox.QueryBoolean):
        return QueryResult(columns=["result"], rows=[], boolean=bool(res))
    if isinstance(res, ox.QueryTriples):
        return QueryResult(columns=["subject", "predicate", "object"], rows=[], triples=list(res))
    columns = [v.value for v in res.variables]
    rows = [[sol[c] for c in columns] for sol in res]
    return QueryResult(columns=columns, rows=rows)


def plain(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str | int | float | Decimal | None:
    """A term as a plain Python value: IRIs and strings as text, numbers as numbers."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        if term.datatype.value in _NUMERIC:
            try:
                d = Decimal(term.value)
            except ArithmeticError:
                return term.value
            return int(d) if d == d.to_integral_value() and "." not in term.value else d
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def _text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return format(v.normalize(), "f")
    return str(v)


def records(result: QueryResult) -> list[dict[str, object]]:
    return [{c: plain(t) for c, t in zip(result.columns, row, strict=True)} for row in result.rows]


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Render rows as csv, tsv, json (a list of objects) or an aligned text table."""
    if result.boolean is not None:
        return json.dumps({"result": result.boolean}) if fmt == "json" else str(result.boolean).lower() + "\n"
    if result.triples is not None:
        store = ox.Store()
        for t in result.triples:
            store.add(ox.Quad(t.subject, t.predicate, t.object))
        return store.dump(format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    rows = [[plain(t) for t in row] for row in result.rows]
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.columns)
        for row in rows:
            writer.writerow([_text(v).replace("\t", " ").replace("\n", " ") if fmt == "tsv" else _text(v) for v in row])
        return buf.getvalue()
    if fmt == "json":
        out = [
            {c: (float(v) if isinstance(v, Decimal) else v) for c, v in zip(result.columns, row, strict=True)}
            for row in rows
        ]
        return json.dumps(out, ensure_ascii=False, indent=1) + "\n"
    if fmt == "table":
        compact = _compactor()
        cells = [[compact(_text(v)) if isinstance(t, ox.NamedNode) else _text(v) for v, t in zip(row, raw, strict=True)]
                 for row, raw in zip(rows, result.rows, strict=True)]
        return _table(result.columns, cells)
    raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _compactor():
    """IRI → ``prefix:local`` for the table format (the longest matching namespace wins)."""
    spaces = sorted(((ns, p) for p, ns in default_prefixes().items()), key=lambda x: -len(x[0]))

    def compact(iri: str) -> str:
        for ns, p in spaces:
            if iri.startswith(ns) and "/" not in iri[len(ns) :]:
                return f"{p}:{iri[len(ns):]}"
        for ns, p in spaces:
            if iri.startswith(ns):
                return f"{p}:{iri[len(ns):]}"
        return iri

    return compact


def _table(columns: list[str], rows: list[list[str]], width: int = 48) -> str:
    def cut(s: str) -> str:
        s = " ".join(s.split())
        return s if len(s) <= width else s[: width - 1] + "…"

    cells = [[cut(c) for c in columns]] + [[cut(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
