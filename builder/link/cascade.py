"""Cross-document links: cascades between levels, targets to results, draft/final revisions, discrepancies.

All pairing is by *indicator concept* (or its nearest broader concept), *unit* (the same unit, one of its
ancestors, or a unit it was formed from / that it became) and *period* (overlapping years). Verdicts use
the indicator's polarity from ``ontology/indicators.ttl``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from ..document import Document
from ..facts import DocumentFacts, Result, Target
from ..normalise import match_key

INF = Decimal("Infinity")
RATE_DIMENSIONS = {"percent", "percent_per_year", "ratio", "index", "rank", "boolean", "per_mille"}


@dataclass(frozen=True)
class FigureRef:
    """A target or result of one document, with what pairing needs."""

    doc: str  # file name
    key: str
    fact: Target | Result
    unit: str | None  # gazetteer key of the scope, or None
    scope: str | None  # scope key as in the document (mention key)
    years: tuple[int, int] | None  # the period the figure is about

    @property
    def concept(self) -> str | None:
        return self.fact.concept


@dataclass(frozen=True)
class Cascade:
    kind: str  # "level" (city → ward) or "body" (Party congress → People's Council, same unit)
    upper: FigureRef
    lower: FigureRef
    agreement: str  # consistent | more_ambitious | less_ambitious | not_comparable
    reason: str


@dataclass(frozen=True)
class Outcome:
    target: FigureRef
    result: FigureRef
    status: str | None
    computed: bool


@dataclass(frozen=True)
class Revision:
    draft_doc: str
    final_doc: str
    draft: FigureRef | None
    final: FigureRef | None
    change: str  # changed | unchanged | dropped | added


@dataclass(frozen=True)
class Discrepancy:
    a: FigureRef
    b: FigureRef
    reason: str


@dataclass
class CorpusLinks:
    cascades: list[Cascade]
    outcomes: list[Outcome]
    revisions: list[Revision]
    discrepancies: list[Discrepancy]


# --- helpers ---------------------------------------------------------------------------------------


def _years(f: Target | Result, facts: DocumentFacts) -> tuple[int, int] | None:
    """The years a figure is about: its period, its deadline year, or the plan's term.

    A congress term "2020 - 2025" plans the five years 2021-2025 (the next term starts in 2025 too), so a term
    of five years counts from its second year: the terms of successive congresses do not overlap.
    """
    if f.period_start and f.period_end:
        return (f.period_start, f.period_end)
    if f.year:
        return (f.year, f.year)
    start, end = facts.meta.term_start, facts.meta.term_end
    if start and end:
        return (start + 1, end) if end - start == 5 else (start, end)
    return None


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    if a is None or b is None:
        return False
    return a[0] <= b[1] and b[0] <= a[1]


def _bounds(comparator: str, value: Decimal | None, value_max: Decimal | None) -> tuple[Decimal, Decimal] | None:
    if value is None:
        return None
    if comparator == "range":
        hi = value_max if value_max is not None else value
        return (min(value, hi), max(value, hi))
    if comparator in (">=", ">"):
        return (value, INF)
    if comparator in ("<=", "<"):
        return (-INF, value)
    return (value, value)


@lru_cache(maxsize=1)
def _index() -> Any:
    from .indicators import IndicatorIndex

    return IndicatorIndex.load()


def polarity(concept: str | None) -> str:
    if not concept:
        return "higher_is_better"
    try:
        return _index().polarity(concept) or "higher_is_better"
    except KeyError:
        return "higher_is_better"


def broader(concept: str | None) -> str | None:
    if not concept:
        return None
    try:
        return _index().broader(concept)
    except KeyError:
        return None


def dimension(concept: str | None) -> str | None:
    if not concept:
        return None
    try:
        return _index().dimension(concept)
    except (KeyError, AttributeError):
        return None


def compare(upper: Target | Result, lower: Target | Result, *, same_level: bool) -> tuple[str, str]:
    """Agreement of a lower target with an upper one: (verdict, reason)."""
    if upper.comparator == "bool" or lower.comparator == "bool":
        if upper.comparator == lower.comparator == "bool":
            return "consistent", "both are attainment targets"
        return "not_comparable", "one target is a yes/no attainment, the other a figure"
    if (upper.unit_id or lower.unit_id) and upper.unit_id != lower.unit_id:
        return "not_comparable", f"different units ({upper.unit or '?'} vs {lower.unit or '?'})"
    if upper.per_year != lower.per_year:
        return "not_comparable", "one figure is per year, the other for the whole period"
    dim = dimension(lower.concept) or dimension(upper.concept)
    if not same_level and dim is not None and dim not in RATE_DIMENSIONS:
        return "not_comparable", f"absolute {dim} figures of units at different levels"
    ub = _bounds(upper.comparator, upper.value, upper.value_max)
    lb = _bounds(lower.comparator, lower.value, lower.value_max)
    if ub is None or lb is None:
        return "not_comparable", "a value is missing"
    pol = polarity(upper.concept or lower.concept)
    if pol == "lower_is_better":
        # Mirror, so that a lower ceiling reads as a higher floor.
        ub, lb = (-ub[1], -ub[0]), (-lb[1], -lb[0])
    # Ambition is the floor a target promises; an upper target's own range is the consistent band.
    if lb[0] == -INF:
        return "not_comparable", f"lower target {_show(lower)} sets no floor ({pol})"
    top = ub[1] if ub[1] != INF else ub[0]
    if lb[0] > top:
        return "more_ambitious", f"lower target {_show(lower)} above upper {_show(upper)} ({pol})"
    if lb[0] < ub[0]:
        return "less_ambitious", f"lower target {_show(lower)} below upper {_show(upper)} ({pol})"
    return "consistent", f"{_show(lower)} within {_show(upper)} ({pol})"


def _show(f: Target | Result) -> str:
    v = "" if f.value is None else format(f.value.normalize(), "f")
    if f.comparator == "range" and f.value_max is not None:
        v += "-" + format(f.value_max.normalize(), "f")
    op = "" if f.comparator in ("=", "range") else f.comparator + " "
    return f"{op}{v}{f.unit or ''}"


def verdict(target: Target | Result, value: Decimal | None, concept: str | None) -> str | None:
    """Was ``value`` a hit against ``target``? exceeded / met / not_met, by the indicator's polarity."""
    b = _bounds(target.comparator, target.value, target.value_max)
    if b is None or value is None:
        return None
    pol = polarity(concept)
    lo, hi = b
    if pol == "lower_is_better":
        if value < lo and target.comparator not in ("<", "<="):
            return "exceeded"
        if value <= hi:
            return "met" if value >= lo or target.comparator in ("<", "<=") else "exceeded"
        return "not_met"
    if target.comparator == ">" and value <= lo:
        return "not_met"
    if value > hi:
        return "exceeded"
    if value >= lo:
        return "met"
    return "not_met"


# --- the corpus ------------------------------------------------------------------------------------


class UnitGraph:
    """Parent and lineage relations between gazetteer units, for pairing scopes."""

    def __init__(self, units: Iterable[Any]) -> None:
        self.parent: dict[str, str] = {}
        self.same: dict[str, set[str]] = defaultdict(set)
        self._aliases: dict[str, frozenset[str]] = {}
        self._ancestors: dict[str, frozenset[str]] = {}
        units = list(units)
        names = {u.key: match_key(u.name) for u in units}
        for u in units:
            if u.parent_key:
                self.parent[u.key] = u.parent_key
            for pred, _share in u.predecessors:
                # A unit continues a predecessor of the same name (Hải Phòng 2025 continues legacy Hải Phòng);
                # other merged units (legacy Hải Dương) are predecessors, not the same unit.
                if names.get(pred) == names[u.key]:
                    self.same[u.key].add(pred)
                    self.same[pred].add(u.key)

    def aliases(self, key: str) -> frozenset[str]:
        """The unit and the units it continues under the same name, across eras."""
        if key not in self._aliases:
            self._aliases[key] = frozenset(self._walk_aliases(key))
        return self._aliases[key]

    def _walk_aliases(self, key: str) -> set[str]:
        out = {key}
        todo = [key]
        while todo:
            k = todo.pop()
            for o in self.same.get(k, ()):
                if o not in out:
                    out.add(o)
                    todo.append(o)
        return out

    def ancestors(self, key: str) -> frozenset[str]:
        if key not in self._ancestors:
            self._ancestors[key] = frozenset(self._walk_ancestors(key))
        return self._ancestors[key]

    def _walk_ancestors(self, key: str) -> set[str]:
        out: set[str] = set()
        for k in self.aliases(key):
            p = self.parent.get(k)
            while p and p not in out:
                out |= self.aliases(p)
                p = self.parent.get(p)
        return out

    def same_unit(self, a: str | None, b: str | None) -> bool:
        return a is not None and b is not None and (a == b or b in self.aliases(a))


def _refs(items: Sequence[tuple[Document, DocumentFacts]]) -> dict[str, list[FigureRef]]:
    out: dict[str, list[FigureRef]] = {}
    for doc, facts in items:
        units = {m.key: m.unit_iri_key for m in facts.mentions}
        refs = []
        for f in [*facts.targets, *facts.results]:
            refs.append(FigureRef(doc.name, f.key, f, units.get(f.scope or ""), f.scope, _years(f, facts)))
        out[doc.name] = refs
    return out


def link_corpus(items: Sequence[tuple[Document, DocumentFacts]], units: Iterable[Any] = ()) -> CorpusLinks:
    ug = UnitGraph(units)
    refs = _refs(items)
    meta = {doc.name: facts.meta for doc, facts in items}
    # A draft whose final version is in the corpus is superseded: it takes part only in revisions.
    superseded = {m.revision_of for m in meta.values() if m.revision_of}
    live = {name: refs[name] for name in refs if name not in superseded}
    return CorpusLinks(
        cascades=_cascades(live, meta, ug),
        outcomes=_outcomes(live, meta, ug),
        revisions=_revisions(refs, meta),
        discrepancies=_discrepancies(live, meta, ug),
    )


def _targets(refs: list[FigureRef]) -> list[FigureRef]:
    return [r for r in refs if isinstance(r.fact, Target) and r.concept]


def _results(refs: list[FigureRef]) -> list[FigureRef]:
    return [r for r in refs if isinstance(r.fact, Result) and r.concept]


def _concept_match(upper: str | None, lower: str | None) -> bool:
    return upper is not None and lower is not None and (upper == lower or broader(lower) == upper)


def _docs_by_unit(
    refs: dict[str, list[FigureRef]], pick: Callable[[list[FigureRef]], list[FigureRef]],
    related: Callable[[str], frozenset[str]],
) -> dict[str, set[str]]:
    """Unit key → the documents with a figure (chosen by *pick*) in a unit *related* to it: only those
    documents can pair with a figure of that unit, so the pair loops visit no others."""
    out: dict[str, set[str]] = defaultdict(set)
    for name, rs in refs.items():
        for unit in {r.unit for r in pick(rs) if r.unit}:
            for u in related(unit):
                out[u].add(name)
    return out


def _cascades(refs: dict[str, list[FigureRef]], meta: dict[str, Any], ug: UnitGraph) -> list[Cascade]:
    out: list[Cascade] = []
    # A lower figure cascades from an upper one whose unit is an ancestor of its unit, or the same unit.
    lower_docs = _docs_by_unit(refs, _targets, lambda u: ug.ancestors(u) | ug.aliases(u))
    for up_name in sorted(refs):
        ups = [u for u in _targets(refs[up_name]) if u.unit]
        candidates: set[str] = set()
        for unit in {u.unit for u in ups}:
            candidates |= lower_docs.get(unit, set())
        up_meta = meta[up_name]
        for low_name in sorted(candidates - {up_name}):
            low_meta = meta[low_name]
            for low in _targets(refs[low_name]):
                if not low.unit:
                    continue
                for up in ups:
                    if not _overlap(up.years, low.years) or not _concept_match(up.concept, low.concept):
                        continue
                    if up.unit in ug.ancestors(low.unit):
                        kind = "level"
                    elif (
                        ug.same_unit(up.unit, low.unit)
                        and up_meta.kind == "political_report"
                        and low_meta.kind == "resolution"
                    ):
                        kind = "body"
                    else:
                        continue
                    verdict_, reason = compare(up.fact, low.fact, same_level=(kind == "body"))
                    out.append(Cascade(kind, up, low, verdict_, reason))
    return _best_per_lower(out)


def _best_per_lower(cascades: list[Cascade]) -> list[Cascade]:
    """Keep, for each lower figure and upper document, the upper figure with the same concept first."""
    best: dict[tuple[str, str, str], Cascade] = {}
    for c in cascades:
        k = (c.lower.doc, c.lower.key, c.upper.doc)
        score = (c.upper.concept == c.lower.concept, c.upper.fact.parent is None, -c.upper.fact.evidence.start)
        old = best.get(k)
        if old is None or score > (
            old.upper.concept == old.lower.concept,
            old.upper.fact.parent is None,
            -old.upper.fact.evidence.start,
        ):
            best[k] = c
    return sorted(best.values(), key=lambda c: (c.upper.doc, c.lower.doc, c.lower.fact.evidence.start))


def _outcomes(refs: dict[str, list[FigureRef]], meta: dict[str, Any], ug: UnitGraph) -> list[Outcome]:
    out: list[Outcome] = []
    result_docs = _docs_by_unit(refs, _results, ug.aliases)
    for t_name in sorted(refs):
        tgts = [t for t in _targets(refs[t_name]) if t.unit]
        candidates: set[str] = set()
        for unit in {t.unit for t in tgts}:
            candidates |= result_docs.get(unit, set())
        for r_name in sorted(candidates):
            for res in _results(refs[r_name]):
                cands = []
                for tgt in tgts:
                    if tgt.concept != res.concept or not ug.same_unit(tgt.unit, res.unit):
                        continue
                    if not _same_measure(tgt.fact, res.fact):
                        continue
                    if tgt.years is None or res.years is None or tgt.years[1] != res.years[1]:
                        continue
                    if t_name == r_name and tgt.fact.evidence != res.fact.evidence:
                        continue  # within one document, only the row that states both
                    cands.append(tgt)
                if not cands:
                    continue
                tgt = min(cands, key=lambda t: (t.fact.parent is not None, t.fact.evidence.start))
                r: Result = res.fact  # type: ignore[assignment]
                status, computed = r.status, r.status_computed
                if status is None:
                    status, computed = verdict(tgt.fact, r.value, r.concept), True
                out.append(Outcome(tgt, res, status, computed))
    return out


def _same_measure(a: Target | Result, b: Target | Result) -> bool:
    """Figures in the same unit of measure (or both unstated), both per year or both not."""
    return a.unit_id == b.unit_id and a.per_year == b.per_year


def _revision_score(d: FigureRef, f: FigureRef) -> tuple[Any, ...]:
    """How likely a final figure is the revision of a draft figure: same list number and years first,
    then the wording, then the closeness of the values."""
    closeness = 0.0
    if d.fact.value is not None and f.fact.value is not None:
        a, b = abs(d.fact.value), abs(f.fact.value)
        closeness = float(min(a, b) / max(a, b)) if max(a, b) else 1.0
    return (
        d.fact.list_number is not None and d.fact.list_number == f.fact.list_number,
        d.years == f.years,
        round(fuzz.token_set_ratio(match_key(d.fact.label), match_key(f.fact.label)) / 10),
        closeness,
        -f.fact.evidence.start,
    )


def _revisions(refs: dict[str, list[FigureRef]], meta: dict[str, Any]) -> list[Revision]:
    out: list[Revision] = []
    for final_name in sorted(refs):
        draft_name = meta[final_name].revision_of
        if not draft_name or draft_name not in refs:
            continue
        drafts = [r for r in refs[draft_name] if r.concept]
        finals = [r for r in refs[final_name] if r.concept]
        used: set[str] = set()
        for d in drafts:
            cands = [
                f for f in finals
                if f.key not in used and type(f.fact) is type(d.fact) and f.concept == d.concept
                and _same_measure(f.fact, d.fact)
            ]
            if not cands:
                out.append(Revision(draft_name, final_name, d, None, "dropped"))
                continue
            best = max(cands, key=lambda f: _revision_score(d, f))
            used.add(best.key)
            same = (d.fact.comparator, d.fact.value, d.fact.value_max) == (
                best.fact.comparator,
                best.fact.value,
                best.fact.value_max,
            )
            out.append(Revision(draft_name, final_name, d, best, "unchanged" if same else "changed"))
        for f in finals:
            if f.key not in used:
                out.append(Revision(draft_name, final_name, None, f, "added"))
    return out


def _discrepancies(refs: dict[str, list[FigureRef]], meta: dict[str, Any], ug: UnitGraph) -> list[Discrepancy]:
    """Two results for the same unit, concept and period with different values, in one document or in two
    documents of the same date."""
    out: list[Discrepancy] = []
    groups: dict[tuple[Any, ...], list[FigureRef]] = defaultdict(list)
    for name in sorted(refs):
        for r in _results(refs[name]):
            if r.unit and r.years:
                groups[(r.concept, min(ug.aliases(r.unit)), r.years, r.fact.per_year)].append(r)
    for figs in groups.values():
        for i, a in enumerate(figs):
            for b in figs[i + 1 :]:
                if a.doc != b.doc and meta[a.doc].date != meta[b.doc].date:
                    continue
                if a.fact.unit_id != b.fact.unit_id or a.fact.value is None or b.fact.value is None:
                    continue
                if a.fact.value != b.fact.value:
                    reason = f"{_show(a.fact)} vs {_show(b.fact)} for {a.concept} {a.years[0]}-{a.years[1]}"
                    out.append(Discrepancy(a, b, reason))
    return out
