"""Results from review prose: achieved figures with the target they are measured against and a verdict.

Read in the review part of a plan (sections about results of the past term), clause by clause. A figure
is a result when its clause compares it with a target ("mục tiêu", "kế hoạch", "chỉ tiêu", "vượt",
"không đạt", "gấp … lần", a slash form ``19.201/15.500``, a percent of plan "đạt 123,8%") or when its
wording names a known indicator (``IndicatorIndex``) with a result verb (đạt, tăng, giảm, còn, chiếm).
Precision first: other numbers of the review (counts of projects, delegates, areas) are left alone.

Verdicts: stated by the text (vượt → exceeded, đạt / hoàn thành → met, không đạt / chưa đạt → not_met),
else computed from the value, the stated target and the indicator's polarity (``status_computed``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from ..document import Document
from ..facts import Result, Section, fact_key
from ..normalise import match_key
from ..quantities import Quantity
from . import context as cx
from . import targets as tg

_EXCEEDED = re.compile(r"\b(?:vuot|hoan\s+thanh\s+vuot|cao\s+hon\s+(?:muc\s+tieu|ke\s+hoach|chi\s+tieu))\b")
_NOT_MET = re.compile(r"\b(?:khong\s+dat|chua\s+dat|khong\s+hoan\s+thanh|chua\s+hoan\s+thanh|thap\s+hon)\b")
_MET = re.compile(
    r"\b(?:dat|hoan\s+thanh)\s+(?:va\s+vuot\s+)?(?:muc\s+tieu|ke\s+hoach|chi\s+tieu|nghi\s+quyet)\b"
)
_TARGET_WORD = re.compile(r"\b(?:muc\s+tieu|ke\s+hoach|chi\s+tieu|nghi\s+quyet|du\s+toan|de\s+ra)\b")
_RESULT_VERB = re.compile(
    r"\b(?:dat|tang|giam|con|chiem|uoc\s+dat|thuc\s+hien|ket\s+nap|thu\s+hut|dat\s+duoc)\b"
)
_TARGET_BEFORE = re.compile(
    r"(?:muc\s+tieu|ke\s+hoach|chi\s+tieu)(?:\s+(?:de\s+ra|nghi\s+quyet|giao|dai\s+hoi))*\s*(?:la\s*)?[:(]?\s*$"
)
_TIMES = re.compile(r"gap\s+[\d.,]+\s+lan\s+(?:so\s+voi\s+)?(?:muc\s+tieu|ke\s+hoach|chi\s+tieu)")


def extract_results(doc: Document) -> list[Result]:
    """Result figures stated in the review prose of a plan text, in document order."""
    sections = cx.sections_of(doc)
    term = cx.plan_term(doc)
    review_term = cx.review_term(term)
    skip = [cx.view_range(doc, s) for s in sections if s.kind in ("table", "appendix")]
    out: list[Result] = []
    for vs, ve in _review_ranges(doc, sections, term):
        for part in tg._subtract((vs, ve), skip):
            for item in tg._items(doc, sections, part[0], part[1], skip):
                out.extend(_item_results(doc, sections, item, review_term))
    seen: dict[str, Result] = {}
    for r in out:
        seen.setdefault(r.key, r)
    return sorted(seen.values(), key=lambda r: (r.evidence.start, r.evidence.end))


def _review_ranges(
    doc: Document, sections: list[Section], term: tuple[int | None, int | None]
) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for sec in sections:
        if sec.kind in ("table", "footnote", "item", "clause", "appendix"):
            continue
        if not tg._is_review(sections, sec, term):
            continue
        if any(s.kind == "appendix" for s in tg._chain(sections, sec)):
            continue
        rng = cx.view_range(doc, sec)
        if any(s <= rng[0] and rng[1] <= e for s, e in out):
            continue
        out = [(s, e) for s, e in out if not (rng[0] <= s and e <= rng[1])]
        out.append(rng)
    return sorted(out)


def _item_results(
    doc: Document, sections: list[Section], item: tg._Item, review_term: tuple[int | None, int | None]
) -> list[Result]:
    view = cx.view_text(doc)
    _, clauses = tg._clauses(view, item.vs, item.ve)
    item_qs = cx.quantities(doc, item.vs, item.ve)
    headings = tg._headings(doc, sections, item)
    out: list[Result] = []
    for c in clauses:
        cs = cx.strip_lead(view, c.vs, c.ve)
        ce = cx.trim_end(view, cs, c.ve)
        if ce <= cs:
            continue
        qs = [q for q in item_qs if cs <= q.num_start < ce]
        if not qs or any((q.unit_key or "").startswith("chi tieu") for q in qs):
            continue  # counts of indicators ("16/19 chỉ tiêu") are not results of one indicator
        r = _clause_result(doc, cs, ce, qs, item, headings, review_term)
        if r is not None:
            out.append(r)
    return out


def _clause_result(
    doc: Document,
    cs: int,
    ce: int,
    qs: list[Quantity],
    item: tg._Item,
    headings: list[str],
    review_term: tuple[int | None, int | None],
) -> Result | None:
    view = cx.view_text(doc)
    text = view[cs:ce]
    parens = cx.paren_ranges(view, cs, ce)
    later: Quantity | None = None
    main = next(
        (
            q
            for q in qs
            if q.kind in ("value", "slash")
            and not q.of_plan
            and not cx.inside(parens, q.num_start)
            and not (q.unit_key or "").startswith("chi tieu")
        ),
        None,
    )
    if main is None or main.unit is None and main.kind != "slash":
        return None
    # "từ 3,86% năm 2015 xuống còn 0,22% năm 2020": the result is the later figure
    later = next(
        (
            q
            for q in qs
            if q.num_start > main.end
            and q.kind == "value"
            and not q.of_plan
            # the words right before the number (its own qualifier "còn" included: OCR spells "xuống" "xudng")
            and re.search(
                r"(?:len|xuong|con|den|thanh)\s*(?:con\s*)?$", view[max(cs, q.num_start - 14) : q.num_start]
            )
        ),
        None,
    )
    if main.qualifier in ("tu", "tir") and later is not None:
        main = later
    # the target it is compared with: the slash denominator, or a figure after "mục tiêu/kế hoạch"
    target_value: Decimal | None = None
    target_max: Decimal | None = None
    target_comp: str | None = None
    if main.kind == "slash":
        target_value = main.denominator
    for q in qs:
        if q is main or q.num_start < main.end:
            continue
        lead = view[max(cs, q.start - 40) : q.start]
        if (
            cx.inside(parens, q.num_start)
            and re.search(r"(?:muc\s+tieu|ke\s+hoach|chi\s+tieu)[^;\d]{0,30}$", lead)
            or _TARGET_BEFORE.search(lead)
        ):
            if q.kind == "value" and not q.of_plan:
                target_value, target_max, target_comp = q.value, q.value_max, q.comparator
                break
    of_plan = next(
        (
            q
            for q in qs
            if q is not main
            and q.unit_key == "%"
            and q.num_start > main.end
            and re.search(r"(?:dat|bang)\s*$", view[max(cs, q.start - 8) : q.start])
        ),
        None,
    )
    of_plan = of_plan or next((q for q in qs if q.of_plan), None)
    stated = _stated_status(text)
    comparative = stated or target_value is not None or of_plan is not None or _TIMES.search(text)
    label = cx.label_from(doc, cs, main.start, list(cx.time_in(text, cs).spans) + parens)
    concept = tg.match_concept(label, doc.text[slice(*doc.views.repaired.span(cs, ce))]) if label else None
    if not comparative:
        if concept is None or not _RESULT_VERB.search(view[cs : main.start]) or main.unit is None:
            return None
    status, computed = stated, False
    if status is None:
        status, computed = _computed(main, target_value, of_plan, text, concept)
    time = cx.time_in(view[main.end : ce], main.end) if main is later else cx.time_in(text, cs)
    ev = cx.evidence(doc, cs, ce)
    r = Result(
        key=fact_key("result", ev.start, ev.end),
        label=label or ev.quote,
        comparator=main.comparator if main.kind == "value" else "=",
        value=main.value,
        value_max=main.value_max,
        unit=main.unit,
        evidence=ev,
        unit_id=tg._unit_id(main.unit),
        year=time.year,
        period_start=time.period_start,
        period_end=time.period_end,
        per_year=main.per_year or time.per_year,
        target_value=target_value,
        target_value_max=target_max,
        target_comparator=target_comp,
        status=status,
        status_computed=computed and status is not None,
        list_number=item.number,
        section=item.section.key if item.section else None,
        field=cx.field_for(headings, label),
        concept=concept,
    )
    if r.year is None and r.period_start is None and review_term[0]:
        r = replace(r, period_start=review_term[0], period_end=review_term[1])
    return r


def _stated_status(text: str) -> str | None:
    key = match_key(text)
    if _NOT_MET.search(key):
        return "not_met"
    if re.search(
        r"\bvuot(?:\s+\S+){0,3}?\s+(?:muc\s+tieu|ke\s+hoach|chi\s+tieu|du\s+toan|nghi\s+quyet)", key
    ) or re.search(r"\bvuot\s+(?:hon\s+)?[\d.,]+\s*%", key):
        return "exceeded"
    if _MET.search(key):
        return "met"
    return None


def _computed(
    main: Quantity, target: Decimal | None, of_plan: Quantity | None, text: str, concept: str | None
) -> tuple[str | None, bool]:
    if of_plan is not None:
        v = of_plan.value
        return ("exceeded" if v > 100 else "met" if v == 100 else "not_met"), True
    m = re.search(r"gap\s+([\d.,]+)\s+lan", text)
    if m and _TIMES.search(text):
        return "exceeded", True
    if target is None:
        return None, False
    polarity = "higher_is_better"
    idx = tg.indicator_index()
    if concept:
        try:
            polarity = idx.polarity(concept)
        except KeyError:  # unknown concept: assume higher is better
            polarity = "higher_is_better"
    v = main.value
    if v == target:
        return "met", True
    better = v > target if polarity != "lower_is_better" else v < target
    return ("exceeded" if better else "not_met"), True
