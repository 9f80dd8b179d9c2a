"""``plankg trace``: one indicator through every level and term, with values, verdicts and evidence.

The indicator is found accent-insensitively among the concepts' labels (``ho ngheo`` finds *Tỷ lệ hộ
nghèo*) or given as a concept id (``poverty_rate`` or its full IRI).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rapidfuzz import fuzz

from .errors import QueryError
from .iris import ID
from .normalise import match_key
from .query import default_prefixes, load_store, plain
from .resources import ontology_path

IND = ID + "indicator/"

_FIGURES = """
SELECT ?f ?kind ?label ?source ?level ?docKind ?termStart ?termEnd ?scope ?comparator ?value ?valueMax ?unit
       ?year ?ps ?pe ?status ?targetValue ?quote ?start
WHERE {
  VALUES ?kind { pk:Target pk:Result }
  ?f a ?kind ; pk:indicator ?c ; rdfs:label ?label ; pk:comparator ?comparator ; prov:wasDerivedFrom ?d ;
     pk:evidence ?ev .
  ?ev oa:hasSelector ?q , ?pos . ?q a oa:TextQuoteSelector ; oa:exact ?quote .
  ?pos a oa:TextPositionSelector ; oa:start ?start .
  ?d pk:fileName ?source .
  OPTIONAL { ?d pk:level ?level . }
  OPTIONAL { ?d pk:documentKind ?docKind . }
  OPTIONAL { ?d pk:setsPlan/pk:term ?term . ?term time:hasBeginning/time:inXSDgYear ?termStart ;
                                                   time:hasEnd/time:inXSDgYear ?termEnd . }
  OPTIONAL { ?f pk:scope/rdfs:label ?scope . }
  OPTIONAL { ?f pk:value ?value . }
  OPTIONAL { ?f pk:valueMax ?valueMax . }
  OPTIONAL { ?f pk:unitStated ?unit . }
  OPTIONAL { ?f pk:deadlineYear ?year . }
  OPTIONAL { ?f pk:periodStart ?ps . }
  OPTIONAL { ?f pk:periodEnd ?pe . }
  OPTIONAL { ?f pk:status ?status . }
  OPTIONAL { ?f pk:targetValue ?targetValue . }
}
"""

_LINKS = """
SELECT ?kind ?a ?b ?verdict ?reason WHERE {
  { ?l a pk:Cascade ; pk:upper ?a ; pk:lower ?b ; pk:agreement ?verdict . OPTIONAL { ?l pk:agreementReason ?reason }
    BIND("cascade" AS ?kind) }
  UNION
  { ?l a pk:Outcome ; pk:target ?a ; pk:result ?b . OPTIONAL { ?l pk:status ?verdict } BIND("outcome" AS ?kind) }
}
"""


@dataclass
class ConceptHit:
    iri: str
    label: str
    score: float


def find_concepts(store: ox.Store, text: str) -> list[ConceptHit]:
    """Concepts whose id or labels match ``text`` (accent-insensitive), best first."""
    q = """SELECT ?c ?l WHERE { ?c a skos:Concept . { ?c skos:prefLabel ?l } UNION { ?c skos:altLabel ?l }
             UNION { ?c skos:hiddenLabel ?l } }"""
    labels: dict[str, list[str]] = defaultdict(list)
    pref_vi: dict[str, str] = {}
    for sol in store.query(q, prefixes=default_prefixes(), use_default_graph_as_union=True):
        labels[sol["c"].value].append(sol["l"].value)
    for sol in store.query("SELECT ?c ?l WHERE { ?c skos:prefLabel ?l FILTER(lang(?l) = 'vi') }",
                           prefixes=default_prefixes()):
        pref_vi[sol["c"].value] = sol["l"].value
    key = match_key(text)
    local = text.strip().removeprefix(IND).removeprefix("ind:")
    hits: list[ConceptHit] = []
    for iri, ls in labels.items():
        if iri == text or iri == IND + local:
            return [ConceptHit(iri, pref_vi.get(iri, ls[0]), 100.0)]
        best = 0.0
        for lab in ls:
            lk = match_key(lab)
            if key == lk:
                best = 100.0
            elif key and key in lk:
                best = max(best, 90.0 + 10 * len(key) / max(len(lk), 1) - 0.01)
            else:
                best = max(best, fuzz.token_set_ratio(key, lk) * 0.85)
        pref = pref_vi.get(iri) or next((lab for lab in ls if not lab.isascii()), ls[0])
        if best >= 70:
            hits.append(ConceptHit(iri, pref, best))
    return sorted(hits, key=lambda h: (-h.score, h.iri))


def _fmt(v: object) -> str:
    return "" if v is None else str(v)


def trace_report(graph: Path | str, text: str, width: int = 100) -> str:
    store = load_store(graph)  # may be a read-only store folder: the concepts go to a store of their own
    concepts = ox.Store()
    ind = ontology_path("indicators.ttl")
    if ind.is_file():
        concepts.bulk_load(path=str(ind), format=ox.RdfFormat.TURTLE)
    hits = find_concepts(concepts, text)
    if not hits:
        raise QueryError(f"no indicator matches {text!r}; try a Vietnamese label such as 'ho ngheo' or an id")
    concept = hits[0]
    rows = [
        {k: plain(sol[k]) for k in (v.value for v in res.variables)} | {"f": sol["f"].value}
        for res in [store.query(_FIGURES.replace("WHERE {", f"WHERE {{\n  VALUES ?c {{ <{concept.iri}> }}", 1),
                                prefixes=default_prefixes(), use_default_graph_as_union=True)]
        for sol in res
    ]
    by_f = {r["f"]: r for r in rows}
    links = [
        {k: plain(sol[k]) for k in ("kind", "a", "b", "verdict", "reason")}
        for sol in store.query(_LINKS, prefixes=default_prefixes(), use_default_graph_as_union=True)
    ]
    lines = [f"{concept.label}  <{concept.iri}>"]
    if len(hits) > 1:
        lines.append("  also matched: " + ", ".join(h.label for h in hits[1:5]))
    order = {"province": 0, "district": 1, "commune": 2}
    rows.sort(key=lambda r: (order.get(str(r.get("level")), 3), str(r.get("termStart")), r["source"], r["start"]))
    current = None
    for r in rows:
        head = f"{r.get('level') or '?'} · {r.get('scope') or '?'} · {r['source']} ({r.get('docKind') or '?'}, " \
               f"{_fmt(r.get('termStart'))}-{_fmt(r.get('termEnd'))})"
        if head != current:
            lines.append("")
            lines.append(head)
            current = head
        kind = "target" if r["kind"].endswith("Target") else "result"
        value = _fmt(r.get("value")) + (f"-{r['valueMax']}" if r.get("valueMax") is not None else "")
        when = _fmt(r.get("year")) or (f"{_fmt(r.get('ps'))}-{_fmt(r.get('pe'))}" if r.get("ps") else "")
        extra = f" [{r['status']}]" if r.get("status") else ""
        if r.get("targetValue") is not None:
            extra += f" (target {r['targetValue']})"
        comp = "" if r["comparator"] in ("=", "range") else f"{r['comparator']} "
        lines.append(f"  {kind:6} {comp}{value} {_fmt(r.get('unit'))} {when}{extra}")
        quote = " ".join(str(r["quote"]).split())
        lines.append(f"         “{quote[: width - 12]}{'…' if len(quote) > width - 12 else ''}”")
    related = [lk for lk in links if lk["a"] in by_f or lk["b"] in by_f]
    if related:
        lines.append("")
        lines.append("links")
        for lk in related:
            a, b = by_f.get(lk["a"]), by_f.get(lk["b"])
            if not a or not b:
                continue
            lines.append(
                f"  {lk['kind']:8} {a['source'][:3]} {_fmt(a.get('value'))} → {b['source'][:3]} "
                f"{_fmt(b.get('value'))}: {lk['verdict'] or '?'}" + (f" ({lk['reason']})" if lk.get("reason") else "")
            )
    if not rows:
        lines.append("  (no targets or results for this indicator in the graph)")
    return "\n".join(lines) + "\n"
