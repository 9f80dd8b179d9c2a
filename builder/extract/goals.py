"""Goals, breakthroughs and main tasks of a plan, read from its forward-looking headings.

- *general*: "Mục tiêu tổng quát", "Mục tiêu chung", "Mục tiêu đến năm 2030", "Mục tiêu" — the first paragraph
  of the section; its further paragraphs are *field* goals when their wording names a field.
- *breakthrough*: each numbered item or paragraph under a heading naming "đột phá" (or after a lead
  sentence "… các đột phá sau:").
- *task*: each numbered sub-heading of "Nhiệm vụ, giải pháp (chủ yếu)" / "Phương hướng, nhiệm vụ".

:func:`attach_goals` links each target to the innermost goal whose section holds it, else the general goal.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..document import Document
from ..facts import Goal, Section, Target, fact_key
from ..normalise import match_key
from . import context as cx
from . import targets as tg

_GENERAL = re.compile(
    r"^(?:[\divx]+[.\-)]?\s*)?muc\s+tieu(?:\s+(?:tong\s+quat|chung|den\s+nam\s+\d{4}))?\s*$"
)
_BREAKTHROUGH = re.compile(
    r"^(?:[\divx.]+[.\-)]?\s*)?(?:c\w{1,2}\s+)?(?:kh\w{1,2}u\s+|giai\s+phap\s+)?d\w{1,2}\s+pha\b"
)
_TASKS = re.compile(
    r"\bnhiem\s+vu\b.*\bg\w{2,3}\s+phap\b|\bphuong\s+huong\b.*\bnhiem\s+vu\b|\bnhiem\s+vu\s+trong\s+tam\b"
)
_LEAD_BREAKTHROUGH = re.compile(r"(?:cac\s+)?(?:khau\s+)?dot\s+pha(?:\s+chien\s+luoc)?(?:\s+sau)?\s*:\s*$")
_LABEL_MAX = 120


def extract_goals(doc: Document) -> list[Goal]:
    """General and field goals, breakthroughs and tasks of the plan, in document order."""
    sections = cx.sections_of(doc)
    term = cx.plan_term(doc)
    out: list[Goal] = []
    for sec in sections:
        if sec.kind in ("table", "footnote", "item", "appendix"):
            continue
        if tg._is_review(sections, sec, term):
            continue
        title = _title_key(sec)
        if _GENERAL.match(title):
            out.extend(_general(doc, sections, sec))
        elif _BREAKTHROUGH.search(title) and sec.kind != "clause":
            out.extend(_listed(doc, sections, sec, "breakthrough"))
        elif _TASKS.search(title) and sec.kind != "part" and not re.search(r"muc\s+tieu|quan\s+diem", title):
            out.extend(_tasks(doc, sections, sec))
    out.extend(_lead_breakthroughs(doc, sections, term, out))
    seen: dict[str, Goal] = {}
    for g in out:
        seen.setdefault(g.key, g)
    return sorted(seen.values(), key=lambda g: (g.evidence.start, g.evidence.end))


def _title_key(sec: Section) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", match_key(sec.title)).split())


def _children(sections: list[Section], sec: Section) -> list[Section]:
    return [s for s in sections if s.parent == sec.key]


def _body(doc: Document, sections: list[Section], sec: Section) -> tuple[int, int]:
    """View range of a section's own text (after its title, before its first child section)."""
    vs, ve = cx.view_range(doc, sec)
    title_end = doc.views.repaired.to_view(sec.title_evidence.end)
    kids = [s for s in _children(sections, sec) if s.kind not in ("footnote",)]
    end = min([doc.views.repaired.to_view(k.start) for k in kids] + [ve])
    return max(vs, title_end), end


def _paragraphs(view: str, vs: int, ve: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = vs
    for m in re.finditer(r"\n[ \t]*\n", view[vs:ve]):
        out.append((pos, vs + m.start()))
        pos = vs + m.end()
    out.append((pos, ve))
    return [(a, b) for a, b in out if view[a:b].strip()]


def _label(doc: Document, vs: int, ve: int) -> tuple[str, int]:
    """Short label: the first clause (up to ``;`` or a sentence end), at most 120 characters."""
    view = cx.view_text(doc)
    vs = cx.strip_lead(view, vs, ve)
    m = re.search(r";|\.(?=\s)|:\s*$", view[vs:ve])
    end = vs + m.start() if m else ve
    text = " ".join(cx.source_slice(doc, vs, end).split())
    if len(text) > _LABEL_MAX:
        cut = text.rfind(" ", 0, _LABEL_MAX)
        text = text[: cut if cut > 40 else _LABEL_MAX].rstrip(" ,;:") + "…"
    return text, end


def _goal(
    doc: Document,
    kind: str,
    vs: int,
    ve: int,
    sec: Section,
    number: str | None = None,
    field: str | None = None,
) -> Goal | None:
    view = cx.view_text(doc)
    vs = cx.strip_lead(view, vs, ve)
    ve = cx.trim_end(view, vs, ve)
    if ve <= vs:
        return None
    label, end = _label(doc, vs, ve)
    ev = cx.evidence(doc, vs, cx.trim_end(view, vs, end))
    return Goal(
        key=fact_key(f"goal-{kind}", ev.start, ev.end),
        kind=kind,
        label=label,
        heading=" ".join(sec.title.split()),
        evidence=ev,
        field=field,
        section=sec.key,
        list_number=number,
    )


def _general(doc: Document, sections: list[Section], sec: Section) -> list[Goal]:
    view = cx.view_text(doc)
    vs, ve = _body(doc, sections, sec)
    out: list[Goal] = []
    for i, (a, b) in enumerate(_paragraphs(view, vs, ve)):
        if i == 0:
            g = _goal(doc, "general", a, b, sec)
        else:
            fields = cx.fields_in(view[a:b][:300])
            if not fields:
                continue
            g = _goal(doc, "field", a, b, sec, field=fields[0])
        if g is not None:
            out.append(g)
    return out


def _listed(doc: Document, sections: list[Section], sec: Section, kind: str) -> list[Goal]:
    """One goal per numbered child section or list item (or paragraph) of a section."""
    view = cx.view_text(doc)
    kids = [s for s in _children(sections, sec) if s.kind not in ("footnote", "table")]
    out: list[Goal] = []
    if kids:
        for k in kids:
            if k.kind in ("item", "clause"):
                kvs, kve = cx.view_range(doc, k)
                g = _goal(doc, kind, kvs, kve, sec, number=k.number, field=cx.field_for([k.title], k.title))
            else:
                g = _heading_goal(k, sec, kind)
            if g is not None:
                out.append(g)
        return out
    vs, ve = _body(doc, sections, sec)
    for item in tg._items(doc, sections, vs, ve, []):
        g = _goal(
            doc,
            kind,
            item.vs,
            item.ve,
            sec,
            number=item.number,
            field=cx.field_for([], view[item.vs : item.ve][:300]),
        )
        if g is not None:
            out.append(g)
    return out


def _heading_goal(k: Section, sec: Section, kind: str) -> Goal:
    ev = k.title_evidence
    title = " ".join(k.title.split())
    label = title if len(title) <= _LABEL_MAX else title[: title.rfind(" ", 0, _LABEL_MAX)] + "…"
    return Goal(
        key=fact_key(f"goal-{kind}", ev.start, ev.end),
        kind=kind,
        label=label,
        heading=" ".join(sec.title.split()),
        evidence=ev,
        field=cx.field_for([k.title], k.title),
        section=k.key,
        list_number=k.number,
    )


def _tasks(doc: Document, sections: list[Section], sec: Section) -> list[Goal]:
    return [
        _heading_goal(k, sec, "task")
        for k in _children(sections, sec)
        if k.kind not in ("footnote", "table", "item")
    ]


def _lead_breakthroughs(
    doc: Document, sections: list[Section], term: tuple[int | None, int | None], found: list[Goal]
) -> list[Goal]:
    """Items after a lead sentence "… quyết liệt thực hiện các đột phá sau:" in a forward section."""
    view = cx.view_text(doc)
    out: list[Goal] = []
    have = {g.evidence.start for g in found if g.kind == "breakthrough"}
    for m in re.finditer(r"(?m)^[^\n]*dot\s+pha[^\n]*:[ \t]*\n", view):
        if not _LEAD_BREAKTHROUGH.search(view[m.start() : m.end()].rstrip()):
            continue
        src = doc.views.repaired.span(m.start(), m.start() + 1)[0]
        sec = tg._section_at(sections, src)
        if sec is None or tg._is_review(sections, sec, term):
            continue
        _, ve = cx.view_range(doc, sec)
        for item in tg._items(doc, sections, m.end(), ve, []):
            if item.number is None and not re.match(r"\s*[-–+•]", view[item.vs : item.vs + 3]):
                break
            g = _goal(
                doc,
                "breakthrough",
                item.vs,
                item.ve,
                sec,
                number=item.number,
                field=cx.field_for([], view[item.vs : item.ve][:300]),
            )
            if g is not None and g.evidence.start not in have:
                out.append(g)
    return out


def attach_goals(targets: list[Target], goals: list[Goal], doc: Document) -> list[Target]:
    """Set each target's ``goal`` (innermost goal section holding it, else the general goal) and field."""
    sections = cx.sections_of(doc)
    by_key = {s.key: s for s in sections}
    general = next((g for g in goals if g.kind == "general"), None)
    scoped: list[tuple[Section, Goal]] = []
    for g in goals:
        if g.kind == "task" and g.section in by_key:
            scoped.append((by_key[g.section], g))
    out: list[Target] = []
    for t in targets:
        holder = [(s, g) for s, g in scoped if s.start <= t.evidence.start < s.end]
        goal = max(holder, key=lambda sg: sg[0].start)[1] if holder else general
        field = t.field or (goal.field if goal else None)
        out.append(replace(t, goal=goal.key if goal else None, field=field))
    return out
