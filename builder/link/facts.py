"""Link one document's facts: indicator concepts, units of measure, administrative units and scopes.

Runs after extraction, before emit. Extractors may leave ``concept``/``unit_id`` empty and may put a raw
unit phrase (``"phường Quảng Thanh"``) in a fact's ``scope``; here every scope becomes the key of a
:class:`~builder.facts.UnitMention` of the document (or the document's own scope when none is stated).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..document import Document
from ..facts import DocumentFacts, Result, Target, UnitMention
from ..normalise import match_key
from .accents import restore as restore_accents


def _concept(label: str, context: str) -> str | None:
    from .indicators import IndicatorIndex

    m = IndicatorIndex.load().match(label, context)
    return m.local if m else None


def _uom(stated: str | None) -> str | None:
    if not stated:
        return None
    from .uom import resolve_unit

    m = resolve_unit(stated)
    return m.local if m else None


def _context(doc: Document, f: Target | Result, parents: dict[str, Target | Result]) -> str:
    parts = []
    if f.parent and f.parent in parents:
        parts.append(parents[f.parent].label)
    for s in doc.ancestors(f.section)[:3]:
        parts.append(s.title)
    return " | ".join(parts)


def link_figures(doc: Document, figures: list[Any], *, ocr: bool = False) -> list[Any]:
    """Fill ``concept`` and ``unit_id`` where the extractor left them empty; in OCR text, restore the
    accents of the wording where the indicator vocabulary makes it unambiguous (the quote keeps the text)."""
    by_key = {f.key: f for f in figures}
    out = []
    for f in figures:
        changes: dict[str, object] = {}
        if ocr:
            restored = restore_accents(f.label)
            if restored != f.label:
                changes["label"] = restored
        if not f.concept:
            changes["concept"] = _concept(f.label, _context(doc, f, by_key))
        if not f.unit_id and f.unit:
            changes["unit_id"] = _uom(f.unit)
        out.append(dataclasses.replace(f, **changes) if changes else f)
    return out


def _scope_index(mentions: list[UnitMention]) -> dict[str, list[UnitMention]]:
    index: dict[str, list[UnitMention]] = {}
    for m in mentions:
        for k in {match_key(m.text), match_key(m.name)}:
            index.setdefault(k, []).append(m)
    return index


def _resolve_scope(raw: str, at: int, index: dict[str, list[UnitMention]], keys: set[str]) -> str | None:
    """A raw scope (mention key or unit phrase) → the key of the nearest matching mention before ``at``."""
    if raw in keys:
        return raw
    candidates = index.get(match_key(raw), [])
    if not candidates:
        # "Đảng bộ phường Quảng Thanh" → try the phrase's tail words.
        words = match_key(raw).split()
        for n in range(len(words) - 1, 1, -1):
            candidates = index.get(" ".join(words[-n:]), [])
            if candidates:
                break
    if not candidates:
        return None
    before = [m for m in candidates if m.evidence.start <= at]
    best = max(before, key=lambda m: m.evidence.start) if before else min(candidates, key=lambda m: m.evidence.start)
    return best.key


def link_document(doc: Document, facts: DocumentFacts, gazetteer: Any | None) -> None:
    """Link a document's facts in place."""
    from ..extract.lineage import crosscheck, extract_lineage
    from .admin_units import document_scope, link_lineage_parts, link_mentions

    facts.mentions = link_mentions(facts.mentions, facts.meta, gazetteer, doc.text)
    own = document_scope(doc, facts.meta, facts.mentions, gazetteer)
    if own is not None:
        if own.key not in {m.key for m in facts.mentions}:
            facts.mentions.append(own)
        facts.scope = own.key
    facts.lineages = extract_lineage(doc, facts.mentions, own)
    facts.mentions = link_lineage_parts(facts.lineages, facts.mentions, gazetteer)
    for problem in crosscheck(facts.lineages, gazetteer, facts.mentions):
        key, _, message = problem.partition(": ")
        facts.lineage_notes.setdefault(key, []).append(message)
    ocr = facts.meta.quality == "ocr"
    facts.targets = link_figures(doc, facts.targets, ocr=ocr)
    facts.results = link_figures(doc, facts.results, ocr=ocr)

    index = _scope_index(facts.mentions)
    keys = {m.key for m in facts.mentions}
    linked = sorted((m for m in facts.mentions if m.unit_iri_key and m.evidence.end > m.evidence.start),
                    key=lambda m: m.evidence.start)

    def named_inside(f: Any) -> str | None:
        """The one unit a fact's own quote names ("… trên địa bàn tỉnh Hải Dương …"), if exactly one."""
        inside = [m for m in linked if f.evidence.start <= m.evidence.start and m.evidence.end <= f.evidence.end]
        units = {m.unit_iri_key for m in inside}
        return inside[0].key if len(units) == 1 else None

    def scoped(f: Any) -> Any:
        key = _resolve_scope(f.scope, f.evidence.start, index, keys) if f.scope else None
        return dataclasses.replace(f, scope=key or named_inside(f) or facts.scope)

    facts.targets = [scoped(t) for t in facts.targets]
    facts.results = [scoped(r) for r in facts.results]
    facts.projects = [
        dataclasses.replace(
            p,
            units=tuple(
                k for k in (_resolve_scope(u, p.evidence.start, index, keys) for u in p.units) if k is not None
            ),
        )
        for p in facts.projects
    ]
