"""Link unit mentions to the gazetteer: the right unit, in the right era, or no link and a reason.

A mention is looked up in widening scopes, and the first scope with any candidate decides:

1. the neighbourhood of the document's own unit (its predecessors and their districts),
2. the document's province and the provinces of the other era linked to it by lineage,
3. the whole country (exact names only; no OCR-tolerant matching this far from home).

In each scope the era valid at the document's date is tried before the other era: a 2020 text's
``huyện Thủy Nguyên`` is the legacy district; a post-merger ward report's ``phường Quảng Thanh`` is the
legacy ward because no 2025 unit of that name exists nearby. One candidate links; several leave the
mention unlinked with ``reason`` "ambiguous: N candidates"; none with "unknown name". Afterwards a 2025
link is moved to the legacy unit of the same name when the text marks it as old (``Hải Phòng (cũ)``) or
pairs it with a legacy-only unit of the same level (``thành phố Hải Phòng và tỉnh Hải Dương``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from ..document import Document
from ..facts import DocumentMeta, Evidence, Lineage, UnitMention
from ..gazetteer import LEGACY, NEW, NEW_START, TYPE_OF_WORD, Gazetteer, Unit
from ..normalise import fold, match_key

_OLD_MARK = re.compile(r"^\s*\((?:cu|cii|ci|cti|cfi)\)")  # "(cũ)" as written, folded; OCR variants
_PAIR_GAP = re.compile(r"^\s*(?:,|va|và|-|và\s+các|cùng)\s*$")


def document_era(meta: DocumentMeta) -> str | None:
    """``2025`` for documents dated from 1 Jul 2025, ``legacy`` before, None when unknown."""
    date = meta.date or ""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        return NEW if date >= NEW_START else LEGACY
    year = int(date[:4]) if re.match(r"\d{4}", date) else meta.term_start
    if year is None:
        return None
    if year == 2025:
        # A 2025 document with only a year: the term it opens tells (2025-2030 plans follow the merger).
        return NEW if (meta.term_start or 0) >= 2025 else None
    return NEW if year > 2025 else LEGACY


class _Context:
    """What linking knows about the document: era, home province region, own unit's neighbourhood."""

    def __init__(self, meta: DocumentMeta, gaz: Gazetteer, mentions: list[UnitMention]) -> None:
        self.gaz = gaz
        self.era = document_era(meta)
        self.ocr = meta.quality == "ocr" if meta.quality else _mentions_look_ocr(mentions)
        self.region: set[str] = set()
        self.home: set[str] = set()
        if meta.unit_name:
            own = _lookup_own(gaz, meta.unit_name, self.era)
            for u in own:
                prov = gaz.province_of(u.key)
                if prov is not None:
                    self.region |= gaz.region(prov.key)
                if u.level != "province":
                    self.home |= neighbourhood(gaz, u)

    def eras(self) -> list[str]:
        if self.era is None:
            return [NEW, LEGACY]
        return [self.era, LEGACY if self.era == NEW else NEW]

    def candidates(
        self, name: str, type_word: str | None, within: set[str] | None = None
    ) -> tuple[list[Unit], str]:
        """Candidates in the first scope that has any; ``within`` (a parent named next to the mention)
        replaces the document's own scopes."""
        scopes: list[tuple[set[str] | None, bool]] = []
        if within:
            scopes.append((within, self.ocr))
        else:
            if self.home:
                scopes.append((self.home, self.ocr))
            if self.region:
                scopes.append((self.region, self.ocr))
        # Beyond the home province only province-level units are safe: commune names repeat everywhere.
        far = not (within or self.region)
        scopes.append((None, False))
        for scope, fuzzy in scopes:
            found_any: list[Unit] = []
            for era in self.eras():
                found = self.gaz.lookup(name, type_word, era, scope, fuzzy=fuzzy)
                if scope is None and not far:
                    found = [u for u in found if u.level == "province"]
                if found:
                    if self.era is None or type_word is None:
                        # No date, or a bare name of uncertain type: both eras must agree on one unit.
                        found_any.extend(found)
                        continue
                    return found, "scope"
            if found_any:
                return _dedupe(found_any), "scope"
        return [], "unknown name" if within or not self.region else "unknown name in the document's province"


def neighbourhood(gaz: Gazetteer, unit: Unit) -> set[str]:
    """A unit, the units it was formed from or went into, and the districts those lay in."""
    keys = {unit.key}
    keys |= {k for k, _ in unit.predecessors}
    keys |= {k for k, _ in gaz.successors.get(unit.key, ())}
    for k in list(keys):
        u = gaz.get(k)
        if u is not None and u.parent_key and u.level == "commune" and u.era == LEGACY:
            keys.add(u.parent_key)
    return keys


def _lookup_own(gaz: Gazetteer, unit_name: str, era: str | None) -> list[Unit]:
    found = gaz.lookup(unit_name, None, era, None, fuzzy=False)
    if not found and era is not None:
        found = gaz.lookup(unit_name, None, None, None, fuzzy=False)
    return found if len(found) <= 2 else []


def _dedupe(units: Iterable[Unit]) -> list[Unit]:
    return sorted({u.key: u for u in units}.values(), key=lambda u: u.key)


def _mentions_look_ocr(mentions: list[UnitMention]) -> bool:
    words = [w for m in mentions for w in re.findall(r"[^\W\d_]+", m.text)]
    return bool(words) and sum(1 for w in words if not w.isascii()) / len(words) < 0.5


def _linked(m: UnitMention, u: Unit) -> UnitMention:
    return replace(m, code=u.code, unit_iri_key=u.key, level=u.level, name=u.name, reason=None)


def link_mentions(
    mentions: list[UnitMention],
    meta: DocumentMeta,
    gazetteer: Gazetteer | None = None,
    text: str | None = None,
) -> list[UnitMention]:
    """Fill ``code``, ``unit_iri_key``, ``level`` (and the accented ``name``) or ``reason`` of each mention.

    ``text`` (the document's source text) lets linking see an ``(cũ)`` mark after a mention.
    """
    gaz = gazetteer if gazetteer is not None else Gazetteer.load()
    ctx = _Context(meta, gaz, mentions)
    out: list[UnitMention] = []
    cache: dict[tuple[str, str | None, frozenset[str]], tuple[list[Unit], str]] = {}
    for i, m in enumerate(mentions):
        parent = _named_parent(mentions, i, ctx, text)
        ck = (match_key(m.name), m.type_word, frozenset(parent or ()))
        if ck not in cache:
            cache[ck] = ctx.candidates(m.name, m.type_word, parent)
        found, why = cache[ck]
        if len(found) == 1:
            out.append(_linked(m, found[0]))
        elif found:
            out.append(replace(m, reason=f"ambiguous: {len(found)} candidates"))
        else:
            out.append(replace(m, reason=why))
    return _prefer_legacy_when_marked(out, gaz, text)


def _named_parent(mentions: list[UnitMention], i: int, ctx: _Context, text: str | None) -> set[str] | None:
    """The units a mention's written parent may be (``thị xã Kinh Môn, tỉnh Hải Dương``), as a scope."""
    if text is None or i + 1 >= len(mentions):
        return None
    m, nxt = mentions[i], mentions[i + 1]
    if not re.fullmatch(r"\s*,\s*", text[m.evidence.end : nxt.evidence.start]) or not nxt.type_word:
        return None
    own = TYPE_OF_WORD.get(match_key(m.type_word)) if m.type_word else None
    parent = TYPE_OF_WORD.get(match_key(nxt.type_word)) or ()
    rank = {"commune": 0, "district": 1, "province": 2}
    if not own or min(rank[lv] for _, lv in parent) <= max(rank[lv] for _, lv in own):
        return None
    found, _ = ctx.candidates(nxt.name, nxt.type_word)
    if not found:
        return None
    scope: set[str] = set()
    for u in found:
        scope |= ctx.gaz.region(u.key) if u.level == "province" else neighbourhood(ctx.gaz, u) | {u.key}
    return scope


def _legacy_twin(gaz: Gazetteer, u: Unit) -> Unit | None:
    """The legacy unit of the same name and level that a 2025 unit was formed from."""
    for k, _ in u.predecessors:
        p = gaz.get(k)
        if p is not None and p.level == u.level and match_key(p.name) == match_key(u.name):
            return p
    return None


def _prefer_legacy_when_marked(
    mentions: list[UnitMention], gaz: Gazetteer, text: str | None
) -> list[UnitMention]:
    out = list(mentions)
    for i, m in enumerate(out):
        u = gaz.get(m.unit_iri_key) if m.unit_iri_key else None
        if u is None or u.era != NEW:
            continue
        twin = _legacy_twin(gaz, u)
        if twin is None:
            continue
        marked = text is not None and bool(_OLD_MARK.match(fold(text[m.evidence.end : m.evidence.end + 8])))
        for j in (i - 1, i + 1):
            if marked or not 0 <= j < len(out) or text is None:
                continue
            other = out[j]
            v = gaz.get(other.unit_iri_key) if other.unit_iri_key else None
            if v is None or v.era != LEGACY or v.level != u.level or v.valid_to is None:
                continue
            if any(s.era == NEW and match_key(s.name) == match_key(v.name) for s in _successors(gaz, v)):
                continue  # the partner also lives on under its name: no evidence either way
            lo, hi = sorted((m.evidence, other.evidence), key=lambda e: e.start)
            marked = bool(_PAIR_GAP.match(text[lo.end : hi.start]))
        if marked:
            out[i] = _linked(m, twin)
    return out


def _successors(gaz: Gazetteer, u: Unit) -> list[Unit]:
    return [s for k, _ in gaz.successors.get(u.key, ()) if (s := gaz.get(k)) is not None]


def document_scope(
    doc: Document, meta: DocumentMeta, mentions: list[UnitMention], gazetteer: Gazetteer | None = None
) -> UnitMention | None:
    """The document's own unit (whose plan it is), as one of its linked mentions.

    From ``meta.unit_name`` when given (the first mention linked to that unit, or a mention built from the
    metadata with an empty evidence range at 0 when the text never names it); otherwise the unit most often
    named among the mentions in the document's opening lines.
    """
    gaz = gazetteer if gazetteer is not None else Gazetteer.load()
    linked = [m for m in mentions if m.unit_iri_key]
    if meta.unit_name:
        own = _lookup_own(gaz, meta.unit_name, document_era(meta))
        keys = {u.key for u in own}
        hit = next((m for m in linked if m.unit_iri_key in keys), None)
        if hit is not None:
            return hit
        if len(own) == 1:
            u = own[0]
            return UnitMention(
                key="unit-scope",
                text=meta.unit_name,
                name=u.name,
                type_word=None,
                evidence=Evidence(0, 0, ""),
                code=u.code,
                unit_iri_key=u.key,
                level=u.level,
            )
        return None
    head_end = _head_end(doc.text)
    head = [m for m in linked if m.evidence.start < head_end]
    if not head:
        return None
    counts = Counter(m.unit_iri_key for m in linked)
    best = max(head, key=lambda m: (counts[m.unit_iri_key], -m.evidence.start))
    return best


def _head_end(text: str, lines: int = 12) -> int:
    pos = 0
    for _ in range(lines):
        nxt = text.find("\n", pos + 1)
        if nxt < 0:
            return len(text)
        pos = nxt
    return max(pos, min(len(text), 2000))


def units_for_graph(
    mentions: list[UnitMention], gazetteer: Gazetteer | None = None, full: bool = False
) -> list[Unit]:
    """Units to put in the graph: the linked ones, their ancestors and lineage neighbours (and the
    neighbours' ancestors, so every parent link resolves); every unit with ``full=True``. Sorted by key."""
    gaz = gazetteer if gazetteer is not None else Gazetteer.load()
    if full:
        return [gaz.units[k] for k in sorted(gaz.units)]
    keys: set[str] = set()
    for m in mentions:
        if m.unit_iri_key and m.unit_iri_key in gaz.units:
            u = gaz.units[m.unit_iri_key]
            keys.add(u.key)
            keys |= {k for k, _ in u.predecessors}
            keys |= {k for k, _ in gaz.successors.get(u.key, ())}
    for k in list(keys):
        keys |= {a.key for a in gaz.ancestors(k)}
    return [gaz.units[k] for k in sorted(keys)]


def link_lineage_parts(
    lineages: list[Lineage], mentions: list[UnitMention], gazetteer: Gazetteer | None = None
) -> list[UnitMention]:
    """Relink the predecessors named in lineage statements to the units the new unit was formed from.

    A part is a unit of the era before its new unit: when its name matches exactly one of the new unit's
    dataset predecessors it links there (``Hải Phòng - Hải Dương`` → the two legacy provinces); a part
    linked to a 2025 unit moves to that unit's legacy twin. Other mentions are returned unchanged.
    """
    gaz = gazetteer if gazetteer is not None else Gazetteer.load()
    by_key = {m.key: m for m in mentions}
    moved: dict[str, UnitMention] = {}
    for ln in lineages:
        new_m = by_key.get(ln.unit)
        new = gaz.get(new_m.unit_iri_key) if new_m and new_m.unit_iri_key else None
        if new is None:
            continue
        preds = [u for k, _ in new.predecessors if (u := gaz.get(k)) is not None]
        for part in ln.parts:
            pm = by_key.get(part.mention)
            if pm is None:
                continue
            same = [u for u in preds if gaz_name_match(pm.name, u)]
            if len(same) > 1 and pm.type_word:
                typed = gaz.lookup(pm.name, pm.type_word, fuzzy=False)
                same = [u for u in same if u in typed]
            if len(same) == 1:
                moved[pm.key] = _linked(pm, same[0])
            elif pm.unit_iri_key == new.key and (twin := _legacy_twin(gaz, new)) is not None:
                moved[pm.key] = _linked(pm, twin)
    return [moved.get(m.key, m) for m in mentions]


def gaz_name_match(name: str, unit: Unit) -> bool:
    from ..gazetteer import name_key, skeleton_cost

    a, b = name_key(name), name_key(unit.name)
    if a == b:
        return True
    cost = skeleton_cost(a, b)
    return cost is not None and cost < max(2, len(b.split()))
