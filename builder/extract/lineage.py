"""Lineage statements: which units a unit was formed from, with shares, legal basis and dates.

Two phrasings are read, clean or OCR (matched on the repaired view):

- ``<new unit> được thành lập … trên cơ sở (hợp nhất | sáp nhập | nhập | sắp xếp) <parts>``
- ``<new unit> hợp nhất (từ) <parts>`` and ``việc hợp nhất <A> - <B>`` (the new unit then is the
  document's own unit, passed as ``scope``).

Parts are consecutive unit mentions after the verb, joined by separators and share phrases only: each
share phrase applies to the parts after it until the next one (``toàn bộ`` → whole, ``phần lớn`` → most,
``một phần`` → part, ``phần còn lại`` → rest; none stated → whole). The legal basis is a resolution
number (``1669/NQ-UBTVQH15``) in the sentence, its date the first date after it; ``từ ngày 01/7/2025``
gives the effective date. :func:`crosscheck` compares a statement with the dataset's mapping.
"""

from __future__ import annotations

import re

from ..document import Document
from ..facts import Lineage, LineagePart, UnitMention, fact_key
from ..gazetteer import Gazetteer
from ..normalise import fold_repaired

_TRIGGER_RE = re.compile(
    r"tren co s\w{0,2}\s+(?:hop nh\w{1,3}t|sap nh\w{1,3}p|nh\w{1,2}p|sap x\w{1,3}p)"
    r"|(?<![\w])(?:hop nh\w{1,3}t|sap nh\w{1,3}p)(?:\s+t\w{1,2}\b)?"
)
_SHARES = (
    ("rest", re.compile(r"ph\w{1,3}n\s+c[o0]n\s+l\w{1,2}i")),
    ("part", re.compile(r"m[o0]t\s+ph\w{1,3}n")),
    ("most", re.compile(r"ph\w{1,3}n\s+[l1][o06]\w{0,2}n\b")),
    ("whole", re.compile(r"toan\s+b\w{1,2}\b")),
)
_SENTENCE_END_RE = re.compile(r"\.\s+(?=[A-ZĐÀ-Ỹ])|\n\s*\n|;")
_BASIS_RE = re.compile(r"\b(\d{1,5}/(?:\d{4}/)?NQ-[A-Z0-9Đ]+)")
_DATE_RE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_EFFECTIVE_RE = re.compile(r"t(?:u|ir|w)\s+ng\w{1,3}y\s+(\d{1,2})/(\d{1,2})/(\d{4})")
_MAX_GAP_WORDS = 16


def _iso(day: str, month: str, year: str) -> str | None:
    d, m = int(day), int(month)
    if not (1 <= d <= 31 and 1 <= m <= 12):
        return None
    return f"{year}-{m:02d}-{d:02d}"


def _gap_ok(gap_source: str) -> bool:
    """Text between two parts: separators and lower-case share phrases only (no other names, no figures)."""
    words = re.findall(r"[^\s,;:()\-–]+", gap_source)
    if len(words) > _MAX_GAP_WORDS:
        return False
    return not any(w[:1].isupper() or w.isdigit() for w in words)


def extract_lineage(
    doc: Document, mentions: list[UnitMention], scope: UnitMention | None = None
) -> list[Lineage]:
    """Lineage statements of a document; ``mentions`` are its unit mentions (from extract.units)."""
    view = doc.views.repaired
    vtext = view.text
    ordered = sorted(mentions, key=lambda m: m.evidence.start)
    out: list[Lineage] = []
    for trig in _TRIGGER_RE.finditer(vtext):
        t_start, t_end = view.span(trig.start(), trig.end())
        sent_start, sent_end = _sentence(doc.text, t_start, t_end)
        after = [m for m in ordered if t_end <= m.evidence.start < sent_end]
        parts: list[LineagePart] = []
        share = "whole"
        pos = t_end
        for m in after:
            gap = doc.text[pos : m.evidence.start]
            if not _gap_ok(gap) or (not parts and re.match(r"\s*[,.;:]", gap)):
                break  # "sau sáp nhập, phường X …" is no statement of what X was formed from
            share = _share_in(fold_repaired(gap)) or share
            parts.append(LineagePart(m.key, share))
            pos = m.evidence.end
        if not parts:
            continue
        before = [m for m in ordered if sent_start <= m.evidence.start and m.evidence.end <= t_start]
        own = _new_unit(doc.text, before, t_start)
        new = own or scope
        if new is None or not parts or any(p.mention == new.key for p in parts):
            continue
        legal, date = _basis(doc.text[sent_start:sent_end])
        eff = _EFFECTIVE_RE.search(fold_repaired(doc.text[sent_start:t_start]))
        ev = doc.evidence(own.evidence.start if own else t_start, pos)
        out.append(
            Lineage(
                key=fact_key("lineage", ev.start, ev.end),
                unit=new.key,
                parts=tuple(parts),
                evidence=ev,
                legal_basis=legal,
                date=date,
                effective=_iso(*eff.groups()) if eff else None,
            )
        )
    return _dedupe(out)

def _share_in(gap_key: str) -> str | None:
    for share, rx in _SHARES:
        if rx.search(gap_key):
            return share
    return None


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around a trigger (bounded: 400 characters before, 800 after)."""
    lo = max(0, start - 400)
    s = lo
    for m in _SENTENCE_END_RE.finditer(text, lo, start):
        s = m.end()
    if s == lo and lo > 0:
        nl = text.rfind("\n", lo, start)
        s = nl + 1 if nl >= 0 else lo
    e_m = _SENTENCE_END_RE.search(text, end, min(len(text), end + 800))
    return s, e_m.start() if e_m else min(len(text), end + 800)


def _new_unit(text: str, before: list[UnitMention], trigger_start: int) -> UnitMention | None:
    """The unit the sentence is about: the last mention before the trigger in the same clause
    (``X được thành lập … trên cơ sở``, ``Đảng bộ xã X hợp nhất từ …``)."""
    for m in reversed(before):
        if trigger_start - m.evidence.end <= 300 and _gap_ok_clause(text[m.evidence.end : trigger_start]):
            return m
        break
    return None


def _gap_ok_clause(gap: str) -> bool:
    """Between the new unit and the trigger: no other sentence or list of units."""
    return not re.search(r"\.\s+[A-ZĐ]|\n\s*\n", gap)


def _basis(sentence: str) -> tuple[str | None, str | None]:
    m = _BASIS_RE.search(sentence)
    if not m:
        return None, None
    d = _DATE_RE.search(sentence, m.end(), m.end() + 40)
    return m.group(1), _iso(*d.groups()) if d else None


def _dedupe(lineages: list[Lineage]) -> list[Lineage]:
    seen: set[tuple[str, tuple[LineagePart, ...]]] = set()
    out = []
    for ln in lineages:
        sig = (ln.unit, ln.parts)
        if sig not in seen:
            seen.add(sig)
            out.append(ln)
    return out


# --- cross-check against the dataset -------------------------------------------------------

_COMPATIBLE = {"whole": {"whole"}, "most": {"part"}, "part": {"part"}, "rest": {"part"}}


def crosscheck(lineages: list[Lineage], gazetteer: Gazetteer, mentions: list[UnitMention]) -> list[str]:
    """Disagreements between lineage read from the text and the dataset's mapping, both sides stated."""
    by_key = {m.key: m for m in mentions}
    problems: list[str] = []
    for ln in lineages:
        new_m = by_key.get(ln.unit)
        where = f"{ln.key}"
        if new_m is None or not new_m.unit_iri_key:
            problems.append(
                f"{where}: the new unit {new_m.text if new_m else ln.unit!r} is not linked; "
                "cannot compare with the dataset"
            )
            continue
        new = gazetteer.get(new_m.unit_iri_key)
        if new is None:
            continue
        dataset = dict(new.predecessors)
        if not dataset:
            problems.append(
                f"{where}: text says {new.full_name} ({new.key}) was formed from "
                f"{_list_parts(ln, by_key)}; the dataset records no predecessors for it"
            )
            continue
        seen: set[str] = set()
        for part in ln.parts:
            pm = by_key.get(part.mention)
            if pm is None or not pm.unit_iri_key:
                problems.append(
                    f"{where}: text names {pm.text if pm else part.mention!r} ({part.share}) as a "
                    f"predecessor of {new.full_name}, but it is not linked ({pm.reason if pm else ''})"
                )
                continue
            seen.add(pm.unit_iri_key)
            old = gazetteer.get(pm.unit_iri_key)
            label = old.full_name if old else pm.unit_iri_key
            if pm.unit_iri_key not in dataset:
                problems.append(
                    f"{where}: text says {new.full_name} was formed from {label} ({part.share}); "
                    f"the dataset does not list {label} among its predecessors"
                )
            elif dataset[pm.unit_iri_key] not in _COMPATIBLE[part.share]:
                problems.append(
                    f"{where}: text gives {label} share '{part.share}' in {new.full_name}; "
                    f"the dataset says '{dataset[pm.unit_iri_key]}'"
                )
        for k, share in sorted(dataset.items()):
            if k not in seen:
                old = gazetteer.get(k)
                problems.append(
                    f"{where}: the dataset lists {old.full_name if old else k} ({share}) as a "
                    f"predecessor of {new.full_name}; the text does not"
                )
    return problems


def _list_parts(ln: Lineage, by_key: dict[str, UnitMention]) -> str:
    return ", ".join(
        f"{by_key[p.mention].text if p.mention in by_key else p.mention} ({p.share})" for p in ln.parts
    )
