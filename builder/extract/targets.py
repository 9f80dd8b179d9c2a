"""Targets (chỉ tiêu) from numbered lists and target sentences: one figure → one :class:`Target`.

Where: (1) *target lists*: sections whose heading names chỉ tiêu / mục tiêu of the coming term (not a
review of the past one), read item by item (``(1)``, ``1.``, ``a)``, ``-`` or paragraph); (2) *target
sentences* elsewhere in the forward-looking part of the plan (directions, tasks, breakthroughs), when the
sentence says so: "phấn đấu", a deadline ("đến năm 2030"), the term's period, or a target qualifier
("ít nhất", "tối thiểu", "trở lên"). Review sections, appendices and tables are left to other readers.

Each item is split into clauses on ``;``, sentence ends and component markers (``trong đó``); a clause
with several figures is split again at the comma before each. Figures in asides ``(tương ứng 55/67 xã)``,
percents of plan and counts of indicators are not targets. Time: the clause's own phrase, else the
item's lead ("Phấn đấu đến năm 2030: …"), else the previous clause's deadline, else the plan's term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from ..document import Document
from ..facts import Section, Target, fact_key
from ..link.indicators import IndicatorIndex
from ..normalise import match_key
from ..quantities import Quantity
from . import context as cx

# Headings of target lists and of the forward-looking part; headings of reviews.
_TARGET_HEAD = re.compile(r"\bchi\s+tieu\b|\bmuc\s+tieu\b")
_REVIEW_HEAD = re.compile(
    r"\b(?:ket\s+qua|danh\s+gia|tong\s+ket|kiem\s+diem|han\s+che|ton\s+tai|bai\s+hoc|nguyen\s+nhan|"
    r"thanh\s+tuu|nhin\s+lai|tinh\s+hinh\s+thuc\s+hien|boi\s+canh|da\s+dat)\b"
)
_FORWARD_HEAD = re.compile(
    r"\b(?:phuong\s+huong|nhiem\s+vu|giai\s+phap|muc\s+tieu|dot\s+pha|chi\s+tieu|ke\s+hoach|quan\s+diem|"
    r"dinh\s+huong)\b"
)
_ITEM_START = re.compile(r"(?m)^[ \t]*(?:\(\s?\d{1,3}\s?\)|\d{1,2}[.)](?=\s)|[-–+•*](?=\s)|[a-zđ]\)(?=\s))")
_LIST_NUMBER = re.compile(r"[ \t]*(\(\s?\d{1,3}\s?\)|\d{1,2}(?=[.)]\s))")
_COMPONENT = re.compile(r"(?:^|[,;:(]\s*)(trong\s+do|bao\s+gom|gom\s*:)\s*[:,]?")
# A numbered item inside a paragraph, after a colon or a semicolon: "…: (1) …; (2) …"
_INLINE_ITEM = re.compile(r"[:;][ \t]*\n?[ \t]*(\(\s?\d{1,2}\s?\))[ \t]")
# A range wrapped at its dash ("giai đoạn 2026\n- 2030", "0,3\n- 0,5%/năm"): a number ends the line above and
# one follows the dash, so the dash is not a bullet
_WRAPPED_RANGE = re.compile(r"\d[ \t]*\n[ \t]*[-–][ \t]*\d")
_PAGE_NUMBER = re.compile(r"\s*(?:-\s*)?(?:trang\s+)?\d{1,3}(?:\s*-)?\s*")
# a full stop before a word, a line end, or a sentence that opens with a figure ("… sông Thu Bồn. 100% hộ dân …")
_SENTENCE_END = re.compile(r"\.(?=\s+[a-z(\-–])|\.(?=\s*\n)|(?<=[a-z])\.(?=[ \t]+\d)")
_TARGET_CUE = re.compile(r"phan\s+dau|phan\s+dau|muc\s+tieu|chi\s+tieu|toi\s+thieu|it\s+nhat|toi\s+da")
_RESULT_CUE = re.compile(
    r"\b(?:da|duoc\s+cong\s+nhan|uoc\s+dat|ket\s+qua|so\s+voi\s+muc\s+tieu|vuot\s+muc)\b"
)
_PREDICATE = re.compile(
    r"\b(?:dat|tang|giam|chiem|len|con|co|duy\s+tri|bao\s+dam|dam\s+bao|hoan\s+thanh|phan\s+dau|xay\s+dung|"
    r"thu\s+hut|ket\s+nap|thanh\s+lap|giai\s+quyet|bo\s+tri|phu\s+toi|nang|"
    # works and services counted in task sentences: "xây mới 03 công viên", "tạo việc làm cho 400 lao động"
    r"xay\s+moi|cai\s+tao|tao|don|trong\s+moi|dao\s+tao|ho\s+tro)\b"
)
_BOOL_CUE = re.compile(
    # "chuẩn" OCR-read as "chudn"
    r"\b(?:dat\s+ch[a-z]{1,2}n\b|dat\s+tieu\s+chi|dat\s+tieu\s+ch[a-z]{1,2}n\b|hoan\s+thanh\s+t[a-z]t\b|vung\s+manh|"
    r"giu\s+vung|duy\s+tri|duoc\s+cong\s+nhan|"
    r"dat\s+danh\s+hieu|hoan\s+thanh\s+(?:va|100|chi\s+tieu)|khong\s+de\s+(?:xay\s+ra|phat\s+sinh))\b|"
    + cx.NO_POOR.pattern
)
_WEAK = re.compile(
    r"\s(?:hoan\s+thanh|thanh\s+lap|xay\s+dung|co|dat|phan\s+dau|bo\s+tri|giai\s+quyet|ket\s+nap|thu\s+hut|"
    r"tang|giam|dong\s+gop|chiem|them|moi)(?=\s)"
)
_END_OF_TERM = re.compile(r"\b(?:den\s+|vao\s+)?(?:cu[a-z]i|het)\s+nhiem\s+ky\b")  # OCR "cudi"
_COUNT_OF_INDICATORS = re.compile(r"chi\s+tieu")


@dataclass
class _Item:
    vs: int
    ve: int
    number: str | None
    section: Section | None


@dataclass
class _Clause:
    vs: int
    ve: int
    component: bool
    sentence: int = 0


def extract_targets(doc: Document) -> list[Target]:
    """Every target figure of a plan text, in document order."""
    sections = cx.sections_of(doc)
    term = cx.plan_term(doc)
    view = cx.view_text(doc)
    skip = _skip_ranges(doc, sections)
    regions = _target_regions(doc, sections)
    out: list[Target] = []
    for sec in regions:
        vs, ve = cx.view_range(doc, sec)
        for item in _items(doc, sections, vs, ve, skip):
            out.extend(_item_targets(doc, sections, item, term, in_list=True))
    covered = [cx.view_range(doc, s) for s in regions]
    for sec_range in _forward_ranges(doc, sections):
        for vs, ve in _subtract(sec_range, covered + skip):
            for item in _items(doc, sections, vs, ve, skip):
                out.extend(_item_targets(doc, sections, item, term, in_list=False))
    out = _dedupe(out)
    out = [_link(doc, t, view) for t in out]
    return sorted(out, key=lambda t: (t.evidence.start, t.evidence.end))


# --- where to look --------------------------------------------------------------------------------------


def _chain(sections: list[Section], sec: Section) -> list[Section]:
    by_key = {s.key: s for s in sections}
    out: list[Section] = []
    cur: Section | None = sec
    while cur is not None:
        out.append(cur)
        cur = by_key.get(cur.parent) if cur.parent else None
    return out


def _reviewed(years: list[int], term: tuple[int | None, int | None]) -> bool:
    """Years a heading names are of the past term: up to the term's first year (a political report for
    2025-2030 reviews 2020-2025), or before the year of a one-year plan (a plan for 2026 reviews 2025)."""
    if not term[0]:
        return False
    return max(years) < term[0] if term[0] == term[1] else max(years) <= term[0]


def _is_review(sections: list[Section], sec: Section, term: tuple[int | None, int | None]) -> bool:
    for s in _chain(sections, sec):
        key = match_key(s.title)
        if s.kind == "appendix":
            return True
        if _REVIEW_HEAD.search(key) and not _FORWARD_HEAD.search(
            key.split("ket qua")[0] if "ket qua" in key else ""
        ):
            return True
        years = [int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", key)]
        if years and _reviewed(years, term) and s.kind in ("part", "article", "roman"):
            return True
    return False


def _target_regions(doc: Document, sections: list[Section]) -> list[Section]:
    term = cx.plan_term(doc)
    found: list[Section] = []
    for sec in sections:
        if sec.kind in ("table", "footnote", "item", "clause"):
            continue
        key = match_key(sec.title)
        if not _TARGET_HEAD.search(key) or "chi tieu" not in key:
            continue
        if _is_review(sections, sec, term):
            continue
        if not doc.text[sec.title_evidence.end : sec.end].strip():
            continue  # a list item that names a target ("21. Hoàn thành chỉ tiêu tuyển quân."), not a heading
        found.append(sec)
    # keep the innermost: "II. Mục tiêu, chỉ tiêu" gives way to its "3. Các chỉ tiêu chủ yếu"
    inner = [s for s in found if not any(o is not s and s.start <= o.start and o.end <= s.end for o in found)]
    return inner


def _forward_ranges(doc: Document, sections: list[Section]) -> list[tuple[int, int]]:
    """View ranges of the forward-looking top sections (directions, tasks, breakthroughs)."""
    term = cx.plan_term(doc)
    out: list[tuple[int, int]] = []
    for sec in sections:
        if sec.kind in ("table", "footnote", "item", "clause", "appendix"):
            continue
        key = match_key(sec.title)
        if not _FORWARD_HEAD.search(key) or _is_review(sections, sec, term):
            continue
        years = [int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", key)]
        if years and _reviewed(years, term):
            continue
        rng = cx.view_range(doc, sec)
        if any(s <= rng[0] and rng[1] <= e for s, e in out):
            continue
        out = [(s, e) for s, e in out if not (rng[0] <= s and e <= rng[1])]
        out.append(rng)
    return sorted(out)


def _skip_ranges(doc: Document, sections: list[Section]) -> list[tuple[int, int]]:
    return [cx.view_range(doc, s) for s in sections if s.kind in ("table", "footnote")]


def _subtract(rng: tuple[int, int], cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    parts = [rng]
    for cs, ce in cuts:
        nxt: list[tuple[int, int]] = []
        for s, e in parts:
            if ce <= s or cs >= e:
                nxt.append((s, e))
                continue
            if s < cs:
                nxt.append((s, cs))
            if ce < e:
                nxt.append((ce, e))
        parts = nxt
    return parts


def _items(
    doc: Document, sections: list[Section], vs: int, ve: int, skip: list[tuple[int, int]]
) -> list[_Item]:
    """Items of a region: list marks at line starts and blank-line paragraphs, minus skipped ranges."""
    view = cx.view_text(doc)
    out: list[_Item] = []
    for ps, pe in _subtract((vs, ve), skip):
        cuts = {ps}
        for m in _ITEM_START.finditer(view, ps, pe):
            if not _WRAPPED_RANGE.search(view, max(m.start() - 12, 0), m.end() + 12):
                cuts.add(m.start())
        for m in re.finditer(r"\n[ \t]*\n", view[ps:pe]):
            cuts.add(ps + m.end())
        # "a) Các chỉ tiêu kinh tế: (1) …; (2) …; (3) …": numbered items run on inside one paragraph
        inline = [m.start(1) for m in _INLINE_ITEM.finditer(view, ps, pe)]
        if len(inline) >= 2:
            cuts.update(inline)
        bounds = sorted(cuts) + [pe]
        after_page_number = False
        for a, b in zip(bounds, bounds[1:], strict=False):
            if not view[a:b].strip():
                continue
            if _PAGE_NUMBER.fullmatch(view, a, b) or _running_header(view, a, b):
                after_page_number = True  # a page number left between paragraphs by a scan ("3", "- 12 -")
                continue
            lm = _LIST_NUMBER.match(view, a, b)
            if after_page_number and out and lm is None and _starts_lower(doc, a, b):
                after_page_number = False
                continue  # the rest of the paragraph before the page break, whose figure was read there
            after_page_number = False
            number = None
            if lm:
                number = re.sub(r"\s", "", lm.group(1))
            src = doc.views.repaired.span(a, min(a + 1, b))[0]
            out.append(
                _Item(a, b, number, doc.section_at(src) if doc.sections else _section_at(sections, src))
            )
    return out


def _running_header(view: str, a: int, b: int) -> bool:
    """A page's running header and its number ("Báo cáo chính trị … nhiệm kỳ 2025 - 2030\n 4"): a short line
    that the document repeats word for word, then a page number."""
    lines = [ln.strip() for ln in view[a:b].strip().split("\n")]
    if not 2 <= len(lines) <= 3 or not _PAGE_NUMBER.fullmatch(lines[-1]):
        return False
    return all(len(ln) < 120 and view.count(ln) >= 2 for ln in lines[:-1] if ln)


def _starts_lower(doc: Document, vs: int, ve: int) -> bool:
    """The view range's first letter is lower case in the source (a sentence going on)."""
    s, e = doc.views.repaired.span(vs, ve)
    text = doc.text
    while s < e and text[s].isspace():
        s += 1
    return s < e and text[s].islower()


def _section_at(sections: list[Section], offset: int) -> Section | None:
    best = None
    for s in sections:
        if s.start <= offset < s.end and (best is None or s.level >= best.level):
            best = s
    return best


# --- clauses --------------------------------------------------------------------------------------------


def _clauses(view: str, vs: int, ve: int) -> tuple[int, list[_Clause]]:
    """Split an item into clauses; returns the end of the item's lead ("Phấn đấu đến năm 2030:") too."""
    parens = cx.paren_ranges(view, vs, ve)
    cuts: list[tuple[int, int, str]] = []  # (cut start, next clause start, kind: ; | . | component)
    for m in re.finditer(r";", view[vs:ve]):
        p = vs + m.start()
        if not cx.inside(parens, p):
            cuts.append((p, p + 1, ";"))
    for m in _SENTENCE_END.finditer(view, vs, ve):
        if not cx.inside(parens, m.start()) and not re.fullmatch(r"\s*\d{1,2}", view[vs : m.start()]):
            cuts.append((m.start(), m.end(), "."))
    for m in _COMPONENT.finditer(view, vs, ve):
        if cx.inside(parens, m.start(1)):
            continue
        cuts.append((m.start(1) if view[m.start()] not in ",;:(" else m.start(), m.end(), "component"))
    cuts.sort()
    out: list[_Clause] = []
    pos, comp_mode, sentence = vs, False, 0
    for cs, ne, kind in cuts:
        if cs < pos:
            if kind == "component":
                comp_mode = True
                pos = max(pos, ne)
            continue
        out.append(_Clause(pos, cs, comp_mode, sentence))
        pos = ne
        if kind == "component":
            comp_mode = True
        elif kind == ".":
            comp_mode = False  # components end with their sentence
            sentence += 1
    out.append(_Clause(pos, ve, comp_mode, sentence))
    # the lead: text up to a colon before the first figure, in the item's first sentence
    lead_end = vs
    colon = view.find(":", vs, ve)
    if colon != -1 and any(kind == "." and cut < colon for cut, _, kind in cuts):
        colon = -1  # "… N tỷ đồng. <Programme> … đạt kết quả quan trọng: …" is not a lead
    if (
        colon != -1
        and not re.search(r"\d", view[vs:colon])
        or colon != -1
        and cx.time_in(view[vs:colon]).year
    ):
        if not cx.inside(parens, colon):
            lead_end = colon + 1
    fixed: list[_Clause] = []
    for c in out:
        s = max(c.vs, lead_end) if c.vs < lead_end < c.ve else c.vs
        if c.ve <= lead_end:
            continue
        fixed.append(_Clause(s, c.ve, c.component, c.sentence))
    return lead_end, fixed


def _figures(doc: Document, c: _Clause, item_qs: list[Quantity]) -> list[Quantity]:
    view = cx.view_text(doc)
    qs = [q for q in item_qs if c.vs <= q.num_start < c.ve]
    if any(q.unit_key and _COUNT_OF_INDICATORS.fullmatch(q.unit_key) for q in qs):
        return []  # "27 chỉ tiêu, trong đó …": a count of indicators, not a target
    parens = cx.paren_ranges(view, c.vs, c.ve) + _quoted(view, c.vs, c.ve)
    keep: list[Quantity] = []
    for q in qs:
        if q.of_plan and q.value != 100 or q.kind == "slash" and cx.inside(parens, q.num_start):
            continue
        if q.unit_key and _COUNT_OF_INDICATORS.fullmatch(q.unit_key):
            continue
        if q.qualifier == "tren" and q.value == 1 and q.unit_key in ("ha", "nguoi"):
            continue  # "trên 01 ha": a denominator
        keep.append(q)
    outside = [q for q in keep if not cx.inside(parens, q.num_start)]
    if any(q.kind != "times" for q in outside):
        # "… 140 triệu đồng trở lên, gấp khoảng 1,7 lần năm 2025": the multiple compares the value with a baseline
        outside = [q for q in outside if q.kind != "times"]
    return outside


def _quoted(view: str, vs: int, ve: int) -> list[tuple[int, int]]:
    return [(m.start() + vs, m.end() + vs) for m in re.finditer(r"[“\"][^“”\"\n]{0,60}[”\"]", view[vs:ve])]


def _split_multi(view: str, c: _Clause, qs: list[Quantity]) -> list[tuple[int, int, Quantity]]:
    """One sub-clause per figure: cut at the last comma (or "và") between two figures."""
    if len(qs) == 1:
        return [(c.vs, c.ve, qs[0])]
    out: list[tuple[int, int, Quantity]] = []
    start = c.vs
    for i, q in enumerate(qs):
        if i + 1 < len(qs):
            nxt = qs[i + 1]
            gap = view[q.end : nxt.start]
            seps = list(re.finditer(r",", gap)) or list(re.finditer(r"\bva\b", gap))
            m = seps[-1] if seps else None
            cut = q.end + m.start() if m else q.end
            out.append((start, cut, q))
            start = q.end + m.end() if m else q.end
        else:
            out.append((start, c.ve, q))
    return out


# --- one item ----------------------------------------------------------------------------------------------


def _item_targets(
    doc: Document, sections: list[Section], item: _Item, term: tuple[int | None, int | None], in_list: bool
) -> list[Target]:
    view = cx.view_text(doc)
    lead_end, clauses = _clauses(view, item.vs, item.ve)
    lead_time = cx.time_in(view[item.vs : lead_end], item.vs) if lead_end > item.vs else cx.Time()
    headings = _headings(doc, sections, item)
    out: list[Target] = []
    parent: Target | None = None
    item_qs = cx.quantities(doc, item.vs, item.ve)
    sentence_time: dict[int, cx.Time] = {}
    for c in clauses:
        t0 = cx.time_in(view[c.vs : c.ve])
        if not t0.empty and c.sentence not in sentence_time:
            sentence_time[c.sentence] = t0
    for c in clauses:
        cs = cx.strip_lead(view, c.vs, c.ve)
        ce = cx.trim_end(view, cs, c.ve)
        if ce <= cs:
            continue
        figs = _figures(doc, _Clause(cs, ce, c.component), item_qs)
        if not figs:
            if in_list:
                t = _bool_target(doc, cs, ce, item, headings, lead_time, term)
                if t is not None:
                    out.append(t)
            continue
        cue = in_list or _is_target_sentence(doc, cs, ce, item, term)
        for ss, se, q in _split_multi(view, _Clause(cs, ce, c.component), figs):
            ss = cx.strip_lead(view, ss, se)
            se = cx.trim_end(view, ss, se)
            if not in_list and not _prose_figure_ok(view, ss, q, cue):
                continue
            own = cx.time_in(view[ss:se], ss)
            if own.empty and term[1] and _END_OF_TERM.search(view[ss:se]):
                own = cx.Time(year=term[1])  # "đến cuối nhiệm kỳ": the term's last year
            t = _make_target(doc, ss, se, q, own, item, headings)
            # time inheritance: own phrase, parent, per year over the term, item lead, sentence, term
            near = sentence_time.get(c.sentence, cx.Time())
            if own.empty:
                if c.component and parent is not None and not (t.per_year and not parent.per_year):
                    t = replace(
                        t, year=parent.year, period_start=parent.period_start, period_end=parent.period_end
                    )
                elif t.per_year and term[0]:
                    t = replace(
                        t,
                        period_start=lead_time.period_start or term[0],
                        period_end=lead_time.period_end or term[1],
                    )
                elif not lead_time.empty:
                    t = replace(
                        t,
                        year=lead_time.year,
                        period_start=lead_time.period_start,
                        period_end=lead_time.period_end,
                    )
                elif not near.empty:
                    t = replace(t, year=near.year, period_start=near.period_start, period_end=near.period_end)
                elif term[0]:
                    t = replace(t, **cx.term_time(term))
            if c.component and parent is not None and not _continues(parent, t, out):
                c = _Clause(c.vs, c.ve, False, c.sentence)
            if c.component and parent is not None:
                t = replace(t, parent=parent.key, field=parent.field or t.field)
            else:
                parent = t
            out.append(t)
    return out


def _continues(parent: Target, t: Target, out: list[Target]) -> bool:
    """A clause after "trong đó" stays a component while its unit matches the components before it."""
    comps = [x for x in out if x.parent == parent.key]
    if not comps:
        return True
    return (t.unit or "") == (comps[-1].unit or "")


def _headings(doc: Document, sections: list[Section], item: _Item) -> list[str]:
    if item.section is None:
        return []
    return [s.title for s in _chain(sections, item.section) if s.kind not in ("item",)]


def _prose_figure_ok(view: str, ss: int, q: Quantity, cue: bool) -> bool:
    """In prose, a figure is a target when its sentence says so or a % figure is predicated."""
    before = view[ss : q.start]
    bare = cx.without_time(before)
    leads = not re.sub(r"[\s,:;.\-–]+", "", bare)
    predicated = bool(_PREDICATE.search(before)) or q.qualifier is not None
    if _RESULT_CUE.search(before):
        return False
    if cue:
        return predicated or leads
    return bool(q.unit and q.unit.startswith(("%", "‰"))) and (predicated or leads)  # a rate: per cent or mille


def _is_target_sentence(
    doc: Document, cs: int, ce: int, item: _Item, term: tuple[int | None, int | None]
) -> bool:
    """A sentence outside target lists states a target when it says so."""
    view = cx.view_text(doc)
    # the whole sentence around the clause
    s = max(view.rfind(". ", item.vs, cs), view.rfind("\n", item.vs, cs), item.vs)
    e_candidates = [x for x in (view.find(". ", ce, item.ve), view.find("\n", ce, item.ve)) if x != -1]
    e = min(e_candidates) if e_candidates else item.ve
    sentence = view[s:e]
    if _RESULT_CUE.search(view[cs:ce]):
        return False
    if _TARGET_CUE.search(sentence):
        return True
    t = cx.time_in(sentence)
    if t.year is not None and term[1] is not None and t.year >= term[1]:
        return True
    if re.search(r"(?:hang|moi)\s+n[a-z]{0,2}m(?![a-z])", sentence):
        return True  # a yearly figure in a forward section: "tạo việc làm mới cho 400 lao động mỗi năm"
    if (
        t.period_start is not None
        and term[1] is not None
        and t.period_end is not None
        and t.period_end >= term[1]
    ):
        return bool(cx.PER_YEAR_RE.search(sentence))
    return bool(re.search(cx.TRO_LEN_RE, sentence))


def _make_target(
    doc: Document, ss: int, se: int, q: Quantity, own: cx.Time, item: _Item, headings: list[str]
) -> Target:
    view = cx.view_text(doc)
    parens = cx.paren_ranges(view, ss, se)
    cut = list(own.spans) + parens
    label = cx.label_from(doc, ss, q.start, cut)
    if len(_WEAK.sub(" ", " " + match_key(label) + " ").split()) < 2:
        after = cx.label_from(doc, q.end, se, cut)
        label = " ".join(
            x
            for x in (label, q.unit if q.kind == "value" and q.unit and "%" not in q.unit else "", after)
            if x
        ).strip()
    ev = cx.evidence(doc, ss, se)
    comparator, value, value_max = q.comparator, q.value, q.value_max
    per_year = q.per_year or own.per_year
    return Target(
        key=fact_key("target", ev.start, ev.end),
        label=label or ev.quote,
        comparator=comparator,
        value=value,
        value_max=value_max,
        unit=q.unit,
        evidence=ev,
        year=own.year,
        period_start=own.period_start,
        period_end=own.period_end,
        per_year=per_year,
        list_number=item.number,
        section=item.section.key if item.section else None,
        field=cx.field_for(headings, label),
    )


def _bool_target(
    doc: Document,
    cs: int,
    ce: int,
    item: _Item,
    headings: list[str],
    lead: cx.Time,
    term: tuple[int | None, int | None],
) -> Target | None:
    """A list item with no figure: an attainment ("đạt chuẩn đô thị văn minh") or "không còn hộ nghèo"."""
    view = cx.view_text(doc)
    text = view[cs:ce]
    if not _BOOL_CUE.search(text) or len(text) > 400:
        return None
    own = cx.time_in(text, cs)
    ev = cx.evidence(doc, cs, ce)
    label = cx.label_from(doc, cs, ce, list(own.spans))
    no_poor = cx.NO_POOR.search(text)
    time = own if not own.empty else lead
    t = Target(
        key=fact_key("target", ev.start, ev.end),
        label=label or ev.quote,
        comparator="=" if no_poor else "bool",
        value=Decimal(0) if no_poor else None,
        value_max=None,
        unit="%" if no_poor else None,
        evidence=ev,
        year=time.year,
        period_start=time.period_start,
        period_end=time.period_end,
        per_year=own.per_year,
        list_number=item.number,
        section=item.section.key if item.section else None,
        field=cx.field_for(headings, label),
    )
    if t.year is None and t.period_start is None and term[0]:
        t = replace(t, **cx.term_time(term))
    return t


def _dedupe(targets: list[Target]) -> list[Target]:
    seen: dict[str, Target] = {}
    for t in targets:
        seen.setdefault(t.key, t)
    return list(seen.values())


# --- linking (optional modules) ----------------------------------------------------------------------------


def indicator_index() -> IndicatorIndex:
    """The indicator index (loaded once per process)."""
    return IndicatorIndex.load()


def match_concept(label: str, context: str) -> str | None:
    idx = indicator_index()
    if idx is None:
        return None
    hit = idx.match(label, context)  # type: ignore[attr-defined]
    return getattr(hit, "local", None) if hit is not None else None


def _link(doc: Document, t: Target, view: str) -> Target:
    concept = match_concept(t.label, t.evidence.quote)
    return replace(t, unit_id=_unit_id(t.unit) or t.unit_id, concept=concept or t.concept)


def _unit_id(unit: str | None) -> str | None:
    if not unit:
        return None
    from ..link.uom import resolve_unit

    match = resolve_unit(unit)
    return match.local if match is not None else None
