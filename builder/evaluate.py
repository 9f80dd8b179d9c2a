"""Compare extracted figures (targets or results) with a hand-annotated gold file.

A predicted figure matches a gold figure when both come from the same source file, their evidence spans
overlap and their value(s) are equal. Matching is one-to-one (gold order, first overlapping candidate).
Precision and recall count matches; attribute accuracy is measured on the matched pairs: comparator,
time (year, period start and end all equal), unit (folded, spaces ignored) and concept (only where the
gold names one). The gold format is documented in ``tests/data/expected/README.md``: TSV with the columns
``source start end quote_prefix label concept comparator value valueMax unit year periodStart periodEnd
parent`` (``#`` lines are comments; ``# ... scope: START END`` limits the comparison to that source range,
several such lines to several ranges), or a JSON list of objects with the same keys.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .errors import InputError
from .facts import DocumentFacts, Result, Target
from .normalise import fold

COLUMNS = (
    "source",
    "start",
    "end",
    "quote_prefix",
    "label",
    "concept",
    "comparator",
    "value",
    "valueMax",
    "unit",
    "year",
    "periodStart",
    "periodEnd",
    "parent",
)
ATTRIBUTES = ("comparator", "time", "unit", "concept", "status", "target")


@dataclass(frozen=True)
class Figure:
    """One figure, predicted or gold, reduced to what evaluation compares."""

    source: str
    start: int
    end: int
    value: Decimal | None
    value_max: Decimal | None
    comparator: str | None = None
    unit: str | None = None
    year: int | None = None
    period_start: int | None = None
    period_end: int | None = None
    concept: str | None = None
    quote: str = ""
    status: str | None = None  # results only
    target_value: Decimal | None = None  # results only


@dataclass
class EvalReport:
    matched: list[tuple[Figure, Figure]] = field(default_factory=list)  # (gold, predicted)
    missed: list[Figure] = field(default_factory=list)
    spurious: list[Figure] = field(default_factory=list)
    attributes: dict[str, tuple[int, int]] = field(default_factory=dict)  # name → (correct, compared)

    @property
    def precision(self) -> float:
        n = len(self.matched) + len(self.spurious)
        return len(self.matched) / n if n else 1.0

    @property
    def recall(self) -> float:
        n = len(self.matched) + len(self.missed)
        return len(self.matched) / n if n else 1.0

    def accuracy(self, name: str) -> float:
        ok, n = self.attributes.get(name, (0, 0))
        return ok / n if n else 1.0

    def to_dict(self) -> dict[str, object]:
        def fig(f: Figure) -> dict[str, object]:
            return {"source": f.source, "start": f.start, "end": f.end, "value": None if f.value is None
                    else str(f.value), "quote": f.quote[:120]}

        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "matched": len(self.matched),
            "attributes": {a: {"correct": c, "compared": n} for a, (c, n) in sorted(self.attributes.items())},
            "missed": [fig(f) for f in self.missed],
            "spurious": [fig(f) for f in self.spurious],
        }

    def render(self, fmt: str = "text") -> str:
        if fmt == "json":
            import json

            return json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n"
        lines = [self.summary()]
        for title, figs in (("missed", self.missed), ("spurious", self.spurious)):
            for f in figs[:20]:
                lines.append(f"  {title:8} {f.source} {f.start}-{f.end} {f.value}: {' '.join(f.quote.split())[:80]}")
            if len(figs) > 20:
                lines.append(f"  … and {len(figs) - 20} more {title}")
        return "\n".join(lines) + "\n"

    def summary(self) -> str:
        lines = [
            f"matched {len(self.matched)}, missed {len(self.missed)}, spurious {len(self.spurious)}",
            f"precision {self.precision:.3f}  recall {self.recall:.3f}",
        ]
        for a in ATTRIBUTES:
            ok, n = self.attributes.get(a, (0, 0))
            lines.append(f"{a:10} {ok}/{n} = {self.accuracy(a):.3f}" if n else f"{a:10} 0/0 (nothing to compare)")
        return "\n".join(lines)


# --- loading ----------------------------------------------------------------------------------------------


def _dec(s: str | None) -> Decimal | None:
    if s is None or str(s).strip() == "":
        return None
    try:
        return Decimal(str(s).strip())
    except InvalidOperation as exc:
        raise InputError(f"not a number: {s!r}") from exc


def _int(s: str | None) -> int | None:
    if s is None or str(s).strip() == "":
        return None
    return int(str(s).strip()[:4])


def _figure_from_row(row: dict[str, str]) -> Figure:
    return Figure(
        source=row["source"].strip(),
        start=int(row["start"]),
        end=int(row["end"]),
        value=_dec(row.get("value")),
        value_max=_dec(row.get("valueMax")),
        comparator=(row.get("comparator") or "").strip() or None,
        unit=(row.get("unit") or "").strip() or None,
        year=_int(row.get("year")),
        period_start=_int(row.get("periodStart")),
        period_end=_int(row.get("periodEnd")),
        concept=(row.get("concept") or "").strip() or None,
        quote=row.get("quote_prefix") or "",
        status=(row.get("status") or "").strip() or None,
        target_value=_dec(row.get("targetValue")),
    )


def load_gold(path: str | Path) -> tuple[list[Figure], dict[str, tuple[int, int]]]:
    """Gold figures and the scopes (source → range) they cover."""
    p = Path(path)
    if not p.is_file():
        raise InputError("no such gold file", str(p))
    text = p.read_text(encoding="utf-8")
    scopes: dict[str, list[tuple[int, int]]] = {}
    if p.suffix.lower() == ".json":
        data = json.loads(text)
        rows = data["figures"] if isinstance(data, dict) else data
        if isinstance(data, dict):
            scopes = {k: _ranges(v) for k, v in data.get("scopes", {}).items()}
        figures = [_figure_from_row({k: str(v) if v is not None else "" for k, v in r.items()}) for r in rows]
        return figures, scopes
    body = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    scope_lines = [ln for ln in text.splitlines() if ln.startswith("#") and "scope:" in ln]
    reader = csv.DictReader(body, delimiter="\t")
    missing = [c for c in ("source", "start", "end", "value") if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"gold file lacks columns {', '.join(missing)} (plankg eval compares targets or results: "
                         "a TSV or JSON with source, start, end and value)", str(p))
    figures = [_figure_from_row(r) for r in reader]
    for ln in scope_lines:
        m = re.search(r"scope:\s*(\d+)\s+(\d+)", ln)
        if m and figures:
            for src in {f.source for f in figures}:
                scopes.setdefault(src, []).append((int(m.group(1)), int(m.group(2))))
    return figures, scopes


def _ranges(v: object) -> list[tuple[int, int]]:
    """A JSON scope: ``[start, end]`` or a list of them."""
    items = v if isinstance(v, list) and v and isinstance(v[0], list) else [v]
    return [(int(a), int(b)) for a, b in items]  # type: ignore[misc]


# --- predictions ------------------------------------------------------------------------------------------


def figures_from_facts(facts: Iterable[Target | Result], source: str) -> list[Figure]:
    return [
        Figure(
            source=source,
            start=f.evidence.start,
            end=f.evidence.end,
            value=f.value,
            value_max=f.value_max,
            comparator=f.comparator,
            unit=f.unit,
            year=f.year,
            period_start=f.period_start,
            period_end=f.period_end,
            concept=f.concept,
            quote=f.evidence.quote,
            status=getattr(f, "status", None),
            target_value=getattr(f, "target_value", None),
        )
        for f in facts
    ]


_GRAPH_QUERY = """
PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?source ?value ?valueMax ?comparator ?unit ?year ?periodStart ?periodEnd ?concept ?start ?end ?status
       ?targetValue ?quote_prefix WHERE {
  ?f a pk:%s ; pk:evidence ?ev .
  ?ev oa:hasSelector ?pos . ?pos a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  ?ev oa:hasSource ?doc . ?doc pk:fileName ?source .
  OPTIONAL { ?f pk:value ?value } OPTIONAL { ?f pk:valueMax ?valueMax }
  OPTIONAL { ?f pk:comparator ?comparator } OPTIONAL { ?f pk:unitStated ?unit }
  OPTIONAL { ?f pk:deadlineYear ?year } OPTIONAL { ?f pk:periodStart ?periodStart }
  OPTIONAL { ?f pk:periodEnd ?periodEnd } OPTIONAL { ?f pk:indicator ?concept }
  OPTIONAL { ?f pk:status ?status } OPTIONAL { ?f pk:targetValue ?targetValue }
  OPTIONAL { ?ev oa:hasSelector ?q . ?q a oa:TextQuoteSelector ; oa:exact ?quote_prefix }
}
"""


def figures_from_graph(graph: object, kind: str = "Target") -> list[Figure]:
    """Figures of a graph (an rdflib graph, a graph file or an Oxigraph store) as written by the emitters
    (see ``ontology/TERMS.md``). The query runs on Oxigraph: rdflib needs 28 s for it on the seed graph."""
    import pyoxigraph as ox

    from .query import load_store

    store = graph if isinstance(graph, ox.Store) else load_store(graph)  # type: ignore[arg-type]
    out: list[Figure] = []
    result = store.query(_GRAPH_QUERY % kind, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]  # type: ignore[union-attr]
    for sol in result:  # type: ignore[union-attr]
        d = {k: (sol[k].value if sol[k] is not None else "") for k in names}
        concept = d.get("concept", "")
        d["concept"] = concept.rsplit("/", 1)[-1] if concept else ""
        out.append(_figure_from_row(d))
    return out


# --- comparing --------------------------------------------------------------------------------------------


def _unit_key(u: str | None) -> str:
    return re.sub(r"\s+", "", fold(u or ""))


def _same_value(g: Figure, p: Figure) -> bool:
    return g.value == p.value and g.value_max == p.value_max


def compare(
    gold: list[Figure], predicted: list[Figure], scopes: dict[str, list[tuple[int, int]]] | None = None
) -> EvalReport:
    scopes = scopes or {}
    sources = {g.source for g in gold}
    pred = [
        p
        for p in predicted
        if p.source in sources
        and (p.source not in scopes or any(a <= p.start < b for a, b in scopes[p.source]))
    ]
    used: set[int] = set()
    report = EvalReport()
    for g in gold:
        hit = None
        for i, p in enumerate(pred):
            if i in used or p.source != g.source or p.end <= g.start or g.end <= p.start:
                continue
            if _same_value(g, p):
                hit = i
                break
        if hit is None:
            report.missed.append(g)
            continue
        used.add(hit)
        report.matched.append((g, pred[hit]))
    report.spurious = [p for i, p in enumerate(pred) if i not in used]
    counts = {a: [0, 0] for a in ATTRIBUTES}
    for g, p in report.matched:
        counts["comparator"][1] += 1
        counts["comparator"][0] += g.comparator == p.comparator
        counts["time"][1] += 1
        counts["time"][0] += (g.year, g.period_start, g.period_end) == (p.year, p.period_start, p.period_end)
        counts["unit"][1] += 1
        counts["unit"][0] += _unit_key(g.unit) == _unit_key(p.unit)
        if g.concept:
            counts["concept"][1] += 1
            counts["concept"][0] += g.concept == p.concept
        if g.status:
            counts["status"][1] += 1
            counts["status"][0] += g.status == p.status
        if g.target_value is not None:
            counts["target"][1] += 1
            counts["target"][0] += g.target_value == p.target_value
    report.attributes = {a: (c[0], c[1]) for a, c in counts.items()}
    return report


def gold_kind(gold_path: str | Path) -> str:
    """``Result`` when any gold figure carries a verdict or a target value, else ``Target``."""
    gold, _ = load_gold(gold_path)
    return "Result" if any(f.status or f.target_value is not None for f in gold) else "Target"


def evaluate(
    graph_or_facts: object, gold_path: str | Path, source: str | None = None, kind: str = "Target"
) -> EvalReport:
    """Evaluate a graph, a :class:`DocumentFacts`, or a list of targets/results against a gold file.

    ``source`` names the file the facts come from (needed for plain fact lists and DocumentFacts).
    """
    gold, scopes = load_gold(gold_path)
    if hasattr(graph_or_facts, "query") or isinstance(graph_or_facts, (str, Path)):
        predicted = figures_from_graph(graph_or_facts, kind)
    else:
        if isinstance(graph_or_facts, DocumentFacts):
            facts: list[Target | Result] = list(
                graph_or_facts.targets if kind == "Target" else graph_or_facts.results
            )
        else:
            facts = list(graph_or_facts)  # type: ignore[call-overload]
        src = source or (gold[0].source if gold else "")
        predicted = figures_from_facts(facts, src)
    return compare(gold, predicted, scopes)
